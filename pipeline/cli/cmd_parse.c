/* cmd_parse.c — `kith parse`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_parse(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("parse is not written yet");
}
