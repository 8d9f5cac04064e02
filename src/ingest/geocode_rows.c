/* SPDX-License-Identifier: MIT */
/*
 * geocode_rows.c - placing imported rows that carry only a place name.
 *
 * The precision follows ACLED's geo_precision from the size of what was
 * found: a place standing for 10 km or less is the town named, however big
 * (1), up to 30 km a part of a region (2), beyond that a region (3).
 *
 * A row with coordinates and a place name is checked against the gazetteer:
 * when the name is a place it knows (as spelled, not guessed) and no place
 * of that name lies within PLAUSIBLE_KM of the point, the point is wrong
 * (or the name): the row is refused with the distance, and named swapped
 * when latitude and longitude the other way round fall near the place.
 *
 * A file names the same places again and again, each row with its own
 * point, and a look-up with a point costs more than the rest of the row.
 * The check keeps, for each name and governorate, what a look-up without
 * the point finds (sm_ingest_memo), and decides from it alone when that
 * gives the look-up's own answer: when the name is no place it knows, or
 * when one of the places it found as spelled lies within CONTEXT_KM of the
 * point, in the mapped country. The point then changes only the order of
 * the same candidates, all of them returned (fewer than NAMESAKES); any
 * other row is looked up with its point, as before.
 */
#include "ingest/ingest_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define PLAUSIBLE_KM 50.0
#define NAMESAKES 16
/* the gazetteer's: a candidate this near the point keeps a look-up from
 * adding spellings read from Arabic names (gazetteer/lookup.c) */
#define CONTEXT_KM 40.0
#define SURE_KM (CONTEXT_KM < PLAUSIBLE_KM ? CONTEXT_KM : PLAUSIBLE_KM)

/* What a look-up without a point found for one name and governorate. */
typedef struct memo_entry {
    char *key;              /* name, NUL, governorate */
    size_t len;
    int n;                  /* candidates found; NAMESAKES: maybe more */
    int nsure;              /* those spelled so, sure, in the mapped country: */
    double lat[NAMESAKES], lon[NAMESAKES];
} memo_entry;

struct sm_ingest_memo {
    memo_entry *slot;       /* open addressing, a power of two */
    size_t cap, used;
};

void
sm_ingest__memo_free(sm_ingest_memo *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slot[i].key);
    free(m->slot);
    free(m);
}

static bool
memo_grow(sm_ingest_memo *m)
{
    size_t cap = m->cap ? m->cap * 2 : 256;
    memo_entry *slot = calloc(cap, sizeof(*slot));

    if (slot == NULL)
        return false;
    for (size_t i = 0; i < m->cap; i++) {
        memo_entry *e = &m->slot[i];
        size_t h;
        if (e->key == NULL)
            continue;
        h = (size_t)sm_hash_str(sm_hash_str(SM_HASH_INIT, e->key), e->key + strlen(e->key) + 1);
        while (slot[h & (cap - 1)].key)
            h++;
        slot[h & (cap - 1)] = *e;
    }
    free(m->slot);
    m->slot = slot;
    m->cap = cap;
    return true;
}

/* The entry of (place, admin1), looked up without a point when new; NULL
 * when out of memory. */
static memo_entry *
memo_get(sm_ingest_memo *m, const sm_gaz *gaz, const char *place, const char *admin1,
         sm_error *err)
{
    size_t np = strlen(place), na = admin1 ? strlen(admin1) : 0, h;
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c[NAMESAKES];
    sm_error why = { 0 };
    const char *home = sm_gaz_country(gaz);
    memo_entry *e;

    if ((m->used + 1) * 2 > m->cap && !memo_grow(m))
        goto nomem;
    h = (size_t)sm_hash_str(sm_hash_str(SM_HASH_INIT, place), admin1 ? admin1 : "");
    for (;; h++) {
        e = &m->slot[h & (m->cap - 1)];
        if (e->key == NULL)
            break;
        if (e->len == np + 1 + na && memcmp(e->key, place, np + 1) == 0 &&
            memcmp(e->key + np + 1, admin1 ? admin1 : "", na) == 0)
            return e;
    }
    if ((e->key = malloc(np + na + 2)) == NULL)
        goto nomem;
    memcpy(e->key, place, np + 1);
    memcpy(e->key + np + 1, admin1 ? admin1 : "", na + 1);
    e->len = np + 1 + na;
    m->used++;
    q.fuzzy = false;
    q.admin1 = admin1;
    q.reasons = false;                  /* no row keeps the reason */
    e->n = e->nsure = 0;
    if (sm_gaz_lookup(gaz, place, &q, c, NAMESAKES, &e->n, NULL, &why) == SM_ENOMEM)
        goto nomem;
    for (int i = 0; i < e->n; i++)
        if (c[i].edits == 0 && !c[i].uncertain &&
            (home == NULL || (c[i].place->country && strcmp(c[i].place->country, home) == 0))) {
            e->lat[e->nsure] = c[i].place->lat_deg;
            e->lon[e->nsure++] = c[i].place->lon_deg;
        }
    return e;
nomem:
    sm_fail(err, SM_ENOMEM, "out of memory");
    return NULL;
}

