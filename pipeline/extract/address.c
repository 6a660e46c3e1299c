/*
 * address.c — extraction step 3, the postal address: the first run of
 * segments with address evidence (street + number, postcode + city,
 * country), joined with ", ", and its repairs (ß read as B or f at the end
 * of a street name, O/S/I read for 0/5/1 in a UK postcode).
 */
#include "extract/extract_int.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "extract/name.h"
#include "extract/phone.h"
#include "extract/repair.h"
#include "common/text.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- 3. address --------------------------------------------------------- */

static int is_uk_postcode(const char *a, const char *b)
{
    /* outward: A9, A99, A9A, AA9, AA99, AA9A; inward: 9AA */
    size_t la = strlen(a);
    if (la < 2 || la > 4 || strlen(b) != 3)
        return 0;
    if (!isupper((unsigned char)a[0]) || !isdigit((unsigned char)b[0]) ||
        !isupper((unsigned char)b[1]) || !isupper((unsigned char)b[2]))
        return 0;
    size_t letters = 0;
    while (letters < la && isupper((unsigned char)a[letters]))
        letters++;
    if (letters < 1 || letters > 2 || !isdigit((unsigned char)a[letters]))
        return 0;
    for (size_t i = letters + 1; i < la; i++)
        if (!isalnum((unsigned char)a[i]))
            return 0;
    return 1;
}

static int all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

/* Records the address's country at a strength (ADDR_HINTED: a street word's
 * or a postcode's language; ADDR_NAMED: the country printed). The first of
 * the strongest wins: "Pilatusstrasse 62, 8070 Zürich, Schweiz" is Swiss
 * though "strasse" hinted at Germany first. */
static void set_addr_country(ctx *c, const char *value, int strength)
{
    kith_country k;
    if (c->have_addr_country < strength && kith_country_parse(value, &k) == 0) {
        c->addr_country = k;
        c->have_addr_country = strength;
    }
}

/* A country hint by ISO code ("DE"), through the tlds lexicon of its ccTLD. */
static void hint_iso(ctx *c, const char *iso)
{
    char tld[3] = {(char)tolower((unsigned char)iso[0]), (char)tolower((unsigned char)iso[1]),
                   0};
    if (strcmp(tld, "gb") == 0)
        memcpy(tld, "uk", 3);
    const char *v = kith_models_get(c->m, "tlds", tld);
    if (v && *v)
        set_addr_country(c, v, ADDR_HINTED);
}

/* Address evidence of one segment (ADDR_* bits). When hint, records the
 * country the address points to. */
