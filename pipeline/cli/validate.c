/*
 * validate.c — plausibility of typed email addresses and phone numbers
 * (see validate.h).
 */
#include "cli/validate.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

static int label_char(unsigned char c)
{
    return c >= 0x80 || isalnum(c) || c == '-';
}

int cli_valid_email(const char *s)
{
    size_t n = strlen(s);
    const char *at = strchr(s, '@');
    if (n > 254 || !at || at == s || strchr(at + 1, '@') || at - s > 64)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)at; p++)
        if (*p <= ' ' || *p == 0x7f || strchr("\"(),:;<>[\\]", *p))
            return 0;
    const char *dom = at + 1;
    const char *last = strrchr(dom, '.');
    if (!last || last == dom)
        return 0;
    /* labels: 1..63 characters, no hyphen at either end */
    const char *label = dom;
    for (const char *p = dom;; p++) {
        if (*p == '.' || *p == '\0') {
            size_t len = (size_t)(p - label);
            if (len == 0 || len > 63 || label[0] == '-' || p[-1] == '-')
                return 0;
            if (*p == '\0')
                break;
            label = p + 1;
        } else if (!label_char((unsigned char)*p)) {
            return 0;
        }
    }
    size_t tld = strlen(last + 1), letters = 0;
    for (const unsigned char *p = (const unsigned char *)last + 1; *p; p++)
        letters += *p >= 0x80 || isalpha(*p);
    return tld >= 2 && letters == tld;
}

int cli_valid_phone(const char *s)
{
    char *copy = kith_xstrdup(s);
    /* split off an extension */
    char *ext = NULL;
    for (char *p = copy; *p; p++) {
        if (kith_starts_with_ci(p, ";ext=")) {
            ext = p + 5;
        } else if (kith_starts_with_ci(p, "ext")) {
            ext = p + 3;
            if (*ext == '.')
                ext++;
        } else if ((*p == 'x' || *p == 'X') && p > copy && p[-1] == ' ') {
            ext = p + 1;
        } else {
            continue;
        }
        *p = '\0';
        break;
    }
    int ok = 1;
    if (ext) {
        while (*ext == ' ')
            ext++;
        ok = *ext && strspn(ext, "0123456789") == strlen(ext) && strlen(ext) <= 8;
    }
    size_t digits = 0;
    int seen = 0;
    for (const char *p = copy; *p && ok; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (*p == '+')
            ok = !seen;   /* only first */
        else if (!strchr(" -()./", *p))
            ok = 0;
        if (*p != ' ')
            seen = 1;
    }
    free(copy);
    return ok && digits >= 3 && digits <= 20;
}
