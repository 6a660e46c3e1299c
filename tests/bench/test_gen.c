/*
 * test_gen.c — tests of the fixture generator (kith-gen, $KITH_GEN):
 *
 *   - the same seed writes byte-identical files, another seed different ones,
 *     and --first continues a set exactly;
 *   - every truth file parses, has the documented shape, and matches the image
 *     written (displayed size, EXIF tag, corners inside and in order, the
 *     rotation and upright quadrant agreeing with the corners, the flat file);
 *   - the committed samples in fixtures/samples are what their README's
 *     command writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

#include "common/json.h"
#include "common/strbuf.h"
#include "common/util.h"

static char dir_a[64], dir_b[64], dir_c[64], dir_d[64];

static int run_gen(const char *args, const char *out)
{
    const char *gen = getenv("KITH_GEN");
    if (!gen)
        return -1;
    char *cmd = kith_xasprintf("'%s' %s --out '%s'", gen, args, out);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

/* Sorted names of the files in dir (card_* only). */
static void list_dir(const char *dir, kith_strlist *out)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, "card_", 5) == 0)
            kith_strlist_push(out, e->d_name);
    closedir(d);
    for (size_t i = 1; i < out->n; i++)
        for (size_t j = i; j > 0 && strcmp(out->items[j - 1], out->items[j]) > 0; j--) {
            char *t = out->items[j];
            out->items[j] = out->items[j - 1];
            out->items[j - 1] = t;
        }
}

static int same_file(const char *a, const char *b)
{
    char *x, *y;
    size_t lx, ly;
    if (kith_read_file(a, &x, &lx, NULL) < 0)
        return 0;
    if (kith_read_file(b, &y, &ly, NULL) < 0) {
        free(x);
        return 0;
    }
    int same = lx == ly && memcmp(x, y, lx) == 0;
    free(x);
    free(y);
    return same;
}

static const char *const small = "--seed 11 --count 12 --mode mixed --width 800 --height 600 "
                                 "--qr-share 0.3 --flat-too";
/* many more cards, flat only (fast), for the checks of the truth alone */
static const char *const many = "--seed 7 --count 90 --mode flat";   /* card 85 once printed a number twice */

static int setup(void **state)
{
    (void)state;
    if (!getenv("KITH_GEN"))
        return -1;
    snprintf(dir_a, sizeof dir_a, "/tmp/kith-gen-test-XXXXXX");
    snprintf(dir_b, sizeof dir_b, "/tmp/kith-gen-test-XXXXXX");
    snprintf(dir_c, sizeof dir_c, "/tmp/kith-gen-test-XXXXXX");
    snprintf(dir_d, sizeof dir_d, "/tmp/kith-gen-test-XXXXXX");
    if (!mkdtemp(dir_a) || !mkdtemp(dir_b) || !mkdtemp(dir_c) || !mkdtemp(dir_d))
        return -1;
    if (run_gen(small, dir_a) != 0 || run_gen(small, dir_b) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = kith_xasprintf("rm -rf '%s' '%s' '%s' '%s'", dir_a, dir_b, dir_c, dir_d);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static void test_same_seed_same_bytes(void **state)
{
    (void)state;
    kith_strlist a = KITH_STRLIST_INIT, b = KITH_STRLIST_INIT;
    list_dir(dir_a, &a);
    list_dir(dir_b, &b);
    /* 12 cards: image + json, plus a flat png for each */
    assert_int_equal(a.n, 36);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.items[i], b.items[i]);
        char *pa = kith_xasprintf("%s/%s", dir_a, a.items[i]);
        char *pb = kith_xasprintf("%s/%s", dir_b, b.items[i]);
        if (!same_file(pa, pb))
            fail_msg("%s differs between two runs with the same seed", a.items[i]);
        free(pa);
        free(pb);
    }
    kith_strlist_clear(&a);
    kith_strlist_clear(&b);
}

