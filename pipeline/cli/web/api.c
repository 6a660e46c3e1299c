/*
 * api.c — the JSON API behind the page, and the card images.
 *
 *   GET  /api/session            {"mode": "review"|"book", "event", "today"}
 *   GET  /api/stats              the honest count per event (cli/tally.c)
 *   GET  /api/contacts[?status=S&event=E]   contacts with status and missing
 *   GET  /api/next               `kith next --json`'s list (cli/next.h)
 *   GET  /api/review[?event=E]   the review queue: ids of contacts without a
 *                                personal note, newest first
 *   GET  /api/contact/ID         a contact (`kith show --json`'s object) with
 *                                the fields the user edited and those OCR was
 *                                unsure of
 *   GET  /api/card/ID            a card's normalized image (PNG)
 *   POST /api/contact/ID/edit    {"title": "…", …}   as `kith edit`
 *   POST /api/contact/ID/note    {"text": "…"}        as `kith note`
 *   POST /api/contact/ID/log     {"kind", "dir", "date"?, "note"?}  as `kith log`
 *
 * Writes answer with the contact as it is afterwards. Everything a request
 * carries is checked before anything is written: a bad request gets a 4xx
 * with {"error": "…"} and changes nothing.
 */
#include "cli/next.h"
#include "cli/present.h"
#include "cli/tally.h"
#include "cli/web/web_int.h"
#include "common/json.h"
#include "common/util.h"
#include "export/export.h"
#include "extract/name.h"
#include "extract/unsure.h"
#include "ocr/ocr.h"

#include <stdlib.h>
#include <string.h>

/* The fields the page may edit: JSON name → KITH_FIELD_*. */
static const struct {
    const char *key;
    int field;
} editable[] = {
    {"name", KITH_FIELD_NAME},       {"title", KITH_FIELD_TITLE},
    {"company", KITH_FIELD_COMPANY}, {"email", KITH_FIELD_EMAILS},
    {"phone", KITH_FIELD_PHONES},    {"url", KITH_FIELD_URLS},
    {"address", KITH_FIELD_ADDRESS},
};
#define N_EDITABLE (sizeof editable / sizeof editable[0])

void web_app_release(web_app *app)
{
    kith_models_free(app->models);
    app->models = NULL;
}

/* --- reading --------------------------------------------------------------- */

/* Every contact (of `event` when not NULL) with its connection now. */
static int load_entries(web_app *app, const char *event, cli_entry **out, size_t *n,
                        web_resp *resp)
{
    kith_err err;
    int64_t *ids = NULL;
    size_t n_ids = 0;
    *out = NULL;
    *n = 0;
    if (kith_store_contact_ids(app->st, event, &ids, &n_ids, &err) < 0) {
        web_error(resp, 500, "%s", err.msg);
        return -1;
    }
    cli_entry *e = kith_xcalloc(n_ids ? n_ids : 1, sizeof *e);
    for (size_t i = 0; i < n_ids; i++) {
        if (kith_store_contact_get(app->st, ids[i], &e[i].c, &err) < 0) {
            web_error(resp, 500, "%s", err.msg);
            cli_entries_free(e, i);
            free(ids);
            return -1;
        }
        e[i].conn = cli_eval(app->cli, e[i].c);
    }
    free(ids);
    *out = e;
    *n = n_ids;
    return 0;
}

static void add_missing(kith_strbuf *out, const kith_connection *conn)
{
    const char *sep = "";
    kith_strbuf_addc(out, '[');
    if (!conn->active) {
        kith_strbuf_addf(out, "%s\"active\"", sep);
        sep = ", ";
    }
    if (!conn->reciprocal) {
        kith_strbuf_addf(out, "%s\"reciprocal\"", sep);
        sep = ", ";
    }
    if (!conn->personal)
        kith_strbuf_addf(out, "%s\"personal\"", sep);
    kith_strbuf_addc(out, ']');
}

/* ["title", …] for the KITH_FIELD_* bits set. */
static void add_field_names(kith_strbuf *out, unsigned bits)
{
    kith_strbuf_addc(out, '[');
    const char *sep = "";
    for (size_t k = 0; k < N_EDITABLE; k++) {
        if (bits & (1u << editable[k].field)) {
            kith_strbuf_addf(out, "%s\"%s\"", sep, editable[k].key);
            sep = ", ";
        }
    }
    kith_strbuf_addc(out, ']');
}

