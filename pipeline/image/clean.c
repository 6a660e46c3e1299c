/*
 * clean.c — from a flattened colour card to grey text on an even white ground,
 * upright and straight.
 *
 * Grey conversion. Luminance loses colour text (orange on white is light
 * grey), min/max-of-channels loses text on coloured cards, and a dark card
 * needs inverting. One rule does all three: a pixel's grey value is its
 * colour distance (largest channel difference) from the LOCAL background
 * colour, estimated as per-block channel medians smoothed over neighbouring
 * blocks. Text of any colour on any ground comes out dark on white, shadows
 * and light gradients divide out with the background, and a dark card is
 * inverted as a side effect (reported through *dark). The output is not
 * binarized: tesseract's own thresholding of this clean grey image is as good,
 * and thin strokes survive better.
 *
 * Orientation: which way the lines run comes from the characters themselves
 * (nearest-neighbour directions of character-sized components, robust to
 * logos and colour bands, and script-neutral: it also settles the Japanese
 * real photos); which way is up comes from leptonica's ascender/descender
 * counts (pixOrientDetect) on the full-resolution binary copy (at half
 * resolution its confidences were mostly 0). Measured against tesseract OSD
 * on the same 60 flattened, unturned generated cards (kith-gen --seed 101
 * --mode mixed, cards 1-60): this method 58/60 right at a median 18 ms (wall,
 * on a loaded 2-core machine); tesseract --psm 0 55/60 right, gave up on 3,
 * at ~810 ms a card through the CLI (~250 ms in-process by its own account,
 * and it gives up under ~50 characters). Faster and surer: text lines win,
 * and OSD is not used.
 */
#include "image/image_internal.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

/* Orientation thresholds: the profile ratio that settles horizontal vs
 * vertical lines, and the up/down confidence needed to turn a card over. */
#define AXIS_RATIO 1.3
#define MIN_UPCONF 2.0
#define SPARSE_MINCOUNT 10  /* ascenders + descenders when the default 70 gives nothing */
/* Ink for orientation is grey below this: light grey small print (contact
 * lines printed grey) drops out at 128 and leaves too few ascenders to tell
 * up from down (2 upside-down or swapped cards of 320 kith-gen photos, seeds
 * 7 and 404, right at 160 with none lost; 190 the same, 220 worse) */
#define ORIENT_THRESH 160

static int cmp_u8(const void *a, const void *b)
{
    return *(const uint8_t *)a - *(const uint8_t *)b;
}

/* Median of a 256-bin histogram holding n values. */
static int hist_median(const int *hist, int n)
{
    int half = n / 2, acc = 0;
    for (int v = 0; v < 256; v++) {
        acc += hist[v];
        if (acc > half)
            return v;
    }
    return 255;
}

kith_raster kith_luma(const kith_raster *rgb)
{
    size_t n = (size_t)rgb->w * rgb->h;
    kith_raster g = { rgb->w, rgb->h, 1, kith_xmalloc(n ? n : 1) };
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = rgb->px + i * (size_t)rgb->bands;
        g.px[i] = rgb->bands >= 3 ? (uint8_t)((299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000) : p[0];
    }
    return g;
}

