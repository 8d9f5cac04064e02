/* SPDX-License-Identifier: MIT */
/*
 * project.c - the map's projection: a Lambert conformal conic fitted to the
 * region (standard parallels at 1/6 and 5/6 of its height, central meridian
 * through its middle), computed with PROJ; then a frame of the output's
 * aspect ratio around the region's projected extent, below the band the
 * title block takes, so the title never hides the region. Conformal: shapes and
 * angles stay true, which newsroom readers expect of a country map.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The projection is sampled on a grid of longitudes and latitudes over the
 * frame and a margin round it: exact (PROJ) at the grid's nodes, bilinear
 * between them, as GDAL's approximate transformer does. A point then costs
 * some 40 instructions instead of PROJ's 750 (a map projects tens of
 * thousands), and lies within APPROX_MAX_PX of where PROJ puts it (GDAL's
 * default is 0.125 px): the grid is made finer until that holds at the
 * middles of sample cells and of their edges, where a bilinear patch
 * strays most from a smooth projection. A conic's distortion changes
 * slowly across a frame, so 8 x 8 cells spread over it stand for all.
 * Points off the grid go to PROJ. */
#define APPROX_MAX_PX 0.05
#define APPROX_MAX_CELLS 256
#define APPROX_SAMPLES 8

static bool
exact(const map *m, double lon, double lat, double *x, double *y)
{
    PJ_COORD c = proj_trans(m->to_map, PJ_FWD, proj_coord(lon, lat, 0, 0));

    *x = c.xy.x;
    *y = c.xy.y;
    return isfinite(c.xy.x) && isfinite(c.xy.y);
}

/* Projected metres from the grid, if (lon, lat) lies on it. */
static bool
approx(const struct approx *g, double lon, double lat, double *x, double *y)
{
    double u = (lon - g->lon0) / g->dlon, v = (lat - g->lat0) / g->dlat, fu, fv;
    const double *a, *b;
    int i, j;

    if (!(u >= 0 && v >= 0 && u < g->nx && v < g->ny))   /* NaN too */
        return false;
    i = (int)u, j = (int)v;
    fu = u - i, fv = v - j;
    a = &g->xy[2 * ((size_t)j * (size_t)(g->nx + 1) + (size_t)i)];
    b = a + 2 * (g->nx + 1);                                 /* the row above */
    *x = (1 - fv) * ((1 - fu) * a[0] + fu * a[2]) + fv * ((1 - fu) * b[0] + fu * b[2]);
    *y = (1 - fv) * ((1 - fu) * a[1] + fu * a[3]) + fv * ((1 - fu) * b[1] + fu * b[3]);
    return true;
}

/* Whether the grid keeps within the tolerance at the middles of sample
 * cells and of their lower and left edges. */
static bool
approx_holds(const map *m, const struct approx *g)
{
    double tol = APPROX_MAX_PX / m->scale;          /* metres */

    for (int sj = 0; sj < APPROX_SAMPLES; sj++)
        for (int si = 0; si < APPROX_SAMPLES; si++) {
            static const double at[3][2] = { { 0.5, 0.5 }, { 0.5, 0 }, { 0, 0.5 } };
            int i = si * (g->nx - 1) / (APPROX_SAMPLES - 1);
            int j = sj * (g->ny - 1) / (APPROX_SAMPLES - 1);
            for (int k = 0; k < 3; k++) {
                double lon = g->lon0 + (i + at[k][0]) * g->dlon;
                double lat = g->lat0 + (j + at[k][1]) * g->dlat, ex, ey, ax, ay;
                if (!exact(m, lon, lat, &ex, &ey) || !approx(g, lon, lat, &ax, &ay) ||
                    !(hypot(ax - ex, ay - ey) <= tol))
                    return false;
            }
        }
    return true;
}

/* The grid over [west, east] x [south, north], with cells at most as many
 * as needed; none (every point through PROJ) when even the finest misses
 * the tolerance. */
static void
approx_make(map *m, double west, double south, double east, double north)
{
    struct approx *g = &m->approx;

    for (int n = 16; n <= APPROX_MAX_CELLS; n *= 2) {
        bool ok;
        free(g->xy);
        *g = (struct approx){ .lon0 = west, .lat0 = south, .dlon = (east - west) / n,
                              .dlat = (north - south) / n, .nx = n, .ny = n };
        if ((g->xy = malloc((size_t)(n + 1) * (size_t)(n + 1) * 2 * sizeof(double))) == NULL)
            break;
        ok = true;
        for (int j = 0; j <= n && ok; j++)
            for (int i = 0; i <= n && ok; i++) {
                double *p = &g->xy[2 * ((size_t)j * (size_t)(n + 1) + (size_t)i)];
                ok = exact(m, west + i * g->dlon, south + j * g->dlat, &p[0], &p[1]);
            }
        if (ok && approx_holds(m, g))
            return;
    }
    free(g->xy);
    *g = (struct approx){ 0 };
}

