/* SPDX-License-Identifier: MIT */
/* render_int.h - the display list and the map being drawn; internal to render. */
#ifndef SM_RENDER_INT_H
#define SM_RENDER_INT_H

#include <pango/pangocairo.h>
#include <pthread.h>
#include <sqlite3.h>

#include "core/buf.h"
#include "core/geolibs.h"
#include "render/render.h"
#include "timeline/timeline.h"

/* The size every text is laid out at, then scaled (text.c). */
#define SM_TEXT_REF_PX 16.0

/* Layers, drawn in this order; each is one named group in SVG. */
typedef enum dl_layer {
    DL_BASEMAP, DL_ZONES, DL_CHANGES, DL_FRONTLINES, DL_CONTROL, DL_EVENTS, DL_ANNOTATIONS,
    DL_NAMES, DL_LABELS, DL_LEGEND, DL_INSET, DL_TITLE, DL_SCALEBAR, DL_CREDITS, DL_LAYER_COUNT
} dl_layer;

typedef enum dl_op { DL_MOVE, DL_LINE, DL_CLOSE } dl_op;

typedef struct dl_point {
    float x, y;
    uint8_t op;
} dl_point;

typedef enum dl_kind { DL_PATH, DL_TEXT } dl_kind;

/* What a run of items draws, for outputs that name things (SVG: an id and
 * data- attributes on the run's element or group). A layer opens one with
 * sm_dl_begin before adding the thing's items and closes it with
 * sm_dl_end; the list keeps a copy. */
typedef enum dl_what {
    DL_WHAT_NONE, DL_WHAT_ZONE, DL_WHAT_NO_DATA, DL_WHAT_CONTROL, DL_WHAT_FRONT,
    DL_WHAT_CHANGE, DL_WHAT_EVENT, DL_WHAT_EVENT_COUNT, DL_WHAT_LABEL, DL_WHAT_NAME,
    DL_WHAT_ANNOTATION, DL_WHAT_COUNT
} dl_what;

typedef struct dl_ident {
    dl_what what;
    const char *key;            /* with what, the id: a zone's uid, an event's uid,
                                   an annotation's id, a name (NULL: what alone, or
                                   the place id) */
    const char *faction, *other; /* a zone's holder and who contests it, a front's
                                   sides, ... (NULL: none) */
    const char *status;         /* how it stands: a zone's status (held, contested,
                                   ...), a front's (claimed, contested), a change's
                                   (gained, lost, changed hands) (NULL: none) */
    const char *feature;        /* a name's feature: sea, country, river, ... */
    const char *event_id;       /* the uids of the events a symbol stands for,
                                   space-separated (NULL: none) */
    const char *name;           /* a place's or a feature's name (NULL: none) */
    int64_t place_id;           /* the gazetteer's id (0: none) */
    bool dated;                 /* from and to are set: */
    sm_day from, to;            /* its day, or its first and last days (to
                                   SM_DAY_NONE: one day; SM_DAY_OPEN: still so) */
    int count;                  /* the events a symbol stands for (0: not one) */
} dl_ident;

typedef struct dl_item {
    dl_kind kind;
    dl_layer layer;
    sm_rgba fill, stroke;       /* a == 0: none */
    float stroke_px;
    float dash_px;              /* 0: solid */
    sm_rgba hatch;              /* a == 0: none; else stripes over the fill */
    float hatch_px;             /* the stripes' period, across them */
    /* path; for a text, the line its baseline follows (none: straight) */
    uint32_t first, npts;
    /* text */
    char *text;
    float x, y;                 /* the top left of the text's box (along a line: unused) */
    float size_px;
    bool bold, arabic, italic;
    bool small_caps;            /* a neighbourhood's name */
    float spacing_em;           /* letter spacing, in ems */
    float halo_px;              /* 0: none; halo colour in stroke */
    uint32_t ident;             /* what it draws: d->idents[ident - 1] (0: nothing named) */
} dl_item;

typedef struct dlist {
    dl_item *items;
    size_t nitems, items_cap;
    dl_point *pts;
    size_t npts, pts_cap;
    bool failed;                /* out of memory: the render fails once */
    dl_layer sealed_below;      /* layers handed to the underlay ... */
    bool late;                  /* ... and an item added to one of them since */
    dl_ident *idents;           /* what runs of items draw (their strings owned) */
    size_t nidents, idents_cap;
    uint32_t open_ident;        /* the items added take it (0: none) */
} dlist;

