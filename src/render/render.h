/* SPDX-License-Identifier: MIT */
/*
 * render.h - dated situation maps: the situation on a day drawn over a
 * basemap, in a conformal projection fitted to the region, to PNG, SVG or
 * PDF (by the file's extension).
 *
 * A map draws one situation (timeline.h), built before it: render reads
 * no database. The map is drawn once into a display list (layers of paths and texts in
 * pixels); Cairo draws that list for PNG and PDF, and an SVG writer turns it
 * into one named group per layer with real <text> elements, so a graphics
 * desk can finish the SVG by hand. Files are written under a temporary name
 * and renamed; each says what it holds (title, sources, description, the
 * time it was made: SOURCE_DATE_EPOCH's when the environment has it, else
 * the clock's), and with SOURCE_DATE_EPOCH set the same inputs give the
 * same bytes. A page at least 1.2 times as tall as wide sets the title
 * above the map and the legend below it.
 *
 * Threads: an sm_frame and an sm_fonts serve one map at a time; a map may
 * use threads of its own (one_thread: none). Distinct frames and fonts
 * share no state of the library's; the situation and the style are only
 * read.
 */
#ifndef SM_RENDER_H
#define SM_RENDER_H

#include "core/day.h"
#include "core/error.h"
#include "core/words.h"
#include "style/style.h"
#include "timeline/timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The script of place names: English, Arabic, or both. */
typedef enum sm_lang { SM_LANG_EN, SM_LANG_AR, SM_LANG_EN_AR } sm_lang;
/* The digits the furniture writes numbers in: the language's (its words'
 * "digits"; Latin without words), Latin (0-9) or Arabic-Indic. */
typedef enum sm_digits { SM_DIGITS_DEFAULT, SM_DIGITS_LATIN, SM_DIGITS_ARABIC } sm_digits;

/* ---- annotations: what an editor adds to a map ------------------------ */

/* Arrows of advance, callouts, highlighted places, notes on areas and free
 * text, read from a GeoJSON FeatureCollection (docs/commands.md,
 * "Annotations"): each feature's properties.kind, its text, its faction (a
 * colour of the style's), an arrow's curve, and the days it is shown. */
typedef enum sm_annotation_kind {
    SM_ANNOTATION_ARROW,       /* a LineString, the head at its last point */
    SM_ANNOTATION_CALLOUT,     /* a Point and its text, in a box with a leader line */
    SM_ANNOTATION_HIGHLIGHT,   /* a Point (a ring round a town, its name emphasised)
                                  or a Polygon (outlined and hatched) */
    SM_ANNOTATION_NOTE,        /* a Point or a Polygon and a short text, in italics */
    SM_ANNOTATION_TEXT         /* free text centred on a Point */
} sm_annotation_kind;

typedef struct sm_annotation {
    sm_annotation_kind kind;
    size_t index;              /* the feature's place in the file's features, from 0 */
    char id[40];               /* its name: properties.id, else its number, index + 1;
                                  in SVG the group "annotation-ID" */
    char *text;                /* NULL: none */
    char faction[33];          /* "": none (the style's text colour) */
    double curve;              /* an arrow's bend: its middle moved this fraction
                                  of its length to the left (< 0: the right) */
    sm_day from, until;        /* the first and last days it is shown (inclusive);
                                  SM_DAY_NONE: no bound */
    double *pts;               /* a Point or a LineString: npts lon/lat pairs */
    size_t npts;
    sm_mpoly area;             /* a Polygon or MultiPolygon: its rings (else none) */
} sm_annotation;

typedef struct sm_annotations {
    char *path;                /* the file read, for messages */
    sm_annotation *items;
    size_t n;
} sm_annotations;

/* The most features an annotations file may hold. */
#define SM_ANNOTATIONS_MAX 1000

/* Read the annotations of a GeoJSON file (json-c) into *out, owned by the
 * caller (sm_annotations_free); NULL on failure. SM_EINPUT naming the file
 * and the feature (features[N], from 0) for what is wrong: not a
 * FeatureCollection, an unknown kind, a geometry the kind cannot have,
 * coordinates out of range, a faction that is not an identifier, a date
 * that is not a day, text missing where the kind needs it. */
