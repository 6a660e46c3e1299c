/* test_common.c — errors, strings, JSON writing and parsing, dates, paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/error.h"
#include "common/json.h"
#include "common/paths.h"
#include "common/strbuf.h"
#include "common/term.h"
#include "common/util.h"

static void error_sets_and_prefixes(void **state)
{
    (void)state;
    kith_err err;
    assert_int_equal(kith_error(&err, "cannot open %s", "x.jpg"), -1);
    assert_string_equal(err.msg, "cannot open x.jpg");
    assert_int_equal(kith_error_prefix(&err, "%s", "cards/a.jpg"), -1);
    assert_string_equal(err.msg, "cards/a.jpg: cannot open x.jpg");
    assert_int_equal(kith_error(NULL, "ignored"), -1);
    char big[2000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    kith_error(&err, "%s", big);
    assert_int_equal(strlen(err.msg), KITH_ERR_MAX - 1);
    kith_error_prefix(&err, "p");
    assert_int_equal(strlen(err.msg), KITH_ERR_MAX - 1);
    assert_memory_equal(err.msg, "p: aaa", 6);
}

static void strbuf_grows_and_detaches(void **state)
{
    (void)state;
    kith_strbuf sb = KITH_STRBUF_INIT;
    assert_string_equal(kith_strbuf_str(&sb), "");
    for (int i = 0; i < 1000; i++)
        kith_strbuf_addf(&sb, "%d,", i);
    assert_int_equal(sb.len, strlen(sb.buf));
    assert_memory_equal(sb.buf, "0,1,2,", 6);
    kith_strbuf_reset(&sb);
    kith_strbuf_adds(&sb, "text \n\t ");
    kith_strbuf_rtrim(&sb);
    assert_string_equal(kith_strbuf_str(&sb), "text");
    char *s = kith_strbuf_detach(&sb);
    assert_string_equal(s, "text");
    assert_null(sb.buf);
    free(s);
}

static void json_escapes_and_replaces_bad_utf8(void **state)
{
    (void)state;
    kith_strbuf sb = KITH_STRBUF_INIT;
    kith_json_str(&sb, "a\"b\\c\nd\x01 Zo\xc3\xab \xff end");
    assert_string_equal(kith_strbuf_str(&sb),
                        "\"a\\\"b\\\\c\\nd\\u0001 Zo\xc3\xab \xef\xbf\xbd end\"");
    kith_strbuf_reset(&sb);
    int first = 1;
    kith_strbuf_addc(&sb, '{');
    kith_json_member_str(&sb, &first, "name", "Anna", 1);
    kith_json_member_str(&sb, &first, "title", "", 1);
    kith_json_member_int(&sb, &first, "id", 17);
    kith_json_member_bool(&sb, &first, "new", 1);
    kith_json_member_num(&sb, &first, "confidence", 0.925);
    kith_strbuf_addc(&sb, '}');
    assert_string_equal(kith_strbuf_str(&sb),
                        "{\"name\": \"Anna\", \"id\": 17, \"new\": true, \"confidence\": 0.93}");
    kith_strbuf_release(&sb);
}

static void json_round_trips(void **state)
{
    (void)state;
    const char *text = "{\"a\": [1, -2.5e1, true, false, null], \"s\": \"x\\u00e9\\ud83d\\ude00\\n\","
                       " \"o\": {\"k\": \"v\"}, \"e\": []}";
    kith_json *j = NULL;
    kith_err err;
    assert_int_equal(kith_json_parse(text, &j, &err), 0);
    const kith_json *a = kith_json_get(j, "a");
    assert_non_null(a);
    assert_int_equal(a->type, KITH_JSON_ARRAY);
    assert_int_equal(a->n, 5);
    assert_true(a->items[1]->number == -25.0);
    assert_true(a->items[2]->boolean);
    assert_int_equal(a->items[4]->type, KITH_JSON_NULL);
    assert_string_equal(kith_json_get_str(j, "s"), "x\xc3\xa9\xf0\x9f\x98\x80\n");
    assert_string_equal(kith_json_get_str(kith_json_get(j, "o"), "k"), "v");
    assert_int_equal(kith_json_get(j, "e")->n, 0);
    assert_null(kith_json_get(j, "missing"));
    assert_null(kith_json_get_str(j, "a"));
    kith_json_free(j);
}

static void json_rejects_bad_text(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "{", "[1,]", "{\"a\" 1}", "\"abc", "tru", "[1] x",
                                      "{\"a\": \"\x01\"}", "{1: 2}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kith_json *j = NULL;
        kith_err err;
        assert_int_equal(kith_json_parse(bad[i], &j, &err), -1);
        assert_null(j);
        assert_non_null(strstr(err.msg, "json:"));
    }
    /* deep nesting is refused, not a stack overflow */
    char deep[5000];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    kith_json *j = NULL;
    kith_err err;
    assert_int_equal(kith_json_parse(deep, &j, &err), -1);
}

