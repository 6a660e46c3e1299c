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
 * loaded (before main), so kith_ocr_global_init's setenv only reaches child
 * processes: programs must start with OMP_THREAD_LIMIT=1 in their environment
 * (the kith binary re-executes itself with it; see cli/kith.c).
 */
#include "ocr/ocr.h"
#include "common/json.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

struct kith_ocr {
    TessBaseAPI *api;
    int psm;
};

void kith_ocr_global_init(void)
{
    /* For child processes and any OpenMP runtime loaded later. */
    setenv("OMP_THREAD_LIMIT", "1", 0);
}

int kith_ocr_new(const kith_ocr_opts *opts, kith_ocr **out, kith_err *err)
{
    const char *lang = opts && opts->lang ? opts->lang : "eng";
    const char *data = opts ? opts->tessdata : NULL;
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api)
        return kith_error(err, "cannot create a tesseract handle");
    /* tesseract writes its debug messages to stderr unless told otherwise;
     * a library must stay quiet. */
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(api, data, lang) != 0) {
        TessBaseAPIDelete(api);
        return kith_error(err, "cannot load the tesseract language '%s'%s%s (is tesseract-ocr-%s installed?)",
                          lang, data ? " from " : "", data ? data : "", lang);
    }
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    kith_ocr *o = kith_xcalloc(1, sizeof *o);
    o->api = api;
    o->psm = opts && opts->psm > 0 ? opts->psm : PSM_SPARSE_TEXT;
    *out = o;
    return 0;
}

void kith_ocr_free(kith_ocr *ocr)
{
    if (!ocr)
        return;
    TessBaseAPIEnd(ocr->api);
    TessBaseAPIDelete(ocr->api);
    free(ocr);
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
static void finish_line(kith_line *l)
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

int kith_ocr_read(kith_ocr *ocr, const kith_image *img, kith_ocr_result **out, kith_err *err)
{
    if (!img || !img->pixels || img->width <= 0 || img->height <= 0)
        return kith_error(err, "ocr: empty image");
    double t0 = kith_monotonic();
    TessBaseAPI *api = ocr->api;
    TessBaseAPISetPageSegMode(api, (TessPageSegMode)ocr->psm);
    TessBaseAPISetImage(api, img->pixels, img->width, img->height, 1, img->width);
    if (img->dpi > 0)
        TessBaseAPISetSourceResolution(api, img->dpi);
    if (TessBaseAPIRecognize(api, NULL) != 0) {
        TessBaseAPIClear(api);
        return kith_error(err, "ocr: tesseract could not recognise the image");
    }

    line_vec v = {NULL, 0, 0};
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
                    finish_line(cur);
                cur = new_line(&v);
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
        finish_line(cur);
    TessBaseAPIClear(api);

    /* drop lines that ended up without words */
    size_t k = 0;
    for (size_t i = 0; i < v.n; i++) {
        if (v.lines[i].n_words == 0) {
            free(v.lines[i].text);
            free(v.lines[i].words);
            continue;
        }
        v.lines[k++] = v.lines[i];
    }
    kith_ocr_result *res = kith_xcalloc(1, sizeof *res);
    res->lines = v.lines;
    res->n_lines = k;
    res->width = img->width;
    res->height = img->height;
    res->ms = (kith_monotonic() - t0) * 1000.0;
    *out = res;
    return 0;
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
            finish_line(l);
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
