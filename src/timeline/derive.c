/* SPDX-License-Identifier: MIT */
/*
 * derive.c - zones from town-level control, where no polygon says who holds
 * the land: each place as of the day is a seed of a Voronoi tessellation
 * (GEOS, through SpatiaLite's C API); each cell goes to its seed's faction,
 * cut to a disc round the seed and to the country's border; the cells are
 * dissolved by faction; zones given as polygons are cut out, as they always
 * win. The disc's radius, the place's reach, follows the density of places
 * around it: the distance to its REACH_NEIGHBOURS-th nearest place, between
 * REACH_MIN_KM and max_km. Places a few km apart on a front so reach a few
 * km, past which nothing is known; towns 25 km apart in the steppe reach
 * each other, and their land reads as one territory, not as a scatter of
 * discs; a lone place in the desert reaches max_km. What no disc covers is
 * nobody's known land: the map shows it as no data.
 *
 * Distances are made even by working in degrees of latitude with
 * longitudes shrunk by the cosine of the places' mean latitude, so a cell's
 * edge lies halfway between two places on the ground and the disc is round
 * on it; each cell cut to its disc goes back to degrees before the cells
 * are dissolved, so that every overlay after that works on the result's own
 * coordinates (scaling a dissolved zone afterwards can make near-touching
 * rings cross). Neighbouring factions' zones come out of one tessellation
 * and so share their boundaries exactly, which is where the front lines are
 * found.
 *
 * A daily series asks for the same places day after day: given a timeline
 * (timeline.c), the result is kept there with everything it depends on (the
 * seeds, the zones given, the distance, the border), and taken again when
 * those are the same.
 */
#include "timeline/timeline_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/buf.h"

#define KM_PER_DEGREE SM_KM_PER_DEGREE

/* A place's reach: the distance to its n-th nearest place, n this, ... */
#define REACH_NEIGHBOURS 3
/* ... but never less than this. */
#define REACH_MIN_KM 1.5

