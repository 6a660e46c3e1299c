/*
 * rows.c — extraction step 1, rows and layout: OCR lines that tesseract split
 * are joined into printed rows (logo marks dropped), rows are cut into
 * segments at separators such as " | " and " · ", and the text heights give
 * the layout statistics that people.c weighs.
 */
#include "extract/extract_int.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "extract/name.h"
#include "extract/phone.h"
#include "extract/repair.h"
#include "common/text.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- 1. rows and segments ----------------------------------------------- */

static void add_seg(ctx *c, const char *text, size_t len, size_t row, const kith_line *l)
{
    if (c->n == MAX_SEGS)
        return;
    char *t = kith_xstrndup(text, len);
    ex_trim_junk(t);
    /* a logo mark or an icon read as signs before a capitalised word or a
     * number: "© Arclight Capital AG", "©® Duinzicht Robotics SA", "=
     * Cobalt S.L.", "©@ Kestrel Systems KG", "© 1472 W 5th Avenue" (no
     * letter or digit in it, and none of the signs that start a number or
     * a name: + ( # & ') */
    for (;;) {
        size_t tl = strcspn(t, " ");
        int mark = tl > 0 && t[tl] == ' ';
        for (size_t k = 0; k < tl && mark; k++) {
            unsigned char ch = (unsigned char)t[k];
            if (isalnum(ch) || strchr("+(#&'\"", ch))
                mark = 0;
        }
        if (mark && tl < 8) {
            /* no letter hides in a multi-byte character either */
            for (const char *q = t; q < t + tl && mark;) {
                unsigned cp;
                size_t k = kith_utf8_decode(q, &cp);
                q += k ? k : 1;
                if (kith_cp_is_letter(cp))
                    mark = 0;
            }
        }
        unsigned next = 0;
        if (mark && tl < 8)
            kith_utf8_decode(t + tl + 1, &next);
        if (!mark || tl >= 8 || !(kith_cp_is_upper(next) || (next >= '0' && next <= '9')))
            break;
        memmove(t, t + tl + 1, strlen(t + tl + 1) + 1);
    }
    /* lower-case or digit scraps in front of a capitalised line ("os 3
     * Orchard Systems"), unless they are name particles ("de Vries") */
    {
        const char *rest = t;
        for (;;) {
            size_t jl = strcspn(rest, " ");
            /* digits only after a lower-case scrap: "40 Main Street" stays */
            if (jl == 0 || jl > 2 || rest[jl] != ' ' ||
                !(islower((unsigned char)rest[0]) || (isdigit((unsigned char)rest[0]) && rest != t)))
                break;
            char *scrap = kith_xstrndup(rest, jl);
            int particle = kith_models_has(c->m, "name_particles", scrap);
            free(scrap);
            if (particle)
                break;
            rest += jl + 1;
        }
        if (rest != t && isupper((unsigned char)rest[0]))
            memmove(t, rest, strlen(rest) + 1);
    }
    /* logo letters glued in front: "RC) Redwood Capital"; a bracketed
     * area code ("(11) 2076 5555", "(65) 6486 8189") is no logo */
    {
        size_t tl = strcspn(t, " ");
        int letter = 0;
        for (size_t k = 0; k < tl; k++)
            letter |= isalpha((unsigned char)t[k]) != 0;
        if (letter && tl >= 2 && tl <= 4 && t[tl] == ' ' && strchr(")]}>", t[tl - 1])) {
            memmove(t, t + tl + 1, strlen(t + tl + 1) + 1);
            ex_trim_junk(t);
        }
    }
    if (!*t) {
        free(t);
        return;
    }
    /* "O' Connell", "D' Angelo": the blank OCR put after a name's
     * apostrophe */
    for (char *q = t; (q = strchr(q, '\'')) != NULL; q++)
        if (q > t && isupper((unsigned char)q[-1]) && (q == t + 1 || q[-2] == ' ') &&
            q[1] == ' ' && isupper((unsigned char)q[2]))
            memmove(q + 1, q + 2, strlen(q + 2) + 1);
    /* "Genera!", "Wor!d": an l read as '!' inside a word the lexicons know */
    for (char *q = strchr(t, '!'); q; q = strchr(q + 1, '!')) {
        char *ws = q;
        while (ws > t && ws[-1] != ' ')
            ws--;
        size_t wl = strcspn(ws, " ");
        if (q == ws || !isalpha((unsigned char)q[-1]))
            continue;
        char *word = kith_xstrndup(ws, wl);
        word[q - ws] = 'l';
        if (kith_models_has(c->m, "title_words", word) ||
            kith_models_has(c->m, "company_words", word) ||
            kith_models_has(c->m, "department_words", word))
            *q = 'l';
        free(word);
    }
    char *mended = kith_repair_eszett_words(t);
    if (mended) {
        free(t);
        t = mended;
    }
    seg *s = &c->segs[c->n++];
    memset(s, 0, sizeof *s);
    s->text = t;
    s->row = row;
    s->height = l->height > 0 ? l->height : 0;
    s->conf = l->conf >= 0 ? l->conf / 100.0f : 1.0f;
    s->ocr_conf = c->row_min_conf;
    s->kind = SEG_TEXT;
    s->box = l->box;
}

