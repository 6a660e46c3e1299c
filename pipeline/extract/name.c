/*
 * name.c — a person's name from one card line: prefixes and credentials set
 * aside, given and family name split, ALL-CAPS words re-cased (see name.h);
 * and the repairs of the name field (see repair.h): the name and the email
 * address mend each other, "WeiBmann" is "Weißmann", a given name read with
 * the wrong diacritic takes the lexicon's spelling.
 *
 * Why the name and the email mend each other: a card's email address is
 * nearly always built from the name printed above it (jane.doe@, j.doe@,
 * jdoe@, jane@), and the two are printed in different sizes and weights, so
 * OCR's slips in one seldom repeat in the other. Every rule here needs the
 * other field's agreement, or a shape that names do not have (a capital B
 * inside "WeiBmann"), before it changes a letter; anything less certain is
 * left as read.
 */
#include "extract/name.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "extract/repair.h"
#include "common/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* "d'Aubigné", "dell'Orto", "l'Estrange": a particle elided before a
 * capitalised family name, written as one word. */
static int elided_particle(const char *w)
{
    size_t pl = 0;
    while (w[pl] >= 'a' && w[pl] <= 'z')
        pl++;
    if (pl < 1 || pl > 4)
        return 0;
    const char *rest = w + pl;
    if (*rest == '\'')
        rest++;
    else if (strncmp(rest, "\xe2\x80\x99", 3) == 0)
        rest += 3;
    else
        return 0;
    return starts_upper(rest);
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
    /* two bare single letters ("Erla Arete E E Eees") are OCR's scraps of
     * a graphic, not initials: those carry a full stop or stand alone */
    {
        size_t bare = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned cp;
            size_t k = kith_utf8_decode(words[i], &cp);
            bare += words[i][k] == '\0' && kith_cp_is_letter(cp);
        }
        if (bare >= 2)
            goto done;
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
    /* "ZHANG, Seo-yeon", "ZU SOLMS, Jan-Philipp", "Doe, Jane": the family
     * name first, a comma, then the given name — when the family name is
     * set in capitals or the given name is one the lexicon knows */
    size_t given_first = 0; /* the given names' count once moved in front */
    {
        size_t cut = b;
        for (size_t i = a + 1; i < b && cut == b; i++)
            if (after_comma[i])
                cut = i;
        size_t end = cut;
        while (end < b && !kith_models_has(m, "credentials", words[end]))
            end++;
        size_t nf = cut - a, ng = end - cut;
        int caps = 1, later_comma = 0;
        for (size_t i = a; i < cut; i++)
            caps &= all_caps(words[i]) || is_particle(m, words[i]);
        for (size_t i = cut + 1; i < end; i++)
            later_comma |= after_comma[i] && !after_comma[i - 1];
        if (cut < b && nf >= 1 && nf <= 3 && ng >= 1 && ng <= 2 && !later_comma &&
            starts_upper(words[cut]) && !all_caps(words[cut]) &&
            (known_given(m, words[cut]) ||
             (caps && !kith_models_has(m, "countries", words[cut]) &&
              !kith_models_has(m, "company_suffixes", words[cut]) &&
              !kith_models_has(m, "title_words", words[cut]) &&
              !kith_models_has(m, "address_words", words[cut])))) {
            char *moved[16];
            size_t k = 0;
            for (size_t i = cut; i < end; i++)
                moved[k++] = words[i];
            for (size_t i = a; i < cut; i++)
                moved[k++] = words[i];
            for (size_t i = 0; i < k; i++) {
                words[a + i] = moved[i];
                after_comma[a + i] = 0;
            }
            given_first = ng;
        }
    }
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
            if ((!is_particle(m, words[i]) && !elided_particle(words[i])) || i == a)
                goto done;
        } else if (!all_caps(words[i])) {
            any_lower_word = 1;
        }
    }
    /* where the family name starts */
    size_t fam = b - 1;
    int caps_first = !given_first && b - a == 2 && all_caps(words[a]) && any_lower_word &&
                     !known_given(m, words[a]);
    if (given_first) {
        fam = a + given_first;
    } else if (caps_first) {
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
    /* the name reads given name first however the card orders it (see
     * name.h) */
    if (caps_first) {
        out->family = kith_xstrdup(cased[a]);
        out->given = kith_name_join(cased, a + 1, b);
        out->name = kith_xasprintf("%s %s", out->given, out->family);
    } else {
        out->family = kith_name_join(cased, fam, b);
        out->given = kith_name_join(cased, a, fam);
        out->name = kith_name_join(cased, a, b);
    }
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

/* --- repairs: the name and the email address ------------------------------ */

/* an email read with less confidence than this may be repaired */
#define UNSURE_EMAIL 0.8f

char *kith_fold_spelled(const char *s)
{
    static const struct {
        const char *from, *to;
    } spell[] = {{"\xc3\xa4", "ae"}, {"\xc3\x84", "Ae"}, {"\xc3\xb6", "oe"}, {"\xc3\x96", "Oe"},
                 {"\xc3\xbc", "ue"}, {"\xc3\x9c", "Ue"}, {"\xc3\x9f", "ss"}};
    kith_strbuf sb = KITH_STRBUF_INIT;
    while (*s) {
        size_t k = 0;
        for (; k < sizeof spell / sizeof spell[0]; k++)
            if (strncmp(s, spell[k].from, 2) == 0)
                break;
        if (k < sizeof spell / sizeof spell[0]) {
            kith_strbuf_adds(&sb, spell[k].to);
            s += 2;
        } else {
            kith_strbuf_addc(&sb, *s++);
        }
    }
    char *spelled = kith_strbuf_detach(&sb);
    char *folded = kith_fold(spelled ? spelled : "");
    free(spelled);
    return folded;
}

static size_t local_len(const char *email)
{
    return strcspn(email, "@");
}

/* Whether some email's local part contains needle (lower-case ASCII). */
static int in_some_local(const kith_fields *f, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i < f->n_emails; i++) {
        size_t ll = local_len(f->emails[i]);
        for (size_t p = 0; p + nl <= ll; p++)
            if (strncasecmp(f->emails[i] + p, needle, nl) == 0)
                return 1;
    }
    return 0;
}

