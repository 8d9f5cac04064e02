/* SPDX-License-Identifier: MIT */
/* factions.c - the factions a database knows beside its theatre's: those
 * added on purpose, and those its records name. */
#include "store/store_int.h"
#include "store/pg.h"

#include <string.h>

#include "core/colour.h"
#include "core/text.h"

sm_status
sm_store_faction_add(sm_store *db, const char *id, const char *label, const char *colour,
                     sm_error *err)
{
    sqlite3_stmt *s = NULL;
    sm_rgba c;
    int rc;

    if (id == NULL || !sm_text_is_ident(id) || strlen(id) > 32)
        return sm_fail(err, SM_EUSAGE, "a faction id is a plain identifier of at most 32"
                       " characters (letters, digits, _ and -, starting with a letter)");
    if (label == NULL || sm_text_is_blank(label) || sm_text_has_control(label))
        return sm_fail(err, SM_EUSAGE, "a faction needs a label");
    if (colour == NULL || !sm_rgba_parse(colour, &c))
        return sm_fail(err, SM_EUSAGE, "\"%s\" is not a colour (want #rrggbb)",
                       colour ? colour : "");
    if (db->pg)
        return sm_pg_faction_add(db, id, label, colour, err);
    if (sm_store__prepare(db, &s, "INSERT OR REPLACE INTO factions (id, label, colour)"
                          " VALUES (?1, ?2, ?3)", err) != SM_OK)
        return SM_EDB;
    sm_store__bind_text(s, 1, id);
    sm_store__bind_text(s, 2, label);
    sm_store__bind_text(s, 3, colour);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot store the faction");
    return SM_OK;
}

sm_status
sm_store_known_factions_each(sm_store *db,
                             void (*fn)(const char *id, const char *label, const char *colour,
                                        void *user),
                             void *user, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc;
    if (db->pg)
        return sm_pg_known_factions_each(db, fn, user, err);

    if (sm_store__prepare(db, &s,
                          "SELECT id, label, colour FROM factions"
                          " UNION ALL SELECT DISTINCT f, NULL, NULL FROM"
                          " (SELECT faction AS f FROM zones UNION SELECT other_faction FROM zones"
                          "  UNION SELECT faction FROM control)"
                          " WHERE f IS NOT NULL AND f NOT IN (SELECT id FROM factions)",
                          err) != SM_OK)
        return SM_EDB;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        fn((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
           (const char *)sqlite3_column_text(s, 2), user);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_store__fail(db, err, "cannot read the factions");
    return SM_OK;
}