/* Start a path of the given style; add points; returns the item or NULL. */
dl_item *sm_dl_path(dlist *d, dl_layer layer, sm_rgba fill, sm_rgba stroke, float stroke_px);
void sm_dl_point(dlist *d, dl_item *it, dl_op op, double x, double y);
/* Take back the last item added, its points too (a path only measured). */
void sm_dl_drop_last(dlist *d);
dl_item *sm_dl_text(dlist *d, dl_layer layer, const char *text, double x, double y,
                    double size_px, sm_rgba fill, bool bold);
void sm_dl_free(dlist *d);
/* The items added from now until sm_dl_end draw what id names (copied; one
 * at a time: a begin closes the one open); out of memory, they draw
 * nothing named and the list fails as for an item. */
/* An annotation's kind as its file names it ("arrow", ...). */
const char *sm_annotation__kind_name(sm_annotation_kind kind);
void sm_dl_begin(dlist *d, const dl_ident *id);
/* The items added from now draw again what an earlier begin named (its
 * number: open_ident after that begin), as one thing drawn in several
 * passes; 0: nothing named. */
void sm_dl_resume(dlist *d, uint32_t ident);
void sm_dl_end(dlist *d);
/* What it draws; NULL: nothing named. */
const dl_ident *sm_dl_ident(const dlist *d, const dl_item *it);
/* A copy of src into dst (its texts too); false when memory runs out (dst
 * is then to be freed all the same). */
bool sm_dl_copy(dlist *dst, const dlist *src);
/* Multiply the positions and sizes of items [from, nitems) of d by k. */
void sm_dl_scale(dlist *d, size_t from, double k);

/* A rectangle in pixels, for collision tests. */
typedef struct box {
    double x0, y0, x1, y1;
    bool soft;      /* an obstacle major labels may cover (a control point) */
    bool panel;     /* the legend's or the inset's box: no other panel goes there */
} box;

static inline box
sm_box(double x0, double y0, double x1, double y1)
{
    box b = { x0, y0, x1, y1, false, false };
    return b;
}

/* The map being drawn. */
typedef struct map {
    const sm_render_opts *o;
    const sm_style *s;
    const sm_situation *sit;    /* what the map shows */
    struct sm_frame *frame;     /* its projection and basemap (frame.c) */
    double k;                   /* the output's pixels a layout pixel (0: 1); o's sizes
                                   are the layout's, out_w x out_h the output's */
    int out_w, out_h;
    PJ_CONTEXT *ctx;
    PJ *to_map;                 /* lon/lat -> projected metres */
    struct approx {             /* ... sampled on a grid (project.c) */
        double lon0, lat0, dlon, dlat;
        int nx, ny;             /* cells; 0: none, PROJ for every point */
        double *xy;             /* (nx + 1) * (ny + 1) nodes, projected metres */
    } approx;
    double scale;               /* pixels a metre */
    double kx;                  /* cos of the middle latitude: degrees of longitude
                                   to degrees of latitude there */
    double deg_tolerance;       /* 0.4 px in degrees of latitude */
    double x0, y0;              /* projected metres at pixel (0, 0) (top left) */
    bool far_box;               /* while the basemap is read: its points far beyond
                                   this box, the frame's in degrees, are thinned */
    double far_west, far_south, far_east, far_north;
    double frame_x0, frame_y0, frame_x1, frame_y1; /* the map frame in pixels: the
                                   page, or on a tall one the part between the
                                   title's band and the legend's (project.c) */
    double safe_px;             /* a story's top and bottom, where its app draws:
                                   no text there */
    dlist dl;
    box *taken;                 /* boxes labels must avoid */
    size_t ntaken, taken_cap;
    uint32_t *grid_head;        /* per grid cell, its first node (UINT32_MAX: none) */
    struct taken_node { uint32_t box, next; } *grid_nodes;
    size_t grid_nnodes, grid_nodes_cap;
    int grid_w, grid_h;
    /* what the legend shows */
    struct seen_faction {
        char id[33];
        double area_km2;        /* of its zones on the day, on the ellipsoid */
        int places;             /* control points */
        bool known;             /* defined by the style */
    } seen[64];
    int nseen;
    double country_km2;         /* the subject country's area in the frame (0: no
                                   country under the zones) */
    bool country_whole;         /* ... all of it */
    double unknown_km2;         /* what of it no zone covers */
    int event_counts[SM_EVENT_TYPE_COUNT]; /* events of each type in the frame */
    bool event_shown[SM_EVENT_TYPE_COUNT]; /* a symbol of that type is drawn */
    bool events_grouped;        /* a symbol stands for events of several types */
    struct drawn_symbol {       /* the event symbols drawn, by x, for the labels */
        float x, y, r;
    } *symbols;
    size_t nsymbols, symbols_cap;
    struct claimed_spot {       /* highlighted towns: their place labels give way */
        float x, y, r;
    } *claimed;
    size_t nclaimed, claimed_cap;
    box *annotated;             /* the boxes of annotations' texts and rings */
    size_t nannotated, annotated_cap;
    bool has_contested, has_besieged, has_fronts, has_derived;
    bool has_gained, has_lost, has_changed;   /* change maps */
    double credit_lift;         /* the publisher's credit line's height, over the
                                   sources (furniture.c) */
    double credits_top;         /* the top of the credits' lines */
    int64_t created_s;          /* the file's creation time, seconds since 1970 UTC */
    PangoContext *pango;        /* one for measuring and drawing: Pango is not
                                   thread-safe, so calls into it hold pango_lock */
    pthread_mutex_t *pango_lock;
    double narrowest[2];        /* the narrowest Latin letter or digit at
                                   SM_TEXT_REF_PX, regular and bold (0: not yet) */
    struct sm_underlay *underlay;   /* PNG: layers drawn while the rest is built */
    struct sm_toponyms *names;     /* the basemap's named features (the frame's) */
    sm_render_report *rep;
} map;

