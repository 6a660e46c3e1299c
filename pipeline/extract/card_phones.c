/*
 * card_phones.c — extraction step 4, the card's phones: the country that
 * national numbers belong to (the address's, else a +CC printed on another
 * number, else a country TLD), the repair of '+' read as '4', and the
 * numbers with E.164 forms and kinds added to the fields.
 */
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

/* --- 4. phone country ---------------------------------------------------- */

void ex_phone_country(ctx *c, kith_phone_hit *hits, size_t n)
{
    if (c->have_addr_country) {
        c->country = c->addr_country;
        c->have_country = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (hits[i].international && kith_phone_country(c->m, hits[i].number, &c->country) == 0) {
            c->have_country = 1;
            return;
        }
    /* the TLD of a website, then of an email (not a generic one) */
    for (size_t pass = 0; pass < 2; pass++) {
        char **list = pass ? c->f->emails : c->f->urls;
        size_t ln = pass ? c->f->n_emails : c->f->n_urls;
        for (size_t i = 0; i < ln; i++) {
            char hb[256];
            const char *host = pass ? strchr(list[i], '@') + 1 : ex_url_host(list[i], hb, sizeof hb);
            const char *dot = strrchr(host, '.');
            const char *v = dot ? kith_models_get(c->m, "tlds", dot + 1) : NULL;
            if (v && *v && kith_country_parse(v, &c->country) == 0) {
                c->have_country = 1;
                return;
            }
        }
    }
}

/* OCR reads '+' as '4': "41 (212) 555-0117" next to "+1 (512) …" is
 * "+1 (212) 555-0117". Repaired only when another number on the card gives
 * the same calling code. */
static void repair_plus(ctx *c, kith_phone_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        kith_phone_hit *h = &hits[i];
        if (h->international || h->number[0] != '4')
            continue;
        for (size_t j = 0; j < n; j++) {
            kith_country k;
            if (!hits[j].international || kith_phone_country(c->m, hits[j].number, &k) < 0)
                continue;
            size_t cl = strlen(k.code);
            const char *rest = h->number + 1 + cl;
            if (strncmp(h->number + 1, k.code, cl) == 0 && (*rest == ' ' || *rest == '(')) {
                h->number[0] = '+';
                h->international = 1;
                break;
            }
        }
    }
}

void ex_add_phones(ctx *c, kith_phone_hit *hits, size_t n)
{
    repair_plus(c, hits, n);
    for (size_t i = 0; i < n; i++) {
        kith_phone_hit *h = &hits[i];
        char *e164 = kith_phone_e164(c->m, h->number, c->have_country ? &c->country : NULL);
        kith_phone_kind kind = h->kind;
        if ((!h->labelled || h->kind == KITH_PHONE_OTHER) && kith_phone_is_mobile(e164))
            kind = KITH_PHONE_MOBILE;
        /* "C +44 131 496 0713": a phone icon read as the letter of a
         * mobile label; where the number carries its country code and the
         * country's mobile ranges are known, a fixed line's number is no
         * mobile */
        if (kind == KITH_PHONE_MOBILE && h->international &&
            kith_phone_is_landline(c->m, e164))
            kind = KITH_PHONE_WORK;
        kith_fields_add_phone(c->f, kind, h->number, e164, h->ext, h->labelled ? 0.9f : 0.75f);
        free(e164);
    }
    if (n) {
        float sum = 0;
        for (size_t i = 0; i < c->f->n_phones; i++)
            sum += c->f->phones[i].conf;
        c->f->conf_phones = c->f->n_phones ? sum / (float)c->f->n_phones : 0;
    }
}
