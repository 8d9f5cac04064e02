/* SPDX-License-Identifier: MIT */
/*
 * places.c - the gazetteer in the database: places with their names, names
 * that are not places, governorate names. Saved whole from an index and read
 * back into one, with districts and the ids of merged records; names are folded again on reading, so a change of folding
 * rules needs no migration. place_names.key keeps the folded key (a BLOB:
 * Arabic keys are not text) for other tools' SQL look-ups.
 *
 * One body of code for both backends, on the statement layer (sql.h): the
 * gazetteer is saved through sm_sql_rows (COPY on PostgreSQL: its thousands
 * of places and tens of thousands of names in a few round trips), points
 * read and written by the dialect's text (sm_sql_dialect).
 */
#include "store/sql.h"
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* ---- saving ------------------------------------------------------------ */

typedef struct saver {
    const sm_gaz *gaz;
    sm_sql_rows *rows;
    int64_t place_id;
    const char *seen[512];  /* the place's names written so far */
    int nseen;
    sm_status st;
    sm_error *err;
} saver;

static void
save_name(const char *name, sm_name_kind kind, void *user)
{
    saver *s = user;
    char key[SM_GAZ_KEY_MAX];
    size_t n = sm_gaz_fold(name, key, sizeof(key));

    if (s->st != SM_OK)
        return;
    /* a name a place has twice is written once (the key's): COPY cannot
     * skip it as the file's insert does */
    for (int i = 0; i < s->nseen; i++)
        if (strcmp(s->seen[i], name) == 0)
            return;
    if (s->nseen < (int)SM_LEN(s->seen))
        s->seen[s->nseen++] = name;
    sm_sql_rows_int64(s->rows, s->place_id);
    sm_sql_rows_text(s->rows, name);
    sm_sql_rows_text(s->rows, kind == SM_NAME_ARABIC ? "ar" : NULL);
    sm_sql_rows_blob(s->rows, key, n);
    sm_sql_rows_int64(s->rows, (int64_t)kind);
    s->st = sm_sql_rows_row_end(s->rows, s->err);
}

static void
save_pair(const char *a, const char *b, void *user)
{
    saver *s = user;

    if (s->st != SM_OK)
        return;
    sm_sql_rows_text(s->rows, a);
    sm_sql_rows_text(s->rows, b);
    s->st = sm_sql_rows_row_end(s->rows, s->err);
}

static void
save_admin2(const char *code, const char *name, double lat, double lon, void *user)
{
    saver *s = user;

    if (s->st != SM_OK)
        return;
    sm_sql_rows_text(s->rows, code);
    sm_sql_rows_text(s->rows, name);
    sm_sql_rows_double(s->rows, lat);
    sm_sql_rows_double(s->rows, lon);
    s->st = sm_sql_rows_row_end(s->rows, s->err);
}

static void
save_merged_id(int64_t id, int index, void *user)
{
    saver *s = user;

    if (s->st != SM_OK)
        return;
    sm_sql_rows_int64(s->rows, id);
    sm_sql_rows_int64(s->rows, sm_gaz_place(s->gaz, index)->id);
    s->st = sm_sql_rows_row_end(s->rows, s->err);
}

static const char *
nonempty(const char *t)
{
    return t && *t ? t : NULL;
}

/* Rows into table from each(gaz, fn, s), unless s failed already. */
static void
save_table(sm_store *db, saver *s, const char *table, const char *columns, int n, int point,
           sm_sql_rows_clash clash, const char *what,
           void (*rows)(sm_store *db, saver *s))
{
    if (s->st != SM_OK ||
        (s->st = sm_sql_rows_begin(db, table, columns, n, point, -1, clash, what, &s->rows,
                                   s->err)) != SM_OK)
        return;
    rows(db, s);
    s->st = sm_sql_rows_end(s->rows, s->st, s->err);
    s->rows = NULL;
}

