/*
 * term.c — making outside text safe for a terminal (the rule is in term.h).
 *
 * A small UTF-8 decoder walks the bytes: a well-formed sequence is copied
 * unless its code point is a control or a direction override; anything
 * malformed costs one byte and becomes U+FFFD, so decoding always advances
 * and never reads past len.
 */
#include "common/term.h"

#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* Decodes one well-formed UTF-8 sequence at p (n bytes left). Returns its
 * length and sets *cp, or 0 when the bytes are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *p, size_t n, unsigned long *cp)
{
    unsigned char c = p[0];
    size_t len;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        len = 2; v = c & 0x1f; min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3; v = c & 0x0f; min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

static int is_direction_control(unsigned long cp)
{
    return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

void kith_term_add(kith_strbuf *sb, const char *s, size_t len, int flags)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned long cp;
        size_t k = utf8_decode(p + i, len - i, &cp);
        if (k == 0) {
            kith_strbuf_adds(sb, REPLACEMENT);
            i++;
            continue;
        }
        if (cp == '\n' && (flags & KITH_TERM_MULTILINE))
            kith_strbuf_addc(sb, '\n');
        else if (cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x2028 || cp == 0x2029)
            kith_strbuf_addc(sb, ' ');
        else if (cp < 0x20 || cp == 0x7f)
            kith_strbuf_addf(sb, "\\x%02x", (unsigned)cp);
        else if ((cp >= 0x80 && cp <= 0x9f) || is_direction_control(cp))
            kith_strbuf_addf(sb, "\\u%04lx", cp);
        else
            kith_strbuf_add(sb, p + i, k);
        i += k;
    }
}

void kith_term_adds(kith_strbuf *sb, const char *s)
{
    if (s)
        kith_term_add(sb, s, strlen(s), KITH_TERM_ONELINE);
}

char *kith_term_safe(const char *s)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    kith_term_adds(&sb, s);
    return kith_strbuf_detach(&sb);
}
