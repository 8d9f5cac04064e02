/* SPDX-License-Identifier: MIT */
/* test_timeline.c - the situation on a day: zones in memory, front lines
 * where factions meet (shared, near, enclosed, claimed), advancing sides. */
#include "check.h"

#include <math.h>

#include <sqlite3.h>
#include <spatialite.h>

#include "sitmap.h"
#include "timeline/timeline.h"

static const sm_ingest_opts defaults = SM_INGEST_OPTS_INIT;

/* A zone feature: a box, or a box with a box-shaped hole. */
static void
box_feature(FILE *f, bool first, const char *faction, const char *status, const char *from,
            const char *to, double w, double s, double e, double n, const double *hole)
{
    fprintf(f, "%s{\"type\":\"Feature\",\"properties\":{\"faction\":\"%s\",\"status\":\"%s\","
               "\"valid_from\":\"%s\"%s%s%s},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
               "[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]",
            first ? "" : ",", faction, status, from, to ? ",\"valid_to\":\"" : "",
            to ? to : "", to ? "\"" : "", w, s, e, s, e, n, w, n, w, s);
    if (hole)
        fprintf(f, ",[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", hole[0], hole[1], hole[0],
                hole[3], hole[2], hole[3], hole[2], hole[1], hole[0], hole[1]);
    fprintf(f, "]}}\n");
}

typedef struct zone_spec {
    const char *faction, *status, *from, *to;
    double w, s, e, n;
    const double *hole;
} zone_spec;

/* A database holding the zones (and, when rows is not NULL, the control
 * records of those CSV rows). */
static bool
make_db(const zone_spec *z, size_t nz, const char *rows, sm_store **db)
{
    sm_error err = { 0 };
    FILE *f = fopen(check_path("zones.geojson"), "w");

    fprintf(f, "{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (size_t i = 0; i < nz; i++)
        box_feature(f, i == 0, z[i].faction, z[i].status ? z[i].status : "held", z[i].from,
                    z[i].to, z[i].w, z[i].s, z[i].e, z[i].n, z[i].hole);
    fprintf(f, "]}\n");
    fclose(f);
    remove(check_path("t.db"));
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, db, &err) == SM_OK &&
              sm_ingest_zones(*db, check_path("zones.geojson"), &defaults, NULL, &err) == SM_OK,
          "zones: %s", err.msg);
    if (rows && err.status == SM_OK) {
        f = fopen(check_path("control.csv"), "w");
        fprintf(f, "place,faction,date,lat,lon\n%s", rows);
        fclose(f);
        CHECK(sm_ingest_control(*db, check_path("control.csv"), &defaults, NULL, &err) == SM_OK,
              "control: %s", err.msg);
    }
    return err.status == SM_OK;
}

/* The situation on day: fronts at tol_km (tol_km < 0: none), zones derived
 * within derived_km, the change since `since` (NULL: none). */
static sm_situation *
build(sm_store *db, const char *day, double tol_km, double derived_km, const char *since,
      sm_timeline *t)
{
    sm_situation_opts o = SM_SITUATION_OPTS_INIT;
    sm_situation *s = NULL;
    sm_error err = { 0 };
    sm_day d;

    sm_day_parse(day, &d);
    o.fronts = tol_km >= 0;
    o.front_tolerance_km = tol_km;
    o.derived_max_km = derived_km;
    o.timeline = t;
    if (since) {
        sm_day_parse(since, &o.since);
        o.change_areas = true;
    }
    CHECK(sm_situation_build(db, d, &o, &s, &err) == SM_OK, "situation on %s: %s", day,
          err.msg);
    return s;
}

/* A database holding the zones, and the situation on day with fronts at tol_km. */
static bool
situation(const zone_spec *z, size_t nz, const char *day, double tol_km, sm_store **db,
          sm_situation **s)
{
    *s = make_db(z, nz, NULL, db) ? build(*db, day, tol_km, 0, NULL, NULL) : NULL;
    return *s != NULL;
}

static void
test_a_front_where_two_factions_share_a_boundary(void)
{
    /* a | b | b, and a above the first a: only a|b is a front; a's and b's
     * corners touching is not */
    static const zone_spec z[] = {
        { "a", NULL, "2020-01-01", NULL, 36, 35, 37, 36, NULL },
        { "b", NULL, "2020-01-01", NULL, 37, 35, 38, 36, NULL },
        { "b", NULL, "2020-01-01", NULL, 38, 35, 39, 36, NULL },
        { "a", NULL, "2020-01-01", NULL, 36, 36, 37, 37, NULL },
    };
    sm_situation *s = NULL;
    sm_store *db = NULL;

    if (situation(z, SM_LEN(z), "2020-02-01", 0, &db, &s)) {
        CHECK(s->nzones == 4 && s->geom.nrings == 4, "4 zones of one ring (%zu, %zu)", s->nzones,
              s->geom.nrings);
        CHECK(s->nfronts == 1, "one front, got %zu", s->nfronts);
        if (s->nfronts == 1) {
            const sm_front *f = &s->fronts[0];
            const double *p = &s->fpts[2 * f->first];
            CHECK(strcmp(f->left, "a") == 0 && strcmp(f->right, "b") == 0,
                  "a on the left, b on the right (%s, %s)", f->left, f->right);
            CHECK(f->n == 2 && p[0] == 37 && p[1] == 35 && p[2] == 37 && p[3] == 36,
                  "the shared edge, northwards: %u points, (%g %g) (%g %g)", f->n, p[0], p[1],
                  p[2], p[3]);
            CHECK(!f->claimed && !f->contested, "held on both sides");
        }
    }
    sm_situation_free(s);
    sm_store_close(db);
}

