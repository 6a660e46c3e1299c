/*
 * contacts.c — contacts in the store: creating and filling them from cards,
 * and loading one whole (fields, cards, notes, interactions).
 *
 * A field the user edited (bit 1 << KITH_FIELD_* in user_edited) is never
 * changed by a later card. Status is not stored anywhere: callers derive it
 * with kith_connection_eval from the interactions and notes loaded here.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "contact/phone_id.h"
#include "store/store_int.h"

const st_scalar st_scalars[] = {
    { "name", KITH_FIELD_NAME, offsetof(kith_fields, name) },
    { "given_name", KITH_FIELD_NAME, offsetof(kith_fields, given_name) },
    { "family_name", KITH_FIELD_NAME, offsetof(kith_fields, family_name) },
    { "prefix", KITH_FIELD_NAME, offsetof(kith_fields, prefix) },
    { "credentials", KITH_FIELD_NAME, offsetof(kith_fields, credentials) },
    { "title", KITH_FIELD_TITLE, offsetof(kith_fields, title) },
    { "company", KITH_FIELD_COMPANY, offsetof(kith_fields, company) },
    { "address", KITH_FIELD_ADDRESS, offsetof(kith_fields, address) },
    { "department", KITH_FIELD_COMPANY, offsetof(kith_fields, department) },
};
const size_t st_n_scalars = sizeof st_scalars / sizeof st_scalars[0];

#define SCALAR_COLS \
    "name, given_name, family_name, prefix, credentials, title, company, address, department"

static char **scalar_slot(kith_fields *f, const st_scalar *sc)
{
    return (char **)((char *)f + sc->off);
}

char *st_scalar_get(const kith_fields *f, const st_scalar *sc)
{
    return *(char *const *)((const char *)f + sc->off);
}

int st_empty(const char *s)
{
    return !s || !*s;
}

/* --- list members ------------------------------------------------------- */

int st_add_email(kith_store *st, int64_t id, const char *email, kith_err *err)
{
    if (st_empty(email))
        return 0;
    char *key = kith_email_key(email);
    if (!key) {   /* not an address we can match, kept as read */
        key = kith_xstrdup(email);
        for (char *p = key; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    }
    sqlite3_stmt *s;
    if (st_prepare(st,
                   "INSERT OR IGNORE INTO contact_emails (contact_id, email, email_key)"
                   " VALUES (?, ?, ?)",
                   &s, err) < 0) {
        free(key);
        return -1;
    }
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, key, -1, SQLITE_TRANSIENT);
    free(key);
    return st_run(st, s, "cannot store an email", err);
}

