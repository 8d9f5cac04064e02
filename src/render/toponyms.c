/* SPDX-License-Identifier: MIT */
/*
 * toponyms.c - the basemap's names, set as a cartographer would: the
 * neighbouring countries in letter-spaced capitals of a muted grey, the seas
 * and named lakes in blue italics, each inside the part of it the frame
 * shows; the named rivers in blue italics along their line, where it runs
 * straight enough, once (twice along a long reach); the disputed areas the
 * map draws, by name and holder. The mapped country is not named: its land
 * carries the data, and the title names it.
 *
 * While the frame's basemap is read, each named feature keeps its pixels:
 * an area, the cells of a 4 px grid inside it and inside the frame's
 * margins (with their sums, to test a box in constant time) and its
 * deepest points, from a distance transform (the places farthest from its
 * edges, best first: a pole of inaccessibility and its runners-up); a
 * river, its lines. A map then places the names after its place labels,
 * in the order disputed areas, seas, countries, rivers, lakes (each kind
 * largest first), each at the first of its points where the whole name
 * lies inside the area and covers no taken box (symbol, control point,
 * label, legend, title, inset, scale bar, credits, another name) and no
 * front line: names are the first to give way. Sizes are the style's, in
 * the layout's pixels, so they scale with the map as every text does; a
 * small map has room for fewer names, a city map's frame for none.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define CELL 4.0            /* px: the grid on which an area's inside is kept */
#define MAX_TRIES 3000      /* points tried for one name */
#define FRONT_CELL 6.0      /* px: the grid of cells that front lines cross */

typedef struct spot {
    float x, y, d;          /* a point inside, and its distance to the edge (px) */
} spot;

typedef struct feature {
    enum bn_kind kind;
    char *en, *ar;
    int level;              /* rivers: the lowest (the most important) */
    double size;            /* areas: px^2 inside the margins; rivers: px of line */
    /* areas */
    int gx0, gy0, gw, gh;   /* the grid's first cell and size, in cells */
    uint32_t *sum;          /* (gw + 1) x (gh + 1) sums of the cells inside */
    spot *spots;            /* the deepest first */
    size_t nspots;
    /* rivers: lines of points in px, line i at xy[2 * starts[i]] .. */
    double *xy;
    int *starts;            /* nlines + 1 */
    int nlines, npts;
    size_t cap_pts, cap_lines;
} feature;

struct sm_toponyms {
    feature *f;
    size_t n, cap;
    bool disputed_shown;
};

void
sm_toponyms_free(struct sm_toponyms *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->n; i++) {
        free(n->f[i].en);
        free(n->f[i].ar);
        free(n->f[i].sum);
        free(n->f[i].spots);
        free(n->f[i].xy);
        free(n->f[i].starts);
    }
    free(n->f);
    free(n);
}

bool
sm_map__disputed_shown(const map *m)
{
    return m->names && m->names->disputed_shown;
}

/* The box names keep inside: the frame less half its margin, as labels. */
static void
inner(const map *m, double *x0, double *y0, double *x1, double *y1)
{
    *x0 = *y0 = m->s->margin_px / 2;
    *x1 = m->o->width_px - m->s->margin_px / 2;
    *y1 = m->o->height_px - m->s->margin_px / 2;
}

static int
by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int
by_depth(const void *a, const void *b)
{
    const spot *x = a, *y = b;

    if (x->d != y->d)
        return x->d < y->d ? 1 : -1;
    if (x->y != y->y)
        return x->y < y->y ? -1 : 1;
    return (x->x > y->x) - (x->x < y->x);
}

/* An area's cells inside (even-odd, at the cells' centres), their sums, and
 * its deepest points; false when none of it shows or memory runs out. */
