/*
 * faint.c — the faint-text pass: a second look at printed marks the first
 * reading left without words.
 *
 * tesseract binarizes the card with one threshold. On a card that prints its
 * name in black and its phones, address or logotype in light grey (or in
 * silver foil, or small print in a pale colour), that threshold lies between
 * the black and the grey and the grey text vanishes: the Azure sample card
 * loses three phones, the address and "CONTOSO" that way. The pass:
 *
 *   1. cuts the card into cells about a quarter of a text line high and keeps
 *      the cells with contrast (darkest to lightest pixel at least
 *      FAINT_MIN_RANGE) that no word of the first reading covers;
 *   2. joins them, bridging small gaps along a row, into regions and keeps
 *      the FAINT_MAX_REGIONS largest that have the shape of text;
 *   3. stretches each region's contrast (its darkest ink to black, its paper
 *      to white), whites out the words already read, and reads it as one
 *      block;
 *   4. appends the lines read with confidence (mean at least FAINT_MIN_CONF,
 *      three letters or digits at least) to the result, in the card's
 *      coordinates.
 *
 * Only faint regions are read: where the darkest ink is lighter than
 * FAINT_MIN_INK. Black marks that the first reading did not take for text are
 * logo marks and rules; read as letters they put "EZY" before a company. The
 * one exception is a dark panel with light print on it (white letters in a
 * logo's oval, a coloured band: the region's median dark, a twentieth of it
 * light), which is read as its negative.
 *
 * A card whose text was all read has no such regions and costs one pass over
 * its pixels (a few milliseconds).
 */
#include "ocr/ocr_internal.h"
#include "common/text.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

enum {
    FAINT_MAX_REGIONS = 6,
    FAINT_MIN_RANGE = 40,   /* grey levels between ink and paper in a cell */
    FAINT_MIN_STRETCH = 30, /* a region's ink-to-paper contrast worth reading */
    FAINT_MIN_INK = 90,     /* a region whose darkest ink is darker is no faint print */
    FAINT_WORD_CONF = 50,   /* a word of the second reading is kept from here */
    FAINT_MIN_CONF = 70,    /* and its line when the kept words average this */
    FAINT_PANEL_DARK = 100, /* a region whose median is darker is a dark panel, */
    FAINT_PANEL_LIGHT = 170, /* read as its negative when this light a print */
    FAINT_PANEL_PRINT = 5   /* covers this many percent of it */
};

typedef struct region {
    int cx0, cy0, cx1, cy1; /* cells, inclusive */
    int cells;              /* marked cells in it */
} region;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int box_known(const kith_box *b)
{
    return b->x1 > b->x0 && b->y1 > b->y0;
}

/* The median height of the first reading's lines; 0 when there is none. */
static int median_height(const kith_ocr_result *res)
{
    int *h = kith_xmalloc((res->n_lines + 1) * sizeof *h);
    size_t n = 0;
    for (size_t i = 0; i < res->n_lines; i++)
        if (box_known(&res->lines[i].box))
            h[n++] = res->lines[i].box.y1 - res->lines[i].box.y0;
    int med = 0;
    if (n) {
        qsort(h, n, sizeof *h, cmp_int);
        med = h[n / 2];
    }
    free(h);
    return med;
}

/* Whether a word of the first reading counts as read: every word with a
 * box. (Re-reading the unsure ones too was tried: on generated cards the
 * second reading of "Bahnhofstraße" beside its "62" split the street line
 * in two and lost the address.) */
static int word_read(const kith_word *w)
{
    return box_known(&w->box);
}

/* Marks in cover (gw x gh cells of side s) the cells the read words touch,
 * with half a cell to spare around each. */
static void mark_covered(const kith_ocr_result *res, int s, int gw, int gh, unsigned char *cover)
{
    for (size_t i = 0; i < res->n_lines; i++)
        for (size_t j = 0; j < res->lines[i].n_words; j++) {
            const kith_word *w = &res->lines[i].words[j];
            if (!word_read(w))
                continue;
            int x0 = (w->box.x0 - s / 2) / s, x1 = (w->box.x1 + s / 2) / s;
            int y0 = (w->box.y0 - s / 2) / s, y1 = (w->box.y1 + s / 2) / s;
            for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < gh; y++)
                for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < gw; x++)
                    cover[(size_t)y * gw + x] = 1;
        }
}

/* The regions of marked cells (4-connected after bridging gaps of up to two
 * cells along a row); caller frees. */
