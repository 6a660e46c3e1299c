/*
 * test_export.c — the export writers (export/export.c) on hand-built
 * contacts: vCard folding and escaping, CSV quoting, the JSON object.
 *
 * Reading the exports back with real parsers (vobject, ical.js) is
 * tests/export/roundtrip.sh; these tests pin the byte-level rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/json.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "enrich/connection.h"
#include "export/export.h"
#include "store/store.h"

#define DAY 86400
#define NOW ((int64_t)1780272000)  /* 2026-06-01 */

/* A contact with only fields (no notes, interactions or cards). */
static kith_contact *contact_new(int64_t id)
{
    kith_contact *c = kith_xcalloc(1, sizeof *c);
    c->id = id;
    c->created_at = NOW - 30 * DAY;
    c->fields = kith_fields_new();
    return c;
}

static void contact_free(kith_contact *c)
{
    kith_fields_free(c->fields);
    free(c->event);
    for (size_t i = 0; i < c->n_notes; i++)
        free(c->notes[i].text);
    free(c->notes);
    free(c->interactions);
    free(c->card_ids);
    free(c);
}

static kith_connection unconnected(void)
{
    kith_policy p;
    kith_policy_default(&p);
    return kith_connection_eval(NULL, 0, 0, NOW, &p);
}

static char *vcard_of(const kith_contact *c, int version)
{
    kith_strbuf sb = KITH_STRBUF_INIT;
    kith_connection conn = unconnected();
    kith_export_vcard(c, &conn, version, &sb);
    return kith_strbuf_detach(&sb);
}

