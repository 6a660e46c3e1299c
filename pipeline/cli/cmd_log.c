/*
 * cmd_log.c — `kith log`: record an interaction with one contact, several, or
 * every contact collected at an event (a newsletter to the whole event).
 *
 *     kith log CONTACT... --kind KIND --dir out|in|both [--at YYYY-MM-DD] [--note TEXT]
 *     kith log --kind broadcast --event NAME [--at YYYY-MM-DD]
 *
 * --dir is required for the counting kinds, because the direction decides
 * whether the contact is reciprocal and kith does not guess it; broadcast and
 * view default to out. Every CONTACT is resolved before anything is written,
 * so an ambiguous name logs nothing, and all of them are logged in one
 * transaction (kith_store_interaction_add_many): a failure part-way logs
 * nobody. Prints one line per contact with the status after the interaction
 * (and the change, when there is one).
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

static void push_unique(int64_t **ids, size_t *n, size_t *cap, int64_t id)
{
    for (size_t i = 0; i < *n; i++)
        if ((*ids)[i] == id)
            return;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *ids = kith_xrealloc(*ids, *cap * sizeof **ids);
    }
    (*ids)[(*n)++] = id;
}

/* The line about one contact after the interaction was logged: its status,
 * and the change when `before` differs. */
static int print_one(kith_cli *cli, kith_store *st, int64_t id, kith_kind kind, kith_dir dir,
                     int64_t at, kith_status before, kith_strbuf *out)
{
    kith_contact *c;
    kith_connection after;
    if (cli_load_contact(cli, st, id, &c, &after))
        return KITH_EXIT_FAIL;
    char date[11];
    kith_format_date(at, date);
    int colour = cli_colour(cli);
    kith_strbuf_addf(out, "logged %s (%s) with #%lld %s on %s: ", kith_kind_name(kind),
                     kith_dir_name(dir), (long long)id, cli_safe(cli_display_name(c)), date);
    if (before != after.status)
        kith_strbuf_addf(out, "%s -> ", kith_status_name(before));
    cli_add_status(out, &after, colour);
    kith_strbuf_addc(out, '\n');
    kith_contact_free(c);
    return 0;
}

/* Logs the interaction with every contact in one transaction (all or none),
 * then prints one line per contact. */
static int log_all(kith_cli *cli, kith_store *st, const int64_t *ids, size_t n, kith_kind kind,
                   kith_dir dir, int64_t at, const char *note, kith_strbuf *out)
{
    kith_status *before = kith_xcalloc(n, sizeof *before);
    kith_err err;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        kith_contact *c;
        kith_connection conn;
        rc = cli_load_contact(cli, st, ids[i], &c, &conn);
        if (rc == 0) {
            before[i] = conn.status;
            kith_contact_free(c);
        }
    }
    if (rc == 0 && kith_store_interaction_add_many(st, ids, n, kind, dir, at, note, &err) < 0)
        rc = cli_fail("%s (nobody was logged)", err.msg);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = print_one(cli, st, ids[i], kind, dir, at, before[i], out);
    free(before);
    return rc;
}

int cmd_log(kith_cli *cli, int argc, char **argv)
{
    const char *kind_text = NULL, *dir_text = NULL, *at_text = NULL, *note = NULL,
               *event = NULL;
    const char **queries = kith_xcalloc((size_t)argc, sizeof *queries);
    size_t n_queries = 0;
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        int r = 0;
        if ((r = cli_opt_value("log", argc, argv, &i, "--kind", &kind_text)) ||
            (r = cli_opt_value("log", argc, argv, &i, "--dir", &dir_text)) ||
            (r = cli_opt_value("log", argc, argv, &i, "--at", &at_text)) ||
            (r = cli_opt_value("log", argc, argv, &i, "--note", &note)) ||
            (r = cli_opt_value("log", argc, argv, &i, "--event", &event))) {
            if (r < 0)
                rc = KITH_EXIT_USAGE;
        } else if (strcmp(argv[i], "--") == 0) {
            while (++i < argc)
                queries[n_queries++] = argv[i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            rc = cli_usage_error("log", "unknown option '%s'", argv[i]);
        } else {
            queries[n_queries++] = argv[i];
        }
    }

    kith_kind kind = KITH_KIND_MEETING;
    kith_dir dir = KITH_DIR_OUT;
    int64_t at = cli->now;
    kith_err err;
    if (rc) {
        /* already reported */
    } else if (!kind_text) {
        rc = cli_usage_error("log", "--kind is required (meeting, call, video, email, "
                                    "message, social, broadcast or view)");
    } else if (kith_kind_parse(kind_text, &kind) < 0) {
        rc = cli_usage_error("log", "unknown kind '%s' (meeting, call, video, email, "
                                    "message, social, broadcast or view)", kind_text);
    } else if (dir_text && kith_dir_parse(dir_text, &dir) < 0) {
        rc = cli_usage_error("log", "--dir wants out, in or both, not '%s'", dir_text);
    } else if (!dir_text && kith_kind_counts(kind)) {
        rc = cli_usage_error("log", "--dir is required for %s: out (you reached them), "
                                    "in (they reached you) or both", kind_text);
    } else if (at_text && kith_parse_date(at_text, &at, &err) < 0) {
        rc = cli_usage_error("log", "--at: %s", err.msg);
    } else if (!n_queries && !event) {
        rc = cli_usage_error("log", "which contact? (or --event NAME for all from an event)");
    }
    if (rc) {
        free(queries);
        return rc;
    }

    kith_store *st;
    if (cli_open_store(cli, &st)) {
        free(queries);
        return KITH_EXIT_FAIL;
    }
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    for (size_t q = 0; q < n_queries && rc == 0; q++) {
        int64_t id;
        rc = cli_resolve_contact(cli, st, queries[q], &id);
        if (rc == 0)
            push_unique(&ids, &n, &cap, id);
    }
    if (rc == 0 && event) {
        int64_t *ev = NULL;
        size_t n_ev = 0;
        if (kith_store_contact_ids(st, event, &ev, &n_ev, &err) < 0)
            rc = cli_fail("%s", err.msg);
        else if (n_ev == 0)
            rc = cli_fail("no contacts were collected at '%s'", event);
        for (size_t i = 0; i < n_ev; i++)
            push_unique(&ids, &n, &cap, ev[i]);
        free(ev);
    }

    if (rc == 0 && cli_is_future(at, cli->now)) {
        char date[11];
        kith_format_date(at, date);
        fprintf(stderr, "kith: note: %s is after now; it counts from that day on\n",
                cli_safe(date));
    }
    kith_strbuf out = KITH_STRBUF_INIT;
    if (rc == 0)
        rc = log_all(cli, st, ids, n, kind, dir, at, note, &out);
    if (rc == 0 && !kith_kind_counts(kind))
        kith_strbuf_addf(&out, "(%s is recorded, but never counts towards a connection)\n",
                         kith_kind_name(kind));
    if (cli_write_out(&out) && rc == 0)
        rc = KITH_EXIT_FAIL;
    kith_strbuf_release(&out);
    free(ids);
    free(queries);
    kith_store_close(st);
    return rc;
}
