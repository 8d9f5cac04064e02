/* SPDX-License-Identifier: MIT */
/* ingest_int.h - the OGR source shared by the importers; internal to ingest. */
#ifndef SM_INGEST_INT_H
#define SM_INGEST_INT_H

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/buf.h"
#include "ingest/ingest.h"

#define SM_SRC_MAX_TEXTS 64

/* Comma-separated text read with libcsv (csv_source.c). */
typedef struct sm_csv sm_csv;
/* Open path (through GDAL's virtual file system) with its header line;
 * shown names it in messages. SM_ENOTFOUND: a file GDAL is to read (another
 * separator, a .csvt or .prj beside it, not readable here). */
sm_status sm_ingest__csv_open(const char *path, const char *shown, sm_csv **out,
                              sm_error *err);
void sm_ingest__csv_close(sm_csv *c);
int sm_ingest__csv_ncolumns(const sm_csv *c);
const char *sm_ingest__csv_column(const sm_csv *c, int i);
/* The next record and the line it starts on: SM_OK, SM_ENOTFOUND at the
 * end, or an error (an unclosed quote, a read error). */
sm_status sm_ingest__csv_next(sm_csv *c, long *line, sm_error *err);
/* Field i of the current record, NUL-terminated, len bytes (it may hold a
 * NUL); NULL when the record has no field i. Valid until the next record. */
const char *sm_ingest__csv_field(const sm_csv *c, int i, size_t *len);

/* One layer of one file, read feature by feature. */
typedef struct sm_src {
    const char *path;        /* as given, for messages: "standard input" for "-" */
    const char *gdal_path;   /* what GDAL opens: "/vsistdin/" for "-" */
    const char *name;        /* the file's base name, for messages ("stdin" for "-") */
    const char *dataset;     /* the import's label: opts->source or name */
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    OGRCoordinateTransformationH to_wgs84; /* NULL when already WGS84 */
    bool is_csv;
    sm_csv *csv;             /* .csv read by libcsv, without GDAL: ds, layer,
                                defn and feat are NULL */
    int geom_text;           /* CSV: the text field GDAL reads the geometry from
                                (WKT, geometry, ...), else -1 */
    OGRFeatureH feat;
    long ordinal;            /* 1-based number of the current feature */
    long line;               /* libcsv: the line the current record starts on */
    char where[600];         /* "events.csv:14" or "zones.geojson: feature 3" */
    char *texts[SM_SRC_MAX_TEXTS]; /* copies handed out for the current row */
    char iso[32];            /* a typed date as text, for src_text_view */
    int ntexts;
} sm_src;

/* Open path's layer (opts->layer, or the first) with the drivers that
 * opts->format allows. Empty and unreadable files are SM_EIO/SM_EINPUT.
 * "-" is standard input (CSV unless GDAL recognises another format); a path
 * no file has, starting with /vsi or a GDAL connection prefix ("PG:"), is
 * handed to GDAL as it is. */
sm_status sm_ingest__src_open(sm_src *src, const char *path, const sm_ingest_opts *opts,
                              sm_error *err);
void sm_ingest__src_close(sm_src *src);

/* The index of the first field named like one of names (case-insensitive,
 * NULL-terminated list), or -1. */
int sm_ingest__src_field(const sm_src *src, const char *const *names);
/* As _field, but a missing column is an SM_EINPUT error naming it and the
 * columns the file has. */
sm_status sm_ingest__src_need(const sm_src *src, const char *const *names, int *idx,
                              sm_error *err);

/* The number of fields, the name of field i, whether the layer has a
 * geometry field, and whether it is KML (whose own fields are not kept). */
int sm_ingest__src_nfields(const sm_src *src);
const char *sm_ingest__src_field_name(const sm_src *src, int i);
bool sm_ingest__src_has_geometry(const sm_src *src);
bool sm_ingest__src_is_kml(const sm_src *src);

/* Advance to the next feature: SM_OK, SM_ENOTFOUND at the end, or an error. */
sm_status sm_ingest__src_next(sm_src *src, sm_error *err);

/* The text of field idx of the current row, trimmed; *out is NULL when the
 * field is absent (idx < 0), unset or blank. Invalid UTF-8 and control
 * characters are SM_EINPUT errors naming the column. The text is owned by
 * the source until the next row. */
sm_status sm_ingest__src_text(sm_src *src, int idx, const char **out, sm_error *err);
/* The same text, checked and trimmed, without a copy: len bytes at *text
 * (NULL when the field is unset), valid until the next call. */
