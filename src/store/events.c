/* SPDX-License-Identifier: MIT */
/*
 * events.c - event types, writing events (upsert on the stable uid) and
 * reading them back by date.
 *
 * An update keeps the newer record: ACLED republishes a corrected event with
 * the same event_id_cnty and a newer timestamp, so an input older than what
 * is stored is ignored (SM_PUT_KEPT).
 */
#include "store/sql.h"
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

/* The columns every write of an event names, and their parameters: the
 * point's (?19, ?20) spliced in as the dialect makes a point. */
#define EVENT_COLUMNS \
    " INTO events (uid, date, date_precision, type, sub_type, event_type," \
    " actor1, actor2, admin1, place, place_id, geo_precision, fatalities," \
    " source, url, notes, updated, dataset, geom, attrs, batch)" \
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15," \
    " ?16, ?17, ?18, %s, ?21, ?22)"

static const char event_put_sql[] =
    "INSERT" EVENT_COLUMNS
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
    " WHERE events.date IS DISTINCT FROM excluded.date"
    " OR events.date_precision IS DISTINCT FROM excluded.date_precision"
    " OR events.type IS DISTINCT FROM excluded.type"
    " OR events.sub_type IS DISTINCT FROM excluded.sub_type"
    " OR events.event_type IS DISTINCT FROM excluded.event_type"
    " OR events.actor1 IS DISTINCT FROM excluded.actor1"
    " OR events.actor2 IS DISTINCT FROM excluded.actor2"
    " OR events.admin1 IS DISTINCT FROM excluded.admin1"
    " OR events.place IS DISTINCT FROM excluded.place"
    " OR events.place_id IS DISTINCT FROM excluded.place_id"
    " OR events.geo_precision IS DISTINCT FROM excluded.geo_precision"
    " OR events.fatalities IS DISTINCT FROM excluded.fatalities"
    " OR events.source IS DISTINCT FROM excluded.source"
    " OR events.url IS DISTINCT FROM excluded.url"
    " OR events.notes IS DISTINCT FROM excluded.notes"
    " OR events.updated IS DISTINCT FROM excluded.updated"
    " OR events.dataset IS DISTINCT FROM excluded.dataset"
    " OR events.geom IS DISTINCT FROM excluded.geom"
    /* a source with no columns beyond sitmap's keeps those stored */
    " OR (excluded.attrs IS NOT NULL AND events.attrs IS DISTINCT FROM excluded.attrs)";

/* A row of a bulk load whose uid the batch has not stored: the columns of
 * event_put_sql, the check of the uid's uniqueness made before anything is
 * written (so a refused row leaves no trace, and the upsert then decides). */
static const char event_insert_sql[] = "%s" EVENT_COLUMNS;

/* A statement kept for the handle's life in *kept, prepared on first use
 * from fmt, its %s (after the INSERT verb's, with verb) the dialect's point. */
static sm_status
prepare_kept(sm_store *db, sm_sql_stmt **kept, const char *fmt, const char *verb,
             sm_error *err)
{
    char sql[2600], point[64];

    if (*kept)
        return SM_OK;
    snprintf(point, sizeof(point), sm_sql_dialect(db, SM_SQL_POINT_IN), 19, 20);
    if (verb)
        snprintf(sql, sizeof(sql), fmt, verb, point);
    else
        snprintf(sql, sizeof(sql), fmt, point);
    return sm_sql_prepare_kept(db, kept, sql, err);
}

/* A stored text column holds what sm_sql_bind_text stores for text. */
static bool
same_text(sm_sql_stmt *s, int i, const char *text)
{
    size_t n;

    if (text == NULL || *text == '\0')
        return sm_sql_column_kind(s, i) == SM_SQL_NULL;
    if (sm_sql_column_kind(s, i) != SM_SQL_TEXT)
        return false;
    n = strlen(text);
    return sm_sql_column_bytes(s, i) == n && memcmp(sm_sql_column_text(s, i), text, n) == 0;
}

