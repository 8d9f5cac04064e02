/* SPDX-License-Identifier: MIT */
/*
 * events.c - importing events: one column map for ACLED exports, sitmap's
 * plain CSV and its own exports, and any OGR point layer.
 *
 * Stable ids: ACLED's event_id_cnty, else an "id" column, else a hash of the
 * row's content ("h" and 16 hex digits), so a re-import finds the same
 * events. Coordinates come from latitude/longitude (or X/Y) columns, else
 * from a point geometry (a CSV's WKT or geometry column included); only a
 * row with none of these is placed by its name (geocoding).
 *
 * What sitmap has no field for is kept too, in the event's attrs (a JSON
 * object of column name to text): every other column of the row and, in an
 * ACLED file, the text of a column that sitmap reads into a number or a date
 * when that text is not how sitmap writes the value ("18 January 2017",
 * "36.3570"). An export in ACLED's layout then gives back every column as
 * it was. KML's own fields (visibility, tessellate, ...) are not kept.
 */
#include "ingest/ingest_int.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

enum {
    COL_ID, COL_DATE, COL_TIME_PREC, COL_TYPE, COL_SUB_TYPE, COL_EVENT_TYPE,
    COL_ACTOR1, COL_ACTOR2, COL_ACTORS, COL_ADMIN1, COL_PLACE, COL_PLACE_ID,
    COL_LAT, COL_LON, COL_GEO_PREC, COL_FATALITIES, COL_SOURCE, COL_URL, COL_NOTES,
    COL_TIMESTAMP, COL_DATASET, COL_COUNT
};

/* Accepted names per column, first the one messages quote. */
static const char *const *const column_names[COL_COUNT] = {
    [COL_ID] = (const char *const[]){ "event_id_cnty", "id", "event_id", NULL },
    /* KML keeps dates in <TimeStamp> or <TimeSpan>, which GDAL reads as the
     * fields "timestamp" and "begin". */
    [COL_DATE] = (const char *const[]){ "date", "event_date", "when", "timestamp", "begin",
                                        NULL },
    [COL_TIME_PREC] = (const char *const[]){ "time_precision", "date_precision", NULL },
    [COL_TYPE] = (const char *const[]){ "type", NULL },
    [COL_SUB_TYPE] = (const char *const[]){ "sub_event_type", "sub_type", NULL },
    [COL_EVENT_TYPE] = (const char *const[]){ "event_type", NULL },
    [COL_ACTOR1] = (const char *const[]){ "actor1", NULL },
    [COL_ACTOR2] = (const char *const[]){ "actor2", NULL },
    [COL_ACTORS] = (const char *const[]){ "actors", NULL },
    [COL_ADMIN1] = (const char *const[]){ "admin1", NULL },
    [COL_PLACE] = (const char *const[]){ "place", "location", "name", NULL },
    [COL_PLACE_ID] = (const char *const[]){ "place_id", NULL },
    [COL_LAT] = sm_ingest__lat_names,
    [COL_LON] = sm_ingest__lon_names,
    [COL_GEO_PREC] = (const char *const[]){ "geo_precision", NULL },
    [COL_FATALITIES] = (const char *const[]){ "fatalities", "deaths", "killed", NULL },
    [COL_SOURCE] = (const char *const[]){ "source", NULL },
    [COL_URL] = (const char *const[]){ "url", "source_url", NULL },
    [COL_NOTES] = (const char *const[]){ "notes", "description", NULL },
    /* LIBKML adds an empty "timestamp" */
    [COL_TIMESTAMP] = (const char *const[]){ "updated", "timestamp", NULL },
    [COL_DATASET] = (const char *const[]){ "dataset", NULL },
};

/*
 * The rows of a .csv file (read by libcsv) are stored by a second thread:
 * this one reads, checks, places and writes each row's attrs, and hands the
 * events over in runs of RUN_ROWS (two runs: one filled while the other is
 * stored); the store's thread makes every call on the database meanwhile
 * (its connection is one thread's at a time). Errors keep their order: a
 * row the store refuses stops the reading, and a row read after it counts
 * for nothing; the reading's own error waits for the rows before it to be
 * stored, any of which may fail first. The gazetteer, which loads from the
 * database the first time a row needs it, is loaded while the store's
 * thread waits with nothing to store. When the thread cannot start, each
 * row is stored as it is read.
 */