bool
sm_map__to_px(const map *m, double lon, double lat, double *x, double *y)
{
    double px, py;

    if (!approx(&m->approx, lon, lat, &px, &py) && !exact(m, lon, lat, &px, &py))
        return false;
    *x = (px - m->x0) * m->scale;
    *y = (m->y0 - py) * m->scale;
    return true;
}

bool
sm_map__to_lonlat(const map *m, double x, double y, double *lon, double *lat)
{
    PJ_COORD c = proj_trans(m->to_map, PJ_INV,
                            proj_coord(m->x0 + x / m->scale, m->y0 - y / m->scale, 0, 0));

    if (!isfinite(c.lp.lam) || !isfinite(c.lp.phi))
        return false;
    *lon = c.lp.lam;
    *lat = c.lp.phi;
    return true;
}

void
sm_map__frame_degrees(const map *m, double *west, double *south, double *east,
                      double *north)
{
    *west = 180;
    *south = 90;
    *east = -180;
    *north = -90;
    for (int i = 0; i <= 16; i++) {
        /* the map frame (a tall page's bands show nothing of the map) */
        double x0 = m->frame_x0, y0 = m->frame_y0, x1 = m->frame_x1, y1 = m->frame_y1;
        double t = i / 16.0, pts[4][2] = {
            { x0 + t * (x1 - x0), y0 }, { x0 + t * (x1 - x0), y1 },
            { x0, y0 + t * (y1 - y0) }, { x1, y0 + t * (y1 - y0) } };
        for (int k = 0; k < 4; k++) {
            double lon, lat;
            if (!sm_map__to_lonlat(m, pts[k][0], pts[k][1], &lon, &lat))
                continue;
            *west = fmin(*west, lon);
            *east = fmax(*east, lon);
            *south = fmin(*south, lat);
            *north = fmax(*north, lat);
        }
    }
}

static void
quiet(void *data, int level, const char *message)
{
    (void)data;
    (void)level;
    (void)message;
}

bool
sm_map__tall(int width_px, int height_px)
{
    return height_px >= 1.2 * width_px;
}

/* A tall page's map frame, the page's width between a band for the title
 * block (as many lines as the options give) and one for the legend and the
 * credits, a quarter of the page at least: the region is fitted in it, and
 * nothing of the map is drawn in the bands. A story's (9:16 or taller)
 * app draws its own bars over its top and bottom: nothing is set in the
 * top and bottom tenth (m->safe_px); the bands' ground goes there. */
static void
tall_frame(map *m)
{
    const sm_render_opts *o = m->o;
    const sm_style *s = m->s;
    double lines = 0, h = o->height_px;

    m->safe_px = o->height_px >= 1.6 * o->width_px ? 0.1 * h : 0;
    if (o->title)
        lines += s->title_px * 1.3 + 4;
    if (!o->no_date_line)
        lines += s->subtitle_px * 1.3 + 2;
    if (o->subtitle)
        lines += s->subtitle_px * 0.85 * 1.3 + 2;
    m->frame_y0 = m->safe_px + (lines > 0 ? s->margin_px + lines + s->margin_px / 2 : 0);
    /* a small page's legend may cover the map's foot rather than leave it
     * less than half the page */
    m->frame_y1 = h - m->safe_px -
                  fmin(0.3 * h, fmax(0.25 * h, s->credit_px * 3.2 + 8 * s->legend_px * 1.55));
    if (m->frame_y1 - m->frame_y0 < 0.4 * h)   /* a very long title block: the map first */
        m->frame_y0 = fmax(0, m->frame_y1 - 0.4 * h);
}

