/*
 * extract.c — the extraction stage: OCR lines in, contact fields out.
 *
 * In order:
 *   1. rows: OCR lines (merged when tesseract split one printed row) are cut
 *      into segments at separators such as " | " and " · ";
 *   2. contact data: emails, websites and phones are read with patterns that
 *      tolerate OCR confusions only where the repaired value validates;
 *      social handles are set aside;
 *   3. the postal address: the first run of segments with address evidence
 *      (street + number, postcode + city, country), joined with ", ";
 *   4. the phone country (the address's, else a +CC printed on another
 *      number, else the website's or email's country TLD) gives E.164 forms;
 *   5. the department (a line with a department word), then name, title and company: every remaining segment is scored for each
 *      role from lexicons (given names, title words, company suffixes and
 *      words), layout (text height, position next to the name) and agreement
 *      with the email and web domain; a role is filled only above a bar.
 */
#include "extract/extract.h"
#include "extract/extract_int.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "extract/name.h"
#include "extract/phone.h"
#include "extract/repair.h"
#include "common/text.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the stage ------------------------------------------------------------- */

static void contact_data(ctx *c, kith_phone_hit **all, size_t *n_all)
{
    float conf_e = 0, conf_u = 0;
    for (size_t i = 0; i < c->n; i++) {
        seg *s = &c->segs[i];
        int handles = 0, social = 0;
        size_t ne = c->f->n_emails, nu = c->f->n_urls;
        int emails = ex_find_emails(c, s->text, &handles);
        if (c->f->n_emails > ne) {
            c->email_conf = kith_xrealloc(c->email_conf, c->f->n_emails * sizeof *c->email_conf);
            for (size_t e = ne; e < c->f->n_emails; e++)
                c->email_conf[e] = s->ocr_conf;
        }
        if (ex_is_social(c, s->text) && !emails) {
            s->kind = SEG_SOCIAL;
            continue;
        }
        int urls = ex_find_urls(c, s->text, &social);
        if (social && !emails && !urls) {
            s->kind = SEG_SOCIAL;
            continue;
        }
        if (handles && !emails && !urls) {
            s->kind = SEG_SOCIAL;
            continue;
        }
        kith_phone_hit *hits;
        size_t nh = kith_phone_find(c->m, s->text, &hits);
        /* "Tel: 03-764 8421 | +971 55 126 1549": the row was cut at the
         * "|"; the label before the first number labels the next too */
        if (nh && !hits[0].labelled && i > 0 && c->segs[i - 1].row == s->row && *n_all &&
            (*all)[*n_all - 1].labelled && (*all)[*n_all - 1].kind != KITH_PHONE_OTHER &&
            c->segs[i - 1].kind == SEG_CONTACT && (isdigit((unsigned char)s->text[0]) ||
                                                  s->text[0] == '+' || s->text[0] == '(')) {
            hits[0].labelled = 1;
            hits[0].kind = (*all)[*n_all - 1].kind;
        }
        if (emails || urls || nh) {
            s->kind = SEG_CONTACT;
            if (c->f->n_emails > ne)
                conf_e = conf_e > 0 ? fminf(conf_e, s->conf) : s->conf;
            if (c->f->n_urls > nu)
                conf_u = conf_u > 0 ? fminf(conf_u, s->conf) : s->conf;
        }
        if (nh) {
            *all = kith_xrealloc(*all, (*n_all + nh) * sizeof **all);
            memcpy(*all + *n_all, hits, nh * sizeof *hits);
            *n_all += nh;
        }
        free(hits);
    }
    /* "astereu" alone on a line where the email says aster.eu: the website
     * with its dot lost */
    for (size_t i = 0; i < c->n; i++) {
        seg *s = &c->segs[i];
        if (s->kind != SEG_TEXT || strchr(s->text, ' '))
            continue;
        for (size_t e = 0; e < c->f->n_emails; e++) {
            const char *d = strchr(c->f->emails[e], '@') + 1;
            char *flat = kith_xstrdup(d);
            size_t w = 0;
            for (size_t r = 0; flat[r]; r++)
                if (flat[r] != '.')
                    flat[w++] = flat[r];
            flat[w] = '\0';
            if (kith_strieq(s->text, flat) && strlen(flat) >= 5) {
                kith_fields_add_url(c->f, d);
                s->kind = SEG_CONTACT;
                conf_u = conf_u > 0 ? fminf(conf_u, s->conf * 0.8f) : s->conf * 0.8f;
            }
            free(flat);
        }
    }
    c->f->conf_emails = 0.95f * conf_e;
    c->f->conf_urls = 0.9f * conf_u;
}


static void summarise(kith_fields *f)
{
    float sum = 0;
    int n = 0;
    const struct {
        const void *present;
        float conf;
    } parts[] = {
        {f->name, f->conf_name},         {f->title, f->conf_title},
        {f->company, f->conf_company},   {f->n_emails ? f : NULL, f->conf_emails},
        {f->n_phones ? f : NULL, f->conf_phones}, {f->n_urls ? f : NULL, f->conf_urls},
        {f->address, f->conf_address},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i].present) {
            sum += parts[i].conf;
            n++;
        }
    f->confidence = n ? sum / (float)n : 0;
}
int kith_extract(const kith_ocr_result *ocr, const kith_models *models, kith_fields **out,
                 kith_err *err)
{
    if (!ocr || !models)
        return kith_error(err, "extract: no OCR result or models");
    ctx *c = kith_xcalloc(1, sizeof *c);
    c->m = models;
    c->f = kith_fields_new();
    c->name_seg = MAX_SEGS;

    ex_row *rows;
    size_t nr = ex_build_rows(ocr, models, &rows);
    for (size_t i = 0; i < nr; i++) {
        rows[i].line.text = rows[i].text;
        c->row_min_conf = rows[i].min_conf;
        ex_split_row(c, &rows[i].line, i);
        free(rows[i].text);
    }
    free(rows);

    kith_phone_hit *hits = NULL;
    size_t n_hits = 0;
    contact_data(c, &hits, &n_hits);
    ex_repair_domains(c);
    ex_drop_url_fragments(c);
    ex_find_address(c);
    ex_phone_country(c, hits, n_hits);
    ex_add_phones(c, hits, n_hits);
    kith_phone_hits_free(hits, n_hits);

    ex_split_combined(c);
    ex_find_department(c);
    ex_join_stacked(c);
    ex_layout_stats(c);
    ex_people_fields(c);
    kith_repair_company(c->m, c->f);
    kith_repair_given_accents(c->m, c->f);
    kith_repair_name_email(c->f, c->email_conf);
    summarise(c->f);

    for (size_t i = 0; i < c->n; i++)
        free(c->segs[i].text);
    free(c->email_conf);
    *out = c->f;
    free(c);
    return 0;
}
