/* SPDX-License-Identifier: MIT */
/*
 * places.c - each mention's place, chosen by the gazetteer's own ranking
 * (sm_gaz_lookup, exact keys only) with the context the article gives:
 *   - a relative phrase: "X, northwest of Y", "X near Y" looks X up near Y
 *     (Y is then an anchor, named to say where X is);
 *   - a governorate: "in Idlib Province" prefers the sentence's other places
 *     in that governorate;
 *   - the article's frame: a name several places share goes to the one
 *     nearest the places the article names without doubt, or the part of
 *     the country it names ("in northern Syria");
 *   - one name, one place: every mention of a name in an article is the
 *     place its best-placed mention gave.
 * A place of another country, or a country, is reported as such and not
 * put on the map.
 */
#include "extract/extract_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "core/text.h"

#define MAX_CANDIDATES 8
#define ANCHOR_MAX_KM 120.0     /* "X, north of Y": X within this of Y */
#define COMMUNITY_MAX_KM 40.0   /* a village of OCHA's list: within this of
                                   another place of the article */
#define LIST_MIN 3              /* places in a list that make it an area */
#define LIST_KM 30.0            /* a list's place: within this of the others' centre */

typedef struct resolved {
    int place;                  /* gazetteer index, -1: none */
    double score;
    int context;                /* 0 none, 1 frame, 2 governorate, 3 anchor */
    bool weak;                  /* a village only OCHA's list has, or a guess
                                   (sm_candidate.uncertain) */
    char why[320];
} resolved;

/* The text a mention is looked up by: its words ("Ain" before them, and
 * not the feature word after, when it was read with one: "al-Fija springs"
 * is looked up as "Ain al-Fija"). */
static void
query_text(const char *text, const tokens *tk, const sm_mention *m, char *q, size_t cap)
{
    size_t n = m->end - m->start;

    if (m->feature) {
        snprintf(q, cap, "%s %.*s", m->feature,
                 (int)(tk->t[m->word + m->nwords - 2].end - m->start), text + m->start);
    } else {                            /* snprintf's "%.*s", without its cost */
        n = n < cap ? n : cap - 1;
        memcpy(q, text + m->start, n);
        q[n] = '\0';
    }
}

/* The candidates for mention m, at most max (MAX_CANDIDATES, or 1 where
 * only the best is read: the gazetteer's order is total, by score then
 * place, so the best is the same, and the others' reasons are not
 * written). */
static int
lookup_max(const sm_extractor *x, lookup_memo *memo, const char *text, const tokens *tk,
           const sm_mention *m, const sm_gaz_query *q, sm_candidate *buf, int max,
           const sm_candidate **c)
{
    char name[SM_GAZ_NAME_MAX];
    int n;

    query_text(text, tk, m, name, sizeof(name));
    n = sm_memo_lookup(memo, x->gaz, name, q, buf, max, c);
    /* an Arabic particle attached ("بدوما"): the name without it */
    if (n == 0 && (tk->t[m->word].flags & T_ARABIC) && strlen(name) > 4)
        n = sm_memo_lookup(memo, x->gaz, name + 2, q, buf, max, c);
    return n;
}

static int
lookup(const sm_extractor *x, lookup_memo *memo, const char *text, const tokens *tk,
       const sm_mention *m, const sm_gaz_query *q, sm_candidate *buf, const sm_candidate **c)
{
    return lookup_max(x, memo, text, tk, m, q, buf, MAX_CANDIDATES, c);
}

static int
index_of(const sm_extractor *x, const sm_place *p)
{
    return sm_gaz_find_id(x->gaz, p->id);
}

