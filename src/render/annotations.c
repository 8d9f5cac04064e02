/* SPDX-License-Identifier: MIT */
/*
 * annotations.c - an editor's annotations drawn on the map, those shown on
 * its day, into their own layer (DL_ANNOTATIONS: over the events, under
 * the names and labels), each item drawing its annotation (dl_ident: one
 * SVG group each, "annotation-ID").
 *
 * They are placed before the place labels, whose boxes then avoid theirs:
 * the annotation is the editor's choice, and a label yields to it. In
 * drawing order: areas (highlighted, hatched; noted, dashed), arrows (a
 * tapering body and a head, after the advance arrows of published front
 * maps: a smooth curve through the line's points, bent by `curve`), rings
 * round highlighted towns (whose place labels give way to the ring's
 * emphasised name), then the texts: free text exactly where it is put,
 * callouts in a box placed by the labels' rules (the first of rings of
 * positions round the point that is free, with a leader line back to it),
 * notes inside their area or beside their point, in italics.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define MAX_LINES 8
#define LINE_BYTES 256
#define CURVE_SAMPLES 48

typedef struct lines {
    char text[MAX_LINES][LINE_BYTES];
    double w[MAX_LINES];
    int n;
    double width, line_h, size;
    bool bold, italic;
} lines;

static const sm_rgba clear = { 0, 0, 0, 0 };

/* The faction's fill, or the style's text colour. */
static sm_rgba
ink(const map *m, const sm_annotation *a)
{
    const sm_faction_style *f = a->faction[0] ? sm_style_faction(m->s, a->faction) : NULL;
    return f ? f->fill : m->s->text;
}

/* The faction's outline (darker, for text), or the style's text colour. */
static sm_rgba
dark(const map *m, const sm_annotation *a)
{
    const sm_faction_style *f = a->faction[0] ? sm_style_faction(m->s, a->faction) : NULL;
    return f ? f->outline : m->s->text;
}

/* The annotation's point in pixels; false when it is outside the frame
 * (nothing is drawn for it). */
static bool
point_px(const map *m, const sm_annotation *a, double *x, double *y)
{
    return sm_map__to_px(m, a->pts[0], a->pts[1], x, y) && *x >= 0 && *y >= 0 &&
           *x <= m->o->width_px && *y <= m->o->height_px;
}

/* The words of text set in lines of at most max_w px (a word longer than
 * that on a line of its own); a newline in the text breaks a line. */
static void
wrap(map *m, const char *text, double max_w, lines *l)
{
    const char *p = text;
    double h, base;

    l->n = 0;
    l->width = 0;
    l->line_h = 0;
    while (*p && l->n < MAX_LINES) {
        char *line = l->text[l->n];
        size_t len = 0;
        line[0] = '\0';
        while (*p == ' ')
            p++;
        while (*p && *p != '\n') {
            size_t word = strcspn(p, " \n");
            char trial[LINE_BYTES];
            double w;
            if (len + word + 2 >= LINE_BYTES)
                break;
            snprintf(trial, sizeof(trial), "%s%s%.*s", line, len ? " " : "", (int)word, p);
            sm_map__text_size_styled(m, trial, l->size, l->bold, l->italic, false, 0, &w, &h,
                                     &base);
            if (len > 0 && w > max_w)
                break;
            memcpy(line, trial, strlen(trial) + 1);
            len = strlen(line);
            l->w[l->n] = w;
            l->line_h = fmax(l->line_h, h);
            p += word;
            while (*p == ' ')
                p++;
        }
        if (*p == '\n')
            p++;
        if (len > 0) {
            l->width = fmax(l->width, l->w[l->n]);
            l->n++;
        } else if (*p && *p != '\n' && strcspn(p, " \n") + 2 >= LINE_BYTES) {
            p += strcspn(p, " \n");     /* a word too long for any line */
        }
    }
}

static double
block_h(const lines *l)
{
    return l->n * l->line_h * 0.92;
}

/* The lines, their block's top left at x, y: each line at its left edge,
 * or centred in the block. */
