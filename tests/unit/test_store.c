/* SPDX-License-Identifier: MIT */
/* test_store.c - the SpatiaLite store: schema, upserts, validation, as-of. */
#include "check.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "sitmap.h"
#include "store/sql_int.h" /* the connection, to read its schema cookie and plans */

/* Little-endian WKB of the square [x, x+w] x [y, y+w] (or any 4-vertex
 * ring given by pts), as OGR would export it. */
static size_t
wkb_ring(unsigned char *out, const double *xy, int npts)
{
    size_t k = 0;
    uint32_t u;

    out[k++] = 1;
    u = 3; memcpy(out + k, &u, 4); k += 4;          /* polygon */
    u = 1; memcpy(out + k, &u, 4); k += 4;          /* one ring */
    u = (uint32_t)npts; memcpy(out + k, &u, 4); k += 4;
    memcpy(out + k, xy, sizeof(double) * 2 * (size_t)npts);
    return k + sizeof(double) * 2 * (size_t)npts;
}

static size_t
wkb_square(unsigned char *out, double x, double y, double w)
{
    double xy[] = { x, y, x + w, y, x + w, y + w, x, y + w, x, y };
    return wkb_ring(out, xy, 5);
}

static sm_store *
fresh_db(void)
{
    sm_store *db = NULL;
    sm_error err = { 0 };

    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &db, &err) == SM_OK,
          "create: %s", err.msg);
    return db;
}

static void
test_create_then_reopen(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_store_stats s;

    CHECK(db && sm_store_schema_version_found(db) == 0, "a new file had no schema");
    sm_store_close(db);
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_READ, &db, &err) == SM_OK,
          "reopen read-only: %s", err.msg);
    CHECK(sm_store_schema_version_found(db) == SM_STORE_SCHEMA_VERSION, "current schema");
    CHECK(sm_store_stats_get(db, &s, &err) == SM_OK && s.events == 0 && s.zones == 0,
          "an empty database: %s", err.msg);
    sm_store_close(db);
    sm_store_close(NULL); /* accepted */
}

static void
test_open_refuses_what_it_cannot_use(void)
{
    sm_store *db = NULL;
    sm_error err = { 0 };
    sqlite3 *raw;
    FILE *f = fopen(check_path("junk.db"), "w");

    fputs("this is not a database, just some text long enough to have a header...", f);
    fclose(f);
    CHECK(sm_store_open(check_path("missing.db"), SM_STORE_READ, &db, &err) == SM_EINPUT,
          "a missing file is refused");
    CHECK(db == NULL && strstr(err.msg, "sitmap init") != NULL, "and says to init: %s", err.msg);
    sm_error_clear(&err);
    CHECK(sm_store_open(check_path("junk.db"), SM_STORE_WRITE, &db, &err) == SM_EINPUT,
          "a text file is refused: %s", err.msg);
    CHECK(strstr(err.msg, "not a SQLite database") != NULL, "says why: %s", err.msg);
    sm_error_clear(&err);

    sqlite3_open(check_path("other.db"), &raw);
    sqlite3_exec(raw, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(raw);
    CHECK(sm_store_open(check_path("other.db"), SM_STORE_READ, &db, &err) == SM_EINPUT,
          "a foreign database is refused");
    CHECK(strstr(err.msg, "not a sitmap database") != NULL, "says why: %s", err.msg);
    sm_error_clear(&err);

    db = fresh_db();
    sm_store_close(db);
    sqlite3_open(check_path("t.db"), &raw);
    sqlite3_exec(raw, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", NULL, NULL, NULL);
    sqlite3_close(raw);
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &db, &err) == SM_EINPUT,
          "a newer schema is refused, even by init");
    CHECK(strstr(err.msg, "newer") != NULL, "says why: %s", err.msg);
}

static void
test_init_keeps_data(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_event ev = { .uid = "e1", .type = SM_EVENT_CLASH, .place = "Tadef", .fatalities = -1 };
    sm_store_stats s;

    sm_day_parse("2017-02-26", &ev.day);
    CHECK(sm_store_event_put(db, &ev, NULL, &err) == SM_OK, "put: %s", err.msg);
    sm_store_close(db);
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &db, &err) == SM_OK,
          "init again: %s", err.msg);
    CHECK(sm_store_stats_get(db, &s, &err) == SM_OK && s.events == 1 && s.events_unplaced == 1,
          "the event is still there (%ld)", s.events);
    sm_store_close(db);
}

/* Another source's report of a stored incident (same type, within 5 km
 * and a day) is kept with it; the same source's, another type's, or one
 * farther away is an event of its own. */
static void
test_reports_of_one_incident_are_one_event(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_event a = { .uid = "a1", .type = SM_EVENT_AIRSTRIKE, .has_point = true,
                   .lon_deg = 36.5645, .lat_deg = 35.6138, .source = "Outlet A" };
    sm_event b = a;
    sm_put_result res;
    sm_store_cursor *cur;
    sm_event got;
    int n = 0;

    sm_day_parse("2017-01-23", &a.day);
    CHECK(sm_store_report_put(db, &a, 5, 1, &res, &err) == SM_OK && res == SM_PUT_NEW,
          "the first report is an event (%d): %s", (int)res, err.msg);
    b.uid = "b1";
    b.source = "Outlet B";
    b.day = a.day + 1;
    b.lat_deg += 0.02;                    /* 2 km */
    CHECK(sm_store_report_put(db, &b, 5, 1, &res, &err) == SM_OK && res == SM_PUT_REPORT,
          "another source a day later, 2 km off: a report (%d)", (int)res);
    CHECK(sm_store_report_put(db, &b, 5, 1, &res, &err) == SM_OK && res == SM_PUT_SAME,
          "the report again: nothing (%d)", (int)res);
    b.uid = "b2";
    b.source = "Outlet A";
    CHECK(sm_store_report_put(db, &b, 5, 1, &res, &err) == SM_OK && res == SM_PUT_NEW,
          "the same source's second strike: an event (%d)", (int)res);
    b.uid = "b3";
    b.source = "Outlet C";
    b.type = SM_EVENT_SHELLING;
    CHECK(sm_store_report_put(db, &b, 5, 1, &res, &err) == SM_OK && res == SM_PUT_NEW,
          "another type: an event (%d)", (int)res);
    b.uid = "b4";
    b.type = SM_EVENT_AIRSTRIKE;
    b.lat_deg += 0.1;                     /* 13 km */
    b.day = a.day + 2;
    CHECK(sm_store_report_put(db, &b, 5, 1, &res, &err) == SM_OK && res == SM_PUT_NEW,
          "13 km away, two days later: an event (%d)", (int)res);
    CHECK(sm_store_events_open(db, SM_DAY_NONE, SM_DAY_OPEN, &cur, &err) == SM_OK, "query");
    while (sm_store_events_next(cur, &got, &err) == SM_OK) {
        n++;
        if (strcmp(got.uid, "a1") == 0)
            CHECK(got.source && strcmp(got.source, "Outlet A; Outlet B") == 0,
                  "both sources of the first: %s", got.source ? got.source : "-");
    }
    sm_store_cursor_close(cur);
    CHECK(n == 4, "4 events, not %d", n);
    sm_store_close(db);
}

