/* SPDX-License-Identifier: MIT */
/*
 * derive.c - zones from town-level control, where no polygon says who holds
 * the land: each place as of the day is a seed of a Voronoi tessellation
 * (GEOS, through SpatiaLite's C API); each cell goes to its seed's faction,
 * cut to a disc of max_km round the seed (empty desert is nobody's) and to
 * the country's border; the cells are dissolved by faction; zones given as
 * polygons are cut out, as they always win.
 *
 * Distances are made even by working in degrees of latitude with
 * longitudes shrunk by the cosine of the places' mean latitude, so a cell's
 * edge lies halfway between two places on the ground and the disc is round
 * on it. Neighbouring factions' zones come out of one tessellation and so
 * share their boundaries exactly, which is where the front lines are found.
 *
 * A daily series asks for the same places day after day: the last result is
 * kept, keyed by a hash of everything it depends on (the seeds, the zones
 * given, the distance, the border), and copied when it is asked for again.
 */
#include "timeline/timeline_int.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <spatialite.h>
#include <spatialite/gaiageo.h>

#include "core/buf.h"
#include "core/text.h"

#include <pthread.h>

#define KM_PER_DEGREE 111.32

typedef struct seed {
    double x, y;               /* shrunk longitude, latitude */
    int faction;               /* index into names */
} seed;

typedef struct deriver {
    sm_situation *s;
    void *cache;               /* SpatiaLite's, for the reentrant GEOS calls */
    seed *seeds;
    size_t nseeds, seeds_cap;
    const char **names;        /* factions, in the order first seen */
    size_t nnames, names_cap;
    double kx;
} deriver;

static int
faction_index(deriver *d, const char *faction)
{
    for (size_t i = 0; i < d->nnames; i++)
        if (strcmp(d->names[i], faction) == 0)
            return (int)i;
    if (!sm_grow((void **)&d->names, &d->names_cap, d->nnames, sizeof(char *), 8) ||
        (d->names[d->nnames] = sm_arena_strdup(&d->s->strings, faction)) == NULL)
        return -1;
    return (int)d->nnames++;
}

static int
by_x(const void *a, const void *b)
{
    double x = ((const seed *)a)->x, y = ((const seed *)b)->x;
    return (x > y) - (x < y);
}

/* The seed inside a Voronoi cell (seeds sorted by x). */
static const seed *
seed_of(const deriver *d, gaiaPolygonPtr cell)
{
    size_t lo = 0, hi = d->nseeds;

    gaiaMbrPolygon(cell);
    while (lo < hi) {                   /* the first seed with x >= MinX */
        size_t mid = (lo + hi) / 2;
        if (d->seeds[mid].x < cell->MinX)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < d->nseeds && d->seeds[i].x <= cell->MaxX; i++)
        if (d->seeds[i].y >= cell->MinY && d->seeds[i].y <= cell->MaxY &&
            gaiaIsPointOnPolygonSurface(cell, d->seeds[i].x, d->seeds[i].y))
            return &d->seeds[i];
    return NULL;
}

/* A copy of polygon p in dst. */
static void
copy_polygon(gaiaGeomCollPtr dst, gaiaPolygonPtr p)
{
    gaiaPolygonPtr q = gaiaAddPolygonToGeomColl(dst, p->Exterior->Points, p->NumInteriors);

    gaiaCopyRingCoords(q->Exterior, p->Exterior);
    for (int i = 0; i < p->NumInteriors; i++) {
        gaiaRingPtr r = gaiaAddInteriorRing(q, i, p->Interiors[i].Points);
        gaiaCopyRingCoords(r, &p->Interiors[i]);
    }
}

static void
shrunk_ring(const deriver *d, gaiaRingPtr gr, const sm_ring *ring)
{
    const double *pt = &d->s->pts[2 * (size_t)ring->first];

    for (uint32_t k = 0; k < ring->n; k++)
        gaiaSetPoint(gr->Coords, k, pt[2 * k] * d->kx, pt[2 * k + 1]);
}

/* The explicit zones of the situation as one geometry (shrunk), or NULL.
 * Each zone's rings are an outer ring followed by its holes. */