static bool
area(map *m, feature *f, const dl_point *p, uint32_t n)
{
    double bx0 = 1e30, by0 = 1e30, bx1 = -1e30, by1 = -1e30, ix0, iy0, ix1, iy1;
    double *xs = NULL;
    size_t *row = NULL;                 /* each row's first crossing in xs */
    float *d = NULL;
    unsigned char *in = NULL;
    size_t nxs = 0, cap = 0, count = 0;
    bool ok = false;

    inner(m, &ix0, &iy0, &ix1, &iy1);
    for (uint32_t i = 0; i < n; i++) {
        bx0 = fmin(bx0, p[i].x), by0 = fmin(by0, p[i].y);
        bx1 = fmax(bx1, p[i].x), by1 = fmax(by1, p[i].y);
    }
    bx0 = fmax(bx0, ix0), by0 = fmax(by0, iy0), bx1 = fmin(bx1, ix1), by1 = fmin(by1, iy1);
    if (bx1 - bx0 < CELL || by1 - by0 < CELL)
        return false;
    f->gx0 = (int)floor(bx0 / CELL), f->gy0 = (int)floor(by0 / CELL);
    f->gw = (int)ceil(bx1 / CELL) - f->gx0, f->gh = (int)ceil(by1 / CELL) - f->gy0;
    in = calloc((size_t)f->gw * (size_t)f->gh, 1);
    d = malloc((size_t)f->gw * (size_t)f->gh * sizeof(float));
    f->sum = calloc((size_t)(f->gw + 1) * (size_t)(f->gh + 1), sizeof(uint32_t));
    if (in == NULL || d == NULL || f->sum == NULL)
        goto done;
    /* each row of cell centres: where the rings' edges cross it, in order;
     * the cells between the 1st and 2nd crossing, the 3rd and 4th, ...
     * Each edge is met once, in the rows it spans (counted, then placed,
     * each row's crossings in the order of the edges) */
    if ((row = calloc((size_t)f->gh + 1, sizeof(*row))) == NULL)
        goto done;
    for (int pass = 0; pass < 2; pass++) {
        uint32_t start = 0;
        for (uint32_t i = 0; i < n; i++) {
            const dl_point *a = &p[i], *b;
            double lo, hi;
            int j0, j1;
            if (p[i].op == DL_MOVE)
                start = i;
            if (a->op == DL_CLOSE)
                continue;
            b = i + 1 < n && p[i + 1].op == DL_LINE ? &p[i + 1] : &p[start];
            lo = fmin(a->y, b->y), hi = fmax(a->y, b->y);
            if (!(lo < hi))
                continue;
            /* a row or more to spare each side: the test below decides */
            j0 = (int)fmin(f->gh, fmax(0, floor(lo / CELL - 0.5) - f->gy0 - 1));
            j1 = (int)fmax(-1, fmin(f->gh - 1, ceil(hi / CELL - 0.5) - f->gy0 + 1));
            for (int j = j0; j <= j1; j++) {
                double yc = (f->gy0 + j + 0.5) * CELL;
                if (yc < iy0 || yc > iy1 || (a->y <= yc) == (b->y <= yc))
                    continue;
                if (pass == 0)
                    row[j + 1]++;
                else
                    xs[row[j]++] = a->x + (yc - a->y) / (b->y - a->y) * (b->x - a->x);
            }
        }
        if (pass == 0) {
            for (int j = 0; j < f->gh; j++)
                row[j + 1] += row[j];
            nxs = row[f->gh];
            if (nxs > 0 && (xs = malloc(nxs * sizeof(double))) == NULL)
                goto done;
        } else {                        /* row[j] is now where row j + 1 starts */
            memmove(row + 1, row, (size_t)f->gh * sizeof(*row));
            row[0] = 0;
        }
    }
    for (int j = 0; j < f->gh; j++) {
        double *x = xs + row[j];
        size_t nx = row[j + 1] - row[j];
        if (nx > 1)
            qsort(x, nx, sizeof(double), by_double);
        for (size_t k = 0; k + 1 < nx; k += 2) {
            int i0 = (int)ceil(fmax(x[k], ix0) / CELL - 0.5) - f->gx0;
            int i1 = (int)floor(fmin(x[k + 1], ix1) / CELL - 0.5) - f->gx0;
            for (int i = i0 < 0 ? 0 : i0; i <= i1 && i < f->gw; i++)
                in[(size_t)j * f->gw + i] = 1;
        }
    }
    /* the distance of each cell inside to the nearest outside (beyond the
     * grid: outside), two passes of a chamfer transform */
    for (int j = 0; j < f->gh; j++)
        for (int i = 0; i < f->gw; i++) {
            size_t k = (size_t)j * f->gw + i;
            float v = in[k] ? 1e9f : 0;
            if (in[k]) {
                float up = j > 0 ? d[k - f->gw] : 0, left = i > 0 ? d[k - 1] : 0;
                float ul = i > 0 && j > 0 ? d[k - f->gw - 1] : 0;
                float ur = i + 1 < f->gw && j > 0 ? d[k - f->gw + 1] : 0;
                v = fminf(fminf(up, left) + 1, fminf(ul, ur) + (float)M_SQRT2);
            }
            d[k] = v;
        }
    for (int j = f->gh - 1; j >= 0; j--)
        for (int i = f->gw - 1; i >= 0; i--) {
            size_t k = (size_t)j * f->gw + i;
            if (!in[k])
                continue;
            float dn = j + 1 < f->gh ? d[k + f->gw] : 0, r = i + 1 < f->gw ? d[k + 1] : 0;
            float dr = i + 1 < f->gw && j + 1 < f->gh ? d[k + f->gw + 1] : 0;
            float dl = i > 0 && j + 1 < f->gh ? d[k + f->gw - 1] : 0;
            d[k] = fminf(d[k], fminf(fminf(dn, r) + 1, fminf(dr, dl) + (float)M_SQRT2));
        }
    for (int j = 0; j < f->gh; j++)
        for (int i = 0; i < f->gw; i++) {
            size_t k = (size_t)j * f->gw + i, w = (size_t)f->gw + 1;
            f->sum[(j + 1) * w + i + 1] =
                in[k] + f->sum[j * w + i + 1] + f->sum[(j + 1) * w + i] - f->sum[j * w + i];
            count += in[k];
        }
    /* the points 8 px apart at least 6 px inside, the deepest first */
    cap = 0;
    for (int j = 0; j < f->gh; j += 2)
        for (int i = 0; i < f->gw; i += 2) {
            float dist = d[(size_t)j * f->gw + i] * (float)CELL - (float)CELL / 2;
            if (dist < 6)
                continue;
            if (!sm_grow((void **)&f->spots, &cap, f->nspots, sizeof(spot), 256))
                goto done;
            f->spots[f->nspots++] = (spot){ (float)((f->gx0 + i + 0.5) * CELL),
                                            (float)((f->gy0 + j + 0.5) * CELL), dist };
        }
    if (f->nspots > 1)
        qsort(f->spots, f->nspots, sizeof(spot), by_depth);
    f->size = (double)count * CELL * CELL;
    ok = count > 0;
done:
    free(xs);
    free(row);
    free(d);
    free(in);
    return ok;
}

