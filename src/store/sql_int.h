/* SPDX-License-Identifier: MIT */
/* sql_int.h - the statement layer's two sides: sql_pg.c, whose functions
 * serve both backends, hands statements on a file to sql_sqlite.c. */
#ifndef SM_STORE_SQL_INT_H
#define SM_STORE_SQL_INT_H

#include "store/sql.h"
#include "store/store_int.h"

sm_status sm_sql_lite_prepare(sm_store *db, const char *sql, sqlite3_stmt **out,
                              sm_error *err);
/* Bind parameter i to a value of kind: v and len for text and blobs, n or x. */
void sm_sql_lite_bind(sqlite3_stmt *s, int i, int kind, const void *v, size_t len, int64_t n,
                      double x);
/* The statement's SQLite statement on a file, NULL on PostgreSQL. */
sqlite3_stmt *sm_sql_lite_of(const sm_sql_stmt *s);
/* Bind text without a copy: it outlives the step. */
void sm_sql_lite_bind_static(sqlite3_stmt *s, int i, const char *text);
/* Whether column i holds SpatiaLite's blob of MakePoint(lon, lat, 4326). */
bool sm_sql_lite_is_point(sqlite3_stmt *s, int i, double lon, double lat);
/* SM_OK on a row, SM_ENOTFOUND at the end (*changes then set), or a failure. */
sm_status sm_sql_lite_step(sm_store *db, sqlite3_stmt *s, long *changes, sm_error *err);

#endif
