/* SPDX-License-Identifier: MIT */
/*
 * store.h - the SpatiaLite database: schema and migrations, transactions,
 * writing events, zones and control records, and reading them back as of a
 * day. All SQL of sitmap lives in this module, so that another backend
 * (PostGIS) can later stand beside it.
 *
 * Geometries are WGS84 longitude/latitude (EPSG:4326), passed in and out as
 * WKB. Days are sm_day; the database keeps them as ISO 8601 text, so "as of
 * D" reads valid_from <= D AND (valid_to IS NULL OR D < valid_to).
 *
 * Records passed to the _put functions are copied. Records filled by a
 * cursor's _next borrow their strings and WKB from the cursor until the next
 * call or until it is closed.
 *
 * Threads: an sm_store (and its cursors) is one thread's at a time: the
 * connection is opened without SQLite's mutex and keeps its prepared
 * statements. Threads may each open their own handle on the same file.
 *
 * Writers, in this process or others, take turns: one that finds the
 * database locked by another waits as long as the other works (with
 * sm_store_open_wait: at most a given time, then SM_EDB "database is
 * locked"). A database on read-only media (a read-only folder, where
 * SQLite cannot make the -shm file a WAL database is read with) opens for
 * reading as an immutable file, unless its write-ahead log holds changes
 * not yet written into it (an error says so).
 */
#ifndef SM_STORE_H
#define SM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/day.h"
#include "core/error.h"
#include "gazetteer/gazetteer.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SM_STORE_SCHEMA_VERSION 10

typedef struct sm_store sm_store;

typedef enum sm_store_mode {
    SM_STORE_READ,   /* existing, initialised database, read only */
    SM_STORE_WRITE,  /* existing, initialised database, read and write */
    SM_STORE_CREATE  /* create if missing and upgrade the schema (sitmap init) */
} sm_store_mode;

/* Open the database at path. On success *out is a handle owned by the caller
 * (sm_store_close); on failure NULL. With READ or WRITE, a missing file, a file
 * that is not a sitmap database, or an older schema is an SM_EINPUT error that
 * says to run `sitmap init`. */
sm_status sm_store_open(const char *path, sm_store_mode mode, sm_store **out,
                        sm_error *err);

/* How a handle waits for another writer. */
typedef struct sm_store_wait {
    double max_s;   /* give up after this many seconds; 0: wait as long as it takes */
    /* Called about once a second while waiting (NULL: not called), with
     * the seconds waited so far. */
    void (*waiting)(void *ctx, const char *path, double waited_s);
    void *ctx;
} sm_store_wait;

#define SM_STORE_WAIT_INIT { 0, NULL, NULL }

/* sm_store_open, waiting for other writers as wait says (NULL: as
 * SM_STORE_WAIT_INIT, which is what sm_store_open does). */
sm_status sm_store_open_wait(const char *path, sm_store_mode mode, const sm_store_wait *wait,
                             sm_store **out, sm_error *err);
void sm_store_close(sm_store *db);

/* The database path as messages name it, into out (cap bytes): path
 * itself, or a postgresql:// URI without its password. A path is a file
 * (SQLite + SpatiaLite) unless it starts postgresql:// or postgres://
 * (PostgreSQL + PostGIS, in libpq's URI syntax). */
void sm_store_display_name(const char *path, char *out, size_t cap);
/* True when path names a PostgreSQL database (postgresql://..., postgres://...),
 * false for a file. */
bool sm_store_is_server(const char *path);

/* ---- a whole database into another -------------------------------------- */

typedef struct sm_store_copied {
    long rows;      /* of every table */
    long places, events, zones, control, batches;
} sm_store_copied;

/* Copy every record of src into dst, whatever their backends (store/copy.c):
 * both at SM_STORE_SCHEMA_VERSION, dst opened for writing and holding no
 * events, zones, control records or batches (its gazetteer, factions and
 * settings are replaced by src's). One transaction on dst, all or nothing;
 * src read as one state. */
sm_status sm_store_copy(sm_store *src, sm_store *dst, sm_store_copied *out, sm_error *err);

/* The schema version the database had when opened (0 for a new file); after
 * SM_STORE_CREATE the database is at SM_STORE_SCHEMA_VERSION. */
int sm_store_schema_version_found(const sm_store *db);

/* Transactions. An import is one: begin, puts, then commit or rollback. */
sm_status sm_store_begin(sm_store *db, sm_error *err);
sm_status sm_store_commit(sm_store *db, sm_error *err);
void sm_store_rollback(sm_store *db);

