/* SPDX-License-Identifier: MIT */
/*
 * svg_out.c - the display list as SVG a graphics desk can finish by hand
 * in Illustrator or Inkscape:
 * - layers: each is an Inkscape layer (a group with inkscape:groupmode
 *   "layer"), in the order drawn: Basemap, Zones, Changes, Fronts, Control
 *   points, Events, Labels (sublayers Basemap names and Place labels),
 *   Furniture (Legend, Inset, Title, Scale bar) and Credits;
 * - things: what a run of items draws (a zone, a front, an event symbol, a
 *   label, ...) carries an id and data- attributes (svg_ids.c), on its
 *   element, or on a group of its elements;
 * - paths in pixels; texts as real <text> elements (Arabic too; along a
 *   line, a <textPath>), spaces kept (xml:space), a halo being a stroked
 *   copy of the text under it (SVG 1.1: Illustrator ignores paint-order);
 *   hatching as <pattern>s in <defs>. Nothing is rasterised.
 */
#include "render/render_int.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/text.h"

/* The layers as a designer finds them: each list layer's group id (as it
 * always was) and label, and the top-level layer holding it (NULL: it is
 * one). Layers of one parent follow each other. */
typedef struct svg_parent {
    const char *id, *label;
} svg_parent;

static const svg_parent labels_layer = { "all-labels", "Labels" };
static const svg_parent furniture_layer = { "furniture", "Furniture" };

static const struct svg_layer {
    const char *id, *label;
    const svg_parent *parent;
} layers[DL_LAYER_COUNT] = {
    [DL_BASEMAP] = { "basemap", "Basemap", NULL },
    [DL_ZONES] = { "zones", "Zones", NULL },
    [DL_CHANGES] = { "changes", "Changes", NULL },
    [DL_FRONTLINES] = { "frontlines", "Fronts", NULL },
    [DL_CONTROL] = { "control", "Control points", NULL },
    [DL_EVENTS] = { "events", "Events", NULL },
    [DL_ANNOTATIONS] = { "annotations", "Annotations", NULL },
    [DL_NAMES] = { "names", "Basemap names", &labels_layer },
    [DL_LABELS] = { "labels", "Place labels", &labels_layer },
    [DL_LEGEND] = { "legend", "Legend", &furniture_layer },
    [DL_INSET] = { "inset", "Inset", &furniture_layer },
    [DL_TITLE] = { "title", "Title", &furniture_layer },
    [DL_SCALEBAR] = { "scalebar", "Scale bar", &furniture_layer },
    [DL_CREDITS] = { "credits", "Credits", NULL },
};

/* The state of a document being written. */
typedef struct svg_doc {
    const map *m;
    FILE *fp;
    sm_svg_ids *ids;
    bool failed;                /* out of memory */
} svg_doc;

static void
colour_attr(FILE *fp, const char *what, sm_rgba c)
{
    if (c.a <= 0) {
        fprintf(fp, " %s=\"none\"", what);
        return;
    }
    fprintf(fp, " %s=\"#%02x%02x%02x\"", what, (int)(c.r * 255 + 0.5), (int)(c.g * 255 + 0.5),
            (int)(c.b * 255 + 0.5));
    if (c.a < 0.999)
        fprintf(fp, " %s-opacity=\"%.3g\"", what, c.a);
}

/* The style's fonts, as the attribute's value (escaped: a style is data). */
static void
font_family(FILE *fp, const sm_style *s)
{
    fputs(" font-family=\"", fp);
    sm_text_xml_put(fp, s->font);
    fputs(", ", fp);
    sm_text_xml_put(fp, s->font_arabic);
    fputc('"', fp);
}