/* A stored integer column holds v, or NULL when null. */
static bool
same_int(sm_sql_stmt *s, int i, bool null, int64_t v)
{
    if (null)
        return sm_sql_column_kind(s, i) == SM_SQL_NULL;
    return sm_sql_column_kind(s, i) == SM_SQL_INT && sm_sql_column_int64(s, i) == v;
}

/* Whether the stored row (the columns of find_sql from 1) holds what
 * event_put_sql would write for ev: the upsert's WHERE would find nothing
 * to change. False when not sure (the upsert then decides). */
static bool
stored_same(sm_sql_stmt *s, const sm_event *ev)
{
    char iso[SM_DAY_ISO_LEN];

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
        return sm_sql_column_kind(s, 17) == SM_SQL_NULL;
    return sm_sql_column_is_point(s, 17, ev->lon_deg, ev->lat_deg);
}

static const char find_sql[] =
    "SELECT updated, date, date_precision, type, sub_type, event_type, actor1, actor2,"
    " admin1, place, place_id, geo_precision, fatalities, source, url, notes, dataset,"
    " %s, attrs FROM events WHERE uid = ?1";

/* Whether an event with this uid is stored, and its `updated` stamp; with
 * ev, *same says whether the stored row holds what ev would write. */
static sm_status
find_event(sm_store *db, const char *uid, const sm_event *ev, bool *found, int64_t *updated,
           bool *same, sm_error *err)
{
    sm_sql_stmt *s;
    sm_status st;

    if (db->event_find == NULL) {
        char sql[400];
        snprintf(sql, sizeof(sql), find_sql, sm_sql_dialect(db, SM_SQL_POINT_OUT));
        if ((st = sm_sql_prepare_kept(db, &db->event_find, sql, err)) != SM_OK)
            return st;
    }
    s = db->event_find;
    sm_sql_bind_text_static(s, 1, uid);
    st = sm_sql_step(s, err);
    *found = st == SM_OK;
    *updated = *found ? sm_sql_column_int64(s, 0) : 0;
    if (same)
        *same = *found && stored_same(s, ev);
    sm_sql_reset(s);
    if (st != SM_OK && st != SM_ENOTFOUND)
        return sm_store__failed(db, err, st, "cannot look up an event");
    return SM_OK;
}

sm_status
sm_store_event_exists(sm_store *db, const char *uid, bool *found, sm_error *err)
{
    int64_t updated;

    return find_event(db, uid, NULL, found, &updated, NULL, err);
}

/* Run sql with uid as ?1 (and stamp as ?2, when the SQL names it); its
 * rows changed in *changes. */
static sm_status
run_on_uid(sm_store *db, const char *sql, const char *uid, int64_t stamp, long *changes,
           sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    sm_sql_bind_text_static(s, 1, uid);
    if (strstr(sql, "?2"))
        sm_sql_bind_int64(s, 2, stamp);
    st = sm_sql_step(s, err);
    *changes = sm_sql_changes(s);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND || st == SM_OK ? SM_OK
                                             : sm_store__failed(db, err, st, "cannot delete an event");
}

sm_status
sm_store_event_delete(sm_store *db, const char *uid, int64_t stamp, bool *deleted,
                      sm_error *err)
{
    long changes = 0;
    sm_status st;

    if (deleted)
        *deleted = false;
    if (sm_store__bulk_end(db, err) != SM_OK)
        return SM_EDB;
    /* the stamp compared with the column first: PostgreSQL takes the
     * parameter's type (bigint) from there */
    if ((st = run_on_uid(db, "DELETE FROM events WHERE uid = ?1 AND"
                         " (coalesce(updated, 0) <= ?2 OR ?2 = 0)", uid, stamp, &changes,
                         err)) != SM_OK)
        return st;
    if (changes == 0)
        return SM_OK;
    if (deleted)
        *deleted = true;
    return run_on_uid(db, "DELETE FROM event_reports WHERE event_uid = ?1", uid, 0, &changes,
                      err);
}

