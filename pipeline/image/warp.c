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

kith_raster kith_warp(const kith_raster *src, const double h[9], int out_w, int out_h)
{
    kith_raster o = { out_w, out_h, src->bands, NULL };
    int b = src->bands, sw = src->w, shh = src->h;
    o.px = kith_xmalloc((size_t)out_w * out_h * b);
    for (int j = 0; j < out_h; j++) {
        double v = j + 0.5;
        uint8_t *orow = o.px + (size_t)j * out_w * b;
        for (int i = 0; i < out_w; i++) {
            double u = i + 0.5;
            double den = h[6] * u + h[7] * v + h[8];
            double sx = (h[0] * u + h[1] * v + h[2]) / den - 0.5;
            double sy = (h[3] * u + h[4] * v + h[5]) / den - 0.5;
            if (sx < 0)
                sx = 0;
            if (sy < 0)
                sy = 0;
            if (sx > sw - 1)
                sx = sw - 1;
            if (sy > shh - 1)
                sy = shh - 1;
            int x0 = (int)sx, y0 = (int)sy;
            int x1 = x0 + 1 < sw ? x0 + 1 : x0, y1 = y0 + 1 < shh ? y0 + 1 : y0;
            double fx = sx - x0, fy = sy - y0;
            const uint8_t *p00 = src->px + ((size_t)y0 * sw + x0) * b;
            const uint8_t *p10 = src->px + ((size_t)y0 * sw + x1) * b;
            const uint8_t *p01 = src->px + ((size_t)y1 * sw + x0) * b;
            const uint8_t *p11 = src->px + ((size_t)y1 * sw + x1) * b;
            for (int c = 0; c < b; c++) {
                double top = p00[c] + (p10[c] - p00[c]) * fx;
                double bot = p01[c] + (p11[c] - p01[c]) * fx;
                orow[i * b + c] = (uint8_t)(top + (bot - top) * fy + 0.5);
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
