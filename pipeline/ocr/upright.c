/*
 * upright.c — never upside down. The image stage turns a card by 0/90/180/270
 * degrees from the shape of its text (ascenders, descenders); on sparse cards
 * and flatbed scans that evidence can be thin, and a card read upside down
 * loses every field. When the image stage was unsure (rotation_conf under
 * KITH_ROTATION_SURE) and the reading is not clearly good, or the reading is
 * weak whatever the evidence, OCR settles it: the two
 * longest lines it found are read again turned over, as single lines, and the
 * turned image is kept only when those words are clearly more confident than
 * the first reading's. (Reading four lines both ways cost 75% more OCR time
 * on 1.9 MP photos; two lines one way costs about a fifth as much.) 0 against 180 covers 90 against 270 too: either
 * way the doubt is between the card and its turned-over self.
 */
#include <stdlib.h>
#include <string.h>

#include "ocr/ocr.h"
#include "ocr/ocr_internal.h"

#define UPRIGHT_LINES 2    /* lines read again turned over */
#define UNSURE_CONF 70.0   /* an unsure turn is checked when the reading is below this */
#define WEAK_CONF 45.0     /* any reading below this mean word confidence is checked */
#define TURN_MARGIN 8.0    /* the turned reading must beat the first by this much */

double kith_ocr_mean_conf(const kith_ocr_result *res)
{
    double sum = 0, chars = 0;
    for (size_t i = 0; i < res->n_lines; i++)
        for (size_t j = 0; j < res->lines[i].n_words; j++) {
            const kith_word *w = &res->lines[i].words[j];
            double len = (double)strlen(w->text);
            if (w->conf < 0)
                continue;
            sum += len * w->conf;
            chars += len;
        }
    return chars > 0 ? sum / chars : 0;
}

/* The boxes of up to UPRIGHT_LINES lines with the most text, a little
 * padded, and the mean word confidence they were read with (*conf); returns
 * how many. */
static size_t longest_lines(const kith_ocr_result *res, int w, int h,
                            kith_box rects[UPRIGHT_LINES], double *conf)
{
    double sum = 0, chars = 0;
    size_t n = 0;
    int used[UPRIGHT_LINES] = { 0 };
    for (size_t k = 0; k < UPRIGHT_LINES; k++) {
        int best = -1;
        size_t best_len = 0;
        for (size_t i = 0; i < res->n_lines; i++) {
            const kith_line *l = &res->lines[i];
            size_t len = strlen(l->text);
            int taken = 0;
            for (size_t j = 0; j < n; j++)
                taken |= used[j] == (int)i;
            if (taken || len < 4 || l->box.x1 <= l->box.x0 || l->box.y1 <= l->box.y0)
                continue;
            if (len > best_len) {
                best_len = len;
                best = (int)i;
            }
        }
        if (best < 0)
            break;
        const kith_box *b = &res->lines[best].box;
        int pad = (b->y1 - b->y0) / 4 + 2;
        kith_box r = { b->x0 - pad, b->y0 - pad, b->x1 + pad, b->y1 + pad };
        if (r.x0 < 0)
            r.x0 = 0;
        if (r.y0 < 0)
            r.y0 = 0;
        if (r.x1 > w)
            r.x1 = w;
        if (r.y1 > h)
            r.y1 = h;
        used[n] = best;
        rects[n++] = r;
        for (size_t j = 0; j < res->lines[best].n_words; j++) {
            const kith_word *wd = &res->lines[best].words[j];
            double len = (double)strlen(wd->text);
            sum += len * (wd->conf < 0 ? 0 : wd->conf);
            chars += len;
        }
    }
    *conf = chars > 0 ? sum / chars : 0;
    return n;
}

int kith_ocr_read_upright(kith_ocr *ocr, kith_image *img, kith_ocr_result **out, kith_err *err)
{
    if (kith_ocr_read(ocr, img, out, err) < 0)
        return -1;
    /* upright cards read at 55-95 mean word confidence, upside-down ones at
     * 10-35 (12 kith-gen photos and the 9 real ones, each read both ways):
     * a card read well is not doubted, whatever the image stage's evidence */
    double mean = kith_ocr_mean_conf(*out);
    if (mean >= UNSURE_CONF || (img->rotation_conf >= KITH_ROTATION_SURE && mean >= WEAK_CONF))
        return 0;
    kith_box rects[UPRIGHT_LINES], turned_rects[UPRIGHT_LINES];
    double here;
    size_t n = longest_lines(*out, img->width, img->height, rects, &here);
    if (n == 0)
        return 0;
    size_t px = (size_t)img->width * img->height;
    uint8_t *turned = malloc(px);
    if (!turned)
        return 0;   /* keep the reading we have */
    for (size_t i = 0; i < px; i++)
        turned[i] = img->pixels[px - 1 - i];
    for (size_t i = 0; i < n; i++)
        turned_rects[i] = (kith_box){ img->width - rects[i].x1, img->height - rects[i].y1,
                                      img->width - rects[i].x0, img->height - rects[i].y0 };
    double there = kith_ocr_lines_conf(ocr, turned, img, turned_rects, n);
    free(turned);
    if (there <= here + TURN_MARGIN)
        return 0;
    kith_image_turn_over(img);
    kith_ocr_result *again = NULL;
    kith_err e2;
    if (kith_ocr_read(ocr, img, &again, &e2) < 0) {
        kith_image_turn_over(img);   /* keep the first reading, the way it was read */
        return 0;
    }
    kith_ocr_result_free(*out);
    *out = again;
    return 0;
}
