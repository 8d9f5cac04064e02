/* SPDX-License-Identifier: MIT */
/*
 * export.h - writing a layer of a situation (timeline.h) to GeoJSON,
 * GeoPackage, CSV or KML (chosen by the file's extension, or named), in a
 * shape that `sitmap import` reads back: export, import and export again give
 * the same records. What a layer needs of the situation: sm_export_needs.
 *
 * A file is written under a temporary name and renamed, so a failed export
 * never leaves a half file. The path "-" is standard output, for the formats
 * that stream (GeoJSON, CSV, KML; not GeoPackage).
 *
 * KML is written for Google Earth: each placemark has a name, a TimeStamp
 * (events) or TimeSpan (zones, control), and a shared style a faction or
 * event type in the colours of opts->style.
 *
 * Threads: sm_export only reads the situation; distinct files may be
 * written on distinct threads (GDAL's options are set for the calling
 * thread alone).
 */
#ifndef SM_EXPORT_H
#define SM_EXPORT_H

#include "core/day.h"
#include "core/error.h"
#include "style/style.h"
#include "timeline/timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sm_layer {
    SM_LAYER_ZONES,    /* zones valid on the day */
    SM_LAYER_EVENTS,   /* events up to the day (or its window) */
    SM_LAYER_CONTROL,  /* each place's controller on the day */
    SM_LAYER_FRONTLINES, /* where factions' zones meet on the day (timeline.h) */
    SM_LAYER_DERIVED   /* zones derived from the control points on the day */
} sm_layer;

/* "zones", "events", "control", "frontlines", "derived" */
bool sm_layer_parse(const char *name, sm_layer *out);
const char *sm_layer_name(sm_layer layer);

typedef struct sm_export_opts {
    sm_layer layer;
    const char *path;     /* .geojson/.json, .gpkg, .csv or .kml; "-": standard
                             output; NULL: SM_EUSAGE */
    const char *format;   /* "geojson", "gpkg", "csv" or "kml"; NULL: by the
                             extension. "acled": the events as CSV in ACLED's
                             layout (its 31 columns, then any other the
                             imported files had), so that an ACLED file comes
                             back column for column */
    const sm_style *style; /* KML: factions' labels and colours, event types'
                              colours; NULL: no styles, ids for names */
} sm_export_opts;

/* The zones, to no file yet: set the path. */
#define SM_EXPORT_OPTS_INIT { SM_LAYER_ZONES, NULL, NULL, NULL }

/* Set in so what the situation must hold for the layer: every column of
 * the events, the front lines. */
void sm_export_needs(sm_layer layer, sm_situation_opts *so);

/* Write the layer of sit: the zones given (zones), the zones derived
 * (derived), the control points (control), the events of its window
 * (events) or its front lines (frontlines). *count (may be NULL) is the
 * number of features written. An unknown extension or format, standard
 * output without a format, or a GeoPackage to standard output is SM_EUSAGE. */
sm_status sm_export(const sm_situation *sit, const sm_export_opts *opts, long *count,
                    sm_error *err);

#ifdef __cplusplus
}
#endif

#endif
