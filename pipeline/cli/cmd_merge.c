/* cmd_merge.c — `kith merge`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_merge(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("merge is not written yet");
}
