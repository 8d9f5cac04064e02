/* SPDX-License-Identifier: MIT */
/*
 * load.c - style files (JSON, read with json-c) over built-in defaults.
 *
 * {
 *   "name": "newsroom",
 *   "colours": { "background": "#fff", "land": ..., "subject": ..., ... },
 *   "fonts": { "family": "Noto Sans", "arabic": "Noto Naskh Arabic",
 *              "title_px": 34, ... },
 *   "zone_opacity": 0.55, "hatch_px": 9, "derived_max_km": 30,
 *   "fronts": { "colour": "#..", "width_px": 2, "teeth_px": 5, "spacing_px": 18,
 *               "tolerance_km": 1.5 },
 *   "disputed": { "fill": "#..", "outline": "#..", "hatch": "#..", "width_px": 1.2,
 *                 "dash_px": 2, "hatch_px": 4 },
 *   "factions": [ { "id": "regime", "label": "...", "fill": "#..", "outline": "#..",
 *                   "hatch": "#.." (its stripes over zones it contests; default: fill) } ],
 *   "events": { "airstrike": "#..", ... }
 * }
 */
#include "style/style.h"

#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/json_file.h"
#include "core/text.h"

static sm_rgba
hex(const char *t)
{
    sm_rgba c = { 0, 0, 0, 1 };
    sm_rgba_parse(t, &c);
    return c;
}

/* The ranks of severity: the types listed first, in their order, then the
 * others in the built-in order (chemical weapons, attacks on civilians,
 * bombings, airstrikes, shelling, clashes, sieges, captures, ceasefires,
 * other). */
static void
set_severity(sm_style *s, const sm_event_type *first, int n)
{
    static const sm_event_type order[SM_EVENT_TYPE_COUNT] = {
        SM_EVENT_CHEMICAL, SM_EVENT_ATTACK,  SM_EVENT_BOMBING, SM_EVENT_AIRSTRIKE,
        SM_EVENT_SHELLING, SM_EVENT_CLASH,   SM_EVENT_SIEGE,   SM_EVENT_CAPTURE,
        SM_EVENT_CEASEFIRE, SM_EVENT_OTHER,
    };
    bool ranked[SM_EVENT_TYPE_COUNT] = { false };
    int rank = 0;

    for (int i = 0; i < n; i++) {
        s->severity[first[i]] = rank++;
        ranked[first[i]] = true;
    }
    for (int i = 0; i < SM_EVENT_TYPE_COUNT; i++)
        if (!ranked[order[i]])
            s->severity[order[i]] = rank++;
}

void
sm_style_defaults(sm_style *s)
{
    static const char *const events[SM_EVENT_TYPE_COUNT] = {
        "#e8590c", "#c2255c", "#212529", "#1864ab", "#5f3dc4",
        "#2b8a3e", "#862e9c", "#a61e4d", "#5c940d", "#868e96",
    };

    memset(s, 0, sizeof(*s));
    snprintf(s->name, sizeof(s->name), "default");
    s->background = hex("#ffffff");
    s->land = hex("#f8f6f2");
    s->subject = hex("#ede7da");
    s->neighbours = hex("#f8f6f2");
    s->sea = hex("#cfe1ec");
    s->water = hex("#bcd7e8");
    s->river = hex("#8fb8d4");
    s->border = hex("#6e6e6e");
    s->admin1 = hex("#b9b3a8");
    s->text = hex("#1f1f1f");
    s->halo = hex("#ffffffe6");
    s->muted = hex("#6b6b6b");
    s->panel = hex("#ffffffe6");
    s->unknown_faction = hex("#9e9e9e");
    s->no_data = hex("#e2e1dd");
    s->country_label = hex("#8a8680");
    s->water_label = hex("#3f74a0");
    s->disputed_fill = hex("#6e6e6e1f");
    s->disputed_outline = hex("#4d4d4d");
    s->disputed_hatch = hex("#00000000");
    s->disputed_px = 1.2;
    s->disputed_dash_px = 2;
    s->disputed_hatch_px = 4;
    s->zone_opacity = 0.55;
    s->hatch_px = 9;
    s->derived_max_km = 30;
    s->front = hex("#2b2b2b");
    s->front_px = 1.8;
    s->front_teeth_px = 5;
    s->front_spacing_px = 16;
    s->front_tolerance_km = 1.5;
    snprintf(s->font, sizeof(s->font), "Noto Sans");
    snprintf(s->font_arabic, sizeof(s->font_arabic), "Noto Naskh Arabic");
    s->title_px = 34;
    s->subtitle_px = 18;
    s->label_px = 13;
    s->label_major_px = 15;
    s->legend_px = 14;
    s->credit_px = 11;
    s->country_px = 15;
    s->sea_px = 14;
    s->river_px = 12;
    s->margin_px = 24;
    for (int i = 0; i < SM_EVENT_TYPE_COUNT; i++)
        s->events[i] = hex(events[i]);
    set_severity(s, NULL, 0);
}

