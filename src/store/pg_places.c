/* SPDX-License-Identifier: MIT */
/*
 * pg_places.c - the gazetteer tables and the meta table on PostgreSQL
 * (places.c's counterparts). The gazetteer is saved with COPY: its
 * thousands of places and tens of thousands of names in a few round trips
 * instead of one an insert.
 */
#include "store/pg_int.h"

#include <stdio.h>
#include <string.h>

sm_status
sm_pg_meta_get(sm_store *db, const char *key, char *out, size_t cap, sm_error *err)
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
sm_pg_meta_set(sm_store *db, const char *key, const char *value, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                             " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", &s,
                             err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, key);
    sm_sql_bind_text(s, 2, value);
    st = sm_sql_step(s, err);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

/* ---- saving ------------------------------------------------------------ */

typedef struct saver {
    const sm_gaz *gaz;
    sm_sql_copy *copy;
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
    /* a name a place has twice is written once (the key's) */
    for (int i = 0; i < s->nseen; i++)
        if (strcmp(s->seen[i], name) == 0)
            return;
    if (s->nseen < (int)SM_LEN(s->seen))
        s->seen[s->nseen++] = name;
    sm_sql_copy_int64(s->copy, s->place_id);
    sm_sql_copy_text(s->copy, name);
    sm_sql_copy_text(s->copy, kind == SM_NAME_ARABIC ? "ar" : NULL);
    sm_sql_copy_bytea(s->copy, key, n);
    sm_sql_copy_int64(s->copy, (int64_t)kind);
    s->st = sm_sql_copy_row_end(s->copy, s->err);
}

static void
save_pair(const char *a, const char *b, void *user)
{
    saver *s = user;

    if (s->st != SM_OK)
        return;
    sm_sql_copy_text(s->copy, a);
    sm_sql_copy_text(s->copy, b);
    s->st = sm_sql_copy_row_end(s->copy, s->err);
}

static void
save_admin2(const char *code, const char *name, double lat, double lon, void *user)
{
    saver *s = user;

    if (s->st != SM_OK)
        return;
    sm_sql_copy_text(s->copy, code);
    sm_sql_copy_text(s->copy, name);
    sm_sql_copy_double(s->copy, lat);
    sm_sql_copy_double(s->copy, lon);
    s->st = sm_sql_copy_row_end(s->copy, s->err);
}

static void
save_merged_id(int64_t id, int index, void *user)
{
    saver *s = user;

    if (s->st != SM_OK)
        return;
    sm_sql_copy_int64(s->copy, id);
    sm_sql_copy_int64(s->copy, sm_gaz_place(s->gaz, index)->id);
    s->st = sm_sql_copy_row_end(s->copy, s->err);
}

static const char *
nonempty(const char *t)
{
    return t && *t ? t : NULL;
}

