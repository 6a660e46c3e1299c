/* test_extract_units.c — phone normalisation and labels, name splitting and
 * casing, lexicon loading, the field object's JSON round trip, and the
 * name and email repairing each other. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "extract/extract.h"
#include "extract/name.h"
#include "extract/phone.h"
#include "extract/repair.h"

static kith_models *models;

static int setup(void **state)
{
    (void)state;
    kith_err err;
    if (kith_models_load(getenv("KITH_MODELS"), &models, &err) < 0) {
        fprintf(stderr, "cannot load models: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kith_models_free(models);
    return 0;
}

/* --- lexicons ------------------------------------------------------------- */

static void lexicons_ignore_case_and_stops(void **state)
{
    (void)state;
    assert_true(kith_models_has(models, "company_suffixes", "GmbH"));
    assert_true(kith_models_has(models, "company_suffixes", "gmbh"));
    assert_true(kith_models_has(models, "company_suffixes", "S.A."));
    assert_true(kith_models_has(models, "company_suffixes", "SA"));
    assert_true(kith_models_has(models, "given_names", "ZOË"));
    assert_true(kith_models_has(models, "given_names", "josé"));
    assert_false(kith_models_has(models, "given_names", "Bluefin"));
    assert_false(kith_models_has(models, "no_such_lexicon", "x"));
    assert_string_equal(kith_models_get(models, "phone_labels", "Handy"), "mobile");
    assert_string_equal(kith_models_get(models, "phone_labels", "Télécopie"), "fax");
    assert_string_equal(kith_models_get(models, "countries", "Deutschland"), "DE 49/0");
    assert_string_equal(kith_models_str(models, "ocr.lang", "x"), "Latin");
    /* an empty value is no value */
    assert_null(kith_models_str(models, "ocr.accent_lang", NULL));
    assert_int_equal(kith_models_int(models, "ocr.psm", 3), 11);
    assert_int_equal(kith_models_int(models, "no.such.key", 7), 7);
    /* an entry's tail: "nstagram.com" is instagram.com less one letter */
    assert_true(kith_models_ends_entry(models, "social", "nstagram.com", 1, 2));
    assert_true(kith_models_ends_entry(models, "social", "STAGRAM.COM", 1, 2));
    assert_false(kith_models_ends_entry(models, "social", "instagram.com", 1, 2));
    assert_false(kith_models_ends_entry(models, "social", "agram.com", 1, 2));
    assert_false(kith_models_ends_entry(models, "no_such_lexicon", "x", 0, 9));
}

static void models_load_fails_on_missing_dir(void **state)
{
    (void)state;
    kith_models *m = NULL;
    kith_err err;
    assert_int_equal(kith_models_load("/nonexistent/models", &m, &err), -1);
    assert_non_null(strstr(err.msg, "/nonexistent/models"));
    assert_null(m);
}

/* --- phones --------------------------------------------------------------- */

static void e164_case(const char *number, const char *country_value, const char *want)
{
    kith_country c;
    if (country_value)
        assert_int_equal(kith_country_parse(country_value, &c), 0);
    char *got = kith_phone_e164(models, number, country_value ? &c : NULL);
    if (want) {
        if (!got)
            fail_msg("%s (%s): no E.164, want %s", number, country_value ? country_value : "-", want);
        assert_string_equal(got, want);
    } else if (got) {
        fail_msg("%s (%s): got %s, want none", number, country_value ? country_value : "-", got);
    }
    free(got);
}

static void phone_e164_normalisation(void **state)
{
    (void)state;
    e164_case("+44 (0)20 7946 0958", NULL, "+442079460958");
    e164_case("+44 020 7946 0958", NULL, "+442079460958");   /* misprinted trunk */
    e164_case("0044 20 7946 0958", NULL, "+442079460958");
    e164_case("020 7946 0958", "GB 44/0", "+442079460958");
    e164_case("020 7946 0958", NULL, NULL);                  /* no country: as printed */
    e164_case("(415) 555-0132", "US 1/1", "+14155550132");
    e164_case("1-415-555-0132", "US 1/1", "+14155550132");
    e164_case("+1 646.555.0123", NULL, "+16465550123");
    e164_case("030 1234567-89", "DE 49/0", "+4930123456789");
    e164_case("+49 (0)30 838 75123", NULL, "+493083875123");
    e164_case("04.45.71.91.58", "FR 33/0", "+33445719158");
    e164_case("4 45 71 91 58", "FR 33/0", NULL);             /* no trunk: not national */
    e164_case("03-1234-5678", "JP 81/0", "+81312345678");
    e164_case("090-1234-5678", "JP 81/0", "+819012345678");
    e164_case("02 5555 1234", "IT 39", "+390255551234");     /* Italy keeps its 0 */
    e164_case("555 0132", "US 1/1", NULL);                   /* too short */
}

