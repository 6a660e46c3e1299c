/*
 * followup.c — the follow-up ranking of `kith next` (see followup.h).
 */
#include "enrich/followup.h"

#include <string.h>

enum { SOON_DAYS = 14 };

kith_followup kith_followup_rank(const kith_interaction *ix, size_t n, size_t n_notes,
                                 int64_t collected_at, int64_t now, const kith_policy *policy)
{
    kith_policy pol;
    if (policy)
        pol = *policy;
    else
        kith_policy_default(&pol);
    kith_followup f;
    memset(&f, 0, sizeof f);
    f.conn = kith_connection_eval(ix, n, n_notes, now, &pol);
    f.collected_at = collected_at;
    const kith_connection *conn = &f.conn;
    const kith_interaction *last = conn->last_index >= 0 ? &ix[conn->last_index] : NULL;
    f.last = last;
    long window = pol.window_days;
    long since = last ? kith_days_between(last->at, now) : 0;

    if (conn->status == KITH_STATUS_LAPSED && last) {
        f.tier = KITH_TIER_AT_RISK;
        f.key = since - window - 1;   /* 0: lapsed today */
    } else if (conn->status == KITH_STATUS_CONNECTED) {
        /* still active while since <= window: it lapses on day window + 1 */
        long until = window + 1 - since;
        long soon = window / 4 < SOON_DAYS ? window / 4 : SOON_DAYS;
        if (last && until <= soon) {
            f.tier = KITH_TIER_AT_RISK;
            f.key = until;
            f.lapses_in = until;
        }
    } else if (conn->active + conn->reciprocal + conn->personal == 2) {
        f.tier = KITH_TIER_ONE_STEP;
        f.key = last ? -last->at : 0;
    } else {
        int64_t met = collected_at;
        long met_days = kith_days_between(met, now);
        int nothing_since = !last || last->at < met;
        if (met_days < 0) {
            /* collected after now: not known yet at that date */
        } else if (met_days <= window && nothing_since) {
            f.tier = KITH_TIER_FRESH;
            f.key = -met;
        } else if (!conn->personal) {
            f.tier = KITH_TIER_NO_NOTE;
            f.key = -met;
        } else {
            f.tier = KITH_TIER_UNCONNECTED;
            f.key = last ? -last->at : -met;
        }
    }
    return f;
}

const char *kith_tier_name(kith_tier t)
{
    static const char *const names[] = {"", "at risk", "one step from connected", "fresh",
                                        "no personal note", "unconnected"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "";
}
