/*
 * case_table.h — parsing the rows of the data-driven case tables in tests/
 * (the phone-identity cases in tests/contact/, tests/enrich/cases/): a row is fields cut at
 * a separator, each trimmed, "-" standing for an absent value.
 */
#ifndef KITH_TESTS_CASE_TABLE_H
#define KITH_TESTS_CASE_TABLE_H

#include <stddef.h>
#include <string.h>

#include "common/util.h"

/* Cuts s in place at sep into at most max trimmed fields; returns the
 * count. The fields point into s. */
static inline size_t case_split(char *s, int sep, char **out, size_t max)
{
    size_t n = 0;
    while (n < max) {
        char *end = strchr(s, sep);
        if (end)
            *end = '\0';
        out[n++] = kith_trim(s);
        if (!end)
            break;
        s = end + 1;
    }
    return n;
}

/* A field's value, NULL for "-". */
static inline char *case_opt(char *s)
{
    return strcmp(s, "-") == 0 ? NULL : s;
}

#endif
