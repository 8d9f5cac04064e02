/* SPDX-License-Identifier: MIT */
/* test_describe.c - a situation in words (sm_situation_describe): on
 * situations put together by hand, with shares, gains and incidents whose
 * numbers are known, the sentences a caption must hold. */
#include "check.h"

#include <math.h>

#include "sitmap.h"

/* A box as a multipolygon's ring (appended to g). */
static void
add_box(sm_mpoly *g, double w, double s, double e, double n)
{
    const double ring[10] = { w, s, e, s, e, n, w, n, w, s };

    CHECK(sm_mpoly_add_ring(g, ring, 5, true), "a ring");
}

static void
add_zone(sm_situation *s, const char *faction, double w, double so, double e, double n)
{
    sm_mpoly g = SM_MPOLY_INIT;
    sm_sit_zone z = { .uid = faction, .faction = faction, .status = "held",
                      .valid_from = s->day - 100, .valid_to = SM_DAY_OPEN };
    sm_error err = { 0 };

    add_box(&g, w, so, e, n);
    CHECK(sm_situation_add_zone(s, &z, &g, &err) == SM_OK, "zone %s: %s", faction, err.msg);
    sm_mpoly_free(&g);
}

static void
add_event(sm_situation *s, sm_event_type type, int days_ago, double lon, double lat,
          int fatalities, const char *place)
{
    sm_event ev = { .uid = "e", .day = s->day - days_ago, .type = type, .has_point = true,
                    .lon_deg = lon, .lat_deg = lat, .fatalities = fatalities, .place = place };
    sm_error err = { 0 };

    CHECK(sm_situation_add_event(s, &ev, &err) == SM_OK, "event: %s", err.msg);
}

static void
add_place(sm_situation *s, int64_t id, const char *name, double lon, double lat, long pop)
{
    sm_place p = { .id = id, .name = name, .lon_deg = lon, .lat_deg = lat, .population = pop,
                   .country = "TL", .kind = "town" };
    sm_error err = { 0 };

    CHECK(sm_situation_add_place(s, &p, &err) == SM_OK, "place %s: %s", name, err.msg);
}

/* Testland, 36..38 E, 35..36 N: Alpha holds the west half, Bravo the next
 * quarter, the last quarter has no data (degrees of longitude are equal
 * areas within one band of latitude, so the shares are exact). The events
 * of 7 days: two airstrikes and a clash inside, one strike outside. */
typedef struct scene {
    sm_situation *s;
    sm_mpoly land;
    sm_day day;
} scene;

static const char *const labels[] = { "a", "Alpha", "b", "Bravo" };

static void
scene_make(scene *sc)
{
    sm_day_parse("2016-12-12", &sc->day);
    sc->land = (sm_mpoly)SM_MPOLY_INIT;
    add_box(&sc->land, 36, 35, 38, 36);
    sc->s = sm_situation_new(sc->day);
    CHECK(sc->s != NULL, "a situation");
    if (sc->s == NULL)
        return;
    sc->s->events_from = sc->day - 6;
    add_zone(sc->s, "a", 36, 35, 37, 36);
    add_zone(sc->s, "b", 37, 35, 37.5, 36);
    add_event(sc->s, SM_EVENT_AIRSTRIKE, 3, 36.5, 35.5, 3, NULL);
    add_event(sc->s, SM_EVENT_AIRSTRIKE, 2, 36.6, 35.6, 12, "Alphaville");
    add_event(sc->s, SM_EVENT_CLASH, 1, 37.2, 35.4, 5, NULL);
    add_event(sc->s, SM_EVENT_AIRSTRIKE, 1, 40.0, 35.5, 100, "Far Away");  /* not on the map */
    add_place(sc->s, 1, "Alphaville", 36.62, 35.61, 100000);
    add_place(sc->s, 2, "Bravoton", 37.3, 35.5, 50000);
    add_place(sc->s, 3, "Hamlet", 37.21, 35.41, 0);
    add_place(sc->s, 4, "Far Away", 40.0, 35.5, 1000000);
}

