/*
 * test_match.c — who is whom on scan (enrich/match.c): email and phone keys,
 * phone pairs (cases/phones.txt), role addresses, and whole cards
 * (cases/people.txt); extend the case files without writing C.
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
#include "enrich/match.h"
#include "common/models.h"

static kith_models *models;

static void test_email_keys(void **state)
{
    (void)state;
    static const struct { const char *in, *key; } t[] = {
        { "M.OConnell@Bluefin-Analytics.co.uk", "m.oconnell@bluefin-analytics.co.uk" },
        { "  anna@example.org ", "anna@example.org" },
        { "mailto:Bob@Example.COM", "bob@example.com" },
        { "MAILTO:x@y.z", "x@y.z" },
        { "no-at-sign.example.com", NULL },
        { "@example.com", NULL },
        { "anna@", NULL },
        { "", NULL },
        { NULL, NULL },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *k = kith_email_key(t[i].in);
        if (t[i].key) {
            assert_non_null(k);
            assert_string_equal(k, t[i].key);
        } else {
            assert_null(k);
        }
        free(k);
    }
}

static void test_phone_keys(void **state)
{
    (void)state;
    static const struct { const char *number, *e164, *key, *tail; } t[] = {
        { "+44 20 7946 0958", "+442079460958", "+442079460958", "7946 0958" },
        { "020 7946 0958", NULL, "02079460958", "79460958" },
        { "+44 (0)20 7946 0958", NULL, "+442079460958", "79460958" },
        { "0044 20 7946 0958", NULL, "+442079460958", "79460958" },
        { "(415) 555-0132", NULL, "4155550132", "5550132" },
        { "whatever", "+14155550132", "+14155550132", "5550132" },
        { "+49 30 901820", NULL, "+4930901820", "0901820" },
        { "555-01", NULL, NULL, "" },
        { "", NULL, NULL, "" },
        { NULL, NULL, NULL, "" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *k = kith_phone_key(t[i].number, t[i].e164);
        if (t[i].key) {
            assert_non_null(k);
            assert_string_equal(k, t[i].key);
        } else {
            assert_null(k);
        }
        char tail[KITH_PHONE_TAIL_LEN + 1];
        kith_phone_key_tail(k, tail);
        /* the expected tail is the last 7 digits of what is written */
        char want[16] = "";
        size_t n = 0;
        for (const char *p = t[i].tail; *p; p++)
            if (*p != ' ')
                want[n++] = *p;
        want[n] = '\0';
        if (n > KITH_PHONE_TAIL_LEN)
            memmove(want, want + n - KITH_PHONE_TAIL_LEN, KITH_PHONE_TAIL_LEN + 1);
        assert_string_equal(tail, want);
        free(k);
    }
}

/* The pairs in cases/phones.txt (see its header for the format). */
static void test_phone_pairs(void **state)
{
    (void)state;
    const char *src = getenv("KITH_SOURCE_DIR");
    char *path = kith_xasprintf("%s/tests/enrich/cases/phones.txt", src ? src : ".");
    char *text;
    size_t len;
    kith_err err;
    if (kith_read_file(path, &text, &len, &err) < 0)
        fail_msg("%s", err.msg);
    int n_pairs = 0, n_same = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        kith_trim(line);
        if (!*line || *line == '#')
            continue;
        char *c[10];
        kith_phone a, b;
        if (case_split(line, '|', c, 10) != 10 || (strcmp(c[0], "yes") && strcmp(c[0], "no")) ||
            kith_phone_kind_parse(c[1], &a.kind) < 0 || kith_phone_kind_parse(c[5], &b.kind) < 0)
            fail_msg("%s: bad pair: %s", path, line);
        a.number = c[2];
        a.e164 = case_opt(c[3]);
        a.ext = case_opt(c[4]);
        b.number = c[6];
        b.e164 = case_opt(c[7]);
        b.ext = case_opt(c[8]);
        a.conf = b.conf = 1;
        int want = strcmp(c[0], "yes") == 0;
        print_message("%-40s %s\n", c[9], want ? "same" : "different");
        assert_int_equal(kith_match_phone(&a, &b), want);
        assert_int_equal(kith_match_phone(&b, &a), want);
        n_pairs++;
        n_same += want;
    }
    assert_true(n_pairs >= 10);
    assert_true(n_same > 0 && n_same < n_pairs);
    free(text);
    free(path);
}

