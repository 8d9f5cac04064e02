/* SPDX-License-Identifier: MIT */
/* arena.c - bump allocation in 64 KiB blocks (larger requests get a block of
 * their own). */
#include "core/arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE ((size_t)64 * 1024)

struct sm_arena_block {
    sm_arena_block *next;
    size_t size;
    alignas(max_align_t) unsigned char data[];
};

void *
sm_arena_alloc(sm_arena *a, size_t size)
{
    size_t align = alignof(max_align_t);
    size_t need = (size + align - 1) & ~(align - 1);
    sm_arena_block *b;

    if (need == 0)
        need = align;
    if (a->head == NULL || a->used + need > a->head->size) {
        size_t bsize = need > BLOCK_SIZE ? need : BLOCK_SIZE;
        b = malloc(sizeof(*b) + bsize);
        if (b == NULL)
            return NULL;
        b->size = bsize;
        b->next = a->head;
        a->head = b;
        a->used = 0;
    }
    a->used += need;
    a->total += need;
    return a->head->data + a->used - need;
}

char *
sm_arena_strndup(sm_arena *a, const char *s, size_t n)
{
    char *p;

    if (s == NULL)
        return NULL;
    p = sm_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *
sm_arena_strdup(sm_arena *a, const char *s)
{
    return s ? sm_arena_strndup(a, s, strlen(s)) : NULL;
}

void
sm_arena_free(sm_arena *a)
{
    sm_arena_block *b = a->head;

    while (b) {
        sm_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used = a->total = 0;
}
