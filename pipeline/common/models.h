/*
 * models.h — the data extraction learns from, loaded from the models/ folder:
 * lexicons as text files (one entry per line, '#' comments), each with a
 * header saying what it is and where its entries come from.
 *
 * A kith_models is read-only after loading and may be shared between threads.
 */
#ifndef KITH_MODELS_H
#define KITH_MODELS_H

#include "common/error.h"

typedef struct kith_models kith_models;

/* Loads every lexicon from dir (NULL: kith_models_dir()). Free with
 * kith_models_free. */
int kith_models_load(const char *dir, kith_models **out, kith_err *err);
void kith_models_free(kith_models *m);

/* Lexicon lookups (case-insensitive, UTF-8). name is the file's base name
 * without suffix, e.g. "given_names", "title_words", "company_suffixes". */
int kith_models_has(const kith_models *m, const char *lexicon, const char *word);

/* Whether some entry of the lexicon ends with tail (compared as lookups
 * compare: case and dots aside) and is min_extra to max_extra bytes longer:
 * "nstagram.com" ends "instagram.com" with one more. A scan of the lexicon:
 * for the small ones. */
int kith_models_ends_entry(const kith_models *m, const char *lexicon, const char *tail,
                           size_t min_extra, size_t max_extra);

/* The value given to an entry ("entry | value" lines), "" for an entry
 * without one, NULL when the word is not in the lexicon. Owned by m. */
const char *kith_models_get(const kith_models *m, const char *lexicon, const char *word);

/* A numeric or string setting from models/settings.conf ("key = value"), or
 * the default when absent. */
int kith_models_int(const kith_models *m, const char *key, int def);
const char *kith_models_str(const kith_models *m, const char *key, const char *def);

/* The directory the models were loaded from (owned by m). */
const char *kith_models_path(const kith_models *m);

#endif
