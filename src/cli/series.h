/* SPDX-License-Identifier: MIT */
/*
 * series.h - what `series` makes of its maps once they are drawn: the page
 * to step through them (viewer.c) and the animations through ffmpeg
 * (animate.c).
 */
#ifndef SM_CLI_SERIES_H
#define SM_CLI_SERIES_H

#include <stdbool.h>

#include "core/day.h"

/* The maps of a series, oldest first. */
typedef struct sm_cli_frames {
    int n;
    const sm_day *days;
    char **maps;            /* each map's path */
    char **alts;            /* each map's text alternative, or NULL (or NULL entries) */
} sm_cli_frames;

/* The page: at path, titled title (NULL: "Situation map"), in the language
 * of words (its "lang", "direction" and "viewer.*" words; NULL: English);
 * the maps linked beside it by a path relative to its folder, or inlined
 * as data URIs (one file to send). An exit status. */
typedef struct sm_cli_page {
    const char *path;
    const char *title;
    const sm_words *words;
    bool inline_maps;
} sm_cli_page;

int sm_cli_viewer_write(const sm_cli_page *page, const sm_cli_frames *f);

/* Animations of the maps through ffmpeg. */
typedef enum { SM_ANIM_GIF, SM_ANIM_WEBP, SM_ANIM_MP4, SM_ANIM_KINDS } sm_cli_anim;

/* Whether ffmpeg is there with an encoder for each kind asked (outs[kind]
 * not NULL): checked before any map is drawn; an exit status, after saying
 * what is missing. */
int sm_cli_animation_check(const char *const outs[SM_ANIM_KINDS]);
/* Write the maps as kind into out (atomically), seconds a map and the last
 * held longer. An exit status. */
int sm_cli_animation_write(sm_cli_anim kind, const char *out, const sm_cli_frames *f,
                           double seconds);

#endif
