/* SPDX-License-Identifier: MIT */
/*
 * index.c - building the gazetteer: places, their names under folded keys,
 * merging duplicates; sm_gaz_finish makes the index of misspellings
 * (fuzzy.c).
 *
 * Merging: a place added with merge=true joins an existing place when it is
 * the same GeoNames record, or when one of the two has no GeoNames id (a
 * curated row) and they share a folded key, are of the same family of kinds
 * (populated places, airfields, water, regions, ...), and lie within the
 * larger of 5 km and either's precision. Two GeoNames records are never
 * merged. GeoNames coordinates and codes win over curated ones; the curated
 * flag, Arabic name, kind and names are kept from both.
 */
#include "gazetteer/gaz_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

uint32_t
sm_gaz__hash(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

static bool
grow(void **arr, uint32_t *cap, uint32_t n, size_t size)
{
    void *p;
    uint32_t c;

    if (n < *cap)
        return true;
    c = *cap ? *cap * 2 : 256;
    p = realloc(*arr, (size_t)c * size);
    if (p == NULL)
        return false;
    *arr = p;
    *cap = c;
    return true;
}

static uint32_t
hash_id(int64_t id)
{
    uint64_t x = (uint64_t)id * UINT64_C(0x9e3779b97f4a7c15);
    return (uint32_t)(x >> 32);
}

static bool
table_grow(gaz_table *t, uint32_t need)
{
    uint32_t cap = t->mask + 1;

    if (t->slots && (uint64_t)need * 2 < cap)
        return true;
    while ((uint64_t)need * 2 >= cap)
        cap = cap < 1024 ? 1024 : cap * 2;
    free(t->slots);
    t->slots = calloc(cap, sizeof(uint32_t));
    t->mask = cap - 1;
    t->used = 0;
    return t->slots != NULL;
}

static void
key_table_put(sm_gaz *g, uint32_t k)
{
    uint32_t i = sm_gaz__hash(g->keys[k].text, g->keys[k].len) & g->key_table.mask;

    while (g->key_table.slots[i])
        i = (i + 1) & g->key_table.mask;
    g->key_table.slots[i] = k + 1;
    g->key_table.used++;
}

static void
id_table_put(sm_gaz *g, uint32_t e)
{
    uint32_t i = hash_id(g->ids[e].id) & g->id_table.mask;

    while (g->id_table.slots[i])
        i = (i + 1) & g->id_table.mask;
    g->id_table.slots[i] = e + 1;
    g->id_table.used++;
}

/* Make room for one more entry, rehashing when the table grows. */
static bool
reserve_keys(sm_gaz *g)
{
    uint32_t old = g->key_table.mask + 1;

    if (!table_grow(&g->key_table, g->nkeys + 1))
        return false;
    if (g->key_table.mask + 1 != old || g->key_table.used == 0)
        for (uint32_t k = 0; k < g->nkeys; k++)
            key_table_put(g, k);
    return true;
}

/* Record that id names place p (its own id, or that of a merged record). */
static bool
add_id(sm_gaz *g, int64_t id, uint32_t p)
{
    uint32_t old = g->id_table.mask + 1;

    if (!grow((void **)&g->ids, &g->ids_cap, g->nids, sizeof(*g->ids)) ||
        !table_grow(&g->id_table, g->nids + 1))
        return false;
    g->ids[g->nids].id = id;
    g->ids[g->nids].place = p;
    g->nids++;
    if (g->id_table.mask + 1 != old || g->id_table.used == 0) {
        for (uint32_t e = 0; e < g->nids; e++)
            id_table_put(g, e);
    } else {
        id_table_put(g, g->nids - 1);
    }
    return true;
}

sm_status
sm_gaz_new(sm_gaz **out, sm_error *err)
{
    *out = calloc(1, sizeof(**out));
    if (*out == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return SM_OK;
}

sm_status
sm_gaz_set_country(sm_gaz *g, const char *country, sm_error *err)
{
    if (country == NULL || country[0] == '\0') {
        g->country[0] = '\0';
        return SM_OK;
    }
    if (!(country[0] >= 'A' && country[0] <= 'Z' && country[1] >= 'A' && country[1] <= 'Z' &&
          country[2] == '\0'))
        return sm_fail(err, SM_EUSAGE, "country \"%s\": want two capital letters (ISO 3166"
                       " alpha-2)", country);
    memcpy(g->country, country, 3);
    return SM_OK;
}

const char *
sm_gaz_country(const sm_gaz *g)
{
    return g->country[0] ? g->country : NULL;
}

void
sm_gaz_free(sm_gaz *g)
{
    if (g == NULL)
        return;
    sm_arena_free(&g->strings);
    free(g->places);
    free(g->names);
    free(g->name_next);
    free(g->keys);
    free(g->key_table.slots);
    free(g->id_table.slots);
    free(g->ids);
    free(g->admin1);
    free(g->admin2);
    sm_gaz__fuzzy_free(&g->fuzzy);
    free(g);
}

int64_t
sm_gaz__key_find(const sm_gaz *g, const char *text, size_t len)
{
    uint32_t i, s;

    if (g->key_table.slots == NULL)
        return -1;
    i = sm_gaz__hash(text, len) & g->key_table.mask;
    while ((s = g->key_table.slots[i]) != 0) {
        const gaz_key *k = &g->keys[s - 1];
        if (k->len == len && memcmp(k->text, text, len) == 0)
            return s - 1;
        i = (i + 1) & g->key_table.mask;
    }
    return -1;
}

/* The key index of text, created if new; -1 when memory runs out. */
static int64_t
key_intern(sm_gaz *g, const char *text, size_t len)
{
    int64_t k = sm_gaz__key_find(g, text, len);
    gaz_key *key;

    if (k >= 0)
        return k;
    if (!grow((void **)&g->keys, &g->keys_cap, g->nkeys, sizeof(gaz_key)) || !reserve_keys(g))
        return -1;
    key = &g->keys[g->nkeys];
    key->text = sm_arena_strndup(&g->strings, text, len);
    key->len = (uint32_t)len;
    key->first = NO_NEXT;
    key->not_place = NULL;
    key->not_place_name = NULL;
    if (key->text == NULL)
        return -1;
    key_table_put(g, g->nkeys);
    return g->nkeys++;
}

sm_status
sm_gaz_add_id(sm_gaz *g, int64_t id, int index, sm_error *err)
{
    if (index < 0 || (uint32_t)index >= g->nplaces)
        return sm_fail(err, SM_EUSAGE, "no place %d", index);
    if (sm_gaz_find_id(g, id) >= 0)
        return SM_OK;
    return add_id(g, id, (uint32_t)index) ? SM_OK : sm_fail(err, SM_ENOMEM, "out of memory");
}

void
sm_gaz_merged_ids_each(const sm_gaz *g, void (*fn)(int64_t, int, void *), void *user)
{
    for (uint32_t e = 0; e < g->nids; e++)
        if (g->places[g->ids[e].place].p.id != g->ids[e].id)
            fn(g->ids[e].id, (int)g->ids[e].place, user);
}

int
sm_gaz_find_id(const sm_gaz *g, int64_t id)
{
    uint32_t i, s;

    if (g->id_table.slots == NULL)
        return -1;
    i = hash_id(id) & g->id_table.mask;
    while ((s = g->id_table.slots[i]) != 0) {
        if (g->ids[s - 1].id == id)
            return (int)g->ids[s - 1].place;
        i = (i + 1) & g->id_table.mask;
    }
    return -1;
}

/* Families of kinds that may be one place under two records. */
static int
family(const sm_place *p)
{
    const char *k = p->kind ? p->kind : "";
    const char *fc = p->feature_class ? p->feature_class : "";

    if (!strcmp(k, "airbase") || !strcmp(k, "airport"))
        return 2;
    if (!strcmp(k, "dam") || !strcmp(k, "lake") || !strcmp(k, "river") || !strcmp(fc, "H"))
        return 3;
    if (!strcmp(k, "region") || !strcmp(fc, "A") || !strcmp(fc, "L"))
        return 4;
    if (!strcmp(k, "highway") || !strcmp(k, "road") || !strcmp(fc, "R"))
        return 5;
    if (!strcmp(k, "mountain") || !strcmp(k, "hill") || !strcmp(fc, "T"))
        return 6;
    if (!strcmp(k, "camp"))
        return 7;
    if (!strcmp(k, "crossing"))
        return 8;
    if (!strcmp(k, "oilfield") || !strcmp(k, "gasfield"))
        return 9;
    if (!strcmp(k, "military"))
        return 10;
    if (!strcmp(k, "facility"))
        return 11;
    return 1; /* populated places and their districts */
}

double
sm_gaz_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0088, rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);

    return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

/* An existing place that p is another record of, or -1. */
static int
merge_target(const sm_gaz *g, const sm_place *p, const char *const *names)
{
    char key[SM_GAZ_KEY_MAX];
    int fam = family(p);

    for (const char *const *n = names; *n; n++) {
        size_t len = sm_gaz_fold(*n, key, sizeof(key));
        int64_t k = len ? sm_gaz__key_find(g, key, len) : -1;

        if (k < 0)
            continue;
        for (uint32_t i = g->keys[k].first; i != NO_NEXT; i = g->names[i].next) {
            const sm_place *q = &g->places[g->names[i].place].p;
            double reach = fmax(5.0, fmax(p->precision_km, q->precision_km));
            /* Two GeoNames records are two places: GeoNames said so. A
             * variant key (without generic words) is no shared name. */
            if ((p->geonames_id && q->geonames_id) || g->names[i].variant)
                continue;
            if (family(q) == fam &&
                sm_gaz_distance_km(p->lat_deg, p->lon_deg, q->lat_deg, q->lon_deg) <= reach)
                return (int)g->names[i].place;
        }
    }
    return -1;
}

/* Merge record p into place q; false when memory runs out. */
static bool
merge_into(sm_gaz *g, sm_place *q, const sm_place *p)
{
    sm_arena *a = &g->strings;
    bool p_geonames = p->geonames_id != 0, q_geonames = q->geonames_id != 0;

    if (p_geonames && !q_geonames) {
        /* GeoNames coordinates and codes are the reference. */
        q->geonames_id = p->geonames_id;
        q->lat_deg = p->lat_deg;
        q->lon_deg = p->lon_deg;
        if ((p->feature_class && !(q->feature_class = sm_arena_strdup(a, p->feature_class))) ||
            (p->feature_code && !(q->feature_code = sm_arena_strdup(a, p->feature_code))) ||
            (p->admin1 && !(q->admin1 = sm_arena_strdup(a, p->admin1))) ||
            (p->admin2 && !(q->admin2 = sm_arena_strdup(a, p->admin2))))
            return false;
    }
    if (p->name_ar && (q->name_ar == NULL || p->curated) &&
        !(q->name_ar = sm_arena_strdup(a, p->name_ar)))
        return false;
    if (p->curated) {
        q->curated = true;
        if (p->kind && !(q->kind = sm_arena_strdup(a, p->kind)))
            return false;
        if (p->precision_km > 0 && (q->precision_km <= 0 || p->precision_km < q->precision_km))
            q->precision_km = p->precision_km;
    }
    if (p->population > q->population)
        q->population = p->population;
    if (p->pcode && !q->pcode && !(q->pcode = sm_arena_strdup(a, p->pcode)))
        return false;
    return true;
}

static sm_status
copy_place(sm_gaz *g, sm_place *dst, const sm_place *src, sm_error *err)
{
    sm_arena *a = &g->strings;

    *dst = *src;
    dst->name = sm_arena_strdup(a, src->name);
    dst->name_ar = sm_arena_strdup(a, src->name_ar);
    dst->feature_class = sm_arena_strdup(a, src->feature_class ? src->feature_class : "P");
    dst->feature_code = sm_arena_strdup(a, src->feature_code ? src->feature_code : "PPL");
    dst->kind = sm_arena_strdup(a, src->kind);
    dst->country = sm_arena_strdup(a, src->country ? src->country : g->country);
    dst->admin1 = sm_arena_strdup(a, src->admin1);
    dst->admin2 = sm_arena_strdup(a, src->admin2);
    dst->pcode = sm_arena_strdup(a, src->pcode);
    if (dst->name == NULL || dst->feature_class == NULL || dst->feature_code == NULL ||
        dst->country == NULL || (src->name_ar && !dst->name_ar) || (src->kind && !dst->kind) ||
        (src->admin1 && !dst->admin1) || (src->admin2 && !dst->admin2) ||
        (src->pcode && !dst->pcode))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return SM_OK;
}

sm_status
sm_gaz_add_place(sm_gaz *g, const sm_place *p, const char *const *names, bool merge,
                 int *index, bool *merged, sm_error *err)
{
    static const char *const none[] = { NULL };
    int at = -1;
    sm_status st;

    if (names == NULL)
        names = none;
    if (p->name == NULL || !sm_utf8_is_valid(p->name, strlen(p->name), NULL))
        return sm_fail(err, SM_EINPUT, "a place without a valid name");
    if (merge) {
        const char *mine[3] = { p->name, p->name_ar, NULL };
        /* the same GeoNames record again (a dump loaded twice) */
        at = p->geonames_id ? sm_gaz_find_id(g, p->geonames_id) : -1;
        if (at >= 0 && g->places[at].p.geonames_id != p->geonames_id)
            at = -1;
        if (at < 0)
            at = merge_target(g, p, mine);
        if (at < 0)
            at = merge_target(g, p, names);
    }
    if (merged)
        *merged = at >= 0;
    if (at >= 0) {
        g->finished = false;              /* kind, population: priors change */
        if (!merge_into(g, &g->places[at].p, p))
            return sm_fail(err, SM_ENOMEM, "out of memory");
        g->places[at].name_ar_curated |= p->curated && p->name_ar;
        if (sm_gaz_find_id(g, p->id) < 0 && !add_id(g, p->id, (uint32_t)at))
            return sm_fail(err, SM_ENOMEM, "out of memory");
    } else {
        g->finished = false;
    if (sm_gaz_find_id(g, p->id) >= 0)
            return sm_fail(err, SM_EINPUT, "place id %lld is already taken", (long long)p->id);
        if (!grow((void **)&g->places, &g->places_cap, g->nplaces, sizeof(gaz_place)))
            return sm_fail(err, SM_ENOMEM, "out of memory");
        g->places[g->nplaces] = (gaz_place){ 0 };
        if ((st = copy_place(g, &g->places[g->nplaces].p, p, err)) != SM_OK)
            return st;
        if (!add_id(g, p->id, g->nplaces))
            return sm_fail(err, SM_ENOMEM, "out of memory");
        g->places[g->nplaces].first_name = g->places[g->nplaces].last_name = NO_NEXT;
        g->places[g->nplaces].name_ar_curated = p->curated && p->name_ar;
        at = (int)g->nplaces++;
    }
    if (index)
        *index = at;
    if ((st = sm_gaz_add_name(g, at, p->name, SM_NAME_MAIN, err)) != SM_OK)
        return st;
    if (p->name_ar && (st = sm_gaz_add_name(g, at, p->name_ar, SM_NAME_ARABIC, err)) != SM_OK)
        return st;
    for (const char *const *n = names; *n; n++)
        if ((st = sm_gaz_add_name(g, at, *n, p->curated ? SM_NAME_ALIAS : SM_NAME_ALT,
                                  err)) != SM_OK)
            return st;
    return SM_OK;
}

/* Room for one more name (names and name_next grow together). */
static bool
grow_names(sm_gaz *g)
{
    uint32_t cap = g->names_cap;
    uint32_t *next;

    if (!grow((void **)&g->names, &cap, g->nnames, sizeof(gaz_name)))
        return false;
    if (cap != g->names_cap) {
        next = realloc(g->name_next, (size_t)cap * sizeof(uint32_t));
        if (next == NULL)
            return false;
        g->name_next = next;
        g->names_cap = cap;
    }
    return true;
}

/* How clean an Arabic name is, to choose the one shown: Latin letters
 * (GeoNames' half-romanised forms such as "qamshlۆ"), Persian and Kurdish
 * letters (ی ک گ پ چ ژ, ە ۆ ێ ڕ ڵ) and stray one-letter words mark forms that
 * are not Arabic as an Arabic reader writes it; a form with Latin letters is
 * NOT_ARABIC and never chosen. */
#define NOT_ARABIC (-1000000)

static int
arabic_quality(const char *name)
{
    const unsigned char *s = (const unsigned char *)name;
    int q = 0, word = 0;

    for (size_t i = 0;; i++) {
        if (s[i] == ' ' || s[i] == '\0') {
            if (word == 1)
                q -= 5;
            word = 0;
            if (s[i] == '\0')
                break;
            continue;
        }
        if ((s[i] & 0xc0) != 0x80)
            word++;
        if (s[i] == 0xdb && (s[i + 1] == 0x8c || s[i + 1] == 0x81))
            q -= 10;                      /* U+06CC, U+06C1 */
        if (s[i] == 0xda && (s[i + 1] == 0xa9 || s[i + 1] == 0xaf || s[i + 1] == 0x86 ||
                             s[i + 1] == 0x98))
            q -= 10;                      /* U+06A9, U+06AF, U+0686, U+0698 */
        if (s[i] == 0xd9 && s[i + 1] == 0xbe)
            q -= 10;                      /* U+067E */
        if (s[i] == 0xdb && (s[i + 1] == 0x95 || s[i + 1] == 0x86 || s[i + 1] == 0x8e))
            q -= 10;                      /* U+06D5, U+06C6, U+06CE */
        if (s[i] == 0xda && (s[i + 1] == 0x95 || s[i + 1] == 0xb5))
            q -= 10;                      /* U+0695, U+06B5 */
        if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
            return NOT_ARABIC;            /* a Latin letter: never shown */
    }
    return q;
}

static bool
has_arabic(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0xd8 && *p <= 0xdb)
            return true;
    return false;
}

