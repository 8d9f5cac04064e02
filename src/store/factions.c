/* SPDX-License-Identifier: MIT */
/* factions.c - the factions a database knows beside its theatre's: those
 * added on purpose, and those its records name. The same SQL on both
 * backends, through the statement layer (sql.h). */
#include "store/sql.h"
#include "store/store_int.h"

#include <string.h>

#include "core/colour.h"
#include "core/text.h"

sm_status
sm_store_faction_add(sm_store *db, const char *id, const char *label, const char *colour,
                     sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_rgba c;
    sm_status st;

    if (id == NULL || !sm_text_is_ident(id) || strlen(id) > 32)
        return sm_fail(err, SM_EUSAGE, "a faction id is a plain identifier of at most 32"
                       " characters (letters, digits, _ and -, starting with a letter)");
    if (label == NULL || sm_text_is_blank(label) || sm_text_has_control(label))
        return sm_fail(err, SM_EUSAGE, "a faction needs a label");
    if (colour == NULL || !sm_rgba_parse(colour, &c))
        return sm_fail(err, SM_EUSAGE, "\"%s\" is not a colour (want #rrggbb)",
                       colour ? colour : "");
    if ((st = sm_sql_prepare(db, "INSERT INTO factions (id, label, colour) VALUES (?1, ?2, ?3)"
                             " ON CONFLICT (id) DO UPDATE SET label = excluded.label,"
                             " colour = excluded.colour", &s, err)) != SM_OK)
        return st;
    sm_sql_bind_text(s, 1, id);
    sm_sql_bind_text(s, 2, label);
    sm_sql_bind_text(s, 3, colour);
    st = sm_sql_step(s, err);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

sm_status
sm_store_known_factions_each(sm_store *db,
                             void (*fn)(const char *id, const char *label, const char *colour,
                                        void *user),
                             void *user, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    if ((st = sm_sql_prepare(db, "SELECT id, label, colour FROM factions"
                             " UNION ALL SELECT DISTINCT f, NULL, NULL FROM"
                             " (SELECT faction AS f FROM zones UNION SELECT other_faction FROM zones"
                             "  UNION SELECT faction FROM control) AS named"
                             " WHERE f IS NOT NULL AND f NOT IN (SELECT id FROM factions)", &s,
                             err)) != SM_OK)
        return st;
    while ((st = sm_sql_step(s, err)) == SM_OK)
        fn(sm_sql_column_text(s, 0), sm_sql_column_text(s, 1), sm_sql_column_text(s, 2), user);
    sm_sql_finalize(s);
    return st == SM_ENOTFOUND ? SM_OK : st;
}
