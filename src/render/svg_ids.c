/* SPDX-License-Identifier: MIT */
/*
 * svg_ids.c - the SVG's names for what the map draws (dl_ident): an id,
 * a label for Inkscape's Objects panel, and data- attributes a designer
 * or a script selects by (data-kind, data-faction, data-place-id,
 * data-event-id, data-date, ...).
 *
 * Ids are made of the data, so that a map drawn again names the same
 * things alike: "zone-<faction>-<uid>", "control-<place id>",
 * "front-<faction>-<faction>", "change-<faction>-<status>",
 * "event-<uid of its first event>", "event-count-<uid>", "place-<place
 * id>" (a place's label and dot), "name-<feature>-<name>", "no-data". Each
 * part keeps ASCII letters, digits, '-' and '_', anything else becoming
 * '_', so every id is a valid XML id (it starts with its prefix, a
 * letter). No part holds a '.', so the ".2", ".3", ... given to a repeat
 * (two parts written alike) make no id another already has.
 */
#include "render/render_int.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define PART_MAX 64             /* characters of a part kept in an id */

struct sm_svg_ids {
    char **slot;                /* the ids given, hashed; NULL: free */
    size_t cap, n;              /* cap: a power of two, or 0 */
};

/* Each kind's id prefix and data-kind. */
static const char *const prefixes[DL_WHAT_COUNT] = {
    [DL_WHAT_NONE] = "item",        [DL_WHAT_ZONE] = "zone",
    [DL_WHAT_NO_DATA] = "no-data",  [DL_WHAT_CONTROL] = "control",
    [DL_WHAT_FRONT] = "front",      [DL_WHAT_CHANGE] = "change",
    [DL_WHAT_EVENT] = "event",      [DL_WHAT_EVENT_COUNT] = "event-count",
    [DL_WHAT_LABEL] = "place",      [DL_WHAT_NAME] = "name",
    [DL_WHAT_ANNOTATION] = "annotation",
};
static const char *const kinds[DL_WHAT_COUNT] = {
    [DL_WHAT_NONE] = "item",        [DL_WHAT_ZONE] = "zone",
    [DL_WHAT_NO_DATA] = "no-data",  [DL_WHAT_CONTROL] = "control-point",
    [DL_WHAT_FRONT] = "front-line", [DL_WHAT_CHANGE] = "change",
    [DL_WHAT_EVENT] = "event",      [DL_WHAT_EVENT_COUNT] = "event-count",
    [DL_WHAT_LABEL] = "place-label", [DL_WHAT_NAME] = "name",
    [DL_WHAT_ANNOTATION] = "annotation",
};

sm_svg_ids *
sm_svg__ids_new(void)
{
    return calloc(1, sizeof(sm_svg_ids));
}

void
sm_svg__ids_free(sm_svg_ids *ids)
{
    if (ids == NULL)
        return;
    for (size_t i = 0; i < ids->cap; i++)
        free(ids->slot[i]);
    free(ids->slot);
    free(ids);
}

