/*
 * real.c — kith-bench --real DIR TRUTH: kith on real photos of cards.
 *
 * 1. the image stage on every photo in DIR (in process, one core): card found
 *    and upright, checked against the hand-marked corners (tests/image/
 *    real_corners.txt: all four within 2 % of the diagonal, the top edge
 *    within 45 deg of the marked TL->TR) where a photo has them;
 * 2. `kith scan --json` on the photos TRUTH lists (truth.jsonl, format in the
 *    photos' README), every field scored with score.h's rules after turning
 *    the truth into the generator's form: `website` becomes `urls`, a phone's
 *    `printed` its number (a "(0)" trunk digit dropped, "+…" also as E.164),
 *    `alts` are other right values, and an address is also right when it has
 *    the same words in another order;
 * 3. `tesseract PHOTO stdout` on the same photos, scored as an upper bound;
 * 4. prints a per-field table (kith, tesseract) and a line per photo.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

#include "bench.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "image/image.h"
#include "score.h"

enum { MAX_PHOTOS = 256 };

typedef struct real_photo {
    char *file, *path;
    kith_json *truth;     /* the generator-form truth; NULL when not in TRUTH */
    const kith_json *raw; /* the truth line as written (owned by the caller) */
    int marked;           /* hand-marked corners known */
    double q[4][2];
    int card_found, found, upright, rotation;  /* image stage; found/upright -1: unmarked */
    double corner_err;    /* worst corner error, % of the diagonal */
    double image_ms;
    kith_json *out;       /* kith's line */
    char *error;
    char *tess;           /* tesseract's text */
    int kith_right[BENCH_N_FIELDS], tess_right[BENCH_N_FIELDS];
} real_photo;

/* --- truth ----------------------------------------------------------------- */

static const char *const text_keys[BENCH_N_FIELDS] = { "name", "title", "company", NULL,
                                                       NULL, NULL, "address" };

/* printed without a "(0)" trunk digit; caller frees */
static char *drop_trunk(const char *printed)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (const char *p = printed; *p; p++) {
        if (strncmp(p, "(0)", 3) == 0) {
            p += 2;
            continue;
        }
        kith_strbuf_addc(&sb, *p);
    }
    return kith_strbuf_detach(&sb);
}

/* The truth line t in the generator's form, field `field` (a text key, may be
 * NULL) replaced by value. Caller frees with kith_json_free. */
static kith_json *gen_truth(const kith_json *t, const char *field, const char *value)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    int first = 1;
    kith_strbuf_addc(&sb, '{');
    for (int f = 0; f < BENCH_N_FIELDS; f++) {
        const char *k = text_keys[f];
        if (!k)
            continue;
        const char *v = field && strcmp(field, k) == 0 ? value : kith_json_get_str(t, k);
        kith_json_member_str(&sb, &first, k, v, 1);
    }
    const kith_json *a = kith_json_get(t, "emails");
    kith_json_key(&sb, &first, "emails");
    kith_strbuf_addc(&sb, '[');
    for (size_t i = 0; a && a->type == KITH_JSON_ARRAY && i < a->n; i++) {
        if (i)
            kith_strbuf_addc(&sb, ',');
        kith_json_str(&sb, a->items[i]->type == KITH_JSON_STRING ? a->items[i]->string : "");
    }
    kith_strbuf_adds(&sb, "]");
    kith_json_key(&sb, &first, "urls");
    kith_strbuf_addc(&sb, '[');
    if (kith_json_get_str(t, "website"))
        kith_json_str(&sb, kith_json_get_str(t, "website"));
    kith_strbuf_addc(&sb, ']');
    a = kith_json_get(t, "phones");
    kith_json_key(&sb, &first, "phones");
    kith_strbuf_addc(&sb, '[');
    for (size_t i = 0; a && a->type == KITH_JSON_ARRAY && i < a->n; i++) {
        const char *printed = kith_json_get_str(a->items[i], "printed");
        char *num = drop_trunk(printed ? printed : "");
        int f2 = 1;
        if (i)
            kith_strbuf_addc(&sb, ',');
        kith_strbuf_addc(&sb, '{');
        kith_json_member_str(&sb, &f2, "kind", kith_json_get_str(a->items[i], "kind"), 0);
        kith_json_member_str(&sb, &f2, "number", num, 0);
        if (num[0] == '+') {
            char *d = bench_digits(num);
            char *e = kith_xasprintf("+%s", d);
            kith_json_member_str(&sb, &f2, "e164", e, 0);
            free(e);
            free(d);
        }
        kith_strbuf_addc(&sb, '}');
        free(num);
    }
    kith_strbuf_adds(&sb, "]}");
    char *text = kith_strbuf_detach(&sb);
    kith_json *j = NULL;
    kith_err err;
    if (kith_json_parse(text, &j, &err) < 0)
        die("truth conversion: %s", err.msg);
    free(text);
    return j;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The words of an address (normalised), sorted and joined; caller frees. */