/* "X, northwest of Y", "X near Y", "X outside Y": Y's mention, or -1. */
static int
anchor_of(const char *text, const tokens *tk, const sm_extraction *out, const sm_mention *m,
          char *how, size_t cap)
{
    size_t j = (size_t)(m->word + m->nwords);
    const sentence *s = &tk->s[m->sentence];
    size_t end = s->first + s->n;

    /* "X military base near Y": feature words between */
    while (j < end && j < (size_t)(m->word + m->nwords) + 3 && tk->t[j].lex &&
           (tk->t[j].lex->roles & W_SUFFIX) && !(tk->t[j].lex->roles & W_LOCATIVE))
        j++;
    if (j + 2 < end && tk->t[j].lex && (tk->t[j].lex->roles & W_DIRECTION) &&
        sm_tok_is(text, &tk->t[j + 1], "of")) {
        int y = sm_mention_at(out, (int)j + 2);
        if (y >= 0) {
            snprintf(how, cap, "%.*s of", (int)(tk->t[j].end - tk->t[j].start),
                     text + tk->t[j].start);
            return y;
        }
    }
    if (j + 1 < end && (sm_tok_is(text, &tk->t[j], "near") ||
                        sm_tok_is(text, &tk->t[j], "outside"))) {
        int y = sm_mention_at(out, (int)j + 1);
        if (y >= 0) {
            snprintf(how, cap, "%.*s", (int)(tk->t[j].end - tk->t[j].start),
                     text + tk->t[j].start);
            return y;
        }
    }
    return -1;
}

/* The reasons of a part, each kept once: news gives the same name the same
 * reason again and again (some 500 reasons for the 40,000 names of a
 * megabyte of dense news), and one copy is less memory, and a reason a
 * writer can know by its address. Open addressing, by sm_hash_fast. */
typedef struct why_set {
    struct why_slot { uint64_t hash; const char *s; } *slot;
    size_t nslots, used;
} why_set;

/* The kept copy of why (in out->strings), or NULL when memory runs out. */
static const char *
why_kept(why_set *w, sm_extraction *out, const char *why)
{
    size_t len = strlen(why), h;
    uint64_t hash = sm_hash_fast(why, len);

    if (2 * (w->used + 1) > w->nslots) {
        size_t nslots = w->nslots ? 2 * w->nslots : 256;
        struct why_slot *slot = calloc(nslots, sizeof(*slot));
        if (slot == NULL)
            return sm_arena_strndup(&out->strings, why, len);
        for (size_t i = 0; i < w->nslots; i++) {
            if (w->slot[i].s == NULL)
                continue;
            for (h = w->slot[i].hash & (nslots - 1); slot[h].s; h = (h + 1) & (nslots - 1))
                ;
            slot[h] = w->slot[i];
        }
        free(w->slot);
        w->slot = slot;
        w->nslots = nslots;
    }
    for (h = hash & (w->nslots - 1); w->slot[h].s; h = (h + 1) & (w->nslots - 1))
        if (w->slot[h].hash == hash && strcmp(w->slot[h].s, why) == 0)
            return w->slot[h].s;
    if ((w->slot[h].s = sm_arena_strndup(&out->strings, why, len)) == NULL)
        return NULL;
    w->slot[h].hash = hash;
    w->used++;
    return w->slot[h].s;
}

static void
apply(const sm_extractor *x, sm_extraction *out, why_set *whys, sm_mention *m,
      const resolved *r)
{
    const sm_place *p = sm_gaz_place(x->gaz, r->place);

    m->place = r->place;
    m->name = p->name;
    m->country = p->country;
    m->lat_deg = p->lat_deg;
    m->lon_deg = p->lon_deg;
    m->score = r->score;
    m->why = why_kept(whys, out, r->why);
    if (m->why == NULL)
        m->why = "";
    if (p->feature_code && strcmp(p->feature_code, "PCLI") == 0)
        m->kind = SM_MENTION_COUNTRY;
    else if (!sm_extractor_at_home(x, p))
        m->kind = SM_MENTION_ABROAD;
    else
        m->kind = SM_MENTION_PLACE;
}

/* A place a common word may name: a city, a governorate's seat, at home.
 * (Countries and cities abroad that curators entered are named so too:
 * "Turkey".) */
static bool
major(const sm_extractor *x, const sm_place *p)
{
    const char *f = p->feature_code ? p->feature_code : "";

    return sm_extractor_at_home(x, p) && (p->population >= 20000 || strcmp(f, "PPLC") == 0 ||
                          strcmp(f, "PPLA") == 0 || strcmp(f, "PPLA2") == 0);
}

/* Words that are all common English words ("Quite", "Says No"). */
static bool
common_words(const sm_extractor *x, const char *text, const tokens *tk, const sm_mention *m)
{
    for (int j = m->word; j < m->word + m->nwords; j++) {
        const tok *t = &tk->t[j];
        if (t->keylen == 0)
            continue;
        if (!(t->lex && (t->lex->roles & W_STOP)) &&
            !sm_lexicon_is_english(x->lex, text + t->start, t->end - t->start))
            return false;
    }
    return true;
}

