/* SPDX-License-Identifier: MIT */
/* test_store_pg_zones.c - zones, control records and what changed between
 * two days, written and read through the same store functions on a
 * SpatiaLite file and, when $SITMAP_TEST_PG_URI names a server (tests/run.sh
 * with SITMAP_TEST_PG=1), on PostgreSQL + PostGIS: both must give the same
 * answers (areas to 1e-6, the same WKB where nothing was repaired). The
 * zones are boxes of the graticule and small shapes, whose areas on the
 * ellipsoid both measure alike: on large zones of other edges SpatiaLite's
 * approximation and PostGIS's geodesics part by 1e-4 or so. */
#include "check.h"
#include "pg_db.h"

#include <math.h>
#include <sqlite3.h>
#include <spatialite/gaiageo.h>

#include "sitmap.h"
#include "store/sql.h"
#include "timeline/timeline.h"

/* ---- the databases: a file, and a database of the server's ------------------ */

enum { FILE_DB, PG_DB };
static const char *const backend[] = { "file", "PostgreSQL" };

/* The case's databases, made with sitmap's schema: db[FILE_DB], and
 * db[PG_DB] when there is a server. How many there are. */
static int
open_dbs(sm_store *db[2])
{
    const char *uri;
    sm_error err = { 0 };

    db[0] = db[1] = NULL;
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &db[FILE_DB], &err) == SM_OK,
          "file: %s", err.msg);
    if ((uri = pg_db_new("zones")) == NULL)
        return 1;
    CHECK(sm_store_open(uri, SM_STORE_CREATE, &db[PG_DB], &err) == SM_OK, "server: %s",
          err.msg);
    return db[PG_DB] ? 2 : 1;
}

static void
close_dbs(sm_store *db[2])
{
    sm_store_close(db[FILE_DB]);
    sm_store_close(db[PG_DB]);
}

static bool
near(double a, double b)
{
    return fabs(a - b) <= 1e-6 * fmax(fabs(a), fabs(b)) + 1e-12;
}

/* ---- geometries --------------------------------------------------------------- */

/* Little-endian WKB of a polygon of rings (each n points of xy). */
static size_t
wkb_polygon(unsigned char *out, int nrings, const int *n, const double *const *xy)
{
    size_t k = 0;
    uint32_t u;

    out[k++] = 1;
    u = 3; memcpy(out + k, &u, 4); k += 4;
    u = (uint32_t)nrings; memcpy(out + k, &u, 4); k += 4;
    for (int r = 0; r < nrings; r++) {
        u = (uint32_t)n[r]; memcpy(out + k, &u, 4); k += 4;
        memcpy(out + k, xy[r], sizeof(double) * 2 * (size_t)n[r]);
        k += sizeof(double) * 2 * (size_t)n[r];
    }
    return k;
}

/* A box, its ring clockwise when cw. */
static size_t
wkb_box(unsigned char *out, double w, double s, double e, double n, bool cw)
{
    double ccw_ring[] = { w, s, e, s, e, n, w, n, w, s };
    double cw_ring[] = { w, s, w, n, e, n, e, s, w, s };
    const double *rings[] = { cw ? cw_ring : ccw_ring };
    int np[] = { 5 };

    return wkb_polygon(out, 1, np, rings);
}

/* What a geometry is made of, whatever the order of its vertices. */
typedef struct shape {
    int polygons, rings, points;
    double area;   /* planar, square degrees */
} shape;

static shape
shape_of(gaiaGeomCollPtr g)
{
    shape s = { 0 };

    for (gaiaPolygonPtr p = g ? g->FirstPolygon : NULL; p; p = p->Next) {
        s.polygons++;
        s.rings += 1 + p->NumInteriors;
        s.points += p->Exterior->Points;
        s.area += fabs(gaiaMeasureArea(p->Exterior));
        for (int i = 0; i < p->NumInteriors; i++) {
            s.points += p->Interiors[i].Points;
            s.area -= fabs(gaiaMeasureArea(&p->Interiors[i]));
        }
    }
    return s;
}

