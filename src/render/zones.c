/* SPDX-License-Identifier: MIT */
/*
 * zones.c - control zones valid on the day, filled in their faction's
 * colour (semi-opaque, outlined; "contested" and "claimed" dashed, lighter)
 * and control points as coloured markers. A faction the style does not know
 * is drawn in a neutral grey, named with its id in the legend and in a
 * warning. Zone areas for the legend are the store's, on the ellipsoid.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct seen_faction *
sm_map__seen(map *m, const char *id)
{
    for (int i = 0; i < m->nseen; i++)
        if (strcmp(m->seen[i].id, id) == 0)
            return &m->seen[i];
    if (m->nseen == (int)SM_LEN(m->seen))
        return NULL;
    memset(&m->seen[m->nseen], 0, sizeof(m->seen[0]));
    snprintf(m->seen[m->nseen].id, sizeof(m->seen[0].id), "%s", id);
    return &m->seen[m->nseen++];
}

const sm_faction_style *
sm_map__faction(map *m, const char *id)
{
    const sm_faction_style *f = sm_style_faction(m->s, id);
    struct seen_faction *seen = sm_map__seen(m, id);

    if (seen)
        seen->known = f != NULL;
    if (f)
        return f;
    if (m->rep && !strstr(m->rep->warning, id)) {
        size_t n = strlen(m->rep->warning);
        snprintf(m->rep->warning + n, sizeof(m->rep->warning) - n, "%s%s",
                 n ? ", " : "factions the style does not define: ", id);
    }
    return NULL;
}

/* True if some corner or centre of g's envelope projects into the frame,
 * or the envelope spans it. */
static bool
in_frame(const map *m, OGRGeometryH g)
{
    OGREnvelope e;
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    double pts[5][2];

    OGR_G_GetEnvelope(g, &e);
    pts[0][0] = e.MinX; pts[0][1] = e.MinY;
    pts[1][0] = e.MaxX; pts[1][1] = e.MinY;
    pts[2][0] = e.MaxX; pts[2][1] = e.MaxY;
    pts[3][0] = e.MinX; pts[3][1] = e.MaxY;
    pts[4][0] = (e.MinX + e.MaxX) / 2; pts[4][1] = (e.MinY + e.MaxY) / 2;
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

static sm_rgba
with_alpha(sm_rgba c, double a)
{
    c.a *= a;
    return c;
}

sm_status
sm_map__zones(map *m, sm_store *db, sm_error *err)
{
    sm_store_cursor *cur = NULL;
    sm_zone z;
    sm_control c;
    sm_status st;

    if ((st = sm_store_zones_open(db, m->o->day, &cur, err)) != SM_OK)
        return st;
    while ((st = sm_store_zones_next(cur, &z, err)) == SM_OK) {
        const sm_faction_style *f;
        sm_rgba fill, line;
        bool weak = strcmp(z.status, "contested") == 0 || strcmp(z.status, "claimed") == 0;
        bool besieged = strcmp(z.status, "besieged") == 0;
        OGRGeometryH g = NULL;
        struct seen_faction *seen;

        if (OGR_G_CreateFromWkb(z.wkb, NULL, &g, (int)z.wkb_len) != OGRERR_NONE || g == NULL)
            continue;
        if (!in_frame(m, g)) {             /* neither drawn nor in the legend */
            OGR_G_DestroyGeometry(g);
            continue;
        }
        f = sm_map__faction(m, z.faction);
        seen = sm_map__seen(m, z.faction);
        if (seen)
            seen->area_km2 += z.area_km2;
        fill = f ? f->fill : m->s->unknown_faction;
        line = f ? f->outline : m->s->muted;
        sm_map__ogr(m, g, DL_ZONES, with_alpha(fill, m->s->zone_opacity * (weak ? 0.6 : 1.0)),
                    line, besieged ? 2.2f : 1.0f, weak ? 4.0f : 0);
        OGR_G_DestroyGeometry(g);
        if (m->rep)
            m->rep->zones++;
    }
    sm_store_cursor_close(cur);
    if (st != SM_ENOTFOUND)
        return st;
    if ((st = sm_store_control_open(db, m->o->day, &cur, err)) != SM_OK)
        return st;
    while ((st = sm_store_control_next(cur, &c, err)) == SM_OK) {
        const sm_faction_style *f;
        struct seen_faction *seen;
        double x, y;
        dl_item *it;

        if (!c.has_point || !sm_map__to_px(m, c.lon_deg, c.lat_deg, &x, &y) || x < 0 ||
            y < 0 || x > m->o->width_px || y > m->o->height_px)
            continue;
        f = sm_map__faction(m, c.faction);
        if ((seen = sm_map__seen(m, c.faction)))
            seen->places++;
        it = sm_dl_path(&m->dl, DL_CONTROL, f ? f->fill : m->s->unknown_faction,
                        f ? f->outline : m->s->muted, 0.8f);
        for (int k = 0; k <= 12; k++) {
            double a = k * M_PI / 6;
            sm_dl_point(&m->dl, it, k == 0 ? DL_MOVE : k == 12 ? DL_CLOSE : DL_LINE,
                        x + 3.2 * cos(a), y + 3.2 * sin(a));
        }
        sm_map__take(m, (box){ x - 3.5, y - 3.5, x + 3.5, y + 3.5, .soft = true });
        if (m->rep)
            m->rep->control_points++;
    }
    sm_store_cursor_close(cur);
    return st == SM_ENOTFOUND ? SM_OK : st;
}
