/*
 * test_qr.c — the QR stage (qr/qr.c).
 *
 * Data-driven: every tests/qr/payloads/NAME.payload is a QR payload (bytes as
 * a QR code would carry them) and NAME.expect.json the fields kith must read
 * from it ({"none": true}: not a contact, ignored). Each payload is checked
 * twice: parsed directly, and encoded into a real QR code with libqrencode
 * (8-bit mode), drawn into a card image and found and decoded with zbar.
 *
 * Then the image cases the payloads cannot express: a code on a busy card,
 * small and upside down, a damaged code, a URL code next to a vCard code, and
 * merging QR fields over OCR fields.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <qrencode.h>

#include "common/json.h"
#include "common/util.h"
#include "contact/fields.h"
#include "image/image.h"
#include "qr/qr.h"

/* --- drawing QR codes ---------------------------------------------------- */

/* A white greyscale image (not from the image stage, so these tests need
 * only the QR stage); free with grey_free. */
static kith_image *grey_new(int w, int h)
{
    kith_image *img = kith_xcalloc(1, sizeof *img);
    img->width = w;
    img->height = h;
    img->dpi = 300;
    img->pixels = kith_xmalloc((size_t)w * (size_t)h);
    memset(img->pixels, 255, (size_t)w * (size_t)h);
    return img;
}

static void grey_free(kith_image *img)
{
    if (img)
        free(img->pixels);
    free(img);
}

static void fill(kith_image *img, int x0, int y0, int w, int h, uint8_t v)
{
    for (int y = y0; y < y0 + h && y < img->height; y++)
        for (int x = x0; x < x0 + w && x < img->width; x++)
            if (x >= 0 && y >= 0)
                img->pixels[(size_t)y * (size_t)img->width + (size_t)x] = v;
}

/* Encodes the bytes in 8-bit mode and draws the code at (x0, y0) with
 * `scale` pixels per module (the caller leaves a quiet zone around it).
 * Returns the code's width in modules. */
static int draw_qr(kith_image *img, const void *data, size_t len, int x0, int y0, int scale)
{
    QRcode *qr = QRcode_encodeData((int)len, data, 0, QR_ECLEVEL_M);
    assert_non_null(qr);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1)
                fill(img, x0 + x * scale, y0 + y * scale, scale, scale, 0);
    int w = qr->width;
    QRcode_free(qr);
    return w;
}

/* An image holding just the code with a 4-module quiet zone. */
static kith_image *qr_image(const void *data, size_t len, int scale)
{
    QRcode *qr = QRcode_encodeData((int)len, data, 0, QR_ECLEVEL_M);
    assert_non_null(qr);
    int side = (qr->width + 8) * scale;
    QRcode_free(qr);
    kith_image *img = grey_new(side, side);
    draw_qr(img, data, len, 4 * scale, 4 * scale, scale);
    return img;
}

/* --- comparing fields with an expect.json -------------------------------- */

static void expect_str(const char *what, const char *got, const kith_json *exp, const char *key)
{
    const char *want = kith_json_get_str(exp, key);
    if (!want && !got)
        return;
    if (!want || !got || strcmp(want, got) != 0)
        fail_msg("%s: %s: got '%s', want '%s'", what, key, got ? got : "(null)",
                 want ? want : "(null)");
}

static void expect_list(const char *what, char *const *items, size_t n, const kith_json *exp,
                        const char *key)
{
    const kith_json *a = kith_json_get(exp, key);
    size_t want_n = a ? a->n : 0;
    if (n != want_n)
        fail_msg("%s: %s: got %zu items, want %zu", what, key, n, want_n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i], a->items[i]->string) != 0)
            fail_msg("%s: %s[%zu]: got '%s', want '%s'", what, key, i, items[i],
                     a->items[i]->string);
}