static int address_evidence(ctx *c, const char *s, int hint)
{
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s, &w);
    int ev = 0;
    int number_at = -1, word_at = -1, pc_candidate = 0;
    for (size_t i = 0; i < w.n; i++) {
        const char *t = w.items[i];
        const char *v = kith_models_get(c->m, "address_words", t);
        if (v) {
            if (word_at < 0)
                word_at = (int)i;
            if (hint && *v && isupper((unsigned char)v[0]))
                hint_iso(c, v);
        } else {
            /* compounds: "Friedrichstraße", "Keizersgracht", "Chiyoda-ku" */
            char *low = kith_text_lower(t);
            size_t len = strlen(low);
            /* only the last SUFFIX_MAX bytes can hold a listed suffix (the
             * longest, "strasse", has 7): starting further left made each
             * word cost len² (a 200 kB word ran for minutes, issue 15) */
            enum { SUFFIX_MAX = 32 };
            size_t k0 = len > SUFFIX_MAX + 3 ? len - SUFFIX_MAX : 3;
            for (size_t k = k0; k + 2 < len && word_at < 0; k++) {
                if (((unsigned char)low[k] & 0xc0) == 0x80)
                    continue;
                const char *sv = kith_models_get(c->m, "address_words", low + k);
                if (sv && (strstr(sv, "suffix") || low[k] == '-')) {
                    word_at = (int)i;
                    if (hint && isupper((unsigned char)sv[0]))
                        hint_iso(c, sv);
                }
            }
            free(low);
        }
        /* house numbers: 12, 12a, 12-14, 1-2-3 (Japan) */
        size_t dl = strspn(t, "0123456789");
        if (dl > 0 && dl <= 5 && (t[dl] == '\0' || (isalpha((unsigned char)t[dl]) && !t[dl + 1]) ||
                                  (t[dl] == '-' && isdigit((unsigned char)t[dl + 1]))))
            if (number_at < 0 && dl <= 4)
                number_at = (int)i;
        if (i + 1 < w.n && is_uk_postcode(t, w.items[i + 1])) {
            ev |= ADDR_POSTCODE;
            if (hint)
                hint_iso(c, "GB");
        }
        if (i + 1 < w.n && isupper((unsigned char)t[0]) && strlen(t) == 2 &&
            isupper((unsigned char)t[1]) && kith_models_has(c->m, "us_states", t)) {
            const char *z = w.items[i + 1];
            if (all_digits(z, 5, 5) ||
                (strlen(z) == 10 && z[5] == '-' && strspn(z, "0123456789") == 5)) {
                ev |= ADDR_POSTCODE;
                if (hint)
                    hint_iso(c, "US");
            }
        }
        /* "10117 Berlin", "D-10117 Berlin", "75008 Paris", "1012 AB Amsterdam" */
        const char *pc = t;
        if (isupper((unsigned char)pc[0]) && pc[1] == '-' && isdigit((unsigned char)pc[2]))
            pc += 2;
        else if (isupper((unsigned char)pc[0]) && isupper((unsigned char)pc[1]) && pc[2] == '-' &&
                 isdigit((unsigned char)pc[3]))
            pc += 3;
        if (all_digits(pc, 4, 5) && i + 1 < w.n) {
            unsigned cp;
            kith_utf8_decode(w.items[i + 1], &cp);
            if (kith_cp_is_upper(cp))
                pc_candidate = 1;
        }
        /* Japanese postcodes: 100-0005, 〒100-0005 */
        const char *jp = strncmp(t, "\xe3\x80\x92", 3) == 0 ? t + 3 : t;
        if (strlen(jp) == 8 && jp[3] == '-' && strspn(jp, "0123456789") == 3 &&
            strspn(jp + 4, "0123456789") == 4) {
            ev |= ADDR_POSTCODE;
            if (hint && jp != t)
                hint_iso(c, "JP");
        }
        /* a P.O. box has its number ("BP 1234", "Postfach 10 12 34"): "Bp"
         * alone is a logo's initials, not a French boîte postale */
        /* and in other languages: "Postbus 1451", "Casella Postale 267",
         * "Case postale 12", "Apartado 45", "Postboks 7" */
        if ((kith_strieq(t, "box") || kith_strieq(t, "postfach") || kith_strieq(t, "bp") ||
             kith_strieq(t, "postbus") || kith_strieq(t, "postboks") ||
             kith_strieq(t, "postale") || kith_strieq(t, "apartado") ||
             kith_strieq(t, "apdo")) &&
            ex_has_digit(s))
            ev |= ADDR_POBOX;
        if (kith_strieq(t, "cedex"))
            ev |= ADDR_POSTCODE;
    }
    /* "10117 Berlin" is a postcode, "4567 Sunset Boulevard" a street */
    if (pc_candidate && word_at < 0)
        ev |= ADDR_POSTCODE;
    if (word_at >= 0 && number_at >= 0) {
        const char *wt = w.items[word_at];
        if (kith_models_has(c->m, "address_words", wt) &&
            (kith_strieq(wt, "suite") || kith_strieq(wt, "floor") || kith_strieq(wt, "fl") ||
             kith_strieq(wt, "level") || kith_strieq(wt, "unit") || kith_strieq(wt, "room") ||
             kith_strieq(wt, "etage") || kith_strieq(wt, "stock") || kith_strieq(wt, "ste") ||
             kith_strieq(wt, "apt") || kith_strieq(wt, "étage") || kith_strieq(wt, "bldg")))
            ev |= ADDR_UNIT;
        else
            ev |= ADDR_STREET;
    } else if (word_at >= 0 && w.n >= 2) {
        /* "3rd Floor", "Harbour House" alone are weak: only units count */
        const char *wt = w.items[word_at];
        if ((kith_strieq(wt, "floor") || kith_strieq(wt, "etage") || kith_strieq(wt, "level")) &&
            isdigit((unsigned char)w.items[0][0]))
            ev |= ADDR_UNIT;
    }
    /* a Japanese block address "1-2-3 Marunouchi" */
    if (w.n >= 2) {
        const char *t = w.items[0];
        size_t d1 = strspn(t, "0123456789");
        if (d1 && t[d1] == '-' && strspn(t + d1 + 1, "0123456789") && strchr(t + d1 + 1, '-'))
            ev |= ADDR_STREET;
    }
    /* the country: the whole segment or its last comma part */
    const char *lastc = strrchr(s, ',');
    char *tail = kith_xstrdup(lastc ? lastc + 1 : s);
    kith_trim(tail);
    const char *cv = kith_models_get(c->m, "countries", tail);
    if (cv && (lastc || w.n <= 3)) {
        ev |= ADDR_COUNTRY;
        if (hint)
            set_addr_country(c, cv, ADDR_NAMED);
    }
    free(tail);
    /* "Oud Al Touba Street, Al Ain, United Arab Emirates": a street word
     * without a house number is a street when the line goes on to a city
     * and ends in the country (where streets carry no numbers) */
    if (word_at >= 0 && number_at < 0 && (ev & ADDR_COUNTRY) && lastc && lastc != strchr(s, ','))
        ev |= ADDR_STREET;
    kith_strlist_clear(&w);
    return ev;
}

