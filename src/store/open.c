/* SPDX-License-Identifier: MIT */
/*
 * open.c - opening the database: SQLite with SpatiaLite loaded, WAL journal,
 * the schema version check, transactions and the shared statement helpers.
 *
 * A database opened for reading loads SpatiaLite only when a statement
 * first names one of its functions (a map reads its rows with none): its
 * start, which opens PROJ's own database, costs more than some commands.
 */
#include "store/store_int.h"

#include "core/geolibs.h"
#include "store/pg.h"
#include "store/sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

sm_status
sm_store__fail(sm_store *db, sm_error *err, const char *what)
{
    return sm_fail(err, SM_EDB, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->db));
}

static int busy(void *arg, int count);

/* SpatiaLite's functions and modules on the connection. */
static sm_status
load_spatialite(sm_store *db, sm_error *err)
{
    db->spatialite = spatialite_alloc_connection();
    if (db->spatialite == NULL)
        return sm_fail(err, SM_ENOMEM, "%s: cannot start SpatiaLite", db->path);
    spatialite_init_ex(db->db, db->spatialite, 0);
    /* GEOS and RTTOPO would print their warnings on stderr; the reasons we
     * need are read through ST_IsValidReason instead. */
    spatialite_set_silent_mode(db->spatialite);
    /* SpatiaLite sets a busy timeout of its own (5 s): ours again */
    sqlite3_busy_handler(db->db, busy, db);
    return SM_OK;
}

/* True when SQL failed for want of SpatiaLite, and it is now loaded. */
static bool
loaded_on_demand(sm_store *db)
{
    const char *msg = sqlite3_errmsg(db->db);

    return db->spatialite == NULL &&
           (strncmp(msg, "no such function", 16) == 0 ||
            strncmp(msg, "no such module", 14) == 0) &&
           load_spatialite(db, NULL) == SM_OK;
}

sm_status
sm_store__prepare_in(const char *fn, sm_store *db, sqlite3_stmt **stmt, const char *sql,
                     sm_error *err)
{
    int rc;

    if (db->pg)
        return sm_pg__unsupported(db, fn, err);
    if (*stmt)
        return SM_OK;
    rc = sqlite3_prepare_v2(db->db, sql, -1, stmt, NULL);
    if (rc != SQLITE_OK && loaded_on_demand(db))
        rc = sqlite3_prepare_v2(db->db, sql, -1, stmt, NULL);
    if (rc != SQLITE_OK)
        return sm_store__fail(db, err, "cannot prepare a query");
    return SM_OK;
}

sm_status
sm_store__exec_in(const char *fn, sm_store *db, const char *sql, sm_error *err)
{
    char *msg = NULL;
    int rc;

    if (db->pg)
        return sm_pg__unsupported(db, fn, err);
    rc = sqlite3_exec(db->db, sql, NULL, NULL, &msg);

    /* only a read-only connection loads on demand: running SQL again there
     * changes nothing */
    if (rc != SQLITE_OK && sqlite3_db_readonly(db->db, "main") == 1 && loaded_on_demand(db)) {
        sqlite3_free(msg);
        msg = NULL;
        rc = sqlite3_exec(db->db, sql, NULL, NULL, &msg);
    }
    if (rc != SQLITE_OK) {
        sm_fail(err, SM_EDB, "%s: %s", db->path, msg ? msg : sqlite3_errmsg(db->db));
        sqlite3_free(msg);
        return SM_EDB;
    }
    return SM_OK;
}

bool
sm_store__column_point(sqlite3_stmt *s, int i, double *lon, double *lat)
{
    const unsigned char *blob = sqlite3_column_blob(s, i);
    int n = sqlite3_column_bytes(s, i);

    return blob && n > 0 && gaiaGetMbrMinX(blob, (unsigned)n, lon) &&
           gaiaGetMbrMinY(blob, (unsigned)n, lat);
}

