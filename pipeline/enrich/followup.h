/*
 * followup.h — who to follow up with (`kith next`): the ranking as a pure
 * function of one contact's log, when it was collected, now and the policy.
 * The CLI (cli/cmd_next.c) only phrases and prints it; the tiers are tabled
 * in tests/enrich/cases/followup.txt.
 *
 * Every contact falls in the first tier that describes it; within a tier a
 * key orders it (smaller first), then the id. W is the activity window.
 *
 *   1. At risk — a real connection slipping away. Lapsed contacts and
 *      connected ones whose latest counting interaction leaves the window
 *      within 14 days, or W/4 for a window shorter than 56 days. Key: the
 *      distance in days to the edge of the window, on either side, so those
 *      that just lapsed or are about to come first; they are the cheapest
 *      to save.
 *   2. One step from connected — unconnected with exactly one of active,
 *      reciprocal, personal missing. Key: the latest counting interaction,
 *      newest first.
 *   3. Fresh — collected (scanned, or met at an event) within W days and no
 *      counting interaction since. Key: newest first, while the meeting is
 *      still remembered.
 *   4. No personal note yet — the cheap step (`kith review`). Newest first.
 *   5. Everyone else who is not connected. Newest activity (or card) first.
 *
 * Connected contacts not near the edge of the window are not listed (tier
 * 0), nor contacts collected after now.
 */
#ifndef KITH_ENRICH_FOLLOWUP_H
#define KITH_ENRICH_FOLLOWUP_H

#include <stddef.h>
#include <stdint.h>

#include "contact/interaction.h"
#include "enrich/connection.h"

typedef enum {
    KITH_TIER_NONE = 0,      /* not listed */
    KITH_TIER_AT_RISK,
    KITH_TIER_ONE_STEP,
    KITH_TIER_FRESH,
    KITH_TIER_NO_NOTE,
    KITH_TIER_UNCONNECTED
} kith_tier;

typedef struct kith_followup {
    kith_tier tier;
    int64_t key;                   /* order within the tier, smaller first */
    kith_connection conn;          /* the contact's status, for the reason */
    const kith_interaction *last;  /* the latest counting interaction (points
                                      into the caller's array), or NULL */
    long lapses_in;                /* at risk and connected: days until it lapses */
    int64_t collected_at;          /* as given */
} kith_followup;

/* Ranks one contact: its interactions ix[0..n), n_notes personal notes,
 * collected at collected_at (the first card's scan, else its creation). */
kith_followup kith_followup_rank(const kith_interaction *ix, size_t n, size_t n_notes,
                                 int64_t collected_at, int64_t now, const kith_policy *policy);

/* "at risk", "one step from connected", "fresh", "no personal note",
 * "unconnected"; "" for KITH_TIER_NONE. */
const char *kith_tier_name(kith_tier t);

#endif
