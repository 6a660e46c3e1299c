/*
 * fuzz_qr.c — libFuzzer target for the QR payload parser: any bytes, as
 * zbar would hand them over, through kith_qr_parse_payload (vCard 2.1/3.0/
 * 4.0 and MECARD, UTF-8 checked) and the resulting field object's JSON.
 * Seeds: tests/qr/payloads.
 */
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "contact/fields.h"
#include "qr/qr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kith_fields *f = NULL;
    if (kith_qr_parse_payload((const char *)data, size, &f) == 0) {
        kith_strbuf sb = KITH_STRBUF_INIT;
        kith_fields_to_json(f, &sb);
        kith_strbuf_release(&sb);
        kith_fields_free(f);
    }
    return 0;
}
