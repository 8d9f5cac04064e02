/* SPDX-License-Identifier: MIT */
/*
 * sql_pg.c - the store's statement layer (sql.h), on PostgreSQL through
 * libpq, and on a file through sql_sqlite.c, which a statement on a file
 * (db->pg NULL) is handed to. On PostgreSQL: SQL with ?N placeholders rewritten to $N, parameters sent as text
 * (blobs as binary), results read as text (bytea, such as ST_AsBinary's
 * WKB, in PostgreSQL's hex form, decoded when read); COPY for rows in bulk.
 * A bulk load's COPY under way (bulk.c) ends before any other statement.
 *
 * A statement runs on its first step and keeps its whole result (PQexec-
 * Params); one marked by sm_sql_cursor (a store's cursor over a large
 * table) reads through a server-side cursor instead, FETCH_ROWS rows at a
 * time, leaving the connection free between fetches for the statements its
 * rows lead to (design.md, "Storage backends").
 */
#include "store/pg_int.h"
#include "store/sql_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 64
#define FETCH_ROWS 1000

struct sm_sql_stmt {
    sm_store *db;
    sqlite3_stmt *lite;         /* on a file: SQLite's statement, and nothing below */
    char *sql;                  /* with $N placeholders */
    int nparams;
    char *values[MAX_PARAMS];   /* owned copies; NULL: SQL NULL */
    int lengths[MAX_PARAMS];
    int formats[MAX_PARAMS];    /* 0 text, 1 binary */
    PGresult *res;
    int row;                    /* the current row, -1 before the first */
    long changes;
    bool oom;                   /* a value could not be copied */
    struct blob {               /* decoded bytea of the current row, per column: */
        unsigned char *data;    /* kept from row to row, grown when a value needs it */
        size_t cap;
    } *blobs;
    int nblobs;
    bool kept;                  /* sm_sql_prepare_kept's: prepared on the server ... */
    char prepared[24];          /* ... at its second run, under this name ("": not yet) */
    unsigned runs;
    bool cursor;                /* read through a server-side cursor */
    bool declared;              /* ... which is open, named name, in transaction tx */
    char name[32];
    unsigned tx;
};

/* ---- placeholders and URIs ------------------------------------------------ */

sm_status
sm_sql_placeholders_pg(const char *sql, sm_buf *out, int *nparams, sm_error *err)
{
    int highest = 0;
    const char *p = sql;

    sm_buf_reset(out);
    while (*p) {
        if (*p == '\'' || *p == '"') {          /* a string or a quoted name */
            char q = *p;
            const char *start = p++;
            while (*p && *p != q)
                p++;
            if (*p)
                p++;
            sm_buf_append(out, start, (size_t)(p - start));
        } else if (p[0] == '-' && p[1] == '-') { /* a comment to the line's end */
            const char *start = p;
            while (*p && *p != '\n')
                p++;
            sm_buf_append(out, start, (size_t)(p - start));
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            size_t n = end ? (size_t)(end + 2 - p) : strlen(p);
            sm_buf_append(out, p, n);
            p += n;
        } else if (*p == '$' && p[1] == '$') {   /* a dollar-quoted body */
            const char *end = strstr(p + 2, "$$");
            size_t n = end ? (size_t)(end + 2 - p) : strlen(p);
            sm_buf_append(out, p, n);
            p += n;
        } else if (*p == '?') {
            long n = 0;
            p++;
            if (*p >= '0' && *p <= '9') {
                while (*p >= '0' && *p <= '9' && n <= MAX_PARAMS)
                    n = n * 10 + (*p++ - '0');
                if (n < 1 || n > MAX_PARAMS)
                    return sm_fail(err, SM_EUSAGE, "a statement's placeholder out of 1..%d",
                                   MAX_PARAMS);
            } else {
                n = highest + 1;
                if (n > MAX_PARAMS)
                    return sm_fail(err, SM_EUSAGE, "more than %d placeholders", MAX_PARAMS);
            }
            if (n > highest)
                highest = (int)n;
            sm_buf_printf(out, "$%ld", n);
        } else {
            sm_buf_append(out, p++, 1);
        }
    }
    if (out->failed || sm_buf_str(out) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    *nparams = highest;
    return SM_OK;
}

bool
sm_sql_is_pg_uri(const char *path)
{
    return path && (strncmp(path, "postgresql://", 13) == 0 ||
                    strncmp(path, "postgres://", 11) == 0);
}

void
sm_sql_uri_redact(const char *uri, char *out, size_t cap)
{
    const char *auth = strstr(uri, "://"), *p, *end, *at = NULL, *colon = NULL;
    size_t o = 0;

#define PUT(c) do { if (o + 1 < cap) out[o++] = (c); } while (0)
    if (cap == 0)
        return;
    if (auth == NULL) {
        snprintf(out, cap, "%s", uri);
        return;
    }
    auth += 3;
    end = auth + strcspn(auth, "/?");
    for (p = auth; p < end; p++)
        if (*p == '@')
            at = p;
    if (at)
        for (p = auth; p < at && colon == NULL; p++)
            if (*p == ':')
                colon = p;
    for (p = uri; *p; ) {
        if (colon && p == colon) {              /* user:password@ -> user@ */
            p = at;
            continue;
        }
        if ((*p == '?' || *p == '&') && p > end &&
            strncmp(p + 1, "password=", 9) == 0) { /* drop the parameter */
            const char *next = p + 1 + strcspn(p + 1, "&");
            if (*p == '?' && *next == '&') {
                PUT('?');
                p = next + 1;
            } else {
                p = next;
            }
            continue;
        }
        PUT(*p);
        p++;
    }
    out[o] = '\0';
#undef PUT
}

/* ---- failures ---------------------------------------------------------- */

/* The first line of a libpq message, without "ERROR:  " or a newline. */
static void
one_line(const char *msg, char *out, size_t cap)
{
    size_t n;

    if (msg == NULL || *msg == '\0')
        msg = "unknown failure";
    if (strncmp(msg, "ERROR:  ", 8) == 0)
        msg += 8;
    n = strcspn(msg, "\n");
    while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '\r'))
        n--;
    snprintf(out, cap, "%.*s", (int)n, msg);
}

