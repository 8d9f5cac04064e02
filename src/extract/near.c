/* SPDX-License-Identifier: MIT */
/*
 * near.c - the places of an article as a set of points on a grid of cells,
 * so that "the nearest of them" and "is one of them within reach" cost a few
 * cells each, not a pass over every place named (a long text names
 * thousands; the same town many times).
 *
 * A point is kept once (the first time it is added): the answers below
 * depend on the points' positions and their order of first appearance only.
 * The grid covers the points' extent with about two points a cell; a point
 * far outside any place on Earth (more than FAR_DEG from 0, 0) is kept
 * apart and always compared, so the answers stay those of a pass over
 * every point whatever the input.
 */
#include "extract/extract_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define FAR_DEG 1000.0          /* coordinates beyond this: kept off the grid */
#define MAX_SIDE 1024           /* cells a row or a column, at most */
#define MARGIN_DEG 1e-6         /* a bound kept short by this, for rounding */

static uint64_t
point_hash(double lat, double lon)
{
    uint64_t a, b;

    lat += 0.0;                         /* -0 and 0 alike */
    lon += 0.0;
    memcpy(&a, &lat, sizeof(a));
    memcpy(&b, &lon, sizeof(b));
    a = (a ^ (b * UINT64_C(0x9e3779b97f4a7c15))) * UINT64_C(0xff51afd7ed558ccd);
    return a ^ (a >> 29);
}

static bool
rehash(near_set *s, size_t nslots)
{
    uint32_t *slot = calloc(nslots, sizeof(uint32_t));

    if (slot == NULL)
        return false;
    for (size_t k = 0; k < s->n; k++) {
        size_t h = point_hash(s->pt[2 * k], s->pt[2 * k + 1]) & (nslots - 1);
        while (slot[h])
            h = (h + 1) & (nslots - 1);
        slot[h] = (uint32_t)k + 1;
    }
    free(s->slot);
    s->slot = slot;
    s->nslots = nslots;
    return true;
}

bool
sm_near_add(near_set *s, double lat, double lon)
{
    size_t h;

    if (!isfinite(lat) || !isfinite(lon))
        return true;                    /* never the nearest, never within reach */
    if (s->n >= UINT32_MAX - 1)
        return false;
    if (2 * (s->n + 1) > s->nslots && !rehash(s, s->nslots ? 2 * s->nslots : 64))
        return false;
    for (h = point_hash(lat, lon) & (s->nslots - 1); s->slot[h];
         h = (h + 1) & (s->nslots - 1)) {
        const double *p = &s->pt[2 * (s->slot[h] - 1)];
        if (p[0] == lat && p[1] == lon)
            return true;
    }
    if (!sm_grow((void **)&s->pt, &s->cap, 2 * s->n + 1, sizeof(double), 64))
        return false;
    s->pt[2 * s->n] = lat;
    s->pt[2 * s->n + 1] = lon;
    s->slot[h] = (uint32_t)++s->n;
    return true;
}

static bool
is_far(const double *p)
{
    return fabs(p[0]) > FAR_DEG || fabs(p[1]) > FAR_DEG;
}

/* The cell's row or column of coordinate v (from v0, cells of c), clamped
 * to [0, side). */
static int
cell_of(double v, double v0, double c, int side)
{
    double f = floor((v - v0) / c);

    return f < 0 ? 0 : f >= side ? side - 1 : (int)f;
}

bool
sm_near_index(near_set *s)
{
    double south = INFINITY, north = -INFINITY, west = INFINITY, east = -INFINITY, area;
    size_t on = 0, cells, at;

    free(s->cell);
    free(s->in);
    s->cell = s->in = NULL;
    for (size_t k = 0; k < s->n; k++) {
        const double *p = &s->pt[2 * k];
        if (is_far(p))
            continue;
        on++;
        south = fmin(south, p[0]);
        north = fmax(north, p[0]);
        west = fmin(west, p[1]);
        east = fmax(east, p[1]);
    }
    if (on == 0)
        south = north = west = east = 0;
    s->lat0 = south;
    s->lon0 = west;
    /* square cells (in degrees), about two points each */
    area = fmax(north - south, 1e-9) * fmax(east - west, 1e-9);
    s->size = fmax(sqrt(area / fmax(on / 2.0, 1.0)), 1e-6);
    s->size = fmax(s->size, fmax(north - south, east - west) / (MAX_SIDE - 1));
    s->rows = (int)fmin(floor((north - south) / s->size) + 1, MAX_SIDE);
    s->cols = (int)fmin(floor((east - west) / s->size) + 1, MAX_SIDE);
    cells = (size_t)s->rows * (size_t)s->cols;
    if ((s->cell = calloc(cells + 2, sizeof(uint32_t))) == NULL ||
        (s->in = malloc((s->n + 1) * sizeof(uint32_t))) == NULL)
        return false;
    /* counting sort by cell, each cell's points in their order; the far
       ones last (s->cell[cells] .. s->cell[cells + 1]) */
    for (size_t k = 0; k < s->n; k++) {
        const double *p = &s->pt[2 * k];
        size_t c = is_far(p) ? cells
                             : (size_t)cell_of(p[0], s->lat0, s->size, s->rows) * s->cols +
                                   (size_t)cell_of(p[1], s->lon0, s->size, s->cols);
        s->cell[c + 1]++;
    }
    for (size_t c = 0, sum = 0; c <= cells + 1; c++) {
        sum += s->cell[c];
        s->cell[c] = (uint32_t)sum;
    }
    /* s->cell[c] is now the start of cell c; fill, moving the starts on,
       then move them back */
    for (size_t k = 0; k < s->n; k++) {
        const double *p = &s->pt[2 * k];
        size_t c = is_far(p) ? cells
                             : (size_t)cell_of(p[0], s->lat0, s->size, s->rows) * s->cols +
                                   (size_t)cell_of(p[1], s->lon0, s->size, s->cols);
        s->in[s->cell[c]++] = (uint32_t)k;
    }
    at = 0;
    for (size_t c = 0; c <= cells; c++) {
        uint32_t end = s->cell[c];
        s->cell[c] = (uint32_t)at;
        at = end;
    }
    return true;
}

