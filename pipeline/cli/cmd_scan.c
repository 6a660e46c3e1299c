/*
 * cmd_scan.c — `kith scan`: card photos in, contacts out.
 *
 *     kith scan [--event NAME] [--json] [--no-prompt] [--jobs N] [--save-crops DIR]
 *               [--duplex] PATH...
 *
 * A file may hold several cards (a flatbed page of them, a PDF or TIFF of
 * several pages): each card is one result, named by file, page and place on
 * the page. With --duplex the pages alternate front and back; without it a
 * card with no name, email or phone is taken for the back of the one before.
 *
 * stdout carries exactly one line per input, in input order: the contract
 * JSON object with --json, else a readable line. On a terminal, stderr shows a
 * progress line while the batch runs and a summary at the end (failed files
 * and why); into a pipe nothing but the result lines is printed. Then, on a
 * terminal and unless --json or --no-prompt, kith asks for a personal note
 * for each new contact.
 *
 * Exit status: 0 every input was read (or was already scanned), 1 some
 * failed or the batch was stopped, 2 usage error.
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "cli/scan_print.h"
#include "common/files.h"
#include "common/json.h"
#include "common/util.h"
#include "common/models.h"
#include "ingest/ingest.h"

#include <errno.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char cmd_name[] = "scan";

/* ---- printing one result (shared with cmd_watch.c) --------------------- */

/* The contact's status name, or NULL when it cannot be loaded. */
static const char *status_of(kith_cli *cli, kith_store *st, int64_t id)
{
    kith_contact *c;
    kith_err err;
    if (!st || id <= 0 || kith_store_contact_get(st, id, &c, &err) < 0)
        return NULL;
    kith_connection conn = cli_eval(cli, c);
    kith_contact_free(c);
    return kith_status_name(conn.status);
}

void cli_scan_json(kith_cli *cli, kith_store *st, const kith_scan_result *r, kith_strbuf *sb)
{
    int first = 1;
    kith_strbuf_addc(sb, '{');
    kith_json_member_str(sb, &first, "source", r->source, 0);
    if (r->n_cards > 1 || r->pages > 1) {   /* one of several cards in the file */
        kith_json_member_int(sb, &first, "page", r->page + 1);
        kith_json_member_int(sb, &first, "index", r->card_index + 1);
    }
    if (!r->failed && r->back_of >= 0) {
        kith_json_member_bool(sb, &first, "back", 1);
        kith_json_member_int(sb, &first, "back_of_page", r->front_page + 1);
        kith_json_member_int(sb, &first, "back_of_index", r->front_index + 1);
    }
    if (r->failed) {
        kith_json_member_str(sb, &first, "error", r->error, 0);
        kith_strbuf_addc(sb, '}');
        return;
    }
    if (r->contact_id > 0)
        kith_json_member_int(sb, &first, "contact_id", (long long)r->contact_id);
    kith_json_member_bool(sb, &first, "new", r->outcome == KITH_INGEST_NEW);
    if (r->outcome == KITH_INGEST_DUPLICATE)
        kith_json_member_bool(sb, &first, "duplicate", 1);
    const char *status = status_of(cli, st, r->contact_id);
    kith_json_member_str(sb, &first, "status", status ? status : "unconnected", 0);
    if (r->fields)
        kith_fields_json_members(r->fields, sb, &first);
    kith_strbuf_addc(sb, '}');
}

