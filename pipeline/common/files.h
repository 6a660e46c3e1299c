/*
 * files.h — opening and writing files safely: only regular files are read
 * (a FIFO, a device or a directory named as a card would block or never
 * end), and what kith writes about people is readable by its owner only.
 */
#ifndef KITH_FILES_H
#define KITH_FILES_H

#include <stddef.h>

#include "common/error.h"

/* The largest input file kith reads as a card (a 12 MP JPEG is ~5 MB, a
 * 600 dpi uncompressed TIFF scan of a card ~15 MB). */
#define KITH_MAX_INPUT_BYTES (256L * 1024 * 1024)

/* Opens path for reading only if it is a regular file of at most
 * KITH_MAX_INPUT_BYTES: opened non-blocking (a FIFO cannot hang the open),
 * checked with fstat, then set back to blocking. A FIFO, a device, a socket
 * or a directory is refused with a clear error ("not a regular file (a
 * FIFO)"). Returns the descriptor (the caller closes it), or -1. */
int kith_open_regular(const char *path, kith_err *err);

/* Writes len bytes to path (created or truncated) with mode 0600 — an
 * existing file is tightened too. Returns 0, or -1 with a message (short
 * writes and a failed close included). */
int kith_write_private(const char *path, const void *data, size_t len, kith_err *err);

#endif
