/* SPDX-License-Identifier: MIT */
/*
 * failmalloc.c - an LD_PRELOAD shim that fails one allocation, for
 * tests/cli/test_alloc_failures.sh.
 *
 * Counts the calls to malloc, calloc, realloc, posix_memalign,
 * aligned_alloc and memalign made once main has started (the dynamic
 * loader's and the libraries' constructors' are not counted), and makes
 * the Nth (FAILMALLOC_N) return NULL with ENOMEM. When it does, it writes
 * "failed" to the file FAILMALLOC_REPORT; at exit it writes there the
 * count. The real allocator is glibc's, through its __libc_ names.
 *
 * A crash (SIGSEGV, SIGBUS, SIGABRT, SIGTRAP: GLib's g_error) prints
 * "failmalloc: crashed" and the stack on stderr, so that the test can tell
 * in whose code it happened.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_long count;
static atomic_int armed;
static long fail_at = -1;
static const char *report;

static void
say(const char *what)
{
    int fd;

    if (report == NULL || (fd = open(report, O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0)
        return;
    if (write(fd, what, strlen(what)) < 0) {
        /* nothing to do */
    }
    close(fd);
}

/* True when this allocation is to fail. */
static int
fails(void)
{
    if (!atomic_load_explicit(&armed, memory_order_relaxed))
        return 0;
    if (atomic_fetch_add(&count, 1) + 1 != fail_at)
        return 0;
    say("failed\n");
    errno = ENOMEM;
    return 1;
}

void *
malloc(size_t n)
{
    return fails() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
    return fails() ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
    return fails() ? NULL : __libc_realloc(p, n);
}

int
posix_memalign(void **out, size_t align, size_t n)
{
    void *p;

    if (fails())
        return ENOMEM;
    if ((p = __libc_memalign(align, n)) == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

void *
aligned_alloc(size_t align, size_t n)
{
    return fails() ? NULL : __libc_memalign(align, n);
}

void *
memalign(size_t align, size_t n)
{
    return fails() ? NULL : __libc_memalign(align, n);
}

static void
at_exit(void)
{
    char line[64];

    atomic_store(&armed, 0);
    snprintf(line, sizeof(line), "count %ld\n", atomic_load(&count));
    say(line);
}

static void
crashed(int sig)
{
    static const char line[] = "failmalloc: crashed\n";
    void *frames[64];
    int n;

    atomic_store(&armed, 0);
    if (write(2, line, sizeof(line) - 1) < 0) {
        /* nothing to do */
    }
    n = backtrace(frames, 64);
    backtrace_symbols_fd(frames, n, 2);
    raise(sig);
}

typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

static int
counted_main(int argc, char **argv, char **envp)
{
    const char *n = getenv("FAILMALLOC_N");

    report = getenv("FAILMALLOC_REPORT");
    fail_at = n ? atol(n) : -1;
    void *frames[4];
    struct sigaction sa;

    atexit(at_exit);
    backtrace(frames, 4);   /* loads what it needs now, not in a crash */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = crashed;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    atomic_store(&armed, 1);
    return real_main(argc, argv, envp);
}

int
__libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                  void (*rtld_fini)(void), void *stack_end)
{
    int (*real)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
                void *) = (int (*)(main_fn, int, char **, void (*)(void), void (*)(void),
                                   void (*)(void), void *))dlsym(RTLD_NEXT, "__libc_start_main");

    real_main = main;
    return real(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}
