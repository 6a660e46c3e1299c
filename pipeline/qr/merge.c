/*
 * merge.c — a QR code's fields win over OCR's: each field the code carries
 * replaces the OCR value and is marked in from_qr.
 */
#include "qr/qr.h"
#include "qr/qr_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/init.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "contact/phone_id.h"

/* --- merging ------------------------------------------------------------- */

static void replace_str(char **dst, const char *src)
{
    free(*dst);
    *dst = src ? kith_xstrdup(src) : NULL;
}

void kith_fields_merge_qr(kith_fields *dst, const kith_fields *qr)
{
    if (!dst || !qr)
        return;
    unsigned bits = qr->from_qr ? qr->from_qr : qr_fields_present(qr);

    if (bits & (1u << KITH_FIELD_NAME)) {
        /* The QR name wins; OCR name parts are kept only when the QR code
         * carries none and names the same person, so the parts never
         * disagree with the name. */
        int same = dst->name && qr->name && kith_strieq(dst->name, qr->name);
        int qr_parts = qr->given_name || qr->family_name;
        replace_str(&dst->name, qr->name);
        if (qr_parts || !same) {
            replace_str(&dst->given_name, qr->given_name);
            replace_str(&dst->family_name, qr->family_name);
            replace_str(&dst->prefix, qr->prefix);
            replace_str(&dst->credentials, qr->credentials);
        }
        dst->conf_name = qr->conf_name;
    }
    if (bits & (1u << KITH_FIELD_TITLE)) {
        replace_str(&dst->title, qr->title);
        dst->conf_title = qr->conf_title;
    }
    if (bits & (1u << KITH_FIELD_COMPANY)) {
        replace_str(&dst->company, qr->company);
        dst->conf_company = qr->conf_company;
    }
    if (bits & (1u << KITH_FIELD_EMAILS)) {
        for (size_t i = 0; i < dst->n_emails; i++)
            free(dst->emails[i]);
        free(dst->emails);
        dst->emails = NULL;
        dst->n_emails = 0;
        for (size_t i = 0; i < qr->n_emails; i++)
            kith_fields_add_email(dst, qr->emails[i]);
        dst->conf_emails = qr->conf_emails;
    }
    if (bits & (1u << KITH_FIELD_PHONES)) {
        kith_phone *ocr = dst->phones;
        size_t n_ocr = dst->n_phones;
        dst->phones = NULL;
        dst->n_phones = 0;
        for (size_t i = 0; i < qr->n_phones; i++) {
            /* The QR number wins, but where OCR read the same number the
             * card's printed form is kept ("030 1234567" rather than the
             * code's "+49301234567"); a MECARD says nothing of the kind. */
            const kith_phone *ph = &qr->phones[i];
            const kith_phone *same = NULL;
            for (size_t k = 0; k < n_ocr && !same; k++)
                if (kith_phone_same_line(&ocr[k], ph))
                    same = &ocr[k];
            if (!same) {
                kith_fields_add_phone(dst, ph->kind, ph->number, ph->e164, ph->ext, ph->conf);
                continue;
            }
            kith_phone_kind kind = ph->kind == KITH_PHONE_OTHER ? same->kind : ph->kind;
            kith_fields_add_phone(dst, kind, same->number, ph->e164 ? ph->e164 : same->e164,
                                  ph->ext ? ph->ext : same->ext, ph->conf);
        }
        for (size_t i = 0; i < n_ocr; i++) {
            free(ocr[i].number);
            free(ocr[i].e164);
            free(ocr[i].ext);
        }
        free(ocr);
        dst->conf_phones = qr->conf_phones;
    }
    if (bits & (1u << KITH_FIELD_URLS)) {
        for (size_t i = 0; i < dst->n_urls; i++)
            free(dst->urls[i]);
        free(dst->urls);
        dst->urls = NULL;
        dst->n_urls = 0;
        for (size_t i = 0; i < qr->n_urls; i++)
            kith_fields_add_url(dst, qr->urls[i]);
        dst->conf_urls = qr->conf_urls;
    }
    if (bits & (1u << KITH_FIELD_ADDRESS)) {
        replace_str(&dst->address, qr->address);
        dst->conf_address = qr->conf_address;
    }
    dst->from_qr |= bits;
    qr_summarise_confidence(dst);
}
