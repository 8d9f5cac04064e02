/* SPDX-License-Identifier: MIT */
/*
 * zones.c - control zones valid on the day (the situation's),
 * filled in their faction's colour, semi-opaque and outlined, by status
 * (see draw_zone), and control points as coloured markers. Zone areas for
 * the legend are the store's, on the ellipsoid, times the share in frame.
 * Under them, the country's land in the colour of no data, which shows
 * where no zone covers it; its area less the zones' is the legend's share
 * of no data.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True if some corner or centre of the envelope projects into the frame,
 * or the envelope spans it. */
bool
sm_map__box_in_frame(const map *m, double west, double south, double east, double north)
{
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    double pts[5][2] = { { west, south }, { east, south }, { east, north }, { west, north },
                         { (west + east) / 2, (south + north) / 2 } };

    for (int i = 0; i < 5; i++) {
        double x, y;
        if (!sm_map__to_px(m, pts[i][0], pts[i][1], &x, &y))
            continue;
        x0 = fmin(x0, x);
        y0 = fmin(y0, y);
        x1 = fmax(x1, x);
        y1 = fmax(y1, y);
    }
    return x1 >= 0 && y1 >= 0 && x0 <= m->o->width_px && y0 <= m->o->height_px;
}

/* Clip the polygon p[0..n) (x, y pairs) to one side of the frame: keep
 * the points with sign * (coord - limit) <= 0 on axis (0: x, 1: y). */
static int
clip_side(const double *p, int n, double *out, int cap, int axis, double limit, double sign)
{
    int k = 0;

    for (int i = 0; i < n && k + 2 <= cap; i++) {
        const double *a = &p[2 * i], *b = &p[2 * ((i + 1) % n)];
        double da = sign * (a[axis] - limit), db = sign * (b[axis] - limit);

        if (da <= 0) {
            out[2 * k] = a[0];
            out[2 * k + 1] = a[1];
            k++;
        }
        if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
            double t = da / (da - db);
            out[2 * k] = a[0] + t * (b[0] - a[0]);
            out[2 * k + 1] = a[1] + t * (b[1] - a[1]);
            k++;
        }
    }
    return k;
}

static double
shoelace(const double *p, int n)
{
    double a = 0;

    for (int i = 0; i < n; i++)
        a += p[2 * i] * p[2 * ((i + 1) % n) + 1] - p[2 * ((i + 1) % n)] * p[2 * i + 1];
    return a / 2;
}

/* The share of a zone's drawn area (its path item) that lies in the frame:
 * each ring clipped to the frame (Sutherland-Hodgman), holes subtracting
 * by their opposite turn. */
static double
share_in_frame(const map *m, const dl_item *it)
{
    const dl_point *pts = m->dl.pts + it->first;
    int cap = 2 * (int)it->npts + 16;     /* points; a rectangle adds few */
    double *a = malloc((size_t)cap * 2 * sizeof(double)), *b;
    double whole = 0, in = 0;
    uint32_t i = 0;

    b = a ? malloc((size_t)cap * 2 * sizeof(double)) : NULL;
    while (b && i < it->npts) {
        int n = 0;
        for (; i < it->npts && pts[i].op != DL_CLOSE; i++, n++) {
            a[2 * n] = pts[i].x;
            a[2 * n + 1] = pts[i].y;
        }
        i++;                            /* the CLOSE */
        whole += shoelace(a, n);
        n = clip_side(a, n, b, cap, 0, 0, -1);
        n = clip_side(b, n, a, cap, 0, m->o->width_px, 1);
        n = clip_side(a, n, b, cap, 1, 0, -1);
        n = clip_side(b, n, a, cap, 1, m->o->height_px, 1);
        in += shoelace(a, n);
    }
    free(a);
    free(b);
    return whole != 0 ? fmin(1, fabs(in / whole)) : 0;
}

/* The last day of a span that ends before `until` (or still open). */
static sm_day
last_day(sm_day until)
{
    return until == SM_DAY_OPEN || until == SM_DAY_NONE ? until : until - 1;
}

static sm_rgba
with_alpha(sm_rgba c, double a)
{
    c.a *= a;
    return c;
}

/* One zone: held zones filled and outlined; claimed ones lighter with a
 * dashed outline; contested ones hatched in both factions' colours (the
 * other side's stripes over the holder's fill), outline dashed; besieged
 * pockets ringed in the besieger's colour. */
static dl_item *
draw_zone(map *m, const sm_sit_zone *z)
{
    const sm_style *s = m->s;
    const sm_faction_style *f = sm_map__faction(m, z->faction);
    const sm_faction_style *o = z->other ? sm_map__faction(m, z->other) : NULL;
    bool claimed = strcmp(z->status, "claimed") == 0;
    bool contested = strcmp(z->status, "contested") == 0;
    bool besieged = strcmp(z->status, "besieged") == 0;
    bool derived = strcmp(z->status, "derived") == 0;
    sm_rgba fill = f ? f->fill : s->unknown_faction, line = f ? f->outline : s->muted;
    double opacity = s->zone_opacity * (claimed ? 0.6 : derived ? 0.7 : 1.0);
    dl_item *it;

    if (besieged)
        line = z->other ? (o ? o->outline : s->unknown_faction) : s->muted;
    /* derived zones: an estimate, drawn lighter and with no outline of its own */
    it = sm_dl_path(&m->dl, DL_ZONES, with_alpha(fill, opacity), derived ? with_alpha(line, 0) : line,
                    besieged ? 3.0f : contested ? 1.4f : 1.0f);
    m->has_derived |= derived;
    if (it == NULL)
        return NULL;
    it->dash_px = claimed || contested ? 4.0f : 0;
    if (contested) {
        sm_rgba stripe = z->other ? (o ? o->hatch : s->unknown_faction) : f ? f->outline : s->muted;
        it->hatch = with_alpha(stripe, fmin(1, s->zone_opacity * 1.3));
        it->hatch_px = (float)s->hatch_px;
        m->has_contested = true;
    }
    m->has_besieged |= besieged;
    sm_map__rings(m, it, m->sit->geom.pts, &m->sit->geom.rings[z->first_ring], z->nrings);
    return it;
}