static void test_other_seed_differs(void **state)
{
    (void)state;
    assert_int_equal(run_gen("--seed 12 --count 2 --mode mixed --width 800 --height 600", dir_c),
                     0);
    char *pa = kith_xasprintf("%s/card_0001.json", dir_a);
    char *pc = kith_xasprintf("%s/card_0001.json", dir_c);
    assert_false(same_file(pa, pc));
    free(pa);
    free(pc);
}

static void test_first_continues(void **state)
{
    (void)state;
    char *args = kith_xasprintf("%s --first 5", small);
    /* --count comes from `small` (12); a second --count overrides it */
    char *args2 = kith_xasprintf("%s --count 2", args);
    assert_int_equal(run_gen(args2, dir_d), 0);
    free(args);
    free(args2);
    const char *names[] = { "card_0005.jpg", "card_0005.json", "card_0006.jpg",
                            "card_0006.json", "card_0006.flat.png" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *pa = kith_xasprintf("%s/%s", dir_a, names[i]);
        char *pd = kith_xasprintf("%s/%s", dir_d, names[i]);
        if (!same_file(pa, pd))
            fail_msg("%s differs when generated with --first", names[i]);
        free(pa);
        free(pd);
    }
    char *p = kith_xasprintf("%s/card_0004.json", dir_d);
    assert_int_not_equal(access(p, F_OK), 0);   /* nothing before --first */
    free(p);
}

/* Every string in the tree is non-empty. */
static void assert_no_empty_strings(const kith_json *j)
{
    if (j->type == KITH_JSON_STRING)
        assert_true(j->string[0] != 0);
    if (j->type == KITH_JSON_ARRAY || j->type == KITH_JSON_OBJECT)
        for (size_t i = 0; i < j->n; i++)
            assert_no_empty_strings(j->items[i]);
}

static double num(const kith_json *obj, const char *key)
{
    const kith_json *v = kith_json_get(obj, key);
    assert_non_null(v);
    assert_int_equal(v->type, KITH_JSON_NUMBER);
    return v->number;
}