sm_status
sm_pg__fail(sm_store *db, sm_error *err, const char *what, const PGresult *res)
{
    char reason[400];
    const char *msg = NULL;

    if (res)
        msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (msg == NULL && res)
        msg = PQresultErrorMessage(res);
    if ((msg == NULL || *msg == '\0') && db->pg && db->pg->conn)
        msg = PQerrorMessage(db->pg->conn);
    one_line(msg, reason, sizeof(reason));
    return sm_fail(err, SM_EDB, "%s: %s: %s", db->path, what, reason);
}

sm_status
sm_pg__unsupported(sm_store *db, const char *what, sm_error *err)
{
    return sm_fail(err, SM_EDB, "%s: not yet supported on PostgreSQL: %s", db->path, what);
}

/* ---- statements -------------------------------------------------------- */

sm_status
sm_sql_prepare(sm_store *db, const char *sql, sm_sql_stmt **out, sm_error *err)
{
    sm_buf b = SM_BUF_INIT;
    sm_sql_stmt *s;
    int n = 0;

    *out = NULL;
    if (db->pg == NULL) {
        sm_status st;
        if ((s = calloc(1, sizeof(*s))) == NULL)
            return sm_fail(err, SM_ENOMEM, "out of memory");
        s->db = db;
        if ((st = sm_sql_lite_prepare(db, sql, &s->lite, err)) != SM_OK) {
            free(s);
            return st;
        }
        *out = s;
        return SM_OK;
    }
    if (sm_sql_placeholders_pg(sql, &b, &n, err) != SM_OK) {
        sm_buf_free(&b);
        return err ? err->status : SM_EUSAGE;
    }
    if ((s = calloc(1, sizeof(*s))) == NULL || (s->sql = strdup(sm_buf_str(&b))) == NULL) {
        free(s);
        sm_buf_free(&b);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    sm_buf_free(&b);
    s->db = db;
    s->nparams = n;
    s->row = -1;
    *out = s;
    return SM_OK;
}

sm_status
sm_sql_prepare_kept(sm_store *db, sm_sql_stmt **slot, const char *sql, sm_error *err)
{
    sm_status st;

    if (*slot)
        return SM_OK;
    if ((st = sm_sql_prepare(db, sql, slot, err)) != SM_OK)
        return st;
    (*slot)->kept = true;
    return SM_OK;
}

/* A kept statement's second run prepares it on the server, where it stays
 * until the connection ends (a rollback does not take it back). */
static sm_status
prepare_on_server(sm_sql_stmt *s, sm_error *err)
{
    PGresult *res;
    sm_status st = SM_OK;

    if (!s->kept || s->prepared[0] || s->runs == 0)
        return SM_OK;
    snprintf(s->prepared, sizeof(s->prepared), "sm_kept_%u", ++s->db->pg->kept_seq);
    res = PQprepare(s->db->pg->conn, s->prepared, s->sql, s->nparams, NULL);
    if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
        st = sm_pg__fail(s->db, err, "cannot prepare a statement", res);
        s->prepared[0] = '\0';
    }
    PQclear(res);
    return st;
}

/* value NULL with want true: the copy of a value failed */
static void
set_param(sm_sql_stmt *s, int i, char *value, int len, int format, bool want)
{
    if (value == NULL && want)
        s->oom = true;
    if (i < 1 || i > MAX_PARAMS) {
        free(value);
        return;
    }
    free(s->values[i - 1]);
    s->values[i - 1] = value;
    s->lengths[i - 1] = len;
    s->formats[i - 1] = format;
    if (i > s->nparams)
        s->nparams = i;
}

sqlite3_stmt *
sm_sql_lite_of(const sm_sql_stmt *s)
{
    return s->lite;
}

void
sm_sql_bind_null(sm_sql_stmt *s, int i)
{
    if (s->lite) {
        sm_sql_lite_bind(s->lite, i, SM_SQL_NULL, NULL, 0, 0, 0);
        return;
    }
    set_param(s, i, NULL, 0, 0, false);
}

void
sm_sql_bind_text(sm_sql_stmt *s, int i, const char *text)
{
    if (s->lite) {
        sm_sql_lite_bind(s->lite, i, SM_SQL_TEXT, text, 0, 0, 0);
        return;
    }
    set_param(s, i, text && *text ? strdup(text) : NULL, 0, 0, text && *text);
}

void
sm_sql_bind_text_exact(sm_sql_stmt *s, int i, const char *text)
{
    if (s->lite) {
        if (text == NULL)
            sqlite3_bind_null(s->lite, i);
        else
            sqlite3_bind_text(s->lite, i, text, -1, SQLITE_TRANSIENT);
        return;
    }
    set_param(s, i, text ? strdup(text) : NULL, 0, 0, text != NULL);
}

