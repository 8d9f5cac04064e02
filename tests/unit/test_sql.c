/* SPDX-License-Identifier: MIT */
/* test_sql.c - the store's statement layer (store/sql.h): placeholders as
 * PostgreSQL writes them, URIs told from files and shown without their
 * passwords; values through a file and back, and, when $SITMAP_TEST_PG_URI
 * names a server (tests/run.sh with SITMAP_TEST_PG=1), through it. */
#include "check.h"
#include "pg_db.h"

#include "store/sql.h"

static void
expect_rewrite(const char *in, const char *want, int want_n)
{
    sm_buf out = SM_BUF_INIT;
    sm_error err = { 0 };
    int n = -1;

    CHECK(sm_sql_placeholders_pg(in, &out, &n, &err) == SM_OK, "%s: %s", in, err.msg);
    CHECK(sm_buf_str(&out) && strcmp(sm_buf_str(&out), want) == 0, "%s: got \"%s\", want \"%s\"",
          in, sm_buf_str(&out) ? sm_buf_str(&out) : "(null)", want);
    CHECK(n == want_n, "%s: %d parameters, want %d", in, n, want_n);
    sm_buf_free(&out);
}

static void
test_placeholders_become_dollars(void)
{
    expect_rewrite("SELECT 1", "SELECT 1", 0);
    expect_rewrite("SELECT value FROM meta WHERE key = ?1", "SELECT value FROM meta WHERE key = $1",
                   1);
    expect_rewrite("WHERE valid_from <= ?1 AND (valid_to IS NULL OR ?1 < valid_to)",
                   "WHERE valid_from <= $1 AND (valid_to IS NULL OR $1 < valid_to)", 1);
    expect_rewrite("VALUES (?1, ?2, ?12, ?3)", "VALUES ($1, $2, $12, $3)", 12);
    /* bare ?, after the highest so far, as SQLite numbers them */
    expect_rewrite("VALUES (?, ?, ?5, ?)", "VALUES ($1, $2, $5, $6)", 6);
    /* not inside strings, quoted names, comments or dollar-quoted bodies */
    expect_rewrite("SELECT '?1', \"a?b\", 'it''s ?' -- ?2\n, ?1",
                   "SELECT '?1', \"a?b\", 'it''s ?' -- ?2\n, $1", 1);
    expect_rewrite("SELECT /* ?3 */ ?2", "SELECT /* ?3 */ $2", 2);
    expect_rewrite("CREATE FUNCTION f() RETURNS int AS $$ SELECT ?1 $$ LANGUAGE sql; SELECT ?1",
                   "CREATE FUNCTION f() RETURNS int AS $$ SELECT ?1 $$ LANGUAGE sql; SELECT $1", 1);
    /* an unterminated string is copied as it is */
    expect_rewrite("SELECT 'open ?1", "SELECT 'open ?1", 0);
}

static void
test_placeholders_out_of_range_refused(void)
{
    sm_buf out = SM_BUF_INIT;
    sm_error err = { 0 };
    int n;

    CHECK(sm_sql_placeholders_pg("SELECT ?0", &out, &n, &err) == SM_EUSAGE, "?0 refused");
    sm_error_clear(&err);
    CHECK(sm_sql_placeholders_pg("SELECT ?65", &out, &n, &err) == SM_EUSAGE, "?65 refused");
    sm_error_clear(&err);
    CHECK(sm_sql_placeholders_pg("SELECT ?99999999999999999999", &out, &n, &err) == SM_EUSAGE,
          "a huge number refused");
    sm_buf_free(&out);
}

static void
test_uris_told_from_files(void)
{
    CHECK(sm_sql_is_pg_uri("postgresql://user@host/db"), "postgresql://");
    CHECK(sm_sql_is_pg_uri("postgres:///sitmap?host=/tmp/x"), "postgres://");
    CHECK(sm_sql_is_pg_uri("postgresql:///sitmap"), "no host");
    CHECK(!sm_sql_is_pg_uri("sitmap.db"), "a file");
    CHECK(!sm_sql_is_pg_uri("postgresql.db"), "a file named postgresql");
    CHECK(!sm_sql_is_pg_uri("./postgresql://x"), "a path");
    CHECK(!sm_sql_is_pg_uri("POSTGRESQL://x"), "libpq's schemes are lower case");
    CHECK(!sm_sql_is_pg_uri(""), "nothing");
    CHECK(!sm_sql_is_pg_uri(NULL), "NULL");
}

