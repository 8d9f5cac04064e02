/* SPDX-License-Identifier: MIT */
/* gaz_int.h - the gazetteer's internals, shared by its files only. */
#ifndef SM_GAZ_INT_H
#define SM_GAZ_INT_H

#include <stdio.h>

#include "core/arena.h"
#include "gazetteer/gazetteer.h"

#define NO_NEXT UINT32_MAX
#define GAZ_VARIANT 1
#define GAZ_READING 2

/* One name of one place. Names with the same key form a list (next). */
typedef struct gaz_name {
    const char *text;
    uint32_t place;
    uint32_t key;        /* index into keys */
    uint32_t next;       /* next name with the same key, or NO_NEXT */
    uint8_t kind;        /* sm_name_kind */
    uint8_t variant;     /* an extra entry of a name: under a variant key
                            (GAZ_VARIANT) or its Arabic reading (GAZ_READING) */
    uint32_t plain_hash; /* hash of the plain form: equal spellings, cheaply */
    uint32_t surface_len;
    const char *plain;   /* the plain form (sm_gaz__plain) */
    const char *surface; /* the surface form, for ranking within a key; of a
                            reading's entry, the Arabic name's reading */
} gaz_name;

/* One distinct folded key. */
typedef struct gaz_key {
    const char *text;
    uint32_t len;
    uint32_t first;      /* first name with this key (NO_NEXT: a not-place only) */
    const char *not_place; /* why this key is not a place, or NULL */
    const char *not_place_name; /* the name recorded as not a place */
} gaz_key;

typedef struct gaz_place {
    sm_place p;
    uint32_t first_name; /* this place's names are linked by name_next[] */
    uint32_t last_name;
    bool name_ar_curated; /* name_ar came from curators: keep it */
    bool district_given;  /* admin2 came from districts.tsv */
    bool facility;        /* a site named after a town (airbase, dam, camp, ...) */
    bool in_country;      /* of sm_gaz.in_country (sm_gaz_finish) */
    float prior;          /* importance in [0, 1] before the home-country factor */
} gaz_place;

/* The keys misspellings may reach, filed under the hashes of what is left
 * of them after up to two deletions (fuzzy.c): entries by bucket. */
typedef struct gaz_fuzzy {
    uint32_t *start;      /* mask + 2 offsets into entries */
    struct gaz_fuzzy_entry { uint32_t check, key : 30, level : 2; } *entries;
    uint32_t mask;
} gaz_fuzzy;

/* Open-addressing hash tables: slots hold index + 1 (0 = empty). */
typedef struct gaz_table {
    uint32_t *slots;
    uint32_t mask;       /* capacity - 1 (a power of two) */
    uint32_t used;
} gaz_table;

struct sm_gaz {
    sm_arena strings;
    gaz_place *places;
    uint32_t nplaces, places_cap;
    gaz_name *names;
    uint32_t *name_next;  /* next name of the same place */
    uint32_t nnames, names_cap;
    gaz_key *keys;
    uint32_t nkeys, keys_cap;
    gaz_table key_table;  /* key text -> key index */
    gaz_table id_table;   /* place id -> entry of ids */
    struct gaz_id { int64_t id; uint32_t place; } *ids; /* own and merged ids */
    uint32_t nids, ids_cap;
    char (*admin1)[2][64]; /* code, name */
    uint32_t nadmin1, admin1_cap;
    struct gaz_admin2 { char code[32]; char name[64]; double lat, lon; } *admin2;
    uint32_t nadmin2, admin2_cap;
    gaz_fuzzy fuzzy;      /* built by sm_gaz_finish */
    bool finished;
    char country[3];      /* the mapped country, "" none (sm_gaz_set_country) */
    char in_country[3];   /* the country gaz_place.in_country was set for */
};

/* The name with case, diacritics and punctuation levelled but every word
 * kept ("Deir ez-Zor" -> "deir ez zor"): equal plain forms are the same
 * spelling. */
size_t sm_gaz__plain(const char *name, char *out, size_t cap);
/* The plain form without article words and spaces ("al-Mazzeh" ->
 * "mazzeh"), to compare written forms of one key. */
size_t sm_gaz__surface(const char *name, char *out, size_t cap);
/* The same from a plain form already made. */
size_t sm_gaz__surface_of_plain(const char *plain, char *out, size_t cap);
/* As sm_gaz__plain, but Arabic letters stay as written (UTF-8). */
size_t sm_gaz__plain_words(const char *name, char *out, size_t cap);
/* name in Unicode's compatibility form (NFKC) when it has characters of
 * the compatibility blocks (Arabic presentation forms, as text copied from
 * a PDF has them; full-width letters; ligatures), copied into buf (cap
 * bytes); else, or when that does not fit, name itself. */
const char *sm_gaz__compatible(const char *name, char *buf, size_t cap);

/* Other keys a name is also found under: "dh" read as dad rather than dhal,
 * and the name without generic words (airbase, camp, مخيم, ...). Returns how
 * many (at most SM_GAZ_VARIANTS), none equal to primary. */
#define SM_GAZ_VARIANTS 3
/* True if the name holds a generic word (airbase, camp, مطار, ...). */
bool sm_gaz__has_generic(const char *name);
int sm_gaz__variant_keys(const char *name, const char *primary,
                         char keys[SM_GAZ_VARIANTS][SM_GAZ_KEY_MAX]);

