/* SPDX-License-Identifier: MIT */
/*
 * control.c - town-level control history: which faction holds a place from
 * which day on, and the control of every place as of a day (its latest
 * record on or before that day).
 *
 * Records of one place share a place_key. A new record joins an existing
 * place when the names match case-insensitively and the points lie within
 * 0.03 degrees (about 3 km) of each other, or neither has a point; so two
 * villages of the same name far apart stay two places.
 *
 * One body for both backends, on the statement layer (sql.h).
 */
#include "store/sql.h"
#include "store/store_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ?2's use in arithmetic first: PostgreSQL takes its type from there */
static const char control_find_sql[] =
    "SELECT place_key, 0 AS found_first FROM control WHERE name_key = ?1 AND"
    " ((abs(lat - ?2) < 0.03 AND abs(lon - ?3) < 0.03) OR"
    "  (?2 IS NULL AND lat IS NULL))"
    " UNION ALL SELECT coalesce(max(place_key), 0) + 1, 1 FROM control"
    " ORDER BY found_first LIMIT 1";

/* The upsert of a record, its point made of lon (?8) and lat (?7). */
static const char *
control_put_sql(sm_store *db, char *sql, size_t cap)
{
    char point[64];

    snprintf(point, sizeof(point), sm_sql_dialect(db, SM_SQL_POINT_IN), 8, 7);
    snprintf(sql, cap,
             "INSERT INTO control (place_key, place, name_key, place_id, faction, valid_from,"
             " lat, lon, source, geom, batch)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, %s, ?10)"
             " ON CONFLICT (place_key, valid_from) DO UPDATE SET faction = excluded.faction,"
             " place = excluded.place, place_id = excluded.place_id, source = excluded.source,"
             " batch = excluded.batch"
             " WHERE control.faction IS DISTINCT FROM excluded.faction"
             " OR control.place IS DISTINCT FROM excluded.place"
             " OR control.place_id IS DISTINCT FROM excluded.place_id"
             " OR control.source IS DISTINCT FROM excluded.source", point);
    return sql;
}

/* Lower-case ASCII letters and squeeze blanks: "  Al-Bab " -> "al-bab". */
static char *
name_key(const char *name)
{
    size_t n = strlen(name);
    char *key = malloc(n + 1);
    size_t k = 0;

    if (key == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (isspace(c)) {
            if (k > 0 && key[k - 1] != ' ')
                key[k++] = ' ';
            continue;
        }
        key[k++] = (char)(c < 0x80 ? tolower(c) : c);
    }
    while (k > 0 && key[k - 1] == ' ')
        k--;
    key[k] = '\0';
    return key;
}

static void
bind_point(sm_sql_stmt *s, int lat_i, int lon_i, const sm_control *c)
{
    if (c->has_point) {
        sm_sql_bind_double(s, lat_i, c->lat_deg);
        sm_sql_bind_double(s, lon_i, c->lon_deg);
    } else {
        sm_sql_bind_null(s, lat_i);
        sm_sql_bind_null(s, lon_i);
    }
}

