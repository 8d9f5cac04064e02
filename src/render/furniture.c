/* SPDX-License-Identifier: MIT */
/*
 * furniture.c - what frames the map: the title block ("Situation as of 18
 * January 2017"), the legend (factions shown, with their share of the zoned
 * area or their number of places; the zones' statuses and the disputed
 * areas drawn; event types shown, with counts), a scale
 * bar of true distance (geodesic, from PROJ's geodesic.h, measured along
 * the bottom of the map) and the credit line naming the sources (with a
 * publisher's own line above them). Each takes its box, so labels keep
 * clear of it. The legend, then the locator inset, go to the corner (lower
 * left, lower right, upper right) where each covers the fewest event
 * symbols and control points. On a tall page (project.c) the title block
 * and the legend go on bands of the page's ground above and below the map
 * frame instead, the scale bar and the inset inside it.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const sm_rgba none = { 0, 0, 0, 0 };

void
sm_map__rect(map *m, dl_layer layer, box b, sm_rgba fill, sm_rgba line, float line_px)
{
    dl_item *it = sm_dl_path(&m->dl, layer, fill, line, line_px);

    sm_dl_point(&m->dl, it, DL_MOVE, b.x0, b.y0);
    sm_dl_point(&m->dl, it, DL_LINE, b.x1, b.y0);
    sm_dl_point(&m->dl, it, DL_LINE, b.x1, b.y1);
    sm_dl_point(&m->dl, it, DL_LINE, b.x0, b.y1);
    sm_dl_point(&m->dl, it, DL_CLOSE, b.x0, b.y0);
}

/* A line of the title block at *size, set smaller where it is wider than
 * room (a long headline on a narrow page): in proportion, then half a pixel
 * at a time while the measure still exceeds it. Its width and height. */
static void
fit_line(map *m, const char *text, double room, bool bold, double *size, double *w, double *h)
{
    double base;

    sm_map__text_size(m, text, *size, bold, false, w, h, &base);
    if (*w <= room || room <= 0)
        return;
    *size = floor(2 * *size * room / *w) / 2;
    for (;;) {
        sm_map__text_size(m, text, *size, bold, false, w, h, &base);
        if (*w <= room || *size <= 1)
            return;
        *size -= 0.5;
    }
}

/* Where a line wider than room breaks in two: at the space that makes the
 * longer half shortest (its byte offset in *cut); false without a space. */
static bool
split_line(map *m, const char *text, double size, bool bold, size_t *cut)
{
    char head[SM_PHRASE_MAX];
    double best = INFINITY, w1, w2, h, base;

    for (const char *p = strchr(text, ' '); p; p = strchr(p + 1, ' ')) {
        size_t k = (size_t)(p - text);
        if (k == 0 || k >= sizeof(head) || p[1] == '\0' || p[1] == ' ')
            continue;
        memcpy(head, text, k);
        head[k] = '\0';
        sm_map__text_size(m, head, size, bold, false, &w1, &h, &base);
        sm_map__text_size(m, p + 1, size, bold, false, &w2, &h, &base);
        if (fmax(w1, w2) < best) {
            best = fmax(w1, w2);
            *cut = k;
        }
    }
    return best < INFINITY;
}

/* The title block: the title, "Situation as of ...", a note when the data
 * end before that day ("Latest data: ..."), and the subtitle. */
static void
title_block(map *m)
{
    const sm_style *s = m->s;
    const sm_situation *sit = m->sit;
    double pad = 14, x = s->margin_px, y = s->margin_px + m->safe_px, wmax = 0, htotal = 0;
    double room = m->o->width_px - 2 * s->margin_px - 2 * pad;
    bool tall = sm_map__tall(m->o->width_px, m->o->height_px);
    bool rtl = sm_map__rtl(m);
    char when[SM_PHRASE_MAX], note[SM_PHRASE_MAX], day[SM_DAY_TEXT_LEN * 2];
    char head[SM_PHRASE_MAX];
    const char *const date_name[] = { "date" };
    const char *date_value[] = { day };
    struct line {
        const char *text;
        double size, w, h, after;
        bool bold;
        sm_rgba ink;
    } lines[5];
    int n = 0;

    sm_map__day_text(m, sit->day, day, sizeof(day));
    sm_map__phrase(m, "title.as_of", "Situation as of {date}", date_name, date_value, 1, when,
                   sizeof(when));
    if (m->o->title) {
        /* a headline wider than the page in two lines, where the block may
           grow (a tall page's band is made for one line: there it is set
           smaller, as any line too wide is, below) */
        double w, h, base;
        size_t cut = 0;
        sm_map__text_size(m, m->o->title, s->title_px, true, false, &w, &h, &base);
        if (w > room && !tall && split_line(m, m->o->title, s->title_px, true, &cut)) {
            snprintf(head, sizeof(head), "%.*s", (int)cut, m->o->title);
            lines[n++] = (struct line){ head, s->title_px, 0, 0, 0, true, s->text };
            lines[n++] = (struct line){ m->o->title + cut + 1, s->title_px, 0, 0, 4, true,
                                        s->text };
        } else {
            lines[n++] = (struct line){ m->o->title, s->title_px, 0, 0, 4, true, s->text };
        }
    }
    if (!m->o->no_date_line)
        lines[n++] = (struct line){ when, s->subtitle_px, 0, 0, 2, false, s->text };
    if (sit->latest != SM_DAY_NONE && sit->day > sit->latest) {
        sm_map__day_text(m, sit->latest, day, sizeof(day));
        sm_map__phrase(m, "title.latest", "Latest data: {date}", date_name, date_value, 1, note,
                       sizeof(note));
        lines[n++] = (struct line){ note, s->subtitle_px * 0.85, 0, 0, 2, true, s->text };
    }
    if (m->o->subtitle)
        lines[n++] = (struct line){ m->o->subtitle, s->subtitle_px * 0.85, 0, 0, 2, false,
                                    s->muted };
    for (int i = 0; i < n; i++) {
        fit_line(m, lines[i].text, room, lines[i].bold, &lines[i].size, &lines[i].w,
                 &lines[i].h);
        wmax = fmax(wmax, lines[i].w);
        htotal += lines[i].h + (i + 1 < n ? lines[i].after : 0);
    }
    if (n == 0)                         /* no title, no date line, nothing to note */
        return;
    if (tall)                           /* on the band, its foot half a margin over the map */
        y = fmax(m->safe_px + s->margin_px / 2, m->frame_y0 - s->margin_px / 2 - htotal) - pad;
    if (rtl)                            /* right to left: on the right */
        x = m->o->width_px - s->margin_px - 2 * pad - wmax;
    box b = sm_box(x, y, x + 2 * pad + wmax, y + 2 * pad + htotal);
    if (!tall || b.y1 > m->frame_y0 + 4)
        sm_map__rect(m, DL_TITLE, b, s->panel, none, 0);
    y += pad;
    for (int i = 0; i < n; i++) {
        sm_dl_text(&m->dl, DL_TITLE, lines[i].text, rtl ? b.x1 - pad - lines[i].w : x + pad, y,
                   lines[i].size, lines[i].ink, lines[i].bold);
        y += lines[i].h + lines[i].after;
    }
    /* a panel: the legend and the inset never go over it */
    sm_map__take_panel(m, sm_box(b.x0 - 4, b.y0 - 4, b.x1 + 4, b.y1 + 4));
}

