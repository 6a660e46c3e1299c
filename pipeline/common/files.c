/*
 * files.c — safe file opening and private writes (see files.h).
 */
#include "common/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device"
           : S_ISBLK(m) ? "a block device" : S_ISDIR(m) ? "a directory"
           : S_ISSOCK(m) ? "a socket" : "special";
}

int kith_open_regular(const char *path, kith_err *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return kith_error(err, "cannot open %s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) < 0) {
        int e = errno;
        close(fd);
        return kith_error(err, "cannot open %s: %s", path, strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return kith_error(err, "%s is not a regular file (%s)", path, kind_of(sb.st_mode));
    }
    if (sb.st_size > KITH_MAX_INPUT_BYTES) {
        close(fd);
        return kith_error(err, "%s is too large for a card image (%lld MB, at most %ld MB)",
                          path, (long long)(sb.st_size >> 20), KITH_MAX_INPUT_BYTES >> 20);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

int kith_write_private(const char *path, const void *data, size_t len, kith_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0600);
    if (fd < 0)
        return kith_error(err, "cannot write %s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return kith_error(err, "cannot write %s: not a regular file", path);
    }
    if ((sb.st_mode & 077) && fchmod(fd, 0600) < 0) {
        int e = errno;
        close(fd);
        return kith_error(err, "cannot make %s private: %s", path, strerror(e));
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : ENOSPC;
            close(fd);
            return kith_error(err, "cannot write %s: %s", path, strerror(e));
        }
        p += n;
        left -= (size_t)n;
    }
    if (close(fd) < 0)
        return kith_error(err, "cannot write %s: %s", path, strerror(errno));
    return 0;
}