/* True when the memo alone says the point is plausible (see the top). */
static bool
memo_sure(const memo_entry *e, double lat, double lon)
{
    if (e->n == 0)
        return true;
    if (e->n >= NAMESAKES)
        return false;
    for (int i = 0; i < e->nsure; i++)
        if (sm_gaz_distance_km(lat, lon, e->lat[i], e->lon[i]) <= SURE_KM)
            return true;
    return false;
}

sm_status
sm_ingest__geocode(const sm_ingest_opts *o, const char *place, const char *admin1,
                   bool *found, double *lat_deg, double *lon_deg, int64_t *place_id,
                   sm_precision *precision, sm_error *err)
{
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c;
    sm_error why = { 0 };
    sm_status st;
    int n = 0;

    const sm_gaz *gaz;

    *found = false;
    if (place == NULL)
        return SM_OK;
    gaz = o->gaz ? o->gaz : o->load_gaz ? o->load_gaz(o->load_gaz_user) : NULL;
    if (gaz == NULL)
        return SM_OK;
    q.admin1 = admin1;
    q.reasons = false;                  /* no row keeps the reason */
    st = sm_gaz_lookup(gaz, place, &q, &c, 1, &n, NULL, &why);
    if (st == SM_ENOMEM)
        return sm_fail(err, st, "%s", why.msg);
    /* a guess (a misspelling, a spelling read from an Arabic name, with
       no governorate to confirm it) places no row: the row keeps its name */
    if (st != SM_OK || n == 0 || c.uncertain)
        return SM_OK;
    *lat_deg = c.place->lat_deg;
    *lon_deg = c.place->lon_deg;
    *place_id = c.place->id;
    *precision = c.place->precision_km <= 10 ? SM_PRECISION_1
               : c.place->precision_km <= 30 ? SM_PRECISION_2 : SM_PRECISION_3;
    *found = true;
    return SM_OK;
}

/* The distance from (lat, lon) to the nearest of cands known as spelled. */
static double
nearest_km(const sm_candidate *c, int n, double lat, double lon)
{
    double best = INFINITY;

    for (int i = 0; i < n; i++)
        if (c[i].edits == 0 && !c[i].uncertain)
            best = fmin(best, sm_gaz_distance_km(lat, lon, c[i].place->lat_deg,
                                                 c[i].place->lon_deg));
    return best;
}

sm_status
sm_ingest__plausible(const sm_src *src, const sm_ingest_opts *o, sm_ingest_memo **memo,
                     const char *place, const char *admin1, double lat_deg, double lon_deg,
                     sm_error *err)
{
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c[NAMESAKES];
    sm_error why = { 0 };
    const sm_gaz *gaz;
    double km, swapped;
    int n = 0;

    if (o->trust_coordinates || place == NULL)
        return SM_OK;
    gaz = o->gaz ? o->gaz : o->load_gaz ? o->load_gaz(o->load_gaz_user) : NULL;
    if (gaz == NULL)
        return SM_OK;
    if (memo) {
        memo_entry *e;
        if (*memo == NULL && (*memo = calloc(1, sizeof(**memo))) == NULL)
            return sm_fail(err, SM_ENOMEM, "out of memory");
        if ((e = memo_get(*memo, gaz, place, admin1, err)) == NULL)
            return SM_ENOMEM;
        if (memo_sure(e, lat_deg, lon_deg))
            return SM_OK;
    }
    q.fuzzy = false;
    q.admin1 = admin1;
    q.reasons = false;                  /* no row keeps the reason */
    q.has_near = true;
    q.near_lat_deg = lat_deg;
    q.near_lon_deg = lon_deg;
    if (sm_gaz_lookup(gaz, place, &q, c, NAMESAKES, &n, NULL, &why) == SM_ENOMEM)
        return sm_fail(err, SM_ENOMEM, "%s", why.msg);
    km = nearest_km(c, n, lat_deg, lon_deg);
    if (!isfinite(km) || km <= PLAUSIBLE_KM)
        return SM_OK;                     /* a place it does not know, or one near */
    swapped = fabs(lon_deg) <= 90 ? nearest_km(c, n, lon_deg, lat_deg) : INFINITY;
    if (swapped <= PLAUSIBLE_KM)
        return sm_ingest__row_fail(src, err, "latitude and longitude are swapped: (%.5f,"
                                   " %.5f) is %.0f km from %s, the place the row names;"
                                   " (%.5f, %.5f) is %.0f km from it (--trust-coordinates"
                                   " keeps the point as given)", lat_deg, lon_deg, km, place,
                                   lon_deg, lat_deg, swapped);
    return sm_ingest__row_fail(src, err, "the point (%.5f, %.5f) is %.0f km from %s, the"
                               " place the row names (more than %.0f km; --trust-coordinates"
                               " keeps the point as given)", lat_deg, lon_deg, km, place,
                               PLAUSIBLE_KM);
}