static char *sorted_words(const char *s)
{
    char *n = bench_norm_address(s);
    kith_strlist w = KITH_STRLIST_INIT;
    char *save = NULL;
    for (char *t = strtok_r(n, " ", &save); t; t = strtok_r(NULL, " ", &save))
        kith_strlist_push(&w, t);
    qsort(w.items, w.n, sizeof(char *), cmp_cstr);
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (size_t i = 0; i < w.n; i++) {
        if (i)
            kith_strbuf_addc(&sb, ' ');
        kith_strbuf_adds(&sb, w.items[i]);
    }
    kith_strlist_clear(&w);
    free(n);
    return kith_strbuf_detach(&sb);
}

/* Whether field f of out is right against the truth line raw, its alts
 * included. */
static int real_right(bench_field f, const real_photo *p, const kith_json *out)
{
    if (bench_score(f, p->truth, out) == BENCH_RIGHT)
        return 1;
    const char *k = text_keys[f];
    if (!k || !out)
        return 0;
    if (f == BENCH_ADDRESS && kith_json_get_str(p->raw, k) && kith_json_get_str(out, k)) {
        char *a = sorted_words(kith_json_get_str(p->raw, k));
        char *b = sorted_words(kith_json_get_str(out, k));
        int same = *a && strcmp(a, b) == 0;
        free(a);
        free(b);
        if (same)
            return 1;
    }
    const kith_json *alts = kith_json_get(p->raw, "alts");
    const kith_json *l = alts ? kith_json_get(alts, k) : NULL;
    for (size_t i = 0; l && l->type == KITH_JSON_ARRAY && i < l->n; i++) {
        if (l->items[i]->type != KITH_JSON_STRING)
            continue;
        kith_json *t = gen_truth(p->raw, k, l->items[i]->string);
        int r = bench_score(f, t, out) == BENCH_RIGHT;
        kith_json_free(t);
        if (r)
            return 1;
    }
    return 0;
}

/* The same for the tesseract bound: the truth, or an alt, appears in text. */
static int real_found(bench_field f, const real_photo *p, const char *text)
{
    if (bench_found_in_text(f, p->truth, text))
        return 1;
    const char *k = text_keys[f];
    const kith_json *alts = kith_json_get(p->raw, "alts");
    const kith_json *l = alts && k ? kith_json_get(alts, k) : NULL;
    for (size_t i = 0; l && l->type == KITH_JSON_ARRAY && i < l->n; i++) {
        if (l->items[i]->type != KITH_JSON_STRING)
            continue;
        kith_json *t = gen_truth(p->raw, k, l->items[i]->string);
        int r = bench_found_in_text(f, t, text);
        kith_json_free(t);
        if (r)
            return 1;
    }
    return 0;
}

/* --- hand-marked corners ----------------------------------------------------- */

/* Reads "file x y x y x y x y" lines (TL TR BR BL; '#' comments) into the
 * photos that have them. A missing file marks nothing. */
