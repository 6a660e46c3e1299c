/*
 * score.c — the benchmark's comparison rules (see score.h): normalising
 * values, scoring one extracted field against the truth, and the baseline's
 * "does the truth appear anywhere in this text" test.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/util.h"
#include "score.h"

const char *const bench_field_names[BENCH_N_FIELDS] = {
    "name", "title", "company", "emails", "phones", "urls", "address",
};

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Case-folds s and collapses runs of white space (and, with punct, of
 * punctuation) into one space, trimmed. Caller frees. */
static char *fold(const char *s, int punct)
{
    if (!s)
        return kith_xstrdup("");
    char *f = g_utf8_casefold(s, -1);
    kith_strbuf sb = KITH_STRBUF_INIT;
    int pending = 0;
    for (const char *p = f; *p;) {
        unsigned char c = (unsigned char)*p;
        size_t len = 1;
        int sep = is_space(c);
        if (punct) {
            if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || sep))
                sep = 1;
            /* middle dot, en and em dash, non-breaking space */
            static const char *const wide[] = { "\xc2\xb7", "\xe2\x80\x93", "\xe2\x80\x94",
                                                "\xc2\xa0", "\xe2\x80\xa2" };
            for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
                if (strncmp(p, wide[i], strlen(wide[i])) == 0) {
                    sep = 1;
                    len = strlen(wide[i]);
                }
        } else if (strncmp(p, "\xc2\xa0", 2) == 0) {
            sep = 1;
            len = 2;
        }
        if (sep) {
            pending = sb.len > 0;
        } else {
            if (pending)
                kith_strbuf_addc(&sb, ' ');
            pending = 0;
            kith_strbuf_add(&sb, p, len);
        }
        p += len;
    }
    g_free(f);
    return kith_strbuf_detach(&sb);
}

char *bench_norm_text(const char *s)
{
    return fold(s, 0);
}

char *bench_norm_address(const char *s)
{
    return fold(s, 1);
}

char *bench_norm_url(const char *s)
{
    char *t = fold(s, 0);
    char *p = t;
    if (strncmp(p, "https://", 8) == 0)
        p += 8;
    else if (strncmp(p, "http://", 7) == 0)
        p += 7;
    if (strncmp(p, "www.", 4) == 0)
        p += 4;
    char *out = kith_xstrdup(p);
    free(t);
    size_t n = strlen(out);
    while (n > 0 && out[n - 1] == '/')
        out[--n] = 0;
    return out;
}

char *bench_digits(const char *s)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (; s && *s; s++)
        if (*s >= '0' && *s <= '9')
            kith_strbuf_addc(&sb, *s);
    return kith_strbuf_detach(&sb);
}

/* A string member, NULL when absent, not a string or empty. */
static const char *str_member(const kith_json *obj, const char *key)
{
    const char *s = obj ? kith_json_get_str(obj, key) : NULL;
    return s && *s ? s : NULL;
}

/* An array member's items, 0 when absent or not an array. */
static size_t array_member(const kith_json *obj, const char *key, kith_json ***items)
{
    const kith_json *a = obj ? kith_json_get(obj, key) : NULL;
    if (!a || a->type != KITH_JSON_ARRAY) {
        *items = NULL;
        return 0;
    }
    *items = a->items;
    return a->n;
}

static bench_outcome outcome(int in_truth, int in_out, int equal)
{
    if (!in_out)
        return in_truth ? BENCH_MISSING : BENCH_RIGHT;
    return in_truth && equal ? BENCH_RIGHT : BENCH_WRONG;
}

typedef char *(*norm_fn)(const char *);

static char *norm_email(const char *s)
{
    return fold(s, 0);
}

/* The non-empty normalised strings of an array member (deduplicated). */
static void norm_list(const kith_json *obj, const char *key, norm_fn norm, kith_strlist *out)
{
    kith_json **items;
    size_t n = array_member(obj, key, &items);
    for (size_t i = 0; i < n; i++) {
        if (items[i]->type != KITH_JSON_STRING)
            continue;
        char *v = norm(items[i]->string);
        if (*v && !kith_strlist_contains(out, v))
            kith_strlist_push_owned(out, v);
        else
            free(v);
    }
}

static bench_outcome score_set(const kith_json *truth, const kith_json *out, const char *key,
                               norm_fn norm)
{
    kith_strlist t = KITH_STRLIST_INIT, o = KITH_STRLIST_INIT;
    norm_list(truth, key, norm, &t);
    norm_list(out, key, norm, &o);
    int equal = t.n == o.n;
    for (size_t i = 0; equal && i < t.n; i++)
        equal = kith_strlist_contains(&o, t.items[i]);
    bench_outcome r = outcome(t.n > 0, o.n > 0, equal);
    kith_strlist_clear(&t);
    kith_strlist_clear(&o);
    return r;
}

