/* SPDX-License-Identifier: MIT */
/* test_export.c - exports round-trip through every format and layer. */
#include "check.h"

#include <sys/stat.h>

#include "sitmap.h"

static const sm_ingest_opts defaults = SM_INGEST_OPTS_INIT;

static sm_store *
loaded_db(const char *name)
{
    sm_store *db = NULL;
    sm_error err = { 0 };

    CHECK(sm_store_open(check_path(name), SM_STORE_CREATE, &db, &err) == SM_OK, "create");
    CHECK(sm_ingest_events(db, check_data("acled_sample.csv"), &defaults, NULL, &err) == SM_OK &&
          sm_ingest_events(db, check_data("events_plain.csv"), &defaults, NULL, &err) == SM_OK &&
          sm_ingest_zones(db, check_data("zones_sample.geojson"), &defaults, NULL, &err) == SM_OK &&
          sm_ingest_control(db, check_data("control_sample.csv"), &defaults, NULL, &err) == SM_OK,
          "load: %s", err.msg);
    return db;
}

static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    long n;
    char *s;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    s = calloc(1, (size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n)
        s[0] = '\0';
    fclose(f);
    return s;
}

static sm_status
import_layer(sm_store *db, sm_layer layer, const char *path, sm_error *err)
{
    if (layer == SM_LAYER_EVENTS)
        return sm_ingest_events(db, path, &defaults, NULL, err);
    if (layer == SM_LAYER_ZONES)
        return sm_ingest_zones(db, path, &defaults, NULL, err);
    return sm_ingest_control(db, path, &defaults, NULL, err);
}

/* The layer of the situation on day, as `sitmap export` writes it. */
static sm_status
export_on(sm_store *db, sm_day day, const sm_export_opts *o, long *n, sm_error *err)
{
    sm_situation_opts so = SM_SITUATION_OPTS_INIT;
    sm_situation *sit = NULL;
    sm_status st;

    so.window_days = SM_WINDOW_ALL;
    sm_export_needs(o->layer, &so);
    if ((st = sm_situation_build(db, day, &so, &sit, err)) == SM_OK)
        st = sm_export(sit, o, n, err);
    sm_situation_free(sit);
    return st;
}

/* export -> import into a new database -> export: the two CSVs are equal.
 * (Zones get their own test: their ids name the dataset they came from.) */
static void
test_round_trip_every_format(void)
{
    static const char *const exts[] = { "geojson", "gpkg", "csv", "kml" };
    static const sm_layer layers[] = { SM_LAYER_EVENTS, SM_LAYER_CONTROL };
    sm_store *db = loaded_db("a.db");
    sm_error err = { 0 };
    sm_day day;

    sm_day_parse("2017-02-28", &day);
    for (size_t l = 0; l < SM_LEN(layers); l++) {
        sm_export_opts o = SM_EXPORT_OPTS_INIT;
        char *ref;
        long n = 0;

        o.layer = layers[l];
        o.path = check_path("ref.csv");
        CHECK(export_on(db, day, &o, &n, &err) == SM_OK && n > 0, "export %s: %s",
              sm_layer_name(layers[l]), err.msg);
        ref = slurp(o.path);
        for (size_t e = 0; e < SM_LEN(exts); e++) {
            char name[64], dbname[64];
            sm_store *db2 = NULL;
            char *back;

            snprintf(name, sizeof(name), "out.%s", exts[e]);
            snprintf(dbname, sizeof(dbname), "b-%zu-%zu.db", l, e);
            o.path = check_path(name);
            CHECK(export_on(db, day, &o, NULL, &err) == SM_OK, "%s to %s: %s",
                  sm_layer_name(layers[l]), exts[e], err.msg);
            sm_store_open(check_path(dbname), SM_STORE_CREATE, &db2, &err);
            CHECK(import_layer(db2, layers[l], o.path, &err) == SM_OK, "re-import %s %s: %s",
                  sm_layer_name(layers[l]), exts[e], err.msg);
            o.path = check_path("back.csv");
            CHECK(export_on(db2, day, &o, NULL, &err) == SM_OK, "export again: %s", err.msg);
            back = slurp(o.path);
            CHECK(ref && back && strcmp(ref, back) == 0, "%s via %s changed:\n%s\n---\n%s",
                  sm_layer_name(layers[l]), exts[e], ref, back);
            free(back);
            sm_store_close(db2);
            o.path = check_path("ref.csv");
        }
        free(ref);
    }
    sm_store_close(db);
}