static void
scene_free(scene *sc)
{
    sm_situation_free(sc->s);
    sm_mpoly_free(&sc->land);
}

static sm_describe_opts
opts_for(const scene *sc)
{
    sm_describe_opts o = SM_DESCRIBE_OPTS_INIT;

    o.west = 35.9;              /* the frame: a little more than the land */
    o.south = 34.9;
    o.east = 38.1;
    o.north = 36.1;
    o.land = &sc->land;
    o.country_name = "Testland";
    o.country = "TL";
    o.labels = labels;
    o.nlabels = 2;
    return o;
}

/* The description, in a buffer the caller frees. */
static sm_buf
describe(const sm_situation *s, const sm_describe_opts *o)
{
    sm_buf b = SM_BUF_INIT;
    sm_error err = { 0 };

    CHECK(sm_situation_describe(s, o, &b, &err) == SM_OK, "described: %s", err.msg);
    return b;
}

#define HAS(text, want) CHECK(strstr(text, want) != NULL, "want \"%s\" in: %s", want, text)

static void
test_what_the_map_is_and_who_holds_what(void)
{
    scene sc;
    sm_describe_opts o;
    sm_buf b;

    scene_make(&sc);
    if (sc.s == NULL)
        return;
    o = opts_for(&sc);
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "Map of Testland as of 12 December 2016 showing territorial control and"
                        " 3 incidents in the previous 7 days.");
    HAS(sm_buf_str(&b), "About 50% of Testland is held by Alpha and 25% by Bravo;"
                        " 25% has no data.");
    CHECK(strncmp(sm_buf_str(&b), "Map of", 6) == 0, "the map first: %s", sm_buf_str(&b));
    CHECK(strchr(sm_buf_str(&b), '\n') == NULL, "one paragraph: %s", sm_buf_str(&b));
    sm_buf_free(&b);
    scene_free(&sc);
}

static void
test_the_incidents_and_the_deadliest(void)
{
    scene sc;
    sm_describe_opts o;
    sm_buf b;

    scene_make(&sc);
    if (sc.s == NULL)
        return;
    o = opts_for(&sc);
    b = describe(sc.s, &o);
    /* the strike outside the frame (100 killed) is not on the map */
    HAS(sm_buf_str(&b), "The 3 incidents were 2 airstrikes and a clash; the deadliest, an"
                        " airstrike in Alphaville on 10 December, killed 12 people.");
    CHECK(strstr(sm_buf_str(&b), "Far Away") == NULL && strstr(sm_buf_str(&b), "100") == NULL,
          "nothing of what lies outside: %s", sm_buf_str(&b));
    HAS(sm_buf_str(&b), "Places named include Alphaville and Bravoton.");
    sm_buf_free(&b);

    /* an event with no place written: the place it was geocoded to, or the
     * nearest of some size */
    sc.s->events[1].place = NULL;
    sc.s->events[1].place_id = 1;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "an airstrike in Alphaville on 10 December");
    sm_buf_free(&b);
    sc.s->events[1].place_id = 0;
    sc.s->events[1].lon_deg = 36.65;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "an airstrike near Alphaville on 10 December");
    sm_buf_free(&b);
    /* far from any town, near a village (no population known) */
    sc.s->events[1].lon_deg = 37.2;
    sc.s->events[1].lat_deg = 35.43;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "an airstrike near Hamlet on 10 December");
    sm_buf_free(&b);
    /* nothing within reach: no place said */
    sc.s->events[1].lon_deg = 36.2;
    sc.s->events[1].lat_deg = 35.9;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "the deadliest, an airstrike on 10 December, killed 12 people.");
    sm_buf_free(&b);
    scene_free(&sc);
}