static bench_outcome score_text(const kith_json *truth, const kith_json *out, const char *key,
                                norm_fn norm)
{
    const char *t = str_member(truth, key), *o = str_member(out, key);
    int equal = 0;
    if (t && o) {
        char *a = norm(t), *b = norm(o);
        equal = strcmp(a, b) == 0;
        free(a);
        free(b);
    }
    return outcome(t != NULL, o != NULL, equal);
}

static int phone_match(const kith_json *t, const kith_json *o, int kinds)
{
    const char *tk = str_member(t, "kind"), *ok = str_member(o, "kind");
    if (kinds && (!tk || !ok || strcmp(tk, ok) != 0))
        return 0;
    const char *te = str_member(t, "e164"), *oe = str_member(o, "e164");
    if (te && oe && strcmp(te, oe) == 0)
        return 1;
    char *a = bench_digits(str_member(t, "number")), *b = bench_digits(str_member(o, "number"));
    int same = *a && strcmp(a, b) == 0;
    free(a);
    free(b);
    return same;
}

static bench_outcome score_phones(const kith_json *truth, const kith_json *out, int kinds)
{
    kith_json **t, **o;
    size_t nt = array_member(truth, "phones", &t), no = array_member(out, "phones", &o);
    int equal = nt == no;
    if (equal && nt > 0) {
        int *used = kith_xcalloc(no, sizeof *used);
        for (size_t i = 0; equal && i < nt; i++) {
            size_t j;
            for (j = 0; j < no; j++)
                if (!used[j] && phone_match(t[i], o[j], kinds))
                    break;
            if (j == no)
                equal = 0;
            else
                used[j] = 1;
        }
        free(used);
    }
    return outcome(nt > 0, no > 0, equal);
}

bench_outcome bench_score(bench_field f, const kith_json *truth, const kith_json *out)
{
    if (!out) {   /* the card failed: nothing was read */
        return BENCH_MISSING;
    }
    switch (f) {
    case BENCH_NAME: return score_text(truth, out, "name", bench_norm_text);
    case BENCH_TITLE: return score_text(truth, out, "title", bench_norm_text);
    case BENCH_COMPANY: return score_text(truth, out, "company", bench_norm_text);
    case BENCH_EMAILS: return score_set(truth, out, "emails", norm_email);
    case BENCH_PHONES: return score_phones(truth, out, 1);
    case BENCH_URLS: return score_set(truth, out, "urls", bench_norm_url);
    case BENCH_ADDRESS: return score_text(truth, out, "address", bench_norm_address);
    default: return BENCH_MISSING;
    }
}

bench_outcome bench_score_phone_numbers(const kith_json *truth, const kith_json *out)
{
    return out ? score_phones(truth, out, 0) : BENCH_MISSING;
}

/* Whether needle (already normalised) occurs in the normalised text. */
static int contains(const char *hay, const char *needle)
{
    return *needle && strstr(hay, needle) != NULL;
}

/* Whether the digits of number occur within the digits of one line of text. */
static int phone_in_text(const char *number, const char *text)
{
    char *d = bench_digits(number);
    int found = 0;
    const char *line = text;
    while (!found && line && *line) {
        const char *end = strchr(line, '\n');
        char *l = kith_xstrndup(line, end ? (size_t)(end - line) : strlen(line));
        char *ld = bench_digits(l);
        found = *d && strstr(ld, d) != NULL;
        free(ld);
        free(l);
        line = end ? end + 1 : NULL;
    }
    free(d);
    return found;
}

int bench_found_in_text(bench_field f, const kith_json *truth, const char *text)
{
    static const char *const keys[] = { "name", "title", "company", NULL, NULL, NULL,
                                        "address" };
    int found = 1;
    if (f == BENCH_NAME || f == BENCH_TITLE || f == BENCH_COMPANY || f == BENCH_ADDRESS) {
        const char *t = str_member(truth, keys[f]);
        if (!t)
            return 1;
        norm_fn norm = f == BENCH_ADDRESS ? bench_norm_address : bench_norm_text;
        char *hay = norm(text), *needle = norm(t);
        found = contains(hay, needle);
        free(hay);
        free(needle);
        return found;
    }
    if (f == BENCH_PHONES) {
        kith_json **t;
        size_t n = array_member(truth, "phones", &t);
        for (size_t i = 0; found && i < n; i++)
            found = phone_in_text(str_member(t[i], "number"), text);
        return found;
    }
    /* emails, urls: every truth value somewhere in the text */
    kith_strlist l = KITH_STRLIST_INIT;
    norm_fn norm = f == BENCH_EMAILS ? norm_email : bench_norm_url;
    norm_list(truth, f == BENCH_EMAILS ? "emails" : "urls", norm, &l);
    char *hay = bench_norm_text(text);
    for (size_t i = 0; found && i < l.n; i++)
        found = contains(hay, l.items[i]);
    free(hay);
    kith_strlist_clear(&l);
    return found;
}