static void
expect_redacted(const char *in, const char *want)
{
    char out[256];

    sm_store_display_name(in, out, sizeof(out));
    CHECK(strcmp(out, want) == 0, "%s: got \"%s\", want \"%s\"", in, out, want);
}

static void
test_uris_shown_without_password(void)
{
    char small[8];

    expect_redacted("postgresql://amira:s3cret@db.example.org:5433/news",
                    "postgresql://amira@db.example.org:5433/news");
    expect_redacted("postgresql://amira@db/news", "postgresql://amira@db/news");
    expect_redacted("postgres://u:p@h1,h2/db?sslmode=require", "postgres://u@h1,h2/db?sslmode=require");
    expect_redacted("postgresql:///sitmap?host=/tmp/pg&user=sitmap&password=x",
                    "postgresql:///sitmap?host=/tmp/pg&user=sitmap");
    expect_redacted("postgresql:///sitmap?password=x&host=/tmp/pg",
                    "postgresql:///sitmap?host=/tmp/pg");
    expect_redacted("postgresql:///sitmap?password=x", "postgresql:///sitmap");
    /* a colon and an at sign after the authority are not a password */
    expect_redacted("postgresql://h/db?application_name=a:b@c", "postgresql://h/db?application_name=a:b@c");
    expect_redacted("postgresql://[::1]:5432/db", "postgresql://[::1]:5432/db");
    expect_redacted("sitmap.db", "sitmap.db");
    expect_redacted("we:ird@name.db", "we:ird@name.db");
    sm_store_display_name("postgresql://u:p@h/db", small, sizeof(small));
    CHECK(strlen(small) == 7, "cut to its room: \"%s\"", small);
}

/* ---- on a server ----------------------------------------------------------- */

/* The same values through a statement and back, on either backend: what
 * one writes, the other reads alike. */
