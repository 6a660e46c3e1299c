/*
 * error.h — how libkith reports failure.
 *
 * Every fallible function returns 0 on success and -1 on failure, and takes a
 * `kith_err *` as its last argument. The function that *detects* a problem
 * writes the message (lower-case, no full stop, says what is wrong); a function
 * that merely calls a failing function passes -1 on and adds nothing. The CLI
 * is the only place that prints the message.
 *
 *     if (fd < 0)
 *         return kith_error(err, "cannot open %s: %s", path, strerror(errno));
 *     if (kith_store_open(path, &db, err) < 0)
 *         return -1;                    // message already set
 *
 * kith_err lives on the caller's stack; it owns no heap memory. A NULL err is
 * allowed and discards the message.
 */
#ifndef KITH_ERROR_H
#define KITH_ERROR_H

#include <stddef.h>

#define KITH_ERR_MAX 512

typedef struct kith_err {
    char msg[KITH_ERR_MAX];
} kith_err;

/* Sets err->msg from the format and returns -1. */
int kith_error(kith_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prefixes the existing message with "PREFIX: " (used once, by the layer that
 * knows the context, e.g. the file name); returns -1. */
int kith_error_prefix(kith_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Copies the libvips error buffer into err (and clears it); returns -1.
 * The vips buffer is global, so callers on worker threads must use this right
 * after the failing call. */
int kith_error_vips(kith_err *err, const char *what);

/* Clears err. */
void kith_err_clear(kith_err *err);

#endif
