/*
 * kith.c — the `kith` binary: global options, the table of subcommands, help.
 *
 *     kith [--db PATH] [--now YYYY-MM-DD] COMMAND [ARGS]
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "common/paths.h"
#include "common/term.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const kith_cmd commands[] = {
    {"scan", cmd_scan, "scan card photos into contacts",
     "usage: kith scan [--event NAME] [--json] [--no-prompt] [--jobs N] [--save-crops DIR]\n"
     "                 [--duplex] PATH...\n"
     "\n"
     "Reads photos or scans of business cards (files, or directories searched\n"
     "recursively) and creates a contact per card, marked unconnected. A card\n"
     "whose email or phone matches a contact updates it; a file scanned before\n"
     "is skipped. On a terminal, asks for a personal note for each new contact.\n"
     "\n"
     "  --event NAME       where the cards were collected\n"
     "  --json             one JSON object per input on stdout (see README)\n"
     "  --no-prompt        do not ask for notes\n"
     "  --jobs N           worker threads (default: number of cores)\n"
     "  --save-crops DIR   write each normalized card image to DIR\n"
     "\n"
     "Exit status: 0 all cards read, 1 some failed, 2 usage error.\n"},
    {"watch", cmd_watch, "ingest new card images as they appear in a folder",
     "usage: kith watch [--event NAME] [--jobs N] DIR\n"
     "\n"
     "Scans the images already in DIR, then every new one (finished writes and\n"
     "files moved in), once each even across restarts. Hidden and partial files\n"
     "are ignored. Stops cleanly on Ctrl-C or SIGTERM. Notes are asked for later\n"
     "with `kith review`.\n"},
    {"parse", cmd_parse, "extract fields from a card's text on stdin",
     "usage: kith parse [--json] [--ocr-json]\n"
     "\n"
     "Reads the OCR text of one card on stdin and prints the fields found.\n"
     "\n"
     "  --json       print the fields as one JSON object (the scan contract's)\n"
     "  --ocr-json   stdin is an OCR reading as kith stores it with each card\n"
     "               (sqlite3 kith.db 'select ocr_json from cards where id=N'):\n"
     "               words with boxes and confidences, which extraction uses\n"},
    {"list", cmd_list, "list contacts",
     "usage: kith list [--status unconnected|connected|lapsed] [--event NAME]\n"
     "                 [--missing active|reciprocal|personal]... [--json]\n"
     "\n"
     "A table of the contacts: id, name, company, event, status and what is\n"
     "missing, and a one-line total of the contacts listed (cards, connected,\n"
     "one step away, without a personal note). Filters combine; --missing may\n"
     "be repeated. --json prints one JSON array, one contact object (as in\n"
     "'kith show --json') per line, and no total.\n"
     "\n"
     "When no contact matches (or there are none yet) the table is not printed\n"
     "(--json prints []) and a note goes to stderr: an empty list is an answer,\n"
     "not a failure.\n"
     "\n"
     "Exit status: 0 (also for an empty list), 1 error, 2 usage error.\n"},
    {"show", cmd_show, "show one contact, its status and what is missing",
     "usage: kith show CONTACT [--json] [--card-image FILE]\n"
     "\n"
     "Fields, event, cards, notes, interactions, and the status with what is\n"
     "missing and why. CONTACT is an id, or text matching one contact's name,\n"
     "email or company; text matching several lists them (exit status 2).\n"
     "\n"
     "  --json             the contact as one JSON object (status, active,\n"
     "                     reciprocal, personal, missing, fields, log)\n"
     "  --card-image FILE  write the latest card's normalized image (PNG)\n"},
    {"log", cmd_log, "record an interaction",
     "usage: kith log CONTACT... --kind KIND --dir out|in|both [--at YYYY-MM-DD] [--note TEXT]\n"
     "       kith log --kind broadcast --event NAME [--at YYYY-MM-DD]\n"
     "\n"
     "KIND is meeting, call, video, email, message, social, broadcast or view.\n"
     "broadcast and view are recorded but never count towards a connection.\n"
     "--dir: out (you reached them), in (they reached you), both (a two-way\n"
     "exchange); required except for broadcast and view (default out).\n"
     "--at defaults to today (or --now). --event adds every contact collected\n"
     "at that event. Prints the status of each contact afterwards.\n"},
    {"note", cmd_note, "add a personal note to a contact",
     "usage: kith note CONTACT TEXT...\n"
     "\n"
     "Adds a personal note: something you know about the person beyond the\n"
     "card. A note makes the contact personal.\n"},
    {"edit", cmd_edit, "correct a contact's fields",
     "usage: kith edit CONTACT [--name V] [--title V] [--company V] [--email V]\n"
     "                 [--phone V] [--url V] [--address V]\n"
     "\n"
     "Edited fields are never overwritten by a later scan. --email, --phone and\n"
     "--url replace the whole list with the one value.\n"},
    {"next", cmd_next, "who to follow up with",
     "usage: kith next [--json] [--limit N]\n"
     "\n"
     "Who to follow up with, most urgent first, with the reason: connections\n"
     "lapsed or about to lapse; contacts one step from connected; people met\n"
     "recently with nothing since; contacts without a personal note; the rest.\n"
     "--limit defaults to 10.\n"},
    {"review", cmd_review, "add personal notes to contacts that have none (--browser: by the card)",
     "usage: kith review [--event NAME] [--browser [--port N] [--no-open]]\n"
     "\n"
     "Asks for a personal note for each contact that has none, newest first.\n"
     "Enter skips (the contact stays in the queue), q stops. When stdin or\n"
     "stdout is not a terminal, prints the queue instead of asking.\n"
     "\n"
     "  --browser   review in a web page instead: each card's image beside its\n"
     "              fields (those OCR was unsure of marked), to correct them and\n"
     "              write the note; see 'kith help serve' for the server\n"
     "  --port N    listen on 127.0.0.1:N (default: a free port)\n"
     "  --no-open   do not open a browser, only print the address\n"},
    {"merge", cmd_merge, "merge two contacts into the first",
     "usage: kith merge CONTACT OTHER\n"
     "\n"
     "OTHER is merged into CONTACT: both cards, all notes and interactions are\n"
     "kept, empty fields are filled, and OTHER's id is gone.\n"},
    {"stats", cmd_stats, "cards collected against real connections, per event",
     "usage: kith stats [--json]\n"
     "\n"
     "The honest count: for each event, the cards collected, the contacts,\n"
     "how many are connected (or lapsed), how many are one step from\n"
     "connected, and how many have no personal note yet. Most recent event\n"
     "first; a total line when there are several.\n"},
    {"serve", cmd_serve, "the address book and review queue as a local web page",
     "usage: kith serve [--port N] [--no-open]\n"
     "\n"
     "Serves the address book (the count per event, contacts with status and\n"
     "what is missing, who to follow up with, each contact's cards, notes and\n"
     "interactions, a form to log one) and the review queue on\n"
     "http://127.0.0.1:PORT, and opens it with xdg-open when a desktop is\n"
     "present. Runs until Ctrl-C or SIGTERM.\n"
     "\n"
     "The printed address holds a random token that the page needs (it is\n"
     "then kept in a cookie): keep it to yourself. Only 127.0.0.1 listens;\n"
     "requests with another Host, and writes from another origin, are refused.\n"
     "\n"
     "  --port N    listen on 127.0.0.1:N (default: a free port)\n"
     "  --no-open   do not open a browser, only print the address\n"},
    {"export", cmd_export, "export contacts as vCard, CSV or JSON",
     "usage: kith export [--format vcard|csv|json] [--vcard-version 3.0|4.0] [--ndjson]\n"
     "                   [--status S] [--event NAME] [-o FILE]\n"},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const char global_usage[] =
    "usage: kith [--db PATH] [--now YYYY-MM-DD] COMMAND [ARGS]\n"
    "\n"
    "Business cards in, contacts out — and honesty about which are real connections.\n"
    "\n"
    "  --db PATH          database (default $KITH_DB, else $XDG_DATA_HOME/kith/kith.db,\n"
    "                     else ~/.local/share/kith/kith.db)\n"
    "  --now YYYY-MM-DD   evaluate connection status at this date (also KITH_NOW)\n"
    "\n"
    "commands:\n";

const kith_cmd *cli_find_cmd(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_global_usage(FILE *f)
{
    fputs(global_usage, f);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\nSee 'kith help COMMAND' for one command.\n", f);
}

int cli_help(const char *cmd)
{
    const kith_cmd *c = cmd ? cli_find_cmd(cmd) : NULL;
    if (!cmd) {
        print_global_usage(stdout);
        return KITH_EXIT_OK;
    }
    if (!c) {
        fprintf(stderr, "kith: '%s' is not a kith command\n", cli_safe(cmd));
        return KITH_EXIT_USAGE;
    }
    fputs(c->usage, stdout);
    return KITH_EXIT_OK;
}

/* Writes "PREFIX" and the formatted message as one safe line to stderr: error
 * messages quote file names, contacts and arguments, all text from outside. */
