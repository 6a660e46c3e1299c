/*
 * fields.c — the contact fields of one card: building, copying, freeing, and
 * the field object of the output contract (writing it as JSON and reading it
 * back).
 *
 * Member order of the JSON object: name, given_name, family_name, title,
 * company, department, emails, phones [{kind, number, e164}], urls, address, confidence.
 * Fields that were not found are left out.
 */
#include "contact/fields.h"
#include "common/json.h"
#include "common/util.h"
#include "contact/phone_id.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Returns a new, empty field set; caller frees with kith_fields_free. */
kith_fields *kith_fields_new(void)
{
    return kith_xcalloc(1, sizeof(kith_fields));
}

static void free_list(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

void kith_fields_free(kith_fields *f)
{
    if (!f)
        return;
    free(f->name);
    free(f->given_name);
    free(f->family_name);
    free(f->prefix);
    free(f->credentials);
    free(f->title);
    free(f->company);
    free(f->department);
    free_list(f->emails, f->n_emails);
    free_list(f->urls, f->n_urls);
    for (size_t i = 0; i < f->n_phones; i++) {
        free(f->phones[i].number);
        free(f->phones[i].e164);
        free(f->phones[i].ext);
    }
    free(f->phones);
    free(f->address);
    free(f);
}

/* Copy of s or NULL; caller frees. */
static char *dup_or_null(const char *s)
{
    return s ? kith_xstrdup(s) : NULL;
}

/* Deep copy of a string list (NULL when empty); caller frees each and the array. */
static char **dup_list(char *const *items, size_t n)
{
    if (n == 0)
        return NULL;
    char **out = kith_xcalloc(n, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = kith_xstrdup(items[i]);
    return out;
}

/* Deep copy; caller frees with kith_fields_free. */
kith_fields *kith_fields_dup(const kith_fields *f)
{
    kith_fields *d = kith_fields_new();
    *d = *f;
    d->name = dup_or_null(f->name);
    d->given_name = dup_or_null(f->given_name);
    d->family_name = dup_or_null(f->family_name);
    d->prefix = dup_or_null(f->prefix);
    d->credentials = dup_or_null(f->credentials);
    d->title = dup_or_null(f->title);
    d->company = dup_or_null(f->company);
    d->department = dup_or_null(f->department);
    d->address = dup_or_null(f->address);
    d->emails = dup_list(f->emails, f->n_emails);
    d->urls = dup_list(f->urls, f->n_urls);
    d->phones = NULL;
    if (f->n_phones) {
        d->phones = kith_xcalloc(f->n_phones, sizeof *d->phones);
        for (size_t i = 0; i < f->n_phones; i++) {
            d->phones[i] = f->phones[i];
            d->phones[i].number = dup_or_null(f->phones[i].number);
            d->phones[i].e164 = dup_or_null(f->phones[i].e164);
            d->phones[i].ext = dup_or_null(f->phones[i].ext);
        }
    }
    return d;
}

/* Appends a copy of s to the list unless an equal (case-insensitive) entry is
 * already there. */
static void list_add(char ***items, size_t *n, const char *s)
{
    if (!s || !*s)
        return;
    for (size_t i = 0; i < *n; i++)
        if (kith_strieq((*items)[i], s))
            return;
    *items = kith_xrealloc(*items, (*n + 1) * sizeof **items);
    (*items)[(*n)++] = kith_xstrdup(s);
}

void kith_fields_add_email(kith_fields *f, const char *email)
{
    list_add(&f->emails, &f->n_emails, email);
}

void kith_fields_add_url(kith_fields *f, const char *url)
{
    list_add(&f->urls, &f->n_urls, url);
}

void kith_fields_add_phone(kith_fields *f, kith_phone_kind kind, const char *number,
                           const char *e164, const char *ext, float conf)
{
    if (!number || !*number)
        return;
    /* one line once (contact/phone_id.h) */
    kith_phone cand = {kind, (char *)number, (char *)e164, (char *)ext, conf};
    for (size_t i = 0; i < f->n_phones; i++)
        if (kith_phone_same_line(&f->phones[i], &cand))
            return;
    f->phones = kith_xrealloc(f->phones, (f->n_phones + 1) * sizeof *f->phones);
    kith_phone *p = &f->phones[f->n_phones++];
    p->kind = kind;
    p->number = kith_xstrdup(number);
    p->e164 = dup_or_null(e164);
    p->ext = ext && *ext ? kith_xstrdup(ext) : NULL;
    p->conf = conf;
}

static const char *const kind_names[] = {"work", "mobile", "fax", "other"};

const char *kith_phone_kind_name(kith_phone_kind k)
{
    if ((unsigned)k < sizeof kind_names / sizeof kind_names[0])
        return kind_names[k];
    return "other";
}

int kith_phone_kind_parse(const char *s, kith_phone_kind *out)
{
    for (size_t i = 0; s && i < sizeof kind_names / sizeof kind_names[0]; i++)
        if (kith_strieq(s, kind_names[i])) {
            *out = (kith_phone_kind)i;
            return 0;
        }
    return -1;
}

static void json_str_list(kith_strbuf *sb, int *first, const char *key, char *const *items,
                          size_t n)
{
    if (n == 0)
        return;
    kith_json_key(sb, first, key);
    kith_strbuf_addc(sb, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            kith_strbuf_adds(sb, ", ");
        kith_json_str(sb, items[i]);
    }
    kith_strbuf_addc(sb, ']');
}

/* The printed number with its extension, as the contract's "number". */
static void phone_number_text(const kith_phone *p, kith_strbuf *out)
{
    kith_strbuf_adds(out, p->number);
    if (p->ext)
        kith_strbuf_addf(out, " ext. %s", p->ext);
}

const char *const kith_field_names[KITH_N_FIELDS] = {"name", "title", "company", "emails",
                                                     "phones", "urls", "address"};

void kith_fields_json_members(const kith_fields *f, kith_strbuf *sb, int *first)
{
    kith_json_member_str(sb, first, "name", f->name, 1);
    kith_json_member_str(sb, first, "given_name", f->given_name, 1);
    kith_json_member_str(sb, first, "family_name", f->family_name, 1);
    kith_json_member_str(sb, first, "title", f->title, 1);
    kith_json_member_str(sb, first, "company", f->company, 1);
    kith_json_member_str(sb, first, "department", f->department, 1);
    json_str_list(sb, first, "emails", f->emails, f->n_emails);
    if (f->n_phones) {
        kith_json_key(sb, first, "phones");
        kith_strbuf_addc(sb, '[');
        for (size_t i = 0; i < f->n_phones; i++) {
            const kith_phone *p = &f->phones[i];
            kith_strbuf number = KITH_STRBUF_INIT;
            int pf = 1;
            phone_number_text(p, &number);
            if (i)
                kith_strbuf_adds(sb, ", ");
            kith_strbuf_addc(sb, '{');
            kith_json_member_str(sb, &pf, "kind", kith_phone_kind_name(p->kind), 0);
            kith_json_member_str(sb, &pf, "number", kith_strbuf_str(&number), 0);
            kith_json_key(sb, &pf, "e164");
            kith_json_str(sb, p->e164);
            kith_strbuf_addc(sb, '}');
            kith_strbuf_release(&number);
        }
        kith_strbuf_addc(sb, ']');
    }
    json_str_list(sb, first, "urls", f->urls, f->n_urls);
    kith_json_member_str(sb, first, "address", f->address, 1);
    if (f->from_qr) {
        int qf = 1;
        kith_json_key(sb, first, "from_qr");
        kith_strbuf_addc(sb, '[');
        for (unsigned i = 0; i < KITH_N_FIELDS; i++)
            if (f->from_qr & (1u << i)) {
                kith_strbuf_adds(sb, qf ? "" : ", ");
                kith_json_str(sb, kith_field_names[i]);
                qf = 0;
            }
        kith_strbuf_addc(sb, ']');
    }
    /* two decimals are plenty for a confidence and keep the output stable */
    kith_json_member_num(sb, first, "confidence", (double)(int)(f->confidence * 100 + 0.5) / 100);
}

void kith_fields_to_json(const kith_fields *f, kith_strbuf *sb)
{
    int first = 1;
    kith_strbuf_addc(sb, '{');
    kith_fields_json_members(f, sb, &first);
    kith_strbuf_addc(sb, '}');
}

/* Copy of a non-empty string member, else NULL; caller frees. */
static char *get_dup(const kith_json *obj, const char *key)
{
    const char *s = kith_json_get_str(obj, key);
    return s && *s ? kith_xstrdup(s) : NULL;
}

static void read_str_list(const kith_json *obj, const char *key, kith_fields *f, int urls)
{
    const kith_json *a = kith_json_get(obj, key);
    if (!a || a->type != KITH_JSON_ARRAY)
        return;
    for (size_t i = 0; i < a->n; i++)
        if (a->items[i]->type == KITH_JSON_STRING) {
            if (urls)
                kith_fields_add_url(f, a->items[i]->string);
            else
                kith_fields_add_email(f, a->items[i]->string);
        }
}

/* Splits "NUMBER ext. DIGITS" as written by phone_number_text. */
static void split_ext(const char *number, char **num, char **ext)
{
    const char *x = strstr(number, " ext. ");
    if (x && x[6]) {
        *num = kith_xstrndup(number, (size_t)(x - number));
        *ext = kith_xstrdup(x + 6);
    } else {
        *num = kith_xstrdup(number);
        *ext = NULL;
    }
}

int kith_fields_from_json(const struct kith_json *obj, kith_fields **out)
{
    if (!obj || obj->type != KITH_JSON_OBJECT)
        return -1;
    kith_fields *f = kith_fields_new();
    f->name = get_dup(obj, "name");
    f->given_name = get_dup(obj, "given_name");
    f->family_name = get_dup(obj, "family_name");
    f->prefix = get_dup(obj, "prefix");
    f->credentials = get_dup(obj, "credentials");
    f->title = get_dup(obj, "title");
    f->company = get_dup(obj, "company");
    f->department = get_dup(obj, "department");
    f->address = get_dup(obj, "address");
    read_str_list(obj, "emails", f, 0);
    read_str_list(obj, "urls", f, 1);
    const kith_json *phones = kith_json_get(obj, "phones");
    if (phones && phones->type == KITH_JSON_ARRAY) {
        for (size_t i = 0; i < phones->n; i++) {
            const kith_json *p = phones->items[i];
            const char *number = kith_json_get_str(p, "number");
            if (!number)
                continue;
            kith_phone_kind kind = KITH_PHONE_OTHER;
            const char *k = kith_json_get_str(p, "kind");
            if (k && kith_phone_kind_parse(k, &kind) < 0)
                kind = KITH_PHONE_OTHER;
            char *num, *ext;
            split_ext(number, &num, &ext);
            kith_fields_add_phone(f, kind, num, kith_json_get_str(p, "e164"), ext, 1.0f);
            free(num);
            free(ext);
        }
    }
    const kith_json *qr = kith_json_get(obj, "from_qr");
    if (qr && qr->type == KITH_JSON_ARRAY)
        for (size_t i = 0; i < qr->n; i++)
            for (unsigned k = 0; k < KITH_N_FIELDS; k++)
                if (qr->items[i]->type == KITH_JSON_STRING &&
                    strcmp(qr->items[i]->string, kith_field_names[k]) == 0)
                    f->from_qr |= 1u << k;
    const kith_json *c = kith_json_get(obj, "confidence");
    if (c && c->type == KITH_JSON_NUMBER)
        f->confidence = (float)c->number;
    *out = f;
    return 0;
}

/* See fields.h; caller frees. */
char *kith_email_key(const char *email)
{
    if (!email)
        return NULL;
    while (isspace((unsigned char)*email))
        email++;
    if (kith_starts_with_ci(email, "mailto:"))
        email += strlen("mailto:");
    char *k = kith_xstrdup(email);
    kith_trim(k);
    for (char *p = k; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *at = strchr(k, '@');
    if (!at || at == k || at[1] == '\0') {
        free(k);
        return NULL;
    }
    return k;
}
