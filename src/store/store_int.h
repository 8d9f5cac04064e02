/* SPDX-License-Identifier: MIT */
/* store_int.h - internals shared by the store's files; no other module
 * includes this. */
#ifndef SM_STORE_INT_H
#define SM_STORE_INT_H

#include <sqlite3.h>

#include "core/buf.h"
#include "store/store.h"

struct sm_store {
    sqlite3 *db;      /* NULL on PostgreSQL */
    struct sm_pg *pg; /* the server's connection (pg_int.h), or NULL */
    void *spatialite; /* SpatiaLite's per-connection cache */
    char *path;
    int version_found;
    bool in_tx;
    sm_store_wait wait;  /* for another writer (sm_store_open_wait) */
    double wait_start;   /* when the current wait began (CLOCK_MONOTONIC s) */
    double wait_told;    /* ... and when wait.waiting was last called */
    int64_t batch;    /* the open batch (batches.c), 0 if none */
    bool keep_ready;  /* the temporary triggers of batches.c exist */
    bool keeping;     /* ... and fire: temp.sm_keep holds the open batch */
    bool bulk_tried;  /* the open batch asked whether to load in bulk (bulk.c) */
    bool bulk;        /* ... and does: on a file no triggers, events' indexes
                       * dropped; on PostgreSQL new rows by COPY */
    sm_buf bulk_indexes; /* the SQL that makes those indexes again */
    struct sm_sql_rows *bulk_rows; /* the rows of new events under way, or NULL */
    struct sm_bulk_uids *bulk_uids; /* PostgreSQL: the uids the load has had */
    /* Statements prepared on first use and kept for the handle's life. */
    struct sm_sql_stmt *event_find;   /* statements of sql.h (events.c) */
    struct sm_sql_stmt *event_put;
    struct sm_sql_stmt *event_insert; /* a new row of a bulk load */
    struct sm_sql_stmt *zone_check;     /* ... (zones.c) */
    struct sm_sql_stmt *zone_put;
    struct sm_sql_stmt *zone_exists;
    struct sm_sql_stmt *control_find;   /* ... (control.c) */
    struct sm_sql_stmt *control_put;
    struct sm_sql_stmt *control_exists;
};

struct sm_store_cursor {
    sm_store *db;
    sqlite3_stmt *stmt;
    struct sm_sql_stmt *sql;   /* or, in place of stmt, a statement of sql.h */
    struct sm_sql_stmt *sql_fetch; /* ... and its fetch by id, or NULL */
    double box[4];             /* places: west, south, east, north */
    bool marks;                /* events: only what a map shows (the rest NULL) */
};

/* The version recorded in meta, 0 for a database without sitmap tables,
 * -1 if the file is not a SQLite database, -2 if it could not be read
 * (sqlite3_errmsg says why). */
int sm_store__read_version(sm_store *db);

/* An SM_EDB failure naming what was attempted and SQLite's reason. */
sm_status sm_store__fail(sm_store *db, sm_error *err, const char *what);
/* Prepare sql into *stmt once (no-op if already prepared). */
sm_status sm_store__prepare_in(const char *fn, sm_store *db, sqlite3_stmt **stmt,
                               const char *sql, sm_error *err);
/* Run SQL with no result rows. */
sm_status sm_store__exec_in(const char *fn, sm_store *db, const char *sql, sm_error *err);
/* On PostgreSQL, what is not yet written for it fails here, naming the
 * function that reached it. */
#define sm_store__prepare(db, stmt, sql, err) sm_store__prepare_in(__func__, db, stmt, sql, err)
#define sm_store__exec(db, sql, err) sm_store__exec_in(__func__, db, sql, err)
/* Bind helpers: NULL text, SM_DAY_NONE/SM_DAY_OPEN days and 0 ids bind NULL. */
void sm_store__bind_text(sqlite3_stmt *s, int i, const char *text);
void sm_store__bind_day(sqlite3_stmt *s, int i, sm_day day);
/* Read a column written by bind_day; `none` for NULL or unparseable text. */
sm_day sm_store__column_day(sqlite3_stmt *s, int i, sm_day none);
/* The point in a column of SpatiaLite geometry, read from the box that
 * heads the blob (a point's box is the point) by SpatiaLite's C functions:
 * no SQL function, so reading points needs no SpatiaLite on the
 * connection. False for NULL or what is not such a blob. */
bool sm_store__column_point(sqlite3_stmt *s, int i, double *lon, double *lat);
/* Create a cursor over a prepared statement (takes ownership of stmt). */
sm_status sm_store__cursor_new(sm_store *db, sqlite3_stmt *stmt,
                               sm_store_cursor **out, sm_error *err);