__attribute__((format(printf, 2, 0)))
static void print_error(const char *prefix, const char *fmt, va_list ap)
{
    kith_strbuf msg = KITH_STRBUF_INIT, line = KITH_STRBUF_INIT;
    kith_strbuf_vaddf(&msg, fmt, ap);
    kith_strbuf_adds(&line, prefix);
    kith_term_adds(&line, kith_strbuf_str(&msg));
    kith_strbuf_addc(&line, '\n');
    fputs(kith_strbuf_str(&line), stderr);
    kith_strbuf_release(&msg);
    kith_strbuf_release(&line);
}

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print_error("kith: ", fmt, ap);
    va_end(ap);
    return KITH_EXIT_FAIL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *prefix = kith_xasprintf("kith %s: ", cmd);
    print_error(prefix, fmt, ap);
    free(prefix);
    fprintf(stderr, "(see 'kith %s --help')\n", cmd);
    va_end(ap);
    return KITH_EXIT_USAGE;
}

int cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_open_store(kith_cli *cli, kith_store **out)
{
    kith_err err;
    char *path = NULL;
    if (cli->db_path_opt)
        path = kith_xstrdup(cli->db_path_opt);
    else if (kith_default_db_path(&path, &err) < 0)
        return cli_fail("%s", err.msg);
    if (kith_store_open(path, out, &err) < 0) {
        free(path);
        return cli_fail("%s", err.msg);
    }
    free(path);
    return 0;
}

