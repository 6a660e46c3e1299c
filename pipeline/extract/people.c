/*
 * people.c — extraction step 5, name, title and company: every remaining
 * segment is scored for each role from lexicons (given names, title words,
 * company suffixes and words), layout (text height, position next to the
 * name) and agreement with the email and web domain; a role is filled only
 * above a bar. The company's repairs sit here too (see repair.h).
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

/* --- 5. name, title, company ---------------------------------------------- */

typedef struct cand {
    float name, title, company;
    kith_name nm;
    int nm_ok;
} cand;

/* Does the text agree with a (non free-mail) domain of the card? */
int ex_domain_agrees(ctx *c, const char *text)
{
    char *ft = kith_fold(text);
    size_t ftl = strlen(ft);
    int agree = 0;
    kith_strlist hosts = KITH_STRLIST_INIT;
    for (size_t i = 0; i < c->f->n_emails; i++) {
        const char *d = strchr(c->f->emails[i], '@') + 1;
        if (!kith_models_has(c->m, "free_email_domains", d))
            kith_strlist_push(&hosts, d);
    }
    for (size_t i = 0; i < c->f->n_urls; i++) {
        char hb[256];
        kith_strlist_push(&hosts, ex_url_host(c->f->urls[i], hb, sizeof hb));
    }
    for (size_t i = 0; i < hosts.n && !agree && ftl >= 2; i++) {
        /* the label before the TLD (and before "co.uk" style suffixes) */
        char *h = kith_xstrdup(hosts.items[i]);
        char *dot = strrchr(h, '.');
        if (dot)
            *dot = '\0';
        dot = strrchr(h, '.');
        if (dot && strlen(dot + 1) <= 3 && (kith_models_has(c->m, "tlds", dot + 1)))
            *dot = '\0';
        char *label = strrchr(h, '.') ? strrchr(h, '.') + 1 : h;
        char *fl = kith_fold(label);
        size_t fll = strlen(fl);
        if (fll >= 3 && (strncmp(ft, fl, fll) == 0 || (ftl >= 4 && strncmp(fl, ft, ftl) == 0)))
            agree = 1;
        /* initials: "Bluefin Analytics" ~ ba.com */
        if (!agree && fll >= 2 && fll <= 4) {
            kith_strlist w = KITH_STRLIST_INIT;
            ex_words_of(text, &w);
            if (w.n == fll) {
                agree = 1;
                for (size_t k = 0; k < w.n; k++) {
                    char *fw = kith_fold(w.items[k]);
                    if (fw[0] != fl[k])
                        agree = 0;
                    free(fw);
                }
            }
            kith_strlist_clear(&w);
        }
        free(fl);
        free(h);
    }
    kith_strlist_clear(&hosts);
    free(ft);
    return agree;
}

/* Does an email's local part spell this name? */
static int email_agrees(ctx *c, const kith_name *nm)
{
    char *fg = kith_fold(nm->given), *ff = kith_fold(nm->family);
    int agree = 0;
    for (size_t i = 0; i < c->f->n_emails && !agree; i++) {
        char *local = kith_xstrndup(c->f->emails[i], strcspn(c->f->emails[i], "@"));
        char *fl = kith_fold(local);
        if ((strlen(ff) >= 3 && strstr(fl, ff)) || (strlen(fg) >= 3 && strstr(fl, fg)))
            agree = 1;
        free(fl);
        free(local);
    }
    free(fg);
    free(ff);
    return agree;
}

/* A slogan rather than a name: a sentence, or several lower-case words. */
static int slogan_like(const char *s, const kith_strlist *w)
{
    size_t len = strlen(s);
    if (len && (s[len - 1] == '.' || s[len - 1] == '!' || s[len - 1] == '?') &&
        w->n >= 3)
        return 1;
    if (len >= 3 && strcmp(s + len - 3, "\xe2\x80\xa6") == 0)
        return 1;
    size_t lower = 0;
    for (size_t i = 0; i < w->n; i++) {
        unsigned cp;
        kith_utf8_decode(w->items[i], &cp);
        const char *t = w->items[i];
        if (kith_cp_is_lower(cp) && strcmp(t, "of") && strcmp(t, "and") && strcmp(t, "&") &&
            strcmp(t, "the") && strcmp(t, "for") && strcmp(t, "de") && strcmp(t, "und") &&
            strcmp(t, "et") && strcmp(t, "und") && strcmp(t, "y"))
            lower++;
    }
    return w->n >= 6 || lower >= 2 || (w->n >= 3 && lower * 2 >= w->n);
}

