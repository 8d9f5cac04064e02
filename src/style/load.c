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

/* A style's colours and numbers by key, each at its offset in the style;
 * a number's range is the same for a style file (sm_style_load) and a
 * style built in code (sm_style_check). */
typedef struct colour_key {
    const char *key;
    size_t off;
} colour_key;
typedef struct number_key {
    const char *key;
    size_t off;
    double lo, hi;
} number_key;

#define SIZE_KEY(k, field) { k, offsetof(sm_style, field), 4, 200 }
static const number_key font_nums[] = {
    SIZE_KEY("title_px", title_px), SIZE_KEY("subtitle_px", subtitle_px),
    SIZE_KEY("label_px", label_px), SIZE_KEY("label_major_px", label_major_px),
    SIZE_KEY("legend_px", legend_px), SIZE_KEY("credit_px", credit_px),
    SIZE_KEY("margin_px", margin_px), SIZE_KEY("country_px", country_px),
    SIZE_KEY("sea_px", sea_px), SIZE_KEY("river_px", river_px),
};
#undef SIZE_KEY
static const number_key top_nums[] = {
    { "zone_opacity", offsetof(sm_style, zone_opacity), 0, 1 },
    { "hatch_px", offsetof(sm_style, hatch_px), 2, 100 },
    { "derived_max_km", offsetof(sm_style, derived_max_km), 0, 500 },
};
static const number_key front_nums[] = {
    { "width_px", offsetof(sm_style, front_px), 0, 20 },
    { "teeth_px", offsetof(sm_style, front_teeth_px), 0, 40 },
    { "spacing_px", offsetof(sm_style, front_spacing_px), 2, 400 },
    { "tolerance_km", offsetof(sm_style, front_tolerance_km), 0, 50 },
};
static const number_key disputed_nums[] = {
    { "width_px", offsetof(sm_style, disputed_px), 0, 20 },
    { "dash_px", offsetof(sm_style, disputed_dash_px), 0, 40 },
    { "hatch_px", offsetof(sm_style, disputed_hatch_px), 2, 100 },
};

static const colour_key base_colours[] = {
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

/* The key's entry in a table of n, or NULL. */
static const number_key *
number_of(const number_key *t, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(key, t[i].key) == 0)
            return &t[i];
    return NULL;
}

static sm_status
read_number(const reader *r, json_object *val, const char *key, const number_key *k,
            sm_style *s)
{
    return sm_json_number(r, val, key, k->lo, k->hi, (double *)((char *)s + k->off));
}

static sm_status
read_colours(const reader *r, json_object *o, sm_style *s)
{
    json_object_object_foreach(o, key, val) {
        size_t i;
        for (i = 0; i < SM_LEN(base_colours); i++)
            if (strcmp(key, base_colours[i].key) == 0)
                break;
        if (i == SM_LEN(base_colours))
            return sm_json_bad(r, key, "unknown colour");
        if (sm_json_colour(r, val, key, (sm_rgba *)((char *)s + base_colours[i].off)) != SM_OK)
            return SM_EINPUT;
    }
    return SM_OK;
}

static sm_status
read_fonts(const reader *r, json_object *o, sm_style *s)
{
    json_object_object_foreach(o, key, val) {
        const number_key *k;
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
        if ((k = number_of(font_nums, SM_LEN(font_nums), key)) == NULL)
            return sm_json_bad(r, key, "unknown font setting");
        if (read_number(r, val, key, k, s) != SM_OK)
            return SM_EINPUT;
    }
    return SM_OK;
}

/* A group of settings (fronts, disputed areas): colours and numbers by
 * key, each at its offset in the style; an unknown key names those known. */
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
        const number_key *k = number_of(nums, nnums, key);
        if (k == NULL)
            return sm_json_bad(r, key, unknown);
        if (read_number(r, val, key, k, s) != SM_OK)
            return SM_EINPUT;
    }
    return SM_OK;
}

