/* SPDX-License-Identifier: MIT */
/*
 * symbols.c - events of the window as small vector symbols, one shape per
 * type, sized by fatalities where known. Events that fall within 14 px of
 * each other aggregate into one symbol instead of piling up: of the gravest
 * type among them (the style's order of severity: a chemical attack is not
 * hidden under the airstrikes of the same day), sized by their fatalities
 * summed, with their count printed where it covers no other symbol or count
 * (all symbols are placed first). The legend lists the types of the symbols
 * drawn, each with the number of its events. Events placed only to a region (ACLED geo_precision 3)
 * are drawn hollow: their position is not a town.
 */
#include "render/render_int.h"
#include "core/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL_PX 14.0

typedef struct cluster {
    double sx, sy;              /* sums of positions */
    int n, fatalities, imprecise;
    int types[SM_EVENT_TYPE_COUNT];
    size_t head, tail;          /* its events, in the situation's order: indices
                                   into it, linked by next[] (SIZE_MAX: none) */
    double x, y, r;             /* the symbol drawn */
} cluster;

/* What the cluster's symbol stands for: its events' uids, in the
 * situation's order (by date, then uid), and their days. */
static void
begin_events(map *m, const cluster *c, const size_t *next, dl_what what)
{
    const sm_situation *sit = m->sit;
    const sm_event *first = &sit->events[c->head], *last = &sit->events[c->tail];
    sm_buf uids = { 0 };

    for (size_t i = c->head; i != SIZE_MAX; i = next[i]) {
        if (sit->events[i].uid == NULL)
            continue;
        if (uids.len > 0)
            sm_buf_puts(&uids, " ");
        sm_buf_puts(&uids, sit->events[i].uid);
    }
    if (uids.failed)
        m->dl.failed = true;
    else
        sm_dl_begin(&m->dl, &(dl_ident){ .what = what, .key = first->uid,
                                         .event_id = sm_buf_str(&uids), .count = c->n,
                                         .place_id = c->n == 1 ? first->place_id : 0,
                                         .name = c->n == 1 ? first->place : NULL,
                                         .dated = true, .from = first->day,
                                         .to = last->day });
    sm_buf_free(&uids);
}

/* The count of an aggregated symbol, beside its upper right, where it hides
 * no other symbol or count (control markers may lie under its halo); its
 * box starts clear of its own symbol's. */
static void
count_label(map *m, const cluster *c, const size_t *next)
{
    char count[48];
    int len = snprintf(count, sizeof(count), "%d", c->n);
    box b = sm_box(c->x + c->r + 2.01, c->y - c->r - 10, c->x + c->r + 3 + 7 * len,
                   c->y - c->r + 4);
    sm_rgba ink = m->s->text, halo = m->s->halo;
    dl_item *t;

    if (!sm_map__is_free(m, b, true))
        return;
    sm_map__numerals(m, count, sizeof(count));     /* the map's digits */
    begin_events(m, c, next, DL_WHAT_EVENT_COUNT);
    t = sm_dl_text(&m->dl, DL_EVENTS, count, c->x + c->r + 1, c->y - c->r - 9, 11, ink, true);
    if (t) {
        t->halo_px = 2;
        t->stroke = halo;
    }
    sm_dl_end(&m->dl);
    sm_map__take(m, b);
}

static void
polygon(map *m, dl_item *it, double x, double y, const double *xy, int n, double r)
{
    for (int i = 0; i < n; i++)
        sm_dl_point(&m->dl, it, i == 0 ? DL_MOVE : DL_LINE, x + xy[2 * i] * r, y + xy[2 * i + 1] * r);
    sm_dl_point(&m->dl, it, DL_CLOSE, x, y);
}

static void
circle(map *m, dl_item *it, double x, double y, double r)
{
    for (int k = 0; k < 24; k++) {
        double a = k * M_PI / 12;
        sm_dl_point(&m->dl, it, k == 0 ? DL_MOVE : DL_LINE, x + r * cos(a), y + r * sin(a));
    }
    sm_dl_point(&m->dl, it, DL_CLOSE, x, y);
}

