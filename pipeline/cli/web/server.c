/*
 * server.c — the local web server of `kith serve` and `kith review
 * --browser` (libmicrohttpd).
 *
 * One listening socket on 127.0.0.1 (a free port unless --port), one daemon
 * thread that answers every request in turn — so the store is used from one
 * thread, as store.h asks — and the calling thread waiting for SIGINT or
 * SIGTERM, then stopping the daemon (which joins its thread) and closing the
 * store.
 *
 * Every request passes the gate first (security.c has the checks):
 *   - Host must be 127.0.0.1:PORT or localhost:PORT            else 403
 *   - the token: the cookie kith_PORT, or ?token= (which then sets the
 *     cookie, HttpOnly and SameSite=Strict; "/?token=" redirects to "/" so
 *     the token leaves the address bar)                         else 403
 *   - writes are POST with Origin http://127.0.0.1:PORT (or localhost),
 *     Content-Type application/json, at most WEB_MAX_BODY bytes
 *                                                   else 403 / 415 / 413
 * and every response carries Content-Security-Policy default-src 'self',
 * nosniff, no referrer, no caching and no framing.
 */
#include "cli/web/web.h"
#include "cli/web/web_int.h"
#include "common/json.h"
#include "common/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct web_server {
    web_app app;
    int port;
    char token[WEB_TOKEN_HEX + 1];
    char cookie[32];           /* the cookie's name: kith_PORT (cookies ignore ports) */
} web_server;

/* What one request collects between the calls of the access handler. */
typedef struct req_ctx {
    kith_strbuf body;
    int too_big;
    int answered;
    int set_cookie;            /* the token came in the query: set the cookie */
} req_ctx;

void web_error(web_resp *resp, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    resp->status = status;
    resp->type = "application/json";
    kith_strbuf_reset(&resp->body);
    kith_strbuf_adds(&resp->body, "{\"error\": ");
    kith_json_str(&resp->body, msg);
    kith_strbuf_adds(&resp->body, "}\n");
}

static void add_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                            "form-action 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

/* Queues resp (and releases what it holds). */
static enum MHD_Result send_resp(web_server *sv, req_ctx *ctx, struct MHD_Connection *c,
                                 web_resp *resp, const char *location)
{
    struct MHD_Response *r;
    if (resp->owned) {
        r = MHD_create_response_from_buffer(resp->owned_len, resp->owned, MHD_RESPMEM_MUST_FREE);
        resp->owned = NULL;
    } else if (resp->body.len) {
        r = MHD_create_response_from_buffer(resp->body.len, resp->body.buf,
                                            MHD_RESPMEM_MUST_COPY);
    } else {
        r = MHD_create_response_from_buffer(resp->data_len, (void *)resp->data,
                                            MHD_RESPMEM_PERSISTENT);
    }
    kith_strbuf_release(&resp->body);
    if (!r)
        return MHD_NO;
    add_headers(r);
    if (resp->type)
        MHD_add_response_header(r, "Content-Type", resp->type);
    if (location)
        MHD_add_response_header(r, "Location", location);
    if (ctx->set_cookie) {
        char cookie[128];
        snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict", sv->cookie,
                 sv->token);
        MHD_add_response_header(r, "Set-Cookie", cookie);
    }
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    ctx->answered = 1;
    return ret;
}

static const char *header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* The checks every request passes before anything else; 0 to go on, or
 * resp set to the refusal. */