static void
test_zone_round_trip_keeps_geometry_and_dates(void)
{
    static const char *const exts[] = { "geojson", "gpkg", "csv", "kml" };
    sm_store *db = loaded_db("a.db");
    sm_error err = { 0 };
    sm_day day;

    sm_day_parse("2016-12-10", &day);
    for (size_t e = 0; e < SM_LEN(exts); e++) {
        char name[64];
        sm_export_opts o = SM_EXPORT_OPTS_INIT;  /* the zones */
        sm_store *db2 = NULL;
        sm_store_cursor *c1, *c2;
        sm_zone a, b;
        int n = 0;

        o.path = name;
        snprintf(name, sizeof(name), "%s", check_path(exts[e]));
        strcat(name, ".");
        strcat(name, exts[e]);
        CHECK(export_on(db, day, &o, NULL, &err) == SM_OK, "export: %s", err.msg);
        sm_store_open(check_path(exts[e]), SM_STORE_CREATE, &db2, &err);
        CHECK(sm_ingest_zones(db2, name, &defaults, NULL, &err) == SM_OK, "import %s: %s",
              exts[e], err.msg);
        sm_store_zones_open(db, day, &c1, &err);
        sm_store_zones_open(db2, day, &c2, &err);
        while (sm_store_zones_next(c1, &a, &err) == SM_OK) {
            CHECK(sm_store_zones_next(c2, &b, &err) == SM_OK, "%s: zone %d missing", exts[e], n);
            CHECK(strcmp(a.faction, b.faction) == 0 && strcmp(a.status, b.status) == 0 &&
                  a.valid_from == b.valid_from && a.valid_to == b.valid_to,
                  "%s: zone %d attributes", exts[e], n);
            CHECK(a.wkb_len == b.wkb_len && memcmp(a.wkb, b.wkb, a.wkb_len) == 0,
                  "%s: zone %d geometry identical", exts[e], n);
            n++;
        }
        CHECK(n == 3, "%s: 3 zones on 2016-12-10, got %d", exts[e], n);
        sm_store_cursor_close(c1);
        sm_store_cursor_close(c2);
        sm_store_close(db2);
    }
    sm_store_close(db);
}

static void
test_export_refuses_and_leaves_no_file(void)
{
    sm_store *db = loaded_db("a.db");
    sm_error err = { 0 };
    sm_export_opts o = { 0 };
    struct stat sb;
    sm_day day;

    sm_day_parse("2017-02-28", &day);
    CHECK(export_on(db, day, &o, NULL, &err) == SM_EUSAGE && strstr(err.msg, "no output file"),
          "a zeroed sm_export_opts (no path) is a usage error: %s", err.msg);
    sm_error_clear(&err);
    o = (sm_export_opts)SM_EXPORT_OPTS_INIT;
    o.layer = SM_LAYER_EVENTS;
    o.path = check_path("out.xlsx");
    CHECK(export_on(db, day, &o, NULL, &err) == SM_EUSAGE && strstr(err.msg, "unknown output format"),
          "an unknown extension is a usage error: %s", err.msg);
    sm_error_clear(&err);
    o.path = check_path("missing/dir/out.geojson");
    CHECK(export_on(db, day, &o, NULL, &err) == SM_EIO, "a missing folder fails: %s", err.msg);
    CHECK(stat(o.path, &sb) != 0, "and leaves no file");
    sm_store_close(db);
}

static void
test_export_is_deterministic(void)
{
    static const char *const exts[] = { "geojson", "gpkg", "csv", "kml" };
    sm_store *db = loaded_db("a.db");
    sm_error err = { 0 };

    for (size_t e = 0; e < SM_LEN(exts); e++) {
        char a[512], b[512];
        sm_export_opts o = SM_EXPORT_OPTS_INIT;  /* the zones */
        char *x, *y;
        FILE *fa, *fb;
        long na, nb;
        sm_day day;

        sm_day_parse("2017-01-01", &day);
        snprintf(a, sizeof(a), "%s.%s", check_path("one"), exts[e]);
        snprintf(b, sizeof(b), "%s.%s", check_path("two"), exts[e]);
        o.path = a;
        export_on(db, day, &o, NULL, &err);
        o.path = b;
        export_on(db, day, &o, NULL, &err);
        fa = fopen(a, "rb");
        fb = fopen(b, "rb");
        CHECK(fa && fb, "both written");
        if (!fa || !fb)
            continue;
        fseek(fa, 0, SEEK_END);
        fseek(fb, 0, SEEK_END);
        na = ftell(fa);
        nb = ftell(fb);
        fclose(fa);
        fclose(fb);
        x = slurp(a);
        y = slurp(b);
        CHECK(na == nb && memcmp(x, y, (size_t)na) == 0, "%s: same bytes twice", exts[e]);
        free(x);
        free(y);
    }
    sm_store_close(db);
}

static const check_case cases[] = {
    { "round_trip_every_format", test_round_trip_every_format },
    { "zone_round_trip_keeps_geometry_and_dates", test_zone_round_trip_keeps_geometry_and_dates },
    { "export_refuses_and_leaves_no_file", test_export_refuses_and_leaves_no_file },
    { "export_is_deterministic", test_export_is_deterministic },
};

CHECK_MAIN(cases)
