/*
 * models.c — loading the models/ folder: every *.txt file is a lexicon (one
 * entry per line, optionally "entry | value", '#' starts a comment), and
 * settings.conf holds "key = value" settings.
 *
 * Lookups are case-insensitive and ignore full stops, so "Inc", "inc." and
 * "INC." are one entry, as are "S.A." and "SA". Each lexicon is an
 * open-addressing hash table of normalised keys.
 */
#include "common/models.h"
#include "common/paths.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "common/text.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct lexicon {
    char *name;
    char **keys;    /* slots; NULL when empty */
    char **values;  /* parallel to keys */
    size_t cap;     /* power of two */
    size_t n;
} lexicon;

struct kith_models {
    char *path;
    lexicon *lex;
    size_t n_lex;
    lexicon settings; /* keys are setting names, lower-case */
};

/* The lookup key for a word: lower-cased, full stops removed, runs of blanks
 * made one space, trimmed. Caller frees. */
static char *norm_key(const char *word)
{
    char *low = kith_text_lower(word);
    kith_strbuf sb = KITH_STRBUF_INIT;
    int space = 0;
    for (const char *p = low; *p; p++) {
        if (*p == '.')
            continue;
        if (*p == ' ' || *p == '\t') {
            space = sb.len > 0;
            continue;
        }
        if (space)
            kith_strbuf_addc(&sb, ' ');
        space = 0;
        kith_strbuf_addc(&sb, *p);
    }
    free(low);
    return kith_strbuf_detach(&sb);
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static size_t slot_of(const lexicon *l, const char *key)
{
    size_t i = (size_t)hash(key) & (l->cap - 1);
    while (l->keys[i] && strcmp(l->keys[i], key) != 0)
        i = (i + 1) & (l->cap - 1);
    return i;
}

static void lex_put(lexicon *l, char *key, char *value);

static void lex_grow(lexicon *l)
{
    lexicon old = *l;
    l->cap = old.cap ? old.cap * 2 : 64;
    l->keys = kith_xcalloc(l->cap, sizeof *l->keys);
    l->values = kith_xcalloc(l->cap, sizeof *l->values);
    l->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i])
            lex_put(l, old.keys[i], old.values[i]);
    free(old.keys);
    free(old.values);
}

/* Takes ownership of key and value; a repeated key keeps its first value. */
static void lex_put(lexicon *l, char *key, char *value)
{
    if ((l->n + 1) * 2 > l->cap)
        lex_grow(l);
    size_t i = slot_of(l, key);
    if (l->keys[i]) {
        free(key);
        free(value);
        return;
    }
    l->keys[i] = key;
    l->values[i] = value;
    l->n++;
}

static const char *lex_get(const lexicon *l, const char *key)
{
    if (!l->cap)
        return NULL;
    size_t i = slot_of(l, key);
    return l->keys[i] ? l->values[i] : NULL;
}

static void lex_free(lexicon *l)
{
    for (size_t i = 0; i < l->cap; i++) {
        free(l->keys[i]);
        free(l->values[i]);
    }
    free(l->keys);
    free(l->values);
    free(l->name);
}

/* ASCII base letters of U+00C0..U+00FF ('_' drops it) and U+0100..U+017F. */
static const char latin1_base[] = "aaaaaaaceeeeiiiidnooooo_ouuuuyts"
                                  "aaaaaaaceeeeiiiidnooooo_ouuuuyty";
