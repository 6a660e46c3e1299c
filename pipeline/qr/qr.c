/*
 * qr.c — QR codes on business cards: find them with zbar, read vCard
 * (2.1, 3.0, 4.0) and MECARD payloads into kith_fields, and let their values
 * win over OCR.
 *
 * zbar is asked for the raw bytes (ZBAR_CFG_BINARY): its own guess of the
 * text encoding turns UTF-8 umlauts into mojibake. We check the bytes are
 * UTF-8 ourselves; a code that is not, or that holds no contact, is ignored.
 */
#include "qr/qr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>
#include <zbar.h>

#include "common/init.h"
#include "common/strbuf.h"
#include "common/util.h"

/* --- UTF-8 --------------------------------------------------------------- */

/* Is the whole buffer valid UTF-8 (no overlongs, surrogates or NULs)? */
static int utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            n = 2;
        else if (c >= 0xe0 && c <= 0xef)
            n = 3;
        else if (c >= 0xf0 && c <= 0xf4)
            n = 4;
        else
            return 0;
        if (i + n > len)
            return 0;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
        if ((c == 0xe0 && s[i + 1] < 0xa0) || (c == 0xed && s[i + 1] >= 0xa0) ||
            (c == 0xf0 && s[i + 1] < 0x90) || (c == 0xf4 && s[i + 1] >= 0x90))
            return 0;
        i += n;
    }
    return 1;
}

/* --- small string helpers ------------------------------------------------ */

/* Trimmed copy of s, or NULL when nothing is left; caller frees. */
static char *dup_trimmed(const char *s)
{
    if (!s)
        return NULL;
    char *d = kith_xstrdup(s);
    kith_trim(d);
    if (!*d) {
        free(d);
        return NULL;
    }
    return d;
}

static void set_str(char **dst, const char *value)
{
    char *v = dup_trimmed(value);
    if (!v)
        return;
    free(*dst);
    *dst = v;
}

/* Replaces line breaks and runs of white space with single spaces (for one-
 * line fields), in place. */
static void squash_space(char *s)
{
    char *w = s;
    int space = 0;
    for (char *r = s; *r; r++) {
        if (*r == '\n' || *r == '\r' || *r == '\t' || *r == ' ') {
            space = 1;
            continue;
        }
        if (space && w != s)
            *w++ = ' ';
        space = 0;
        *w++ = *r;
    }
    *w = '\0';
}

/* Splits s at unescaped `sep` characters into a list of raw (still escaped)
 * parts. */
static void split_unescaped(const char *s, char sep, kith_strlist *out)
{
    kith_strbuf part = KITH_STRBUF_INIT;
    for (const char *p = s;; p++) {
        if (*p == '\\' && p[1]) {
            kith_strbuf_addc(&part, *p);
            kith_strbuf_addc(&part, *++p);
            continue;
        }
        if (*p == sep || *p == '\0') {
            kith_strlist_push(out, kith_strbuf_str(&part));
            kith_strbuf_reset(&part);
            if (*p == '\0')
                break;
            continue;
        }
        kith_strbuf_addc(&part, *p);
    }
    kith_strbuf_release(&part);
}

/* Unescapes a vCard / MECARD text value: \n and \N are line breaks, any other
 * backslash-escaped character stands for itself. Caller frees. */
static char *unescape(const char *s)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (const char *p = s; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            kith_strbuf_addc(&sb, (*p == 'n' || *p == 'N') ? '\n' : *p);
        } else {
            kith_strbuf_addc(&sb, *p);
        }
    }
    return kith_strbuf_detach(&sb);
}

/* Joins the non-empty unescaped parts with ", " (an address on one line).
 * Returns NULL when all are empty; caller frees. */
static char *join_parts(const kith_strlist *parts, size_t from)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (size_t i = from; i < parts->n; i++) {
        char *v = unescape(parts->items[i]);
        squash_space(v);
        kith_trim(v);
        if (*v) {
            if (sb.len)
                kith_strbuf_adds(&sb, ", ");
            kith_strbuf_adds(&sb, v);
        }
        free(v);
    }
    if (!sb.len) {
        kith_strbuf_release(&sb);
        return NULL;
    }
    return kith_strbuf_detach(&sb);
}