static void
test_event_upsert_keeps_newest(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_event ev = { .uid = "SYR1", .type = SM_EVENT_AIRSTRIKE, .has_point = true,
                    .lon_deg = 37.5157, .lat_deg = 36.3706, .fatalities = 5,
                    .updated = 1000, .notes = "first" };
    sm_put_result res;
    sm_store_cursor *cur;
    sm_event got;

    sm_day_parse("2017-01-18", &ev.day);
    CHECK(sm_store_event_put(db, &ev, &res, &err) == SM_OK && res == SM_PUT_NEW,
          "new (%d): %s", (int)res, err.msg);
    CHECK(sm_store_event_put(db, &ev, &res, &err) == SM_OK && res == SM_PUT_SAME,
          "the same event again changes nothing (%d)", (int)res);
    ev.fatalities = 9;
    ev.updated = 2000;
    ev.notes = "revised";
    CHECK(sm_store_event_put(db, &ev, &res, &err) == SM_OK && res == SM_PUT_UPDATED,
          "newer timestamp updates (%d)", (int)res);
    ev.fatalities = 1;
    ev.updated = 1500;
    ev.notes = "stale";
    CHECK(sm_store_event_put(db, &ev, &res, &err) == SM_OK && res == SM_PUT_KEPT,
          "older timestamp is kept out (%d)", (int)res);
    CHECK(sm_store_events_open(db, SM_DAY_NONE, ev.day, &cur, &err) == SM_OK, "query");
    CHECK(sm_store_events_next(cur, &got, &err) == SM_OK, "one row");
    CHECK(got.fatalities == 9 && strcmp(got.notes, "revised") == 0 && got.updated == 2000,
          "the newest version is stored: %d %s", got.fatalities, got.notes);
    CHECK(got.has_point && got.lat_deg == 36.3706 && got.lon_deg == 37.5157, "point kept");
    CHECK(sm_store_events_next(cur, &got, &err) == SM_ENOTFOUND, "only one row");
    sm_store_cursor_close(cur);
    sm_store_close(db);
}

static void
test_event_window_bounds_inclusive(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_day d0;
    int n = 0;
    sm_store_cursor *cur;
    sm_event got;

    sm_day_parse("2017-01-01", &d0);
    for (int i = 0; i < 10; i++) {
        char uid[8];
        sm_event ev = { .uid = uid, .day = d0 + i, .type = SM_EVENT_SHELLING, .place = "x",
                        .fatalities = -1 };
        snprintf(uid, sizeof(uid), "e%d", i);
        CHECK(sm_store_event_put(db, &ev, NULL, &err) == SM_OK, "put %d", i);
    }
    /* A 3-day window ending on day 5 holds days 3, 4, 5. */
    CHECK(sm_store_events_open(db, d0 + 3, d0 + 5, &cur, &err) == SM_OK, "query");
    while (sm_store_events_next(cur, &got, &err) == SM_OK) {
        CHECK(got.day >= d0 + 3 && got.day <= d0 + 5, "day %d in window", (int)(got.day - d0));
        n++;
    }
    CHECK(n == 3, "3 events in the window, got %d", n);
    sm_store_cursor_close(cur);
    /* a map's window reads the date index between both bounds, not every
     * row up to the last day */
    for (int open = 0; open < 2; open++) {   /* also with no first day */
        char *sql;
        CHECK(sm_store_events_open_marks(db, open ? SM_DAY_NONE : d0 + 3, d0 + 5, &cur, &err)
              == SM_OK, "marks");
        sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(sm_sql_lite_of(cur->sql)));
        sqlite3_stmt *s = NULL;
        bool both = false;
        CHECK(sql && sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) == SQLITE_OK, "plan");
        while (s && sqlite3_step(s) == SQLITE_ROW)
            both = both || strstr((const char *)sqlite3_column_text(s, 3),
                                  "USING INDEX events_date (date>? AND date<?)") != NULL;
        CHECK(both, "the window is a range of the date index");
        sqlite3_finalize(s);
        sqlite3_free(sql);
        sm_store_cursor_close(cur);
    }
    sm_store_close(db);
}