/* The fields OCR was unsure of, from the latest card's stored reading. */
static unsigned unsure_fields(web_app *app, const kith_contact *c)
{
    if (c->n_cards == 0)
        return 0;
    kith_err err;
    char *json = NULL;
    kith_ocr_result *ocr = NULL;
    unsigned bits = 0;
    if (kith_store_card_ocr_json(app->st, c->card_ids[c->n_cards - 1], &json, &err) == 0 &&
        json && kith_ocr_result_from_json(json, &ocr, &err) == 0)
        bits = kith_fields_unsure(c->fields, ocr, KITH_UNSURE_CONF, c->user_edited);
    kith_ocr_result_free(ocr);
    free(json);
    return bits;
}

/* The page's view of a contact. */
static void contact_json(web_app *app, const kith_contact *c, const kith_connection *conn,
                         kith_strbuf *out)
{
    int first = 1;
    kith_strbuf_addc(out, '{');
    kith_json_key(out, &first, "contact");
    kith_export_json(c, conn, app->cli->now, out);
    kith_json_member_str(out, &first, "display_name", cli_display_name(c), 0);
    kith_json_member_str(out, &first, "call_name", cli_call_name(c), 0);
    kith_strbuf summary = KITH_STRBUF_INIT;
    cli_add_status(&summary, conn, 0);
    kith_json_member_str(out, &first, "summary", kith_strbuf_str(&summary), 0);
    kith_strbuf_release(&summary);
    kith_json_key(out, &first, "edited");
    add_field_names(out, c->user_edited);
    kith_json_key(out, &first, "unsure");
    add_field_names(out, unsure_fields(app, c));
    kith_strbuf_adds(out, "}\n");
}

/* A whole positive id from text; 0 when it is not one. */
static int64_t parse_id(const char *s, size_t len)
{
    if (len == 0 || len > 18)
        return 0;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int load_one(web_app *app, int64_t id, kith_contact **c, kith_connection *conn,
                    web_resp *resp)
{
    kith_err err;
    int exists = 0;
    int64_t *ids = NULL;
    size_t n = 0;
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)id);
    /* an id that exists finds itself first (store.h); anything else is 404 */
    if (kith_store_contact_find(app->st, text, &ids, &n, &err) < 0) {
        web_error(resp, 500, "%s", err.msg);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        exists |= ids[i] == id;
    free(ids);
    if (!exists) {
        web_error(resp, 404, "no contact #%lld", (long long)id);
        return -1;
    }
    if (kith_store_contact_get(app->st, id, c, &err) < 0) {
        web_error(resp, 500, "%s", err.msg);
        return -1;
    }
    *conn = cli_eval(app->cli, *c);
    return 0;
}

static void get_contact(web_app *app, int64_t id, web_resp *resp)
{
    kith_contact *c;
    kith_connection conn;
    if (load_one(app, id, &c, &conn, resp) < 0)
        return;
    contact_json(app, c, &conn, &resp->body);
    kith_contact_free(c);
}

static void get_session(web_app *app, web_resp *resp)
{
    int first = 1;
    char today[11];
    kith_format_date(app->cli->now, today);
    kith_strbuf_addc(&resp->body, '{');
    kith_json_member_str(&resp->body, &first, "mode", app->review ? "review" : "book", 0);
    kith_json_key(&resp->body, &first, "event");
    kith_json_str(&resp->body, app->event);
    kith_json_member_str(&resp->body, &first, "today", today, 0);
    kith_json_member_int(&resp->body, &first, "window_days", app->cli->policy.window_days);
    kith_strbuf_adds(&resp->body, "}\n");
}

static void get_stats(web_app *app, web_resp *resp)
{
    cli_entry *all;
    size_t n_all, n;
    if (load_entries(app, NULL, &all, &n_all, resp) < 0)
        return;
    cli_tally total;
    cli_tally *t = cli_tally_events(all, n_all, &n, &total);
    kith_strbuf_adds(&resp->body, "{\"events\": [");
    for (size_t i = 0; i < n; i++) {
        if (i)
            kith_strbuf_adds(&resp->body, ", ");
        cli_tally_json(&resp->body, &t[i]);
    }
    kith_strbuf_adds(&resp->body, "], \"total\": ");
    cli_tally_json(&resp->body, &total);
    kith_strbuf_adds(&resp->body, "}\n");
    cli_tally_free(t, n);
    cli_entries_free(all, n_all);
}