/* Alpha took 36.5..37 from Bravo since a week earlier, and Bravoton with it. */
static void
test_what_changed_since_the_week_before(void)
{
    scene sc;
    sm_describe_opts o;
    sm_buf b;
    sm_diff d = { 0 };
    sm_sit_change_area areas[2] = { { "a", true, 0, 1 }, { "b", false, 1, 1 } };
    sm_place_change moved = { .place = "Bravoton", .from_faction = "b", .to_faction = "a",
                              .has_point = true, .lon_deg = 36.7, .lat_deg = 35.5,
                              .basis = "control" };
    sm_mpoly one = SM_MPOLY_INIT;
    char want[128];
    double km2, p;

    scene_make(&sc);
    if (sc.s == NULL)
        return;
    d.from = sc.day - 7;
    d.to = sc.day;
    d.geom = (sm_mpoly)SM_MPOLY_INIT;
    add_box(&d.geom, 36.5, 35, 37, 36);
    add_box(&d.geom, 36.5, 35, 37, 36);
    d.areas = areas;
    d.nareas = 2;
    d.changed = &moved;
    d.nchanged = 1;
    add_box(&one, 36.5, 35, 37, 36);
    km2 = sm_mpoly_km2(&one, 0, 1);
    p = pow(10, floor(log10(km2)) - 1);
    snprintf(want, sizeof(want), "gained about %d,%03d square kilometres",
             (int)lround(round(km2 / p) * p) / 1000, (int)lround(round(km2 / p) * p) % 1000);
    o = opts_for(&sc);
    o.change = &d;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "Since 5 December, Alpha ");
    HAS(sm_buf_str(&b), want);
    HAS(sm_buf_str(&b), ", mostly from Bravo, taking Bravoton.");
    sm_buf_free(&b);

    /* nothing moved: said so */
    d.nareas = 0;
    d.nchanged = 0;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "No territory changed hands since 5 December.");
    sm_buf_free(&b);
    sm_mpoly_free(&one);
    sm_mpoly_free(&d.geom);
    scene_free(&sc);
}

static void
test_the_same_situation_the_same_words(void)
{
    scene sc;
    sm_describe_opts o;
    sm_buf a, b;

    scene_make(&sc);
    if (sc.s == NULL)
        return;
    o = opts_for(&sc);
    a = describe(sc.s, &o);
    b = describe(sc.s, &o);
    CHECK(strcmp(sm_buf_str(&a), sm_buf_str(&b)) == 0, "the same text twice:\n%s\n%s",
          sm_buf_str(&a), sm_buf_str(&b));
    sm_buf_free(&a);
    sm_buf_free(&b);
    /* with no names for the factions, their ids */
    o.labels = NULL;
    o.nlabels = 0;
    a = describe(sc.s, &o);
    HAS(sm_buf_str(&a), "held by a and 25% by b");
    sm_buf_free(&a);
    scene_free(&sc);
}

static void
test_the_least_needed_sentences_go_first(void)
{
    scene sc;
    sm_describe_opts o;
    sm_buf b;

    scene_make(&sc);
    if (sc.s == NULL)
        return;
    o = opts_for(&sc);
    o.max_sentences = 2;
    b = describe(sc.s, &o);
    CHECK(strstr(sm_buf_str(&b), "Map of Testland") && strstr(sm_buf_str(&b), "About 50%") &&
              !strstr(sm_buf_str(&b), "incidents were") && !strstr(sm_buf_str(&b), "Places"),
          "the map and the shares alone: %s", sm_buf_str(&b));
    sm_buf_free(&b);
    o.max_sentences = 0;
    o.max_words = 40;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "About 50%");
    CHECK(!strstr(sm_buf_str(&b), "Places"), "the places go first: %s", sm_buf_str(&b));
    sm_buf_free(&b);
    scene_free(&sc);
}

/* The part of a larger country the box shows is named by its direction; with
 * no land the shares are of the zones. */
