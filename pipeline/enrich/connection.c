/*
 * connection.c — the connection rules: active, reciprocal, personal.
 *
 * A pure function of (interactions, personal notes, now, policy); see
 * connection.h and ../../README.md, "The connection model". No clock, no I/O.
 *
 * Time is compared by UTC calendar day, not by second, so that "the window
 * edge" means the same thing whether a date came from `--at YYYY-MM-DD`
 * (midnight) or from the clock:
 *
 *   - an interaction on a later UTC day than `now` is in the future and is
 *     ignored entirely (it counts for nothing, not even reciprocity);
 *     one on the same day as `now` is not in the future;
 *   - the latest counting interaction is within the window when it is at
 *     most window_days days old: day(now) - day(at) <= window_days.  With the
 *     default 90, an interaction exactly 90 days before now still counts;
 *     91 days before does not.
 */
#include "enrich/connection.h"

#include <string.h>

#include "common/util.h"

#define SECONDS_PER_DAY 86400

static const char *const status_names[] = { "unconnected", "connected", "lapsed" };

#define N_STATUS (sizeof status_names / sizeof status_names[0])

void kith_policy_default(kith_policy *p)
{
    p->window_days = 90;
    p->min_counting = 2;
}

int kith_kind_counts(kith_kind k)
{
    return k >= 0 && k < KITH_KIND_COUNT_ && k != KITH_KIND_BROADCAST && k != KITH_KIND_VIEW;
}

/* UTC day number of a time, rounding towards minus infinity so that times
 * before 1970 fall on the right day too. */
static int64_t day_of(int64_t t)
{
    int64_t d = t / SECONDS_PER_DAY;
    if (t % SECONDS_PER_DAY < 0)
        d--;
    return d;
}

kith_connection kith_connection_eval(const kith_interaction *ix, size_t n, size_t n_notes,
                                     int64_t now, const kith_policy *policy)
{
    kith_policy pol;
    kith_connection c;
    int64_t today = day_of(now);

    if (policy)
        pol = *policy;
    else
        kith_policy_default(&pol);
    if (pol.min_counting < 1)
        pol.min_counting = 1;
    if (pol.window_days < 0)
        pol.window_days = 0;

    memset(&c, 0, sizeof c);
    c.last_index = -1;
    for (size_t i = 0; i < n; i++) {
        if (day_of(ix[i].at) > today)
            continue;                       /* in the future: ignored */
        if (!kith_kind_counts(ix[i].kind))
            continue;                       /* broadcast, view: shown, never counted */
        c.n_counting++;
        if (c.n_counting == 1 || ix[i].at > c.last_counting)
            c.last_counting = ix[i].at;
        if (c.last_index < 0 || ix[i].at >= ix[c.last_index].at)
            c.last_index = (long)i;
        if (ix[i].dir == KITH_DIR_IN || ix[i].dir == KITH_DIR_BOTH)
            c.reciprocal = 1;
    }

    c.personal = n_notes > 0;
    c.was_active = c.n_counting >= pol.min_counting;
    int recent = c.n_counting > 0 && today - day_of(c.last_counting) <= pol.window_days;
    c.active = c.was_active && recent;

    if (c.active && c.reciprocal && c.personal)
        c.status = KITH_STATUS_CONNECTED;
    else if (c.reciprocal && c.personal && c.was_active && !recent)
        c.status = KITH_STATUS_LAPSED;
    else
        c.status = KITH_STATUS_UNCONNECTED;
    return c;
}

long kith_days_between(int64_t t, int64_t now)
{
    return (long)(day_of(now) - day_of(t));
}

void kith_connection_missing(const kith_connection *c, kith_strbuf *out)
{
    const char *parts[3];
    size_t n = 0;

    if (!c->active)
        parts[n++] = "active";
    if (!c->reciprocal)
        parts[n++] = "reciprocal";
    if (!c->personal)
        parts[n++] = "personal";
    for (size_t i = 0; i < n; i++) {
        if (i)
            kith_strbuf_adds(out, ", ");
        kith_strbuf_adds(out, parts[i]);
    }
}

const char *kith_status_name(kith_status s)
{
    return (size_t)s < N_STATUS ? status_names[s] : "unknown";
}

int kith_status_parse(const char *s, kith_status *out)
{
    int i = kith_name_index(status_names, N_STATUS, s);
    if (i < 0)
        return -1;
    *out = (kith_status)i;
    return 0;
}