/* What a panel at b would hide: every event symbol under it weighs most,
 * then every point of a front line, then any other box taken (a label, a
 * control point); a panel already there rules the place out. */
static double
hidden(const map *m, box b)
{
    double cost = 0;

    for (size_t i = 0; i < m->nsymbols && !m->o->fixed_furniture; i++) {
        const struct drawn_symbol *sy = &m->symbols[i];
        if (sy->x + sy->r > b.x0 && sy->x - sy->r < b.x1 && sy->y + sy->r > b.y0 &&
            sy->y - sy->r < b.y1)
            cost += 1000;
    }
    for (size_t i = 0; i < m->dl.nitems; i++) {
        const dl_item *it = &m->dl.items[i];
        if (it->layer != DL_FRONTLINES || it->kind != DL_PATH || m->o->fixed_furniture)
            continue;
        for (uint32_t k = 0; k < it->npts; k++) {
            const dl_point *p = &m->dl.pts[it->first + k];
            cost += p->x > b.x0 && p->x < b.x1 && p->y > b.y0 && p->y < b.y1 ? 20 : 0;
        }
    }
    for (size_t i = 0; i < m->ntaken; i++) {
        const box *t = &m->taken[i];
        double e = t->panel ? 4 : 0;    /* a panel's box has a 4 px margin: panels may touch */
        double ox = fmin(b.x1, t->x1 - e) - fmax(b.x0, t->x0 + e);
        double oy = fmin(b.y1, t->y1 - e) - fmax(b.y0, t->y0 + e);
        if (ox <= 0 || oy <= 0 || (!t->panel && m->o->fixed_furniture))
            continue;
        /* panels may overlap by a sliver (each px2 weighs as much as a
         * front's point in 20 px2), never by a quarter of the smaller */
        if (!t->panel)
            cost += 1;
        else if (ox * oy > 0.25 * fmin((b.x1 - b.x0) * (b.y1 - b.y0),
                                       (t->x1 - t->x0 - 2 * e) * (t->y1 - t->y0 - 2 * e)))
            cost += 1e9;
        else
            cost += ox * oy;
    }
    return cost;
}

/* The place along the frame's edges (the corners first, then the middles
 * of the sides) where a bw x bh panel hides least; what it hides. */
static double
quiet_place(const map *m, double bw, double bh, double *x, double *y)
{
    const sm_style *s = m->s;
    double left = s->margin_px, right = m->o->width_px - s->margin_px - bw;
    double top = s->margin_px;

    if (sm_map__rtl(m)) {               /* right to left: the right side first */
        double t = left;
        left = right;
        right = t;
    }
    /* above the credits and scale bar, or as low as it can when taller */
    double bottom = fmax(top, m->o->height_px - s->margin_px - s->credit_px * 1.6 - 30 - bh -
                                  m->credit_lift);
    if (sm_map__tall(m->o->width_px, m->o->height_px)) {   /* in the map frame */
        top = m->frame_y0 + s->margin_px / 2;
        bottom = fmax(top, m->frame_y1 - s->margin_px / 2 - 30 - bh);
    }
    double places[8][2] = {
        { left, bottom }, { right, bottom }, { right, top }, { left, top },
        { right, (top + bottom) / 2 }, { left, (top + bottom) / 2 },
        { (left + right) / 2, bottom }, { (left + right) / 2, top },
    };
    double best = INFINITY;

    if (m->o->width_px - s->margin_px - bw < s->margin_px) {
        /* no room: a panel wider than the map */
        *x = s->margin_px;
        *y = bottom;
        return 1e12;
    }
    for (int k = 0; k < 8; k++) {
        double cost = hidden(m, sm_box(places[k][0], places[k][1], places[k][0] + bw,
                                       places[k][1] + bh));
        if (cost < best) {
            best = cost;
            *x = places[k][0];
            *y = places[k][1];
        }
    }
    return best;
}

