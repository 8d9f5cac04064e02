/* SPDX-License-Identifier: MIT */
/*
 * failmalloc.c - an LD_PRELOAD shim that fails one allocation, for
 * tests/cli/test_alloc_failures.sh.
 *
 * Counts the calls to malloc, calloc, realloc, posix_memalign,
 * aligned_alloc and memalign made once sitmap's main has started (its
 * sm_cli_main, which the executable calls once it has opened
 * sitmap-core.so: the dynamic loader's and the libraries' constructors' are
 * not counted), and makes
 * the Nth (FAILMALLOC_N) return NULL with ENOMEM. When it does, it writes
 * "failed" to the file FAILMALLOC_REPORT; at exit it writes there the
 * count. The real allocator is glibc's, through its __libc_ names.
 *
 * With FAILMALLOC_OWN=1 the failure goes to the first allocation from the
 * Nth on that sitmap's own code asks for (the first frame of its stack
 * outside libc and this shim is in sitmap, sitmap-core.so or
 * sitmap-gdal.so): what the
 * other libraries ask for never fails, so that every failure is one
 * sitmap must handle.
 *
 * The report also says, after "failed", "by LIBRARY": the file of the first
 * frame of the failed allocation's stack outside libc and this shim.
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

/* The mapped code of the process, from /proc/self/maps, read with system
 * calls alone: no lock is taken here (dladdr takes the dynamic loader's,
 * which another thread may hold while it waits for one this thread holds). */
enum { SKIP, OWN, OTHER };
static struct range {
    unsigned long lo, hi;
    int kind;
    char path[160];
} ranges[512];
static int nranges;
static atomic_flag reading = ATOMIC_FLAG_INIT;
static char shim_path[256];

static int
kind_of(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

    if (strcmp(path, shim_path) == 0 || strncmp(base, "libc.so", 7) == 0)
        return SKIP;
    return strncmp(base, "sitmap", 6) == 0 || strncmp(base, "libsitmap", 9) == 0 ? OWN : OTHER;
}

static void
read_maps(void)
{
    static char buf[1 << 17];
    size_t len = 0;
    ssize_t got;
    int fd = open("/proc/self/maps", O_RDONLY);

    if (fd < 0)
        return;
    while (len < sizeof(buf) - 1 && (got = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
        len += (size_t)got;
    close(fd);
    buf[len] = '\0';
    nranges = 0;
    for (char *line = buf, *nl; line && *line && nranges < 512; line = nl ? nl + 1 : NULL) {
        unsigned long lo, hi;
        char perms[8], *path;
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3 || perms[2] != 'x' ||
            (path = strchr(line, '/')) == NULL)
            continue;
        ranges[nranges] = (struct range){ lo, hi, kind_of(path), "" };
        snprintf(ranges[nranges].path, sizeof(ranges[nranges].path), "%s", path);
        nranges++;
    }
}

static const struct range *
range_at(void *pc)
{
    static const struct range unknown = { 0, 0, OTHER, "?" };
    unsigned long a = (unsigned long)pc;

    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < nranges; i++)
            if (a >= ranges[i].lo && a < ranges[i].hi)
                return &ranges[i];
        read_maps();                    /* a library opened since */
    }
    return &unknown;
}

/* The mapping of the first frame of the allocation under way outside libc
 * and this shim; its path is copied into where (may be NULL). */
static int
first_frame(char *where, size_t size)
{
    void *frames[16];
    const struct range *r = NULL;
    int n, kind = OTHER;

    looking = 1;
    n = backtrace(frames, 16);
    while (atomic_flag_test_and_set(&reading))
        ;                               /* the table is one for all threads */
    for (int i = 1; i < n && (kind = (r = range_at(frames[i]))->kind) == SKIP; i++)
        ;
    if (where)
        snprintf(where, size, "%s", r ? r->path : "?");
    atomic_flag_clear(&reading);
    looking = 0;
    return kind;
}

/* True when the allocation under way is asked for by sitmap's own code:
 * the first frame outside libc and this shim is sitmap's (the program,
 * sitmap-core.so or sitmap-gdal.so). */
static int
own(void)
{
    return first_frame(NULL, 0) == OWN;
}

/* "by LIBRARY" in the report: whose allocation failed. */
static void
say_where(void)
{
    char where[200], line[220];

    first_frame(where, sizeof(where));
    snprintf(line, sizeof(line), "by %s\n", where);
    say(line);
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
    say_where();
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

    Dl_info self;

    if (dladdr((void *)own, &self) != 0 && self.dli_fname)
        snprintf(shim_path, sizeof(shim_path), "%s", self.dli_fname);
    read_maps();
    atexit(at_exit);
    backtrace(frames, 4);   /* loads what it needs now, not in a crash */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = crashed;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    return real_main(argc, argv, envp);
}

/* The program's own start: the executable finds sm_cli_main in the global
 * scope, this first. */
int sm_cli_main(int argc, char **argv);

int
sm_cli_main(int argc, char **argv)
{
    int (*real)(int, char **) = (int (*)(int, char **))dlsym(RTLD_NEXT, "sm_cli_main");

    if (real == NULL) {
        fprintf(stderr, "failmalloc: no sm_cli_main after the shim\n");
        return 1;
    }
    atomic_store(&armed, 1);
    return real(argc, argv);
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
