/* SPDX-License-Identifier: MIT */
/*
 * describe.c - a situation in a few plain sentences, as a newsroom caption
 * or a map's text alternative: what the map is (area, day, incidents),
 * who holds what share of the land, what changed since the earlier day,
 * the incidents by type and the deadliest, and the largest places. The
 * numbers come from describe_geom.c, the words from describe_text.c's table
 * (or a translation's), so that no sentence is written here in English.
 *
 * Sentences are made in reading order, each with a rank; when there are
 * more than the options allow (sentences or words), the lowest ranked go
 * first. Ties are broken by ids and names, never by memory order: the same
 * situation gives the same text.
 */
#include "timeline/describe_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for a date in any language's words. */
#define DATE_LEN 128

/* A sentence: its text, and how much it is needed (0 most). */
typedef struct sentence {
    sm_buf text;
    int rank;
} sentence;

enum { RANK_INTRO, RANK_SHARES, RANK_CHANGE, RANK_EVENTS, RANK_HANDS, RANK_PLACES, NSENTENCES };

typedef struct describer {
    const sm_situation *s;
    const sm_describe_opts *o;
    const sm_diff *change;
    sm_desc_measure m;
    sentence out[NSENTENCES];
    int nout;
    const char *country;               /* the country's name in words */
} describer;

/* ---- words ------------------------------------------------------------------ */

static const char *
phrase(const describer *d, const char *key)
{
    return sm_describe__phrase(d->o, key);
}

/* Append template t with its {name} slots filled from the pairs kv[2i]
 * (name), kv[2i + 1] (value); a slot not given stays as written. */
static void
fill(sm_buf *b, const char *t, const char *const *kv, size_t nkv)
{
    while (*t) {
        const char *open = strchr(t, '{'), *close = open ? strchr(open, '}') : NULL;
        size_t i;

        if (close == NULL) {
            sm_buf_puts(b, t);
            return;
        }
        sm_buf_append(b, t, (size_t)(open - t));
        for (i = 0; i < nkv; i++)
            if (strlen(kv[2 * i]) == (size_t)(close - open - 1) &&
                memcmp(kv[2 * i], open + 1, (size_t)(close - open - 1)) == 0)
                break;
        if (i < nkv)
            sm_buf_puts(b, kv[2 * i + 1]);
        else
            sm_buf_append(b, open, (size_t)(close - open + 1));
        t = close + 1;
    }
}

/* Phrase key filled with one slot. */
static void
fill1(const describer *d, sm_buf *b, const char *key, const char *name, const char *value)
{
    const char *kv[2] = { name, value };

    fill(b, phrase(d, key), kv, 1);
}

/* A whole number with the phrases' thousands separator: "1,200". */
static const char *
number(const describer *d, long n, char *buf, size_t cap)
{
    char digits[32];
    const char *sep = phrase(d, "thousands");
    size_t len, k = 0, seplen = strlen(sep);

    len = (size_t)snprintf(digits, sizeof(digits), "%ld", labs(n));
    if (n < 0 && k + 1 < cap)
        buf[k++] = '-';
    for (size_t i = 0; i < len && k + seplen + 2 < cap; i++) {
        buf[k++] = digits[i];
        if ((len - 1 - i) % 3 == 0 && i + 1 < len) {
            memcpy(buf + k, sep, seplen);
            k += seplen;
        }
    }
    buf[k] = '\0';
    return buf;
}

/* A count phrase: key.one ("one incident") or key.n ("37 incidents"). */
static void
count(const describer *d, sm_buf *b, const char *one, const char *many, long n)
{
    char num[48];

    if (n == 1)
        sm_buf_puts(b, phrase(d, one));
    else
        fill1(d, b, many, "n", number(d, n, num, sizeof(num)));
}

/* A percentage of the whole, rounded whole: "38%". */
static void
percent(const describer *d, sm_buf *b, double share)
{
    char num[48];

    fill1(d, b, "percent", "n", number(d, lround(100 * share), num, sizeof(num)));
}

/* An area with two significant figures ("1,200 square kilometres"), whole
 * below a hundred. */
