/* SPDX-License-Identifier: MIT */
/*
 * paths.c - where sitmap's data folders (gazetteer/, styles/) are:
 * $SITMAP_DATA/NAME, else NAME beside the executable (a build in the source
 * tree), else ../share/sitmap/NAME from it (an installed sitmap).
 */
#include "cli/cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool
is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

bool
sm_cli_data_dir(const char *name, char *out, size_t cap)
{
    const char *env = getenv("SITMAP_DATA");
    char exe[PATH_MAX];
    ssize_t n;
    char *slash;

    if (env && *env) {
        snprintf(out, cap, "%s/%s", env, name);
        return is_dir(out);
    }
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash == NULL)
        return false;
    *slash = '\0';
    snprintf(out, cap, "%s/%s", exe, name);
    if (is_dir(out))
        return true;
    snprintf(out, cap, "%s/../share/sitmap/%s", exe, name);
    return is_dir(out);
}