/* One number phone_find_case expects. */
typedef struct {
    const char *number;
    kith_phone_kind kind;
    const char *ext;
} want_hit;

/* kith_phone_find on text finds exactly want[0..want_n), in order: every
 * hit's number, kind and extension are checked. */
static void phone_find_case(const char *text, size_t want_n, const want_hit *want)
{
    kith_phone_hit *hits;
    size_t n = kith_phone_find(models, text, &hits);
    if (n != want_n)
        fail_msg("'%s': %zu numbers, want %zu", text, n, want_n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(hits[i].number, want[i].number) != 0)
            fail_msg("'%s': number %zu is '%s', want '%s'", text, i + 1, hits[i].number,
                     want[i].number);
        if (hits[i].kind != want[i].kind)
            fail_msg("'%s': number %zu is %s, want %s", text, i + 1,
                     kith_phone_kind_name(hits[i].kind), kith_phone_kind_name(want[i].kind));
        if (want[i].ext)
            assert_string_equal(hits[i].ext, want[i].ext);
        else
            assert_null(hits[i].ext);
    }
    kith_phone_hits_free(hits, n);
}

#define HITS(...) (sizeof((want_hit[]){__VA_ARGS__}) / sizeof(want_hit)), (want_hit[]){__VA_ARGS__}
#define NO_HITS 0, NULL

static void phone_labels_and_traps(void **state)
{
    (void)state;
    phone_find_case("T +44 20 7946 0958", HITS({"+44 20 7946 0958", KITH_PHONE_WORK, NULL}));
    phone_find_case("Mob. 07700 900123", HITS({"07700 900123", KITH_PHONE_MOBILE, NULL}));
    phone_find_case("Handy: 0171 1234567", HITS({"0171 1234567", KITH_PHONE_MOBILE, NULL}));
    phone_find_case("Télécopie : 01 23 45 67 90",
                    HITS({"01 23 45 67 90", KITH_PHONE_FAX, NULL}));
    phone_find_case("F (202) 555-0177", HITS({"(202) 555-0177", KITH_PHONE_FAX, NULL}));
    phone_find_case("Tel 02 5555 1234 Fax 02 5555 1235",
                    HITS({"02 5555 1234", KITH_PHONE_WORK, NULL},
                         {"02 5555 1235", KITH_PHONE_FAX, NULL}));
    phone_find_case("M 07700 900123 | T +44 20 7946 0958 x12",
                    HITS({"07700 900123", KITH_PHONE_MOBILE, NULL},
                         {"+44 20 7946 0958", KITH_PHONE_WORK, "12"}));
    phone_find_case("Office 312-555-0188 x42", HITS({"312-555-0188", KITH_PHONE_WORK, "42"}));
    phone_find_case("+1 800 555 0100 ext. 204",
                    HITS({"+1 800 555 0100", KITH_PHONE_WORK, "204"}));
    phone_find_case("Tel: +44 2O 7946 O555", HITS({"+44 20 7946 0555", KITH_PHONE_WORK, NULL}));
    /* OCR's misreadings: an icon as a lone 0 before a trunk 0, a label's l
     * as i ("Tlf." read "Tif."), and what must stay */
    phone_find_case("0 076 588 73 66", HITS({"076 588 73 66", KITH_PHONE_WORK, NULL}));
    phone_find_case("Tif. 938 785 713", HITS({"938 785 713", KITH_PHONE_WORK, NULL}));
    phone_find_case("00 49 30 1234567", HITS({"00 49 30 1234567", KITH_PHONE_WORK, NULL}));
    /* never phones: postcodes, dates, street numbers, ZIP+4, Japanese postcodes */
    phone_find_case("10117 Berlin", NO_HITS);
    phone_find_case("Since 12.05.2009", NO_HITS);
    phone_find_case("2009-05-12", NO_HITS);
    phone_find_case("4567 Sunset Boulevard", NO_HITS);
    phone_find_case("Seattle, WA 98101-1234", NO_HITS);
    phone_find_case("Tokyo 100-0005, Japan", NO_HITS);
    phone_find_case("Suite 400 1200 Main Street", NO_HITS);
    phone_find_case("Bristol BS1 5TY", NO_HITS);
    phone_find_case("Invoice 123456789012345", NO_HITS);
}