/* Readings (reading.c): an Arabic name, or a folded Latin key, as a
 * string of Latin consonant symbols and V for a vowel, runs collapsed; 0
 * when the name is not Arabic (the key not Latin) or has fewer than three
 * consonants. The reading's key is its consonants behind
 * SM_GAZ_READING_MARK; an Arabic reading fits a Latin one when each of its
 * vowels stands where the Latin has one. */
#define SM_GAZ_READING_MARK '\x02'
size_t sm_gaz__arabic_reading(const char *name, char *out, size_t cap);
size_t sm_gaz__latin_reading(const char *key, size_t len, char *out, size_t cap);
size_t sm_gaz__reading_key(const char *reading, char *key, size_t cap);
bool sm_gaz__reading_fits(const char *arabic, const char *latin);

/* The key of a name from its plain form (plain[0 .. len), sm_gaz__plain):
 * the same as sm_gaz_fold of the name when the plain form is whole (a name
 * of fewer than SM_GAZ_NAME_MAX - 8 bytes). */
size_t sm_gaz__fold_plain(const char *plain, size_t len, char *key, size_t cap);

/* The key under which a name that is not a place is recorded. */
size_t sm_gaz__not_place_key(const char *name, char *key, size_t cap);

/* A tab-separated file read a line at a time (no quoting). */
#define SM_GAZ_TSV_FIELDS 24
typedef struct tsv {
    FILE *fp;
    const char *path;
    char *line;
    size_t cap;
    long lineno;
    char *f[SM_GAZ_TSV_FIELDS];
    int nf;
} tsv;
sm_status sm_gaz__tsv_open(tsv *t, const char *path, sm_error *err);
/* The next line split at its tabs into t->f: SM_OK, SM_ENOTFOUND at the end,
 * SM_EINPUT for invalid UTF-8, SM_EIO. */
sm_status sm_gaz__tsv_next(tsv *t, sm_error *err);
void sm_gaz__tsv_close(tsv *t);
bool sm_gaz__is_number(const char *s);

/* Importance of a place in [0, 1] from its feature code, kind, population
 * and whether it is a district's seat; whether it is a facility. Both set by
 * sm_gaz_finish. */
double sm_gaz__prior(const sm_place *p, bool district_seat);
bool sm_gaz__is_facility(const sm_place *p);

/* Hash of n bytes (FNV-1a, 32 bits). */
uint32_t sm_gaz__hash(const void *data, size_t n);
/* The key index of text, or -1. */
int64_t sm_gaz__key_find(const sm_gaz *gaz, const char *text, size_t len);
/* Edit distance (insert, delete, substitute, swap neighbours) of a and b,
 * or max + 1 once it is certain to exceed max (edits.c). */
int sm_gaz__edits(const char *a, size_t na, const char *b, size_t nb, int max);
/* The same by dynamic programming, for the model test of sm_gaz__edits. */
int sm_gaz__edits_dp(const char *a, size_t na, const char *b, size_t nb, int max);
/* A string of 1..64 bytes made ready to be compared with many others: the
 * bit masks of where each byte value stands in it. */
typedef struct sm_gaz_pattern {
    uint64_t peq[256];
    size_t len;
} sm_gaz_pattern;
void sm_gaz__pattern_set(sm_gaz_pattern *p, const char *a, size_t na);
/* The distance of the pattern's string and b, whole. */
int sm_gaz__pattern_edits(const sm_gaz_pattern *p, const char *b, size_t nb);
/* sm_gaz__edits of the pattern's string and b. */
int sm_gaz__edits_with(const sm_gaz_pattern *p, const char *b, size_t nb, int max);

/* How a candidate matched, for its reason (reasons.c). */
typedef struct gaz_match {
    uint32_t name;         /* the name that matched */
    int edits;             /* edits between the keys, 0 the same key */
    bool reading;          /* through the Arabic name read in Latin */
    bool full;             /* a full match: the same spelling, not an alternate */
    bool variant;          /* through a variant key */
    bool uncertain;
    double near_km;        /* to the context point, or -1 */
} gaz_match;
/* The reason, in words, into why (cap bytes, cut to a whole character);
 * key is the query's. */
void sm_gaz__reason(const sm_gaz *gaz, const gaz_match *m, const char *key, char *why,
                    size_t cap);

/* Keys within a few edits (fuzzy.c). sm_gaz__fuzzy_build indexes the keys
 * misspellings may reach (with names, not a reading's); false when memory
 * runs out. */
#define SM_GAZ_FUZZY_MAX_LEN 64  /* longest key a misspelling is looked for of */
#define SM_GAZ_FUZZY_MAX_EDITS 2
bool sm_gaz__fuzzy_build(sm_gaz *gaz);
void sm_gaz__fuzzy_free(gaz_fuzzy *f);
/* A key found within edits of another, and the edits. */
typedef struct gaz_near_key {
    uint32_t key;
    int edits;
} gaz_near_key;
/* The indexed keys within 1 .. max edits (max <= SM_GAZ_FUZZY_MAX_EDITS)
 * of key[0 .. len) (len 1 .. SM_GAZ_FUZZY_MAX_LEN), into *out (malloc'd,
 * the caller frees it; NULL when there are none), *n of them: ordered by
 * the first of the key's symbol triples (with 0 before the first symbol
 * and after the last) whose 16-bit hash the other key shares, then by key
 * index; one that shares none is left out. False when memory runs out. */
bool sm_gaz__near_keys(const sm_gaz *gaz, const char *key, size_t len, int max,
                       gaz_near_key **out, size_t *n);

#endif
