/* SPDX-License-Identifier: MIT */
/*
 * reports.c - one incident told by several sources, stored once.
 *
 * The news reports one incident in many outlets, each with its own words:
 * events extracted from different articles that are the same incident (the
 * same type, within a few km and a day of each other) are one event, with
 * each source's report kept in event_reports (uid, the event's uid, source,
 * notes). A report stored again, by its own uid, is found there and changes
 * nothing.
 */
#include "store/sql.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* The uid of the stored event that ev reports again, in uid (cap bytes), or
 * "" when there is none: of the events of ev's type within days of its day
 * and km of its point, told by another source, the nearest. */
static sm_status
same_incident(sm_store *db, const sm_event *ev, double km, int days, char *uid, size_t cap,
              sm_error *err)
{
    sm_sql_stmt *s = NULL;
    double best = km;
    sm_status st;

    uid[0] = '\0';
    if (!ev->has_point)
        return SM_OK;
    /* the source compared with the column first: PostgreSQL takes the
     * parameter's type from there */
    if ((st = sm_sql_prepare(db,
                             "SELECT uid, ST_Y(geom), ST_X(geom) FROM events"
                             " WHERE date BETWEEN ?1 AND ?2 AND type = ?3 AND geom IS NOT NULL"
                             " AND (source IS NULL OR source <> ?4 OR ?4 IS NULL)",
                             &s, err)) != SM_OK)
        return st;
    sm_sql_bind_day(s, 1, ev->day - days);
    sm_sql_bind_day(s, 2, ev->day + days);
    sm_sql_bind_text_static(s, 3, sm_event_type_name(ev->type));
    sm_sql_bind_text(s, 4, ev->source);
    while ((st = sm_sql_step(s, err)) == SM_OK) {
        double d = sm_gaz_distance_km(ev->lat_deg, ev->lon_deg, sm_sql_column_double(s, 1),
                                      sm_sql_column_double(s, 2));
        if (d <= best) {
            best = d;
            snprintf(uid, cap, "%s", sm_sql_column_text(s, 0));
        }
    }
    sm_sql_finalize(s);
    if (st != SM_ENOTFOUND)
        return sm_store__failed(db, err, st, "cannot look for the same incident");
    return SM_OK;
}

/* True (in *found) if uid is a report already kept of another event. */
static sm_status
known_report(sm_store *db, const char *uid, bool *found, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT 1 FROM event_reports WHERE uid = ?1", &s, err))
        != SM_OK)
        return st;
    sm_sql_bind_text_static(s, 1, uid);
    st = sm_sql_step(s, err);
    *found = st == SM_OK;
    sm_sql_finalize(s);
    if (st != SM_OK && st != SM_ENOTFOUND)
        return sm_store__failed(db, err, st, "cannot look up a report");
    return SM_OK;
}

sm_status
sm_store_report_put(sm_store *db, const sm_event *ev, double km, int days, sm_put_result *res,
                    sm_error *err)
{
    sm_sql_stmt *s = NULL;
    char same[128];
    bool found;
    sm_status st;

    /* the reports and the events' indexes, which a bulk load drops */
    if (sm_store__bulk_end(db, err) != SM_OK)
        return SM_EDB;
    if (res)
        *res = SM_PUT_SAME;
    if ((st = known_report(db, ev->uid, &found, err)) != SM_OK)
        return st;
    if (found)
        return SM_OK;
    if ((st = sm_store_event_exists(db, ev->uid, &found, err)) != SM_OK)
        return st;
    if (!found && (st = same_incident(db, ev, km, days, same, sizeof(same), err)) != SM_OK)
        return st;
    if (found || same[0] == '\0')
        return sm_store_event_put(db, ev, res, err);
    if ((st = sm_sql_prepare(db, "INSERT INTO event_reports (uid, event_uid, source, url,"
                             " notes, batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s, err))
        != SM_OK)
        return st;
    sm_sql_bind_text_static(s, 1, ev->uid);
    sm_sql_bind_text_static(s, 2, same);
    sm_sql_bind_text(s, 3, ev->source);
    sm_sql_bind_text(s, 4, ev->url);
    sm_sql_bind_text(s, 5, ev->notes);
    sm_store__bind_batch_sql(db, s, 6);
    st = sm_sql_step(s, err);
    sm_sql_finalize(s);
    if (st != SM_ENOTFOUND && st != SM_OK)
        return sm_store__failed(db, err, st, "cannot store a report");
    if (res)
        *res = SM_PUT_REPORT;
    return SM_OK;
}