/* The seven ADR components (post office box; extended; street; locality;
 * region; postal code; country) as one line the way a card prints them:
 * "street, 10115 Berlin, Germany" where the postal code starts with a digit
 * and there is no region (most of Europe), "street, Bristol BS1 5TY" where
 * it starts with a letter (UK, Canada), "street, Springfield, IL 62701"
 * with a region (US). Returns NULL when all are empty; caller frees. */
static char *format_adr(const kith_strlist *parts)
{
    char *c[7] = {NULL};
    for (size_t i = 0; i < 7 && i < parts->n; i++) {
        c[i] = unescape(parts->items[i]);
        squash_space(c[i]);
        kith_trim(c[i]);
    }
    for (size_t i = parts->n; i < 7; i++)
        c[i] = kith_xstrdup("");
    const char *pobox = c[0], *ext = c[1], *street = c[2], *city = c[3], *region = c[4],
               *code = c[5], *country = c[6];

    kith_strbuf locality = KITH_STRBUF_INIT;
    if (*region) {
        kith_strbuf_adds(&locality, city);
        if (*city)
            kith_strbuf_adds(&locality, ", ");
        kith_strbuf_adds(&locality, region);
        if (*code)
            kith_strbuf_addf(&locality, " %s", code);
    } else if (*code && !(*code >= '0' && *code <= '9')) {
        kith_strbuf_addf(&locality, "%s%s%s", city, *city ? " " : "", code);
    } else {
        kith_strbuf_addf(&locality, "%s%s%s", code, *code && *city ? " " : "", city);
    }
    const char *line[] = {pobox, ext, street, kith_strbuf_str(&locality), country};
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (size_t i = 0; i < sizeof line / sizeof line[0]; i++) {
        if (!*line[i])
            continue;
        if (sb.len)
            kith_strbuf_adds(&sb, ", ");
        kith_strbuf_adds(&sb, line[i]);
    }
    kith_strbuf_release(&locality);
    for (size_t i = 0; i < 7; i++)
        free(c[i]);
    if (!sb.len) {
        kith_strbuf_release(&sb);
        return NULL;
    }
    return kith_strbuf_detach(&sb);
}

/* A phone value: strips a tel: scheme, takes ;ext= or x123 extensions, and
 * derives E.164 when the number is international (+…). */