void
sm_sql_bind_text_static(sm_sql_stmt *s, int i, const char *text)
{
    if (s->lite)
        sm_sql_lite_bind_static(s->lite, i, text);
    else
        sm_sql_bind_text(s, i, text);
}

void
sm_sql_bind_int64(sm_sql_stmt *s, int i, int64_t v)
{
    char t[32];

    if (s->lite) {
        sm_sql_lite_bind(s->lite, i, SM_SQL_INT, NULL, 0, v, 0);
        return;
    }
    snprintf(t, sizeof(t), "%" PRId64, v);
    set_param(s, i, strdup(t), 0, 0, true);
}

void
sm_sql_bind_double(sm_sql_stmt *s, int i, double v)
{
    char t[40];

    if (s->lite) {
        sm_sql_lite_bind(s->lite, i, SM_SQL_REAL, NULL, 0, 0, v);
        return;
    }
    snprintf(t, sizeof(t), "%.17g", v);
    set_param(s, i, strdup(t), 0, 0, true);
}

void
sm_sql_bind_blob(sm_sql_stmt *s, int i, const void *data, size_t len)
{
    char *copy;

    if (s->lite) {
        sm_sql_lite_bind(s->lite, i, SM_SQL_BLOB, data, len, 0, 0);
        return;
    }
    if (data == NULL || len > INT32_MAX) {
        sm_sql_bind_null(s, i);
        return;
    }
    if ((copy = malloc(len ? len : 1)) != NULL)
        memcpy(copy, data, len);
    set_param(s, i, copy, (int)len, 1, true);
}

void
sm_sql_bind_day(sm_sql_stmt *s, int i, sm_day day)
{
    char iso[SM_DAY_ISO_LEN];

    if (day == SM_DAY_NONE || day == SM_DAY_OPEN)
        sm_sql_bind_null(s, i);
    else
        sm_sql_bind_text(s, i, sm_day_format(day, iso));
}

static void
clear_result(sm_sql_stmt *s)
{
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
}

void
sm_sql_cursor(sm_sql_stmt *s)
{
    if (s->lite == NULL)
        s->cursor = true;
}

/* The server-side cursor closed, and the transaction begun for the read
 * ended with the last of them. */
static void
cursor_close(sm_sql_stmt *s)
{
    struct sm_pg *pg = s->db->pg;
    char sql[48];

    if (!s->declared)
        return;
    s->declared = false;
    if (s->tx == pg->tx) {      /* not gone with its transaction */
        snprintf(sql, sizeof(sql), "CLOSE %s", s->name);
        PQclear(PQexec(pg->conn, sql));
    }
    if (--pg->cursors == 0 && pg->read_tx) {
        pg->read_tx = false;
        pg->tx++;
        PQclear(PQexec(pg->conn, "COMMIT"));
    }
}

/* The cursor declared for s's query, in the open transaction or one begun
 * for it, and its first rows fetched. */
static sm_status
cursor_declare(sm_sql_stmt *s, sm_error *err)
{
    struct sm_pg *pg = s->db->pg;
    sm_buf b = SM_BUF_INIT;
    PGresult *res;
    bool ok;

    if (!s->db->in_tx && !pg->read_tx) {
        if (sm_sql_exec(s->db, "BEGIN", err) != SM_OK)
            return SM_EDB;
        pg->read_tx = true;
        pg->tx++;
    }
    snprintf(s->name, sizeof(s->name), "sm_cursor_%u", ++pg->cursor_seq);
    sm_buf_printf(&b, "DECLARE %s NO SCROLL CURSOR FOR %s", s->name, s->sql);
    if (b.failed || sm_buf_str(&b) == NULL) {
        sm_buf_free(&b);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    res = PQexecParams(pg->conn, sm_buf_str(&b), s->nparams, NULL,
                       (const char *const *)s->values, s->lengths, s->formats, 0);
    sm_buf_free(&b);
    ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) {
        sm_status st = sm_pg__fail(s->db, err, "a query failed", res);
        PQclear(res);
        if (pg->cursors == 0 && pg->read_tx) {   /* the failure ended the read */
            pg->read_tx = false;
            pg->tx++;
            PQclear(PQexec(pg->conn, "ROLLBACK"));
        }
        return st;
    }
    PQclear(res);
    s->declared = true;
    s->tx = pg->tx;
    pg->cursors++;
    return SM_OK;
}

/* The cursor's next rows into s->res. */
static sm_status
cursor_fetch(sm_sql_stmt *s, sm_error *err)
{
    char sql[64];

    clear_result(s);
    snprintf(sql, sizeof(sql), "FETCH %d FROM %s", FETCH_ROWS, s->name);
    s->res = PQexec(s->db->pg->conn, sql);
    if (s->res == NULL || PQresultStatus(s->res) != PGRES_TUPLES_OK) {
        sm_status st = sm_pg__fail(s->db, err, "a query failed", s->res);
        clear_result(s);
        return st;
    }
    return SM_OK;
}

static sm_status
cursor_step(sm_sql_stmt *s, sm_error *err)
{
    sm_status st;

    if (s->oom)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (!s->declared && s->res == NULL) {
        if ((st = cursor_declare(s, err)) != SM_OK || (st = cursor_fetch(s, err)) != SM_OK)
            return st;
    }
    if (s->res && s->row + 1 < PQntuples(s->res)) {
        s->row++;
        return SM_OK;
    }
    /* a short fetch was the last */
    if (s->res == NULL || PQntuples(s->res) < FETCH_ROWS || !s->declared)
        return SM_ENOTFOUND;
    if ((st = cursor_fetch(s, err)) != SM_OK)
        return st;
    if (PQntuples(s->res) == 0)
        return SM_ENOTFOUND;
    s->row = 0;
    return SM_OK;
}