static void
area(const describer *d, sm_buf *b, double km2)
{
    char num[48];
    double p = km2 >= 100 ? pow(10, floor(log10(km2)) - 1) : 1;
    long n = lround(round(km2 / p) * p);

    fill1(d, b, "area.km2", "n", number(d, n < 1 ? 1 : n, num, sizeof(num)));
}

/* "12 December 2016"; without the year (unless full) when it is the
 * map's. */
static const char *
date_full(const describer *d, sm_day day, char buf[DATE_LEN], bool full)
{
    int y, m, dd, my, mm;
    char key[16], num_d[8], num_y[8];
    sm_buf b = SM_BUF_INIT;

    sm_day_to_ymd(d->s->day, &my, &mm, &dd);
    sm_day_to_ymd(day, &y, &m, &dd);
    snprintf(key, sizeof(key), "month.%d", m);
    snprintf(num_d, sizeof(num_d), "%d", dd);
    snprintf(num_y, sizeof(num_y), "%d", y);
    const char *kv[] = { "day", num_d, "month", phrase(d, key), "year", num_y };
    fill(&b, phrase(d, y == my && !full ? "date.short" : "date.long"), kv, SM_LEN(kv) / 2);
    snprintf(buf, DATE_LEN, "%s", sm_buf_str(&b));
    sm_buf_free(&b);
    return buf;
}

/* A day of the week or so before the map's: "8 December". */
static const char *
date(const describer *d, sm_day day, char buf[DATE_LEN])
{
    return date_full(d, day, buf, false);
}

static const char *
label(const describer *d, const char *faction)
{
    for (size_t i = 0; i + 1 < 2 * d->o->nlabels; i += 2)
        if (d->o->labels[i] && d->o->labels[i + 1] && strcmp(d->o->labels[i], faction) == 0)
            return d->o->labels[i + 1];
    return faction;
}

/* Items joined as a list: "a, b and c". */
static void
list(const describer *d, sm_buf *b, const sm_buf *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            sm_buf_puts(b, phrase(d, i + 1 == n ? "list.and" : "list.sep"));
        sm_buf_puts(b, sm_buf_str(&items[i]));
    }
}

static sm_buf *
sentence_new(describer *d, int rank)
{
    sentence *s = &d->out[d->nout++];

    s->text = (sm_buf)SM_BUF_INIT;
    s->rank = rank;
    return &s->text;
}

static bool
in_box(const sm_describe_opts *o, double lon, double lat)
{
    return !(o->west < o->east) ||
           (lon >= o->west && lon <= o->east && lat >= o->south && lat <= o->north);
}

/* ---- what the map is -------------------------------------------------------- */

/* The largest place of 100,000 people or more the map shows, or NULL. */
static const sm_place *
largest_city(const describer *d)
{
    const sm_place *best = NULL;

    for (size_t i = 0; i < d->s->nplaces; i++) {
        const sm_place *p = &d->s->places[i];
        if (p->population >= 100000 && p->name && p->name[0] &&
            in_box(d->o, p->lon_deg, p->lat_deg) &&
            (d->o->country == NULL || (p->country && strcmp(p->country, d->o->country) == 0)) &&
            (best == NULL || p->population > best->population ||
             (p->population == best->population && p->id < best->id)))
            best = p;
    }
    return best;
}

/* What the map shows: the country; a part of it by its direction (thirds
 * from south to north, quarters from west to east, so that Aleppo is in
 * the north and Idlib in the north-west); a city's surroundings, for a
 * frame of less than 3,000 km2 of land around a city; or the area shown. */
