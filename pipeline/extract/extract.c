/*
 * extract.c — the extraction stage: OCR lines in, contact fields out.
 *
 * In order:
 *   1. rows: OCR lines (merged when tesseract split one printed row) are cut
 *      into segments at separators such as " | " and " · ";
 *   2. contact data: emails, websites and phones are read with patterns that
 *      tolerate OCR confusions only where the repaired value validates;
 *      social handles are set aside;
 *   3. the postal address: the first run of segments with address evidence
 *      (street + number, postcode + city, country), joined with ", ";
 *   4. the phone country (the address's, else a +CC printed on another
 *      number, else the website's or email's country TLD) gives E.164 forms;
 *   5. name, title and company: every remaining segment is scored for each
 *      role from lexicons (given names, title words, company suffixes and
 *      words), layout (text height, position next to the name) and agreement
 *      with the email and web domain; a role is filled only above a bar.
 */
#include "extract/extract.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "extract/name.h"
#include "extract/phone.h"
#include "extract/repair.h"
#include "extract/text.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SEGS 128

enum { SEG_TEXT, SEG_CONTACT, SEG_SOCIAL, SEG_ADDRESS, SEG_USED };

/* address evidence bits */
enum {
    ADDR_STREET = 1,
    ADDR_UNIT = 2,
    ADDR_POSTCODE = 4,
    ADDR_COUNTRY = 8,
    ADDR_POBOX = 16,
    ADDR_CITY = 32 /* a city alone, after the street */
};

typedef struct seg {
    char *text;
    size_t row;       /* index of the printed row */
    float height;     /* text height, 0 when unknown */
    float conf;       /* OCR confidence 0..1 (1 when unknown) */
    float ocr_conf;   /* OCR's lowest word confidence on the line 0..1, -1 when unknown */
    int kind;
    int addr;         /* ADDR_* bits */
} seg;

typedef struct ctx {
    const kith_models *m;
    seg segs[MAX_SEGS];
    size_t n;
    kith_fields *f;
    int have_country;
    kith_country country;       /* for national numbers */
    kith_country addr_country;  /* from the address */
    int have_addr_country;
    float max_height, median_height;
    size_t name_seg; /* the name's segment, MAX_SEGS when none */
    float *email_conf; /* OCR confidence of each of f->emails (-1 unknown) */
    float row_min_conf; /* the row being cut into segments: its lowest word conf */
} ctx;

/* --- small text helpers ------------------------------------------------ */

static int has_digit(const char *s)
{
    for (; *s; s++)
        if (isdigit((unsigned char)*s))
            return 1;
    return 0;
}

/* Words of s with surrounding punctuation removed; caller frees the list. */
static void words_of(const char *s, kith_strlist *out)
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

