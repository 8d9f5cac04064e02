/* SPDX-License-Identifier: MIT */
/*
 * geolibs.h - SpatiaLite and PROJ, opened when first needed.
 *
 * Linked at start, the two libraries bring some 70 more (PROJ's libcurl
 * and its TLS stack, GEOS, libxml2, ICU): the dynamic linker's work on
 * them is most of a command's start-up, some 25 ms, whether the command
 * uses them or not. They are opened with dlopen instead: a command that
 * will need them starts that on a thread of its own at once
 * (sm_geolibs_preload), so that it overlaps the command's own start (its
 * options, style, database and fonts), and the first call of one of their
 * functions waits for it, or opens them itself.
 *
 * A module includes this instead of <proj.h>, <geodesic.h>, <spatialite.h>
 * and SpatiaLite's headers: it declares what they declare, then turns
 * each function sitmap calls into a call through the table of the opened
 * libraries; a call site reads as a plain call. Should the libraries be
 * missing, the entry point that needs them returns the failure
 * (sm_geolibs_open), where a library linked in would stop the program
 * before it starts.
 *
 * Inside the library only (not installed): a program starts the opening
 * ahead with core/preload.h.
 */
#ifndef SM_GEOLIBS_H
#define SM_GEOLIBS_H

#include <geodesic.h>
#include <proj.h>
#include <sqlite3.h>
#include <spatialite.h>
#include <spatialite/gaiageo.h>
#include <spatialite/geopackage.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "core/error.h"
#include "core/preload.h"

/* The functions sitmap calls: X(name, library) */
#define SM_GEOLIBS_FUNCTIONS(X)                                                                \
    X(proj_context_create, PROJ) X(proj_context_destroy, PROJ) X(proj_context_errno, PROJ)     \
    X(proj_context_errno_string, PROJ) X(proj_context_set_search_paths, PROJ)                  \
    X(proj_coord, PROJ) X(proj_create, PROJ) X(proj_destroy, PROJ) X(proj_log_func, PROJ)      \
    X(proj_trans, PROJ) X(geod_init, PROJ) X(geod_inverse, PROJ) X(geod_polygonarea, PROJ)     \
    X(gaiaAddInteriorRing, SPATIALITE) X(gaiaAddPointToGeomColl, SPATIALITE)                   \
    X(gaiaAddPolygonToGeomColl, SPATIALITE) X(gaiaAllocGeomColl, SPATIALITE)                   \
    X(gaiaCloneGeomColl, SPATIALITE) X(gaiaCloneGeomCollPolygons, SPATIALITE)                  \
    X(gaiaFreeGeomColl, SPATIALITE) X(gaiaFromGeoPackageGeometryBlob, SPATIALITE)              \
    X(gaiaFromSpatiaLiteBlobWkb, SPATIALITE) X(gaiaFromWkb, SPATIALITE)                        \
    X(gaiaGeomCollBuffer_r, SPATIALITE) X(gaiaGeometryDifference_r, SPATIALITE)                \
    X(gaiaGeometryIntersection_r, SPATIALITE) X(gaiaGetGeosErrorMsg_r, SPATIALITE)             \
    X(gaiaGetMbrMinX, SPATIALITE)                                                              \
    X(gaiaGetMbrMinY, SPATIALITE) X(gaiaIsPointOnPolygonSurface, SPATIALITE)                   \
    X(gaiaMbrGeometry, SPATIALITE) X(gaiaMbrPolygon, SPATIALITE)                               \
    X(gaiaUnaryUnion_r, SPATIALITE) X(gaiaVoronojDiagram_r, SPATIALITE)                        \
    X(spatialite_alloc_connection, SPATIALITE) X(spatialite_cleanup_ex, SPATIALITE)            \
    X(spatialite_init_ex, SPATIALITE) X(spatialite_set_silent_mode, SPATIALITE)

typedef struct sm_geolibs {
#define SM_GEOLIBS_FIELD(name, lib) __typeof__(name) *name;
    SM_GEOLIBS_FUNCTIONS(SM_GEOLIBS_FIELD)
#undef SM_GEOLIBS_FIELD
} sm_geolibs;

/* Open the libraries (or wait for the preload) unless open; SM_EIO, the
 * reason named, when one is missing. Each entry point of the library that
 * reaches them (sm_store_open_wait, sm_frame_new) calls this first, so that
 * the calls below never meet a missing library. */
