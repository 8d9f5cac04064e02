/* SPDX-License-Identifier: MIT */
/*
 * labels.c - place names, ranked and placed without overlaps.
 *
 * Rank: first the places the map is about, whatever their size (named by
 * the window's events, changed hands, named in the title), then the
 * capital, governorate seats and cities, towns, and villages, each raised
 * by population; villages are labelled only when the map is about them, a
 * city's districts only on a map of the city.
 * Each label tries eight positions around its place (right, upper right,
 * lower right, left, upper left, lower left, above, below: the
 * cartographic order of preference), clear of an event symbol drawn on the
 * place, and takes the first that stays inside the frame and covers no
 * symbol, legend, title or other label (greedy placement in rank order, as
 * map production tools do); a city, or a place the map is about, then
 * tries rings further out, with a leader line back to its dot. A place
 * with an event symbol on it gets no dot: the symbol marks it, and a dot
 * would hide part of it. Labels have a halo in the style's halo colour.
 * A neighbourhood the map is not about names an area, not a point: no dot,
 * its name centred on it, smaller, letter-spaced in small capitals and in a
 * dark grey, yielding to every symbol and control point.
 */
#include "render/render_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"

#define MAX_LABELS 120

typedef struct candidate {
    int index;      /* order read, for a stable sort */
    const char *name, *name_ar;
    int64_t place_id;
    double rank, x, y;
    bool major;
    bool news;      /* the map is about it: events, a change of hands, the title */
    bool abroad;    /* outside the mapped country: muted */
    bool area;      /* a neighbourhood the map is not about: named as an area */
} candidate;

static int
by_rank(const void *a, const void *b)
{
    const candidate *x = a, *y = b;

    if (x->rank != y->rank)
        return x->rank < y->rank ? 1 : -1;
    return x->index - y->index;
}

/* Outside the mapped country (when the map has one). */
static bool
abroad(const map *m, const sm_place *p)
{
    return m->o->country && p->country && strcmp(p->country, m->o->country) != 0;
}

/* A map of a city: its frame less than 60 km across, where its districts
 * are named. */
static bool
city_scale(const map *m)
{
    const struct sm_frame *f = m->frame;

    return f && (f->east - f->west) * 111.32 * cos((f->south + f->north) / 2 * M_PI / 180) < 60;
}

static double
rank_of(const map *m, const sm_place *p, bool news, bool *major)
{
    const char *code = p->feature_code ? p->feature_code : "";
    const char *kind = p->kind ? p->kind : "";
    double r;

    *major = false;
    /* abroad, only capitals and provincial seats, as context */
    if (abroad(m, p))
        return !strcmp(code, "PPLC") || !strcmp(code, "PPLA")
                   ? 100 + 20 * log10(1.0 + (double)p->population) : -1;
    if (!strcmp(code, "PPLC"))
        r = 1000, *major = true;
    else if (!strcmp(code, "PPLA") || !strcmp(kind, "city") || p->population >= 100000)
        r = 800, *major = true;
    else if (!strcmp(kind, "town") || !strncmp(code, "PPLA", 4))
        r = 300;
    else if (!strcmp(kind, "village") && news)
        r = 150;
    else if (!strcmp(kind, "district") && city_scale(m))
        r = 250;                        /* a city's districts, on a map of the city only */
    else
        return -1;
    if (news)                           /* above any place the map is not about */
        r += 5000;
    if (!strcmp(code, "PPLC"))          /* but the capital first: the reader's anchor */
        r += 10000;
    return r + 40 * log10(1.0 + (double)p->population);
}

static int
by_x(const void *a, const void *b)
{
    float x = ((const struct drawn_symbol *)a)->x, y = ((const struct drawn_symbol *)b)->x;
    return (x > y) - (x < y);
}

static int
by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static bool
in_list(const int64_t *ids, int n, int64_t id)
{
    return n > 0 && bsearch(&id, ids, (size_t)n, sizeof(int64_t), by_id) != NULL;
}

/* The eight positions round the place, in order of preference, of a
 * label w x h at the given gap from its dot. */