/* How many words of s are in the lexicon (with value val, when not NULL). */
static int count_lex(const kith_models *m, const char *lex, const kith_strlist *w,
                     const char *val)
{
    int n = 0;
    for (size_t i = 0; i < w->n; i++) {
        const char *v = kith_models_get(m, lex, w->items[i]);
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
static size_t suffix_words(const kith_models *m, const kith_strlist *w)
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
static void trim_junk(char *s)
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

/* --- 1. rows and segments ----------------------------------------------- */

static void add_seg(ctx *c, const char *text, size_t len, size_t row, const kith_line *l)
{
    if (c->n == MAX_SEGS)
        return;
    char *t = kith_xstrndup(text, len);
    trim_junk(t);
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
    /* logo letters glued in front: "RC) Redwood Capital" */
    {
        size_t tl = strcspn(t, " ");
        if (tl >= 2 && tl <= 4 && t[tl] == ' ' && strchr(")]}>", t[tl - 1])) {
            memmove(t, t + tl + 1, strlen(t + tl + 1) + 1);
            trim_junk(t);
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
}

/* Cuts a row into segments at " | ", " • ", " · " and similar separators. */
static void split_row(ctx *c, const kith_line *l, size_t row)
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

/* --- 2. emails, websites, social ---------------------------------------- */

static int tld_ok(const kith_models *m, const char *tld)
{
    if (strlen(tld) < 2)
        return 0;
    for (const char *p = tld; *p; p++)
        if (!islower((unsigned char)*p))
            return 0;
    return kith_models_has(m, "tlds", tld);
}

/* Validates a lower-case host name; may repair the last label ("corn" →
 * "com", "c0m" → "com") in place. */
static int host_ok(const kith_models *m, char *host)
{
    char *dot = strrchr(host, '.');
    if (!dot || dot == host)
        return 0;
    char *tld = dot + 1;
    if (!tld_ok(m, tld)) {
        char fixed[32];
        size_t n = 0;
        for (const char *p = tld; *p && n + 1 < sizeof fixed; p++) {
            if (p[0] == 'r' && p[1] == 'n') {
                fixed[n++] = 'm';
                p++;
            } else if (*p == '0') {
                fixed[n++] = 'o';
            } else if (*p == '1') {
                fixed[n++] = 'l';
            } else {
                fixed[n++] = *p;
            }
        }
        fixed[n] = '\0';
        if (!tld_ok(m, fixed))
            return 0;
        memcpy(tld, fixed, n + 1);
    }
    /* every label: [a-z0-9-], not starting or ending with '-' */
    const char *label = host;
    for (const char *p = host;; p++) {
        if (*p == '.' || !*p) {
            size_t len = (size_t)(p - label);
            if (len == 0 || label[0] == '-' || p[-1] == '-')
                return 0;
            if (!*p)
                break;
            label = p + 1;
            continue;
        }
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
            return 0;
    }
    /* the label before the TLD has two characters at least ("e.g", "S.A"),
     * and is not all there is in front of a ccTLD's own "co", "com", "org"
     * ("co.uk" alone is no website) */
    const char *sld = dot;
    while (sld > host && sld[-1] != '.')
        sld--;
    if (dot - sld < 2)
        return 0;
    if (sld == host) {
        static const char *const second[] = {"co", "com", "org", "net", "ac", "gov", "edu",
                                             "ne", "or", "go"};
        for (size_t i = 0; i < sizeof second / sizeof second[0]; i++)
            if ((size_t)(dot - sld) == strlen(second[i]) &&
                strncmp(sld, second[i], (size_t)(dot - sld)) == 0 && strlen(dot + 1) == 2)
                return 0;
    }
    return 1;
}

static int is_social_host(const kith_models *m, const char *host)
{
    const char *h = strncmp(host, "www.", 4) == 0 ? host + 4 : host;
    return kith_models_has(m, "social", h);
}

/* Whether the token at p (up to a blank) has an '@'. */
static int token_has_at(const char *p)
{
    size_t n = strcspn(p, " ");
    return memchr(p, '@', n) != NULL;
}

/* Whether p[0..n) could be the start of an address's local part: lower-case
 * letters, digits, dots and hyphens, two letters at least, or an initial
 * and its dot ("s. takeuchi@"). */
static int local_word(const char *p, size_t n)
{
    size_t letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (islower(ch))
            letters++;
        else if (!isdigit(ch) && ch != '.' && ch != '-')
            return 0;
    }
    return letters >= 2 || (letters == 1 && n == 2 && p[1] == '.');
}

/* Whether the token at p ends a host name: "lowelogistics.eu" (lower-case
 * letters, digits, hyphens and dots, with a dot followed by two letters). */
static int host_tail(const char *p)
{
    size_t n = strcspn(p, " ");
    const char *dot = NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '.')
            dot = p + i;
        else if (!islower(ch) && !isdigit(ch) && ch != '-')
            return 0;
    }
    return dot && dot > p && p + n - dot > 2 && isalpha((unsigned char)dot[1]) &&
           isalpha((unsigned char)dot[2]);
}

/* Whether the token at p (up to a blank or the end) is a known top-level
 * domain ("com", "co" of co.jp). */
static int tld_token(const ctx *c, const char *p)
{
    size_t n = strcspn(p, " ");
    if (n < 2 || n > 6)
        return 0;
    char t[8];
    for (size_t i = 0; i < n; i++)
        t[i] = (char)tolower((unsigned char)p[i]);
    t[n] = '\0';
    char *dot = strchr(t, '.');
    if (dot)
        *dot = '\0'; /* "co.jp" */
    return strlen(t) >= 2 && tld_ok(c->m, t);
}

/* Finds the emails in s (with @ read as ©, ®, "(at)"; ',' for '.' in the
 * domain) and adds those that validate. Returns how many; *handles counts
 * bare @handles (social). */
static int find_emails(ctx *c, const char *s, int *handles)
{
    kith_strbuf t = KITH_STRBUF_INIT;
    for (const char *p = s; *p;) {
        if (strncmp(p, "\xc2\xa9", 2) == 0 || strncmp(p, "\xc2\xae", 2) == 0) {
            kith_strbuf_addc(&t, '@');
            p += 2;
        } else if (strncasecmp(p, "(at)", 4) == 0 || strncasecmp(p, "[at]", 4) == 0) {
            kith_strbuf_addc(&t, '@');
            p += 4;
        } else if (strncasecmp(p, "(dot)", 5) == 0 || strncasecmp(p, "[dot]", 5) == 0) {
            kith_strbuf_addc(&t, '.');
            p += 5;
        } else {
            kith_strbuf_addc(&t, *p++);
        }
    }
    /* blanks around '@' and '_' are OCR's, not the address's, and so is one
     * before the dot of a domain ("jane@azur .net"), one beside a dot or
     * hyphen of a lower-case local part ("helene .johansson@", "kimberly.
     * kowalski@"), and one inside a domain that has no dot yet when what
     * follows ends it ("sofia@mar lowelogistics.eu") */
    char *b = t.buf ? t.buf : (char *)"";
    size_t w = 0, word = 0;
    int in_domain = 0, domain_dot = 0;
    for (size_t r = 0; b[r]; r++) {
        if (b[r] == ' ' && w > 0 &&
            (b[w - 1] == '@' || b[r + 1] == '@' || b[w - 1] == '_' || b[r + 1] == '_'))
            continue;
        if (b[r] == ' ' && in_domain && b[r + 1] == '.' && isalpha((unsigned char)b[r + 2]))
            continue;
        /* "yamatakei. com": a blank after the domain's dot, before its TLD */
        if (b[r] == ' ' && in_domain && w > 0 && b[w - 1] == '.' && tld_token(c, b + r + 1))
            continue;
        if (b[r] == ' ' && w > word && !in_domain && local_word(b + word, w - word) &&
            token_has_at(b + r + 1) &&
            ((strchr(".-", b[w - 1]) && isalnum((unsigned char)b[r + 1])) ||
             (strchr(".-", b[r + 1]) && isalnum((unsigned char)b[r + 2]) &&
              isalnum((unsigned char)b[w - 1]))))
            continue;
        if (b[r] == ' ' && in_domain && !domain_dot && isalnum((unsigned char)b[w - 1]) &&
            host_tail(b + r + 1))
            continue;
        if (b[r] == '@') {
            in_domain = 1;
            domain_dot = 0;
        } else if (b[r] == ' ') {
            in_domain = 0;
        } else if (b[r] == '.' && in_domain) {
            domain_dot = 1;
        }
        if (b[r] == ' ')
            word = w + 1;
        b[w++] = b[r];
    }
    b[w] = '\0';
    int found = 0;
    for (char *at = strchr(b, '@'); at; at = strchr(at + 1, '@')) {
        char *l = at;
        while (l > b && (isalnum((unsigned char)l[-1]) || strchr("._%+-'", l[-1])))
            l--;
        /* "|.dubois@": a '|' glued to the address is an 'l' */
        if (l > b && l[-1] == '|' && (l - 1 == b || l[-2] == ' ')) {
            l[-1] = 'l';
            l--;
        }
        while (*l == '.' || *l == '\'' || *l == '-')
            l++;
        char *r = at + 1;
        while (*r && (isalnum((unsigned char)*r) || *r == '.' || *r == '-' || *r == ','))
            r++;
        if (l == at) {
            if (r > at + 1 && (at == b || !isalnum((unsigned char)at[-1])))
                (*handles)++;
            continue;
        }
        /* "mateo mercier@…": an underscore OCR read as a blank, when the
         * lower-case word before it starts the text (after a label) */
        kith_strbuf lp = KITH_STRBUF_INIT;
        if (l > b + 1 && l[-1] == ' ') {
            const char *wend = l - 1, *wbeg = wend;
            while (wbeg > b && (islower((unsigned char)wbeg[-1]) || strchr("._-", wbeg[-1])))
                wbeg--;
            const char *before = wbeg;
            while (before > b && before[-1] == ' ')
                before--;
            int label_only = before == b || (before - b <= 7 && !memchr(b, ' ', (size_t)(before - b)));
            if (wend - wbeg >= 2 && (wbeg == b || !isalnum((unsigned char)wbeg[-1])) &&
                label_only) {
                kith_strbuf_add(&lp, wbeg, (size_t)(wend - wbeg));
                /* "kimber ly.kowalski": a blank inside a word of an address
                 * that has its separators already */
                size_t locl = (size_t)(at - l);
                int has_sep = memchr(l, '.', locl) || memchr(l, '_', locl) || memchr(l, '-', locl);
                if (!strchr("._-", wend[-1]) && !strchr("._-", *l) && !has_sep)
                    kith_strbuf_addc(&lp, '_');
            }
        }
        kith_strbuf_add(&lp, l, (size_t)(at - l));
        char *local = kith_strbuf_detach(&lp);
        char *domain = kith_xstrndup(at + 1, (size_t)(r - at - 1));
        for (char *p = domain; *p; p++)
            *p = *p == ',' ? '.' : (char)tolower((unsigned char)*p);
        size_t dl = strlen(domain);
        while (dl && (domain[dl - 1] == '.' || domain[dl - 1] == '-'))
            domain[--dl] = '\0';
        /* "Idangelo@": an upper-case I in a lower-case address is an l */
        size_t up = 0, low = 0;
        kith_text_counts(local, &up, &low, NULL, NULL);
        if (low > 0 && up > 0) {
            size_t other_upper = 0;
            for (const char *q = local; *q; q++)
                other_upper += isupper((unsigned char)*q) && *q != 'I';
            if (!other_upper)
                for (char *q = local; *q; q++)
                    if (*q == 'I')
                        *q = 'l';
        }
        /* "junipereu": the dot before the TLD lost; put it back when exactly
         * one place gives a known TLD */
        if (!strchr(domain, '.')) {
            size_t dlen = strlen(domain), fits = 0, at_len = 0;
            for (size_t tl = 2; tl <= 3 && tl + 2 < dlen; tl++)
                if (tld_ok(c->m, domain + dlen - tl)) {
                    fits++;
                    at_len = tl;
                }
            if (fits == 1) {
                char *d2 = kith_xasprintf("%.*s.%s", (int)(dlen - at_len), domain,
                                          domain + dlen - at_len);
                free(domain);
                domain = d2;
            }
        }
        size_t ll = strlen(local);
        int ok = ll > 0 && local[ll - 1] != '.' && !strstr(local, "..") &&
                 !strstr(domain, "..") && host_ok(c->m, domain);
        if (ok) {
            char *email = kith_xasprintf("%s@%s", local, domain);
            kith_fields_add_email(c->f, email);
            free(email);
            found++;
        }
        free(local);
        free(domain);
    }
    kith_strbuf_release(&t);
    return found;
}

/* The "www." (or OCR's "www,") in tok, any case; NULL when none. */
static const char *find_www(const char *tok)
{
    for (const char *p = tok; *p; p++)
        if (strncasecmp(p, "www", 3) == 0 && (p[3] == '.' || p[3] == ','))
            return p;
    return NULL;
}

/* The length of an OCR-misread scheme at the start of t ("httos://",
 * "htp://"): 4 or 5 letters starting with h, one edit from "http" or "https",
 * then "://" or ":/"; 0 for anything else, "http" and "https" included. */
static int scheme_like(const char *t)
{
    size_t n = strcspn(t, ":");
    if ((n != 4 && n != 5) || (t[0] != 'h' && t[0] != 'H') || t[n + 1] != '/')
        return 0;
    char word[6];
    for (size_t i = 0; i < n; i++)
        word[i] = (char)tolower((unsigned char)t[i]);
    word[n] = '\0';
    if (strcmp(word, "http") == 0 || strcmp(word, "https") == 0)
        return 0;
    return kith_text_distance(word, n == 5 ? "https" : "http") == 1 ? (int)n : 0;
}

/* Finds websites among the words of s that are not emails. Returns how many
 * were added; *social is set when one is a social network's. */
static int find_urls(ctx *c, const char *s, int *social)
{
    kith_strlist w = KITH_STRLIST_INIT;
    words_of(s, &w);
    int found = 0;
    /* "orchard. de", "tidewater .co": a blank OCR put around a dot */
    for (size_t i = 0; i + 1 < w.n; i++) {
        const char *a = w.items[i], *b = w.items[i + 1];
        size_t al = strlen(a);
        size_t upper = 0;
        kith_text_counts(a, &upper, NULL, NULL, NULL);
        int glue = upper == 0 && ((al > 1 && a[al - 1] == '.' && tld_ok(c->m, b)) ||
                                  (b[0] == '.' && tld_ok(c->m, b + 1) && !strchr(a, '@')));
        if (glue && !strchr(a, ' ')) {
            char *j = kith_xasprintf("%s%s", a, b);
            free(w.items[i]);
            free(w.items[i + 1]);
            w.items[i] = j;
            memmove(&w.items[i + 1], &w.items[i + 2], (w.n - i - 2) * sizeof *w.items);
            w.n--;
        }
    }
    for (size_t i = 0; i < w.n; i++) {
        const char *tok = w.items[i];
        if (strchr(tok, '@') || strstr(tok, "\xc2\xa9"))
            continue;
        /* "jane @ acme.com": the domain of a spaced-out email */
        if ((i > 0 && w.items[i - 1][strlen(w.items[i - 1]) - 1] == '@') ||
            (i + 1 < w.n && w.items[i + 1][0] == '@'))
            continue;
        kith_strbuf sb = KITH_STRBUF_INIT;
        kith_strbuf_adds(&sb, tok);
        /* "www." + "acme.com" split by OCR, also after a scheme ("http://www. acme.com"),
         * and "www.mar" + "lowelogistics.eu": a blank inside the name */
        size_t tl = strlen(tok);
        if (i + 1 < w.n && tl >= 4 &&
            (kith_strieq(tok + tl - 4, "www.") || kith_strieq(tok + tl - 4, "www,"))) {
            kith_strbuf_adds(&sb, w.items[i + 1]);
            i++;
        }
        /* ... and "www.Lumen" + "legal.de" */
        for (const char *www = find_www(kith_strbuf_str(&sb));
             www && i + 1 < w.n && !strchr(www + 4, '.') && !strchr(www + 4, ',') &&
             host_tail(w.items[i + 1]);
             www = find_www(kith_strbuf_str(&sb))) {
            kith_strbuf_adds(&sb, w.items[i + 1]);
            i++;
        }
        char *t = kith_strbuf_detach(&sb);
        /* a label glued on ("Web:www.acme.com") */
        char *colon = strchr(t, ':');
        char *u = t;
        int scheme_len = scheme_like(t);
        if (colon && !(colon - t <= 5 && (strncasecmp(t, "http", 4) == 0 || scheme_len)))
            u = colon + 1;
        char scheme[16] = "";
        if (scheme_len) {
            /* "httos://": OCR's slip in the scheme */
            snprintf(scheme, sizeof scheme, "%s://", scheme_len == 5 ? "https" : "http");
            u += scheme_len;
            while (*u == ':' || *u == '/')
                u++;
        } else if (strncasecmp(u, "http", 4) == 0) {
            /* "https://", and OCR's "https:/", "https//", "http:" */
            size_t sl = u[4] == 's' || u[4] == 'S' ? 5 : 4;
            size_t k = sl;
            while (u[k] == ':' || u[k] == '/')
                k++;
            if (k > sl && k - sl <= 3 && isalnum((unsigned char)u[k])) {
                snprintf(scheme, sizeof scheme, "%s://", sl == 5 ? "https" : "http");
                u += k;
            }
        }
        char *slash = strchr(u, '/');
        char *host = kith_xstrndup(u, slash ? (size_t)(slash - u) : strlen(u));
        for (char *p = host; *p; p++)
            *p = *p == ',' ? '.' : (char)tolower((unsigned char)*p);
        size_t hl = strlen(host);
        while (hl && host[hl - 1] == '.')
            host[--hl] = '\0';
        /* "www-.acme.com", "awww.acme.com": junk around the www */
        {
            char *w3 = strstr(host, "www");
            if (w3 && w3 - host <= 1 && w3[3] && w3[3] != '.') {
                char *dot = w3 + 3;
                while (*dot && !isalnum((unsigned char)*dot) && *dot != '.')
                    dot++;
                if (*dot == '.' && dot > w3 + 3)
                    memmove(w3 + 3, dot, strlen(dot) + 1);
            }
            if (w3 == host + 1 && w3[3] == '.')
                memmove(host, w3, strlen(w3) + 1);
        }
        /* "wwvw.", "vvww.", "ww.": a first label of w and v letters */
        {
            size_t fl = strspn(host, "wv");
            if (fl >= 2 && fl <= 5 && host[fl] == '.' && strchr(host + fl + 1, '.') &&
                strncmp(host, "www.", 4) != 0) {
                /* "ww." grows by a letter: build it anew, not in place */
                char *fixed = kith_xasprintf("www%s", host + fl);
                free(host);
                host = fixed;
            }
        }
        int explicit_web = scheme[0] || strncmp(host, "www.", 4) == 0;
        int ok = host_ok(c->m, host);
        /* a bare "word.tld" must look like a host, not like "Inc.Com" text */
        if (ok && !explicit_web) {
            size_t up = 0;
            kith_text_counts(u, &up, NULL, NULL, NULL);
            if (up > 1)
                ok = 0;
        }
        if (ok && is_social_host(c->m, host)) {
            *social = 1;
            ok = 0;
        }
        if (ok) {
            kith_strbuf url = KITH_STRBUF_INIT;
            kith_strbuf_adds(&url, scheme);
            kith_strbuf_adds(&url, host);
            if (slash && slash[1]) {
                kith_strbuf_adds(&url, slash);
                while (url.len && url.buf[url.len - 1] == '/')
                    url.buf[--url.len] = '\0';
            }
            kith_fields_add_url(c->f, kith_strbuf_str(&url));
            kith_strbuf_release(&url);
            found++;
        }
        free(host);
        free(t);
    }
    kith_strlist_clear(&w);
    return found;
}

/* A social profile line: "Twitter: @jane", "linkedin.com/in/jane", "@jane". */
static int is_social(ctx *c, const char *s)
{
    kith_strlist w = KITH_STRLIST_INIT;
    words_of(s, &w);
    int social = 0;
    if (w.n && kith_models_has(c->m, "social", w.items[0]))
        social = 1;
    for (size_t i = 0; i < w.n && !social; i++) {
        const char *t = w.items[i];
        if (t[0] == '@' && t[1] && w.n <= 2)
            social = 1;
        char *low = kith_text_lower(t);
        char *slash = strchr(low, '/');
        if (slash)
            *slash = '\0';
        const char *h = strstr(low, "://") ? strstr(low, "://") + 3 : low;
        if (is_social_host(c->m, h))
            social = 1;
        free(low);
    }
    kith_strlist_clear(&w);
    return social;
}

/* The canonical spelling of a host for comparing OCR variants: rn→m, 1→l,
 * 0→o, vv→w. Caller frees. */
static char *canon_host(const char *h)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (const char *p = h; *p; p++) {
        if (p[0] == 'r' && p[1] == 'n') {
            kith_strbuf_addc(&sb, 'm');
            p++;
        } else if (p[0] == 'v' && p[1] == 'v') {
            kith_strbuf_addc(&sb, 'w');
            p++;
        } else if (*p == '1') {
            kith_strbuf_addc(&sb, 'l');
        } else if (*p == '0') {
            kith_strbuf_addc(&sb, 'o');
        } else {
            kith_strbuf_addc(&sb, *p);
        }
    }
    return kith_strbuf_detach(&sb);
}

