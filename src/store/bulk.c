/* SPDX-License-Identifier: MIT */
/*
 * bulk.c - loading events into an empty table: indexes built after the
 * rows, no trigger run for each row.
 *
 * A batch whose first event finds the events table (and event_reports)
 * empty loads in bulk. The events table's own indexes are dropped and made
 * again, sorted, when the batch ends; the connection runs no triggers
 * meanwhile, and the R*Tree of the points (which a trigger keeps, schema.c)
 * is filled in one statement at the end. What the skipped triggers do is
 * not needed for these rows: the checks of schema 9 guard against other
 * tools (sitmap writes ISO dates and its own type names), SpatiaLite's
 * geometry checks against what MakePoint(x, y, 4326) cannot make, and the
 * triggers of batches.c keep the records an earlier batch wrote, of which
 * an empty table has none. The whole batch is still one transaction: a
 * rollback puts the indexes back as they were.
 *
 * Any other write in the batch (a zone, a control record, a report, a
 * delete) first ends the bulk load, so that its triggers run.
 */
#include "store/store_int.h"

#include <string.h>

#include "core/buf.h"

/* The R*Tree rows of the points, as the gii_events_geom trigger writes them. */
static const char rtree_fill[] =
    "INSERT OR REPLACE INTO idx_events_geom (pkid, xmin, xmax, ymin, ymax)"
    " SELECT id, MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom)"
    " FROM events WHERE geom IS NOT NULL ORDER BY id";

static bool
table_empty(sm_store *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    bool empty = false;

    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) == SQLITE_OK)
        empty = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_finalize(s);
    return empty;
}

static void
triggers_on(sm_store *db, bool on)
{
    sqlite3_db_config(db->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, (int *)NULL);
}

sm_status
sm_store__bulk_maybe(sm_store *db, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    sm_buf drop = SM_BUF_INIT;
    sm_status st = SM_OK;
    int rc;

    if (db->bulk_tried || db->batch == 0)
        return SM_OK;
    db->bulk_tried = true;
    if (!table_empty(db, "SELECT 1 FROM events LIMIT 1") ||
        !table_empty(db, "SELECT 1 FROM event_reports LIMIT 1"))
        return SM_OK;
    /* the indexes as they are made, to make them again at the end (the
     * uid's, of its UNIQUE constraint, has no SQL and stays) */
    if (sm_store__prepare(db, &s, "SELECT name, sql FROM main.sqlite_master WHERE"
                          " type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL"
                          " ORDER BY name", err) != SM_OK)
        return SM_EDB;
    sm_buf_reset(&db->bulk_indexes);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && st == SM_OK) {
        st = sm_buf_printf(&drop, "DROP INDEX main.\"%s\";", sqlite3_column_text(s, 0));
        if (st == SM_OK)
            st = sm_buf_printf(&db->bulk_indexes, "%s;", sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    if (st != SM_OK)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    else if (rc != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot read the indexes of events");
    else if (drop.len)
        st = sm_store__exec(db, sm_buf_str(&drop), err);
    sm_buf_free(&drop);
    if (st != SM_OK)
        return st;
    triggers_on(db, false);
    db->bulk = true;
    return SM_OK;
}

sm_status
sm_store__bulk_end(sm_store *db, sm_error *err)
{
    sm_status st;

    if (!db->bulk)
        return SM_OK;
    db->bulk = false;
    triggers_on(db, true);
    st = db->bulk_indexes.len ? sm_store__exec(db, sm_buf_str(&db->bulk_indexes), err) : SM_OK;
    if (st == SM_OK)
        st = sm_store__exec(db, rtree_fill, err);
    sm_buf_reset(&db->bulk_indexes);
    return st;
}

void
sm_store__bulk_reset(sm_store *db)
{
    if (db->bulk)
        triggers_on(db, true);
    db->bulk = false;
    db->bulk_tried = false;
    sm_buf_reset(&db->bulk_indexes);
}
