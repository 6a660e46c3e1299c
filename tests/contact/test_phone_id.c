/*
 * test_phone_id.c — the one phone identity (contact/phone_id.h) and every
 * caller of it: the pairs in phone_id_cases.txt are checked with
 * kith_phone_same_line, with the fields dedupe (kith_fields_add_phone),
 * with the QR merge (kith_fields_merge_qr) and with matching
 * (kith_match_phone). The store's own use (a phone already listed) is
 * tested in tests/store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "case_table.h"
#include "common/util.h"
#include "contact/fields.h"
#include "contact/phone_id.h"
#include "enrich/match.h"
#include "qr/qr.h"

static int yes_no(const char *s, int *out)
{
    if (strcmp(s, "yes") == 0)
        *out = 1;
    else if (strcmp(s, "no") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

/* How many numbers the fields dedupe keeps of a then b. */
static size_t kept(const kith_phone *a, const kith_phone *b)
{
    kith_fields *f = kith_fields_new();
    kith_fields_add_phone(f, a->kind, a->number, a->e164, a->ext, 1);
    kith_fields_add_phone(f, b->kind, b->number, b->e164, b->ext, 1);
    size_t n = f->n_phones;
    kith_fields_free(f);
    return n;
}

/* Whether the QR merge of code phone q over the card's phone o keeps the
 * card's printed form (it does when they are one line). The code's number
 * is marked " (qr)", which changes no digit, so the two forms differ. */
static int merge_keeps_card_form(const kith_phone *o, const kith_phone *q)
{
    kith_fields *dst = kith_fields_new(), *qr = kith_fields_new();
    char *qnum = kith_xasprintf("%s (qr)", q->number);
    kith_fields_add_phone(dst, o->kind, o->number, o->e164, o->ext, 1);
    kith_fields_add_phone(qr, q->kind, qnum, q->e164, q->ext, 1);
    free(qnum);
    qr->from_qr = 1u << KITH_FIELD_PHONES;
    kith_fields_merge_qr(dst, qr);
    assert_int_equal(dst->n_phones, 1);
    int card = strcmp(dst->phones[0].number, o->number) == 0;
    kith_fields_free(dst);
    kith_fields_free(qr);
    return card;
}

static void test_phone_id_cases(void **state)
{
    (void)state;
    const char *src = getenv("KITH_SOURCE_DIR");
    char *path = kith_xasprintf("%s/tests/contact/phone_id_cases.txt", src ? src : ".");
    char *text;
    size_t len;
    kith_err err;
    if (kith_read_file(path, &text, &len, &err) < 0)
        fail_msg("%s", err.msg);
    int n_pairs = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        kith_trim(line);
        if (!*line || *line == '#')
            continue;
        char *c[11];
        kith_phone a, b;
        int same = 0, match = 0;
        if (case_split(line, '|', c, 11) != 11 || yes_no(c[0], &same) < 0 || yes_no(c[1], &match) < 0 ||
            kith_phone_kind_parse(c[2], &a.kind) < 0 || kith_phone_kind_parse(c[6], &b.kind) < 0)
            fail_msg("%s: bad pair: %s", path, line);
        a.number = c[3];
        a.e164 = case_opt(c[4]);
        a.ext = case_opt(c[5]);
        b.number = c[7];
        b.e164 = case_opt(c[8]);
        b.ext = case_opt(c[9]);
        a.conf = b.conf = 1;
        print_message("%-70s line %s, match %s\n", c[10], c[0], c[1]);
        assert_int_equal(kith_phone_same_line(&a, &b), same);
        assert_int_equal(kith_phone_same_line(&b, &a), same);
        assert_int_equal(kept(&a, &b), same ? 1 : 2);
        assert_int_equal(kept(&b, &a), same ? 1 : 2);
        assert_int_equal(merge_keeps_card_form(&a, &b), same);
        assert_int_equal(merge_keeps_card_form(&b, &a), same);
        assert_int_equal(kith_match_phone(&a, &b), match);
        assert_int_equal(kith_match_phone(&b, &a), match);
        n_pairs++;
    }
    assert_true(n_pairs >= 20);
    free(text);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone_id_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