static void read_corners(const char *path, real_photo *ph, int n)
{
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char name[256];
        double v[8];
        if (line[0] == '#' ||
            sscanf(line, "%255s %lf %lf %lf %lf %lf %lf %lf %lf", name, &v[0], &v[1], &v[2],
                   &v[3], &v[4], &v[5], &v[6], &v[7]) != 9)
            continue;
        for (int i = 0; i < n; i++)
            if (strcmp(ph[i].file, name) == 0) {
                ph[i].marked = 1;
                for (int k = 0; k < 4; k++) {
                    ph[i].q[k][0] = v[2 * k];
                    ph[i].q[k][1] = v[2 * k + 1];
                }
            }
    }
    fclose(f);
}

static void image_stage(real_photo *p)
{
    kith_image_opts io;
    kith_image_opts_default(&io);
    kith_image *img = NULL;
    kith_err err;
    p->found = p->upright = -1;
    double t0 = kith_monotonic();
    if (kith_image_normalize(p->path, &io, &img, &err) < 0) {
        fprintf(stderr, "kith-bench: %s: %s\n", p->file, err.msg);
        p->card_found = -1;
        return;
    }
    p->image_ms = (kith_monotonic() - t0) * 1000;
    p->card_found = img->card_found;
    p->rotation = img->rotation;
    if (p->marked) {
        double (*q)[2] = p->q;
        double diag = (hypot(q[2][0] - q[0][0], q[2][1] - q[0][1]) +
                       hypot(q[3][0] - q[1][0], q[3][1] - q[1][1])) / 2;
        double best = 1e18;
        for (int s = 0; s < 4; s++) {
            double worst = 0;
            for (int k = 0; k < 4; k++)
                worst = fmax(worst, hypot(img->corners[(k + s) % 4][0] - q[k][0],
                                          img->corners[(k + s) % 4][1] - q[k][1]));
            best = fmin(best, worst);
        }
        p->corner_err = 100 * best / diag;
        p->found = img->card_found && best <= 0.02 * diag;
        double a1 = atan2(img->corners[1][1] - img->corners[0][1],
                          img->corners[1][0] - img->corners[0][0]);
        double a2 = atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]);
        p->upright = fabs(remainder(a1 - a2, 2 * M_PI)) * 180 / M_PI < 45;
    }
    kith_image_free(img);
}

/* --- runs -------------------------------------------------------------------- */

static void run_kith(const char *kith, real_photo *ph, int n, int jobs, const char *work)
{
    char *db = kith_xasprintf("%s/real.db", work);
    char *out = kith_xasprintf("%s/real.jsonl", work);
    const char **files = kith_xcalloc((size_t)n + 1, sizeof *files);
    for (int i = 0; i < n; i++)
        files[i] = ph[i].truth ? ph[i].path : NULL;
    int st = wait_child(spawn_scan(kith, db, jobs, files, n, out, NULL), NULL);
    if (st != 0)
        fprintf(stderr, "kith-bench: kith exited with status %d\n", st);
    free(files);
    char *text = NULL;
    size_t len;
    kith_err err;
    if (kith_read_file(out, &text, &len, &err) == 0) {
        char *save = NULL;
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            kith_json *j;
            if (kith_json_parse(line, &j, &err) < 0)
                continue;
            const char *src = kith_json_get_str(j, "source");
            real_photo *p = NULL;
            for (int i = 0; src && i < n; i++)
                if (strcmp(ph[i].path, src) == 0)
                    p = &ph[i];
            if (!p || p->out || p->error) {
                kith_json_free(j);
                continue;
            }
            if (kith_json_get_str(j, "error")) {
                p->error = kith_xstrdup(kith_json_get_str(j, "error"));
                kith_json_free(j);
            } else {
                p->out = j;
            }
        }
        free(text);
    }
    free(db);
    free(out);
}

