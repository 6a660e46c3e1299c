/*
 * cmd_show.c — `kith show CONTACT [--json]`: one contact's fields, where it
 * was collected, its cards, notes and interactions, and its status with what
 * is missing and why.
 *
 * --json prints the object of kith_export_json (the same as one element of
 * `kith list --json`), which has status, active, reciprocal, personal and
 * missing besides the fields. --card-image FILE also writes the normalized
 * image of the contact's most recent card (PNG) to FILE.
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "common/files.h"
#include "common/util.h"
#include "export/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_line(kith_strbuf *out, int colour, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    kith_strbuf_addf(out, "  %s%-10s%s %s\n", cli_dim(colour), label, cli_reset(colour),
                     cli_safe(value));
}

static void add_fields(kith_strbuf *out, int colour, const kith_contact *c)
{
    const kith_fields *f = c->fields;
    add_line(out, colour, "title", f->title);
    add_line(out, colour, "company", f->company);
    add_line(out, colour, "department", f->department);
    for (size_t i = 0; i < f->n_emails; i++)
        add_line(out, colour, "email", f->emails[i]);
    for (size_t i = 0; i < f->n_phones; i++) {
        const kith_phone *p = &f->phones[i];
        char *line = kith_xasprintf("%s%s%s (%s)", p->number ? p->number : "",
                                    p->ext ? " ext. " : "", p->ext ? p->ext : "",
                                    kith_phone_kind_name(p->kind));
        add_line(out, colour, "phone", line);
        free(line);
    }
    for (size_t i = 0; i < f->n_urls; i++)
        add_line(out, colour, "url", f->urls[i]);
    add_line(out, colour, "address", f->address);
}

static void add_meta(kith_strbuf *out, int colour, const kith_cli *cli, const kith_contact *c)
{
    kith_strbuf line = KITH_STRBUF_INIT;
    if (c->event) {
        char date[11];
        kith_format_date(c->event_at ? c->event_at : c->created_at, date);
        kith_strbuf_addf(&line, "%s (collected %s, ", c->event, date);
        cli_add_ago(&line, c->event_at ? c->event_at : c->created_at, cli->now);
        kith_strbuf_addc(&line, ')');
        add_line(out, colour, "event", kith_strbuf_str(&line));
        kith_strbuf_reset(&line);
    }
    for (size_t i = 0; i < c->n_cards; i++) {
        if (i)
            kith_strbuf_adds(&line, ", ");
        kith_strbuf_adds(&line, c->card_images[i]);
    }
    add_line(out, colour, c->n_cards == 1 ? "card" : "cards", kith_strbuf_str(&line));
    kith_strbuf_reset(&line);

    static const char *const names[] = {"name", "title", "company", "emails",
                                        "phones", "urls", "address"};
    for (unsigned b = 0; b < sizeof names / sizeof names[0]; b++) {
        if (!(c->user_edited & (1u << b)))
            continue;
        if (line.len)
            kith_strbuf_adds(&line, ", ");
        kith_strbuf_adds(&line, names[b]);
    }
    add_line(out, colour, "edited", kith_strbuf_str(&line));
    kith_strbuf_release(&line);
}

/* Why each of active / reciprocal / personal holds or not. */
static void add_status(kith_strbuf *out, int colour, const kith_cli *cli,
                       const kith_contact *c, const kith_connection *conn)
{
    kith_strbuf_adds(out, "\nstatus: ");
    cli_add_status(out, conn, colour);
    kith_strbuf_addc(out, '\n');

    const kith_interaction *last = cli_last_counting(c, conn);
    int window = cli->policy.window_days;
    kith_strbuf_addf(out, "  %-11s %s — ", "active", conn->active ? "yes" : "no");
    if (conn->active || conn->n_counting >= cli->policy.min_counting) {
        kith_strbuf_addf(out, "%d counting interactions", conn->n_counting);
        if (last) {
            kith_strbuf_addf(out, ", the latest (%s) ", kith_kind_name(last->kind));
            cli_add_ago(out, last->at, cli->now);
        }
        if (!conn->active)
            kith_strbuf_addf(out, "; the window is %d days", window);
    } else {
        kith_strbuf_addf(out, "%d counting interaction%s; %d needed, the latest within %d days",
                         conn->n_counting, conn->n_counting == 1 ? "" : "s",
                         cli->policy.min_counting, window);
    }
    kith_strbuf_addc(out, '\n');

    kith_strbuf_addf(out, "  %-11s %s — ", "reciprocal", conn->reciprocal ? "yes" : "no");
    const kith_interaction *reply = NULL;
    for (size_t i = 0; i < c->n_interactions; i++) {
        const kith_interaction *x = &c->interactions[i];
        if (kith_kind_counts(x->kind) && x->dir != KITH_DIR_OUT &&
            !cli_is_future(x->at, cli->now))
            reply = x;
    }
    if (reply) {
        char date[11];
        kith_format_date(reply->at, date);
        kith_strbuf_addf(out, "latest two-way: %s (%s) on %s\n", kith_kind_name(reply->kind),
                         kith_dir_name(reply->dir), date);
    } else {
        kith_strbuf_adds(out, "nothing from them yet (a reply is logged with --dir in, "
                              "a conversation with --dir both)\n");
    }

    kith_strbuf_addf(out, "  %-11s %s — ", "personal", conn->personal ? "yes" : "no");
    if (conn->personal)
        kith_strbuf_addf(out, "%zu personal note%s\n", c->n_notes, c->n_notes == 1 ? "" : "s");
    else
        kith_strbuf_addf(out, "no personal note (add one: kith note %lld TEXT)\n",
                         (long long)c->id);
}

