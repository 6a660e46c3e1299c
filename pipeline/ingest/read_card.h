/*
 * read_card.h — reading one card: the one place that runs the stages in the
 * order a card travels, image → ocr → extract → qr → merge, with the QR
 * fallback policy. The batch (batch.c: threads and ordering only, `kith
 * scan`, `kith watch` and so the benchmark) and `kith parse` (from an OCR
 * reading: extract only) all read cards through kith_read_card.
 */
#ifndef KITH_INGEST_READ_CARD_H
#define KITH_INGEST_READ_CARD_H

#include "common/error.h"
#include "common/models.h"
#include "contact/fields.h"
#include "image/image.h"
#include "ocr/ocr.h"

/* What to read. Either a photo (path, with an OCR handle of the calling
 * thread) or an OCR reading already made (ocr_result: `kith parse`, a card
 * stored before); a reading has no image, so no QR code is looked for. */
typedef struct kith_read_in {
    const char *path;                    /* the photo, or NULL */
    const kith_image_opts *image_opts;   /* NULL: defaults */
    kith_ocr *ocr;                       /* with path: the thread's tesseract handle */
    const kith_ocr_result *ocr_result;   /* without path: the reading to extract from */
    const kith_models *models;
} kith_read_in;

/* One card read. Everything is owned; free with kith_card_read_release. */
typedef struct kith_card_read {
    kith_image *img;          /* the normalized card (NULL from a reading) */
    kith_ocr_result *ocr;     /* OCR's reading (NULL when given one) */
    kith_fields *fields;      /* the fields, a QR code's merged in */
    int from_qr;              /* a QR code's fields were merged */
    const char *stage;        /* on failure: "image", "ocr" or "extract" */
    double ms_image, ms_ocr, ms_extract;   /* extract includes the QR look */
} kith_card_read;

/* Reads one card. On failure returns -1 with err set and out->stage saying
 * where; what was read so far stays in *out. Release *out either way. */
int kith_read_card(const kith_read_in *in, kith_card_read *out, kith_err *err);

/* Reads every card of the file in->path: each page (PDF, TIFF; *pages gets
 * how many) and each card on a page (a flatbed page of several), in order;
 * each read's img->page and img->index say where it was. *out gets *n reads
 * (release each, then free() the array), also on failure, when the last one
 * says the stage that failed and err why. */
int kith_read_cards(const kith_read_in *in, kith_card_read **out, size_t *n, int *pages,
                    kith_err *err);

void kith_card_read_release(kith_card_read *r);

#endif
