/*
 * qr_int.h — what the files of the QR stage share: the string helpers the
 * vCard and MECARD readers both use (payload.c), the two readers, and the
 * payload summaries the merge needs. Internal to qr/.
 */
#ifndef KITH_QR_INT_H
#define KITH_QR_INT_H

#include <stddef.h>

#include "common/util.h"
#include "contact/fields.h"

/* --- payload.c ----------------------------------------------------------- */

/* Is the whole buffer valid UTF-8 (no overlongs, surrogates or NULs)? */
int qr_utf8_valid(const unsigned char *s, size_t len);
/* Trimmed copy of s, or NULL when nothing is left; caller frees. */
char *qr_dup_trimmed(const char *s);
/* Replaces *dst with a trimmed copy of value; a blank value changes nothing. */
void qr_set_str(char **dst, const char *value);
/* Replaces line breaks and runs of white space with single spaces, in place. */
void qr_squash_space(char *s);
/* Splits s at unescaped `sep` characters into raw (still escaped) parts. */
void qr_split_unescaped(const char *s, char sep, kith_strlist *out);
/* s with its backslash escapes undone; caller frees. */
char *qr_unescape(const char *s);
/* The non-empty unescaped parts[from..] joined with ", "; NULL when all are
 * empty; caller frees. */
char *qr_join_parts(const kith_strlist *parts, size_t from);
/* The seven ADR components as one line the way a card prints them; NULL
 * when all are empty; caller frees. */
char *qr_format_adr(const kith_strlist *parts);
/* A phone value: strips a tel: scheme, takes extensions, derives E.164 when
 * the number is international, and adds it to f. */
void qr_add_phone_value(kith_fields *f, kith_phone_kind kind, const char *raw);
/* The KITH_FIELD_* bits of the fields f carries. */
unsigned qr_fields_present(const kith_fields *f);
/* The summary confidence: the mean over the fields that were found. */
void qr_summarise_confidence(kith_fields *f);

/* --- vcard.c, mecard.c --------------------------------------------------- */

/* Parses the first vCard in data into *out (caller frees). -1 when there is
 * none or it is empty. */
int qr_parse_vcard(const char *data, kith_fields **out);
/* Parses a MECARD payload into *out (caller frees). -1 when it is not one
 * or holds nothing. */
int qr_parse_mecard(const char *data, kith_fields **out);

#endif