static void
area_name(const describer *d, sm_buf *b)
{
    const sm_desc_measure *m = &d->m;
    static const char *const dirs[3][3] = {   /* [south, middle, north][west, middle, east] */
        { "direction.sw", "direction.s", "direction.se" },
        { "direction.w", "direction.c", "direction.e" },
        { "direction.nw", "direction.n", "direction.ne" },
    };
    const sm_place *city;
    sm_buf part = SM_BUF_INIT;

    if (d->o->area) {
        sm_buf_puts(b, d->o->area);
    } else if (m->has_land && m->whole_country) {
        fill1(d, b, "area.whole", "country", d->country);
    } else if (m->has_land && m->in_land) {
        int x = m->centre_x < 0.25 ? 0 : m->centre_x > 0.75 ? 2 : 1;
        int y = m->centre_y < 1.0 / 3 ? 0 : m->centre_y > 2.0 / 3 ? 2 : 1;
        const char *kv[] = { "direction", phrase(d, dirs[y][x]), "country", d->country,
                             "place", NULL, "part", NULL };
        fill(&part, phrase(d, "area.part"), kv, 2);
        if (m->whole_km2 < 3000 && (city = largest_city(d)) != NULL) {
            kv[5] = city->name;
            kv[7] = sm_buf_str(&part);
            fill(b, phrase(d, "area.around"), kv + 4, 2);
        } else {
            sm_buf_puts(b, sm_buf_str(&part));
        }
    } else {
        sm_buf_puts(b, phrase(d, "area.box"));
    }
    b->failed |= part.failed;
    sm_buf_free(&part);
}

/* The events the map shows: those with a point in the box. */
static bool
shown(const describer *d, const sm_event *ev)
{
    return ev->has_point && in_box(d->o, ev->lon_deg, ev->lat_deg);
}

static void
intro(describer *d, long nevents)
{
    const sm_situation *s = d->s;
    sm_buf area_b = SM_BUF_INIT, events_b = SM_BUF_INIT, window_b = SM_BUF_INIT;
    char day[DATE_LEN], num[48];
    int window = s->events_from == SM_DAY_NONE ? -1 : s->day - s->events_from + 1;
    bool zones = d->m.whole_km2 > 0 && d->m.nodata_km2 < d->m.whole_km2;
    const char *key;

    area_name(d, &area_b);
    count(d, &events_b, "incidents.one", "incidents.n", nevents);
    if (window < 0)
        sm_buf_puts(&window_b, phrase(d, "window.all"));
    else if (window == 1)
        sm_buf_puts(&window_b, phrase(d, "window.day"));
    else
        fill1(d, &window_b, "window.days", "n", number(d, window, num, sizeof(num)));
    if (window == 0)
        key = "intro.control";          /* no events asked for: control alone */
    else if (zones)
        key = nevents > 0 ? "intro.control_events" : "intro.control_quiet";
    else
        key = nevents > 0 ? "intro.events" : "intro.quiet";
    const char *kv[] = { "area",   sm_buf_str(&area_b),   "date",
                         date_full(d, s->day, day, true), "events", sm_buf_str(&events_b),
                         "window", sm_buf_str(&window_b) };
    fill(sentence_new(d, RANK_INTRO), phrase(d, key), kv, SM_LEN(kv) / 2);
    sm_buf_free(&area_b);
    sm_buf_free(&events_b);
    sm_buf_free(&window_b);
}

/* ---- who holds what --------------------------------------------------------- */

static int
by_km2(const void *a, const void *b)
{
    const sm_desc_faction *x = *(const sm_desc_faction *const *)a;
    const sm_desc_faction *y = *(const sm_desc_faction *const *)b;

    return x->km2 > y->km2 ? -1 : x->km2 < y->km2 ? 1 : strcmp(x->id, y->id);
}

