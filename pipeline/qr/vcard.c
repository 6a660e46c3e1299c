/*
 * vcard.c — vCard 2.1, 3.0 and 4.0 payloads: folded lines, parameters,
 * quoted-printable and Latin-1 values, into kith_fields.
 */
#include "qr/qr.h"
#include "qr/qr_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/init.h"
#include "common/strbuf.h"
#include "common/util.h"

/* --- vCard --------------------------------------------------------------- */

/* One content line, split: name (upper-cased, group dropped), parameters
 * (raw "KEY=VALUE" or bare 2.1 "VALUE" strings) and the raw value. */
typedef struct vc_line {
    char *name;
    kith_strlist params;
    char *value;
} vc_line;

static void vc_line_clear(vc_line *l)
{
    free(l->name);
    free(l->value);
    kith_strlist_clear(&l->params);
    memset(l, 0, sizeof *l);
}

/* Splits "group.NAME;P1;P2=x:value" (quoted parameter values may contain
 * ';' and ':'). Returns -1 when there is no ':'. */
static int vc_split(const char *s, vc_line *out)
{
    memset(out, 0, sizeof *out);
    const char *p = s;
    int quoted = 0;
    while (*p && (quoted || (*p != ':')))
        if (*p++ == '"')
            quoted = !quoted;
    if (*p != ':')
        return -1;
    char *head = kith_xstrndup(s, (size_t)(p - s));
    out->value = kith_xstrdup(p + 1);

    kith_strlist parts = KITH_STRLIST_INIT;
    kith_strbuf part = KITH_STRBUF_INIT;
    quoted = 0;
    for (const char *h = head;; h++) {
        if (*h == '"')
            quoted = !quoted;
        if ((*h == ';' && !quoted) || *h == '\0') {
            kith_strlist_push(&parts, kith_strbuf_str(&part));
            kith_strbuf_reset(&part);
            if (!*h)
                break;
            continue;
        }
        kith_strbuf_addc(&part, *h);
    }
    kith_strbuf_release(&part);
    free(head);

    const char *name = parts.items[0];
    const char *dot = strrchr(name, '.');
    out->name = kith_xstrdup(dot ? dot + 1 : name);
    for (char *c = out->name; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    for (size_t i = 1; i < parts.n; i++)
        kith_strlist_push(&out->params, parts.items[i]);
    kith_strlist_clear(&parts);
    return 0;
}

/* Does the line have this parameter value (TYPE=a,b / TYPE=a;TYPE=b / bare
 * 2.1 "A", case-insensitive; quotes ignored)? For key NULL any key matches. */
static int vc_has_param(const vc_line *l, const char *key, const char *value)
{
    for (size_t i = 0; i < l->params.n; i++) {
        const char *p = l->params.items[i];
        const char *eq = strchr(p, '=');
        const char *vals = p;
        if (eq) {
            if (key && !(strlen(key) == (size_t)(eq - p) && kith_starts_with_ci(p, key)))
                continue;
            vals = eq + 1;
        }
        /* TYPE="work,voice" quotes the whole list */
        char *unq = kith_xstrdup(vals);
        size_t n = strlen(unq);
        if (n >= 2 && unq[0] == '"' && unq[n - 1] == '"') {
            unq[n - 1] = '\0';
            memmove(unq, unq + 1, n - 1);
        }
        kith_strlist items = KITH_STRLIST_INIT;
        qr_split_unescaped(unq, ',', &items);
        free(unq);
        int hit = 0;
        for (size_t k = 0; k < items.n && !hit; k++)
            hit = kith_strieq(kith_trim(items.items[k]), value);
        kith_strlist_clear(&items);
        if (hit)
            return 1;
    }
    return 0;
}

/* The value of KEY=VALUE, or NULL. */
static const char *vc_param(const vc_line *l, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i < l->params.n; i++) {
        const char *p = l->params.items[i];
        if (kith_starts_with_ci(p, key) && p[n] == '=')
            return p + n + 1;
    }
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes QUOTED-PRINTABLE (soft breaks were joined already); caller frees. */
static char *qp_decode(const char *s)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (const char *p = s; *p; p++) {
        int hi, lo;
        if (*p == '=' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            kith_strbuf_addc(&sb, (char)(hi * 16 + lo));
            p += 2;
        } else if (*p != '=') {
            kith_strbuf_addc(&sb, *p);
        }
    }
    return kith_strbuf_detach(&sb);
}

