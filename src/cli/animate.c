/* SPDX-License-Identifier: MIT */
/*
 * animate.c - a series' maps as an animated GIF, an animated WebP or an MP4
 * video, through ffmpeg (run without a shell, its arguments as they are).
 * What each needs is checked before any map is drawn; each file is written
 * under a temporary name and renamed, so a failed ffmpeg leaves no half
 * animation. The last map is held longer: it is the news.
 */
#include "cli/cli.h"
#include "cli/series.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/text.h"

#define LAST_HELD_SECONDS 2.0

typedef struct anim_kind {
    const char *option;     /* the series' option */
    const char *encoder;    /* ffmpeg's encoder */
    const char *format;     /* ffmpeg's muxer */
} anim_kind;

static const anim_kind kinds[SM_ANIM_KINDS] = {
    [SM_ANIM_GIF] = { "--gif", "gif", "gif" },
    [SM_ANIM_WEBP] = { "--webp", "libwebp_anim", "webp" },
    [SM_ANIM_MP4] = { "--mp4", "libx264", "mp4" },
};

/* Run argv; its standard output into *out when out is not NULL; true when
 * it ran and exited 0, else the reason in *why (to free). */
static bool
run(char **argv, char **out, char **why)
{
    GError *gerr = NULL;
    gchar *err_text = NULL;
    gint status = 0;
    bool ok;

    ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL,
                      NULL, NULL, out, &err_text, &status, &gerr) &&
         g_spawn_check_wait_status(status, &gerr);
    if (!ok) {
        gchar *said = err_text ? g_strstrip(err_text) : NULL;
        *why = g_strdup(said && said[0] ? said : gerr ? gerr->message : "failed");
    }
    g_clear_error(&gerr);
    g_free(err_text);
    return ok;
}

/* Whether ffmpeg's list of encoders (a line " V..... NAME  description")
 * names encoder. */