static void
bind_nonzero(sm_sql_stmt *s, int i, int64_t v)
{
    if (v == 0)
        sm_sql_bind_null(s, i);
    else
        sm_sql_bind_int64(s, i, v);
}

/* Every parameter of event_put_sql (and event_insert_sql) bound, ev's texts
 * without a copy on a file: they must outlive the step. */
static void
bind_event(sm_store *db, sm_sql_stmt *s, const sm_event *ev, char iso[SM_DAY_ISO_LEN])
{
    sm_sql_bind_text_static(s, 1, ev->uid);
    sm_sql_bind_text_static(s, 2, ev->day == SM_DAY_NONE || ev->day == SM_DAY_OPEN
                                      ? NULL : sm_day_format(ev->day, iso));
    sm_sql_bind_int64(s, 3, ev->date_precision ? (int)ev->date_precision : 1);
    sm_sql_bind_text_static(s, 4, sm_event_type_name(ev->type));
    sm_sql_bind_text_static(s, 5, ev->sub_type);
    sm_sql_bind_text_static(s, 6, ev->event_type);
    sm_sql_bind_text_static(s, 7, ev->actor1);
    sm_sql_bind_text_static(s, 8, ev->actor2);
    sm_sql_bind_text_static(s, 9, ev->admin1);
    sm_sql_bind_text_static(s, 10, ev->place);
    bind_nonzero(s, 11, ev->place_id);
    bind_nonzero(s, 12, ev->geo_precision);
    if (ev->fatalities >= 0)
        sm_sql_bind_int64(s, 13, ev->fatalities);
    else
        sm_sql_bind_null(s, 13);
    sm_sql_bind_text_static(s, 14, ev->source);
    sm_sql_bind_text_static(s, 15, ev->url);
    sm_sql_bind_text_static(s, 16, ev->notes);
    bind_nonzero(s, 17, ev->updated);
    sm_sql_bind_text_static(s, 18, ev->dataset);
    if (ev->has_point) {
        sm_sql_bind_double(s, 19, ev->lon_deg);
        sm_sql_bind_double(s, 20, ev->lat_deg);
    } else {
        sm_sql_bind_null(s, 19);
        sm_sql_bind_null(s, 20);
    }
    sm_sql_bind_text_static(s, 21, ev->attrs);
    sm_store__bind_batch_sql(db, s, 22);
}

/* A text as bind_text stores it: "" as NULL. */
static void
row_text(struct sm_sql_rows *r, const char *t)
{
    sm_sql_rows_text(r, t && *t ? t : NULL);
}

static void
row_nonzero(struct sm_sql_rows *r, int64_t v)
{
    if (v)
        sm_sql_rows_int64(r, v);
    else
        sm_sql_rows_null(r);
}

/* ev as a row of a bulk load's writer (SM_STORE_BULK_EVENT_COLUMNS), the
 * same values bind_event binds. */
static sm_status
bulk_row(sm_store *db, struct sm_sql_rows *r, const sm_event *ev, sm_error *err)
{
    char iso[SM_DAY_ISO_LEN];

    row_text(r, ev->uid);
    row_text(r, ev->day == SM_DAY_NONE || ev->day == SM_DAY_OPEN ? NULL
                                                                 : sm_day_format(ev->day, iso));
    sm_sql_rows_int64(r, ev->date_precision ? (int)ev->date_precision : 1);
    row_text(r, sm_event_type_name(ev->type));
    row_text(r, ev->sub_type);
    row_text(r, ev->event_type);
    row_text(r, ev->actor1);
    row_text(r, ev->actor2);
    row_text(r, ev->admin1);
    row_text(r, ev->place);
    row_nonzero(r, ev->place_id);
    row_nonzero(r, ev->geo_precision);
    if (ev->fatalities >= 0)
        sm_sql_rows_int64(r, ev->fatalities);
    else
        sm_sql_rows_null(r);
    row_text(r, ev->source);
    row_text(r, ev->url);
    row_text(r, ev->notes);
    row_nonzero(r, ev->updated);
    row_text(r, ev->dataset);
    if (ev->has_point)
        sm_sql_rows_point(r, ev->lon_deg, ev->lat_deg);
    else
        sm_sql_rows_null(r);
    row_text(r, ev->attrs);
    row_nonzero(r, db->batch);
    return sm_sql_rows_row_end(r, err);
}