void
sm_map__quiet_corner(const map *m, double bw, double bh, double *x, double *y)
{
    quiet_place(m, bw, bh, x, y);
}

typedef struct row {
    char text[SM_PHRASE_MAX];
    int faction;        /* index into m->seen, or -1 */
    int event;          /* event type, or -1 */
    enum { MARK_NONE, MARK_UNKNOWN, MARK_DERIVED, MARK_CONTESTED, MARK_BESIEGED, MARK_FRONT,
           MARK_GAINED, MARK_LOST, MARK_CHANGED, MARK_DISPUTED } mark;
    bool header;
} row;

/* The faction shown first in the legend (the style's order), by index in
 * m->seen. */
static int
first_faction(const map *m)
{
    int best = 0;

    for (int i = 1; i < m->nseen; i++)
        if (sm_map__faction_rank(m->s, m->seen[i].id) <
            sm_map__faction_rank(m->s, m->seen[best].id))
            best = i;
    return best;
}

/* The sample of a zone status or of a front line, centred at cx, cy. */
static void
mark_sample(map *m, int mark, double x, double cy, double w)
{
    const sm_style *s = m->s;
    sm_rgba grey = s->muted, clear = { 0, 0, 0, 0 };
    dl_item *it;

    grey.a = s->zone_opacity * 0.5;
    if (mark == MARK_DISPUTED) {            /* as the basemap draws it */
        sm_map__rect(m, DL_LEGEND, sm_box(x, cy - 7, x + w, cy + 7), s->disputed_fill,
                     s->disputed_outline, (float)s->disputed_px);
        it = &m->dl.items[m->dl.nitems - 1];
        it->dash_px = (float)s->disputed_dash_px;
        if (s->disputed_hatch.a > 0) {
            it->hatch = s->disputed_hatch;
            it->hatch_px = (float)s->disputed_hatch_px;
        }
        return;
    }
    if (mark == MARK_GAINED || mark == MARK_LOST) {
        sm_map__rect(m, DL_LEGEND, sm_box(x, cy - 7, x + w, cy + 7), clear, s->text,
                     mark == MARK_LOST ? 1.8f : 1.2f);
        it = &m->dl.items[m->dl.nitems - 1];
        if (mark == MARK_LOST) {
            it->dash_px = 5;
        } else {
            it->hatch = s->muted;
            it->hatch_px = (float)s->hatch_px * 0.8f;
        }
        return;
    }
    if (mark == MARK_CHANGED) {
        it = sm_dl_path(&m->dl, DL_LEGEND, clear, s->text, 2.2f);
        for (int k = 0; k <= 24; k++)
            sm_dl_point(&m->dl, it, k == 0 ? DL_MOVE : k == 24 ? DL_CLOSE : DL_LINE,
                        x + w / 2 + 6 * cos(k * M_PI / 12), cy + 6 * sin(k * M_PI / 12));
        return;
    }
    if (mark == MARK_UNKNOWN) {
        sm_map__rect(m, DL_LEGEND, sm_box(x, cy - 7, x + w, cy + 7), s->no_data, s->muted, 0.6f);
        return;
    }
    if (mark == MARK_DERIVED) {
        /* the first faction's colour as a zone given (left) and as one
         * estimated (right): lighter, no outline */
        const sm_faction_style *f = m->nseen > 0 ? sm_style_faction(s, m->seen[first_faction(m)].id)
                                                 : NULL;
        sm_rgba fill = f ? f->fill : s->muted, given = fill, line = f ? f->outline : s->muted;
        given.a *= s->zone_opacity;
        fill.a *= s->zone_opacity * 0.7;
        sm_map__rect(m, DL_LEGEND, sm_box(x, cy - 7, x + w / 2, cy + 7), given, line, 1.0f);
        sm_map__rect(m, DL_LEGEND, sm_box(x + w / 2, cy - 7, x + w, cy + 7), fill, clear, 0);
        return;
    }
    if (mark == MARK_CONTESTED || mark == MARK_BESIEGED) {
        sm_rgba line = mark == MARK_BESIEGED ? s->text : s->muted;
        sm_map__rect(m, DL_LEGEND, sm_box(x, cy - 7, x + w, cy + 7), grey, line,
                     mark == MARK_BESIEGED ? 3.0f : 1.4f);
        it = &m->dl.items[m->dl.nitems - 1];
        if (mark == MARK_CONTESTED) {
            it->dash_px = 4;
            it->hatch = s->text;
            it->hatch.a = 0.6;
            it->hatch_px = (float)s->hatch_px * 0.8f;
        }
        return;
    }
    it = sm_dl_path(&m->dl, DL_LEGEND, s->muted, clear, 0);
    for (int k = 0; k < 2 && s->front_teeth_px > 0; k++) {
        double tx = x + w * (0.3 + 0.4 * k), half = s->front_teeth_px * 0.6;
        sm_dl_point(&m->dl, it, DL_MOVE, tx - half, cy);
        sm_dl_point(&m->dl, it, DL_LINE, tx, cy - s->front_teeth_px);
        sm_dl_point(&m->dl, it, DL_LINE, tx + half, cy);
        sm_dl_point(&m->dl, it, DL_CLOSE, tx, cy);
    }
    it = sm_dl_path(&m->dl, DL_LEGEND, clear, s->front, (float)s->front_px);
    sm_dl_point(&m->dl, it, DL_MOVE, x, cy);
    sm_dl_point(&m->dl, it, DL_LINE, x + w, cy);
}