static void
values_round_trip(sm_store *db, bool pg)
{
    sm_sql_stmt *s = NULL;
    sm_error err = { 0 };
    const unsigned char wkb[] = { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x24, 0x40,
                                  0, 0, 0, 0, 0, 0, 0x3e, 0x40 }; /* POINT(10 30) */
    const char *text = "tab\there, ?1 'quoted' \\ حلب";
    const unsigned char *got;
    size_t len;
    sm_day day;
    int rows = pg ? 2 : 1;

    CHECK(sm_sql_exec(db, pg ? "CREATE TEMP TABLE t (n bigint, x double precision, s text,"
                               " b bytea, d date, g bytea)"
                             : "CREATE TEMP TABLE t (n INTEGER, x REAL, s TEXT, b BLOB, d TEXT,"
                               " g BLOB)", &err) == SM_OK, "%s", err.msg);
    CHECK(sm_sql_prepare(db, "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s, &err) == SM_OK,
          "%s", err.msg);
    if (s == NULL)
        return;
    sm_day_parse("2017-01-15", &day);
    sm_sql_bind_int64(s, 1, INT64_C(-9007199254740993));
    sm_sql_bind_double(s, 2, 0.1);
    sm_sql_bind_text(s, 3, text);
    sm_sql_bind_blob(s, 4, "\0\1\xff", 3);
    sm_sql_bind_day(s, 5, day);
    sm_sql_bind_blob(s, 6, wkb, sizeof(wkb));
    CHECK(sm_sql_step(s, &err) == SM_ENOTFOUND, "insert: %s", err.msg);
    CHECK(sm_sql_changes(s) == 1, "one row inserted");
    sm_sql_finalize(s);
    if (pg) {   /* the same row by COPY */
        sm_sql_copy *c = NULL;
        CHECK(sm_sql_copy_begin(db, "COPY t FROM STDIN", &c, &err) == SM_OK, "%s", err.msg);
        if (c) {
            sm_sql_copy_int64(c, INT64_C(-9007199254740993));
            sm_sql_copy_double(c, 0.1);
            sm_sql_copy_text(c, text);
            sm_sql_copy_bytea(c, "\0\1\xff", 3);
            sm_sql_copy_text(c, "2017-01-15");
            sm_sql_copy_bytea(c, wkb, sizeof(wkb));
            CHECK(sm_sql_copy_row_end(c, &err) == SM_OK, "%s", err.msg);
            CHECK(sm_sql_copy_end(c, SM_OK, &err) == SM_OK, "copy: %s", err.msg);
        }
    }
    CHECK(sm_sql_prepare(db, "SELECT n, x, s, b, d, g, NULL FROM t WHERE s = ?1", &s, &err)
          == SM_OK, "%s", err.msg);
    if (s == NULL)
        return;
    sm_sql_bind_text(s, 1, text);
    for (int row = 0; row < rows; row++) {
        CHECK(sm_sql_step(s, &err) == SM_OK, "row %d: %s", row, err.msg);
        CHECK(sm_sql_column_int64(s, 0) == INT64_C(-9007199254740993), "int64 whole");
        CHECK(sm_sql_column_double(s, 1) == 0.1, "double exact");
        CHECK(sm_sql_column_text(s, 2) && strcmp(sm_sql_column_text(s, 2), text) == 0,
              "text: %s", sm_sql_column_text(s, 2));
        got = sm_sql_column_blob(s, 3, &len);
        CHECK(len == 3 && got && memcmp(got, "\0\1\xff", 3) == 0, "bytes: %zu", len);
        CHECK(sm_sql_column_day(s, 4, SM_DAY_NONE) == day, "date");
        got = sm_sql_column_blob(s, 5, &len);
        CHECK(len == sizeof(wkb) && got && memcmp(got, wkb, len) == 0, "WKB: %zu bytes", len);
        CHECK(sm_sql_column_null(s, 6) && sm_sql_column_text(s, 6) == NULL, "NULL");
        CHECK(!sm_sql_column_null(s, 0), "not NULL");
    }
    CHECK(sm_sql_step(s, &err) == SM_ENOTFOUND, "%d rows", rows);
    sm_sql_reset(s);
    CHECK(sm_sql_step(s, &err) == SM_OK, "again after a reset, the bindings kept");
    sm_sql_finalize(s);
    /* a failure names the database and the reason */
    CHECK(sm_sql_exec(db, "SELECT no_such_column FROM t", &err) == SM_EDB, "a bad query fails");
    CHECK(strstr(err.msg, "no_such_column"), "says why: %s", err.msg);
}

/* Rows in bulk (COPY on the server), a geometry among them given as WKB,
 * read back as they went in, on either backend. */
static void
rows_round_trip(sm_store *db, bool pg)
{
    const unsigned char pt[] = { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x24, 0x40,
                                 0, 0, 0, 0, 0, 0, 0x3e, 0x40 }; /* POINT(10 30) */
    const unsigned char bytes[] = { 0, '\\', 'N', '\\', '\t', 0xff };
    const unsigned char *got;
    sm_sql_rows *r = NULL;
    sm_sql_stmt *s = NULL;
    sm_error err = { 0 };
    char geom[40], sql[200];
    size_t len;

    CHECK(sm_sql_exec(db, pg ? "CREATE TEMP TABLE r (n bigint, g geometry(Geometry, 4326),"
                               " b bytea, s text)"
                             : "CREATE TEMP TABLE r (n INTEGER, g BLOB, b BLOB, s TEXT)",
                      &err) == SM_OK, "%s", err.msg);
    CHECK(sm_sql_rows_begin(db, "r", "n, g, b, s", 4, -1, 1, SM_SQL_ROWS_NEW,
                            "cannot store a row", &r, &err) == SM_OK, "%s", err.msg);
    if (r == NULL)
        return;
    sm_sql_rows_int64(r, 1);
    sm_sql_rows_wkb(r, pt, sizeof(pt));
    sm_sql_rows_blob(r, bytes, sizeof(bytes));
    sm_sql_rows_text(r, "");
    CHECK(sm_sql_rows_row_end(r, &err) == SM_OK, "%s", err.msg);
    sm_sql_rows_int64(r, 2);
    sm_sql_rows_null(r);
    sm_sql_rows_blob(r, "", 0);
    sm_sql_rows_text(r, NULL);
    CHECK(sm_sql_rows_row_end(r, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_sql_rows_end(r, SM_OK, &err) == SM_OK, "%s", err.msg);
    snprintf(geom, sizeof(geom), sm_sql_dialect(db, SM_SQL_GEOM_OUT), "g");
    snprintf(sql, sizeof(sql), "SELECT n, %s, ST_SRID(g), b, s FROM r ORDER BY n", geom);
    CHECK(sm_sql_prepare(db, sql, &s, &err) == SM_OK, "%s", err.msg);
    if (s == NULL)
        return;
    CHECK(sm_sql_step(s, &err) == SM_OK, "%s", err.msg);
    got = sm_sql_column_blob(s, 1, &len);
    CHECK(len == sizeof(pt) && got && memcmp(got, pt, len) == 0, "WKB back: %zu bytes", len);
    CHECK(sm_sql_column_int64(s, 2) == 4326, "SRID %lld", (long long)sm_sql_column_int64(s, 2));
    got = sm_sql_column_blob(s, 3, &len);
    CHECK(len == sizeof(bytes) && got && memcmp(got, bytes, len) == 0, "bytes: %zu", len);
    CHECK(sm_sql_column_kind(s, 4) == SM_SQL_TEXT && *sm_sql_column_text(s, 4) == '\0',
          "an empty text, not NULL");
    CHECK(sm_sql_step(s, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_sql_column_null(s, 1), "no geometry");
    CHECK(sm_sql_column_kind(s, 3) == SM_SQL_BLOB, "an empty blob, not NULL");
    CHECK(sm_sql_column_null(s, 4), "NULL text");
    sm_sql_finalize(s);
}

static void
test_values_through_a_file(void)
{
    sm_store *db = NULL;
    sm_error err = { 0 };

    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &db, &err) == SM_OK, "open: %s",
          err.msg);
    if (db) {
        values_round_trip(db, false);
        rows_round_trip(db, false);
    }
    sm_store_close(db);
}

static void
test_values_through_the_server(void)
{
    const char *uri = pg_db_new("sql");
    sm_store *db = NULL;
    sm_sql_stmt *s = NULL;
    sm_error err = { 0 };

    if (uri == NULL)
        return;
    CHECK(sm_store_open(uri, SM_STORE_CREATE, &db, &err) == SM_OK, "open: %s", err.msg);
    if (db == NULL)
        return;
    values_round_trip(db, true);
    rows_round_trip(db, true);
    /* WKB into PostGIS and back */
    CHECK(sm_sql_prepare(db, "SELECT ST_AsBinary(ST_GeomFromWKB(g, 4326)),"
                         " ST_AsText(ST_GeomFromWKB(?1, 4326)) FROM t LIMIT 1", &s, &err) == SM_OK,
          "%s", err.msg);
    if (s) {
        const unsigned char pt[] = { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x24, 0x40,
                                     0, 0, 0, 0, 0, 0, 0x3e, 0x40 };
        const unsigned char *got;
        size_t len;
        sm_sql_bind_blob(s, 1, pt, sizeof(pt));
        CHECK(sm_sql_step(s, &err) == SM_OK, "%s", err.msg);
        got = sm_sql_column_blob(s, 0, &len);
        CHECK(len == sizeof(pt) && got && memcmp(got, pt, len) == 0, "WKB back: %zu bytes", len);
        CHECK(sm_sql_column_text(s, 1) && strcmp(sm_sql_column_text(s, 1), "POINT(10 30)") == 0,
              "a binary parameter read as WKB: %s", sm_sql_column_text(s, 1));
        sm_sql_finalize(s);
    }
    /* the password is not in a failure's message */
    sm_error_clear(&err);
    sm_sql_exec(db, "SELECT no_such_column", &err);
    CHECK(strstr(err.msg, "password") == NULL, "%s", err.msg);
    sm_store_close(db);
}

static const check_case cases[] = {
    { "placeholders_become_dollars", test_placeholders_become_dollars },
    { "placeholders_out_of_range_refused", test_placeholders_out_of_range_refused },
    { "uris_told_from_files", test_uris_told_from_files },
    { "uris_shown_without_password", test_uris_shown_without_password },
    { "values_through_a_file", test_values_through_a_file },
    { "values_through_the_server", test_values_through_the_server },
};

CHECK_MAIN(cases)
