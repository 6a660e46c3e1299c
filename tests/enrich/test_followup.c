/*
 * test_followup.c — the follow-up ranking of `kith next`
 * (enrich/followup.h): each contact of cases/followup.txt (see its header)
 * gets its tier and key checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "case_table.h"
#include "common/util.h"
#include "enrich/followup.h"

#define DAY 86400
#define NOW ((int64_t)1780272000 + 12 * 3600) /* 2026-06-01 noon UTC */

static long number(const char *s, const char *line)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end)
        fail_msg("not a number '%s' in: %s", s, line);
    return v;
}

static kith_tier tier_of(const char *s, const char *line)
{
    if (strcmp(s, "none") == 0)
        return KITH_TIER_NONE;
    for (int t = KITH_TIER_AT_RISK; t <= KITH_TIER_UNCONNECTED; t++)
        if (strcmp(s, kith_tier_name((kith_tier)t)) == 0)
            return (kith_tier)t;
    fail_msg("unknown tier '%s' in: %s", s, line);
    return KITH_TIER_NONE;
}

static void test_followup_cases(void **state)
{
    (void)state;
    const char *src = getenv("KITH_SOURCE_DIR");
    char *path = kith_xasprintf("%s/tests/enrich/cases/followup.txt", src ? src : ".");
    char *text;
    size_t len;
    kith_err err;
    if (kith_read_file(path, &text, &len, &err) < 0)
        fail_msg("%s", err.msg);
    int n_cases = 0, tiers_seen[KITH_TIER_UNCONNECTED + 1] = {0};
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        kith_trim(line);
        if (!*line || *line == '#')
            continue;
        char copy[512];
        snprintf(copy, sizeof copy, "%s", line);
        char *c[7];
        if (case_split(line, '|', c, 7) != 7)
            fail_msg("%s: bad line: %s", path, copy);
        kith_tier want = tier_of(c[0], copy);
        kith_policy pol;
        kith_policy_default(&pol);
        pol.window_days = (int)number(c[2], copy);
        int64_t collected = NOW - number(c[3], copy) * DAY;
        size_t notes = (size_t)number(c[4], copy);
        kith_interaction ix[16];
        size_t n = 0;
        if (strcmp(c[5], "-") != 0) {
            char *items[16];
            size_t ni = case_split(c[5], ',', items, 16);
            for (size_t i = 0; i < ni; i++) {
                char *slash = strchr(items[i], '/'), *at = strchr(items[i], '@');
                if (!slash || !at || at < slash)
                    fail_msg("bad interaction '%s' in: %s", items[i], copy);
                *slash = *at = '\0';
                memset(&ix[n], 0, sizeof ix[n]);
                if (kith_kind_parse(items[i], &ix[n].kind) < 0 ||
                    kith_dir_parse(slash + 1, &ix[n].dir) < 0)
                    fail_msg("bad interaction in: %s", copy);
                ix[n].at = NOW - number(at + 1, copy) * DAY;
                n++;
            }
        }
        kith_followup f = kith_followup_rank(ix, n, notes, collected, NOW, &pol);
        print_message("%-60s %s\n", c[6], kith_tier_name(f.tier)[0] ? kith_tier_name(f.tier) : "none");
        assert_int_equal(f.tier, want);
        if (want != KITH_TIER_NONE) {
            int64_t key = strncmp(c[1], "-@", 2) == 0 ? -(NOW - number(c[1] + 2, copy) * DAY)
                                                      : number(c[1], copy);
            assert_int_equal(f.key, key);
        }
        tiers_seen[f.tier]++;
        n_cases++;
    }
    for (int t = 0; t <= KITH_TIER_UNCONNECTED; t++)
        assert_true(tiers_seen[t] > 0);
    free(text);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_followup_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
