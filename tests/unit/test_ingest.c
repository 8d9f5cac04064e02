/* SPDX-License-Identifier: MIT */
/* test_ingest.c - importing events, zones and control through GDAL/OGR. */
#include "check.h"

#include <math.h>
#include <string.h>

#include "sitmap.h"

static const sm_ingest_opts defaults = SM_INGEST_OPTS_INIT;

static sm_store *
fresh_db(void)
{
    sm_store *db = NULL;
    sm_error err = { 0 };

    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &db, &err) == SM_OK,
          "create: %s", err.msg);
    return db;
}

static sm_store_stats
stats(sm_store *db)
{
    sm_store_stats s = { 0 };
    sm_error err = { 0 };

    CHECK(sm_store_stats_get(db, &s, &err) == SM_OK, "stats: %s", err.msg);
    return s;
}

/* The stored event with this uid, copied into *out (strings not kept). */
static bool
event_by_uid(sm_store *db, const char *uid, sm_event *out)
{
    sm_store_cursor *cur;
    sm_error err = { 0 };
    sm_event ev;
    bool found = false;

    sm_store_events_open(db, SM_DAY_NONE, SM_DAY_OPEN, &cur, &err);
    while (!found && sm_store_events_next(cur, &ev, &err) == SM_OK) {
        if (strcmp(ev.uid, uid) == 0) {
            *out = ev;
            found = true;
        }
    }
    sm_store_cursor_close(cur);
    return found;
}

static void
test_acled_export_maps_types_and_precisions(void)
{
    static const struct {
        const char *uid;
        sm_event_type type;
        int time_prec, geo_prec, fatalities;
        const char *date;
    } want[] = {
        { "SYR10001", SM_EVENT_AIRSTRIKE, 1, 1, 5, "2017-01-18" },
        { "SYR10002", SM_EVENT_CLASH, 2, 1, 12, "2017-01-19" },
        { "SYR10003", SM_EVENT_CEASEFIRE, 1, 2, 0, "2017-01-20" },
        { "SYR10004", SM_EVENT_CLASH, 3, 3, 3, "2017-01-15" },   /* Attack under Battles */
        { "SYR10005", SM_EVENT_ATTACK, 1, 1, 4, "2017-01-21" },  /* Attack on civilians */
        { "SYR10006", SM_EVENT_BOMBING, 1, 1, 14, "2017-01-22" },
        { "SYR10007", SM_EVENT_SHELLING, 1, 1, -1, "2017-01-23" }, /* unknown toll */
        { "SYR10008", SM_EVENT_OTHER, 1, 1, 0, "2017-01-24" },
    };
    sm_store *db = fresh_db();
    sm_ingest_report rep = { 0 };
    sm_error err = { 0 };

    CHECK(sm_ingest_events(db, check_data("acled_sample.csv"), &defaults, &rep, &err) == SM_OK,
          "import: %s", err.msg);
    CHECK(rep.rows == 8 && rep.added == 8, "8 rows, 8 new (%ld, %ld)", rep.rows, rep.added);
    for (size_t i = 0; i < SM_LEN(want); i++) {
        sm_event ev;
        sm_day day;
        sm_day_parse(want[i].date, &day);
        CHECK(event_by_uid(db, want[i].uid, &ev), "%s stored", want[i].uid);
        CHECK(ev.type == want[i].type, "%s: type %s, want %s", want[i].uid,
              sm_event_type_name(ev.type), sm_event_type_name(want[i].type));
        CHECK((int)ev.date_precision == want[i].time_prec && (int)ev.geo_precision == want[i].geo_prec,
              "%s: time/geo precision %d/%d, want %d/%d", want[i].uid, ev.date_precision,
              ev.geo_precision, want[i].time_prec, want[i].geo_prec);
        CHECK(ev.fatalities == want[i].fatalities, "%s: fatalities %d", want[i].uid, ev.fatalities);
        CHECK(ev.day == day, "%s: date", want[i].uid);
        CHECK(ev.has_point, "%s: has coordinates", want[i].uid);
    }
    sm_store_close(db);
}