/* Cuts a row into segments at " | ", " • ", " · " and similar separators. */
void ex_split_row(ctx *c, const kith_line *l, size_t row)
{
    static const char *const seps[] = {" | ", " |", "| ", " • ", " · ", " ◦ ", " ∙ ", " — ",
                                       " – ", " / ", "•", "·", "|"};
    /* "|.dubois@…": a '|' starting an email address is an 'l', not a
     * separator */
    char *fixed = kith_xstrdup(l->text);
    for (char *q = fixed; (q = strchr(q, '|')) != NULL; q++) {
        size_t tl = strcspn(q, " ");
        if ((q == fixed || q[-1] == ' ') && (q[1] == '.' || islower((unsigned char)q[1])) &&
            memchr(q, '@', tl))
            *q = 'l';
    }
    /* "Technician |", "Engineer ||": a level in Roman numerals at the end
     * of a title, its I read as a bar */
    {
        size_t len = strlen(fixed);
        while (len && fixed[len - 1] == ' ')
            fixed[--len] = '\0';
        size_t bars = 0;
        while (bars < len && bars < 3 && fixed[len - 1 - bars] == '|')
            bars++;
        if (bars && bars < len && fixed[len - 1 - bars] == ' ') {
            size_t we = len - 1 - bars, ws = we;
            while (ws > 0 && fixed[ws - 1] != ' ')
                ws--;
            char *word = kith_xstrndup(fixed + ws, we - ws);
            const char *v = kith_models_get(c->m, "title_words", word);
            if (v && strcmp(v, "role") == 0)
                memset(fixed + len - bars, 'I', bars);
            free(word);
        }
    }
    const char *t = fixed;
    const char *start = t;
    const char *p = t;
    while (*p) {
        size_t sl = 0;
        for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
            if (strncmp(p, seps[i], strlen(seps[i])) == 0) {
                sl = strlen(seps[i]);
                /* " / " only separates when both sides are not digits
                 * ("030 / 1234" is one number) */
                if (strcmp(seps[i], " / ") == 0 &&
                    (p > t && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[sl])))
                    sl = 0;
                if (sl)
                    break;
            }
        if (sl) {
            add_seg(c, start, (size_t)(p - start), row, l);
            p += sl;
            start = p;
        } else {
            p++;
        }
    }
    add_seg(c, start, (size_t)(p - start), row, l);
    free(fixed);
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

void ex_layout_stats(ctx *c)
{
    float hs[MAX_SEGS];
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->segs[i].height > 0)
            hs[n++] = c->segs[i].height;
    if (n == 0)
        return;
    qsort(hs, n, sizeof hs[0], cmp_float);
    c->max_height = hs[n - 1];
    c->median_height = hs[n / 2];
}

/* Lowers *min to the lowest known word confidence of l (0..1). */
static void lower_min_conf(const kith_line *l, float *min)
{
    for (size_t i = 0; i < l->n_words; i++) {
        float wc = l->words[i].conf / 100.0f;
        if (l->words[i].conf >= 0 && (*min < 0 || wc < *min))
            *min = wc;
    }
}

