/*
 * groups.c — kith-bench's breakdown of a generated set by the generator's
 * _meta.family (card design family) and _meta.scene (photo scene), so that a
 * regression on one kind of card or scene shows. Generic: every value found
 * in the truth files gets a row, whatever generator wrote them.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "common/util.h"
#include "score.h"

static const char *meta_str(const card *c, const char *key)
{
    const kith_json *m = kith_json_get(c->truth, "_meta");
    return m ? kith_json_get_str(m, key) : NULL;
}

static void cell(FILE *f, int v, int of)
{
    if (of > 0)
        fprintf(f, " %8.1f%%", 100.0 * v / of);
    else
        fprintf(f, " %9s", "-");
}

void bench_groups(const card *cards, int n, const char *key, FILE *f)
{
    kith_strlist values = KITH_STRLIST_INIT;
    for (int i = 0; i < n; i++) {
        const char *v = meta_str(&cards[i], key);
        if (v && !kith_strlist_contains(&values, v))
            kith_strlist_push(&values, v);
    }
    if (values.n == 0)
        return;
    fprintf(f, "\n  by %-23s %6s %9s %9s %9s %9s\n", key, "photos", "fields", "all right",
            "found", "upright");
    for (size_t k = 0; k < values.n; k++) {
        int cnt = 0, scored = 0, fields = 0, all = 0, measured = 0, found = 0, oriented = 0;
        for (int i = 0; i < n; i++) {
            const char *v = meta_str(&cards[i], key);
            if (!v || strcmp(v, values.items[k]) != 0)
                continue;
            cnt++;
            if (cards[i].fields_photo >= 0) {
                scored++;
                fields += cards[i].fields_photo;
                all += cards[i].all_photo;
            }
            if (cards[i].found >= 0) {
                measured++;
                found += cards[i].found;
                oriented += cards[i].oriented;
            }
        }
        fprintf(f, "  %-26.26s %6d", values.items[k], cnt);
        cell(f, fields, scored * BENCH_N_FIELDS);
        cell(f, all, scored);
        cell(f, found, measured);
        cell(f, oriented, measured);
        fputc('\n', f);
    }
    kith_strlist_clear(&values);
}