static bool
same_rgba(sm_rgba a, sm_rgba b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* The first hatched item drawn as `it` is, whose index names its pattern. */
static size_t
hatch_id(const map *m, const dl_item *it)
{
    for (size_t i = 0;; i++) {
        const dl_item *o = &m->dl.items[i];
        assert(o <= it);                /* it is one: found by it at the latest */
        if (o->hatch.a > 0 && same_rgba(o->hatch, it->hatch) && same_rgba(o->fill, it->fill) &&
            o->hatch_px == it->hatch_px)
            return i;
    }
}

/* One <pattern> for each way of hatching: the fill, and stripes half the
 * period wide, turned 45 degrees. */
static void
svg_patterns(const map *m, FILE *fp)
{
    bool any = false;

    for (size_t i = 0; i < m->dl.nitems; i++) {
        const dl_item *it = &m->dl.items[i];
        if (it->kind != DL_PATH || it->hatch.a <= 0 || hatch_id(m, it) != i)
            continue;
        if (!any)
            fputs("<defs>\n", fp);
        any = true;
        fprintf(fp, "<pattern id=\"hatch%zu\" patternUnits=\"userSpaceOnUse\" width=\"%.3g\""
                    " height=\"%.3g\" patternTransform=\"rotate(45)\">",
                i, it->hatch_px, it->hatch_px);
        fprintf(fp, "<rect width=\"%.3g\" height=\"%.3g\"", it->hatch_px, it->hatch_px);
        colour_attr(fp, "fill", it->fill);
        fprintf(fp, "/><rect width=\"%.3g\" height=\"%.3g\"", it->hatch_px / 2, it->hatch_px);
        colour_attr(fp, "fill", it->hatch);
        fputs("/></pattern>\n", fp);
    }
    if (any)
        fputs("</defs>\n", fp);
}

/* The attributes of what the element draws alone (named: NULL, nothing). */
static void
svg_named(svg_doc *doc, const dl_ident *named)
{
    if (named && !sm_svg__ident_attrs(doc->ids, doc->fp, named))
        doc->failed = true;
}

static void
svg_path(svg_doc *doc, const dl_item *it, const dl_ident *named)
{
    const map *m = doc->m;
    FILE *fp = doc->fp;
    const dl_point *p = m->dl.pts + it->first;

    fputs("<path", fp);
    svg_named(doc, named);
    fputs(" d=\"", fp);
    for (uint32_t i = 0; i < it->npts; i++) {
        if (p[i].op == DL_CLOSE)
            fputs("Z", fp);
        else
            fprintf(fp, "%c%.1f %.1f", p[i].op == DL_MOVE ? 'M' : 'L', p[i].x, p[i].y);
    }
    fputc('"', fp);
    if (it->hatch.a > 0)
        fprintf(fp, " fill=\"url(#hatch%zu)\"", hatch_id(m, it));
    else
        colour_attr(fp, "fill", it->fill);
    if (it->fill.a > 0 || it->hatch.a > 0)
        fputs(" fill-rule=\"evenodd\"", fp);
    colour_attr(fp, "stroke", it->stroke.a > 0 && it->stroke_px > 0 ? it->stroke
                                                                    : (sm_rgba){ 0, 0, 0, 0 });
    if (it->stroke.a > 0 && it->stroke_px > 0) {
        fprintf(fp, " stroke-width=\"%.2g\" stroke-linejoin=\"round\" stroke-linecap=\"round\"",
                it->stroke_px);
        if (it->dash_px > 0)
            fprintf(fp, " stroke-dasharray=\"%.2g\"", it->dash_px);
    }
    fputs("/>\n", fp);
}

/* The text's font, size and spacing. */
static void
text_font(const map *m, FILE *fp, const dl_item *it)
{
    font_family(fp, m->s);
    fprintf(fp, " font-size=\"%.3g\"", it->size_px);
    if (it->bold)
        fputs(" font-weight=\"bold\"", fp);
    if (it->italic)
        fputs(" font-style=\"italic\"", fp);
    if (it->small_caps)
        fputs(" font-variant=\"small-caps\"", fp);
    if (it->spacing_em > 0)
        fprintf(fp, " letter-spacing=\"%.3g\"", it->spacing_em * it->size_px);
}

/* One <text> of the item: where it starts (along: on the line
 * "along<index>"; right to left, at its right end, w from its left), its
 * font, spaces kept; filled, or (halo) its copy stroked in the halo's
 * colour, twice the halo's width, round as the PNG's halo is. */
static void
text_element(const map *m, FILE *fp, const dl_item *it, double base, double w, bool halo)
{
    size_t index = (size_t)(it - m->dl.items);

    if (it->npts >= 2)
        fputs("<text", fp);
    else if (sm_map__text_rtl(m, it->text))
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" direction=\"rtl\"", it->x + w, it->y + base);
    else
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\"", it->x, it->y + base);
    fputs(" xml:space=\"preserve\"", fp);
    text_font(m, fp, it);
    if (halo) {
        fputs(" fill=\"none\"", fp);
        colour_attr(fp, "stroke", it->stroke);
        fprintf(fp, " stroke-width=\"%.2g\" stroke-linejoin=\"round\"", 2 * it->halo_px);
    } else {
        colour_attr(fp, "fill", it->fill);
    }
    fputc('>', fp);
    if (it->npts >= 2)
        fprintf(fp, "<textPath xlink:href=\"#along%zu\">", index);
    sm_text_xml_put(fp, it->text);
    fputs(it->npts >= 2 ? "</textPath></text>\n" : "</text>\n", fp);
}

/* A text; along a line, the line goes in <defs>, named by the item's
 * index, and the text on it (<textPath>). A halo is a copy of the text
 * stroked, under the text itself, the two grouped (named: on the group). */
