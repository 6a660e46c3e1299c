/*
 * present.c — shared helpers of the contact commands: option values,
 * loading a contact with its status, and printing names, dates and statuses
 * one way everywhere (see present.h).
 */
#include "cli/present.h"
#include "common/term.h"
#include "common/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *name,
                  const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, "%s needs a value", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

int cli_parse_count(const char *cmd, const char *name, const char *text, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < 1 || v > max) {
        cli_usage_error(cmd, "%s wants a number from 1 to %ld, not '%s'", name, max, text);
        return -1;
    }
    *out = v;
    return 0;
}

kith_connection cli_eval(const kith_cli *cli, const kith_contact *c)
{
    return kith_connection_eval(c->interactions, c->n_interactions, c->n_notes, cli->now,
                                &cli->policy);
}

int cli_load_contact(kith_cli *cli, kith_store *st, int64_t id, kith_contact **out,
                     kith_connection *conn)
{
    kith_err err;
    if (kith_store_contact_get(st, id, out, &err) < 0)
        return cli_fail("%s", err.msg);
    if (conn)
        *conn = cli_eval(cli, *out);
    return 0;
}

/* cli_load_all once the store is open. */
static int load_all(kith_cli *cli, kith_store *st, const char *event, cli_entry **out,
                    size_t *n)
{
    kith_err err;
    int64_t *ids = NULL;
    size_t n_ids = 0;
    if (kith_store_contact_ids(st, event, &ids, &n_ids, &err) < 0)
        return cli_fail("%s", err.msg);
    cli_entry *e = kith_xcalloc(n_ids ? n_ids : 1, sizeof *e);
    for (size_t i = 0; i < n_ids; i++) {
        if (cli_load_contact(cli, st, ids[i], &e[i].c, &e[i].conn)) {
            cli_entries_free(e, i);
            free(ids);
            return KITH_EXIT_FAIL;
        }
    }
    free(ids);
    *out = e;
    *n = n_ids;
    return 0;
}

int cli_load_all(kith_cli *cli, const char *event, kith_store **st, cli_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (cli_open_store(cli, st))
        return KITH_EXIT_FAIL;
    if (load_all(cli, *st, event, out, n)) {
        kith_store_close(*st);
        *st = NULL;
        return KITH_EXIT_FAIL;
    }
    return 0;
}

void cli_entries_free(cli_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kith_contact_free(e[i].c);
    free(e);
}

static int nonempty(const char *s)
{
    return s && *s;
}

const char *cli_display_name(const kith_contact *c)
{
    const kith_fields *f = c->fields;
    if (f && nonempty(f->name))
        return f->name;
    if (f && f->n_emails && nonempty(f->emails[0]))
        return f->emails[0];
    if (f && nonempty(f->company))
        return f->company;
    return "(no name)";
}

const char *cli_call_name(const kith_contact *c)
{
    const kith_fields *f = c->fields;
    if (f && nonempty(f->given_name))
        return f->given_name;
    if (f && nonempty(f->name))
        return f->name;
    return "them";
}

/* UTC day number, rounding towards minus infinity (as the connection rules
 * do: they compare calendar days, not seconds). */
static int64_t day_of(int64_t t)
{
    int64_t d = t / 86400;
    return t % 86400 < 0 ? d - 1 : d;
}

long cli_days_between(int64_t t, int64_t now)
{
    return kith_days_between(t, now);
}

int cli_is_future(int64_t t, int64_t now)
{
    return day_of(t) > day_of(now);
}

void cli_add_ago(kith_strbuf *sb, int64_t t, int64_t now)
{
    long d = cli_days_between(t, now);
    if (d == 0)
        kith_strbuf_adds(sb, "today");
    else if (d == 1)
        kith_strbuf_adds(sb, "yesterday");
    else if (d > 1)
        kith_strbuf_addf(sb, "%ld days ago", d);
    else if (d == -1)
        kith_strbuf_adds(sb, "tomorrow");
    else
        kith_strbuf_addf(sb, "in %ld days", -d);
}

const kith_interaction *cli_last_counting(const kith_contact *c, const kith_connection *conn)
{
    return conn->last_index >= 0 && (size_t)conn->last_index < c->n_interactions
               ? &c->interactions[conn->last_index]
               : NULL;
}

void cli_add_status(kith_strbuf *sb, const kith_connection *conn, int colour)
{
    const char *on = "";
    if (colour)
        on = conn->status == KITH_STATUS_CONNECTED ? "\033[32m"
             : conn->status == KITH_STATUS_LAPSED  ? "\033[33m"
                                                   : "\033[1m";
    kith_strbuf_addf(sb, "%s%s%s", on, kith_status_name(conn->status), cli_reset(colour));
    if (conn->status != KITH_STATUS_CONNECTED) {
        kith_strbuf_adds(sb, " (missing ");
        kith_connection_missing(conn, sb);
        kith_strbuf_addc(sb, ')');
    }
}

void cli_add_safe(kith_strbuf *sb, const char *s)
{
    kith_term_adds(sb, s);
}

const char *cli_safe(const char *s)
{
    static char *ring[8];
    static unsigned next;
    unsigned k = next++ % 8;
    free(ring[k]);
    ring[k] = kith_term_safe(s);
    return ring[k];
}

/* Code points in s (already safe). */
static size_t code_points(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80)
            n++;
    return n;
}

size_t cli_text_width(const char *s)
{
    char *safe = kith_term_safe(s);
    size_t n = code_points(safe);
    free(safe);
    return n;
}

void cli_add_cell(kith_strbuf *sb, const char *raw, size_t width)
{
    if (width == 0)
        return;
    char *text = kith_term_safe(raw);
    size_t w = code_points(text);
    if (w <= width) {
        kith_strbuf_adds(sb, text);
        for (; w < width; w++)
            kith_strbuf_addc(sb, ' ');
        free(text);
        return;
    }
    /* keep width-1 characters and mark the cut */
    const unsigned char *p = (const unsigned char *)text;
    size_t chars = 0;
    while (*p) {
        if ((*p & 0xc0) != 0x80) {
            if (chars == width - 1)
                break;
            chars++;
        }
        p++;
    }
    kith_strbuf_add(sb, text, (size_t)((const char *)p - text));
    kith_strbuf_adds(sb, "\xe2\x80\xa6"); /* … */
    free(text);
}

int cli_colour(const kith_cli *cli)
{
    const char *no = getenv("NO_COLOR");
    return cli->stdout_tty && !(no && *no);
}

const char *cli_bold(int on)
{
    return on ? "\033[1m" : "";
}

const char *cli_dim(int on)
{
    return on ? "\033[2m" : "";
}

const char *cli_reset(int on)
{
    return on ? "\033[0m" : "";
}

int cli_write_with_status(const kith_cli *cli, kith_strbuf *sb, const kith_connection *conn)
{
    cli_add_status(sb, conn, cli_colour(cli));
    kith_strbuf_addc(sb, '\n');
    int rc = cli_write_out(sb);
    kith_strbuf_release(sb);
    return rc;
}

int cli_write_out(const kith_strbuf *sb)
{
    const char *s = kith_strbuf_str(sb);
    if (fwrite(s, 1, sb->len, stdout) != sb->len || fflush(stdout) != 0)
        return cli_fail("cannot write output: %s", strerror(errno));
    return 0;
}
