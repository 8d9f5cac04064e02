/* SPDX-License-Identifier: MIT */
/*
 * diff.c - the change between two days, gathered from the store (areas on
 * the ellipsoid, gains and losses through GEOS, places that changed hands)
 * and from the zones derived on both days (diff_derived.c), for the diff
 * command's table and JSON and for change maps.
 */
#include "timeline/timeline_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct gather {
    sm_diff *d;
    sm_arena *strings;
    bool failed;
} gather;

static void
add_faction(const sm_faction_change *c, void *user)
{
    gather *g = user;
    sm_diff *d = g->d;

    if (!sm_grow((void **)&d->factions, &d->factions_cap, d->nfactions, sizeof(*c), 16)) {
        g->failed = true;
        return;
    }
    d->factions[d->nfactions] = *c;
    if ((d->factions[d->nfactions].faction = sm_arena_strdup(g->strings, c->faction)) == NULL)
        g->failed = true;
    else
        d->nfactions++;
}

static void
add_place(const sm_place_change *c, void *user)
{
    gather *g = user;
    sm_diff *d = g->d;
    sm_place_change *p;

    if (!sm_grow((void **)&d->changed, &d->changed_cap, d->nchanged, sizeof(*c), 32)) {
        g->failed = true;
        return;
    }
    p = &d->changed[d->nchanged];
    *p = *c;
    p->place = sm_arena_strdup(g->strings, c->place);
    p->from_faction = sm_arena_strdup(g->strings, c->from_faction);
    p->to_faction = sm_arena_strdup(g->strings, c->to_faction);
    p->basis = sm_arena_strdup(g->strings, c->basis);
    if (!p->place || !p->from_faction || !p->to_faction || !p->basis)
        g->failed = true;
    else
        d->nchanged++;
}

static void
add_area(const char *faction, bool gained, const unsigned char *wkb, size_t len, void *user)
{
    gather *g = user;
    gaiaGeomCollPtr geom = gaiaFromWkb(wkb, (unsigned int)len);

    if (geom && !sm_diff__add_area(g->d, g->strings, faction, gained, geom))
        g->failed = true;
    gaiaFreeGeomColl(geom);
}

bool
sm_diff__add_area(sm_diff *d, sm_arena *strings, const char *faction, bool gained,
                  gaiaGeomCollPtr geom)
{
    sm_sit_change_area *a;

    if (!sm_grow((void **)&d->areas, &d->areas_cap, d->nareas, sizeof(*a), 16))
        return false;
    a = &d->areas[d->nareas];
    a->faction = sm_arena_strdup(strings, faction);
    a->gained = gained;
    a->first_ring = (uint32_t)d->geom.nrings;
    if (a->faction == NULL || !sm_mpoly__add_gaia(&d->geom, geom, &a->nrings))
        return false;
    if (a->nrings > 0)
        d->nareas++;
    return true;
}

sm_status
sm_situation__change(sm_situation *s, sm_store *db, const sm_situation_opts *o, sm_error *err)
{
    sm_diff *d = calloc(1, sizeof(*d));
    gather g = { .d = d, .strings = &s->strings };
    sm_situation *from = NULL;
    sm_status st;

    if (d == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    s->change = d;
    d->from = o->since;
    d->to = s->day;
    d->geom = (sm_mpoly)SM_MPOLY_INIT;
    if ((st = sm_store_zone_changes_each(db, d->from, d->to, add_faction, &g, err)) != SM_OK ||
        (st = o->country ? sm_store_place_changes_in(db, o->country, d->from, d->to,
                                                     SM_DIFF_MIN_POPULATION, add_place, &g, err)
                         : sm_store_place_changes_each(db, d->from, d->to,
                                                       SM_DIFF_MIN_POPULATION, add_place, &g,
                                                       err)) != SM_OK ||
        (o->change_areas &&
         (st = sm_store_zone_change_areas_each(db, d->from, d->to, add_area, &g, err)) != SM_OK))
        return st;
    if (g.failed)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (o->derived_max_km > 0 &&
        (st = sm_situation__derived_only(db, o->since, o, &from, err)) == SM_OK)
        st = sm_diff__derived(d, &s->strings, from, s, o->change_areas, err);
    sm_situation_free(from);
    return st;
}
