/*
 * test_warp_wide.c — found by fuzz_image (issue 15): the warp kept source
 * positions in 16.16 fixed point in 32 bits, so a source wider or taller
 * than 32767 px overflowed (undefined behaviour, then reads outside the
 * image); and a degenerate map (division by zero) converted NaN to int.
 * Also the fuzzer's 40-byte GIF, through the whole image stage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "image/image_internal.h"

static void wide_source_warps_in_bounds(void **state)
{
    (void)state;
    const int w = 40000, h = 2;
    kith_raster src = { w, h, 3, malloc((size_t)w * h * 3) };
    for (int x = 0; x < w; x++)
        for (int y = 0; y < h; y++)
            memset(src.px + ((size_t)y * w + x) * 3, (x / 160) % 256, 3);
    const double identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
    kith_raster out = kith_warp(&src, identity, w, h);
    /* a smooth ramp: the warp's fixed-point steps may blend in a neighbour */
    for (int x = 0; x < w; x += 997)
        assert_true(abs(out.px[(size_t)x * 3] - (x / 160) % 256) <= 1);
    assert_true(abs(out.px[(size_t)(w - 1) * 3] - ((w - 1) / 160) % 256) <= 1);
    free(out.px);
    /* a map that divides by zero everywhere */
    const double zero[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 0 };
    out = kith_warp(&src, zero, 16, 2);
    free(out.px);
    free(src.px);
}

static void fuzzer_gif_is_an_error_or_an_image(void **state)
{
    (void)state;
    gsize len = 0;
    guchar *gif = g_base64_decode("R0lGODkuMyADAQAAACH5BAUAAAAALAAAXAAAACGXDAAAxKGQ0e45ROtr", &len);
    kith_image_opts o;
    kith_image_opts_default(&o);
    o.max_pixels = 200 * 1000;
    o.find_card = o.orient = o.clean = 0;
    o.target_xheight = 2;
    kith_image *img = NULL;
    kith_err err;
    if (kith_image_normalize_buffer(gif, len, &o, &img, &err) == 0)
        kith_image_free(img);
    g_free(gif);
}

/* a 61712x1 JPEG: shrink-on-load took its height to 0 and libvips aborted */
static void fuzzer_thin_jpeg_does_not_abort(void **state)
{
    (void)state;
    gsize len = 0;
    guchar *jpg = g_base64_decode(
        "/9j/AAAAAAD/2wBDAAgGBgcG3wAAAAAAAAAKDOwAAAAAAAAAEw8UHRofHh0aHBwgJC4nQCAiLCMcHCg3KSww"
        "MTQ0NB8nOT04MjwuMjc2/9sAQwEJCQkMCwwYDQ0YMiEcITIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIy"
        "MjIyMjsyMjIyMjIyMjIyMjIyMjIy/8AAEQgAAfEQAwEiAAIRAQMRAAIA9PX29/j5+v/aAAwDAQACEQMRADAu"
        "SkgG4NvKDAMBAAIRAxH/2Q==", &len);
    kith_image_opts o;
    kith_image_opts_default(&o);
    kith_image *img = NULL;
    kith_err err;
    if (kith_image_normalize_buffer(jpg, len, &o, &img, &err) == 0)
        kith_image_free(img);
    g_free(jpg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wide_source_warps_in_bounds),
        cmocka_unit_test(fuzzer_gif_is_an_error_or_an_image),
        cmocka_unit_test(fuzzer_thin_jpeg_does_not_abort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
