/* SPDX-License-Identifier: MIT */
/*
 * lookup.c - ranked look-up and nearest places.
 *
 * A query spelled as a name on the not-a-place list (factions, people,
 * outlets) answers "no match" with its reason. Otherwise the places under
 * the exact key are candidates; while none is in the mapped country (or
 * curated: countries and cities abroad in world.tsv), the
 * query's variant keys (dh read as d; German sch and ch; without generic
 * words such as "airbase" or "مخيم") are tried, then the places' Arabic
 * names read in Latin letters (reading.c; also when a context point is
 * given and no candidate is near it), then keys within a few edits (1 for
 * keys of 4-7 symbols, 2 from 8; beside a reading, only one edit from a
 * major place's own name), found through the index of deletions (fuzzy.c;
 * keys shorter than 6 must also agree on their first symbol), of places in
 * the mapped country (GeoNames alternates only for keys of 7 symbols or
 * more; not the villages only OCHA's communities have, unless nothing else
 * matched, and then by one edit).
 *
 * score = match * (0.55 + 0.45 * prior)                   without context
 *       = match * (0.30 + 0.25 * prior + 0.45 * nearness) with --near
 * match: 1 the same spelling, 0.94 the same folded key (0.97 in Arabic
 * script) less 0.02 for each edit between the written forms (up to 4),
 * 0.86 one edit of the key (a last resort's less 0.02 a letter between the
 * written forms), 0.74 two, 0.85 a reading of the Arabic name;
 * times 0.95 through a variant key and 0.97 for a GeoNames alternate, and
 * 0.88 for a place found only by alternates that are other names of it
 * (not the consonants of its own) when another place's own name matched
 * ("Berea" is Aleppo's, "Al-Bara" a town's);
 * prior: feature rank and population in [0, 1] (0.4 at most for a village
 * only OCHA's communities have), times 0.6 outside the mapped country;
 * nearness: exp(-km / 40). A governorate given as context scales places
 * outside it by 0.85. A misspelling or a reading is uncertain unless it
 * lies within 40 km of the context point or in the governorate given.
 */
#include "gazetteer/gaz_int.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

#define READING_MATCH 0.85  /* a Latin spelling read from the Arabic name */
#define CONTEXT_KM 40.0     /* a guess this near the context is not uncertain */
#define SECONDARY 0.88      /* an alternate's match beside another place's own name */
#define MAJOR 0.78          /* the prior of a district's seat or a city */
#define LAST_RESORT_EDITS 2 /* a guess's written form this near the query's */

typedef struct rank {
    const char *what;
    double rank;
} rank;

static double
rank_in(const rank *table, size_t n, const char *what)
{
    for (size_t i = 0; what && i < n; i++)
        if (strcmp(what, table[i].what) == 0)
            return table[i].rank;
    return -1;
}

/* Prior importance of a place in [0, 1]: its administrative rank (GeoNames
 * feature code; a district's seat ranks as one at least) or else its kind,
 * raised by population. */
double
sm_gaz__prior(const sm_place *p, bool district_seat)
{
    static const rank admin[] = {
        { "PPLC", 1.0 }, { "PPLA", 0.9 }, { "PPLA2", 0.78 }, { "PPLA3", 0.66 },
        { "PPLA4", 0.6 }, { "ADM1", 0.75 }, { "ADM2", 0.6 }, { "PCLI", 0.95 },
    };
    static const rank kinds[] = {
        { "city", 0.85 }, { "town", 0.65 }, { "district", 0.55 }, { "village", 0.5 },
        { "airbase", 0.65 }, { "airport", 0.65 }, { "dam", 0.6 }, { "crossing", 0.6 },
        { "camp", 0.55 }, { "oilfield", 0.55 }, { "gasfield", 0.55 }, { "region", 0.6 },
        { "highway", 0.55 }, { "road", 0.5 }, { "mountain", 0.5 }, { "military", 0.5 },
    };
    double r = rank_in(admin, SM_LEN(admin), p->feature_code);

    if (r < 0)
        r = rank_in(kinds, SM_LEN(kinds), p->kind);
    if (r < 0)
        r = 0.5;
    if (district_seat)
        r = fmax(r, 0.78);                /* as GeoNames ranks most seats (PPLA2) */
    /* a village only OCHA's list of communities has: the news names it
       less often than a namesake GeoNames or the curators know */
    if (sm_gaz_community_only(p))
        r = fmin(r, 0.4);
    if (p->population > 0)
        r += 0.15 * fmin(1.0, log10(1.0 + (double)p->population) / 6.5);
    return fmin(1.0, r);
}