/* A faction shown, with its rank in the style. */
typedef struct ranked {
    int rank, seen;
    const char *id;
} ranked;

/* Factions in the style's order (those it does not define last, by id): the
 * same order on every map of a series. */
static int
by_style(const void *a, const void *b)
{
    const ranked *x = a, *y = b;

    return x->rank != y->rank ? (x->rank > y->rank) - (x->rank < y->rank) : strcmp(x->id, y->id);
}

/* How a legend is set: its size, its columns (rows starts[c] ..
 * starts[c + 1] in column c, colw[c] wide), its box and place, and what it
 * hides there. */
typedef struct arrangement {
    double size, w, h, x0, y0, cost;
    int ncols, starts[4];
    double colw[3];
} arrangement;

/* The rows' widths at size (a swatch before each but a header's). */
static void
row_widths(map *m, const row *rows, int n, double size, double *widths)
{
    double swatch = 22 * size / m->s->legend_px;

    for (int i = 0; i < n; i++) {
        double tw, th, base;
        sm_map__text_size(m, rows[i].text, size, rows[i].header, false, &tw, &th, &base);
        widths[i] = tw + (rows[i].header ? 0 : swatch + 8);
    }
}

/* The rows in c columns (the control, the marks, the events: split where a
 * block starts, in one the start nearest the middle, in two those nearest
 * the thirds): t's columns, width and height; false when they do not split
 * so. */
static bool
columns(const row *rows, int n, const double *widths, int c, double size, double pad,
        arrangement *t)
{
    int blocks[8], nblocks = 0;
    double rows_most = 0, line_h = size * 1.55, gap = 2 * pad;

    *t = (arrangement){ .size = size, .ncols = c, .starts = { 0, n, n, n } };
    for (int k = 1; k < n && nblocks < 8; k++)
        if (rows[k].header || (rows[k].mark != MARK_NONE && rows[k - 1].mark == MARK_NONE))
            blocks[nblocks++] = k;
    if (nblocks < c - 1)
        return false;
    if (c == 2) {
        t->starts[1] = blocks[0];
        for (int b = 1; b < nblocks; b++)
            if (abs(2 * blocks[b] - n) < abs(2 * t->starts[1] - n))
                t->starts[1] = blocks[b];
    } else if (c == 3) {
        t->starts[1] = blocks[0];
        t->starts[2] = blocks[nblocks - 1];
        for (int b = 0; b < nblocks; b++) {
            if (abs(3 * blocks[b] - n) < abs(3 * t->starts[1] - n))
                t->starts[1] = blocks[b];
            if (abs(3 * blocks[b] - 2 * n) < abs(3 * t->starts[2] - 2 * n))
                t->starts[2] = blocks[b];
        }
        if (t->starts[2] <= t->starts[1])
            return false;
    }
    for (int col = 0; col < c; col++) {
        for (int i = t->starts[col]; i < t->starts[col + 1]; i++)
            t->colw[col] = fmax(t->colw[col], widths[i]);
        rows_most = fmax(rows_most, t->starts[col + 1] - t->starts[col]);
        t->w += t->colw[col] + (col > 0 ? gap : 0);
    }
    t->h = 2 * pad + rows_most * line_h;
    return true;
}

/* The legend's rows at size: in one column where that hides nothing, else
 * in two or three side by side when they hide less. */
static void
arrange(map *m, const row *rows, int n, double size, double pad, arrangement *a)
{
    double widths[64];

    row_widths(m, rows, n, size, widths);
    columns(rows, n, widths, 1, size, pad, a);
    a->cost = quiet_place(m, a->w + 2 * pad, a->h, &a->x0, &a->y0);
    for (int c = 2; c <= 3 && a->cost >= 20; c++) {
        arrangement t;
        if (!columns(rows, n, widths, c, size, pad, &t))
            continue;
        t.cost = quiet_place(m, t.w + 2 * pad, t.h, &t.x0, &t.y0);
        if (t.cost < a->cost)
            *a = t;
    }
}

/* A tall page's legend, in the band below the map: the fewest columns, at
 * the largest size (down to 0.7 of the style's), that fit between the map
 * and the credits; else the lowest arrangement, as high as it must (over
 * the map's foot, on its panel: *over set). Its text starts where the
 * title's does. */
static void
arrange_in_band(map *m, const row *rows, int n, double pad, arrangement *a, bool *over)
{
    const sm_style *s = m->s;
    double widths[64], room_w = m->o->width_px - 2 * s->margin_px;
    double top = m->frame_y1 + s->margin_px / 2, bottom = m->credits_top - s->margin_px / 3;
    bool found = false;

    /* the fallback: one column at the least size, however wide */
    row_widths(m, rows, n, s->legend_px * 0.7, widths);
    columns(rows, n, widths, 1, s->legend_px * 0.7, pad, a);
    for (double k = 1; k > 0.65 && !found; k -= 0.1) {
        row_widths(m, rows, n, s->legend_px * k, widths);
        for (int c = 1; c <= 3 && !found; c++) {
            arrangement t;
            if (!columns(rows, n, widths, c, s->legend_px * k, pad, &t) || t.w > room_w)
                continue;
            found = t.h <= bottom - top;
            if (found || t.h < a->h)    /* else the lowest that fits the width */
                *a = t;
        }
    }
    a->x0 = sm_map__rtl(m) ? m->o->width_px - s->margin_px - 14 - pad - a->w
                           : s->margin_px + 14 - pad;
    a->y0 = a->h <= bottom - top ? top : fmax(0, bottom - a->h);
    *over = a->y0 + 4 < m->frame_y1;
}

