/* SPDX-License-Identifier: MIT */
/*
 * pg.h - where open.c hands a handle on a PostgreSQL server (db->pg set)
 * to pg_open.c: the connection and its transactions. The store's
 * operations are not here: each is one function for both backends, on the
 * statement layer (sql.h). Without libpq's header, which only pg_*.c and
 * sql_pg.c include.
 */
#ifndef SM_STORE_PG_H
#define SM_STORE_PG_H

#include "store/store.h"

/* Where the store reaches what is not yet written for PostgreSQL. */
sm_status sm_pg__unsupported(sm_store *db, const char *what, sm_error *err);

/* open.c's counterparts (pg_open.c) */
sm_status sm_pg__open(const char *uri, sm_store_mode mode, const sm_store_wait *wait,
                      sm_store **out, sm_error *err);
void sm_pg__close(sm_store *db);
sm_status sm_pg__begin(sm_store *db, sm_error *err);
sm_status sm_pg__commit(sm_store *db, sm_error *err);
void sm_pg__rollback(sm_store *db);

#endif