/* Whole cards: who is the same person. */
static void test_same_person(void **state)
{
    (void)state;
    char *m_emails[] = { "m.oconnell@bluefin-analytics.co.uk" };
    char *m_emails_upper[] = { "info@example.org", "M.OConnell@Bluefin-Analytics.co.uk" };
    char *other_emails[] = { "j.oconnell@bluefin-analytics.co.uk" };
    kith_phone m_phone[] = { { KITH_PHONE_MOBILE, "+44 7700 900123", "+447700900123", NULL, 1 } };
    kith_phone m_phone_nat[] = { { KITH_PHONE_WORK, "07700 900123", NULL, NULL, 1 } };
    kith_phone office[] = { { KITH_PHONE_FAX, "+44 20 7946 0000", "+442079460000", NULL, 1 } };

    kith_fields margaret = { 0 };
    margaret.name = "Margaret O'Connell";
    margaret.family_name = "O'Connell";
    margaret.company = "Bluefin Analytics Ltd.";
    margaret.emails = m_emails;
    margaret.n_emails = 1;
    margaret.phones = m_phone;
    margaret.n_phones = 1;

    /* Same email in other case: same person. */
    kith_fields again = { 0 };
    again.name = "M. O'Connell";
    again.emails = m_emails_upper;
    again.n_emails = 2;
    assert_true(kith_match_same_person(models, &margaret, &again));
    assert_true(kith_match_same_person(models, &again, &margaret));

    /* Same mobile written nationally, no email: same person. */
    kith_fields by_phone = { 0 };
    by_phone.name = "Maggie O'Connell";
    by_phone.phones = m_phone_nat;
    by_phone.n_phones = 1;
    assert_true(kith_match_same_person(models, &margaret, &by_phone));

    /* Same surname and company, other email: not the same. */
    kith_fields james = { 0 };
    james.name = "James O'Connell";
    james.family_name = "O'Connell";
    james.company = "Bluefin Analytics Ltd.";
    james.emails = other_emails;
    james.n_emails = 1;
    assert_false(kith_match_same_person(models, &margaret, &james));

    /* Same name exactly, nothing else: not the same (never guessed). */
    kith_fields namesake = { 0 };
    namesake.name = "Margaret O'Connell";
    namesake.family_name = "O'Connell";
    assert_false(kith_match_same_person(models, &margaret, &namesake));

    /* Both list the office fax: still two people. */
    kith_fields a = { 0 }, b = { 0 };
    a.phones = office;
    a.n_phones = 1;
    b.phones = office;
    b.n_phones = 1;
    assert_false(kith_match_same_person(models, &a, &b));

    /* Empty cards never match. */
    kith_fields e1 = { 0 }, e2 = { 0 };
    assert_false(kith_match_same_person(models, &e1, &e2));
}

static void test_role_emails(void **state)
{
    (void)state;
    static const struct { const char *email; int role; } t[] = {
        { "info@acme.example", 1 },
        { "INFO@Acme.Example", 1 },
        { "mailto:sales@acme.example", 1 },
        { "kontakt@lang.example", 1 },
        { "team+berlin@acme.example", 1 },
        { "customer.service@acme.example", 1 },
        { "no-reply@acme.example", 1 },
        { "anna.berg@acme.example", 0 },
        { "information.desk@acme.example", 0 },
        { "bob+info@acme.example", 0 },
        { "info", 0 },
        { "@acme.example", 0 },
        { "", 0 },
        { NULL, 0 },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        print_message("%-32s %s\n", t[i].email ? t[i].email : "(null)",
                      t[i].role ? "role" : "personal");
        assert_int_equal(kith_match_role_email(models, t[i].email), t[i].role);
    }
    /* Without models no address is a role address. */
    assert_int_equal(kith_match_role_email(NULL, "info@acme.example"), 0);
}