static void expect_fields(const char *what, const kith_fields *f, const kith_json *exp)
{
    expect_str(what, f->name, exp, "name");
    expect_str(what, f->given_name, exp, "given_name");
    expect_str(what, f->family_name, exp, "family_name");
    expect_str(what, f->prefix, exp, "prefix");
    expect_str(what, f->credentials, exp, "credentials");
    expect_str(what, f->title, exp, "title");
    expect_str(what, f->company, exp, "company");
    expect_str(what, f->address, exp, "address");
    expect_list(what, f->emails, f->n_emails, exp, "emails");
    expect_list(what, f->urls, f->n_urls, exp, "urls");
    const kith_json *phones = kith_json_get(exp, "phones");
    size_t want_n = phones ? phones->n : 0;
    if (f->n_phones != want_n)
        fail_msg("%s: got %zu phones, want %zu", what, f->n_phones, want_n);
    for (size_t i = 0; i < f->n_phones; i++) {
        const kith_json *p = phones->items[i];
        char label[64];
        snprintf(label, sizeof label, "%s: phone %zu", what, i + 1);
        expect_str(label, kith_phone_kind_name(f->phones[i].kind), p, "kind");
        expect_str(label, f->phones[i].number, p, "number");
        expect_str(label, f->phones[i].e164, p, "e164");
        expect_str(label, f->phones[i].ext, p, "ext");
    }
    /* everything a QR code carries is marked as coming from it */
    unsigned want_bits = 0;
    if (kith_json_get(exp, "name"))
        want_bits |= 1u << KITH_FIELD_NAME;
    if (kith_json_get(exp, "title"))
        want_bits |= 1u << KITH_FIELD_TITLE;
    if (kith_json_get(exp, "company"))
        want_bits |= 1u << KITH_FIELD_COMPANY;
    if (kith_json_get(exp, "emails"))
        want_bits |= 1u << KITH_FIELD_EMAILS;
    if (kith_json_get(exp, "phones"))
        want_bits |= 1u << KITH_FIELD_PHONES;
    if (kith_json_get(exp, "urls"))
        want_bits |= 1u << KITH_FIELD_URLS;
    if (kith_json_get(exp, "address"))
        want_bits |= 1u << KITH_FIELD_ADDRESS;
    if (f->from_qr != want_bits)
        fail_msg("%s: from_qr is 0x%x, want 0x%x", what, f->from_qr, want_bits);
}

static char *source_path(const char *rel)
{
    const char *src = getenv("KITH_SOURCE_DIR");
    assert_non_null(src);
    return kith_xasprintf("%s/%s", src, rel);
}

static void test_payload_cases(void **state)
{
    (void)state;
    char *dir = source_path("tests/qr/payloads");
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int cases = 0, contacts = 0;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 9 || strcmp(e->d_name + n - 8, ".payload") != 0)
            continue;
        char *name = kith_xstrndup(e->d_name, n - 8);
        char *ppath = kith_xasprintf("%s/%s.payload", dir, name);
        char *epath = kith_xasprintf("%s/%s.expect.json", dir, name);
        char *payload = NULL, *etext = NULL;
        size_t plen, elen;
        kith_err err;
        kith_json *exp = NULL;
        if (kith_read_file(ppath, &payload, &plen, &err) < 0 ||
            kith_read_file(epath, &etext, &elen, &err) < 0 ||
            kith_json_parse(etext, &exp, &err) < 0)
            fail_msg("%s: %s", name, err.msg);
        const kith_json *none = kith_json_get(exp, "none");
        int is_contact = !(none && none->boolean);

        /* 1. the payload parser */
        kith_fields *f = NULL;
        int rc = kith_qr_parse_payload(payload, plen, &f);
        if (is_contact) {
            if (rc != 0 || !f)
                fail_msg("%s: payload not read as a contact", name);
            expect_fields(name, f, exp);
            kith_fields_free(f);
        } else if (rc != -1 || f) {
            fail_msg("%s: payload read as a contact, should be ignored", name);
        }

        /* 2. the same bytes in a real QR code, read back through zbar */
        kith_image *img = qr_image(payload, plen, 4);
        f = NULL;
        if (kith_qr_read(img, &f, &err) != 0)
            fail_msg("%s: kith_qr_read failed: %s", name, err.msg);
        if (is_contact) {
            if (!f)
                fail_msg("%s: QR code not found or not read", name);
            expect_fields(name, f, exp);
            kith_fields_free(f);
            contacts++;
        } else if (f) {
            fail_msg("%s: QR code read as a contact, should be ignored", name);
        }
        grey_free(img);

        kith_json_free(exp);
        free(payload);
        free(etext);
        free(ppath);
        free(epath);
        free(name);
        cases++;
    }
    closedir(d);
    free(dir);
    assert_true(cases >= 10);
    assert_true(contacts >= 5);
}

/* --- image cases --------------------------------------------------------- */

static const char vcard_umlauts[] = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Weiß;Björn\r\n"
                                    "FN:Björn Weiß\r\nORG:Käserei Zürich AG\r\n"
                                    "EMAIL:bjoern@käserei.ch\r\nTEL;TYPE=CELL:+41 79 123 45 67\r\n"
                                    "END:VCARD\r\n";

