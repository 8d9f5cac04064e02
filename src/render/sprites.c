/* SPDX-License-Identifier: MIT */
/*
 * sprites.c - small paths of the layers that stand alone (event symbols,
 * control markers, label dots, legend swatches) on raster output: each
 * shape is drawn once into a small image, a sprite, and then copied
 * wherever it recurs, which costs a fraction of filling and stroking it
 * again. A path's position is rounded to the whole pixel and its shape to
 * 1/16 px, so that recurring shapes meet in the cache; nothing moves by more
 * than half a pixel. Vector outputs never use this.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define SPRITE_MAX_PTS 40       /* longer paths are drawn directly */
#define SPRITE_MAX_PX 48.0      /* ... and larger ones */
#define SPRITE_SLOTS 2048       /* a power of two */
#define KEY_HEAD 4              /* fill, stroke, stroke width, point count */
#define KEY_INTS (KEY_HEAD + 2 * SPRITE_MAX_PTS)

struct sprite {
    int32_t *key;               /* its own copy, nkey long; NULL: a free slot */
    int nkey;
    cairo_surface_t *img;
    int dx, dy;                 /* the image's corner from the path's origin */
};

struct sm_sprites {
    struct sprite slot[SPRITE_SLOTS];
    int used;
};

sm_sprites *
sm_sprites_new(void)
{
    return calloc(1, sizeof(sm_sprites));
}

void
sm_sprites_free(sm_sprites *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < SPRITE_SLOTS; i++)
        if (s->slot[i].img) {
            cairo_surface_destroy(s->slot[i].img);
            free(s->slot[i].key);
        }
    free(s);
}

static int32_t
colour_key(sm_rgba c)
{
    return (int32_t)((uint32_t)lround(c.r * 255) << 24 | (uint32_t)lround(c.g * 255) << 16 |
                     (uint32_t)lround(c.b * 255) << 8 | (uint32_t)lround(c.a * 255));
}

/* The key of the item's style and shape, its points taken from (ox, oy). */
static int
make_key(const map *m, const dl_item *it, double ox, double oy, int32_t *key)
{
    const dl_point *p = m->dl.pts + it->first;
    int n = 0;

    key[n++] = colour_key(it->fill);
    key[n++] = colour_key(it->stroke);
    key[n++] = (int32_t)lround(it->stroke_px * 64);
    key[n++] = (int32_t)it->npts;
    /* then each point: x in 1/16 px times 4 plus its op, y in 1/16 px */
    for (uint32_t i = 0; i < it->npts; i++) {
        key[n++] = (int32_t)lround((p[i].x - ox) * 16) * 4 + p[i].op;
        key[n++] = (int32_t)lround((p[i].y - oy) * 16);
    }
    return n;
}

static uint32_t
hash(const int32_t *key, int n)
{
    return (uint32_t)sm_hash_bytes(SM_HASH_INIT, key, (size_t)n * sizeof(*key));
}

/* The sprite's shape is drawn from its key, not from the path that made it:
 * the image is then the same whichever of the paths sharing the key comes
 * first, so a map drawn whole or in bands, by any thread, has the same
 * pixels. */
static void
draw_key(const map *m, cairo_t *cr, const dl_item *it, const int32_t *key, sm_path_fn draw,
         int pad)
{
    dl_point pts[SPRITE_MAX_PTS];
    map shape = *m;
    dl_item one = *it;

    for (uint32_t i = 0; i < it->npts; i++)
        pts[i] = (dl_point){ (float)((key[KEY_HEAD + 2 * i] >> 2) / 16.0),
                             (float)(key[KEY_HEAD + 2 * i + 1] / 16.0),
                             (uint8_t)(key[KEY_HEAD + 2 * i] & 3) };
    shape.dl.pts = pts;
    one.first = 0;
    draw(&shape, cr, &one, pad, pad);
}

bool
sm_sprites_draw(sm_sprites *s, const map *m, cairo_t *cr, const dl_item *it, sm_path_fn draw)
{
    const dl_point *p = m->dl.pts + it->first;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, ox, oy;
    int32_t key[KEY_INTS];
    struct sprite *sp;
    uint32_t h;
    int n;

    /* only things that stand alone: a piece of coast or of a zone moved by
     * half a pixel would part from its neighbour */
    if (s == NULL || it->kind != DL_PATH || it->npts == 0 || it->npts > SPRITE_MAX_PTS ||
        it->dash_px > 0 || it->hatch.a > 0 ||
        (it->layer != DL_CONTROL && it->layer != DL_EVENTS &&
                            it->layer != DL_LABELS && it->layer != DL_LEGEND))
        return false;
    for (uint32_t i = 0; i < it->npts; i++) {
        x0 = fmin(x0, p[i].x);
        y0 = fmin(y0, p[i].y);
        x1 = fmax(x1, p[i].x);
        y1 = fmax(y1, p[i].y);
    }
    if (x1 - x0 > SPRITE_MAX_PX || y1 - y0 > SPRITE_MAX_PX)
        return false;
    ox = round(x0);
    oy = round(y0);
    n = make_key(m, it, x0, y0, key);
    h = hash(key, n) & (SPRITE_SLOTS - 1);
    for (;; h = (h + 1) & (SPRITE_SLOTS - 1)) {
        sp = &s->slot[h];
        if (sp->img == NULL || (sp->nkey == n && memcmp(sp->key, key, n * sizeof(*key)) == 0))
            break;
    }
    if (sp->img == NULL) {
        int pad = (int)ceil(it->stroke_px / 2) + 2;
        cairo_t *scr;
        if (s->used >= SPRITE_SLOTS * 3 / 4 || (sp->key = malloc(n * sizeof(*key))) == NULL)
            return false;                 /* full: draw directly */
        sp->img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                             (int)ceil(x1 - x0) + 2 * pad + 1,
                                             (int)ceil(y1 - y0) + 2 * pad + 1);
        scr = cairo_create(sp->img);
        draw_key(m, scr, it, key, draw, pad);
        cairo_destroy(scr);
        memcpy(sp->key, key, n * sizeof(*key));
        sp->nkey = n;
        sp->dx = -pad;
        sp->dy = -pad;
        s->used++;
    }
    cairo_set_source_surface(cr, sp->img, ox + sp->dx, oy + sp->dy);
    cairo_rectangle(cr, ox + sp->dx, oy + sp->dy, cairo_image_surface_get_width(sp->img),
                    cairo_image_surface_get_height(sp->img));
    cairo_fill(cr);
    return true;
}
