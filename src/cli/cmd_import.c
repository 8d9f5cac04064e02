/* SPDX-License-Identifier: MIT */
/* cmd_import.c - `sitmap import events|zones|control FILE [options]`. */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: sitmap [--db PATH] import events FILE|- [--layer L] [--format F] [--source LABEL]\n"
    "                  [--trust-coordinates]\n"
    "       sitmap [--db PATH] import zones FILE|- [--layer L] (--faction ID | --faction-field F)\n"
    "                  [--from DATE] [--to DATE] [--status S] [--source LABEL]\n"
    "       sitmap [--db PATH] import control FILE|- [--layer L] [--source LABEL]\n"
    "       sitmap [--db PATH] import acled-deletions FILE|-\n\n"
    "Import through GDAL/OGR (CSV, ACLED exports, GeoJSON, KML, GeoPackage, Shapefile)\n"
    "as one transaction: a bad row rejects the whole file. FILE may be anything GDAL\n"
    "opens (/vsizip/a.zip/e.csv, /vsicurl/URL, PG:...); - is standard input (CSV\n"
    "unless --format or GDAL's detection says otherwise). Each import is a batch\n"
    "(`sitmap history`, `sitmap undo`). acled-deletions applies ACLED's list of\n"
    "deleted events (event_id_cnty, deleted_timestamp).\n\n"
    "  --layer L          the layer to read (default: the first)\n"
    "  --format F         auto, acled, csv, geojson, kml, gpkg or shp (default auto)\n"
    "  --source LABEL     the dataset's label (default: the file name; stdin for -)\n"
    "events:\n"
    "  --trust-coordinates  keep a row whose point lies over 50 km from every place\n"
    "                     of the name it gives (else it is refused)\n"
    "zones:\n"
    "  --faction ID       every zone belongs to faction ID, or\n"
    "  --faction-field F  the faction is in field F (default: a \"faction\" field)\n"
    "  --from DATE        zones hold from DATE (default: a \"valid_from\" field)\n"
    "  --to DATE          until DATE, exclusive (default: a \"valid_to\" field, else open)\n"
    "  --status S         held, contested, besieged or claimed (default: a \"status\"\n"
    "                     field, else held)\n";

enum { OPT_LAYER = 256, OPT_FORMAT, OPT_SOURCE, OPT_FACTION, OPT_FACTION_FIELD,
       OPT_FROM, OPT_TO, OPT_STATUS, OPT_TRUST };

static int
parse_options(int argc, char **argv, sm_ingest_opts *o, bool *zone_opts)
{
    static const struct option longopts[] = {
        { "layer", required_argument, NULL, OPT_LAYER },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "source", required_argument, NULL, OPT_SOURCE },
        { "faction", required_argument, NULL, OPT_FACTION },
        { "faction-field", required_argument, NULL, OPT_FACTION_FIELD },
        { "from", required_argument, NULL, OPT_FROM },
        { "to", required_argument, NULL, OPT_TO },
        { "status", required_argument, NULL, OPT_STATUS },
        { "trust-coordinates", no_argument, NULL, OPT_TRUST },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage_text, stdout); return SM_EXIT_OK;
        case OPT_LAYER: o->layer = optarg; break;
        case OPT_SOURCE: o->source = optarg; break;
        case OPT_TRUST: o->trust_coordinates = true; break;
        case OPT_FORMAT:
            if (sm_cli_gdal() == NULL)
                return SM_EXIT_FAIL;
            if (!sm_cli_gdal()->format_parse(optarg, &o->format))
                return sm_cli_usage("import", "--format \"%s\": want auto, acled, csv,"
                                    " geojson, kml, gpkg or shp", optarg);
            break;
        case OPT_FACTION: o->faction = optarg; *zone_opts = true; break;
        case OPT_FACTION_FIELD: o->faction_field = optarg; *zone_opts = true; break;
        case OPT_STATUS: o->status = optarg; *zone_opts = true; break;
        case OPT_FROM:
            *zone_opts = true;
            if (!sm_cli_day("import", "--from", optarg, &o->valid_from))
                return SM_EXIT_USAGE;
            break;
        case OPT_TO:
            *zone_opts = true;
            if (!sm_cli_day("import", "--to", optarg, &o->valid_to))
                return SM_EXIT_USAGE;
            break;
        default: return sm_cli_usage("import", "bad option");
        }
    }
    return -1;
}

