/* SPDX-License-Identifier: MIT */
/*
 * control.c - importing town-level control history: rows of place, faction,
 * date and optional lat, lon (or X, Y, or a point geometry), as kept by
 * public town-by-town conflict maps. A row's own point wins over its name.
 */
#include "ingest/ingest_int.h"

#include <stdlib.h>

#include "core/text.h"

enum { CF_PLACE, CF_FACTION, CF_DATE, CF_LAT, CF_LON, CF_SOURCE, CF_PLACE_ID, CF_COUNT };

/* Accepted names per column, first the one messages quote. */
static const char *const *const cf_names[CF_COUNT] = {
    [CF_PLACE] = (const char *const[]){ "place", "name", "location", NULL },
    [CF_FACTION] = (const char *const[]){ "faction", "controller", NULL },
    [CF_DATE] = (const char *const[]){ "date", "valid_from", "since", NULL },
    [CF_LAT] = sm_ingest__lat_names,
    [CF_LON] = sm_ingest__lon_names,
    [CF_SOURCE] = (const char *const[]){ "source", NULL },
    [CF_PLACE_ID] = (const char *const[]){ "place_id", NULL },
};

static sm_status
locate(sm_src *src, const char *const *t, sm_control *c, sm_error *err)
{
    OGRGeometryH g = NULL;
    sm_status st = sm_ingest__parse_latlon(src, t[CF_LAT], t[CF_LON], &c->has_point,
                                           &c->lat_deg, &c->lon_deg, err);

    if (st != SM_OK || c->has_point)
        return st;
    if ((st = sm_ingest__src_geometry(src, &g, err)) != SM_OK || g == NULL)
        return st;
    if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
        c->has_point = true;
        c->lon_deg = OGR_G_GetX(g, 0);
        c->lat_deg = OGR_G_GetY(g, 0);
    } else {
        st = sm_ingest__row_fail(src, err, "geometry is a %s; control records need points",
                                 OGR_G_GetGeometryName(g));
    }
    OGR_G_DestroyGeometry(g);
    return st;
}

static sm_status
read_row(sm_src *src, const sm_ingest_opts *o, const int *col, sm_control *c, sm_error *err)
{
    const char *t[CF_COUNT];
    sm_status st;

    for (int i = 0; i < CF_COUNT; i++)
        if ((st = sm_ingest__src_text(src, col[i], &t[i], err)) != SM_OK)
            return st;
    c->place = t[CF_PLACE];
    if (c->place == NULL)
        return sm_ingest__row_fail(src, err, "column \"place\": no place name");
    c->faction = t[CF_FACTION];
    if ((st = sm_ingest__check_faction(src, o, "faction", &c->faction, err)) != SM_OK ||
        (st = sm_ingest__parse_day(src, "date", t[CF_DATE], &c->day, err)) != SM_OK)
        return st;
    c->source = t[CF_SOURCE] ? t[CF_SOURCE] : src->dataset;
    if (t[CF_PLACE_ID])
        c->place_id = strtoll(t[CF_PLACE_ID], NULL, 10);
    return locate(src, t, c, err);
}

typedef struct control_reader {
    const sm_ingest_opts *opts;
    int col[CF_COUNT];
} control_reader;

static sm_status
map_columns(sm_src *src, void *ctx, sm_error *err)
{
    int *col = ((control_reader *)ctx)->col;

    for (int i = 0; i < CF_COUNT; i++) {
        col[i] = sm_ingest__src_field(src, cf_names[i]);
        if (i <= CF_DATE && sm_ingest__src_need(src, cf_names[i], &col[i], err) != SM_OK)
            return SM_EINPUT;
    }
    return SM_OK;
}

static sm_status
put_row(sm_store *db, sm_src *src, void *ctx, sm_ingest_report *rep, sm_error *err)
{
    control_reader *cr = ctx;
    sm_control c = { 0 };
    sm_put_result res;
    sm_error why = { 0 };
    sm_status st;

    if ((st = read_row(src, cr->opts, cr->col, &c, err)) != SM_OK)
        return st;
    if (!c.has_point) {
        sm_precision prec;
        if ((st = sm_ingest__geocode(cr->opts, c.place, NULL, &c.has_point, &c.lat_deg,
                                     &c.lon_deg, &c.place_id, &prec, err)) != SM_OK)
            return st;
        rep->geocoded += c.has_point;
    }
    if (sm_store_control_put(db, &c, &res, &why) != SM_OK)
        return sm_ingest__row_fail(src, err, "%s", why.msg);
    sm_ingest__count(rep, res);
    rep->unplaced += !c.has_point;
    return SM_OK;
}

sm_status
sm_ingest_control(sm_store *db, const char *path, const sm_ingest_opts *opts,
                  sm_ingest_report *rep, sm_error *err)
{
    control_reader cr = { .opts = opts };
    sm_ingest_job job = { "control records", map_columns, put_row, &cr, NULL };

    return sm_ingest__run(db, path, opts, &job, rep, err);
}