static const char exta_base[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii"
                                "iijjkkkllllllllllnnnnnnnnnoooooooorrrrrrsssssssstttttt"
                                "uuuuuuuuuuuuwwyyyzzzzzzs";

/* The key with accents taken off ("müller" → "muller"), or NULL when it has
 * none: OCR without the accents still finds the entry. Caller frees. */
static char *unaccented(const char *key)
{
    int any = 0;
    kith_strbuf sb = KITH_STRBUF_INIT;
    for (const char *p = key; *p;) {
        unsigned cp;
        size_t n = kith_utf8_decode(p, &cp);
        char c = 0;
        if (cp >= 0xc0 && cp <= 0xff)
            c = latin1_base[cp - 0xc0];
        else if (cp >= 0x100 && cp <= 0x17f)
            c = exta_base[cp - 0x100];
        if (c && c != '_') {
            kith_strbuf_addc(&sb, c);
            any = 1;
        } else {
            kith_strbuf_add(&sb, p, n);
        }
        p += n;
    }
    if (!any) {
        kith_strbuf_release(&sb);
        return NULL;
    }
    return kith_strbuf_detach(&sb);
}

/* Splits text into lines; for each non-comment line calls put with the part
 * before sep and the trimmed rest (or ""). */
static void parse_lines(char *text, char sep, lexicon *l, int normalise)
{
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *hashmark = strchr(line, '#');
        if (hashmark && (hashmark == line || hashmark[-1] == ' ' || hashmark[-1] == '\t'))
            *hashmark = '\0';
        char *value = strchr(line, sep);
        if (value)
            *value++ = '\0';
        kith_trim(line);
        if (!*line)
            continue;
        char *key = normalise ? norm_key(line) : kith_text_lower(line);
        if (!*key) {
            free(key);
            continue;
        }
        char *plain = normalise ? unaccented(key) : NULL;
        if (plain)
            lex_put(l, plain, kith_xstrdup(value ? kith_trim(value) : ""));
        lex_put(l, key, kith_xstrdup(value ? kith_trim(value) : ""));
    }
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int load_file(const char *dir, const char *file, char **text, kith_err *err)
{
    char *path = kith_xasprintf("%s/%s", dir, file);
    int rc = kith_read_file(path, text, NULL, err);
    free(path);
    return rc;
}

int kith_models_load(const char *dir, kith_models **out, kith_err *err)
{
    char *found = NULL;
    if (!dir) {
        if (kith_models_dir(&found, err) < 0)
            return -1;
        dir = found;
    }
    DIR *d = opendir(dir);
    if (!d) {
        kith_error(err, "cannot open models directory %s: %s", dir, strerror(errno));
        free(found);
        return -1;
    }
    kith_models *m = kith_xcalloc(1, sizeof *m);
    m->path = kith_xstrdup(dir);
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *text = NULL;
        if (ends_with(e->d_name, ".txt")) {
            if (load_file(dir, e->d_name, &text, err) < 0) {
                rc = -1;
                break;
            }
            m->lex = kith_xrealloc(m->lex, (m->n_lex + 1) * sizeof *m->lex);
            lexicon *l = &m->lex[m->n_lex++];
            memset(l, 0, sizeof *l);
            l->name = kith_xstrndup(e->d_name, strlen(e->d_name) - 4);
            parse_lines(text, '|', l, 1);
        } else if (strcmp(e->d_name, "settings.conf") == 0) {
            if (load_file(dir, e->d_name, &text, err) < 0) {
                rc = -1;
                break;
            }
            parse_lines(text, '=', &m->settings, 0);
        }
        free(text);
    }
    closedir(d);
    free(found);
    if (rc == 0 && m->n_lex == 0) {
        kith_error(err, "no lexicons (*.txt) in models directory %s", m->path);
        rc = -1;
    }
    if (rc < 0) {
        kith_models_free(m);
        return -1;
    }
    *out = m;
    return 0;
}

void kith_models_free(kith_models *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_lex; i++)
        lex_free(&m->lex[i]);
    free(m->lex);
    lex_free(&m->settings);
    free(m->path);
    free(m);
}

static const lexicon *find_lex(const kith_models *m, const char *name)
{
    for (size_t i = 0; m && i < m->n_lex; i++)
        if (strcmp(m->lex[i].name, name) == 0)
            return &m->lex[i];
    return NULL;
}

const char *kith_models_get(const kith_models *m, const char *lexicon_name, const char *word)
{
    const lexicon *l = find_lex(m, lexicon_name);
    if (!l || !word || !*word)
        return NULL;
    char *key = norm_key(word);
    const char *v = *key ? lex_get(l, key) : NULL;
    free(key);
    return v;
}

int kith_models_has(const kith_models *m, const char *lexicon_name, const char *word)
{
    return kith_models_get(m, lexicon_name, word) != NULL;
}

int kith_models_ends_entry(const kith_models *m, const char *lexicon_name, const char *tail,
                           size_t min_extra, size_t max_extra)
{
    const lexicon *l = find_lex(m, lexicon_name);
    if (!l || !tail || !*tail)
        return 0;
    char *key = norm_key(tail);
    size_t kl = strlen(key);
    int found = 0;
    for (size_t i = 0; kl && i < l->cap && !found; i++) {
        const char *e = l->keys[i];
        size_t el = e ? strlen(e) : 0;
        found = e && el >= kl + min_extra && el <= kl + max_extra && strcmp(e + el - kl, key) == 0;
    }
    free(key);
    return found;
}

const char *kith_models_str(const kith_models *m, const char *key, const char *def)
{
    if (!m)
        return def;
    char *k = kith_text_lower(key);
    const char *v = lex_get(&m->settings, k);
    free(k);
    return v && *v ? v : def;
}

int kith_models_int(const kith_models *m, const char *key, int def)
{
    const char *v = kith_models_str(m, key, NULL);
    if (!v)
        return def;
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < -2147483647L || n > 2147483647L)
        return def;
    return (int)n;
}

const char *kith_models_path(const kith_models *m)
{
    return m->path;
}