sm_status sm_annotations_load(const char *path, sm_annotations **out, sm_error *err);
/* SM_EINPUT naming the file and feature when an annotation names a faction
 * the style does not define (a render checks it before drawing). */
sm_status sm_annotations_check(const sm_annotations *a, const sm_style *s, sm_error *err);
/* True if the annotation is shown on day: undated ones on every day. */
bool sm_annotation_is_shown(const sm_annotation *a, sm_day day);
void sm_annotations_free(sm_annotations *a);

/* Start from SM_RENDER_OPTS_INIT (1920x1080, the rest zero or NULL), then
 * set at least the region and the style. */
typedef struct sm_render_opts {
    double west, south, east, north; /* the region, degrees */
    int width_px, height_px;
    const sm_style *style;     /* NULL: SM_EUSAGE (sm_style_defaults gives one) */
    const char *title;         /* NULL: none */
    const char *subtitle;      /* NULL: none */
    sm_lang lang;
    const char *basemap;       /* data/basemap.gpkg; NULL: no basemap */
    bool no_labels;            /* no place labels (they are the situation's places) */
    bool no_inset;             /* never draw the locator inset */
    bool fixed_furniture;      /* the legend and the inset placed by the frame alone
                                  (they avoid the title, not the data): the same
                                  place on every map of a series */
    double scale;              /* text, lines and symbols this many times their style's
                                  size (the map laid out at width/scale x
                                  height/scale, then drawn at width x height);
                                  0: from the size (1 up to 1920x1080, 2 at 3840x2160) */
    bool one_thread;           /* draw on the calling thread alone (the same bytes):
                                  for a caller that draws many maps at once */
    /* the mapped country (the theatre's); NULL: none is singled out */
    const char *country;       /* ISO alpha-2 of its places: others are abroad, muted */
    const char *country_iso3;  /* its iso_a3 in the basemap: its land, the inset */
    const char *country_name;  /* its name, for the legend's shares ("of Syria") */
    const sm_mpoly *border;    /* its border (sm_render_country), when the caller has
                                  read it already; NULL: the frame reads it. A
                                  situation built with a clip (clip_km2 > 0) is
                                  taken to be cut to this border: its area is the
                                  country's in the legend's shares */
    const char *disputed;      /* the basemap's disputed areas whose note names this */
    const char *credit;        /* the data's sources (the theatre's); NULL: the
                                  basemap's. Always drawn */
    struct sm_fonts *fonts;    /* the fonts to draw with (one map at a time); NULL:
                                  the render's own */
    const sm_annotations *annotations; /* drawn over the situation, those shown on
                                  its day (they must outlive the frame); NULL: none */
    const char *own_credit;    /* the publisher's line ("Graphic: J. Doe/Agency"),
                                  drawn above the sources, which stay; at most
                                  SM_RENDER_TEXT_MAX bytes of UTF-8; NULL: none */
    const char *date_format;   /* the date line's and the data note's dates:
                                  "long" ("12 December 2016"), "ap" ("Dec. 12,
                                  2016"), "iso" or a strftime format
                                  (sm_day_format_as, core/day.h); NULL: "long" */
    bool no_date_line;         /* no "Situation as of ..." line */
    const char *description;   /* what the picture shows: the map in words
                                  (sm_situation_describe), for the PNG's iTXt
                                  Description and the SVG's <desc>; at most
                                  SM_RENDER_DESC_MAX bytes of UTF-8; NULL: none.
                                  A frame keeps the pointer (sm_frame_new copies the
                                  options); its text is read as each map is drawn */
    const sm_words *words;     /* the furniture's language (core/words.h): its
                                  phrases, months, faction names, digits and
                                  direction (right to left: the furniture
                                  mirrored); NULL: English, left to right */
    sm_digits digits;          /* the furniture's numbers; DEFAULT: the words' */
} sm_render_opts;

#define SM_RENDER_TEXT_MAX 200   /* own_credit */
#define SM_RENDER_DESC_MAX 4000  /* description */

