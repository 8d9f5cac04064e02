/* SPDX-License-Identifier: MIT */
/* test_store_events.c - events written and read back alike on both
 * backends: the same puts, updates, deletes and reports on a SpatiaLite
 * file and, when $SITMAP_TEST_PG_URI names a server (tests/run.sh with
 * SITMAP_TEST_PG=1), on PostgreSQL, and what the cursors read compared;
 * a read of more rows than one fetch of PostgreSQL's server-side cursor. */
#include "check.h"
#include "pg_db.h"

#include <inttypes.h>

#include "core/buf.h"
#include "store/sql.h"
#include "store/store.h"
#include "store/store_int.h"

/* A new database at where (a file's path or a server's URI), opened;
 * NULL where there is none (no server: pg_db_new's NULL). */
static sm_store *
open_db(const char *where)
{
    sm_store *db = NULL;
    sm_error err = { 0 };

    if (where == NULL)
        return NULL;
    CHECK(sm_store_open(where, SM_STORE_CREATE, &db, &err) == SM_OK, "open %s: %s", where,
          err.msg);
    return db;
}

static void
put(sm_store *db, const sm_event *ev, sm_put_result want, sm_buf *log)
{
    sm_error err = { 0 };
    sm_put_result res = (sm_put_result)-1;

    CHECK(sm_store_event_put(db, ev, &res, &err) == SM_OK, "put %s: %s", ev->uid, err.msg);
    CHECK(res == want, "put %s: result %d, want %d", ev->uid, (int)res, (int)want);
    sm_buf_printf(log, "put %s %d\n", ev->uid, (int)res);
}

static void
report(sm_store *db, const sm_event *ev, sm_put_result want, sm_buf *log)
{
    sm_error err = { 0 };
    sm_put_result res = (sm_put_result)-1;

    CHECK(sm_store_report_put(db, ev, 5, 1, &res, &err) == SM_OK, "report %s: %s", ev->uid,
          err.msg);
    CHECK(res == want, "report %s: result %d, want %d", ev->uid, (int)res, (int)want);
    sm_buf_printf(log, "report %s %d\n", ev->uid, (int)res);
}

/* want: whether it deletes; stays: whether the event is stored after */
static void
delete(sm_store *db, const char *uid, int64_t stamp, bool want, bool stays, sm_buf *log)
{
    sm_error err = { 0 };
    bool deleted = !want, found = !stays;

    CHECK(sm_store_event_delete(db, uid, stamp, &deleted, &err) == SM_OK, "delete %s: %s",
          uid, err.msg);
    CHECK(deleted == want, "delete %s (stamp %" PRId64 "): %d", uid, stamp, deleted);
    CHECK(sm_store_event_exists(db, uid, &found, &err) == SM_OK && found == stays,
          "%s %s after the delete", uid, found ? "stored" : "gone");
    sm_buf_printf(log, "delete %s %d\n", uid, deleted);
}

#define S(x) ((x) ? (x) : "-")

/* Every field of every event the cursor reads, a line each. */
static void
read_all(sm_store_cursor *cur, sm_buf *out)
{
    sm_error err = { 0 };
    sm_event ev;
    sm_status st;
    char iso[SM_DAY_ISO_LEN];

    while ((st = sm_store_events_next(cur, &ev, &err)) == SM_OK) {
        sm_buf_printf(out, "%s|%s|%d|%s|%s|%s|%s|%s|%s|%s|%" PRId64 "|%d|%d|%s|%s|%s|%" PRId64
                      "|%s|", S(ev.uid), ev.day == SM_DAY_NONE ? "-" : sm_day_format(ev.day, iso),
                      (int)ev.date_precision, sm_event_type_name(ev.type), S(ev.sub_type),
                      S(ev.event_type), S(ev.actor1), S(ev.actor2), S(ev.admin1), S(ev.place),
                      ev.place_id, (int)ev.geo_precision, ev.fatalities, S(ev.source),
                      S(ev.url), S(ev.notes), ev.updated, S(ev.dataset));
        if (ev.has_point)
            sm_buf_printf(out, "%.17g %.17g", ev.lon_deg, ev.lat_deg);
        sm_buf_printf(out, "|%s\n", S(ev.attrs));
    }
    CHECK(st == SM_ENOTFOUND, "read to the end: %s", err.msg);
    sm_store_cursor_close(cur);
}