void
sm_style_apply_theatre(sm_style *s, const sm_theatre *t)
{
    if (s->nfactions > 0)
        return;
    for (int i = 0; i < t->nfactions && s->nfactions < SM_STYLE_MAX_FACTIONS; i++) {
        const sm_theatre_faction *tf = &t->factions[i];
        sm_faction_style *f = &s->factions[s->nfactions++];
        snprintf(f->id, sizeof(f->id), "%s", tf->id);
        snprintf(f->label, sizeof(f->label), "%s", tf->label);
        f->fill = tf->fill;
        f->outline = tf->outline;
        f->hatch = f->fill;
    }
}

bool
sm_style_add_faction(sm_style *s, const char *id, const char *label, sm_rgba fill)
{
    sm_faction_style *f;

    if (sm_style_faction(s, id))
        return true;
    if (s->nfactions >= SM_STYLE_MAX_FACTIONS)
        return false;
    f = &s->factions[s->nfactions++];
    snprintf(f->id, sizeof(f->id), "%s", id);
    snprintf(f->label, sizeof(f->label), "%s", label);
    f->fill = fill;
    f->outline = (sm_rgba){ fill.r * 0.6, fill.g * 0.6, fill.b * 0.6, fill.a };
    f->hatch = fill;
    return true;
}

const sm_faction_style *
sm_style_faction(const sm_style *s, const char *id)
{
    for (int i = 0; id && i < s->nfactions; i++)
        if (strcmp(s->factions[i].id, id) == 0)
            return &s->factions[i];
    return NULL;
}

/* A style file's path and the error to fill (core/json_file.h). */
typedef sm_json_in reader;

static sm_status
read_colours(const reader *r, json_object *o, sm_style *s)
{
    static const struct { const char *key; size_t off; } keys[] = {
        { "background", offsetof(sm_style, background) }, { "land", offsetof(sm_style, land) },
        { "subject", offsetof(sm_style, subject) }, { "neighbours", offsetof(sm_style, neighbours) },
        { "sea", offsetof(sm_style, sea) }, { "water", offsetof(sm_style, water) },
        { "river", offsetof(sm_style, river) }, { "border", offsetof(sm_style, border) },
        { "admin1", offsetof(sm_style, admin1) }, { "text", offsetof(sm_style, text) },
        { "halo", offsetof(sm_style, halo) }, { "muted", offsetof(sm_style, muted) },
        { "panel", offsetof(sm_style, panel) },
        { "unknown_faction", offsetof(sm_style, unknown_faction) },
        { "no_data", offsetof(sm_style, no_data) },
        { "country_label", offsetof(sm_style, country_label) },
        { "water_label", offsetof(sm_style, water_label) },
    };
    json_object_object_foreach(o, key, val) {
        size_t i;
        for (i = 0; i < SM_LEN(keys); i++)
            if (strcmp(key, keys[i].key) == 0)
                break;
        if (i == SM_LEN(keys))
            return sm_json_bad(r, key, "unknown colour");
        if (sm_json_colour(r, val, key, (sm_rgba *)((char *)s + keys[i].off)) != SM_OK)
            return SM_EINPUT;
    }
    return SM_OK;
}