static void score(ctx *c, size_t i, cand *k)
{
    seg *s = &c->segs[i];
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s->text, &w);
    int roles = ex_count_lex(c->m, "title_words", &w, "role");
    int tw = ex_count_lex(c->m, "title_words", &w, NULL);
    size_t sfx = ex_suffix_words(c->m, &w);
    int cw = ex_count_lex(c->m, "company_words", &w, NULL);
    int dom = ex_domain_agrees(c, s->text);
    int slogan = slogan_like(s->text, &w);
    int digits = ex_has_digit(s->text);
    /* "Wolf & Partner", "Smith & Sons": a firm, unless a role comes first
     * ("Head of Research & Development") */
    int amp_firm = 0;
    const char *amp = strstr(s->text, " & ");
    if (amp) {
        kith_strlist before = KITH_STRLIST_INIT;
        char *head = kith_xstrndup(s->text, (size_t)(amp - s->text));
        ex_words_of(head, &before);
        amp_firm = before.n > 0 && ex_count_lex(c->m, "title_words", &before, NULL) == 0;
        kith_strlist_clear(&before);
        free(head);
    }
    float big = 0;
    if (c->max_height > 0 && s->height > 0) {
        if (s->height >= c->max_height * 0.92f)
            big = 1;
        else if (s->height >= c->median_height * 1.25f)
            big = 0.5f;
    }
    memset(k, 0, sizeof *k);
    /* name */
    if (!digits && kith_name_split(c->m, s->text, &k->nm) == 0) {
        k->nm_ok = 1;
        int mail = email_agrees(c, &k->nm);
        float sc = 0.3f;
        if (k->nm.given_known)
            sc += 0.35f;
        if (k->nm.prefix || k->nm.credentials)
            sc += 0.15f;
        if (mail)
            sc += 0.3f;
        int core = 0;
        kith_strlist nw = KITH_STRLIST_INIT;
        ex_words_of(k->nm.name, &nw);
        for (size_t q = 0; q < nw.n; q++)
            core += !kith_models_has(c->m, "name_particles", nw.items[q]);
        kith_strlist_clear(&nw);
        if (core <= 3)
            sc += 0.1f;
        sc += 0.1f * big;
        if (roles || (tw && !k->nm.given_known))
            sc -= 0.5f;
        if (sfx)
            sc -= 0.7f;
        if (cw && !k->nm.given_known)
            sc -= 0.35f;
        if (dom && !mail)
            sc -= 0.4f;
        if (s->addr)
            sc -= 0.4f;
        if (slogan)
            sc -= 0.3f;
        k->name = sc;
    }
    /* title */
    if (roles && !slogan) {
        float sc = 0.6f + 0.05f * (float)(tw - roles);
        if (sfx)
            sc -= 0.4f;
        if (dom)
            sc -= 0.2f;
        if (digits)
            sc -= 0.2f;
        if (w.n > 8)
            sc -= 0.3f;
        if (amp_firm)
            sc -= 0.4f;
        unsigned first;
        kith_utf8_decode(s->text, &first);
        if (kith_cp_is_lower(first))
            sc -= 0.3f; /* "manager": a fragment of a line */
        k->title = sc;
    }
    /* company */
    {
        float sc = 0;
        if (sfx)
            sc += 0.7f;
        if (cw)
            sc += 0.4f + 0.1f * (float)(cw - 1);
        if (cw && w.n <= 4 && !slogan && !digits)
            sc += 0.1f;
        if (dom)
            sc += 0.55f;
        if (big > 0 && (sfx || cw || dom || !k->nm_ok))
            sc += 0.1f * big;
        if (amp_firm)
            sc += 0.5f;
        if (roles && !sfx && !amp_firm)
            sc -= 0.5f;
        if (slogan && !sfx)
            sc -= 0.6f;
        if (w.n > 6)
            sc -= 0.3f;
        if (s->addr)
            sc -= 0.3f;
        /* a name besides the generic words: "Media" or "s AG" alone is not
         * a company, "Bluefin Media" is */
        int brand = 0;
        for (size_t q = 0; q < w.n; q++) {
            unsigned cp;
            size_t letters = 0, figures = 0;
            kith_utf8_decode(w.items[q], &cp);
            kith_text_counts(w.items[q], NULL, NULL, &letters, &figures);
            size_t upper = 0;
            kith_text_counts(w.items[q], &upper, NULL, NULL, NULL);
            int capital = kith_cp_is_upper(cp) || (cp >= '0' && cp <= '9');
            /* two letters only when both are capitals ("HP", not "Sy") */
            int long_enough = letters + figures >= 3 || (letters + figures == 2 && upper + figures == 2);
            if (capital && long_enough &&
                !kith_models_has(c->m, "company_words", w.items[q]) &&
                !kith_models_has(c->m, "company_suffixes", w.items[q]))
                brand++;
        }
        if (!brand && !dom)
            sc = 0;
        k->company = sc;
    }
    kith_strlist_clear(&w);
}

