/* paths.c — locating the default database and the models/ directory. */
#include "common/paths.h"
#include "common/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KITH_MODELS_SOURCE_DIR
#define KITH_MODELS_SOURCE_DIR ""
#endif
#ifndef KITH_MODELS_INSTALL_DIR
#define KITH_MODELS_INSTALL_DIR ""
#endif

int kith_default_db_path(char **out, kith_err *err)
{
    const char *env = getenv("KITH_DB");
    if (env && *env) {
        *out = kith_xstrdup(env);
        return 0;
    }
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg == '/') {
        *out = kith_xasprintf("%s/kith/kith.db", xdg);
        return 0;
    }
    const char *home = getenv("HOME");
    if (!home || !*home)
        return kith_error(err, "cannot find a place for the database: HOME is not set "
                               "(use --db PATH or KITH_DB)");
    *out = kith_xasprintf("%s/.local/share/kith/kith.db", home);
    return 0;
}

static int is_dir(const char *p)
{
    struct stat st;
    return *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int kith_models_dir(char **out, kith_err *err)
{
    const char *env = getenv("KITH_MODELS");
    if (env && *env) {
        if (!is_dir(env))
            return kith_error(err, "KITH_MODELS=%s is not a directory", env);
        *out = kith_xstrdup(env);
        return 0;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            static const char *const rel[] = {"/models", "/../models", "/../share/kith/models",
                                              "/../../models"};
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                char *cand = kith_xasprintf("%s%s", exe, rel[i]);
                if (is_dir(cand)) {
                    *out = cand;
                    return 0;
                }
                free(cand);
            }
        }
    }
    if (is_dir(KITH_MODELS_SOURCE_DIR)) {
        *out = kith_xstrdup(KITH_MODELS_SOURCE_DIR);
        return 0;
    }
    if (is_dir(KITH_MODELS_INSTALL_DIR)) {
        *out = kith_xstrdup(KITH_MODELS_INSTALL_DIR);
        return 0;
    }
    return kith_error(err, "cannot find the models directory (set KITH_MODELS)");
}
