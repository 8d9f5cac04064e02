/* SPDX-License-Identifier: MIT */
/*
 * fonts.c - the fonts every text of a map is measured and drawn with:
 * Pango's font map and context (no hinting, so that text scales exactly),
 * and the lock held around Pango's calls (a PNG's bands are drawn on
 * several threads). A render makes its own, unless given some: made
 * ahead, they are loaded while a program waits for something else (the
 * CLI: while PROJ and SpatiaLite open), and serve every map it draws
 * after, one at a time (a series' worker: some 14 M instructions a map).
 */
#include "render/render_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sm_fonts {
    PangoFontMap *fontmap;
    PangoContext *pango;
    pthread_mutex_t lock;
    char checked[2][160];      /* the families found to have Latin, Arabic letters */
};

/* Lay out a few letters in each font the style's texts take, so that
 * fontconfig's configuration is read and the fonts found and sorted now:
 * a map's first text would do it. */
static void
load(sm_fonts *f, const sm_style *s)
{
    map m = { .s = s, .pango = f->pango, .pango_lock = &f->lock };

    for (int k = 0; k < 3; k++) {
        PangoLayout *l = sm_map__layout_styled(&m, "Aa \u062d\u0644\u0628", k == 1, k == 2,
                                               false, 0);
        PangoRectangle r;
        pango_layout_get_extents(l, NULL, &r);
        g_object_unref(l);
    }
}

/* The glyphs of text that no font of the style (nor one fontconfig gives
 * in their place) has: each would be drawn as a box. */
static int
unknown_glyphs(map *m, const char *text)
{
    PangoLayout *l = sm_map__layout_styled(m, text, false, false, false, 0);
    int n = pango_layout_get_unknown_glyphs_count(l);

    g_object_unref(l);
    return n;
}

sm_status
sm_map__fonts_check(sm_fonts *f, const sm_style *s, sm_lang lang, sm_error *err)
{
    /* a few letters of each script; Arabic for a map in Arabic only */
    static const struct { const char *script, *sample; } scripts[2] = {
        { "Latin", "Aa Syria" }, { "Arabic", "\u062d\u0644\u0628" },
    };
    map m = { .s = s, .pango = f->pango, .pango_lock = &f->lock };
    char family[160];
    sm_status st = SM_OK;

    snprintf(family, sizeof(family), "%s, %s", s->font, s->font_arabic);
    pthread_mutex_lock(&f->lock);
    for (int k = 0; k < 2 && st == SM_OK; k++) {
        if ((k == 1 && lang == SM_LANG_EN) || strcmp(f->checked[k], family) == 0)
            continue;
        if (unknown_glyphs(&m, scripts[k].sample) > 0)
            st = sm_fail(err, SM_EINPUT, "no font has %s letters: neither the style's \"%s\""
                         " nor one fontconfig offers in its place (every text would be a row"
                         " of boxes); install the fonts (Debian: fonts-noto-core) or name"
                         " installed ones in the style's \"fonts\"", scripts[k].script,
                         k == 0 ? s->font : s->font_arabic);
        else
            memcpy(f->checked[k], family, sizeof(family));
    }
    pthread_mutex_unlock(&f->lock);
    return st;
}

void
sm_map__font_options(cairo_font_options_t *fo)
{
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
}

void
sm_map__use_font_options(cairo_t *cr)
{
    cairo_font_options_t *fo = cairo_font_options_create();

    sm_map__font_options(fo);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
}

sm_status
sm_fonts_new(const sm_style *s, sm_fonts **out, sm_error *err)
{
    sm_fonts *f = calloc(1, sizeof(*f));
    cairo_font_options_t *fo;

    *out = NULL;
    if (f != NULL)
        pthread_mutex_init(&f->lock, NULL);
    if (f == NULL || (f->fontmap = pango_cairo_font_map_new()) == NULL ||
        (f->pango = pango_font_map_create_context(f->fontmap)) == NULL ||
        (fo = cairo_font_options_create()) == NULL) {
        sm_fonts_free(f);
        return sm_fail(err, SM_ENOMEM, "out of memory for the fonts");
    }
    sm_map__font_options(fo);
    pango_cairo_context_set_font_options(f->pango, fo);
    cairo_font_options_destroy(fo);
    if (s)
        load(f, s);
    *out = f;
    return SM_OK;
}

void
sm_fonts_free(sm_fonts *f)
{
    if (f == NULL)
        return;
    if (f->pango)
        g_object_unref(f->pango);
    if (f->fontmap)
        g_object_unref(f->fontmap);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

void
sm_map__use_fonts(map *m, sm_fonts *f)
{
    m->pango = f->pango;
    m->pango_lock = &f->lock;
}