static void
shares(describer *d)
{
    const sm_desc_measure *m = &d->m;
    const sm_desc_faction **order = NULL;
    sm_buf whole = SM_BUF_INIT, pct = SM_BUF_INIT, *b;
    size_t n = 0, listed = 0;

    if (m->whole_km2 <= 0 || m->nfactions == 0 ||
        (order = calloc(m->nfactions, sizeof(*order))) == NULL)
        return;
    for (size_t i = 0; i < m->nfactions; i++)
        if (m->factions[i].km2 > 0)
            order[n++] = &m->factions[i];
    if (n == 0) {
        free(order);
        return;
    }
    qsort(order, n, sizeof(*order), by_km2);
    if (!m->has_land)
        sm_buf_puts(&whole, phrase(d, "whole.zoned"));
    else
        fill1(d, &whole, m->whole_country ? "whole.country" : "whole.part", "country",
              d->country);
    /* the largest five, down to 1% (a "0%" is left out, as all after it) */
    while (listed < n && listed < 5 &&
           (listed == 0 || order[listed]->km2 / m->whole_km2 >= 0.005))
        listed++;
    b = sentence_new(d, RANK_SHARES);
    for (size_t i = 0; i < listed; i++) {
        double share = order[i]->km2 / m->whole_km2;
        sm_buf_reset(&pct);
        percent(d, &pct, share);
        const char *kv[] = { "pct", sm_buf_str(&pct), "whole", sm_buf_str(&whole),
                             "faction", label(d, order[i]->id) };
        if (i > 0)
            sm_buf_puts(b, phrase(d, i + 1 == listed ? "list.and" : "list.sep"));
        fill(b, phrase(d, i > 0 ? "shares.next" : share < 0.005 ? "shares.lead_small"
                                                                : "shares.lead"),
             kv, SM_LEN(kv) / 2);
    }
    if (m->has_land && m->nodata_km2 / m->whole_km2 >= 0.005) {
        sm_buf_reset(&pct);
        percent(d, &pct, m->nodata_km2 / m->whole_km2);
        sm_buf_puts(b, phrase(d, "clause.sep"));
        fill1(d, b, "shares.nodata", "pct", sm_buf_str(&pct));
    }
    sm_buf_puts(b, phrase(d, "sentence.end"));
    sm_buf_free(&whole);
    sm_buf_free(&pct);
    free(order);
}

/* ---- what changed ----------------------------------------------------------- */

static int
by_gain(const void *a, const void *b)
{
    const sm_desc_faction *x = *(const sm_desc_faction *const *)a;
    const sm_desc_faction *y = *(const sm_desc_faction *const *)b;

    return x->gained_km2 > y->gained_km2 ? -1 : x->gained_km2 < y->gained_km2 ? 1
                                                                            : strcmp(x->id, y->id);
}

/* The places that changed hands in the box from one faction to another,
 * a group to each pair (its places by day, then name). */
typedef struct hands_group {
    const sm_place_change **places;
    size_t n;
    bool told;                         /* said with a faction's gain */
} hands_group;

static bool
same_hands(const sm_place_change *a, const sm_place_change *b)
{
    return strcmp(a->from_faction, b->from_faction) == 0 &&
           strcmp(a->to_faction, b->to_faction) == 0;
}

static int
by_size(const void *a, const void *b)
{
    const hands_group *x = a, *y = b;

    /* the larger first; of the same size, the one whose first place came
     * first (places are by day, then name) */
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return x->places < y->places ? -1 : x->places > y->places;
}

/* The groups (*ngroups of them; a new array, with the places' in *all) of
 * the change's places in the box. False when memory runs out. */
static bool
hands_groups(const describer *d, hands_group **groups, size_t *ngroups,
             const sm_place_change ***all)
{
    size_t n = d->change->nchanged, k = 0;
    const sm_place_change **in = calloc(n ? n : 1, sizeof(*in));
    hands_group *g = calloc(n ? n : 1, sizeof(*g));

    *groups = g;
    *all = in;
    *ngroups = 0;
    if (in == NULL || g == NULL)
        return false;
    /* each group's places one after the other in `in`, in the change's order */
    for (size_t i = 0; i < n; i++) {
        const sm_place_change *c = &d->change->changed[i];
        bool first = true;
        if (!c->has_point || !in_box(d->o, c->lon_deg, c->lat_deg))
            continue;
        for (size_t j = 0; j < i && first; j++) {
            const sm_place_change *e = &d->change->changed[j];
            first = !(e->has_point && in_box(d->o, e->lon_deg, e->lat_deg) && same_hands(e, c));
        }
        if (!first)
            continue;
        g[*ngroups].places = &in[k];
        for (size_t j = i; j < n; j++) {
            const sm_place_change *e = &d->change->changed[j];
            if (e->has_point && in_box(d->o, e->lon_deg, e->lat_deg) && same_hands(e, c)) {
                in[k++] = e;
                g[*ngroups].n++;
            }
        }
        (*ngroups)++;
    }
    if (*ngroups > 1)
        qsort(g, *ngroups, sizeof(*g), by_size);
    return true;
}

