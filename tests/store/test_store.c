/*
 * test_store.c — the SQLite store (store/): file modes, schema versions and
 * migration, cards (new, duplicate, merged), user edits, merging, finding,
 * notes and interactions, rollback of a failing card, concurrent writers and
 * a writer killed with SIGKILL in the middle of a batch. Which contact a card
 * shows (the store finds candidates, enrich decides) is tabled in
 * tests/enrich/cases/decide.txt.
 *
 * Every test works in its own mkdtemp directory, removed afterwards. A second
 * raw SQLite connection plays "another kith process".
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"
#include "enrich/connection.h"
#include "enrich/match.h"
#include "store/store.h"
#include "extract/name.h"
#include "store/store_int.h"

#define DAY 86400
#define T0 ((int64_t)1780272000) /* 2026-06-01 */

typedef struct {
    char dir[64];
    char *path;
    kith_store *st;
} fixture;

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

/* The models enrich decides with (which contact a card shows). */
static kith_models *decide_models;

static int group_setup(void **state)
{
    (void)state;
    kith_err err = { { 0 } };
    if (kith_models_load(getenv("KITH_MODELS"), &decide_models, &err) < 0) {
        print_error("models: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    kith_models_free(decide_models);
    return 0;
}

static int setup(void **state)
{
    fixture *fx = kith_xcalloc(1, sizeof *fx);
    strcpy(fx->dir, "/tmp/kith-store-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    fx->path = kith_xasprintf("%s/data/kith/kith.db", fx->dir);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    kith_store_close(fx->st);
    nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(fx->path);
    free(fx);
    return 0;
}

static kith_store *open_store(fixture *fx)
{
    kith_err err = { { 0 } };
    if (kith_store_open(fx->path, &fx->st, &err) < 0)
        fail_msg("open: %s", err.msg);
    return fx->st;
}

/* A raw connection to the same file, as another process would have. */
static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    const char *tail = sql;
    while (tail && *tail) {
        assert_int_equal(sqlite3_prepare_v2(db, tail, -1, &s, &tail), SQLITE_OK);
        if (!s)
            break;
        int rc = sqlite3_step(s);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            fail_msg("%s: %s", sql, sqlite3_errmsg(db));
        sqlite3_finalize(s);
    }
}

static long long raw_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static long long count(const char *path, const char *table)
{
    sqlite3 *db = raw_open(path);
    char *sql = kith_xasprintf("SELECT count(*) FROM %s", table);
    long long n = raw_int(db, sql);
    free(sql);
    sqlite3_close(db);
    return n;
}

/* A card of made-up fields; free with card_free. */
typedef struct {
    kith_card_in in;
    kith_fields *f;
    char sha[65];
} test_card;

static void card_init(test_card *c, const char *file_text, const char *name, const char *given,
                      const char *family, const char *company, const char *email,
                      const char *phone, const char *e164)
{
    memset(c, 0, sizeof *c);
    kith_sha256_hex(file_text, strlen(file_text), c->sha);
    c->f = kith_fields_new();
    if (name)
        c->f->name = kith_xstrdup(name);
    if (given)
        c->f->given_name = kith_xstrdup(given);
    if (family)
        c->f->family_name = kith_xstrdup(family);
    if (company)
        c->f->company = kith_xstrdup(company);
    if (email)
        kith_fields_add_email(c->f, email);
    if (phone)
        kith_fields_add_phone(c->f, KITH_PHONE_WORK, phone, e164, NULL, 0.9f);
    c->f->confidence = 0.9f;
    c->in.source_path = file_text;
    c->in.sha256 = c->sha;
    c->in.fields = c->f;
    c->in.ocr_text = "ocr text";
    c->in.ocr_json = "{\"words\":[]}";
    c->in.image_meta_json = "{\"rotated\":0}";
    c->in.scanned_at = T0;
    c->in.match = kith_match_decide_fn;
    c->in.match_ctx = decide_models;
}

static void card_free(test_card *c)
{
    kith_fields_free(c->f);
}

static int64_t add(kith_store *st, const test_card *c, kith_ingest_outcome want)
{
    kith_err err = { { 0 } };
    int64_t id = -1;
    kith_ingest_outcome got;
    if (kith_store_add_card(st, &c->in, &id, &got, &err) < 0)
        fail_msg("add_card %s: %s", c->in.source_path, err.msg);
    assert_int_equal(got, want);
    assert_true(id > 0);
    return id;
}

static kith_contact *get(kith_store *st, int64_t id)
{
    kith_err err = { { 0 } };
    kith_contact *c = NULL;
    if (kith_store_contact_get(st, id, &c, &err) < 0)
        fail_msg("get %lld: %s", (long long)id, err.msg);
    return c;
}

/* --- opening ------------------------------------------------------------ */

static void test_file_modes(void **state)
{
    fixture *fx = *state;
    mode_t old = umask(0);   /* the modes must not depend on the umask */
    kith_store *st = open_store(fx);
    umask(old);

    struct stat sb;
    assert_int_equal(stat(fx->path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    char *dir = kith_xasprintf("%s/data/kith", fx->dir);
    assert_int_equal(stat(dir, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    free(dir);

    /* Write something so the WAL is in use, then check its side files. */
    test_card c;
    card_init(&c, "a.jpg", "Anna Berg", "Anna", "Berg", NULL, "anna@example.org", NULL, NULL);
    add(st, &c, KITH_INGEST_NEW);
    card_free(&c);
    const char *side[] = { "-wal", "-shm" };
    for (int i = 0; i < 2; i++) {
        char *p = kith_xasprintf("%s%s", fx->path, side[i]);
        assert_int_equal(stat(p, &sb), 0);
        assert_int_equal(sb.st_mode & 077, 0);
        free(p);
    }

    sqlite3 *db = raw_open(fx->path);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_close(db);
    assert_int_equal(kith_store_schema_version(st), kith_schema_latest());
}

static void test_migration_from_v1(void **state)
{
    fixture *fx = *state;
    kith_err err = { { 0 } };
    kith_store *st;
    assert_true(kith_schema_latest() >= 2);

    /* A database as version 1 of kith left it, with a contact and its card
     * in it (written as version 1 wrote them: one card per file). */
    assert_int_equal(kith_store_open_version(fx->path, 1, &st, &err), 0);
    assert_int_equal(kith_store_schema_version(st), 1);
    test_card c;
    card_init(&c, "a.jpg", "Anna Berg", "Anna", "Berg", "Nordlicht GmbH", "anna@nordlicht.de",
              NULL, NULL);
    assert_int_equal(kith_store_failed_add(st, "x.jpg", c.sha, "bad", T0, &err), -1);
    kith_store_close(st);
    /* (written as version 1 wrote it: this build's columns are newer) */
    sqlite3 *v1 = raw_open(fx->path);
    raw_exec(v1, "INSERT INTO contacts (id, name, given_name, family_name, company, created_at,"
                 " updated_at) VALUES (1, 'Anna Berg', 'Anna', 'Berg', 'Nordlicht GmbH', 0, 0)");
    char *ins = kith_xasprintf("INSERT INTO cards (contact_id, source_path, sha256, scanned_at)"
                               " VALUES (1, 'a.jpg', '%s', 0)", c.sha);
    raw_exec(v1, ins);
    free(ins);
    sqlite3_close(v1);
    int64_t id = 1;

    /* Opening with this build migrates it, keeping the data; the old card
     * is page 1, card 1 of its file, and the file counts as scanned. */
    st = open_store(fx);
    assert_int_equal(kith_store_schema_version(st), kith_schema_latest());
    kith_contact *k = get(st, id);
    assert_string_equal(k->fields->company, "Nordlicht GmbH");
    assert_null(k->fields->department);
    kith_contact_free(k);
    /* the department (version 3) is stored and read back */
    test_card d;
    card_init(&d, "d.jpg", "Ben Ode", "Ben", "Ode", "Helios AG", "ben@helios.de", NULL, NULL);
    d.f->department = kith_xstrdup("Abteilung Qualität");
    int64_t did = add(st, &d, KITH_INGEST_NEW);
    k = get(st, did);
    assert_string_equal(k->fields->department, "Abteilung Qualität");
    kith_contact_free(k);
    card_free(&d);
    int64_t by_hash = 0, card_id = 0, owner = 0;
    assert_int_equal(kith_store_card_by_hash(st, c.sha, &by_hash, &err), 0);
    assert_int_equal(by_hash, id);
    assert_int_equal(kith_store_card_by_key(st, c.sha, 0, 0, &card_id, &owner, &err), 0);
    assert_int_equal(owner, id);
    assert_true(card_id > 0);
    if (kith_store_failed_add(st, "x.jpg", c.sha, "bad", T0, &err) < 0)
        fail_msg("%s", err.msg);
    card_free(&c);
    kith_store_close(st);
    fx->st = NULL;

    /* A database from a newer kith is refused, and left untouched. */
    sqlite3 *db = raw_open(fx->path);
    raw_exec(db, "PRAGMA user_version = 99");
    sqlite3_close(db);
    assert_int_equal(kith_store_open(fx->path, &st, &err), -1);
    assert_null(st);
    print_message("refused: %s\n", err.msg);
    assert_non_null(strstr(err.msg, "newer"));
    db = raw_open(fx->path);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), 99);
    sqlite3_close(db);
}

static void test_not_a_database(void **state)
{
    fixture *fx = *state;
    kith_err err = { { 0 } };
    kith_store *st;
    char *p = kith_xasprintf("%s/notes.txt", fx->dir);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs("this is not a database, just some text that is long enough to be read\n", fp);
    fclose(fp);
    assert_int_equal(kith_store_open(p, &st, &err), -1);
    print_message("refused: %s\n", err.msg);
    assert_non_null(strstr(err.msg, "notes.txt"));
    free(p);
}

/* --- cards ------------------------------------------------------------------ */

static void test_add_new_duplicate_merged(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    test_card a, b, c, d, e;

    card_init(&a, "cards/margaret-1.jpg", "Margaret O'Connell", "Margaret", "O'Connell",
              "Bluefin Analytics Ltd.", "m.oconnell@bluefin-analytics.co.uk",
              "+44 20 7946 0958", "+442079460958");
    a.in.event = "Web Summit 2026";
    static const unsigned char png[] = { 0x89, 'P', 'N', 'G', 1, 2, 3, 0, 4 };
    a.in.image_png = png;
    a.in.image_png_len = sizeof png;
    int64_t m = add(st, &a, KITH_INGEST_NEW);

    /* The same file again: nothing written. */
    assert_int_equal(add(st, &a, KITH_INGEST_DUPLICATE), m);
    assert_int_equal(count(fx->path, "cards"), 1);
    int64_t by_hash = 0;
    assert_int_equal(kith_store_card_by_hash(st, a.sha, &by_hash, NULL), 0);
    assert_int_equal(by_hash, m);

    /* Same email in other case, a title the first card lacked, another name. */
    card_init(&b, "cards/margaret-2.jpg", "M. O'Connell", NULL, "O'Connell", NULL,
              "M.OConnell@Bluefin-Analytics.CO.UK", NULL, NULL);
    b.f->title = kith_xstrdup("Director of Partnerships");
    b.in.scanned_at = T0 + DAY;
    b.in.event = "Another Event";
    assert_int_equal(add(st, &b, KITH_INGEST_MERGED), m);

    /* Same phone, written nationally; no email. */
    card_init(&c, "cards/margaret-3.jpg", "Margaret OConnell", NULL, NULL, NULL, NULL,
              "020 7946 0958", "+442079460958");
    kith_fields_add_url(c.f, "https://www.bluefin-analytics.co.uk");
    assert_int_equal(add(st, &c, KITH_INGEST_MERGED), m);

    /* Same phone without any E.164 known, as printed abroad. */
    card_init(&e, "cards/margaret-4.jpg", NULL, NULL, NULL, NULL, NULL, "0044 20 7946 0958",
              NULL);
    assert_int_equal(add(st, &e, KITH_INGEST_MERGED), m);

    /* Same surname and company, other person. */
    card_init(&d, "cards/james.jpg", "James O'Connell", "James", "O'Connell",
              "Bluefin Analytics Ltd.", "j.oconnell@bluefin-analytics.co.uk", "+44 20 7946 0111",
              "+442079460111");
    int64_t j = add(st, &d, KITH_INGEST_NEW);
    assert_true(j != m);

    kith_contact *k = get(st, m);
    assert_string_equal(k->fields->name, "Margaret O'Connell");      /* not overwritten */
    assert_string_equal(k->fields->given_name, "Margaret");
    assert_string_equal(k->fields->title, "Director of Partnerships"); /* filled */
    assert_int_equal(k->fields->n_emails, 1);
    assert_string_equal(k->fields->emails[0], "m.oconnell@bluefin-analytics.co.uk");
    assert_int_equal(k->fields->n_phones, 1);
    assert_string_equal(k->fields->phones[0].e164, "+442079460958");
    assert_int_equal(k->fields->n_urls, 1);
    assert_int_equal(k->n_cards, 4);
    assert_string_equal(k->event, "Web Summit 2026");
    assert_int_equal(k->event_at, T0);
    char ref[32];
    snprintf(ref, sizeof ref, "card:%lld", (long long)k->card_ids[0]);
    assert_string_equal(k->card_images[0], ref);

    /* The stored image comes back byte for byte; other cards have none. */
    void *data;
    size_t len;
    kith_err err = { { 0 } };
    assert_int_equal(kith_store_card_image(st, k->card_ids[0], &data, &len, &err), 0);
    assert_int_equal(len, sizeof png);
    assert_memory_equal(data, png, sizeof png);
    free(data);
    assert_int_equal(kith_store_card_image(st, k->card_ids[1], &data, &len, &err), -1);
    assert_int_equal(kith_store_card_image(st, 9999, &data, &len, &err), -1);

    /* A new contact is unconnected by the rules, with all three missing. */
    kith_connection cn = kith_connection_eval(k->interactions, k->n_interactions, k->n_notes,
                                              T0, NULL);
    assert_int_equal(cn.status, KITH_STATUS_UNCONNECTED);
    kith_contact_free(k);

    /* Both events exist; the card keeps its own. */
    assert_int_equal(count(fx->path, "events"), 2);
    assert_int_equal(count(fx->path, "contacts"), 2);
    int64_t *ids;
    size_t n;
    assert_int_equal(kith_store_contact_ids(st, "Another Event", &ids, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], m);
    free(ids);
    assert_int_equal(kith_store_contact_ids(st, NULL, &ids, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], m);
    assert_int_equal(ids[1], j);
    free(ids);
    assert_int_equal(kith_store_contact_ids(st, "No Such Event", &ids, &n, &err), 0);
    assert_int_equal(n, 0);
    free(ids);

    card_free(&a);
    card_free(&b);
    card_free(&c);
    card_free(&d);
    card_free(&e);
}

static void test_user_edits_survive(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    kith_err err = { { 0 } };
    test_card a, b;

    card_init(&a, "a.jpg", "Rnna Berg", "Rnna", "Berg", "Nordllcht GmbH", "anna@nordlicht.de",
              NULL, NULL);
    int64_t id = add(st, &a, KITH_INGEST_NEW);
    kith_name anna = { .name = "Anna Berg", .given = "Anna", .family = "Berg" };
    assert_int_equal(kith_store_contact_edit_name(st, id, &anna, &err), 0);
    /* a name has parts: not set as one string */
    assert_int_equal(kith_store_contact_edit(st, id, KITH_FIELD_NAME, "Anna Berg", &err), -1);
    assert_int_equal(kith_store_contact_edit(st, id, KITH_FIELD_COMPANY, "Nordlicht GmbH", &err),
                     0);
    assert_int_equal(kith_store_contact_edit(st, id, KITH_FIELD_URLS, "https://nordlicht.de",
                                             &err), 0);
    assert_int_equal(kith_store_contact_edit(st, id, 42, "x", &err), -1);
    assert_int_equal(kith_store_contact_edit(st, 999, KITH_FIELD_TITLE, "x", &err), -1);

    /* A rescan (another photo of the same card) reads the OCR mistakes again. */
    card_init(&b, "b.jpg", "Rnna Berg", "Rnna", "Berg", "Nordllcht GmbH", "anna@nordlicht.de",
              "+49 30 901820", "+4930901820");
    b.f->title = kith_xstrdup("CTO");
    kith_fields_add_url(b.f, "https://nordllcht.de");
    assert_int_equal(add(st, &b, KITH_INGEST_MERGED), id);

    kith_contact *k = get(st, id);
    assert_string_equal(k->fields->name, "Anna Berg");
    assert_string_equal(k->fields->given_name, "Anna");
    assert_string_equal(k->fields->family_name, "Berg");
    assert_string_equal(k->fields->company, "Nordlicht GmbH");
    assert_string_equal(k->fields->title, "CTO");           /* empty: filled */
    assert_int_equal(k->fields->n_phones, 1);               /* new list item: added */
    assert_int_equal(k->fields->n_urls, 1);                 /* edited list: kept */
    assert_string_equal(k->fields->urls[0], "https://nordlicht.de");
    assert_true(k->user_edited & (1u << KITH_FIELD_NAME));
    assert_true(k->user_edited & (1u << KITH_FIELD_COMPANY));
    assert_false(k->user_edited & (1u << KITH_FIELD_TITLE));
    kith_contact_free(k);

    /* Editing the email replaces the list with one item. */
    assert_int_equal(kith_store_contact_edit(st, id, KITH_FIELD_EMAILS, "Anna.Berg@nordlicht.de",
                                             &err), 0);
    assert_int_equal(kith_store_contact_edit(st, id, KITH_FIELD_PHONES, "+49 30 901821", &err),
                     0);
    k = get(st, id);
    assert_int_equal(k->fields->n_emails, 1);
    assert_string_equal(k->fields->emails[0], "Anna.Berg@nordlicht.de");
    assert_int_equal(k->fields->n_phones, 1);
    assert_string_equal(k->fields->phones[0].number, "+49 30 901821");
    kith_contact_free(k);
    card_free(&a);
    card_free(&b);
}

/* A name typed by the user, split as extraction splits a name read off a
 * card (kith_name_split_typed: prefixes and credentials set aside, particles
 * kept with the family name), lands in the store's columns as split. */
static void test_edit_name_split(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    kith_err err = { { 0 } };
    test_card a;
    card_init(&a, "a.jpg", "Rnna Berg", "Rnna", "Berg", NULL, "anna@nordlicht.de", NULL, NULL);
    a.f->prefix = kith_xstrdup("Fr.");
    int64_t id = add(st, &a, KITH_INGEST_NEW);

    static const struct {
        const char *typed, *name, *given, *family, *prefix, *credentials;
    } t[] = {
        { "Dr. Anna Berg, PhD", "Anna Berg", "Anna", "Berg", "Dr.", "PhD" },
        { "Anna van der Berg", "Anna van der Berg", "Anna", "van der Berg", NULL, NULL },
        { "Prof. Dr. Anna Berg", "Anna Berg", "Anna", "Berg", "Prof. Dr.", NULL },
        { "Anna Berg MBA", "Anna Berg", "Anna", "Berg", NULL, "MBA" },
        { "  Anna   Berg-Lund ", "Anna Berg-Lund", "Anna", "Berg-Lund", NULL, NULL },
        /* not a name extraction would read: kept as typed, split plainly */
        { "Cher", "Cher", "Cher", NULL, NULL, NULL },
        { "Dr. Berg", "Berg", NULL, "Berg", "Dr.", NULL },
    };
    kith_models *models = NULL;
    if (kith_models_load(getenv("KITH_MODELS"), &models, &err) < 0)
        fail_msg("models: %s", err.msg);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        print_message("edit --name '%s'\n", t[i].typed);
        kith_name nm;
        kith_name_split_typed(models, t[i].typed, &nm);
        if (kith_store_contact_edit_name(st, id, &nm, &err) < 0)
            fail_msg("edit '%s': %s", t[i].typed, err.msg);
        kith_name_release(&nm);
        kith_contact *k = get(st, id);
        const char *got[5] = { k->fields->name, k->fields->given_name, k->fields->family_name,
                               k->fields->prefix, k->fields->credentials };
        const char *want[5] = { t[i].name, t[i].given, t[i].family, t[i].prefix,
                                t[i].credentials };
        for (size_t j = 0; j < 5; j++) {
            if (want[j])
                assert_non_null(got[j]);
            if (want[j])
                assert_string_equal(got[j], want[j]);
            else
                assert_null(got[j]);
        }
        assert_true(k->user_edited & (1u << KITH_FIELD_NAME));
        kith_contact_free(k);
    }
    kith_models_free(models);
    card_free(&a);
}

/* --- merging and finding ------------------------------------------------------ */

static void test_merge_moves_everything(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    kith_err err = { { 0 } };
    test_card a, b;

    card_init(&a, "a.jpg", "Margaret O'Connell", "Margaret", "O'Connell", NULL,
              "m@bluefin.example", NULL, NULL);
    a.in.event = "Web Summit 2026";
    card_init(&b, "b.jpg", "Maggie OConnell", NULL, NULL, "Bluefin", "maggie@home.example",
              "+44 7700 900123", "+447700900123");
    b.in.scanned_at = T0 - 10 * DAY;
    int64_t into = add(st, &a, KITH_INGEST_NEW);
    int64_t from = add(st, &b, KITH_INGEST_NEW);
    assert_int_equal(kith_store_note_add(st, into, "restores old Vespas", T0, &err), 0);
    assert_int_equal(kith_store_note_add(st, from, "two kids, lives in Bath", T0 + 1, &err), 0);
    assert_int_equal(kith_store_interaction_add(st, from, KITH_KIND_EMAIL, KITH_DIR_IN, T0 + DAY,
                                                "re: the deck", &err), 0);
    assert_int_equal(kith_store_interaction_add(st, into, KITH_KIND_MEETING, KITH_DIR_BOTH,
                                                T0 + 2 * DAY, NULL, &err), 0);

    assert_int_equal(kith_store_contact_merge(st, into, into, &err), -1);
    assert_int_equal(kith_store_contact_merge(st, into, 999, &err), -1);
    assert_int_equal(kith_store_contact_merge(st, into, from, &err), 0);

    kith_contact *k = NULL;
    assert_int_equal(kith_store_contact_get(st, from, &k, &err), -1);
    assert_null(k);
    k = get(st, into);
    assert_string_equal(k->fields->name, "Margaret O'Connell");
    assert_string_equal(k->fields->company, "Bluefin");
    assert_int_equal(k->fields->n_emails, 2);
    assert_int_equal(k->fields->n_phones, 1);
    assert_int_equal(k->n_cards, 2);
    assert_int_equal(k->card_ids[0] > 0, 1);
    assert_int_equal(k->event_at, T0 - 10 * DAY);   /* first card of either */
    assert_string_equal(k->event, "Web Summit 2026");
    assert_int_equal(k->n_notes, 2);
    assert_int_equal(k->n_interactions, 2);
    assert_int_equal(k->interactions[0].kind, KITH_KIND_EMAIL);
    kith_connection cn = kith_connection_eval(k->interactions, k->n_interactions, k->n_notes,
                                              T0 + 3 * DAY, NULL);
    assert_int_equal(cn.status, KITH_STATUS_CONNECTED);
    kith_contact_free(k);
    assert_int_equal(count(fx->path, "contacts"), 1);
    assert_int_equal(count(fx->path, "contact_emails"), 2);

    /* A later card of the merged-away address lands on the survivor. */
    test_card c;
    card_init(&c, "c.jpg", NULL, NULL, NULL, NULL, "maggie@home.example", NULL, NULL);
    assert_int_equal(add(st, &c, KITH_INGEST_MERGED), into);
    card_free(&a);
    card_free(&b);
    card_free(&c);
}

static void expect_find(kith_store *st, const char *q, const int64_t *want, size_t n_want)
{
    kith_err err = { { 0 } };
    int64_t *ids = NULL;
    size_t n = 0;
    if (kith_store_contact_find(st, q, &ids, &n, &err) < 0)
        fail_msg("find %s: %s", q, err.msg);
    print_message("find '%s': %zu\n", q, n);
    assert_int_equal(n, n_want);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ids[i], want[i]);
    free(ids);
}

static void test_find(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    test_card a, b, c;
    card_init(&a, "a.jpg", "Margaret O'Connell", "Margaret", "O'Connell",
              "Bluefin Analytics Ltd.", "m.oconnell@bluefin-analytics.co.uk", NULL, NULL);
    card_init(&b, "b.jpg", "James O'Connell", "James", "O'Connell", "Bluefin Analytics Ltd.",
              "j.oconnell@bluefin-analytics.co.uk", NULL, NULL);
    card_init(&c, "c.jpg", "Anna Berg", "Anna", "Berg", "Nordlicht GmbH", "anna@nordlicht.de",
              NULL, NULL);
    int64_t m = add(st, &a, KITH_INGEST_NEW);
    int64_t j = add(st, &b, KITH_INGEST_NEW);
    int64_t an = add(st, &c, KITH_INGEST_NEW);

    test_card e;
    card_init(&e, "e.jpg", "Élodie Dürer-Øst", "Élodie", "Dürer-Øst", "Société Générale",
              NULL, NULL, NULL);
    int64_t el = add(st, &e, KITH_INGEST_NEW);
    card_free(&e);

    int64_t both[] = { m, j };
    expect_find(st, "élodie", &el, 1);                       /* not only ASCII folds */
    expect_find(st, "ÉLODIE DÜRER-ØST", &el, 1);
    expect_find(st, "SOCIÉTÉ", &el, 1);                      /* substring, folded */
    expect_find(st, "elodie durer", &el, 1);                 /* typed without accents */
    expect_find(st, "societe generale", &el, 1);
    expect_find(st, "oconnell", both, 2);                    /* without the apostrophe */
    expect_find(st, "?!", NULL, 0);                          /* folds to nothing */
    expect_find(st, "margaret", &m, 1);                      /* given name, exact */
    expect_find(st, "  Margaret O'Connell ", &m, 1);         /* full name, trimmed */
    expect_find(st, "o'connell", both, 2);                   /* ambiguous */
    expect_find(st, "BLUEFIN ANALYTICS LTD.", both, 2);       /* company, exact */
    expect_find(st, "Anna@Nordlicht.de", &an, 1);            /* email, exact */
    expect_find(st, "nordlicht", &an, 1);                    /* substring of company */
    expect_find(st, "marg", &m, 1);                          /* substring of name */
    expect_find(st, "bluefin", both, 2);                     /* substring, ambiguous */
    expect_find(st, "j.oconnell@", &j, 1);                   /* substring of an email */
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)an);
    expect_find(st, idtext, &an, 1);                         /* id */
    expect_find(st, "4242", NULL, 0);                        /* no such id, no text */
    expect_find(st, "nobody", NULL, 0);

    kith_err err = { { 0 } };
    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(kith_store_contact_find(st, "  ", &ids, &n, &err), -1);
    card_free(&a);
    card_free(&b);
    card_free(&c);
}