enum { RUN_ROWS = 256 };

typedef struct queued {
    sm_event ev;        /* its texts as offsets + 1 into the run's text (0: NULL) */
    long line;
} queued;

typedef struct run {
    queued *rows;
    size_t n;
    sm_buf text;
} run;

typedef struct pipeline {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    run runs[2];
    int fill;           /* the run being filled (the reading's) */
    bool full[2];       /* handed to the store's thread */
    bool busy;          /* the store's thread is storing a run */
    bool done;          /* no more runs */
    bool failed;        /* a row was refused: err says why */
    sm_status st;
    sm_error err;
    sm_store *db;
    sm_src *src;
    sm_ingest_report *rep;
} pipeline;

typedef struct reader {
    sm_src *src;
    const sm_ingest_opts *opts;
    sm_ingest_opts own_opts; /* opts, the gazetteer loaded through gaz_load */
    const sm_ingest_opts *caller_opts;
    pipeline *pipe;     /* NULL: rows stored as read */
    bool pipe_tried;
    int col[COL_COUNT];
    const char *text[COL_COUNT];
    bool acled;
    int nfields;
    int *role;        /* per field of the source: its COL_, -1 if none */
    bool keep_others; /* keep the fields that have no COL_ (not KML's) */
    sm_buf attrs;     /* the current row's attrs, JSON */
    sm_ingest_memo *memo; /* the names the plausibility check met */
} reader;

