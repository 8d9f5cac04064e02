/* SPDX-License-Identifier: MIT */
/*
 * zones.c - writing control zones (validated, repaired, stored as
 * multipolygons) and reading those valid on a day.
 *
 * Repair follows SpatiaLite: MakeValid (RTTOPO), then only the polygonal
 * parts are kept (CollectionExtract type 3). A ring that collapses to a line
 * leaves nothing, and the zone is rejected with GEOS's reason. Outer rings
 * are stored counter-clockwise and holes clockwise (RFC 7946's rule), so a
 * zone reads back the same from every format.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

static const char zone_check_sql[] =
    "SELECT g IS NULL, GeometryType(g), ST_IsValid(g), ST_IsValidReason(g),"
    " ST_ForcePolygonCCW(CASE WHEN ST_IsValid(g) = 1 THEN CastToMultiPolygon(g)"
    "  ELSE CastToMultiPolygon(CollectionExtract(MakeValid(g), 3)) END)"
    " FROM (SELECT GeomFromWKB(?1, 4326) AS g)";

static const char zone_put_sql[] =
    "INSERT INTO zones (uid, faction, valid_from, valid_to, status, name, source, geom,"
    " area_km2, other_faction, batch)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ST_Area(?8, 1) / 1e6, ?9, ?10)"
    " ON CONFLICT (uid) DO UPDATE SET faction = excluded.faction,"
    " other_faction = excluded.other_faction,"
    " valid_from = excluded.valid_from, valid_to = excluded.valid_to,"
    " status = excluded.status, name = excluded.name, source = excluded.source,"
    " geom = excluded.geom, area_km2 = excluded.area_km2, batch = excluded.batch"
    " WHERE zones.faction IS NOT excluded.faction"
    " OR zones.other_faction IS NOT excluded.other_faction"
    " OR zones.valid_from IS NOT excluded.valid_from"
    " OR zones.valid_to IS NOT excluded.valid_to OR zones.status IS NOT excluded.status"
    " OR zones.name IS NOT excluded.name OR zones.source IS NOT excluded.source"
    " OR zones.geom IS NOT excluded.geom";

/* Check the zone's geometry; on success bind the repaired multipolygon to
 * parameter `param` of `put`. */
static sm_status
check_geometry(sm_store *db, const sm_zone *z, sqlite3_stmt *put, int param,
               bool *repaired, sm_error *err)
{
    sqlite3_stmt *s = db->zone_check;
    const char *type, *reason;
    long crossings;
    sm_status st;

    /* MakeValid's time grows with the crossings it resolves: refuse a
     * tangle rather than hang on it */
    if ((st = sm_store__crossings(z->wkb, z->wkb_len, SM_ZONE_MAX_CROSSINGS, &crossings,
                                  err)) != SM_OK)
        return st;
    if (crossings >= SM_ZONE_MAX_CROSSINGS)
        return sm_fail(err, SM_EINPUT, "the boundary crosses itself %ld times or more: too"
                       " tangled to repair (redraw it, or repair it in a GIS)",
                       (long)SM_ZONE_MAX_CROSSINGS);

    sqlite3_reset(s);
    sqlite3_bind_blob(s, 1, z->wkb, (int)z->wkb_len, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW) {
        st = sm_store__fail(db, err, "cannot check a geometry");
        goto done;
    }
    type = (const char *)sqlite3_column_text(s, 1);
    if (sqlite3_column_int(s, 0)) {
        st = sm_fail(err, SM_EINPUT, "unreadable geometry");
        goto done;
    }
    if (type == NULL || strstr(type, "POLYGON") == NULL) {
        st = sm_fail(err, SM_EINPUT, "geometry is a %s, not a polygon",
                     type ? type : "empty geometry");
        goto done;
    }
    if (sqlite3_column_type(s, 4) == SQLITE_NULL) {
        reason = (const char *)sqlite3_column_text(s, 3);
        st = sm_fail(err, SM_EINPUT, "invalid geometry that cannot be repaired (%s)",
                     reason ? reason : "no polygon left after repair");
        goto done;
    }
    if (repaired)
        *repaired = sqlite3_column_int(s, 2) != 1;
    sqlite3_bind_blob(put, param, sqlite3_column_blob(s, 4), sqlite3_column_bytes(s, 4),
                      SQLITE_TRANSIENT);
done:
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return st;
}

