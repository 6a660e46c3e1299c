/*
 * name.c — a person's name from one card line: prefixes and credentials set
 * aside, given and family name split, ALL-CAPS words re-cased (see name.h).
 */
#include "extract/name.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "extract/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ASCII base letters of U+00C0..U+00FF ('_' drops the character) and of
 * U+0100..U+017F (Latin Extended-A). */
static const char latin1_fold[] = "aaaaaaaceeeeiiiidnooooo_ouuuuyts"
                                  "aaaaaaaceeeeiiiidnooooo_ouuuuyty";
static const char exta_fold[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii"
                                "iijjkkkllllllllllnnnnnnnnnoooooooorrrrrrsssssssstttttt"
                                "uuuuuuuuuuuuwwyyyzzzzzzs";

/* See name.h; caller frees. */
char *kith_fold(const char *s)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    while (*s) {
        unsigned cp;
        s += kith_utf8_decode(s, &cp);
        char c = 0;
        if (cp < 0x80 && isalnum((int)cp))
            c = (char)tolower((int)cp);
        else if (cp >= 0xc0 && cp <= 0xff)
            c = latin1_fold[cp - 0xc0];
        else if (cp >= 0x100 && cp <= 0x17f)
            c = exta_fold[cp - 0x100];
        if (c && c != '_')
            kith_strbuf_addc(&sb, c);
    }
    return kith_strbuf_detach(&sb);
}

/* See name.h; caller frees. */
char *kith_name_case_word(const char *word)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    char enc[4];
    int start = 1;
    size_t letters = 0;
    for (const char *p = word; *p;) {
        unsigned cp;
        p += kith_utf8_decode(p, &cp);
        if (kith_cp_is_letter(cp)) {
            unsigned out = start ? kith_cp_upper(cp) : kith_cp_lower(cp);
            /* "Mc" names: the letter after "Mc" is upper case again */
            if (letters == 2 && sb.len == 2 && strncmp(sb.buf, "Mc", 2) == 0 && *p)
                out = kith_cp_upper(cp);
            kith_strbuf_add(&sb, enc, kith_utf8_encode(out, enc));
            start = 0;
            letters++;
        } else {
            kith_strbuf_add(&sb, enc, kith_utf8_encode(cp, enc));
            start = cp == '-' || cp == '\'' || cp == 0x2019;
        }
    }
    return kith_strbuf_detach(&sb);
}

void kith_name_release(kith_name *n)
{
    free(n->name);
    free(n->given);
    free(n->family);
    free(n->prefix);
    free(n->credentials);
    memset(n, 0, sizeof *n);
}

/* The casing of a name part: "Smith", "SMITH", "smith" (particles), "McKay",
 * "MacLeod" — not OCR noise like "ZaUDN". */
static int casing_ok(const char *w, size_t len)
{
    size_t up = 0, low = 0, i = 0, first_up = 0;
    const char *p = w;
    while ((size_t)(p - w) < len) {
        unsigned cp;
        p += kith_utf8_decode(p, &cp);
        if (kith_cp_is_upper(cp)) {
            up++;
            if (i == 0)
                first_up = 1;
        } else if (kith_cp_is_lower(cp)) {
            low++;
        }
        i++;
    }
    if (up == 0 || low == 0 || (up == 1 && first_up))
        return 1;
    /* one more capital after Mc / Mac */
    if (up == 2 && first_up && (strncmp(w, "Mc", 2) == 0 || strncmp(w, "Mac", 3) == 0))
        return 1;
    return 0;
}

/* A word that can be part of a name: letters with inner ' ’ - and a final
 * '.' for initials; no digits or other symbols; sensible casing in each
 * part between hyphens and apostrophes. */
static int name_word_ok(const char *w)
{
    const char *part = w;
    for (const char *q = w;; q++) {
        if (*q == '-' || *q == '\'' || *q == '\0' || strncmp(q, "\xe2\x80\x99", 3) == 0) {
            if (!casing_ok(part, (size_t)(q - part)))
                return 0;
            if (!*q)
                break;
            part = *q == '-' || *q == '\'' ? q + 1 : q + 3;
        }
    }
    size_t letters = 0;
    for (const char *p = w; *p;) {
        unsigned cp;
        p += kith_utf8_decode(p, &cp);
        if (kith_cp_is_letter(cp))
            letters++;
        else if (cp == '\'' || cp == 0x2019 || cp == '-')
            continue;
        else if (cp == '.' && !*p)
            continue;
        else
            return 0;
    }
    return letters > 0;
}

static int all_caps(const char *w)
{
    size_t up, low, letters;
    kith_text_counts(w, &up, &low, &letters, NULL);
    return letters >= 2 && low == 0;
}

static int starts_upper(const char *w)
{
    unsigned cp;
    kith_utf8_decode(w, &cp);
    return kith_cp_is_upper(cp);
}

static int is_particle(const kith_models *m, const char *w)
{
    return kith_models_has(m, "name_particles", w);
}

char *kith_name_join(char *const *words, size_t a, size_t b)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (size_t i = a; i < b; i++) {
        if (i > a)
            kith_strbuf_addc(&sb, ' ');
        kith_strbuf_adds(&sb, words[i]);
    }
    return kith_strbuf_detach(&sb);
}

/* Is the first given name known? Hyphenated names count by their first part
 * too ("Anne-Sophie"). */
static int known_given(const kith_models *m, const char *w)
{
    if (kith_models_has(m, "given_names", w))
        return 1;
    const char *dash = strchr(w, '-');
    if (dash) {
        char *first = kith_xstrndup(w, (size_t)(dash - w));
        int k = kith_models_has(m, "given_names", first);
        free(first);
        return k;
    }
    return 0;
}