sm_status sm_geolibs_open(sm_error *err);

/* The opened libraries' functions, opening them (or waiting for the
 * preload) the first time; aborts when they cannot be opened, which the
 * entry points' sm_geolibs_open rules out. */
const sm_geolibs *sm_geolibs_wait(void);

extern sm_geolibs sm_geolibs_table;
extern atomic_bool sm_geolibs_ready;

static inline const sm_geolibs *
sm_geolibs_get(void)
{
    return atomic_load_explicit(&sm_geolibs_ready, memory_order_acquire) ? &sm_geolibs_table
                                                                          : sm_geolibs_wait();
}

#ifndef SM_GEOLIBS_TABLE
#define proj_context_create (*sm_geolibs_get()->proj_context_create)
#define proj_context_destroy (*sm_geolibs_get()->proj_context_destroy)
#define proj_context_errno (*sm_geolibs_get()->proj_context_errno)
#define proj_context_errno_string (*sm_geolibs_get()->proj_context_errno_string)
#define proj_context_set_search_paths (*sm_geolibs_get()->proj_context_set_search_paths)
#define proj_coord (*sm_geolibs_get()->proj_coord)
#define proj_create (*sm_geolibs_get()->proj_create)
#define proj_destroy (*sm_geolibs_get()->proj_destroy)
#define proj_log_func (*sm_geolibs_get()->proj_log_func)
#define proj_trans (*sm_geolibs_get()->proj_trans)
#define geod_init (*sm_geolibs_get()->geod_init)
#define geod_inverse (*sm_geolibs_get()->geod_inverse)
#define geod_polygonarea (*sm_geolibs_get()->geod_polygonarea)
#define gaiaAddInteriorRing (*sm_geolibs_get()->gaiaAddInteriorRing)
#define gaiaAddPointToGeomColl (*sm_geolibs_get()->gaiaAddPointToGeomColl)
#define gaiaAddPolygonToGeomColl (*sm_geolibs_get()->gaiaAddPolygonToGeomColl)
#define gaiaAllocGeomColl (*sm_geolibs_get()->gaiaAllocGeomColl)
#define gaiaCloneGeomColl (*sm_geolibs_get()->gaiaCloneGeomColl)
#define gaiaCloneGeomCollPolygons (*sm_geolibs_get()->gaiaCloneGeomCollPolygons)
#define gaiaFreeGeomColl (*sm_geolibs_get()->gaiaFreeGeomColl)
#define gaiaFromGeoPackageGeometryBlob (*sm_geolibs_get()->gaiaFromGeoPackageGeometryBlob)
#define gaiaFromSpatiaLiteBlobWkb (*sm_geolibs_get()->gaiaFromSpatiaLiteBlobWkb)
#define gaiaFromWkb (*sm_geolibs_get()->gaiaFromWkb)
#define gaiaGeomCollBuffer_r (*sm_geolibs_get()->gaiaGeomCollBuffer_r)
#define gaiaGeometryDifference_r (*sm_geolibs_get()->gaiaGeometryDifference_r)
#define gaiaGeometryIntersection_r (*sm_geolibs_get()->gaiaGeometryIntersection_r)
#define gaiaGetGeosErrorMsg_r (*sm_geolibs_get()->gaiaGetGeosErrorMsg_r)
#define gaiaGetMbrMinX (*sm_geolibs_get()->gaiaGetMbrMinX)
#define gaiaGetMbrMinY (*sm_geolibs_get()->gaiaGetMbrMinY)
#define gaiaIsPointOnPolygonSurface (*sm_geolibs_get()->gaiaIsPointOnPolygonSurface)
#define gaiaMbrGeometry (*sm_geolibs_get()->gaiaMbrGeometry)
#define gaiaMbrPolygon (*sm_geolibs_get()->gaiaMbrPolygon)
#define gaiaUnaryUnion_r (*sm_geolibs_get()->gaiaUnaryUnion_r)
#define gaiaVoronojDiagram_r (*sm_geolibs_get()->gaiaVoronojDiagram_r)
#define spatialite_alloc_connection (*sm_geolibs_get()->spatialite_alloc_connection)
#define spatialite_cleanup_ex (*sm_geolibs_get()->spatialite_cleanup_ex)
#define spatialite_init_ex (*sm_geolibs_get()->spatialite_init_ex)
#define spatialite_set_silent_mode (*sm_geolibs_get()->spatialite_set_silent_mode)
#endif

#endif