/* "Idlib Province": the governorate's seat, which stands for it (ACLED's
 * convention for events placed only in a governorate). */
static int
governorate_seat(const sm_extractor *x, lookup_memo *memo, const char *text, const tokens *tk,
                 sm_mention *m, sm_candidate *buf, const sm_candidate **c)
{
    const tok *last = &tk->t[m->word + m->nwords - 1];
    char name[SM_GAZ_NAME_MAX];
    sm_gaz_query q = sm_extractor_query(x);
    int n;

    if (m->nwords < 2 || m->feature ||
        !(sm_tok_is(text, last, "province") || sm_tok_is(text, last, "governorate") ||
          sm_tok_is(text, last, "governate")))
        return -1;
    q.fuzzy = false;
    snprintf(name, sizeof(name), "%.*s", (int)(tk->t[m->word + m->nwords - 2].end - m->start),
             text + m->start);
    n = sm_memo_lookup(memo, x->gaz, name, &q, buf, MAX_CANDIDATES, c);
    for (int i = 0; i < n; i++)
        if (sm_extractor_at_home(x, (*c)[i].place) && (*c)[i].place->feature_code &&
            (strcmp((*c)[i].place->feature_code, "PPLA") == 0 ||
             strcmp((*c)[i].place->feature_code, "PPLC") == 0)) {
            m->region = true;
            return i;
        }
    return -1;
}

/* "northern Syria": a point in that part of the mapped country (from the
 * extent of its places), which frames the article's other places. */
static bool
frame_of_country(const sm_extractor *x, const tokens *tk, const sm_mention *m,
                 const sm_place *p, double *at)
{
    const tok *d;
    double deg;

    if (!p->feature_code || strcmp(p->feature_code, "PCLI") != 0 || !p->country ||
        !x->country[0] || strcmp(p->country, x->country) != 0 || m->word == 0 ||
        x->north < x->south)
        return false;
    d = &tk->t[m->word - 1];
    if (!d->lex || !(d->lex->roles & W_DIRECTION) || d->sentence != m->sentence)
        return false;
    deg = d->lex->value * M_PI / 180;
    at[0] = (x->north + x->south) / 2 + cos(deg) * 0.3 * (x->north - x->south);
    at[1] = (x->east + x->west) / 2 + sin(deg) * 0.3 * (x->east - x->west);
    return true;
}

/* The governorate named in mention i's sentence ("in Idlib Province"), as
 * an admin1 code, or NULL. */
static const char *
sentence_governorate(const sm_extractor *x, const sm_extraction *out, const resolved *r,
                     size_t i)
{
    int si = out->mentions[i].sentence;

    for (size_t j = i; j-- > 0 && out->mentions[j].sentence == si;)
        if (out->mentions[j].region && r[j].place >= 0)
            return sm_gaz_place(x->gaz, r[j].place)->admin1;
    for (size_t j = i + 1; j < out->nmentions && out->mentions[j].sentence == si; j++)
        if (out->mentions[j].region && r[j].place >= 0)
            return sm_gaz_place(x->gaz, r[j].place)->admin1;
    return NULL;
}

static bool
confident(const sm_candidate *c, int n)
{
    return n >= 1 && (n == 1 || c[0].score - c[1].score >= 0.08);
}

/* The distance from place p (gazetteer index i) to the nearest sure place:
 * the nearest on the plane (one cosine for all), then its distance on the
 * sphere; 1e9 when there is none. The sure places are known before any
 * is asked for, and the names placed in the frame are the same few again
 * and again: each place's is found once a part, kept in km_of[i] (0:
 * not yet, else the distance plus one). */
static double
frame_km(const near_set *sure, const sm_place *p, int i, double *km_of)
{
    double km = 1e9;
    int near;

    if (km_of && i >= 0 && km_of[i] > 0)
        return km_of[i] - 1;
    near = sm_near_nearest(sure, p->lat_deg, p->lon_deg, cos(p->lat_deg * M_PI / 180));
    if (near >= 0)
        km = sm_gaz_distance_km(p->lat_deg, p->lon_deg, sure->pt[2 * near],
                                sure->pt[2 * near + 1]);
    if (km_of && i >= 0)
        km_of[i] = km + 1;
    return km;
}