static shape
shape_of_wkb(const unsigned char *wkb, size_t len, bool native)
{
    gaiaGeomCollPtr g = native ? gaiaFromSpatiaLiteBlobWkb(wkb, (unsigned)len)
                               : gaiaFromWkb(wkb, (int)len);
    shape s = shape_of(g);

    CHECK(g != NULL, "a geometry that reads (%zu bytes)", len);
    gaiaFreeGeomColl(g);
    return s;
}

static bool
same_shape(shape a, shape b)
{
    return a.polygons == b.polygons && a.rings == b.rings && a.points == b.points &&
           near(a.area, b.area);
}

/* ---- zones -------------------------------------------------------------------- */

/* The zones every case writes: uid, faction, days, geometry (made by
 * zone_wkb), whether it must be repaired. */
typedef struct zone_spec {
    const char *uid, *faction, *from, *to, *name;
    int kind;
    bool repaired;
} zone_spec;

enum { SQUARE, CLOCKWISE, BOWTIE, HOLE, EAST, WEST, BIG, SMALL };

static const zone_spec zones[] = {
    { "square", "a", "2017-01-01", NULL, "Square", SQUARE, false },
    { "cw", "b", "2017-01-01", "2017-02-01", NULL, CLOCKWISE, false },
    { "bowtie", "c", "2017-01-10", NULL, "Bow-tie", BOWTIE, true },
    { "hole", "a", "2017-01-01", "2017-03-01", "Ring", HOLE, false },
    /* b's box goes to c on 1 February, and a gains in the west */
    { "east", "c", "2017-02-01", NULL, NULL, EAST, false },
    { "west", "a", "2017-02-01", NULL, NULL, WEST, false },
    /* d shrinks: it gains nothing (an empty difference), and loses a rim */
    { "big", "d", "2017-01-01", "2017-02-01", NULL, BIG, false },
    { "small", "d", "2017-02-01", NULL, NULL, SMALL, false },
};

static size_t
zone_wkb(int kind, unsigned char *out)
{
    static const double outer[] = { 38, 35, 39, 35, 39, 36, 38, 36, 38, 35 };
    static const double inner[] = { 38.2, 35.2, 38.2, 35.8, 38.8, 35.8, 38.8, 35.2, 38.2, 35.2 };
    static const double bowtie[] = { 37.4, 36.3, 37.6, 36.45, 37.6, 36.3, 37.4, 36.45,
                                     37.4, 36.3 };
    const double *rings[] = { outer, inner };
    int n[] = { 5, 5 };

    switch (kind) {
    case SQUARE: return wkb_box(out, 37, 36, 37.1, 36.1, false);
    case CLOCKWISE: return wkb_box(out, 40, 35, 40.5, 35.5, true);
    case BOWTIE: {
        const double *bt[] = { bowtie };
        return wkb_polygon(out, 1, n, bt);
    }
    case HOLE: return wkb_polygon(out, 2, n, rings);
    case EAST: return wkb_box(out, 40, 35, 40.5, 35.5, false);
    case BIG: return wkb_box(out, 41, 34, 42, 35, false);
    case SMALL: return wkb_box(out, 41.25, 34.25, 41.75, 34.75, false);
    default: return wkb_box(out, 36.5, 35, 37, 35.5, false);
    }
}

/* A zone as it was read, its strings and geometry kept. */
typedef struct zone_row {
    char uid[16], faction[16], status[16], name[16], source[16], other[16];
    sm_day from, to;
    double area;
    unsigned char wkb[512];
    size_t len;
    shape shape;
} zone_row;

static void
keep_text(char *out, size_t cap, const char *text)
{
    snprintf(out, cap, "%s", text ? text : "(null)");
}