/* ISO-8859-1 to UTF-8; caller frees. */
static char *latin1_to_utf8(const char *s)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x80) {
            kith_strbuf_addc(&sb, (char)*p);
        } else {
            kith_strbuf_addc(&sb, (char)(0xc0 | (*p >> 6)));
            kith_strbuf_addc(&sb, (char)(0x80 | (*p & 0x3f)));
        }
    }
    return kith_strbuf_detach(&sb);
}

/* Decodes a vCard 2.1 value in place when it says ENCODING=QUOTED-PRINTABLE
 * (and CHARSET=ISO-8859-1). Returns -1 when the result is not UTF-8. */
static int vc_decode_value(vc_line *l)
{
    const char *enc = vc_param(l, "ENCODING");
    if ((enc && kith_strieq(enc, "QUOTED-PRINTABLE")) ||
        vc_has_param(l, NULL, "QUOTED-PRINTABLE")) {
        char *d = qp_decode(l->value);
        free(l->value);
        l->value = d;
    }
    const char *cs = vc_param(l, "CHARSET");
    if (cs && (kith_strieq(cs, "ISO-8859-1") || kith_strieq(cs, "LATIN1")) &&
        !qr_utf8_valid((const unsigned char *)l->value, strlen(l->value))) {
        char *d = latin1_to_utf8(l->value);
        free(l->value);
        l->value = d;
    }
    return qr_utf8_valid((const unsigned char *)l->value, strlen(l->value)) ? 0 : -1;
}

static kith_phone_kind vc_phone_kind(const vc_line *l)
{
    if (vc_has_param(l, "TYPE", "FAX"))
        return KITH_PHONE_FAX;
    if (vc_has_param(l, "TYPE", "CELL") || vc_has_param(l, "TYPE", "MOBILE"))
        return KITH_PHONE_MOBILE;
    if (vc_has_param(l, "TYPE", "WORK"))
        return KITH_PHONE_WORK;
    return KITH_PHONE_OTHER;
}

/* Does the content line's name/parameter part say QUOTED-PRINTABLE? */
static int is_qp_line(const char *line)
{
    size_t head = strcspn(line, ":");
    const char *qp = strstr(line, "QUOTED-PRINTABLE");
    if (!qp)
        qp = strstr(line, "quoted-printable");
    return qp && (size_t)(qp - line) < head;
}

/* Splits the payload into unfolded logical lines. Folded lines (CRLF + space
 * or tab) are joined; so are QUOTED-PRINTABLE soft line breaks ('=' at the
 * end of a line). */
static void vc_unfold(const char *data, kith_strlist *lines)
{
    kith_strbuf cur = KITH_STRBUF_INIT;
    int have = 0;
    const char *p = data;
    while (*p) {
        size_t n = strcspn(p, "\r\n");
        const char *next = p + n;
        if (*next == '\r' && next[1] == '\n')
            next += 2;
        else if (*next)
            next++;
        if (have && cur.len && cur.buf[cur.len - 1] == '=' && is_qp_line(cur.buf)) {
            cur.buf[--cur.len] = '\0';     /* soft line break: next line is content */
            kith_strbuf_add(&cur, p, n);
        } else if (have && (*p == ' ' || *p == '\t')) {
            kith_strbuf_add(&cur, p + 1, n - 1);
        } else {
            if (have)
                kith_strlist_push(lines, kith_strbuf_str(&cur));
            kith_strbuf_reset(&cur);
            kith_strbuf_add(&cur, p, n);
            have = 1;
        }
        p = next;
    }
    if (have)
        kith_strlist_push(lines, kith_strbuf_str(&cur));
    kith_strbuf_release(&cur);
}

