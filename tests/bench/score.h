/*
 * score.h — how the benchmark compares what kith extracted from a card with
 * the generator's truth (fixtures/README.md), and how it scores the baseline
 * (raw tesseract text) as an upper bound.
 *
 * Rules, per field:
 *   name, title, company  case-insensitive, white space collapsed
 *   address               also punctuation-tolerant (",", ".", "-", … ignored)
 *   emails                lower-case, set equality
 *   phones                set equality; a printed phone matches a truth phone
 *                         when their digit strings or their E.164 forms are
 *                         equal, and (for "phones") the kinds agree
 *   urls                  scheme, "www." and a trailing "/" ignored, set equality
 * A field absent from the truth is right when the output has none. A value that
 * is present but not right is "wrong but filled"; an absent one is "missing".
 */
#ifndef KITH_BENCH_SCORE_H
#define KITH_BENCH_SCORE_H

#include "common/json.h"

typedef enum {
    BENCH_NAME,
    BENCH_TITLE,
    BENCH_COMPANY,
    BENCH_EMAILS,
    BENCH_PHONES,
    BENCH_URLS,
    BENCH_ADDRESS,
    BENCH_N_FIELDS
} bench_field;

extern const char *const bench_field_names[BENCH_N_FIELDS];

typedef enum {
    BENCH_RIGHT,     /* equal under the rules (or absent in both) */
    BENCH_MISSING,   /* in the truth, not in the output */
    BENCH_WRONG      /* in the output, and different from the truth */
} bench_outcome;

/* Normalised forms; each returns a string the caller frees. */
char *bench_norm_text(const char *s);      /* case-folded, white space collapsed */
char *bench_norm_address(const char *s);   /* bench_norm_text without punctuation */
char *bench_norm_url(const char *s);       /* lower case, no scheme/www./trailing / */
char *bench_digits(const char *s);         /* only the digits 0-9 */

/* Scores one field of out (a contract JSON object, NULL for a failed card)
 * against truth. */
bench_outcome bench_score(bench_field f, const kith_json *truth, const kith_json *out);

/* Phones regardless of kind (the numbers alone). */
bench_outcome bench_score_phone_numbers(const kith_json *truth, const kith_json *out);

/* Baseline: 1 when the truth of field f can be found in text (tesseract's
 * output), normalised as above; a field absent from the truth counts as found. */
int bench_found_in_text(bench_field f, const kith_json *truth, const char *text);

#endif
