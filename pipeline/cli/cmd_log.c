/* cmd_log.c — `kith log`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_log(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("log is not written yet");
}