/* A short line of capitalised words that can be a city after a street line
 * ("London", "Palo Alto", "Denver,"), and is not the company's name. */
static int city_like(ctx *c, const char *s)
{
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s, &w);
    int ok = w.n >= 1 && w.n <= 3 && !ex_has_digit(s);
    for (size_t i = 0; ok && i < w.n; i++) {
        unsigned cp;
        kith_utf8_decode(w.items[i], &cp);
        if (!kith_cp_is_upper(cp))
            ok = 0;
    }
    if (ok && (ex_count_lex(c->m, "title_words", &w, NULL) ||
               ex_count_lex(c->m, "company_words", &w, NULL) || ex_suffix_words(c->m, &w) ||
               ex_domain_agrees(c, s)))
        ok = 0;
    kith_strlist_clear(&w);
    return ok;
}

/* OCR reads "ß" as "B" or "f" ("BahnhofstraBe", "Friedrichstrafe"): the
 * repair is safe only at the end of a street name, which is where it goes.
 * Returns the repaired copy; caller frees. */
static char *repair_eszett(const char *text)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    const char *p = text;
    while (*p) {
        size_t wl = strcspn(p, " ,");
        int fixed = 0;
        if (wl >= 7) {
            /* "stra" + one or two misread letters + "e" */
            for (size_t mid = 1; mid <= 3 && !fixed && wl >= 6 + mid; mid++) {
                const char *tail = p + wl - 5 - mid;
                if (strncasecmp(tail, "stra", 4) != 0 || tail[4 + mid] != 'e' ||
                    strncmp(tail + 4, "ss", mid) == 0)
                    continue;
                int junk = 1;
                for (size_t k = 0; k < mid; k++)
                    junk &= strchr("Bbf&8$sgkR", tail[4 + k]) != NULL;
                if (!junk)
                    continue;
                kith_strbuf_add(&sb, p, (size_t)(tail + 4 - p));
                kith_strbuf_adds(&sb, "\xc3\x9f");
                kith_strbuf_addc(&sb, 'e');
                fixed = 1;
            }
        }
        if (!fixed)
            kith_strbuf_add(&sb, p, wl);
        p += wl;
        while (*p == ' ' || *p == ',')
            kith_strbuf_addc(&sb, *p++);
    }
    return kith_strbuf_detach(&sb);
}

/* "Glasgow G2 SEW": the inward code of a UK postcode starts with a digit,
 * so S, O, I or l there are OCR's 5, 0, 1. Repaired in place when the
 * outward code before it is valid. */
