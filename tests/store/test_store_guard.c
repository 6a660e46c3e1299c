/*
 * test_store_guard.c — what the store refuses or repairs when it opens a file
 * it did not make (issue 15): a schema version out of range (negative, or
 * newer), another program's SQLite database, and a database (with its -wal
 * and -shm) left readable by others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"
#include "store/store.h"
#include "store/store_int.h"

typedef struct {
    char dir[64];
    char *path;
} fixture;

static int setup(void **state)
{
    fixture *fx = kith_xcalloc(1, sizeof *fx);
    strcpy(fx->dir, "/tmp/kith-guard.XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    fx->path = kith_xasprintf("%s/kith.db", fx->dir);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char *cmd = kith_xasprintf("rm -rf '%s'", fx->dir);
    if (system(cmd) != 0)
        print_message("could not remove %s\n", fx->dir);
    free(cmd);
    free(fx->path);
    free(fx);
    return 0;
}

/* Runs SQL on the file with plain SQLite (another program, or damage). */
static void raw(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static int raw_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void refused(const char *path, const char *want)
{
    kith_store *st = (kith_store *)1;
    kith_err err = { { 0 } };
    assert_int_equal(kith_store_open(path, &st, &err), -1);
    assert_null(st);
    print_message("refused: %s\n", err.msg);
    if (!strstr(err.msg, want))
        fail_msg("error '%s' does not say '%s'", err.msg, want);
}

static void negative_versions_are_refused(void **state)
{
    fixture *fx = *state;
    static const int versions[] = { -100000, -5, -1, -2147483647 - 1 };
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        kith_store *st;
        kith_err err;
        unlink(fx->path);
        assert_int_equal(kith_store_open(fx->path, &st, &err), 0);
        kith_store_close(st);
        char *sql = kith_xasprintf("PRAGMA user_version = %d", versions[i]);
        raw(fx->path, sql);
        free(sql);
        refused(fx->path, "not valid");
        assert_int_equal(raw_int(fx->path, "PRAGMA user_version"), versions[i]);
    }
}

static void newer_versions_are_refused(void **state)
{
    fixture *fx = *state;
    kith_store *st;
    kith_err err;
    assert_int_equal(kith_store_open(fx->path, &st, &err), 0);
    kith_store_close(st);
    raw(fx->path, "PRAGMA user_version = 2147483647");
    refused(fx->path, "newer");
}

static void foreign_databases_are_refused(void **state)
{
    fixture *fx = *state;
    /* another program's database, version 0 */
    raw(fx->path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                  "INSERT INTO moz_places (url) VALUES ('https://example.org');");
    refused(fx->path, "not a kith database");
    assert_int_equal(raw_int(fx->path, "SELECT count(*) FROM sqlite_master"), 1);
    /* one that uses user_version for itself */
    raw(fx->path, "PRAGMA user_version = 1");
    refused(fx->path, "not a kith database");
    assert_int_equal(raw_int(fx->path, "SELECT count(*) FROM sqlite_master"), 1);
    /* an empty SQLite file is ours to fill */
    unlink(fx->path);
    raw(fx->path, "PRAGMA user_version = 0");
    kith_store *st;
    kith_err err;
    if (kith_store_open(fx->path, &st, &err) < 0)
        fail_msg("%s", err.msg);
    kith_store_close(st);
    assert_int_equal(raw_int(fx->path, "PRAGMA user_version"), kith_schema_latest());
}

static void open_tightens_modes(void **state)
{
    fixture *fx = *state;
    kith_store *st;
    kith_err err;
    assert_int_equal(kith_store_open(fx->path, &st, &err), 0);
    kith_store_close(st);
    raw(fx->path, "PRAGMA journal_mode = WAL");
    /* left readable by others, with side files */
    const char *side[] = { "", "-wal", "-shm" };
    for (int i = 0; i < 3; i++) {
        char *p = kith_xasprintf("%s%s", fx->path, side[i]);
        FILE *f = fopen(p, "ab");
        assert_non_null(f);
        fclose(f);
        assert_int_equal(chmod(p, 0644), 0);
        free(p);
    }
    assert_int_equal(kith_store_open(fx->path, &st, &err), 0);
    for (int i = 0; i < 3; i++) {
        char *p = kith_xasprintf("%s%s", fx->path, side[i]);
        struct stat sb;
        if (stat(p, &sb) == 0 && (sb.st_mode & 077))
            fail_msg("%s has mode %o after open", p, (unsigned)(sb.st_mode & 0777));
        free(p);
    }
    kith_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(negative_versions_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_versions_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(foreign_databases_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(open_tightens_modes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
