/* SPDX-License-Identifier: MIT */
/*
 * events.c - event types, writing events (upsert on the stable uid) and
 * reading them back by date.
 *
 * An update keeps the newer record: ACLED republishes a corrected event with
 * the same event_id_cnty and a newer timestamp, so an input older than what
 * is stored is ignored (SM_PUT_KEPT).
 */
#include "store/store_int.h"

#include <stdio.h>

#include <string.h>
#include <strings.h>

static const char *const type_names[SM_EVENT_TYPE_COUNT] = {
    "airstrike", "shelling", "bombing", "clash", "capture",
    "ceasefire", "siege", "attack", "chemical", "other",
};

/* Words newsrooms and other datasets use for sitmap's types. */
static const struct {
    const char *word;
    sm_event_type type;
} synonyms[] = {
    { "air strike", SM_EVENT_AIRSTRIKE }, { "air strikes", SM_EVENT_AIRSTRIKE },
    { "airstrikes", SM_EVENT_AIRSTRIKE }, { "air raid", SM_EVENT_AIRSTRIKE },
    { "drone strike", SM_EVENT_AIRSTRIKE },
    { "artillery", SM_EVENT_SHELLING }, { "shelling/artillery", SM_EVENT_SHELLING },
    { "missile", SM_EVENT_SHELLING }, { "rocket", SM_EVENT_SHELLING },
    { "bomb", SM_EVENT_BOMBING }, { "car bomb", SM_EVENT_BOMBING },
    { "suicide bombing", SM_EVENT_BOMBING }, { "ied", SM_EVENT_BOMBING },
    { "explosion", SM_EVENT_BOMBING },
    { "clashes", SM_EVENT_CLASH }, { "battle", SM_EVENT_CLASH },
    { "fighting", SM_EVENT_CLASH }, { "armed clash", SM_EVENT_CLASH },
    { "offensive", SM_EVENT_CLASH },
    { "captured", SM_EVENT_CAPTURE }, { "takeover", SM_EVENT_CAPTURE },
    { "agreement", SM_EVENT_CEASEFIRE }, { "truce", SM_EVENT_CEASEFIRE },
    { "evacuation", SM_EVENT_CEASEFIRE },
    { "besieged", SM_EVENT_SIEGE },
    { "chemical weapon", SM_EVENT_CHEMICAL },
};

const char *
sm_event_type_name(sm_event_type t)
{
    return (unsigned)t < SM_EVENT_TYPE_COUNT ? type_names[t] : "other";
}

bool
sm_event_type_parse(const char *text, sm_event_type *out)
{
    char word[48];
    size_t n = 0;

    if (text == NULL)
        return false;
    while (*text == ' ')
        text++;
    while (text[n] && n < sizeof(word) - 1) {
        word[n] = text[n];
        n++;
    }
    if (text[n])
        return false;
    while (n > 0 && word[n - 1] == ' ')
        n--;
    word[n] = '\0';
    for (int i = 0; i < SM_EVENT_TYPE_COUNT; i++) {
        if (strcasecmp(word, type_names[i]) == 0) {
            *out = (sm_event_type)i;
            return true;
        }
    }
    for (size_t i = 0; i < SM_LEN(synonyms); i++) {
        if (strcasecmp(word, synonyms[i].word) == 0) {
            *out = synonyms[i].type;
            return true;
        }
    }
    return false;
}

