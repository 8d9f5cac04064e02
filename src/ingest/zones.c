/* SPDX-License-Identifier: MIT */
/*
 * zones.c - importing control zones from any OGR polygon layer.
 *
 * Options win over fields: --faction over the faction field, --from/--to
 * over valid_from/valid_to, --status over status. An "other_faction" field
 * (or "contested_by", "besieged_by") names the other side of a contested or
 * besieged zone. A zone's stable id is the feature's "id" (or "uid") field,
 * as `sitmap export` writes it, else a hash of the dataset label and the
 * feature's number, so re-importing a file (or an export) replaces its zones
 * instead of doubling them, whatever the options.
 */
#include "ingest/ingest_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/vocab.h"

enum { ZF_FACTION, ZF_FROM, ZF_TO, ZF_STATUS, ZF_OTHER, ZF_NAME, ZF_ID, ZF_SOURCE, ZF_COUNT };

typedef struct zone_reader {
    sm_src *src;
    const sm_ingest_opts *opts;
    int col[ZF_COUNT];
    const char *faction_column;
} zone_reader;

static sm_status
map_columns(sm_src *src, void *ctx, sm_error *err)
{
    zone_reader *r = ctx;
    const sm_ingest_opts *o = r->opts;

    r->src = src;
    r->faction_column = o->faction_field ? o->faction_field : "faction";
    r->col[ZF_FACTION] = -1;
    if (o->faction == NULL &&
        sm_ingest__src_need(src, (const char *const[]){ r->faction_column, NULL },
                            &r->col[ZF_FACTION], err) != SM_OK)
        return SM_EINPUT;
    r->col[ZF_FROM] = sm_ingest__src_field(src, (const char *const[]){ "valid_from", "from", NULL });
    r->col[ZF_TO] = sm_ingest__src_field(src, (const char *const[]){ "valid_to", "to", NULL });
    r->col[ZF_STATUS] = sm_ingest__src_field(src, (const char *const[]){ "status", NULL });
    r->col[ZF_OTHER] = sm_ingest__src_field(
        src, (const char *const[]){ "other_faction", "contested_by", "besieged_by", NULL });
    /* a sitmap KML names a placemark by its faction and keeps the zone's
       name in "zone_name" */
    r->col[ZF_NAME] = sm_ingest__src_field(src, (const char *const[]){ "zone_name", "name",
                                                                      NULL });
    r->col[ZF_ID] = sm_ingest__src_field(src, (const char *const[]){ "id", "uid", NULL });
    r->col[ZF_SOURCE] = sm_ingest__src_field(src, (const char *const[]){ "source", NULL });
    if (o->valid_from == SM_DAY_NONE && r->col[ZF_FROM] < 0)
        return sm_fail(err, SM_EINPUT, "%s: no --from date and no \"valid_from\" column",
                       src->path);
    if (o->faction && !sm_text_is_ident(o->faction))
        return sm_fail(err, SM_EUSAGE, "--faction \"%s\" is not a plain faction id"
                       " (letters, digits, _ and -, starting with a letter)",
                       o->faction);
    if (o->status && !sm_text_is_ident(o->status))
        return sm_fail(err, SM_EUSAGE, "--status \"%s\" is not a plain identifier", o->status);
    if (!sm_ingest__src_has_geometry(src))
        return sm_fail(err, SM_EINPUT, "%s: the layer has no geometry; zones need polygons",
                       src->path);
    return SM_OK;
}

/* A zone's status: one of sitmap's, case-folded, or refused with the
 * nearest to suggest ("sieged": did you mean "besieged"?). */
static sm_status
check_status(const sm_src *src, const char *column, const char **status, sm_error *err)
{
    static const char *const statuses[] = { "held", "contested", "besieged", "claimed" };
    const char *known = sm_vocab_find(statuses, SM_LEN(statuses), *status);
    char hint[64];

    if (known) {
        *status = known;
        return SM_OK;
    }
    return sm_ingest__row_fail(src, err, "%s%s%s: \"%s\" is no zone status%s (held,"
                               " contested, besieged, claimed)",
                               column[0] == '-' ? "" : "column \"", column,
                               column[0] == '-' ? "" : "\"", *status,
                               sm_vocab_hint(statuses, SM_LEN(statuses), *status, hint,
                                             sizeof(hint)));
}

