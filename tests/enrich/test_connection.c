/*
 * test_connection.c — the connection rules (enrich/connection.c), table-driven.
 *
 * The rule cases live in cases/connection.txt (a small log, the number of
 * personal notes, the expected status and what is missing), so anyone can add
 * one without writing C; the structural tests below (every kind and direction,
 * time passing, the window edge to the second) are here. Now is a fixed
 * instant in the afternoon, so the day-granularity of the window edge is
 * exercised, not only midnights.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "case_table.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "enrich/connection.h"

#define DAY 86400
/* 2026-06-01 15:30:00 UTC */
#define NOW ((int64_t)1780272000 + 15 * 3600 + 30 * 60)
#define MIDNIGHT ((int64_t)1780272000)

typedef struct {
    kith_kind kind;
    kith_dir dir;
    int days_ago;    /* negative: in the future */
} ix_spec;

#define MAX_IX 16

#define M KITH_KIND_MEETING
#define C KITH_KIND_CALL
#define E KITH_KIND_EMAIL
#define IN KITH_DIR_IN
#define BOTH KITH_DIR_BOTH
#define UNC KITH_STATUS_UNCONNECTED
#define CON KITH_STATUS_CONNECTED
#define LAP KITH_STATUS_LAPSED

static void fill(const ix_spec *spec, size_t n, int64_t base, kith_interaction *out)
{
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].id = (int64_t)i + 1;
        out[i].kind = spec[i].kind;
        out[i].dir = spec[i].dir;
        /* At noon of that day, so time-of-day differences with now show. */
        out[i].at = base - (int64_t)spec[i].days_ago * DAY + 12 * 3600;
    }
}

/* Parses "kind/dir/age ..." into spec; returns the count or -1. */
static int parse_log(char *log, ix_spec *spec)
{
    int n = 0;
    char *save = NULL;
    if (strcmp(log, "-") == 0)
        return 0;
    for (char *tok = strtok_r(log, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        char *part[3];
        if (n == MAX_IX || case_split(tok, '/', part, 3) != 3)
            return -1;
        if (kith_kind_parse(part[0], &spec[n].kind) < 0 ||
            kith_dir_parse(part[1], &spec[n].dir) < 0)
            return -1;
        spec[n].days_ago = atoi(part[2]);
        n++;
    }
    return n;
}

/* The cases in cases/connection.txt (see its header for the format). */
static void test_rule_cases(void **state)
{
    (void)state;
    const char *src = getenv("KITH_SOURCE_DIR");
    char *path = kith_xasprintf("%s/tests/enrich/cases/connection.txt", src ? src : ".");
    char *text;
    size_t len;
    kith_err err;
    if (kith_read_file(path, &text, &len, &err) < 0)
        fail_msg("%s", err.msg);

    kith_policy pol;
    kith_policy_default(&pol);
    int n_cases = 0, line_no = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        line_no++;
        kith_trim(line);
        if (!*line || *line == '#')
            continue;
        char *col[5];
        ix_spec spec[MAX_IX];
        kith_status want = KITH_STATUS_UNCONNECTED;
        if (case_split(line, '|', col, 5) != 5 || kith_status_parse(col[0], &want) < 0)
            fail_msg("%s: bad case: %s", path, line);
        int n = parse_log(col[3], spec);
        if (n < 0)
            fail_msg("%s: bad log in case '%s'", path, col[4]);

        kith_interaction ix[MAX_IX];
        fill(spec, (size_t)n, MIDNIGHT, ix);
        kith_connection c =
            kith_connection_eval(ix, (size_t)n, (size_t)atoi(col[2]), NOW, &pol);
        kith_strbuf miss = KITH_STRBUF_INIT;
        kith_connection_missing(&c, &miss);
        const char *want_missing = strcmp(col[1], "-") == 0 ? "" : col[1];
        print_message("%-60s %s [%s]\n", col[4], kith_status_name(c.status),
                      kith_strbuf_str(&miss));
        assert_string_equal(kith_status_name(c.status), kith_status_name(want));
        assert_string_equal(kith_strbuf_str(&miss), want_missing);
        /* what is missing and the status tell the same story */
        assert_int_equal(c.status == KITH_STATUS_CONNECTED, miss.len == 0);
        kith_strbuf_release(&miss);
        n_cases++;
    }
    print_message("%d cases\n", n_cases);
    assert_true(n_cases >= 20);
    free(text);
    free(path);
}