/* The output's size and scale (those of the layout when not set). */
static inline int
sm_map__out_w(const map *m)
{
    return m->out_w > 0 ? m->out_w : m->o->width_px;
}

static inline int
sm_map__out_h(const map *m)
{
    return m->out_h > 0 ? m->out_h : m->o->height_px;
}

static inline double
sm_map__k(const map *m)
{
    return m->k > 0 ? m->k : 1;
}

/* Project lon/lat to pixels; false if PROJ cannot. */
bool sm_map__to_px(const map *m, double lon, double lat, double *x, double *y);
/* Pixels back to lon/lat. */
bool sm_map__to_lonlat(const map *m, double x, double y, double *lon, double *lat);
sm_status sm_map__project_open(map *m, sm_error *err);
/* True for a page laid out tall (4:5 and taller): the title above the map,
 * the legend below it. */
bool sm_map__tall(int width_px, int height_px);
/* The frame (frame.c): the projection and basemap every map of it copies. */
struct sm_frame {
    sm_render_opts o;
    map tpl;                    /* the projection; in its list, the basemap's items */
    bool basemap_done;
    bool once;                  /* the next map takes the image (sm_frame_once) */
    sm_mpoly country;           /* the subject country's border, for the inset */
    unsigned char *image;       /* the basemap drawn (Cairo RGB24), or NULL */
    int stride;
    /* a series' maps (a frame not used once): the image of the basemap and
     * the layers below DL_CONTROL (zones, changes, front lines) of its last
     * map, and those layers' items in bytes (underlay.c) */
    unsigned char *kept;
    sm_buf kept_key;
    double west, south, east, north;
};
/* The frame's extent in degrees, along its edges. */
void sm_map__frame_degrees(const map *m, double *west, double *south, double *east,
                           double *north);
void sm_map__project_close(map *m);

/* A SpatiaLite geometry (polygons filled and outlined, lines stroked) into
 * one path item, simplified to the pixel. */
void sm_map__gaia(map *m, gaiaGeomCollPtr g, dl_layer layer, sm_rgba fill, sm_rgba stroke,
                  float stroke_px, float dash_px);
/* ... its rings and lines added to the path item it, which must be the
 * list's last (one path of several features: no seam where they meet).
 * With m->far_box set, runs of points far beyond the box are thinned first
 * (geometry.c): what they shape cannot be seen in the frame. */
