/*
 * warp.c — geometry of the image stage: the homography between the output
 * card rectangle and the card's quadrilateral, EXIF orientation as a
 * coordinate map (so the full-resolution photo never has to be rotated in
 * memory), the bilinear projective warp, and right-angle rotations.
 */
#include "image/image_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

int kith_homography(const double from[4][2], const double to[4][2], double h[9])
{
    double a[8][9];
    for (int i = 0; i < 4; i++) {
        double x = from[i][0], y = from[i][1], u = to[i][0], v = to[i][1];
        double r0[9] = { x, y, 1, 0, 0, 0, -x * u, -y * u, u };
        double r1[9] = { 0, 0, 0, x, y, 1, -x * v, -y * v, v };
        memcpy(a[2 * i], r0, sizeof r0);
        memcpy(a[2 * i + 1], r1, sizeof r1);
    }
    /* Gaussian elimination with partial pivoting */
    for (int c = 0; c < 8; c++) {
        int p = c;
        for (int r = c + 1; r < 8; r++)
            if (fabs(a[r][c]) > fabs(a[p][c]))
                p = r;
        if (fabs(a[p][c]) < 1e-12)
            return -1;
        if (p != c) {
            double t[9];
            memcpy(t, a[p], sizeof t);
            memcpy(a[p], a[c], sizeof t);
            memcpy(a[c], t, sizeof t);
        }
        for (int r = 0; r < 8; r++) {
            if (r == c)
                continue;
            double f = a[r][c] / a[c][c];
            for (int k = c; k < 9; k++)
                a[r][k] -= f * a[c][k];
        }
    }
    for (int c = 0; c < 8; c++)
        h[c] = a[c][8] / a[c][c];
    h[8] = 1;
    return 0;
}

/* EXIF orientation n says how the stored pixels must be turned to be seen
 * upright: 1 as is, 2 mirrored left-right, 3 turned 180, 4 mirrored top-bottom,
 * 5 transposed, 6 turned 90 clockwise, 7 transversed, 8 turned 90
 * anticlockwise. This is the inverse map, displayed → stored. */
void kith_orient_to_raw(int orientation, double raw_w, double raw_h, double x, double y,
                        double *rx, double *ry)
{
    switch (orientation) {
    case 2: *rx = raw_w - x; *ry = y; break;
    case 3: *rx = raw_w - x; *ry = raw_h - y; break;
    case 4: *rx = x; *ry = raw_h - y; break;
    case 5: *rx = y; *ry = x; break;
    case 6: *rx = y; *ry = raw_h - x; break;
    case 7: *rx = raw_w - y; *ry = raw_h - x; break;
    case 8: *rx = raw_w - y; *ry = x; break;
    default: *rx = x; *ry = y; break;
    }
}

/* Source position (16.16 fixed point, clamped to the image) of output pixel
 * centre (u, v). 64 bits: a source wider than 32767 px overflowed 32 (found
 * by fuzz_image); a degenerate map (NaN) goes to 0. */
static void map_point(const double h[9], double u, double v, double maxx, double maxy,
                      int64_t *fx, int64_t *fy)
{
    double d = h[6] * u + h[7] * v + h[8];
    double x = (h[0] * u + h[1] * v + h[2]) / d - 0.5;
    double y = (h[3] * u + h[4] * v + h[5]) / d - 0.5;
    x = !(x >= 0) ? 0 : x > maxx ? maxx : x;
    y = !(y >= 0) ? 0 : y > maxy ? maxy : y;
    *fx = (int64_t)(x * 65536);
    *fy = (int64_t)(y * 65536);
}

kith_raster kith_warp(const kith_raster *src, const double h[9], int out_w, int out_h)
{
    kith_raster o = { out_w, out_h, src->bands, NULL };
    int b = src->bands, sw = src->w, sh = src->h;
    o.px = kith_xmalloc((size_t)out_w * out_h * b);
    double maxx = sw - 1, maxy = sh - 1;
    /* Output in 64-px tiles, so a turned card's diagonal walk through the
     * source stays in cache; the projective map is computed exactly every
     * SPAN pixels and linearly in between (its curvature over 8 px is far
     * below a hundredth of a pixel for any card photo). */
    enum { TILE = 64, SPAN = 8 };
    for (int tj = 0; tj < out_h; tj += TILE)
        for (int ti = 0; ti < out_w; ti += TILE)
            for (int j = tj; j < tj + TILE && j < out_h; j++) {
                uint8_t *orow = o.px + (size_t)j * out_w * b;
                int iend = ti + TILE < out_w ? ti + TILE : out_w;
                for (int i0 = ti; i0 < iend; i0 += SPAN) {
                    int n = iend - i0 < SPAN ? iend - i0 : SPAN;
                    int64_t ax, ay, bx, by;
                    map_point(h, i0 + 0.5, j + 0.5, maxx, maxy, &ax, &ay);
                    map_point(h, i0 + n + 0.5, j + 0.5, maxx, maxy, &bx, &by);
                    int64_t stx = (bx - ax) / n, sty = (by - ay) / n;
                    for (int i = i0; i < i0 + n; i++, ax += stx, ay += sty) {
                        int x0 = (int)(ax >> 16), y0 = (int)(ay >> 16);
                        int fx = (int)((ax >> 8) & 255), fy = (int)((ay >> 8) & 255);
                        int dx = x0 + 1 < sw ? b : 0;
                        size_t dy = y0 + 1 < sh ? (size_t)sw * b : 0;
                        const uint8_t *p = src->px + ((size_t)y0 * sw + x0) * b;
                        int w00 = (256 - fx) * (256 - fy), w10 = fx * (256 - fy);
                        int w01 = (256 - fx) * fy, w11 = fx * fy;
                        if (b == 3) {
                            uint8_t *q = orow + i * 3;
                            q[0] = (uint8_t)((p[0] * w00 + p[dx] * w10 + p[dy] * w01 +
                                              p[dy + dx] * w11 + 32768) >> 16);
                            q[1] = (uint8_t)((p[1] * w00 + p[1 + dx] * w10 + p[1 + dy] * w01 +
                                              p[1 + dy + dx] * w11 + 32768) >> 16);
                            q[2] = (uint8_t)((p[2] * w00 + p[2 + dx] * w10 + p[2 + dy] * w01 +
                                              p[2 + dy + dx] * w11 + 32768) >> 16);
                        } else {
                            for (int c = 0; c < b; c++)
                                orow[i * b + c] =
                                    (uint8_t)((p[c] * w00 + p[c + dx] * w10 + p[c + dy] * w01 +
                                               p[c + dy + dx] * w11 + 32768) >> 16);
                        }
                    }
                }
            }
    return o;
}

kith_raster kith_rotate_grey(const kith_raster *g, int degrees)
{
    int w = g->w, h = g->h;
    int turned = degrees == 90 || degrees == 270;
    kith_raster o = { turned ? h : w, turned ? w : h, 1, NULL };
    o.px = kith_xmalloc((size_t)w * h);
    for (int y = 0; y < o.h; y++)
        for (int x = 0; x < o.w; x++) {
            int sx, sy;
            switch (degrees) {
            case 90: sx = y; sy = h - 1 - x; break;
            case 180: sx = w - 1 - x; sy = h - 1 - y; break;
            case 270: sx = w - 1 - y; sy = x; break;
            default: sx = x; sy = y; break;
            }
            o.px[(size_t)y * o.w + x] = g->px[(size_t)sy * w + sx];
        }
    return o;
}
