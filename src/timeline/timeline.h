/* SPDX-License-Identifier: MIT */
/*
 * timeline.h - the situation on a day, built once from the store and then
 * only read: the zones valid on it (given as polygons, and derived from
 * town-level control), the front lines where factions meet with the side
 * that advanced, the control points, the events of a window, the places a
 * map may name, and, when asked, the change since another day.
 *
 * Render, export and diff take a built situation and never read the store
 * themselves; a situation can also be put together by hand
 * (sm_situation_new and the _add functions), as the unit tests do.
 * Geometries are sitmap's own: rings of longitude/latitude points.
 *
 * Threads: a built sm_situation is only read by render and export, so
 * threads may share it; building and the _add functions are one thread's.
 * sm_situation_build uses the store handle, which is its thread's, and an
 * sm_timeline, which serves one build at a time.
 */
#ifndef SM_TIMELINE_H
#define SM_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/day.h"
#include "core/error.h"
#include "store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- geometry: rings of lon/lat points ---------------------------------- */

/* A ring: pts[2 * first .. 2 * (first + n)) of its multipolygon as lon, lat
 * pairs, closed (its last point repeats its first). Outer rings run
 * counter-clockwise and holes clockwise, so the inside is always on a
 * ring's left; each outer ring is followed by its holes. */
typedef struct sm_ring {
    uint32_t first, n;
} sm_ring;

/* Rings and their points; a multipolygon, or the store of many (a
 * situation's zones each own a run of its rings). */
typedef struct sm_mpoly {
    sm_ring *rings;
    size_t nrings, rings_cap;
    double *pts;
    size_t npts, pts_cap;              /* points (pairs), not doubles */
    double west, south, east, north;   /* envelope, degrees (empty: west > east) */
} sm_mpoly;

#define SM_MPOLY_INIT { NULL, 0, 0, NULL, 0, 0, 1, 1, -1, -1 }

/* Add a ring of n lon/lat points (closed: the last repeats the first), turned
 * counter-clockwise for an outer ring and clockwise for a hole. A ring of
 * fewer than 4 points is left out (true). False when memory runs out. */
bool sm_mpoly_add_ring(sm_mpoly *g, const double *lonlat, size_t n, bool outer);
/* True if a ring of g is an outer ring (it turns counter-clockwise). */
bool sm_mpoly_is_outer(const sm_mpoly *g, const sm_ring *ring);
/* The area of rings[first .. first + n) on the WGS84 ellipsoid, km2. */
double sm_mpoly_km2(const sm_mpoly *g, size_t first, size_t n);
void sm_mpoly_free(sm_mpoly *g);

/* ---- the situation ------------------------------------------------------- */

typedef struct sm_sit_zone {
    const char *uid, *faction;
    const char *status;                /* held, contested, besieged, claimed; "derived"
                                          for a zone derived from control points */
    const char *other;                 /* who contests or besieges it; NULL */
    const char *name, *source;         /* NULL when none */
    sm_day valid_from, valid_to;       /* valid_to SM_DAY_OPEN while valid */
    double area_km2;                   /* on the ellipsoid */
    uint32_t first_ring, nrings;       /* geom.rings[first_ring ..) */
    double west, south, east, north;   /* envelope, degrees */
} sm_sit_zone;

/* A front line: a piece of boundary between the zones of two factions, as a
 * line of points fpts[2 * first .. 2 * (first + n)). Looking along the line,
 * `left`'s zone lies on the left and `right`'s on the right. */
typedef struct sm_front {
    const char *left, *right;
    uint32_t first, n;
    bool claimed;          /* a side's zone is only claimed: a line to dash */
    bool contested;        /* a side's zone is contested or besieged */
    const char *advancing; /* left or right: the side whose zones grew over the
                              advance window; NULL: neither */
} sm_front;

/* An area a faction gained or lost since the other day (a change map). */
typedef struct sm_sit_change_area {
    const char *faction;
    bool gained;                       /* else lost */
    uint32_t first_ring, nrings;       /* in the change's geom */
} sm_sit_change_area;

/* The change between two days: each faction's area on both days with what it
 * gained and lost (zones given and derived), and the places that changed
 * hands; with the areas themselves when asked (a change map). */
typedef struct sm_diff {
    sm_day from, to;
    sm_faction_change *factions;       /* by faction id */
    size_t nfactions, factions_cap;
    sm_place_change *changed;          /* by day, then name */
    size_t nchanged, changed_cap;
    sm_sit_change_area *areas;
    size_t nareas, areas_cap;
    sm_mpoly geom;                     /* the areas' rings */
} sm_diff;