static sm_status
map_columns(sm_src *src, void *ctx, sm_error *err)
{
    reader *r = ctx;
    const sm_ingest_opts *opts = r->opts;

    r->src = src;
    for (int c = 0; c < COL_COUNT; c++)
        r->col[c] = sm_ingest__src_field(r->src, column_names[c]);
    /* A column feeds one field only: a KML "timestamp" that is the date is
     * not also ACLED's update stamp. */
    if (r->col[COL_TIMESTAMP] == r->col[COL_DATE])
        r->col[COL_TIMESTAMP] = -1;
    r->acled = sm_ingest__src_field(r->src, (const char *const[]){ "event_id_cnty", NULL }) >= 0
               && r->col[COL_SUB_TYPE] >= 0;
    r->nfields = sm_ingest__src_nfields(src);
    r->role = malloc(((size_t)r->nfields + 1) * sizeof(*r->role));
    if (r->role == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    for (int i = 0; i < r->nfields; i++)
        r->role[i] = -1;
    for (int c = COL_COUNT - 1; c >= 0; c--)
        if (r->col[c] >= 0)
            r->role[r->col[c]] = c;
    r->keep_others = !sm_ingest__src_is_kml(src);
    if (opts->format == SM_FORMAT_ACLED && !r->acled)
        return sm_fail(err, SM_EINPUT, "%s: not an ACLED export (no \"event_id_cnty\" and"
                       " \"sub_event_type\" columns)", r->src->path);
    if (sm_ingest__src_need(r->src, column_names[COL_DATE], &r->col[COL_DATE], err) != SM_OK)
        return SM_EINPUT;
    if (r->col[COL_TYPE] < 0 && r->col[COL_SUB_TYPE] < 0)
        return sm_ingest__src_need(r->src, (const char *const[]){ "type", "sub_event_type", NULL },
                                   &r->col[COL_TYPE], err);
    if (r->col[COL_PLACE] < 0 && (r->col[COL_LAT] < 0 || r->col[COL_LON] < 0) &&
        !sm_ingest__src_has_geometry(r->src))
        return sm_fail(err, SM_EINPUT, "%s: missing columns: no \"place\" and no"
                       " \"lat\"/\"lon\" (or \"latitude\"/\"longitude\", \"Y\"/\"X\")",
                       r->src->path);
    return SM_OK;
}

static sm_status
parse_precision(reader *r, int c, sm_precision *out, sm_error *err)
{
    int v;
    const char *t = r->text[c];

    if (t == NULL)
        return SM_OK;
    if (!sm_text_to_count(t, &v) || v < 1 || v > 3)
        return sm_ingest__row_fail(r->src, err, "column \"%s\": \"%s\" is not a precision"
                                   " code (1, 2 or 3)", column_names[c][0], t);
    *out = (sm_precision)v;
    return SM_OK;
}

static sm_status
parse_type(reader *r, sm_event *ev, sm_error *err)
{
    const char *t = r->text[COL_TYPE];

    if (r->col[COL_TYPE] >= 0) {
        if (t == NULL)
            return sm_ingest__row_fail(r->src, err, "column \"type\": no event type");
        if (!sm_event_type_parse(t, &ev->type))
            return sm_ingest__row_fail(r->src, err, "column \"type\": \"%s\" is not an event"
                                       " type (airstrike, shelling, bombing, clash, capture,"
                                       " ceasefire, siege, attack, chemical, other)", t);
        return SM_OK;
    }
    ev->type = sm_ingest__acled_type(r->text[COL_SUB_TYPE], r->text[COL_EVENT_TYPE]);
    return SM_OK;
}

/* "A; B; C" -> actor1 "A", actor2 "B; C" (in the row's own copy). */
static void
split_actors(char *actors, sm_event *ev)
{
    char *semi = strchr(actors, ';');

    ev->actor1 = actors;
    if (semi == NULL)
        return;
    *semi = '\0';
    for (char *e = semi; e > actors && (e[-1] == ' ' || e[-1] == '\t'); e--)
        e[-1] = '\0';
    semi++;
    while (*semi == ' ' || *semi == '\t')
        semi++;
    ev->actor2 = *semi ? semi : NULL;
}

static sm_status
parse_location(reader *r, sm_event *ev, sm_error *err)
{
    OGRGeometryH g = NULL;
    sm_status st;

    st = sm_ingest__parse_latlon(r->src, r->text[COL_LAT], r->text[COL_LON],
                                 &ev->has_point, &ev->lat_deg, &ev->lon_deg, err);
    if (st != SM_OK || ev->has_point)
        return st;
    st = sm_ingest__src_geometry(r->src, &g, err);
    if (st != SM_OK)
        return st;
    if (g != NULL) {
        if (wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
            st = sm_ingest__row_fail(r->src, err, "geometry is a %s; events need points",
                                     OGR_G_GetGeometryName(g));
        } else {
            ev->has_point = true;
            ev->lon_deg = OGR_G_GetX(g, 0);
            ev->lat_deg = OGR_G_GetY(g, 0);
        }
        OGR_G_DestroyGeometry(g);
    }
    if (st == SM_OK && !ev->has_point && ev->place == NULL)
        st = sm_ingest__row_fail(r->src, err, "neither coordinates nor a place name");
    return st;
}

static void
content_uid(const sm_event *ev, char out[18])
{
    char num[64];
    uint64_t h = SM_HASH_INIT;
    char iso[SM_DAY_ISO_LEN];

    h = sm_hash_str(h, sm_day_format(ev->day, iso));
    h = sm_hash_str(h, sm_event_type_name(ev->type));
    h = sm_hash_str(h, ev->place);
    snprintf(num, sizeof(num), "%d %.5f %.5f %d", ev->has_point, ev->lat_deg, ev->lon_deg,
             ev->fatalities);
    h = sm_hash_str(h, num);
    h = sm_hash_str(h, ev->actor1);
    h = sm_hash_str(h, ev->actor2);
    h = sm_hash_str(h, ev->source);
    h = sm_hash_str(h, ev->notes);
    snprintf(out, 18, "h%016" PRIx64, h);
}

static sm_status
read_row(reader *r, sm_event *ev, char uid[18], sm_error *err)
{
    sm_status st;
    const char *f;

    for (int c = 0; c < COL_COUNT; c++)
        if ((st = sm_ingest__src_text(r->src, r->col[c], &r->text[c], err)) != SM_OK)
            return st;
    memset(ev, 0, sizeof(*ev));
    ev->fatalities = -1;
    ev->date_precision = SM_PRECISION_1;
    /* --source names the dataset; else the label a sitmap export carries;
     * else the file's name. */
    ev->dataset = r->opts->source ? r->opts->source
                  : r->text[COL_DATASET] ? r->text[COL_DATASET] : r->src->dataset;
    if ((st = sm_ingest__parse_day(r->src, column_names[COL_DATE][0], r->text[COL_DATE],
                                   &ev->day, err)) != SM_OK ||
        (st = parse_precision(r, COL_TIME_PREC, &ev->date_precision, err)) != SM_OK ||
        (st = parse_precision(r, COL_GEO_PREC, &ev->geo_precision, err)) != SM_OK ||
        (st = parse_type(r, ev, err)) != SM_OK)
        return st;
    f = r->text[COL_FATALITIES];
    if (f && !sm_text_to_count(f, &ev->fatalities))
        return sm_ingest__row_fail(r->src, err, "column \"fatalities\": \"%s\" is not a"
                                   " whole number", f);
    ev->sub_type = r->text[COL_SUB_TYPE];
    ev->event_type = r->text[COL_EVENT_TYPE];
    ev->actor1 = r->text[COL_ACTOR1];
    ev->actor2 = r->text[COL_ACTOR2];
    if (ev->actor1 == NULL && ev->actor2 == NULL && r->text[COL_ACTORS])
        split_actors((char *)r->text[COL_ACTORS], ev);
    ev->admin1 = r->text[COL_ADMIN1];
    ev->place = r->text[COL_PLACE];
    if (r->text[COL_PLACE_ID])
        ev->place_id = strtoll(r->text[COL_PLACE_ID], NULL, 10);
    ev->source = r->text[COL_SOURCE];
    ev->url = r->text[COL_URL];
    ev->notes = r->text[COL_NOTES];
    if (r->text[COL_TIMESTAMP])
        ev->updated = strtoll(r->text[COL_TIMESTAMP], NULL, 10);
    if ((st = parse_location(r, ev, err)) != SM_OK)
        return st;
    if (r->text[COL_ID])
        ev->uid = r->text[COL_ID];
    else {
        content_uid(ev, uid);
        ev->uid = uid;
    }
    return SM_OK;
}

/* v in decimal, as "%" PRId64 writes it, into buf. */
static const char *
int_text(int64_t v, char buf[SM_TEXT_DOUBLE_LEN])
{
    char tmp[24];
    int n = 0, k = 0;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

    do
        tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        buf[k++] = '-';
    while (n > 0)
        buf[k++] = tmp[--n];
    buf[k] = '\0';
    return buf;
}

/* How sitmap writes the value it read from a column of role c into buf;
 * NULL for a column it keeps as text. */
static const char *
written_as(int c, const sm_event *ev, char buf[SM_TEXT_DOUBLE_LEN])
{
    switch (c) {
    case COL_DATE: return sm_day_format(ev->day, buf);
    case COL_TYPE: return sm_event_type_name(ev->type);
    case COL_TIME_PREC: return int_text((int)ev->date_precision, buf);
    case COL_GEO_PREC: return int_text((int)ev->geo_precision, buf);
    case COL_FATALITIES: return int_text(ev->fatalities, buf);
    case COL_TIMESTAMP: return int_text(ev->updated, buf);
    case COL_PLACE_ID: return int_text(ev->place_id, buf);
    case COL_LAT: return sm_text_from_double(ev->lat_deg, buf);
    case COL_LON: return sm_text_from_double(ev->lon_deg, buf);
    default: return NULL;
    }
}

/* Whether written_as writes the value of a column of role c. */
static bool
written_as_number(int c)
{
    switch (c) {
    case COL_DATE: case COL_TYPE: case COL_TIME_PREC: case COL_GEO_PREC:
    case COL_FATALITIES: case COL_TIMESTAMP: case COL_PLACE_ID: case COL_LAT: case COL_LON:
        return true;
    default: return false;
    }
}

/* Append text (n bytes) to b as a JSON string. */
static sm_status
put_json_string(sm_buf *b, const char *text, size_t n)
{
    size_t from = 0;
    sm_status st = sm_buf_puts(b, "\"");

    for (size_t i = 0; i < n && st == SM_OK; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c != '"' && c != '\\' && c >= 0x20)
            continue;
        st = sm_buf_append(b, text + from, i - from);
        if (st == SM_OK)
            st = c >= 0x20 ? sm_buf_printf(b, "\\%c", c) : sm_buf_printf(b, "\\u%04x", c);
        from = i + 1;
    }
    if (st == SM_OK)
        st = sm_buf_append(b, text + from, n - from);
    return st == SM_OK ? sm_buf_puts(b, "\"") : st;
}

