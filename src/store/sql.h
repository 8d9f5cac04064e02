/* SPDX-License-Identifier: MIT */
/*
 * sql.h - the store's statements, whatever the backend (docs/design.md,
 * "Storage backends"): prepare SQL written with SQLite's ?N placeholders,
 * bind, step through the rows, read columns, reset, finalize; the same
 * calls on a SpatiaLite file (sql_sqlite.c) and on PostgreSQL (sql_pg.c).
 * On PostgreSQL the placeholders become $N, values go as text (WKB
 * and other blobs as binary), and a failure is an SM_EDB error naming the
 * database (its URI without the password) and the server's reason.
 *
 * Inside the store only. Statements are one handle's, used by one thread.
 */
#ifndef SM_STORE_SQL_H
#define SM_STORE_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/day.h"
#include "core/error.h"
#include "store/store.h"

typedef struct sm_sql_stmt sm_sql_stmt;

/* Prepare sql (?N or ? placeholders) on db's connection. */
sm_status sm_sql_prepare(sm_store *db, const char *sql, sm_sql_stmt **out, sm_error *err);
/* Bind parameter i (1-based). Values are copied. NULL or "" text, and
 * SM_DAY_NONE or SM_DAY_OPEN days, bind NULL. */
void sm_sql_bind_null(sm_sql_stmt *s, int i);
void sm_sql_bind_text(sm_sql_stmt *s, int i, const char *text);
/* Text as it is: NULL binds NULL, "" stays "". */
void sm_sql_bind_text_exact(sm_sql_stmt *s, int i, const char *text);
/* As sm_sql_bind_text, not copied on a file: text must outlive the step. */
void sm_sql_bind_text_static(sm_sql_stmt *s, int i, const char *text);
void sm_sql_bind_int64(sm_sql_stmt *s, int i, int64_t v);
void sm_sql_bind_double(sm_sql_stmt *s, int i, double v);
void sm_sql_bind_blob(sm_sql_stmt *s, int i, const void *data, size_t len);
void sm_sql_bind_day(sm_sql_stmt *s, int i, sm_day day);
/* The next row: SM_OK on a row, SM_ENOTFOUND when there is none left (a
 * statement that returns no rows runs on the first step), or a failure. */
sm_status sm_sql_step(sm_sql_stmt *s, sm_error *err);
/* A statement the connection keeps in *slot and runs many times (one an
 * event or a zone stored), made at the first call and kept until the store
 * is closed. On PostgreSQL it is prepared on the server at its second run,
 * so that the server parses and plans it once rather than at every row. */
sm_status sm_sql_prepare_kept(sm_store *db, sm_sql_stmt **slot, const char *sql,
                              sm_error *err);
/* Ready to run again, the bindings kept. */
void sm_sql_reset(sm_sql_stmt *s);
/* Columns of the current row (0-based); text and blobs valid until the
 * next step, reset or finalize. NULL reads as NULL, 0, 0.0, no bytes. */
bool sm_sql_column_null(sm_sql_stmt *s, int i);
/* The length of column i's text (or blob, on a file) in bytes. */
size_t sm_sql_column_bytes(sm_sql_stmt *s, int i);
const char *sm_sql_column_text(sm_sql_stmt *s, int i);
int64_t sm_sql_column_int64(sm_sql_stmt *s, int i);
double sm_sql_column_double(sm_sql_stmt *s, int i);
const unsigned char *sm_sql_column_blob(sm_sql_stmt *s, int i, size_t *len);
sm_day sm_sql_column_day(sm_sql_stmt *s, int i, sm_day none);
/* What a value is (sm_sql_column_kind; the kinds of the bind calls). */
typedef enum { SM_SQL_NULL, SM_SQL_TEXT, SM_SQL_INT, SM_SQL_REAL, SM_SQL_BLOB } sm_sql_kind;
/* The kind of column i of the current row: SQLite's type of the value;
 * on PostgreSQL its column's type (integers and booleans SM_SQL_INT,
 * floating and numeric SM_SQL_REAL, bytea SM_SQL_BLOB, the rest text). */
sm_sql_kind sm_sql_column_kind(sm_sql_stmt *s, int i);
/* Rows the statement's last run inserted, updated or deleted. */
long sm_sql_changes(const sm_sql_stmt *s);
void sm_sql_finalize(sm_sql_stmt *s);

/* Run SQL (one statement or several, no parameters, no rows wanted). */
sm_status sm_sql_exec(sm_store *db, const char *sql, sm_error *err);

/* ---- what differs between the dialects --------------------------------- */

/* SQL text that is not the same on SpatiaLite and on PostGIS, chosen here
 * and nowhere else (docs/design.md, "SQL text"): the statement's C code is
 * one, the text of these pieces is the backend's. */
