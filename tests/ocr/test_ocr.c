/* test_ocr.c — the OCR stage on text rendered with libvips, and text input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

#include "common/util.h"
#include "ocr/ocr.h"

static kith_ocr *ocr;

/* Renders markup as black text on a white card-sized grey image. */
static kith_image *render(const char *markup, int dpi)
{
    VipsImage *text = NULL, *inv = NULL, *card = NULL;
    assert_int_equal(vips_text(&text, markup, "dpi", dpi, "font", "DejaVu Sans 10", NULL), 0);
    /* vips_text gives white (255) text on black (0): invert, pad with white */
    assert_int_equal(vips_invert(text, &inv, NULL), 0);
    assert_int_equal(vips_embed(inv, &card, 60, 60, inv->Xsize + 120, inv->Ysize + 120,
                                "extend", VIPS_EXTEND_WHITE, NULL), 0);
    size_t len;
    void *mem = vips_image_write_to_memory(card, &len);
    assert_non_null(mem);
    kith_image *img = kith_image_from_grey(mem, card->Xsize, card->Ysize);
    img->dpi = dpi;
    g_free(mem);
    g_object_unref(text);
    g_object_unref(inv);
    g_object_unref(card);
    return img;
}

static int find_line(const kith_ocr_result *r, const char *text)
{
    for (size_t i = 0; i < r->n_lines; i++)
        if (strcmp(r->lines[i].text, text) == 0)
            return (int)i;
    return -1;
}

static void reads_lines_with_boxes(void **state)
{
    (void)state;
    kith_image *img = render("Margaret Holloway\nDirector of Partnerships\nm.holloway@bluefin.example", 300);
    kith_ocr_result *r = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_read(ocr, img, &r, &err), 0);
    assert_int_equal(r->n_lines, 3);
    int a = find_line(r, "Margaret Holloway");
    int b = find_line(r, "Director of Partnerships");
    int c = find_line(r, "m.holloway@bluefin.example");
    assert_true(a >= 0 && b > a && c > b);
    const kith_line *l = &r->lines[a];
    assert_int_equal(l->n_words, 2);
    assert_true(l->conf > 60);
    assert_true(l->words[0].box.x1 > l->words[0].box.x0);
    assert_true(l->words[1].box.x0 > l->words[0].box.x1);   /* left to right */
    assert_true(r->lines[b].box.y0 > l->box.y0);             /* top to bottom */
    assert_true(l->height > 10);

    kith_strbuf sb = KITH_STRBUF_INIT;
    kith_ocr_result_text(r, &sb);
    assert_string_equal(kith_strbuf_str(&sb),
                        "Margaret Holloway\nDirector of Partnerships\nm.holloway@bluefin.example\n");
    kith_strbuf_reset(&sb);
    kith_ocr_result_json(r, &sb);
    assert_non_null(strstr(kith_strbuf_str(&sb), "\"text\": \"Holloway\""));
    kith_strbuf_release(&sb);
    kith_ocr_result_free(r);
    kith_image_free(img);
}

/* A card the image stage was unsure about: upside down, OCR turns it over
 * (pixels, corners, rotation); already upright, it stays. */
static void unsure_card_is_turned_upright_by_ocr(void **state)
{
    (void)state;
    const char *card = "Margaret Holloway\nDirector of Partnerships\nBluefin Analytics Ltd.\n"
                       "m.holloway@bluefin.example\n+44 20 7946 0958";
    kith_image *img = render(card, 300);
    kith_image_turn_over(img);   /* upside down, as a wrong guess would leave it */
    img->rotation = 0;
    img->rotation_conf = 1.0;
    const double tl[2] = { img->corners[0][0], img->corners[0][1] };
    kith_ocr_result *r = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_read_upright(ocr, img, &r, &err), 0);
    assert_int_equal(img->rotation, 180);
    assert_true(img->corners[2][0] == tl[0] && img->corners[2][1] == tl[1]);
    assert_true(find_line(r, "Margaret Holloway") >= 0);
    assert_true(find_line(r, "Director of Partnerships") >= 0);
    kith_ocr_result_free(r);

    /* now upright: read again, it stays */
    img->rotation_conf = 1.0;
    assert_int_equal(kith_ocr_read_upright(ocr, img, &r, &err), 0);
    assert_int_equal(img->rotation, 180);
    assert_true(find_line(r, "Margaret Holloway") >= 0);
    kith_ocr_result_free(r);
    kith_image_free(img);
}