static void repair_uk_postcode(char *text)
{
    /* "Edinburgh EHO 1ZT": the outward code's digit after its one or two
     * letters, read as O, I or l */
    for (char *p = text; *p; p++) {
        if ((p != text && p[-1] != ' ') || !isupper((unsigned char)p[0]))
            continue;
        size_t letters = isupper((unsigned char)p[1]) ? 2 : 1;
        char *d = p + letters;
        if (!*d || !strchr("OIl", *d) || d[1] != ' ')
            continue;
        char out[4] = {p[0], letters == 2 ? p[1] : '0', letters == 2 ? '0' : '\0', '\0'};
        out[letters] = *d == 'O' ? '0' : '1';
        if (!d[2] || !d[3] || !d[4] || (d[5] != '\0' && d[5] != ',' && d[5] != ' '))
            continue;
        char in[4] = {d[2], d[3], d[4], '\0'};
        if (is_uk_postcode(out, in))
            *d = out[letters];
    }
    for (char *p = text; *p; p++) {
        if (p[0] != ' ' || !p[1] || !strchr("SOIl", p[1]) || !isupper((unsigned char)p[2]) ||
            !isupper((unsigned char)p[3]) || isalnum((unsigned char)p[4]))
            continue;
        const char *w = p;
        while (w > text && w[-1] != ' ')
            w--;
        char out[8];
        size_t ol = (size_t)(p - w);
        if (ol < 2 || ol > 4)
            continue;
        memcpy(out, w, ol);
        out[ol] = '\0';
        char in[4] = {p[1] == 'S' ? '5' : p[1] == 'O' ? '0' : '1', p[2], p[3], '\0'};
        if (is_uk_postcode(out, in))
            p[1] = in[0];
    }
}

static int box_known(const kith_box *b)
{
    return b->x1 > b->x0 && b->y1 > b->y0;
}

/* Whether boxes a and b are lines of one column: they share some of their
 * width, or stand side by side on one line a little apart ("Denver," and
 * "CO 80221" read as two lines). */
static int same_column(const kith_box *a, const kith_box *b)
{
    if (!box_known(a) || !box_known(b))
        return 1;
    int left = a->x0 > b->x0 ? a->x0 : b->x0, right = a->x1 < b->x1 ? a->x1 : b->x1;
    if (right > left)
        return 1;
    int top = a->y0 > b->y0 ? a->y0 : b->y0, bottom = a->y1 < b->y1 ? a->y1 : b->y1;
    int ha = a->y1 - a->y0, hb = b->y1 - b->y0;
    int hmin = ha < hb ? ha : hb, hmax = ha < hb ? hb : ha;
    return 2 * (bottom - top) >= hmin && 2 * (left - right) < 3 * hmax;
}

/* Whether b stands lower than a by more than two line heights (the taller
 * of the two): an address is printed as one block. */
static int far_below(const kith_box *a, const kith_box *b)
{
    if (!box_known(a) || !box_known(b))
        return 0;
    int ha = a->y1 - a->y0, hb = b->y1 - b->y0;
    return b->y0 - a->y1 > 2 * (ha > hb ? ha : hb);
}

/* Whether segment p is printed right above segment q in its column (a gap
 * under one line's height), or, without boxes, on the row before it. */
static int right_above(const seg *p, const seg *q)
{
    if (!box_known(&p->box) || !box_known(&q->box))
        return p->row + 1 == q->row;
    int h = p->box.y1 - p->box.y0;
    int gap = q->box.y0 - p->box.y1;
    return p->row != q->row && gap >= -h / 3 && gap < h && same_column(&p->box, &q->box);
}

/* A street line the lexicon does not know ("Zeppelinring 8", "Gran Vía, 30,
 * 7º B", "225 Kingsway"): a house number and a capitalised word of three
 * letters or more, no '@' or ':', no role, legal form or company word, and
 * not what the web host spells ("Studio 54" is a company: a company word). */
static int street_like(ctx *c, const char *s)
{
    if (strchr(s, '@') || strchr(s, ':'))
        return 0;
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s, &w);
    int number = 0, word = 0, long_number = 0;
    for (size_t i = 0; i < w.n; i++) {
        const char *t = w.items[i];
        size_t dl = strspn(t, "0123456789");
        if (dl > 4)
            long_number = 1;
        if (dl >= 1 && dl <= 4 && strlen(t) <= dl + 2)
            number = 1;
        size_t letters = 0;
        kith_text_counts(t, NULL, NULL, &letters, NULL);
        unsigned cp;
        kith_utf8_decode(t, &cp);
        if (letters >= 3 && kith_cp_is_upper(cp))
            word = 1;
    }
    int ok = number && word && !long_number && w.n >= 2 && w.n <= 8 &&
             !ex_count_lex(c->m, "title_words", &w, "role") && !ex_suffix_words(c->m, &w) &&
             !ex_count_lex(c->m, "company_words", &w, NULL) && !ex_domain_agrees(c, s);
    kith_strlist_clear(&w);
    return ok;
}