sm_status
sm_map__zones(map *m, sm_error *err)
{
    const sm_situation *sit = m->sit;

    (void)err;
    /* the country's land under the zones in the colour of no data: what
     * no zone covers shows as such (the zones are semi-opaque over it);
     * not drawn when the land is already that colour */
    const sm_mpoly *country = sit->nzones > 0 ? sm_map__country(m) : NULL;
    if (country && sm_map__box_in_frame(m, country->west, country->south, country->east,
                                        country->north)) {
        sm_rgba clear = { 0, 0, 0, 0 }, nd = m->s->no_data, land = m->s->subject;
        dl_item *ground;

        sm_dl_begin(&m->dl, &(dl_ident){ .what = DL_WHAT_NO_DATA, .dated = true,
                                         .from = sit->day, .to = SM_DAY_NONE });
        ground = sm_dl_path(&m->dl, DL_ZONES, nd, clear, 0);
        if (ground) {
            /* the country's area: the situation's when it was cut to it */
            double whole = sit->clip_km2 > 0 ? sit->clip_km2
                                             : sm_mpoly_km2(country, 0, country->nrings);
            sm_map__rings(m, ground, country->pts, country->rings, country->nrings);
            m->country_km2 = whole * share_in_frame(m, ground);
            m->country_whole = m->country_km2 >= 0.98 * whole;
            if (nd.a >= 1 && land.a >= 1 && nd.r == land.r && nd.g == land.g && nd.b == land.b)
                sm_dl_drop_last(&m->dl);
        }
        sm_dl_end(&m->dl);
    }
    for (size_t i = 0; i < sit->nzones; i++) {
        const sm_sit_zone *z = &sit->zones[i];
        struct seen_faction *seen;
        dl_item *it;
        bool derived;

        if (!sm_map__box_in_frame(m, z->west, z->south, z->east, z->north))
            continue;                   /* neither drawn nor in the legend */
        /* a derived zone is the estimate of the map's day (whatever span a
         * timeline kept it for) */
        derived = strcmp(z->status, "derived") == 0;
        sm_dl_begin(&m->dl, &(dl_ident){ .what = DL_WHAT_ZONE, .key = z->uid,
                                         .faction = z->faction, .other = z->other,
                                         .status = z->status, .name = z->name,
                                         .dated = true,
                                         .from = derived ? sit->day : z->valid_from,
                                         .to = derived ? SM_DAY_NONE : last_day(z->valid_to) });
        it = draw_zone(m, z);
        sm_dl_end(&m->dl);
        if (it && (seen = sm_map__seen(m, z->faction)))
            seen->area_km2 += z->area_km2 * share_in_frame(m, it);
        if (m->rep)
            m->rep->zones++;
    }
    if (m->country_km2 > 0) {           /* what of the country in frame no zone covers */
        double zoned = 0;
        for (int i = 0; i < m->nseen; i++)
            zoned += m->seen[i].area_km2;
        m->unknown_km2 = fmax(0, m->country_km2 - zoned);
    }
    for (size_t i = 0; i < sit->ncontrol; i++) {
        const sm_control *c = &sit->control[i];
        const sm_faction_style *f;
        struct seen_faction *seen;
        double x, y;
        dl_item *it;

        if (!c->has_point || !sm_map__to_px(m, c->lon_deg, c->lat_deg, &x, &y) || x < 0 ||
            y < 0 || x > m->o->width_px || y > m->o->height_px)
            continue;
        f = sm_map__faction(m, c->faction);
        if ((seen = sm_map__seen(m, c->faction)))
            seen->places++;
        sm_dl_begin(&m->dl, &(dl_ident){ .what = DL_WHAT_CONTROL, .key = c->place,
                                         .name = c->place, .place_id = c->place_id,
                                         .faction = c->faction, .dated = true, .from = c->day,
                                         .to = last_day(c->until) });
        it = sm_dl_path(&m->dl, DL_CONTROL, f ? f->fill : m->s->unknown_faction,
                        f ? f->outline : m->s->muted, 0.8f);
        for (int k = 0; k <= 12; k++) {
            double a = k * M_PI / 6;
            sm_dl_point(&m->dl, it, k == 0 ? DL_MOVE : k == 12 ? DL_CLOSE : DL_LINE,
                        x + 3.2 * cos(a), y + 3.2 * sin(a));
        }
        sm_dl_end(&m->dl);
        sm_map__take(m, (box){ x - 3.5, y - 3.5, x + 3.5, y + 3.5, .soft = true });
        if (m->rep)
            m->rep->control_points++;
    }
    return SM_OK;
}