/* Deterministic clutter: text-like bars and blocks around the code. */
static void clutter(kith_image *img, int avoid_x, int avoid_y, int avoid_side)
{
    unsigned s = 12345;
    for (int i = 0; i < 400; i++) {
        s = s * 1103515245u + 12345u;
        int x = (int)(s >> 8) % img->width;
        s = s * 1103515245u + 12345u;
        int y = (int)(s >> 8) % img->height;
        int w = 4 + (int)((s >> 4) % 30), h = 3 + (int)((s >> 12) % 12);
        if (x + w > avoid_x && x < avoid_x + avoid_side && y + h > avoid_y &&
            y < avoid_y + avoid_side)
            continue;
        fill(img, x, y, w, h, (uint8_t)(s >> 24) % 120);
    }
}

static void test_code_on_busy_card_small_and_upside_down(void **state)
{
    (void)state;
    /* a 1050x600 card, the code at 3 px per module in a corner */
    kith_image *img = grey_new(1050, 600);
    fill(img, 0, 0, 1050, 600, 235);   /* light card stock, not pure white */
    int qx = 820, qy = 360, scale = 3;
    QRcode *probe = QRcode_encodeData((int)strlen(vcard_umlauts),
                                      (const unsigned char *)vcard_umlauts, 0, QR_ECLEVEL_M);
    int side = (probe->width + 8) * scale;
    QRcode_free(probe);
    fill(img, qx - 4 * scale, qy - 4 * scale, side, side, 255);
    clutter(img, qx - 4 * scale, qy - 4 * scale, side);
    draw_qr(img, vcard_umlauts, strlen(vcard_umlauts), qx, qy, scale);

    for (int flip = 0; flip < 2; flip++) {
        if (flip) {   /* rotate by 180 degrees */
            size_t n = (size_t)img->width * (size_t)img->height;
            for (size_t i = 0; i < n / 2; i++) {
                uint8_t t = img->pixels[i];
                img->pixels[i] = img->pixels[n - 1 - i];
                img->pixels[n - 1 - i] = t;
            }
        }
        kith_fields *f = NULL;
        kith_err err;
        assert_int_equal(kith_qr_read(img, &f, &err), 0);
        assert_non_null(f);
        assert_string_equal(f->name, "Björn Weiß");
        assert_string_equal(f->family_name, "Weiß");
        assert_string_equal(f->company, "Käserei Zürich AG");
        assert_int_equal(f->n_emails, 1);
        assert_string_equal(f->emails[0], "bjoern@käserei.ch");
        assert_int_equal(f->n_phones, 1);
        assert_int_equal(f->phones[0].kind, KITH_PHONE_MOBILE);
        assert_string_equal(f->phones[0].e164, "+41791234567");
        kith_fields_free(f);
    }
    grey_free(img);
}

static void test_damaged_code_is_ignored(void **state)
{
    (void)state;
    kith_image *img = qr_image(vcard_umlauts, strlen(vcard_umlauts), 4);
    /* the intact code reads ... */
    kith_fields *f = NULL;
    kith_err err;
    assert_int_equal(kith_qr_read(img, &f, &err), 0);
    assert_non_null(f);
    kith_fields_free(f);
    /* ... a third of it scratched out does not, and that is not an error */
    int side = img->width;
    fill(img, side / 3, side / 4, side / 3, side / 2, 255);
    fill(img, side / 2, side / 3, side / 6, side / 6, 0);
    kith_fields *sentinel = kith_fields_new();
    f = sentinel;            /* must be reset to NULL */
    assert_int_equal(kith_qr_read(img, &f, &err), 0);
    assert_null(f);
    kith_fields_free(sentinel);
    grey_free(img);

    /* a card with no code at all */
    img = grey_new(600, 400);
    clutter(img, 0, 0, 0);
    assert_int_equal(kith_qr_read(img, &f, &err), 0);
    assert_null(f);
    grey_free(img);
}

static void test_url_code_next_to_vcard_code(void **state)
{
    (void)state;
    const char *url = "https://www.example.com/card";
    kith_image *img = grey_new(900, 420);
    draw_qr(img, url, strlen(url), 30, 60, 5);
    draw_qr(img, vcard_umlauts, strlen(vcard_umlauts), 420, 40, 4);
    kith_fields *f = NULL;
    kith_err err;
    assert_int_equal(kith_qr_read(img, &f, &err), 0);
    assert_non_null(f);
    assert_string_equal(f->name, "Björn Weiß");
    kith_fields_free(f);
    grey_free(img);
}

/* A light-on-dark code (as the image stage leaves one after turning a dark
 * card around) is read when the image says it was inverted; the photo file
 * itself is always read both ways. */