static sm_status
read_fonts(const reader *r, json_object *o, sm_style *s)
{
    static const struct { const char *key; size_t off; } sizes[] = {
        { "title_px", offsetof(sm_style, title_px) }, { "subtitle_px", offsetof(sm_style, subtitle_px) },
        { "label_px", offsetof(sm_style, label_px) },
        { "label_major_px", offsetof(sm_style, label_major_px) },
        { "legend_px", offsetof(sm_style, legend_px) }, { "credit_px", offsetof(sm_style, credit_px) },
        { "margin_px", offsetof(sm_style, margin_px) },
        { "country_px", offsetof(sm_style, country_px) }, { "sea_px", offsetof(sm_style, sea_px) },
        { "river_px", offsetof(sm_style, river_px) },
    };
    json_object_object_foreach(o, key, val) {
        size_t i;
        if (strcmp(key, "family") == 0) {
            if (sm_json_text(r, val, key, s->font, sizeof(s->font)) != SM_OK)
                return SM_EINPUT;
            continue;
        }
        if (strcmp(key, "arabic") == 0) {
            if (sm_json_text(r, val, key, s->font_arabic, sizeof(s->font_arabic)) != SM_OK)
                return SM_EINPUT;
            continue;
        }
        for (i = 0; i < SM_LEN(sizes); i++)
            if (strcmp(key, sizes[i].key) == 0)
                break;
        if (i == SM_LEN(sizes))
            return sm_json_bad(r, key, "unknown font setting");
        if (sm_json_number(r, val, key, 4, 200, (double *)((char *)s + sizes[i].off)) != SM_OK)
            return SM_EINPUT;
    }
    return SM_OK;
}

/* A group of settings (fronts, disputed areas): colours and numbers by
 * key, each at its offset in the style; an unknown key names those known. */
typedef struct colour_key {
    const char *key;
    size_t off;
} colour_key;
typedef struct number_key {
    const char *key;
    size_t off;
    double lo, hi;
} number_key;

static sm_status
read_group(const reader *r, json_object *o, sm_style *s, const colour_key *colours,
           size_t ncolours, const number_key *nums, size_t nnums, const char *unknown)
{
    json_object_object_foreach(o, key, val) {
        size_t i;
        for (i = 0; i < ncolours; i++)
            if (strcmp(key, colours[i].key) == 0)
                break;
        if (i < ncolours) {
            if (sm_json_colour(r, val, key, (sm_rgba *)((char *)s + colours[i].off)) != SM_OK)
                return SM_EINPUT;
            continue;
        }
        for (i = 0; i < nnums; i++)
            if (strcmp(key, nums[i].key) == 0)
                break;
        if (i == nnums)
            return sm_json_bad(r, key, unknown);
        if (sm_json_number(r, val, key, nums[i].lo, nums[i].hi,
                   (double *)((char *)s + nums[i].off)) != SM_OK)
            return SM_EINPUT;
    }
    return SM_OK;
}

static sm_status
read_fronts(const reader *r, json_object *o, sm_style *s)
{
    static const colour_key colours[] = { { "colour", offsetof(sm_style, front) } };
    static const number_key nums[] = {
        { "width_px", offsetof(sm_style, front_px), 0, 20 },
        { "teeth_px", offsetof(sm_style, front_teeth_px), 0, 40 },
        { "spacing_px", offsetof(sm_style, front_spacing_px), 2, 400 },
        { "tolerance_km", offsetof(sm_style, front_tolerance_km), 0, 50 },
    };

    return read_group(r, o, s, colours, SM_LEN(colours), nums, SM_LEN(nums),
                      "unknown front line setting (colour, width_px, teeth_px, spacing_px,"
                      " tolerance_km)");
}

