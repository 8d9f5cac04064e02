/* SPDX-License-Identifier: MIT */
/*
 * cmd_render.c - `sitmap render --date D [--window DAYS] [--region NAME |
 * --bbox W,S,E,N] [--size WxH | --preset P] [--style NAME|FILE] [--title T]
 * [--subtitle T] [--lang en|ar|en+ar] [--no-inset] -o OUT.png|svg|pdf`.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: sitmap [--db PATH] render --date D [--window DAYS] [--region NAME | --bbox W,S,E,N]\n"
    "                  [--size WxH | --preset hd|square|social|a4] [--style NAME|FILE]\n"
    "                  [--title TEXT] [--subtitle TEXT] [--lang en|ar|en+ar] [--no-inset]\n"
    "                  -o OUT.png|svg|pdf\n\n"
    "Draw the situation as of D: zones and control valid on D, the events of the DAYS\n"
    "days ending on D (default 7), place labels, legend, scale bar and credits, and a\n"
    "locator inset when the map shows a part of the country.\n"
    "Regions are named boxes in data/regions.tsv (default syria).\n";

/* A named region from data/regions.tsv. */
static bool
region_box(const char *name, sm_render_opts *o)
{
    char dir[4096], path[4200], line[512];
    FILE *fp;
    bool found = false;

    if (!sm_cli_data_dir("data", dir, sizeof(dir)))
        return false;
    snprintf(path, sizeof(path), "%s/regions.tsv", dir);
    if ((fp = fopen(path, "r")) == NULL)
        return false;
    while (!found && fgets(line, sizeof(line), fp)) {
        char n[64];
        if (sscanf(line, "%63[^\t]\t%lf\t%lf\t%lf\t%lf", n, &o->west, &o->south, &o->east,
                   &o->north) == 5 && strcmp(n, name) == 0)
            found = true;
    }
    fclose(fp);
    return found;
}

static bool
preset(const char *name, sm_render_opts *o)
{
    static const struct { const char *name; int w, h; } presets[] = {
        { "hd", 1920, 1080 }, { "square", 1080, 1080 }, { "social", 1200, 675 },
        { "a4", 1123, 794 },  /* A4 landscape at 96 px an inch: 842 x 595 pt */
    };
    for (size_t i = 0; i < SM_LEN(presets); i++) {
        if (strcmp(name, presets[i].name) == 0) {
            o->width_px = presets[i].w;
            o->height_px = presets[i].h;
            return true;
        }
    }
    return false;
}

static int
load_style(const char *name, sm_style *s)
{
    char dir[4096], path[4200];
    sm_error err = { 0 };

    sm_style_defaults(s);
    if (strchr(name, '/') || strstr(name, ".json"))
        snprintf(path, sizeof(path), "%s", name);
    else if (sm_cli_data_dir("styles", dir, sizeof(dir)))
        snprintf(path, sizeof(path), "%s/%s.json", dir, name);
    else
        return sm_cli_usage("render", "no styles folder found (set SITMAP_DATA)");
    if (sm_style_load(path, s, &err) != SM_OK)
        return sm_cli_fail(&err);
    return -1;
}

enum { OPT_DATE = 256, OPT_WINDOW, OPT_REGION, OPT_BBOX, OPT_SIZE, OPT_PRESET, OPT_STYLE,
       OPT_TITLE, OPT_SUBTITLE, OPT_LANG, OPT_NO_INSET };