static bool
lists_encoder(const char *list, const char *encoder)
{
    size_t n = strlen(encoder);

    for (const char *p = list; (p = strstr(p, encoder)) != NULL; p += n)
        if (p > list && p[-1] == ' ' && (p[n] == ' ' || p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

int
sm_cli_animation_check(const char *const outs[SM_ANIM_KINDS])
{
    char *argv[] = { "ffmpeg", "-hide_banner", "-nostdin", "-encoders", NULL };
    char *list = NULL, *why = NULL;
    gchar *ffmpeg;
    int k, rc = SM_EXIT_OK;

    for (k = 0; k < SM_ANIM_KINDS && outs[k] == NULL; k++)
        ;
    if (k == SM_ANIM_KINDS)
        return SM_EXIT_OK;
    if ((ffmpeg = g_find_program_in_path("ffmpeg")) == NULL) {
        fprintf(stderr, "sitmap: series: %s needs ffmpeg, which is not installed"
                        " (`make deps` installs it); no map was drawn\n", kinds[k].option);
        return SM_EXIT_FAIL;
    }
    g_free(ffmpeg);
    if (!run(argv, &list, &why)) {
        fprintf(stderr, "sitmap: series: ffmpeg -encoders: %s\n", why);
        g_free(why);
        return SM_EXIT_FAIL;
    }
    for (k = 0; k < SM_ANIM_KINDS; k++)
        if (outs[k] && !lists_encoder(list, kinds[k].encoder)) {
            fprintf(stderr, "sitmap: series: %s needs ffmpeg's %s encoder, which this ffmpeg"
                            " lacks; no map was drawn\n", kinds[k].option, kinds[k].encoder);
            rc = SM_EXIT_FAIL;
        }
    g_free(list);
    return rc;
}

/* ffmpeg's concat list of the maps, seconds each, the last repeated to be
 * held LAST_HELD_SECONDS and named once more at the end (the concat reader
 * counts no time for its last entry). The list's path (to free), or NULL
 * after saying why. */
static gchar *
write_list(const sm_cli_frames *f, double seconds)
{
    GError *gerr = NULL;
    gchar *path = NULL;
    int fd = g_file_open_tmp("sitmap-frames-XXXXXX.txt", &path, &gerr);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    int held = (int)(LAST_HELD_SECONDS / seconds + 0.5), entries = f->n - 1 + held;
    bool ok = fp != NULL;

    if (fp == NULL) {
        fprintf(stderr, "sitmap: series: cannot write ffmpeg's list of maps: %s\n",
                gerr ? gerr->message : strerror(errno));
        g_clear_error(&gerr);
        if (fd >= 0)
            close(fd);
        if (path)
            remove(path);
        g_free(path);
        return NULL;
    }
    fputs("ffconcat version 1.0\n", fp);
    for (int i = 0; i <= entries && ok; i++) {
        const char *map = f->maps[i < f->n ? i : f->n - 1];
        char *abs = realpath(map, NULL);
        fputs("file ", fp);
        ok = sm_text_ffconcat_put(fp, abs ? abs : map);
        if (i < entries)
            fprintf(fp, "\nduration %.3f\n", seconds);
        else
            fputc('\n', fp);
        free(abs);
        if (!ok)
            fprintf(stderr, "sitmap: series: %s: ffmpeg's list of maps cannot hold a name with"
                            " a line break\n", map);
    }
    if (fclose(fp) != 0 && ok) {
        fprintf(stderr, "sitmap: series: cannot write ffmpeg's list of maps: %s\n",
                strerror(errno));
        ok = false;
    }
    if (!ok) {
        remove(path);
        g_free(path);
        return NULL;
    }
    return path;
}

int
sm_cli_animation_write(sm_cli_anim kind, const char *out, const sm_cli_frames *f, double seconds)
{
    const anim_kind *k = &kinds[kind];
    sm_atomic_file af = SM_ATOMIC_FILE_INIT;
    sm_error err = { 0 };
    gchar *list;
    char *why = NULL;
    char *argv[40];
    gchar *vf;
    int a = 0, rc = SM_EXIT_OK;

    if ((list = write_list(f, seconds)) == NULL)
        return SM_EXIT_FAIL;
    if (sm_atomic_file_reserve(&af, out, &err) != SM_OK) {
        remove(list);
        g_free(list);
        return sm_cli_fail(&err);
    }
    argv[a++] = "ffmpeg";
    argv[a++] = "-hide_banner";
    argv[a++] = "-nostdin";
    argv[a++] = "-loglevel";
    argv[a++] = "error";
    argv[a++] = "-y";
    argv[a++] = "-f";
    argv[a++] = "concat";
    argv[a++] = "-safe";
    argv[a++] = "0";
    argv[a++] = "-i";
    argv[a++] = list;
    switch (kind) {            /* a constant rate: a frame a map (the last repeated) */
    case SM_ANIM_GIF:          /* one palette for the whole series, no dither on flat fills */
        vf = g_strdup_printf("fps=%g,split[a][b];[a]palettegen=stats_mode=full[p];"
                             "[b][p]paletteuse=dither=none", 1 / seconds);
        argv[a++] = "-loop";
        argv[a++] = "0";
        break;
    case SM_ANIM_WEBP:         /* lossless: flat colours and text stay sharp */
        vf = g_strdup_printf("fps=%g,format=bgra", 1 / seconds);
        argv[a++] = "-c:v";
        argv[a++] = "libwebp_anim";
        argv[a++] = "-lossless";
        argv[a++] = "1";
        argv[a++] = "-loop";
        argv[a++] = "0";
        break;
    default:                   /* even sides, the pixel format and rate every player reads */
        vf = g_strdup_printf("fps=%g,pad=ceil(iw/2)*2:ceil(ih/2)*2,format=yuv420p", 1 / seconds);
        argv[a++] = "-c:v";
        argv[a++] = "libx264";
        argv[a++] = "-crf";
        argv[a++] = "18";
        argv[a++] = "-r";
        argv[a++] = "25";
        argv[a++] = "-movflags";
        argv[a++] = "+faststart";
        break;
    }
    argv[a++] = "-vf";
    argv[a++] = vf;
    argv[a++] = "-f";
    argv[a++] = (char *)k->format;
    argv[a++] = af.tmp;
    argv[a] = NULL;
    if (!run(argv, NULL, &why)) {
        fprintf(stderr, "sitmap: series: %s %s: ffmpeg: %s\n", k->option, out, why);
        rc = SM_EXIT_FAIL;
    } else if (sm_atomic_file_commit(&af, &err) != SM_OK) {
        rc = sm_cli_fail(&err);
    }
    sm_atomic_file_discard(&af);
    g_free(why);
    g_free(vf);
    remove(list);
    g_free(list);
    return rc;
}
