/*
 * phone_id.c — the one phone identity: keys and "same line?" (see
 * phone_id.h for the rule and why).
 */
#include "contact/phone_id.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/util.h"

/* Appends the digits of s to sb; with skip_trunk, a "(0)" group is left out. */
static void add_digits(kith_strbuf *sb, const char *s, int skip_trunk)
{
    for (; *s; s++) {
        if (skip_trunk && s[0] == '(' && s[1] == '0' && s[2] == ')') {
            s += 2;
            continue;
        }
        if (isdigit((unsigned char)*s))
            kith_strbuf_addc(sb, *s);
    }
}

/* See phone_id.h; caller frees. */
char *kith_phone_key(const char *number, const char *e164)
{
    kith_strbuf sb = KITH_STRBUF_INIT;

    if (e164 && *e164) {
        kith_strbuf_addc(&sb, '+');
        add_digits(&sb, e164, 0);
    } else if (number) {
        const char *s = number;
        while (isspace((unsigned char)*s))
            s++;
        if (*s == '+') {
            kith_strbuf_addc(&sb, '+');
            add_digits(&sb, s, 1);
        } else {
            add_digits(&sb, s, 0);
            /* 00 is the international prefix in most of the world */
            if (sb.len > 2 && sb.buf[0] == '0' && sb.buf[1] == '0') {
                memmove(sb.buf + 1, sb.buf + 2, sb.len - 1);
                sb.buf[0] = '+';
                sb.len--;
            }
        }
    }
    size_t digits = sb.len > 0 && sb.buf[0] == '+' ? sb.len - 1 : sb.len;
    if (digits < KITH_PHONE_TAIL_LEN) {
        kith_strbuf_release(&sb);
        return NULL;
    }
    return kith_strbuf_detach(&sb);
}

int kith_phone_keys_same(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    if (strcmp(a, b) == 0)
        return 1;
    int ia = a[0] == '+', ib = b[0] == '+';
    if (ia == ib)
        return 0;
    const char *intl = ia ? a + 1 : b + 1;
    const char *nat = ia ? b : a;
    if (nat[0] == '0')
        nat++;
    size_t li = strlen(intl), ln = strlen(nat);
    if (ln < KITH_PHONE_TAIL_LEN || li <= ln || li - ln > 3)
        return 0;
    return strcmp(intl + (li - ln), nat) == 0;
}

void kith_phone_key_tail(const char *key, char out[KITH_PHONE_TAIL_LEN + 1])
{
    size_t n = key ? strlen(key) : 0;
    if (n > 0 && key[0] == '+') {
        key++;
        n--;
    }
    if (n < KITH_PHONE_TAIL_LEN) {
        out[0] = '\0';
        return;
    }
    memcpy(out, key + n - KITH_PHONE_TAIL_LEN, KITH_PHONE_TAIL_LEN);
    out[KITH_PHONE_TAIL_LEN] = '\0';
}

int kith_phone_ext_differ(const char *a, const char *b)
{
    if (!a || !*a || !b || !*b)
        return 0;
    return strcmp(a, b) != 0;
}

/* The digits of a phone (its number, else its E.164 form). */
static void digits_of_phone(const kith_phone *p, kith_strbuf *sb)
{
    const char *s = p->number && *p->number ? p->number : p->e164;
    for (; s && *s; s++)
        if (isdigit((unsigned char)*s))
            kith_strbuf_addc(sb, *s);
}

int kith_phone_same_line(const kith_phone *a, const kith_phone *b)
{
    if (kith_phone_ext_differ(a->ext, b->ext))
        return 0;
    char *ka = kith_phone_key(a->number, a->e164);
    char *kb = kith_phone_key(b->number, b->e164);
    int same;
    if (ka && kb) {
        same = kith_phone_keys_same(ka, kb);
    } else {
        /* a short number: the same digits */
        kith_strbuf da = KITH_STRBUF_INIT, db = KITH_STRBUF_INIT;
        digits_of_phone(a, &da);
        digits_of_phone(b, &db);
        same = da.len > 0 && strcmp(kith_strbuf_str(&da), kith_strbuf_str(&db)) == 0;
        kith_strbuf_release(&da);
        kith_strbuf_release(&db);
    }
    free(ka);
    free(kb);
    return same;
}
