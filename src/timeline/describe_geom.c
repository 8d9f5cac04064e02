/* SPDX-License-Identifier: MIT */
/*
 * describe_geom.c - what a description measures: the land of the map's box
 * (the country's border cut to the box), each faction's zones united and
 * cut to it, and the areas each faction gained and lost since the change's
 * earlier day cut to it, with whom a gain was mostly taken from. The
 * overlays are GEOS's (through SpatiaLite), the areas PROJ's geodesic ones
 * (sm_mpoly_km2), so the shares agree with the legend's and the diff's.
 */
#include "timeline/describe_int.h"
#include "timeline/timeline_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctx {
    void *cache;                       /* SpatiaLite's, for the reentrant GEOS calls */
    bool oom;
    bool failed;                       /* a GEOS operation failed */
} ctx;

/* The polygons of an overlay's result alone (GEOS may add the lines and
 * points where shapes touch), with their box, or NULL when none is left.
 * g is freed. */
static gaiaGeomCollPtr
polygons(gaiaGeomCollPtr g)
{
    gaiaGeomCollPtr p;

    if (g && g->FirstPolygon && !g->FirstPoint && !g->FirstLinestring) {
        gaiaMbrGeometry(g);             /* SpatiaLite's overlays compare boxes first */
        return g;
    }
    if (g == NULL)
        return NULL;
    p = g->FirstPolygon ? gaiaCloneGeomCollPolygons(g) : NULL;
    gaiaFreeGeomColl(g);
    if (p)
        gaiaMbrGeometry(p);
    return p;
}

/* a cut to b (a copy of a when b is NULL); NULL when nothing is left. */
static gaiaGeomCollPtr
cut(ctx *c, gaiaGeomCollPtr a, gaiaGeomCollPtr b)
{
    if (a == NULL)
        return NULL;
    return polygons(b ? sm_gaia__geos(c->cache, gaiaGeometryIntersection_r(c->cache, a, b), &c->failed)
                      : gaiaCloneGeomColl(a));
}

static double
km2_of(ctx *c, gaiaGeomCollPtr g)
{
    return sm_gaia__km2(g, &c->oom);
}

/* The map's box as a polygon; NULL when the options give none. */
static gaiaGeomCollPtr
box_geom(ctx *c, const sm_describe_opts *o)
{
    sm_mpoly box = SM_MPOLY_INIT;
    gaiaGeomCollPtr g;
    const double ring[10] = { o->west, o->south, o->east, o->south, o->east,
                              o->north, o->west, o->north, o->west, o->south };

    if (!(o->west < o->east && o->south < o->north))
        return NULL;
    if (!sm_mpoly_add_ring(&box, ring, 5, true))
        c->oom = true;
    g = sm_mpoly__to_gaia(&box, 0, box.nrings, 1, &c->oom);
    sm_mpoly_free(&box);
    return g;
}

/* The zones of faction f united, cut to region (NULL: not cut). */
static gaiaGeomCollPtr
faction_geom(ctx *c, const sm_situation *s, const char *f, gaiaGeomCollPtr region)
{
    sm_mpoly rings = SM_MPOLY_INIT;
    gaiaGeomCollPtr g, u = NULL;

    for (size_t i = 0; i < s->nzones; i++) {
        const sm_sit_zone *z = &s->zones[i];
        const double env[4] = { z->west, z->south, z->east, z->north };
        if (strcmp(z->faction, f) == 0 &&
            !sm_mpoly__copy_rings(&rings, &s->geom, z->first_ring, z->nrings, env))
            c->oom = true;
    }
    g = sm_mpoly__to_gaia(&rings, 0, rings.nrings, 1, &c->oom);
    sm_mpoly_free(&rings);
    if (g)
        u = polygons(sm_gaia__geos(c->cache, gaiaUnaryUnion_r(c->cache, g), &c->failed));
    gaiaFreeGeomColl(g);
    g = cut(c, u, region);
    gaiaFreeGeomColl(u);
    return g;
}

static sm_desc_faction *
faction(ctx *c, sm_desc_measure *m, const char *id)
{
    sm_desc_faction *f;
    size_t cap = m->nfactions;          /* grown one at a time: a handful */

    for (size_t i = 0; i < m->nfactions; i++)
        if (strcmp(m->factions[i].id, id) == 0)
            return &m->factions[i];
    if (!sm_grow((void **)&m->factions, &cap, m->nfactions, sizeof(*f), 1)) {
        c->oom = true;
        return NULL;
    }
    f = &m->factions[m->nfactions++];
    memset(f, 0, sizeof(*f));
    f->id = id;
    return f;
}

/* The gains and losses of change cut to region, and whom each faction's
 * gains came from. */
