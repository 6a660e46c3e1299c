/*
 * contact_edit.c — the user's edits of a contact (each marks the field as
 * edited, so no later card changes it) and merging two contacts into one.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "store/store_int.h"

/* --- the user's edits --------------------------------------------------------- */

/* Fails with "no contact with id N" when there is no such contact. */
int st_check_contact(kith_store *st, int64_t id, kith_err *err)
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
    if (st_prepare_made(st, kith_xasprintf("DELETE FROM %s WHERE contact_id = ?", table), &s,
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
    if (st_set_column(st, id, "name", nm->name, err) < 0 ||
        st_set_column(st, id, "given_name", nm->given, err) < 0 ||
        st_set_column(st, id, "family_name", nm->family, err) < 0 ||
        st_set_column(st, id, "prefix", nm->prefix, err) < 0 ||
        st_set_column(st, id, "credentials", nm->credentials, err) < 0)
        return -1;
    return 0;
}

/* Edits inside the transaction: value for every field but the name, nm for
 * the name. */
static int edit_tx(kith_store *st, int64_t id, int field, const char *value,
                   const kith_name *nm, kith_err *err)
{
    if (st_check_contact(st, id, err) < 0)
        return -1;

    switch (field) {
    case KITH_FIELD_NAME:
        if (set_name(st, id, nm, err) < 0)
            return -1;
        break;
    case KITH_FIELD_TITLE:
        if (st_set_column(st, id, "title", value, err) < 0)
            return -1;
        break;
    case KITH_FIELD_COMPANY:
        if (st_set_column(st, id, "company", value, err) < 0)
            return -1;
        break;
    case KITH_FIELD_ADDRESS:
        if (st_set_column(st, id, "address", value, err) < 0)
            return -1;
        break;
    case KITH_FIELD_EMAILS:
        if (delete_list(st, id, "contact_emails", err) < 0 || st_add_email(st, id, value, err) < 0)
            return -1;
        break;
    case KITH_FIELD_PHONES: {
        kith_phone p = { first_phone_kind(st, id), (char *)value, NULL, NULL, 1.0f };
        if (delete_list(st, id, "contact_phones", err) < 0 || st_add_phone(st, id, &p, err) < 0)
            return -1;
        break;
    }
    case KITH_FIELD_URLS:
        if (delete_list(st, id, "contact_urls", err) < 0 || st_add_url(st, id, value, err) < 0)
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
    if (st_prepare_made(st, kith_xasprintf("UPDATE %s SET contact_id = ? WHERE contact_id = ?", table),
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

    if (st_check_contact(st, into, err) < 0)
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