static const char *url_host(const char *url, char *buf, size_t cap)
{
    const char *u = strstr(url, "://") ? strstr(url, "://") + 3 : url;
    if (strncmp(u, "www.", 4) == 0)
        u += 4;
    size_t n = strcspn(u, "/");
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, u, n);
    buf[n] = '\0';
    return buf;
}

/* Does a text segment of the card start with the host's name ("orchard"
 * for orchard.de)? */
static int spelled_on_card(const ctx *c, const char *host)
{
    char *label = kith_xstrndup(host, strcspn(host, "."));
    char *fl = kith_fold(label);
    int found = 0;
    for (size_t i = 0; i < c->n && !found && strlen(fl) >= 3; i++) {
        if (c->segs[i].kind != SEG_TEXT)
            continue;
        char *ft = kith_fold(c->segs[i].text);
        found = strncmp(ft, fl, strlen(fl)) == 0;
        free(ft);
    }
    free(fl);
    free(label);
    return found;
}

/* Where an email domain and a website host differ only by OCR confusions,
 * the spelling with no confusable letters (or seen more often) wins. */
static void repair_domains(ctx *c)
{
    kith_fields *f = c->f;
    for (size_t i = 0; i < f->n_emails; i++) {
        char *at = strchr(f->emails[i], '@');
        for (size_t j = 0; at && j < f->n_urls; j++) {
            char hb[256];
            const char *h = url_host(f->urls[j], hb, sizeof hb);
            const char *d = at + 1;
            if (strcmp(h, d) == 0)
                continue;
            char *ch = canon_host(h), *cd = canon_host(d);
            int same = strcmp(ch, cd) == 0;
            int h_clean = strcmp(ch, h) == 0, d_clean = strcmp(cd, d) == 0;
            free(ch);
            free(cd);
            int edits = kith_text_distance(h, d);
            if (!same && (edits == 1 || (edits == 2 && strlen(d) >= 12))) {
                /* one letter apart ("qorchard.de" / "orchard.de"), or two in
                 * a long name ("oakhavephealih.co.uk"): the one a line of
                 * the card spells ("Orchard GmbH") wins */
                same = 1;
                h_clean = spelled_on_card(c, h);
                d_clean = spelled_on_card(c, d);
            }
            if (!same || h_clean == d_clean)
                continue;
            if (h_clean) {
                char *e = kith_xasprintf("%.*s@%s", (int)(at - f->emails[i]), f->emails[i], h);
                free(f->emails[i]);
                f->emails[i] = e;
                at = strchr(e, '@');
            } else {
                char *pos = strstr(f->urls[j], h);
                char *u = kith_xasprintf("%.*s%s%s", (int)(pos - f->urls[j]), f->urls[j], d,
                                         pos + strlen(h));
                free(f->urls[j]);
                f->urls[j] = u;
            }
        }
    }
}

