/* SPDX-License-Identifier: MIT */
/*
 * pg_db.h - a database of the case's own on the test server, for the unit
 * tests of the PostgreSQL backend. The server is $SITMAP_TEST_PG_URI's
 * (tests/run.sh with SITMAP_TEST_PG=1 starts one, tests/pg/cluster.sh);
 * without it, pg_db_new says so and the case runs on a file alone, or not
 * at all. The database is made empty, as a user's new one: sitmap's init
 * adds PostGIS and the schema when the case opens it with SM_STORE_CREATE.
 * It is dropped after the case, as check.h removes the case's folder.
 */
#ifndef SM_PG_DB_H
#define SM_PG_DB_H

#include <stdbool.h>

#include "check.h"
#include "store/pq.h"

static char pg_db_name[64];    /* the case's database, or "" */

/* uri with its database (the path after the authority) named name. */
__attribute__((unused)) static bool
pg_db_uri_of(const char *uri, const char *name, char *out, size_t cap)
{
    const char *auth = strstr(uri, "://"), *path, *end;

    if (auth == NULL || (path = strchr(auth + 3, '/')) == NULL)
        return false;
    end = path + 1 + strcspn(path + 1, "?");
    return snprintf(out, cap, "%.*s/%s%s", (int)(path - uri), uri, name, end) < (int)cap;
}

__attribute__((unused)) static void
pg_db_quiet(void *arg, const char *message)
{
    (void)arg; (void)message;
}

/* Run sql in the server's database postgres (CREATE and DROP DATABASE
 * cannot run in the database they name); false, saying why on stderr, when
 * it fails. Its notices (no database to drop) are not printed. */
__attribute__((unused)) static bool
pg_db_exec(const char *sql)
{
    const char *server = getenv("SITMAP_TEST_PG_URI");
    char admin[1024];
    sm_error err = { 0 };
    PGconn *c;
    PGresult *r;
    bool ok;

    if (server == NULL || sm_pq_open(&err) != SM_OK ||
        !pg_db_uri_of(server, "postgres", admin, sizeof(admin))) {
        fprintf(stderr, "  %s: no server to run it on: %s\n", sql, err.msg);
        return false;
    }
    c = PQconnectdb(admin);
    PQsetNoticeProcessor(c, pg_db_quiet, NULL);
    r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
    ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "  %s: %s\n", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return ok;
}

/* After each case (check_case_done): its database dropped. Every
 * connection to it must be closed by then. */
__attribute__((unused)) static void
pg_db_drop(void)
{
    char sql[128];

    if (pg_db_name[0] == '\0')
        return;
    snprintf(sql, sizeof(sql), "DROP DATABASE \"%s\"", pg_db_name);
    CHECK(pg_db_exec(sql), "the case's database %s dropped (a connection left open?)",
          pg_db_name);
    pg_db_name[0] = '\0';
}

/* The URI of a new, empty database on the test server, sitmap_NAME_PID
 * (one a case; name a short lower-case word), dropped after the case; NULL
 * when there is no server (saying so) or when it cannot be made (a failed
 * check). */
__attribute__((unused)) static const char *
pg_db_new(const char *name)
{
    static char uri[1024];
    const char *server = getenv("SITMAP_TEST_PG_URI");
    char sql[160];
    bool made;

    if (server == NULL || *server == '\0') {
        printf("  (no $SITMAP_TEST_PG_URI: not run against a server)\n");
        return NULL;
    }
    check_case_done = pg_db_drop;
    made = snprintf(pg_db_name, sizeof(pg_db_name), "sitmap_%s_%ld", name, (long)getpid()) <
           (int)sizeof(pg_db_name) && pg_db_uri_of(server, pg_db_name, uri, sizeof(uri));
    if (made) {
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\"", pg_db_name);
        made = pg_db_exec(sql);
        snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", pg_db_name);
        made = made && pg_db_exec(sql);
    }
    CHECK(made, "a database of the case's own, %s, on %s", pg_db_name, server);
    if (!made) {
        pg_db_name[0] = '\0';
        return NULL;
    }
    return uri;
}

#endif
