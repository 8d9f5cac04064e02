/* SPDX-License-Identifier: MIT */
/*
 * underlay.c - a PNG's lower layers drawn while the upper ones are still
 * being built. The image starts as the frame's basemap (frame.c); when a
 * phase of the map is done with some layers (the zones, the fronts, the
 * events), their items are copied and handed to a thread that draws them,
 * in order, into the whole image; the output (raster.c) then draws only
 * the layers above in bands. When the thread cannot start, or the caller
 * asks for one thread, each hand-over is drawn at once instead.
 *
 * The thread starts with the render and first copies the basemap into the
 * image (touching its pages, some two thousand page faults) while the
 * zones are laid out; a map that is its frame's only one takes the
 * frame's image itself.
 *
 * The maps of a series share their frame, which keeps the image of its
 * last map's layers below DL_CONTROL (the zones, the changes, the front
 * lines: the same from one day to the next while the zones are) with those
 * layers' items in bytes. A map of the same items in those layers starts
 * from the kept image instead of drawing them: those layers are held until
 * the last of them is handed over, then either dropped (the same bytes) or
 * drawn and kept. Each item is drawn on its own, so the image is the same
 * either way.
 *
 * Which layers are drawn here and which in bands is fixed by the phases,
 * never by the threads' timing, so the same inputs give the same bytes (a
 * layer drawn whole and one drawn in bands can differ by a few levels at
 * polygon edges, where Cairo clips them to the band). Should an item be
 * added to a layer after it was handed over (dlist's `late`), the drawing
 * is thrown away and the output draws every layer, so the order of layers
 * always holds.
 */
#include "render/render_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* The layers a series' frame keeps drawn (below this one). */
#define KEPT_BELOW DL_CONTROL

typedef struct chunk {
    map snap;                  /* the map, with only the chunk's items listed */
    bool keep;                 /* no items: the image now is the frame's to keep */
    struct chunk *next;
} chunk;

struct sm_underlay {
    bool threaded;             /* else each chunk is drawn when handed over */
    const unsigned char *base; /* the image to start from, or NULL: blank */
    bool taken;                /* data is base itself */
    sm_frame *frame;           /* keeping the layers below KEPT_BELOW; else NULL */
    bool started;              /* the image to start from is known */
    chunk *held, *held_tail;   /* layers below KEPT_BELOW, until their bytes are known */
    sm_buf key;                /* their bytes */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    chunk *head, *tail;        /* handed over, not drawn yet */
    bool closed;               /* no more chunks */
    unsigned char *data;       /* the whole image, Cairo's RGB24 */
    int stride, width, height;
    dl_layer below;            /* the layers below this one are handed over */
    bool failed;               /* a drawing failed: the output draws all */
};

static void
chunk_free(chunk *c)
{
    free(c->snap.dl.items);    /* the texts stay the map's own */
    free(c->snap.dl.pts);
    free(c);
}

/* The image's first state (its pages touched, in order). */
static void
start_image(struct sm_underlay *u)
{
    if (!u->taken && u->base)           /* else blank already */
        memcpy(u->data, u->base, (size_t)u->stride * (size_t)u->height);
}

/* The image as the frame's kept one, for the layers' bytes in u->key. */
static void
keep_image(struct sm_underlay *u)
{
    sm_frame *f = u->frame;
    sm_buf old = f->kept_key;

    if (u->failed || (f->kept == NULL && (f->kept = sm_render__image_new(&f->tpl)) == NULL)) {
        sm_buf_reset(&f->kept_key);     /* nothing kept */
        return;
    }
    memcpy(f->kept, u->data, (size_t)u->stride * (size_t)u->height);
    f->kept_key = u->key;
    u->key = old;
}

/* Draw a chunk into the image (and free it). */
static void
draw_chunk(struct sm_underlay *u, chunk *c)
{
    cairo_surface_t *s;
    cairo_t *cr;
    sm_error err = { 0 };

    if (c->keep) {
        keep_image(u);
        chunk_free(c);
        return;
    }
    s = cairo_image_surface_create_for_data(u->data, CAIRO_FORMAT_RGB24, u->width, u->height,
                                            u->stride);
    cr = cairo_create(s);
    if (!u->failed && sm_dl_to_cairo(&c->snap, cr, 0, &err) != SM_OK)
        u->failed = true;
    cairo_destroy(cr);
    cairo_surface_flush(s);
    cairo_surface_destroy(s);
    chunk_free(c);
}

