/*
 * schema.c — the database schema and its forward migrations.
 *
 * The schema version is PRAGMA user_version. migrations[i] takes a database
 * from version i to version i + 1; each runs in its own transaction together
 * with the version bump, so a crash leaves the database at one version or the
 * next, never in between. Never edit a migration that has shipped: add one.
 *
 * Status is never stored: it is derived from interactions and notes
 * (enrich/connection.c). Emails and phones have matching keys (enrich/match.c)
 * in indexed columns, so matching a scanned card is an index lookup.
 */
#include <stdio.h>

#include "store/store_int.h"

static const char *const migrations[] = {
    /* 0 → 1: contacts, their emails, phones and web sites, events, cards,
     * interactions and personal notes. */
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE contacts ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT, given_name TEXT, family_name TEXT, prefix TEXT, credentials TEXT,"
    "  title TEXT, company TEXT, address TEXT,"
    "  confidence REAL,"
    "  user_edited INTEGER NOT NULL DEFAULT 0,"   /* bit set of KITH_FIELD_* */
    "  event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX contacts_event ON contacts(event_id);"
    "CREATE TABLE contact_emails ("
    "  id INTEGER PRIMARY KEY,"
    "  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  email TEXT NOT NULL,"
    "  email_key TEXT NOT NULL,"                  /* lower-case, for matching */
    "  UNIQUE (contact_id, email_key));"
    "CREATE INDEX contact_emails_key ON contact_emails(email_key);"
    "CREATE TABLE contact_phones ("
    "  id INTEGER PRIMARY KEY,"
    "  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL,"
    "  number TEXT NOT NULL,"
    "  e164 TEXT, ext TEXT,"
    "  match_key TEXT,"                           /* +digits or national digits */
    "  tail TEXT);"                               /* last digits: candidate index */
    "CREATE INDEX contact_phones_contact ON contact_phones(contact_id);"
    "CREATE INDEX contact_phones_tail ON contact_phones(tail);"
    "CREATE TABLE contact_urls ("
    "  id INTEGER PRIMARY KEY,"
    "  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  url TEXT NOT NULL,"
    "  UNIQUE (contact_id, url));"
    "CREATE TABLE cards ("
    "  id INTEGER PRIMARY KEY,"
    "  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  source_path TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL UNIQUE,"
    "  image_png BLOB,"
    "  image_meta TEXT,"                          /* JSON */
    "  ocr_text TEXT,"
    "  ocr_json TEXT,"
    "  fields_json TEXT,"
    "  event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,"
    "  scanned_at INTEGER NOT NULL);"
    "CREATE INDEX cards_contact ON cards(contact_id);"
    "CREATE INDEX cards_event ON cards(event_id);"
    "CREATE TABLE interactions ("
    "  id INTEGER PRIMARY KEY,"
    "  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('meeting','call','video','email','message',"
    "                                     'social','broadcast','view')),"
    "  dir TEXT NOT NULL CHECK (dir IN ('out','in','both')),"
    "  at INTEGER NOT NULL,"
    "  note TEXT,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX interactions_contact ON interactions(contact_id, at);"
    "CREATE TABLE notes ("
    "  id INTEGER PRIMARY KEY,"
    "  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  text TEXT NOT NULL,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX notes_contact ON notes(contact_id);",

    /* 1 → 2: files that failed to ingest, so a watcher does not retry them on
     * every restart. */
    "CREATE TABLE failed_files ("
    "  sha256 TEXT PRIMARY KEY,"
    "  path TEXT NOT NULL,"
    "  error TEXT NOT NULL,"
    "  at INTEGER NOT NULL);",

    /* 2 → 3: the department, the unit inside the company (vCard's ORG
     * unit). */
    "ALTER TABLE contacts ADD COLUMN department TEXT;",

    /* 3 → 4: several cards per file (a flatbed page, a PDF's pages): a card's
     * key is the file's hash plus its page and its place on the page, and
     * each card knows how many the file holds, so a file is done when all
     * are in. The table is rebuilt to trade the hash's UNIQUE for the key. */
    "CREATE TABLE cards_new ("
    "  id INTEGER PRIMARY KEY,"
    "  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
    "  source_path TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  page INTEGER NOT NULL DEFAULT 0,"           /* 0-based page of the file */
    "  card_index INTEGER NOT NULL DEFAULT 0,"     /* 0-based place on the page */
    "  file_cards INTEGER NOT NULL DEFAULT 1,"     /* cards the whole file holds */
    "  back_of INTEGER,"                           /* a back: the id of its front card */
    "  image_png BLOB,"
    "  image_meta TEXT,"
    "  ocr_text TEXT,"
    "  ocr_json TEXT,"
    "  fields_json TEXT,"
    "  event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,"
    "  scanned_at INTEGER NOT NULL,"
    "  UNIQUE (sha256, page, card_index));"
    "INSERT INTO cards_new (id, contact_id, source_path, sha256, image_png, image_meta,"
    "  ocr_text, ocr_json, fields_json, event_id, scanned_at)"
    "  SELECT id, contact_id, source_path, sha256, image_png, image_meta, ocr_text, ocr_json,"
    "  fields_json, event_id, scanned_at FROM cards;"
    "DROP TABLE cards;"
    "ALTER TABLE cards_new RENAME TO cards;"
    "CREATE INDEX cards_contact ON cards(contact_id);"
    "CREATE INDEX cards_event ON cards(event_id);",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int kith_schema_latest(void)
{
    return N_MIGRATIONS;
}

int kith_schema_version(kith_store *st, int *out, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st, "PRAGMA user_version", &s, err) < 0)
        return -1;
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        st_fail(st, err, "cannot read the schema version");
        sqlite3_finalize(s);
        return -1;
    }
    *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return 0;
}