static void
place_rows(sm_store *db, saver *s)
{
    (void)db;
    for (int i = 0; i < sm_gaz_count(s->gaz) && s->st == SM_OK; i++) {
        const sm_place *pl = sm_gaz_place(s->gaz, i);
        sm_sql_rows_int64(s->rows, pl->id);
        sm_sql_rows_text(s->rows, nonempty(pl->name));
        sm_sql_rows_text(s->rows, nonempty(pl->name_ar));
        sm_sql_rows_text(s->rows, nonempty(pl->feature_class));
        sm_sql_rows_text(s->rows, nonempty(pl->feature_code));
        sm_sql_rows_text(s->rows, nonempty(pl->kind));
        sm_sql_rows_text(s->rows, nonempty(pl->country));
        sm_sql_rows_text(s->rows, nonempty(pl->admin1));
        sm_sql_rows_int64(s->rows, pl->population);
        sm_sql_rows_double(s->rows, pl->precision_km);
        sm_sql_rows_text(s->rows, pl->curated ? (pl->geonames_id ? "geonames+curated" : "curated")
                                  : pl->geonames_id ? "geonames" : "ocha");
        sm_sql_rows_int64(s->rows, pl->curated);
        if (pl->geonames_id)
            sm_sql_rows_int64(s->rows, pl->geonames_id);
        else
            sm_sql_rows_null(s->rows);
        sm_sql_rows_point(s->rows, pl->lon_deg, pl->lat_deg);
        sm_sql_rows_text(s->rows, nonempty(pl->admin2));
        sm_sql_rows_text(s->rows, nonempty(pl->pcode));
        s->st = sm_sql_rows_row_end(s->rows, s->err);
    }
}

static void
name_rows(sm_store *db, saver *s)
{
    (void)db;
    for (int i = 0; i < sm_gaz_count(s->gaz) && s->st == SM_OK; i++) {
        s->place_id = sm_gaz_place(s->gaz, i)->id;
        s->nseen = 0;
        sm_gaz_names_each(s->gaz, i, save_name, s);
    }
}

static void
not_place_rows(sm_store *db, saver *s)
{
    (void)db;
    sm_gaz_not_places_each(s->gaz, save_pair, s);
}

static void
admin1_rows(sm_store *db, saver *s)
{
    (void)db;
    sm_gaz_admin1_each(s->gaz, save_pair, s);
}

static void
admin2_rows(sm_store *db, saver *s)
{
    (void)db;
    sm_gaz_admin2_each(s->gaz, save_admin2, s);
}

static void
merged_id_rows(sm_store *db, saver *s)
{
    (void)db;
    sm_gaz_merged_ids_each(s->gaz, save_merged_id, s);
}

sm_status
sm_store_gazetteer_save(sm_store *db, const sm_gaz *gaz, sm_error *err)
{
    saver s = { .gaz = gaz, .st = SM_OK, .err = err };

    if ((s.st = sm_store_begin(db, err)) != SM_OK)
        return s.st;
    /* the names and merged ids first, which refer to places */
    s.st = sm_sql_empty(db, "place_ids, place_names, places, not_places, admin1, admin2",
                        err);
    save_table(db, &s, "places", "id, name, name_ar, feature_class, feature_code, kind,"
               " country, admin1, population, precision_km, source, curated, geonames_id,"
               " geom, admin2, pcode", 16, 13, SM_SQL_ROWS_NEW, "cannot store a place",
               place_rows);
    /* the names after their places, which they refer to */
    save_table(db, &s, "place_names", "place_id, name, lang, key, kind", 5, -1,
               SM_SQL_ROWS_IGNORE, "cannot store a place name", name_rows);
    save_table(db, &s, "not_places", "name, why", 2, -1, SM_SQL_ROWS_REPLACE,
               "cannot store a name that is not a place", not_place_rows);
    save_table(db, &s, "admin1", "code, name", 2, -1, SM_SQL_ROWS_REPLACE,
               "cannot store a governorate", admin1_rows);
    save_table(db, &s, "admin2", "code, name, seat_lat, seat_lon", 4, -1, SM_SQL_ROWS_REPLACE,
               "cannot store a district", admin2_rows);
    save_table(db, &s, "place_ids", "id, place_id", 2, -1, SM_SQL_ROWS_REPLACE,
               "cannot store a merged id", merged_id_rows);
    if (s.st == SM_OK && sm_gaz_country(gaz))
        s.st = sm_store_gazetteer_set_country(db, sm_gaz_country(gaz), err);
    if (s.st != SM_OK) {
        sm_store_rollback(db);
        return s.st;
    }
    return sm_store_commit(db, err);
}