sm_status
sm_sql_step(sm_sql_stmt *s, sm_error *err)
{
    if (s->lite)
        return sm_sql_lite_step(s->db, s->lite, &s->changes, err);
    if (s->cursor)
        return cursor_step(s, err);
    if (s->res == NULL) {
        ExecStatusType rs;
        if (s->oom)
            return sm_fail(err, SM_ENOMEM, "out of memory");
        if (sm_store__bulk_pause(s->db, err) != SM_OK)
            return SM_EDB;
        if (prepare_on_server(s, err) != SM_OK)
            return SM_EDB;
        s->res = s->prepared[0]
                     ? PQexecPrepared(s->db->pg->conn, s->prepared, s->nparams,
                                      (const char *const *)s->values, s->lengths, s->formats, 0)
                     : PQexecParams(s->db->pg->conn, s->sql, s->nparams, NULL,
                                    (const char *const *)s->values, s->lengths, s->formats, 0);
        s->runs++;
        rs = s->res ? PQresultStatus(s->res) : PGRES_FATAL_ERROR;
        if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
            sm_status st = sm_pg__fail(s->db, err, "a query failed", s->res);
            clear_result(s);
            return st;
        }
        s->changes = atol(PQcmdTuples(s->res));
        s->row = -1;
    }
    if (s->row + 1 < PQntuples(s->res)) {
        s->row++;
        return SM_OK;
    }
    s->row = PQntuples(s->res);
    return SM_ENOTFOUND;
}

void
sm_sql_reset(sm_sql_stmt *s)
{
    if (s->lite) {
        sqlite3_reset(s->lite);
        return;
    }
    clear_result(s);
    cursor_close(s);
}

static bool
has_column(sm_sql_stmt *s, int i)
{
    return s->res && s->row >= 0 && s->row < PQntuples(s->res) && i >= 0 &&
           i < PQnfields(s->res) && !PQgetisnull(s->res, s->row, i);
}

bool
sm_sql_column_null(sm_sql_stmt *s, int i)
{
    if (s->lite)
        return sqlite3_column_type(s->lite, i) == SQLITE_NULL;
    return !has_column(s, i);
}

sm_sql_kind
sm_sql_column_kind(sm_sql_stmt *s, int i)
{
    if (s->lite) {
        switch (sqlite3_column_type(s->lite, i)) {
        case SQLITE_INTEGER: return SM_SQL_INT;
        case SQLITE_FLOAT: return SM_SQL_REAL;
        case SQLITE_TEXT: return SM_SQL_TEXT;
        case SQLITE_BLOB: return SM_SQL_BLOB;
        default: return SM_SQL_NULL;
        }
    }
    if (!has_column(s, i))
        return SM_SQL_NULL;
    switch (PQftype(s->res, i)) {   /* PostgreSQL's type oids (pg_type.dat) */
    case 16: case 20: case 21: case 23: case 26:  /* bool, int8, int2, int4, oid */
        return SM_SQL_INT;
    case 700: case 701: case 1700:                 /* float4, float8, numeric */
        return SM_SQL_REAL;
    case 17:                                       /* bytea */
        return SM_SQL_BLOB;
    default:
        return SM_SQL_TEXT;
    }
}

size_t
sm_sql_column_bytes(sm_sql_stmt *s, int i)
{
    if (s->lite)
        return (size_t)sqlite3_column_bytes(s->lite, i);
    return has_column(s, i) ? (size_t)PQgetlength(s->res, s->row, i) : 0;
}

const char *
sm_sql_column_text(sm_sql_stmt *s, int i)
{
    if (s->lite)
        return (const char *)sqlite3_column_text(s->lite, i);
    return has_column(s, i) ? PQgetvalue(s->res, s->row, i) : NULL;
}

int64_t
sm_sql_column_int64(sm_sql_stmt *s, int i)
{
    const char *t;

    if (s->lite)
        return sqlite3_column_int64(s->lite, i);
    if ((t = sm_sql_column_text(s, i)) == NULL)
        return 0;
    if (strcmp(t, "t") == 0)     /* a boolean */
        return 1;
    return strchr(t, '.') || strchr(t, 'e') ? (int64_t)strtod(t, NULL)
                                            : (int64_t)strtoll(t, NULL, 10);
}

double
sm_sql_column_double(sm_sql_stmt *s, int i)
{
    const char *t;

    if (s->lite)
        return sqlite3_column_double(s->lite, i);
    t = sm_sql_column_text(s, i);
    return t ? strtod(t, NULL) : 0.0;
}

/* A hex digit's value (bytea's hex output) with bit 4 set; 0 for any other
 * byte. */
#define HEX 16
static const unsigned char hex_digit[256] = {
    ['0'] = HEX | 0, ['1'] = HEX | 1, ['2'] = HEX | 2, ['3'] = HEX | 3, ['4'] = HEX | 4,
    ['5'] = HEX | 5, ['6'] = HEX | 6, ['7'] = HEX | 7, ['8'] = HEX | 8, ['9'] = HEX | 9,
    ['a'] = HEX | 10, ['b'] = HEX | 11, ['c'] = HEX | 12, ['d'] = HEX | 13, ['e'] = HEX | 14,
    ['f'] = HEX | 15, ['A'] = HEX | 10, ['B'] = HEX | 11, ['C'] = HEX | 12, ['D'] = HEX | 13,
    ['E'] = HEX | 14, ['F'] = HEX | 15,
};

