/*
 * emails.c — extraction step 2a: the email addresses of a segment, with @
 * read as ©, ®, "(at)" and ',' for '.' in the domain, kept only when the
 * address validates.
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
int ex_host_tail(const char *p)
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

int ex_tld_word(const ctx *c, const char *p)
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
    return strlen(t) >= 2 && ex_tld_ok(c->m, t);
}

/* Whether the text at p is one or two known top-level labels and nothing
 * more ("com sg", "de"). */
static int tld_tail(const ctx *c, const char *p)
{
    for (int k = 0; k < 2; k++) {
        if (!ex_tld_word(c, p))
            return 0;
        p += strcspn(p, " ");
        if (!*p)
            return 1;
        p++;
    }
    return 0;
}

/* Finds the emails in s (with @ read as ©, ®, "(at)"; ',' for '.' in the
 * domain) and adds those that validate. Returns how many; *handles counts
 * bare @handles (social). */
int ex_find_emails(ctx *c, const char *s, int *handles)
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
        if (b[r] == ' ' && in_domain && w > 0 && b[w - 1] == '.' && ex_tld_word(c, b + r + 1))
            continue;
        if (b[r] == ' ' && w > word && !in_domain && local_word(b + word, w - word) &&
            token_has_at(b + r + 1) &&
            ((strchr(".-", b[w - 1]) && isalnum((unsigned char)b[r + 1])) ||
             (strchr(".-", b[r + 1]) && isalnum((unsigned char)b[r + 2]) &&
              isalnum((unsigned char)b[w - 1]))))
            continue;
        if (b[r] == ' ' && in_domain && !domain_dot && isalnum((unsigned char)b[w - 1]) &&
            ex_host_tail(b + r + 1))
            continue;
        /* "@tecsg com sg": a dot read as a blank before each top-level
         * label of the domain, when only such labels end the text */
        if (b[r] == ' ' && in_domain && w > 0 && isalnum((unsigned char)b[w - 1]) &&
            tld_tail(c, b + r + 1)) {
            b[w++] = '.';
            domain_dot = 1;
            continue;
        }
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
            /* the word must start there: not the tail of "Mél." (a byte of
             * a UTF-8 letter before it is a letter too) */
            unsigned char pre = wbeg > b ? (unsigned char)wbeg[-1] : ' ';
            if (wend - wbeg >= 2 && !isalnum(pre) && pre < 0x80 && label_only) {
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
                if (ex_tld_ok(c->m, domain + dlen - tl)) {
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
                 !strstr(domain, "..") && ex_host_ok(c->m, domain);
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
