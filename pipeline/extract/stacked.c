/*
 * stacked.c — extraction step 5b, stacked logotypes: a company name set one
 * word or two per line, in a block ("Ironbridge" / "Consulting" / "GmbH &
 * Co. KG", "RemoteGlobal" / "BUSINESS CONSULTING"). Two rows join when each
 * is the only text on its row, they stand right under each other (overlapping
 * left to right, a small gap between), neither is a name, a title or a
 * sentence, and the lower one ends the company — its last word is a legal form
 * or a company word — or the web host spells both rows together.
 */
#include "extract/extract_int.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "extract/name.h"
#include "common/text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 7

static int box_known(const kith_box *b)
{
    return b->x1 > b->x0 && b->y1 > b->y0;
}

/* Whether segment i is the only one of its row. */
static int alone_on_row(const ctx *c, size_t i)
{
    return (i == 0 || c->segs[i - 1].row != c->segs[i].row) &&
           (i + 1 >= c->n || c->segs[i + 1].row != c->segs[i].row);
}

/* Whether b stands right under a: below it, a gap under a line's height,
 * overlapping it left to right by half the narrower one. Unknown boxes
 * (text input) say yes: the rows follow each other. */
static int right_under(const kith_box *a, const kith_box *b)
{
    if (!box_known(a) || !box_known(b))
        return 1;
    int ha = a->y1 - a->y0, hb = b->y1 - b->y0;
    int h = ha > hb ? ha : hb;
    int gap = b->y0 - a->y1;
    if (b->y0 <= a->y0 || gap > h)
        return 0;
    int left = a->x0 > b->x0 ? a->x0 : b->x0, right = a->x1 < b->x1 ? a->x1 : b->x1;
    int wa = a->x1 - a->x0, wb = b->x1 - b->x0;
    int narrow = wa < wb ? wa : wb;
    return right - left >= narrow / 2;
}

/* Whether the text could be a line of a logotype: few words, no digits or
 * '@', capitalised, no role word, not a person's name. */
static int logotype_line(ctx *c, const char *s, size_t max_words)
{
    if (ex_has_digit(s) || strchr(s, '@') || strchr(s, ':'))
        return 0;
    unsigned first;
    kith_utf8_decode(s, &first);
    if (kith_cp_is_lower(first))
        return 0;
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s, &w);
    int ok = w.n >= 1 && w.n <= max_words &&
             ex_count_lex(c->m, "title_words", &w, "role") == 0;
    /* a word of three letters at least: "Sy Se", "©" are OCR scraps */
    int word = 0;
    for (size_t i = 0; i < w.n; i++) {
        size_t letters = 0;
        kith_text_counts(w.items[i], NULL, NULL, &letters, NULL);
        word |= letters >= 3;
    }
    ok = ok && word;
    for (size_t i = 0; ok && i < w.n; i++) {
        unsigned cp;
        kith_utf8_decode(w.items[i], &cp);
        /* "of", "&" and "und" may stand lower-case inside; other words not */
        if (kith_cp_is_lower(cp) && strlen(w.items[i]) > 3)
            ok = 0;
    }
    if (ok) {
        kith_name nm;
        if (kith_name_split(c->m, s, &nm) == 0) {
            /* "Álvaro Echeverría, MA": credentials or a prefix make a
             * name, whatever the given name */
            if (nm.given_known || nm.credentials || nm.prefix)
                ok = 0;
            kith_name_release(&nm);
        }
    }
    kith_strlist_clear(&w);
    return ok;
}

/* Whether the lower line ends a company: its last word (or words) is a legal
 * form or a company word. */
static int ends_company(ctx *c, const char *s)
{
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s, &w);
    int ok = 0;
    if (w.n) {
        ok = ex_suffix_words(c->m, &w) > 0 ||
             kith_models_has(c->m, "company_suffixes", s) ||
             kith_models_has(c->m, "company_words", w.items[w.n - 1]) ||
             kith_models_has(c->m, "company_suffixes", w.items[w.n - 1]);
    }
    kith_strlist_clear(&w);
    return ok;
}

/* Whether the web host spells the joined rows ("remoteglobalconsulting"
 * for "RemoteGlobal" / "Consulting") but not the upper row alone. */
static int host_spells(ctx *c, const char *upper, const char *joined)
{
    return ex_domain_agrees(c, joined) && !ex_domain_agrees(c, upper);
}

/* The segment printed right under segment `at` (its row's box `box`): with
 * boxes, the nearest one below that overlaps it; without, the next segment
 * when it starts the next row. MAX_SEGS when there is none. */
static size_t below(const ctx *c, size_t at, const kith_box *box, size_t row)
{
    if (!box_known(box)) {
        size_t j = at + 1;
        return j < c->n && c->segs[j].row == row + 1 ? j : MAX_SEGS;
    }
    size_t best = MAX_SEGS;
    for (size_t j = 0; j < c->n; j++) {
        const kith_box *b = &c->segs[j].box;
        if (j == at || !box_known(b) || !right_under(box, b))
            continue;
        if (best == MAX_SEGS || b->y0 < c->segs[best].box.y0)
            best = j;
    }
    return best;
}

void ex_join_stacked(ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        seg *a = &c->segs[i];
        if (a->kind != SEG_TEXT || !alone_on_row(c, i) || !logotype_line(c, a->text, 3))
            continue;
        size_t at = i, row = a->row;
        for (;;) {
            /* a name that ends in its legal form is complete */
            kith_strlist aw = KITH_STRLIST_INIT;
            ex_words_of(a->text, &aw);
            size_t sfx = ex_suffix_words(c->m, &aw);
            kith_strlist_clear(&aw);
            if (sfx)
                break;
            size_t j = below(c, at, &c->segs[at].box, row);
            if (j == MAX_SEGS)
                break;
            seg *b = &c->segs[j];
            /* the legal form alone on the last row ("SA", "AG") is a line
             * of the logotype too, though shorter than three letters */
            int legal_form = kith_models_has(c->m, "company_suffixes", b->text);
            if (b->kind != SEG_TEXT || !alone_on_row(c, j) ||
                !(logotype_line(c, b->text, 4) || legal_form))
                break;
            char *joined = kith_xasprintf("%s %s", a->text, b->text);
            kith_strlist w = KITH_STRLIST_INIT;
            ex_words_of(joined, &w);
            int ok = w.n <= MAX_WORDS &&
                     (ends_company(c, b->text) || host_spells(c, a->text, joined));
            kith_strlist_clear(&w);
            if (!ok) {
                free(joined);
                break;
            }
            free(a->text);
            a->text = joined;
            /* the joined segment keeps the larger height (the logotype's) */
            if (b->height > a->height)
                a->height = b->height;
            if (b->conf < a->conf)
                a->conf = b->conf;
            b->kind = SEG_USED;
            at = j;
            row = b->row;
        }
    }
}
