/* SPDX-License-Identifier: MIT */
/* cairo_out.c - the display list drawn with Cairo (PNG and PDF); on an
 * image surface, small paths go through the sprite cache (sprites.c), and
 * items that cannot touch the surface's clip (a band of a PNG) are skipped. */
#include "render/render_int.h"

#include <math.h>
#include <stdlib.h>

static void
source(cairo_t *cr, sm_rgba c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static void
append(const map *m, cairo_t *cr, const dl_item *it, double dx, double dy)
{
    const dl_point *p = m->dl.pts + it->first;

    cairo_new_path(cr);
    for (uint32_t i = 0; i < it->npts; i++) {
        if (p[i].op == DL_MOVE)
            cairo_move_to(cr, p[i].x + dx, p[i].y + dy);
        else if (p[i].op == DL_LINE)
            cairo_line_to(cr, p[i].x + dx, p[i].y + dy);
        else
            cairo_close_path(cr);
    }
}

/* Stripes at 45 degrees inside the current path, on a grid fixed to the
 * page so that neighbouring hatched zones line up. They span the path's
 * extents (within the clip): not the whole image for a small zone, and the
 * same stripes whichever band of the image is drawn. */
static void
hatch(cairo_t *cr, const dl_item *it)
{
    double x0, y0, x1, y1, cx0, cy0, cx1, cy1, step = it->hatch_px * M_SQRT2;

    cairo_save(cr);
    cairo_path_extents(cr, &x0, &y0, &x1, &y1);
    cairo_clip_preserve(cr);
    cairo_clip_extents(cr, &cx0, &cy0, &cx1, &cy1);
    x0 = fmax(x0, cx0);
    y0 = fmax(y0, cy0);
    x1 = fmin(x1, cx1);
    y1 = fmin(y1, cy1);
    cairo_new_path(cr);
    for (double c = floor((x0 + y0) / step) * step; c <= x1 + y1 + step; c += step) {
        cairo_move_to(cr, c - y0 + 1, y0 - 1);
        cairo_line_to(cr, c - y1 - 1, y1 + 1);
    }
    cairo_set_line_width(cr, it->hatch_px / 2);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_dash(cr, NULL, 0, 0);
    source(cr, it->hatch);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The networks of lines and areas (basemap, zones, changes, fronts) are
 * antialiased on Cairo's 4 x 4 grid, symbols and texts on its finest: at 1
 * px, a long line's edge looks the same either way, and the coarse grid
 * draws the long paths in two thirds of the time. */
static cairo_antialias_t
antialias(const dl_item *it)
{
    return it->layer <= DL_FRONTLINES ? CAIRO_ANTIALIAS_FAST : CAIRO_ANTIALIAS_DEFAULT;
}

static void
draw_path(const map *m, cairo_t *cr, const dl_item *it, double dx, double dy)
{
    cairo_set_antialias(cr, antialias(it));
    append(m, cr, it, dx, dy);
    if (it->fill.a > 0 || it->hatch.a > 0) {
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        source(cr, it->fill);
        cairo_fill_preserve(cr);
    }
    if (it->hatch.a > 0 && it->hatch_px > 0) {
        hatch(cr, it);
        append(m, cr, it, dx, dy);
    }
    if (it->stroke.a > 0 && it->stroke_px > 0) {
        double dash = it->dash_px;
        bool long_path = it->npts > 64;   /* outlines, rivers: joins unseen at 1 px */
        cairo_set_line_width(cr, it->stroke_px);
        cairo_set_line_join(cr, long_path ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(cr, long_path ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
        cairo_set_dash(cr, &dash, dash > 0 ? 1 : 0, 0);
        source(cr, it->stroke);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

/* A point of a line (pts, n of them, cum: the length up to each) at
 * distance s along it (before its start or past its end: on its first or
 * last segment, extended), and the normal to its left as read (up, for a
 * line drawn from left to right), turning smoothly from one segment to the
 * next. */
static void
along(const dl_point *p, const double *cum, uint32_t n, double s, double *x, double *y,
      double *nx, double *ny)
{
    uint32_t i = 0;
    double t, ax, ay, bx, by, l0, l1;

    while (i + 2 < n && cum[i + 1] < s)
        i++;
    t = cum[i + 1] > cum[i] ? (s - cum[i]) / (cum[i + 1] - cum[i]) : 0;
    *x = p[i].x + t * (p[i + 1].x - p[i].x);
    *y = p[i].y + t * (p[i + 1].y - p[i].y);
    /* the normals at the segment's two ends: each the mean of the segments
     * meeting there */
    ax = p[i + 1].x - p[i].x, ay = p[i + 1].y - p[i].y;
    bx = ax, by = ay;
    if (i > 0)
        ax += p[i].x - p[i - 1].x, ay += p[i].y - p[i - 1].y;
    if (i + 2 < n)
        bx += p[i + 2].x - p[i + 1].x, by += p[i + 2].y - p[i + 1].y;
    l0 = hypot(ax, ay), l1 = hypot(bx, by);
    ax /= l0 > 0 ? l0 : 1, ay /= l0 > 0 ? l0 : 1, bx /= l1 > 0 ? l1 : 1, by /= l1 > 0 ? l1 : 1;
    t = fmax(0, fmin(1, t));
    *nx = (1 - t) * ay + t * by;
    *ny = -((1 - t) * ax + t * bx);
    l0 = hypot(*nx, *ny);
    *nx /= l0 > 0 ? l0 : 1, *ny /= l0 > 0 ? l0 : 1;
}

/* A text whose baseline follows the item's line: the layout's outline,
 * flattened, each point moved to the place along the line of its distance
 * from the text's start, and off the line by its height over the
 * baseline (the outline bends with the line; Arabic keeps its joins). */
static void
text_path_along(const map *m, cairo_t *cr, const dl_item *it, PangoLayout *l, double k)
{
    const dl_point *p = m->dl.pts + it->first;
    double *cum = malloc(it->npts * sizeof(double));
    double base = k * pango_layout_get_baseline(l) / PANGO_SCALE;
    cairo_path_t *flat;

    cairo_new_path(cr);
    if (cum == NULL || it->npts < 2) {
        free(cum);
        return;
    }
    cum[0] = 0;
    for (uint32_t i = 1; i < it->npts; i++)
        cum[i] = cum[i - 1] + hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
    cairo_save(cr);
    cairo_scale(cr, k, k);
    cairo_move_to(cr, 0, 0);
    pango_cairo_layout_path(cr, l);
    cairo_restore(cr);
    cairo_set_tolerance(cr, 0.05);
    flat = cairo_copy_path_flat(cr);
    cairo_new_path(cr);
    for (int i = 0; flat && i < flat->num_data; i += flat->data[i].header.length) {
        const cairo_path_data_t *d = &flat->data[i];
        double x, y, nx, ny;
        if (d->header.type == CAIRO_PATH_CLOSE_PATH) {
            cairo_close_path(cr);
            continue;
        }
        along(p, cum, it->npts, d[1].point.x, &x, &y, &nx, &ny);
        x += nx * (base - d[1].point.y);
        y += ny * (base - d[1].point.y);
        if (d->header.type == CAIRO_PATH_MOVE_TO)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_path_destroy(flat);
    free(cum);
}

/* A text, laid out at the reference size and scaled to its own; the halo
 * is its outline stroked first, its curves flattened to 1/2 px, its joins
 * bevelled and its edge antialiased on the 4 x 4 grid (a soft white edge
 * 2 px wide looks the same so, to a few levels on a pixel here and there;
 * Cairo's stroke of a label's outline, some 570,000 instructions with
 * round joins at 1/4 px, takes 430,000), the letters drawn on the finest. Pango is called
 * holding pango_lock (bands are drawn on several threads); Cairo's strokes
 * and fills need no lock. */
static void
draw_text(const map *m, cairo_t *cr, const dl_item *it)
{
    double k = it->size_px / SM_TEXT_REF_PX;
    bool halo_done;
    PangoLayout *l;

    if (it->npts >= 2) {                /* along a line: its outline, bent */
        cairo_save(cr);
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
        pthread_mutex_lock(m->pango_lock);
        l = sm_map__layout_styled(m, it->text, it->bold, it->italic, it->small_caps,
                                  it->spacing_em);
        text_path_along(m, cr, it, l, k);
        g_object_unref(l);
        pthread_mutex_unlock(m->pango_lock);
        if (it->halo_px > 0) {
            cairo_set_line_width(cr, 2 * it->halo_px);
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            cairo_set_dash(cr, NULL, 0, 0);
            source(cr, it->stroke);
            cairo_stroke_preserve(cr);
        }
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
        source(cr, it->fill);
        cairo_fill(cr);
        cairo_restore(cr);
        return;
    }
    cairo_save(cr);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    pthread_mutex_lock(m->pango_lock);
    l = sm_map__layout_styled(m, it->text, it->bold, it->italic, it->small_caps,
                              it->spacing_em);
    halo_done = it->halo_px > 0 && sm_map__halo_raster(cr, it, l, k);
    cairo_translate(cr, it->x, it->y);
    cairo_scale(cr, k, k);
    if (it->halo_px > 0 && !halo_done) {
        cairo_move_to(cr, 0, 0);
        pango_cairo_layout_path(cr, l);
        pthread_mutex_unlock(m->pango_lock);
        cairo_set_line_width(cr, 2 * it->halo_px / k);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_set_tolerance(cr, 0.5);
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
        source(cr, it->stroke);
        cairo_stroke(cr);
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
        pthread_mutex_lock(m->pango_lock);
    }
    cairo_move_to(cr, 0, 0);
    source(cr, it->fill);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    pthread_mutex_unlock(m->pango_lock);
    cairo_restore(cr);
}

/* True if the item cannot touch the box (x0, y0, x1, y1): a path whose
 * points, widened by its stroke and anti-aliasing, lie outside, or a text
 * whose lines lie above or below. */
static bool
outside(const map *m, const dl_item *it, double x0, double y0, double x1, double y1)
{
    double pad = it->kind == DL_TEXT ? 2 * it->size_px + it->halo_px : it->stroke_px + 2;
    double ax = 1e30, ay = 1e30, bx = -1e30, by = -1e30;
    const dl_point *p = m->dl.pts + it->first;

    if (it->kind == DL_TEXT && it->npts == 0)
        return it->y + 3 * it->size_px + it->halo_px < y0 ||
               it->y - it->size_px - it->halo_px > y1;
    for (uint32_t i = 0; i < it->npts; i++) {
        ax = fmin(ax, p[i].x);
        ay = fmin(ay, p[i].y);
        bx = fmax(bx, p[i].x);
        by = fmax(by, p[i].y);
    }
    return bx + pad < x0 || by + pad < y0 || ax - pad > x1 || ay - pad > y1;
}

bool
sm_map__in_pixels(cairo_t *cr)
{
    cairo_matrix_t c;

    if (cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_IMAGE)
        return false;
    cairo_get_matrix(cr, &c);
    return c.xx == 1 && c.yy == 1 && c.xy == 0 && c.yx == 0 && c.x0 == 0 && c.y0 == 0;
}

sm_status
sm_dl_to_cairo(const map *m, cairo_t *cr, dl_layer first, sm_error *err)
{
    double cx0, cy0, cx1, cy1;

    sm_sprites *sprites = NULL;
    sm_status st = SM_OK;

    /* no hinting: the same glyph positions as measured, whatever the output */
    sm_map__use_font_options(cr);
    if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE)
        sprites = sm_sprites_new(cr);
    cairo_clip_extents(cr, &cx0, &cy0, &cx1, &cy1);
    for (int layer = (int)first; layer < DL_LAYER_COUNT && st == SM_OK; layer++) {
        for (size_t i = 0; i < m->dl.nitems; i++) {
            const dl_item *it = &m->dl.items[i];
            if ((int)it->layer != layer || outside(m, it, cx0, cy0, cx1, cy1))
                continue;
            if (it->kind == DL_TEXT)
                draw_text(m, cr, it);
            else if (!sm_sprites_draw(sprites, m, cr, it, draw_path))
                draw_path(m, cr, it, 0, 0);
        }
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            st = sm_fail(err, SM_ERENDER, "drawing failed: %s",
                         cairo_status_to_string(cairo_status(cr)));
    }
    sm_sprites_free(sprites);
    return st;
}
