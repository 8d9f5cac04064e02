/* SPDX-License-Identifier: MIT */
/*
 * pg_open.c - opening a database on a PostgreSQL server (a postgresql:// or
 * postgres:// URI, libpq's own syntax): the connection, its session
 * settings, PostGIS, the schema version check, and transactions.
 *
 * The handle's path is the URI without its password, so that no message
 * shows it. Dates are exchanged as ISO 8601 text (DateStyle ISO), times in
 * UTC; the server's notices (an extension already there) are not printed.
 */
#include "store/pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Whether the database has PostGIS. */
static sm_status
has_postgis(sm_store *db, bool *found, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT 1 FROM pg_extension WHERE extname = 'postgis'", &s,
                             err)) != SM_OK)
        return st;
    st = sm_sql_step(s, err);
    *found = st == SM_OK;
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_pg__ensure_postgis(sm_store *db, sm_store_mode mode, sm_error *err)
{
    bool found = false;
    PGresult *res;
    sm_status st;

    if ((st = has_postgis(db, &found, err)) != SM_OK || found)
        return st;
    if (mode != SM_STORE_CREATE)
        return sm_fail(err, SM_EINPUT, "%s: PostGIS is not installed in this database;"
                       " run `sitmap init` first", db->path);
    res = PQexec(db->pg->conn, "CREATE EXTENSION IF NOT EXISTS postgis");
    if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
        char what[160];
        const char *why = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        snprintf(what, sizeof(what), "%s", why ? why : "");
        PQclear(res);
        return sm_fail(err, SM_EDB, "%s: PostGIS is not installed in this database, and"
                       " cannot be made so: %s (install PostGIS 3 on the server, and have a"
                       " superuser run CREATE EXTENSION postgis in this database)", db->path,
                       what[0] ? what : "CREATE EXTENSION postgis failed");
    }
    PQclear(res);
    return SM_OK;
}

static sm_status
check_version(sm_store *db, sm_store_mode mode, sm_error *err)
{
    int v = 0;
    sm_status st;

    if ((st = sm_pg__read_version(db, &v, err)) != SM_OK)
        return st;
    db->version_found = v;
    if (mode == SM_STORE_CREATE && v <= SM_STORE_SCHEMA_VERSION)
        return sm_pg__migrate(db, err);   /* PostGIS, the version, the keeping: under the lock */
    if ((st = sm_store__version_usable(db, v, err)) != SM_OK)
        return st;
    return sm_pg__ensure_postgis(db, mode, err);
}

sm_status
sm_pg__open(const char *uri, sm_store_mode mode, const sm_store_wait *wait, sm_store **out,
            sm_error *err)
{
    char name[1024], set[160];
    sm_store *db;
    sm_status st;

    *out = NULL;
    if ((st = sm_pq_open(err)) != SM_OK)
        return st;
    sm_sql_uri_redact(uri, name, sizeof(name));
    db = calloc(1, sizeof(*db));
    if (db == NULL || (db->path = strdup(name)) == NULL ||
        (db->pg = calloc(1, sizeof(*db->pg))) == NULL) {
        if (db)
            free(db->path);
        free(db);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    if (wait)
        db->wait = *wait;
    db->pg->conn = PQconnectdb(uri);
    if (db->pg->conn == NULL) {
        st = sm_fail(err, SM_ENOMEM, "out of memory");
        goto fail;
    }
    if (PQstatus(db->pg->conn) != CONNECTION_OK) {
        st = sm_pg__fail(db, err, "cannot connect", NULL);
        goto fail;
    }
    PQsetNoticeProcessor(db->pg->conn, quiet, NULL);
    /* a writer that waits for another's locks gives up after wait->max_s */
    snprintf(set, sizeof(set), "SET client_encoding = 'UTF8'; SET datestyle = 'ISO, YMD';"
             " SET TIME ZONE 'UTC'; SET lock_timeout = %ld%s",
             wait && wait->max_s > 0 ? (long)(wait->max_s * 1000 + 0.5) : 0L,
             mode == SM_STORE_READ ? "; SET default_transaction_read_only = on" : "");
    if ((st = sm_sql_exec(db, set, err)) != SM_OK ||
        (st = check_version(db, mode, err)) != SM_OK)
        goto fail;
    *out = db;
    return SM_OK;
fail:
    sm_pg__close(db);
    return st;
}

void
sm_pg__close(sm_store *db)
{
    if (db->pg) {
        if (db->in_tx)
            sm_pg__rollback(db);
        if (db->pg->conn)
            PQfinish(db->pg->conn);
        free(db->pg);
    }
    free(db->path);
    free(db);
}

sm_status
sm_pg__begin(sm_store *db, sm_error *err)
{
    /* a transaction begun for a cursor's read becomes the caller's */
    if (db->pg->read_tx) {
        db->pg->read_tx = false;
        db->in_tx = true;
        return SM_OK;
    }
    if (sm_sql_exec(db, "BEGIN", err) != SM_OK)
        return SM_EDB;
    db->pg->tx++;
    db->in_tx = true;
    return SM_OK;
}

sm_status
sm_pg__commit(sm_store *db, sm_error *err)
{
    sm_status st = sm_sql_exec(db, "COMMIT", err);

    db->pg->tx++;             /* its cursors went with it */
    db->pg->read_tx = false;
    if (st != SM_OK) {
        sm_pg__rollback(db);
        return st;
    }
    db->in_tx = false;
    db->batch = 0;
    return SM_OK;
}

void
sm_pg__rollback(sm_store *db)
{
    PQclear(PQexec(db->pg->conn, "ROLLBACK"));
    db->pg->tx++;
    db->pg->read_tx = false;
    db->in_tx = false;
    db->batch = 0;
}