/* In a bulk load, a row whose uid is new is inserted without the look-up
 * and the upsert: true when it was (the table was empty when the batch
 * began, so only a row of this batch can hold the uid). */
static bool
bulk_insert(sm_store *db, const sm_event *ev)
{
    char iso[SM_DAY_ISO_LEN];
    sm_sql_stmt *s;
    sm_error ignored = { 0 };
    sm_status st;

    if (prepare_kept(db, &db->event_insert, event_insert_sql,
                     sm_sql_dialect(db, SM_SQL_INSERT_NEW), &ignored) != SM_OK)
        return false;
    s = db->event_insert;
    bind_event(db, s, ev, iso);
    st = sm_sql_step(s, &ignored);
    sm_sql_reset(s);
    return st == SM_ENOTFOUND;
}

sm_status
sm_store_event_put(sm_store *db, const sm_event *ev, sm_put_result *res, sm_error *err)
{
    char iso[SM_DAY_ISO_LEN];
    sm_sql_stmt *s;
    bool found, same;
    int64_t stored_updated;
    sm_put_result result;
    sm_status st;

    sm_bulk_way way;
    struct sm_sql_rows *rows;

    if (sm_store__bulk_maybe(db, err) != SM_OK ||
        sm_store__bulk_event(db, ev->uid, &way, &rows, err) != SM_OK)
        return SM_EDB;
    if (way == SM_BULK_ROWS) {
        if ((st = bulk_row(db, rows, ev, err)) != SM_OK)
            return sm_store__failed(db, err, st, "cannot store an event");
        if (res)
            *res = SM_PUT_NEW;
        return SM_OK;
    }
    /* a uid the batch has stored, or any other refusal: as below */
    if (way == SM_BULK_INSERT && bulk_insert(db, ev)) {
        if (res)
            *res = SM_PUT_NEW;
        return SM_OK;
    }
    if ((st = find_event(db, ev->uid, ev, &found, &stored_updated, &same, err)) != SM_OK)
        return st;
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
    if ((st = prepare_kept(db, &db->event_put, event_put_sql, NULL, err)) != SM_OK)
        return st;
    s = db->event_put;
    sm_sql_reset(s);
    bind_event(db, s, ev, iso);
    st = sm_sql_step(s, err);
    sm_sql_reset(s);
    if (st != SM_ENOTFOUND && st != SM_OK)
        return sm_store__failed(db, err, st, "cannot store an event");
    if (res && found && sm_sql_changes(s) == 0)
        *res = SM_PUT_SAME;
    return SM_OK;
}

static sm_status
events_open(sm_store *db, const char *columns, const char *order, sm_day from, sm_day to,
            sm_store_cursor **out, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    bool first = from == SM_DAY_NONE || from == SM_DAY_OPEN;
    bool last = to == SM_DAY_NONE || to == SM_DAY_OPEN;
    char sql[2048];
    sm_status st;

    /* both bounds on the date index (the dialect's first or last day when
     * there is none): an "?1 IS NULL OR" took the lower bound off the
     * index, and a window read every row from the table's first date up
     * to its end */
    snprintf(sql, sizeof(sql), "SELECT %s FROM events WHERE date >= %s AND date <= %s"
             " ORDER BY %s", columns, first ? sm_sql_dialect(db, SM_SQL_DAY_FIRST) : "?",
             last ? sm_sql_dialect(db, SM_SQL_DAY_LAST) : "?", order);
    *out = NULL;
    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    if (!first)
        sm_sql_bind_day(s, 1, from);
    if (!last)
        sm_sql_bind_day(s, first ? 1 : 2, to);
    return sm_store__cursor_sql(db, s, out, err);
}

