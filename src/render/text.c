/* SPDX-License-Identifier: MIT */
/*
 * text.c - text measured and laid out with Pango (HarfBuzz shapes Arabic),
 * the same layout for measuring, for Cairo and for SVG; and the boxes that
 * labels must keep clear of.
 */
#include "render/render_int.h"

#include <math.h>

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every text is laid out at one size, SM_TEXT_REF_PX, and scaled to its
 * own: without hinting, glyphs and advances scale exactly, and fontconfig
 * then sorts the fonts for two patterns (regular, bold) instead of one a
 * size (some 3 ms each). */
PangoLayout *
sm_map__layout(const map *m, const char *text, bool bold)
{
    return sm_map__layout_styled(m, text, bold, false, false, 0);
}

PangoLayout *
sm_map__layout_styled(const map *m, const char *text, bool bold, bool italic, bool small_caps,
                      double spacing_em)
{
    char family[160];
    PangoLayout *l = pango_layout_new(m->pango);
    PangoFontDescription *fd;

    /* the Latin font first, Arabic letters from the Arabic one */
    snprintf(family, sizeof(family), "%s, %s", m->s->font, m->s->font_arabic);
    fd = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(fd, SM_TEXT_REF_PX * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    if (italic)
        pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (spacing_em > 0 || small_caps) {
        /* small capitals: Pango makes them when the font has none */
        PangoAttrList *attrs = pango_attr_list_new();
        if (small_caps)
            pango_attr_list_insert(attrs, pango_attr_variant_new(PANGO_VARIANT_SMALL_CAPS));
        if (spacing_em > 0)
            pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int)lround(
                                              spacing_em * SM_TEXT_REF_PX * PANGO_SCALE)));
        pango_layout_set_attributes(l, attrs);
        pango_attr_list_unref(attrs);
    }
    pango_layout_set_text(l, text, -1);
    return l;
}

bool
sm_map__arabic(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p >= 0xd8 && *p <= 0xdb)
            return true;
    return false;
}

void
sm_map__text_size(map *m, const char *text, double size_px, bool bold, bool arabic, double *w,
                  double *h, double *baseline)
{
    (void)arabic;
    sm_map__text_size_styled(m, text, size_px, bold, false, false, 0, w, h, baseline);
}

void
sm_map__text_size_styled(map *m, const char *text, double size_px, bool bold, bool italic,
                         bool small_caps, double spacing_em, double *w, double *h,
                         double *baseline)
{
    double k = size_px / SM_TEXT_REF_PX;
    PangoLayout *l;
    PangoRectangle logical;

    pthread_mutex_lock(m->pango_lock);
    l = sm_map__layout_styled(m, text, bold, italic, small_caps, spacing_em);
    pango_layout_get_extents(l, NULL, &logical);
    *baseline = k * pango_layout_get_baseline(l) / PANGO_SCALE;
    g_object_unref(l);
    pthread_mutex_unlock(m->pango_lock);
    *w = round(k * logical.width / PANGO_SCALE);
    *h = round(k * logical.height / PANGO_SCALE);
}

static double
narrowest(map *m, bool bold)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    double least = 0;
    PangoLayout *l;
    PangoLayoutIter *it;

    pthread_mutex_lock(m->pango_lock);
    l = sm_map__layout(m, letters, bold);
    it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_cluster_extents(it, NULL, &logical);
        if (logical.width > 0 && (least == 0 || logical.width < least))
            least = logical.width;
    } while (pango_layout_iter_next_cluster(it));
    pango_layout_iter_free(it);
    g_object_unref(l);
    pthread_mutex_unlock(m->pango_lock);
    return least / PANGO_SCALE;
}

double
sm_map__text_min_width(map *m, const char *text, double size_px, bool bold)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        n += (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
    if (n == 0)
        return 0;
    if (m->narrowest[bold] == 0)
        m->narrowest[bold] = narrowest(m, bold);
    return 0.75 * (double)n * m->narrowest[bold] * size_px / SM_TEXT_REF_PX;
}

/* The grid cells (TAKEN_CELL px square) a box covers, clamped to the map. */
#define TAKEN_CELL 48

static void
cell_span(const map *m, box b, int *cx0, int *cy0, int *cx1, int *cy1)
{
    *cx0 = (int)fmax(0, fmin(m->grid_w - 1, floor(b.x0 / TAKEN_CELL)));
    *cx1 = (int)fmax(0, fmin(m->grid_w - 1, floor(b.x1 / TAKEN_CELL)));
    *cy0 = (int)fmax(0, fmin(m->grid_h - 1, floor(b.y0 / TAKEN_CELL)));
    *cy1 = (int)fmax(0, fmin(m->grid_h - 1, floor(b.y1 / TAKEN_CELL)));
}

/* Each taken box is also listed in the grid cells it covers, so that a
 * test looks at the boxes nearby only. */
void
sm_map__take(map *m, box b)
{
    int cx0, cy0, cx1, cy1;

    if (m->grid_head == NULL) {
        m->grid_w = m->o->width_px / TAKEN_CELL + 1;
        m->grid_h = m->o->height_px / TAKEN_CELL + 1;
        m->grid_head = malloc((size_t)m->grid_w * (size_t)m->grid_h * sizeof(uint32_t));
        if (m->grid_head == NULL) {
            m->dl.failed = true;
            return;
        }
        memset(m->grid_head, 0xff, (size_t)m->grid_w * (size_t)m->grid_h * sizeof(uint32_t));
    }
    if (!sm_grow((void **)&m->taken, &m->taken_cap, m->ntaken, sizeof(box), 256)) {
        m->dl.failed = true;
        return;
    }
    m->taken[m->ntaken] = b;
    cell_span(m, b, &cx0, &cy0, &cx1, &cy1);
    for (int cy = cy0; cy <= cy1; cy++)
        for (int cx = cx0; cx <= cx1; cx++) {
            uint32_t *head = &m->grid_head[cy * m->grid_w + cx];
            if (!sm_grow((void **)&m->grid_nodes, &m->grid_nodes_cap, m->grid_nnodes,
                         sizeof(*m->grid_nodes), 1024)) {
                m->dl.failed = true;
                return;
            }
            m->grid_nodes[m->grid_nnodes].box = (uint32_t)m->ntaken;
            m->grid_nodes[m->grid_nnodes].next = *head;
            *head = (uint32_t)m->grid_nnodes++;
        }
    m->ntaken++;
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
    int cx0, cy0, cx1, cy1;

    if (m->grid_head == NULL)
        return true;
    cell_span(m, b, &cx0, &cy0, &cx1, &cy1);
    for (int cy = cy0; cy <= cy1; cy++)
        for (int cx = cx0; cx <= cx1; cx++)
            for (uint32_t k = m->grid_head[cy * m->grid_w + cx]; k != UINT32_MAX;
                 k = m->grid_nodes[k].next) {
                const box *t = &m->taken[m->grid_nodes[k].box];
                if ((!major || !t->soft) && b.x0 < t->x1 && t->x0 < b.x1 && b.y0 < t->y1 &&
                    t->y0 < b.y1)
                    return false;
            }
    return true;
}
