/*
 * web.c — extraction step 2b: host names (validated against the tlds
 * lexicon, with OCR's "corn" for "com" mended), websites, social profile
 * lines, and the repairs between hosts: an email domain and a website that
 * differ only by OCR confusions, scraps of a longer host.
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

/* --- 2. emails, websites, social ---------------------------------------- */

int ex_tld_ok(const kith_models *m, const char *tld)
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
int ex_host_ok(const kith_models *m, char *host)
{
    char *dot = strrchr(host, '.');
    if (!dot || dot == host)
        return 0;
    char *tld = dot + 1;
    if (!ex_tld_ok(m, tld)) {
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
        if (!ex_tld_ok(m, fixed))
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

/* Whether host (lower case) is a social network's, or its tail after an
 * icon printed before the address took its first letter or two
 * ("nstagram.com"; only for a first label of four letters or more). */
static int is_social_host(const kith_models *m, const char *host)
{
    const char *h = strncmp(host, "www.", 4) == 0 ? host + 4 : host;
    if (kith_models_has(m, "social", h))
        return 1;
    return strcspn(h, ".") >= 4 && kith_models_ends_entry(m, "social", h, 1, 2);
}

/* Whether a web address's path is a LinkedIn profile's ("/in/jane-doe",
 * "/company/acme"), whatever its host became under an icon ("din.com"). */
static int linkedin_path(const char *path)
{
    return path && (strncmp(path, "/in/", 4) == 0 || strncmp(path, "/company/", 9) == 0);
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
int ex_find_urls(ctx *c, const char *s, int *social)
{
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s, &w);
    int found = 0;
    /* "orchard. de", "tidewater .co": a blank OCR put around a dot */
    for (size_t i = 0; i + 1 < w.n; i++) {
        const char *a = w.items[i], *b = w.items[i + 1];
        size_t al = strlen(a);
        size_t upper = 0;
        kith_text_counts(a, &upper, NULL, NULL, NULL);
        int glue = upper == 0 && ((al > 1 && a[al - 1] == '.' && ex_tld_ok(c->m, b)) ||
                                  (b[0] == '.' && ex_tld_ok(c->m, b + 1) && !strchr(a, '@')));
        if (glue && !strchr(a, ' ')) {
            char *j = kith_xasprintf("%s%s", a, b);
            free(w.items[i]);
            free(w.items[i + 1]);
            w.items[i] = j;
            memmove(&w.items[i + 1], &w.items[i + 2], (w.n - i - 2) * sizeof *w.items);
            w.n--;
        }
    }
    /* "www.toshibatec com sg": dots read as blanks before the top-level
     * labels that end the text */
    for (size_t i = 0; i + 1 < w.n && i + 3 >= w.n; i++) {
        int tlds = 1;
        for (size_t k = i + 1; k < w.n; k++)
            tlds &= ex_tld_word(c, w.items[k]);
        if (!tlds || !find_www(w.items[i]) || strchr(w.items[i], '@'))
            continue;
        kith_strbuf j = KITH_STRBUF_INIT;
        kith_strbuf_adds(&j, w.items[i]);
        for (size_t k = i + 1; k < w.n; k++) {
            kith_strbuf_addc(&j, '.');
            kith_strbuf_adds(&j, w.items[k]);
            free(w.items[k]);
        }
        free(w.items[i]);
        w.items[i] = kith_strbuf_detach(&j);
        w.n = i + 1;
        break;
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
             ex_host_tail(w.items[i + 1]);
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
        int ok = ex_host_ok(c->m, host);
        /* a bare "word.tld" must look like a host, not like "Inc.Com" text;
         * all in capitals ("AG-SOUND.COM") is how caps-only cards print it,
         * when the name before the TLD has three letters at least */
        if (ok && !explicit_web) {
            size_t up = 0, low = 0;
            kith_text_counts(u, &up, &low, NULL, NULL);
            const char *tld = strrchr(host, '.');
            const char *sld = tld;
            while (sld > host && sld[-1] != '.')
                sld--;
            int caps_host = low == 0 && tld - sld >= 3;
            if (up > 1 && !caps_host)
                ok = 0;
        }
        if (ok && (is_social_host(c->m, host) || linkedin_path(slash))) {
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
int ex_is_social(ctx *c, const char *s)
{
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s, &w);
    int social = 0;
    if (w.n && kith_models_has(c->m, "social", w.items[0]))
        social = 1;
    for (size_t i = 0; i < w.n && !social; i++) {
        const char *t = w.items[i];
        if (t[0] == '@' && t[1] && w.n <= 2)
            social = 1;
        char *low = kith_text_lower(t);
        const char *h = strstr(low, "://") ? strstr(low, "://") + 3 : low;
        char *slash = strchr(h, '/');
        if (linkedin_path(slash))
            social = 1;
        if (slash)
            *slash = '\0';
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

const char *ex_url_host(const char *url, char *buf, size_t cap)
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
void ex_repair_domains(ctx *c)
{
    kith_fields *f = c->f;
    for (size_t i = 0; i < f->n_emails; i++) {
        char *at = strchr(f->emails[i], '@');
        for (size_t j = 0; at && j < f->n_urls; j++) {
            char hb[256];
            const char *h = ex_url_host(f->urls[j], hb, sizeof hb);
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
void ex_drop_url_fragments(ctx *c)
{
    kith_fields *f = c->f;
    int *drop = kith_xcalloc(f->n_urls + 1, sizeof *drop);
    for (size_t i = 0; i < f->n_urls; i++) {
        char hb[256];
        const char *h = bare_host(ex_url_host(f->urls[i], hb, sizeof hb));
        size_t hl = strlen(h);
        int scrap = 0;
        for (size_t j = 0; j < f->n_urls + f->n_emails && !scrap; j++) {
            char ob[256];
            const char *o = j < f->n_urls ? bare_host(ex_url_host(f->urls[j], ob, sizeof ob))
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
