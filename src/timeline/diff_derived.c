/* SPDX-License-Identifier: MIT */
/*
 * diff_derived.c - the change of the zones derived from town-level control
 * (derive.c) between two days, added to a diff: each faction's derived area
 * on both days, and what its derived zones gained and lost, by GEOS on the
 * faction's derived zones of each day, measured on the ellipsoid; the areas
 * themselves for change maps.
 */
#include "timeline/timeline_int.h"

#include <stdlib.h>
#include <string.h>

#include <spatialite.h>

#include "core/buf.h"

/* One faction's derived zones of a situation as one geometry, or NULL. */
static gaiaGeomCollPtr
faction_geom(const sm_situation *s, const char *faction, double *km2)
{
    gaiaGeomCollPtr g = NULL;

    *km2 = 0;
    for (size_t zi = 0; zi < s->nzones; zi++) {
        const sm_sit_zone *z = &s->zones[zi];
        gaiaPolygonPtr poly = NULL;
        int hole = 0;

        if (strcmp(z->status, "derived") != 0 || strcmp(z->faction, faction) != 0)
            continue;
        *km2 += z->area_km2;
        if (g == NULL)
            g = gaiaAllocGeomColl();
        for (uint32_t ri = 0; ri < z->nrings; ri++) {
            const sm_ring *r = &s->rings[z->first_ring + ri];
            const double *p = &s->pts[2 * (size_t)r->first];
            gaiaRingPtr ring;

            if (sm_ring_is_outer(s, r)) {
                int holes = 0;
                for (uint32_t k = ri + 1;
                     k < z->nrings && !sm_ring_is_outer(s, &s->rings[z->first_ring + k]); k++)
                    holes++;
                poly = gaiaAddPolygonToGeomColl(g, (int)r->n, holes);
                ring = poly->Exterior;
                hole = 0;
            } else if (poly && hole < poly->NumInteriors) {
                ring = gaiaAddInteriorRing(poly, hole++, (int)r->n);
            } else {
                continue;
            }
            for (uint32_t k = 0; k < r->n; k++)
                gaiaSetPoint(ring->Coords, k, p[2 * k], p[2 * k + 1]);
        }
    }
    if (g)
        gaiaMbrGeometry(g);
    return g;
}

/* a less b (a copy of a when b is NULL), or NULL when nothing is left. */
static gaiaGeomCollPtr
less(void *cache, gaiaGeomCollPtr a, gaiaGeomCollPtr b)
{
    gaiaGeomCollPtr r;

    if (a == NULL)
        return NULL;
    r = b ? gaiaGeometryDifference_r(cache, a, b) : gaiaCloneGeomColl(a);
    if (r && r->FirstPolygon == NULL) {
        gaiaFreeGeomColl(r);
        return NULL;
    }
    return r;
}

static sm_faction_change *
faction_row(sm_diff *d, const char *faction)
{
    sm_faction_change *c;

    for (size_t i = 0; i < d->nfactions; i++)
        if (strcmp(d->factions[i].faction, faction) == 0)
            return &d->factions[i];
    if (!sm_grow((void **)&d->factions, &d->factions_cap, d->nfactions, sizeof(*c), 16))
        return NULL;
    c = &d->factions[d->nfactions];
    memset(c, 0, sizeof(*c));
    if ((c->faction = sm_arena_strdup(&d->strings, faction)) == NULL)
        return NULL;
    d->nfactions++;
    return c;
}

/* Keep a gained or lost area for change maps, as WKB. */
static bool
keep_area(sm_diff *d, const char *faction, bool gained, gaiaGeomCollPtr g)
{
    struct sm_diff_area *a;
    unsigned char *wkb = NULL;
    int len = 0;

    if (g == NULL)
        return true;
    gaiaToWkb(g, &wkb, &len);
    if (wkb == NULL ||
        !sm_grow((void **)&d->areas, &d->areas_cap, d->nareas, sizeof(*a), 16)) {
        free(wkb);
        return false;
    }
    a = &d->areas[d->nareas++];
    a->faction = sm_arena_strdup(&d->strings, faction);
    a->gained = gained;
    a->wkb = wkb;
    a->len = (size_t)len;
    return a->faction != NULL;
}

static int
by_faction(const void *a, const void *b)
{
    return strcmp(((const sm_faction_change *)a)->faction,
                  ((const sm_faction_change *)b)->faction);
}

sm_status
sm_diff_derived(sm_store *db, const gaiaGeomCollPtr clip, double max_km, sm_diff *d,
                sm_error *err)
{
    sm_situation s[2] = { SM_SITUATION_INIT, SM_SITUATION_INIT };
    const char **names = NULL;
    size_t nnames = 0, cap = 0;
    void *cache = NULL;
    sm_status st = SM_OK;
    bool ok = true;

    if (max_km <= 0)
        return SM_OK;
    for (int k = 0; k < 2 && st == SM_OK; k++)
        if ((st = sm_situation_load(db, k ? d->to : d->from, &s[k], err)) == SM_OK)
            st = sm_situation_derive(&s[k], db, clip, max_km, err);
    /* the factions with derived zones on either day */
    for (int k = 0; k < 2 && st == SM_OK && ok; k++)
        for (size_t i = 0; i < s[k].nzones && ok; i++) {
            const sm_sit_zone *z = &s[k].zones[i];
            size_t j = 0;
            if (strcmp(z->status, "derived") != 0)
                continue;
            while (j < nnames && strcmp(names[j], z->faction) != 0)
                j++;
            if (j == nnames && (ok = sm_grow((void **)&names, &cap, nnames, sizeof(*names), 8)))
                names[nnames++] = z->faction;
        }
    if (st == SM_OK && nnames > 0)
        cache = spatialite_alloc_connection();
    for (size_t i = 0; i < nnames && st == SM_OK && ok; i++) {
        double km2[2];
        gaiaGeomCollPtr a = faction_geom(&s[0], names[i], &km2[0]);
        gaiaGeomCollPtr b = faction_geom(&s[1], names[i], &km2[1]);
        gaiaGeomCollPtr gained = less(cache, b, a), lost = less(cache, a, b);
        sm_faction_change *c = faction_row(d, names[i]);

        ok = c != NULL;
        if (ok) {
            c->km2_from += km2[0];
            c->km2_to += km2[1];
            c->gained_km2 += gained ? sm_geom__km2(gained) : 0;
            c->lost_km2 += lost ? sm_geom__km2(lost) : 0;
            ok = keep_area(d, names[i], true, gained) && keep_area(d, names[i], false, lost);
        }
        gaiaFreeGeomColl(a);
        gaiaFreeGeomColl(b);
        gaiaFreeGeomColl(gained);
        gaiaFreeGeomColl(lost);
    }
    if (st == SM_OK && !ok)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    if (d->nfactions > 1)
        qsort(d->factions, d->nfactions, sizeof(*d->factions), by_faction);
    if (cache)
        spatialite_cleanup_ex(cache);
    free(names);
    sm_situation_free(&s[0]);
    sm_situation_free(&s[1]);
    return st;
}
