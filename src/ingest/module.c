/* SPDX-License-Identifier: MIT */
/* module.c - the table sitmap-gdal.so hands out (module.h). */
#include "ingest/module.h"

const sm_gdal_api sm_gdal_api_v1 = {
    .ingest_events = sm_ingest_events,
    .ingest_zones = sm_ingest_zones,
    .ingest_control = sm_ingest_control,
    .ingest_places = sm_ingest_places,
    .format_parse = sm_ingest_format_parse,
    .export_layer = sm_export,
    .export_needs = sm_export_needs,
    .layer_parse = sm_layer_parse,
    .layer_name = sm_layer_name,
    .ingest_acled_deletions = sm_ingest_acled_deletions,
};