/* The same writes on db, what they did in log, and what the cursors read
 * in rows. */
static void
write_and_read(sm_store *db, sm_buf *log, sm_buf *rows)
{
    sm_error err = { 0 };
    sm_store_cursor *cur = NULL;
    sm_event full = {
        .uid = "e1", .date_precision = SM_PRECISION_2, .type = SM_EVENT_AIRSTRIKE,
        .sub_type = "Air/drone strike", .event_type = "Explosions/Remote violence",
        .actor1 = "Military Forces", .actor2 = "Civilians", .admin1 = "Idlib",
        .place = "Saraqib \"old\" 'town' \\ حلب", .place_id = 123456789012,
        .has_point = true, .lon_deg = 36.8, .lat_deg = 35.8623456789012345,
        .geo_precision = SM_PRECISION_1, .fatalities = 0, .source = "SOHR",
        .url = "https://example.org/a?b=1&c=2", .notes = "tab\there\nnew line",
        .updated = 1700000000, .dataset = "acled", .attrs = "{\"iso\":\"760\"}",
    };
    sm_event bare = { .uid = "e2", .type = SM_EVENT_OTHER, .fatalities = -1 };
    sm_event ev;
    sm_day from, to;

    sm_day_parse("2017-01-20", &full.day);
    bare.day = full.day + 3;
    put(db, &full, SM_PUT_NEW, log);
    put(db, &bare, SM_PUT_NEW, log);
    put(db, &full, SM_PUT_SAME, log);
    put(db, &bare, SM_PUT_SAME, log);

    ev = full;                        /* an update: newer, then older, then as stored */
    ev.uid = "e3";
    ev.updated = 100;
    ev.attrs = NULL;
    put(db, &ev, SM_PUT_NEW, log);
    ev.updated = 200;
    ev.notes = "corrected";
    ev.fatalities = 4;
    ev.lon_deg += 0.5;
    put(db, &ev, SM_PUT_UPDATED, log);
    ev.updated = 150;
    ev.notes = "stale";
    put(db, &ev, SM_PUT_KEPT, log);
    ev.updated = 200;
    ev.notes = "corrected";
    put(db, &ev, SM_PUT_SAME, log);
    ev.has_point = false;             /* the point taken away */
    put(db, &ev, SM_PUT_UPDATED, log);
    ev.attrs = "{\"k\":\"v\"}";
    put(db, &ev, SM_PUT_UPDATED, log);
    ev.attrs = NULL;                  /* no attrs: those stored are kept */
    put(db, &ev, SM_PUT_SAME, log);

    ev = bare;                        /* deletes */
    ev.uid = "e4";
    put(db, &ev, SM_PUT_NEW, log);
    delete(db, "e4", 0, true, false, log);
    delete(db, "e4", 0, false, false, log);
    ev.uid = "e5";
    ev.updated = 3000000000;          /* past 32 bits */
    put(db, &ev, SM_PUT_NEW, log);
    delete(db, "e5", 2999999999, false, true, log);
    delete(db, "e5", 3000000000, true, false, log);

    ev = full;                        /* reports of one incident */
    ev.uid = "a1";
    ev.source = "Outlet A";
    ev.attrs = NULL;
    ev.day = full.day + 10;
    report(db, &ev, SM_PUT_NEW, log);
    ev.uid = "b1";
    ev.source = "Outlet B";
    ev.day++;
    ev.lat_deg += 0.02;
    report(db, &ev, SM_PUT_REPORT, log);
    report(db, &ev, SM_PUT_SAME, log);
    ev.uid = "c1";
    ev.source = "Outlet C";
    report(db, &ev, SM_PUT_REPORT, log);
    ev.uid = "b2";
    ev.source = "Outlet A";
    report(db, &ev, SM_PUT_NEW, log);
    ev.uid = "a1";                    /* an event reported again by its uid: a put */
    ev.source = "Outlet A";
    ev.day = full.day + 10;
    ev.lat_deg = full.lat_deg;
    report(db, &ev, SM_PUT_SAME, log);

    ev = bare;                        /* refused: named, and nothing stored */
    ev.uid = "bad";
    ev.geo_precision = 7;
    CHECK(sm_store_event_put(db, &ev, NULL, &err) == SM_EDB &&
          strstr(err.msg, ": cannot store an event: ") && strstr(err.msg, "geo_precision"),
          "a precision of 7 refused: %s", err.msg);
    sm_error_clear(&err);

    CHECK(sm_store_events_open(db, SM_DAY_NONE, SM_DAY_OPEN, &cur, &err) == SM_OK, "%s",
          err.msg);
    if (cur) {
        sm_buf_printf(rows, "all\n");
        read_all(cur, rows);
    }
    from = full.day + 1;
    to = full.day + 10;
    CHECK(sm_store_events_open(db, from, to, &cur, &err) == SM_OK, "%s", err.msg);
    if (cur) {
        sm_buf_printf(rows, "window\n");
        read_all(cur, rows);
    }
    CHECK(sm_store_events_open(db, from, SM_DAY_OPEN, &cur, &err) == SM_OK, "%s", err.msg);
    if (cur) {
        sm_buf_printf(rows, "from\n");
        read_all(cur, rows);
    }
    CHECK(sm_store_events_open_marks(db, SM_DAY_NONE, to, &cur, &err) == SM_OK, "%s", err.msg);
    if (cur) {
        sm_buf_printf(rows, "marks\n");
        read_all(cur, rows);
    }
}