kith_raster kith_text_grey(const kith_raster *rgb, int *dark)
{
    int w = rgb->w, h = rgb->h, nb = rgb->bands;
    int shorter = w < h ? w : h;
    int bs = shorter / 10;
    if (bs < 8)
        bs = 8;
    int gw = (w + bs - 1) / bs, gh = (h + bs - 1) / bs;
    uint8_t *blk = kith_xmalloc((size_t)gw * gh * 3);
    uint8_t *bg = kith_xmalloc((size_t)gw * gh * 3);

    /* per-block channel medians (every other pixel is plenty) */
    for (int by = 0; by < gh; by++)
        for (int bx = 0; bx < gw; bx++) {
            int hist[3][256];
            memset(hist, 0, sizeof hist);
            int n = 0;
            for (int y = by * bs; y < (by + 1) * bs && y < h; y += 2)
                for (int x = bx * bs; x < (bx + 1) * bs && x < w; x += 2) {
                    const uint8_t *p = rgb->px + ((size_t)y * w + x) * nb;
                    for (int c = 0; c < 3; c++)
                        hist[c][p[nb == 3 ? c : 0]]++;
                    n++;
                }
            for (int c = 0; c < 3; c++)
                blk[((size_t)by * gw + bx) * 3 + c] = (uint8_t)hist_median(hist[c], n);
        }
    /* 3×3 median over blocks: a block filled by a logo or a bold line does not
     * become "background" */
    long lum_hist[256] = { 0 };
    for (int by = 0; by < gh; by++)
        for (int bx = 0; bx < gw; bx++) {
            for (int c = 0; c < 3; c++) {
                uint8_t v[9];
                int k = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = by + dy, xx = bx + dx;
                        if (yy < 0 || xx < 0 || yy >= gh || xx >= gw)
                            continue;
                        v[k++] = blk[((size_t)yy * gw + xx) * 3 + c];
                    }
                qsort(v, k, 1, cmp_u8);
                bg[((size_t)by * gw + bx) * 3 + c] = v[k / 2];
            }
            const uint8_t *q = bg + ((size_t)by * gw + bx) * 3;
            lum_hist[(299 * q[0] + 587 * q[1] + 114 * q[2]) / 1000]++;
        }
    long half = (long)gw * gh / 2, acc = 0;
    int lum_med = 255;
    for (int v = 0; v < 256; v++) {
        acc += lum_hist[v];
        if (acc > half) {
            lum_med = v;
            break;
        }
    }
    *dark = lum_med < 110;

    /* the background bilinearly interpolated on a 4-px grid (it is smooth),
     * then each pixel's distance from it */
    int mw = (w + 3) / 4, mh = (h + 3) / 4;
    uint8_t *map = kith_xmalloc((size_t)mw * mh * 3);
    for (int my = 0; my < mh; my++) {
        double fy = (my * 4 + 2.0) / bs - 0.5;
        int y0 = (int)floor(fy);
        double ty = y0 < 0 ? 0 : fy - y0;
        int ya = y0 < 0 ? 0 : y0, yb = y0 + 1 >= gh ? gh - 1 : y0 + 1;
        for (int mx = 0; mx < mw; mx++) {
            double fx = (mx * 4 + 2.0) / bs - 0.5;
            int x0 = (int)floor(fx);
            double tx = x0 < 0 ? 0 : fx - x0;
            int xa = x0 < 0 ? 0 : x0, xb = x0 + 1 >= gw ? gw - 1 : x0 + 1;
            for (int c = 0; c < 3; c++) {
                double top = bg[((size_t)ya * gw + xa) * 3 + c] * (1 - tx) +
                             bg[((size_t)ya * gw + xb) * 3 + c] * tx;
                double bot = bg[((size_t)yb * gw + xa) * 3 + c] * (1 - tx) +
                             bg[((size_t)yb * gw + xb) * 3 + c] * tx;
                map[((size_t)my * mw + mx) * 3 + c] = (uint8_t)(top + (bot - top) * ty + 0.5);
            }
        }
    }
    uint8_t *d = kith_xmalloc((size_t)w * h);
    int dhist[256] = { 0 };
    for (int y = 0; y < h; y++) {
        const uint8_t *mrow = map + (size_t)(y / 4) * mw * 3;
        const uint8_t *p = rgb->px + (size_t)y * w * nb;
        uint8_t *drow = d + (size_t)y * w;
        for (int x = 0; x < w; x++) {
            const uint8_t *q = mrow + (x / 4) * 3;
            int dist = 0;
            for (int c = 0; c < 3; c++) {
                int diff = p[x * nb + (nb == 3 ? c : 0)] - q[c];
                if (diff < 0)
                    diff = -diff;
                if (diff > dist)
                    dist = diff;
            }
            drow[x] = (uint8_t)dist;
            dhist[dist]++;
        }
    }
    free(map);
    /* noise floor at the median distance, full black at the 99.5th percentile */
    long total = (long)w * h, cum = 0;
    int floor_d = -1, hi = 255;
    for (int v = 0; v < 256; v++) {
        cum += dhist[v];
        if (floor_d < 0 && cum * 2 >= total)
            floor_d = v;
        if (cum * 1000 >= total * 995) {
            hi = v;
            break;
        }
    }
    floor_d += 2;
    double gain = hi - floor_d > 1 ? 235.0 / (hi - floor_d) : 1;
    if (gain > 4)
        gain = 4;
    if (gain < 1)
        gain = 1;
    kith_raster g = { w, h, 1, d };
    for (size_t i = 0; i < (size_t)w * h; i++) {
        double v = (d[i] - floor_d) * gain;
        d[i] = (uint8_t)(v <= 0 ? 255 : v >= 255 ? 0 : 255 - v);
    }
    free(blk);
    free(bg);
    return g;
}