/* "Jane Doe, CEO" / "CEO, Acme Inc." / "CTO at Acme": splits a segment in two
 * when the parts read better apart. */
/* Whether the words w of text s could be a company's own name: two to five
 * capitalised words (connectors aside), no digits, no title word. */
static int brand_words(ctx *c, const char *s, const kith_strlist *w)
{
    if (w->n < 1 || w->n > 5 || ex_has_digit(s) || strchr(s, '@') ||
        ex_count_lex(c->m, "title_words", w, NULL) > 0)
        return 0;
    size_t caps = 0;
    for (size_t i = 0; i < w->n; i++) {
        unsigned cp;
        kith_utf8_decode(w->items[i], &cp);
        if (kith_cp_is_upper(cp))
            caps++;
        else if (strlen(w->items[i]) > 3)
            return 0;
    }
    return caps >= 1 && (w->n >= 2 || strlen(w->items[0]) >= 4);
}

/* Splits segment i in two on its row: a takes its place and b follows it
 * with the same row and geometry. Takes over a and b; needs room for one
 * more segment (c->n < MAX_SEGS). */
static void split_seg(ctx *c, size_t i, char *a, char *b)
{
    seg *s = &c->segs[i];
    memmove(&c->segs[i + 2], &c->segs[i + 1], (c->n - i - 1) * sizeof(seg));
    c->n++;
    c->segs[i + 1] = *s;
    free(s->text);
    s->text = a;
    c->segs[i + 1].text = b;
}

/* Splits segment i after a name's credentials when more text follows
 * ("Thabo Fitzgerald, PhD Redwood Analytics"): the name keeps its
 * credentials, the rest becomes a segment of its own. Returns 1 when split. */
static int split_after_credentials(ctx *c, size_t i)
{
    seg *s = &c->segs[i];
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(s->text, &w);
    size_t last_cred = 0;
    for (size_t k = 2; k + 1 < w.n; k++) {
        if (kith_models_has(c->m, "credentials", w.items[k]))
            last_cred = k;
        else if (last_cred)
            break;
    }
    int split = 0;
    if (last_cred) {
        /* the cut: just after the credential's text in s */
        const char *p = s->text;
        for (size_t k = 0; k <= last_cred && p; k++) {
            p = strstr(p, w.items[k]);
            if (p)
                p += strlen(w.items[k]);
        }
        kith_name nm;
        char *a = p ? kith_xstrndup(s->text, (size_t)(p - s->text)) : NULL;
        char *b = p ? kith_xstrdup(p) : NULL;
        if (b)
            ex_trim_junk(b);
        unsigned cp = 0;
        if (b && *b)
            kith_utf8_decode(b, &cp);
        if (a && kith_name_split(c->m, a, &nm) == 0) {
            split = nm.credentials != NULL && kith_cp_is_upper(cp);
            kith_name_release(&nm);
        }
        if (split && c->n < MAX_SEGS) {
            split_seg(c, i, a, b);
            a = b = NULL;
        } else {
            split = 0;
        }
        free(a);
        free(b);
    }
    kith_strlist_clear(&w);
    return split;
}

/* Whether the words w (of text s) can be a company's name on their own: a
 * legal form at the end, or the web host spells them, or a company word —
 * and a word of the company's own besides the generic ones ("Partnership
 * Ltd" alone is no company). */
static int company_alone(ctx *c, const char *s, const kith_strlist *w)
{
    if (ex_has_digit(s) || strchr(s, '@') || ex_count_lex(c->m, "title_words", w, "role"))
        return 0;
    size_t sfx = ex_suffix_words(c->m, w);
    int evidence = sfx > 0 || ex_domain_agrees(c, s) ||
                   ex_count_lex(c->m, "company_words", w, NULL) > 0;
    int brand = 0;
    for (size_t q = 0; q + sfx < w->n; q++) {
        unsigned cp;
        kith_utf8_decode(w->items[q], &cp);
        size_t letters = 0;
        kith_text_counts(w->items[q], NULL, NULL, &letters, NULL);
        if (kith_cp_is_upper(cp) && letters >= 3 &&
            !kith_models_has(c->m, "company_words", w->items[q]) &&
            !kith_models_has(c->m, "company_suffixes", w->items[q]))
            brand = 1;
    }
    return evidence && brand;
}