static void
test_zones_digitised_apart_meet_within_the_tolerance(void)
{
    /* a gap of 0.005 degrees (about 450 m) between a and b */
    static const zone_spec z[] = {
        { "a", NULL, "2020-01-01", NULL, 36, 35, 37, 36, NULL },
        { "b", "claimed", "2020-01-01", NULL, 37.005, 35.2, 38, 36.2, NULL },
    };
    sm_situation *s = NULL;
    sm_store *db = NULL;
    sm_error err = { 0 };

    if (situation(z, SM_LEN(z), "2020-02-01", 0, &db, &s)) {
        CHECK(s->nfronts == 0, "no front at zero tolerance, got %zu", s->nfronts);
        CHECK(sm_situation_fronts(s, 1.0, &err) == SM_OK && s->nfronts == 1,
              "one front within 1 km, got %zu", s->nfronts);
        if (s->nfronts == 1) {
            /* a's edge where b lies along it: from 35.2 N (within a piece
             * of 2 km) to 36 N */
            const sm_front *f = &s->fronts[0];
            double from = s->fpts[2 * f->first + 1], to = s->fpts[2 * (f->first + f->n) - 1];
            CHECK(fabs(from - 35.2) < 0.02 && to == 36 && s->fpts[2 * f->first] == 37,
                  "a's edge from 35.2 to 36 N (%g to %g)", from, to);
            CHECK(f->claimed, "dashed for the claimed side");
        }
    }
    sm_situation_free(s);
    sm_store_close(db);
}

static void
test_an_enclave_is_ringed_by_one_closed_front(void)
{
    static const double hole[] = { 36.4, 35.4, 36.6, 35.6 };
    static const zone_spec z[] = {
        { "b", NULL, "2020-01-01", NULL, 36, 35, 37, 36, hole },
        { "a", "besieged", "2020-01-01", NULL, 36.4, 35.4, 36.6, 35.6, NULL },
    };
    sm_situation *s = NULL;
    sm_store *db = NULL;

    if (situation(z, SM_LEN(z), "2020-02-01", 0, &db, &s)) {
        CHECK(s->nfronts == 1, "one front, got %zu", s->nfronts);
        if (s->nfronts == 1) {
            const sm_front *f = &s->fronts[0];
            const double *p = &s->fpts[2 * f->first];
            CHECK(f->n == 5 && p[0] == p[8] && p[1] == p[9], "a closed ring of 5 points (%u)",
                  f->n);
            CHECK(strcmp(f->left, "a") == 0 && strcmp(f->right, "b") == 0 && f->contested,
                  "the besieged enclave a inside b (%s | %s)", f->left, f->right);
        }
    }
    sm_situation_free(s);
    sm_store_close(db);
}

static void
test_the_side_that_gained_ground_advances(void)
{
    /* b held 37..38 until March; from March a holds 36..37.5, b 37.5..38 */
    static const zone_spec z[] = {
        { "a", NULL, "2020-01-01", "2020-03-01", 36, 35, 37, 36, NULL },
        { "b", NULL, "2020-01-01", "2020-03-01", 37, 35, 38, 36, NULL },
        { "a", NULL, "2020-03-01", NULL, 36, 35, 37.5, 36, NULL },
        { "b", NULL, "2020-03-01", NULL, 37.5, 35, 38, 36, NULL },
    };
    sm_situation_opts o = SM_SITUATION_OPTS_INIT;
    sm_situation *s = NULL, *still = NULL;
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_day day;

    sm_day_parse("2020-03-10", &day);
    o.fronts = true;
    o.advance_days = 24;                    /* since 15 February */
    if (make_db(z, SM_LEN(z), NULL, &db) &&
        sm_situation_build(db, day, &o, &s, &err) == SM_OK) {
        CHECK(s->nzones == 2 && s->nfronts == 1, "2 zones and 1 front on 10 March (%zu, %zu)",
              s->nzones, s->nfronts);
        if (s->nfronts == 1) {
            CHECK(s->fronts[0].advancing && strcmp(s->fronts[0].advancing, "a") == 0,
                  "a advanced (%s)", s->fronts[0].advancing ? s->fronts[0].advancing : "none");
            CHECK(s->fpts[2 * s->fronts[0].first] == 37.5, "the front at 37.5 E");
        }
        o.advance_days = 0;
        CHECK(sm_situation_build(db, day, &o, &still, &err) == SM_OK && still->nfronts == 1 &&
                  still->fronts[0].advancing == NULL,
              "over no time nobody advances");
    }
    CHECK(err.status == SM_OK, "%s", err.msg);
    sm_situation_free(s);
    sm_situation_free(still);
    sm_store_close(db);
}

/* SpatiaLite's own ST_Area on the ellipsoid of a polygon, in km2, through a
 * connection of its own: the independent figure a diff is checked against. */
static double
spatialite_area_km2(const char *wkt)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    void *cache = spatialite_alloc_connection();
    double km2 = -1;
    char sql[512];

    sqlite3_open(":memory:", &db);
    spatialite_init_ex(db, cache, 0);
    sqlite3_exec(db, "SELECT InitSpatialMetaData(1)", NULL, NULL, NULL);  /* the ellipsoids */
    snprintf(sql, sizeof(sql), "SELECT ST_Area(GeomFromText('%s', 4326), 1) / 1e6", wkt);
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        km2 = sqlite3_column_double(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    return km2;
}

