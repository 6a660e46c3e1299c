/*
 * cards.c — the cards of a flatbed page of several: which regions of the
 * small detection copy are cards, and each card cut out of the full-size
 * picture so that the single-card code (find.c, then image.c's warp, clean
 * and orient) sees it alone.
 *
 * Method, on the ~640 px copy (a card on an A4 page at 300 dpi is ~175 px):
 *
 *   1. the bed: the median colour of the picture's border; the picture is a
 *      page only when most of the border is near that colour and it is light
 *      (a phone photo of one card on a desk stops here, after one pass);
 *      a region over 30% of the picture is one card filling a photo unless
 *      the picture has a page's proportions (A4, Letter): then it is cards
 *      packed edge to edge, split below;
 *   2. a pixel stands out when its 3×3 mean is away from the bed's colour or
 *      it sits on a strong edge (the rim a white card leaves on a white lid);
 *   3. closing joins text and rims, holes are filled (what the bed cannot
 *      reach from the border is card), and an opening cuts thin bridges such
 *      as a shared shadow line between two cards;
 *   4. connected components; the card size is the median of the plausible
 *      ones (2-15% of the picture), smaller blobs are dropped, and a blob of
 *      two or more cards is eroded until it falls apart and the pieces grown
 *      back (cards touching at a corner or along a short stretch), failing
 *      that split at the deepest valley of its row or column
 *      profile (the wedge between two touching cards, however shallow), or,
 *      when it is two cards' size with no valley, in the middle of its long
 *      side;
 *   5. the minimum-area rectangle of each card (rotating calipers over 0.5°
 *      steps of its boundary): a region that does not fill 70% of it, or
 *      whose sides are not a card's proportions (1.25-2.2), is not a card
 *      (blocks of text on a flat card image, whose "bed" is the card); the
 *      rectangle stands in when the single-card finder's quad in the cut
 *      disagrees with it.
 *
 * Nothing here is global: every buffer belongs to one call.
 */
#include "image/image_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

#define BED_TOLERANCE 22   /* border pixels this close (per channel) are bed */
#define BED_SHARE 0.70     /* ... and at least this share of the border must be */
#define BED_MIN_LUMA 140   /* a scanner lid is light; a dark bed is not a page here */
#define DIFF_MIN 14        /* a 3×3 mean this far from the bed stands out */
#define EDGE_MIN 90        /* or a Sobel magnitude (luma) this strong */
#define CARD_FILL 0.7      /* a card fills this much of its minimum-area rectangle */

static int luma(const uint8_t *p)
{
    return (299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000;
}

/* The median of each channel over the border ring; the share of the border
 * within BED_TOLERANCE of it. */
static double find_bed(const kith_raster *s, uint8_t bed[3])
{
    int b = (s->w < s->h ? s->w : s->h) / 40;
    if (b < 2)
        b = 2;
    long hist[3][256];
    memset(hist, 0, sizeof hist);
    long total = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            if (x >= b && x < s->w - b && y >= b && y < s->h - b)
                continue;
            const uint8_t *p = s->px + ((size_t)y * s->w + x) * 3;
            for (int c = 0; c < 3; c++)
                hist[c][p[c]]++;
            total++;
        }
    for (int c = 0; c < 3; c++) {
        long acc = 0;
        int v = 0;
        while (v < 255 && (acc += hist[c][v]) < total / 2)
            v++;
        bed[c] = (uint8_t)v;
    }
    long near = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            if (x >= b && x < s->w - b && y >= b && y < s->h - b)
                continue;
            const uint8_t *p = s->px + ((size_t)y * s->w + x) * 3;
            int d = 0;
            for (int c = 0; c < 3; c++)
                d = abs(p[c] - bed[c]) > d ? abs(p[c] - bed[c]) : d;
            near += d <= BED_TOLERANCE;
        }
    return total ? (double)near / total : 0;
}

/* m := m dilated (grow = 1) or eroded (grow = 0) by a 3×3 square. */
static void morph(uint8_t *m, uint8_t *tmp, int w, int h, int grow)
{
    memcpy(tmp, m, (size_t)w * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int any = 0, all = 1;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx, yy = y + dy;
                    int v = xx >= 0 && yy >= 0 && xx < w && yy < h ? tmp[(size_t)yy * w + xx] : 0;
                    any |= v;
                    all &= v;
                }
            m[(size_t)y * w + x] = (uint8_t)(grow ? any : all);
        }
}