static const char event_put_sql[] =
    "INSERT INTO events (uid, date, date_precision, type, sub_type, event_type,"
    " actor1, actor2, admin1, place, place_id, geo_precision, fatalities,"
    " source, url, notes, updated, dataset, geom, attrs, batch)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17, ?18, MakePoint(?19, ?20, 4326), ?21, ?22)"
    " ON CONFLICT (uid) DO UPDATE SET date = excluded.date,"
    " date_precision = excluded.date_precision, type = excluded.type,"
    " sub_type = excluded.sub_type, event_type = excluded.event_type,"
    " actor1 = excluded.actor1, actor2 = excluded.actor2, admin1 = excluded.admin1,"
    " place = excluded.place, place_id = excluded.place_id,"
    " geo_precision = excluded.geo_precision, fatalities = excluded.fatalities,"
    " source = excluded.source, url = excluded.url, notes = excluded.notes,"
    " updated = excluded.updated, dataset = excluded.dataset, geom = excluded.geom,"
    " attrs = coalesce(excluded.attrs, events.attrs), batch = excluded.batch"
    /* Rewrite only what changed: an unchanged row costs no write and no
     * index update, so re-importing a whole export is cheap. */
    " WHERE events.date IS NOT excluded.date"
    " OR events.date_precision IS NOT excluded.date_precision"
    " OR events.type IS NOT excluded.type OR events.sub_type IS NOT excluded.sub_type"
    " OR events.event_type IS NOT excluded.event_type"
    " OR events.actor1 IS NOT excluded.actor1 OR events.actor2 IS NOT excluded.actor2"
    " OR events.admin1 IS NOT excluded.admin1 OR events.place IS NOT excluded.place"
    " OR events.place_id IS NOT excluded.place_id"
    " OR events.geo_precision IS NOT excluded.geo_precision"
    " OR events.fatalities IS NOT excluded.fatalities"
    " OR events.source IS NOT excluded.source OR events.url IS NOT excluded.url"
    " OR events.notes IS NOT excluded.notes OR events.updated IS NOT excluded.updated"
    " OR events.dataset IS NOT excluded.dataset OR events.geom IS NOT excluded.geom"
    /* a source with no columns beyond sitmap's keeps those stored */
    " OR (excluded.attrs IS NOT NULL AND events.attrs IS NOT excluded.attrs)";

/* A row of a bulk load whose uid the batch has not stored: the columns of
 * event_put_sql, the check of the uid's uniqueness made before anything is
 * written (so a refused row leaves no trace, and the upsert then decides). */
static const char event_insert_sql[] =
    "INSERT OR FAIL INTO events (uid, date, date_precision, type, sub_type, event_type,"
    " actor1, actor2, admin1, place, place_id, geo_precision, fatalities,"
    " source, url, notes, updated, dataset, geom, attrs, batch)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17, ?18, MakePoint(?19, ?20, 4326), ?21, ?22)";

/* A stored text column holds what sm_store__bind_text stores for text. */
static bool
same_text(sqlite3_stmt *s, int i, const char *text)
{
    size_t n;

    if (text == NULL || *text == '\0')
        return sqlite3_column_type(s, i) == SQLITE_NULL;
    if (sqlite3_column_type(s, i) != SQLITE_TEXT)
        return false;
    n = strlen(text);
    return (size_t)sqlite3_column_bytes(s, i) == n &&
           memcmp(sqlite3_column_text(s, i), text, n) == 0;
}

/* A stored integer column holds v, or NULL when null. */
static bool
same_int(sqlite3_stmt *s, int i, bool null, int64_t v)
{
    if (null)
        return sqlite3_column_type(s, i) == SQLITE_NULL;
    return sqlite3_column_type(s, i) == SQLITE_INTEGER && sqlite3_column_int64(s, i) == v;
}

/* SpatiaLite's blob of MakePoint(lon, lat, 4326): a 2D point of SRID 4326,
 * little-endian, its MBR the point (60 bytes); the doubles are copied as
 * the host holds them, so a big-endian host finds no blob the same and
 * leaves the comparison to the upsert. */
enum { POINT_BLOB_LEN = 60 };

static void
point_blob(double lon, double lat, unsigned char out[POINT_BLOB_LEN])
{
    int32_t srid = 4326, cls = 1;

    out[0] = 0x00;
    out[1] = 0x01;
    memcpy(out + 2, &srid, 4);
    memcpy(out + 6, &lon, 8);
    memcpy(out + 14, &lat, 8);
    memcpy(out + 22, &lon, 8);
    memcpy(out + 30, &lat, 8);
    out[38] = 0x7C;
    memcpy(out + 39, &cls, 4);
    memcpy(out + 43, &lon, 8);
    memcpy(out + 51, &lat, 8);
    out[59] = 0xFE;
}

/* Whether the stored row (the columns of find_sql from 1) holds what
 * event_put_sql would write for ev: the upsert's WHERE would find nothing
 * to change. False when not sure (the upsert then decides). */
