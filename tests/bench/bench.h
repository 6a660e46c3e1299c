/*
 * bench.h — what kith-bench's files share: one card of a run, the child
 * process helpers (bench.c), the real-photo run (real.c) and the breakdown of
 * generated sets by family and scene (groups.c).
 */
#ifndef KITH_BENCH_H
#define KITH_BENCH_H

#include <stdio.h>
#include <sys/types.h>

#include "common/json.h"

typedef struct card {
    char *truth_path, *photo, *flat;
    kith_json *truth;
    kith_json *out_photo, *out_flat;   /* the contract line, NULL when failed */
    char *err_photo, *err_flat;        /* the error line's message */
    char *tess_text;                   /* baseline output */
    int found, oriented;               /* image stage; -1 when not run */
    int all_photo;                     /* every field right on the photo */
    int fields_photo;                  /* fields right on the photo; -1 when not run */
} card;

/* Prints "kith-bench: MESSAGE" on stderr and exits 1. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Starts argv with stdout to out_path and stderr to err_path (NULL: /dev/null),
 * stdin from /dev/null and OMP_THREAD_LIMIT=1. */
pid_t spawn(char *const argv[], const char *out_path, const char *err_path);

/* Starts `kith --db DB scan --json --no-prompt --jobs J FILES…` as spawn does;
 * NULL entries of files[0..n) are left out. */
pid_t spawn_scan(const char *kith, const char *db, int jobs, const char *const *files, int n,
                 const char *out_path, const char *err_path);

/* Waits for pid; returns its exit status (or 128+signal), raises *maxrss_kb
 * (may be NULL) to the child's peak RSS. */
int wait_child(pid_t pid, long *maxrss_kb);

/* kith-bench --real DIR TRUTH (real.c): the image stage on every photo of dir
 * (checked against the hand-marked corners in corners_path when it can be
 * read), kith scan and the tesseract bound on the photos truth_path lists;
 * prints the tables on stdout. Returns the exit status. */
int bench_real(const char *kith, const char *dir, const char *truth_path,
               const char *corners_path, int jobs);

/* The breakdown of generated cards by _meta.family and _meta.scene (groups.c):
 * photos, fields right, cards fully right, card found, orientation right per
 * value; prints nothing when no card has the key. */
void bench_groups(const card *cards, int n, const char *key, FILE *f);

#endif
