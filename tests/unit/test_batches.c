/* SPDX-License-Identifier: MIT */
/*
 * test_batches.c - batches on both backends (store/batches.c): the same
 * steps on a SpatiaLite file and, when $SITMAP_TEST_PG_URI names a server
 * (tests/run.sh with SITMAP_TEST_PG=1), on PostgreSQL, with the same
 * results: batches opened and ended, listed, found by their file's hash;
 * the records a batch replaces kept and put back by an undo, dry and real;
 * deletes, dry and real. The records are written with plain SQL inside the
 * batches, as any writer would. Events loaded in bulk (bulk.c), a uid
 * twice among them. On the server, too: another connection's edits are not
 * kept, batches take turns, and `init` adds the keeping to a database that
 * lacks it.
 */
#include "check.h"
#include "pg_db.h"

#include <inttypes.h>

#include "store/sql.h"
#include "store/store_int.h"

/* ---- the steps ------------------------------------------------------------- */

static void
exec(sm_store *db, const char *sql)
{
    sm_error err = { 0 };

    CHECK(sm_sql_exec(db, sql, &err) == SM_OK, "%s: %s", sql, err.msg);
}

/* Run sql with ?1 bound to the open batch. */
static void
exec_batch(sm_store *db, int64_t batch, const char *sql)
{
    sm_sql_stmt *s = NULL;
    sm_error err = { 0 };
    sm_status st;

    CHECK(sm_sql_prepare(db, sql, &s, &err) == SM_OK, "%s: %s", sql, err.msg);
    if (s == NULL)
        return;
    if (strstr(sql, "?1"))
        sm_sql_bind_int64(s, 1, batch);
    while ((st = sm_sql_step(s, &err)) == SM_OK)
        ;
    CHECK(st == SM_ENOTFOUND, "%s: %s", sql, err.msg);
    sm_sql_finalize(s);
}

/* Every row of a query (n columns), one line each, '|' between columns. */
static void
dump_query(sm_store *db, const char *sql, int n, sm_buf *out)
{
    sm_sql_stmt *s = NULL;
    sm_error err = { 0 };
    sm_status st;

    CHECK(sm_sql_prepare(db, sql, &s, &err) == SM_OK, "%s: %s", sql, err.msg);
    if (s == NULL)
        return;
    while ((st = sm_sql_step(s, &err)) == SM_OK) {
        for (int i = 0; i < n; i++) {
            const char *t = sm_sql_column_text(s, i);
            sm_buf_printf(out, "%s%s", i ? "|" : "", t ? t : "-");
        }
        sm_buf_puts(out, "\n");
    }
    CHECK(st == SM_ENOTFOUND, "%s: %s", sql, err.msg);
    sm_sql_finalize(s);
}

/* The records of the four tables (without their row ids, which a record
 * put back changes) and the twins' counts. */
static char *
tables(sm_store *db)
{
    sm_buf b = SM_BUF_INIT;
    char *text;

    sm_buf_puts(&b, "events\n");
    dump_query(db, "SELECT uid, date, type, fatalities, dataset, batch FROM events ORDER BY uid",
               6, &b);
    sm_buf_puts(&b, "zones\n");
    dump_query(db, "SELECT uid, faction, valid_from, status, name, batch FROM zones"
               " ORDER BY uid", 6, &b);
    sm_buf_puts(&b, "control\n");
    dump_query(db, "SELECT place_key, valid_from, faction, place, source, batch FROM control"
               " ORDER BY place_key, valid_from", 6, &b);
    sm_buf_puts(&b, "reports\n");
    dump_query(db, "SELECT uid, event_uid, source, batch FROM event_reports ORDER BY uid", 4, &b);
    sm_buf_puts(&b, "kept\n");
    dump_query(db, "SELECT (SELECT count(*) FROM events_replaced),"
               " (SELECT count(*) FROM zones_replaced), (SELECT count(*) FROM control_replaced),"
               " (SELECT count(*) FROM event_reports_replaced)", 4, &b);
    text = strdup(sm_buf_str(&b) ? sm_buf_str(&b) : "");
    sm_buf_free(&b);
    return text;
}