static bool
stored_same(sqlite3_stmt *s, const sm_event *ev)
{
    char iso[SM_DAY_ISO_LEN];
    unsigned char blob[POINT_BLOB_LEN];

    if (ev->day == SM_DAY_NONE || ev->day == SM_DAY_OPEN ||
        !same_text(s, 1, sm_day_format(ev->day, iso)) ||
        !same_int(s, 2, false, ev->date_precision ? (int)ev->date_precision : 1) ||
        !same_text(s, 3, sm_event_type_name(ev->type)) || !same_text(s, 4, ev->sub_type) ||
        !same_text(s, 5, ev->event_type) || !same_text(s, 6, ev->actor1) ||
        !same_text(s, 7, ev->actor2) || !same_text(s, 8, ev->admin1) ||
        !same_text(s, 9, ev->place) || !same_int(s, 10, ev->place_id == 0, ev->place_id) ||
        !same_int(s, 11, ev->geo_precision == 0, ev->geo_precision) ||
        !same_int(s, 12, ev->fatalities < 0, ev->fatalities) ||
        !same_text(s, 13, ev->source) || !same_text(s, 14, ev->url) ||
        !same_text(s, 15, ev->notes) || !same_int(s, 0, ev->updated == 0, ev->updated) ||
        !same_text(s, 16, ev->dataset))
        return false;
    /* a source with no columns beyond sitmap's keeps the attrs stored */
    if (ev->attrs && *ev->attrs && !same_text(s, 18, ev->attrs))
        return false;
    if (!ev->has_point)
        return sqlite3_column_type(s, 17) == SQLITE_NULL;
    point_blob(ev->lon_deg, ev->lat_deg, blob);
    return sqlite3_column_type(s, 17) == SQLITE_BLOB &&
           sqlite3_column_bytes(s, 17) == POINT_BLOB_LEN &&
           memcmp(sqlite3_column_blob(s, 17), blob, POINT_BLOB_LEN) == 0;
}

static const char find_sql[] =
    "SELECT updated, date, date_precision, type, sub_type, event_type, actor1, actor2,"
    " admin1, place, place_id, geo_precision, fatalities, source, url, notes, dataset,"
    " geom, attrs FROM events WHERE uid = ?1";

/* Whether an event with this uid is stored, and its `updated` stamp; with
 * ev, *same says whether the stored row holds what ev would write. */
static sm_status
find_event(sm_store *db, const char *uid, const sm_event *ev, bool *found, int64_t *updated,
           bool *same, sm_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if (sm_store__prepare(db, &db->event_find, find_sql, err) != SM_OK)
        return SM_EDB;
    s = db->event_find;
    sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    *found = rc == SQLITE_ROW;
    *updated = *found ? sqlite3_column_int64(s, 0) : 0;
    if (same)
        *same = *found && stored_same(s, ev);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot look up an event");
    return SM_OK;
}

sm_status
sm_store_event_exists(sm_store *db, const char *uid, bool *found, sm_error *err)
{
    int64_t updated;

    return find_event(db, uid, NULL, found, &updated, NULL, err);
}

sm_status
sm_store_event_delete(sm_store *db, const char *uid, int64_t stamp, bool *deleted,
                      sm_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc;

    if (deleted)
        *deleted = false;
    if (sm_store__bulk_end(db, err) != SM_OK)
        return SM_EDB;
    if (sm_store__prepare(db, &s, "DELETE FROM events WHERE uid = ?1 AND"
                          " (?2 = 0 OR coalesce(updated, 0) <= ?2)", err) != SM_OK)
        return SM_EDB;
    sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, stamp);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot delete an event");
    if (sqlite3_changes(db->db) == 0)
        return SM_OK;
    if (deleted)
        *deleted = true;
    s = NULL;
    if (sm_store__prepare(db, &s, "DELETE FROM event_reports WHERE event_uid = ?1", err) != SM_OK)
        return SM_EDB;
    sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SM_OK : sm_store__fail(db, err, "cannot delete an event");
}

static void
bind_nonzero(sqlite3_stmt *s, int i, int64_t v)
{
    if (v == 0)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_int64(s, i, v);
}

/* As sm_store__bind_text, without a copy: text must outlive the step. */
static void
bind_static(sqlite3_stmt *s, int i, const char *text)
{
    if (text == NULL || *text == '\0')
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
}

