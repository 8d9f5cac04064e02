/* SPDX-License-Identifier: MIT */
/*
 * situation.c - the zones valid on a day, read from the store as SpatiaLite
 * blobs and parsed by SpatiaLite's reader into flat arrays of rings and
 * points.
 */
#include "timeline/timeline_int.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <spatialite/gaiageo.h>

#include "core/buf.h"

bool
sm_ring_is_outer(const sm_situation *s, const sm_ring *ring)
{
    const double *pt = &s->pts[2 * (size_t)ring->first];
    double area2 = 0;

    for (uint32_t k = 0; k + 1 < ring->n; k++)
        area2 += pt[2 * k] * pt[2 * k + 3] - pt[2 * k + 2] * pt[2 * k + 1];
    return area2 > 0;                   /* outer rings turn counter-clockwise */
}

/* Point i of a ring, whatever its dimension model (the stride of Coords). */
static void
ring_point(gaiaRingPtr r, int i, double *x, double *y)
{
    int stride = r->DimensionModel == GAIA_XY_Z || r->DimensionModel == GAIA_XY_M ? 3
                 : r->DimensionModel == GAIA_XY_Z_M                               ? 4
                                                                                  : 2;
    *x = r->Coords[stride * i];
    *y = r->Coords[stride * i + 1];
}

bool
sm_situation__add_ring(sm_situation *s, sm_sit_zone *z, gaiaRingPtr r, bool outer)
{
    double area2 = 0, x0, y0, x1, y1;
    bool reverse;

    if (r->Points < 4)
        return true;
    for (int i = 0; i + 1 < r->Points; i++) {
        ring_point(r, i, &x0, &y0);
        ring_point(r, i + 1, &x1, &y1);
        area2 += x0 * y1 - x1 * y0;
    }
    reverse = outer ? area2 < 0 : area2 > 0;
    if (!sm_grow((void **)&s->rings, &s->rings_cap, s->nrings, sizeof(*s->rings), 64) ||
        !sm_grow((void **)&s->pts, &s->pts_cap, s->npts + (size_t)r->Points - 1,
                 2 * sizeof(double), 4096))
        return false;
    s->rings[s->nrings++] = (sm_ring){ (uint32_t)s->npts, (uint32_t)r->Points };
    z->nrings++;
    for (int i = 0; i < r->Points; i++) {
        double x, y;

        ring_point(r, reverse ? r->Points - 1 - i : i, &x, &y);
        s->pts[2 * s->npts] = x;
        s->pts[2 * s->npts + 1] = y;
        s->npts++;
        z->west = fmin(z->west, x);
        z->east = fmax(z->east, x);
        z->south = fmin(z->south, y);
        z->north = fmax(z->north, y);
    }
    return true;
}

static sm_status
add_zone(sm_situation *s, const sm_zone *row, sm_error *err)
{
    gaiaGeomCollPtr g = gaiaFromSpatiaLiteBlobWkb(row->wkb, (unsigned int)row->wkb_len);
    sm_sit_zone *z;
    bool ok = true;

    if (g == NULL)
        return sm_fail(err, SM_EDB, "zone %s: unreadable geometry in the database", row->uid);
    if (!sm_grow((void **)&s->zones, &s->zones_cap, s->nzones, sizeof(*s->zones), 32)) {
        gaiaFreeGeomColl(g);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    z = &s->zones[s->nzones];
    *z = (sm_sit_zone){
        .uid = sm_arena_strdup(&s->strings, row->uid),
        .faction = sm_arena_strdup(&s->strings, row->faction),
        .status = sm_arena_strdup(&s->strings, row->status ? row->status : "held"),
        .other = sm_arena_strdup(&s->strings, row->other),
        .name = sm_arena_strdup(&s->strings, row->name),
        .area_km2 = row->area_km2,
        .first_ring = (uint32_t)s->nrings,
        .west = DBL_MAX, .south = DBL_MAX, .east = -DBL_MAX, .north = -DBL_MAX,
    };
    for (gaiaPolygonPtr p = g->FirstPolygon; p && ok; p = p->Next) {
        ok = sm_situation__add_ring(s, z, p->Exterior, true);
        for (int i = 0; i < p->NumInteriors && ok; i++)
            ok = sm_situation__add_ring(s, z, &p->Interiors[i], false);
    }
    gaiaFreeGeomColl(g);
    if (!ok || z->uid == NULL || z->faction == NULL || z->status == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (z->nrings > 0)
        s->nzones++;
    return SM_OK;
}

sm_status
sm_situation_load(sm_store *db, sm_day day, sm_situation *s, sm_error *err)
{
    sm_store_cursor *cur = NULL;
    sm_zone row;
    sm_status st;

    s->day = day;
    if ((st = sm_store_zones_open_native(db, day, &cur, err)) != SM_OK)
        return st;
    while ((st = sm_store_zones_next(cur, &row, err)) == SM_OK)
        if ((st = add_zone(s, &row, err)) != SM_OK)
            break;
    sm_store_cursor_close(cur);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

void
sm_situation_free(sm_situation *s)
{
    free(s->zones);
    free(s->rings);
    free(s->pts);
    free(s->fronts);
    free(s->fpts);
    sm_arena_free(&s->strings);
    memset(s, 0, sizeof(*s));
}