/* The zones of day through sm_store_zones_open (native: _open_native). */
static int
read_zones(sm_store *db, sm_day day, bool native, zone_row *rows, int cap)
{
    sm_store_cursor *cur = NULL;
    sm_error err = { 0 };
    sm_zone z;
    int n = 0;
    bool in_blob;
    sm_status st;

    st = native ? sm_store_zones_open_native(db, day, &cur, &err)
                : sm_store_zones_open(db, day, &cur, &err);
    CHECK(st == SM_OK, "open the zones: %s", err.msg);
    if (st != SM_OK)
        return 0;
    in_blob = native && sm_store_zones_native(cur);
    while ((st = sm_store_zones_next(cur, &z, &err)) == SM_OK && n < cap) {
        zone_row *r = &rows[n++];
        keep_text(r->uid, sizeof(r->uid), z.uid);
        keep_text(r->faction, sizeof(r->faction), z.faction);
        keep_text(r->status, sizeof(r->status), z.status);
        keep_text(r->name, sizeof(r->name), z.name);
        keep_text(r->source, sizeof(r->source), z.source);
        keep_text(r->other, sizeof(r->other), z.other);
        r->from = z.valid_from;
        r->to = z.valid_to;
        r->area = z.area_km2;
        r->len = z.wkb_len < sizeof(r->wkb) ? z.wkb_len : 0;
        memcpy(r->wkb, z.wkb, r->len);
        r->shape = shape_of_wkb(z.wkb, z.wkb_len, in_blob);
    }
    CHECK(st == SM_ENOTFOUND, "read to the end: %s", err.msg);
    sm_store_cursor_close(cur);
    return n;
}

/* Write the zones; res, repaired: each put's answers. */
static void
write_zones(sm_store *db, sm_put_result *res, bool *repaired)
{
    sm_error err = { 0 };
    unsigned char wkb[512];

    CHECK(sm_store_begin(db, &err) == SM_OK, "begin: %s", err.msg);
    for (size_t i = 0; i < SM_LEN(zones); i++) {
        sm_zone z = { .uid = zones[i].uid, .faction = zones[i].faction, .status = "held",
                      .name = zones[i].name, .source = "desk", .wkb = wkb };
        sm_day_parse(zones[i].from, &z.valid_from);
        z.valid_to = SM_DAY_OPEN;
        if (zones[i].to)
            sm_day_parse(zones[i].to, &z.valid_to);
        if (zones[i].kind == HOLE)
            z.other = "b";
        z.wkb_len = zone_wkb(zones[i].kind, wkb);
        CHECK(sm_store_zone_put(db, &z, &res[i], &repaired[i], &err) == SM_OK, "%s: %s",
              z.uid, err.msg);
    }
    CHECK(sm_store_commit(db, &err) == SM_OK, "commit: %s", err.msg);
}

