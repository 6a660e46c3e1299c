/*
 * test_decide.c — which known contact a new card shows, end to end: the
 * store finds the candidates, enrich's kith_match_decide picks. The scenarios in cases/decide.txt (see its header) are stored
 * card by card in a fresh database, and each card's outcome (a new contact,
 * or merged into the contact of an earlier card) is checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "case_table.h"
#include "common/models.h"
#include "common/util.h"
#include "contact/fields.h"
#include "enrich/match.h"
#include "store/store.h"

#define MAX_CARDS 64

typedef struct {
    char label[64];
    int64_t id;
} seen_card;

static kith_models *models;

/* KIND:NUMBER[=E164][#EXT], comma separated, into f. */
static void add_phones(kith_fields *f, char *list, const char *line)
{
    if (!case_opt(list))
        return;
    char *items[8];
    size_t n = case_split(list, ',', items, 8);
    for (size_t i = 0; i < n; i++) {
        char *colon = strchr(items[i], ':');
        kith_phone_kind kind;
        if (!colon)
            fail_msg("bad phone in: %s", line);
        *colon = '\0';
        if (kith_phone_kind_parse(items[i], &kind) < 0)
            fail_msg("bad phone kind in: %s", line);
        char *number = colon + 1, *ext = strchr(number, '#'), *e164;
        if (ext)
            *ext++ = '\0';
        e164 = strchr(number, '=');
        if (e164)
            *e164++ = '\0';
        kith_fields_add_phone(f, kind, kith_trim(number), e164, ext, 0.9f);
    }
}

static void add_card(kith_store *st, char **c, seen_card *seen, size_t *n_seen, int serial,
                     const char *line)
{
    kith_fields *f = kith_fields_new();
    if (case_opt(c[1]))
        f->name = kith_xstrdup(c[1]);
    if (case_opt(c[2]))
        f->given_name = kith_xstrdup(c[2]);
    if (case_opt(c[3]))
        f->family_name = kith_xstrdup(c[3]);
    if (case_opt(c[4])) {
        char *items[8];
        size_t n = case_split(c[4], ',', items, 8);
        for (size_t i = 0; i < n; i++)
            kith_fields_add_email(f, items[i]);
    }
    add_phones(f, c[5], line);
    char sha[65], *path = kith_xasprintf("%s-%d.jpg", c[0], serial);
    kith_sha256_hex(path, strlen(path), sha);
    kith_card_in in = { 0 };
    in.source_path = path;
    in.sha256 = sha;
    in.fields = f;
    in.scanned_at = 1780272000;
    in.match = kith_match_decide_fn;
    in.match_ctx = models;
    int64_t id = 0;
    kith_ingest_outcome out;
    kith_err err = { { 0 } };
    if (kith_store_add_card(st, &in, &id, &out, &err) < 0)
        fail_msg("%s: %s", line, err.msg);
    print_message("  %-10s -> contact %lld (%s)\n", c[0], (long long)id,
                  out == KITH_INGEST_NEW ? "new" : "merged");
    if (strcmp(c[6], "new") == 0) {
        if (out != KITH_INGEST_NEW)
            fail_msg("%s: merged into contact %lld, want a new contact", line, (long long)id);
    } else {
        int64_t want = 0;
        for (size_t i = 0; i < *n_seen; i++)
            if (strcmp(seen[i].label, c[6]) == 0)
                want = seen[i].id;
        if (!want)
            fail_msg("%s: no earlier card %s", line, c[6]);
        if (out != KITH_INGEST_MERGED || id != want)
            fail_msg("%s: got contact %lld (%s), want %lld", line, (long long)id,
                     out == KITH_INGEST_NEW ? "new" : "merged", (long long)want);
    }
    if (*n_seen < MAX_CARDS) {
        snprintf(seen[*n_seen].label, sizeof seen[*n_seen].label, "%s", c[0]);
        seen[(*n_seen)++].id = id;
    }
    free(path);
    kith_fields_free(f);
}

static kith_store *fresh_store(char *dir, size_t cap, int n)
{
    snprintf(dir, cap, "/tmp/kith-decide-XXXXXX");
    if (!mkdtemp(dir))
        fail_msg("mkdtemp");
    char *db = kith_xasprintf("%s/s%d.db", dir, n);
    kith_store *st = NULL;
    kith_err err = { { 0 } };
    if (kith_store_open(db, &st, &err) < 0)
        fail_msg("%s: %s", db, err.msg);
    free(db);
    return st;
}

static void close_store(kith_store *st, const char *dir, int n)
{
    kith_store_close(st);
    const char *suffix[] = { "", "-wal", "-shm" };
    for (size_t i = 0; i < 3; i++) {
        char *p = kith_xasprintf("%s/s%d.db%s", dir, n, suffix[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
}

static void test_decide_cases(void **state)
{
    (void)state;
    const char *src = getenv("KITH_SOURCE_DIR");
    char *path = kith_xasprintf("%s/tests/enrich/cases/decide.txt", src ? src : ".");
    char *text;
    size_t len;
    kith_err err;
    if (kith_read_file(path, &text, &len, &err) < 0)
        fail_msg("%s", err.msg);
    kith_store *st = NULL;
    char dir[64];
    seen_card seen[MAX_CARDS];
    size_t n_seen = 0;
    int n_scenarios = 0, n_cards = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        kith_trim(line);
        if (!*line || *line == '#')
            continue;
        if (*line == '=') {
            if (st)
                close_store(st, dir, n_scenarios);
            n_scenarios++;
            print_message("%s\n", line + 1);
            st = fresh_store(dir, sizeof dir, n_scenarios);
            n_seen = 0;
            continue;
        }
        if (!st)
            fail_msg("%s: a card before the first scenario: %s", path, line);
        char copy[1024];
        snprintf(copy, sizeof copy, "%s", line);
        char *c[7];
        if (case_split(line, '|', c, 7) != 7)
            fail_msg("%s: bad card: %s", path, copy);
        add_card(st, c, seen, &n_seen, n_cards++, copy);
    }
    if (st)
        close_store(st, dir, n_scenarios);
    assert_true(n_scenarios >= 5);
    free(text);
    free(path);
}

static int setup(void **state)
{
    (void)state;
    kith_err err = { { 0 } };
    if (kith_models_load(getenv("KITH_MODELS"), &models, &err) < 0) {
        print_error("models: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kith_models_free(models);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide_cases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
