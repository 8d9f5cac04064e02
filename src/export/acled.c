/* SPDX-License-Identifier: MIT */
/*
 * acled.c - events in ACLED's own layout: its 31 columns in its order, then
 * any other column the imported files had, so that an ACLED file imported
 * and exported comes back column for column.
 *
 * A column's value is the stored one. Where the event keeps the text its
 * file had (attrs: ingest/events.c) and that text still means the stored
 * value, the text is written as it was ("18 January 2017", "36.3570");
 * a value changed since is written as sitmap writes it. Columns sitmap has
 * no field for come from attrs. An event from elsewhere (news text, a plain
 * CSV) gets ACLED's event type and sub-type from its sitmap type, its
 * disorder type from the event type, and its year from its date.
 */
#include "export/export_int.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

enum {
    A_ID, A_DATE, A_YEAR, A_TIME_PREC, A_DISORDER, A_EVENT_TYPE, A_SUB_TYPE, A_ACTOR1,
    A_ASSOC1, A_INTER1, A_ACTOR2, A_ASSOC2, A_INTER2, A_INTERACTION, A_CIVILIAN, A_ISO,
    A_REGION, A_COUNTRY, A_ADMIN1, A_ADMIN2, A_ADMIN3, A_LOCATION, A_LAT, A_LON,
    A_GEO_PREC, A_SOURCE, A_SOURCE_SCALE, A_NOTES, A_FATALITIES, A_TAGS, A_TIMESTAMP,
    A_COUNT
};

static const char *const acled_columns[A_COUNT] = {
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
};

/* ACLED's event type and sub-type for each sitmap type (ACLED codebook,
 * 2023), for events that did not come from ACLED. */
static const struct {
    const char *event_type, *sub_event_type;
} acled_of_type[SM_EVENT_TYPE_COUNT] = {
    [SM_EVENT_AIRSTRIKE] = { "Explosions/Remote violence", "Air/drone strike" },
    [SM_EVENT_SHELLING] = { "Explosions/Remote violence", "Shelling/artillery/missile attack" },
    [SM_EVENT_BOMBING] = { "Explosions/Remote violence", "Remote explosive/landmine/IED" },
    [SM_EVENT_CLASH] = { "Battles", "Armed clash" },
    [SM_EVENT_CAPTURE] = { "Battles", "Non-state actor overtakes territory" },
    [SM_EVENT_CEASEFIRE] = { "Strategic developments", "Agreement" },
    [SM_EVENT_SIEGE] = { "Strategic developments", "Other" },
    [SM_EVENT_ATTACK] = { "Violence against civilians", "Attack" },
    [SM_EVENT_CHEMICAL] = { "Explosions/Remote violence", "Chemical weapon" },
    [SM_EVENT_OTHER] = { "Strategic developments", "Other" },
};

static const char *
disorder_of(const char *event_type)
{
    if (event_type == NULL)
        return NULL;
    if (strcmp(event_type, "Protests") == 0 || strcmp(event_type, "Riots") == 0)
        return "Demonstrations";
    if (strcmp(event_type, "Strategic developments") == 0)
        return "Strategic developments";
    return "Political violence";
}

static const char *
kept_text(json_object *attrs, const char *column)
{
    json_object *v;

    return attrs && json_object_object_get_ex(attrs, column, &v) ? json_object_get_string(v)
                                                                : NULL;
}

/* The kept text of a whole-number column if it still reads as v. */
static const char *
kept_number(json_object *attrs, const char *column, long long v, char buf[SM_TEXT_DOUBLE_LEN])
{
    const char *t = kept_text(attrs, column);
    char *end;

    if (t && strtoll(t, &end, 10) == v && *end == '\0' && end != t)
        return t;
    snprintf(buf, SM_TEXT_DOUBLE_LEN, "%lld", v);
    return buf;
}

static const char *
kept_double(json_object *attrs, const char *column, double v, char buf[SM_TEXT_DOUBLE_LEN])
{
    const char *t = kept_text(attrs, column);
    double d;

    if (t && sm_text_to_double(t, &d) && d == v)
        return t;
    return sm_text_from_double(v, buf);
}

static const char *
kept_day(json_object *attrs, sm_day day, char buf[SM_TEXT_DOUBLE_LEN])
{
    const char *t = kept_text(attrs, "event_date");
    sm_day d;

    if (t && sm_day_parse(t, &d) && d == day)
        return t;
    return sm_day_format(day, buf);
}

