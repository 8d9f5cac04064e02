/* SPDX-License-Identifier: MIT */
/*
 * geometry.c - geometries into the display list: each ring or line
 * projected, and thinned to the pixel (a vertex closer than 0.4 px to the
 * last kept one is dropped), which keeps maps of 200,000-vertex scenes
 * small and fast. Polygons are one path of several rings, filled even-odd,
 * so holes stay holes.
 */
#include "render/render_int.h"

#include <math.h>
#include <ogr_api.h>

static void
add_ring(map *m, dl_item *it, OGRGeometryH ring, bool close)
{
    int n = OGR_G_GetPointCount(ring);
    double lx = NAN, ly = NAN;
    int kept = 0;

    for (int i = 0; i < n; i++) {
        double x, y;
        if (!sm_map__to_px(m, OGR_G_GetX(ring, i), OGR_G_GetY(ring, i), &x, &y))
            continue;
        if (kept > 0 && i < n - 1 && fabs(x - lx) < 0.4 && fabs(y - ly) < 0.4)
            continue;
        sm_dl_point(&m->dl, it, kept == 0 ? DL_MOVE : DL_LINE, x, y);
        lx = x;
        ly = y;
        kept++;
    }
    if (close && kept > 0)
        sm_dl_point(&m->dl, it, DL_CLOSE, lx, ly);
}

static void
add_geometry(map *m, OGRGeometryH g, dl_item **it, dl_layer layer, sm_rgba fill, sm_rgba stroke,
             float stroke_px)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));

    switch (t) {
    case wkbPolygon:
        if (*it == NULL)
            *it = sm_dl_path(&m->dl, layer, fill, stroke, stroke_px);
        for (int r = 0; r < OGR_G_GetGeometryCount(g); r++)
            add_ring(m, *it, OGR_G_GetGeometryRef(g, r), true);
        break;
    case wkbLineString:
        if (*it == NULL)
            *it = sm_dl_path(&m->dl, layer, fill, stroke, stroke_px);
        add_ring(m, *it, g, false);
        break;
    case wkbMultiPolygon:
    case wkbMultiLineString:
    case wkbGeometryCollection:
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            add_geometry(m, OGR_G_GetGeometryRef(g, i), it, layer, fill, stroke, stroke_px);
        break;
    default:
        break;
    }
}

void
sm_map__ogr(map *m, OGRGeometryH g, dl_layer layer, sm_rgba fill, sm_rgba stroke,
            float stroke_px, float dash_px)
{
    dl_item *it = NULL;

    add_geometry(m, g, &it, layer, fill, stroke, stroke_px);
    if (it)
        it->dash_px = dash_px;
}

void
sm_map__wkb(map *m, const unsigned char *wkb, size_t len, dl_layer layer, sm_rgba fill,
            sm_rgba stroke, float stroke_px, float dash_px)
{
    OGRGeometryH g = NULL;

    if (OGR_G_CreateFromWkb(wkb, NULL, &g, (int)len) != OGRERR_NONE || g == NULL)
        return;
    sm_map__ogr(m, g, layer, fill, stroke, stroke_px, dash_px);
    OGR_G_DestroyGeometry(g);
}