static void test_inverted_code_and_photo_file(void **state)
{
    (void)state;
    kith_image *img = grey_new(1200, 700);
    draw_qr(img, vcard_umlauts, strlen(vcard_umlauts), 700, 200, 5);
    size_t n = (size_t)img->width * (size_t)img->height;
    for (size_t i = 0; i < n; i++)
        img->pixels[i] = (uint8_t)(255 - img->pixels[i]);

    kith_fields *f = NULL;
    kith_err err;
    assert_int_equal(kith_qr_read(img, &f, &err), 0);
    assert_null(f);                      /* not told it was inverted */
    img->inverted = 1;
    assert_int_equal(kith_qr_read(img, &f, &err), 0);
    assert_non_null(f);
    assert_string_equal(f->name, "Björn Weiß");
    kith_fields_free(f);

    /* the same as a JPEG photo on disk */
    char path[] = "/tmp/kith-qr-test-XXXXXX.jpg";
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(kith_image_save(img, path, &err), 0);
    f = NULL;
    assert_int_equal(kith_qr_read_file(path, &f, &err), 0);
    assert_non_null(f);
    assert_string_equal(f->company, "Käserei Zürich AG");
    kith_fields_free(f);
    unlink(path);
    grey_free(img);

    /* a file that is not there is an error, with a message */
    f = NULL;
    assert_int_equal(kith_qr_read_file("/nonexistent/card.jpg", &f, &err), -1);
    assert_null(f);
    assert_true(strlen(err.msg) > 0);
}

/* kith_qr_seen: finder patterns, decoded or not; none in clutter or text. */
static void test_code_seen(void **state)
{
    (void)state;
    kith_image *img = grey_new(1050, 600);
    clutter(img, 700, 250, 300);
    assert_false(kith_qr_seen(img));
    draw_qr(img, vcard_umlauts, strlen(vcard_umlauts), 712, 262, 3);
    assert_true(kith_qr_seen(img));
    /* its middle scratched out: not decoded, still seen */
    fill(img, 760, 300, 80, 80, 255);
    kith_fields *f = NULL;
    kith_err err;
    assert_int_equal(kith_qr_read(img, &f, &err), 0);
    assert_null(f);
    assert_true(kith_qr_seen(img));
    /* light on dark, with and without being told */
    size_t n = (size_t)img->width * (size_t)img->height;
    for (size_t i = 0; i < n; i++)
        img->pixels[i] = (uint8_t)(255 - img->pixels[i]);
    assert_false(kith_qr_seen(img));
    img->inverted = 1;
    assert_true(kith_qr_seen(img));
    grey_free(img);
    assert_false(kith_qr_seen(NULL));

    /* the sample photos, normalized: seen exactly where a code is printed */
    char *dir = source_path("fixtures/samples");
    DIR *d = opendir(dir);
    assert_non_null(d);
    kith_image_opts io;
    kith_image_opts_default(&io);
    int cards = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".jpg") != 0)
            continue;
        char *photo = kith_xasprintf("%s/%s", dir, e->d_name);
        char *truth = kith_xasprintf("%s/%.*s.json", dir, (int)(len - 4), e->d_name);
        char *text = NULL;
        assert_int_equal(kith_read_file(truth, &text, NULL, &err), 0);
        kith_json *j = NULL;
        assert_int_equal(kith_json_parse(text, &j, &err), 0);
        const char *qr = kith_json_get_str(kith_json_get(j, "_meta"), "qr");
        assert_non_null(qr);
        kith_image *card = NULL;
        assert_int_equal(kith_image_normalize(photo, &io, &card, &err), 0);
        if (kith_qr_seen(card) != (strcmp(qr, "none") != 0))
            fail_msg("%s: kith_qr_seen says %d, the card has qr %s", e->d_name,
                     kith_qr_seen(card), qr);
        kith_image_free(card);
        kith_json_free(j);
        free(text);
        free(truth);
        free(photo);
        cards++;
    }
    closedir(d);
    free(dir);
    assert_true(cards >= 10);
}

static void test_no_image_is_an_error(void **state)
{
    (void)state;
    kith_fields *f = NULL;
    kith_err err;
    kith_image empty;
    memset(&empty, 0, sizeof empty);
    assert_int_equal(kith_qr_read(&empty, &f, &err), -1);
    assert_null(f);
    assert_true(strlen(err.msg) > 0);
}

/* --- merging ------------------------------------------------------------- */