/* ---- reading ----------------------------------------------------------- */

/* The columns place_of_row reads, the point's (12) in the dialect's form. */
static const char *
place_columns(sm_store *db, char *sql, size_t cap)
{
    snprintf(sql, cap,
             "SELECT id, name, name_ar, feature_class, feature_code, kind, country, admin1,"
             " population, precision_km, curated, geonames_id, %s, admin2, pcode FROM places"
             " ORDER BY id", sm_sql_dialect(db, SM_SQL_POINT_OUT));
    return sql;
}

/* The place of the statement's row (strings valid until its next step). */
static sm_place
place_of_row(sm_sql_stmt *s)
{
    sm_place p = {
        .id = sm_sql_column_int64(s, 0), .name = sm_sql_column_text(s, 1),
        .name_ar = sm_sql_column_text(s, 2), .feature_class = sm_sql_column_text(s, 3),
        .feature_code = sm_sql_column_text(s, 4), .kind = sm_sql_column_text(s, 5),
        .country = sm_sql_column_text(s, 6), .admin1 = sm_sql_column_text(s, 7),
        .population = (long)sm_sql_column_int64(s, 8),
        .precision_km = sm_sql_column_double(s, 9), .curated = (int)sm_sql_column_int64(s, 10),
        .geonames_id = sm_sql_column_int64(s, 11), .admin2 = sm_sql_column_text(s, 13),
        .pcode = sm_sql_column_text(s, 14),
    };

    sm_sql_column_point(s, 12, &p.lon_deg, &p.lat_deg);
    return p;
}

/* The places in the box: every row is read and its point tested here (a
 * test in SQL would read every row too on a file, whose places have no
 * spatial index sitmap uses). */
sm_status
sm_store_places_open(sm_store *db, double west, double south, double east, double north,
                     sm_store_cursor **out, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    char sql[400];
    sm_status st;

    *out = NULL;
    if ((st = sm_sql_prepare(db, place_columns(db, sql, sizeof(sql)), &s, err)) != SM_OK ||
        (st = sm_store__cursor_sql(db, s, out, err)) != SM_OK)
        return st;
    (*out)->box[0] = west;
    (*out)->box[1] = south;
    (*out)->box[2] = east;
    (*out)->box[3] = north;
    return SM_OK;
}

sm_status
sm_store_places_next(sm_store_cursor *cur, sm_place *p, sm_error *err)
{
    sm_status st;

    while ((st = sm_store__cursor_step(cur, err)) == SM_OK) {
        double lon, lat;       /* the point first: the other columns only inside */
        if (sm_sql_column_point(cur->sql, 12, &lon, &lat) && lon >= cur->box[0] &&
            lat >= cur->box[1] && lon <= cur->box[2] && lat <= cur->box[3]) {
            *p = place_of_row(cur->sql);
            break;
        }
    }
    return st;
}