/* --- notes and interactions ------------------------------------------------------- */

static void test_notes_interactions_round_trip(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    kith_err err = { { 0 } };
    test_card a;
    card_init(&a, "a.jpg", "Anna Berg", "Anna", "Berg", NULL, "anna@nordlicht.de", NULL, NULL);
    int64_t id = add(st, &a, KITH_INGEST_NEW);

    /* Logged out of order; read back oldest first. */
    struct { kith_kind k; kith_dir d; int64_t at; const char *note; } log[] = {
        { KITH_KIND_BROADCAST, KITH_DIR_OUT, T0 + 5 * DAY, "newsletter #3" },
        { KITH_KIND_MEETING, KITH_DIR_BOTH, T0 + 9 * DAY, NULL },
        { KITH_KIND_EMAIL, KITH_DIR_IN, T0 + 6 * DAY, "replied to the newsletter" },
        { KITH_KIND_VIEW, KITH_DIR_OUT, T0 + 1 * DAY, NULL },
    };
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(kith_store_interaction_add(st, id, log[i].k, log[i].d, log[i].at,
                                                    log[i].note, &err), 0);
    assert_int_equal(kith_store_note_add(st, id, "rows on the Spree at weekends", T0 + 7 * DAY,
                                         &err), 0);
    assert_int_equal(kith_store_note_add(st, id, "", T0, &err), -1);
    assert_int_equal(kith_store_note_add(st, 999, "x", T0, &err), -1);
    assert_int_equal(kith_store_interaction_add(st, 999, KITH_KIND_CALL, KITH_DIR_IN, T0, NULL,
                                                &err), -1);
    assert_int_equal(kith_store_interaction_add(st, id, KITH_KIND_COUNT_, KITH_DIR_IN, T0, NULL,
                                                &err), -1);

    kith_contact *k = get(st, id);
    assert_int_equal(k->n_interactions, 4);
    const int order[] = { 3, 0, 2, 1 };
    for (size_t i = 0; i < 4; i++) {
        const kith_interaction *ix = &k->interactions[i];
        assert_int_equal(ix->kind, log[order[i]].k);
        assert_int_equal(ix->dir, log[order[i]].d);
        assert_int_equal(ix->at, log[order[i]].at);
        if (log[order[i]].note)
            assert_string_equal(ix->note, log[order[i]].note);
        else
            assert_null(ix->note);
        if (i)
            assert_true(ix->at >= k->interactions[i - 1].at);
    }
    assert_int_equal(k->n_notes, 1);
    assert_string_equal(k->notes[0].text, "rows on the Spree at weekends");
    assert_int_equal(k->notes[0].at, T0 + 7 * DAY);

    /* The loaded log drives the rules: connected, then lapsed. */
    kith_connection cn = kith_connection_eval(k->interactions, k->n_interactions, k->n_notes,
                                              T0 + 10 * DAY, NULL);
    assert_int_equal(cn.status, KITH_STATUS_CONNECTED);
    cn = kith_connection_eval(k->interactions, k->n_interactions, k->n_notes, T0 + 200 * DAY,
                              NULL);
    assert_int_equal(cn.status, KITH_STATUS_LAPSED);
    kith_contact_free(k);
    card_free(&a);
}

