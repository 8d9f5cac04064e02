/* SPDX-License-Identifier: MIT */
/*
 * atomic_file.h - write a file under a temporary name beside its final path,
 * then rename it over the path, so a failure never leaves a half file where
 * the old one was.
 *
 * Two ways to use it: sm_atomic_file_open gives a FILE * to write to; or
 * sm_atomic_file_reserve only chooses the temporary path, for a library
 * (GDAL, Cairo) that creates the file itself. Either way, sm_atomic_file_commit
 * renames it into place and sm_atomic_file_discard (a no-op after commit, safe
 * on an initialised struct) removes the temporary, with SQLite's -journal,
 * -wal and -shm beside it. A write error (a full disk, EIO, a file size
 * limit) makes the commit fail and leaves the file at path as it was.
 *
 * The temporary's name holds the writing process's id: opening or
 * reserving a path first removes the temporaries of the same path that
 * processes since killed left behind (never those of a live process).
 *
 * Threads: an sm_atomic_file is one thread's; distinct files may be written
 * on distinct threads (each temporary has a name of its own).
 */
#ifndef SM_CORE_ATOMIC_FILE_H
#define SM_CORE_ATOMIC_FILE_H

#include <stdio.h>

#include "core/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_atomic_file {
    char *path; /* final path */
    char *tmp;  /* temporary path, same folder and extension */
    FILE *fp;   /* open stream, or NULL with _reserve */
} sm_atomic_file;

#define SM_ATOMIC_FILE_INIT { NULL, NULL, NULL }

sm_status sm_atomic_file_open(sm_atomic_file *af, const char *path, sm_error *err);
sm_status sm_atomic_file_reserve(sm_atomic_file *af, const char *path, sm_error *err);
/* Flush, sync and rename the temporary over path. */
sm_status sm_atomic_file_commit(sm_atomic_file *af, sm_error *err);
void sm_atomic_file_discard(sm_atomic_file *af);

#ifdef __cplusplus
}
#endif

#endif
