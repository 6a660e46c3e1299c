/*
 * cmd_note.c — `kith note CONTACT TEXT`: add a personal note, something you
 * know about the person beyond what the card says. A note makes the contact
 * personal. Several words after CONTACT are joined with spaces, so quoting
 * is optional.
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

int cmd_note(kith_cli *cli, int argc, char **argv)
{
    const char *query = NULL;
    kith_strbuf text = KITH_STRBUF_INIT;
    int dashdash = 0;
    for (int i = 1; i < argc; i++) {
        if (!dashdash && strcmp(argv[i], "--") == 0) {
            dashdash = 1;
        } else if (!dashdash && argv[i][0] == '-' && argv[i][1]) {
            kith_strbuf_release(&text);
            return cli_usage_error("note", "unknown option '%s' (put -- before a note "
                                           "that starts with '-')", argv[i]);
        } else if (!query) {
            query = argv[i];
        } else {
            if (text.len)
                kith_strbuf_addc(&text, ' ');
            kith_strbuf_adds(&text, argv[i]);
        }
    }
    char *note = kith_strbuf_detach(&text);
    kith_trim(note);
    if (!query || !*note) {
        free(note);
        return cli_usage_error("note", query ? "the note is empty" : "which contact, and what note?");
    }

    kith_store *st;
    if (cli_open_store(cli, &st)) {
        free(note);
        return KITH_EXIT_FAIL;
    }
    int64_t id;
    kith_err err;
    kith_contact *c = NULL;
    kith_connection conn, before;
    int rc = cli_resolve_contact(cli, st, query, &id);
    if (rc == 0)
        rc = cli_load_contact(cli, st, id, &c, &before);
    if (rc == 0 && kith_store_note_add(st, id, note, cli->now, &err) < 0)
        rc = cli_fail("%s", err.msg);
    if (c) {
        kith_contact_free(c);
        c = NULL;
    }
    if (rc == 0)
        rc = cli_load_contact(cli, st, id, &c, &conn);
    if (rc == 0) {
        kith_strbuf out = KITH_STRBUF_INIT;
        kith_strbuf_addf(&out, "noted for #%lld %s: ", (long long)id,
                         cli_safe(cli_display_name(c)));
        if (before.status != conn.status)
            kith_strbuf_addf(&out, "%s -> ", kith_status_name(before.status));
        rc = cli_write_with_status(cli, &out, &conn);
    }
    kith_contact_free(c);
    free(note);
    kith_store_close(st);
    return rc;
}
