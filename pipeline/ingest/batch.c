/*
 * batch.c — scanning many card photos at once: a pool of worker threads and
 * one writer.
 *
 * Each worker owns one tesseract handle and takes the next file in input
 * order: it hashes the file, asks the writer whether that hash is already
 * stored (so a file scanned before is never read again), then reads the
 * card (kith_read_card: image → ocr → extract → qr) and prepares what the
 * store needs (PNG, OCR text and JSON). The calling thread is the only one
 * that touches the store: it answers the hash questions, stores each
 * finished card in its own transaction and hands the results to the
 * callback in input order.
 *
 * Cards in flight live in a ring of 2 × workers slots: a worker may only start
 * card i once card i - ring has been handed out, which bounds memory however
 * uneven the cards are, and is the reorder buffer at the same time. One mutex
 * guards the ring; the writer waits on cv_main, workers on cv_work.
 */
#include "ingest/ingest_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <vips/vips.h>

#include "common/init.h"
#include "common/json.h"
#include "enrich/backs.h"
#include "enrich/match.h"
#include "ingest/read_card.h"

typedef enum {
    SLOT_FREE,
    SLOT_WORKING,   /* a worker has it */
    SLOT_ASK,       /* the worker waits for the writer to look up its hash */
    SLOT_ANSWERED,  /* the writer answered; the worker goes on */
    SLOT_DONE       /* ready to be stored and handed out */
} slot_state;

/* One card of a file, read and ready to store. */
typedef struct card_out {
    kith_image *img;
    kith_fields *fields;
    void *png;                 /* g_free */
    size_t png_len;
    char *ocr_text, *ocr_json, *meta_json;
    int front_of;              /* a back: index of its front among the file's cards; -1 */
} card_out;

/* One file in flight. Everything it points to is owned by the slot. */
typedef struct slot {
    slot_state state;
    size_t index;
    char sha[65];
    int have_sha;
    /* the writer's answer */
    int dup;
    int64_t dup_contact;
    int failed_before;
    /* the worker's result */
    int failed;
    const char *stage;
    char *error;
    card_out *cards;           /* the file's cards, in order */
    size_t n_cards;
    int pages;
    double ms_image, ms_ocr, ms_extract;
} slot;

typedef struct batch {
    pthread_mutex_t mu;
    pthread_cond_t cv_main, cv_work;
    const kith_strlist *files;
    const kith_batch_opts *opts;
    const kith_models *models;
    int ask_store;             /* workers ask the writer about hashes */
    int remember_failures;
    slot *slots;
    size_t ring;
    size_t next_take, next_emit;
    int quit;
} batch;

typedef struct worker {
    batch *b;
    kith_ocr *ocr;
    pthread_t th;
} worker;

void kith_batch_opts_default(kith_batch_opts *o)
{
    memset(o, 0, sizeof *o);
    kith_image_opts_default(&o->image);
    o->now = kith_now();
}

int kith_ingest_jobs(const kith_batch_opts *opts)
{
    if (opts->jobs > 0)
        return opts->jobs;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}


static int stopping(const batch *b)
{
    return b->quit || (b->opts->stop && *b->opts->stop);
}

static void slot_clear(slot *s)
{
    free(s->error);
    for (size_t i = 0; i < s->n_cards; i++) {
        card_out *c = &s->cards[i];
        kith_image_free(c->img);
        kith_fields_free(c->fields);
        g_free(c->png);
        free(c->ocr_text);
        free(c->ocr_json);
        free(c->meta_json);
    }
    free(s->cards);
    memset(s, 0, sizeof *s);
}

static void slot_fail(slot *s, const char *stage, const char *msg)
{
    s->failed = 1;
    s->stage = stage;
    s->error = kith_xstrdup(msg && *msg ? msg : "unknown error");
}

