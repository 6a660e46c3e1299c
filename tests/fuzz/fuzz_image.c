/*
 * fuzz_image.c — libFuzzer target for the image stage on bytes from outside:
 * any buffer through kith_image_normalize_buffer (libvips loaders sniff the
 * format: JPEG, PNG, GIF, TIFF, WebP, HEIC, PDF, …), with a small pixel limit
 * and without the card finder (pixels, not bytes) so one input costs
 * milliseconds, then PNG encoding of what came out. A bad
 * image is an error returned; nothing may crash, leak or hang. Seeds: tiny
 * images made by tests/fuzz/make_seeds.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>
#include <vips/vips.h>

#include "common/init.h"
#include "image/image.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kith_image_opts opts;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    kith_err err;
    if (kith_library_init(&err) < 0)
        abort();
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    kith_image_opts_default(&opts);
    opts.max_pixels = 200 * 1000; /* 0.2 MP: a refusal, not a slow decode */
    /* the loader is what meets outside bytes; finding, orienting and
     * cleaning a card scale it up to reading size first (seconds per input
     * under the sanitizers) and see only pixels, never file bytes */
    opts.find_card = 0;
    opts.orient = 0;
    opts.clean = 0;
    opts.target_xheight = 2; /* a small output: the warp still runs, on few pixels */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kith_image *img = NULL;
    kith_err err;
    if (kith_image_normalize_buffer(data, size, &opts, &img, &err) == 0) {
        void *png = NULL;
        size_t len = 0;
        if (kith_image_encode_png(img, &png, &len, &err) == 0)
            g_free(png);
        kith_image_free(img);
    }
    vips_error_clear();
    return 0;
}
