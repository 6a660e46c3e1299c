/* cmd_edit.c — `kith edit`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_edit(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("edit is not written yet");
}