static void
put_lines(map *m, const lines *l, double x, double y, sm_rgba colour, bool centred,
          float halo_px)
{
    for (int i = 0; i < l->n; i++) {
        double lx = centred ? x + (l->width - l->w[i]) / 2 : x;
        dl_item *t = sm_dl_text(&m->dl, DL_ANNOTATIONS, l->text[i], lx, y + i * l->line_h * 0.92,
                                l->size, colour, l->bold);
        if (t == NULL)
            continue;
        t->arabic = sm_map__arabic(l->text[i]);
        t->italic = l->italic && !t->arabic;
        if (halo_px > 0) {
            t->halo_px = halo_px;
            t->stroke = m->s->halo;
        }
    }
}

/* Inside the frame's margins. */
static bool
in_frame(const map *m, box b)
{
    double e = m->s->margin_px / 2;
    return b.x0 >= e && b.y0 >= e && b.x1 <= m->o->width_px - e && b.y1 <= m->o->height_px - e;
}

/* The first of n boxes (w x h at the top lefts xy) that is inside the
 * frame and free (of every taken box, then of all but the soft ones); else
 * the first inside the frame; else the first. */
static int
first_free(const map *m, const double (*xy)[2], int n, double w, double h)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            box b = sm_box(xy[i][0], xy[i][1], xy[i][0] + w, xy[i][1] + h);
            if (in_frame(m, b) && sm_map__is_free(m, b, pass == 1))
                return i;
        }
    for (int i = 0; i < n; i++)
        if (in_frame(m, sm_box(xy[i][0], xy[i][1], xy[i][0] + w, xy[i][1] + h)))
            return i;
    return 0;
}

/* The eight positions of a w x h box round x, y at the given gap, in the
 * labels' order of preference (right, upper right, lower right, left, ...). */
static void
around(double x, double y, double gap, double w, double h, double (*pos)[2])
{
    static const double dir[8][2] = { { 1, 0 },  { 0.7, -1 }, { 0.7, 1 }, { -1, 0 },
                                      { -0.7, -1 }, { -0.7, 1 }, { 0, -1 }, { 0, 1 } };
    for (int k = 0; k < 8; k++) {
        pos[k][0] = dir[k][0] > 0 ? x + gap * dir[k][0] : dir[k][0] < 0 ? x + gap * dir[k][0] - w
                                                                        : x - w / 2;
        pos[k][1] = dir[k][1] > 0 ? y + gap * 0.5 : dir[k][1] < 0 ? y - gap * 0.5 - h
                                                                  : y - h / 2;
        if (dir[k][0] == 0)
            pos[k][1] = dir[k][1] < 0 ? y - gap - h : y + gap;
    }
}

/* The top left of a w x h box beside the point x, y on the side u points
 * to (a unit vector): touching it by a corner, or by the middle of a side. */
static void
beside(double x, double y, double ux, double uy, double w, double h, double *pos)
{
    pos[0] = ux > 0.38 ? x : ux < -0.38 ? x - w : x - w / 2;
    pos[1] = uy > 0.38 ? y : uy < -0.38 ? y - h : y - h / 2;
}

/* A box of an annotation's text or ring: taken (the labels keep clear of
 * it) and listed, for the report's count of overlaps. */
static void
take_text(map *m, box b)
{
    sm_map__take(m, b);
    if (!sm_grow((void **)&m->annotated, &m->annotated_cap, m->nannotated, sizeof(box), 16)) {
        m->dl.failed = true;
        return;
    }
    m->annotated[m->nannotated++] = b;
}

/* ---- arrows ------------------------------------------------------------ */

/* A Catmull-Rom curve through the n points (x, y pairs), sampled; the
 * number of samples into out (room for CURVE_SAMPLES * n). */
static int
smooth(const double *p, int n, double *out)
{
    int k = 0, per = n > 2 ? CURVE_SAMPLES / (n - 1) + 1 : CURVE_SAMPLES;

    for (int i = 0; i + 1 < n; i++) {
        const double *p0 = &p[2 * (i > 0 ? i - 1 : i)], *p1 = &p[2 * i], *p2 = &p[2 * i + 2],
                     *p3 = &p[2 * (i + 2 < n ? i + 2 : i + 1)];
        for (int j = 0; j < per; j++) {
            double t = (double)j / per, t2 = t * t, t3 = t2 * t;
            for (int c = 0; c < 2; c++)
                out[2 * k + c] = 0.5 * (2 * p1[c] + (-p0[c] + p2[c]) * t +
                                        (2 * p0[c] - 5 * p1[c] + 4 * p2[c] - p3[c]) * t2 +
                                        (-p0[c] + 3 * p1[c] - 3 * p2[c] + p3[c]) * t3);
            k++;
        }
    }
    out[2 * k] = p[2 * n - 2];
    out[2 * k + 1] = p[2 * n - 1];
    return k + 1;
}