static void
legend(map *m)
{
    const sm_style *s = m->s;
    row rows[64] = { 0 };
    int n = 0;
    double total = 0, pad = 12, swatch = 22, line_h, w = 0, x0 = 0, y0 = 0, y, size;
    const sm_situation *sit = m->sit;
    int window = sit->events_from == SM_DAY_NONE ? 0 : sit->day - sit->events_from + 1;

    for (int i = 0; i < m->nseen; i++)
        total += m->seen[i].area_km2;
    total += m->unknown_km2;
    if (m->nseen > 0) {
        char key[48] = "country.";
        const char *country = m->o->country_name ? m->o->country_name : "the country";
        const char *const cname[] = { "country" };
        for (size_t k = 0; m->o->country && m->o->country[k] && k < 8; k++)
            key[8 + k] = (char)(m->o->country[k] | 0x20);     /* country.sy */
        country = m->o->country ? sm_map__word(m, key, country) : country;
        /* with the country under the zones the shares are of its land in
         * the frame (no data included), else of the zoned area */
        if (total <= 0)
            sm_map__phrase(m, "legend.control", "Control", NULL, NULL, 0, rows[n].text,
                           sizeof(rows[n].text));
        else if (m->country_km2 <= 0)
            sm_map__phrase(m, "legend.control_zoned", "Control (share of zoned area)", NULL,
                           NULL, 0, rows[n].text, sizeof(rows[n].text));
        else if (m->country_whole)
            sm_map__phrase(m, "legend.control_country", "Control (share of {country})", cname,
                           &country, 1, rows[n].text, sizeof(rows[n].text));
        else
            sm_map__phrase(m, "legend.control_shown", "Control (share of {country} shown)",
                           cname, &country, 1, rows[n].text, sizeof(rows[n].text));
        rows[n].faction = rows[n].event = -1;
        rows[n++].header = true;
        ranked order[SM_LEN(m->seen)];
        for (int i = 0; i < m->nseen; i++)
            order[i] = (ranked){ sm_map__faction_rank(s, m->seen[i].id), i, m->seen[i].id };
        qsort(order, (size_t)m->nseen, sizeof(ranked), by_style);
        for (int k = 0; k < m->nseen && n < 40; k++) {
            int i = order[k].seen;
            if (m->seen[i].area_km2 <= 0 && m->seen[i].places == 0)
                continue;                   /* met, but nothing of it in the frame */
            const sm_faction_style *f = sm_style_faction(s, m->seen[i].id);
            char fkey[48], share[32];
            snprintf(fkey, sizeof(fkey), "faction.%s", m->seen[i].id);
            const char *const names[] = { "faction", "share", "n" };
            const char *values[] = { sm_map__word(m, fkey, f ? f->label : m->seen[i].id), share,
                                     share };
            row *r = &rows[n++];
            r->faction = i;
            r->event = -1;
            r->header = false;
            if (m->seen[i].area_km2 > 0 && total > 0 && m->seen[i].area_km2 < total / 200)
                sm_map__phrase(m, "legend.share_least", "{faction}  <1%", names, values, 1,
                               r->text, sizeof(r->text));
            else if (m->seen[i].area_km2 > 0 && total > 0) {
                snprintf(share, sizeof(share), "%.0f", 100 * m->seen[i].area_km2 / total);
                sm_map__phrase(m, "legend.share", "{faction}  {share}%", names, values, 2,
                               r->text, sizeof(r->text));
            } else {
                snprintf(share, sizeof(share), "%d", m->seen[i].places);
                if (m->seen[i].places == 1)
                    sm_map__phrase(m, "legend.place", "{faction}  ({n} place)", names, values, 3,
                                   r->text, sizeof(r->text));
                else
                    sm_map__phrase_n(m, "legend.places", "{faction}  ({n} places)",
                                     m->seen[i].places, names, values, 3, r->text,
                                     sizeof(r->text));
            }
        }
        if (m->unknown_km2 > 0 && total > 0 && n < 40) {
            row *r = &rows[n++];
            char share[32];
            const char *const names[] = { "share" };
            const char *values[] = { share };
            *r = (row){ .faction = -1, .event = -1, .mark = MARK_UNKNOWN };
            snprintf(share, sizeof(share), "%.0f", 100 * m->unknown_km2 / total);
            if (m->unknown_km2 < total / 200)
                sm_map__phrase(m, "legend.no_data_least", "No data  <1%", NULL, NULL, 0, r->text,
                               sizeof(r->text));
            else
                sm_map__phrase(m, "legend.no_data", "No data  {share}%", names, values, 1,
                               r->text, sizeof(r->text));
        }
    }
    {
        static const char *const keys[] = { NULL, NULL, "legend.derived", "legend.contested",
                                            "legend.besieged", "legend.front", "legend.gained",
                                            "legend.lost", "legend.changed", "legend.disputed" };
        static const char *const marks[] = { NULL, NULL, "Lighter: estimated from places held",
                                             "Contested (stripes: both sides)",
                                             "Besieged (ring: the besieger)",
                                             "Front line (teeth: side advancing)",
                                             "Gained (stripes: the gaining side)",
                                             "Lost (dashed: the losing side)",
                                             "Changed hands (ring: new holder)",
                                             "Disputed area" };
        bool shown[] = { false, false, m->has_derived, m->has_contested, m->has_besieged,
                         m->has_fronts, m->has_gained, m->has_lost, m->has_changed,
                         sm_map__disputed_shown(m) };
        for (int k = MARK_DERIVED; k <= MARK_DISPUTED; k++) {
            if (!shown[k])
                continue;
            rows[n] = (row){ .faction = -1, .event = -1, .mark = k };
            if (k == MARK_FRONT && s->front_teeth_px <= 0)
                sm_map__phrase(m, "legend.front_plain", "Front line", NULL, NULL, 0, rows[n].text,
                               sizeof(rows[n].text));
            else
                sm_map__phrase(m, keys[k], marks[k], NULL, NULL, 0, rows[n].text,
                               sizeof(rows[n].text));
            n++;
        }
    }
    {
        int shown = 0;
        for (int t = 0; t < SM_EVENT_TYPE_COUNT; t++)
            shown += m->event_shown[t];
        if (shown) {
            row *r = &rows[n++];
            char days[16], count[16], ekey[48], english[48];
            const char *const names[] = { "n" };
            const char *values[] = { days };
            snprintf(days, sizeof(days), "%d", window);
            if (window > 1)
                sm_map__phrase_n(m, "legend.events_days", "Events, last {n} days", window, names,
                                 values, 1, r->text, sizeof(r->text));
            else if (window == 1)
                sm_map__phrase(m, "legend.events_day", "Events, last {n} day", names, values, 1,
                               r->text, sizeof(r->text));
            else
                sm_map__phrase(m, "legend.events", "Events", NULL, NULL, 0, r->text,
                               sizeof(r->text));
            r->faction = r->event = -1;
            r->header = true;
            for (int k = 0; k < SM_EVENT_TYPE_COUNT && n < 63; k++) {
                int t = 0;                  /* the gravest first */
                while (t < SM_EVENT_TYPE_COUNT && s->severity[t] != k)
                    t++;
                if (t == SM_EVENT_TYPE_COUNT || !m->event_shown[t])
                    continue;
                r = &rows[n++];
                const char *const row_names[] = { "event", "n" };
                const char *row_values[] = { english, count };
                snprintf(ekey, sizeof(ekey), "event.%s", sm_event_type_name(t));
                snprintf(english, sizeof(english), "%c%s", sm_event_type_name(t)[0] - 32,
                         sm_event_type_name(t) + 1);
                row_values[0] = sm_map__word(m, ekey, english);
                snprintf(count, sizeof(count), "%d", m->event_counts[t]);
                sm_map__phrase(m, "legend.event", "{event}  {n}", row_names, row_values, 2,
                               r->text, sizeof(r->text));
                r->faction = -1;
                r->event = t;
                r->header = false;
            }
            if (m->events_grouped) {        /* how to read a symbol of several */
                r = &rows[n++];
                sm_map__phrase(m, "legend.grouped", "Grouped events show the gravest", NULL, NULL,
                               0, r->text, sizeof(r->text));
                r->faction = r->event = -1;
                r->header = false;
            }
        }
    }
    if (n == 0)
        return;
    /* a legend taller than the map leaves room for (on a small layout, a
     * change map's long one) is set smaller, down to 0.6 of its size; one
     * that hides data whatever its arrangement a little smaller again, down
     * to 0.75 of that, where it hides less */
    {
        double room = m->o->height_px - 2 * s->margin_px - s->credit_px * 1.6 - 30 -
                      m->credit_lift;
        double need = 2 * pad + n * s->legend_px * 1.55;
        size = s->legend_px * fmax(0.6, fmin(1, room / need));
    }
    arrangement a;
    bool panel = true;
    if (sm_map__tall(m->o->width_px, m->o->height_px)) {
        arrange_in_band(m, rows, n, pad, &a, &panel);
    } else {
        arrange(m, rows, n, size, pad, &a);
        for (int k = 1; k <= 2 && a.cost >= 20; k++) {
            arrangement smaller;
            arrange(m, rows, n, size * (1 - 0.125 * k), pad, &smaller);
            if (smaller.cost < a.cost)
                a = smaller;
        }
    }
    size = a.size;
    line_h = size * 1.55;
    swatch *= size / s->legend_px;
    w = a.w;
    double h = a.h, gap = 2 * pad;
    x0 = a.x0;
    y0 = a.y0;
    int ncols = a.ncols, *starts = a.starts;
    bool rtl = sm_map__rtl(m);
    double *colw = a.colw;
    box b = sm_box(x0, y0, x0 + w + 2 * pad, y0 + h);
    if (panel)                          /* not on a tall page's band, its ground */
        sm_map__rect(m, DL_LEGEND, b, s->panel, s->admin1, 0.8f);
    for (int i = 0; i < n; i++) {
        int col = 0;
        double x = x0 + pad;
        while (col + 1 < ncols && i >= starts[col + 1])
            x += colw[col++] + gap;
        double tx = x + (rows[i].header ? 0 : swatch + 8);
        double cy, half = swatch * 7 / 22;
        if (rtl) {
            /* right to left: the columns from the right, each row's swatch on
             * the right of its text */
            double right = x0 + pad + w - (x - x0 - pad), tw, th, base;
            sm_map__text_size(m, rows[i].text, size, rows[i].header, false, &tw, &th, &base);
            x = right - swatch;
            tx = right - (rows[i].header ? 0 : swatch + 8) - tw;
        }
        y = y0 + pad + (i - starts[col]) * line_h;
        cy = y + line_h / 2;
        if (rows[i].faction >= 0) {
            const sm_faction_style *f = sm_style_faction(s, m->seen[rows[i].faction].id);
            sm_rgba fill = f ? f->fill : s->unknown_faction;
            fill.a *= m->seen[rows[i].faction].area_km2 > 0 ? s->zone_opacity : 1;
            sm_map__rect(m, DL_LEGEND, sm_box(x, cy - half, x + swatch, cy + half), fill,
                         f ? f->outline : s->muted, 1.0f);
        } else if (rows[i].mark != MARK_NONE) {
            mark_sample(m, rows[i].mark, x, cy, swatch);
        } else if (rows[i].event >= 0) {
            sm_map__symbol(m, DL_LEGEND, (sm_event_type)rows[i].event, x + swatch / 2, cy,
                           swatch * 6 / 22, false);
        }
        sm_dl_text(&m->dl, DL_LEGEND, rows[i].text, tx, y + (line_h - size * 1.3) / 2, size,
                   s->text, rows[i].header);
    }
    sm_map__take_panel(m, sm_box(b.x0 - 4, b.y0 - 4, b.x1 + 4, b.y1 + 4));
}

