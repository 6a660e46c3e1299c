/*
 * bench.c — kith-bench: how well and how fast kith reads generated card
 * photos, next to what a user would otherwise do (tesseract on each photo).
 *
 *   kith-bench [--count N] [--seed S] [--jobs J] [--dir DIR] [--width W --height H]
 *              [--kith PATH] [--gen PATH] [--no-image] [--no-flat] [--no-baseline]
 *              [--image-only] [--keep]
 *   kith-bench --real DIR TRUTH [--corners FILE] [--jobs J] [--kith PATH]
 *
 * 1. generates N photos with `kith-gen --flat-too` (J generators in parallel)
 *    into a temporary folder, or reuses the cards in --dir;
 * 2. runs the image stage in this process on one core: time per photo, card
 *    found (all four corners within 2 % of the card's diagonal), orientation
 *    right (the card's top edge points the truth's way), and the OCR time of
 *    the normalised card for comparison;
 * 3. runs `kith scan --json --jobs J` on the photos as a child: cards per
 *    second, peak memory (wait4), and scores every field against the truth
 *    with the rules in score.h;
 * 4. the same on the flat card images;
 * 5. runs `tesseract IMG stdout` on each photo, J at a time, scored as an
 *    upper bound (a field counts when its text appears anywhere);
 * 6. prints one table. Per-card misses go to DIR/bench-details.txt.
 *
 * --image-only runs step 2 alone, without the OCR timing (for work on the
 * image stage: a few seconds instead of minutes). With generators that write
 * _meta.family and _meta.scene, the table ends with a row per family and per
 * scene (groups.c).
 *
 * --real DIR TRUTH measures real photos instead (real.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vips/vips.h>

#include "common/json.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "common/models.h"
#include "image/image.h"
#include "ingest/ingest.h"
#include "ocr/ocr.h"
#include "bench.h"
#include "score.h"

typedef struct run_stats {
    const char *label;
    int ran;
    int cards, errors;
    int right[BENCH_N_FIELDS], wrong[BENCH_N_FIELDS];
    int all_right, wrong_filled, numbers_right;
    double wall_s;
    long peak_kb;
    int exit_status;
} run_stats;

typedef struct opts {
    int count, jobs, width, height;
    unsigned long seed;
    const char *dir, *kith, *gen;
    const char *real_dir, *real_truth, *corners;
    int image, flat, baseline, keep, image_only;
} opts;

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("kith-bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void usage(FILE *f)
{
    fputs("usage: kith-bench [--count N] [--seed S] [--jobs J] [--dir DIR] [--width W]\n"
          "                  [--height H] [--kith PATH] [--gen PATH] [--no-image]\n"
          "                  [--no-flat] [--no-baseline] [--image-only] [--keep]\n"
          "       kith-bench --real DIR TRUTH [--corners FILE] [--jobs J] [--kith PATH]\n", f);
}

/* The directory this program lives in (kith and kith-gen are built next to it). */
static char *self_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return kith_xstrdup(".");
    buf[n] = 0;
    return kith_xstrdup(dirname(buf));
}

static const char *tool(const char *given, const char *env, const char *name, char **owned)
{
    if (given)
        return given;
    if (getenv(env) && *getenv(env))
        return getenv(env);
    char *d = self_dir();
    *owned = kith_xasprintf("%s/%s", d, name);
    free(d);
    return *owned;
}

