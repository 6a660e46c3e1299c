/*
 * snap.c — moves a side of the card finder's quad off a grain line and onto
 * the card's cut edge (find.c, step 5b).
 *
 * Wood grain running within a few degrees of a card's side fills the line
 * list's slots for that direction, and a grain line just outside the card
 * wins the quad: its corners come out 3-10% off. The step across a grain line
 * is small (wood on both sides) and its line runs on past the card's
 * corners; across the cut edge the step is the card against the table all
 * along, and the edge ends at the corners. Measured on kith-gen2 wood
 * development sets (seeds 114, 115): card found 43 -> 63% and 43 -> 57%, no
 * other set changed (README, Decisions).
 *
 * Nothing here is global: every buffer belongs to one call.
 */
#include "image/image_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SNAP_SAMPLES 32     /* points along a side, */
#define SNAP_PROBE 3        /* ... pixels either side of it compared, */
#define SNAP_REACH 0.05     /* ... how far its ends may move (of the shorter picture side), */
#define SNAP_WEAK 40.0      /* ... a side with less step than this may move, */
#define SNAP_GAIN 1.5       /* ... to where the step is this many times larger */
#define SNAP_MARGIN 12.0    /* ... and this many grey levels more, */
#define SNAP_STRONG 40.0    /* ... and at least this (a card against its table), */
#define SNAP_RUN_ON 0.6     /* ... and only a side whose line runs on past a corner
                               with this share of its edges */
#define SNAP_ONE_SIGN 0.9   /* ... and whose two sides are not one lighter all along */
#define SNAP_BED 200.0      /* ... unless what lies outside is this light: a scanner
                               bed has no grain, and a light band on a card's edge
                               against it would be cut off */

static int cmp_int_asc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The pixels SNAP_PROBE px inside and outside the segment p-q (n the
 * outward unit normal) at its i-th of SNAP_SAMPLES points, spread over its
 * middle eight tenths; each NULL where it falls outside the picture. */
static void probe(const kith_raster *rgb, const double *p, const double *q, const double *n,
                  int i, const uint8_t **in, const uint8_t **out)
{
    double t = 0.1 + 0.8 * i / (SNAP_SAMPLES - 1);
    double x = p[0] + t * (q[0] - p[0]), y = p[1] + t * (q[1] - p[1]);
    for (int side = 0; side < 2; side++) {
        double sg = side ? SNAP_PROBE : -SNAP_PROBE;
        int px = (int)lround(x + sg * n[0]), py = (int)lround(y + sg * n[1]);
        const uint8_t *at = px < 0 || py < 0 || px >= rgb->w || py >= rgb->h
                                ? NULL
                                : rgb->px + ((size_t)py * rgb->w + px) * rgb->bands;
        *(side ? out : in) = at;
    }
}

/* The colour step across the segment p-q (largest channel difference
 * between its probe pixels) at SNAP_SAMPLES points, the lower quartile of
 * them: a cut edge steps all along, a row of letters only at its strokes;
 * 0 when fewer than half of the points lie in the picture. */
static double side_step(const kith_raster *rgb, const double *p, const double *q, const double *n)
{
    int steps[SNAP_SAMPLES];
    int used = 0;
    for (int i = 0; i < SNAP_SAMPLES; i++) {
        const uint8_t *a, *b;
        probe(rgb, p, q, n, i, &a, &b);
        if (!a || !b)
            continue;
        int d = 0;
        for (int c = 0; c < rgb->bands; c++) {
            int e = a[c] > b[c] ? a[c] - b[c] : b[c] - a[c];
            if (e > d)
                d = e;
        }
        steps[used++] = d;
    }
    if (used * 2 < SNAP_SAMPLES)
        return 0;
    qsort(steps, (size_t)used, sizeof *steps, cmp_int_asc);
    return steps[used / 4];
}

/* The mean luminance of the outside probe pixels of the segment p-q; 255
 * when none lies in the picture. */
static double outside_lum(const kith_raster *rgb, const double *p, const double *q, const double *n)
{
    double sum = 0;
    int used = 0;
    for (int i = 0; i < SNAP_SAMPLES; i++) {
        const uint8_t *a, *b;
        probe(rgb, p, q, n, i, &a, &b);
        if (!b)
            continue;
        sum += rgb->bands >= 3 ? 0.299 * b[0] + 0.587 * b[1] + 0.114 * b[2] : b[0];
        used++;
    }
    return used ? sum / used : 255;
}

/* How consistently the side p-q is lighter on one side than the other: the
 * larger share of its probe points whose inside is lighter, or darker, than
 * its outside by a few grey levels. A card's edge, even a faint one (a light
 * band against light wood), keeps one sign all along; a grain line has wood
 * on both sides. */
static double step_sign_share(const kith_raster *rgb, const double *p, const double *q,
                              const double *n)
{
    int lighter = 0, darker = 0, used = 0;
    for (int i = 0; i < SNAP_SAMPLES; i++) {
        const uint8_t *a, *b;
        probe(rgb, p, q, n, i, &a, &b);
        if (!a || !b)
            continue;
        int la = 0, lb = 0;
        for (int c = 0; c < rgb->bands; c++) {
            la += a[c];
            lb += b[c];
        }
        int d = (la - lb) / rgb->bands;
        lighter += d > 3;
        darker += d < -3;
        used++;
    }
    return used ? (double)(lighter > darker ? lighter : darker) / used : 0;
}

/* The share of points with an edge pixel within a pixel, of SNAP_SAMPLES
 * points on the line through p and q between parameters t0 and t1 (0 at
 * p, 1 at q); -1 when none lies in the picture. */
