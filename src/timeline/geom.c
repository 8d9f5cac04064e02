/* SPDX-License-Identifier: MIT */
/*
 * geom.c - multipolygons as rings of lon/lat points (timeline.h), their
 * area on the ellipsoid (PROJ's geodesic functions), and their passage to
 * and from SpatiaLite's geometries, which only the timeline's own files
 * see (timeline_int.h).
 */
#include "timeline/timeline_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static double
signed_area2(const double *p, size_t n)
{
    double a = 0;

    for (size_t i = 0; i + 1 < n; i++)
        a += p[2 * i] * p[2 * i + 3] - p[2 * i + 2] * p[2 * i + 1];
    return a;
}

bool
sm_mpoly_is_outer(const sm_mpoly *g, const sm_ring *ring)
{
    return signed_area2(&g->pts[2 * (size_t)ring->first], ring->n) > 0;
}

/* Room for a ring of n points; its points then go to pts[2 * npts ..). */
static bool
room(sm_mpoly *g, size_t n)
{
    return sm_grow((void **)&g->rings, &g->rings_cap, g->nrings, sizeof(sm_ring), 64) &&
           sm_grow((void **)&g->pts, &g->pts_cap, g->npts + n - 1, 2 * sizeof(double), 4096);
}

/* The ring just written at pts[2 * npts ..) of n points, turned as wanted,
 * made g's last ring. */
static void
close_ring(sm_mpoly *g, size_t n, bool outer)
{
    double *p = &g->pts[2 * g->npts];
    double area2 = signed_area2(p, n);

    /* a ring is closed (timeline.h): the front lines and the areas count on it */
    assert(n >= 4 && p[0] == p[2 * (n - 1)] && p[1] == p[2 * (n - 1) + 1]);

    if (outer ? area2 < 0 : area2 > 0)
        for (size_t i = 0, j = n - 1; i < j; i++, j--) {
            double x = p[2 * i], y = p[2 * i + 1];
            p[2 * i] = p[2 * j];
            p[2 * i + 1] = p[2 * j + 1];
            p[2 * j] = x;
            p[2 * j + 1] = y;
        }
    if (g->nrings == 0) {                       /* the first ring starts the envelope */
        g->west = g->east = p[0];
        g->south = g->north = p[1];
    }
    for (size_t i = 0; i < n; i++) {
        g->west = fmin(g->west, p[2 * i]);
        g->east = fmax(g->east, p[2 * i]);
        g->south = fmin(g->south, p[2 * i + 1]);
        g->north = fmax(g->north, p[2 * i + 1]);
    }
    g->rings[g->nrings++] = (sm_ring){ (uint32_t)g->npts, (uint32_t)n };
    g->npts += n;
}

bool
sm_mpoly__copy_rings(sm_mpoly *g, const sm_mpoly *src, size_t first, size_t n,
                     const double envelope[4])
{
    bool empty = g->nrings == 0;

    for (size_t i = first; i < first + n; i++) {
        const sm_ring *r = &src->rings[i];
        if (!room(g, r->n))
            return false;
        memcpy(&g->pts[2 * g->npts], &src->pts[2 * (size_t)r->first], 2 * sizeof(double) * r->n);
        g->rings[g->nrings++] = (sm_ring){ (uint32_t)g->npts, r->n };
        g->npts += r->n;
    }
    if (n == 0)
        return true;
    g->west = empty ? envelope[0] : fmin(g->west, envelope[0]);
    g->south = empty ? envelope[1] : fmin(g->south, envelope[1]);
    g->east = empty ? envelope[2] : fmax(g->east, envelope[2]);
    g->north = empty ? envelope[3] : fmax(g->north, envelope[3]);
    return true;
}

bool
sm_mpoly_add_ring(sm_mpoly *g, const double *lonlat, size_t n, bool outer)
{
    if (n < 4)
        return true;
    if (!room(g, n))
        return false;
    memcpy(&g->pts[2 * g->npts], lonlat, 2 * sizeof(double) * n);
    close_ring(g, n, outer);
    return true;
}

/* A ring's area on the ellipsoid, km2 (its orientation ignored). */
static double
ring_km2(const struct geod_geodesic *geod, const double *p, size_t n)
{
    double *lat = malloc(n * sizeof(double)), *lon = malloc(n * sizeof(double));
    double area = 0;

    if (lat && lon) {
        for (size_t i = 0; i < n; i++) {
            lon[i] = p[2 * i];
            lat[i] = p[2 * i + 1];
        }
        geod_polygonarea(geod, lat, lon, (int)n, &area, NULL);
    }
    free(lat);
    free(lon);
    return fabs(area) / 1e6;
}

