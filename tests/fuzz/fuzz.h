/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what the libFuzzer targets (tests/fuzz/fuzz_*.c) share: the
 * input as a C string, the input as a file, the project's root (for the
 * gazetteer, the theatre and english.txt), and a gazetteer and theatre
 * loaded once per process. See docs/development.md, "Fuzzing".
 */
#ifndef SM_FUZZ_H
#define SM_FUZZ_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sitmap.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the run: a broken invariant is a crash libFuzzer records. */
#define FUZZ_ASSERT(cond)                                                                   \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "%s:%d: broken: %s\n", __FILE__, __LINE__, #cond);              \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

/* data[0 .. size) as a NUL-terminated string (cut at a NUL it holds);
 * the caller frees it. */
__attribute__((unused)) static char *
fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (s == NULL)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Work from the project's root: $SITMAP_ROOT, else the folder the targets
 * are built two levels under (build-fuzz/fuzz/fuzz_x), else as started. */
__attribute__((unused)) static void
fuzz_project_root(char ***argv)
{
    const char *root = getenv("SITMAP_ROOT");
    char path[PATH_MAX];

    if (root && chdir(root) != 0) {
        perror(root);
        exit(1);
    }
    if (access("gazetteer/theatres/syria.json", R_OK) == 0 || argv == NULL || *argv == NULL)
        return;
    if (realpath((*argv)[0], path) != NULL) {
        for (int up = 0; up < 3; up++) {
            char *slash = strrchr(path, '/');
            if (slash == NULL)
                return;
            *slash = '\0';
        }
        if (chdir(path) != 0)
            return;
    }
}

static char fuzz_dir[64];

static void
fuzz_tmp_remove(void)
{
    char cmd[128];

    if (fuzz_dir[0]) {
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", fuzz_dir);
    }
}

/* A path in the process's own temporary folder (removed at exit). */
__attribute__((unused)) static const char *
fuzz_tmp_path(const char *name)
{
    static char buf[4][128];
    static int k;

    if (fuzz_dir[0] == '\0') {
        const char *t = getenv("TMPDIR");
        snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/sitmap-fuzz.XXXXXX", t && *t ? t : "/tmp");
        if (strlen(fuzz_dir) >= sizeof(fuzz_dir) - 1 || mkdtemp(fuzz_dir) == NULL) {
            perror("mkdtemp");
            exit(1);
        }
        atexit(fuzz_tmp_remove);
    }
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "%s/%s", fuzz_dir, name);
    return buf[k];
}

/* data written to the file name of the temporary folder; its path. */
__attribute__((unused)) static const char *
fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmp_path(name);
    FILE *fp = fopen(path, "wb");

    if (fp == NULL || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
        perror(path);
        exit(1);
    }
    return path;
}

static sm_theatre fuzz_syria_theatre;
static sm_gaz *fuzz_syria_gaz;

/* The Syrian theatre profile, loaded at the first call. */
__attribute__((unused)) static const sm_theatre *
fuzz_theatre(void)
{
    static int loaded;
    sm_error err = { 0 };

    if (!loaded) {
        if (sm_theatre_load("gazetteer/theatres/syria.json", &fuzz_syria_theatre, &err) != SM_OK) {
            fprintf(stderr, "theatre: %s\n", err.msg);
            exit(1);
        }
        loaded = 1;
    }
    return &fuzz_syria_theatre;
}

/* The shipped gazetteer (gazetteer/), finished, its country Syria's;
 * loaded at the first call and kept for the process. */
__attribute__((unused)) static const sm_gaz *
fuzz_gazetteer(void)
{
    sm_error err = { 0 };

    if (fuzz_syria_gaz == NULL) {
        if (sm_gaz_new(&fuzz_syria_gaz, &err) != SM_OK ||
            sm_gaz_set_country(fuzz_syria_gaz, fuzz_theatre()->country, &err) != SM_OK ||
            sm_gaz_load_dir(fuzz_syria_gaz, "gazetteer", NULL, &err) != SM_OK ||
            sm_gaz_finish(fuzz_syria_gaz, &err) != SM_OK) {
            fprintf(stderr, "gazetteer: %s\n", err.msg);
            exit(1);
        }
    }
    return fuzz_syria_gaz;
}

#endif