static double edge_share(const uint8_t *edge, int w, int h, const double *p, const double *q,
                         double t0, double t1)
{
    int hit = 0, used = 0;
    for (int i = 0; i < SNAP_SAMPLES; i++) {
        double t = t0 + (t1 - t0) * i / (SNAP_SAMPLES - 1);
        int x = (int)lround(p[0] + t * (q[0] - p[0])), y = (int)lround(p[1] + t * (q[1] - p[1]));
        if (x < 1 || y < 1 || x >= w - 1 || y >= h - 1)
            continue;
        int e = 0;
        for (int dy = -1; dy <= 1 && !e; dy++)
            for (int dx = -1; dx <= 1 && !e; dx++)
                e = edge[(size_t)(y + dy) * w + x + dx];
        hit += e;
        used++;
    }
    return used ? (double)hit / used : -1;
}

/* Whether the side p-q lies on a line that runs on past both corners (a
 * grain line, a seam across the picture) rather than ending there, as a
 * card's edge does: edges found beyond the corners about as often as
 * between them, on at least one side. */
static int runs_on(const uint8_t *edge, int w, int h, const double *p, const double *q)
{
    double in = edge_share(edge, w, h, p, q, 0.1, 0.9);
    double before = edge_share(edge, w, h, p, q, -0.3, -0.05);
    double after = edge_share(edge, w, h, p, q, 1.05, 1.3);
    double out = before > after ? before : after;
    return in > 0 && out >= SNAP_RUN_ON * in;
}

/* Moves each side of the quad c onto the card's cut edge when it lies on a
 * line beside it: wood grain or a seam a few pixels off runs nearly parallel
 * to a card's side, wins a place in the line list and then the quad, while
 * the true edge, a degree or two off the grain, was crowded out. The step
 * across a grain line is small (wood on both sides); across the cut edge it
 * is the card against the table. Each side's two ends are moved along its
 * normal within SNAP_REACH of the shorter picture side to where the step
 * is largest, and the move is kept only when the side had little step and
 * the new place has much more; then the corners are intersected again. */
void kith_snap_sides(const kith_raster *rgb, const uint8_t *edge, double c[4][2])
{
    double line[4][2][2];
    int moved = 0, reach = (int)(SNAP_REACH * (rgb->w < rgb->h ? rgb->w : rgb->h));
    double mx = (c[0][0] + c[1][0] + c[2][0] + c[3][0]) / 4;
    double my = (c[0][1] + c[1][1] + c[2][1] + c[3][1]) / 4;
    for (int k = 0; k < 4; k++) {
        const double *p = c[k], *q = c[(k + 1) % 4];
        double ux = q[0] - p[0], uy = q[1] - p[1], len = hypot(ux, uy);
        if (!(len > 0))
            return; /* a degenerate quad: left as it is */
        double n[2] = { -uy / len, ux / len };
        if ((p[0] + q[0]) / 2 * n[0] + (p[1] + q[1]) / 2 * n[1] < mx * n[0] + my * n[1]) {
            n[0] = -n[0];
            n[1] = -n[1]; /* outward */
        }
        /* only a weak side on a line that runs on, not one lighter all
         * along, over a table rather than a scanner bed, is searched: the
         * search (the ends' (2 reach + 1)^2 placings) is not paid for the
         * sides of most cards */
        double base = side_step(rgb, p, q, n), best = base;
        double bp[2] = { p[0], p[1] }, bq[2] = { q[0], q[1] };
        int candidate = base < SNAP_WEAK && outside_lum(rgb, p, q, n) < SNAP_BED &&
                        runs_on(edge, rgb->w, rgb->h, p, q) &&
                        step_sign_share(rgb, p, q, n) < SNAP_ONE_SIGN;
        for (int d0 = -reach; candidate && d0 <= reach; d0++)
            for (int d1 = -reach; d1 <= reach; d1++) {
                double p2[2] = { p[0] + d0 * n[0], p[1] + d0 * n[1] };
                double q2[2] = { q[0] + d1 * n[0], q[1] + d1 * n[1] };
                double st = side_step(rgb, p2, q2, n);
                if (st > best) {
                    best = st;
                    memcpy(bp, p2, sizeof bp);
                    memcpy(bq, q2, sizeof bq);
                }
            }
        int take = candidate && best >= SNAP_GAIN * base + SNAP_MARGIN && best >= SNAP_STRONG;
        memcpy(line[k][0], take ? bp : p, sizeof bp);
        memcpy(line[k][1], take ? bq : q, sizeof bq);
        moved |= take;
    }
    if (!moved)
        return;
    double out[4][2];
    for (int k = 0; k < 4; k++) {
        /* corner k joins side k-1 and side k */
        const double(*a)[2] = line[(k + 3) % 4], (*b)[2] = line[k];
        const double r[2] = { a[1][0] - a[0][0], a[1][1] - a[0][1] };
        const double s[2] = { b[1][0] - b[0][0], b[1][1] - b[0][1] };
        double den = r[0] * s[1] - r[1] * s[0];
        if (fabs(den) < 1e-9)
            return;
        double t = ((b[0][0] - a[0][0]) * s[1] - (b[0][1] - a[0][1]) * s[0]) / den;
        out[k][0] = a[0][0] + t * r[0];
        out[k][1] = a[0][1] + t * r[1];
        if (hypot(out[k][0] - c[k][0], out[k][1] - c[k][1]) > 3.0 * reach)
            return;
    }
    memcpy(c, out, sizeof out);
}