/* Whether text is a person's name whose given name the lexicon knows or an
 * email spells. */
static int sure_name(ctx *c, const char *text)
{
    kith_name nm;
    if (kith_name_split(c->m, text, &nm) != 0)
        return 0;
    int ok = nm.n_words >= 2 && nm.n_words <= 4;
    if (ok && !nm.given_known) {
        /* the email spells the given name itself, or its initial and the
         * family name ("c.kowalczyk@") */
        char *fg = kith_fold(nm.given), *ff = kith_fold(nm.family);
        size_t gl = strlen(fg), fl_len = strlen(ff);
        ok = 0;
        for (size_t e = 0; e < c->f->n_emails && gl >= 1 && !ok; e++) {
            char *local = kith_xstrndup(c->f->emails[e], strcspn(c->f->emails[e], "@"));
            char *fl = kith_fold(local);
            ok = (gl >= 3 && strstr(fl, fg) != NULL) ||
                 (fl_len >= 4 && fl[0] == fg[0] && strcmp(fl + 1, ff) == 0);
            free(fl);
            free(local);
        }
        free(fg);
        free(ff);
    }
    kith_strlist w = KITH_STRLIST_INIT;
    ex_words_of(nm.name, &w);
    for (size_t q = 0; ok && q < w.n; q++)
        if (kith_models_has(c->m, "company_words", w.items[q]) ||
            kith_models_has(c->m, "company_suffixes", w.items[q]))
            ok = 0;
    kith_strlist_clear(&w);
    kith_name_release(&nm);
    return ok;
}

/* Whether another text segment than i reads as a sure name. */
static int name_elsewhere(ctx *c, size_t i)
{
    for (size_t j = 0; j < c->n; j++)
        if (j != i && c->segs[j].kind == SEG_TEXT && !ex_has_digit(c->segs[j].text) &&
            sure_name(c, c->segs[j].text))
            return 1;
    return 0;
}

/* Splits segment i where a name and the company stand on one printed row,
 * either way round: "Tobias Pemberton Kestrel Media Ltd", "Lichtblick
 * Partners Mareike Großmann" (a logotype beside the name, read as one line).
 * Only when one part is a sure name, the other a company on its own, the
 * whole is neither, and the card shows no other name. Returns 1 when
 * split. */
static int split_name_company(ctx *c, size_t i)
{
    seg *s = &c->segs[i];
    if (ex_has_digit(s->text) || strchr(s->text, '@') || s->addr)
        return 0;
    /* the cuts between words, as byte offsets */
    size_t cuts[16], nc = 0;
    for (const char *p = s->text; (p = strchr(p, ' ')) != NULL && nc < 16; p++)
        if (p[1] && p[1] != ' ')
            cuts[nc++] = (size_t)(p - s->text);
    if (nc < 2 || sure_name(c, s->text))
        return 0;
    for (size_t k = 0; k < nc; k++) {
        char *a = kith_xstrndup(s->text, cuts[k]);
        char *b = kith_xstrdup(s->text + cuts[k] + 1);
        ex_trim_junk(a);
        ex_trim_junk(b);
        kith_strlist wa = KITH_STRLIST_INIT, wb = KITH_STRLIST_INIT;
        ex_words_of(a, &wa);
        ex_words_of(b, &wb);
        int ok = (sure_name(c, a) && company_alone(c, b, &wb)) ||
                 (company_alone(c, a, &wa) && sure_name(c, b));
        kith_strlist_clear(&wa);
        kith_strlist_clear(&wb);
        if (ok && *a && *b && c->n < MAX_SEGS && !name_elsewhere(c, i)) {
            split_seg(c, i, a, b);
            return 1;
        }
        free(a);
        free(b);
    }
    return 0;
}

