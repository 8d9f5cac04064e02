/* SPDX-License-Identifier: MIT */
/*
 * acled.c - ACLED's event taxonomy onto sitmap's types, and ACLED's list of
 * deleted events.
 *
 * ACLED has 6 event types and 25 sub-types (ACLED codebook, 2023). "Attack"
 * is a sub-type of both Battles (a clash) and Violence against civilians (an
 * attack), so the event type decides. Sub-types sitmap has no symbol for
 * (protests, arrests, bases established, ...) are "other".
 */
#include "ingest/ingest_int.h"

#include <stdlib.h>
#include <strings.h>

static const struct {
    const char *sub_event_type;
    sm_event_type type;
} acled_types[] = {
    { "Air/drone strike", SM_EVENT_AIRSTRIKE },
    { "Shelling/artillery/missile attack", SM_EVENT_SHELLING },
    { "Suicide bomb", SM_EVENT_BOMBING },
    { "Remote explosive/landmine/IED", SM_EVENT_BOMBING },
    { "Grenade", SM_EVENT_BOMBING },
    { "Armed clash", SM_EVENT_CLASH },
    { "Government regains territory", SM_EVENT_CAPTURE },
    { "Non-state actor overtakes territory", SM_EVENT_CAPTURE },
    { "Non-violent transfer of territory", SM_EVENT_CAPTURE },
    { "Agreement", SM_EVENT_CEASEFIRE },
    { "Abduction/forced disappearance", SM_EVENT_ATTACK },
    { "Sexual violence", SM_EVENT_ATTACK },
    { "Looting/property destruction", SM_EVENT_ATTACK },
    { "Chemical weapon", SM_EVENT_CHEMICAL },
};

sm_event_type
sm_ingest__acled_type(const char *sub_event_type, const char *event_type)
{
    if (sub_event_type == NULL)
        return SM_EVENT_OTHER;
    if (strcasecmp(sub_event_type, "Attack") == 0)
        return event_type && strcasecmp(event_type, "Battles") == 0 ? SM_EVENT_CLASH
                                                                    : SM_EVENT_ATTACK;
    for (size_t i = 0; i < SM_LEN(acled_types); i++)
        if (strcasecmp(sub_event_type, acled_types[i].sub_event_type) == 0)
            return acled_types[i].type;
    return SM_EVENT_OTHER;
}

/* ---- deletions --------------------------------------------------------- */

typedef struct deletions {
    int id, stamp;
} deletions;

static sm_status
map_deletions(sm_src *src, void *ctx, sm_error *err)
{
    deletions *d = ctx;

    d->stamp = sm_ingest__src_field(src, (const char *const[]){ "deleted_timestamp", NULL });
    return sm_ingest__src_need(src, (const char *const[]){ "event_id_cnty", NULL }, &d->id,
                               err);
}

static sm_status
delete_row(sm_store *db, sm_src *src, void *ctx, sm_ingest_report *rep, sm_error *err)
{
    deletions *d = ctx;
    const char *id, *stamp;
    char *end;
    long long when = 0;
    bool deleted;
    sm_status st;

    if ((st = sm_ingest__src_text(src, d->id, &id, err)) != SM_OK ||
        (st = sm_ingest__src_text(src, d->stamp, &stamp, err)) != SM_OK)
        return st;
    if (id == NULL)
        return sm_ingest__row_fail(src, err, "column \"event_id_cnty\": no event id");
    if (stamp && ((when = strtoll(stamp, &end, 10)) <= 0 || *end))
        return sm_ingest__row_fail(src, err, "column \"deleted_timestamp\": \"%s\" is not"
                                   " a Unix time", stamp);
    if ((st = sm_store_event_delete(db, id, when, &deleted, err)) != SM_OK)
        return st;
    rep->removed += deleted;
    rep->same += !deleted;
    return SM_OK;
}

sm_status
sm_ingest_acled_deletions(sm_store *db, const char *path, const sm_ingest_opts *opts,
                          sm_ingest_report *rep, sm_error *err)
{
    deletions d = { -1, -1 };
    sm_ingest_job job = { "ACLED deletions", map_deletions, delete_row, &d, NULL };

    return sm_ingest__run(db, path, opts, &job, rep, err);
}
