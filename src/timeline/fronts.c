/* SPDX-License-Identifier: MIT */
/*
 * fronts.c - front lines: where the zones of two factions meet.
 *
 * First, shared boundaries: every boundary segment goes into a hash table
 * keyed by its two ends (to 1e-7 degree), and a segment that two zones of
 * different factions both have is on a front. Polygonized or snapped data
 * (and zones derived from control points) meet this way, and this pass costs
 * one look-up a segment. A zone that shares no segment at all with another
 * zone was digitised on its own: with a tolerance, its segments (cut into
 * pieces of twice the tolerance) go through a uniform grid, and a piece is
 * on a front when its middle and both ends lie within the tolerance of the
 * boundary of one other faction's zones.
 *
 * Zones derived from control points meet one another exactly (their cells'
 * shared edges), but meet the zones given as polygons along edges GEOS has
 * cut anew: between a derived and a given zone, only the near pass counts,
 * from the derived side (or from the given zone when it is on its own).
 *
 * Consecutive front segments along a ring facing the same faction, with the
 * same claimed/held state, make one line. Each piece of boundary is taken
 * once: from the side of the faction whose id sorts first, or from the zone
 * digitised on its own when it meets a shared-boundary one. Rings keep their
 * zone on the left, so that side is the line's left. Near distances are in
 * degrees of latitude with longitudes shrunk by the cosine of the mean
 * latitude: over a country this errs by a few percent of the tolerance.
 */
#include "timeline/timeline_int.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define NONE UINT32_MAX
#define KM_PER_DEGREE SM_KM_PER_DEGREE
#define MAX_CELLS (1u << 22)

typedef struct grid {
    double x0, y0, cell, kx;   /* kx: degrees of longitude to local units */
    uint32_t nx, ny;
    uint32_t *start;           /* nx * ny + 1 offsets into items */
    uint32_t *items;           /* segment start points */
} grid;

typedef struct fronts {
    sm_situation *s;
    const double *pts;         /* the points in use: the zones' own, or ... */
    size_t npts;
    const sm_ring *rings;      /* ... these, cut into pieces (near pass) */
    double *cut;
    size_t ncut, cut_cap;
    sm_ring *cut_rings;
    size_t ncut_rings, cut_rings_cap;
    bool *shares;              /* zone -> it shares a segment with another */
    bool *derived;             /* zone -> derived from control points */
    bool *claimed;             /* zone -> only claimed */
    bool *contested;           /* zone -> contested or besieged */
    grid g;
    uint32_t *zone_of;         /* point -> zone; NONE for a ring's last point */
    int *faction;              /* zone -> faction rank (ids sorted) */
    const char **names;        /* rank -> faction id */
    double tol2;               /* squared tolerance, local units */
} fronts;

static double
lx(const fronts *f, uint32_t i)
{
    return f->pts[2 * i] * f->g.kx;
}

static double
ly(const fronts *f, uint32_t i)
{
    return f->pts[2 * i + 1];
}