sm_status
sm_store_events_open(sm_store *db, sm_day from, sm_day to, sm_store_cursor **out,
                     sm_error *err)
{
    char columns[1200], order[64];

    /* an event reported by other sources names them all, its own first */
    snprintf(columns, sizeof(columns),
             "uid, date, date_precision, type, sub_type, event_type, actor1, actor2,"
             " admin1, place, place_id, geo_precision, fatalities,"
             " CASE WHEN EXISTS (SELECT 1 FROM event_reports r"
             "  WHERE r.event_uid = events.uid)"
             " THEN (SELECT %s FROM"
             "  (SELECT events.source AS s WHERE events.source IS NOT NULL"
             "   UNION ALL SELECT DISTINCT r.source FROM event_reports r"
             "   WHERE r.event_uid = events.uid AND r.source IS NOT NULL"
             "   AND r.source IS DISTINCT FROM events.source) AS sources)"
             " ELSE events.source END, url, notes,"
             " updated, dataset, %s, attrs", sm_sql_dialect(db, SM_SQL_JOIN_SOURCES),
             sm_sql_dialect(db, SM_SQL_POINT_OUT));
    snprintf(order, sizeof(order), "date, uid%s", sm_sql_dialect(db, SM_SQL_BYTE_ORDER));
    return events_open(db, columns, order, from, to, out, err);
}

/* The same rows with only what a map shows and names (the uid, for the
 * SVG's ids): the other columns are NULL; in the order of the date index
 * (date, then row), which needs no sort. */
sm_status
sm_store_events_open_marks(sm_store *db, sm_day from, sm_day to, sm_store_cursor **out,
                           sm_error *err)
{
    char columns[400];
    sm_status st;

    snprintf(columns, sizeof(columns),
             "uid, date, NULL, type, NULL, NULL, NULL, NULL, NULL, NULL, place_id,"
             " geo_precision, fatalities, NULL, NULL, NULL, NULL, NULL, %s, NULL",
             sm_sql_dialect(db, SM_SQL_POINT_OUT));
    if ((st = events_open(db, columns, "date, id", from, to, out, err)) == SM_OK)
        (*out)->marks = true;
    return st;
}

sm_status
sm_store_events_next(sm_store_cursor *cur, sm_event *ev, sm_error *err)
{
    sm_sql_stmt *s = cur->sql;
    sm_status st = sm_store__cursor_step(cur, err);

    if (st != SM_OK)
        return st;
    memset(ev, 0, sizeof(*ev));
    ev->uid = sm_sql_column_text(s, 0);
    ev->day = sm_sql_column_day(s, 1, SM_DAY_NONE);
    if (!sm_event_type_parse(sm_sql_column_text(s, 3), &ev->type))
        ev->type = SM_EVENT_OTHER;
    ev->place_id = sm_sql_column_int64(s, 10);
    ev->geo_precision = (sm_precision)sm_sql_column_int64(s, 11);
    ev->fatalities = sm_sql_column_null(s, 12) ? -1 : (int)sm_sql_column_int64(s, 12);
    ev->has_point = sm_sql_column_point(s, 18, &ev->lon_deg, &ev->lat_deg);
    if (cur->marks)             /* the other columns are NULL: as memset left them */
        return SM_OK;
    ev->date_precision = (sm_precision)sm_sql_column_int64(s, 2);
    ev->sub_type = sm_sql_column_text(s, 4);
    ev->event_type = sm_sql_column_text(s, 5);
    ev->actor1 = sm_sql_column_text(s, 6);
    ev->actor2 = sm_sql_column_text(s, 7);
    ev->admin1 = sm_sql_column_text(s, 8);
    ev->place = sm_sql_column_text(s, 9);
    ev->source = sm_sql_column_text(s, 13);
    ev->url = sm_sql_column_text(s, 14);
    ev->notes = sm_sql_column_text(s, 15);
    ev->updated = sm_sql_column_int64(s, 16);
    ev->dataset = sm_sql_column_text(s, 17);
    ev->attrs = sm_sql_column_text(s, 19);
    return SM_OK;
}