/* A 1-bpp leptonica copy of a grey raster, reduced by `reduce` (1 or 2):
 * black where the (average) grey is below `thresh`. Caller destroys it. */
static PIX *binary_pix(const kith_raster *g, int reduce, int thresh)
{
    int w = g->w / reduce, h = g->h / reduce;
    PIX *pix = pixCreate(w, h, 1);
    if (!pix)
        return NULL;
    l_uint32 *data = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        for (int x = 0; x < w; x++) {
            int sum = 0;
            for (int dy = 0; dy < reduce; dy++)
                for (int dx = 0; dx < reduce; dx++)
                    sum += g->px[(size_t)(y * reduce + dy) * g->w + x * reduce + dx];
            if (sum < thresh * reduce * reduce)
                SET_DATA_BIT(line, x);
        }
    }
    return pix;
}

/* Which way the text lines run, from the characters themselves: in a line,
 * a character's nearest neighbour sits beside it (characters are closer than
 * lines). Votes of character-sized connected components of the binary copy;
 * returns horizontal votes / vertical votes (> 1: horizontal lines). Big
 * blobs (logos, colour bands, photos) do not vote, so they cannot sway it. */
static double line_axis_ratio(PIX *bin)
{
    BOXA *boxa = pixConnCompBB(bin, 8);
    if (!boxa)
        return 1;
    int n = boxaGetCount(boxa);
    int lim = (pixGetWidth(bin) < pixGetHeight(bin) ? pixGetWidth(bin) : pixGetHeight(bin)) / 8;
    double *cx = kith_xmalloc((size_t)(n + 1) * sizeof *cx);
    double *cy = kith_xmalloc((size_t)(n + 1) * sizeof *cy);
    int m = 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, bw, bh;
        if (boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh) != 0)
            continue;
        if (bw < 3 && bh < 3)
            continue;  /* specks */
        if (bw > lim || bh > lim)
            continue;  /* not a character */
        cx[m] = x + bw / 2.0;
        cy[m] = y + bh / 2.0;
        m++;
    }
    boxaDestroy(&boxa);
    double hv = 1, vv = 1;
    for (int i = 0; i < m; i++) {
        double best = 1e30, bdx = 0, bdy = 0;
        for (int j = 0; j < m; j++) {
            if (j == i)
                continue;
            double dx = cx[j] - cx[i], dy = cy[j] - cy[i];
            double d = dx * dx + dy * dy;
            if (d < best) {
                best = d;
                bdx = dx;
                bdy = dy;
            }
        }
        if (best > (double)lim * lim)
            continue;
        if (fabs(bdx) > 2 * fabs(bdy))
            hv++;
        else if (fabs(bdy) > 2 * fabs(bdx))
            vv++;
    }
    free(cx);
    free(cy);
    return hv / vv;
}

