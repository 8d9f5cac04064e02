/* SPDX-License-Identifier: MIT */
/*
 * render.c - one map in its frame (frame.c: the projection and basemap):
 * the layers in drawing order into the display list (the frame's basemap,
 * zones and control, front lines, event symbols, then the title,
 * legend, scale bar and credits, which labels must keep clear of, then the
 * labels, then the basemap's names where they hide nothing), and the
 * output chosen by the file's extension, written under a temporary name
 * and renamed.
 *
 * PNG through Cairo's image surface, in bands on every core (raster.c);
 * PDF through Cairo's PDF surface, at 72/96 of a pixel a point; SVG through
 * svg_out.c. What each file says of itself (title, sources, the time it was
 * made: SOURCE_DATE_EPOCH's when set, for the same bytes) is meta.c's.
 */
#include "render/render_int.h"

#include <cairo-pdf.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/atomic_file.h"

static bool
has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* A write's failure, its message led by the file's name when it lacks it. */
static sm_status
naming(sm_status st, const char *path, sm_error *err)
{
    char msg[2 * sizeof(err->msg)];
    size_t n = strlen(path);

    if (st == SM_OK || err == NULL ||
        (strncmp(err->msg, path, n) == 0 && err->msg[n] == ':'))
        return st;
    snprintf(msg, sizeof(msg), "%s: %s", path, err->msg);
    msg[sizeof(err->msg) - 1] = '\0';
    memcpy(err->msg, msg, sizeof(err->msg));
    return st;
}

