/* SPDX-License-Identifier: MIT */
/* extract_int.h - words, sentences, the lexicon and the name table; internal to extract. */
#ifndef SM_EXTRACT_INT_H
#define SM_EXTRACT_INT_H

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "extract/extract.h"

/* ---- the lexicon (lexicon.c): English words with roles ------------------ */

enum {
    W_STOP = 1u << 0,        /* a common English word: no place on its own */
    W_SUFFIX = 1u << 1,      /* a word a place's name may be followed by: Province, city */
    W_TITLE = 1u << 2,       /* President, General, Minister: a person follows */
    W_FACTION = 1u << 3,     /* Jabhat, Jaish, Liwa: a faction's name follows */
    W_DIRECTION = 1u << 4,   /* north, northeast, ... (value: degrees) */
    W_WEEKDAY = 1u << 5,     /* value: 0 Monday .. 6 Sunday */
    W_MONTH = 1u << 6,       /* value: 1..12 */
    W_NUMBER = 1u << 7,      /* one, twelve, dozens (value; lower bound flag) */
    W_CUE = 1u << 8,         /* reports an incident (cue: type and weight) */
    W_KILL = 1u << 9,        /* killed, dead, died, toll */
    W_WOUND = 1u << 10,      /* wounded, injured */
    W_PEOPLE = 1u << 11,     /* people, civilians, soldiers */
    W_BOUND = 1u << 12,      /* least, more, over, than, some: a count's bound */
    W_LOCATIVE = 1u << 13,   /* in, at, near, outside, around, into */
    W_MODAL = 1u << 14,      /* will, would, could, pledged: not (yet) an incident */
    W_GENERIC = 1u << 15,    /* springs, valley, mountains: a feature after a name */
    W_PLACE_WORD = 1u << 16, /* a word that begins names: Tal, Deir, Kafr, Wadi */
    W_DATE_WORD = 1u << 17,  /* today, yesterday, morning, week, weekend, ago, since */
    W_AREA = 1u << 18,       /* area, town, city, village: "the area" refers back */
    W_FACILITY = 1u << 19,   /* hospital, school, bakery: hit, it is an attack on it */
    W_AIR = 1u << 20,        /* warplanes, jets, regime: "bombed" from the air */
    W_ACTOR = 1u << 21,      /* names a side of the theatre's war (actor: its name,
                                actor_next: the word that must follow, as in
                                "Islamic State") */
};

typedef struct lex_word {
    uint32_t roles;
    int16_t value;           /* direction degrees, weekday, month, number */
    uint8_t cue_type;        /* sm_event_type of a cue */
    uint8_t cue_weight;      /* 1 weak (attack), 2 usual, 3 decisive (suicide bombing) */
    bool definite_anaphor;   /* "attack", "strikes": "the attack" may refer back */
    bool from_air;           /* "bombed", قصف: an airstrike when the air is named */
    bool lower_bound;        /* a number word that is a lower bound (dozens) */
    const char *generic_name; /* W_GENERIC: the Arabic generic word (Ain, Wadi) */
    const char *actor;       /* W_ACTOR: the side it names, as events list it */
    const char *actor_next;  /* ... and the word that must follow, or NULL */
} lex_word;

typedef struct lexicon lexicon;
/* The built-in words and those of theatre t (NULL: none). */
sm_status sm_lexicon_new(const sm_theatre *t, lexicon **out, sm_error *err);
void sm_lexicon_free(lexicon *l);
/* The roles of an ASCII word of len bytes (any case), or NULL. */
const lex_word *sm_lexicon_get(const lexicon *l, const char *w, size_t len);
/* The roles of an Arabic word by its folded key (sm_gaz_fold), or NULL. */
const lex_word *sm_lexicon_get_arabic(const lexicon *l, const char *key, size_t len);
/* Read the English words of path (one a line, lowercase: gazetteer/english.txt). */
sm_status sm_lexicon_load_english(lexicon *l, const char *path, sm_error *err);
/* True if the word, lowercased, is an English word of that list. */
bool sm_lexicon_is_english(const lexicon *l, const char *w, size_t len);

/* ---- words and sentences (tokens.c) ------------------------------------ */

