/* SPDX-License-Identifier: MIT */
/*
 * ingest.h - reading events, zones and control records from any OGR source
 * (CSV, ACLED exports, GeoJSON, KML, GeoPackage, Shapefile) into the store.
 *
 * Every import is one transaction: on any bad row the database is left
 * exactly as it was, and the error names the file and the line (CSV) or the
 * feature number (other formats), the column, and what is wrong. Geometries
 * are reprojected to WGS84 from the source's CRS (a source without one is
 * taken to be WGS84 longitude/latitude).
 *
 * Threads: an import runs on the thread that owns the store handle; imports
 * into distinct handles may run at once. GDAL's drivers are registered
 * once per process (sm_ingest_gdal_init, thread-safe).
 */
#ifndef SM_INGEST_H
#define SM_INGEST_H

#include "core/day.h"
#include "core/error.h"
#include "gazetteer/gazetteer.h"
#include "store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sm_ingest_format {
    SM_FORMAT_AUTO,    /* by GDAL's driver detection */
    SM_FORMAT_ACLED,   /* CSV with ACLED's columns (required) */
    SM_FORMAT_CSV,
    SM_FORMAT_GEOJSON,
    SM_FORMAT_KML,
    SM_FORMAT_GPKG,
    SM_FORMAT_SHP
} sm_ingest_format;

/* "auto", "acled", "csv", "geojson", "kml", "gpkg", "shp" */
bool sm_ingest_format_parse(const char *name, sm_ingest_format *out);

/* Start from SM_INGEST_OPTS_INIT (the defaults the comments give), then set
 * what differs. A zeroed struct serves events, control and places alike,
 * but not zones: its days are 0. */
typedef struct sm_ingest_opts {
    const char *layer;          /* NULL: the first layer */
    sm_ingest_format format;
    const char *source;         /* dataset label; NULL: the file's name */
    const sm_gaz *gaz;          /* finished gazetteer to place rows that have only
                                   a place name; NULL: keep them unplaced ... */
    const sm_gaz *(*load_gaz)(void *user); /* ... or this, called at each such
                                   row and expected to load the gazetteer once
                                   (loading costs time; most files need none) */
    void *load_gaz_user;
    /* zones only */
    const char *faction;        /* every zone is this faction's ... */
    const char *faction_field;  /* ... or the faction is in this field
                                   (neither: a "faction" field) */
    sm_day valid_from;          /* SM_DAY_NONE: a "valid_from" field */
    sm_day valid_to;            /* SM_DAY_NONE: a "valid_to" field, else open;
                                   for both, day 0 (1970-01-01, what a zeroed
                                   struct holds) is refused: SM_EUSAGE */
    const char *status;         /* NULL: a "status" field, else "held" */
    /* zones and control: the faction ids known (the theatre's, the
     * database's); a faction is one of them, case-folded, or refused with
     * the nearest to suggest. NULL: any plain identifier. */
    const char *const *factions;
    size_t nfactions;
    /* events: keep coordinates far (> 50 km) from every place of the name
     * the row gives; else such a row is refused */
    bool trust_coordinates;
} sm_ingest_opts;

#define SM_INGEST_OPTS_INIT                                                                    \
    { NULL, SM_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, NULL, SM_DAY_NONE, SM_DAY_NONE,       \
      NULL, NULL, 0, false }

typedef struct sm_ingest_report {
    long rows;      /* rows or features read */
    long added;     /* new records */
    long updated;   /* records changed (same stable id) */
    long same;      /* records already stored as they are */
    long kept;      /* stored records newer than the input, left alone */
    long repaired;  /* zone geometries made valid */
    long geocoded;  /* rows placed by the gazetteer */
    long unplaced;  /* rows kept with a place name but no coordinates */
    long removed;   /* records deleted (a deletions list) */
    int64_t batch;  /* the import's batch (store.h: sitmap history, undo) */
    int64_t seen_in; /* an earlier batch that read the same file, 0 if none */
} sm_ingest_report;

/* Import events. Columns are matched by name, case-insensitively: ACLED's
 * (event_id_cnty, event_date, time_precision, event_type, sub_event_type,
 * actor1, actor2, admin1, location, latitude, longitude, geo_precision,
 * source, notes, fatalities, timestamp) or sitmap's plain ones (date, type,
 * place, lat, lon, fatalities, actors, source, notes, and the columns that
 * `sitmap export` writes). A row with a place but no coordinates is placed
 * by opts->gaz (its admin1 column, if any, as context; the precision of the
 * place found recorded as geo_precision) or else kept with its place name.
 * Re-importing the same rows updates them instead of adding duplicates. rep
 * may be NULL. */
sm_status sm_ingest_events(sm_store *db, const char *path, const sm_ingest_opts *opts,
                           sm_ingest_report *rep, sm_error *err);

/* Import control zones: polygons, validated and repaired (see
 * sm_store_zone_put), each with a faction and a validity span. */
sm_status sm_ingest_zones(sm_store *db, const char *path, const sm_ingest_opts *opts,
                          sm_ingest_report *rep, sm_error *err);

/* Apply ACLED's list of deleted events (columns event_id_cnty and, if
 * there, deleted_timestamp): each event named is deleted with its reports,
 * unless it was updated after its deletion; an id not stored is counted as
 * `same`. One batch: `sitmap undo` puts them back. */
sm_status sm_ingest_acled_deletions(sm_store *db, const char *path, const sm_ingest_opts *opts,
                                    sm_ingest_report *rep, sm_error *err);

/* Import town-level control: place, faction, date, and optionally lat, lon
 * (or a point geometry). */
sm_status sm_ingest_control(sm_store *db, const char *path, const sm_ingest_opts *opts,
                            sm_ingest_report *rep, sm_error *err);

/* Places for the gazetteer from an OGR point layer with a name field (and
 * optionally population, name_ar, kind): added to gaz, merged into known
 * places of the same name family nearby. Counts are added to rep. */
sm_status sm_ingest_places(sm_gaz *gaz, const char *path, const sm_ingest_opts *opts,
                           sm_gaz_load_report *rep, sm_error *err);

/* Register GDAL's drivers (once per process; thread-safe). */
void sm_ingest_gdal_init(void);

#ifdef __cplusplus
}
#endif

#endif