static void
svg_text(svg_doc *doc, const dl_item *it, const dl_ident *named)
{
    const map *m = doc->m;
    FILE *fp = doc->fp;
    double w, h, base;

    sm_map__text_size_styled((map *)m, it->text, it->size_px, it->bold, it->italic,
                             it->small_caps, it->spacing_em, &w, &h, &base);
    if (it->npts >= 2) {
        const dl_point *p = m->dl.pts + it->first;
        fprintf(fp, "<defs><path id=\"along%zu\" d=\"", (size_t)(it - m->dl.items));
        for (uint32_t i = 0; i < it->npts; i++)
            fprintf(fp, "%c%.1f %.1f", i == 0 ? 'M' : 'L', p[i].x, p[i].y);
        fputs("\"/></defs>\n", fp);
    }
    if (it->halo_px <= 0) {
        if (named) {
            fputs("<g", fp);
            svg_named(doc, named);
            fputs(">", fp);
        }
        text_element(m, fp, it, base, w, false);
        if (named)
            fputs("</g>\n", fp);
        return;
    }
    fputs("<g", fp);
    svg_named(doc, named);
    fputs(">\n", fp);
    text_element(m, fp, it, base, w, true);
    text_element(m, fp, it, base, w, false);
    fputs("</g>\n", fp);
}

static void
svg_item(svg_doc *doc, const dl_item *it, const dl_ident *named)
{
    if (it->kind == DL_PATH)
        svg_path(doc, it, named);
    else
        svg_text(doc, it, named);
}

/* The items of a layer: those drawing one thing (a zone, a label and its
 * dot, an annotation drawn in several passes, ...) as one element, or a
 * group of them where its first item is, carrying its name. */
static void
svg_items(svg_doc *doc, dl_layer layer)
{
    const dlist *d = &doc->m->dl;
    size_t *next = malloc((d->nitems ? d->nitems : 1) * sizeof(*next));
    size_t *tail = calloc(d->nidents + 1, sizeof(*tail));   /* each thing's last item, + 1 */
    bool *done = calloc(d->nitems ? d->nitems : 1, sizeof(*done));

    if (next == NULL || tail == NULL || done == NULL) {
        doc->failed = true;
        goto out;
    }
    for (size_t i = 0; i < d->nitems; i++) {   /* each item to the next of its thing */
        uint32_t id = d->items[i].ident;
        next[i] = SIZE_MAX;
        if (d->items[i].layer != layer || id == 0 || id > d->nidents)
            continue;
        if (tail[id])
            next[tail[id] - 1] = i;
        tail[id] = i + 1;
    }
    for (size_t i = 0; i < d->nitems; i++) {
        const dl_item *it = &d->items[i];
        const dl_ident *named = sm_dl_ident(d, it);

        if (it->layer != layer || done[i])
            continue;
        if (named == NULL || next[i] == SIZE_MAX) {
            svg_item(doc, it, named);
            continue;
        }
        fputs("<g", doc->fp);
        svg_named(doc, named);
        fputs(">\n", doc->fp);
        for (size_t j = i; j != SIZE_MAX; j = next[j]) {
            svg_item(doc, &d->items[j], NULL);
            done[j] = true;
        }
        fputs("</g>\n", doc->fp);
    }
out:
    free(next);
    free(tail);
    free(done);
}

/* An Inkscape layer (which Illustrator takes as a group). */
static void
layer_open(FILE *fp, const char *id, const char *label)
{
    fprintf(fp, "<g id=\"%s\" inkscape:groupmode=\"layer\" inkscape:label=\"%s\">\n", id,
            label);
}

/* The layers, in the order drawn; a sublayer in its parent. */
static void
svg_layers(svg_doc *doc)
{
    for (int layer = 0; layer < DL_LAYER_COUNT; layer++) {
        const struct svg_layer *l = &layers[layer];
        bool first = layer == 0 || layers[layer - 1].parent != l->parent;
        bool last = layer + 1 == DL_LAYER_COUNT || layers[layer + 1].parent != l->parent;

        assert(l->id && l->label);      /* every layer of dl_layer is in the table */
        if (l->parent && first)
            layer_open(doc->fp, l->parent->id, l->parent->label);
        layer_open(doc->fp, l->id, l->label);
        svg_items(doc, (dl_layer)layer);
        fputs("</g>\n", doc->fp);
        if (l->parent && last)
            fputs("</g>\n", doc->fp);
    }
}

/* The document's start: its size, and the namespaces its attributes use. */
static void
svg_open(const map *m, FILE *fp)
{
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\""
                " xmlns:xlink=\"http://www.w3.org/1999/xlink\""
                " xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\""
                " version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            sm_map__out_w(m), sm_map__out_h(m), sm_map__out_w(m), sm_map__out_h(m));
}

sm_status
sm_dl_to_svg(const map *m, FILE *fp, sm_error *err)
{
    svg_doc doc = { m, fp, sm_svg__ids_new(), false };

    if (doc.ids == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    svg_open(m, fp);
    sm_render__svg_meta(m, fp);
    svg_patterns(m, fp);
    svg_layers(&doc);
    fputs("</svg>\n", fp);
    sm_svg__ids_free(doc.ids);
    if (doc.failed)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (ferror(fp))
        return sm_fail(err, SM_EIO, "cannot write the SVG");
    return SM_OK;
}
