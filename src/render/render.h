/* SPDX-License-Identifier: MIT */
/*
 * render.h - dated situation maps: the situation on a day drawn over a
 * basemap, in a conformal projection fitted to the region, to PNG, SVG or
 * PDF (by the file's extension).
 *
 * The map is drawn once into a display list (layers of paths and texts in
 * pixels); Cairo draws that list for PNG and PDF, and an SVG writer turns it
 * into one named group per layer with real <text> elements, so a graphics
 * desk can finish the SVG by hand. Files are written under a temporary name
 * and renamed; the same inputs give the same bytes.
 */
#ifndef SM_RENDER_H
#define SM_RENDER_H

#include "core/day.h"
#include "core/error.h"
#include "gazetteer/gazetteer.h"
#include "store/store.h"
#include "style/style.h"
#include "timeline/timeline.h"

typedef enum sm_lang { SM_LANG_EN, SM_LANG_AR, SM_LANG_EN_AR } sm_lang;

typedef struct sm_render_opts {
    sm_day day;                /* the situation as of this day */
    int window_days;           /* events of the N days ending on day (0: 7) */
    double west, south, east, north; /* the region, degrees */
    int width_px, height_px;
    const sm_style *style;
    const char *title;         /* NULL: none */
    const char *subtitle;      /* NULL: none */
    sm_lang lang;
    const char *basemap;       /* data/basemap.gpkg; NULL: no basemap */
    bool no_labels;            /* no place labels (they come from the database's gazetteer) */
    bool no_inset;             /* never draw the locator inset */
    const struct sm_diff *change; /* a change map: the areas gained and lost and the
                                     places that changed hands (sm_diff_areas), drawn
                                     over the situation on `day`; NULL: none */
} sm_render_opts;

typedef struct sm_render_report {
    int zones, fronts, events, symbols, control_points;
    int labels_placed, labels_dropped;
    int label_overlaps;        /* pairs of placed labels that overlap: 0 */
    bool inset;                /* the locator inset was drawn */
    char warning[256];         /* e.g. factions the style does not define */
#define SM_RENDER_PHASES 8
    double phase_ms[SM_RENDER_PHASES]; /* basemap, zones, changes, events, fronts,
                                          furniture, labels, output */
} sm_render_report;

/* The subject country's border from the basemap (data/basemap.gpkg), in
 * lon/lat, as a SpatiaLite geometry the caller frees with gaiaFreeGeomColl;
 * *out NULL if the basemap has none. */
sm_status sm_render_country(const char *basemap, void **out, sm_error *err);

/* Render the map to path (.png, .svg or .pdf). rep may be NULL. */
sm_status sm_render(sm_store *db, const sm_render_opts *o, const char *path,
                    sm_render_report *rep, sm_error *err);

#endif
