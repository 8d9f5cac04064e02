/* SPDX-License-Identifier: MIT */
/*
 * changes.c - what changed between two days: each faction's zone area on
 * both (on the ellipsoid), the area it gained and lost, and the places that
 * changed hands.
 *
 * Gains and losses are computed with GEOS through SpatiaLite, from the
 * zones that differ between the days only: a zone valid on both is part of
 * the faction's area on both, so F(d2) - F(d1) = (zones of F new on d2) -
 * F(d1), and likewise for losses. An unchanged map costs no geometry at all.
 */
#include "store/store_int.h"

#include <stdio.h>

#define VALID(day) "valid_from <= " day " AND (valid_to IS NULL OR " day " < valid_to)"

/* For each faction: area on d1 (?1) and d2 (?2), then gained and lost. */
static const char changes_sql[] =
    "WITH z1 AS (SELECT uid, faction, geom, area_km2 FROM zones WHERE " VALID("?1") "),"
    " z2 AS (SELECT uid, faction, geom, area_km2 FROM zones WHERE " VALID("?2") "),"
    " new2 AS (SELECT * FROM z2 WHERE uid NOT IN (SELECT uid FROM z1)),"
    " old1 AS (SELECT * FROM z1 WHERE uid NOT IN (SELECT uid FROM z2)),"
    " f AS (SELECT faction FROM z1 UNION SELECT faction FROM z2)"
    " SELECT f.faction,"
    "  coalesce((SELECT sum(area_km2) FROM z1 WHERE z1.faction = f.faction), 0),"
    "  coalesce((SELECT sum(area_km2) FROM z2 WHERE z2.faction = f.faction), 0),"
    /* gained: its new zones less its area on d1 (all of them if it had none;
     * an empty difference has no area) */
    "  CASE WHEN NOT EXISTS (SELECT 1 FROM new2 WHERE new2.faction = f.faction) THEN 0"
    "   WHEN NOT EXISTS (SELECT 1 FROM z1 WHERE z1.faction = f.faction) THEN"
    "    (SELECT ST_Area(ST_Union(geom), 1) FROM new2 WHERE new2.faction = f.faction) / 1e6"
    "   ELSE coalesce(ST_Area(ST_Difference("
    "    (SELECT ST_Union(geom) FROM new2 WHERE new2.faction = f.faction),"
    "    (SELECT ST_Union(geom) FROM z1 WHERE z1.faction = f.faction)), 1), 0) / 1e6 END,"
    /* lost: its zones gone by d2 less its area on d2 */
    "  CASE WHEN NOT EXISTS (SELECT 1 FROM old1 WHERE old1.faction = f.faction) THEN 0"
    "   WHEN NOT EXISTS (SELECT 1 FROM z2 WHERE z2.faction = f.faction) THEN"
    "    (SELECT ST_Area(ST_Union(geom), 1) FROM old1 WHERE old1.faction = f.faction) / 1e6"
    "   ELSE coalesce(ST_Area(ST_Difference("
    "    (SELECT ST_Union(geom) FROM old1 WHERE old1.faction = f.faction),"
    "    (SELECT ST_Union(geom) FROM z2 WHERE z2.faction = f.faction)), 1), 0) / 1e6 END"
    " FROM f ORDER BY f.faction";

sm_status
sm_store_zone_changes_each(sm_store *db, sm_day d1, sm_day d2,
                           void (*fn)(const sm_faction_change *c, void *user), void *user,
                           sm_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (sm_store__prepare(db, &s, changes_sql, err) != SM_OK)
        return SM_EDB;
    sm_store__bind_day(s, 1, d1);
    sm_store__bind_day(s, 2, d2);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sm_faction_change c = {
            .faction = (const char *)sqlite3_column_text(s, 0),
            .km2_from = sqlite3_column_double(s, 1),
            .km2_to = sqlite3_column_double(s, 2),
            .gained_km2 = sqlite3_column_double(s, 3),
            .lost_km2 = sqlite3_column_double(s, 4),
        };
        fn(&c, user);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot compare the zones of the two days");
    return SM_OK;
}

/* Places that changed hands: town-level control records (each place's
 * latest record on or before each day), then gazetteer places of the
 * country ?4 (any when NULL) of at least ?3 people inside a zone new on d2
 * whose faction differs from that of the zone holding them on d1, unless a
 * control record within about 3 km already reports the change. */
