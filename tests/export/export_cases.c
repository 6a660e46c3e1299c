/*
 * export_cases.c — test helper: turns each contact described in a case file
 * (tests/export/cases/NAME.json) into the files kith exports, so that real
 * parsers (vobject, ical.js, Python's csv and json) can read them back.
 *
 *   export_cases OUTDIR CASE.json...
 *
 * writes OUTDIR/NAME.v4.vcf, NAME.v3.vcf, NAME.csv (header + row) and
 * NAME.json for each case. The case format is documented in
 * tests/export/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/util.h"
#include "enrich/connection.h"
#include "export/export.h"
#include "store/store.h"

static char *str_or_null(const kith_json *obj, const char *key)
{
    const char *s = kith_json_get_str(obj, key);
    return s ? kith_xstrdup(s) : NULL;
}

static int64_t date_of(const kith_json *obj, const char *key)
{
    const char *s = kith_json_get_str(obj, key);
    int64_t t = 0;
    kith_err err;
    if (s && kith_parse_date(s, &t, &err) < 0) {
        fprintf(stderr, "export_cases: %s: %s\n", key, err.msg);
        exit(1);
    }
    return t;
}

static const kith_json *array_of(const kith_json *obj, const char *key)
{
    const kith_json *a = kith_json_get(obj, key);
    return a && a->type == KITH_JSON_ARRAY ? a : NULL;
}

/* Builds the contact the case describes; caller frees with kith_contact_free. */
static kith_contact *contact_from_case(const kith_json *cs)
{
    kith_contact *c = kith_xcalloc(1, sizeof *c);
    kith_fields *f = kith_fields_new();
    c->fields = f;
    const kith_json *v = kith_json_get(cs, "id");
    c->id = v && v->type == KITH_JSON_NUMBER ? (int64_t)v->number : 1;
    c->created_at = date_of(cs, "created_at");
    c->event = str_or_null(cs, "event");
    c->event_at = date_of(cs, "event_at");

    f->name = str_or_null(cs, "name");
    f->given_name = str_or_null(cs, "given_name");
    f->family_name = str_or_null(cs, "family_name");
    f->prefix = str_or_null(cs, "prefix");
    f->credentials = str_or_null(cs, "credentials");
    f->title = str_or_null(cs, "title");
    f->company = str_or_null(cs, "company");
    f->address = str_or_null(cs, "address");
    const kith_json *a;
    if ((a = array_of(cs, "emails")))
        for (size_t i = 0; i < a->n; i++)
            kith_fields_add_email(f, a->items[i]->string);
    if ((a = array_of(cs, "urls")))
        for (size_t i = 0; i < a->n; i++)
            kith_fields_add_url(f, a->items[i]->string);
    if ((a = array_of(cs, "phones")))
        for (size_t i = 0; i < a->n; i++) {
            kith_phone_kind kind = KITH_PHONE_OTHER;
            kith_phone_kind_parse(kith_json_get_str(a->items[i], "kind"), &kind);
            kith_fields_add_phone(f, kind, kith_json_get_str(a->items[i], "number"),
                                  kith_json_get_str(a->items[i], "e164"),
                                  kith_json_get_str(a->items[i], "ext"), 0.9f);
        }
    if ((a = array_of(cs, "notes"))) {
        c->notes = kith_xcalloc(a->n ? a->n : 1, sizeof *c->notes);
        for (size_t i = 0; i < a->n; i++) {
            c->notes[i].id = (int64_t)i + 1;
            c->notes[i].at = date_of(a->items[i], "at");
            c->notes[i].text = str_or_null(a->items[i], "text");
        }
        c->n_notes = a->n;
    }
    if ((a = array_of(cs, "interactions"))) {
        c->interactions = kith_xcalloc(a->n ? a->n : 1, sizeof *c->interactions);
        for (size_t i = 0; i < a->n; i++) {
            kith_interaction *ix = &c->interactions[i];
            ix->id = (int64_t)i + 1;
            ix->at = date_of(a->items[i], "at");
            if (kith_kind_parse(kith_json_get_str(a->items[i], "kind"), &ix->kind) < 0 ||
                kith_dir_parse(kith_json_get_str(a->items[i], "dir"), &ix->dir) < 0) {
                fprintf(stderr, "export_cases: bad interaction kind or dir\n");
                exit(1);
            }
            ix->note = str_or_null(a->items[i], "note");
        }
        c->n_interactions = a->n;
    }
    if ((a = array_of(cs, "cards"))) {
        c->card_ids = kith_xcalloc(a->n ? a->n : 1, sizeof *c->card_ids);
        for (size_t i = 0; i < a->n; i++)
            c->card_ids[i] = (int64_t)a->items[i]->number;
        c->n_cards = a->n;
        /* no images in these cases; kith_contact_free frees one per card */
        c->card_images = kith_xcalloc(a->n ? a->n : 1, sizeof *c->card_images);
    }
    return c;
}

static void write_file(const char *dir, const char *name, const char *suffix,
                       const kith_strbuf *sb)
{
    char *path = kith_xasprintf("%s/%s%s", dir, name, suffix);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(sb->buf, 1, sb->len, fp) != sb->len || fclose(fp) != 0) {
        fprintf(stderr, "export_cases: cannot write %s\n", path);
        exit(1);
    }
    free(path);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: export_cases OUTDIR CASE.json...\n");
        return 2;
    }
    kith_policy policy;
    kith_policy_default(&policy);
    for (int i = 2; i < argc; i++) {
        char *text;
        size_t len;
        kith_err err;
        kith_json *cs;
        if (kith_read_file(argv[i], &text, &len, &err) < 0 ||
            kith_json_parse(text, &cs, &err) < 0) {
            fprintf(stderr, "export_cases: %s: %s\n", argv[i], err.msg);
            return 1;
        }
        free(text);
        const char *base = strrchr(argv[i], '/');
        base = base ? base + 1 : argv[i];
        char *name = kith_xstrndup(base, strcspn(base, "."));

        kith_contact *c = contact_from_case(cs);
        int64_t now = date_of(cs, "now");
        kith_connection conn = kith_connection_eval(c->interactions, c->n_interactions,
                                                    c->n_notes, now, &policy);
        kith_strbuf sb = KITH_STRBUF_INIT;
        kith_export_vcard(c, &conn, 4, &sb);
        write_file(argv[1], name, ".v4.vcf", &sb);
        kith_strbuf_reset(&sb);
        kith_export_vcard(c, &conn, 3, &sb);
        write_file(argv[1], name, ".v3.vcf", &sb);
        kith_strbuf_reset(&sb);
        kith_export_csv_header(&sb);
        kith_export_csv_row(c, &conn, &sb);
        write_file(argv[1], name, ".csv", &sb);
        kith_strbuf_reset(&sb);
        kith_export_json(c, &conn, now, &sb);
        kith_strbuf_addc(&sb, '\n');
        write_file(argv[1], name, ".json", &sb);
        kith_strbuf_release(&sb);

        kith_contact_free(c);
        kith_json_free(cs);
        free(name);
    }
    return 0;
}
