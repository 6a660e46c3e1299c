/*
 * phone.c — phone numbers on a card: finding them in a line of text with the
 * kind their label says, telling them apart from dates, postcodes and street
 * numbers, and normalising them to E.164.
 *
 * A number is a run of digits and the separators people print (spaces, - . /
 * parentheses) starting at a word boundary, optionally with a leading + and a
 * trailing extension ("ext. 12", "x12"). OCR confusions O/o for 0 and l/I for
 * 1 are repaired only next to digits, inside such a run.
 */
#include "extract/phone.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "common/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int kith_country_parse(const char *value, kith_country *out)
{
    memset(out, 0, sizeof *out);
    if (!value)
        return -1;
    const char *p = value;
    size_t n = 0;
    while (isalpha((unsigned char)*p) && n < 2)
        out->iso[n++] = (char)toupper((unsigned char)*p++);
    if (n != 2 || *p != ' ')
        return -1;
    while (*p == ' ')
        p++;
    n = 0;
    while (isdigit((unsigned char)*p) && n < 3)
        out->code[n++] = *p++;
    if (n == 0)
        return -1;
    if (*p == '/') {
        p++;
        n = 0;
        while (isdigit((unsigned char)*p) && n < 2)
            out->trunk[n++] = *p++;
    }
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* --- finding numbers ------------------------------------------------- */

/* Reads the number starting at s (a digit, '+' or '('). Appends the cleaned
 * printed form to out and returns the length consumed. */
static size_t scan_number(const char *s, kith_strbuf *out)
{
    size_t i = 0;
    while (s[i]) {
        char c = s[i];
        char prev = out->len ? out->buf[out->len - 1] : 0;
        if (is_digit(c) || c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' ||
            c == ')') {
            /* a '.' or ' ' followed by a letter ends the number */
            kith_strbuf_addc(out, c);
            i++;
        } else if (c == '+' && out->len == 0) {
            kith_strbuf_addc(out, c);
            i++;
        } else if ((c == 'O' || c == 'o') && (is_digit(prev) || is_digit(s[i + 1])) &&
                   !isalpha((unsigned char)s[i + 1])) {
            kith_strbuf_addc(out, '0');
            i++;
        } else if ((c == 'l' || c == 'I') && is_digit(prev) && is_digit(s[i + 1])) {
            kith_strbuf_addc(out, '1');
            i++;
        } else if ((unsigned char)c == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) {
            kith_strbuf_addc(out, '-'); /* en or em dash */
            i += 3;
        } else if ((unsigned char)c == 0xc2 && (unsigned char)s[i + 1] == 0xa0) {
            kith_strbuf_addc(out, ' '); /* no-break space */
            i += 2;
        } else {
            break;
        }
    }
    /* give back trailing separators and an unmatched '(' */
    while (out->len && !is_digit(out->buf[out->len - 1]) && out->buf[out->len - 1] != ')') {
        out->len--;
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
            i--; /* never stop inside a multi-byte sequence */
    }
    if (out->len && out->buf[out->len - 1] == ')') {
        int depth = 0;
        for (size_t k = 0; k < out->len; k++)
            depth += out->buf[k] == '(' ? 1 : out->buf[k] == ')' ? -1 : 0;
        if (depth < 0) {
            out->len--;
            i--;
        }
    }
    if (out->buf)
        out->buf[out->len] = '\0';
    return i;
}

/* The lengths of the digit groups of s (up to max). */
static size_t digit_groups(const char *s, size_t *groups, size_t max, char *seps)
{
    size_t n = 0, cur = 0;
    char sep = 0;
    for (const char *p = s;; p++) {
        if (is_digit(*p)) {
            cur++;
            continue;
        }
        if (cur && n < max) {
            groups[n] = cur;
            seps[n] = sep;
            n++;
        }
        cur = 0;
        if (!*p)
            break;
        if (*p != ' ')
            sep = *p;
    }
    return n;
}

static size_t count_digits(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += is_digit(*s);
    return n;
}

/* True when the cleaned number has the shape of a date, a postcode or some
 * other number that is not a phone. */
static int not_a_phone(const char *num, int labelled)
{
    size_t g[16];
    char seps[16];
    size_t ng = digit_groups(num, g, 16, seps);
    size_t d = count_digits(num);
    int intl = num[0] == '+' || (num[0] == '0' && num[1] == '0');
    if (intl)
        return d < 8 || d > 16;
    if (d < 7 || d > 13)
        return 1;
    /* dates: 1-2 / 1-2 / 2 or 4 digits, or 4-2-2 */
    if (ng == 3 && strpbrk(num, "./-") && !strchr(num, ' ') && !strchr(num, '(') &&
        ((g[0] <= 2 && g[1] <= 2 && (g[2] == 2 || g[2] == 4)) ||
         (g[0] == 4 && g[1] == 2 && g[2] == 2)))
        return 1;
    /* US ZIP+4 and Japanese postcodes */
    if (ng == 2 && strchr(num, '-') && !strchr(num, ' ') &&
        ((g[0] == 5 && g[1] == 4) || (g[0] == 3 && g[1] == 4)))
        return 1;
    if (!labelled) {
        if (d < 8)
            return 1;
        /* a national number starts with a trunk 0, an area code in
         * parentheses, or is a 10/11-digit North American number */
        if (num[0] != '0' && num[0] != '(' && !(d == 10 || (d == 11 && num[0] == '1')))
            return 1;
        /* long unbroken digit runs are ids and account numbers */
        if (ng == 1 && d > 11)
            return 1;
    }
    return 0;
}

/* Reads an extension after a number: "ext. 12", "x12", "Ext: 12", "poste 12",
 * "DW 12". Returns the length consumed (0 when none) and the digits in ext. */
static size_t scan_ext(const char *s, kith_strbuf *ext)
{
    static const char *const words[] = {"extension", "extn", "ext", "poste", "durchwahl", "dw",
                                        "x", "#"};
    size_t i = 0;
    while (s[i] == ' ' || s[i] == ',')
        i++;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t n = strlen(words[w]);
        if (strncasecmp(s + i, words[w], n) != 0)
            continue;
        size_t j = i + n;
        if (isalpha((unsigned char)s[j]))
            continue;
        while (s[j] == '.' || s[j] == ':' || s[j] == ' ')
            j++;
        size_t k = j;
        while (is_digit(s[k]))
            k++;
        if (k == j || k - j > 6 || isalnum((unsigned char)s[k]))
            return 0;
        kith_strbuf_add(ext, s + j, k - j);
        return k;
    }
    return 0;
}

