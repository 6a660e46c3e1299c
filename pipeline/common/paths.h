/*
 * paths.h — where kith finds its data: the database and the models/ folder.
 */
#ifndef KITH_PATHS_H
#define KITH_PATHS_H

#include "common/error.h"

/* The default database path: $KITH_DB, else $XDG_DATA_HOME/kith/kith.db, else
 * ~/.local/share/kith/kith.db. Caller frees *out. */
int kith_default_db_path(char **out, kith_err *err);

/* The models directory, first that exists of: $KITH_MODELS; <exe dir>/models;
 * <exe dir>/../models; <exe dir>/../share/kith/models; the source tree's
 * models/ (compiled in); the install prefix's share/kith/models.
 * Caller frees *out. */
int kith_models_dir(char **out, kith_err *err);

#endif
