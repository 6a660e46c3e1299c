/*
 * interaction.c — names and parsers of interaction kinds and directions.
 */
#include "contact/interaction.h"

#include <stddef.h>

#include "common/util.h"

static const char *const kind_names[KITH_KIND_COUNT_] = {
    "meeting", "call", "video", "email", "message", "social", "broadcast", "view",
};

static const char *const dir_names[KITH_DIR_COUNT_] = { "out", "in", "both" };

const char *kith_kind_name(kith_kind k)
{
    return k >= 0 && k < KITH_KIND_COUNT_ ? kind_names[k] : "unknown";
}

const char *kith_dir_name(kith_dir d)
{
    return d >= 0 && d < KITH_DIR_COUNT_ ? dir_names[d] : "unknown";
}

int kith_kind_parse(const char *s, kith_kind *out)
{
    int i = kith_name_index(kind_names, KITH_KIND_COUNT_, s);
    if (i < 0)
        return -1;
    *out = (kith_kind)i;
    return 0;
}

int kith_dir_parse(const char *s, kith_dir *out)
{
    int i = kith_name_index(dir_names, KITH_DIR_COUNT_, s);
    if (i < 0)
        return -1;
    *out = (kith_dir)i;
    return 0;
}