void ex_split_combined(ctx *c)
{
    for (size_t i = 0; i < c->n && c->n < MAX_SEGS; i++) {
        seg *s = &c->segs[i];
        if (s->kind != SEG_TEXT)
            continue;
        if (split_after_credentials(c, i))
            continue;
        if (split_name_company(c, i))
            continue;
        const char *cut = NULL;
        size_t skip = 0;
        /* "at" and its kin in the card languages: "Jefa de Proyectos en
         * Grupo Solara", "Cheffe de projet chez Atelier Lumière" */
        static const char *const seps[] = {", ", " at ", " @ ", " - ", " – ", " chez ",
                                           " bei ", " bij ", " presso ", " en "};
        size_t which = 0;
        for (size_t k = 0; k < sizeof seps / sizeof seps[0] && !cut; k++) {
            const char *p = strstr(s->text, seps[k]);
            if (p) {
                cut = p;
                skip = strlen(seps[k]);
                which = k;
            }
        }
        if (!cut)
            continue;
        char *a = kith_xstrndup(s->text, (size_t)(cut - s->text));
        char *b = kith_xstrdup(cut + skip);
        kith_strlist wa = KITH_STRLIST_INIT, wb = KITH_STRLIST_INIT;
        ex_words_of(a, &wa);
        ex_words_of(b, &wb);
        kith_name nm;
        int whole_name = kith_name_split(c->m, s->text, &nm) == 0;
        if (whole_name)
            kith_name_release(&nm);
        int a_name = 0;
        if (kith_name_split(c->m, a, &nm) == 0) {
            a_name = nm.given_known;
            kith_name_release(&nm);
        }
        int a_role = ex_count_lex(c->m, "title_words", &wa, "role") > 0;
        int b_role = ex_count_lex(c->m, "title_words", &wb, "role") > 0;
        int b_company = ex_suffix_words(c->m, &wb) || ex_domain_agrees(c, b) ||
                        (ex_count_lex(c->m, "company_words", &wb, NULL) && wb.n >= 2);
        int a_company = ex_suffix_words(c->m, &wa) || ex_domain_agrees(c, a);
        /* "Projektleiter, Nordlicht Energie": after a role, capitalised
         * words that are no title make the company, for the punctuation
         * and "at" (the prepositions of other languages need the company's
         * own evidence: "Ingeniero en Sistemas" is a title) */
        int b_brand = which <= 4 && brand_words(c, b, &wb);
        int do_split = !whole_name && ((a_name && b_role) || (a_role && b_company && !b_role) ||
                                       (a_company && b_role && !a_role) ||
                                       (a_role && b_brand && !a_company));
        /* "Director, Sales" stays one title; "Acme, Inc." one company */
        if (do_split && ex_suffix_words(c->m, &wb) == 0 && wb.n == 1 &&
            kith_models_has(c->m, "company_suffixes", wb.items[0]))
            do_split = 0;
        if (do_split) {
            ex_trim_junk(b);
            split_seg(c, i, a, b);
            a = b = NULL;
        }
        free(a);
        free(b);
        kith_strlist_clear(&wa);
        kith_strlist_clear(&wb);
    }
}