static sm_status
read_fronts(const reader *r, json_object *o, sm_style *s)
{
    static const colour_key colours[] = { { "colour", offsetof(sm_style, front) } };

    return read_group(r, o, s, colours, SM_LEN(colours), front_nums, SM_LEN(front_nums),
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

    return read_group(r, o, s, colours, SM_LEN(colours), disputed_nums,
                      SM_LEN(disputed_nums), "unknown disputed area setting (fill, outline, hatch, width_px,"
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
        const number_key *k;
        if (strcmp(key, "name") == 0)
            st = sm_json_text(&r, val, key, s->name, sizeof(s->name));
        else if (strcmp(key, "colours") == 0 && json_object_is_type(val, json_type_object))
            st = read_colours(&r, val, s);
        else if (strcmp(key, "fonts") == 0 && json_object_is_type(val, json_type_object))
            st = read_fonts(&r, val, s);
        else if ((k = number_of(top_nums, SM_LEN(top_nums), key)) != NULL)
            st = read_number(&r, val, key, k, s);
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

/* A colour whose components are numbers from 0 to 1. */
static bool
colour_ok(sm_rgba c)
{
    return c.r >= 0 && c.r <= 1 && c.g >= 0 && c.g <= 1 && c.b >= 0 && c.b <= 1 &&
           c.a >= 0 && c.a <= 1;
}

/* A string that ends inside its array of n. */
static bool
ends(const char *t, size_t n)
{
    return memchr(t, '\0', n) != NULL;
}

static sm_status
check_numbers(const sm_style *s, const char *group, const number_key *t, size_t n,
              sm_error *err)
{
    for (size_t i = 0; i < n; i++) {
        double v = *(const double *)((const char *)s + t[i].off);
        if (!(v >= t[i].lo && v <= t[i].hi))  /* NaN fails too */
            return sm_fail(err, SM_EUSAGE, "style: %s%s%s is %g: want %g to %g", group,
                           *group ? "." : "", t[i].key, v, t[i].lo, t[i].hi);
    }
    return SM_OK;
}

sm_status
sm_style_check(const sm_style *s, sm_error *err)
{
    static const colour_key more[] = {
        { "disputed.fill", offsetof(sm_style, disputed_fill) },
        { "disputed.outline", offsetof(sm_style, disputed_outline) },
        { "disputed.hatch", offsetof(sm_style, disputed_hatch) },
        { "fronts.colour", offsetof(sm_style, front) },
    };
    sm_status st;

    if ((st = check_numbers(s, "", top_nums, SM_LEN(top_nums), err)) != SM_OK ||
        (st = check_numbers(s, "fonts", font_nums, SM_LEN(font_nums), err)) != SM_OK ||
        (st = check_numbers(s, "fronts", front_nums, SM_LEN(front_nums), err)) != SM_OK ||
        (st = check_numbers(s, "disputed", disputed_nums, SM_LEN(disputed_nums), err)) != SM_OK)
        return st;
    for (size_t i = 0; i < SM_LEN(base_colours); i++)
        if (!colour_ok(*(const sm_rgba *)((const char *)s + base_colours[i].off)))
            return sm_fail(err, SM_EUSAGE, "style: colours.%s: components want 0 to 1",
                           base_colours[i].key);
    for (size_t i = 0; i < SM_LEN(more); i++)
        if (!colour_ok(*(const sm_rgba *)((const char *)s + more[i].off)))
            return sm_fail(err, SM_EUSAGE, "style: %s: components want 0 to 1", more[i].key);
    for (int i = 0; i < SM_EVENT_TYPE_COUNT; i++) {
        if (!colour_ok(s->events[i]))
            return sm_fail(err, SM_EUSAGE, "style: events.%s: components want 0 to 1",
                           sm_event_type_name((sm_event_type)i));
        if (s->severity[i] < 0 || s->severity[i] >= SM_EVENT_TYPE_COUNT)
            return sm_fail(err, SM_EUSAGE, "style: severity of %s is %d: want 0 to %d",
                           sm_event_type_name((sm_event_type)i), s->severity[i],
                           SM_EVENT_TYPE_COUNT - 1);
    }
    if (!ends(s->name, sizeof(s->name)) || !ends(s->font, sizeof(s->font)) ||
        !ends(s->font_arabic, sizeof(s->font_arabic)))
        return sm_fail(err, SM_EUSAGE, "style: the name or a font family has no end");
    if (s->nfactions < 0 || s->nfactions > SM_STYLE_MAX_FACTIONS)
        return sm_fail(err, SM_EUSAGE, "style: %d factions: want 0 to %d", s->nfactions,
                       SM_STYLE_MAX_FACTIONS);
    for (int i = 0; i < s->nfactions; i++) {
        const sm_faction_style *f = &s->factions[i];
        if (!ends(f->id, sizeof(f->id)) || !sm_text_is_ident(f->id) ||
            !ends(f->label, sizeof(f->label)))
            return sm_fail(err, SM_EUSAGE, "style: faction %d: its id is not a plain"
                           " identifier or its label has no end", i + 1);
        if (!colour_ok(f->fill) || !colour_ok(f->outline) || !colour_ok(f->hatch))
            return sm_fail(err, SM_EUSAGE, "style: faction %s: components of its colours"
                           " want 0 to 1", f->id);
    }
    if (s->nallies < 0 || s->nallies > SM_STYLE_MAX_ALLIES)
        return sm_fail(err, SM_EUSAGE, "style: %d pairs of allies: want 0 to %d", s->nallies,
                       SM_STYLE_MAX_ALLIES);
    for (int i = 0; i < s->nallies; i++)
        if (!ends(s->allies[i][0], sizeof(s->allies[i][0])) ||
            !ends(s->allies[i][1], sizeof(s->allies[i][1])))
            return sm_fail(err, SM_EUSAGE, "style: allies pair %d has no end", i + 1);
    return SM_OK;
}