typedef enum {
    SM_SQL_BYTE_ORDER,  /* after ORDER BY text: its bytes' order ("", COLLATE "C") */
    SM_SQL_WRITE_ORDER, /* the order rows were written in, of place_names and of the
                         * *_replaced twins (rowid, an identity seq) */
    SM_SQL_POINT_OUT,   /* geom as sm_sql_column_point reads it (the blob, its WKB) */
    SM_SQL_POINT_IN,    /* a point from two parameters (printf's %d: lon's, lat's) */
    SM_SQL_GEOM_OUT,    /* a geometry column as WKB (printf's %s: the column) */
    SM_SQL_GEOM_IN,     /* a geometry of SRID 4326 from WKB (%d: the parameter) */
    SM_SQL_SNAPSHOT,    /* a read transaction that sees one state throughout */
    SM_SQL_ID_AFTER,    /* ids given to a table's identity: its next one past them
                           (%s, %s: the table, twice), "" where nothing is needed */
    SM_SQL_COLUMNS,     /* the names of table ?1's columns, in their order */
    /* the keeping of what a batch replaces (batches.c): made on the
     * connection (a temporary table, and a trigger per table and operation:
     * printf's %s for table, op, op, table, table, columns, OLD.columns),
     * or the schema's, whose presence KEEP_MAKE checks (KEEP_TRIGGER NULL) */
    SM_SQL_KEEP_MAKE,
    SM_SQL_KEEP_TRIGGER,
    SM_SQL_KEEP_ON,     /* keep for batch ?1, until KEEP_OFF or the transaction's end */
    SM_SQL_KEEP_OFF,
    /* batches take turns, from their opening to the transaction's end (""
     * where the transaction's write lock does it: BEGIN IMMEDIATE), and
     * the same tried without waiting: 1 when taken, 0 when another holds it */
    SM_SQL_BATCH_LOCK,
    SM_SQL_BATCH_TRY_LOCK,
    SM_SQL_DAY_FIRST,   /* a day before every stored one ('', '-infinity') */
    SM_SQL_DAY_LAST,    /* a day after every stored one ('9999-12-31', 'infinity') */
    SM_SQL_INSERT_NEW,  /* an INSERT of a row whose key must be new, no statement
                         * journal kept on a file (INSERT OR FAIL, INSERT) */
    SM_SQL_JOIN_SOURCES, /* an event's sources in one text, from a subquery of
                          * column s: events.source first, the others in
                          * order (group_concat, string_agg) */
    SM_SQL_NATIVE_OUT,  /* a geometry as the backend gives it to C the fastest
                         * (%s): SpatiaLite's blob, or WKB (sm_sql_geom_native) */
    SM_SQL_NATIVE_IN,   /* ... and what SM_SQL_NATIVE_OUT gave, as a geometry
                         * again (%d: the parameter) */
    SM_SQL_AREA,        /* a geometry's area on the ellipsoid, m2 (%s) */
    SM_SQL_NONEMPTY,    /* a geometry (%s), NULL when empty (as SpatiaLite gives it) */
    /* zones: column g's polygons, valid (repaired: MakeValid, its polygonal
     * parts only), as a multipolygon, outer rings counter-clockwise; NULL
     * when no polygon is left */
    SM_SQL_ZONE_REPAIR,
    /* a box filter on the spatial index of a table: printf's %1$s the
     * table's alias, %2$s a geometry whose box the row's must meet, %3$s
     * the table's name (SpatiaLite's R*Tree idx_T_geom, PostGIS's &&) */
    SM_SQL_BOX_MEETS,
} sm_sql_part;
const char *sm_sql_dialect(const sm_store *db, sm_sql_part part);
/* Whether geometries selected as SM_SQL_NATIVE_OUT come as SpatiaLite's
 * blob (true: read them with gaiaFromSpatiaLiteBlobWkb) or as WKB. */
bool sm_sql_geom_native(const sm_store *db);

/* Whether rows that carry geometries are best sorted by the database
 * itself (PostgreSQL: in its memory, read through its cursor; a round trip
 * for each row fetched by id would cost more), or by their ids alone, each
 * row then read by its id (a file: SQLite's sort would copy the geometries
 * through a temporary file). A difference of mechanics, not of text. */
bool sm_sql_sorts_geometries(const sm_store *db);

/* The point of column i, selected as SM_SQL_POINT_OUT: SpatiaLite's blob
 * read in C (no SpatiaLite on the connection), or PostGIS's WKB. False for
 * NULL or what is not a point. */
bool sm_sql_column_point(sm_sql_stmt *s, int i, double *lon, double *lat);
/* Whether column i, selected as SM_SQL_POINT_OUT, holds byte for byte what
 * SM_SQL_POINT_IN writes for (lon, lat): false when not sure. */
bool sm_sql_column_is_point(sm_sql_stmt *s, int i, double lon, double lat);

/* Read s's rows through a server-side cursor on PostgreSQL (DECLARE ...
 * NO SCROLL CURSOR, FETCH 1000 at a time), not its whole result at once,
 * before its first step: inside the open transaction, or one begun for the
 * read, which ends when the last such statement is reset or finalized (the
 * cursor CLOSEd). Nothing on a file, whose statements read row by row. */