static void phone_mobile_prefixes(void **state)
{
    (void)state;
    assert_true(kith_phone_is_mobile("+447700900123"));
    assert_true(kith_phone_is_mobile("+4917655512345"));
    assert_true(kith_phone_is_mobile("+33612345678"));
    assert_true(kith_phone_is_mobile("+819012345678"));
    assert_false(kith_phone_is_mobile("+442079460958"));
    assert_false(kith_phone_is_mobile("+4930123456"));
    assert_false(kith_phone_is_mobile(NULL));
}

/* --- names ---------------------------------------------------------------- */

static void name_case(const char *text, const char *name, const char *given, const char *family,
                      const char *prefix, const char *creds)
{
    kith_name n;
    if (kith_name_split(models, text, &n) < 0) {
        if (name)
            fail_msg("'%s' not read as a name", text);
        return;
    }
    if (!name)
        fail_msg("'%s' read as a name: %s", text, n.name);
    assert_string_equal(n.name, name);
    assert_string_equal(n.given, given);
    assert_string_equal(n.family, family);
    if (prefix)
        assert_string_equal(n.prefix, prefix);
    else
        assert_null(n.prefix);
    if (creds)
        assert_string_equal(n.credentials, creds);
    else
        assert_null(n.credentials);
    kith_name_release(&n);
}

static void name_splitting(void **state)
{
    (void)state;
    name_case("Margaret O'Connell", "Margaret O'Connell", "Margaret", "O'Connell", NULL, NULL);
    name_case("Dr. Hans van der Berg, PhD", "Hans van der Berg", "Hans", "van der Berg", "Dr.",
              "PhD");
    name_case("Prof. Dr. Sabine Krüger", "Sabine Krüger", "Sabine", "Krüger", "Prof. Dr.", NULL);
    name_case("Robert Chen, CPA, MBA", "Robert Chen", "Robert", "Chen", NULL, "CPA, MBA");
    name_case("Anna Schmidt MBA", "Anna Schmidt", "Anna", "Schmidt", NULL, "MBA");
    name_case("María de la Cruz", "María de la Cruz", "María", "de la Cruz", NULL, NULL);
    name_case("Jan De Vries", "Jan De Vries", "Jan", "De Vries", NULL, NULL);
    name_case("JEAN-LUC PICARD", "Jean-Luc Picard", "Jean-Luc", "Picard", NULL, NULL);
    name_case("ZOË MÜLLER", "Zoë Müller", "Zoë", "Müller", NULL, NULL);
    name_case("LUDWIG VAN DER BERG", "Ludwig van der Berg", "Ludwig", "van der Berg", NULL, NULL);
    /* family name first on the card, given name first in the name */
    name_case("YAMADA Hanako", "Hanako Yamada", "Hanako", "Yamada", NULL, NULL);
    name_case("ZU SOLMS, Jan-Philipp", "Jan-Philipp zu Solms", "Jan-Philipp", "zu Solms", NULL,
              NULL);
    name_case("Doe, Jane", "Jane Doe", "Jane", "Doe", NULL, NULL);
    name_case("Claire Dubois-Martin", "Claire Dubois-Martin", "Claire", "Dubois-Martin", NULL,
              NULL);
    name_case("John F. Kennedy", "John F. Kennedy", "John F.", "Kennedy", NULL, NULL);
    /* not names */
    name_case("Katherine", NULL, NULL, NULL, NULL, NULL);
    name_case("Suite 400", NULL, NULL, NULL, NULL, NULL);
    name_case("Ideas that move", NULL, NULL, NULL, NULL, NULL);
    name_case("ACME, Inc", NULL, NULL, NULL, NULL, NULL);
    name_case("BERLIN, Germany", NULL, NULL, NULL, NULL, NULL);
    name_case("jane@acme.com", NULL, NULL, NULL, NULL, NULL);
}

