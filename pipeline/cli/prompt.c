/*
 * prompt.c — asking for personal notes, one contact at a time.
 *
 * Used after `kith scan` on a terminal and by `kith review`. For each contact
 * it shows the name, title, company and event, then asks "What do you know
 * about <given name> beyond the card?". A line of text becomes a personal
 * note (dated cli->now); Enter skips, and the contact stays in the review
 * queue; `q` or end of input stops asking. Nothing is asked unless both
 * stdin and stdout are terminals, so pipes and scripts never block here.
 *
 * Returns 0 (also when the user stops early), or KITH_EXIT_FAIL after
 * printing the error when the store fails.
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads one line from stdin; returns NULL at end of input. Caller frees. */
static char *read_line(void)
{
    char *line = NULL;
    size_t cap = 0;
    if (getline(&line, &cap, stdin) < 0) {
        free(line);
        return NULL;
    }
    return line;
}

static void show_contact(const kith_cli *cli, const kith_contact *c, size_t k, size_t n)
{
    int colour = cli_colour(cli);
    const kith_fields *f = c->fields;
    printf("\n%s[%zu/%zu] %s%s\n", cli_bold(colour), k, n, cli_safe(cli_display_name(c)),
           cli_reset(colour));
    int has_title = f->title && *f->title, has_company = f->company && *f->company;
    if (has_title || has_company)
        printf("      %s%s%s\n", has_title ? cli_safe(f->title) : "",
               has_title && has_company ? " at " : "", has_company ? cli_safe(f->company) : "");
    if (c->event && *c->event) {
        char date[11];
        kith_format_date(c->event_at ? c->event_at : c->created_at, date);
        printf("      met at %s (%s)\n", cli_safe(c->event), date);
    }
}

int cli_prompt_notes(kith_cli *cli, kith_store *st, const int64_t *ids, size_t n)
{
    if (!cli->stdin_tty || !cli->stdout_tty || n == 0)
        return 0;
    int colour = cli_colour(cli);
    size_t saved = 0, had_note = 0;
    int rc = 0, stop = 0;
    printf("%sA personal note for each contact: Enter skips (kith review asks again), "
           "q stops.%s\n", cli_dim(colour), cli_reset(colour));
    for (size_t k = 0; k < n && !stop && rc == 0; k++) {
        kith_contact *c;
        if (cli_load_contact(cli, st, ids[k], &c, NULL)) {
            rc = KITH_EXIT_FAIL;
            break;
        }
        if (c->n_notes > 0) {   /* e.g. a card merged into a contact with a note */
            had_note++;
            kith_contact_free(c);
            continue;
        }
        show_contact(cli, c, k + 1, n);
        printf("What do you know about %s beyond the card? ", cli_safe(cli_call_name(c)));
        fflush(stdout);
        char *line = read_line();
        if (!line) {
            putchar('\n');   /* EOF (Ctrl-D): end the prompt line */
            stop = 1;
        } else {
            kith_trim(line);
            if (strcmp(line, "q") == 0 || strcmp(line, "Q") == 0) {
                stop = 1;
            } else if (*line) {
                kith_err err;
                if (kith_store_note_add(st, c->id, line, cli->now, &err) < 0) {
                    rc = cli_fail("%s", err.msg);
                } else {
                    kith_contact *after;
                    kith_connection conn;
                    saved++;
                    if (cli_load_contact(cli, st, c->id, &after, &conn) == 0) {
                        kith_strbuf sb = KITH_STRBUF_INIT;
                        cli_add_status(&sb, &conn, colour);
                        printf("      saved; %s\n", kith_strbuf_str(&sb));
                        kith_strbuf_release(&sb);
                        kith_contact_free(after);
                    } else {
                        rc = KITH_EXIT_FAIL;
                    }
                }
            }
            free(line);
        }
        kith_contact_free(c);
    }
    size_t left = n - saved - had_note;
    printf("\n%zu note%s saved", saved, saved == 1 ? "" : "s");
    if (left)
        printf("; %zu contact%s still without one (kith review)", left, left == 1 ? "" : "s");
    printf(".\n");
    fflush(stdout);
    return rc;
}
