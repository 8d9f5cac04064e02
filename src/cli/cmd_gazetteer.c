/* SPDX-License-Identifier: MIT */
/*
 * cmd_gazetteer.c - `sitmap gazetteer import FILE...`: GeoNames dumps
 * (allCountries.txt, SY.txt, citiesN.txt, alternateNamesV2.txt) into the
 * database's gazetteer, merging rows with the places it already has. The
 * gazetteer is rewritten in one transaction.
 */
#include "cli/cli.h"

#include "core/buf.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char usage_text[] =
    "usage: sitmap [--db PATH] gazetteer import [--countries CC,...] [--everywhere]\n"
    "                  [--layer L] FILE...\n\n"
    "Add GeoNames dumps as published to the gazetteer: places files (allCountries.txt,\n"
    "SY.txt, cities500.txt, ...) and alternate names (alternateNamesV2.txt, given after\n"
    "the places they name). Rows of the same place as a known one (a shared spelling,\n"
    "within 5 km) are merged into it. By default the theatre's country (--theatre)\n"
    "is kept whole, and the other countries inside its gazetteer box.\n\n"
    "  --countries CC,...  keep these countries whole (default the theatre's)\n"
    "  --everywhere        keep every row\n"
    "  --layer L           read places from layer L of any OGR source (GeoPackage,\n"
    "                      GeoJSON, Shapefile, CSV...): a point layer with a name field\n"
    "                      and optionally population, name_ar, kind\n";

enum { OPT_COUNTRIES = 256, OPT_EVERYWHERE, OPT_LAYER };

/* A GeoNames dump (tab-separated text) or an OGR layer? */
static bool
is_ogr_source(const char *path, const char *layer)
{
    static const char *const exts[] = { ".gpkg", ".geojson", ".json", ".shp", ".kml", ".csv",
                                        ".sqlite" };
    size_t n = strlen(path);

    if (layer)
        return true;
    for (size_t i = 0; i < SM_LEN(exts); i++) {
        size_t k = strlen(exts[i]);
        if (n > k && strcasecmp(path + n - k, exts[i]) == 0)
            return true;
    }
    return false;
}

int
sm_cli_gazetteer(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "countries", required_argument, NULL, OPT_COUNTRIES },
        { "everywhere", no_argument, NULL, OPT_EVERYWHERE },
        { "layer", required_argument, NULL, OPT_LAYER },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    sm_gaz_load_opts o = SM_GAZ_LOAD_OPTS_INIT;
    sm_ingest_opts io = SM_INGEST_OPTS_INIT;
    sm_error err = { 0 };
    sm_store *db = NULL;
    sm_gaz *gaz = NULL;
    sm_buf said = SM_BUF_INIT;
    sm_theatre t;
    bool everywhere = false;
    double t0;
    int c, before;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage_text, stdout); return SM_EXIT_OK;
        case OPT_COUNTRIES: o.countries = optarg; break;
        case OPT_EVERYWHERE: everywhere = true; break;
        case OPT_LAYER: io.layer = optarg; break;
        default: return sm_cli_usage("gazetteer", "bad option");
        }
    }
    if (argc - optind < 2 || strcmp(argv[optind], "import") != 0)
        return sm_cli_usage("gazetteer", "want: gazetteer import FILE...");
    if ((c = sm_cli_theatre(cli, &t)) >= 0)
        return c;
    if (everywhere) {
        o.countries = NULL;
    } else {
        /* the theatre's country whole, the neighbours inside its box */
        if (o.countries == NULL)
            o.countries = t.country;
        o.has_box = true;
        o.west = t.gaz_west;
        o.south = t.gaz_south;
        o.east = t.gaz_east;
        o.north = t.gaz_north;
    }
    if (sm_cli_store_open(cli, SM_STORE_WRITE, &db, &err) != SM_OK) {
        sm_theatre_free(&t);
        return sm_cli_fail(&err);
    }
    t0 = sm_cli_now();
    /* Load what the database has, unfinished, so that rows can still be added. */
    if (sm_store_gazetteer_load(db, &gaz, &err) != SM_OK ||
        sm_gaz_set_country(gaz, t.country, &err) != SM_OK)
        goto fail;
    before = sm_gaz_count(gaz);
    for (int i = optind + 1; i < argc; i++) {
        sm_gaz_load_report rep = { 0 };
        if (is_ogr_source(argv[i], io.layer)) {
            const sm_gdal_api *api = sm_cli_gdal();
            if (api == NULL) {
                sm_buf_free(&said);
                sm_gaz_free(gaz);
                sm_store_close(db);
                sm_theatre_free(&t);
                return SM_EXIT_FAIL;
            }
            if (api->ingest_places(gaz, argv[i], &io, &rep, &err) != SM_OK)
                goto fail;
        } else if (sm_gaz_load_geonames(gaz, argv[i], &o, &rep, &err) != SM_OK) {
            goto fail;
        }
        /* said once the places are saved: until then nothing is done */
        if (sm_buf_printf(&said, "%s: %ld rows: %ld new places, %ld merged into known ones,"
                          " %ld names added, %ld rows left out\n", argv[i], rep.rows,
                          rep.places, rep.merged, rep.names, rep.skipped) != SM_OK) {
            sm_fail(&err, SM_ENOMEM, "out of memory");
            goto fail;
        }
    }
    if (sm_gaz_finish(gaz, &err) != SM_OK || sm_store_gazetteer_save(db, gaz, &err) != SM_OK)
        goto fail;
    sm_cli_say(cli, "%s", sm_buf_str(&said));
    sm_buf_free(&said);
    sm_cli_say(cli, "%s: gazetteer: %d places (%d before)", cli->db_path, sm_gaz_count(gaz),
               before);
    if (cli->verbosity > 1)
        sm_cli_say(cli, " in %.2f s", sm_cli_now() - t0);
    sm_cli_say(cli, "\n");
    sm_gaz_free(gaz);
    sm_store_close(db);
    sm_theatre_free(&t);
    return SM_EXIT_OK;
fail:
    sm_buf_free(&said);
    sm_gaz_free(gaz);
    sm_store_close(db);
    sm_theatre_free(&t);
    return sm_cli_fail(&err);
}
