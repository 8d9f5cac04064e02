/* SPDX-License-Identifier: MIT */
/*
 * gazetteer.h - place names as journalists write them: folding, an in-memory
 * index, ranked look-up with reasons, nearest places, and loaders for
 * GeoNames dumps and sitmap's curated files.
 *
 * Folding maps every spelling of a name to one key: "Deir ez-Zor", "Deir
 * Ezzor", "Dayr az Zawr" and "دير الزور" meet in two keys (one Latin, one
 * Arabic). A look-up tries the exact key, then keys within a small edit
 * distance, and ranks the places found by how well the name matched, by
 * priors (kind, population, administrative rank) and by distance to a
 * context point.
 *
 * An sm_gaz is built (sm_gaz_new, _add_place, _add_name, loaders), then
 * sm_gaz_finish makes it ready for look-ups. Adding to a finished index is
 * allowed and un-finishes it until the next sm_gaz_finish. Places and names
 * are owned by the index: pointers it returns are borrowed until sm_gaz_free.
 *
 * Threads: building (sm_gaz_new, the adds, the loaders, sm_gaz_finish) is
 * one thread's; a finished sm_gaz is only read by look-ups, so threads may
 * share it. Folding keeps no state.
 */
#ifndef SM_GAZETTEER_H
#define SM_GAZETTEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SM_GAZ_KEY_MAX 128    /* folded keys are cut to this many bytes */
#define SM_GAZ_NAME_MAX 1024  /* longer queries are refused */
#define SM_GAZ_LOCAL_ID_MIN INT64_C(1900000000)   /* ids from here on are not GeoNames' */
#define SM_GAZ_CURATED_ID_MIN INT64_C(2000000000) /* ids of curated places */
/* ... of which those from OCHA's communities (communities.tsv): villages
 * the news names only among places of their own area */
#define SM_GAZ_COMMUNITY_ID_MIN INT64_C(2100000000)

typedef struct sm_gaz sm_gaz;

typedef struct sm_place {
    int64_t id;              /* GeoNames id, or a curated id */
    int64_t geonames_id;     /* 0 if none */
    const char *name;        /* the preferred English name */
    const char *name_ar;     /* Arabic name, or NULL */
    double lat_deg, lon_deg;
    const char *feature_class; /* GeoNames class: P, A, S, L, T, H, R, V */
    const char *feature_code;  /* GeoNames code: PPLA, AIRB, DAM, RGN, ... */
    const char *kind;        /* city, town, village, district, airbase, region, ... */
    const char *country;     /* ISO 3166 alpha-2 ("" unknown) */
    const char *admin1;      /* GeoNames admin1 code with country: "SY.09" */
    const char *admin2;      /* GeoNames district code: "SY.09.174017", or NULL */
    long population;         /* 0 if unknown */
    double precision_km;     /* radius the point stands for */
    bool curated;            /* entered by sitmap's curators (maybe merged) */
    const char *pcode;       /* UN OCHA's P-code of the community ("C3931"), or NULL */
} sm_place;

/* True for a village only OCHA's communities have (no GeoNames record or
 * curated row merged into it): the gazetteer's weakest evidence. */
static inline bool
sm_gaz_community_only(const sm_place *p)
{
    return p->id >= SM_GAZ_COMMUNITY_ID_MIN && !p->geonames_id && !p->curated;
}

typedef enum sm_name_kind {
    SM_NAME_MAIN,      /* the place's own name */
    SM_NAME_ALT,       /* a GeoNames alternate name */
    SM_NAME_ALIAS,     /* a spelling vouched for by curators (curated, aliases) */
    SM_NAME_ARABIC     /* a name in Arabic script */
} sm_name_kind;

/* ---- folding ----------------------------------------------------------- */

/* Fold name into key (NUL-terminated, cap >= SM_GAZ_KEY_MAX). Returns the
 * key's length, 0 when nothing of it is a name (empty, punctuation, a lone
 * article). Latin keys are printable ASCII; Arabic keys use bytes >= 0x80,
 * one per letter (see sm_gaz_key_text). */
