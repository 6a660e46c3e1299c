/*
 * test_ingest.c — the ingest stage: which files a scan reads, and the batch
 * (worker pool + single writer) on cards rendered here with libvips: results
 * in input order with 2 workers, a broken file failing only its card, a stop
 * request finishing the cards in hand, and a rescan reading nothing again;
 * and the watch folder: new, renamed-in, hidden, partial, broken and copied
 * files, and a restart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vips/vips.h>

#include "common/util.h"
#include "common/models.h"
#include "ingest/ingest.h"
#include "store/store.h"

static char tmpdir[256];
static kith_models *models;

/* ---- helpers -------------------------------------------------------------- */

static char *tpath(const char *rel)
{
    return kith_xasprintf("%s/%s", tmpdir, rel);
}

static void touch(const char *rel)
{
    char *p = tpath(rel);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    kith_err err;
    assert_int_equal(kith_mkdir_p(p, &err), 0);
    *slash = '/';
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("not really an image\n", f);
    fclose(f);
    free(p);
}

/* Writes a JPEG of a card with the given text lines; `scale` makes it larger
 * (and slower to read). */
static void write_card(const char *rel, const char *markup, int scale)
{
    VipsImage *text = NULL, *inv = NULL, *card = NULL, *big = NULL;
    assert_int_equal(vips_text(&text, markup, "dpi", 300, "font", "DejaVu Sans 9", NULL), 0);
    assert_int_equal(vips_invert(text, &inv, NULL), 0);
    int w = inv->Xsize + 160, h = inv->Ysize + 160;
    assert_int_equal(vips_embed(inv, &card, 80, 80, w, h, "extend", VIPS_EXTEND_WHITE, NULL),
                     0);
    assert_int_equal(vips_resize(card, &big, scale, NULL), 0);
    char *p = tpath(rel);
    assert_int_equal(vips_jpegsave(big, p, "Q", 90, NULL), 0);
    free(p);
    g_object_unref(text);
    g_object_unref(inv);
    g_object_unref(card);
    g_object_unref(big);
}

/* Copies the first `keep` bytes of src to dst (a truncated JPEG). */
static void truncate_copy(const char *src_rel, const char *dst_rel, double keep)
{
    char *src = tpath(src_rel), *dst = tpath(dst_rel);
    char *data;
    size_t len;
    kith_err err;
    assert_int_equal(kith_read_file(src, &data, &len, &err), 0);
    FILE *f = fopen(dst, "wb");
    assert_non_null(f);
    fwrite(data, 1, (size_t)((double)len * keep), f);
    fclose(f);
    free(data);
    free(src);
    free(dst);
}

/* What the callback saw. */
typedef struct seen {
    size_t n;
    size_t index[64];
    int failed[64];
    int outcome[64];
    char *source[64];
    double ms_ocr[64];
    int had_fields[64];
    volatile sig_atomic_t *stop_after_first;
} seen;

static void record(const kith_scan_result *r, void *user)
{
    seen *s = user;
    assert_true(s->n < 64);
    s->index[s->n] = r->index;
    s->failed[s->n] = r->failed;
    s->outcome[s->n] = (int)r->outcome;
    s->source[s->n] = kith_xstrdup(r->source);
    s->ms_ocr[s->n] = r->ms_ocr;
    s->had_fields[s->n] = r->fields != NULL;
    if (r->failed)
        assert_non_null(r->error);
    else
        assert_null(r->error);
    s->n++;
    if (s->stop_after_first)
        *s->stop_after_first = 1;
}

static void seen_free(seen *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->source[i]);
}

static void push(kith_strlist *l, const char *rel)
{
    kith_strlist_push_owned(l, tpath(rel));
}

/* ---- names and inputs ----------------------------------------------------- */

