/*
 * cli.h — what every `kith` subcommand shares: the global options, the exit
 * codes, and helpers that print (the CLI is the only part of kith that talks
 * to a terminal).
 *
 * One file per subcommand (cmd_scan.c → cmd_scan); the table in kith.c maps
 * names to handlers, summaries and usage text.
 */
#ifndef KITH_CLI_H
#define KITH_CLI_H

#include <stdint.h>

#include "enrich/connection.h"
#include "store/store.h"

/* Exit codes */
enum { KITH_EXIT_OK = 0, KITH_EXIT_FAIL = 1, KITH_EXIT_USAGE = 2 };

typedef struct kith_cli {
    const char *db_path_opt;  /* --db, or NULL for the default (see paths.h) */
    int64_t now;              /* --now / KITH_NOW, else the clock */
    int now_fixed;            /* --now or KITH_NOW was given */
    kith_policy policy;       /* KITH_WINDOW_DAYS overrides the window */
    int stdin_tty, stdout_tty, stderr_tty;
} kith_cli;

typedef int (*kith_cmd_fn)(kith_cli *cli, int argc, char **argv);

typedef struct kith_cmd {
    const char *name;
    kith_cmd_fn fn;
    const char *summary;   /* one line for `kith help` */
    const char *usage;     /* full help text for `kith help NAME` / --help */
} kith_cmd;

/* The table (kith.c). */
const kith_cmd *cli_find_cmd(const char *name);

/* Prints "kith: MESSAGE" to stderr; returns KITH_EXIT_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "kith CMD: MESSAGE" and a hint to see --help; returns KITH_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the command's usage text to stdout; returns KITH_EXIT_OK. */
int cli_help(const char *cmd);

/* Opens the database (default path or --db), creating its directory.
 * Prints the error; returns 0 or KITH_EXIT_FAIL. */
int cli_open_store(kith_cli *cli, kith_store **out);

/* Resolves CONTACT (id, or text matching exactly one contact). Prints the
 * candidates when ambiguous (returns KITH_EXIT_USAGE) or a message when none
 * matches (KITH_EXIT_FAIL); 0 on success. */
int cli_resolve_contact(kith_cli *cli, kith_store *st, const char *query, int64_t *id);

/* True when the argument is -h or --help. */
int cli_is_help(const char *arg);

/* Asks the new contacts for a personal note, one by one (cli/prompt.c).
 * Only when stdin and stdout are terminals. Enter skips; 'q' stops. */
int cli_prompt_notes(kith_cli *cli, kith_store *st, const int64_t *ids, size_t n);

/* Subcommands */
int cmd_scan(kith_cli *cli, int argc, char **argv);
int cmd_watch(kith_cli *cli, int argc, char **argv);
int cmd_parse(kith_cli *cli, int argc, char **argv);
int cmd_list(kith_cli *cli, int argc, char **argv);
int cmd_show(kith_cli *cli, int argc, char **argv);
int cmd_log(kith_cli *cli, int argc, char **argv);
int cmd_note(kith_cli *cli, int argc, char **argv);
int cmd_edit(kith_cli *cli, int argc, char **argv);
int cmd_next(kith_cli *cli, int argc, char **argv);
int cmd_review(kith_cli *cli, int argc, char **argv);
int cmd_merge(kith_cli *cli, int argc, char **argv);
int cmd_export(kith_cli *cli, int argc, char **argv);
int cmd_stats(kith_cli *cli, int argc, char **argv);
int cmd_serve(kith_cli *cli, int argc, char **argv);

/* The options of `kith serve` that `kith review --browser` shares (--port N,
 * --no-open), read into a web_opts (cli/web/web.h); 1 when argv[*i] was one,
 * 0 when not, -1 after a usage error. */
struct web_opts;
int cli_serve_opt(const char *cmd, int argc, char **argv, int *i, struct web_opts *o);

#endif
