/*
 * mecard.c — MECARD payloads ("MECARD:N:Doe,Jane;TEL:…;;") into kith_fields.
 */
#include "qr/qr.h"
#include "qr/qr_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/init.h"
#include "common/strbuf.h"
#include "common/util.h"

/* --- MECARD -------------------------------------------------------------- */

/* MECARD:N:Family,Given;TEL:…;EMAIL:…;URL:…;ADR:…;ORG:…;TITLE:…;; (DoCoMo's
 * format; ORG and TITLE are common extensions). Values escape \ ; : , with a
 * backslash. */
int qr_parse_mecard(const char *data, kith_fields **out)
{
    const char *body = data + strlen("MECARD:");
    kith_strlist items = KITH_STRLIST_INIT;
    qr_split_unescaped(body, ';', &items);
    kith_fields *f = kith_fields_new();

    for (size_t i = 0; i < items.n; i++) {
        const char *it = items.items[i];
        const char *colon = strchr(it, ':');
        if (!colon)
            continue;
        size_t klen = (size_t)(colon - it);
        char key[16];
        if (klen == 0 || klen >= sizeof key)
            continue;
        memcpy(key, it, klen);
        key[klen] = '\0';
        const char *raw = colon + 1;
        kith_strlist parts = KITH_STRLIST_INIT;
        if (kith_strieq(key, "N") && !f->name) {
            /* the first N: counts (the fuzzer found one with two) */
            qr_split_unescaped(raw, ',', &parts);
            char *fam = qr_unescape(parts.items[0]);
            char *giv = parts.n > 1 ? qr_unescape(parts.items[1]) : NULL;
            qr_squash_space(fam);
            if (giv)
                qr_squash_space(giv);
            if (giv && *kith_trim(giv)) {
                qr_set_str(&f->family_name, fam);
                qr_set_str(&f->given_name, giv);
                if (f->given_name && f->family_name)
                    f->name = kith_xasprintf("%s %s", f->given_name, f->family_name);
                else
                    qr_set_str(&f->name, f->given_name ? f->given_name : f->family_name);
            } else {
                qr_set_str(&f->name, fam);
            }
            free(fam);
            free(giv);
        } else if (kith_strieq(key, "TEL")) {
            char *v = qr_unescape(raw);
            qr_add_phone_value(f, KITH_PHONE_OTHER, v);
            free(v);
        } else if (kith_strieq(key, "EMAIL")) {
            char *v = qr_unescape(raw);
            char *t = qr_dup_trimmed(v);
            if (t && strchr(t, '@'))
                kith_fields_add_email(f, t);
            free(t);
            free(v);
        } else if (kith_strieq(key, "URL")) {
            char *v = qr_unescape(raw);
            char *t = qr_dup_trimmed(v);
            if (t)
                kith_fields_add_url(f, t);
            free(t);
            free(v);
        } else if (kith_strieq(key, "ADR") && !f->address) {
            /* DoCoMo's seven comma-separated components, or free text */
            qr_split_unescaped(raw, ',', &parts);
            f->address = parts.n == 7 ? qr_format_adr(&parts) : qr_join_parts(&parts, 0);
        } else if (kith_strieq(key, "ORG") || kith_strieq(key, "TITLE")) {
            char *v = qr_unescape(raw);
            qr_squash_space(v);
            qr_set_str(kith_strieq(key, "ORG") ? &f->company : &f->title, v);
            free(v);
        }
        kith_strlist_clear(&parts);
    }
    kith_strlist_clear(&items);
    *out = f;
    return 0;
}
