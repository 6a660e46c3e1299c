/*
 * cards.c — storing scanned cards: one card, one transaction.
 *
 * kith_store_add_card decides, inside a single BEGIN IMMEDIATE … COMMIT,
 * whether the file was already scanned (same SHA-256: nothing is written),
 * whether the card belongs to a known contact (a personal email or a phone
 * in common, role addresses such as info@ and office lines only with the
 * same name: enrich/match.h; the contact's empty fields are filled, user
 * edits kept), or whether it is a new contact. A crash at any point leaves the card either
 * wholly stored or absent, and the unique hash makes a rerun skip what is in.
 */
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/util.h"
#include "enrich/match.h"
#include "store/store_int.h"

int kith_store_card_by_hash(kith_store *st, const char *sha256, int64_t *contact_id,
                            kith_err *err)
{
    sqlite3_stmt *s;
    *contact_id = 0;
    if (st_prepare(st, "SELECT contact_id FROM cards WHERE sha256 = ?", &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, sha256 ? sha256 : "", -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *contact_id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(st, err, "cannot look up a card");
    return 0;
}

/* The id of the named event, created if new; 0 for no event. */
static int event_get_or_create(kith_store *st, const char *name, int64_t now, int64_t *id,
                               kith_err *err)
{
    sqlite3_stmt *s;
    *id = 0;
    if (!name || !*name)
        return 0;
    if (st_prepare(st, "INSERT OR IGNORE INTO events (name, created_at) VALUES (?, ?)", &s,
                   err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, now);
    if (st_run(st, s, "cannot store the event", err) < 0)
        return -1;
    if (st_prepare(st, "SELECT id FROM events WHERE name = ?", &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (*id == 0)
        return st_fail(st, err, "cannot read the event");
    return 0;
}

/* The contact holding this personal address (its email_key), or 0. */
static int contact_by_email(kith_store *st, const char *key, int64_t *id, kith_err *err)
{
    sqlite3_stmt *s;
    *id = 0;
    if (st_prepare(st,
                   "SELECT contact_id FROM contact_emails WHERE email_key = ?"
                   " ORDER BY contact_id LIMIT 1",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(st, err, "cannot match emails");
    return 0;
}

/* A set of contact ids, in the order added, each once. */
typedef struct {
    int64_t *v;
    size_t n, cap;
} id_set;

static void id_set_add(id_set *set, int64_t id)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->v[i] == id)
            return;
    if (set->n == set->cap) {
        set->cap = set->cap ? 2 * set->cap : 8;
        set->v = kith_xrealloc(set->v, set->cap * sizeof *set->v);
    }
    set->v[set->n++] = id;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Adds the contacts holding this role address. */
static int holders_of_email(kith_store *st, const char *key, id_set *out, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st, "SELECT contact_id FROM contact_emails WHERE email_key = ?"
                       " ORDER BY contact_id",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        id_set_add(out, sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, err, "cannot match emails");
    return 0;
}

/* Adds the contacts holding the same line as p (kith_match_phone decides;
 * candidates come from the index on the last digits). */
static int holders_of_phone(kith_store *st, const kith_phone *p, id_set *out, kith_err *err)
{
    char *key = kith_match_phone_key(p->number, p->e164);
    char tail[KITH_MATCH_TAIL_LEN + 1];
    kith_match_phone_tail(key, tail);
    free(key);
    if (!*tail || p->kind == KITH_PHONE_FAX)
        return 0;
    sqlite3_stmt *s;
    if (st_prepare(st,
                   "SELECT contact_id, kind, number, e164, ext FROM contact_phones"
                   " WHERE tail = ? ORDER BY contact_id",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, tail, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        kith_phone q = { KITH_PHONE_OTHER, (char *)sqlite3_column_text(s, 2),
                         (char *)sqlite3_column_text(s, 3), (char *)sqlite3_column_text(s, 4),
                         1.0f };
        kith_phone_kind_parse((const char *)sqlite3_column_text(s, 1), &q.kind);
        if (kith_match_phone(p, &q))
            id_set_add(out, sqlite3_column_int64(s, 0));
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, err, "cannot match phones");
    return 0;
}

/* The known contact this card shows, or 0 (enrich/match.h has the rules):
 * a contact with one of the card's personal addresses; else the first
 * contact sharing a line or a role address of which kith_match_cards is
 * sure; else the contact kith_match_cards finds likely, when it is the only
 * one holding any of the card's lines (a line several contacts hold is a
 * switchboard and identifies nobody). */
static int find_contact(kith_store *st, const kith_fields *f, int64_t *id, kith_err *err)
{
    const kith_models *m;
    id_set lines = { NULL, 0, 0 }, cands = { NULL, 0, 0 };
    int rc = -1;
    *id = 0;
    if (st_models(st, &m, err) < 0)
        return -1;
    for (size_t i = 0; i < f->n_emails && *id == 0; i++) {
        char *key = kith_match_email_key(f->emails[i]);
        if (!key)
            continue;
        int r = kith_match_role_email(m, f->emails[i])
                    ? holders_of_email(st, key, &cands, err)
                    : contact_by_email(st, key, id, err);
        free(key);
        if (r < 0)
            goto out;
    }
    if (*id) {
        rc = 0;
        goto out;
    }
    for (size_t i = 0; i < f->n_phones; i++)
        if (holders_of_phone(st, &f->phones[i], &lines, err) < 0)
            goto out;
    for (size_t i = 0; i < lines.n; i++)
        id_set_add(&cands, lines.v[i]);

    int64_t likely = 0;
    if (cands.n > 1)
        qsort(cands.v, cands.n, sizeof *cands.v, cmp_id);   /* oldest contact first */
    for (size_t i = 0; i < cands.n && *id == 0; i++) {
        kith_fields *known;
        if (st_load_fields(st, cands.v[i], &known, err) < 0)
            goto out;
        kith_match_verdict v = kith_match_cards(m, f, known);
        kith_fields_free(known);
        if (v == KITH_MATCH_SURE)
            *id = cands.v[i];
        else if (v == KITH_MATCH_LIKELY && lines.n == 1)
            likely = cands.v[i];
    }
    if (*id == 0)
        *id = likely;
    rc = 0;
out:
    free(lines.v);
    free(cands.v);
    return rc;
}

static int insert_card(kith_store *st, const kith_card_in *card, const kith_fields *f,
                       int64_t contact, int64_t event_id, int64_t now, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st,
                   "INSERT INTO cards (contact_id, source_path, sha256, image_png, image_meta,"
                   " ocr_text, ocr_json, fields_json, event_id, scanned_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   &s, err) < 0)
        return -1;
    kith_strbuf json = KITH_STRBUF_INIT;
    kith_fields_to_json(f, &json);
    sqlite3_bind_int64(s, 1, contact);
    sqlite3_bind_text(s, 2, card->source_path ? card->source_path : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, card->sha256, -1, SQLITE_TRANSIENT);
    if (card->image_png && card->image_png_len > 0)
        sqlite3_bind_blob64(s, 4, card->image_png, card->image_png_len, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 4);
    st_bind_text(s, 5, card->image_meta_json);
    st_bind_text(s, 6, card->ocr_text);
    st_bind_text(s, 7, card->ocr_json);
    sqlite3_bind_text(s, 8, kith_strbuf_str(&json), -1, SQLITE_TRANSIENT);
    if (event_id > 0)
        sqlite3_bind_int64(s, 9, event_id);
    else
        sqlite3_bind_null(s, 9);
    sqlite3_bind_int64(s, 10, now);
    kith_strbuf_release(&json);
    return st_run(st, s, "cannot store the card", err);
}

/* The body of kith_store_add_card, inside the transaction. */
static int add_card_tx(kith_store *st, const kith_card_in *card, int64_t *contact_id,
                       kith_ingest_outcome *outcome, kith_err *err)
{
    static const kith_fields no_fields;
    const kith_fields *f = card->fields ? card->fields : &no_fields;
    int64_t now = card->scanned_at ? card->scanned_at : kith_now();
    int64_t id, event_id;

    if (kith_store_card_by_hash(st, card->sha256, &id, err) < 0)
        return -1;
    if (id) {
        *contact_id = id;
        *outcome = KITH_INGEST_DUPLICATE;
        return 0;
    }
    if (find_contact(st, f, &id, err) < 0)
        return -1;
    if (event_get_or_create(st, card->event, now, &event_id, err) < 0)
        return -1;

    if (id) {
        *outcome = KITH_INGEST_MERGED;
        if (st_fill_contact(st, id, f, 0, 0, now, err) < 0)
            return -1;
        if (event_id) {
            sqlite3_stmt *s;
            if (st_prepare(st, "UPDATE contacts SET event_id = COALESCE(event_id, ?) WHERE id = ?",
                           &s, err) < 0)
                return -1;
            sqlite3_bind_int64(s, 1, event_id);
            sqlite3_bind_int64(s, 2, id);
            if (st_run(st, s, "cannot update a contact", err) < 0)
                return -1;
        }
    } else {
        *outcome = KITH_INGEST_NEW;
        if (st_insert_contact(st, f, event_id, now, &id, err) < 0)
            return -1;
    }
    *contact_id = id;
    return insert_card(st, card, f, id, event_id, now, err);
}

int kith_store_add_card(kith_store *st, const kith_card_in *card, int64_t *contact_id,
                        kith_ingest_outcome *outcome, kith_err *err)
{
    *contact_id = 0;
    if (!card->sha256 || !*card->sha256)
        return kith_error(err, "card has no file hash");
    for (int attempt = 1;; attempt++) {
        st->last_busy = 0;
        if (st_begin(st, err) < 0)
            return -1;
        if (add_card_tx(st, card, contact_id, outcome, err) == 0) {
            /* A duplicate wrote nothing; committing an empty transaction is
             * harmless and keeps one path. */
            if (st_commit(st, err) == 0)
                return 0;
        }
        st_rollback(st);
        *contact_id = 0;
        if (!st->last_busy || attempt >= KITH_STORE_TX_TRIES)
            return -1;
    }
}

int kith_store_card_image(kith_store *st, int64_t card_id, void **data, size_t *len,
                          kith_err *err)
{
    sqlite3_stmt *s;
    *data = NULL;
    *len = 0;
    if (st_prepare(st, "SELECT image_png FROM cards WHERE id = ?", &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, card_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(s);
        return kith_error(err, "no card with id %lld", (long long)card_id);
    }
    if (rc != SQLITE_ROW) {
        st_fail(st, err, "cannot read a card image");
        sqlite3_finalize(s);
        return -1;
    }
    const void *blob = sqlite3_column_blob(s, 0);
    int n = sqlite3_column_bytes(s, 0);
    if (!blob || n <= 0) {
        sqlite3_finalize(s);
        return kith_error(err, "card %lld has no stored image", (long long)card_id);
    }
    *data = kith_xmalloc((size_t)n);
    memcpy(*data, blob, (size_t)n);
    *len = (size_t)n;
    sqlite3_finalize(s);
    return 0;
}

int kith_store_card_ocr_json(kith_store *st, int64_t card_id, char **json, kith_err *err)
{
    sqlite3_stmt *s;
    *json = NULL;
    if (st_prepare(st, "SELECT ocr_json FROM cards WHERE id = ?", &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, card_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(s);
        return kith_error(err, "no card with id %lld", (long long)card_id);
    }
    if (rc != SQLITE_ROW) {
        st_fail(st, err, "cannot read a card's OCR");
        sqlite3_finalize(s);
        return -1;
    }
    const unsigned char *text = sqlite3_column_text(s, 0);
    if (text)
        *json = kith_xstrdup((const char *)text);
    sqlite3_finalize(s);
    return 0;
}