static void
test_reimport_updates_instead_of_duplicating(void)
{
    sm_store *db = fresh_db();
    sm_ingest_report rep = { 0 };
    sm_error err = { 0 };
    sm_event ev;

    sm_ingest_events(db, check_data("acled_sample.csv"), &defaults, NULL, &err);
    CHECK(sm_ingest_events(db, check_data("acled_sample.csv"), &defaults, &rep, &err) == SM_OK,
          "re-import: %s", err.msg);
    CHECK(rep.added == 0 && rep.updated == 0 && rep.same == 8 && stats(db).events == 8,
          "no duplicates: %ld new, %ld unchanged, %ld events", rep.added, rep.same,
          stats(db).events);
    CHECK(sm_ingest_events(db, check_data("acled_update.csv"), &defaults, &rep, &err) == SM_OK,
          "update: %s", err.msg);
    CHECK(rep.updated == 1 && rep.kept == 1, "one newer, one older: %ld updated, %ld kept",
          rep.updated, rep.kept);
    CHECK(event_by_uid(db, "SYR10001", &ev) && ev.fatalities == 9, "newer version wins (%d)",
          ev.fatalities);
    CHECK(event_by_uid(db, "SYR10002", &ev) && ev.fatalities == 12, "older version loses (%d)",
          ev.fatalities);
    CHECK(stats(db).events == 8, "still 8 events");
    sm_store_close(db);
}

static void
test_plain_csv_with_place_only_rows(void)
{
    sm_store *db = fresh_db();
    sm_ingest_report rep = { 0 };
    sm_error err = { 0 };
    sm_store_cursor *cur;
    sm_event ev;
    int n = 0;

    CHECK(sm_ingest_events(db, check_data("events_plain.csv"), &defaults, &rep, &err) == SM_OK,
          "import: %s", err.msg);
    CHECK(rep.added == 4 && rep.unplaced == 1, "4 new, 1 unplaced (%ld, %ld)", rep.added,
          rep.unplaced);
    sm_store_events_open(db, SM_DAY_NONE, SM_DAY_OPEN, &cur, &err);
    while (sm_store_events_next(cur, &ev, &err) == SM_OK) {
        n++;
        CHECK(ev.uid[0] == 'h' && strlen(ev.uid) == 17, "content id %s", ev.uid);
        if (strcmp(ev.place, "Azaz") == 0)
            CHECK(strcmp(ev.actor1, "Islamic State") == 0 && strcmp(ev.actor2, "civilians") == 0,
                  "actors split at ';': %s / %s", ev.actor1, ev.actor2);
        if (strcmp(ev.place, "Douma") == 0)
            CHECK(!ev.has_point, "Douma kept without coordinates");
        if (strcmp(ev.place, "Harasta") == 0)
            CHECK(ev.type == SM_EVENT_AIRSTRIKE && ev.fatalities == -1,
                  "\"Air strike\" is an airstrike with unknown toll");
    }
    sm_store_cursor_close(cur);
    CHECK(n == 4, "4 events read back, got %d", n);
    CHECK(sm_ingest_events(db, check_data("events_plain.csv"), &defaults, &rep, &err) == SM_OK &&
          rep.added == 0 && stats(db).events == 4, "re-import adds nothing");
    sm_store_close(db);
}

/* Each bad file is refused with its position and reason, and the database
 * stays exactly as it was. */
static void
test_bad_events_rejected_and_rolled_back(void)
{
    static const struct { const char *file, *where, *why; } bad[] = {
        { "empty.csv", "empty.csv", "empty" },
        { "header_only.csv", "header_only.csv", "no events" },
        { "missing_date.csv", "missing_date.csv", "missing column \"date\"" },
        { "bad_date.csv", "bad_date.csv:3", "\"2017-02-30\" is not a calendar date" },
        { "bad_lat.csv", "bad_lat.csv:4", "latitude 95.5 is out of range" },
        { "nan_coord.csv", "nan_coord.csv:2", "\"NaN\" is not a number" },
        { "bad_type.csv", "bad_type.csv:2", "\"picnic\" is not an event type" },
        { "bad_fatalities.csv", "bad_fatalities.csv:2", "not a whole number" },
        { "no_location.csv", "no_location.csv:2", "neither coordinates nor a place" },
        { "bad_utf8.csv", "bad_utf8.csv:3", "invalid UTF-8" },
        { "control_char.csv", "control_char.csv:2", "control character" },
        { "garbage.csv", "garbage.csv", "cannot read" },
        { "no_such_file.csv", "no_such_file.csv", "cannot read" },
    };
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    long before;

    sm_ingest_events(db, check_data("acled_sample.csv"), &defaults, NULL, &err);
    before = stats(db).events;
    for (size_t i = 0; i < SM_LEN(bad); i++) {
        sm_status st;
        sm_error_clear(&err);
        st = sm_ingest_events(db, check_data(bad[i].file), &defaults, NULL, &err);
        CHECK(st == SM_EINPUT || st == SM_EIO, "%s refused (%d)", bad[i].file, (int)st);
        CHECK(strstr(err.msg, bad[i].where) != NULL, "%s: message names %s: %s", bad[i].file,
              bad[i].where, err.msg);
        CHECK(strstr(err.msg, bad[i].why) != NULL, "%s: message says %s: %s", bad[i].file,
              bad[i].why, err.msg);
        CHECK(stats(db).events == before, "%s: nothing half-imported", bad[i].file);
    }
    sm_store_close(db);
}