int kith_detect_rotation(const kith_raster *grey, double *confidence)
{
    *confidence = 0;
    PIX *pix = binary_pix(grey, 1, ORIENT_THRESH);
    if (!pix)
        return 0;
    double axis = line_axis_ratio(pix);
    l_float32 up = 0, left = 0;
    if (pixOrientDetect(pix, &up, &left, 0, 0) != 0)
        up = left = 0;
    /* leptonica says nothing (0) below 70 ascenders and descenders, which a
     * sparse card does not reach; ask again with a lower count rather than
     * guess (a sideways card read 90 instead of 270 on 2 of 180
     * kith-gen photos, seeds 7 and 404; both right with the retry, no other
     * answer changed) */
    if (up == 0 || left == 0) {
        l_float32 up2 = 0, left2 = 0;
        if (pixOrientDetect(pix, &up2, &left2, SPARSE_MINCOUNT, 0) == 0) {
            if (up == 0)
                up = up2;
            if (left == 0)
                left = left2;
        }
    }
    pixDestroy(&pix);
    /* up > 0: text upright, up < 0: upside down; left > 0: text turned
     * 90 degrees anticlockwise (reads bottom to top), left < 0: clockwise */
    int horizontal;
    if (axis > AXIS_RATIO)
        horizontal = 1;
    else if (axis < 1 / AXIS_RATIO)
        horizontal = 0;
    else
        horizontal = fabsf(up) >= fabsf(left);
    if (horizontal) {
        *confidence = fabsf(up);
        return up < -MIN_UPCONF ? 180 : 0;
    }
    *confidence = fabsf(left);
    return left >= 0 ? 90 : 270;
}

/* Turns grey in place by angle degrees (clockwise), white brought in;
 * returns 0, or -1 when leptonica could not (grey unchanged). */
static int rotate_by(kith_raster *grey, double angle)
{
    PIX *pg = pixCreate(grey->w, grey->h, 8);
    if (!pg)
        return -1;
    l_uint32 *data = pixGetData(pg);
    int wpl = pixGetWpl(pg);
    for (int y = 0; y < grey->h; y++)
        for (int x = 0; x < grey->w; x++)
            SET_DATA_BYTE(data + (size_t)y * wpl, x, grey->px[(size_t)y * grey->w + x]);
    PIX *rot = pixRotate(pg, (l_float32)(angle * M_PI / 180.0), L_ROTATE_AREA_MAP,
                         L_BRING_IN_WHITE, 0, 0);
    pixDestroy(&pg);
    if (!rot)
        return -1;
    int rc = -1;
    if (pixGetWidth(rot) == grey->w && pixGetHeight(rot) == grey->h && pixGetDepth(rot) == 8) {
        data = pixGetData(rot);
        wpl = pixGetWpl(rot);
        for (int y = 0; y < grey->h; y++)
            for (int x = 0; x < grey->w; x++)
                grey->px[(size_t)y * grey->w + x] = (uint8_t)GET_DATA_BYTE(data + (size_t)y * wpl, x);
        rc = 0;
    }
    pixDestroy(&rot);
    return rc;
}

double kith_deskew(kith_raster *grey)
{
    PIX *bin = binary_pix(grey, 1, 128);
    if (!bin)
        return 0;
    l_float32 angle = 0, conf = 0;
    int ok = pixFindSkew(bin, &angle, &conf) == 0;
    pixDestroy(&bin);
    if (!ok || conf < 3.0 || fabsf(angle) < 0.1f || fabsf(angle) > 5.0f)
        return 0;
    return rotate_by(grey, angle) == 0 ? angle : 0;
}

void kith_rotate_small(kith_raster *grey, double angle)
{
    rotate_by(grey, angle);
}
