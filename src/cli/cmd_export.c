/* SPDX-License-Identifier: MIT */
/* cmd_export.c - `sitmap export --date D [--layer L] [--window N] [--tolerance KM] -o FILE`. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char usage_text[] =
    "usage: sitmap [--db PATH] export --date D\n"
    "                  [--layer zones|events|control|frontlines|derived]\n"
    "                  [--window DAYS] [--tolerance KM] -o FILE.geojson|gpkg|csv|kml\n\n"
    "Write the situation as of D: the zones valid on D (default), each place's\n"
    "controller on D, the events up to D (with --window, the DAYS days ending\n"
    "on D), the zones derived from the control points on D (as the maps draw\n"
    "them, lighter), or the front lines where factions' zones meet on D (each with its\n"
    "left and right faction and the side that advanced over --window DAYS,\n"
    "default 7; zones digitised apart meet within --tolerance KM, default that\n"
    "of the newsroom style). The format follows the extension; zones, events and\n"
    "control import back unchanged.\n";

enum { OPT_DATE = 256, OPT_LAYER, OPT_WINDOW, OPT_TOLERANCE };

int
sm_cli_export(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "date", required_argument, NULL, OPT_DATE },
        { "layer", required_argument, NULL, OPT_LAYER },
        { "window", required_argument, NULL, OPT_WINDOW },
        { "tolerance", required_argument, NULL, OPT_TOLERANCE },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    sm_export_opts o = { .layer = SM_LAYER_ZONES, .day = SM_DAY_NONE };
    sm_style defaults;
    const sm_gdal_api *api = NULL;
    char basemap[4200];
    void *clip = NULL;
    sm_error err = { 0 };
    char *end;
    sm_store *db = NULL;
    long n = 0;
    double t0;
    int c;

    sm_style_defaults(&defaults);
    o.tolerance_km = defaults.front_tolerance_km;
    o.derived_max_km = defaults.derived_max_km;
    optind = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage_text, stdout); return SM_EXIT_OK;
        case 'o': o.path = optarg; break;
        case OPT_DATE:
            if (!sm_cli_day("export", "--date", optarg, &o.day))
                return SM_EXIT_USAGE;
            break;
        case OPT_LAYER:
            if (api == NULL && (api = sm_cli_gdal()) == NULL)
                return SM_EXIT_FAIL;
            if (!api->layer_parse(optarg, &o.layer))
                return sm_cli_usage("export", "--layer \"%s\": want zones, events, control,"
                                    " frontlines or derived", optarg);
            break;
        case OPT_WINDOW:
            if (!sm_cli_count("export", "--window", optarg, &o.window_days))
                return SM_EXIT_USAGE;
            break;
        case OPT_TOLERANCE:
            o.tolerance_km = strtod(optarg, &end);
            if (end == optarg || *end || !(o.tolerance_km >= 0 && o.tolerance_km <= 50))
                return sm_cli_usage("export", "--tolerance \"%s\": want kilometres, 0 to 50",
                                    optarg);
            break;
        default: return sm_cli_usage("export", "bad option");
        }
    }
    if (optind < argc)
        return sm_cli_usage("export", "unexpected argument \"%s\"", argv[optind]);
    if (o.day == SM_DAY_NONE)
        return sm_cli_usage("export", "--date is required");
    if (o.path == NULL)
        return sm_cli_usage("export", "-o FILE is required");
    if (api == NULL && (api = sm_cli_gdal()) == NULL)
        return SM_EXIT_FAIL;
    if ((o.layer == SM_LAYER_DERIVED || o.layer == SM_LAYER_FRONTLINES) &&
        sm_cli_basemap(basemap, sizeof(basemap))) {
        /* derived zones stop at the country's border */
        if (sm_render_country(basemap, &clip, &err) != SM_OK)
            return sm_cli_fail(&err);
        o.clip = clip;
    }
    if (sm_store_open(cli->db_path, SM_STORE_READ, &db, &err) != SM_OK) {
        gaiaFreeGeomColl(clip);
        return sm_cli_fail(&err);
    }
    t0 = sm_cli_now();
    if (api->export_layer(db, &o, &n, &err) != SM_OK) {
        sm_store_close(db);
        gaiaFreeGeomColl(clip);
        return sm_cli_fail(&err);
    }
    sm_store_close(db);
    gaiaFreeGeomColl(clip);
    sm_cli_say(cli, "%s: %ld %s", o.path, n,
               o.layer == SM_LAYER_CONTROL ? "control records" : api->layer_name(o.layer));
    if (cli->verbosity > 1)
        sm_cli_say(cli, " (%.3f s)", sm_cli_now() - t0);
    sm_cli_say(cli, "\n");
    return SM_EXIT_OK;
}
