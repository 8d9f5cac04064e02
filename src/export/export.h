/* SPDX-License-Identifier: MIT */
/*
 * export.h - writing the situation as of a day to GeoJSON, GeoPackage, CSV
 * or KML (chosen by the file's extension), in a shape that `sitmap import`
 * reads back: export, import and export again give the same records.
 *
 * The file is written under a temporary name and renamed, so a failed export
 * never leaves a half file.
 */
#ifndef SM_EXPORT_H
#define SM_EXPORT_H

#include "core/day.h"
#include "core/error.h"
#include "store/store.h"

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
    sm_day day;
    int window_days;   /* events: the N days ending on day; 0 = all up to day;
                          front lines: their advancing side over N days (0: 7) */
    double tolerance_km; /* front lines: zones this close meet (timeline.h) */
    double derived_max_km; /* derived zones (and the fronts between them) reach
                              this far from a place; 0: none */
    const void *clip;  /* the country's border (sm_render_country) or NULL */
    const char *path;  /* .geojson/.json, .gpkg, .csv or .kml */
} sm_export_opts;

/* Write the layer; *count (may be NULL) is the number of features written.
 * An unknown extension is SM_EUSAGE. */
sm_status sm_export(sm_store *db, const sm_export_opts *opts, long *count, sm_error *err);

#endif