/* What put_json_string appends, written at out (room for 6 n + 2 bytes):
 * its length. */
static size_t
json_string(char *out, const char *text, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;

    out[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            out[k++] = (char)c;
        } else if (c >= 0x20) {
            out[k++] = '\\';
            out[k++] = (char)c;
        } else {
            memcpy(out + k, "\\u00", 4);
            k += 4;
            out[k++] = hex[c >> 4];
            out[k++] = hex[c & 15];
        }
    }
    out[k++] = '"';
    return k;
}

/* The row's attrs (see the top): ev->attrs, or NULL when there are none.
 * Written here, not through json-c: this runs for every row of a file. */
static sm_status
keep_attrs(reader *r, sm_event *ev, sm_error *err)
{
    sm_status st = SM_OK;

    sm_buf_reset(&r->attrs);
    for (int i = 0; i < r->nfields && st == SM_OK; i++) {
        char buf[SM_TEXT_DOUBLE_LEN];
        const char *as = NULL, *text, *name;
        size_t n, nn;

        if (r->role[i] < 0 ? !r->keep_others : !r->acled || !written_as_number(r->role[i]))
            continue;
        if (r->role[i] >= 0) {
            /* a column read_row has read: its text, not read again; a
             * coordinate as sitmap writes it is known without writing it */
            text = r->text[r->role[i]];
            n = text ? strlen(text) : 0;
            if (n == 0 || ((r->role[i] == COL_LAT || r->role[i] == COL_LON) &&
                           sm_text_is_double_form(text, n)))
                continue;
            as = written_as(r->role[i], ev, buf);
        } else if ((st = sm_ingest__src_text_view(r->src, i, &text, &n, err)) != SM_OK) {
            return st;
        }
        if (n == 0 || (as && strlen(as) == n && memcmp(text, as, n) == 0))
            continue;
        name = sm_ingest__src_field_name(r->src, i);
        nn = strlen(name);
        /* a pair that fits written at once (the same bytes as below) */
        if (nn < 256 && n < 256) {
            char pair[2 + 6 * 512 + 8];
            size_t k = 0;
            pair[k++] = r->attrs.len ? ',' : '{';
            k += json_string(pair + k, name, nn);
            pair[k++] = ':';
            k += json_string(pair + k, text, n);
            st = sm_buf_append(&r->attrs, pair, k);
            continue;
        }
        if ((st = sm_buf_puts(&r->attrs, r->attrs.len ? "," : "{")) != SM_OK ||
            (st = put_json_string(&r->attrs, name, nn)) != SM_OK ||
            (st = sm_buf_puts(&r->attrs, ":")) != SM_OK)
            break;
        st = put_json_string(&r->attrs, text, n);
    }
    if (st == SM_OK && r->attrs.len)
        st = sm_buf_puts(&r->attrs, "}");
    if (st != SM_OK)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    ev->attrs = r->attrs.len ? sm_buf_str(&r->attrs) : NULL;
    return SM_OK;
}

