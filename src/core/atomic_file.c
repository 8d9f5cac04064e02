/* SPDX-License-Identifier: MIT */
/*
 * atomic_file.c - temporary file beside the target, fsync, rename(2).
 *
 * The temporary is "<dir>/.<name>.tmp-XXXXXX<ext>": hidden, in the same
 * folder (so rename is atomic on one file system) and with the target's
 * extension, which some writers (GDAL drivers) look at. After a failed open
 * or reserve the struct holds nothing, as after a discard.
 */
#include "core/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* Create the temporary tmp, whose six X before its extension (extlen
 * bytes) become letters and digits, with O_EXCL, as mkstemps would; but
 * with the mode open(2) gives a file, 0666 less the umask: mkstemps makes
 * it 0600, and learning the umask to set it back means changing it for
 * every thread of the process meanwhile. */
static int
create_tmp(char *tmp, size_t extlen)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    char *x = tmp + strlen(tmp) - extlen - 6;

    for (int attempt = 0; attempt < 1000; attempt++) {
        uint64_t r;
        int fd;

        if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            r = ((uint64_t)ts.tv_sec << 30 ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 40) *
                UINT64_C(0x9e3779b97f4a7c15) + (uint64_t)attempt;
        }
        for (int i = 0; i < 6; i++, r /= 62)
            x[i] = chars[r % 62];
        if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) >= 0 ||
            errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

static sm_status
make_tmp(sm_atomic_file *af, const char *path, int *fd_out, sm_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    size_t dirlen = (size_t)(name - path);
    size_t extlen = dot && dot != name ? strlen(dot) : 0;
    size_t n = strlen(path) + 32;
    int fd;

    if (*name == '\0')
        return sm_fail(err, SM_EIO, "%s: not a file name", path);
    af->path = strdup(path);
    af->tmp = malloc(n);
    if (af->path == NULL || af->tmp == NULL) {
        sm_atomic_file_discard(af);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    snprintf(af->tmp, n, "%.*s.%.*s.tmp-XXXXXX%s", (int)dirlen, path,
             (int)(strlen(name) - extlen), name, extlen ? dot : "");
    fd = create_tmp(af->tmp, extlen);
    if (fd < 0) {
        int e = errno;
        free(af->tmp);
        af->tmp = NULL;
        sm_atomic_file_discard(af);
        return sm_fail(err, SM_EIO, "%s: cannot create a file there: %s", path, strerror(e));
    }
    *fd_out = fd;
    return SM_OK;
}

sm_status
sm_atomic_file_open(sm_atomic_file *af, const char *path, sm_error *err)
{
    int fd;
    sm_status st = make_tmp(af, path, &fd, err);

    if (st != SM_OK)
        return st;
    af->fp = fdopen(fd, "wb");
    if (af->fp == NULL) {
        close(fd);
        return sm_fail(err, SM_EIO, "%s: %s", af->tmp, strerror(errno));
    }
    return SM_OK;
}

sm_status
sm_atomic_file_reserve(sm_atomic_file *af, const char *path, sm_error *err)
{
    int fd;
    sm_status st = make_tmp(af, path, &fd, err);

    if (st != SM_OK)
        return st;
    /* The writer creates the file itself and some refuse to overwrite. */
    close(fd);
    unlink(af->tmp);
    return SM_OK;
}

sm_status
sm_atomic_file_commit(sm_atomic_file *af, sm_error *err)
{
    if (af->tmp == NULL)
        return sm_fail(err, SM_EIO, "no temporary file to commit");
    if (af->fp) {
        int bad = fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0;
        bad |= fclose(af->fp) != 0;
        af->fp = NULL;
        if (bad)
            return sm_fail(err, SM_EIO, "%s: cannot write: %s", af->path, strerror(errno));
    } else {
        int fd = open(af->tmp, O_RDONLY);
        if (fd < 0)
            return sm_fail(err, SM_EIO, "%s: nothing was written", af->path);
        fsync(fd);
        close(fd);
    }
    if (rename(af->tmp, af->path) != 0)
        return sm_fail(err, SM_EIO, "%s: cannot replace: %s", af->path, strerror(errno));
    free(af->tmp);
    af->tmp = NULL;
    sm_atomic_file_discard(af);
    return SM_OK;
}

void
sm_atomic_file_discard(sm_atomic_file *af)
{
    if (af->fp) {
        fclose(af->fp);
        af->fp = NULL;
    }
    if (af->tmp) {
        unlink(af->tmp);
        free(af->tmp);
        af->tmp = NULL;
    }
    free(af->path);
    af->path = NULL;
}
