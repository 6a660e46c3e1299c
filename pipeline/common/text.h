/*
 * text.h — small UTF-8 text helpers every layer may use: decoding, letter
 * classes, case mapping and folding for the Latin scripts cards are printed
 * in (ASCII, Latin-1 Supplement, Latin Extended-A). Other scripts pass
 * through unchanged.
 */
#ifndef KITH_COMMON_TEXT_H
#define KITH_COMMON_TEXT_H

#include <stddef.h>

/* Decodes the code point at s into *cp; returns its length in bytes (1 for an
 * invalid byte, which decodes as itself). s must not be at its NUL. */
size_t kith_utf8_decode(const char *s, unsigned *cp);
/* Encodes cp into out (4 bytes room); returns the length. */
size_t kith_utf8_encode(unsigned cp, char *out);

int kith_cp_is_upper(unsigned cp);
int kith_cp_is_lower(unsigned cp);
int kith_cp_is_letter(unsigned cp);
unsigned kith_cp_lower(unsigned cp);
unsigned kith_cp_upper(unsigned cp);

/* Lower-cased copy of s; caller frees. */
char *kith_text_lower(const char *s);

/* Counts of letters in s: upper-case, lower-case, all letters, digits. */
void kith_text_counts(const char *s, size_t *upper, size_t *lower, size_t *letters,
                      size_t *digits);

/* Levenshtein distance of two byte strings (ASCII), capped at 3: 3 means
 * "three or more", as do strings longer than 63 bytes. */
int kith_text_distance(const char *a, const char *b);

/* ASCII folding for comparisons: "Müller" → "muller", "O'Connell" →
 * "oconnell" (letters and digits only, lower case). Caller frees. */
char *kith_fold(const char *s);

#endif
