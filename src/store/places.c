/* SPDX-License-Identifier: MIT */
/*
 * places.c - the gazetteer in the database: places with their names, names
 * that are not places, governorate names. Saved whole from an index and read
 * back into one, with districts and the ids of merged records; names are folded again on reading, so a change of folding
 * rules needs no migration. place_names.key keeps the folded key (a BLOB:
 * Arabic keys are not text) for other tools' SQL look-ups.
 */
#include "store/store_int.h"
#include "store/pg.h"

#include <stdio.h>
#include <string.h>

typedef struct saver {
    sm_store *db;
    const sm_gaz *gaz;
    sqlite3_stmt *name;
    int64_t place_id;
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
    sqlite3_reset(s->name);
    sqlite3_bind_int64(s->name, 1, s->place_id);
    sqlite3_bind_text(s->name, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->name, 3, kind == SM_NAME_ARABIC ? "ar" : NULL, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s->name, 4, key, (int)n, SQLITE_STATIC);
    sqlite3_bind_int(s->name, 5, (int)kind);
    if (sqlite3_step(s->name) != SQLITE_DONE)
        s->st = sm_store__fail(s->db, s->err, "cannot store a place name");
}

static void
save_pair(sqlite3_stmt *st, const char *a, const char *b, saver *s, const char *what)
{
    if (s->st != SM_OK)
        return;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        s->st = sm_store__fail(s->db, s->err, what);
}

static void
save_not_place(const char *name, const char *why, void *user)
{
    saver *s = user;
    save_pair(s->name, name, why, s, "cannot store a name that is not a place");
}

static void
save_admin1(const char *code, const char *name, void *user)
{
    saver *s = user;
    save_pair(s->name, code, name, s, "cannot store a governorate");
}