typedef struct cand {
    uint32_t place;
    uint32_t name;
    int edits;
    bool variant;
    bool reading;          /* through the place's Arabic name, read in Latin */
    bool own;              /* one of the names that matched is not an alternate */
    bool outside;          /* outside the governorate the query names */
    uint32_t pass;         /* the offer_key (or reading) that offered it */
    double match;
    double weight;         /* the place's: score = match * weight (* 0.85 outside) */
    double score;
    double near_km;
} cand;

typedef struct search {
    const sm_gaz *g;
    const sm_gaz_query *q;
    const char *home;      /* the mapped country, or NULL: every country alike */
    const char *query_plain;
    const char *query_surface;
    size_t query_surface_len;
    uint32_t query_plain_hash;
    bool surface_pattern_set;
    cand *c;
    int n, cap;
    bool variant;          /* offering matches of a variant key */
    bool major_only;       /* beside a reading: one-edit misspellings of major
                              places only */
    bool last_resort;      /* nothing else matched: one-edit misspellings of
                              the villages only OCHA's communities have */
    int query_generic;     /* the query holds a generic word ("airbase"); -1 unknown */
    uint32_t pass;         /* offer_key calls (and readings) so far */
    bool home_known;       /* home is the country of gaz_place.in_country */
    bool any_home;         /* a candidate at home, or curated (any_at_home) */
    const char *query;
    /* not zeroed (search_init): */
    sm_gaz_pattern surface_pattern; /* the query's surface, once needed */
    cand local[16];        /* the first candidates, without a malloc */
} search;

static void
search_init(search *s, const sm_gaz *g, const sm_gaz_query *q, const char *name)
{
    memset(s, 0, offsetof(search, surface_pattern));
    s->g = g;
    s->q = q;
    s->query_generic = -1;
    s->query = name;
    s->c = s->local;
    s->cap = (int)SM_LEN(s->local);
    s->home = q->country ? q->country : sm_gaz_country(g);
    s->home_known = s->home && g->in_country[0] && strcmp(s->home, g->in_country) == 0;
}

static bool
in_admin1(const sm_gaz *g, const sm_place *p, const char *want)
{
    const char *name;

    if (p->admin1 == NULL)
        return false;
    if (strcasecmp(p->admin1, want) == 0)
        return true;
    name = sm_gaz_admin1_name(g, p->admin1);
    return name && strcasecmp(name, want) == 0;
}

/* Sites named after a town: airbases, dams, camps, crossings, fields. */
bool
sm_gaz__is_facility(const sm_place *p)
{
    static const char *const kinds[] = { "airbase", "airport", "dam", "camp", "crossing",
                                         "oilfield", "gasfield", "military", "facility" };
    for (size_t i = 0; p->kind && i < SM_LEN(kinds); i++)
        if (strcmp(p->kind, kinds[i]) == 0)
            return true;
    return false;
}

/* True if place i is in the mapped country (or there is none). */
static inline bool
at_home(const search *s, uint32_t i)
{
    const char *a = s->g->places[i].p.country, *b = s->home;

    if (b == NULL)
        return true;
    if (s->home_known)
        return s->g->places[i].in_country;
    /* strcmp of codes of two letters, without the call */
    return a && a[0] == b[0] &&
           (a[0] == '\0' || (a[1] == b[1] && (a[1] == '\0' || !strcmp(a + 2, b + 2))));
}

/* The edits between the query's surface and another, at most max + 1. */
static int
surface_edits(search *s, const char *b, size_t nb, int max)
{
    size_t na = s->query_surface_len;

    if (na == 0 || na > 64)
        return sm_gaz__edits(s->query_surface, na, b, nb, max);
    if (!s->surface_pattern_set) {
        sm_gaz__pattern_set(&s->surface_pattern, s->query_surface, na);
        s->surface_pattern_set = true;
    }
    return sm_gaz__edits_with(&s->surface_pattern, b, nb, max);
}

