/*
 * init.h — libkith's one-time library set-up, the only global state it has.
 *
 * kith_library_init starts libvips and makes the libraries under kith quiet
 * (a library must not print): leptonica's "Error in …" lines for harmless
 * cases and libvips' per-tile warnings on broken files, whose failure the
 * card's result already reports. LEPT_MSG_SEVERITY / VIPS_DEBUG_LOG in the
 * environment keep those messages for debugging. It also turns off libvips'
 * operation cache: kith decodes every photo once, so the cache (100 MB by
 * default) only holds memory nobody reuses.
 *
 * Safe to call from any thread, any number of times; every stage that uses
 * libvips calls it first.
 */
#ifndef KITH_INIT_H
#define KITH_INIT_H

#include "common/error.h"

int kith_library_init(kith_err *err);

#endif
