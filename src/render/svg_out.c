/* SPDX-License-Identifier: MIT */
/*
 * svg_out.c - the display list as SVG a graphics desk can finish by hand:
 * one named group per layer (basemap, zones, changes, frontlines, control,
 * events, names, labels, legend, inset, title, scalebar, credits), paths in
 * pixels, text as real <text> elements (Arabic too; along a line, a
 * <textPath>) with the halo as a stroke painted first, hatching as
 * <pattern>s in <defs>. Nothing is rasterised.
 */
#include "render/render_int.h"

#include <assert.h>
#include <stdio.h>

#include "core/text.h"

static const char *const layer_names[DL_LAYER_COUNT] = {
    "basemap", "zones", "changes", "frontlines", "control", "events", "names", "labels", "legend",
    "inset", "title", "scalebar", "credits",
};

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

static void
svg_path(const map *m, FILE *fp, const dl_item *it)
{
    const dl_point *p = m->dl.pts + it->first;

    fputs("<path d=\"", fp);
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

/* A text along a line: the line in <defs>, named by the item's index, and
 * the text on it (<textPath>). */
static void
svg_text(const map *m, FILE *fp, const dl_item *it)
{
    double w, h, base;
    size_t index = (size_t)(it - m->dl.items);

    sm_map__text_size_styled((map *)m, it->text, it->size_px, it->bold, it->italic,
                             it->small_caps, it->spacing_em, &w, &h, &base);
    if (it->npts >= 2) {
        const dl_point *p = m->dl.pts + it->first;
        fprintf(fp, "<defs><path id=\"along%zu\" d=\"", index);
        for (uint32_t i = 0; i < it->npts; i++)
            fprintf(fp, "%c%.1f %.1f", i == 0 ? 'M' : 'L', p[i].x, p[i].y);
        fputs("\"/></defs>\n", fp);
        fputs("<text", fp);
    } else {
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\"", it->x, it->y + base);
    }
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
    colour_attr(fp, "fill", it->fill);
    if (it->halo_px > 0) {
        colour_attr(fp, "stroke", it->stroke);
        fprintf(fp, " stroke-width=\"%.2g\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                2 * it->halo_px);
    }
    fputc('>', fp);
    if (it->npts >= 2)
        fprintf(fp, "<textPath xlink:href=\"#along%zu\">", index);
    sm_text_xml_put(fp, it->text);
    fputs(it->npts >= 2 ? "</textPath></text>\n" : "</text>\n", fp);
}

sm_status
sm_dl_to_svg(const map *m, FILE *fp, sm_error *err)
{
    fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<svg xmlns=\"http://www.w3.org/2000/svg\""
                " xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"%d\" height=\"%d\""
                " viewBox=\"0 0 %d %d\">\n",
            sm_map__out_w(m), sm_map__out_h(m), sm_map__out_w(m), sm_map__out_h(m));
    sm_render__svg_meta(m, fp);
    svg_patterns(m, fp);
    for (int layer = 0; layer < DL_LAYER_COUNT; layer++) {
        fprintf(fp, "<g id=\"%s\">\n", layer_names[layer]);
        for (size_t i = 0; i < m->dl.nitems; i++) {
            const dl_item *it = &m->dl.items[i];
            if ((int)it->layer != layer)
                continue;
            if (it->kind == DL_PATH)
                svg_path(m, fp, it);
            else
                svg_text(m, fp, it);
        }
        fputs("</g>\n", fp);
    }
    fputs("</svg>\n", fp);
    if (ferror(fp))
        return sm_fail(err, SM_EIO, "cannot write the SVG");
    return SM_OK;
}
