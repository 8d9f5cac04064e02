/* SPDX-License-Identifier: MIT */
/*
 * timeline.h - the situation as of a day: the zones valid on it, held in
 * memory as rings of longitude/latitude points, and the front lines where
 * zones of different factions meet. Render and export read the situation
 * from here rather than from the store's rows.
 */
#ifndef SM_TIMELINE_H
#define SM_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/day.h"
#include "core/error.h"
#include "store/store.h"

#include <sqlite3.h>
#include <spatialite/gaiageo.h>

/* A ring: pts[2 * first .. 2 * (first + n)) as lon, lat pairs, closed (its
 * last point repeats its first). Outer rings run counter-clockwise and
 * holes clockwise, so a zone's inside is always on a ring's left. */
typedef struct sm_ring {
    uint32_t first, n;
} sm_ring;

typedef struct sm_sit_zone {
    const char *uid, *faction, *status, *other, *name;
    double area_km2;                   /* on the ellipsoid */
    uint32_t first_ring, nrings;       /* rings[first_ring ..) */
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
                              window (sm_situation_advances); NULL: neither */
} sm_front;

typedef struct sm_situation {
    sm_day day;
    sm_sit_zone *zones;
    size_t nzones, zones_cap;
    sm_ring *rings;
    size_t nrings, rings_cap;
    double *pts;
    size_t npts, pts_cap;              /* points (pairs), not doubles */
    sm_front *fronts;
    size_t nfronts, fronts_cap;
    double *fpts;
    size_t nfpts, fpts_cap;
    sm_arena strings;
} sm_situation;

#define SM_SITUATION_INIT { 0 }

/* True if a ring of s is an outer ring (it turns counter-clockwise); the
 * holes that follow it belong to it. */
bool sm_ring_is_outer(const sm_situation *s, const sm_ring *ring);

/* Load the zones valid on day (by faction, valid_from, uid). */
sm_status sm_situation_load(sm_store *db, sm_day day, sm_situation *s, sm_error *err);

/* Derive the front lines: the parts of each zone's boundary that lie within
 * tol_km of the boundary of a zone of another faction (0 for shared
 * boundaries, a little more for zones digitised apart), each piece once,
 * from the side of the faction whose id sorts first. */
sm_status sm_situation_fronts(sm_situation *s, double tol_km, sm_error *err);

/* Mark each front's advancing side: the faction whose zones gained more area
 * from `since` to the situation's day (by at least 0.1% of its area), if
 * either did and both had zones on `since`. */
sm_status sm_situation_advances(sm_situation *s, sm_store *db, sm_day since, sm_error *err);

/* Derive zones from the town-level control on the situation's day where no
 * zone was given (derive.c): a Voronoi cell round each place, cut to max_km
 * from it and to clip (NULL: no clip; lon/lat), dissolved by faction, less
 * the zones given as polygons. They are added with status "derived" (uid
 * "derived"). max_km <= 0, or fewer than two places: nothing. */
sm_status sm_situation_derive(sm_situation *s, sm_store *db, const gaiaGeomCollPtr clip,
                              double max_km, sm_error *err);

void sm_situation_free(sm_situation *s);

/* ---- the change between two days (diff.c) ------------------------------ */

typedef struct sm_diff {
    sm_day from, to;
    sm_faction_change *factions;   /* by faction id; strings in `strings` */
    size_t nfactions, factions_cap;
    sm_place_change *changed;      /* by day, then name */
    size_t nchanged, changed_cap;
    struct sm_diff_area {          /* with sm_diff_areas: the areas themselves */
        const char *faction;
        bool gained;               /* else lost */
        unsigned char *wkb;
        size_t len;
    } *areas;
    size_t nareas, areas_cap;
    sm_arena strings;
    bool failed;                   /* out of memory on the way */
} sm_diff;

#define SM_DIFF_INIT { 0 }
/* Places of at least this many people count as changing hands with the
 * zone around them (town-level control records always count). */
#define SM_DIFF_MIN_POPULATION 5000

sm_status sm_diff_compute(sm_store *db, sm_day from, sm_day to, sm_diff *d, sm_error *err);
/* Add the zones derived from town-level control (sm_situation_derive, with
 * clip and max_km) to d: each faction's derived area on both days, what its
 * derived zones gained and lost, and those areas for a change map. */
sm_status sm_diff_derived(sm_store *db, const gaiaGeomCollPtr clip, double max_km, sm_diff *d,
                          sm_error *err);
/* Add the gained and lost areas themselves to d (for a change map). */
sm_status sm_diff_areas(sm_store *db, sm_diff *d, sm_error *err);
void sm_diff_free(sm_diff *d);

#endif
