/* SPDX-License-Identifier: MIT */
/*
 * checked.c - GDAL's file writes, with their errors kept.
 *
 * GDAL's GeoJSON and KML writers do not check what VSIFWriteL and
 * VSIFCloseL return: on a full disk they finish "successfully" with a short
 * or empty file. Their files are therefore written through a file system
 * of our own, /vsism_checked/PATH, which hands every call to GDAL's for
 * PATH and remembers, for each path being watched, the first write, flush
 * or close that failed and its errno.
 */
#include "export/export_int.h"

#include <cpl_vsi.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "/vsism_checked/"

typedef struct watch {
    char *path;
    int errno_;            /* of the first failure, 0: none */
    struct watch *next;
} watch;

typedef struct handle {
    VSILFILE *f;
    char *path;
} handle;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static watch *watches;
static pthread_once_t installed = PTHREAD_ONCE_INIT;
static bool install_failed;

/* The real path of a name GDAL gives (with or without the prefix). */
static const char *
real(const char *name)
{
    return strncmp(name, PREFIX, strlen(PREFIX)) == 0 ? name + strlen(PREFIX) : name;
}

static void
failed(const char *path, int e)
{
    pthread_mutex_lock(&lock);
    for (watch *w = watches; w; w = w->next)
        if (strcmp(w->path, path) == 0 && w->errno_ == 0)
            w->errno_ = e ? e : EIO;
    pthread_mutex_unlock(&lock);
}

static void *
c_open(void *user, const char *name, const char *access)
{
    handle *h = calloc(1, sizeof(*h));

    (void)user;
    if (h == NULL || (h->path = strdup(real(name))) == NULL ||
        (h->f = VSIFOpenL(h->path, access)) == NULL) {
        if (h)
            free(h->path);
        free(h);
        return NULL;
    }
    return h;
}

static size_t
c_write(void *p, const void *buf, size_t size, size_t count)
{
    handle *h = p;
    size_t n;

    errno = 0;
    n = VSIFWriteL(buf, size, count, h->f);
    if (n != count)
        failed(h->path, errno);
    return n;
}

static int
c_flush(void *p)
{
    handle *h = p;
    int rc;

    errno = 0;
    if ((rc = VSIFFlushL(h->f)) != 0)
        failed(h->path, errno);
    return rc;
}

static int
c_close(void *p)
{
    handle *h = p;
    int rc;

    errno = 0;
    if ((rc = VSIFCloseL(h->f)) != 0)
        failed(h->path, errno);
    free(h->path);
    free(h);
    return rc;
}

static size_t
c_read(void *p, void *buf, size_t size, size_t count)
{
    return VSIFReadL(buf, size, count, ((handle *)p)->f);
}

static vsi_l_offset
c_tell(void *p)
{
    return VSIFTellL(((handle *)p)->f);
}

static int
c_seek(void *p, vsi_l_offset off, int whence)
{
    return VSIFSeekL(((handle *)p)->f, off, whence);
}

static int
c_eof(void *p)
{
    return VSIFEofL(((handle *)p)->f);
}

static int
c_truncate(void *p, vsi_l_offset size)
{
    return VSIFTruncateL(((handle *)p)->f, size);
}

static int
c_stat(void *user, const char *name, VSIStatBufL *sb, int flags)
{
    (void)user;
    return VSIStatExL(real(name), sb, flags);
}

static int
c_unlink(void *user, const char *name)
{
    (void)user;
    return VSIUnlink(real(name));
}

static int
c_rename(void *user, const char *from, const char *to)
{
    (void)user;
    return VSIRename(real(from), real(to));
}

static int
c_mkdir(void *user, const char *name, long mode)
{
    (void)user;
    return VSIMkdir(real(name), mode);
}

static int
c_rmdir(void *user, const char *name)
{
    (void)user;
    return VSIRmdir(real(name));
}

static char **
c_read_dir(void *user, const char *name, int max)
{
    (void)user;
    return VSIReadDirEx(real(name), max);
}

static void
install(void)
{
    VSIFilesystemPluginCallbacksStruct *cb = VSIAllocFilesystemPluginCallbacksStruct();

    if (cb == NULL) {
        install_failed = true;
        return;
    }
    cb->open = c_open;
    cb->write = c_write;
    cb->flush = c_flush;
    cb->close = c_close;
    cb->read = c_read;
    cb->tell = c_tell;
    cb->seek = c_seek;
    cb->eof = c_eof;
    cb->truncate = c_truncate;
    cb->stat = c_stat;
    cb->unlink = c_unlink;
    cb->rename = c_rename;
    cb->mkdir = c_mkdir;
    cb->rmdir = c_rmdir;
    cb->read_dir = c_read_dir;
    install_failed = VSIInstallPluginHandler(PREFIX, cb) != 0;
    VSIFreeFilesystemPluginCallbacksStruct(cb);
}

char *
sm_export__checked_begin(const char *path)
{
    watch *w;
    size_t n = strlen(PREFIX) + strlen(path) + 1;
    char *gdal_path;

    pthread_once(&installed, install);
    if (install_failed || (w = calloc(1, sizeof(*w))) == NULL)
        return NULL;
    if ((w->path = strdup(path)) == NULL || (gdal_path = malloc(n)) == NULL) {
        free(w->path);
        free(w);
        return NULL;
    }
    snprintf(gdal_path, n, "%s%s", PREFIX, path);
    pthread_mutex_lock(&lock);
    w->next = watches;
    watches = w;
    pthread_mutex_unlock(&lock);
    return gdal_path;
}

int
sm_export__checked_end(const char *path)
{
    int e = 0;

    pthread_mutex_lock(&lock);
    for (watch **pw = &watches; *pw; pw = &(*pw)->next) {
        if (strcmp((*pw)->path, path) == 0) {
            watch *w = *pw;
            *pw = w->next;
            e = w->errno_;
            free(w->path);
            free(w);
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return e;
}