sm_status
sm_store_zone_put(sm_store *db, const sm_zone *z, sm_put_result *res, bool *repaired,
                  sm_error *err)
{
    sqlite3_stmt *s;
    sm_status st;
    bool found;

    if (sm_store__bulk_end(db, err) != SM_OK)
        return SM_EDB;
    if (sm_store__prepare(db, &db->zone_check, zone_check_sql, err) != SM_OK ||
        sm_store__prepare(db, &db->zone_put, zone_put_sql, err) != SM_OK ||
        sm_store__prepare(db, &db->zone_exists, "SELECT 1 FROM zones WHERE uid = ?1",
                          err) != SM_OK)
        return SM_EDB;
    sqlite3_bind_text(db->zone_exists, 1, z->uid, -1, SQLITE_STATIC);
    found = sqlite3_step(db->zone_exists) == SQLITE_ROW;
    sqlite3_reset(db->zone_exists);
    s = db->zone_put;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    st = check_geometry(db, z, s, 8, repaired, err);
    if (st != SM_OK)
        return st;
    sm_store__bind_text(s, 1, z->uid);
    sm_store__bind_text(s, 2, z->faction);
    sm_store__bind_day(s, 3, z->valid_from);
    sm_store__bind_day(s, 4, z->valid_to);
    sm_store__bind_text(s, 5, z->status ? z->status : "held");
    sm_store__bind_text(s, 6, z->name);
    sm_store__bind_text(s, 7, z->source);
    sm_store__bind_text(s, 9, z->other);
    sm_store__bind_batch(db, s, 10);
    if (sqlite3_step(s) != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot store a zone");
    else if (res)
        *res = !found ? SM_PUT_NEW : sqlite3_changes(db->db) ? SM_PUT_UPDATED : SM_PUT_SAME;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return st;
}

static sm_status
zones_open(sm_store *db, sm_day day, const char *geom, sm_store_cursor **out, sm_error *err)
{
    sqlite3_stmt *ids = NULL, *fetch = NULL;
    char sql[512];

    snprintf(sql, sizeof(sql),
             "SELECT uid, faction, valid_from, valid_to, status, name, source, %s,"
             " area_km2, other_faction FROM zones WHERE id = ?1", geom);
    *out = NULL;
    if (sm_store__prepare(db, &ids, "SELECT id FROM zones WHERE valid_from <= ?1 AND"
                          " (valid_to IS NULL OR ?1 < valid_to)"
                          " ORDER BY faction, valid_from, uid", err) != SM_OK ||
        sm_store__prepare(db, &fetch, sql, err) != SM_OK) {
        sqlite3_finalize(ids);
        return SM_EDB;
    }
    sm_store__bind_day(ids, 1, day);
    return sm_store__cursor_by_id(db, ids, fetch, out, err);
}

sm_status
sm_store_zones_open(sm_store *db, sm_day day, sm_store_cursor **out, sm_error *err)
{
    return zones_open(db, day, "AsBinary(geom)", out, err);
}

sm_status
sm_store_zones_open_native(sm_store *db, sm_day day, sm_store_cursor **out, sm_error *err)
{
    return zones_open(db, day, "geom", out, err);
}

sm_status
sm_store_zones_next(sm_store_cursor *cur, sm_zone *z, sm_error *err)
{
    sm_status st = sm_store__cursor_step(cur, err);
    sqlite3_stmt *s = sm_store__cursor_row(cur);

    if (st != SM_OK)
        return st;
    memset(z, 0, sizeof(*z));
    z->uid = (const char *)sqlite3_column_text(s, 0);
    z->faction = (const char *)sqlite3_column_text(s, 1);
    z->valid_from = sm_store__column_day(s, 2, SM_DAY_NONE);
    z->valid_to = sm_store__column_day(s, 3, SM_DAY_OPEN);
    z->status = (const char *)sqlite3_column_text(s, 4);
    z->name = (const char *)sqlite3_column_text(s, 5);
    z->source = (const char *)sqlite3_column_text(s, 6);
    z->wkb = sqlite3_column_blob(s, 7);
    z->wkb_len = (size_t)sqlite3_column_bytes(s, 7);
    z->area_km2 = sqlite3_column_double(s, 8);
    z->other = (const char *)sqlite3_column_text(s, 9);
    return SM_OK;
}