/* The pixels that stand out from the bed, closed, hole-filled and opened. */
static uint8_t *card_mask(const kith_raster *s, const uint8_t bed[3])
{
    int w = s->w, h = s->h;
    uint8_t *m = kith_xcalloc((size_t)w * h, 1), *tmp = kith_xmalloc((size_t)w * h);
    uint8_t *lum = kith_xmalloc((size_t)w * h);
    for (size_t i = 0; i < (size_t)w * h; i++)
        lum[i] = (uint8_t)luma(s->px + i * 3);
    for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++) {
            int sum[3] = { 0, 0, 0 };
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    const uint8_t *p = s->px + ((size_t)(y + dy) * w + x + dx) * 3;
                    sum[0] += p[0];
                    sum[1] += p[1];
                    sum[2] += p[2];
                }
            int d = 0;
            for (int c = 0; c < 3; c++) {
                int e = abs(sum[c] / 9 - bed[c]);
                d = e > d ? e : d;
            }
#define L(dx, dy) lum[(size_t)(y + (dy)) * w + x + (dx)]
            int gx = L(1, -1) + 2 * L(1, 0) + L(1, 1) - L(-1, -1) - 2 * L(-1, 0) - L(-1, 1);
            int gy = L(-1, 1) + 2 * L(0, 1) + L(1, 1) - L(-1, -1) - 2 * L(0, -1) - L(1, -1);
#undef L
            m[(size_t)y * w + x] = d > DIFF_MIN || abs(gx) + abs(gy) > EDGE_MIN;
        }
    free(lum);
    /* closing by 2 */
    morph(m, tmp, w, h, 1);
    morph(m, tmp, w, h, 1);
    morph(m, tmp, w, h, 0);
    morph(m, tmp, w, h, 0);
    /* fill holes: the bed is what the border reaches */
    int *stack = kith_xmalloc((size_t)w * h * sizeof *stack);
    int sp = 0;
    memset(tmp, 0, (size_t)w * h);
    for (int x = 0; x < w; x++)
        for (int k = 0; k < 2; k++) {
            int i = (k ? h - 1 : 0) * w + x;
            if (!m[i] && !tmp[i]) {
                tmp[i] = 1;
                stack[sp++] = i;
            }
        }
    for (int y = 0; y < h; y++)
        for (int k = 0; k < 2; k++) {
            int i = y * w + (k ? w - 1 : 0);
            if (!m[i] && !tmp[i]) {
                tmp[i] = 1;
                stack[sp++] = i;
            }
        }
    while (sp) {
        int i = stack[--sp], x = i % w, y = i / w;
        const int nb[4] = { x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1,
                      y < h - 1 ? i + w : -1 };
        for (int k = 0; k < 4; k++)
            if (nb[k] >= 0 && !m[nb[k]] && !tmp[nb[k]]) {
                tmp[nb[k]] = 1;
                stack[sp++] = nb[k];
            }
    }
    for (size_t i = 0; i < (size_t)w * h; i++)
        m[i] = !tmp[i];
    free(stack);
    /* opening by 2 cuts bridges up to 4 px wide */
    morph(m, tmp, w, h, 0);
    morph(m, tmp, w, h, 0);
    morph(m, tmp, w, h, 1);
    morph(m, tmp, w, h, 1);
    free(tmp);
    return m;
}

/* Labels the 4-connected components of m (1..n in lab); fills area and box
 * up to max components (the rest stay 0). Returns the number labelled. */
static int components(const uint8_t *m, int w, int h, int *lab, long *area, int (*box)[4],
                      int max)
{
    int *stack = kith_xmalloc((size_t)w * h * sizeof *stack);
    memset(lab, 0, (size_t)w * h * sizeof *lab);
    int n = 0;
    for (int start = 0; start < w * h; start++) {
        if (!m[start] || lab[start])
            continue;
        if (n == max)
            break;
        int id = ++n, sp = 0;
        lab[start] = id;
        stack[sp++] = start;
        long a = 0;
        int b[4] = { w, h, 0, 0 };
        while (sp) {
            int i = stack[--sp], x = i % w, y = i / w;
            a++;
            b[0] = x < b[0] ? x : b[0];
            b[1] = y < b[1] ? y : b[1];
            b[2] = x + 1 > b[2] ? x + 1 : b[2];
            b[3] = y + 1 > b[3] ? y + 1 : b[3];
            const int nb[4] = { x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1,
                          y < h - 1 ? i + w : -1 };
            for (int k = 0; k < 4; k++)
                if (nb[k] >= 0 && m[nb[k]] && !lab[nb[k]]) {
                    lab[nb[k]] = id;
                    stack[sp++] = nb[k];
                }
        }
        area[id - 1] = a;
        memcpy(box[id - 1], b, sizeof b);
    }
    free(stack);
    return n;
}