static sm_status
read_disputed(const reader *r, json_object *o, sm_style *s)
{
    static const colour_key colours[] = {
        { "fill", offsetof(sm_style, disputed_fill) },
        { "outline", offsetof(sm_style, disputed_outline) },
        { "hatch", offsetof(sm_style, disputed_hatch) },
    };
    static const number_key nums[] = {
        { "width_px", offsetof(sm_style, disputed_px), 0, 20 },
        { "dash_px", offsetof(sm_style, disputed_dash_px), 0, 40 },
        { "hatch_px", offsetof(sm_style, disputed_hatch_px), 2, 100 },
    };

    return read_group(r, o, s, colours, SM_LEN(colours), nums, SM_LEN(nums),
                      "unknown disputed area setting (fill, outline, hatch, width_px,"
                      " dash_px, hatch_px)");
}

static sm_status
read_factions(const reader *r, json_object *arr, sm_style *s)
{
    if (!json_object_is_type(arr, json_type_array))
        return sm_json_bad(r, "factions", "not a list");
    s->nfactions = 0;
    for (size_t i = 0; i < json_object_array_length(arr); i++) {
        json_object *f = json_object_array_get_idx(arr, i), *v;
        sm_faction_style *fs;

        if (s->nfactions == SM_STYLE_MAX_FACTIONS)
            return sm_json_bad(r, "factions", "too many (at most 32)");
        fs = &s->factions[s->nfactions];
        memset(fs, 0, sizeof(*fs));
        if (!json_object_is_type(f, json_type_object) || !json_object_object_get_ex(f, "id", &v) ||
            sm_json_text(r, v, "factions.id", fs->id, sizeof(fs->id)) != SM_OK ||
            !sm_text_is_ident(fs->id))
            return sm_json_bad(r, "factions", "each needs an \"id\" that is a plain identifier");
        memcpy(fs->label, fs->id, strlen(fs->id) + 1);
        fs->fill = s->unknown_faction;
        fs->outline = s->muted;
        fs->hatch.a = -1;                   /* unset: the fill, once read */
        json_object_object_foreach(f, key, val) {
            sm_status st = SM_OK;
            if (strcmp(key, "id") == 0)
                continue;
            else if (strcmp(key, "label") == 0)
                st = sm_json_text(r, val, key, fs->label, sizeof(fs->label));
            else if (strcmp(key, "fill") == 0)
                st = sm_json_colour(r, val, key, &fs->fill);
            else if (strcmp(key, "outline") == 0)
                st = sm_json_colour(r, val, key, &fs->outline);
            else if (strcmp(key, "hatch") == 0)
                st = sm_json_colour(r, val, key, &fs->hatch);
            else
                st = sm_json_bad(r, key,
                                 "unknown faction setting (id, label, fill, outline, hatch)");
            if (st != SM_OK)
                return st;
        }
        if (fs->hatch.a < 0)
            fs->hatch = fs->fill;
        s->nfactions++;
    }
    return SM_OK;
}

/* "allies": groups of factions that do not fight one another, as pairs. */
static sm_status
read_allies(const reader *r, json_object *arr, sm_style *s)
{
    if (!json_object_is_type(arr, json_type_array))
        return sm_json_bad(r, "allies", "not a list of groups of faction ids");
    s->nallies = 0;
    for (size_t g = 0; g < json_object_array_length(arr); g++) {
        json_object *group = json_object_array_get_idx(arr, g);
        size_t n = json_object_is_type(group, json_type_array) ? json_object_array_length(group) : 0;
        char ids[SM_STYLE_MAX_FACTIONS][33];

        if (n < 2 || n > SM_STYLE_MAX_FACTIONS)
            return sm_json_bad(r, "allies", "each group is a list of 2 or more faction ids");
        for (size_t i = 0; i < n; i++)
            if (sm_json_text(r, json_object_array_get_idx(group, i), "allies", ids[i],
                             sizeof(ids[i])) != SM_OK ||
                !sm_text_is_ident(ids[i]))
                return sm_json_bad(r, "allies", "each group is a list of plain faction ids");
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                if (s->nallies == SM_STYLE_MAX_ALLIES)
                    return sm_json_bad(r, "allies", "too many pairs (at most 64)");
                memcpy(s->allies[s->nallies][0], ids[i], sizeof(ids[i]));
                memcpy(s->allies[s->nallies][1], ids[j], sizeof(ids[j]));
                s->nallies++;
            }
    }
    return SM_OK;
}

