/* SPDX-License-Identifier: MIT */
/*
 * extract.h - from news text to place mentions and a draft of the incidents
 * it reports.
 *
 * An extractor is built once from a finished gazetteer (which holds the
 * countries and places abroad of gazetteer/world.tsv too): every name is folded
 * word by word (sm_gaz_fold) into a table of keys. A text is then cut into
 * sentences and words; each word is folded once and the longest run of
 * words whose joined keys name something is a mention (so "Deir Ezzor",
 * "Ayn al-Fijah" and "Kafrsouseh" are found as the gazetteer spells them
 * otherwise). Mentions are resolved in context (relative phrases such as
 * "northwest of Damascus" or "in Idlib Province", the places of the rest
 * of the article, one place per name in one article) through the
 * gazetteer's own ranking (sm_gaz_lookup), and false friends are told apart
 * (names of people, factions, outlets; places abroad).
 *
 * Each sentence that reports an incident becomes an event: its type from
 * the words that report it, the place it happened at (not every place the
 * sentence names), actors, fatalities and the date resolved against the
 * article's date, with ACLED-like precision codes.
 *
 * Threads: an extractor is read-only once built: threads may share it (and
 * its gazetteer), each with its own sm_extraction.
 */
#ifndef SM_EXTRACT_H
#define SM_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/day.h"
#include "core/error.h"
#include "gazetteer/gazetteer.h"
#include "store/store.h"
#include "theatre/theatre.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_extractor sm_extractor;

/* Build an extractor over gaz (finished; it must outlive the extractor).
 * english is gazetteer/english.txt (common English words, which alone are
 * no place), or NULL. The theatre gives the mapped country (its places are
 * put on the map, the others are abroad), the sides of its war (an event's
 * actors) and its peoples and creeds (no place alone); it is copied and may
 * be freed. NULL: the gazetteer's country (sm_gaz_country), no actors. */
sm_status sm_extractor_new(const sm_gaz *gaz, const char *english, const sm_theatre *theatre,
                           sm_extractor **out, sm_error *err);
void sm_extractor_free(sm_extractor *x);

typedef enum sm_mention_kind {
    SM_MENTION_PLACE,      /* a place in the mapped country: put on the map */
    SM_MENTION_COUNTRY,    /* a country, the mapped one included: not a point */
    SM_MENTION_ABROAD,     /* a place outside the mapped country */
    SM_MENTION_NOT_PLACE   /* a person, faction, outlet or facility named with a
                              place word */
} sm_mention_kind;

typedef struct sm_mention {
    size_t start, end;          /* bytes of the text */
    size_t cstart, cend;        /* characters (code points) of the text */
    sm_mention_kind kind;
    int place;                  /* gazetteer index (PLACE, and ABROAD when the
                                   gazetteer has it), else -1 */
    const char *name;           /* what it is: the place's name, the country,
                                   "Moscow, Russia", the reason it is no place */
    const char *country;        /* ISO 3166 alpha-2, or NULL */
    double lat_deg, lon_deg;    /* PLACE, COUNTRY, ABROAD */
    double score;               /* the gazetteer's score of the place chosen */
    bool anchor;                /* named as a reference point: "... of Damascus" */
    bool region;                /* a governorate ("Idlib Province"): its seat stands
                                   for it, as in ACLED's data */
    const char *feature;        /* the Arabic word of a feature it was read with
                                   ("Ain" for "al-Fija springs"), or NULL */
    int sentence;               /* index of its sentence */
    int word, nwords;           /* its words, counted from the text's first */
    const char *why;            /* how it was resolved, in words (owned by the
                                   extraction or the extractor) */
} sm_mention;

typedef struct sm_found_event {
    sm_day day;
    sm_precision date_precision; /* 1 the day, 2 the week, 3 the month */
    sm_event_type type;
    int mention;                /* the mention of its place */
    sm_precision geo_precision; /* 1 the place named, 2 near it, 3 a region */
    int fatalities;             /* -1 when not reported */
    bool fatalities_lower_bound; /* "at least", "more than", "dozens" */
    char actors[160];           /* "; "-separated, "" when none named */
    int sentence;               /* its (first) sentence */
    size_t start, end;          /* its sentences, bytes of the text */
    size_t cstart, cend;        /* ... and characters */
} sm_found_event;

typedef struct sm_extraction {
    sm_mention *mentions;
    size_t nmentions, mentions_cap;
    sm_found_event *events;
    size_t nevents, events_cap;
    int sentences, words;
    sm_arena strings;           /* the mentions' reasons */
} sm_extraction;

#define SM_EXTRACT_MAX_BYTES ((size_t)1 << 30)   /* longer texts are refused */

/* Extract from text[0..len) published on `day`. The text must be UTF-8
 * without NUL bytes (SM_EINPUT naming the line and byte otherwise). out is
 * filled from empty; free it with sm_extraction_free. A long text is read
 * in parts of about a megabyte cut at blank lines (an article's context
 * does not reach further). */
sm_status sm_extract(const sm_extractor *x, const char *text, size_t len, sm_day day,
                     sm_extraction *out, sm_error *err);
void sm_extraction_free(sm_extraction *r);

/* Called with each part of a text as soon as it is done. Its mentions' and
 * events' bytes, characters, sentences and words count from the text's
 * start (text[0]); an event's mention is an index into part->mentions;
 * part->sentences and part->words are the part's own. The part and its
 * reasons are freed when fn returns: fn writes or copies what it keeps.
 * Anything but SM_OK stops the extraction, and is its answer. */
typedef sm_status (*sm_extract_part_fn)(void *user, sm_extraction *part, sm_error *err);

/* sm_extract part by part: the text is checked whole first (nothing is
 * handed to fn when it is refused), then each part is handed to fn and
 * freed, so that the memory held is that of one part, however long the
 * text. The parts together are what sm_extract gives. */
sm_status sm_extract_parts(const sm_extractor *x, const char *text, size_t len, sm_day day,
                           sm_extract_part_fn fn, void *user, sm_error *err);

#ifdef __cplusplus
}
#endif

#endif
