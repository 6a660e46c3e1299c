/*
 * test_cards.c — every card of a flatbed page: pages made here with kith-gen
 * ($KITH_GEN) --mode page, whose truth says where each card lies; the image
 * stage must find each one (its corners within 2% of the card's diagonal, in
 * upright order, so turned the right way), the portrait one turned upright
 * and the dark one inverted; side-by-side cards that touch; each page of a
 * PDF; and a photo of one card still gives exactly the card
 * kith_image_normalize gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/json.h"
#include "common/util.h"
#include "image/image.h"

static char dir[64];

static int run_gen(const char *args)
{
    char *cmd = kith_xasprintf("'%s' %s --out '%s'", getenv("KITH_GEN"), args, dir);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    if (!getenv("KITH_GEN"))
        return -1;
    snprintf(dir, sizeof dir, "/tmp/kith-cards-test-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = kith_xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static kith_json *load_truth(const char *name)
{
    char *path = kith_xasprintf("%s/%s", dir, name), *text = NULL;
    size_t len = 0;
    assert_int_equal(kith_read_file(path, &text, &len, NULL), 0);
    kith_json *j = NULL;
    assert_int_equal(kith_json_parse(text, &j, NULL), 0);
    free(text);
    free(path);
    return j;
}

/* The largest corner distance between a found card and a truth card. */
static double corner_error(const kith_image *img, const kith_json *truth)
{
    const kith_json *c = kith_json_get(kith_json_get(truth, "_meta"), "corners");
    double worst = 0;
    for (int k = 0; k < 4; k++) {
        double x = c->items[k]->items[0]->number, y = c->items[k]->items[1]->number;
        worst = fmax(worst, hypot(img->corners[k][0] - x, img->corners[k][1] - y));
    }
    return worst;
}

/* Checks every truth card of page p (0-based) of the truth against cards:
 * one found card each, corners close, dark ones inverted. */
static void check_page(const kith_json *truth, int p, kith_image **cards, int n)
{
    const kith_json *page = kith_json_get(truth, "pages")->items[p];
    const kith_json *want = kith_json_get(page, "cards");
    assert_int_equal(n, (int)want->n);
    int used[32] = { 0 };
    for (size_t t = 0; t < want->n; t++) {
        const kith_json *meta = kith_json_get(want->items[t], "_meta");
        const kith_json *c = kith_json_get(meta, "corners");
        double diag = hypot(c->items[0]->items[0]->number - c->items[2]->items[0]->number,
                            c->items[0]->items[1]->number - c->items[2]->items[1]->number);
        int best = -1;
        double err = 1e9;
        for (int k = 0; k < n; k++) {
            double e = corner_error(cards[k], want->items[t]);
            if (!used[k] && e < err) {
                err = e;
                best = k;
            }
        }
        if (err > 0.02 * diag)
            fail_msg("card %s: nearest found card %d is %.0f px off (limit %.0f)",
                     kith_json_get_str(want->items[t], "name"), best + 1, err, 0.02 * diag);
        used[best] = 1;
        assert_int_equal(cards[best]->inverted, kith_json_get(meta, "dark")->boolean);
        assert_int_equal(cards[best]->index, best);
        assert_int_equal(cards[best]->n_cards, n);
        assert_int_equal(cards[best]->page, p);
    }
}

static void test_page_of_eight(void **state)
{
    (void)state;
    assert_int_equal(run_gen("--mode page --seed 11 --count 1"), 0);
    kith_json *truth = load_truth("page_0001.json");
    char *path = kith_xasprintf("%s/page_0001.jpg", dir);
    kith_image **cards = NULL;
    int n = 0;
    kith_err err;
    assert_int_equal(kith_image_normalize_all(path, 0, NULL, &cards, &n, &err), 0);
    check_page(truth, 0, cards, n);
    /* one is a quarter turn (portrait on the page): it was turned upright */
    int turned = 0;
    for (int k = 0; k < n; k++)
        turned += cards[k]->rotation == 90 || cards[k]->rotation == 270;
    assert_int_equal(turned, 1);
    /* reading order: no card starts above the one before it in its column */
    for (int k = 1; k < n; k++)
        assert_true(cards[k]->corners[0][1] > cards[k - 1]->corners[0][1] - 1200);
    kith_image_list_free(cards, n);
    kith_json_free(truth);
    free(path);
}

static void test_touching_cards(void **state)
{
    (void)state;
    assert_int_equal(run_gen("--mode page --touching --seed 5 --count 1"), 0);
    kith_json *truth = load_truth("page_0001.json");
    char *path = kith_xasprintf("%s/page_0001.jpg", dir);
    kith_image **cards = NULL;
    int n = 0;
    kith_err err;
    assert_int_equal(kith_image_normalize_all(path, 0, NULL, &cards, &n, &err), 0);
    check_page(truth, 0, cards, n);
    kith_image_list_free(cards, n);
    kith_json_free(truth);
    free(path);
}

static void test_pdf_pages(void **state)
{
    (void)state;
    assert_int_equal(run_gen("--mode page --pdf --seed 12 --count 1"), 0);
    kith_json *truth = load_truth("scan_0001.json");
    char *path = kith_xasprintf("%s/scan_0001.pdf", dir);
    kith_err err;
    int pages = 0;
    assert_int_equal(kith_image_pages(path, &pages, &err), 0);
    assert_int_equal(pages, 2);
    for (int p = 0; p < pages; p++) {
        kith_image **cards = NULL;
        int n = 0;
        assert_int_equal(kith_image_normalize_all(path, p, NULL, &cards, &n, &err), 0);
        check_page(truth, p, cards, n);
        kith_image_list_free(cards, n);
    }
    /* a page that is not there is an error, not a crash */
    kith_image **none = NULL;
    int n = 0;
    assert_int_equal(kith_image_normalize_all(path, 5, NULL, &none, &n, &err), -1);
    assert_null(none);
    kith_json_free(truth);
    free(path);
}

static void test_single_photo_unchanged(void **state)
{
    (void)state;
    assert_int_equal(run_gen("--mode photo --seed 3 --count 2 --width 1600 --height 1200"), 0);
    for (int i = 1; i <= 2; i++) {
        char *path = kith_xasprintf("%s/card_%04d.jpg", dir, i);
        kith_image **cards = NULL, *one = NULL;
        int n = 0;
        kith_err err;
        assert_int_equal(kith_image_normalize_all(path, 0, NULL, &cards, &n, &err), 0);
        assert_int_equal(kith_image_normalize(path, NULL, &one, &err), 0);
        assert_int_equal(n, 1);
        assert_int_equal(cards[0]->width, one->width);
        assert_int_equal(cards[0]->height, one->height);
        assert_memory_equal(cards[0]->pixels, one->pixels, (size_t)one->width * one->height);
        kith_image_free(one);
        kith_image_list_free(cards, n);
        free(path);
    }
}

int main(void)
{
    if (!getenv("KITH_GEN")) {
        printf("test_cards: KITH_GEN not set, skipped\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_of_eight),
        cmocka_unit_test(test_touching_cards),
        cmocka_unit_test(test_pdf_pages),
        cmocka_unit_test(test_single_photo_unchanged),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
