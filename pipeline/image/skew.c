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
    size_t n = (size_t)w * h, cnt = 0;
    uint8_t *ink = kith_ink_mask(rgb, MEAN_R, TEXT_DIFF, &cnt);
    double result = 0;
    if (cnt >= 200) {
        size_t step = cnt / MAX_INK + 1, k = 0;
        int m = 0;
        float *px = kith_xmalloc((cnt / step + 1) * sizeof *px);
        float *py = kith_xmalloc((cnt / step + 1) * sizeof *py);
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