static void
score(search *s, cand *c)
{
    const sm_place *p = &s->g->places[c->place].p;
    double pr = s->g->places[c->place].prior;

    if (!at_home(s, c->place))
        pr *= 0.6;                  /* the neighbours' border strips */

    if (s->q->has_near) {
        c->near_km = sm_gaz_distance_km(s->q->near_lat_deg, s->q->near_lon_deg, p->lat_deg,
                                        p->lon_deg);
        c->weight = 0.30 + 0.25 * pr + 0.45 * exp(-c->near_km / 40.0);
    } else {
        c->near_km = -1;
        c->weight = 0.55 + 0.45 * pr;
    }
    c->outside = s->q->admin1 && *s->q->admin1 && !in_admin1(s->g, p, s->q->admin1);
    c->score = c->match * c->weight;
    if (c->outside)
        c->score *= 0.85;
}

/* The candidate of place, or NULL. */
static cand *
candidate_of(search *s, uint32_t place)
{
    for (int k = 0; k < s->n; k++)
        if (s->c[k].place == place)
            return &s->c[k];
    return NULL;
}

/* True if c, offered in this pass as name i, replaces the place's
 * candidate was: a better score, or the same from a name before it in the
 * key's list (offer_key offers the names spelled as the query first, and
 * the first of equals in the list wins, as in a single pass). */
static bool
replaces(const search *s, const cand *was, double score, uint32_t i)
{
    return score > was->score || (score == was->score && was->pass == s->pass && i > was->name);
}

/* True for a facility the query names without a generic word: its match
 * is discounted (0.92). */
static bool
facility_discount(search *s, uint32_t place)
{
    /* "Tabqa" is the city; "Tabqa airbase" the base named after it. */
    if (!s->g->places[place].facility)
        return false;
    if (s->query_generic < 0)
        s->query_generic = sm_gaz__has_generic(s->query);
    return !s->query_generic;
}

/* True if name nm is written as the query is (the same plain form). */
static bool
spelled_as_query(const search *s, const gaz_name *nm)
{
    return nm->variant != GAZ_READING && nm->plain_hash == s->query_plain_hash &&
           nm->plain[0] && strcmp(nm->plain, s->query_plain) == 0;
}

/* Add (or improve) the candidate for the place of name i, found by its key
 * (edits 0: spelled as the query when spelled_as_query says so) or within
 * edits of it. */
