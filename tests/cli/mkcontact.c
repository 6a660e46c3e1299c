/*
 * mkcontact.c — test tool (not a test): puts one card's fields into a kith
 * database through the store API, as `kith scan` would after OCR, so the
 * end-to-end tests of the contact commands do not depend on OCR.
 *
 *   kith-mkcontact DB [--name N] [--given G] [--family F] [--title T]
 *                     [--company C] [--email E]... [--phone P]... [--url U]...
 *                     [--address A] [--event NAME] [--at YYYY-MM-DD]
 *                     [--source PATH] [--sha HEX] [--image PNG]
 *                     [--ocr-json FILE]
 *
 * Prints "ID OUTCOME" (new, merged or duplicate). The card's file hash is
 * --sha, else the SHA-256 of the arguments, so the same command twice is the
 * same card (a duplicate) and different fields are different cards.
 */
#include "common/util.h"
#include "common/models.h"
#include "contact/fields.h"
#include "enrich/match.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fputs("usage: kith-mkcontact DB [--name N] [--given G] [--family F] [--title T]\n"
          "         [--company C] [--email E]... [--phone P]... [--url U]... [--address A]\n"
          "         [--event NAME] [--at YYYY-MM-DD] [--source PATH] [--sha HEX]\n"
          "         [--image PNG] [--ocr-json FILE]\n",
          stderr);
    return 2;
}

static void set(char **field, const char *v)
{
    free(*field);
    *field = kith_xstrdup(v);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return usage();
    const char *db = argv[1], *event = NULL, *sha = NULL, *source = "test-card.png";
    char *image = NULL, *ocr_json = NULL;
    size_t image_len = 0, ocr_len = 0;
    int64_t at = kith_now();
    kith_err err;
    kith_fields *f = kith_fields_new();
    kith_strbuf all = KITH_STRBUF_INIT;
    int given_set = 0, rc = 0;
    for (int i = 2; i < argc && rc == 0; i++) {
        if (i + 1 >= argc) {
            rc = usage();
            break;
        }
        const char *o = argv[i], *v = argv[++i];
        kith_strbuf_addf(&all, "%s=%s\n", o, v);
        if (strcmp(o, "--name") == 0) {
            set(&f->name, v);
        } else if (strcmp(o, "--given") == 0) {
            set(&f->given_name, v);
            given_set = 1;
        } else if (strcmp(o, "--family") == 0) {
            set(&f->family_name, v);
        } else if (strcmp(o, "--title") == 0) {
            set(&f->title, v);
        } else if (strcmp(o, "--company") == 0) {
            set(&f->company, v);
        } else if (strcmp(o, "--email") == 0) {
            kith_fields_add_email(f, v);
        } else if (strcmp(o, "--phone") == 0) {
            kith_fields_add_phone(f, KITH_PHONE_WORK, v, NULL, NULL, 1.0f);
        } else if (strcmp(o, "--url") == 0) {
            kith_fields_add_url(f, v);
        } else if (strcmp(o, "--address") == 0) {
            set(&f->address, v);
        } else if (strcmp(o, "--event") == 0) {
            event = v;
        } else if (strcmp(o, "--source") == 0) {
            source = v;
        } else if (strcmp(o, "--sha") == 0) {
            sha = v;
        } else if (strcmp(o, "--image") == 0) {
            free(image);
            image = NULL;
            if (kith_read_file(v, &image, &image_len, &err) < 0) {
                fprintf(stderr, "kith-mkcontact: %s\n", err.msg);
                rc = 2;
            }
        } else if (strcmp(o, "--ocr-json") == 0) {
            free(ocr_json);
            ocr_json = NULL;
            if (kith_read_file(v, &ocr_json, &ocr_len, &err) < 0) {
                fprintf(stderr, "kith-mkcontact: %s\n", err.msg);
                rc = 2;
            }
        } else if (strcmp(o, "--at") == 0) {
            if (kith_parse_date(v, &at, &err) < 0) {
                fprintf(stderr, "kith-mkcontact: %s\n", err.msg);
                rc = 2;
            }
        } else {
            rc = usage();
        }
    }
    if (rc) {
        kith_strbuf_release(&all);
        kith_fields_free(f);
        free(image);
        free(ocr_json);
        return rc;
    }
    /* a name without --given: the first word is the given name */
    if (f->name && !given_set) {
        const char *sp = strchr(f->name, ' ');
        f->given_name = sp ? kith_xstrndup(f->name, (size_t)(sp - f->name)) : kith_xstrdup(f->name);
        if (sp && !f->family_name)
            f->family_name = kith_xstrdup(sp + 1);
    }
    f->confidence = 1.0f;

    char hash[65];
    if (!sha) {
        kith_sha256_hex(all.buf ? all.buf : "", all.len, hash);
        sha = hash;
    }
    kith_card_in card;
    memset(&card, 0, sizeof card);
    card.source_path = source;
    card.sha256 = sha;
    card.ocr_text = "";
    card.ocr_json = ocr_json;
    card.image_png = image;
    card.image_png_len = image_len;
    card.fields = f;
    card.event = event;
    card.scanned_at = at;

    kith_store *st;
    kith_models *models = NULL;
    int64_t id = 0;
    kith_ingest_outcome outcome;
    rc = 1;
    if (kith_models_load(NULL, &models, &err) == 0 && kith_store_open(db, &st, &err) == 0) {
        card.match = kith_match_decide_fn;
        card.match_ctx = models;
        if (kith_store_add_card(st, &card, &id, &outcome, &err) == 0) {
            printf("%lld %s\n", (long long)id,
                   outcome == KITH_INGEST_NEW      ? "new"
                   : outcome == KITH_INGEST_MERGED ? "merged"
                                                   : "duplicate");
            rc = 0;
        }
        kith_store_close(st);
    }
    kith_models_free(models);
    if (rc)
        fprintf(stderr, "kith-mkcontact: %s\n", err.msg);
    kith_strbuf_release(&all);
    kith_fields_free(f);
    free(image);
    free(ocr_json);
    return rc;
}
