/* SPDX-License-Identifier: MIT */
/*
 * schema.c - the tables of sitmap's database and the migrations between
 * schema versions.
 *
 * Migration N takes a database from version N-1 to N. A database is upgraded
 * in one transaction, so a failed upgrade leaves it as it was. SpatiaLite's
 * management functions (InitSpatialMetaData, AddGeometryColumn, ...) report
 * failure by returning 0, not by an error, so every SELECT step of a migration
 * must return a true value. Append new migrations; never edit a released one.
 */
#include "store/store_int.h"

#include <stdio.h>

#include "core/buf.h"

/* Version 1: places and their names, events, zones, control, meta. Dates are
 * ISO 8601 text; geometries EPSG:4326 with R*Tree indexes. */
static const char migration_1[] =
    "SELECT CheckSpatialMetaData() = 3 OR InitSpatialMetaData(0, 'WGS84');"
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"

    "CREATE TABLE places ("
    "  id INTEGER PRIMARY KEY,"          /* the GeoNames id where there is one */
    "  name TEXT NOT NULL,"
    "  feature_class TEXT, feature_code TEXT,"
    "  country TEXT, admin1 TEXT, admin2 TEXT,"
    "  population INTEGER NOT NULL DEFAULT 0,"
    "  precision_km REAL,"
    "  source TEXT NOT NULL DEFAULT 'geonames');"
    "SELECT AddGeometryColumn('places', 'geom', 4326, 'POINT', 'XY');"
    "SELECT CreateSpatialIndex('places', 'geom');"
    "CREATE TABLE place_names ("
    "  place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  lang TEXT,"
    "  key TEXT NOT NULL,"                /* the folded form, for look-ups */
    "  PRIMARY KEY (place_id, name));"
    "CREATE INDEX place_names_key ON place_names(key);"

    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  date TEXT NOT NULL,"
    "  date_precision INTEGER NOT NULL DEFAULT 1 CHECK (date_precision BETWEEN 1 AND 3),"
    "  type TEXT NOT NULL,"
    "  sub_type TEXT, event_type TEXT,"
    "  actor1 TEXT, actor2 TEXT, admin1 TEXT,"
    "  place TEXT, place_id INTEGER,"
    "  geo_precision INTEGER CHECK (geo_precision BETWEEN 1 AND 3),"
    "  fatalities INTEGER CHECK (fatalities >= 0),"
    "  source TEXT, url TEXT, notes TEXT,"
    "  updated INTEGER,"
    "  dataset TEXT);"
    "SELECT AddGeometryColumn('events', 'geom', 4326, 'POINT', 'XY');"
    "SELECT CreateSpatialIndex('events', 'geom');"
    "CREATE INDEX events_date ON events(date);"

    "CREATE TABLE zones ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL UNIQUE,"
    "  faction TEXT NOT NULL,"
    "  valid_from TEXT NOT NULL,"
    "  valid_to TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),"
    "  status TEXT NOT NULL DEFAULT 'held',"
    "  name TEXT, source TEXT);"
    "SELECT AddGeometryColumn('zones', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1);"
    "SELECT CreateSpatialIndex('zones', 'geom');"
    "CREATE INDEX zones_valid ON zones(valid_from, valid_to);"

    "CREATE TABLE control ("
    "  id INTEGER PRIMARY KEY,"
    "  place_key INTEGER NOT NULL,"       /* same value for every record of one place */
    "  place TEXT NOT NULL,"
    "  name_key TEXT NOT NULL,"           /* lower(place), to find the place again */
    "  place_id INTEGER,"
    "  faction TEXT NOT NULL,"
    "  valid_from TEXT NOT NULL,"
    "  lat REAL, lon REAL,"
    "  source TEXT,"
    "  UNIQUE (place_key, valid_from));"
    "SELECT AddGeometryColumn('control', 'geom', 4326, 'POINT', 'XY');"
    "SELECT CreateSpatialIndex('control', 'geom');"
    "CREATE INDEX control_name ON control(name_key);"
    "CREATE INDEX control_day ON control(valid_from);";

/* Version 2: what the gazetteer keeps of a place (Arabic name, kind, GeoNames
 * id, curated flag), the kind of each name, names that are not places, and
 * governorate names. */
static const char migration_2[] =
    "ALTER TABLE places ADD COLUMN name_ar TEXT;"
    "ALTER TABLE places ADD COLUMN kind TEXT;"
    "ALTER TABLE places ADD COLUMN geonames_id INTEGER;"
    "ALTER TABLE places ADD COLUMN curated INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE place_names ADD COLUMN kind INTEGER NOT NULL DEFAULT 1;"
    "CREATE TABLE not_places (name TEXT PRIMARY KEY, why TEXT NOT NULL);"
    "CREATE TABLE admin1 (code TEXT PRIMARY KEY, name TEXT NOT NULL);";