void ex_people_fields(ctx *c)
{
    cand k[MAX_SEGS];
    memset(k, 0, sizeof k);
    for (size_t i = 0; i < c->n; i++) {
        if (c->segs[i].kind == SEG_TEXT)
            score(c, i, &k[i]);
    }
    /* a name sits next to a title, and near the top */
    size_t first_text = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++) {
        if (c->segs[i].kind != SEG_TEXT)
            continue;
        if (first_text == MAX_SEGS)
            first_text = i;
        if (!k[i].nm_ok)
            continue;
        /* the next text segment, stepping over logo letters ("LP", "@") */
        size_t nx = i + 1;
        while (nx < c->n && c->segs[nx].kind == SEG_TEXT && strlen(c->segs[nx].text) <= 3)
            nx++;
        int next_title = nx < c->n && c->segs[nx].kind == SEG_TEXT && k[nx].title > 0;
        int prev_title = i > 0 && c->segs[i - 1].kind == SEG_TEXT && k[i - 1].title > 0;
        if (next_title)
            k[i].name += 0.2f;
        else if (prev_title)
            k[i].name += 0.1f;
        if (i == first_text)
            k[i].name += 0.05f;
    }
    /* a card with one line that can be a name at all: that is the name,
     * unless a lexicon says it is something else */
    size_t n_named = 0, only = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++)
        if (k[i].nm_ok && k[i].name > 0.3f) {
            n_named++;
            only = i;
        }
    if (n_named == 1 && k[only].title <= 0 && k[only].company <= 0)
        k[only].name += 0.15f;
    /* name: the best candidate above the bar */
    size_t best = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++)
        if (k[i].nm_ok && k[i].name >= 0.6f && (best == MAX_SEGS || k[i].name > k[best].name))
            best = i;
    c->name_seg = best;
    if (best != MAX_SEGS) {
        kith_name *nm = &k[best].nm;
        c->f->name = kith_xstrdup(nm->name);
        c->f->given_name = kith_xstrdup(nm->given);
        c->f->family_name = kith_xstrdup(nm->family);
        c->f->prefix = nm->prefix ? kith_xstrdup(nm->prefix) : NULL;
        c->f->credentials = nm->credentials ? kith_xstrdup(nm->credentials) : NULL;
        c->f->conf_name = fminf(1.0f, k[best].name) * c->segs[best].conf;
        c->segs[best].kind = SEG_USED;
    }
    /* title: next to the name counts */
    best = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++) {
        if (c->segs[i].kind != SEG_TEXT || k[i].title <= 0)
            continue;
        if (c->name_seg != MAX_SEGS) {
            size_t d = i > c->name_seg ? i - c->name_seg : c->name_seg - i;
            if (d == 1)
                k[i].title += 0.2f;
            else if (d == 2)
                k[i].title += 0.1f;
        }
        if (k[i].title >= 0.5f && k[i].title > k[i].company &&
            (best == MAX_SEGS || k[i].title > k[best].title))
            best = i;
    }
    if (best != MAX_SEGS) {
        kith_strbuf t = KITH_STRBUF_INIT;
        kith_strbuf_adds(&t, c->segs[best].text);
        c->segs[best].kind = SEG_USED;
        /* two roles on one row, cut at a separator: "TEACHER | MUSIC
         * CONSULTANT", "Founder · CEO" are one title */
        while (best + 1 < c->n && c->segs[best + 1].kind == SEG_TEXT &&
               c->segs[best + 1].row == c->segs[best].row && k[best + 1].title >= 0.5f &&
               k[best + 1].title > k[best + 1].company) {
            best++;
            kith_strbuf_adds(&t, " | ");
            kith_strbuf_adds(&t, c->segs[best].text);
            c->segs[best].kind = SEG_USED;
        }
        /* a title continued on the next row ("Head of Partnerships" /
         * "& Alliances", "Director of" / "Business Development") */
        size_t j = best + 1;
        if (j < c->n && c->segs[j].kind == SEG_TEXT && c->segs[j].row == c->segs[best].row + 1) {
            const char *nx = c->segs[j].text;
            size_t tl = t.len;
            if (nx[0] == '&' || strncmp(nx, "and ", 4) == 0 || strncmp(nx, "of ", 3) == 0 ||
                (tl > 3 && (strcmp(t.buf + tl - 3, " of") == 0 || strcmp(t.buf + tl - 2, " &") == 0 ||
                            strcmp(t.buf + tl - 4, " and") == 0))) {
                kith_strbuf_addc(&t, ' ');
                kith_strbuf_adds(&t, nx);
                c->segs[j].kind = SEG_USED;
            }
        }
        c->f->title = kith_strbuf_detach(&t);
        c->f->conf_title = fminf(1.0f, k[best].title) * c->segs[best].conf;
        /* "Projektleiter | Nordlicht Energie": what follows the title on
         * its printed row, when it can be a company's name, is the company */
        for (size_t i = best + 1; i < c->n && c->segs[i].row == c->segs[best].row; i++) {
            if (c->segs[i].kind != SEG_TEXT)
                continue;
            kith_strlist w = KITH_STRLIST_INIT;
            ex_words_of(c->segs[i].text, &w);
            if (brand_words(c, c->segs[i].text, &w) && k[i].company < 0.6f)
                k[i].company = 0.6f;
            kith_strlist_clear(&w);
        }
    }
    /* company */
    best = MAX_SEGS;
    for (size_t i = 0; i < c->n; i++)
        if (c->segs[i].kind == SEG_TEXT && k[i].company >= 0.5f &&
            (best == MAX_SEGS || k[i].company > k[best].company))
            best = i;
    if (best != MAX_SEGS) {
        /* logo initials read into the row: "VL Vireo Logistics plc" */
        const char *text = c->segs[best].text;
        size_t il = strcspn(text, " ");
        if (il >= 2 && il <= 4 && text[il] == ' ') {
            int initials = 1;
            const char *w = text + il + 1;
            for (size_t q = 0; q < il && initials; q++) {
                initials = isupper((unsigned char)text[q]) && toupper((unsigned char)*w) == text[q];
                w += strcspn(w, " ");
                while (*w == ' ')
                    w++;
            }
            if (initials)
                text += il + 1;
        }
        /* stray lower-case or digit scraps in front: "ig Lumen plc",
         * "os 3 Orchard Systems" */
        const char *rest = text;
        for (;;) {
            size_t jl = strcspn(rest, " ");
            if (jl > 2 || rest[jl] != ' ' ||
                !(islower((unsigned char)rest[0]) || isdigit((unsigned char)rest[0])))
                break;
            rest += jl + 1;
        }
        if (rest != text && isupper((unsigned char)rest[0]))
            text = rest;
        /* a logo mark read as one capital letter: "E Silverline Dynamics",
         * when the web host spells the rest but not the letter, ... */
        {
            /* ... or as a mark: "Å Sonnenfeld Software", "= Ironbridge",
             * "©® Meridian Systems" (one or two characters) */
            size_t tl = strcspn(text, " ");
            size_t chars = 0;
            for (size_t q = 0; q < tl; q++)
                chars += ((unsigned char)text[q] & 0xc0) != 0x80;
            if (chars <= 2 && text[tl] == ' ' && ex_domain_agrees(c, text + tl + 1) &&
                !ex_domain_agrees(c, text) && !(chars == 2 && isupper((unsigned char)text[0]) &&
                                                isupper((unsigned char)text[1])))
                text += tl + 1;
        }
        c->f->company = kith_xstrdup(text);
        c->f->conf_company = fminf(1.0f, k[best].company) * c->segs[best].conf;
        c->segs[best].kind = SEG_USED;
    }
    for (size_t i = 0; i < c->n; i++)
        if (k[i].nm_ok)
            kith_name_release(&k[i].nm);
}