static const sm_faction_change *
faction_change(const sm_diff *d, const char *id)
{
    for (size_t i = 0; i < d->nfactions; i++)
        if (strcmp(d->factions[i].faction, id) == 0)
            return &d->factions[i];
    return NULL;
}

/* From February to March a takes 37..37.5 E from b: a gains what b loses,
 * the area SpatiaLite gives that strip on its own, and the totals balance. */
static void
test_diff_areas_gains_and_losses(void)
{
    static const zone_spec z[] = {
        { "a", NULL, "2020-01-01", "2020-03-01", 36, 35, 37, 36, NULL },
        { "b", NULL, "2020-01-01", "2020-03-01", 37, 35, 38, 36, NULL },
        { "a", NULL, "2020-03-01", NULL, 36, 35, 37.5, 36, NULL },
        { "b", NULL, "2020-03-01", NULL, 37.5, 35, 38, 36, NULL },
    };
    sm_situation *s = NULL, *same = NULL;
    sm_store *db = NULL;
    double strip = spatialite_area_km2("POLYGON((37 35, 37.5 35, 37.5 36, 37 36, 37 35))");
    double whole = spatialite_area_km2("POLYGON((36 35, 37 35, 37 36, 36 36, 36 35))");

    if (make_db(z, SM_LEN(z), NULL, &db) &&
        (s = build(db, "2020-03-10", -1, 0, "2020-02-01", NULL)) != NULL) {
        const sm_diff *d = s->change;
        const sm_faction_change *a = faction_change(d, "a"), *b = faction_change(d, "b");
        CHECK(d->nfactions == 2 && a && b, "two factions, got %zu", d->nfactions);
        if (a && b) {
            CHECK(strip > 4000 && fabs(a->gained_km2 - strip) < 1e-3 * strip,
                  "a gained the strip: %.3f km2, SpatiaLite says %.3f", a->gained_km2, strip);
            CHECK(fabs(b->lost_km2 - a->gained_km2) < 1e-6 * strip && a->lost_km2 == 0 &&
                      b->gained_km2 == 0,
                  "b lost what a gained (%.3f, %.3f)", b->lost_km2, a->gained_km2);
            CHECK(fabs(a->km2_from - whole) < 1e-3 * whole, "a held %.1f km2 in February"
                  " (SpatiaLite: %.1f)", a->km2_from, whole);
            /* geodesic edges: two boxes cut at 37.5 E do not add up to two cut at
             * 37 E to the square metre */
            CHECK(fabs((a->km2_to - a->km2_from) + (b->km2_to - b->km2_from)) < 1e-5 * whole,
                  "the changes balance: %.6f (whole %.3f)", (a->km2_to - a->km2_from) +
                  (b->km2_to - b->km2_from), whole);
            CHECK(fabs((a->km2_to - a->km2_from) - (a->gained_km2 - a->lost_km2)) < 1e-3 * strip,
                  "a's change %.4f is its gain less its loss %.4f", a->km2_to - a->km2_from, a->gained_km2 - a->lost_km2);
        }
        same = build(db, "2020-03-10", -1, 0, "2020-03-10", NULL);
        CHECK(same && same->change->nfactions == 2 &&
                  same->change->factions[0].gained_km2 == 0 &&
                  same->change->factions[1].lost_km2 == 0 && same->change->nchanged == 0 &&
                  same->change->nareas == 0,
              "a day against itself: nothing changed");
        CHECK(d->nareas == 2 && strcmp(d->areas[0].faction, d->areas[1].faction) != 0,
              "a's gain and b's loss as areas for the change map (%zu)", d->nareas);
    }
    sm_situation_free(s);
    sm_situation_free(same);
    sm_store_close(db);
}

/* A place whose control changes on D shows the new faction on D and the
 * old one on D-1; the diff names it with the day. */
static void
test_a_place_changes_hands_on_its_day(void)
{
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_situation *d = NULL, *before = NULL;
    sm_store_cursor *cur = NULL;
    sm_control c;
    sm_day d0, dm1, dd;
    FILE *f = fopen(check_path("control.csv"), "w");
    const char *held[2] = { NULL, NULL };
    char keep[2][16] = { "", "" };

    fputs("place,faction,date,lat,lon\nTadef,isis,2017-01-01,36.348,37.53\n"
          "Tadef,regime,2017-02-26,36.348,37.53\n", f);
    fclose(f);
    sm_day_parse("2017-01-15", &d0);
    sm_day_parse("2017-02-25", &dm1);
    sm_day_parse("2017-02-26", &dd);
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &db, &err) == SM_OK &&
              sm_ingest_control(db, check_path("control.csv"), &defaults, NULL, &err) == SM_OK,
          "control: %s", err.msg);
    for (int k = 0; k < 2 && db; k++) {
        CHECK(sm_store_control_open(db, k ? dd : dm1, &cur, &err) == SM_OK, "%s", err.msg);
        if (cur && sm_store_control_next(cur, &c, &err) == SM_OK)
            snprintf(keep[k], sizeof(keep[k]), "%s", c.faction);
        held[k] = keep[k];
        sm_store_cursor_close(cur);
        cur = NULL;
    }
    CHECK(strcmp(held[0], "isis") == 0 && strcmp(held[1], "regime") == 0,
          "isis on 25 February, regime on the 26th (%s, %s)", held[0], held[1]);
    d = db ? build(db, "2017-02-26", -1, 0, "2017-01-15", NULL) : NULL;
    CHECK(d && d->change->nchanged == 1, "one place changed hands by the 26th (%zu)",
          d ? d->change->nchanged : 0);
    if (d && d->change->nchanged == 1)
        CHECK(strcmp(d->change->changed[0].place, "Tadef") == 0 &&
                  strcmp(d->change->changed[0].from_faction, "isis") == 0 &&
                  strcmp(d->change->changed[0].to_faction, "regime") == 0 &&
                  d->change->changed[0].day == dd,
              "Tadef, isis to regime, on the 26th");
    before = db ? build(db, "2017-02-25", -1, 0, "2017-01-15", NULL) : NULL;
    CHECK(before && before->change->nchanged == 0, "nothing changed by the 25th (%zu)",
          before ? before->change->nchanged : 0);
    CHECK(d0 < dm1, "the days in order");
    sm_situation_free(d);
    sm_situation_free(before);
    sm_store_close(db);
}

