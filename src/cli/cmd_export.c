/* SPDX-License-Identifier: MIT */
/* cmd_export.c - `sitmap export --date D [--layer L] [--window N] [--tolerance KM]
 * [--style S] [--format F] -o FILE|-`. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: sitmap [--db PATH] export --date D\n"
    "                  [--layer zones|events|control|frontlines|derived]\n"
    "                  [--window DAYS] [--tolerance KM] [--style NAME|FILE]\n"
    "                  [--format geojson|gpkg|csv|kml|acled]\n"
    "                  -o FILE.geojson|gpkg|csv|kml|-\n\n"
    "Write the situation as of D: the zones valid on D (default), each place's\n"
    "controller on D, the events up to D (with --window, the DAYS days ending\n"
    "on D), the zones derived from the control points on D (as the maps draw\n"
    "them, lighter), or the front lines where factions' zones meet on D (each with its\n"
    "left and right faction and the side that advanced over --window DAYS,\n"
    "default 7; zones digitised apart meet within --tolerance KM, default that\n"
    "of the style). The style (default newsroom, as for render) gives the derived\n"
    "zones' reach, the fronts' tolerance and the allies, between whom no front is\n"
    "drawn, so that the layers are those of its maps. The format follows the\n"
    "extension, or --format (needed for -o -, standard output: geojson, csv,\n"
    "kml or acled); zones, events and control import back unchanged. KML has\n"
    "names, dates for Google Earth's time slider, and the style's faction and\n"
    "event colours. --format acled writes the events in ACLED's CSV layout: its\n"
    "31 columns, each as the imported ACLED file had it, then any other column\n"
    "the files had.\n";

enum { OPT_DATE = 256, OPT_LAYER, OPT_WINDOW, OPT_TOLERANCE, OPT_STYLE, OPT_FORMAT };

int
sm_cli_export(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "date", required_argument, NULL, OPT_DATE },
        { "layer", required_argument, NULL, OPT_LAYER },
        { "window", required_argument, NULL, OPT_WINDOW },
        { "tolerance", required_argument, NULL, OPT_TOLERANCE },
        { "style", required_argument, NULL, OPT_STYLE },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    sm_export_opts o = SM_EXPORT_OPTS_INIT;
    sm_situation_opts so = SM_SITUATION_OPTS_INIT;
    sm_situation *sit = NULL;
    sm_style style;
    sm_theatre t;
    const char *style_name = "newsroom", *allies[2 * SM_STYLE_MAX_ALLIES];
    double tolerance = -1;
    const sm_gdal_api *api = NULL;
    char basemap[4200];
    sm_mpoly border = SM_MPOLY_INIT;
    sm_error err = { 0 };
    sm_day day = SM_DAY_NONE;
    sm_store *db = NULL;
    long n = 0;
    double t0;
    int c, window = 0, rc = SM_EXIT_OK;
    bool layer_given = false, acled;

    optind = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage_text, stdout); return SM_EXIT_OK;
        case 'o': o.path = optarg; break;
        case OPT_DATE:
            if (!sm_cli_day("export", "--date", optarg, &day))
                return SM_EXIT_USAGE;
            break;
        case OPT_LAYER:
            if (api == NULL && (api = sm_cli_gdal()) == NULL)
                return SM_EXIT_FAIL;
            if (!api->layer_parse(optarg, &o.layer))
                return sm_cli_usage("export", "--layer \"%s\": want zones, events, control,"
                                    " frontlines or derived", optarg);
            layer_given = true;
            break;
        case OPT_WINDOW:
            if (!sm_cli_window("export", optarg, &window))
                return SM_EXIT_USAGE;
            break;
        case OPT_TOLERANCE:
            if (!sm_text_to_double(optarg, &tolerance) || !(tolerance >= 0 && tolerance <= 50))
                return sm_cli_usage("export", "--tolerance \"%s\": want kilometres, 0 to 50",
                                    optarg);
            break;
        case OPT_STYLE: style_name = optarg; break;
        case OPT_FORMAT: o.format = optarg; break;
        default: return sm_cli_usage("export", "bad option");
        }
    }
    if (optind < argc)
        return sm_cli_usage("export", "unexpected argument \"%s\"", argv[optind]);
    acled = o.format && strcmp(o.format, "acled") == 0;
    if (acled && layer_given && o.layer != SM_LAYER_EVENTS)
        return sm_cli_usage("export", "--format acled writes events, not %s",
                            api->layer_name(o.layer));
    if (acled)
        o.layer = SM_LAYER_EVENTS;
    if (day == SM_DAY_NONE)
        return sm_cli_usage("export", "--date is required");
    if (o.path == NULL)
        return sm_cli_usage("export", "-o FILE is required");
    if (o.format && strcmp(o.format, "geojson") && strcmp(o.format, "gpkg") &&
        strcmp(o.format, "csv") && strcmp(o.format, "kml") && !acled)
        return sm_cli_usage("export", "--format \"%s\": want geojson, gpkg, csv, kml or"
                            " acled", o.format);
    if (strcmp(o.path, "-") == 0 && o.format == NULL)
        return sm_cli_usage("export", "-o - (standard output) needs --format geojson,"
                            " csv, kml or acled");
    if (strcmp(o.path, "-") == 0 && strcmp(o.format, "gpkg") == 0)
        return sm_cli_usage("export", "a GeoPackage cannot be written to standard output"
                            " (SQLite needs a file it can seek in): give -o FILE.gpkg");
    if (api == NULL && (api = sm_cli_gdal()) == NULL)
        return SM_EXIT_FAIL;
    /* the style's reach, tolerance and allies, as its maps have them */
    if ((rc = sm_cli_theatre(cli, &t)) >= 0)
        return rc;
    rc = sm_cli_load_style(style_name, &t, &style);
    if (rc >= 0) {
        sm_theatre_free(&t);
        return rc;
    }
    rc = SM_EXIT_OK;
    so.derived_max_km = style.derived_max_km;
    so.front_tolerance_km = tolerance >= 0 ? tolerance : style.front_tolerance_km;
    for (int i = 0; i < style.nallies; i++) {
        allies[2 * i] = style.allies[i][0];
        allies[2 * i + 1] = style.allies[i][1];
    }
    so.allies = allies;
    so.nallies = (size_t)style.nallies;
    /* events: the window, or every one up to the day; front lines: the side
     * that advanced over the window (default 7 days) */
    so.window_days = window > 0 ? window : SM_WINDOW_ALL;
    so.advance_days = window > 0 ? window : 7;
    api->export_needs(o.layer, &so);
    if (so.derived_max_km > 0 && sm_cli_basemap(basemap, sizeof(basemap)) &&
        sm_render_country(basemap, t.country_iso3, &border, &err) != SM_OK)
        rc = sm_cli_fail(&err);         /* derived zones stop at the country's border */
    sm_theatre_free(&t);
    if (rc != SM_EXIT_OK)
        return rc;
    so.clip = border.nrings > 0 ? &border : NULL;
    t0 = sm_cli_now();
    o.style = &style;   /* KML's colours: the style's, and the database's factions */
    if (sm_cli_store_open(cli, SM_STORE_READ, &db, &err) != SM_OK ||
        sm_cli_style_db_factions(db, &style, &err) != SM_OK ||
        sm_situation_build(db, day, &so, &sit, &err) != SM_OK ||
        api->export_layer(sit, &o, &n, &err) != SM_OK)
        rc = sm_cli_fail(&err);
    sm_store_close(db);
    sm_situation_free(sit);
    sm_mpoly_free(&border);
    if (rc != SM_EXIT_OK)
        return rc;
    /* the data went to standard output: the count goes to standard error */
    if (strcmp(o.path, "-") == 0) {
        if (cli->verbosity >= 1)
            fprintf(stderr, "standard output: %ld %s\n", n,
                    o.layer == SM_LAYER_CONTROL ? "control records" : api->layer_name(o.layer));
        return SM_EXIT_OK;
    }
    sm_cli_say(cli, "%s: %ld %s", o.path, n,
               o.layer == SM_LAYER_CONTROL ? "control records" : api->layer_name(o.layer));
    if (cli->verbosity > 1)
        sm_cli_say(cli, " (%.3f s)", sm_cli_now() - t0);
    sm_cli_say(cli, "\n");
    return SM_EXIT_OK;
}
