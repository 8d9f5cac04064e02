/* SPDX-License-Identifier: MIT */
/*
 * pg_int.h - the store on PostgreSQL + PostGIS: what the pg_*.c files and
 * sql_pg.c share. A handle on a server has db->pg set and no SQLite
 * connection (db->db NULL).
 */
#ifndef SM_STORE_PG_INT_H
#define SM_STORE_PG_INT_H

#include "store/pg.h"
#include "store/pq.h"
#include "store/sql.h"
#include "store/store_int.h"

struct sm_pg {
    PGconn *conn;
    unsigned tx;         /* counts transactions begun and ended: a cursor's is gone
                          * when this has moved on */
    bool read_tx;        /* a transaction begun for server-side cursors (sql_pg.c) */
    int cursors;         /* ... and how many are open in it */
    unsigned cursor_seq; /* names each cursor of the connection */
    unsigned kept_seq;   /* ... and each statement prepared on the server */
};

/* A failure of the server, naming the database and what was attempted;
 * res (may be NULL) is the failed result, else the connection's message. */
sm_status sm_pg__fail(sm_store *db, sm_error *err, const char *what, const PGresult *res);
/* PostGIS in the database: checked, and with SM_STORE_CREATE installed
 * when missing (pg_open.c). */
sm_status sm_pg__ensure_postgis(sm_store *db, sm_store_mode mode, sm_error *err);
/* The schema (pg_schema.c): the version in meta (0: no sitmap tables),
 * and the migration to the current one. */
sm_status sm_pg__read_version(sm_store *db, int *version, sm_error *err);
sm_status sm_pg__migrate(sm_store *db, sm_error *err);

#endif
