/* SPDX-License-Identifier: MIT */
/*
 * sprites.c - small paths of the layers that stand alone (event symbols,
 * control markers, label dots, legend swatches) on raster output: each
 * shape is drawn once into a small image, a sprite, and then copied
 * wherever it recurs, which costs a fraction of filling and stroking it
 * again. A path's position is rounded to the whole pixel and its shape to
 * 1/16 px, so that recurring shapes meet in the cache; nothing moves by more
 * than half a pixel. Vector outputs never use this.
 *
 * Where the drawing is in the image's own pixels (no scale), clipped to a
 * box (a band's rows), a sprite is copied into the image by Pixman itself,
 * the same operation (OVER) Cairo would ask of it: the same bytes, without
 * Cairo's set-up of a source pattern and a fill for each copy (4 us of the
 * 5 that each of the scene's 2,186 events took).
 */
#include "render/render_int.h"

#include <assert.h>
#include <math.h>
#include <pixman.h>
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
    pixman_image_t *pix;        /* the same pixels, for a direct copy */
    int dx, dy;                 /* the image's corner from the path's origin */
};

struct sm_sprites {
    struct sprite slot[SPRITE_SLOTS];
    int used;
    cairo_surface_t *target;    /* with dst: copied into directly */
    pixman_image_t *dst;
    int x0, y0, x1, y1;         /* dst's clip box */
};

/* The image under cr as Pixman's, with the clip's box, when cr draws in
 * its pixels and clips to one rectangle. */
static void
direct(sm_sprites *s, cairo_t *cr)
{
    cairo_surface_t *t = cairo_get_target(cr);
    cairo_format_t f = cairo_image_surface_get_format(t);
    cairo_rectangle_list_t *clip;

    if (!sm_map__in_pixels(cr) || (f != CAIRO_FORMAT_RGB24 && f != CAIRO_FORMAT_ARGB32))
        return;
    clip = cairo_copy_clip_rectangle_list(cr);
    if (clip->status == CAIRO_STATUS_SUCCESS && clip->num_rectangles == 1) {
        const cairo_rectangle_t *r = &clip->rectangles[0];
        s->x0 = (int)r->x, s->y0 = (int)r->y;
        s->x1 = (int)(r->x + r->width), s->y1 = (int)(r->y + r->height);
        cairo_surface_flush(t);
        if (s->x0 == r->x && s->y0 == r->y && s->x1 == r->x + r->width &&
            s->y1 == r->y + r->height)
            s->dst = pixman_image_create_bits(
                f == CAIRO_FORMAT_RGB24 ? PIXMAN_x8r8g8b8 : PIXMAN_a8r8g8b8,
                cairo_image_surface_get_width(t), cairo_image_surface_get_height(t),
                (uint32_t *)cairo_image_surface_get_data(t), cairo_image_surface_get_stride(t));
        s->target = t;
    }
    cairo_rectangle_list_destroy(clip);
}

sm_sprites *
sm_sprites_new(cairo_t *cr)
{
    sm_sprites *s = calloc(1, sizeof(sm_sprites));

    if (s != NULL)
        direct(s, cr);
    return s;
}

void
sm_sprites_free(sm_sprites *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < SPRITE_SLOTS; i++)
        if (s->slot[i].img) {
            if (s->slot[i].pix)
                pixman_image_unref(s->slot[i].pix);
            cairo_surface_destroy(s->slot[i].img);
            free(s->slot[i].key);
        }
    if (s->dst)
        pixman_image_unref(s->dst);
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

    assert(it->npts <= SPRITE_MAX_PTS);     /* the key's room: longer paths are not sprites */
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
        cairo_surface_flush(sp->img);
        if (s->dst)
            sp->pix = pixman_image_create_bits(PIXMAN_a8r8g8b8,
                                               cairo_image_surface_get_width(sp->img),
                                               cairo_image_surface_get_height(sp->img),
                                               (uint32_t *)cairo_image_surface_get_data(sp->img),
                                               cairo_image_surface_get_stride(sp->img));
        memcpy(sp->key, key, n * sizeof(*key));
        sp->nkey = n;
        sp->dx = -pad;
        sp->dy = -pad;
        s->used++;
    }
    if (sp->pix) {
        int x = (int)ox + sp->dx, y = (int)oy + sp->dy;
        int ax = x > s->x0 ? x : s->x0, ay = y > s->y0 ? y : s->y0;
        int bx = x + cairo_image_surface_get_width(sp->img);
        int by = y + cairo_image_surface_get_height(sp->img);
        bx = bx < s->x1 ? bx : s->x1;
        by = by < s->y1 ? by : s->y1;
        if (ax < bx && ay < by) {
            cairo_surface_flush(s->target);
            pixman_image_composite32(PIXMAN_OP_OVER, sp->pix, NULL, s->dst, ax - x, ay - y, 0, 0,
                                     ax, ay, bx - ax, by - ay);
            cairo_surface_mark_dirty_rectangle(s->target, ax, ay, bx - ax, by - ay);
        }
        return true;
    }
    cairo_set_source_surface(cr, sp->img, ox + sp->dx, oy + sp->dy);
    cairo_rectangle(cr, ox + sp->dx, oy + sp->dy, cairo_image_surface_get_width(sp->img),
                    cairo_image_surface_get_height(sp->img));
    cairo_fill(cr);
    return true;
}