static void
positions(const candidate *c, double gap, double w, double h, double pos[8][2])
{
    pos[0][0] = c->x + gap;           pos[0][1] = c->y - h / 2;
    pos[1][0] = c->x + gap * 0.7;     pos[1][1] = c->y - h - gap * 0.4;
    pos[2][0] = c->x + gap * 0.7;     pos[2][1] = c->y + gap * 0.4;
    pos[3][0] = c->x - gap - w;       pos[3][1] = c->y - h / 2;
    pos[4][0] = c->x - gap * 0.7 - w; pos[4][1] = c->y - h - gap * 0.4;
    pos[5][0] = c->x - gap * 0.7 - w; pos[5][1] = c->y + gap * 0.4;
    pos[6][0] = c->x - w / 2;         pos[6][1] = c->y - h - gap;
    pos[7][0] = c->x - w / 2;         pos[7][1] = c->y + gap;
}

/* A neighbourhood's positions: centred on its point, then the eight round
 * it, close (it has no dot). */
static void
area_positions(const candidate *c, double w, double h, double pos[9][2])
{
    pos[0][0] = c->x - w / 2;
    pos[0][1] = c->y - h / 2;
    positions(c, 2, w, h, pos + 1);
}

/* The box of a label at p, if it lies inside the margins and is free. */
static bool
free_at(const map *m, const candidate *c, const double p[2], double w, double h, box *b)
{
    *b = sm_box(p[0] - 1, p[1], p[0] + w + 1, p[1] + h);
    return b->x0 >= m->s->margin_px / 2 && b->y0 >= m->s->margin_px / 2 &&
           b->x1 <= m->o->width_px - m->s->margin_px / 2 &&
           b->y1 <= m->o->height_px - m->s->margin_px / 2 &&
           sm_map__is_free(m, *b, c->major || c->news);
}

/* How many rings of positions a place tries: a place the map is about
 * three, a city two, others one. */
static int
rings(const candidate *c)
{
    return c->news ? 3 : c->major ? 2 : 1;
}

/* The first ring's gap from the dot: clear of an event symbol drawn on the
 * place (its box is an obstacle), so that the symbol does not cost the
 * place its name; *marked when there is one. Symbols are sorted by x. */
static double
first_gap(const map *m, const candidate *c, bool *marked)
{
    double gap = c->major ? 4.5 : 3.5;
    size_t lo = 0, hi = m->nsymbols;

    *marked = false;
    while (lo < hi) {                   /* the first symbol 16 px left of the dot or more */
        size_t mid = (lo + hi) / 2;
        if (m->symbols[mid].x < c->x - 16)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < m->nsymbols && m->symbols[i].x <= c->x + 16; i++) {
        const struct drawn_symbol *sy = &m->symbols[i];
        double d = hypot(sy->x - c->x, sy->y - c->y);
        if (d <= sy->r + 3) {
            gap = fmax(gap, d + sy->r + 2.5);
            *marked = true;
        }
    }
    return gap;
}

/* Whether some position could take a label: each position's box contains
 * that of a label of the least width the text can have and 0.9 of the
 * size high (a line is at least as high as the font's size), anchored as
 * the real one, so when none of those is free, none of the real ones is,
 * and the text need not be laid out to know it (most candidates of a busy
 * map end so). */
static bool
any_room(map *m, const candidate *c, const char *text, double size, double gap0)
{
    double gap = gap0, pos[8][2], w = sm_map__text_min_width(m, text, size, c->major);
    box b;

    for (int ring = 0; ring < rings(c); ring++, gap += 14) {
        positions(c, gap, w, 0.9 * size, pos);
        for (int k = 0; k < 8; k++)
            if (free_at(m, c, pos[k], w, 0.9 * size, &b))
                return true;
    }
    return false;
}

/* A neighbourhood's name, centred on it, else close round it; in a grey
 * halfway between the style's text and muted colours. */