sm_status
sm_store_control_put(sm_store *db, const sm_control *c, sm_put_result *res, sm_error *err)
{
    sm_sql_stmt *f, *s;
    int64_t key;
    bool exists;
    char *nkey;
    sm_status st;

    if (sm_store__bulk_end(db, err) != SM_OK)
        return SM_EDB;
    if (db->control_put == NULL) {      /* the last of them prepared */
        char put[1024];
        if ((st = sm_sql_prepare_kept(db, &db->control_find, control_find_sql, err)) != SM_OK ||
            (st = sm_sql_prepare_kept(db, &db->control_exists, "SELECT 1 FROM control"
                               " WHERE place_key = ?1 AND valid_from = ?2", err)) != SM_OK ||
            (st = sm_sql_prepare_kept(db, &db->control_put, control_put_sql(db, put, sizeof(put)),
                                      err)) != SM_OK)
            return st;
    }
    nkey = name_key(c->place);
    if (nkey == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    f = db->control_find;
    sm_sql_reset(f);
    sm_sql_bind_text(f, 1, nkey);
    bind_point(f, 2, 3, c);
    if ((st = sm_sql_step(f, err)) != SM_OK) {
        if (st == SM_ENOTFOUND)
            st = sm_fail(err, SM_EDB, "%s: cannot look up a place", db->path);
        st = sm_store__failed(db, err, st, "cannot look up a place");
        goto done;
    }
    key = sm_sql_column_int64(f, 0);
    sm_sql_bind_int64(db->control_exists, 1, key);
    sm_sql_bind_day(db->control_exists, 2, c->day);
    st = sm_sql_step(db->control_exists, err);
    sm_sql_reset(db->control_exists);
    if (st != SM_OK && st != SM_ENOTFOUND) {
        st = sm_store__failed(db, err, st, "cannot store a control record");
        goto done;
    }
    exists = st == SM_OK;
    s = db->control_put;
    sm_sql_reset(s);
    sm_sql_bind_int64(s, 1, key);
    sm_sql_bind_text(s, 2, c->place);
    sm_sql_bind_text(s, 3, nkey);
    if (c->place_id)
        sm_sql_bind_int64(s, 4, c->place_id);
    else
        sm_sql_bind_null(s, 4);
    sm_sql_bind_text(s, 5, c->faction);
    sm_sql_bind_day(s, 6, c->day);
    bind_point(s, 7, 8, c);
    sm_sql_bind_text(s, 9, c->source);
    sm_store__bind_batch_sql(db, s, 10);
    if ((st = sm_sql_step(s, err)) != SM_ENOTFOUND) {
        st = sm_store__failed(db, err, st, "cannot store a control record");
    } else {
        st = SM_OK;
        if (res)
            *res = !exists ? SM_PUT_NEW : sm_sql_changes(s) ? SM_PUT_UPDATED : SM_PUT_SAME;
    }
    sm_sql_reset(s);
done:
    sm_sql_reset(f);
    free(nkey);
    return st;
}

sm_status
sm_store_control_open(sm_store *db, sm_day day, sm_store_cursor **out, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;
    char sql[512];

    /* each place's record on the day: the last that starts on or before it,
       which the next one ends */
    snprintf(sql, sizeof(sql),
             "SELECT place, place_id, faction, valid_from, lat, lon, source, until FROM"
             " (SELECT *, lead(valid_from) OVER (PARTITION BY place_key"
             "   ORDER BY valid_from) AS until FROM control) AS records"
             " WHERE valid_from <= ?1 AND (until IS NULL OR until > ?1)"
             " ORDER BY name_key%s, place_key", sm_sql_dialect(db, SM_SQL_BYTE_ORDER));
    *out = NULL;
    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    sm_sql_bind_day(s, 1, day);
    return sm_store__cursor_sql(db, s, out, err);
}

sm_status
sm_store_control_next(sm_store_cursor *cur, sm_control *c, sm_error *err)
{
    sm_sql_stmt *s = cur->sql;
    sm_status st = sm_store__cursor_step(cur, err);

    if (st != SM_OK)
        return st;
    memset(c, 0, sizeof(*c));
    c->place = sm_sql_column_text(s, 0);
    c->place_id = sm_sql_column_int64(s, 1);
    c->faction = sm_sql_column_text(s, 2);
    c->day = sm_sql_column_day(s, 3, SM_DAY_NONE);
    c->until = sm_sql_column_day(s, 7, SM_DAY_OPEN);
    c->has_point = !sm_sql_column_null(s, 4);
    c->lat_deg = sm_sql_column_double(s, 4);
    c->lon_deg = sm_sql_column_double(s, 5);
    c->source = sm_sql_column_text(s, 6);
    return SM_OK;
}