/* The length along the line up to each point, into cum; the whole. */
static double
lengths(const double *p, int n, double *cum)
{
    cum[0] = 0;
    for (int i = 1; i < n; i++)
        cum[i] = cum[i - 1] + hypot(p[2 * i] - p[2 * i - 2], p[2 * i + 1] - p[2 * i - 1]);
    return cum[n - 1];
}

/* The point at distance s along the line, and the line's direction there. */
static void
along(const double *p, const double *cum, int n, double s, double *x, double *y, double *dx,
      double *dy)
{
    int i = 1;
    double seg, t;

    while (i < n - 1 && cum[i] < s)
        i++;
    seg = cum[i] - cum[i - 1];
    t = seg > 0 ? (s - cum[i - 1]) / seg : 0;
    *x = p[2 * i - 2] + t * (p[2 * i] - p[2 * i - 2]);
    *y = p[2 * i - 1] + t * (p[2 * i + 1] - p[2 * i - 1]);
    *dx = seg > 0 ? (p[2 * i] - p[2 * i - 2]) / seg : 1;
    *dy = seg > 0 ? (p[2 * i + 1] - p[2 * i - 1]) / seg : 0;
}

/* The arrow's body, from a thin tail to the neck, and its head, as one
 * outline: the left side forward, the head, the right side back. */
static void
arrow_outline(map *m, const sm_annotation *a, const double *c, const double *cum, int n,
              double total)
{
    double w = 0.85 * m->s->label_major_px;         /* the body's width at the neck */
    double head = fmin(2.1 * w, 0.45 * total), neck = total - head;
    int steps = 40;
    sm_rgba outline = m->s->halo;
    dl_item *it;
    double x, y, dx, dy, hx, hy;

    outline.a = 1;
    it = sm_dl_path(&m->dl, DL_ANNOTATIONS, ink(m, a), outline, 1.4f);
    for (int side = 0; side < 2; side++)
        for (int i = 0; i <= steps; i++) {
            int j = side == 0 ? i : steps - i;
            double s = neck * j / steps, half = w * (0.22 + 0.28 * j / steps);
            along(c, cum, n, s, &x, &y, &dx, &dy);
            if (side == 1)
                half = -half;
            sm_dl_point(&m->dl, it, side == 0 && i == 0 ? DL_MOVE : DL_LINE, x + dy * half,
                        y - dx * half);
            if (side == 0 && i == steps) {  /* the head: its wings square to the neck */
                along(c, cum, n, neck, &x, &y, &dx, &dy);
                hx = c[2 * n - 2] - x;
                hy = c[2 * n - 1] - y;
                double len = hypot(hx, hy), ux = len > 0 ? hx / len : dx,
                       uy = len > 0 ? hy / len : dy;
                sm_dl_point(&m->dl, it, DL_LINE, x + uy * 1.15 * w, y - ux * 1.15 * w);
                sm_dl_point(&m->dl, it, DL_LINE, c[2 * n - 2], c[2 * n - 1]);
                sm_dl_point(&m->dl, it, DL_LINE, x - uy * 1.15 * w, y + ux * 1.15 * w);
            }
        }
    sm_dl_point(&m->dl, it, DL_CLOSE, c[0], c[1]);
    /* minor labels keep off the arrow, major ones may cross it (a line
     * reaching far out of the frame in a thousand boxes at most) */
    for (double s = 0; s <= total; s += fmax(w, total / 1000)) {
        along(c, cum, n, s, &x, &y, &dx, &dy);
        sm_map__take(m, (box){ x - w / 2, y - w / 2, x + w / 2, y + w / 2, .soft = true });
    }
}

/* The arrow's line in pixels, smoothed and bent: the number of points in
 * *out (the caller frees it), 0 when it does not show. */