static void parse_args(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->count = 200;
    o->seed = 7;
    o->jobs = 2;
    o->image = o->flat = o->baseline = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--no-image") == 0) {
            o->image = 0;
        } else if (strcmp(a, "--no-flat") == 0) {
            o->flat = 0;
        } else if (strcmp(a, "--no-baseline") == 0) {
            o->baseline = 0;
        } else if (strcmp(a, "--keep") == 0) {
            o->keep = 1;
        } else if (strcmp(a, "--image-only") == 0) {
            o->image_only = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (v && strcmp(a, "--count") == 0) {
            o->count = atoi(v), i++;
        } else if (v && strcmp(a, "--seed") == 0) {
            o->seed = strtoul(v, NULL, 10), i++;
        } else if (v && strcmp(a, "--jobs") == 0) {
            o->jobs = atoi(v), i++;
        } else if (v && strcmp(a, "--width") == 0) {
            o->width = atoi(v), i++;
        } else if (v && strcmp(a, "--height") == 0) {
            o->height = atoi(v), i++;
        } else if (v && strcmp(a, "--dir") == 0) {
            o->dir = v, i++;
        } else if (v && strcmp(a, "--kith") == 0) {
            o->kith = v, i++;
        } else if (v && strcmp(a, "--gen") == 0) {
            o->gen = v, i++;
        } else if (v && strcmp(a, "--corners") == 0) {
            o->corners = v, i++;
        } else if (v && i + 2 < argc && strcmp(a, "--real") == 0) {
            o->real_dir = v;
            o->real_truth = argv[i + 2];
            i += 2;
        } else {
            usage(stderr);
            exit(2);
        }
    }
    if (o->count < 1 || o->jobs < 1 || o->width < 0 || o->height < 0 ||
        (o->image_only && !o->image)) {
        usage(stderr);
        exit(2);
    }
    if (o->image_only)
        o->flat = o->baseline = 0;
}

/* --- child processes ------------------------------------------------------ */

/* Starts argv with stdout to out_path and stderr to err_path (NULL: /dev/null). */
pid_t spawn_scan(const char *kith, const char *db, int jobs, const char *const *files, int n,
                 const char *out_path, const char *err_path)
{
    char js[16];
    snprintf(js, sizeof js, "%d", jobs);
    char **argv = kith_xcalloc((size_t)n + 9, sizeof(char *));
    int k = 0;
    argv[k++] = (char *)kith;
    argv[k++] = "--db";
    argv[k++] = (char *)db;
    argv[k++] = "scan";
    argv[k++] = "--json";
    argv[k++] = "--no-prompt";
    argv[k++] = "--jobs";
    argv[k++] = js;
    for (int i = 0; i < n; i++)
        if (files[i])
            argv[k++] = (char *)files[i];
    argv[k] = NULL;
    pid_t pid = spawn(argv, out_path, err_path);
    free(argv);
    return pid;
}