static void run_tesseract(real_photo *p, const char *work)
{
    char *out = kith_xasprintf("%s/%s.txt", work, p->file);
    char *argv[] = { "/usr/bin/tesseract", p->path, "stdout", NULL };
    wait_child(spawn(argv, out, NULL), NULL);
    size_t len;
    if (kith_read_file(out, &p->tess, &len, NULL) < 0)
        p->tess = kith_xstrdup("");
    free(out);
}

static int has_jpeg_suffix(const char *s)
{
    size_t n = strlen(s);
    const char *sufs[] = { ".jpg", ".jpeg", ".JPG", ".JPEG", ".png", ".heic" };
    for (size_t i = 0; i < sizeof sufs / sizeof sufs[0]; i++) {
        size_t m = strlen(sufs[i]);
        if (n > m && strcmp(s + n - m, sufs[i]) == 0)
            return 1;
    }
    return 0;
}

/* --- the report ----------------------------------------------------------------- */

static void report(real_photo *ph, int n, int n_truth, const char *dir)
{
    printf("\nkith-bench --real: %d photos in %s, %d with truth\n\n", n, dir, n_truth);
    printf("  %-26s %12s %16s\n", "field accuracy", "kith", "tesseract bound");
    int kall = 0, tall = 0, ksum = 0, tsum = 0;
    for (int f = 0; f < BENCH_N_FIELDS; f++) {
        int k = 0, t = 0;
        for (int i = 0; i < n; i++)
            if (ph[i].truth) {
                k += ph[i].kith_right[f];
                t += ph[i].tess_right[f];
            }
        ksum += k;
        tsum += t;
        printf("  %-26s %11.1f%% %15.1f%%\n", bench_field_names[f], 100.0 * k / n_truth,
               100.0 * t / n_truth);
    }
    for (int i = 0; i < n; i++) {
        if (!ph[i].truth)
            continue;
        int ka = 1, ta = 1;
        for (int f = 0; f < BENCH_N_FIELDS; f++) {
            ka &= ph[i].kith_right[f];
            ta &= ph[i].tess_right[f];
        }
        kall += ka;
        tall += ta;
    }
    printf("  %-26s %11.1f%% %15.1f%%\n", "fields right", 100.0 * ksum / (n_truth * BENCH_N_FIELDS),
           100.0 * tsum / (n_truth * BENCH_N_FIELDS));
    printf("  %-26s %12d %16d\n", "cards fully right", kall, tall);

    int marked = 0, found = 0, upright = 0;
    printf("\n  %-10s %5s %6s %7s %5s %6s %6s  %s\n", "photo", "card", "err%", "upright", "rot",
           "kith", "tess", "kith right");
    for (int i = 0; i < n; i++) {
        real_photo *p = &ph[i];
        char err[16] = "-", up[8] = "-", kf[8] = "-", tf[8] = "-";
        if (p->found >= 0) {
            marked++;
            found += p->found;
            upright += p->upright;
            snprintf(err, sizeof err, "%.1f", p->corner_err);
            snprintf(up, sizeof up, "%s", p->upright ? "yes" : "NO");
        }
        kith_strbuf right = KITH_STRBUF_INIT;
        if (p->truth) {
            int k = 0, t = 0;
            for (int f = 0; f < BENCH_N_FIELDS; f++) {
                k += p->kith_right[f];
                t += p->tess_right[f];
                if (p->kith_right[f])
                    kith_strbuf_addf(&right, "%s%s", right.len ? " " : "", bench_field_names[f]);
            }
            snprintf(kf, sizeof kf, "%d/%d", k, BENCH_N_FIELDS);
            snprintf(tf, sizeof tf, "%d/%d", t, BENCH_N_FIELDS);
            if (p->error)
                kith_strbuf_adds(&right, "(kith failed)");
        }
        const char *cf = p->card_found < 0 ? "error"
                           : !p->card_found  ? "none"
                           : p->found == 0   ? "off"
                                             : "yes";
        printf("  %-10s %5s %6s %7s %5d %6s %6s  %s\n", p->file, cf, err, up, p->rotation, kf,
               tf, right.len ? right.buf : "");
        kith_strbuf_release(&right);
    }
    printf("\n  card found (corners within 2%% of the marked ones) %d of %d marked photos, "
           "upright %d of %d\n", found, marked, upright, marked);
}