size_t sm_gaz_fold(const char *name, char *key, size_t cap);

/* A name for a map label: transliteration marks gone (ʿ ʾ ‘ ’ and
 * diacritics: "Ma‘arrat an Nu‘mān" -> "Maarrat an Numan"), capitals as
 * written; Arabic script unchanged. Returns its length. */
size_t sm_gaz_label(const char *name, char *out, size_t cap);

/* Keys of readings: a Latin spelling's consonants, from its folded key
 * (sm_gaz_reading_key), meet those of an Arabic name it may transliterate
 * (sm_gaz_arabic_reading_key): "Deir Sharqi" and دير شرقي. A look-up
 * tries them when no name matches; these are for finding such spellings in
 * text. 0 when there is none (fewer than three consonants, the wrong
 * script). */
size_t sm_gaz_reading_key(const char *key, size_t len, char *out, size_t cap);
size_t sm_gaz_arabic_reading_key(const char *name, char *out, size_t cap);

/* A key in readable form (Arabic bytes back to UTF-8) into buf. */
const char *sm_gaz_key_text(const char *key, char *buf, size_t cap);

/* ---- building ---------------------------------------------------------- */

sm_status sm_gaz_new(sm_gaz **out, sm_error *err);
void sm_gaz_free(sm_gaz *gaz);

/* The mapped country (ISO 3166 alpha-2, as a theatre names it): look-ups
 * rank its places first unless the query names another (sm_gaz_query), and
 * places added without a country (curated rows that name no admin1, places
 * of an OGR layer) are its. NULL or "" for none: every country alike, and
 * such places get "". SM_EUSAGE unless two capital letters. Set it before
 * loading. */
sm_status sm_gaz_set_country(sm_gaz *gaz, const char *country, sm_error *err);
/* The mapped country, or NULL when none is set. */
const char *sm_gaz_country(const sm_gaz *gaz);

/* Add a place (copied). With merge, the same GeoNames record, or (when one
 * of the two has no GeoNames id) a place of the same name family (a shared
 * folded key) and a compatible kind within the larger of 5 km and either
 * precision, is the same place: the two are merged and *index is the
 * existing one (*merged true). names are added as SM_NAME_ALIAS for a curated
 * place, else as SM_NAME_ALT. */
sm_status sm_gaz_add_place(sm_gaz *gaz, const sm_place *p, const char *const *names,
                           bool merge, int *index, bool *merged, sm_error *err);
/* Add a name to place `index`. Duplicates (same text) are ignored. */
sm_status sm_gaz_add_name(sm_gaz *gaz, int index, const char *name, sm_name_kind kind,
                          sm_error *err);
/* Record a name that is not a place (a faction, a person, an outlet); a
 * look-up of it answers "no match" with the reason. */
sm_status sm_gaz_add_not_place(sm_gaz *gaz, const char *name, const char *why,
                               sm_error *err);
/* Record an admin1 code's name ("SY.09" -> "Aleppo"). */
sm_status sm_gaz_add_admin1(sm_gaz *gaz, const char *code, const char *name,
                            sm_error *err);
/* Record a district: its code ("SY.09.174017"), name and the position of
 * its seat. sm_gaz_finish gives each place of the district's governorate
 * that has no district the one whose seat is nearest. */
sm_status sm_gaz_add_admin2(sm_gaz *gaz, const char *code, const char *name,
                            double seat_lat_deg, double seat_lon_deg, sm_error *err);

/* Record that id also names place `index` (a record merged into it). */
sm_status sm_gaz_add_id(sm_gaz *gaz, int64_t id, int index, sm_error *err);
/* Ids of records merged into other places: calls fn(id, index) for each. */
void sm_gaz_merged_ids_each(const sm_gaz *gaz, void (*fn)(int64_t id, int index, void *user),
                            void *user);

