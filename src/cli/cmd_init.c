/* SPDX-License-Identifier: MIT */
/* cmd_init.c - `sitmap init`: create the database, or upgrade it in place,
 * load the shipped gazetteer into it when it has none, and record the
 * theatre's country as the gazetteer's. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>

/* A gazetteer made before the countries and cities abroad were shipped
 * (gazetteer/world.tsv) gets them, its other places kept. */
static int
add_world(sm_cli *cli, sm_store *db, const char *dir, const sm_theatre *t)
{
    sm_gaz_load_report rep = { 0 };
    sm_error err = { 0 };
    sm_gaz *gaz = NULL;
    int rc = SM_EXIT_OK;

    if (sm_store_gazetteer_load(db, &gaz, &err) != SM_OK ||
        sm_gaz_set_country(gaz, t->country, &err) != SM_OK) {
        sm_gaz_free(gaz);
        return sm_cli_fail(&err);
    }
    if (!sm_gaz_has_world(gaz)) {
        if (sm_gaz_load_world(gaz, dir, &rep, &err) != SM_OK ||
            sm_gaz_finish(gaz, &err) != SM_OK || sm_store_gazetteer_save(db, gaz, &err) != SM_OK)
            rc = sm_cli_fail(&err);
        else
            sm_cli_say(cli, "%s: gazetteer: %ld countries and cities abroad added from %s\n",
                       cli->db_path, rep.places, dir);
    }
    sm_gaz_free(gaz);
    return rc;
}

/* Load gazetteer/ into a database whose gazetteer is empty. */
static int
load_shipped_gazetteer(sm_cli *cli, sm_store *db, const sm_theatre *t)
{
    char dir[4096];
    sm_store_stats s = { 0 };
    sm_gaz_load_report rep = { 0 };
    sm_error err = { 0 };
    sm_gaz *gaz = NULL;

    if (sm_store_stats_get(db, &s, &err) != SM_OK)
        return sm_cli_fail(&err);
    if (!sm_cli_data_dir("gazetteer", dir, sizeof(dir))) {
        if (s.places == 0)
            fprintf(stderr, "sitmap: warning: no gazetteer folder found (set SITMAP_DATA);"
                    " place names will not be geocoded\n");
        return SM_EXIT_OK;
    }
    if (s.places > 0)
        return add_world(cli, db, dir, t);
    if (sm_gaz_new(&gaz, &err) != SM_OK || sm_gaz_set_country(gaz, t->country, &err) != SM_OK ||
        sm_gaz_load_dir(gaz, dir, &rep, &err) != SM_OK ||
        sm_store_gazetteer_save(db, gaz, &err) != SM_OK) {
        sm_gaz_free(gaz);
        return sm_cli_fail(&err);
    }
    sm_cli_say(cli, "%s: gazetteer: %d places (%ld curated rows merged into places already"
               " known) from %s\n", cli->db_path, sm_gaz_count(gaz), rep.merged, dir);
    sm_gaz_free(gaz);
    return SM_EXIT_OK;
}

int
sm_cli_init(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = { { "help", no_argument, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    sm_error err = { 0 };
    sm_theatre t;
    sm_store *db;
    int c, found;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            printf("usage: sitmap [--db PATH] init\n\n"
                   "Create the database, or upgrade an older one keeping its data,\n"
                   "load the shipped gazetteer into it when it has none, and record\n"
                   "the theatre's country (--theatre) as the gazetteer's.\n");
            return SM_EXIT_OK;
        }
        return sm_cli_usage("init", "bad option");
    }
    if (optind < argc)
        return sm_cli_usage("init", "unexpected argument \"%s\"", argv[optind]);
    if ((c = sm_cli_theatre(cli, &t)) >= 0)
        return c;
    if (sm_store_open(cli->db_path, SM_STORE_CREATE, &db, &err) != SM_OK) {
        sm_theatre_free(&t);
        return sm_cli_fail(&err);
    }
    found = sm_store_schema_version_found(db);
    if (found == 0)
        sm_cli_say(cli, "%s: created (schema %d)\n", cli->db_path, SM_STORE_SCHEMA_VERSION);
    else if (found < SM_STORE_SCHEMA_VERSION)
        sm_cli_say(cli, "%s: upgraded from schema %d to %d\n", cli->db_path, found,
                   SM_STORE_SCHEMA_VERSION);
    else
        sm_cli_say(cli, "%s: up to date (schema %d)\n", cli->db_path, found);
    c = load_shipped_gazetteer(cli, db, &t);
    if (c == SM_EXIT_OK && sm_store_gazetteer_set_country(db, t.country, &err) != SM_OK)
        c = sm_cli_fail(&err);
    sm_store_close(db);
    sm_theatre_free(&t);
    return c;
}
