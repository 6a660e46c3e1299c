/*
 * unsure.h — which of a contact's fields OCR was unsure of.
 *
 * The OCR stored with each card has a confidence per word (tesseract's,
 * 0..100). A field is "unsure" when a word its value was read from has a
 * confidence below a threshold: the review page marks such fields so the
 * person checks them against the card image first.
 */
#ifndef KITH_EXTRACT_UNSURE_H
#define KITH_EXTRACT_UNSURE_H

#include "contact/fields.h"
#include "ocr/ocr.h"

/* Below this word confidence a field is marked unsure. Generated and real
 * cards read cleanly at 85..96 per word; misread words (a 0 for an O, a
 * broken accent) mostly fall under 70. */
#define KITH_UNSURE_CONF 70.0f

/* Returns the bit set (1 << KITH_FIELD_*) of the fields of f whose value
 * is made of words of ocr of which at least one has a confidence below
 * min_conf. Each word of a value is looked up among the OCR words (ignoring
 * case and punctuation; the best equal word counts, else the best word
 * that holds it or is held by it); words not found there (a
 * value from a QR code, or corrected by the user) are not judged. Fields in
 * `skip` (e.g. those the user edited) are never marked. */
unsigned kith_fields_unsure(const kith_fields *f, const kith_ocr_result *ocr, float min_conf,
                            unsigned skip);

#endif
