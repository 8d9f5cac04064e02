/* SPDX-License-Identifier: MIT */
/*
 * underlay.c - a PNG's lower layers drawn while the upper ones are still
 * being built. When a phase of the map is done with some layers (the
 * basemap, then the zones, the fronts, the events), their items are copied
 * and handed to a thread that draws them, in order, into the whole image;
 * the output (raster.c) then draws only the layers above in bands.
 *
 * The thread starts with the render and first touches the image's pages
 * (some two thousand page faults), while the projection and the basemap
 * are set up.
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

typedef struct chunk {
    map snap;                  /* the map, with only the chunk's items listed */
    struct chunk *next;
} chunk;

struct sm_underlay {
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

static void *
work(void *arg)
{
    struct sm_underlay *u = arg;
    cairo_surface_t *s;
    cairo_t *cr;

    memset(u->data, 0, (size_t)u->stride * (size_t)u->height);
    s = cairo_image_surface_create_for_data(u->data, CAIRO_FORMAT_RGB24, u->width, u->height,
                                            u->stride);
    cr = cairo_create(s);

    for (;;) {
        chunk *c;
        sm_error err = { 0 };

        pthread_mutex_lock(&u->lock);
        while (u->head == NULL && !u->closed)
            pthread_cond_wait(&u->wake, &u->lock);
        c = u->head;
        if (c)
            u->head = c->next;
        pthread_mutex_unlock(&u->lock);
        if (c == NULL)
            break;
        if (!u->failed && sm_dl_to_cairo(&c->snap, cr, 0, &err) != SM_OK)
            u->failed = true;
        chunk_free(c);
    }
    cairo_destroy(cr);
    cairo_surface_flush(s);
    cairo_surface_destroy(s);
    return NULL;
}

void
sm_render__underlay_start(map *m)
{
    struct sm_underlay *u;

    if (m->underlay || (u = calloc(1, sizeof(*u))) == NULL)
        return;
    u->width = m->o->width_px;
    u->height = m->o->height_px;
    u->stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, u->width);
    u->data = malloc((size_t)u->stride * (size_t)u->height);    /* cleared by work */
    pthread_mutex_init(&u->lock, NULL);
    pthread_cond_init(&u->wake, NULL);
    if (u->data == NULL || pthread_create(&u->thread, NULL, work, u) != 0) {
        pthread_mutex_destroy(&u->lock);
        pthread_cond_destroy(&u->wake);
        free(u->data);
        free(u);
        return;
    }
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
    pthread_mutex_lock(&u->lock);
    if (u->tail && u->head)
        u->tail->next = c;
    else
        u->head = c;
    u->tail = c;
    pthread_cond_signal(&u->wake);
    pthread_mutex_unlock(&u->lock);
    u->below = m->dl.sealed_below = below;
}

static void
stop(struct sm_underlay *u)
{
    pthread_mutex_lock(&u->lock);
    u->closed = true;
    pthread_cond_signal(&u->wake);
    pthread_mutex_unlock(&u->lock);
    pthread_join(u->thread, NULL);
    pthread_mutex_destroy(&u->lock);
    pthread_cond_destroy(&u->wake);
}

unsigned char *
sm_render__underlay_take(map *m, int stride, dl_layer *below)
{
    struct sm_underlay *u = m->underlay;
    unsigned char *data;

    *below = 0;
    if (u == NULL)
        return calloc((size_t)stride, (size_t)m->o->height_px);
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
    free(m->underlay->data);
    free(m->underlay);
    m->underlay = NULL;
}