static void
save_admin2(const char *code, const char *name, double lat, double lon, void *user)
{
    saver *s = user;

    if (s->st != SM_OK)
        return;
    sqlite3_reset(s->name);
    sqlite3_bind_text(s->name, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->name, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_double(s->name, 3, lat);
    sqlite3_bind_double(s->name, 4, lon);
    if (sqlite3_step(s->name) != SQLITE_DONE)
        s->st = sm_store__fail(s->db, s->err, "cannot store a district");
}

static void
save_merged_id(int64_t id, int index, void *user)
{
    saver *s = user;

    if (s->st != SM_OK)
        return;
    sqlite3_reset(s->name);
    sqlite3_bind_int64(s->name, 1, id);
    sqlite3_bind_int64(s->name, 2, sm_gaz_place(s->gaz, index)->id);
    if (sqlite3_step(s->name) != SQLITE_DONE)
        s->st = sm_store__fail(s->db, s->err, "cannot store a merged id");
}

static sm_status
save_places(sm_store *db, const sm_gaz *gaz, saver *s, sm_error *err)
{
    sqlite3_stmt *p = NULL;
    const char *sql =
        "INSERT INTO places (id, name, name_ar, feature_class, feature_code, kind, country,"
        " admin1, population, precision_km, source, curated, geonames_id, geom, admin2, pcode)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
        " MakePoint(?14, ?15, 4326), ?16, ?17)";

    if (sm_store__prepare(db, &p, sql, err) != SM_OK ||
        sm_store__prepare(db, &s->name, "INSERT OR IGNORE INTO place_names"
                          " (place_id, name, lang, key, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
                          err) != SM_OK) {
        sqlite3_finalize(p);
        return SM_EDB;
    }
    for (int i = 0; i < sm_gaz_count(gaz) && s->st == SM_OK; i++) {
        const sm_place *pl = sm_gaz_place(gaz, i);
        sqlite3_reset(p);
        sqlite3_bind_int64(p, 1, pl->id);
        sm_store__bind_text(p, 2, pl->name);
        sm_store__bind_text(p, 3, pl->name_ar);
        sm_store__bind_text(p, 4, pl->feature_class);
        sm_store__bind_text(p, 5, pl->feature_code);
        sm_store__bind_text(p, 6, pl->kind);
        sm_store__bind_text(p, 7, pl->country);
        sm_store__bind_text(p, 8, pl->admin1);
        sqlite3_bind_int64(p, 9, pl->population);
        sqlite3_bind_double(p, 10, pl->precision_km);
        sqlite3_bind_text(p, 11,
                          pl->curated       ? (pl->geonames_id ? "geonames+curated" : "curated")
                          : pl->geonames_id ? "geonames"
                                            : "ocha", -1, SQLITE_STATIC);
        sqlite3_bind_int(p, 12, pl->curated);
        if (pl->geonames_id)
            sqlite3_bind_int64(p, 13, pl->geonames_id);
        else
            sqlite3_bind_null(p, 13);
        sqlite3_bind_double(p, 14, pl->lon_deg);
        sqlite3_bind_double(p, 15, pl->lat_deg);
        sm_store__bind_text(p, 16, pl->admin2);
        sm_store__bind_text(p, 17, pl->pcode);
        if (sqlite3_step(p) != SQLITE_DONE) {
            s->st = sm_store__fail(db, err, "cannot store a place");
            break;
        }
        s->place_id = pl->id;
        sm_gaz_names_each(gaz, i, save_name, s);
    }
    sqlite3_finalize(p);
    sqlite3_finalize(s->name);
    s->name = NULL;
    return s->st;
}

sm_status
sm_store_gazetteer_save(sm_store *db, const sm_gaz *gaz, sm_error *err)
{
    saver s = { db, gaz, NULL, 0, SM_OK, err };
    sm_status st;
    if (db->pg)
        return sm_pg_gazetteer_save(db, gaz, err);

    if ((st = sm_store_begin(db, err)) != SM_OK)
        return st;
    st = sm_store__exec(db, "DELETE FROM place_ids; DELETE FROM place_names;"
                        " DELETE FROM places; DELETE FROM not_places; DELETE FROM admin1;"
                        " DELETE FROM admin2", err);
    if (st == SM_OK)
        st = save_places(db, gaz, &s, err);
    if (st == SM_OK &&
        (st = sm_store__prepare(db, &s.name, "INSERT OR REPLACE INTO not_places (name, why)"
                                " VALUES (?1, ?2)", err)) == SM_OK) {
        sm_gaz_not_places_each(gaz, save_not_place, &s);
        sqlite3_finalize(s.name);
        s.name = NULL;
        st = s.st;
    }
    if (st == SM_OK &&
        (st = sm_store__prepare(db, &s.name, "INSERT OR REPLACE INTO admin1 (code, name)"
                                " VALUES (?1, ?2)", err)) == SM_OK) {
        sm_gaz_admin1_each(gaz, save_admin1, &s);
        sqlite3_finalize(s.name);
        s.name = NULL;
        st = s.st;
    }
    if (st == SM_OK &&
        (st = sm_store__prepare(db, &s.name, "INSERT OR REPLACE INTO admin2"
                                " (code, name, seat_lat, seat_lon) VALUES (?1, ?2, ?3, ?4)",
                                err)) == SM_OK) {
        sm_gaz_admin2_each(gaz, save_admin2, &s);
        sqlite3_finalize(s.name);
        s.name = NULL;
        st = s.st;
    }
    if (st == SM_OK &&
        (st = sm_store__prepare(db, &s.name, "INSERT OR REPLACE INTO place_ids (id, place_id)"
                                " VALUES (?1, ?2)", err)) == SM_OK) {
        sm_gaz_merged_ids_each(gaz, save_merged_id, &s);
        sqlite3_finalize(s.name);
        st = s.st;
    }
    if (st == SM_OK && sm_gaz_country(gaz))
        st = sm_store_gazetteer_set_country(db, sm_gaz_country(gaz), err);
    if (st != SM_OK) {
        sm_store_rollback(db);
        return st;
    }
    return sm_store_commit(db, err);
}

static const char *
text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

#define PLACE_COLUMNS \
    "SELECT id, name, name_ar, feature_class, feature_code, kind, country, admin1," \
    " population, precision_km, curated, geonames_id, geom, admin2, pcode FROM places"

/* The place of the statement's row (strings valid until its next step). */
static sm_place
place_of_row(sqlite3_stmt *s)
{
    sm_place p = {
        .id = sqlite3_column_int64(s, 0), .name = text(s, 1), .name_ar = text(s, 2),
        .feature_class = text(s, 3), .feature_code = text(s, 4), .kind = text(s, 5),
        .country = text(s, 6), .admin1 = text(s, 7),
        .population = (long)sqlite3_column_int64(s, 8),
        .precision_km = sqlite3_column_double(s, 9), .curated = sqlite3_column_int(s, 10),
        .geonames_id = sqlite3_column_int64(s, 11), .admin2 = text(s, 13),
        .pcode = text(s, 14),
    };

    sm_store__column_point(s, 12, &p.lon_deg, &p.lat_deg);
    return p;
}

/* The places in the box: every row is read and its point tested here (the
 * table has no spatial index; a test in SQL would read every row too). */
sm_status
sm_store_places_open(sm_store *db, double west, double south, double east, double north,
                     sm_store_cursor **out, sm_error *err)
{
    sqlite3_stmt *s = NULL;

    *out = NULL;
    if (sm_store__prepare(db, &s, PLACE_COLUMNS " ORDER BY id", err) != SM_OK ||
        sm_store__cursor_new(db, s, out, err) != SM_OK)
        return SM_EDB;
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
        if (sm_store__column_point(cur->stmt, 12, &lon, &lat) && lon >= cur->box[0] &&
            lat >= cur->box[1] && lon <= cur->box[2] && lat <= cur->box[3]) {
            *p = place_of_row(cur->stmt);
            break;
        }
    }
    return st;
}