static void add_notes(kith_strbuf *out, const kith_contact *c)
{
    if (!c->n_notes)
        return;
    kith_strbuf_addf(out, "\nnotes (%zu):\n", c->n_notes);
    for (size_t i = 0; i < c->n_notes; i++) {
        char date[11];
        kith_format_date(c->notes[i].at, date);
        kith_strbuf_addf(out, "  %s  %s\n", date, cli_safe(c->notes[i].text));
    }
}

static void add_interactions(kith_strbuf *out, int colour, const kith_cli *cli,
                             const kith_contact *c)
{
    if (!c->n_interactions)
        return;
    kith_strbuf_addf(out, "\ninteractions (%zu):\n", c->n_interactions);
    for (size_t i = 0; i < c->n_interactions; i++) {
        const kith_interaction *x = &c->interactions[i];
        char date[11];
        kith_format_date(x->at, date);
        int counts = kith_kind_counts(x->kind);
        kith_strbuf_addf(out, "  %s%s  %-9s %-4s", counts ? "" : cli_dim(colour), date,
                         kith_kind_name(x->kind), kith_dir_name(x->dir));
        if (x->note && *x->note)
            kith_strbuf_addf(out, "  %s", cli_safe(x->note));
        if (!counts)
            kith_strbuf_adds(out, "  (does not count)");
        else if (cli_is_future(x->at, cli->now))
            kith_strbuf_adds(out, "  (after now: not counted yet)");
        kith_strbuf_adds(out, counts ? "" : cli_reset(colour));
        kith_strbuf_addc(out, '\n');
    }
}

/* Writes the latest card's stored image to path. */
static int save_card_image(kith_store *st, const kith_contact *c, const char *path)
{
    if (c->n_cards == 0)
        return cli_fail("#%lld has no card", (long long)c->id);
    void *png;
    size_t len;
    kith_err err;
    if (kith_store_card_image(st, c->card_ids[c->n_cards - 1], &png, &len, &err) < 0)
        return cli_fail("%s", err.msg);
    int rc = kith_write_private(path, png, len, &err);
    free(png);
    if (rc < 0)
        return cli_fail("%s", err.msg);
    fprintf(stderr, "kith: wrote %s (%s)\n", cli_safe(path),
            cli_safe(c->card_images[c->n_cards - 1]));
    return 0;
}

int cmd_show(kith_cli *cli, int argc, char **argv)
{
    const char *query = NULL, *image_path = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        int r = cli_opt_value("show", argc, argv, &i, "--card-image", &image_path);
        if (r < 0)
            return KITH_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--") == 0 && i + 1 < argc && !query)
            query = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage_error("show", "unknown option '%s'", argv[i]);
        else if (!query)
            query = argv[i];
        else
            return cli_usage_error("show", "one contact at a time ('%s' is extra)", argv[i]);
    }
    if (!query)
        return cli_usage_error("show", "which contact?");

    kith_store *st;
    if (cli_open_store(cli, &st))
        return KITH_EXIT_FAIL;
    int64_t id;
    int rc = cli_resolve_contact(cli, st, query, &id);
    kith_contact *c = NULL;
    kith_connection conn;
    if (rc == 0)
        rc = cli_load_contact(cli, st, id, &c, &conn);
    if (rc == 0) {
        kith_strbuf out = KITH_STRBUF_INIT;
        if (json) {
            kith_export_json(c, &conn, cli->now, &out);
            kith_strbuf_addc(&out, '\n');
        } else {
            int colour = cli_colour(cli);
            kith_strbuf_addf(&out, "%s#%lld %s%s\n", cli_bold(colour), (long long)c->id,
                             cli_safe(cli_display_name(c)), cli_reset(colour));
            add_fields(&out, colour, c);
            add_meta(&out, colour, cli, c);
            add_status(&out, colour, cli, c, &conn);
            add_notes(&out, c);
            add_interactions(&out, colour, cli, c);
        }
        rc = cli_write_out(&out);
        kith_strbuf_release(&out);
    }
    if (rc == 0 && image_path)
        rc = save_card_image(st, c, image_path);
    if (c)
        kith_contact_free(c);
    kith_store_close(st);
    return rc;
}