/* Version 3: districts with their seats, and the ids of records merged into
 * another place (a GeoNames record merged into a curated place), so that a
 * dump loaded again finds them. */
static const char migration_3[] =
    "CREATE TABLE admin2 (code TEXT PRIMARY KEY, name TEXT NOT NULL,"
    "  seat_lat REAL NOT NULL, seat_lon REAL NOT NULL);"
    "CREATE TABLE place_ids (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL"
    "  REFERENCES places(id) ON DELETE CASCADE);";

/* Version 4: each zone's area on the ellipsoid, for legends and diffs. */
static const char migration_4[] =
    "ALTER TABLE zones ADD COLUMN area_km2 REAL;"
    "UPDATE zones SET area_km2 = ST_Area(geom, 1) / 1e6;";

/* Version 5: the other side of a zone: the faction contesting a contested
 * zone, or besieging a besieged one. */
static const char migration_5[] =
    "ALTER TABLE zones ADD COLUMN other_faction TEXT;";

/* Version 6: the UN OCHA P-code of the community a place is. */
static const char migration_6[] =
    "ALTER TABLE places ADD COLUMN pcode TEXT;";

/* Version 7: further reports of a stored event by other sources (reports.c). */
static const char migration_7[] =
    "CREATE TABLE event_reports (uid TEXT PRIMARY KEY, event_uid TEXT NOT NULL,"
    "  source TEXT, url TEXT, notes TEXT);"
    "CREATE INDEX event_reports_event ON event_reports(event_uid);";

/* Version 8: factions added on purpose (`sitmap faction add`), beside the
 * theatre's. */
static const char migration_8[] =
    "CREATE TABLE factions (id TEXT PRIMARY KEY, label TEXT NOT NULL, colour TEXT NOT NULL);";

/* Version 9: the tables defend themselves against edits made by other
 * tools (QGIS, ogr2ogr, sqlite3): a row with a date that is not a calendar
 * day, a zone status or an event type sitmap does not know is refused by
 * SQLite; a date written YYYY/MM/DD (as ogr2ogr -append writes a GeoJSON
 * date into a text column) is made ISO; a zone written without its area
 * gets it. */
#define DAY_OF(col) "replace(NEW." col ", '/', '-')"
#define NOT_A_DAY(col) "date(" DAY_OF(col) ") IS NOT " DAY_OF(col)
#define GUARD(table, when, checks) \
    "CREATE TRIGGER " table "_valid_" when " BEFORE " when " ON " table \
    " FOR EACH ROW BEGIN " checks " END;"
#define ISO(table, when, col) \
    "CREATE TRIGGER " table "_iso_" col "_" when " AFTER " when " ON " table \
    " FOR EACH ROW WHEN NEW." col " GLOB '[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]' BEGIN" \
    " UPDATE " table " SET " col " = " DAY_OF(col) " WHERE id = NEW.id; END;"
#define ZONE_CHECKS \
    "SELECT RAISE(ABORT, 'zones.valid_from: want a date, YYYY-MM-DD')" \
    " WHERE NEW.valid_from IS NULL OR " NOT_A_DAY("valid_from") ";" \
    "SELECT RAISE(ABORT, 'zones.valid_to: want a date, YYYY-MM-DD, or nothing')" \
    " WHERE NEW.valid_to IS NOT NULL AND " NOT_A_DAY("valid_to") ";" \
    "SELECT RAISE(ABORT, 'zones.status: want held, contested, besieged or claimed')" \
    " WHERE NEW.status NOT IN ('held', 'contested', 'besieged', 'claimed');" \
    "SELECT RAISE(ABORT, 'zones.faction: want a faction id')" \
    " WHERE NEW.faction IS NULL OR NEW.faction = '' OR NEW.faction GLOB '*[^A-Za-z0-9_-]*';"
#define EVENT_CHECKS \
    "SELECT RAISE(ABORT, 'events.date: want a date, YYYY-MM-DD')" \
    " WHERE " NOT_A_DAY("date") ";" \
    "SELECT RAISE(ABORT, 'events.type: want airstrike, shelling, bombing, clash, capture," \
    " ceasefire, siege, attack, chemical or other')" \
    " WHERE NEW.type NOT IN ('airstrike', 'shelling', 'bombing', 'clash', 'capture'," \
    " 'ceasefire', 'siege', 'attack', 'chemical', 'other');"
