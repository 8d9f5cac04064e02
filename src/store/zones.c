/* SPDX-License-Identifier: MIT */
/*
 * zones.c - writing control zones (validated, repaired, stored as
 * multipolygons) and reading those valid on a day.
 *
 * Repair follows SpatiaLite: MakeValid (RTTOPO), then only the polygonal
 * parts are kept (CollectionExtract type 3). A ring that collapses to a line
 * leaves nothing, and the zone is rejected with GEOS's reason. Outer rings
 * are stored counter-clockwise and holes clockwise (RFC 7946's rule), so a
 * zone reads back the same from every format. PostGIS repairs with its own
 * ST_MakeValid (GEOS's), whose parts may start at other vertices.
 *
 * One body for both backends, on the statement layer (sql.h); the repair,
 * the area and the geometries' forms are the dialect's (sm_sql_dialect).
 */
#include "store/sql.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* The statement that checks and repairs a zone's WKB (?1): whether it was
 * read, its type, whether it is valid and why not, and the repaired
 * multipolygon in the form SM_SQL_NATIVE_OUT gives. */
static const char *
zone_check_sql(sm_store *db, char *sql, size_t cap)
{
    char in[64], out[512];

    snprintf(in, sizeof(in), sm_sql_dialect(db, SM_SQL_GEOM_IN), 1);
    snprintf(out, sizeof(out), sm_sql_dialect(db, SM_SQL_NATIVE_OUT),
             sm_sql_dialect(db, SM_SQL_ZONE_REPAIR));
    snprintf(sql, cap, "SELECT g IS NULL, GeometryType(g), ST_IsValid(g), ST_IsValidReason(g),"
             " %s FROM (SELECT %s AS g) AS w", out, in);
    return sql;
}

/* The upsert of a zone, its geometry (?8) as the check gave it. */
static const char *
zone_put_sql(sm_store *db, char *sql, size_t cap)
{
    char geom[64], area[96];

    snprintf(geom, sizeof(geom), sm_sql_dialect(db, SM_SQL_NATIVE_IN), 8);
    snprintf(area, sizeof(area), sm_sql_dialect(db, SM_SQL_AREA), geom);
    snprintf(sql, cap,
             "INSERT INTO zones (uid, faction, valid_from, valid_to, status, name, source, geom,"
             " area_km2, other_faction, batch)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, %s, %s / 1e6, ?9, ?10)"
             " ON CONFLICT (uid) DO UPDATE SET faction = excluded.faction,"
             " other_faction = excluded.other_faction,"
             " valid_from = excluded.valid_from, valid_to = excluded.valid_to,"
             " status = excluded.status, name = excluded.name, source = excluded.source,"
             " geom = excluded.geom, area_km2 = excluded.area_km2, batch = excluded.batch"
             " WHERE zones.faction IS DISTINCT FROM excluded.faction"
             " OR zones.other_faction IS DISTINCT FROM excluded.other_faction"
             " OR zones.valid_from IS DISTINCT FROM excluded.valid_from"
             " OR zones.valid_to IS DISTINCT FROM excluded.valid_to"
             " OR zones.status IS DISTINCT FROM excluded.status"
             " OR zones.name IS DISTINCT FROM excluded.name"
             " OR zones.source IS DISTINCT FROM excluded.source"
             " OR zones.geom IS DISTINCT FROM excluded.geom", geom, area);
    return sql;
}

/* Check the zone's geometry; on success bind the repaired multipolygon to
 * parameter `param` of `put`. */
static sm_status
check_geometry(sm_store *db, const sm_zone *z, sm_sql_stmt *put, int param,
               bool *repaired, sm_error *err)
{
    sm_sql_stmt *s = db->zone_check;
    const unsigned char *fixed;
    const char *type, *reason;
    size_t len;
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

    sm_sql_reset(s);
    sm_sql_bind_blob(s, 1, z->wkb, z->wkb_len);
    if ((st = sm_sql_step(s, err)) != SM_OK) {
        if (st == SM_ENOTFOUND)
            st = sm_fail(err, SM_EDB, "%s: cannot check a geometry", db->path);
        st = sm_store__failed(db, err, st, "cannot check a geometry");
        goto done;
    }
    type = sm_sql_column_text(s, 1);
    if (sm_sql_column_int64(s, 0)) {
        st = sm_fail(err, SM_EINPUT, "unreadable geometry");
        goto done;
    }
    if (type == NULL || strstr(type, "POLYGON") == NULL) {
        st = sm_fail(err, SM_EINPUT, "geometry is a %s, not a polygon",
                     type ? type : "empty geometry");
        goto done;
    }
    if (sm_sql_column_null(s, 4)) {
        reason = sm_sql_column_text(s, 3);
        st = sm_fail(err, SM_EINPUT, "invalid geometry that cannot be repaired (%s)",
                     reason ? reason : "no polygon left after repair");
        goto done;
    }
    if (repaired)
        *repaired = sm_sql_column_int64(s, 2) != 1;
    fixed = sm_sql_column_blob(s, 4, &len);
    if (fixed == NULL)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    else
        sm_sql_bind_blob(put, param, fixed, len);
done:
    sm_sql_reset(s);
    return st;
}