static void
test_events_alike_on_both(void)
{
    sm_buf log = SM_BUF_INIT, rows = SM_BUF_INIT, pg_log = SM_BUF_INIT, pg_rows = SM_BUF_INIT;
    sm_store *db = open_db(check_path("t.db"));

    if (db == NULL)
        return;
    write_and_read(db, &log, &rows);
    sm_store_close(db);
    CHECK(strstr(sm_buf_str(&rows), "|Outlet A; Outlet B; Outlet C|"),
          "a1 names its reports' sources:\n%s", sm_buf_str(&rows));
    CHECK(strstr(sm_buf_str(&rows), "e3|2017-01-20|2|airstrike|Air/drone strike|"
                 "Explosions/Remote violence|Military Forces|Civilians|Idlib|"), "e3 stored");
    CHECK(strstr(sm_buf_str(&rows), "|4|SOHR|https://example.org/a?b=1&c=2|corrected|200|"
                 "acled||{\"k\":\"v\"}\n"), "e3 updated, its point gone, attrs kept:\n%s",
          sm_buf_str(&rows));
    CHECK(strstr(sm_buf_str(&rows), "e5") == NULL && strstr(sm_buf_str(&rows), "e4") == NULL,
          "deleted events gone");
    if ((db = open_db(pg_db_new("events"))) != NULL) {
        write_and_read(db, &pg_log, &pg_rows);
        sm_store_close(db);
        CHECK(strcmp(sm_buf_str(&log), sm_buf_str(&pg_log)) == 0,
              "the same puts on both:\n%s\n-- PostgreSQL:\n%s", sm_buf_str(&log),
              sm_buf_str(&pg_log));
        CHECK(strcmp(sm_buf_str(&rows), sm_buf_str(&pg_rows)) == 0,
              "the same rows read on both:\n%s\n-- PostgreSQL:\n%s", sm_buf_str(&rows),
              sm_buf_str(&pg_rows));
    }
    sm_buf_free(&log);
    sm_buf_free(&rows);
    sm_buf_free(&pg_log);
    sm_buf_free(&pg_rows);
}

enum { MANY = 2345 };

/* MANY events over 40 days in one transaction; read back in order, the
 * connection free for other statements between rows; ids sorted and each
 * row fetched by its id. In *open_cursors, the server-side cursors seen
 * open during the read (pg_cursors), when asked. */