void sm_map__gaia_add(map *m, dl_item *it, gaiaGeomCollPtr g);

/* The basemap's GeoPackage, read with SQLite (gpkg.c): fn(m, g, row, user)
 * for each feature of the layer whose box meets bounds (west, east, south,
 * north in degrees; NULL: every feature) and that passes `where` (SQL on the layer, alias t; NULL: all),
 * by feature id; `columns` (NULL: none) are the row's columns 1, 2, ... */
typedef void (*sm_gpkg_fn)(map *m, gaiaGeomCollPtr g, sqlite3_stmt *row, void *user);
sm_status sm_map__gpkg_open(const char *path, sqlite3 **out, sm_error *err);
/* The subject country's border from the basemap (the frame's); NULL when
 * there is no basemap or no such country. */
const sm_mpoly *sm_map__country(const map *m);
/* Rings g->rings[first .. first + n) into a new path item (NULL when out of
 * memory), projected and simplified to the pixel. */
dl_item *sm_map__mpoly(map *m, const sm_mpoly *g, size_t first, size_t n, dl_layer layer,
                       sm_rgba fill, sm_rgba stroke, float stroke_px);
sm_status sm_map__gpkg_each(map *m, sqlite3 *gpkg, const char *layer, const char *columns,
                            const char *where, const double *bounds, sm_gpkg_fn fn, void *user,
                            sm_error *err);

/* Rings of lon/lat points (timeline.h) into a path item, each projected
 * and simplified to the pixel. */
void sm_map__rings(map *m, dl_item *it, const double *pts, const sm_ring *rings, size_t nrings);
/* A line of n lon/lat points projected and simplified to the pixel: the
 * number of points kept, in *out (x, y pairs; the caller frees it). */
int sm_map__project_line(map *m, const double *lonlat, int n, double **out);

/* True if the lon/lat box shows in the frame. */
bool sm_map__box_in_frame(const map *m, double west, double south, double east, double north);

/* Remember a box labels must not cover. */
void sm_map__take(map *m, box b);
/* ... a panel's box, which no other panel may share either. */
void sm_map__take_panel(map *m, box b);
/* The place along the frame's edges (corners first, then the middles of
 * the sides) where a bw x bh panel hides least: no panel, then the fewest
 * event symbols, points of front lines and taken boxes. */
void sm_map__quiet_corner(const map *m, double bw, double bh, double *x, double *y);
/* A rectangle path. */
void sm_map__rect(map *m, dl_layer layer, box b, sm_rgba fill, sm_rgba line, float line_px);
/* True if b covers no taken box (with major set, soft boxes do not count). */
bool sm_map__is_free(const map *m, box b, bool major);

/* A Pango layout of text in the style's fonts at SM_TEXT_REF_PX, to be
 * scaled to the text's size; call it holding pango_lock. */
PangoLayout *sm_map__layout(const map *m, const char *text, bool bold);
/* ... in italic, in small capitals, and letter-spaced by spacing_em ems. */
PangoLayout *sm_map__layout_styled(const map *m, const char *text, bool bold, bool italic,
                                   bool small_caps, double spacing_em);
/* True if text holds Arabic letters (which are never italic nor spaced). */
bool sm_map__arabic(const char *text);
/* Text size with Pango, as drawn. */
void sm_map__text_size(map *m, const char *text, double size_px, bool bold, bool arabic,
                       double *w, double *h, double *baseline);
/* Measure and draw the map's texts with f (fonts.c). */
void sm_map__use_fonts(map *m, struct sm_fonts *f);
/* SM_EINPUT when the style's fonts, and those fontconfig gives in their
 * place, lack the Latin letters (and, for a map in Arabic, the Arabic ones)
 * of the map's texts: they would be rows of boxes. Checked once for each
 * pair of families f serves. */
sm_status sm_map__fonts_check(struct sm_fonts *f, const sm_style *s, sm_lang lang,
                              sm_error *err);
/* The font options texts are measured and drawn with: no hinting, so that
 * glyphs and advances scale exactly and land where they were measured;
 * set on cr by sm_map__use_font_options. */
