/* SPDX-License-Identifier: MIT */
/* dlist.c - the display list: paths and texts in pixels, by layer. */
#include "render/render_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static dl_item *
new_item(dlist *d, dl_kind kind, dl_layer layer)
{
    dl_item *it;

    assert((unsigned)layer < DL_LAYER_COUNT);  /* one of the layers drawn */
    if (d->failed ||
        !sm_grow((void **)&d->items, &d->items_cap, d->nitems, sizeof(dl_item), 1024)) {
        d->failed = true;
        return NULL;
    }
    if (layer < d->sealed_below)
        d->late = true;
    it = &d->items[d->nitems++];
    memset(it, 0, sizeof(*it));
    it->kind = kind;
    it->layer = layer;
    it->ident = d->open_ident;
    return it;
}

static void
ident_clear(dl_ident *id)
{
    free((char *)id->key);
    free((char *)id->faction);
    free((char *)id->other);
    free((char *)id->status);
    free((char *)id->event_id);
    free((char *)id->name);
    free((char *)id->feature);
}

/* *dst = src with its strings copied; false when memory runs out (*dst is
 * then to be cleared all the same). */
static bool
ident_copy(dl_ident *dst, const dl_ident *src)
{
    const char *const from[] = { src->key,    src->faction,  src->other,  src->status,
                                 src->feature, src->event_id, src->name };
    const char **to[] = { &dst->key,     &dst->faction,  &dst->other, &dst->status,
                          &dst->feature, &dst->event_id, &dst->name };
    bool ok = true;

    *dst = *src;
    for (size_t i = 0; i < SM_LEN(from); i++)
        if (from[i] && (*to[i] = strdup(from[i])) == NULL)
            ok = false;
    return ok;
}

void
sm_dl_begin(dlist *d, const dl_ident *id)
{
    d->open_ident = 0;
    if (d->failed ||
        !sm_grow((void **)&d->idents, &d->idents_cap, d->nidents, sizeof(dl_ident), 64)) {
        d->failed = true;
        return;
    }
    if (!ident_copy(&d->idents[d->nidents], id)) {
        ident_clear(&d->idents[d->nidents]);
        d->failed = true;
        return;
    }
    d->open_ident = (uint32_t)++d->nidents;
}

void
sm_dl_resume(dlist *d, uint32_t ident)
{
    d->open_ident = ident <= d->nidents ? ident : 0;
}

void
sm_dl_end(dlist *d)
{
    d->open_ident = 0;
}

const dl_ident *
sm_dl_ident(const dlist *d, const dl_item *it)
{
    return it->ident > 0 && it->ident <= d->nidents ? &d->idents[it->ident - 1] : NULL;
}

dl_item *
sm_dl_path(dlist *d, dl_layer layer, sm_rgba fill, sm_rgba stroke, float stroke_px)
{
    dl_item *it = new_item(d, DL_PATH, layer);

    if (it) {
        it->fill = fill;
        it->stroke = stroke;
        it->stroke_px = stroke_px;
        it->first = (uint32_t)d->npts;
    }
    return it;
}

void
sm_dl_drop_last(dlist *d)
{
    if (d->nitems == 0)
        return;
    d->nitems--;
    if (d->items[d->nitems].kind == DL_PATH)
        d->npts = d->items[d->nitems].first;
}

void
sm_dl_point(dlist *d, dl_item *it, dl_op op, double x, double y)
{
    /* a path's points are pts[first .. first + npts): only the last item
     * takes more */
    assert(it == NULL || d->failed || it == &d->items[d->nitems - 1]);
    if (it == NULL || d->failed ||
        !sm_grow((void **)&d->pts, &d->pts_cap, d->npts, sizeof(dl_point), 1024)) {
        d->failed = true;
        return;
    }
    d->pts[d->npts++] = (dl_point){ (float)x, (float)y, (uint8_t)op };
    it->npts++;
}

dl_item *
sm_dl_text(dlist *d, dl_layer layer, const char *text, double x, double y, double size_px,
           sm_rgba fill, bool bold)
{
    dl_item *it = new_item(d, DL_TEXT, layer);

    if (it == NULL)
        return NULL;
    it->text = strdup(text);
    if (it->text == NULL) {
        d->failed = true;
        return NULL;
    }
    it->x = (float)x;
    it->y = (float)y;
    it->size_px = (float)size_px;
    it->fill = fill;
    it->bold = bold;
    it->arabic = sm_map__arabic(text);
    return it;
}

bool
sm_dl_copy(dlist *dst, const dlist *src)
{
    *dst = (dlist){ 0 };
    if (src->nitems == 0)
        return true;
    if ((dst->items = malloc(src->nitems * sizeof(dl_item))) == NULL ||
        (dst->pts = malloc((src->npts + 1) * sizeof(dl_point))) == NULL) {
        free(dst->items);
        *dst = (dlist){ 0 };
        return false;
    }
    memcpy(dst->items, src->items, src->nitems * sizeof(dl_item));
    memcpy(dst->pts, src->pts, src->npts * sizeof(dl_point));
    dst->nitems = dst->items_cap = src->nitems;
    dst->npts = src->npts;
    dst->pts_cap = src->npts + 1;
    for (size_t i = 0; i < dst->nitems; i++)
        if (dst->items[i].text && (dst->items[i].text = strdup(dst->items[i].text)) == NULL)
            dst->failed = true;
    if (src->nidents > 0) {
        if ((dst->idents = calloc(src->nidents, sizeof(dl_ident))) == NULL)
            return !(dst->failed = true);
        dst->nidents = dst->idents_cap = src->nidents;
        for (size_t i = 0; i < src->nidents; i++)
            if (!ident_copy(&dst->idents[i], &src->idents[i]))
                dst->failed = true;
    }
    return !dst->failed;
}

void
sm_dl_scale(dlist *d, size_t from, double k)
{
    float f = (float)k;

    if (k == 1)
        return;
    for (size_t i = from; i < d->nitems; i++) {
        dl_item *it = &d->items[i];
        for (uint32_t p = 0; p < it->npts; p++) {
            d->pts[it->first + p].x *= f;
            d->pts[it->first + p].y *= f;
        }
        it->stroke_px *= f;
        it->dash_px *= f;
        it->hatch_px *= f;
        it->x *= f;
        it->y *= f;
        it->size_px *= f;
        it->halo_px *= f;
    }
}

void
sm_dl_free(dlist *d)
{
    for (size_t i = 0; i < d->nitems; i++)
        free(d->items[i].text);
    for (size_t i = 0; i < d->nidents; i++)
        ident_clear(&d->idents[i]);
    free(d->idents);
    free(d->items);
    free(d->pts);
    memset(d, 0, sizeof(*d));
}