static sm_status
read_attributes(zone_reader *r, sm_zone *z, sm_error *err)
{
    const char *t[ZF_COUNT];
    sm_status st;

    for (int c = 0; c < ZF_COUNT; c++)
        if ((st = sm_ingest__src_text(r->src, r->col[c], &t[c], err)) != SM_OK)
            return st;
    z->faction = r->opts->faction ? r->opts->faction : t[ZF_FACTION];
    if ((st = sm_ingest__check_faction(r->src, r->opts,
                                       r->opts->faction ? "--faction" : r->faction_column,
                                       &z->faction, err)) != SM_OK)
        return st;
    z->valid_from = r->opts->valid_from;
    if (z->valid_from == SM_DAY_NONE &&
        (st = sm_ingest__parse_day(r->src, "valid_from", t[ZF_FROM], &z->valid_from, err)))
        return st;
    z->valid_to = r->opts->valid_to;
    if (z->valid_to == SM_DAY_NONE) {
        z->valid_to = SM_DAY_OPEN;
        if (t[ZF_TO] && (st = sm_ingest__parse_day(r->src, "valid_to", t[ZF_TO],
                                                   &z->valid_to, err)))
            return st;
    }
    if (z->valid_to <= z->valid_from)
        return sm_ingest__row_fail(r->src, err, "the zone ends (valid_to) on or before it"
                                   " starts (valid_from)");
    z->status = r->opts->status ? r->opts->status : t[ZF_STATUS] ? t[ZF_STATUS] : "held";
    if ((st = check_status(r->src, r->opts->status ? "--status" : "status", &z->status,
                           err)) != SM_OK)
        return st;
    z->other = t[ZF_OTHER] && *t[ZF_OTHER] ? t[ZF_OTHER] : NULL;
    if (z->other && (st = sm_ingest__check_faction(r->src, r->opts, "other_faction", &z->other,
                                                   err)))
        return st;
    if (z->other && strcmp(z->other, z->faction) == 0)
        return sm_ingest__row_fail(r->src, err, "column \"other_faction\": \"%s\" is the"
                                   " zone's own faction", z->other);
    z->name = t[ZF_NAME];
    z->source = t[ZF_SOURCE] && *t[ZF_SOURCE] && !r->opts->source ? t[ZF_SOURCE]
                                                                   : r->src->dataset;
    z->uid = t[ZF_ID] && *t[ZF_ID] ? t[ZF_ID] : NULL;
    if (z->uid && (strlen(z->uid) > 64 || sm_text_has_control(z->uid)))
        return sm_ingest__row_fail(r->src, err, "column \"id\": not an id (at most 64"
                                   " characters, no control characters)");
    return SM_OK;
}

/* A zone's id when its feature has none: the file's (dataset's) and the
 * feature's number, so that importing the file again, whatever the options
 * (a corrected --faction or --from), replaces its zones. */
static void
zone_uid(const zone_reader *r, char out[18])
{
    uint64_t h = SM_HASH_INIT;
    char num[32];

    h = sm_hash_str(h, r->src->dataset);
    snprintf(num, sizeof(num), "%ld", r->src->ordinal);
    h = sm_hash_str(h, num);
    snprintf(out, 18, "z%016" PRIx64, h);
}

/* One feature into the store, counting those whose geometry MakeValid
 * repaired. */
static sm_status
put_feature(sm_store *db, sm_src *src, void *ctx, sm_ingest_report *rep, sm_error *err)
{
    zone_reader *r = ctx;
    bool repaired = false;
    sm_put_result res;
    sm_zone z = { 0 };
    OGRGeometryH g = NULL;
    unsigned char *wkb = NULL;
    char uid[18];
    sm_error why = { 0 };
    sm_status st;

    if ((st = read_attributes(r, &z, err)) != SM_OK ||
        (st = sm_ingest__src_geometry(r->src, &g, err)) != SM_OK)
        return st;
    if (g == NULL)
        return sm_ingest__row_fail(r->src, err, "no geometry");
    z.wkb_len = (size_t)OGR_G_WkbSize(g);
    wkb = malloc(z.wkb_len);
    if (wkb == NULL) {
        OGR_G_DestroyGeometry(g);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    OGR_G_ExportToWkb(g, wkbNDR, wkb);
    z.wkb = wkb;
    if (z.uid == NULL) {
        zone_uid(r, uid);
        z.uid = uid;
    }
    if (sm_store_zone_put(db, &z, &res, &repaired, &why) != SM_OK)
        st = sm_ingest__row_fail(src, err, "%s", why.msg);
    else
        sm_ingest__count(rep, res);
    rep->repaired += st == SM_OK && repaired;
    free(wkb);
    OGR_G_DestroyGeometry(g);
    return st;
}

sm_status
sm_ingest_zones(sm_store *db, const char *path, const sm_ingest_opts *opts,
                sm_ingest_report *rep, sm_error *err)
{
    zone_reader r = { .opts = opts };
    sm_ingest_job job = { "zones", map_columns, put_feature, &r, NULL };

    /* day 0 is what a zeroed sm_ingest_opts holds, never a conflict's date:
     * taken as a date, it would give every zone 1970 as its start */
    if (opts->valid_from == 0 || opts->valid_to == 0)
        return sm_fail(err, SM_EUSAGE, "%s: zones valid %s 1970-01-01 (day 0): the days of"
                       " a zeroed sm_ingest_opts, not taken as a date (SM_DAY_NONE reads"
                       " them from the file; see SM_INGEST_OPTS_INIT)", path,
                       opts->valid_from == 0 ? "from" : "to");
    return sm_ingest__run(db, path, opts, &job, rep, err);
}
