/*
 * present.h — what the contact commands (list, show, log, note, edit, next,
 * review, merge) share: reading their options, loading a contact with its
 * connection status, and printing names, dates and statuses the same way
 * everywhere.
 *
 * Colour is used only when stdout is a terminal and NO_COLOR is not set;
 * output into a pipe is plain text.
 */
#ifndef KITH_CLI_PRESENT_H
#define KITH_CLI_PRESENT_H

#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "common/strbuf.h"

/* --- options ------------------------------------------------------------ */

/* Matches argv[*i] against the option `name` taking a value, written either
 * "--name VALUE" or "--name=VALUE". Returns 1 and sets *value (advancing *i
 * past a separate value) on a match, 0 when argv[*i] is another argument, and
 * -1 after printing a usage error when the value is missing. */
int cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *name,
                  const char **value);

/* Parses a whole positive number in [1, max] for option `name`. Prints a usage
 * error and returns -1 on bad text. */
int cli_parse_count(const char *cmd, const char *name, const char *text, long max, long *out);

/* --- loading ------------------------------------------------------------ */

/* Loads a contact and evaluates its connection at cli->now. Prints the error
 * and returns KITH_EXIT_FAIL on failure, else 0. *out freed with
 * kith_contact_free. */
int cli_load_contact(kith_cli *cli, kith_store *st, int64_t id, kith_contact **out,
                     kith_connection *conn);

/* A loaded contact with its connection at cli->now. */
typedef struct cli_entry {
    kith_contact *c;
    kith_connection conn;
} cli_entry;

/* Opens the store into *st (the caller closes it) and loads every contact
 * (only those collected at `event` when it is not NULL), in id order, each
 * with its connection at cli->now. Prints the error and returns
 * KITH_EXIT_FAIL on failure (nothing open or to free then), else 0. Free *out
 * with cli_entries_free. */
int cli_load_all(kith_cli *cli, const char *event, kith_store **st, cli_entry **out, size_t *n);

/* Frees the n contacts of e, and e. */
void cli_entries_free(cli_entry *e, size_t n);

/* The connection of a loaded contact at cli->now. */
kith_connection cli_eval(const kith_cli *cli, const kith_contact *c);

/* --- words -------------------------------------------------------------- */

/* A name to show: the name, else the first email, else the company, else
 * "(no name)". Owned by the contact. */
const char *cli_display_name(const kith_contact *c);

/* How to address the person in a question: the given name, else the full
 * name, else "them". Owned by the contact. */
const char *cli_call_name(const kith_contact *c);

/* Appends "today", "yesterday", "N days ago" (or "in N days") for time t. */
void cli_add_ago(kith_strbuf *sb, int64_t t, int64_t now);

/* Calendar days (UTC) from t to now, negative when t is later. Days, not
 * seconds, like the connection rules: something logged today is 0 days old. */
long cli_days_between(int64_t t, int64_t now);

/* True when t is on a later UTC day than now: the rules ignore it until then. */
int cli_is_future(int64_t t, int64_t now);

/* The latest counting interaction at or before now, as the connection rules
 * found it (conn of c, from cli_eval), or NULL. */
const kith_interaction *cli_last_counting(const kith_contact *c, const kith_connection *conn);

/* Appends "unconnected (missing active, reciprocal, personal)",
 * "connected", or "lapsed (missing active)" — coloured when `colour`. */
void cli_add_status(kith_strbuf *sb, const kith_connection *conn, int colour);

/* Ends sb with the status of conn (coloured when stdout gets colour) and a
 * newline, writes it to stdout and releases it. Returns as cli_write_out. */
int cli_write_with_status(const kith_cli *cli, kith_strbuf *sb, const kith_connection *conn);

/* Appends `text` made safe for a terminal (common/term.h) padded with spaces
 * (or cut with "…") to `width` columns, counting UTF-8 characters, not bytes. */
void cli_add_cell(kith_strbuf *sb, const char *text, size_t width);

/* Number of characters (UTF-8 code points) in s as cli_add_cell shows it. */
size_t cli_text_width(const char *s);

/* --- text from outside ------------------------------------------------------ */

/* Every human-readable output passes text that came from a card, a note, an
 * edit, a file name or the command line through these (common/term.h):
 * control characters and escape sequences shown visibly, invalid UTF-8 as
 * U+FFFD, newlines folded. JSON output does not: it stays exact. */

/* Appends s (NULL: nothing) made safe. */
void cli_add_safe(kith_strbuf *sb, const char *s);

/* s made safe, for a printf argument: valid until 8 more calls (a small ring
 * of buffers; the CLI prints from one thread). NULL gives "". */
const char *cli_safe(const char *s);

/* --- colour --------------------------------------------------------------- */

/* Non-zero when stdout gets colour (a terminal, and NO_COLOR unset). */
int cli_colour(const kith_cli *cli);

/* Escape sequences, or "" when `on` is 0. */
const char *cli_bold(int on);
const char *cli_dim(int on);
const char *cli_reset(int on);

/* Writes the buffer to stdout; returns KITH_EXIT_FAIL (with a message) when
 * the write fails, else 0. */
int cli_write_out(const kith_strbuf *sb);

#endif
