/* SPDX-License-Identifier: MIT */
/* pq.c - libpq opened with dlopen, once (pq.h). */
#define SM_PQ_NO_MACROS
#include "store/pq.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#ifndef SM_PQ_SONAME
#define SM_PQ_SONAME "libpq.so.5"
#endif

sm_pq sm_pq_table;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool opened;
static char why[256];

static void
open_once(void)
{
    void *lib = dlopen(SM_PQ_SONAME, RTLD_NOW | RTLD_LOCAL);
    sm_pq t;

    if (lib == NULL) {
        const char *e = dlerror();
        snprintf(why, sizeof(why), "%s", e ? e : SM_PQ_SONAME);
        return;
    }
#define SM_PQ_SYM(name)                                                                        \
    if ((*(void **)&t.name = dlsym(lib, #name)) == NULL) {                                     \
        snprintf(why, sizeof(why), "%s: no %s", SM_PQ_SONAME, #name);                          \
        return;                                                                                \
    }
    SM_PQ_FUNCTIONS(SM_PQ_SYM)
#undef SM_PQ_SYM
    sm_pq_table = t;
    opened = true;
}

sm_status
sm_pq_open(sm_error *err)
{
    pthread_once(&once, open_once);
    if (!opened)
        return sm_fail(err, SM_EIO, "cannot open PostgreSQL's client library (%s);"
                       " install libpq5", why);
    return SM_OK;
}