static sm_status
save_places(sm_store *db, saver *s)
{
    const sm_gaz *gaz = s->gaz;

    if ((s->st = sm_sql_copy_begin(db, "COPY places (id, name, name_ar, feature_class,"
                                   " feature_code, kind, country, admin1, population,"
                                   " precision_km, source, curated, geonames_id, geom, admin2,"
                                   " pcode) FROM STDIN", &s->copy, s->err)) != SM_OK)
        return s->st;
    for (int i = 0; i < sm_gaz_count(gaz) && s->st == SM_OK; i++) {
        const sm_place *pl = sm_gaz_place(gaz, i);
        sm_sql_copy_int64(s->copy, pl->id);
        sm_sql_copy_text(s->copy, nonempty(pl->name));
        sm_sql_copy_text(s->copy, nonempty(pl->name_ar));
        sm_sql_copy_text(s->copy, nonempty(pl->feature_class));
        sm_sql_copy_text(s->copy, nonempty(pl->feature_code));
        sm_sql_copy_text(s->copy, nonempty(pl->kind));
        sm_sql_copy_text(s->copy, nonempty(pl->country));
        sm_sql_copy_text(s->copy, nonempty(pl->admin1));
        sm_sql_copy_int64(s->copy, pl->population);
        sm_sql_copy_double(s->copy, pl->precision_km);
        sm_sql_copy_text(s->copy, pl->curated ? (pl->geonames_id ? "geonames+curated" : "curated")
                                  : pl->geonames_id ? "geonames" : "ocha");
        sm_sql_copy_int64(s->copy, pl->curated);
        if (pl->geonames_id)
            sm_sql_copy_int64(s->copy, pl->geonames_id);
        else
            sm_sql_copy_null(s->copy);
        sm_sql_copy_point(s->copy, pl->lon_deg, pl->lat_deg);
        sm_sql_copy_text(s->copy, nonempty(pl->admin2));
        sm_sql_copy_text(s->copy, nonempty(pl->pcode));
        s->st = sm_sql_copy_row_end(s->copy, s->err);
    }
    s->st = sm_sql_copy_end(s->copy, s->st, s->err);
    s->copy = NULL;
    if (s->st != SM_OK)
        return s->st;
    /* the names after their places, which they refer to */
    if ((s->st = sm_sql_copy_begin(db, "COPY place_names (place_id, name, lang, key, kind)"
                                   " FROM STDIN", &s->copy, s->err)) != SM_OK)
        return s->st;
    for (int i = 0; i < sm_gaz_count(gaz) && s->st == SM_OK; i++) {
        s->place_id = sm_gaz_place(gaz, i)->id;
        s->nseen = 0;
        sm_gaz_names_each(gaz, i, save_name, s);
    }
    s->st = sm_sql_copy_end(s->copy, s->st, s->err);
    s->copy = NULL;
    return s->st;
}

/* One table by COPY, its rows given by each(gaz, fn, s). */
#define SAVE_TABLE(db, s, sql, each, fn)                                                       \
    do {                                                                                       \
        if ((s)->st == SM_OK &&                                                                \
            ((s)->st = sm_sql_copy_begin(db, sql, &(s)->copy, (s)->err)) == SM_OK) {          \
            each((s)->gaz, fn, s);                                                             \
            (s)->st = sm_sql_copy_end((s)->copy, (s)->st, (s)->err);                          \
            (s)->copy = NULL;                                                                  \
        }                                                                                      \
    } while (0)

sm_status
sm_pg_gazetteer_save(sm_store *db, const sm_gaz *gaz, sm_error *err)
{
    saver s = { .gaz = gaz, .st = SM_OK, .err = err };

    if ((s.st = sm_pg__begin(db, err)) != SM_OK)
        return s.st;
    /* places' names and merged ids go with them (ON DELETE CASCADE) */
    s.st = sm_sql_exec(db, "TRUNCATE place_ids, place_names, places, not_places, admin1,"
                       " admin2", err);
    if (s.st == SM_OK)
        save_places(db, &s);
    SAVE_TABLE(db, &s, "COPY not_places (name, why) FROM STDIN", sm_gaz_not_places_each,
               save_pair);
    SAVE_TABLE(db, &s, "COPY admin1 (code, name) FROM STDIN", sm_gaz_admin1_each, save_pair);
    SAVE_TABLE(db, &s, "COPY admin2 (code, name, seat_lat, seat_lon) FROM STDIN",
               sm_gaz_admin2_each, save_admin2);
    SAVE_TABLE(db, &s, "COPY place_ids (id, place_id) FROM STDIN", sm_gaz_merged_ids_each,
               save_merged_id);
    if (s.st == SM_OK && sm_gaz_country(gaz))
        s.st = sm_pg_meta_set(db, "country", sm_gaz_country(gaz), err);
    if (s.st != SM_OK) {
        sm_pg__rollback(db);
        return s.st;
    }
    return sm_pg__commit(db, err);
}

/* ---- loading ----------------------------------------------------------- */