static void
log_batch(const sm_batch *b, void *user)
{
    sm_buf *out = user;

    /* started is the clock's, user the environment's: not compared */
    sm_buf_printf(out, "%" PRId64 " %s file=%s sha=%s label=%s note=%s user=%s"
                  " rows=%ld added=%ld updated=%ld same=%ld kept=%ld removed=%ld"
                  " restored=%ld undone_by=%" PRId64 " started=%d\n", b->id, b->kind,
                  b->file ? b->file : "-", b->sha256 ? b->sha256 : "-",
                  b->label ? b->label : "-", b->note ? b->note : "-",
                  b->user && *b->user ? "set" : "-", b->rows, b->added, b->updated, b->same,
                  b->kept, b->removed, b->restored, b->undone_by,
                  b->started && strlen(b->started) == 20);
}

static void
log_removal(sm_buf *log, const char *what, sm_status st, const sm_store_removal *r,
            const sm_error *err)
{
    sm_buf_printf(log, "%s: status %d batch %" PRId64 " events %ld zones %ld control %ld"
                  " reports %ld restored %ld%s%s\n", what, (int)st, r->batch, r->events,
                  r->zones, r->control, r->reports, r->restored, st ? " error " : "",
                  st ? err->msg : "");
}

static const char *
multipolygon(const sm_store *db)
{
    return db->pg ? "ST_GeomFromText('MULTIPOLYGON(((36 36, 37 36, 37 37, 36 36)))', 4326)"
                  : "GeomFromText('MULTIPOLYGON(((36 36, 37 36, 37 37, 36 36)))', 4326)";
}

/* A first batch writing into every table. */
static int64_t
first_batch(sm_store *db)
{
    sm_batch b = { .kind = "import events", .file = "a.csv", .sha256 = "aaa", .label = "src1" };
    sm_batch counts = { .rows = 3, .added = 3 };
    sm_error err = { 0 };
    char sql[512];
    int64_t id = 0;

    CHECK(sm_store_begin(db, &err) == SM_OK, "begin: %s", err.msg);
    CHECK(sm_store_batch_begin(db, &b, &id, &err) == SM_OK, "batch: %s", err.msg);
    exec_batch(db, id, "INSERT INTO events (uid, date, type, fatalities, dataset, batch) VALUES"
               " ('e1', '2017-01-10', 'clash', 1, 'src1', ?1),"
               " ('e2', '2017-01-20', 'airstrike', 2, 'src1', ?1),"
               " ('e3', '2017-02-01', 'shelling', NULL, 'src1', ?1)");
    snprintf(sql, sizeof(sql), "INSERT INTO zones (uid, faction, valid_from, name, source, geom,"
             " batch) VALUES ('z1', 'government', '2017-01-01', 'Aleppo', 'src1', %s, ?1),"
             " ('z2', 'opposition', '2017-03-01', 'Idlib', 'src2', %s, ?1)",
             multipolygon(db), multipolygon(db));
    exec_batch(db, id, sql);
    exec_batch(db, id, "INSERT INTO control (place_key, place, name_key, faction, valid_from,"
               " source, batch) VALUES (1, 'Aleppo', 'aleppo', 'government', '2017-01-01',"
               " 'src1', ?1), (2, 'Idlib', 'idlib', 'opposition', '2017-01-05', 'src1', ?1)");
    exec_batch(db, id, "INSERT INTO event_reports (uid, event_uid, source, batch) VALUES"
               " ('r1', 'e1', 'paper', ?1)");
    CHECK(sm_store_batch_end(db, &counts, &err) == SM_OK, "end: %s", err.msg);
    CHECK(sm_store_commit(db, &err) == SM_OK, "commit: %s", err.msg);
    return id;
}

