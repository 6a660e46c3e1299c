/*
 * store.h — the SQLite store: contacts, cards, events, interactions, notes.
 *
 * Schema versioned with PRAGMA user_version and migrated forward on open; WAL,
 * foreign keys on, busy timeout; the file is created with mode 0600 (it holds
 * other people's personal data). Every statement is prepared. One card is
 * written in one transaction, so a crash leaves either the whole card or none.
 *
 * A kith_store is used from one thread at a time (the single writer); other
 * processes may read and write the same file concurrently.
 */
#ifndef KITH_STORE_H
#define KITH_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "contact/candidates.h"
#include "contact/contact.h"
#include "contact/fields.h"
#include "contact/interaction.h"
#include "contact/person_name.h"

typedef struct kith_store kith_store;

/* Opens (creating with mode 0600 and migrating as needed). Free with
 * kith_store_close. */
int kith_store_open(const char *path, kith_store **out, kith_err *err);
void kith_store_close(kith_store *st);

/* Schema version of an open store. */
int kith_store_schema_version(kith_store *st);

/* --- cards ------------------------------------------------------------- */

/* A scanned card ready to be stored. Nothing here is freed by the store. */
typedef struct kith_card_in {
    const char *source_path;
    const char *sha256;            /* hex of the source file */
    const void *image_png;         /* normalized card image, may be NULL */
    size_t image_png_len;
    const char *ocr_text;          /* plain OCR text */
    const char *ocr_json;          /* words with boxes */
    const char *image_meta_json;   /* what the image stage did */
    const kith_fields *fields;
    const char *event;             /* event name or NULL */
    int64_t scanned_at;
    /* Where in the file: 0-based page and place on the page, and how many
     * cards the whole file holds (0 is taken as 1). The key of a card is
     * (sha256, page, card_index). */
    int page, card_index, file_cards;
    /* A back (ingest paired it with its front): the front's card id; the
     * card joins that card's contact, filling its empty fields. 0: none. */
    int64_t back_of;
    /* Decides which known contact the card shows, from the candidates the
     * store finds (contact/candidates.h); enrich's kith_match_decide_fn with
     * the models as match_ctx. NULL: the card is always a new contact. */
    kith_match_fn match;
    const void *match_ctx;
} kith_card_in;

typedef enum {
    KITH_INGEST_NEW,        /* a new contact was created */
    KITH_INGEST_MERGED,     /* an existing contact matched (email/phone) and was updated */
    KITH_INGEST_DUPLICATE   /* this file (same SHA-256) was already scanned */
} kith_ingest_outcome;

/* Is every card of the file with this hash already stored? Sets *contact_id
 * to the contact of its first card (0 if the file is not, or not wholly,
 * stored: a crash mid-page leaves some of its cards). */
int kith_store_card_by_hash(kith_store *st, const char *sha256, int64_t *contact_id,
                            kith_err *err);

/* The card stored under the key (sha256, page, card_index): *card_id and
 * *contact_id, both 0 when there is none. */
int kith_store_card_by_key(kith_store *st, const char *sha256, int page, int card_index,
                           int64_t *card_id, int64_t *contact_id, kith_err *err);

/* Stores one card in one transaction: the contact card->match picks among
 * those holding the card's emails and phone lines (fills its empty fields,
 * never overwrites user edits), or a new one; a back joins its front's
 * contact. A card whose key is already stored is not written again
 * (KITH_INGEST_DUPLICATE). */
int kith_store_add_card(kith_store *st, const kith_card_in *card, int64_t *contact_id,
                        kith_ingest_outcome *outcome, kith_err *err);
/* The id of the card kith_store_add_card stored (or found) last. */
int64_t kith_store_last_card_id(const kith_store *st);

/* --- contacts ---------------------------------------------------------- */


/* Loads one contact with notes, interactions and cards. *out freed with
 * kith_contact_free. Fails with a message when there is no such id. */
int kith_store_contact_get(kith_store *st, int64_t id, kith_contact **out, kith_err *err);

/* Every contact id, in order of creation; filter by event (NULL: all).
 * *ids is freed with free(). */
int kith_store_contact_ids(kith_store *st, const char *event, int64_t **ids, size_t *n,
                           kith_err *err);

/* Finds contacts by text: an id ("17") that exists; else, in this order, the
 * first tier that finds anything: exact (case-insensitive) on the name, the
 * given or family name, an email or the company; a substring of the name, an
 * email or the company; a substring ignoring accents and punctuation
 * ("muller" finds "Müller"). Every candidate of that tier is returned, in
 * order of id; none is not an error. *ids freed with free(). */
int kith_store_contact_find(kith_store *st, const char *query, int64_t **ids, size_t *n,
                            kith_err *err);

/* Sets one field by the user (marks it edited so rescans keep it). For
 * emails/phones/urls the value replaces the list with one item. Not the
 * name: that has parts, see kith_store_contact_edit_name. */
int kith_store_contact_edit(kith_store *st, int64_t id, int field, const char *value,
                            kith_err *err);

/* Sets the name by the user, in the parts the caller split it into (the CLI
 * splits what was typed with kith_name_split_typed), marked edited. */
int kith_store_contact_edit_name(kith_store *st, int64_t id, const kith_name *nm, kith_err *err);

/* Merges contact `from` into `into`: cards, notes, interactions move; empty
 * fields are filled; `from` is deleted. One transaction. */
int kith_store_contact_merge(kith_store *st, int64_t into, int64_t from, kith_err *err);

/* --- notes and interactions -------------------------------------------- */

int kith_store_note_add(kith_store *st, int64_t contact, const char *text, int64_t at,
                        kith_err *err);
int kith_store_interaction_add(kith_store *st, int64_t contact, kith_kind kind, kith_dir dir,
                               int64_t at, const char *note, kith_err *err);

/* Records the same interaction with each of contacts[0..n) in one
 * transaction: all are logged or, when any fails (no such contact, a
 * database error), none is. A contact listed twice is logged once. */
int kith_store_interaction_add_many(kith_store *st, const int64_t *contacts, size_t n,
                                    kith_kind kind, kith_dir dir, int64_t at, const char *note,
                                    kith_err *err);

/* --- card images --------------------------------------------------------- */

/* The stored normalized image of a card (PNG); *data freed with free(). */
int kith_store_card_image(kith_store *st, int64_t card_id, void **data, size_t *len,
                          kith_err *err);

/* The OCR reading stored with a card (kith_ocr_result_json: lines of words
 * with boxes and confidences); *json freed with free(), NULL when the card
 * has none. Fails with a message when there is no such card. */
int kith_store_card_ocr_json(kith_store *st, int64_t card_id, char **json, kith_err *err);

/* --- files that failed to ingest (watch) ---------------------------------- */

/* Records that the file with this hash failed, and why, so a watcher does not
 * retry it on every restart. Recording the same hash again replaces the entry
 * (path, error and time). */
int kith_store_failed_add(kith_store *st, const char *path, const char *sha256,
                          const char *error, int64_t at, kith_err *err);

/* Did a file with this hash fail before? Sets *failed to 1 or 0; when error
 * is not NULL and it failed, *error gets the message (caller frees), else
 * NULL. */
int kith_store_failed_get(kith_store *st, const char *sha256, int *failed, char **error,
                          kith_err *err);

/* Forgets a failure (e.g. the user fixed the file and wants it retried). */
int kith_store_failed_remove(kith_store *st, const char *sha256, kith_err *err);

#endif
