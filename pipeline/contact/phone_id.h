/*
 * phone_id.h — the one rule for "are these the same phone line?", and the
 * key the store indexes numbers by. Fields dedupe (contact/fields.c), the
 * QR merge (qr/merge.c), matching (enrich/match.c) and the store
 * (store/contacts.c, store/cards.c) all ask here; nothing else compares
 * phone numbers.
 *
 * The rule (tests/contact/phone_id_cases.tsv holds the cases):
 *
 *  - A number's key is "+<digits>" when it is international (its E.164 form
 *    when known, else a number printed with + or 00; a "(0)" after the
 *    country code is dropped), else its national digits, trunk prefix
 *    included ("0211 4643995" → "02114643995"). A number with fewer than
 *    KITH_PHONE_TAIL_LEN digits has no key.
 *  - Two keys are the same number when equal, or when one is international,
 *    the other national, and the national digits without one trunk 0 end
 *    the international ones leaving a 1–3 digit country code:
 *    "+49 211 4643995" and "0211 4643995" are ONE number. (The fields
 *    dedupe used to keep both; the QR merge and matching already said one.
 *    A card or a QR code that prints a number both ways means one line, and
 *    a trunk prefix is how the same line is dialled inside the country.)
 *  - Two phones are the same line when they are the same number and their
 *    extensions do not differ: extensions 12 and 13 on one switchboard are
 *    TWO lines, two people (the QR merge used to call them one; matching and
 *    the store said two — an extension is how one person is reached). An
 *    extension on one side only does not tell lines apart (it may simply
 *    not be printed).
 *  - A number too short for a key (a short number, "112", an in-house
 *    "4711") is the same line as another only when their digits are equal.
 *  - The kind does not enter: a fax and a voice number with the same digits
 *    are the same line. That a fax line identifies no person is matching's
 *    policy (enrich/match.h), not identity.
 *
 * Pure functions, no I/O.
 */
#ifndef KITH_CONTACT_PHONE_ID_H
#define KITH_CONTACT_PHONE_ID_H

#include "contact/fields.h"

/* Digits of a phone key used as an index to find candidates (the last
 * KITH_PHONE_TAIL_LEN digits); keys shorter than that never match. */
#define KITH_PHONE_TAIL_LEN 7

/* The key of a phone (rule above). NULL when fewer than
 * KITH_PHONE_TAIL_LEN digits. Caller frees. */
char *kith_phone_key(const char *number, const char *e164);

/* Whether two keys are the same number (rule above); 0 when either is NULL. */
int kith_phone_keys_same(const char *a, const char *b);

/* The last KITH_PHONE_TAIL_LEN digits of a key; "" when the key is shorter. */
void kith_phone_key_tail(const char *key, char out[KITH_PHONE_TAIL_LEN + 1]);

/* Whether two extensions tell two lines apart: both given and different. */
int kith_phone_ext_differ(const char *a, const char *b);

/* Whether the phones a and b (number, e164, ext; the kind is ignored) are
 * the same line (rule above). */
int kith_phone_same_line(const kith_phone *a, const kith_phone *b);

#endif