static void
test_zones_written_and_read_alike(void)
{
    sm_store *db[2];
    int n = open_dbs(db);
    sm_put_result res[2][SM_LEN(zones)];
    bool repaired[2][SM_LEN(zones)];
    static zone_row rows[2][2][8];
    int nrows[2][2];
    const char *const days[] = { "2016-12-31", "2017-01-10", "2017-01-31", "2017-02-01",
                                 "2017-03-01" };

    for (int b = 0; b < n; b++) {
        write_zones(db[b], res[b], repaired[b]);
        for (size_t i = 0; i < SM_LEN(zones); i++) {
            CHECK(res[b][i] == SM_PUT_NEW, "%s: %s is new", backend[b], zones[i].uid);
            CHECK(repaired[b][i] == zones[i].repaired, "%s: %s %s", backend[b], zones[i].uid,
                  zones[i].repaired ? "repaired" : "needs no repair");
        }
    }
    for (size_t d = 0; d < SM_LEN(days); d++) {
        sm_day day;
        sm_day_parse(days[d], &day);
        for (int b = 0; b < n; b++)
            for (int native = 0; native < 2; native++)
                nrows[b][native] = read_zones(db[b], day, native, rows[b][native], 8);
        for (int b = 0; b < n; b++) {
            CHECK(nrows[b][0] == nrows[0][0] && nrows[b][1] == nrows[0][0],
                  "%s on %s: %d and %d zones, want %d", backend[b], days[d], nrows[b][0],
                  nrows[b][1], nrows[0][0]);
            for (int i = 0; i < nrows[0][0] && i < nrows[b][0] && i < nrows[b][1]; i++) {
                const zone_row *want = &rows[0][0][i], *got = &rows[b][0][i],
                               *nat = &rows[b][1][i];
                bool fixed = strcmp(want->uid, "bowtie") == 0;
                CHECK(strcmp(got->uid, want->uid) == 0 && strcmp(got->faction, want->faction) == 0 &&
                      strcmp(got->status, want->status) == 0 && strcmp(got->name, want->name) == 0 &&
                      strcmp(got->source, want->source) == 0 && strcmp(got->other, want->other) == 0 &&
                      got->from == want->from && got->to == want->to,
                      "%s on %s, zone %d: %s %s, want %s %s", backend[b], days[d], i, got->uid,
                      got->faction, want->uid, want->faction);
                CHECK(near(got->area, want->area), "%s: %s's area %.9f km2, want %.9f",
                      backend[b], got->uid, got->area, want->area);
                CHECK(same_shape(got->shape, want->shape) && same_shape(nat->shape, want->shape),
                      "%s: %s's shape: %d polygons, %d rings, %d points, %g; want %d, %d, %d, %g",
                      backend[b], got->uid, got->shape.polygons, got->shape.rings,
                      got->shape.points, got->shape.area, want->shape.polygons,
                      want->shape.rings, want->shape.points, want->shape.area);
                CHECK(fixed || (got->len == want->len && memcmp(got->wkb, want->wkb, got->len) == 0),
                      "%s: %s's WKB as the file's (%zu bytes, want %zu)", backend[b], got->uid,
                      got->len, want->len);
                CHECK(strcmp(nat->uid, want->uid) == 0, "native: %s, want %s", nat->uid,
                      want->uid);
            }
        }
    }
    /* the same again is the same; a new name an update */
    for (int b = 0; b < n; b++) {
        sm_error err = { 0 };
        unsigned char wkb[512];
        sm_zone z = { .uid = "square", .faction = "a", .status = "held", .name = "Square",
                      .source = "desk", .wkb = wkb, .valid_to = SM_DAY_OPEN };
        sm_put_result r = SM_PUT_NEW;
        sm_day_parse("2017-01-01", &z.valid_from);
        z.wkb_len = zone_wkb(SQUARE, wkb);
        CHECK(sm_store_zone_put(db[b], &z, &r, NULL, &err) == SM_OK && r == SM_PUT_SAME,
              "%s: the same zone again is the same (%d): %s", backend[b], (int)r, err.msg);
        z.name = "The square";
        CHECK(sm_store_zone_put(db[b], &z, &r, NULL, &err) == SM_OK && r == SM_PUT_UPDATED,
              "%s: a new name is an update (%d): %s", backend[b], (int)r, err.msg);
        /* the clockwise box counter-clockwise, as it was stored: the same */
        z.uid = "cw";
        z.faction = "b";
        z.name = NULL;
        sm_day_parse("2017-02-01", &z.valid_to);
        z.wkb_len = zone_wkb(EAST, wkb);
        CHECK(sm_store_zone_put(db[b], &z, &r, NULL, &err) == SM_OK && r == SM_PUT_SAME,
              "%s: its rings turned as stored: the same (%d): %s", backend[b], (int)r, err.msg);
    }
    close_dbs(db);
}

