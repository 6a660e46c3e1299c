/* cmd_next.c — `kith next`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_next(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("next is not written yet");
}