/* --- the company ----------------------------------------------------------- */

/* Whether some email or web address's host contains needle (folded). */
/* The host of f's i-th address, emails first, then websites (web.c's
 * ex_url_host: no scheme, no "www.", no path), in buf of cap bytes. */
static const char *nth_host(const kith_fields *f, size_t i, char *buf, size_t cap)
{
    if (i < f->n_emails) {
        const char *at = strchr(f->emails[i], '@');
        return at ? at + 1 : f->emails[i];
    }
    return ex_url_host(f->urls[i - f->n_emails], buf, cap);
}

static int in_some_host(const kith_fields *f, const char *needle)
{
    for (size_t i = 0; i < f->n_emails + f->n_urls; i++) {
        char hb[256];
        char *fh = kith_fold(nth_host(f, i, hb, sizeof hb));
        int in = strstr(fh, needle) != NULL;
        free(fh);
        if (in)
            return 1;
    }
    return 0;
}

/* Whether w is a dotted abbreviation that lost its last dot: "K.K", "S.A",
 * "S.p.A" (letters each followed by a dot, but the last). */
static int dotted_short(const char *w)
{
    size_t n = strlen(w);
    if (n < 3 || n % 2 == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i % 2 ? w[i] != '.' : !isalpha((unsigned char)w[i]))
            return 0;
    return 1;
}

/* How a host label spells the brand word fw (folded, wl letters): 0 when
 * the label begins with it exactly, 1 when with a spelling one edit away
 * (stored in *spelt, caller frees), 2 otherwise. The spelling must be five
 * letters at least and the label must go on with nothing or with a company
 * word ("ashtel" + "group", "ironbridge" + "-systems"); a label that is the
 * whole brand with a letter more or less does not count ("Meridian" on
 * meridians.com: domains are often chosen so). *spelt is NULL unless 1. */
static int label_spells(const kith_models *m, const char *label, const char *fw, size_t wl,
                        char **spelt)
{
    size_t ll = strlen(label);
    *spelt = NULL;
    for (size_t p = wl > 5 ? wl - 1 : 5; p <= wl + 1 && p <= ll; p++) {
        const char *rest = label + p;
        if (*rest == '-')
            rest++;
        if (strspn(label, "abcdefghijklmnopqrstuvwxyz") < p ||
            (*rest && !kith_models_has(m, "company_words", rest)))
            continue;
        char *pre = kith_xstrndup(label, p);
        int d = kith_text_distance(fw, pre);
        if (d == 0) {
            free(pre);
            free(*spelt);
            *spelt = NULL;
            return 0;
        }
        if (d == 1 && !*spelt && (*rest || p == wl))
            *spelt = pre;
        else
            free(pre);
    }
    return *spelt ? 1 : 2;
}

/* A logotype read a letter wrong: "ASHTE" for ASHTEL, the host being
 * ashtelgroup.com. For a word of at least four ASCII letters, not itself a
 * company word or legal form: the spelling some email or web host's label
 * gives it (label_spells), in the word's case, when none spells the word as
 * read. Returns it (caller frees), or NULL. A brand spelt by its own domain
 * is better evidence than OCR of a stylised logotype. */