static void
test_zone_validation_and_repair(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    unsigned char wkb[256];
    double bowtie[] = { 37.4, 36.3, 37.6, 36.45, 37.6, 36.3, 37.4, 36.45, 37.4, 36.3 };
    double line[] = { 37.0, 36.0, 37.1, 36.1, 37.2, 36.2, 37.0, 36.0 };
    unsigned char point[21] = { 1, 1, 0, 0, 0 };
    sm_zone z = { .uid = "z1", .faction = "isis", .status = "held", .wkb = wkb };
    bool repaired = true;

    sm_day_parse("2016-12-01", &z.valid_from);
    z.valid_to = SM_DAY_OPEN;
    z.wkb_len = wkb_square(wkb, 37, 36, 0.1);
    CHECK(sm_store_zone_put(db, &z, NULL, &repaired, &err) == SM_OK, "a square: %s", err.msg);
    CHECK(!repaired, "a square needs no repair");
    {
        /* 0.1 x 0.1 degrees at 36 N: 11.09 km x 9.01 km on the ellipsoid */
        sm_store_cursor *cur;
        sm_zone got;
        sm_store_zones_open(db, z.valid_from, &cur, &err);
        CHECK(sm_store_zones_next(cur, &got, &err) == SM_OK &&
              fabs(got.area_km2 - 99.98) < 0.5, "geodesic area %.2f km2, want about 99.98",
              got.area_km2);
        sm_store_cursor_close(cur);
    }
    z.uid = "z2";
    z.wkb_len = wkb_ring(wkb, bowtie, 5);
    CHECK(sm_store_zone_put(db, &z, NULL, &repaired, &err) == SM_OK, "a bowtie: %s", err.msg);
    CHECK(repaired, "a bowtie is repaired");
    z.uid = "z3";
    z.wkb_len = wkb_ring(wkb, line, 4);
    CHECK(sm_store_zone_put(db, &z, NULL, NULL, &err) == SM_EINPUT, "a collapsed ring is refused");
    CHECK(strstr(err.msg, "cannot be repaired") != NULL, "and says so: %s", err.msg);
    sm_error_clear(&err);
    z.uid = "z4";
    z.wkb = point;
    z.wkb_len = sizeof(point);
    CHECK(sm_store_zone_put(db, &z, NULL, NULL, &err) == SM_EINPUT, "a point is refused");
    CHECK(strstr(err.msg, "POINT") != NULL, "naming its type: %s", err.msg);
    sm_store_close(db);
}

/* Model test: the zones valid on each day, against a scan of every zone. */
static void
test_zones_as_of_matches_scan(void)
{
    enum { NZ = 60, NDAYS = 80 };
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_day from[NZ], to[NZ], d0;
    unsigned char wkb[128];
    unsigned seed = 12345;
    int wrong = 0;

    sm_day_parse("2017-01-01", &d0);
    CHECK(sm_store_begin(db, &err) == SM_OK, "begin");
    for (int i = 0; i < NZ; i++) {
        char uid[8];
        sm_zone z = { .uid = uid, .faction = "regime", .status = "held", .wkb = wkb };

        seed = seed * 1103515245u + 12345u;
        from[i] = d0 + (int)(seed >> 16) % NDAYS;
        seed = seed * 1103515245u + 12345u;
        to[i] = (seed >> 16) % 4 == 0 ? SM_DAY_OPEN : from[i] + 1 + (int)(seed >> 18) % 30;
        snprintf(uid, sizeof(uid), "z%d", i);
        z.valid_from = from[i];
        z.valid_to = to[i];
        z.wkb_len = wkb_square(wkb, 36 + i * 0.01, 35, 0.01);
        CHECK(sm_store_zone_put(db, &z, NULL, NULL, &err) == SM_OK, "put %d: %s", i, err.msg);
    }
    CHECK(sm_store_commit(db, &err) == SM_OK, "commit");
    for (sm_day d = d0 - 1; d <= d0 + NDAYS + 31; d++) {
        int want = 0, got = 0;
        sm_store_cursor *cur;
        sm_zone z;

        for (int i = 0; i < NZ; i++)
            want += from[i] <= d && (to[i] == SM_DAY_OPEN || d < to[i]);
        sm_store_zones_open(db, d, &cur, &err);
        while (sm_store_zones_next(cur, &z, &err) == SM_OK) {
            int i = atoi(z.uid + 1);
            got++;
            wrong += !(from[i] <= d && (to[i] == SM_DAY_OPEN || d < to[i]));
            wrong += z.wkb_len == 0;
        }
        sm_store_cursor_close(cur);
        wrong += want != got;
    }
    CHECK(wrong == 0, "%d disagreements with the scan", wrong);
    sm_store_close(db);
}

static const char *
controller_on(sm_store *db, const char *place, sm_day day, char *buf)
{
    sm_store_cursor *cur;
    sm_control c;
    sm_error err = { 0 };

    buf[0] = '\0';
    sm_store_control_open(db, day, &cur, &err);
    while (sm_store_control_next(cur, &c, &err) == SM_OK) {
        if (strcmp(c.place, place) == 0) {
            if (buf[0])
                strcat(buf, "+");
            strncat(buf, c.faction, 63 - strlen(buf));
        }
    }
    sm_store_cursor_close(cur);
    return buf;
}

static void
test_control_changes_hands_on_the_day(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_control c = { .place = "al-Bab", .has_point = true, .lon_deg = 37.5157, .lat_deg = 36.3706 };
    sm_day dec1, feb23;
    char buf[64];

    sm_day_parse("2016-12-01", &dec1);
    sm_day_parse("2017-02-23", &feb23);
    c.faction = "isis";
    c.day = dec1;
    CHECK(sm_store_control_put(db, &c, NULL, &err) == SM_OK, "put: %s", err.msg);
    c.faction = "turkey";
    c.day = feb23;
    c.place = "Al-Bab ";          /* same place, written another way, 500 m off */
    c.lat_deg += 0.004;
    CHECK(sm_store_control_put(db, &c, NULL, &err) == SM_OK, "put: %s", err.msg);
    CHECK(strcmp(controller_on(db, "al-Bab", feb23 - 1, buf), "isis") == 0,
          "isis the day before, got %s", buf);
    CHECK(strcmp(controller_on(db, "Al-Bab ", feb23, buf), "turkey") == 0,
          "turkey on the day, got %s", buf);
    CHECK(strcmp(controller_on(db, "al-Bab", dec1 - 1, buf), "") == 0,
          "nobody before the first record, got %s", buf);
    sm_store_close(db);
}