static void ingestible_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int want;
    } cases[] = {
        {"IMG_0412.jpg", 1},  {"card.JPEG", 1},        {"scan.png", 1},
        {"scan.tif", 1},      {"scan.TIFF", 1},        {"photo.webp", 1},
        {"photo.heic", 1},    {"dir/sub/x.jpg", 1},    {".hidden.jpg", 0},
        {"scan.PDF", 1},      {"photo.heif", 1},
        {"dir/.x.jpg", 0},    {"x.jpg.part", 0},       {"x.jpg.crdownload", 0},
        {"x.jpg.tmp", 0},     {"x.jpg~", 0},           {"x.jpg.partial", 0},
        {"notes.txt", 0},     {"jpg", 0},              {"", 0},
        {"archive.jpg.zip", 0}, {"a.jpg/", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (kith_is_ingestible_name(cases[i].name) != cases[i].want)
            fail_msg("kith_is_ingestible_name(\"%s\") should be %d", cases[i].name,
                     cases[i].want);
    }
    assert_int_equal(kith_is_ingestible_name(NULL), 0);
}

static void collects_sorted_without_hidden_or_partial(void **state)
{
    (void)state;
    const char *files[] = {
        "in/b.jpg", "in/a.JPG", "in/c.png", "in/.hidden.jpg", "in/x.jpg.part",
        "in/y.crdownload", "in/z.jpg.tmp", "in/w.jpg~", "in/notes.txt", "in/sub/d.jpeg",
        "in/sub/.git/e.jpg", "in/.cache/f.jpg", "in/A0.webp", "other/q.tif",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        touch(files[i]);
    char *in = tpath("in"), *q = tpath("other/q.tif"), *missing = tpath("gone.jpg");
    char *b = tpath("in/b.jpg");
    const char *args[] = {in, missing, q, b};
    kith_strlist out = KITH_STRLIST_INIT;
    kith_err err;
    assert_int_equal(kith_collect_inputs(args, 4, &out, &err), 0);

    /* names sorted bytewise within a folder, folders depth first; the missing
     * path kept; b.jpg named twice read once */
    const char *want[] = {"in/A0.webp", "in/a.JPG", "in/b.jpg", "in/c.png",
                          "in/sub/d.jpeg", "gone.jpg", "other/q.tif"};
    size_t n_want = sizeof want / sizeof want[0];
    assert_int_equal(out.n, n_want);
    for (size_t i = 0; i < n_want; i++) {
        char *p = tpath(want[i]);
        assert_string_equal(out.items[i], p);
        free(p);
    }
    kith_strlist_clear(&out);

    /* a file named explicitly is kept whatever its name */
    char *txt = tpath("in/notes.txt");
    const char *one[] = {txt};
    assert_int_equal(kith_collect_inputs(one, 1, &out, &err), 0);
    assert_int_equal(out.n, 1);
    assert_string_equal(out.items[0], txt);
    kith_strlist_clear(&out);
    free(txt);
    free(in);
    free(q);
    free(missing);
    free(b);
}

/* ---- the batch ------------------------------------------------------------ */

static const char *const people[] = {
    "Margaret Holloway\nDirector of Partnerships\nm.holloway@bluefin.example\n+44 20 7946 0958",
    "Jonas Becker\nSenior Engineer\njonas.becker@kraftwerk.example\n+49 30 12345678",
    "Amelie Laurent\nHead of Sales\namelie@laurent-design.example\n+33 1 42 68 53 00",
    "David Okafor\nFounder\ndavid@okafor.example\n(415) 555-0134",
    "Sofia Rossi\nArchitect\nsofia.rossi@studio.example\n+39 06 1234 5678",
};

/* cards/00-big.jpg (large: slow), 01..04 small, a truncated copy, a text file
 * named .jpg, and a file that does not exist */
static void make_batch(kith_strlist *files)
{
    kith_err err;
    char *dir = tpath("cards");
    assert_int_equal(kith_mkdir_p(dir, &err), 0);
    free(dir);
    write_card("cards/00-big.jpg", people[0], 4);
    for (int i = 1; i < 5; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "cards/%02d-small.jpg", i);
        write_card(rel, people[i], 1);
    }
    truncate_copy("cards/00-big.jpg", "cards/05-truncated.jpg", 0.4);
    touch("cards/06-text.jpg");
    push(files, "cards/00-big.jpg");
    push(files, "cards/01-small.jpg");
    push(files, "cards/05-truncated.jpg");
    push(files, "cards/02-small.jpg");
    push(files, "cards/06-text.jpg");
    push(files, "cards/03-small.jpg");
    push(files, "cards/07-missing.jpg");
    push(files, "cards/04-small.jpg");
}