static void get_contacts(web_app *app, const web_req *req, web_resp *resp)
{
    const char *status_text = req->arg(req->arg_ctx, "status");
    const char *event = req->arg(req->arg_ctx, "event");
    kith_status status = KITH_STATUS_UNCONNECTED;
    if (status_text && *status_text && kith_status_parse(status_text, &status) < 0) {
        web_error(resp, 400, "status wants unconnected, connected or lapsed, not '%s'",
                  status_text);
        return;
    }
    cli_entry *all;
    size_t n;
    if (load_entries(app, event && *event ? event : NULL, &all, &n, resp) < 0)
        return;
    kith_strbuf *out = &resp->body;
    kith_strbuf_adds(out, "{\"contacts\": [");
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        const kith_contact *c = all[i].c;
        const kith_connection *conn = &all[i].conn;
        if (status_text && *status_text && conn->status != status)
            continue;
        int first = 1;
        kith_strbuf_adds(out, shown++ ? ",\n{" : "\n{");
        kith_json_member_int(out, &first, "id", (long long)c->id);
        kith_json_member_str(out, &first, "name", cli_display_name(c), 0);
        kith_json_member_str(out, &first, "title", c->fields->title, 1);
        kith_json_member_str(out, &first, "company", c->fields->company, 1);
        kith_json_key(out, &first, "event");
        kith_json_str(out, c->event);
        kith_json_member_str(out, &first, "status", kith_status_name(conn->status), 0);
        kith_json_key(out, &first, "missing");
        add_missing(out, conn);
        kith_json_member_int(out, &first, "notes", (long long)c->n_notes);
        kith_strbuf_addc(out, '}');
    }
    kith_strbuf_adds(out, "],\n\"events\": [");
    /* every event, for the filter: from all contacts, not only those shown */
    cli_tally total;
    size_t n_ev;
    cli_tally *t = cli_tally_events(all, n, &n_ev, &total);
    size_t k = 0;
    for (size_t i = 0; i < n_ev; i++)
        if (t[i].event) {
            if (k++)
                kith_strbuf_adds(out, ", ");
            kith_json_str(out, t[i].event);
        }
    kith_strbuf_adds(out, "]}\n");
    cli_tally_free(t, n_ev);
    cli_entries_free(all, n);
}

static void get_next(web_app *app, web_resp *resp)
{
    cli_entry *all;
    size_t n_all, n;
    if (load_entries(app, NULL, &all, &n_all, resp) < 0)
        return;
    cli_next_item *list = cli_next_rank(app->cli, all, n_all, &n);
    kith_strbuf_adds(&resp->body, "{\"next\": [");
    for (size_t i = 0; i < n; i++) {
        kith_strbuf_adds(&resp->body, i ? ",\n" : "\n");
        cli_next_json(&resp->body, &list[i], i + 1);
    }
    kith_strbuf_adds(&resp->body, "]}\n");
    cli_next_free(list, n);
}

/* As `kith review`: contacts without a personal note, newest first. */
static void get_review(web_app *app, const web_req *req, web_resp *resp)
{
    const char *event = req->arg(req->arg_ctx, "event");
    if (!event || !*event)
        event = app->event;
    cli_entry *all;
    size_t n;
    if (load_entries(app, event, &all, &n, resp) < 0)
        return;
    kith_strbuf_adds(&resp->body, "{\"event\": ");
    kith_json_str(&resp->body, event);
    kith_strbuf_adds(&resp->body, ", \"queue\": [");
    const char *sep = "";
    for (size_t i = n; i-- > 0;) {
        if (all[i].c->n_notes == 0) {
            kith_strbuf_addf(&resp->body, "%s%lld", sep, (long long)all[i].c->id);
            sep = ", ";
        }
    }
    kith_strbuf_adds(&resp->body, "]}\n");
    cli_entries_free(all, n);
}

static void get_card(web_app *app, int64_t id, web_resp *resp)
{
    kith_err err;
    void *png;
    size_t len;
    if (kith_store_card_image(app->st, id, &png, &len, &err) < 0) {
        web_error(resp, 404, "%s", err.msg);
        return;
    }
    resp->type = "image/png";
    resp->owned = png;
    resp->owned_len = len;
}