static gaiaGeomCollPtr
explicit_zones(const deriver *d, size_t nzones)
{
    const sm_situation *s = d->s;
    gaiaGeomCollPtr g = NULL, u;

    for (size_t z = 0; z < nzones; z++) {
        const sm_ring *rings = &s->rings[s->zones[z].first_ring];
        uint32_t n = s->zones[z].nrings;

        for (uint32_t r = 0; r < n;) {
            uint32_t holes = 0;
            gaiaPolygonPtr p;

            while (r + 1 + holes < n && !sm_ring_is_outer(s, &rings[r + 1 + holes]))
                holes++;
            if (g == NULL)
                g = gaiaAllocGeomColl();
            p = gaiaAddPolygonToGeomColl(g, (int)rings[r].n, (int)holes);
            shrunk_ring(d, p->Exterior, &rings[r]);
            for (uint32_t h = 0; h < holes; h++)
                shrunk_ring(d, gaiaAddInteriorRing(p, (int)h, (int)rings[r + 1 + h].n),
                            &rings[r + 1 + h]);
            r += 1 + holes;
        }
    }
    if (g == NULL)
        return NULL;
    gaiaMbrGeometry(g);
    u = gaiaUnaryUnion_r(d->cache, g);
    gaiaFreeGeomColl(g);
    return u;
}

/* A ring's area on the ellipsoid, km2 (its orientation ignored). */
static double
ring_km2(const struct geod_geodesic *geod, gaiaRingPtr r)
{
    double *lat = malloc((size_t)r->Points * sizeof(double)), *lon = malloc((size_t)r->Points * sizeof(double));
    double area = 0;

    if (lat && lon) {
        for (int i = 0; i < r->Points; i++)
            gaiaGetPoint(r->Coords, i, &lon[i], &lat[i]);
        geod_polygonarea(geod, lat, lon, r->Points, &area, NULL);
    }
    free(lat);
    free(lon);
    return fabs(area) / 1e6;
}

double
sm_geom__km2(gaiaGeomCollPtr g)
{
    struct geod_geodesic geod;
    double km2 = 0;

    geod_init(&geod, 6378137, 1 / 298.257223563);
    for (gaiaPolygonPtr p = g->FirstPolygon; p; p = p->Next) {
        km2 += ring_km2(&geod, p->Exterior);
        for (int i = 0; i < p->NumInteriors; i++)
            km2 -= ring_km2(&geod, &p->Interiors[i]);
    }
    return km2;
}

/* Add the dissolved zone of one faction (back in degrees) to the situation. */
static bool
add_derived(deriver *d, const char *faction, gaiaGeomCollPtr g)
{
    sm_situation *s = d->s;
    sm_sit_zone *z;

    if (!sm_grow((void **)&s->zones, &s->zones_cap, s->nzones, sizeof(*s->zones), 32))
        return false;
    z = &s->zones[s->nzones];
    *z = (sm_sit_zone){ .uid = "derived", .faction = faction, .status = "derived",
                        .first_ring = (uint32_t)s->nrings,
                        .west = 1e9, .south = 1e9, .east = -1e9, .north = -1e9 };
    z->area_km2 = sm_geom__km2(g);
    for (gaiaPolygonPtr p = g->FirstPolygon; p; p = p->Next) {
        if (!sm_situation__add_ring(s, z, p->Exterior, true))
            return false;
        for (int i = 0; i < p->NumInteriors; i++)
            if (!sm_situation__add_ring(s, z, &p->Interiors[i], false))
                return false;
    }
    if (z->nrings > 0)
        s->nzones++;
    return true;
}

/* True if (x, y) lies inside one of the first nzones zones (even-odd over
 * each zone's rings). */
static bool
in_given_zone(const sm_situation *s, size_t nzones, double x, double y)
{
    for (size_t z = 0; z < nzones; z++) {
        const sm_sit_zone *zone = &s->zones[z];
        bool in = false;

        if (x < zone->west || x > zone->east || y < zone->south || y > zone->north)
            continue;
        for (uint32_t r = 0; r < zone->nrings; r++) {
            const sm_ring *ring = &s->rings[zone->first_ring + r];
            const double *p = &s->pts[2 * (size_t)ring->first];
            for (uint32_t i = 0, j = ring->n - 1; i < ring->n; j = i++)
                if ((p[2 * i + 1] > y) != (p[2 * j + 1] > y) &&
                    x < (p[2 * j] - p[2 * i]) * (y - p[2 * i + 1]) /
                                (p[2 * j + 1] - p[2 * i + 1]) + p[2 * i])
                    in = !in;
        }
        if (in)
            return true;
    }
    return false;
}

/* The places held on the day, as seeds; those inside a zone given as a
 * polygon are left out, so that the zone alone says who holds the land
 * there and its neighbours' cells reach up to it. */
