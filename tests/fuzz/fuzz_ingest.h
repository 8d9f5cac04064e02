/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ingest.h - what the importers' targets share: a database created
 * once, emptied after each input; the input given to the importer as a CSV
 * file in GDAL's memory file system; the shipped gazetteer to place rows
 * that name a place, and the Syrian theatre's factions.
 */
#ifndef SM_FUZZ_INGEST_H
#define SM_FUZZ_INGEST_H

#include <cpl_vsi.h>

#include "fuzz.h"
#include "store/store_int.h"

typedef sm_status (*fuzz_importer)(sm_store *, const char *, const sm_ingest_opts *,
                                   sm_ingest_report *, sm_error *);

static sm_store *fuzz_db;
static char **fuzz_tables;       /* the tables an import fills: empty at first */
static int fuzz_ntables;
static const char *fuzz_factions[SM_THEATRE_MAX_FACTIONS];
static size_t fuzz_nfactions;

static void
fuzz_sql(const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(fuzz_db->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
        abort();
    }
}

static int
fuzz_count_row(void *user, int n, char **values, char **names)
{
    (void)names;
    if (n == 1 && values[0] && strcmp(values[0], "0") == 0)
        *(int *)user = 1;
    return 0;
}

static int
fuzz_table_row(void *user, int n, char **values, char **names)
{
    char sql[256];
    int empty = 0;

    (void)user;
    (void)names;
    if (n != 1 || values[0] == NULL || strncmp(values[0], "idx_", 4) == 0)
        return 0;                   /* R-trees are emptied by their tables' triggers */
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", values[0]);
    if (sqlite3_exec(fuzz_db->db, sql, fuzz_count_row, &empty, NULL) == SQLITE_OK && empty) {
        fuzz_tables = realloc(fuzz_tables, (fuzz_ntables + 1) * sizeof(*fuzz_tables));
        if (fuzz_tables == NULL || (fuzz_tables[fuzz_ntables] = strdup(values[0])) == NULL)
            abort();
        fuzz_ntables++;
    }
    return 0;
}

static void
fuzz_ingest_init(char ***argv)
{
    const sm_theatre *t;
    sm_error err = { 0 };

    fuzz_project_root(argv);
    sm_ingest_gdal_init();
    t = fuzz_theatre();
    for (int i = 0; i < t->nfactions; i++)
        fuzz_factions[fuzz_nfactions++] = t->factions[i].id;
    fuzz_gazetteer();
    if (sm_store_open(fuzz_tmp_path("fuzz.db"), SM_STORE_CREATE, &fuzz_db, &err) != SM_OK) {
        fprintf(stderr, "database: %s\n", err.msg);
        exit(1);
    }
    /* the fuzzer's database need not survive a power cut: no syncs */
    fuzz_sql("PRAGMA synchronous = OFF");
    if (sqlite3_exec(fuzz_db->db,
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                     "name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'",
                     fuzz_table_row, NULL, NULL) != SQLITE_OK || fuzz_ntables == 0) {
        fprintf(stderr, "database: no tables\n");
        exit(1);
    }
}

/* Empty what the import wrote, so that each input meets the same database:
 * one statement, in one transaction (SQLite reads the schema again after
 * each import, whose batch adds and drops triggers). */
static void
fuzz_ingest_reset(void)
{
    static char *sql;

    if (sql == NULL) {
        size_t cap = 32, len;
        for (int i = 0; i < fuzz_ntables; i++)
            cap += strlen(fuzz_tables[i]) + 16;
        if ((sql = malloc(cap)) == NULL)
            abort();
        len = (size_t)snprintf(sql, cap, "BEGIN;");
        for (int i = 0; i < fuzz_ntables; i++)
            len += (size_t)snprintf(sql + len, cap - len, "DELETE FROM \"%s\";", fuzz_tables[i]);
        snprintf(sql + len, cap - len, "COMMIT;");
    }
    fuzz_sql(sql);
}

/* Import data as the CSV file /vsimem/fuzz/input.csv with import and o
 * (the theatre's factions and the gazetteer given). */
static void
fuzz_ingest_run(fuzz_importer import, sm_ingest_opts *o, const uint8_t *data, size_t size)
{
    static const char path[] = "/vsimem/fuzz/input.csv";
    sm_ingest_report rep = { 0 };
    sm_error err = { 0 };
    GByte *copy = VSIMalloc(size ? size : 1);
    VSILFILE *fp;
    bool changed = false;

    if (copy == NULL)
        abort();
    memcpy(copy, data, size);
    if ((fp = VSIFileFromMemBuffer(path, copy, size, TRUE)) == NULL)
        abort();
    VSIFCloseL(fp);
    o->gaz = fuzz_gazetteer();
    o->factions = fuzz_factions;
    o->nfactions = fuzz_nfactions;
    if (import(fuzz_db, path, o, &rep, &err) == SM_OK) {
        FUZZ_ASSERT(rep.rows >= 0 && rep.added + rep.updated + rep.same + rep.kept <= rep.rows);
        changed = true;
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0');
    }
    /* an import is one transaction, ended either way (a failure leaves
     * nothing to empty) */
    FUZZ_ASSERT(sqlite3_get_autocommit(fuzz_db->db) && !fuzz_db->in_tx && fuzz_db->batch == 0);
    VSIUnlink(path);
    if (changed)
        fuzz_ingest_reset();
}

/* A target's two entry points: import every input with `import`. */
#define FUZZ_INGEST_TARGET(import)                                  \
    int LLVMFuzzerInitialize(int *argc, char ***argv)               \
    {                                                               \
        (void)argc;                                                 \
        fuzz_ingest_init(argv);                                     \
        return 0;                                                   \
    }                                                               \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)    \
    {                                                               \
        sm_ingest_opts o = SM_INGEST_OPTS_INIT;                     \
        fuzz_ingest_run(import, &o, data, size);                    \
        return 0;                                                   \
    }

#endif
