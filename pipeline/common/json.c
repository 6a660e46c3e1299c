/* json.c — JSON writing helpers and a small recursive-descent parser. */
#include "common/json.h"
#include "common/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s, or 0 if it is not valid. */
static size_t utf8_seq(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        return (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xe0 && s[0] <= 0xef) {
        if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
            return 0;
        if (s[0] == 0xe0 && s[1] < 0xa0)
            return 0;
        if (s[0] == 0xed && s[1] >= 0xa0)
            return 0; /* surrogates */
        return 3;
    }
    if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
            return 0;
        if (s[0] == 0xf0 && s[1] < 0x90)
            return 0;
        if (s[0] == 0xf4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

void kith_json_str(kith_strbuf *sb, const char *s)
{
    if (!s) {
        kith_strbuf_adds(sb, "null");
        return;
    }
    kith_strbuf_addc(sb, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            kith_strbuf_addc(sb, '\\');
            kith_strbuf_addc(sb, (char)c);
            p++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': kith_strbuf_adds(sb, "\\n"); break;
            case '\r': kith_strbuf_adds(sb, "\\r"); break;
            case '\t': kith_strbuf_adds(sb, "\\t"); break;
            default: kith_strbuf_addf(sb, "\\u%04x", c); break;
            }
            p++;
        } else {
            size_t n = utf8_seq(p);
            if (n == 0) {
                kith_strbuf_adds(sb, "\xef\xbf\xbd");
                p++;
            } else {
                kith_strbuf_add(sb, p, n);
                p += n;
            }
        }
    }
    kith_strbuf_addc(sb, '"');
}

void kith_json_key(kith_strbuf *sb, int *first, const char *key)
{
    if (!*first)
        kith_strbuf_adds(sb, ", ");
    *first = 0;
    kith_json_str(sb, key);
    kith_strbuf_adds(sb, ": ");
}

void kith_json_member_str(kith_strbuf *sb, int *first, const char *key, const char *value,
                          int skip_empty)
{
    if (skip_empty && (!value || !*value))
        return;
    kith_json_key(sb, first, key);
    kith_json_str(sb, value);
}

void kith_json_member_int(kith_strbuf *sb, int *first, const char *key, long long value)
{
    kith_json_key(sb, first, key);
    kith_strbuf_addf(sb, "%lld", value);
}

void kith_json_member_num(kith_strbuf *sb, int *first, const char *key, double value)
{
    kith_json_key(sb, first, key);
    if (!isfinite(value))
        kith_strbuf_adds(sb, "null");
    else
        kith_strbuf_addf(sb, "%.2f", value);
}

void kith_json_member_bool(kith_strbuf *sb, int *first, const char *key, int value)
{
    kith_json_key(sb, first, key);
    kith_strbuf_adds(sb, value ? "true" : "false");
}

/* --- parser ------------------------------------------------------------ */

typedef struct {
    const char *s;
    const char *start;
    kith_err *err;
    int depth;
} parser;

static int perr(parser *p, const char *what)
{
    return kith_error(p->err, "json: %s at offset %zu", what, (size_t)(p->s - p->start));
}

static void skip_ws(parser *p)
{
    while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
        p->s++;
}

static kith_json *node(kith_json_type t)
{
    kith_json *j = kith_xcalloc(1, sizeof *j);
    j->type = t;
    return j;
}

static void add_utf8(kith_strbuf *sb, unsigned cp)
{
    char b[4];
    if (cp < 0x80) {
        b[0] = (char)cp;
        kith_strbuf_add(sb, b, 1);
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3f));
        kith_strbuf_add(sb, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        kith_strbuf_add(sb, b, 3);
    } else {
        b[0] = (char)(0xf0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        kith_strbuf_add(sb, b, 4);
    }
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static int parse_string(parser *p, char **out)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    p->s++; /* opening quote */
    for (;;) {
        unsigned char c = (unsigned char)*p->s;
        if (c == '\0') {
            kith_strbuf_release(&sb);
            return perr(p, "unterminated string");
        }
        if (c == '"') {
            p->s++;
            break;
        }
        if (c < 0x20) {
            kith_strbuf_release(&sb);
            return perr(p, "control character in string");
        }
        if (c >= 0x80) {
            /* JSON text is UTF-8: a malformed byte reads as U+FFFD, as the
             * writer would write it (found by fuzz_ocr_json: the text did not
             * survive a write and a read) */
            size_t n = utf8_seq((const unsigned char *)p->s);
            if (n == 0) {
                kith_strbuf_adds(&sb, "\xef\xbf\xbd");
                n = 1;
            } else {
                kith_strbuf_add(&sb, p->s, n);
            }
            p->s += n;
            continue;
        }
        if (c != '\\') {
            kith_strbuf_addc(&sb, (char)c);
            p->s++;
            continue;
        }
        p->s++;
        char e = *p->s++;
        switch (e) {
        case '"': kith_strbuf_addc(&sb, '"'); break;
        case '\\': kith_strbuf_addc(&sb, '\\'); break;
        case '/': kith_strbuf_addc(&sb, '/'); break;
        case 'b': kith_strbuf_addc(&sb, '\b'); break;
        case 'f': kith_strbuf_addc(&sb, '\f'); break;
        case 'n': kith_strbuf_addc(&sb, '\n'); break;
        case 'r': kith_strbuf_addc(&sb, '\r'); break;
        case 't': kith_strbuf_addc(&sb, '\t'); break;
        case 'u': {
            unsigned cp;
            if (hex4(p->s, &cp) < 0) {
                kith_strbuf_release(&sb);
                return perr(p, "bad \\u escape");
            }
            p->s += 4;
            if (cp >= 0xd800 && cp <= 0xdbff && p->s[0] == '\\' && p->s[1] == 'u') {
                unsigned lo;
                if (hex4(p->s + 2, &lo) == 0 && lo >= 0xdc00 && lo <= 0xdfff) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    p->s += 6;
                }
            }
            if (cp >= 0xd800 && cp <= 0xdfff)
                cp = 0xfffd;
            add_utf8(&sb, cp);
            break;
        }
        default:
            kith_strbuf_release(&sb);
            return perr(p, "bad escape");
        }
    }
    *out = kith_strbuf_detach(&sb);
    return 0;
}