/* The name part of a host: without "www." */
static const char *bare_host(const char *host)
{
    return strncmp(host, "www.", 4) == 0 ? host + 4 : host;
}

/* Drops websites that are scraps of a longer host on the card ("lline.com"
 * next to "www.silverline.com" or "jane@silverline.com") and bare hosts with
 * a one- or two-letter name that nothing else on the card confirms
 * ("do.com" read from noise). */
static void drop_url_fragments(ctx *c)
{
    kith_fields *f = c->f;
    int *drop = kith_xcalloc(f->n_urls + 1, sizeof *drop);
    for (size_t i = 0; i < f->n_urls; i++) {
        char hb[256];
        const char *h = bare_host(url_host(f->urls[i], hb, sizeof hb));
        size_t hl = strlen(h);
        int scrap = 0;
        for (size_t j = 0; j < f->n_urls + f->n_emails && !scrap; j++) {
            char ob[256];
            const char *o = j < f->n_urls ? bare_host(url_host(f->urls[j], ob, sizeof ob))
                                          : strchr(f->emails[j - f->n_urls], '@') + 1;
            size_t ol = strlen(o);
            /* the tail of the other host, give or take one OCR letter */
            if (j != i && ol > hl && o[ol - hl - 1] != '.' &&
                (strcmp(o + ol - hl, h) == 0 || (hl >= 6 && kith_text_distance(o + ol - hl, h) == 1)))
                scrap = 1;
        }
        int explicit_web = strstr(f->urls[i], "://") || strncmp(f->urls[i], "www.", 4) == 0;
        if (!scrap && !explicit_web && strcspn(h, ".") <= 2) {
            scrap = 1;
            for (size_t e = 0; e < f->n_emails; e++)
                if (strcmp(strchr(f->emails[e], '@') + 1, h) == 0)
                    scrap = 0;
        }
        drop[i] = scrap;
    }
    size_t w = 0;
    for (size_t i = 0; i < f->n_urls; i++) {
        if (drop[i])
            free(f->urls[i]);
        else
            f->urls[w++] = f->urls[i];
    }
    f->n_urls = w;
    free(drop);
}

/* --- 3. address --------------------------------------------------------- */

static int is_uk_postcode(const char *a, const char *b)
{
    /* outward: A9, A99, A9A, AA9, AA99, AA9A; inward: 9AA */
    size_t la = strlen(a);
    if (la < 2 || la > 4 || strlen(b) != 3)
        return 0;
    if (!isupper((unsigned char)a[0]) || !isdigit((unsigned char)b[0]) ||
        !isupper((unsigned char)b[1]) || !isupper((unsigned char)b[2]))
        return 0;
    size_t letters = 0;
    while (letters < la && isupper((unsigned char)a[letters]))
        letters++;
    if (letters < 1 || letters > 2 || !isdigit((unsigned char)a[letters]))
        return 0;
    for (size_t i = letters + 1; i < la; i++)
        if (!isalnum((unsigned char)a[i]))
            return 0;
    return 1;
}

static int all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

static void set_addr_country(ctx *c, const char *value)
{
    kith_country k;
    if (!c->have_addr_country && kith_country_parse(value, &k) == 0) {
        c->addr_country = k;
        c->have_addr_country = 1;
    }
}

/* A country hint by ISO code ("DE"), through the tlds lexicon of its ccTLD. */
static void hint_iso(ctx *c, const char *iso)
{
    char tld[3] = {(char)tolower((unsigned char)iso[0]), (char)tolower((unsigned char)iso[1]),
                   0};
    if (strcmp(tld, "gb") == 0)
        memcpy(tld, "uk", 3);
    const char *v = kith_models_get(c->m, "tlds", tld);
    if (v && *v)
        set_addr_country(c, v);
}

/* Address evidence of one segment (ADDR_* bits). When hint, records the
 * country the address points to. */
static int address_evidence(ctx *c, const char *s, int hint)
{
    kith_strlist w = KITH_STRLIST_INIT;
    words_of(s, &w);
    int ev = 0;
    int number_at = -1, word_at = -1, pc_candidate = 0;
    for (size_t i = 0; i < w.n; i++) {
        const char *t = w.items[i];
        const char *v = kith_models_get(c->m, "address_words", t);
        if (v) {
            if (word_at < 0)
                word_at = (int)i;
            if (hint && *v && isupper((unsigned char)v[0]))
                hint_iso(c, v);
        } else {
            /* compounds: "Friedrichstraße", "Keizersgracht", "Chiyoda-ku" */
            char *low = kith_text_lower(t);
            size_t len = strlen(low);
            /* only the last SUFFIX_MAX bytes can hold a listed suffix (the
             * longest, "strasse", has 7): starting further left made each
             * word cost len² (a 200 kB word ran for minutes, issue 15) */
            enum { SUFFIX_MAX = 32 };
            size_t k0 = len > SUFFIX_MAX + 3 ? len - SUFFIX_MAX : 3;
            for (size_t k = k0; k + 2 < len && word_at < 0; k++) {
                if (((unsigned char)low[k] & 0xc0) == 0x80)
                    continue;
                const char *sv = kith_models_get(c->m, "address_words", low + k);
                if (sv && (strstr(sv, "suffix") || low[k] == '-')) {
                    word_at = (int)i;
                    if (hint && isupper((unsigned char)sv[0]))
                        hint_iso(c, sv);
                }
            }
            free(low);
        }
        /* house numbers: 12, 12a, 12-14, 1-2-3 (Japan) */
        size_t dl = strspn(t, "0123456789");
        if (dl > 0 && dl <= 5 && (t[dl] == '\0' || (isalpha((unsigned char)t[dl]) && !t[dl + 1]) ||
                                  (t[dl] == '-' && isdigit((unsigned char)t[dl + 1]))))
            if (number_at < 0 && dl <= 4)
                number_at = (int)i;
        if (i + 1 < w.n && is_uk_postcode(t, w.items[i + 1])) {
            ev |= ADDR_POSTCODE;
            if (hint)
                hint_iso(c, "GB");
        }
        if (i + 1 < w.n && isupper((unsigned char)t[0]) && strlen(t) == 2 &&
            isupper((unsigned char)t[1]) && kith_models_has(c->m, "us_states", t)) {
            const char *z = w.items[i + 1];
            if (all_digits(z, 5, 5) ||
                (strlen(z) == 10 && z[5] == '-' && strspn(z, "0123456789") == 5)) {
                ev |= ADDR_POSTCODE;
                if (hint)
                    hint_iso(c, "US");
            }
        }
        /* "10117 Berlin", "D-10117 Berlin", "75008 Paris", "1012 AB Amsterdam" */
        const char *pc = t;
        if (isupper((unsigned char)pc[0]) && pc[1] == '-' && isdigit((unsigned char)pc[2]))
            pc += 2;
        else if (isupper((unsigned char)pc[0]) && isupper((unsigned char)pc[1]) && pc[2] == '-' &&
                 isdigit((unsigned char)pc[3]))
            pc += 3;
        if (all_digits(pc, 4, 5) && i + 1 < w.n) {
            unsigned cp;
            kith_utf8_decode(w.items[i + 1], &cp);
            if (kith_cp_is_upper(cp))
                pc_candidate = 1;
        }
        /* Japanese postcodes: 100-0005, 〒100-0005 */
        const char *jp = strncmp(t, "\xe3\x80\x92", 3) == 0 ? t + 3 : t;
        if (strlen(jp) == 8 && jp[3] == '-' && strspn(jp, "0123456789") == 3 &&
            strspn(jp + 4, "0123456789") == 4) {
            ev |= ADDR_POSTCODE;
            if (hint && jp != t)
                hint_iso(c, "JP");
        }
        if (kith_strieq(t, "box") || kith_strieq(t, "postfach") || kith_strieq(t, "bp"))
            ev |= ADDR_POBOX;
        if (kith_strieq(t, "cedex"))
            ev |= ADDR_POSTCODE;
    }
    /* "10117 Berlin" is a postcode, "4567 Sunset Boulevard" a street */
    if (pc_candidate && word_at < 0)
        ev |= ADDR_POSTCODE;
    if (word_at >= 0 && number_at >= 0) {
        const char *wt = w.items[word_at];
        if (kith_models_has(c->m, "address_words", wt) &&
            (kith_strieq(wt, "suite") || kith_strieq(wt, "floor") || kith_strieq(wt, "fl") ||
             kith_strieq(wt, "level") || kith_strieq(wt, "unit") || kith_strieq(wt, "room") ||
             kith_strieq(wt, "etage") || kith_strieq(wt, "stock") || kith_strieq(wt, "ste") ||
             kith_strieq(wt, "apt") || kith_strieq(wt, "étage") || kith_strieq(wt, "bldg")))
            ev |= ADDR_UNIT;
        else
            ev |= ADDR_STREET;
    } else if (word_at >= 0 && w.n >= 2) {
        /* "3rd Floor", "Harbour House" alone are weak: only units count */
        const char *wt = w.items[word_at];
        if ((kith_strieq(wt, "floor") || kith_strieq(wt, "etage") || kith_strieq(wt, "level")) &&
            isdigit((unsigned char)w.items[0][0]))
            ev |= ADDR_UNIT;
    }
    /* a Japanese block address "1-2-3 Marunouchi" */
    if (w.n >= 2) {
        const char *t = w.items[0];
        size_t d1 = strspn(t, "0123456789");
        if (d1 && t[d1] == '-' && strspn(t + d1 + 1, "0123456789") && strchr(t + d1 + 1, '-'))
            ev |= ADDR_STREET;
    }
    /* the country: the whole segment or its last comma part */
    const char *lastc = strrchr(s, ',');
    char *tail = kith_xstrdup(lastc ? lastc + 1 : s);
    kith_trim(tail);
    const char *cv = kith_models_get(c->m, "countries", tail);
    if (cv && (lastc || w.n <= 3)) {
        ev |= ADDR_COUNTRY;
        if (hint)
            set_addr_country(c, cv);
    }
    free(tail);
    kith_strlist_clear(&w);
    return ev;
}