void sm_map__font_options(cairo_font_options_t *fo);
void sm_map__use_font_options(cairo_t *cr);
void sm_map__text_size_styled(map *m, const char *text, double size_px, bool bold, bool italic,
                              bool small_caps, double spacing_em, double *w, double *h,
                              double *baseline);
/* The least width text can have at size_px, without laying it out: its
 * Latin letters and digits at three quarters of the narrowest of them in
 * the style's font (a margin for kerning), other characters at nothing.
 * The font's letters are measured once a map. */
double sm_map__text_min_width(map *m, const char *text, double size_px, bool bold);

/* The faction's colours (a neutral grey when the style does not know it),
 * noting it for the legend. */
const sm_faction_style *sm_map__faction(map *m, const char *id);
struct seen_faction *sm_map__seen(map *m, const char *id);
/* The style's rank of a faction (its place in the style's list), or
 * SM_STYLE_MAX_FACTIONS for one the style does not define. */
int sm_map__faction_rank(const sm_style *s, const char *id);

/* One event symbol of type t, radius r px, at x, y. */
void sm_map__symbol(map *m, dl_layer layer, sm_event_type t, double x, double y, double r,
                    bool hollow);

/* The display list as a PNG, drawn and compressed in bands on every core,
 * over what the underlay drew. */
sm_status sm_render__png(map *m, FILE *fp, sm_error *err);
/* A blank image of the output's size, Cairo's RGB24 (raster.c): in huge
 * pages, as its thousands of small ones would each fault; NULL when out of
 * memory. Freed with sm_render__image_free. */
unsigned char *sm_render__image_new(const map *m);
void sm_render__image_free(const map *m, unsigned char *data);
/* PNG (underlay.c): the layers below `below`, all listed, drawn into the
 * image on a thread of their own, started by _start with the render (when
 * it cannot start, each hand-over draws them at once), while the rest of
 * the map is built; each call hands over the layers from the previous
 * call's `below` on. The image starts as a copy of base (the layers below
 * base_below drawn; with take, base itself, then the underlay's to free),
 * or blank when base is NULL. Without take, the layers below DL_CONTROL
 * are the frame's kept image when their items are the same, byte for byte,
 * as those of the frame's last map; else they are drawn and kept. */
void sm_render__underlay_start(map *m, unsigned char *base, bool take, dl_layer base_below);
void sm_render__underlay(map *m, dl_layer below);
/* The image with the underlay's layers drawn (*below: the first layer
 * not drawn), or a blank image with *below 0; NULL when out of memory. */
unsigned char *sm_render__underlay_take(map *m, dl_layer *below);
/* Stop and free the underlay (a render that failed before its output). */
void sm_render__underlay_discard(map *m);

/* The layers, each adding to the display list from m->sit. */
sm_status sm_map__basemap(map *m, sm_error *err);
sm_status sm_map__zones(map *m, sm_error *err);
sm_status sm_map__fronts(map *m, sm_error *err);
sm_status sm_map__changes(map *m, sm_error *err);
sm_status sm_map__events(map *m, sm_error *err);
sm_status sm_map__labels(map *m, sm_error *err);
sm_status sm_map__furniture(map *m, sm_error *err);
sm_status sm_map__inset(map *m, sm_error *err);
/* The annotations of m->o shown on the map's day (annotations.c), placed
 * before the labels, which avoid them. */
sm_status sm_map__annotations(map *m, sm_error *err);
/* The basemap's names (toponyms.c): while the frame's basemap is read, each
 * named feature's pixels (item `it`'s points from `from` on) and names are
 * kept; after the place labels, they are placed where they hide nothing. */
enum bn_kind { BN_DISPUTED, BN_SEA, BN_COUNTRY, BN_RIVER, BN_LAKE };
void sm_map__name_feature(map *m, enum bn_kind kind, const dl_item *it, uint32_t from,
                          const char *en, const char *ar, int level);
sm_status sm_map__names(map *m, sm_error *err);
void sm_toponyms_free(struct sm_toponyms *n);
/* True when a disputed area shows in the frame (for the legend). */
bool sm_map__disputed_shown(const map *m);