static int
arrow_line(map *m, const sm_annotation *a, double **out)
{
    double *p = malloc(2 * a->npts * sizeof(double));
    double *c = malloc(2 * (CURVE_SAMPLES * a->npts + 2) * sizeof(double));
    double *cum = malloc((CURVE_SAMPLES * a->npts + 2) * sizeof(double));
    int n = 0, k;

    *out = NULL;
    if (p == NULL || c == NULL || cum == NULL) {
        m->dl.failed = true;
        goto fail;
    }
    for (size_t i = 0; i < a->npts; i++) {
        double x, y;
        if (!sm_map__to_px(m, a->pts[2 * i], a->pts[2 * i + 1], &x, &y))
            continue;
        if (n > 0 && hypot(x - p[2 * n - 2], y - p[2 * n - 1]) < 0.5)
            continue;                   /* the same pixel: no direction */
        p[2 * n] = x;
        p[2 * n + 1] = y;
        n++;
    }
    if (n < 2)
        goto fail;
    k = smooth(p, n, c);
    /* the bend: the middle moved curve x the chord's length to the left */
    double chord = hypot(c[2 * k - 2] - c[0], c[2 * k - 1] - c[1]), total = lengths(c, k, cum);
    double nx = chord > 0 ? (c[2 * k - 1] - c[1]) / chord : 0;
    double ny = chord > 0 ? -(c[2 * k - 2] - c[0]) / chord : 0;
    for (int i = 0; a->curve != 0 && chord > 0 && i < k; i++) {
        double t = cum[i] / total, d = a->curve * chord * 4 * t * (1 - t);
        c[2 * i] += nx * d;
        c[2 * i + 1] += ny * d;
    }
    free(p);
    free(cum);
    *out = c;
    return k;
fail:
    free(p);
    free(c);
    free(cum);
    return 0;
}

static void
arrow(map *m, const sm_annotation *a)
{
    double *c, *cum, total;
    int n = arrow_line(m, a, &c);

    if (n < 2)
        return;
    if ((cum = malloc((size_t)n * sizeof(double))) == NULL) {
        m->dl.failed = true;
        free(c);
        return;
    }
    total = lengths(c, n, cum);
    if (total >= 8)
        arrow_outline(m, a, c, cum, n, total);
    if (total >= 8 && a->text) {
        /* its name behind its tail, where it starts from, else beside its
         * body, else round the tail */
        lines l = { .size = m->s->label_px, .bold = true };
        double pos[13][2], x, y, dx, dy, gap = 0.5 * m->s->label_major_px;
        wrap(m, a->text, 10 * l.size, &l);
        double w = l.width, h = block_h(&l);
        along(c, cum, n, 0, &x, &y, &dx, &dy);
        beside(x - dx * gap, y - dy * gap, -dx, -dy, w, h, pos[0]);
        for (int side = 0; side < 2; side++) {
            double s = side ? -1 : 1;
            along(c, cum, n, total * 0.4, &x, &y, &dx, &dy);
            beside(x + s * dy * 2 * gap, y - s * dx * 2 * gap, s * dy, -s * dx, w, h,
                   pos[1 + side]);
            along(c, cum, n, total * 0.15, &x, &y, &dx, &dy);
            beside(x + s * dy * 1.6 * gap, y - s * dx * 1.6 * gap, s * dy, -s * dx, w, h,
                   pos[3 + side]);
        }
        around(c[0], c[1], 2 * gap, w, h, pos + 5);
        int k = first_free(m, pos, 13, w, h);
        put_lines(m, &l, pos[k][0], pos[k][1], dark(m, a), true, 2.2f);
        take_text(m, sm_box(pos[k][0] - 1, pos[k][1], pos[k][0] + l.width + 1,
                               pos[k][1] + block_h(&l)));
    }
    free(cum);
    free(c);
}

/* ---- places and areas -------------------------------------------------- */

/* Remember a spot whose place labels give way (a highlighted town: its
 * name is the highlight's). */
static void
claim(map *m, double x, double y, double r)
{
    if (!sm_grow((void **)&m->claimed, &m->claimed_cap, m->nclaimed, sizeof(*m->claimed), 16)) {
        m->dl.failed = true;
        return;
    }
    m->claimed[m->nclaimed++] = (struct claimed_spot){ (float)x, (float)y, (float)r };
}

/* The name of the situation's place nearest x, y within r px, as labels
 * name it (its label in the map's language), into out; false if none. */