/* A short line of capitalised words that can be a city after a street line
 * ("London", "Palo Alto"). */
static int domain_agrees(ctx *c, const char *text);

/* A short line of capitalised words that can be a city after a street line
 * ("London", "Palo Alto", "Denver,"), and is not the company's name. */
static int city_like(ctx *c, const char *s)
{
    kith_strlist w = KITH_STRLIST_INIT;
    words_of(s, &w);
    int ok = w.n >= 1 && w.n <= 3 && !has_digit(s);
    for (size_t i = 0; ok && i < w.n; i++) {
        unsigned cp;
        kith_utf8_decode(w.items[i], &cp);
        if (!kith_cp_is_upper(cp))
            ok = 0;
    }
    if (ok && (count_lex(c->m, "title_words", &w, NULL) || count_lex(c->m, "company_words", &w, NULL) ||
               suffix_words(c->m, &w) || domain_agrees(c, s)))
        ok = 0;
    kith_strlist_clear(&w);
    return ok;
}

/* OCR reads "ß" as "B" or "f" ("BahnhofstraBe", "Friedrichstrafe"): the
 * repair is safe only at the end of a street name, which is where it goes.
 * Returns the repaired copy; caller frees. */
static char *repair_eszett(const char *text)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    const char *p = text;
    while (*p) {
        size_t wl = strcspn(p, " ,");
        int fixed = 0;
        if (wl >= 7) {
            /* "stra" + one or two misread letters + "e" */
            for (size_t mid = 1; mid <= 3 && !fixed && wl >= 6 + mid; mid++) {
                const char *tail = p + wl - 5 - mid;
                if (strncasecmp(tail, "stra", 4) != 0 || tail[4 + mid] != 'e' ||
                    strncmp(tail + 4, "ss", mid) == 0)
                    continue;
                int junk = 1;
                for (size_t k = 0; k < mid; k++)
                    junk &= strchr("Bbf&8$sgkR", tail[4 + k]) != NULL;
                if (!junk)
                    continue;
                kith_strbuf_add(&sb, p, (size_t)(tail + 4 - p));
                kith_strbuf_adds(&sb, "\xc3\x9f");
                kith_strbuf_addc(&sb, 'e');
                fixed = 1;
            }
        }
        if (!fixed)
            kith_strbuf_add(&sb, p, wl);
        p += wl;
        while (*p == ' ' || *p == ',')
            kith_strbuf_addc(&sb, *p++);
    }
    return kith_strbuf_detach(&sb);
}

/* "Glasgow G2 SEW": the inward code of a UK postcode starts with a digit,
 * so S, O, I or l there are OCR's 5, 0, 1. Repaired in place when the
 * outward code before it is valid. */
static void repair_uk_postcode(char *text)
{
    for (char *p = text; *p; p++) {
        if (p[0] != ' ' || !strchr("SOIl", p[1]) || !isupper((unsigned char)p[2]) ||
            !isupper((unsigned char)p[3]) || isalnum((unsigned char)p[4]))
            continue;
        const char *w = p;
        while (w > text && w[-1] != ' ')
            w--;
        char out[8];
        size_t ol = (size_t)(p - w);
        if (ol < 2 || ol > 4)
            continue;
        memcpy(out, w, ol);
        out[ol] = '\0';
        char in[4] = {p[1] == 'S' ? '5' : p[1] == 'O' ? '0' : '1', p[2], p[3], '\0'};
        if (is_uk_postcode(out, in))
            p[1] = in[0];
    }
}

static void find_address(ctx *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->segs[i].kind == SEG_TEXT) {
            char *r = repair_eszett(c->segs[i].text);
            free(c->segs[i].text);
            c->segs[i].text = r;
            repair_uk_postcode(r);
        }
    for (size_t i = 0; i < c->n; i++)
        if (c->segs[i].kind == SEG_TEXT)
            c->segs[i].addr = address_evidence(c, c->segs[i].text, 0);
    size_t start = MAX_SEGS;
    for (size_t i = 0; i < c->n && start == MAX_SEGS; i++) {
        seg *s = &c->segs[i];
        if (s->kind == SEG_TEXT && (s->addr & (ADDR_STREET | ADDR_UNIT | ADDR_POSTCODE | ADDR_POBOX)))
            start = i;
    }
    if (start == MAX_SEGS)
        return;
    /* a building or company line just before "Suite …" is not taken; a
     * street line right before a postcode line is (found above already) */
    kith_strbuf sb = KITH_STRBUF_INIT;
    int have_postcode = 0, have_street = 0;
    float conf = 1;
    size_t parts = 0;
    int have_country = 0, have_city = 0;
    for (size_t i = start; i < c->n;) {
        seg *s = &c->segs[i];
        int ev = s->kind == SEG_TEXT ? s->addr : 0;
        /* a city alone after the street line */
        int city_ok = have_street && !have_postcode && !have_city;
        if (!ev && s->kind == SEG_TEXT && city_ok && city_like(c, s->text))
            ev = ADDR_CITY;
        if (!ev) {
            /* two-column cards interleave the address with phones or the
             * company: skip up to two segments to the postcode or country
             * line that completes it */
            size_t next = 0;
            for (size_t j = i + 1; j < c->n && j <= i + 2 && !next; j++) {
                const seg *o = &c->segs[j];
                /* "Denver," then "CO 80221" */
                if (o->kind == SEG_TEXT && !o->addr && city_ok && j + 1 < c->n &&
                    c->segs[j + 1].kind == SEG_TEXT && (c->segs[j + 1].addr & ADDR_POSTCODE) &&
                    !(c->segs[j + 1].addr & ADDR_STREET) && city_like(c, o->text)) {
                    next = j;
                    continue;
                }
                if (o->kind != SEG_TEXT || !o->addr)
                    continue;
                if ((!have_postcode && (o->addr & ADDR_POSTCODE) && !(o->addr & ADDR_STREET)) ||
                    (!have_country && (o->addr & ADDR_COUNTRY) && (have_postcode || have_street)))
                    next = j;
            }
            if (!next)
                break;
            i = next;
            continue;
        }
        if (have_postcode && (ev & (ADDR_STREET | ADDR_UNIT | ADDR_POBOX)))
            break; /* a second office starts */
        if (have_postcode && (ev & ADDR_POSTCODE) && !(ev & ADDR_COUNTRY))
            break;
        address_evidence(c, s->text, 1);
        if (sb.len)
            kith_strbuf_adds(&sb, ", ");
        kith_strbuf_adds(&sb, s->text);
        s->kind = SEG_ADDRESS;
        if (s->conf < conf)
            conf = s->conf;
        parts++;
        if (ev & (ADDR_STREET | ADDR_POBOX))
            have_street = 1;
        if (ev & ADDR_POSTCODE)
            have_postcode = 1;
        if (ev & ADDR_CITY)
            have_city = 1;
        if (ev & ADDR_COUNTRY) {
            have_country = 1;
            break;
        }
        i++;
    }
    /* one line with only "Suite 5" or a bare number is not an address */
    if (parts && (have_street || have_postcode)) {
        char *a = kith_strbuf_detach(&sb);
        /* ", ," from lines ending in commas */
        kith_strbuf clean = KITH_STRBUF_INIT;
        for (const char *p = a; *p; p++) {
            if (p[0] == ',' && p[1] == ',')
                continue;
            if (p[0] == ',' && p[1] == ' ' && p[2] == ',')
                continue;
            kith_strbuf_addc(&clean, *p);
        }
        free(a);
        c->f->address = kith_strbuf_detach(&clean);
        c->f->conf_address = (have_street && have_postcode ? 0.9f : 0.7f) * conf;
    } else {
        for (size_t i = start; i < c->n; i++)
            if (c->segs[i].kind == SEG_ADDRESS)
                c->segs[i].kind = SEG_TEXT;
    }
    kith_strbuf_release(&sb);
}

