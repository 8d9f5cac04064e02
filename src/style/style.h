/* SPDX-License-Identifier: MIT */
/*
 * style.h - how a map looks, read from a JSON file in styles/: faction
 * colours and labels, event symbol colours, basemap colours, fonts and
 * sizes. Styles are data; nothing here draws.
 *
 * Colours are "#rrggbb" or "#rrggbbaa". A key a style leaves out keeps the
 * built-in default; an unknown key, a bad colour or a bad number is an
 * SM_EINPUT error naming the file and the key.
 *
 * Threads: a loaded sm_style is plain data, read-only for render: threads
 * may share it.
 */
#ifndef SM_STYLE_H
#define SM_STYLE_H

#include "core/colour.h"
#include "core/error.h"
#include "store/store.h"
#include "theatre/theatre.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_faction_style {
    char id[33];
    char label[96];
    sm_rgba fill, outline;
    sm_rgba hatch;       /* its stripes over a zone it contests (default: fill) */
} sm_faction_style;

#define SM_STYLE_MAX_FACTIONS 32
#define SM_STYLE_MAX_ALLIES 64

typedef struct sm_style {
    char name[64];
    sm_rgba background, land, subject, neighbours, sea, water, river, border, admin1;
    sm_rgba text, halo, muted, panel;  /* panel: title block and legend ground */
    sm_rgba country_label, water_label; /* the basemap's names: countries; seas, lakes, rivers */
    /* disputed areas (the basemap's, those the mapped country claims) */
    sm_rgba disputed_fill, disputed_outline, disputed_hatch; /* hatch a == 0: none */
    double disputed_px, disputed_dash_px, disputed_hatch_px; /* dash 0: solid */
    double zone_opacity;              /* 0..1 */
    double hatch_px;                  /* the period of contested zones' stripes */
    double derived_max_km;            /* zones from control points reach at most this
                                         far from a place (0: none derived) */
    /* front lines: a line with teeth on the advancing (or holding) side */
    sm_rgba front;
    double front_px, front_teeth_px;  /* teeth_px 0: no teeth */
    double front_spacing_px;          /* from one tooth to the next */
    double front_tolerance_km;        /* zones this close meet (see timeline.h) */
    char font[64];                    /* Latin script */
    char font_arabic[64];
    double title_px, subtitle_px, label_px, label_major_px, legend_px, credit_px;
    double country_px, sea_px, river_px; /* the basemap's names */
    double margin_px;
    sm_faction_style factions[SM_STYLE_MAX_FACTIONS];
    int nfactions;
    char allies[SM_STYLE_MAX_ALLIES][2][33]; /* pairs of factions that do not fight
                                                each other: no front line between them */
    int nallies;
    sm_rgba unknown_faction;          /* for factions the style does not define */
    sm_rgba no_data;                  /* the country's land no record speaks of */
    sm_rgba events[SM_EVENT_TYPE_COUNT];
    int severity[SM_EVENT_TYPE_COUNT]; /* each type's rank, 0 the gravest: events that
                                          fall together show the gravest */
} sm_style;

/* The built-in defaults (the newsroom look) into *s: no factions, which
 * come from the theatre (sm_style_apply_theatre) or the style file. */
void sm_style_defaults(sm_style *s);

/* Give a style that defines no factions the theatre's (the fill also its
 * stripes). Before sm_style_load or after it: a style file that lists
 * factions replaces them, and a style that has some keeps its own. */
void sm_style_apply_theatre(sm_style *s, const sm_theatre *t);

/* Read a style file over the defaults. */
sm_status sm_style_load(const char *path, sm_style *s, sm_error *err);

/* SM_OK when every number of the style is finite and in the range a style
 * file may give it, every colour's components are from 0 to 1 and every
 * string ends inside its array; else SM_EUSAGE naming the setting. For a
 * style built or changed in code: sm_frame_new (and so sm_render) checks
 * the style it is given. */
sm_status sm_style_check(const sm_style *s, sm_error *err);

/* Give the style a faction it does not define (one added to the database:
 * `sitmap faction add`), its outline a darker fill; false when it is full. */
bool sm_style_add_faction(sm_style *s, const char *id, const char *label, sm_rgba fill);
/* The style of a faction, or NULL when the style does not define it. */
const sm_faction_style *sm_style_faction(const sm_style *s, const char *id);

#ifdef __cplusplus
}
#endif

#endif