#define CONTROL_CHECKS \
    "SELECT RAISE(ABORT, 'control.valid_from: want a date, YYYY-MM-DD')" \
    " WHERE " NOT_A_DAY("valid_from") ";"
static const char migration_9[] =
    GUARD("zones", "INSERT", ZONE_CHECKS)
    GUARD("zones", "UPDATE", ZONE_CHECKS)
    GUARD("events", "INSERT", EVENT_CHECKS)
    GUARD("events", "UPDATE", EVENT_CHECKS)
    GUARD("control", "INSERT", CONTROL_CHECKS)
    GUARD("control", "UPDATE", CONTROL_CHECKS)
    ISO("zones", "INSERT", "valid_from") ISO("zones", "UPDATE", "valid_from")
    ISO("zones", "INSERT", "valid_to") ISO("zones", "UPDATE", "valid_to")
    ISO("events", "INSERT", "date") ISO("events", "UPDATE", "date")
    ISO("control", "INSERT", "valid_from") ISO("control", "UPDATE", "valid_from")
    "CREATE TRIGGER zones_area_insert AFTER INSERT ON zones"
    " FOR EACH ROW WHEN NEW.area_km2 IS NULL AND NEW.geom IS NOT NULL BEGIN"
    " UPDATE zones SET area_km2 = ST_Area(NEW.geom, 1) / 1e6 WHERE id = NEW.id; END;"
    "CREATE TRIGGER zones_area_update AFTER UPDATE OF geom ON zones"
    " FOR EACH ROW WHEN NEW.area_km2 IS OLD.area_km2 AND NEW.geom IS NOT NULL BEGIN"
    " UPDATE zones SET area_km2 = ST_Area(NEW.geom, 1) / 1e6 WHERE id = NEW.id; END;";

/* Version 10: import batches (batches.c). Each record carries the batch
 * that last wrote it; a record a batch replaces or deletes is kept in the
 * table's *_replaced twin (its columns, then the batch that replaced it), so
 * that undoing the batch puts it back. A migration that adds a column to
 * events, zones, control or event_reports adds it to the twin too. Events
 * also keep the source's columns sitmap has no field for (attrs, a JSON
 * object of column name to text), so an ACLED file comes back whole. */
#define TWIN(t) \
    "CREATE TABLE " t "_replaced AS SELECT * FROM " t " WHERE 0;" \
    "ALTER TABLE " t "_replaced ADD COLUMN replaced_by INTEGER NOT NULL DEFAULT 0;" \
    "CREATE INDEX " t "_replaced_by ON " t "_replaced(replaced_by);" \
    "CREATE INDEX " t "_replaced_batch ON " t "_replaced(batch);" \
    "CREATE INDEX " t "_batch ON " t "(batch);"
static const char migration_10[] =
    "ALTER TABLE events ADD COLUMN attrs TEXT;"
    "ALTER TABLE events ADD COLUMN batch INTEGER;"
    "ALTER TABLE zones ADD COLUMN batch INTEGER;"
    "ALTER TABLE control ADD COLUMN batch INTEGER;"
    "ALTER TABLE event_reports ADD COLUMN batch INTEGER;"
    "CREATE TABLE batches (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
    "  file TEXT, sha256 TEXT, label TEXT, note TEXT, user TEXT, started TEXT NOT NULL,"
    "  rows INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL DEFAULT 0,"
    "  updated INTEGER NOT NULL DEFAULT 0, same INTEGER NOT NULL DEFAULT 0,"
    "  kept INTEGER NOT NULL DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0,"
    "  restored INTEGER NOT NULL DEFAULT 0, undone_by INTEGER);"
    "CREATE INDEX batches_sha256 ON batches(sha256);"
    TWIN("events") TWIN("zones") TWIN("control") TWIN("event_reports");

static const char *const migrations[SM_STORE_SCHEMA_VERSION] = {
    migration_1,
    migration_2,
    migration_3,
    migration_4,
    migration_5,
    migration_6,
    migration_7,
    migration_8,
    migration_9,
    migration_10,
};

/* The tables with a geometry column "geom" and an R*Tree index on it. */
static const char *const spatial_tables[] = { "places", "events", "zones", "control" };

/* SpatiaLite 5's index triggers call RTreeAlign(), which formats and parses
 * a new SQL statement for every row (a third of an import's time), and its
 * tm* triggers stamp geometry_columns_time with the clock on every change
 * (so the same data never give the same file). Keep its index tables and
 * metadata, so other tools still find the index, and maintain the R*Tree
 * with plain SQL instead. SQLite's R*Tree rounds boxes outwards to float,
 * so each box still contains its geometry. "@" stands for the table. */
