/* SPDX-License-Identifier: MIT */
/* timeline_int.h - what the timeline's files share; internal to timeline. */
#ifndef SM_TIMELINE_INT_H
#define SM_TIMELINE_INT_H

#include "timeline/timeline.h"
#include "core/buf.h"
#include "core/geolibs.h"

#include <sqlite3.h>

#define SM_KM_PER_DEGREE 111.32

/* The polygons of geom added to g (turned as timeline.h says); *nrings (may
 * be NULL) the number of rings added. False when memory runs out. */
bool sm_mpoly__add_gaia(sm_mpoly *g, gaiaGeomCollPtr geom, uint32_t *nrings);
/* A geometry's area on the ellipsoid, km2 (0 for NULL; out of memory: 0
 * and *oom set). */
double sm_gaia__km2(gaiaGeomCollPtr g, bool *oom);
/* r, the result of a GEOS operation through SpatiaLite's cache; when r is
 * NULL because the operation failed (GEOS's exception, memory, no cache)
 * rather than because nothing is left, *failed is set. */
gaiaGeomCollPtr sm_gaia__geos(const void *cache, gaiaGeomCollPtr r, bool *failed);
/* Why the last GEOS operation through cache failed ("out of memory" when
 * GEOS gave no reason). */
const char *sm_gaia__geos_why(const void *cache);
/* rings[first .. first + n) of g as a SpatiaLite geometry, longitudes times
 * kx (1: as they are); NULL when there is no ring, or when memory runs out
 * (then *oom is set). */
gaiaGeomCollPtr sm_mpoly__to_gaia(const sm_mpoly *g, size_t first, size_t n, double kx,
                                  bool *oom);

/* Append rings[first .. first + n) of src to g as they are (turned
 * already), with envelope (west, south, east, north) their envelope. False
 * when memory runs out. */
bool sm_mpoly__copy_rings(sm_mpoly *g, const sm_mpoly *src, size_t first, size_t n,
                          const double envelope[4]);

/* Append a zone of the rings of gaia geometry geom (derive.c, the store's
 * blobs); z's strings are copied, its rings and envelope set here. */
sm_status sm_situation__add_gaia_zone(sm_situation *s, const sm_sit_zone *z,
                                      gaiaGeomCollPtr geom, sm_error *err);

/* Zones from the control points where no zone was given (derive.c), kept in
 * t (may be NULL) for the next day. */
sm_status sm_situation__derive(sm_situation *s, const sm_mpoly *clip, double max_km,
                               sm_timeline *t, sm_error *err);

/* Leave out the fronts between allies (pairs allies[2i], allies[2i + 1]). */
void sm_situation__drop_allied(sm_situation *s, const char *const *allies, size_t nallies);

/* Mark each front's advancing side: the faction whose zones gained more
 * area from `since` to the situation's day (fronts.c). */
sm_status sm_situation__advances(sm_situation *s, sm_store *db, sm_day since, sm_error *err);

/* The zones derived from the control points on day, and the control and
 * zones given they come from (none read when fewer than two places have a
 * point), for the change since that day (build.c). */
sm_status sm_situation__derived_only(sm_store *db, sm_day day, const sm_situation_opts *o,
                                     sm_situation **out, sm_error *err);

/* The change since o->since into s->change (diff.c). */
sm_status sm_situation__change(sm_situation *s, sm_store *db, const sm_situation_opts *o,
                               sm_error *err);

/* Add an area a faction gained or lost to d (its rings, and its faction
 * copied into strings); false when memory runs out. */
bool sm_diff__add_area(sm_diff *d, sm_arena *strings, const char *faction, bool gained,
                       gaiaGeomCollPtr geom);
/* Add the change of the zones derived from control between the situations
 * on d's two days to d: areas, gains and losses, and with `areas` the areas
 * themselves (diff_derived.c). */
sm_status sm_diff__derived(sm_diff *d, sm_arena *strings, const sm_situation *from,
                           const sm_situation *to, bool areas, sm_error *err);

/* ---- what a series keeps (timeline.c) ------------------------------------ */

/* The derived zones kept for the same inputs (key: their bytes), appended
 * to s; false when none are (*oom set when memory ran out on the way). */
bool sm_timeline__take(sm_timeline *t, const sm_buf *key, sm_situation *s, bool *oom);
/* Keep zones [from, s->nzones) of s for inputs key (its bytes are taken:
 * key is left empty). */
void sm_timeline__keep(sm_timeline *t, sm_buf *key, const sm_situation *s, size_t from);
/* The same for the zones given, keyed on their rows as read (build.c), and
 * for the front lines (before allies are dropped and sides advance), keyed
 * on the zones they come from and the tolerance. */
bool sm_timeline__given(sm_timeline *t, const sm_buf *rows, sm_situation *s, bool *oom);
void sm_timeline__keep_given(sm_timeline *t, sm_buf *rows, const sm_situation *s);
bool sm_timeline__fronts(sm_timeline *t, const sm_buf *key, sm_situation *s, bool *oom);
void sm_timeline__keep_fronts(sm_timeline *t, sm_buf *key, const sm_situation *s);
/* The area of clip (km2 on the ellipsoid), kept for the same points. */
double sm_timeline__km2(sm_timeline *t, const sm_mpoly *clip);
/* The places of a box kept from an earlier build, appended to s. */
bool sm_timeline__places(sm_timeline *t, const double box[4], sm_situation *s, bool *oom);
void sm_timeline__keep_places(sm_timeline *t, const double box[4], const sm_situation *s);

/* Copy zones [from, src->nzones) of src, with their rings, to the end of
 * dst (situation.c). */
bool sm_situation__copy_zones(sm_situation *dst, const sm_situation *src, size_t from);

#endif