/* A group's places: "x, y and z", or "x, y, z and 10 other places". */
static void
group_places(const describer *d, sm_buf *b, const hands_group *g)
{
    sm_buf names[4] = { SM_BUF_INIT, SM_BUF_INIT, SM_BUF_INIT, SM_BUF_INIT };
    size_t k = g->n > SM_LEN(names) ? SM_LEN(names) - 1 : g->n;
    char num[48];

    for (size_t j = 0; j < k; j++) {
        names[j] = (sm_buf)SM_BUF_INIT;
        sm_buf_puts(&names[j], g->places[j]->place);
    }
    if (k < g->n) {
        names[k] = (sm_buf)SM_BUF_INIT;
        fill1(d, &names[k], "hands.others", "n", number(d, (long)(g->n - k), num, sizeof(num)));
        k++;
    }
    list(d, b, names, k);
    for (size_t j = 0; j < k; j++)
        sm_buf_free(&names[j]);
}

/* "x, y and z passed from A to B": the groups not told yet, at most two. */
static void
hands_clauses(const describer *d, sm_buf *b, const hands_group *g, size_t n)
{
    sm_buf places = SM_BUF_INIT;
    int said = 0;

    for (size_t i = 0; i < n && said < 2; i++) {
        if (g[i].told)
            continue;
        sm_buf_reset(&places);
        group_places(d, &places, &g[i]);
        const char *kv[] = { "places", sm_buf_str(&places), "from",
                             label(d, g[i].places[0]->from_faction), "to",
                             label(d, g[i].places[0]->to_faction) };
        if (said++ > 0)
            sm_buf_puts(b, phrase(d, "clause.sep"));
        fill(b, phrase(d, g[i].n == 1 ? "hands.one" : "hands.list"), kv, SM_LEN(kv) / 2);
    }
    sm_buf_free(&places);
}

/* The gains of the faction that gained most, and of the next when it
 * gained a quarter as much (each at least 1 km2 and 0.02% of the whole:
 * smaller ones are the shifts of zones drawn from places), as clauses,
 * each with the places it took from the faction it gained from. */
static void
gain_clauses(const describer *d, sm_buf *b, double *moved, hands_group *g, size_t ng)
{
    const sm_desc_measure *m = &d->m;
    const sm_desc_faction **order = calloc(m->nfactions ? m->nfactions : 1, sizeof(*order));
    double least = fmax(1, 0.0002 * m->whole_km2);
    sm_buf size = SM_BUF_INIT, places = SM_BUF_INIT;
    size_t n = 0;

    for (size_t i = 0; i < m->nfactions; i++) {
        *moved += m->factions[i].gained_km2 + m->factions[i].lost_km2;
        if (order && m->factions[i].gained_km2 >= least)
            order[n++] = &m->factions[i];
    }
    if (n > 1)
        qsort(order, n, sizeof(*order), by_gain);
    /* the second only when it gained a quarter of the first's or more */
    for (size_t i = 0; i < n && (i == 0 || (i == 1 && order[1]->gained_km2 >= 0.25 *
                                                                  order[0]->gained_km2));
         i++) {
        const char *from = order[i]->gained_from;
        hands_group *taken = NULL;
        for (size_t k = 0; from && k < ng && !taken; k++)
            if (!g[k].told && strcmp(g[k].places[0]->to_faction, order[i]->id) == 0 &&
                strcmp(g[k].places[0]->from_faction, from) == 0)
                taken = &g[k];
        sm_buf_reset(&size);
        sm_buf_reset(&places);
        area(d, &size, order[i]->gained_km2);
        if (taken) {
            group_places(d, &places, taken);
            taken->told = true;
        }
        const char *kv[] = { "faction", label(d, order[i]->id), "area", sm_buf_str(&size),
                             "from", from ? label(d, from) : "", "places", sm_buf_str(&places) };
        if (i > 0)
            sm_buf_puts(b, phrase(d, "clause.sep"));
        fill(b, phrase(d, taken ? "change.gain_taking" : from ? "change.gain_from" : "change.gain"),
             kv, SM_LEN(kv) / 2);
    }
    sm_buf_free(&size);
    sm_buf_free(&places);
    free(order);
}