/* A second batch changing and deleting what the first wrote, and adding. */
static int64_t
second_batch(sm_store *db)
{
    sm_batch b = { .kind = "import events", .file = "b.csv", .sha256 = "bbb", .label = "src1",
                   .note = "second" };
    sm_batch counts = { .rows = 4, .added = 1, .updated = 2, .same = 1 };
    sm_error err = { 0 };
    int64_t id = 0;

    CHECK(sm_store_begin(db, &err) == SM_OK, "begin: %s", err.msg);
    CHECK(sm_store_batch_begin(db, &b, &id, &err) == SM_OK, "batch: %s", err.msg);
    /* changed twice: kept once, as the first batch wrote it */
    exec_batch(db, id, "UPDATE events SET fatalities = 5, batch = ?1 WHERE uid = 'e1'");
    exec_batch(db, id, "UPDATE events SET fatalities = 6, batch = ?1 WHERE uid = 'e1'");
    exec_batch(db, id, "DELETE FROM events WHERE uid = 'e2'");
    exec_batch(db, id, "INSERT INTO events (uid, date, type, dataset, batch) VALUES"
               " ('e4', '2017-02-10', 'siege', 'src1', ?1)");
    exec_batch(db, id, "UPDATE zones SET name = 'Halab', batch = ?1 WHERE uid = 'z1'");
    exec_batch(db, id, "UPDATE control SET faction = 'opposition', batch = ?1"
               " WHERE place_key = 1");
    exec_batch(db, id, "DELETE FROM event_reports WHERE uid = 'r1'");
    exec_batch(db, id, "INSERT INTO event_reports (uid, event_uid, source, batch) VALUES"
               " ('r2', 'e3', 'radio', ?1)");
    CHECK(sm_store_batch_end(db, &counts, &err) == SM_OK, "end: %s", err.msg);
    CHECK(sm_store_commit(db, &err) == SM_OK, "commit: %s", err.msg);
    return id;
}