/* Places of at least this many people count as changing hands with the
 * zone around them (town-level control records always count). */
#define SM_DIFF_MIN_POPULATION 5000

typedef struct sm_situation {
    sm_day day;
    sm_day events_from;                /* the events' window: events_from .. day
                                          (SM_DAY_NONE: every event up to day) */
    sm_sit_zone *zones;                /* given (by faction, valid_from, uid), then derived */
    size_t nzones, zones_cap;
    size_t ngiven;                     /* zones[0 .. ngiven) were given as polygons */
    sm_mpoly geom;                     /* the zones' rings */
    sm_front *fronts;
    size_t nfronts, fronts_cap;
    double *fpts;
    size_t nfpts, fpts_cap;
    sm_control *control;               /* each place's controller on day, by place */
    size_t ncontrol, control_cap;
    sm_event *events;                  /* the window's events, by date then uid */
    size_t nevents, events_cap;
    sm_place *places;                  /* the places of the asked box, by id */
    size_t nplaces, places_cap;
    sm_diff *change;                   /* since another day; NULL when not asked */
    double clip_km2;                   /* the country's area (opts.clip), on the
                                          ellipsoid; 0 without a clip */
    double unknown_km2;                /* what of it no zone covers: "no data" (its
                                          area less the zones', which lie within it
                                          and do not overlap); 0 without a zone */
    sm_day latest;                     /* the last day a record of the store speaks
                                          of (SM_DAY_NONE: none, or not known); a day
                                          after it shows no newer data */
    sm_arena strings;
} sm_situation;

/* What a situation holds besides the zones valid on the day. Start from
 * SM_SITUATION_OPTS_INIT (nothing more than the zones and control), then set
 * what differs. */
typedef struct sm_situation_opts {
    int window_days;           /* events of the N days ending on day; 0: none;
                                  SM_WINDOW_ALL: every event up to day */
    bool full_events;          /* every column of the events (export), not only
                                  what a map shows (day, type, place, point,
                                  precision, fatalities) */
    double derived_max_km;     /* zones derived from control reach from a place to
                                  its third nearest place, at most this far (km);
                                  0: none derived */
    const sm_mpoly *clip;      /* the country: derived zones stop at its border, and
                                  what no zone covers of it is unknown; NULL: none */
    bool fronts;               /* derive the front lines ... */
    double front_tolerance_km; /* ... where zones this close meet, */
    const char *const *allies; /* ... but not between allies: the pairs of factions
                                  allies[2i], allies[2i + 1] do not fight */
    size_t nallies;
    int advance_days;          /* with fronts, the side that grew over the N days
                                  before day advances (0: no side advances) */
    bool places;               /* the gazetteer's places in this box: */
    double west, south, east, north;
    const char *country;       /* the mapped country (ISO alpha-2): its places inside
                                  zones that changed faction count in the change
                                  (NULL: the country saved with the gazetteer) */
    sm_day since;              /* the change since this day; SM_DAY_NONE: none; day
                                  0 (1970-01-01, what a zeroed struct holds) is
                                  refused: SM_EUSAGE */
    bool change_areas;         /* ... with the areas gained and lost */
    struct sm_timeline *timeline; /* reuse across days; NULL: none */
    bool one_thread;           /* build on the calling thread alone (the same
                                  situation; the fronts are otherwise derived on
                                  a thread while events and places are read) */
} sm_situation_opts;

#define SM_WINDOW_ALL (-1)
#define SM_SITUATION_OPTS_INIT                                                                 \
    { 0, false, 0, NULL, false, 0, NULL, 0, 0, false, 0, 0, 0, 0, NULL, SM_DAY_NONE, false,      \
      NULL, false }

/* Build the situation on day from the store, as o asks (NULL: the zones and
 * control alone). *out is the caller's (sm_situation_free); NULL on failure. */
sm_status sm_situation_build(sm_store *db, sm_day day, const sm_situation_opts *o,
                             sm_situation **out, sm_error *err);

/* An empty situation on day, to fill by hand; NULL when out of memory. */
sm_situation *sm_situation_new(sm_day day);
/* Add a zone whose rings are those of g (copied); a zone of no ring (all
 * too short) is left out. Strings are copied; other, name and source may be
 * NULL. The area is computed on the ellipsoid. */
sm_status sm_situation_add_zone(sm_situation *s, const sm_sit_zone *z, const sm_mpoly *g,
                                sm_error *err);
