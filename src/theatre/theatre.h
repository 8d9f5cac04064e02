/* SPDX-License-Identifier: MIT */
/*
 * theatre.h - what is particular to the country a map is about, kept as
 * data: a theatre profile, a JSON file (gazetteer/theatres/NAME.json, Syria
 * the default). It names the mapped country (its ISO codes, its name, the
 * basemap's disputed areas it claims), the box of the neighbours' places the
 * gazetteer keeps, the named regions maps are drawn of, the factions a style
 * gets when it defines none, the sides of the war as the news names them
 * (for the extractor), the words for peoples and creeds that are never a
 * place on their own, and the map's credit line.
 *
 * {
 *   "name": "syria",
 *   "country": "CC", "country_iso3": "CCC", "country_name": "Syria",
 *   "disputed": "Syria",
 *   "gazetteer_box": [32.0, 31.0, 44.0, 38.5],
 *   "default_region": "syria",
 *   "regions": [ { "name": "syria", "box": [35.5, 32.2, 42.5, 37.4],
 *                  "note": "the whole country" } ],
 *   "factions": [ { "id": "regime", "label": "...", "fill": "#d6402b",
 *                   "outline": "#8e2416" } ],
 *   "actors": [ { "name": "Russia", "words": ["russia", "russian", ...],
 *                 "arabic": ["روسيا", ...] } ],
 *   "demonyms": ["syrian", "kurdish", ...],
 *   "credit": "Sources: ..."
 * }
 * (CC and CCC standing for the ISO 3166 codes: SY and SYR for Syria.)
 *
 * Boxes are [west, south, east, north] in degrees. "description" is allowed
 * and ignored. A missing required key, an unknown key, a bad colour, box or
 * code is an SM_EINPUT error naming the file and the key. The theatre does
 * not depend on the gazetteer, the extractor or styles: they take from it.
 *
 * Threads: a loaded sm_theatre is plain data, read-only for the library:
 * threads may share it; loading keeps no state beyond the struct filled.
 */
#ifndef SM_THEATRE_H
#define SM_THEATRE_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/colour.h"
#include "core/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SM_THEATRE_MAX_REGIONS 64
#define SM_THEATRE_MAX_FACTIONS 32  /* as many as a style holds */
#define SM_THEATRE_MAX_ACTORS 64
#define SM_THEATRE_MAX_WORDS 64     /* words of one actor */
#define SM_THEATRE_MAX_DEMONYMS 512
#define SM_THEATRE_WORD_MAX 24      /* bytes of one English word */

typedef struct sm_theatre_region {
    char name[32];                /* a plain identifier: "aleppo" */
    double west, south, east, north;
    char note[96];                /* what it shows, in words */
} sm_theatre_region;

typedef struct sm_theatre_faction {
    char id[33];                  /* a plain identifier: "regime" */
    char label[96];               /* as the legend names it */
    sm_rgba fill, outline;
} sm_theatre_faction;

typedef struct sm_theatre_actor {
    char name[64];                /* as an event lists it: "Syrian government" */
    const char **words;           /* English, lowercase: "regime"; "assad regime":
                                     the first word names it when the second follows */
    int nwords;
    const char **arabic;          /* Arabic words that name it: "النظام" */
    int narabic;
} sm_theatre_actor;

typedef struct sm_theatre {
    char name[64];                /* "syria" */
    char country[3];              /* ISO 3166 alpha-2 of the mapped country (SY) */
    char country_iso3[4];         /* alpha-3, as the basemap's countries.iso_a3 (SYR) */
    char country_name[64];        /* "Syria" */
    char disputed[64];            /* the basemap's disputed areas whose note names
                                     this are the country's ("" none) */
    double gaz_west, gaz_south, gaz_east, gaz_north; /* the neighbours' places the
                                                        gazetteer keeps */
    char default_region[32];      /* one of regions */
    sm_theatre_region *regions;
    int nregions;
    sm_theatre_faction *factions; /* a style's factions when it defines none */
    int nfactions;
    sm_theatre_actor *actors;     /* the sides of the war, for the extractor */
    int nactors;
    const char **demonyms;        /* peoples and creeds: never a place alone */
    int ndemonyms;
    char credit[512];             /* the map's credit line of sources ("" none) */
    sm_arena strings;             /* owns the words */
} sm_theatre;

/* Read a profile into *t (filled from empty; free it with sm_theatre_free,
 * also after a failure, which leaves *t empty). */
sm_status sm_theatre_load(const char *path, sm_theatre *t, sm_error *err);

/* Read dir/NAME.json. name must be a plain identifier (SM_EUSAGE otherwise);
 * SM_ENOTFOUND, with the theatres dir holds, when there is no such file. */
sm_status sm_theatre_load_named(const char *dir, const char *name, sm_theatre *t,
                                sm_error *err);

/* The region of that name, or NULL. */
const sm_theatre_region *sm_theatre_region_find(const sm_theatre *t, const char *name);

void sm_theatre_free(sm_theatre *t);

#ifdef __cplusplus
}
#endif

#endif
