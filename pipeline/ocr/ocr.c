/*
 * ocr.c — the OCR stage: tesseract's C API on a normalized card image, giving
 * words with boxes and confidences grouped into lines (see ocr.h).
 *
 * Ownership: every string tesseract hands out is copied into our own structs
 * and returned with TessDeleteText at once; results are freed with
 * kith_ocr_result_free.
 *
 * Threads: Debian's tesseract is built with OpenMP, and its LSTM asks for
 * several threads per recognition. With one handle per worker that
 * oversubscribes the cores. libgomp reads OMP_THREAD_LIMIT once, when it is
 * loaded (before main), so nothing in here can lower it: programs must start
 * with OMP_THREAD_LIMIT=1 in their environment (the kith binary re-executes
 * itself with it; see cli/kith.c).
 */
#include "ocr/ocr.h"
#include "ocr/ocr_internal.h"
#include "common/json.h"
#include "common/util.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

struct kith_ocr_accent {
    TessBaseAPI *api;
    pthread_mutex_t lock;
};

struct kith_ocr {
    TessBaseAPI *api;
    kith_ocr_accent *accent;   /* borrowed, or NULL */
    int psm;
    int faint;                 /* run the faint-text pass (faint.c) */
};

/* Creates and loads one tesseract handle, quiet. */
static int load_api(const char *data, const char *lang, TessBaseAPI **out, kith_err *err)
{
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api)
        return kith_error(err, "cannot create a tesseract handle");
    /* tesseract writes its debug messages to stderr unless told otherwise;
     * a library must stay quiet. */
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    /* LSTM only: some models (Latin) also carry the legacy engine, which
     * would load ~60 MB more for nothing */
    if (TessBaseAPIInit2(api, data, lang, OEM_LSTM_ONLY) != 0) {
        TessBaseAPIDelete(api);
        return kith_error(err, "cannot load the tesseract model '%s'%s%s (is its "
                               "tesseract-ocr package installed?)",
                          lang, data ? " from " : "", data ? data : "");
    }
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    /* tesseract 5 reads every doubtful line a second time inverted, for
     * light text on dark; the image stage already turns dark cards into dark
     * text on white, so that second reading only costs time (15% of the OCR
     * on 1.9 MP photos, fields unchanged on them and on the real photos) */
    TessBaseAPISetVariable(api, "tessedit_do_invert", "0");
    *out = api;
    return 0;
}

int kith_ocr_new(const kith_ocr_opts *opts, kith_ocr **out, kith_err *err)
{
    const char *lang = opts && opts->lang && *opts->lang ? opts->lang : "eng";
    TessBaseAPI *api = NULL;
    if (load_api(opts ? opts->tessdata : NULL, lang, &api, err) < 0)
        return -1;
    kith_ocr *o = kith_xcalloc(1, sizeof *o);
    o->api = api;
    o->psm = opts && opts->psm > 0 ? opts->psm : PSM_SPARSE_TEXT;
    o->faint = opts ? opts->faint : 0;
    if (opts && opts->threshold != KITH_OCR_THRESHOLD_OTSU) {
        char v[8];
        snprintf(v, sizeof v, "%d", (int)opts->threshold);
        if (!TessBaseAPISetVariable(api, "thresholding_method", v)) {
            kith_ocr_free(o);
            return kith_error(err, "this tesseract cannot choose its thresholding method "
                                   "(ocr.threshold needs tesseract 5)");
        }
    }
    *out = o;
    return 0;
}

int kith_ocr_threshold_parse(const char *name, kith_ocr_threshold *out)
{
    static const struct {
        const char *name;
        kith_ocr_threshold t;
    } names[] = {{"otsu", KITH_OCR_THRESHOLD_OTSU},
                 {"adaptive", KITH_OCR_THRESHOLD_ADAPTIVE},
                 {"sauvola", KITH_OCR_THRESHOLD_SAUVOLA}};
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].t;
            return 0;
        }
    }
    return -1;
}

void kith_ocr_free(kith_ocr *ocr)
{
    if (!ocr)
        return;
    TessBaseAPIEnd(ocr->api);
    TessBaseAPIDelete(ocr->api);
    free(ocr);
}

int kith_ocr_accent_new(const char *tessdata, const char *lang, kith_ocr_accent **out,
                        kith_err *err)
{
    TessBaseAPI *api = NULL;
    if (load_api(tessdata, lang, &api, err) < 0)
        return -1;
    TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
    kith_ocr_accent *a = kith_xcalloc(1, sizeof *a);
    a->api = api;
    pthread_mutex_init(&a->lock, NULL);
    *out = a;
    return 0;
}