/* Every parameter of event_put_sql (and event_insert_sql) bound, ev's texts
 * without a copy: they must outlive the step. */
static void
bind_event(sm_store *db, sqlite3_stmt *s, const sm_event *ev, char iso[SM_DAY_ISO_LEN])
{
    bind_static(s, 1, ev->uid);
    bind_static(s, 2, ev->day == SM_DAY_NONE || ev->day == SM_DAY_OPEN ? NULL
                                                                      : sm_day_format(ev->day, iso));
    sqlite3_bind_int(s, 3, ev->date_precision ? (int)ev->date_precision : 1);
    sqlite3_bind_text(s, 4, sm_event_type_name(ev->type), -1, SQLITE_STATIC);
    bind_static(s, 5, ev->sub_type);
    bind_static(s, 6, ev->event_type);
    bind_static(s, 7, ev->actor1);
    bind_static(s, 8, ev->actor2);
    bind_static(s, 9, ev->admin1);
    bind_static(s, 10, ev->place);
    bind_nonzero(s, 11, ev->place_id);
    bind_nonzero(s, 12, ev->geo_precision);
    if (ev->fatalities >= 0)
        sqlite3_bind_int(s, 13, ev->fatalities);
    else
        sqlite3_bind_null(s, 13);
    bind_static(s, 14, ev->source);
    bind_static(s, 15, ev->url);
    bind_static(s, 16, ev->notes);
    bind_nonzero(s, 17, ev->updated);
    bind_static(s, 18, ev->dataset);
    if (ev->has_point) {
        sqlite3_bind_double(s, 19, ev->lon_deg);
        sqlite3_bind_double(s, 20, ev->lat_deg);
    } else {
        sqlite3_bind_null(s, 19);
        sqlite3_bind_null(s, 20);
    }
    bind_static(s, 21, ev->attrs);
    sm_store__bind_batch(db, s, 22);
}

/* In a bulk load, a row whose uid is new is inserted without the look-up
 * and the upsert: true when it was (the table was empty when the batch
 * began, so only a row of this batch can hold the uid). */
static bool
bulk_insert(sm_store *db, const sm_event *ev)
{
    char iso[SM_DAY_ISO_LEN];
    sqlite3_stmt *s;
    sm_error ignored = { 0 };
    int rc;

    if (sm_store__prepare(db, &db->event_insert, event_insert_sql, &ignored) != SM_OK)
        return false;
    s = db->event_insert;
    bind_event(db, s, ev, iso);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE;
}

sm_status
sm_store_event_put(sm_store *db, const sm_event *ev, sm_put_result *res, sm_error *err)
{
    char iso[SM_DAY_ISO_LEN];
    sqlite3_stmt *s;
    bool found, same;
    int64_t stored_updated;
    sm_put_result result;
    int rc;

    if (sm_store__bulk_maybe(db, err) != SM_OK)
        return SM_EDB;
    /* a uid the batch has stored, or any other refusal: as below */
    if (db->bulk && bulk_insert(db, ev)) {
        if (res)
            *res = SM_PUT_NEW;
        return SM_OK;
    }
    if (find_event(db, ev->uid, ev, &found, &stored_updated, &same, err) != SM_OK)
        return SM_EDB;
    result = found ? SM_PUT_UPDATED : SM_PUT_NEW;
    if (found && ev->updated != 0 && stored_updated != 0 && ev->updated < stored_updated)
        result = SM_PUT_KEPT;
    /* an unchanged row (a file imported again) is found so, without the
     * upsert's second look-up and comparison */
    else if (same)
        result = SM_PUT_SAME;
    if (res)
        *res = result;
    if (result == SM_PUT_KEPT || result == SM_PUT_SAME)
        return SM_OK;
    if (sm_store__prepare(db, &db->event_put, event_put_sql, err) != SM_OK)
        return SM_EDB;
    s = db->event_put;
    sqlite3_reset(s);
    bind_event(db, s, ev, iso);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot store an event");
    if (res && found && sqlite3_changes(db->db) == 0)
        *res = SM_PUT_SAME;
    return SM_OK;
}