sm_status
sm_map__project_open(map *m, sm_error *err)
{
    const sm_render_opts *o = m->o;
    double h = o->north - o->south;
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
    double w_m, h_m, avail_w, avail_h, cx, cy, top;
    char def[320];

    /* The operation from WGS 84 longitude, latitude in degrees to the conic
     * on the same datum, written as the pipeline PROJ itself builds for
     * EPSG:4326 to this CRS (normalised to lon, lat order): giving it
     * directly spares the look-ups in proj.db, 15 ms, for the same numbers. */
    snprintf(def, sizeof(def),
             "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad"
             " +step +proj=lcc +lat_1=%.6f +lat_2=%.6f +lat_0=%.6f +lon_0=%.6f"
             " +ellps=WGS84 +units=m",
             o->south + h / 6, o->north - h / 6, (o->south + o->north) / 2,
             (o->west + o->east) / 2);
    m->ctx = proj_context_create();
    m->to_map = NULL;
    if (m->ctx) {
        /* PROJ opens proj.db to re-export even a pipeline it is given (26 M
         * instructions, 10 ms), though these steps need nothing from it:
         * it is given a search path with no database (the same pipeline,
         * the same numbers), then its own paths again, for the rare case
         * where that fails. It never prints: errors are told by errno. */
        static const char *const none[] = { "/nonexistent/sitmap-no-proj-db" };
        proj_log_func(m->ctx, NULL, quiet);
        proj_context_set_search_paths(m->ctx, 1, none);
        m->to_map = proj_create(m->ctx, def);
        proj_context_set_search_paths(m->ctx, 0, NULL);
        if (m->to_map == NULL)
            m->to_map = proj_create(m->ctx, def);
    }
    if (m->to_map == NULL)
        return sm_fail(err, SM_EPROJ, "cannot set up the projection: %s",
                       proj_context_errno_string(m->ctx, proj_context_errno(m->ctx)));
    /* the region's projected extent, from its edges (a conic bends them) */
    for (int i = 0; i <= 32; i++) {
        double t = i / 32.0;
        double pts[4][2] = {
            { o->west + t * (o->east - o->west), o->south },
            { o->west + t * (o->east - o->west), o->north },
            { o->west, o->south + t * h },
            { o->east, o->south + t * h },
        };
        for (int k = 0; k < 4; k++) {
            PJ_COORD c = proj_trans(m->to_map, PJ_FWD, proj_coord(pts[k][0], pts[k][1], 0, 0));
            minx = fmin(minx, c.xy.x);
            maxx = fmax(maxx, c.xy.x);
            miny = fmin(miny, c.xy.y);
            maxy = fmax(maxy, c.xy.y);
        }
    }
    if (!isfinite(minx) || maxx <= minx || maxy <= miny)
        return sm_fail(err, SM_EPROJ, "the region cannot be projected");
    w_m = maxx - minx;
    h_m = maxy - miny;
    /* the band of a title block (a title and the date) is kept clear: the
     * region is fitted below it, the same whatever the block holds, so that a
     * title, a subtitle or a note on the data never moves the map (on a tall
     * page, the band holds the lines the options give: the maps of a series
     * share them) */
    top = m->s->margin_px + 2 * 14 + m->s->title_px * 1.4 + 4 + m->s->subtitle_px * 1.4;
    avail_w = o->width_px;
    avail_h = o->height_px - top;
    m->frame_x0 = 0;
    m->frame_y0 = 0;
    m->frame_x1 = o->width_px;
    m->frame_y1 = o->height_px;
    m->safe_px = 0;
    if (sm_map__tall(o->width_px, o->height_px)) {
        tall_frame(m);
        top = m->frame_y0;
        avail_h = m->frame_y1 - m->frame_y0;
    }
    /* fit the region, then widen the frame to the output's shape */
    m->scale = fmin(avail_w / w_m, avail_h / h_m);
    m->kx = cos((o->south + o->north) / 2 * M_PI / 180);
    m->deg_tolerance = 0.4 / (m->scale * 111320.0);
    cx = (minx + maxx) / 2;
    cy = (miny + maxy) / 2;
    m->x0 = cx - avail_w / 2 / m->scale;
    m->y0 = cy + (avail_h / 2 + top) / m->scale;
    {
        /* the grid: the frame's extent in degrees and a tenth round it */
        double w, s, e, n, mx, my;
        m->approx = (struct approx){ 0 };
        sm_map__frame_degrees(m, &w, &s, &e, &n);
        mx = (e - w) / 10, my = (n - s) / 10;
        if (e > w && n > s)
            approx_make(m, fmax(-180, w - mx), fmax(-89, s - my), fmin(180, e + mx),
                        fmin(89, n + my));
    }
    return SM_OK;
}

void
sm_map__project_close(map *m)
{
    free(m->approx.xy);
    m->approx = (struct approx){ 0 };
    if (m->to_map)
        proj_destroy(m->to_map);
    if (m->ctx)
        proj_context_destroy(m->ctx);
    m->to_map = NULL;
    m->ctx = NULL;
}