/* What the image stage did, stored with the card. Caller frees. */
static char *image_meta_json(const kith_image *img)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    int first = 1;
    kith_strbuf_addc(&sb, '{');
    kith_json_member_int(&sb, &first, "width", img->width);
    kith_json_member_int(&sb, &first, "height", img->height);
    kith_json_member_int(&sb, &first, "dpi", img->dpi);
    kith_json_member_bool(&sb, &first, "card_found", img->card_found);
    kith_json_key(&sb, &first, "corners");
    kith_strbuf_addc(&sb, '[');
    for (int i = 0; i < 4; i++)
        kith_strbuf_addf(&sb, "%s[%.1f, %.1f]", i ? ", " : "", img->corners[i][0],
                         img->corners[i][1]);
    kith_strbuf_addc(&sb, ']');
    kith_json_member_int(&sb, &first, "source_width", img->source_width);
    kith_json_member_int(&sb, &first, "source_height", img->source_height);
    kith_json_member_int(&sb, &first, "exif_orientation", img->exif_orientation);
    kith_json_member_int(&sb, &first, "rotation", img->rotation);
    kith_json_member_bool(&sb, &first, "inverted", img->inverted);
    kith_json_member_bool(&sb, &first, "read_plain", img->read_plain);
    kith_json_member_num(&sb, &first, "skew_deg", img->skew_deg);
    kith_strbuf_addc(&sb, '}');
    return kith_strbuf_detach(&sb);
}

/* Whether the writer has yet to answer (read under b->mu; the writer changes
 * the state from another thread). */
static int slot_asking(const volatile slot *s)
{
    return s->state == SLOT_ASK;
}

/* Asks the writer about the slot's hash and waits for the answer. */
static void ask_writer(batch *b, slot *s)
{
    pthread_mutex_lock(&b->mu);
    s->state = SLOT_ASK;
    pthread_cond_signal(&b->cv_main);
    /* the writer answers by setting SLOT_ANSWERED */
    while (slot_asking(s))
        pthread_cond_wait(&b->cv_work, &b->mu);
    pthread_mutex_unlock(&b->mu);
}

/* Works on one file on a worker thread: the slot gets either a failure or
 * everything the writer needs. */
static void work_card(batch *b, worker *w, slot *s)
{
    const char *path = b->files->items[s->index];
    kith_err e;
    kith_err_clear(&e);

    if (kith_sha256_file(path, s->sha, &e) < 0) {
        slot_fail(s, "read", e.msg);
        return;
    }
    s->have_sha = 1;
    if (b->ask_store) {
        ask_writer(b, s);
        if (s->dup || s->failed || s->failed_before)
            return;
    }

    kith_read_in in = { path, &b->opts->image, w->ocr, NULL, b->models };
    kith_card_read *reads = NULL;
    size_t n = 0;
    int rc = kith_read_cards(&in, &reads, &n, &s->pages, &e);
    s->cards = kith_xcalloc(n ? n : 1, sizeof *s->cards);
    s->n_cards = n;
    for (size_t i = 0; i < n; i++) {
        kith_card_read *cr = &reads[i];
        card_out *c = &s->cards[i];
        s->ms_image += cr->ms_image;
        s->ms_ocr += cr->ms_ocr;
        s->ms_extract += cr->ms_extract;
        c->img = cr->img;
        c->fields = cr->fields;
        c->front_of = -1;
        cr->img = NULL;
        cr->fields = NULL;
        if (rc == 0 && b->ask_store) {
            kith_strbuf text = KITH_STRBUF_INIT, json = KITH_STRBUF_INIT;
            kith_ocr_result_text(cr->ocr, &text);
            kith_ocr_result_json(cr->ocr, &json);
            c->ocr_text = kith_strbuf_detach(&text);
            c->ocr_json = kith_strbuf_detach(&json);
            c->meta_json = image_meta_json(c->img);
            if (kith_image_encode_png(c->img, &c->png, &c->png_len, &e) < 0) {
                rc = -1;
                cr->stage = "image";
            }
        }
    }
    const char *stage = n ? reads[n - 1].stage : "image";
    for (size_t i = 0; i < n; i++)
        kith_card_read_release(&reads[i]);
    free(reads);
    if (rc < 0) {
        slot_fail(s, stage ? stage : "image", e.msg);
        return;
    }
    /* which cards are the backs of others */
    kith_side *sides = kith_xcalloc(n ? n : 1, sizeof *sides);
    int *front_of = kith_xcalloc(n ? n : 1, sizeof *front_of);
    for (size_t i = 0; i < n; i++) {
        sides[i].page = s->cards[i].img->page;
        sides[i].index = s->cards[i].img->index;
        sides[i].fields = s->cards[i].fields;
    }
    kith_pair_backs(sides, n, b->opts->duplex, front_of);
    for (size_t i = 0; i < n; i++)
        s->cards[i].front_of = front_of[i];
    free(sides);
    free(front_of);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    batch *b = w->b;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (!stopping(b) && b->next_take < b->files->n &&
               b->next_take >= b->next_emit + b->ring)
            pthread_cond_wait(&b->cv_work, &b->mu);
        if (stopping(b) || b->next_take >= b->files->n)
            break;
        size_t i = b->next_take++;
        slot *s = &b->slots[i % b->ring];
        s->state = SLOT_WORKING;
        s->index = i;
        pthread_mutex_unlock(&b->mu);

        work_card(b, w, s);

        pthread_mutex_lock(&b->mu);
        s->state = SLOT_DONE;
        pthread_cond_signal(&b->cv_main);
    }
    pthread_mutex_unlock(&b->mu);
    vips_thread_shutdown();
    return NULL;
}