/* One interaction logged with many contacts: all in one transaction. */
static void test_interaction_add_many(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    kith_err err = { { 0 } };
    test_card a, b, c;
    card_init(&a, "a.jpg", "Anna Berg", "Anna", "Berg", NULL, "anna@nordlicht.de", NULL, NULL);
    card_init(&b, "b.jpg", "Ben Ode", "Ben", "Ode", NULL, "ben@ode.example", NULL, NULL);
    card_init(&c, "c.jpg", "Cleo Ray", "Cleo", "Ray", NULL, "cleo@ray.example", NULL, NULL);
    int64_t ids[3] = { add(st, &a, KITH_INGEST_NEW), add(st, &b, KITH_INGEST_NEW),
                       add(st, &c, KITH_INGEST_NEW) };

    /* A missing contact in the middle: nobody is logged. */
    int64_t with_missing[3] = { ids[0], 999, ids[2] };
    assert_int_equal(kith_store_interaction_add_many(st, with_missing, 3, KITH_KIND_BROADCAST,
                                                     KITH_DIR_OUT, T0, "newsletter", &err), -1);
    assert_non_null(strstr(err.msg, "999"));
    assert_int_equal(count(fx->path, "interactions"), 0);

    /* A database failure at the third contact: the first two are rolled back. */
    sqlite3 *db = raw_open(fx->path);
    char *trigger = kith_xasprintf("CREATE TRIGGER fail_ix BEFORE INSERT ON interactions"
                                   " WHEN NEW.contact_id = %lld"
                                   " BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
                                   (long long)ids[2]);
    raw_exec(db, trigger);
    free(trigger);
    assert_int_equal(kith_store_interaction_add_many(st, ids, 3, KITH_KIND_CALL, KITH_DIR_BOTH,
                                                     T0, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "injected failure"));
    assert_int_equal(count(fx->path, "interactions"), 0);
    raw_exec(db, "DROP TRIGGER fail_ix");
    sqlite3_close(db);

    /* Bad arguments write nothing either. */
    assert_int_equal(kith_store_interaction_add_many(st, ids, 3, KITH_KIND_COUNT_, KITH_DIR_OUT,
                                                     T0, NULL, &err), -1);
    assert_int_equal(kith_store_interaction_add_many(st, ids, 0, KITH_KIND_CALL, KITH_DIR_OUT,
                                                     T0, NULL, &err), -1);

    /* All well: each contact once, even when listed twice. */
    int64_t twice[4] = { ids[0], ids[1], ids[2], ids[0] };
    assert_int_equal(kith_store_interaction_add_many(st, twice, 4, KITH_KIND_CALL, KITH_DIR_BOTH,
                                                     T0 + DAY, "team call", &err), 0);
    assert_int_equal(count(fx->path, "interactions"), 3);
    for (size_t i = 0; i < 3; i++) {
        kith_contact *k = get(st, ids[i]);
        assert_int_equal(k->n_interactions, 1);
        assert_int_equal(k->interactions[0].kind, KITH_KIND_CALL);
        assert_int_equal(k->interactions[0].dir, KITH_DIR_BOTH);
        assert_int_equal(k->interactions[0].at, T0 + DAY);
        assert_string_equal(k->interactions[0].note, "team call");
        kith_contact_free(k);
    }
    card_free(&a);
    card_free(&b);
    card_free(&c);
}

