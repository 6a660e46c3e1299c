/*
 * ink.c — the pixels of a picture that stand out from their neighbourhood:
 * dark text on a light card or light text on a dark one, the edges of rules
 * and logos. A pixel is ink when its grey value differs from the mean of the
 * (2r+1)^2 square around it by more than `diff` (an integral image makes
 * every mean cost four reads). Used where no card edge was found: for the
 * text lines' angle (skew.c) and for the printed content's extent
 * (content.c).
 */
#include <math.h>
#include <stdlib.h>

#include "common/util.h"
#include "image/image_internal.h"

uint8_t *kith_ink_mask(const kith_raster *rgb, int r, double diff, size_t *count)
{
    int w = rgb->w, h = rgb->h;
    size_t n = (size_t)w * h;
    kith_raster grey = kith_luma(rgb);
    const uint8_t *g = grey.px;
    double *ii = kith_xcalloc((size_t)(w + 1) * (h + 1), sizeof *ii);
    for (int y = 0; y < h; y++) {
        double row = 0;
        for (int x = 0; x < w; x++) {
            row += g[(size_t)y * w + x];
            ii[(size_t)(y + 1) * (w + 1) + x + 1] = ii[(size_t)y * (w + 1) + x + 1] + row;
        }
    }
    size_t cnt = 0;
    uint8_t *ink = kith_xcalloc(n ? n : 1, 1);
    double area = (double)(2 * r + 1) * (2 * r + 1);
    for (int y = r; y < h - r; y++)
        for (int x = r; x < w - r; x++) {
            int x0 = x - r, y0 = y - r, x1 = x + r + 1, y1 = y + r + 1;
            double sum = ii[(size_t)y1 * (w + 1) + x1] - ii[(size_t)y0 * (w + 1) + x1] -
                         ii[(size_t)y1 * (w + 1) + x0] + ii[(size_t)y0 * (w + 1) + x0];
            if (fabs(g[(size_t)y * w + x] - sum / area) > diff) {
                ink[(size_t)y * w + x] = 1;
                cnt++;
            }
        }
    free(ii);
    free(grey.px);
    if (count)
        *count = cnt;
    return ink;
}