/* The writer's answer to a worker's hash question (called unlocked). */
static void answer(batch *b, kith_store *st, slot *s)
{
    kith_err e;
    if (kith_store_card_by_hash(st, s->sha, &s->dup_contact, &e) < 0) {
        slot_fail(s, "store", e.msg);
        return;
    }
    s->dup = s->dup_contact != 0;
    if (s->dup || !b->remember_failures)
        return;
    int failed = 0;
    char *why = NULL;
    if (kith_store_failed_get(st, s->sha, &failed, &why, &e) < 0) {
        slot_fail(s, "store", e.msg);
        return;
    }
    if (failed) {
        s->failed_before = 1;
        slot_fail(s, "read", why);
    }
    free(why);
}

/* Counts a result and hands it to cb. */
static void hand_out(const kith_scan_result *r, kith_scan_cb cb, void *user,
                     kith_batch_stats *stats)
{
    stats->cards++;
    if (r->failed)
        stats->failed++;
    else if (r->outcome == KITH_INGEST_NEW)
        stats->added++;
    else if (r->outcome == KITH_INGEST_MERGED)
        stats->merged++;
    else
        stats->duplicates++;
    if (!r->failed && r->back_of >= 0)
        stats->backs++;
    if (cb)
        cb(r, user);
}

/* Stores the cards of a finished slot, each in its own transaction (a crash
 * leaves whole cards; a rerun skips them by key and completes the file), and
 * hands each result to cb. */
static void emit(batch *b, kith_store *st, slot *s, kith_scan_cb cb, void *user,
                 kith_batch_stats *stats)
{
    const kith_batch_opts *o = b->opts;
    kith_scan_result r;
    memset(&r, 0, sizeof r);
    r.source = b->files->items[s->index];
    r.index = s->index;
    r.sha256 = s->have_sha ? s->sha : NULL;
    r.back_of = -1;
    r.pages = s->pages;
    stats->done++;

    if (s->failed || s->dup) {
        if (s->failed && b->remember_failures && !s->failed_before && s->have_sha &&
            strcmp(s->stage, "store") != 0) {
            kith_err e;
            /* if even this fails, the file is simply tried again next time */
            (void)kith_store_failed_add(st, r.source, s->sha, s->error, o->now, &e);
        }
        r.failed = s->failed;
        r.failed_before = s->failed_before;
        r.error = s->error;
        r.stage = s->stage;
        r.outcome = KITH_INGEST_DUPLICATE;
        r.contact_id = s->dup_contact;
        hand_out(&r, cb, user, stats);
        return;
    }
    int64_t *ids = kith_xcalloc(s->n_cards ? s->n_cards : 1, sizeof *ids);
    for (size_t i = 0; i < s->n_cards; i++) {
        const card_out *c = &s->cards[i];
        kith_scan_result cr = r;
        cr.page = c->img->page;
        cr.card_index = c->img->index;
        cr.n_cards = (int)s->n_cards;
        cr.file_card = (int)i;
        cr.back_of = c->front_of;
        if (c->front_of >= 0) {
            cr.front_page = s->cards[c->front_of].img->page;
            cr.front_index = s->cards[c->front_of].img->index;
        }
        /* the stages' time of the file, shared out over its cards */
        cr.ms_image = s->ms_image / s->n_cards;
        cr.ms_ocr = s->ms_ocr / s->n_cards;
        cr.ms_extract = s->ms_extract / s->n_cards;
        char *error = NULL;
        if (!o->dry_run) {
            kith_card_in card;
            memset(&card, 0, sizeof card);
            card.source_path = r.source;
            card.sha256 = s->sha;
            card.image_png = c->png;
            card.image_png_len = c->png_len;
            card.ocr_text = c->ocr_text;
            card.ocr_json = c->ocr_json;
            card.image_meta_json = c->meta_json;
            card.fields = c->fields;
            card.event = o->event;
            card.scanned_at = o->now;
            card.match = kith_match_decide_fn;
            card.match_ctx = b->models;
            card.page = cr.page;
            card.card_index = cr.card_index;
            card.file_cards = (int)s->n_cards;
            card.back_of = c->front_of >= 0 ? ids[c->front_of] : 0;
            kith_err e;
            double t0 = kith_monotonic();
            if (kith_store_add_card(st, &card, &cr.contact_id, &cr.outcome, &e) < 0) {
                error = kith_xstrdup(e.msg);
                cr.failed = 1;
                cr.stage = "store";
                cr.error = error;
            } else {
                ids[i] = kith_store_last_card_id(st);
            }
            cr.ms_store = 1000.0 * (kith_monotonic() - t0);
        } else {
            cr.outcome = KITH_INGEST_NEW;   /* dry run: what it would be, at best */
        }
        if (!cr.failed && cr.outcome != KITH_INGEST_DUPLICATE) {
            cr.fields = c->fields;
            cr.image = c->img;
        }
        hand_out(&cr, cb, user, stats);
        free(error);
    }
    free(ids);
}