static void *
work(void *arg)
{
    struct sm_underlay *u = arg;

    pthread_mutex_lock(&u->lock);
    while (!u->started)
        pthread_cond_wait(&u->wake, &u->lock);
    pthread_mutex_unlock(&u->lock);
    start_image(u);
    for (;;) {
        chunk *c;

        pthread_mutex_lock(&u->lock);
        while (u->head == NULL && !u->closed)
            pthread_cond_wait(&u->wake, &u->lock);
        c = u->head;
        if (c)
            u->head = c->next;
        pthread_mutex_unlock(&u->lock);
        if (c == NULL)
            break;
        draw_chunk(u, c);
    }
    return NULL;
}

void
sm_render__underlay_start(map *m, unsigned char *base, bool take, dl_layer base_below)
{
    struct sm_underlay *u;

    if (m->underlay || (u = calloc(1, sizeof(*u))) == NULL)
        return;
    u->width = sm_map__out_w(m);
    u->height = sm_map__out_h(m);
    u->stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, u->width);
    u->taken = base && take;
    u->data = u->taken ? base : sm_render__image_new(m);
    if (u->data == NULL) {                          /* filled by start_image */
        free(u);
        return;
    }
    u->base = base;
    if (base)
        u->below = m->dl.sealed_below = base_below;
    /* a frame's later maps may start from its kept image */
    u->frame = base && !take && m->frame && base_below < KEPT_BELOW ? m->frame : NULL;
    u->started = u->frame == NULL;
    pthread_mutex_init(&u->lock, NULL);
    pthread_cond_init(&u->wake, NULL);
    u->threaded = !m->o->one_thread && pthread_create(&u->thread, NULL, work, u) == 0;
    if (!u->threaded && u->started)     /* the same layers, drawn on this thread */
        start_image(u);
    m->underlay = u;
}

/* Points in bytes, field by field (not their padding), a run at a time. */
static void
put_points(sm_buf *key, const dl_point *pts, uint32_t n)
{
    enum { SIZE = 2 * sizeof(float) + 1, RUN = 256 };
    unsigned char run[SIZE * RUN];
    uint32_t k = 0;

    while (k < n) {
        size_t len = 0;
        for (; k < n && len < sizeof(run); k++, len += SIZE) {
            memcpy(run + len, &pts[k].x, sizeof(float));
            memcpy(run + len + sizeof(float), &pts[k].y, sizeof(float));
            run[len + 2 * sizeof(float)] = pts[k].op;
        }
        sm_buf_append(key, run, len);
    }
}

/* The chunk's items and points in bytes, field by field (what they draw
 * aside: it changes no pixel). */
static void
put_chunk(sm_buf *key, const chunk *c)
{
    const dlist *d = &c->snap.dl;

    for (size_t i = 0; i < d->nitems; i++) {
        const dl_item *it = &d->items[i];
        const float floats[] = { it->stroke_px, it->dash_px, it->hatch_px, it->x, it->y,
                                 it->size_px, it->spacing_em, it->halo_px };
        const int ints[] = { (int)it->kind, (int)it->layer, it->bold, it->arabic, it->italic,
                             it->small_caps, (int)it->npts };
        const sm_rgba colours[] = { it->fill, it->stroke, it->hatch };

        sm_buf_append(key, floats, sizeof(floats));
        sm_buf_append(key, ints, sizeof(ints));
        for (size_t k = 0; k < SM_LEN(colours); k++)
            sm_buf_append(key, &colours[k], sizeof(colours[k]));
        sm_buf_append(key, it->text ? it->text : "", it->text ? strlen(it->text) + 1 : 1);
        put_points(key, &d->pts[it->first], it->npts);
    }
}

/* Give c to the thread, or draw it now. */
static void
hand(struct sm_underlay *u, chunk *c)
{
    if (!u->threaded) {
        draw_chunk(u, c);
        return;
    }
    pthread_mutex_lock(&u->lock);
    if (u->tail && u->head)
        u->tail->next = c;
    else
        u->head = c;
    u->tail = c;
    pthread_cond_signal(&u->wake);
    pthread_mutex_unlock(&u->lock);
}

/* The layers held are known: start from the frame's kept image when they
 * are those it keeps (hit; else from base, and draw and keep them). */