/* Copy an event, a control record or a place (their strings too). */
sm_status sm_situation_add_event(sm_situation *s, const sm_event *ev, sm_error *err);
sm_status sm_situation_add_control(sm_situation *s, const sm_control *c, sm_error *err);
sm_status sm_situation_add_place(sm_situation *s, const sm_place *p, sm_error *err);

/* Derive the front lines (again): the parts of each zone's boundary that lie
 * within tol_km of the boundary of a zone of another faction (0 for shared
 * boundaries, a little more for zones digitised apart), each piece once,
 * from the side of the faction whose id sorts first. No side advances. */
sm_status sm_situation_fronts(sm_situation *s, double tol_km, sm_error *err);

void sm_situation_free(sm_situation *s);

/* ---- a series of days ------------------------------------------------------ */

/* What days of one series share, kept between their builds by the caller:
 * the zones given (taken again while the rows valid on the day are the same,
 * byte for byte), the zones derived from the control points (while the
 * places, the zones given, the reach and the border are the same), the front
 * lines (while the zones and the tolerance are the same) and the places of
 * the box. Not for two threads at once. */
typedef struct sm_timeline sm_timeline;

sm_timeline *sm_timeline_new(void);
/* Builds that took the derived zones kept from an earlier day; the zones
 * given (the same rows valid on both days); the front lines (the same zones
 * and tolerance). */
long sm_timeline_reused(const sm_timeline *t);
long sm_timeline_reused_given(const sm_timeline *t);
long sm_timeline_reused_fronts(const sm_timeline *t);
void sm_timeline_free(sm_timeline *t);

/* ---- the situation in words (describe.c) --------------------------------- */

/* A phrase of a description: a sentence, or a part of one, with {name}
 * slots that the description fills ("Map of {area} as of {date} ..."). The
 * English phrases are sm_describe_english's; a translation gives its own
 * under the same keys, and a key it lacks is taken in English. */
typedef struct sm_describe_phrase {
    const char *key;                   /* "intro.control_events", "type.airstrike.n" */
    const char *text;
} sm_describe_phrase;

/* The English phrases, *n of them: static, never freed. */
const sm_describe_phrase *sm_describe_english(size_t *n);

/* What a description says of a situation, and in which words. Start from
 * SM_DESCRIBE_OPTS_INIT, then set what differs. */
typedef struct sm_describe_opts {
    double west, south, east, north;   /* the map's box, degrees: only what lies in
                                          it is described (west >= east: all) */
    const sm_mpoly *land;              /* the mapped country (a situation's clip): the
                                          shares are of its land in the box, and what
                                          no zone covers there has no data; NULL: the
                                          shares are of the zoned area in the box */
    const char *country_name;          /* "Syria"; NULL: "the country" */
    const char *country;               /* ISO alpha-2: only its places are named;
                                          NULL: any */
    const char *area;                  /* what the map shows in words ("the Aleppo
                                          countryside"); NULL: the country, or a part
                                          of it named by its direction ("northern
                                          Syria"), from the box and the land */
    const char *const *labels;         /* faction ids and names in pairs: labels[2i]
                                          an id, labels[2i + 1] its name; a faction
                                          not listed is named by its id */
    size_t nlabels;
    const sm_diff *change;             /* what changed since an earlier day, with its
                                          areas (change_areas); NULL: the situation's
                                          own (NULL: no change said) */
    int max_sentences;                 /* at most this many sentences (0: 5) ... */
    int max_words;                     /* ... and about this many words (0: 120): the
                                          least needed sentences are left out first */
    const sm_describe_phrase *phrases; /* the words (a translation); NULL: English */
    size_t nphrases;
} sm_describe_opts;

#define SM_DESCRIBE_OPTS_INIT { 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, 0, NULL, 0 }

/* A short factual description of situation s in plain words, as a caption
 * or a map's text alternative reads: what the map shows (the area, the
 * day, the window's incidents); the share of the land each faction holds,
 * largest first, measured on the ellipsoid after GEOS cuts the zones to the
 * box and the land; what changed since the change's earlier day (the area
 * each faction gained, from whom, and the places that changed hands); the
 * incidents by type and the deadliest; and the largest places. Percentages
 * are whole ("about 38%"), areas have two significant figures. The same
 * situation and options give the same text. Appended to out (UTF-8, one
 * paragraph, no newline). */
sm_status sm_situation_describe(const sm_situation *s, const sm_describe_opts *o, sm_buf *out,
                                sm_error *err);

#ifdef __cplusplus
}
#endif

#endif