void kith_ocr_accent_free(kith_ocr_accent *acc)
{
    if (!acc)
        return;
    TessBaseAPIEnd(acc->api);
    TessBaseAPIDelete(acc->api);
    pthread_mutex_destroy(&acc->lock);
    free(acc);
}

void kith_ocr_set_accent(kith_ocr *ocr, kith_ocr_accent *acc)
{
    ocr->accent = acc;
}

/* Growing arrays of lines and words while iterating. */
typedef struct {
    kith_line *lines;
    size_t n, cap;
} line_vec;

static kith_line *new_line(line_vec *v)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->lines = kith_xrealloc(v->lines, v->cap * sizeof *v->lines);
    }
    kith_line *l = &v->lines[v->n++];
    memset(l, 0, sizeof *l);
    l->conf = -1;
    return l;
}

static void add_word(kith_line *l, size_t *cap, const char *text, kith_box box, float conf)
{
    if (l->n_words == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        l->words = kith_xrealloc(l->words, *cap * sizeof *l->words);
    }
    kith_word *w = &l->words[l->n_words++];
    w->text = kith_xstrdup(text);
    w->box = box;
    w->conf = conf;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Joins the words into the line text and derives conf and height. */
void kith_ocr_line_finish(kith_line *l)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    float sum = 0;
    int n_conf = 0;
    float *h = kith_xmalloc((l->n_words + 1) * sizeof *h);
    for (size_t i = 0; i < l->n_words; i++) {
        if (i)
            kith_strbuf_addc(&sb, ' ');
        kith_strbuf_adds(&sb, l->words[i].text);
        if (l->words[i].conf >= 0) {
            sum += l->words[i].conf;
            n_conf++;
        }
        h[i] = (float)(l->words[i].box.y1 - l->words[i].box.y0);
    }
    l->text = kith_strbuf_detach(&sb);
    l->conf = n_conf ? sum / (float)n_conf : -1;
    if (l->n_words) {
        qsort(h, l->n_words, sizeof *h, cmp_float);
        l->height = h[l->n_words / 2];
    }
    free(h);
}

/*
 * The accent pass.
 *
 * Debian's `eng` model barely knows accented letters: on generated cards it
 * read "José" as "Jose" and "Düsseldorf" as "Dusseldorf" or "Diisseldorf",
 * which cost most of the name misses. The Latin-script model knows them but
 * is about 2.5 times slower on a whole card and takes ~240 MB. So `eng` reads
 * the card, and the second model re-reads only the three tallest lines that
 * are words (no email, web address or mostly digits: those have no accents to
 * find) — the name and the company are set large —, one line each. A word of
 * its reading replaces the `eng` word only when it has letters outside ASCII
 * and, folded to ASCII, equals the `eng` word or is within two edits of it
 * (ü misread as "ii", ö as "6"): the second model may add accents, it may not
 * rewrite the card.
 */

/* ASCII base letter of a Latin-1 / Latin Extended-A code point, lower case;
 * 0 when it has none. */
static char fold_cp(uint32_t cp)
{
    /* U+00C0 .. U+00FF; × and ÷ are never letters (excluded below) */
    static const char latin1[] =
        "aaaaaaaceeeeiiiidnoooooxouuuuytsaaaaaaaceeeeiiiidnoooooxouuuuyty";
    /* U+0100 .. U+017F */
    static const char ext_a[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllll"
        "llnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    if (cp < 0x80) {
        char c = (char)cp;
        if (c >= 'A' && c <= 'Z')
            return (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            return c;
        return 0;
    }
    if (cp >= 0xc0 && cp <= 0xff && cp != 0xd7 && cp != 0xf7)
        return latin1[cp - 0xc0];
    if (cp >= 0x100 && cp <= 0x17f)
        return ext_a[cp - 0x100];
    return 0;
}

/* Decodes one UTF-8 sequence at *p (advancing it); invalid bytes give 0xfffd. */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t cp;
    int n;
    if (s[0] < 0x80) {
        cp = s[0];
        n = 1;
    } else if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
        cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
        n = 2;
    } else if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
        cp = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
        n = 3;
    } else {
        cp = 0xfffd;
        n = 1;
        while (n < 4 && (s[n] & 0xc0) == 0x80)
            n++;
    }
    *p = s + n;
    return cp;
}