/* Every kind in every direction: two of them in the window plus a note. */
static void test_every_kind_and_direction(void **state)
{
    (void)state;
    kith_policy pol;
    kith_policy_default(&pol);
    for (int k = 0; k < KITH_KIND_COUNT_; k++) {
        for (int d = 0; d < KITH_DIR_COUNT_; d++) {
            ix_spec spec[2] = { { (kith_kind)k, (kith_dir)d, 5 }, { (kith_kind)k, (kith_dir)d, 1 } };
            kith_interaction ix[2];
            fill(spec, 2, MIDNIGHT, ix);
            kith_connection c = kith_connection_eval(ix, 2, 1, NOW, &pol);
            int counts = k != KITH_KIND_BROADCAST && k != KITH_KIND_VIEW;
            int two_way = d == KITH_DIR_IN || d == KITH_DIR_BOTH;
            assert_int_equal(kith_kind_counts((kith_kind)k), counts);
            assert_int_equal(c.n_counting, counts ? 2 : 0);
            assert_int_equal(c.active, counts);
            assert_int_equal(c.reciprocal, counts && two_way);
            assert_int_equal(c.status, counts && two_way ? CON : UNC);
            assert_int_equal(c.last_counting, counts ? ix[1].at : 0);
        }
    }
}

/* One log, evaluated as time passes: connected, then lapsed the day after the
 * window ends; a new interaction brings it back. */
static void test_lapsing_as_time_passes(void **state)
{
    (void)state;
    kith_policy pol;
    kith_policy_default(&pol);
    kith_interaction ix[3];
    ix_spec spec[3] = { { E, IN, 10 }, { M, BOTH, 0 }, { C, BOTH, -100 } };
    fill(spec, 3, MIDNIGHT, ix);   /* latest past one: MIDNIGHT + noon */

    struct { int days_later; kith_status st; int n_counting; } steps[] = {
        { 0, CON, 2 }, { 30, CON, 2 }, { 89, CON, 2 }, { 90, CON, 2 },
        { 91, LAP, 2 }, { 99, LAP, 2 },
        { 100, CON, 3 },             /* the third interaction is no longer in the future */
        { 190, CON, 3 }, { 191, LAP, 3 }, { 1000, LAP, 3 },
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        /* Early morning: the edge is by day, not by the hour. */
        int64_t now = MIDNIGHT + (int64_t)steps[i].days_later * DAY + 60;
        kith_connection c = kith_connection_eval(ix, 3, 1, now, &pol);
        print_message("+%d days: %s\n", steps[i].days_later, kith_status_name(c.status));
        assert_int_equal(c.status, steps[i].st);
        assert_int_equal(c.n_counting, steps[i].n_counting);
        assert_int_equal(c.was_active, 1);
    }
}

/* The window edge to the day, at both ends of "now"'s day and of the
 * interaction's day, and with a configured window. */
static void test_window_edge_to_the_day(void **state)
{
    (void)state;
    kith_policy pol;
    kith_policy_default(&pol);
    assert_int_equal(pol.window_days, 90);
    assert_int_equal(pol.min_counting, 2);

    int64_t day0 = MIDNIGHT - 90 * (int64_t)DAY;   /* exactly 90 days before */
    int64_t ats[] = { day0, day0 + DAY - 1 };      /* first and last second of that day */
    int64_t nows[] = { MIDNIGHT, MIDNIGHT + DAY - 1 };
    for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
            kith_interaction ix[2] = {
                { 1, KITH_KIND_CALL, KITH_DIR_BOTH, day0 - 10 * DAY, NULL },
                { 2, KITH_KIND_CALL, KITH_DIR_BOTH, ats[a], NULL },
            };
            kith_connection c = kith_connection_eval(ix, 2, 1, nows[b], &pol);
            assert_int_equal(c.status, CON);
            /* The same one day earlier is out of the window. */
            ix[1].at -= DAY;
            c = kith_connection_eval(ix, 2, 1, nows[b], &pol);
            assert_int_equal(c.status, LAP);
        }
    }

    /* A 30-day window. */
    pol.window_days = 30;
    kith_interaction ix[2] = {
        { 1, KITH_KIND_MEETING, KITH_DIR_BOTH, MIDNIGHT - 40 * (int64_t)DAY, NULL },
        { 2, KITH_KIND_EMAIL, KITH_DIR_IN, MIDNIGHT - 30 * (int64_t)DAY, NULL },
    };
    assert_int_equal(kith_connection_eval(ix, 2, 1, NOW, &pol).status, CON);
    ix[1].at -= DAY;
    assert_int_equal(kith_connection_eval(ix, 2, 1, NOW, &pol).status, LAP);

    /* min_counting 3: two are no longer enough. */
    kith_policy_default(&pol);
    pol.min_counting = 3;
    ix[1].at = MIDNIGHT;
    kith_connection c = kith_connection_eval(ix, 2, 1, NOW, &pol);
    assert_int_equal(c.status, UNC);
    assert_int_equal(c.was_active, 0);

    /* A NULL policy means the default. */
    assert_int_equal(kith_connection_eval(ix, 2, 1, NOW, NULL).status, CON);
}

