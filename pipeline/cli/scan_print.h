/*
 * scan_print.h — how `kith scan` and `kith watch` print one card's result:
 * the contract JSON line (README, "Output contract") or a readable line.
 * Written in cmd_scan.c; shared with cmd_watch.c.
 */
#ifndef KITH_CLI_SCAN_PRINT_H
#define KITH_CLI_SCAN_PRINT_H

#include <signal.h>

#include "cli/cli.h"
#include "common/strbuf.h"
#include "ingest/ingest.h"

/* Appends the contract object for r (no newline): {"source", "contact_id",
 * "new", "status", fields…}, {"source", "contact_id", "new": false,
 * "duplicate": true, "status"} or {"source", "error"}. */
void cli_scan_json(kith_cli *cli, kith_store *st, const kith_scan_result *r, kith_strbuf *sb);

/* Appends a readable line for r (no newline), e.g.
 * "new     #17  Margaret O'Connell, Bluefin Analytics Ltd.  cards/IMG_0412.jpg". */
void cli_scan_text(const kith_scan_result *r, kith_strbuf *sb);

/* Makes SIGINT and SIGTERM set *flag (a second signal acts as usual, so a
 * stuck run can still be interrupted). */
void cli_catch_stop_signals(volatile sig_atomic_t *flag);

#endif