/* The index of the best of c for the frame: nearest a sure place, by
 * score times nearness. */
static int
by_frame(const sm_extractor *x, const sm_candidate *c, int n, const near_set *sure,
         double *km_of, double *best_km)
{
    int best = 0;
    double best_v = -1;

    for (int i = 0; i < n; i++) {
        const sm_place *p = c[i].place;
        double km, v;
        if (!sm_extractor_at_home(x, p))
            continue;
        km = frame_km(sure, p, index_of(x, p), km_of);
        v = c[i].score * (0.55 + 0.45 * exp(-km / 150.0));
        if (v > best_v) {
            best_v = v;
            best = i;
            *best_km = km;
        }
    }
    return best;
}

static bool
same_text(const char *text, const sm_mention *a, const sm_mention *b)
{
    return a->end - a->start == b->end - b->start &&
           memcmp(text + a->start, text + b->start, a->end - a->start) == 0;
}

/* Do mentions a and b (a first, one sentence) stand in one list: a comma,
 * "and" or "or" and nothing else between them? */
static bool
listed_together(const char *text, const tokens *tk, const sm_mention *a, const sm_mention *b)
{
    int from = a->word + a->nwords, to = b->word;

    if (a->sentence != b->sentence || to - from > 1 || to < from)
        return false;
    if (to - from == 1)
        return sm_tok_is(text, &tk->t[from], "and") || sm_tok_is(text, &tk->t[from], "or");
    return memchr(text + a->end, ',', b->start - a->end) != NULL;
}

static int
by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* v[0..n) in increasing order: a list has a few places, sorted by
 * insertion; a long one by qsort. */