/* Build the look-up structures; call after the last add. */
sm_status sm_gaz_finish(sm_gaz *gaz, sm_error *err);

/* ---- reading back ------------------------------------------------------ */

int sm_gaz_count(const sm_gaz *gaz);
const sm_place *sm_gaz_place(const sm_gaz *gaz, int index);
/* The index of the place with this id (or the place a record of this id
 * was merged into), or -1. */
int sm_gaz_find_id(const sm_gaz *gaz, int64_t id);
/* Names of place `index`: calls fn for each. */
void sm_gaz_names_each(const sm_gaz *gaz, int index,
                       void (*fn)(const char *name, sm_name_kind kind, void *user),
                       void *user);
/* Names that are not places: calls fn(name, why) for each. */
void sm_gaz_not_places_each(const sm_gaz *gaz,
                            void (*fn)(const char *name, const char *why, void *user),
                            void *user);
/* The name of an admin1 code, or the code itself when unknown. */
const char *sm_gaz_admin1_name(const sm_gaz *gaz, const char *code);
void sm_gaz_admin1_each(const sm_gaz *gaz,
                        void (*fn)(const char *code, const char *name, void *user),
                        void *user);
/* The name of a district code, or the code itself when unknown. */
const char *sm_gaz_admin2_name(const sm_gaz *gaz, const char *code);
void sm_gaz_admin2_each(const sm_gaz *gaz,
                        void (*fn)(const char *code, const char *name, double lat,
                                   double lon, void *user),
                        void *user);

/* ---- look-up ----------------------------------------------------------- */

typedef struct sm_gaz_query {
    bool has_near;         /* prefer places close to near_lat/lon */
    double near_lat_deg, near_lon_deg;
    const char *admin1;    /* prefer places in this governorate (code or name) */
    bool fuzzy;            /* allow misspellings (default on: see SM_GAZ_QUERY_INIT) */
    const char *country;   /* the mapped country: its places rank first, and only
                              its places match misspellings. NULL: the
                              gazetteer's (sm_gaz_country); with none, every
                              country alike */
    bool reasons;          /* write each candidate's why (default on: see
                              SM_GAZ_QUERY_INIT); off, why is "" and an exact
                              look-up costs a fifth less */
} sm_gaz_query;

/* Misspellings allowed, no context, reasons written. A zeroed query allows
 * no misspellings and writes no reasons. */
#define SM_GAZ_QUERY_INIT { false, 0, 0, NULL, true, NULL, true }

typedef struct sm_candidate {
    const sm_place *place;
    double score;          /* 0..1, comparable across candidates of one query */
    const char *matched;   /* the place's name that matched */
    int edits;             /* edits between the folded query and that name */
    double near_km;        /* distance to the context point, or -1 */
    bool uncertain;        /* a misspelling, or a spelling read from the Arabic
                              name, with no context near it: a guess, not to be
                              placed without other evidence */
    char why[200];         /* how it matched, in words ("" unless the query
                              asks for reasons: sm_gaz_query.reasons) */
} sm_candidate;

/* Look name up. *n (<= max) candidates are written to out, best first; 0
 * with *why_none explaining (no match, or "a faction, not a place") when
 * nothing fits. Empty, over-long (SM_GAZ_NAME_MAX), invalid UTF-8 and
 * control characters are SM_EINPUT errors. why_none may be NULL. q NULL:
 * SM_GAZ_QUERY_INIT's defaults. The candidates are the same with reasons
 * and without. */
sm_status sm_gaz_lookup(const sm_gaz *gaz, const char *name, const sm_gaz_query *q,
                        sm_candidate *out, int max, int *n, const char **why_none,
                        sm_error *err);

/* The places a look-up of name without misspellings (sm_gaz_query.fuzzy
 * false) may offer, whatever else the query asks: those of the names
 * folded as it is, of its variant readings and of its reading against the
 * Arabic names (more than any one look-up offers; a place may come more
 * than once). Their indexes (sm_gaz_place) into out, at most max; returns
 * how many there are, more than max when out could not hold them all; 0
 * for a name a look-up refuses or finds nothing in. A caller that wants
 * to know whether any candidate can lie near a point asks this once for a
 * name, then measures. */