static void test_failed_files(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    kith_err err = { { 0 } };
    const char *sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    int failed = -1;
    char *msg = NULL;

    assert_int_equal(kith_store_failed_get(st, sha, &failed, &msg, &err), 0);
    assert_int_equal(failed, 0);
    assert_null(msg);
    assert_int_equal(kith_store_failed_add(st, "in/a.jpg", sha, "truncated JPEG", T0, &err), 0);
    assert_int_equal(kith_store_failed_add(st, "in/b.jpg", sha, "not an image", T0 + 1, &err),
                     0);
    assert_int_equal(kith_store_failed_get(st, sha, &failed, &msg, &err), 0);
    assert_int_equal(failed, 1);
    assert_string_equal(msg, "not an image");
    free(msg);
    assert_int_equal(count(fx->path, "failed_files"), 1);
    assert_int_equal(kith_store_failed_remove(st, sha, &err), 0);
    assert_int_equal(kith_store_failed_get(st, sha, &failed, NULL, &err), 0);
    assert_int_equal(failed, 0);
    assert_int_equal(kith_store_failed_add(st, "x", NULL, "e", T0, &err), -1);
}

/* --- atomicity and concurrency --------------------------------------------------------- */

/* A card whose own INSERT fails after its contact, emails and event were
 * written in the same transaction leaves nothing behind. */