#define SM_RENDER_OPTS_INIT                                                                    \
    { 0, 0, 0, 0, 1920, 1080, NULL, NULL, NULL, SM_LANG_EN, NULL, false, false, false, 0,      \
      false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL, NULL,   \
      SM_DIGITS_DEFAULT }

typedef struct sm_render_report {
    int zones, fronts, events, symbols, control_points;
    int labels_placed, labels_dropped;
    int label_overlaps;        /* pairs of placed labels that overlap: 0 */
    int annotations;           /* annotations of the day (shown on it, in the frame
                                  or not) */
    int annotation_overlaps;   /* pairs of annotations' texts or rings that overlap, and
                                  of one and a label: 0 unless they leave no room */
    bool inset;                /* the locator inset was drawn */
    char warning[256];         /* e.g. factions the style does not define */
#define SM_RENDER_PHASES 8
    double phase_ms[SM_RENDER_PHASES]; /* basemap, zones, changes, fronts, events,
                                          furniture, labels, output */
} sm_render_report;

/* The subject country's border from the basemap (data/basemap.gpkg), in
 * lon/lat, into *out (which the caller frees with sm_mpoly_free); no ring
 * when the basemap has no such country. iso3: the basemap's countries'
 * iso_a3, as a theatre names it (SYR for Syria). */
sm_status sm_render_country(const char *basemap, const char *iso3, sm_mpoly *out,
                            sm_error *err);

/* A map's frame: the projection fitted to the region and the size, and the
 * basemap drawn in it (as paths, and as an image for PNG). What every map
 * of a series shares, made once and read by each render, one at a time. */
typedef struct sm_frame sm_frame;

/* The frame of maps made with o (which it copies; its strings and style
 * must outlive the frame): the projection, at once. A size or region out of
 * range is SM_EUSAGE. */
sm_status sm_frame_new(const sm_render_opts *o, sm_frame **out, sm_error *err);
/* The box of longitudes and latitudes the frame shows (larger than the
 * region when the map's shape is not the region's): the places a situation
 * should hold for the map's labels. */
void sm_frame_extent(const sm_frame *f, double *west, double *south, double *east,
                     double *north);
/* Read and draw the basemap into the frame (raster: as an image too, for
 * PNG maps), unless done; a render does it when it was not. It may run on a
 * thread of its own while the situation is built. */
sm_status sm_frame_basemap(sm_frame *f, bool raster, sm_error *err);
/* The frame serves one map more: that map takes its basemap image instead of
 * a copy (8 MB less to touch at 1920x1080); a map after it draws the
 * basemap again. */
void sm_frame_once(sm_frame *f);
void sm_frame_free(sm_frame *f);

/* Render the situation in frame f to path (.png, .svg or .pdf): its zones,
 * fronts, control points, events (its window's), places, and its change
 * when it has one (a change map). rep may be NULL. SM_EINPUT, writing
 * nothing, when no font (the style's, or one fontconfig gives in their
 * place) has Latin letters, or Arabic ones for a map in Arabic: every text
 * would be a row of boxes; SM_EUSAGE when SOURCE_DATE_EPOCH is set to other
 * than whole seconds. */
sm_status sm_render_framed(sm_frame *f, const sm_situation *sit, const char *path,
                           sm_render_report *rep, sm_error *err);
/* The same, in a frame made for this one map. */
sm_status sm_render(const sm_situation *sit, const sm_render_opts *o, const char *path,
                    sm_render_report *rep, sm_error *err);
/* The fonts texts are measured and drawn with (fonts.c). A render makes its
 * own when sm_render_opts.fonts is NULL; made ahead with sm_fonts_new (and
 * loaded for style s, when given: fontconfig's configuration read, the
 * fonts found and sorted, some 45 M instructions), they serve every map
 * after, one map at a time. */
typedef struct sm_fonts sm_fonts;
sm_status sm_fonts_new(const sm_style *s, sm_fonts **out, sm_error *err);
void sm_fonts_free(sm_fonts *f);

#ifdef __cplusplus
}
#endif

#endif