static void results_in_input_order_and_broken_files_fail_alone(void **state)
{
    (void)state;
    kith_strlist files = KITH_STRLIST_INIT;
    make_batch(&files);
    kith_batch_opts o;
    kith_batch_opts_default(&o);
    o.jobs = 2;
    o.dry_run = 1;
    seen s;
    memset(&s, 0, sizeof s);
    kith_batch_stats stats;
    kith_err err;
    assert_int_equal(kith_batch_scan(NULL, models, &files, &o, record, &s, &stats, &err), 0);

    assert_int_equal(s.n, files.n);
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.index[i], i);
        assert_string_equal(s.source[i], files.items[i]);
        int broken = strstr(files.items[i], "truncated") || strstr(files.items[i], "text") ||
                     strstr(files.items[i], "missing");
        if (s.failed[i] != broken)
            fail_msg("%s: failed=%d", files.items[i], s.failed[i]);
        if (!broken) {
            assert_true(s.had_fields[i]);
            assert_true(s.ms_ocr[i] > 0);
        }
    }
    assert_int_equal(stats.total, files.n);
    assert_int_equal(stats.done, files.n);
    assert_int_equal(stats.failed, 3);
    assert_int_equal(stats.added, 5);
    seen_free(&s);
    kith_strlist_clear(&files);
}

static void stop_finishes_the_cards_in_hand(void **state)
{
    (void)state;
    kith_strlist files = KITH_STRLIST_INIT;
    for (int round = 0; round < 3; round++)
        for (int i = 1; i < 5; i++) {
            char rel[64];
            snprintf(rel, sizeof rel, "cards/%02d-small.jpg", i);
            push(&files, rel);
        }
    volatile sig_atomic_t stop = 0;
    kith_batch_opts o;
    kith_batch_opts_default(&o);
    o.jobs = 2;
    o.dry_run = 1;
    o.stop = &stop;
    seen s;
    memset(&s, 0, sizeof s);
    s.stop_after_first = &stop;
    kith_batch_stats stats;
    kith_err err;
    assert_int_equal(kith_batch_scan(NULL, models, &files, &o, record, &s, &stats, &err), 0);
    /* the first result stops the batch: the cards already taken (at most the
     * ring of 2 × 2) come out, in order, and no more */
    assert_true(s.n >= 1);
    assert_true(s.n <= 4);
    assert_true(s.n < files.n);
    assert_int_equal(stats.done, s.n);
    for (size_t i = 0; i < s.n; i++)
        assert_int_equal(s.index[i], i);
    seen_free(&s);
    kith_strlist_clear(&files);
}

