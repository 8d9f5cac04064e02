/* SPDX-License-Identifier: MIT */
/*
 * situation.c - a situation put together: its zones (rings copied into its
 * geometry), control points, events and places, each record's strings
 * copied into the situation's arena; and freed whole.
 */
#include "timeline/timeline_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

sm_situation *
sm_situation_new(sm_day day)
{
    sm_situation *s = calloc(1, sizeof(*s));

    if (s) {
        s->day = day;
        s->events_from = day + 1;      /* no window: no event */
        s->latest = SM_DAY_NONE;
        s->geom = (sm_mpoly)SM_MPOLY_INIT;
    }
    return s;
}

static const char *
keep(sm_situation *s, const char *text, bool *ok)
{
    char *copy;

    if (text == NULL)
        return NULL;
    if ((copy = sm_arena_strdup(&s->strings, text)) == NULL)
        *ok = false;
    return copy;
}

/* Room for one more zone, z's strings copied into it; NULL when out of
 * memory. Its rings are those added to s->geom from here on. */
static sm_sit_zone *
new_zone(sm_situation *s, const sm_sit_zone *z)
{
    sm_sit_zone *n;
    bool ok = true;

    if (!sm_grow((void **)&s->zones, &s->zones_cap, s->nzones, sizeof(*n), 32))
        return NULL;
    n = &s->zones[s->nzones];
    *n = *z;
    n->uid = keep(s, z->uid ? z->uid : "", &ok);
    n->faction = keep(s, z->faction, &ok);
    n->status = keep(s, z->status ? z->status : "held", &ok);
    n->other = keep(s, z->other, &ok);
    n->name = keep(s, z->name, &ok);
    n->source = keep(s, z->source, &ok);
    n->first_ring = (uint32_t)s->geom.nrings;
    n->nrings = 0;
    return ok && n->faction ? n : NULL;
}

/* The zone just given its rings: its envelope and area, and counted. */
static void
finish_zone(sm_situation *s, sm_sit_zone *z)
{
    const sm_mpoly *g = &s->geom;

    if (z->nrings == 0)
        return;                         /* nothing drawable: left out */
    z->west = z->south = 1e300;
    z->east = z->north = -1e300;
    for (uint32_t r = 0; r < z->nrings; r++) {
        const sm_ring *ring = &g->rings[z->first_ring + r];
        for (uint32_t k = 0; k < ring->n; k++) {
            const double *p = &g->pts[2 * ((size_t)ring->first + k)];
            z->west = p[0] < z->west ? p[0] : z->west;
            z->east = p[0] > z->east ? p[0] : z->east;
            z->south = p[1] < z->south ? p[1] : z->south;
            z->north = p[1] > z->north ? p[1] : z->north;
        }
    }
    if (z->area_km2 <= 0)
        z->area_km2 = sm_mpoly_km2(g, z->first_ring, z->nrings);
    s->nzones++;
}