static void blank_image_gives_no_lines(void **state)
{
    (void)state;
    uint8_t *white = malloc(400 * 300);
    memset(white, 255, 400 * 300);
    kith_image *img = kith_image_from_grey(white, 400, 300);
    free(white);
    kith_ocr_result *r = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_read(ocr, img, &r, &err), 0);
    assert_int_equal(r->n_lines, 0);
    kith_ocr_result_free(r);
    kith_image_free(img);
}

static void empty_image_is_an_error(void **state)
{
    (void)state;
    kith_image img;
    memset(&img, 0, sizeof img);
    kith_ocr_result *r = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_read(ocr, &img, &r, &err), -1);
    assert_non_null(strstr(err.msg, "empty image"));
}

static void text_input_splits_lines_and_words(void **state)
{
    (void)state;
    kith_ocr_result *r = kith_ocr_result_from_text("  Jos\xc3\xa9  Garc\xc3\xad" "a \r\n\n\tCEO\nTel +1 415 555 0132");
    assert_int_equal(r->n_lines, 3);
    assert_string_equal(r->lines[0].text, "Jos\xc3\xa9 Garc\xc3\xad" "a");
    assert_int_equal(r->lines[0].n_words, 2);
    assert_string_equal(r->lines[1].text, "CEO");
    assert_int_equal(r->lines[2].n_words, 5);
    assert_int_equal(r->lines[2].box.x1, 0);
    kith_ocr_result_free(r);
    r = kith_ocr_result_from_text("");
    assert_int_equal(r->n_lines, 0);
    kith_ocr_result_free(r);
}

static void bad_language_is_a_clear_error(void **state)
{
    (void)state;
    kith_ocr_opts o = {NULL, "xx_nonexistent", 0, KITH_OCR_THRESHOLD_OTSU, 0};
    kith_ocr *h = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_new(&o, &h, &err), -1);
    assert_null(h);
    assert_non_null(strstr(err.msg, "xx_nonexistent"));
}

static void threshold_names_and_handles(void **state)
{
    (void)state;
    kith_ocr_threshold t = KITH_OCR_THRESHOLD_OTSU;
    assert_int_equal(kith_ocr_threshold_parse("sauvola", &t), 0);
    assert_int_equal(t, KITH_OCR_THRESHOLD_SAUVOLA);
    assert_int_equal(kith_ocr_threshold_parse("adaptive", &t), 0);
    assert_int_equal(t, KITH_OCR_THRESHOLD_ADAPTIVE);
    assert_int_equal(kith_ocr_threshold_parse("Otsu!", &t), -1);
    assert_int_equal(t, KITH_OCR_THRESHOLD_ADAPTIVE);
    assert_int_equal(kith_ocr_threshold_parse(NULL, &t), -1);
    kith_ocr_opts o = {NULL, "eng", 0, KITH_OCR_THRESHOLD_SAUVOLA, 0};
    kith_ocr *h = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_new(&o, &h, &err), 0);
    kith_ocr_free(h);
}

/* The stored reading comes back as it was: words, boxes, confidences. */
static void json_round_trip(void **state)
{
    (void)state;
    kith_ocr_result *r = kith_ocr_result_from_text("Jane Doe\njane@example.com");
    r->lines[0].words[0].conf = 91.5f;
    r->lines[0].words[1].box = (kith_box){10, 20, 60, 44};
    kith_strbuf a = KITH_STRBUF_INIT, b = KITH_STRBUF_INIT;
    kith_ocr_result_json(r, &a);
    kith_ocr_result *back = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_result_from_json(kith_strbuf_str(&a), &back, &err), 0);
    assert_int_equal(back->n_lines, 2);
    assert_string_equal(back->lines[0].text, "Jane Doe");
    assert_int_equal(back->lines[0].n_words, 2);
    assert_true(back->lines[0].words[0].conf > 91.4f && back->lines[0].words[0].conf < 91.6f);
    assert_int_equal(back->lines[0].words[1].box.x1, 60);
    assert_int_equal(back->lines[0].words[1].box.y1, 44);
    assert_int_equal((int)back->lines[0].height, 24);
    /* written again and read again, nothing changes */
    kith_ocr_result_json(back, &b);
    kith_ocr_result *again = NULL;
    assert_int_equal(kith_ocr_result_from_json(kith_strbuf_str(&b), &again, &err), 0);
    kith_strbuf_reset(&a);
    kith_ocr_result_json(again, &a);
    assert_string_equal(kith_strbuf_str(&a), kith_strbuf_str(&b));
    kith_ocr_result_free(again);
    kith_ocr_result_free(back);
    kith_ocr_result_free(r);
    kith_strbuf_release(&a);
    kith_strbuf_release(&b);
    /* not JSON, or JSON without lines: a clear error */
    assert_int_equal(kith_ocr_result_from_json("Jane Doe", &back, &err), -1);
    assert_non_null(strstr(err.msg, "OCR JSON"));
    assert_int_equal(kith_ocr_result_from_json("{\"width\": 3}", &back, &err), -1);
    assert_non_null(strstr(err.msg, "lines"));
    /* numbers no int holds (found by fuzz_ocr_json: undefined behaviour) */
    assert_int_equal(kith_ocr_result_from_json(
                         "{\"width\": 1e300, \"height\": -1e66, \"lines\": [{\"block\": 1e99, "
                         "\"box\": [1e66, 0, 1, 1], \"words\": [{\"text\": \"x\", \"conf\": 1e300, "
                         "\"box\": [0, 0, 4e9, 1]}]}]}",
                         &back, &err),
                     0);
    assert_int_equal(back->width, 0);
    assert_int_equal(back->lines[0].words[0].box.x1, 0);
    assert_true(back->lines[0].words[0].conf < 0);
    kith_ocr_result_free(back);
}

