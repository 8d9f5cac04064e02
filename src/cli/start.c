/* SPDX-License-Identifier: MIT */
/*
 * start.c - the sitmap executable: `sitmap --version` alone is answered
 * here; anything else loads sitmap-core.so (the commands and the library
 * without GDAL, with Cairo, Pango, SQLite and their 40 libraries) and runs
 * its sm_cli_main. The executable links libc alone, so that the version is
 * printed without the dynamic linker binding those libraries (some 7 M
 * instructions). The module is found as sitmap-gdal.so is (paths.c): beside
 * the executable, else in ../lib/sitmap from it. It is opened RTLD_GLOBAL so
 * that sitmap-gdal.so, opened later, binds to it.
 */
#include "sitmap.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef int sm_cli_main_fn(int argc, char **argv);

int
main(int argc, char **argv)
{
    const char *const where[] = { "%s/sitmap-core.so", "%s/../lib/sitmap/sitmap-core.so" };
    char exe[PATH_MAX], path[PATH_MAX + 64];
    const char *why = "not found";
    sm_cli_main_fn *run = NULL;
    ssize_t n;
    char *slash;

    /* the one case that needs nothing of the library (any other option
     * list, --version among them, is read by main.c's rules) */
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("sitmap %s\n", SITMAP_VERSION);
        return 0;
    }
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = '\0';
    if ((slash = strrchr(exe, '/')) != NULL)
        *slash = '\0';
    for (size_t i = 0; i < sizeof(where) / sizeof(where[0]) && run == NULL; i++) {
        void *h;

        snprintf(path, sizeof(path), where[i], exe);
        if (access(path, F_OK) != 0)
            continue;
        if ((h = dlopen(path, RTLD_NOW | RTLD_GLOBAL)) == NULL) {
            why = dlerror();
            continue;
        }
        /* looked up in the global scope, where a preloaded library comes
         * first and may wrap it (tests/alloc/failmalloc.c counts the
         * allocations from there, as the program's own start) */
        *(void **)&run = dlsym(RTLD_DEFAULT, "sm_cli_main");
        why = run ? why : "no sm_cli_main in it";
    }
    if (run == NULL) {
        fprintf(stderr, "sitmap: cannot load sitmap-core.so beside %s or in %s/../lib/sitmap: %s\n",
                exe, exe, why);
        return 1;
    }
    return run(argc, argv);
}
