/* SPDX-License-Identifier: MIT */
/*
 * timeline.c - what the days of a series share, kept by the caller between
 * builds: the zones last derived from the control points with the exact
 * bytes of what they came from (taken again only when those are the same),
 * the area of the country's border (for the same points), and the places
 * of the last box asked for.
 */
#include "timeline/timeline_int.h"

#include <stdlib.h>
#include <string.h>

struct sm_timeline {
    sm_buf derived_key;        /* the inputs of the derived zones kept */
    sm_situation *derived;     /* only those zones */
    long reused;
    double box[4];
    sm_situation *places;      /* the places of box */
    double *clip_pts;          /* the border whose area is kept */
    size_t clip_npts, clip_nrings;
    double clip_km2;
};

sm_timeline *
sm_timeline_new(void)
{
    return calloc(1, sizeof(sm_timeline));
}

long
sm_timeline_reused(const sm_timeline *t)
{
    return t ? t->reused : 0;
}

void
sm_timeline_free(sm_timeline *t)
{
    if (t == NULL)
        return;
    sm_buf_free(&t->derived_key);
    sm_situation_free(t->derived);
    sm_situation_free(t->places);
    free(t->clip_pts);
    free(t);
}

double
sm_timeline__km2(sm_timeline *t, const sm_mpoly *clip)
{
    size_t bytes = 2 * sizeof(double) * clip->npts;

    if (t->clip_pts && t->clip_npts == clip->npts && t->clip_nrings == clip->nrings &&
        memcmp(t->clip_pts, clip->pts, bytes) == 0)
        return t->clip_km2;
    free(t->clip_pts);
    t->clip_km2 = sm_mpoly_km2(clip, 0, clip->nrings);
    if ((t->clip_pts = malloc(bytes ? bytes : 1)) != NULL) {
        memcpy(t->clip_pts, clip->pts, bytes);
        t->clip_npts = clip->npts;
        t->clip_nrings = clip->nrings;
    }
    return t->clip_km2;
}

bool
sm_timeline__take(sm_timeline *t, const sm_buf *key, sm_situation *s, bool *oom)
{
    if (t->derived == NULL || t->derived_key.len != key->len ||
        memcmp(t->derived_key.data, key->data, key->len) != 0)
        return false;
    if (!sm_situation__copy_zones(s, t->derived, 0)) {
        *oom = true;
        return false;
    }
    t->reused++;
    return true;
}

void
sm_timeline__keep(sm_timeline *t, const sm_buf *key, const sm_situation *s, size_t from)
{
    sm_situation_free(t->derived);
    sm_buf_reset(&t->derived_key);
    if ((t->derived = sm_situation_new(s->day)) == NULL ||
        !sm_situation__copy_zones(t->derived, s, from) ||
        sm_buf_append(&t->derived_key, key->data, key->len) != SM_OK) {
        sm_situation_free(t->derived);      /* nothing kept */
        t->derived = NULL;
    }
}

bool
sm_timeline__places(sm_timeline *t, const double box[4], sm_situation *s, bool *oom)
{
    if (t->places == NULL || memcmp(t->box, box, sizeof(t->box)) != 0)
        return false;
    for (size_t i = 0; i < t->places->nplaces; i++)
        if (sm_situation_add_place(s, &t->places->places[i], NULL) != SM_OK) {
            *oom = true;
            return false;
        }
    return true;
}

void
sm_timeline__keep_places(sm_timeline *t, const double box[4], const sm_situation *s)
{
    sm_situation_free(t->places);
    memcpy(t->box, box, sizeof(t->box));
    if ((t->places = sm_situation_new(s->day)) == NULL)
        return;
    for (size_t i = 0; i < s->nplaces; i++)
        if (sm_situation_add_place(t->places, &s->places[i], NULL) != SM_OK) {
            sm_situation_free(t->places);
            t->places = NULL;
            return;
        }
}