/* Sprites: small paths drawn once and copied, on raster output. */
typedef struct sm_sprites sm_sprites;
typedef void (*sm_path_fn)(const map *m, cairo_t *cr, const dl_item *it, double dx, double dy);
sm_sprites *sm_sprites_new(cairo_t *cr);   /* for what cr draws */
void sm_sprites_free(sm_sprites *s);
/* Draw it through the cache with draw (which draws it shifted by dx, dy);
 * false when it is not a small path (draw it directly). */
bool sm_sprites_draw(sm_sprites *s, const map *m, cairo_t *cr, const dl_item *it,
                     sm_path_fn draw);

/* True if cr draws in its image's own pixels: an image surface, no scale
 * nor offset (a PNG's underlay and bands), where pixels may be written
 * directly. */
bool sm_map__in_pixels(cairo_t *cr);
/* A straight text's halo (it, laid out in l at scale k) drawn on cr from
 * its glyphs' coverage, where cr draws in an image's own pixels; false
 * when it is not (stroke its outline instead). Under the Pango lock. */
bool sm_map__halo_raster(cairo_t *cr, const dl_item *it, PangoLayout *l, double k);

/* What the file says of itself (meta.c). The file's creation time:
 * SOURCE_DATE_EPOCH's when set (SM_EUSAGE when it is not whole seconds),
 * else now. */
sm_status sm_render__created(int64_t *out, sm_error *err);
/* PNG's text chunks, set in info before libpng writes the header's chunks:
 * Title, Description (when given), Source, Software, Creation Time. */
struct png_struct_def;
struct png_info_def;
void sm_render__png_meta(const map *m, struct png_struct_def *png, struct png_info_def *info);
/* SVG's <title> and <desc> (when given), after the <svg> tag. */
void sm_render__svg_meta(const map *m, FILE *fp);
/* PDF's Title, Subject, Author (the credit line), Creator and dates. */
void sm_render__pdf_meta(const map *m, cairo_surface_t *pdf);
/* The data's sources, as the credit line names them (furniture.c). */
const char *sm_map__sources(const map *m);

/* The map's language (phrases.c). The longest phrase. */
#define SM_PHRASE_MAX 512
/* True when the map reads right to left (its words' direction): its
 * furniture mirrored. */
bool sm_map__rtl(const map *m);
/* True when text reads right to left in the map: a right-to-left map's
 * text that does not start with a Latin letter. */
bool sm_map__text_rtl(const map *m, const char *text);
/* True when its numbers are written in Arabic-Indic digits. */
bool sm_map__arabic_digits(const map *m);
/* The language's word for key, else english. */
const char *sm_map__word(const map *m, const char *key, const char *english);
/* text's digits as the map writes them, in place (cap bytes). */
void sm_map__numerals(const map *m, char *text, size_t cap);
/* The phrase key (else english) with its {names} filled, its digits the
 * map's, into out. */
void sm_map__phrase(const map *m, const char *key, const char *english, const char *const *names,
                    const char *const *values, size_t n, char *out, size_t cap);
/* The same, in the plural form of key for n (sm_words_plural_key). */
void sm_map__phrase_n(const map *m, const char *key, const char *english, long n,
                      const char *const *names, const char *const *values, size_t nvalues,
                      char *out, size_t cap);
/* day in the map's date format, months and digits. */
void sm_map__day_text(const map *m, sm_day day, char *out, size_t cap);
/* The sources (sm_map__sources) with their fixed words in the language. */
void sm_map__sources_text(const map *m, char *out, size_t cap);

/* Outputs of the display list. To Cairo, the layers from `first` on. */
sm_status sm_dl_to_cairo(const map *m, cairo_t *cr, dl_layer first, sm_error *err);
sm_status sm_dl_to_svg(const map *m, FILE *fp, sm_error *err);

/* The SVG's names for what runs of items draw (svg_ids.c): ids made of
 * the data, valid XML ids, each given once in a document. */
typedef struct sm_svg_ids sm_svg_ids;
sm_svg_ids *sm_svg__ids_new(void);
void sm_svg__ids_free(sm_svg_ids *ids);
/* Write id's attributes (` id="zone-sdf-12" inkscape:label="..."
 * data-faction="sdf" ...`) to fp: an id not given before in the document
 * (a repeat takes ".2", ".3", ...); false when memory runs out. */
bool sm_svg__ident_attrs(sm_svg_ids *ids, FILE *fp, const dl_ident *id);

#endif
