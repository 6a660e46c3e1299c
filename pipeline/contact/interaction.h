/*
 * interaction.h — what the user logs with a contact: the kinds of
 * interaction (meeting, call, …, broadcast, view), their directions (out,
 * in, both) with their names and parsers, and one logged interaction.
 * Whether a kind counts towards a connection is policy: enrich/connection.h.
 */
#ifndef KITH_CONTACT_INTERACTION_H
#define KITH_CONTACT_INTERACTION_H

#include <stdint.h>

typedef enum {
    KITH_KIND_MEETING,
    KITH_KIND_CALL,
    KITH_KIND_VIDEO,
    KITH_KIND_EMAIL,
    KITH_KIND_MESSAGE,
    KITH_KIND_SOCIAL,
    KITH_KIND_BROADCAST,
    KITH_KIND_VIEW,
    KITH_KIND_COUNT_
} kith_kind;

typedef enum { KITH_DIR_OUT, KITH_DIR_IN, KITH_DIR_BOTH, KITH_DIR_COUNT_ } kith_dir;

typedef struct kith_interaction {
    int64_t id;
    kith_kind kind;
    kith_dir dir;
    int64_t at;      /* seconds since the epoch (UTC) */
    char *note;      /* optional, owned by whoever owns the array */
} kith_interaction;

const char *kith_kind_name(kith_kind k);  /* "meeting", …; "unknown" */
const char *kith_dir_name(kith_dir d);    /* "out", "in", "both"; "unknown" */
int kith_kind_parse(const char *s, kith_kind *out);  /* case-insensitive; 0 / -1 */
int kith_dir_parse(const char *s, kith_dir *out);

#endif