/* Is s[0..n) valid UTF-8 on its own? */
static int utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t len = s[i] < 0x80 ? 1 : s[i] >= 0xf0 ? 4 : s[i] >= 0xe0 ? 3 : s[i] >= 0xc2 ? 2 : 0;
        if (len == 0 || i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

/* Checks the physical form of a vCard (CRLF only, at most 75 octets a line,
 * no character split by a fold) and returns its logical lines unfolded. */
static void check_and_unfold(const char *card, kith_strlist *logical)
{
    kith_strbuf cur = KITH_STRBUF_INIT;
    int have = 0;
    const char *p = card;
    while (*p) {
        const char *crlf = strstr(p, "\r\n");
        assert_non_null(crlf);
        size_t n = (size_t)(crlf - p);
        assert_true(n <= 75);
        assert_null(memchr(p, '\n', n));
        assert_null(memchr(p, '\r', n));
        if (*p == ' ') {
            assert_true(have);
            assert_true(n > 1);
            assert_true(utf8_ok((const unsigned char *)p + 1, n - 1));
            kith_strbuf_add(&cur, p + 1, n - 1);
        } else {
            assert_true(utf8_ok((const unsigned char *)p, n));
            if (have)
                kith_strlist_push(logical, kith_strbuf_str(&cur));
            kith_strbuf_reset(&cur);
            kith_strbuf_add(&cur, p, n);
            have = 1;
        }
        p = crlf + 2;
    }
    if (have)
        kith_strlist_push(logical, kith_strbuf_str(&cur));
    kith_strbuf_release(&cur);
}

/* The logical line of a property (by its name and parameters), or NULL. */
static const char *prop(const kith_strlist *lines, const char *name_and_params)
{
    size_t n = strlen(name_and_params);
    for (size_t i = 0; i < lines->n; i++)
        if (strncmp(lines->items[i], name_and_params, n) == 0 && lines->items[i][n] == ':')
            return lines->items[i] + n + 1;
    return NULL;
}

static void test_fold_never_splits_utf8(void **state)
{
    (void)state;
    /* Every width of character at every offset: 1-, 2-, 3- and 4-byte
     * characters in a repeating pattern long enough for several folds. */
    kith_strbuf name = KITH_STRBUF_INIT;
    for (int i = 0; i < 40; i++)
        kith_strbuf_adds(&name, i % 4 == 0 ? "a" : i % 4 == 1 ? "\xc3\xa4" /* ä */
                                : i % 4 == 2 ? "\xe6\x9d\xb1" /* 東 */
                                             : "\xf0\x9f\x8e\x89" /* 🎉 */);
    kith_strbuf_adds(&name, "x");
    for (int shift = 0; shift < 4; shift++) {
        kith_contact *c = contact_new(1);
        kith_strbuf v = KITH_STRBUF_INIT;
        for (int k = 0; k < shift; k++)
            kith_strbuf_addc(&v, 'z');
        kith_strbuf_adds(&v, kith_strbuf_str(&name));
        c->fields->name = kith_xstrdup(kith_strbuf_str(&v));
        char *card = vcard_of(c, 4);
        kith_strlist lines = KITH_STRLIST_INIT;
        check_and_unfold(card, &lines);
        assert_string_equal(prop(&lines, "FN"), kith_strbuf_str(&v));
        /* it really was folded */
        assert_non_null(strstr(card, "\r\n "));
        kith_strlist_clear(&lines);
        free(card);
        kith_strbuf_release(&v);
        contact_free(c);
    }
    kith_strbuf_release(&name);
}

static void test_fold_at_75_octets(void **state)
{
    (void)state;
    /* "FN:" + 72 ASCII = 75 octets: not folded; one more: folded after 75. */
    for (int extra = 0; extra <= 1; extra++) {
        kith_contact *c = contact_new(1);
        char v[80];
        memset(v, 'n', sizeof v);
        v[72 + extra] = '\0';
        c->fields->name = kith_xstrdup(v);
        char *card = vcard_of(c, 4);
        const char *fn = strstr(card, "\r\nFN:") + 2;
        const char *end = strstr(fn, "\r\n");
        assert_int_equal(end - fn, 75);
        if (extra)
            assert_memory_equal(end, "\r\n n\r\n", 6);
        else
            assert_memory_equal(end, "\r\nN:", 4);
        free(card);
        contact_free(c);
    }
}

static void test_escaping(void **state)
{
    (void)state;
    kith_contact *c = contact_new(7);
    kith_fields *f = c->fields;
    f->name = kith_xstrdup("A\\B, C; D\nE\r\nF");
    f->family_name = kith_xstrdup("Fam;ily, X");
    f->given_name = kith_xstrdup("Gi\\ven");
    f->prefix = kith_xstrdup("Dr.");
    f->credentials = kith_xstrdup("PhD, MBA");
    f->company = kith_xstrdup("Acme; Sales, EU");
    f->address = kith_xstrdup("1 Road; Floor 2, Town");
    c->event = kith_xstrdup("Summit, 2026; Lisbon");
    kith_fields_add_url(f, "https://x.example/a,b;c d");

    char *card = vcard_of(c, 4);
    kith_strlist lines = KITH_STRLIST_INIT;
    check_and_unfold(card, &lines);
    /* text: backslash, comma and newlines escaped; a semicolon is left alone
     * outside compound values */
    assert_string_equal(prop(&lines, "FN"), "A\\\\B\\, C; D\\nE\\nF");
    /* compound values also escape the semicolon */
    assert_string_equal(prop(&lines, "N"), "Fam\\;ily\\, X;Gi\\\\ven;;Dr.;PhD\\, MBA");
    assert_string_equal(prop(&lines, "ORG"), "Acme\\; Sales\\, EU");
    assert_string_equal(prop(&lines, "ADR;TYPE=work"), ";;1 Road\\; Floor 2\\, Town;;;;");
    assert_string_equal(prop(&lines, "CATEGORIES"), "Summit\\, 2026; Lisbon");
    /* URIs are percent-encoded instead */
    assert_string_equal(prop(&lines, "URL;TYPE=work"), "https://x.example/a%2Cb%3Bc%20d");
    assert_string_equal(prop(&lines, "X-KITH-STATUS"), "unconnected");
    assert_string_equal(prop(&lines, "X-KITH-MISSING;VALUE=text"),
                        "active\\, reciprocal\\, personal");
    kith_strlist_clear(&lines);
    free(card);
    /* the department is ORG's unit, a second component */
    f->department = kith_xstrdup("Cloud; AI");
    card = vcard_of(c, 4);
    check_and_unfold(card, &lines);
    assert_string_equal(prop(&lines, "ORG"), "Acme\\; Sales\\, EU;Cloud\\; AI");
    kith_strlist_clear(&lines);
    free(card);
    contact_free(c);
}

static void test_structure_and_types(void **state)
{
    (void)state;
    kith_contact *c = contact_new(9);
    kith_fields *f = c->fields;
    kith_fields_add_email(f, "a@b.example");
    kith_fields_add_phone(f, KITH_PHONE_WORK, "+44 20 7946 0958", "+442079460958", "12", 1);
    kith_fields_add_phone(f, KITH_PHONE_MOBILE, "07700 900123", NULL, NULL, 1);
    kith_fields_add_phone(f, KITH_PHONE_FAX, "+44 20 7946 0959", "+442079460959", NULL, 1);

    char *v4 = vcard_of(c, 4);
    assert_true(strncmp(v4, "BEGIN:VCARD\r\nVERSION:4.0\r\n", 26) == 0);
    assert_non_null(strstr(v4, "\r\nEND:VCARD\r\n"));
    kith_strlist l4 = KITH_STRLIST_INIT;
    check_and_unfold(v4, &l4);
    /* no name at all: FN falls back to the e-mail, N is still there */
    assert_string_equal(prop(&l4, "FN"), "a@b.example");
    assert_string_equal(prop(&l4, "N"), ";;;;");
    assert_string_equal(prop(&l4, "TEL;VALUE=uri;TYPE=work,voice"), "tel:+442079460958;ext=12");
    assert_string_equal(prop(&l4, "TEL;VALUE=text;TYPE=cell"), "07700 900123");
    assert_string_equal(prop(&l4, "TEL;VALUE=uri;TYPE=fax"), "tel:+442079460959");
    assert_string_equal(prop(&l4, "EMAIL;TYPE=work"), "a@b.example");

    char *v3 = vcard_of(c, 3);
    assert_true(strncmp(v3, "BEGIN:VCARD\r\nVERSION:3.0\r\n", 26) == 0);
    kith_strlist l3 = KITH_STRLIST_INIT;
    check_and_unfold(v3, &l3);
    assert_string_equal(prop(&l3, "TEL;TYPE=WORK,VOICE"), "+44 20 7946 0958 ext. 12");
    assert_string_equal(prop(&l3, "TEL;TYPE=CELL"), "07700 900123");
    assert_string_equal(prop(&l3, "TEL;TYPE=FAX"), "+44 20 7946 0959");
    assert_string_equal(prop(&l3, "EMAIL;TYPE=INTERNET,WORK"), "a@b.example");
    /* the same contact has the same UID in both versions */
    assert_string_equal(prop(&l3, "UID"), prop(&l4, "UID"));

    kith_strlist_clear(&l4);
    kith_strlist_clear(&l3);
    free(v4);
    free(v3);
    contact_free(c);
}

static void test_uid_stable_and_distinct(void **state)
{
    (void)state;
    kith_contact *a = contact_new(5);
    kith_contact *b = contact_new(5);
    kith_contact *other = contact_new(6);
    a->fields->name = kith_xstrdup("Same Person");
    b->fields->name = kith_xstrdup("Renamed Later");
    char *ca = vcard_of(a, 4), *cb = vcard_of(b, 4), *co = vcard_of(other, 4);
    kith_strlist la = KITH_STRLIST_INIT, lb = KITH_STRLIST_INIT, lo = KITH_STRLIST_INIT;
    check_and_unfold(ca, &la);
    check_and_unfold(cb, &lb);
    check_and_unfold(co, &lo);
    const char *uid = prop(&la, "UID");
    assert_string_equal(uid, prop(&lb, "UID"));          /* stable across edits */
    assert_string_not_equal(uid, prop(&lo, "UID"));      /* distinct per contact */
    /* urn:uuid:xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx */
    assert_int_equal(strlen(uid), 9 + 36);
    assert_true(strncmp(uid, "urn:uuid:", 9) == 0);
    assert_int_equal(uid[9 + 14], '8');
    assert_non_null(strchr("89ab", uid[9 + 19]));
    kith_strlist_clear(&la);
    kith_strlist_clear(&lb);
    kith_strlist_clear(&lo);
    free(ca);
    free(cb);
    free(co);
    contact_free(a);
    contact_free(b);
    contact_free(other);
}

/* Splits one CSV record (RFC 4180) starting at *p; advances *p past its
 * CRLF. Returns the number of fields. */
static size_t csv_record(const char **p, kith_strlist *fields)
{
    kith_strbuf cell = KITH_STRBUF_INIT;
    const char *s = *p;
    for (;;) {
        if (*s == '"') {
            for (s++;; s++) {
                assert_true(*s != '\0');
                if (*s == '"' && s[1] == '"') {
                    kith_strbuf_addc(&cell, '"');
                    s++;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    kith_strbuf_addc(&cell, *s);
                }
            }
        } else {
            while (*s && *s != ',' && *s != '\r') {
                assert_true(*s != '"' && *s != '\n');
                kith_strbuf_addc(&cell, *s++);
            }
        }
        kith_strlist_push(fields, kith_strbuf_str(&cell));
        kith_strbuf_reset(&cell);
        if (*s == ',') {
            s++;
            continue;
        }
        assert_true(s[0] == '\r' && s[1] == '\n');
        s += 2;
        break;
    }
    kith_strbuf_release(&cell);
    *p = s;
    return fields->n;
}

static const char *csv_col(const kith_strlist *head, const kith_strlist *row, const char *name)
{
    for (size_t i = 0; i < head->n; i++)
        if (strcmp(head->items[i], name) == 0)
            return row->items[i];
    fail_msg("no column %s", name);
    return NULL;
}

static void test_csv_quoting(void **state)
{
    (void)state;
    kith_contact *c = contact_new(3);
    kith_fields *f = c->fields;
    f->name = kith_xstrdup("Plain Name");
    f->company = kith_xstrdup("Quote \"Inc\", Ltd");
    f->title = kith_xstrdup("Line one\nline two");
    f->department = kith_xstrdup("Export");
    f->given_name = kith_xstrdup("Zoë; 花子 🎉");
    for (int i = 0; i < 5; i++) {
        char e[32];
        snprintf(e, sizeof e, "p%d@x.example", i);
        kith_fields_add_email(f, e);
    }
    kith_fields_add_phone(f, KITH_PHONE_MOBILE, "+1 555 0100", "+15550100", NULL, 1);
    c->event = kith_xstrdup("Expo");

    kith_strbuf sb = KITH_STRBUF_INIT;
    kith_connection conn = unconnected();
    kith_export_csv_header(&sb);
    kith_export_csv_row(c, &conn, &sb);
    const char *p = kith_strbuf_str(&sb);
    kith_strlist head = KITH_STRLIST_INIT, row = KITH_STRLIST_INIT;
    size_t nh = csv_record(&p, &head);
    size_t nr = csv_record(&p, &row);
    assert_int_equal(nh, nr);
    assert_int_equal(*p, '\0');
    /* only fields that need it are quoted */
    assert_non_null(strstr(kith_strbuf_str(&sb), "\r\nPlain Name,"));
    assert_non_null(strstr(kith_strbuf_str(&sb), ",\"Quote \"\"Inc\"\", Ltd\","));
    assert_string_equal(csv_col(&head, &row, "Name"), "Plain Name");
    assert_string_equal(csv_col(&head, &row, "Given Name"), "Zoë; 花子 🎉");
    assert_string_equal(csv_col(&head, &row, "Organization 1 - Name"), "Quote \"Inc\", Ltd");
    assert_string_equal(csv_col(&head, &row, "Organization 1 - Title"), "Line one\nline two");
    assert_string_equal(csv_col(&head, &row, "Organization 1 - Department"), "Export");
    assert_string_equal(csv_col(&head, &row, "E-mail 1 - Value"), "p0@x.example");
    assert_string_equal(csv_col(&head, &row, "E-mail 3 - Value"),
                        "p2@x.example ::: p3@x.example ::: p4@x.example");
    assert_string_equal(csv_col(&head, &row, "Phone 1 - Type"), "Mobile");
    assert_string_equal(csv_col(&head, &row, "Phone 2 - Value"), "");
    assert_string_equal(csv_col(&head, &row, "Group Membership"), "* myContacts ::: Expo");
    assert_string_equal(csv_col(&head, &row, "Custom Field 1 - Value"), "unconnected");
    kith_strlist_clear(&head);
    kith_strlist_clear(&row);
    kith_strbuf_release(&sb);
    contact_free(c);
}

/* issue 15: OWASP CSV injection — a cell a spreadsheet would take for a
 * formula starts with a single quote; plain phone numbers stay as they are */
static void test_csv_formulas_neutralised(void **state)
{
    (void)state;
    kith_contact *c = contact_new(4);
    kith_fields *f = c->fields;
    f->name = kith_xstrdup("=1+2");
    f->company = kith_xstrdup("=HYPERLINK(\"http://evil.example\",\"x\")");
    f->title = kith_xstrdup("+cmd|' /C calc'!A0");
    f->given_name = kith_xstrdup("-2+3");
    f->family_name = kith_xstrdup("@SUM(A1)");
    f->prefix = kith_xstrdup("\tTab");
    f->credentials = kith_xstrdup("\rCR");
    f->address = kith_xstrdup("a=b, not at the start");
    kith_fields_add_email(f, "=x@evil.example");
    kith_fields_add_url(f, "@evil");
    kith_fields_add_phone(f, KITH_PHONE_MOBILE, "+1 555 0100", "+15550100", NULL, 1);
    kith_fields_add_phone(f, KITH_PHONE_WORK, "+1 555 0101 =A1", NULL, NULL, 1);
    kith_fields_add_phone(f, KITH_PHONE_WORK, "+49 40 1234 5601 ext. 7", NULL, NULL, 1);
    kith_fields_add_phone(f, KITH_PHONE_FAX, "+1 555 0103 HYPERLINK(1)", NULL, NULL, 1);

    kith_strbuf sb = KITH_STRBUF_INIT;
    kith_connection conn = unconnected();
    kith_export_csv_header(&sb);
    kith_export_csv_row(c, &conn, &sb);
    const char *p = kith_strbuf_str(&sb);
    kith_strlist head = KITH_STRLIST_INIT, row = KITH_STRLIST_INIT;
    size_t nh = csv_record(&p, &head);
    size_t nr = csv_record(&p, &row);
    assert_int_equal(nh, nr);
    assert_string_equal(csv_col(&head, &row, "Name"), "'=1+2");
    assert_string_equal(csv_col(&head, &row, "Organization 1 - Name"),
                        "'=HYPERLINK(\"http://evil.example\",\"x\")");
    assert_string_equal(csv_col(&head, &row, "Organization 1 - Title"), "'+cmd|' /C calc'!A0");
    assert_string_equal(csv_col(&head, &row, "Given Name"), "'-2+3");
    assert_string_equal(csv_col(&head, &row, "Family Name"), "'@SUM(A1)");
    assert_string_equal(csv_col(&head, &row, "Name Prefix"), "'\tTab");
    assert_string_equal(csv_col(&head, &row, "Name Suffix"), "'\rCR");
    assert_string_equal(csv_col(&head, &row, "Address 1 - Formatted"), "a=b, not at the start");
    assert_string_equal(csv_col(&head, &row, "E-mail 1 - Value"), "'=x@evil.example");
    assert_string_equal(csv_col(&head, &row, "Website 1 - Value"), "'@evil");
    assert_string_equal(csv_col(&head, &row, "Phone 1 - Value"), "+1 555 0100");
    assert_string_equal(csv_col(&head, &row, "Phone 2 - Value"), "'+1 555 0101 =A1");
    assert_string_equal(csv_col(&head, &row, "Phone 3 - Value"), "+49 40 1234 5601 ext. 7");
    assert_string_equal(csv_col(&head, &row, "Phone 4 - Value"), "'+1 555 0103 HYPERLINK(1)");
    kith_strlist_clear(&head);
    kith_strlist_clear(&row);
    kith_strbuf_release(&sb);
    contact_free(c);
}

static void test_json_object(void **state)
{
    (void)state;
    kith_contact *c = contact_new(42);
    c->fields->name = kith_xstrdup("Ada \"Countess\" Lovelace");
    c->event = kith_xstrdup("Analytical Expo");
    c->event_at = NOW - 30 * DAY;
    c->notes = kith_xcalloc(1, sizeof *c->notes);
    c->notes[0].at = NOW - 20 * DAY;
    c->notes[0].text = kith_xstrdup("writes poetry\nand code");
    c->n_notes = 1;
    c->interactions = kith_xcalloc(3, sizeof *c->interactions);
    c->interactions[0] = (kith_interaction){1, KITH_KIND_BROADCAST, KITH_DIR_OUT, NOW - 40 * DAY, NULL};
    c->interactions[1] = (kith_interaction){2, KITH_KIND_MEETING, KITH_DIR_BOTH, NOW - 10 * DAY, NULL};
    c->interactions[2] = (kith_interaction){3, KITH_KIND_CALL, KITH_DIR_OUT, NOW - 2 * DAY, NULL};
    c->n_interactions = 3;
    c->card_ids = kith_xcalloc(2, sizeof *c->card_ids);
    c->card_ids[0] = 7;
    c->card_ids[1] = 8;
    c->n_cards = 2;

    kith_policy pol;
    kith_policy_default(&pol);
    kith_connection conn = kith_connection_eval(c->interactions, 3, 1, NOW, &pol);
    kith_strbuf sb = KITH_STRBUF_INIT;
    kith_export_json(c, &conn, NOW, &sb);
    kith_json *j;
    kith_err err;
    assert_int_equal(kith_json_parse(kith_strbuf_str(&sb), &j, &err), 0);
    assert_int_equal((int)kith_json_get(j, "id")->number, 42);
    assert_string_equal(kith_json_get_str(j, "name"), "Ada \"Countess\" Lovelace");
    assert_string_equal(kith_json_get_str(j, "event"), "Analytical Expo");
    assert_string_equal(kith_json_get_str(j, "event_at"), "2026-05-02");
    const kith_json *notes = kith_json_get(j, "notes");
    assert_int_equal(notes->n, 1);
    assert_string_equal(kith_json_get_str(notes->items[0], "text"), "writes poetry\nand code");
    assert_string_equal(kith_json_get_str(notes->items[0], "at"), "2026-05-12");
    const kith_json *ix = kith_json_get(j, "interactions");
    assert_int_equal(ix->n, 3);
    assert_string_equal(kith_json_get_str(ix->items[0], "kind"), "broadcast");
    assert_false(kith_json_get(ix->items[0], "counts")->boolean);
    assert_string_equal(kith_json_get_str(ix->items[1], "dir"), "both");
    assert_string_equal(kith_json_get_str(ix->items[2], "at"), "2026-05-30");
    const kith_json *cards = kith_json_get(j, "cards");
    assert_int_equal(cards->n, 2);
    assert_int_equal((int)cards->items[1]->number, 8);
    assert_string_equal(kith_json_get_str(j, "status"), "connected");
    assert_true(kith_json_get(j, "active")->boolean);
    assert_int_equal(kith_json_get(j, "missing")->n, 0);
    assert_int_equal((int)kith_json_get(j, "days_since_last")->number, 2);
    kith_json_free(j);

    /* an unconnected contact lists what is missing */
    kith_strbuf_reset(&sb);
    kith_connection none = unconnected();
    kith_export_json(c, &none, NOW, &sb);
    assert_int_equal(kith_json_parse(kith_strbuf_str(&sb), &j, &err), 0);
    const kith_json *missing = kith_json_get(j, "missing");
    assert_int_equal(missing->n, 3);
    assert_string_equal(missing->items[0]->string, "active");
    assert_string_equal(missing->items[2]->string, "personal");
    assert_false(kith_json_get(j, "personal")->boolean);
    kith_json_free(j);
    kith_strbuf_release(&sb);
    contact_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_never_splits_utf8),
        cmocka_unit_test(test_fold_at_75_octets),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_structure_and_types),
        cmocka_unit_test(test_uid_stable_and_distinct),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_formulas_neutralised),
        cmocka_unit_test(test_json_object),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