/* --- writing --------------------------------------------------------------- */

/* Text a person typed: not too long, no control characters (newlines and
 * tabs only where `multiline`). NULL when fine, else what is wrong. */
static const char *bad_text(const char *s, size_t max, int multiline)
{
    size_t n = strlen(s);
    if (n > max)
        return "is too long";
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 && !(multiline && (ch == '\n' || ch == '\t' || ch == '\r'))) ||
            ch == 0x7f)
            return "holds a control character";
    }
    return NULL;
}

/* Parses the body as a JSON object; 400 when it is not one. */
static int parse_body(const web_req *req, kith_json **out, web_resp *resp)
{
    kith_err err;
    if (strlen(req->body) != req->body_len) {
        web_error(resp, 400, "the request body holds a NUL byte");
        return -1;
    }
    if (kith_json_parse(req->body, out, &err) < 0) {
        web_error(resp, 400, "the request body is not JSON: %s", err.msg);
        return -1;
    }
    if ((*out)->type != KITH_JSON_OBJECT) {
        kith_json_free(*out);
        web_error(resp, 400, "the request body must be a JSON object");
        return -1;
    }
    return 0;
}

static int edit_name(web_app *app, int64_t id, const char *typed, kith_err *err)
{
    if (!app->models && kith_models_load(NULL, &app->models, err) < 0)
        return -1;
    kith_name nm;
    kith_name_split_typed(app->models, typed, &nm);
    int rc = kith_store_contact_edit_name(app->st, id, &nm, err);
    kith_name_release(&nm);
    return rc;
}

/* {"title": "…", …}: every key an editable field, every value a string. */
static void post_edit(web_app *app, int64_t id, const kith_json *body, web_resp *resp)
{
    int which[N_EDITABLE];
    const char *values[N_EDITABLE];
    if (body->n == 0) {
        web_error(resp, 400, "nothing to change");
        return;
    }
    if (body->n > N_EDITABLE) {
        web_error(resp, 400, "too many fields");
        return;
    }
    for (size_t i = 0; i < body->n; i++) {
        size_t k = 0;
        while (k < N_EDITABLE && strcmp(editable[k].key, body->keys[i]) != 0)
            k++;
        if (k == N_EDITABLE) {
            web_error(resp, 400, "'%.40s' is not a field that can be edited (name, title, "
                                 "company, email, phone, url, address)", body->keys[i]);
            return;
        }
        for (size_t j = 0; j < i; j++)
            if (which[j] == editable[k].field) {
                web_error(resp, 400, "%s is given twice", editable[k].key);
                return;
            }
        const kith_json *v = body->items[i];
        if (v->type != KITH_JSON_STRING) {
            web_error(resp, 400, "%s must be a string", editable[k].key);
            return;
        }
        const char *why = bad_text(v->string, WEB_MAX_FIELD, 0);
        if (why) {
            web_error(resp, 400, "%s %s", editable[k].key, why);
            return;
        }
        if (editable[k].field == KITH_FIELD_NAME && !*v->string) {
            web_error(resp, 400, "the name cannot be empty");
            return;
        }
        which[i] = editable[k].field;
        values[i] = v->string;
    }
    kith_contact *c;
    kith_connection conn;
    if (load_one(app, id, &c, &conn, resp) < 0)
        return;
    kith_contact_free(c);
    kith_err err;
    for (size_t i = 0; i < body->n; i++) {
        int r = which[i] == KITH_FIELD_NAME
                    ? edit_name(app, id, values[i], &err)
                    : kith_store_contact_edit(app->st, id, which[i], values[i], &err);
        if (r < 0) {
            web_error(resp, 500, "%s: %s", body->keys[i], err.msg);
            return;
        }
    }
    get_contact(app, id, resp);
}

/* {"text": "…"} */
static void post_note(web_app *app, int64_t id, const kith_json *body, web_resp *resp)
{
    const char *text = kith_json_get_str(body, "text");
    if (!text) {
        web_error(resp, 400, "a note needs \"text\", a string");
        return;
    }
    const char *why = bad_text(text, WEB_MAX_NOTE, 1);
    if (why) {
        web_error(resp, 400, "the note %s", why);
        return;
    }
    char *note = kith_xstrdup(text);
    kith_trim(note);
    kith_contact *c;
    kith_connection conn;
    kith_err err;
    if (!*note)
        web_error(resp, 400, "the note is empty");
    else if (load_one(app, id, &c, &conn, resp) == 0) {
        kith_contact_free(c);
        if (kith_store_note_add(app->st, id, note, app->cli->now, &err) < 0)
            web_error(resp, 500, "%s", err.msg);
        else
            get_contact(app, id, resp);
    }
    free(note);
}

