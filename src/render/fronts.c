/* SPDX-License-Identifier: MIT */
/*
 * fronts.c - front lines as a cartographic symbol: a line where two
 * factions' zones meet (timeline's fronts), dashed where a side is only
 * claimed, with small triangular teeth every few pixels on one side, in
 * that side's colour: the side that advanced over the event window (its
 * zones grew), or, when neither did, the faction the style lists first.
 */
#include "render/render_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* +1: teeth on the line's left (looking along it), -1: on its right. */
static int
teeth_side(const map *m, const sm_front *f)
{
    if (f->advancing)
        return f->advancing == f->left ? 1 : -1;
    return sm_map__faction_rank(m->s, f->left) <= sm_map__faction_rank(m->s, f->right) ? 1 : -1;
}

/* Teeth along the line p[0..n) on the given side, every `spacing` px. */
static void
teeth(map *m, dl_item *it, const double *p, int n, int side)
{
    const sm_style *s = m->s;
    double size = s->front_teeth_px, spacing = s->front_spacing_px, next = spacing / 2;
    double walked = 0;

    for (int i = 0; i + 1 < n; i++) {
        double dx = p[2 * i + 2] - p[2 * i], dy = p[2 * i + 3] - p[2 * i + 1];
        double len = hypot(dx, dy);

        if (len <= 0)
            continue;
        dx /= len;
        dy /= len;
        /* the line's left in pixels (y down) is (dy, -dx) */
        /* each tooth's base lies on one segment: one too near a bend moves on */
        while (fmax(next - walked, size * 0.6) + size * 0.6 <= len) {
            double half = size * 0.6, t = fmax(next - walked, half);
            double bx = p[2 * i] + dx * t, by = p[2 * i + 1] + dy * t;
            double nx = side * dy, ny = side * -dx;

            sm_dl_point(&m->dl, it, DL_MOVE, bx - dx * half, by - dy * half);
            sm_dl_point(&m->dl, it, DL_LINE, bx + nx * size, by + ny * size);
            sm_dl_point(&m->dl, it, DL_LINE, bx + dx * half, by + dy * half);
            sm_dl_point(&m->dl, it, DL_CLOSE, bx, by);
            next = walked + t + spacing;
        }
        walked += len;
    }
}

sm_status
sm_map__fronts(map *m, sm_error *err)
{
    const sm_style *s = m->s;
    const sm_situation *sit = m->sit;

    (void)err;
    if (s->front_px <= 0)
        return SM_OK;
    for (size_t i = 0; i < sit->nfronts; i++) {
        const sm_front *f = &sit->fronts[i];
        double *p;
        int n = sm_map__project_line(m, &sit->fpts[2 * (size_t)f->first], (int)f->n, &p);
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        dl_item *it;

        for (int k = 0; k < n; k++) {
            x0 = fmin(x0, p[2 * k]);
            y0 = fmin(y0, p[2 * k + 1]);
            x1 = fmax(x1, p[2 * k]);
            y1 = fmax(y1, p[2 * k + 1]);
        }
        if (n < 2 || x1 < 0 || y1 < 0 || x0 > m->o->width_px || y0 > m->o->height_px) {
            free(p);
            continue;
        }
        sm_dl_begin(&m->dl, &(dl_ident){ .what = DL_WHAT_FRONT, .faction = f->left,
                                         .other = f->right,
                                         .status = f->claimed     ? "claimed"
                                                   : f->contested ? "contested"
                                                                  : NULL,
                                         .dated = true, .from = sit->day, .to = SM_DAY_NONE });
        if (s->front_teeth_px > 0) {
            int side = teeth_side(m, f);
            const sm_faction_style *fs = sm_map__faction(m, side > 0 ? f->left : f->right);
            it = sm_dl_path(&m->dl, DL_FRONTLINES, fs ? fs->outline : s->muted,
                            (sm_rgba){ 0, 0, 0, 0 }, 0);
            teeth(m, it, p, n, side);
        }
        it = sm_dl_path(&m->dl, DL_FRONTLINES, (sm_rgba){ 0, 0, 0, 0 }, s->front,
                        (float)s->front_px);
        for (int k = 0; it && k < n; k++)
            sm_dl_point(&m->dl, it, k == 0 ? DL_MOVE : DL_LINE, p[2 * k], p[2 * k + 1]);
        if (it)
            it->dash_px = f->claimed ? (float)(3 * s->front_px + 3) : 0;
        sm_dl_end(&m->dl);
        m->has_fronts = true;
        if (m->rep)
            m->rep->fronts++;
        free(p);
    }
    return SM_OK;
}