/* --- 4. phone country ---------------------------------------------------- */

static void phone_country(ctx *c, kith_phone_hit *hits, size_t n)
{
    if (c->have_addr_country) {
        c->country = c->addr_country;
        c->have_country = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (hits[i].international && kith_phone_country(c->m, hits[i].number, &c->country) == 0) {
            c->have_country = 1;
            return;
        }
    /* the TLD of a website, then of an email (not a generic one) */
    for (size_t pass = 0; pass < 2; pass++) {
        char **list = pass ? c->f->emails : c->f->urls;
        size_t ln = pass ? c->f->n_emails : c->f->n_urls;
        for (size_t i = 0; i < ln; i++) {
            char hb[256];
            const char *host = pass ? strchr(list[i], '@') + 1 : url_host(list[i], hb, sizeof hb);
            const char *dot = strrchr(host, '.');
            const char *v = dot ? kith_models_get(c->m, "tlds", dot + 1) : NULL;
            if (v && *v && kith_country_parse(v, &c->country) == 0) {
                c->have_country = 1;
                return;
            }
        }
    }
}

/* --- 5. name, title, company ---------------------------------------------- */

typedef struct cand {
    float name, title, company;
    kith_name nm;
    int nm_ok;
} cand;

/* Does the text agree with a (non free-mail) domain of the card? */
static int domain_agrees(ctx *c, const char *text)
{
    char *ft = kith_fold(text);
    size_t ftl = strlen(ft);
    int agree = 0;
    kith_strlist hosts = KITH_STRLIST_INIT;
    for (size_t i = 0; i < c->f->n_emails; i++) {
        const char *d = strchr(c->f->emails[i], '@') + 1;
        if (!kith_models_has(c->m, "free_email_domains", d))
            kith_strlist_push(&hosts, d);
    }
    for (size_t i = 0; i < c->f->n_urls; i++) {
        char hb[256];
        kith_strlist_push(&hosts, url_host(c->f->urls[i], hb, sizeof hb));
    }
    for (size_t i = 0; i < hosts.n && !agree && ftl >= 2; i++) {
        /* the label before the TLD (and before "co.uk" style suffixes) */
        char *h = kith_xstrdup(hosts.items[i]);
        char *dot = strrchr(h, '.');
        if (dot)
            *dot = '\0';
        dot = strrchr(h, '.');
        if (dot && strlen(dot + 1) <= 3 && (kith_models_has(c->m, "tlds", dot + 1)))
            *dot = '\0';
        char *label = strrchr(h, '.') ? strrchr(h, '.') + 1 : h;
        char *fl = kith_fold(label);
        size_t fll = strlen(fl);
        if (fll >= 3 && (strncmp(ft, fl, fll) == 0 || (ftl >= 4 && strncmp(fl, ft, ftl) == 0)))
            agree = 1;
        /* initials: "Bluefin Analytics" ~ ba.com */
        if (!agree && fll >= 2 && fll <= 4) {
            kith_strlist w = KITH_STRLIST_INIT;
            words_of(text, &w);
            if (w.n == fll) {
                agree = 1;
                for (size_t k = 0; k < w.n; k++) {
                    char *fw = kith_fold(w.items[k]);
                    if (fw[0] != fl[k])
                        agree = 0;
                    free(fw);
                }
            }
            kith_strlist_clear(&w);
        }
        free(fl);
        free(h);
    }
    kith_strlist_clear(&hosts);
    free(ft);
    return agree;
}

/* Does an email's local part spell this name? */
static int email_agrees(ctx *c, const kith_name *nm)
{
    char *fg = kith_fold(nm->given), *ff = kith_fold(nm->family);
    int agree = 0;
    for (size_t i = 0; i < c->f->n_emails && !agree; i++) {
        char *local = kith_xstrndup(c->f->emails[i], strcspn(c->f->emails[i], "@"));
        char *fl = kith_fold(local);
        if ((strlen(ff) >= 3 && strstr(fl, ff)) || (strlen(fg) >= 3 && strstr(fl, fg)))
            agree = 1;
        free(fl);
        free(local);
    }
    free(fg);
    free(ff);
    return agree;
}

/* A slogan rather than a name: a sentence, or several lower-case words. */
static int slogan_like(const char *s, const kith_strlist *w)
{
    size_t len = strlen(s);
    if (len && (s[len - 1] == '.' || s[len - 1] == '!' || s[len - 1] == '?') &&
        w->n >= 3)
        return 1;
    if (len >= 3 && strcmp(s + len - 3, "\xe2\x80\xa6") == 0)
        return 1;
    size_t lower = 0;
    for (size_t i = 0; i < w->n; i++) {
        unsigned cp;
        kith_utf8_decode(w->items[i], &cp);
        const char *t = w->items[i];
        if (kith_cp_is_lower(cp) && strcmp(t, "of") && strcmp(t, "and") && strcmp(t, "&") &&
            strcmp(t, "the") && strcmp(t, "for") && strcmp(t, "de") && strcmp(t, "und") &&
            strcmp(t, "et") && strcmp(t, "und") && strcmp(t, "y"))
            lower++;
    }
    return w->n >= 6 || lower >= 2 || (w->n >= 3 && lower * 2 >= w->n);
}

static void score(ctx *c, size_t i, cand *k)
{
    seg *s = &c->segs[i];
    kith_strlist w = KITH_STRLIST_INIT;
    words_of(s->text, &w);
    int roles = count_lex(c->m, "title_words", &w, "role");
    int tw = count_lex(c->m, "title_words", &w, NULL);
    size_t sfx = suffix_words(c->m, &w);
    int cw = count_lex(c->m, "company_words", &w, NULL);
    int dom = domain_agrees(c, s->text);
    int slogan = slogan_like(s->text, &w);
    int digits = has_digit(s->text);
    /* "Wolf & Partner", "Smith & Sons": a firm, unless a role comes first
     * ("Head of Research & Development") */
    int amp_firm = 0;
    const char *amp = strstr(s->text, " & ");
    if (amp) {
        kith_strlist before = KITH_STRLIST_INIT;
        char *head = kith_xstrndup(s->text, (size_t)(amp - s->text));
        words_of(head, &before);
        amp_firm = before.n > 0 && count_lex(c->m, "title_words", &before, NULL) == 0;
        kith_strlist_clear(&before);
        free(head);
    }
    float big = 0;
    if (c->max_height > 0 && s->height > 0) {
        if (s->height >= c->max_height * 0.92f)
            big = 1;
        else if (s->height >= c->median_height * 1.25f)
            big = 0.5f;
    }
    memset(k, 0, sizeof *k);
    /* name */
    if (!digits && kith_name_split(c->m, s->text, &k->nm) == 0) {
        k->nm_ok = 1;
        int mail = email_agrees(c, &k->nm);
        float sc = 0.3f;
        if (k->nm.given_known)
            sc += 0.35f;
        if (k->nm.prefix || k->nm.credentials)
            sc += 0.15f;
        if (mail)
            sc += 0.3f;
        int core = 0;
        kith_strlist nw = KITH_STRLIST_INIT;
        words_of(k->nm.name, &nw);
        for (size_t q = 0; q < nw.n; q++)
            core += !kith_models_has(c->m, "name_particles", nw.items[q]);
        kith_strlist_clear(&nw);
        if (core <= 3)
            sc += 0.1f;
        sc += 0.1f * big;
        if (roles || (tw && !k->nm.given_known))
            sc -= 0.5f;
        if (sfx)
            sc -= 0.7f;
        if (cw && !k->nm.given_known)
            sc -= 0.35f;
        if (dom && !mail)
            sc -= 0.4f;
        if (s->addr)
            sc -= 0.4f;
        if (slogan)
            sc -= 0.3f;
        k->name = sc;
    }
    /* title */
    if (roles && !slogan) {
        float sc = 0.6f + 0.05f * (float)(tw - roles);
        if (sfx)
            sc -= 0.4f;
        if (dom)
            sc -= 0.2f;
        if (digits)
            sc -= 0.2f;
        if (w.n > 8)
            sc -= 0.3f;
        if (amp_firm)
            sc -= 0.4f;
        unsigned first;
        kith_utf8_decode(s->text, &first);
        if (kith_cp_is_lower(first))
            sc -= 0.3f; /* "manager": a fragment of a line */
        k->title = sc;
    }
    /* company */
    {
        float sc = 0;
        if (sfx)
            sc += 0.7f;
        if (cw)
            sc += 0.4f + 0.1f * (float)(cw - 1);
        if (cw && w.n <= 4 && !slogan && !digits)
            sc += 0.1f;
        if (dom)
            sc += 0.55f;
        if (big > 0 && (sfx || cw || dom || !k->nm_ok))
            sc += 0.1f * big;
        if (amp_firm)
            sc += 0.5f;
        if (roles && !sfx && !amp_firm)
            sc -= 0.5f;
        if (slogan && !sfx)
            sc -= 0.6f;
        if (w.n > 6)
            sc -= 0.3f;
        if (s->addr)
            sc -= 0.3f;
        /* a name besides the generic words: "Media" or "s AG" alone is not
         * a company, "Bluefin Media" is */
        int brand = 0;
        for (size_t q = 0; q < w.n; q++) {
            unsigned cp;
            size_t letters = 0, figures = 0;
            kith_utf8_decode(w.items[q], &cp);
            kith_text_counts(w.items[q], NULL, NULL, &letters, &figures);
            size_t upper = 0;
            kith_text_counts(w.items[q], &upper, NULL, NULL, NULL);
            int capital = kith_cp_is_upper(cp) || (cp >= '0' && cp <= '9');
            /* two letters only when both are capitals ("HP", not "Sy") */
            int long_enough = letters + figures >= 3 || (letters + figures == 2 && upper + figures == 2);
            if (capital && long_enough &&
                !kith_models_has(c->m, "company_words", w.items[q]) &&
                !kith_models_has(c->m, "company_suffixes", w.items[q]))
                brand++;
        }
        if (!brand && !dom)
            sc = 0;
        k->company = sc;
    }
    kith_strlist_clear(&w);
}

/* "Jane Doe, CEO" / "CEO, Acme Inc." / "CTO at Acme": splits a segment in two
 * when the parts read better apart. */
static void split_combined(ctx *c)
{
    for (size_t i = 0; i < c->n && c->n < MAX_SEGS; i++) {
        seg *s = &c->segs[i];
        if (s->kind != SEG_TEXT)
            continue;
        const char *cut = NULL;
        size_t skip = 0;
        static const char *const seps[] = {", ", " at ", " @ ", " - ", " – "};
        for (size_t k = 0; k < sizeof seps / sizeof seps[0] && !cut; k++) {
            const char *p = strstr(s->text, seps[k]);
            if (p) {
                cut = p;
                skip = strlen(seps[k]);
            }
        }
        if (!cut)
            continue;
        char *a = kith_xstrndup(s->text, (size_t)(cut - s->text));
        char *b = kith_xstrdup(cut + skip);
        kith_strlist wa = KITH_STRLIST_INIT, wb = KITH_STRLIST_INIT;
        words_of(a, &wa);
        words_of(b, &wb);
        kith_name nm;
        int whole_name = kith_name_split(c->m, s->text, &nm) == 0;
        if (whole_name)
            kith_name_release(&nm);
        int a_name = 0;
        if (kith_name_split(c->m, a, &nm) == 0) {
            a_name = nm.given_known;
            kith_name_release(&nm);
        }
        int a_role = count_lex(c->m, "title_words", &wa, "role") > 0;
        int b_role = count_lex(c->m, "title_words", &wb, "role") > 0;
        int b_company = suffix_words(c->m, &wb) || domain_agrees(c, b) ||
                        (count_lex(c->m, "company_words", &wb, NULL) && wb.n >= 2);
        int a_company = suffix_words(c->m, &wa) || domain_agrees(c, a);
        int do_split = !whole_name && ((a_name && b_role) || (a_role && b_company && !b_role) ||
                                       (a_company && b_role && !a_role));
        /* "Director, Sales" stays one title; "Acme, Inc." one company */
        if (do_split && suffix_words(c->m, &wb) == 0 && wb.n == 1 &&
            kith_models_has(c->m, "company_suffixes", wb.items[0]))
            do_split = 0;
        if (do_split) {
            memmove(&c->segs[i + 2], &c->segs[i + 1], (c->n - i - 1) * sizeof(seg));
            c->n++;
            c->segs[i + 1] = *s;
            free(s->text);
            s->text = a;
            c->segs[i + 1].text = b;
            trim_junk(b);
            a = b = NULL;
        }
        free(a);
        free(b);
        kith_strlist_clear(&wa);
        kith_strlist_clear(&wb);
    }
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

static void layout_stats(ctx *c)
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

static void people_fields(ctx *c)
{
    cand k[MAX_SEGS];
    memset(k, 0, sizeof k);
    for (size_t i = 0; i < c->n; i++) {
        if (c->segs[i].kind == SEG_TEXT)
            score(c, i, &k[i]);
    }
    /* a name sits next to a title, and near the top */
    size_t first_text = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++) {
        if (c->segs[i].kind != SEG_TEXT)
            continue;
        if (first_text == MAX_SEGS)
            first_text = i;
        if (!k[i].nm_ok)
            continue;
        /* the next text segment, stepping over logo letters ("LP", "@") */
        size_t nx = i + 1;
        while (nx < c->n && c->segs[nx].kind == SEG_TEXT && strlen(c->segs[nx].text) <= 3)
            nx++;
        int next_title = nx < c->n && c->segs[nx].kind == SEG_TEXT && k[nx].title > 0;
        int prev_title = i > 0 && c->segs[i - 1].kind == SEG_TEXT && k[i - 1].title > 0;
        if (next_title)
            k[i].name += 0.2f;
        else if (prev_title)
            k[i].name += 0.1f;
        if (i == first_text)
            k[i].name += 0.05f;
    }
    /* a card with one line that can be a name at all: that is the name,
     * unless a lexicon says it is something else */
    size_t n_named = 0, only = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++)
        if (k[i].nm_ok && k[i].name > 0.3f) {
            n_named++;
            only = i;
        }
    if (n_named == 1 && k[only].title <= 0 && k[only].company <= 0)
        k[only].name += 0.15f;
    /* name: the best candidate above the bar */
    size_t best = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++)
        if (k[i].nm_ok && k[i].name >= 0.6f && (best == MAX_SEGS || k[i].name > k[best].name))
            best = i;
    c->name_seg = best;
    if (best != MAX_SEGS) {
        kith_name *nm = &k[best].nm;
        c->f->name = kith_xstrdup(nm->name);
        c->f->given_name = kith_xstrdup(nm->given);
        c->f->family_name = kith_xstrdup(nm->family);
        c->f->prefix = nm->prefix ? kith_xstrdup(nm->prefix) : NULL;
        c->f->credentials = nm->credentials ? kith_xstrdup(nm->credentials) : NULL;
        c->f->conf_name = fminf(1.0f, k[best].name) * c->segs[best].conf;
        c->segs[best].kind = SEG_USED;
    }
    /* title: next to the name counts */
    best = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++) {
        if (c->segs[i].kind != SEG_TEXT || k[i].title <= 0)
            continue;
        if (c->name_seg != MAX_SEGS) {
            size_t d = i > c->name_seg ? i - c->name_seg : c->name_seg - i;
            if (d == 1)
                k[i].title += 0.2f;
            else if (d == 2)
                k[i].title += 0.1f;
        }
        if (k[i].title >= 0.5f && k[i].title > k[i].company &&
            (best == MAX_SEGS || k[i].title > k[best].title))
            best = i;
    }
    if (best != MAX_SEGS) {
        kith_strbuf t = KITH_STRBUF_INIT;
        kith_strbuf_adds(&t, c->segs[best].text);
        c->segs[best].kind = SEG_USED;
        /* a title continued on the next row ("Head of Partnerships" /
         * "& Alliances", "Director of" / "Business Development") */
        size_t j = best + 1;
        if (j < c->n && c->segs[j].kind == SEG_TEXT && c->segs[j].row == c->segs[best].row + 1) {
            const char *nx = c->segs[j].text;
            size_t tl = t.len;
            if (nx[0] == '&' || strncmp(nx, "and ", 4) == 0 || strncmp(nx, "of ", 3) == 0 ||
                (tl > 3 && (strcmp(t.buf + tl - 3, " of") == 0 || strcmp(t.buf + tl - 2, " &") == 0 ||
                            strcmp(t.buf + tl - 4, " and") == 0))) {
                kith_strbuf_addc(&t, ' ');
                kith_strbuf_adds(&t, nx);
                c->segs[j].kind = SEG_USED;
            }
        }
        c->f->title = kith_strbuf_detach(&t);
        c->f->conf_title = fminf(1.0f, k[best].title) * c->segs[best].conf;
    }
    /* company */
    best = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++)
        if (c->segs[i].kind == SEG_TEXT && k[i].company >= 0.5f &&
            (best == MAX_SEGS || k[i].company > k[best].company))
            best = i;
    if (best != MAX_SEGS) {
        /* logo initials read into the row: "VL Vireo Logistics plc" */
        const char *text = c->segs[best].text;
        size_t il = strcspn(text, " ");
        if (il >= 2 && il <= 4 && text[il] == ' ') {
            int initials = 1;
            const char *w = text + il + 1;
            for (size_t q = 0; q < il && initials; q++) {
                initials = isupper((unsigned char)text[q]) && toupper((unsigned char)*w) == text[q];
                w += strcspn(w, " ");
                while (*w == ' ')
                    w++;
            }
            if (initials)
                text += il + 1;
        }
        /* stray lower-case or digit scraps in front: "ig Lumen plc",
         * "os 3 Orchard Systems" */
        const char *rest = text;
        for (;;) {
            size_t jl = strcspn(rest, " ");
            if (jl > 2 || rest[jl] != ' ' ||
                !(islower((unsigned char)rest[0]) || isdigit((unsigned char)rest[0])))
                break;
            rest += jl + 1;
        }
        if (rest != text && isupper((unsigned char)rest[0]))
            text = rest;
        c->f->company = kith_xstrdup(text);
        c->f->conf_company = fminf(1.0f, k[best].company) * c->segs[best].conf;
        c->segs[best].kind = SEG_USED;
    }
    for (size_t i = 0; i < c->n; i++)
        if (k[i].nm_ok)
            kith_name_release(&k[i].nm);
}

