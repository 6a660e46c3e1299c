/*
 * read_card.c — one card, image → ocr → extract → qr → merge (see
 * read_card.h).
 *
 * The QR policy: a QR code wins for the fields it carries, and a bad one
 * never fails the card. zbar (~17 ms) runs only on cards that show a code's
 * finder patterns (~1 ms to look): most cards carry none. Cleaning can wash
 * a code out, but looking again in the photo costs a second decode (~130 ms
 * for 12 MP), so only a card that shows a code's finder patterns and read
 * badly (no name or no email) gets that look: on 60 generated photos with
 * codes on 34 that rescued 1 card, and on 300 without codes it never ran (it
 * used to run for one card in five).
 */
#include "ingest/read_card.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/util.h"
#include "extract/extract.h"
#include "qr/qr.h"

/* The QR code's fields, merged into r->fields when there is one. */
static void read_qr(const char *path, kith_card_read *r)
{
    kith_fields *qr = NULL;
    int seen = kith_qr_seen(r->img);
    if (seen && kith_qr_read(r->img, &qr, NULL) < 0)
        qr = NULL;
    if (seen && !qr && path && (!r->fields->name || r->fields->n_emails == 0) &&
        kith_qr_read_file(path, &qr, NULL) < 0)
        qr = NULL;
    if (qr) {
        kith_fields_merge_qr(r->fields, qr);
        kith_fields_free(qr);
        r->from_qr = 1;
    }
}

/* Below this mean confidence, words with no way to reach anyone (no email,
 * phone or website) are noise read into a scribble, a pattern or a QR
 * code's modules ("Egt El" at 0.06), not a person. */
#define NOISE_CONFIDENCE 0.10f

/* Whether nothing was found that a contact could be made of. */
static int fields_empty(const kith_fields *f)
{
    if (f->n_emails || f->n_phones || f->n_urls)
        return 0;
    int words = (f->name && *f->name) || (f->company && *f->company) ||
                (f->title && *f->title) || (f->address && *f->address) ||
                (f->department && *f->department);
    return !words || f->confidence < NOISE_CONFIDENCE;
}

/* Whether the OCR read any letter or digit. */
static int ocr_has_text(const kith_ocr_result *res)
{
    for (size_t i = 0; res && i < res->n_lines; i++)
        for (size_t k = 0; k < res->lines[i].n_words; k++)
            for (const char *p = res->lines[i].words[k].text; p && *p; p++)
                if ((unsigned char)*p >= 0x80 || isalnum((unsigned char)*p))
                    return 1;
    return 0;
}

/* OCR (turning the card upright), extract and QR on the card image
 * out->img (one of the file's `cards`): a QR code that read badly on the
 * card is looked for in the whole file only when the file is that one card.
 * A card where nothing a contact could be made of was found fails. */
static int read_image(const kith_read_in *in, int cards, kith_card_read *out, kith_err *err)
{
    double t1 = kith_monotonic();
    if (kith_ocr_read_card(in->ocr, out->img, &out->ocr, err) < 0) {
        out->stage = "ocr";
        return -1;
    }
    double t2 = kith_monotonic();
    out->ms_ocr = 1000.0 * (t2 - t1);
    if (kith_extract(out->ocr, in->models, &out->fields, err) < 0) {
        out->stage = "extract";
        return -1;
    }
    read_qr(cards == 1 ? in->path : NULL, out);
    out->ms_extract = 1000.0 * (kith_monotonic() - t2);
    /* a blank page, a 1×1 image, a photo without a card: no contact (on a
     * page of several, or in a PDF, such a card may be the back of one) */
    if (cards == 1 && fields_empty(out->fields)) {
        out->stage = "extract";
        return kith_error(err, "%s", ocr_has_text(out->ocr) ? "no contact details found in its text"
                                                             : "no text found");
    }
    return 0;
}

int kith_read_card(const kith_read_in *in, kith_card_read *out, kith_err *err)
{
    memset(out, 0, sizeof *out);
    if (in->path) {
        double t0 = kith_monotonic();
        kith_image_opts defaults;
        const kith_image_opts *io = in->image_opts;
        if (!io) {
            kith_image_opts_default(&defaults);
            io = &defaults;
        }
        if (kith_image_normalize(in->path, io, &out->img, err) < 0) {
            out->stage = "image";
            return -1;
        }
        out->ms_image = 1000.0 * (kith_monotonic() - t0);
        return read_image(in, 1, out, err);
    }
    double t2 = kith_monotonic();
    if (kith_extract(in->ocr_result, in->models, &out->fields, err) < 0) {
        out->stage = "extract";
        return -1;
    }
    out->ms_extract = 1000.0 * (kith_monotonic() - t2);
    return 0;
}

int kith_read_cards(const kith_read_in *in, kith_card_read **out, size_t *n, int *pages,
                    kith_err *err)
{
    *out = NULL;
    *n = 0;
    *pages = 0;
    kith_image_opts defaults;
    const kith_image_opts *io = in->image_opts;
    if (!io) {
        kith_image_opts_default(&defaults);
        io = &defaults;
    }
    if (kith_image_pages(in->path, pages, err) < 0) {
        kith_card_read *r = kith_xcalloc(1, sizeof *r);
        r->stage = "image";
        *out = r;
        *n = 1;
        return -1;
    }
    size_t cap = 0;
    kith_card_read *reads = NULL;
    int rc = 0;
    for (int p = 0; p < *pages && rc == 0; p++) {
        double t0 = kith_monotonic();
        kith_image **imgs = NULL;
        int k = 0;
        if (*pages == 1 && !io->find_card) {
            imgs = kith_xcalloc(1, sizeof *imgs);
            k = kith_image_normalize(in->path, io, &imgs[0], err) < 0 ? 0 : 1;
            rc = k ? 0 : -1;
        } else {
            rc = kith_image_normalize_all(in->path, p, io, &imgs, &k, err);
        }
        double ms = 1000.0 * (kith_monotonic() - t0);
        if (rc < 0) {
            free(imgs);
            if (*n == cap)
                reads = kith_xrealloc(reads, (cap = cap + 1) * sizeof *reads);
            memset(&reads[*n], 0, sizeof *reads);
            reads[(*n)++].stage = "image";
            break;
        }
        for (int c = 0; c < k; c++) {
            if (*n == cap) {
                cap = cap ? 2 * cap : 4;
                reads = kith_xrealloc(reads, cap * sizeof *reads);
            }
            kith_card_read *r = &reads[(*n)++];
            memset(r, 0, sizeof *r);
            r->img = imgs[c];
            r->img->page = p;
            r->ms_image = ms / k;
            if (rc == 0 && read_image(in, *pages == 1 ? k : 2, r, err) < 0)
                rc = -1;
        }
        free(imgs);
    }
    *out = reads;
    return rc;
}

void kith_card_read_release(kith_card_read *r)
{
    if (!r)
        return;
    kith_image_free(r->img);
    kith_ocr_result_free(r->ocr);
    kith_fields_free(r->fields);
    memset(r, 0, sizeof *r);
}