static const char spatial_triggers[] =
    "DROP TRIGGER IF EXISTS \"tmi_@_geom\";"
    "DROP TRIGGER IF EXISTS \"tmu_@_geom\";"
    "DROP TRIGGER IF EXISTS \"tmd_@_geom\";"
    "DROP TRIGGER IF EXISTS \"gii_@_geom\";"
    "DROP TRIGGER IF EXISTS \"giu_@_geom\";"
    "CREATE TRIGGER \"gii_@_geom\" AFTER INSERT ON \"@\""
    " FOR EACH ROW WHEN NEW.geom IS NOT NULL BEGIN"
    " INSERT OR REPLACE INTO \"idx_@_geom\" (pkid, xmin, xmax, ymin, ymax)"
    " VALUES (NEW.rowid, MbrMinX(NEW.geom), MbrMaxX(NEW.geom),"
    " MbrMinY(NEW.geom), MbrMaxY(NEW.geom)); END;"
    "CREATE TRIGGER \"giu_@_geom\" AFTER UPDATE OF geom ON \"@\""
    " FOR EACH ROW BEGIN"
    " DELETE FROM \"idx_@_geom\" WHERE pkid = NEW.rowid;"
    " INSERT INTO \"idx_@_geom\" (pkid, xmin, xmax, ymin, ymax)"
    " SELECT NEW.rowid, MbrMinX(NEW.geom), MbrMaxX(NEW.geom),"
    " MbrMinY(NEW.geom), MbrMaxY(NEW.geom) WHERE NEW.geom IS NOT NULL; END;";

static sm_status
replace_spatial_triggers(sm_store *db, sm_error *err)
{
    for (size_t i = 0; i < SM_LEN(spatial_tables); i++) {
        sm_buf sql = SM_BUF_INIT;
        sm_status st = SM_OK;

        for (const char *p = spatial_triggers; *p && st == SM_OK; p++)
            st = *p == '@' ? sm_buf_puts(&sql, spatial_tables[i]) : sm_buf_append(&sql, p, 1);
        if (st != SM_OK)
            return sm_fail(err, SM_ENOMEM, "out of memory");
        st = sm_store__exec(db, sm_buf_str(&sql), err);
        sm_buf_free(&sql);
        if (st != SM_OK)
            return st;
    }
    return SM_OK;
}

/* Run each statement of sql; a statement that returns a row must return a
 * true first column. */
static sm_status
run_steps(sm_store *db, const char *sql, sm_error *err)
{
    const char *tail = sql;

    while (*tail) {
        sqlite3_stmt *s = NULL;
        const char *start = tail;
        int rc = sqlite3_prepare_v2(db->db, start, -1, &s, &tail);

        if (rc != SQLITE_OK)
            return sm_store__fail(db, err, "cannot upgrade the schema");
        if (s == NULL)
            break; /* only blanks left */
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW && sqlite3_column_int(s, 0) == 0) {
            sqlite3_finalize(s);
            return sm_fail(err, SM_EDB, "%s: cannot upgrade the schema: %.*s failed",
                           db->path, (int)(tail - start), start);
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            sqlite3_finalize(s);
            return sm_store__fail(db, err, "cannot upgrade the schema");
        }
        sqlite3_finalize(s);
    }
    return SM_OK;
}

sm_status
sm_store__migrate(sm_store *db, sm_error *err)
{
    char sql[128];
    int from;

    /* the write lock first, then the version: another process may have
     * created or upgraded the schema since it was read */
    if (sm_store_begin(db, err) != SM_OK)
        return SM_EDB;
    from = db->version_found = sm_store__read_version(db);
    if (from < 0 || from >= SM_STORE_SCHEMA_VERSION) {
        sm_store_rollback(db);
        if (from == SM_STORE_SCHEMA_VERSION)
            return SM_OK;
        return from < 0 ? sm_store__fail(db, err, "cannot read")
                        : sm_fail(err, SM_EINPUT, "%s: schema version %d is newer than this"
                                  " sitmap knows (%d); use a newer sitmap", db->path, from,
                                  SM_STORE_SCHEMA_VERSION);
    }
    for (int v = from + 1; v <= SM_STORE_SCHEMA_VERSION; v++) {
        if (run_steps(db, migrations[v - 1], err) != SM_OK)
            goto fail;
    }
    if (replace_spatial_triggers(db, err) != SM_OK)
        goto fail;
    snprintf(sql, sizeof(sql),
             "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '%d')",
             SM_STORE_SCHEMA_VERSION);
    if (sm_store__exec(db, sql, err) != SM_OK)
        goto fail;
    return sm_store_commit(db, err);
fail:
    sm_store_rollback(db);
    return SM_EDB;
}
