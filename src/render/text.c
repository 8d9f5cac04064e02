/* SPDX-License-Identifier: MIT */
/*
 * text.c - text measured and laid out with Pango (HarfBuzz shapes Arabic),
 * the same layout for measuring, for Cairo and for SVG; and the boxes that
 * labels must keep clear of.
 */
#include "render/render_int.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>

PangoLayout *
sm_map__layout(const map *m, cairo_t *cr, const char *text, double size_px, bool bold)
{
    char family[160];
    PangoLayout *l = cr ? pango_cairo_create_layout(cr) : pango_layout_new(m->pango);
    PangoFontDescription *fd;

    /* the Latin font first, Arabic letters from the Arabic one */
    snprintf(family, sizeof(family), "%s, %s", m->s->font, m->s->font_arabic);
    fd = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(fd, size_px * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, text, -1);
    return l;
}

void
sm_map__text_size(map *m, const char *text, double size_px, bool bold, bool arabic, double *w,
                  double *h, double *baseline)
{
    PangoLayout *l = sm_map__layout(m, NULL, text, size_px, bold);
    PangoRectangle logical;

    (void)arabic;
    pango_layout_get_pixel_extents(l, NULL, &logical);
    *w = logical.width;
    *h = logical.height;
    *baseline = pango_layout_get_baseline(l) / (double)PANGO_SCALE;
    g_object_unref(l);
}

void
sm_map__take(map *m, box b)
{
    if (sm_grow((void **)&m->taken, &m->taken_cap, m->ntaken, sizeof(box), 256))
        m->taken[m->ntaken++] = b;
}

void
sm_map__take_panel(map *m, box b)
{
    b.panel = true;
    sm_map__take(m, b);
}

bool
sm_map__is_free(const map *m, box b, bool major)
{
    for (size_t i = 0; i < m->ntaken; i++) {
        const box *t = &m->taken[i];
        if ((!major || !t->soft) && b.x0 < t->x1 && t->x0 < b.x1 && b.y0 < t->y1 &&
            t->y0 < b.y1)
            return false;
    }
    return true;
}