static cairo_status_t
write_stream(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static sm_status
write_pdf(const map *m, FILE *fp, sm_error *err)
{
    double k = 72.0 / 96.0;
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(write_stream, fp,
                                                               sm_map__out_w(m) * k,
                                                               sm_map__out_h(m) * k);
    cairo_t *cr;
    sm_status st;

    sm_render__pdf_meta(m, pdf);
    cr = cairo_create(pdf);
    cairo_scale(cr, k, k);
    st = sm_dl_to_cairo(m, cr, 0, err);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    if (st == SM_OK && cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
        st = sm_fail(err, SM_EIO, "cannot write the PDF: %s",
                     cairo_status_to_string(cairo_surface_status(pdf)));
    cairo_surface_destroy(pdf);
    return st;
}

static double
now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The frame's basemap items, as the map's first. */
static sm_status
basemap_items(map *m, sm_error *err)
{
    if (!sm_dl_copy(&m->dl, &m->frame->tpl.dl))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return SM_OK;
}

/* The annotations, then the place labels, which yield to them, then the
 * basemap's names where they hide none. */
static sm_status
labels_and_names(map *m, sm_error *err)
{
    sm_status st = sm_map__annotations(m, err);

    if (st == SM_OK)
        st = sm_map__labels(m, err);
    return st == SM_OK ? sm_map__names(m, err) : st;
}

static sm_status
draw(map *m, bool png, sm_error *err)
{
    /* each phase, and the layers done with it (those below; PNG draws them
       on a thread while the next phases run); the basemap is the frame's */
    static const struct phase {
        sm_status (*fn)(map *, sm_error *);
        dl_layer done_below;
    } phases[] = {
        { basemap_items, DL_ZONES }, { sm_map__zones, DL_CHANGES },
        { sm_map__changes, DL_FRONTLINES }, { sm_map__fronts, DL_EVENTS },
        { sm_map__events, DL_ANNOTATIONS }, { sm_map__furniture, DL_ANNOTATIONS },
        { labels_and_names, DL_LABELS },
    };
    sm_status st = SM_OK;

    if (png) {
        sm_frame *f = m->frame;
        sm_render__underlay_start(m, f->image, f->once, DL_ZONES);
        if (f->once && m->underlay)
            f->image = NULL;
        f->once = false;
    }
    for (size_t i = 0; i < SM_LEN(phases) && st == SM_OK; i++) {
        double t0 = now_ms();
        st = phases[i].fn(m, err);
        m->rep->phase_ms[i] = now_ms() - t0;
        if (png && st == SM_OK)
            sm_render__underlay(m, phases[i].done_below);
    }
    if (st == SM_OK && m->dl.failed)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    sm_dl_scale(&m->dl, 0, sm_map__k(m));   /* laid out; now the output's size */
    return st;
}

sm_status
sm_render_framed(sm_frame *f, const sm_situation *sit, const char *path,
                 sm_render_report *rep, sm_error *err)
{
    sm_render_report own = { 0 };
    map m = f->tpl;                    /* the projection; the basemap is copied in */
    sm_atomic_file af = SM_ATOMIC_FILE_INIT;
    sm_fonts *own_fonts = NULL;
    bool png = has_suffix(path, ".png"), pdf = has_suffix(path, ".pdf"),
         svg = has_suffix(path, ".svg");
    sm_status st;
    double t_write, t_base = now_ms();

    m.dl = (dlist){ 0 };
    m.frame = f;
    m.sit = sit;
    m.rep = rep ? rep : &own;
    memset(m.rep, 0, sizeof(*m.rep));
    if (!png && !pdf && !svg)
        return sm_fail(err, SM_EUSAGE, "%s: unknown output format (use .png, .svg or .pdf)", path);
    if (f->o.annotations && (st = sm_annotations_check(f->o.annotations, f->tpl.s, err)) != SM_OK)
        return st;
    if ((st = sm_frame_basemap(f, png, err)) != SM_OK)
        return st;
    t_base = now_ms() - t_base;         /* a basemap the frame did not have yet */
    m.names = f->tpl.names;
    if (f->o.fonts == NULL && (st = sm_fonts_new(NULL, &own_fonts, err)) != SM_OK)
        return st;
    sm_map__use_fonts(&m, f->o.fonts ? f->o.fonts : own_fonts);
    st = sm_map__fonts_check(f->o.fonts ? f->o.fonts : own_fonts, f->tpl.s, f->o.lang, err);
    if (st == SM_OK)
        st = sm_render__created(&m.created_s, err);
    if (st == SM_OK)
        st = draw(&m, png, err);
    m.rep->phase_ms[0] += t_base;
    if (st == SM_OK)
        st = sm_atomic_file_open(&af, path, err);
    t_write = now_ms();
    if (st == SM_OK)
        st = naming(png ? sm_render__png(&m, af.fp, err) : pdf ? write_pdf(&m, af.fp, err)
                                                          : sm_dl_to_svg(&m, af.fp, err),
                    path, err);
    m.rep->phase_ms[SM_RENDER_PHASES - 1] = now_ms() - t_write;
    if (st == SM_OK)
        st = sm_atomic_file_commit(&af, err);
    sm_atomic_file_discard(&af);
    sm_render__underlay_discard(&m);
    sm_dl_free(&m.dl);
    free(m.taken);
    free(m.symbols);
    free(m.claimed);
    free(m.annotated);
    free(m.grid_head);
    free(m.grid_nodes);
    sm_fonts_free(own_fonts);
    return st;
}

sm_status
sm_render(const sm_situation *sit, const sm_render_opts *o, const char *path,
          sm_render_report *rep, sm_error *err)
{
    sm_frame *f = NULL;
    sm_status st;

    if (rep)
        memset(rep, 0, sizeof(*rep));
    if (!has_suffix(path, ".png") && !has_suffix(path, ".pdf") && !has_suffix(path, ".svg"))
        return sm_fail(err, SM_EUSAGE, "%s: unknown output format (use .png, .svg or .pdf)", path);
    if ((st = sm_frame_new(o, &f, err)) == SM_OK) {
        sm_frame_once(f);
        st = sm_render_framed(f, sit, path, rep, err);
    }
    sm_frame_free(f);
    return st;
}