/* --- the stage ------------------------------------------------------------- */

static void contact_data(ctx *c, kith_phone_hit **all, size_t *n_all)
{
    float conf_e = 0, conf_u = 0;
    for (size_t i = 0; i < c->n; i++) {
        seg *s = &c->segs[i];
        int handles = 0, social = 0;
        size_t ne = c->f->n_emails, nu = c->f->n_urls;
        int emails = find_emails(c, s->text, &handles);
        if (c->f->n_emails > ne) {
            c->email_conf = kith_xrealloc(c->email_conf, c->f->n_emails * sizeof *c->email_conf);
            for (size_t e = ne; e < c->f->n_emails; e++)
                c->email_conf[e] = s->ocr_conf;
        }
        if (is_social(c, s->text) && !emails) {
            s->kind = SEG_SOCIAL;
            continue;
        }
        int urls = find_urls(c, s->text, &social);
        if (social && !emails && !urls) {
            s->kind = SEG_SOCIAL;
            continue;
        }
        if (handles && !emails && !urls) {
            s->kind = SEG_SOCIAL;
            continue;
        }
        kith_phone_hit *hits;
        size_t nh = kith_phone_find(c->m, s->text, &hits);
        if (emails || urls || nh) {
            s->kind = SEG_CONTACT;
            if (c->f->n_emails > ne)
                conf_e = conf_e > 0 ? fminf(conf_e, s->conf) : s->conf;
            if (c->f->n_urls > nu)
                conf_u = conf_u > 0 ? fminf(conf_u, s->conf) : s->conf;
        }
        if (nh) {
            *all = kith_xrealloc(*all, (*n_all + nh) * sizeof **all);
            memcpy(*all + *n_all, hits, nh * sizeof *hits);
            *n_all += nh;
        }
        free(hits);
    }
    /* "astereu" alone on a line where the email says aster.eu: the website
     * with its dot lost */
    for (size_t i = 0; i < c->n; i++) {
        seg *s = &c->segs[i];
        if (s->kind != SEG_TEXT || strchr(s->text, ' '))
            continue;
        for (size_t e = 0; e < c->f->n_emails; e++) {
            const char *d = strchr(c->f->emails[e], '@') + 1;
            char *flat = kith_xstrdup(d);
            size_t w = 0;
            for (size_t r = 0; flat[r]; r++)
                if (flat[r] != '.')
                    flat[w++] = flat[r];
            flat[w] = '\0';
            if (kith_strieq(s->text, flat) && strlen(flat) >= 5) {
                kith_fields_add_url(c->f, d);
                s->kind = SEG_CONTACT;
                conf_u = conf_u > 0 ? fminf(conf_u, s->conf * 0.8f) : s->conf * 0.8f;
            }
            free(flat);
        }
    }
    c->f->conf_emails = 0.95f * conf_e;
    c->f->conf_urls = 0.9f * conf_u;
}