static size_t find_regions(const unsigned char *mark, int gw, int gh, region **out)
{
    size_t nc = (size_t)gw * gh;
    unsigned char *joined = kith_xcalloc(nc, 1);
    for (int y = 0; y < gh; y++)
        for (int x = 0; x < gw; x++) {
            const unsigned char *r = mark + (size_t)y * gw;
            int left = x > 0 && r[x - 1], right = x + 1 < gw && r[x + 1];
            int left2 = x > 1 && r[x - 2], right2 = x + 2 < gw && r[x + 2];
            joined[(size_t)y * gw + x] =
                r[x] || (left && (right || right2)) || (left2 && right);
        }
    int *label = kith_xcalloc(nc, sizeof *label);
    size_t *stack = kith_xmalloc(nc * sizeof *stack);
    region *regs = NULL;
    size_t n = 0, cap = 0;
    for (size_t start = 0; start < nc; start++) {
        if (!joined[start] || label[start])
            continue;
        region r = {gw, gh, -1, -1, 0};
        size_t top = 0;
        stack[top++] = start;
        label[start] = 1;
        while (top) {
            size_t at = stack[--top];
            int x = (int)(at % (size_t)gw), y = (int)(at / (size_t)gw);
            if (mark[at]) {
                r.cells++;
                if (x < r.cx0)
                    r.cx0 = x;
                if (x > r.cx1)
                    r.cx1 = x;
                if (y < r.cy0)
                    r.cy0 = y;
                if (y > r.cy1)
                    r.cy1 = y;
            }
            const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
            for (int k = 0; k < 4; k++) {
                int nx = x + dx[k], ny = y + dy[k];
                if (nx < 0 || ny < 0 || nx >= gw || ny >= gh)
                    continue;
                size_t nb = (size_t)ny * gw + nx;
                if (joined[nb] && !label[nb]) {
                    label[nb] = 1;
                    stack[top++] = nb;
                }
            }
        }
        if (r.cells == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            regs = kith_xrealloc(regs, cap * sizeof *regs);
        }
        regs[n++] = r;
    }
    free(stack);
    free(label);
    free(joined);
    *out = regs;
    return n;
}

static int cmp_region_cells(const void *a, const void *b)
{
    const region *x = a, *y = b;
    return (y->cells > x->cells) - (y->cells < x->cells);
}

/* Whether a region has the shape of text: two cells high at least (half a
 * line), three wide, eight marked, and not a third of the card. */
static int text_shaped(const region *r, int gw, int gh)
{
    int w = r->cx1 - r->cx0 + 1, h = r->cy1 - r->cy0 + 1;
    return h >= 2 && w >= 3 && r->cells >= 8 && (long)w * h * 3 <= (long)gw * gh;
}

/* Whether pixel (x, y) lies in a word the first reading read. */
static int in_read_word(const kith_ocr_result *res, int x, int y)
{
    for (size_t i = 0; i < res->n_lines; i++) {
        const kith_box *lb = &res->lines[i].box;
        if (box_known(lb) && (y < lb->y0 || y > lb->y1 || x < lb->x0 || x > lb->x1))
            continue;
        for (size_t j = 0; j < res->lines[i].n_words; j++) {
            const kith_word *w = &res->lines[i].words[j];
            if (word_read(w) && x >= w->box.x0 && x <= w->box.x1 && y >= w->box.y0 &&
                y <= w->box.y1)
                return 1;
        }
    }
    return 0;
}

/* Letters and digits in s. */
static size_t alnum_count(const char *s)
{
    size_t letters = 0, digits = 0;
    kith_text_counts(s, NULL, NULL, &letters, &digits);
    return letters + digits;
}

/* Appends to res the lines of got (read from a crop whose top-left corner
 * is at (ox, oy) in the card) that were read with confidence. Returns how
 * many were added. */
