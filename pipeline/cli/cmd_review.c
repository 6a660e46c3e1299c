/* cmd_review.c — `kith review`. PLACEHOLDER: being written; see the issue. */
#include "cli/cli.h"

int cmd_review(kith_cli *cli, int argc, char **argv)
{
    (void)cli;
    (void)argc;
    (void)argv;
    return cli_fail("review is not written yet");
}