int cli_resolve_contact(kith_cli *cli, kith_store *st, const char *query, int64_t *id)
{
    (void)cli;
    kith_err err;
    int64_t *ids = NULL;
    size_t n = 0;
    if (kith_store_contact_find(st, query, &ids, &n, &err) < 0)
        return cli_fail("%s", err.msg);
    if (n == 1) {
        *id = ids[0];
        free(ids);
        return 0;
    }
    if (n == 0) {
        free(ids);
        return cli_fail("no contact matches '%s'", query);
    }
    fprintf(stderr, "kith: '%s' matches %zu contacts; use an id:\n", cli_safe(query), n);
    for (size_t i = 0; i < n; i++) {
        kith_contact *c;
        if (kith_store_contact_get(st, ids[i], &c, &err) < 0)
            continue;
        fprintf(stderr, "  %6lld  %s%s%s\n", (long long)c->id,
                c->fields->name ? cli_safe(c->fields->name) : "(no name)",
                c->fields->company ? " — " : "", cli_safe(c->fields->company));
        kith_contact_free(c);
    }
    free(ids);
    return KITH_EXIT_USAGE;
}

/*
 * Debian's tesseract runs its LSTM with OpenMP, asking for several threads per
 * recognition; with one tesseract handle per worker that oversubscribes the
 * cores and made scans about twice as slow here (measured: 4 cards, one job,
 * 6.9 s with the limit, 13.7 s without). libgomp reads OMP_THREAD_LIMIT only
 * once, when it is loaded — before main() — and no API lowers that limit
 * afterwards, so the one reliable way is to set it and start again.
 */