/* A place's cell when a neighbour stands 2d km away: its disc of r km less
 * the segment beyond the chord at d, r2 acos(d/r) - d sqrt(r2 - d2). */
static double
cell_km2(double r, double d)
{
    return M_PI * r * r - (r * r * acos(d / r) - d * sqrt(r * r - d * d));
}

static const sm_sit_zone *
derived_zone(const sm_situation *s, const char *faction)
{
    for (size_t i = 0; i < s->nzones; i++)
        if (strcmp(s->zones[i].status, "derived") == 0 && strcmp(s->zones[i].faction, faction) == 0)
            return &s->zones[i];
    return NULL;
}

/* Places alone: a disc of max_km each (about pi r2 on the ground). Places
 * 9 km apart: their cells meet halfway, and a front runs between them. A
 * zone given as a polygon wins over the derived ones. */
static void
test_zones_derived_from_control(void)
{
    static const zone_spec given[] = {
        { "c", NULL, "2020-01-01", NULL, 38.7, 35.7, 39.3, 36.3, NULL },
    };
    sm_situation *s = NULL;
    sm_store *db = NULL;
    sm_error err = { 0 };
    double disc = M_PI * 12 * 12;

    if (make_db(given, SM_LEN(given), "P,a,2020-01-01,35.0,36.0\nQ,b,2020-01-01,35.0,36.1\n"
                "R,a,2020-01-01,36.0,38.0\nS,b,2020-01-01,36.0,39.0\n", &db) &&
        (s = build(db, "2020-02-01", -1, 12, NULL, NULL)) != NULL) {
        const sm_sit_zone *a, *b;
        a = derived_zone(s, "a");
        b = derived_zone(s, "b");
        CHECK(a && b, "zones derived for a and b");
        /* P and Q, 9 km apart, split their discs at the bisector 4.5 km
         * from each: each keeps the disc less the segment beyond the chord,
         * r2 acos(d/r) - d sqrt(r2 - d2) = 120.8 km2. a: R's disc and P's
         * part; b: Q's part only, S lying in c's given zone. */
        double part = cell_km2(12, 4.5);
        if (a && b) {
            CHECK(fabs(a->area_km2 - (disc + part)) < 0.02 * (disc + part),
                  "a: a disc and a part (%.0f km2, want %.0f)", a->area_km2, disc + part);
            CHECK(fabs(b->area_km2 - part) < 0.02 * part,
                  "b: a part, S's disc given to c (%.0f km2, want %.0f)", b->area_km2, part);
            CHECK(b->east < 36.3 && b->east > 36.05, "b ends short of S: S, in c's given zone, seeds nothing (east edge %.2f)", b->east);
        }
        CHECK(sm_situation_fronts(s, 0, &err) == SM_OK && s->nfronts >= 1,
              "a front between P's and Q's cells (%zu)", s->nfronts);
        if (s->nfronts >= 1) {
            double lon = s->fpts[2 * s->fronts[0].first];
            CHECK(fabs(lon - 36.05) < 0.01, "halfway between P and Q (%.3f E)", lon);
        }
    }
    sm_situation_free(s);
    sm_store_close(db);
}

/* Outer rings of a zone (its separate pieces). */
static int
outer_rings(const sm_situation *s, const sm_sit_zone *z)
{
    int n = 0;

    for (uint32_t r = 0; r < z->nrings; r++)
        n += sm_mpoly_is_outer(&s->geom, &s->geom.rings[z->first_ring + r]);
    return n;
}

/* A place's reach follows the density of places around it: towns 25 km
 * apart (a 3 x 3 grid) reach their third nearest neighbours and make one
 * territory without a hole, where discs of 12 km would leave nine; a row of
 * villages 2.2 km apart reaches only a few km past the row. */
static void
test_derived_reach_follows_density(void)
{
    static const zone_spec none[] = {
        { "c", NULL, "2020-01-01", NULL, 30, 30, 30.1, 30.1, NULL },
    };
    char csv[2048];
    size_t len = 0;
    sm_situation *s = NULL;
    sm_store *db = NULL;

    for (int i = 0; i < 9; i++)          /* 0.225 deg of latitude: 25 km */
        len += (size_t)snprintf(csv + len, sizeof(csv) - len, "T%d,a,2020-01-01,%.4f,%.4f\n", i,
                                35.0 + 0.225 * (i / 3), 38.0 + 0.225 / cos(35.225 * M_PI / 180) * (i % 3));
    for (int i = 0; i < 6; i++)          /* 0.02 deg of latitude: 2.2 km, far to the west */
        len += (size_t)snprintf(csv + len, sizeof(csv) - len, "V%d,b,2020-01-01,%.3f,36.0\n", i,
                                35.0 + 0.02 * i);
    if (make_db(none, SM_LEN(none), csv, &db) &&
        (s = build(db, "2020-02-01", -1, 30, NULL, NULL)) != NULL) {
        const sm_sit_zone *a = derived_zone(s, "a"), *b = derived_zone(s, "b");
        CHECK(a && b, "zones derived for a and b");
        if (a) {
            CHECK(outer_rings(s, a) == 1 && a->nrings == 1,
                  "the towns make one territory (%d pieces, %u rings)", outer_rings(s, a),
                  a->nrings);
            /* each town reaches 25 sqrt(2) = 35 km, capped at 30: the grid's
             * 50 x 50 km square with 30 km round it, at most */
            CHECK(a->area_km2 > 50 * 50 + 4 * 50 * 25 && a->area_km2 < 110 * 110,
                  "about the grid and 30 km round it (%.0f km2)", a->area_km2);
        }
        if (b) {
            /* the 3rd nearest of a row 2.2 km apart is 4.5 to 6.7 km away */
            double west = (36.0 - b->west) * 111.32 * cos(35.05 * M_PI / 180);
            CHECK(west > 4 && west < 7.5, "the row reaches %.1f km west, not 30", west);
        }
    }
    sm_situation_free(s);
    sm_store_close(db);
}

