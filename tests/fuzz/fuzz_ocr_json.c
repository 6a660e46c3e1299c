/*
 * fuzz_ocr_json.c — libFuzzer target for the OCR JSON reader (the reading
 * stored with each card, read back by `kith parse --ocr-json` and the
 * extraction cases): any bytes through kith_ocr_result_from_json; what it
 * accepts must write back (kith_ocr_result_json) to JSON that reads again to
 * the same text. Seeds: the .json cases of tests/extract/cases.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "ocr/ocr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    kith_ocr_result *res = NULL;
    kith_err err;
    if (kith_ocr_result_from_json(text, &res, &err) == 0) {
        kith_strbuf json = KITH_STRBUF_INIT, t1 = KITH_STRBUF_INIT, t2 = KITH_STRBUF_INIT;
        kith_ocr_result_json(res, &json);
        kith_ocr_result_text(res, &t1);
        kith_ocr_result *again = NULL;
        if (kith_ocr_result_from_json(kith_strbuf_str(&json), &again, &err) < 0)
            abort(); /* what we write, we must read */
        kith_ocr_result_text(again, &t2);
        if (strcmp(kith_strbuf_str(&t1), kith_strbuf_str(&t2)) != 0)
            abort(); /* and it must read the same */
        kith_ocr_result_free(again);
        kith_strbuf_release(&json);
        kith_strbuf_release(&t1);
        kith_strbuf_release(&t2);
        kith_ocr_result_free(res);
    }
    free(text);
    return 0;
}