static const struct option longopts[] = {
    { "date", required_argument, NULL, OPT_DATE },
    { "window", required_argument, NULL, OPT_WINDOW },
    { "region", required_argument, NULL, OPT_REGION },
    { "bbox", required_argument, NULL, OPT_BBOX },
    { "size", required_argument, NULL, OPT_SIZE },
    { "preset", required_argument, NULL, OPT_PRESET },
    { "style", required_argument, NULL, OPT_STYLE },
    { "title", required_argument, NULL, OPT_TITLE },
    { "subtitle", required_argument, NULL, OPT_SUBTITLE },
    { "lang", required_argument, NULL, OPT_LANG },
    { "no-inset", no_argument, NULL, OPT_NO_INSET },
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

int
sm_cli_render_option(const char *arg)
{
    if (strncmp(arg, "--", 2) != 0)
        return 0;
    for (size_t i = 0; longopts[i].name; i++) {
        const char *n = longopts[i].name;
        if (strcmp(arg + 2, n) == 0)     /* the map's own: not the date, file or help */
            return !strcmp(n, "date") || !strcmp(n, "output") || !strcmp(n, "help") ? 0
                   : longopts[i].has_arg == required_argument                     ? 2
                                                                                   : 1;
    }
    return 0;
}

int
sm_cli_render(sm_cli *cli, int argc, char **argv)
{
    return sm_cli_render_with(cli, argc, argv, NULL);
}

int
sm_cli_render_with(sm_cli *cli, int argc, char **argv, const sm_diff *change)
{
    sm_render_opts o = { .day = SM_DAY_NONE, .window_days = 7, .width_px = 1920,
                         .height_px = 1080, .lang = SM_LANG_EN, .change = change };
    sm_render_report rep = { 0 };
    const char *out = NULL, *region = "syria", *style = "newsroom";
    char basemap[4200];
    bool have_box = false;
    sm_style s;
    sm_error err = { 0 };
    sm_store *db = NULL;
    double t0 = sm_cli_now();
    int c, rc;

    optind = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage_text, stdout); return SM_EXIT_OK;
        case 'o': out = optarg; break;
        case OPT_DATE:
            if (!sm_cli_day("render", "--date", optarg, &o.day))
                return SM_EXIT_USAGE;
            break;
        case OPT_WINDOW:
            if (!sm_cli_count("render", "--window", optarg, &o.window_days))
                return SM_EXIT_USAGE;
            break;
        case OPT_REGION: region = optarg; break;
        case OPT_BBOX:
            if (sscanf(optarg, "%lf,%lf,%lf,%lf", &o.west, &o.south, &o.east, &o.north) != 4)
                return sm_cli_usage("render", "--bbox \"%s\": want W,S,E,N in degrees", optarg);
            have_box = true;
            break;
        case OPT_SIZE:
            if (sscanf(optarg, "%dx%d", &o.width_px, &o.height_px) != 2)
                return sm_cli_usage("render", "--size \"%s\": want WIDTHxHEIGHT", optarg);
            break;
        case OPT_PRESET:
            if (!preset(optarg, &o))
                return sm_cli_usage("render", "--preset \"%s\": want hd, square, social or a4",
                                    optarg);
            break;
        case OPT_STYLE: style = optarg; break;
        case OPT_TITLE: o.title = optarg; break;
        case OPT_SUBTITLE: o.subtitle = optarg; break;
        case OPT_NO_INSET: o.no_inset = true; break;
        case OPT_LANG:
            if (strcmp(optarg, "en") == 0)
                o.lang = SM_LANG_EN;
            else if (strcmp(optarg, "ar") == 0)
                o.lang = SM_LANG_AR;
            else if (strcmp(optarg, "en+ar") == 0)
                o.lang = SM_LANG_EN_AR;
            else
                return sm_cli_usage("render", "--lang \"%s\": want en, ar or en+ar", optarg);
            break;
        default: return sm_cli_usage("render", "bad option");
        }
    }
    if (optind < argc)
        return sm_cli_usage("render", "unexpected argument \"%s\"", argv[optind]);
    if (o.day == SM_DAY_NONE)
        return sm_cli_usage("render", "--date is required");
    if (out == NULL)
        return sm_cli_usage("render", "-o OUT.png|svg|pdf is required");
    if (!have_box && !region_box(region, &o))
        return sm_cli_usage("render", "unknown region \"%s\" (see data/regions.tsv)", region);
    if ((rc = load_style(style, &s)) >= 0)
        return rc;
    o.style = &s;
    if (sm_cli_basemap(basemap, sizeof(basemap)))
        o.basemap = basemap;
    if (sm_store_open(cli->db_path, SM_STORE_READ, &db, &err) != SM_OK)
        return sm_cli_fail(&err);
    if (sm_render(db, &o, out, &rep, &err) != SM_OK) {
        sm_store_close(db);
        return sm_cli_fail(&err);
    }
    sm_store_close(db);
    if (rep.warning[0])
        fprintf(stderr, "sitmap: warning: %s\n", rep.warning);
    sm_cli_say(cli, "%s: %d zones, %d control points, %d events in %d symbols, %d labels",
               out, rep.zones, rep.control_points, rep.events, rep.symbols, rep.labels_placed);
    if (cli->verbosity > 1)
        sm_cli_say(cli, " (%d left out for lack of room) in %.2f s", rep.labels_dropped,
                   sm_cli_now() - t0);
    sm_cli_say(cli, "\n");
    if (cli->verbosity > 1)
        sm_cli_say(cli, "  ms: basemap %.0f, zones %.0f, changes %.0f, events %.0f, fronts %.0f,"
                        " furniture %.0f, labels %.0f, output %.0f\n", rep.phase_ms[0],
                   rep.phase_ms[1], rep.phase_ms[2], rep.phase_ms[3], rep.phase_ms[4],
                   rep.phase_ms[5], rep.phase_ms[6], rep.phase_ms[7]);
    return SM_EXIT_OK;
}