int bench_real(const char *kith, const char *dir, const char *truth_path,
               const char *corners_path, int jobs)
{
    DIR *d = opendir(dir);
    if (!d)
        die("cannot open %s: %s", dir, strerror(errno));
    kith_strlist names = KITH_STRLIST_INIT;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && has_jpeg_suffix(e->d_name))
            kith_strlist_push(&names, e->d_name);
    closedir(d);
    qsort(names.items, names.n, sizeof(char *), cmp_cstr);
    int n = names.n < MAX_PHOTOS ? (int)names.n : MAX_PHOTOS;
    if (n == 0)
        die("no photos in %s", dir);
    real_photo *ph = kith_xcalloc((size_t)n, sizeof *ph);
    for (int i = 0; i < n; i++) {
        ph[i].file = kith_xstrdup(names.items[i]);
        ph[i].path = kith_xasprintf("%s/%s", dir, names.items[i]);
    }
    kith_strlist_clear(&names);

    /* the truth lines */
    char *text = NULL;
    size_t len;
    kith_err err;
    if (kith_read_file(truth_path, &text, &len, &err) < 0)
        die("%s", err.msg);
    kith_json **raws = kith_xcalloc((size_t)n, sizeof *raws);
    int n_truth = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        kith_json *j;
        if (kith_json_parse(line, &j, &err) < 0)
            die("%s: %s", truth_path, err.msg);
        const char *file = kith_json_get_str(j, "file");
        int used = 0;
        for (int i = 0; file && i < n; i++)
            if (strcmp(ph[i].file, file) == 0 && !ph[i].truth) {
                ph[i].raw = j;
                ph[i].truth = gen_truth(j, NULL, NULL);
                raws[n_truth++] = j;
                used = 1;
            }
        if (!used)
            kith_json_free(j);
    }
    free(text);
    if (n_truth == 0)
        die("no photo of %s is listed in %s", dir, truth_path);
    read_corners(corners_path, ph, n);

    char work[64];
    snprintf(work, sizeof work, "/tmp/kith-bench-real-XXXXXX");
    if (!mkdtemp(work))
        die("mkdtemp: %s", strerror(errno));
    fprintf(stderr, "kith-bench: image stage on %d photos (one core)\n", n);
    vips_concurrency_set(1);
    for (int i = 0; i < n; i++)
        image_stage(&ph[i]);
    fprintf(stderr, "kith-bench: kith scan on %d photos\n", n_truth);
    run_kith(kith, ph, n, jobs, work);
    fprintf(stderr, "kith-bench: tesseract on %d photos\n", n_truth);
    for (int i = 0; i < n; i++) {
        if (!ph[i].truth)
            continue;
        run_tesseract(&ph[i], work);
        for (int f = 0; f < BENCH_N_FIELDS; f++) {
            ph[i].kith_right[f] = real_right((bench_field)f, &ph[i], ph[i].out);
            ph[i].tess_right[f] = real_found((bench_field)f, &ph[i], ph[i].tess);
        }
    }
    report(ph, n, n_truth, dir);
    printf("  (kith's lines and tesseract's text: %s)\n", work);

    for (int i = 0; i < n; i++) {
        free(ph[i].file);
        free(ph[i].path);
        kith_json_free(ph[i].truth);
        kith_json_free(ph[i].out);
        free(ph[i].error);
        free(ph[i].tess);
    }
    for (int i = 0; i < n_truth; i++)
        kith_json_free(raws[i]);
    free(raws);
    free(ph);
    return 0;
}
