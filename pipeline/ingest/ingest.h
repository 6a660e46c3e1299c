/*
 * ingest.h — drives the stages: batch scanning with a pool of worker threads
 * (image → ocr → extract on each worker, one tesseract handle per worker) and
 * one writer (the calling thread) that stores each card in its own transaction.
 * Watch-folder ingestion builds on the same pieces.
 *
 * Nothing here prints: results go to a callback the caller supplies, called on
 * the calling thread, one per input, as each card is stored (or fails).
 */
#ifndef KITH_INGEST_H
#define KITH_INGEST_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/util.h"
#include "contact/fields.h"
#include "common/models.h"
#include "image/image.h"
#include "ocr/ocr.h"
#include "store/store.h"

typedef struct kith_scan_result {
    const char *source;          /* the input path as given */
    int failed;                  /* 1: error holds why; nothing was stored */
    const char *error;
    kith_ingest_outcome outcome; /* when !failed */
    int64_t contact_id;
    const kith_fields *fields;   /* what this card read (NULL for duplicates) */
    const kith_image *image;     /* normalized image (NULL for duplicates) */
    double ms_image, ms_ocr, ms_extract, ms_store;
    size_t index;                /* position in the input list */
    const char *stage;           /* when failed: "read", "image", "ocr", "extract" or
                                    "store" (a store failure is not the file's fault) */
    int failed_before;           /* watch only: this file (same hash) failed before and
                                    is not read again; error holds the old reason */
    const char *sha256;          /* hex hash of the file, or NULL when unreadable */
    /* Which card of the file this is: a flatbed page holds several, a PDF
     * or TIFF several pages. One result per card; a file that fails or was
     * wholly scanned before gives one result with n_cards 0. */
    int page, card_index;        /* 0-based */
    int n_cards, pages;          /* cards in the whole file, pages read */
    int back_of;                 /* a back: its front's place among the file's cards, else -1 */
    int front_page, front_index; /* a back: its front's page and place on it */
    int file_card;               /* 0-based place among the file's cards */
} kith_scan_result;

typedef void (*kith_scan_cb)(const kith_scan_result *r, void *user);

typedef struct kith_batch_opts {
    int jobs;                    /* worker threads; 0: number of cores */
    const char *event;           /* event name or NULL */
    kith_image_opts image;
    kith_ocr_opts ocr;
    int64_t now;                 /* scan time stamp */
    int dry_run;                 /* 1: do not store (benchmarks) */
    int duplex;                  /* pages alternate front, back (a duplex feeder) */
    volatile sig_atomic_t *stop; /* set to non-zero to stop after cards in hand */
    int settle_ms;               /* watch: a file is read once no event touched it
                                    for this long (files copied in pieces); 0: 1000 */
} kith_batch_opts;

typedef struct kith_batch_stats {
    size_t total, done;          /* files */
    size_t cards;                /* results handed out (cards, and files that failed) */
    size_t added, merged, duplicates, failed, backs;   /* per card */
    double seconds;
} kith_batch_stats;

void kith_batch_opts_default(kith_batch_opts *o);

/* Fills the OCR settings o leaves unset (lang NULL, psm 0, threshold Otsu)
 * from models/settings.conf: ocr.lang, ocr.psm, ocr.threshold. -1 with a
 * message when a setting is not understood. */
int kith_ocr_opts_from_models(const kith_models *models, kith_ocr_opts *o, kith_err *err);

/* Expands files and directories (recursively, sorted, images by suffix,
 * hidden and partial files skipped) into out. A path that does not exist is
 * kept, so the batch reports it as a failed card. */
int kith_collect_inputs(const char *const *paths, size_t n, kith_strlist *out, kith_err *err);

/* Whether a file name looks like a finished image to ingest (suffix; not
 * hidden; not .part/.crdownload/.tmp/~). */
int kith_is_ingestible_name(const char *name);

/* Scans the files. cb gets every result in input order, on the calling
 * thread, right after its card was stored; what r points to lives until cb
 * returns. A file whose hash is already stored is reported as a duplicate
 * without being read. On *opts->stop, the cards already started are finished,
 * stored and reported, and the rest is left (stats->done < stats->total).
 * st may be NULL with opts->dry_run. Fails only when the batch could not run
 * at all (no OCR handle, …); failed cards are results, not errors. */
int kith_batch_scan(kith_store *st, const kith_models *models, const kith_strlist *files,
                    const kith_batch_opts *opts, kith_scan_cb cb, void *user,
                    kith_batch_stats *stats, kith_err *err);

/* Watches dir: scans what is there, then new files (inotify close-write and
 * moved-in) until *opts->stop. Returns 0 on a clean stop.
 *
 * Only dir itself is watched, not its subfolders. A file is read once no
 * event has touched it for opts->settle_ms. What was ingested is remembered by
 * the store (the file's SHA-256), so a restart, a rename or a copy is not
 * ingested again. A file that fails is recorded in the store by its hash
 * (kith_store_failed_add) and not read again until its content changes (a
 * file caught half-copied has another hash once complete); a store failure is
 * not recorded, so the file is tried again on the next start. Each batch is
 * stamped with the clock (opts->now is not used). */
int kith_watch(kith_store *st, const kith_models *models, const char *dir,
               const kith_batch_opts *opts, kith_scan_cb cb, void *user, kith_err *err);

#endif