/* Letters with diacritics that names and addresses use; not Eth, Thorn or
 * the like, which the Latin model reads into "GmbH" ("GMÞbH"). */
static int is_accented_letter(uint32_t cp)
{
    return cp >= 0xc0 && cp <= 0x17f && cp != 0xd0 && cp != 0xd7 && cp != 0xde &&
           cp != 0xf0 && cp != 0xf7 && cp != 0xfe;
}

/* Folds s into out (lower-case ASCII letters and digits only); counts the
 * accented letters, or returns -1 in *non_ascii when s has another
 * non-ASCII letter. */
static void fold_word(const char *s, char *out, size_t cap, int *non_ascii)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    int bad = 0;
    *non_ascii = 0;
    while (*p) {
        uint32_t cp = next_cp(&p);
        char c = fold_cp(cp);
        if (cp >= 0x80 && !is_accented_letter(cp))
            bad = 1;
        if (cp >= 0x80 && c)
            (*non_ascii)++;
        if (c && n + 1 < cap)
            out[n++] = c;
    }
    out[n] = '\0';
    if (bad)
        *non_ascii = -1;
}

/* Levenshtein distance of two short strings (capped at 64 characters). */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    int row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (up + 1 < best)
                best = up + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Lines worth a second look: mostly letters, no email or web address. */
static int wants_accent_pass(const kith_line *l)
{
    int letters = 0, other = 0;
    if (strchr(l->text, '@') || strstr(l->text, "www") || strstr(l->text, "http") ||
        strstr(l->text, ".com"))
        return 0;
    const unsigned char *p = (const unsigned char *)l->text;
    while (*p) {
        uint32_t cp = next_cp(&p);
        if (cp == ' ')
            continue;
        if ((cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) || fold_cp(cp) > '9')
            letters++;
        else
            other++;
    }
    return letters >= 3 && letters * 10 >= (letters + other) * 6;
}

/* Whether a word has a symbol between letters ("Weif&mann"); hyphens,
 * apostrophes and dots are part of names. */
static int has_inner_symbol(const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 1; i + 1 < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x80 && !isalnum(c) && c != '-' && c != '\'' && c != '.')
            return 1;
    }
    return 0;
}

/* Whether the second model's word should replace the first's. */
static int accept_accented(const char *eng, const char *alt)
{
    char fe[128], fa[128];
    int ne, na;
    if (strcmp(eng, alt) == 0)
        return 0;
    fold_word(alt, fa, sizeof fa, &na);
    if (na <= 0)
        return 0;
    fold_word(eng, fe, sizeof fe, &ne);
    if (strcmp(fe, fa) == 0)
        return 1;
    /* eng's usual misreadings of accented letters: "ü" as "ii", "ñ" as "fi",
     * "ö" as "6", "ß" as "f&" */
    if (!strstr(fe, "ii") && !strstr(fe, "fi") && !strpbrk(fe, "0123456789") &&
        !has_inner_symbol(eng))
        return 0;
    int d = edit_distance(fe, fa);
    return strlen(fa) >= 4 && d <= 2 && d <= na;
}

/* How many lines the accent pass re-reads at most: the tallest word lines
 * (names and companies are set large). */
#define ACCENT_MAX_LINES 3