static bool
offer(search *s, uint32_t i, int edits, bool spelled)
{
    const gaz_name *nm = &s->g->names[i];
    cand *had;
    cand c = { .place = nm->place, .name = i, .edits = edits,
               .variant = s->variant || nm->variant == GAZ_VARIANT,
               .reading = nm->variant == GAZ_READING, .near_km = -1 };

    if (c.reading) {
        c.match = READING_MATCH;
    } else if (edits > 0 && s->last_resort) {
        /* a guess among villages: the written forms must agree too
           ("Ghadfa" ~ "Ghadqa"; "Xyzzy" is no "Qseibeh") */
        int d = surface_edits(s, nm->surface, nm->surface_len, LAST_RESORT_EDITS);
        if (d > LAST_RESORT_EDITS)
            return true;
        c.match = 0.86 - 0.02 * d;
    } else if (edits > 0) {
        c.match = edits == 1 ? 0.86 : 0.74;
    } else if (spelled) {
        c.match = 1.0;
    } else {
        /* Same skeleton: the closer the written forms, the better
         * ("Mazzeh" is nearer "al-Mazzeh" than "Madhaya" is). */
        cand *was = candidate_of(s, c.place);
        int d;
        if (nm->kind == SM_NAME_ALT && !at_home(s, nm->place))
            return true;            /* as below: a foreign alternate must match */
        if (was) {
            /* no need of the written forms' distance when even none would
               not replace the place's candidate */
            double best = (nm->kind == SM_NAME_ARABIC ? 0.97 : 0.94) - 0.02 * 0;
            if (nm->kind == SM_NAME_ALT)
                best *= 0.97;
            if (c.variant)
                best *= 0.95;
            if (facility_discount(s, c.place))
                best *= 0.92;
            best *= was->weight;
            if (was->outside)
                best *= 0.85;
            if (!replaces(s, was, best, i)) {
                was->own |= nm->kind != SM_NAME_ALT;
                return true;
            }
        }
        d = surface_edits(s, nm->surface, nm->surface_len, 4);
        if (d > 4)
            d = 4;
        c.match = (nm->kind == SM_NAME_ARABIC ? 0.97 : 0.94) - 0.02 * d;
    }
    if (nm->kind == SM_NAME_ALT) {
        /* The skeleton is for Arabic names transliterated in the mapped
         * country; a foreign place's alternates must match as spelled. */
        if (edits == 0 && c.match < 1.0 && !at_home(s, nm->place))
            return true;
        c.match *= 0.97;            /* GeoNames alternates hold old and foreign forms */
    }
    if (c.variant)
        c.match *= 0.95;
    if (facility_discount(s, c.place))
        c.match *= 0.92;
    c.own = edits == 0 && !c.reading && nm->kind != SM_NAME_ALT;
    c.pass = s->pass;
    if ((had = candidate_of(s, c.place)) != NULL) {
        /* another name of a place offered before: its distance, weight and
           governorate are the place's, as score() found them */
        c.near_km = had->near_km;
        c.weight = had->weight;
        c.outside = had->outside;
        c.score = c.match * c.weight;
        if (c.outside)
            c.score *= 0.85;
        c.own |= had->own;
        if (replaces(s, had, c.score, i))
            *had = c;
        had->own = c.own;
        return true;
    }
    score(s, &c);
    if (s->n == s->cap) {
        int cap = s->cap * 2;
        cand *more = s->c == s->local ? malloc((size_t)cap * sizeof(cand))
                                      : realloc(s->c, (size_t)cap * sizeof(cand));
        if (more == NULL)
            return false;
        if (s->c == s->local)
            memcpy(more, s->local, sizeof(s->local));
        s->c = more;
        s->cap = cap;
    }
    s->c[s->n++] = c;
    s->any_home |= at_home(s, c.place) || s->g->places[c.place].p.curated;
    return true;
}

/* Misspellings are matched only against names of places in the mapped
 * country (GeoNames' alternates of foreign places are too many and too odd),
 * and against a GeoNames alternate, which is less sure, only for a key long
 * enough (7 symbols) that one edit is little. */
static bool
fuzzy_may_match(const search *s, const gaz_name *nm, size_t key_len)
{
    const sm_place *p = &s->g->places[nm->place].p;

    /* a village only OCHA's communities have is found by its spellings, not
       as a misspelling (a name the gazetteer lacks is likelier than it), but
       as the last resort, a guess */
    return at_home(s, nm->place) && (nm->kind != SM_NAME_ALT || key_len >= 7) &&
           (!sm_gaz_community_only(p) || s->last_resort) &&
           (!s->major_only || (nm->kind != SM_NAME_ALT && s->g->places[nm->place].prior >= (float)MAJOR));
}

/* The query read against the places' Arabic names: a transliteration no
 * list holds ("Deir Sharqi") of a place whose Arabic name it reads
 * (دير شرقي, "Eastern Deir" in OCHA's English). */
static bool
reading(search *s, const char *key, size_t len)
{
    char latin[SM_GAZ_KEY_MAX], rk[SM_GAZ_KEY_MAX];
    size_t n;
    int64_t k;

    if (!sm_gaz__latin_reading(key, len, latin, sizeof(latin)) ||
        !(n = sm_gaz__reading_key(latin, rk, sizeof(rk))) ||
        (k = sm_gaz__key_find(s->g, rk, n)) < 0)
        return true;
    s->pass++;
    for (uint32_t i = s->g->keys[k].first; i != NO_NEXT; i = s->g->names[i].next) {
        const gaz_name *nm = &s->g->names[i];
        if (at_home(s, nm->place) &&
            sm_gaz__reading_fits(nm->surface, latin) && !offer(s, i, 0, false))
            return false;
    }
    return true;
}

