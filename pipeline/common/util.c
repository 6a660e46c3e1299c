/* util.c — allocation, string lists, files, hashing, time (see util.h). */
#include "common/util.h"
#include "common/files.h"

#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void *kith_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        abort();
    return p;
}

void *kith_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        abort();
    return p;
}

void *kith_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        abort();
    return q;
}

char *kith_xstrdup(const char *s)
{
    return kith_xstrndup(s, strlen(s));
}

char *kith_xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = kith_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *kith_xasprintf(const char *fmt, ...)
{
    va_list ap, cp;
    va_start(ap, fmt);
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        abort();
    char *p = kith_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void kith_strlist_push_owned(kith_strlist *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = kith_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = s;
}

void kith_strlist_push(kith_strlist *l, const char *s)
{
    kith_strlist_push_owned(l, kith_xstrdup(s));
}

int kith_strlist_contains(const kith_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i], s) == 0)
            return 1;
    return 0;
}

void kith_strlist_clear(kith_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

int kith_read_file(const char *path, char **out, size_t *len, kith_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return kith_error(err, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = kith_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = kith_xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return kith_error(err, "cannot read %s", path);
    }
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    return 0;
}

void kith_sha256_hex(const void *data, size_t len, char out[65])
{
    gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
    memcpy(out, hex, 64);
    out[64] = '\0';
    g_free(hex);
}

int kith_sha256_file(const char *path, char out[65], kith_err *err)
{
    /* only regular files: a FIFO or a device named as a card would block or
     * never end (common/files.h) */
    int fd = kith_open_regular(path, err);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return kith_error(err, "cannot open %s: %s", path, strerror(errno));
    }
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    unsigned char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        g_checksum_update(ck, buf, got);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        g_checksum_free(ck);
        return kith_error(err, "cannot read %s", path);
    }
    memcpy(out, g_checksum_get_string(ck), 64);
    out[64] = '\0';
    g_checksum_free(ck);
    return 0;
}

int kith_mkdir_p(const char *path, kith_err *err)
{
    char *p = kith_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) < 0 && errno != EEXIST) {
            int e = errno;
            kith_error(err, "cannot create directory %s: %s", p, strerror(e));
            free(p);
            return -1;
        }
        *s = '/';
    }
    if (mkdir(p, 0700) < 0 && errno != EEXIST) {
        int e = errno;
        kith_error(err, "cannot create directory %s: %s", p, strerror(e));
        free(p);
        return -1;
    }
    free(p);
    return 0;
}

int kith_strieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int kith_name_index(const char *const *names, size_t n, const char *s)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (kith_strieq(names[i], s))
            return (int)i;
    return -1;
}

void kith_id_set_add(kith_id_set *set, int64_t id)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->v[i] == id)
            return;
    if (set->n == set->cap) {
        set->cap = set->cap ? 2 * set->cap : 8;
        set->v = kith_xrealloc(set->v, set->cap * sizeof *set->v);
    }
    set->v[set->n++] = id;
}

void kith_id_set_release(kith_id_set *set)
{
    free(set->v);
    set->v = NULL;
    set->n = set->cap = 0;
}

int kith_id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int kith_starts_with_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (!*s || tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return 0;
    return 1;
}

char *kith_trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] && isspace((unsigned char)s[i]))
        i++;
    if (i)
        memmove(s, s + i, n - i + 1);
    return s;
}

int64_t kith_now(void)
{
    return (int64_t)time(NULL);
}

double kith_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t days_from_civil(int y, int m, int d)
{
    /* proleptic Gregorian days since 1970-01-01 (Howard Hinnant's formula) */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int kith_parse_date(const char *s, int64_t *out, kith_err *err)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(s) != 10)
        return kith_error(err, "bad date '%s' (want YYYY-MM-DD)", s);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
        (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
        return kith_error(err, "bad date '%s' (no such day)", s);
    /* a card, a meeting or "now" before 1900 or after 2999 is a typo (or an
     * attack on the date arithmetic), not a date */
    if (y < 1900 || y > 2999)
        return kith_error(err, "date '%s' is out of range (1900-01-01 to 2999-12-31)", s);
    *out = days_from_civil(y, m, d) * 86400;
    return 0;
}

void kith_format_date(int64_t t, char out[11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}