static int box_known(const kith_box *b)
{
    return b->x1 > b->x0 && b->y1 > b->y0;
}

/* A word at either end of a line standing much taller than the rest and
 * read unsure or short is a logo mark OCR read as letters ("Ea Halcyon
 * Logistics Ltd", "MEJ Meridian Energy Ltd."). Returns the line's text
 * without such words (caller frees), or NULL when it has none. */
static char *text_without_logo(const kith_line *l)
{
    if (l->n_words < 3)
        return NULL;
    float *h = kith_xmalloc(l->n_words * sizeof *h);
    for (size_t i = 0; i < l->n_words; i++)
        h[i] = (float)(l->words[i].box.y1 - l->words[i].box.y0);
    size_t first = 0, last = l->n_words;
    /* from each end, as long as one goes ("F l Aster Foods Corp.": a
     * mark and a rule) */
    for (int end = 0, tries = 0; end < 2 && tries < 8; tries++) {
        size_t was_first = first, was_last = last;
        size_t k = end ? last - 1 : first;
        /* the median height of the other words */
        float *o = kith_xmalloc(l->n_words * sizeof *o);
        size_t n = 0;
        for (size_t i = first; i < last; i++)
            if (i != k)
                o[n++] = h[i];
        qsort(o, n, sizeof *o, cmp_float);
        float med = n ? o[n / 2] : 0;
        free(o);
        const kith_word *w = &l->words[k];
        int unsure = (w->conf >= 0 && w->conf < 80) || strlen(w->text) <= 3;
        if (n >= 2 && med > 0 && box_known(&w->box) && h[k] > 1.6f * med && unsure) {
            if (end)
                last--;
            else
                first++;
        }
        if (first == was_first && last == was_last)
            end++;
    }
    free(h);
    if (first == 0 && last == l->n_words)
        return NULL;
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (size_t i = first; i < last; i++) {
        if (i > first)
            kith_strbuf_addc(&sb, ' ');
        kith_strbuf_adds(&sb, l->words[i].text);
    }
    return kith_strbuf_detach(&sb);
}

/* Whether a line beside a row is a logo mark OCR read as a scrap ("¥y",
 * "Ò", "©" next to "RemoteGlobal"): at most three characters, no digit,
 * and one of them neither an ASCII letter nor a sign that text uses
 * ("&", "+", "(" ...). "M", "Tel" and "&" stay. */
static int scrap_line(const char *text)
{
    size_t chars = 0;
    int odd = 0;
    for (const char *p = text; *p;) {
        unsigned cp;
        size_t k = kith_utf8_decode(p, &cp);
        p += k ? k : 1;
        if (cp == ' ')
            continue;
        if (cp < 0x80 && isdigit((int)cp))
            return 0;
        chars++;
        if (!(cp < 0x80 && (isalpha((int)cp) || strchr("&+()-./:@,'#", (int)cp))))
            odd = 1;
    }
    return chars >= 1 && chars <= 3 && odd;
}

/* Builds the rows in the OCR's reading order (a row starts where its first
 * line was read). Caller frees *out and each row's text. */
