/*
 * cmd_serve.c — `kith serve [--port N] [--no-open]`: the address book as a
 * local web page (cli/web/). `kith review --browser` starts the same server
 * on the review queue (cmd_review.c calls cmd_serve_review).
 */
#include "cli/cli.h"
#include "cli/present.h"
#include "cli/web/web.h"

#include <string.h>

/* Reads the options both commands share: --port N and --no-open. Returns 1
 * when argv[*i] was one, 0 when it is something else, -1 after a usage
 * error. */
int cli_serve_opt(const char *cmd, int argc, char **argv, int *i, web_opts *o)
{
    const char *v;
    int r = cli_opt_value(cmd, argc, argv, i, "--port", &v);
    if (r < 0)
        return -1;
    if (r > 0) {
        long port;
        if (cli_parse_count(cmd, "--port", v, 65535, &port) < 0)
            return -1;
        o->port = (int)port;
        return 1;
    }
    if (strcmp(argv[*i], "--no-open") == 0) {
        o->open_browser = 0;
        return 1;
    }
    return 0;
}

int cmd_serve(kith_cli *cli, int argc, char **argv)
{
    web_opts o = {NULL, 0, 0, 1};
    for (int i = 1; i < argc; i++) {
        int r = cli_serve_opt("serve", argc, argv, &i, &o);
        if (r < 0)
            return KITH_EXIT_USAGE;
        if (r == 0)
            return cli_usage_error("serve", "unexpected argument '%s'", argv[i]);
    }
    return web_run(cli, &o);
}
