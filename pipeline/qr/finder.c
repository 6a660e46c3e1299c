/*
 * finder.c — is there a QR code on the card at all? Its finder patterns
 * answer in a few ms, so zbar runs only where one shows.
 */
#include "qr/qr.h"
#include "qr/qr_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/init.h"
#include "common/strbuf.h"
#include "common/util.h"

/* --- is there a code at all? --------------------------------------------- */

/* Finder patterns: the three squares in a QR code's corners read, along any
 * line through their centre, dark-light-dark-light-dark in the proportions
 * 1:1:3:1:1. Text seldom does that both across and down, and a code shows
 * three; this looks for them on every other row of the card (a few ms for a
 * card image) so the photo is decoded a second time only when a code is
 * there to be found. */
#define FINDER_DARK 128      /* the card image is dark print on white */
#define FINDER_MIN 14        /* smallest pattern (2 px modules), px */
#define FINDER_MAX_SHARE 4   /* largest: a quarter of the card's short side */

/* Whether the five runs r[0..4] (dark first) are 1:1:3:1:1 within a module's
 * slack; *size gets their total. */
static int finder_runs(const int r[5], int *size)
{
    int total = r[0] + r[1] + r[2] + r[3] + r[4];
    *size = total;
    if (total < FINDER_MIN)
        return 0;
    /* in sevenths of the total, each run within 0.7 of a module */
    const int want[5] = {1, 1, 3, 1, 1};
    for (int i = 0; i < 5; i++)
        if (abs(r[i] * 7 - want[i] * total) * 10 > 7 * total)
            return 0;
    return 1;
}

/* The five runs down column x around row y (the centre run holds y);
 * 0 when the column leaves the image first. */
static int column_runs(const kith_image *img, int x, int y, int r[5])
{
    const uint8_t *px = img->pixels;
    int w = img->width, h = img->height;
    int inv = img->inverted != 0;
#define DARK_AT(yy) ((px[(size_t)(yy) * (size_t)w + (size_t)x] < FINDER_DARK) != inv)
    if (!DARK_AT(y))
        return 0;
    int up = y, down = y;
    while (up > 0 && DARK_AT(up - 1))
        up--;
    while (down < h - 1 && DARK_AT(down + 1))
        down++;
    r[2] = down - up + 1;
    /* outward: light then dark, each side */
    int yy = up - 1, n;
    for (int k = 1; k >= 0; k--) {
        int dark = k == 0;
        for (n = 0; yy >= 0 && DARK_AT(yy) == dark; yy--)
            n++;
        if (yy < 0 && k == 0 && n == 0)
            return 0;
        r[k] = n;
    }
    yy = down + 1;
    for (int k = 3; k <= 4; k++) {
        int dark = k == 4;
        for (n = 0; yy < h && DARK_AT(yy) == dark; yy++)
            n++;
        r[k] = n;
    }
#undef DARK_AT
    return r[0] > 0 && r[1] > 0 && r[3] > 0 && r[4] > 0;
}

int kith_qr_seen(const kith_image *img)
{
    if (!img || !img->pixels || img->width <= 0 || img->height <= 0)
        return 0;
    int w = img->width, h = img->height;
    /* a code printed dark on a light patch of a dark card reads light on
     * dark once the card is inverted, as zbar is told in kith_qr_read */
    int inv = img->inverted != 0;
    int max_size = (w < h ? w : h) / FINDER_MAX_SHARE;
    /* centres found so far (distinct patterns) */
    enum { MAX_FOUND = 8 };
    int fx[MAX_FOUND], fy[MAX_FOUND], fs[MAX_FOUND], found = 0;
    int runs[5], start[5];
    for (int y = 0; y < h && found < 3; y += 2) {
        const uint8_t *row = img->pixels + (size_t)y * (size_t)w;
        /* the last five runs along the row, oldest first */
        int n_runs = 0, cur_dark = (row[0] < FINDER_DARK) != inv, len = 0;
        for (int x = 0; x <= w; x++) {
            int dark = x < w ? (row[x] < FINDER_DARK) != inv : !cur_dark;
            if (dark == cur_dark) {
                len++;
                continue;
            }
            if (n_runs == 5) {
                memmove(runs, runs + 1, 4 * sizeof *runs);
                memmove(start, start + 1, 4 * sizeof *start);
                n_runs = 4;
            }
            runs[n_runs] = len;
            start[n_runs] = x - len;
            n_runs++;
            cur_dark = dark;
            len = 1;
            int size;
            /* a dark run just ended: five runs, dark first? */
            if (n_runs < 5 || dark || !finder_runs(runs, &size) || size > max_size)
                continue;
            int cx = start[2] + runs[2] / 2, col[5], vsize;
            if (!column_runs(img, cx, y, col) || !finder_runs(col, &vsize) ||
                vsize * 2 < size || vsize > size * 2)
                continue;
            int cy = y - col[2] / 2; /* near enough the centre */
            int same = 0;
            for (int k = 0; k < found && !same; k++)
                same = abs(fx[k] - cx) < fs[k] && abs(fy[k] - cy) < fs[k];
            if (!same && found < MAX_FOUND) {
                fx[found] = cx;
                fy[found] = cy;
                fs[found] = size;
                found++;
            }
        }
    }
    /* two patterns of about one size: a code (one may be damaged) */
    for (int a = 0; a < found; a++)
        for (int b = a + 1; b < found; b++)
            if (fs[a] * 3 > fs[b] * 2 && fs[b] * 3 > fs[a] * 2)
                return 1;
    return 0;
}
