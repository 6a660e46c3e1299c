/*
 * cmd_parse.c — `kith parse [--json] [--ocr-json]`: reads the OCR text of
 * one card on stdin (or, with --ocr-json, the OCR reading kith stores with
 * each card: lines of words with boxes and confidences), reads the card
 * from it (kith_read_card: field extraction; no image, so no QR code), and
 * prints the fields: one JSON object on one line (--json, the output
 * contract's field object) or a readable "field: value" listing.
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "common/json.h"
#include "common/paths.h"
#include "common/strbuf.h"
#include "ingest/read_card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_field(const char *label, const char *value)
{
    if (value && *value)
        printf("%-12s %s\n", label, cli_safe(value));
}

static void print_listing(const kith_fields *f)
{
    print_field("name:", f->name);
    print_field("given:", f->given_name);
    print_field("family:", f->family_name);
    print_field("prefix:", f->prefix);
    print_field("credentials:", f->credentials);
    print_field("title:", f->title);
    print_field("company:", f->company);
    print_field("department:", f->department);
    for (size_t i = 0; i < f->n_emails; i++)
        print_field("email:", f->emails[i]);
    for (size_t i = 0; i < f->n_phones; i++) {
        const kith_phone *p = &f->phones[i];
        printf("%-12s %s%s%s (%s)%s%s\n", "phone:", cli_safe(p->number), p->ext ? " ext. " : "",
               cli_safe(p->ext), kith_phone_kind_name(p->kind), p->e164 ? " " : "",
               cli_safe(p->e164));
    }
    for (size_t i = 0; i < f->n_urls; i++)
        print_field("url:", f->urls[i]);
    print_field("address:", f->address);
    printf("%-12s %.2f\n", "confidence:", (double)f->confidence);
}

int cmd_parse(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    int json = 0, ocr_json = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help("parse");
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--ocr-json") == 0)
            ocr_json = 1;
        else
            return cli_usage_error("parse", "unknown argument '%s'", argv[i]);
    }

    kith_strbuf in = KITH_STRBUF_INIT;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        kith_strbuf_add(&in, buf, n);
    if (ferror(stdin)) {
        kith_strbuf_release(&in);
        return cli_fail("cannot read stdin");
    }

    kith_err err;
    kith_models *models = NULL;
    if (kith_models_load(NULL, &models, &err) < 0) {
        kith_strbuf_release(&in);
        return cli_fail("%s", err.msg);
    }
    kith_ocr_result *ocr = NULL;
    if (!ocr_json) {
        ocr = kith_ocr_result_from_text(kith_strbuf_str(&in));
    } else if (kith_ocr_result_from_json(kith_strbuf_str(&in), &ocr, &err) < 0) {
        kith_strbuf_release(&in);
        kith_models_free(models);
        return cli_fail("%s", err.msg);
    }
    kith_strbuf_release(&in);
    kith_read_in rin = { NULL, NULL, NULL, ocr, models };
    kith_card_read card;
    int rc = KITH_EXIT_OK;
    if (kith_read_card(&rin, &card, &err) < 0) {
        rc = cli_fail("%s", err.msg);
    } else if (json) {
        kith_strbuf out = KITH_STRBUF_INIT;
        kith_fields_to_json(card.fields, &out);
        puts(kith_strbuf_str(&out));
        kith_strbuf_release(&out);
    } else {
        print_listing(card.fields);
    }
    kith_card_read_release(&card);
    kith_ocr_result_free(ocr);
    kith_models_free(models);
    return rc;
}
