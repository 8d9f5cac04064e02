/* SPDX-License-Identifier: MIT */
/*
 * arena.h - many small allocations released together. Memory comes in
 * blocks that never move, so pointers into an arena stay valid until
 * sm_arena_free.
 *
 * Threads: an arena is one thread's at a time; distinct arenas share nothing.
 */
#ifndef SM_CORE_ARENA_H
#define SM_CORE_ARENA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_arena_block sm_arena_block;

typedef struct sm_arena {
    sm_arena_block *head;
    size_t used;   /* bytes used in head */
    size_t total;  /* bytes handed out, for statistics */
} sm_arena;

#define SM_ARENA_INIT { NULL, 0, 0 }

/* size bytes aligned for any type, or NULL when memory runs out. */
void *sm_arena_alloc(sm_arena *a, size_t size);
/* A copy of s (NULL stays NULL; NULL also when memory runs out). */
char *sm_arena_strdup(sm_arena *a, const char *s);
char *sm_arena_strndup(sm_arena *a, const char *s, size_t n);
void sm_arena_free(sm_arena *a);

#ifdef __cplusplus
}
#endif

#endif
