/*
 * connection.h — the connection model: is a contact a real connection?
 *
 * A real connection is active, reciprocal and personal (README, "The
 * connection model"). This is a pure function of (interactions, notes, now,
 * policy): no I/O, no clock, so status can never disagree with the log.
 */
#ifndef KITH_CONNECTION_H
#define KITH_CONNECTION_H

#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "contact/interaction.h"

typedef enum {
    KITH_STATUS_UNCONNECTED,
    KITH_STATUS_CONNECTED,
    KITH_STATUS_LAPSED
} kith_status;

typedef struct kith_policy {
    int window_days;     /* activity window; default 90 */
    int min_counting;    /* counting interactions needed for active; default 2 */
} kith_policy;

typedef struct kith_connection {
    kith_status status;
    int active;
    int reciprocal;
    int personal;
    int was_active;          /* had >= min_counting counting interactions */
    int n_counting;
    int64_t last_counting;   /* 0 when none */
    long last_index;         /* index in the interactions of the latest counting
                                one (the later one on a tie), -1 when none */
} kith_connection;

void kith_policy_default(kith_policy *p);

/* Whether an interaction kind moves a contact towards connected. */
int kith_kind_counts(kith_kind k);

/* The rules. n_notes counts personal notes only (never card fields).
 * Interactions dated after now are ignored. */
kith_connection kith_connection_eval(const kith_interaction *ix, size_t n, size_t n_notes,
                                     int64_t now, const kith_policy *policy);

/* Calendar days (UTC) from t to now, negative when t is later: the unit the
 * rules count in (something logged today is 0 days old). */
long kith_days_between(int64_t t, int64_t now);

/* Appends what is missing as a comma-separated list ("active, reciprocal"),
 * nothing when connected. */
void kith_connection_missing(const kith_connection *c, kith_strbuf *out);

const char *kith_status_name(kith_status s);
int kith_status_parse(const char *s, kith_status *out);   /* 0 / -1 */

#endif