static void add_phone_value(kith_fields *f, kith_phone_kind kind, const char *raw)
{
    char *v = dup_trimmed(raw);
    if (!v)
        return;
    char *num = v;
    char *ext = NULL;
    if (kith_starts_with_ci(num, "tel:"))
        num += 4;
    char *semi = strchr(num, ';');
    if (semi) {
        *semi = '\0';
        for (char *p = semi + 1; p && *p;) {
            char *next = strchr(p, ';');
            if (next)
                *next++ = '\0';
            if (kith_starts_with_ci(p, "ext="))
                ext = p + 4;
            p = next;
        }
    }
    kith_trim(num);
    size_t digits = 0;
    for (const char *p = num; *p; p++)
        digits += (*p >= '0' && *p <= '9');
    if (digits < 3) {
        free(v);
        return;
    }
    char e164[24] = "";
    if (num[0] == '+' && digits >= 7 && digits <= 15) {
        size_t k = 0;
        int ok = 1;
        e164[k++] = '+';
        for (const char *p = num + 1; *p && ok; p++) {
            if (*p >= '0' && *p <= '9')
                e164[k++] = *p;
            else if (!strchr(" -.()/", *p))
                ok = 0;
        }
        e164[ok ? k : 0] = '\0';
    }
    kith_fields_add_phone(f, kind, num, e164[0] ? e164 : NULL, ext && *ext ? ext : NULL, 1.0f);
    free(v);
}

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
        split_unescaped(unq, ',', &items);
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
        !utf8_valid((const unsigned char *)l->value, strlen(l->value))) {
        char *d = latin1_to_utf8(l->value);
        free(l->value);
        l->value = d;
    }
    return utf8_valid((const unsigned char *)l->value, strlen(l->value)) ? 0 : -1;
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
static int parse_vcard(const char *data, kith_fields **out)
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
                char *v = unescape(l.value);
                squash_space(v);
                set_str(&f->name, v);
                free(v);
            } else if (strcmp(l.name, "N") == 0) {
                split_unescaped(l.value, ';', &parts);
                char **dst[] = {&f->family_name, &f->given_name, NULL, &f->prefix,
                                &f->credentials};
                for (size_t k = 0; k < parts.n && k < 5; k++) {
                    if (!dst[k])
                        continue;
                    char *v = unescape(parts.items[k]);
                    squash_space(v);
                    set_str(dst[k], v);
                    free(v);
                }
            } else if (strcmp(l.name, "ORG") == 0) {
                split_unescaped(l.value, ';', &parts);
                char *v = unescape(parts.items[0]);
                squash_space(v);
                set_str(&f->company, v);
                free(v);
            } else if (strcmp(l.name, "TITLE") == 0) {
                char *v = unescape(l.value);
                squash_space(v);
                set_str(&f->title, v);
                free(v);
            } else if (strcmp(l.name, "EMAIL") == 0) {
                char *v = unescape(l.value);
                char *t = dup_trimmed(kith_starts_with_ci(v, "mailto:") ? v + 7 : v);
                if (t && strchr(t, '@'))
                    kith_fields_add_email(f, t);
                free(t);
                free(v);
            } else if (strcmp(l.name, "TEL") == 0) {
                char *v = kith_starts_with_ci(l.value, "tel:") ? kith_xstrdup(l.value)
                                                               : unescape(l.value);
                add_phone_value(f, vc_phone_kind(&l), v);
                free(v);
            } else if (strcmp(l.name, "URL") == 0) {
                char *v = unescape(l.value);
                char *t = dup_trimmed(v);
                if (t)
                    kith_fields_add_url(f, t);
                free(t);
                free(v);
            } else if (strcmp(l.name, "ADR") == 0) {
                int work = vc_has_param(&l, "TYPE", "WORK");
                if (!f->address || (work && !adr_is_work)) {
                    split_unescaped(l.value, ';', &parts);
                    char *v = format_adr(&parts);
                    if (v) {
                        free(f->address);
                        f->address = v;
                        adr_is_work = work;
                    }
                }
            } else if (strcmp(l.name, "LABEL") == 0 && !label) {
                char *v = unescape(l.value);
                squash_space(v);
                label = dup_trimmed(v);
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

/* --- MECARD -------------------------------------------------------------- */

/* MECARD:N:Family,Given;TEL:…;EMAIL:…;URL:…;ADR:…;ORG:…;TITLE:…;; (DoCoMo's
 * format; ORG and TITLE are common extensions). Values escape \ ; : , with a
 * backslash. */
static int parse_mecard(const char *data, kith_fields **out)
{
    const char *body = data + strlen("MECARD:");
    kith_strlist items = KITH_STRLIST_INIT;
    split_unescaped(body, ';', &items);
    kith_fields *f = kith_fields_new();

    for (size_t i = 0; i < items.n; i++) {
        const char *it = items.items[i];
        const char *colon = strchr(it, ':');
        if (!colon)
            continue;
        size_t klen = (size_t)(colon - it);
        char key[16];
        if (klen == 0 || klen >= sizeof key)
            continue;
        memcpy(key, it, klen);
        key[klen] = '\0';
        const char *raw = colon + 1;
        kith_strlist parts = KITH_STRLIST_INIT;
        if (kith_strieq(key, "N") && !f->name) {
            /* the first N: counts (the fuzzer found one with two) */
            split_unescaped(raw, ',', &parts);
            char *fam = unescape(parts.items[0]);
            char *giv = parts.n > 1 ? unescape(parts.items[1]) : NULL;
            squash_space(fam);
            if (giv)
                squash_space(giv);
            if (giv && *kith_trim(giv)) {
                set_str(&f->family_name, fam);
                set_str(&f->given_name, giv);
                if (f->given_name && f->family_name)
                    f->name = kith_xasprintf("%s %s", f->given_name, f->family_name);
                else
                    set_str(&f->name, f->given_name ? f->given_name : f->family_name);
            } else {
                set_str(&f->name, fam);
            }
            free(fam);
            free(giv);
        } else if (kith_strieq(key, "TEL")) {
            char *v = unescape(raw);
            add_phone_value(f, KITH_PHONE_OTHER, v);
            free(v);
        } else if (kith_strieq(key, "EMAIL")) {
            char *v = unescape(raw);
            char *t = dup_trimmed(v);
            if (t && strchr(t, '@'))
                kith_fields_add_email(f, t);
            free(t);
            free(v);
        } else if (kith_strieq(key, "URL")) {
            char *v = unescape(raw);
            char *t = dup_trimmed(v);
            if (t)
                kith_fields_add_url(f, t);
            free(t);
            free(v);
        } else if (kith_strieq(key, "ADR") && !f->address) {
            /* DoCoMo's seven comma-separated components, or free text */
            split_unescaped(raw, ',', &parts);
            f->address = parts.n == 7 ? format_adr(&parts) : join_parts(&parts, 0);
        } else if (kith_strieq(key, "ORG") || kith_strieq(key, "TITLE")) {
            char *v = unescape(raw);
            squash_space(v);
            set_str(kith_strieq(key, "ORG") ? &f->company : &f->title, v);
            free(v);
        }
        kith_strlist_clear(&parts);
    }
    kith_strlist_clear(&items);
    *out = f;
    return 0;
}

/* --- payloads ------------------------------------------------------------ */

/* Marks the fields a QR code carries and gives them full confidence. */
static unsigned fields_present(const kith_fields *f)
{
    unsigned bits = 0;
    if (f->name || f->given_name || f->family_name)
        bits |= 1u << KITH_FIELD_NAME;
    if (f->title)
        bits |= 1u << KITH_FIELD_TITLE;
    if (f->company)
        bits |= 1u << KITH_FIELD_COMPANY;
    if (f->n_emails)
        bits |= 1u << KITH_FIELD_EMAILS;
    if (f->n_phones)
        bits |= 1u << KITH_FIELD_PHONES;
    if (f->n_urls)
        bits |= 1u << KITH_FIELD_URLS;
    if (f->address)
        bits |= 1u << KITH_FIELD_ADDRESS;
    return bits;
}

static void set_qr_confidence(kith_fields *f)
{
    unsigned bits = f->from_qr;
    if (bits & (1u << KITH_FIELD_NAME))
        f->conf_name = 1.0f;
    if (bits & (1u << KITH_FIELD_TITLE))
        f->conf_title = 1.0f;
    if (bits & (1u << KITH_FIELD_COMPANY))
        f->conf_company = 1.0f;
    if (bits & (1u << KITH_FIELD_EMAILS))
        f->conf_emails = 1.0f;
    if (bits & (1u << KITH_FIELD_PHONES))
        f->conf_phones = 1.0f;
    if (bits & (1u << KITH_FIELD_URLS))
        f->conf_urls = 1.0f;
    if (bits & (1u << KITH_FIELD_ADDRESS))
        f->conf_address = 1.0f;
}

/* The summary confidence: the mean over the fields that were found. */
static void summarise_confidence(kith_fields *f)
{
    unsigned found = fields_present(f);
    const float conf[] = {f->conf_name, f->conf_title, f->conf_company, f->conf_emails,
                          f->conf_phones, f->conf_urls, f->conf_address};
    float sum = 0;
    int n = 0;
    for (int i = 0; i <= KITH_FIELD_ADDRESS; i++)
        if (found & (1u << i)) {
            sum += conf[i];
            n++;
        }
    f->confidence = n ? sum / (float)n : 0.0f;
}

int kith_qr_parse_payload(const char *data, size_t len, kith_fields **out)
{
    *out = NULL;
    if (!data || !utf8_valid((const unsigned char *)data, len))
        return -1;
    char *text = kith_xstrndup(data, len);
    const char *p = text;
    if ((unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
        (unsigned char)p[2] == 0xbf)
        p += 3;   /* byte order mark */
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;

    kith_fields *f = NULL;
    int rc = -1;
    if (kith_starts_with_ci(p, "BEGIN:VCARD"))
        rc = parse_vcard(p, &f);
    else if (kith_starts_with_ci(p, "MECARD:"))
        rc = parse_mecard(p, &f);
    free(text);
    if (rc < 0)
        return -1;
    f->from_qr = fields_present(f);
    if (!f->from_qr) {
        kith_fields_free(f);
        return -1;
    }
    set_qr_confidence(f);
    summarise_confidence(f);
    *out = f;
    return 0;
}

/* --- zbar ---------------------------------------------------------------- */

/* Scans 8-bit grey pixels for QR codes; *out gets the fields of the first
 * contact code. With test_inverted, zbar also tries light-on-dark codes. */
static int scan_grey(const uint8_t *pixels, int width, int height, int test_inverted,
                     kith_fields **out, kith_err *err)
{
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_t *zimg = zbar_image_create();
    if (!scanner || !zimg) {
        if (scanner)
            zbar_image_scanner_destroy(scanner);
        if (zimg)
            zbar_image_destroy(zimg);
        return kith_error(err, "cannot create the zbar scanner");
    }
    /* QR codes only, as raw bytes. */
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    if (test_inverted)
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_TEST_INVERTED, 1);

    zbar_image_set_format(zimg, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zimg, (unsigned)width, (unsigned)height);
    zbar_image_set_data(zimg, pixels, (unsigned long)width * (unsigned long)height, NULL);

    int n = zbar_scan_image(scanner, zimg);
    int rc = 0;
    if (n < 0) {
        rc = kith_error(err, "zbar failed to scan the image");
    } else {
        for (const zbar_symbol_t *sym = zbar_image_first_symbol(zimg); sym && !*out;
             sym = zbar_symbol_next(sym)) {
            if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
                continue;
            const char *data = zbar_symbol_get_data(sym);
            unsigned int len = zbar_symbol_get_data_length(sym);
            kith_fields *f;
            if (data && kith_qr_parse_payload(data, len, &f) == 0)
                *out = f;
        }
    }
    zbar_image_destroy(zimg);
    zbar_image_scanner_destroy(scanner);
    return rc;
}

int kith_qr_read(const kith_image *img, kith_fields **out, kith_err *err)
{
    *out = NULL;
    if (!img || !img->pixels || img->width <= 0 || img->height <= 0)
        return kith_error(err, "no image to look for QR codes in");
    /* the image stage turns light-on-dark cards around, and with them a
     * dark-on-light code printed on a white patch */
    return scan_grey(img->pixels, img->width, img->height, img->inverted, out, err);
}

/* --- is there a code at all? --------------------------------------------- */

/* Finder patterns: the three squares in a QR code's corners read, along any
 * line through their centre, dark-light-dark-light-dark in the proportions
 * 1:1:3:1:1. Text seldom does that both across and down, and a code shows
 * three; this looks for them on every other row of the card (a few ms for a
 * card image) so the photo is decoded a second time only when a code is
 * there to be found. */
#define FINDER_DARK 128      /* the card image is dark print on white */
#define FINDER_MIN 14        /* smallest pattern (2 px modules), px */
#define FINDER_MAX_SHARE 4   /* largest: a quarter of the card's short side */

/* Whether the five runs r[0..4] (dark first) are 1:1:3:1:1 within a module's
 * slack; *size gets their total. */
static int finder_runs(const int r[5], int *size)
{
    int total = r[0] + r[1] + r[2] + r[3] + r[4];
    *size = total;
    if (total < FINDER_MIN)
        return 0;
    /* in sevenths of the total, each run within 0.7 of a module */
    const int want[5] = {1, 1, 3, 1, 1};
    for (int i = 0; i < 5; i++)
        if (abs(r[i] * 7 - want[i] * total) * 10 > 7 * total)
            return 0;
    return 1;
}

/* The five runs down column x around row y (the centre run holds y);
 * 0 when the column leaves the image first. */
static int column_runs(const kith_image *img, int x, int y, int r[5])
{
    const uint8_t *px = img->pixels;
    int w = img->width, h = img->height;
    int inv = img->inverted != 0;
#define DARK_AT(yy) ((px[(size_t)(yy) * (size_t)w + (size_t)x] < FINDER_DARK) != inv)
    if (!DARK_AT(y))
        return 0;
    int up = y, down = y;
    while (up > 0 && DARK_AT(up - 1))
        up--;
    while (down < h - 1 && DARK_AT(down + 1))
        down++;
    r[2] = down - up + 1;
    /* outward: light then dark, each side */
    int yy = up - 1, n;
    for (int k = 1; k >= 0; k--) {
        int dark = k == 0;
        for (n = 0; yy >= 0 && DARK_AT(yy) == dark; yy--)
            n++;
        if (yy < 0 && k == 0 && n == 0)
            return 0;
        r[k] = n;
    }
    yy = down + 1;
    for (int k = 3; k <= 4; k++) {
        int dark = k == 4;
        for (n = 0; yy < h && DARK_AT(yy) == dark; yy++)
            n++;
        r[k] = n;
    }
#undef DARK_AT
    return r[0] > 0 && r[1] > 0 && r[3] > 0 && r[4] > 0;
}

int kith_qr_seen(const kith_image *img)
{
    if (!img || !img->pixels || img->width <= 0 || img->height <= 0)
        return 0;
    int w = img->width, h = img->height;
    /* a code printed dark on a light patch of a dark card reads light on
     * dark once the card is inverted, as zbar is told in kith_qr_read */
    int inv = img->inverted != 0;
    int max_size = (w < h ? w : h) / FINDER_MAX_SHARE;
    /* centres found so far (distinct patterns) */
    enum { MAX_FOUND = 8 };
    int fx[MAX_FOUND], fy[MAX_FOUND], fs[MAX_FOUND], found = 0;
    int runs[5], start[5];
    for (int y = 0; y < h && found < 3; y += 2) {
        const uint8_t *row = img->pixels + (size_t)y * (size_t)w;
        /* the last five runs along the row, oldest first */
        int n_runs = 0, cur_dark = (row[0] < FINDER_DARK) != inv, len = 0;
        for (int x = 0; x <= w; x++) {
            int dark = x < w ? (row[x] < FINDER_DARK) != inv : !cur_dark;
            if (dark == cur_dark) {
                len++;
                continue;
            }
            if (n_runs == 5) {
                memmove(runs, runs + 1, 4 * sizeof *runs);
                memmove(start, start + 1, 4 * sizeof *start);
                n_runs = 4;
            }
            runs[n_runs] = len;
            start[n_runs] = x - len;
            n_runs++;
            cur_dark = dark;
            len = 1;
            int size;
            /* a dark run just ended: five runs, dark first? */
            if (n_runs < 5 || dark || !finder_runs(runs, &size) || size > max_size)
                continue;
            int cx = start[2] + runs[2] / 2, col[5], vsize;
            if (!column_runs(img, cx, y, col) || !finder_runs(col, &vsize) ||
                vsize * 2 < size || vsize > size * 2)
                continue;
            int cy = y - col[2] / 2; /* near enough the centre */
            int same = 0;
            for (int k = 0; k < found && !same; k++)
                same = abs(fx[k] - cx) < fs[k] && abs(fy[k] - cy) < fs[k];
            if (!same && found < MAX_FOUND) {
                fx[found] = cx;
                fy[found] = cy;
                fs[found] = size;
                found++;
            }
        }
    }
    /* two patterns of about one size: a code (one may be damaged) */
    for (int a = 0; a < found; a++)
        for (int b = a + 1; b < found; b++)
            if (fs[a] * 3 > fs[b] * 2 && fs[b] * 3 > fs[a] * 2)
                return 1;
    return 0;
}

/* Long side of the photo as kith_qr_read_file decodes it (JPEG shrink-on-load
 * keeps that cheap). On generated 12 MP photos, 1600 px lost a third of the
 * codes (modules under 2 px); 2000 px read them all. */
#define QR_PHOTO_SIZE 2000
#define QR_MAX_PIXELS ((int64_t)100 * 1000 * 1000)

int kith_qr_read_file(const char *path, kith_fields **out, kith_err *err)
{
    *out = NULL;
    if (kith_library_init(err) < 0)
        return -1;

    VipsImage *hdr = vips_image_new_from_file(path, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    if (!hdr)
        return kith_error_vips(err, path);
    int64_t pixels = (int64_t)hdr->Xsize * hdr->Ysize;
    g_object_unref(hdr);
    if (pixels > QR_MAX_PIXELS)
        return kith_error(err, "%s: image too large to look for QR codes", path);

    VipsImage *thumb = NULL, *grey = NULL, *u8 = NULL;
    int rc = 0;
    /* upright (EXIF), never enlarged, grey 8-bit */
    if (vips_thumbnail(path, &thumb, QR_PHOTO_SIZE, "size", VIPS_SIZE_DOWN, "fail_on",
                       VIPS_FAIL_ON_ERROR, NULL) ||
        vips_colourspace(thumb, &grey, VIPS_INTERPRETATION_B_W, NULL) ||
        vips_cast_uchar(grey, &u8, NULL)) {
        rc = kith_error_vips(err, path);
    } else {
        VipsImage *band = NULL;
        if (u8->Bands > 1 && vips_extract_band(u8, &band, 0, NULL)) {
            rc = kith_error_vips(err, path);
        } else {
            VipsImage *src = band ? band : u8;
            size_t len = 0;
            uint8_t *px = vips_image_write_to_memory(src, &len);
            if (!px || len != (size_t)src->Xsize * (size_t)src->Ysize)
                rc = kith_error_vips(err, path);
            else
                rc = scan_grey(px, src->Xsize, src->Ysize, 1, out, err);
            g_free(px);
            if (band)
                g_object_unref(band);
        }
    }
    if (u8)
        g_object_unref(u8);
    if (grey)
        g_object_unref(grey);
    if (thumb)
        g_object_unref(thumb);
    return rc;
}

/* --- merging ------------------------------------------------------------- */

static void replace_str(char **dst, const char *src)
{
    free(*dst);
    *dst = src ? kith_xstrdup(src) : NULL;
}

/* The digits of a number without leading zeros (the trunk prefix), at most
 * cap-1 of them. */
static void significant_digits(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; s && *s && n + 1 < cap; s++)
        if (*s >= '0' && *s <= '9' && (n > 0 || *s != '0'))
            out[n++] = *s;
    out[n] = '\0';
}

/* Do an OCR phone and a QR phone denote the same number? Equal E.164 forms;
 * or, lacking one, the national digits of one end the other's (so
 * "0211 4643995" matches "+49 211 4643995"), with at least 7 digits. */
static int same_number(const kith_phone *ocr, const kith_phone *qr)
{
    if (ocr->e164 && qr->e164)
        return strcmp(ocr->e164, qr->e164) == 0;
    char a[40], b[40];
    significant_digits(ocr->number ? ocr->number : ocr->e164, a, sizeof a);
    significant_digits(qr->e164 ? qr->e164 : qr->number, b, sizeof b);
    size_t na = strlen(a), nb = strlen(b);
    if (na < 7 || nb < 7)
        return 0;
    return na <= nb ? strcmp(b + nb - na, a) == 0 : strcmp(a + na - nb, b) == 0;
}

void kith_fields_merge_qr(kith_fields *dst, const kith_fields *qr)
{
    if (!dst || !qr)
        return;
    unsigned bits = qr->from_qr ? qr->from_qr : fields_present(qr);

    if (bits & (1u << KITH_FIELD_NAME)) {
        /* The QR name wins; OCR name parts are kept only when the QR code
         * carries none and names the same person, so the parts never
         * disagree with the name. */
        int same = dst->name && qr->name && kith_strieq(dst->name, qr->name);
        int qr_parts = qr->given_name || qr->family_name;
        replace_str(&dst->name, qr->name);
        if (qr_parts || !same) {
            replace_str(&dst->given_name, qr->given_name);
            replace_str(&dst->family_name, qr->family_name);
            replace_str(&dst->prefix, qr->prefix);
            replace_str(&dst->credentials, qr->credentials);
        }
        dst->conf_name = qr->conf_name;
    }
    if (bits & (1u << KITH_FIELD_TITLE)) {
        replace_str(&dst->title, qr->title);
        dst->conf_title = qr->conf_title;
    }
    if (bits & (1u << KITH_FIELD_COMPANY)) {
        replace_str(&dst->company, qr->company);
        dst->conf_company = qr->conf_company;
    }
    if (bits & (1u << KITH_FIELD_EMAILS)) {
        for (size_t i = 0; i < dst->n_emails; i++)
            free(dst->emails[i]);
        free(dst->emails);
        dst->emails = NULL;
        dst->n_emails = 0;
        for (size_t i = 0; i < qr->n_emails; i++)
            kith_fields_add_email(dst, qr->emails[i]);
        dst->conf_emails = qr->conf_emails;
    }
    if (bits & (1u << KITH_FIELD_PHONES)) {
        kith_phone *ocr = dst->phones;
        size_t n_ocr = dst->n_phones;
        dst->phones = NULL;
        dst->n_phones = 0;
        for (size_t i = 0; i < qr->n_phones; i++) {
            /* The QR number wins, but where OCR read the same number the
             * card's printed form is kept ("030 1234567" rather than the
             * code's "+49301234567"); a MECARD says nothing of the kind. */
            const kith_phone *ph = &qr->phones[i];
            const kith_phone *same = NULL;
            for (size_t k = 0; k < n_ocr && !same; k++)
                if (same_number(&ocr[k], ph))
                    same = &ocr[k];
            if (!same) {
                kith_fields_add_phone(dst, ph->kind, ph->number, ph->e164, ph->ext, ph->conf);
                continue;
            }
            kith_phone_kind kind = ph->kind == KITH_PHONE_OTHER ? same->kind : ph->kind;
            kith_fields_add_phone(dst, kind, same->number, ph->e164 ? ph->e164 : same->e164,
                                  ph->ext ? ph->ext : same->ext, ph->conf);
        }
        for (size_t i = 0; i < n_ocr; i++) {
            free(ocr[i].number);
            free(ocr[i].e164);
            free(ocr[i].ext);
        }
        free(ocr);
        dst->conf_phones = qr->conf_phones;
    }
    if (bits & (1u << KITH_FIELD_URLS)) {
        for (size_t i = 0; i < dst->n_urls; i++)
            free(dst->urls[i]);
        free(dst->urls);
        dst->urls = NULL;
        dst->n_urls = 0;
        for (size_t i = 0; i < qr->n_urls; i++)
            kith_fields_add_url(dst, qr->urls[i]);
        dst->conf_urls = qr->conf_urls;
    }
    if (bits & (1u << KITH_FIELD_ADDRESS)) {
        replace_str(&dst->address, qr->address);
        dst->conf_address = qr->conf_address;
    }
    dst->from_qr |= bits;
    summarise_confidence(dst);
}
