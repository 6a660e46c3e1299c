/* cmd_watch.c — `kith watch`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_watch(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("watch is not written yet");
}