/* Fills f from the case file's NAME, EMAILS and PHONES columns (texts stay
 * owned by the line buffer: f is not freed with kith_fields_free). */
static void case_fields(kith_fields *f, char *name, char *emails, char *phones,
                        const char *path, const char *line)
{
    memset(f, 0, sizeof *f);
    f->name = case_opt(name);
    if (case_opt(emails)) {
        char *save = NULL;
        for (char *e = strtok_r(emails, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
            f->emails = kith_xrealloc(f->emails, (f->n_emails + 1) * sizeof *f->emails);
            f->emails[f->n_emails++] = kith_trim(e);
        }
    }
    if (case_opt(phones)) {
        char *save = NULL;
        for (char *p = strtok_r(phones, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
            char *colon = strchr(p, ':');
            kith_phone ph = { KITH_PHONE_OTHER, NULL, NULL, NULL, 1 };
            if (!colon)
                fail_msg("%s: phone without KIND: in: %s", path, line);
            *colon = '\0';
            if (kith_phone_kind_parse(kith_trim(p), &ph.kind) < 0)
                fail_msg("%s: unknown phone kind '%s' in: %s", path, p, line);
            ph.number = kith_trim(colon + 1);
            f->phones = kith_xrealloc(f->phones, (f->n_phones + 1) * sizeof *f->phones);
            f->phones[f->n_phones++] = ph;
        }
    }
}

/* The pairs in cases/people.txt (see its header for the format). */
static void test_people_pairs(void **state)
{
    (void)state;
    static const char *const verdicts[] = { "no", "likely", "sure" };
    const char *src = getenv("KITH_SOURCE_DIR");
    char *path = kith_xasprintf("%s/tests/enrich/cases/people.txt", src ? src : ".");
    char *text;
    size_t len;
    kith_err err;
    if (kith_read_file(path, &text, &len, &err) < 0)
        fail_msg("%s", err.msg);
    int n_pairs = 0, seen[3] = { 0, 0, 0 };
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        kith_trim(line);
        if (!*line || *line == '#')
            continue;
        char *copy = kith_xstrdup(line);
        char *c[8];
        if (case_split(line, '|', c, 8) != 8)
            fail_msg("%s: want 8 columns: %s", path, copy);
        int want = -1;
        for (int v = 0; v < 3; v++)
            if (strcmp(c[0], verdicts[v]) == 0)
                want = v;
        if (want < 0)
            fail_msg("%s: verdict is sure, likely or no: %s", path, copy);
        kith_fields a, b;
        case_fields(&a, c[1], c[2], c[3], path, copy);
        case_fields(&b, c[4], c[5], c[6], path, copy);
        kith_match_verdict ab = kith_match_cards(models, &a, &b);
        kith_match_verdict ba = kith_match_cards(models, &b, &a);
        print_message("%-6s %s\n", verdicts[want], c[7]);
        if ((int)ab != want || (int)ba != want)
            fail_msg("%s: got %s (a, b) and %s (b, a), want %s: %s", path, verdicts[ab],
                     verdicts[ba], verdicts[want], copy);
        assert_int_equal(kith_match_same_person(models, &a, &b), want != KITH_MATCH_NO);
        free(a.emails);
        free(a.phones);
        free(b.emails);
        free(b.phones);
        free(copy);
        n_pairs++;
        seen[want]++;
    }
    assert_true(n_pairs >= 20);
    assert_true(seen[0] > 0 && seen[1] > 0 && seen[2] > 0);
    free(text);
    free(path);
}

static int load_models(void **state)
{
    (void)state;
    kith_err err;
    if (kith_models_load(getenv("KITH_MODELS"), &models, &err) < 0) {
        fprintf(stderr, "models: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int free_models(void **state)
{
    (void)state;
    kith_models_free(models);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email_keys),
        cmocka_unit_test(test_phone_keys),
        cmocka_unit_test(test_phone_pairs),
        cmocka_unit_test(test_same_person),
        cmocka_unit_test(test_role_emails),
        cmocka_unit_test(test_people_pairs),
    };
    return cmocka_run_group_tests(tests, load_models, free_models);
}
