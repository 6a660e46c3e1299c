/*
 * web_int.h — what the files of cli/web/ share: a request and a response as
 * the API sees them (no libmicrohttpd types beyond server.c), the
 * application state, the security checks and the embedded assets.
 */
#ifndef KITH_CLI_WEB_INT_H
#define KITH_CLI_WEB_INT_H

#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "common/models.h"

/* Limits on what a client may send. */
enum {
    WEB_MAX_BODY = 64 * 1024,   /* bytes of a POST body */
    WEB_MAX_FIELD = 1000,       /* bytes of one edited field */
    WEB_MAX_NOTE = 8000         /* bytes of a note */
};

/* --- the application --------------------------------------------------- */

typedef struct web_app {
    kith_cli *cli;          /* options, policy; cli->now is refreshed per request */
    int now_fixed;          /* --now / KITH_NOW given: keep cli->now */
    kith_store *st;         /* used by the daemon's one thread only */
    kith_models *models;    /* for splitting an edited name; loaded on first use */
    const char *event;      /* review queue filter, or NULL */
    int review;             /* the page opens on the review queue */
} web_app;

typedef struct web_req {
    const char *method;     /* "GET", "POST" */
    const char *path;       /* URL path, no query */
    const char *body;       /* NUL-terminated POST body, or NULL */
    size_t body_len;
    /* a query argument by name, or NULL */
    const char *(*arg)(void *ctx, const char *name);
    void *arg_ctx;
} web_req;

typedef struct web_resp {
    int status;             /* HTTP status */
    const char *type;       /* Content-Type */
    kith_strbuf body;       /* owned; or data below */
    const void *data;       /* static bytes (assets), when body is empty */
    size_t data_len;
    void *owned;            /* malloc'd bytes (a card image), freed after sending */
    size_t owned_len;
} web_resp;

/* Sets resp to {"error": MESSAGE} with the status. */
void web_error(web_resp *resp, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Answers a request under /api/ (api.c). */
void web_api(web_app *app, const web_req *req, web_resp *resp);

/* Frees what the API loaded lazily (the models). */
void web_app_release(web_app *app);

/* --- security (security.c) ---------------------------------------------- */

enum { WEB_TOKEN_BYTES = 16, WEB_TOKEN_HEX = 2 * WEB_TOKEN_BYTES };

/* A random 128-bit token as 32 hex digits (from getrandom). */
int web_token_new(char out[WEB_TOKEN_HEX + 1], kith_err *err);

/* Equal tokens, compared in constant time over the expected length. */
int web_token_eq(const char *expected, const char *given, size_t given_len);

/* Host is exactly 127.0.0.1:PORT or localhost:PORT (DNS rebinding). */
int web_host_ok(const char *host, int port);

/* Origin is exactly http://127.0.0.1:PORT or http://localhost:PORT. */
int web_origin_ok(const char *origin, int port);

/* The value of cookie `name` in a Cookie header, or NULL; *len its length. */
const char *web_cookie_value(const char *header, const char *name, size_t *len);

/* Content-Type is application/json (parameters such as charset allowed). */
int web_is_json_type(const char *type);

/* --- the page ------------------------------------------------------------ */

typedef struct web_asset {
    const char *path;            /* "/app.js" */
    const char *type;            /* Content-Type */
    const unsigned char *data;
    size_t len;
} web_asset;

extern const web_asset web_assets[];
extern const size_t web_n_assets;

#endif
