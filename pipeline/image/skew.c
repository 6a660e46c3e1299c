/*
 * skew.c — the angle of a photo's text lines, for when no card edge was
 * found: the whole photo then goes to OCR, and tesseract reads a page turned
 * by 15 degrees as fragments, so the stage turns it level first.
 *
 * Method: pixels that stand out from their neighbourhood (dark text on a
 * light card or light text on a dark one: |grey - local mean| over a
 * threshold) are projected onto the normal of each candidate direction,
 * every degree over the half-turn; text lines make the profile peaky, so the
 * direction whose profile has the most energy (sum of squared bin counts) is
 * the lines' direction. Refined to a quarter degree. The answer is taken
 * only when that energy clearly beats the level reading's. A direction near
 * 90 degrees means sideways text: the caller's 90/180/270 step handles that,
 * so the angle returned is folded into [-45, 45).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "image/image_internal.h"

#define MEAN_R 8          /* local mean over (2R+1)^2 pixels */
#define TEXT_DIFF 28      /* a pixel this far from its local mean is ink */
#define MAX_INK 60000     /* pixels used at most (evenly sampled) */
#define GAIN 1.25         /* the best direction must beat level by this factor */
#define MIN_ANGLE 1.0     /* smaller tilts are left to the residual deskew */

/* Profile energy of the ink points projected on direction deg's normal. */
static double energy(const float *px, const float *py, int n, double deg, int *bins, int nb,
                     double off)
{
    double a = deg * M_PI / 180, s = sin(a), c = cos(a);
    memset(bins, 0, (size_t)nb * sizeof *bins);
    for (int i = 0; i < n; i++) {
        int b = (int)(-px[i] * s + py[i] * c + off);
        if (b >= 0 && b < nb)
            bins[b]++;
    }
    double e = 0;
    for (int b = 0; b < nb; b++)
        e += (double)bins[b] * bins[b];
    return e;
}

double kith_text_angle(const kith_raster *rgb)
{
    int w = rgb->w, h = rgb->h;
    if (w < 32 || h < 32)
        return 0;
    size_t n = (size_t)w * h;
    /* grey and its integral image */
    uint8_t *g = kith_xmalloc(n);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = rgb->px + i * (size_t)rgb->bands;
        g[i] = rgb->bands >= 3 ? (uint8_t)((299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000) : p[0];
    }
    double *ii = kith_xcalloc((size_t)(w + 1) * (h + 1), sizeof *ii);
    for (int y = 0; y < h; y++) {
        double row = 0;
        for (int x = 0; x < w; x++) {
            row += g[(size_t)y * w + x];
            ii[(size_t)(y + 1) * (w + 1) + x + 1] = ii[(size_t)y * (w + 1) + x + 1] + row;
        }
    }
    int cnt = 0;
    uint8_t *ink = kith_xcalloc(n, 1);
    for (int y = MEAN_R; y < h - MEAN_R; y++)
        for (int x = MEAN_R; x < w - MEAN_R; x++) {
            int x0 = x - MEAN_R, y0 = y - MEAN_R, x1 = x + MEAN_R + 1, y1 = y + MEAN_R + 1;
            double sum = ii[(size_t)y1 * (w + 1) + x1] - ii[(size_t)y0 * (w + 1) + x1] -
                         ii[(size_t)y1 * (w + 1) + x0] + ii[(size_t)y0 * (w + 1) + x0];
            double mean = sum / ((2 * MEAN_R + 1) * (2 * MEAN_R + 1));
            if (fabs(g[(size_t)y * w + x] - mean) > TEXT_DIFF) {
                ink[(size_t)y * w + x] = 1;
                cnt++;
            }
        }
    free(ii);
    free(g);
    double result = 0;
    if (cnt >= 200) {
        int step = cnt / MAX_INK + 1, m = 0;
        float *px = kith_xmalloc((size_t)(cnt / step + 1) * sizeof *px);
        float *py = kith_xmalloc((size_t)(cnt / step + 1) * sizeof *py);
        int k = 0;
        for (size_t i = 0; i < n; i++)
            if (ink[i] && k++ % step == 0) {
                px[m] = (float)(i % (size_t)w);
                py[m] = (float)(i / (size_t)w);
                m++;
            }
        int nb = (int)ceil(hypot(w, h)) * 2 + 4;
        double off = nb / 2.0;
        int *bins = kith_xmalloc((size_t)nb * sizeof *bins);
        double best = -1, bdeg = 0;
        for (int d = -90; d < 90; d++) {
            double e = energy(px, py, m, d, bins, nb, off);
            if (e > best) {
                best = e;
                bdeg = d;
            }
        }
        for (double d = bdeg - 0.75; d <= bdeg + 0.76; d += 0.25) {
            double e = energy(px, py, m, d, bins, nb, off);
            if (e > best) {
                best = e;
                bdeg = d;
            }
        }
        /* fold sideways text into [-45, 45): the rotation step turns it */
        double folded = bdeg;
        while (folded >= 45)
            folded -= 90;
        while (folded < -45)
            folded += 90;
        double level = energy(px, py, m, bdeg - folded, bins, nb, off);
        if (best > GAIN * level && fabs(folded) >= MIN_ANGLE)
            result = folded;
        free(bins);
        free(px);
        free(py);
    }
    free(ink);
    return result;
}