static void
test_a_part_of_the_country_and_no_land(void)
{
    scene sc;
    sm_describe_opts o;
    sm_mpoly big = SM_MPOLY_INIT;
    sm_buf b;

    scene_make(&sc);
    if (sc.s == NULL)
        return;
    add_box(&big, 36, 31, 44, 36.2);     /* Testland reaches far south and east */
    o = opts_for(&sc);
    o.land = &big;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "Map of north-western Testland as of 12 December 2016");
    HAS(sm_buf_str(&b), "of the part of Testland shown is held by Alpha");
    sm_buf_free(&b);
    /* a frame of a few hundred km2 around a city */
    add_place(sc.s, 5, "Bigcity", 36.15, 35.5, 200000);
    o.west = 36.0;
    o.east = 36.3;
    o.south = 35.4;
    o.north = 35.6;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "Map of the area around Bigcity in north-western Testland as of");
    HAS(sm_buf_str(&b), "About 100% of the part of Testland shown is held by Alpha.");
    sm_buf_free(&b);
    o = opts_for(&sc);
    o.land = NULL;
    b = describe(sc.s, &o);
    HAS(sm_buf_str(&b), "Map of the area shown as of");
    /* of the zoned area: Alpha holds two thirds */
    HAS(sm_buf_str(&b), "About 67% of the area mapped is held by Alpha and 33% by Bravo.");
    sm_buf_free(&b);
    sm_mpoly_free(&big);
    scene_free(&sc);
}

static void
test_a_translation_replaces_the_phrases(void)
{
    static const sm_describe_phrase fr[] = {
        { "intro.control_events", "Carte de {area} au {date} : {events} {window}." },
        { "incidents.n", "{n} incidents" },
        { "window.days", "en {n} jours" },
        { "month.12", "décembre" },
    };
    scene sc;
    sm_describe_opts o;
    size_t n = 0;
    const sm_describe_phrase *en = sm_describe_english(&n);
    sm_buf b;
    bool keyed = true;

    for (size_t i = 0; i < n; i++)
        keyed &= en[i].key && en[i].key[0] && en[i].text;
    CHECK(n > 50 && keyed, "the English table: %zu keyed phrases", n);
    scene_make(&sc);
    if (sc.s == NULL)
        return;
    o = opts_for(&sc);
    o.phrases = fr;
    o.nphrases = SM_LEN(fr);
    b = describe(sc.s, &o);
    CHECK(strncmp(sm_buf_str(&b), "Carte de Testland au 12 décembre 2016 : 3 incidents en 7"
                  " jours. About 50%", 72) == 0,
          "its phrases, English for the rest: %s", sm_buf_str(&b));
    sm_buf_free(&b);
    scene_free(&sc);
}

/* A situation with neither zones nor events still says what it shows. */
static void
test_an_empty_situation(void)
{
    sm_describe_opts o = SM_DESCRIBE_OPTS_INIT;
    sm_situation *s;
    sm_day day;
    sm_buf b;

    sm_day_parse("2017-01-15", &day);
    s = sm_situation_new(day);
    if (s == NULL)
        return;
    s->events_from = day;              /* a window of one day */
    b = describe(s, &o);
    CHECK(strcmp(sm_buf_str(&b), "Map of the area shown as of 15 January 2017; no incidents"
                                 " were recorded that day.") == 0,
          "the map, quiet: %s", sm_buf_str(&b));
    sm_buf_free(&b);
    b = describe(s, NULL);
    CHECK(strncmp(sm_buf_str(&b), "Map of the area shown as of 15 January 2017", 43) == 0,
          "no options: the defaults: %s", sm_buf_str(&b));
    sm_buf_free(&b);
    sm_situation_free(s);
}

static const check_case cases[] = {
    { "what_the_map_is_and_who_holds_what", test_what_the_map_is_and_who_holds_what },
    { "the_incidents_and_the_deadliest", test_the_incidents_and_the_deadliest },
    { "what_changed_since_the_week_before", test_what_changed_since_the_week_before },
    { "the_same_situation_the_same_words", test_the_same_situation_the_same_words },
    { "the_least_needed_sentences_go_first", test_the_least_needed_sentences_go_first },
    { "a_part_of_the_country_and_no_land", test_a_part_of_the_country_and_no_land },
    { "a_translation_replaces_the_phrases", test_a_translation_replaces_the_phrases },
    { "an_empty_situation", test_an_empty_situation },
};

CHECK_MAIN(cases)