static void test_failing_card_leaves_nothing(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    kith_err err = { { 0 } };
    sqlite3 *db = raw_open(fx->path);
    raw_exec(db, "CREATE TRIGGER fail_cards BEFORE INSERT ON cards"
                 " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

    test_card a;
    card_init(&a, "a.jpg", "Anna Berg", "Anna", "Berg", "Nordlicht GmbH", "anna@nordlicht.de",
              "+49 30 901820", "+4930901820");
    a.in.event = "Re:publica";
    int64_t id = -1;
    kith_ingest_outcome out;
    assert_int_equal(kith_store_add_card(st, &a.in, &id, &out, &err), -1);
    print_message("failed as planned: %s\n", err.msg);
    assert_non_null(strstr(err.msg, "injected failure"));
    assert_int_equal(id, 0);
    const char *tables[] = { "contacts", "contact_emails", "contact_phones", "events", "cards" };
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(count(fx->path, tables[i]), 0);

    /* Same for a card that would have merged: the contact is not touched. */
    raw_exec(db, "DROP TRIGGER fail_cards");
    id = add(st, &a, KITH_INGEST_NEW);
    raw_exec(db, "CREATE TRIGGER fail_cards BEFORE INSERT ON cards"
                 " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    test_card b;
    card_init(&b, "b.jpg", NULL, NULL, NULL, NULL, "anna@nordlicht.de", NULL, NULL);
    b.f->title = kith_xstrdup("CTO");
    kith_fields_add_email(b.f, "anna.private@example.org");
    int64_t id2;
    assert_int_equal(kith_store_add_card(st, &b.in, &id2, &out, &err), -1);
    kith_contact *k = get(st, id);
    assert_null(k->fields->title);
    assert_int_equal(k->fields->n_emails, 1);
    assert_int_equal(k->n_cards, 1);
    kith_contact_free(k);

    /* The store still works afterwards. */
    raw_exec(db, "DROP TRIGGER fail_cards");
    assert_int_equal(add(st, &b, KITH_INGEST_MERGED), id);
    sqlite3_close(db);
    card_free(&a);
    card_free(&b);
}

typedef struct {
    sqlite3 *db;
    int hold_ms;
} holder;

static void *release_later(void *arg)
{
    holder *h = arg;
    struct timespec ts = { h->hold_ms / 1000, (long)(h->hold_ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
    raw_exec(h->db, "COMMIT");
    return NULL;
}

/* Another process holds the write lock: reads go on (WAL), writes wait for
 * it (busy timeout) and then succeed. */
static void test_concurrent_writer(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    kith_err err = { { 0 } };
    test_card a, b;
    card_init(&a, "a.jpg", "Anna Berg", "Anna", "Berg", NULL, "anna@nordlicht.de", NULL, NULL);
    int64_t id = add(st, &a, KITH_INGEST_NEW);

    sqlite3 *other = raw_open(fx->path);
    raw_exec(other, "BEGIN IMMEDIATE");
    char *sql = kith_xasprintf("INSERT INTO notes (contact_id, text, at) VALUES (%lld, "
                               "'from the other process', 1)", (long long)id);
    raw_exec(other, sql);
    free(sql);

    /* Reading while the other transaction is open: immediate, and it does not
     * see the uncommitted note. */
    double t = kith_monotonic();
    kith_contact *k = get(st, id);
    assert_int_equal(k->n_notes, 0);
    kith_contact_free(k);
    /* A second kith opening the database meanwhile (kith list during a scan). */
    kith_store *st2 = NULL;
    if (kith_store_open(fx->path, &st2, &err) < 0)
        fail_msg("open while another writes: %s", err.msg);
    int64_t *ids;
    size_t n;
    assert_int_equal(kith_store_contact_ids(st2, NULL, &ids, &n, &err), 0);
    assert_int_equal(n, 1);
    free(ids);
    kith_store_close(st2);
    assert_true(kith_monotonic() - t < 0.2);

    holder h = { other, 400 };
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, release_later, &h), 0);
    t = kith_monotonic();
    if (kith_store_note_add(st, id, "from this process", T0, &err) < 0)
        fail_msg("note_add while locked: %s", err.msg);
    card_init(&b, "b.jpg", "Bo Lind", "Bo", "Lind", NULL, "bo@example.se", NULL, NULL);
    add(st, &b, KITH_INGEST_NEW);
    double waited = kith_monotonic() - t;
    pthread_join(th, NULL);
    print_message("waited %.3f s for the other writer\n", waited);
    assert_true(waited >= 0.3);

    k = get(st, id);
    assert_int_equal(k->n_notes, 2);
    kith_contact_free(k);

    /* The other way round: our transaction open, the other process waits. */
    sqlite3_busy_timeout(other, 50);
    assert_int_equal(st_begin(st, &err), 0);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(other, "INSERT INTO events (name, created_at) "
                                        "VALUES ('x', 1)", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_BUSY);
    sqlite3_finalize(s);
    st_rollback(st);
    sqlite3_close(other);
    card_free(&a);
    card_free(&b);
}

/* Another process keeps the write lock for longer than we wait: the card
 * fails with a clear message after a few tries, and nothing is written. */
static void test_busy_gives_up(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);
    kith_err err = { { 0 } };
    sqlite3 *other = raw_open(fx->path);
    raw_exec(other, "BEGIN IMMEDIATE");

    st_set_busy_ms(st, 100);
    test_card a;
    card_init(&a, "a.jpg", "Anna Berg", "Anna", "Berg", NULL, "anna@nordlicht.de", NULL, NULL);
    int64_t id;
    kith_ingest_outcome out;
    double t = kith_monotonic();
    assert_int_equal(kith_store_add_card(st, &a.in, &id, &out, &err), -1);
    double waited = kith_monotonic() - t;
    print_message("gave up after %.3f s: %s\n", waited, err.msg);
    assert_non_null(strstr(err.msg, "locked"));
    assert_true(waited >= 0.25);   /* tried KITH_STORE_TX_TRIES times */
    raw_exec(other, "COMMIT");
    sqlite3_close(other);
    assert_int_equal(count(fx->path, "contacts"), 0);
    add(st, &a, KITH_INGEST_NEW);
    card_free(&a);
}

/* Several processes open a database that does not exist yet, all at once,
 * and store the same card and one of their own: one schema, one copy of the
 * shared card, every own card. */
#define N_PROCS 4

static int child_open_and_add(const char *path, int rfd, int i)
{
    char c;
    if (read(rfd, &c, 1) < 0)   /* wait for the start (EOF) */
        return 2;
    kith_store *st;
    kith_err err;
    if (kith_store_open(path, &st, &err) < 0) {
        fprintf(stderr, "child %d: %s\n", i, err.msg);
        return 3;
    }
    test_card shared, own;
    char file[32], email[64];
    snprintf(file, sizeof file, "own-%d.jpg", i);
    snprintf(email, sizeof email, "own%d@example.org", i);
    card_init(&shared, "shared.jpg", "Anna Berg", "Anna", "Berg", NULL, "anna@nordlicht.de",
              NULL, NULL);
    card_init(&own, file, "Own Person", "Own", "Person", NULL, email, NULL, NULL);
    int64_t id;
    kith_ingest_outcome out;
    int rc = 0;
    if (kith_store_add_card(st, &shared.in, &id, &out, &err) < 0 ||
        kith_store_add_card(st, &own.in, &id, &out, &err) < 0 || out != KITH_INGEST_NEW)
        rc = 4;
    card_free(&shared);
    card_free(&own);
    kith_store_close(st);
    return rc;
}

static void test_concurrent_open(void **state)
{
    fixture *fx = *state;
    int pfd[2];
    pid_t pids[N_PROCS];
    assert_int_equal(pipe(pfd), 0);
    for (int i = 0; i < N_PROCS; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            close(pfd[1]);
            _exit(child_open_and_add(fx->path, pfd[0], i));
        }
    }
    close(pfd[0]);
    close(pfd[1]);   /* go */
    for (int i = 0; i < N_PROCS; i++) {
        int status;
        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    sqlite3 *db = raw_open(fx->path);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), kith_schema_latest());
    assert_int_equal(raw_int(db, "SELECT count(*) FROM cards"), N_PROCS + 1);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM contacts"), N_PROCS + 1);
    sqlite3_close(db);
}