/* ---- events ------------------------------------------------------------ */

typedef enum sm_event_type {
    SM_EVENT_AIRSTRIKE,
    SM_EVENT_SHELLING,
    SM_EVENT_BOMBING,
    SM_EVENT_CLASH,
    SM_EVENT_CAPTURE,
    SM_EVENT_CEASEFIRE,
    SM_EVENT_SIEGE,
    SM_EVENT_ATTACK,
    SM_EVENT_CHEMICAL,
    SM_EVENT_OTHER,
    SM_EVENT_TYPE_COUNT
} sm_event_type;

/* "airstrike", "shelling", ... */
const char *sm_event_type_name(sm_event_type t);
/* A sitmap type name, case-insensitive, or a common synonym ("air strike",
 * "agreement", "battle", "IED", ...). */
bool sm_event_type_parse(const char *text, sm_event_type *out);

typedef enum sm_precision {
    SM_PRECISION_UNKNOWN = 0,
    SM_PRECISION_1 = 1, /* date: the day;   place: the town named */
    SM_PRECISION_2 = 2, /* date: the week;  place: near a town */
    SM_PRECISION_3 = 3  /* date: the month; place: a region */
} sm_precision;

typedef struct sm_event {
    const char *uid;         /* stable id: ACLED event_id_cnty, or a content hash */
    sm_day day;
    sm_precision date_precision; /* ACLED time_precision */
    sm_event_type type;
    const char *sub_type;    /* ACLED sub_event_type, or NULL */
    const char *event_type;  /* ACLED event_type, or NULL */
    const char *actor1, *actor2;
    const char *admin1;
    const char *place;       /* the place as written, or NULL */
    int64_t place_id;        /* gazetteer id, 0 if none */
    bool has_point;          /* false: not yet geocoded */
    double lon_deg, lat_deg;
    sm_precision geo_precision; /* ACLED geo_precision */
    int fatalities;          /* -1 when unknown */
    const char *source, *url, *notes;
    int64_t updated;         /* ACLED timestamp (Unix seconds), 0 if none */
    const char *dataset;     /* import label (--source or file name) */
    const char *attrs;       /* the source's other columns: a JSON object of
                                column name to text, or NULL */
} sm_event;

typedef enum sm_put_result {
    SM_PUT_NEW,      /* a new record */
    SM_PUT_UPDATED,  /* an existing record (same uid) changed */
    SM_PUT_SAME,     /* an existing record, identical: nothing written */
    SM_PUT_KEPT,     /* an existing record kept: it is newer than the input */
    SM_PUT_REPORT    /* another source's report of an event stored: kept with it */
} sm_put_result;

/* Insert ev, or update the event with the same uid unless the stored one has
 * a newer `updated` stamp or is identical. res may be NULL. Inside a batch
 * whose first event finds the events table empty, events load in bulk: the
 * table's indexes are made again (sorted) when the batch ends or another
 * kind of record is written, so reads by date in between are slower, not
 * different. */
sm_status sm_store_event_put(sm_store *db, const sm_event *ev, sm_put_result *res,
                             sm_error *err);
/* Delete the event with this uid and the further reports of it, unless
 * its `updated` stamp is later than `stamp` (0: whatever its stamp), as
 * ACLED's list of deleted events asks. *deleted (may be NULL) says whether
 * one was. Inside a batch, undo puts it back. */
sm_status sm_store_event_delete(sm_store *db, const char *uid, int64_t stamp, bool *deleted,
                                sm_error *err);
/* True in *found if an event with this uid is stored. */
sm_status sm_store_event_exists(sm_store *db, const char *uid, bool *found, sm_error *err);
/* Store ev as one source's report of an incident (reports.c): when no event
 * has its uid and another source's event of its type lies within km of its
 * point and days of its day, ev is kept as a further report of the nearest
 * such event (SM_PUT_REPORT: its source and notes, no second event); a report
 * kept before is SM_PUT_SAME; else as sm_store_event_put. Reading events
 * gives each event's sources joined by "; ". */
sm_status sm_store_report_put(sm_store *db, const sm_event *ev, double km, int days,
                              sm_put_result *res, sm_error *err);

/* ---- zones ------------------------------------------------------------- */