/* Set when the accent model is missing: the ocr_accent test reports itself
 * skipped (exit 77). */
static int accent_skipped;

/* The accent pass (needs tesseract-ocr-script-latn; skipped without it). */
static void accent_pass_recovers_accents_only(void **state)
{
    (void)state;
    kith_ocr_accent *acc = NULL;
    kith_err err;
    if (kith_ocr_accent_new(NULL, "Latin", &acc, &err) < 0) {
        accent_skipped = 1;
        skip();
        return;
    }
    kith_image *img = render("<span size='x-large'>J\xc3\xbcrgen M\xc3\xbcller</span>\n"
                             "<span size='large'>L\xc3\xa9" "a N\xc3\xba\xc3\xb1" "ez GmbH</span>\n"
                             "T +49 30 1234567\nbuero@example.de",
                             300);
    kith_ocr_result *plain = NULL, *refined = NULL;
    assert_int_equal(kith_ocr_read(ocr, img, &plain, &err), 0);
    kith_ocr_set_accent(ocr, acc);
    assert_int_equal(kith_ocr_read(ocr, img, &refined, &err), 0);
    kith_ocr_set_accent(ocr, NULL);
    assert_int_equal(plain->n_lines, refined->n_lines);
    assert_true(find_line(refined, "J\xc3\xbcrgen M\xc3\xbcller") >= 0);
    assert_true(find_line(refined, "L\xc3\xa9" "a N\xc3\xba\xc3\xb1" "ez GmbH") >= 0);
    /* lines that are numbers or addresses are left as eng read them */
    for (size_t i = 0; i < plain->n_lines; i++)
        if (strchr(plain->lines[i].text, '@') || strchr(plain->lines[i].text, '+'))
            assert_string_equal(plain->lines[i].text, refined->lines[i].text);
    kith_ocr_result_free(plain);
    kith_ocr_result_free(refined);
    kith_image_free(img);
    kith_ocr_accent_free(acc);
}

/* Black text above light grey text (ink 190 on paper 255, as the Azure sample
 * card prints its phones and address): one Otsu threshold for the whole card
 * drops the grey lines; the faint-text pass reads them. */
static kith_image *render_black_and_grey(const char *black, const char *grey)
{
    VipsImage *a = NULL, *b = NULL, *ai = NULL, *bi = NULL, *light = NULL, *lc = NULL;
    VipsImage *both = NULL, *card = NULL;
    assert_int_equal(vips_text(&a, black, "dpi", 300, "font", "DejaVu Sans 10", NULL), 0);
    assert_int_equal(vips_text(&b, grey, "dpi", 300, "font", "DejaVu Sans 10", NULL), 0);
    assert_int_equal(vips_invert(a, &ai, NULL), 0);
    assert_int_equal(vips_invert(b, &bi, NULL), 0);
    /* 0..255 -> 190..255 */
    assert_int_equal(vips_linear1(bi, &light, 65.0 / 255.0, 190.0, NULL), 0);
    assert_int_equal(vips_cast(light, &lc, VIPS_FORMAT_UCHAR, NULL), 0);
    VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
    assert_int_equal(vips_join(ai, lc, &both, VIPS_DIRECTION_VERTICAL, "shim", 60,
                               "background", white, "expand", TRUE, NULL), 0);
    vips_area_unref(VIPS_AREA(white));
    assert_int_equal(vips_embed(both, &card, 60, 60, both->Xsize + 120, both->Ysize + 120,
                                "extend", VIPS_EXTEND_WHITE, NULL), 0);
    size_t len;
    void *mem = vips_image_write_to_memory(card, &len);
    assert_non_null(mem);
    kith_image *img = kith_image_from_grey(mem, card->Xsize, card->Ysize);
    img->dpi = 300;
    g_free(mem);
    VipsImage *all[] = {a, b, ai, bi, light, lc, both, card};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        g_object_unref(all[i]);
    return img;
}