static void limit_openmp(char **argv)
{
    if (getenv("OMP_THREAD_LIMIT"))
        return;
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);
    /* not fatal: kith still works, only slower */
}

/* A program started with stdin, stdout or stderr closed would hand that
 * number to the next file it opens — the database — and print into it. Fill
 * the gaps with /dev/null, opened read-only for stdout and stderr so writes
 * there still fail (and are reported) instead of vanishing. */
static void guard_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        int nfd = open("/dev/null", O_RDONLY);
        if (nfd >= 0 && nfd != fd) {
            dup2(nfd, fd);
            close(nfd);
        }
    }
}

/* Output not written is a failure (git does the same): flushes stdout and
 * reports a write error that no command noticed. */
static int finish_output(int rc)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno ? errno : EIO;
        fprintf(stderr, "kith: cannot write output: %s\n", strerror(e));
        return rc ? rc : KITH_EXIT_FAIL;
    }
    return rc;
}

int main(int argc, char **argv)
{
    guard_std_fds();
    limit_openmp(argv);

    kith_cli cli;
    memset(&cli, 0, sizeof cli);
    kith_policy_default(&cli.policy);
    cli.now = kith_now();
    cli.stdin_tty = isatty(0);
    cli.stdout_tty = isatty(1);
    cli.stderr_tty = isatty(2);

    const char *now_text = getenv("KITH_NOW");
    const char *window = getenv("KITH_WINDOW_DAYS");
    if (window && *window) {
        char *end;
        long w = strtol(window, &end, 10);
        if (*end || w < 1 || w > 36500)
            return cli_fail("KITH_WINDOW_DAYS must be a number of days, not '%s'", window);
        cli.policy.window_days = (int)w;
    }

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (cli_is_help(a))
            return finish_output(cli_help(NULL));
        if (strcmp(a, "--version") == 0) {
            puts("kith 0.1.0");
            return finish_output(KITH_EXIT_OK);
        }
        if (strcmp(a, "--db") == 0 || strcmp(a, "--now") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "kith: %s needs a value\n", cli_safe(a));
                return KITH_EXIT_USAGE;
            }
            if (strcmp(a, "--db") == 0)
                cli.db_path_opt = argv[++i];
            else
                now_text = argv[++i];
            continue;
        }
        if (strncmp(a, "--db=", 5) == 0) {
            cli.db_path_opt = a + 5;
            continue;
        }
        if (strncmp(a, "--now=", 6) == 0) {
            now_text = a + 6;
            continue;
        }
        fprintf(stderr, "kith: unknown option '%s'\n", cli_safe(a));
        print_global_usage(stderr);
        return KITH_EXIT_USAGE;
    }
    if (now_text && *now_text) {
        kith_err err;
        int64_t t;
        if (kith_parse_date(now_text, &t, &err) < 0) {
            fprintf(stderr, "kith: --now: %s\n", cli_safe(err.msg));
            return KITH_EXIT_USAGE;
        }
        /* the end of that day, so what was logged on it counts */
        cli.now = t + 86399;
        cli.now_fixed = 1;
    }
    if (i >= argc) {
        print_global_usage(stderr);
        return KITH_EXIT_USAGE;
    }
    const char *name = argv[i];
    if (strcmp(name, "help") == 0)
        return finish_output(cli_help(i + 1 < argc ? argv[i + 1] : NULL));
    const kith_cmd *c = cli_find_cmd(name);
    if (!c) {
        fprintf(stderr, "kith: '%s' is not a kith command (see 'kith help')\n", cli_safe(name));
        return KITH_EXIT_USAGE;
    }
    for (int j = i + 1; j < argc; j++) {
        if (strcmp(argv[j], "--") == 0)
            break;
        if (cli_is_help(argv[j]))
            return finish_output(cli_help(name));
    }
    return finish_output(c->fn(&cli, argc - i, argv + i));
}
