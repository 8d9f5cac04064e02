/* SPDX-License-Identifier: MIT */
/*
 * tangle.c - how often a polygon's boundary crosses itself, counted up to a
 * budget, before SpatiaLite's MakeValid is asked to repair it.
 *
 * MakeValid's time grows with the crossings it must resolve: a bow-tie or
 * a slip of the mouse (a few crossings) is repaired at once, but a ring of
 * 300 random vertices (thousands of crossings) took minutes, and one of
 * 2,000 more than two. Such a geometry is refused rather than left to hang
 * the import. The count goes through a uniform grid of about one cell a
 * segment: each segment is tested against those already filed in the cells
 * its box covers, a pair once (in the first cell both cover), and the count
 * stops at the budget, so a tangle is found after a few tests and a clean
 * boundary costs time near-linear in its vertices.
 */
#include "store/store_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/geolibs.h"

typedef struct seg {
    double ax, ay, bx, by;
    uint32_t ring, index, ring_len;
} seg;

typedef struct cellgrid {
    double x0, y0, cw, ch;
    uint32_t nx, ny;
    uint32_t **items;          /* per cell, the segments filed there */
    uint32_t *n, *cap;
} cellgrid;

static double
orient(double ax, double ay, double bx, double by, double cx, double cy)
{
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/* Whether two segments that are not neighbours on one ring meet. */
static bool
crosses(const seg *s, const seg *t)
{
    double d1, d2, d3, d4;

    if (s->ring == t->ring) {
        uint32_t d = s->index > t->index ? s->index - t->index : t->index - s->index;
        if (d <= 1 || d == s->ring_len - 1)
            return false; /* consecutive: they share a vertex */
    }
    if (fmax(s->ax, s->bx) < fmin(t->ax, t->bx) || fmax(t->ax, t->bx) < fmin(s->ax, s->bx) ||
        fmax(s->ay, s->by) < fmin(t->ay, t->by) || fmax(t->ay, t->by) < fmin(s->ay, s->by))
        return false;
    d1 = orient(s->ax, s->ay, s->bx, s->by, t->ax, t->ay);
    d2 = orient(s->ax, s->ay, s->bx, s->by, t->bx, t->by);
    d3 = orient(t->ax, t->ay, t->bx, t->by, s->ax, s->ay);
    d4 = orient(t->ax, t->ay, t->bx, t->by, s->bx, s->by);
    return ((d1 > 0) != (d2 > 0) || d1 == 0 || d2 == 0) &&
           ((d3 > 0) != (d4 > 0) || d3 == 0 || d4 == 0);
}

static void
cell_range(const cellgrid *g, const seg *s, uint32_t r[4])
{
    double x[2] = { fmin(s->ax, s->bx), fmax(s->ax, s->bx) };
    double y[2] = { fmin(s->ay, s->by), fmax(s->ay, s->by) };

    for (int i = 0; i < 2; i++) {
        double cx = (x[i] - g->x0) / g->cw, cy = (y[i] - g->y0) / g->ch;
        /* written so that a NaN (no number) falls in the first cell */
        r[i] = !(cx > 0) ? 0 : cx >= g->nx - 1 ? g->nx - 1 : (uint32_t)cx;
        r[2 + i] = !(cy > 0) ? 0 : cy >= g->ny - 1 ? g->ny - 1 : (uint32_t)cy;
    }
}

static bool
file_segment(cellgrid *g, uint32_t cell, uint32_t id)
{
    if (g->n[cell] == g->cap[cell]) {
        uint32_t cap = g->cap[cell] ? 2 * g->cap[cell] : 4;
        uint32_t *p = realloc(g->items[cell], cap * sizeof(*p));
        if (p == NULL)
            return false;
        g->items[cell] = p;
        g->cap[cell] = cap;
    }
    g->items[cell][g->n[cell]++] = id;
    return true;
}

/* The segments of every ring of geom's polygons into *out. */
static bool
collect(gaiaGeomCollPtr geom, seg **out, size_t *nout)
{
    size_t n = 0, cap = 0;
    seg *segs = NULL;
    uint32_t ring_id = 0;

    for (gaiaPolygonPtr p = geom->FirstPolygon; p; p = p->Next) {
        for (int r = -1; r < p->NumInteriors; r++, ring_id++) {
            gaiaRingPtr ring = r < 0 ? p->Exterior : &p->Interiors[r];
            int dims = ring->DimensionModel == GAIA_XY_Z || ring->DimensionModel == GAIA_XY_M
                           ? 3 : ring->DimensionModel == GAIA_XY_Z_M ? 4 : 2;
            for (int i = 0; i + 1 < ring->Points; i++) {
                if (n == cap) {
                    size_t c = cap ? 2 * cap : 256;
                    seg *q = realloc(segs, c * sizeof(*q));
                    if (q == NULL) {
                        free(segs);
                        return false;
                    }
                    segs = q;
                    cap = c;
                }
                segs[n++] = (seg){ ring->Coords[i * dims], ring->Coords[i * dims + 1],
                                   ring->Coords[(i + 1) * dims],
                                   ring->Coords[(i + 1) * dims + 1], ring_id, (uint32_t)i,
                                   (uint32_t)(ring->Points - 1) };
            }
        }
    }
    *out = segs;
    *nout = n;
    return true;
}

sm_status
sm_store__crossings(const unsigned char *wkb, size_t len, long budget, long *count,
                    sm_error *err)
{
    gaiaGeomCollPtr geom = gaiaFromWkb(wkb, (int)len);
    cellgrid g = { 0 };
    seg *segs = NULL;
    size_t n = 0, cells;
    sm_status st = SM_OK;

    *count = 0;
    /* what SpatiaLite reads as nothing at all (junk reads so) is no WKB
     * either: GeomFromWKB gives NULL for it, PostGIS an error */
    if (geom == NULL || (geom->FirstPoint == NULL && geom->FirstLinestring == NULL &&
                         geom->FirstPolygon == NULL)) {
        gaiaFreeGeomColl(geom);
        return sm_fail(err, SM_EINPUT, "unreadable geometry");
    }
    if (!collect(geom, &segs, &n)) {
        gaiaFreeGeomColl(geom);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    gaiaFreeGeomColl(geom);
    if (n < 4) {
        free(segs);
        return SM_OK;
    }
    g.x0 = g.y0 = INFINITY;
    {
        double x1 = -INFINITY, y1 = -INFINITY, side;
        for (size_t i = 0; i < n; i++) {
            g.x0 = fmin(g.x0, fmin(segs[i].ax, segs[i].bx));
            g.y0 = fmin(g.y0, fmin(segs[i].ay, segs[i].by));
            x1 = fmax(x1, fmax(segs[i].ax, segs[i].bx));
            y1 = fmax(y1, fmax(segs[i].ay, segs[i].by));
        }
        side = ceil(sqrt((double)n));
        if (side > 2048)
            side = 2048;
        g.nx = g.ny = (uint32_t)side;
        g.cw = (x1 - g.x0) / side;
        g.ch = (y1 - g.y0) / side;
        if (!(g.cw > 0))
            g.cw = 1;
        if (!(g.ch > 0))
            g.ch = 1;
    }
    cells = (size_t)g.nx * g.ny;
    g.items = calloc(cells, sizeof(*g.items));
    g.n = calloc(cells, sizeof(*g.n));
    g.cap = calloc(cells, sizeof(*g.cap));
    if (g.items == NULL || g.n == NULL || g.cap == NULL)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && st == SM_OK && *count < budget; i++) {
        uint32_t r[4];
        cell_range(&g, &segs[i], r);
        for (uint32_t cy = r[2]; cy <= r[3] && st == SM_OK; cy++) {
            for (uint32_t cx = r[0]; cx <= r[1] && st == SM_OK; cx++) {
                size_t c = (size_t)cy * g.nx + cx;
                for (uint32_t k = 0; k < g.n[c] && *count < budget; k++) {
                    uint32_t o[4];
                    const seg *t = &segs[g.items[c][k]];
                    cell_range(&g, t, o);
                    /* a pair is tested in the first cell both boxes cover */
                    if (cx != (r[0] > o[0] ? r[0] : o[0]) || cy != (r[2] > o[2] ? r[2] : o[2]))
                        continue;
                    *count += crosses(&segs[i], t);
                }
                if (!file_segment(&g, (uint32_t)c, (uint32_t)i))
                    st = sm_fail(err, SM_ENOMEM, "out of memory");
            }
        }
    }
    for (size_t c = 0; g.items && c < cells; c++)
        free(g.items[c]);
    free(g.items);
    free(g.n);
    free(g.cap);
    free(segs);
    return st;
}
