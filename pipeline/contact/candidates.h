/*
 * candidates.h — what the store knows about a new card's people before
 * anyone decides who the card shows: the contacts holding each of the
 * card's email keys, the stored phones on the same line as each of its
 * phones (contact/phone_id.h), and the fields of every contact named. The
 * store finds them (store/cards.c) and hands them, inside its transaction,
 * to a kith_match_fn: enrich's kith_match_decide_fn (enrich/match.h) is the
 * one that decides.
 */
#ifndef KITH_CONTACT_CANDIDATES_H
#define KITH_CONTACT_CANDIDATES_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "contact/fields.h"

/* The contacts holding one email key, oldest (lowest id) first. */
typedef struct kith_email_holders {
    int64_t *ids;
    size_t n;
} kith_email_holders;

/* One stored phone of a known contact. */
typedef struct kith_line_holder {
    int64_t contact_id;
    kith_phone phone;   /* as stored: kind, number, e164, ext; strings owned */
} kith_line_holder;

/* The stored phones on the same line as one of the card's phones, by
 * contact id (one contact may hold the line twice). */
typedef struct kith_line_holders {
    kith_line_holder *v;
    size_t n;
} kith_line_holders;

/* A known contact's fields. */
typedef struct kith_known {
    int64_t id;
    kith_fields *fields;   /* owned */
} kith_known;

typedef struct kith_candidates {
    kith_email_holders *emails;  /* [i] for card->emails[i] (n 0: key-less or unheld) */
    size_t n_emails;
    kith_line_holders *phones;   /* [i] for card->phones[i] */
    size_t n_phones;
    kith_known *known;           /* every contact named above, lowest id first */
    size_t n_known;
} kith_candidates;

/* Frees what c holds (not c itself) and zeroes it. */
void kith_candidates_release(kith_candidates *c);

/* The fields of known contact id, or NULL when c does not name it. */
const kith_fields *kith_candidates_fields(const kith_candidates *c, int64_t id);

/* Decides which known contact `card` shows: sets *contact_id to its id, or
 * to 0 for a new contact. ctx is the decider's own (enrich's: the models).
 * Returns 0, or -1 with err set. Called inside the store's transaction; it
 * must not touch the store. */
typedef int (*kith_match_fn)(const kith_fields *card, const kith_candidates *cands,
                             const void *ctx, int64_t *contact_id, kith_err *err);

#endif