/* Create a cursor over a statement of sql.h, either backend's (takes
 * ownership of s); its rows in cur->sql. On PostgreSQL it reads through a
 * server-side cursor (sm_sql_cursor). */
sm_status sm_store__cursor_sql(sm_store *db, struct sm_sql_stmt *s, sm_store_cursor **out,
                               sm_error *err);
/* A cursor that sorts only ids (ids: one column, in order, read as by
 * sm_store__cursor_sql) and reads each row by fetch (its ?1 bound to the
 * id), the row in sm_store__cursor_sql_row: a sort carrying large
 * geometries would copy them through a temporary file. Takes ownership of
 * both. */
sm_status sm_store__cursor_sql_by_id(sm_store *db, struct sm_sql_stmt *ids,
                                     struct sm_sql_stmt *fetch, sm_store_cursor **out,
                                     sm_error *err);
struct sm_sql_stmt *sm_store__cursor_sql_row(const sm_store_cursor *cur);
/* Step a cursor: SM_OK on a row, SM_ENOTFOUND at the end. */
sm_status sm_store__cursor_step(sm_store_cursor *cur, sm_error *err);

/* The schema: apply the migrations from version `from` up to the current. */
sm_status sm_store__migrate(sm_store *db, sm_error *err);
/* SM_OK for a database at schema v that this sitmap reads as it is; else
 * the refusal naming db: newer than it knows, no sitmap schema, or older
 * (`sitmap init` upgrades it). Both backends' (open.c). */
sm_status sm_store__version_usable(sm_store *db, int v, sm_error *err);

/* Bind the open batch's id (NULL when none) to parameter i of a statement
 * of sql.h (batches.c). */
void sm_store__bind_batch_sql(sm_store *db, struct sm_sql_stmt *s, int i);
/* A failure of a statement of sql.h ("a query failed") told as what was
 * attempted ("cannot store an event"); st as it was. */
sm_status sm_store__failed(sm_store *db, sm_error *err, sm_status st, const char *what);
/* How often the boundary of the polygons in wkb crosses itself, counted up
 * to budget (tangle.c); SM_EINPUT "unreadable geometry" for what is not WKB. */
sm_status sm_store__crossings(const unsigned char *wkb, size_t len, long budget, long *count,
                              sm_error *err);
/* Loading events in bulk (bulk.c): _maybe starts it at a batch's first
 * event when the table is empty; _end makes the indexes and the R*Tree on
 * a file, and ends the COPY on PostgreSQL (before any other write, and at
 * the batch's end); _reset forgets it (at a rollback, which undoes what it
 * did). */
sm_status sm_store__bulk_maybe(sm_store *db, sm_error *err);
sm_status sm_store__bulk_end(sm_store *db, sm_error *err);
void sm_store__bulk_reset(sm_store *db);
/* The columns of a bulk load's rows of events, in their order: geom, the
 * 19th (index 18), a point (sm_sql_rows_point, or sm_sql_rows_null for
 * none); batch the last (sm_store__bind_batch_sql's value, db->batch). */
#define SM_STORE_BULK_EVENT_COLUMNS \
    "uid, date, date_precision, type, sub_type, event_type, actor1, actor2, admin1, place," \
    " place_id, geo_precision, fatalities, source, url, notes, updated, dataset, geom, attrs," \
    " batch"
#define SM_STORE_BULK_EVENT_NCOLUMNS 21
#define SM_STORE_BULK_EVENT_POINT 18
/* How a bulk load takes an event (sm_store__bulk_event): not at all (look
 * the uid up and upsert, as outside a bulk load); as a row of *rows, its
 * columns above, ended with sm_sql_rows_row_end (SM_OK: stored, new); or
 * by the caller's own INSERT that fails for a uid the table has. */
typedef enum { SM_BULK_NONE, SM_BULK_ROWS, SM_BULK_INSERT } sm_bulk_way;
/* The way of a new event with this uid. On PostgreSQL the rows go by COPY
 * in the batch's transaction, and a uid the load has had (COPY cannot
 * refuse a row, and a failed INSERT would end the transaction) goes the
 * upsert's way; on a file a kept INSERT OR FAIL is the fast way (no
 * statement journal), and its failure sends the row to the upsert. */
sm_status sm_store__bulk_event(sm_store *db, const char *uid, sm_bulk_way *way,
                               struct sm_sql_rows **rows, sm_error *err);
/* On PostgreSQL, a COPY of the bulk load under way ended, so that the
 * connection can run another statement (sql_pg.c, before each); the load
 * goes on, its next row in a new COPY. */
sm_status sm_store__bulk_pause(sm_store *db, sm_error *err);
/* End the open batch without recording counts (at a commit). */
void sm_store__batch_close(sm_store *db);

#endif
