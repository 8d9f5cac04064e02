/* SPDX-License-Identifier: MIT */
/* cmd_init.c - `sitmap init`: create the database, or upgrade it in place,
 * load the shipped gazetteer into it when it has none, and record the
 * theatre's country as the gazetteer's. */
#include "cli/cli.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

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

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A digest of the shipped gazetteer's files (their names and contents), in
 * hex: a new release of them gives another. */
static bool
shipped_digest(const char *dir, char out[17])
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *names[256], path[4096], buf[65536];
    size_t n = 0, got;
    uint64_t h = SM_HASH_INIT;

    if (d == NULL)
        return false;
    while ((e = readdir(d)) != NULL && n < SM_LEN(names)) {
        size_t len = strlen(e->d_name);
        if (len > 4 && (!strcmp(e->d_name + len - 4, ".tsv") ||
                        !strcmp(e->d_name + len - 4, ".txt")) &&
            (names[n] = strdup(e->d_name)) != NULL)
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof(*names), by_name);
    for (size_t i = 0; i < n; i++) {
        FILE *fp;
        h = sm_hash_str(h, names[i]);
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if ((fp = fopen(path, "rb")) != NULL) {
            while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
                h = sm_hash_bytes(h, buf, got);
            fclose(fp);
        }
        free(names[i]);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
    return true;
}

typedef struct keep_names {
    sm_gaz *into;
    int at;
    sm_status st;
    sm_error *err;
} keep_names;

static void
keep_name(const char *name, sm_name_kind kind, void *user)
{
    keep_names *k = user;

    if (k->st == SM_OK)
        k->st = sm_gaz_add_name(k->into, k->at, name, kind, k->err);
}

/* The GeoNames places of the database's gazetteer that gaz lacks (those a
 * `gazetteer import` added) added to gaz with their names; in *kept how
 * many. The shipped files' own places (curated, OCHA's) are gaz's. */
static sm_status
keep_imported(sm_store *db, sm_gaz *gaz, long *kept, sm_error *err)
{
    sm_gaz *old = NULL;
    sm_status st;

    *kept = 0;
    if ((st = sm_store_gazetteer_load(db, &old, err)) != SM_OK)
        return st;
    for (int i = 0; i < sm_gaz_count(old) && st == SM_OK; i++) {
        const sm_place *p = sm_gaz_place(old, i);
        keep_names k = { gaz, -1, SM_OK, err };
        if (p->id >= SM_GAZ_LOCAL_ID_MIN || sm_gaz_find_id(gaz, p->id) >= 0)
            continue;
        if ((st = sm_gaz_add_place(gaz, p, NULL, false, &k.at, NULL, err)) != SM_OK)
            break;
        sm_gaz_names_each(old, i, keep_name, &k);
        st = k.st;
        (*kept)++;
    }
    sm_gaz_free(old);
    return st;
}

/* Load gazetteer/ into a database whose gazetteer is empty, or whose
 * gazetteer came from other shipped files (an earlier release: the places
 * a `gazetteer import` added are kept). */
static int
load_shipped_gazetteer(sm_cli *cli, sm_store *db, const sm_theatre *t)
{
    char dir[4096], digest[17], loaded[32];
    sm_store_stats s = { 0 };
    sm_gaz_load_report rep = { 0 };
    sm_error err = { 0 };
    sm_gaz *gaz = NULL;
    long kept = 0;

    if (sm_store_stats_get(db, &s, &err) != SM_OK)
        return sm_cli_fail(&err);
    if (!sm_cli_data_dir("gazetteer", dir, sizeof(dir))) {
        if (s.places == 0)
            fprintf(stderr, "sitmap: warning: no gazetteer folder found (set SITMAP_DATA);"
                    " place names will not be geocoded\n");
        return SM_EXIT_OK;
    }
    if (!shipped_digest(dir, digest) ||
        sm_store_meta_get(db, "gazetteer_files", loaded, sizeof(loaded), &err) != SM_OK)
        return err.msg[0] ? sm_cli_fail(&err) : SM_EXIT_OK;
    if (s.places > 0 && strcmp(loaded, digest) == 0)
        return add_world(cli, db, dir, t);
    if (sm_gaz_new(&gaz, &err) != SM_OK || sm_gaz_set_country(gaz, t->country, &err) != SM_OK ||
        sm_gaz_load_dir(gaz, dir, &rep, &err) != SM_OK ||
        (s.places > 0 && keep_imported(db, gaz, &kept, &err) != SM_OK) ||
        sm_store_gazetteer_save(db, gaz, &err) != SM_OK ||
        sm_store_meta_set(db, "gazetteer_files", digest, &err) != SM_OK) {
        sm_gaz_free(gaz);
        return sm_cli_fail(&err);
    }
    if (s.places > 0)
        sm_cli_say(cli, "%s: gazetteer: brought up to date from %s: %d places (%ld of them"
                   " GeoNames places imported before, kept)\n", cli->db_path, dir,
                   sm_gaz_count(gaz), kept);
    else
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
                   "load the shipped gazetteer into it when it has none or an older\n"
                   "release of it (keeping GeoNames places `gazetteer import` added),\n"
                   "and record the theatre's country (--theatre) as the gazetteer's.\n");
            return SM_EXIT_OK;
        }
        return sm_cli_usage("init", "bad option");
    }
    if (optind < argc)
        return sm_cli_usage("init", "unexpected argument \"%s\"", argv[optind]);
    if ((c = sm_cli_theatre(cli, &t)) >= 0)
        return c;
    if (sm_cli_store_open(cli, SM_STORE_CREATE, &db, &err) != SM_OK) {
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
