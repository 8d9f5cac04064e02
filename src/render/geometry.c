/* SPDX-License-Identifier: MIT */
/*
 * geometry.c - geometries into the display list: each ring or line
 * simplified by Douglas-Peucker in degrees to a little under a pixel, so
 * that only points that can show are projected, then projected and
 * simplified again with a tolerance of half a pixel (D. Douglas and T. Peucker, The Canadian Cartographer 10(2), 1973):
 * what cannot be seen is not drawn, which keeps maps of 200,000-vertex
 * scenes fast and their SVG small enough to edit. Polygons are one path of
 * several rings, filled even-odd, so holes stay holes.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOLERANCE_PX 0.5

/* Mark the points of p[0..n) that Douglas-Peucker keeps (iteratively, with
 * an explicit stack of spans). */
static void
simplify(const double *p, int n, double tolerance, unsigned char *keep, int *stack)
{
    int top = 0;

    memset(keep, 0, (size_t)n);
    keep[0] = keep[n - 1] = 1;
    stack[top++] = 0;
    stack[top++] = n - 1;
    while (top > 0) {
        int j = stack[--top], i = stack[--top], far = -1;
        double ax = p[2 * i], ay = p[2 * i + 1], dx = p[2 * j] - ax, dy = p[2 * j + 1] - ay;
        double len2 = dx * dx + dy * dy, best = tolerance * tolerance;

        if (len2 > 0) {
            /* the distance to the chord is |cross| / len: compared squared
             * and times len2, without a division a point */
            best *= len2;
            for (int k = i + 1; k < j; k++) {
                double cross = (p[2 * k] - ax) * dy - (p[2 * k + 1] - ay) * dx;
                if (cross * cross > best) {
                    best = cross * cross;
                    far = k;
                }
            }
        } else {
            for (int k = i + 1; k < j; k++) {
                double px = p[2 * k] - ax, py = p[2 * k + 1] - ay;
                if (px * px + py * py > best) {
                    best = px * px + py * py;
                    far = k;
                }
            }
        }
        if (far >= 0) {
            keep[far] = 1;
            stack[top++] = i;
            stack[top++] = far;
            stack[top++] = far;
            stack[top++] = j;
        }
    }
}

int
sm_map__project_line(map *m, const double *lonlat, int n, double **out)
{
    double *p = malloc((size_t)(n > 0 ? n : 1) * 2 * sizeof(double));
    unsigned char *keep = malloc((size_t)(n > 0 ? n : 1));
    /* the first n ints: where each point kept in degrees came from; then
     * Douglas-Peucker's spans */
    int *stack = malloc((size_t)(n > 0 ? n : 1) * 5 * sizeof(int));
    int nr = 0, np = 0, kept = 0;   /* after each pass: in degrees, projected, in pixels */

    *out = NULL;
    if (p == NULL || keep == NULL || stack == NULL) {
        m->dl.failed = true;
        goto done;
    }
    /* first in degrees (longitudes shrunk to the map's middle latitude),
     * a little finer than the pixel, so that PROJ projects only the points
     * that can show: points within the tolerance of the last one kept are
     * dropped in one pass (a dense line has many), Douglas-Peucker runs on
     * the rest; then in pixels */
    for (int i = 0; i < n; i++) {
        double x = lonlat[2 * i] * m->kx, y = lonlat[2 * i + 1];
        double dx = nr ? x - p[2 * (nr - 1)] : 0, dy = nr ? y - p[2 * (nr - 1) + 1] : 0;
        if (i == 0 || i == n - 1 || dx * dx + dy * dy > m->deg_tolerance * m->deg_tolerance) {
            p[2 * nr] = x;
            p[2 * nr + 1] = y;
            stack[nr++] = i;             /* where it came from */
        }
    }
    if (nr >= 2)
        simplify(p, nr, m->deg_tolerance, keep, stack + nr);
    for (int i = 0; i < nr; i++) {
        int at = stack[i];
        if ((nr < 2 || keep[i]) &&
            sm_map__to_px(m, lonlat[2 * at], lonlat[2 * at + 1], &p[2 * np], &p[2 * np + 1]))
            np++;
    }
    if (np < 2)
        goto done;
    simplify(p, np, TOLERANCE_PX, keep, stack);
    for (int i = 0; i < np; i++)
        if (keep[i]) {
            p[2 * kept] = p[2 * i];
            p[2 * kept + 1] = p[2 * i + 1];
            kept++;
        }
    *out = p;
    p = NULL;
done:
    free(p);
    free(keep);
    free(stack);
    return kept;
}

static void
add_points(map *m, dl_item *it, const double *lonlat, int n, bool close)
{
    double *p;
    int kept = sm_map__project_line(m, lonlat, n, &p);

    for (int i = 0; i < kept; i++)
        sm_dl_point(&m->dl, it, i == 0 ? DL_MOVE : DL_LINE, p[2 * i], p[2 * i + 1]);
    if (close && kept > 0)
        sm_dl_point(&m->dl, it, DL_CLOSE, p[2 * kept - 2], p[2 * kept - 1]);
    free(p);
}