static const char places_sql[] =
    "WITH a AS (SELECT place_key, faction FROM"
    "  (SELECT place_key, faction, row_number() OVER (PARTITION BY place_key"
    "   ORDER BY valid_from DESC) AS latest FROM control WHERE valid_from <= ?1)"
    "  WHERE latest = 1),"
    " b AS (SELECT place_key, place, faction, valid_from, lon, lat FROM"
    "  (SELECT *, row_number() OVER (PARTITION BY place_key ORDER BY valid_from DESC)"
    "   AS latest FROM control WHERE valid_from <= ?2)"
    "  WHERE latest = 1),"
    " z1 AS (SELECT rowid AS id, uid, faction, geom FROM zones WHERE " VALID("?1") "),"
    " new2 AS (SELECT * FROM zones WHERE " VALID("?2") " AND uid NOT IN (SELECT uid FROM z1)),"
    " held AS (SELECT p.name AS place, n.faction AS to_faction, n.valid_from AS day,"
    "   X(p.geom) AS lon, Y(p.geom) AS lat,"
    "   (SELECT z.faction FROM z1 z WHERE z.id IN (SELECT pkid FROM idx_zones_geom"
    "     WHERE xmin <= X(p.geom) AND xmax >= X(p.geom) AND ymin <= Y(p.geom)"
    "     AND ymax >= Y(p.geom)) AND ST_Contains(z.geom, p.geom) ORDER BY z.faction LIMIT 1)"
    "   AS from_faction"
    "  FROM new2 n JOIN places p ON p.rowid IN (SELECT pkid FROM idx_places_geom"
    "   WHERE xmin <= MbrMaxX(n.geom) AND xmax >= MbrMinX(n.geom)"
    "   AND ymin <= MbrMaxY(n.geom) AND ymax >= MbrMinY(n.geom))"
    "  AND p.population >= ?3 AND (?4 IS NULL OR p.country = ?4)"
    "  AND ST_Contains(n.geom, p.geom))"
    " SELECT b.place, a.faction, b.faction, b.valid_from, b.lon, b.lat, 'control'"
    "  FROM b JOIN a USING (place_key) WHERE a.faction <> b.faction"
    " UNION ALL"
    " SELECT place, from_faction, to_faction, day, lon, lat, 'zones' FROM held"
    "  WHERE from_faction IS NOT NULL AND from_faction <> to_faction"
    /* a place the control records already name (within about 3 km) once */
    "  AND NOT EXISTS (SELECT 1 FROM b JOIN a USING (place_key) WHERE a.faction <> b.faction"
    "   AND abs(b.lon - held.lon) < 0.03 AND abs(b.lat - held.lat) < 0.03)"
    " ORDER BY 4, 1";

sm_status
sm_store_place_changes_each(sm_store *db, sm_day d1, sm_day d2, long min_population,
                            void (*fn)(const sm_place_change *c, void *user), void *user,
                            sm_error *err)
{
    char country[3];

    if (sm_store_gazetteer_country(db, country, err) != SM_OK)
        return SM_EDB;
    return sm_store_place_changes_in(db, country[0] ? country : NULL, d1, d2, min_population,
                                     fn, user, err);
}

sm_status
sm_store_place_changes_in(sm_store *db, const char *country, sm_day d1, sm_day d2,
                          long min_population, void (*fn)(const sm_place_change *c, void *user),
                          void *user, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (sm_store__prepare(db, &s, places_sql, err) != SM_OK)
        return SM_EDB;
    sm_store__bind_day(s, 1, d1);
    sm_store__bind_day(s, 2, d2);
    sqlite3_bind_int64(s, 3, min_population);
    sm_store__bind_text(s, 4, country);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sm_place_change c = {
            .place = (const char *)sqlite3_column_text(s, 0),
            .from_faction = (const char *)sqlite3_column_text(s, 1),
            .to_faction = (const char *)sqlite3_column_text(s, 2),
            .day = sm_store__column_day(s, 3, SM_DAY_NONE),
            .has_point = sqlite3_column_type(s, 4) != SQLITE_NULL,
            .lon_deg = sqlite3_column_double(s, 4),
            .lat_deg = sqlite3_column_double(s, 5),
            .basis = (const char *)sqlite3_column_text(s, 6),
        };
        fn(&c, user);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot list the places that changed hands");
    return SM_OK;
}

/* The areas themselves, for change maps: for each faction, what it gained
 * and what it lost, as WKB (multi)polygons. */
static const char geoms_sql[] =
    "WITH z1 AS (SELECT uid, faction, geom FROM zones WHERE " VALID("?1") "),"
    " z2 AS (SELECT uid, faction, geom FROM zones WHERE " VALID("?2") "),"
    " new2 AS (SELECT * FROM z2 WHERE uid NOT IN (SELECT uid FROM z1)),"
    " old1 AS (SELECT * FROM z1 WHERE uid NOT IN (SELECT uid FROM z2)),"
    " g AS (SELECT f.faction, 1 AS gained, (SELECT ST_Union(geom) FROM new2"
    "   WHERE new2.faction = f.faction) AS a, (SELECT ST_Union(geom) FROM z1"
    "   WHERE z1.faction = f.faction) AS b FROM (SELECT DISTINCT faction FROM new2) f"
    "  UNION ALL SELECT f.faction, 0, (SELECT ST_Union(geom) FROM old1"
    "   WHERE old1.faction = f.faction), (SELECT ST_Union(geom) FROM z2"
    "   WHERE z2.faction = f.faction) FROM (SELECT DISTINCT faction FROM old1) f)"
    " SELECT faction, gained, AsBinary(CASE WHEN b IS NULL THEN a ELSE ST_Difference(a, b) END)"
    " FROM g ORDER BY faction, gained";

sm_status
sm_store_zone_change_areas_each(sm_store *db, sm_day d1, sm_day d2,
                                void (*fn)(const char *faction, bool gained,
                                           const unsigned char *wkb, size_t len, void *user),
                                void *user, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (sm_store__prepare(db, &s, geoms_sql, err) != SM_OK)
        return SM_EDB;
    sm_store__bind_day(s, 1, d1);
    sm_store__bind_day(s, 2, d2);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (sqlite3_column_type(s, 2) == SQLITE_BLOB)
            fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_int(s, 1) != 0,
               sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2), user);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot compute the areas that changed hands");
    return SM_OK;
}
