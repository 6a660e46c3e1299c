/*
 * test_score.c — the benchmark's comparison rules, driven by the cases in
 * tests/bench/score_cases.jsonl (one JSON object per line):
 *
 *   {"norm": "text|address|url|digits", "in": "...", "out": "..."}
 *   {"field": "name|...|address", "truth": {...}, "out": {...} or null,
 *    "expect": "right|missing|wrong", "numbers": "..." (phones only)}
 *   {"baseline": "name|...", "truth": {...}, "text": "...", "found": true|false}
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/util.h"
#include "score.h"

static const char *outcome_name(bench_outcome o)
{
    return o == BENCH_RIGHT ? "right" : o == BENCH_MISSING ? "missing" : "wrong";
}

static bench_field field_of(const char *name)
{
    for (int f = 0; f < BENCH_N_FIELDS; f++)
        if (strcmp(bench_field_names[f], name) == 0)
            return (bench_field)f;
    fail_msg("unknown field %s", name);
    return BENCH_NAME;
}

static void run_case(const kith_json *c, int lineno)
{
    const char *norm = kith_json_get_str(c, "norm");
    const char *field = kith_json_get_str(c, "field");
    const char *base = kith_json_get_str(c, "baseline");
    if (norm) {
        const char *in = kith_json_get_str(c, "in"), *want = kith_json_get_str(c, "out");
        assert_non_null(in);
        assert_non_null(want);
        char *got = strcmp(norm, "text") == 0      ? bench_norm_text(in)
                  : strcmp(norm, "address") == 0   ? bench_norm_address(in)
                  : strcmp(norm, "url") == 0       ? bench_norm_url(in)
                                                   : bench_digits(in);
        /* digits cases may space their expectation for readability */
        char *w = strcmp(norm, "digits") == 0 ? bench_digits(want) : kith_xstrdup(want);
        if (strcmp(got, w) != 0)
            fail_msg("line %d: %s(\"%s\") = \"%s\", want \"%s\"", lineno, norm, in, got, w);
        free(got);
        free(w);
        return;
    }
    const kith_json *truth = kith_json_get(c, "truth");
    assert_non_null(truth);
    if (field) {
        const kith_json *out = kith_json_get(c, "out");
        assert_non_null(out);
        if (out->type == KITH_JSON_NULL)
            out = NULL;
        bench_outcome got = bench_score(field_of(field), truth, out);
        const char *want = kith_json_get_str(c, "expect");
        assert_non_null(want);
        if (strcmp(outcome_name(got), want) != 0)
            fail_msg("line %d: %s scored %s, want %s", lineno, field, outcome_name(got), want);
        const char *numbers = kith_json_get_str(c, "numbers");
        if (numbers) {
            got = bench_score_phone_numbers(truth, out);
            if (strcmp(outcome_name(got), numbers) != 0)
                fail_msg("line %d: phone numbers scored %s, want %s", lineno,
                         outcome_name(got), numbers);
        }
        return;
    }
    assert_non_null(base);
    const char *text = kith_json_get_str(c, "text");
    const kith_json *found = kith_json_get(c, "found");
    assert_non_null(text);
    assert_non_null(found);
    int got = bench_found_in_text(field_of(base), truth, text);
    if (got != found->boolean)
        fail_msg("line %d: baseline %s found=%d, want %d", lineno, base, got, found->boolean);
}

static void test_cases(void **state)
{
    (void)state;
    const char *src = getenv("KITH_SOURCE_DIR");
    assert_non_null(src);
    char *path = kith_xasprintf("%s/tests/bench/score_cases.jsonl", src);
    char *text;
    size_t len;
    kith_err err;
    if (kith_read_file(path, &text, &len, &err) < 0)
        fail_msg("%s", err.msg);
    int lineno = 0, cases = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        kith_json *c;
        if (kith_json_parse(line, &c, &err) < 0)
            fail_msg("%s:%d: %s", path, lineno, err.msg);
        run_case(c, lineno);
        kith_json_free(c);
        cases++;
    }
    assert_true(cases >= 40);
    free(text);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
