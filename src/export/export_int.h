/* SPDX-License-Identifier: MIT */
/* export_int.h - internals shared by the export's files. */
#ifndef SM_EXPORT_INT_H
#define SM_EXPORT_INT_H

#include <ogr_api.h>

#include "core/colour.h"
#include "export/export.h"

/* Write sit's events to layer (of a CSV file) in ACLED's layout (acled.c),
 * counting them in *count. */
sm_status sm_export__acled(OGRLayerH layer, const sm_situation *sit, long *count,
                           sm_error *err);

/* KML as a stream (kml.c): the placemarks of one layer whose fields are
 * defn's, written to path (NULL: standard output) at sm_kml_close; name
 * is what messages call it. */
typedef struct sm_kml sm_kml;

/* Google Earth tints an icon by multiplying its pixels by the style's
 * colour: its white circle shows the colour as it is, where the default
 * yellow pushpin would not. */
#define SM_KML_ICON "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"

sm_status sm_kml_open(sm_kml **out, const char *path, const char *name, const char *layer,
                      OGRFeatureDefnH defn, sm_error *err);
/* A shared style (once per id): an icon in fill, or a polygon's fill and
 * outline. */
void sm_kml_style(sm_kml *k, const char *id, bool icon, sm_rgba fill, sm_rgba line);
/* A placemark of f (see kml.c for the fields it reads). */
sm_status sm_kml_placemark(sm_kml *k, OGRFeatureH f, sm_error *err);
/* Write the file (write false: only free) and free k. */
sm_status sm_kml_close(sm_kml *k, bool write, sm_error *err);

/* The name under which GDAL writes path with its write errors kept
 * (checked.c), to free; NULL when out of memory. sm_export__checked_end
 * then gives the errno of the first write, flush or close of path that
 * failed (0: none) and stops watching it. */
char *sm_export__checked_begin(const char *path);
int sm_export__checked_end(const char *path);

#endif