/* See phone.h. */
const char *kith_phone_label(const kith_models *m, const char *word)
{
    const char *v = kith_models_get(m, "phone_labels", word);
    size_t n = strlen(word);
    if (v || n < 2 || n > 6)
        return v;
    char *mended = kith_xstrdup(word);
    int changed = 0;
    for (char *p = mended + 1; *p; p++)
        if (*p == 'i' || *p == 'I' || *p == '1' || *p == '|') {
            *p = 'l';
            changed = 1;
        }
    v = changed ? kith_models_get(m, "phone_labels", mended) : NULL;
    free(mended);
    return v;
}

/* Matches a phone label at s (one or two words, then optional '.', ':' or
 * '-'). Returns the length consumed, 0 when there is none. */
static size_t scan_label(const kith_models *m, const char *s, kith_phone_kind *kind)
{
    size_t best = 0;
    size_t i = 0;
    for (int words = 0; words < 2; words++) {
        size_t j = i;
        while (s[j] && s[j] != ' ' && s[j] != ':' && !is_digit(s[j]) && s[j] != '+' &&
               s[j] != '(' && s[j] != '|' && s[j] != ',')
            j++;
        if (j == i)
            break;
        char *word = kith_xstrndup(s, j);
        const char *v = kith_phone_label(m, word);
        free(word);
        size_t end = j;
        while (s[end] == ':' || s[end] == '.' || s[end] == ' ' || s[end] == '-')
            end++;
        if (v && *v && kith_phone_kind_parse(v, kind) == 0 &&
            (is_digit(s[end]) || s[end] == '+' || s[end] == '('))
            best = end;
        if (s[j] != ' ')
            break;
        i = j + 1;
    }
    return best;
}

static int word_start(const char *text, const char *p)
{
    if (p == text)
        return 1;
    unsigned char c = (unsigned char)p[-1];
    return !(isalnum(c) || c >= 0x80 || c == '-' || c == '.' || c == '@' || c == '_');
}

