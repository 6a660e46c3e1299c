/*
 * files.h — opening and writing files safely: only regular files are read
 * (a FIFO, a device or a directory named as a card would block or never
 * end), and what kith writes about people is readable by its owner only.
 */
#ifndef KITH_FILES_H
#define KITH_FILES_H

#include <stddef.h>

#include "common/error.h"

/* Writes len bytes to path (created or truncated) with mode 0600 — an
 * existing file is tightened too. Returns 0, or -1 with a message (short
 * writes and a failed close included). */
int kith_write_private(const char *path, const void *data, size_t len, kith_err *err);

#endif