/* A bytea value (read as text: \x and two hex digits a byte) decoded into
 * the column's buffer, which lives until the statement is finalized and
 * holds the value until the next step; NULL when it is not one. A map's
 * zones bring megabytes of geometry this way: a table, no call a digit. */
const unsigned char *
sm_sql_column_blob(sm_sql_stmt *s, int i, size_t *len)
{
    const unsigned char *t;
    size_t n, m;
    unsigned all = HEX;
    unsigned char *b;

    *len = 0;
    if (s->lite) {
        const unsigned char *blob = sqlite3_column_blob(s->lite, i);
        *len = (size_t)sqlite3_column_bytes(s->lite, i);
        return blob;
    }
    if ((t = (const unsigned char *)sm_sql_column_text(s, i)) == NULL)
        return NULL;
    n = (size_t)PQgetlength(s->res, s->row, i);
    if (n < 2 || t[0] != '\\' || t[1] != 'x') {   /* not bytea: the text itself */
        *len = n;
        return t;
    }
    if (n % 2)
        return NULL;
    if (s->nblobs < PQnfields(s->res)) {
        struct blob *more = realloc(s->blobs, sizeof(*more) * (size_t)PQnfields(s->res));
        if (more == NULL)
            return NULL;
        for (int k = s->nblobs; k < PQnfields(s->res); k++)
            more[k] = (struct blob){ NULL, 0 };
        s->blobs = more;
        s->nblobs = PQnfields(s->res);
    }
    m = (n - 2) / 2;
    if (s->blobs[i].cap < m + 1) {
        size_t cap = m + 1 > 2 * s->blobs[i].cap ? m + 1 : 2 * s->blobs[i].cap;
        if ((b = realloc(s->blobs[i].data, cap)) == NULL)
            return NULL;
        s->blobs[i] = (struct blob){ b, cap };
    }
    b = s->blobs[i].data;
    t += 2;
    for (size_t k = 0; k < m; k++) {
        unsigned hi = hex_digit[t[2 * k]], lo = hex_digit[t[2 * k + 1]];
        all &= hi & lo;
        b[k] = (unsigned char)(hi << 4 | (lo & 15));
    }
    if (!(all & HEX))
        return NULL;
    *len = m;
    return b;
}

sm_day
sm_sql_column_day(sm_sql_stmt *s, int i, sm_day none)
{
    const char *t = sm_sql_column_text(s, i);
    sm_day day;

    return t && sm_day_parse(t, &day) ? day : none;
}

const char *
sm_sql_dialect(const sm_store *db, sm_sql_part part)
{
    static const char *const text[][2] = {
        /*                    SpatiaLite                   PostGIS */
        [SM_SQL_BYTE_ORDER] = { "",                        " COLLATE \"C\"" },
        [SM_SQL_WRITE_ORDER] = { "rowid",                  "seq" },
        [SM_SQL_POINT_OUT] = { "geom",                     "ST_AsBinary(geom)" },
        [SM_SQL_POINT_IN] = { "MakePoint(?%d, ?%d, 4326)",
                              "ST_SetSRID(ST_MakePoint(?%d, ?%d), 4326)" },
        [SM_SQL_GEOM_OUT] = { "AsBinary(%s)",              "ST_AsBinary(%s)" },
        [SM_SQL_GEOM_IN] = { "GeomFromWKB(?%d, 4326)",    "ST_GeomFromWKB(?%d, 4326)" },
        [SM_SQL_SNAPSHOT] = { "BEGIN",
                              "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" },
        [SM_SQL_ID_AFTER] = { "",
                              "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
                              " coalesce(max(id), 0) + 1, false) FROM %s" },
        [SM_SQL_COLUMNS] = { "SELECT name FROM pragma_table_info(?1, 'main') ORDER BY cid",
                             "SELECT column_name FROM information_schema.columns"
                             " WHERE table_schema = current_schema() AND table_name = ?1"
                             " ORDER BY ordinal_position" },
        /* SQLite: temporary triggers, on this connection only; PostgreSQL:
         * the schema's (pg_schema.c), acting when sitmap.batch is set */
        [SM_SQL_KEEP_MAKE] = { "CREATE TEMP TABLE sm_keep (batch INTEGER NOT NULL);",
                               "SELECT 'sitmap_keep()'::regprocedure" },
        [SM_SQL_KEEP_TRIGGER] = {
            "CREATE TEMP TRIGGER sm_keep_%s_%s BEFORE %s ON main.%s FOR EACH ROW"
            " WHEN (SELECT OLD.batch IS NOT batch FROM sm_keep) BEGIN"
            " INSERT INTO %s_replaced (%s, replaced_by) SELECT %s, batch"
            " FROM sm_keep; END;", NULL },
        [SM_SQL_KEEP_ON] = { "INSERT INTO temp.sm_keep VALUES (?1)",
                             "SELECT set_config('sitmap.batch', ?1, true)" },
        [SM_SQL_KEEP_OFF] = { "DELETE FROM temp.sm_keep",
                              "SELECT set_config('sitmap.batch', '', true)" },
        [SM_SQL_BATCH_LOCK] = { "", "SELECT pg_advisory_xact_lock(7564590624210211)" },
        [SM_SQL_BATCH_TRY_LOCK] = { "",
                                    "SELECT pg_try_advisory_xact_lock(7564590624210211)::int" },
        [SM_SQL_DAY_FIRST] = { "''",                       "'-infinity'" },
        [SM_SQL_DAY_LAST] = { "'9999-12-31'",              "'infinity'" },
        [SM_SQL_INSERT_NEW] = { "INSERT OR FAIL",          "INSERT" },
        [SM_SQL_JOIN_SOURCES] = { "group_concat(s, '; ')",
                                  "string_agg(s, '; ' ORDER BY s IS DISTINCT FROM"
                                  " events.source, s COLLATE \"C\")" },
        [SM_SQL_NATIVE_OUT] = { "%s",                      "ST_AsBinary(%s)" },
        [SM_SQL_NATIVE_IN] = { "?%d",                      "ST_GeomFromWKB(?%d, 4326)" },
        [SM_SQL_AREA] = { "ST_Area(%s, 1)",               "ST_Area((%s)::geography)" },
        [SM_SQL_NONEMPTY] = { "%s",
                              "(SELECT g FROM (SELECT %s AS g) AS nonempty WHERE NOT ST_IsEmpty(g))" },
        /* SpatiaLite's CollectionExtract gives NULL where nothing is left,
         * PostGIS's an empty multipolygon */
        [SM_SQL_ZONE_REPAIR] = {
            "ST_ForcePolygonCCW(CASE WHEN ST_IsValid(g) = 1 THEN CastToMultiPolygon(g)"
            " ELSE CastToMultiPolygon(CollectionExtract(MakeValid(g), 3)) END)",
            "ST_ForcePolygonCCW(ST_Multi(CASE WHEN ST_IsValid(g) THEN g"
            " ELSE (SELECT m FROM (SELECT ST_CollectionExtract(ST_MakeValid(g), 3) AS m) AS r"
            " WHERE NOT ST_IsEmpty(m)) END))" },
        [SM_SQL_BOX_MEETS] = {
            "%1$s.id IN (SELECT pkid FROM idx_%3$s_geom WHERE xmin <= MbrMaxX(%2$s)"
            " AND xmax >= MbrMinX(%2$s) AND ymin <= MbrMaxY(%2$s) AND ymax >= MbrMinY(%2$s))",
            "%1$s.geom && %2$s" },
    };

    return text[part][db->pg != NULL];
}

