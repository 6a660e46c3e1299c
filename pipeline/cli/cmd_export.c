/* cmd_export.c — `kith export`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_export(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("export is not written yet");
}