typedef struct sm_zone {
    const char *uid;         /* stable id, see sm_store_zone_put */
    const char *faction;     /* a plain identifier */
    sm_day valid_from;       /* inclusive */
    sm_day valid_to;         /* exclusive; SM_DAY_OPEN while still valid */
    const char *status;      /* held, contested, besieged, claimed, ... */
    const char *other;       /* the other side: who contests a contested zone or
                                besieges a besieged one; NULL if not known */
    const char *name;        /* may be NULL */
    const char *source;      /* may be NULL */
    const unsigned char *wkb; /* polygon or multipolygon, EPSG:4326 */
    size_t wkb_len;
    double area_km2;         /* on the ellipsoid; set by the store when read */
} sm_zone;

/* Validate, repair where SpatiaLite's MakeValid can, and store the zone as a
 * multipolygon (replacing a zone of the same uid). A geometry that is not
 * polygonal, or that cannot be repaired into one, is an SM_EINPUT error whose
 * message gives the reason. res and *repaired (whether MakeValid was needed)
 * may be NULL. */
sm_status sm_store_zone_put(sm_store *db, const sm_zone *z, sm_put_result *res,
                            bool *repaired, sm_error *err);
/* A boundary crossing itself this many times or more is refused as too
 * tangled to repair (MakeValid's time grows with the crossings). */
#define SM_ZONE_MAX_CROSSINGS 64

/* ---- control ----------------------------------------------------------- */

typedef struct sm_control {
    const char *place;       /* as written */
    int64_t place_id;        /* gazetteer id, 0 if none */
    const char *faction;
    sm_day day;              /* the faction holds the place from this day on */
    sm_day until;            /* read back: the day the place's next record starts
                                (exclusive end), SM_DAY_OPEN when none; not stored */
    bool has_point;
    double lon_deg, lat_deg;
    const char *source;
} sm_control;

/* Record that faction holds place from day on. Rows name the same place when
 * their names match (case-insensitive) and they lie within about 3 km, or
 * when neither has coordinates; a second record for the same place and day
 * replaces the first. */
sm_status sm_store_control_put(sm_store *db, const sm_control *c, sm_put_result *res,
                               sm_error *err);

/* ---- reading back ------------------------------------------------------ */

typedef struct sm_store_cursor sm_store_cursor;

/* Events dated from `from` to `to`, both inclusive (SM_DAY_NONE: no lower
 * bound), by date then uid. */
sm_status sm_store_events_open(sm_store *db, sm_day from, sm_day to,
                               sm_store_cursor **out, sm_error *err);
/* ... with only uid, day, type, place_id, geo_precision, fatalities and the
 * point filled (what a map shows and names; half the time). */
sm_status sm_store_events_open_marks(sm_store *db, sm_day from, sm_day to,
                                     sm_store_cursor **out, sm_error *err);
/* SM_OK with a row in *ev, SM_ENOTFOUND at the end, or a failure. */
sm_status sm_store_events_next(sm_store_cursor *cur, sm_event *ev, sm_error *err);

/* Zones valid on day, by faction, valid_from, uid. */
sm_status sm_store_zones_open(sm_store *db, sm_day day, sm_store_cursor **out,
                              sm_error *err);
/* ... with each zone's geometry in z->wkb as the database gives it the
 * fastest: on a file SpatiaLite's own blob (no conversion to WKB; read it
 * with gaiaFromSpatiaLiteBlobWkb), on PostgreSQL WKB. */
sm_status sm_store_zones_open_native(sm_store *db, sm_day day, sm_store_cursor **out,
                                     sm_error *err);
/* Whether the zones of cur, opened by sm_store_zones_open_native, hold
 * SpatiaLite's own blob (true, on a file) or WKB (on PostgreSQL: read it
 * with gaiaFromWkb). */
bool sm_store_zones_native(const sm_store_cursor *cur);
sm_status sm_store_zones_next(sm_store_cursor *cur, sm_zone *z, sm_error *err);

/* Control of each place on day: its latest record dated on or before day,
 * by place name. */
sm_status sm_store_control_open(sm_store *db, sm_day day, sm_store_cursor **out,
                                sm_error *err);
sm_status sm_store_control_next(sm_store_cursor *cur, sm_control *c, sm_error *err);

/* The gazetteer's places inside a box of degrees, by id; the strings of
 * *p are valid until the next call. */
sm_status sm_store_places_open(sm_store *db, double west, double south, double east,
                               double north, sm_store_cursor **out, sm_error *err);
sm_status sm_store_places_next(sm_store_cursor *cur, sm_place *p, sm_error *err);
void sm_store_cursor_close(sm_store_cursor *cur);

/* ---- gazetteer --------------------------------------------------------- */

/* Replace the gazetteer tables (places, place_names, not_places, admin1)
 * with the content of gaz, in one transaction, and record its country
 * (sm_gaz_country) when it has one. */
