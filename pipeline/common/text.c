/*
 * text.c — UTF-8 decoding, Latin case mapping and edit distance used by
 * extraction (see text.h). Deliberately small: cards in Latin script need
 * ASCII, Latin-1 and Latin Extended-A; anything else is treated as a
 * caseless letter.
 */
#include "common/text.h"
#include "common/strbuf.h"

#include <ctype.h>
#include <string.h>

size_t kith_utf8_decode(const char *s, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (u[0] >= 0xc2 && u[0] <= 0xdf && (u[1] & 0xc0) == 0x80) {
        *cp = ((unsigned)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
        return 2;
    }
    if (u[0] >= 0xe0 && u[0] <= 0xef && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80) {
        *cp = ((unsigned)(u[0] & 0x0f) << 12) | ((unsigned)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
        return 3;
    }
    if (u[0] >= 0xf0 && u[0] <= 0xf4 && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80 &&
        (u[3] & 0xc0) == 0x80) {
        *cp = ((unsigned)(u[0] & 0x07) << 18) | ((unsigned)(u[1] & 0x3f) << 12) |
              ((unsigned)(u[2] & 0x3f) << 6) | (u[3] & 0x3f);
        return 4;
    }
    *cp = u[0];
    return 1;
}

size_t kith_utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Latin Extended-A pairs upper/lower as (even, odd) in 0100–0137 and
 * 014A–0177, and as (odd, even) in 0139–0148 and 0179–017E. */
static int exta_upper_even(unsigned cp)
{
    return (cp >= 0x100 && cp <= 0x137) || (cp >= 0x14a && cp <= 0x177);
}

static int exta_upper_odd(unsigned cp)
{
    return (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e);
}

int kith_cp_is_upper(unsigned cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return 1;
    if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
        return 1;
    if (exta_upper_even(cp))
        return cp % 2 == 0;
    if (exta_upper_odd(cp))
        return cp % 2 == 1;
    return cp == 0x178;
}

int kith_cp_is_lower(unsigned cp)
{
    if (cp >= 'a' && cp <= 'z')
        return 1;
    if (cp >= 0xdf && cp <= 0xff && cp != 0xf7)
        return 1;
    if (exta_upper_even(cp))
        return cp % 2 == 1;
    if (exta_upper_odd(cp))
        return cp % 2 == 0;
    return cp == 0x138 || cp == 0x149 || cp == 0x17f;
}

int kith_cp_is_letter(unsigned cp)
{
    if (kith_cp_is_upper(cp) || kith_cp_is_lower(cp))
        return 1;
    return cp >= 0x180 && cp != 0x2013 && cp != 0x2014 && cp != 0x2019 && cp != 0x2022 &&
           !(cp >= 0x2000 && cp <= 0x206f) && !(cp >= 0x3000 && cp <= 0x303f) && cp != 0xff5c;
}

unsigned kith_cp_lower(unsigned cp)
{
    if (!kith_cp_is_upper(cp))
        return cp;
    if (cp <= 0xde)
        return cp + 0x20;
    if (cp == 0x178)
        return 0xff;
    return cp + 1;
}

unsigned kith_cp_upper(unsigned cp)
{
    if (!kith_cp_is_lower(cp) || cp == 0xdf || cp == 0x138 || cp == 0x149 || cp == 0x17f)
        return cp;
    if (cp <= 0xfe)
        return cp - 0x20;
    if (cp == 0xff)
        return 0x178;
    return cp - 1;
}

/* Returns a lower-cased copy; caller frees. */
char *kith_text_lower(const char *s)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    char enc[4];
    while (*s) {
        unsigned cp;
        size_t n = kith_utf8_decode(s, &cp);
        if (n == 1 && cp >= 0x80)
            kith_strbuf_addc(&sb, *s); /* invalid byte: keep as is */
        else
            kith_strbuf_add(&sb, enc, kith_utf8_encode(kith_cp_lower(cp), enc));
        s += n;
    }
    return kith_strbuf_detach(&sb);
}

void kith_text_counts(const char *s, size_t *upper, size_t *lower, size_t *letters,
                      size_t *digits)
{
    size_t u = 0, l = 0, a = 0, d = 0;
    while (*s) {
        unsigned cp;
        s += kith_utf8_decode(s, &cp);
        if (cp >= '0' && cp <= '9')
            d++;
        else if (kith_cp_is_letter(cp)) {
            a++;
            if (kith_cp_is_upper(cp))
                u++;
            else if (kith_cp_is_lower(cp))
                l++;
        }
    }
    if (upper)
        *upper = u;
    if (lower)
        *lower = l;
    if (letters)
        *letters = a;
    if (digits)
        *digits = d;
}

/* See text.h. */
int kith_text_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 3;
    if ((la > lb ? la - lb : lb - la) >= 3)
        return 3;
    int prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb] < 3 ? prev[lb] : 3;
}

/* ASCII base letters of U+00C0..U+00FF ('_' drops the character) and of
 * U+0100..U+017F (Latin Extended-A). */
static const char latin1_fold[] = "aaaaaaaceeeeiiiidnooooo_ouuuuyts"
                                  "aaaaaaaceeeeiiiidnooooo_ouuuuyty";
static const char exta_fold[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii"
                                "iijjkkkllllllllllnnnnnnnnnoooooooorrrrrrsssssssstttttt"
                                "uuuuuuuuuuuuwwyyyzzzzzzs";

/* See text.h; caller frees. */
char *kith_fold(const char *s)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    while (*s) {
        unsigned cp;
        s += kith_utf8_decode(s, &cp);
        char c = 0;
        if (cp < 0x80 && isalnum((int)cp))
            c = (char)tolower((int)cp);
        else if (cp >= 0xc0 && cp <= 0xff)
            c = latin1_fold[cp - 0xc0];
        else if (cp >= 0x100 && cp <= 0x17f)
            c = exta_fold[cp - 0x100];
        if (c && c != '_')
            kith_strbuf_addc(&sb, c);
    }
    return kith_strbuf_detach(&sb);
}
