/*
 * log.c — what the user logs about a contact: notes and interactions.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "store/store_int.h"

/* --- notes and interactions ---------------------------------------------------- */

int kith_store_note_add(kith_store *st, int64_t contact, const char *text, int64_t at,
                        kith_err *err)
{
    sqlite3_stmt *s;
    if (st_empty(text))
        return kith_error(err, "empty note");
    if (st_check_contact(st, contact, err) < 0)
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
    if (st_check_contact(st, contact, err) < 0)
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
