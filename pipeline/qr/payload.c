/*
 * payload.c — a QR code's bytes to contact fields: UTF-8 checked, vCard or
 * MECARD recognised (vcard.c, mecard.c), the fields a code carries marked
 * and given full confidence; and the string helpers both formats share.
 */
#include "qr/qr.h"
#include "qr/qr_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/init.h"
#include "common/strbuf.h"
#include "common/util.h"

/* --- UTF-8 --------------------------------------------------------------- */

/* Is the whole buffer valid UTF-8 (no overlongs, surrogates or NULs)? */
int qr_utf8_valid(const unsigned char *s, size_t len)
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
char *qr_dup_trimmed(const char *s)
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

void qr_set_str(char **dst, const char *value)
{
    char *v = qr_dup_trimmed(value);
    if (!v)
        return;
    free(*dst);
    *dst = v;
}

/* Replaces line breaks and runs of white space with single spaces (for one-
 * line fields), in place. */
void qr_squash_space(char *s)
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
void qr_split_unescaped(const char *s, char sep, kith_strlist *out)
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
char *qr_unescape(const char *s)
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
char *qr_join_parts(const kith_strlist *parts, size_t from)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (size_t i = from; i < parts->n; i++) {
        char *v = qr_unescape(parts->items[i]);
        qr_squash_space(v);
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
char *qr_format_adr(const kith_strlist *parts)
{
    char *c[7] = {NULL};
    for (size_t i = 0; i < 7 && i < parts->n; i++) {
        c[i] = qr_unescape(parts->items[i]);
        qr_squash_space(c[i]);
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
void qr_add_phone_value(kith_fields *f, kith_phone_kind kind, const char *raw)
{
    char *v = qr_dup_trimmed(raw);
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

/* --- payloads ------------------------------------------------------------ */

/* Marks the fields a QR code carries and gives them full confidence. */
unsigned qr_fields_present(const kith_fields *f)
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
void qr_summarise_confidence(kith_fields *f)
{
    unsigned found = qr_fields_present(f);
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
    if (!data || !qr_utf8_valid((const unsigned char *)data, len))
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
        rc = qr_parse_vcard(p, &f);
    else if (kith_starts_with_ci(p, "MECARD:"))
        rc = qr_parse_mecard(p, &f);
    free(text);
    if (rc < 0)
        return -1;
    f->from_qr = qr_fields_present(f);
    if (!f->from_qr) {
        kith_fields_free(f);
        return -1;
    }
    set_qr_confidence(f);
    qr_summarise_confidence(f);
    *out = f;
    return 0;
}
