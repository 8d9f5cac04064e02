/* SPDX-License-Identifier: MIT */
/*
 * words.c - the language a map's furniture is written in (--lang): the
 * language files of styles/lang/ (English's, then the language's over it),
 * or a file named by its path.
 */
#include "cli/cli.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
sm_cli_load_words(const char *cmd, const char *lang, sm_words **out)
{
    char dir[PATH_MAX], path[PATH_MAX + 64];
    bool have_dir = sm_cli_data_dir("styles/lang", dir, sizeof(dir));
    bool is_file = strchr(lang, '/') || strstr(lang, ".json");
    sm_error err = { 0 };
    sm_words *w;

    *out = NULL;
    if (!is_file && !have_dir && strcmp(lang, "en") != 0)
        return sm_cli_usage(cmd, "--lang %s: no styles/lang folder found (set SITMAP_DATA),"
                            " or give the language's file", lang);
    if (!is_file && (lang[0] == '\0' || strchr(lang, '.') || strlen(lang) > 32))
        return sm_cli_usage(cmd, "--lang \"%s\": want en, ar, en+ar, another language's name"
                            " or its file", lang);
    if ((w = sm_words_new()) == NULL)
        return sm_cli_fail(&(sm_error){ SM_ENOMEM, "out of memory" });
    /* English first: the keys a language lacks read as English */
    snprintf(path, sizeof(path), "%s/en.json", dir);
    if (have_dir && access(path, F_OK) == 0 && sm_words_load(w, path, &err) != SM_OK) {
        sm_words_free(w);
        return sm_cli_fail(&err);
    }
    if (is_file)
        snprintf(path, sizeof(path), "%s", lang);
    else
        snprintf(path, sizeof(path), "%s/%s.json", dir, lang);
    if (strcmp(lang, "en") != 0 || is_file) {
        if (access(path, F_OK) != 0) {
            sm_words_free(w);
            return sm_cli_usage(cmd, "--lang %s: no such language file %s", lang, path);
        }
        if (sm_words_load(w, path, &err) != SM_OK) {
            sm_words_free(w);
            return sm_cli_fail(&err);
        }
    }
    *out = w;
    return -1;
}
