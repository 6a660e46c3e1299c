/*
 * words.c — small text helpers of the extract stage: the words of a segment,
 * how many of them a lexicon knows, a company's legal-form suffix, and the
 * bullets and dashes OCR leaves at the ends of a segment.
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

/* --- small text helpers ------------------------------------------------ */

int ex_has_digit(const char *s)
{
    for (; *s; s++)
        if (isdigit((unsigned char)*s))
            return 1;
    return 0;
}

/* Words of s with surrounding punctuation removed; caller frees the list. */
void ex_words_of(const char *s, kith_strlist *out)
{
    char *buf = kith_xstrdup(s);
    char *save = NULL;
    for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        size_t len = strlen(w);
        while (len && strchr(",;:()\"[]!?*", w[len - 1]))
            w[--len] = '\0';
        while (*w && strchr(",;:()\"[]*", *w))
            w++;
        if (*w)
            kith_strlist_push(out, w);
    }
    free(buf);
}

/* A job-title word the lexicon lists in another form: German and Dutch
 * compounds end in their role ("Vertriebsleiterin" is a "Leiterin",
 * "Projectleider" a "Leider"), and German makes a woman's title with "-in"
 * ("Managerin", "Consultantin"). The value of the role found, or NULL. */
static const char *title_variant(const kith_models *m, const char *word)
{
    size_t len = strlen(word);
    if (len < 7)
        return NULL;
    const char *v = NULL;
    if (strcmp(word + len - 2, "in") == 0) {
        char *male = kith_xstrndup(word, len - 2);
        v = kith_models_get(m, "title_words", male);
        free(male);
    }
    /* the compound's last part: six letters at least */
    for (size_t k = 2; !v && k + 6 <= len; k++)
        if (((unsigned char)word[k] & 0xc0) != 0x80 && isalpha((unsigned char)word[k - 1])) {
            const char *tv = kith_models_get(m, "title_words", word + k);
            if (tv && strcmp(tv, "role") == 0)
                v = tv;
        }
    return v;
}

/* How many words of s are in the lexicon (with value val, when not NULL).
 * Job titles count in their compound and feminine forms too. */
int ex_count_lex(const kith_models *m, const char *lex, const kith_strlist *w,
                     const char *val)
{
    int n = 0;
    for (size_t i = 0; i < w->n; i++) {
        const char *v = kith_models_get(m, lex, w->items[i]);
        if (!v && strcmp(lex, "title_words") == 0)
            v = title_variant(m, w->items[i]);
        if (v && (!val || strcmp(v, val) == 0))
            n++;
        else if (!v && strchr(w->items[i], '-')) {
            /* "Co-Founder", "Full-Stack": either part */
            char *copy = kith_xstrdup(w->items[i]);
            char *save = NULL;
            for (char *p = strtok_r(copy, "-", &save); p; p = strtok_r(NULL, "-", &save)) {
                const char *pv = kith_models_get(m, lex, p);
                if (pv && (!val || strcmp(pv, val) == 0)) {
                    n++;
                    break;
                }
            }
            free(copy);
        }
    }
    return n;
}

/* The trailing legal-form suffix of a company name: how many of the last
 * words form one ("Pty Ltd", "Co., Ltd.", "GmbH & Co. KG"), 0 when none. */
size_t ex_suffix_words(const kith_models *m, const kith_strlist *w)
{
    for (size_t k = w->n < 4 ? w->n : 4; k >= 1; k--) {
        kith_strbuf sb = KITH_STRBUF_INIT;
        for (size_t i = w->n - k; i < w->n; i++) {
            if (i > w->n - k)
                kith_strbuf_addc(&sb, ' ');
            kith_strbuf_adds(&sb, w->items[i]);
        }
        int hit = kith_models_has(m, "company_suffixes", kith_strbuf_str(&sb));
        kith_strbuf_release(&sb);
        if (hit && k < w->n)
            return k;
    }
    return 0;
}

/* Strips the bullets, dashes and stray marks OCR leaves at either end of a
 * segment ("• Head of Sales", "Acme Ltd |"). */
void ex_trim_junk(char *s)
{
    static const char *const lead[] = {"|", "•", "·", "-", "—", "–", "*", "~", "_", ">",
                                       "»", ":", ";", ",", "/", "\\"};
    static const char *const trail[] = {"|", "•", "·", "-", "—", "–", "*", "~", "_",
                                        "«", ":", ";", ",", "\\"};
    kith_trim(s);
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t j = 0; j < sizeof lead / sizeof lead[0]; j++) {
            size_t jl = strlen(lead[j]);
            if (strncmp(s, lead[j], jl) == 0) {
                memmove(s, s + jl, strlen(s + jl) + 1);
                kith_trim(s);
                changed = 1;
            }
        }
        for (size_t j = 0; j < sizeof trail / sizeof trail[0]; j++) {
            size_t jl = strlen(trail[j]), len = strlen(s);
            if (len >= jl && strcmp(s + len - jl, trail[j]) == 0) {
                s[len - jl] = '\0';
                kith_trim(s);
                changed = 1;
            }
        }
    }
}