/* Parses the first vCard in data. -1 when there is none or it is empty. */
int qr_parse_vcard(const char *data, kith_fields **out)
{
    kith_strlist lines = KITH_STRLIST_INIT;
    vc_unfold(data, &lines);
    kith_fields *f = kith_fields_new();
    int in_card = 0, done = 0, adr_is_work = 0;
    char *label = NULL;

    for (size_t i = 0; i < lines.n && !done; i++) {
        vc_line l;
        if (vc_split(lines.items[i], &l) < 0)
            continue;
        if (strcmp(l.name, "BEGIN") == 0 && kith_strieq(kith_trim(l.value), "VCARD")) {
            in_card = 1;
        } else if (strcmp(l.name, "END") == 0 && kith_strieq(kith_trim(l.value), "VCARD")) {
            done = in_card;
        } else if (in_card && vc_decode_value(&l) == 0) {
            kith_strlist parts = KITH_STRLIST_INIT;
            if (strcmp(l.name, "FN") == 0) {
                char *v = qr_unescape(l.value);
                qr_squash_space(v);
                qr_set_str(&f->name, v);
                free(v);
            } else if (strcmp(l.name, "N") == 0) {
                qr_split_unescaped(l.value, ';', &parts);
                char **dst[] = {&f->family_name, &f->given_name, NULL, &f->prefix,
                                &f->credentials};
                for (size_t k = 0; k < parts.n && k < 5; k++) {
                    if (!dst[k])
                        continue;
                    char *v = qr_unescape(parts.items[k]);
                    qr_squash_space(v);
                    qr_set_str(dst[k], v);
                    free(v);
                }
            } else if (strcmp(l.name, "ORG") == 0) {
                qr_split_unescaped(l.value, ';', &parts);
                char *v = qr_unescape(parts.items[0]);
                qr_squash_space(v);
                qr_set_str(&f->company, v);
                free(v);
            } else if (strcmp(l.name, "TITLE") == 0) {
                char *v = qr_unescape(l.value);
                qr_squash_space(v);
                qr_set_str(&f->title, v);
                free(v);
            } else if (strcmp(l.name, "EMAIL") == 0) {
                char *v = qr_unescape(l.value);
                char *t = qr_dup_trimmed(kith_starts_with_ci(v, "mailto:") ? v + 7 : v);
                if (t && strchr(t, '@'))
                    kith_fields_add_email(f, t);
                free(t);
                free(v);
            } else if (strcmp(l.name, "TEL") == 0) {
                char *v = kith_starts_with_ci(l.value, "tel:") ? kith_xstrdup(l.value)
                                                               : qr_unescape(l.value);
                qr_add_phone_value(f, vc_phone_kind(&l), v);
                free(v);
            } else if (strcmp(l.name, "URL") == 0) {
                char *v = qr_unescape(l.value);
                char *t = qr_dup_trimmed(v);
                if (t)
                    kith_fields_add_url(f, t);
                free(t);
                free(v);
            } else if (strcmp(l.name, "ADR") == 0) {
                int work = vc_has_param(&l, "TYPE", "WORK");
                if (!f->address || (work && !adr_is_work)) {
                    qr_split_unescaped(l.value, ';', &parts);
                    char *v = qr_format_adr(&parts);
                    if (v) {
                        free(f->address);
                        f->address = v;
                        adr_is_work = work;
                    }
                }
            } else if (strcmp(l.name, "LABEL") == 0 && !label) {
                char *v = qr_unescape(l.value);
                qr_squash_space(v);
                label = qr_dup_trimmed(v);
                free(v);
            }
            kith_strlist_clear(&parts);
        }
        vc_line_clear(&l);
    }
    kith_strlist_clear(&lines);

    if (!f->address && label)
        f->address = kith_xstrdup(label);
    free(label);
    if (!f->name && (f->given_name || f->family_name)) {
        kith_strbuf sb = KITH_STRBUF_INIT;
        const char *parts[] = {f->prefix, f->given_name, f->family_name};
        for (size_t k = 0; k < 3; k++) {
            if (!parts[k])
                continue;
            if (sb.len)
                kith_strbuf_addc(&sb, ' ');
            kith_strbuf_adds(&sb, parts[k]);
        }
        f->name = kith_strbuf_detach(&sb);
    }
    if (!in_card) {
        kith_fields_free(f);
        return -1;
    }
    *out = f;
    return 0;
}
