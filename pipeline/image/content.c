/*
 * content.c — where no card edge was found: the rectangle around what is
 * printed.
 *
 * A white card on the white bed of a scanner, or a light card on a light
 * table, shows no edge to find. Handing the whole picture to OCR then scales
 * an A4 page down to the size of a card, and its text becomes too small to
 * read. What is printed still stands out: pixels far from their local mean
 * (the edges of letters, rules and logos) are ink; the cells of the small
 * copy holding some, with ink cells near them (a lone speck of dust is no
 * card), give the content's extent along the text lines' angle. With a
 * margin, that rectangle is read as the card. When the content fills most
 * of the picture (a photo cropped to its card, a busy desk) nothing is
 * gained and the caller keeps the whole picture.
 */
#include <math.h>
#include <stdlib.h>

#include "common/util.h"
#include "image/image_internal.h"

#define MEAN_R 6            /* local mean over (2R+1)^2 pixels */
#define INK_DIFF 40         /* a pixel this far from its local mean is ink */
#define CELL 4              /* cell side, pixels of the small copy */
#define CELL_INK 3          /* ink pixels that make a cell ink */
#define NEIGHBOURS 3        /* ink cells needed in the 5 x 5 around one */
#define EDGE_FRAC 0.02      /* the picture's own border is not content */
#define MAX_AREA 0.25       /* content over this share of the picture: keep it whole */
#define MIN_LONG 0.10       /* content's sides at least these shares of the */
#define MIN_SHORT 0.03      /* picture's longer side: less is a speck or a rule */
#define MARGIN 0.05         /* added on each side, of the content's longer side */

int kith_content_quad(const kith_raster *rgb, double tilt_deg, double quad[4][2])
{
    int w = rgb->w, h = rgb->h;
    if (w < 8 * CELL || h < 8 * CELL)
        return 0;
    uint8_t *ink = kith_ink_mask(rgb, MEAN_R, INK_DIFF, NULL);
    int cw = w / CELL, ch = h / CELL;
    int *count = kith_xcalloc((size_t)cw * ch, sizeof *count);
    int ex = (int)(EDGE_FRAC * w) + MEAN_R, ey = (int)(EDGE_FRAC * h) + MEAN_R;
    for (int y = ey; y < h - ey && y / CELL < ch; y++)
        for (int x = ex; x < w - ex && x / CELL < cw; x++)
            if (ink[(size_t)y * w + x])
                count[(size_t)(y / CELL) * cw + x / CELL]++;
    free(ink);

    double t = tilt_deg * M_PI / 180, c = cos(t), s = sin(t);
    double umin = HUGE_VAL, umax = -HUGE_VAL, vmin = HUGE_VAL, vmax = -HUGE_VAL;
    size_t kept = 0;
    for (int cy = 0; cy < ch; cy++)
        for (int cx = 0; cx < cw; cx++) {
            if (count[(size_t)cy * cw + cx] < CELL_INK)
                continue;
            int near = 0;
            for (int dy = -2; dy <= 2; dy++)
                for (int dx = -2; dx <= 2; dx++) {
                    int nx = cx + dx, ny = cy + dy;
                    if ((dx || dy) && nx >= 0 && ny >= 0 && nx < cw && ny < ch &&
                        count[(size_t)ny * cw + nx] >= CELL_INK)
                        near++;
                }
            if (near < NEIGHBOURS)
                continue;
            kept++;
            /* the cell's four corners along the lines (u) and across (v) */
            for (int k = 0; k < 4; k++) {
                double x = (cx + (k & 1)) * CELL, y = (cy + (k >> 1)) * CELL;
                double u = x * c + y * s, v = -x * s + y * c;
                umin = u < umin ? u : umin;
                umax = u > umax ? u : umax;
                vmin = v < vmin ? v : vmin;
                vmax = v > vmax ? v : vmax;
            }
        }
    free(count);
    if (kept < 8)
        return 0;
    double du = umax - umin, dv = vmax - vmin;
    double m = MARGIN * (du > dv ? du : dv);
    umin -= m;
    umax += m;
    vmin -= m;
    vmax += m;
    du = umax - umin;
    dv = vmax - vmin;
    double side = w > h ? w : h;
    if (du * dv > MAX_AREA * w * h || (du > dv ? du : dv) < MIN_LONG * side ||
        (du < dv ? du : dv) < MIN_SHORT * side)
        return 0;
    const double us[4] = { umin, umax, umax, umin }, vs[4] = { vmin, vmin, vmax, vmax };
    for (int k = 0; k < 4; k++) {
        quad[k][0] = us[k] * c - vs[k] * s;
        quad[k][1] = us[k] * s + vs[k] * c;
    }
    return 1;
}