void
sm_store__bind_text(sqlite3_stmt *s, int i, const char *text)
{
    if (text == NULL || *text == '\0')
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
}

void
sm_store__bind_day(sqlite3_stmt *s, int i, sm_day day)
{
    char iso[SM_DAY_ISO_LEN];

    if (day == SM_DAY_NONE || day == SM_DAY_OPEN)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_text(s, i, sm_day_format(day, iso), -1, SQLITE_TRANSIENT);
}

sm_day
sm_store__column_day(sqlite3_stmt *s, int i, sm_day none)
{
    const char *text = (const char *)sqlite3_column_text(s, i);
    sm_day day;

    if (text == NULL || !sm_day_parse(text, &day))
        return none;
    return day;
}

int
sm_store__read_version(sm_store *db)
{
    sqlite3_stmt *s = NULL;
    int version = 0;
    int rc = sqlite3_prepare_v2(db->db,
        "SELECT value FROM meta WHERE key = 'schema_version'", -1, &s, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            version = sqlite3_column_int(s, 0);
        else if (rc != SQLITE_DONE)
            version = (rc & 0xff) == SQLITE_NOTADB ? -1 : -2;
    } else if ((rc & 0xff) == SQLITE_NOTADB) {
        version = -1;
    } else {
        /* No meta table: is it a database with other tables, or none? */
        sqlite3_stmt *any = NULL;
        rc = sqlite3_prepare_v2(db->db, "SELECT count(*) FROM sqlite_master", -1, &any, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(any);
        if (rc != SQLITE_ROW)
            version = (rc & 0xff) == SQLITE_NOTADB ? -1 : -2;
        sqlite3_finalize(any);
    }
    sqlite3_finalize(s);
    return version;
}

static double
now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* SQLite's busy handler: another connection holds the lock. Wait for it,
 * 1 ms at first, doubling up to 100 ms between tries, as long as wait
 * says; tell the caller about once a second. */
static int
busy(void *arg, int count)
{
    sm_store *db = arg;
    double now = now_s();
    int ms = count < 7 ? 1 << count : 100;
    struct timespec pause = { 0, (long)ms * 1000000L };

    if (count == 0)
        db->wait_start = db->wait_told = now;
    if (db->wait.max_s > 0 && now - db->wait_start >= db->wait.max_s)
        return 0;
    if (db->wait.waiting && now - db->wait_told >= 1.0) {
        db->wait_told = now;
        db->wait.waiting(db->wait.ctx, db->path, now - db->wait_start);
    }
    nanosleep(&pause, NULL);
    return 1;
}

/* A new file into WAL mode. The switch takes the file's exclusive lock,
 * and SQLite gives up at once, without the busy handler, while another
 * connection reads it (two `sitmap init` of a new file at once): tried
 * again as the handler waits, as long as it would. */
static sm_status
wal_mode(sm_store *db, sm_error *err)
{
    for (int count = 0;; count++) {
        int rc = sqlite3_exec(db->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return SM_OK;
        if ((rc & 0xff) != SQLITE_BUSY || !busy(db, count))
            return sm_fail(err, SM_EDB, "%s: %s", db->path, sqlite3_errmsg(db->db));
    }
}

static sm_status
configure(sm_store *db, sm_store_mode mode, sm_error *err)
{
    sqlite3_busy_handler(db->db, busy, db);
    /* pages read from the file's mapping (up to 1 GB): no system call for
     * each, which a map's thousands of pages add up to */
    if (sm_store__exec(db, "PRAGMA mmap_size = 1073741824", err) != SM_OK)
        return SM_EDB;
    if (mode == SM_STORE_READ)
        return sm_store__exec(db, "PRAGMA foreign_keys = ON", err);
    if (load_spatialite(db, err) != SM_OK || wal_mode(db, err) != SM_OK)
        return SM_EDB;
    /* temp_store in memory: SQLite's statement journals too, which an
     * import's upserts wrote to a temporary file row by row. A page cache
     * of up to 256 MB (taken only as pages are read): with SQLite's 2 MB,
     * a large import spilled its index and R*Tree pages to the log and read
     * them back again and again, a page written many times over. */
    return sm_store__exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
                          " PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144", err);
}

static sm_status
check_version(sm_store *db, sm_store_mode mode, sm_error *err)
{
    int v = db->version_found = sm_store__read_version(db);

    if (v == -1)
        return sm_fail(err, SM_EINPUT, "%s: not a SQLite database", db->path);
    if (v == -2)
        return sm_store__fail(db, err, "cannot read");
    if (mode == SM_STORE_CREATE && v <= SM_STORE_SCHEMA_VERSION) /* read again under the lock */
        return v < SM_STORE_SCHEMA_VERSION ? sm_store__migrate(db, err) : SM_OK;
    return sm_store__version_usable(db, v, err);
}

sm_status
sm_store__version_usable(sm_store *db, int v, sm_error *err)
{
    if (v > SM_STORE_SCHEMA_VERSION)
        return sm_fail(err, SM_EINPUT,
                       "%s: schema version %d is newer than this sitmap knows (%d); "
                       "use a newer sitmap", db->path, v, SM_STORE_SCHEMA_VERSION);
    if (v == 0)
        return sm_fail(err, SM_EINPUT, "%s: not a sitmap database; run `sitmap init` first",
                       db->path);
    if (v < SM_STORE_SCHEMA_VERSION)
        return sm_fail(err, SM_EINPUT, "%s: schema version %d is older than %d; "
                       "run `sitmap init` to upgrade it", db->path, v,
                       SM_STORE_SCHEMA_VERSION);
    return SM_OK;
}

/* path as an SQLite URI naming it immutable: read without locks or the
 * -shm file, which a read-only folder cannot hold. */
static char *
immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *uri = malloc(3 * n + 32), *o = uri;

    if (uri == NULL)
        return NULL;
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
            o += sprintf(o, "%%%02X", *p);
        else
            *o++ = (char)*p;
    }
    strcpy(o, "?immutable=1");
    return uri;
}