static int matches(const char *re, const char *s)
{
    regex_t r;
    assert_int_equal(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
    int ok = regexec(&r, s, 0, NULL, 0) == 0;
    regfree(&r);
    return ok;
}

static void digits_of(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        if (*s >= '0' && *s <= '9')
            out[n++] = *s;
    out[n] = 0;
}

static void check_phone(const kith_json *p)
{
    const char *kind = kith_json_get_str(p, "kind");
    const char *number = kith_json_get_str(p, "number");
    const char *e164 = kith_json_get_str(p, "e164");
    assert_non_null(kind);
    assert_non_null(number);
    assert_true(strcmp(kind, "work") == 0 || strcmp(kind, "mobile") == 0 ||
                strcmp(kind, "fax") == 0 || strcmp(kind, "other") == 0);
    if (number[0] == '+')
        assert_non_null(e164);   /* an international number always tells the country */
    if (e164) {
        assert_true(matches("^\\+[1-9][0-9]{7,14}$", e164));
        char dn[32], de[32];
        digits_of(number, dn, sizeof dn);
        digits_of(e164, de, sizeof de);
        /* the subscriber part is the same digits */
        assert_true(strlen(dn) >= 7);
        assert_string_equal(dn + strlen(dn) - 7, de + strlen(de) - 7);
    }
}

/* Checks one truth file against the image(s) next to it. */
static void check_truth(const char *dir, const char *json_name)
{
    char *path = kith_xasprintf("%s/%s", dir, json_name);
    char *text;
    size_t len;
    kith_err err;
    assert_int_equal(kith_read_file(path, &text, &len, &err), 0);
    kith_json *t = NULL;
    if (kith_json_parse(text, &t, &err) < 0)
        fail_msg("%s: %s", path, err.msg);
    free(text);
    assert_int_equal(t->type, KITH_JSON_OBJECT);
    assert_no_empty_strings(t);

    const char *name = kith_json_get_str(t, "name");
    const char *given = kith_json_get_str(t, "given_name");
    const char *family = kith_json_get_str(t, "family_name");
    assert_non_null(name);
    assert_non_null(given);
    assert_non_null(family);
    char *joined = kith_xasprintf("%s %s", given, family);
    assert_string_equal(name, joined);
    free(joined);
    const kith_json *emails = kith_json_get(t, "emails");
    if (emails) {
        assert_int_equal(emails->type, KITH_JSON_ARRAY);
        for (size_t i = 0; i < emails->n; i++)
            assert_true(matches("^[a-z0-9._-]+@[a-z0-9.-]+\\.[a-z]{2,}$", emails->items[i]->string));
    }
    const kith_json *phones = kith_json_get(t, "phones");
    assert_non_null(phones);
    assert_true(phones->n >= 1 && phones->n <= 3);
    for (size_t i = 0; i < phones->n; i++) {
        check_phone(phones->items[i]);
        /* never the same number twice on one card */
        char di[32], dj[32];
        digits_of(kith_json_get_str(phones->items[i], "number"), di, sizeof di);
        for (size_t k = 0; k < i; k++) {
            digits_of(kith_json_get_str(phones->items[k], "number"), dj, sizeof dj);
            if (strcmp(di, dj) == 0)
                fail_msg("%s: the same number twice", json_name);
        }
    }

    const kith_json *m = kith_json_get(t, "_meta");
    assert_non_null(m);
    const char *mode = kith_json_get_str(m, "mode");
    assert_non_null(mode);
    int flat = strcmp(mode, "flat") == 0;
    assert_true(flat || strcmp(mode, "photo") == 0 || strcmp(mode, "scan") == 0);
    const char *scene = kith_json_get_str(m, "scene");
    assert_non_null(scene);
    if (!matches("^(plain|perspective|light|dark|glare|rounded|hand|stack|keyboard|woodgrain|"
                 "webcam|scan|flat)$", scene))
        fail_msg("%s: unknown scene %s", json_name, scene);
    /* a scan is the scene "scan", a flat card "flat", and nothing else is */
    assert_int_equal(strcmp(mode, "scan") == 0, strcmp(scene, "scan") == 0);
    assert_int_equal(flat, strcmp(scene, "flat") == 0);
    const char *qr = kith_json_get_str(m, "qr");
    assert_non_null(qr);
    assert_true(matches("^(none|vcard|mecard|url)$", qr));

    /* the image: same base name, .jpg or .png */
    char base[64];
    snprintf(base, sizeof base, "%.*s", (int)(strlen(json_name) - 5), json_name);
    char *img_path = kith_xasprintf("%s/%s.%s", dir, base, flat ? "png" : "jpg");
    VipsImage *im = vips_image_new_from_file(img_path, "fail", TRUE, NULL);
    if (!im) {
        fail_msg("%s: %s", img_path, vips_error_buffer());
        return;
    }
    double avg;
    assert_int_equal(vips_avg(im, &avg, NULL), 0);   /* decodes every pixel */
    int orient = 1;
    if (vips_image_get_typeof(im, "orientation"))
        assert_int_equal(vips_image_get_int(im, "orientation", &orient), 0);
    assert_int_equal(orient, (int)num(m, "exif_orientation"));
    int W = im->Xsize, H = im->Ysize;
    if (orient >= 5) {
        int tmp = W;
        W = H;
        H = tmp;
    }
    assert_int_equal(W, (int)num(m, "width"));
    assert_int_equal(H, (int)num(m, "height"));
    g_object_unref(im);
    free(img_path);

    /* corners: inside the image, clockwise (y down), edges consistent with rotation */
    const kith_json *c = kith_json_get(m, "corners");
    assert_non_null(c);
    assert_int_equal(c->n, 4);
    double q[4][2];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(c->items[i]->n, 2);
        q[i][0] = c->items[i]->items[0]->number;
        q[i][1] = c->items[i]->items[1]->number;
        assert_true(q[i][0] >= 0 && q[i][0] <= W && q[i][1] >= 0 && q[i][1] <= H);
    }
    for (int i = 0; i < 4; i++) {
        const double *a = q[i], *b = q[(i + 1) % 4], *d = q[(i + 2) % 4];
        double cross = (b[0] - a[0]) * (d[1] - b[1]) - (b[1] - a[1]) * (d[0] - b[0]);
        assert_true(cross > 0);
    }
    double rot = num(m, "rotation");
    double edge = atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]) * 180 / M_PI;
    double diff = fmod(fabs(fmod(edge + 360, 360) - rot), 360);
    assert_true(diff < 0.02 || diff > 359.98);
    int quad = ((int)lround(rot / 90.0) % 4) * 90;
    assert_int_equal((int)num(m, "upright_quadrant"), (360 - quad) % 360);
    if (strcmp(mode, "photo") == 0) {
        double top = hypot(q[1][0] - q[0][0], q[1][1] - q[0][1]);
        double bottom = hypot(q[2][0] - q[3][0], q[2][1] - q[3][1]);
        double share = (top + bottom) / 2 / W;
        /* held up to a camera, a card fills more of the frame */
        double most = strcmp(scene, "hand") == 0 || strcmp(scene, "webcam") == 0 ? 0.97 : 0.8;
        if (share < 0.3 || share > most)
            fail_msg("%s: card width is %.2f of the photo width", json_name, share);
    }
    if (strcmp(scene, "webcam") == 0 && (W != 640 || H != 480))
        fail_msg("%s: a webcam frame is 640x480, not %dx%d", json_name, W, H);
    if (strcmp(scene, "perspective") == 0) {
        /* 30-50 degrees of tilt: one pair of opposite sides clearly unequal */
        double side[4];
        for (int i = 0; i < 4; i++)
            side[i] = hypot(q[(i + 1) % 4][0] - q[i][0], q[(i + 1) % 4][1] - q[i][1]);
        double r0 = fmax(side[0], side[2]) / fmin(side[0], side[2]);
        double r1 = fmax(side[1], side[3]) / fmin(side[1], side[3]);
        if (fmax(r0, r1) < 1.06)
            fail_msg("%s: a perspective card with sides in ratio %.3f and %.3f", json_name, r0,
                     r1);
    }

    /* the flat card, when written */
    const char *flat_name = kith_json_get_str(m, "flat");
    if (flat_name) {
        char *fp = kith_xasprintf("%s/%s", dir, flat_name);
        VipsImage *f = vips_image_new_from_file(fp, "fail", TRUE, NULL);
        if (!f) {
            fail_msg("%s: %s", fp, vips_error_buffer());
            return;
        }
        double aspect = (double)f->Xsize / f->Ysize;
        if (kith_json_get(m, "portrait")->boolean)
            aspect = 1 / aspect;
        assert_true(fabs(aspect - 1.75) < 0.01 || fabs(aspect - 85.0 / 55.0) < 0.01);
        g_object_unref(f);
        free(fp);
    }
    kith_json_free(t);
    free(path);
}