static void accent_pass(kith_ocr_accent *acc, const kith_image *img, line_vec *v)
{
    TessBaseAPI *api = acc->api;
    int set = 0;
    size_t pick[ACCENT_MAX_LINES];
    size_t n_pick = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (v->lines[i].n_words == 0 || !wants_accent_pass(&v->lines[i]))
            continue;
        /* keep the ACCENT_MAX_LINES tallest, by insertion */
        size_t at = n_pick;
        while (at > 0 && v->lines[pick[at - 1]].height < v->lines[i].height)
            at--;
        if (at >= ACCENT_MAX_LINES)
            continue;
        size_t end = n_pick < ACCENT_MAX_LINES ? n_pick : ACCENT_MAX_LINES - 1;
        memmove(pick + at + 1, pick + at, (end - at) * sizeof pick[0]);
        pick[at] = i;
        if (n_pick < ACCENT_MAX_LINES)
            n_pick++;
    }
    if (n_pick == 0)
        return;
    pthread_mutex_lock(&acc->lock);
    for (size_t p = 0; p < n_pick; p++) {
        kith_line *l = &v->lines[pick[p]];
        if (!set) {
            TessBaseAPISetImage(api, img->pixels, img->width, img->height, 1,
                                img->width);
            if (img->dpi > 0)
                TessBaseAPISetSourceResolution(api, img->dpi);
            set = 1;
        }
        int h = l->box.y1 - l->box.y0;
        int pad = h / 4 + 2;
        int x0 = l->box.x0 - pad < 0 ? 0 : l->box.x0 - pad;
        int y0 = l->box.y0 - pad < 0 ? 0 : l->box.y0 - pad;
        int x1 = l->box.x1 + pad > img->width ? img->width : l->box.x1 + pad;
        int y1 = l->box.y1 + pad > img->height ? img->height : l->box.y1 + pad;
        if (x1 <= x0 || y1 <= y0)
            continue;
        TessBaseAPISetRectangle(api, x0, y0, x1 - x0, y1 - y0);
        char *t = TessBaseAPIGetUTF8Text(api);
        if (!t)
            continue;
        /* split the reading into words; use it only when the words line up */
        char *save = NULL;
        size_t k = 0;
        int changed = 0;
        char *words[64];
        for (char *w = strtok_r(t, " \t\r\n", &save); w && k < 64; w = strtok_r(NULL, " \t\r\n", &save))
            words[k++] = w;
        if (k == l->n_words) {
            for (size_t j = 0; j < k; j++) {
                if (accept_accented(l->words[j].text, words[j])) {
                    free(l->words[j].text);
                    l->words[j].text = kith_xstrdup(words[j]);
                    changed = 1;
                }
            }
        }
        TessDeleteText(t);
        if (changed) {
            free(l->text);
            float height = l->height;
            kith_ocr_line_finish(l);
            l->height = height;
        }
    }
    if (set)
        TessBaseAPIClear(api);
    pthread_mutex_unlock(&acc->lock);
}

/* Reads pixels (w x h grey, row-major) with the handle's current page
 * segmentation mode into v. -1 when tesseract could not recognise them. */
static int read_into(TessBaseAPI *api, const uint8_t *pixels, int w, int h, int dpi,
                     line_vec *v)
{
    TessBaseAPISetImage(api, pixels, w, h, 1, w);
    if (dpi > 0)
        TessBaseAPISetSourceResolution(api, dpi);
    if (TessBaseAPIRecognize(api, NULL) != 0) {
        TessBaseAPIClear(api);
        return -1;
    }
    kith_line *cur = NULL;
    size_t word_cap = 0;
    TessResultIterator *ri = TessBaseAPIGetIterator(api);
    if (ri) {
        int block = -1;
        TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
        do {
            if (TessPageIteratorIsAtBeginningOf(pi, RIL_BLOCK))
                block++;
            if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE) || !cur) {
                if (cur)
                    kith_ocr_line_finish(cur);
                cur = new_line(v);
                word_cap = 0;
                cur->block = block < 0 ? 0 : block;
                TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &cur->box.x0, &cur->box.y0,
                                            &cur->box.x1, &cur->box.y1);
            }
            char *t = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
            if (!t)
                continue;
            kith_box b = {0, 0, 0, 0};
            TessPageIteratorBoundingBox(pi, RIL_WORD, &b.x0, &b.y0, &b.x1, &b.y1);
            float conf = TessResultIteratorConfidence(ri, RIL_WORD);
            if (*t)
                add_word(cur, &word_cap, t, b, conf);
            TessDeleteText(t);
        } while (TessResultIteratorNext(ri, RIL_WORD));
        TessResultIteratorDelete(ri);
    }
    if (cur)
        kith_ocr_line_finish(cur);
    TessBaseAPIClear(api);
    return 0;
}

/* A result owning v's lines that have words (the others are freed). */
static kith_ocr_result *result_of(line_vec *v, int w, int h)
{
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (v->lines[i].n_words == 0) {
            free(v->lines[i].text);
            free(v->lines[i].words);
            continue;
        }
        v->lines[k++] = v->lines[i];
    }
    kith_ocr_result *res = kith_xcalloc(1, sizeof *res);
    res->lines = v->lines;
    res->n_lines = k;
    res->width = w;
    res->height = h;
    return res;
}