sm_status
sm_situation_add_zone(sm_situation *s, const sm_sit_zone *z, const sm_mpoly *g, sm_error *err)
{
    sm_sit_zone *n = new_zone(s, z);

    if (n == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    for (size_t r = 0; r < g->nrings; r++) {
        const sm_ring *ring = &g->rings[r];
        size_t before = s->geom.nrings;
        if (!sm_mpoly_add_ring(&s->geom, &g->pts[2 * (size_t)ring->first], ring->n,
                               sm_mpoly_is_outer(g, ring)))
            return sm_fail(err, SM_ENOMEM, "out of memory");
        n->nrings += (uint32_t)(s->geom.nrings - before);
    }
    finish_zone(s, n);
    return SM_OK;
}

sm_status
sm_situation__add_gaia_zone(sm_situation *s, const sm_sit_zone *z, gaiaGeomCollPtr geom,
                            sm_error *err)
{
    sm_sit_zone *n = new_zone(s, z);

    if (n == NULL || !sm_mpoly__add_gaia(&s->geom, geom, &n->nrings))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    finish_zone(s, n);
    return SM_OK;
}

bool
sm_situation__copy_zones(sm_situation *dst, const sm_situation *src, size_t from)
{
    for (size_t z = from; z < src->nzones; z++) {
        const sm_sit_zone *a = &src->zones[z];
        const double envelope[4] = { a->west, a->south, a->east, a->north };
        sm_sit_zone *b = new_zone(dst, a);

        /* the rings as they are, with the zone's envelope and area */
        if (b == NULL ||
            !sm_mpoly__copy_rings(&dst->geom, &src->geom, a->first_ring, a->nrings, envelope))
            return false;
        b->nrings = a->nrings;
        dst->nzones++;
    }
    return true;
}

sm_status
sm_situation_add_event(sm_situation *s, const sm_event *ev, sm_error *err)
{
    sm_event *e;
    bool ok = true;

    if (!sm_grow((void **)&s->events, &s->events_cap, s->nevents, sizeof(*e), 256))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    e = &s->events[s->nevents];
    *e = *ev;
    e->uid = keep(s, ev->uid, &ok);
    e->sub_type = keep(s, ev->sub_type, &ok);
    e->event_type = keep(s, ev->event_type, &ok);
    e->actor1 = keep(s, ev->actor1, &ok);
    e->actor2 = keep(s, ev->actor2, &ok);
    e->admin1 = keep(s, ev->admin1, &ok);
    e->place = keep(s, ev->place, &ok);
    e->source = keep(s, ev->source, &ok);
    e->url = keep(s, ev->url, &ok);
    e->notes = keep(s, ev->notes, &ok);
    e->dataset = keep(s, ev->dataset, &ok);
    e->attrs = keep(s, ev->attrs, &ok);
    if (!ok)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    s->nevents++;
    return SM_OK;
}

sm_status
sm_situation_add_control(sm_situation *s, const sm_control *c, sm_error *err)
{
    sm_control *n;
    bool ok = true;

    if (!sm_grow((void **)&s->control, &s->control_cap, s->ncontrol, sizeof(*n), 256))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    n = &s->control[s->ncontrol];
    *n = *c;
    n->place = keep(s, c->place, &ok);
    n->faction = keep(s, c->faction, &ok);
    n->source = keep(s, c->source, &ok);
    if (!ok || n->faction == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    s->ncontrol++;
    return SM_OK;
}

sm_status
sm_situation_add_place(sm_situation *s, const sm_place *p, sm_error *err)
{
    sm_place *n;
    bool ok = true;

    if (!sm_grow((void **)&s->places, &s->places_cap, s->nplaces, sizeof(*n), 256))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    n = &s->places[s->nplaces];
    *n = *p;
    n->name = keep(s, p->name, &ok);
    n->name_ar = keep(s, p->name_ar, &ok);
    n->feature_class = keep(s, p->feature_class, &ok);
    n->feature_code = keep(s, p->feature_code, &ok);
    n->kind = keep(s, p->kind, &ok);
    n->country = keep(s, p->country, &ok);
    n->admin1 = keep(s, p->admin1, &ok);
    n->admin2 = keep(s, p->admin2, &ok);
    if (!ok)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    s->nplaces++;
    return SM_OK;
}

static void
diff_free(sm_diff *d)
{
    if (d == NULL)
        return;
    free(d->factions);
    free(d->changed);
    free(d->areas);
    sm_mpoly_free(&d->geom);
    free(d);
}

void
sm_situation_free(sm_situation *s)
{
    if (s == NULL)
        return;
    free(s->zones);
    sm_mpoly_free(&s->geom);
    free(s->fronts);
    free(s->fpts);
    free(s->control);
    free(s->events);
    free(s->places);
    diff_free(s->change);
    sm_arena_free(&s->strings);
    free(s);
}