static char *host_spelling(const kith_models *m, const kith_fields *f, const char *word)
{
    size_t wl = strlen(word);
    if (wl < 4 || wl > 40)
        return NULL;
    for (size_t q = 0; q < wl; q++)
        if (!isalpha((unsigned char)word[q]) || (unsigned char)word[q] >= 0x80)
            return NULL;
    if (kith_models_has(m, "company_words", word) || kith_models_has(m, "company_suffixes", word))
        return NULL;
    char *fw = kith_fold(word), *found = NULL;
    int exact = 0;
    for (size_t i = 0; i < f->n_emails + f->n_urls && !exact; i++) {
        char hb[256];
        const char *host = nth_host(f, i, hb, sizeof hb);
        char *h = kith_xstrndup(host, strcspn(host, ":"));
        char *fh = kith_text_lower(h);
        free(h);
        /* each label but the top level and www */
        for (char *label = fh, *dot; !exact && (dot = strchr(label, '.')) != NULL;
             label = dot + 1) {
            *dot = '\0';
            char *sp = NULL;
            if (strcmp(label, "www") != 0)
                exact = label_spells(m, label, fw, wl, &sp) == 0;
            if (sp && !found)
                found = sp;
            else
                free(sp);
        }
        free(fh);
    }
    free(fw);
    if (exact || !found) {
        free(found);
        return NULL;
    }
    int upper = isupper((unsigned char)word[0]) && isupper((unsigned char)word[1]);
    for (char *c = found; *c; c++)
        if (upper || (c == found && isupper((unsigned char)word[0])))
            *c = (char)toupper((unsigned char)*c);
    return found;
}

int kith_repair_company(const kith_models *m, kith_fields *f)
{
    if (!f->company || !*f->company)
        return 0;
    int changed = 0;
    kith_strlist w = KITH_STRLIST_INIT;
    char *save = NULL, *buf = kith_xstrdup(f->company);
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
        kith_strlist_push(&w, t);
    free(buf);
    if (w.n == 0) {
        kith_strlist_clear(&w);
        return 0;
    }
    /* the legal suffix: "K.K" is "K.K." (lexicon lookups ignore dots), and
     * "pic" is "plc" when the lexicon has the mended form and not the one
     * read */
    char *last = w.items[w.n - 1];
    int known = kith_models_has(m, "company_suffixes", last);
    if (w.n > 1 && known && dotted_short(last)) {
        w.items[w.n - 1] = kith_xasprintf("%s.", last);
        free(last);
        changed = 1;
    } else if (w.n > 1 && !known) {
        char *mended = kith_xstrdup(last);
        for (char *p = mended; *p; p++)
            if (*p == 'i' || *p == '1')
                *p = 'l';
            else if (*p == 'I' && p > mended)
                *p = 'L';
        if (strcmp(mended, last) != 0 && kith_models_has(m, "company_suffixes", mended)) {
            free(last);
            w.items[w.n - 1] = mended;
            mended = NULL;
            changed = 1;
        }
        free(mended);
    }
    /* a word OCR split: "Silver line" where the address says silverline. A
     * lower-case piece after a word, the two joined found in a host name */
    for (size_t i = 1; i < w.n; i++) {
        const char *a = w.items[i - 1], *b = w.items[i];
        if (!islower((unsigned char)b[0]) || !isalpha((unsigned char)a[strlen(a) - 1]) ||
            kith_models_has(m, "name_particles", b) || strlen(b) < 3)
            continue;
        char *joined = kith_xasprintf("%s%s", a, b);
        char *fj = kith_fold(joined);
        if (strlen(fj) >= 6 && in_some_host(f, fj)) {
            free(w.items[i - 1]);
            w.items[i - 1] = joined;
            joined = NULL;
            free(w.items[i]);
            memmove(&w.items[i], &w.items[i + 1], (w.n - i - 1) * sizeof *w.items);
            w.n--;
            i--;
            changed = 1;
        }
        free(joined);
        free(fj);
    }
    for (size_t i = 0; i < w.n; i++) {
        char *spelt = host_spelling(m, f, w.items[i]);
        if (spelt) {
            free(w.items[i]);
            w.items[i] = spelt;
            changed = 1;
        }
    }
    if (changed) {
        free(f->company);
        f->company = kith_name_join(w.items, 0, w.n);
    }
    kith_strlist_clear(&w);
    return changed;
}