/* One entry of name `text` under key k; variant entries are found by
 * look-ups but not listed among the place's names. */
static sm_status
push_name(sm_gaz *g, int index, const gaz_name *proto, int64_t k, uint8_t variant,
          sm_error *err)
{
    gaz_place *gp = &g->places[index];
    gaz_name *n;

    if (k < 0 || !grow_names(g))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    n = &g->names[g->nnames];
    *n = *proto;
    n->place = (uint32_t)index;
    n->key = (uint32_t)k;
    n->variant = variant;
    n->next = g->keys[k].first;
    g->keys[k].first = g->nnames;
    g->name_next[g->nnames] = NO_NEXT;
    if (!variant) {
        if (gp->last_name == NO_NEXT)
            gp->first_name = g->nnames;
        else
            g->name_next[gp->last_name] = g->nnames;
        gp->last_name = g->nnames;
    }
    g->nnames++;
    return SM_OK;
}

/* The length of a directional mark at s (U+200E, U+200F, U+061C, U+202A to
 * U+202E, U+2066 to U+2069), or 0. */
static size_t
bidi_mark(const unsigned char *s)
{
    if (s[0] == 0xd8 && s[1] == 0x9c)
        return 2;
    if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x8e || s[2] == 0x8f ||
                                         (s[2] >= 0xaa && s[2] <= 0xae)))
        return 3;
    if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
        return 3;
    return 0;
}

