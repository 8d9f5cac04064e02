/* SPDX-License-Identifier: MIT */
/*
 * batches.c - every change to events, zones and control as one recorded
 * batch, and the undoing of one.
 *
 * The records a batch writes carry its id (the puts bind db->batch). While
 * a batch is open, triggers copy a record that an earlier batch wrote into
 * its table's *_replaced twin before the batch updates or deletes it
 * (schema.c, version 10). On a file they are temporary triggers on this
 * connection, made once per connection, that fire only while temp.sm_keep
 * holds the open batch; on PostgreSQL they are the schema's (pg_schema.c)
 * and act only while the transaction's setting sitmap.batch holds it. Undoing
 * the batch deletes the records carrying its id and inserts back the twins'
 * rows it replaced. Other tools editing the database (QGIS, ogr2ogr) keep
 * nothing: on a file the triggers exist only on sitmap's connection, on a
 * server their transactions have no sitmap.batch.
 *
 * One body for both backends, on the statement layer (sql.h); what differs
 * is sm_sql_dialect's.
 */
#include "store/sql.h"
#include "store/store_int.h"

#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"

/* The tables whose records batches write, and what names one record. */
static const struct {
    const char *table;
    const char *key;      /* the columns that identify a record */
} tracked[] = {
    { "events", "uid" },
    { "zones", "uid" },
    { "control", "place_key, valid_from" },
    { "event_reports", "uid" },
};

void
sm_store__bind_batch_sql(sm_store *db, sm_sql_stmt *s, int i)
{
    if (db->batch)
        sm_sql_bind_int64(s, i, db->batch);
    else
        sm_sql_bind_null(s, i);
}

/* Run s to its end (rows it returns are not wanted); *changes, when
 * given, gets the rows it changed added. Finalizes s. */
static sm_status
run(sm_sql_stmt *s, long *changes, sm_error *err)
{
    sm_status st;

    while ((st = sm_sql_step(s, err)) == SM_OK)
        ;
    if (st == SM_ENOTFOUND) {
        st = SM_OK;
        if (changes)
            *changes += sm_sql_changes(s);
    }
    sm_sql_finalize(s);
    return st;
}

static const char *
user_name(void)
{
    const char *u = getenv("SITMAP_USER");
    struct passwd *pw;

    if (u == NULL || *u == '\0')
        u = getenv("USER");
    if ((u == NULL || *u == '\0') && (pw = getpwuid(getuid())) != NULL)
        u = pw->pw_name;
    return u && *u ? u : "unknown";
}

