/*
 * cards.c — storing scanned cards: one card, one transaction.
 *
 * kith_store_add_card decides, inside a single BEGIN IMMEDIATE … COMMIT,
 * whether the file was already scanned (same SHA-256: nothing is written),
 * whether the card belongs to a known contact (the store finds the
 * candidates — contacts holding the card's email keys and phone lines — and
 * the card's kith_match_fn, enrich's, decides; the contact's empty fields
 * are filled, user edits kept), or whether it is a new contact. A crash at any point leaves the card either
 * wholly stored or absent, and the unique key (the file's hash, page and place on the
 * page) makes a rerun skip what is in.
 */
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/util.h"
#include "contact/phone_id.h"
#include "store/store_int.h"

int kith_store_card_by_hash(kith_store *st, const char *sha256, int64_t *contact_id,
                            kith_err *err)
{
    sqlite3_stmt *s;
    *contact_id = 0;
    if (st_prepare(st,
                   "SELECT count(*), max(file_cards),"
                   " (SELECT contact_id FROM cards WHERE sha256 = ?1"
                   "  ORDER BY page, card_index LIMIT 1)"
                   " FROM cards WHERE sha256 = ?1",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, sha256 ? sha256 : "", -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        int64_t have = sqlite3_column_int64(s, 0), want = sqlite3_column_int64(s, 1);
        if (have > 0 && have >= want)
            *contact_id = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(st, err, "cannot look up a card");
    return 0;
}

int kith_store_card_by_key(kith_store *st, const char *sha256, int page, int card_index,
                           int64_t *card_id, int64_t *contact_id, kith_err *err)
{
    sqlite3_stmt *s;
    *card_id = 0;
    *contact_id = 0;
    if (st_prepare(st,
                   "SELECT id, contact_id FROM cards WHERE sha256 = ? AND page = ?"
                   " AND card_index = ?",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, sha256 ? sha256 : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, page);
    sqlite3_bind_int(s, 3, card_index);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *card_id = sqlite3_column_int64(s, 0);
        *contact_id = sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(st, err, "cannot look up a card");
    return 0;
}

int64_t kith_store_last_card_id(const kith_store *st)
{
    return st->last_card_id;
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

/* The contacts holding this email key, lowest id first. */
static int holders_of_email(kith_store *st, const char *key, kith_email_holders *out,
                            kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st, "SELECT contact_id FROM contact_emails WHERE email_key = ?"
                       " ORDER BY contact_id",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    kith_id_set set = KITH_ID_SET_INIT;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        kith_id_set_add(&set, sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    out->ids = set.v;
    out->n = set.n;
    if (rc != SQLITE_DONE)
        return st_fail(st, err, "cannot match emails");
    return 0;
}

/* The stored phones on the same line as p (contact/phone_id.h; candidates
 * come from the index on the last digits of the key), by contact id. */
static int holders_of_phone(kith_store *st, const kith_phone *p, kith_line_holders *out,
                            kith_err *err)
{
    char *key = kith_phone_key(p->number, p->e164);
    char tail[KITH_PHONE_TAIL_LEN + 1];
    kith_phone_key_tail(key, tail);
    free(key);
    if (!*tail)
        return 0;
    sqlite3_stmt *s;
    if (st_prepare(st,
                   "SELECT contact_id, kind, number, e164, ext FROM contact_phones"
                   " WHERE tail = ? ORDER BY contact_id",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, tail, -1, SQLITE_TRANSIENT);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        kith_phone q = { KITH_PHONE_OTHER, (char *)sqlite3_column_text(s, 2),
                         (char *)sqlite3_column_text(s, 3), (char *)sqlite3_column_text(s, 4),
                         1.0f };
        kith_phone_kind_parse((const char *)sqlite3_column_text(s, 1), &q.kind);
        if (!kith_phone_same_line(p, &q))
            continue;
        if (out->n == cap) {
            cap = cap ? 2 * cap : 4;
            out->v = kith_xrealloc(out->v, cap * sizeof *out->v);
        }
        kith_line_holder *h = &out->v[out->n++];
        h->contact_id = sqlite3_column_int64(s, 0);
        h->phone.kind = q.kind;
        h->phone.number = q.number ? kith_xstrdup(q.number) : NULL;
        h->phone.e164 = q.e164 ? kith_xstrdup(q.e164) : NULL;
        h->phone.ext = q.ext ? kith_xstrdup(q.ext) : NULL;
        h->phone.conf = 1.0f;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, err, "cannot match phones");
    return 0;
}

/* The candidates for card f (contact/candidates.h): the holders of each of
 * its email keys and phone lines, and the fields of each of them. Finds,
 * decides nothing. Release *c with kith_candidates_release, also on error. */
static int find_candidates(kith_store *st, const kith_fields *f, kith_candidates *c,
                           kith_err *err)
{
    memset(c, 0, sizeof *c);
    c->emails = kith_xcalloc(f->n_emails + 1, sizeof *c->emails);
    c->n_emails = f->n_emails;
    c->phones = kith_xcalloc(f->n_phones + 1, sizeof *c->phones);
    c->n_phones = f->n_phones;
    kith_id_set all = KITH_ID_SET_INIT;
    int rc = -1;
    for (size_t i = 0; i < f->n_emails; i++) {
        char *key = kith_email_key(f->emails[i]);
        int r = key ? holders_of_email(st, key, &c->emails[i], err) : 0;
        free(key);
        if (r < 0)
            goto out;
        for (size_t j = 0; j < c->emails[i].n; j++)
            kith_id_set_add(&all, c->emails[i].ids[j]);
    }
    for (size_t i = 0; i < f->n_phones; i++) {
        if (holders_of_phone(st, &f->phones[i], &c->phones[i], err) < 0)
            goto out;
        for (size_t j = 0; j < c->phones[i].n; j++)
            kith_id_set_add(&all, c->phones[i].v[j].contact_id);
    }
    if (all.n > 1)
        qsort(all.v, all.n, sizeof *all.v, kith_id_cmp);
    c->known = kith_xcalloc(all.n + 1, sizeof *c->known);
    for (size_t i = 0; i < all.n; i++) {
        c->known[i].id = all.v[i];
        c->n_known = i + 1;
        if (st_load_fields(st, all.v[i], &c->known[i].fields, err) < 0)
            goto out;
    }
    rc = 0;
out:
    kith_id_set_release(&all);
    return rc;
}

/* The known contact this card shows, or 0: card->match decides from the
 * candidates; without one every card is a new contact. */
static int find_contact(kith_store *st, const kith_card_in *card, const kith_fields *f,
                        int64_t *id, kith_err *err)
{
    *id = 0;
    if (!card->match)
        return 0;
    kith_candidates c;
    int rc = find_candidates(st, f, &c, err);
    if (rc == 0)
        rc = card->match(f, &c, card->match_ctx, id, err);
    kith_candidates_release(&c);
    return rc;
}

static int insert_card(kith_store *st, const kith_card_in *card, const kith_fields *f,
                       int64_t contact, int64_t event_id, int64_t now, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st,
                   "INSERT INTO cards (contact_id, source_path, sha256, image_png, image_meta,"
                   " ocr_text, ocr_json, fields_json, event_id, scanned_at, page, card_index,"
                   " file_cards, back_of)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    sqlite3_bind_int(s, 11, card->page);
    sqlite3_bind_int(s, 12, card->card_index);
    sqlite3_bind_int(s, 13, card->file_cards > 0 ? card->file_cards : 1);
    if (card->back_of > 0)
        sqlite3_bind_int64(s, 14, card->back_of);
    else
        sqlite3_bind_null(s, 14);
    kith_strbuf_release(&json);
    if (st_run(st, s, "cannot store the card", err) < 0)
        return -1;
    st->last_card_id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

/* The body of kith_store_add_card, inside the transaction. */
static int add_card_tx(kith_store *st, const kith_card_in *card, int64_t *contact_id,
                       kith_ingest_outcome *outcome, kith_err *err)
{
    static const kith_fields no_fields;
    const kith_fields *f = card->fields ? card->fields : &no_fields;
    int64_t now = card->scanned_at ? card->scanned_at : kith_now();
    int64_t id, event_id;

    int64_t card_id;
    if (kith_store_card_by_key(st, card->sha256, card->page, card->card_index, &card_id, &id,
                               err) < 0)
        return -1;
    if (card_id) {
        *contact_id = id;
        *outcome = KITH_INGEST_DUPLICATE;
        st->last_card_id = card_id;
        return 0;
    }
    id = 0;
    if (card->back_of > 0) {
        sqlite3_stmt *s;
        if (st_prepare(st, "SELECT contact_id FROM cards WHERE id = ?", &s, err) < 0)
            return -1;
        sqlite3_bind_int64(s, 1, card->back_of);
        if (sqlite3_step(s) == SQLITE_ROW)
            id = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    if (!id && find_contact(st, card, f, &id, err) < 0)
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

/* Runs sql (one "?" for the card's id) and leaves *out on the card's row;
 * the caller finalizes it. what names the read in a failure's message. */
static int card_row(kith_store *st, const char *sql, int64_t card_id, const char *what,
                    sqlite3_stmt **out, kith_err *err)
{
    sqlite3_stmt *s;
    *out = NULL;
    if (st_prepare(st, sql, &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, card_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(s);
        return kith_error(err, "no card with id %lld", (long long)card_id);
    }
    if (rc != SQLITE_ROW) {
        st_fail(st, err, what);
        sqlite3_finalize(s);
        return -1;
    }
    *out = s;
    return 0;
}

int kith_store_card_image(kith_store *st, int64_t card_id, void **data, size_t *len,
                          kith_err *err)
{
    sqlite3_stmt *s;
    *data = NULL;
    *len = 0;
    if (card_row(st, "SELECT image_png FROM cards WHERE id = ?", card_id,
                 "cannot read a card image", &s, err) < 0)
        return -1;
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
    if (card_row(st, "SELECT ocr_json FROM cards WHERE id = ?", card_id,
                 "cannot read a card's OCR", &s, err) < 0)
        return -1;
    const unsigned char *text = sqlite3_column_text(s, 0);
    if (text)
        *json = kith_xstrdup((const char *)text);
    sqlite3_finalize(s);
    return 0;
}
