/*
 * tally.c — per-event counts of cards against connections (see tally.h).
 */
#include "cli/tally.h"
#include "common/json.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

void cli_tally_add(cli_tally *t, const cli_entry *e)
{
    const kith_connection *conn = &e->conn;
    int64_t at = e->c->event_at ? e->c->event_at : e->c->created_at;
    if (at > t->last_at)
        t->last_at = at;
    t->contacts++;
    t->cards += e->c->n_cards;
    if (conn->status == KITH_STATUS_CONNECTED)
        t->connected++;
    else if (conn->status == KITH_STATUS_LAPSED)
        t->lapsed++;
    else if (conn->active + conn->reciprocal + conn->personal == 2)
        t->one_step++;
    if (!conn->personal)
        t->no_note++;
}

static int same_event(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Most recent first; no event last. */
static int by_recent(const void *pa, const void *pb)
{
    const cli_tally *a = pa, *b = pb;
    if (!a->event != !b->event)
        return a->event ? -1 : 1;
    if (a->last_at != b->last_at)
        return a->last_at > b->last_at ? -1 : 1;
    return a->event ? strcmp(a->event, b->event) : 0;
}

cli_tally *cli_tally_events(const cli_entry *e, size_t n, size_t *n_out, cli_tally *total)
{
    cli_tally *t = kith_xcalloc(n ? n : 1, sizeof *t);
    size_t k = 0;
    memset(total, 0, sizeof *total);
    for (size_t i = 0; i < n; i++) {
        const char *ev = e[i].c->event && *e[i].c->event ? e[i].c->event : NULL;
        size_t j = 0;
        while (j < k && !same_event(t[j].event, ev))
            j++;
        if (j == k)
            t[k++].event = ev ? kith_xstrdup(ev) : NULL;
        cli_tally_add(&t[j], &e[i]);
        cli_tally_add(total, &e[i]);
    }
    qsort(t, k, sizeof *t, by_recent);
    *n_out = k;
    return t;
}

void cli_tally_free(cli_tally *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i].event);
    free(t);
}

void cli_tally_line(kith_strbuf *out, const cli_tally *t)
{
    kith_strbuf_addf(out, "%zu card%s · %zu connected", t->cards, t->cards == 1 ? "" : "s",
                     t->connected);
    if (t->lapsed)
        kith_strbuf_addf(out, " · %zu lapsed", t->lapsed);
    kith_strbuf_addf(out, " · %zu one step away · %zu without a personal note", t->one_step,
                     t->no_note);
}

void cli_tally_json(kith_strbuf *out, const cli_tally *t)
{
    int first = 1;
    kith_strbuf_addc(out, '{');
    kith_json_key(out, &first, "event");
    kith_json_str(out, t->event);
    kith_json_member_int(out, &first, "contacts", (long long)t->contacts);
    kith_json_member_int(out, &first, "cards", (long long)t->cards);
    kith_json_member_int(out, &first, "connected", (long long)t->connected);
    kith_json_member_int(out, &first, "lapsed", (long long)t->lapsed);
    kith_json_member_int(out, &first, "one_step", (long long)t->one_step);
    kith_json_member_int(out, &first, "no_note", (long long)t->no_note);
    kith_strbuf_addc(out, '}');
}