size_t kith_phone_find(const kith_models *m, const char *text, kith_phone_hit **hits)
{
    size_t n = 0, cap = 0;
    *hits = NULL;
    const char *p = text;
    int have_kind = 0;
    kith_phone_kind kind = KITH_PHONE_WORK;
    int after_label = 0;
    /* a word and a colon that no lexicon knows ("Service and Supplies:")
     * labels the number after it as "other" */
    int other_label = 0;
    /* "Tel: 03-764 8421 | +971 55 126 1549": a label before a list of
     * numbers set apart by "|", "/" or "," labels each of them */
    int carry = 0;
    kith_phone_kind carry_kind = KITH_PHONE_WORK;
    while (*p) {
        if (*p == ':' && p > text && isalpha((unsigned char)p[-1]) && !have_kind)
            other_label = 1;
        if (!after_label && !word_start(text, p)) {
            p++;
            continue;
        }
        after_label = 0;
        kith_phone_kind k;
        size_t lab = isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80
                         ? scan_label(m, p, &k)
                         : 0;
        if (lab) {
            kind = k;
            have_kind = 1;
            carry = 0;
            p += lab;
            after_label = 1; /* "M0171 …": the number may follow unspaced */
            continue;
        }
        /* a phone icon read as a lone "0" before a number with its own
         * trunk 0 ("0 076 588 73 66"): no number begins with two trunk
         * zeros set apart */
        if (p[0] == '0' && p[1] == ' ' && p[2] == '0' && is_digit(p[3])) {
            p += 2;
            continue;
        }
        if (is_digit(*p) || *p == '+' || (*p == '(' && (is_digit(p[1]) || p[1] == '+'))) {
            kith_strbuf num = KITH_STRBUF_INIT, ext = KITH_STRBUF_INIT;
            size_t len = scan_number(p, &num);
            if (len == 0)
                len = 1;
            size_t elen = num.len ? scan_ext(p + len, &ext) : 0;
            const char *after = p + len + elen;
            /* a number glued to letters ("12345Berlin", "BS1") is not one */
            int glued = isalpha((unsigned char)*after) && elen == 0;
            /* "+33650103": a +CC number too short or long for its country
             * was cut or run together by OCR */
            int truncated = 0;
            if (!have_kind && carry) {
                have_kind = 1;
                kind = carry_kind;
            }
            kith_country cc;
            if (num.len && num.buf[0] == '+' && kith_phone_country(m, num.buf, &cc) == 0) {
                char *e = kith_phone_e164(m, num.buf, NULL);
                truncated = e == NULL;
                free(e);
            }
            if (num.len && !glued && !truncated && !not_a_phone(num.buf, have_kind)) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 4;
                    *hits = kith_xrealloc(*hits, cap * sizeof **hits);
                }
                kith_phone_hit *h = &(*hits)[n++];
                h->number = kith_strbuf_detach(&num);
                h->ext = ext.len ? kith_strbuf_detach(&ext) : NULL;
                h->kind = have_kind ? kind : other_label ? KITH_PHONE_OTHER : KITH_PHONE_WORK;
                h->labelled = have_kind || other_label;
                h->international = h->number[0] == '+' || strncmp(h->number, "00", 2) == 0;
            }
            kith_strbuf_release(&num);
            kith_strbuf_release(&ext);
            carry = have_kind;
            carry_kind = kind;
            have_kind = 0;
            other_label = 0;
            p = after;
            continue;
        }
        /* a word that is not a label ends a pending label, except symbols
         * such as "/" or "|" between "Tel / Fax" style pairs */
        if (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80) {
            have_kind = 0;
            other_label = 0;
            carry = 0;
        }
        p++;
    }
    return n;
}

void kith_phone_hits_free(kith_phone_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(hits[i].number);
        free(hits[i].ext);
    }
    free(hits);
}

/* --- E.164 ------------------------------------------------------------ */

/* Digits of a printed number, leaving out a "(0)" trunk marker. */
static void number_digits(const char *number, kith_strbuf *out)
{
    for (const char *p = number; *p; p++) {
        if (p[0] == '(' && p[1] == '0' && p[2] == ')') {
            p += 2;
            continue;
        }
        if (is_digit(*p))
            kith_strbuf_addc(out, *p);
    }
}

/* The calling code at the start of d (1 to 3 digits) and its country. */
static int split_code(const kith_models *m, const char *d, kith_country *c)
{
    for (size_t len = 1; len <= 3 && d[len - 1]; len++) {
        char code[4] = {0};
        memcpy(code, d, len);
        const char *v = kith_models_get(m, "calling_codes", code);
        if (v) {
            memset(c, 0, sizeof *c);
            memcpy(c->code, code, len);
            size_t k = 0;
            while (k < 2 && isalpha((unsigned char)v[k])) {
                c->iso[k] = v[k];
                k++;
            }
            const char *t = v + k;
            while (*t == ' ')
                t++;
            for (size_t j = 0; j < 2 && isdigit((unsigned char)t[j]); j++)
                c->trunk[j] = t[j];
            return 0;
        }
    }
    return -1;
}