/* Everything, logged: what both backends must say alike. */
static char *
scenario(sm_store *db)
{
    sm_buf log = SM_BUF_INIT;
    sm_error err = { 0 };
    sm_store_removal r;
    sm_delete_filter f = SM_DELETE_FILTER_INIT;
    char *empty, *after_first, *after_second, *now;
    int64_t a, b, same = -1;
    sm_status st;

    empty = tables(db);
    a = first_batch(db);
    after_first = tables(db);
    CHECK(strstr(after_first, "kept\n0|0|0|0\n") != NULL, "a first batch keeps nothing:\n%s",
          after_first);
    b = second_batch(db);
    after_second = tables(db);
    CHECK(a == 1 && b == 2, "batches 1 and 2: %" PRId64 ", %" PRId64, a, b);
    CHECK(strstr(after_second, "kept\n2|1|1|1\n") != NULL,
          "e1 (once), e2, z1, control 1 and r1 kept:\n%s", after_second);
    sm_buf_printf(&log, "after first\n%safter second\n%s", after_first, after_second);

    /* the file's hash: the latest batch not undone, not the open one */
    CHECK(sm_store_batch_same_file(db, "aaa", &same, &err) == SM_OK, "%s", err.msg);
    CHECK(same == a, "aaa: batch %" PRId64, same);
    CHECK(sm_store_batch_same_file(db, "zzz", &same, &err) == SM_OK && same == 0,
          "zzz: none, %" PRId64, same);
    CHECK(sm_store_batch_same_file(db, NULL, &same, &err) == SM_OK && same == 0, "NULL: none");
    {
        sm_batch c = { .kind = "import events", .sha256 = "bbb" };
        int64_t open_id = 0;
        CHECK(sm_store_begin(db, &err) == SM_OK, "%s", err.msg);
        CHECK(sm_store_batch_begin(db, &c, &open_id, &err) == SM_OK, "%s", err.msg);
        CHECK(sm_store_batch_begin(db, &c, NULL, &err) == SM_EUSAGE, "a second batch refused");
        sm_error_clear(&err);
        CHECK(sm_store_batch_same_file(db, "bbb", &same, &err) == SM_OK && same == b,
              "bbb while batch %" PRId64 " is open: %" PRId64, open_id, same);
        sm_store_rollback(db);
        CHECK(sm_store_batch_end(db, NULL, &err) == SM_EUSAGE, "a rollback ends the batch");
        sm_error_clear(&err);
    }

    /* undo: dry, refused while a later batch changed its records, real */
    st = sm_store_undo(db, b, true, &r, &err);
    log_removal(&log, "undo 2 dry", st, &r, &err);
    CHECK(st == SM_OK && r.batch == 0 && r.events == 2 && r.zones == 1 && r.control == 1 &&
          r.reports == 1 && r.restored == 5, "undo 2 dry: %s", err.msg);
    now = tables(db);
    CHECK(strcmp(now, after_second) == 0, "a dry run changes nothing:\n%s", now);
    free(now);
    sm_error_clear(&err);
    st = sm_store_undo(db, a, false, &r, &err);
    log_removal(&log, "undo 1", st, &r, &err);
    CHECK(st == SM_EINPUT && strstr(err.msg, "changed since by batch 2"), "undo 1: %s", err.msg);
    sm_error_clear(&err);
    st = sm_store_undo(db, 99, false, &r, &err);
    log_removal(&log, "undo 99", st, &r, &err);
    CHECK(st == SM_ENOTFOUND, "undo 99: %s", err.msg);
    sm_error_clear(&err);
    st = sm_store_undo(db, b, false, &r, &err);
    log_removal(&log, "undo 2", st, &r, &err);
    CHECK(st == SM_OK && r.batch == 3 && r.restored == 5, "undo 2: %s", err.msg);
    now = tables(db);
    CHECK(strcmp(now, after_first) == 0, "undo 2 puts back what batch 1 left:\n%s\nwant\n%s",
          now, after_first);
    free(now);
    sm_error_clear(&err);
    st = sm_store_undo(db, b, false, &r, &err);
    log_removal(&log, "undo 2 again", st, &r, &err);
    CHECK(st == SM_EINPUT && strstr(err.msg, "undone by batch 3"), "%s", err.msg);
    sm_error_clear(&err);
    st = sm_store_undo(db, 3, false, &r, &err);
    log_removal(&log, "undo 3", st, &r, &err);
    CHECK(st == SM_EINPUT && strstr(err.msg, "is an undo"), "%s", err.msg);
    sm_error_clear(&err);

    /* delete: refused without a criterion, or with a bad date; dry; real */
    st = sm_store_delete(db, &f, false, &r, &err);
    log_removal(&log, "delete nothing", st, &r, &err);
    CHECK(st == SM_EUSAGE, "no criterion: %s", err.msg);
    sm_error_clear(&err);
    /* an empty id or source selected every record */
    f.uid = "";
    st = sm_store_delete(db, &f, false, &r, &err);
    log_removal(&log, "delete empty id", st, &r, &err);
    CHECK(st == SM_EUSAGE && strstr(err.msg, "empty"), "empty id: %s", err.msg);
    sm_error_clear(&err);
    f.uid = NULL;
    f.label = "";
    st = sm_store_delete(db, &f, false, &r, &err);
    log_removal(&log, "delete empty source", st, &r, &err);
    CHECK(st == SM_EUSAGE && strstr(err.msg, "empty"), "empty source: %s", err.msg);
    sm_error_clear(&err);
    f.label = NULL;
    f.from = "2017-13-01";
    st = sm_store_delete(db, &f, false, &r, &err);
    log_removal(&log, "delete bad date", st, &r, &err);
    CHECK(st == SM_EUSAGE && strstr(err.msg, "2017-13-01"), "bad date: %s", err.msg);
    sm_error_clear(&err);
    f.from = "2017-01-15";
    f.label = "src1";
    st = sm_store_delete(db, &f, true, &r, &err);
    log_removal(&log, "delete dry", st, &r, &err);
    CHECK(st == SM_OK && r.batch == 0 && r.events == 2 && r.zones == 0 && r.control == 0,
          "delete dry: %s", err.msg);
    now = tables(db);
    CHECK(strcmp(now, after_first) == 0, "a dry run deletes nothing:\n%s", now);
    free(now);
    f.label = "nothing";
    st = sm_store_delete(db, &f, false, &r, &err);
    log_removal(&log, "delete none", st, &r, &err);
    CHECK(st == SM_OK && r.batch == 0, "a delete of nothing records no batch");
    f = (sm_delete_filter)SM_DELETE_FILTER_INIT;
    f.label = "src1";
    f.events = f.zones = true;
    st = sm_store_delete(db, &f, false, &r, &err);
    log_removal(&log, "delete src1", st, &r, &err);
    CHECK(st == SM_OK && r.batch == 4 && r.events == 3 && r.zones == 1 && r.control == 0 &&
          r.reports == 1, "delete src1: %s", err.msg);
    now = tables(db);
    sm_buf_printf(&log, "after delete\n%s", now);
    CHECK(strstr(now, "z2|") && !strstr(now, "e1|") && strstr(now, "kept\n3|1|0|1\n"),
          "src2's zone stays, src1's events go, kept:\n%s", now);
    free(now);
    f = (sm_delete_filter)SM_DELETE_FILTER_INIT;
    f.batch = 1;
    f.control = true;
    f.to = "2017-01-01";
    st = sm_store_delete(db, &f, false, &r, &err);
    log_removal(&log, "delete control", st, &r, &err);
    CHECK(st == SM_OK && r.batch == 5 && r.control == 1, "delete control: %s", err.msg);
    st = sm_store_undo(db, 4, false, &r, &err);
    log_removal(&log, "undo 4", st, &r, &err);
    CHECK(st == SM_OK && r.restored == 5, "undo 4: %s", err.msg);
    st = sm_store_undo(db, 5, false, &r, &err);
    log_removal(&log, "undo 5", st, &r, &err);
    CHECK(st == SM_OK && r.restored == 1, "undo 5: %s", err.msg);
    now = tables(db);
    CHECK(strcmp(now, after_first) == 0, "the deletes undone:\n%s\nwant\n%s", now, after_first);
    free(now);

    CHECK(sm_store_batches_each(db, log_batch, &log, &err) == SM_OK, "%s", err.msg);
    CHECK(strstr(sm_buf_str(&log), "2 import events file=b.csv sha=bbb label=src1 note=second"
                 " user=set rows=4 added=1 updated=2 same=1 kept=0 removed=0 restored=0"
                 " undone_by=3 started=1\n"), "batch 2 listed:\n%s", sm_buf_str(&log));
    CHECK(strstr(sm_buf_str(&log), "3 undo file=- sha=- label=- note=batch 2 user=set rows=0"
                 " added=0 updated=0 same=0 kept=0 removed=5 restored=5"),
          "batch 3 listed:\n%s", sm_buf_str(&log));
    /* batch 2 undone: the hash is no longer found */
    CHECK(sm_store_batch_same_file(db, "bbb", &same, &err) == SM_OK && same == 0,
          "bbb undone: %" PRId64, same);
    sm_buf_printf(&log, "empty\n%s", empty);
    free(empty);
    free(after_first);
    free(after_second);
    now = strdup(sm_buf_str(&log));
    sm_buf_free(&log);
    return now;
}