/* "Since 5 December, ..." and the sentence's end. */
static void
since(const describer *d, sm_buf *b, const char *since_day, const sm_buf *clauses)
{
    const char *kv[] = { "date", since_day, "change", sm_buf_str(clauses) };

    fill(b, phrase(d, "change.since"), kv, SM_LEN(kv) / 2);
    sm_buf_puts(b, phrase(d, "sentence.end"));
}

static void
changed(describer *d)
{
    sm_buf gains = SM_BUF_INIT, moves = SM_BUF_INIT;
    char day[DATE_LEN];
    double moved = 0;
    hands_group *groups;
    const sm_place_change **all;
    size_t ngroups;

    hands_groups(d, &groups, &ngroups, &all);
    date(d, d->change->from, day);
    gain_clauses(d, &gains, &moved, groups, ngroups);
    hands_clauses(d, &moves, groups, ngroups);
    if (gains.len > 0)
        since(d, sentence_new(d, RANK_CHANGE), day, &gains);
    if (moves.len > 0 && gains.len > 0) {
        sm_buf *b = sentence_new(d, RANK_HANDS);
        sm_buf_puts(b, sm_buf_str(&moves));
        sm_buf_puts(b, phrase(d, "sentence.end"));
    } else if (moves.len > 0) {
        since(d, sentence_new(d, RANK_CHANGE), day, &moves);
    } else if (gains.len == 0) {
        fill1(d, sentence_new(d, RANK_CHANGE), moved > 0 ? "change.little" : "change.none",
              "date", day);
    }
    free(groups);
    free(all);
    sm_buf_free(&gains);
    sm_buf_free(&moves);
}

/* ---- the incidents ---------------------------------------------------------- */

/* The phrase of type t: "type.airstrike.a" and so on. */
static const char *
type_phrase(const describer *d, sm_event_type t, const char *form)
{
    char key[64];

    snprintf(key, sizeof(key), "type.%s.%s", sm_event_type_name(t), form);
    return phrase(d, key);
}

/* The place nearest (lon, lat) within reach_deg (of latitude), among those
 * of some population when peopled; NULL when none. */
static const sm_place *
nearest(const sm_situation *s, double lon, double lat, double reach_deg, bool peopled)
{
    const sm_place *near = NULL;
    double best = reach_deg * reach_deg, kx = cos(lat * M_PI / 180);

    for (size_t i = 0; i < s->nplaces; i++) {
        const sm_place *p = &s->places[i];
        double dx = (p->lon_deg - lon) * kx, dy = p->lat_deg - lat;
        if (p->name && p->name[0] && (!peopled || p->population > 0) &&
            dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            near = p;
        }
    }
    return near;
}

/* Where an event was: " in Al-Bab" (its place as written, or the place it
 * was geocoded to), " near Al-Bab" (the nearest place of some size within
 * about 10 km, else the nearest village within 5 km), or nothing. */
static void
where(const describer *d, const sm_event *ev, sm_buf *b)
{
    const sm_situation *s = d->s;
    const sm_place *near;

    if (ev->place && ev->place[0]) {
        fill1(d, b, "where.in", "place", ev->place);
        return;
    }
    for (size_t i = 0; ev->place_id != 0 && i < s->nplaces; i++)
        if (s->places[i].id == ev->place_id && s->places[i].name && s->places[i].name[0]) {
            fill1(d, b, "where.in", "place", s->places[i].name);
            return;
        }
    near = nearest(s, ev->lon_deg, ev->lat_deg, 0.09, true);
    if (near == NULL)
        near = nearest(s, ev->lon_deg, ev->lat_deg, 0.045, false);
    if (near)
        fill1(d, b, "where.near", "place", near->name);
}