int kith_ocr_read(kith_ocr *ocr, const kith_image *img, kith_ocr_result **out, kith_err *err)
{
    if (!img || !img->pixels || img->width <= 0 || img->height <= 0)
        return kith_error(err, "ocr: empty image");
    double t0 = kith_monotonic();
    TessBaseAPI *api = ocr->api;
    TessBaseAPISetPageSegMode(api, (TessPageSegMode)ocr->psm);
    line_vec v = {NULL, 0, 0};
    if (read_into(api, img->pixels, img->width, img->height, img->dpi, &v) < 0) {
        free(v.lines);
        return kith_error(err, "ocr: tesseract could not recognise the image");
    }
    if (ocr->accent)
        accent_pass(ocr->accent, img, &v);
    kith_ocr_result *res = result_of(&v, img->width, img->height);
    if (ocr->faint)
        kith_ocr_faint_pass(ocr, img, res);
    res->ms = (kith_monotonic() - t0) * 1000.0;
    *out = res;
    return 0;
}

kith_ocr_result *kith_ocr_read_block(kith_ocr *ocr, const uint8_t *pixels, int w, int h, int dpi)
{
    TessBaseAPI *api = ocr->api;
    TessBaseAPISetPageSegMode(api, PSM_SINGLE_BLOCK);
    line_vec v = {NULL, 0, 0};
    int rc = read_into(api, pixels, w, h, dpi, &v);
    TessBaseAPISetPageSegMode(api, (TessPageSegMode)ocr->psm);
    kith_ocr_result *res = result_of(&v, w, h);
    if (rc < 0) {
        kith_ocr_result_free(res);
        return NULL;
    }
    return res;
}

double kith_ocr_lines_conf(kith_ocr *ocr, const uint8_t *pixels, const kith_image *img,
                           const kith_box *rects, size_t n)
{
    TessBaseAPI *api = ocr->api;
    TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
    TessBaseAPISetImage(api, pixels, img->width, img->height, 1, img->width);
    if (img->dpi > 0)
        TessBaseAPISetSourceResolution(api, img->dpi);
    double sum = 0, chars = 0;
    for (size_t i = 0; i < n; i++) {
        const kith_box *b = &rects[i];
        if (b->x1 <= b->x0 || b->y1 <= b->y0)
            continue;
        TessBaseAPISetRectangle(api, b->x0, b->y0, b->x1 - b->x0, b->y1 - b->y0);
        if (TessBaseAPIRecognize(api, NULL) != 0)
            continue;
        TessResultIterator *ri = TessBaseAPIGetIterator(api);
        if (!ri)
            continue;
        do {
            char *t = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
            if (!t)
                continue;
            double len = (double)strlen(t);
            sum += len * TessResultIteratorConfidence(ri, RIL_WORD);
            chars += len;
            TessDeleteText(t);
        } while (TessResultIteratorNext(ri, RIL_WORD));
        TessResultIteratorDelete(ri);
    }
    TessBaseAPIClear(api);
    return chars > 0 ? sum / chars : 0;
}

kith_ocr_result *kith_ocr_result_from_text(const char *text)
{
    line_vec v = {NULL, 0, 0};
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *line = kith_xstrndup(p, len);
        kith_trim(line);
        if (*line) {
            kith_line *l = new_line(&v);
            size_t cap = 0;
            l->block = (int)v.n - 1;
            /* split into words on runs of blanks */
            char *save = NULL;
            for (char *w = strtok_r(line, " \t\r", &save); w; w = strtok_r(NULL, " \t\r", &save)) {
                kith_box b = {0, 0, 0, 0};
                add_word(l, &cap, w, b, -1);
            }
            kith_ocr_line_finish(l);
            l->height = 0;
        }
        free(line);
        p += len;
        if (*p == '\n')
            p++;
    }
    kith_ocr_result *res = kith_xcalloc(1, sizeof *res);
    res->lines = v.lines;
    res->n_lines = v.n;
    return res;
}

/* A whole number from JSON within ±10^7 (pixels, block numbers), else
 * `fallback`: converting 1e66 to int is undefined behaviour (found by
 * fuzz_ocr_json). */
static int int_from_json(const kith_json *j, int fallback)
{
    if (!j || j->type != KITH_JSON_NUMBER || !(j->number >= -1e7 && j->number <= 1e7))
        return fallback;
    return (int)j->number;
}

