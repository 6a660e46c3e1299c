/*
 * web.h — kith's local web page: the review queue (`kith review --browser`)
 * and the address book (`kith serve`), served by kith itself with
 * libmicrohttpd on 127.0.0.1. Like the terminal commands, a face of kith:
 * every change goes through the same store functions as `kith edit`, `kith
 * note` and `kith log`, and status, what is missing and who to follow up with
 * come from the same rules.
 *
 * The files of this folder, one job each:
 *   server.c    the daemon: start, stop on a signal, the security gate in
 *               front of every request, request bodies and their limits
 *   security.c  the token, and the checks of Host, Origin and cookie
 *   api.c       the JSON API (contacts, review queue, stats, edits, notes,
 *               interactions) and the card images
 *   static/     the page (HTML, CSS, JS), built into the binary as
 *               web_assets (embed.cmake generates assets.c)
 */
#ifndef KITH_CLI_WEB_H
#define KITH_CLI_WEB_H

#include "cli/cli.h"

typedef struct web_opts {
    const char *event;   /* the review queue holds only this event's contacts */
    int review;          /* open on the review queue (else the address book) */
    int port;            /* 0: any free port */
    int open_browser;    /* run xdg-open when a desktop is present */
} web_opts;

/* Serves until SIGINT or SIGTERM; prints the address (with the token) on
 * stdout. Returns an exit code (KITH_EXIT_*), after printing any error. */
int web_run(kith_cli *cli, const web_opts *o);

#endif