enum {
    T_CAP = 1u << 0,        /* begins with a capital */
    T_ALLCAPS = 1u << 1,    /* two or more letters, all capitals */
    T_ARABIC = 1u << 2,     /* Arabic script */
    T_NUM = 1u << 3,        /* digits */
    T_JOINED = 1u << 4,     /* only a space or a hyphen since the previous word:
                               the two may belong to one name */
    T_FIRST = 1u << 5,      /* first word of its sentence */
    T_PLUS = 1u << 6,       /* a number followed by "+" */
    T_HASH = 1u << 7,       /* written after "#" */
    T_POSS = 1u << 8,       /* an English possessive followed: "Russia's" */
};

typedef struct tok {
    uint32_t start, end;    /* bytes (a possessive 's left out) */
    uint32_t cstart, cend;  /* characters */
    uint32_t key;           /* its folded key in the text's key buffer */
    uint16_t keylen;        /* 0: an article, or no letters */
    uint16_t flags;
    int32_t sentence;
    long number;            /* T_NUM: its value */
    const lex_word *lex;    /* its role in the lexicon, or NULL */
} tok;

typedef struct sentence {
    uint32_t first, n;      /* its words */
    uint32_t start, end;    /* bytes */
    uint32_t cstart, cend;
    bool paragraph;         /* begins a paragraph (or follows a heading) */
    bool heading;           /* a line of its own without a stop: a title */
} sentence;

typedef struct tokens {
    tok *t;
    size_t n, cap;
    sentence *s;
    size_t ns, scap;
    char *keys;             /* the words' folded keys, one after another */
    size_t keys_len, keys_cap;
} tokens;

/* Cut text into words and sentences, folding each word. */
sm_status sm_tokens_read(tokens *tk, const lexicon *lex, const char *text, size_t len,
                         sm_error *err);
void sm_tokens_free(tokens *tk);
/* Fold the words of a name one by one and join their keys, as the text's
 * words are joined (into key, cap >= SM_GAZ_KEY_MAX); calls fn with the key
 * of each whole-word prefix (the last call is the whole name). Returns the
 * number of words with a key. */
int sm_name_keys(const char *name, void (*fn)(const char *key, size_t len, bool whole,
                                              void *user),
                 void *user);
/* Append key b to key a (length *alen, cap SM_GAZ_KEY_MAX) as folding joins
 * words: a run of one symbol across the join collapses. False if too long. */
bool sm_key_join(char *a, size_t *alen, const char *b, size_t blen);

/* ---- the name table (names.c) ------------------------------------------ */

typedef struct name_entry {
    const char *key;
    uint16_t keylen;
    bool whole;              /* a whole name (else only the start of one) */
    int32_t places;          /* its places' list in the table, -1: none */
    const char *not_place;   /* why it is not a place, or NULL */
} name_entry;

typedef struct name_table name_table;
sm_status sm_names_new(const sm_gaz *gaz, name_table **out, sm_error *err);
void sm_names_free(name_table *nt);
/* The entry of a key, or NULL. */
const name_entry *sm_names_get(const name_table *nt, const char *key, size_t len);
/* The gazetteer places of an entry into out (at most max); how many. */
int sm_names_places(const name_table *nt, const name_entry *e, int *out, int max);

/* ---- points on a grid (near.c) ---------------------------------------- */

typedef struct near_set {
    double *pt;                 /* lat, lon of each point, kept once, in order */
    size_t n, cap;
    uint32_t *slot;             /* the points by position: index + 1, 0 empty */
    size_t nslots;
    double lat0, lon0, size;    /* the grid: its south-west corner, its cells' side */
    int rows, cols;
    uint32_t *cell;             /* the points of cell c: in[cell[c] .. cell[c + 1]);
                                   c = rows * cols: those off the grid */
    uint32_t *in;
} near_set;

#define NEAR_SET_INIT { NULL, 0, 0, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL }

/* Add a point (once: a point already there is not added again); false when
 * memory runs out. A point that is no number is left out. */
bool sm_near_add(near_set *s, double lat, double lon);
/* Lay the points on the grid, once they are all added; false when memory
 * runs out. */
bool sm_near_index(near_set *s);
/* The point nearest (lat, lon) on the plane whose longitudes are scaled by
 * kx (the cosine of a latitude), as a pass over every point in order would
 * find it: the least squared distance, the first added on a tie. Its index
 * (s->pt[2 * i]), or -1 when there is none. */
int sm_near_nearest(const near_set *s, double lat, double lon, double kx);
/* Is a point within km of (lat, lon) (on the sphere; at most km / 110
 * degrees of latitude and km / 80 of longitude away)? */
