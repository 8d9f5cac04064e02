/* SPDX-License-Identifier: MIT */
/*
 * changes.c - a change map's overlay, over the situation on the later day:
 * the areas each faction gained, striped in its colour; the areas it lost,
 * outlined dashed in its colour; the places that changed hands, ringed in
 * the new holder's colour.
 */
#include "render/render_int.h"

#include <math.h>

static sm_rgba
alpha(sm_rgba c, double a)
{
    c.a *= a;
    return c;
}

sm_status
sm_map__changes(map *m, sm_error *err)
{
    const sm_diff *d = m->sit->change;
    const sm_style *s = m->s;
    const sm_rgba clear = { 0, 0, 0, 0 };

    (void)err;
    if (d == NULL)
        return SM_OK;
    for (size_t i = 0; i < d->nareas; i++) {
        const sm_sit_change_area *a = &d->areas[i];
        const sm_faction_style *f = sm_map__faction(m, a->faction);
        sm_rgba fill = f ? f->hatch : s->unknown_faction, line = f ? f->outline : s->muted;
        dl_item *it;

        sm_dl_begin(&m->dl, &(dl_ident){ .what = DL_WHAT_CHANGE, .faction = a->faction,
                                         .status = a->gained ? "gained" : "lost",
                                         .dated = true, .from = d->from, .to = d->to });
        it = sm_map__mpoly(m, &d->geom, a->first_ring, a->nrings, DL_CHANGES, clear, line,
                           a->gained ? 1.2f : 1.8f);
        sm_dl_end(&m->dl);
        if (it == NULL)
            continue;
        if (a->gained) {
            it->hatch = alpha(fill, 0.9);
            it->hatch_px = (float)s->hatch_px;
            m->has_gained = true;
        } else {
            it->dash_px = 5.0f;
            m->has_lost = true;
        }
    }
    for (size_t i = 0; i < d->nchanged; i++) {
        const sm_place_change *c = &d->changed[i];
        const sm_faction_style *f = sm_map__faction(m, c->to_faction);
        double x, y;

        if (!c->has_point || !sm_map__to_px(m, c->lon_deg, c->lat_deg, &x, &y) || x < 0 ||
            y < 0 || x > m->o->width_px || y > m->o->height_px)
            continue;
        /* in the new holder's colour, between a halo and a line of the text's
         * colour, so that it shows even on stripes of its own colour */
        sm_dl_begin(&m->dl, &(dl_ident){ .what = DL_WHAT_CHANGE, .key = c->place,
                                         .name = c->place, .faction = c->to_faction,
                                         .other = c->from_faction, .status = "changed hands",
                                         .dated = true, .from = c->day, .to = SM_DAY_NONE });
        for (int r = 0; r < 3; r++) {
            /* each path takes its points before the next is made (dlist.c) */
            dl_item *ring = sm_dl_path(&m->dl, DL_CHANGES, clear,
                                       r == 0   ? s->halo
                                       : r == 1 ? s->text
                                       : f      ? f->outline
                                                : s->muted,
                                       r == 0 ? 5.0f : r == 1 ? 3.4f : 1.8f);
            for (int k = 0; k <= 24; k++) {
                double t = k * M_PI / 12;
                sm_dl_point(&m->dl, ring, k == 0 ? DL_MOVE : k == 24 ? DL_CLOSE : DL_LINE,
                            x + 7 * cos(t), y + 7 * sin(t));
            }
        }
        sm_dl_end(&m->dl);
        sm_map__take(m, (box){ x - 9, y - 9, x + 9, y + 9, .soft = true });
        m->has_changed = true;
    }
    return SM_OK;
}
