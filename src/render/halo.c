/* SPDX-License-Identifier: MIT */
/*
 * halo.c - a label's halo on raster output, grown from its glyphs' own
 * coverage rather than stroked along their outlines.
 *
 * The text is drawn into a small mask, the same glyphs at the same place
 * as on the map; the halo at a pixel is then the most any inked pixel
 * within reach lends it: its coverage times a weight that is 1 within the
 * halo's radius of it and falls to 0 a little over a pixel further (EDGE).
 * Mapnik's "fast" halo is the same idea. A stroke of the outlines (and the
 * outlines themselves) cost 90 M instructions for the reference scene's
 * 171 labels, this 28 M.
 * Vector outputs keep the stroke, which an editor can change.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdlib.h>

#define MAX_REACH 8              /* px: larger halos are stroked */
/* how far past the radius a disc around an inked pixel's centre still
 * lends some of itself: a pixel half inked lies on the glyph's edge, one
 * inked whole half a pixel inside it; 1.25 gives the scene's labels as
 * much halo, summed, as the stroke did */
#define EDGE 1.25

typedef struct tap {
    int dx, dy;
    unsigned w;                  /* 0..256 */
} tap;

/* The disc's offsets and weights for radius r. */
static int
taps(double r, tap *t)
{
    int n = 0, e = (int)ceil(r + EDGE);

    for (int dy = -e; dy <= e; dy++)
        for (int dx = -e; dx <= e; dx++) {
            double w = fmin(1, r + EDGE - hypot(dx, dy));
            if (w > 0)
                t[n++] = (tap){ dx, dy, (unsigned)lround(w * 256) };
        }
    return n;
}

/* Each tap's weight of src (w x h, stride ss; w a multiple of 16) kept
 * where it is the most yet, into dst (stride ds) from the tap's offset on:
 * 16 pixels at a time, which the compiler does at once. */
static void
spread(const unsigned char *restrict src, int ss, int w, int h, unsigned char *restrict dst,
       int ds, const tap *t, int ntaps)
{
    for (int i = 0; i < ntaps; i++)
        for (int y = 0; y < h; y++) {
            const unsigned char *in = src + (size_t)y * ss;
            unsigned char *out = dst + (size_t)(y + t[i].dy) * ds + t[i].dx;
            unsigned short wt = (unsigned short)t[i].w;
            for (int x = 0; x < w; x += 16)
                for (int j = 0; j < 16; j++) {
                    unsigned char a = (unsigned char)((in[x + j] * wt) >> 8);
                    out[x + j] = out[x + j] > a ? out[x + j] : a;
                }
        }
}

bool
sm_map__halo_raster(cairo_t *cr, const dl_item *it, PangoLayout *l, double k)
{
    tap t[(2 * MAX_REACH + 3) * (2 * MAX_REACH + 3)];
    PangoRectangle lr;
    double cx0, cy0, cx1, cy1, em = it->size_px / 4;
    int reach = (int)ceil(it->halo_px + EDGE), ntaps, x0, y0, w, h;
    cairo_surface_t *mask, *halo;
    cairo_t *mc;

    if (it->halo_px <= 0 || reach > MAX_REACH || !sm_map__in_pixels(cr))
        return false;
    /* the text's logical box, widened by a quarter em for what its glyphs
     * draw beyond it (accents, slants), and the clip's widened by the reach:
     * ink further out lends nothing to the halo inside the clip */
    pango_layout_get_extents(l, NULL, &lr);
    cairo_clip_extents(cr, &cx0, &cy0, &cx1, &cy1);
    x0 = (int)floor(fmax(it->x + k * lr.x / PANGO_SCALE - em, cx0 - reach));
    y0 = (int)floor(fmax(it->y + k * lr.y / PANGO_SCALE - em, cy0 - reach));
    w = (int)ceil(fmin(it->x + k * (lr.x + lr.width) / PANGO_SCALE + em, cx1 + reach)) - x0;
    h = (int)ceil(fmin(it->y + k * (lr.y + lr.height) / PANGO_SCALE + em, cy1 + reach)) - y0;
    if (w <= 0 || h <= 0)
        return true;                     /* nothing of it near the clip */
    w = (w + 15) & ~15;
    /* the halo's image has the reach all round the text's */
    mask = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
    halo = cairo_image_surface_create(CAIRO_FORMAT_A8, w + 2 * reach, h + 2 * reach);
    if (cairo_surface_status(mask) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_status(halo) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(mask);
        cairo_surface_destroy(halo);
        return false;
    }
    /* the glyphs, as the map will have them: the same font options and
     * scale, moved by whole pixels only */
    mc = cairo_create(mask);
    sm_map__use_font_options(mc);
    cairo_translate(mc, it->x - x0, it->y - y0);
    cairo_scale(mc, k, k);
    cairo_move_to(mc, 0, 0);
    pango_cairo_show_layout(mc, l);
    cairo_destroy(mc);
    cairo_surface_flush(mask);
    cairo_surface_flush(halo);
    ntaps = taps(it->halo_px, t);
    for (int i = 0; i < ntaps; i++)
        t[i].dx += reach, t[i].dy += reach;
    spread(cairo_image_surface_get_data(mask), cairo_image_surface_get_stride(mask), w, h,
           cairo_image_surface_get_data(halo), cairo_image_surface_get_stride(halo), t, ntaps);
    cairo_surface_mark_dirty(halo);
    cairo_set_source_rgba(cr, it->stroke.r, it->stroke.g, it->stroke.b, it->stroke.a);
    cairo_mask_surface(cr, halo, x0 - reach, y0 - reach);
    cairo_surface_destroy(mask);
    cairo_surface_destroy(halo);
    return true;
}
