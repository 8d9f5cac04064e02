/* SPDX-License-Identifier: MIT */
/* cmd_export.c - `sitmap export --date D [--layer L] [--window N] -o FILE`. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>

static const char usage_text[] =
    "usage: sitmap [--db PATH] export --date D [--layer zones|events|control]\n"
    "                  [--window DAYS] -o FILE.geojson|gpkg|csv|kml\n\n"
    "Write the situation as of D: the zones valid on D (default), each place's\n"
    "controller on D, or the events up to D (with --window, the DAYS days ending\n"
    "on D). The format follows the extension; the file imports back unchanged.\n";

enum { OPT_DATE = 256, OPT_LAYER, OPT_WINDOW };

int
sm_cli_export(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "date", required_argument, NULL, OPT_DATE },
        { "layer", required_argument, NULL, OPT_LAYER },
        { "window", required_argument, NULL, OPT_WINDOW },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    sm_export_opts o = { .layer = SM_LAYER_ZONES, .day = SM_DAY_NONE };
    sm_error err = { 0 };
    sm_store *db = NULL;
    long n = 0;
    double t0;
    int c;

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
            if (!sm_layer_parse(optarg, &o.layer))
                return sm_cli_usage("export", "--layer \"%s\": want zones, events or control",
                                    optarg);
            break;
        case OPT_WINDOW:
            if (!sm_cli_count("export", "--window", optarg, &o.window_days))
                return SM_EXIT_USAGE;
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
    if (sm_store_open(cli->db_path, SM_STORE_READ, &db, &err) != SM_OK)
        return sm_cli_fail(&err);
    t0 = sm_cli_now();
    if (sm_export(db, &o, &n, &err) != SM_OK) {
        sm_store_close(db);
        return sm_cli_fail(&err);
    }
    sm_store_close(db);
    sm_cli_say(cli, "%s: %ld %s", o.path, n,
               o.layer == SM_LAYER_CONTROL ? "control records" : sm_layer_name(o.layer));
    if (cli->verbosity > 1)
        sm_cli_say(cli, " (%.3f s)", sm_cli_now() - t0);
    sm_cli_say(cli, "\n");
    return SM_EXIT_OK;
}