/* With the country's border, the situation knows its area and what of it no
 * zone covers: the border's area less the zones'. */
static void
test_unknown_land_of_the_country(void)
{
    static const zone_spec given[] = {
        { "c", NULL, "2020-01-01", NULL, 36.0, 35.0, 36.5, 35.5, NULL },
    };
    const double square[] = { 35.0, 34.5, 37.5, 34.5, 37.5, 36.5, 35.0, 36.5, 35.0, 34.5 };
    sm_mpoly border = SM_MPOLY_INIT;
    sm_situation_opts o = SM_SITUATION_OPTS_INIT;
    sm_situation *s = NULL;
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_day day;

    sm_day_parse("2020-02-01", &day);
    CHECK(sm_mpoly_add_ring(&border, square, 5, true), "a border");
    o.derived_max_km = 12;
    o.clip = &border;
    if (make_db(given, SM_LEN(given), "P,a,2020-01-01,34.8,35.5\nQ,a,2020-01-01,36.0,37.0\n",
                &db)) {
        CHECK(sm_situation_build(db, day, &o, &s, &err) == SM_OK, "%s", err.msg);
        if (s) {
            double zoned = 0, whole = sm_mpoly_km2(&border, 0, border.nrings);
            for (size_t i = 0; i < s->nzones; i++)
                zoned += s->zones[i].area_km2;
            CHECK(fabs(s->clip_km2 - whole) < 1, "the country's area (%.0f, want %.0f)",
                  s->clip_km2, whole);
            CHECK(s->nzones == 2 && fabs(s->unknown_km2 - (whole - zoned)) < 1 &&
                      s->unknown_km2 > 0.8 * whole,
                  "no data: the rest (%.0f of %.0f km2, %zu zones)", s->unknown_km2, whole,
                  s->nzones);
        }
        /* a series' timeline keeps the border's area while the border is the
         * same, and measures another border anew */
        sm_timeline *t = sm_timeline_new();
        sm_mpoly half = SM_MPOLY_INIT;
        const double smaller[] = { 35.0, 34.5, 36.25, 34.5, 36.25, 36.5, 35.0, 36.5, 35.0, 34.5 };
        sm_situation *again[3] = { NULL, NULL, NULL };
        o.timeline = t;
        CHECK(sm_mpoly_add_ring(&half, smaller, 5, true), "a smaller border");
        for (int k = 0; k < 3; k++) {
            o.clip = k < 2 ? &border : &half;
            CHECK(sm_situation_build(db, day, &o, &again[k], &err) == SM_OK, "%s", err.msg);
        }
        if (s && again[0] && again[1] && again[2]) {
            CHECK(again[0]->clip_km2 == s->clip_km2 && again[1]->clip_km2 == s->clip_km2,
                  "the same border, the same area (%.0f)", again[1]->clip_km2);
            CHECK(fabs(again[2]->clip_km2 - s->clip_km2 / 2) < 0.01 * s->clip_km2,
                  "another border measured anew (%.0f of %.0f)", again[2]->clip_km2,
                  s->clip_km2);
        }
        for (int k = 0; k < 3; k++)
            sm_situation_free(again[k]);
        sm_mpoly_free(&half);
        sm_timeline_free(t);
        o.timeline = NULL;
        sm_situation_free(s);
        o.clip = NULL;
        CHECK(sm_situation_build(db, day, &o, &s, &err) == SM_OK && s->clip_km2 == 0 &&
                  s->unknown_km2 == 0,
              "without a border, nothing is said of the unknown");
    }
    sm_situation_free(s);
    sm_mpoly_free(&border);
    sm_store_close(db);
}

/* With a timeline, the same places give the same zones again, taken from
 * what it kept; a place more gives others, derived anew. */
