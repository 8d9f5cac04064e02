/* SPDX-License-Identifier: MIT */
/* error.c - sm_fail, the single place where failures are recorded (set a
 * breakpoint here to catch the first one). */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

sm_status
sm_fail(sm_error *err, sm_status st, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || err->status != SM_OK)
        return st;
    err->status = st;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return st;
}

void
sm_error_clear(sm_error *err)
{
    if (err == NULL)
        return;
    err->status = SM_OK;
    err->msg[0] = '\0';
}

const char *
sm_status_text(sm_status st)
{
    switch (st) {
    case SM_OK: return "ok";
    case SM_ENOMEM: return "out of memory";
    case SM_EIO: return "input/output error";
    case SM_EINPUT: return "bad input";
    case SM_ENOTFOUND: return "not found";
    case SM_EDB: return "database error";
    case SM_EPROJ: return "projection error";
    case SM_ERENDER: return "rendering error";
    case SM_EUSAGE: return "usage error";
    }
    return "unknown error";
}