/* A writer killed with SIGKILL in the middle of a batch: every card is either
 * in whole or absent; running the batch again adds each card exactly once. */
#define BATCH 300

static void batch_card(test_card *c, int i, char *file, size_t cap)
{
    char email[64];
    snprintf(file, cap, "batch/card-%03d.jpg", i);
    /* every third card is a second card of an earlier person */
    snprintf(email, sizeof email, "person%d@example.org", i % 3 == 2 ? i - 1 : i);
    card_init(c, file, "Some Person", "Some", "Person", "Example Co", email, NULL, NULL);
    static unsigned char img[20000];
    memset(img, i & 0xff, sizeof img);
    c->in.image_png = img;
    c->in.image_png_len = sizeof img;
    c->in.event = "Batch";
}

static int run_batch(const char *path)
{
    kith_store *st;
    kith_err err;
    if (kith_store_open(path, &st, &err) < 0)
        return -1;
    for (int i = 0; i < BATCH; i++) {
        test_card c;
        char file[64];
        int64_t id;
        kith_ingest_outcome out;
        batch_card(&c, i, file, sizeof file);
        int rc = kith_store_add_card(st, &c.in, &id, &out, &err);
        card_free(&c);
        if (rc < 0) {
            kith_store_close(st);
            return -1;
        }
    }
    kith_store_close(st);
    return 0;
}

