/* SPDX-License-Identifier: MIT */
/*
 * diff.c - the change between two days, gathered from the store (areas on
 * the ellipsoid, gains and losses through GEOS, places that changed hands)
 * for the command's table and JSON and for change maps.
 */
#include "timeline/timeline.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static void
add_faction(const sm_faction_change *c, void *user)
{
    sm_diff *d = user;

    if (!sm_grow((void **)&d->factions, &d->factions_cap, d->nfactions, sizeof(*c), 16)) {
        d->failed = true;
        return;
    }
    d->factions[d->nfactions] = *c;
    d->factions[d->nfactions++].faction = sm_arena_strdup(&d->strings, c->faction);
}

static void
add_place(const sm_place_change *c, void *user)
{
    sm_diff *d = user;
    sm_place_change *p;

    if (!sm_grow((void **)&d->changed, &d->changed_cap, d->nchanged, sizeof(*c), 32)) {
        d->failed = true;
        return;
    }
    p = &d->changed[d->nchanged++];
    *p = *c;
    p->place = sm_arena_strdup(&d->strings, c->place);
    p->from_faction = sm_arena_strdup(&d->strings, c->from_faction);
    p->to_faction = sm_arena_strdup(&d->strings, c->to_faction);
    p->basis = sm_arena_strdup(&d->strings, c->basis);
}

sm_status
sm_diff_compute(sm_store *db, sm_day from, sm_day to, sm_diff *d, sm_error *err)
{
    sm_status st;

    d->from = from;
    d->to = to;
    if ((st = sm_store_zone_changes_each(db, from, to, add_faction, d, err)) != SM_OK ||
        (st = sm_store_place_changes_each(db, from, to, SM_DIFF_MIN_POPULATION, add_place, d,
                                          err)) != SM_OK)
        return st;
    if (d->failed)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return SM_OK;
}

static void
add_area(const char *faction, bool gained, const unsigned char *wkb, size_t len, void *user)
{
    sm_diff *d = user;
    struct sm_diff_area *a;

    if (!sm_grow((void **)&d->areas, &d->areas_cap, d->nareas, sizeof(*a), 16)) {
        d->failed = true;
        return;
    }
    a = &d->areas[d->nareas];
    a->faction = sm_arena_strdup(&d->strings, faction);
    a->gained = gained;
    a->len = len;
    if ((a->wkb = malloc(len ? len : 1)) == NULL || a->faction == NULL) {
        free(a->wkb);
        d->failed = true;
        return;
    }
    memcpy(a->wkb, wkb, len);
    d->nareas++;
}

sm_status
sm_diff_areas(sm_store *db, sm_diff *d, sm_error *err)
{
    sm_status st = sm_store_zone_change_areas_each(db, d->from, d->to, add_area, d, err);

    if (st == SM_OK && d->failed)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    return st;
}

void
sm_diff_free(sm_diff *d)
{
    for (size_t i = 0; i < d->nareas; i++)
        free(d->areas[i].wkb);
    free(d->areas);
    free(d->factions);
    free(d->changed);
    sm_arena_free(&d->strings);
    memset(d, 0, sizeof(*d));
}
