/* SPDX-License-Identifier: MIT */
/*
 * copy.c - a whole database into another, whatever their backends (a
 * SpatiaLite file to PostgreSQL and back): `sitmap copy`.
 *
 * Every table sitmap keeps, row for row: the gazetteer, the factions and
 * settings, the events, zones, control records and their reports, the
 * import batches and the records they replaced (so that history and undo
 * work on the copy as on the original). Ids are kept. Columns are read by
 * name, those both sides have, so a column one backend has of its own (the
 * order of writing PostgreSQL keeps for place names, which SQLite's rowid
 * gives) is made by the destination; rows are read in the order they were
 * written. Values keep their kind (an integer stays one, a double its 64
 * bits), geometries cross as WKB. The rows go in through sm_sql_rows: by
 * COPY into PostgreSQL, a prepared INSERT a row into a file.
 *
 * The source is read in one transaction that sees one state; the
 * destination is written in one transaction, all or nothing. It must hold
 * no events, zones, control records or batches: a database `sitmap init`
 * has just made is fine, its gazetteer and settings replaced by the
 * source's.
 */
#include "store/sql_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* The tables, those others refer to first. */
static const char *const tables[] = {
    "meta", "places", "place_names", "place_ids", "not_places", "admin1", "admin2",
    "factions", "batches", "events", "event_reports", "zones", "control",
    "events_replaced", "event_reports_replaced", "zones_replaced", "control_replaced",
};
/* ... and emptied, in the order sm_sql_empty wants */
static const char emptied[] =
    "control_replaced, zones_replaced, event_reports_replaced, events_replaced, control,"
    " zones, event_reports, events, batches, factions, admin2, admin1, not_places,"
    " place_ids, place_names, places, meta";
/* The tables whose ids an identity gives on PostgreSQL. */
static const char *const numbered[] = { "batches", "events", "zones", "control" };
/* What a destination must not hold. */
static const char *const kept[] = { "events", "zones", "control", "batches" };

