/* SPDX-License-Identifier: MIT */
/*
 * paths.c - where sitmap's data folders (gazetteer/, styles/) are:
 * $SITMAP_DATA/NAME, else NAME beside the executable (a build in the source
 * tree), else ../share/sitmap/NAME from it (an installed sitmap); the
 * theatre profiles in gazetteer/theatres/; and the GDAL module,
 * sitmap-gdal.so, likewise.
 */
#include "cli/cli.h"

#include <dlfcn.h>
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

bool
sm_cli_basemap(char *out, size_t cap)
{
    char dir[PATH_MAX];

    if (!sm_cli_data_dir("data", dir, sizeof(dir)))
        return false;
    return snprintf(out, cap, "%s/basemap.gpkg", dir) < (int)cap;
}

int
sm_cli_theatre(const sm_cli *cli, sm_theatre *t)
{
    const char *name = cli->theatre;
    size_t n = strlen(name);
    char dir[PATH_MAX];
    sm_error err = { 0 };
    sm_status st;

    memset(t, 0, sizeof(*t));
    if (strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".json") == 0))
        st = sm_theatre_load(name, t, &err);
    else if (!sm_cli_data_dir("gazetteer", dir, sizeof(dir) - 16))
        return sm_cli_usage(NULL, "--theatre %s: no gazetteer folder found (set SITMAP_DATA),"
                            " or give the profile's file", name);
    else
        st = sm_theatre_load_named(strcat(dir, "/theatres"), name, t, &err);
    if (st == SM_OK)
        return -1;
    sm_theatre_free(t);
    if (st == SM_ENOTFOUND || st == SM_EUSAGE)
        return sm_cli_usage(NULL, "--theatre: %s", err.msg);
    return sm_cli_fail(&err);
}

/* sitmap-gdal.so: beside the executable (a build in the source tree), else
 * in ../lib/sitmap from it (an installed sitmap). Loaded once. */
const sm_gdal_api *
sm_cli_gdal(void)
{
    static const sm_gdal_api *api;
    char exe[PATH_MAX], path[PATH_MAX + 64];
    const char *const where[] = { "%s/sitmap-gdal.so", "%s/../lib/sitmap/sitmap-gdal.so" };
    const char *why = "not found";
    ssize_t n;
    char *slash;

    if (api)
        return api;
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = '\0';
    if ((slash = strrchr(exe, '/')) != NULL)
        *slash = '\0';
    for (size_t i = 0; i < SM_LEN(where) && api == NULL; i++) {
        void *h;
        snprintf(path, sizeof(path), where[i], exe);
        if (access(path, F_OK) != 0)
            continue;
        if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
            why = dlerror();
            continue;
        }
        api = dlsym(h, SM_GDAL_API_SYMBOL);
        why = api ? why : "no " SM_GDAL_API_SYMBOL " in it";
    }
    if (api == NULL)
        fprintf(stderr, "sitmap: cannot load sitmap-gdal.so (imports and exports through GDAL)"
                        " beside %s or in %s/../lib/sitmap: %s\n", exe, exe, why);
    return api;
}

void
sm_cli_theatre_render(const sm_theatre *t, sm_render_opts *o)
{
    o->country = t->country;
    o->country_iso3 = t->country_iso3;
    o->country_name = t->country_name[0] ? t->country_name : NULL;
    o->disputed = t->disputed[0] ? t->disputed : NULL;
    o->credit = t->credit[0] ? t->credit : NULL;
}