/* name without directional marks and without the spaces and full stops
 * that end it (GeoNames' "مجدل شمس.\u200e"), in buf (cap bytes): the name
 * itself when there are none or it does not fit. */
static const char *
without_marks(const char *name, char *buf, size_t cap)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t n = 0, len = strlen(name), m;
    bool marks = false;

    for (size_t i = 0; i < len; i++)
        marks |= bidi_mark(s + i) > 0;
    if (!marks && len > 0 && name[len - 1] != '.' && name[len - 1] != ' ')
        return name;
    if (len >= cap)
        return name;
    for (size_t i = 0; i < len; i += m ? m : 1) {
        m = bidi_mark(s + i);
        if (m == 0)
            buf[n++] = name[i];
    }
    while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == ' '))
        n--;
    buf[n] = '\0';
    return buf;
}

/* How well an Arabic name serves as the place's label: clean Arabic
 * (arabic_quality), and better when it reads as the place's own name (كفر
 * لاها of Kafr Lāhā, not الحولة, the region it lies in). */
static int
label_quality(const gaz_place *gp, const char *name)
{
    char ar[SM_GAZ_NAME_MAX], key[SM_GAZ_KEY_MAX], latin[SM_GAZ_KEY_MAX];
    int q = arabic_quality(name);
    size_t len;

    if (q > NOT_ARABIC && sm_gaz__arabic_reading(name, ar, sizeof(ar)) &&
        (len = sm_gaz_fold(gp->p.name, key, sizeof(key))) > 0 &&
        sm_gaz__latin_reading(key, len, latin, sizeof(latin)) &&
        sm_gaz__reading_fits(ar, latin))
        q += 8;
    return q;
}