static sm_status
load_places(sm_store *db, sm_gaz *gaz, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    sm_status st = SM_OK;
    int rc;

    if (sm_store__prepare(db, &s, PLACE_COLUMNS " ORDER BY id", err) != SM_OK)
        return SM_EDB;
    while (st == SM_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        sm_place p = place_of_row(s);
        st = sm_gaz_add_place(gaz, &p, NULL, false, NULL, NULL, err);
    }
    sqlite3_finalize(s);
    if (st == SM_OK && rc != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot read places");
    return st;
}

static sm_status
load_names(sm_store *db, sm_gaz *gaz, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    int64_t last_id = INT64_MIN;
    int at = -1, rc;
    sm_status st = SM_OK;

    if (sm_store__prepare(db, &s, "SELECT place_id, name, kind FROM place_names"
                          " ORDER BY place_id, rowid", err) != SM_OK)
        return SM_EDB;
    while (st == SM_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (id != last_id) {
            at = sm_gaz_find_id(gaz, id);
            last_id = id;
        }
        if (at >= 0)
            st = sm_gaz_add_name(gaz, at, text(s, 1), (sm_name_kind)sqlite3_column_int(s, 2), err);
    }
    sqlite3_finalize(s);
    if (st == SM_OK && rc != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot read place names");
    return st;
}

static sm_status
load_admin2(sm_store *db, sm_gaz *gaz, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    sm_status st = SM_OK;
    int rc;

    if (sm_store__prepare(db, &s, "SELECT code, name, seat_lat, seat_lon FROM admin2",
                          err) != SM_OK)
        return SM_EDB;
    while (st == SM_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
        st = sm_gaz_add_admin2(gaz, text(s, 0), text(s, 1), sqlite3_column_double(s, 2),
                               sqlite3_column_double(s, 3), err);
    sqlite3_finalize(s);
    if (st == SM_OK && rc != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot read districts");
    return st;
}

static sm_status
load_merged_ids(sm_store *db, sm_gaz *gaz, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    sm_status st = SM_OK;
    int rc;

    if (sm_store__prepare(db, &s, "SELECT id, place_id FROM place_ids", err) != SM_OK)
        return SM_EDB;
    while (st == SM_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int at = sm_gaz_find_id(gaz, sqlite3_column_int64(s, 1));
        if (at >= 0)
            st = sm_gaz_add_id(gaz, sqlite3_column_int64(s, 0), at, err);
    }
    sqlite3_finalize(s);
    if (st == SM_OK && rc != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot read merged ids");
    return st;
}

static sm_status
load_pairs(sm_store *db, sm_gaz *gaz, const char *sql,
           sm_status (*add)(sm_gaz *, const char *, const char *, sm_error *), sm_error *err)
{
    sqlite3_stmt *s = NULL;
    sm_status st = SM_OK;
    int rc;

    if (sm_store__prepare(db, &s, sql, err) != SM_OK)
        return SM_EDB;
    while (st == SM_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
        st = add(gaz, text(s, 0), text(s, 1), err);
    sqlite3_finalize(s);
    if (st == SM_OK && rc != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot read the gazetteer");
    return st;
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
    sqlite3_stmt *s = NULL;
    int rc;
    if (db->pg)
        return sm_pg_meta_get(db, key, out, cap, err);

    if (cap > 0)
        out[0] = '\0';
    if (sm_store__prepare(db, &s, "SELECT value FROM meta WHERE key = ?1", err) != SM_OK)
        return SM_EDB;
    sm_store__bind_text(s, 1, key);
    if ((rc = sqlite3_step(s)) == SQLITE_ROW && text(s, 0) && cap > 0)
        snprintf(out, cap, "%s", text(s, 0));
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot read the meta table");
    return SM_OK;
}

sm_status
sm_store_meta_set(sm_store *db, const char *key, const char *value, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc;
    if (db->pg)
        return sm_pg_meta_set(db, key, value, err);

    if (sm_store__prepare(db, &s, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                          err) != SM_OK)
        return SM_EDB;
    sm_store__bind_text(s, 1, key);
    sm_store__bind_text(s, 2, value);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot write the meta table");
    return SM_OK;
}

sm_status
sm_store_gazetteer_country(sm_store *db, char out[3], sm_error *err)
{
    return sm_store_meta_get(db, "country", out, 3, err);
}

sm_status
sm_store_gazetteer_load(sm_store *db, sm_gaz **out, sm_error *err)
{
    sm_gaz *gaz = NULL;
    char country[3];
    sm_status st;

    if (db->pg)
        return sm_pg_gazetteer_load(db, out, err);
    *out = NULL;
    if ((st = sm_gaz_new(&gaz, err)) != SM_OK)
        return st;
    if ((st = sm_store_gazetteer_country(db, country, err)) == SM_OK &&
        (st = sm_gaz_set_country(gaz, country, err)) == SM_OK &&
        (st = load_places(db, gaz, err)) == SM_OK && (st = load_names(db, gaz, err)) == SM_OK &&
        (st = load_pairs(db, gaz, "SELECT name, why FROM not_places", sm_gaz_add_not_place,
                         err)) == SM_OK &&
        (st = load_pairs(db, gaz, "SELECT code, name FROM admin1", sm_gaz_add_admin1,
                         err)) == SM_OK &&
        (st = load_admin2(db, gaz, err)) == SM_OK &&
        (st = load_merged_ids(db, gaz, err)) == SM_OK)
        st = sm_gaz_finish(gaz, err);
    if (st != SM_OK) {
        sm_gaz_free(gaz);
        return st;
    }
    *out = gaz;
    return SM_OK;
}
