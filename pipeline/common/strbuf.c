/* strbuf.c — growable strings (see strbuf.h). */
#include "common/strbuf.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kith_strbuf_init(kith_strbuf *sb)
{
    sb->buf = NULL;
    sb->len = 0;
    sb->cap = 0;
}

void kith_strbuf_release(kith_strbuf *sb)
{
    free(sb->buf);
    kith_strbuf_init(sb);
}

void kith_strbuf_reset(kith_strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = '\0';
}

static void grow(kith_strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->buf = kith_xrealloc(sb->buf, cap);
    sb->cap = cap;
}

void kith_strbuf_add(kith_strbuf *sb, const void *data, size_t len)
{
    grow(sb, len);
    if (len)
        memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void kith_strbuf_adds(kith_strbuf *sb, const char *s)
{
    kith_strbuf_add(sb, s, strlen(s));
}

void kith_strbuf_addc(kith_strbuf *sb, char c)
{
    kith_strbuf_add(sb, &c, 1);
}

void kith_strbuf_vaddf(kith_strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    grow(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void kith_strbuf_addf(kith_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kith_strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

const char *kith_strbuf_str(const kith_strbuf *sb)
{
    return sb->buf ? sb->buf : "";
}

char *kith_strbuf_detach(kith_strbuf *sb)
{
    char *s = sb->buf ? sb->buf : kith_xstrdup("");
    kith_strbuf_init(sb);
    return s;
}

void kith_strbuf_rtrim(kith_strbuf *sb)
{
    while (sb->len > 0 && (sb->buf[sb->len - 1] == ' ' || sb->buf[sb->len - 1] == '\t' ||
                           sb->buf[sb->len - 1] == '\n' || sb->buf[sb->len - 1] == '\r'))
        sb->buf[--sb->len] = '\0';
}
