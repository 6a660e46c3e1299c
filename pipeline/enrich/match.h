/*
 * match.h — is a newly scanned card the same person as a known contact?
 *
 * Keys, strongest first:
 *
 *  - A personal email address in common (compared case-insensitively) makes
 *    two cards one person, whatever else differs (OCR garbles names).
 *  - A mobile number in common (compared by normalized digits, E.164 when
 *    the country is known) does too, unless the family names differ: a
 *    mobile belongs to one person, who may change jobs and addresses.
 *  - A work (or unlabelled) number in common may be an office switchboard.
 *    It makes two cards one person only when nothing speaks against it:
 *    not two different personal email addresses, not different names (the
 *    family names differ, or the given names do and neither begins the
 *    other: "A." and "Alex" fit "Alexander", "Maggie" does not fit
 *    "Margaret"). With the same name on both it is sure (KITH_MATCH_SURE);
 *    without a name on one of them it is only likely (KITH_MATCH_LIKELY),
 *    and the store merges on it only when no other contact holds that line
 *    (a line several contacts share is a switchboard and identifies nobody).
 *  - A role address in common (info@, sales@, kontakt@: the role_emails
 *    lexicon in models/) belongs to a team: like a work line, but it needs
 *    the same name on both cards; alone it never merges.
 *
 * Sharing a surname, a company, an address or a web site never makes two
 * people one: colleagues share all of those. Fax numbers are not compared (a
 * fax line belongs to an office, not to a person), and two numbers with
 * different extensions are different people on the same switchboard.
 *
 * Names are compared folded (case, accents and punctuation ignored), from
 * given_name/family_name, else from the name split by kith_name_split.
 *
 * Pure functions, no I/O; the store finds the candidates by the keys of
 * contact/ (kith_email_key, kith_phone_key) and kith_match_decide picks.
 * The role addresses come from the models passed in (NULL: no address is a
 * role address).
 */
#ifndef KITH_MATCH_H
#define KITH_MATCH_H

#include "contact/fields.h"
#include "common/models.h"
#include "contact/candidates.h"
#include "contact/phone_id.h"

/* Whether two phones are the same line of the same person: neither is a
 * fax, both have a key, and they are the same line by the one phone
 * identity (contact/phone_id.h). */
int kith_match_phone(const kith_phone *a, const kith_phone *b);

/* Is the address a role address: its local part, without a "+tag", is in
 * the role_emails lexicon of m? 0 for NULL m or text that is no address. */
int kith_match_role_email(const kith_models *m, const char *email);

typedef enum {
    KITH_MATCH_NO = 0,     /* different people, or nothing says they are one */
    KITH_MATCH_LIKELY,     /* a shared work line and nothing against it, but no
                              name on one card to confirm it */
    KITH_MATCH_SURE        /* the same person */
} kith_match_verdict;

/* How sure it is that cards a and b show the same person (rules above).
 * Symmetric: swapping a and b gives the same verdict. */
kith_match_verdict kith_match_cards(const kith_models *m, const kith_fields *a,
                                    const kith_fields *b);

/* Whether two cards, taken alone, are the same person: kith_match_cards is
 * not KITH_MATCH_NO. Names and companies alone never decide. */
int kith_match_same_person(const kith_models *m, const kith_fields *a, const kith_fields *b);

/*
 * Which known contact a new card shows, from the candidates the store found
 * (contact/candidates.h): the contact holding one of the card's personal
 * addresses (the first address that anyone holds; of several holders the
 * oldest); else the oldest candidate — a holder of one of the card's lines
 * (not fax: kith_match_phone) or of one of its role addresses — of which
 * kith_match_cards is sure; else the candidate it finds likely, when only
 * one contact holds the card's lines (a line several contacts hold is a
 * switchboard and identifies nobody). 0: a new contact. Pure; the cases are
 * in tests/enrich/cases/decide.txt.
 */
int64_t kith_match_decide(const kith_models *m, const kith_fields *card,
                          const kith_candidates *c);

/* kith_match_decide as the store's kith_match_fn: ctx is the kith_models.
 * Never fails. */
int kith_match_decide_fn(const kith_fields *card, const kith_candidates *c, const void *ctx,
                         int64_t *contact_id, kith_err *err);

#endif