/* ---- the backends ---------------------------------------------------------- */

/* steps on a new database at where (a file's path or a server's URI): what
 * they logged, or NULL when it does not open. */
static char *
run_on(const char *where, char *(*steps)(sm_store *))
{
    sm_store *db = NULL;
    sm_error err = { 0 };
    char *log;

    CHECK(sm_store_open(where, SM_STORE_CREATE, &db, &err) == SM_OK, "open: %s", err.msg);
    if (db == NULL)
        return NULL;
    log = steps(db);
    sm_store_close(db);
    return log;
}

/* steps on a file, then on a database of the case's own, name, on the test
 * server (when there is one): both must log the same. */
static void
alike_on_both(const char *name, char *(*steps)(sm_store *))
{
    const char *uri = pg_db_new(name);
    char *file_log, *pg_log;

    if (uri == NULL)
        return;
    file_log = run_on(check_path("t.db"), steps);
    pg_log = run_on(uri, steps);
    CHECK(file_log && pg_log && strcmp(file_log, pg_log) == 0,
          "the same on both:\n--- file\n%s\n--- PostgreSQL\n%s", file_log ? file_log : "",
          pg_log ? pg_log : "");
    free(file_log);
    free(pg_log);
}

static void
test_batches_kept_and_undone_on_a_file(void)
{
    free(run_on(check_path("t.db"), scenario));
}

static void
test_batches_alike_on_postgresql(void)
{
    alike_on_both("batches", scenario);
}

/* Count of a table's rows, by SQL. */
static long
count(sm_store *db, const char *sql)
{
    sm_sql_stmt *s = NULL;
    sm_error err = { 0 };
    long n = -1;

    CHECK(sm_sql_prepare(db, sql, &s, &err) == SM_OK, "%s: %s", sql, err.msg);
    if (s && sm_sql_step(s, &err) == SM_OK)
        n = (long)sm_sql_column_int64(s, 0);
    sm_sql_finalize(s);
    return n;
}

/* On a server, the keeping acts only in the transaction of sitmap's batch:
 * another connection's edits, made meanwhile, keep nothing, and neither do
 * edits after the batch ended. */