sm_status sm_store_gazetteer_save(sm_store *db, const sm_gaz *gaz, sm_error *err);

/* A finished index built from the gazetteer tables (empty when they are),
 * with the country recorded; *out is owned by the caller (sm_gaz_free). */
sm_status sm_store_gazetteer_load(sm_store *db, sm_gaz **out, sm_error *err);

/* The country recorded with the gazetteer into out ("" when none was). */
sm_status sm_store_gazetteer_country(sm_store *db, char out[3], sm_error *err);
/* Record country (ISO 3166 alpha-2, the theatre's) as the gazetteer's. */
sm_status sm_store_gazetteer_set_country(sm_store *db, const char *country, sm_error *err);

/* A value of the database's meta table into out (cap bytes; "" when the key
 * has none), and the setting of one. */
sm_status sm_store_meta_get(sm_store *db, const char *key, char *out, size_t cap,
                            sm_error *err);
sm_status sm_store_meta_set(sm_store *db, const char *key, const char *value, sm_error *err);

/* ---- factions ---------------------------------------------------------- */

/* Add a faction (or change its label and colour, "#rrggbb"): imports then
 * know it beside the theatre's. */
sm_status sm_store_faction_add(sm_store *db, const char *id, const char *label,
                               const char *colour, sm_error *err);
/* Each faction the database knows: those added (label and colour given),
 * then those its zones and control records name that were not (NULL, NULL). */
sm_status sm_store_known_factions_each(sm_store *db,
                                       void (*fn)(const char *id, const char *label,
                                                  const char *colour, void *user),
                                       void *user, sm_error *err);

/* ---- batches (batches.c) ------------------------------------------------ */

/* Every change sitmap makes to events, zones and control (an import, an
 * extraction into the database, a deletion) is one batch: the database
 * records what was read, when, by whom and what it did, and each record
 * written carries its batch. Before a batch changes or removes a record that
 * an earlier batch wrote, that record is kept aside, so undoing the batch
 * removes exactly what it wrote and puts back what it replaced. */
typedef struct sm_batch {
    int64_t id;
    const char *kind;      /* "import events", "import zones", "import control",
                              "extract", "delete", "undo", "acled deletions" */
    const char *file;      /* what was read, as given; NULL if nothing */
    const char *sha256;    /* of the file's bytes, hex; NULL if not a file */
    const char *label;     /* the import's label (--source or the file's name) */
    const char *note;      /* what a delete selected, what an undo undid */
    const char *user;      /* set by the store: $SITMAP_USER, $USER or the login */
    const char *started;   /* set by the store: UTC, "2026-12-06T05:09:17Z" */
    long rows;             /* rows read */
    long added, updated, same, kept; /* as sm_ingest_report counts them */
    long removed, restored;          /* records a delete or undo removed, put back */
    int64_t undone_by;     /* the batch that undid this one; 0 if none */
} sm_batch;

/* Open a batch in the current transaction (sm_store_begin first): kind and
 * the other descriptive fields of b are recorded; records written until
 * sm_store_batch_end carry its id (*id, may be NULL). A rollback ends it,
 * recording nothing. */
sm_status sm_store_batch_begin(sm_store *db, const sm_batch *b, int64_t *id, sm_error *err);
/* Record the counts of b (rows .. restored) and end the batch. */
sm_status sm_store_batch_end(sm_store *db, const sm_batch *counts, sm_error *err);
/* Every batch, oldest first; the strings of *b are valid during the call. */
sm_status sm_store_batches_each(sm_store *db, void (*fn)(const sm_batch *b, void *user),
                                void *user, sm_error *err);
/* The latest batch not undone that read a file with this hash (*id 0 if
 * none), so an import can say it has seen the file before. */
sm_status sm_store_batch_same_file(sm_store *db, const char *sha256, int64_t *id,
                                   sm_error *err);

/* What a delete or an undo changed, per table. */
typedef struct sm_store_removal {
    int64_t batch;           /* the delete's or undo's own batch */
    long events, zones, control, reports;  /* records removed */
    long restored;           /* records put back (undo) */
} sm_store_removal;

/* What to delete: records matching every criterion given. At least one
 * must be given. Dates are "YYYY-MM-DD": events by their date, zones and
 * control by the day they start. */
typedef struct sm_delete_filter {
    int64_t batch;           /* written by this batch; 0: any */
    const char *uid;         /* this event or zone id; NULL: any */
    const char *label;       /* imported under this label (--source or the
                                file's name); NULL: any */
    const char *from, *to;   /* dated from, to (inclusive); NULL: unbounded */
    bool events, zones, control; /* the layers to delete from; none: all */
} sm_delete_filter;
#define SM_DELETE_FILTER_INIT { 0, NULL, NULL, NULL, NULL, false, false, false }