static void rescan_reads_nothing_again(void **state)
{
    (void)state;
    char *db = tpath("kith.db");
    kith_store *st = NULL;
    kith_err err;
    if (kith_store_open(db, &st, &err) < 0)
        fail_msg("store: %s", err.msg);
    kith_strlist files = KITH_STRLIST_INIT;
    push(&files, "cards/01-small.jpg");
    push(&files, "cards/02-small.jpg");
    push(&files, "cards/06-text.jpg");
    push(&files, "cards/01-small.jpg");    /* the same file twice in one batch */
    kith_batch_opts o;
    kith_batch_opts_default(&o);
    o.jobs = 2;
    o.event = "Test Summit";

    seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(kith_batch_scan(st, models, &files, &o, record, &s, NULL, &err), 0);
    assert_int_equal(s.n, 4);
    assert_int_equal(s.outcome[0], KITH_INGEST_NEW);
    assert_int_equal(s.outcome[1], KITH_INGEST_NEW);
    assert_int_equal(s.failed[2], 1);
    assert_int_equal(s.failed[3], 0);
    assert_int_equal(s.outcome[3], KITH_INGEST_DUPLICATE);
    seen_free(&s);

    memset(&s, 0, sizeof s);
    kith_batch_stats stats;
    assert_int_equal(kith_batch_scan(st, models, &files, &o, record, &s, &stats, &err), 0);
    assert_int_equal(s.n, 4);
    for (size_t i = 0; i < 4; i++) {
        if (i == 2) {
            assert_int_equal(s.failed[i], 1);   /* still broken: read again, fails again */
            continue;
        }
        assert_int_equal(s.failed[i], 0);
        assert_int_equal(s.outcome[i], KITH_INGEST_DUPLICATE);
        /* known by its hash before any OCR */
        assert_true(s.ms_ocr[i] == 0.0);
        assert_int_equal(s.had_fields[i], 0);
    }
    assert_int_equal(stats.duplicates, 3);
    assert_int_equal(stats.added, 0);
    seen_free(&s);

    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(kith_store_contact_ids(st, NULL, &ids, &n, &err), 0);
    assert_int_equal(n, 2);
    free(ids);
    kith_store_close(st);
    kith_strlist_clear(&files);
    free(db);
}

/* ---- watch ------------------------------------------------------------------ */

typedef struct watch_run {
    pthread_t th;
    kith_store *st;
    const char *dir;
    volatile sig_atomic_t stop;
    int rc;
    kith_err err;
    pthread_mutex_t mu;
    seen s;
    int failed_before[64];
} watch_run;

static void watch_record(const kith_scan_result *r, void *user)
{
    watch_run *w = user;
    pthread_mutex_lock(&w->mu);
    if (w->s.n < 64) {
        size_t i = w->s.n++;
        w->s.failed[i] = r->failed;
        w->s.outcome[i] = (int)r->outcome;
        w->s.source[i] = kith_xstrdup(strrchr(r->source, '/') + 1);
        w->failed_before[i] = r->failed_before;
    }
    pthread_mutex_unlock(&w->mu);
}

static void *watch_thread(void *arg)
{
    watch_run *w = arg;
    kith_batch_opts o;
    kith_batch_opts_default(&o);
    o.jobs = 1;
    o.settle_ms = 200;
    o.stop = &w->stop;
    w->rc = kith_watch(w->st, models, w->dir, &o, watch_record, w, &w->err);
    return NULL;
}

static size_t watch_count(watch_run *w)
{
    pthread_mutex_lock(&w->mu);
    size_t n = w->s.n;
    pthread_mutex_unlock(&w->mu);
    return n;
}

/* Waits (up to 60 s) until the watcher reported n results. */
static void watch_wait(watch_run *w, size_t n)
{
    for (int i = 0; i < 1200 && watch_count(w) < n; i++)
        usleep(50 * 1000);
    if (watch_count(w) < n)
        fail_msg("watch reported %zu results, want %zu", watch_count(w), n);
}

static void watch_start(watch_run *w, kith_store *st, const char *dir)
{
    memset(w, 0, sizeof *w);
    w->st = st;
    w->dir = dir;
    pthread_mutex_init(&w->mu, NULL);
    assert_int_equal(pthread_create(&w->th, NULL, watch_thread, w), 0);
}

static void watch_stop(watch_run *w)
{
    usleep(500 * 1000);   /* time for anything unexpected to be reported */
    w->stop = 1;
    pthread_join(w->th, NULL);
    if (w->rc != 0)
        fail_msg("kith_watch: %s", w->err.msg);
    pthread_mutex_destroy(&w->mu);
}

/* The result for file name, or -1. */
static int watch_find(const watch_run *w, const char *name)
{
    int at = -1;
    for (size_t i = 0; i < w->s.n; i++)
        if (strcmp(w->s.source[i], name) == 0) {
            if (at >= 0)
                fail_msg("%s reported twice", name);
            at = (int)i;
        }
    return at;
}

