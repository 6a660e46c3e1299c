/*
 * extract.h — the extraction stage: OCR lines in, contact fields out.
 *
 * Uses layout (line heights, positions, blocks), patterns (emails, phones,
 * websites), and the lexicons in models/ (given names, title words, company
 * suffixes, address words). When unsure it leaves a field empty.
 */
#ifndef KITH_EXTRACT_H
#define KITH_EXTRACT_H

#include "common/error.h"
#include "contact/fields.h"
#include "common/models.h"
#include "ocr/ocr.h"

/* Extracts fields from OCR output. *out is freed with kith_fields_free.
 * Fails only on internal errors; a card with nothing readable gives empty
 * fields, not an error. */
int kith_extract(const kith_ocr_result *ocr, const kith_models *models, kith_fields **out,
                 kith_err *err);

#endif
