/* SPDX-License-Identifier: MIT */
/* buf.c - growable buffers (after curl's dynbuf: capped, self-freeing). */
#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>

static sm_status
grow(sm_buf *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : SM_BUF_DEFAULT_CAP;
    size_t need, alloc;
    char *p;

    if (b->failed)
        return SM_ENOMEM;
    if (extra > cap || b->len > cap - extra - 1)
        goto fail;
    need = b->len + extra + 1;
    if (need <= b->alloc)
        return SM_OK;
    alloc = b->alloc ? b->alloc : 64;
    while (alloc < need)
        alloc = alloc > cap / 2 ? cap + 1 : alloc * 2;
    p = realloc(b->data, alloc);
    if (p == NULL)
        goto fail;
    b->data = p;
    b->alloc = alloc;
    return SM_OK;
fail:
    sm_buf_free(b);
    b->failed = true;
    return SM_ENOMEM;
}

sm_status
sm_buf_append(sm_buf *b, const void *data, size_t len)
{
    if (grow(b, len) != SM_OK)
        return SM_ENOMEM;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return SM_OK;
}

sm_status
sm_buf_puts(sm_buf *b, const char *s)
{
    return sm_buf_append(b, s, strlen(s));
}

sm_status
sm_buf_printf(sm_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(b, (size_t)n) != SM_OK)
        return SM_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return SM_OK;
}

const char *
sm_buf_str(const sm_buf *b)
{
    return b->data ? b->data : "";
}

void
sm_buf_reset(sm_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void
sm_buf_free(sm_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
    b->failed = false;
}

#define HUGE_PAGE ((size_t)2 << 20)

void
sm_advise_huge(void *p, size_t n)
{
    uintptr_t from = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t to = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);

    if (to > from)
        madvise((void *)from, to - from, MADV_HUGEPAGE);
}

static size_t
huge_round(size_t n)
{
    return (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

void *
sm_huge_alloc(size_t n)
{
    size_t len = huge_round(n > 0 ? n : 1);
    unsigned char *p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uintptr_t at;

    if (p == MAP_FAILED)
        return NULL;
    /* keep the aligned part, give back what lies before and after it */
    at = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (at > (uintptr_t)p)
        munmap(p, at - (uintptr_t)p);
    if ((uintptr_t)p + len + HUGE_PAGE > at + len)
        munmap((void *)(at + len), (uintptr_t)p + len + HUGE_PAGE - (at + len));
    madvise((void *)at, len, MADV_HUGEPAGE);
    return (void *)at;
}

void
sm_huge_free(void *p, size_t n)
{
    if (p != NULL)
        munmap(p, huge_round(n > 0 ? n : 1));
}

void
sm_huge_heap(void)
{
    enum { FIRST = 16 << 20, STEP = 64 << 20 };
    char *p, *end;
    uintptr_t from;

    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);       /* glibc's largest */
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_TOP_PAD, STEP);
    /* a first block larger than what the heap has left grows it by itself
     * and the step; then the whole huge pages from it to the heap's end */
    if ((p = malloc(FIRST)) == NULL)
        return;
    end = sbrk(0);
    from = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (end != (char *)-1 && p + FIRST <= end && from < (uintptr_t)end)
        madvise((void *)from, (uintptr_t)end - from, MADV_HUGEPAGE);
    free(p);
}

bool
sm_grow(void **arr, size_t *cap, size_t n, size_t size, size_t first)
{
    size_t c;
    void *p;

    if (n < *cap)
        return true;
    c = *cap ? *cap * 2 : first;
    if (c <= n)
        c = n + 1;
    p = realloc(*arr, c * size);
    if (p == NULL)
        return false;
    if (c * size >= 2 * HUGE_PAGE)
        sm_advise_huge(p, c * size);
    *arr = p;
    *cap = c;
    return true;
}

void *
sm_calloc_in_order(size_t n, size_t size)
{
    volatile unsigned char *p = calloc(n, size);

    if (p != NULL && n * size >= 2 * HUGE_PAGE)
        sm_advise_huge((void *)p, n * size);
    if (p != NULL && n * size >= 65536)
        for (size_t i = 0; i < n * size; i += 4096)
            p[i] = 0;
    return (void *)p;
}