int st_add_url(kith_store *st, int64_t id, const char *url, kith_err *err)
{
    if (st_empty(url))
        return 0;
    sqlite3_stmt *s;
    if (st_prepare(st, "INSERT OR IGNORE INTO contact_urls (contact_id, url) VALUES (?, ?)", &s,
                   err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, url, -1, SQLITE_TRANSIENT);
    return st_run(st, s, "cannot store a web site", err);
}

/* Is this phone already listed: the same line (contact/phone_id.h)? */
static int has_phone(kith_store *st, int64_t id, const kith_phone *p, int *found, kith_err *err)
{
    sqlite3_stmt *s;
    *found = 0;
    if (st_prepare(st, "SELECT number, e164, ext FROM contact_phones WHERE contact_id = ?", &s,
                   err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc;
    while (!*found && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        kith_phone q = {KITH_PHONE_OTHER, (char *)sqlite3_column_text(s, 0),
                        (char *)sqlite3_column_text(s, 1), (char *)sqlite3_column_text(s, 2), 0};
        if (kith_phone_same_line(&q, p))
            *found = 1;
    }
    if (!*found && rc != SQLITE_DONE) {
        st_fail(st, err, "cannot read phones");
        sqlite3_finalize(s);
        return -1;
    }
    sqlite3_finalize(s);
    return 0;
}

int st_add_phone(kith_store *st, int64_t id, const kith_phone *p, kith_err *err)
{
    if (st_empty(p->number) && st_empty(p->e164))
        return 0;
    int found;
    if (has_phone(st, id, p, &found, err) < 0)
        return -1;
    if (found)
        return 0;
    char *key = kith_phone_key(p->number, p->e164);
    char tail[KITH_PHONE_TAIL_LEN + 1];
    kith_phone_key_tail(key, tail);
    sqlite3_stmt *s;
    if (st_prepare(st,
                   "INSERT INTO contact_phones (contact_id, kind, number, e164, ext, match_key,"
                   " tail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   &s, err) < 0) {
        free(key);
        return -1;
    }
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, kith_phone_kind_name(p->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, st_empty(p->number) ? p->e164 : p->number, -1, SQLITE_TRANSIENT);
    st_bind_text(s, 4, p->e164);
    st_bind_text(s, 5, p->ext);
    st_bind_text(s, 6, key);
    st_bind_text(s, 7, tail);
    free(key);
    return st_run(st, s, "cannot store a phone", err);
}

static int add_lists(kith_store *st, int64_t id, const kith_fields *f, unsigned which,
                     kith_err *err)
{
    if (which & BIT(KITH_FIELD_EMAILS))
        for (size_t i = 0; i < f->n_emails; i++)
            if (st_add_email(st, id, f->emails[i], err) < 0)
                return -1;
    if (which & BIT(KITH_FIELD_PHONES))
        for (size_t i = 0; i < f->n_phones; i++)
            if (st_add_phone(st, id, &f->phones[i], err) < 0)
                return -1;
    if (which & BIT(KITH_FIELD_URLS))
        for (size_t i = 0; i < f->n_urls; i++)
            if (st_add_url(st, id, f->urls[i], err) < 0)
                return -1;
    return 0;
}

#define LIST_BITS (BIT(KITH_FIELD_EMAILS) | BIT(KITH_FIELD_PHONES) | BIT(KITH_FIELD_URLS))

/* --- loading ------------------------------------------------------------ */

/* Loads the contact's scalar fields and edit bits into f (which must be
 * empty). Fails with "no contact with id N" when there is no such contact. */
static int load_core(kith_store *st, int64_t id, kith_fields *f, unsigned *edited,
                     int64_t *created_at, char **event, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st,
                   "SELECT " SCALAR_COLS ", confidence, user_edited, created_at,"
                   " (SELECT name FROM events WHERE events.id = contacts.event_id)"
                   " FROM contacts WHERE id = ?",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        int n = (int)st_n_scalars;
        for (int i = 0; i < n; i++)
            *scalar_slot(f, &st_scalars[i]) = st_column_dup(s, i);
        f->confidence = (float)sqlite3_column_double(s, n);
        if (edited)
            *edited = (unsigned)sqlite3_column_int64(s, n + 1);
        if (created_at)
            *created_at = sqlite3_column_int64(s, n + 2);
        if (event)
            *event = st_column_dup(s, n + 3);
    } else if (rc != SQLITE_DONE) {
        st_fail(st, err, "cannot read a contact");
        sqlite3_finalize(s);
        return -1;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW)
        return kith_error(err, "no contact with id %lld", (long long)id);
    return 0;
}

/* Adds the first column of every row of sql (one parameter: the contact
 * id) to f with add; what is the error message when reading fails. */
static int load_texts(kith_store *st, int64_t id, const char *sql, kith_fields *f,
                      void (*add)(kith_fields *, const char *), const char *what, kith_err *err)
{
    sqlite3_stmt *s;
    int rc;
    if (st_prepare(st, sql, &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        add(f, (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, err, what);
    return 0;
}

static int load_lists(kith_store *st, int64_t id, kith_fields *f, kith_err *err)
{
    sqlite3_stmt *s;
    int rc;

    if (load_texts(st, id, "SELECT email FROM contact_emails WHERE contact_id = ? ORDER BY id", f,
                   kith_fields_add_email, "cannot read emails", err) < 0)
        return -1;

    if (st_prepare(st,
                   "SELECT kind, number, e164, ext FROM contact_phones WHERE contact_id = ?"
                   " ORDER BY id",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        kith_phone_kind kind = KITH_PHONE_OTHER;
        kith_phone_kind_parse((const char *)sqlite3_column_text(s, 0), &kind);
        kith_fields_add_phone(f, kind, (const char *)sqlite3_column_text(s, 1),
                              (const char *)sqlite3_column_text(s, 2),
                              (const char *)sqlite3_column_text(s, 3), 1.0f);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, err, "cannot read phones");

    return load_texts(st, id, "SELECT url FROM contact_urls WHERE contact_id = ? ORDER BY id", f,
                      kith_fields_add_url, "cannot read web sites", err);
}

int st_load_fields(kith_store *st, int64_t id, kith_fields **out, kith_err *err)
{
    kith_fields *f = kith_fields_new();
    *out = NULL;
    if (load_core(st, id, f, NULL, NULL, NULL, err) < 0)
        goto fail;
    if (load_lists(st, id, f, err) < 0)
        goto fail;
    *out = f;
    return 0;
fail:
    kith_fields_free(f);
    return -1;
}

/* --- creating and filling --------------------------------------------------- */

int st_insert_contact(kith_store *st, const kith_fields *f, int64_t event_id, int64_t now,
                      int64_t *id, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st,
                   "INSERT INTO contacts (" SCALAR_COLS ", confidence, user_edited, event_id,"
                   " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                   &s, err) < 0)
        return -1;
    int n = (int)st_n_scalars;
    for (int i = 0; i < n; i++)
        st_bind_text(s, i + 1, st_scalar_get(f, &st_scalars[i]));
    sqlite3_bind_double(s, n + 1, f->confidence);
    if (event_id > 0)
        sqlite3_bind_int64(s, n + 2, event_id);
    else
        sqlite3_bind_null(s, n + 2);
    sqlite3_bind_int64(s, n + 3, now);
    sqlite3_bind_int64(s, n + 4, now);
    if (st_run(st, s, "cannot create a contact", err) < 0)
        return -1;
    *id = sqlite3_last_insert_rowid(st->db);
    return add_lists(st, *id, f, LIST_BITS, err);
}

/* st_prepare for SQL made with kith_xasprintf from one of our own table or
 * column names, never from input; frees sql. */
int st_prepare_made(kith_store *st, char *sql, sqlite3_stmt **s, kith_err *err)
{
    int rc = st_prepare(st, sql, s, err);
    free(sql);
    return rc;
}

int st_set_column(kith_store *st, int64_t id, const char *col, const char *value,
                      kith_err *err)
{
    /* col comes from st_scalars */
    sqlite3_stmt *s;
    if (st_prepare_made(st, kith_xasprintf("UPDATE contacts SET %s = ? WHERE id = ?", col), &s,
                     err) < 0)
        return -1;
    st_bind_text(s, 1, value);
    sqlite3_bind_int64(s, 2, id);
    return st_run(st, s, "cannot update a contact", err);
}

static int set_edited(kith_store *st, int64_t id, unsigned edited, int64_t now, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st, "UPDATE contacts SET user_edited = ?, updated_at = ? WHERE id = ?", &s,
                   err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, edited);
    sqlite3_bind_int64(s, 2, now);
    sqlite3_bind_int64(s, 3, id);
    return st_run(st, s, "cannot update a contact", err);
}

int st_fill_contact(kith_store *st, int64_t id, const kith_fields *src, unsigned src_edited,
                    int lists_too_when_edited, int64_t now, kith_err *err)
{
    kith_fields *cur = kith_fields_new();
    unsigned edited = 0;
    int rc = -1;

    if (load_core(st, id, cur, &edited, NULL, NULL, err) < 0)
        goto out;
    unsigned new_edited = edited;
    for (size_t i = 0; i < st_n_scalars; i++) {
        const st_scalar *sc = &st_scalars[i];
        const char *v = st_scalar_get(src, sc);
        if ((edited & BIT(sc->field)) || !st_empty(st_scalar_get(cur, sc)) || st_empty(v))
            continue;
        if (st_set_column(st, id, sc->col, v, err) < 0)
            goto out;
        new_edited |= src_edited & BIT(sc->field);
    }
    unsigned lists = LIST_BITS;
    if (!lists_too_when_edited)
        lists &= ~edited;
    if (add_lists(st, id, src, lists, err) < 0)
        goto out;
    new_edited |= src_edited & lists;
    rc = set_edited(st, id, new_edited, now, err);
out:
    kith_fields_free(cur);
    return rc;
}

/* --- one whole contact ---------------------------------------------------- */

static int load_cards(kith_store *st, kith_contact *c, kith_err *err)
{
    sqlite3_stmt *s;
    int rc;
    size_t cap = 0;
    if (st_prepare(st,
                   "SELECT id, scanned_at, source_path, page, card_index, file_cards, back_of"
                   " FROM cards WHERE contact_id = ? ORDER BY scanned_at, id",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (c->n_cards == cap) {
            cap = cap ? 2 * cap : 4;
            c->card_ids = kith_xrealloc(c->card_ids, cap * sizeof *c->card_ids);
            c->card_images = kith_xrealloc(c->card_images, cap * sizeof *c->card_images);
        }
        int64_t id = sqlite3_column_int64(s, 0);
        if (c->n_cards == 0)
            c->event_at = sqlite3_column_int64(s, 1);
        c->card_ids[c->n_cards] = id;
        /* a card of a file of several is named by file, page and place */
        const char *src = (const char *)sqlite3_column_text(s, 2);
        const char *base = src && strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
        int page = sqlite3_column_int(s, 3), idx = sqlite3_column_int(s, 4);
        int many = sqlite3_column_int(s, 5) > 1;
        int back = sqlite3_column_type(s, 6) != SQLITE_NULL;
        if (many && base)
            c->card_images[c->n_cards] =
                kith_xasprintf("card:%lld (%s page %d card %d%s)", (long long)id, base,
                               page + 1, idx + 1, back ? ", back" : "");
        else
            c->card_images[c->n_cards] = kith_xasprintf("card:%lld", (long long)id);
        c->n_cards++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, err, "cannot read cards");
    return 0;
}

static int load_notes(kith_store *st, kith_contact *c, kith_err *err)
{
    sqlite3_stmt *s;
    int rc;
    size_t cap = 0;
    if (st_prepare(st, "SELECT id, at, text FROM notes WHERE contact_id = ? ORDER BY at, id", &s,
                   err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (c->n_notes == cap) {
            cap = cap ? 2 * cap : 4;
            c->notes = kith_xrealloc(c->notes, cap * sizeof *c->notes);
        }
        kith_note *n = &c->notes[c->n_notes++];
        n->id = sqlite3_column_int64(s, 0);
        n->at = sqlite3_column_int64(s, 1);
        n->text = st_column_dup(s, 2);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, err, "cannot read notes");
    return 0;
}

static int load_interactions(kith_store *st, kith_contact *c, kith_err *err)
{
    sqlite3_stmt *s;
    int rc;
    size_t cap = 0;
    if (st_prepare(st,
                   "SELECT id, kind, dir, at, note FROM interactions WHERE contact_id = ?"
                   " ORDER BY at, id",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, c->id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (c->n_interactions == cap) {
            cap = cap ? 2 * cap : 8;
            c->interactions = kith_xrealloc(c->interactions, cap * sizeof *c->interactions);
        }
        kith_interaction *ix = &c->interactions[c->n_interactions];
        memset(ix, 0, sizeof *ix);
        ix->id = sqlite3_column_int64(s, 0);
        if (kith_kind_parse((const char *)sqlite3_column_text(s, 1), &ix->kind) < 0 ||
            kith_dir_parse((const char *)sqlite3_column_text(s, 2), &ix->dir) < 0) {
            sqlite3_finalize(s);
            return kith_error(err, "interaction %lld has an unknown kind or direction",
                              (long long)ix->id);
        }
        ix->at = sqlite3_column_int64(s, 3);
        ix->note = st_column_dup(s, 4);
        c->n_interactions++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return st_fail(st, err, "cannot read interactions");
    return 0;
}

int kith_store_contact_get(kith_store *st, int64_t id, kith_contact **out, kith_err *err)
{
    kith_contact *c = kith_xcalloc(1, sizeof *c);

    *out = NULL;
    c->id = id;
    c->fields = kith_fields_new();
    if (load_core(st, id, c->fields, &c->user_edited, &c->created_at, &c->event, err) < 0)
        goto fail;
    if (load_lists(st, id, c->fields, err) < 0 || load_cards(st, c, err) < 0 ||
        load_notes(st, c, err) < 0 || load_interactions(st, c, err) < 0)
        goto fail;
    if (c->n_cards == 0)
        c->event_at = c->created_at;
    *out = c;
    return 0;
fail:
    kith_contact_free(c);
    return -1;
}
