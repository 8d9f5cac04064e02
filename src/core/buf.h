/* SPDX-License-Identifier: MIT */
/*
 * buf.h - growable byte buffers with a size cap.
 *
 * An sm_buf always holds a NUL-terminated string (data may be NULL while
 * empty; use sm_buf_str). On failure (allocation, or growing past cap) the
 * buffer frees itself and further appends fail, so a caller checks once at
 * the end.
 *
 * Threads: a buffer is one thread's at a time; the other functions keep no
 * state, except sm_huge_heap, which changes the whole process's allocator
 * and is called once, before any thread.
 */
#ifndef SM_CORE_BUF_H
#define SM_CORE_BUF_H

#include <stddef.h>

#include "core/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_buf {
    char *data;
    size_t len;
    size_t alloc;
    size_t cap;  /* 0 = SM_BUF_DEFAULT_CAP */
    bool failed;
} sm_buf;

#define SM_BUF_DEFAULT_CAP ((size_t)1 << 30)
#define SM_BUF_INIT { NULL, 0, 0, 0, false }

sm_status sm_buf_append(sm_buf *b, const void *data, size_t len);
sm_status sm_buf_puts(sm_buf *b, const char *s);
sm_status sm_buf_printf(sm_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The contents as a string ("" when empty); borrowed until the next change. */
const char *sm_buf_str(const sm_buf *b);
void sm_buf_reset(sm_buf *b);  /* empty, keeping the memory */
void sm_buf_free(sm_buf *b);   /* release; the buffer is empty and reusable */

/* Room in the array *arr (capacity *cap elements of size bytes) for element
 * n: doubles it, starting at first elements; false when memory runs out
 * (the array is left as it was). */
bool sm_grow(void **arr, size_t *cap, size_t n, size_t size, size_t first);
/* calloc, with the pages of a large block touched in order at once: on
 * some kernels a page's first touch costs several times more when pages
 * come in random order (as a hash table or grid of cells touches them). */
void *sm_calloc_in_order(size_t n, size_t size);
/* Ask the kernel for huge pages (2 MB) for the whole such pages inside
 * [p, p + n): a block of several megabytes then costs a few page faults,
 * not hundreds (each dear on some machines). */
void sm_advise_huge(void *p, size_t n);
/* A zeroed block of n bytes mapped on its own, aligned to huge pages and
 * rounded up to them, all of it advised as such: a whole image of 8 MB
 * then costs 4 page faults, not 2,000 (the interior-only advice above
 * leaves up to 4 MB of small pages). NULL when out of memory. Freed with
 * sm_huge_free and the same n. */
void *sm_huge_alloc(size_t n);
void sm_huge_free(void *p, size_t n);
/* For a program, once at its start, before any thread: its heap in huge
 * pages. Every thread allocates from the one heap (glibc's M_ARENA_MAX),
 * which is grown now by 80 MB of address space advised as huge pages, then
 * 64 MB at a time; blocks up to 32 MB come from it, and what is freed stays
 * in it for the next allocation. A render then takes about 1,900 page
 * faults instead of 6,700 (docs/performance.md). Changes nothing but
 * speed and memory held; does nothing when the allocator is not glibc's
 * heap (a sanitizer's). Not for a library's caller that has its own ideas
 * about the allocator. */
void sm_huge_heap(void);

#ifdef __cplusplus
}
#endif

#endif
