/*
 * next.h — the `kith next` list (who to follow up with, and why) for the
 * faces that show it: `kith next` and the web address book. The ranking
 * itself is enrich's (enrich/followup.h); cmd_next.c phrases the reasons.
 */
#ifndef KITH_CLI_NEXT_H
#define KITH_CLI_NEXT_H

#include <stddef.h>

#include "cli/present.h"
#include "common/strbuf.h"

typedef struct cli_next_item {
    kith_contact *c;       /* owned */
    kith_connection conn;
    int tier;              /* kith_tier (enrich/followup.h); 0 = not listed */
    int64_t key;           /* smaller first */
    char *reason;          /* owned */
} cli_next_item;

/* Ranks the n entries at cli->now, most urgent first, leaving out those not
 * to follow up with. Takes over every contact of `all` and frees `all`.
 * Returns the list (*n_out items), freed with cli_next_free. */
cli_next_item *cli_next_rank(const kith_cli *cli, cli_entry *all, size_t n, size_t *n_out);
void cli_next_free(cli_next_item *list, size_t n);

/* One item as the JSON object of `kith next --json` (rank counts from 1). */
void cli_next_json(kith_strbuf *out, const cli_next_item *k, size_t rank);

#endif
