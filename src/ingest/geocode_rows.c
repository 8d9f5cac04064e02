/* SPDX-License-Identifier: MIT */
/*
 * geocode_rows.c - placing imported rows that carry only a place name.
 *
 * The precision follows ACLED's geo_precision from the size of what was
 * found: a place standing for 10 km or less is the town named, however big
 * (1), up to 30 km a part of a region (2), beyond that a region (3).
 */
#include "ingest/ingest_int.h"

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