static bool
offer_key(search *s, int64_t k, int edits)
{
    const gaz_name *names = s->g->names;

    s->pass++;
    if (edits > 0) {
        for (uint32_t i = s->g->keys[k].first; i != NO_NEXT; i = names[i].next)
            if (fuzzy_may_match(s, &names[i], s->g->keys[k].len) && !offer(s, i, edits, false))
                return false;
        return true;
    }
    /* the names spelled as the query first: the others then seldom need
       their distance to it */
    for (uint32_t i = s->g->keys[k].first; i != NO_NEXT; i = names[i].next)
        if (spelled_as_query(s, &names[i]) && !offer(s, i, 0, true))
            return false;
    for (uint32_t i = s->g->keys[k].first; i != NO_NEXT; i = names[i].next)
        if (!spelled_as_query(s, &names[i]) && !offer(s, i, 0, false))
            return false;
    return true;
}

/* True if a candidate lies in the mapped country, or is a place abroad
 * that curators entered (a country, a capital: "Turkey" is the country, not
 * a misspelt Tabqa). */
static bool
any_at_home(const search *s)
{
    return s->any_home;
}

/* True without a context point, or when a candidate lies near it: else a
 * spelling read from an Arabic name may find the namesake there. */
static bool
any_near(const search *s)
{
    if (!s->q->has_near)
        return true;
    for (int i = 0; i < s->n; i++)
        if (s->c[i].near_km <= CONTEXT_KM && at_home(s, s->c[i].place))
            return true;
    return false;
}

/* Keys within a few edits of key. */
static bool
fuzzy(search *s, const char *key, size_t len)
{
    const sm_gaz *g = s->g;
    int maxd = len < 4 ? 0 : len < 8 || s->major_only || s->last_resort ? 1 : 2;
    gaz_near_key *near;
    size_t n;
    bool ok = true;

    if (maxd == 0 || len > SM_GAZ_FUZZY_MAX_LEN)
        return true;
    if (!sm_gaz__near_keys(g, key, len, maxd, &near, &n))
        return false;
    for (size_t i = 0; i < n && ok; i++) {
        /* one edit in a short key is weak evidence unless the start agrees */
        if (len < 6 && g->keys[near[i].key].text[0] != key[0])
            continue;
        ok = offer_key(s, near[i].key, near[i].edits);
    }
    free(near);
    return ok;
}

/* The consonants of a Latin key, and whether it begins with a vowel; false
 * for an Arabic key or one of fewer than three consonants. */
static bool
consonants(const gaz_key *k, char *out, size_t cap, bool *vowel_first)
{
    char reading[SM_GAZ_KEY_MAX];

    if (!sm_gaz__latin_reading(k->text, k->len, reading, sizeof(reading)) ||
        !sm_gaz__reading_key(reading, out, cap))
        return false;
    *vowel_first = reading[0] == 'V';
    return true;
}

/* True if alternate alt is a spelling of one of the place's own names (the
 * same consonants in order, both beginning with a vowel or neither: "kfr
 * zytt" of Kafr Zaytā), not another name of it (Aleppo's "Berea", Daraa's
 * "Adraa"). */
static bool
spelling_of_own_name(const sm_gaz *g, uint32_t alt)
{
    char a[SM_GAZ_KEY_MAX], b[SM_GAZ_KEY_MAX];
    bool av, bv;

    if (!consonants(&g->keys[g->names[alt].key], a, sizeof(a), &av))
        return false;
    for (uint32_t i = g->places[g->names[alt].place].first_name; i != NO_NEXT;
         i = g->name_next[i]) {
        const gaz_name *nm = &g->names[i];
        if ((nm->kind == SM_NAME_MAIN || nm->kind == SM_NAME_ALIAS) && !nm->variant &&
            consonants(&g->keys[nm->key], b, sizeof(b), &bv) && av == bv && !strcmp(a, b))
            return true;
    }
    return false;
}

/* A place found only by another of its names in GeoNames' alternates (an
 * ancient name, another language's: Aleppo's "Berea") ranks below one
 * whose own name or a curated spelling matches ("Al-Bara"). */