static sm_status
load_places(sm_store *db, sm_gaz *gaz, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT id, name, name_ar, feature_class, feature_code, kind,"
                             " country, admin1, population, precision_km, curated, geonames_id,"
                             " ST_X(geom), ST_Y(geom), admin2, pcode FROM places ORDER BY id",
                             &s, err)) != SM_OK)
        return st;
    while ((st = sm_sql_step(s, err)) == SM_OK) {
        sm_place p = {
            .id = sm_sql_column_int64(s, 0), .name = sm_sql_column_text(s, 1),
            .name_ar = sm_sql_column_text(s, 2), .feature_class = sm_sql_column_text(s, 3),
            .feature_code = sm_sql_column_text(s, 4), .kind = sm_sql_column_text(s, 5),
            .country = sm_sql_column_text(s, 6), .admin1 = sm_sql_column_text(s, 7),
            .population = (long)sm_sql_column_int64(s, 8),
            .precision_km = sm_sql_column_double(s, 9),
            .curated = (int)sm_sql_column_int64(s, 10),
            .geonames_id = sm_sql_column_int64(s, 11),
            .lon_deg = sm_sql_column_double(s, 12), .lat_deg = sm_sql_column_double(s, 13),
            .admin2 = sm_sql_column_text(s, 14), .pcode = sm_sql_column_text(s, 15),
        };
        if ((st = sm_gaz_add_place(gaz, &p, NULL, false, NULL, NULL, err)) != SM_OK)
            break;
    }
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

static sm_status
load_names(sm_store *db, sm_gaz *gaz, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    int64_t last_id = INT64_MIN;
    int at = -1;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT place_id, name, kind FROM place_names"
                             " ORDER BY place_id, seq", &s, err)) != SM_OK)
        return st;
    while ((st = sm_sql_step(s, err)) == SM_OK) {
        int64_t id = sm_sql_column_int64(s, 0);
        if (id != last_id) {
            at = sm_gaz_find_id(gaz, id);
            last_id = id;
        }
        if (at >= 0 && (st = sm_gaz_add_name(gaz, at, sm_sql_column_text(s, 1),
                                             (sm_name_kind)sm_sql_column_int64(s, 2),
                                             err)) != SM_OK)
            break;
    }
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

static sm_status
load_rows(sm_store *db, sm_gaz *gaz, const char *sql, int kind, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    while ((st = sm_sql_step(s, err)) == SM_OK) {
        const char *a = sm_sql_column_text(s, 0), *b = sm_sql_column_text(s, 1);
        int at;
        switch (kind) {
        case 0: st = sm_gaz_add_not_place(gaz, a, b, err); break;
        case 1: st = sm_gaz_add_admin1(gaz, a, b, err); break;
        case 2:
            st = sm_gaz_add_admin2(gaz, a, b, sm_sql_column_double(s, 2),
                                   sm_sql_column_double(s, 3), err);
            break;
        default:
            at = sm_gaz_find_id(gaz, sm_sql_column_int64(s, 1));
            if (at >= 0)
                st = sm_gaz_add_id(gaz, sm_sql_column_int64(s, 0), at, err);
        }
        if (st != SM_OK)
            break;
    }
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_pg_gazetteer_load(sm_store *db, sm_gaz **out, sm_error *err)
{
    sm_gaz *gaz = NULL;
    char country[3];
    sm_status st;

    *out = NULL;
    if ((st = sm_gaz_new(&gaz, err)) != SM_OK)
        return st;
    if ((st = sm_pg_meta_get(db, "country", country, sizeof(country), err)) == SM_OK &&
        (st = sm_gaz_set_country(gaz, country, err)) == SM_OK &&
        (st = load_places(db, gaz, err)) == SM_OK && (st = load_names(db, gaz, err)) == SM_OK &&
        (st = load_rows(db, gaz, "SELECT name, why FROM not_places", 0, err)) == SM_OK &&
        (st = load_rows(db, gaz, "SELECT code, name FROM admin1", 1, err)) == SM_OK &&
        (st = load_rows(db, gaz, "SELECT code, name, seat_lat, seat_lon FROM admin2", 2,
                        err)) == SM_OK &&
        (st = load_rows(db, gaz, "SELECT id, place_id FROM place_ids", 3, err)) == SM_OK)
        st = sm_gaz_finish(gaz, err);
    if (st != SM_OK) {
        sm_gaz_free(gaz);
        return st;
    }
    *out = gaz;
    return SM_OK;
}
