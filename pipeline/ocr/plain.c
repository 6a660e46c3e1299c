/*
 * plain.c — a second reading of a card the cleaned image read poorly.
 *
 * The image stage hands OCR the card as its distance from the local
 * background colour: colour text, shadows and dark cards all come out dark on
 * white, and on most cards that reads best. A card printed on mottled or
 * textured paper is the exception: the texture's every speck differs from its
 * neighbourhood as much as the letters do, and the cleaned image is noise (the
 * Swiss card w_1 of the real photos read "a T M E G." and "gažpand" where the
 * plain luminance reads every line). So when the first reading is poor (mean
 * word confidence under POOR_CONF), the plain copy the image stage kept is
 * read too, and kept when it read clearly more text with confidence (letters
 * and digits of words read at GOOD_WORD or better: WIN_FACTOR (twice) as many,
 * and WIN_MIN more).
 */
#include "common/text.h"
#include "ocr/ocr.h"
#include "ocr/ocr_internal.h"

#define POOR_CONF 70.0
#define GOOD_WORD 70.0f
#define WIN_FACTOR 2.0
#define WIN_MIN 10

/* Letters and digits of the words read with confidence. */
static size_t confident_chars(const kith_ocr_result *res)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_lines; i++)
        for (size_t j = 0; j < res->lines[i].n_words; j++) {
            const kith_word *w = &res->lines[i].words[j];
            size_t letters = 0, digits = 0;
            if (w->conf < GOOD_WORD)
                continue;
            kith_text_counts(w->text, NULL, NULL, &letters, &digits);
            n += letters + digits;
        }
    return n;
}

int kith_ocr_read_card(kith_ocr *ocr, kith_image *img, kith_ocr_result **out, kith_err *err)
{
    if (kith_ocr_read_upright(ocr, img, out, err) < 0)
        return -1;
    if (!img->plain || kith_ocr_mean_conf(*out) >= POOR_CONF)
        return 0;
    kith_image view = *img;
    view.pixels = img->plain;
    view.plain = NULL;
    kith_ocr_result *alt = NULL;
    kith_err e2;
    if (kith_ocr_read(ocr, &view, &alt, &e2) < 0)
        return 0; /* keep the first reading */
    size_t first = confident_chars(*out), second = confident_chars(alt);
    if ((double)second < WIN_FACTOR * (double)first + WIN_MIN) {
        kith_ocr_result_free(alt);
        return 0;
    }
    uint8_t *t = img->pixels;
    img->pixels = img->plain;
    img->plain = t;
    img->read_plain = 1;
    kith_ocr_result_free(*out);
    *out = alt;
    return 0;
}
