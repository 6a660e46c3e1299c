/*
 * collect.c — which files a scan reads: the paths on the command line,
 * directories expanded recursively in sorted order, keeping only names that
 * look like finished images (no hidden files, no downloads in progress).
 *
 * A path named explicitly is kept whatever its name (the user asked for it; if
 * it is not an image it fails as a card). A path that does not exist is kept
 * too, so the batch reports it as a failed card rather than silently dropping
 * it; so is a folder that cannot be read (its entries fail as one, with the
 * reason, and the rest of the batch goes on).
 */
#include "ingest/ingest.h"

#include <dirent.h>
#include <glib.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Suffixes of the image formats libvips loads here (phone photos and scans;
 * a PDF is a scanner's output, its first page is read). */
static const char *const image_suffixes[] = {
    ".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif", ".pdf",
};

/* Names of files still being written by browsers, sync tools and editors. */
static const char *const partial_suffixes[] = {
    ".part", ".crdownload", ".tmp", ".partial", ".download", "~",
};

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && kith_strieq(s + n - m, suffix);
}

int kith_is_ingestible_name(const char *name)
{
    if (!name || !*name)
        return 0;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (base[0] == '.' || base[0] == '\0')
        return 0;
    for (size_t i = 0; i < sizeof partial_suffixes / sizeof partial_suffixes[0]; i++)
        if (ends_with_ci(base, partial_suffixes[i]))
            return 0;
    for (size_t i = 0; i < sizeof image_suffixes / sizeof image_suffixes[0]; i++) {
        size_t n = strlen(base), m = strlen(image_suffixes[i]);
        /* "x.jpg" yes, ".jpg" alone no (handled above as hidden) */
        if (n > m && ends_with_ci(base, image_suffixes[i]))
            return 1;
    }
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directories already entered, so a symlink loop cannot recurse forever. */
typedef struct seen_dirs {
    dev_t *dev;
    ino_t *ino;
    size_t n, cap;
} seen_dirs;

static int seen_add(seen_dirs *s, const struct stat *stt)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->dev[i] == stt->st_dev && s->ino[i] == stt->st_ino)
            return 0;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->dev = kith_xrealloc(s->dev, s->cap * sizeof *s->dev);
        s->ino = kith_xrealloc(s->ino, s->cap * sizeof *s->ino);
    }
    s->dev[s->n] = stt->st_dev;
    s->ino[s->n] = stt->st_ino;
    s->n++;
    return 1;
}

/* Appends the images under dir (sorted by name, depth first). A folder that
 * cannot be opened is appended itself: reading it fails that entry, with the
 * reason, and the batch goes on. */
static int collect_dir(const char *dir, seen_dirs *seen, kith_strlist *out, kith_err *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        kith_strlist_push(out, dir);
        return 0;
    }
    kith_strlist names = KITH_STRLIST_INIT;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            kith_strlist_push(&names, de->d_name);
    closedir(d);
    if (names.n > 1)
        qsort(names.items, names.n, sizeof names.items[0], cmp_names);

    size_t dlen = strlen(dir);
    int rc = 0;
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        char *path = kith_xasprintf("%s%s%s", dir, dlen && dir[dlen - 1] == '/' ? "" : "/",
                                    names.items[i]);
        struct stat stt;
        if (stat(path, &stt) < 0) {
            free(path);                 /* a dangling symlink: not a card */
            continue;
        }
        if (S_ISDIR(stt.st_mode)) {
            if (seen_add(seen, &stt))
                rc = collect_dir(path, seen, out, err);
            free(path);
        } else if (S_ISREG(stt.st_mode) && kith_is_ingestible_name(names.items[i])) {
            kith_strlist_push_owned(out, path);
        } else {
            free(path);
        }
    }
    kith_strlist_clear(&names);
    return rc;
}

int kith_collect_inputs(const char *const *paths, size_t n, kith_strlist *out, kith_err *err)
{
    seen_dirs seen = {NULL, NULL, 0, 0};
    kith_strlist all = KITH_STRLIST_INIT;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat stt;
        if (stat(paths[i], &stt) == 0 && S_ISDIR(stt.st_mode)) {
            if (seen_add(&seen, &stt))
                rc = collect_dir(paths[i], &seen, &all, err);
        } else {
            kith_strlist_push(&all, paths[i]);
        }
    }
    free(seen.dev);
    free(seen.ino);
    /* the same file named twice (a folder and a file in it) is read once */
    GHashTable *have = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < out->n; i++)
        g_hash_table_add(have, out->items[i]);
    for (size_t i = 0; i < all.n && rc == 0; i++) {
        if (g_hash_table_contains(have, all.items[i]))
            continue;
        kith_strlist_push(out, all.items[i]);
        /* out->items may move, but the strings it owns do not */
        g_hash_table_add(have, out->items[out->n - 1]);
    }
    g_hash_table_destroy(have);
    kith_strlist_clear(&all);
    return rc;
}
