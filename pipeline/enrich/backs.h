/*
 * backs.h — which cards of a scanned file are the backs of others (a logo, a
 * slogan, a QR code, the details again in another language), so that a back
 * joins its front's contact instead of making one of its own.
 */
#ifndef KITH_ENRICH_BACKS_H
#define KITH_ENRICH_BACKS_H

#include <stddef.h>

#include "contact/fields.h"

/* One card of a file, in the order read: its 0-based page and place on the
 * page, and its fields. */
typedef struct kith_side {
    int page, index;
    const kith_fields *fields;
} kith_side;

/* Fills front_of[i] with the index (into cards) of the card whose back card
 * i is, or -1 when card i is a front. With duplex the pages alternate front,
 * back (what a duplex feeder writes): card k of an odd (0-based) page is the
 * back of card k of the page before. Without it, a card with no name, no
 * email and no phone is a back and joins the card before it (on the same
 * page or the one before), if that is a front. */
void kith_pair_backs(const kith_side *cards, size_t n, int duplex, int *front_of);

/* 1 when the fields could be a card's back: no name, no email, no phone. */
int kith_is_back(const kith_fields *f);

#endif