static int set_version(kith_store *st, int v, kith_err *err)
{
    /* PRAGMA takes no parameters; v is an int we chose, not input. */
    char sql[64];
    sqlite3_stmt *s;
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    if (st_prepare(st, sql, &s, err) < 0)
        return -1;
    return st_run(st, s, "cannot set the schema version", err);
}

/* A version this build can migrate from: 0 … N_MIGRATIONS. Checked before
 * the version indexes migrations[] (a negative one used to crash kith, or
 * run whatever memory lay before the array as SQL). */
static int check_version(int v, kith_err *err)
{
    if (v < 0)
        return kith_error(err, "database schema version %d is not valid "
                               "(PRAGMA user_version: damaged, or not kith's)", v);
    if (v > N_MIGRATIONS)
        return kith_error(err,
                          "database schema version %d is newer than this kith knows (%d); "
                          "use a newer kith",
                          v, N_MIGRATIONS);
    return 0;
}

int kith_schema_check_owner(kith_store *st, int v, kith_err *err)
{
    /* version 0 with tables of its own, or a version without kith's tables:
     * another program's database, which kith must not add its tables to */
    sqlite3_stmt *s;
    const char *sql = v == 0 ? "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                             : "SELECT count(*) = 0 FROM sqlite_master "
                               "WHERE type = 'table' AND name IN ('contacts', 'cards')";
    if (check_version(v, err) < 0 || st_prepare(st, sql, &s, err) < 0)
        return -1;
    if (sqlite3_step(s) != SQLITE_ROW) {
        st_fail(st, err, "cannot read the database's tables");
        sqlite3_finalize(s);
        return -1;
    }
    int foreign = sqlite3_column_int(s, 0) > 0;
    sqlite3_finalize(s);
    if (foreign)
        return kith_error(err, "not a kith database (it holds other tables; "
                               "give --db a new file)");
    return 0;
}

int kith_schema_migrate(kith_store *st, int target, kith_err *err)
{
    int v;

    if (target > N_MIGRATIONS)
        target = N_MIGRATIONS;
    if (kith_schema_version(st, &v, err) < 0 || check_version(v, err) < 0)
        return -1;
    while (v < target) {
        if (st_begin(st, err) < 0)
            return -1;
        /* Another process may have migrated while we waited for the lock. */
        if (kith_schema_version(st, &v, err) < 0 || check_version(v, err) < 0)
            goto fail;
        if (v >= target) {
            st_rollback(st);
            break;
        }
        if (st_exec(st, migrations[v], err) < 0 || set_version(st, v + 1, err) < 0 ||
            st_commit(st, err) < 0) {
            kith_error_prefix(err, "migrating the database to version %d", v + 1);
            goto fail;
        }
        v++;
    }
    return 0;
fail:
    st_rollback(st);
    return -1;
}