static void name_word_casing(void **state)
{
    (void)state;
    const char *cases[][2] = {{"O'CONNELL", "O'Connell"}, {"MCDONALD", "McDonald"},
                              {"MÜLLER", "Müller"},       {"ŁUKASZ", "Łukasz"},
                              {"D'ANGELO", "D'Angelo"},   {"JEAN-PIERRE", "Jean-Pierre"},
                              {"ÉLODIE", "Élodie"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = kith_name_case_word(cases[i][0]);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
    char *f = kith_fold("Müller-Lüdenscheidt O'Brien");
    assert_string_equal(f, "mullerludenscheidtobrien");
    free(f);
}

/* --- fields ----------------------------------------------------------------- */

static void fields_json_round_trip(void **state)
{
    (void)state;
    kith_fields *f = kith_fields_new();
    f->name = strdup("Zoë Müller");
    f->given_name = strdup("Zoë");
    f->family_name = strdup("Müller");
    f->company = strdup("Müller \"Bau\" GmbH");
    kith_fields_add_email(f, "zoe@mueller-bau.de");
    kith_fields_add_email(f, "ZOE@mueller-bau.de"); /* duplicate */
    kith_fields_add_phone(f, KITH_PHONE_MOBILE, "0171 1234567", "+491711234567", NULL, 0.9f);
    kith_fields_add_phone(f, KITH_PHONE_WORK, "+49 171 1234567", "+491711234567", NULL, 0.9f);
    kith_fields_add_phone(f, KITH_PHONE_WORK, "030 123", NULL, "12", 0.9f);
    f->confidence = 0.876f;
    f->from_qr = 1u << KITH_FIELD_EMAILS | 1u << KITH_FIELD_PHONES;
    assert_int_equal(f->n_emails, 1);
    assert_int_equal(f->n_phones, 2);

    kith_strbuf sb = KITH_STRBUF_INIT;
    kith_fields_to_json(f, &sb);
    assert_string_equal(
        sb.buf, "{\"name\": \"Zoë Müller\", \"given_name\": \"Zoë\", \"family_name\": \"Müller\", "
                "\"company\": \"Müller \\\"Bau\\\" GmbH\", \"emails\": [\"zoe@mueller-bau.de\"], "
                "\"phones\": [{\"kind\": \"mobile\", \"number\": \"0171 1234567\", \"e164\": "
                "\"+491711234567\"}, {\"kind\": \"work\", \"number\": \"030 123 ext. 12\", "
                "\"e164\": null}], \"from_qr\": [\"emails\", \"phones\"], \"confidence\": 0.88}");

    kith_json *j;
    kith_err err;
    assert_int_equal(kith_json_parse(sb.buf, &j, &err), 0);
    kith_fields *back;
    assert_int_equal(kith_fields_from_json(j, &back), 0);
    kith_fields *dup = kith_fields_dup(back);
    kith_strbuf sb2 = KITH_STRBUF_INIT;
    kith_fields_to_json(dup, &sb2);
    assert_string_equal(sb.buf, sb2.buf);
    assert_string_equal(back->phones[1].ext, "12");
    assert_int_equal(back->from_qr, f->from_qr);
    kith_json_free(j);
    kith_fields_free(back);
    kith_fields_free(dup);
    kith_fields_free(f);
    kith_strbuf_release(&sb);
    kith_strbuf_release(&sb2);
}

/* --- extraction with boxes ------------------------------------------------------ */

static void add_line(kith_ocr_result *r, const char *text, int x0, int y0, int x1, int y1)
{
    r->lines = realloc(r->lines, (r->n_lines + 1) * sizeof *r->lines);
    kith_line *l = &r->lines[r->n_lines++];
    memset(l, 0, sizeof *l);
    l->text = strdup(text);
    l->box = (kith_box){x0, y0, x1, y1};
    l->height = (float)(y1 - y0);
    l->conf = 90;
    l->block = (int)r->n_lines;
    l->words = calloc(1, sizeof *l->words);
    l->words[0].text = strdup(text);
    l->words[0].box = l->box;
    l->words[0].conf = 90;
    l->n_words = 1;
}

/* Tesseract's sparse mode splits "T +44 …" into two lines on one row; the
 * label must still reach the number. */
static void extract_merges_split_rows(void **state)
{
    (void)state;
    kith_ocr_result *r = calloc(1, sizeof *r);
    r->width = 1050;
    r->height = 600;
    add_line(r, "Ingrid Okafor", 60, 50, 420, 100);
    add_line(r, "Chief Technology Officer", 60, 120, 400, 145);
    add_line(r, "M", 60, 300, 80, 322);
    add_line(r, "+44 (0)7700 900957", 100, 300, 330, 322);
    add_line(r, "F", 60, 340, 78, 362);
    add_line(r, "+44 (0)20 7946 0902", 100, 340, 340, 362);
    kith_fields *f;
    kith_err err;
    assert_int_equal(kith_extract(r, models, &f, &err), 0);
    assert_string_equal(f->name, "Ingrid Okafor");
    assert_string_equal(f->title, "Chief Technology Officer");
    assert_int_equal(f->n_phones, 2);
    assert_int_equal(f->phones[0].kind, KITH_PHONE_MOBILE);
    assert_int_equal(f->phones[1].kind, KITH_PHONE_FAX);
    assert_string_equal(f->phones[1].e164, "+442079460902");
    assert_true(f->confidence > 0.5f && f->confidence <= 1.0f);
    kith_fields_free(f);
    kith_ocr_result_free(r);
}

/* A two-column card read in sparse mode: the address column comes
 * interleaved with the contact column, the city and state in two pieces,
 * and "Suite 100" ahead of the street it belongs to. */
static void extract_two_columns(void **state)
{
    (void)state;
    kith_ocr_result *r = calloc(1, sizeof *r);
    add_line(r, "Bjorn van Dijk", 71, 60, 500, 98);
    add_line(r, "Silverline Advisory", 937, 67, 1300, 100);
    add_line(r, "T +1 512-555-0105", 63, 617, 400, 641);
    add_line(r, "Suite 100", 1196, 684, 1330, 708);
    add_line(r, "E bjorn.vandijk@silverline.io", 64, 684, 560, 708);
    add_line(r, "217 Lakeview Drive,", 877, 684, 1170, 708);
    add_line(r, "https://www.silverline.io", 64, 719, 480, 743);
    add_line(r, "Austin,", 1083, 719, 1190, 743);
    add_line(r, "TX 78733", 1212, 721, 1330, 743);
    kith_fields *f;
    kith_err err;
    assert_int_equal(kith_extract(r, models, &f, &err), 0);
    assert_string_equal(f->address, "217 Lakeview Drive, Suite 100, Austin, TX 78733");
    assert_string_equal(f->company, "Silverline Advisory");
    assert_string_equal(f->name, "Bjorn van Dijk");
    assert_int_equal(f->n_phones, 1);
    assert_string_equal(f->phones[0].e164, "+15125550105");
    assert_int_equal(f->n_emails, 1);
    assert_int_equal(f->n_urls, 1);
    kith_fields_free(f);
    kith_ocr_result_free(r);
}

/* A field object with a name and emails, for the repair tests. */
static kith_fields *person(const char *given, const char *family, const char *e1, const char *e2)
{
    kith_fields *f = kith_fields_new();
    f->given_name = strdup(given);
    f->family_name = strdup(family);
    size_t n = strlen(given) + strlen(family) + 2;
    f->name = malloc(n);
    snprintf(f->name, n, "%s %s", given, family);
    if (e1)
        kith_fields_add_email(f, e1);
    if (e2)
        kith_fields_add_email(f, e2);
    return f;
}

static void repair_email_from_name(void **state)
{
    (void)state;
    /* unsure readings one letter from a form of the name take that form */
    kith_fields *f = person("Jörg", "da Silva", "j.dasiva@redwood.eu", NULL);
    float conf[2] = {0.58f, -1};
    assert_int_equal(kith_repair_name_email(f, conf), 1);
    assert_string_equal(f->emails[0], "j.dasilva@redwood.eu");
    kith_fields_free(f);
    f = person("François", "Brandt", "forandt@marlowe.com", NULL);
    conf[0] = 0.74f;
    kith_repair_name_email(f, conf);
    assert_string_equal(f->emails[0], "fbrandt@marlowe.com");
    kith_fields_free(f);
    /* German spelling of umlauts in the address */
    f = person("Björn", "Weißmann", "bjoern.weissman@x.de", NULL);
    conf[0] = 0.5f;
    kith_repair_name_email(f, conf);
    assert_string_equal(f->emails[0], "bjoern.weissmann@x.de");
    kith_fields_free(f);
    /* a confident or unknown reading stays as read */
    f = person("John", "Smith", "jon.smith@x.com", NULL);
    conf[0] = 0.93f;
    assert_int_equal(kith_repair_name_email(f, conf), 0);
    assert_string_equal(f->emails[0], "jon.smith@x.com");
    assert_int_equal(kith_repair_name_email(f, NULL), 0);
    kith_fields_free(f);
    /* a digit the name does not have is the person's; two letters off is
     * not a slip; an address that agrees is left alone */
    f = person("John", "Smith", "jsmith2@x.com", "jsnitt@x.com");
    float two[2] = {0.3f, 0.3f};
    assert_int_equal(kith_repair_name_email(f, two), 0);
    assert_string_equal(f->emails[0], "jsmith2@x.com");
    assert_string_equal(f->emails[1], "jsnitt@x.com");
    kith_fields_free(f);
    /* a repaired address that was also read right is not listed twice */
    f = person("Siobhan", "Pritchard", "s.pritcthard@h.com", "s.pritchard@h.com");
    float both[2] = {0.6f, 0.9f};
    assert_int_equal(kith_repair_name_email(f, both), 1);
    assert_int_equal(f->n_emails, 1);
    assert_string_equal(f->emails[0], "s.pritchard@h.com");
    assert_true(both[0] > 0.85f);
    kith_fields_free(f);
}

static void repair_name_from_email(void **state)
{
    (void)state;
    kith_fields *f = person("Björn", "Weimann", "b.weissmann@t.com", NULL);
    assert_int_equal(kith_repair_name_email(f, NULL), 1);
    assert_string_equal(f->family_name, "Weißmann");
    assert_string_equal(f->name, "Björn Weißmann");
    kith_fields_free(f);
    f = person("Marcus", "BRENNA", "m.brennan@v.net", NULL);
    kith_repair_name_email(f, NULL);
    assert_string_equal(f->family_name, "BRENNAN");
    assert_string_equal(f->name, "Marcus BRENNAN");
    kith_fields_free(f);
    /* agreeing already, no address, or an address that says nothing */
    f = person("Anna", "Weiss", "anna.weiss@t.com", NULL);
    assert_int_equal(kith_repair_name_email(f, NULL), 0);
    assert_string_equal(f->family_name, "Weiss");
    kith_fields_free(f);
    f = person("Marcus", "Brenna", NULL, NULL);
    assert_int_equal(kith_repair_name_email(f, NULL), 0);
    kith_fields_free(f);
    f = person("Marcus", "Brenna", "info@v.net", NULL);
    assert_int_equal(kith_repair_name_email(f, NULL), 0);
    assert_string_equal(f->family_name, "Brenna");
    kith_fields_free(f);
}

static void repair_eszett_words(void **state)
{
    (void)state;
    char *s = kith_repair_eszett_words("Björn WeiBmann");
    assert_non_null(s);
    assert_string_equal(s, "Björn Weißmann");
    free(s);
    s = kith_repair_eszett_words("Johann StrauB");
    assert_non_null(s);
    assert_string_equal(s, "Johann Strauß");
    free(s);
    s = kith_repair_eszett_words("Aisha WeiRmann, PhD");
    assert_non_null(s);
    assert_string_equal(s, "Aisha Weißmann, PhD");
    free(s);
    /* capitals after other letters, all-caps words, lower-case words */
    assert_null(kith_repair_eszett_words("Sean McBride, LeBlanc DeRosa"));
    assert_null(kith_repair_eszett_words("WEIBMANN GmbH"));
    assert_null(kith_repair_eszett_words("heiBmann"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lexicons_ignore_case_and_stops),
        cmocka_unit_test(models_load_fails_on_missing_dir),
        cmocka_unit_test(phone_e164_normalisation),
        cmocka_unit_test(phone_labels_and_traps),
        cmocka_unit_test(phone_mobile_prefixes),
        cmocka_unit_test(name_splitting),
        cmocka_unit_test(name_word_casing),
        cmocka_unit_test(fields_json_round_trip),
        cmocka_unit_test(extract_merges_split_rows),
        cmocka_unit_test(extract_two_columns),
        cmocka_unit_test(repair_email_from_name),
        cmocka_unit_test(repair_name_from_email),
        cmocka_unit_test(repair_eszett_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
