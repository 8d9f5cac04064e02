/* SPDX-License-Identifier: MIT */
/* geolibs.c - SpatiaLite and PROJ opened with dlopen, once (geolibs.h). */
#define SM_GEOLIBS_TABLE
#include "core/geolibs.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* the libraries' names as linked (the Makefile reads them from the files) */
#ifndef SM_PROJ_SONAME
#define SM_PROJ_SONAME "libproj.so.25"
#endif
#ifndef SM_SPATIALITE_SONAME
#define SM_SPATIALITE_SONAME "libspatialite.so.7"
#endif

enum { PROJ, SPATIALITE };

sm_geolibs sm_geolibs_table;
atomic_bool sm_geolibs_ready;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t opened = PTHREAD_COND_INITIALIZER;
static enum { IDLE, OPENING, DONE } state;
static char failure[512];

/* Both libraries and every function of the table; false, with the reason
 * in failure, when one is missing. */
static bool
open_all(void)
{
    static const char *const names[] = { [PROJ] = SM_PROJ_SONAME,
                                         [SPATIALITE] = SM_SPATIALITE_SONAME };
    void *lib[2];
    sm_geolibs t;

    for (int i = 0; i < 2; i++)
        if ((lib[i] = dlopen(names[i], RTLD_NOW | RTLD_LOCAL)) == NULL) {
            snprintf(failure, sizeof(failure), "cannot open %s: %s", names[i], dlerror());
            return false;
        }
#define SM_GEOLIBS_OPEN(name, l)                                                               \
    if ((*(void **)&t.name = dlsym(lib[l], #name)) == NULL) {                                  \
        snprintf(failure, sizeof(failure), "%s has no %s", names[l], #name);                   \
        return false;                                                                          \
    }
    SM_GEOLIBS_FUNCTIONS(SM_GEOLIBS_OPEN)
#undef SM_GEOLIBS_OPEN
    sm_geolibs_table = t;
    return true;
}

/* A fork waits for an opening begun (or a preload's thread about to begin
 * one) to end, and none starts until the fork is done: a child made in the
 * middle of one would inherit the dynamic linker's lock, or the allocator's,
 * held by a thread it does not have, and wait for ever. */
static pthread_t loader;            /* the preload's thread, until joined */
static bool loader_joinable;

static void
before_fork(void)
{
    pthread_mutex_lock(&lock);
    while (state == OPENING)
        pthread_cond_wait(&opened, &lock);
    if (loader_joinable) {              /* its end too: it frees as it ends */
        loader_joinable = false;
        pthread_mutex_unlock(&lock);
        pthread_join(loader, NULL);
        pthread_mutex_lock(&lock);
    }
}

static void
after_fork(void)
{
    pthread_mutex_unlock(&lock);
}

static void
watch_forks(void)
{
    (void)pthread_atfork(before_fork, after_fork, after_fork);
}

static pthread_once_t watched = PTHREAD_ONCE_INIT;

/* Take the opening on (true), or wait for the one under way to end. */
static bool
take_opening(void)
{
    bool mine;

    pthread_once(&watched, watch_forks);
    pthread_mutex_lock(&lock);
    while (state == OPENING)
        pthread_cond_wait(&opened, &lock);
    mine = state == IDLE;
    if (mine)
        state = OPENING;
    pthread_mutex_unlock(&lock);
    return mine;
}

static void
finish(bool ok, bool done)
{
    pthread_mutex_lock(&lock);
    state = done ? DONE : IDLE;
    if (ok)
        atomic_store_explicit(&sm_geolibs_ready, true, memory_order_release);
    pthread_cond_broadcast(&opened);
    pthread_mutex_unlock(&lock);
}

static void *
preload(void *arg)
{
    (void)arg;
    finish(open_all(), true);
    return NULL;
}

void
sm_geolibs_preload(void)
{
    bool idle;

    /* the opening is the thread's from now on, so that a fork waits for it */
    pthread_once(&watched, watch_forks);
    pthread_mutex_lock(&lock);
    idle = state == IDLE;
    if (idle)
        state = OPENING;
    if (idle && pthread_create(&loader, NULL, preload, NULL) == 0)
        loader_joinable = true;
    else if (idle)
        state = IDLE;                   /* the first call opens them */
    pthread_mutex_unlock(&lock);
}

void
sm_geolibs_join(void)
{
    bool joinable;

    pthread_mutex_lock(&lock);
    joinable = loader_joinable;
    loader_joinable = false;
    pthread_mutex_unlock(&lock);
    if (joinable)
        pthread_join(loader, NULL);
}

sm_status
sm_geolibs_open(sm_error *err)
{
    if (atomic_load_explicit(&sm_geolibs_ready, memory_order_acquire))
        return SM_OK;
    if (take_opening())
        finish(open_all(), true);
    if (atomic_load_explicit(&sm_geolibs_ready, memory_order_acquire))
        return SM_OK;
    return sm_fail(err, SM_EIO, "%s (sitmap needs PROJ and SpatiaLite)", failure);
}

const sm_geolibs *
sm_geolibs_wait(void)
{
    if (sm_geolibs_open(NULL) != SM_OK) {
        /* unreachable from the library's entry points, which open the
         * libraries first (sm_geolibs_open) and return the failure */
        fprintf(stderr, "sitmap: %s\n", failure);
        abort();
    }
    return &sm_geolibs_table;
}