/* Replaces the family name (and its place at the end of the display name)
 * with family, which is taken over. */
static void set_family(kith_fields *f, char *family)
{
    if (f->name) {
        size_t nl = strlen(f->name), fl = strlen(f->family_name);
        if (nl >= fl && strcmp(f->name + nl - fl, f->family_name) == 0) {
            char *name = kith_xasprintf("%.*s%s", (int)(nl - fl), f->name, family);
            free(f->name);
            f->name = name;
        }
    }
    free(f->family_name);
    f->family_name = family;
}

/* "Weimann" with b.weissmann@ → "Weißmann" (see repair.h). Returns 1 when
 * fixed. */
static int repair_family_eszett(kith_fields *f)
{
    const char *fam = f->family_name;
    if (strstr(fam, "\xc3\x9f"))
        return 0;
    char *as_read = kith_fold_spelled(fam);
    int agrees = strlen(as_read) >= 4 && in_some_local(f, as_read);
    free(as_read);
    if (agrees)
        return 0;
    size_t len = strlen(fam);
    char *found = NULL;
    int n_found = 0;
    for (size_t p = 1; p < len && n_found < 2; p++) {
        if (!isalpha((unsigned char)fam[p - 1]))
            continue;
        /* ß inserted before p, or standing for the letter at p */
        for (int replace = 0; replace <= 1 && n_found < 2; replace++) {
            if (replace && !isalpha((unsigned char)fam[p]))
                continue;
            char *v = kith_xasprintf("%.*s\xc3\x9f%s", (int)p, fam, fam + p + (size_t)replace);
            char *vf = kith_fold_spelled(v);
            if (strlen(vf) >= 5 && in_some_local(f, vf)) {
                if (!found || strcmp(found, v) != 0)
                    n_found++;
                if (!found) {
                    found = v;
                    v = NULL;
                }
            }
            free(v);
            free(vf);
        }
    }
    if (n_found != 1) {
        free(found);
        return 0;
    }
    set_family(f, found);
    return 1;
}

/* "Brenna" with m.brennan@ → "Brennan". Returns 1 when fixed. */
static int repair_last_letter(kith_fields *f)
{
    const char *fam = f->family_name;
    size_t len = strlen(fam);
    if (len < 4)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!isalpha((unsigned char)fam[i]))
            return 0;
    char *lower = kith_xstrdup(fam);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    char add = 0;
    int agrees = 0;
    for (size_t i = 0; i < f->n_emails && !agrees; i++) {
        const char *e = f->emails[i];
        size_t ll = local_len(e);
        /* the local part's tokens between '.', '_', '-' */
        for (size_t a = 0; a < ll && !agrees;) {
            size_t tl = strcspn(e + a, "._-@");
            if (tl > ll - a)
                tl = ll - a;
            if (tl == len && strncasecmp(e + a, lower, len) == 0)
                agrees = 1;
            else if (tl == len + 1 && strncasecmp(e + a, lower, len) == 0 &&
                     isalpha((unsigned char)e[a + len]))
                add = add && add != e[a + len] ? '?' : e[a + len];
            a += tl + 1;
        }
    }
    free(lower);
    if (agrees || !add || add == '?')
        return 0;
    int fam_caps = len > 1 && isupper((unsigned char)fam[1]);
    set_family(f, kith_xasprintf("%s%c", fam,
                                 fam_caps ? (char)toupper((unsigned char)add)
                                          : (char)tolower((unsigned char)add)));
    return 1;
}