static void wait_a_little(batch *b)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += 100 * 1000 * 1000;   /* wake to notice a stop request */
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&b->cv_main, &b->mu, &ts);
}

/* The writer's loop on the calling thread: answers hash questions, stores
 * and hands out finished cards in input order, until every card taken is
 * out and either all are done or a stop was asked for. */
static void writer_loop(batch *b, kith_store *st, kith_scan_cb cb, void *user,
                        kith_batch_stats *stats)
{
    size_t n = b->files->n;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        int busy = 0;
        for (size_t k = 0; k < b->ring; k++) {
            slot *s = &b->slots[k];
            if (s->state != SLOT_ASK)
                continue;
            pthread_mutex_unlock(&b->mu);
            answer(b, st, s);
            pthread_mutex_lock(&b->mu);
            s->state = SLOT_ANSWERED;
            pthread_cond_broadcast(&b->cv_work);
            busy = 1;
        }
        slot *s = &b->slots[b->next_emit % b->ring];
        if (b->next_emit < b->next_take && s->state == SLOT_DONE) {
            pthread_mutex_unlock(&b->mu);
            emit(b, st, s, cb, user, stats);
            slot_clear(s);
            pthread_mutex_lock(&b->mu);
            b->next_emit++;
            pthread_cond_broadcast(&b->cv_work);
            continue;
        }
        if (b->next_emit == n || (stopping(b) && b->next_emit == b->next_take)) {
            b->quit = 1;
            pthread_cond_broadcast(&b->cv_work);
            break;
        }
        if (!busy)
            wait_a_little(b);
    }
    pthread_mutex_unlock(&b->mu);
}

void kith_ocr_pool_init(kith_ocr_pool *pool, int n)
{
    pool->handles = kith_xcalloc((size_t)n, sizeof *pool->handles);
    pool->n = n;
    pool->accent = NULL;
}

void kith_ocr_pool_release(kith_ocr_pool *pool)
{
    for (int i = 0; i < pool->n; i++)
        kith_ocr_free(pool->handles[i]);
    free(pool->handles);
    kith_ocr_accent_free(pool->accent);
    pool->handles = NULL;
    pool->n = 0;
    pool->accent = NULL;
}

