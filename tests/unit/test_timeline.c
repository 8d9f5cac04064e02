/* SPDX-License-Identifier: MIT */
/* test_timeline.c - the situation on a day: zones in memory, front lines
 * where factions meet (shared, near, enclosed, claimed), advancing sides. */
#include "check.h"

#include <math.h>

#include "sitmap.h"
#include "timeline/timeline.h"

static const sm_ingest_opts defaults = { .valid_from = SM_DAY_NONE, .valid_to = SM_DAY_NONE };

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

/* A database holding the zones, and the situation on day with fronts at tol_km. */
static bool
situation(const zone_spec *z, size_t nz, const char *day, double tol_km, sm_store **db,
          sm_situation *s)
{
    sm_error err = { 0 };
    FILE *f = fopen(check_path("zones.geojson"), "w");
    sm_day d;

    fprintf(f, "{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (size_t i = 0; i < nz; i++)
        box_feature(f, i == 0, z[i].faction, z[i].status ? z[i].status : "held", z[i].from,
                    z[i].to, z[i].w, z[i].s, z[i].e, z[i].n, z[i].hole);
    fprintf(f, "]}\n");
    fclose(f);
    sm_day_parse(day, &d);
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, db, &err) == SM_OK &&
              sm_ingest_zones(*db, check_path("zones.geojson"), &defaults, NULL, &err) ==
                  SM_OK &&
              sm_situation_load(*db, d, s, &err) == SM_OK &&
              sm_situation_fronts(s, tol_km, &err) == SM_OK,
          "situation: %s", err.msg);
    return err.status == SM_OK;
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
    sm_situation s = SM_SITUATION_INIT;
    sm_store *db = NULL;

    if (situation(z, SM_LEN(z), "2020-02-01", 0, &db, &s)) {
        CHECK(s.nzones == 4 && s.nrings == 4, "4 zones of one ring (%zu, %zu)", s.nzones,
              s.nrings);
        CHECK(s.nfronts == 1, "one front, got %zu", s.nfronts);
        if (s.nfronts == 1) {
            const sm_front *f = &s.fronts[0];
            const double *p = &s.fpts[2 * f->first];
            CHECK(strcmp(f->left, "a") == 0 && strcmp(f->right, "b") == 0,
                  "a on the left, b on the right (%s, %s)", f->left, f->right);
            CHECK(f->n == 2 && p[0] == 37 && p[1] == 35 && p[2] == 37 && p[3] == 36,
                  "the shared edge, northwards: %u points, (%g %g) (%g %g)", f->n, p[0], p[1],
                  p[2], p[3]);
            CHECK(!f->claimed && !f->contested, "held on both sides");
        }
    }
    sm_situation_free(&s);
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
    sm_situation s = SM_SITUATION_INIT;
    sm_store *db = NULL;
    sm_error err = { 0 };

    if (situation(z, SM_LEN(z), "2020-02-01", 0, &db, &s)) {
        CHECK(s.nfronts == 0, "no front at zero tolerance, got %zu", s.nfronts);
        CHECK(sm_situation_fronts(&s, 1.0, &err) == SM_OK && s.nfronts == 1,
              "one front within 1 km, got %zu", s.nfronts);
        if (s.nfronts == 1) {
            /* a's edge where b lies along it: from 35.2 N (within a piece
             * of 2 km) to 36 N */
            const sm_front *f = &s.fronts[0];
            double from = s.fpts[2 * f->first + 1], to = s.fpts[2 * (f->first + f->n) - 1];
            CHECK(fabs(from - 35.2) < 0.02 && to == 36 && s.fpts[2 * f->first] == 37,
                  "a's edge from 35.2 to 36 N (%g to %g)", from, to);
            CHECK(f->claimed, "dashed for the claimed side");
        }
    }
    sm_situation_free(&s);
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
    sm_situation s = SM_SITUATION_INIT;
    sm_store *db = NULL;

    if (situation(z, SM_LEN(z), "2020-02-01", 0, &db, &s)) {
        CHECK(s.nfronts == 1, "one front, got %zu", s.nfronts);
        if (s.nfronts == 1) {
            const sm_front *f = &s.fronts[0];
            const double *p = &s.fpts[2 * f->first];
            CHECK(f->n == 5 && p[0] == p[8] && p[1] == p[9], "a closed ring of 5 points (%u)",
                  f->n);
            CHECK(strcmp(f->left, "a") == 0 && strcmp(f->right, "b") == 0 && f->contested,
                  "the besieged enclave a inside b (%s | %s)", f->left, f->right);
        }
    }
    sm_situation_free(&s);
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
    sm_situation s = SM_SITUATION_INIT;
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_day since;

    sm_day_parse("2020-02-15", &since);
    if (situation(z, SM_LEN(z), "2020-03-10", 0, &db, &s)) {
        CHECK(s.nzones == 2 && s.nfronts == 1, "2 zones and 1 front on 10 March (%zu, %zu)",
              s.nzones, s.nfronts);
        CHECK(sm_situation_advances(&s, db, since, &err) == SM_OK, "advances: %s", err.msg);
        if (s.nfronts == 1) {
            CHECK(s.fronts[0].advancing && strcmp(s.fronts[0].advancing, "a") == 0,
                  "a advanced (%s)", s.fronts[0].advancing ? s.fronts[0].advancing : "none");
            CHECK(s.fpts[2 * s.fronts[0].first] == 37.5, "the front at 37.5 E");
        }
        CHECK(sm_situation_advances(&s, db, s.day, &err) == SM_OK && s.nfronts == 1 &&
                  s.fronts[0].advancing == NULL,
              "over no time nobody advances");
    }
    sm_situation_free(&s);
    sm_store_close(db);
}

static const check_case cases[] = {
    { "a_front_where_two_factions_share_a_boundary", test_a_front_where_two_factions_share_a_boundary },
    { "zones_digitised_apart_meet_within_the_tolerance", test_zones_digitised_apart_meet_within_the_tolerance },
    { "an_enclave_is_ringed_by_one_closed_front", test_an_enclave_is_ringed_by_one_closed_front },
    { "the_side_that_gained_ground_advances", test_the_side_that_gained_ground_advances },
};

CHECK_MAIN(cases)
