/* prompt.c — asking for personal notes. PLACEHOLDER: being written. */
#include "cli/cli.h"

int cli_prompt_notes(kith_cli *cli, kith_store *st, const int64_t *ids, size_t n)
{
    (void)cli; (void)st; (void)ids; (void)n;
    return 0;
}
