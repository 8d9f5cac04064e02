/* SPDX-License-Identifier: MIT */
/*
 * geocode_rows.c - placing imported rows that carry only a place name.
 *
 * The precision follows ACLED's geo_precision from the size of what was
 * found: a place standing for 10 km or less is the town named, however big
 * (1), up to 30 km a part of a region (2), beyond that a region (3).
 *
 * A row with coordinates and a place name is checked against the gazetteer:
 * when the name is a place it knows (as spelled, not guessed) and no place
 * of that name lies within PLAUSIBLE_KM of the point, the point is wrong
 * (or the name): the row is refused with the distance, and named swapped
 * when latitude and longitude the other way round fall near the place.
 */
#include "ingest/ingest_int.h"

#include <math.h>

#define PLAUSIBLE_KM 50.0
#define NAMESAKES 16

sm_status
sm_ingest__geocode(const sm_ingest_opts *o, const char *place, const char *admin1,
                   bool *found, double *lat_deg, double *lon_deg, int64_t *place_id,
                   sm_precision *precision, sm_error *err)
{
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c;
    sm_error why = { 0 };
    sm_status st;
    int n = 0;

    const sm_gaz *gaz;

    *found = false;
    if (place == NULL)
        return SM_OK;
    gaz = o->gaz ? o->gaz : o->load_gaz ? o->load_gaz(o->load_gaz_user) : NULL;
    if (gaz == NULL)
        return SM_OK;
    q.admin1 = admin1;
    st = sm_gaz_lookup(gaz, place, &q, &c, 1, &n, NULL, &why);
    if (st == SM_ENOMEM)
        return sm_fail(err, st, "%s", why.msg);
    /* a guess (a misspelling, a spelling read from an Arabic name, with
       no governorate to confirm it) places no row: the row keeps its name */
    if (st != SM_OK || n == 0 || c.uncertain)
        return SM_OK;
    *lat_deg = c.place->lat_deg;
    *lon_deg = c.place->lon_deg;
    *place_id = c.place->id;
    *precision = c.place->precision_km <= 10 ? SM_PRECISION_1
               : c.place->precision_km <= 30 ? SM_PRECISION_2 : SM_PRECISION_3;
    *found = true;
    return SM_OK;
}

/* The distance from (lat, lon) to the nearest of cands known as spelled. */
static double
nearest_km(const sm_candidate *c, int n, double lat, double lon)
{
    double best = INFINITY;

    for (int i = 0; i < n; i++)
        if (c[i].edits == 0 && !c[i].uncertain)
            best = fmin(best, sm_gaz_distance_km(lat, lon, c[i].place->lat_deg,
                                                 c[i].place->lon_deg));
    return best;
}

sm_status
sm_ingest__plausible(const sm_src *src, const sm_ingest_opts *o, const char *place,
                     const char *admin1, double lat_deg, double lon_deg, sm_error *err)
{
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c[NAMESAKES];
    sm_error why = { 0 };
    const sm_gaz *gaz;
    double km, swapped;
    int n = 0;

    if (o->trust_coordinates || place == NULL)
        return SM_OK;
    gaz = o->gaz ? o->gaz : o->load_gaz ? o->load_gaz(o->load_gaz_user) : NULL;
    if (gaz == NULL)
        return SM_OK;
    q.fuzzy = false;
    q.admin1 = admin1;
    q.has_near = true;
    q.near_lat_deg = lat_deg;
    q.near_lon_deg = lon_deg;
    if (sm_gaz_lookup(gaz, place, &q, c, NAMESAKES, &n, NULL, &why) == SM_ENOMEM)
        return sm_fail(err, SM_ENOMEM, "%s", why.msg);
    km = nearest_km(c, n, lat_deg, lon_deg);
    if (!isfinite(km) || km <= PLAUSIBLE_KM)
        return SM_OK;                     /* a place it does not know, or one near */
    swapped = fabs(lon_deg) <= 90 ? nearest_km(c, n, lon_deg, lat_deg) : INFINITY;
    if (swapped <= PLAUSIBLE_KM)
        return sm_ingest__row_fail(src, err, "latitude and longitude are swapped: (%.5f,"
                                   " %.5f) is %.0f km from %s, the place the row names;"
                                   " (%.5f, %.5f) is %.0f km from it (--trust-coordinates"
                                   " keeps the point as given)", lat_deg, lon_deg, km, place,
                                   lon_deg, lat_deg, swapped);
    return sm_ingest__row_fail(src, err, "the point (%.5f, %.5f) is %.0f km from %s, the"
                               " place the row names (more than %.0f km; --trust-coordinates"
                               " keeps the point as given)", lat_deg, lon_deg, km, place,
                               PLAUSIBLE_KM);
}