static void dates_parse_and_format(void **state)
{
    (void)state;
    int64_t t;
    kith_err err;
    assert_int_equal(kith_parse_date("1970-01-02", &t, &err), 0);
    assert_int_equal(t, 86400);
    assert_int_equal(kith_parse_date("2024-02-29", &t, &err), 0);
    char out[11];
    kith_format_date(t, out);
    assert_string_equal(out, "2024-02-29");
    kith_format_date(t + 86399, out);
    assert_string_equal(out, "2024-02-29");
    assert_int_equal(kith_parse_date("2023-02-29", &t, &err), -1);
    assert_int_equal(kith_parse_date("2023-13-01", &t, &err), -1);
    assert_int_equal(kith_parse_date("2023-1-1", &t, &err), -1);
    assert_int_equal(kith_parse_date("0001-01-01", &t, &err), -1);   /* issue 15 */
    assert_non_null(strstr(err.msg, "out of range"));
    assert_int_equal(kith_parse_date("3000-01-01", &t, &err), -1);
    assert_int_equal(kith_parse_date("1900-01-01", &t, &err), 0);
    assert_int_equal(kith_parse_date("yesterday", &t, &err), -1);
    assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
}

static void sha256_matches_known_vector(void **state)
{
    (void)state;
    char hex[65];
    kith_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    char dir[] = "/tmp/kith-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = kith_xasprintf("%s/f", dir);
    FILE *f = fopen(path, "wb");
    fputs("abc", f);
    fclose(f);
    char hex2[65];
    kith_err err;
    assert_int_equal(kith_sha256_file(path, hex2, &err), 0);
    assert_string_equal(hex, hex2);
    unlink(path);
    assert_int_equal(kith_sha256_file(path, hex2, &err), -1);
    assert_non_null(strstr(err.msg, "cannot open"));
    free(path);
    rmdir(dir);
}

static void default_db_path_follows_the_environment(void **state)
{
    (void)state;
    char *p = NULL;
    kith_err err;
    setenv("KITH_DB", "/x/y.db", 1);
    assert_int_equal(kith_default_db_path(&p, &err), 0);
    assert_string_equal(p, "/x/y.db");
    free(p);
    unsetenv("KITH_DB");
    setenv("XDG_DATA_HOME", "/data", 1);
    assert_int_equal(kith_default_db_path(&p, &err), 0);
    assert_string_equal(p, "/data/kith/kith.db");
    free(p);
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/u", 1);
    assert_int_equal(kith_default_db_path(&p, &err), 0);
    assert_string_equal(p, "/home/u/.local/share/kith/kith.db");
    free(p);
}

static void strings_and_lists(void **state)
{
    (void)state;
    char s[] = "  \t padded \n";
    assert_string_equal(kith_trim(s), "padded");
    assert_true(kith_strieq("GmbH", "gmbh"));
    assert_false(kith_strieq("GmbH", "gmb"));
    assert_true(kith_starts_with_ci("Mobile: 1", "mobile"));
    kith_strlist l = KITH_STRLIST_INIT;
    kith_strlist_push(&l, "a");
    kith_strlist_push_owned(&l, kith_xstrdup("b"));
    assert_true(kith_strlist_contains(&l, "b"));
    assert_false(kith_strlist_contains(&l, "c"));
    assert_int_equal(l.n, 2);
    kith_strlist_clear(&l);
    assert_int_equal(l.n, 0);
}

/* issue 15 (found by fuzz_ocr_json): malformed UTF-8 inside a JSON string
 * reads as U+FFFD, so what is read writes back and reads the same */
static void json_reads_bad_utf8_as_replacement(void **state)
{
    (void)state;
    kith_json *j = NULL;
    kith_err err;
    assert_int_equal(kith_json_parse("[\"a\x8f" "b\xc0\", \"\xc3\xa9\"]", &j, &err), 0);
    assert_string_equal(j->items[0]->string, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
    assert_string_equal(j->items[1]->string, "\xc3\xa9");
    kith_json_free(j);
}

/* issue 15: text from outside shown on a terminal */
static void term_safe_shows_controls_visibly(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Eve \033]0;pwned\007\033[2J\033[31mX", "Eve \\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mX"},
        {"two\nlines\r\tand", "two lines  and"},
        {"Bj\xc3\xb6rn Wei\xc3\x9f", "Bj\xc3\xb6rn Wei\xc3\x9f"},          /* valid UTF-8 stays */
        {"a\xc2\x9b" "31m", "a\\u009b31m"},                            /* C1 CSI */
        {"x\xe2\x80\xae" "evil", "x\\u202eevil"},                           /* RTL override */
        {"bad\xff\xc3(", "bad\xef\xbf\xbd\xef\xbf\xbd("},                /* invalid bytes */
        {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},                        /* overlong '/' */
        {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},       /* a surrogate */
        {"\xf0\x9f\x98", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},       /* cut short */
        {"del\x7f", "del\\x7f"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = kith_term_safe(cases[i].in);
        assert_string_equal(got, cases[i].want);
        free(got);
    }
    char *null = kith_term_safe(NULL);
    assert_string_equal(null, "");
    free(null);
    kith_strbuf sb = KITH_STRBUF_INIT;
    kith_term_add(&sb, "a\nb\033c", 5, KITH_TERM_MULTILINE);
    assert_string_equal(kith_strbuf_str(&sb), "a\nb\\x1bc");
    kith_strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_sets_and_prefixes),
        cmocka_unit_test(strbuf_grows_and_detaches),
        cmocka_unit_test(json_escapes_and_replaces_bad_utf8),
        cmocka_unit_test(json_round_trips),
        cmocka_unit_test(json_rejects_bad_text),
        cmocka_unit_test(dates_parse_and_format),
        cmocka_unit_test(sha256_matches_known_vector),
        cmocka_unit_test(default_db_path_follows_the_environment),
        cmocka_unit_test(strings_and_lists),
        cmocka_unit_test(term_safe_shows_controls_visibly),
        cmocka_unit_test(json_reads_bad_utf8_as_replacement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