/* A picture with an A4 or US Letter page's proportions (either way up). */
static int page_sized(int w, int h)
{
    double a = w > h ? (double)w / h : (double)h / w;
    return (a > 1.38 && a < 1.45) || (a > 1.27 && a < 1.31);
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The box and area of label id (recomputed after a split). */
static long measure(const int *lab, int w, const int in[4], int id, int out[4])
{
    long a = 0;
    int b[4] = { in[2], in[3], in[0], in[1] };
    for (int y = in[1]; y < in[3]; y++)
        for (int x = in[0]; x < in[2]; x++)
            if (lab[(size_t)y * w + x] == id) {
                a++;
                b[0] = x < b[0] ? x : b[0];
                b[1] = y < b[1] ? y : b[1];
                b[2] = x + 1 > b[2] ? x + 1 : b[2];
                b[3] = y + 1 > b[3] ? y + 1 : b[3];
            }
    memcpy(out, b, sizeof b);
    return a;
}

/* Splits label id at the deepest valley of its column or row profile (the
 * wedge between two turned cards that touch; a valley on one axis wins over
 * a shallower one on the other) or, with `halve` and no valley at all, in
 * the middle of its long side; the far part becomes label nid. Returns 1
 * when split. */
static int split(int *lab, int w, const int box[4], int id, int nid, int halve)
{
    int bw = box[2] - box[0], bh = box[3] - box[1];
    int best_axis = -1, best_at = 0;
    double best = 0.95;
    for (int axis = 0; axis < 2; axis++) {
        int len = axis ? bh : bw;
        if (len < 8)
            continue;
        int *prof = kith_xcalloc((size_t)len, sizeof *prof);
        int peak = 0;
        for (int y = box[1]; y < box[3]; y++)
            for (int x = box[0]; x < box[2]; x++)
                if (lab[(size_t)y * w + x] == id)
                    prof[axis ? y - box[1] : x - box[0]]++;
        for (int i = 0; i < len; i++)
            peak = prof[i] > peak ? prof[i] : peak;
        for (int i = len / 5; peak && i < len - len / 5; i++)
            if ((double)prof[i] / peak < best) {
                best = (double)prof[i] / peak;
                best_axis = axis;
                best_at = i;
            }
        free(prof);
    }
    if (best_axis < 0 && halve) {
        best_axis = bh > bw;
        best_at = (best_axis ? bh : bw) / 2;
    }
    if (best_axis < 0)
        return 0;
    for (int y = box[1]; y < box[3]; y++)
        for (int x = box[0]; x < box[2]; x++) {
            int *l = &lab[(size_t)y * w + x];
            if (*l == id && (best_axis ? y - box[1] : x - box[0]) > best_at)
                *l = nid;
        }
    return 1;
}

/* Splits label id by erosion: the blob is eroded until it falls apart into
 * pieces of some size (cards that touch at a corner or along a short stretch
 * part soon), and the pieces grow back over the blob's pixels. The first
 * piece keeps id, the others get nid, nid + 1, ... Returns the number of
 * pieces (0: it did not fall apart). */
static int split_erode(int *lab, int w, const int box[4], int id, int nid, double unit)
{
    int bw = box[2] - box[0], bh = box[3] - box[1];
    size_t n = (size_t)bw * bh;
    uint8_t *m = kith_xmalloc(n), *tmp = kith_xmalloc(n);
    for (int y = 0; y < bh; y++)
        for (int x = 0; x < bw; x++)
            m[(size_t)y * bw + x] = lab[(size_t)(y + box[1]) * w + x + box[0]] == id;
    enum { MAX_PIECES = 32 };
    int *loc = kith_xmalloc(n * sizeof *loc), *grown = kith_xmalloc(n * sizeof *grown);
    long area[MAX_PIECES];
    int pbox[MAX_PIECES][4], pieces = 0;
    /* chamfer distance to the background (3-4 metric), then the blob eroded
     * by d is the pixels farther than d */
    int *dist = kith_xmalloc(n * sizeof *dist);
    for (int pass = 0; pass < 2; pass++)
        for (int yy = 0; yy < bh; yy++)
            for (int xx = 0; xx < bw; xx++) {
                int x = pass ? bw - 1 - xx : xx, y = pass ? bh - 1 - yy : yy;
                size_t i = (size_t)y * bw + x;
                if (!m[i]) {
                    dist[i] = 0;
                    continue;
                }
                int dx = pass ? 1 : -1, dy = pass ? 1 : -1, best = pass ? dist[i] : 1 << 28;
                int xs = x + dx, ys = y + dy;
                int ox = xs >= 0 && xs < bw, oy = ys >= 0 && ys < bh;
                int c1 = ox ? dist[i + dx] + 3 : 3, c2 = oy ? dist[i + (long)dy * bw] + 3 : 3;
                int c3 = ox && oy ? dist[i + (long)dy * bw + dx] + 4 : 4;
                int c4 = oy && x - dx >= 0 && x - dx < bw ? dist[i + (long)dy * bw - dx] + 4 : 4;
                best = c1 < best ? c1 : best;
                best = c2 < best ? c2 : best;
                best = c3 < best ? c3 : best;
                best = c4 < best ? c4 : best;
                dist[i] = best;
            }
    for (int e = 2; e <= 40 && pieces < 2; e += 2) {
        for (size_t i = 0; i < n; i++)
            tmp[i] = dist[i] > 3 * e;
        int nc = components(tmp, bw, bh, loc, area, pbox, MAX_PIECES);
        int map[MAX_PIECES + 1] = { 0 };
        pieces = 0;
        for (int i = 0; i < nc; i++)
            if (area[i] >= 0.15 * unit)
                map[i + 1] = ++pieces;
        if (pieces == 0)
            break;
        for (size_t i = 0; i < n; i++)
            loc[i] = map[loc[i]];
    }
    free(dist);
    if (pieces >= 2) {
        /* grow the pieces back, one ring at a time, over the blob */
        int changed = 1;
        while (changed) {
            changed = 0;
            memcpy(grown, loc, n * sizeof *loc);
            for (int y = 0; y < bh; y++)
                for (int x = 0; x < bw; x++) {
                    size_t i = (size_t)y * bw + x;
                    if (loc[i] || lab[(size_t)(y + box[1]) * w + x + box[0]] != id)
                        continue;
                    int v = x > 0 && loc[i - 1] ? loc[i - 1]
                          : x < bw - 1 && loc[i + 1] ? loc[i + 1]
                          : y > 0 && loc[i - bw] ? loc[i - bw]
                          : y < bh - 1 && loc[i + bw] ? loc[i + bw] : 0;
                    if (v) {
                        grown[i] = v;
                        changed = 1;
                    }
                }
            memcpy(loc, grown, n * sizeof *loc);
        }
        for (int y = 0; y < bh; y++)
            for (int x = 0; x < bw; x++) {
                int v = loc[(size_t)y * bw + x];
                if (v > 1)
                    lab[(size_t)(y + box[1]) * w + x + box[0]] = nid + v - 2;
            }
    }
    free(m);
    free(tmp);
    free(loc);
    free(grown);
    return pieces >= 2 ? pieces : 0;
}

/* The minimum-area rectangle around label id's boundary, TL TR BR BL. */
static void min_rect(const int *lab, int w, int h, const int box[4], int id, double rect[4][2])
{
    size_t cap = 2 * (size_t)(box[2] - box[0] + box[3] - box[1]) + 16, np = 0;
    double *pt = kith_xmalloc(cap * 2 * sizeof *pt);
    for (int y = box[1]; y < box[3]; y++)
        for (int x = box[0]; x < box[2]; x++) {
            size_t i = (size_t)y * w + x;
            if (lab[i] != id)
                continue;
            int edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 || lab[i - 1] != id ||
                       lab[i + 1] != id || lab[i - w] != id || lab[i + w] != id;
            if (!edge)
                continue;
            if (np == cap) {
                cap *= 2;
                pt = kith_xrealloc(pt, cap * 2 * sizeof *pt);
            }
            pt[2 * np] = x + 0.5;
            pt[2 * np + 1] = y + 0.5;
            np++;
        }
    double best_area = -1;
    for (int step = -90; step < 90; step++) {
        double a = step * 0.5 * M_PI / 180, c = cos(a), s = sin(a);
        double u0 = 1e18, u1 = -1e18, v0 = 1e18, v1 = -1e18;
        for (size_t k = 0; k < np; k++) {
            double u = c * pt[2 * k] + s * pt[2 * k + 1], v = -s * pt[2 * k] + c * pt[2 * k + 1];
            u0 = u < u0 ? u : u0;
            u1 = u > u1 ? u : u1;
            v0 = v < v0 ? v : v0;
            v1 = v > v1 ? v : v1;
        }
        u0 -= 0.5, v0 -= 0.5, u1 += 0.5, v1 += 0.5;
        double area = (u1 - u0) * (v1 - v0);
        if (best_area < 0 || area < best_area) {
            best_area = area;
            double uv[4][2] = { { u0, v0 }, { u1, v0 }, { u1, v1 }, { u0, v1 } };
            for (int k = 0; k < 4; k++) {
                rect[k][0] = c * uv[k][0] - s * uv[k][1];
                rect[k][1] = s * uv[k][0] + c * uv[k][1];
            }
        }
    }
    free(pt);
}

/* Reading order: rows (centres within half a card's height), left to right. */
static void reading_order(kith_card_regions *r)
{
    int ord[KITH_MAX_CARDS];
    double cx[KITH_MAX_CARDS], cy[KITH_MAX_CARDS], hmin = 1e18;
    for (int k = 0; k < r->n; k++) {
        ord[k] = k;
        cx[k] = (r->box[k][0] + r->box[k][2]) / 2.0;
        cy[k] = (r->box[k][1] + r->box[k][3]) / 2.0;
        double hh = r->box[k][3] - r->box[k][1], ww = r->box[k][2] - r->box[k][0];
        hmin = fmin(hmin, fmin(hh, ww));
    }
    /* insertion sort: a before b when a's row is above, or same row and left */
    for (int i = 1; i < r->n; i++)
        for (int j = i; j > 0; j--) {
            int a = ord[j - 1], b = ord[j];
            int same_row = fabs(cy[a] - cy[b]) < hmin / 2;
            int swap = same_row ? cx[b] < cx[a] : cy[b] < cy[a];
            if (!swap)
                break;
            ord[j - 1] = b;
            ord[j] = a;
        }
    int box[KITH_MAX_CARDS][4];
    double rect[KITH_MAX_CARDS][4][2];
    int newid[KITH_MAX_CARDS + 1];
    memcpy(box, r->box, sizeof box);
    memcpy(rect, r->rect, sizeof rect);
    for (int k = 0; k < r->n; k++) {
        memcpy(r->box[k], box[ord[k]], sizeof box[0]);
        memcpy(r->rect[k], rect[ord[k]], sizeof rect[0]);
        newid[ord[k] + 1] = k + 1;
    }
    for (size_t i = 0; i < (size_t)r->w * r->h; i++)
        if (r->label[i] > 0)
            r->label[i] = newid[r->label[i]];
}

int kith_find_card_regions(const kith_raster *s, kith_card_regions *r)
{
    memset(r, 0, sizeof *r);
    int w = s->w, h = s->h;
    if (s->bands != 3 || w < 64 || h < 64)
        return 0;
    if (find_bed(s, r->bed) < BED_SHARE || luma(r->bed) < BED_MIN_LUMA)
        return 0;
    uint8_t *m = card_mask(s, r->bed);
    enum { MAX_BLOBS = 256 };
    int *lab = kith_xmalloc((size_t)w * h * sizeof *lab);
    long area[MAX_BLOBS];
    int box[MAX_BLOBS][4];
    int nb = components(m, w, h, lab, area, box, MAX_BLOBS);
    free(m);

    /* the card size: median of the plausible blobs */
    double img = (double)w * h, unit = 0.072 * img;
    long cand[MAX_BLOBS];
    int nc = 0;
    for (int i = 0; i < nb; i++) {
        if (area[i] > 0.3 * img && !page_sized(w, h)) {   /* one card filling a photo */
            free(lab);
            return 0;
        }
        if (area[i] >= 0.02 * img && area[i] <= 0.15 * img)
            cand[nc++] = area[i];
    }
    if (nc) {
        qsort(cand, (size_t)nc, sizeof *cand, cmp_long);
        unit = (double)cand[nc / 2];
    }

    /* keep card-sized blobs, split the ones of several cards */
    int ids[KITH_MAX_CARDS] = { 0 }, n = 0, next = nb + 1;
    int work[MAX_BLOBS], nw = 0;
    for (int i = 0; i < nb; i++)
        work[nw++] = i + 1;
    while (nw && n < KITH_MAX_CARDS) {
        int id = work[--nw];
        int b[4];
        long a = id <= nb ? area[id - 1] : 0;
        if (id > nb || a == 0) {
            int all[4] = { 0, 0, w, h };
            a = measure(lab, w, id <= nb ? box[id - 1] : all, id, b);
            if (id <= nb) {
                area[id - 1] = a;
                memcpy(box[id - 1], b, sizeof b);
            }
        } else {
            memcpy(b, box[id - 1], sizeof b);
        }
        double k = a / unit;
        if (k < 0.45)
            continue;
        int parts = 0;
        if (k > 1.6 && k < 14 && next + 32 < MAX_BLOBS + KITH_MAX_CARDS) {
            parts = split_erode(lab, w, b, id, next, unit);
            if (!parts && split(lab, w, b, id, next, k > 1.7 && k < 2.4))
                parts = 2;
        }
        if (parts) {
            /* every part goes back on the list, measured afresh */
            if (id <= nb)
                area[id - 1] = 0;
            for (int p = 0; p < parts && nw < MAX_BLOBS; p++)
                work[nw++] = p ? next + p - 1 : id;
            next += parts - 1;
            continue;
        }
        if (k > 1.6)
            continue;   /* a blob that is not a card (a sheet, a shadow) */
        ids[n++] = id;
    }

    /* relabel: the kept cards 1..n, everything else bed */
    int *map = kith_xcalloc((size_t)next + 1, sizeof *map);
    for (int k = 0; k < n; k++)
        map[ids[k]] = k + 1;
    for (size_t i = 0; i < (size_t)w * h; i++)
        lab[i] = lab[i] > 0 && lab[i] <= next ? map[lab[i]] : 0;
    free(map);
    r->label = lab;
    r->w = w;
    r->h = h;
    r->n = n;
    /* a card is a filled rectangle of a card's proportions: blocks of text
     * on a flat card (where the "bed" is the card itself) are not */
    int all[4] = { 0, 0, w, h }, keep = 0, newid[KITH_MAX_CARDS + 1] = { 0 };
    for (int k = 0; k < n; k++) {
        long a = measure(lab, w, all, k + 1, r->box[keep]);
        min_rect(lab, w, h, r->box[keep], k + 1, r->rect[keep]);
        double s1 = hypot(r->rect[keep][1][0] - r->rect[keep][0][0],
                          r->rect[keep][1][1] - r->rect[keep][0][1]);
        double s2 = hypot(r->rect[keep][2][0] - r->rect[keep][1][0],
                          r->rect[keep][2][1] - r->rect[keep][1][1]);
        double aspect = s1 > s2 ? s1 / fmax(s2, 1) : s2 / fmax(s1, 1);
        if (a >= CARD_FILL * s1 * s2 && aspect > 1.25 && aspect < 2.2)
            newid[k + 1] = ++keep;
    }
    for (size_t i = 0; i < (size_t)w * h; i++)
        lab[i] = newid[lab[i]];
    r->n = n = keep;
    reading_order(r);
    return n;
}

void kith_card_regions_free(kith_card_regions *r)
{
    free(r->label);
    r->label = NULL;
    r->n = 0;
}

kith_raster kith_card_crop(const kith_raster *big, int orientation, int raw_w, int raw_h,
                           const kith_card_regions *r, int k, double sx, double sy, int *x0,
                           int *y0)
{
    const int *b = r->box[k];
    int bw = b[2] - b[0], bh = b[3] - b[1];
    int margin = (bw > bh ? bw : bh) / 12 + 3;
    int sx0 = b[0] - margin, sy0 = b[1] - margin, sx1 = b[2] + margin, sy1 = b[3] + margin;
    sx0 = sx0 < 0 ? 0 : sx0;
    sy0 = sy0 < 0 ? 0 : sy0;
    sx1 = sx1 > r->w ? r->w : sx1;
    sy1 = sy1 > r->h ? r->h : sy1;
    /* the other cards near this one, grown by 2 small pixels */
    int cw = sx1 - sx0, ch = sy1 - sy0;
    uint8_t *other = kith_xcalloc((size_t)cw * ch, 1);
    for (int y = sy0; y < sy1; y++)
        for (int x = sx0; x < sx1; x++) {
            int hit = 0;
            for (int dy = -2; dy <= 2 && !hit; dy++)
                for (int dx = -2; dx <= 2 && !hit; dx++) {
                    int xx = x + dx, yy = y + dy;
                    if (xx < 0 || yy < 0 || xx >= r->w || yy >= r->h)
                        continue;
                    int l = r->label[(size_t)yy * r->w + xx];
                    hit = l > 0 && l != k + 1;
                }
            other[(size_t)(y - sy0) * cw + x - sx0] = (uint8_t)hit;
        }
    int turned = orientation >= 5;
    int disp_w = turned ? raw_h : raw_w, disp_h = turned ? raw_w : raw_h;
    int X0 = (int)floor(sx0 * sx), Y0 = (int)floor(sy0 * sy);
    int X1 = (int)ceil(sx1 * sx), Y1 = (int)ceil(sy1 * sy);
    X1 = X1 > disp_w ? disp_w : X1;
    Y1 = Y1 > disp_h ? disp_h : Y1;
    kith_raster c = { X1 - X0, Y1 - Y0, 3, NULL };
    c.px = kith_xmalloc((size_t)c.w * c.h * 3);
    for (int y = 0; y < c.h; y++)
        for (int x = 0; x < c.w; x++) {
            uint8_t *dst = c.px + ((size_t)y * c.w + x) * 3;
            int lx = (int)((X0 + x) / sx) - sx0, ly = (int)((Y0 + y) / sy) - sy0;
            lx = lx < 0 ? 0 : lx >= cw ? cw - 1 : lx;
            ly = ly < 0 ? 0 : ly >= ch ? ch - 1 : ly;
            if (other[(size_t)ly * cw + lx]) {
                memcpy(dst, r->bed, 3);
                continue;
            }
            double rx, ry;
            kith_orient_to_raw(orientation, raw_w, raw_h, X0 + x + 0.5, Y0 + y + 0.5, &rx, &ry);
            int ix = (int)(rx * big->w / raw_w), iy = (int)(ry * big->h / raw_h);
            ix = ix < 0 ? 0 : ix >= big->w ? big->w - 1 : ix;
            iy = iy < 0 ? 0 : iy >= big->h ? big->h - 1 : iy;
            memcpy(dst, big->px + ((size_t)iy * big->w + ix) * 3, 3);
        }
    free(other);
    *x0 = X0;
    *y0 = Y0;
    return c;
}

static double quad_area(const double (*q)[2])
{
    double a = 0;
    for (int k = 0; k < 4; k++)
        a += q[k][0] * q[(k + 1) % 4][1] - q[(k + 1) % 4][0] * q[k][1];
    return fabs(a) / 2;
}

int kith_card_quad_agrees(const kith_card_regions *r, int k, double sx, double sy, int x0, int y0,
                          const double (*quad)[2])
{
    if (!quad)
        return 0;
    double rect[4][2], rc[2] = { 0, 0 }, qc[2] = { 0, 0 };
    for (int c = 0; c < 4; c++) {
        rect[c][0] = r->rect[k][c][0] * sx - x0;
        rect[c][1] = r->rect[k][c][1] * sy - y0;
        rc[0] += rect[c][0] / 4;
        rc[1] += rect[c][1] / 4;
        qc[0] += quad[c][0] / 4;
        qc[1] += quad[c][1] / 4;
    }
    double ra = quad_area((const double (*)[2])rect), qa = quad_area(quad);
    if (ra <= 0 || qa / ra < 0.75 || qa / ra > 1.3)
        return 0;
    return hypot(rc[0] - qc[0], rc[1] - qc[1]) < 0.15 * sqrt(ra);
}