/* One symbol of type t, radius r, centred on x, y. */
void
sm_map__symbol(map *m, dl_layer layer, sm_event_type t, double x, double y, double r,
               bool hollow)
{
    static const sm_rgba white = { 1, 1, 1, 1 };
    sm_rgba c = m->s->events[t], fill = hollow ? white : c, line = hollow ? c : white;
    dl_item *it = sm_dl_path(&m->dl, layer, fill, line, hollow ? 1.6f : 1.0f);

    switch (t) {
    case SM_EVENT_AIRSTRIKE: {            /* an eight-point burst */
        double xy[32];
        for (int k = 0; k < 16; k++) {
            double a = k * M_PI / 8 - M_PI / 2, rr = k % 2 ? 0.45 : 1.15;
            xy[2 * k] = rr * cos(a);
            xy[2 * k + 1] = rr * sin(a);
        }
        polygon(m, it, x, y, xy, 16, r);
        break;
    }
    case SM_EVENT_BOMBING: {              /* a diamond */
        static const double xy[] = { 0, -1.2, 1.2, 0, 0, 1.2, -1.2, 0 };
        polygon(m, it, x, y, xy, 4, r);
        break;
    }
    case SM_EVENT_CLASH: {                /* crossed bars */
        static const double xy[] = { -1, -0.6, -0.6, -1, 0, -0.4, 0.6, -1, 1, -0.6, 0.4, 0,
                                     1, 0.6, 0.6, 1, 0, 0.4, -0.6, 1, -1, 0.6, -0.4, 0 };
        polygon(m, it, x, y, xy, 12, r);
        break;
    }
    case SM_EVENT_CAPTURE: {              /* a pennant: a triangle pointing up */
        static const double xy[] = { 0, -1.2, 1.1, 0.9, -1.1, 0.9 };
        polygon(m, it, x, y, xy, 3, r);
        break;
    }
    case SM_EVENT_CHEMICAL: {             /* a triangle pointing down */
        static const double xy[] = { -1.1, -0.9, 1.1, -0.9, 0, 1.2 };
        polygon(m, it, x, y, xy, 3, r);
        break;
    }
    case SM_EVENT_ATTACK: {               /* a square */
        static const double xy[] = { -0.9, -0.9, 0.9, -0.9, 0.9, 0.9, -0.9, 0.9 };
        polygon(m, it, x, y, xy, 4, r);
        break;
    }
    case SM_EVENT_SIEGE: {                /* an octagon */
        double xy[16];
        for (int k = 0; k < 8; k++) {
            double a = k * M_PI / 4 + M_PI / 8;
            xy[2 * k] = 1.05 * cos(a);
            xy[2 * k + 1] = 1.05 * sin(a);
        }
        polygon(m, it, x, y, xy, 8, r);
        break;
    }
    case SM_EVENT_CEASEFIRE:              /* a ring */
        if (it) {
            it->fill = white;
            it->stroke = c;
            it->stroke_px = 2.2f;
        }
        circle(m, it, x, y, r * 0.9);
        break;
    default:                              /* shelling, other: a disc */
        circle(m, it, x, y, r * (t == SM_EVENT_OTHER ? 0.75 : 1.0));
        break;
    }
}

sm_status
sm_map__events(map *m, sm_error *err)
{
    const sm_situation *sit = m->sit;
    int cols = (int)(m->o->width_px / CELL_PX) + 1, rows = (int)(m->o->height_px / CELL_PX) + 1;
    cluster *cells = sm_calloc_in_order((size_t)cols * (size_t)rows, sizeof(cluster));
    size_t *next = malloc((sit->nevents + 1) * sizeof(size_t));

    if (cells == NULL || next == NULL) {
        free(cells);
        free(next);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < sit->nevents; i++) {
        const sm_event *ev = &sit->events[i];
        double x, y;
        cluster *c;

        if (!ev->has_point || !sm_map__to_px(m, ev->lon_deg, ev->lat_deg, &x, &y) || x < 0 ||
            y < 0 || x >= m->o->width_px || y >= m->o->height_px)
            continue;
        c = &cells[(int)(y / CELL_PX) * cols + (int)(x / CELL_PX)];
        next[i] = SIZE_MAX;
        if (c->n == 0)
            c->head = i;
        else
            next[c->tail] = i;
        c->tail = i;
        c->sx += x;
        c->sy += y;
        c->n++;
        c->fatalities += ev->fatalities > 0 ? ev->fatalities : 0;
        c->imprecise += ev->geo_precision == SM_PRECISION_3;
        c->types[ev->type]++;
        m->event_counts[ev->type]++;
        if (m->rep)
            m->rep->events++;
    }
    for (int i = 0; i < cols * rows; i++) {
        cluster *c = &cells[i];
        int best = -1, kinds = 0;
        double x, y, r;

        if (c->n == 0)
            continue;
        for (int t = 0; t < SM_EVENT_TYPE_COUNT; t++) {
            if (c->types[t] == 0)
                continue;
            kinds++;
            if (best < 0 || m->s->severity[t] < m->s->severity[best])
                best = t;
        }
        m->event_shown[best] = true;
        m->events_grouped |= kinds > 1;
        x = c->sx / c->n;
        y = c->sy / c->n;
        /* to the half pixel: sizes a reader can tell apart, shapes that recur */
        r = round(2 * fmin(13.0, 4.5 + 1.5 * log2(1.0 + c->fatalities))) / 2;
        begin_events(m, c, next, DL_WHAT_EVENT);
        sm_map__symbol(m, DL_EVENTS, (sm_event_type)best, x, y, r, c->imprecise == c->n);
        sm_dl_end(&m->dl);
        if (sm_grow((void **)&m->symbols, &m->symbols_cap, m->nsymbols, sizeof(*m->symbols), 64))
            m->symbols[m->nsymbols++] = (struct drawn_symbol){ (float)x, (float)y, (float)r };
        sm_map__take(m, sm_box(x - r - 2, y - r - 2, x + r + 2, y + r + 2));
        c->x = x;
        c->y = y;
        c->r = r;
        if (m->rep)
            m->rep->symbols++;
    }
    for (int i = 0; i < cols * rows; i++)
        if (cells[i].n > 1)
            count_label(m, &cells[i], next);
    free(cells);
    free(next);
    return SM_OK;
}