static size_t take_lines(kith_ocr_result *res, kith_ocr_result *got, int ox, int oy, int block)
{
    size_t added = 0;
    for (size_t i = 0; i < got->n_lines; i++) {
        kith_line *l = &got->lines[i];
        size_t k = 0;
        float sum = 0;
        for (size_t j = 0; j < l->n_words; j++) {
            kith_word *w = &l->words[j];
            if (w->conf < FAINT_WORD_CONF || alnum_count(w->text) == 0) {
                free(w->text);
                continue;
            }
            w->box.x0 += ox;
            w->box.x1 += ox;
            w->box.y0 += oy;
            w->box.y1 += oy;
            sum += w->conf;
            l->words[k++] = *w;
        }
        l->n_words = k;
        free(l->text);
        l->text = NULL;
        if (k == 0)
            continue;
        kith_ocr_line_finish(l);
        if (sum / (float)k < FAINT_MIN_CONF || alnum_count(l->text) < 3) {
            for (size_t j = 0; j < k; j++)
                free(l->words[j].text);
            l->n_words = 0;
            free(l->text);
            l->text = NULL;
            continue;
        }
        l->box.x0 += ox;
        l->box.x1 += ox;
        l->box.y0 += oy;
        l->box.y1 += oy;
        l->block = block;
        res->lines = kith_xrealloc(res->lines, (res->n_lines + 1) * sizeof *res->lines);
        res->lines[res->n_lines++] = *l;
        /* the line now belongs to res */
        l->words = NULL;
        l->n_words = 0;
        l->text = NULL;
        added++;
    }
    return added;
}

/* Ink and paper of a histogram of total pixels: its 2nd and 85th
 * percentiles. */
static void ink_and_paper(const size_t *hist, size_t total, int *ink, int *paper)
{
    *ink = *paper = 255;
    size_t acc = 0;
    for (int v = 0, got_ink = 0; v < 256; v++) {
        acc += hist[v];
        if (!got_ink && acc * 50 >= total) {
            *ink = v;
            got_ink = 1;
        }
        if (acc * 100 >= total * 85) {
            *paper = v;
            break;
        }
    }
}

/* The w x h pixels at px (rows `stride` apart) divided by the paper under
 * them, 0..255: each pixel over the lightest within r pixels (a square
 * window, as two one-dimensional passes). Caller frees. */
static uint8_t *local_paper(const uint8_t *px, int stride, int w, int h, int r)
{
    uint8_t *rowmax = kith_xmalloc((size_t)w * h), *out = kith_xmalloc((size_t)w * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int m = 0;
            for (int k = x - r < 0 ? 0 : x - r; k <= x + r && k < w; k++)
                if (px[(size_t)y * stride + k] > m)
                    m = px[(size_t)y * stride + k];
            rowmax[(size_t)y * w + x] = (uint8_t)m;
        }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int m = 0;
            for (int k = y - r < 0 ? 0 : y - r; k <= y + r && k < h; k++)
                if (rowmax[(size_t)k * w + x] > m)
                    m = rowmax[(size_t)k * w + x];
            int v = px[(size_t)y * stride + x];
            out[(size_t)y * w + x] = (uint8_t)(m > 0 ? (v * 255 + m / 2) / m : 255);
        }
    free(rowmax);
    return out;
}

/* The median grey level of a histogram of total pixels. */
static int median_of(const size_t *hist, size_t total)
{
    size_t acc = 0;
    for (int v = 0; v < 256; v++) {
        acc += hist[v];
        if (acc * 2 >= total)
            return v;
    }
    return 255;
}

/* How many pixels of a histogram are light (print on a dark panel). */
static size_t light_share(const size_t *hist, size_t total)
{
    size_t n = 0;
    for (int v = FAINT_PANEL_LIGHT; v < 256; v++)
        n += hist[v];
    return n <= total ? n : total;
}

/* Reads one region again, contrast stretched (or its negative, on a dark
 * panel); returns the lines added. */
