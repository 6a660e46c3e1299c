/*
 * match.c — matching keys for emails and phones, and who is whom on scan.
 * See match.h for the rules.
 */
#include "enrich/match.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/util.h"

char *kith_match_email_key(const char *email)
{
    if (!email)
        return NULL;
    while (isspace((unsigned char)*email))
        email++;
    if (kith_starts_with_ci(email, "mailto:"))
        email += strlen("mailto:");
    char *k = kith_xstrdup(email);
    kith_trim(k);
    for (char *p = k; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *at = strchr(k, '@');
    if (!at || at == k || at[1] == '\0') {
        free(k);
        return NULL;
    }
    return k;
}

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

char *kith_match_phone_key(const char *number, const char *e164)
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
    if (digits < KITH_MATCH_TAIL_LEN) {
        kith_strbuf_release(&sb);
        return NULL;
    }
    return kith_strbuf_detach(&sb);
}

int kith_match_phone_keys(const char *a, const char *b)
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
    if (ln < KITH_MATCH_TAIL_LEN || li <= ln || li - ln > 3)
        return 0;
    return strcmp(intl + (li - ln), nat) == 0;
}

void kith_match_phone_tail(const char *key, char out[KITH_MATCH_TAIL_LEN + 1])
{
    size_t n = key ? strlen(key) : 0;
    if (n > 0 && key[0] == '+') {
        key++;
        n--;
    }
    if (n < KITH_MATCH_TAIL_LEN) {
        out[0] = '\0';
        return;
    }
    memcpy(out, key + n - KITH_MATCH_TAIL_LEN, KITH_MATCH_TAIL_LEN);
    out[KITH_MATCH_TAIL_LEN] = '\0';
}

/* Extensions conflict when both are given and differ. */
static int ext_conflict(const char *a, const char *b)
{
    if (!a || !*a || !b || !*b)
        return 0;
    return strcmp(a, b) != 0;
}

int kith_match_phone(const kith_phone *a, const kith_phone *b)
{
    if (a->kind == KITH_PHONE_FAX || b->kind == KITH_PHONE_FAX)
        return 0;
    if (ext_conflict(a->ext, b->ext))
        return 0;
    char *ka = kith_match_phone_key(a->number, a->e164);
    char *kb = kith_match_phone_key(b->number, b->e164);
    int same = kith_match_phone_keys(ka, kb);
    free(ka);
    free(kb);
    return same;
}

int kith_match_same_person(const kith_fields *a, const kith_fields *b)
{
    for (size_t i = 0; i < a->n_emails; i++) {
        char *ka = kith_match_email_key(a->emails[i]);
        if (!ka)
            continue;
        for (size_t j = 0; j < b->n_emails; j++) {
            char *kb = kith_match_email_key(b->emails[j]);
            int same = kb && strcmp(ka, kb) == 0;
            free(kb);
            if (same) {
                free(ka);
                return 1;
            }
        }
        free(ka);
    }
    for (size_t i = 0; i < a->n_phones; i++)
        for (size_t j = 0; j < b->n_phones; j++)
            if (kith_match_phone(&a->phones[i], &b->phones[j]))
                return 1;
    return 0;
}
