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

typedef struct chunk {
    map snap;                  /* the map, with only the chunk's items listed */
    struct chunk *next;
} chunk;

struct sm_underlay {
    bool threaded;             /* else each chunk is drawn when handed over */
    const unsigned char *base; /* the image to start from, or NULL: blank */
    bool taken;                /* data is base itself */
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

/* Draw a chunk into the image (and free it). */
static void
draw_chunk(struct sm_underlay *u, chunk *c)
{
    cairo_surface_t *s = cairo_image_surface_create_for_data(u->data, CAIRO_FORMAT_RGB24,
                                                             u->width, u->height, u->stride);
    cairo_t *cr = cairo_create(s);
    sm_error err = { 0 };

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
    pthread_mutex_init(&u->lock, NULL);
    pthread_cond_init(&u->wake, NULL);
    u->threaded = !m->o->one_thread && pthread_create(&u->thread, NULL, work, u) == 0;
    if (!u->threaded)                   /* the same layers, drawn on this thread */
        start_image(u);
    m->underlay = u;
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
    if ((c = snapshot(m, u->below, below)) == NULL) {
        m->dl.failed = true;
        return;
    }
    u->below = m->dl.sealed_below = below;
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

static void
stop(struct sm_underlay *u)
{
    pthread_mutex_lock(&u->lock);
    u->closed = true;
    pthread_cond_signal(&u->wake);
    pthread_mutex_unlock(&u->lock);
    if (u->threaded)
        pthread_join(u->thread, NULL);
    pthread_mutex_destroy(&u->lock);
    pthread_cond_destroy(&u->wake);
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
