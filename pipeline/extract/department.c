/*
 * department.c — extraction step 5a, the department: a line that names the
 * unit inside the company ("Cloud & AI Department", "Abteilung Einkauf",
 * "Service Export", "Information Systems Division"). The words come from
 * models/department_words.txt with where on the line they stand; a line with
 * a role word ("Team Lead", "Division Head") is a title, one with a legal
 * form or the web host's name is the company. Runs before name, title and
 * company are chosen, so the department line is not offered to them.
 */
#include "extract/extract_int.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "extract/name.h"
#include "common/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* OCR's usual one-letter slips, tried when a word is not in the lexicon
 * ("Drvision" → "Division"). */
static const char slips[][2] = { { 'r', 'i' }, { 'l', 'i' }, { 'i', 'l' }, { '1', 'l' },
                                 { '!', 'l' }, { '0', 'o' }, { 'c', 'e' }, { 'e', 'c' } };

/* The lexicon value of word in department_words, trying OCR slips on words
 * of six letters or more; *mended (caller frees) is set to the corrected
 * spelling when a slip was needed. NULL when the word is none. */
static const char *dept_word(const kith_models *m, const char *word, char **mended)
{
    *mended = NULL;
    const char *v = kith_models_get(m, "department_words", word);
    if (v || strlen(word) < 6)
        return v;
    char *w = kith_xstrdup(word);
    for (size_t i = 0; w[i]; i++) {
        char orig = w[i];
        for (size_t k = 0; k < sizeof slips / sizeof slips[0]; k++) {
            if (orig != slips[k][0])
                continue;
            w[i] = slips[k][1];
            v = kith_models_get(m, "department_words", w);
            if (v) {
                *mended = w;
                return v;
            }
        }
        w[i] = orig;
    }
    free(w);
    return NULL;
}

/* Whether word ends with a "suffix" entry of department_words ("-abteilung"),
 * with three letters at least in front ("Vertriebsabteilung"). */
static int dept_compound(const kith_models *m, const char *word)
{
    char *f = kith_fold(word);
    size_t n = strlen(f);
    int hit = 0;
    for (size_t k = 3; k + 5 <= n && !hit; k++) {
        char *tail = kith_xasprintf("-%s", f + k);
        const char *v = kith_models_get(m, "department_words", tail);
        hit = v && strcmp(v, "suffix") == 0;
        free(tail);
    }
    free(f);
    return hit;
}

/* Whether segment text s reads as a department; *fixed (caller frees) is
 * its text with an OCR slip in the department word mended, or NULL. */
static int is_department(ctx *c, const char *s, char **fixed)
{
    *fixed = NULL;
    if (ex_has_digit(s) || strchr(s, '@'))
        return 0;
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s, &w);
    int ok = 0;
    if (w.n >= 1 && w.n <= 6 && ex_count_lex(c->m, "title_words", &w, "role") == 0 &&
        ex_suffix_words(c->m, &w) == 0 && !ex_domain_agrees(c, s)) {
        char *mended = NULL;
        const char *first = dept_word(c->m, w.items[0], &mended);
        if (first && (strcmp(first, "first") == 0 || strcmp(first, "any") == 0)) {
            ok = 1;
        } else {
            free(mended);
            mended = NULL;
            const char *last = w.n > 1 ? dept_word(c->m, w.items[w.n - 1], &mended) : NULL;
            ok = last && (strcmp(last, "last") == 0 || strcmp(last, "any") == 0);
        }
        for (size_t i = 0; i < w.n && !ok; i++)
            ok = dept_compound(c->m, w.items[i]);
        /* a one-word line is a department only when it is a compound
         * ("Vertriebsabteilung"), not the bare word ("Service") */
        if (ok && w.n == 1 && !dept_compound(c->m, w.items[0]))
            ok = 0;
        if (ok && mended) {
            /* put the mended word in place of the misread one */
            const char *bad = NULL;
            for (size_t i = 0; i < w.n; i++)
                if (strlen(w.items[i]) == strlen(mended) &&
                    kith_text_distance(w.items[i], mended) == 1)
                    bad = strstr(s, w.items[i]);
            if (bad) {
                kith_strbuf sb = KITH_STRBUF_INIT;
                kith_strbuf_add(&sb, s, (size_t)(bad - s));
                kith_strbuf_adds(&sb, mended);
                kith_strbuf_adds(&sb, bad + strlen(mended));
                *fixed = kith_strbuf_detach(&sb);
            }
        }
        free(mended);
    }
    kith_strlist_clear(&w);
    return ok;
}

void ex_find_department(ctx *c)
{
    for (size_t i = 0; i < c->n && !c->f->department; i++) {
        seg *s = &c->segs[i];
        if (s->kind != SEG_TEXT)
            continue;
        char *fixed = NULL;
        if (!is_department(c, s->text, &fixed))
            continue;
        c->f->department = fixed ? fixed : kith_xstrdup(s->text);
        c->f->conf_department = s->conf * 0.8f;
        s->kind = SEG_USED;
    }
}