static sm_status
read_severity(const reader *r, json_object *arr, sm_style *s)
{
    sm_event_type types[SM_EVENT_TYPE_COUNT];
    size_t n = json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;

    if (!json_object_is_type(arr, json_type_array) || n > SM_EVENT_TYPE_COUNT)
        return sm_json_bad(r, "severity", "not a list of event types, gravest first");
    for (size_t i = 0; i < n; i++) {
        json_object *v = json_object_array_get_idx(arr, i);
        const char *name = json_object_is_type(v, json_type_string) ? json_object_get_string(v)
                                                                     : "";
        if (!sm_event_type_parse(name, &types[i]) ||
            strcasecmp(name, sm_event_type_name(types[i])) != 0)
            return sm_json_bad(r, "severity", "not an event type in the list");
        for (size_t j = 0; j < i; j++)
            if (types[j] == types[i])
                return sm_json_bad(r, "severity", "an event type twice in the list");
    }
    set_severity(s, types, (int)n);
    return SM_OK;
}

static sm_status
read_events(const reader *r, json_object *o, sm_style *s)
{
    json_object_object_foreach(o, key, val) {
        sm_event_type t;
        if (!sm_event_type_parse(key, &t) || strcasecmp(key, sm_event_type_name(t)) != 0)
            return sm_json_bad(r, key, "not an event type");
        if (sm_json_colour(r, val, key, &s->events[t]) != SM_OK)
            return SM_EINPUT;
    }
    return SM_OK;
}

sm_status
sm_style_load(const char *path, sm_style *s, sm_error *err)
{
    reader r = { path, err };
    json_object *root;
    sm_status st = SM_OK;

    if ((st = sm_json_read_object(path, "style", &root, err)) != SM_OK)
        return st;
    json_object_object_foreach(root, key, val) {
        if (strcmp(key, "name") == 0)
            st = sm_json_text(&r, val, key, s->name, sizeof(s->name));
        else if (strcmp(key, "colours") == 0 && json_object_is_type(val, json_type_object))
            st = read_colours(&r, val, s);
        else if (strcmp(key, "fonts") == 0 && json_object_is_type(val, json_type_object))
            st = read_fonts(&r, val, s);
        else if (strcmp(key, "zone_opacity") == 0)
            st = sm_json_number(&r, val, key, 0, 1, &s->zone_opacity);
        else if (strcmp(key, "hatch_px") == 0)
            st = sm_json_number(&r, val, key, 2, 100, &s->hatch_px);
        else if (strcmp(key, "derived_max_km") == 0)
            st = sm_json_number(&r, val, key, 0, 500, &s->derived_max_km);
        else if (strcmp(key, "fronts") == 0 && json_object_is_type(val, json_type_object))
            st = read_fronts(&r, val, s);
        else if (strcmp(key, "disputed") == 0 && json_object_is_type(val, json_type_object))
            st = read_disputed(&r, val, s);
        else if (strcmp(key, "factions") == 0)
            st = read_factions(&r, val, s);
        else if (strcmp(key, "allies") == 0)
            st = read_allies(&r, val, s);
        else if (strcmp(key, "severity") == 0)
            st = read_severity(&r, val, s);
        else if (strcmp(key, "events") == 0 && json_object_is_type(val, json_type_object))
            st = read_events(&r, val, s);
        else if (strcmp(key, "description") == 0)
            st = SM_OK;
        else
            st = sm_json_bad(&r, key, "unknown style setting");
        if (st != SM_OK)
            break;
    }
    json_object_put(root);
    return st;
}