size_t ex_build_rows(const kith_ocr_result *ocr, const kith_models *m, ex_row **out)
{
    size_t n = ocr->n_lines;
    ex_row *rows = kith_xcalloc(n ? n : 1, sizeof *rows);
    size_t nr = 0;
    int *taken = kith_xcalloc(n ? n : 1, sizeof *taken);
    for (size_t i = 0; i < n; i++) {
        if (taken[i])
            continue;
        const kith_line *l = &ocr->lines[i];
        ex_row *r = &rows[nr++];
        r->line = *l;
        r->min_conf = -1.0f;
        lower_min_conf(l, &r->min_conf);
        kith_strbuf sb = KITH_STRBUF_INIT;
        char *clean = text_without_logo(l);
        kith_strbuf_adds(&sb, clean ? clean : l->text);
        free(clean);
        taken[i] = 1;
        if (box_known(&l->box)) {
            /* pick up the other lines of this row, left or right, nearby */
            for (;;) {
                size_t bestj = n;
                int left = 0;
                for (size_t j = i + 1; j < n; j++) {
                    const kith_line *o = &ocr->lines[j];
                    if (taken[j] || !box_known(&o->box))
                        continue;
                    const kith_box *rb = &r->line.box;
                    int top = rb->y0 > o->box.y0 ? rb->y0 : o->box.y0;
                    int bot = rb->y1 < o->box.y1 ? rb->y1 : o->box.y1;
                    int h1 = rb->y1 - rb->y0, h2 = o->box.y1 - o->box.y0;
                    int hmin = h1 < h2 ? h1 : h2, hmax = h1 < h2 ? h2 : h1;
                    int gap_right = o->box.x0 - rb->x1, gap_left = rb->x0 - o->box.x1;
                    if (bot - top < hmin * 6 / 10 || 5 * hmax > 8 * hmin)
                        continue;
                    /* a wide gap between text of different sizes parts two
                     * columns: a logotype beside the name, not one row */
                    int gap = gap_right >= 0 ? gap_right : gap_left;
                    const char *lt = gap_right >= 0 ? kith_strbuf_str(&sb) : o->text;
                    size_t ll = strlen(lt);
                    int label = ll <= 4 || lt[ll - 1] == ':'; /* "Mob", "Tel.:" */
                    if (gap > hmin && 20 * hmax > 23 * hmin && !label)
                        continue;
                    /* a phone label set in a column of its own ("Fax" ...
                     * "+34 943 528 918") reaches across the gap */
                    int reach = 3 * hmax / 2;
                    if (gap_right > reach) {
                        char *lab = kith_xstrdup(kith_strbuf_str(&sb));
                        size_t ll2 = strlen(lab);
                        while (ll2 && (lab[ll2 - 1] == ':' || lab[ll2 - 1] == '.' || lab[ll2 - 1] == ' '))
                            lab[--ll2] = '\0';
                        const char *kv = kith_phone_label(m, lab);
                        if (kv && *kv && strlen(lab) >= 2 &&
                            (isdigit((unsigned char)o->text[0]) || o->text[0] == '+' || o->text[0] == '('))
                            reach = 12 * hmax;
                        free(lab);
                    }
                    if (gap_right >= -hmin && gap_right <= reach) {
                        bestj = j;
                        left = 0;
                        break;
                    }
                    if (gap_left >= -hmin && gap_left <= 3 * hmax / 2) {
                        bestj = j;
                        left = 1;
                        break;
                    }
                }
                if (bestj == n)
                    break;
                const kith_line *o = &ocr->lines[bestj];
                taken[bestj] = 1;
                if (scrap_line(o->text) && !scrap_line(kith_strbuf_str(&sb)))
                    continue;
                lower_min_conf(o, &r->min_conf);
                if (left) {
                    kith_strbuf t = KITH_STRBUF_INIT;
                    kith_strbuf_adds(&t, o->text);
                    kith_strbuf_addc(&t, ' ');
                    kith_strbuf_adds(&t, kith_strbuf_str(&sb));
                    kith_strbuf_release(&sb);
                    sb = t;
                } else {
                    kith_strbuf_addc(&sb, ' ');
                    kith_strbuf_adds(&sb, o->text);
                }
                if (o->box.x0 < r->line.box.x0)
                    r->line.box.x0 = o->box.x0;
                if (o->box.x1 > r->line.box.x1)
                    r->line.box.x1 = o->box.x1;
                if (o->box.y0 < r->line.box.y0)
                    r->line.box.y0 = o->box.y0;
                if (o->box.y1 > r->line.box.y1)
                    r->line.box.y1 = o->box.y1;
                if (o->height > r->line.height)
                    r->line.height = o->height;
                if (o->conf >= 0 && (r->line.conf < 0 || o->conf < r->line.conf))
                    r->line.conf = o->conf;
            }
        }
        r->text = kith_strbuf_detach(&sb);
    }
    free(taken);
    *out = rows;
    return nr;
}