/* The rows of sql, each given to row until it fails. */
static sm_status
load_rows(sm_store *db, sm_gaz *gaz, const char *sql,
          sm_status (*row)(sm_gaz *gaz, sm_sql_stmt *s, void *state, sm_error *err),
          void *state, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    while ((st = sm_sql_step(s, err)) == SM_OK)
        if ((st = row(gaz, s, state, err)) != SM_OK)
            break;
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

static sm_status
place_row(sm_gaz *gaz, sm_sql_stmt *s, void *state, sm_error *err)
{
    sm_place p = place_of_row(s);

    (void)state;
    return sm_gaz_add_place(gaz, &p, NULL, false, NULL, NULL, err);
}

typedef struct names_state {
    int64_t last_id;
    int at;
} names_state;

static sm_status
name_row(sm_gaz *gaz, sm_sql_stmt *s, void *state, sm_error *err)
{
    names_state *n = state;
    int64_t id = sm_sql_column_int64(s, 0);

    if (id != n->last_id) {
        n->at = sm_gaz_find_id(gaz, id);
        n->last_id = id;
    }
    if (n->at < 0)
        return SM_OK;
    return sm_gaz_add_name(gaz, n->at, sm_sql_column_text(s, 1),
                           (sm_name_kind)sm_sql_column_int64(s, 2), err);
}

static sm_status
not_place_row(sm_gaz *gaz, sm_sql_stmt *s, void *state, sm_error *err)
{
    (void)state;
    return sm_gaz_add_not_place(gaz, sm_sql_column_text(s, 0), sm_sql_column_text(s, 1), err);
}

static sm_status
admin1_row(sm_gaz *gaz, sm_sql_stmt *s, void *state, sm_error *err)
{
    (void)state;
    return sm_gaz_add_admin1(gaz, sm_sql_column_text(s, 0), sm_sql_column_text(s, 1), err);
}

static sm_status
admin2_row(sm_gaz *gaz, sm_sql_stmt *s, void *state, sm_error *err)
{
    (void)state;
    return sm_gaz_add_admin2(gaz, sm_sql_column_text(s, 0), sm_sql_column_text(s, 1),
                             sm_sql_column_double(s, 2), sm_sql_column_double(s, 3), err);
}

static sm_status
merged_id_row(sm_gaz *gaz, sm_sql_stmt *s, void *state, sm_error *err)
{
    int at = sm_gaz_find_id(gaz, sm_sql_column_int64(s, 1));

    (void)state;
    return at >= 0 ? sm_gaz_add_id(gaz, sm_sql_column_int64(s, 0), at, err) : SM_OK;
}

sm_status
sm_store_gazetteer_set_country(sm_store *db, const char *country, sm_error *err)
{
    if (country == NULL || strlen(country) != 2)
        return sm_fail(err, SM_EUSAGE, "a country is two letters (ISO 3166 alpha-2)");
    return sm_store_meta_set(db, "country", country, err);
}

sm_status
sm_store_meta_get(sm_store *db, const char *key, char *out, size_t cap, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if (cap > 0)
        out[0] = '\0';
    if ((st = sm_sql_prepare(db, "SELECT value FROM meta WHERE key = ?1", &s, err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, key);
    if ((st = sm_sql_step(s, err)) == SM_OK && sm_sql_column_text(s, 0) && cap > 0)
        snprintf(out, cap, "%s", sm_sql_column_text(s, 0));
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_store_meta_set(sm_store *db, const char *key, const char *value, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value", &s,
                             err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, key);
    sm_sql_bind_text(s, 2, value);
    st = sm_sql_step(s, err);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_store_gazetteer_country(sm_store *db, char out[3], sm_error *err)
{
    return sm_store_meta_get(db, "country", out, 3, err);
}

sm_status
sm_store_gazetteer_load(sm_store *db, sm_gaz **out, sm_error *err)
{
    names_state names = { INT64_MIN, -1 };
    sm_gaz *gaz = NULL;
    char country[3], places[400], order[80];
    sm_status st;

    *out = NULL;
    snprintf(order, sizeof(order), "SELECT place_id, name, kind FROM place_names"
             " ORDER BY place_id, %s", sm_sql_dialect(db, SM_SQL_WRITE_ORDER));
    if ((st = sm_gaz_new(&gaz, err)) != SM_OK)
        return st;
    if ((st = sm_store_gazetteer_country(db, country, err)) == SM_OK &&
        (st = sm_gaz_set_country(gaz, country, err)) == SM_OK &&
        (st = load_rows(db, gaz, place_columns(db, places, sizeof(places)), place_row, NULL,
                        err)) == SM_OK &&
        (st = load_rows(db, gaz, order, name_row, &names, err)) == SM_OK &&
        (st = load_rows(db, gaz, "SELECT name, why FROM not_places", not_place_row, NULL,
                        err)) == SM_OK &&
        (st = load_rows(db, gaz, "SELECT code, name FROM admin1", admin1_row, NULL,
                        err)) == SM_OK &&
        (st = load_rows(db, gaz, "SELECT code, name, seat_lat, seat_lon FROM admin2",
                        admin2_row, NULL, err)) == SM_OK &&
        (st = load_rows(db, gaz, "SELECT id, place_id FROM place_ids", merged_id_row, NULL,
                        err)) == SM_OK)
        st = sm_gaz_finish(gaz, err);
    if (st != SM_OK) {
        sm_gaz_free(gaz);
        return st;
    }
    *out = gaz;
    return SM_OK;
}