void sm_sql_cursor(sm_sql_stmt *s);

/* Every row of tables (names separated by ", ", those that refer to
 * others first) deleted, inside the caller's transaction: DELETE FROM
 * each on a file; one TRUNCATE on PostgreSQL, whose lock also makes
 * another writer of the tables wait for the transaction's end. */
sm_status sm_sql_empty(sm_store *db, const char *tables, sm_error *err);

/* ---- rows in bulk ---------------------------------------------------------- */

/* Rows into one table, the same calls on both backends, inside the
 * caller's transaction: COPY on PostgreSQL, a prepared INSERT a row on a
 * file. columns: the table's columns as SQL names them, n of them, the
 * point column (index from 0, or -1) given its lon and lat by
 * sm_sql_rows_point, and the geometry column (or -1) given as WKB by
 * sm_sql_rows_wkb. On a file a row whose key is already there is an
 * error, ignored, or replaces the old one, by clash; COPY knows none of
 * these, so the caller gives distinct keys. what: the failure of a row
 * ("cannot store a place"), a string that outlives r. */
typedef struct sm_sql_rows sm_sql_rows;
typedef enum { SM_SQL_ROWS_NEW, SM_SQL_ROWS_IGNORE, SM_SQL_ROWS_REPLACE } sm_sql_rows_clash;
sm_status sm_sql_rows_begin(sm_store *db, const char *table, const char *columns, int n,
                            int point, int wkb, sm_sql_rows_clash clash, const char *what,
                            sm_sql_rows **out, sm_error *err);
/* The row's next value: text as it is (NULL is NULL, "" stays ""). */
void sm_sql_rows_text(sm_sql_rows *r, const char *text);
void sm_sql_rows_int64(sm_sql_rows *r, int64_t v);
void sm_sql_rows_double(sm_sql_rows *r, double v);
void sm_sql_rows_null(sm_sql_rows *r);      /* on the point column: no point */
void sm_sql_rows_blob(sm_sql_rows *r, const void *data, size_t len);
void sm_sql_rows_point(sm_sql_rows *r, double lon, double lat);
/* A geometry of SRID 4326 from its WKB (data not NULL). */
void sm_sql_rows_wkb(sm_sql_rows *r, const void *data, size_t len);
sm_status sm_sql_rows_row_end(sm_sql_rows *r, sm_error *err);
/* Finish (st SM_OK) or abandon (any failure); frees r. */
sm_status sm_sql_rows_end(sm_sql_rows *r, sm_status st, sm_error *err);

/* ---- PostgreSQL's own (sql_pg.c) ----------------------------------------- */

/* sql with its placeholders as PostgreSQL writes them: ?N becomes $N, a
 * bare ? the next number after the highest so far; none is touched inside
 * a string, a quoted name or a comment. *nparams: the highest number. */
sm_status sm_sql_placeholders_pg(const char *sql, sm_buf *out, int *nparams, sm_error *err);

/* True for a PostgreSQL connection URI: postgresql://... or postgres://... */
bool sm_sql_is_pg_uri(const char *path);

/* The URI without its password (after user: in the authority, or a
 * password= parameter), into out (cap bytes, truncated). */
void sm_sql_uri_redact(const char *uri, char *out, size_t cap);

/* Rows in bulk through COPY ... FROM STDIN, in its text format: begin with
 * the COPY statement, then the fields of each row, ending each with
 * sm_sql_copy_row_end, and sm_sql_copy_end to finish (or to give up, when
 * a failure is already recorded: it is given to the server as the reason). */
typedef struct sm_sql_copy sm_sql_copy;
sm_status sm_sql_copy_begin(sm_store *db, const char *copy_sql, sm_sql_copy **out,
                            sm_error *err);
void sm_sql_copy_text(sm_sql_copy *c, const char *text);   /* NULL: \N */
void sm_sql_copy_int64(sm_sql_copy *c, int64_t v);
void sm_sql_copy_double(sm_sql_copy *c, double v);
void sm_sql_copy_null(sm_sql_copy *c);
void sm_sql_copy_bytea(sm_sql_copy *c, const void *data, size_t len);
/* A point as PostGIS reads it from text (EWKT, SRID 4326). */
void sm_sql_copy_point(sm_sql_copy *c, double lon, double lat);
/* A geometry from its WKB, as PostGIS reads it from text: SRID=4326; and
 * the WKB in hex. */
void sm_sql_copy_wkb(sm_sql_copy *c, const void *data, size_t len);
sm_status sm_sql_copy_row_end(sm_sql_copy *c, sm_error *err);
/* Finish (st SM_OK) or abandon (any failure) the COPY; frees c. */
sm_status sm_sql_copy_end(sm_sql_copy *c, sm_status st, sm_error *err);

#endif