static double
dist2(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy, t = 0;

    if (len2 > 0)
        t = fmax(0, fmin(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    dx = ax + t * dx - px;
    dy = ay + t * dy - py;
    return dx * dx + dy * dy;
}

/* The cells a box touches. */
typedef struct span {
    uint32_t x0, x1, y0, y1;
} span;

static uint32_t
clamp_cell(double v, uint32_t n)
{
    return (uint32_t)fmax(0, fmin((double)n - 1, floor(v)));
}

static span
cells(const grid *g, double xa, double ya, double xb, double yb)
{
    return (span){ clamp_cell((xa - g->x0) / g->cell, g->nx),
                   clamp_cell((xb - g->x0) / g->cell, g->nx),
                   clamp_cell((ya - g->y0) / g->cell, g->ny),
                   clamp_cell((yb - g->y0) / g->cell, g->ny) };
}

static bool
build_grid(fronts *f, double tol)
{
    grid *g = &f->g;
    double x1 = -DBL_MAX, y1 = -DBL_MAX, len = 0;
    size_t nseg = 0;

    g->x0 = g->y0 = DBL_MAX;
    for (uint32_t i = 0; i < f->npts; i++) {
        g->x0 = fmin(g->x0, lx(f, i));
        g->y0 = fmin(g->y0, ly(f, i));
        x1 = fmax(x1, lx(f, i));
        y1 = fmax(y1, ly(f, i));
        if (f->zone_of[i] != NONE) {
            len += fabs(lx(f, i + 1) - lx(f, i)) + fabs(ly(f, i + 1) - ly(f, i));
            nseg++;
        }
    }
    /* cells about two segments long and no narrower than the tolerance */
    g->cell = fmax(2 * tol, nseg ? 2 * len / (double)nseg : 1);
    g->cell = fmax(g->cell, sqrt((x1 - g->x0 + tol) * (y1 - g->y0 + tol) / MAX_CELLS));
    g->nx = (uint32_t)((x1 - g->x0) / g->cell) + 1;
    g->ny = (uint32_t)((y1 - g->y0) / g->cell) + 1;
    g->start = sm_calloc_in_order((size_t)g->nx * g->ny + 1, sizeof(uint32_t));
    if (g->start == NULL)
        return false;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < f->npts; i++) {
            if (f->zone_of[i] == NONE)
                continue;
            span sp = cells(g, fmin(lx(f, i), lx(f, i + 1)), fmin(ly(f, i), ly(f, i + 1)),
                            fmax(lx(f, i), lx(f, i + 1)), fmax(ly(f, i), ly(f, i + 1)));
            for (uint32_t cy = sp.y0; cy <= sp.y1; cy++)
                for (uint32_t cx = sp.x0; cx <= sp.x1; cx++) {
                    size_t c = (size_t)cy * g->nx + cx;
                    if (pass == 0)
                        g->start[c + 1]++;
                    else
                        g->items[g->start[c]++] = i;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < (size_t)g->nx * g->ny; c++)
                g->start[c + 1] += g->start[c];
            g->items = malloc(((size_t)g->start[(size_t)g->nx * g->ny] + 1) * sizeof(uint32_t));
            if (g->items == NULL)
                return false;
        }
    }
    /* the fill pass moved each start to the next cell's; move them back */
    memmove(g->start + 1, g->start, (size_t)g->nx * g->ny * sizeof(uint32_t));
    g->start[0] = 0;
    return true;
}

/* The zone whose boundary passes nearest to (px, py) within the tolerance
 * among the zones of factions ranked above `above` and those sharing
 * boundaries (with only >= 0: the zones of that faction; with given: the
 * given zones sharing boundaries of factions other than `above`'s); NONE if
 * none. */
static uint32_t
nearest(const fronts *f, double px, double py, int above, int only, bool given)
{
    const grid *g = &f->g;
    double tol = sqrt(f->tol2), best = f->tol2;
    uint32_t found = NONE;

    span sp = cells(g, px - tol, py - tol, px + tol, py + tol);

    for (uint32_t cy = sp.y0; cy <= sp.y1; cy++)
        for (uint32_t cx = sp.x0; cx <= sp.x1; cx++) {
            size_t c = (size_t)cy * g->nx + cx;
            for (uint32_t k = g->start[c]; k < g->start[c + 1]; k++) {
                uint32_t i = g->items[k], z = f->zone_of[i];
                int fz = f->faction[z];
                double d;

                if (only >= 0 ? fz != only
                    : given   ? fz == above || f->derived[z] || !f->shares[z]
                              : fz == above || (fz < above && !f->shares[z]))
                    continue;
                d = dist2(px, py, lx(f, i), ly(f, i), lx(f, i + 1), ly(f, i + 1));
                if (d <= best) {
                    best = d;
                    found = z;
                }
            }
        }
    return found;
}

/* The partner zone of segment i (from point i to i + 1), or NONE; with
 * given, among the given zones that share boundaries only. */