static sm_status
events_open(sm_store *db, const char *columns, const char *order, sm_day from, sm_day to,
            sm_store_cursor **out, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    char sql[2048];

    /* both bounds on the date index ("" when there is no lower one): an
     * "?1 IS NULL OR" took the lower bound off the index, and a window
     * read every row from the table's first date up to its end */
    snprintf(sql, sizeof(sql),
             "SELECT %s FROM events WHERE date >= ?1 AND date <= ?2 ORDER BY %s", columns,
             order);
    *out = NULL;
    if (sm_store__prepare(db, &s, sql, err) != SM_OK)
        return SM_EDB;
    sm_store__bind_day(s, 1, from);
    if (from == SM_DAY_NONE || from == SM_DAY_OPEN)
        sqlite3_bind_text(s, 1, "", 0, SQLITE_STATIC);
    sm_store__bind_day(s, 2, to);
    if (to == SM_DAY_NONE || to == SM_DAY_OPEN)
        sqlite3_bind_text(s, 2, "9999-12-31", -1, SQLITE_STATIC);
    return sm_store__cursor_new(db, s, out, err);
}

sm_status
sm_store_events_open(sm_store *db, sm_day from, sm_day to, sm_store_cursor **out,
                     sm_error *err)
{
    return events_open(db,
                       "uid, date, date_precision, type, sub_type, event_type, actor1, actor2,"
                       " admin1, place, place_id, geo_precision, fatalities,"
                       " CASE WHEN EXISTS (SELECT 1 FROM event_reports r"
                       "  WHERE r.event_uid = events.uid)"
                       " THEN (SELECT group_concat(s, '; ') FROM"
                       "  (SELECT events.source AS s WHERE events.source IS NOT NULL"
                       "   UNION ALL SELECT DISTINCT r.source FROM event_reports r"
                       "   WHERE r.event_uid = events.uid AND r.source IS NOT NULL"
                       "   AND r.source IS NOT events.source))"
                       " ELSE events.source END, url, notes,"
                       " updated, dataset, geom, attrs",
                       "date, uid", from, to, out, err);
}

/* The same rows with only what a map shows and names (the uid, for the
 * SVG's ids): the other columns are NULL; in the order of the date index
 * (date, then row), which needs no sort. */
sm_status
sm_store_events_open_marks(sm_store *db, sm_day from, sm_day to, sm_store_cursor **out,
                           sm_error *err)
{
    return events_open(db,
                       "uid, date, NULL, type, NULL, NULL, NULL, NULL, NULL, NULL, place_id,"
                       " geo_precision, fatalities, NULL, NULL, NULL, NULL, NULL, geom, NULL",
                       "date, id", from, to, out, err);
}

static const char *
col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

sm_status
sm_store_events_next(sm_store_cursor *cur, sm_event *ev, sm_error *err)
{
    sqlite3_stmt *s = cur->stmt;
    sm_status st = sm_store__cursor_step(cur, err);

    if (st != SM_OK)
        return st;
    memset(ev, 0, sizeof(*ev));
    ev->uid = col_text(s, 0);
    ev->day = sm_store__column_day(s, 1, SM_DAY_NONE);
    ev->date_precision = (sm_precision)sqlite3_column_int(s, 2);
    if (!sm_event_type_parse(col_text(s, 3), &ev->type))
        ev->type = SM_EVENT_OTHER;
    ev->sub_type = col_text(s, 4);
    ev->event_type = col_text(s, 5);
    ev->actor1 = col_text(s, 6);
    ev->actor2 = col_text(s, 7);
    ev->admin1 = col_text(s, 8);
    ev->place = col_text(s, 9);
    ev->place_id = sqlite3_column_int64(s, 10);
    ev->geo_precision = (sm_precision)sqlite3_column_int(s, 11);
    ev->fatalities = sqlite3_column_type(s, 12) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 12);
    ev->source = col_text(s, 13);
    ev->url = col_text(s, 14);
    ev->notes = col_text(s, 15);
    ev->updated = sqlite3_column_int64(s, 16);
    ev->dataset = col_text(s, 17);
    ev->has_point = sm_store__column_point(s, 18, &ev->lon_deg, &ev->lat_deg);
    ev->attrs = col_text(s, 19);
    return SM_OK;
}