/* Points from..to of s->in against the best so far: the least d2, then the
 * first added. */
static void
compare(const near_set *s, uint32_t from, uint32_t to, double lat, double lon, double kx,
        double *best_d2, long *best)
{
    for (uint32_t i = from; i < to; i++) {
        uint32_t k = s->in[i];
        double dy = s->pt[2 * k] - lat, dx = (s->pt[2 * k + 1] - lon) * kx, d2;
        if ((d2 = dx * dx + dy * dy) < *best_d2 || (d2 == *best_d2 && (long)k < *best))
            *best_d2 = d2, *best = k;
    }
}

int
sm_near_nearest(const near_set *s, double lat, double lon, double kx)
{
    size_t cells = (size_t)s->rows * (size_t)s->cols;
    double best_d2 = INFINITY, fi, fj, reach;
    long best = -1;
    int qi, qj, last;

    if (s->n == 0 || s->cell == NULL || !isfinite(lat) || !isfinite(lon) || !isfinite(kx))
        return -1;
    compare(s, s->cell[cells], s->cell[cells + 1], lat, lon, kx, &best_d2, &best);
    fi = floor((lat - s->lat0) / s->size);
    fj = floor((lon - s->lon0) / s->size);
    if (fi < -s->rows || fi > 2.0 * s->rows || fj < -s->cols || fj > 2.0 * s->cols) {
        /* far from every point: all of them */
        compare(s, 0, s->cell[cells], lat, lon, kx, &best_d2, &best);
        return (int)best;
    }
    qi = (int)fi;
    qj = (int)fj;
    last = abs(qi) > abs(qi - (s->rows - 1)) ? abs(qi) : abs(qi - (s->rows - 1));
    last = abs(qj) > last ? abs(qj) : last;
    last = abs(qj - (s->cols - 1)) > last ? abs(qj - (s->cols - 1)) : last;
    /* rings of cells round the query's: after ring r, every point not seen
       is r cells or more away in latitude or in longitude */
    for (int r = 0; r <= last; r++) {
        for (int i = qi - r; i <= qi + r; i++) {
            if (i < 0 || i >= s->rows)
                continue;
            /* the whole row at the ring's top and bottom, else its two ends */
            int step = i == qi - r || i == qi + r ? 1 : 2 * r;
            for (int j = qj - r; j <= qj + r; j += step)
                if (j >= 0 && j < s->cols) {
                    size_t c = (size_t)i * s->cols + (size_t)j;
                    compare(s, s->cell[c], s->cell[c + 1], lat, lon, kx, &best_d2, &best);
                }
        }
        reach = r * s->size * fmin(1.0, fabs(kx)) - MARGIN_DEG;
        if (reach > 0 && reach * reach > best_d2)
            break;
    }
    return (int)best;
}

static bool
is_within(const double *p, double lat, double lon, double km)
{
    /* a degree of latitude is 111 km, one of longitude here more than 80:
       most places are told far without trigonometry */
    return fabs(p[0] - lat) * 110 <= km && fabs(p[1] - lon) * 80 <= km &&
           sm_gaz_distance_km(lat, lon, p[0], p[1]) <= km;
}

bool
sm_near_within(const near_set *s, double lat, double lon, double km)
{
    size_t cells = (size_t)s->rows * (size_t)s->cols;
    double dlat = km / 110, dlon = km / 80;
    double i0, i1, j0, j1;

    if (s->n == 0 || s->cell == NULL)
        return false;
    /* the far points, then the cells of the box, one more round it */
    for (uint32_t i = s->cell[cells]; i < s->cell[cells + 1]; i++)
        if (is_within(&s->pt[2 * s->in[i]], lat, lon, km))
            return true;
    i0 = fmax(floor((lat - dlat - s->lat0) / s->size) - 1, 0);
    i1 = fmin(floor((lat + dlat - s->lat0) / s->size) + 1, s->rows - 1);
    j0 = fmax(floor((lon - dlon - s->lon0) / s->size) - 1, 0);
    j1 = fmin(floor((lon + dlon - s->lon0) / s->size) + 1, s->cols - 1);
    if (!(i0 <= i1 && j0 <= j1))
        return false;                   /* NaN too */
    for (int i = (int)i0; i <= (int)i1; i++)
        for (int j = (int)j0; j <= (int)j1; j++) {
            size_t c = (size_t)i * s->cols + (size_t)j;
            for (uint32_t k = s->cell[c]; k < s->cell[c + 1]; k++)
                if (is_within(&s->pt[2 * s->in[k]], lat, lon, km))
                    return true;
        }
    return false;
}

void
sm_near_free(near_set *s)
{
    free(s->pt);
    free(s->slot);
    free(s->cell);
    free(s->in);
    memset(s, 0, sizeof(*s));
}
