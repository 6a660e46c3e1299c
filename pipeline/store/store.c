/*
 * store.c — opening the SQLite store, the statement and transaction helpers
 * the other store files use, and the record of files that failed to ingest.
 *
 * The database holds other people's personal data, so the file is created
 * 0600 by us (before SQLite sees it) in a directory created 0700; SQLite gives
 * its -wal and -shm files the database file's mode. WAL lets readers (kith
 * list, show) work while a writer (scan, watch) holds a transaction; the busy
 * timeout makes a second writer wait its turn instead of failing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"
#include "common/text.h"
#include "store/store_int.h"

/* --- helpers ------------------------------------------------------------ */

int st_fail(kith_store *st, kith_err *err, const char *what)
{
    int code = sqlite3_extended_errcode(st->db);
    st->last_busy = (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
    return kith_error(err, "%s: %s", what, sqlite3_errmsg(st->db));
}

int st_prepare(kith_store *st, const char *sql, sqlite3_stmt **out, kith_err *err)
{
    *out = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
        st_fail(st, err, "cannot prepare a database statement");
        sqlite3_finalize(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

int st_run(kith_store *st, sqlite3_stmt *s, const char *what, kith_err *err)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        st_fail(st, err, what);
        sqlite3_finalize(s);
        return -1;
    }
    sqlite3_finalize(s);
    return 0;
}

int st_exec(kith_store *st, const char *sql, kith_err *err)
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(st->db, tail, -1, &s, &tail) != SQLITE_OK) {
            sqlite3_finalize(s);
            return st_fail(st, err, "cannot prepare a database statement");
        }
        if (!s)   /* only white space or a comment was left */
            break;
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE) {
            st_fail(st, err, "database statement failed");
            sqlite3_finalize(s);
            return -1;
        }
        sqlite3_finalize(s);
    }
    return 0;
}

int st_bind_text(sqlite3_stmt *s, int idx, const char *text)
{
    if (!text || !*text)
        return sqlite3_bind_null(s, idx);
    return sqlite3_bind_text(s, idx, text, -1, SQLITE_TRANSIENT);
}

char *st_column_dup(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? kith_xstrdup((const char *)t) : NULL;
}

static int exec1(kith_store *st, const char *sql, const char *what, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st, sql, &s, err) < 0)
        return -1;
    return st_run(st, s, what, err);
}

int st_begin(kith_store *st, kith_err *err)
{
    /* The busy timeout waits for the lock; if it still is not ours (a long
     * writer elsewhere), try a few more times before giving up. */
    for (int i = 0;; i++) {
        if (exec1(st, "BEGIN IMMEDIATE", "cannot start a transaction", err) == 0)
            return 0;
        if (!st->last_busy || i + 1 >= KITH_STORE_TX_TRIES)
            return -1;
    }
}

int st_commit(kith_store *st, kith_err *err)
{
    return exec1(st, "COMMIT", "cannot commit", err);
}

void st_rollback(kith_store *st)
{
    if (!sqlite3_get_autocommit(st->db)) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(st->db, "ROLLBACK", -1, &s, NULL) == SQLITE_OK)
            sqlite3_step(s);
        sqlite3_finalize(s);
    }
}

int st_contact_exists(kith_store *st, int64_t id, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st, "SELECT 1 FROM contacts WHERE id = ?", &s, err) < 0)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return st_fail(st, err, "cannot look up a contact");
}

/* --- open and close ------------------------------------------------------- */

/* Creates the parent directory (0700) and the file (0600) if missing, and
 * takes an exclusive flock on the directory until the store is set up
 * (*dir_fd; close it to release). Setting up a new database (switching it to
 * WAL, the first migrations) is not safe to race: four processes opening one
 * new file at once got "database is locked" and I/O errors without it. The
 * lock is on the directory, not the database, so it cannot interfere with
 * SQLite's own locks. */
static int prepare_file(const char *path, int *dir_fd, kith_err *err)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? kith_xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : kith_xstrdup(".");
    *dir_fd = -1;
    if (slash && kith_mkdir_p(dir, err) < 0) {
        free(dir);
        return -1;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        kith_error(err, "cannot open directory %s: %s", dir, strerror(errno));
        free(dir);
        return -1;
    }
    free(dir);
    while (flock(dfd, LOCK_EX) < 0) {
        if (errno != EINTR) {
            close(dfd);
            return kith_error(err, "cannot lock the directory of %s: %s", path,
                              strerror(errno));
        }
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0600);
    if (fd < 0) {
        int e = errno;
        close(dfd);
        return kith_error(err, "cannot open database %s: %s", path, strerror(e));
    }
    /* an existing database left readable by others (copied, restored, made
     * by an older kith) is tightened to 0600; its side files follow */
    struct stat sb;
    if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        close(fd);
        close(dfd);
        return kith_error(err, "cannot open database %s: not a regular file", path);
    }
    if ((sb.st_mode & 077) && sb.st_uid == geteuid())
        fchmod(fd, sb.st_mode & 0700);
    close(fd);
    *dir_fd = dfd;
    return 0;
}

/* SQLite creates -wal and -shm with the database file's permissions; make
 * sure of it for side files left by an older or foreign writer: never more
 * open than the database itself. */