sm_status
sm_store_zone_put(sm_store *db, const sm_zone *z, sm_put_result *res, bool *repaired,
                  sm_error *err)
{
    sm_sql_stmt *s;
    sm_status st;
    bool found;

    if (sm_store__bulk_end(db, err) != SM_OK)
        return SM_EDB;
    if (db->zone_put == NULL) {         /* the last of them prepared */
        char check[1024], put[2048];
        if ((st = sm_sql_prepare_kept(db, &db->zone_check,
                                      zone_check_sql(db, check, sizeof(check)), err)) != SM_OK ||
            (st = sm_sql_prepare_kept(db, &db->zone_exists, "SELECT 1 FROM zones WHERE uid = ?1",
                                      err)) != SM_OK ||
            (st = sm_sql_prepare_kept(db, &db->zone_put, zone_put_sql(db, put, sizeof(put)),
                                      err)) != SM_OK)
            return st;
    }
    sm_sql_bind_text(db->zone_exists, 1, z->uid);
    st = sm_sql_step(db->zone_exists, err);
    sm_sql_reset(db->zone_exists);
    if (st != SM_OK && st != SM_ENOTFOUND)
        return sm_store__failed(db, err, st, "cannot store a zone");
    found = st == SM_OK;
    s = db->zone_put;
    sm_sql_reset(s);
    if ((st = check_geometry(db, z, s, 8, repaired, err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, z->uid);
    sm_sql_bind_text(s, 2, z->faction);
    sm_sql_bind_day(s, 3, z->valid_from);
    sm_sql_bind_day(s, 4, z->valid_to);
    sm_sql_bind_text(s, 5, z->status ? z->status : "held");
    sm_sql_bind_text(s, 6, z->name);
    sm_sql_bind_text(s, 7, z->source);
    sm_sql_bind_text(s, 9, z->other);
    sm_store__bind_batch_sql(db, s, 10);
    if ((st = sm_sql_step(s, err)) != SM_ENOTFOUND) {
        st = sm_store__failed(db, err, st, "cannot store a zone");
    } else {
        st = SM_OK;
        if (res)
            *res = !found ? SM_PUT_NEW : sm_sql_changes(s) ? SM_PUT_UPDATED : SM_PUT_SAME;
    }
    sm_sql_reset(s);
    return st;
}

/* A zone's columns as sm_store_zones_next reads them (printf's %s: the
 * geometry's), and the zones valid on ?1 in the order a map draws them
 * (printf's %s twice: the dialect's byte order). */
#define ZONE_COLUMNS                                                                           \
    "uid, faction, valid_from, valid_to, status, name, source, %s, area_km2, other_faction"
#define ZONES_VALID_IN_ORDER                                                                   \
    " FROM zones WHERE valid_from <= ?1 AND (valid_to IS NULL OR ?1 < valid_to)"              \
    " ORDER BY faction%s, valid_from, uid%s"

/* The zones valid on day, their geometries as geom_part gives them
 * (printf's %s: the column), in order: on a file their ids sorted, each row
 * then read by its id, so that no sort carries the geometries; where the
 * server sorts them well, the rows sorted there (sm_sql_sorts_geometries). */
static sm_status
zones_open(sm_store *db, sm_day day, sm_sql_part geom_part, sm_store_cursor **out,
           sm_error *err)
{
    sm_sql_stmt *ids = NULL, *fetch = NULL;
    const char *order = sm_sql_dialect(db, SM_SQL_BYTE_ORDER);
    char geom[64], sql[640];
    sm_status st;

    snprintf(geom, sizeof(geom), sm_sql_dialect(db, geom_part), "geom");
    *out = NULL;
    if (sm_sql_sorts_geometries(db)) {
        snprintf(sql, sizeof(sql), "SELECT " ZONE_COLUMNS ZONES_VALID_IN_ORDER, geom, order,
                 order);
        if ((st = sm_sql_prepare(db, sql, &fetch, err)) != SM_OK)
            return st;
        sm_sql_bind_day(fetch, 1, day);
        return sm_store__cursor_sql(db, fetch, out, err);
    }
    snprintf(sql, sizeof(sql), "SELECT id" ZONES_VALID_IN_ORDER, order, order);
    if ((st = sm_sql_prepare(db, sql, &ids, err)) != SM_OK)
        return st;
    snprintf(sql, sizeof(sql), "SELECT " ZONE_COLUMNS " FROM zones WHERE id = ?1", geom);
    if ((st = sm_sql_prepare(db, sql, &fetch, err)) != SM_OK) {
        sm_sql_finalize(ids);
        return st;
    }
    sm_sql_bind_day(ids, 1, day);
    return sm_store__cursor_sql_by_id(db, ids, fetch, out, err);
}

sm_status
sm_store_zones_open(sm_store *db, sm_day day, sm_store_cursor **out, sm_error *err)
{
    return zones_open(db, day, SM_SQL_GEOM_OUT, out, err);
}

sm_status
sm_store_zones_open_native(sm_store *db, sm_day day, sm_store_cursor **out, sm_error *err)
{
    return zones_open(db, day, SM_SQL_NATIVE_OUT, out, err);
}

bool
sm_store_zones_native(const sm_store_cursor *cur)
{
    return sm_sql_geom_native(cur->db);
}

sm_status
sm_store_zones_next(sm_store_cursor *cur, sm_zone *z, sm_error *err)
{
    sm_status st = sm_store__cursor_step(cur, err);
    sm_sql_stmt *s = sm_store__cursor_sql_row(cur);

    if (st != SM_OK)
        return st;
    memset(z, 0, sizeof(*z));
    z->uid = sm_sql_column_text(s, 0);
    z->faction = sm_sql_column_text(s, 1);
    z->valid_from = sm_sql_column_day(s, 2, SM_DAY_NONE);
    z->valid_to = sm_sql_column_day(s, 3, SM_DAY_OPEN);
    z->status = sm_sql_column_text(s, 4);
    z->name = sm_sql_column_text(s, 5);
    z->source = sm_sql_column_text(s, 6);
    z->wkb = sm_sql_column_blob(s, 7, &z->wkb_len);
    z->area_km2 = sm_sql_column_double(s, 8);
    z->other = sm_sql_column_text(s, 9);
    return SM_OK;
}
