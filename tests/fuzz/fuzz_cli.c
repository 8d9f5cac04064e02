/* SPDX-License-Identifier: MIT */
/*
 * fuzz_cli.c - the command's option parsers: the input's first byte picks
 * one; the rest is its text (--size, --bbox, --window, a count, a date),
 * or, lines apart, the words after `render` (sm_cli_map_parse: every map
 * option, the style and the theatre read as `render` reads them). What is
 * accepted is within the limits the command promises.
 */
#include "fuzz.h"

#include <math.h>

#include "cli/cli.h"

static FILE *quiet;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_project_root(argv);
    quiet = fopen("/dev/null", "w");
    return quiet ? 0 : 1;
}

static void
values(const char *text)
{
    int w, h, n;
    double box[4];
    sm_day day;

    if (sm_cli_size("render", text, &w, &h)) {
        char again[32];
        int w2, h2;
        FUZZ_ASSERT(w >= SM_CLI_MIN_SIDE && w <= SM_CLI_MAX_SIDE && h >= SM_CLI_MIN_SIDE &&
                    h <= SM_CLI_MAX_SIDE && (double)w * h <= SM_CLI_MAX_PIXELS);
        snprintf(again, sizeof(again), "%dx%d", w, h);
        FUZZ_ASSERT(sm_cli_size("render", again, &w2, &h2) && w2 == w && h2 == h);
    }
    if (sm_cli_bbox("render", text, box))
        FUZZ_ASSERT(isfinite(box[0]) && isfinite(box[1]) && box[0] >= -180 &&
                    box[0] < box[2] && box[2] <= 180 && box[1] >= -85 && box[1] < box[3] &&
                    box[3] <= 85);
    if (sm_cli_window("render", text, &n))
        FUZZ_ASSERT(n >= 1 && n <= SM_CLI_MAX_WINDOW);
    if (sm_cli_count("series", "--jobs", text, &n))
        FUZZ_ASSERT(n >= 1);
    if (sm_cli_day("render", "--date", text, &day)) {
        int y, mo, d;
        sm_day_to_ymd(day, &y, &mo, &d);
        FUZZ_ASSERT(y >= 1 && y <= 9999);
    }
}

static void
map_options(char *text)
{
    char *argv[34] = { "render" };
    int argc = 1, rc;
    sm_cli cli = { .db_path = "unused.db", .theatre = "syria", .verbosity = 0 };
    sm_cli_map m;
    sm_error err = { 0 };

    for (char *line = text; line && argc < 33; argc++) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        argv[argc] = line;
        line = nl ? nl + 1 : NULL;
    }
    argv[argc] = NULL;
    rc = sm_cli_map_parse(&cli, "render", argc, argv, &m);
    FUZZ_ASSERT(rc < 0 || rc == SM_EXIT_OK || rc == SM_EXIT_FAIL || rc == SM_EXIT_USAGE);
    if (rc < 0) {
        const sm_render_opts *o = &m.o;
        FUZZ_ASSERT(o->width_px >= SM_CLI_MIN_SIDE && o->width_px <= SM_CLI_MAX_SIDE &&
                    o->height_px >= SM_CLI_MIN_SIDE && o->height_px <= SM_CLI_MAX_SIDE);
        FUZZ_ASSERT(m.window_days >= 1 && m.window_days <= SM_CLI_MAX_WINDOW);
        FUZZ_ASSERT(o->west < o->east && o->south < o->north);
        FUZZ_ASSERT(o->style && sm_style_check(o->style, &err) == SM_OK);
        /* the words never overwrite the map, and the map carries them */
        FUZZ_ASSERT(m.alt_text == NULL || (strcmp(m.alt_text, m.out) != 0 &&
                                           o->description == m.description));
    }
    sm_cli_map_free(&m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    FILE *saved = stderr;

    if (size == 0)
        return 0;
    text = fuzz_cstr(data + 1, size - 1);
    stderr = quiet;                     /* the usage messages, by the million */
    if (data[0] & 1)
        map_options(text);
    else
        values(text);
    stderr = saved;
    free(text);
    return 0;
}