/* Delete the records f selects, with the further reports of deleted events,
 * as one batch (undoable). dry_run: count them and change nothing. An empty
 * id or label is refused (SM_EUSAGE), as is a filter of nothing. */
sm_status sm_store_delete(sm_store *db, const sm_delete_filter *f, bool dry_run,
                          sm_store_removal *out, sm_error *err);
/* Undo batch `id`: remove the records it wrote and put back those it
 * replaced or deleted, as one new batch. Refused (SM_EINPUT, naming them)
 * when later batches changed its records: undo those first. An undo is not
 * itself undone; import the file again instead. dry_run: count only. */
sm_status sm_store_undo(sm_store *db, int64_t id, bool dry_run, sm_store_removal *out,
                        sm_error *err);

/* ---- summary ----------------------------------------------------------- */

typedef struct sm_store_stats {
    long places, place_names;
    long events, events_unplaced;  /* unplaced: no coordinates yet */
    long zones, control_records, control_places;
    sm_day first_day, last_day;    /* over events, zones and control; NONE if empty */
} sm_store_stats;

sm_status sm_store_stats_get(sm_store *db, sm_store_stats *out, sm_error *err);

/* The last day a record speaks of: the latest event, zone start or end,
 * or control record (SM_DAY_NONE when the database holds none). */
sm_status sm_store_latest_day(sm_store *db, sm_day *out, sm_error *err);

/* Factions named by zones and control, with their record counts: calls
 * fn(faction, zones, control_records, user) for each, by faction id. */
sm_status sm_store_factions_each(sm_store *db,
                                 void (*fn)(const char *faction, long zones,
                                            long control, void *user),
                                 void *user, sm_error *err);

/* The area of each faction's zones valid on day, in km2 on the ellipsoid:
 * calls fn(faction, km2, user) for each, by faction id. */
sm_status sm_store_zone_areas_each(sm_store *db, sm_day day,
                                   void (*fn)(const char *faction, double km2, void *user),
                                   void *user, sm_error *err);

/* ---- change between two days (changes.c) -------------------------------- */

typedef struct sm_faction_change {
    const char *faction;
    double km2_from, km2_to;   /* its zones' area on each day, on the ellipsoid */
    double gained_km2;         /* area its zones hold on d2 and did not on d1 */
    double lost_km2;           /* ... held on d1 and not on d2 */
} sm_faction_change;

/* Each faction holding zones on either day, by id. Areas add up the zones
 * (a faction's zones are taken not to overlap); gains and losses come from
 * GEOS (union, difference) on the zones that differ between the days. */
sm_status sm_store_zone_changes_each(sm_store *db, sm_day d1, sm_day d2,
                                     void (*fn)(const sm_faction_change *c, void *user),
                                     void *user, sm_error *err);

/* The areas each faction gained (gained true) and lost from d1 to d2, as
 * WKB polygons or multipolygons, for change maps. */
sm_status sm_store_zone_change_areas_each(sm_store *db, sm_day d1, sm_day d2,
                                          void (*fn)(const char *faction, bool gained,
                                                     const unsigned char *wkb, size_t len,
                                                     void *user),
                                          void *user, sm_error *err);

typedef struct sm_place_change {
    const char *place;
    const char *from_faction, *to_faction;
    sm_day day;                /* from when to_faction holds it */
    bool has_point;
    double lon_deg, lat_deg;
    const char *basis;         /* "control" (town-level records) or "zones" */
} sm_place_change;

/* The places that changed hands from d1 to d2, by day then name: places
 * with control records whose faction differs, and places of `country` (ISO
 * 3166 alpha-2, the theatre's; NULL: of any country) of at least
 * min_population inside a zone new on d2 whose faction differs from the
 * zone's that held them on d1. */
sm_status sm_store_place_changes_in(sm_store *db, const char *country, sm_day d1, sm_day d2,
                                    long min_population,
                                    void (*fn)(const sm_place_change *c, void *user),
                                    void *user, sm_error *err);
/* The same for the country saved with the gazetteer (sm_store_gazetteer_country;
 * any country when none was). */
sm_status sm_store_place_changes_each(sm_store *db, sm_day d1, sm_day d2, long min_population,
                                      void (*fn)(const sm_place_change *c, void *user),
                                      void *user, sm_error *err);

#ifdef __cplusplus
}
#endif

#endif