static bool
place_area(map *m, const candidate *c, const char *text, double size, box *text_box)
{
    sm_rgba ink = m->s->text;
    double w, h, base, pos[9][2];
    dl_item *t;
    box b;

    ink.r = (ink.r + m->s->muted.r) / 2;
    ink.g = (ink.g + m->s->muted.g) / 2;
    ink.b = (ink.b + m->s->muted.b) / 2;
    double spacing = sm_map__arabic(text) ? 0 : 0.12;    /* Arabic letters stay joined */

    sm_map__text_size_styled(m, text, size, false, false, true, spacing, &w, &h, &base);
    area_positions(c, w, h, pos);
    for (int k = 0; k < 9; k++) {
        if (!free_at(m, c, pos[k], w, h, &b))
            continue;
        t = sm_dl_text(&m->dl, DL_LABELS, text, pos[k][0], pos[k][1], size, ink, false);
        *text_box = sm_box(pos[k][0], pos[k][1], pos[k][0] + w, pos[k][1] + h);
        if (t) {
            t->small_caps = true;
            t->spacing_em = (float)spacing;
            t->halo_px = 2.0f;
            t->stroke = m->s->halo;
        }
        sm_map__take(m, b);
        return true;
    }
    return false;
}

/* Try the eight positions round the place, then for a city or a place the
 * map is about the rings further out, with a leader line back to its dot;
 * true when placed, with the text's box. */
static bool
place(map *m, const candidate *c, const char *text, box *text_box)
{
    sm_rgba halo = m->s->halo, ink = c->abroad ? m->s->muted : m->s->text, dot = ink;
    double size = c->major ? m->s->label_major_px : m->s->label_px;
    bool marked;
    double gap0 = first_gap(m, c, &marked), w, h, base, gap = gap0;
    double pos[9][2];

    if (c->area)
        return place_area(m, c, text, size * 0.9, text_box);
    if (!any_room(m, c, text, size, gap0))
        return false;
    sm_map__text_size(m, text, size, c->major, false, &w, &h, &base);
    for (int ring = 0; ring < rings(c); ring++, gap += 14) {
        positions(c, gap, w, h, pos);
        for (int k = 0; k < 8; k++) {
            box b;
            dl_item *t, *d;
            if (!free_at(m, c, pos[k], w, h, &b))
                continue;
            /* the dot, unless an event symbol marks the place */
            d = marked ? NULL : sm_dl_path(&m->dl, DL_LABELS, dot, halo, 0.8f);
            for (int a = 0; d && a <= 12; a++)
                sm_dl_point(&m->dl, d, a == 0 ? DL_MOVE : a == 12 ? DL_CLOSE : DL_LINE,
                            c->x + (c->major ? 3.2 : 2.3) * cos(a * M_PI / 6),
                            c->y + (c->major ? 3.2 : 2.3) * sin(a * M_PI / 6));
            if (ring > 0) {
                /* a label moved off its dot gets a leader line to it, from
                 * past a symbol drawn there */
                double nx = fmax(b.x0, fmin(c->x, b.x1)), ny = fmax(b.y0, fmin(c->y, b.y1));
                double dx = nx - c->x, dy = ny - c->y, len = hypot(dx, dy);
                double r = fmax(4.5, gap0 - 1.5);
                sm_rgba lead = ink;
                lead.a *= 0.7;
                if (len > r + 2) {
                    dl_item *l =
                        sm_dl_path(&m->dl, DL_LABELS, (sm_rgba){ 0, 0, 0, 0 }, lead, 0.8f);
                    sm_dl_point(&m->dl, l, DL_MOVE, c->x + dx / len * r, c->y + dy / len * r);
                    sm_dl_point(&m->dl, l, DL_LINE, nx - dx / len, ny - dy / len);
                }
            }
            t = sm_dl_text(&m->dl, DL_LABELS, text, pos[k][0], pos[k][1], size, ink, c->major);
            *text_box = sm_box(pos[k][0], pos[k][1], pos[k][0] + w, pos[k][1] + h);
            if (t) {
                t->halo_px = 2.2f;
                t->stroke = halo;
            }
            sm_map__take(m, b);
            sm_map__take(m, sm_box(c->x - 3, c->y - 3, c->x + 3, c->y + 3));
            return true;
        }
    }
    return false;
}

/* Pairs of the placed labels' text boxes that overlap (a check on the
 * placement, kept in the report). */
static int
count_overlaps(const box *b, int nb)
{
    int n = 0;

    for (int i = 0; i < nb; i++)
        for (int j = i + 1; j < nb; j++)
            n += b[i].x0 < b[j].x1 && b[j].x0 < b[i].x1 && b[i].y0 < b[j].y1 && b[j].y0 < b[i].y1;
    return n;
}

/* Pairs of the annotations' boxes that overlap, and of one and a placed
 * label's text box. */