static void
events(describer *d, long nevents, const long counts[SM_EVENT_TYPE_COUNT])
{
    const sm_situation *s = d->s;
    const sm_event *worst = NULL;
    int order[SM_EVENT_TYPE_COUNT], nkinds = 0;
    sm_buf items[4], kinds = SM_BUF_INIT, total = SM_BUF_INIT, killed = SM_BUF_INIT;
    sm_buf at = SM_BUF_INIT;
    char day[DATE_LEN], num[48];
    size_t nitems = 0;

    if (nevents == 0)
        return;
    for (int t = 0; t < SM_EVENT_TYPE_COUNT; t++)
        if (counts[t] > 0)
            order[nkinds++] = t;
    /* by count, then as the types are listed (a stable order) */
    for (int i = 1; i < nkinds; i++)
        for (int j = i; j > 0 && counts[order[j]] > counts[order[j - 1]]; j--) {
            int k = order[j];
            order[j] = order[j - 1];
            order[j - 1] = k;
        }
    for (size_t i = 0; i < s->nevents; i++)
        if (shown(d, &s->events[i]) && s->events[i].fatalities > 0 &&
            (worst == NULL || s->events[i].fatalities > worst->fatalities))
            worst = &s->events[i];
    count(d, &total, "incidents.one", "incidents.n", nevents);
    if (nevents == 1) {
        const sm_event *ev = worst;
        for (size_t i = 0; ev == NULL && i < s->nevents; i++)
            if (shown(d, &s->events[i]))
                ev = &s->events[i];
        if (ev->fatalities > 0)
            count(d, &killed, "killed.one", "killed.n", ev->fatalities);
        where(d, ev, &at);
        const char *kv[] = { "kind", type_phrase(d, ev->type, "a"), "where", sm_buf_str(&at),
                             "date", date(d, ev->day, day), "killed", sm_buf_str(&killed) };
        fill(sentence_new(d, RANK_EVENTS),
             phrase(d, ev->fatalities > 0 ? "events.single_killed" : "events.single"), kv,
             SM_LEN(kv) / 2);
        goto done;
    }
    sm_buf *b = sentence_new(d, RANK_EVENTS);
    if (nkinds == 1) {
        const char *kv[] = { "events", sm_buf_str(&total), "kind",
                             type_phrase(d, (sm_event_type)order[0], "all") };
        fill(b, phrase(d, "events.all"), kv, SM_LEN(kv) / 2);
    } else {
        long rest = nevents;
        for (int i = 0; i < nkinds && nitems < SM_LEN(items); i++) {
            items[nitems] = (sm_buf)SM_BUF_INIT;
            if (nitems == SM_LEN(items) - 1 && i + 1 < nkinds) {
                count(d, &items[nitems++], "events.other", "events.others", rest);
                break;
            }
            if (counts[order[i]] == 1) {
                sm_buf_puts(&items[nitems], type_phrase(d, (sm_event_type)order[i], "a"));
            } else {
                const char *kv[] = { "n", number(d, counts[order[i]], num, sizeof(num)) };
                fill(&items[nitems], type_phrase(d, (sm_event_type)order[i], "n"), kv, 1);
            }
            rest -= counts[order[i]];
            nitems++;
        }
        list(d, &kinds, items, nitems);
        const char *kv[] = { "events", sm_buf_str(&total), "kinds", sm_buf_str(&kinds) };
        fill(b, phrase(d, "events.kinds"), kv, SM_LEN(kv) / 2);
    }
    if (worst) {
        count(d, &killed, "killed.one", "killed.n", worst->fatalities);
        where(d, worst, &at);
        const char *kv[] = { "kind", type_phrase(d, worst->type, "a"), "where", sm_buf_str(&at),
                             "date", date(d, worst->day, day), "killed", sm_buf_str(&killed) };
        sm_buf_puts(b, phrase(d, "clause.sep"));
        fill(b, phrase(d, "events.deadliest"), kv, SM_LEN(kv) / 2);
    }
    sm_buf_puts(b, phrase(d, "sentence.end"));
done:
    for (size_t i = 0; i < nitems; i++)
        sm_buf_free(&items[i]);
    sm_buf_free(&kinds);
    sm_buf_free(&total);
    sm_buf_free(&killed);
    sm_buf_free(&at);
}

/* ---- the places ------------------------------------------------------------- */

static int
by_population(const void *a, const void *b)
{
    const sm_place *x = *(const sm_place *const *)a, *y = *(const sm_place *const *)b;

    return x->population > y->population ? -1 : x->population < y->population ? 1
           : x->id < y->id                                                   ? -1
           : x->id > y->id;
}