static bool
place_name(map *m, double x, double y, double r, char *out, size_t cap)
{
    const sm_place *best = NULL;
    double best_d = r;

    for (size_t i = 0; i < m->sit->nplaces; i++) {
        const sm_place *p = &m->sit->places[i];
        double px, py;
        if (p->name && sm_map__to_px(m, p->lon_deg, p->lat_deg, &px, &py) &&
            hypot(px - x, py - y) <= best_d) {
            best = p;
            best_d = hypot(px - x, py - y);
        }
    }
    if (best == NULL)
        return false;
    if (m->o->lang == SM_LANG_AR && best->name_ar)
        snprintf(out, cap, "%s", best->name_ar);
    else
        sm_gaz_label(best->name, out, cap);
    return true;
}

/* A ring round a town, and its name emphasised beside it (the
 * annotation's text, else the place's name). */
static void
ring(map *m, const sm_annotation *a)
{
    double x, y, r = 0.8 * m->s->label_major_px, pos[8][2];
    char name[LINE_BYTES];
    sm_rgba halo = m->s->halo;
    dl_item *it[2];

    if (!point_px(m, a, &x, &y))
        return;
    halo.a = 1;
    for (int k = 0; k < 2; k++) {
        it[k] = sm_dl_path(&m->dl, DL_ANNOTATIONS, clear, k ? ink(m, a) : halo, k ? 2.6f : 5.0f);
        for (int i = 0; i <= 36; i++)
            sm_dl_point(&m->dl, it[k], i == 0 ? DL_MOVE : i == 36 ? DL_CLOSE : DL_LINE,
                        x + r * cos(i * M_PI / 18), y + r * sin(i * M_PI / 18));
    }
    take_text(m, sm_box(x - r - 2, y - r - 2, x + r + 2, y + r + 2));
    claim(m, x, y, r + 2);
    if (a->text)
        snprintf(name, sizeof(name), "%s", a->text);
    else if (!place_name(m, x, y, r + 2, name, sizeof(name)))
        return;
    lines l = { .size = 1.2 * m->s->label_major_px, .bold = true };
    wrap(m, name, 14 * l.size, &l);
    around(x, y, r + 3, l.width, block_h(&l), pos);
    int k = first_free(m, pos, 8, l.width, block_h(&l));
    put_lines(m, &l, pos[k][0], pos[k][1], m->s->text, true, 2.6f);
    take_text(m, sm_box(pos[k][0] - 1, pos[k][1], pos[k][0] + l.width + 1,
                           pos[k][1] + block_h(&l)));
}

/* The middle of the largest ring of path item it (pixels): its centroid. */
static void
ring_middle(const map *m, const dl_item *it, double *cx, double *cy)
{
    const dl_point *p = m->dl.pts + it->first;
    double best = -1;

    *cx = p[0].x;
    *cy = p[0].y;
    for (uint32_t s = 0; s < it->npts;) {
        uint32_t e = s + 1;
        double a2 = 0, sx = 0, sy = 0;
        while (e < it->npts && p[e].op != DL_MOVE)
            e++;
        for (uint32_t i = s; i < e; i++) {
            const dl_point *q = &p[i], *r = &p[i + 1 < e ? i + 1 : s];
            double cross = (double)q->x * r->y - (double)r->x * q->y;
            a2 += cross;
            sx += (q->x + r->x) * cross;
            sy += (q->y + r->y) * cross;
        }
        if (fabs(a2) > best && a2 != 0) {
            best = fabs(a2);
            *cx = sx / (3 * a2);
            *cy = sy / (3 * a2);
        }
        s = e;
    }
}

/* A highlighted area (outlined and hatched in the faction's colour) or a
 * noted one (a dashed outline); *it the path, NULL when out of frame. */
static dl_item *
area(map *m, const sm_annotation *a)
{
    bool hl = a->kind == SM_ANNOTATION_HIGHLIGHT;
    sm_rgba line = hl ? ink(m, a) : dark(m, a), hatch = ink(m, a);
    dl_item *it;

    if (a->area.nrings == 0 || !sm_map__box_in_frame(m, a->area.west, a->area.south,
                                                     a->area.east, a->area.north))
        return NULL;
    if (!hl)
        line.a *= 0.75;
    it = sm_map__mpoly(m, &a->area, 0, a->area.nrings, DL_ANNOTATIONS, clear, line,
                       hl ? 2.4f : 1.3f);
    if (it == NULL)
        return NULL;
    if (it->npts < 3)
        return NULL;                    /* nothing of it in the frame */
    if (hl) {
        hatch.a *= 0.45;
        it->hatch = hatch;
        it->hatch_px = (float)m->s->hatch_px;
    } else {
        it->dash_px = 5;
    }
    return it;
}

