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

#include "core/buf.h"

/* One faction's derived zones of a situation as one geometry (NULL when it
 * has none), and their area. */
static gaiaGeomCollPtr
faction_geom(const sm_situation *s, const char *faction, double *km2, bool *oom)
{
    sm_mpoly rings = SM_MPOLY_INIT;
    gaiaGeomCollPtr g;

    *km2 = 0;
    for (size_t zi = s->ngiven; zi < s->nzones; zi++) {
        const sm_sit_zone *z = &s->zones[zi];

        if (strcmp(z->faction, faction) != 0)
            continue;
        *km2 += z->area_km2;
        for (uint32_t r = 0; r < z->nrings; r++) {
            const sm_ring *ring = &s->geom.rings[z->first_ring + r];
            if (!sm_mpoly_add_ring(&rings, &s->geom.pts[2 * (size_t)ring->first], ring->n,
                                   sm_mpoly_is_outer(&s->geom, ring)))
                *oom = true;
        }
    }
    g = sm_mpoly__to_gaia(&rings, 0, rings.nrings, 1, oom);
    sm_mpoly_free(&rings);
    return g;
}

/* a less b (a copy of a when b is NULL), or NULL when nothing is left
 * (or when GEOS failed: then *failed is set). */
static gaiaGeomCollPtr
less(void *cache, gaiaGeomCollPtr a, gaiaGeomCollPtr b, bool *failed)
{
    gaiaGeomCollPtr r;

    if (a == NULL)
        return NULL;
    r = b ? sm_gaia__geos(cache, gaiaGeometryDifference_r(cache, a, b), failed)
          : gaiaCloneGeomColl(a);
    if (r && r->FirstPolygon == NULL) {
        gaiaFreeGeomColl(r);
        return NULL;
    }
    return r;
}

static sm_faction_change *
faction_row(sm_diff *d, sm_arena *strings, const char *faction)
{
    sm_faction_change *c;

    for (size_t i = 0; i < d->nfactions; i++)
        if (strcmp(d->factions[i].faction, faction) == 0)
            return &d->factions[i];
    if (!sm_grow((void **)&d->factions, &d->factions_cap, d->nfactions, sizeof(*c), 16))
        return NULL;
    c = &d->factions[d->nfactions];
    memset(c, 0, sizeof(*c));
    if ((c->faction = sm_arena_strdup(strings, faction)) == NULL)
        return NULL;
    d->nfactions++;
    return c;
}

static int
by_faction(const void *a, const void *b)
{
    return strcmp(((const sm_faction_change *)a)->faction,
                  ((const sm_faction_change *)b)->faction);
}

/* The factions with derived zones in either situation, once each. */
static bool
derived_factions(const sm_situation *const s[2], const char ***names, size_t *n)
{
    size_t cap = 0;

    for (int k = 0; k < 2; k++)
        for (size_t i = s[k]->ngiven; i < s[k]->nzones; i++) {
            const char *f = s[k]->zones[i].faction;
            size_t j = 0;
            while (j < *n && strcmp((*names)[j], f) != 0)
                j++;
            if (j < *n)
                continue;
            if (!sm_grow((void **)names, &cap, *n, sizeof(**names), 8))
                return false;
            (*names)[(*n)++] = f;
        }
    return true;
}

sm_status
sm_diff__derived(sm_diff *d, sm_arena *strings, const sm_situation *from,
                 const sm_situation *to, bool areas, sm_error *err)
{
    const sm_situation *const s[2] = { from, to };
    const char **names = NULL;
    size_t nnames = 0;
    void *cache = NULL;
    bool oom = !derived_factions(s, &names, &nnames), failed = false;
    sm_status st = SM_OK;

    if (!oom && nnames > 0) {
        if ((cache = spatialite_alloc_connection()) == NULL)
            oom = true;
        else
            spatialite_set_silent_mode(cache);  /* GEOS's messages: not on stderr */
    }
    for (size_t i = 0; i < nnames && !oom && !failed; i++) {
        double km2[2];
        gaiaGeomCollPtr a = faction_geom(from, names[i], &km2[0], &oom);
        gaiaGeomCollPtr b = faction_geom(to, names[i], &km2[1], &oom);
        gaiaGeomCollPtr gained = less(cache, b, a, &failed), lost = less(cache, a, b, &failed);
        sm_faction_change *c = faction_row(d, strings, names[i]);

        if (c == NULL) {
            oom = true;
        } else {
            c->km2_from += km2[0];
            c->km2_to += km2[1];
            c->gained_km2 += sm_gaia__km2(gained, &oom);
            c->lost_km2 += sm_gaia__km2(lost, &oom);
            if (areas && ((gained && !sm_diff__add_area(d, strings, names[i], true, gained)) ||
                          (lost && !sm_diff__add_area(d, strings, names[i], false, lost))))
                oom = true;
        }
        gaiaFreeGeomColl(a);
        gaiaFreeGeomColl(b);
        gaiaFreeGeomColl(gained);
        gaiaFreeGeomColl(lost);
    }
    if (d->nfactions > 1)
        qsort(d->factions, d->nfactions, sizeof(*d->factions), by_faction);
    if (oom)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    else if (failed)
        st = sm_fail(err, SM_ERENDER, "cannot compare the derived zones: %s",
                     sm_gaia__geos_why(cache));
    if (cache)
        spatialite_cleanup_ex(cache);
    free(names);
    return st;
}
