/*
 * cmd_next.c — `kith next [--json] [--limit N]`: who to follow up with, most
 * urgent first, each with the reason.
 *
 * The ranking is enrich's (enrich/followup.h: the tiers and their order);
 * this file phrases each contact's reason and prints the list.
 *
 * --limit defaults to 10. --json prints one JSON array of objects with rank,
 * id, name, company, event, status, missing and reason.
 */
#include "cli/cli.h"
#include "cli/next.h"
#include "cli/present.h"
#include "common/json.h"
#include "common/util.h"
#include "enrich/followup.h"

#include <stdlib.h>
#include <string.h>

enum { DEFAULT_LIMIT = 10 };

typedef cli_next_item cand;

/* When the card was collected: the first card's scan, else the contact's
 * creation. */
static int64_t collected_at(const kith_contact *c)
{
    return c->event_at ? c->event_at : c->created_at;
}

/* "last call 120 days ago" */
static void add_last(kith_strbuf *sb, const kith_interaction *last, int64_t now)
{
    kith_strbuf_addf(sb, "last %s ", kith_kind_name(last->kind));
    cli_add_ago(sb, last->at, now);
}

/* Places the contact in its tier (enrich's ranking) and writes the reason. */
static void rank_one(const kith_cli *cli, cand *k)
{
    const kith_contact *c = k->c;
    kith_followup f = kith_followup_rank(c->interactions, c->n_interactions, c->n_notes,
                                         collected_at(c), cli->now, &cli->policy);
    const kith_connection *conn = &f.conn;
    const kith_interaction *last = f.last;
    long window = cli->policy.window_days;
    kith_strbuf r = KITH_STRBUF_INIT;
    k->tier = (int)f.tier;
    k->key = f.key;

    switch (f.tier) {
    case KITH_TIER_AT_RISK:
        if (conn->status == KITH_STATUS_LAPSED) {
            kith_strbuf_adds(&r, "lapsed: ");
        } else if (f.lapses_in > 1) {
            kith_strbuf_addf(&r, "connected, lapses in %ld days: ", f.lapses_in);
        } else {
            kith_strbuf_adds(&r, "connected, lapses tomorrow: ");
        }
        add_last(&r, last, cli->now);
        break;
    case KITH_TIER_ONE_STEP:
        if (!conn->reciprocal)
            kith_strbuf_adds(&r, "personal and active but never replied: not reciprocal");
        else if (!conn->personal)
            kith_strbuf_adds(&r, "active and reciprocal, but no personal note yet");
        else
            kith_strbuf_addf(&r, "reciprocal and personal; one more exchange within %ld days "
                                 "makes it a connection", window);
        break;
    case KITH_TIER_FRESH:
        if (c->event && *c->event)
            kith_strbuf_addf(&r, "met at %s ", cli_safe(c->event));
        else
            kith_strbuf_adds(&r, "card scanned ");
        cli_add_ago(&r, f.collected_at, cli->now);
        kith_strbuf_adds(&r, ", nothing since");
        if (!conn->personal)
            kith_strbuf_adds(&r, "; no personal note yet");
        break;
    case KITH_TIER_NO_NOTE:
        kith_strbuf_adds(&r, "no personal note yet");
        if (last) {
            kith_strbuf_adds(&r, "; ");
            add_last(&r, last, cli->now);
        }
        break;
    case KITH_TIER_UNCONNECTED:
        kith_strbuf_adds(&r, "not yet ");
        kith_connection_missing(conn, &r);
        if (last) {
            kith_strbuf_adds(&r, "; ");
            add_last(&r, last, cli->now);
        } else {
            kith_strbuf_adds(&r, "; nothing logged yet");
        }
        break;
    case KITH_TIER_NONE:
        break;
    }
    k->reason = kith_strbuf_detach(&r);
}

static int by_rank(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    if (a->tier != b->tier)
        return a->tier < b->tier ? -1 : 1;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->c->id < b->c->id ? -1 : a->c->id > b->c->id;
}

