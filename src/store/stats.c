/* SPDX-License-Identifier: MIT */
/* stats.c - what a database holds: counts, the span of its dates, factions.
 * The same SQL on both backends (a name for each subquery in FROM, as
 * PostgreSQL asks), through the statement layer (sql.h). */
#include "store/sql.h"
#include "store/store_int.h"

#include <stdio.h>

/* The statement *s stepped to its one row; an SM_EDB failure naming what
 * when there is none. */
static sm_status
one_row(sm_store *db, const char *sql, const char *what, sm_sql_stmt **s, sm_error *err)
{
    sm_status st;

    if ((st = sm_sql_prepare(db, sql, s, err)) != SM_OK)
        return st;
    if ((st = sm_sql_step(*s, err)) == SM_ENOTFOUND)
        st = sm_fail(err, SM_EDB, "%s: %s", db->path, what);
    return st;
}

static sm_status
count(sm_store *db, const char *sql, long *out, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = one_row(db, sql, "cannot count", &s, err)) == SM_OK)
        *out = (long)sm_sql_column_int64(s, 0);
    sm_sql_finalize(s);
    return st;
}

sm_status
sm_store_stats_get(sm_store *db, sm_store_stats *out, sm_error *err)
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
    if ((st = one_row(db, span, "cannot read dates", &s, err)) == SM_OK) {
        out->first_day = sm_sql_column_day(s, 0, SM_DAY_NONE);
        out->last_day = sm_sql_column_day(s, 1, SM_DAY_NONE);
    }
    sm_sql_finalize(s);
    return st;
}

sm_status
sm_store_latest_day(sm_store *db, sm_day *out, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;
    /* each through its index */
    const char *sql =
        "SELECT max(d) FROM (SELECT max(date) AS d FROM events"
        " UNION ALL SELECT max(valid_from) FROM zones"
        " UNION ALL SELECT max(valid_to) FROM zones"
        " UNION ALL SELECT max(valid_from) FROM control) AS days";

    if ((st = one_row(db, sql, "cannot read the latest date", &s, err)) == SM_OK)
        *out = sm_sql_column_day(s, 0, SM_DAY_NONE);
    sm_sql_finalize(s);
    return st;
}

sm_status
sm_store_factions_each(sm_store *db,
                       void (*fn)(const char *faction, long zones, long control, void *user),
                       void *user, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;
    char sql[320];

    snprintf(sql, sizeof(sql),
             "SELECT faction, sum(z), sum(c) FROM"
             " (SELECT faction, 1 AS z, 0 AS c FROM zones"
             "  UNION ALL SELECT faction, 0, 1 FROM control) AS records"
             " GROUP BY faction ORDER BY faction%s", sm_sql_dialect(db, SM_SQL_BYTE_ORDER));
    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    while ((st = sm_sql_step(s, err)) == SM_OK)
        fn(sm_sql_column_text(s, 0), (long)sm_sql_column_int64(s, 1),
           (long)sm_sql_column_int64(s, 2), user);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_store_zone_areas_each(sm_store *db, sm_day day,
                         void (*fn)(const char *faction, double km2, void *user), void *user,
                         sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;
    char sql[320];

    snprintf(sql, sizeof(sql),
             "SELECT faction, sum(area_km2) FROM zones"
             " WHERE valid_from <= ?1 AND (valid_to IS NULL OR ?1 < valid_to)"
             " GROUP BY faction ORDER BY faction%s", sm_sql_dialect(db, SM_SQL_BYTE_ORDER));
    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    sm_sql_bind_day(s, 1, day);
    while ((st = sm_sql_step(s, err)) == SM_OK)
        fn(sm_sql_column_text(s, 0), sm_sql_column_double(s, 1), user);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}
