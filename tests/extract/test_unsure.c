/*
 * test_unsure.c — which fields OCR was unsure of (extract/unsure.c): a
 * stored OCR reading with word confidences, and fields read from it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "common/util.h"
#include "extract/unsure.h"

/* Ana Lima's card: the title's second word and the web address read badly. */
static const char reading[] =
    "{\"width\": 1000, \"height\": 600, \"lines\": ["
    "{\"text\": \"Ana Lima\", \"block\": 0, \"conf\": 95, \"words\": ["
    "  {\"text\": \"Ana\", \"conf\": 96.1}, {\"text\": \"Lima\", \"conf\": 94.0}]},"
    "{\"text\": \"Head of Partnerships\", \"block\": 0, \"conf\": 70, \"words\": ["
    "  {\"text\": \"Head\", \"conf\": 93.0}, {\"text\": \"of\", \"conf\": 91.0},"
    "  {\"text\": \"Partnersh1ps\", \"conf\": 41.5}]},"
    "{\"text\": \"Tel: +351 21 000 0000\", \"block\": 1, \"conf\": 90, \"words\": ["
    "  {\"text\": \"Tel:\", \"conf\": 90.0}, {\"text\": \"+351\", \"conf\": 92.0},"
    "  {\"text\": \"21\", \"conf\": 88.0}, {\"text\": \"000\", \"conf\": 91.0},"
    "  {\"text\": \"0000\", \"conf\": 90.0}]},"
    "{\"text\": \"www.lima.pt ana@lima.pt\", \"block\": 1, \"conf\": 70, \"words\": ["
    "  {\"text\": \"www.lima.pt\", \"conf\": 55.0}, {\"text\": \"ana@lima.pt\", \"conf\": 93.0}]}"
    "]}";

static kith_ocr_result *read_it(void)
{
    kith_ocr_result *ocr = NULL;
    kith_err err;
    assert_int_equal(kith_ocr_result_from_json(reading, &ocr, &err), 0);
    return ocr;
}

static kith_fields *ana(void)
{
    kith_fields *f = kith_fields_new();
    f->name = kith_xstrdup("Ana Lima");
    f->title = kith_xstrdup("Head of Partnerships");   /* repaired from Partnersh1ps */
    f->company = kith_xstrdup("Lima & Filhos");         /* not on this reading */
    kith_fields_add_email(f, "ana@lima.pt");
    kith_fields_add_url(f, "www.lima.pt");
    kith_fields_add_phone(f, KITH_PHONE_WORK, "+351 21 000 0000", NULL, NULL, 0.9f);
    return f;
}

static void test_marks_low_words(void **state)
{
    (void)state;
    kith_ocr_result *ocr = read_it();
    kith_fields *f = ana();
    unsigned u = kith_fields_unsure(f, ocr, KITH_UNSURE_CONF, 0);
    /* the web address was read at 55; the repaired "Partnerships" is not
     * among the words read, so only "Head" and "of" judge the title */
    assert_int_equal(u, 1u << KITH_FIELD_URLS);
    /* a higher bar catches the phone's "21" (88) too */
    u = kith_fields_unsure(f, ocr, 89.0f, 0);
    assert_true(u & (1u << KITH_FIELD_PHONES));
    assert_false(u & (1u << KITH_FIELD_NAME));
    assert_false(u & (1u << KITH_FIELD_COMPANY));   /* not read here: not judged */
    kith_fields_free(f);
    kith_ocr_result_free(ocr);
}

static void test_glued_word(void **state)
{
    (void)state;
    kith_ocr_result *ocr = read_it();
    kith_fields *f = kith_fields_new();
    /* "Partnersh1ps" as extraction left it: found, and at 41.5 unsure */
    f->title = kith_xstrdup("Head of Partnersh1ps");
    assert_int_equal(kith_fields_unsure(f, ocr, KITH_UNSURE_CONF, 0), 1u << KITH_FIELD_TITLE);
    kith_fields_free(f);
    kith_ocr_result_free(ocr);
}

static void test_skip_edited(void **state)
{
    (void)state;
    kith_ocr_result *ocr = read_it();
    kith_fields *f = ana();
    assert_int_equal(kith_fields_unsure(f, ocr, KITH_UNSURE_CONF, 1u << KITH_FIELD_URLS), 0);
    assert_int_equal(kith_fields_unsure(f, NULL, KITH_UNSURE_CONF, 0), 0);
    kith_fields_free(f);
    kith_ocr_result_free(ocr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marks_low_words),
        cmocka_unit_test(test_glued_word),
        cmocka_unit_test(test_skip_edited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