/* A round length (1, 2 or 5 times a power of ten) at most km. */
static double
round_km(double km)
{
    double p = pow(10, floor(log10(km))), r = km / p;

    return (r >= 5 ? 5 : r >= 2 ? 2 : 1) * p;
}

static void
scale_bar(map *m)
{
    const sm_style *s = m->s;
    sm_rgba dark = s->text, light = s->panel;
    struct geod_geodesic g;
    double lon1, lat1, lon2, lat2, dist_m, az1, az2, target = 160, km, len_px, x1, y, w, h, base;
    char text[SM_PHRASE_MAX], number[32];
    bool rtl = sm_map__rtl(m);

    geod_init(&g, 6378137.0, 1 / 298.257223563);
    x1 = m->o->width_px - s->margin_px;
    if (rtl)                            /* right to left: the lower left, x1 its right end */
        x1 = s->margin_px + target;
    y = m->o->height_px - s->margin_px - s->credit_px * 1.6 - 16 - m->credit_lift;
    if (sm_map__tall(m->o->width_px, m->o->height_px))    /* the map frame's foot */
        y = m->frame_y1 - s->margin_px / 2 - 8;
    if (!sm_map__to_lonlat(m, x1 - target, y, &lon1, &lat1) ||
        !sm_map__to_lonlat(m, x1, y, &lon2, &lat2))
        return;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &dist_m, &az1, &az2);
    if (dist_m <= 0)
        return;
    km = round_km(dist_m / 1000 * 0.999);
    len_px = target * km * 1000 / dist_m;
    if (rtl)                            /* its left end at the margin */
        x1 = s->margin_px + len_px;
    for (int k = 0; k < 2; k++) {
        box seg = sm_box(x1 - len_px + k * len_px / 2, y, x1 - len_px + (k + 1) * len_px / 2, y + 5);
        sm_map__rect(m, DL_SCALEBAR, seg, k ? light : dark, dark, 0.8f);
    }
    {
        const char *const names[] = { "km" };
        const char *values[] = { number };
        snprintf(number, sizeof(number), "%g", km);
        sm_map__phrase(m, "scale.km", "{km} km", names, values, 1, text, sizeof(text));
    }
    sm_map__text_size(m, text, s->legend_px * 0.9, false, false, &w, &h, &base);
    {
        /* the number over the bar's far end: its right (its left, right to left) */
        dl_item *t = sm_dl_text(&m->dl, DL_SCALEBAR, text, rtl ? x1 - len_px : x1 - w, y - h - 2,
                                s->legend_px * 0.9, dark, false);
        if (t) {
            t->halo_px = 2;
            t->stroke = s->halo;
        }
    }
    if (rtl)
        sm_map__take(m, sm_box(x1 - len_px - 4, y - h - 6, fmax(x1, x1 - len_px + w) + 4, y + 9));
    else
        sm_map__take(m, sm_box(x1 - len_px - 4, y - h - 6, x1 + 4, y + 9));
}