sm_status
sm_gaz_add_name(sm_gaz *g, int index, const char *name, sm_name_kind kind, sm_error *err)
{
    char key[SM_GAZ_KEY_MAX], variants[SM_GAZ_VARIANTS][SM_GAZ_KEY_MAX];
    char form[SM_GAZ_NAME_MAX], surface[SM_GAZ_NAME_MAX], clean[SM_GAZ_NAME_MAX];
    gaz_name proto = { 0 };
    gaz_place *gp;
    const char *text;
    size_t len, n;
    int nv;
    sm_status st;

    if (index < 0 || (uint32_t)index >= g->nplaces)
        return sm_fail(err, SM_EUSAGE, "no place %d", index);
    if (name == NULL || !sm_utf8_is_valid(name, strlen(name), NULL))
        return SM_OK;                     /* nothing to add */
    name = without_marks(name, clean, sizeof(clean));
    len = sm_gaz_fold(name, key, sizeof(key));
    if (len == 0)
        return SM_OK;
    g->finished = false;                  /* the fuzzy index is stale */
    gp = &g->places[index];
    for (uint32_t i = gp->first_name; i != NO_NEXT; i = g->name_next[i])
        if (strcmp(g->names[i].text, name) == 0)
            return SM_OK;                 /* already there */
    if (kind != SM_NAME_ALIAS && has_arabic(name))
        kind = SM_NAME_ARABIC;
    text = sm_arena_strdup(&g->strings, name);
    proto.text = text;
    proto.kind = (uint8_t)kind;
    n = sm_gaz__plain(name, form, sizeof(form));
    proto.plain_hash = sm_gaz__hash(form, n);
    proto.plain = sm_arena_strndup(&g->strings, form, n);
    n = sm_gaz__surface_of_plain(form, surface, sizeof(surface));
    proto.surface = sm_arena_strndup(&g->strings, surface, n);
    proto.surface_len = (uint32_t)n;
    if (text == NULL || proto.plain == NULL || proto.surface == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if ((st = push_name(g, index, &proto, key_intern(g, key, len), 0, err)) != SM_OK)
        return st;
    nv = sm_gaz__variant_keys(name, key, variants);
    for (int v = 0; v < nv; v++)
        if ((st = push_name(g, index, &proto, key_intern(g, variants[v], strlen(variants[v])),
                            GAZ_VARIANT, err)) != SM_OK)
            return st;
    if (kind == SM_NAME_ARABIC && sm_gaz__arabic_reading(name, form, sizeof(form)) &&
        (len = sm_gaz__reading_key(form, key, sizeof(key))) > 0) {
        /* kept with the entry, which look-ups check spellings against */
        if ((proto.surface = sm_arena_strdup(&g->strings, form)) == NULL)
            return sm_fail(err, SM_ENOMEM, "out of memory");
        proto.surface_len = (uint32_t)strlen(form);
        if ((st = push_name(g, index, &proto, key_intern(g, key, len), GAZ_READING, err)) !=
            SM_OK)
            return st;
    }
    if (kind == SM_NAME_ARABIC && !gp->name_ar_curated && arabic_quality(name) > NOT_ARABIC &&
        (gp->p.name_ar == NULL || label_quality(gp, name) > label_quality(gp, gp->p.name_ar)))
        gp->p.name_ar = text;
    return SM_OK;
}

size_t
sm_gaz__not_place_key(const char *name, char *key, size_t cap)
{
    size_t n;

    if (cap < 2)
        return 0;
    /* The plain form behind a marker no folded key holds: matching the
     * exact spelling, not the lossy skeleton, keeps "SANA" from hiding
     * the village Sinah. */
    key[0] = '\x01';
    n = sm_gaz__plain(name, key + 1, cap - 1);
    return n ? n + 1 : 0;
}

sm_status
sm_gaz_add_not_place(sm_gaz *g, const char *name, const char *why, sm_error *err)
{
    char key[SM_GAZ_NAME_MAX];
    size_t len = sm_gaz__not_place_key(name, key, sizeof(key));
    int64_t k;

    if (len == 0)
        return SM_OK;
    if ((k = key_intern(g, key, len)) < 0)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    g->keys[k].not_place = sm_arena_strdup(&g->strings, why && *why ? why : "not a place");
    g->keys[k].not_place_name = sm_arena_strdup(&g->strings, name);
    return g->keys[k].not_place && g->keys[k].not_place_name ? SM_OK
                                                            : sm_fail(err, SM_ENOMEM, "out of memory");
}

/* Cut a name that snprintf shortened back to a whole UTF-8 character. */
static void
whole_chars(char *text)
{
    size_t bad;

    if (!sm_utf8_is_valid(text, strlen(text), &bad))
        text[bad] = '\0';
}

sm_status
sm_gaz_add_admin1(sm_gaz *g, const char *code, const char *name, sm_error *err)
{
    for (uint32_t i = 0; i < g->nadmin1; i++) {
        if (strcmp(g->admin1[i][0], code) == 0) {
            snprintf(g->admin1[i][1], sizeof(g->admin1[i][1]), "%s", name);
            whole_chars(g->admin1[i][1]);
            return SM_OK;
        }
    }
    if (!grow((void **)&g->admin1, &g->admin1_cap, g->nadmin1, sizeof(*g->admin1)))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    snprintf(g->admin1[g->nadmin1][0], sizeof(g->admin1[0][0]), "%s", code);
    snprintf(g->admin1[g->nadmin1][1], sizeof(g->admin1[0][1]), "%s", name);
    whole_chars(g->admin1[g->nadmin1][1]);
    g->nadmin1++;
    return SM_OK;
}

const char *
sm_gaz_admin1_name(const sm_gaz *g, const char *code)
{
    if (code == NULL)
        return NULL;
    for (uint32_t i = 0; i < g->nadmin1; i++)
        if (strcmp(g->admin1[i][0], code) == 0)
            return g->admin1[i][1];
    return code;
}

void
sm_gaz_admin1_each(const sm_gaz *g, void (*fn)(const char *, const char *, void *), void *user)
{
    for (uint32_t i = 0; i < g->nadmin1; i++)
        fn(g->admin1[i][0], g->admin1[i][1], user);
}

sm_status
sm_gaz_add_admin2(sm_gaz *g, const char *code, const char *name, double lat, double lon,
                  sm_error *err)
{
    struct gaz_admin2 *d;

    if (!grow((void **)&g->admin2, &g->admin2_cap, g->nadmin2, sizeof(*g->admin2)))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    d = &g->admin2[g->nadmin2++];
    snprintf(d->code, sizeof(d->code), "%s", code);
    snprintf(d->name, sizeof(d->name), "%s", name);
    whole_chars(d->name);
    d->lat = lat;
    d->lon = lon;
    return SM_OK;
}

const char *
sm_gaz_admin2_name(const sm_gaz *g, const char *code)
{
    if (code == NULL)
        return NULL;
    for (uint32_t i = 0; i < g->nadmin2; i++)
        if (strcmp(g->admin2[i].code, code) == 0)
            return g->admin2[i].name;
    return code;
}

void
sm_gaz_admin2_each(const sm_gaz *g,
                   void (*fn)(const char *, const char *, double, double, void *), void *user)
{
    for (uint32_t i = 0; i < g->nadmin2; i++)
        fn(g->admin2[i].code, g->admin2[i].name, g->admin2[i].lat, g->admin2[i].lon, user);
}

/* Give a place without a district the district of the nearest seat in its
 * governorate: districts approximated by their seats' nearest regions. */
static void
assign_district(sm_gaz *g, sm_place *p)
{
    size_t n1 = p->admin1 ? strlen(p->admin1) : 0;
    double best = 1e9;
    const char *code = NULL;

    if (p->admin2 || n1 == 0)
        return;
    for (uint32_t i = 0; i < g->nadmin2; i++) {
        const struct gaz_admin2 *d = &g->admin2[i];
        double km;
        if (strncmp(d->code, p->admin1, n1) != 0 || d->code[n1] != '.')
            continue;
        km = sm_gaz_distance_km(p->lat_deg, p->lon_deg, d->lat, d->lon);
        if (km < best) {
            best = km;
            code = d->code;
        }
    }
    if (code)
        p->admin2 = sm_arena_strdup(&g->strings, code);
}

/* True if p is the seat of a district (a town at the seat's position): a
 * town the news names as readily as the district's other towns together. */
static bool
district_seat(const sm_gaz *g, const sm_place *p)
{
    if (p->kind == NULL || (strcmp(p->kind, "city") && strcmp(p->kind, "town") &&
                            strcmp(p->kind, "village")))
        return false;
    for (uint32_t i = 0; i < g->nadmin2; i++)
        if (fabs(g->admin2[i].lat - p->lat_deg) < 0.002 &&
            fabs(g->admin2[i].lon - p->lon_deg) < 0.002)
            return true;
    return false;
}

sm_status
sm_gaz_finish(sm_gaz *g, sm_error *err)
{
    if (!sm_gaz__fuzzy_build(g))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    for (uint32_t i = 0; i < g->nplaces; i++) {
        assign_district(g, &g->places[i].p);
        g->places[i].prior = (float)sm_gaz__prior(&g->places[i].p, district_seat(g, &g->places[i].p));
        g->places[i].facility = sm_gaz__is_facility(&g->places[i].p);
        g->places[i].in_country = g->places[i].p.country &&
                                  strcmp(g->places[i].p.country, g->country) == 0;
    }
    memcpy(g->in_country, g->country, sizeof(g->in_country));
    g->finished = true;
    return SM_OK;
}

int
sm_gaz_count(const sm_gaz *g)
{
    return (int)g->nplaces;
}

const sm_place *
sm_gaz_place(const sm_gaz *g, int index)
{
    return index >= 0 && (uint32_t)index < g->nplaces ? &g->places[index].p : NULL;
}

void
sm_gaz_names_each(const sm_gaz *g, int index,
                  void (*fn)(const char *name, sm_name_kind kind, void *user), void *user)
{
    if (index < 0 || (uint32_t)index >= g->nplaces)
        return;
    for (uint32_t i = g->places[index].first_name; i != NO_NEXT; i = g->name_next[i])
        fn(g->names[i].text, (sm_name_kind)g->names[i].kind, user);
}

void
sm_gaz_not_places_each(const sm_gaz *g, void (*fn)(const char *, const char *, void *),
                       void *user)
{
    for (uint32_t k = 0; k < g->nkeys; k++)
        if (g->keys[k].not_place)
            fn(g->keys[k].not_place_name, g->keys[k].not_place, user);
}