static int parse_value(parser *p, kith_json **out);

static void push_item(kith_json *j, char *key, kith_json *v)
{
    j->items = kith_xrealloc(j->items, (j->n + 1) * sizeof *j->items);
    if (j->type == KITH_JSON_OBJECT)
        j->keys = kith_xrealloc(j->keys, (j->n + 1) * sizeof *j->keys);
    j->items[j->n] = v;
    if (j->type == KITH_JSON_OBJECT)
        j->keys[j->n] = key;
    j->n++;
}

static int parse_container(parser *p, kith_json **out, int object)
{
    char close = object ? '}' : ']';
    kith_json *j = node(object ? KITH_JSON_OBJECT : KITH_JSON_ARRAY);
    if (++p->depth > 200) {
        kith_json_free(j);
        return perr(p, "nesting too deep");
    }
    p->s++;
    skip_ws(p);
    if (*p->s == close) {
        p->s++;
        p->depth--;
        *out = j;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(p);
        if (object) {
            if (*p->s != '"') {
                kith_json_free(j);
                return perr(p, "expected a key");
            }
            if (parse_string(p, &key) < 0) {
                kith_json_free(j);
                return -1;
            }
            skip_ws(p);
            if (*p->s != ':') {
                free(key);
                kith_json_free(j);
                return perr(p, "expected ':'");
            }
            p->s++;
        }
        kith_json *v;
        if (parse_value(p, &v) < 0) {
            free(key);
            kith_json_free(j);
            return -1;
        }
        push_item(j, key, v);
        skip_ws(p);
        if (*p->s == ',') {
            p->s++;
            continue;
        }
        if (*p->s == close) {
            p->s++;
            break;
        }
        kith_json_free(j);
        return perr(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
    p->depth--;
    *out = j;
    return 0;
}

static int parse_value(parser *p, kith_json **out)
{
    skip_ws(p);
    char c = *p->s;
    if (c == '{' || c == '[')
        return parse_container(p, out, c == '{');
    if (c == '"') {
        char *s;
        if (parse_string(p, &s) < 0)
            return -1;
        *out = node(KITH_JSON_STRING);
        (*out)->string = s;
        return 0;
    }
    if (strncmp(p->s, "true", 4) == 0 || strncmp(p->s, "false", 5) == 0) {
        *out = node(KITH_JSON_BOOL);
        (*out)->boolean = c == 't';
        p->s += c == 't' ? 4 : 5;
        return 0;
    }
    if (strncmp(p->s, "null", 4) == 0) {
        *out = node(KITH_JSON_NULL);
        p->s += 4;
        return 0;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        char *end;
        double v = strtod(p->s, &end);
        if (end == p->s)
            return perr(p, "bad number");
        p->s = end;
        *out = node(KITH_JSON_NUMBER);
        (*out)->number = v;
        return 0;
    }
    return perr(p, "unexpected character");
}

int kith_json_parse(const char *text, kith_json **out, kith_err *err)
{
    parser p = {text, text, err, 0};
    kith_json *j;
    if (parse_value(&p, &j) < 0)
        return -1;
    skip_ws(&p);
    if (*p.s) {
        kith_json_free(j);
        return perr(&p, "trailing text");
    }
    *out = j;
    return 0;
}

void kith_json_free(kith_json *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->n; i++) {
        kith_json_free(j->items[i]);
        if (j->keys)
            free(j->keys[i]);
    }
    free(j->items);
    free(j->keys);
    free(j->string);
    free(j);
}

const kith_json *kith_json_get(const kith_json *obj, const char *key)
{
    if (!obj || obj->type != KITH_JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

const char *kith_json_get_str(const kith_json *obj, const char *key)
{
    const kith_json *v = kith_json_get(obj, key);
    return v && v->type == KITH_JSON_STRING ? v->string : NULL;
}