/* A database that could not be read: on read-only media, read it as an
 * immutable file, if its write-ahead log holds nothing. */
static sm_status
open_immutable(sm_store *db, sm_error *err)
{
    size_t n = strlen(db->path);
    char *wal = malloc(n + 5), *uri;
    struct stat sb;
    bool pending;
    sm_status st;

    if (wal == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    snprintf(wal, n + 5, "%s-wal", db->path);
    pending = stat(wal, &sb) == 0 && sb.st_size > 0;
    free(wal);
    if (pending)
        return sm_fail(err, SM_EIO, "%s: cannot read it: its write-ahead log (%s-wal) holds"
                       " changes, which SQLite reads only with a %s-shm file it can create"
                       " or write; open it once where it can be written, or copy the"
                       " database", db->path, db->path, db->path);
    if ((uri = immutable_uri(db->path)) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    sqlite3_close(db->db);
    db->db = NULL;
    if (sqlite3_open_v2(uri, &db->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                        SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        st = sm_fail(err, SM_EIO, "%s: cannot open: %s", db->path,
                     db->db ? sqlite3_errmsg(db->db) : "out of memory");
    else if ((st = configure(db, SM_STORE_READ, err)) == SM_OK)
        st = check_version(db, SM_STORE_READ, err);
    free(uri);
    return st;
}

sm_status
sm_store_open(const char *path, sm_store_mode mode, sm_store **out, sm_error *err)
{
    return sm_store_open_wait(path, mode, NULL, out, err);
}

sm_status
sm_store_open_wait(const char *path, sm_store_mode mode, const sm_store_wait *wait,
                   sm_store **out, sm_error *err)
{
    sm_store *db;
    struct stat sb;
    int flags = mode == SM_STORE_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    sm_status st;

    *out = NULL;
    if (sm_sql_is_pg_uri(path))
        return sm_pg__open(path, mode, wait, out, err);
    if ((st = sm_geolibs_open(err)) != SM_OK)
        return st;
    if (mode != SM_STORE_CREATE && stat(path, &sb) != 0)
        return sm_fail(err, SM_EINPUT, "%s: no such database; run `sitmap init` first", path);
    if (mode == SM_STORE_CREATE)
        flags |= SQLITE_OPEN_CREATE;
    db = calloc(1, sizeof(*db));
    if (db == NULL || (db->path = strdup(path)) == NULL) {
        free(db);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    if (wait)
        db->wait = *wait;
    if (sqlite3_open_v2(path, &db->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        st = sm_fail(err, SM_EIO, "%s: cannot open: %s", path,
                     db->db ? sqlite3_errmsg(db->db) : "out of memory");
        goto fail;
    }
    st = configure(db, mode, err);
    if (st == SM_OK)
        st = check_version(db, mode, err);
    if (st != SM_OK && mode == SM_STORE_READ && db->version_found == -2 &&
        (sqlite3_errcode(db->db) == SQLITE_CANTOPEN ||
         sqlite3_errcode(db->db) == SQLITE_READONLY)) {
        sm_error_clear(err);
        st = open_immutable(db, err);
    }
    if (st != SM_OK)
        goto fail;
    *out = db;
    return SM_OK;
fail:
    if (err && err->status == SM_EDB && strstr(err->msg, "not a database")) {
        sm_error_clear(err);
        st = sm_fail(err, SM_EINPUT, "%s: not a SQLite database", path);
    }
    sm_store_close(db);
    return st;
}

void
sm_store_close(sm_store *db)
{
    if (db == NULL)
        return;
    sm_sql_finalize(db->event_find);
    sm_sql_finalize(db->event_put);
    sm_sql_finalize(db->event_insert);
    sm_sql_finalize(db->zone_check);
    sm_sql_finalize(db->zone_put);
    sm_sql_finalize(db->zone_exists);
    sm_sql_finalize(db->control_find);
    sm_sql_finalize(db->control_put);
    sm_sql_finalize(db->control_exists);
    if (db->pg) {
        sm_store__bulk_reset(db);   /* a COPY under way ends first */
        sm_pg__close(db);
        return;
    }
    if (db->in_tx)
        sm_store_rollback(db);
    sqlite3_close(db->db);
    if (db->spatialite)
        spatialite_cleanup_ex(db->spatialite);
    sm_buf_free(&db->bulk_indexes);
    free(db->path);
    free(db);
}

bool
sm_store_is_server(const char *path)
{
    return sm_sql_is_pg_uri(path);
}

void
sm_store_display_name(const char *path, char *out, size_t cap)
{
    if (sm_sql_is_pg_uri(path))
        sm_sql_uri_redact(path, out, cap);
    else if (cap > 0)
        snprintf(out, cap, "%s", path);
}

int
sm_store_schema_version_found(const sm_store *db)
{
    return db->version_found;
}

sm_status
sm_store_begin(sm_store *db, sm_error *err)
{
    if (db->pg)
        return sm_pg__begin(db, err);
    if (sm_store__exec(db, "BEGIN IMMEDIATE", err) != SM_OK)
        return SM_EDB;
    db->in_tx = true;
    return SM_OK;
}

sm_status
sm_store_commit(sm_store *db, sm_error *err)
{
    if (sm_store__bulk_end(db, err) != SM_OK) {
        sm_store_rollback(db);
        return SM_EDB;
    }
    sm_store__batch_close(db);
    if (db->pg)
        return sm_pg__commit(db, err);
    if (sm_store__exec(db, "COMMIT", err) != SM_OK) {
        sm_store_rollback(db);
        return SM_EDB;
    }
    db->in_tx = false;
    return SM_OK;
}

void
sm_store_rollback(sm_store *db)
{
    if (db->pg) {
        sm_store__bulk_reset(db);   /* a COPY under way ends first */
        sm_pg__rollback(db);
        db->keeping = false;        /* sitmap.batch went with the transaction */
        return;
    }
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = false;
    db->batch = 0;
    sm_store__bulk_reset(db);
    /* temp.sm_keep's row went with the transaction; so did the table and
     * its triggers when the transaction made them */
    db->keeping = false;
    db->keep_ready = sqlite3_exec(db->db, "SELECT 1 FROM temp.sm_keep", NULL, NULL,
                                  NULL) == SQLITE_OK;
}

sm_status
sm_store__cursor_new(sm_store *db, sqlite3_stmt *stmt, sm_store_cursor **out,
                     sm_error *err)
{
    sm_store_cursor *cur = calloc(1, sizeof(*cur));

    *out = NULL;
    if (cur == NULL) {
        sqlite3_finalize(stmt);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    cur->db = db;
    cur->stmt = stmt;
    *out = cur;
    return SM_OK;
}

sm_status
sm_store__cursor_sql(sm_store *db, sm_sql_stmt *s, sm_store_cursor **out, sm_error *err)
{
    if (sm_store__cursor_new(db, NULL, out, err) != SM_OK) {
        sm_sql_finalize(s);
        return SM_ENOMEM;
    }
    sm_sql_cursor(s);
    (*out)->sql = s;
    return SM_OK;
}

sm_status
sm_store__cursor_sql_by_id(sm_store *db, sm_sql_stmt *ids, sm_sql_stmt *fetch,
                           sm_store_cursor **out, sm_error *err)
{
    if (sm_store__cursor_sql(db, ids, out, err) != SM_OK) {
        sm_sql_finalize(fetch);
        return SM_ENOMEM;
    }
    (*out)->sql_fetch = fetch;
    return SM_OK;
}

sm_sql_stmt *
sm_store__cursor_sql_row(const sm_store_cursor *cur)
{
    return cur->sql_fetch ? cur->sql_fetch : cur->sql;
}

sm_status
sm_store__failed(sm_store *db, sm_error *err, sm_status st, const char *what)
{
    char reason[sizeof(err->msg) - sizeof(": a query failed: ") + 1];
    size_t n = strlen(db->path);
    static const char query[] = ": a query failed: ";

    if (err && st == SM_EDB && strncmp(err->msg, db->path, n) == 0 &&
        strncmp(err->msg + n, query, sizeof(query) - 1) == 0) {
        snprintf(reason, sizeof(reason), "%s", err->msg + n + sizeof(query) - 1);
        snprintf(err->msg, sizeof(err->msg), "%.*s: %s: %s", (int)n, db->path, what, reason);
    }
    return st;
}

sm_status
sm_store__cursor_step(sm_store_cursor *cur, sm_error *err)
{
    int rc;

    if (cur->sql) {
        sm_status st = sm_sql_step(cur->sql, err);
        if (st != SM_OK || cur->sql_fetch == NULL)
            return st;
        sm_sql_reset(cur->sql_fetch);
        sm_sql_bind_int64(cur->sql_fetch, 1, sm_sql_column_int64(cur->sql, 0));
        st = sm_sql_step(cur->sql_fetch, err);
        if (st == SM_ENOTFOUND)
            return sm_fail(err, SM_EDB, "%s: a row went while it was read", cur->db->path);
        return st;
    }
    rc = sqlite3_step(cur->stmt);
    if (rc == SQLITE_ROW)
        return SM_OK;
    if (rc == SQLITE_DONE)
        return SM_ENOTFOUND;
    return sm_store__fail(cur->db, err, "cannot read");
}

void
sm_store_cursor_close(sm_store_cursor *cur)
{
    if (cur == NULL)
        return;
    sqlite3_finalize(cur->stmt);
    sm_sql_finalize(cur->sql_fetch);
    sm_sql_finalize(cur->sql);
    free(cur);
}