static void
test_bad_zones_refused_alike(void)
{
    sm_store *db[2];
    int n = open_dbs(db);
    static const double line[] = { 37.0, 36.0, 37.1, 36.1, 37.2, 36.2, 37.0, 36.0 };
    const double *rings[] = { line };
    int four[] = { 4 };
    unsigned char point[21] = { 1, 1, 0, 0, 0 }, junk[9] = { 7, 7, 7, 7, 7, 7, 7, 7, 7 };
    unsigned char collapsed[256];
    struct { const void *wkb; size_t len; sm_status st; const char *says; } bad[] = {
        { collapsed, 0, SM_EINPUT, "invalid geometry that cannot be repaired (" },
        { point, sizeof(point), SM_EINPUT, "geometry is a POINT, not a polygon" },
        { junk, sizeof(junk), SM_EINPUT, "unreadable geometry" },
    };
    char said[2][SM_LEN(bad)][512];

    bad[0].len = wkb_polygon(collapsed, 1, four, rings);
    for (int b = 0; b < n; b++) {
        for (size_t i = 0; i < SM_LEN(bad); i++) {
            sm_error err = { 0 };
            sm_zone z = { .uid = "bad", .faction = "a", .status = "held", .wkb = bad[i].wkb,
                          .wkb_len = bad[i].len, .valid_to = SM_DAY_OPEN };
            sm_day_parse("2017-01-01", &z.valid_from);
            CHECK(sm_store_zone_put(db[b], &z, NULL, NULL, &err) == bad[i].st,
                  "%s: bad zone %zu refused: %s", backend[b], i, err.msg);
            CHECK(strncmp(err.msg, bad[i].says, strlen(bad[i].says)) == 0,
                  "%s: says \"%s\": %s", backend[b], bad[i].says, err.msg);
            snprintf(said[b][i], sizeof(said[b][i]), "%s", err.msg);
        }
        {
            /* the schema's own check, named as before */
            sm_error err = { 0 };
            unsigned char wkb[256];
            sm_zone z = { .uid = "s", .faction = "a", .status = "won", .wkb = wkb,
                          .valid_to = SM_DAY_OPEN };
            sm_day_parse("2017-01-01", &z.valid_from);
            z.wkb_len = zone_wkb(SQUARE, wkb);
            CHECK(sm_store_zone_put(db[b], &z, NULL, NULL, &err) == SM_EDB &&
                  strstr(err.msg, ": cannot store a zone: ") &&
                  strstr(err.msg, "zones.status: want held, contested, besieged or claimed"),
                  "%s: a status the schema refuses: %s", backend[b], err.msg);
        }
    }
    close_dbs(db);
}

/* ---- control records ------------------------------------------------------------ */

typedef struct control_spec {
    const char *place, *faction, *day, *source;
    double lat, lon;   /* 0: none */
    int64_t place_id;
} control_spec;

static const control_spec records[] = {
    { "Tadef", "isis", "2017-01-01", "desk", 36.348, 37.53, 0 },
    { " tadef ", "regime", "2017-02-26", "wire", 36.35, 37.531, 0 },
    { "Tadef", "sdf", "2017-01-05", NULL, 33.0, 40.0, 0 },   /* another Tadef, far away */
    { "Al-Bab", "isis", "2016-11-01", "desk", 36.37, 37.51, 163263 },
    { "Nowhere", "regime", "2017-01-02", NULL, 0, 0, 0 },
    { "Nowhere", "sdf", "2017-03-01", NULL, 0, 0, 0 },
    { "Tadef", "isis", "2017-01-01", "desk", 36.348, 37.53, 0 },   /* again: the same */
    { "Al-Bab", "isis", "2016-11-01", "wire", 36.37, 37.51, 163263 }, /* a new source */
};
static const sm_put_result record_res[] = { SM_PUT_NEW, SM_PUT_NEW, SM_PUT_NEW, SM_PUT_NEW,
                                            SM_PUT_NEW, SM_PUT_NEW, SM_PUT_SAME,
                                            SM_PUT_UPDATED };