static void check_dir(const char *dir, size_t want_cards)
{
    kith_strlist l = KITH_STRLIST_INIT;
    list_dir(dir, &l);
    size_t cards = 0;
    for (size_t i = 0; i < l.n; i++) {
        size_t n = strlen(l.items[i]);
        if (n > 5 && strcmp(l.items[i] + n - 5, ".json") == 0) {
            check_truth(dir, l.items[i]);
            cards++;
        }
    }
    assert_int_equal(cards, want_cards);
    kith_strlist_clear(&l);
}

static void test_truth_matches_files(void **state)
{
    (void)state;
    check_dir(dir_a, 12);
}

static void test_many_truths(void **state)
{
    (void)state;
    char out[64];
    snprintf(out, sizeof out, "/tmp/kith-gen-many-XXXXXX");
    assert_non_null(mkdtemp(out));
    assert_int_equal(run_gen(many, out), 0);
    check_dir(out, 90);
    char *cmd = kith_xasprintf("rm -rf '%s'", out);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

/* Cards 13-24 of a mixed set are the real scenes, each named in its truth;
 * --scene forces one on every card and an unknown one is refused. */
static void test_scenes(void **state)
{
    (void)state;
    char out[64];
    snprintf(out, sizeof out, "/tmp/kith-gen-scenes-XXXXXX");
    assert_non_null(mkdtemp(out));
    assert_int_equal(run_gen("--seed 11 --first 13 --count 12 --mode mixed --width 800 "
                             "--height 600", out), 0);
    static const char *const want[12] = {
        "perspective", "light", "dark", "glare", "rounded", "hand",
        "stack", "keyboard", "woodgrain", "webcam", "scan", "perspective",
    };
    for (int i = 0; i < 12; i++) {
        char *path = kith_xasprintf("%s/card_%04d.json", out, 13 + i);
        char *text;
        size_t len;
        kith_err err;
        assert_int_equal(kith_read_file(path, &text, &len, &err), 0);
        char *needle = kith_xasprintf("\"scene\": \"%s\"", want[i]);
        if (!strstr(text, needle))
            fail_msg("card %d should be the scene %s", 13 + i, want[i]);
        if (strcmp(want[i], "dark") == 0 && !strstr(text, "\"dark\": true"))
            fail_msg("the dark scene needs a dark card");
        free(needle);
        free(text);
        free(path);
    }
    check_dir(out, 12);
    char *cmd = kith_xasprintf("rm -rf '%s'/*", out);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    assert_int_equal(run_gen("--seed 3 --count 3 --scene perspective --width 800 --height 600",
                             out), 0);
    check_dir(out, 3);
    assert_int_not_equal(run_gen("--seed 3 --count 1 --scene bogus", out), 0);
    cmd = kith_xasprintf("rm -rf '%s'", out);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void test_samples_reproduce(void **state)
{
    (void)state;
    const char *src = getenv("KITH_SOURCE_DIR");
    assert_non_null(src);
    char *samples = kith_xasprintf("%s/fixtures/samples", src);
    char out[64];
    snprintf(out, sizeof out, "/tmp/kith-gen-samples-XXXXXX");
    assert_non_null(mkdtemp(out));
    /* the command in fixtures/samples/README.md */
    assert_int_equal(run_gen("--seed 2026 --count 12 --mode mixed --width 2000 --height 1500 "
                             "--quality 85", out), 0);
    kith_strlist a = KITH_STRLIST_INIT, b = KITH_STRLIST_INIT;
    list_dir(samples, &a);
    list_dir(out, &b);
    assert_int_equal(a.n, 24);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        char *pa = kith_xasprintf("%s/%s", samples, a.items[i]);
        char *pb = kith_xasprintf("%s/%s", out, a.items[i]);
        if (!same_file(pa, pb))
            fail_msg("fixtures/samples/%s is not what the README's command writes", a.items[i]);
        free(pa);
        free(pb);
    }
    check_dir(samples, 12);
    kith_strlist_clear(&a);
    kith_strlist_clear(&b);
    char *cmd = kith_xasprintf("rm -rf '%s'", out);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(samples);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (VIPS_INIT(argv[0]))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_bytes),
        cmocka_unit_test(test_other_seed_differs),
        cmocka_unit_test(test_first_continues),
        cmocka_unit_test(test_truth_matches_files),
        cmocka_unit_test(test_many_truths),
        cmocka_unit_test(test_scenes),
        cmocka_unit_test(test_samples_reproduce),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    vips_shutdown();
    return rc;
}