static void
start(struct sm_underlay *u, bool hit)
{
    chunk *held = u->held;

    if (hit)
        u->base = u->frame->kept;
    pthread_mutex_lock(&u->lock);
    u->started = true;
    pthread_cond_signal(&u->wake);
    pthread_mutex_unlock(&u->lock);
    if (!u->threaded)
        start_image(u);
    u->held = u->held_tail = NULL;
    while (held) {
        chunk *next = held->next;
        held->next = NULL;
        if (hit)
            chunk_free(held);
        else
            hand(u, held);
        held = next;
    }
}

/* A copy of the map listing only the items of layers [from, to). */
static chunk *
snapshot(const map *m, dl_layer from, dl_layer to)
{
    const dlist *d = &m->dl;
    chunk *c = calloc(1, sizeof(*c));
    size_t n = 0, npts = 0;

    if (c == NULL)
        return NULL;
    c->snap = *m;
    c->snap.underlay = NULL;
    c->snap.dl = (dlist){ 0 };
    c->snap.dl.items = malloc((d->nitems + 1) * sizeof(dl_item));
    c->snap.dl.pts = malloc((d->npts + 1) * sizeof(dl_point));
    if (c->snap.dl.items == NULL || c->snap.dl.pts == NULL) {
        chunk_free(c);
        return NULL;
    }
    for (size_t i = 0; i < d->nitems; i++) {
        dl_item it = d->items[i];

        if (it.layer < from || it.layer >= to)
            continue;
        memcpy(c->snap.dl.pts + npts, d->pts + it.first, it.npts * sizeof(dl_point));
        it.first = (uint32_t)npts;
        npts += it.npts;
        c->snap.dl.items[n++] = it;
    }
    c->snap.dl.nitems = n;
    c->snap.dl.npts = npts;
    sm_dl_scale(&c->snap.dl, 0, sm_map__k(m));      /* the output's size */
    return c;
}

void
sm_render__underlay(map *m, dl_layer below)
{
    struct sm_underlay *u = m->underlay;
    chunk *c;

    if (u == NULL || m->dl.failed || m->dl.late || below <= m->dl.sealed_below)
        return;
    if (!u->started && below > KEPT_BELOW && u->below < KEPT_BELOW)
        sm_render__underlay(m, KEPT_BELOW);        /* the layers kept first */
    if ((c = snapshot(m, u->below, below)) == NULL) {
        m->dl.failed = true;
        return;
    }
    u->below = m->dl.sealed_below = below;
    if (u->started) {
        hand(u, c);
        return;
    }
    put_chunk(&u->key, c);
    if (u->held_tail)
        u->held_tail->next = c;
    else
        u->held = c;
    u->held_tail = c;
    if (below < KEPT_BELOW)
        return;
    if (!u->key.failed && u->frame->kept && u->frame->kept_key.len == u->key.len &&
        memcmp(u->frame->kept_key.data, u->key.data, u->key.len) == 0) {
        start(u, true);
        return;
    }
    start(u, false);
    if (!u->key.failed && (c = calloc(1, sizeof(*c))) != NULL) {
        c->keep = true;
        hand(u, c);
    }
}

static void
stop(struct sm_underlay *u)
{
    if (!u->started)
        start(u, false);                /* the layers held drawn; nothing kept */
    pthread_mutex_lock(&u->lock);
    u->closed = true;
    pthread_cond_signal(&u->wake);
    pthread_mutex_unlock(&u->lock);
    if (u->threaded)
        pthread_join(u->thread, NULL);
    pthread_mutex_destroy(&u->lock);
    pthread_cond_destroy(&u->wake);
    sm_buf_free(&u->key);
}

unsigned char *
sm_render__underlay_take(map *m, dl_layer *below)
{
    struct sm_underlay *u = m->underlay;
    unsigned char *data;

    *below = 0;
    if (u == NULL)
        return sm_render__image_new(m);
    stop(u);
    data = u->data;
    if (u->failed || m->dl.late)
        memset(data, 0, (size_t)u->stride * (size_t)u->height);
    else
        *below = u->below;
    free(u);
    m->underlay = NULL;
    return data;
}

void
sm_render__underlay_discard(map *m)
{
    if (m->underlay == NULL)
        return;
    stop(m->underlay);
    sm_render__image_free(m, m->underlay->data);
    free(m->underlay);
    m->underlay = NULL;
}