/* One line of the credits, right-aligned, its top at y. */
static void
credit_text(map *m, const char *text, double size, double y)
{
    const sm_style *s = m->s;
    double w, h, base, x;
    dl_item *t;

    sm_map__text_size(m, text, size, false, false, &w, &h, &base);
    x = m->o->width_px - s->margin_px - w;
    t = sm_dl_text(&m->dl, DL_CREDITS, text, x, y, size, s->muted, false);
    if (t) {
        t->halo_px = 2;
        t->stroke = s->halo;
    }
    sm_map__take(m, sm_box(x - 4, y - 2, x + w + 4, y + h + 2));
}

/* The publisher's credit line, above the sources (whose top is at bottom):
 * set smaller to fit, down to 9 px, then in two lines broken at the space
 * nearest the middle. What it adds above the sources lifts the scale bar
 * and the panels (m->credit_lift). */
static void
own_credit(map *m, double bottom)
{
    const sm_style *s = m->s;
    const char *text = m->o->own_credit;
    double room = m->o->width_px - 2 * s->margin_px, size = s->credit_px, w, h, base;
    char lines[2][SM_RENDER_TEXT_MAX + 1];
    int n = 1;

    snprintf(lines[0], sizeof(lines[0]), "%s", text);
    sm_map__text_size(m, text, size, false, false, &w, &h, &base);
    for (; w > room && size > 9; size -= 0.5)
        w *= (size - 0.5) / size;
    if (w > room) {
        const char *cut = NULL, *mid = text + strlen(text) / 2;
        for (const char *p = strchr(text, ' '); p; p = strchr(p + 1, ' '))
            if (cut == NULL || labs(p - mid) < labs(cut - mid))
                cut = p;
        if (cut) {
            snprintf(lines[0], sizeof(lines[0]), "%.*s", (int)(cut - text), text);
            snprintf(lines[1], sizeof(lines[1]), "%s", cut + 1);
            n = 2;
        }
    }
    sm_map__text_size(m, lines[0], size, false, false, &w, &h, &base);
    for (int i = 0; i < n; i++)
        credit_text(m, lines[i], size, bottom - (n - i) * h);
    m->credit_lift = n * h;
}

