/*
 * json.h — writing and reading JSON.
 *
 * Writing: helpers that append to a kith_strbuf (strings are escaped per
 * RFC 8259; invalid UTF-8 bytes become U+FFFD so the output is always valid).
 *
 * Reading: a small DOM parser for the JSON this project reads itself (ground
 * truth files, test cases, exported files). kith_json_parse() returns a tree
 * the caller frees with kith_json_free().
 */
#ifndef KITH_JSON_H
#define KITH_JSON_H

#include <stddef.h>

#include "common/error.h"
#include "common/strbuf.h"

/* --- writing ---------------------------------------------------------- */

/* Appends "s" quoted and escaped; NULL appends null. */
void kith_json_str(kith_strbuf *sb, const char *s);
/* Appends "key": (with a leading comma unless *first; clears *first). */
void kith_json_key(kith_strbuf *sb, int *first, const char *key);
/* Common members: "key": "value" (skipped when value is NULL or empty if
 * skip_empty), "key": number, "key": true/false. */
void kith_json_member_str(kith_strbuf *sb, int *first, const char *key, const char *value,
                          int skip_empty);
void kith_json_member_int(kith_strbuf *sb, int *first, const char *key, long long value);
void kith_json_member_num(kith_strbuf *sb, int *first, const char *key, double value);
void kith_json_member_bool(kith_strbuf *sb, int *first, const char *key, int value);

/* --- reading ---------------------------------------------------------- */

typedef enum {
    KITH_JSON_NULL,
    KITH_JSON_BOOL,
    KITH_JSON_NUMBER,
    KITH_JSON_STRING,
    KITH_JSON_ARRAY,
    KITH_JSON_OBJECT
} kith_json_type;

typedef struct kith_json {
    kith_json_type type;
    int boolean;
    double number;
    char *string;              /* STRING: UTF-8, NUL-terminated */
    struct kith_json **items;  /* ARRAY and OBJECT values */
    char **keys;               /* OBJECT keys, parallel to items */
    size_t n;
} kith_json;

/* Parses text (NUL-terminated); *out is freed with kith_json_free. */
int kith_json_parse(const char *text, kith_json **out, kith_err *err);
void kith_json_free(kith_json *j);

/* Object member by key, or NULL. */
const kith_json *kith_json_get(const kith_json *obj, const char *key);
/* String member, or NULL when absent or not a string. */
const char *kith_json_get_str(const kith_json *obj, const char *key);

#endif
