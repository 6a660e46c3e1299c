/*
 * test_security.c — the checks in front of the web page (cli/web/security.c):
 * the token, Host (DNS rebinding), Origin (cross-site writes), the cookie and
 * the content type of writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli/web/web_int.h"

static void test_token(void **state)
{
    (void)state;
    char a[WEB_TOKEN_HEX + 1], b[WEB_TOKEN_HEX + 1];
    kith_err err;
    assert_int_equal(web_token_new(a, &err), 0);
    assert_int_equal(web_token_new(b, &err), 0);
    assert_int_equal(strlen(a), 32);
    assert_int_equal(strspn(a, "0123456789abcdef"), 32);
    assert_string_not_equal(a, b);
    assert_true(web_token_eq(a, a, strlen(a)));
    assert_false(web_token_eq(a, b, strlen(b)));
    assert_false(web_token_eq(a, a, 31));         /* a prefix is not the token */
    assert_false(web_token_eq(a, NULL, 0));
    char longer[WEB_TOKEN_HEX + 2];
    memcpy(longer, a, WEB_TOKEN_HEX);
    longer[WEB_TOKEN_HEX] = '0';
    longer[WEB_TOKEN_HEX + 1] = '\0';
    assert_false(web_token_eq(a, longer, strlen(longer)));
}

static void test_host(void **state)
{
    (void)state;
    assert_true(web_host_ok("127.0.0.1:8080", 8080));
    assert_true(web_host_ok("localhost:8080", 8080));
    assert_true(web_host_ok("LOCALHOST:8080", 8080));
    assert_false(web_host_ok("127.0.0.1:8081", 8080));
    assert_false(web_host_ok("127.0.0.1", 8080));
    assert_false(web_host_ok("evil.example:8080", 8080));
    assert_false(web_host_ok("localhost.evil.example:8080", 8080));
    assert_false(web_host_ok("127.0.0.1:8080.evil.example", 8080));
    assert_false(web_host_ok("", 8080));
    assert_false(web_host_ok(NULL, 8080));
}

static void test_origin(void **state)
{
    (void)state;
    assert_true(web_origin_ok("http://127.0.0.1:8080", 8080));
    assert_true(web_origin_ok("http://localhost:8080", 8080));
    assert_false(web_origin_ok("https://127.0.0.1:8080", 8080));
    assert_false(web_origin_ok("http://127.0.0.1:9090", 8080));
    assert_false(web_origin_ok("http://evil.example", 8080));
    assert_false(web_origin_ok("null", 8080));
    assert_false(web_origin_ok(NULL, 8080));
}

static void test_cookie(void **state)
{
    (void)state;
    size_t len;
    const char *v = web_cookie_value("a=1; kith_8080=abc; b=2", "kith_8080", &len);
    assert_non_null(v);
    assert_int_equal(len, 3);
    assert_memory_equal(v, "abc", 3);
    v = web_cookie_value("kith_8080=xyz", "kith_8080", &len);
    assert_non_null(v);
    assert_int_equal(len, 3);
    assert_null(web_cookie_value("kith_80801=abc", "kith_8080", &len));
    assert_null(web_cookie_value("xkith_8080=abc", "kith_8080", &len));
    assert_null(web_cookie_value("", "kith_8080", &len));
}

static void test_json_type(void **state)
{
    (void)state;
    assert_true(web_is_json_type("application/json"));
    assert_true(web_is_json_type("application/json; charset=utf-8"));
    assert_false(web_is_json_type("text/plain"));
    assert_false(web_is_json_type("application/x-www-form-urlencoded"));
    assert_false(web_is_json_type("application/jsonp"));
    assert_false(web_is_json_type(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token),  cmocka_unit_test(test_host),
        cmocka_unit_test(test_origin), cmocka_unit_test(test_cookie),
        cmocka_unit_test(test_json_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