static void
changes(ctx *c, sm_desc_measure *m, const sm_diff *d, gaiaGeomCollPtr region)
{
    gaiaGeomCollPtr *geoms = calloc(d->nareas ? d->nareas : 1, sizeof(*geoms));
    double *km2 = calloc(d->nareas ? d->nareas : 1, sizeof(*km2));

    if (geoms == NULL || km2 == NULL) {
        c->oom = true;
        goto done;
    }
    for (size_t i = 0; i < d->nareas && !c->oom; i++) {
        const sm_sit_change_area *a = &d->areas[i];
        gaiaGeomCollPtr g = sm_mpoly__to_gaia(&d->geom, a->first_ring, a->nrings, 1, &c->oom);
        sm_desc_faction *f = faction(c, m, a->faction);

        geoms[i] = cut(c, g, region);
        gaiaFreeGeomColl(g);
        km2[i] = km2_of(c, geoms[i]);
        if (f && a->gained)
            f->gained_km2 += km2[i];
        else if (f)
            f->lost_km2 += km2[i];
    }
    /* whom each gain was taken from: the loss it overlaps most, when that
     * is half of the faction's gains or more */
    for (size_t k = 0; k < m->nfactions && !c->oom; k++) {
        sm_desc_faction *f = &m->factions[k];
        double best = 0;
        for (size_t i = 0; i < d->nareas && f->gained_km2 > 0; i++) {
            if (!d->areas[i].gained || strcmp(d->areas[i].faction, f->id) != 0 || !geoms[i])
                continue;
            for (size_t j = 0; j < d->nareas; j++) {
                gaiaGeomCollPtr both;
                double overlap;
                if (d->areas[j].gained || !geoms[j] ||
                    strcmp(d->areas[j].faction, f->id) == 0)
                    continue;
                both = cut(c, geoms[i], geoms[j]);
                overlap = km2_of(c, both);
                gaiaFreeGeomColl(both);
                if (overlap > best && overlap >= 0.5 * f->gained_km2) {
                    best = overlap;
                    f->gained_from = d->areas[j].faction;
                }
            }
        }
    }
done:
    for (size_t i = 0; geoms && i < d->nareas; i++)
        gaiaFreeGeomColl(geoms[i]);
    free(geoms);
    free(km2);
}

static int
by_id(const void *a, const void *b)
{
    return strcmp(((const sm_desc_faction *)a)->id, ((const sm_desc_faction *)b)->id);
}

sm_status
sm_describe__measure(const sm_situation *s, const sm_describe_opts *o, const sm_diff *change,
                     sm_desc_measure *m, sm_error *err)
{
    ctx c = { 0 };
    gaiaGeomCollPtr box, land = NULL, region;
    double zoned = 0;

    memset(m, 0, sizeof(*m));
    if ((c.cache = spatialite_alloc_connection()) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    spatialite_set_silent_mode(c.cache);        /* GEOS's messages: not on stderr */
    box = box_geom(&c, o);
    if (o->land && o->land->nrings > 0) {
        const sm_mpoly *l = o->land;
        gaiaGeomCollPtr whole = sm_mpoly__to_gaia(l, 0, l->nrings, 1, &c.oom);
        double land_km2 = sm_mpoly_km2(l, 0, l->nrings);

        land = cut(&c, whole, box);
        gaiaFreeGeomColl(whole);
        m->has_land = true;
        m->whole_km2 = km2_of(&c, land);
        m->in_land = land != NULL;
        m->whole_country = land_km2 > 0 && m->whole_km2 >= 0.98 * land_km2;
        if (land && l->east > l->west && l->north > l->south) {
            m->centre_x = (0.5 * (land->MinX + land->MaxX) - l->west) / (l->east - l->west);
            m->centre_y = (0.5 * (land->MinY + land->MaxY) - l->south) / (l->north - l->south);
        }
    }
    region = m->has_land ? land : box;
    for (size_t i = 0; i < s->nzones && !c.oom; i++) {
        size_t known = m->nfactions;
        sm_desc_faction *f = faction(&c, m, s->zones[i].faction);
        gaiaGeomCollPtr g;
        if (f == NULL || m->nfactions == known || (m->has_land && land == NULL))
            continue;                   /* measured once; no land in the box: none */
        g = faction_geom(&c, s, f->id, region);
        f->km2 = km2_of(&c, g);

        zoned += f->km2;
        gaiaFreeGeomColl(g);
    }
    if (m->has_land)
        m->nodata_km2 = fmax(0, m->whole_km2 - zoned);
    else
        m->whole_km2 = zoned;
    if (change && !c.oom && !(m->has_land && land == NULL))
        changes(&c, m, change, region);
    if (m->nfactions > 1)
        qsort(m->factions, m->nfactions, sizeof(*m->factions), by_id);
    gaiaFreeGeomColl(box);
    gaiaFreeGeomColl(land);
    if (c.oom || c.failed) {
        sm_status st = c.oom ? sm_fail(err, SM_ENOMEM, "out of memory")
                             : sm_fail(err, SM_ERENDER, "cannot measure the zones: %s",
                                       sm_gaia__geos_why(c.cache));
        spatialite_cleanup_ex(c.cache);
        sm_describe__measure_free(m);
        return st;
    }
    spatialite_cleanup_ex(c.cache);
    return SM_OK;
}

void
sm_describe__measure_free(sm_desc_measure *m)
{
    free(m->factions);
    m->factions = NULL;
    m->nfactions = 0;
}