/* The columns of table but its row id, as "a, b" and as "OLD.a, OLD.b". */
static sm_status
columns_of(sm_store *db, const char *table, sm_buf *cols, sm_buf *old, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st, out = SM_OK;

    if ((st = sm_sql_prepare(db, sm_sql_dialect(db, SM_SQL_COLUMNS), &s, err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, table);
    while ((st = sm_sql_step(s, err)) == SM_OK && out == SM_OK) {
        const char *name = sm_sql_column_text(s, 0);
        if (strcmp(name, "id") == 0)
            continue; /* a record put back takes a new row id */
        out = sm_buf_printf(cols, "%s%s", cols->len ? ", " : "", name);
        if (out == SM_OK && old)
            out = sm_buf_printf(old, "%sOLD.%s", old->len ? ", " : "", name);
    }
    sm_sql_finalize(s);
    if (out != SM_OK)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return st == SM_ENOTFOUND ? SM_OK : st;
}

/* The triggers that keep what a batch replaces. On a file, temporary ones,
 * created once per connection: a trigger created and dropped with each
 * batch made SQLite read the whole schema (SpatiaLite's is large) again for
 * every batch. They fire only while temp.sm_keep holds the open batch's id,
 * which open_batch puts there and sm_store__batch_close takes away. On a
 * server the schema's, whose presence is checked once per connection. */
static sm_status
keep_triggers(sm_store *db, sm_error *err)
{
    static const char *const ops[] = { "UPDATE", "DELETE" };
    const char *trigger = sm_sql_dialect(db, SM_SQL_KEEP_TRIGGER);
    sm_buf sql = SM_BUF_INIT;
    sm_status st = SM_OK;

    if (db->keep_ready)
        return SM_OK;
    if (sm_buf_puts(&sql, sm_sql_dialect(db, SM_SQL_KEEP_MAKE)) != SM_OK)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    for (size_t t = 0; t < SM_LEN(tracked) && trigger && st == SM_OK; t++) {
        sm_buf cols = SM_BUF_INIT, old = SM_BUF_INIT;
        const char *table = tracked[t].table;

        st = columns_of(db, table, &cols, &old, err);
        for (size_t o = 0; o < SM_LEN(ops) && st == SM_OK; o++)
            if (sm_buf_printf(&sql, trigger, table, ops[o], ops[o], table, table,
                              sm_buf_str(&cols), sm_buf_str(&old)) != SM_OK)
                st = sm_fail(err, SM_ENOMEM, "out of memory");
        sm_buf_free(&cols);
        sm_buf_free(&old);
    }
    if (st == SM_OK && (st = sm_sql_exec(db, sm_buf_str(&sql), err)) != SM_OK && !trigger) {
        char why[sizeof(err->msg)];
        snprintf(why, sizeof(why), "%s", err->msg);
        sm_error_clear(err);
        st = sm_fail(err, SM_EINPUT, "%s; run `sitmap init` to add the keeping of what a"
                     " batch replaces", why);
    }
    sm_buf_free(&sql);
    /* made inside the batch's transaction: a rollback takes them away
     * again (sm_store_rollback clears keep_ready) */
    db->keep_ready = st == SM_OK;
    return st;
}

/* Keep what the open batch replaces (keep), or no longer. */
static sm_status
keep_set(sm_store *db, bool keep, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, sm_sql_dialect(db, keep ? SM_SQL_KEEP_ON : SM_SQL_KEEP_OFF),
                             &s, err)) != SM_OK)
        return st;
    if (keep)
        sm_sql_bind_int64(s, 1, db->batch);
    if ((st = run(s, NULL, err)) != SM_OK)
        return st;
    db->keeping = keep;
    return SM_OK;
}

/* A server's batches take turns (SM_SQL_BATCH_LOCK). The turn is tried
 * first, so that a writer that must wait for another says so, as a file's
 * does (open.c's busy handler); then waited for, as long as the
 * connection's lock_timeout lets it (sm_store_wait's max_s). */
static sm_status
take_turn(sm_store *db, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    bool taken;
    sm_status st;

    if (!*sm_sql_dialect(db, SM_SQL_BATCH_LOCK))
        return SM_OK;
    if ((st = sm_sql_prepare(db, sm_sql_dialect(db, SM_SQL_BATCH_TRY_LOCK), &s, err)) != SM_OK)
        return st;
    st = sm_sql_step(s, err);
    taken = st == SM_OK && sm_sql_column_int64(s, 0) == 1;
    sm_sql_finalize(s);
    if (st != SM_OK)
        return st == SM_ENOTFOUND ? sm_fail(err, SM_EDB, "%s: no answer to the batch lock",
                                            db->path)
                                  : st;
    if (taken)
        return SM_OK;
    if (db->wait.waiting)
        db->wait.waiting(db->wait.ctx, db->path, 0.0);
    return sm_sql_exec(db, sm_sql_dialect(db, SM_SQL_BATCH_LOCK), err);
}

