/* cmd_note.c — `kith note`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_note(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("note is not written yet");
}