static void
write_control(sm_store *db, const char *name)
{
    sm_error err = { 0 };

    for (size_t i = 0; i < SM_LEN(records); i++) {
        sm_control c = { .place = records[i].place, .faction = records[i].faction,
                         .source = records[i].source, .place_id = records[i].place_id,
                         .has_point = records[i].lat != 0, .lat_deg = records[i].lat,
                         .lon_deg = records[i].lon };
        sm_put_result r = SM_PUT_SAME;
        sm_day_parse(records[i].day, &c.day);
        CHECK(sm_store_control_put(db, &c, &r, &err) == SM_OK, "%s: %s: %s", name, c.place,
              err.msg);
        CHECK(r == record_res[i], "%s: record %zu: %d, want %d", name, i, (int)r,
              (int)record_res[i]);
    }
}

/* The control records of day, one line each, into out. */
static void
control_text(sm_store *db, sm_day day, char *out, size_t cap)
{
    sm_store_cursor *cur = NULL;
    sm_error err = { 0 };
    sm_control c;
    size_t k = 0;
    sm_status st;

    out[0] = '\0';
    CHECK(sm_store_control_open(db, day, &cur, &err) == SM_OK, "open: %s", err.msg);
    while (cur && (st = sm_store_control_next(cur, &c, &err)) == SM_OK && k < cap) {
        char from[SM_DAY_ISO_LEN], until[SM_DAY_ISO_LEN];
        k += (size_t)snprintf(out + k, cap - k, "%s|%lld|%s|%s|%s|%d|%.9f|%.9f|%s\n", c.place,
                              (long long)c.place_id, c.faction, sm_day_format(c.day, from),
                              c.until == SM_DAY_OPEN ? "open" : sm_day_format(c.until, until),
                              c.has_point, c.lat_deg, c.lon_deg,
                              c.source ? c.source : "(null)");
    }
    sm_store_cursor_close(cur);
}

static void
test_control_written_and_read_alike(void)
{
    sm_store *db[2];
    int n = open_dbs(db);
    const char *const days[] = { "2016-12-31", "2017-01-05", "2017-02-25", "2017-02-26",
                                 "2017-03-01" };
    char text[2][2048];

    for (int b = 0; b < n; b++)
        write_control(db[b], backend[b]);
    for (size_t d = 0; d < SM_LEN(days); d++) {
        sm_day day;
        sm_day_parse(days[d], &day);
        for (int b = 0; b < n; b++)
            control_text(db[b], day, text[b], sizeof(text[b]));
        if (d == 2)
            CHECK(strcmp(text[0], "Al-Bab|163263|isis|2016-11-01|open|1|36.370000000|"
                         "37.510000000|wire\n"
                         "Nowhere|0|regime|2017-01-02|2017-03-01|0|0.000000000|0.000000000|(null)\n"
                         "Tadef|0|isis|2017-01-01|2017-02-26|1|36.348000000|37.530000000|desk\n"
                         "Tadef|0|sdf|2017-01-05|open|1|33.000000000|40.000000000|(null)\n") == 0,
                  "the records of 25 February:\n%s", text[0]);
        CHECK(n < 2 || strcmp(text[0], text[1]) == 0, "on %s, the server's:\n%s\nthe file's:\n%s",
              days[d], text[n - 1], text[0]);
    }
    close_dbs(db);
}

/* ---- what changed ------------------------------------------------------------- */

typedef struct changes {
    char text[2048];
    size_t k;
    bool native;
} changes;

static void
add_faction(const sm_faction_change *c, void *user)
{
    changes *ch = user;

    ch->k += (size_t)snprintf(ch->text + ch->k, sizeof(ch->text) - ch->k,
                              "%s %.5e %.5e %.5e %.5e\n", c->faction, c->km2_from, c->km2_to,
                              c->gained_km2, c->lost_km2);
}

static void
add_place(const sm_place_change *c, void *user)
{
    changes *ch = user;
    char day[SM_DAY_ISO_LEN];

    ch->k += (size_t)snprintf(ch->text + ch->k, sizeof(ch->text) - ch->k,
                              "%s %s %s->%s %d %.6f %.6f %s\n", sm_day_format(c->day, day),
                              c->place, c->from_faction, c->to_faction, c->has_point,
                              c->lon_deg, c->lat_deg, c->basis);
}

