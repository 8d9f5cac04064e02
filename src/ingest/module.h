/* SPDX-License-Identifier: MIT */
/*
 * module.h - what needs GDAL (importing and exporting through OGR) is built
 * as a module of its own, sitmap-gdal.so, which the command loads only for
 * the commands that read or write other formats: GDAL and the hundred
 * libraries under it cost a map or a look-up some 25 ms of start-up and
 * memory it never uses. The module hands out this table; the library
 * (libsitmap.a) holds the same functions for programs that link it whole.
 */
#ifndef SM_INGEST_MODULE_H
#define SM_INGEST_MODULE_H

#include "export/export.h"
#include "ingest/ingest.h"

#define SM_GDAL_API_SYMBOL "sm_gdal_api_v1"

typedef struct sm_gdal_api {
    sm_status (*ingest_events)(sm_store *db, const char *path, const sm_ingest_opts *opts,
                               sm_ingest_report *rep, sm_error *err);
    sm_status (*ingest_zones)(sm_store *db, const char *path, const sm_ingest_opts *opts,
                              sm_ingest_report *rep, sm_error *err);
    sm_status (*ingest_control)(sm_store *db, const char *path, const sm_ingest_opts *opts,
                                sm_ingest_report *rep, sm_error *err);
    sm_status (*ingest_places)(sm_gaz *gaz, const char *path, const sm_ingest_opts *opts,
                               sm_gaz_load_report *rep, sm_error *err);
    bool (*format_parse)(const char *name, sm_ingest_format *out);
    sm_status (*export_layer)(const sm_situation *sit, const sm_export_opts *opts, long *count,
                              sm_error *err);
    void (*export_needs)(sm_layer layer, sm_situation_opts *so);
    bool (*layer_parse)(const char *name, sm_layer *out);
    const char *(*layer_name)(sm_layer layer);
    sm_status (*ingest_acled_deletions)(sm_store *db, const char *path,
                                        const sm_ingest_opts *opts, sm_ingest_report *rep,
                                        sm_error *err);
} sm_gdal_api;

extern const sm_gdal_api sm_gdal_api_v1;

#endif