static bool
read_seeds(deriver *d, sm_store *db, sm_error *err, sm_status *st)
{
    sm_store_cursor *cur = NULL;
    sm_control c;
    double lat = 0;
    size_t n = 0;

    if ((*st = sm_store_control_open(db, d->s->day, &cur, err)) != SM_OK)
        return false;
    while ((*st = sm_store_control_next(cur, &c, err)) == SM_OK) {
        int f;
        if (!c.has_point || in_given_zone(d->s, d->s->nzones, c.lon_deg, c.lat_deg))
            continue;
        if ((f = faction_index(d, c.faction)) < 0 ||
            !sm_grow((void **)&d->seeds, &d->seeds_cap, d->nseeds, sizeof(seed), 256)) {
            sm_store_cursor_close(cur);
            *st = sm_fail(err, SM_ENOMEM, "out of memory");
            return false;
        }
        d->seeds[d->nseeds++] = (seed){ c.lon_deg, c.lat_deg, f };
        lat += c.lat_deg;
        n++;
    }
    sm_store_cursor_close(cur);
    if (*st != SM_ENOTFOUND)
        return false;
    *st = SM_OK;
    d->kx = n ? cos(lat / (double)n * M_PI / 180) : 1;
    for (size_t i = 0; i < d->nseeds; i++)
        d->seeds[i].x *= d->kx;
    if (d->nseeds > 1)
        qsort(d->seeds, d->nseeds, sizeof(seed), by_x);
    return true;
}

/* The last derivation, for the next day of a series. */
static struct {
    pthread_mutex_t lock;
    bool valid;
    uint64_t key;
    sm_situation zones;        /* only the derived zones, rings and points */
} last = { .lock = PTHREAD_MUTEX_INITIALIZER };

static uint64_t
derive_key(const deriver *d, size_t nexplicit, const gaiaGeomCollPtr clip, double max_km)
{
    uint64_t h = sm_hash_bytes(SM_HASH_INIT, &max_km, sizeof(max_km));

    for (size_t i = 0; i < d->nseeds; i++) {
        h = sm_hash_bytes(h, &d->seeds[i].x, sizeof(double));
        h = sm_hash_bytes(h, &d->seeds[i].y, sizeof(double));
        h = sm_hash_str(h, d->names[d->seeds[i].faction]);
    }
    for (size_t z = 0; z < nexplicit; z++)         /* the zones given, point by point */
        h = sm_hash_str(h, d->s->zones[z].faction);
    if (nexplicit > 0)
        h = sm_hash_bytes(h, d->s->pts, 2 * sizeof(double) * d->s->npts);
    if (clip) {
        gaiaMbrGeometry(clip);
        h = sm_hash_bytes(h, &clip->MinX, sizeof(double));
        h = sm_hash_bytes(h, &clip->MaxY, sizeof(double));
    }
    return h;
}

/* Copy zones [from, src->nzones) of src with their rings and points to the
 * end of dst (faction strings into dst's arena). */
static bool
copy_zones(sm_situation *dst, const sm_situation *src, size_t from)
{
    for (size_t z = from; z < src->nzones; z++) {
        const sm_sit_zone *a = &src->zones[z];
        sm_sit_zone *b;

        if (!sm_grow((void **)&dst->zones, &dst->zones_cap, dst->nzones, sizeof(*b), 32))
            return false;
        b = &dst->zones[dst->nzones];
        *b = *a;
        b->faction = sm_arena_strdup(&dst->strings, a->faction);
        b->first_ring = (uint32_t)dst->nrings;
        for (uint32_t r = 0; r < a->nrings; r++) {
            const sm_ring *ring = &src->rings[a->first_ring + r];
            if (!sm_grow((void **)&dst->rings, &dst->rings_cap, dst->nrings, sizeof(sm_ring), 64) ||
                !sm_grow((void **)&dst->pts, &dst->pts_cap, dst->npts + ring->n,
                         2 * sizeof(double), 4096))
                return false;
            dst->rings[dst->nrings++] = (sm_ring){ (uint32_t)dst->npts, ring->n };
            memcpy(&dst->pts[2 * dst->npts], &src->pts[2 * (size_t)ring->first],
                   2 * sizeof(double) * ring->n);
            dst->npts += ring->n;
        }
        if (b->faction == NULL)
            return false;
        dst->nzones++;
    }
    return true;
}

