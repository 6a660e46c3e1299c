/*
 * match.c — who is whom on scan (the keys are the domain's: contact/).
 * See match.h for the rules.
 */
#include "enrich/match.h"
#include "contact/phone_id.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/util.h"
#include "extract/name.h"

int kith_match_phone(const kith_phone *a, const kith_phone *b)
{
    if (a->kind == KITH_PHONE_FAX || b->kind == KITH_PHONE_FAX)
        return 0;
    /* a number too short for a key identifies no one */
    char *ka = kith_phone_key(a->number, a->e164);
    char *kb = kith_phone_key(b->number, b->e164);
    int keyed = ka && kb;
    free(ka);
    free(kb);
    return keyed && kith_phone_same_line(a, b);
}

int kith_match_role_email(const kith_models *m, const char *email)
{
    char *key = kith_email_key(email);
    if (!key || !m) {
        free(key);
        return 0;
    }
    *strchr(key, '@') = '\0';
    char *plus = strchr(key, '+');
    if (plus)
        *plus = '\0';
    int role = *key && kith_models_has(m, "role_emails", key);
    free(key);
    return role;
}

/* --- names ---------------------------------------------------------------- */

/* Given and family name of a card, folded for comparison ("" when not
 * known). Caller frees both. */
static void folded_name(const kith_models *m, const kith_fields *f, char **given, char **family)
{
    const char *g = f->given_name, *fam = f->family_name;
    kith_name nm;
    int split = 0;
    if ((!g || !*g) && (!fam || !*fam) && f->name && *f->name && m &&
        kith_name_split(m, f->name, &nm) == 0) {
        g = nm.given;
        fam = nm.family;
        split = 1;
    }
    char *name_given = NULL, *name_family = NULL;
    if (!split && (!g || !*g) && (!fam || !*fam) && f->name) {
        /* not a name by the extraction rules: first and last word */
        const char *p = f->name;
        while (*p == ' ')
            p++;
        const char *sp = strchr(p, ' ');
        const char *last = strrchr(p, ' ');
        if (sp && last && last[1]) {
            name_given = kith_xstrndup(p, (size_t)(sp - p));
            name_family = kith_xstrdup(last + 1);
            g = name_given;
            fam = name_family;
        }
    }
    *given = kith_fold(g ? g : "");
    *family = kith_fold(fam ? fam : "");
    free(name_given);
    free(name_family);
    if (split)
        kith_name_release(&nm);
}

typedef enum { NAMES_UNKNOWN, NAMES_AGREE, NAMES_GIVEN_DIFFER, NAMES_FAMILY_DIFFER } names_rel;

/* Given names are compatible when either is unknown, or one begins the
 * other: equal, an initial ("m" and "margaret") or a short form ("alex" and
 * "alexander"). "maggie" and "margaret" are not. */
static int given_compatible(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return strncmp(a, b, la < lb ? la : lb) == 0;
}

static names_rel compare_names(const kith_models *m, const kith_fields *a, const kith_fields *b)
{
    char *ga, *fa, *gb, *fb;
    folded_name(m, a, &ga, &fa);
    folded_name(m, b, &gb, &fb);
    names_rel r = NAMES_UNKNOWN;
    if (*fa && *fb) {
        if (strcmp(fa, fb) != 0)
            r = NAMES_FAMILY_DIFFER;
        else if (!given_compatible(ga, gb))
            r = NAMES_GIVEN_DIFFER;
        else
            r = NAMES_AGREE;
    }
    free(ga);
    free(fa);
    free(gb);
    free(fb);
    return r;
}

/* --- emails and phones in common ------------------------------------------ */

/* What the two cards' email addresses say: a personal address in common,
 * a role address in common, and whether both have personal addresses. */
typedef struct {
    int personal_shared, role_shared, both_personal;
} email_rel;

/* An address that names one person: readable, and not a role address. */
static int personal_email(const kith_models *m, const char *email)
{
    char *k = kith_email_key(email);
    int personal = k && !kith_match_role_email(m, email);
    free(k);
    return personal;
}

