/*
 * extract_int.h — what the files of the extract stage share: the segments a
 * card's rows are cut into, the context one extraction carries, and the
 * steps kith_extract (extract.c) runs in order. Internal to extract/.
 */
#ifndef KITH_EXTRACT_INT_H
#define KITH_EXTRACT_INT_H

#include <stddef.h>

#include "common/util.h"
#include "contact/fields.h"
#include "common/models.h"
#include "extract/phone.h"
#include "ocr/ocr.h"

#define MAX_SEGS 128

enum { SEG_TEXT, SEG_CONTACT, SEG_SOCIAL, SEG_ADDRESS, SEG_USED };

/* address evidence bits */
enum {
    ADDR_STREET = 1,
    ADDR_UNIT = 2,
    ADDR_POSTCODE = 4,
    ADDR_COUNTRY = 8,
    ADDR_POBOX = 16,
    ADDR_CITY = 32 /* a city alone, after the street */
};

/* how the address's country is known (ctx.have_addr_country) */
enum { ADDR_HINTED = 1, ADDR_NAMED = 2 };

typedef struct seg {
    char *text;
    size_t row;       /* index of the printed row */
    float height;     /* text height, 0 when unknown */
    float conf;       /* OCR confidence 0..1 (1 when unknown) */
    float ocr_conf;   /* OCR's lowest word confidence on the line 0..1, -1 when unknown */
    int kind;
    int addr;         /* ADDR_* bits */
    kith_box box;     /* the printed row's box, all 0 when unknown */
} seg;

typedef struct ctx {
    const kith_models *m;
    seg segs[MAX_SEGS];
    size_t n;
    kith_fields *f;
    int have_country;
    kith_country country;       /* for national numbers */
    kith_country addr_country;  /* from the address */
    int have_addr_country;      /* 0, or how it is known: ADDR_HINTED, ADDR_NAMED */
    float max_height, median_height;
    size_t name_seg; /* the name's segment, MAX_SEGS when none */
    float *email_conf; /* OCR confidence of each of f->emails (-1 unknown) */
    float row_min_conf; /* the row being cut into segments: its lowest word conf */
} ctx;

/* One printed row: OCR lines that tesseract split (sparse text mode reads
 * "T" and "+44 20 …", or "Austin," and "TX 78733", as separate lines) joined
 * left to right. */
typedef struct ex_row {
    char *text;     /* owned */
    kith_line line; /* box, height and conf of the whole row; words unused */
    float min_conf; /* lowest word confidence of the row 0..1, -1 when unknown */
} ex_row;

/* --- words.c: small text helpers --------------------------------------- */

int ex_has_digit(const char *s);
/* Words of s with surrounding punctuation removed; caller clears the list. */
void ex_words_of(const char *s, kith_strlist *out);
/* How many words of w are in the lexicon (with value val, when not NULL). */
int ex_count_lex(const kith_models *m, const char *lex, const kith_strlist *w, const char *val);
/* How many of the last words of w form a legal-form suffix, 0 when none. */
size_t ex_suffix_words(const kith_models *m, const kith_strlist *w);
/* Strips bullets, dashes and stray marks at either end of s, in place. */
void ex_trim_junk(char *s);

/* --- rows.c: step 1, rows and layout ------------------------------------ */

/* Builds the rows in the OCR's reading order. Caller frees *out and each
 * row's text. */
size_t ex_build_rows(const kith_ocr_result *ocr, const kith_models *m, ex_row **out);
/* Cuts row number `row` (line l) into segments appended to c. */
void ex_split_row(ctx *c, const kith_line *l, size_t row);
/* Sets c->max_height and c->median_height from the segments' heights. */
void ex_layout_stats(ctx *c);

/* --- emails.c: step 2a -------------------------------------------------- */

/* Adds the emails of s that validate to c->f; returns how many; *handles
 * counts bare @handles. */
int ex_find_emails(ctx *c, const char *s, int *handles);
/* Whether the token at p (up to a blank or the end) is a known top-level
 * domain ("com", "co" of co.jp), any case (emails.c). */
int ex_tld_word(const ctx *c, const char *p);

/* Whether the token at p ends a host name ("lowelogistics.eu"). */
int ex_host_tail(const char *p);

/* --- web.c: step 2b ----------------------------------------------------- */

/* Whether tld is a known top-level domain (lower case, two letters up). */
int ex_tld_ok(const kith_models *m, const char *tld);
/* Validates a lower-case host name; may repair its last label in place. */
int ex_host_ok(const kith_models *m, char *host);
/* Adds the websites of s to c->f; returns how many; *social is set when a
 * social profile was seen. */
int ex_find_urls(ctx *c, const char *s, int *social);
/* Whether s is a social profile line. */
int ex_is_social(ctx *c, const char *s);
/* The host of url without "www." in buf (cap bytes); returns buf. */
const char *ex_url_host(const char *url, char *buf, size_t cap);
/* Mends an email domain and a website host that differ by OCR confusions. */
void ex_repair_domains(ctx *c);
/* Drops websites that are scraps of a longer host on the card. */
void ex_drop_url_fragments(ctx *c);

/* --- address.c: step 3 -------------------------------------------------- */

/* Finds the postal address among c's text segments and sets c->f->address. */
void ex_find_address(ctx *c);

/* --- card_phones.c: step 4 ---------------------------------------------- */

/* Sets c->country for national numbers from the address, hits or TLDs. */
void ex_phone_country(ctx *c, kith_phone_hit *hits, size_t n);
/* Adds the hits (mended) to c->f with E.164 forms and kinds. */
void ex_add_phones(ctx *c, kith_phone_hit *hits, size_t n);

/* --- department.c: step 5a ---------------------------------------------- */

/* Sets c->f->department from a department line ("Cloud & AI Department")
 * and takes that segment out of the running for name, title and company. */
void ex_find_department(ctx *c);

/* --- stacked.c: step 5b ------------------------------------------------- */

/* Joins a company name set one word or two per line ("Ironbridge" /
 * "Consulting" / "GmbH & Co. KG") into one segment. */
void ex_join_stacked(ctx *c);

/* --- people.c: step 5 --------------------------------------------------- */

/* Whether text agrees with a (non free-mail) domain of the card. */
int ex_domain_agrees(ctx *c, const char *text);
/* Splits "Jane Doe, CEO" style segments in two when the parts read better
 * apart. */
void ex_split_combined(ctx *c);
/* Fills name, title and company of c->f. */
void ex_people_fields(ctx *c);

#endif