/* A river's lines, the runs of their points inside the frame's margins,
 * added to f. */
static bool
lines(map *m, feature *f, const dl_point *p, uint32_t n)
{
    double ix0, iy0, ix1, iy1;
    bool open = false;

    inner(m, &ix0, &iy0, &ix1, &iy1);
    for (uint32_t i = 0; i < n; i++) {
        bool inside = p[i].x >= ix0 && p[i].x <= ix1 && p[i].y >= iy0 && p[i].y <= iy1;
        if (!inside || p[i].op == DL_MOVE || p[i].op == DL_CLOSE) {
            if (open && f->starts[f->nlines] == f->npts - 1)
                f->npts--;                  /* a run of one point */
            else if (open)
                f->nlines++;
            open = false;
        }
        if (!inside || p[i].op == DL_CLOSE)
            continue;
        if (!open) {
            if (!sm_grow((void **)&f->starts, &f->cap_lines, (size_t)f->nlines + 1, sizeof(int),
                         16))
                return false;
            f->starts[f->nlines] = f->npts;
            open = true;
        }
        if (!sm_grow((void **)&f->xy, &f->cap_pts, (size_t)f->npts * 2 + 1, sizeof(double), 512))
            return false;
        if (f->npts > f->starts[f->nlines])
            f->size += hypot(p[i].x - f->xy[2 * f->npts - 2], p[i].y - f->xy[2 * f->npts - 1]);
        f->xy[2 * f->npts] = p[i].x;
        f->xy[2 * f->npts + 1] = p[i].y;
        f->npts++;
    }
    if (open && f->starts[f->nlines] == f->npts - 1)
        f->npts--;
    else if (open)
        f->nlines++;
    if (!sm_grow((void **)&f->starts, &f->cap_lines, (size_t)f->nlines + 1, sizeof(int), 16))
        return false;
    f->starts[f->nlines] = f->npts;
    return true;
}