static void
test_control_same_name_far_apart(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_control a = { .place = "Tell Abyad", .faction = "sdf", .has_point = true,
                     .lon_deg = 38.9567, .lat_deg = 36.6975 };
    sm_control b = { .place = "Tell Abyad", .faction = "opposition", .has_point = true,
                     .lon_deg = 36.5, .lat_deg = 35.2 };
    sm_store_stats s;
    char buf[64];

    sm_day_parse("2016-12-01", &a.day);
    b.day = a.day;
    CHECK(sm_store_control_put(db, &a, NULL, &err) == SM_OK &&
          sm_store_control_put(db, &b, NULL, &err) == SM_OK, "put both: %s", err.msg);
    CHECK(sm_store_stats_get(db, &s, &err) == SM_OK && s.control_places == 2,
          "two places, not one (%ld)", s.control_places);
    CHECK(strcmp(controller_on(db, "Tell Abyad", a.day, buf), "sdf+opposition") == 0,
          "both hold their own village: %s", buf);
    sm_store_close(db);
}

static void
test_event_types_parse(void)
{
    sm_event_type t;

    CHECK(sm_event_type_parse("Airstrike", &t) && t == SM_EVENT_AIRSTRIKE, "Airstrike");
    CHECK(sm_event_type_parse("air strike", &t) && t == SM_EVENT_AIRSTRIKE, "air strike");
    CHECK(sm_event_type_parse("agreement", &t) && t == SM_EVENT_CEASEFIRE, "agreement");
    CHECK(sm_event_type_parse(" siege ", &t) && t == SM_EVENT_SIEGE, "siege");
    CHECK(!sm_event_type_parse("picnic", &t), "picnic is not a type");
    for (int i = 0; i < SM_EVENT_TYPE_COUNT; i++)
        CHECK(sm_event_type_parse(sm_event_type_name((sm_event_type)i), &t) && (int)t == i,
              "name %d round-trips", i);
}

static void
test_gazetteer_saved_and_loaded(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_gaz *gaz = NULL, *back = NULL;
    sm_place p = { .id = 170794, .geonames_id = 170794, .name = "Deir ez-Zor",
                   .name_ar = "دير الزور", .lat_deg = 35.33588, .lon_deg = 40.14084,
                   .feature_class = "P", .feature_code = "PPLA", .kind = "city",
                   .country = "SY", .admin1 = "SY.07", .population = 242565,
                   .precision_km = 6, .pcode = "C5219" };
    const char *alts[] = { "Dayr az Zawr", NULL };
    sm_candidate c;
    const char *why = NULL;
    int n = 0;

    sm_gaz_new(&gaz, &err);
    CHECK(sm_gaz_add_place(gaz, &p, alts, false, NULL, NULL, &err) == SM_OK, "add");
    sm_gaz_add_not_place(gaz, "Jabhat al-Nusra", "a faction, not a place", &err);
    sm_gaz_add_admin1(gaz, "SY.07", "Deir ez-Zor", &err);
    CHECK(sm_store_gazetteer_save(db, gaz, &err) == SM_OK, "save: %s", err.msg);
    CHECK(sm_store_gazetteer_save(db, gaz, &err) == SM_OK, "save again replaces: %s", err.msg);
    CHECK(sm_store_gazetteer_load(db, &back, &err) == SM_OK && sm_gaz_count(back) == 1,
          "load one place: %s", err.msg);
    CHECK(sm_gaz_lookup(back, "Deir Ezzor", NULL, &c, 1, &n, NULL, &err) == SM_OK && n == 1 &&
          c.place->population == 242565 && strcmp(c.place->name_ar, "دير الزور") == 0 &&
          strcmp(sm_gaz_admin1_name(back, c.place->admin1), "Deir ez-Zor") == 0 &&
          c.place->pcode && strcmp(c.place->pcode, "C5219") == 0,
          "the place comes back whole");
    CHECK(sm_gaz_lookup(back, "Jabhat al-Nusra", NULL, &c, 1, &n, &why, &err) == SM_OK &&
          n == 0 && strstr(why, "faction"), "not-places come back");
    sm_gaz_free(gaz);
    sm_gaz_free(back);
    sm_store_close(db);
}

/* A database of schema 1 (made by taking a new one back to it) is upgraded
 * by init and keeps its data. */
static void
test_upgrade_from_schema_1_keeps_data(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_event ev = { .uid = "e1", .type = SM_EVENT_CLASH, .place = "Tadef", .fatalities = 3 };
    sm_store_stats s;
    sqlite3 *raw;
    int rc;

    sm_day_parse("2017-02-26", &ev.day);
    sm_store_event_put(db, &ev, NULL, &err);
    sm_store_close(db);
    sqlite3_open(check_path("t.db"), &raw);
    rc = sqlite3_exec(raw,
        "DROP TABLE events_replaced; DROP TABLE zones_replaced; DROP TABLE control_replaced;"
        "DROP TABLE event_reports_replaced; DROP TABLE batches;"
        "DROP INDEX events_batch; DROP INDEX zones_batch; DROP INDEX control_batch;"
        "DROP INDEX event_reports_batch; ALTER TABLE events DROP COLUMN batch;"
        "ALTER TABLE events DROP COLUMN attrs; ALTER TABLE zones DROP COLUMN batch;"
        "ALTER TABLE control DROP COLUMN batch; ALTER TABLE event_reports DROP COLUMN batch;"
        "DROP TRIGGER zones_valid_INSERT; DROP TRIGGER zones_valid_UPDATE;"
        "DROP TRIGGER events_valid_INSERT; DROP TRIGGER events_valid_UPDATE;"
        "DROP TRIGGER control_valid_INSERT; DROP TRIGGER control_valid_UPDATE;"
        "DROP TRIGGER zones_area_insert; DROP TRIGGER zones_area_update;"
        "DROP TRIGGER zones_iso_valid_from_INSERT; DROP TRIGGER zones_iso_valid_from_UPDATE;"
        "DROP TRIGGER zones_iso_valid_to_INSERT; DROP TRIGGER zones_iso_valid_to_UPDATE;"
        "DROP TRIGGER events_iso_date_INSERT; DROP TRIGGER events_iso_date_UPDATE;"
        "DROP TRIGGER control_iso_valid_from_INSERT; DROP TRIGGER control_iso_valid_from_UPDATE;"
        "DROP TABLE not_places; DROP TABLE admin1; DROP TABLE admin2; DROP TABLE place_ids;"
        "ALTER TABLE places DROP COLUMN name_ar; ALTER TABLE places DROP COLUMN kind;"
        "ALTER TABLE places DROP COLUMN geonames_id; ALTER TABLE places DROP COLUMN curated;"
        "ALTER TABLE place_names DROP COLUMN kind; ALTER TABLE zones DROP COLUMN area_km2;"
        "ALTER TABLE zones DROP COLUMN other_faction; ALTER TABLE places DROP COLUMN pcode;"
        "DROP TABLE event_reports; DROP TABLE factions;"
        "UPDATE meta SET value = '1' WHERE key = 'schema_version'", NULL, NULL, NULL);
    sqlite3_close(raw);
    CHECK(rc == SQLITE_OK, "made a schema 1 database");
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_WRITE, &db, &err) == SM_EINPUT &&
          strstr(err.msg, "run `sitmap init` to upgrade"), "an old schema asks for init: %s",
          err.msg);
    sm_error_clear(&err);
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &db, &err) == SM_OK,
          "init upgrades from 1: %s", err.msg);
    if (db == NULL)
        return;
    CHECK(sm_store_schema_version_found(db) == 1, "it was at schema 1");
    CHECK(sm_store_stats_get(db, &s, &err) == SM_OK && s.events == 1, "the event is kept");
    sm_store_close(db);
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_READ, &db, &err) == SM_OK &&
          sm_store_schema_version_found(db) == SM_STORE_SCHEMA_VERSION, "now current");
    sm_store_close(db);
}

