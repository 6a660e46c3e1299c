/*
 * util.h — small helpers shared by every stage: allocation that cannot return
 * NULL, string lists, and file helpers.
 *
 * Out of memory is the one condition libkith does not return as an error: the
 * x-allocators call abort(), which is not exit() and leaves a core to debug.
 */
#ifndef KITH_UTIL_H
#define KITH_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

void *kith_xmalloc(size_t n);
void *kith_xcalloc(size_t n, size_t size);
void *kith_xrealloc(void *p, size_t n);
char *kith_xstrdup(const char *s);          /* caller frees */
char *kith_xstrndup(const char *s, size_t n); /* caller frees */
/* Returns a newly allocated formatted string; caller frees. */
char *kith_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A list of owned strings. */
typedef struct kith_strlist {
    char **items;
    size_t n;
    size_t cap;
} kith_strlist;

#define KITH_STRLIST_INIT { NULL, 0, 0 }
void kith_strlist_push(kith_strlist *l, const char *s);   /* copies s */
void kith_strlist_push_owned(kith_strlist *l, char *s);   /* takes s */
int kith_strlist_contains(const kith_strlist *l, const char *s);
void kith_strlist_clear(kith_strlist *l);                 /* frees all */

/* Reads a whole file into a NUL-terminated buffer (caller frees *out). */
int kith_read_file(const char *path, char **out, size_t *len, kith_err *err);

/* SHA-256 of a buffer or a file as 64 lower-case hex digits + NUL. */
void kith_sha256_hex(const void *data, size_t len, char out[65]);
int kith_sha256_file(const char *path, char out[65], kith_err *err);

/* Creates a directory and its parents (mode 0700 for new ones). */
int kith_mkdir_p(const char *path, kith_err *err);

/* Case-insensitive ASCII comparisons. */
int kith_strieq(const char *a, const char *b);

/* The index of s among names[0..n), compared case-insensitively; -1 when
 * s is NULL or not there. */
int kith_name_index(const char *const *names, size_t n, const char *s);

/* A set of row ids in the order added, each once. Start it as
 * KITH_ID_SET_INIT; the caller frees v (kith_id_set_release). */
typedef struct kith_id_set {
    int64_t *v;
    size_t n, cap;
} kith_id_set;
#define KITH_ID_SET_INIT { NULL, 0, 0 }
void kith_id_set_add(kith_id_set *set, int64_t id);
void kith_id_set_release(kith_id_set *set);
/* qsort comparator for int64_t, smallest first. */
int kith_id_cmp(const void *a, const void *b);
int kith_starts_with_ci(const char *s, const char *prefix);

/* Trims ASCII white space in place at both ends; returns s. */
char *kith_trim(char *s);

/* Current time as seconds since the epoch (wall clock) and a monotonic clock in
 * seconds, for rates. */
int64_t kith_now(void);
double kith_monotonic(void);

/* Parses YYYY-MM-DD (UTC midnight, years 1900 to 2999) into seconds since the
 * epoch; -1 on bad text. */
int kith_parse_date(const char *s, int64_t *out, kith_err *err);
/* Formats seconds since the epoch as YYYY-MM-DD (UTC). */
void kith_format_date(int64_t t, char out[11]);

#endif