static int has_line_with(const kith_ocr_result *r, const char *part)
{
    for (size_t i = 0; i < r->n_lines; i++)
        if (strstr(r->lines[i].text, part))
            return 1;
    return 0;
}

static void faint_pass_reads_light_grey_text(void **state)
{
    (void)state;
    kith_ocr_opts o = {NULL, "eng", 0, KITH_OCR_THRESHOLD_OTSU, 1};
    kith_ocr *faint = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_new(&o, &faint, &err), 0);
    kith_image *img = render_black_and_grey(
        "<span size='x-large'>Margaret Holloway</span>\nDirector of Partnerships",
        "Tel +49 30 1234567\nHauptstrasse 12, 10115 Berlin");
    kith_ocr_result *plain = NULL, *more = NULL;
    assert_int_equal(kith_ocr_read(ocr, img, &plain, &err), 0);
    assert_int_equal(kith_ocr_read(faint, img, &more, &err), 0);
    /* the first reading alone loses the grey lines: what the pass is for */
    assert_false(has_line_with(plain, "1234567"));
    assert_false(has_line_with(plain, "Berlin"));
    /* the pass keeps every line of the first reading, in order, and adds
     * the grey ones below, with boxes in the card's coordinates */
    assert_true(more->n_lines >= plain->n_lines + 2);
    for (size_t i = 0; i < plain->n_lines; i++)
        assert_string_equal(plain->lines[i].text, more->lines[i].text);
    assert_true(has_line_with(more, "+49 30 1234567"));
    assert_true(has_line_with(more, "Hauptstrasse 12, 10115 Berlin"));
    for (size_t i = plain->n_lines; i < more->n_lines; i++) {
        const kith_box *b = &more->lines[i].box;
        assert_true(b->x0 >= 0 && b->x1 <= img->width && b->y1 <= img->height);
        assert_true(b->y0 > plain->lines[plain->n_lines - 1].box.y1);
    }
    kith_ocr_result_free(plain);
    kith_ocr_result_free(more);
    kith_image_free(img);
    kith_ocr_free(faint);
}

/* A black mark the first reading did not take for text (a logo, a rule) is
 * no faint print: the pass adds nothing to a card printed in black. */
static void faint_pass_leaves_black_marks_alone(void **state)
{
    (void)state;
    kith_ocr_opts o = {NULL, "eng", 0, KITH_OCR_THRESHOLD_OTSU, 1};
    kith_ocr *faint = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_new(&o, &faint, &err), 0);
    kith_image *img = render("Margaret Holloway\nDirector of Partnerships\nm.holloway@bluefin.example", 300);
    /* a solid black logo block in the top-left margin */
    for (int y = 5; y < 50; y++)
        for (int x = 5; x < 50; x++)
            img->pixels[(size_t)y * img->width + x] = 0;
    kith_ocr_result *plain = NULL, *more = NULL;
    assert_int_equal(kith_ocr_read(ocr, img, &plain, &err), 0);
    assert_int_equal(kith_ocr_read(faint, img, &more, &err), 0);
    assert_int_equal(more->n_lines, plain->n_lines);
    for (size_t i = 0; i < plain->n_lines; i++)
        assert_string_equal(plain->lines[i].text, more->lines[i].text);
    kith_ocr_result_free(plain);
    kith_ocr_result_free(more);
    kith_image_free(img);
    kith_ocr_free(faint);
}

/* A logotype in light letters on a dark panel (an oval, a coloured band)
 * beside black text: the faint pass reads the panel as its negative. */
