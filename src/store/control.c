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
 */
#include "store/store_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char control_find_sql[] =
    "SELECT place_key, 0 AS found_first FROM control WHERE name_key = ?1 AND"
    " ((?2 IS NULL AND lat IS NULL) OR"
    "  (abs(lat - ?2) < 0.03 AND abs(lon - ?3) < 0.03))"
    " UNION ALL SELECT coalesce(max(place_key), 0) + 1, 1 FROM control"
    " ORDER BY found_first LIMIT 1";

static const char control_put_sql[] =
    "INSERT INTO control (place_key, place, name_key, place_id, faction, valid_from,"
    " lat, lon, source, geom, batch)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, MakePoint(?8, ?7, 4326), ?10)"
    " ON CONFLICT (place_key, valid_from) DO UPDATE SET faction = excluded.faction,"
    " place = excluded.place, place_id = excluded.place_id, source = excluded.source,"
    " batch = excluded.batch"
    " WHERE control.faction IS NOT excluded.faction OR control.place IS NOT excluded.place"
    " OR control.place_id IS NOT excluded.place_id OR control.source IS NOT excluded.source";

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
bind_point(sqlite3_stmt *s, int lat_i, int lon_i, const sm_control *c)
{
    if (c->has_point) {
        sqlite3_bind_double(s, lat_i, c->lat_deg);
        sqlite3_bind_double(s, lon_i, c->lon_deg);
    } else {
        sqlite3_bind_null(s, lat_i);
        sqlite3_bind_null(s, lon_i);
    }
}

sm_status
sm_store_control_put(sm_store *db, const sm_control *c, sm_put_result *res, sm_error *err)
{
    sqlite3_stmt *f, *s;
    sqlite3_int64 key;
    bool exists;
    char *nkey;
    sm_status st = SM_OK;

    if (sm_store__bulk_end(db, err) != SM_OK)
        return SM_EDB;
    if (sm_store__prepare(db, &db->control_find, control_find_sql, err) != SM_OK ||
        sm_store__prepare(db, &db->control_put, control_put_sql, err) != SM_OK)
        return SM_EDB;
    nkey = name_key(c->place);
    if (nkey == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    f = db->control_find;
    sqlite3_reset(f);
    sqlite3_bind_text(f, 1, nkey, -1, SQLITE_TRANSIENT);
    bind_point(f, 2, 3, c);
    if (sqlite3_step(f) != SQLITE_ROW) {
        st = sm_store__fail(db, err, "cannot look up a place");
        goto done;
    }
    key = sqlite3_column_int64(f, 0);
    if (sm_store__prepare(db, &db->control_exists, "SELECT 1 FROM control"
                          " WHERE place_key = ?1 AND valid_from = ?2", err) != SM_OK) {
        st = SM_EDB;
        goto done;
    }
    sqlite3_bind_int64(db->control_exists, 1, key);
    sm_store__bind_day(db->control_exists, 2, c->day);
    exists = sqlite3_step(db->control_exists) == SQLITE_ROW;
    sqlite3_reset(db->control_exists);
    s = db->control_put;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    sqlite3_bind_int64(s, 1, key);
    sm_store__bind_text(s, 2, c->place);
    sqlite3_bind_text(s, 3, nkey, -1, SQLITE_TRANSIENT);
    if (c->place_id)
        sqlite3_bind_int64(s, 4, c->place_id);
    sm_store__bind_text(s, 5, c->faction);
    sm_store__bind_day(s, 6, c->day);
    bind_point(s, 7, 8, c);
    sm_store__bind_text(s, 9, c->source);
    sm_store__bind_batch(db, s, 10);
    if (sqlite3_step(s) != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot store a control record");
    else if (res)
        *res = !exists ? SM_PUT_NEW : sqlite3_changes(db->db) ? SM_PUT_UPDATED : SM_PUT_SAME;
    sqlite3_reset(s);
done:
    sqlite3_reset(f);
    free(nkey);
    return st;
}

sm_status
sm_store_control_open(sm_store *db, sm_day day, sm_store_cursor **out, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    /* each place's record on the day: the last that starts on or before it,
       which the next one ends */
    const char *sql =
        "SELECT place, place_id, faction, valid_from, lat, lon, source, until FROM"
        " (SELECT *, lead(valid_from) OVER (PARTITION BY place_key"
        "   ORDER BY valid_from) AS until FROM control)"
        " WHERE valid_from <= ?1 AND (until IS NULL OR until > ?1)"
        " ORDER BY name_key, place_key";

    *out = NULL;
    if (sm_store__prepare(db, &s, sql, err) != SM_OK)
        return SM_EDB;
    sm_store__bind_day(s, 1, day);
    return sm_store__cursor_new(db, s, out, err);
}

sm_status
sm_store_control_next(sm_store_cursor *cur, sm_control *c, sm_error *err)
{
    sqlite3_stmt *s = cur->stmt;
    sm_status st = sm_store__cursor_step(cur, err);

    if (st != SM_OK)
        return st;
    memset(c, 0, sizeof(*c));
    c->place = (const char *)sqlite3_column_text(s, 0);
    c->place_id = sqlite3_column_int64(s, 1);
    c->faction = (const char *)sqlite3_column_text(s, 2);
    c->day = sm_store__column_day(s, 3, SM_DAY_NONE);
    c->until = sm_store__column_day(s, 7, SM_DAY_OPEN);
    c->has_point = sqlite3_column_type(s, 4) != SQLITE_NULL;
    c->lat_deg = sqlite3_column_double(s, 4);
    c->lon_deg = sqlite3_column_double(s, 5);
    c->source = (const char *)sqlite3_column_text(s, 6);
    return SM_OK;
}
