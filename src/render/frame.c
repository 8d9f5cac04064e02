/* SPDX-License-Identifier: MIT */
/*
 * frame.c - what the maps of one region, size and style share: the
 * projection (PROJ opens its database for it, a good part of a map's
 * set-up), the frame's extent in degrees, the basemap's paths, projected
 * and simplified, and for PNG the basemap drawn once into an image that
 * each map's underlay starts from (the same pixels as drawing it again:
 * the same items, drawn whole into a blank image). The subject country's
 * border is kept for the locator inset.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"

/* A text option: UTF-8 of at most max bytes. */
static sm_status
check_text(const char *what, const char *text, size_t max, sm_error *err)
{
    size_t n = text ? strlen(text) : 0, bad;

    if (n > max)
        return sm_fail(err, SM_EUSAGE, "%s: %zu bytes, want at most %zu", what, n, max);
    if (text && !sm_utf8_is_valid(text, n, &bad))
        return sm_fail(err, SM_EUSAGE, "%s: not UTF-8 at byte %zu", what, bad + 1);
    return SM_OK;
}

/* The furniture's texts and the date format, checked before anything is
 * drawn. */
static sm_status
check_texts(const sm_render_opts *o, sm_error *err)
{
    char sample[SM_DAY_TEXT_LEN];
    sm_day day;
    sm_status st;

    if ((st = check_text("the credit line", o->own_credit, SM_RENDER_TEXT_MAX, err)) != SM_OK ||
        (st = check_text("the description", o->description, SM_RENDER_DESC_MAX, err)) != SM_OK)
        return st;
    /* the longest names (a Wednesday in September), in the room a date has */
    sm_day_from_ymd(2027, 9, 29, &day);
    if (o->date_format && !sm_day_format_as(day, o->date_format, sample, sizeof(sample)))
        return sm_fail(err, SM_EUSAGE, "date format \"%.60s\": want ap, iso, long or a"
                       " strftime format of at most %d bytes using %%d %%e %%m %%y %%Y %%j"
                       " %%b %%B %%a %%A %%%% (%%-d: no padding)", o->date_format,
                       SM_DAY_STYLE_MAX);
    return check_text("the date format", o->date_format, SM_DAY_STYLE_MAX, err);
}