/* One batch putting events (fatalities by uid), committed. */
static int64_t
batch_of(sm_store *db, const char *const *uids, const int *fatalities, int n)
{
    sm_error err = { 0 };
    sm_batch b = { .kind = "import events", .file = "t.csv" };
    int64_t id = 0;

    CHECK(sm_store_begin(db, &err) == SM_OK &&
          sm_store_batch_begin(db, &b, &id, &err) == SM_OK, "batch opens: %s", err.msg);
    for (int i = 0; i < n; i++) {
        sm_event ev = { .uid = uids[i], .type = SM_EVENT_CLASH, .place = "Tadef",
                        .fatalities = fatalities[i], .dataset = "t.csv" };
        sm_day_parse("2017-02-26", &ev.day);
        CHECK(sm_store_event_put(db, &ev, NULL, &err) == SM_OK, "put: %s", err.msg);
    }
    b.rows = n;
    CHECK(sm_store_batch_end(db, &b, &err) == SM_OK && sm_store_commit(db, &err) == SM_OK,
          "batch ends: %s", err.msg);
    return id;
}

/* Fatalities of the event uid, -2 if it is not stored. */
static int
stored_fatalities(sm_store *db, const char *uid)
{
    sm_error err = { 0 };
    sm_store_cursor *cur = NULL;
    sm_event ev;
    int f = -2;

    if (sm_store_events_open(db, SM_DAY_NONE, SM_DAY_OPEN, &cur, &err) != SM_OK)
        return -3;
    while (sm_store_events_next(cur, &ev, &err) == SM_OK)
        if (strcmp(ev.uid, uid) == 0)
            f = ev.fatalities;
    sm_store_cursor_close(cur);
    return f;
}

/* An undo removes what its batch wrote and puts back what it replaced; it
 * waits for later batches that changed the same records; a delete is a
 * batch too, and can be undone. */
static void
test_batches_undo_and_delete(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_store_removal r;
    sm_delete_filter f = SM_DELETE_FILTER_INIT;
    int64_t b1, b2;

    b1 = batch_of(db, (const char *const[]){ "e1", "e2" }, (const int[]){ 1, 2 }, 2);
    b2 = batch_of(db, (const char *const[]){ "e1", "e3" }, (const int[]){ 5, 3 }, 2);
    CHECK(b1 > 0 && b2 > b1, "two batches (%lld, %lld)", (long long)b1, (long long)b2);
    CHECK(stored_fatalities(db, "e1") == 5, "the second batch updated e1");
    CHECK(sm_store_undo(db, b1, false, &r, &err) == SM_EINPUT &&
          strstr(err.msg, "changed since by batch 2"), "the first waits for the second: %s",
          err.msg);
    sm_error_clear(&err);
    CHECK(stored_fatalities(db, "e2") == 2, "a refused undo changes nothing");
    CHECK(sm_store_undo(db, b2, true, &r, &err) == SM_OK && r.events == 2 &&
          r.restored == 1 && stored_fatalities(db, "e3") == 3,
          "a dry run counts 2 removed, 1 put back, and changes nothing: %s", err.msg);
    CHECK(sm_store_undo(db, b2, false, &r, &err) == SM_OK && r.events == 2 && r.restored == 1,
          "undo 2: %s", err.msg);
    CHECK(stored_fatalities(db, "e1") == 1 && stored_fatalities(db, "e2") == 2 &&
          stored_fatalities(db, "e3") == -2, "e1 as batch 1 wrote it, e3 gone");
    CHECK(sm_store_undo(db, b2, false, &r, &err) == SM_EINPUT && strstr(err.msg, "undone"),
          "not twice: %s", err.msg);
    sm_error_clear(&err);
    CHECK(sm_store_delete(db, &f, false, &r, &err) == SM_EUSAGE, "a delete needs a criterion");
    sm_error_clear(&err);
    f.uid = "e2";
    CHECK(sm_store_delete(db, &f, false, &r, &err) == SM_OK && r.events == 1 && r.batch > 0 &&
          stored_fatalities(db, "e2") == -2, "delete one event by id: %s", err.msg);
    CHECK(sm_store_undo(db, r.batch, false, &r, &err) == SM_OK && r.restored == 1 &&
          stored_fatalities(db, "e2") == 2, "undo the delete: %s", err.msg);
    CHECK(sm_store_undo(db, b1, false, &r, &err) == SM_OK && r.events == 2 &&
          stored_fatalities(db, "e1") == -2, "undo 1 now: %s", err.msg);
    sm_store_close(db);
}

