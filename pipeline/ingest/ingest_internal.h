/*
 * ingest_internal.h — what batch.c shares with watch.c (not part of the
 * library's interface).
 */
#ifndef KITH_INGEST_INTERNAL_H
#define KITH_INGEST_INTERNAL_H

#include "ingest/ingest.h"

/* The number of worker threads for opts (opts->jobs, else the cores). */
int kith_ingest_jobs(const kith_batch_opts *opts);

/* kith_batch_scan with OCR handles the caller keeps between batches (watch):
 * handles has room for n_handles; NULL entries are created as needed and left
 * in the array for the caller to free with kith_ocr_free. At most n_handles
 * workers run. With remember_failures (watch), files whose hash failed before
 * are not read again (the result has failed_before), and new failures are
 * recorded in the store. */
int kith_batch_run(kith_store *st, const kith_models *models, const kith_strlist *files,
                   const kith_batch_opts *opts, kith_ocr **handles, int n_handles,
                   int remember_failures, kith_scan_cb cb, void *user,
                   kith_batch_stats *stats, kith_err *err);

#endif
