/*
 * tally.h — the honest count: per event, the cards collected against the
 * real connections made ("Web Summit 2026: 45 cards · 3 connected · 5 one
 * step away · 30 without a personal note"). Shown by `kith stats`, at the
 * end of `kith list`, and at the top of the web address book.
 */
#ifndef KITH_CLI_TALLY_H
#define KITH_CLI_TALLY_H

#include <stddef.h>

#include "cli/present.h"
#include "common/strbuf.h"

typedef struct cli_tally {
    char *event;          /* owned; NULL for contacts collected at no event */
    int64_t last_at;      /* when the latest of its contacts was collected */
    size_t contacts;
    size_t cards;         /* cards of those contacts */
    size_t connected;
    size_t lapsed;
    size_t one_step;      /* unconnected, with one of active/reciprocal/personal missing */
    size_t no_note;       /* without a personal note */
} cli_tally;

/* Counts the n entries per event (the event each contact was first collected
 * at), most recent event first and "no event" last; *total gets the sums
 * (its event NULL). Returns the array (*n_out items), freed with
 * cli_tally_free. */
cli_tally *cli_tally_events(const cli_entry *e, size_t n, size_t *n_out, cli_tally *total);
void cli_tally_free(cli_tally *t, size_t n);

/* Adds one entry to t (the counting rule above). */
void cli_tally_add(cli_tally *t, const cli_entry *e);

/* "45 cards · 3 connected · 5 one step away · 30 without a personal note" */
void cli_tally_line(kith_strbuf *out, const cli_tally *t);

/* One JSON object {"event", "contacts", "cards", "connected", "lapsed",
 * "one_step", "no_note"}. */
void cli_tally_json(kith_strbuf *out, const cli_tally *t);

#endif
