/*
 * ingest_internal.h — what batch.c shares with watch.c (not part of the
 * library's interface).
 */
#ifndef KITH_INGEST_INTERNAL_H
#define KITH_INGEST_INTERNAL_H

#include "ingest/ingest.h"

/* The number of worker threads for opts (opts->jobs, else the cores). */
int kith_ingest_jobs(const kith_batch_opts *opts);

/* OCR handles a caller keeps between batches (watch): one per worker, and
 * the accent model they share (see ocr.h). kith_batch_run fills what is
 * missing; kith_ocr_pool_release frees it all. */
typedef struct kith_ocr_pool {
    kith_ocr **handles;        /* n entries, NULL until needed */
    int n;
    kith_ocr_accent *accent;   /* NULL until needed, or when not configured */
} kith_ocr_pool;

void kith_ocr_pool_init(kith_ocr_pool *pool, int n);
void kith_ocr_pool_release(kith_ocr_pool *pool);

/* kith_batch_scan with an OCR pool the caller keeps between batches (watch).
 * At most pool->n
 * workers run. With remember_failures (watch), files whose hash failed before
 * are not read again (the result has failed_before), and new failures are
 * recorded in the store. */
int kith_batch_run(kith_store *st, const kith_models *models, const kith_strlist *files,
                   const kith_batch_opts *opts, kith_ocr_pool *pool, int remember_failures, kith_scan_cb cb, void *user,
                   kith_batch_stats *stats, kith_err *err);

#endif