static void faint_pass_reads_light_print_on_a_dark_panel(void **state)
{
    (void)state;
    kith_ocr_opts o = {NULL, "eng", 0, KITH_OCR_THRESHOLD_OTSU, 1};
    kith_ocr *faint = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_new(&o, &faint, &err), 0);
    kith_image *img = render("<span size='x-large'>Margaret Holloway</span>\n"
                             "Director of Partnerships\n\n\n\n\n\n"
                             "m.holloway@bluefin.example",
                             300);
    kith_image *panel = render("Bluefin Analytics", 300);
    /* the panel: dark grey 50, its letters light grey 210, set between the
     * title and the email */
    int px = 60, py = img->height / 2 - panel->height / 2 + 20;
    for (int y = 40; y < panel->height - 40 && py + y < img->height; y++)
        for (int x = 30; x < panel->width - 30 && px + x < img->width; x++)
            img->pixels[(size_t)(py + y) * img->width + px + x] =
                panel->pixels[(size_t)y * panel->width + x] < 128 ? 210 : 50;
    kith_ocr_result *plain = NULL, *more = NULL;
    assert_int_equal(kith_ocr_read(ocr, img, &plain, &err), 0);
    assert_int_equal(kith_ocr_read(faint, img, &more, &err), 0);
    assert_true(has_line_with(plain, "Holloway"));
    /* the first reading takes the panel for a picture */
    assert_false(has_line_with(plain, "Analytics"));
    assert_true(has_line_with(more, "Bluefin Analytics"));
    for (size_t i = 0; i < plain->n_lines; i++)
        assert_string_equal(plain->lines[i].text, more->lines[i].text);
    kith_ocr_result_free(plain);
    kith_ocr_result_free(more);
    kith_image_free(panel);
    kith_image_free(img);
    kith_ocr_free(faint);
}

/* A card whose cleaned image is noise (textured paper) but whose plain copy
 * reads: the plain reading is kept, and the images swapped so the stored
 * card shows what was read. */
static void poor_reading_takes_the_plain_copy(void **state)
{
    (void)state;
    kith_image *img = render("Margaret Holloway\nDirector of Partnerships\nm.holloway@bluefin.example", 300);
    size_t n = (size_t)img->width * img->height;
    uint8_t *text = kith_xmalloc(n);
    memcpy(text, img->pixels, n);
    /* the cleaned image: speckles all over, no letters */
    unsigned seed = 7;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        img->pixels[i] = (seed >> 16) % 3 == 0 ? 40 : 235;
    }
    img->plain = text;
    kith_ocr_result *r = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_read_card(ocr, img, &r, &err), 0);
    assert_int_equal(img->read_plain, 1);
    assert_true(find_line(r, "Margaret Holloway") >= 0);
    assert_true(find_line(r, "m.holloway@bluefin.example") >= 0);
    assert_ptr_equal(img->pixels, text);
    kith_ocr_result_free(r);
    kith_image_free(img);
}

/* A card the cleaned image reads well: the plain copy is not taken. */
static void good_reading_keeps_the_cleaned_image(void **state)
{
    (void)state;
    kith_image *img = render("Margaret Holloway\nDirector of Partnerships\nm.holloway@bluefin.example", 300);
    size_t n = (size_t)img->width * img->height;
    img->plain = kith_xmalloc(n);
    memset(img->plain, 255, n); /* a blank plain copy: taking it would lose everything */
    uint8_t *cleaned = img->pixels;
    kith_ocr_result *r = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_read_card(ocr, img, &r, &err), 0);
    assert_int_equal(img->read_plain, 0);
    assert_ptr_equal(img->pixels, cleaned);
    assert_true(find_line(r, "Margaret Holloway") >= 0);
    kith_ocr_result_free(r);
    kith_image_free(img);
}

/* With the argument "accent", only the accent pass runs (ctest: ocr_accent),
 * so a missing model skips that test alone. */
int main(int argc, char **argv)
{
    int accent_only = argc > 1 && strcmp(argv[1], "accent") == 0;
    if (VIPS_INIT("test_ocr"))
        return 1;
    kith_err err;
    if (kith_ocr_new(NULL, &ocr, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_lines_with_boxes),
        cmocka_unit_test(unsure_card_is_turned_upright_by_ocr),
        cmocka_unit_test(blank_image_gives_no_lines),
        cmocka_unit_test(empty_image_is_an_error),
        cmocka_unit_test(text_input_splits_lines_and_words),
        cmocka_unit_test(bad_language_is_a_clear_error),
        cmocka_unit_test(threshold_names_and_handles),
        cmocka_unit_test(json_round_trip),
        cmocka_unit_test(faint_pass_reads_light_grey_text),
        cmocka_unit_test(faint_pass_leaves_black_marks_alone),
        cmocka_unit_test(faint_pass_reads_light_print_on_a_dark_panel),
        cmocka_unit_test(poor_reading_takes_the_plain_copy),
        cmocka_unit_test(good_reading_keeps_the_cleaned_image),
    };
    const struct CMUnitTest accent[] = {
        cmocka_unit_test(accent_pass_recovers_accents_only),
    };
    int rc = accent_only ? cmocka_run_group_tests(accent, NULL, NULL)
                         : cmocka_run_group_tests(tests, NULL, NULL);
    if (rc == 0 && accent_skipped)
        rc = 77;
    kith_ocr_free(ocr);
    vips_shutdown();
    return rc;
}