sm_status sm_ingest__src_text_view(sm_src *src, int idx, const char **text, size_t *len,
                                   sm_error *err);

/* The current feature's geometry in WGS84 lon/lat, 2D and linear, or NULL
 * when it has none. A copy owned by the caller (OGR_G_DestroyGeometry). A
 * CSV geometry column whose text is not a geometry is an error. */
sm_status sm_ingest__src_geometry(sm_src *src, OGRGeometryH *out, sm_error *err);

/* One kind of import: `setup` maps the columns once, `row` reads the
 * current row into the store and counts it in rep. */
typedef struct sm_ingest_job {
    const char *what;  /* "events", "zones", ... for "no events in the file" */
    sm_status (*setup)(sm_src *src, void *ctx, sm_error *err);
    sm_status (*row)(sm_store *db, sm_src *src, void *ctx, sm_ingest_report *rep,
                     sm_error *err);
    void *ctx;
    /* NULL, or called once after the last row (st: SM_ENOTFOUND at the
     * end of the rows, or the error that stopped them), before the batch
     * ends: the status to go on with (a row stored late may have failed
     * first) */
    sm_status (*finish)(void *ctx, sm_status st, sm_error *err);
} sm_ingest_job;

/* Run a job over path's layer as one transaction: all rows or none. */
sm_status sm_ingest__run(sm_store *db, const char *path, const sm_ingest_opts *opts,
                         const sm_ingest_job *job, sm_ingest_report *rep, sm_error *err);

/* Count one stored record in rep by what the store did with it. */
void sm_ingest__count(sm_ingest_report *rep, sm_put_result res);

/* An SM_EINPUT error prefixed with the current row's position. */
sm_status sm_ingest__row_fail(const sm_src *src, sm_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same for a record of a libcsv source at line (src->where as it was then). */
sm_status sm_ingest__line_fail(const sm_src *src, long line, sm_error *err, const char *fmt,
                               ...) __attribute__((format(printf, 4, 5)));

/* The names of the columns a row's latitude and longitude are read from
 * (NULL-terminated, the first quoted in messages), for every importer. */
extern const char *const sm_ingest__lat_names[];
extern const char *const sm_ingest__lon_names[];
/* Parse a coordinate pair from text fields; both NULL means none. */
sm_status sm_ingest__parse_latlon(const sm_src *src, const char *lat, const char *lon,
                                  bool *has, double *lat_deg, double *lon_deg,
                                  sm_error *err);
/* Parse a date field; a missing or bad date is an error naming the column. */
sm_status sm_ingest__parse_day(const sm_src *src, const char *column, const char *text,
                               sm_day *out, sm_error *err);
/* Check a faction id from `column` is one of o's factions (case-folded:
 * *faction becomes the known spelling), or a plain identifier when o knows
 * none. */
sm_status sm_ingest__check_faction(const sm_src *src, const sm_ingest_opts *o,
                                   const char *column, const char **faction, sm_error *err);

/* Place a row that has only a place name (and maybe a governorate): *found
 * and the point, the gazetteer id and a precision code when the gazetteer
 * knows the place well enough (an exact spelling, or a near miss that scores
 * at least 0.6). A name the gazetteer refuses (not a name at all) is simply
 * not found; running out of memory is an error. */
/* Refuse a row whose point lies more than 50 km from every place of the
 * name it gives (naming swapped coordinates), unless o trusts coordinates
 * or the gazetteer does not know the name. */
/* memo (*memo NULL at first, freed by sm_ingest__memo_free) keeps what a
 * file's names found, for the rows after; NULL: none kept. */
typedef struct sm_ingest_memo sm_ingest_memo;
sm_status sm_ingest__plausible(const sm_src *src, const sm_ingest_opts *o,
                               sm_ingest_memo **memo, const char *place, const char *admin1,
                               double lat_deg, double lon_deg, sm_error *err);
void sm_ingest__memo_free(sm_ingest_memo *m);
sm_status sm_ingest__geocode(const sm_ingest_opts *o, const char *place, const char *admin1,
                             bool *found, double *lat_deg, double *lon_deg,
                             int64_t *place_id, sm_precision *precision, sm_error *err);

/* The sitmap type of an ACLED row, from its sub_event_type and event_type. */
sm_event_type sm_ingest__acled_type(const char *sub_event_type, const char *event_type);

#endif