/* The temp schema's version on the store's connection. */
static int
temp_schema_version(sm_store *db)
{
    sqlite3_stmt *s = NULL;
    int v = -1;

    if (sqlite3_prepare_v2(db->db, "PRAGMA temp.schema_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* The triggers that keep what a batch replaces are made once per
 * connection: a batch after the first changes no schema (which would make
 * SQLite read SpatiaLite's large schema again); a batch rolled back takes
 * them with it, and the next batch makes them again and still keeps what
 * it replaces. */
static void
test_batches_leave_the_schema_alone(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_batch b = { .kind = "import events", .file = "t.csv" };
    sm_store_removal r;
    int64_t id = 0, b2;
    int v1;

    CHECK(sm_store_begin(db, &err) == SM_OK && sm_store_batch_begin(db, &b, &id, &err) == SM_OK,
          "a batch opens: %s", err.msg);
    sm_store_rollback(db);
    batch_of(db, (const char *const[]){ "e1" }, (const int[]){ 1 }, 1);
    v1 = temp_schema_version(db);
    b2 = batch_of(db, (const char *const[]){ "e1", "e2" }, (const int[]){ 2, 3 }, 2);
    batch_of(db, (const char *const[]){ "e3" }, (const int[]){ 4 }, 1);
    CHECK(v1 > 0 && temp_schema_version(db) == v1, "no schema change after the first batch"
          " (%d, then %d)", v1, temp_schema_version(db));
    CHECK(sm_store_undo(db, b2, false, &r, &err) == SM_OK && r.restored == 1 &&
          stored_fatalities(db, "e1") == 1 && stored_fatalities(db, "e2") == -2,
          "undo puts back what the batch replaced: %s", err.msg);
    CHECK(temp_schema_version(db) == v1, "nor an undo (%d)", temp_schema_version(db));
    sm_store_close(db);
}

/* One integer from SQL on the store's connection, -1 on failure. */
static long
query_int(sm_store *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    long v = -1;

    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void
put_point_events(sm_store *db, int from, int n, bool commit)
{
    sm_error err = { 0 };
    sm_batch b = { .kind = "import events", .file = "t.csv" };

    CHECK(sm_store_begin(db, &err) == SM_OK && sm_store_batch_begin(db, &b, NULL, &err) == SM_OK,
          "batch opens: %s", err.msg);
    for (int i = from; i < from + n; i++) {
        char uid[16];
        sm_event ev = { .uid = uid, .type = SM_EVENT_CLASH, .fatalities = i % 7,
                        .has_point = true, .lon_deg = 36 + i * 0.01, .lat_deg = 35 + i * 0.005 };
        snprintf(uid, sizeof(uid), "e%d", i);
        sm_day_parse(i % 2 ? "2017-02-26" : "2017-03-01", &ev.day);
        CHECK(sm_store_event_put(db, &ev, NULL, &err) == SM_OK, "put: %s", err.msg);
    }
    if (commit)
        CHECK(sm_store_batch_end(db, &b, &err) == SM_OK && sm_store_commit(db, &err) == SM_OK,
              "batch ends: %s", err.msg);
    else
        sm_store_rollback(db);
}

/* Events into an empty table load in bulk (indexes made after the rows,
 * no triggers): the same indexes, R*Tree and rows as row by row; a rolled
 * back bulk load leaves the indexes; the next batch (a table no longer
 * empty) runs its triggers, and keeps what it replaces. */
static void
test_events_bulk_load(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_store_removal r;
    const char *indexes = "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                          " AND tbl_name = 'events'";
    long nidx = query_int(db, indexes);

    put_point_events(db, 0, 50, false);
    CHECK(query_int(db, indexes) == nidx && nidx >= 3, "a rollback keeps the %ld indexes", nidx);
    CHECK(query_int(db, "SELECT count(*) FROM events") == 0, "and no rows");
    put_point_events(db, 0, 50, true);
    CHECK(query_int(db, indexes) == nidx, "the indexes made again (%ld)", query_int(db, indexes));
    CHECK(query_int(db, "SELECT count(*) FROM idx_events_geom") == 50 &&
          query_int(db, "SELECT count(*) FROM events e JOIN idx_events_geom i ON i.pkid = e.id"
                    " WHERE i.xmin <= MbrMinX(e.geom) AND i.xmax >= MbrMaxX(e.geom)"
                    " AND i.ymin <= MbrMinY(e.geom) AND i.ymax >= MbrMaxY(e.geom)") == 50,
          "every point in the R*Tree, in its box");
    CHECK(query_int(db, "SELECT count(*) FROM events INDEXED BY events_date"
                    " WHERE date = '2017-03-01'") == 25, "the date index finds the rows");
    CHECK(query_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE"
                    " integrity_check <> 'ok'") == 0, "the database is whole");
    put_point_events(db, 40, 20, true);
    CHECK(query_int(db, "SELECT count(*) FROM events_replaced") == 0 &&
          query_int(db, "SELECT count(*) FROM idx_events_geom") == 60,
          "a second batch of new rows and rows unchanged replaces nothing");
    CHECK(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'events_valid_INSERT'")
          == 1, "the schema's triggers stay");
    CHECK(sm_store_begin(db, &err) == SM_OK, "begin: %s", err.msg);
    CHECK(sqlite3_exec(db->db, "INSERT INTO events (uid, date, type) VALUES ('x', 'no day',"
                       " 'clash')", NULL, NULL, NULL) != SQLITE_OK,
          "after a bulk load the connection runs the triggers again");
    sm_store_rollback(db);
    {
        sm_event ev = { .uid = "e3", .type = SM_EVENT_SIEGE, .fatalities = 1,
                        .has_point = true, .lon_deg = 37, .lat_deg = 36 };
        sm_batch b = { .kind = "import events", .file = "u.csv" };
        int64_t id = 0;
        sm_day_parse("2017-02-26", &ev.day);
        CHECK(sm_store_begin(db, &err) == SM_OK &&
              sm_store_batch_begin(db, &b, &id, &err) == SM_OK &&
              sm_store_event_put(db, &ev, NULL, &err) == SM_OK &&
              sm_store_batch_end(db, &b, &err) == SM_OK && sm_store_commit(db, &err) == SM_OK,
              "an update: %s", err.msg);
        CHECK(query_int(db, "SELECT count(*) FROM events_replaced") == 1 &&
              query_int(db, "SELECT count(*) FROM idx_events_geom i JOIN events e"
                        " ON i.pkid = e.id WHERE e.uid = 'e3' AND i.xmin <= 37"
                        " AND i.xmax >= 37") == 1, "kept, and its box moved");
        CHECK(sm_store_undo(db, id, false, &r, &err) == SM_OK && r.restored == 1,
              "and undone: %s", err.msg);
    }
    sm_store_close(db);
}

/* A bulk load builds the R*Tree of the points packed (store/bulk.c): over
 * three levels of nodes, it holds the rows the module's own fill gives,
 * box for box, passes the module's check, finds what that one finds, and
 * takes a later row-by-row insert and delete. */
static void
test_events_bulk_rtree_packed(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_batch b = { .kind = "import events", .file = "t.csv" };
    enum { N = 3000 };

    CHECK(sm_store_begin(db, &err) == SM_OK && sm_store_batch_begin(db, &b, NULL, &err) == SM_OK,
          "batch opens: %s", err.msg);
    for (int i = 0; i < N; i++) {
        char uid[16];
        /* scattered, a few points shared, negative longitudes too */
        sm_event ev = { .uid = uid, .type = SM_EVENT_CLASH, .fatalities = 1, .has_point = true,
                        .lon_deg = -20 + (i * 37 % 997) * 0.0731234567,
                        .lat_deg = 30 + (i * 91 % 499) * 0.01987654321 };
        snprintf(uid, sizeof(uid), "e%d", i);
        sm_day_parse("2017-03-01", &ev.day);
        CHECK(sm_store_event_put(db, &ev, NULL, &err) == SM_OK, "put: %s", err.msg);
    }
    CHECK(sm_store_batch_end(db, &b, &err) == SM_OK && sm_store_commit(db, &err) == SM_OK,
          "batch ends: %s", err.msg);
    CHECK(sqlite3_exec(db->db, "CREATE VIRTUAL TABLE temp.ref USING rtree(pkid, xmin, xmax,"
                       " ymin, ymax); INSERT INTO temp.ref SELECT id, MbrMinX(geom),"
                       " MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom) FROM events",
                       NULL, NULL, NULL) == SQLITE_OK, "the module's own fill");
    CHECK(query_int(db, "SELECT count(*) FROM idx_events_geom") == N &&
          query_int(db, "SELECT count(*) FROM idx_events_geom i JOIN temp.ref r USING (pkid)"
                    " WHERE i.xmin = r.xmin AND i.xmax = r.xmax AND i.ymin = r.ymin"
                    " AND i.ymax = r.ymax") == N, "the same rows, the same boxes");
    CHECK(query_int(db, "SELECT max(nodeno) = count(*) FROM idx_events_geom_node") == 1 &&
          query_int(db, "SELECT count(*) FROM idx_events_geom_parent") ==
          query_int(db, "SELECT count(*) FROM idx_events_geom_node") - 1 &&
          query_int(db, "SELECT count(*) FROM idx_events_geom_node") >= N / 51 + 3,
          "nodes 1 to n, each but the root with a parent");
    CHECK(query_int(db, "SELECT rtreecheck('main', 'idx_events_geom') = 'ok'") == 1,
          "the R*Tree module's check");
    for (int q = 0; q < 20; q++) {
        char a[256], c[256];
        double x = -20 + q * 3.5, y = 30 + q * 0.45;
        snprintf(a, sizeof(a), "SELECT count(*) FROM idx_events_geom WHERE xmax >= %g AND"
                 " xmin <= %g AND ymax >= %g AND ymin <= %g", x, x + 9, y, y + 2.5);
        snprintf(c, sizeof(c), "SELECT count(*) FROM temp.ref WHERE xmax >= %g AND"
                 " xmin <= %g AND ymax >= %g AND ymin <= %g", x, x + 9, y, y + 2.5);
        CHECK(query_int(db, a) == query_int(db, c) && query_int(db, a) > 0,
              "a window finds the same rows (%ld)", query_int(db, a));
    }
    put_point_events(db, 0, 400, true);
    CHECK(sqlite3_exec(db->db, "DELETE FROM events WHERE id % 3 = 0", NULL, NULL, NULL)
          == SQLITE_OK, "rows deleted");
    CHECK(query_int(db, "SELECT rtreecheck('main', 'idx_events_geom') = 'ok'") == 1 &&
          query_int(db, "SELECT count(*) FROM idx_events_geom") ==
          query_int(db, "SELECT count(*) FROM events"),
          "rows added and deleted after it, row by row");
    sm_store_close(db);
}

/* Read-only, as a map reads: points come back exact (read from the blob,
 * with no SpatiaLite on the connection), places only inside the box, zones
 * in faction order (ids sorted, rows fetched), and a query that needs
 * SpatiaLite's functions (zones as WKB) loads it on demand. */
static void
test_read_only_reads_points_places_and_zones(void)
{
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_gaz *gaz = NULL;
    sm_place in = { .id = 1, .name = "Inside", .lat_deg = 36.2021, .lon_deg = 37.1343,
                    .feature_class = "P", .kind = "town", .country = "SY" };
    sm_place out = { .id = 2, .name = "Outside", .lat_deg = 33.5138, .lon_deg = 36.2765,
                     .feature_class = "P", .kind = "town", .country = "SY" };
    sm_event ev = { .uid = "e1", .type = SM_EVENT_CLASH, .place = "Inside", .fatalities = 3,
                    .has_point = true, .lon_deg = 37.13431234567, .lat_deg = 36.20213456789 };
    unsigned char wkb[256];
    sm_zone z = { .uid = "zb", .faction = "b", .status = "held", .wkb = wkb };
    sm_store_cursor *cur;
    sm_event got;
    sm_place p;
    sm_zone zr;
    const char *factions[2] = { NULL, NULL };
    int n = 0;

    sm_day_parse("2017-01-01", &ev.day);
    sm_day_parse("2016-12-01", &z.valid_from);
    z.valid_to = SM_DAY_OPEN;
    CHECK(sm_store_event_put(db, &ev, NULL, &err) == SM_OK, "put the event: %s", err.msg);
    z.wkb_len = wkb_square(wkb, 37, 36, 0.1);
    CHECK(sm_store_zone_put(db, &z, NULL, NULL, &err) == SM_OK, "zone b: %s", err.msg);
    z.uid = "za";
    z.faction = "a";
    z.wkb_len = wkb_square(wkb, 38, 36, 0.1);
    CHECK(sm_store_zone_put(db, &z, NULL, NULL, &err) == SM_OK, "zone a: %s", err.msg);
    sm_gaz_new(&gaz, &err);
    sm_gaz_add_place(gaz, &in, NULL, false, NULL, NULL, &err);
    sm_gaz_add_place(gaz, &out, NULL, false, NULL, NULL, &err);
    CHECK(sm_store_gazetteer_save(db, gaz, &err) == SM_OK, "save places: %s", err.msg);
    sm_gaz_free(gaz);
    sm_store_close(db);

    CHECK(sm_store_open(check_path("t.db"), SM_STORE_READ, &db, &err) == SM_OK, "reopen");
    CHECK(sm_store_events_open(db, SM_DAY_NONE, ev.day, &cur, &err) == SM_OK &&
          sm_store_events_next(cur, &got, &err) == SM_OK, "the event: %s", err.msg);
    CHECK(got.has_point && got.lon_deg == ev.lon_deg && got.lat_deg == ev.lat_deg,
          "its point to the last bit: %.11f %.11f", got.lon_deg, got.lat_deg);
    sm_store_cursor_close(cur);
    CHECK(sm_store_places_open(db, 36.5, 35.5, 38.0, 37.0, &cur, &err) == SM_OK, "places");
    while (sm_store_places_next(cur, &p, &err) == SM_OK) {
        CHECK(strcmp(p.name, "Inside") == 0 && p.lat_deg == in.lat_deg &&
              p.lon_deg == in.lon_deg, "only the place inside, where it is: %s", p.name);
        n++;
    }
    CHECK(n == 1, "one place in the box, got %d", n);
    sm_store_cursor_close(cur);
    n = 0;
    CHECK(sm_store_zones_open(db, z.valid_from, &cur, &err) == SM_OK, "zones: %s", err.msg);
    while (n < 2 && sm_store_zones_next(cur, &zr, &err) == SM_OK) {
        CHECK(zr.wkb_len == 102 && zr.wkb[0] == 1 && zr.wkb[1] == 6, "zone %s as a WKB multipolygon (%zu bytes)", zr.uid,
              zr.wkb_len);
        factions[n++] = zr.faction;
        if (n == 1)
            CHECK(strcmp(zr.faction, "a") == 0, "faction a first, got %s", zr.faction);
    }
    CHECK(n == 2 && factions[1] && strcmp(factions[1], "b") == 0, "then b");
    sm_store_cursor_close(cur);
    sm_store_close(db);
}

static void
told(void *ctx, const char *path, double waited_s)
{
    (void)path;
    (void)waited_s;
    ++*(int *)ctx;
}

/* A writer waits for another as long as it is told to, then fails. */
static void
test_writer_waits_at_most_as_told(void)
{
    sm_store *a = fresh_db(), *b = NULL;
    sm_error err = { 0 };
    int calls = 0;
    sm_store_wait w = { 1.3, told, &calls };
    struct timespec t0, t1;
    double waited;

    CHECK(a && sm_store_begin(a, &err) == SM_OK, "the first writer: %s", err.msg);
    CHECK(sm_store_open_wait(check_path("t.db"), SM_STORE_WRITE, &w, &b, &err) == SM_OK,
          "open while another writes: %s", err.msg);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(b && sm_store_begin(b, &err) == SM_EDB && strstr(err.msg, "locked"),
          "the second gives up: %s", err.msg);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(waited > 1.2 && waited < 3, "waited %.2f s for 1.3", waited);
    CHECK(calls == 1, "told %d times about the wait", calls);
    sm_store_rollback(a);
    sm_error_clear(&err);
    CHECK(b && sm_store_begin(b, &err) == SM_OK, "then it writes: %s", err.msg);
    sm_store_rollback(b);
    sm_store_close(b);
    sm_store_close(a);
}

static const check_case cases[] = {
    { "writer_waits_at_most_as_told", test_writer_waits_at_most_as_told },
    { "read_only_reads_points_places_and_zones", test_read_only_reads_points_places_and_zones },
    { "gazetteer_saved_and_loaded", test_gazetteer_saved_and_loaded },
    { "upgrade_from_schema_1_keeps_data", test_upgrade_from_schema_1_keeps_data },
    { "create_then_reopen", test_create_then_reopen },
    { "open_refuses_what_it_cannot_use", test_open_refuses_what_it_cannot_use },
    { "init_keeps_data", test_init_keeps_data },
    { "event_upsert_keeps_newest", test_event_upsert_keeps_newest },
    { "batches_undo_and_delete", test_batches_undo_and_delete },
    { "batches_leave_the_schema_alone", test_batches_leave_the_schema_alone },
    { "events_bulk_load", test_events_bulk_load },
    { "events_bulk_rtree_packed", test_events_bulk_rtree_packed },
    { "reports_of_one_incident_are_one_event", test_reports_of_one_incident_are_one_event },
    { "event_window_bounds_inclusive", test_event_window_bounds_inclusive },
    { "zone_validation_and_repair", test_zone_validation_and_repair },
    { "zones_as_of_matches_scan", test_zones_as_of_matches_scan },
    { "control_changes_hands_on_the_day", test_control_changes_hands_on_the_day },
    { "control_same_name_far_apart", test_control_same_name_far_apart },
    { "event_types_parse", test_event_types_parse },
};

CHECK_MAIN(cases)
