/*
 * cmd_export.c — `kith export`: every contact (or those of one event, or in
 * one connection status) as vCard, CSV or JSON, on stdout or into a file.
 *
 * A file given with -o holds other people's personal data: it is written
 * with mode 0600, into a temporary file next to it that is renamed over the
 * target only when everything was written (so a failed export never leaves
 * a half-written address book behind).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/present.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "export/export.h"

typedef enum { FMT_VCARD, FMT_CSV, FMT_JSON } export_format;

typedef struct export_opts {
    export_format format;
    int vcard_version;
    int ndjson;
    int have_status;
    kith_status status;
    const char *event;
    const char *out_path;
} export_opts;

/* Where the output goes: stdout, or a temporary file renamed at the end. */
typedef struct export_sink {
    FILE *fp;
    char *tmp_path;   /* NULL for stdout */
    int failed;
} export_sink;

static int sink_write(export_sink *s, kith_strbuf *sb)
{
    errno = 0;
    if (sb->len && fwrite(sb->buf, 1, sb->len, s->fp) != sb->len)
        s->failed = errno ? errno : EIO;
    kith_strbuf_reset(sb);
    return s->failed ? -1 : 0;
}

static int sink_open(export_sink *s, const char *path)
{
    memset(s, 0, sizeof *s);
    if (!path) {
        s->fp = stdout;
        return 0;
    }
    s->tmp_path = kith_xasprintf("%s.tmp-XXXXXX", path);
    int fd = mkstemp(s->tmp_path);
    if (fd < 0) {
        int e = errno;
        free(s->tmp_path);
        s->tmp_path = NULL;
        return cli_fail("cannot create %s: %s", path, strerror(e));
    }
    if (fchmod(fd, 0600) < 0 || !(s->fp = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        unlink(s->tmp_path);
        free(s->tmp_path);
        s->tmp_path = NULL;
        return cli_fail("cannot write %s: %s", path, strerror(e));
    }
    return 0;
}

/* Finishes the output: for a file, flush, sync and rename over the target
 * (or remove the temporary file when ok is false). */
static int sink_close(export_sink *s, const char *path, int ok)
{
    if (!s->tmp_path) {
        if (fflush(stdout) != 0 || ferror(stdout))
            return cli_fail("cannot write to stdout: %s", strerror(errno));
        return ok ? 0 : KITH_EXIT_FAIL;
    }
    int e = s->failed;
    if (fflush(s->fp) != 0 && !e)
        e = errno;
    if (!e && fsync(fileno(s->fp)) != 0)
        e = errno;
    if (fclose(s->fp) != 0 && !e)
        e = errno;
    int rc = 0;
    if (!ok || e) {
        unlink(s->tmp_path);
        rc = e ? cli_fail("cannot write %s: %s", path, strerror(e)) : KITH_EXIT_FAIL;
    } else if (rename(s->tmp_path, path) != 0) {
        e = errno;
        unlink(s->tmp_path);
        rc = cli_fail("cannot rename to %s: %s", path, strerror(e));
    }
    free(s->tmp_path);
    s->tmp_path = NULL;
    return rc;
}

static int parse_args(int argc, char **argv, export_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = FMT_VCARD;
    o->vcard_version = 4;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (strcmp(a, "--ndjson") == 0) {
            o->ndjson = 1;
            continue;
        }
        int takes = strcmp(a, "--format") == 0 || strcmp(a, "--vcard-version") == 0 ||
                    strcmp(a, "--status") == 0 || strcmp(a, "--event") == 0 ||
                    strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0;
        if (!takes) {
            const char *eq = strchr(a, '=');
            if (a[0] == '-' && a[1] == '-' && eq) {
                static const char *const long_opts[] = {"--format", "--vcard-version",
                                                        "--status", "--event", "--output"};
                for (size_t k = 0; k < sizeof long_opts / sizeof long_opts[0]; k++)
                    if (strlen(long_opts[k]) == (size_t)(eq - a) &&
                        strncmp(a, long_opts[k], (size_t)(eq - a)) == 0)
                        val = eq + 1;
            }
            if (!val)
                return cli_usage_error("export", a[0] == '-' ? "unknown option '%s'"
                                                             : "unexpected argument '%s'", a);
        } else {
            if (i + 1 >= argc)
                return cli_usage_error("export", "%s needs a value", a);
            val = argv[++i];
        }
        if (strncmp(a, "--format", 8) == 0) {
            if (strcmp(val, "vcard") == 0 || strcmp(val, "vcf") == 0)
                o->format = FMT_VCARD;
            else if (strcmp(val, "csv") == 0)
                o->format = FMT_CSV;
            else if (strcmp(val, "json") == 0)
                o->format = FMT_JSON;
            else
                return cli_usage_error("export", "unknown format '%s' (vcard, csv, json)", val);
        } else if (strncmp(a, "--vcard-version", 15) == 0) {
            if (strcmp(val, "3.0") == 0 || strcmp(val, "3") == 0)
                o->vcard_version = 3;
            else if (strcmp(val, "4.0") == 0 || strcmp(val, "4") == 0)
                o->vcard_version = 4;
            else
                return cli_usage_error("export", "vCard version must be 3.0 or 4.0, not '%s'",
                                       val);
        } else if (strncmp(a, "--status", 8) == 0) {
            if (kith_status_parse(val, &o->status) < 0)
                return cli_usage_error("export",
                                       "unknown status '%s' (connected, lapsed, unconnected)",
                                       val);
            o->have_status = 1;
        } else if (strncmp(a, "--event", 7) == 0) {
            o->event = val;
        } else {
            o->out_path = val;
        }
    }
    if (o->out_path && strcmp(o->out_path, "-") == 0)
        o->out_path = NULL;   /* -o - is stdout */
    if (o->ndjson && o->format != FMT_JSON)
        return cli_usage_error("export", "--ndjson goes with --format json");
    return 0;
}