bool
sm_sql_geom_native(const sm_store *db)
{
    return db->pg == NULL;
}

bool
sm_sql_sorts_geometries(const sm_store *db)
{
    return db->pg != NULL;
}

/* A double in WKB's byte order (big true: XDR). */
static double
wkb_double(const unsigned char *p, bool big)
{
    uint64_t u = 0;
    double v;

    for (int k = 0; k < 8; k++)
        u = u << 8 | p[big ? k : 7 - k];
    memcpy(&v, &u, sizeof(v));
    return v;
}

bool
sm_sql_column_point(sm_sql_stmt *s, int i, double *lon, double *lat)
{
    const unsigned char *w;
    size_t n;
    uint32_t type;
    bool big;

    if (s->lite)
        return sm_store__column_point(s->lite, i, lon, lat);
    /* WKB: byte order, type 1 (a point), x, y */
    if ((w = sm_sql_column_blob(s, i, &n)) == NULL || n < 21 || w[0] > 1)
        return false;
    big = w[0] == 0;
    type = big ? (uint32_t)w[1] << 24 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 8 | w[4]
               : (uint32_t)w[4] << 24 | (uint32_t)w[3] << 16 | (uint32_t)w[2] << 8 | w[1];
    if (type != 1)
        return false;
    *lon = wkb_double(w + 5, big);
    *lat = wkb_double(w + 13, big);
    return *lon == *lon && *lat == *lat;   /* an empty point is NaN */
}

/* A double in WKB's little-endian order, whatever the host's. */
static void
put_ndr_double(unsigned char *p, double v)
{
    uint64_t u;

    memcpy(&u, &v, sizeof(u));
    for (int k = 0; k < 8; k++)
        p[k] = (unsigned char)(u >> (8 * k));
}

bool
sm_sql_column_is_point(sm_sql_stmt *s, int i, double lon, double lat)
{
    unsigned char want[21] = { 1, 1, 0, 0, 0 };   /* NDR, a point: ST_AsBinary's */
    const unsigned char *w;
    size_t n;

    if (s->lite)
        return sm_sql_lite_is_point(s->lite, i, lon, lat);
    put_ndr_double(want + 5, lon);
    put_ndr_double(want + 13, lat);
    return (w = sm_sql_column_blob(s, i, &n)) != NULL && n == sizeof(want) &&
           memcmp(w, want, n) == 0;
}

long
sm_sql_changes(const sm_sql_stmt *s)
{
    return s->changes;
}

void
sm_sql_finalize(sm_sql_stmt *s)
{
    if (s == NULL)
        return;
    if (s->lite) {
        sqlite3_finalize(s->lite);
        free(s);
        return;
    }
    clear_result(s);
    cursor_close(s);
    for (int i = 0; i < MAX_PARAMS; i++)
        free(s->values[i]);
    for (int i = 0; i < s->nblobs; i++)
        free(s->blobs[i].data);
    free(s->blobs);
    free(s->sql);
    free(s);
}