static void
secondary_below_primary(search *s)
{
    bool primary = false;

    for (int i = 0; i < s->n && !primary; i++)
        primary = s->c[i].own;
    for (int i = 0; primary && i < s->n; i++)
        if (!s->c[i].own && s->g->names[s->c[i].name].kind == SM_NAME_ALT &&
            !spelling_of_own_name(s->g, s->c[i].name))
            s->c[i].score *= SECONDARY;
}

/* Best first: by score, then by place. */
static bool
before(const cand *x, const cand *y)
{
    if (x->score != y->score)
        return x->score > y->score;
    return x->place < y->place;
}

/* The first max candidates in order, best first: by selection when fewer
 * are asked for than there are, else by insertion (a few candidates, most
 * often one). */
static void
sort_candidates(cand *c, int n, int max)
{
    if (max < n) {
        for (int i = 0; i < max; i++) {
            int b = i;
            for (int j = i + 1; j < n; j++)
                if (before(&c[j], &c[b]))
                    b = j;
            if (b != i) {
                cand t = c[i];
                c[i] = c[b];
                c[b] = t;
            }
        }
        return;
    }
    for (int i = 1; i < n; i++) {
        cand t = c[i];
        int j = i;
        while (j > 0 && before(&t, &c[j - 1])) {
            c[j] = c[j - 1];
            j--;
        }
        c[j] = t;
    }
}

/* What bytes make of a query: not blank, control, not ASCII. */
enum { NOT_BLANK = 1, CONTROL = 2, HIGH = 4 };

static unsigned
byte_class(unsigned char c)
{
    if (c - 0x21u < 0x5eu)
        return NOT_BLANK;                 /* printable ASCII, most of them */
    return (c == ' ' || c == '\t' || c == '\r' || c == '\n' ? 0u : NOT_BLANK) |
           (c < 0x20 || c == 0x7f ? CONTROL : 0u) | (c >= 0x80 ? HIGH : 0u);
}

/* The query checked in one pass; *high when it has bytes beyond ASCII. */
static sm_status
check_query(const char *name, bool *high, sm_error *err)
{
    const unsigned char *s = (const unsigned char *)name;
    unsigned seen = 0;
    size_t n = 0;

    if (name == NULL)
        return sm_fail(err, SM_EINPUT, "empty name");
    for (; s[n]; n++)
        seen |= byte_class(s[n]);
    *high = seen & HIGH;
    if (!(seen & NOT_BLANK))
        return sm_fail(err, SM_EINPUT, "empty name");
    if (n > SM_GAZ_NAME_MAX)
        return sm_fail(err, SM_EINPUT, "name too long (%zu bytes; at most %d)", n,
                       SM_GAZ_NAME_MAX);
    if ((seen & HIGH) && !sm_utf8_is_valid(name, n, NULL))
        return sm_fail(err, SM_EINPUT, "name is not valid UTF-8");
    if (seen & CONTROL)
        return sm_fail(err, SM_EINPUT, "name holds control characters");
    return SM_OK;
}