static void
sort_values(double *v, int n)
{
    if (n > 16) {
        qsort(v, (size_t)n, sizeof(double), by_value);
        return;
    }
    for (int i = 1; i < n; i++) {
        double x = v[i];
        int j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* The places a name may be given without misspellings, whatever the
 * context (sm_gaz_places_offered), asked once a part for each name. */
#define OFFERED_MAX 512

typedef struct offered_set {
    struct offered_slot {
        uint64_t hash;          /* 0: empty */
        const char *name;
        const int *places;      /* NULL: more than OFFERED_MAX (unknown) */
        int n;
    } *slot;
    size_t nslots, used;
    sm_arena store;
} offered_set;

/* The places for name, in *places; how many, or -1 when that is not known
 * (too many, or memory ran out). */
static int
offered(const sm_extractor *x, offered_set *o, const char *name, const int **places)
{
    size_t len = strlen(name), h;
    uint64_t hash = sm_hash_fast(name, len);
    int buf[OFFERED_MAX], n;
    int *kept;

    *places = NULL;
    if (2 * (o->used + 1) > o->nslots) {
        size_t nslots = o->nslots ? 2 * o->nslots : 64;
        struct offered_slot *slot = calloc(nslots, sizeof(*slot));
        if (slot == NULL)
            return -1;
        for (size_t i = 0; i < o->nslots; i++) {
            if (o->slot[i].hash == 0)
                continue;
            for (h = o->slot[i].hash & (nslots - 1); slot[h].hash; h = (h + 1) & (nslots - 1))
                ;
            slot[h] = o->slot[i];
        }
        free(o->slot);
        o->slot = slot;
        o->nslots = nslots;
    }
    for (h = hash & (o->nslots - 1); o->slot[h].hash; h = (h + 1) & (o->nslots - 1))
        if (o->slot[h].hash == hash && strcmp(o->slot[h].name, name) == 0) {
            *places = o->slot[h].places;
            return o->slot[h].places ? o->slot[h].n : -1;
        }
    n = sm_gaz_places_offered(x->gaz, name, buf, OFFERED_MAX);
    kept = n <= OFFERED_MAX ? sm_arena_alloc(&o->store, (size_t)(n > 0 ? n : 1) * sizeof(int))
                            : NULL;
    if (kept)
        memcpy(kept, buf, (size_t)n * sizeof(int));
    if ((o->slot[h].name = sm_arena_strndup(&o->store, name, len)) == NULL)
        return -1;
    o->slot[h].hash = hash;
    o->slot[h].places = kept;
    o->slot[h].n = n;
    o->used++;
    *places = kept;
    return kept ? n : -1;
}

/* Could the look-up of mention m near (lat, lon) without misspellings
 * (lookup_max) give a place at home within km of it? False only when
 * none of the places it may offer is: the look-up can then be spared. A
 * great circle is at least 111.19 km a degree of latitude apart. */
static bool
may_give_near(const sm_extractor *x, offered_set *o, const char *text, const tokens *tk,
              const sm_mention *m, double lat, double lon, double km)
{
    char name[SM_GAZ_NAME_MAX];
    const char *names[2];
    int nnames = 1;

    query_text(text, tk, m, name, sizeof(name));
    names[0] = name;
    if ((tk->t[m->word].flags & T_ARABIC) && strlen(name) > 4)
        names[nnames++] = name + 2;     /* as lookup_max asks again */
    for (int k = 0; k < nnames; k++) {
        const int *places;
        int n = offered(x, o, names[k], &places);
        if (n < 0)
            return true;                /* not known: asked */
        for (int i = 0; i < n; i++) {
            const sm_place *p = sm_gaz_place(x->gaz, places[i]);
            if (fabs(p->lat_deg - lat) * 111.0 > km || !sm_extractor_at_home(x, p))
                continue;
            if (sm_gaz_distance_km(lat, lon, p->lat_deg, p->lon_deg) <= km)
                return true;
        }
    }
    return false;
}

/* The places of list [a, b) lie in one area: a member far from the others'
 * centre whose name a place near it also bears (or reads as) is that place
 * ("Al-Dana" among the villages around Maarat al-Numan is the village
 * there, not the town of northern Idlib). */
static void
in_list(const sm_extractor *x, lookup_memo *memo, offered_set *os, const char *text,
        const tokens *tk, const sm_extraction *out, resolved *r, size_t a, size_t b,
        double *lat, double *lon)
{
    sm_candidate buf[MAX_CANDIDATES];
    const sm_candidate *c = buf;        /* the candidates of the last look-up */

    for (size_t i = a; i < b; i++) {
        const sm_mention *m = &out->mentions[i];
        sm_gaz_query q = sm_extractor_query(x);
        const sm_place *p;
        int np = 0, k;

        if (m->kind != SM_MENTION_PLACE || r[i].place < 0 || r[i].context >= 3)
            continue;
        for (size_t j = a; j < b; j++)
            if (j != i && r[j].place >= 0 && out->mentions[j].kind == SM_MENTION_PLACE &&
                !same_text(text, m, &out->mentions[j])) {
                p = sm_gaz_place(x->gaz, r[j].place);
                lat[np] = p->lat_deg;
                lon[np++] = p->lon_deg;
            }
        if (np + 1 < LIST_MIN)
            continue;
        sort_values(lat, np);
        sort_values(lon, np);
        q.fuzzy = false;
        q.has_near = true;
        q.near_lat_deg = lat[np / 2];
        q.near_lon_deg = lon[np / 2];
        p = sm_gaz_place(x->gaz, r[i].place);
        if (sm_gaz_distance_km(p->lat_deg, p->lon_deg, q.near_lat_deg, q.near_lon_deg) <= LIST_KM)
            continue;
        /* most such look-ups find nothing near: a list's centre is new
           each time, and a look-up near it is the dearest step here */
        if (!may_give_near(x, os, text, tk, m, q.near_lat_deg, q.near_lon_deg, LIST_KM))
            continue;
        k = lookup_max(x, memo, text, tk, m, &q, buf, 1, &c);
        if (k == 0 || c[0].near_km > LIST_KM || !sm_extractor_at_home(x, c[0].place))
            continue;
        r[i].place = index_of(x, c[0].place);
        r[i].score = c[0].score;
        r[i].context = 2;
        r[i].weak = false;
        sm_fmt_join(r[i].why, sizeof(r[i].why), c[0].why, "; among the places listed with it",
                    (char *)NULL);
    }
}

/* "Ja'afari" after "Bashar al-Ja'afari": a name the article gave as the
 * end of a person's or a body's name ends that name elsewhere too. The
 * folded ends (the last one to three words) of the names that are not
 * places, as a set of hashes (open addressing, 0 empty). */
typedef struct name_ends {
    uint64_t *slot;
    size_t mask;
} name_ends;

static uint64_t
end_hash(const char *text, size_t start, size_t end)
{
    char name[SM_GAZ_NAME_MAX], key[SM_GAZ_KEY_MAX];
    size_t n = end - start < sizeof(name) ? end - start : sizeof(name) - 1;

    memcpy(name, text + start, n);      /* snprintf's "%.*s", without its cost */
    name[n] = '\0';
    n = sm_gaz_fold(name, key, sizeof(key));
    return n ? sm_hash_bytes(SM_HASH_INIT, key, n) | 1 : 0;
}

static bool
name_ends_make(name_ends *e, const char *text, const tokens *tk, const sm_extraction *out)
{
    size_t n = 0, cap = 16;

    for (size_t j = 0; j < out->nmentions; j++)
        n += out->mentions[j].kind == SM_MENTION_NOT_PLACE ? 3 : 0;
    while (cap < 2 * n)
        cap *= 2;
    e->mask = cap - 1;
    if ((e->slot = calloc(cap, sizeof(uint64_t))) == NULL)
        return false;
    for (size_t j = 0; j < out->nmentions; j++) {
        const sm_mention *o = &out->mentions[j];
        if (o->kind != SM_MENTION_NOT_PLACE)
            continue;
        for (int w = o->word + o->nwords - 1; w >= o->word && w > o->word + o->nwords - 4; w--) {
            uint64_t h = end_hash(text, tk->t[w].start, o->end);
            size_t i;
            if (h == 0)
                continue;
            for (i = h & e->mask; e->slot[i] && e->slot[i] != h; i = (i + 1) & e->mask)
                ;
            e->slot[i] = h;
        }
    }
    return true;
}

static bool
ends_a_name_given(const name_ends *e, const char *text, const sm_mention *m)
{
    uint64_t h = end_hash(text, m->start, m->end);
    size_t i;

    if (h == 0)
        return false;
    for (i = h & e->mask; e->slot[i]; i = (i + 1) & e->mask)
        if (e->slot[i] == h)
            return true;
    return false;
}

static bool
one_name_one_place(const char *text, const sm_extraction *out, resolved *r)
{
    size_t n = out->nmentions, nslots = 16;
    uint32_t *slot;                       /* mention + 1 deciding for a spelling */

    while (nslots < 2 * n)
        nslots *= 2;
    if ((slot = calloc(nslots, sizeof(uint32_t))) == NULL)
        return false;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            const sm_mention *m = &out->mentions[i];
            uint32_t h;
            if (r[i].place < 0)
                continue;
            h = (uint32_t)sm_hash_bytes(SM_HASH_INIT, text + m->start, m->end - m->start);
            for (h &= (uint32_t)(nslots - 1);
                 slot[h] && !same_text(text, m, &out->mentions[slot[h] - 1]);
                 h = (h + 1) & (uint32_t)(nslots - 1))
                ;
            if (pass == 0) {
                if (slot[h] == 0 || r[i].context > r[slot[h] - 1].context)
                    slot[h] = (uint32_t)i + 1;
            } else if (slot[h] - 1 != i && r[slot[h] - 1].place != r[i].place) {
                r[i] = r[slot[h] - 1];
                sm_fmt_join(r[i].why + strlen(r[i].why), sizeof(r[i].why) - strlen(r[i].why),
                            "; as elsewhere in the article", (char *)NULL);
            }
        }
    free(slot);
    return true;
}

sm_status
sm_resolve_mentions(const sm_extractor *x, const char *text, const tokens *tk,
                    sm_extraction *out, sm_error *err)
{
    size_t n = out->nmentions;
    /* not zeroed whole: its reasons are most of its bytes (14 MB for the
       40,000 names of a megabyte of dense news), and are read up to their
       NUL only */
    resolved *r = malloc((n + 1) * sizeof(resolved));
    double *spare = calloc(2 * n + 2, sizeof(double));   /* for each list */
    why_set whys = { NULL, 0, 0 };
    offered_set offers = { NULL, 0, 0, SM_ARENA_INIT };
    double *km_of = NULL;                 /* by_frame's, made at first use (NULL:
                                             each found again) */
    name_ends ends = { NULL, 0 };
    near_set sure = NEAR_SET_INIT, placed = NEAR_SET_INIT;
    size_t nsure = 0;                     /* sure places named, repeats too */
    lookup_memo memo = LOOKUP_MEMO_INIT;
    sm_candidate buf[MAX_CANDIDATES];
    const sm_candidate *c = buf;        /* the candidates of the last look-up */
    sm_status st = SM_OK;

    if (r == NULL || spare == NULL) {
        goto nomem;
    }
    for (size_t i = 0; i <= n; i++) {   /* as calloc would leave them */
        r[i].place = 0;
        r[i].score = 0;
        r[i].context = 0;
        r[i].weak = false;
        r[i].why[0] = '\0';
    }
    /* 1: each on its own; the sure ones make the article's frame */
    for (size_t i = 0; i < n; i++) {
        sm_mention *m = &out->mentions[i];
        sm_gaz_query q = sm_extractor_query(x);
        double at[2];
        int k, s;

        r[i].place = -1;
        if (m->kind != SM_MENTION_PLACE)
            continue;
        q.fuzzy = false;
        if ((s = governorate_seat(x, &memo, text, tk, m, buf, &c)) >= 0) {
            r[i].place = index_of(x, c[s].place);
            r[i].score = c[s].score;
            r[i].context = 2;
            sm_fmt_join(r[i].why, sizeof(r[i].why), "the governorate, by its seat: ", c[s].why,
                        (char *)NULL);
            continue;
        }
        k = lookup(x, &memo, text, tk, m, &q, buf, &c);
        if (k == 0 || (common_words(x, text, tk, m) && !major(x, c[0].place) &&
                       !(c[0].place->curated && !sm_extractor_at_home(x, c[0].place)))) {
            r[i].context = -2;            /* no place: the mention goes */
            continue;
        }
        r[i].place = index_of(x, c[0].place);
        r[i].score = c[0].score;
        r[i].weak = c[0].uncertain;
        memcpy(r[i].why, c[0].why, strnlen(c[0].why, sizeof(c[0].why) - 1) + 1);
        if (frame_of_country(x, tk, m, c[0].place, at)) {
            if (!sm_near_add(&sure, at[0], at[1]))  /* "in northern Syria": that part */
                goto nomem;
            nsure++;
            continue;
        }
        if (confident(c, k) && sm_extractor_at_home(x, c[0].place)) {
            if (!sm_near_add(&sure, c[0].place->lat_deg, c[0].place->lon_deg))
                goto nomem;
            nsure++;
        } else if (k > 1 && sm_extractor_at_home(x, c[0].place)) {
            r[i].context = -1;            /* to be placed in the frame */
        }
    }
    if (!sm_near_index(&sure))
        goto nomem;
    /* 2: context */
    for (size_t i = 0; i < n; i++) {
        sm_mention *m = &out->mentions[i];
        const char *gov;
        char how[32];
        int y, k;

        if (r[i].place < 0)
            continue;
        y = anchor_of(text, tk, out, m, how, sizeof(how));
        if (y >= 0 && r[y].place >= 0) {
            const sm_place *a = sm_gaz_place(x->gaz, r[y].place);
            sm_gaz_query q = sm_extractor_query(x);
            q.fuzzy = false;
            q.has_near = true;
            q.near_lat_deg = a->lat_deg;
            q.near_lon_deg = a->lon_deg;
            out->mentions[y].anchor = true;
            k = lookup_max(x, &memo, text, tk, m, &q, buf, 1, &c);
            if (k > 0 && (c[0].near_km < 0 || c[0].near_km <= ANCHOR_MAX_KM)) {
                r[i].place = index_of(x, c[0].place);
                r[i].score = c[0].score;
                r[i].context = 3;
                char km[64];
                sm_fmt_round(km, sizeof(km), c[0].near_km);
                sm_fmt_join(r[i].why, sizeof(r[i].why), c[0].why, "; \"", how, " ", a->name,
                            "\": ", km, " km from it", (char *)NULL);
            }
            continue;
        }
        if (r[i].context == -1 && (gov = sentence_governorate(x, out, r, i)) != NULL) {
            sm_gaz_query q = sm_extractor_query(x);
            q.fuzzy = false;
            q.admin1 = gov;
            k = lookup_max(x, &memo, text, tk, m, &q, buf, 1, &c);
            if (k > 0 && c[0].place->admin1 && strcmp(c[0].place->admin1, q.admin1) == 0) {
                r[i].place = index_of(x, c[0].place);
                r[i].score = c[0].score;
                r[i].context = 2;
                sm_fmt_join(r[i].why, sizeof(r[i].why), c[0].why,
                            "; in the governorate the sentence names", (char *)NULL);
                continue;
            }
        }
        if (r[i].context == -1 && nsure > 0) {
            sm_gaz_query q = sm_extractor_query(x);
            double km = 0;
            int b;
            q.fuzzy = false;
            k = lookup(x, &memo, text, tk, m, &q, buf, &c);
            if (km_of == NULL)
                km_of = calloc((size_t)sm_gaz_count(x->gaz), sizeof(double));
            b = by_frame(x, c, k, &sure, km_of, &km);
            r[i].place = index_of(x, c[b].place);
            r[i].score = c[b].score;
            r[i].context = 1;
            char places[16], kms[64];
            sm_fmt_int(places, sizeof(places), k);
            sm_fmt_round(kms, sizeof(kms), km);
            sm_fmt_join(r[i].why, sizeof(r[i].why), c[b].why, "; of ", places,
                        " places so named, the one nearest the article's other places (",
                        kms, " km)", (char *)NULL);
        }
    }
    /* 2a: the places of a list ("A, B, C and D") */
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && listed_together(text, tk, &out->mentions[b - 1],
                                                 &out->mentions[b]);)
            b++;
        if (b - a >= LIST_MIN)
            in_list(x, &memo, &offers, text, tk, out, r, a, b, spare, spare + n + 1);
    }
    if (!name_ends_make(&ends, text, tk, out)) {
        goto nomem;
    }
    /* 2b: a village only OCHA's list of communities has is a name the news
       gives among places of its own area, and a spelling read from an
       Arabic name is a guess: unless a place it is named near or the
       sentence's governorate chose it, such a place is kept only within
       reach of another, surer place of the article, and not when the article
       gave the name as the end of a person's name; else it is more likely
       a word or a namesake the gazetteer lacks (it is left out, not
       guessed) */
    for (size_t i = 0; i < n; i++) {
        const sm_place *p = r[i].place >= 0 ? sm_gaz_place(x->gaz, r[i].place) : NULL;

        if (p == NULL || r[i].context >= 2)
            continue;
        r[i].weak |= sm_gaz_community_only(p);
    }
    for (size_t j = 0; j < n; j++) {      /* the surer places, at home */
        const sm_place *o = r[j].place >= 0 && !r[j].weak ? sm_gaz_place(x->gaz, r[j].place)
                                                           : NULL;
        if (o && sm_extractor_at_home(x, o) && !sm_near_add(&placed, o->lat_deg, o->lon_deg))
            goto nomem;
    }
    if (!sm_near_index(&placed))
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        const sm_place *p = r[i].place >= 0 ? sm_gaz_place(x->gaz, r[i].place) : NULL;

        if (p == NULL || !r[i].weak || r[i].context >= 2)
            continue;
        if (ends_a_name_given(&ends, text, &out->mentions[i]) ||
            !sm_near_within(&placed, p->lat_deg, p->lon_deg, COMMUNITY_MAX_KM))
            r[i].place = -1;
    }
    /* 3: one name, one place: the mention of a spelling with the strongest
       context decides for every mention so spelt */
    if (!one_name_one_place(text, out, r)) {
        goto nomem;
    }
    /* names the gazetteer does not place (a common word, a spelling it does
     * not take) go; the others get their place */
    {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            sm_mention *m = &out->mentions[i];
            if (m->kind == SM_MENTION_PLACE) {
                if (r[i].place < 0)
                    continue;
                apply(x, out, &whys, m, &r[i]);
            }
            out->mentions[k++] = *m;
        }
        out->nmentions = k;
    }
done:
    free(ends.slot);
    free(r);
    sm_near_free(&sure);
    sm_near_free(&placed);
    sm_memo_free(&memo);
    free(spare);
    free(km_of);
    free(whys.slot);
    free(offers.slot);
    sm_arena_free(&offers.store);
    return st;
nomem:
    st = sm_fail(err, SM_ENOMEM, "out of memory");
    goto done;
}