/* An area's or a point's text, inside the area drawn as path item it (at
 * its middle, else near it) or, it NULL, beside the point: notes in
 * italics, a highlight's name in bold. it is read before any item is
 * added (which may move the list). */
static void
area_text(map *m, const sm_annotation *a, const dl_item *it)
{
    bool note = a->kind == SM_ANNOTATION_NOTE;
    lines l = { .size = (note ? 1.05 : 1.15) * m->s->label_px, .italic = note, .bold = !note };
    double x, y, pos[25][2];
    int n = 0;

    if (it)
        ring_middle(m, it, &x, &y);
    else if (!point_px(m, a, &x, &y))
        return;
    wrap(m, a->text, 11 * l.size, &l);
    double w = l.width, h = block_h(&l);
    pos[n][0] = x - w / 2;
    pos[n++][1] = y - h / 2;
    if (it) {                           /* round the middle, still inside an area */
        for (int d = 1; d <= 2; d++)
            for (int k = 0; k < 8; k++, n++) {
                pos[n][0] = x - w / 2 + 0.6 * d * h * 2 * cos(k * M_PI / 4);
                pos[n][1] = y - h / 2 + 0.6 * d * h * sin(k * M_PI / 4);
            }
    } else {                            /* round the point, then further out */
        for (int ring = 0; ring < 3; ring++, n += 8)
            around(x, y, 6 + 16 * ring, w, h, pos + n);
    }
    int k = first_free(m, pos, n, w, h);
    put_lines(m, &l, pos[k][0], pos[k][1], note ? dark(m, a) : m->s->text, true, 2.2f);
    take_text(m, sm_box(pos[k][0] - 1, pos[k][1], pos[k][0] + w + 1, pos[k][1] + h));
}

/* ---- texts ------------------------------------------------------------- */

/* Free text centred on its point, exactly where the editor put it. */
static void
free_text(map *m, const sm_annotation *a)
{
    lines l = { .size = m->s->label_major_px };
    double x, y;

    if (!point_px(m, a, &x, &y))
        return;
    wrap(m, a->text, 16 * l.size, &l);
    x -= l.width / 2;
    y -= block_h(&l) / 2;
    put_lines(m, &l, x, y, dark(m, a), true, 2.4f);
    take_text(m, sm_box(x - 1, y, x + l.width + 1, y + block_h(&l)));
}

/* A callout: its text in a box, placed at the first free position of
 * rings round the point (upper right first), a leader line back to a dot
 * on the point. */
static void
callout(map *m, const sm_annotation *a)
{
    static const double dir[8] = { -45, -135, 45, 135, 0, 180, -90, 90 }; /* degrees */
    static const double dist[4] = { 34, 58, 90, 130 };
    lines l = { .size = m->s->label_px };
    double x, y, pad = 5, pos[32][2];
    sm_rgba line = dark(m, a), halo = m->s->halo;
    dl_item *it;

    if (!point_px(m, a, &x, &y))
        return;
    wrap(m, a->text, 15 * l.size, &l);
    double w = l.width + 2 * pad, h = block_h(&l) + 2 * pad;
    for (int d = 0; d < 4; d++)
        for (int k = 0; k < 8; k++) {
            double ux = cos(dir[k] * M_PI / 180), uy = sin(dir[k] * M_PI / 180);
            beside(x + dist[d] * ux, y + dist[d] * uy, ux, uy, w, h, pos[8 * d + k]);
        }
    int k = first_free(m, pos, 32, w, h);
    box b = sm_box(pos[k][0], pos[k][1], pos[k][0] + w, pos[k][1] + h);
    /* the leader: from the dot to the nearest point of the box */
    double nx = fmax(b.x0, fmin(x, b.x1)), ny = fmax(b.y0, fmin(y, b.y1));
    double dx = nx - x, dy = ny - y, len = hypot(dx, dy);
    halo.a = 1;
    for (int pass = 0; len > 4 && pass < 2; pass++) {
        it = sm_dl_path(&m->dl, DL_ANNOTATIONS, clear, pass ? line : halo, pass ? 1.2f : 3.2f);
        sm_dl_point(&m->dl, it, DL_MOVE, x + dx / len * 3, y + dy / len * 3);
        sm_dl_point(&m->dl, it, DL_LINE, nx, ny);
    }
    it = sm_dl_path(&m->dl, DL_ANNOTATIONS, ink(m, a), halo, 1.2f);
    for (int i = 0; i <= 12; i++)
        sm_dl_point(&m->dl, it, i == 0 ? DL_MOVE : i == 12 ? DL_CLOSE : DL_LINE,
                    x + 3.2 * cos(i * M_PI / 6), y + 3.2 * sin(i * M_PI / 6));
    sm_map__rect(m, DL_ANNOTATIONS, b, m->s->panel, line, 1.1f);
    put_lines(m, &l, b.x0 + pad, b.y0 + pad, m->s->text, false, 0);
    sm_map__take(m, sm_box(b.x0 - 2, b.y0 - 2, b.x1 + 2, b.y1 + 2));
    take_text(m, b);
    sm_map__take(m, sm_box(x - 4, y - 4, x + 4, y + 4));
    for (double s = 6; s < len - 2; s += 6)     /* no label across the leader */
        sm_map__take(m, sm_box(x + dx / len * s - 2, y + dy / len * s - 2,
                               x + dx / len * s + 2, y + dy / len * s + 2));
}

