/* error.c — the error message convention of libkith (see error.h). */
#include "common/error.h"
#include "common/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <vips/vips.h>

int kith_error(kith_err *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int kith_error_prefix(kith_err *err, const char *fmt, ...)
{
    if (err) {
        char prefix[KITH_ERR_MAX];
        char old[KITH_ERR_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(prefix, sizeof prefix, fmt, ap);
        va_end(ap);
        memcpy(old, err->msg, sizeof old);
        kith_strbuf sb = KITH_STRBUF_INIT;
        kith_strbuf_addf(&sb, "%s: %s", prefix, old);
        size_t n = sb.len < sizeof err->msg - 1 ? sb.len : sizeof err->msg - 1;
        memcpy(err->msg, kith_strbuf_str(&sb), n);
        err->msg[n] = '\0';
        kith_strbuf_release(&sb);
    }
    return -1;
}

int kith_error_vips(kith_err *err, const char *what)
{
    const char *v = vips_error_buffer();
    char one[KITH_ERR_MAX];
    size_t n = 0;
    /* libvips messages look like "domain: text\n"; keep the first line */
    if (v) {
        while (v[n] && v[n] != '\n' && n + 1 < sizeof one) {
            one[n] = v[n];
            n++;
        }
    }
    one[n] = '\0';
    vips_error_clear();
    if (n == 0)
        return kith_error(err, "%s failed", what);
    return kith_error(err, "%s: %s", what, one);
}

void kith_err_clear(kith_err *err)
{
    if (err)
        err->msg[0] = '\0';
}