static void
report(const sm_cli *cli, const char *kind, const char *path, const sm_ingest_report *r,
       double seconds)
{
    sm_cli_say(cli, "%s: %ld %s: %ld new, %ld updated", path, r->rows, kind, r->added,
               r->updated);
    if (r->same)
        sm_cli_say(cli, ", %ld unchanged", r->same);
    if (r->kept)
        sm_cli_say(cli, ", %ld older than the database's (left as they were)", r->kept);
    if (r->repaired)
        sm_cli_say(cli, "; %ld %s repaired (made valid)", r->repaired,
                   r->repaired == 1 ? "geometry" : "geometries");
    if (r->geocoded)
        sm_cli_say(cli, "; %ld placed by the gazetteer", r->geocoded);
    if (r->unplaced)
        sm_cli_say(cli, "; %ld without coordinates, kept with %s place name%s", r->unplaced,
                   r->unplaced == 1 ? "its" : "their", r->unplaced == 1 ? "" : "s");
    if (cli->verbosity > 1)
        sm_cli_say(cli, " (%.3f s, %.0f rows/s)", seconds, r->rows / (seconds > 0 ? seconds : 1));
    sm_cli_say(cli, "; batch %" PRId64 "\n", r->batch);
    if (r->seen_in)
        sm_cli_say(cli, "%s: the same file as batch %" PRId64 " (see `sitmap history`)\n",
                   path, r->seen_in);
}

/* The gazetteer, loaded when the first row needs it. */
typedef struct lazy_gazetteer {
    sm_cli *cli;
    sm_store *db;
    const sm_theatre *theatre;
    sm_gaz *gaz;
    bool tried;
} lazy_gazetteer;

static const sm_gaz *
load_gazetteer(void *user)
{
    lazy_gazetteer *l = user;

    if (!l->tried) {
        l->tried = true;
        l->gaz = sm_cli_load_gazetteer(l->cli, l->db, l->theatre);
    }
    return l->gaz;
}

int
sm_cli_import(sm_cli *cli, int argc, char **argv)
{
    sm_ingest_opts o = SM_INGEST_OPTS_INIT;
    sm_ingest_report rep = { 0 };
    sm_error err = { 0 };
    sm_store *db = NULL;
    bool zone_opts = false;
    const char *kind, *path;
    lazy_gazetteer lazy = { 0 };
    sm_cli_factions factions;
    sm_theatre t;
    const sm_gdal_api *api;
    double t0;
    sm_status st;
    int rc = parse_options(argc, argv, &o, &zone_opts);

    if (rc >= 0)
        return rc;
    if (argc - optind != 2)
        return sm_cli_usage("import", "want a kind (events, zones, control or"
                            " acled-deletions) and a file");
    kind = argv[optind];
    path = argv[optind + 1];
    if (strcmp(kind, "events") && strcmp(kind, "zones") && strcmp(kind, "control") &&
        strcmp(kind, "acled-deletions"))
        return sm_cli_usage("import", "unknown kind \"%s\" (events, zones, control or"
                            " acled-deletions)", kind);
    if (zone_opts && strcmp(kind, "zones") != 0)
        return sm_cli_usage("import", "--faction, --faction-field, --from, --to and"
                            " --status are for zones");
    if (o.faction && o.faction_field)
        return sm_cli_usage("import", "give --faction or --faction-field, not both");
    if ((api = sm_cli_gdal()) == NULL)
        return SM_EXIT_FAIL;
    /* the theatre: rows placed by name, its country first; its factions */
    if ((rc = sm_cli_theatre(cli, &t)) >= 0)
        return rc;
    if (sm_cli_store_open(cli, SM_STORE_WRITE, &db, &err) != SM_OK ||
        sm_cli_known_factions(db, &t, &factions, &err) != SM_OK) {
        sm_store_close(db);
        sm_theatre_free(&t);
        return sm_cli_fail(&err);
    }
    o.factions = factions.list;
    o.nfactions = factions.n;
    t0 = sm_cli_now();
    lazy.cli = cli;
    lazy.db = db;
    lazy.theatre = &t;
    o.load_gaz = load_gazetteer;
    o.load_gaz_user = &lazy;
    if (strcmp(kind, "events") == 0)
        st = api->ingest_events(db, path, &o, &rep, &err);
    else if (strcmp(kind, "zones") == 0)
        st = api->ingest_zones(db, path, &o, &rep, &err);
    else if (strcmp(kind, "acled-deletions") == 0)
        st = api->ingest_acled_deletions(db, path, &o, &rep, &err);
    else
        st = api->ingest_control(db, path, &o, &rep, &err);
    sm_store_close(db);
    sm_gaz_free(lazy.gaz);
    sm_theatre_free(&t);
    if (st != SM_OK)
        return sm_cli_fail(&err);
    if (strcmp(path, "-") == 0)
        path = "standard input";
    if (strcmp(kind, "acled-deletions") == 0)
        sm_cli_say(cli, "%s: %ld deletions: %ld events deleted, %ld not stored or updated"
                   " since; batch %" PRId64 "\n", path, rep.rows, rep.removed, rep.same,
                   rep.batch);
    else
        report(cli, strcmp(kind, "control") == 0 ? "control records" : kind, path, &rep,
               sm_cli_now() - t0);
    return SM_EXIT_OK;
}