static int gate(web_server *sv, req_ctx *ctx, struct MHD_Connection *c, const char *method,
                web_resp *resp)
{
    int post = strcmp(method, "POST") == 0;
    if (!post && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        web_error(resp, 405, "method %s is not allowed", method);
        return -1;
    }
    if (!web_host_ok(header(c, MHD_HTTP_HEADER_HOST), sv->port)) {
        web_error(resp, 403,
                  "wrong Host header: this server answers only to 127.0.0.1:%d or "
                  "localhost:%d", sv->port, sv->port);
        return -1;
    }
    size_t len = 0;
    const char *cookie = header(c, MHD_HTTP_HEADER_COOKIE);
    const char *given = cookie ? web_cookie_value(cookie, sv->cookie, &len) : NULL;
    if (!web_token_eq(sv->token, given, len)) {
        given = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
        if (!given || !web_token_eq(sv->token, given, strlen(given))) {
            web_error(resp, 403,
                      "missing or wrong token: open the address kith printed, with its token");
            return -1;
        }
        ctx->set_cookie = 1;
    }
    if (!post)
        return 0;
    if (!web_origin_ok(header(c, "Origin"), sv->port)) {
        web_error(resp, 403, "cross-origin request refused");
        return -1;
    }
    const char *site = header(c, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0) {
        web_error(resp, 403, "cross-site request refused");
        return -1;
    }
    if (!web_is_json_type(header(c, MHD_HTTP_HEADER_CONTENT_TYPE))) {
        web_error(resp, 415, "writes take application/json");
        return -1;
    }
    const char *length = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > WEB_MAX_BODY) {
        web_error(resp, 413, "request body over %d bytes", WEB_MAX_BODY);
        return -1;
    }
    return 0;
}

static const char *query_arg(void *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

/* The page's files, or the API. */
static enum MHD_Result answer(web_server *sv, req_ctx *ctx, struct MHD_Connection *c,
                              const char *url, const char *method)
{
    web_resp resp = {200, NULL, KITH_STRBUF_INIT, NULL, 0, NULL, 0};
    if (!sv->app.now_fixed)
        sv->app.cli->now = kith_now();
    if (strncmp(url, "/api/", 5) == 0) {
        web_req req = {method, url, ctx->body.len ? ctx->body.buf : NULL, ctx->body.len,
                       query_arg, c};
        if (strcmp(method, "POST") == 0 && !req.body)
            req.body = "";
        web_api(&sv->app, &req, &resp);
        return send_resp(sv, ctx, c, &resp, NULL);
    }
    if (strcmp(method, "POST") == 0) {
        web_error(&resp, 404, "nothing to post to at %s", url);
        return send_resp(sv, ctx, c, &resp, NULL);
    }
    if (ctx->set_cookie && strcmp(url, "/") == 0) {
        /* the token leaves the address bar (and the history) for the cookie */
        resp.status = 303;
        resp.type = "text/plain; charset=utf-8";
        resp.data = "";
        return send_resp(sv, ctx, c, &resp, "/");
    }
    const char *path = strcmp(url, "/") == 0 ? "/index.html" : url;
    for (size_t i = 0; i < web_n_assets; i++) {
        if (strcmp(web_assets[i].path, path) == 0) {
            resp.type = web_assets[i].type;
            resp.data = web_assets[i].data;
            resp.data_len = web_assets[i].len;
            return send_resp(sv, ctx, c, &resp, NULL);
        }
    }
    web_error(&resp, 404, "no page at %s", url);
    return send_resp(sv, ctx, c, &resp, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    web_server *sv = cls;
    req_ctx *ctx = *con_cls;
    (void)version;
    if (!ctx) {
        ctx = kith_xcalloc(1, sizeof *ctx);
        *con_cls = ctx;
        web_resp resp = {200, NULL, KITH_STRBUF_INIT, NULL, 0, NULL, 0};
        if (gate(sv, ctx, c, method, &resp) < 0) {
            ctx->set_cookie = 0;
            return send_resp(sv, ctx, c, &resp, NULL);
        }
        if (strcmp(method, "POST") == 0)
            return MHD_YES;   /* the body comes in the next calls */
        return answer(sv, ctx, c, url, method);
    }
    if (ctx->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!ctx->too_big && ctx->body.len + *upload_data_size <= WEB_MAX_BODY)
            kith_strbuf_add(&ctx->body, upload_data, *upload_data_size);
        else
            ctx->too_big = 1;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (ctx->too_big) {
        web_resp resp = {200, NULL, KITH_STRBUF_INIT, NULL, 0, NULL, 0};
        web_error(&resp, 413, "request body over %d bytes",
                  WEB_MAX_BODY);
        return send_resp(sv, ctx, c, &resp, NULL);
    }
    return answer(sv, ctx, c, url, method);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    req_ctx *ctx = *con_cls;
    if (ctx) {
        kith_strbuf_release(&ctx->body);
        free(ctx);
        *con_cls = NULL;
    }
}

/* A socket listening on 127.0.0.1:port (0: a free one); *bound gets the port. */
static int listen_loopback(int port, int *bound)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return cli_fail("cannot open a socket: %s", strerror(errno));
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 32) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sl) < 0) {
        int e = errno;
        close(fd);
        if (port)
            return cli_fail("cannot listen on 127.0.0.1:%d: %s", port, strerror(e));
        return cli_fail("cannot listen on 127.0.0.1: %s", strerror(e));
    }
    *bound = ntohs(sa.sin_port);
    return fd;
}

