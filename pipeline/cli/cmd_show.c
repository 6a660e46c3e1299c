/* cmd_show.c — `kith show`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_show(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("show is not written yet");
}
