/*
 * phone.h — finding phone numbers in a line of card text, telling their kind
 * from the printed label, and normalising them to E.164 when the country is
 * known. Internal to the extract stage; exposed for the unit tests.
 */
#ifndef KITH_EXTRACT_PHONE_H
#define KITH_EXTRACT_PHONE_H

#include <stddef.h>

#include "contact/fields.h"
#include "common/models.h"

/* A country as the lexicons describe it ("GB 44/0"): ISO code, calling code
 * and national trunk prefix ("" when the country has none). */
typedef struct kith_country {
    char iso[3];
    char code[4];
    char trunk[3];
} kith_country;

/* Parses a lexicon value "ISO CODE[/TRUNK]"; 0 or -1. */
int kith_country_parse(const char *value, kith_country *out);

/* One number found in a text. */
typedef struct kith_phone_hit {
    char *number;        /* as printed, OCR noise cleaned; owned */
    char *ext;           /* extension digits or NULL; owned */
    kith_phone_kind kind;
    int labelled;        /* the kind came from a printed label */
    int international;   /* printed with +CC or 00CC */
} kith_phone_hit;

/* Finds the phone numbers in text (labels such as "Tel:" or "M" give the
 * kind; unlabelled numbers are KITH_PHONE_WORK). Dates, postcodes and other
 * short digit groups are not taken. Returns how many were found; *hits is
 * freed with kith_phone_hits_free. */
size_t kith_phone_find(const kith_models *m, const char *text, kith_phone_hit **hits);

/* The phone_labels value of word ("mobile", "fax", ...), or of word with
 * OCR's readings of a lower-case l after its first letter mended ("Tif"
 * and "T1f" are "Tlf", the Spanish and Scandinavian short form) when the
 * lexicon knows the mended form and not the one read; NULL when neither.
 * Owned by m. The one label lookup: a label beside its number and one in a
 * column of its own (rows.c) are known alike. */
const char *kith_phone_label(const kith_models *m, const char *word);
void kith_phone_hits_free(kith_phone_hit *hits, size_t n);

/* The E.164 form of a printed number: from its own +CC, else from country
 * (may be NULL: then only +CC numbers normalise). NULL when it cannot be
 * determined or does not have a plausible length. Caller frees. */
char *kith_phone_e164(const kith_models *m, const char *number, const kith_country *country);

/* The country of a +CC number (0) or -1 when it has none / is unknown. */
int kith_phone_country(const kith_models *m, const char *number, kith_country *out);

/* True when an E.164 number is a mobile number by its prefix (GB 7, DE 15-17,
 * FR 6/7, NL 6, JP 70/80/90, ES 6/7, IT 3, CH 7x, AT 6x). */
int kith_phone_is_mobile(const char *e164);

/* True when an E.164 number lies outside the mobile ranges of a country
 * whose ranges kith_phone_is_mobile knows completely (GB, DE, FR, NL, ES,
 * IT, CH, AT, BE, IE, AU, SE, NO, PT, JP): a fixed line. */
int kith_phone_is_landline(const kith_models *m, const char *e164);

#endif