static void copy_file(const char *from_rel, const char *to_rel)
{
    char *from = tpath(from_rel), *to = tpath(to_rel);
    char *data;
    size_t len;
    kith_err err;
    assert_int_equal(kith_read_file(from, &data, &len, &err), 0);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    free(data);
    free(from);
    free(to);
}

static void watch_ingests_each_file_once(void **state)
{
    (void)state;
    kith_err err;
    char *dir = tpath("drop"), *db = tpath("watch.db");
    assert_int_equal(kith_mkdir_p(dir, &err), 0);
    kith_store *st = NULL;
    if (kith_store_open(db, &st, &err) < 0)
        fail_msg("store: %s", err.msg);
    copy_file("cards/01-small.jpg", "drop/a.jpg");   /* there before the watch */

    watch_run w;
    watch_start(&w, st, dir);
    watch_wait(&w, 1);
    copy_file("cards/02-small.jpg", "drop/b.jpg.part");   /* a download ... */
    char *part = tpath("drop/b.jpg.part"), *fin = tpath("drop/b.jpg");
    assert_int_equal(rename(part, fin), 0);               /* ... finished */
    copy_file("cards/03-small.jpg", "drop/.c.jpg");       /* hidden */
    copy_file("cards/03-small.jpg", "drop/c.jpg.tmp");    /* partial */
    touch("drop/d.jpg");                                  /* not an image */
    copy_file("cards/01-small.jpg", "drop/e.jpg");        /* a's content again */
    watch_wait(&w, 4);
    watch_stop(&w);

    assert_int_equal(w.s.n, 4);
    int a = watch_find(&w, "a.jpg"), b = watch_find(&w, "b.jpg");
    int d = watch_find(&w, "d.jpg"), e = watch_find(&w, "e.jpg");
    assert_true(a == 0 && b > 0 && d > 0 && e > 0);
    assert_int_equal(w.s.failed[a], 0);
    assert_int_equal(w.s.outcome[a], KITH_INGEST_NEW);
    assert_int_equal(w.s.failed[b], 0);
    assert_int_equal(w.s.outcome[b], KITH_INGEST_NEW);
    assert_int_equal(w.s.failed[d], 1);
    assert_int_equal(w.failed_before[d], 0);
    assert_int_equal(w.s.failed[e], 0);
    assert_int_equal(w.s.outcome[e], KITH_INGEST_DUPLICATE);
    seen_free(&w.s);

    /* a restart reads nothing again: the store remembers by hash */
    watch_start(&w, st, dir);
    watch_wait(&w, 4);
    watch_stop(&w);
    assert_int_equal(w.s.n, 4);
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(w.s.source[i], "d.jpg") == 0) {
            assert_int_equal(w.s.failed[i], 1);
            assert_int_equal(w.failed_before[i], 1);
        } else {
            assert_int_equal(w.s.failed[i], 0);
            assert_int_equal(w.s.outcome[i], KITH_INGEST_DUPLICATE);
        }
    }
    seen_free(&w.s);

    kith_store_close(st);
    free(part);
    free(fin);
    free(dir);
    free(db);
}

static int setup(void **state)
{
    (void)state;
    if (VIPS_INIT("test_ingest"))
        return -1;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kith-test-ingest-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    kith_err err;
    if (kith_models_load(getenv("KITH_MODELS"), &models, &err) < 0) {
        fprintf(stderr, "models: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kith_models_free(models);
    char *cmd = kith_xasprintf("rm -rf '%s'", tmpdir);
    int rc = system(cmd);
    free(cmd);
    vips_shutdown();
    return rc == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ingestible_names),
        cmocka_unit_test(collects_sorted_without_hidden_or_partial),
        cmocka_unit_test(results_in_input_order_and_broken_files_fail_alone),
        cmocka_unit_test(stop_finishes_the_cards_in_hand),
        cmocka_unit_test(rescan_reads_nothing_again),
        cmocka_unit_test(watch_ingests_each_file_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