int kith_batch_run(kith_store *st, const kith_models *models, const kith_strlist *files,
                   const kith_batch_opts *opts, kith_ocr_pool *pool, int remember_failures,
                   kith_scan_cb cb, void *user, kith_batch_stats *stats, kith_err *err)
{
    kith_ocr **handles = pool->handles;
    int n_handles = pool->n;
    kith_batch_stats local;
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    stats->total = files->n;
    if (!st && !opts->dry_run)
        return kith_error(err, "a batch that stores cards needs a store");
    if (files->n == 0)
        return 0;

    double t0 = kith_monotonic();
    int n_workers = n_handles;
    if ((size_t)n_workers > files->n)
        n_workers = (int)files->n;
    if (n_workers < 1)
        return kith_error(err, "a batch needs at least one worker");

    /* tesseract handles load once, here, so a failure stops the batch
     * before any card is read */
    /* workers end with vips_thread_shutdown(), which needs libvips started
     * even when no card gets as far as the image stage (all duplicates) */
    if (kith_library_init(err) < 0)
        return -1;
    /* OCR settings the caller left unset come from models/settings.conf */
    kith_ocr_opts ocr_opts = opts->ocr;
    if (kith_ocr_opts_from_models(models, &ocr_opts, err) < 0)
        return -1;
    const char *accent_lang = kith_models_str(models, "ocr.accent_lang", NULL);
    if (accent_lang && !pool->accent &&
        kith_ocr_accent_new(ocr_opts.tessdata, accent_lang, &pool->accent, err) < 0)
        return kith_error_prefix(err, "ocr.accent_lang in models/settings.conf");
    for (int i = 0; i < n_workers; i++) {
        if (!handles[i] && kith_ocr_new(&ocr_opts, &handles[i], err) < 0)
            return -1;
        kith_ocr_set_accent(handles[i], pool->accent);
    }

    batch b;
    memset(&b, 0, sizeof b);
    b.files = files;
    b.opts = opts;
    b.models = models;
    b.ask_store = st && !opts->dry_run;
    b.remember_failures = remember_failures && b.ask_store;
    b.ring = 2 * (size_t)n_workers;
    b.slots = kith_xcalloc(b.ring, sizeof *b.slots);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv_main, &ca);
    pthread_cond_init(&b.cv_work, NULL);
    pthread_condattr_destroy(&ca);

    worker *ws = kith_xcalloc((size_t)n_workers, sizeof *ws);
    int started = 0, rc = 0;
    for (int i = 0; i < n_workers; i++) {
        ws[i].b = &b;
        ws[i].ocr = handles[i];
        int e = pthread_create(&ws[i].th, NULL, worker_main, &ws[i]);
        if (e != 0) {
            rc = kith_error(err, "cannot start a worker thread: %s", strerror(e));
            break;
        }
        started++;
    }
    if (started > 0)
        writer_loop(&b, st, cb, user, stats);
    else {
        pthread_mutex_lock(&b.mu);
        b.quit = 1;
        pthread_mutex_unlock(&b.mu);
    }
    for (int i = 0; i < started; i++)
        pthread_join(ws[i].th, NULL);

    for (size_t k = 0; k < b.ring; k++)
        slot_clear(&b.slots[k]);
    free(b.slots);
    free(ws);
    pthread_cond_destroy(&b.cv_main);
    pthread_cond_destroy(&b.cv_work);
    pthread_mutex_destroy(&b.mu);
    stats->seconds = kith_monotonic() - t0;
    /* only when no worker could start is the batch itself a failure */
    return started > 0 ? 0 : rc;
}

int kith_ocr_opts_from_models(const kith_models *models, kith_ocr_opts *o, kith_err *err)
{
    if (!o->lang)
        o->lang = kith_models_str(models, "ocr.lang", "eng");
    if (o->psm <= 0)
        o->psm = kith_models_int(models, "ocr.psm", 11);
    if (!o->faint)
        o->faint = kith_models_int(models, "ocr.faint", 0) != 0;
    const char *t = kith_models_str(models, "ocr.threshold", NULL);
    if (o->threshold == KITH_OCR_THRESHOLD_OTSU && t && kith_ocr_threshold_parse(t, &o->threshold) < 0)
        return kith_error(err, "ocr.threshold in models/settings.conf: '%s' is not otsu, "
                               "adaptive or sauvola", t);
    return 0;
}

int kith_batch_scan(kith_store *st, const kith_models *models, const kith_strlist *files,
                    const kith_batch_opts *opts, kith_scan_cb cb, void *user,
                    kith_batch_stats *stats, kith_err *err)
{
    kith_ocr_pool pool;
    kith_ocr_pool_init(&pool, kith_ingest_jobs(opts));
    int rc = kith_batch_run(st, models, files, opts, &pool, 0, cb, user, stats, err);
    kith_ocr_pool_release(&pool);
    return rc;
}