static size_t
hash(const char *s)
{
    size_t h = 2166136261u;             /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot of s, or the free slot where it would go. */
static size_t
find(const sm_svg_ids *ids, const char *s)
{
    size_t i = hash(s) & (ids->cap - 1);

    while (ids->slot[i] && strcmp(ids->slot[i], s) != 0)
        i = (i + 1) & (ids->cap - 1);
    return i;
}

static bool
is_given(const sm_svg_ids *ids, const char *s)
{
    return ids->cap > 0 && ids->slot[find(ids, s)] != NULL;
}

/* Note s as given; false when memory runs out. */
static bool
give(sm_svg_ids *ids, const char *s)
{
    if (2 * (ids->n + 1) > ids->cap) {  /* at most half full */
        size_t cap = ids->cap ? 2 * ids->cap : 256;
        sm_svg_ids bigger = { calloc(cap, sizeof(char *)), cap, ids->n };
        if (bigger.slot == NULL)
            return false;
        for (size_t i = 0; i < ids->cap; i++)
            if (ids->slot[i])
                bigger.slot[find(&bigger, ids->slot[i])] = ids->slot[i];
        free(ids->slot);
        *ids = bigger;
    }
    char *copy = strdup(s);
    if (copy == NULL)
        return false;
    ids->slot[find(ids, s)] = copy;
    ids->n++;
    return true;
}

/* "-" and text with what an XML id cannot hold as '_' (nothing for NULL). */
static void
add_part(sm_buf *b, const char *text)
{
    char part[PART_MAX + 2];
    size_t n = 0;

    if (text == NULL || *text == '\0')
        return;
    part[n++] = '-';
    for (const unsigned char *p = (const unsigned char *)text; *p && n <= PART_MAX; p++) {
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        if (*p >= 0x80 && (*p & 0xc0) == 0x80)
            continue;                   /* a UTF-8 character is one '_' */
        part[n++] = keep ? (char)*p : '_';
    }
    part[n] = '\0';
    sm_buf_puts(b, part);
}

/* The id id's data make (before any ".2"). */
static void
base_id(sm_buf *b, const dl_ident *id)
{
    char place[24];

    assert(prefixes[id->what] && kinds[id->what]);     /* every dl_what is in the tables */
    snprintf(place, sizeof(place), "%lld", (long long)id->place_id);
    sm_buf_puts(b, prefixes[id->what]);
    switch (id->what) {
    case DL_WHAT_ZONE:
        add_part(b, id->faction);
        add_part(b, id->key);
        break;
    case DL_WHAT_CONTROL:
    case DL_WHAT_LABEL:
        add_part(b, id->place_id != 0 ? place : id->key);
        break;
    case DL_WHAT_FRONT:
        add_part(b, id->faction);
        add_part(b, id->other);
        break;
    case DL_WHAT_CHANGE:
        add_part(b, id->faction);
        add_part(b, id->status);
        add_part(b, id->key);
        break;
    case DL_WHAT_NAME:
        add_part(b, id->feature);
        add_part(b, id->key);
        break;
    default:
        add_part(b, id->key);
        break;
    }
}

static void
attr(FILE *fp, const char *name, const char *value)
{
    if (value == NULL || *value == '\0')
        return;
    fprintf(fp, " %s=\"", name);
    sm_text_xml_put(fp, value);
    fputc('"', fp);
}

static void
day_attr(FILE *fp, const char *name, sm_day day)
{
    char iso[SM_DAY_ISO_LEN];

    if (day != SM_DAY_NONE && day != SM_DAY_OPEN)
        attr(fp, name, sm_day_format(day, iso));
}

/* The data- attributes: what it is, and the data it stands for. */
static void
data_attrs(FILE *fp, const dl_ident *id)
{
    char num[24];

    attr(fp, "data-kind", kinds[id->what]);
    attr(fp, "data-faction", id->faction);
    attr(fp, id->what == DL_WHAT_FRONT    ? "data-faction-right"
             : id->what == DL_WHAT_CHANGE ? "data-faction-before"
                                          : "data-other-faction",
         id->other);
    if (id->what == DL_WHAT_ZONE)
        attr(fp, "data-zone-id", id->key);
    attr(fp, "data-status", id->status);
    attr(fp, "data-feature", id->feature);
    if (id->place_id != 0) {
        snprintf(num, sizeof(num), "%lld", (long long)id->place_id);
        attr(fp, "data-place-id", num);
    }
    attr(fp, "data-name", id->name);
    attr(fp, "data-event-id", id->event_id);
    if (id->count > 0) {
        snprintf(num, sizeof(num), "%d", id->count);
        attr(fp, "data-events", num);
    }
    if (id->dated) {
        day_attr(fp, "data-date", id->from);
        if (id->to != id->from)
            day_attr(fp, "data-date-to", id->to);
    }
}

bool
sm_svg__ident_attrs(sm_svg_ids *ids, FILE *fp, const dl_ident *id)
{
    sm_buf b = { 0 };
    size_t base;
    bool ok;

    base_id(&b, id);
    base = b.len;
    for (int k = 2; !b.failed && is_given(ids, sm_buf_str(&b)); k++) {
        b.len = base;
        sm_buf_printf(&b, ".%d", k);
    }
    ok = !b.failed && give(ids, sm_buf_str(&b));
    if (ok) {
        attr(fp, "id", sm_buf_str(&b));
        /* what the Objects panel lists: the name, else the id */
        attr(fp, "inkscape:label", id->name && *id->name ? id->name : sm_buf_str(&b));
        data_attrs(fp, id);
    }
    sm_buf_free(&b);
    return ok;
}
