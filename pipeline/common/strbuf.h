/*
 * strbuf.h — a growable NUL-terminated byte string.
 *
 * Initialise with KITH_STRBUF_INIT or kith_strbuf_init(); release with
 * kith_strbuf_release(). kith_strbuf_detach() hands the buffer to the caller,
 * who frees it with free(). Allocation failure aborts (see util.h): libkith
 * treats out-of-memory as fatal, like git and glib do.
 */
#ifndef KITH_STRBUF_H
#define KITH_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct kith_strbuf {
    char *buf;   /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
} kith_strbuf;

#define KITH_STRBUF_INIT { NULL, 0, 0 }

void kith_strbuf_init(kith_strbuf *sb);
void kith_strbuf_release(kith_strbuf *sb);
void kith_strbuf_reset(kith_strbuf *sb);
void kith_strbuf_add(kith_strbuf *sb, const void *data, size_t len);
void kith_strbuf_adds(kith_strbuf *sb, const char *s);
void kith_strbuf_addc(kith_strbuf *sb, char c);
void kith_strbuf_addf(kith_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void kith_strbuf_vaddf(kith_strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Returns the string ("" when empty); owned by sb. */
const char *kith_strbuf_str(const kith_strbuf *sb);
/* Returns the buffer (caller frees) and resets sb. Never NULL. */
char *kith_strbuf_detach(kith_strbuf *sb);
/* Removes trailing white space. */
void kith_strbuf_rtrim(kith_strbuf *sb);

#endif
