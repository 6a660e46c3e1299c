/*
 * watch.c — ingesting card images as they appear in a folder.
 *
 * inotify reports files that were closed after writing (IN_CLOSE_WRITE) and
 * files moved in (IN_MOVED_TO), so a file still being written is not read
 * half-way. Names are collected in a pending table with the time of their
 * last event; a name is read once no event touched it for settle_ms, which
 * covers files copied in several pieces. Ready names go through the same
 * worker pool as `kith scan` (the OCR handles are kept between batches).
 *
 * Only the folder itself is watched, not its subfolders. Hidden and partial
 * names (.part, .crdownload, .tmp, ~) are ignored: a download that finishes
 * with a rename arrives as IN_MOVED_TO under its final name.
 *
 * Nothing is remembered in memory across restarts: the store knows every
 * ingested file by its SHA-256 (and every failed one, kith_store_failed_add),
 * so files already there are hashed again on start but never read twice.
 */
#include "ingest/ingest_internal.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

static int stop_asked(const kith_batch_opts *o)
{
    return o->stop && *o->stop;
}

/* Puts every ingestible file name in dir into pending, stamped `at`. */
static int list_dir(const char *dir, GHashTable *pending, double at, kith_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return kith_error(err, "cannot open directory %s: %s", dir, strerror(errno));
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!kith_is_ingestible_name(de->d_name))
            continue;
        double *t = g_new(double, 1);
        *t = at;
        g_hash_table_insert(pending, g_strdup(de->d_name), t);
    }
    closedir(d);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Moves the names that settled (no event for `settle` seconds) from pending
 * into ready as paths, sorted. Returns the seconds until the next pending name
 * settles (or a large number). */
static double take_settled(const char *dir, GHashTable *pending, double now, double settle,
                           kith_strlist *ready)
{
    double next = 1e9;
    kith_strlist names = KITH_STRLIST_INIT;
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, pending);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        double left = *(double *)value + settle - now;
        if (left <= 0) {
            kith_strlist_push(&names, key);
            g_hash_table_iter_remove(&it);
        } else if (left < next) {
            next = left;
        }
    }
    if (names.n > 1)
        qsort(names.items, names.n, sizeof names.items[0], cmp_str);
    for (size_t i = 0; i < names.n; i++) {
        char *path = kith_xasprintf("%s/%s", dir, names.items[i]);
        struct stat stt;
        /* renamed away or deleted since its event: nothing to read */
        if (stat(path, &stt) == 0 && S_ISREG(stt.st_mode))
            kith_strlist_push_owned(ready, path);
        else
            free(path);
    }
    kith_strlist_clear(&names);
    return next;
}

/* Reads the inotify events waiting on fd into pending. Fails when the
 * watched folder itself went away. */
static int read_events(int fd, const char *dir, GHashTable *pending, double now, kith_err *err)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return 0;
            return kith_error(err, "cannot read inotify events: %s", strerror(errno));
        }
        if (got == 0)
            return 0;
        for (char *p = buf; p < buf + got;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT))
                return kith_error(err, "the watched folder %s was removed or moved", dir);
            if (ev->mask & IN_Q_OVERFLOW) {
                /* events were lost: look at everything again (hashes
                 * keep what was ingested from being read twice) */
                if (list_dir(dir, pending, now, err) < 0)
                    return -1;
                continue;
            }
            if (ev->len == 0 || (ev->mask & IN_ISDIR) || !kith_is_ingestible_name(ev->name))
                continue;
            double *t = g_new(double, 1);
            *t = now;
            g_hash_table_insert(pending, g_strdup(ev->name), t);
        }
    }
}

int kith_watch(kith_store *st, const kith_models *models, const char *dir,
               const kith_batch_opts *opts, kith_scan_cb cb, void *user, kith_err *err)
{
    if (!st || opts->dry_run)
        return kith_error(err, "watching a folder needs a store");
    struct stat stt;
    if (stat(dir, &stt) < 0)
        return kith_error(err, "cannot watch %s: %s", dir, strerror(errno));
    if (!S_ISDIR(stt.st_mode))
        return kith_error(err, "cannot watch %s: not a directory", dir);

    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return kith_error(err, "cannot start inotify: %s", strerror(errno));
    /* watch first, then list: a file arriving in between is seen twice at
     * worst, and its hash keeps it from being stored twice */
    if (inotify_add_watch(fd, dir, WATCH_MASK | IN_ONLYDIR) < 0) {
        int e = errno;
        close(fd);
        return kith_error(err, "cannot watch %s: %s", dir, strerror(e));
    }

    double settle = (opts->settle_ms > 0 ? opts->settle_ms : 1000) / 1000.0;
    GHashTable *pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    int jobs = kith_ingest_jobs(opts);
    kith_ocr_pool pool;
    kith_ocr_pool_init(&pool, jobs);
    kith_batch_opts bo = *opts;
    int rc = 0;

    /* what is already there is ready at once */
    if (list_dir(dir, pending, kith_monotonic() - settle, err) < 0)
        rc = -1;
    while (rc == 0 && !stop_asked(opts)) {
        kith_strlist ready = KITH_STRLIST_INIT;
        double wait = take_settled(dir, pending, kith_monotonic(), settle, &ready);
        if (ready.n > 0) {
            bo.now = kith_now();   /* a watch runs for days: stamp each batch */
            rc = kith_batch_run(st, models, &ready, &bo, &pool, 1, cb, user, NULL, err);
            kith_strlist_clear(&ready);
            if (rc == 0)
                rc = read_events(fd, dir, pending, kith_monotonic(), err);
            continue;
        }
        kith_strlist_clear(&ready);
        int ms = wait > 0.25 ? 250 : (int)(wait * 1000) + 1;
        struct pollfd pfd = {fd, POLLIN, 0};
        int n = poll(&pfd, 1, ms);
        if (n < 0 && errno != EINTR)
            rc = kith_error(err, "cannot wait for inotify events: %s", strerror(errno));
        else if (n > 0)
            rc = read_events(fd, dir, pending, kith_monotonic(), err);
    }

    kith_ocr_pool_release(&pool);
    g_hash_table_destroy(pending);
    close(fd);
    return rc;
}