sm_status
sm_sql_exec(sm_store *db, const char *sql, sm_error *err)
{
    PGresult *res;
    ExecStatusType rs;

    if (db->pg == NULL)
        return sm_store__exec_in("sm_sql_exec", db, sql, err);
    if (sm_store__bulk_pause(db, err) != SM_OK)
        return SM_EDB;
    res = PQexec(db->pg->conn, sql);
    rs = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
        sm_status st = sm_pg__fail(db, err, "a statement failed", res);
        PQclear(res);
        return st;
    }
    PQclear(res);
    return SM_OK;
}

/* ---- COPY -------------------------------------------------------------- */

struct sm_sql_copy {
    sm_store *db;
    sm_buf buf;
    bool first;   /* no field yet in the row */
};

#define COPY_FLUSH (256 * 1024)

sm_status
sm_sql_copy_begin(sm_store *db, const char *copy_sql, sm_sql_copy **out, sm_error *err)
{
    PGresult *res;
    sm_sql_copy *c;

    *out = NULL;
    if (db->pg == NULL)
        return sm_fail(err, SM_EDB, "%s: COPY is PostgreSQL's", db->path);
    if (sm_store__bulk_pause(db, err) != SM_OK)
        return SM_EDB;
    if ((c = calloc(1, sizeof(*c))) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    res = PQexec(db->pg->conn, copy_sql);
    if (res == NULL || PQresultStatus(res) != PGRES_COPY_IN) {
        sm_status st = sm_pg__fail(db, err, "cannot start a COPY", res);
        PQclear(res);
        free(c);
        return st;
    }
    PQclear(res);
    c->db = db;
    c->first = true;
    *out = c;
    return SM_OK;
}

static void
sep(sm_sql_copy *c)
{
    if (!c->first)
        sm_buf_append(&c->buf, "\t", 1);
    c->first = false;
}

void
sm_sql_copy_text(sm_sql_copy *c, const char *text)
{
    sep(c);
    if (text == NULL) {
        sm_buf_append(&c->buf, "\\N", 2);
        return;
    }
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '\\': sm_buf_append(&c->buf, "\\\\", 2); break;
        case '\t': sm_buf_append(&c->buf, "\\t", 2); break;
        case '\n': sm_buf_append(&c->buf, "\\n", 2); break;
        case '\r': sm_buf_append(&c->buf, "\\r", 2); break;
        default: sm_buf_append(&c->buf, p, 1);
        }
    }
}

void
sm_sql_copy_null(sm_sql_copy *c)
{
    sm_sql_copy_text(c, NULL);
}

void
sm_sql_copy_int64(sm_sql_copy *c, int64_t v)
{
    sep(c);
    sm_buf_printf(&c->buf, "%" PRId64, v);
}

void
sm_sql_copy_double(sm_sql_copy *c, double v)
{
    sep(c);
    sm_buf_printf(&c->buf, "%.17g", v);
}

/* len bytes in hex, two lower-case digits each */
static void
put_hex(sm_sql_copy *c, const void *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = data;

    for (size_t i = 0; i < len; i++) {
        char two[2] = { digits[b[i] >> 4], digits[b[i] & 15] };
        sm_buf_append(&c->buf, two, 2);
    }
}

void
sm_sql_copy_bytea(sm_sql_copy *c, const void *data, size_t len)
{
    sep(c);
    sm_buf_append(&c->buf, "\\\\x", 3);   /* \x, its backslash escaped for COPY */
    put_hex(c, data, len);
}

void
sm_sql_copy_point(sm_sql_copy *c, double lon, double lat)
{
    sep(c);
    sm_buf_printf(&c->buf, "SRID=4326;POINT(%.17g %.17g)", lon, lat);
}

void
sm_sql_copy_wkb(sm_sql_copy *c, const void *data, size_t len)
{
    sep(c);
    sm_buf_append(&c->buf, "SRID=4326;", 10);
    put_hex(c, data, len);
}

static sm_status
flush(sm_sql_copy *c, sm_error *err)
{
    if (c->buf.failed)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (c->buf.len > 0 && PQputCopyData(c->db->pg->conn, c->buf.data, (int)c->buf.len) != 1)
        return sm_pg__fail(c->db, err, "cannot send rows", NULL);
    sm_buf_reset(&c->buf);
    return SM_OK;
}

sm_status
sm_sql_copy_row_end(sm_sql_copy *c, sm_error *err)
{
    sm_buf_append(&c->buf, "\n", 1);
    c->first = true;
    return c->buf.len >= COPY_FLUSH || c->buf.failed ? flush(c, err) : SM_OK;
}