/* ---- the layer --------------------------------------------------------- */

/* Each pass draws some of the annotations, in this order. */
enum pass { AREAS, ARROWS, RINGS, TEXTS, CALLOUTS, NOTES, PASSES };

static void
draw_one(map *m, const sm_annotation *a, enum pass pass)
{
    bool has_area = a->area.nrings > 0;

    switch (a->kind) {
    case SM_ANNOTATION_ARROW:
        if (pass == ARROWS)
            arrow(m, a);
        break;
    case SM_ANNOTATION_CALLOUT:
        if (pass == CALLOUTS)
            callout(m, a);
        break;
    case SM_ANNOTATION_TEXT:
        if (pass == TEXTS)
            free_text(m, a);
        break;
    case SM_ANNOTATION_HIGHLIGHT:
        if (pass == RINGS && !has_area)
            ring(m, a);
        else if (pass == AREAS && has_area) {
            dl_item *it = area(m, a);
            if (it && a->text)
                area_text(m, a, it);
        }
        break;
    case SM_ANNOTATION_NOTE:
        if (pass == AREAS && has_area)
            area(m, a);
        else if (pass == NOTES) {
            /* the note's area drawn in the first pass: found again as the
             * annotation's (the one open) */
            const dl_item *it = NULL;
            for (size_t i = 0; has_area && i < m->dl.nitems; i++)
                if (m->dl.items[i].ident == m->dl.open_ident && m->dl.open_ident != 0 &&
                    m->dl.items[i].kind == DL_PATH &&
                    m->dl.items[i].npts >= 3)
                    it = &m->dl.items[i];
            if (!has_area || it)
                area_text(m, a, it);
        }
        break;
    }
}

sm_status
sm_map__annotations(map *m, sm_error *err)
{
    const sm_annotations *as = m->o->annotations;
    uint32_t *idents;           /* each shown annotation's dl_ident; 0: not shown */
    int shown = 0;

    if (as == NULL)
        return SM_OK;
    if ((idents = calloc(as->n ? as->n : 1, sizeof(*idents))) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    for (size_t i = 0; i < as->n; i++) {      /* what each draws, named once for all passes */
        const sm_annotation *a = &as->items[i];
        if (!sm_annotation_is_shown(a, m->sit->day))
            continue;
        sm_dl_begin(&m->dl, &(dl_ident){ .what = DL_WHAT_ANNOTATION, .key = a->id,
                                         .name = a->text, .faction = a->faction,
                                         .feature = sm_annotation__kind_name(a->kind),
                                         .dated = a->from != SM_DAY_NONE,
                                         .from = a->from,
                                         .to = a->until != SM_DAY_NONE ? a->until
                                                                       : SM_DAY_OPEN });
        idents[i] = m->dl.open_ident;
        sm_dl_end(&m->dl);
        shown++;
    }
    for (int pass = 0; pass < PASSES; pass++)
        for (size_t i = 0; i < as->n; i++)
            if (idents[i] != 0) {
                sm_dl_resume(&m->dl, idents[i]);
                draw_one(m, &as->items[i], (enum pass)pass);
                sm_dl_end(&m->dl);
            }
    free(idents);
    if (m->rep)
        m->rep->annotations = shown;
    if (m->dl.failed)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return SM_OK;
}
