/*
 * cmd_watch.c — `kith watch`: ingest card images as they land in a folder.
 *
 *     kith watch [--event NAME] [--jobs N] DIR
 *
 * Prints one log line per card on stdout ("2026-11-26T01:30:00Z new 17 …"),
 * flushed at once so a log file or journald sees it. Stops on SIGINT or
 * SIGTERM after the cards in hand, exit status 0.
 *
 * One watcher per database: an exclusive flock on "<db>.watch.lock" (the file
 * stays; the lock goes with the process, even on kill -9). A second `kith
 * watch` on the same database refuses with a message and exit status 1.
 * `kith scan`, `note`, `log`, `list` keep working alongside (SQLite WAL).
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "cli/scan_print.h"
#include "common/paths.h"
#include "common/util.h"
#include "common/models.h"
#include "ingest/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char cmd_name[] = "watch";

/* A failed write to stdout (a full disk, a closed pipe) stops the watch:
 * the cards stored so far stay stored, and nothing is printed into the void. */
static volatile sig_atomic_t stop;
static int write_errno;

static void on_result(const kith_scan_result *r, void *user)
{
    (void)user;
    kith_strbuf sb = KITH_STRBUF_INIT;
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    kith_strbuf_addf(&sb, "%s ", stamp);
    cli_scan_text(r, &sb);
    kith_strbuf_addc(&sb, '\n');
    if (!write_errno && (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0)) {
        write_errno = errno ? errno : EIO;
        stop = 1;
    }
    kith_strbuf_release(&sb);
}

/* Takes the one-watcher lock of the database; returns the fd to keep open, or
 * -1 after printing why. */
static int take_watch_lock(kith_cli *cli)
{
    kith_err err;
    char *db = NULL;
    if (cli->db_path_opt)
        db = kith_xstrdup(cli->db_path_opt);
    else if (kith_default_db_path(&db, &err) < 0) {
        cli_fail("%s", err.msg);
        return -1;
    }
    char *lock = kith_xasprintf("%s.watch.lock", db);
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        cli_fail("cannot open %s: %s", lock, strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        if (errno == EWOULDBLOCK)
            cli_fail("another 'kith watch' is already running on %s (lock %s)", db, lock);
        else
            cli_fail("cannot lock %s: %s", lock, strerror(errno));
        close(fd);
        fd = -1;
    }
    free(lock);
    free(db);
    return fd;
}

int cmd_watch(kith_cli *cli, int argc, char **argv)
{
    kith_batch_opts opts;
    kith_batch_opts_default(&opts);
    const char *dir = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        int m;
        if (a[0] != '-') {
            if (dir)
                return cli_usage_error(cmd_name, "one DIR only");
            dir = a;
        } else if ((m = cli_opt_value(cmd_name, argc, argv, &i, "--event", &v)) != 0) {
            if (m < 0)
                return KITH_EXIT_USAGE;
            if (!*v)
                return cli_usage_error(cmd_name, "--event needs a name");
            opts.event = v;
        } else if ((m = cli_opt_value(cmd_name, argc, argv, &i, "--jobs", &v)) != 0) {
            long jobs;
            if (m < 0 || cli_parse_count(cmd_name, "--jobs", v, 64, &jobs) < 0)
                return KITH_EXIT_USAGE;
            opts.jobs = (int)jobs;
        } else if ((m = cli_opt_value(cmd_name, argc, argv, &i, "--settle-ms", &v)) != 0) {
            /* undocumented: how long a file must be quiet (tests) */
            long ms;
            if (m < 0 || cli_parse_count(cmd_name, "--settle-ms", v, 600000, &ms) < 0)
                return KITH_EXIT_USAGE;
            opts.settle_ms = (int)ms;
        } else {
            return cli_usage_error(cmd_name, "unknown option '%s'", a);
        }
    }
    if (!dir)
        return cli_usage_error(cmd_name, "no DIR to watch");
    struct stat stt;
    if (stat(dir, &stt) < 0)
        return cli_fail("cannot watch %s: %s", dir, strerror(errno));
    if (!S_ISDIR(stt.st_mode))
        return cli_fail("cannot watch %s: not a directory", dir);

    kith_err err;
    kith_models *models = NULL;
    if (kith_models_load(NULL, &models, &err) < 0)
        return cli_fail("%s", err.msg);
    kith_store *st = NULL;
    if (cli_open_store(cli, &st) != 0) {   /* creates the database's folder */
        kith_models_free(models);
        return KITH_EXIT_FAIL;
    }
    int lock_fd = take_watch_lock(cli);
    if (lock_fd < 0) {
        kith_store_close(st);
        kith_models_free(models);
        return KITH_EXIT_FAIL;
    }

    stop = 0;
    write_errno = 0;
    cli_catch_stop_signals(&stop);
    opts.stop = &stop;

    fprintf(stderr, "kith: watching %s (stop with Ctrl-C or SIGTERM)\n", cli_safe(dir));
    int rc = KITH_EXIT_OK;
    if (kith_watch(st, models, dir, &opts, on_result, NULL, &err) < 0)
        rc = cli_fail("%s", err.msg);
    else if (write_errno)
        rc = cli_fail("cannot write output: %s", strerror(write_errno));
    else
        fprintf(stderr, "kith: stopped watching %s\n", cli_safe(dir));

    kith_store_close(st);
    kith_models_free(models);
    close(lock_fd);
    return rc;
}
