/*
 * cmd_merge.c — `kith merge CONTACT OTHER`: the same person became two
 * contacts (a new job, a second card with no shared email or phone). OTHER is
 * merged into CONTACT, which keeps both cards, all notes and interactions and
 * gains the fields it lacked; OTHER's id then no longer exists.
 */
#include "cli/cli.h"
#include "cli/present.h"

#include <string.h>

int cmd_merge(kith_cli *cli, int argc, char **argv)
{
    const char *q[2] = {NULL, NULL};
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            return cli_usage_error("merge", "unknown option '%s'", argv[i]);
        if (n == 2)
            return cli_usage_error("merge", "two contacts, not more ('%s' is extra)", argv[i]);
        q[n++] = argv[i];
    }
    if (n < 2)
        return cli_usage_error("merge", "which two contacts? (CONTACT keeps, OTHER goes)");

    kith_store *st;
    if (cli_open_store(cli, &st))
        return KITH_EXIT_FAIL;
    int64_t into = 0, from = 0;
    kith_err err;
    kith_contact *c = NULL, *other = NULL;
    kith_connection conn;
    int rc = cli_resolve_contact(cli, st, q[0], &into);
    if (rc == 0)
        rc = cli_resolve_contact(cli, st, q[1], &from);
    if (rc == 0 && into == from)
        rc = cli_fail("'%s' and '%s' are the same contact (#%lld)", q[0], q[1],
                      (long long)into);
    if (rc == 0)
        rc = cli_load_contact(cli, st, from, &other, NULL);
    if (rc == 0 && kith_store_contact_merge(st, into, from, &err) < 0)
        rc = cli_fail("%s", err.msg);
    if (rc == 0)
        rc = cli_load_contact(cli, st, into, &c, &conn);
    if (rc == 0) {
        kith_strbuf out = KITH_STRBUF_INIT;
        kith_strbuf_addf(&out, "merged #%lld %s into #%lld %s: %zu card%s, %zu note%s, "
                               "%zu interaction%s\n",
                         (long long)from, cli_safe(cli_display_name(other)), (long long)into,
                         cli_safe(cli_display_name(c)), c->n_cards, c->n_cards == 1 ? "" : "s",
                         c->n_notes, c->n_notes == 1 ? "" : "s", c->n_interactions,
                         c->n_interactions == 1 ? "" : "s");
        kith_strbuf_adds(&out, "status: ");
        rc = cli_write_with_status(cli, &out, &conn);
    }
    kith_contact_free(c);
    kith_contact_free(other);
    kith_store_close(st);
    return rc;
}