pid_t spawn(char *const argv[], const char *out_path, const char *err_path)
{
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        int out = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int er = open(err_path ? err_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (out < 0 || er < 0 || in < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(er, 2);
        setenv("OMP_THREAD_LIMIT", "1", 1);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

/* Waits for pid; returns its exit status (or 128+signal) and its peak RSS. */
int wait_child(pid_t pid, long *maxrss_kb)
{
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            die("wait4: %s", strerror(errno));
    if (maxrss_kb && ru.ru_maxrss > *maxrss_kb)
        *maxrss_kb = ru.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* --- cards ------------------------------------------------------------------ */

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static card *load_cards(const char *dir, int limit, int *n_out)
{
    DIR *d = opendir(dir);
    if (!d)
        die("cannot open %s: %s", dir, strerror(errno));
    kith_strlist names = KITH_STRLIST_INIT;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, "card_", 5) == 0 && has_suffix(e->d_name, ".json"))
            kith_strlist_push(&names, e->d_name);
    closedir(d);
    qsort(names.items, names.n, sizeof(char *), cmp_str);
    int n = (int)names.n < limit ? (int)names.n : limit;
    card *cards = kith_xcalloc((size_t)(n ? n : 1), sizeof *cards);
    for (int i = 0; i < n; i++) {
        card *c = &cards[i];
        c->found = c->oriented = c->fields_photo = -1;
        c->truth_path = kith_xasprintf("%s/%s", dir, names.items[i]);
        char *text;
        size_t len;
        kith_err err;
        if (kith_read_file(c->truth_path, &text, &len, &err) < 0 ||
            kith_json_parse(text, &c->truth, &err) < 0)
            die("%s: %s", c->truth_path, err.msg);
        free(text);
        char *stem = kith_xstrndup(c->truth_path, strlen(c->truth_path) - 5);
        c->photo = kith_xasprintf("%s.jpg", stem);
        if (access(c->photo, R_OK) != 0) {
            free(c->photo);
            c->photo = kith_xasprintf("%s.png", stem);
        }
        const kith_json *m = kith_json_get(c->truth, "_meta");
        const char *flat = m ? kith_json_get_str(m, "flat") : NULL;
        if (flat)
            c->flat = kith_xasprintf("%s/%s", dir, flat);
        free(stem);
    }
    kith_strlist_clear(&names);
    *n_out = n;
    return cards;
}

static void generate(const opts *o, const char *gen, const char *dir)
{
    double t0 = kith_monotonic();
    int per = (o->count + o->jobs - 1) / o->jobs;
    pid_t pids[64];
    int np = 0;
    for (int first = 1; first <= o->count && np < 64; first += per) {
        int cnt = first + per - 1 <= o->count ? per : o->count - first + 1;
        char seed[32], f[16], c[16], w[16], h[16];
        snprintf(seed, sizeof seed, "%lu", o->seed);
        snprintf(f, sizeof f, "%d", first);
        snprintf(c, sizeof c, "%d", cnt);
        snprintf(w, sizeof w, "%d", o->width);
        snprintf(h, sizeof h, "%d", o->height);
        char *argv[20];
        int k = 0;
        argv[k++] = (char *)gen;
        argv[k++] = "--seed";
        argv[k++] = seed;
        argv[k++] = "--first";
        argv[k++] = f;
        argv[k++] = "--count";
        argv[k++] = c;
        argv[k++] = "--out";
        argv[k++] = (char *)dir;
        argv[k++] = "--flat-too";
        if (o->width) {
            argv[k++] = "--width";
            argv[k++] = w;
        }
        if (o->height) {
            argv[k++] = "--height";
            argv[k++] = h;
        }
        argv[k] = NULL;
        pids[np++] = spawn(argv, NULL, NULL);
    }
    for (int i = 0; i < np; i++)
        if (wait_child(pids[i], NULL) != 0)
            die("%s failed (is it built? cmake --build BUILD --target kith_gen)", gen);
    fprintf(stderr, "kith-bench: generated %d cards in %.1f s into %s\n", o->count,
            kith_monotonic() - t0, dir);
}

/* --- image stage ------------------------------------------------------------- */

enum { OCR_SAMPLE = 40 };   /* OCR is timed on this many cards only */

typedef struct image_stats {
    int ran, n, errors, found, oriented;
    double *ms, *ocr_ms;
    int n_ocr;
} image_stats;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double percentile(double *v, int n, double p)
{
    if (n == 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int i = (int)ceil(p * n) - 1;
    return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* Truth corners of a card; 0 when absent. */
static int truth_corners(const kith_json *truth, double q[4][2])
{
    const kith_json *m = kith_json_get(truth, "_meta");
    const kith_json *c = m ? kith_json_get(m, "corners") : NULL;
    if (!c || c->type != KITH_JSON_ARRAY || c->n != 4)
        return 0;
    for (int i = 0; i < 4; i++) {
        if (c->items[i]->type != KITH_JSON_ARRAY || c->items[i]->n != 2)
            return 0;
        q[i][0] = c->items[i]->items[0]->number;
        q[i][1] = c->items[i]->items[1]->number;
    }
    return 1;
}

/* The image stage on every card; the OCR of the first few cards is timed
 * when time_ocr is set. */
static void image_stage(card *cards, int n, int time_ocr, FILE *details, image_stats *st)
{
    memset(st, 0, sizeof *st);
    st->ran = 1;
    st->ms = kith_xcalloc((size_t)n, sizeof(double));
    st->ocr_ms = kith_xcalloc((size_t)n, sizeof(double));
    vips_concurrency_set(1);
    kith_ocr *ocr = NULL;
    kith_err err;
    /* the model kith reads with (models/settings.conf) */
    kith_models *models = NULL;
    kith_ocr_opts oo;
    memset(&oo, 0, sizeof oo);
    if (time_ocr && (kith_models_load(NULL, &models, &err) < 0 ||
                     kith_ocr_opts_from_models(models, &oo, &err) < 0 ||
                     kith_ocr_new(&oo, &ocr, &err) < 0)) {
        fprintf(stderr, "kith-bench: no OCR timing: %s\n", err.msg);
        ocr = NULL;
    }
    kith_image_opts io;
    kith_image_opts_default(&io);
    for (int i = 0; i < n; i++) {
        kith_image *img = NULL;
        double t0 = kith_monotonic();
        int rc = kith_image_normalize(cards[i].photo, &io, &img, &err);
        double ms = (kith_monotonic() - t0) * 1000;
        st->n++;
        if (rc < 0) {
            st->errors++;
            fprintf(details, "%s: image stage failed: %s\n", cards[i].photo, err.msg);
            continue;
        }
        st->ms[st->n - 1 - st->errors] = ms;
        double q[4][2];
        if (truth_corners(cards[i].truth, q)) {
            double diag = (hypot(q[2][0] - q[0][0], q[2][1] - q[0][1]) +
                           hypot(q[3][0] - q[1][0], q[3][1] - q[1][1])) / 2;
            /* found: the corners match in some cyclic order (orientation aside) */
            double best = 1e18;
            for (int s = 0; s < 4; s++) {
                double worst = 0;
                for (int k = 0; k < 4; k++)
                    worst = fmax(worst, hypot(img->corners[(k + s) % 4][0] - q[k][0],
                                              img->corners[(k + s) % 4][1] - q[k][1]));
                best = fmin(best, worst);
            }
            int found = img->card_found && best <= 0.02 * diag;
            st->found += found;
            cards[i].found = found;
            /* orientation: the reported top edge (TL->TR) points within 45
             * degrees of the truth's */
            double a1 = atan2(img->corners[1][1] - img->corners[0][1],
                              img->corners[1][0] - img->corners[0][0]);
            double a2 = atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]);
            double d = fabs(remainder(a1 - a2, 2 * M_PI)) * 180 / M_PI;
            int oriented = d < 45;
            st->oriented += oriented;
            cards[i].oriented = oriented;
            if (!found || !oriented) {
                fprintf(details,
                        "%s: image stage: card_found=%d corner error %.1f%% of the diagonal, "
                        "top edge off by %.0f deg (rotation %d, exif %d); corners",
                        cards[i].photo, img->card_found, 100 * best / diag, d, img->rotation,
                        img->exif_orientation);
                for (int k = 0; k < 4; k++)
                    fprintf(details, " (%.0f,%.0f)", img->corners[k][0], img->corners[k][1]);
                fprintf(details, ", truth");
                for (int k = 0; k < 4; k++)
                    fprintf(details, " (%.0f,%.0f)", q[k][0], q[k][1]);
                fputc('\n', details);
            }
        }
        if (ocr && st->n_ocr < OCR_SAMPLE) {
            kith_ocr_result *res = NULL;
            if (kith_ocr_read(ocr, img, &res, &err) == 0) {
                st->ocr_ms[st->n_ocr++] = res->ms;
                kith_ocr_result_free(res);
            }
        }
        kith_image_free(img);
    }
    kith_ocr_free(ocr);
    kith_models_free(models);
}

/* --- kith scan ----------------------------------------------------------------- */

/* The card whose image is path, or NULL. */
static card *card_for(card *cards, int n, const char *path, int flat)
{
    for (int i = 0; i < n; i++) {
        const char *p = flat ? cards[i].flat : cards[i].photo;
        if (p && strcmp(p, path) == 0)
            return &cards[i];
    }
    return NULL;
}

static void run_kith(const opts *o, const char *kith, const char *work, card *cards, int n,
                     int flat, run_stats *st)
{
    st->ran = 1;
    char *db = kith_xasprintf("%s/bench-%s.db", work, flat ? "flat" : "photo");
    char *out = kith_xasprintf("%s/bench-%s.jsonl", work, flat ? "flat" : "photo");
    char *errp = kith_xasprintf("%s/bench-%s.stderr", work, flat ? "flat" : "photo");
    const char *suffixes[] = { "", "-wal", "-shm" };
    for (int i = 0; i < 3; i++) {
        char *p = kith_xasprintf("%s%s", db, suffixes[i]);
        unlink(p);
        free(p);
    }
    const char **files = kith_xcalloc((size_t)n + 1, sizeof *files);
    for (int i = 0; i < n; i++)
        files[i] = flat ? cards[i].flat : cards[i].photo;
    double t0 = kith_monotonic();
    pid_t pid = spawn_scan(kith, db, o->jobs, files, n, out, errp);
    st->exit_status = wait_child(pid, &st->peak_kb);
    st->wall_s = kith_monotonic() - t0;
    free(files);

    /* read the lines back */
    char *text = NULL;
    size_t len;
    kith_err err;
    if (kith_read_file(out, &text, &len, &err) == 0) {
        char *save = NULL;
        for (char *line = strtok_r(text, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            kith_json *j;
            if (kith_json_parse(line, &j, &err) < 0)
                continue;   /* not a contract line: the card counts as failed */
            const char *src = kith_json_get_str(j, "source");
            card *c = src ? card_for(cards, n, src, flat) : NULL;
            kith_json **slot = c ? (flat ? &c->out_flat : &c->out_photo) : NULL;
            if (!c || *slot) {
                kith_json_free(j);
                continue;
            }
            const char *e = kith_json_get_str(j, "error");
            if (e) {
                char **es = flat ? &c->err_flat : &c->err_photo;
                free(*es);
                *es = kith_xstrdup(e);
                kith_json_free(j);
                continue;
            }
            *slot = j;
        }
        free(text);
    }
    free(db);
    free(out);
    free(errp);
}

static const char *str_or(const kith_json *o, const char *key)
{
    const char *s = o ? kith_json_get_str(o, key) : NULL;
    return s ? s : "";
}

/* A short text form of one field's value for the details file; caller frees. */
static char *field_text(const kith_json *o, bench_field f)
{
    if (!o)
        return kith_xstrdup("(failed)");
    const char *key = bench_field_names[f];
    const kith_json *v = kith_json_get(o, key);
    if (!v)
        return kith_xstrdup("");
    if (v->type == KITH_JSON_STRING)
        return kith_xstrdup(v->string);
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (size_t i = 0; v->type == KITH_JSON_ARRAY && i < v->n; i++) {
        const kith_json *it = v->items[i];
        if (i)
            kith_strbuf_adds(&sb, " | ");
        if (it->type == KITH_JSON_STRING)
            kith_strbuf_adds(&sb, it->string);
        else
            kith_strbuf_addf(&sb, "%s %s", str_or(it, "kind"), str_or(it, "number"));
    }
    return kith_strbuf_detach(&sb);
}

static void score_run(card *cards, int n, int flat, FILE *details, run_stats *st)
{
    st->cards = n;
    for (int i = 0; i < n; i++) {
        card *c = &cards[i];
        const char *img = flat ? c->flat : c->photo;
        if (!img)
            continue;
        const kith_json *out = flat ? c->out_flat : c->out_photo;
        const char *e = flat ? c->err_flat : c->err_photo;
        if (!out) {
            st->errors++;
            fprintf(details, "%s: kith: %s\n", img, e ? e : "no result line");
        }
        int all = 1, right = 0;
        for (int f = 0; f < BENCH_N_FIELDS; f++) {
            bench_outcome r = bench_score((bench_field)f, c->truth, out);
            if (r == BENCH_RIGHT) {
                st->right[f]++;
                right++;
                continue;
            }
            all = 0;
            if (r == BENCH_WRONG) {
                st->wrong[f]++;
                st->wrong_filled++;
            }
            if (out) {
                char *want = field_text(c->truth, (bench_field)f);
                char *got = field_text(out, (bench_field)f);
                fprintf(details, "%s: %s %s: want \"%s\" got \"%s\"\n", img,
                        bench_field_names[f], r == BENCH_WRONG ? "WRONG" : "missing", want, got);
                free(want);
                free(got);
            }
        }
        st->all_right += all;
        if (!flat) {
            c->all_photo = all;
            c->fields_photo = right;
        }
        st->numbers_right += bench_score_phone_numbers(c->truth, out) == BENCH_RIGHT;
    }
}

/* --- baseline ------------------------------------------------------------------ */

static void run_baseline(const opts *o, const char *work, card *cards, int n, run_stats *st)
{
    st->ran = 1;
    st->cards = n;
    char *tdir = kith_xasprintf("%s/bench-tesseract", work);
    mkdir(tdir, 0700);
    pid_t *pids = kith_xcalloc((size_t)o->jobs, sizeof(pid_t));
    char **outs = kith_xcalloc((size_t)n, sizeof(char *));
    double t0 = kith_monotonic();
    int next = 0, running = 0;
    while (next < n || running > 0) {
        while (running < o->jobs && next < n) {
            outs[next] = kith_xasprintf("%s/%04d.txt", tdir, next + 1);
            char *argv[] = { "/usr/bin/tesseract", cards[next].photo, "stdout", NULL };
            for (int s = 0; s < o->jobs; s++)
                if (pids[s] == 0) {
                    pids[s] = spawn(argv, outs[next], NULL);
                    break;
                }
            next++;
            running++;
        }
        int status;
        struct rusage ru;
        pid_t done = wait4(-1, &status, 0, &ru);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            die("wait4: %s", strerror(errno));
        }
        for (int s = 0; s < o->jobs; s++)
            if (pids[s] == done) {
                pids[s] = 0;
                running--;
                if (ru.ru_maxrss > st->peak_kb)
                    st->peak_kb = ru.ru_maxrss;
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                    st->errors++;
            }
    }
    st->wall_s = kith_monotonic() - t0;
    for (int i = 0; i < n; i++) {
        size_t len;
        if (kith_read_file(outs[i], &cards[i].tess_text, &len, NULL) < 0)
            cards[i].tess_text = kith_xstrdup("");
        int all = 1;
        for (int f = 0; f < BENCH_N_FIELDS; f++) {
            int found = bench_found_in_text((bench_field)f, cards[i].truth, cards[i].tess_text);
            st->right[f] += found;
            all &= found;
        }
        st->all_right += all;
        free(outs[i]);
    }
    free(outs);
    free(pids);
    free(tdir);
}

/* --- results by look (in the details file) -------------------------------------- */

/* Whether card c has the look named key=value (value "*" = not 1/none/false). */
static int has_look(const card *c, const char *key, const char *value)
{
    const kith_json *m = kith_json_get(c->truth, "_meta");
    const kith_json *v = m ? kith_json_get(m, key) : NULL;
    if (!v)
        return 0;
    if (v->type == KITH_JSON_STRING)
        return strcmp(value, "*") == 0 ? strcmp(v->string, "none") != 0
                                       : strcmp(v->string, value) == 0;
    if (v->type == KITH_JSON_BOOL)
        return v->boolean == (strcmp(value, "true") == 0);
    if (v->type == KITH_JSON_NUMBER)
        return strcmp(value, "*") == 0 ? v->number != 1 : v->number == atof(value);
    return 0;
}

static void looks_summary(const card *cards, int n, FILE *f)
{
    static const char *const looks[][2] = {
        { "background", "grey" }, { "background", "wood" }, { "background", "white" },
        { "background", "dark" }, { "background", "cluttered" }, { "dark", "true" },
        { "dark", "false" }, { "portrait", "true" }, { "exif_orientation", "*" },
        { "qr", "*" },
    };
    fprintf(f, "\nby look: photos, card found, orientation right, all fields right\n");
    for (size_t k = 0; k < sizeof looks / sizeof looks[0]; k++) {
        int cnt = 0, found = 0, oriented = 0, all = 0, measured = 0;
        for (int i = 0; i < n; i++) {
            if (!has_look(&cards[i], looks[k][0], looks[k][1]))
                continue;
            cnt++;
            if (cards[i].found >= 0) {
                measured++;
                found += cards[i].found;
                oriented += cards[i].oriented;
            }
            all += cards[i].all_photo;
        }
        if (cnt == 0)
            continue;
        char label[64];
        snprintf(label, sizeof label, "%s=%s", looks[k][0],
                 strcmp(looks[k][1], "*") == 0 ? "any but none/1" : looks[k][1]);
        fprintf(f, "  %-32s %4d", label, cnt);
        if (measured)
            fprintf(f, "  %5.1f%%  %5.1f%%", 100.0 * found / measured, 100.0 * oriented / measured);
        else
            fprintf(f, "       -       -");
        fprintf(f, "  %5.1f%%\n", 100.0 * all / cnt);
    }
}

/* --- the report ---------------------------------------------------------------- */

static void cell_pct(char *buf, size_t cap, const run_stats *s, int v)
{
    if (!s->ran || s->cards == 0)
        snprintf(buf, cap, "-");
    else
        snprintf(buf, cap, "%.1f%%", 100.0 * v / s->cards);
}

static void print_row(const char *label, const run_stats *r[3], const int v[3])
{
    char c[3][32];
    for (int i = 0; i < 3; i++)
        cell_pct(c[i], sizeof c[i], r[i], v[i]);
    printf("  %-26s %12s %12s %16s\n", label, c[0], c[1], c[2]);
}

static void report(const opts *o, int n, unsigned long seed, const image_stats *im,
                   const run_stats *photo, const run_stats *flat, const run_stats *base)
{
    const run_stats *r[3] = { photo, flat, base };
    printf("\nkith-bench: %d generated photos (seed %lu%s), %d jobs\n\n", n, seed,
           o->dir ? ", reused" : "", o->jobs);
    if (o->image_only)
        goto image;
    printf("  %-26s %12s %12s %16s\n", "field accuracy", "kith photo", "kith flat",
           "tesseract bound");
    for (int f = 0; f < BENCH_N_FIELDS; f++) {
        int v[3] = { photo->right[f], flat->right[f], base->right[f] };
        print_row(bench_field_names[f], r, v);
    }
    int pn[3] = { photo->numbers_right, flat->numbers_right, 0 };
    const run_stats *rn[3] = { photo, flat, &(run_stats){ 0 } };
    print_row("phones, numbers only", rn, pn);
    int all[3] = { photo->all_right, flat->all_right, base->all_right };
    print_row("all fields right", r, all);
    char c[3][32];
    for (int i = 0; i < 2; i++) {
        if (r[i]->ran && r[i]->cards)
            snprintf(c[i], sizeof c[i], "%d (%.1f%%)", r[i]->wrong_filled,
                     100.0 * r[i]->wrong_filled / (r[i]->cards * BENCH_N_FIELDS));
        else
            snprintf(c[i], sizeof c[i], "-");
    }
    printf("  %-26s %12s %12s %16s\n", "wrong but filled", c[0], c[1], "-");
    for (int i = 0; i < 3; i++)
        snprintf(c[i], sizeof c[i], r[i]->ran ? "%d" : "-", r[i]->errors);
    printf("  %-26s %12s %12s %16s\n", "failed cards", c[0], c[1], c[2]);
    for (int i = 0; i < 3; i++)   /* no rate when nothing was read */
        snprintf(c[i], sizeof c[i],
                 r[i]->ran && r[i]->wall_s > 0 && r[i]->errors < r[i]->cards ? "%.2f" : "-",
                 r[i]->cards / (r[i]->wall_s > 0 ? r[i]->wall_s : 1));
    printf("  %-26s %12s %12s %16s\n", "cards per second", c[0], c[1], c[2]);
    for (int i = 0; i < 3; i++)
        snprintf(c[i], sizeof c[i], r[i]->ran ? "%.1f" : "-", r[i]->wall_s);
    printf("  %-26s %12s %12s %16s\n", "wall time (s)", c[0], c[1], c[2]);
    for (int i = 0; i < 3; i++)
        snprintf(c[i], sizeof c[i], r[i]->ran ? "%.0f" : "-", r[i]->peak_kb / 1024.0);
    printf("  %-26s %12s %12s %16s\n", "peak memory (MB)", c[0], c[1], c[2]);
    if (base->ran)
        printf("  (the baseline's memory is per tesseract process, %d running at once)\n",
               o->jobs);
    if (photo->ran && photo->exit_status != 0)
        printf("  (kith exited with status %d on the photos)\n", photo->exit_status);
    if (base->ran && photo->ran && photo->wall_s > 0)
        printf("  kith takes %.0f%% of the baseline's wall time\n",
               100 * photo->wall_s / base->wall_s);
image:
    if (im->ran) {
        int ok = im->n - im->errors;
        double *ms = kith_xcalloc((size_t)(ok ? ok : 1), sizeof(double));
        memcpy(ms, im->ms, (size_t)ok * sizeof(double));
        double med = percentile(ms, ok, 0.5), p90 = percentile(ms, ok, 0.9);
        free(ms);
        printf("\n  image stage (one core): median %.0f ms, p90 %.0f ms per photo", med, p90);
        if (im->n_ocr) {
            double *om = kith_xcalloc((size_t)im->n_ocr, sizeof(double));
            memcpy(om, im->ocr_ms, (size_t)im->n_ocr * sizeof(double));
            printf("; OCR of the card: median %.0f ms (%d cards)",
                   percentile(om, im->n_ocr, 0.5), im->n_ocr);
            free(om);
        }
        printf("\n  card found %.1f%%, orientation right %.1f%% (of %d photos, %d failed)\n",
               100.0 * im->found / im->n, 100.0 * im->oriented / im->n, im->n, im->errors);
    }
}

int main(int argc, char **argv)
{
    /* The OCR timing below runs tesseract in this process: like kith, start
     * again with OpenMP limited to one thread (libgomp reads the limit only
     * at load; see pipeline/cli/kith.c), or the figure measures OpenMP. */
    if (!getenv("OMP_THREAD_LIMIT")) {
        setenv("OMP_THREAD_LIMIT", "1", 1);
        execv("/proc/self/exe", argv);
    }
    opts o;
    parse_args(argc, argv, &o);
    char *kith_owned = NULL, *gen_owned = NULL;
    const char *kith = tool(o.kith, "KITH", "kith", &kith_owned);
    const char *gen = tool(o.gen, "KITH_GEN", "kith-gen", &gen_owned);
    if (VIPS_INIT(argv[0]))
        die("cannot start libvips");

    if (o.real_dir) {
        int rc = bench_real(kith, o.real_dir, o.real_truth,
                            o.corners ? o.corners : KITH_REAL_CORNERS, o.jobs);
        free(kith_owned);
        free(gen_owned);
        vips_shutdown();
        return rc;
    }

    char work[64] = "";
    const char *dir = o.dir;
    if (!dir) {
        snprintf(work, sizeof work, "/tmp/kith-bench-XXXXXX");
        if (!mkdtemp(work))
            die("mkdtemp: %s", strerror(errno));
        dir = work;
        generate(&o, gen, dir);
    }
    int n;
    card *cards = load_cards(dir, o.count, &n);
    if (n == 0)
        die("no cards (card_*.json) in %s", dir);
    char *details_path = kith_xasprintf("%s/bench-details.txt", dir);
    FILE *details = fopen(details_path, "w");
    if (!details)
        die("cannot write %s: %s", details_path, strerror(errno));

    image_stats im = { 0 };
    run_stats photo = { 0 }, flat = { 0 }, base = { 0 };
    if (o.image) {
        fprintf(stderr, "kith-bench: image stage on %d photos (one core)\n", n);
        image_stage(cards, n, !o.image_only, details, &im);
    }
    if (!o.image_only) {
        fprintf(stderr, "kith-bench: kith scan on %d photos\n", n);
        run_kith(&o, kith, dir, cards, n, 0, &photo);
        score_run(cards, n, 0, details, &photo);
    }
    int n_flat = 0;
    for (int i = 0; i < n; i++)
        n_flat += cards[i].flat != NULL;
    if (o.flat && n_flat) {
        fprintf(stderr, "kith-bench: kith scan on %d flat cards\n", n_flat);
        run_kith(&o, kith, dir, cards, n, 1, &flat);
        score_run(cards, n, 1, details, &flat);
        flat.cards = n_flat;
    }
    if (o.baseline) {
        fprintf(stderr, "kith-bench: tesseract on %d photos, %d at a time\n", n, o.jobs);
        run_baseline(&o, dir, cards, n, &base);
    }
    looks_summary(cards, n, details);
    fclose(details);
    /* the seed the cards were made with (from the truth, for reused folders) */
    const kith_json *meta = kith_json_get(cards[0].truth, "_meta");
    const kith_json *sj = meta ? kith_json_get(meta, "seed") : NULL;
    unsigned long seed = sj && sj->type == KITH_JSON_NUMBER ? (unsigned long)sj->number : o.seed;
    report(&o, n, seed, &im, &photo, &flat, &base);
    bench_groups(cards, n, "family", stdout);
    bench_groups(cards, n, "scene", stdout);
    printf("\n  misses per card: %s\n", details_path);

    for (int i = 0; i < n; i++) {
        card *c = &cards[i];
        free(c->truth_path);
        free(c->photo);
        free(c->flat);
        kith_json_free(c->truth);
        kith_json_free(c->out_photo);
        kith_json_free(c->out_flat);
        free(c->err_photo);
        free(c->err_flat);
        free(c->tess_text);
    }
    free(cards);
    free(im.ms);
    free(im.ocr_ms);
    if (work[0] && !o.keep) {
        printf("  (generated images removed; --keep keeps them)\n");
        char *cmd = kith_xasprintf("rm -f '%s'/card_*", work);
        if (system(cmd) != 0)
            fprintf(stderr, "kith-bench: could not remove %s\n", work);
        free(cmd);
    }
    free(details_path);
    free(kith_owned);
    free(gen_owned);
    vips_shutdown();
    return 0;
}