static sm_status
open_batch(sm_store *db, const sm_batch *b, bool keep, int64_t *id, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    char started[32];
    time_t now = time(NULL);
    struct tm tm;
    sm_status st;

    if (!db->in_tx)
        return sm_fail(err, SM_EUSAGE, "a batch opens inside a transaction");
    if (db->batch)
        return sm_fail(err, SM_EUSAGE, "batch %" PRId64 " is still open", db->batch);
    if (b == NULL || b->kind == NULL)
        return sm_fail(err, SM_EUSAGE, "a batch needs a kind");
    gmtime_r(&now, &tm);
    strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* numbered as SQLite numbers rows, the last number and one: a rolled
     * back batch leaves no gap on either backend (a sequence would), and
     * the lock keeps two writers from taking the same number */
    if ((st = take_turn(db, err)) != SM_OK)
        return st;
    if ((st = sm_sql_prepare(db, "INSERT INTO batches (id, kind, file, sha256, label, note,"
                             " \"user\", started) VALUES ((SELECT coalesce(max(id), 0) + 1"
                             " FROM batches), ?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id", &s,
                             err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, b->kind);
    sm_sql_bind_text(s, 2, b->file);
    sm_sql_bind_text(s, 3, b->sha256);
    sm_sql_bind_text(s, 4, b->label);
    sm_sql_bind_text(s, 5, b->note);
    sm_sql_bind_text(s, 6, user_name());
    sm_sql_bind_text(s, 7, started);
    if ((st = sm_sql_step(s, err)) == SM_OK)
        db->batch = sm_sql_column_int64(s, 0);
    sm_sql_finalize(s);
    if (st != SM_OK)
        return st == SM_ENOTFOUND ? sm_fail(err, SM_EDB, "%s: cannot record the batch", db->path)
                                  : st;
    if (keep && ((st = keep_triggers(db, err)) != SM_OK ||
                 (st = keep_set(db, true, err)) != SM_OK)) {
        db->batch = 0;
        return st;
    }
    if (id)
        *id = db->batch;
    return SM_OK;
}

sm_status
sm_store_batch_begin(sm_store *db, const sm_batch *b, int64_t *id, sm_error *err)
{
    return open_batch(db, b, true, id, err);
}

void
sm_store__batch_close(sm_store *db)
{
    if (db->batch) {
        sm_error ignored = { 0 };
        if (db->keeping)
            keep_set(db, false, &ignored);
        db->batch = 0;
        db->bulk_tried = false;
    }
}

sm_status
sm_store_batch_end(sm_store *db, const sm_batch *c, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if (db->batch == 0)
        return sm_fail(err, SM_EUSAGE, "no batch is open");
    if (sm_store__bulk_end(db, err) != SM_OK)
        return SM_EDB;
    if ((st = sm_sql_prepare(db, "UPDATE batches SET rows = ?2, added = ?3, updated = ?4,"
                             " same = ?5, kept = ?6, removed = ?7, restored = ?8 WHERE id = ?1",
                             &s, err)) != SM_OK)
        return st;
    sm_sql_bind_int64(s, 1, db->batch);
    sm_sql_bind_int64(s, 2, c ? c->rows : 0);
    sm_sql_bind_int64(s, 3, c ? c->added : 0);
    sm_sql_bind_int64(s, 4, c ? c->updated : 0);
    sm_sql_bind_int64(s, 5, c ? c->same : 0);
    sm_sql_bind_int64(s, 6, c ? c->kept : 0);
    sm_sql_bind_int64(s, 7, c ? c->removed : 0);
    sm_sql_bind_int64(s, 8, c ? c->restored : 0);
    if ((st = run(s, NULL, err)) != SM_OK)
        return st;
    sm_store__batch_close(db);
    return SM_OK;
}

static const char batch_columns[] =
    "id, kind, file, sha256, label, note, \"user\", started, rows, added, updated, same, kept,"
    " removed, restored, undone_by";

static void
read_batch(sm_sql_stmt *s, sm_batch *b)
{
    memset(b, 0, sizeof(*b));
    b->id = sm_sql_column_int64(s, 0);
    b->kind = sm_sql_column_text(s, 1);
    b->file = sm_sql_column_text(s, 2);
    b->sha256 = sm_sql_column_text(s, 3);
    b->label = sm_sql_column_text(s, 4);
    b->note = sm_sql_column_text(s, 5);
    b->user = sm_sql_column_text(s, 6);
    b->started = sm_sql_column_text(s, 7);
    b->rows = (long)sm_sql_column_int64(s, 8);
    b->added = (long)sm_sql_column_int64(s, 9);
    b->updated = (long)sm_sql_column_int64(s, 10);
    b->same = (long)sm_sql_column_int64(s, 11);
    b->kept = (long)sm_sql_column_int64(s, 12);
    b->removed = (long)sm_sql_column_int64(s, 13);
    b->restored = (long)sm_sql_column_int64(s, 14);
    b->undone_by = sm_sql_column_int64(s, 15);
}

sm_status
sm_store_batches_each(sm_store *db, void (*fn)(const sm_batch *b, void *user), void *user,
                      sm_error *err)
{
    sm_sql_stmt *s = NULL;
    char sql[256];
    sm_status st;

    snprintf(sql, sizeof(sql), "SELECT %s FROM batches ORDER BY id", batch_columns);
    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    while ((st = sm_sql_step(s, err)) == SM_OK) {
        sm_batch b;
        read_batch(s, &b);
        fn(&b, user);
    }
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_store_batch_same_file(sm_store *db, const char *sha256, int64_t *id, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    *id = 0;
    if (sha256 == NULL)
        return SM_OK;
    if ((st = sm_sql_prepare(db, "SELECT max(id) FROM batches WHERE sha256 = ?1"
                             " AND undone_by IS NULL AND id IS DISTINCT FROM ?2", &s,
                             err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, sha256);
    sm_store__bind_batch_sql(db, s, 2);
    if ((st = sm_sql_step(s, err)) == SM_OK)
        *id = sm_sql_column_int64(s, 0);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

/* ---- delete and undo ---------------------------------------------------- */

/* Run sql with ?1 bound to id (and ?2.. to texts); *changes gets the rows
 * it changed. */
static sm_status
run_counted(sm_store *db, const char *sql, int64_t id, const char *const *texts, int ntexts,
            long *changes, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    sm_sql_bind_int64(s, 1, id);
    for (int i = 0; i < ntexts; i++)
        sm_sql_bind_text(s, i + 2, texts[i]);
    return run(s, changes, err);
}

static bool
valid_day(const char *text, char iso[SM_DAY_ISO_LEN])
{
    sm_day d;

    if (text == NULL)
        return true;
    if (!sm_day_parse(text, &d))
        return false;
    sm_day_format(d, iso);
    return true;
}

/* The condition on a table selecting f's records: ?1 batch, ?2 uid, ?3
 * label, ?4 from, ?5 to. Each parameter's first use compares it with a
 * column, which tells PostgreSQL its type. */
static sm_status
filter_sql(sm_buf *out, const char *table, bool with_batch, sm_error *err)
{
    bool events = strcmp(table, "events") == 0, zones = strcmp(table, "zones") == 0;
    const char *label = events ? "dataset" : "source";
    const char *day = events ? "date" : "valid_from";

    if (sm_buf_printf(out, "%s%s AND (%s = ?3 OR ?3 IS NULL)"
                      " AND (%s >= ?4 OR ?4 IS NULL) AND (%s <= ?5 OR ?5 IS NULL)",
                      with_batch ? "(batch = ?1 OR ?1 = 0) AND " : "",
                      events || zones ? "(uid = ?2 OR ?2 IS NULL)" : "CAST(?2 AS TEXT) IS NULL",
                      label, day, day) != SM_OK)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return SM_OK;
}

static sm_status
delete_from(sm_store *db, const char *table, const sm_delete_filter *f,
            const char *const texts[4], long *n, sm_error *err)
{
    sm_buf sql = SM_BUF_INIT;
    sm_status st;

    if (strcmp(table, "event_reports") == 0) {
        /* the reports of the events deleted, and those the batch added */
        st = sm_buf_puts(&sql, "DELETE FROM event_reports WHERE event_uid IN"
                         " (SELECT uid FROM events WHERE ");
        if (st == SM_OK)
            st = filter_sql(&sql, "events", true, err);
        if (st == SM_OK)
            st = sm_buf_puts(&sql, ") OR (batch = ?1 AND ?1 <> 0 AND event_uid IN"
                             " (SELECT uid FROM events WHERE ");
        if (st == SM_OK)
            st = filter_sql(&sql, "events", false, err);
        if (st == SM_OK)
            st = sm_buf_puts(&sql, "))");
    } else {
        st = sm_buf_printf(&sql, "DELETE FROM %s WHERE ", table);
        if (st == SM_OK)
            st = filter_sql(&sql, table, true, err);
    }
    if (st == SM_OK)
        st = run_counted(db, sm_buf_str(&sql), f->batch, texts, 4, n, err);
    else if (st == SM_ENOMEM)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    sm_buf_free(&sql);
    return st;
}

static sm_status
describe_filter(const sm_delete_filter *f, sm_buf *note)
{
    sm_status st = SM_OK;

    if (f->batch)
        st = sm_buf_printf(note, " batch %" PRId64, f->batch);
    if (st == SM_OK && f->uid)
        st = sm_buf_printf(note, " id %s", f->uid);
    if (st == SM_OK && f->label)
        st = sm_buf_printf(note, " source %s", f->label);
    if (st == SM_OK && f->from)
        st = sm_buf_printf(note, " from %s", f->from);
    if (st == SM_OK && f->to)
        st = sm_buf_printf(note, " to %s", f->to);
    if (st == SM_OK && (f->events || f->zones || f->control))
        st = sm_buf_printf(note, " %s%s%s", f->events ? "events " : "",
                           f->zones ? "zones " : "", f->control ? "control " : "");
    return st;
}

/* End a delete or undo: record it, then commit, or roll back a dry run or
 * a delete of nothing. */
static sm_status
finish(sm_store *db, sm_batch *counts, bool dry_run, bool keep_empty, sm_store_removal *out,
       sm_status st, sm_error *err)
{
    if (st == SM_OK)
        st = sm_store_batch_end(db, counts, err);
    if (st == SM_OK && !dry_run && (keep_empty || counts->removed + counts->restored > 0))
        return sm_store_commit(db, err);
    sm_store_rollback(db);
    if (st == SM_OK)
        out->batch = 0;
    return st;
}

sm_status
sm_store_delete(sm_store *db, const sm_delete_filter *f, bool dry_run,
                sm_store_removal *out, sm_error *err)
{
    char from[SM_DAY_ISO_LEN], to[SM_DAY_ISO_LEN];
    const char *texts[4];
    bool all = !f->events && !f->zones && !f->control;
    sm_buf note = SM_BUF_INIT;
    sm_batch b = { .kind = "delete" };
    sm_status st;

    memset(out, 0, sizeof(*out));
    if (f->batch == 0 && f->uid == NULL && f->label == NULL && f->from == NULL &&
        f->to == NULL)
        return sm_fail(err, SM_EUSAGE, "say what to delete: a batch, an id, a source or"
                       " dates");
    /* bound as NULL, an empty text would select every record */
    if ((f->uid && !*f->uid) || (f->label && !*f->label))
        return sm_fail(err, SM_EUSAGE, "an empty %s would select every record",
                       f->uid && !*f->uid ? "id" : "source");
    if (!valid_day(f->from, from) || !valid_day(f->to, to))
        return sm_fail(err, SM_EUSAGE, "\"%s\" is not a date (want YYYY-MM-DD)",
                       valid_day(f->from, from) ? f->to : f->from);
    texts[0] = f->uid;
    texts[1] = f->label;
    texts[2] = f->from ? from : NULL;
    texts[3] = f->to ? to : NULL;
    if (describe_filter(f, &note) != SM_OK)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    b.note = note.len ? sm_buf_str(&note) + 1 : NULL;
    st = sm_store_begin(db, err);
    if (st == SM_OK)
        st = open_batch(db, &b, true, &out->batch, err);
    if (st == SM_OK && (all || f->events))
        st = delete_from(db, "event_reports", f, texts, &out->reports, err);
    if (st == SM_OK && (all || f->events))
        st = delete_from(db, "events", f, texts, &out->events, err);
    if (st == SM_OK && (all || f->zones))
        st = delete_from(db, "zones", f, texts, &out->zones, err);
    if (st == SM_OK && (all || f->control))
        st = delete_from(db, "control", f, texts, &out->control, err);
    b.removed = out->events + out->zones + out->control + out->reports;
    sm_buf_free(&note);
    if (st != SM_OK && db->in_tx) {
        sm_store_rollback(db);
        return st;
    }
    return finish(db, &b, dry_run, false, out, st, err);
}

/* The batches, other than id, that changed what batch id wrote or that
 * hold records it would put back, into `later` (", "-separated). */
static sm_status
later_batches(sm_store *db, int64_t id, sm_buf *later, sm_error *err)
{
    sm_buf sql = SM_BUF_INIT;
    sm_sql_stmt *s = NULL;
    sm_status st = SM_OK, out = SM_OK;

    for (size_t t = 0; t < SM_LEN(tracked) && st == SM_OK; t++) {
        const char *tb = tracked[t].table;
        /* its versions that a later batch replaced */
        st = sm_buf_printf(&sql, "%sSELECT replaced_by FROM %s_replaced WHERE batch = ?1"
                           " AND replaced_by <> ?1", t ? " UNION " : "", tb);
        /* what it would put back that another batch (or tool) wrote since */
        if (st == SM_OK)
            st = sm_buf_printf(&sql, " UNION SELECT coalesce(t.batch, 0) FROM %s_replaced r"
                               " JOIN %s t USING (%s) WHERE r.replaced_by = ?1"
                               " AND t.batch IS DISTINCT FROM ?1", tb, tb, tracked[t].key);
    }
    /* reports other batches added to its events */
    if (st == SM_OK)
        st = sm_buf_puts(&sql, " UNION SELECT coalesce(r.batch, 0) FROM event_reports r"
                         " JOIN events e ON r.event_uid = e.uid WHERE e.batch = ?1"
                         " AND r.batch IS DISTINCT FROM ?1 ORDER BY 1");
    if (st != SM_OK) {
        sm_buf_free(&sql);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    st = sm_sql_prepare(db, sm_buf_str(&sql), &s, err);
    sm_buf_free(&sql);
    if (st != SM_OK)
        return st;
    sm_sql_bind_int64(s, 1, id);
    while ((st = sm_sql_step(s, err)) == SM_OK && out == SM_OK) {
        int64_t b = sm_sql_column_int64(s, 0);
        out = b ? sm_buf_printf(later, "%s%" PRId64, later->len ? ", " : "", b)
                : sm_buf_printf(later, "%sanother tool", later->len ? ", " : "");
    }
    sm_sql_finalize(s);
    if (out != SM_OK)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return st == SM_ENOTFOUND ? SM_OK : st;
}

/* The kind and undoer of batch id; SM_ENOTFOUND if there is none. */
static sm_status
batch_get(sm_store *db, int64_t id, char kind[32], int64_t *undone_by, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT kind, coalesce(undone_by, 0) FROM batches"
                             " WHERE id = ?1", &s, err)) != SM_OK)
        return st;
    sm_sql_bind_int64(s, 1, id);
    if ((st = sm_sql_step(s, err)) == SM_OK) {
        snprintf(kind, 32, "%s", sm_sql_column_text(s, 0));
        *undone_by = sm_sql_column_int64(s, 1);
    }
    sm_sql_finalize(s);
    if (st == SM_ENOTFOUND)
        return sm_fail(err, SM_ENOTFOUND, "there is no batch %" PRId64 " (see `sitmap"
                       " history`)", id);
    return st;
}

static sm_status
undo_tables(sm_store *db, int64_t id, sm_store_removal *out, sm_error *err)
{
    sm_status st = SM_OK;

    for (size_t t = 0; t < SM_LEN(tracked) && st == SM_OK; t++) {
        const char *tb = tracked[t].table;
        long *n = t == 0 ? &out->events : t == 1 ? &out->zones : t == 2 ? &out->control
                                                                  : &out->reports;
        sm_buf cols = SM_BUF_INIT, sql = SM_BUF_INIT;

        st = columns_of(db, tb, &cols, NULL, err);
        if (st == SM_OK &&
            sm_buf_printf(&sql, "DELETE FROM %s WHERE batch = ?1", tb) == SM_OK)
            st = run_counted(db, sm_buf_str(&sql), id, NULL, 0, n, err);
        sm_buf_reset(&sql);
        if (st == SM_OK &&
            sm_buf_printf(&sql, "INSERT INTO %s (%s) SELECT %s FROM %s_replaced"
                          " WHERE replaced_by = ?1 ORDER BY %s", tb, sm_buf_str(&cols),
                          sm_buf_str(&cols), tb, sm_sql_dialect(db, SM_SQL_WRITE_ORDER))
                == SM_OK)
            st = run_counted(db, sm_buf_str(&sql), id, NULL, 0, &out->restored, err);
        sm_buf_reset(&sql);
        if (st == SM_OK &&
            sm_buf_printf(&sql, "DELETE FROM %s_replaced WHERE replaced_by = ?1", tb) == SM_OK)
            st = run_counted(db, sm_buf_str(&sql), id, NULL, 0, NULL, err);
        sm_buf_free(&cols);
        sm_buf_free(&sql);
    }
    return st;
}

static sm_status
mark_undone(sm_store *db, int64_t id, int64_t by, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "UPDATE batches SET undone_by = ?2 WHERE id = ?1", &s,
                             err)) != SM_OK)
        return st;
    sm_sql_bind_int64(s, 1, id);
    sm_sql_bind_int64(s, 2, by);
    return run(s, NULL, err);
}

sm_status
sm_store_undo(sm_store *db, int64_t id, bool dry_run, sm_store_removal *out, sm_error *err)
{
    char kind[32], note[48];
    int64_t undone_by = 0;
    sm_buf later = SM_BUF_INIT;
    sm_batch b = { .kind = "undo", .note = note };
    sm_status st;

    memset(out, 0, sizeof(*out));
    if ((st = sm_store_begin(db, err)) != SM_OK)
        return st;
    st = batch_get(db, id, kind, &undone_by, err);
    if (st == SM_OK && undone_by)
        st = sm_fail(err, SM_EINPUT, "batch %" PRId64 " was undone by batch %" PRId64, id,
                     undone_by);
    if (st == SM_OK && strcmp(kind, "undo") == 0)
        st = sm_fail(err, SM_EINPUT, "batch %" PRId64 " is an undo, which is not undone;"
                     " import the file again instead", id);
    if (st == SM_OK)
        st = later_batches(db, id, &later, err);
    if (st == SM_OK && later.len)
        st = sm_fail(err, SM_EINPUT, "batch %" PRId64 " cannot be undone: what it wrote was"
                     " changed since by batch %s; undo that first", id, sm_buf_str(&later));
    sm_buf_free(&later);
    snprintf(note, sizeof(note), "batch %" PRId64, id);
    /* no triggers: what an undo removes is not kept */
    if (st == SM_OK)
        st = open_batch(db, &b, false, &out->batch, err);
    if (st == SM_OK)
        st = undo_tables(db, id, out, err);
    if (st == SM_OK)
        st = mark_undone(db, id, out->batch, err);
    if (st != SM_OK) {
        sm_store_rollback(db);
        return st;
    }
    b.removed = out->events + out->zones + out->control + out->reports;
    b.restored = out->restored;
    return finish(db, &b, dry_run, true, out, st, err);
}