static char *
copy(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

void
sm_map__name_feature(map *m, enum bn_kind kind, const dl_item *it, uint32_t from,
                     const char *en, const char *ar, int level)
{
    struct sm_toponyms *names = m->names;
    feature *f = NULL;
    bool ok;

    if (m->dl.failed || it == NULL || it->npts <= from || en == NULL || *en == '\0')
        return;
    if (names == NULL && (names = m->names = calloc(1, sizeof(*names))) == NULL) {
        m->dl.failed = true;
        return;
    }
    if (kind == BN_RIVER)              /* a river's features are one */
        for (size_t i = 0; i < names->n; i++)
            if (names->f[i].kind == kind && strcmp(names->f[i].en, en) == 0)
                f = &names->f[i];
    if (f == NULL) {
        if (!sm_grow((void **)&names->f, &names->cap, names->n, sizeof(feature), 16)) {
            m->dl.failed = true;
            return;
        }
        f = &names->f[names->n];
        memset(f, 0, sizeof(*f));
        f->kind = kind;
        f->level = level;
        f->en = copy(en);
        f->ar = copy(ar);
        if (f->en == NULL || (ar && *ar && f->ar == NULL)) {
            free(f->en);
            free(f->ar);
            m->dl.failed = true;
            return;
        }
        names->n++;
    }
    if (level < f->level)
        f->level = level;
    if (kind == BN_RIVER) {
        ok = lines(m, f, m->dl.pts + it->first + from, it->npts - from);
        if (!ok)
            m->dl.failed = true;
        return;
    }
    ok = area(m, f, m->dl.pts + it->first + from, it->npts - from);
    if (ok && kind == BN_DISPUTED)
        names->disputed_shown = true;
    if (!ok) {                              /* not in the frame: forgotten */
        free(f->en);
        free(f->ar);
        free(f->sum);
        free(f->spots);
        names->n--;
    }
}

/* ---- placing them on a map ---- */

/* The cells front lines cross: names leave the lines clear. */
typedef struct fronts {
    unsigned char *cells;
    int w, h;
} fronts;

static void
mark(fronts *fr, double x, double y)
{
    int i = (int)floor(x / FRONT_CELL), j = (int)floor(y / FRONT_CELL);

    if (i >= 0 && j >= 0 && i < fr->w && j < fr->h)
        fr->cells[(size_t)j * fr->w + i] = 1;
}

static void
fronts_mark(const map *m, fronts *fr)
{
    fr->w = (int)(m->o->width_px / FRONT_CELL) + 1;
    fr->h = (int)(m->o->height_px / FRONT_CELL) + 1;
    fr->cells = calloc((size_t)fr->w * (size_t)fr->h, 1);
    for (size_t k = 0; fr->cells && k < m->dl.nitems; k++) {
        const dl_item *it = &m->dl.items[k];
        const dl_point *p = m->dl.pts + it->first;
        if (it->layer != DL_FRONTLINES || it->kind != DL_PATH)
            continue;
        for (uint32_t i = 0; i < it->npts; i++) {
            mark(fr, p[i].x, p[i].y);
            if (i + 1 < it->npts && p[i + 1].op == DL_LINE) {
                double len = hypot(p[i + 1].x - p[i].x, p[i + 1].y - p[i].y);
                for (double t = 2; t < len; t += 2)
                    mark(fr, p[i].x + (p[i + 1].x - p[i].x) * t / len,
                         p[i].y + (p[i + 1].y - p[i].y) * t / len);
            }
        }
    }
}

static bool
fronts_cross(const fronts *fr, box b)
{
    int i0 = (int)floor(b.x0 / FRONT_CELL), i1 = (int)floor(b.x1 / FRONT_CELL);
    int j0 = (int)floor(b.y0 / FRONT_CELL), j1 = (int)floor(b.y1 / FRONT_CELL);

    if (fr->cells == NULL)
        return false;
    for (int j = j0 < 0 ? 0 : j0; j <= j1 && j < fr->h; j++)
        for (int i = i0 < 0 ? 0 : i0; i <= i1 && i < fr->w; i++)
            if (fr->cells[(size_t)j * fr->w + i])
                return true;
    return false;
}

/* True if b lies inside the frame's margins, covers no taken box (a control
 * point's included) and crosses no front line. */
static bool
room(const map *m, const fronts *fr, box b)
{
    double ix0, iy0, ix1, iy1;

    inner(m, &ix0, &iy0, &ix1, &iy1);
    return b.x0 >= ix0 && b.y0 >= iy0 && b.x1 <= ix1 && b.y1 <= iy1 &&
           sm_map__is_free(m, b, false) && !fronts_cross(fr, b);
}

/* True if every cell under b is inside the area. */
static bool
inside(const feature *f, box b)
{
    int i0 = (int)floor(b.x0 / CELL) - f->gx0, i1 = (int)ceil(b.x1 / CELL) - f->gx0;
    int j0 = (int)floor(b.y0 / CELL) - f->gy0, j1 = (int)ceil(b.y1 / CELL) - f->gy0;
    size_t w = (size_t)f->gw + 1;

    if (i0 < 0 || j0 < 0 || i1 > f->gw || j1 > f->gh)
        return false;
    return f->sum[j1 * w + i1] - f->sum[j0 * w + i1] - f->sum[j1 * w + i0] +
               f->sum[j0 * w + i0] ==
           (uint32_t)((i1 - i0) * (j1 - j0));
}

/* A line of a name: its text and how it is set. */
typedef struct line {
    char text[256];
    double size, spacing, w, h, base;
    bool italic;
    sm_rgba ink;
} line;


static void
set_line(line *l, const char *text, double size, double spacing, bool italic, sm_rgba ink)
{
    snprintf(l->text, sizeof(l->text), "%s", text);
    l->size = size;
    l->italic = italic && !sm_map__arabic(text);    /* Arabic has no italics */
    l->spacing = sm_map__arabic(text) ? 0 : spacing; /* nor spaced letters */
    l->ink = ink;
}

/* The lines of a feature's name in the map's language: the English name,
 * the Arabic (when the feature has one), or both, the Arabic below. */
static int
name_lines(const map *m, const feature *f, line *out)
{
    const sm_style *s = m->s;
    bool water = f->kind == BN_SEA || f->kind == BN_LAKE || f->kind == BN_RIVER;
    double size = f->kind == BN_COUNTRY ? s->country_px
                  : f->kind == BN_SEA   ? s->sea_px
                  : f->kind == BN_DISPUTED ? s->label_px * 0.9
                                                : s->river_px;
    double spacing = f->kind == BN_COUNTRY ? 0.3 : f->kind == BN_SEA ? 0.05 : 0;
    sm_rgba ink = water ? s->water_label : f->kind == BN_COUNTRY ? s->country_label
                                                                 : s->disputed_outline;
    char en[256];
    int n = 0;

    if (f->kind == BN_COUNTRY) {       /* capitals */
        char *up = g_utf8_strup(f->en, -1);
        snprintf(en, sizeof(en), "%s", up ? up : f->en);
        g_free(up);
    } else {
        snprintf(en, sizeof(en), "%s", f->en);
    }
    if (m->o->lang != SM_LANG_AR || f->ar == NULL) {
        /* a name given as lines (a disputed area's holder) keeps them */
        for (char *p = en, *nl; p && n < 3; p = nl ? nl + 1 : NULL) {
            if ((nl = strchr(p, '\n')) != NULL)
                *nl = '\0';
            set_line(&out[n], p, n > 0 && f->kind == BN_DISPUTED ? size * 0.9 : size,
                     spacing, water, ink);
            n++;
        }
    }
    if (m->o->lang != SM_LANG_EN && f->ar && strchr(f->ar, '\n')) {
        /* in lines too (a disputed area's holder, in the map's language) */
        char ar[sizeof(en)];
        snprintf(ar, sizeof(ar), "%s", f->ar);
        for (char *p = ar, *nl; p && n < 3; p = nl ? nl + 1 : NULL) {
            if ((nl = strchr(p, '\n')) != NULL)
                *nl = '\0';
            set_line(&out[n], p, n > 0 && f->kind == BN_DISPUTED ? size * 0.9 : size, 0, false,
                     ink);
            n++;
        }
    } else if (m->o->lang != SM_LANG_EN && f->ar) {
        set_line(&out[n++], f->ar, size, 0, false, ink);
    }
    return n;
}

static void
measure(map *m, line *l, int n, double *w, double *h)
{
    *w = *h = 0;
    for (int i = 0; i < n; i++) {
        sm_map__text_size_styled(m, l[i].text, l[i].size, false, l[i].italic, false, l[i].spacing,
                                 &l[i].w, &l[i].h, &l[i].base);
        *w = fmax(*w, l[i].w);
        *h += l[i].h;
    }
}

/* The items added from now on name f (sm_dl_end closes it). */
static void
begin_name(map *m, const feature *f)
{
    static const char *const kinds[] = {
        [BN_DISPUTED] = "disputed", [BN_SEA] = "sea", [BN_COUNTRY] = "country",
        [BN_RIVER] = "river", [BN_LAKE] = "lake",
    };

    sm_dl_begin(&m->dl, &(dl_ident){ .what = DL_WHAT_NAME, .key = f->en, .name = f->en,
                                     .feature = kinds[f->kind] });
}

/* The lines centred on x, y, each with a halo of the ground's colour. */
static void
emit_block(map *m, const feature *f, const line *l, int n, double x, double y, double h)
{
    double top = y - h / 2;

    begin_name(m, f);
    for (int i = 0; i < n; i++) {
        dl_item *t = sm_dl_text(&m->dl, DL_NAMES, l[i].text, x - l[i].w / 2, top, l[i].size,
                                l[i].ink, false);
        if (t) {
            t->italic = l[i].italic;
            t->spacing_em = (float)l[i].spacing;
            if (f->kind != BN_SEA && f->kind != BN_LAKE) {
                t->halo_px = 1.5f;
                t->stroke = m->s->halo;
                t->stroke.a *= 0.7;
            }
        }
        top += l[i].h;
    }
    sm_dl_end(&m->dl);
}

/* The block of lines at the first of the area's deep points where it lies
 * inside the area and has room; failing that, for a disputed area of some
 * size (it is drawn for the map's country), beside the area. */
static bool
place_area(map *m, const fronts *fr, const feature *f, line *l, int n)
{
    double w, h;
    size_t tries = 0;

    measure(m, l, n, &w, &h);
    for (size_t i = 0; i < f->nspots && tries < MAX_TRIES; i++) {
        const spot *s = &f->spots[i];
        box b = sm_box(s->x - w / 2 - 3, s->y - h / 2 - 1, s->x + w / 2 + 3, s->y + h / 2 + 1);
        if (s->d < h / 2)
            break;                          /* the rest are shallower still */
        tries++;
        if (!inside(f, b) || !room(m, fr, b))
            continue;
        emit_block(m, f, l, n, s->x, s->y, h);
        sm_map__take(m, b);
        return true;
    }
    if (f->kind == BN_DISPUTED && f->size >= 1500 && f->nspots > 0) {
        /* right, left, below, above the area's deepest point, clear of it */
        double x = f->spots[0].x, y = f->spots[0].y, x0 = 1e30, x1 = -1e30, y0 = 1e30, y1 = -1e30;
        for (size_t i = 0; i < f->nspots; i++) {
            x0 = fmin(x0, f->spots[i].x - f->spots[i].d), x1 = fmax(x1, f->spots[i].x + f->spots[i].d);
            y0 = fmin(y0, f->spots[i].y - f->spots[i].d), y1 = fmax(y1, f->spots[i].y + f->spots[i].d);
        }
        double at[4][2] = { { x1 + 4 + w / 2, y }, { x0 - 4 - w / 2, y },
                            { x, y1 + 4 + h / 2 }, { x, y0 - 4 - h / 2 } };
        for (int k = 0; k < 4; k++) {
            box b = sm_box(at[k][0] - w / 2 - 3, at[k][1] - h / 2 - 1, at[k][0] + w / 2 + 3,
                           at[k][1] + h / 2 + 1);
            if (!room(m, fr, b))
                continue;
            emit_block(m, f, l, n, at[k][0], at[k][1], h);
            sm_map__take(m, b);
            return true;
        }
    }
    return false;
}

/* A point of line (pts xy, n of them, cum: lengths to each) at distance s. */
static void
point_at(const double *xy, const double *cum, int n, double s, double *x, double *y)
{
    int i = 0, hi = n - 2;
    double t;

    while (i < hi) {                    /* the last segment starting at s or before */
        int mid = (i + hi + 1) / 2;
        if (cum[mid] <= s)
            i = mid;
        else
            hi = mid - 1;
    }
    t = cum[i + 1] > cum[i] ? (s - cum[i]) / (cum[i + 1] - cum[i]) : 0;
    *x = xy[2 * i] + t * (xy[2 * i + 2] - xy[2 * i]);
    *y = xy[2 * i + 1] + t * (xy[2 * i + 3] - xy[2 * i + 1]);
}

#define STEP 3.0            /* px between the points of a river name's line */
#define MAX_SAMPLES 256

/* A stretch of river a name could follow, and how well. */
typedef struct stretch {
    int line;
    double s0, score, cx, cy;
} stretch;

static int
by_score(const void *a, const void *b)
{
    const stretch *x = a, *y = b;

    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    if (x->line != y->line)
        return x->line - y->line;
    return (x->s0 > y->s0) - (x->s0 < y->s0);
}

/* The points of the stretch [s0, s0 + len) of line `line`, every STEP px,
 * read from left to right and smoothed; their number. */
static int
sample(const feature *f, const double *cum, int li, double s0, double len, double *out)
{
    const double *xy = f->xy + 2 * f->starts[li];
    int n = f->starts[li + 1] - f->starts[li];
    int k = (int)ceil(len / STEP) + 1;
    double tmp[2 * MAX_SAMPLES];

    if (k > MAX_SAMPLES)
        return 0;
    for (int i = 0; i < k; i++)
        point_at(xy, cum, n, s0 + fmin(len, i * STEP), &out[2 * i], &out[2 * i + 1]);
    if (out[0] > out[2 * k - 2])            /* read from left to right */
        for (int i = 0; i < k / 2; i++)
            for (int c = 0; c < 2; c++) {
                double t = out[2 * i + c];
                out[2 * i + c] = out[2 * (k - 1 - i) + c];
                out[2 * (k - 1 - i) + c] = t;
            }
    for (int pass = 0; pass < 4; pass++) {  /* (1 2 1) / 4, the ends kept */
        memcpy(tmp, out, (size_t)k * 2 * sizeof(double));
        for (int i = 1; i + 1 < k; i++)
            for (int c = 0; c < 2; c++)
                out[2 * i + c] = (tmp[2 * i - 2 + c] + 2 * tmp[2 * i + c] + tmp[2 * i + 2 + c]) / 4;
    }
    return k;
}

/* How badly the name would sit on the points: its slope, how far the line
 * strays from its chord, how sharply it turns (< 0: not at all). */
static double
shape(const double *p, int k, double h)
{
    double dx = p[2 * k - 2] - p[0], dy = p[2 * k - 1] - p[1], len = hypot(dx, dy);
    double slope = fabs(atan2(dy, dx)), dev = 0, turn = 0, prev = 0;

    if (len <= 0 || slope > 60 * M_PI / 180)
        return -1;
    for (int i = 1; i + 1 < k; i++)
        dev = fmax(dev, fabs((p[2 * i] - p[0]) * dy - (p[2 * i + 1] - p[1]) * dx) / len);
    for (int i = 1; i < k; i++) {
        double a = atan2(p[2 * i + 1] - p[2 * i - 1], p[2 * i] - p[2 * i - 2]);
        if (i > 1) {
            double t = remainder(a - prev, 2 * M_PI);
            turn += fabs(t);
            if (fabs(t) > 12 * M_PI / 180)  /* a kink */
                return -1;
        }
        prev = a;
    }
    if (dev > 0.7 * h || turn > 70 * M_PI / 180)
        return -1;
    return dev / h + slope / (M_PI / 2) + turn;
}

/* The points p moved off the river by `off` px to the left as read (up). */
static void
offset(double *p, int k, double off)
{
    double tmp[2 * MAX_SAMPLES];

    memcpy(tmp, p, (size_t)k * 2 * sizeof(double));
    for (int i = 0; i < k; i++) {
        int a = i > 0 ? i - 1 : 0, b = i + 1 < k ? i + 1 : k - 1;
        double dx = tmp[2 * b] - tmp[2 * a], dy = tmp[2 * b + 1] - tmp[2 * a + 1];
        double len = hypot(dx, dy);
        if (len > 0) {
            p[2 * i] = tmp[2 * i] + dy / len * off;
            p[2 * i + 1] = tmp[2 * i + 1] - dx / len * off;
        }
    }
}

/* The boxes the name covers along its baseline p (k points): a box for each
 * run of four points, from the text's top (asc above) to its bottom. */
static int
along_boxes(const double *p, int k, double asc, double desc, box *out)
{
    int n = 0;

    for (int i = 0; i + 1 < k; i += 4) {
        int e = i + 4 < k ? i + 4 : k - 1;
        double x0 = 1e30, y0 = 1e30, x1 = -1e30, y1 = -1e30;
        for (int j = i; j <= e; j++) {
            int a = j > 0 ? j - 1 : 0, b = j + 1 < k ? j + 1 : k - 1;
            double dx = p[2 * b] - p[2 * a], dy = p[2 * b + 1] - p[2 * a + 1];
            double len = hypot(dx, dy), nx = len > 0 ? dy / len : 0, ny = len > 0 ? -dx / len : -1;
            double pts[2][2] = { { p[2 * j] + nx * asc, p[2 * j + 1] + ny * asc },
                                 { p[2 * j] - nx * desc, p[2 * j + 1] - ny * desc } };
            for (int c = 0; c < 2; c++) {
                x0 = fmin(x0, pts[c][0]), y0 = fmin(y0, pts[c][1]);
                x1 = fmax(x1, pts[c][0]), y1 = fmax(y1, pts[c][1]);
            }
        }
        out[n++] = sm_box(x0 - 1, y0 - 1, x1 + 1, y1 + 1);
    }
    return n;
}

/* The length of a line of n points (x, y pairs) up to each of them; the
 * caller frees it; NULL when memory runs out. */
static double *
lengths(const double *xy, int n)
{
    double *cum = malloc((size_t)n * sizeof(double));

    if (cum == NULL)
        return NULL;
    cum[0] = 0;
    for (int j = 1; j < n; j++)
        cum[j] = cum[j - 1] + hypot(xy[2 * j] - xy[2 * j - 2], xy[2 * j + 1] - xy[2 * j - 1]);
    return cum;
}

/* A river's name along it, at its best stretches: once, or twice on a long
 * river shown at length, the two far apart. */
static int
place_river(map *m, const fronts *fr, const feature *f, const line *l)
{
    stretch *st = NULL;
    size_t nst = 0, cap = 0;
    double w, h, base, len, placed_x = 0, placed_y = 0;
    double far = 0.35 * fmax(m->o->width_px, m->o->height_px);
    int placed = 0, most = f->size >= 480 ? 2 : 1;
    double p[2 * MAX_SAMPLES];
    box boxes[MAX_SAMPLES / 4 + 2];

    sm_map__text_size_styled(m, l->text, l->size, false, l->italic, false, l->spacing, &w, &h, &base);
    len = w + 4;
    if (len / STEP + 2 > MAX_SAMPLES || f->size < 2 * len)
        return 0;
    most = f->size >= 4 * len ? most : 1;
    for (int i = 0; i < f->nlines; i++) {
        int n = f->starts[i + 1] - f->starts[i];
        double *cum = lengths(f->xy + 2 * f->starts[i], n);
        if (cum == NULL)
            break;
        for (double s0 = 0; s0 + len <= cum[n - 1]; s0 += 6) {
            int k = sample(f, cum, i, s0, len, p);
            double score = k > 1 ? shape(p, k, h) : -1;
            if (score < 0)
                continue;
            if (!sm_grow((void **)&st, &cap, nst, sizeof(stretch), 64))
                break;
            st[nst++] = (stretch){ i, s0, score, (p[0] + p[2 * k - 2]) / 2,
                                   (p[1] + p[2 * k - 1]) / 2 };
        }
        free(cum);
    }
    if (nst > 1)
        qsort(st, nst, sizeof(stretch), by_score);
    for (size_t c = 0; c < nst && placed < most; c++) {
        int n = f->starts[st[c].line + 1] - f->starts[st[c].line], k, nb;
        const double *xy = f->xy + 2 * f->starts[st[c].line];
        double *cum;
        bool ok = true;
        dl_item *t;

        if (placed > 0 && hypot(st[c].cx - placed_x, st[c].cy - placed_y) < far)
            continue;
        if ((cum = lengths(xy, n)) == NULL)
            break;
        k = sample(f, cum, st[c].line, st[c].s0, len, p);
        free(cum);
        /* the baseline off the river by the text's descent and a gap */
        offset(p, k, (h - base) + 2.5);
        nb = along_boxes(p, k, base, h - base, boxes);
        for (int b = 0; b < nb && ok; b++)
            ok = room(m, fr, boxes[b]);
        if (!ok)
            continue;
        /* the text starts 2 px in: the line starts 2 px before it */
        begin_name(m, f);
        t = sm_dl_text(&m->dl, DL_NAMES, l->text, 0, 0, l->size, l->ink, false);
        if (t == NULL) {
            sm_dl_end(&m->dl);
            break;
        }
        t->italic = l->italic;
        t->spacing_em = (float)l->spacing;
        t->halo_px = 1.5f;
        t->stroke = m->s->halo;
        t->stroke.a *= 0.7;
        t->first = (uint32_t)m->dl.npts;
        {
            double dx = p[2] - p[0], dy = p[3] - p[1], d = hypot(dx, dy);
            sm_dl_point(&m->dl, t, DL_MOVE, p[0] + (d > 0 ? dx / d * 2 : 0),
                        p[1] + (d > 0 ? dy / d * 2 : 0));
        }
        for (int i = 1; i < k; i++)
            sm_dl_point(&m->dl, t, DL_LINE, p[2 * i], p[2 * i + 1]);
        sm_dl_end(&m->dl);
        for (int b = 0; b < nb; b++)
            sm_map__take(m, boxes[b]);
        placed_x = st[c].cx, placed_y = st[c].cy;
        placed++;
    }
    free(st);
    return placed;
}

static int
by_order(const void *a, const void *b)
{
    const feature *x = *(feature *const *)a, *y = *(feature *const *)b;

    if (x->kind != y->kind)
        return (int)x->kind - (int)y->kind;
    if (x->kind == BN_RIVER && x->level != y->level)
        return x->level - y->level;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return strcmp(x->en, y->en);
}

sm_status
sm_map__names(map *m, sm_error *err)
{
    struct sm_toponyms *names = m->names;
    feature **order;
    bool *named;
    fronts fr = { 0 };

    if (names == NULL || names->n == 0)
        return SM_OK;
    order = malloc(names->n * sizeof(*order));
    named = calloc(names->n, sizeof(bool));
    if (order == NULL || named == NULL) {
        free(order);
        free(named);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < names->n; i++)
        order[i] = &names->f[i];
    qsort(order, names->n, sizeof(*order), by_order);
    fronts_mark(m, &fr);
    for (size_t i = 0; i < names->n && !m->dl.failed; i++) {
        const feature *f = order[i];
        line l[4];
        int n = name_lines(m, f, l);
        bool done = false;

        /* a name once: a lake of several parts is named on the largest
         * part that has room */
        for (size_t j = 0; j < i && f->kind == BN_LAKE; j++)
            done |= named[j] && order[j]->kind == f->kind && strcmp(order[j]->en, f->en) == 0;
        if (done || n == 0)
            continue;
        if (f->kind == BN_RIVER) {
            /* in two languages: both, one after the other */
            if (n == 2)
                snprintf(l[0].text + strlen(l[0].text), sizeof(l[0].text) - strlen(l[0].text),
                         "  %s", l[1].text);
            done = place_river(m, &fr, f, &l[0]) > 0;
        } else {
            done = place_area(m, &fr, f, l, n);
            /* one line too wide for its area: two, broken at the middle space */
            if (!done && n == 1) {
                char *mid = l[0].text + strlen(l[0].text) / 2, *a = strrchr(l[0].text, ' ');
                for (char *q = l[0].text; *q; q++)
                    if (*q == ' ' && (a == NULL || labs(q - mid) < labs(a - mid)))
                        a = q;
                if (a) {
                    l[1] = l[0];
                    snprintf(l[1].text, sizeof(l[1].text), "%s", a + 1);
                    *a = '\0';
                    done = place_area(m, &fr, f, l, 2);
                }
            }
        }
        named[i] = done;
    }
    free(fr.cells);
    free(named);
    free(order);
    return SM_OK;
}