sm_status
sm_frame_new(const sm_render_opts *o, sm_frame **out, sm_error *err)
{
    sm_frame *f;
    sm_status st;

    *out = NULL;
    if (o->width_px < 100 || o->height_px < 100 || o->width_px > 20000 || o->height_px > 20000)
        return sm_fail(err, SM_EUSAGE, "map size %dx%d: want 100 to 20000 pixels a side",
                       o->width_px, o->height_px);
    if (!(o->west < o->east && o->south < o->north && o->west >= -180 && o->east <= 180 &&
          o->south >= -85 && o->north <= 85))
        return sm_fail(err, SM_EUSAGE, "the region %g,%g,%g,%g is not a box of longitudes"
                       " and latitudes (west,south,east,north)", o->west, o->south, o->east,
                       o->north);
    if (o->scale != 0 && !(o->scale >= 0.25 && o->scale <= 8))
        return sm_fail(err, SM_EUSAGE, "scale %g: want 0.25 to 8", o->scale);
    if (o->style == NULL)
        return sm_fail(err, SM_EUSAGE, "no style to draw with (sm_render_opts.style:"
                       " sm_style_defaults gives one)");
    if (o->lang < SM_LANG_EN || o->lang > SM_LANG_EN_AR)
        return sm_fail(err, SM_EUSAGE, "language %d: want SM_LANG_EN, SM_LANG_AR or"
                       " SM_LANG_EN_AR", (int)o->lang);
    if ((st = check_texts(o, err)) != SM_OK)
        return st;
    if ((st = sm_style_check(o->style, err)) != SM_OK)
        return st;
    if ((st = sm_geolibs_open(err)) != SM_OK)
        return st;
    if ((f = calloc(1, sizeof(*f))) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    f->o = *o;
    /* laid out at the size divided by the scale, then drawn at the size */
    f->tpl.k = o->scale > 0 ? o->scale
                            : fmax(1, fmin(o->width_px / 1920.0, o->height_px / 1080.0));
    f->tpl.out_w = o->width_px;
    f->tpl.out_h = o->height_px;
    f->o.width_px = (int)ceil(o->width_px / f->tpl.k - 1e-9);
    f->o.height_px = (int)ceil(o->height_px / f->tpl.k - 1e-9);
    f->tpl.o = &f->o;
    f->tpl.s = o->style;
    f->country = (sm_mpoly)SM_MPOLY_INIT;
    if ((st = sm_map__project_open(&f->tpl, err)) != SM_OK) {
        sm_frame_free(f);
        return st;
    }
    sm_map__frame_degrees(&f->tpl, &f->west, &f->south, &f->east, &f->north);
    *out = f;
    return SM_OK;
}

void
sm_frame_extent(const sm_frame *f, double *west, double *south, double *east, double *north)
{
    *west = f->west;
    *south = f->south;
    *east = f->east;
    *north = f->north;
}

/* The basemap's items drawn into a blank image, as the underlay would. */
static sm_status
rasterise(sm_frame *f, sm_error *err)
{
    int w = f->tpl.out_w, h = f->tpl.out_h;
    map scaled = f->tpl;
    cairo_surface_t *s;
    cairo_t *cr;
    sm_status st;

    f->stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w);
    if ((f->image = sm_render__image_new(&f->tpl)) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory for a %dx%d image", w, h);
    if (!sm_dl_copy(&scaled.dl, &f->tpl.dl)) {   /* at the output's size */
        sm_dl_free(&scaled.dl);
        sm_render__image_free(&f->tpl, f->image);
        f->image = NULL;
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    sm_dl_scale(&scaled.dl, 0, f->tpl.k);
    s = cairo_image_surface_create_for_data(f->image, CAIRO_FORMAT_RGB24, w, h, f->stride);
    cr = cairo_create(s);
    st = sm_dl_to_cairo(&scaled, cr, 0, err);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    cairo_surface_destroy(s);
    sm_dl_free(&scaled.dl);
    if (st != SM_OK) {
        sm_render__image_free(&f->tpl, f->image);
        f->image = NULL;
    }
    return st;
}

sm_status
sm_frame_basemap(sm_frame *f, bool raster, sm_error *err)
{
    sm_status st = SM_OK;

    if (!f->basemap_done) {
        if ((st = sm_map__basemap(&f->tpl, err)) == SM_OK && f->tpl.dl.failed)
            st = sm_fail(err, SM_ENOMEM, "out of memory");
        if (st == SM_OK && f->o.basemap && f->o.country_iso3 && !f->o.no_inset && !f->o.border)
            st = sm_render_country(f->o.basemap, f->o.country_iso3, &f->country, err);
        if (st != SM_OK) {                  /* nothing half done is kept */
            sm_dl_free(&f->tpl.dl);
            sm_toponyms_free(f->tpl.names);
            f->tpl.names = NULL;
            sm_mpoly_free(&f->country);
            return st;
        }
        f->basemap_done = true;
    }
    if (raster && f->image == NULL)
        st = rasterise(f, err);
    return st;
}

void
sm_frame_once(sm_frame *f)
{
    f->once = true;
}

void
sm_frame_free(sm_frame *f)
{
    if (f == NULL)
        return;
    sm_map__project_close(&f->tpl);
    sm_dl_free(&f->tpl.dl);
    sm_toponyms_free(f->tpl.names);
    sm_mpoly_free(&f->country);
    sm_render__image_free(&f->tpl, f->image);
    sm_render__image_free(&f->tpl, f->kept);
    sm_buf_free(&f->kept_key);
    free(f);
}
