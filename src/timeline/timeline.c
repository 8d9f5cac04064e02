/* SPDX-License-Identifier: MIT */
/*
 * timeline.c - what the days of a series share, kept by the caller between
 * builds, each part with the exact bytes of what it came from and taken
 * again only when those are the same: the zones given (their rows as
 * read), the zones derived from the control points (their inputs), the
 * front lines (the zones they came from and the tolerance); the area of the
 * country's border (its points), and the places of the last box asked for.
 */
#include "timeline/timeline_int.h"

#include <stdlib.h>
#include <string.h>

/* A part of a situation and the bytes it came from. */
typedef struct kept {
    sm_buf key;
    sm_situation *part;
} kept;

struct sm_timeline {
    kept given, derived, fronts;
    long reused, reused_given, reused_fronts;
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

long
sm_timeline_reused_given(const sm_timeline *t)
{
    return t ? t->reused_given : 0;
}

long
sm_timeline_reused_fronts(const sm_timeline *t)
{
    return t ? t->reused_fronts : 0;
}

static void
kept_free(kept *k)
{
    sm_buf_free(&k->key);
    sm_situation_free(k->part);
    k->part = NULL;
}

void
sm_timeline_free(sm_timeline *t)
{
    if (t == NULL)
        return;
    kept_free(&t->given);
    kept_free(&t->derived);
    kept_free(&t->fronts);
    sm_situation_free(t->places);
    free(t->clip_pts);
    free(t);
}

static bool
same(const kept *k, const sm_buf *key)
{
    return k->part != NULL && !key->failed && k->key.len == key->len &&
           memcmp(k->key.data, key->data, key->len) == 0;
}

/* Keep part (NULL: nothing kept) for key, whose bytes are taken: key is
 * left empty. */
static void
keep(kept *k, sm_buf *key, sm_situation *part)
{
    sm_buf old = k->key;

    sm_situation_free(k->part);
    k->part = NULL;
    k->key = *key;
    *key = old;
    sm_buf_reset(key);
    if (part == NULL || k->key.failed) {
        sm_situation_free(part);
        return;
    }
    k->part = part;
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

/* The zones of k appended to s; false when none are kept for key. */
static bool
take_zones(kept *k, const sm_buf *key, sm_situation *s, bool *oom)
{
    if (!same(k, key))
        return false;
    if (!sm_situation__copy_zones(s, k->part, 0)) {
        *oom = true;
        return false;
    }
    return true;
}

/* A situation of zones [from, s->nzones) of s; NULL when out of memory. */
static sm_situation *
zones_of(const sm_situation *s, size_t from)
{
    sm_situation *part = sm_situation_new(s->day);

    if (part && !sm_situation__copy_zones(part, s, from)) {
        sm_situation_free(part);
        return NULL;
    }
    return part;
}

bool
sm_timeline__take(sm_timeline *t, const sm_buf *key, sm_situation *s, bool *oom)
{
    if (!take_zones(&t->derived, key, s, oom))
        return false;
    t->reused++;
    return true;
}

void
sm_timeline__keep(sm_timeline *t, sm_buf *key, const sm_situation *s, size_t from)
{
    keep(&t->derived, key, zones_of(s, from));
}

bool
sm_timeline__given(sm_timeline *t, const sm_buf *rows, sm_situation *s, bool *oom)
{
    if (!take_zones(&t->given, rows, s, oom))
        return false;
    t->reused_given++;
    return true;
}

void
sm_timeline__keep_given(sm_timeline *t, sm_buf *rows, const sm_situation *s)
{
    keep(&t->given, rows, zones_of(s, 0));
}

bool
sm_timeline__fronts(sm_timeline *t, const sm_buf *key, sm_situation *s, bool *oom)
{
    const sm_situation *k = t->fronts.part;

    if (!same(&t->fronts, key))
        return false;
    s->nfronts = s->nfpts = 0;
    if (!sm_grow((void **)&s->fronts, &s->fronts_cap, k->nfronts, sizeof(sm_front), 1) ||
        !sm_grow((void **)&s->fpts, &s->fpts_cap, k->nfpts, 2 * sizeof(double), 1)) {
        *oom = true;
        return false;
    }
    for (size_t i = 0; i < k->nfronts; i++) {
        sm_front f = k->fronts[i];
        f.left = sm_arena_strdup(&s->strings, f.left);
        f.right = sm_arena_strdup(&s->strings, f.right);
        if (f.left == NULL || f.right == NULL) {
            *oom = true;
            return false;
        }
        s->fronts[i] = f;
    }
    if (k->nfpts > 0)
        memcpy(s->fpts, k->fpts, 2 * sizeof(double) * k->nfpts);
    s->nfronts = k->nfronts;
    s->nfpts = k->nfpts;
    t->reused_fronts++;
    return true;
}

void
sm_timeline__keep_fronts(sm_timeline *t, sm_buf *key, const sm_situation *s)
{
    sm_situation *part = sm_situation_new(s->day);
    bool ok = part != NULL;

    if (ok && s->nfronts > 0)
        ok = sm_grow((void **)&part->fronts, &part->fronts_cap, s->nfronts, sizeof(sm_front),
                     1) &&
             (s->nfpts == 0 ||
              sm_grow((void **)&part->fpts, &part->fpts_cap, s->nfpts, 2 * sizeof(double), 1));
    for (size_t i = 0; ok && i < s->nfronts; i++) {
        sm_front f = s->fronts[i];
        f.left = sm_arena_strdup(&part->strings, f.left);
        f.right = sm_arena_strdup(&part->strings, f.right);
        f.advancing = NULL;
        ok = f.left && f.right;
        part->fronts[i] = f;
    }
    if (ok && s->nfpts > 0)
        memcpy(part->fpts, s->fpts, 2 * sizeof(double) * s->nfpts);
    if (ok) {
        part->nfronts = s->nfronts;
        part->nfpts = s->nfpts;
    } else {
        sm_situation_free(part);
        part = NULL;
    }
    keep(&t->fronts, key, part);
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