sm_status
sm_gaz_lookup(const sm_gaz *g, const char *name, const sm_gaz_query *q, sm_candidate *out,
              int max, int *n, const char **why_none, sm_error *err)
{
    static const sm_gaz_query defaults = SM_GAZ_QUERY_INIT;
    /* the plain form behind the marker of a not-a-place key, which it is
       looked up as too */
    char nk[SM_GAZ_NAME_MAX + 1], *plain = nk + 1;
    char key[SM_GAZ_KEY_MAX], surface[SM_GAZ_NAME_MAX];
    char variants[SM_GAZ_VARIANTS][SM_GAZ_KEY_MAX], compat[SM_GAZ_NAME_MAX];
    search s;
    size_t len, plen;
    int64_t k, np;
    int nv, before_reading;
    bool high = false;
    sm_status st;

    search_init(&s, g, q ? q : &defaults, name);
    s.query_plain = plain;
    s.query_surface = surface;
    *n = 0;
    if (why_none)
        *why_none = "no match";
    if ((st = check_query(name, &high, err)) != SM_OK)
        return st;
    if (high)
        s.query = name = sm_gaz__compatible(name, compat, sizeof(compat));
    if (!g->finished)
        return sm_fail(err, SM_EUSAGE, "the gazetteer is not finished");
    plen = sm_gaz__plain(name, plain, SM_GAZ_NAME_MAX);
    s.query_plain_hash = sm_gaz__hash(plain, plen);
    s.query_surface_len = sm_gaz__surface_of_plain(plain, surface, sizeof(surface));
    /* the key from the plain form when that is whole (a form of a name no
       longer than it) */
    len = strlen(name) < SM_GAZ_NAME_MAX - 8 ? sm_gaz__fold_plain(plain, plen, key, sizeof(key))
                                             : sm_gaz_fold(name, key, sizeof(key));
    if (len == 0) {
        if (why_none)
            *why_none = "nothing in it that can be a place name";
        return SM_OK;
    }
    nk[0] = '\x01';                      /* as sm_gaz__not_place_key makes it */
    np = plen ? sm_gaz__key_find(g, nk, plen + 1) : -1;
    if (np >= 0 && g->keys[np].not_place) {
        if (why_none)
            *why_none = g->keys[np].not_place;
        return SM_OK;
    }
    k = sm_gaz__key_find(g, key, len);
    if (k >= 0 && !offer_key(&s, k, 0))
        goto nomem;
    /* Then the other readings of the query (dh as d, without generic
     * words); then misspellings. Each step runs only while nothing has
     * matched in the mapped country ("Dhumair" is Dumayr, not Zemer in
     * Israel). */
    nv = any_at_home(&s) ? 0 : sm_gaz__variant_keys(name, key, variants);
    s.variant = true;
    for (int v = 0; v < nv && !any_at_home(&s); v++) {
        int64_t vk = sm_gaz__key_find(g, variants[v], strlen(variants[v]));
        if (vk >= 0 && !offer_key(&s, vk, 0))
            goto nomem;
    }
    s.variant = false;
    before_reading = s.n;
    if ((!any_at_home(&s) || !any_near(&s)) && !reading(&s, key, len))
        goto nomem;
    /* beside a reading, a misspelling of a major place by one letter
       ("Damacus"), not a lesser likeness ("Deir Sharqi" is not Kuwayris
       Sharqi) */
    s.major_only = s.n > before_reading && any_at_home(&s);
    if ((!any_at_home(&s) || s.major_only) && s.q->fuzzy && !fuzzy(&s, key, len))
        goto nomem;
    s.major_only = false;
    s.variant = true;
    for (int v = 0; v < nv && !any_at_home(&s) && s.q->fuzzy; v++)
        if (!fuzzy(&s, variants[v], strlen(variants[v])))
            goto nomem;
    /* nothing at all: a village of OCHA's list one letter away (الغدقة for
       الغدفة), as a guess, uncertain */
    s.variant = false;
    s.last_resort = s.n == 0;
    if (s.last_resort && s.q->fuzzy && !fuzzy(&s, key, len))
        goto nomem;
    secondary_below_primary(&s);
    sort_candidates(s.c, s.n, max);
    for (int i = 0; i < s.n && i < max; i++) {
        const cand *c = &s.c[i];
        out[i].place = &g->places[c->place].p;
        out[i].score = c->score;
        out[i].matched = g->names[c->name].text;
        out[i].edits = c->edits;
        out[i].near_km = c->near_km;
        out[i].uncertain = (c->edits > 0 || c->reading) &&
                           !(c->near_km >= 0 && c->near_km <= CONTEXT_KM) &&
                           !(s.q->admin1 && *s.q->admin1 &&
                             in_admin1(g, out[i].place, s.q->admin1));
        if (s.q->reasons) {
            gaz_match m = { c->name, c->edits, c->reading, c->match >= 1.0, c->variant,
                            out[i].uncertain, c->near_km };
            sm_gaz__reason(g, &m, key, out[i].why, sizeof(out[i].why));
        } else {
            out[i].why[0] = '\0';
        }
        (*n)++;
    }
    if (s.c != s.local)
        free(s.c);
    return SM_OK;
nomem:
    if (s.c != s.local)
        free(s.c);
    return sm_fail(err, SM_ENOMEM, "out of memory");
}