static void
add_area(const char *faction, bool gained, const unsigned char *wkb, size_t len, void *user)
{
    changes *ch = user;
    shape s = shape_of_wkb(wkb, len, false);

    ch->k += (size_t)snprintf(ch->text + ch->k, sizeof(ch->text) - ch->k,
                              "%s %s %d polygons %.5e\n", faction, gained ? "gained" : "lost",
                              s.polygons, s.area);
}

/* Places of the gazetteer, written as the schema has them. */
static void
write_places(sm_store *db)
{
    static const struct { int64_t id; const char *name, *country; long pop; double lon, lat; }
        places[] = {
        { 1, "Eastham", "SY", 20000, 40.25, 35.25 },     /* in b's box, then c's */
        { 2, "Smallville", "SY", 300, 40.1, 35.1 },      /* too few people */
        { 3, "Westham", "TR", 9000, 36.75, 35.25 },      /* in a's new zone, held by no one */
        { 4, "Ringtown", "SY", 8000, 38.5, 35.5 },       /* in the hole */
    };
    char sql[256], point[64];
    sm_sql_stmt *s = NULL;
    sm_error err = { 0 };

    snprintf(point, sizeof(point), sm_sql_dialect(db, SM_SQL_POINT_IN), 5, 6);
    snprintf(sql, sizeof(sql), "INSERT INTO places (id, name, country, population, geom)"
             " VALUES (?1, ?2, ?3, ?4, %s)", point);
    CHECK(sm_sql_prepare(db, sql, &s, &err) == SM_OK, "%s", err.msg);
    for (size_t i = 0; s && i < SM_LEN(places); i++) {
        sm_sql_reset(s);
        sm_sql_bind_int64(s, 1, places[i].id);
        sm_sql_bind_text(s, 2, places[i].name);
        sm_sql_bind_text(s, 3, places[i].country);
        sm_sql_bind_int64(s, 4, places[i].pop);
        sm_sql_bind_double(s, 5, places[i].lon);
        sm_sql_bind_double(s, 6, places[i].lat);
        CHECK(sm_sql_step(s, &err) == SM_ENOTFOUND, "place %s: %s", places[i].name, err.msg);
    }
    sm_sql_finalize(s);
}

