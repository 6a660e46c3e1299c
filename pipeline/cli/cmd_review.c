/*
 * cmd_review.c — `kith review [--event NAME]`: the review queue, i.e. the
 * contacts without a personal note, newest first. On a terminal it asks for a
 * note for each (cli_prompt_notes: Enter skips, q stops). Anywhere else it
 * never waits for input: it prints the queue, one contact per line, and says
 * how to add notes.
 *
 * --browser reviews in a web page instead (cli/web/): the card image beside
 * its fields, to correct them, and the note box.
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "cli/web/web.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

int cmd_review(kith_cli *cli, int argc, char **argv)
{
    const char *event = NULL;
    int browser = 0;
    web_opts web = {NULL, 1, 0, 1};
    for (int i = 1; i < argc; i++) {
        int r = cli_opt_value("review", argc, argv, &i, "--event", &event);
        if (r == 0 && strcmp(argv[i], "--browser") == 0) {
            browser = r = 1;
        } else if (r == 0) {
            r = cli_serve_opt("review", argc, argv, &i, &web);
            if (r > 0)
                browser |= 2;   /* a server option: only with --browser */
        }
        if (r < 0)
            return KITH_EXIT_USAGE;
        if (r == 0)
            return cli_usage_error("review", "unexpected argument '%s'", argv[i]);
    }
    if (browser == 2)
        return cli_usage_error("review", "--port and --no-open go with --browser");
    if (browser) {
        web.event = event;
        return web_run(cli, &web);
    }

    kith_store *st;
    cli_entry *all;
    size_t n_ids;
    if (cli_load_all(cli, event, &st, &all, &n_ids))
        return KITH_EXIT_FAIL;

    /* the queue, newest first: the most recently met are freshest in mind */
    int64_t *queue = kith_xcalloc(n_ids ? n_ids : 1, sizeof *queue);
    size_t n = 0;
    kith_strbuf out = KITH_STRBUF_INIT;
    for (size_t i = n_ids; i-- > 0;) {
        const kith_contact *c = all[i].c;
        if (c->n_notes == 0) {
            queue[n++] = c->id;
            kith_strbuf_addf(&out, "%6lld  %s", (long long)c->id,
                             cli_safe(cli_display_name(c)));
            if (c->fields->company && *c->fields->company)
                kith_strbuf_addf(&out, ", %s", cli_safe(c->fields->company));
            if (c->event && *c->event)
                kith_strbuf_addf(&out, " (%s)", cli_safe(c->event));
            kith_strbuf_addc(&out, '\n');
        }
    }
    cli_entries_free(all, n_ids);

    int rc = 0;
    if (n_ids == 0) {
        fprintf(stderr, "kith: no contacts%s\n", event ? " from that event" : " yet");
    } else if (n == 0) {
        fprintf(stderr, "kith: every contact%s has a personal note\n", event ? " of that event" : "");
    } else if (cli->stdin_tty && cli->stdout_tty) {
        rc = cli_prompt_notes(cli, st, queue, n);
    } else {
        rc = cli_write_out(&out);
        fprintf(stderr, "kith: %zu contact%s without a personal note; add one with "
                        "'kith note CONTACT TEXT', or run 'kith review' in a terminal\n",
                n, n == 1 ? "" : "s");
    }
    kith_strbuf_release(&out);
    free(queue);
    kith_store_close(st);
    return rc;
}