static void
test_derived_zones_follow_the_places(void)
{
    static const zone_spec none[] = {
        { "c", NULL, "2020-01-01", NULL, 30, 30, 30.1, 30.1, NULL },
    };
    sm_situation *s = NULL, *again = NULL, *more = NULL, *alone = NULL;
    sm_timeline *t = sm_timeline_new();
    sm_store *db = NULL;
    sm_error err = { 0 };
    FILE *f;

    if (make_db(none, SM_LEN(none), "P,a,2020-01-01,35.0,36.0\nQ,b,2020-01-01,35.0,36.1\n",
                &db) &&
        (s = build(db, "2020-02-01", -1, 12, NULL, t)) != NULL &&
        (again = build(db, "2020-02-02", -1, 12, NULL, t)) != NULL) {
        CHECK(sm_timeline_reused(t) == 1, "the second day took the first's zones (%ld)",
              sm_timeline_reused(t));
        CHECK(again->nzones == s->nzones && again->geom.npts == s->geom.npts &&
                  memcmp(again->geom.pts, s->geom.pts, s->geom.npts * 2 * sizeof(double)) == 0,
              "the same zones again (%zu, %zu zones)", again->nzones, s->nzones);
        alone = build(db, "2020-02-02", -1, 12, NULL, NULL);
        CHECK(alone && alone->geom.npts == s->geom.npts &&
                  memcmp(alone->geom.pts, s->geom.pts, s->geom.npts * 2 * sizeof(double)) == 0,
              "the same zones derived without a timeline");
        f = fopen(check_path("more.csv"), "w");
        fputs("place,faction,date,lat,lon\nR,b,2020-01-15,35.05,36.05\n", f);
        fclose(f);
        CHECK(sm_ingest_control(db, check_path("more.csv"), &defaults, NULL, &err) == SM_OK,
              "a place more: %s", err.msg);
        more = build(db, "2020-02-03", -1, 12, NULL, t);
        CHECK(more && sm_timeline_reused(t) == 1, "derived anew (%ld)", sm_timeline_reused(t));
        CHECK(more && derived_zone(more, "b") && derived_zone(s, "b") &&
                  derived_zone(more, "b")->area_km2 > derived_zone(s, "b")->area_km2 + 10,
              "b holds more with R");
    }
    sm_situation_free(s);
    sm_situation_free(again);
    sm_situation_free(alone);
    sm_situation_free(more);
    sm_timeline_free(t);
    sm_store_close(db);
}

/* Two situations with the same zones given and front lines, field by
 * field and point by point. */
static bool
same_zones_and_fronts(const sm_situation *a, const sm_situation *b)
{
    if (a->nzones != b->nzones || a->ngiven != b->ngiven || a->geom.npts != b->geom.npts ||
        a->geom.nrings != b->geom.nrings || a->nfronts != b->nfronts || a->nfpts != b->nfpts ||
        memcmp(a->geom.pts, b->geom.pts, a->geom.npts * 2 * sizeof(double)) != 0 ||
        memcmp(a->geom.rings, b->geom.rings, a->geom.nrings * sizeof(sm_ring)) != 0 ||
        (a->nfpts && memcmp(a->fpts, b->fpts, a->nfpts * 2 * sizeof(double)) != 0) ||
        a->geom.west != b->geom.west || a->geom.north != b->geom.north)
        return false;
    for (size_t i = 0; i < a->nzones; i++) {
        const sm_sit_zone *x = &a->zones[i], *y = &b->zones[i];
        if (strcmp(x->uid, y->uid) || strcmp(x->faction, y->faction) ||
            strcmp(x->status, y->status) || x->first_ring != y->first_ring ||
            x->nrings != y->nrings || x->area_km2 != y->area_km2 || x->west != y->west ||
            x->east != y->east || x->south != y->south || x->north != y->north ||
            x->valid_from != y->valid_from || x->valid_to != y->valid_to)
            return false;
    }
    for (size_t i = 0; i < a->nfronts; i++) {
        const sm_front *x = &a->fronts[i], *y = &b->fronts[i];
        if (strcmp(x->left, y->left) || strcmp(x->right, y->right) || x->first != y->first ||
            x->n != y->n || x->claimed != y->claimed || x->contested != y->contested ||
            (x->advancing == NULL) != (y->advancing == NULL) ||
            (x->advancing && strcmp(x->advancing, y->advancing)))
            return false;
    }
    return true;
}

/* With a timeline, the days whose zone rows are the same take the zones
 * given and the front lines kept from the day before; a day when a zone
 * changes makes them again; every day, the same as without a timeline. */
static void
test_a_series_keeps_zones_and_fronts_while_they_stand(void)
{
    static const zone_spec z[] = {
        { "a", NULL, "2020-01-01", "2020-03-01", 36, 35, 37, 36, NULL },
        { "b", NULL, "2020-01-01", "2020-03-01", 37, 35, 38, 36, NULL },
        { "a", NULL, "2020-03-01", NULL, 36, 35, 37.5, 36, NULL },
        { "b", NULL, "2020-03-01", NULL, 37.5, 35, 38, 36, NULL },
    };
    static const char *const days[] = { "2020-02-27", "2020-02-28", "2020-02-29",
                                         "2020-03-01", "2020-03-02" };
    static const long given[] = { 0, 1, 2, 2, 3 }, fronts[] = { 0, 1, 2, 2, 3 };
    sm_timeline *t = sm_timeline_new();
    sm_store *db = NULL;

    if (!make_db(z, SM_LEN(z), NULL, &db))
        goto done;
    for (size_t i = 0; i < SM_LEN(days); i++) {
        sm_situation *s = build(db, days[i], 0, 0, NULL, t), *alone = build(db, days[i], 0, 0,
                                                                            NULL, NULL);
        CHECK(s && alone && s->nzones == 2 && s->nfronts > 0 && same_zones_and_fronts(s, alone),
              "%s: the zones and fronts of a build without a timeline", days[i]);
        CHECK(sm_timeline_reused_given(t) == given[i] && sm_timeline_reused_fronts(t) == fronts[i],
              "%s: zones given taken %ld times (want %ld), fronts %ld (want %ld)", days[i],
              sm_timeline_reused_given(t), given[i], sm_timeline_reused_fronts(t), fronts[i]);
        sm_situation_free(s);
        sm_situation_free(alone);
    }
done:
    sm_timeline_free(t);
    sm_store_close(db);
}