/* {"kind": "meeting", "dir": "both", "date": "YYYY-MM-DD", "note": "…"} */
static void post_log(web_app *app, int64_t id, const kith_json *body, web_resp *resp)
{
    const char *kind_text = kith_json_get_str(body, "kind");
    const char *dir_text = kith_json_get_str(body, "dir");
    const char *date = kith_json_get_str(body, "date");
    const char *note = kith_json_get_str(body, "note");
    kith_kind kind;
    kith_dir dir = KITH_DIR_OUT;
    int64_t at = app->cli->now;
    kith_err err;
    const char *why;
    if (!kind_text || kith_kind_parse(kind_text, &kind) < 0) {
        web_error(resp, 400, "kind wants meeting, call, video, email, message, social, "
                             "broadcast or view");
        return;
    }
    if (dir_text && *dir_text && kith_dir_parse(dir_text, &dir) < 0) {
        web_error(resp, 400, "dir wants out, in or both");
        return;
    }
    if ((!dir_text || !*dir_text) && kith_kind_counts(kind)) {
        web_error(resp, 400, "dir is required for %s: out (you reached them), in (they "
                             "reached you) or both", kind_text);
        return;
    }
    if (date && *date && kith_parse_date(date, &at, &err) < 0) {
        web_error(resp, 400, "date: %s", err.msg);
        return;
    }
    if (note && (why = bad_text(note, WEB_MAX_NOTE, 1)) != NULL) {
        web_error(resp, 400, "the note %s", why);
        return;
    }
    kith_contact *c;
    kith_connection conn;
    if (load_one(app, id, &c, &conn, resp) < 0)
        return;
    kith_contact_free(c);
    if (kith_store_interaction_add(app->st, id, kind, dir, at, note && *note ? note : NULL,
                                   &err) < 0)
        web_error(resp, 500, "%s", err.msg);
    else
        get_contact(app, id, resp);
}

/* --- routing ---------------------------------------------------------------- */

/* "/api/contact/17/note" with prefix "/api/contact/": *id = 17, *rest = "/note". */
static int split_id(const char *path, const char *prefix, int64_t *id, const char **rest)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0)
        return 0;
    const char *p = path + n;
    size_t len = strcspn(p, "/");
    *id = parse_id(p, len);
    *rest = p + len;
    return *id > 0;
}

void web_api(web_app *app, const web_req *req, web_resp *resp)
{
    const char *path = req->path, *rest;
    int64_t id;
    int get = strcmp(req->method, "POST") != 0;
    resp->status = 200;
    resp->type = "application/json";
    if (get) {
        if (strcmp(path, "/api/session") == 0)
            get_session(app, resp);
        else if (strcmp(path, "/api/stats") == 0)
            get_stats(app, resp);
        else if (strcmp(path, "/api/contacts") == 0)
            get_contacts(app, req, resp);
        else if (strcmp(path, "/api/next") == 0)
            get_next(app, resp);
        else if (strcmp(path, "/api/review") == 0)
            get_review(app, req, resp);
        else if (split_id(path, "/api/contact/", &id, &rest) && !*rest)
            get_contact(app, id, resp);
        else if (split_id(path, "/api/card/", &id, &rest) && !*rest)
            get_card(app, id, resp);
        else
            web_error(resp, 404, "no such API: %.80s", path);
        return;
    }
    if (!split_id(path, "/api/contact/", &id, &rest) ||
        (strcmp(rest, "/edit") != 0 && strcmp(rest, "/note") != 0 && strcmp(rest, "/log") != 0)) {
        web_error(resp, 404, "nothing to post to at %.80s", path);
        return;
    }
    kith_json *body;
    if (parse_body(req, &body, resp) < 0)
        return;
    if (strcmp(rest, "/edit") == 0)
        post_edit(app, id, body, resp);
    else if (strcmp(rest, "/note") == 0)
        post_note(app, id, body, resp);
    else
        post_log(app, id, body, resp);
    kith_json_free(body);
}
