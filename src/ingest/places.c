/* SPDX-License-Identifier: MIT */
/*
 * places.c - places for the gazetteer from any OGR point layer with a name
 * (and optionally population, name_ar, kind): a newsroom's own place list,
 * an OSM extract, a reference scene. Rows get ids from 2100000000 on, and
 * are merged into known places of the same name family nearby, so loading
 * a layer twice adds nothing.
 */
#include "ingest/ingest_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define USER_ID_MIN INT64_C(2100000000)

static int64_t
next_id(const sm_gaz *gaz)
{
    int64_t next = USER_ID_MIN;

    for (int i = 0; i < sm_gaz_count(gaz); i++)
        if (sm_gaz_place(gaz, i)->id >= next)
            next = sm_gaz_place(gaz, i)->id + 1;
    return next;
}

sm_status
sm_ingest_places(sm_gaz *gaz, const char *path, const sm_ingest_opts *opts,
                 sm_gaz_load_report *rep, sm_error *err)
{
    static const char *const name_cols[] = { "name", "asciiname", "label", NULL };
    static const char *const pop_cols[] = { "population", "pop", NULL };
    static const char *const ar_cols[] = { "name_ar", "arabic", NULL };
    static const char *const kind_cols[] = { "kind", NULL };
    sm_src src;
    int c_name, c_pop, c_ar, c_kind;
    int64_t id;
    sm_status st;

    if ((st = sm_ingest__src_open(&src, path, opts, err)) != SM_OK)
        return st;
    if ((st = sm_ingest__src_need(&src, name_cols, &c_name, err)) != SM_OK) {
        sm_ingest__src_close(&src);
        return st;
    }
    c_pop = sm_ingest__src_field(&src, pop_cols);
    c_ar = sm_ingest__src_field(&src, ar_cols);
    c_kind = sm_ingest__src_field(&src, kind_cols);
    id = next_id(gaz);
    while ((st = sm_ingest__src_next(&src, err)) == SM_OK) {
        const char *name, *pop, *ar, *kind;
        OGRGeometryH g = NULL;
        sm_place p = { 0 };
        sm_error why = { 0 };
        bool merged = false;

        if ((st = sm_ingest__src_text(&src, c_name, &name, err)) != SM_OK ||
            (st = sm_ingest__src_text(&src, c_pop, &pop, err)) != SM_OK ||
            (st = sm_ingest__src_text(&src, c_ar, &ar, err)) != SM_OK ||
            (st = sm_ingest__src_text(&src, c_kind, &kind, err)) != SM_OK ||
            (st = sm_ingest__src_geometry(&src, &g, err)) != SM_OK)
            break;
        if (name == NULL || g == NULL || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
            OGR_G_DestroyGeometry(g);
            st = sm_ingest__row_fail(&src, err, name ? "a place needs a point" : "no name");
            break;
        }
        p.id = id;
        p.name = name;
        p.name_ar = ar;
        p.lon_deg = OGR_G_GetX(g, 0);
        p.lat_deg = OGR_G_GetY(g, 0);
        OGR_G_DestroyGeometry(g);
        p.population = pop ? strtol(pop, NULL, 10) : 0;
        p.kind = kind ? kind : p.population >= 100000 ? "city" : p.population >= 10000 ? "town"
                                                                                        : "village";
        p.feature_class = "P";
        p.feature_code = "PPL";
        p.precision_km = 2;
        if (sm_gaz_add_place(gaz, &p, NULL, true, NULL, &merged, &why) != SM_OK) {
            st = sm_ingest__row_fail(&src, err, "%s", why.msg);
            break;
        }
        rep->rows++;
        rep->places += !merged;
        rep->merged += merged;
        id++;                     /* a merged row's id names the place it joined */
    }
    sm_ingest__src_close(&src);
    if (st == SM_ENOTFOUND && rep->rows == 0)
        return sm_fail(err, SM_EINPUT, "%s: no places in the layer", path);
    return st == SM_ENOTFOUND ? SM_OK : st;
}