typedef struct seed {
    double x, y;               /* shrunk longitude, latitude */
    double reach;              /* the disc's radius, degrees of latitude */
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

/* The polygons of an overlay's result, without the lines and points it may
 * also hold where two shapes touch: GEOS takes a collection of mixed kinds
 * to its next overlay as pieces to be read one by one, and may give back
 * polygons that overlap. g is freed. */
static gaiaGeomCollPtr
polygons_only(gaiaGeomCollPtr g)
{
    gaiaGeomCollPtr p;

    if (g == NULL || (g->FirstPoint == NULL && g->FirstLinestring == NULL))
        return g;
    p = g->FirstPolygon ? gaiaCloneGeomCollPolygons(g) : NULL;
    gaiaFreeGeomColl(g);
    if (p)
        gaiaMbrGeometry(p);
    return p;
}

/* A copy of polygon p in dst (may be NULL), its x divided by kx (1: as it
 * is); false when memory ran out (SpatiaLite leaves a NULL where malloc
 * failed). */
static bool
copy_polygon(gaiaGeomCollPtr dst, gaiaPolygonPtr p, double kx)
{
    gaiaPolygonPtr q = dst ? gaiaAddPolygonToGeomColl(dst, p->Exterior->Points,
                                                      p->NumInteriors)
                           : NULL;

    for (int i = -1; i < p->NumInteriors; i++) {
        gaiaRingPtr from = i < 0 ? p->Exterior : &p->Interiors[i];
        gaiaRingPtr to = q == NULL ? NULL
                         : i < 0   ? q->Exterior
                                   : gaiaAddInteriorRing(q, i, from->Points);
        if (to == NULL || to->Coords == NULL)
            return false;
        for (int k = 0; k < from->Points; k++) {
            double x, y;
            gaiaGetPoint(from->Coords, k, &x, &y);
            gaiaSetPoint(to->Coords, k, x / kx, y);
        }
    }
    return true;
}

/* The zones given as polygons, as one geometry, or NULL. */
static gaiaGeomCollPtr
explicit_zones(const deriver *d, bool *oom, bool *failed)
{
    const sm_situation *s = d->s;
    gaiaGeomCollPtr g, u;
    size_t nrings = 0;

    if (s->ngiven > 0)
        nrings = s->zones[s->ngiven - 1].first_ring + s->zones[s->ngiven - 1].nrings;
    if ((g = sm_mpoly__to_gaia(&s->geom, 0, nrings, 1, oom)) == NULL)
        return NULL;
    u = polygons_only(sm_gaia__geos(d->cache, gaiaUnaryUnion_r(d->cache, g), failed));
    gaiaFreeGeomColl(g);
    return u;
}

/* True if (x, y) lies inside one of the zones given (even-odd over each
 * zone's rings). */
static bool
in_given_zone(const sm_situation *s, double x, double y)
{
    for (size_t z = 0; z < s->ngiven; z++) {
        const sm_sit_zone *zone = &s->zones[z];
        bool in = false;

        if (x < zone->west || x > zone->east || y < zone->south || y > zone->north)
            continue;
        for (uint32_t r = 0; r < zone->nrings; r++) {
            const sm_ring *ring = &s->geom.rings[zone->first_ring + r];
            const double *p = &s->geom.pts[2 * (size_t)ring->first];
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
read_seeds(deriver *d)
{
    const sm_situation *s = d->s;
    double lat = 0;
    size_t n = 0;

    for (size_t i = 0; i < s->ncontrol; i++) {
        const sm_control *c = &s->control[i];
        int f;
        if (!c->has_point || in_given_zone(s, c->lon_deg, c->lat_deg))
            continue;
        if ((f = faction_index(d, c->faction)) < 0 ||
            !sm_grow((void **)&d->seeds, &d->seeds_cap, d->nseeds, sizeof(seed), 256))
            return false;
        d->seeds[d->nseeds++] = (seed){ .x = c->lon_deg, .y = c->lat_deg, .faction = f };
        lat += c->lat_deg;
        n++;
    }
    d->kx = n ? cos(lat / (double)n * M_PI / 180) : 1;
    for (size_t i = 0; i < d->nseeds; i++)
        d->seeds[i].x *= d->kx;
    if (d->nseeds > 1)
        qsort(d->seeds, d->nseeds, sizeof(seed), by_x);
    return true;
}

/* Insert the distance dd into the k smallest so far, best[0..k) ascending. */
static void
keep_nearest(double *best, int k, double dd)
{
    int i = k - 1;

    if (dd >= best[i])
        return;
    for (; i > 0 && best[i - 1] > dd; i--)
        best[i] = best[i - 1];
    best[i] = dd;
}

/* Each seed's reach: the distance to its REACH_NEIGHBOURS-th nearest seed
 * (max_km when there is none so near), within [REACH_MIN_KM, max_km]. The
 * seeds are sorted by x: the search walks out from each seed both ways and
 * stops where x alone is farther than the k-th nearest found. */
static void
set_reach(deriver *d, double max_km)
{
    double lo = REACH_MIN_KM / KM_PER_DEGREE, hi = max_km / KM_PER_DEGREE;
    const int k = REACH_NEIGHBOURS;

    for (size_t i = 0; i < d->nseeds; i++) {
        double best[REACH_NEIGHBOURS];
        seed *a = &d->seeds[i];

        for (int j = 0; j < REACH_NEIGHBOURS; j++)
            best[j] = INFINITY;
        for (size_t j = i + 1; j < d->nseeds; j++) {
            double dx = d->seeds[j].x - a->x, dy = d->seeds[j].y - a->y;
            if (dx * dx >= best[k - 1] || dx > hi)
                break;
            keep_nearest(best, k, dx * dx + dy * dy);
        }
        for (size_t j = i; j-- > 0;) {
            double dx = a->x - d->seeds[j].x, dy = d->seeds[j].y - a->y;
            if (dx * dx >= best[k - 1] || dx > hi)
                break;
            keep_nearest(best, k, dx * dx + dy * dy);
        }
        a->reach = isinf(best[k - 1]) ? hi : fmax(lo, fmin(hi, sqrt(best[k - 1])));
    }
}

/* Everything a derivation depends on, in bytes: the reach, the seeds and
 * their factions, the zones given (factions and points) and the border. */
static bool
inputs(const deriver *d, const sm_mpoly *clip, double max_km, sm_buf *key)
{
    const sm_situation *s = d->s;
    size_t nrings = 0, npts = 0;

    if (s->ngiven > 0) {
        const sm_sit_zone *last = &s->zones[s->ngiven - 1];
        nrings = last->first_ring + last->nrings;
        npts = s->geom.rings[nrings - 1].first + s->geom.rings[nrings - 1].n;
    }
    sm_buf_reset(key);
    sm_buf_append(key, &max_km, sizeof(max_km));
    sm_buf_append(key, &d->nseeds, sizeof(d->nseeds));
    for (size_t i = 0; i < d->nseeds; i++) {
        sm_buf_append(key, &d->seeds[i].x, 2 * sizeof(double));
        sm_buf_append(key, d->names[d->seeds[i].faction],
                      strlen(d->names[d->seeds[i].faction]) + 1);
    }
    for (size_t z = 0; z < s->ngiven; z++) {
        sm_buf_append(key, s->zones[z].faction, strlen(s->zones[z].faction) + 1);
        sm_buf_append(key, &s->zones[z].nrings, sizeof(uint32_t));
    }
    for (size_t r = 0; r < nrings; r++)
        sm_buf_append(key, &s->geom.rings[r].n, sizeof(uint32_t));
    if (npts > 0)
        sm_buf_append(key, s->geom.pts, 2 * sizeof(double) * npts);
    if (clip && clip->npts > 0) {
        sm_buf_append(key, &clip->npts, sizeof(clip->npts));
        sm_buf_append(key, clip->pts, 2 * sizeof(double) * clip->npts);
    }
    return !key->failed;
}

/* Add the dissolved zone of one faction (back in degrees) to the situation. */
static sm_status
add_derived(deriver *d, const char *faction, gaiaGeomCollPtr g, sm_error *err)
{
    sm_sit_zone z = { .uid = "derived", .faction = faction, .status = "derived",
                      .valid_from = d->s->day, .valid_to = d->s->day + 1 };

    return sm_situation__add_gaia_zone(d->s, &z, g, err);
}

/* A GEOS operation failed: no zone may be left out unsaid. */
static sm_status
geos_failed(const deriver *d, sm_error *err)
{
    return sm_fail(err, SM_ERENDER, "cannot derive the zones from %zu control points: %s",
                   d->nseeds, sm_gaia__geos_why(d->cache));
}

sm_status
sm_situation__derive(sm_situation *s, const sm_mpoly *clip, double max_km, sm_timeline *t,
                     sm_error *err)
{
    deriver d = { .s = s };
    gaiaGeomCollPtr pts = NULL, cells = NULL, given = NULL, border = NULL, *parts = NULL;
    size_t nexplicit = s->nzones;
    sm_buf key = SM_BUF_INIT;
    double frame;
    sm_status st = SM_OK;
    bool oom = false, failed = false;

    if (max_km <= 0)
        return SM_OK;
    if (!read_seeds(&d)) {
        st = sm_fail(err, SM_ENOMEM, "out of memory");
        goto done;
    }
    if (d.nseeds < 2)
        goto done;
    set_reach(&d, max_km);
    if (t && inputs(&d, clip, max_km, &key) && sm_timeline__take(t, &key, s, &oom))
        goto done;
    if (oom) {
        st = sm_fail(err, SM_ENOMEM, "out of memory");
        goto done;
    }
    if ((d.cache = spatialite_alloc_connection()) == NULL) {
        st = sm_fail(err, SM_ENOMEM, "out of memory");
        goto done;
    }
    spatialite_set_silent_mode(d.cache);        /* GEOS's messages: not on stderr */
    pts = gaiaAllocGeomColl();
    for (size_t i = 0; i < d.nseeds; i++)
        gaiaAddPointToGeomColl(pts, d.seeds[i].x, d.seeds[i].y);
    /* the diagram's frame must reach past every disc, or it cuts the cells
     * at the edges of the data: it grows the points' box by a percentage of
     * the box's size */
    gaiaMbrGeometry(pts);
    frame = 100 * 1.5 * (max_km / KM_PER_DEGREE) /
            fmax(1e-6, fmin(pts->MaxX - pts->MinX, pts->MaxY - pts->MinY));
    cells = sm_gaia__geos(d.cache, gaiaVoronojDiagram_r(d.cache, pts, fmax(5.0, frame), 0.0, 0),
                          &failed);
    parts = calloc(d.nnames, sizeof(*parts));
    if (cells == NULL || parts == NULL) {
        st = sm_fail(err, SM_ERENDER, "cannot tessellate the %zu control points: %s", d.nseeds,
                     parts ? sm_gaia__geos_why(d.cache) : "out of memory");
        goto done;
    }
    /* each cell, cut to its seed's disc, into its faction's collection */
    for (gaiaPolygonPtr cell = cells->FirstPolygon; cell; cell = cell->Next) {
        const seed *sd = seed_of(&d, cell);
        gaiaGeomCollPtr one, disc, point, cut;

        if (sd == NULL)
            continue;
        one = gaiaAllocGeomColl();
        if (!copy_polygon(one, cell, 1))
            oom = true;
        point = gaiaAllocGeomColl();
        gaiaAddPointToGeomColl(point, sd->x, sd->y);
        disc = sm_gaia__geos(d.cache, gaiaGeomCollBuffer_r(d.cache, point, sd->reach, 12), &failed);
        gaiaMbrGeometry(one);                   /* GEOS calls first compare boxes */
        if (disc)
            gaiaMbrGeometry(disc);
        cut = disc ? polygons_only(sm_gaia__geos(
                          d.cache, gaiaGeometryIntersection_r(d.cache, one, disc), &failed))
                    : NULL;
        gaiaFreeGeomColl(one);
        gaiaFreeGeomColl(point);
        gaiaFreeGeomColl(disc);
        if (cut == NULL)
            continue;
        if (parts[sd->faction] == NULL)
            parts[sd->faction] = gaiaAllocGeomColl();
        for (gaiaPolygonPtr p = cut->FirstPolygon; p; p = p->Next)
            if (!copy_polygon(parts[sd->faction], p, d.kx))    /* back to degrees */
                oom = true;
        gaiaFreeGeomColl(cut);
    }
    given = explicit_zones(&d, &oom, &failed);
    border = clip ? sm_mpoly__to_gaia(clip, 0, clip->nrings, 1, &oom) : NULL;
    if (oom)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    else if (failed)
        st = geos_failed(&d, err);
    for (size_t f = 0; f < d.nnames && st == SM_OK; f++) {
        gaiaGeomCollPtr u, v;

        if (parts[f] == NULL)
            continue;
        gaiaMbrGeometry(parts[f]);
        u = polygons_only(sm_gaia__geos(d.cache, gaiaUnaryUnion_r(d.cache, parts[f]), &failed));
        if (u && given) {
            gaiaMbrGeometry(u);
            gaiaMbrGeometry(given);                       /* zones given as polygons win */
            v = polygons_only(
                sm_gaia__geos(d.cache, gaiaGeometryDifference_r(d.cache, u, given), &failed));
            gaiaFreeGeomColl(u);
            u = v;
        }
        if (u) {
            gaiaMbrGeometry(u);
            if (border) {
                v = polygons_only(sm_gaia__geos(
                    d.cache, gaiaGeometryIntersection_r(d.cache, u, border), &failed));
                gaiaFreeGeomColl(u);
                u = v;
            }
        }
        if (failed)
            st = geos_failed(&d, err);
        else if (u)
            st = add_derived(&d, d.names[f], u, err);
        gaiaFreeGeomColl(u);
    }
    if (st == SM_OK && t && !key.failed && key.len > 0)
        sm_timeline__keep(t, &key, s, nexplicit);    /* for the next day */
done:
    for (size_t f = 0; parts && f < d.nnames; f++)
        gaiaFreeGeomColl(parts[f]);
    free(parts);
    gaiaFreeGeomColl(given);
    gaiaFreeGeomColl(border);
    gaiaFreeGeomColl(cells);
    gaiaFreeGeomColl(pts);
    if (d.cache)
        spatialite_cleanup_ex(d.cache);
    sm_buf_free(&key);
    free(d.seeds);
    free(d.names);
    return st;
}
