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
 *
 * One body for both backends, on the statement layer (sql.h): the areas,
 * the empty differences and the spatial index are the dialect's.
 */
#include "store/sql.h"
#include "store/store_int.h"

#include <stdio.h>

#define VALID(day) "valid_from <= " day " AND (valid_to IS NULL OR " day " < valid_to)"

/* The dialect's text of part, its %s given arg, into buf. */
static const char *
part(sm_store *db, sm_sql_part p, const char *arg, char *buf, size_t cap)
{
    snprintf(buf, cap, sm_sql_dialect(db, p), arg);
    return buf;
}

/* For each faction: area on d1 (?1) and d2 (?2), then gained and lost. */
static const char *
changes_sql(sm_store *db, char *sql, size_t cap)
{
    char area[64], gained[320], lost[320];
    const char *order = sm_sql_dialect(db, SM_SQL_BYTE_ORDER);

    part(db, SM_SQL_AREA, "ST_Union(geom)", area, sizeof(area));
    part(db, SM_SQL_AREA, "ST_Difference("
         "(SELECT ST_Union(geom) FROM new2 WHERE new2.faction = f.faction),"
         " (SELECT ST_Union(geom) FROM z1 WHERE z1.faction = f.faction))", gained,
         sizeof(gained));
    part(db, SM_SQL_AREA, "ST_Difference("
         "(SELECT ST_Union(geom) FROM old1 WHERE old1.faction = f.faction),"
         " (SELECT ST_Union(geom) FROM z2 WHERE z2.faction = f.faction))", lost, sizeof(lost));
    snprintf(sql, cap,
        "WITH z1 AS (SELECT uid, faction, geom, area_km2 FROM zones WHERE " VALID("?1") "),"
        " z2 AS (SELECT uid, faction, geom, area_km2 FROM zones WHERE " VALID("?2") "),"
        " new2 AS (SELECT * FROM z2 WHERE uid NOT IN (SELECT uid FROM z1)),"
        " old1 AS (SELECT * FROM z1 WHERE uid NOT IN (SELECT uid FROM z2)),"
        " f AS (SELECT faction FROM z1 UNION SELECT faction FROM z2)"
        " SELECT f.faction,"
        "  coalesce((SELECT sum(area_km2) FROM z1 WHERE z1.faction = f.faction), 0),"
        "  coalesce((SELECT sum(area_km2) FROM z2 WHERE z2.faction = f.faction), 0),"
        /* gained: its new zones less its area on d1 (all of them if it had
         * none; an empty difference has no area) */
        "  CASE WHEN NOT EXISTS (SELECT 1 FROM new2 WHERE new2.faction = f.faction) THEN 0"
        "   WHEN NOT EXISTS (SELECT 1 FROM z1 WHERE z1.faction = f.faction) THEN"
        "    (SELECT %s FROM new2 WHERE new2.faction = f.faction) / 1e6"
        "   ELSE coalesce(%s, 0) / 1e6 END,"
        /* lost: its zones gone by d2 less its area on d2 */
        "  CASE WHEN NOT EXISTS (SELECT 1 FROM old1 WHERE old1.faction = f.faction) THEN 0"
        "   WHEN NOT EXISTS (SELECT 1 FROM z2 WHERE z2.faction = f.faction) THEN"
        "    (SELECT %s FROM old1 WHERE old1.faction = f.faction) / 1e6"
        "   ELSE coalesce(%s, 0) / 1e6 END"
        " FROM f ORDER BY f.faction%s", area, gained, area, lost, order);
    return sql;
}

sm_status
sm_store_zone_changes_each(sm_store *db, sm_day d1, sm_day d2,
                           void (*fn)(const sm_faction_change *c, void *user), void *user,
                           sm_error *err)
{
    sm_sql_stmt *s = NULL;
    char sql[4096];
    sm_status st;

    if ((st = sm_sql_prepare(db, changes_sql(db, sql, sizeof(sql)), &s, err)) != SM_OK)
        return st;
    sm_sql_bind_day(s, 1, d1);
    sm_sql_bind_day(s, 2, d2);
    while ((st = sm_sql_step(s, err)) == SM_OK) {
        sm_faction_change c = {
            .faction = sm_sql_column_text(s, 0),
            .km2_from = sm_sql_column_double(s, 1),
            .km2_to = sm_sql_column_double(s, 2),
            .gained_km2 = sm_sql_column_double(s, 3),
            .lost_km2 = sm_sql_column_double(s, 4),
        };
        fn(&c, user);
    }
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK
                              : sm_store__failed(db, err, st,
                                                 "cannot compare the zones of the two days");
}

/* Places that changed hands: town-level control records (each place's
 * latest record on or before each day), then gazetteer places of the
 * country ?4 (any when NULL) of at least ?3 people inside a zone new on d2
 * whose faction differs from that of the zone holding them on d1, unless a
 * control record within about 3 km already reports the change. The
 * spatial filters go through the index of zones and places. */
