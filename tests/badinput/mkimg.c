/*
 * mkimg.c — kith-mkimg, a test tool: writes small synthetic images in any
 * format libvips saves here, for the fuzz seeds and the bad-input corpus
 * (made at test time, never committed).
 *
 *   kith-mkimg OUT.EXT W H [--bands 1|3|4] [--depth 8|16] [--value V] [--noise]
 *
 * The format follows the suffix (.png .jpg .tif .webp .gif .heic .avif …);
 * 4 bands saved as .jpg make a CMYK JPEG; --depth 16 a 16-bit PNG or TIFF.
 * Pixels are V (default 255, white), or a deterministic pattern with --noise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

int main(int argc, char **argv)
{
    if (argc < 4 || VIPS_INIT(argv[0])) {
        fprintf(stderr, "usage: kith-mkimg OUT.EXT W H [--bands N] [--depth 8|16] "
                        "[--value V] [--noise]\n");
        return 2;
    }
    int w = atoi(argv[2]), h = atoi(argv[3]), bands = 1, depth = 8, value = 255, noise = 0;
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--noise") == 0)
            noise = 1;
        else if (i + 1 < argc && strcmp(argv[i], "--bands") == 0)
            bands = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--depth") == 0)
            depth = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--value") == 0)
            value = atoi(argv[++i]);
    }
    if (w < 1 || h < 1 || bands < 1 || bands > 4 || (depth != 8 && depth != 16))
        return 2;
    size_t n = (size_t)w * h * bands;
    unsigned char *px = malloc(n);
    if (!px)
        return 1;
    unsigned s = 12345;
    for (size_t i = 0; i < n; i++) {
        s = s * 1103515245u + 12345u;
        px[i] = noise ? (unsigned char)(s >> 16) : (unsigned char)value;
    }
    VipsImage *im = vips_image_new_from_memory(px, n, w, h, bands, VIPS_FORMAT_UCHAR);
    VipsImage *out = NULL;
    if (!im)
        return 1;
    im->Type = bands == 4 ? VIPS_INTERPRETATION_CMYK
               : bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
    if (depth == 16) {
        VipsImage *t;
        if (vips_linear1(im, &t, 257.0, 0.0, NULL) ||
            vips_cast(t, &out, VIPS_FORMAT_USHORT, NULL))
            return 1;
        g_object_unref(t);
        out->Type = bands >= 3 ? VIPS_INTERPRETATION_RGB16 : VIPS_INTERPRETATION_GREY16;
    } else {
        out = im;
        g_object_ref(out);
    }
    int rc = vips_image_write_to_file(out, argv[1], NULL);
    if (rc)
        fprintf(stderr, "kith-mkimg: %s", vips_error_buffer());
    g_object_unref(out);
    g_object_unref(im);
    free(px);
    return rc ? 1 : 0;
}