static int
annotation_overlaps(const map *m, const box *labels, int nlabels)
{
    const box *a = m->annotated;
    int n = 0;

    for (size_t i = 0; i < m->nannotated; i++) {
        for (size_t j = i + 1; j < m->nannotated; j++)
            n += a[i].x0 < a[j].x1 && a[j].x0 < a[i].x1 && a[i].y0 < a[j].y1 &&
                 a[j].y0 < a[i].y1;
        for (int j = 0; j < nlabels; j++)
            n += a[i].x0 < labels[j].x1 && labels[j].x0 < a[i].x1 && a[i].y0 < labels[j].y1 &&
                 labels[j].y0 < a[i].y1;
    }
    return n;
}

/* True if text holds word as a word, ignoring case. */
static bool
has_word(const char *text, const char *word)
{
    size_t n = strlen(word);

    for (const char *t = text; n > 0 && (t = strcasestr(t, word)) != NULL; t++)
        if ((t == text || !isalnum((unsigned char)t[-1])) && !isalnum((unsigned char)t[n]))
            return true;
    return false;
}

/* Events placed by their point alone (no gazetteer id), by latitude. */
typedef struct spot {
    double lat, lon;
} spot;

static int
by_lat(const void *a, const void *b)
{
    double x = ((const spot *)a)->lat, y = ((const spot *)b)->lat;
    return (x > y) - (x < y);
}

/* True if one of the n spots (by latitude) lies within about 2 km of p; of
 * a district, within the radius it stands for and half a km more (a point
 * reported at its edge): a city centre's districts are closer together
 * than 2 km. */
static bool
near_spot(const spot *spots, size_t n, const sm_place *p)
{
    size_t lo = 0, hi = n;
    bool district = p->kind && strcmp(p->kind, "district") == 0;
    double reach = fmax(0, p->precision_km) + 0.5;

    while (lo < hi) {                   /* the first spot 0.02 degree south of p or more */
        size_t mid = (lo + hi) / 2;
        if (spots[mid].lat < p->lat_deg - 0.02)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && spots[i].lat <= p->lat_deg + 0.02; i++)
        if (fabs(spots[i].lon - p->lon_deg) < 0.025 &&
            (!district ||
             hypot((spots[i].lon - p->lon_deg) * 111.32 * cos(p->lat_deg * M_PI / 180),
                   (spots[i].lat - p->lat_deg) * 110.57) <= reach))
            return true;
    return false;
}

/* Whether the map is about the place: the window's events name it or lie
 * on it, it changed hands (a change map), or the title names it. A village
 * of OCHA's communities only is about none of the events it merely lies
 * near: the gazetteer has every village, and one of them near an event the
 * source placed by coordinates is no more the news than the town beside it. */
static bool
about(const map *m, const sm_place *p, bool in_events, const spot *spots, size_t nspots)
{
    const sm_diff *d = m->sit->change;
    char label[256];

    if (in_events || (!sm_gaz_community_only(p) && near_spot(spots, nspots, p)))
        return true;
    if (p->name == NULL)
        return false;
    for (size_t i = 0; d && i < d->nchanged; i++)
        if (d->changed[i].has_point && strcasecmp(d->changed[i].place, p->name) == 0 &&
            fabs(d->changed[i].lat_deg - p->lat_deg) < 0.03 &&
            fabs(d->changed[i].lon_deg - p->lon_deg) < 0.03)
            return true;
    if (m->o->title == NULL)
        return false;
    sm_gaz_label(p->name, label, sizeof(label));
    return has_word(m->o->title, label);
}

/* True if x, y lies in a spot an annotation claimed (annotations.c). */
static bool
claimed(const map *m, double x, double y)
{
    for (size_t i = 0; i < m->nclaimed; i++)
        if (hypot(x - m->claimed[i].x, y - m->claimed[i].y) <= m->claimed[i].r)
            return true;
    return false;
}