void cli_scan_text(const kith_scan_result *r, kith_strbuf *sb)
{
    if (r->failed) {
        kith_strbuf_addf(sb, "failed       %s: %s%s", cli_safe(r->source),
                         r->failed_before ? "failed before: " : "", cli_safe(r->error));
        return;
    }
    if (r->outcome == KITH_INGEST_DUPLICATE) {
        kith_strbuf_addf(sb, "skipped %5lld  already scanned  %s", (long long)r->contact_id,
                         cli_safe(r->source));
        return;
    }
    if (r->back_of >= 0) {
        kith_strbuf_addf(sb, "back    %5lld  joins page %d card %d  %s page %d card %d",
                         (long long)r->contact_id, r->front_page + 1, r->front_index + 1,
                         cli_safe(r->source), r->page + 1, r->card_index + 1);
        return;
    }
    kith_strbuf_addf(sb, "%-7s %5lld  ", r->outcome == KITH_INGEST_NEW ? "new" : "merged",
                     (long long)r->contact_id);
    const kith_fields *f = r->fields;
    const char *name = f && f->name && *f->name ? f->name : NULL;
    if (!name && f && f->n_emails)
        name = f->emails[0];
    kith_strbuf_adds(sb, name ? cli_safe(name) : "(no name found)");
    if (f && f->company && *f->company && f->company != name)
        kith_strbuf_addf(sb, ", %s", cli_safe(f->company));
    kith_strbuf_addf(sb, "  %s", cli_safe(r->source));
    if (r->n_cards > 1 || r->pages > 1)
        kith_strbuf_addf(sb, " page %d card %d", r->page + 1, r->card_index + 1);
}

static volatile sig_atomic_t *stop_flag;

static void on_stop_signal(int sig)
{
    (void)sig;
    if (stop_flag)
        *stop_flag = 1;
}