static void
test_zones_import_repairs_and_reprojects(void)
{
    sm_store *db = fresh_db();
    sm_ingest_report rep = { 0 };
    sm_error err = { 0 };
    sm_store_cursor *cur;
    sm_zone z;
    sm_day day;
    int n = 0;

    CHECK(sm_ingest_zones(db, check_data("zones_sample.geojson"), &defaults, &rep, &err) == SM_OK,
          "import: %s", err.msg);
    CHECK(rep.added == 3 && rep.repaired == 1, "3 zones, 1 repaired (%ld, %ld)", rep.added,
          rep.repaired);
    sm_day_parse("2016-12-22", &day);
    sm_store_zones_open(db, day, &cur, &err);
    while (sm_store_zones_next(cur, &z, &err) == SM_OK) {
        n++;
        CHECK(strcmp(z.name, "East Aleppo") != 0, "East Aleppo ended on 2016-12-22 (exclusive)");
    }
    sm_store_cursor_close(cur);
    CHECK(n == 2, "2 zones on 2016-12-22, got %d", n);

    /* The same zones in UTM 37N come back at the same longitudes/latitudes. */
    sm_store_close(db);
    remove(check_path("t.db"));
    db = fresh_db();
    CHECK(sm_ingest_zones(db, check_data("zones_utm.geojson"), &defaults, &rep, &err) == SM_OK,
          "import UTM: %s", err.msg);
    sm_day_parse("2016-12-10", &day);
    sm_store_zones_open(db, day, &cur, &err);
    while (sm_store_zones_next(cur, &z, &err) == SM_OK) {
        if (strcmp(z.name, "East Aleppo") == 0) {
            double x;
            /* Little-endian multipolygon: 1+4+4, polygon 1+4+4, ring count 4, x0 y0 */
            memcpy(&x, z.wkb + 9 + 9 + 4, sizeof(x));
            CHECK(fabs(x - 37.15) < 1e-6 || fabs(x - 37.20) < 1e-6,
                  "a vertex at 37.15 or 37.20 E, got %.8f", x);
        }
    }
    sm_store_cursor_close(cur);
    sm_store_close(db);
}

static void
test_bad_zones_rejected_and_rolled_back(void)
{
    static const struct { const char *file, *where, *why; } bad[] = {
        { "zones_unrepairable.geojson", "feature 2", "cannot be repaired" },
        { "zones_point.geojson", "feature 1", "not a polygon" },
        { "zones_bad_faction.geojson", "feature 1", "not a plain faction id" },
        { "events_plain.csv", "events_plain.csv", "missing column \"faction\"" },
    };
    sm_store *db = fresh_db();
    sm_error err = { 0 };
    sm_ingest_opts o = defaults;

    for (size_t i = 0; i < SM_LEN(bad); i++) {
        sm_error_clear(&err);
        CHECK(sm_ingest_zones(db, check_data(bad[i].file), &defaults, NULL, &err) == SM_EINPUT,
              "%s refused", bad[i].file);
        CHECK(strstr(err.msg, bad[i].where) && strstr(err.msg, bad[i].why),
              "%s: says %s, %s: %s", bad[i].file, bad[i].where, bad[i].why, err.msg);
    }
    CHECK(stats(db).zones == 0, "nothing imported (feature 1 of the first file rolled back)");
    sm_error_clear(&err);
    o.faction = "regime";
    sm_day_parse("2017-01-10", &o.valid_from);
    sm_day_parse("2017-01-10", &o.valid_to);
    CHECK(sm_ingest_zones(db, check_data("zones_sample.geojson"), &o, NULL, &err) == SM_EINPUT &&
          strstr(err.msg, "on or before it"), "an empty validity span is refused: %s", err.msg);
    sm_error_clear(&err);
    o.valid_to = o.valid_from + 5;
    CHECK(sm_ingest_zones(db, check_data("zones_sample.geojson"), &o, NULL, &err) == SM_OK,
          "options override fields: %s", err.msg);
    CHECK(stats(db).zones == 3, "3 zones");
    sm_store_close(db);
}

