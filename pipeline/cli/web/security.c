/*
 * security.c — the checks in front of every request to the local page
 * (server.c applies them): a random token, the Host and Origin a browser
 * sends, and the token's cookie. Pure functions, tested in tests/web/.
 *
 * Why each: the token keeps other local users and web pages from reading or
 * changing the address book; the Host check defeats DNS rebinding (a page of
 * evil.example whose name later resolves to 127.0.0.1 sends Host:
 * evil.example); the Origin check refuses writes that another site's page
 * makes the browser send.
 */
#include "cli/web/web_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

int web_token_new(char out[WEB_TOKEN_HEX + 1], kith_err *err)
{
    unsigned char raw[WEB_TOKEN_BYTES];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t r = getrandom(raw + got, sizeof raw - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return kith_error(err, "cannot get random bytes for the token: %s", strerror(errno));
        got += (size_t)r;
    }
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof raw; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[WEB_TOKEN_HEX] = '\0';
    return 0;
}

int web_token_eq(const char *expected, const char *given, size_t given_len)
{
    size_t n = strlen(expected);
    if (!given || given_len != n)
        return 0;
    unsigned diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)expected[i] ^ (unsigned char)given[i];
    return diff == 0;
}

/* s is exactly PREFIX + ":" + port, for one of the two loopback names. */
static int is_loopback_at(const char *s, const char *scheme, int port)
{
    static const char *const names[] = {"127.0.0.1", "localhost"};
    if (!s)
        return 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s%s:%d", scheme, names[i], port);
        if (strcasecmp(s, want) == 0)
            return 1;
    }
    return 0;
}

int web_host_ok(const char *host, int port)
{
    return is_loopback_at(host, "", port);
}

int web_origin_ok(const char *origin, int port)
{
    return is_loopback_at(origin, "http://", port);
}

const char *web_cookie_value(const char *header, const char *name, size_t *len)
{
    size_t n = strlen(name);
    const char *p = header;
    while (p && *p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t item = end ? (size_t)(end - p) : strlen(p);
        if (item > n && strncmp(p, name, n) == 0 && p[n] == '=') {
            const char *v = p + n + 1;
            size_t vl = item - n - 1;
            while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
                vl--;
            *len = vl;
            return v;
        }
        p = end;
    }
    *len = 0;
    return NULL;
}

int web_is_json_type(const char *type)
{
    static const char want[] = "application/json";
    if (!type || strncasecmp(type, want, sizeof want - 1) != 0)
        return 0;
    char next = type[sizeof want - 1];
    return next == '\0' || next == ';' || next == ' ';
}
