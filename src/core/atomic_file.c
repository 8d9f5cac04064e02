/* SPDX-License-Identifier: MIT */
/*
 * atomic_file.c - temporary file beside the target, fsync, rename(2).
 *
 * The temporary is "<dir>/.<name>.tmp-<pid>-XXXXXX<ext>": hidden, in the
 * same folder (so rename is atomic on one file system) and with the
 * target's extension, which some writers (GDAL drivers) look at. The pid is
 * the writing process's: a process killed while it wrote leaves its
 * temporary behind, and the next write of the same target removes the
 * temporaries (and SQLite's -journal, -wal, -shm beside them) whose process
 * is gone, never those of a live one. After a failed open or reserve the
 * struct holds nothing, as after a discard.
 */
#include "core/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
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

/* SQLite's files beside a GeoPackage being written. */
static const char *const companions[] = { "-journal", "-wal", "-shm" };

/* True for "<pid>-XXXXXX<ext>" and the same with a companion's suffix, the
 * pid's process gone. */
static bool
stale(const char *rest, const char *ext)
{
    char *end;
    long pid;
    size_t extlen = strlen(ext);

    errno = 0;
    pid = strtol(rest, &end, 10);
    if (end == rest || *end != '-' || pid <= 0 || errno != 0 || pid == (long)getpid())
        return false;
    end++;
    for (int i = 0; i < 6; i++, end++)
        if (!((*end >= 'a' && *end <= 'z') || (*end >= 'A' && *end <= 'Z') ||
              (*end >= '0' && *end <= '9')))
            return false;
    if (strncmp(end, ext, extlen) != 0)
        return false;
    end += extlen;
    if (*end != '\0') {
        bool known = false;
        for (size_t i = 0; i < sizeof(companions) / sizeof(*companions); i++)
            known |= strcmp(end, companions[i]) == 0;
        if (!known)
            return false;
    }
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Remove the temporaries of path that killed processes left in dir
 * (dirlen bytes of path, none: the working folder). Best effort: what
 * cannot be read or removed stays. */
static void
remove_stale(const char *path, size_t dirlen, const char *name, size_t stemlen,
             const char *ext)
{
    char *dir = dirlen ? strndup(path, dirlen) : NULL;
    DIR *d = opendir(dirlen ? (dir ? dir : "") : ".");
    struct dirent *e;

    while (d && (e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (n[0] != '.' || strncmp(n + 1, name, stemlen) != 0 ||
            strncmp(n + 1 + stemlen, ".tmp-", 5) != 0 || !stale(n + 1 + stemlen + 5, ext))
            continue;
        unlinkat(dirfd(d), n, 0);
    }
    if (d)
        closedir(d);
    free(dir);
}

static sm_status
make_tmp(sm_atomic_file *af, const char *path, int *fd_out, sm_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    size_t dirlen = (size_t)(name - path);
    size_t extlen = dot && dot != name ? strlen(dot) : 0;
    size_t n = strlen(path) + 48;
    int fd;

    if (*name == '\0')
        return sm_fail(err, SM_EIO, "%s: not a file name", path);
    remove_stale(path, dirlen, name, strlen(name) - extlen, extlen ? dot : "");
    af->path = strdup(path);
    af->tmp = malloc(n);
    if (af->path == NULL || af->tmp == NULL) {
        sm_atomic_file_discard(af);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    snprintf(af->tmp, n, "%.*s.%.*s.tmp-%ld-XXXXXX%s", (int)dirlen, path,
             (int)(strlen(name) - extlen), name, (long)getpid(), extlen ? dot : "");
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
    int e = 0;

    if (af->tmp == NULL)
        return sm_fail(err, SM_EIO, "no temporary file to commit");
    /* a write error (a full disk, EIO, a file size limit) fails here, and
     * the temporary goes with the discard that follows */
    if (af->fp) {
        errno = 0;
        if (fflush(af->fp) != 0 || ferror(af->fp))
            e = errno ? errno : EIO;
        else if (fsync(fileno(af->fp)) != 0)
            e = errno;
        if (fclose(af->fp) != 0 && e == 0)
            e = errno ? errno : EIO;
        af->fp = NULL;
    } else {
        int fd = open(af->tmp, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return sm_fail(err, SM_EIO, "%s: nothing was written", af->path);
        if (fsync(fd) != 0)
            e = errno;
        close(fd);
    }
    if (e)
        return sm_fail(err, SM_EIO, "%s: cannot write: %s", af->path, strerror(e));
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
        size_t n = strlen(af->tmp);
        char *side = malloc(n + 16);

        unlink(af->tmp);
        for (size_t i = 0; side && i < sizeof(companions) / sizeof(*companions); i++) {
            snprintf(side, n + 16, "%s%s", af->tmp, companions[i]);
            unlink(side);
        }
        free(side);
        free(af->tmp);
        af->tmp = NULL;
    }
    free(af->path);
    af->path = NULL;
}