/* The value of column a for ev; NULL writes an empty cell. */
static const char *
value_of(int a, const sm_event *ev, json_object *attrs, char buf[SM_TEXT_DOUBLE_LEN])
{
    const char *event_type = ev->event_type ? ev->event_type
                                            : acled_of_type[ev->type].event_type;
    int y, m, d;

    switch (a) {
    case A_ID: return ev->uid;
    case A_DATE: return kept_day(attrs, ev->day, buf);
    case A_YEAR:
        sm_day_to_ymd(ev->day, &y, &m, &d);
        return kept_number(attrs, acled_columns[a], y, buf);
    case A_TIME_PREC:
        return kept_number(attrs, acled_columns[a], ev->date_precision ? ev->date_precision : 1,
                           buf);
    case A_DISORDER: {
        const char *t = kept_text(attrs, acled_columns[a]);
        return t ? t : disorder_of(event_type);
    }
    case A_EVENT_TYPE: return event_type;
    case A_SUB_TYPE:
        return ev->sub_type ? ev->sub_type
               : ev->event_type ? NULL : acled_of_type[ev->type].sub_event_type;
    case A_ACTOR1: return ev->actor1;
    case A_ACTOR2: return ev->actor2;
    case A_ADMIN1: return ev->admin1;
    case A_LOCATION: return ev->place;
    case A_LAT: return ev->has_point ? kept_double(attrs, acled_columns[a], ev->lat_deg, buf)
                                     : NULL;
    case A_LON: return ev->has_point ? kept_double(attrs, acled_columns[a], ev->lon_deg, buf)
                                     : NULL;
    case A_GEO_PREC:
        return ev->geo_precision ? kept_number(attrs, acled_columns[a], ev->geo_precision, buf)
                                 : NULL;
    case A_SOURCE: return ev->source;
    case A_NOTES: return ev->notes;
    case A_FATALITIES:
        return ev->fatalities >= 0 ? kept_number(attrs, acled_columns[a], ev->fatalities, buf)
                                   : NULL;
    case A_TIMESTAMP:
        return ev->updated ? kept_number(attrs, acled_columns[a], ev->updated, buf) : NULL;
    default: return kept_text(attrs, acled_columns[a]);
    }
}

static bool
is_acled_column(const char *name)
{
    for (int a = 0; a < A_COUNT; a++)
        if (strcmp(acled_columns[a], name) == 0)
            return true;
    return false;
}

static json_object *
parse_attrs(const sm_event *ev)
{
    json_object *o = ev->attrs ? json_tokener_parse(ev->attrs) : NULL;

    if (o && !json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        o = NULL;
    }
    return o;
}

/* The columns the events' files had beyond ACLED's 31, in the order first
 * met, into extra (a json array of names). */
static sm_status
extra_columns(const sm_situation *sit, json_object *extra, sm_error *err)
{
    json_object *seen = json_object_new_object();

    if (seen == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    for (size_t i = 0; i < sit->nevents; i++) {
        json_object *attrs = parse_attrs(&sit->events[i]);
        if (attrs == NULL)
            continue;
        json_object_object_foreach(attrs, key, val) {
            (void)val;
            if (is_acled_column(key) || json_object_object_get_ex(seen, key, NULL))
                continue;
            json_object_object_add(seen, key, NULL);
            json_object_array_add(extra, json_object_new_string(key));
        }
        json_object_put(attrs);
    }
    json_object_put(seen);
    return SM_OK;
}

static sm_status
add_string_field(OGRLayerH layer, const char *name, sm_error *err)
{
    OGRFieldDefnH f = OGR_Fld_Create(name, OFTString);
    OGRErr e = OGR_L_CreateField(layer, f, 1);

    OGR_Fld_Destroy(f);
    return e == OGRERR_NONE ? SM_OK
                            : sm_fail(err, SM_EIO, "cannot create the field \"%s\"", name);
}

sm_status
sm_export__acled(OGRLayerH layer, const sm_situation *sit, long *count, sm_error *err)
{
    json_object *extra = json_object_new_array();
    size_t nextra;
    sm_status st = SM_OK;

    if (extra == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    st = extra_columns(sit, extra, err);
    nextra = json_object_array_length(extra);
    for (int a = 0; a < A_COUNT && st == SM_OK; a++)
        st = add_string_field(layer, acled_columns[a], err);
    for (size_t x = 0; x < nextra && st == SM_OK; x++)
        st = add_string_field(layer, json_object_get_string(json_object_array_get_idx(extra, x)),
                              err);
    for (size_t i = 0; i < sit->nevents && st == SM_OK; i++) {
        const sm_event *ev = &sit->events[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        json_object *attrs = parse_attrs(ev);

        for (int a = 0; a < A_COUNT; a++) {
            char buf[SM_TEXT_DOUBLE_LEN];
            const char *v = value_of(a, ev, attrs, buf);
            if (v && *v)
                OGR_F_SetFieldString(f, a, v);
        }
        for (size_t x = 0; x < nextra; x++) {
            const char *v = kept_text(attrs, json_object_get_string(
                                                 json_object_array_get_idx(extra, x)));
            if (v && *v)
                OGR_F_SetFieldString(f, A_COUNT + (int)x, v);
        }
        if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE)
            st = sm_fail(err, SM_EIO, "cannot write the event %s", ev->uid);
        else
            (*count)++;
        OGR_F_Destroy(f);
        json_object_put(attrs);
    }
    json_object_put(extra);
    return st;
}