int kith_name_split(const kith_models *m, const char *text, kith_name *out)
{
    memset(out, 0, sizeof *out);
    char *buf = kith_xstrdup(text);
    char *words[16];
    int after_comma[16];
    size_t n = 0;
    int comma = 0;
    char *save = NULL;
    int rc = -1;
    kith_strbuf prefix = KITH_STRBUF_INIT, creds = KITH_STRBUF_INIT;
    for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        if (n == 16)
            goto done;
        size_t len = strlen(w);
        int ends_comma = len > 1 && w[len - 1] == ',';
        if (ends_comma)
            w[len - 1] = '\0';
        if (strcmp(w, ",") == 0) {
            comma = 1;
            continue;
        }
        after_comma[n] = comma;
        words[n++] = w;
        if (ends_comma)
            comma = 1;
    }
    /* prefixes at the front */
    size_t a = 0, b = n;
    while (b - a > 2 && kith_models_has(m, "name_prefixes", words[a])) {
        if (prefix.len)
            kith_strbuf_addc(&prefix, ' ');
        kith_strbuf_adds(&prefix, words[a++]);
    }
    if (b - a == 2 && kith_models_has(m, "name_prefixes", words[a]) &&
        !kith_models_has(m, "given_names", words[a]) && strchr(words[a], '.') &&
        strlen(words[a]) > 2)
        goto done; /* "Dr. Smith": a family name alone is not enough */
    /* credentials at the end, and anything after a comma that is one */
    size_t first_cred = b;
    while (first_cred > a + 2 && kith_models_has(m, "credentials", words[first_cred - 1]))
        first_cred--;
    for (size_t i = a + 1; i < b; i++)
        if (after_comma[i]) {
            for (size_t j = i; j < b; j++)
                if (!kith_models_has(m, "credentials", words[j]))
                    goto done; /* "Doe, Jane" or free text: not read */
            if (i < first_cred)
                first_cred = i;
            break;
        }
    for (size_t i = first_cred; i < b; i++) {
        if (creds.len)
            kith_strbuf_adds(&creds, ", ");
        kith_strbuf_adds(&creds, words[i]);
    }
    b = first_cred;
    if (b - a < 2 || b - a > 5)
        goto done;
    int any_lower_word = 0;
    for (size_t i = a; i < b; i++) {
        if (!name_word_ok(words[i]))
            goto done;
        if (!starts_upper(words[i])) {
            if (!is_particle(m, words[i]) || i == a)
                goto done;
        } else if (!all_caps(words[i])) {
            any_lower_word = 1;
        }
    }
    /* where the family name starts */
    size_t fam = b - 1;
    int caps_first = b - a == 2 && all_caps(words[a]) && any_lower_word &&
                     !known_given(m, words[a]);
    if (caps_first) {
        fam = a;
    } else {
        for (size_t i = a + 1; i + 1 < b; i++)
            if (is_particle(m, words[i]) && strlen(words[i]) > 1) {
                fam = i;
                break;
            }
    }
    /* re-case ALL-CAPS words; particles inside the name go lower case */
    char *cased[16] = {0};
    for (size_t i = a; i < b; i++) {
        if (all_caps(words[i]) && i > a && i + 1 < b && is_particle(m, words[i]))
            cased[i] = kith_text_lower(words[i]);
        else if (all_caps(words[i]))
            cased[i] = kith_name_case_word(words[i]);
        else
            cased[i] = kith_xstrdup(words[i]);
    }
    if (caps_first) {
        out->family = kith_xstrdup(cased[a]);
        out->given = kith_name_join(cased, a + 1, b);
    } else {
        out->family = kith_name_join(cased, fam, b);
        out->given = kith_name_join(cased, a, fam);
    }
    out->name = kith_name_join(cased, a, b);
    for (size_t i = a; i < b; i++)
        free(cased[i]);
    out->given_known = known_given(m, caps_first ? words[a + 1] : words[a]);
    out->n_words = (int)(b - a);
    out->prefix = prefix.len ? kith_strbuf_detach(&prefix) : NULL;
    out->credentials = creds.len ? kith_strbuf_detach(&creds) : NULL;
    rc = 0;
done:
    kith_strbuf_release(&prefix);
    kith_strbuf_release(&creds);
    free(buf);
    return rc;
}

/* Joins words[a..b) with single spaces; NULL when the range is empty.
 * Caller frees. */
static char *join_words(char **words, size_t a, size_t b)
{
    return a >= b ? NULL : kith_name_join(words, a, b);
}

/* See name.h. */
void kith_name_split_typed(const kith_models *m, const char *typed, kith_name *out)
{
    if (kith_name_split(m, typed, out) == 0)
        return;
    memset(out, 0, sizeof *out);
    char *buf = kith_xstrdup(typed);
    char **words = NULL;
    size_t n = 0, a = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        words = kith_xrealloc(words, (n + 1) * sizeof *words);
        words[n++] = w;
    }
    while (n - a > 1 && kith_models_has(m, "name_prefixes", words[a]))
        a++;
    out->prefix = join_words(words, 0, a);
    out->name = join_words(words, a, n);
    if (n - a == 1 && a > 0) {          /* "Dr. Berg": a family name */
        out->family = join_words(words, a, n);
    } else if (n > a) {
        out->given = join_words(words, a, a + 1);
        out->family = join_words(words, a + 1, n);
    }
    out->n_words = (int)(n - a);
    free(words);
    free(buf);
}