static void
places(describer *d)
{
    const sm_situation *s = d->s;
    const sm_place **order;
    sm_buf names[4], all = SM_BUF_INIT;
    size_t n = 0, k = 0;

    if (s->nplaces == 0 || (order = calloc(s->nplaces, sizeof(*order))) == NULL)
        return;
    for (size_t i = 0; i < s->nplaces; i++) {
        const sm_place *p = &s->places[i];
        if (p->population > 0 && p->name && p->name[0] && in_box(d->o, p->lon_deg, p->lat_deg) &&
            (d->o->country == NULL || (p->country && strcmp(p->country, d->o->country) == 0)))
            order[n++] = p;
    }
    qsort(order, n, sizeof(*order), by_population);
    for (size_t i = 0; i < n && k < SM_LEN(names); i++) {
        bool seen = false;
        for (size_t j = 0; j < k; j++)
            seen |= strcmp(sm_buf_str(&names[j]), order[i]->name) == 0;
        if (seen)
            continue;
        names[k] = (sm_buf)SM_BUF_INIT;
        sm_buf_puts(&names[k++], order[i]->name);
    }
    if (k > 0) {
        list(d, &all, names, k);
        fill1(d, sentence_new(d, RANK_PLACES), "places", "places", sm_buf_str(&all));
    }
    for (size_t j = 0; j < k; j++)
        sm_buf_free(&names[j]);
    sm_buf_free(&all);
    free(order);
}

/* ---- the whole -------------------------------------------------------------- */

static size_t
words(const char *t)
{
    size_t n = 0;

    for (bool in = false; *t; t++) {
        bool space = *t == ' ';
        n += !space && !in;
        in = !space;
    }
    return n;
}

/* Leave out the least needed sentences until the text fits. */
static void
fit(describer *d)
{
    int max_sentences = d->o->max_sentences > 0 ? d->o->max_sentences : 5;
    size_t max_words = d->o->max_words > 0 ? (size_t)d->o->max_words : 120;

    for (;;) {
        int kept = 0, drop = -1;
        size_t nwords = 0;
        for (int i = 0; i < d->nout; i++) {
            if (d->out[i].rank < 0)
                continue;
            kept++;
            nwords += words(sm_buf_str(&d->out[i].text));
            if (d->out[i].rank > RANK_INTRO && (drop < 0 || d->out[i].rank > d->out[drop].rank))
                drop = i;
        }
        if ((kept <= max_sentences && nwords <= max_words) || drop < 0)
            return;
        d->out[drop].rank = -1;
    }
}

sm_status
sm_situation_describe(const sm_situation *s, const sm_describe_opts *o, sm_buf *out,
                      sm_error *err)
{
    static const sm_describe_opts none = SM_DESCRIBE_OPTS_INIT;
    describer d = { .s = s, .o = o ? o : &none };
    long counts[SM_EVENT_TYPE_COUNT] = { 0 }, nevents = 0;
    bool first = true, failed = false;
    sm_status st;

    d.change = d.o->change ? d.o->change : s->change;
    d.country = d.o->country_name ? d.o->country_name : phrase(&d, "country.unnamed");
    if ((st = sm_describe__measure(s, d.o, d.change, &d.m, err)) != SM_OK)
        return st;
    for (size_t i = 0; i < s->nevents; i++)
        if (shown(&d, &s->events[i]) && (unsigned)s->events[i].type < SM_EVENT_TYPE_COUNT) {
            counts[s->events[i].type]++;
            nevents++;
        }
    intro(&d, nevents);
    shares(&d);
    if (d.change)
        changed(&d);
    events(&d, nevents, counts);
    places(&d);
    fit(&d);
    for (int i = 0; i < d.nout; i++) {
        failed |= d.out[i].text.failed;
        if (d.out[i].rank < 0 || d.out[i].text.len == 0)
            continue;
        if (!first)
            sm_buf_puts(out, phrase(&d, "sentence.sep"));
        sm_buf_puts(out, sm_buf_str(&d.out[i].text));
        first = false;
    }
    for (int i = 0; i < d.nout; i++)
        sm_buf_free(&d.out[i].text);
    sm_describe__measure_free(&d.m);
    if (failed || out->failed)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return SM_OK;
}