/* True when a national significant number has a plausible length. */
static int plausible(const kith_country *c, size_t len)
{
    if (strcmp(c->code, "1") == 0)
        return len == 10;
    if (strcmp(c->iso, "FR") == 0)
        return len == 9;
    if (strcmp(c->iso, "GB") == 0)
        return len == 9 || len == 10;
    if (strcmp(c->iso, "JP") == 0)
        return len == 9 || len == 10;
    return len >= 5 && len <= 12;
}

int kith_phone_country(const kith_models *m, const char *number, kith_country *out)
{
    kith_strbuf d = KITH_STRBUF_INIT;
    number_digits(number, &d);
    const char *digits = kith_strbuf_str(&d);
    int rc = -1;
    if (number[0] == '+')
        rc = split_code(m, digits, out);
    else if (strncmp(digits, "00", 2) == 0 && number[0] == '0')
        rc = split_code(m, digits + 2, out);
    kith_strbuf_release(&d);
    return rc;
}

char *kith_phone_e164(const kith_models *m, const char *number, const kith_country *country)
{
    kith_strbuf d = KITH_STRBUF_INIT;
    number_digits(number, &d);
    const char *digits = kith_strbuf_str(&d);
    kith_country c;
    const char *national = NULL;
    char *result = NULL;
    if (number[0] == '+' || (number[0] == '0' && number[1] == '0')) {
        const char *intl = number[0] == '+' ? digits : digits + 2;
        if (split_code(m, intl, &c) == 0) {
            national = intl + strlen(c.code);
            /* "+44 020 …" misprints keep the trunk: drop it */
            if (c.trunk[0] && strcmp(c.code, "1") != 0 &&
                strncmp(national, c.trunk, strlen(c.trunk)) == 0)
                national += strlen(c.trunk);
        }
    } else if (country) {
        c = *country;
        national = digits;
        /* the calling code in brackets, "(65) 6486 8189" for Singapore */
        size_t cl = strlen(c.code);
        if (number[0] == '(' && strncmp(number + 1, c.code, cl) == 0 && number[1 + cl] == ')' &&
            plausible(&c, strlen(digits) - cl))
            national = digits + cl;
        else if (strcmp(c.code, "1") == 0) {
            if (strlen(national) == 11 && national[0] == '1')
                national++;
            if (national[0] < '2')
                national = NULL;
        } else if (c.trunk[0]) {
            if (strncmp(national, c.trunk, strlen(c.trunk)) == 0)
                national += strlen(c.trunk);
            else if (number[0] != '(' || strlen(national) < 9)
                national = NULL; /* a local number without its area code */
            /* else the area code in brackets without the trunk digit:
             * "(11) 2076 5555" in Brazil */
        }
    }
    if (national && plausible(&c, strlen(national)))
        result = kith_xasprintf("+%s%s", c.code, national);
    kith_strbuf_release(&d);
    return result;
}

static const char *const mobile_prefixes[] = {
        "+447",  "+4915", "+4916", "+4917", "+336",  "+337",  "+316",  "+8170", "+8180",
        "+8190", "+346",  "+347",  "+393",  "+4175", "+4176", "+4177", "+4178", "+4179",
        "+436",  "+324",  "+3538", "+614",  "+467",  "+479",  "+474",  "+4550", "+3519",
        "+4850", "+4851", "+4853", "+4857", "+4860", "+4866", "+4869", "+4872", "+4873",
        "+4878", "+4879", "+4888", "+6590", "+658",  "+659",  "+9715", "+917",  "+918",
        "+919",  "+8613", "+8615", "+8618", "+8210"};

int kith_phone_is_mobile(const char *e164)
{
    if (!e164)
        return 0;
    for (size_t i = 0; i < sizeof mobile_prefixes / sizeof mobile_prefixes[0]; i++)
        if (strncmp(e164, mobile_prefixes[i], strlen(mobile_prefixes[i])) == 0)
            return 1;
    return 0;
}

int kith_phone_is_landline(const kith_models *m, const char *e164)
{
    kith_country k;
    if (!e164 || kith_phone_is_mobile(e164) || kith_phone_country(m, e164, &k) < 0)
        return 0;
    /* only where the table holds all of the country's mobile ranges */
    static const char *const complete[] = {"44", "49", "33", "31", "34",  "39", "41", "43",
                                           "32", "353", "61", "46", "47", "351", "81"};
    for (size_t i = 0; i < sizeof complete / sizeof complete[0]; i++)
        if (strcmp(k.code, complete[i]) == 0)
            return 1;
    return 0;
}