/* The in-frame places of the situation worth a label. */
static sm_status
candidates(map *m, const int64_t *ids, int nids, candidate **out, int *n, sm_error *err)
{
    const sm_situation *sit = m->sit;
    candidate *cands = NULL;
    spot *spots = malloc((sit->nevents + 1) * sizeof(spot));
    size_t cap = 0, nspots = 0;
    int nc = 0;

    if (spots == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    for (size_t i = 0; i < sit->nevents; i++)
        if (sit->events[i].place_id == 0 && sit->events[i].has_point)
            spots[nspots++] = (spot){ sit->events[i].lat_deg, sit->events[i].lon_deg };
    if (nspots > 1)
        qsort(spots, nspots, sizeof(spot), by_lat);

    for (size_t i = 0; i < sit->nplaces; i++) {
        const sm_place *p = &sit->places[i];
        candidate c = { .index = (int)i, .name = p->name, .name_ar = p->name_ar,
                        .place_id = p->id,
                        .abroad = abroad(m, p) };
        if (!sm_map__to_px(m, p->lon_deg, p->lat_deg, &c.x, &c.y) || c.x < 0 || c.y < 0 ||
            c.x > m->o->width_px || c.y > m->o->height_px)
            continue;
        if (claimed(m, c.x, c.y))
            continue;                   /* a highlighted town: the highlight names it */
        c.news = about(m, p, in_list(ids, nids, p->id), spots, nspots);
        c.rank = rank_of(m, p, c.news, &c.major);
        if (c.rank < 0)
            continue;
        c.area = !c.news && p->kind && strcmp(p->kind, "district") == 0;
        if (!sm_grow((void **)&cands, &cap, (size_t)nc, sizeof(*cands), 256)) {
            free(cands);
            free(spots);
            return sm_fail(err, SM_ENOMEM, "out of memory");
        }
        cands[nc++] = c;
    }
    free(spots);
    *out = cands;
    *n = nc;
    return SM_OK;
}

sm_status
sm_map__labels(map *m, sm_error *err)
{
    const sm_situation *sit = m->sit;
    int nids = 0, nc = 0, placed = 0;
    int64_t *ids = NULL;
    candidate *cands = NULL;
    box placed_boxes[MAX_LABELS];
    sm_status st;

    if (m->o->no_labels) {
        if (m->rep)
            m->rep->annotation_overlaps = annotation_overlaps(m, NULL, 0);
        return SM_OK;
    }
    if (m->nsymbols > 1)
        qsort(m->symbols, m->nsymbols, sizeof(*m->symbols), by_x);
    /* the places the window's events name */
    if (sit->nevents > 0 && (ids = malloc(sit->nevents * sizeof(int64_t))) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    for (size_t i = 0; i < sit->nevents; i++)
        if (sit->events[i].place_id != 0)
            ids[nids++] = sit->events[i].place_id;
    if (nids > 0)
        qsort(ids, (size_t)nids, sizeof(int64_t), by_id);
    if ((st = candidates(m, ids, nids, &cands, &nc, err)) != SM_OK) {
        free(ids);
        return st;
    }
    if (nc > 1)
        qsort(cands, (size_t)nc, sizeof(candidate), by_rank);
    /* no label may hide the dot of a city still to be labelled */
    for (int i = 0; i < nc; i++)
        if (cands[i].major)
            sm_map__take(m, sm_box(cands[i].x - 3, cands[i].y - 3, cands[i].x + 3, cands[i].y + 3));
    for (int i = 0; i < nc && placed < MAX_LABELS; i++) {
        const candidate *c = &cands[i];
        char text[512], latin[256];

        sm_gaz_label(c->name, latin, sizeof(latin));
        if (m->o->lang == SM_LANG_AR && c->name_ar)
            snprintf(text, sizeof(text), "%s", c->name_ar);
        else if (m->o->lang == SM_LANG_EN_AR && c->name_ar)
            snprintf(text, sizeof(text), "%s  %s", latin, c->name_ar);
        else
            snprintf(text, sizeof(text), "%s", latin);
        sm_dl_begin(&m->dl, &(dl_ident){ .what = DL_WHAT_LABEL, .place_id = c->place_id,
                                         .key = c->name, .name = c->name });
        if (place(m, c, text, &placed_boxes[placed]))
            placed++;
        else if (m->rep)
            m->rep->labels_dropped++;
        sm_dl_end(&m->dl);
    }
    if (m->rep) {
        m->rep->labels_placed = placed;
        m->rep->label_overlaps = count_overlaps(placed_boxes, placed);
        m->rep->annotation_overlaps = annotation_overlaps(m, placed_boxes, placed);
    }
    free(cands);
    free(ids);
    return SM_OK;
}
