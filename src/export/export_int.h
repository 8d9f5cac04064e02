/* SPDX-License-Identifier: MIT */
/* export_int.h - internals shared by the export's files. */
#ifndef SM_EXPORT_INT_H
#define SM_EXPORT_INT_H

#include <ogr_api.h>

#include "export/export.h"

/* Write sit's events to layer (of a CSV file) in ACLED's layout (acled.c),
 * counting them in *count. */
sm_status sm_export__acled(OGRLayerH layer, const sm_situation *sit, long *count,
                           sm_error *err);

/* The name under which GDAL writes path with its write errors kept
 * (checked.c), to free; NULL when out of memory. sm_export__checked_end
 * then gives the errno of the first write, flush or close of path that
 * failed (0: none) and stops watching it. */
char *sm_export__checked_begin(const char *path);
int sm_export__checked_end(const char *path);

#endif
