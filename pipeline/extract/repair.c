/*
 * repair.c — the name and the email address mend each other (see repair.h).
 *
 * Why: a card's email address is nearly always built from the name printed
 * above it (jane.doe@, j.doe@, jdoe@, jane@), and the two are printed in
 * different sizes and weights, so OCR's slips in one seldom repeat in the
 * other. Every rule here needs the other field's agreement, or a shape that
 * names do not have (a capital B inside "WeiBmann"), before it changes a
 * letter; anything less certain is left as read.
 */
#include "extract/repair.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "extract/models.h"
#include "extract/name.h"
#include "extract/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    int all_caps = len > 1 && isupper((unsigned char)fam[1]);
    set_family(f, kith_xasprintf("%s%c", fam,
                                 all_caps ? (char)toupper((unsigned char)add)
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
        if (strlen(s) >= 5 && !have)
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
            int d = kith_text_distance(local, forms.items[k]);
            if (d == 0)
                exact = 1;
            else if (d == 1) {
                n_best++;
                best = forms.items[k];
            }
        }
        if (!exact && n_best == 1 && !digit_end) {
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

/* --- the company ----------------------------------------------------------- */

/* Whether some email or web address's host contains needle (folded). */
static int in_some_host(const kith_fields *f, const char *needle)
{
    for (size_t i = 0; i < f->n_emails + f->n_urls; i++) {
        const char *a = i < f->n_emails ? f->emails[i] : f->urls[i - f->n_emails];
        const char *host = i < f->n_emails ? strchr(a, '@') : strstr(a, "://");
        host = host ? host + (i < f->n_emails ? 1 : 3) : a;
        size_t hl = strcspn(host, "/");
        char *h = kith_xstrndup(host, hl);
        char *fh = kith_fold(h);
        int in = strstr(fh, needle) != NULL;
        free(fh);
        free(h);
        if (in)
            return 1;
    }
    return 0;
}

/* Whether w is a dotted abbreviation that lost its last dot: "K.K", "S.A",
 * "S.p.A" (letters each followed by a dot, but the last). */
static int dotted_short(const char *w)
{
    size_t n = strlen(w);
    if (n < 3 || n % 2 == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i % 2 ? w[i] != '.' : !isalpha((unsigned char)w[i]))
            return 0;
    return 1;
}

int kith_repair_company(const kith_models *m, kith_fields *f)
{
    if (!f->company || !*f->company)
        return 0;
    int changed = 0;
    kith_strlist w = KITH_STRLIST_INIT;
    char *save = NULL, *buf = kith_xstrdup(f->company);
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
        kith_strlist_push(&w, t);
    free(buf);
    if (w.n == 0) {
        kith_strlist_clear(&w);
        return 0;
    }
    /* the legal suffix: "K.K" is "K.K." (lexicon lookups ignore dots), and
     * "pic" is "plc" when the lexicon has the mended form and not the one
     * read */
    char *last = w.items[w.n - 1];
    int known = kith_models_has(m, "company_suffixes", last);
    if (w.n > 1 && known && dotted_short(last)) {
        w.items[w.n - 1] = kith_xasprintf("%s.", last);
        free(last);
        changed = 1;
    } else if (w.n > 1 && !known) {
        char *mended = kith_xstrdup(last);
        for (char *p = mended; *p; p++)
            if (*p == 'i' || *p == '1')
                *p = 'l';
            else if (*p == 'I' && p > mended)
                *p = 'L';
        if (strcmp(mended, last) != 0 && kith_models_has(m, "company_suffixes", mended)) {
            free(last);
            w.items[w.n - 1] = mended;
            mended = NULL;
            changed = 1;
        }
        free(mended);
    }
    /* a word OCR split: "Silver line" where the address says silverline. A
     * lower-case piece after a word, the two joined found in a host name */
    for (size_t i = 1; i < w.n; i++) {
        const char *a = w.items[i - 1], *b = w.items[i];
        if (!islower((unsigned char)b[0]) || !isalpha((unsigned char)a[strlen(a) - 1]) ||
            kith_models_has(m, "name_particles", b) || strlen(b) < 3)
            continue;
        char *joined = kith_xasprintf("%s%s", a, b);
        char *fj = kith_fold(joined);
        if (strlen(fj) >= 6 && in_some_host(f, fj)) {
            free(w.items[i - 1]);
            w.items[i - 1] = joined;
            joined = NULL;
            free(w.items[i]);
            memmove(&w.items[i], &w.items[i + 1], (w.n - i - 1) * sizeof *w.items);
            w.n--;
            i--;
            changed = 1;
        }
        free(joined);
        free(fj);
    }
    if (changed) {
        free(f->company);
        f->company = kith_name_join(w.items, 0, w.n);
    }
    kith_strlist_clear(&w);
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
