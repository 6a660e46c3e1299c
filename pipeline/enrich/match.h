/*
 * match.h — is a newly scanned card the same person as a known contact?
 *
 * Two cards are the same person when they share an email address (compared
 * case-insensitively) or a phone number (compared by normalized digits, E.164
 * when the country is known). Sharing a surname, a company, an address or a
 * web site never makes two people one: colleagues share all of those.
 *
 * Fax numbers are not compared (a fax line belongs to an office, not to a
 * person), and two numbers with different extensions are different people on
 * the same switchboard.
 *
 * Pure functions, no I/O; the store uses the keys below as indexed columns.
 */
#ifndef KITH_MATCH_H
#define KITH_MATCH_H

#include "extract/fields.h"

/* Digits of a phone key used as an index to find candidates (the last
 * KITH_MATCH_TAIL_LEN digits); keys shorter than that never match. */
#define KITH_MATCH_TAIL_LEN 7

/* The matching key of an email: trimmed, without "mailto:", lower-cased.
 * NULL when the text has no '@' with something on both sides. Caller frees. */
char *kith_match_email_key(const char *email);

/* The matching key of a phone: "+<digits>" when international (from e164
 * when known, else a number written with + or 00), else the national digits.
 * A "(0)" after the country code is dropped. NULL when fewer than
 * KITH_MATCH_TAIL_LEN digits. Caller frees. */
char *kith_match_phone_key(const char *number, const char *e164);

/* Whether two phone keys are the same number: equal, or one international
 * and one national whose digits (after one trunk 0) end the international
 * one, leaving a 1–3 digit country code. */
int kith_match_phone_keys(const char *a, const char *b);

/* The last KITH_MATCH_TAIL_LEN digits of a key; "" when the key is shorter. */
void kith_match_phone_tail(const char *key, char out[KITH_MATCH_TAIL_LEN + 1]);

/* Whether two phones are the same line of the same person: not fax, same
 * number by the keys, and not two different extensions. */
int kith_match_phone(const kith_phone *a, const kith_phone *b);

/* Whether two sets of card fields are the same person (an email or a phone
 * in common). Names and companies never decide. */
int kith_match_same_person(const kith_fields *a, const kith_fields *b);

#endif