/* The names of table's columns on db, in their order. */
static sm_status
column_names(sm_store *db, const char *table, char ***names, int *n, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    size_t cap = 0;
    sm_status st;

    *names = NULL;
    *n = 0;
    if ((st = sm_sql_prepare(db, sm_sql_dialect(db, SM_SQL_COLUMNS), &s, err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, table);
    while ((st = sm_sql_step(s, err)) == SM_OK) {
        if ((size_t)*n + 1 >= cap) {
            char **more = realloc(*names, (cap = cap ? 2 * cap : 32) * sizeof(*more));
            if (more == NULL) {
                st = sm_fail(err, SM_ENOMEM, "out of memory");
                break;
            }
            *names = more;
        }
        if (((*names)[*n] = strdup(sm_sql_column_text(s, 0))) == NULL) {
            st = sm_fail(err, SM_ENOMEM, "out of memory");
            break;
        }
        (*n)++;
    }
    sm_sql_finalize(s);
    if (st == SM_ENOTFOUND && *n == 0)
        return sm_fail(err, SM_EDB, "%s: no table %s", db->path, table);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

static void
names_free(char **names, int n)
{
    for (int i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

static bool
has_name(char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* A geometry column: sitmap names every one geom. */
static bool
is_geometry(const char *name)
{
    return strcmp(name, "geom") == 0;
}

/* The SELECT on src of table's shared columns, and their names for dst's
 * rows (sm_sql_rows): *ncols of them, the geometry's at *geom (or -1). */
static sm_status
statements(sm_store *src, sm_store *dst, const char *table, sm_buf *select, sm_buf *columns,
           int *ncols, int *geom, sm_error *err)
{
    char **from = NULL, **to = NULL;
    int nfrom = 0, nto = 0, k = 0;
    const char *made = sm_sql_dialect(dst, SM_SQL_WRITE_ORDER);
    const char *order = sm_sql_dialect(src, SM_SQL_WRITE_ORDER);
    sm_status st;

    *geom = -1;
    if ((st = column_names(src, table, &from, &nfrom, err)) != SM_OK ||
        (st = column_names(dst, table, &to, &nto, err)) != SM_OK) {
        names_free(from, nfrom);
        return st;
    }
    sm_buf_puts(select, "SELECT ");
    for (int i = 0; i < nto; i++) {
        /* the destination's own order of writing is its to make */
        if (!has_name(from, nfrom, to[i]) || strcmp(to[i], made) == 0)
            continue;
        sm_buf_printf(columns, "%s\"%s\"", k ? ", " : "", to[i]);
        if (k)
            sm_buf_puts(select, ", ");
        if (is_geometry(to[i])) {
            sm_buf_printf(select, sm_sql_dialect(src, SM_SQL_GEOM_OUT), to[i]);
            *geom = k;
        } else {
            sm_buf_printf(select, "\"%s\"", to[i]);
        }
        k++;
    }
    /* rows in the order they were written: SQLite's rowid, else the
     * source's column of it, else its first column (its key) */
    if (strcmp(order, "rowid") != 0 && !has_name(from, nfrom, order))
        order = from[0];
    sm_buf_printf(select, " FROM %s ORDER BY %s", table, order);
    names_free(from, nfrom);
    names_free(to, nto);
    *ncols = k;
    if (select->failed || columns->failed)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return k ? SM_OK : sm_fail(err, SM_EDB, "%s and %s share no column of %s",
                               src->path, dst->path, table);
}

/* Column i of from's row as the next value of to's, of the same kind; the
 * geometry (geom true) as WKB. */
static void
copy_value(sm_sql_stmt *from, int i, bool geom, sm_sql_rows *to)
{
    const unsigned char *blob;
    size_t len;

    switch (sm_sql_column_kind(from, i)) {
    case SM_SQL_NULL: sm_sql_rows_null(to); break;
    case SM_SQL_INT: sm_sql_rows_int64(to, sm_sql_column_int64(from, i)); break;
    case SM_SQL_REAL: sm_sql_rows_double(to, sm_sql_column_double(from, i)); break;
    case SM_SQL_BLOB:
        /* SQLite gives an empty blob no pointer: it is still a blob */
        if ((blob = sm_sql_column_blob(from, i, &len)) == NULL && len == 0)
            blob = (const unsigned char *)"";
        if (geom)
            sm_sql_rows_wkb(to, blob, len);
        else
            sm_sql_rows_blob(to, blob, len);
        break;
    default: sm_sql_rows_text(to, sm_sql_column_text(from, i)); break;
    }
}

/* Every row of table, from src to dst (sm_sql_rows: COPY into a server):
 * *rows of them. */
static sm_status
copy_table(sm_store *src, sm_store *dst, const char *table, long *rows, sm_error *err)
{
    sm_buf select = SM_BUF_INIT, columns = SM_BUF_INIT;
    sm_sql_stmt *from = NULL;
    sm_sql_rows *to = NULL;
    int n = 0, geom = -1;
    long failed = 0;    /* the row that failed, from 1; 0 when none did */
    sm_status st;

    *rows = 0;
    st = statements(src, dst, table, &select, &columns, &n, &geom, err);
    if (st == SM_OK && (st = sm_sql_prepare(src, sm_buf_str(&select), &from, err)) == SM_OK)
        st = sm_sql_rows_begin(dst, table, sm_buf_str(&columns), n, -1, geom, SM_SQL_ROWS_NEW,
                               "cannot copy a row", &to, err);
    while (st == SM_OK && (st = sm_sql_step(from, err)) == SM_OK) {
        for (int i = 0; i < n; i++)
            copy_value(from, i, i == geom, to);
        if ((st = sm_sql_rows_row_end(to, err)) == SM_OK)
            (*rows)++;
    }
    if (st == SM_ENOTFOUND)
        st = SM_OK;
    else if (st != SM_OK && to)
        failed = *rows + 1;
    /* the COPY ends here: a server tells of a row it refused only now */
    st = sm_sql_rows_end(to, st, err);
    sm_sql_finalize(from);
    sm_buf_free(&select);
    sm_buf_free(&columns);
    if (st == SM_EDB && err) {   /* the failure said again, with where it was */
        char why[sizeof(err->msg)];
        memcpy(why, err->msg, sizeof(why));
        sm_error_clear(err);
        if (failed)
            sm_fail(err, st, "table %s, row %ld: %s", table, failed, why);
        else
            sm_fail(err, st, "table %s: %s", table, why);
    }
    return st;
}

/* SM_OK when dst holds none of what a copy would replace. */
static sm_status
destination_empty(sm_store *dst, sm_error *err)
{
    for (size_t i = 0; i < SM_LEN(kept); i++) {
        sm_buf sql = SM_BUF_INIT;
        sm_sql_stmt *s = NULL;
        sm_status st;
        int64_t n = 0;

        if (sm_buf_printf(&sql, "SELECT count(*) FROM %s", kept[i]) != SM_OK)
            return sm_fail(err, SM_ENOMEM, "out of memory");
        st = sm_sql_prepare(dst, sm_buf_str(&sql), &s, err);
        sm_buf_free(&sql);
        if (st == SM_OK && (st = sm_sql_step(s, err)) == SM_OK)
            n = sm_sql_column_int64(s, 0);
        sm_sql_finalize(s);
        if (st != SM_OK)
            return st;
        if (n > 0)
            return sm_fail(err, SM_EINPUT, "%s already holds %s (%lld); copy writes into a new"
                           " file or a database that holds none", dst->path, kept[i],
                           (long long)n);
    }
    return SM_OK;
}

sm_status
sm_store_copy(sm_store *src, sm_store *dst, sm_store_copied *out, sm_error *err)
{
    sm_store_copied c = { 0 };
    sm_status st;

    if (sm_store_schema_version_found(src) != SM_STORE_SCHEMA_VERSION)
        return sm_fail(err, SM_EINPUT, "%s: schema %d; upgrade it first (sitmap init)",
                       src->path, sm_store_schema_version_found(src));
    if ((st = sm_sql_exec(src, sm_sql_dialect(src, SM_SQL_SNAPSHOT), err)) != SM_OK)
        return st;
    if ((st = sm_store_begin(dst, err)) != SM_OK) {
        sm_sql_exec(src, "ROLLBACK", NULL);
        return st;
    }
    if ((st = destination_empty(dst, err)) == SM_OK)
        st = sm_sql_empty(dst, emptied, err);
    for (size_t i = 0; st == SM_OK && i < SM_LEN(tables); i++) {
        long rows = 0;
        st = copy_table(src, dst, tables[i], &rows, err);
        c.rows += rows;
        if (strcmp(tables[i], "places") == 0)
            c.places = rows;
        else if (strcmp(tables[i], "events") == 0)
            c.events = rows;
        else if (strcmp(tables[i], "zones") == 0)
            c.zones = rows;
        else if (strcmp(tables[i], "control") == 0)
            c.control = rows;
        else if (strcmp(tables[i], "batches") == 0)
            c.batches = rows;
    }
    for (size_t i = 0; st == SM_OK && i < SM_LEN(numbered); i++) {
        const char *after = sm_sql_dialect(dst, SM_SQL_ID_AFTER);
        sm_buf sql = SM_BUF_INIT;
        if (*after == '\0')
            break;
        if (sm_buf_printf(&sql, after, numbered[i], numbered[i]) != SM_OK)
            st = sm_fail(err, SM_ENOMEM, "out of memory");
        else
            st = sm_sql_exec(dst, sm_buf_str(&sql), err);
        sm_buf_free(&sql);
    }
    sm_sql_exec(src, "ROLLBACK", NULL);
    if (st == SM_OK)
        st = sm_store_commit(dst, err);
    else
        sm_store_rollback(dst);
    if (st == SM_OK && out)
        *out = c;
    return st;
}
