/* SPDX-License-Identifier: MIT */
/* stats.c - what a database holds: counts, the span of its dates, factions. */
#include "store/store_int.h"
#include "store/pg.h"

static sm_status
count(sm_store *db, const char *sql, long *out, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    sm_status st = SM_OK;

    if (sm_store__prepare(db, &s, sql, err) != SM_OK)
        return SM_EDB;
    if (sqlite3_step(s) == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(s, 0);
    else
        st = sm_store__fail(db, err, "cannot count");
    sqlite3_finalize(s);
    return st;
}

sm_status
sm_store_stats_get(sm_store *db, sm_store_stats *out, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    sm_status st;
    const char *span =
        "SELECT min(d), max(d) FROM (SELECT min(date) AS d FROM events"
        " UNION ALL SELECT max(date) FROM events"
        " UNION ALL SELECT min(valid_from) FROM zones"
        " UNION ALL SELECT max(coalesce(valid_to, valid_from)) FROM zones"
        " UNION ALL SELECT min(valid_from) FROM control"
        " UNION ALL SELECT max(valid_from) FROM control)";
    if (db->pg)
        return sm_pg_stats_get(db, out, err);

    if ((st = count(db, "SELECT count(*) FROM places", &out->places, err)) ||
        (st = count(db, "SELECT count(*) FROM place_names", &out->place_names, err)) ||
        (st = count(db, "SELECT count(*) FROM events", &out->events, err)) ||
        (st = count(db, "SELECT count(*) FROM events WHERE geom IS NULL",
                    &out->events_unplaced, err)) ||
        (st = count(db, "SELECT count(*) FROM zones", &out->zones, err)) ||
        (st = count(db, "SELECT count(*) FROM control", &out->control_records, err)) ||
        (st = count(db, "SELECT count(DISTINCT place_key) FROM control",
                    &out->control_places, err)))
        return st;
    if (sm_store__prepare(db, &s, span, err) != SM_OK)
        return SM_EDB;
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return sm_store__fail(db, err, "cannot read dates");
    }
    out->first_day = sm_store__column_day(s, 0, SM_DAY_NONE);
    out->last_day = sm_store__column_day(s, 1, SM_DAY_NONE);
    sqlite3_finalize(s);
    return SM_OK;
}

sm_status
sm_store_latest_day(sm_store *db, sm_day *out, sm_error *err)
{
    if (db->pg)
        return sm_pg_latest_day(db, out, err);
    sqlite3_stmt *s = NULL;
    sm_status st = SM_OK;
    /* each through its index */
    const char *sql =
        "SELECT max(d) FROM (SELECT max(date) AS d FROM events"
        " UNION ALL SELECT max(valid_from) FROM zones"
        " UNION ALL SELECT max(valid_to) FROM zones"
        " UNION ALL SELECT max(valid_from) FROM control)";

    if (sm_store__prepare(db, &s, sql, err) != SM_OK)
        return SM_EDB;
    if (sqlite3_step(s) == SQLITE_ROW)
        *out = sm_store__column_day(s, 0, SM_DAY_NONE);
    else
        st = sm_store__fail(db, err, "cannot read the latest date");
    sqlite3_finalize(s);
    return st;
}

sm_status
sm_store_factions_each(sm_store *db,
                       void (*fn)(const char *faction, long zones, long control, void *user),
                       void *user, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc;
    const char *sql =
        "SELECT faction, sum(z), sum(c) FROM"
        " (SELECT faction, 1 AS z, 0 AS c FROM zones"
        "  UNION ALL SELECT faction, 0, 1 FROM control)"
        " GROUP BY faction ORDER BY faction";
    if (db->pg)
        return sm_pg_factions_each(db, fn, user, err);

    if (sm_store__prepare(db, &s, sql, err) != SM_OK)
        return SM_EDB;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        fn((const char *)sqlite3_column_text(s, 0), (long)sqlite3_column_int64(s, 1),
           (long)sqlite3_column_int64(s, 2), user);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot list factions");
    return SM_OK;
}

sm_status
sm_store_zone_areas_each(sm_store *db, sm_day day,
                         void (*fn)(const char *faction, double km2, void *user), void *user,
                         sm_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc;
    const char *sql =
        "SELECT faction, sum(area_km2) FROM zones"
        " WHERE valid_from <= ?1 AND (valid_to IS NULL OR ?1 < valid_to)"
        " GROUP BY faction ORDER BY faction";
    if (db->pg)
        return sm_pg_zone_areas_each(db, day, fn, user, err);

    if (sm_store__prepare(db, &s, sql, err) != SM_OK)
        return SM_EDB;
    sm_store__bind_day(s, 1, day);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_double(s, 1), user);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot sum the zones' areas");
    return SM_OK;
}