void cli_next_json(kith_strbuf *out, const cand *k, size_t rank)
{
    const kith_contact *c = k->c;
    int first = 1;
    kith_strbuf_addc(out, '{');
    kith_json_member_int(out, &first, "rank", (long long)rank);
    kith_json_member_int(out, &first, "id", (long long)c->id);
    kith_json_member_str(out, &first, "name", c->fields->name, 1);
    kith_json_member_str(out, &first, "company", c->fields->company, 1);
    kith_json_member_str(out, &first, "event", c->event, 1);
    kith_json_member_str(out, &first, "status", kith_status_name(k->conn.status), 0);
    kith_json_key(out, &first, "missing");
    kith_strbuf_addc(out, '[');
    const char *sep = "";
    if (!k->conn.active) {
        kith_strbuf_addf(out, "%s\"active\"", sep);
        sep = ", ";
    }
    if (!k->conn.reciprocal) {
        kith_strbuf_addf(out, "%s\"reciprocal\"", sep);
        sep = ", ";
    }
    if (!k->conn.personal)
        kith_strbuf_addf(out, "%s\"personal\"", sep);
    kith_strbuf_addc(out, ']');
    kith_json_member_str(out, &first, "tier", kith_tier_name((kith_tier)k->tier), 0);
    kith_json_member_str(out, &first, "reason", k->reason, 0);
    kith_strbuf_addc(out, '}');
}

cli_next_item *cli_next_rank(const kith_cli *cli, cli_entry *all, size_t n_ids, size_t *n_out)
{
    /* the candidates take over the contacts of the ones listed */
    cand *list = kith_xcalloc(n_ids ? n_ids : 1, sizeof *list);
    size_t n = 0;
    for (size_t i = 0; i < n_ids; i++) {
        cand k = {0};
        k.c = all[i].c;
        k.conn = all[i].conn;
        rank_one(cli, &k);
        if (k.tier == 0) {
            free(k.reason);
            kith_contact_free(k.c);
            continue;
        }
        list[n++] = k;
    }
    free(all);
    qsort(list, n, sizeof *list, by_rank);
    *n_out = n;
    return list;
}

void cli_next_free(cli_next_item *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].reason);
        kith_contact_free(list[i].c);
    }
    free(list);
}

static void add_text(const kith_cli *cli, kith_strbuf *out, const cand *list, size_t n)
{
    int colour = cli_colour(cli);
    size_t w_name = 4;
    for (size_t i = 0; i < n; i++) {
        size_t w = cli_text_width(cli_display_name(list[i].c));
        if (w > w_name)
            w_name = w;
    }
    if (w_name > 30)
        w_name = 30;
    for (size_t i = 0; i < n; i++) {
        char id[24];
        snprintf(id, sizeof id, "#%lld", (long long)list[i].c->id);
        kith_strbuf_addf(out, "%2zu. %-6s ", i + 1, id);
        kith_strbuf_adds(out, cli_bold(colour));
        cli_add_cell(out, cli_display_name(list[i].c), w_name);
        kith_strbuf_adds(out, cli_reset(colour));
        kith_strbuf_addf(out, "  %s\n", list[i].reason);
    }
}

int cmd_next(kith_cli *cli, int argc, char **argv)
{
    int json = 0;
    long limit = DEFAULT_LIMIT;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r = cli_opt_value("next", argc, argv, &i, "--limit", &v);
        if (r < 0)
            return KITH_EXIT_USAGE;
        if (r > 0) {
            if (cli_parse_count("next", "--limit", v, 1000000, &limit) < 0)
                return KITH_EXIT_USAGE;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else {
            return cli_usage_error("next", "unexpected argument '%s'", argv[i]);
        }
    }

    kith_store *st;
    cli_entry *all;
    size_t n_ids;
    if (cli_load_all(cli, NULL, &st, &all, &n_ids))
        return KITH_EXIT_FAIL;
    size_t n;
    cand *list = cli_next_rank(cli, all, n_ids, &n);
    size_t more = n > (size_t)limit ? n - (size_t)limit : 0;
    size_t shown = n - more;
    kith_strbuf out = KITH_STRBUF_INIT;
    if (json) {
        kith_strbuf_adds(&out, shown ? "[\n" : "[");
        for (size_t i = 0; i < shown; i++) {
            cli_next_json(&out, &list[i], i + 1);
            kith_strbuf_adds(&out, i + 1 < shown ? ",\n" : "\n");
        }
        kith_strbuf_adds(&out, "]\n");
    } else {
        add_text(cli, &out, list, shown);
    }
    int rc = cli_write_out(&out);
    kith_strbuf_release(&out);
    if (!json && n == 0)
        fprintf(stderr, "kith: nobody to follow up with%s\n",
                n_ids ? " right now" : " (no contacts yet)");
    else if (!json && more)
        fprintf(stderr, "(%zu more; --limit N shows more)\n", more);
    cli_next_free(list, n);
    kith_store_close(st);
    return rc;
}
