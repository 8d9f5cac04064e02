/* SPDX-License-Identifier: MIT */
/*
 * check.h - a small test harness. A test file lists its cases in a table and
 * calls check_main; `test_x [NAME...]` runs the cases whose names contain
 * one of NAME (all by default) and ends with "N passed, N failed".
 * Every CHECK carries a message saying what was expected.
 */
#ifndef SM_CHECK_H
#define SM_CHECK_H

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct check_case {
    const char *name;
    void (*fn)(void);
} check_case;

static int check_case_failed;
static char check_tmp[256];
/* When set, run after each case: it undoes what the case made outside its
 * folder (a database of its own on the test server, pg_db.h). */
static void (*check_case_done)(void);

__attribute__((unused)) static void
check_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "  %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    check_case_failed = 1;
}

#define CHECK(cond, ...) \
    do { if (!(cond)) check_fail(__FILE__, __LINE__, __VA_ARGS__); } while (0)

/* A path inside the case's own empty temporary folder. */
__attribute__((unused)) static const char *
check_path(const char *name)
{
    static char buf[4][512];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "%s/%s", check_tmp, name);
    return buf[k];
}

/* The path of a fixture in tests/data (tests run from the project root). */
__attribute__((unused)) static const char *
check_data(const char *name)
{
    static char buf[4][512];
    static int k;

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "tests/data/%s", name);
    return buf[k];
}

__attribute__((unused)) static int
check_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

__attribute__((unused)) static int
check_main(int argc, char **argv, const check_case *cases, size_t n)
{
    int passed = 0, failed = 0;

    for (size_t i = 0; i < n; i++) {
        int selected = argc < 2;
        for (int a = 1; a < argc; a++)
            selected |= strstr(cases[i].name, argv[a]) != NULL;
        if (!selected)
            continue;
        snprintf(check_tmp, sizeof(check_tmp), "%s/sitmap-test-XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (mkdtemp(check_tmp) == NULL) {
            perror("mkdtemp");
            return 2;
        }
        check_case_failed = 0;
        cases[i].fn();
        if (check_case_done)
            check_case_done();
        nftw(check_tmp, check_rm, 16, FTW_DEPTH | FTW_PHYS);
        printf("%s %s\n", check_case_failed ? "FAIL" : "ok  ", cases[i].name);
        if (check_case_failed)
            failed++;
        else
            passed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#define CHECK_MAIN(cases) \
    int main(int argc, char **argv) { return check_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0])); }

#endif
