/*
 * test_content.c — where no card edge is found, the rectangle around the
 * printed content (image/content.c): a white card on a white scanner bed is
 * read at the card's scale, not as a page shrunk to card size; content that
 * fills the picture, or a blank one, keeps the whole picture.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

#include "common/init.h"
#include "common/util.h"
#include "image/image.h"
#include "image/image_internal.h"

/* A white w x h RGB raster. */
static kith_raster white(int w, int h)
{
    kith_raster r = { w, h, 3, kith_xmalloc((size_t)w * h * 3) };
    memset(r.px, 250, (size_t)w * h * 3);
    return r;
}

/* Lines of dark "words" (bars 3 px high with gaps) in the box x0..x1, y0..y1. */
static void print_lines(kith_raster *r, int x0, int y0, int x1, int y1)
{
    for (int y = y0; y + 3 <= y1; y += 9)
        for (int x = x0; x < x1; x++) {
            if ((x - x0) % 23 >= 18)
                continue; /* the gap between words */
            for (int k = 0; k < 3; k++) {
                uint8_t *p = r->px + ((size_t)(y + k) * r->w + x) * 3;
                p[0] = p[1] = p[2] = 30;
            }
        }
}

static void quad_box(const double q[4][2], double *x0, double *y0, double *x1, double *y1)
{
    *x0 = *y0 = HUGE_VAL;
    *x1 = *y1 = -HUGE_VAL;
    for (int k = 0; k < 4; k++) {
        *x0 = fmin(*x0, q[k][0]);
        *y0 = fmin(*y0, q[k][1]);
        *x1 = fmax(*x1, q[k][0]);
        *y1 = fmax(*y1, q[k][1]);
    }
}

static void small_card_on_a_page_gives_its_content(void **state)
{
    (void)state;
    kith_raster page = white(600, 850);
    print_lines(&page, 200, 500, 380, 580);
    double q[4][2];
    assert_int_equal(kith_content_quad(&page, 0, q), 1);
    double x0, y0, x1, y1;
    quad_box(q, &x0, &y0, &x1, &y1);
    /* the printed box with a margin of at most a tenth of its width each side */
    assert_true(x0 <= 200 && x0 >= 200 - 30);
    assert_true(x1 >= 380 && x1 <= 380 + 30);
    assert_true(y0 <= 500 && y0 >= 500 - 30);
    assert_true(y1 >= 577 && y1 <= 580 + 30);
    /* corners in order: top-left, top-right, bottom-right, bottom-left */
    assert_true(q[0][0] < q[1][0] && q[1][1] < q[2][1] && q[3][0] < q[2][0]);
    free(page.px);
}

static void specks_of_dust_are_no_content(void **state)
{
    (void)state;
    kith_raster page = white(600, 850);
    print_lines(&page, 200, 500, 380, 580);
    /* single dark pixels far from the text */
    for (int k = 0; k < 40; k++) {
        uint8_t *p = page.px + ((size_t)(40 + k * 7) * page.w + 30 + k * 13) * 3;
        p[0] = p[1] = p[2] = 0;
    }
    double q[4][2], x0, y0, x1, y1;
    assert_int_equal(kith_content_quad(&page, 0, q), 1);
    quad_box(q, &x0, &y0, &x1, &y1);
    assert_true(x0 >= 170 && y0 >= 470);
    free(page.px);
}

static void content_filling_the_picture_keeps_it_whole(void **state)
{
    (void)state;
    kith_raster card = white(600, 350);
    print_lines(&card, 40, 40, 560, 310);
    double q[4][2];
    assert_int_equal(kith_content_quad(&card, 0, q), 0);
    free(card.px);
    kith_raster blank = white(600, 350);
    assert_int_equal(kith_content_quad(&blank, 0, q), 0);
    free(blank.px);
}

static void tilted_content_gives_a_tilted_rectangle(void **state)
{
    (void)state;
    kith_raster page = white(600, 850);
    print_lines(&page, 200, 500, 380, 580);
    double q[4][2];
    assert_int_equal(kith_content_quad(&page, 5.0, q), 1);
    /* the top edge runs along the lines' angle */
    double angle = atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]) * 180 / M_PI;
    assert_true(fabs(angle - 5.0) < 0.01);
    free(page.px);
}

/* Through the whole stage: a text block on a white 1240 x 1754 page (A4 at
 * 150 dpi, no card edge) comes out as a card-sized image of that block. */
static void white_page_scan_is_read_at_card_scale(void **state)
{
    (void)state;
    VipsImage *text = NULL, *inv = NULL, *page = NULL, *rgb = NULL;
    assert_int_equal(vips_text(&text, "Margaret Holloway\nDirector of Partnerships\n"
                                      "T 0211 5555 100\nm.holloway@bluefin.example",
                               "dpi", 150, "font", "DejaVu Sans 8", NULL), 0);
    assert_int_equal(vips_invert(text, &inv, NULL), 0);
    assert_int_equal(vips_embed(inv, &page, 500, 900, 1240, 1754, "extend",
                                VIPS_EXTEND_WHITE, NULL), 0);
    assert_int_equal(vips_colourspace(page, &rgb, VIPS_INTERPRETATION_sRGB, NULL), 0);
    void *png = NULL;
    size_t len = 0;
    assert_int_equal(vips_pngsave_buffer(rgb, &png, &len, NULL), 0);
    int tw = text->Xsize, th = text->Ysize;
    kith_image_opts opts;
    kith_image_opts_default(&opts);
    kith_image *img = NULL;
    kith_err err;
    assert_int_equal(kith_image_normalize_buffer(png, len, &opts, &img, &err), 0);
    assert_int_equal(img->card_found, 0);
    double x0, y0, x1, y1;
    quad_box((const double(*)[2])img->corners, &x0, &y0, &x1, &y1);
    /* the corners hold the text block, and not much more than it */
    assert_true(x0 <= 500 && y0 <= 900 && x1 >= 500 + tw && y1 >= 900 + th);
    assert_true((x1 - x0) * (y1 - y0) < 4.0 * tw * th);
    /* the plain copy for a second reading: same card, light paper */
    assert_non_null(img->plain);
    double a = 0, b = 0;
    for (size_t i = 0; i < (size_t)img->width * img->height; i++) {
        a += img->pixels[i];
        b += img->plain[i];
    }
    a /= (double)img->width * img->height;
    b /= (double)img->width * img->height;
    assert_true(a > 200 && b > 200 && fabs(a - b) < 30);
    g_free(png);
    kith_image_free(img);
    VipsImage *all[] = { text, inv, page, rgb };
    for (size_t i = 0; i < 4; i++)
        g_object_unref(all[i]);
}

int main(void)
{
    kith_err err;
    if (kith_library_init(&err) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_card_on_a_page_gives_its_content),
        cmocka_unit_test(specks_of_dust_are_no_content),
        cmocka_unit_test(content_filling_the_picture_keeps_it_whole),
        cmocka_unit_test(tilted_content_gives_a_tilted_rectangle),
        cmocka_unit_test(white_page_scan_is_read_at_card_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