void cli_catch_stop_signals(volatile sig_atomic_t *flag)
{
    stop_flag = flag;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESETHAND | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ---- the command ---------------------------------------------------------- */

typedef struct scan_ctx {
    kith_cli *cli;
    kith_store *st;
    int json;
    const char *crops_dir;
    kith_strlist crop_names;       /* names used in crops_dir, to keep them apart */
    size_t total;
    double t0;
    int progress;                  /* stderr is a terminal */
    int64_t *new_ids;
    size_t n_new, cap_new;
    kith_strlist failures;         /* "path: why" */
    int write_errno;               /* writing to stdout failed: stop */
    int crops_failed;              /* a crop could not be saved */
    size_t done;                   /* files */
    size_t cards;                  /* results */
    kith_strlist pairs;            /* "file: page P card C is the back of page P card C" */
    volatile sig_atomic_t *stop;
} scan_ctx;

static void clear_progress(scan_ctx *c)
{
    if (c->progress)
        fputs("\r\033[K", stderr);
}

static void show_progress(scan_ctx *c)
{
    if (!c->progress || c->done >= c->total)
        return;
    double dt = kith_monotonic() - c->t0;
    double rate = dt > 0 ? (double)c->done / dt : 0;
    fprintf(stderr, "\rscanning %zu/%zu files, %zu cards", c->done, c->total, c->cards);
    if (rate > 0)
        fprintf(stderr, "  %.1f files/s  %.0f s left", rate,
                (double)(c->total - c->done) / rate);
    if (c->stop && *c->stop)
        fputs("  stopping after the cards in hand", stderr);
    fputs("\033[K", stderr);
    fflush(stderr);
}

/* Writes the normalized image as DIR/<file name without suffix>.png (mode
 * 0600: a card is personal data); a name met before gets -2, -3, … */
static void save_crop(scan_ctx *c, const kith_scan_result *r)
{
    const char *base = strrchr(r->source, '/');
    base = base ? base + 1 : r->source;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *stem = kith_xstrndup(base, len);
    if (r->n_cards > 1 || r->pages > 1) {   /* card C of page P: <name>-pP-cC */
        char *t = kith_xasprintf("%s-p%d-c%d", stem, r->page + 1, r->card_index + 1);
        free(stem);
        stem = t;
    }
    char *name = kith_xasprintf("%s.png", stem);
    for (int k = 2; kith_strlist_contains(&c->crop_names, name); k++) {
        free(name);
        name = kith_xasprintf("%s-%d.png", stem, k);
    }
    free(stem);
    char *path = kith_xasprintf("%s/%s", c->crops_dir, name);
    kith_strlist_push_owned(&c->crop_names, name);
    kith_err err;
    void *png = NULL;
    size_t png_len = 0;
    int rc = kith_image_encode_png(r->image, &png, &png_len, &err);
    if (rc == 0)
        rc = kith_write_private(path, png, png_len, &err);
    g_free(png);
    if (rc < 0) {
        c->crops_failed = 1;
        clear_progress(c);
        fprintf(stderr, "kith scan: cannot save the crop of %s: %s\n", cli_safe(r->source),
                cli_safe(err.msg));
    }
    free(path);
}

static void on_result(const kith_scan_result *r, void *user)
{
    scan_ctx *c = user;
    kith_strbuf sb = KITH_STRBUF_INIT;
    if (c->json)
        cli_scan_json(c->cli, c->st, r, &sb);
    else
        cli_scan_text(r, &sb);
    kith_strbuf_addc(&sb, '\n');
    clear_progress(c);
    /* output lost (a full disk, a closed stdout) is a failure: stop after the
     * cards in hand, which are stored; a rerun goes on from there */
    if (!c->write_errno &&
        (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0)) {
        c->write_errno = errno ? errno : EIO;
        *c->stop = 1;
    }
    kith_strbuf_release(&sb);

    if (c->crops_dir && r->image)
        save_crop(c, r);
    if (r->failed)
        kith_strlist_push_owned(&c->failures, kith_xasprintf("%s: %s", r->source, r->error));
    else if (r->outcome == KITH_INGEST_NEW && r->contact_id > 0) {
        if (c->n_new == c->cap_new) {
            c->cap_new = c->cap_new ? 2 * c->cap_new : 32;
            c->new_ids = kith_xrealloc(c->new_ids, c->cap_new * sizeof *c->new_ids);
        }
        c->new_ids[c->n_new++] = r->contact_id;
    }
    if (!r->failed && r->back_of >= 0)
        kith_strlist_push_owned(&c->pairs,
                                kith_xasprintf("%s: page %d card %d is the back of page %d "
                                               "card %d",
                                               cli_safe(r->source), r->page + 1,
                                               r->card_index + 1,
                                               r->front_page + 1, r->front_index + 1));
    c->cards++;
    if (r->n_cards == 0 || r->file_card == r->n_cards - 1)
        c->done++;
    show_progress(c);
}

static void print_summary(const scan_ctx *c, const kith_batch_stats *s, int stopped)
{
    fprintf(stderr, "%zu card%s in %.1f s (%.1f/s): %zu new, %zu merged, %zu already scanned, "
            "%zu failed",
            s->cards, s->cards == 1 ? "" : "s", s->seconds,
            s->seconds > 0 ? (double)s->cards / s->seconds : 0.0, s->added, s->merged,
            s->duplicates, s->failed);
    if (s->backs)
        fprintf(stderr, ", %zu back%s joined %s front", s->backs, s->backs == 1 ? "" : "s",
                s->backs == 1 ? "its" : "their");
    if (s->cards != s->done)
        fprintf(stderr, " (from %zu file%s)", s->done, s->done == 1 ? "" : "s");
    fputc('\n', stderr);
    for (size_t i = 0; i < c->pairs.n; i++)
        fprintf(stderr, "  paired: %s\n", c->pairs.items[i]);
    for (size_t i = 0; i < c->failures.n; i++)
        fprintf(stderr, "  failed: %s\n", cli_safe(c->failures.items[i]));
    if (stopped)
        fprintf(stderr, "stopped: %zu of %zu inputs not scanned (run the same command again "
                "to go on)\n", s->total - s->done, s->total);
}

int cmd_scan(kith_cli *cli, int argc, char **argv)
{
    kith_batch_opts opts;
    kith_batch_opts_default(&opts);
    int json = 0, no_prompt = 0, only_paths = 0;
    const char *crops = NULL;
    kith_strlist paths = KITH_STRLIST_INIT;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        int m;
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            kith_strlist_push(&paths, a);
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = 1;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--no-prompt") == 0) {
            no_prompt = 1;
        } else if (strcmp(a, "--duplex") == 0) {
            opts.duplex = 1;
        } else if ((m = cli_opt_value(cmd_name, argc, argv, &i, "--event", &v)) != 0) {
            if (m < 0)
                goto usage;
            if (!*v) {
                cli_usage_error(cmd_name, "--event needs a name");
                goto usage;
            }
            opts.event = v;
        } else if ((m = cli_opt_value(cmd_name, argc, argv, &i, "--jobs", &v)) != 0) {
            long jobs;
            if (m < 0 || cli_parse_count(cmd_name, "--jobs", v, 64, &jobs) < 0)
                goto usage;
            opts.jobs = (int)jobs;
        } else if ((m = cli_opt_value(cmd_name, argc, argv, &i, "--save-crops", &v)) != 0) {
            if (m < 0)
                goto usage;
            crops = v;
        } else {
            cli_usage_error(cmd_name, "unknown option '%s'", a);
            goto usage;
        }
    }
    if (paths.n == 0) {
        cli_usage_error(cmd_name, "no PATH to scan");
        goto usage;
    }

    kith_err err;
    kith_strlist files = KITH_STRLIST_INIT;
    if (kith_collect_inputs((const char *const *)paths.items, paths.n, &files, &err) < 0) {
        kith_strlist_clear(&paths);
        return cli_fail("%s", err.msg);
    }
    kith_strlist_clear(&paths);
    if (files.n == 0) {
        kith_strlist_clear(&files);
        return cli_fail("no card images found (looked for .jpg, .jpeg, .png, .tif, .tiff, "
                        ".webp, .heic, .heif, .pdf)");
    }
    if (crops && kith_mkdir_p(crops, &err) < 0) {
        kith_strlist_clear(&files);
        return cli_fail("%s", err.msg);
    }

    kith_models *models = NULL;
    if (kith_models_load(NULL, &models, &err) < 0) {
        kith_strlist_clear(&files);
        return cli_fail("%s", err.msg);
    }
    kith_store *st = NULL;
    if (cli_open_store(cli, &st) != 0) {
        kith_models_free(models);
        kith_strlist_clear(&files);
        return KITH_EXIT_FAIL;
    }

    static volatile sig_atomic_t stop;
    stop = 0;
    cli_catch_stop_signals(&stop);
    opts.stop = &stop;
    opts.now = cli->now;

    scan_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.cli = cli;
    ctx.st = st;
    ctx.json = json;
    ctx.crops_dir = crops;
    ctx.total = files.n;
    ctx.t0 = kith_monotonic();
    ctx.progress = cli->stderr_tty;
    ctx.stop = &stop;
    show_progress(&ctx);

    kith_batch_stats stats;
    int rc = KITH_EXIT_OK;
    if (kith_batch_scan(st, models, &files, &opts, on_result, &ctx, &stats, &err) < 0) {
        clear_progress(&ctx);
        rc = cli_fail("%s", err.msg);
    } else {
        int stopped = stats.done < stats.total;
        clear_progress(&ctx);
        if (cli->stderr_tty)
            print_summary(&ctx, &stats, stopped);
        else if (stopped)
            fprintf(stderr, "kith scan: stopped; %zu of %zu inputs not scanned\n",
                    stats.total - stats.done, stats.total);
        if (stats.failed > 0 || stopped || ctx.crops_failed)
            rc = KITH_EXIT_FAIL;
        if (ctx.write_errno)
            rc = cli_fail("cannot write output: %s", strerror(ctx.write_errno));
        if (!stopped && !ctx.write_errno && !json && !no_prompt && ctx.n_new > 0 && cli->stdin_tty &&
            cli->stdout_tty)
            cli_prompt_notes(cli, st, ctx.new_ids, ctx.n_new);
    }

    free(ctx.new_ids);
    kith_strlist_clear(&ctx.failures);
    kith_strlist_clear(&ctx.crop_names);
    kith_strlist_clear(&ctx.pairs);
    kith_store_close(st);
    kith_models_free(models);
    kith_strlist_clear(&files);
    return rc;

usage:
    kith_strlist_clear(&paths);
    return KITH_EXIT_USAGE;
}
