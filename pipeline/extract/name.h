/*
 * name.h — reading a person's name off a card line: prefixes (Dr., Prof.) and
 * credentials (PhD, MBA) set aside, given and family name split (particles
 * such as "van der" stay with the family name), ALL-CAPS names re-cased.
 * Internal to the extract stage; exposed for the unit tests.
 */
#ifndef KITH_EXTRACT_NAME_H
#define KITH_EXTRACT_NAME_H

#include <stddef.h>

#include "common/models.h"
#include "common/text.h"
#include "contact/person_name.h"

/* Splits text into a name. The name reads given name first, whatever order
 * the card prints: "YAMADA Hanako" (the family name marked by its capitals)
 * and "ZU SOLMS, Jan-Philipp" (family name, comma, given name) give
 * "Hanako Yamada" and "Jan-Philipp zu Solms", so one person's cards printed
 * either way give one name; given and family name keep which part is
 * which. */
/* Splits text into a name. Returns 0, or -1 when the text cannot be a
 * person's name (digits, symbols, one word, more than five words…).
 * Free with kith_name_release (contact/person_name.h). */
int kith_name_split(const kith_models *m, const char *text, kith_name *out);

/* The parts of a name a person typed (`kith edit --name`): split as
 * kith_name_split splits one read off a card ("Dr. Anna Berg, PhD": prefix
 * "Dr.", given "Anna", family "Berg", credentials "PhD", name "Anna Berg");
 * text that is not a name by those rules ("Cher") is kept as typed, leading
 * prefixes set aside, the first word the given name and the rest the family
 * name ("Dr. Berg": family "Berg"). Never fails; free with
 * kith_name_release. */
void kith_name_split_typed(const kith_models *m, const char *typed, kith_name *out);

/* Joins words[a..b) with single spaces; "" when the range is empty.
 * Caller frees. */
char *kith_name_join(char *const *words, size_t a, size_t b);

/* Re-cases one ALL-CAPS word: "O'CONNELL" → "O'Connell", "JEAN-LUC" →
 * "Jean-Luc", "MCDONALD" → "McDonald", "MÜLLER" → "Müller". Caller frees. */
char *kith_name_case_word(const char *word);

#endif