static sm_status
store_event(sm_store *db, const sm_src *src, long line, sm_event *ev, sm_ingest_report *rep,
            sm_error *err)
{
    sm_put_result res;
    sm_error why = { 0 };

    if (sm_store_event_put(db, ev, &res, &why) != SM_OK)
        return src->csv ? sm_ingest__line_fail(src, line, err, "%s", why.msg)
                        : sm_ingest__row_fail(src, err, "%s", why.msg);
    sm_ingest__count(rep, res);
    return SM_OK;
}

/* The texts of a queued event, from offsets to pointers. */
#define EVENT_TEXTS(ev) \
    &(ev)->uid, &(ev)->sub_type, &(ev)->event_type, &(ev)->actor1, &(ev)->actor2, \
    &(ev)->admin1, &(ev)->place, &(ev)->source, &(ev)->url, &(ev)->notes, &(ev)->dataset, \
    &(ev)->attrs

static void *
store_runs(void *arg)
{
    pipeline *p = arg;
    int k = 0;

    pthread_mutex_lock(&p->mu);
    for (;;) {
        run *r = &p->runs[k];
        while (!p->full[k] && !p->done)
            pthread_cond_wait(&p->cv, &p->mu);
        if (!p->full[k])
            break;
        p->busy = true;
        pthread_mutex_unlock(&p->mu);
        for (size_t i = 0; i < r->n && p->st == SM_OK; i++) {
            sm_event *ev = &r->rows[i].ev;
            const char **texts[] = { EVENT_TEXTS(ev) };
            for (size_t t = 0; t < SM_LEN(texts); t++)
                *texts[t] = *texts[t] ? r->text.data + ((uintptr_t)*texts[t] - 1) : NULL;
            p->st = store_event(p->db, p->src, r->rows[i].line, ev, p->rep, &p->err);
        }
        pthread_mutex_lock(&p->mu);
        p->busy = false;
        p->full[k] = false;
        p->failed = p->st != SM_OK;
        pthread_cond_broadcast(&p->cv);
        if (p->failed)
            break;
        k ^= 1;
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Hand the run being filled to the store's thread and wait for the other
 * one; with idle, wait until the store's thread has stored everything.
 * The refusal of a row stored, if any. */
static sm_status
pipe_hand_over(pipeline *p, bool idle, sm_error *err)
{
    pthread_mutex_lock(&p->mu);
    if (p->runs[p->fill].n && !p->failed) {
        p->full[p->fill] = true;
        p->fill ^= 1;
        pthread_cond_broadcast(&p->cv);
    }
    while (!p->failed && (p->full[p->fill] || (idle && (p->full[p->fill ^ 1] || p->busy))))
        pthread_cond_wait(&p->cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
    if (p->failed) {
        *err = p->err;
        return p->st;
    }
    p->runs[p->fill].n = 0;
    sm_buf_reset(&p->runs[p->fill].text);
    return SM_OK;
}

static sm_status
queue_text(run *r, const char **text)
{
    size_t at = r->text.len;

    if (*text == NULL)
        return SM_OK;
    if (sm_buf_append(&r->text, *text, strlen(*text) + 1) != SM_OK)
        return SM_ENOMEM;
    *text = (const char *)(uintptr_t)(at + 1);
    return SM_OK;
}

static sm_status
pipe_queue(pipeline *p, const sm_src *src, const sm_event *ev, sm_error *err)
{
    run *r = &p->runs[p->fill];
    queued *q;

    if (r->n == RUN_ROWS) {
        sm_status st = pipe_hand_over(p, false, err);
        if (st != SM_OK)
            return st;
        r = &p->runs[p->fill];
    }
    q = &r->rows[r->n];
    q->ev = *ev;
    q->line = src->line;
    {
        const char **texts[] = { EVENT_TEXTS(&q->ev) };
        for (size_t t = 0; t < SM_LEN(texts); t++)
            if (queue_text(r, texts[t]) != SM_OK)
                return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    r->n++;
    return SM_OK;
}

static void
pipe_free(pipeline *p)
{
    for (int k = 0; k < 2; k++) {
        free(p->runs[k].rows);
        sm_buf_free(&p->runs[k].text);
    }
    free(p);
}

/* The store's thread started, or NULL (rows are then stored as read). */
static pipeline *
pipe_start(sm_store *db, sm_src *src, sm_ingest_report *rep)
{
    pipeline *p = calloc(1, sizeof(*p));

    if (p == NULL)
        return NULL;
    p->db = db;
    p->src = src;
    p->rep = rep;
    for (int k = 0; k < 2; k++) {
        p->runs[k].text = (sm_buf)SM_BUF_INIT;
        if ((p->runs[k].rows = malloc(RUN_ROWS * sizeof(queued))) == NULL) {
            pipe_free(p);
            return NULL;
        }
    }
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        pipe_free(p);
        return NULL;
    }
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        pipe_free(p);
        return NULL;
    }
    if (pthread_create(&p->thread, NULL, store_runs, p) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        pipe_free(p);
        return NULL;
    }
    return p;
}

/* The last run stored and the thread ended: st, or the refusal of a row
 * stored before the one st is about. */
static sm_status
pipe_end(pipeline *p, sm_status st, sm_error *err)
{
    pthread_mutex_lock(&p->mu);
    if (p->runs[p->fill].n && !p->failed) {
        p->full[p->fill] = true;
        p->fill ^= 1;
    }
    p->done = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    if (p->failed) {
        *err = p->err;
        st = p->st;
    }
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    pipe_free(p);
    return st;
}

static sm_status
finish_rows(void *ctx, sm_status st, sm_error *err)
{
    reader *r = ctx;

    if (r->pipe == NULL)
        return st;
    st = pipe_end(r->pipe, st, err);
    r->pipe = NULL;
    return st;
}

/* The gazetteer, loaded (from the database) while the store's thread has
 * nothing to store; asked for once. */
static const sm_gaz *
gaz_load(void *user)
{
    reader *r = user;
    const sm_ingest_opts *o = r->caller_opts;
    sm_error ignored = { 0 };

    if (r->pipe && pipe_hand_over(r->pipe, true, &ignored) != SM_OK)
        return NULL;    /* a row was refused: the reading stops at its next row */
    r->own_opts.gaz = o->load_gaz(o->load_gaz_user);
    r->own_opts.load_gaz = NULL;
    return r->own_opts.gaz;
}

static sm_status
put_row(sm_store *db, sm_src *src, void *ctx, sm_ingest_report *rep, sm_error *err)
{
    reader *r = ctx;
    sm_event ev;
    char uid[18];
    sm_status st;

    if (!r->pipe_tried) {
        r->pipe_tried = true;
        if (src->csv)
            r->pipe = pipe_start(db, src, rep);
    }
    if ((st = read_row(r, &ev, uid, err)) != SM_OK ||
        (st = keep_attrs(r, &ev, err)) != SM_OK)
        return st;
    /* Placed after the uid is made, so the id does not depend on the
     * gazetteer of the day. */
    if (ev.has_point &&
        (st = sm_ingest__plausible(src, r->opts, &r->memo, ev.place, ev.admin1, ev.lat_deg, ev.lon_deg,
                                   err)) != SM_OK)
        return st;
    if (!ev.has_point) {
        sm_precision prec = SM_PRECISION_UNKNOWN;
        if ((st = sm_ingest__geocode(r->opts, ev.place, ev.admin1, &ev.has_point, &ev.lat_deg,
                                     &ev.lon_deg, &ev.place_id, &prec, err)) != SM_OK)
            return st;
        if (ev.has_point && ev.geo_precision == SM_PRECISION_UNKNOWN)
            ev.geo_precision = prec;
        rep->geocoded += ev.has_point;
    }
    rep->unplaced += !ev.has_point;
    if (r->pipe)
        return pipe_queue(r->pipe, src, &ev, err);
    return store_event(db, src, src->line, &ev, rep, err);
}

sm_status
sm_ingest_events(sm_store *db, const char *path, const sm_ingest_opts *opts,
                 sm_ingest_report *rep, sm_error *err)
{
    reader r = { .opts = opts, .own_opts = *opts, .caller_opts = opts, .attrs = SM_BUF_INIT };
    sm_ingest_job job = { "events", map_columns, put_row, &r, finish_rows };
    sm_status st;

    /* the gazetteer loaded when the store's thread is idle */
    if (opts->gaz == NULL && opts->load_gaz) {
        r.own_opts.load_gaz = gaz_load;
        r.own_opts.load_gaz_user = &r;
        r.opts = &r.own_opts;
    }
    st = sm_ingest__run(db, path, r.opts, &job, rep, err);
    if (r.pipe)
        st = finish_rows(&r, st, err);

    free(r.role);
    sm_buf_free(&r.attrs);
    sm_ingest__memo_free(r.memo);
    return st;
}