static size_t read_region(kith_ocr *ocr, const kith_image *img, kith_ocr_result *res,
                          const region *r, int s, int block)
{
    int W = img->width, H = img->height;
    int x0 = r->cx0 * s - s, y0 = r->cy0 * s - s;
    int x1 = (r->cx1 + 1) * s + s, y1 = (r->cy1 + 1) * s + s;
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > W ? W : x1;
    y1 = y1 > H ? H : y1;
    int w = x1 - x0, h = y1 - y0;
    if (w <= 0 || h <= 0)
        return 0;
    size_t hist[256] = {0}, total = 0;
    unsigned char *read = kith_xcalloc((size_t)w * h, 1);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            if (in_read_word(res, x0 + x, y0 + y)) {
                read[(size_t)y * w + x] = 1;
                continue;
            }
            hist[img->pixels[(size_t)(y0 + y) * W + x0 + x]]++;
            total++;
        }
    int ink, paper;
    ink_and_paper(hist, total, &ink, &paper);
    /* a dark panel with light print on it (white letters in a logo's
     * oval, a coloured band): the region is read as its negative */
    int negative = total > 0 && median_of(hist, total) < FAINT_PANEL_DARK &&
                   light_share(hist, total) * 100 >= total * FAINT_PANEL_PRINT;
    if (negative) {
        size_t inv[256];
        for (int v = 0; v < 256; v++)
            inv[v] = hist[255 - v];
        ink_and_paper(inv, total, &ink, &paper);
    }
    /* black marks the first reading did not take as text are logos and
     * rules, not faint print */
    if (total == 0 || (!negative && ink < FAINT_MIN_INK) || paper - ink < FAINT_MIN_STRETCH) {
        free(read);
        return 0;
    }
    uint8_t *src = kith_xmalloc((size_t)w * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t v = img->pixels[(size_t)(y0 + y) * W + x0 + x];
            src[(size_t)y * w + x] = negative ? (uint8_t)(255 - v) : v;
        }
    /* the paper under the text: the lightest pixel within about a line's
     * height, so a shadow or a printed shade across the region (the fold
     * of the Azure card under "123-4567") divides out */
    uint8_t *norm = local_paper(src, w, w, h, 3 * s);
    free(src);
    memset(hist, 0, sizeof hist);
    for (size_t i = 0; i < (size_t)w * h; i++)
        if (!read[i])
            hist[norm[i]]++;
    ink_and_paper(hist, total, &ink, &paper);
    if (paper - ink < FAINT_MIN_STRETCH) {
        free(norm);
        free(read);
        return 0;
    }
    /* the paper's own grain goes white: the top four tenths of ink..paper */
    int white = ink + (paper - ink) * 6 / 10;
    int m = 2 * s; /* a white margin: tesseract reads poorly at the edge */
    int cw = w + 2 * m, ch = h + 2 * m;
    uint8_t *crop = kith_xmalloc((size_t)cw * ch);
    memset(crop, 255, (size_t)cw * ch);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            if (read[(size_t)y * w + x])
                continue;
            int v = norm[(size_t)y * w + x];
            int o = v >= white ? 255 : v <= ink ? 0 : (v - ink) * 255 / (white - ink);
            crop[(size_t)(y + m) * cw + x + m] = (uint8_t)o;
        }
    free(norm);
    free(read);
    kith_ocr_result *got = kith_ocr_read_block(ocr, crop, cw, ch, img->dpi);
    free(crop);
    if (!got)
        return 0;
    size_t added = take_lines(res, got, x0 - m, y0 - m, block);
    kith_ocr_result_free(got);
    return added;
}

void kith_ocr_faint_pass(kith_ocr *ocr, const kith_image *img, kith_ocr_result *res)
{
    int W = img->width, H = img->height;
    if (!img->pixels || W <= 0 || H <= 0)
        return;
    int med = median_height(res);
    int s = (med > 0 ? med : H / 25) / 4;
    s = s < 3 ? 3 : s > 24 ? 24 : s;
    int gw = (W + s - 1) / s, gh = (H + s - 1) / s;
    size_t nc = (size_t)gw * gh;
    unsigned char *lo = kith_xmalloc(nc), *hi = kith_xcalloc(nc, 1);
    memset(lo, 255, nc);
    for (int y = 0; y < H; y++) {
        const uint8_t *row = img->pixels + (size_t)y * W;
        unsigned char *l = lo + (size_t)(y / s) * gw, *h = hi + (size_t)(y / s) * gw;
        for (int x = 0; x < W; x++) {
            int c = x / s;
            if (row[x] < l[c])
                l[c] = row[x];
            if (row[x] > h[c])
                h[c] = row[x];
        }
    }
    unsigned char *mark = kith_xcalloc(nc, 1);
    mark_covered(res, s, gw, gh, mark);
    for (size_t i = 0; i < nc; i++)
        mark[i] = !mark[i] && hi[i] - lo[i] >= FAINT_MIN_RANGE;
    free(lo);
    free(hi);
    region *regs = NULL;
    size_t nr = find_regions(mark, gw, gh, &regs);
    free(mark);
    size_t k = 0;
    for (size_t i = 0; i < nr; i++)
        if (text_shaped(&regs[i], gw, gh))
            regs[k++] = regs[i];
    if (k > 1)
        qsort(regs, k, sizeof *regs, cmp_region_cells);
    int block = 0;
    for (size_t i = 0; i < res->n_lines; i++)
        if (res->lines[i].block >= block)
            block = res->lines[i].block + 1;
    for (size_t i = 0; i < k && i < FAINT_MAX_REGIONS; i++)
        read_region(ocr, img, res, &regs[i], s, block + (int)i);
    free(regs);
}
