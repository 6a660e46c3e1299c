/*
 * cmd_stats.c — `kith stats [--json]`: the honest count per event. Collecting
 * cards is not knowing people: each event's row sets the cards collected
 * against the contacts that became real connections, those one step away,
 * and those without a personal note (cli/tally.c counts).
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "cli/tally.h"

#include <stdio.h>
#include <string.h>

static void add_row(kith_strbuf *out, const char *label, size_t w, const cli_tally *t)
{
    cli_add_cell(out, label, w);
    kith_strbuf_addf(out, "  %5zu  %8zu  %9zu  %6zu  %8zu  %7zu\n", t->cards, t->contacts,
                     t->connected, t->lapsed, t->one_step, t->no_note);
}

int cmd_stats(kith_cli *cli, int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else
            return cli_usage_error("stats", "unexpected argument '%s'", argv[i]);
    }
    kith_store *st;
    cli_entry *all;
    size_t n_all, n;
    if (cli_load_all(cli, NULL, &st, &all, &n_all))
        return KITH_EXIT_FAIL;
    cli_tally total;
    cli_tally *t = cli_tally_events(all, n_all, &n, &total);

    kith_strbuf out = KITH_STRBUF_INIT;
    if (json) {
        kith_strbuf_adds(&out, "{\"events\": [");
        for (size_t i = 0; i < n; i++) {
            kith_strbuf_adds(&out, i ? ",\n  " : "\n  ");
            cli_tally_json(&out, &t[i]);
        }
        kith_strbuf_adds(&out, n ? "\n], \"total\": " : "], \"total\": ");
        cli_tally_json(&out, &total);
        kith_strbuf_adds(&out, "}\n");
    } else if (n) {
        int colour = cli_colour(cli);
        size_t w = 5;
        for (size_t i = 0; i < n; i++)
            if (t[i].event && cli_text_width(t[i].event) > w)
                w = cli_text_width(t[i].event);
        if (w > 32)
            w = 32;
        kith_strbuf_adds(&out, cli_bold(colour));
        cli_add_cell(&out, "EVENT", w);
        kith_strbuf_adds(&out, "  CARDS  CONTACTS  CONNECTED  LAPSED  ONE STEP  NO NOTE");
        kith_strbuf_adds(&out, cli_reset(colour));
        kith_strbuf_addc(&out, '\n');
        for (size_t i = 0; i < n; i++)
            add_row(&out, t[i].event ? t[i].event : "(no event)", w, &t[i]);
        if (n > 1)
            add_row(&out, "total", w, &total);
        kith_strbuf_adds(&out, "\n");
        cli_tally_line(&out, &total);
        kith_strbuf_adds(&out, "\n");
    }
    int rc = cli_write_out(&out);
    kith_strbuf_release(&out);
    if (!json && n == 0)
        fprintf(stderr, "kith: no contacts yet\n");
    cli_tally_free(t, n);
    cli_entries_free(all, n_all);
    kith_store_close(st);
    return rc;
}
