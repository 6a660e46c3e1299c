/*
 * cmd_list.c — `kith list`: the contacts as a table, or as JSON.
 *
 *     kith list [--status S] [--event NAME] [--missing active|reciprocal|personal]... [--json]
 *
 * The table has one row per contact: id, name, company, event, status and
 * what is missing, and ends with a one-line total (cards, connected, one
 * step away, without a personal note: cli/tally.c). --json prints one JSON
 * array whose elements (one per line) are the objects of `kith show --json`,
 * and no total. Filters combine with "and"; --missing
 * may be given more than once (all must be missing).
 *
 * An empty result exits 0 like any other answer: no table on stdout ("[]"
 * with --json) and a note on stderr saying why (no contacts yet, none from
 * that event, none match the filters). Only errors exit 1.
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "cli/tally.h"
#include "common/util.h"
#include "export/export.h"

#include <stdlib.h>
#include <string.h>

enum { MISS_ACTIVE = 1, MISS_RECIPROCAL = 2, MISS_PERSONAL = 4 };

typedef cli_entry row;

static int parse_missing(const char *s, unsigned *bits)
{
    if (strcmp(s, "active") == 0)
        *bits |= MISS_ACTIVE;
    else if (strcmp(s, "reciprocal") == 0)
        *bits |= MISS_RECIPROCAL;
    else if (strcmp(s, "personal") == 0)
        *bits |= MISS_PERSONAL;
    else
        return -1;
    return 0;
}

static int keep(const kith_connection *conn, int want_status, kith_status status,
                unsigned missing)
{
    if (want_status && conn->status != status)
        return 0;
    if ((missing & MISS_ACTIVE) && conn->active)
        return 0;
    if ((missing & MISS_RECIPROCAL) && conn->reciprocal)
        return 0;
    if ((missing & MISS_PERSONAL) && conn->personal)
        return 0;
    return 1;
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

static void print_table(const kith_cli *cli, const row *rows, size_t n, kith_strbuf *out)
{
    int colour = cli_colour(cli);
    size_t w_id = 2, w_name = 4, w_company = 7, w_event = 5;
    for (size_t i = 0; i < n; i++) {
        const kith_contact *c = rows[i].c;
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)c->id);
        if (strlen(id) > w_id)
            w_id = strlen(id);
        size_t w = cli_text_width(cli_display_name(c));
        if (w > w_name)
            w_name = w;
        if (c->fields->company && cli_text_width(c->fields->company) > w_company)
            w_company = cli_text_width(c->fields->company);
        if (c->event && cli_text_width(c->event) > w_event)
            w_event = cli_text_width(c->event);
    }
    w_name = min_size(w_name, 30);
    w_company = min_size(w_company, 28);
    w_event = min_size(w_event, 24);

    kith_strbuf_adds(out, cli_bold(colour));
    kith_strbuf_addf(out, "%*s  ", (int)w_id, "ID");
    cli_add_cell(out, "NAME", w_name);
    kith_strbuf_adds(out, "  ");
    cli_add_cell(out, "COMPANY", w_company);
    kith_strbuf_adds(out, "  ");
    cli_add_cell(out, "EVENT", w_event);
    kith_strbuf_adds(out, "  ");
    cli_add_cell(out, "STATUS", 11);
    kith_strbuf_adds(out, "  MISSING");
    kith_strbuf_adds(out, cli_reset(colour));
    kith_strbuf_addc(out, '\n');

    for (size_t i = 0; i < n; i++) {
        const kith_contact *c = rows[i].c;
        const kith_connection *conn = &rows[i].conn;
        kith_strbuf_addf(out, "%*lld  ", (int)w_id, (long long)c->id);
        cli_add_cell(out, cli_display_name(c), w_name);
        kith_strbuf_adds(out, "  ");
        cli_add_cell(out, c->fields->company, w_company);
        kith_strbuf_adds(out, "  ");
        cli_add_cell(out, c->event, w_event);
        kith_strbuf_adds(out, "  ");
        if (colour)
            kith_strbuf_adds(out, conn->status == KITH_STATUS_CONNECTED ? "\033[32m"
                                  : conn->status == KITH_STATUS_LAPSED  ? "\033[33m"
                                                                        : "");
        cli_add_cell(out, kith_status_name(conn->status), 11);
        kith_strbuf_adds(out, cli_reset(colour));
        kith_strbuf_adds(out, "  ");
        if (conn->status == KITH_STATUS_CONNECTED)
            kith_strbuf_adds(out, "-");
        else
            kith_connection_missing(conn, out);
        kith_strbuf_rtrim(out);
        kith_strbuf_addc(out, '\n');
    }
}

/* The one-line total under the table: the honest count of the rows shown. */
static void add_total(const row *rows, size_t n, kith_strbuf *out)
{
    cli_tally t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < n; i++)
        cli_tally_add(&t, &rows[i]);
    kith_strbuf_addf(out, "%zu contact%s: ", n, n == 1 ? "" : "s");
    cli_tally_line(out, &t);
    kith_strbuf_addc(out, '\n');
}

int cmd_list(kith_cli *cli, int argc, char **argv)
{
    const char *status_text = NULL, *event = NULL, *v;
    unsigned missing = 0;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        int r;
        if ((r = cli_opt_value("list", argc, argv, &i, "--status", &status_text)) != 0) {
            if (r < 0)
                return KITH_EXIT_USAGE;
        } else if ((r = cli_opt_value("list", argc, argv, &i, "--event", &event)) != 0) {
            if (r < 0)
                return KITH_EXIT_USAGE;
        } else if ((r = cli_opt_value("list", argc, argv, &i, "--missing", &v)) != 0) {
            if (r < 0)
                return KITH_EXIT_USAGE;
            if (parse_missing(v, &missing) < 0)
                return cli_usage_error("list", "--missing wants active, reciprocal or personal, "
                                               "not '%s'", v);
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else {
            return cli_usage_error("list", "unexpected argument '%s'", argv[i]);
        }
    }
    kith_status status = KITH_STATUS_UNCONNECTED;
    if (status_text && kith_status_parse(status_text, &status) < 0)
        return cli_usage_error("list", "--status wants unconnected, connected or lapsed, "
                                       "not '%s'", status_text);

    kith_store *st;
    row *rows;
    size_t n_ids;
    if (cli_load_all(cli, event, &st, &rows, &n_ids))
        return KITH_EXIT_FAIL;

    /* keep the rows that pass the filters, in place */
    int rc = KITH_EXIT_OK;
    size_t n = 0;
    for (size_t i = 0; i < n_ids; i++) {
        if (keep(&rows[i].conn, status_text != NULL, status, missing))
            rows[n++] = rows[i];
        else
            kith_contact_free(rows[i].c);
    }

    kith_strbuf out = KITH_STRBUF_INIT;
    if (json) {
        kith_strbuf_adds(&out, n ? "[\n" : "[");
        for (size_t i = 0; i < n; i++) {
            kith_export_json(rows[i].c, &rows[i].conn, cli->now, &out);
            kith_strbuf_adds(&out, i + 1 < n ? ",\n" : "\n");
        }
        kith_strbuf_adds(&out, "]\n");
    } else if (n) {
        print_table(cli, rows, n, &out);
        add_total(rows, n, &out);
    }
    if (cli_write_out(&out))
        rc = KITH_EXIT_FAIL;
    kith_strbuf_release(&out);
    if (!json && n == 0 && rc == KITH_EXIT_OK)
        fprintf(stderr, "kith: no contacts%s\n",
                n_ids ? " match" : event ? " from that event" : " yet");

    cli_entries_free(rows, n);
    kith_store_close(st);
    return rc;
}
