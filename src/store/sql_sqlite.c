/* SPDX-License-Identifier: MIT */
/*
 * sql_sqlite.c - the store's statement layer (sql.h) on a SpatiaLite file:
 * a thin wrapper over SQLite's calls, through open.c's helpers (SpatiaLite
 * loaded when a statement first names one of its functions). sql_pg.c's
 * functions hand a statement on a file here.
 */
#include "store/sql_int.h"

#include <stdlib.h>

sm_status
sm_sql_lite_prepare(sm_store *db, const char *sql, sqlite3_stmt **out, sm_error *err)
{
    *out = NULL;
    return sm_store__prepare_in("sm_sql_prepare", db, out, sql, err);
}

void
sm_sql_lite_bind(sqlite3_stmt *s, int i, int kind, const void *v, size_t len, int64_t n,
                 double x)
{
    switch (kind) {
    case SM_SQL_NULL: sqlite3_bind_null(s, i); break;
    case SM_SQL_TEXT: sm_store__bind_text(s, i, v); break;
    case SM_SQL_INT: sqlite3_bind_int64(s, i, n); break;
    case SM_SQL_REAL: sqlite3_bind_double(s, i, x); break;
    default:
        if (v == NULL)
            sqlite3_bind_null(s, i);
        else
            sqlite3_bind_blob64(s, i, v, len, SQLITE_TRANSIENT);
    }
}

sm_status
sm_sql_lite_step(sm_store *db, sqlite3_stmt *s, long *changes, sm_error *err)
{
    int rc = sqlite3_step(s);

    if (rc == SQLITE_ROW)
        return SM_OK;
    if (rc == SQLITE_DONE) {
        *changes = sqlite3_changes(db->db);
        return SM_ENOTFOUND;
    }
    return sm_store__fail(db, err, "a query failed");
}