/* The local parts an address of this person is likely to have. */
static void local_forms(const char *given, const char *family, kith_strlist *out)
{
    char g1[2] = {given[0], '\0'}, f1[2] = {family[0], '\0'};
    const char *const forms[][3] = {
        {given, "", ""},     {family, "", ""},   {given, ".", family}, {given, "_", family},
        {given, "-", family}, {given, "", family}, {g1, ".", family},   {g1, "", family},
        {g1, "_", family},   {family, ".", given}, {family, "_", given}, {family, "", given},
        {given, ".", f1},    {given, "", f1},     {family, ".", g1},    {family, "", g1},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char *s = kith_xasprintf("%s%s%s", forms[i][0], forms[i][1], forms[i][2]);
        int have = 0;
        for (size_t k = 0; k < out->n && !have; k++)
            have = strcmp(out->items[k], s) == 0;
        if (!have)
            kith_strlist_push(out, s);
        free(s);
    }
}

/* "j.dasiva@" → "j.dasilva@" (see repair.h). Returns how many changed. */
static int repair_locals(kith_fields *f, float *email_conf)
{
    if (!f->given_name || !f->family_name || !*f->given_name || !*f->family_name)
        return 0;
    kith_strlist forms = KITH_STRLIST_INIT;
    char *g = kith_fold(f->given_name), *fa = kith_fold(f->family_name);
    char *gs = kith_fold_spelled(f->given_name), *fs = kith_fold_spelled(f->family_name);
    if (*g && *fa)
        local_forms(g, fa, &forms);
    if (*gs && *fs)
        local_forms(gs, fs, &forms);
    free(g);
    free(fa);
    free(gs);
    free(fs);
    int changed = 0;
    for (size_t i = 0; i < f->n_emails; i++) {
        if (!email_conf || email_conf[i] < 0 || email_conf[i] >= UNSURE_EMAIL)
            continue;
        const char *e = f->emails[i];
        size_t ll = local_len(e);
        char *local = kith_xstrndup(e, ll);
        for (char *p = local; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        /* "jsmith2": a digit the name does not have is the person's choice */
        int digit_end = ll > 0 && isdigit((unsigned char)local[ll - 1]);
        const char *best = NULL;
        int n_best = 0, exact = 0;
        for (size_t k = 0; k < forms.n && !exact; k++) {
            /* every form counts as the address as printed ("bram@" on Bram
             * van der Berg's card); only one of five letters or more is a
             * spelling to mend to ("bram" is not "bramv" misread) */
            int d = kith_text_distance(local, forms.items[k]);
            if (d == 0)
                exact = 1;
            else if (d == 1 && strlen(forms.items[k]) >= 5) {
                n_best++;
                best = forms.items[k];
            }
        }
        /* "giulia_lorusso" against "giulialorusso": a separator is the
         * person's choice too, not OCR's slip */
        int separator_only = 0;
        if (best) {
            char *x = kith_fold(local), *y = kith_fold(best);
            separator_only = strcmp(x, y) == 0;
            free(x);
            free(y);
        }
        if (!exact && n_best == 1 && !digit_end && !separator_only) {
            char *fixed = kith_xasprintf("%s%s", best, e + ll);
            int twice = 0;
            for (size_t j = 0; j < f->n_emails; j++)
                twice |= j != i && strcasecmp(f->emails[j], fixed) == 0;
            free(f->emails[i]);
            f->emails[i] = fixed;
            changed++;
            if (twice) {
                /* the repaired address was also read right elsewhere: the
                 * copy is dropped (marked here, removed below) */
                f->emails[i][0] = '\0';
            }
        }
        free(local);
    }
    kith_strlist_clear(&forms);
    size_t w = 0;
    for (size_t r = 0; r < f->n_emails; r++) {
        if (!f->emails[r][0]) {
            free(f->emails[r]);
            continue;
        }
        if (email_conf)
            email_conf[w] = email_conf[r];
        f->emails[w++] = f->emails[r];
    }
    f->n_emails = w;
    return changed;
}

char *kith_repair_eszett_words(const char *text)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    int changed = 0;
    for (const char *p = text; *p;) {
        size_t full = strcspn(p, " "), wl = full;
        while (wl > 0 && strchr(",.;:", p[wl - 1]))
            wl--; /* "WeiBmann," */
        /* one capital inside a capitalised word of ASCII letters */
        size_t upper_inside = 0, at = 0, letters = 0;
        for (size_t i = 0; i < wl; i++) {
            letters += isalpha((unsigned char)p[i]) != 0;
            if (i > 0 && isupper((unsigned char)p[i])) {
                upper_inside++;
                at = i;
            }
        }
        int eszett = letters == wl && wl >= 4 && isupper((unsigned char)p[0]) &&
                     upper_inside == 1 && (p[at] == 'B' || p[at] == 'R') && at >= 3 &&
                     (at + 1 == wl || islower((unsigned char)p[at + 1]));
        if (eszett) {
            static const char *const before[] = {"ei", "au", "eu", "ie"};
            int fits = 0;
            for (size_t k = 0; k < sizeof before / sizeof before[0]; k++)
                fits |= strncmp(p + at - 2, before[k], 2) == 0;
            eszett = fits;
        }
        if (eszett) {
            kith_strbuf_add(&sb, p, at);
            kith_strbuf_adds(&sb, "\xc3\x9f");
            kith_strbuf_add(&sb, p + at + 1, full - at - 1);
            changed = 1;
        } else {
            kith_strbuf_add(&sb, p, full);
        }
        p += full;
        while (*p == ' ')
            kith_strbuf_addc(&sb, *p++);
    }
    if (!changed) {
        kith_strbuf_release(&sb);
        return NULL;
    }
    return kith_strbuf_detach(&sb);
}