/* A map-pin icon read as a character before the address: "Ọ Keizersgracht
 * 212", "O 41, place Bellecour", "9 74 Wharf Court" (a digit before the house
 * number), "@Ọ Via dei Mille 40". Removed in place. */
static void drop_pin_icon(char *s)
{
    size_t tl = strcspn(s, " ");
    if (tl == 0 || s[tl] != ' ' || !s[tl + 1])
        return;
    const char *next = s + tl + 1;
    size_t chars = 0;
    int ascii_alnum = 0, digit = 0;
    for (const char *q = s; q < s + tl;) {
        unsigned cp;
        size_t k = kith_utf8_decode(q, &cp);
        q += k ? k : 1;
        chars++;
        ascii_alnum |= cp < 0x80 && isalnum((int)cp);
        digit |= cp < 0x80 && isdigit((int)cp);
    }
    int drop = 0;
    if (chars <= 3 && !ascii_alnum)
        drop = 1; /* "Ọ", "@Ọ", "©" */
    else if (tl == 1 && strchr("OoQ", s[0]) && isdigit((unsigned char)*next))
        drop = 1; /* "O 41, place …" */
    else if (tl == 1 && digit && strspn(next, "0123456789") >= 1 &&
             (next[strspn(next, "0123456789")] == ' ' || next[strspn(next, "0123456789")] == ','))
        drop = 1; /* "9 74 Wharf Court", not "1 2nd Avenue" */
    if (drop)
        memmove(s, next, strlen(next) + 1);
}

