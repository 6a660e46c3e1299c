/*
 * cmd_edit.c — `kith edit CONTACT --FIELD VALUE...`: correct what OCR got
 * wrong. The store marks each edited field as the user's, and a later scan
 * of another card of the same person never overwrites it. For --email,
 * --phone and --url the value replaces the whole list with one item. A new
 * name is split by the store as a card's name is (prefix, given and family
 * name, credentials: "Dr. Anna Berg, PhD").
 * Prints each change as "field: old -> new".
 */
#include "cli/cli.h"
#include "extract/name.h"
#include "cli/present.h"
#include "cli/validate.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *opt;
    const char *label;
    int field;
} editable[] = {
    {"--name", "name", KITH_FIELD_NAME},
    {"--title", "title", KITH_FIELD_TITLE},
    {"--company", "company", KITH_FIELD_COMPANY},
    {"--email", "email", KITH_FIELD_EMAILS},
    {"--phone", "phone", KITH_FIELD_PHONES},
    {"--url", "url", KITH_FIELD_URLS},
    {"--address", "address", KITH_FIELD_ADDRESS},
};
#define N_EDITABLE (sizeof editable / sizeof editable[0])

/* The field's current value as text ("" when empty); lists joined by ", ". */
static void add_value(kith_strbuf *sb, const kith_fields *f, int field)
{
    switch (field) {
    case KITH_FIELD_NAME: cli_add_safe(sb, f->name); break;
    case KITH_FIELD_TITLE: cli_add_safe(sb, f->title); break;
    case KITH_FIELD_COMPANY: cli_add_safe(sb, f->company); break;
    case KITH_FIELD_ADDRESS: cli_add_safe(sb, f->address); break;
    case KITH_FIELD_EMAILS:
        for (size_t i = 0; i < f->n_emails; i++)
            kith_strbuf_addf(sb, "%s%s", i ? ", " : "", cli_safe(f->emails[i]));
        break;
    case KITH_FIELD_URLS:
        for (size_t i = 0; i < f->n_urls; i++)
            kith_strbuf_addf(sb, "%s%s", i ? ", " : "", cli_safe(f->urls[i]));
        break;
    case KITH_FIELD_PHONES:
        for (size_t i = 0; i < f->n_phones; i++)
            kith_strbuf_addf(sb, "%s%s", i ? ", " : "", cli_safe(f->phones[i].number));
        break;
    default: break;
    }
}

/* The name as typed, split into its parts with the lexicons of models/. */
static int edit_name(kith_store *st, int64_t id, const char *typed, kith_err *err)
{
    kith_models *m = NULL;
    if (kith_models_load(NULL, &m, err) < 0)
        return -1;
    kith_name nm;
    kith_name_split_typed(m, typed, &nm);
    int rc = kith_store_contact_edit_name(st, id, &nm, err);
    kith_name_release(&nm);
    kith_models_free(m);
    return rc;
}

int cmd_edit(kith_cli *cli, int argc, char **argv)
{
    const char *query = NULL;
    const char *values[N_EDITABLE] = {NULL};
    int any = 0;
    for (int i = 1; i < argc; i++) {
        int matched = 0;
        for (size_t k = 0; k < N_EDITABLE && !matched; k++) {
            int r = cli_opt_value("edit", argc, argv, &i, editable[k].opt, &values[k]);
            if (r < 0)
                return KITH_EXIT_USAGE;
            matched = r;
        }
        if (matched)
            any = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage_error("edit", "unknown option '%s'", argv[i]);
        else if (!query)
            query = argv[i];
        else
            return cli_usage_error("edit", "one contact at a time ('%s' is extra)", argv[i]);
    }
    if (!query)
        return cli_usage_error("edit", "which contact?");
    if (!any)
        return cli_usage_error("edit", "nothing to change (--name, --title, --company, "
                                       "--email, --phone, --url or --address)");
    for (size_t k = 0; k < N_EDITABLE; k++) {
        const char *v = values[k];
        if (!v || !*v)   /* empty clears the field */
            continue;
        if (editable[k].field == KITH_FIELD_EMAILS && !cli_valid_email(v))
            return cli_usage_error("edit", "'%s' is not a valid email address", v);
        if (editable[k].field == KITH_FIELD_PHONES && !cli_valid_phone(v))
            return cli_usage_error("edit", "'%s' is not a valid phone number (digits, blanks "
                                           "and + - ( ) . /, an extension as 'ext. 12')", v);
    }

    kith_store *st;
    if (cli_open_store(cli, &st))
        return KITH_EXIT_FAIL;
    int64_t id;
    kith_err err;
    kith_contact *before = NULL, *after = NULL;
    int rc = cli_resolve_contact(cli, st, query, &id);
    if (rc == 0)
        rc = cli_load_contact(cli, st, id, &before, NULL);
    for (size_t k = 0; k < N_EDITABLE && rc == 0; k++) {
        if (!values[k])
            continue;
        int r;
        if (editable[k].field == KITH_FIELD_NAME) {
            r = edit_name(st, id, values[k], &err);
        } else {
            r = kith_store_contact_edit(st, id, editable[k].field, values[k], &err);
        }
        if (r < 0)
            rc = cli_fail("%s: %s", editable[k].label, err.msg);
    }
    if (rc == 0)
        rc = cli_load_contact(cli, st, id, &after, NULL);
    if (rc == 0) {
        kith_strbuf out = KITH_STRBUF_INIT, old = KITH_STRBUF_INIT, now = KITH_STRBUF_INIT;
        kith_strbuf_addf(&out, "edited #%lld %s:\n", (long long)id,
                         cli_safe(cli_display_name(after)));
        for (size_t k = 0; k < N_EDITABLE; k++) {
            if (!values[k])
                continue;
            kith_strbuf_reset(&old);
            kith_strbuf_reset(&now);
            add_value(&old, before->fields, editable[k].field);
            add_value(&now, after->fields, editable[k].field);
            kith_strbuf_addf(&out, "  %-8s %s -> %s\n", editable[k].label,
                             old.len ? kith_strbuf_str(&old) : "(empty)",
                             now.len ? kith_strbuf_str(&now) : "(empty)");
        }
        rc = cli_write_out(&out);
        kith_strbuf_release(&out);
        kith_strbuf_release(&old);
        kith_strbuf_release(&now);
    }
    if (before)
        kith_contact_free(before);
    if (after)
        kith_contact_free(after);
    kith_store_close(st);
    return rc;
}
