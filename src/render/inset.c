/* SPDX-License-Identifier: MIT */
/*
 * inset.c - the locator: when the map shows a part of the country (its frame
 * covers less than a quarter of the country's extent), a small panel shows
 * the whole country in grey with the map's frame drawn on it. It takes
 * the quietest corner left after the legend. The country is drawn through
 * the map's own projection, rescaled into the panel, so the frame's shape
 * on the inset is the map's.
 */
#include "render/render_int.h"

#include <math.h>

#define INSET_SHARE 0.25   /* frame / country extent below which the inset shows */

typedef struct extent {
    double x0, y0, x1, y1;  /* projected metres */
} extent;

typedef struct envelope {
    double MinX, MinY, MaxX, MaxY;
} envelope;

/* The projected extent of a geographic envelope, along its edges. */
static bool
projected_extent(const map *m, const envelope *e, extent *out)
{
    extent x = { INFINITY, INFINITY, -INFINITY, -INFINITY };

    for (int i = 0; i <= 16; i++) {
        double t = i / 16.0, pts[4][2] = {
            { e->MinX + t * (e->MaxX - e->MinX), e->MinY },
            { e->MinX + t * (e->MaxX - e->MinX), e->MaxY },
            { e->MinX, e->MinY + t * (e->MaxY - e->MinY) },
            { e->MaxX, e->MinY + t * (e->MaxY - e->MinY) } };
        for (int k = 0; k < 4; k++) {
            PJ_COORD c = proj_trans(m->to_map, PJ_FWD, proj_coord(pts[k][0], pts[k][1], 0, 0));
            if (!isfinite(c.xy.x) || !isfinite(c.xy.y))
                continue;
            x.x0 = fmin(x.x0, c.xy.x);
            x.x1 = fmax(x.x1, c.xy.x);
            x.y0 = fmin(x.y0, c.xy.y);
            x.y1 = fmax(x.y1, c.xy.y);
        }
    }
    *out = x;
    return isfinite(x.x0) && x.x1 > x.x0 && x.y1 > x.y0;
}

/* Draw the country, its corner at (px, py) and scale pixels a metre, and
 * the frame, kept inside the panel, with the map's transform swapped for
 * the panel's while the country is drawn. */
static void
draw(map *m, const sm_mpoly *country, extent c, extent frame, double px, double py, double scale,
     box panel)
{
    const sm_style *s = m->s;
    const sm_rgba none = { 0, 0, 0, 0 };
    double keep_x0 = m->x0, keep_y0 = m->y0, keep_scale = m->scale;
    double keep_tolerance = m->deg_tolerance;
    double fx0, fy0, fx1, fy1;
    sm_rgba fill = s->muted;

    fill.a *= 0.35f;                      /* the country a clear grey on the pale ground */
    m->deg_tolerance *= keep_scale / scale;
    m->scale = scale;
    m->x0 = c.x0 - px / scale;
    m->y0 = c.y1 + py / scale;
    sm_map__mpoly(m, country, 0, country->nrings, DL_INSET, fill, s->muted, 0.8f);
    fx0 = (frame.x0 - m->x0) * scale;
    fx1 = (frame.x1 - m->x0) * scale;
    fy0 = (m->y0 - frame.y1) * scale;
    fy1 = (m->y0 - frame.y0) * scale;
    m->x0 = keep_x0;
    m->y0 = keep_y0;
    m->scale = keep_scale;
    m->deg_tolerance = keep_tolerance;
    /* a frame too small to see is drawn at 8 px round its centre */
    if (fx1 - fx0 < 8) {
        double cx = (fx0 + fx1) / 2;
        fx0 = cx - 4;
        fx1 = cx + 4;
    }
    if (fy1 - fy0 < 8) {
        double cy = (fy0 + fy1) / 2;
        fy0 = cy - 4;
        fy1 = cy + 4;
    }
    fx0 = fmax(fx0, panel.x0 + 1);
    fy0 = fmax(fy0, panel.y0 + 1);
    fx1 = fmin(fx1, panel.x1 - 1);
    fy1 = fmin(fy1, panel.y1 - 1);
    sm_map__rect(m, DL_INSET, sm_box(fx0, fy0, fx1, fy1), none, s->text, 1.6f);
}

/* The country found: show the inset if the frame is a small part of it. */
static void
locate(map *m, const sm_mpoly *g)
{
    const sm_style *s = m->s;
    envelope env;
    extent c, frame;
    double pad = 8, w, h, scale, x = 0, y = 0;

    env = (envelope){ g->west, g->south, g->east, g->north };
    frame.x0 = m->x0;
    frame.x1 = m->x0 + m->o->width_px / m->scale;
    frame.y1 = m->y0;
    frame.y0 = m->y0 - m->o->height_px / m->scale;
    if (!projected_extent(m, &env, &c) ||
        (frame.x1 - frame.x0) * (frame.y1 - frame.y0) >=
            INSET_SHARE * (c.x1 - c.x0) * (c.y1 - c.y0))
        return;
    w = fmin(fmax(m->o->width_px * 0.12, 96), 180);
    scale = (w - 2 * pad) / (c.x1 - c.x0);
    h = (c.y1 - c.y0) * scale + 2 * pad;
    sm_map__quiet_corner(m, w, h, &x, &y);
    sm_map__rect(m, DL_INSET, sm_box(x, y, x + w, y + h), s->neighbours, s->admin1, 0.8f);
    draw(m, g, c, frame, x + pad, y + pad, scale, sm_box(x, y, x + w, y + h));
    sm_map__take_panel(m, sm_box(x - 4, y - 4, x + w + 4, y + h + 4));
    if (m->rep)
        m->rep->inset = true;
}

sm_status
sm_map__inset(map *m, sm_error *err)
{
    const sm_mpoly *country = sm_map__country(m);

    (void)err;
    if (m->o->basemap && !m->o->no_inset && country)
        locate(m, country);
    return SM_OK;
}