static void tighten_side_files(const char *path)
{
    static const char *const suffixes[] = { "-wal", "-shm" };
    struct stat db;
    if (stat(path, &db) < 0)
        return;
    for (size_t i = 0; i < 2; i++) {
        char *p = kith_xasprintf("%s%s", path, suffixes[i]);
        struct stat sb;
        mode_t allowed = db.st_mode & 0777;
        if (stat(p, &sb) == 0 && (sb.st_mode & 0777 & ~allowed) && sb.st_uid == geteuid())
            chmod(p, sb.st_mode & allowed);
        free(p);
    }
}

void st_set_busy_ms(kith_store *st, int ms)
{
    sqlite3_busy_timeout(st->db, ms);
}

/* kith_lower(TEXT): lower case for the Latin scripts cards are printed in
 * (SQLite's own lower() folds ASCII only, so "élodie" would not find
 * "Élodie"). */
static void sql_kith_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *t = sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_text(ctx, kith_text_lower((const char *)t), -1, free);
}

/* kith_fold(TEXT): letters and digits only, accents removed, lower case
 * ("Müller" → "muller"), for searches typed without accents. */
static void sql_kith_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *t = sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_text(ctx, kith_fold((const char *)t), -1, free);
}

/* Opens the SQLite handle and sets the connection up (the caller holds the
 * directory lock). */
static int setup(kith_store *st, const char *path, int target, kith_err *err)
{
    int rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return kith_error(err, "cannot open database %s: %s", path,
                          st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, KITH_STORE_BUSY_MS);
    if (sqlite3_create_function_v2(st->db, "kith_lower", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   sql_kith_lower, NULL, NULL, NULL) != SQLITE_OK)
        return st_fail(st, err, "cannot register kith_lower");
    if (sqlite3_create_function_v2(st->db, "kith_fold", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   sql_kith_fold, NULL, NULL, NULL) != SQLITE_OK)
        return st_fail(st, err, "cannot register kith_fold");

    /* Check that it is a database at all before changing anything. */
    int version;
    if (kith_schema_version(st, &version, err) < 0 ||
        kith_schema_check_owner(st, version, err) < 0 ||
        exec1(st, "PRAGMA foreign_keys = ON", "cannot enable foreign keys", err) < 0 ||
        exec1(st, "PRAGMA journal_mode = WAL", "cannot switch to WAL", err) < 0 ||
        exec1(st, "PRAGMA synchronous = NORMAL", "cannot set synchronous", err) < 0 ||
        kith_schema_migrate(st, target, err) < 0)
        return kith_error_prefix(err, "%s", path);
    tighten_side_files(path);
    return 0;
}

int kith_store_open_version(const char *path, int target, kith_store **out, kith_err *err)
{
    int dir_fd;
    *out = NULL;
    if (!path || !*path)
        return kith_error(err, "no database path");
    if (prepare_file(path, &dir_fd, err) < 0)
        return -1;
    kith_store *st = kith_xcalloc(1, sizeof *st);
    int rc = setup(st, path, target, err);
    close(dir_fd);
    if (rc < 0) {
        kith_store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

int kith_store_open(const char *path, kith_store **out, kith_err *err)
{
    return kith_store_open_version(path, kith_schema_latest(), out, err);
}

void kith_store_close(kith_store *st)
{
    if (!st)
        return;
    sqlite3_close_v2(st->db);
    free(st);
}

int kith_store_schema_version(kith_store *st)
{
    int v = -1;
    if (kith_schema_version(st, &v, NULL) < 0)
        return -1;
    return v;
}

/* --- failed files ---------------------------------------------------------- */

int kith_store_failed_add(kith_store *st, const char *path, const char *sha256,
                          const char *error, int64_t at, kith_err *err)
{
    sqlite3_stmt *s;
    if (!sha256 || !*sha256)
        return kith_error(err, "no file hash to record the failure under");
    if (st_prepare(st,
                   "INSERT OR REPLACE INTO failed_files (sha256, path, error, at)"
                   " VALUES (?, ?, ?, ?)",
                   &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, path ? path : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, error ? error : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, at);
    return st_run(st, s, "cannot record a failed file", err);
}

int kith_store_failed_get(kith_store *st, const char *sha256, int *failed, char **error,
                          kith_err *err)
{
    sqlite3_stmt *s;
    *failed = 0;
    if (error)
        *error = NULL;
    if (st_prepare(st, "SELECT error FROM failed_files WHERE sha256 = ?", &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, sha256 ? sha256 : "", -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *failed = 1;
        if (error)
            *error = st_column_dup(s, 0);
    } else if (rc != SQLITE_DONE) {
        st_fail(st, err, "cannot look up a failed file");
        sqlite3_finalize(s);
        return -1;
    }
    sqlite3_finalize(s);
    return 0;
}

int kith_store_failed_remove(kith_store *st, const char *sha256, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st, "DELETE FROM failed_files WHERE sha256 = ?", &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, sha256 ? sha256 : "", -1, SQLITE_TRANSIENT);
    return st_run(st, s, "cannot forget a failed file", err);
}