sm_status
sm_sql_copy_end(sm_sql_copy *c, sm_status st, sm_error *err)
{
    PGconn *conn;
    PGresult *res;

    if (c == NULL)
        return st;
    conn = c->db->pg->conn;
    if (st == SM_OK)
        st = flush(c, err);
    if (PQputCopyEnd(conn, st == SM_OK ? NULL : "abandoned by sitmap") != 1 && st == SM_OK)
        st = sm_pg__fail(c->db, err, "cannot end a COPY", NULL);
    while ((res = PQgetResult(conn)) != NULL) {
        if (st == SM_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
            st = sm_pg__fail(c->db, err, "cannot store the rows", res);
        PQclear(res);
    }
    sm_buf_free(&c->buf);
    free(c);
    return st;
}

sm_status
sm_sql_empty(sm_store *db, const char *tables, sm_error *err)
{
    sm_buf b = SM_BUF_INIT;
    sm_status st;

    if (db->pg) {
        sm_buf_printf(&b, "TRUNCATE %s", tables);
    } else {
        for (const char *p = tables; *p; ) {
            size_t n = strcspn(p, ",");
            sm_buf_printf(&b, "%sDELETE FROM %.*s", p == tables ? "" : "; ", (int)n, p);
            p += n;
            while (*p == ',' || *p == ' ')
                p++;
        }
    }
    if (b.failed || sm_buf_str(&b) == NULL)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    else
        st = sm_sql_exec(db, sm_buf_str(&b), err);
    sm_buf_free(&b);
    return st;
}

/* ---- rows in bulk: COPY, or inserts on a file ------------------------------- */

struct sm_sql_rows {
    sm_sql_copy *copy;      /* on PostgreSQL */
    sqlite3_stmt *insert;   /* on a file */
    sm_store *db;
    const char *what;       /* what a failed insert was: "cannot store ..." */
    int param;              /* the insert's next parameter */
    int col, point;         /* the row's next column; the point's */
};

sm_status
sm_sql_rows_begin(sm_store *db, const char *table, const char *columns, int n, int point,
                  int wkb, sm_sql_rows_clash clash, const char *what, sm_sql_rows **out,
                  sm_error *err)
{
    static const char *const verb[] = { "INSERT", "INSERT OR IGNORE", "INSERT OR REPLACE" };
    sm_sql_rows *r = calloc(1, sizeof(*r));
    sm_buf b = SM_BUF_INIT;
    sm_status st;

    *out = NULL;
    if (r == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    r->db = db;
    r->what = what;
    r->param = 1;
    r->point = point;
    if (db->pg) {
        sm_buf_printf(&b, "COPY %s (%s) FROM STDIN", table, columns);
    } else {
        sm_buf_printf(&b, "%s INTO %s (%s) VALUES (", verb[clash], table, columns);
        for (int i = 0, p = 1; i < n; i++, p++) {
            if (i > 0)
                sm_buf_append(&b, ", ", 2);
            if (i == point) {
                sm_buf_printf(&b, sm_sql_dialect(db, SM_SQL_POINT_IN), p, p + 1);
                p++;
            } else if (i == wkb) {
                sm_buf_printf(&b, sm_sql_dialect(db, SM_SQL_GEOM_IN), p);
            } else {
                sm_buf_printf(&b, "?%d", p);
            }
        }
        sm_buf_append(&b, ")", 1);
    }
    if (b.failed || sm_buf_str(&b) == NULL)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    else if (db->pg)
        st = sm_sql_copy_begin(db, sm_buf_str(&b), &r->copy, err);
    else
        st = sm_sql_lite_prepare(db, sm_buf_str(&b), &r->insert, err);
    sm_buf_free(&b);
    if (st != SM_OK) {
        free(r);
        return st;
    }
    *out = r;
    return SM_OK;
}

void
sm_sql_rows_text(sm_sql_rows *r, const char *text)
{
    r->col++;
    if (r->copy)
        sm_sql_copy_text(r->copy, text);
    else
        sqlite3_bind_text(r->insert, r->param++, text, -1, SQLITE_TRANSIENT);
}

void
sm_sql_rows_int64(sm_sql_rows *r, int64_t v)
{
    r->col++;
    if (r->copy)
        sm_sql_copy_int64(r->copy, v);
    else
        sqlite3_bind_int64(r->insert, r->param++, v);
}

void
sm_sql_rows_double(sm_sql_rows *r, double v)
{
    r->col++;
    if (r->copy)
        sm_sql_copy_double(r->copy, v);
    else
        sqlite3_bind_double(r->insert, r->param++, v);
}

void
sm_sql_rows_null(sm_sql_rows *r)
{
    if (r->copy) {
        sm_sql_copy_null(r->copy);
    } else {
        sqlite3_bind_null(r->insert, r->param++);
        if (r->col == r->point)     /* no point: neither lon nor lat */
            sqlite3_bind_null(r->insert, r->param++);
    }
    r->col++;
}

void
sm_sql_rows_blob(sm_sql_rows *r, const void *data, size_t len)
{
    r->col++;
    if (r->copy)
        sm_sql_copy_bytea(r->copy, data, len);
    else
        sqlite3_bind_blob64(r->insert, r->param++, data, len, SQLITE_TRANSIENT);
}

void
sm_sql_rows_point(sm_sql_rows *r, double lon, double lat)
{
    r->col++;
    if (r->copy) {
        sm_sql_copy_point(r->copy, lon, lat);
    } else {
        sqlite3_bind_double(r->insert, r->param++, lon);
        sqlite3_bind_double(r->insert, r->param++, lat);
    }
}

void
sm_sql_rows_wkb(sm_sql_rows *r, const void *data, size_t len)
{
    r->col++;
    if (r->copy)
        sm_sql_copy_wkb(r->copy, data, len);
    else
        sqlite3_bind_blob64(r->insert, r->param++, data, len, SQLITE_TRANSIENT);
}

sm_status
sm_sql_rows_row_end(sm_sql_rows *r, sm_error *err)
{
    int rc;

    r->col = 0;
    if (r->copy)
        return sm_sql_copy_row_end(r->copy, err);
    rc = sqlite3_step(r->insert);
    sqlite3_reset(r->insert);
    r->param = 1;
    return rc == SQLITE_DONE ? SM_OK : sm_store__fail(r->db, err, r->what);
}

sm_status
sm_sql_rows_end(sm_sql_rows *r, sm_status st, sm_error *err)
{
    if (r == NULL)
        return st;
    if (r->copy)
        st = sm_sql_copy_end(r->copy, st, err);
    else
        sqlite3_finalize(r->insert);
    free(r);
    return st;
}
