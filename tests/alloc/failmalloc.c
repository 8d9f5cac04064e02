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
 * With FAILMALLOC_OWN=1 the failure goes to the first allocation from the
 * Nth on that sitmap's own code asks for (the first frame of its stack
 * outside libc and this shim is in sitmap or sitmap-gdal.so): what the
 * other libraries ask for never fails, so that every failure is one
 * sitmap must handle.
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
static atomic_int armed, done;
static long fail_at = -1;
static int own_only;
static const char *report;
static __thread int looking;            /* in own(): its allocations pass */

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

/* True when the allocation under way is asked for by sitmap's own code:
 * the first frame outside libc and this shim is sitmap's. */
static int
own(void)
{
    void *frames[16];
    int n, mine = 0;

    Dl_info shim;

    looking = 1;
    n = backtrace(frames, 16);
    if (dladdr((void *)own, &shim) == 0)
        shim.dli_fbase = NULL;
    for (int i = 1; i < n; i++) {
        Dl_info info;
        const char *f;
        if (dladdr(frames[i], &info) == 0 || (f = info.dli_fname) == NULL)
            break;
        if (info.dli_fbase == shim.dli_fbase || strstr(f, "/libc.so"))
            continue;
        /* the program itself has no name here: it is sitmap */
        f = strrchr(f, '/') ? strrchr(f, '/') + 1 : f;
        mine = *f == '\0' || strncmp(f, "sitmap", 6) == 0 || strncmp(f, "libsitmap", 9) == 0;
        break;
    }
    looking = 0;
    return mine;
}

/* True when this allocation is to fail. */
static int
fails(void)
{
    long k;

    if (!atomic_load_explicit(&armed, memory_order_relaxed) || looking || fail_at < 1)
        return 0;
    k = atomic_fetch_add(&count, 1) + 1;
    if (k < fail_at || atomic_load(&done))
        return 0;
    if (k > fail_at && !own_only)
        return 0;
    if (own_only && !own())
        return 0;
    if (atomic_exchange(&done, 1))
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
    own_only = getenv("FAILMALLOC_OWN") != NULL && strcmp(getenv("FAILMALLOC_OWN"), "1") == 0;
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