sm_status
sm_situation_derive(sm_situation *s, sm_store *db, const gaiaGeomCollPtr clip, double max_km,
                    sm_error *err)
{
    deriver d = { .s = s };
    gaiaGeomCollPtr pts = NULL, cells = NULL, given = NULL, *parts = NULL;
    size_t nexplicit = s->nzones;
    double frame;
    sm_status st = SM_OK;
    bool ok = true;

    uint64_t key;

    if (max_km <= 0 || !read_seeds(&d, db, err, &st) || d.nseeds < 2)
        goto done;
    key = derive_key(&d, nexplicit, clip, max_km);
    pthread_mutex_lock(&last.lock);
    if (last.valid && last.key == key) {
        ok = copy_zones(s, &last.zones, 0);
        pthread_mutex_unlock(&last.lock);
        if (!ok)
            st = sm_fail(err, SM_ENOMEM, "out of memory");
        goto done;
    }
    pthread_mutex_unlock(&last.lock);
    d.cache = spatialite_alloc_connection();
    pts = gaiaAllocGeomColl();
    for (size_t i = 0; i < d.nseeds; i++)
        gaiaAddPointToGeomColl(pts, d.seeds[i].x, d.seeds[i].y);
    /* the diagram's frame must reach past every disc, or it cuts the cells
     * at the edges of the data: it grows the points' box by a percentage of
     * the box's size */
    gaiaMbrGeometry(pts);
    frame = 100 * 1.5 * (max_km / KM_PER_DEGREE) /
            fmax(1e-6, fmin(pts->MaxX - pts->MinX, pts->MaxY - pts->MinY));
    cells = gaiaVoronojDiagram_r(d.cache, pts, fmax(5.0, frame), 0.0, 0);
    parts = calloc(d.nnames, sizeof(*parts));
    if (cells == NULL || parts == NULL) {
        st = sm_fail(err, SM_ERENDER, "cannot tessellate the %zu control points", d.nseeds);
        goto done;
    }
    /* each cell, cut to its seed's disc, into its faction's collection */
    for (gaiaPolygonPtr cell = cells->FirstPolygon; cell; cell = cell->Next) {
        const seed *sd = seed_of(&d, cell);
        gaiaGeomCollPtr one, disc, point, cut;

        if (sd == NULL)
            continue;
        one = gaiaAllocGeomColl();
        copy_polygon(one, cell);
        point = gaiaAllocGeomColl();
        gaiaAddPointToGeomColl(point, sd->x, sd->y);
        disc = gaiaGeomCollBuffer_r(d.cache, point, max_km / KM_PER_DEGREE, 12);
        gaiaMbrGeometry(one);                   /* GEOS calls first compare boxes */
        if (disc)
            gaiaMbrGeometry(disc);
        cut = disc ? gaiaGeometryIntersection_r(d.cache, one, disc) : NULL;
        gaiaFreeGeomColl(one);
        gaiaFreeGeomColl(point);
        gaiaFreeGeomColl(disc);
        if (cut == NULL)
            continue;
        if (parts[sd->faction] == NULL)
            parts[sd->faction] = gaiaAllocGeomColl();
        for (gaiaPolygonPtr p = cut->FirstPolygon; p; p = p->Next)
            copy_polygon(parts[sd->faction], p);
        gaiaFreeGeomColl(cut);
    }
    given = explicit_zones(&d, nexplicit);
    for (size_t f = 0; f < d.nnames && ok; f++) {
        gaiaGeomCollPtr u, v;

        if (parts[f] == NULL)
            continue;
        gaiaMbrGeometry(parts[f]);
        u = gaiaUnaryUnion_r(d.cache, parts[f]);
        if (u && given) {
            gaiaMbrGeometry(u);
            gaiaMbrGeometry(given);                       /* zones given as polygons win */
            v = gaiaGeometryDifference_r(d.cache, u, given);
            gaiaFreeGeomColl(u);
            u = v;
        }
        if (u) {
            gaiaScaleCoords(u, 1 / d.kx, 1);    /* back to degrees */
            gaiaMbrGeometry(u);
            if (clip) {
                gaiaMbrGeometry(clip);
                v = gaiaGeometryIntersection_r(d.cache, u, clip);
                gaiaFreeGeomColl(u);
                u = v;
            }
        }
        if (u)
            ok = add_derived(&d, d.names[f], u);
        gaiaFreeGeomColl(u);
    }
    if (!ok)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    if (ok) {                                   /* kept for the next day */
        pthread_mutex_lock(&last.lock);
        sm_situation_free(&last.zones);
        last.valid = copy_zones(&last.zones, s, nexplicit);
        last.key = key;
        pthread_mutex_unlock(&last.lock);
    }
done:
    for (size_t f = 0; parts && f < d.nnames; f++)
        gaiaFreeGeomColl(parts[f]);
    free(parts);
    gaiaFreeGeomColl(given);
    gaiaFreeGeomColl(cells);
    gaiaFreeGeomColl(pts);
    if (d.cache)
        spatialite_cleanup_ex(d.cache);
    free(d.seeds);
    free(d.names);
    return st;
}