void ex_find_address(ctx *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->segs[i].kind == SEG_TEXT) {
            char *r = repair_eszett(c->segs[i].text);
            free(c->segs[i].text);
            c->segs[i].text = r;
            repair_uk_postcode(r);
        }
    for (size_t i = 0; i < c->n; i++)
        if (c->segs[i].kind == SEG_TEXT)
            c->segs[i].addr = address_evidence(c, c->segs[i].text, 0);
    size_t start = MAX_SEGS;
    for (size_t i = 0; i < c->n && start == MAX_SEGS; i++) {
        seg *s = &c->segs[i];
        if (s->kind == SEG_TEXT && (s->addr & (ADDR_STREET | ADDR_UNIT | ADDR_POSTCODE | ADDR_POBOX)))
            start = i;
    }
    if (start == MAX_SEGS)
        return;
    /* two offices side by side: the block in the left column is the
     * first, wherever OCR's reading order starts */
    for (size_t j = start + 1; j < c->n; j++) {
        const seg *o = &c->segs[j], *st = &c->segs[start];
        if (o->kind != SEG_TEXT ||
            !(o->addr & (ADDR_STREET | ADDR_UNIT | ADDR_POSTCODE | ADDR_POBOX)) ||
            !box_known(&o->box) || !box_known(&st->box) || same_column(&o->box, &st->box))
            continue;
        int h = st->box.y1 - st->box.y0;
        if (o->box.x1 <= st->box.x0 && o->box.y0 - st->box.y0 < 3 * h &&
            st->box.y0 - o->box.y0 < 3 * h) {
            start = j;
            break;
        }
    }
    /* a postcode or P.O. box line: the street printed right above it
     * belongs to it */
    if (!(c->segs[start].addr & (ADDR_STREET | ADDR_UNIT)) || (c->segs[start].addr & ADDR_POBOX)) {
        for (size_t p = start; p-- > 0;) {
            seg *o = &c->segs[p];
            if (!right_above(o, &c->segs[start]))
                continue;
            if (o->kind == SEG_TEXT && !o->addr && street_like(c, o->text)) {
                o->addr |= ADDR_STREET;
                start = p;
            }
            break;
        }
    }
    /* a building or company line just before "Suite …" is not taken; a
     * street line right before a postcode line is (found above already) */
    kith_strbuf sb = KITH_STRBUF_INIT;
    int have_postcode = 0, have_street = 0;
    float conf = 1;
    size_t parts = 0;
    int have_country = 0, have_city = 0;
    const seg *last = NULL; /* the last part taken */
    const seg *near = NULL; /* the last line of the column looked at */
    for (size_t i = start; i < c->n;) {
        seg *s = &c->segs[i];
        /* the other column's lines are stepped over; a line far below
         * the block ends it */
        if (last && !same_column(&last->box, &s->box)) {
            i++;
            continue;
        }
        if (near && far_below(&near->box, &s->box))
            break;
        near = s;
        int ev = s->kind == SEG_TEXT ? s->addr : 0;
        /* a city alone after the street line */
        int city_ok = have_street && !have_postcode && !have_city;
        if (!ev && s->kind == SEG_TEXT && city_ok && city_like(c, s->text))
            ev = ADDR_CITY;
        if (!ev) {
            /* two-column cards interleave the address with phones or the
             * company: skip up to two segments to the postcode or country
             * line that completes it */
            size_t next = 0, looked = 0;
            const seg *step = s, *seen = s; /* the column's line before the next */
            for (size_t j = i + 1; j < c->n && looked < 2 && !next; j++) {
                const seg *o = &c->segs[j];
                if (last && !same_column(&last->box, &o->box))
                    continue; /* the other column's: not counted */
                looked++;
                step = seen;
                seen = o;
                /* "Denver," then "CO 80221" */
                if (o->kind == SEG_TEXT && !o->addr && city_ok && j + 1 < c->n &&
                    c->segs[j + 1].kind == SEG_TEXT && (c->segs[j + 1].addr & ADDR_POSTCODE) &&
                    !(c->segs[j + 1].addr & ADDR_STREET) && city_like(c, o->text)) {
                    next = j;
                    continue;
                }
                if (o->kind != SEG_TEXT || !o->addr)
                    continue;
                if ((!have_postcode && (o->addr & ADDR_POSTCODE) && !(o->addr & ADDR_STREET)) ||
                    (!have_country && (o->addr & ADDR_COUNTRY) && (have_postcode || have_street)))
                    next = j;
            }
            if (!next)
                break;
            near = step;
            i = next;
            continue;
        }
        if (have_postcode && (ev & (ADDR_STREET | ADDR_UNIT | ADDR_POBOX)))
            break; /* a second office starts */
        if (have_postcode && (ev & ADDR_POSTCODE) && !(ev & ADDR_COUNTRY))
            break;
        address_evidence(c, s->text, 1);
        if (!last)
            drop_pin_icon(s->text);
        last = s;
        if (sb.len)
            kith_strbuf_adds(&sb, ", ");
        kith_strbuf_adds(&sb, s->text);
        s->kind = SEG_ADDRESS;
        if (s->conf < conf)
            conf = s->conf;
        parts++;
        if (ev & (ADDR_STREET | ADDR_POBOX))
            have_street = 1;
        if (ev & ADDR_POSTCODE)
            have_postcode = 1;
        if (ev & ADDR_CITY)
            have_city = 1;
        if (ev & ADDR_COUNTRY) {
            have_country = 1;
            break;
        }
        i++;
    }
    /* one line with only "Suite 5" or a bare number is not an address */
    if (parts && (have_street || have_postcode)) {
        char *a = kith_strbuf_detach(&sb);
        /* ", ," from lines ending in commas */
        kith_strbuf clean = KITH_STRBUF_INIT;
        for (const char *p = a; *p; p++) {
            if (p[0] == ',' && p[1] == ',')
                continue;
            /* "7° B": an address has no degrees; after a number the sign is
             * the ordinal "7º" that OCR read as one */
            if (strncmp(p, "\xc2\xb0", 2) == 0 && p > a && isdigit((unsigned char)p[-1])) {
                kith_strbuf_adds(&clean, "\xc2\xba");
                p++;
                continue;
            }
            if (p[0] == ',' && p[1] == ' ' && p[2] == ',')
                continue;
            kith_strbuf_addc(&clean, *p);
        }
        free(a);
        c->f->address = kith_strbuf_detach(&clean);
        c->f->conf_address = (have_street && have_postcode ? 0.9f : 0.7f) * conf;
    } else {
        for (size_t i = start; i < c->n; i++)
            if (c->segs[i].kind == SEG_ADDRESS)
                c->segs[i].kind = SEG_TEXT;
    }
    kith_strbuf_release(&sb);
}