const char *
sm_map__sources(const map *m)
{
    return m->o->credit && m->o->credit[0]
               ? m->o->credit
               : "Sources: GeoNames (CC BY 4.0); \xc2\xa9 OpenStreetMap contributors"
                 " (ODbL); geoBoundaries, UNCS/UN OCHA (CC BY 3.0 IGO); GSHHG;"
                 " Natural Earth. Map: sitmap";
}

static void
credits(map *m)
{
    const sm_style *s = m->s;
    char sources[SM_PHRASE_MAX];
    const char *text = sources;
    double room = m->o->width_px - 2 * s->margin_px, size = s->credit_px, w, h, base;
    char lines[2][SM_PHRASE_MAX];
    int n = 1;

    sm_map__sources_text(m, sources, sizeof(sources));
    snprintf(lines[0], sizeof(lines[0]), "%s", text);
    sm_map__text_size(m, text, size, false, false, &w, &h, &base);
    while (w > room && size > 9) {        /* a little smaller first */
        size -= 0.5;
        sm_map__text_size(m, text, size, false, false, &w, &h, &base);
    }
    if (w > room) {
        /* then two lines, broken at the "; " that makes the longer one
         * shortest, set smaller still while that one is too long */
        const char *best = NULL;
        double best_w = 1e9, w1, w2;
        for (const char *cut = strstr(text, "; "); cut; cut = strstr(cut + 2, "; ")) {
            snprintf(lines[0], sizeof(lines[0]), "%.*s;", (int)(cut - text), text);
            sm_map__text_size(m, lines[0], size, false, false, &w1, &h, &base);
            sm_map__text_size(m, cut + 2, size, false, false, &w2, &h, &base);
            if (fmax(w1, w2) < best_w) {
                best_w = fmax(w1, w2);
                best = cut;
            }
        }
        if (best == NULL)
            best = text + strlen(text) / 2;
        /* right to left, a ';' at the line's end would stand at its left,
         * before the Latin names: none */
        snprintf(lines[0], sizeof(lines[0]), sm_map__rtl(m) ? "%.*s" : "%.*s;",
                 (int)(best - text), text);
        snprintf(lines[1], sizeof(lines[1]), "%s", best + (best[0] == ';' ? 2 : 0));
        n = 2;
        for (; best_w > room && size > 7; size -= 0.5)
            best_w *= (size - 0.5) / size;
    }
    double foot = m->o->height_px - m->safe_px - s->margin_px / 2;
    for (int i = 0; i < n; i++) {
        sm_map__text_size(m, lines[i], size, false, false, &w, &h, &base);
        credit_text(m, lines[i], size, foot - (n - i) * h);
    }
    m->credits_top = foot - n * h;
    if (m->o->own_credit && m->o->own_credit[0]) {
        own_credit(m, foot - n * h);
        m->credits_top -= m->credit_lift;
    }
}

/* A tall page's bands above and below the map frame: the page's ground
 * (the panels' colour, opaque), a hairline where the map meets them. */
static void
bands(map *m)
{
    const sm_style *s = m->s;
    double w = m->o->width_px, h = m->o->height_px;
    sm_rgba ground = s->panel;
    dl_item *it;

    ground.a = 1;
    if (m->frame_y0 > 0) {
        sm_map__rect(m, DL_TITLE, sm_box(0, 0, w, m->frame_y0), ground, none, 0);
        sm_map__take_panel(m, sm_box(-4, -4, w + 4, m->frame_y0 + 4));
    }
    sm_map__rect(m, DL_LEGEND, sm_box(0, m->frame_y1, w, h), ground, none, 0);
    sm_map__take_panel(m, sm_box(-4, m->frame_y1 - 4, w + 4, h + 4));
    for (int k = 0; k < 2; k++) {
        double y = k ? m->frame_y1 : m->frame_y0;
        if (y <= 0)
            continue;
        it = sm_dl_path(&m->dl, k ? DL_LEGEND : DL_TITLE, none, s->admin1, 1.0f);
        sm_dl_point(&m->dl, it, DL_MOVE, 0, y);
        sm_dl_point(&m->dl, it, DL_LINE, w, y);
    }
}

sm_status
sm_map__furniture(map *m, sm_error *err)
{
    if (sm_map__tall(m->o->width_px, m->o->height_px))
        bands(m);
    credits(m);
    scale_bar(m);
    title_block(m);
    legend(m);
    return sm_map__inset(m, err);
}