int sm_gaz_places_offered(const sm_gaz *gaz, const char *name, int *out, int max);

/* Set q's context from text: "LAT,LON" in degrees, or a place name taken
 * at its best match. SM_ENOTFOUND (with a message) when no place matches. */
sm_status sm_gaz_query_near(const sm_gaz *gaz, const char *text, sm_gaz_query *q,
                            sm_error *err);

/* The k places nearest to a point, nearest first (regions and roads left
 * out); out gets place indexes and dist_km their distances, both arrays of
 * k. Returns how many. */
int sm_gaz_nearest(const sm_gaz *gaz, double lat_deg, double lon_deg, int k, int *out,
                   double *dist_km);

/* Great-circle distance in km (mean Earth radius), for ranking and merging. */
double sm_gaz_distance_km(double lat1, double lon1, double lat2, double lon2);

/* ---- loading ----------------------------------------------------------- */

typedef struct sm_gaz_load_report {
    long rows;       /* data rows read */
    long places;     /* places added */
    long merged;     /* rows merged into an existing place */
    long names;      /* names added */
    long skipped;    /* rows not used (other countries' alternate names, ...) */
} sm_gaz_load_report;

typedef struct sm_gaz_load_opts {
    bool merge;              /* merge rows into existing places (sm_gaz_add_place) */
    const char *countries;   /* keep rows of these countries ("SY,LB"); NULL: all */
    bool has_box;            /* ... and, of other countries, rows inside this box */
    double west, south, east, north;
} sm_gaz_load_opts;

/* Every row, merged (a zeroed struct: every row, not merged). A theatre's
 * choice is its country whole and the neighbours inside its gazetteer box
 * (countries = theatre.country, has_box, the box = theatre.gaz_west ...). */
#define SM_GAZ_LOAD_OPTS_INIT { true, NULL, false, 0, 0, 0, 0 }
#define SM_GAZ_LOAD_ALL SM_GAZ_LOAD_OPTS_INIT

/* A GeoNames dump as published: a places file (allCountries.txt, SY.txt,
 * citiesN.txt: 19 tab-separated columns) or an alternate-names file
 * (alternateNamesV2.txt, or the older alternateNames.txt), told apart by
 * their columns. Streams the file; alternate names are kept only for places
 * already in the index. o NULL: the rows of the gazetteer's country
 * (sm_gaz_country; every row when it has none), merged. rep may be NULL. */
sm_status sm_gaz_load_geonames(sm_gaz *gaz, const char *path, const sm_gaz_load_opts *o,
                               sm_gaz_load_report *rep, sm_error *err);

/* The shipped gazetteer in dir: geonames.tsv, admin1.tsv, curated.tsv,
 * neighbourhoods.tsv and communities.tsv (merged into GeoNames places),
 * world.tsv, aliases.tsv, not_places.tsv and admin2.tsv. */
sm_status sm_gaz_load_dir(sm_gaz *gaz, const char *dir, sm_gaz_load_report *rep,
                          sm_error *err);
/* dir/world.tsv alone: the countries and cities abroad, for a gazetteer
 * made before they were shipped (sm_gaz_has_world false). */
sm_status sm_gaz_load_world(sm_gaz *gaz, const char *dir, sm_gaz_load_report *rep,
                            sm_error *err);
/* A file of curated places alone (curated.tsv's columns; see
 * gazetteer/README.md), merged into the places known. */
sm_status sm_gaz_load_curated(sm_gaz *gaz, const char *path, sm_gaz_load_report *rep,
                              sm_error *err);
/* True if the gazetteer holds a country (world.tsv was loaded). */
bool sm_gaz_has_world(const sm_gaz *gaz);

#ifdef __cplusplus
}
#endif

#endif