/* OCR reads '+' as '4': "41 (212) 555-0117" next to "+1 (512) …" is
 * "+1 (212) 555-0117". Repaired only when another number on the card gives
 * the same calling code. */
static void repair_plus(ctx *c, kith_phone_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        kith_phone_hit *h = &hits[i];
        if (h->international || h->number[0] != '4')
            continue;
        for (size_t j = 0; j < n; j++) {
            kith_country k;
            if (!hits[j].international || kith_phone_country(c->m, hits[j].number, &k) < 0)
                continue;
            size_t cl = strlen(k.code);
            const char *rest = h->number + 1 + cl;
            if (strncmp(h->number + 1, k.code, cl) == 0 && (*rest == ' ' || *rest == '(')) {
                h->number[0] = '+';
                h->international = 1;
                break;
            }
        }
    }
}

static void add_phones(ctx *c, kith_phone_hit *hits, size_t n)
{
    repair_plus(c, hits, n);
    for (size_t i = 0; i < n; i++) {
        kith_phone_hit *h = &hits[i];
        char *e164 = kith_phone_e164(c->m, h->number, c->have_country ? &c->country : NULL);
        kith_phone_kind kind = h->kind;
        if (!h->labelled && kith_phone_is_mobile(e164))
            kind = KITH_PHONE_MOBILE;
        kith_fields_add_phone(c->f, kind, h->number, e164, h->ext, h->labelled ? 0.9f : 0.75f);
        free(e164);
    }
    if (n) {
        float sum = 0;
        for (size_t i = 0; i < c->f->n_phones; i++)
            sum += c->f->phones[i].conf;
        c->f->conf_phones = c->f->n_phones ? sum / (float)c->f->n_phones : 0;
    }
}

static void summarise(kith_fields *f)
{
    float sum = 0;
    int n = 0;
    const struct {
        const void *present;
        float conf;
    } parts[] = {
        {f->name, f->conf_name},         {f->title, f->conf_title},
        {f->company, f->conf_company},   {f->n_emails ? f : NULL, f->conf_emails},
        {f->n_phones ? f : NULL, f->conf_phones}, {f->n_urls ? f : NULL, f->conf_urls},
        {f->address, f->conf_address},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i].present) {
            sum += parts[i].conf;
            n++;
        }
    f->confidence = n ? sum / (float)n : 0;
}

/* One printed row: OCR lines that tesseract split (sparse text mode reads
 * "T" and "+44 20 …", or "Austin," and "TX 78733", as separate lines) joined
 * left to right. */
typedef struct row {
    char *text;     /* owned */
    kith_line line; /* box, height and conf of the whole row; words unused */
    float min_conf; /* lowest word confidence of the row 0..1, -1 when unknown */
} row;

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
    for (int end = 0; end < 2; end++) {
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

/* Builds the rows in the OCR's reading order (a row starts where its first
 * line was read). Caller frees *out and each row's text. */
static size_t build_rows(const kith_ocr_result *ocr, row **out)
{
    size_t n = ocr->n_lines;
    row *rows = kith_xcalloc(n ? n : 1, sizeof *rows);
    size_t nr = 0;
    int *taken = kith_xcalloc(n ? n : 1, sizeof *taken);
    for (size_t i = 0; i < n; i++) {
        if (taken[i])
            continue;
        const kith_line *l = &ocr->lines[i];
        row *r = &rows[nr++];
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
                    if (gap_right >= -hmin && gap_right <= 3 * hmax / 2) {
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

int kith_extract(const kith_ocr_result *ocr, const kith_models *models, kith_fields **out,
                 kith_err *err)
{
    if (!ocr || !models)
        return kith_error(err, "extract: no OCR result or models");
    ctx *c = kith_xcalloc(1, sizeof *c);
    c->m = models;
    c->f = kith_fields_new();
    c->name_seg = MAX_SEGS;

    row *rows;
    size_t nr = build_rows(ocr, &rows);
    for (size_t i = 0; i < nr; i++) {
        rows[i].line.text = rows[i].text;
        c->row_min_conf = rows[i].min_conf;
        split_row(c, &rows[i].line, i);
        free(rows[i].text);
    }
    free(rows);

    kith_phone_hit *hits = NULL;
    size_t n_hits = 0;
    contact_data(c, &hits, &n_hits);
    repair_domains(c);
    drop_url_fragments(c);
    find_address(c);
    phone_country(c, hits, n_hits);
    add_phones(c, hits, n_hits);
    kith_phone_hits_free(hits, n_hits);

    split_combined(c);
    layout_stats(c);
    people_fields(c);
    kith_repair_company(c->m, c->f);
    kith_repair_given_accents(c->m, c->f);
    kith_repair_name_email(c->f, c->email_conf);
    summarise(c->f);

    for (size_t i = 0; i < c->n; i++)
        free(c->segs[i].text);
    free(c->email_conf);
    *out = c->f;
    free(c);
    return 0;
}