/* One [x0, y0, x1, y1] box; all 0 when absent or malformed. */
static kith_box box_from_json(const kith_json *j)
{
    kith_box b = {0, 0, 0, 0};
    if (j && j->type == KITH_JSON_ARRAY && j->n == 4) {
        int v[4];
        for (size_t i = 0; i < 4; i++) {
            if (int_from_json(j->items[i], INT_MIN) == INT_MIN)
                return b;
            v[i] = (int)j->items[i]->number;
        }
        b = (kith_box){v[0], v[1], v[2], v[3]};
    }
    return b;
}

static float conf_from_json(const kith_json *j)
{
    /* tesseract's confidences are 0..100; anything else is unknown */
    return j && j->type == KITH_JSON_NUMBER && j->number >= 0 && j->number <= 100
               ? (float)j->number : -1.0f;
}

int kith_ocr_result_from_json(const char *text, kith_ocr_result **out, kith_err *err)
{
    kith_json *root = NULL;
    if (kith_json_parse(text, &root, err) < 0)
        return kith_error_prefix(err, "OCR JSON");
    const kith_json *lines = kith_json_get(root, "lines");
    if (root->type != KITH_JSON_OBJECT || !lines || lines->type != KITH_JSON_ARRAY) {
        kith_json_free(root);
        return kith_error(err, "OCR JSON: no \"lines\" array");
    }
    line_vec v = {NULL, 0, 0};
    for (size_t i = 0; i < lines->n; i++) {
        const kith_json *lj = lines->items[i];
        const kith_json *words = kith_json_get(lj, "words");
        if (!words || words->type != KITH_JSON_ARRAY)
            continue;
        kith_line *l = new_line(&v);
        size_t cap = 0;
        const kith_json *block = kith_json_get(lj, "block");
        l->block = int_from_json(block, (int)i);
        l->box = box_from_json(kith_json_get(lj, "box"));
        for (size_t k = 0; k < words->n; k++) {
            const char *wt = kith_json_get_str(words->items[k], "text");
            if (wt && *wt)
                add_word(l, &cap, wt, box_from_json(kith_json_get(words->items[k], "box")),
                         conf_from_json(kith_json_get(words->items[k], "conf")));
        }
        kith_ocr_line_finish(l);
    }
    kith_ocr_result *res = kith_xcalloc(1, sizeof *res);
    res->lines = v.lines;
    res->n_lines = v.n;
    const kith_json *w = kith_json_get(root, "width"), *h = kith_json_get(root, "height");
    res->width = int_from_json(w, 0);
    res->height = int_from_json(h, 0);
    kith_json_free(root);
    *out = res;
    return 0;
}

void kith_ocr_result_text(const kith_ocr_result *res, kith_strbuf *out)
{
    for (size_t i = 0; i < res->n_lines; i++) {
        kith_strbuf_adds(out, res->lines[i].text);
        kith_strbuf_addc(out, '\n');
    }
}

static void box_json(kith_strbuf *sb, const kith_box *b)
{
    kith_strbuf_addf(sb, "[%d, %d, %d, %d]", b->x0, b->y0, b->x1, b->y1);
}

void kith_ocr_result_json(const kith_ocr_result *res, kith_strbuf *out)
{
    kith_strbuf_addf(out, "{\"width\": %d, \"height\": %d, \"lines\": [", res->width,
                     res->height);
    for (size_t i = 0; i < res->n_lines; i++) {
        const kith_line *l = &res->lines[i];
        if (i)
            kith_strbuf_adds(out, ", ");
        kith_strbuf_adds(out, "{\"text\": ");
        kith_json_str(out, l->text);
        kith_strbuf_addf(out, ", \"block\": %d, \"conf\": %.1f, \"box\": ", l->block, l->conf);
        box_json(out, &l->box);
        kith_strbuf_adds(out, ", \"words\": [");
        for (size_t j = 0; j < l->n_words; j++) {
            const kith_word *w = &l->words[j];
            if (j)
                kith_strbuf_adds(out, ", ");
            kith_strbuf_adds(out, "{\"text\": ");
            kith_json_str(out, w->text);
            kith_strbuf_addf(out, ", \"conf\": %.1f, \"box\": ", w->conf);
            box_json(out, &w->box);
            kith_strbuf_addc(out, '}');
        }
        kith_strbuf_adds(out, "]}");
    }
    kith_strbuf_adds(out, "]}");
}

void kith_ocr_result_free(kith_ocr_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n_lines; i++) {
        kith_line *l = &res->lines[i];
        for (size_t j = 0; j < l->n_words; j++)
            free(l->words[j].text);
        free(l->words);
        free(l->text);
    }
    free(res->lines);
    free(res);
}
