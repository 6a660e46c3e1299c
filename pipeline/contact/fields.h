/*
 * fields.h — the contact fields read off one card: the plain struct between
 * extraction and enrichment, and the field object of the output contract
 * (../README.md, "Output contract").
 *
 * A field that was not found is NULL (or an empty list): never guessed.
 * Each field carries a confidence in 0..1; `confidence` summarises the card.
 */
#ifndef KITH_FIELDS_H
#define KITH_FIELDS_H

#include <stddef.h>

#include "common/strbuf.h"

typedef enum {
    KITH_PHONE_WORK,
    KITH_PHONE_MOBILE,
    KITH_PHONE_FAX,
    KITH_PHONE_OTHER
} kith_phone_kind;

typedef struct kith_phone {
    kith_phone_kind kind;
    char *number;   /* as printed (cleaned of OCR noise), owned */
    char *e164;     /* +CCNNNN… when the country is known, else NULL; owned */
    char *ext;      /* extension digits or NULL; owned */
    float conf;
} kith_phone;

/* Where a field's value came from. */
typedef enum { KITH_SRC_OCR = 0, KITH_SRC_QR = 1, KITH_SRC_USER = 2 } kith_source;

typedef struct kith_fields {
    char *name;          /* display name as on the card, cased sensibly */
    char *given_name;
    char *family_name;
    char *prefix;        /* Dr., Prof., … */
    char *credentials;   /* PhD, MBA, … (comma separated) */
    char *title;
    char *company;
    char *department;    /* the unit inside the company ("Cloud & AI Department") */
    char **emails;  size_t n_emails;
    kith_phone *phones; size_t n_phones;
    char **urls;    size_t n_urls;
    char *address;       /* one line, parts joined with ", " */

    float conf_name, conf_title, conf_company, conf_emails, conf_phones, conf_urls,
        conf_address, conf_department;
    float confidence;    /* summary of the above over the fields found */

    /* bit set of fields taken from a QR code (1 << KITH_FIELD_*) */
    unsigned from_qr;
} kith_fields;

enum {
    KITH_FIELD_NAME = 0,
    KITH_FIELD_TITLE,
    KITH_FIELD_COMPANY,
    KITH_FIELD_EMAILS,
    KITH_FIELD_PHONES,
    KITH_FIELD_URLS,
    KITH_FIELD_ADDRESS,
    KITH_N_FIELDS
};

/* "name", "title", …, indexed by KITH_FIELD_*: the names used in JSON
 * ("from_qr": ["emails", "phones"]). */
extern const char *const kith_field_names[KITH_N_FIELDS];

kith_fields *kith_fields_new(void);
void kith_fields_free(kith_fields *f);
/* Deep copy; caller frees with kith_fields_free. */
kith_fields *kith_fields_dup(const kith_fields *f);

/* Append a copy of the value (duplicates are ignored). */
void kith_fields_add_email(kith_fields *f, const char *email);
void kith_fields_add_url(kith_fields *f, const char *url);
void kith_fields_add_phone(kith_fields *f, kith_phone_kind kind, const char *number,
                           const char *e164, const char *ext, float conf);

const char *kith_phone_kind_name(kith_phone_kind k);   /* "work", "mobile", … */
int kith_phone_kind_parse(const char *s, kith_phone_kind *out); /* 0 / -1 */

/* Appends the contract members (no braces): "name": …, "given_name": …,
 * "title", "company", "department", "emails", "phones", "urls", "address", "from_qr" (the
 * fields a QR code gave, when any), "confidence".
 * *first is the kith_json_key convention. */
void kith_fields_json_members(const kith_fields *f, kith_strbuf *sb, int *first);

/* The whole field object {…}. */
void kith_fields_to_json(const kith_fields *f, kith_strbuf *sb);

/* Parses a field object (as written above) back; for tests, the store and
 * import. Caller frees *out. */
struct kith_json;
int kith_fields_from_json(const struct kith_json *obj, kith_fields **out);

/* The key an email is matched and stored by: trimmed, without "mailto:",
 * lower-cased. NULL when the text has no '@' with something on both sides.
 * Caller frees. */
char *kith_email_key(const char *email);

#endif
