/* SPDX-License-Identifier: MIT */
/*
 * error.h - one error vocabulary for the whole library.
 *
 * Whatever can fail returns sm_status and takes an sm_error * last (may be
 * NULL). The message is written once, where the facts are known, and the first
 * failure wins: later sm_fail calls on the same error keep the first message.
 * The library never prints and never exits.
 *
 * Threads: an sm_error is its caller's; give each thread its own.
 */
#ifndef SM_CORE_ERROR_H
#define SM_CORE_ERROR_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SM_LEN(a) (sizeof(a) / sizeof((a)[0]))

typedef enum sm_status {
    SM_OK = 0,
    SM_ENOMEM,    /* allocation failed */
    SM_EIO,       /* file unreadable or unwritable */
    SM_EINPUT,    /* bad data; message names file:line or feature */
    SM_ENOTFOUND, /* look-up matched nothing */
    SM_EDB,       /* SQLite/SpatiaLite refused */
    SM_EPROJ,     /* PROJ could not transform */
    SM_ERENDER,   /* Cairo/Pango failed */
    SM_EUSAGE     /* the caller asked for something meaningless */
} sm_status;

typedef struct sm_error {
    sm_status status;
    char msg[512];
} sm_error;

/* Record st and a printf-style message in *err unless it already holds a
 * failure; return st. err may be NULL. */
sm_status sm_fail(sm_error *err, sm_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Forget any recorded failure. */
void sm_error_clear(sm_error *err);

/* A short constant name for st ("bad input", "database error", ...). */
const char *sm_status_text(sm_status st);

#ifdef __cplusplus
}
#endif

#endif
