/* cmd_list.c — `kith list`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_list(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("list is not written yet");
}