static void
test_other_clients_edits_not_kept(void)
{
    const char *uri = pg_db_new("batches_other");
    sm_store *db = NULL, *other = NULL;
    sm_error err = { 0 };
    sm_batch b = { .kind = "import events" };
    int64_t id = 0;

    if (uri == NULL)
        return;
    CHECK(sm_store_open(uri, SM_STORE_CREATE, &db, &err) == SM_OK, "open: %s", err.msg);
    CHECK(sm_store_open(uri, SM_STORE_WRITE, &other, &err) == SM_OK, "open: %s", err.msg);
    if (db == NULL || other == NULL) {
        sm_store_close(db);
        sm_store_close(other);
        return;
    }
    first_batch(db);
    CHECK(sm_store_begin(db, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_batch_begin(db, &b, &id, &err) == SM_OK, "%s", err.msg);
    /* while sitmap's batch is open: the other client, in its own
     * transactions, outside any batch */
    exec(other, "UPDATE events SET fatalities = 9 WHERE uid = 'e2'");
    exec(other, "DELETE FROM event_reports WHERE uid = 'r1'");
    exec(other, "BEGIN; UPDATE zones SET name = 'x' WHERE uid = 'z2'; COMMIT");
    CHECK(count(other, "SELECT count(*) FROM events_replaced") == 0 &&
          count(other, "SELECT count(*) FROM event_reports_replaced") == 0 &&
          count(other, "SELECT count(*) FROM zones_replaced") == 0,
          "another client's edits are not kept");
    /* the batch's own edits are */
    exec_batch(db, id, "UPDATE events SET fatalities = 7, batch = ?1 WHERE uid = 'e1'");
    CHECK(count(db, "SELECT count(*) FROM events_replaced WHERE replaced_by = 2") == 1,
          "the batch's edit is kept");
    CHECK(sm_store_batch_end(db, NULL, &err) == SM_OK, "%s", err.msg);
    /* after the batch's end, in its transaction, and after the commit */
    exec(db, "UPDATE events SET fatalities = 8 WHERE uid = 'e3'");
    CHECK(sm_store_commit(db, &err) == SM_OK, "%s", err.msg);
    exec(db, "UPDATE control SET source = 'x'");
    CHECK(count(db, "SELECT count(*) FROM events_replaced") == 1 &&
          count(db, "SELECT count(*) FROM control_replaced") == 0,
          "nothing kept outside the batch");
    sm_store_close(other);
    sm_store_close(db);
}

/* On a server, as on a file, batches take turns: a second waits for the
 * first's transaction to end (here it gives up after a fifth of a second),
 * then takes the next number. */
static void
test_batches_take_turns(void)
{
    const char *uri = pg_db_new("batches_turns");
    sm_store *db = NULL, *other = NULL;
    sm_store_wait wait = { .max_s = 0.2 };
    sm_error err = { 0 };
    sm_batch b = { .kind = "import events" };
    int64_t id = 0;

    if (uri == NULL)
        return;
    CHECK(sm_store_open(uri, SM_STORE_CREATE, &db, &err) == SM_OK, "open: %s", err.msg);
    CHECK(sm_store_open_wait(uri, SM_STORE_WRITE, &wait, &other, &err) == SM_OK, "open: %s",
          err.msg);
    if (db == NULL || other == NULL) {
        sm_store_close(db);
        sm_store_close(other);
        return;
    }
    CHECK(sm_store_begin(db, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_batch_begin(db, &b, &id, &err) == SM_OK && id == 1, "first: %s", err.msg);
    CHECK(sm_store_begin(other, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_batch_begin(other, &b, &id, &err) == SM_EDB && strstr(err.msg, "lock"),
          "the second waits, then gives up: %s", err.msg);
    sm_store_rollback(other);
    sm_error_clear(&err);
    CHECK(sm_store_batch_end(db, NULL, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_commit(db, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_begin(other, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_batch_begin(other, &b, &id, &err) == SM_OK && id == 2, "then its turn: %s",
          err.msg);
    CHECK(sm_store_batch_end(other, NULL, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_commit(other, &err) == SM_OK, "%s", err.msg);
    sm_store_close(other);
    sm_store_close(db);
}

/* A database of schema 10 made before the keeping: a batch says to run
 * init, and init adds it, as often as it runs. */
static void
test_init_adds_the_keeping(void)
{
    const char *uri = pg_db_new("batches_init");
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_batch b = { .kind = "import events" };
    sm_store_removal r;

    if (uri == NULL)
        return;
    CHECK(sm_store_open(uri, SM_STORE_CREATE, &db, &err) == SM_OK, "open: %s", err.msg);
    if (db == NULL)
        return;
    exec(db, "DROP FUNCTION sitmap_keep() CASCADE; ALTER TABLE events_replaced DROP COLUMN seq;"
         " ALTER TABLE zones_replaced DROP COLUMN seq");
    sm_store_close(db);
    CHECK(sm_store_open(uri, SM_STORE_WRITE, &db, &err) == SM_OK, "open: %s", err.msg);
    if (db == NULL)
        return;
    CHECK(sm_store_begin(db, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_batch_begin(db, &b, NULL, &err) == SM_EINPUT &&
          strstr(err.msg, "run `sitmap init`"), "a batch without the keeping: %s", err.msg);
    sm_store_rollback(db);
    sm_store_close(db);
    for (int i = 0; i < 2; i++) {
        sm_error_clear(&err);
        CHECK(sm_store_open(uri, SM_STORE_CREATE, &db, &err) == SM_OK, "init %d: %s", i,
              err.msg);
        if (db == NULL)
            return;
        CHECK(count(db, "SELECT count(*) FROM pg_trigger WHERE tgname = 'sitmap_keep'") == 4,
              "init %d: four triggers", i);
        CHECK(count(db, "SELECT count(*) FROM information_schema.columns WHERE"
                    " table_name LIKE '%\\_replaced' AND column_name = 'seq'") == 4,
              "init %d: four twins numbered", i);
        sm_store_close(db);
    }
    CHECK(sm_store_open(uri, SM_STORE_WRITE, &db, &err) == SM_OK, "open: %s", err.msg);
    if (db == NULL)
        return;
    first_batch(db);
    second_batch(db);
    CHECK(sm_store_undo(db, 2, false, &r, &err) == SM_OK && r.restored == 5, "undo: %s",
          err.msg);
    sm_store_close(db);
}

/* ---- loading in bulk ---------------------------------------------------------- */

/* One event's row into a bulk load's writer (PostgreSQL's COPY); false
 * when the load leaves it to the caller (a uid it had, or a file, whose
 * fast way is events.c's INSERT OR FAIL), which then writes it as outside
 * a load. */
static bool
bulk_row(sm_store *db, const char *uid, const char *date, int fatalities, bool point)
{
    sm_sql_rows *r = NULL;
    sm_error err = { 0 }, ignored = { 0 };
    char iso[SM_DAY_ISO_LEN];
    sm_bulk_way way;
    sm_day day;

    CHECK(sm_store__bulk_event(db, uid, &way, &r, &err) == SM_OK, "%s: %s", uid, err.msg);
    sm_day_parse(date, &day);
    if (way == SM_BULK_INSERT) {    /* a file: through events.c's INSERT OR FAIL */
        sm_event ev = { .uid = uid, .day = day, .date_precision = SM_PRECISION_1,
                        .type = SM_EVENT_CLASH, .place = "Aleppo \\ \"tab\there\"",
                        .geo_precision = SM_PRECISION_2, .fatalities = fatalities,
                        .source = "src", .notes = "notes\nover two lines", .dataset = "bulk",
                        .has_point = point, .lon_deg = 37.25, .lat_deg = 36.5,
                        .attrs = "{\"a\":1}" };
        sm_put_result res;
        CHECK(sm_store_event_put(db, &ev, &res, &err) == SM_OK, "%s: %s", uid, err.msg);
        return res == SM_PUT_NEW;
    }
    if (way != SM_BULK_ROWS)
        return false;
    sm_sql_rows_text(r, uid);
    sm_sql_rows_text(r, sm_day_format(day, iso));
    sm_sql_rows_int64(r, 1);
    sm_sql_rows_text(r, "clash");
    for (int i = 4; i < 10; i++)          /* sub_type .. place */
        sm_sql_rows_text(r, i == 9 ? "Aleppo \\ \"tab\there\"" : NULL);
    sm_sql_rows_null(r);                  /* place_id */
    sm_sql_rows_int64(r, 2);
    sm_sql_rows_int64(r, fatalities);
    sm_sql_rows_text(r, "src");
    sm_sql_rows_text(r, NULL);
    sm_sql_rows_text(r, "notes\nover two lines");
    sm_sql_rows_null(r);                  /* updated */
    sm_sql_rows_text(r, "bulk");
    if (point)
        sm_sql_rows_point(r, 37.25, 36.5);
    else
        sm_sql_rows_null(r);
    sm_sql_rows_text(r, "{\"a\":1}");
    sm_sql_rows_int64(r, db->batch);
    /* a file's insert refuses a uid it has: the caller's then */
    return sm_sql_rows_row_end(r, &ignored) == SM_OK;
}

static char *
bulk_scenario(sm_store *db)
{
    sm_batch b = { .kind = "import events" };
    sm_error err = { 0 };
    sm_buf out = SM_BUF_INIT;
    char *text;

    /* a load given up: nothing stays, and the handle goes on */
    CHECK(sm_store_begin(db, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_batch_begin(db, &b, NULL, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store__bulk_maybe(db, &err) == SM_OK && db->bulk, "a bulk load: %s", err.msg);
    CHECK(bulk_row(db, "x1", "2017-01-01", 1, true), "x1 loaded");
    sm_store_rollback(db);
    CHECK(!db->bulk, "the rollback ends the load");

    CHECK(sm_store_begin(db, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store_batch_begin(db, &b, NULL, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_store__bulk_maybe(db, &err) == SM_OK && db->bulk, "a bulk load: %s", err.msg);
    CHECK(bulk_row(db, "b1", "2017-01-01", 1, true), "b1 loaded");
    CHECK(bulk_row(db, "b2", "2017-01-02", 2, false), "b2 loaded");
    /* a uid the load had: the caller's upsert, then the load goes on */
    CHECK(!bulk_row(db, "b1", "2017-01-01", 3, true), "b1 again is the caller's");
    exec(db, "UPDATE events SET fatalities = 3 WHERE uid = 'b1'");
    CHECK(bulk_row(db, "b3", "2017-01-04", 4, true), "b3 loaded");
    /* any statement meanwhile (a read here) */
    dump_query(db, "SELECT count(*) FROM events", 1, &out);
    for (int i = 0; i < 3000; i++) {
        char uid[16];
        snprintf(uid, sizeof(uid), "m%04d", i);
        CHECK(bulk_row(db, uid, "2017-02-01", i % 7, i % 2), "%s loaded", uid);
    }
    CHECK(sm_store_batch_end(db, NULL, &err) == SM_OK, "end: %s", err.msg);
    CHECK(!db->bulk, "the batch's end ends the load");
    CHECK(sm_store_commit(db, &err) == SM_OK, "commit: %s", err.msg);
    dump_query(db, "SELECT uid, date, fatalities, place, notes, attrs, batch FROM events"
               " WHERE uid LIKE 'b%' ORDER BY uid", 7, &out);
    dump_query(db, "SELECT count(*), sum(fatalities), count(geom), min(uid), max(uid)"
               " FROM events", 5, &out);
    CHECK(strstr(sm_buf_str(&out), "b1|2017-01-01|3|Aleppo \\ \"tab\there\"|"
                 "notes\nover two lines|{\"a\":1}|1\n") != NULL, "b1 as written:\n%s",
          sm_buf_str(&out));
    CHECK(strstr(sm_buf_str(&out), "3003|9003|1502|b1|m2999\n") != NULL, "the whole load:\n%s",
          sm_buf_str(&out));
    text = strdup(sm_buf_str(&out));
    sm_buf_free(&out);
    return text;
}

static void
test_bulk_load_on_a_file(void)
{
    free(run_on(check_path("t.db"), bulk_scenario));
}

static void
test_bulk_load_alike_on_postgresql(void)
{
    alike_on_both("batches_bulk", bulk_scenario);
}

static const check_case cases[] = {
    { "bulk_load_on_a_file", test_bulk_load_on_a_file },
    { "bulk_load_alike_on_postgresql", test_bulk_load_alike_on_postgresql },
    { "batches_kept_and_undone_on_a_file", test_batches_kept_and_undone_on_a_file },
    { "batches_alike_on_postgresql", test_batches_alike_on_postgresql },
    { "other_clients_edits_not_kept", test_other_clients_edits_not_kept },
    { "batches_take_turns", test_batches_take_turns },
    { "init_adds_the_keeping", test_init_adds_the_keeping },
};

CHECK_MAIN(cases)