static email_rel compare_emails(const kith_models *m, const kith_fields *a, const kith_fields *b)
{
    email_rel r = { 0, 0, 0 };
    int a_personal = 0, b_personal = 0;
    for (size_t j = 0; j < b->n_emails && !b_personal; j++)
        b_personal = personal_email(m, b->emails[j]);
    for (size_t i = 0; i < a->n_emails; i++) {
        char *ka = kith_email_key(a->emails[i]);
        if (!ka)
            continue;
        int role = kith_match_role_email(m, a->emails[i]);
        a_personal |= !role;
        for (size_t j = 0; j < b->n_emails; j++) {
            char *kb = kith_email_key(b->emails[j]);
            if (kb && strcmp(ka, kb) == 0) {
                if (role)
                    r.role_shared = 1;
                else
                    r.personal_shared = 1;
            }
            free(kb);
        }
        free(ka);
    }
    r.both_personal = a_personal && b_personal;
    return r;
}

/* Lines in common: *mobile when one of a pair is labelled mobile, *work for
 * any other pair (fax is never compared, kith_match_phone). */
static void compare_phones(const kith_fields *a, const kith_fields *b, int *mobile, int *work)
{
    *mobile = *work = 0;
    for (size_t i = 0; i < a->n_phones; i++)
        for (size_t j = 0; j < b->n_phones; j++) {
            if (!kith_match_phone(&a->phones[i], &b->phones[j]))
                continue;
            if (a->phones[i].kind == KITH_PHONE_MOBILE || b->phones[j].kind == KITH_PHONE_MOBILE)
                *mobile = 1;
            else
                *work = 1;
        }
}

kith_match_verdict kith_match_cards(const kith_models *m, const kith_fields *a,
                                    const kith_fields *b)
{
    email_rel e = compare_emails(m, a, b);
    if (e.personal_shared)
        return KITH_MATCH_SURE;
    int mobile, work;
    compare_phones(a, b, &mobile, &work);
    if (!mobile && !work && !e.role_shared)
        return KITH_MATCH_NO;
    names_rel n = compare_names(m, a, b);
    if (mobile && n != NAMES_FAMILY_DIFFER)
        return KITH_MATCH_SURE;
    if (n == NAMES_FAMILY_DIFFER || n == NAMES_GIVEN_DIFFER || e.both_personal)
        return KITH_MATCH_NO;
    if (n == NAMES_AGREE)
        return KITH_MATCH_SURE;
    return work ? KITH_MATCH_LIKELY : KITH_MATCH_NO;
}

int kith_match_same_person(const kith_models *m, const kith_fields *a, const kith_fields *b)
{
    return kith_match_cards(m, a, b) != KITH_MATCH_NO;
}

/* --- deciding among the store's candidates ---------------------------------- */

int64_t kith_match_decide(const kith_models *m, const kith_fields *f, const kith_candidates *c)
{
    kith_id_set lines = KITH_ID_SET_INIT, cands = KITH_ID_SET_INIT;
    int64_t id = 0;
    for (size_t i = 0; i < f->n_emails && i < c->n_emails && id == 0; i++) {
        const kith_email_holders *h = &c->emails[i];
        if (kith_match_role_email(m, f->emails[i])) {
            for (size_t j = 0; j < h->n; j++)
                kith_id_set_add(&cands, h->ids[j]);
        } else if (h->n) {
            id = h->ids[0];
        }
    }
    if (id)
        goto out;
    for (size_t i = 0; i < f->n_phones && i < c->n_phones; i++)
        for (size_t j = 0; j < c->phones[i].n; j++)
            if (kith_match_phone(&f->phones[i], &c->phones[i].v[j].phone))
                kith_id_set_add(&lines, c->phones[i].v[j].contact_id);
    for (size_t i = 0; i < lines.n; i++)
        kith_id_set_add(&cands, lines.v[i]);

    int64_t likely = 0;
    if (cands.n > 1)
        qsort(cands.v, cands.n, sizeof *cands.v, kith_id_cmp); /* oldest contact first */
    for (size_t i = 0; i < cands.n && id == 0; i++) {
        const kith_fields *known = kith_candidates_fields(c, cands.v[i]);
        if (!known)
            continue;
        kith_match_verdict v = kith_match_cards(m, f, known);
        if (v == KITH_MATCH_SURE)
            id = cands.v[i];
        else if (v == KITH_MATCH_LIKELY && lines.n == 1)
            likely = cands.v[i];
    }
    if (id == 0)
        id = likely;
out:
    kith_id_set_release(&lines);
    kith_id_set_release(&cands);
    return id;
}

int kith_match_decide_fn(const kith_fields *card, const kith_candidates *c, const void *ctx,
                         int64_t *contact_id, kith_err *err)
{
    (void)err;
    *contact_id = kith_match_decide(ctx, card, c);
    return 0;
}
