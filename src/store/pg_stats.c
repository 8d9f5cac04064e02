/* SPDX-License-Identifier: MIT */
/*
 * pg_stats.c - the summary of the database and the factions on PostgreSQL
 * (stats.c's and factions.c's counterparts). The SQL is stats.c's with
 * what PostgreSQL asks more: a name for each subquery in FROM, and an
 * upsert instead of INSERT OR REPLACE.
 */
#include "store/pg_int.h"

#include <string.h>


static sm_status
count(sm_store *db, const char *sql, long *out, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    if ((st = sm_sql_step(s, err)) == SM_OK)
        *out = (long)sm_sql_column_int64(s, 0);
    else if (st == SM_ENOTFOUND)
        st = sm_fail(err, SM_EDB, "%s: cannot count", db->path);
    sm_sql_finalize(s);
    return st;
}

sm_status
sm_pg_stats_get(sm_store *db, sm_store_stats *out, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;
    const char *span =
        "SELECT min(d), max(d) FROM (SELECT min(date) AS d FROM events"
        " UNION ALL SELECT max(date) FROM events"
        " UNION ALL SELECT min(valid_from) FROM zones"
        " UNION ALL SELECT max(coalesce(valid_to, valid_from)) FROM zones"
        " UNION ALL SELECT min(valid_from) FROM control"
        " UNION ALL SELECT max(valid_from) FROM control) AS days";

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
    if ((st = sm_sql_prepare(db, span, &s, err)) != SM_OK)
        return st;
    if ((st = sm_sql_step(s, err)) == SM_OK) {
        out->first_day = sm_sql_column_day(s, 0, SM_DAY_NONE);
        out->last_day = sm_sql_column_day(s, 1, SM_DAY_NONE);
    } else if (st == SM_ENOTFOUND) {
        st = sm_fail(err, SM_EDB, "%s: cannot read dates", db->path);
    }
    sm_sql_finalize(s);
    return st;
}

sm_status
sm_pg_latest_day(sm_store *db, sm_day *out, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT max(d) FROM (SELECT max(date) AS d FROM events"
                             " UNION ALL SELECT max(valid_from) FROM zones"
                             " UNION ALL SELECT max(valid_to) FROM zones"
                             " UNION ALL SELECT max(valid_from) FROM control) AS days", &s,
                             err)) != SM_OK)
        return st;
    if ((st = sm_sql_step(s, err)) == SM_OK)
        *out = sm_sql_column_day(s, 0, SM_DAY_NONE);
    else if (st == SM_ENOTFOUND)
        st = sm_fail(err, SM_EDB, "%s: cannot read the latest date", db->path);
    sm_sql_finalize(s);
    return st;
}

sm_status
sm_pg_factions_each(sm_store *db,
                    void (*fn)(const char *faction, long zones, long control, void *user),
                    void *user, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT faction, sum(z), sum(c) FROM"
                             " (SELECT faction, 1 AS z, 0 AS c FROM zones"
                             "  UNION ALL SELECT faction, 0, 1 FROM control) AS records"
                             " GROUP BY faction ORDER BY faction COLLATE \"C\"", &s,
                             err)) != SM_OK)
        return st;
    while ((st = sm_sql_step(s, err)) == SM_OK)
        fn(sm_sql_column_text(s, 0), (long)sm_sql_column_int64(s, 1),
           (long)sm_sql_column_int64(s, 2), user);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_pg_zone_areas_each(sm_store *db, sm_day day,
                      void (*fn)(const char *faction, double km2, void *user), void *user,
                      sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT faction, sum(area_km2) FROM zones"
                             " WHERE valid_from <= ?1 AND (valid_to IS NULL OR ?1 < valid_to)"
                             " GROUP BY faction ORDER BY faction COLLATE \"C\"", &s,
                             err)) != SM_OK)
        return st;
    sm_sql_bind_day(s, 1, day);
    while ((st = sm_sql_step(s, err)) == SM_OK)
        fn(sm_sql_column_text(s, 0), sm_sql_column_double(s, 1), user);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_pg_faction_add(sm_store *db, const char *id, const char *label, const char *colour,
                  sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    /* the arguments were checked by sm_store_faction_add */
    if ((st = sm_sql_prepare(db, "INSERT INTO factions (id, label, colour) VALUES (?1, ?2, ?3)"
                             " ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label,"
                             " colour = EXCLUDED.colour", &s, err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, id);
    sm_sql_bind_text(s, 2, label);
    sm_sql_bind_text(s, 3, colour);
    st = sm_sql_step(s, err);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_pg_known_factions_each(sm_store *db,
                          void (*fn)(const char *id, const char *label, const char *colour,
                                     void *user),
                          void *user, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT id, label, colour FROM factions"
                             " UNION ALL SELECT DISTINCT f, NULL, NULL FROM"
                             " (SELECT faction AS f FROM zones UNION SELECT other_faction FROM zones"
                             "  UNION SELECT faction FROM control) AS named"
                             " WHERE f IS NOT NULL AND f NOT IN (SELECT id FROM factions)", &s,
                             err)) != SM_OK)
        return st;
    while ((st = sm_sql_step(s, err)) == SM_OK)
        fn(sm_sql_column_text(s, 0), sm_sql_column_text(s, 1), sm_sql_column_text(s, 2), user);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}