double
sm_mpoly_km2(const sm_mpoly *g, size_t first, size_t n)
{
    struct geod_geodesic geod;
    double km2 = 0;

    geod_init(&geod, 6378137, 1 / 298.257223563);
    for (size_t i = first; i < first + n; i++) {
        const sm_ring *r = &g->rings[i];
        double a = ring_km2(&geod, &g->pts[2 * (size_t)r->first], r->n);
        km2 += sm_mpoly_is_outer(g, r) ? a : -a;
    }
    return km2;
}

void
sm_mpoly_free(sm_mpoly *g)
{
    free(g->rings);
    free(g->pts);
    *g = (sm_mpoly)SM_MPOLY_INIT;
}

/* ---- SpatiaLite's geometries (timeline_int.h) ---------------------------- */

/* A gaia ring's points, whatever its dimension model, added to g. */
static bool
add_gaia_ring(sm_mpoly *g, gaiaRingPtr r, bool outer)
{
    int stride = r->DimensionModel == GAIA_XY_Z || r->DimensionModel == GAIA_XY_M ? 3
                 : r->DimensionModel == GAIA_XY_Z_M                               ? 4
                                                                                  : 2;
    double *p;

    if (r->Points < 4)
        return true;
    if (!room(g, (size_t)r->Points))
        return false;
    p = &g->pts[2 * g->npts];
    for (int i = 0; i < r->Points; i++) {
        p[2 * i] = r->Coords[stride * i];
        p[2 * i + 1] = r->Coords[stride * i + 1];
    }
    close_ring(g, (size_t)r->Points, outer);
    return true;
}

bool
sm_mpoly__add_gaia(sm_mpoly *g, gaiaGeomCollPtr geom, uint32_t *nrings)
{
    size_t before = g->nrings;

    for (gaiaPolygonPtr p = geom->FirstPolygon; p; p = p->Next) {
        if (!add_gaia_ring(g, p->Exterior, true))
            return false;
        for (int i = 0; i < p->NumInteriors; i++)
            if (!add_gaia_ring(g, &p->Interiors[i], false))
                return false;
    }
    if (nrings)
        *nrings = (uint32_t)(g->nrings - before);
    return true;
}

double
sm_gaia__km2(gaiaGeomCollPtr g, bool *oom)
{
    sm_mpoly rings = SM_MPOLY_INIT;
    double km2 = 0;

    if (g == NULL)
        return 0;
    if (sm_mpoly__add_gaia(&rings, g, NULL))
        km2 = sm_mpoly_km2(&rings, 0, rings.nrings);
    else
        *oom = true;
    sm_mpoly_free(&rings);
    return km2;
}

gaiaGeomCollPtr
sm_gaia__geos(const void *cache, gaiaGeomCollPtr r, bool *failed)
{
    /* SpatiaLite's operations return NULL both for an empty result and on
     * failure; a failure leaves GEOS's message in the cache */
    if (r == NULL && (cache == NULL || gaiaGetGeosErrorMsg_r(cache) != NULL))
        *failed = true;
    return r;
}

const char *
sm_gaia__geos_why(const void *cache)
{
    const char *why = cache ? gaiaGetGeosErrorMsg_r(cache) : NULL;

    return why && strcmp(why, "std::bad_alloc") != 0 ? why : "out of memory";
}

gaiaGeomCollPtr
sm_mpoly__to_gaia(const sm_mpoly *g, size_t first, size_t n, double kx, bool *oom)
{
    gaiaGeomCollPtr out = NULL;

    for (size_t r = first; r < first + n;) {
        const sm_ring *ring = &g->rings[r];
        size_t holes = 0;
        gaiaPolygonPtr p;

        while (r + 1 + holes < first + n && !sm_mpoly_is_outer(g, &g->rings[r + 1 + holes]))
            holes++;
        if (out == NULL)
            out = gaiaAllocGeomColl();
        /* SpatiaLite's allocations leave a NULL where malloc failed */
        p = out ? gaiaAddPolygonToGeomColl(out, (int)ring->n, (int)holes) : NULL;
        for (size_t h = 0; h <= holes; h++) {
            const sm_ring *rr = &g->rings[r + h];
            gaiaRingPtr gr = p == NULL ? NULL
                             : h == 0  ? p->Exterior
                                       : gaiaAddInteriorRing(p, (int)h - 1, (int)rr->n);
            const double *pt = &g->pts[2 * (size_t)rr->first];
            if (gr == NULL || gr->Coords == NULL) {
                if (out)
                    gaiaFreeGeomColl(out);
                *oom = true;
                return NULL;
            }
            for (uint32_t k = 0; k < rr->n; k++)
                gaiaSetPoint(gr->Coords, k, pt[2 * k] * kx, pt[2 * k + 1]);
        }
        r += 1 + holes;
    }
    if (out)
        gaiaMbrGeometry(out);
    return out;
}
