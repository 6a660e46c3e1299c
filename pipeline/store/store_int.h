/*
 * store_int.h — what the store's source files share and nobody else needs:
 * the handle, statement helpers, transactions and the schema migrations.
 *
 * Every statement goes through st_prepare (sqlite3_prepare_v2); even the
 * schema scripts are run one prepared statement at a time.
 */
#ifndef KITH_STORE_INT_H
#define KITH_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "contact/fields.h"
#include "store/store.h"

struct kith_store {
    sqlite3 *db;
    int last_busy;   /* the last failure was SQLITE_BUSY/LOCKED (worth a retry) */
    int64_t last_card_id;   /* the card kith_store_add_card stored or found last */
};

/* How long a statement waits for another process's lock, and how many times a
 * whole transaction is retried when it still finds the database busy. */
#define KITH_STORE_BUSY_MS 10000
#define KITH_STORE_TX_TRIES 3

/* Changes the busy timeout (tests use a short one). */
void st_set_busy_ms(kith_store *st, int ms);

/* Sets err to "WHAT: <sqlite message>" and records whether it was busy;
 * returns -1. */
int st_fail(kith_store *st, kith_err *err, const char *what);

/* Prepares one statement; on failure sets err. */
int st_prepare(kith_store *st, const char *sql, sqlite3_stmt **out, kith_err *err);

/* Steps a statement that returns no rows (SQLITE_DONE expected), then
 * finalizes it. */
int st_run(kith_store *st, sqlite3_stmt *s, const char *what, kith_err *err);

/* Runs a script of several statements, each prepared and stepped in turn. */
int st_exec(kith_store *st, const char *sql, kith_err *err);

/* Binds text; NULL and "" bind SQL NULL. */
int st_bind_text(sqlite3_stmt *s, int idx, const char *text);

/* Column as a newly allocated string, NULL for SQL NULL; caller frees. */
char *st_column_dup(sqlite3_stmt *s, int col);

/* BEGIN IMMEDIATE (takes the write lock up front, so a transaction never
 * fails half-way for want of it), COMMIT, ROLLBACK (never fails). */
int st_begin(kith_store *st, kith_err *err);
int st_commit(kith_store *st, kith_err *err);
void st_rollback(kith_store *st);

/* Does the contact exist? 1, 0, or -1 on error. */
int st_contact_exists(kith_store *st, int64_t id, kith_err *err);

/* --- contacts (contacts.c) ------------------------------------------------ */

/* The single-valued contact columns, the KITH_FIELD_* bit that guards each
 * against rescans, and where the value lives in kith_fields. */
typedef struct st_scalar {
    const char *col;
    int field;
    size_t off;
} st_scalar;

extern const st_scalar st_scalars[];
extern const size_t st_n_scalars;

/* The value of a scalar in f. */
char *st_scalar_get(const kith_fields *f, const st_scalar *sc);

/* Fills the contact's empty fields from src and adds src's emails, phones and
 * web sites it does not have yet. Fields the user edited are left alone; with
 * lists_too_when_edited, lists are unioned even if the user edited them (an
 * explicit merge), else an edited list is kept as the user left it. Bits of
 * src_edited are carried over for the fields taken from src. Call inside a
 * transaction. */
int st_fill_contact(kith_store *st, int64_t id, const kith_fields *src, unsigned src_edited,
                    int lists_too_when_edited, int64_t now, kith_err *err);

/* Loads a contact's fields alone (no cards, notes or interactions), for
 * matching. *out freed with kith_fields_free. Fails when there is no such
 * contact. */
int st_load_fields(kith_store *st, int64_t id, kith_fields **out, kith_err *err);

/* Inserts a new contact with these fields; *id gets its id. */
int st_insert_contact(kith_store *st, const kith_fields *f, int64_t event_id, int64_t now,
                      int64_t *id, kith_err *err);

/* The bit of a KITH_FIELD_* in user_edited. */
#define BIT(f) (1u << (f))

/* Whether s is NULL or "". */
int st_empty(const char *s);

/* Add one email, web address or phone to the contact, unless it has it
 * already (a phone: the same line by its key). */
int st_add_email(kith_store *st, int64_t id, const char *email, kith_err *err);
int st_add_url(kith_store *st, int64_t id, const char *url, kith_err *err);
int st_add_phone(kith_store *st, int64_t id, const kith_phone *p, kith_err *err);

/* st_prepare for SQL made with kith_xasprintf from one of our own table or
 * column names, never from input; frees sql. */
int st_prepare_made(kith_store *st, char *sql, sqlite3_stmt **s, kith_err *err);

/* Sets one column of the contact (col is one of our own names). */
int st_set_column(kith_store *st, int64_t id, const char *col, const char *value,
                  kith_err *err);

/* --- edits (contact_edit.c) ------------------------------------------------ */

/* Fails with "no contact with id N" when there is no such contact. */
int st_check_contact(kith_store *st, int64_t id, kith_err *err);

/* --- schema (schema.c) ---------------------------------------------------- */

/* The newest schema version this build knows. */
int kith_schema_latest(void);
/* Refuses a version out of range or another program's database (tables but
 * no kith schema) with a message; 0 when kith may use and migrate it. */
int kith_schema_check_owner(kith_store *st, int version, kith_err *err);

/* PRAGMA user_version of the database. */
int kith_schema_version(kith_store *st, int *out, kith_err *err);

/* Opens like kith_store_open but migrates only up to `target` (tests build
 * old databases with it). */
int kith_store_open_version(const char *path, int target, kith_store **out, kith_err *err);

/* Migrates forward to `target` (<= latest), one transaction per version.
 * Refuses a database newer than this build knows. */
int kith_schema_migrate(kith_store *st, int target, kith_err *err);

#endif