static void
many_rows(sm_store *db, bool pg)
{
    sm_error err = { 0 };
    sm_store_cursor *cur = NULL;
    sm_sql_stmt *ids = NULL, *fetch = NULL, *q = NULL;
    sm_event ev = { .type = SM_EVENT_CLASH, .fatalities = -1, .has_point = true };
    char uid[32];
    sm_day d0, last = SM_DAY_NONE;
    int n = 0, bad_order = 0;
    bool found;

    sm_day_parse("2020-03-01", &d0);
    CHECK(sm_store_begin(db, &err) == SM_OK, "%s", err.msg);
    for (int i = 0; i < MANY; i++) {
        snprintf(uid, sizeof(uid), "m%05d", i);
        ev.uid = uid;
        ev.day = d0 + (i * 7) % 40;
        ev.lon_deg = 36 + i / 10000.0;
        ev.lat_deg = 35;
        if (sm_store_event_put(db, &ev, NULL, &err) != SM_OK) {
            CHECK(false, "put %s: %s", uid, err.msg);
            break;
        }
    }
    CHECK(sm_store_commit(db, &err) == SM_OK, "%s", err.msg);

    CHECK(sm_store_events_open_marks(db, SM_DAY_NONE, SM_DAY_OPEN, &cur, &err) == SM_OK, "%s",
          err.msg);
    while (cur && sm_store_events_next(cur, &ev, &err) == SM_OK) {
        if (last != SM_DAY_NONE && ev.day < last)
            bad_order++;
        last = ev.day;
        if (n == 1500) {            /* another statement between two fetches */
            CHECK(sm_store_event_exists(db, "m00007", &found, &err) == SM_OK && found,
                  "a look-up during the read: %s", err.msg);
            if (pg) {
                CHECK(sm_sql_prepare(db, "SELECT count(*) FROM pg_cursors WHERE name <> ''", &q, &err) == SM_OK &&
                      sm_sql_step(q, &err) == SM_OK && sm_sql_column_int64(q, 0) == 1,
                      "read through one server-side cursor: %s", err.msg);
                sm_sql_finalize(q);
                q = NULL;
            }
        }
        n++;
    }
    sm_store_cursor_close(cur);
    CHECK(n == MANY, "%d rows read, want %d: %s", n, MANY, err.msg);
    CHECK(bad_order == 0, "by date: %d out of order", bad_order);
    if (pg) {                       /* the read's transaction over, its cursor closed */
        CHECK(sm_sql_prepare(db, "SELECT count(*) FROM pg_cursors WHERE name <> ''", &q, &err) == SM_OK &&
              sm_sql_step(q, &err) == SM_OK && sm_sql_column_int64(q, 0) == 0,
              "no cursor left: %s", err.msg);
        sm_sql_finalize(q);
    }
    CHECK(sm_store_begin(db, &err) == SM_OK && sm_store_commit(db, &err) == SM_OK,
          "a transaction after the read: %s", err.msg);

    /* ids sorted, each row fetched by its id */
    cur = NULL;
    CHECK(sm_sql_prepare(db, "SELECT id FROM events ORDER BY uid DESC", &ids, &err) == SM_OK &&
          sm_sql_prepare(db, "SELECT uid FROM events WHERE id = ?1", &fetch, &err) == SM_OK &&
          sm_store__cursor_sql_by_id(db, ids, fetch, &cur, &err) == SM_OK, "%s", err.msg);
    n = 0;
    while (cur && sm_store__cursor_step(cur, &err) == SM_OK) {
        snprintf(uid, sizeof(uid), "m%05d", MANY - 1 - n);
        if (n % 500 == 0 || n == MANY - 1)
            CHECK(strcmp(sm_sql_column_text(sm_store__cursor_sql_row(cur), 0), uid) == 0,
                  "row %d by id: %s", n, sm_sql_column_text(sm_store__cursor_sql_row(cur), 0));
        n++;
    }
    sm_store_cursor_close(cur);
    CHECK(n == MANY, "%d rows by id, want %d: %s", n, MANY, err.msg);
}

/* A transaction begun and committed while a cursor reads: the write is
 * kept, the cursor closes cleanly, and the handle goes on. */