/* The places of key k's names into out (at most max), counted in *n. */
static void
places_of_key(const sm_gaz *g, int64_t k, int *out, int max, int *n)
{
    if (k < 0)
        return;
    for (uint32_t i = g->keys[k].first; i != NO_NEXT; i = g->names[i].next) {
        if (*n < max)
            out[*n] = (int)g->names[i].place;
        (*n)++;
    }
}

/* The keys sm_gaz_lookup offers the names of when fuzzy is off, found as
 * it finds them: the key (from the plain form), its variants, its reading. */
int
sm_gaz_places_offered(const sm_gaz *g, const char *name, int *out, int max)
{
    char nk[SM_GAZ_NAME_MAX + 1], *plain = nk + 1;
    char key[SM_GAZ_KEY_MAX], compat[SM_GAZ_NAME_MAX];
    char variants[SM_GAZ_VARIANTS][SM_GAZ_KEY_MAX];
    char latin[SM_GAZ_KEY_MAX], rk[SM_GAZ_KEY_MAX];
    size_t len, plen, rn;
    int nv, n = 0;
    bool high = false;
    sm_error err = { 0 };

    if (check_query(name, &high, &err) != SM_OK || !g->finished)
        return 0;
    if (high)
        name = sm_gaz__compatible(name, compat, sizeof(compat));
    plen = sm_gaz__plain(name, plain, SM_GAZ_NAME_MAX);
    len = strlen(name) < SM_GAZ_NAME_MAX - 8 ? sm_gaz__fold_plain(plain, plen, key, sizeof(key))
                                             : sm_gaz_fold(name, key, sizeof(key));
    if (len == 0)
        return 0;
    places_of_key(g, sm_gaz__key_find(g, key, len), out, max, &n);
    nv = sm_gaz__variant_keys(name, key, variants);
    for (int v = 0; v < nv; v++)
        places_of_key(g, sm_gaz__key_find(g, variants[v], strlen(variants[v])), out, max, &n);
    if (sm_gaz__latin_reading(key, len, latin, sizeof(latin)) &&
        (rn = sm_gaz__reading_key(latin, rk, sizeof(rk))) != 0)
        places_of_key(g, sm_gaz__key_find(g, rk, rn), out, max, &n);
    return n;
}

int
sm_gaz_nearest(const sm_gaz *g, double lat, double lon, int k, int *out, double *dist_km)
{
    int n = 0;

    for (uint32_t i = 0; i < g->nplaces; i++) {
        const sm_place *p = &g->places[i].p;
        double d;
        int j;

        if (p->kind && (!strcmp(p->kind, "region") || !strcmp(p->kind, "highway") ||
                        !strcmp(p->kind, "road")))
            continue;                     /* not a point one is "at" */
        d = sm_gaz_distance_km(lat, lon, p->lat_deg, p->lon_deg);
        if (n == k && (k == 0 || d >= dist_km[k - 1]))
            continue;
        j = n < k ? n++ : k - 1;
        while (j > 0 && dist_km[j - 1] > d) {
            out[j] = out[j - 1];
            dist_km[j] = dist_km[j - 1];
            j--;
        }
        out[j] = (int)i;
        dist_km[j] = d;
    }
    return n;
}

sm_status
sm_gaz_query_near(const sm_gaz *gaz, const char *text, sm_gaz_query *q, sm_error *err)
{
    const char *comma = strchr(text, ',');
    sm_candidate c;
    sm_status st;
    int n = 0;

    if (comma) {
        char lat[64];
        double la, lo;
        snprintf(lat, sizeof(lat), "%.*s", (int)(comma - text), text);
        if (sm_text_to_double(lat, &la) && sm_text_to_double(comma + 1, &lo) && la >= -90 &&
            la <= 90 && lo >= -180 && lo <= 180) {
            q->has_near = true;
            q->near_lat_deg = la;
            q->near_lon_deg = lo;
            return SM_OK;
        }
    }
    if ((st = sm_gaz_lookup(gaz, text, NULL, &c, 1, &n, NULL, err)) != SM_OK)
        return st;
    if (n == 0)
        return sm_fail(err, SM_ENOTFOUND, "no such place");
    q->has_near = true;
    q->near_lat_deg = c.place->lat_deg;
    q->near_lon_deg = c.place->lon_deg;
    return SM_OK;
}