static void test_future_ignored(void **state)
{
    (void)state;
    kith_interaction ix[3] = {
        { 1, KITH_KIND_EMAIL, KITH_DIR_OUT, NOW - 5 * DAY, NULL },
        { 2, KITH_KIND_EMAIL, KITH_DIR_OUT, NOW - 2 * DAY, NULL },
        /* tomorrow, early: a later day than now */
        { 3, KITH_KIND_MEETING, KITH_DIR_BOTH, MIDNIGHT + DAY + 1, NULL },
    };
    kith_connection c = kith_connection_eval(ix, 3, 1, NOW, NULL);
    assert_int_equal(c.n_counting, 2);
    assert_int_equal(c.reciprocal, 0);
    assert_int_equal(c.last_counting, NOW - 2 * DAY);
    assert_int_equal(c.status, UNC);
    /* Later the same day as now (after the instant itself) is not "after now". */
    ix[2].at = MIDNIGHT + DAY - 1;
    c = kith_connection_eval(ix, 3, 1, NOW, NULL);
    assert_int_equal(c.status, CON);
    /* Empty log. */
    c = kith_connection_eval(NULL, 0, 0, NOW, NULL);
    assert_int_equal(c.status, UNC);
    assert_int_equal(c.last_counting, 0);
}

static void test_names_round_trip(void **state)
{
    (void)state;
    const char *kinds[] = { "meeting", "call", "video", "email", "message", "social",
                            "broadcast", "view" };
    for (int k = 0; k < KITH_KIND_COUNT_; k++) {
        kith_kind got;
        assert_string_equal(kith_kind_name((kith_kind)k), kinds[k]);
        assert_int_equal(kith_kind_parse(kinds[k], &got), 0);
        assert_int_equal(got, k);
    }
    const char *dirs[] = { "out", "in", "both" };
    for (int d = 0; d < KITH_DIR_COUNT_; d++) {
        kith_dir got;
        assert_string_equal(kith_dir_name((kith_dir)d), dirs[d]);
        assert_int_equal(kith_dir_parse(dirs[d], &got), 0);
        assert_int_equal(got, d);
    }
    const char *sts[] = { "unconnected", "connected", "lapsed" };
    for (int s = 0; s < 3; s++) {
        kith_status got;
        assert_string_equal(kith_status_name((kith_status)s), sts[s]);
        assert_int_equal(kith_status_parse(sts[s], &got), 0);
        assert_int_equal(got, s);
    }
    kith_kind k;
    kith_dir d;
    kith_status s;
    assert_int_equal(kith_kind_parse("Meeting", &k), 0);
    assert_int_equal(k, KITH_KIND_MEETING);
    assert_int_equal(kith_kind_parse("lunch", &k), -1);
    assert_int_equal(kith_kind_parse("", &k), -1);
    assert_int_equal(kith_kind_parse(NULL, &k), -1);
    assert_int_equal(kith_dir_parse("sideways", &d), -1);
    assert_int_equal(kith_status_parse("friends", &s), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_cases),
        cmocka_unit_test(test_every_kind_and_direction),
        cmocka_unit_test(test_lapsing_as_time_passes),
        cmocka_unit_test(test_window_edge_to_the_day),
        cmocka_unit_test(test_future_ignored),
        cmocka_unit_test(test_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