static void
write_during_a_read(sm_store *db, bool pg)
{
    sm_error err = { 0 };
    sm_store_cursor *cur = NULL;
    sm_sql_stmt *q = NULL;
    sm_event ev = { .uid = "w1", .type = SM_EVENT_SIEGE, .fatalities = -1 };
    bool found = false;
    int n = 0;

    sm_day_parse("2020-03-02", &ev.day);
    CHECK(sm_store_events_open(db, SM_DAY_NONE, SM_DAY_OPEN, &cur, &err) == SM_OK, "%s",
          err.msg);
    CHECK(cur && sm_store_events_next(cur, &ev, &err) == SM_OK, "a first row: %s", err.msg);
    ev.uid = "w1";
    CHECK(sm_store_begin(db, &err) == SM_OK, "begin during a read: %s", err.msg);
    CHECK(sm_store_event_put(db, &ev, NULL, &err) == SM_OK, "put: %s", err.msg);
    CHECK(sm_store_commit(db, &err) == SM_OK, "commit: %s", err.msg);
    sm_store_cursor_close(cur);
    CHECK(sm_store_event_exists(db, "w1", &found, &err) == SM_OK && found, "w1 kept: %s",
          err.msg);
    CHECK(sm_store_events_open_marks(db, SM_DAY_NONE, SM_DAY_OPEN, &cur, &err) == SM_OK, "%s",
          err.msg);
    while (cur && sm_store_events_next(cur, &ev, &err) == SM_OK)
        n++;
    sm_store_cursor_close(cur);
    CHECK(n == MANY + 1, "read again: %d rows: %s", n, err.msg);
    if (pg) {
        CHECK(sm_sql_prepare(db, "SELECT count(*) FROM pg_cursors WHERE name <> ''", &q, &err)
              == SM_OK && sm_sql_step(q, &err) == SM_OK && sm_sql_column_int64(q, 0) == 0,
              "no cursor left: %s", err.msg);
        sm_sql_finalize(q);
    }
    CHECK(sm_store_begin(db, &err) == SM_OK && sm_store_commit(db, &err) == SM_OK,
          "a transaction after: %s", err.msg);
}

static void
test_many_rows_through_a_cursor(void)
{
    sm_store *db = open_db(check_path("t.db"));

    if (db) {
        many_rows(db, false);
        write_during_a_read(db, false);
        sm_store_close(db);
    }
    if ((db = open_db(pg_db_new("events_many"))) != NULL) {
        many_rows(db, true);
        write_during_a_read(db, true);
        sm_store_close(db);
    }
}

/* The statements of its name on the connection's server (sm_kept_...). */
static int
kept_on_server(sm_store *db)
{
    sm_sql_stmt *q = NULL;
    sm_error err = { 0 };
    int n = -1;

    if (sm_sql_prepare(db, "SELECT count(*) FROM pg_prepared_statements"
                       " WHERE name LIKE 'sm_kept_%'", &q, &err) == SM_OK &&
        sm_sql_step(q, &err) == SM_OK)
        n = (int)sm_sql_column_int64(q, 0);
    sm_sql_finalize(q);
    CHECK(n >= 0, "pg_prepared_statements: %s", err.msg);
    return n;
}

/* On a server, the statements an import runs a row are prepared there
 * once, at their second run (each row's parse and plan took two thirds of
 * the server's time an event), and stay through a rollback: the same
 * events stored again after one, by the same statements. */
static void
test_kept_statements_prepared_on_the_server(void)
{
    sm_store *db = open_db(pg_db_new("events_kept"));
    sm_error err = { 0 };
    sm_event ev = { .type = SM_EVENT_CLASH, .fatalities = 2 };
    char uid[16];
    bool found = false;
    int prepared = 0;

    if (db == NULL)
        return;
    sm_day_parse("2021-05-01", &ev.day);
    for (int round = 0; round < 2; round++) {
        CHECK(sm_store_begin(db, &err) == SM_OK, "begin: %s", err.msg);
        for (int i = 0; i < 5; i++) {
            snprintf(uid, sizeof(uid), "k%d", i);
            ev.uid = uid;
            ev.updated = 10 + i;
            CHECK(sm_store_event_put(db, &ev, NULL, &err) == SM_OK, "put %s: %s", uid, err.msg);
        }
        if (round == 0) {
            prepared = kept_on_server(db);
            CHECK(prepared >= 2, "the look-up and the insert prepared: %d", prepared);
            sm_store_rollback(db);
        } else {
            CHECK(kept_on_server(db) == prepared, "the same %d, none again", prepared);
            CHECK(sm_store_commit(db, &err) == SM_OK, "commit: %s", err.msg);
        }
    }
    CHECK(sm_store_event_exists(db, "k4", &found, &err) == SM_OK && found,
          "stored after the rollback and again: %s", err.msg);
    sm_store_close(db);
}

static const check_case cases[] = {
    { "events_alike_on_both", test_events_alike_on_both },
    { "many_rows_through_a_cursor", test_many_rows_through_a_cursor },
    { "kept_statements_prepared_on_the_server", test_kept_statements_prepared_on_the_server },
};

CHECK_MAIN(cases)