static void
test_changes_alike(void)
{
    sm_store *db[2];
    int n = open_dbs(db);
    sm_put_result res[SM_LEN(zones)];
    bool repaired[SM_LEN(zones)];
    static changes ch[2][4];
    const char *const spans[][2] = { { "2017-01-15", "2017-02-26" }, { "2017-01-01", "2017-03-02" },
                                     { "2017-02-26", "2017-01-15" } };

    for (int b = 0; b < n; b++) {
        write_zones(db[b], res, repaired);
        write_control(db[b], backend[b]);
        write_places(db[b]);
    }
    for (size_t k = 0; k < SM_LEN(spans); k++) {
        sm_day d1, d2;
        sm_day_parse(spans[k][0], &d1);
        sm_day_parse(spans[k][1], &d2);
        for (int b = 0; b < n; b++) {
            sm_error err = { 0 };
            memset(ch[b], 0, sizeof(ch[b]));
            CHECK(sm_store_zone_changes_each(db[b], d1, d2, add_faction, &ch[b][0], &err) ==
                  SM_OK, "%s: zone changes: %s", backend[b], err.msg);
            CHECK(sm_store_zone_change_areas_each(db[b], d1, d2, add_area, &ch[b][1], &err) ==
                  SM_OK, "%s: areas: %s", backend[b], err.msg);
            CHECK(sm_store_place_changes_in(db[b], NULL, d1, d2, 5000, add_place, &ch[b][2],
                                            &err) == SM_OK, "%s: places: %s", backend[b], err.msg);
            CHECK(sm_store_place_changes_in(db[b], "SY", d1, d2, 5000, add_place, &ch[b][3],
                                            &err) == SM_OK, "%s: places in SY: %s", backend[b],
                  err.msg);
        }
        if (k == 0) {
            CHECK(strstr(ch[0][2].text, "2017-02-01 Eastham b->c 1 40.250000 35.250000 zones\n")
                  && strstr(ch[0][2].text, "2017-02-26  tadef  isis->regime 1 37.531000 "
                                           "36.350000 control\n"),
                  "the places that changed hands:\n%s", ch[0][2].text);
            CHECK(strstr(ch[0][0].text, "b ") && strstr(ch[0][0].text, "c ") &&
                  strstr(ch[0][1].text, "c gained 1 polygons") &&
                  strstr(ch[0][1].text, "d lost 1 polygons 7.50000e-01") &&
                  strstr(ch[0][1].text, "d gained") == NULL,
                  "the factions' changes:\n%s%s", ch[0][0].text, ch[0][1].text);
        }
        if (getenv("SHOW"))
            for (int i = 0; i < 4; i++)
                printf("%s", ch[0][i].text);
        for (int i = 0; n == 2 && i < 4; i++)
            CHECK(strcmp(ch[0][i].text, ch[1][i].text) == 0,
                  "%s..%s, list %d: the server's\n%s\nthe file's\n%s", spans[k][0], spans[k][1],
                  i, ch[1][i].text, ch[0][i].text);
    }
    close_dbs(db);
}

/* The situation of a day made from either database: the same zones, the
 * server's read from WKB, the file's from SpatiaLite's blobs. */
static void
test_situation_alike(void)
{
    sm_store *db[2];
    int n = open_dbs(db);
    sm_put_result res[SM_LEN(zones)];
    bool repaired[SM_LEN(zones)];
    sm_situation *s[2] = { NULL, NULL };

    for (int b = 0; b < n; b++) {
        sm_situation_opts o = SM_SITUATION_OPTS_INIT;
        sm_error err = { 0 };
        sm_day day;
        write_zones(db[b], res, repaired);
        write_control(db[b], backend[b]);
        sm_day_parse("2017-01-20", &day);
        o.window_days = 0;
        CHECK(sm_situation_build(db[b], day, &o, &s[b], &err) == SM_OK, "%s: %s", backend[b],
              err.msg);
    }
    CHECK(s[0] && s[0]->nzones >= 4, "the file's zones (%zu)", s[0] ? s[0]->nzones : 0);
    for (int b = 1; b < n; b++) {
        CHECK(s[b] && s[b]->nzones == s[0]->nzones && s[b]->ngiven == s[0]->ngiven,
              "%s: %zu zones, want %zu", backend[b], s[b] ? s[b]->nzones : 0, s[0]->nzones);
        for (size_t i = 0; s[b] && i < s[0]->nzones && i < s[b]->nzones; i++)
            CHECK(strcmp(s[b]->zones[i].uid, s[0]->zones[i].uid) == 0 &&
                  near(s[b]->zones[i].area_km2, s[0]->zones[i].area_km2),
                  "%s: zone %zu: %s %.6f km2, want %s %.6f", backend[b], i, s[b]->zones[i].uid,
                  s[b]->zones[i].area_km2, s[0]->zones[i].uid, s[0]->zones[i].area_km2);
    }
    sm_situation_free(s[0]);
    sm_situation_free(s[1]);
    close_dbs(db);
}

static const check_case cases[] = {
    { "zones_written_and_read_alike", test_zones_written_and_read_alike },
    { "bad_zones_refused_alike", test_bad_zones_refused_alike },
    { "control_written_and_read_alike", test_control_written_and_read_alike },
    { "changes_alike", test_changes_alike },
    { "situation_alike", test_situation_alike },
};

CHECK_MAIN(cases)
