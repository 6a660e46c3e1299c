/*
 * fuzz_extract.c — libFuzzer target for extraction: any bytes, read both as
 * a card's OCR text (what `kith parse` takes) and as a stored OCR reading
 * (`kith parse --ocr-json`), through kith_extract and the field object's
 * JSON. Nothing may crash, leak or read out of bounds; bad JSON is an error
 * returned, not a fault. Seeds: tests/extract/cases.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "extract/extract.h"
#include "contact/fields.h"
#include "ocr/ocr.h"

static kith_models *models;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    kith_err err;
    if (kith_models_load(getenv("KITH_MODELS"), &models, &err) < 0)
        abort(); /* no models: nothing to test */
    return 0;
}

static void run(const kith_ocr_result *ocr)
{
    kith_fields *f = NULL;
    kith_err err;
    if (kith_extract(ocr, models, &f, &err) == 0) {
        kith_strbuf sb = KITH_STRBUF_INIT;
        kith_fields_to_json(f, &sb);
        kith_strbuf_release(&sb);
        kith_fields_free(f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    kith_ocr_result *ocr = kith_ocr_result_from_text(text);
    run(ocr);
    kith_ocr_result_free(ocr);
    kith_err err;
    if (kith_ocr_result_from_json(text, &ocr, &err) == 0) {
        run(ocr);
        kith_ocr_result_free(ocr);
    }
    free(text);
    return 0;
}