/* A place that changes hands moves its derived cell from one faction to the
 * other: the diff counts it lost by one and gained by the other, the cell's
 * area (the disc less the segment beyond the chord, as above). */
static void
test_diff_counts_derived_zones(void)
{
    static const zone_spec none[] = {
        { "c", NULL, "2020-01-01", NULL, 30, 30, 30.1, 30.1, NULL },
    };
    sm_situation *s = NULL;
    sm_store *db = NULL;
    double part = cell_km2(12, 4.5);

    if (make_db(none, SM_LEN(none), "P,a,2020-01-01,35.0,36.0\nQ,b,2020-01-01,35.0,36.1\n"
                "P,b,2020-01-20,35.0,36.0\n", &db) &&
        (s = build(db, "2020-02-01", -1, 12, "2020-01-10", NULL)) != NULL) {
        const sm_diff *d = s->change;
        const sm_faction_change *a = faction_change(d, "a"), *b = faction_change(d, "b");
        CHECK(a && b, "both factions in the diff");
        if (a && b) {
            CHECK(fabs(a->km2_from - part) < 0.02 * part && a->km2_to == 0,
                  "a held P's cell, then nothing (%.0f, %.0f; want %.0f, 0)", a->km2_from,
                  a->km2_to, part);
            CHECK(fabs(a->lost_km2 - part) < 0.02 * part && a->gained_km2 == 0,
                  "a lost P's cell (%.0f km2, want %.0f)", a->lost_km2, part);
            CHECK(fabs(b->gained_km2 - a->lost_km2) < 0.01 * part,
                  "b gained what a lost (%.0f, %.0f)", b->gained_km2, a->lost_km2);
            CHECK(fabs(b->km2_to - b->km2_from - b->gained_km2 + b->lost_km2) < 0.01 * part,
                  "b's areas balance (%.0f + %.0f - %.0f = %.0f)", b->km2_from, b->gained_km2,
                  b->lost_km2, b->km2_to);
        }
        CHECK(d->nareas == 2, "a gained and a lost area for the change map (%zu)", d->nareas);
    }
    sm_situation_free(s);
    sm_store_close(db);
}

/* Two places whose cells meet (so their zones share an edge), the first
 * 0.05 degree west of a zone given as a square, which shares its east edge
 * with another given zone: the derived zone stops at the square, along the
 * chord of its disc, and a front runs there, as long as that chord. */
static void
test_a_front_between_derived_and_given_zones(void)
{
    static const zone_spec given[] = {
        { "c", NULL, "2020-01-01", NULL, 36.0, 35.0, 36.5, 35.5, NULL },
        { "d", NULL, "2020-01-01", NULL, 36.5, 35.0, 37.0, 35.5, NULL },
    };
    sm_situation *s = NULL;
    sm_store *db = NULL;

    if (make_db(given, SM_LEN(given), "P,a,2020-01-01,35.25,35.95\nQ,b,2020-01-01,35.25,35.85\n",
                &db) &&
        (s = build(db, "2020-02-01", 0.5, 12, NULL, NULL)) != NULL) {
        double len = 0, kx = cos(35.25 * M_PI / 180);
        /* P is 0.05 * 111.32 * kx = 4.55 km from the edge: chord 2 sqrt(12^2 - 4.55^2) */
        double d = 0.05 * 111.32 * kx, chord = 2 * sqrt(144 - d * d);
        for (size_t i = 0; i < s->nfronts; i++) {
            const sm_front *f = &s->fronts[i];
            if (!((strcmp(f->left, "a") == 0 && strcmp(f->right, "c") == 0) ||
                  (strcmp(f->left, "c") == 0 && strcmp(f->right, "a") == 0)))
                continue;
            for (uint32_t k = 0; k + 1 < f->n; k++) {
                const double *p = &s->fpts[2 * (size_t)(f->first + k)];
                len += hypot((p[2] - p[0]) * kx, p[3] - p[1]) * 111.32;
            }
        }
        CHECK(fabs(len - chord) < 0.1 * chord, "a front a|c as long as the chord (%.1f km, "
              "want %.1f)", len, chord);
    }
    sm_situation_free(s);
    sm_store_close(db);
}

/* The fronts derived on a thread of their own while the events are read,
 * or on the calling thread alone: the same lines, point for point. */
static void
test_fronts_the_same_on_one_thread(void)
{
    static const zone_spec given[] = {
        { "c", NULL, "2020-01-01", NULL, 36.0, 35.0, 36.5, 35.5, NULL },
        { "d", NULL, "2020-01-01", NULL, 36.5, 35.0, 37.0, 35.5, NULL },
    };
    sm_situation_opts o = SM_SITUATION_OPTS_INIT;
    sm_situation *s[2] = { NULL, NULL };
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_day day;

    sm_day_parse("2020-02-01", &day);
    o.fronts = true;
    o.front_tolerance_km = 0.5;
    o.derived_max_km = 12;
    o.window_days = 30;
    if (make_db(given, SM_LEN(given), "P,a,2020-01-01,35.25,35.95\nQ,b,2020-01-01,35.25,35.85\n",
                &db)) {
        for (int k = 0; k < 2; k++) {
            o.one_thread = k == 1;
            CHECK(sm_situation_build(db, day, &o, &s[k], &err) == SM_OK, "%s", err.msg);
        }
        CHECK(s[0] && s[1] && s[0]->nfronts >= 2 && s[0]->nfronts == s[1]->nfronts &&
                  s[0]->nfpts == s[1]->nfpts &&
                  memcmp(s[0]->fpts, s[1]->fpts, 2 * sizeof(double) * s[0]->nfpts) == 0,
              "the same %zu fronts", s[0] ? s[0]->nfronts : 0);
    }
    sm_situation_free(s[0]);
    sm_situation_free(s[1]);
    sm_store_close(db);
}