static void
test_control_import(void)
{
    sm_store *db = fresh_db();
    sm_ingest_report rep = { 0 };
    sm_error err = { 0 };
    sm_store_stats s;

    CHECK(sm_ingest_control(db, check_data("control_sample.csv"), &defaults, &rep, &err) == SM_OK,
          "import: %s", err.msg);
    s = stats(db);
    CHECK(rep.added == 8 && rep.unplaced == 1, "8 records, Douma unplaced (%ld, %ld)", rep.added,
          rep.unplaced);
    CHECK(s.control_places == 6, "6 places (two Tell Abyads), got %ld", s.control_places);
    CHECK(sm_ingest_control(db, check_data("control_bad_faction.csv"), &defaults, NULL, &err) ==
          SM_EINPUT && strstr(err.msg, "control_bad_faction.csv:3"), "bad faction refused: %s",
          err.msg);
    CHECK(stats(db).control_records == 8, "and rolled back (%ld)", stats(db).control_records);
    sm_store_close(db);
}

/* A zeroed sm_ingest_opts never dates zones 1970-01-01: its days (0) are
 * refused, and nothing is stored; events and control take it as the
 * defaults. SM_INGEST_OPTS_INIT reads the dates from the file. */
static void
test_zeroed_opts_do_not_date_zones_1970(void)
{
    sm_store *db = fresh_db();
    sm_ingest_opts zeroed = { 0 }, init = SM_INGEST_OPTS_INIT;
    sm_ingest_report rep = { 0 };
    sm_error err = { 0 };
    sm_store_cursor *cur;
    sm_zone z;
    sm_day day;

    CHECK(init.valid_from == SM_DAY_NONE && init.valid_to == SM_DAY_NONE &&
          init.format == SM_FORMAT_AUTO && init.layer == NULL && !init.trust_coordinates,
          "SM_INGEST_OPTS_INIT gives the documented defaults");
    CHECK(sm_ingest_zones(db, check_data("zones_sample.geojson"), &zeroed, &rep, &err) ==
              SM_EUSAGE && strstr(err.msg, "1970-01-01") && strstr(err.msg, "SM_INGEST_OPTS_INIT"),
          "a zeroed struct's day 0 is refused, saying why: %s", err.msg);
    CHECK(stats(db).zones == 0, "and no zone is stored");
    sm_error_clear(&err);
    zeroed.valid_from = SM_DAY_NONE;
    CHECK(sm_ingest_zones(db, check_data("zones_sample.geojson"), &zeroed, &rep, &err) ==
              SM_EUSAGE && strstr(err.msg, "valid to"),
          "so is valid_to 0: %s", err.msg);
    sm_error_clear(&err);
    CHECK(sm_ingest_zones(db, check_data("zones_sample.geojson"), &init, &rep, &err) == SM_OK &&
              rep.added == 3, "SM_INGEST_OPTS_INIT takes the file's dates: %s", err.msg);
    sm_day_parse("1970-01-01", &day);
    CHECK(day == 0, "1970-01-01 is day 0");
    sm_store_zones_open(db, day + 1, &cur, &err);
    CHECK(sm_store_zones_next(cur, &z, &err) == SM_ENOTFOUND, "no zone is valid in 1970");
    sm_store_cursor_close(cur);
    sm_error_clear(&err);
    memset(&zeroed, 0, sizeof(zeroed));
    CHECK(sm_ingest_control(db, check_data("control_sample.csv"), &zeroed, &rep, &err) == SM_OK &&
              rep.added == 8, "control takes a zeroed struct: %s", err.msg);
    sm_store_close(db);
}

static const check_case cases[] = {
    { "acled_export_maps_types_and_precisions", test_acled_export_maps_types_and_precisions },
    { "reimport_updates_instead_of_duplicating", test_reimport_updates_instead_of_duplicating },
    { "plain_csv_with_place_only_rows", test_plain_csv_with_place_only_rows },
    { "bad_events_rejected_and_rolled_back", test_bad_events_rejected_and_rolled_back },
    { "zones_import_repairs_and_reprojects", test_zones_import_repairs_and_reprojects },
    { "bad_zones_rejected_and_rolled_back", test_bad_zones_rejected_and_rolled_back },
    { "control_import", test_control_import },
    { "zeroed_opts_do_not_date_zones_1970", test_zeroed_opts_do_not_date_zones_1970 },
};

CHECK_MAIN(cases)
