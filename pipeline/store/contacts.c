/*
 * contacts.c — contacts in the store: creating and filling them from cards,
 * loading one whole (fields, cards, notes, interactions), listing, finding by
 * text, the user's edits, merging two into one, notes and interactions.
 *
 * A field the user edited (bit 1 << KITH_FIELD_* in user_edited) is never
 * changed by a later card. Status is not stored anywhere: callers derive it
 * with kith_connection_eval from the interactions and notes loaded here.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "enrich/match.h"
#include "extract/name.h"
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

#define BIT(f) (1u << (f))

static char **scalar_slot(kith_fields *f, const st_scalar *sc)
{
    return (char **)((char *)f + sc->off);
}

char *st_scalar_get(const kith_fields *f, const st_scalar *sc)
{
    return *(char *const *)((const char *)f + sc->off);
}

static int empty(const char *s)
{
    return !s || !*s;
}

/* --- list members ------------------------------------------------------- */

static int add_email(kith_store *st, int64_t id, const char *email, kith_err *err)
{
    if (empty(email))
        return 0;
    char *key = kith_match_email_key(email);
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

static int add_url(kith_store *st, int64_t id, const char *url, kith_err *err)
{
    if (empty(url))
        return 0;
    sqlite3_stmt *s;
    if (st_prepare(st, "INSERT OR IGNORE INTO contact_urls (contact_id, url) VALUES (?, ?)", &s,
                   err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, url, -1, SQLITE_TRANSIENT);
    return st_run(st, s, "cannot store a web site", err);
}

static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Is this phone (same number, same or unknown extension) already listed? */
static int has_phone(kith_store *st, int64_t id, const kith_phone *p, const char *key,
                     int *found, kith_err *err)
{
    sqlite3_stmt *s;
    *found = 0;
    if (st_prepare(st, "SELECT number, match_key, ext FROM contact_phones WHERE contact_id = ?",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc;
    while (!*found && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *number = (const char *)sqlite3_column_text(s, 0);
        const char *k = (const char *)sqlite3_column_text(s, 1);
        const char *ext = (const char *)sqlite3_column_text(s, 2);
        int same = key && k ? kith_match_phone_keys(key, k) : same_text(number, p->number);
        if (same && (empty(ext) || empty(p->ext) || strcmp(ext, p->ext) == 0))
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

static int add_phone(kith_store *st, int64_t id, const kith_phone *p, kith_err *err)
{
    if (empty(p->number) && empty(p->e164))
        return 0;
    char *key = kith_match_phone_key(p->number, p->e164);
    int found;
    if (has_phone(st, id, p, key, &found, err) < 0) {
        free(key);
        return -1;
    }
    if (found) {
        free(key);
        return 0;
    }
    char tail[KITH_MATCH_TAIL_LEN + 1];
    kith_match_phone_tail(key, tail);
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
    sqlite3_bind_text(s, 3, empty(p->number) ? p->e164 : p->number, -1, SQLITE_TRANSIENT);
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
            if (add_email(st, id, f->emails[i], err) < 0)
                return -1;
    if (which & BIT(KITH_FIELD_PHONES))
        for (size_t i = 0; i < f->n_phones; i++)
            if (add_phone(st, id, &f->phones[i], err) < 0)
                return -1;
    if (which & BIT(KITH_FIELD_URLS))
        for (size_t i = 0; i < f->n_urls; i++)
            if (add_url(st, id, f->urls[i], err) < 0)
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
static int prepare_made(kith_store *st, char *sql, sqlite3_stmt **s, kith_err *err)
{
    int rc = st_prepare(st, sql, s, err);
    free(sql);
    return rc;
}

static int set_column(kith_store *st, int64_t id, const char *col, const char *value,
                      kith_err *err)
{
    /* col comes from st_scalars */
    sqlite3_stmt *s;
    if (prepare_made(st, kith_xasprintf("UPDATE contacts SET %s = ? WHERE id = ?", col), &s,
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
        if ((edited & BIT(sc->field)) || !empty(st_scalar_get(cur, sc)) || empty(v))
            continue;
        if (set_column(st, id, sc->col, v, err) < 0)
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

void kith_contact_free(kith_contact *c)
{
    if (!c)
        return;
    kith_fields_free(c->fields);
    free(c->event);
    for (size_t i = 0; i < c->n_cards; i++)
        free(c->card_images[i]);
    free(c->card_images);
    free(c->card_ids);
    for (size_t i = 0; i < c->n_notes; i++)
        free(c->notes[i].text);
    free(c->notes);
    for (size_t i = 0; i < c->n_interactions; i++)
        free(c->interactions[i].note);
    free(c->interactions);
    free(c);
}

static int load_cards(kith_store *st, kith_contact *c, kith_err *err)
{
    sqlite3_stmt *s;
    int rc;
    size_t cap = 0;
    if (st_prepare(st,
                   "SELECT id, scanned_at FROM cards WHERE contact_id = ? ORDER BY scanned_at, id",
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

/* --- lists of contacts -------------------------------------------------------- */

/* Collects the first column of every row of s (bound by the caller) into
 * *ids, skipping repeats; finalizes s. */
static int collect_ids(kith_store *st, sqlite3_stmt *s, int64_t **ids, size_t *n,
                       kith_err *err)
{
    size_t cap = 0;
    int rc;
    *ids = NULL;
    *n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        int seen = 0;
        for (size_t i = 0; i < *n && !seen; i++)
            seen = (*ids)[i] == id;
        if (seen)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            *ids = kith_xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = id;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return st_fail(st, err, "cannot list contacts");
    }
    return 0;
}

int kith_store_contact_ids(kith_store *st, const char *event, int64_t **ids, size_t *n,
                           kith_err *err)
{
    sqlite3_stmt *s;
    if (!event) {
        if (st_prepare(st, "SELECT id FROM contacts ORDER BY id", &s, err) < 0)
            return -1;
    } else {
        /* Collected at the event: the contact's first event, or any card of it. */
        if (st_prepare(st,
                       "SELECT c.id FROM contacts c JOIN events e ON e.name = ?1"
                       " WHERE c.event_id = e.id"
                       "    OR EXISTS (SELECT 1 FROM cards k"
                       "               WHERE k.contact_id = c.id AND k.event_id = e.id)"
                       " ORDER BY c.id",
                       &s, err) < 0)
            return -1;
        sqlite3_bind_text(s, 1, event, -1, SQLITE_TRANSIENT);
    }
    return collect_ids(st, s, ids, n, err);
}

/* Runs sql (one parameter, ?1 = text) into *ids / *n; *n is 0 when no
 * contact matched. Caller frees *ids. */
static int find_ids(kith_store *st, const char *sql, const char *text, int64_t **ids,
                    size_t *n, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st, sql, &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, text, -1, SQLITE_TRANSIENT);
    return collect_ids(st, s, ids, n, err);
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

int kith_store_contact_find(kith_store *st, const char *query, int64_t **ids, size_t *n,
                            kith_err *err)
{
    char *q = kith_trim(kith_xstrdup(query ? query : ""));
    char *folded = NULL;
    int rc = -1;

    *ids = NULL;
    *n = 0;
    if (!*q) {
        kith_error(err, "empty contact query");
        goto out;
    }
    if (all_digits(q) && strlen(q) < 19) {
        int64_t id = strtoll(q, NULL, 10);
        int ex = st_contact_exists(st, id, err);
        if (ex < 0)
            goto out;
        if (ex) {
            *ids = kith_xmalloc(sizeof **ids);
            (*ids)[0] = id;
            *n = 1;
            rc = 0;
            goto out;
        }
    }
    /* Exact (case-insensitive, kith_lower in store.c) on the name or its
     * parts, an email, the company. */
    static const char *const by_text[] = {
        "SELECT id FROM contacts WHERE kith_lower(name) = kith_lower(?1)"
        "   OR kith_lower(given_name) = kith_lower(?1)"
        "   OR kith_lower(family_name) = kith_lower(?1)"
        "   OR kith_lower(company) = kith_lower(?1)"
        " UNION SELECT contact_id FROM contact_emails WHERE email_key = kith_lower(?1)"
        " ORDER BY 1",
        /* Then inside the name, the company or an email. */
        "SELECT id FROM contacts WHERE instr(kith_lower(name), kith_lower(?1)) > 0"
        "   OR instr(kith_lower(company), kith_lower(?1)) > 0"
        " UNION SELECT contact_id FROM contact_emails"
        "   WHERE instr(email_key, kith_lower(?1)) > 0"
        " ORDER BY 1",
    };
    for (size_t i = 0; i < sizeof by_text / sizeof by_text[0]; i++) {
        if (find_ids(st, by_text[i], q, ids, n, err) < 0)
            goto out;
        if (*n > 0) {
            rc = 0;
            goto out;
        }
        free(*ids);
        *ids = NULL;
    }
    /* Typed without accents or punctuation: "muller" finds "Müller",
     * "oconnell" finds "O'Connell". */
    folded = kith_fold(q);
    if (!*folded) {
        rc = 0;
        goto out;
    }
    rc = find_ids(st,
                  "SELECT id FROM contacts WHERE instr(kith_fold(name), ?1) > 0"
                  "   OR instr(kith_fold(company), ?1) > 0"
                  " ORDER BY 1",
                  folded, ids, n, err);
out:
    free(folded);
    free(q);
    return rc;
}

/* --- the user's edits --------------------------------------------------------- */

/* Fails with "no contact with id N" when there is no such contact. */
static int check_contact(kith_store *st, int64_t id, kith_err *err)
{
    int ex = st_contact_exists(st, id, err);
    if (ex < 0)
        return -1;
    if (!ex)
        return kith_error(err, "no contact with id %lld", (long long)id);
    return 0;
}

static int delete_list(kith_store *st, int64_t id, const char *table, kith_err *err)
{
    sqlite3_stmt *s;
    if (prepare_made(st, kith_xasprintf("DELETE FROM %s WHERE contact_id = ?", table), &s,
                     err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    return st_run(st, s, "cannot update a contact", err);
}

/* The kind of the contact's first phone (an edited number keeps it). */
static kith_phone_kind first_phone_kind(kith_store *st, int64_t id)
{
    sqlite3_stmt *s;
    kith_phone_kind k = KITH_PHONE_OTHER;
    if (st_prepare(st, "SELECT kind FROM contact_phones WHERE contact_id = ? ORDER BY id LIMIT 1",
                   &s, NULL) < 0)
        return k;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) == SQLITE_ROW)
        kith_phone_kind_parse((const char *)sqlite3_column_text(s, 0), &k);
    sqlite3_finalize(s);
    return k;
}

/* Sets the name columns. */
static int set_name(kith_store *st, int64_t id, const kith_name *nm, kith_err *err)
{
    if (set_column(st, id, "name", nm->name, err) < 0 ||
        set_column(st, id, "given_name", nm->given, err) < 0 ||
        set_column(st, id, "family_name", nm->family, err) < 0 ||
        set_column(st, id, "prefix", nm->prefix, err) < 0 ||
        set_column(st, id, "credentials", nm->credentials, err) < 0)
        return -1;
    return 0;
}

/* Edits inside the transaction: value for every field but the name, nm for
 * the name. */
static int edit_tx(kith_store *st, int64_t id, int field, const char *value,
                   const kith_name *nm, kith_err *err)
{
    if (check_contact(st, id, err) < 0)
        return -1;

    switch (field) {
    case KITH_FIELD_NAME:
        if (set_name(st, id, nm, err) < 0)
            return -1;
        break;
    case KITH_FIELD_TITLE:
        if (set_column(st, id, "title", value, err) < 0)
            return -1;
        break;
    case KITH_FIELD_COMPANY:
        if (set_column(st, id, "company", value, err) < 0)
            return -1;
        break;
    case KITH_FIELD_ADDRESS:
        if (set_column(st, id, "address", value, err) < 0)
            return -1;
        break;
    case KITH_FIELD_EMAILS:
        if (delete_list(st, id, "contact_emails", err) < 0 || add_email(st, id, value, err) < 0)
            return -1;
        break;
    case KITH_FIELD_PHONES: {
        kith_phone p = { first_phone_kind(st, id), (char *)value, NULL, NULL, 1.0f };
        if (delete_list(st, id, "contact_phones", err) < 0 || add_phone(st, id, &p, err) < 0)
            return -1;
        break;
    }
    case KITH_FIELD_URLS:
        if (delete_list(st, id, "contact_urls", err) < 0 || add_url(st, id, value, err) < 0)
            return -1;
        break;
    default:
        return kith_error(err, "cannot edit field %d", field);
    }

    sqlite3_stmt *s;
    if (st_prepare(st,
                   "UPDATE contacts SET user_edited = user_edited | ?, updated_at = ?"
                   " WHERE id = ?",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, BIT(field));
    sqlite3_bind_int64(s, 2, kith_now());
    sqlite3_bind_int64(s, 3, id);
    return st_run(st, s, "cannot update a contact", err);
}

/* One edit in its own transaction. */
static int edit(kith_store *st, int64_t id, int field, const char *value, const kith_name *nm,
                kith_err *err)
{
    if (st_begin(st, err) < 0)
        return -1;
    if (edit_tx(st, id, field, value, nm, err) < 0 || st_commit(st, err) < 0) {
        st_rollback(st);
        return -1;
    }
    return 0;
}

int kith_store_contact_edit(kith_store *st, int64_t id, int field, const char *value,
                            kith_err *err)
{
    if (field == KITH_FIELD_NAME)
        return kith_error(err, "a name is set with kith_store_contact_edit_name, in its parts");
    if (field < KITH_FIELD_NAME || field > KITH_FIELD_ADDRESS)
        return kith_error(err, "cannot edit field %d", field);
    return edit(st, id, field, value ? value : "", NULL, err);
}

int kith_store_contact_edit_name(kith_store *st, int64_t id, const kith_name *nm, kith_err *err)
{
    if (!nm || !nm->name || !*nm->name)
        return kith_error(err, "an empty name");
    return edit(st, id, KITH_FIELD_NAME, NULL, nm, err);
}

/* --- merging --------------------------------------------------------------------- */

static int move_rows(kith_store *st, const char *table, int64_t into, int64_t from,
                     kith_err *err)
{
    sqlite3_stmt *s;
    if (prepare_made(st, kith_xasprintf("UPDATE %s SET contact_id = ? WHERE contact_id = ?", table),
                     &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, into);
    sqlite3_bind_int64(s, 2, from);
    return st_run(st, s, "cannot move records between contacts", err);
}

static int merge_tx(kith_store *st, int64_t into, int64_t from, kith_err *err)
{
    kith_contact *src = NULL;
    int rc = -1;

    if (check_contact(st, into, err) < 0)
        return -1;
    if (kith_store_contact_get(st, from, &src, err) < 0)
        return -1;
    if (st_fill_contact(st, into, src->fields, src->user_edited, 1, kith_now(), err) < 0)
        goto out;
    if (move_rows(st, "cards", into, from, err) < 0 ||
        move_rows(st, "notes", into, from, err) < 0 ||
        move_rows(st, "interactions", into, from, err) < 0)
        goto out;

    sqlite3_stmt *s;
    /* The contact was first collected at the earlier of the two. */
    if (st_prepare(st,
                   "UPDATE contacts SET"
                   " event_id = COALESCE(event_id, (SELECT event_id FROM contacts WHERE id = ?2)),"
                   " created_at = MIN(created_at, (SELECT created_at FROM contacts WHERE id = ?2))"
                   " WHERE id = ?1",
                   &s, err) < 0)
        goto out;
    sqlite3_bind_int64(s, 1, into);
    sqlite3_bind_int64(s, 2, from);
    if (st_run(st, s, "cannot update a contact", err) < 0)
        goto out;
    if (st_prepare(st, "DELETE FROM contacts WHERE id = ?", &s, err) < 0)
        goto out;
    sqlite3_bind_int64(s, 1, from);
    rc = st_run(st, s, "cannot delete the merged contact", err);
out:
    kith_contact_free(src);
    return rc;
}

int kith_store_contact_merge(kith_store *st, int64_t into, int64_t from, kith_err *err)
{
    if (into == from)
        return kith_error(err, "cannot merge contact %lld with itself", (long long)into);
    if (st_begin(st, err) < 0)
        return -1;
    if (merge_tx(st, into, from, err) < 0 || st_commit(st, err) < 0) {
        st_rollback(st);
        return -1;
    }
    return 0;
}

/* --- notes and interactions ---------------------------------------------------- */

int kith_store_note_add(kith_store *st, int64_t contact, const char *text, int64_t at,
                        kith_err *err)
{
    sqlite3_stmt *s;
    if (empty(text))
        return kith_error(err, "empty note");
    if (check_contact(st, contact, err) < 0)
        return -1;
    if (st_prepare(st, "INSERT INTO notes (contact_id, text, at) VALUES (?, ?, ?)", &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, contact);
    sqlite3_bind_text(s, 2, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, at);
    return st_run(st, s, "cannot store the note", err);
}

static int check_kind_dir(kith_kind kind, kith_dir dir, kith_err *err)
{
    if (kind < 0 || kind >= KITH_KIND_COUNT_)
        return kith_error(err, "unknown interaction kind %d", (int)kind);
    if (dir < 0 || dir >= KITH_DIR_COUNT_)
        return kith_error(err, "unknown interaction direction %d", (int)dir);
    return 0;
}

/* Inserts one interaction (kind and dir already checked). */
static int insert_interaction(kith_store *st, int64_t contact, kith_kind kind, kith_dir dir,
                              int64_t at, const char *note, kith_err *err)
{
    sqlite3_stmt *s;
    if (check_contact(st, contact, err) < 0)
        return -1;
    if (st_prepare(st,
                   "INSERT INTO interactions (contact_id, kind, dir, at, note, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, contact);
    sqlite3_bind_text(s, 2, kith_kind_name(kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, kith_dir_name(dir), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, at);
    st_bind_text(s, 5, note);
    sqlite3_bind_int64(s, 6, kith_now());
    return st_run(st, s, "cannot store the interaction", err);
}

int kith_store_interaction_add(kith_store *st, int64_t contact, kith_kind kind, kith_dir dir,
                               int64_t at, const char *note, kith_err *err)
{
    if (check_kind_dir(kind, dir, err) < 0)
        return -1;
    return insert_interaction(st, contact, kind, dir, at, note, err);
}

int kith_store_interaction_add_many(kith_store *st, const int64_t *contacts, size_t n,
                                    kith_kind kind, kith_dir dir, int64_t at, const char *note,
                                    kith_err *err)
{
    if (check_kind_dir(kind, dir, err) < 0)
        return -1;
    if (n == 0)
        return kith_error(err, "no contacts to log the interaction with");
    if (st_begin(st, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = contacts[j] == contacts[i];
        if (!seen && insert_interaction(st, contacts[i], kind, dir, at, note, err) < 0) {
            st_rollback(st);
            return -1;
        }
    }
    if (st_commit(st, err) < 0) {
        st_rollback(st);
        return -1;
    }
    return 0;
}