/* Factions declared allies meet without a front line between them; a
 * third faction still meets each of them across one. */
static void
test_no_front_between_allies(void)
{
    static const zone_spec none[] = {
        { "c", NULL, "2020-01-01", NULL, 30, 30, 30.1, 30.1, NULL },
    };
    static const char *const allies[] = { "hts", "opposition" };
    sm_situation_opts o = SM_SITUATION_OPTS_INIT;
    sm_situation *with = NULL, *without = NULL;
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_day day;

    sm_day_parse("2020-02-01", &day);
    o.fronts = true;
    o.front_tolerance_km = 0.5;
    o.derived_max_km = 12;
    if (make_db(none, SM_LEN(none), "P,opposition,2020-01-01,35.0,36.0\n"
                "Q,hts,2020-01-01,35.0,36.1\nR,regime,2020-01-01,35.1,36.05\n", &db)) {
        CHECK(sm_situation_build(db, day, &o, &without, &err) == SM_OK, "%s", err.msg);
        o.allies = allies;
        o.nallies = 1;
        CHECK(sm_situation_build(db, day, &o, &with, &err) == SM_OK, "%s", err.msg);
        if (with && without) {
            bool pair = false, allied = false, regime = false;
            for (size_t i = 0; i < without->nfronts; i++)
                pair |= (strcmp(without->fronts[i].left, "hts") == 0 &&
                         strcmp(without->fronts[i].right, "opposition") == 0) ||
                        (strcmp(without->fronts[i].left, "opposition") == 0 &&
                         strcmp(without->fronts[i].right, "hts") == 0);
            for (size_t i = 0; i < with->nfronts; i++) {
                const sm_front *f = &with->fronts[i];
                allied |= strcmp(f->left, "regime") != 0 && strcmp(f->right, "regime") != 0;
                regime |= strcmp(f->left, "regime") == 0 || strcmp(f->right, "regime") == 0;
            }
            CHECK(pair, "without allies, a front between hts and opposition");
            CHECK(!allied && regime, "with them, only the regime's fronts (%zu)", with->nfronts);
        }
    }
    sm_situation_free(with);
    sm_situation_free(without);
    sm_store_close(db);
}

/* A zeroed sm_situation_opts asks for no change since 1970-01-01: its
 * since (day 0) is refused; SM_SITUATION_OPTS_INIT asks for none. */
static void
test_zeroed_opts_ask_no_change_since_1970(void)
{
    static const zone_spec z[] = {
        { "a", NULL, "2020-01-01", NULL, 36, 35, 37, 36, NULL },
    };
    sm_situation_opts zeroed = { 0 }, init = SM_SITUATION_OPTS_INIT;
    sm_situation *s = NULL;
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_day day;

    sm_day_parse("2020-02-01", &day);
    CHECK(init.since == SM_DAY_NONE && init.window_days == 0 && !init.fronts &&
          init.clip == NULL && init.timeline == NULL, "the macro gives the defaults");
    if (make_db(z, SM_LEN(z), NULL, &db)) {
        CHECK(sm_situation_build(db, day, &zeroed, &s, &err) == SM_EUSAGE && s == NULL &&
                  strstr(err.msg, "1970-01-01") && strstr(err.msg, "SM_SITUATION_OPTS_INIT"),
              "day 0 as since is refused, saying why: %s", err.msg);
        sm_error_clear(&err);
        CHECK(sm_situation_build(db, day, &init, &s, &err) == SM_OK && s->nzones == 1 &&
                  s->change == NULL, "the macro's situation: the zone, no change: %s", err.msg);
    }
    sm_situation_free(s);
    sm_store_close(db);
}

static const check_case cases[] = {
    { "zeroed_opts_ask_no_change_since_1970", test_zeroed_opts_ask_no_change_since_1970 },
    { "no_front_between_allies", test_no_front_between_allies },
    { "fronts_the_same_on_one_thread", test_fronts_the_same_on_one_thread },
    { "a_front_between_derived_and_given_zones", test_a_front_between_derived_and_given_zones },
    { "diff_counts_derived_zones", test_diff_counts_derived_zones },
    { "zones_derived_from_control", test_zones_derived_from_control },
    { "derived_reach_follows_density", test_derived_reach_follows_density },
    { "unknown_land_of_the_country", test_unknown_land_of_the_country },
    { "derived_zones_follow_the_places", test_derived_zones_follow_the_places },
    { "a_series_keeps_zones_and_fronts_while_they_stand",
      test_a_series_keeps_zones_and_fronts_while_they_stand },
    { "diff_areas_gains_and_losses", test_diff_areas_gains_and_losses },
    { "a_place_changes_hands_on_its_day", test_a_place_changes_hands_on_its_day },
    { "a_front_where_two_factions_share_a_boundary", test_a_front_where_two_factions_share_a_boundary },
    { "zones_digitised_apart_meet_within_the_tolerance", test_zones_digitised_apart_meet_within_the_tolerance },
    { "an_enclave_is_ringed_by_one_closed_front", test_an_enclave_is_ringed_by_one_closed_front },
    { "the_side_that_gained_ground_advances", test_the_side_that_gained_ground_advances },
};

CHECK_MAIN(cases)