static void test_merge_qr_over_ocr(void **state)
{
    (void)state;
    /* OCR misread the name and phone, found a title the QR code lacks */
    kith_fields *ocr = kith_fields_new();
    ocr->name = kith_xstrdup("Bjorn WeiB");
    ocr->given_name = kith_xstrdup("Bjorn");
    ocr->family_name = kith_xstrdup("WeiB");
    ocr->title = kith_xstrdup("Head Cheesemaker");
    ocr->conf_title = 0.8f;
    ocr->conf_name = 0.4f;
    kith_fields_add_phone(ocr, KITH_PHONE_WORK, "+41 79 I23 45 67", NULL, NULL, 0.3f);
    kith_fields_add_url(ocr, "www.kaeserei.ch");
    ocr->conf_urls = 0.7f;

    kith_fields *qr = NULL;
    assert_int_equal(kith_qr_parse_payload(vcard_umlauts, strlen(vcard_umlauts), &qr), 0);
    kith_fields_merge_qr(ocr, qr);

    assert_string_equal(ocr->name, "Björn Weiß");
    assert_string_equal(ocr->given_name, "Björn");
    assert_string_equal(ocr->family_name, "Weiß");
    assert_string_equal(ocr->company, "Käserei Zürich AG");
    assert_string_equal(ocr->title, "Head Cheesemaker");      /* OCR kept */
    assert_int_equal(ocr->n_urls, 1);                           /* OCR kept */
    assert_int_equal(ocr->n_phones, 1);                         /* replaced */
    assert_string_equal(ocr->phones[0].number, "+41 79 123 45 67");
    assert_int_equal(ocr->n_emails, 1);
    unsigned want = (1u << KITH_FIELD_NAME) | (1u << KITH_FIELD_COMPANY) |
                    (1u << KITH_FIELD_EMAILS) | (1u << KITH_FIELD_PHONES);
    assert_int_equal(ocr->from_qr, want);
    assert_true(ocr->conf_name > 0.99f);
    assert_true(ocr->conf_title > 0.79f && ocr->conf_title < 0.81f);
    assert_true(ocr->confidence > 0.8f && ocr->confidence <= 1.0f);
    kith_fields_free(qr);
    kith_fields_free(ocr);

    /* a QR name without parts clears OCR parts that named someone else */
    ocr = kith_fields_new();
    ocr->name = kith_xstrdup("Wrong Person");
    ocr->given_name = kith_xstrdup("Wrong");
    const char mecard[] = "MECARD:N:Anna Lindqvist;EMAIL:anna@example.se;;";
    assert_int_equal(kith_qr_parse_payload(mecard, strlen(mecard), &qr), 0);
    kith_fields_merge_qr(ocr, qr);
    assert_string_equal(ocr->name, "Anna Lindqvist");
    assert_null(ocr->given_name);
    kith_fields_free(qr);
    kith_fields_free(ocr);

    /* the same number read by OCR keeps its printed form and label; the
     * QR code adds what OCR lacked (E.164), and its other numbers win */
    ocr = kith_fields_new();
    kith_fields_add_phone(ocr, KITH_PHONE_WORK, "079 123 45 67", NULL, NULL, 0.9f);
    kith_fields_add_phone(ocr, KITH_PHONE_FAX, "044 668 18 O1", NULL, NULL, 0.5f);
    const char mecard2[] = "MECARD:N:Lindqvist,Anna;TEL:+41791234567;TEL:+41446681801;;";
    assert_int_equal(kith_qr_parse_payload(mecard2, strlen(mecard2), &qr), 0);
    kith_fields_merge_qr(ocr, qr);
    assert_int_equal(ocr->n_phones, 2);
    assert_string_equal(ocr->phones[0].number, "079 123 45 67");
    assert_string_equal(ocr->phones[0].e164, "+41791234567");
    assert_int_equal(ocr->phones[0].kind, KITH_PHONE_WORK);
    assert_string_equal(ocr->phones[1].number, "+41446681801");   /* OCR misread it */
    assert_int_equal(ocr->phones[1].kind, KITH_PHONE_OTHER);
    kith_fields_free(qr);
    kith_fields_free(ocr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payload_cases),
        cmocka_unit_test(test_code_on_busy_card_small_and_upside_down),
        cmocka_unit_test(test_damaged_code_is_ignored),
        cmocka_unit_test(test_url_code_next_to_vcard_code),
        cmocka_unit_test(test_inverted_code_and_photo_file),
        cmocka_unit_test(test_code_seen),
        cmocka_unit_test(test_no_image_is_an_error),
        cmocka_unit_test(test_merge_qr_over_ocr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