/* Is there a desktop to open a browser on, and xdg-open to do it? */
static int have_desktop(void)
{
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    if (!(x && *x) && !(w && *w))
        return 0;
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    char *copy = kith_xstrdup(path), *save = NULL;
    int found = 0;
    for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char *p = kith_xasprintf("%s/xdg-open", dir);
        found = access(p, X_OK) == 0;
        free(p);
    }
    free(copy);
    return found;
}

/* Starts xdg-open URL, detached (a grandchild: nothing to reap later). The
 * child gets back the signal mask and SIGPIPE that web_run changed: exec
 * keeps both, and the browser must not inherit them. */
static void open_browser(const char *url, const sigset_t *mask)
{
    pid_t pid = fork();
    if (pid < 0)
        return;
    if (pid == 0) {
        if (fork() == 0) {
            signal(SIGPIPE, SIG_DFL);
            sigprocmask(SIG_SETMASK, mask, NULL);
            setsid();
            int null = open("/dev/null", O_RDWR);
            if (null >= 0) {
                dup2(null, 0);
                dup2(null, 1);
                dup2(null, 2);
            }
            execlp("xdg-open", "xdg-open", url, (char *)NULL);
        }
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

int web_run(kith_cli *cli, const web_opts *o)
{
    web_server *sv = kith_xcalloc(1, sizeof *sv);
    kith_err err;
    int rc = KITH_EXIT_OK;
    if (web_token_new(sv->token, &err) < 0) {
        free(sv);
        return cli_fail("%s", err.msg);
    }
    sv->app.cli = cli;
    sv->app.now_fixed = cli->now_fixed;
    sv->app.event = o->event;
    sv->app.review = o->review;
    if (cli_open_store(cli, &sv->app.st)) {
        free(sv);
        return KITH_EXIT_FAIL;
    }
    int fd = listen_loopback(o->port, &sv->port);
    if (fd < 0) {
        kith_store_close(sv->app.st);
        free(sv);
        return KITH_EXIT_FAIL;
    }
    snprintf(sv->cookie, sizeof sv->cookie, "kith_%d", sv->port);

    /* SIGINT and SIGTERM wait for sigwait below, in every thread */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL, on_request, sv,
        MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_NOTIFY_COMPLETED, on_done, sv,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)60, MHD_OPTION_END);
    if (!d) {
        close(fd);
        rc = cli_fail("cannot start the web server on 127.0.0.1:%d", sv->port);
    } else {
        char *url = kith_xasprintf("http://127.0.0.1:%d/?token=%s", sv->port, sv->token);
        printf("kith: %s at %s\n", o->review ? "the review page" : "the address book", url);
        printf("(the address holds a token that gives access: keep it to yourself; "
               "Ctrl-C stops)\n");
        fflush(stdout);
        if (o->open_browser && have_desktop())
            open_browser(url, &old);
        free(url);
        int sig = 0;
        while (sigwait(&stop, &sig) != 0)
            ;
        MHD_stop_daemon(d);
        fprintf(stderr, "kith: stopped (%s)\n", sig == SIGINT ? "interrupt" : "terminated");
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    web_app_release(&sv->app);
    kith_store_close(sv->app.st);
    free(sv);
    return rc;
}