int cmd_export(kith_cli *cli, int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1]))
        return cli_help("export");
    export_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;

    kith_store *st;
    if ((rc = cli_open_store(cli, &st)) != 0)
        return rc;
    kith_err err;
    int64_t *ids = NULL;
    size_t n = 0;
    if (kith_store_contact_ids(st, o.event, &ids, &n, &err) < 0) {
        kith_store_close(st);
        return cli_fail("%s", err.msg);
    }

    export_sink sink;
    if ((rc = sink_open(&sink, o.out_path)) != 0) {
        free(ids);
        kith_store_close(st);
        return rc;
    }

    kith_strbuf sb = KITH_STRBUF_INIT;
    int ok = 1;
    size_t written = 0;
    if (o.format == FMT_CSV)
        kith_export_csv_header(&sb);
    else if (o.format == FMT_JSON && !o.ndjson)
        kith_strbuf_addc(&sb, '[');
    for (size_t i = 0; i < n && ok; i++) {
        kith_contact *c;
        if (kith_store_contact_get(st, ids[i], &c, &err) < 0) {
            cli_fail("%s", err.msg);
            ok = 0;
            break;
        }
        kith_connection conn = kith_connection_eval(c->interactions, c->n_interactions,
                                                    c->n_notes, cli->now, &cli->policy);
        if (!o.have_status || conn.status == o.status) {
            switch (o.format) {
            case FMT_VCARD:
                kith_export_vcard(c, &conn, o.vcard_version, &sb);
                break;
            case FMT_CSV:
                kith_export_csv_row(c, &conn, &sb);
                break;
            case FMT_JSON:
                if (!o.ndjson)
                    kith_strbuf_adds(&sb, written ? ",\n" : "\n");
                kith_export_json(c, &conn, cli->now, &sb);
                if (o.ndjson)
                    kith_strbuf_addc(&sb, '\n');
                break;
            }
            written++;
        }
        kith_contact_free(c);
        if (sink_write(&sink, &sb) < 0)
            ok = 0;
    }
    if (ok && o.format == FMT_JSON && !o.ndjson) {
        kith_strbuf_adds(&sb, written ? "\n]\n" : "]\n");
        if (sink_write(&sink, &sb) < 0)
            ok = 0;
    }
    kith_strbuf_release(&sb);
    free(ids);
    kith_store_close(st);
    rc = sink_close(&sink, o.out_path, ok);
    if (rc == 0 && o.out_path && cli->stderr_tty)
        fprintf(stderr, "kith: exported %zu contact%s to %s\n", written,
                written == 1 ? "" : "s", cli_safe(o.out_path));
    return rc;
}