int kith_repair_name_email(kith_fields *f, float *email_conf)
{
    int changed = 0;
    if (f->family_name && *f->family_name) {
        changed += repair_family_eszett(f);
        changed += repair_last_letter(f);
    }
    changed += repair_locals(f, email_conf);
    return changed;
}

/* --- accents on a given name ----------------------------------------------- */

/* Letters that differ only by their diacritic, as OCR confuses them. */
static const char *const same_base[] = {
    "á à â ä ã å ā ą", "Á À Â Ä Ã Å Ā Ą", "é è ê ë ė ē ę ě", "É È Ê Ë Ė Ē Ę Ě",
    "í ì î ï ī į",     "Í Ì Î Ï Ī Į",     "ó ò ô ö õ ø ō ő", "Ó Ò Ô Ö Õ Ø Ō Ő",
    "ú ù û ü ū ů ű",   "Ú Ù Û Ü Ū Ů Ű",   "ç č ć",           "Ç Č Ć",
    "ñ ń ň",           "Ñ Ń Ň",           "š ś ş",           "Š Ś Ş",
    "ž ź ż",           "Ž Ź Ż",           "ý ÿ",             "Ý Ÿ",
};

/* The group of letters (space-separated, UTF-8) holding the n bytes at p,
 * or NULL. */
static const char *letter_group(const char *p, size_t n)
{
    for (size_t g = 0; g < sizeof same_base / sizeof same_base[0]; g++)
        for (const char *q = same_base[g]; *q;) {
            size_t l = strcspn(q, " ");
            if (l == n && strncmp(q, p, n) == 0)
                return same_base[g];
            q += l;
            while (*q == ' ')
                q++;
        }
    return NULL;
}

int kith_repair_given_accents(const kith_models *m, kith_fields *f)
{
    const char *given = f->given_name;
    if (!given || !*given || kith_models_has(m, "given_names", given))
        return 0;
    char *found = NULL;
    int n_found = 0;
    for (const char *p = given; *p && n_found < 2;) {
        unsigned cp;
        size_t n = kith_utf8_decode(p, &cp);
        const char *group = cp >= 0x80 ? letter_group(p, n) : NULL;
        if (!group) {
            p += n;
            continue;
        }
        for (const char *q = group; *q && n_found < 2;) {
            size_t l = strcspn(q, " ");
            if (l != n || strncmp(q, p, n) != 0) {
                char *v = kith_xasprintf("%.*s%.*s%s", (int)(p - given), given, (int)l, q, p + n);
                if (kith_models_has(m, "given_names", v) && (!found || strcmp(found, v) != 0)) {
                    n_found++;
                    free(found);
                    found = v;
                    v = NULL;
                }
                free(v);
            }
            q += l;
            while (*q == ' ')
                q++;
        }
        p += n;
    }
    if (n_found != 1) {
        free(found);
        return 0;
    }
    /* the display name starts with the given name */
    size_t gl = strlen(given);
    if (f->name && strncmp(f->name, given, gl) == 0) {
        char *name = kith_xasprintf("%s%s", found, f->name + gl);
        free(f->name);
        f->name = name;
    }
    free(f->given_name);
    f->given_name = found;
    return 1;
}