static const char *
places_sql(sm_store *db, char *sql, size_t cap)
{
    char zone_at_place[320], place_in_zone[320];
    const char *order = sm_sql_dialect(db, SM_SQL_BYTE_ORDER);

    snprintf(zone_at_place, sizeof(zone_at_place), sm_sql_dialect(db, SM_SQL_BOX_MEETS), "z",
             "p.geom", "zones");
    snprintf(place_in_zone, sizeof(place_in_zone), sm_sql_dialect(db, SM_SQL_BOX_MEETS), "p",
             "n.geom", "places");
    snprintf(sql, cap,
        "WITH a AS (SELECT place_key, faction FROM"
        "  (SELECT place_key, faction, row_number() OVER (PARTITION BY place_key"
        "   ORDER BY valid_from DESC) AS latest FROM control WHERE valid_from <= ?1) AS r"
        "  WHERE latest = 1),"
        " b AS (SELECT place_key, place, faction, valid_from, lon, lat FROM"
        "  (SELECT *, row_number() OVER (PARTITION BY place_key ORDER BY valid_from DESC)"
        "   AS latest FROM control WHERE valid_from <= ?2) AS r"
        "  WHERE latest = 1),"
        " z1 AS (SELECT id, uid, faction, geom FROM zones WHERE " VALID("?1") "),"
        " new2 AS (SELECT * FROM zones WHERE " VALID("?2") " AND uid NOT IN (SELECT uid FROM z1)),"
        " held AS (SELECT p.name AS place, n.faction AS to_faction, n.valid_from AS day,"
        "   ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat,"
        "   (SELECT z.faction FROM z1 z WHERE %s"
        "     AND ST_Contains(z.geom, p.geom) ORDER BY z.faction%s LIMIT 1) AS from_faction"
        "  FROM new2 n JOIN places p ON %s"
        "  AND p.population >= ?3 AND (p.country = ?4 OR ?4 IS NULL)"
        "  AND ST_Contains(n.geom, p.geom))"
        " SELECT * FROM"
        " (SELECT b.place AS place, a.faction AS from_faction, b.faction AS to_faction,"
        "   b.valid_from AS day, b.lon AS lon, b.lat AS lat, 'control' AS basis"
        "  FROM b JOIN a USING (place_key) WHERE a.faction <> b.faction"
        " UNION ALL"
        " SELECT place, from_faction, to_faction, day, lon, lat, 'zones' FROM held"
        "  WHERE from_faction IS NOT NULL AND from_faction <> to_faction"
        /* a place the control records already name (within about 3 km) once */
        "  AND NOT EXISTS (SELECT 1 FROM b JOIN a USING (place_key) WHERE a.faction <> b.faction"
        "   AND abs(b.lon - held.lon) < 0.03 AND abs(b.lat - held.lat) < 0.03)) AS changed"
        " ORDER BY day, place%s", zone_at_place, order, place_in_zone, order);
    return sql;
}

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
    sm_sql_stmt *s = NULL;
    char sql[4096];
    sm_status st;

    if ((st = sm_sql_prepare(db, places_sql(db, sql, sizeof(sql)), &s, err)) != SM_OK)
        return st;
    sm_sql_bind_day(s, 1, d1);
    sm_sql_bind_day(s, 2, d2);
    sm_sql_bind_int64(s, 3, min_population);
    sm_sql_bind_text(s, 4, country);
    while ((st = sm_sql_step(s, err)) == SM_OK) {
        sm_place_change c = {
            .place = sm_sql_column_text(s, 0),
            .from_faction = sm_sql_column_text(s, 1),
            .to_faction = sm_sql_column_text(s, 2),
            .day = sm_sql_column_day(s, 3, SM_DAY_NONE),
            .has_point = !sm_sql_column_null(s, 4),
            .lon_deg = sm_sql_column_double(s, 4),
            .lat_deg = sm_sql_column_double(s, 5),
            .basis = sm_sql_column_text(s, 6),
        };
        fn(&c, user);
    }
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK
                              : sm_store__failed(db, err, st,
                                                 "cannot list the places that changed hands");
}

/* The areas themselves, for change maps: for each faction, what it gained
 * and what it lost, as WKB (multi)polygons; none where nothing is left. */
static const char *
geoms_sql(sm_store *db, char *sql, size_t cap)
{
    char nonempty[192], wkb[256];
    const char *order = sm_sql_dialect(db, SM_SQL_BYTE_ORDER);

    part(db, SM_SQL_NONEMPTY, "CASE WHEN b IS NULL THEN a ELSE ST_Difference(a, b) END",
         nonempty, sizeof(nonempty));
    part(db, SM_SQL_GEOM_OUT, nonempty, wkb, sizeof(wkb));
    snprintf(sql, cap,
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
        " SELECT faction, gained, %s FROM g ORDER BY faction%s, gained", wkb, order);
    return sql;
}

sm_status
sm_store_zone_change_areas_each(sm_store *db, sm_day d1, sm_day d2,
                                void (*fn)(const char *faction, bool gained,
                                           const unsigned char *wkb, size_t len, void *user),
                                void *user, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    char sql[2048];
    const unsigned char *wkb;
    size_t len;
    sm_status st;

    if ((st = sm_sql_prepare(db, geoms_sql(db, sql, sizeof(sql)), &s, err)) != SM_OK)
        return st;
    sm_sql_bind_day(s, 1, d1);
    sm_sql_bind_day(s, 2, d2);
    while ((st = sm_sql_step(s, err)) == SM_OK)
        if ((wkb = sm_sql_column_blob(s, 2, &len)) != NULL)
            fn(sm_sql_column_text(s, 0), sm_sql_column_int64(s, 1) != 0, wkb, len, user);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK
                              : sm_store__failed(db, err, st,
                                                 "cannot compute the areas that changed hands");
}