void
sm_map__rings(map *m, dl_item *it, const double *pts, const sm_ring *rings, size_t nrings)
{
    for (size_t r = 0; r < nrings && it; r++)
        add_points(m, it, pts + 2 * (size_t)rings[r].first, (int)rings[r].n, true);
}

/* How far beyond the far box a point lies, in degrees of latitude (and of
 * longitude shrunk to them, as the first pass measures): the largest
 * excess over one of its sides, no more than its distance to the box. */
static double
beyond(const map *m, double lon, double lat)
{
    double ex = fmax(fmax(m->far_west - lon, lon - m->far_east), 0) * m->kx;
    double ey = fmax(fmax(m->far_south - lat, lat - m->far_north), 0);

    return fmax(ex, ey);
}

/* Thin, in place, the points of a line or ring that lie far beyond the
 * frame (a country read whole, of which the frame shows a corner); returns
 * how many are left. A point is dropped when it and the next one lie
 * within a quarter of the last kept point's distance d beyond the box
 * (itself 16 px or more) of that point: what is dropped, and the chord
 * drawn instead, stay within d / 4 of it, so at least 3 d / 4 beyond the
 * frame (the box holds every point the frame shows), where neither a fill
 * nor a stroke can reach into the frame. The first and last points stay.
 * (The simplification to the pixel that follows sees fewer points and may
 * keep others in the frame, within its half pixel.) Dashed lines are not
 * thinned: their dashes are counted from their start. */
static int
thin_far(const map *m, double *xy, int n)
{
    double far = 40 * m->deg_tolerance;     /* 16 px */
    double lx, ly, reach2;
    int out = 1;

    if (n < 3)
        return n;
    lx = xy[0];
    ly = xy[1];
    reach2 = pow(beyond(m, lx, ly) / 4, 2);
    if (reach2 < far * far / 16)
        reach2 = 0;
    for (int i = 1; i < n - 1; i++) {      /* out <= i: xy[i], xy[i + 1] not yet overwritten */
        double dx = (xy[2 * i] - lx) * m->kx, dy = xy[2 * i + 1] - ly;
        double nx = (xy[2 * i + 2] - lx) * m->kx, ny = xy[2 * i + 3] - ly;
        if (dx * dx + dy * dy <= reach2 && nx * nx + ny * ny <= reach2)
            continue;
        lx = xy[2 * out] = xy[2 * i];
        ly = xy[2 * out + 1] = xy[2 * i + 1];
        out++;
        reach2 = pow(beyond(m, lx, ly) / 4, 2);
        if (reach2 < far * far / 16)
            reach2 = 0;
    }
    xy[2 * out] = xy[2 * n - 2];
    xy[2 * out + 1] = xy[2 * n - 1];
    return out + 1;
}

/* gaia's coordinates (any dimension model) as lon, lat pairs into a path. */
static void
add_gaia(map *m, dl_item *it, const double *coords, int n, int dims, bool close)
{
    int stride = dims == GAIA_XY_Z || dims == GAIA_XY_M ? 3 : dims == GAIA_XY_Z_M ? 4 : 2;
    double *xy = malloc((size_t)(n > 0 ? n : 1) * 2 * sizeof(double));

    if (xy == NULL) {
        m->dl.failed = true;
        return;
    }
    for (int i = 0; i < n; i++) {
        xy[2 * i] = coords[stride * i];
        xy[2 * i + 1] = coords[stride * i + 1];
    }
    if (m->far_box && it->dash_px == 0)
        n = thin_far(m, xy, n);
    add_points(m, it, xy, n, close);
    free(xy);
}

void
sm_map__gaia(map *m, gaiaGeomCollPtr g, dl_layer layer, sm_rgba fill, sm_rgba stroke,
             float stroke_px, float dash_px)
{
    dl_item *it = sm_dl_path(&m->dl, layer, fill, stroke, stroke_px);

    if (it == NULL)
        return;
    it->dash_px = dash_px;
    sm_map__gaia_add(m, it, g);
}

void
sm_map__gaia_add(map *m, dl_item *it, gaiaGeomCollPtr g)
{
    for (gaiaPolygonPtr p = g->FirstPolygon; p; p = p->Next) {
        add_gaia(m, it, p->Exterior->Coords, p->Exterior->Points, p->Exterior->DimensionModel,
                 true);
        for (int i = 0; i < p->NumInteriors; i++)
            add_gaia(m, it, p->Interiors[i].Coords, p->Interiors[i].Points,
                     p->Interiors[i].DimensionModel, true);
    }
    for (gaiaLinestringPtr l = g->FirstLinestring; l; l = l->Next)
        add_gaia(m, it, l->Coords, l->Points, l->DimensionModel, false);
}

dl_item *
sm_map__mpoly(map *m, const sm_mpoly *g, size_t first, size_t n, dl_layer layer, sm_rgba fill,
              sm_rgba stroke, float stroke_px)
{
    dl_item *it = sm_dl_path(&m->dl, layer, fill, stroke, stroke_px);

    if (it)
        sm_map__rings(m, it, g->pts, &g->rings[first], n);
    return it;
}
