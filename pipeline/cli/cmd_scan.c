/* cmd_scan.c — `kith scan`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_scan(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("scan is not written yet");
}