bool sm_near_within(const near_set *s, double lat, double lon, double km);
void sm_near_free(near_set *s);

/* ---- the look-ups of a part of text, each made once (memo.c) ----------- */

typedef struct memo_entry memo_entry;
typedef struct lookup_memo {
    memo_entry *slot;
    size_t nslots, used;
    bool full;                  /* memory ran out: nothing more kept */
    sm_arena store;             /* the queries and candidates kept */
} lookup_memo;

#define LOOKUP_MEMO_INIT { NULL, 0, 0, false, SM_ARENA_INIT }

/* sm_gaz_lookup(gaz, name, q, buf, max, ...) as it answered the first
 * time it was asked in the memo: how many candidates (0 also when the
 * look-up fails), in *c: the memo's own (read-only, until sm_memo_free),
 * or buf (max of them) when it could not keep them. */
int sm_memo_lookup(lookup_memo *m, const sm_gaz *gaz, const char *name, const sm_gaz_query *q,
                   sm_candidate *buf, int max, const sm_candidate **c);
void sm_memo_free(lookup_memo *m);

struct sm_extractor {
    const sm_gaz *gaz;
    lexicon *lex;
    name_table *names;
    char country[3];                  /* the mapped country, "" none */
    double south, west, north, east;  /* the mapped country's places' extent */
};

/* A query of the gazetteer for the mapped country. */
sm_gaz_query sm_extractor_query(const sm_extractor *x);
/* True if p is a place of the mapped country (not the country itself).
 * Inline: asked some 170,000 times a megabyte of dense news. */
static inline bool
sm_extractor_at_home(const sm_extractor *x, const sm_place *p)
{
    const char *f = p->feature_code, *c = p->country, *home = x->country;

    if (f && f[0] == 'P' && strcmp(f, "PCLI") == 0)
        return false;
    /* strcmp(c, home) == 0, home being one or two letters */
    return !home[0] || (c && c[0] == home[0] && c[1] == home[1] && (!home[1] || !c[2]));
}

/* ---- the passes of sm_extract ------------------------------------------ */

/* Mentions found in the words and resolved (mentions.c, places.c). */
sm_status sm_find_mentions(const sm_extractor *x, const char *text, const tokens *tk,
                           sm_extraction *out, sm_error *err);
sm_status sm_resolve_mentions(const sm_extractor *x, const char *text, const tokens *tk,
                              sm_extraction *out, sm_error *err);
/* Mentions are in the order of the text: the first that begins at word w
 * or after it, and the one that begins at word w (-1 if none). */
size_t sm_mentions_from(const sm_extraction *out, int w);
int sm_mention_at(const sm_extraction *out, int w);
/* Events, one a sentence that reports one (events.c). */
sm_status sm_find_events(const sm_extractor *x, const char *text, const tokens *tk,
                         sm_day day, sm_extraction *out, sm_error *err);
/* The date a sentence's words give, from the article's day (when.c); false
 * when they give none. */
bool sm_sentence_date(const char *text, const tokens *tk, const sentence *s, sm_day day,
                      sm_day *out, sm_precision *precision);
/* The fatalities a sentence reports (fatalities.c): -1 when none. */
int sm_sentence_fatalities(const char *text, const tokens *tk, const sentence *s,
                           bool *lower_bound);

/* A hash of n bytes, 8 at a time: for tables inside one process (it is not
 * sm_hash_bytes's, and never 0). */
static inline uint64_t
sm_hash_fast(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0x9e3779b97f4a7c15u ^ n, x;

    for (; n >= 8; n -= 8, p += 8) {
        memcpy(&x, p, 8);
        h = (h ^ x) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    x = 0;
    memcpy(&x, p, n);
    h = (h ^ x) * 0xc4ceb9fe1a85ec53u;
    h ^= h >> 29;
    return h | 1;
}

/* True if the word is the ASCII word w (any case: ASCII's, as strncasecmp
 * in the C locale). Inline, since the words tried are literals and most
 * differ in length: a million calls a megabyte of news. */
static inline bool
sm_tok_is(const char *text, const tok *t, const char *w)
{
    size_t n = strlen(w);
    const unsigned char *a = (const unsigned char *)text + t->start;

    if (t->end - t->start != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = a[i], y = (unsigned char)w[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

#endif
