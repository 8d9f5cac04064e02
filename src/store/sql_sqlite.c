/* SPDX-License-Identifier: MIT */
/*
 * sql_sqlite.c - the store's statement layer (sql.h) on a SpatiaLite file:
 * a thin wrapper over SQLite's calls, through open.c's helpers (SpatiaLite
 * loaded when a statement first names one of its functions). sql_pg.c's
 * functions hand a statement on a file here.
 */
#include "store/sql_int.h"

#include <stdlib.h>
#include <string.h>

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

void
sm_sql_lite_bind_static(sqlite3_stmt *s, int i, const char *text)
{
    if (text == NULL || *text == '\0')
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
}

/* SpatiaLite's blob of MakePoint(lon, lat, 4326): a 2D point of SRID 4326,
 * little-endian, its MBR the point (60 bytes); the doubles are copied as
 * the host holds them, so a big-endian host finds no blob the same. */
enum { POINT_BLOB_LEN = 60 };

bool
sm_sql_lite_is_point(sqlite3_stmt *s, int i, double lon, double lat)
{
    unsigned char b[POINT_BLOB_LEN];
    int32_t srid = 4326, cls = 1;

    if (sqlite3_column_type(s, i) != SQLITE_BLOB ||
        sqlite3_column_bytes(s, i) != POINT_BLOB_LEN)
        return false;
    b[0] = 0x00;
    b[1] = 0x01;
    memcpy(b + 2, &srid, 4);
    memcpy(b + 6, &lon, 8);
    memcpy(b + 14, &lat, 8);
    memcpy(b + 22, &lon, 8);
    memcpy(b + 30, &lat, 8);
    b[38] = 0x7C;
    memcpy(b + 39, &cls, 4);
    memcpy(b + 43, &lon, 8);
    memcpy(b + 51, &lat, 8);
    b[59] = 0xFE;
    return memcmp(sqlite3_column_blob(s, i), b, POINT_BLOB_LEN) == 0;
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