static uint32_t
partner(const fronts *f, uint32_t i, bool given)
{
    int own = f->faction[f->zone_of[i]];
    double ax = lx(f, i), ay = ly(f, i), bx = lx(f, i + 1), by = ly(f, i + 1);
    uint32_t z = nearest(f, (ax + bx) / 2, (ay + by) / 2, own, -1, given);

    if (z == NONE || nearest(f, ax, ay, -1, f->faction[z], false) == NONE ||
        nearest(f, bx, by, -1, f->faction[z], false) == NONE)
        return NONE;
    return z;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rank the factions by id: faction[z] for each zone. */
static bool
rank_factions(fronts *f)
{
    sm_situation *s = f->s;
    size_t n = 0;

    f->faction = malloc((s->nzones + 1) * sizeof(int));
    f->names = malloc((s->nzones + 1) * sizeof(char *));
    if (f->faction == NULL || f->names == NULL)
        return false;
    for (size_t z = 0; z < s->nzones; z++)
        f->names[n++] = s->zones[z].faction;
    qsort(f->names, n, sizeof(char *), by_name);
    for (size_t z = 0; z < s->nzones; z++) {
        const char **hit = bsearch(&s->zones[z].faction, f->names, n, sizeof(char *), by_name);
        /* equal ids may sit side by side: rank by the first of them */
        while (hit > f->names && strcmp(hit[-1], *hit) == 0)
            hit--;
        f->faction[z] = (int)(hit - f->names);
    }
    return true;
}

/* A segment's kind along a ring: 0 none, else the partner's faction rank
 * + 1, doubled, plus 1 if a side is only claimed. */
static uint32_t
kind(const fronts *f, uint32_t zone, uint32_t other)
{
    if (other == NONE)
        return 0;
    return 2 * (uint32_t)(f->faction[other] + 1) + (f->claimed[zone] || f->claimed[other]);
}

/* Index i (< 2n) wrapped round a ring of n segments: a subtraction, not a
 * division, in these loops over every segment. */
static uint32_t
wrap(uint32_t i, uint32_t n)
{
    return i < n ? i : i - n;
}

static bool
emit(fronts *f, uint32_t zone, const uint32_t *other, const sm_ring *r, uint32_t from,
     uint32_t nseg)
{
    sm_situation *s = f->s;
    uint32_t nseg_ring = r->n - 1, last = 0;
    sm_front *fr;
    bool contested = f->contested[zone];

    if (!sm_grow((void **)&s->fronts, &s->fronts_cap, s->nfronts, sizeof(*s->fronts), 16) ||
        !sm_grow((void **)&s->fpts, &s->fpts_cap, s->nfpts + nseg, 2 * sizeof(double), 1024))
        return false;
    fr = &s->fronts[s->nfronts++];
    *fr = (sm_front){ .left = s->zones[zone].faction, .first = (uint32_t)s->nfpts,
                      .n = nseg + 1 };
    for (uint32_t k = 0; k <= nseg; k++) {
        uint32_t i = r->first + wrap(from + k, nseg_ring);

        s->fpts[2 * s->nfpts] = f->pts[2 * i];
        s->fpts[2 * s->nfpts + 1] = f->pts[2 * i + 1];
        s->nfpts++;
        if (k < nseg) {
            last = other[i - r->first];
            contested |= f->contested[last];
        }
    }
    fr->right = s->zones[last].faction;
    fr->claimed = kind(f, zone, last) & 1;
    fr->contested = contested;
    return true;
}

/* The runs of one ring: other[k] is the partner of its segment k. */
static bool
ring_runs(fronts *f, uint32_t zone, const sm_ring *r, const uint32_t *other)
{
    uint32_t nseg = r->n - 1, start = NONE;

    for (uint32_t k = 0; k < nseg && start == NONE; k++)
        if (kind(f, zone, other[k]) != kind(f, zone, other[wrap(k + nseg - 1, nseg)]))
            start = k;
    if (start == NONE)      /* the whole ring is of one kind */
        return kind(f, zone, other[0]) == 0 || emit(f, zone, other, r, 0, nseg);
    for (uint32_t k = 0; k < nseg;) {
        uint32_t a = wrap(start + k, nseg), kd = kind(f, zone, other[a]), len = 1;

        while (k + len < nseg && kind(f, zone, other[wrap(start + k + len, nseg)]) == kd)
            len++;
        if (kd && !emit(f, zone, other, r, a, len))
            return false;
        k += len;
    }
    return true;
}

/* Cut the rings' segments longer than step (local units) into equal
 * pieces, so that a long edge only partly along another faction's zone is
 * a front where it is; and thin runs of vertices closer than step / 32 to
 * the last one kept (a ring digitised or densified far finer than the
 * tolerance), so that a cell of the grid holds a bounded number of
 * segments and the pass takes time linear in the vertices, not quadratic
 * in their density. The cut rings become the points in use. */
static bool
cut(fronts *f, double step)
{
    const sm_situation *s = f->s;
    double near = step / 32;
    double *kept = NULL;
    size_t kept_cap = 0;
    bool ok = true;

    for (size_t r = 0; ok && r < s->geom.nrings; r++) {
        const double *p = &s->geom.pts[2 * (size_t)s->geom.rings[r].first];
        uint32_t n = s->geom.rings[r].n, m = 0;
        sm_ring *out;

        if (!sm_grow((void **)&kept, &kept_cap, n, 2 * sizeof(double), 256) ||
            !sm_grow((void **)&f->cut_rings, &f->cut_rings_cap, f->ncut_rings, sizeof(sm_ring),
                     64)) {
            ok = false;
            break;
        }
        for (uint32_t i = 0; i < n; i++) {
            if (m > 0 && i + 1 < n &&
                fmax(fabs(p[2 * i] - kept[2 * m - 2]) * f->g.kx,
                     fabs(p[2 * i + 1] - kept[2 * m - 1])) < near)
                continue;
            kept[2 * m] = p[2 * i];
            kept[2 * m + 1] = p[2 * i + 1];
            m++;
        }
        p = kept;
        n = m;
        out = &f->cut_rings[f->ncut_rings++];
        out->first = (uint32_t)f->ncut;
        for (uint32_t i = 0; ok && i < n; i++) {
            int pieces = 1;
            if (i + 1 < n)
                pieces = (int)fmax(1, fmin(1000, ceil(fmax(fabs(p[2 * i + 2] - p[2 * i]) * f->g.kx,
                                                           fabs(p[2 * i + 3] - p[2 * i + 1])) /
                                                      step)));
            if (!sm_grow((void **)&f->cut, &f->cut_cap, f->ncut + (size_t)pieces,
                         2 * sizeof(double), 4096)) {
                ok = false;
                break;
            }
            for (int k = 0; k < pieces; k++) {
                double t = (double)k / pieces;
                f->cut[2 * f->ncut] = p[2 * i] + t * (k ? p[2 * i + 2] - p[2 * i] : 0);
                f->cut[2 * f->ncut + 1] = p[2 * i + 1] + t * (k ? p[2 * i + 3] - p[2 * i + 1] : 0);
                f->ncut++;
            }
        }
        out->n = (uint32_t)(f->ncut - out->first);
    }
    free(kept);
    if (!ok)
        return false;
    f->pts = f->cut;
    f->npts = f->ncut;
    f->rings = f->cut_rings;
    return true;
}

/* zone_of for the points in use. */
static bool
index_points(fronts *f)
{
    const sm_situation *s = f->s;

    free(f->zone_of);
    if ((f->zone_of = malloc((f->npts + 1) * sizeof(uint32_t))) == NULL)
        return false;
    for (size_t z = 0; z < s->nzones; z++)
        for (uint32_t r = 0; r < s->zones[z].nrings; r++) {
            const sm_ring *ring = &f->rings[s->zones[z].first_ring + r];
            for (uint32_t k = 0; k < ring->n; k++)
                f->zone_of[ring->first + k] = k + 1 < ring->n ? (uint32_t)z : NONE;
        }
    return true;
}

/* A coordinate to 1e-7 degree, rounded half away from zero (a cast, not
 * llround's call: this runs several times a point). */
static uint32_t
key_coord(double v)
{
    v *= 1e7;
    return (uint32_t)(int32_t)(v + (v < 0 ? -0.5 : 0.5));
}

static uint64_t
point_key(const double *p)
{
    return (uint64_t)key_coord(p[0]) << 32 | key_coord(p[1]);
}

static uint64_t
mix(uint64_t a, uint64_t b)
{
    return (a ^ (b * 0x9E3779B97F4A7C15u)) * 0xBF58476D1CE4E5B9u;
}

/* Shared boundaries: part[i] is the zone of another faction that has
 * segment i too (NONE if none); shares[z] whether zone z has a segment
 * that another zone has. The table holds segment numbers and 32 bits of
 * their hash; the ends' keys are computed where needed (kept, they would
 * be 8 more bytes a point to fault in). */
/* The segment from point i to i + 1: its ends' keys in order, and hash. */
static uint64_t
segment_hash(const double *pts, uint32_t i, uint64_t *a, uint64_t *b)
{
    uint64_t p = point_key(&pts[2 * (size_t)i]), q = point_key(&pts[2 * (size_t)i + 2]);

    *a = p < q ? p : q;
    *b = p < q ? q : p;
    return mix(*a, *b);
}

static bool
shared_segments(fronts *f, uint32_t *part)
{
    struct slot { uint32_t seg, tag; } *t;      /* seg NONE: empty */
    enum { AHEAD = 16 };
    struct ahead { uint64_t h, a, b; } ahead[AHEAD];
    size_t cap = 64;

    while (cap < 2 * f->npts)
        cap *= 2;
    /* megabytes, in huge pages (a small page's first touch is dear), and
     * emptied in one pass */
    if ((t = sm_huge_alloc(cap * sizeof(*t))) == NULL)
        return false;
    memset(t, 0xff, cap * sizeof(*t));
    for (uint32_t i = 0; i < f->npts; i++) {
        uint64_t a = 0, b = 0, h = 0;
        size_t k;

        if (i >= AHEAD && f->zone_of[i] != NONE)  /* hashed when it was ahead */
            h = ahead[i % AHEAD].h, a = ahead[i % AHEAD].a, b = ahead[i % AHEAD].b;
        else if (f->zone_of[i] != NONE)
            h = segment_hash(f->pts, i, &a, &b);
        /* the slot of a segment some way ahead is fetched from memory while
         * this one is looked up (the table is larger than the caches); its
         * hash and ends are kept for when it comes */
        if (i + AHEAD < f->npts && f->zone_of[i + AHEAD] != NONE) {
            struct ahead *n = &ahead[i % AHEAD];
            n->h = segment_hash(f->pts, i + AHEAD, &n->a, &n->b);
            __builtin_prefetch(&t[(size_t)(n->h >> 17) & (cap - 1)]);
        }
        part[i] = NONE;
        if (f->zone_of[i] == NONE)
            continue;
        for (k = (size_t)(h >> 17) & (cap - 1); t[k].seg != NONE; k = (k + 1) & (cap - 1)) {
            uint32_t j = t[k].seg, zi = f->zone_of[i], zj = f->zone_of[j];
            uint64_t c, d;
            if (t[k].tag != (uint32_t)h || segment_hash(f->pts, j, &c, &d) != h || c != a ||
                d != b || zi == zj || f->derived[zi] != f->derived[zj])
                continue;                 /* derived and given: the near pass */
            f->shares[zi] = f->shares[zj] = true;
            if (f->faction[zi] != f->faction[zj] && part[j] == NONE) {
                part[j] = zi;
                part[i] = zj;
            }
            break;
        }
        if (t[k].seg == NONE)
            t[k] = (struct slot){ i, (uint32_t)h };
    }
    sm_huge_free(t, cap * sizeof(*t));
    return true;
}

/* The fronts of the zones selected by `sharing` (those that share their
 * boundaries; or those that do not, and the derived ones), from part[] of
 * the points in use. */
static bool
runs(fronts *f, const uint32_t *part, bool sharing)
{
    const sm_situation *s = f->s;
    uint32_t *other = NULL;
    size_t cap = 0;
    bool ok = true;

    for (size_t z = 0; ok && z < s->nzones; z++) {
        if (sharing ? !f->shares[z] : f->shares[z] && !f->derived[z])
            continue;
        for (uint32_t r = 0; ok && r < s->zones[z].nrings; r++) {
            const sm_ring *ring = &f->rings[s->zones[z].first_ring + r];
            if (!sm_grow((void **)&other, &cap, ring->n, sizeof(uint32_t), 256)) {
                ok = false;
                break;
            }
            for (uint32_t k = 0; k + 1 < ring->n; k++) {
                uint32_t p = part[ring->first + k];
                /* taken once: by the first faction, or by the zone on its own */
                bool mine = p != NONE && (f->faction[p] > f->faction[z] || (!sharing && f->shares[p]));
                other[k] = mine ? p : NONE;
            }
            ok = ring_runs(f, (uint32_t)z, ring, other);
        }
    }
    free(other);
    return ok;
}

sm_status
sm_situation_fronts(sm_situation *s, double tol_km, sm_error *err)
{
    fronts f = { .s = s, .pts = s->geom.pts, .npts = s->geom.npts, .rings = s->geom.rings };
    uint32_t *part = NULL;
    double tol = tol_km / KM_PER_DEGREE, lat = 0;
    bool ok, alone = false, derived = false, given = false;

    s->nfronts = s->nfpts = 0;
    if (s->nzones < 2)
        return SM_OK;
    for (size_t i = 0; i < s->geom.npts; i++)
        lat += s->geom.pts[2 * i + 1] / (double)s->geom.npts;
    f.g.kx = cos(lat * M_PI / 180);
    ok = (f.shares = calloc(s->nzones, sizeof(bool))) &&
         (f.derived = calloc(s->nzones, sizeof(bool))) &&
         (f.claimed = calloc(s->nzones, sizeof(bool))) &&
         (f.contested = calloc(s->nzones, sizeof(bool))) && rank_factions(&f) &&
         index_points(&f);
    for (size_t z = 0; ok && z < s->nzones; z++) {
        const char *status = s->zones[z].status;
        f.derived[z] = strcmp(status, "derived") == 0;
        f.claimed[z] = strcmp(status, "claimed") == 0;
        f.contested[z] = strcmp(status, "contested") == 0 || strcmp(status, "besieged") == 0;
        derived |= f.derived[z];
        given |= !f.derived[z];
    }
    ok = ok &&
         (part = malloc((s->geom.npts + 1) * sizeof(uint32_t))) && shared_segments(&f, part) &&
         runs(&f, part, true);
    for (size_t z = 0; ok && z < s->nzones; z++)
        alone |= !f.shares[z];
    if (ok && (alone || (derived && given)) && tol > 0) {
        free(part);
        part = NULL;
        f.tol2 = tol * tol;
        ok = cut(&f, 2 * tol) && index_points(&f) && build_grid(&f, tol) &&
             (part = malloc((f.npts + 1) * sizeof(uint32_t)));
        for (uint32_t i = 0; ok && i < f.npts; i++) {
            uint32_t z = f.zone_of[i];
            part[i] = z == NONE        ? NONE
                      : !f.shares[z]   ? partner(&f, i, false)
                      : f.derived[z]   ? partner(&f, i, true)
                                       : NONE;
        }
        ok = ok && runs(&f, part, false);
    }
    free(part);
    free(f.cut);
    free(f.cut_rings);
    free(f.zone_of);
    free(f.shares);
    free(f.derived);
    free(f.claimed);
    free(f.contested);
    free(f.faction);
    free(f.names);
    free(f.g.start);
    free(f.g.items);
    return ok ? SM_OK : sm_fail(err, SM_ENOMEM, "out of memory");
}

typedef struct areas {
    struct area { const char *faction; double km2; } *a;
    size_t n, cap;
    sm_arena *strings;
    bool failed;
} areas;

static void
add_area(const char *faction, double km2, void *user)
{
    areas *as = user;

    if (!sm_grow((void **)&as->a, &as->cap, as->n, sizeof(*as->a), 16) ||
        (as->a[as->n].faction = sm_arena_strdup(as->strings, faction)) == NULL) {
        as->failed = true;
        return;
    }
    as->a[as->n++].km2 = km2;
}

static double
area_of(const areas *as, const char *faction)
{
    for (size_t i = 0; i < as->n; i++)
        if (strcmp(as->a[i].faction, faction) == 0)
            return as->a[i].km2;
    return 0;
}

static bool
allied(const char *a, const char *b, const char *const *allies, size_t nallies)
{
    for (size_t k = 0; k < nallies; k++)
        if ((strcmp(a, allies[2 * k]) == 0 && strcmp(b, allies[2 * k + 1]) == 0) ||
            (strcmp(b, allies[2 * k]) == 0 && strcmp(a, allies[2 * k + 1]) == 0))
            return true;
    return false;
}

void
sm_situation__drop_allied(sm_situation *s, const char *const *allies, size_t nallies)
{
    size_t kept = 0;

    for (size_t i = 0; i < s->nfronts; i++)
        if (!allied(s->fronts[i].left, s->fronts[i].right, allies, nallies))
            s->fronts[kept++] = s->fronts[i];
    s->nfronts = kept;
}

sm_status
sm_situation__advances(sm_situation *s, sm_store *db, sm_day since, sm_error *err)
{
    areas now = { .strings = &s->strings }, then = { .strings = &s->strings };
    sm_status st;

    if ((st = sm_store_zone_areas_each(db, s->day, add_area, &now, err)) == SM_OK &&
        (st = sm_store_zone_areas_each(db, since, add_area, &then, err)) == SM_OK &&
        (now.failed || then.failed))
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    for (size_t i = 0; st == SM_OK && i < s->nfronts; i++) {
        sm_front *fr = &s->fronts[i];
        double al = area_of(&now, fr->left), ar = area_of(&now, fr->right);
        double tl = area_of(&then, fr->left), tr = area_of(&then, fr->right);
        double gl = al - tl, gr = ar - tr;

        /* a side with no zones then is where the data start, not an advance */
        fr->advancing = tl <= 0 || tr <= 0            ? NULL
                        : gl > 0.001 * al && gl > gr ? fr->left
                        : gr > 0.001 * ar && gr > gl ? fr->right
                                                     : NULL;
    }
    free(now.a);
    free(then.a);
    return st;
}