static void test_kill_mid_batch(void **state)
{
    fixture *fx = *state;
    kith_store *st = open_store(fx);   /* creates the schema */
    kith_store_close(st);
    fx->st = NULL;

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(run_batch(fx->path) == 0 ? 0 : 1);
    /* Kill it once some cards are in, mid-way. */
    sqlite3 *db = raw_open(fx->path);
    long long seen = 0;
    for (int tries = 0; tries < 20000 && seen < BATCH / 3; tries++) {
        seen = raw_int(db, "SELECT count(*) FROM cards");
        struct timespec ts = { 0, 200000 };
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    long long before = raw_int(db, "SELECT count(*) FROM cards");
    print_message("killed after %lld of %d cards (%s)\n", before, BATCH,
                  WIFSIGNALED(status) ? "by SIGKILL" : "it had finished");
    assert_true(before > 0);

    /* Nothing half-written: every contact has a card, every card a contact
     * and its emails, the database is sound. */
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM contacts c WHERE NOT EXISTS"
                                 " (SELECT 1 FROM cards k WHERE k.contact_id = c.id)"), 0);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM contacts c WHERE NOT EXISTS"
                                 " (SELECT 1 FROM contact_emails e WHERE e.contact_id = c.id)"), 0);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM cards WHERE image_png IS NULL"
                                 " OR length(image_png) <> 20000"), 0);

    /* The rerun adds the rest, each exactly once. */
    assert_int_equal(run_batch(fx->path), 0);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM cards"), BATCH);
    assert_int_equal(raw_int(db, "SELECT count(DISTINCT sha256) FROM cards"), BATCH);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM contacts"), BATCH - BATCH / 3);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM events"), 1);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_file_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migration_from_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_new_duplicate_merged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user_edits_survive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_name_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_moves_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notes_interactions_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interaction_add_many, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failing_card_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_writer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_gives_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kill_mid_batch, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
