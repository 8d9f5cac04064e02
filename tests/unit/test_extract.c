/* SPDX-License-Identifier: MIT */
/* test_extract.c - place mentions (spellings, longest match, context, false
 * friends), events (types, places, dates, fatalities), and bad input, with
 * the shipped gazetteer; every text here is written for the test. */
#include "check.h"

#include <math.h>
#include <sys/mman.h>

#include "extract/extract_int.h"
#include "sitmap.h"

static sm_gaz *gaz;
static sm_extractor *ex;

static sm_extractor *
extractor(void)
{
    sm_error err = { 0 };
    sm_theatre syria;

    if (ex)
        return ex;
    CHECK(sm_theatre_load("gazetteer/theatres/syria.json", &syria, &err) == SM_OK,
          "theatre: %s", err.msg);
    CHECK(sm_gaz_new(&gaz, &err) == SM_OK && sm_gaz_set_country(gaz, syria.country, &err) == SM_OK,
          "new");
    CHECK(sm_gaz_load_dir(gaz, "gazetteer", NULL, &err) == SM_OK, "load: %s", err.msg);
    CHECK(sm_gaz_finish(gaz, &err) == SM_OK, "finish: %s", err.msg);
    CHECK(sm_extractor_new(gaz, "gazetteer/english.txt", &syria, &ex, &err) == SM_OK,
          "extractor: %s", err.msg);
    sm_theatre_free(&syria);
    return ex;
}

static sm_day
day_of(const char *iso)
{
    sm_day d = 0;

    sm_day_parse(iso, &d);
    return d;
}

/* Extract text, published on 2017-01-19 (a Thursday). */
static sm_extraction
run(const char *text)
{
    sm_extraction r;
    sm_error err = { 0 };

    CHECK(sm_extract(extractor(), text, strlen(text), day_of("2017-01-19"), &r, &err) == SM_OK,
          "extract: %s", err.msg);
    return r;
}

/* The mention whose text is `what`, or NULL. */
static const sm_mention *
mention(const char *text, const sm_extraction *r, const char *what)
{
    for (size_t i = 0; i < r->nmentions; i++) {
        const sm_mention *m = &r->mentions[i];
        if (m->end - m->start == strlen(what) && memcmp(text + m->start, what, strlen(what)) == 0)
            return m;
    }
    return NULL;
}

static double
km(const sm_mention *m, double lat, double lon)
{
    return sm_gaz_distance_km(m->lat_deg, m->lon_deg, lat, lon);
}

#define DAMASCUS 33.5102, 36.29128

/* Every spelling is found as written, with character offsets. */
static void
test_spellings_and_offsets(void)
{
    const char *t = "Shelling in Dayr az Zawr — and Deir Ezzor again — then Ayn al-Fijah, "
                    "Kafrsouseh and دير الزور.";
    sm_extraction r = run(t);
    const char *names[] = { "Dayr az Zawr", "Deir Ezzor", "Ayn al-Fijah", "Kafrsouseh",
                            "دير الزور" };

    for (size_t i = 0; i < SM_LEN(names); i++) {
        const sm_mention *m = mention(t, &r, names[i]);
        CHECK(m && m->kind == SM_MENTION_PLACE, "%s found as a place", names[i]);
    }
    {
        const sm_mention *a = mention(t, &r, "Dayr az Zawr"), *b = mention(t, &r, "Deir Ezzor");
        const sm_mention *c = mention(t, &r, "دير الزور");
        CHECK(a && b && c && a->place == b->place && b->place == c->place,
              "three spellings, one place");
        /* "Deir Ezzor" begins after the em dash, which is one character of 3 bytes */
        CHECK(b && b->start - b->cstart == 2 && b->cend - b->cstart == 10,
              "character offsets count the dash once: %zu..%zu", b ? b->cstart : 0,
              b ? b->cend : 0);
    }
    sm_extraction_free(&r);
}

/* The longest name wins: "Ras al-Ain" is one place, not Ain. */
static void
test_longest_match_first(void)
{
    const char *t = "Clashes were reported in Ras al-Ain on the border.";
    sm_extraction r = run(t);
    const sm_mention *m = mention(t, &r, "Ras al-Ain");

    CHECK(m && m->kind == SM_MENTION_PLACE && km(m, 36.85, 40.07) < 5, "Ras al-Ain as one name");
    CHECK(r.nmentions == 1, "and nothing inside it (%zu mentions)", r.nmentions);
    sm_extraction_free(&r);
}

/* "X, <direction> of Y" and "near Y" choose X's namesake by Y; the same
 * name twice is the same place; "in X Province" is the governorate, placed
 * at its seat. */
static void
test_context_disambiguates(void)
{
    const char *t1 = "Shelling hit Hamidiyah, south of Tartus, on Monday.";
    const char *t2 = "Shelling hit Hamidiyah, near Homs, on Monday. Later Hamidiyah was quiet.";
    const char *t3 = "Rebels withdrew to Idlib Province in northwest Syria.";
    sm_extraction r1 = run(t1), r2 = run(t2), r3 = run(t3);
    const sm_mention *a = mention(t1, &r1, "Hamidiyah"), *q = mention(t1, &r1, "Tartus");
    const sm_mention *b = mention(t2, &r2, "Hamidiyah"), *h = mention(t2, &r2, "Homs");
    const sm_mention *i = mention(t3, &r3, "Idlib Province");

    CHECK(a && q && km(a, q->lat_deg, q->lon_deg) < 40, "the Hamidiyah by Tartus (%.0f km)",
          a && q ? km(a, q->lat_deg, q->lon_deg) : -1);
    CHECK(q && q->anchor, "Tartus is named as a reference point");
    CHECK(b && h && km(b, h->lat_deg, h->lon_deg) < 40, "the Hamidiyah by Homs");
    CHECK(a && b && a->place != b->place, "two places of one name told apart");
    CHECK(r2.nmentions >= 3 && r2.mentions[2].place == b->place,
          "the second Hamidiyah of the text is the first one");
    CHECK(i && i->region && km(i, 35.93, 36.63) < 3, "Idlib Province: the governorate, at Idlib");
    {
        /* a governorate in the sentence, a part of the country in the article */
        const char *t4 = "Shelling hit Qusour in Deir ez-Zor governorate.";
        const char *t5 = "Shelling hit Hamidiyah in northern Syria.";
        const char *t6 = "Shelling hit Hamidiyah in western Syria.";
        sm_extraction r4 = run(t4), r5 = run(t5), r6 = run(t6);
        const sm_mention *q4 = mention(t4, &r4, "Qusour"), *h5 = mention(t5, &r5, "Hamidiyah");
        const sm_mention *h6 = mention(t6, &r6, "Hamidiyah");
        CHECK(q4 && km(q4, 35.34, 40.12) < 10, "the Qusour of Deir ez-Zor governorate");
        CHECK(h5 && km(h5, 35.34, 40.15) < 10, "northern Syria: the Hamidiyah of Deir ez-Zor");
        CHECK(h6 && h6->lon_deg < 37, "western Syria: a Hamidiyah of the west (%.2f E)",
              h6 ? h6->lon_deg : 0);
        sm_extraction_free(&r4);
        sm_extraction_free(&r5);
        sm_extraction_free(&r6);
    }
    sm_extraction_free(&r1);
    sm_extraction_free(&r2);
    sm_extraction_free(&r3);
}

/* Names of people, factions, outlets and facilities are no places; places
 * abroad and countries are said to be so, not put on the map; a common
 * word with a capital is nothing. */
static void
test_false_friends(void)
{
    const char *t = "Bashar al-Assad met envoys. Fighters of Jabhat Fatah al-Sham and the Free "
                    "Syrian Army clashed. Syria Direct reported that Assad Hospital was hit. "
                    "Talks moved from Geneva to Astana; Moscow and Turkey agreed. Stalingrad was "
                    "cited. Quite so, said General Ahmad Hamidiyah.";
    sm_extraction r = run(t);
    const char *not_places[] = { "Bashar al-Assad", "Jabhat Fatah al-Sham", "Free Syrian Army",
                                 "Syria Direct", "Assad" };
    const char *abroad[] = { "Geneva", "Astana", "Moscow", "Stalingrad" };

    for (size_t i = 0; i < SM_LEN(not_places); i++) {
        const sm_mention *m = mention(t, &r, not_places[i]);
        CHECK(m && m->kind == SM_MENTION_NOT_PLACE && m->place < 0, "%s: not a place",
              not_places[i]);
    }
    for (size_t i = 0; i < SM_LEN(abroad); i++) {
        const sm_mention *m = mention(t, &r, abroad[i]);
        CHECK(m && m->kind == SM_MENTION_ABROAD && m->country && strcmp(m->country, "SY") != 0,
              "%s: abroad", abroad[i]);
    }
    CHECK(mention(t, &r, "Turkey") && mention(t, &r, "Turkey")->kind == SM_MENTION_COUNTRY,
          "Turkey: a country");
    CHECK(mention(t, &r, "Quite") == NULL, "a common word with a capital is no name");
    CHECK(mention(t, &r, "Hamidiyah") == NULL ||
              mention(t, &r, "Hamidiyah")->kind == SM_MENTION_NOT_PLACE,
          "a place's name in a person's name is no place");
    for (size_t i = 0; i < r.nmentions; i++)
        CHECK(r.mentions[i].kind != SM_MENTION_PLACE, "nothing here is a place in Syria: %.*s",
              (int)(r.mentions[i].end - r.mentions[i].start), t + r.mentions[i].start);
    sm_extraction_free(&r);
}

typedef struct want {
    const char *text;
    const char *type;        /* NULL: no event */
    const char *day;
    double lat, lon;         /* the place, within 6 km */
    int fatalities;
    bool lower;
} want;

/* One sentence, one event: its type, place, date and deaths. */
static void
test_events(void)
{
    static const want cases[] = {
        { "Regime air strikes hit Harasta this morning, killing at least seven people.",
          "airstrike", "2017-01-19", 33.5587, 36.3652, 7, true },
        { "Rebels shelled Aleppo yesterday; 30+ Killed.", "shelling", "2017-01-18", 36.2012,
          37.1612, 30, true },
        { "A car bomb exploded in Azaz on Wednesday, killing 4 and wounding 23.", "bombing",
          "2017-01-18", 36.5866, 37.0463, 4, false },
        { "Clashes erupted near Khan Touman last week, with dozens killed.", "clash",
          "2017-01-12", 36.1, 37.0, 24, true },
        { "Government forces captured Khan Tuman on December 22.", "capture", "2016-12-22",
          36.1, 37.0, -1, false },
        { "A truce took hold in Wadi Barada, northwest of Damascus, 3 days ago.", "ceasefire",
          "2017-01-16", 33.64, 36.15, -1, false },
        { "Thousands remain besieged in Madaya.", "siege", "2017-01-19", 33.69, 36.10, -1, false },
        { "Gunmen stormed and destroyed the hospital in Douma.", "attack", "2017-01-19", 33.57,
          36.40, -1, false },
        /* Arabic: "regime planes bombed the town of Douma today, killing five civilians";
           "regime forces took the town of Khan Touman yesterday" */
        { "قصفت طائرات النظام مدينة دوما اليوم، ما أدى إلى مقتل خمسة مدنيين.", "airstrike",
          "2017-01-19", 33.5718, 36.4027, 5, false },
        { "سيطرت قوات النظام على بلدة خان طومان أمس.", "capture", "2017-01-18", 36.113, 37.045,
          -1, false },
        /* "the planes bombed in-Douma": a particle attached to the name */
        { "قصفت الطائرات بدوما اليوم.", "airstrike", "2017-01-19", 33.5718, 36.4027, -1, false },
        { "The powers pledged to establish a ceasefire in Idlib.", NULL, NULL, 0, 0, -1, false },
        { "There were no clashes in Homs.", NULL, NULL, 0, 0, -1, false },
        { "Syria's war has killed more than 400,000 people.", NULL, NULL, 0, 0, -1, false },
        { "Damascus will not observe the ceasefire.", NULL, NULL, 0, 0, -1, false },
    };

    for (size_t i = 0; i < SM_LEN(cases); i++) {
        const want *w = &cases[i];
        sm_extraction r = run(w->text);
        const sm_found_event *e = r.nevents ? &r.events[0] : NULL;
        char d[SM_DAY_ISO_LEN];

        if (w->type == NULL) {
            CHECK(r.nevents == 0, "no event in \"%s\" (%zu)", w->text, r.nevents);
            sm_extraction_free(&r);
            continue;
        }
        CHECK(r.nevents == 1, "one event in \"%s\" (%zu)", w->text, r.nevents);
        if (e == NULL) {
            sm_extraction_free(&r);
            continue;
        }
        CHECK(strcmp(sm_event_type_name(e->type), w->type) == 0, "\"%s\": %s, not %s", w->text,
              w->type, sm_event_type_name(e->type));
        CHECK(strcmp(sm_day_format(e->day, d), w->day) == 0, "\"%s\": on %s, not %s", w->text,
              w->day, d);
        CHECK(km(&r.mentions[e->mention], w->lat, w->lon) < 6, "\"%s\": at %.4f, %.4f, not %s",
              w->text, w->lat, w->lon, r.mentions[e->mention].name);
        CHECK(e->fatalities == w->fatalities && e->fatalities_lower_bound == w->lower,
              "\"%s\": %d killed%s, not %d", w->text, w->fatalities, w->lower ? " at least" : "",
              e->fatalities);
        sm_extraction_free(&r);
    }
}

/* "The battle for X" after a shelling is a battle: only general words
 * ("the attacks") take the type of the incident before. */
static void
test_a_battle_is_no_anaphor(void)
{
    const char *t = "A mortar shell hit the Abbasiyin Square in Damascus.\n\n"
                    "Monitors said 16 fighters died in the battle for Wadi Barada.";
    sm_extraction r = run(t);

    CHECK(r.nevents == 2 && r.events[1].type == SM_EVENT_CLASH && r.events[1].fatalities == 16,
          "a clash with 16 dead after a shelling (%zu events, type %s)", r.nevents,
          r.nevents == 2 ? sm_event_type_name(r.events[1].type) : "-");
    sm_extraction_free(&r);
}

/* "Attacks were also reported" continue the incident before: the same
 * type, not a clash. */
static void
test_attacks_also_reported_take_the_type_before(void)
{
    const char *t = "Government artillery shelled Binnish and Taftanaz on Monday. Attacks were "
                    "also reported in the villages of Kafr Nabl and Hass.";
    sm_extraction r = run(t);
    int shelling = 0;

    for (size_t i = 0; i < r.nevents; i++)
        shelling += r.events[i].type == SM_EVENT_SHELLING;
    CHECK(r.nevents == 4 && shelling == 4, "four shellings (%zu events, %d shellings)",
          r.nevents, shelling);
    sm_extraction_free(&r);
}

/* A headline's incident that the body tells again is one event, with the
 * body's day; another story's headline is not folded into it. */
static void
test_a_headline_told_again_is_one_event(void)
{
    const char *t = "Barrel bombs kill 12 in Jasim\n\n"
                    "Army helicopters dropped barrel bombs on the town of Jasim on Tuesday, "
                    "killing at least 12 people, activists said.\n\n"
                    "Clashes in Daraya\n\n"
                    "Rebels and troops fought in Douma on Wednesday.";
    sm_extraction r = run(t);
    int air = 0, clash = 0;

    for (size_t i = 0; i < r.nevents; i++) {
        air += r.events[i].type == SM_EVENT_AIRSTRIKE;
        clash += r.events[i].type == SM_EVENT_CLASH;
    }
    CHECK(air == 1 && r.nevents >= 1 && r.events[0].day == day_of("2017-01-17") &&
              r.events[0].fatalities == 12,
          "one air strike, on Tuesday, 12 dead (%d air strikes)", air);
    CHECK(clash == 2, "the second headline's clash is 20 km from the body's: two (%d)", clash);
    sm_extraction_free(&r);
}

/* "The town" is the town named before, not the province named after it. */
static void
test_the_town_is_the_town_before(void)
{
    const char *t = "Government forces shelled Kafr Nabl in Idlib province on Monday. On "
                    "Tuesday an air strike hit a clinic in the town, killing two nurses.";
    sm_extraction r = run(t);
    const sm_mention *m = r.nevents == 2 ? &r.mentions[r.events[1].mention] : NULL;

    CHECK(m && r.events[1].type == SM_EVENT_AIRSTRIKE && km(m, 35.614, 36.564) < 3 &&
              r.events[1].geo_precision == SM_PRECISION_2,
          "the air strike is at Kafr Nabl, precision 2 (%zu events, %s)", r.nevents,
          m ? m->name : "-");
    sm_extraction_free(&r);
}

/* A facility named after a town, its feature words in lower case, is the
 * facility: "the Tabqa military airport" is the airbase, not Tabqa. */
static void
test_a_facility_is_not_its_town(void)
{
    const char *t = "Fighting went on near the Tabqa military airport and in Tabqa.";
    sm_extraction r = run(t);
    const sm_mention *a = mention(t, &r, "Tabqa military airport"), *b = mention(t, &r, "Tabqa");

    CHECK(a && km(a, 35.7547, 38.5664) < 1, "the airbase (%s)", a ? a->name : "-");
    CHECK(b && km(b, 35.8376, 38.5483) < 2, "the town (%s)", b ? b->name : "-");
    sm_extraction_free(&r);
}

/* A list goes on past a reference point ("near Damascus") and through
 * descriptions of its items ("the Hama town of", "several rural areas of");
 * the reference point and the qualifying governorate are no items. */
static void
test_a_list_goes_on_through_descriptions(void)
{
    const char *t = "Helicopters dropped barrel bombs on Zabadani and Madaya, near Damascus, "
                    "several rural areas of Daraa province, the Hama town of Kafr Zita and the "
                    "city of Homs.";
    static const double items[][2] = { { 33.72, 36.10 }, { 33.69, 36.10 }, { 32.62, 36.10 },
                                       { 35.374, 36.603 }, { 34.73, 36.72 } };
    sm_extraction r = run(t);
    int found = 0, stray = 0;

    for (size_t i = 0; i < r.nevents; i++) {
        const sm_mention *m = &r.mentions[r.events[i].mention];
        bool hit = false;
        for (size_t k = 0; k < SM_LEN(items); k++)
            hit |= km(m, items[k][0], items[k][1]) < 8;
        found += hit;
        stray += !hit;
        if (!hit)
            printf("  stray event at %s\n", m->name);
    }
    CHECK(found == 5 && stray == 0, "five events at the five items (%d found, %d stray)", found,
          stray);
    sm_extraction_free(&r);
}

/* "Imposed their control over ...: A, B" and "by capturing X" are captures;
 * "since Friday" is ongoing: the article's day, precision 2. */
static void
test_control_imposed_over_a_list(void)
{
    const char *t = "Since Friday, government forces have imposed their control over four "
                    "towns: Kafr Nabl, Hass, Kansafra and Maarat al-Numan. They advanced by "
                    "capturing Khan Sheikhoun on Wednesday.";
    sm_extraction r = run(t);
    int captures = 0, today = 0;

    for (size_t i = 0; i < r.nevents; i++) {
        captures += r.events[i].type == SM_EVENT_CAPTURE;
        today += r.events[i].day == day_of("2017-01-19") &&
                 r.events[i].date_precision == SM_PRECISION_2;
    }
    CHECK(r.nevents == 5 && captures == 5 && today == 4,
          "five captures, four ongoing (%zu events, %d captures, %d ongoing)", r.nevents,
          captures, today);
    sm_extraction_free(&r);
}

/* A date in a relative clause is that clause's, not the sentence's. */
static void
test_a_relative_clause_keeps_its_date(void)
{
    const char *t = "Rebels said they had retaken Kafr Hamra, which the army seized over the "
                    "weekend, and clashes went on around Hayan.";
    sm_extraction r = run(t);
    int today = 0;

    for (size_t i = 0; i < r.nevents; i++)
        today += r.events[i].day == day_of("2017-01-19");
    CHECK(r.nevents == 2 && today == 2, "two events of the article's day (%zu events, %d)",
          r.nevents, today);
    sm_extraction_free(&r);
}

/* The place named after a locative word, not the reference point; "the
 * attacks" take the type of the incident before; "the area" the place. */
static void
test_event_place_and_reference(void)
{
    const char *t = "Warplanes struck Kafr Nabl, south of Idlib, on Tuesday.\n\n"
                    "Russian jets carried out air strikes over the province. The attacks were "
                    "carried out near Saraqib on Wednesday.";
    sm_extraction r = run(t);

    CHECK(r.nevents == 2, "two events (%zu)", r.nevents);
    if (r.nevents == 2) {
        const sm_mention *a = &r.mentions[r.events[0].mention];
        const sm_mention *b = &r.mentions[r.events[1].mention];
        CHECK(km(a, 35.613, 36.561) < 3, "Kafr Nabl, not Idlib: %s", a->name);
        CHECK(r.events[1].type == SM_EVENT_AIRSTRIKE, "\"the attacks\" are the air strikes");
        CHECK(km(b, 35.8646, 36.8062) < 3 && r.events[1].geo_precision == SM_PRECISION_2,
              "near Saraqib, precision 2: %s", b->name);
        CHECK(strstr(r.events[1].actors, "Russia") != NULL, "actors: %s", r.events[1].actors);
    }
    sm_extraction_free(&r);
}

/* Empty text, NUL bytes, bad UTF-8, a line without a sentence end, and a
 * long text: an answer each, no crash. */
static void
test_bad_input(void)
{
    sm_extraction r;
    sm_error err = { 0 };
    size_t n = 3u << 20;
    char *big = malloc(n + 1);

    CHECK(sm_extract(extractor(), "", 0, day_of("2017-01-19"), &r, &err) == SM_OK &&
              r.nmentions == 0 && r.nevents == 0, "empty text: nothing, no error");
    sm_extraction_free(&r);
    CHECK(sm_extract(extractor(), "Aleppo\0x", 8, day_of("2017-01-19"), &r, &err) == SM_EINPUT &&
              strstr(err.msg, "NUL") && strstr(err.msg, "line 1"), "NUL refused: %s", err.msg);
    sm_error_clear(&err);
    CHECK(sm_extract(extractor(), "Aleppo\nHoms \xff\xfe", 14, day_of("2017-01-19"), &r, &err) ==
              SM_EINPUT && strstr(err.msg, "UTF-8") && strstr(err.msg, "line 2"),
          "bad UTF-8 refused with its line: %s", err.msg);
    sm_error_clear(&err);
    /* 3 MB on one line, no stop: parts and sentences of bounded length */
    for (size_t i = 0; i < n; i += 32)
        memcpy(big + i, "clashes near Aleppo and Homs on ", i + 32 <= n ? 32 : n - i);
    big[n] = '\0';
    CHECK(sm_extract(extractor(), big, n, day_of("2017-01-19"), &r, &err) == SM_OK,
          "a line without end: %s", err.msg);
    CHECK(r.sentences >= (int)(n / 6 / 300), "cut into sentences (%d)", r.sentences);
    CHECK(r.nmentions >= n / 32 && r.mentions[r.nmentions - 1].end <= n,
          "every name found (%zu), offsets inside the text", r.nmentions);
    sm_extraction_free(&r);
    free(big);
}

/* The text is text[0 .. len), with no NUL after it: extracting a text that
 * ends where readable memory ends (a page without access after it) reads
 * nothing past its end, whatever the text ends with. A number with a
 * thousands separator at the very end ("1,200") was read one byte past
 * (tests/fuzz/regressions/extract). */
static void
test_a_text_ends_at_its_length(void)
{
    static const char *const texts[] = {
        "Shelling killed 1,200",
        "Shelling killed 1,20",
        "at least 11 killed in Aleppo",
        "قصف على حلب",
        "Clashes near Homs on 12 January 2017.",
        "Airstrikes hit Idlib, 5 km from Saraqib;",
        "#Aleppo",
    };
    long page = sysconf(_SC_PAGESIZE);

    for (size_t i = 0; i < SM_LEN(texts); i++) {
        size_t n = strlen(texts[i]);
        char *map = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        sm_extraction r;
        sm_error err = { 0 };

        CHECK(map != MAP_FAILED, "mmap");
        if (map == MAP_FAILED)
            return;
        CHECK(mprotect(map + page, (size_t)page, PROT_NONE) == 0, "mprotect");
        memcpy(map + page - n, texts[i], n);
        CHECK(sm_extract(extractor(), map + page - n, n, day_of("2017-01-19"), &r, &err) ==
                  SM_OK, "\"%s\": %s", texts[i], err.msg);
        sm_extraction_free(&r);
        munmap(map, 2 * (size_t)page);
    }
}

/* The makers of an article are not its places: a byline of names (one
 * looks like "Omar", the oil field, another like Hama), a photo credit;
 * nor are the parts of a name the gazetteer lacks ("Tal Balah"). */
static void
test_bylines_credits_and_unknown_compounds_are_no_places(void)
{
    const char *t = "By Ammar Hamou and Tom Rollins\n\n"
                    "Shelling hit Tal Balah on Monday, residents said.\n\n"
                    "Photo: Omar Haj Kadour/AFP\n";
    sm_extraction r = run(t);
    size_t places = 0;

    for (size_t i = 0; i < r.nmentions; i++)
        places += r.mentions[i].kind == SM_MENTION_PLACE;
    CHECK(places == 0 && r.nevents == 0, "no place, no event (%zu places, %zu events)", places,
          r.nevents);
    sm_extraction_free(&r);
}

/* "shelled the towns of A, B and C": the list is where it happened, one
 * event at each place (not at a region named after it). */
static void
test_a_list_of_towns_is_one_event_each(void)
{
    const char *t = "Government forces shelled the towns of Kafr Zita, Latamneh and Morek "
                    "in northern Hama on Sunday.";
    sm_extraction r = run(t);
    int at[3] = { 0, 0, 0 };
    static const double ll[3][2] = { { 35.374, 36.603 }, { 35.321, 36.623 }, { 35.376, 36.690 } };

    for (size_t i = 0; i < r.nevents; i++) {
        const sm_mention *m = &r.mentions[r.events[i].mention];
        for (int k = 0; k < 3; k++)
            at[k] += r.events[i].type == SM_EVENT_SHELLING && km(m, ll[k][0], ll[k][1]) < 2;
    }
    CHECK(r.nevents == 3 && at[0] == 1 && at[1] == 1 && at[2] == 1,
          "three shellings, one at each town (%zu events)", r.nevents);
    sm_extraction_free(&r);
}

/* A village only OCHA's list of communities has goes on the map among the
 * article's places of its area, not alone: alone it may as well be a word
 * or an unknown namesake. */
static void
test_a_lone_community_is_not_guessed(void)
{
    const char *t1 = "Shelling hit Tal Hasel on Monday.";
    const char *t2 = "Shelling hit Tal Hasel and Safira on Monday.";
    sm_extraction r1 = run(t1), r2 = run(t2);
    const sm_mention *a = mention(t1, &r1, "Tal Hasel"), *b = mention(t2, &r2, "Tal Hasel");

    CHECK(a == NULL, "alone: not placed");
    CHECK(b && km(b, 36.140, 37.311) < 2, "beside Safira, 9 km away: placed (%.0f km)",
          b ? km(b, 36.140, 37.311) : -1);
    sm_extraction_free(&r1);
    sm_extraction_free(&r2);
}

/* A spelling no list holds ("Deir Sharqi", OCHA's "Eastern Deir") is read
 * from the Arabic name when the article's other places are near it; a
 * surname that reads as a village ("Jaafari") is no place when the article
 * gave it as a person's name. */
static void
test_spellings_read_from_arabic_among_their_neighbours(void)
{
    const char *t1 = "Government forces shelled Deir Sharqi, Maar Shamarin and Bsida, "
                     "south of Maarat al-Numan, on Monday.";
    const char *t2 = "Envoy Bashar al-Jaafari spoke in Deir ez-Zor. Jaafari said the "
                     "talks had failed.";
    sm_extraction r1 = run(t1), r2 = run(t2);
    const sm_mention *d = mention(t1, &r1, "Deir Sharqi"), *j = mention(t2, &r2, "Jaafari");

    CHECK(d && d->kind == SM_MENTION_PLACE && km(d, 35.605, 36.710) < 2,
          "Deir Sharqi is دير شرقي by Maarat al-Numan (%.0f km)", d ? km(d, 35.605, 36.710) : -1);
    CHECK(j == NULL || j->kind != SM_MENTION_PLACE, "Jaafari, the envoy, is no place (%s)",
          j && j->name ? j->name : "-");
    sm_extraction_free(&r1);
    sm_extraction_free(&r2);
}

/* The places of a list lie in one area: "Al-Dana" among villages east of
 * Maarat al-Numan is the village there, not the town of northern Idlib. */
static void
test_a_list_chooses_its_namesakes(void)
{
    const char *t = "Regime forces captured Telmans, Maar Shurin, Al-Dana and Masaran on "
                    "Saturday.";
    sm_extraction r = run(t);
    const sm_mention *d = mention(t, &r, "Al-Dana");

    CHECK(d && km(d, 35.700, 36.687) < 2, "Al-Dana, the village by Maarat al-Numan (%.0f km)",
          d ? km(d, 35.700, 36.687) : -1);
    sm_extraction_free(&r);
}


/* The grid of an article's places answers as a pass over every place
 * would: the nearest on the plane (the first named on a tie), and whether
 * one is within reach; with places named many times, on a lattice (ties),
 * all in one spot, far off the Earth, and queries inside and outside. */
static uint32_t near_seed = 12345;

static double
near_random(double lo, double hi)
{
    near_seed = near_seed * 1664525u + 1013904223u;
    return lo + (hi - lo) * (near_seed >> 8) / 16777216.0;
}

static void
test_near_set_answers_as_a_pass_over_every_place(void)
{
    enum { N = 600, Q = 400 };
    static double pt[2 * N];

    for (int layout = 0; layout < 5; layout++) {
        near_set s = NEAR_SET_INIT;
        int n = layout == 4 ? 0 : N, bad = 0, bad_within = 0;

        for (int k = 0; k < n; k++) {
            if (layout == 0) {                /* towns named again and again */
                pt[2 * k] = floor(near_random(32, 37) * 20) / 20;
                pt[2 * k + 1] = floor(near_random(35.5, 42) * 20) / 20;
            } else if (layout == 1 && k >= 40) { /* repeats of the first 40 */
                int o = (int)near_random(0, 40);
                pt[2 * k] = pt[2 * o];
                pt[2 * k + 1] = pt[2 * o + 1];
            } else if (layout == 2) {         /* one spot, and a few far off */
                pt[2 * k] = k % 50 == 7 ? 5000 + k : 35.5;
                pt[2 * k + 1] = k % 50 == 7 ? -3e6 : 37.25;
            } else {
                pt[2 * k] = near_random(32, 37);
                pt[2 * k + 1] = near_random(35.5, 42);
            }
            if (layout == 3 && k == 3)
                pt[2 * k] = NAN;              /* no number: never the nearest */
            CHECK(sm_near_add(&s, pt[2 * k], pt[2 * k + 1]), "add");
        }
        CHECK(sm_near_index(&s), "index");
        for (int q = 0; q < Q; q++) {
            double lat = q % 7 == 0 ? floor(near_random(31, 38) * 20) / 20 : near_random(20, 50);
            double lon = q % 7 == 0 ? floor(near_random(35, 43) * 20) / 20 : near_random(25, 55);
            double kx = cos(lat * M_PI / 180), best_d2 = INFINITY, d2;
            int near = -1, got;
            bool within = false;

            if (q == Q - 1)
                lat = 1e300, kx = 0.5;        /* far from every place */
            for (int k = 0; k < n; k++) {
                double dy = pt[2 * k] - lat, dx = (pt[2 * k + 1] - lon) * kx;
                if ((d2 = dx * dx + dy * dy) < best_d2)
                    best_d2 = d2, near = k;
                within |= fabs(pt[2 * k] - lat) * 110 <= 40 && fabs(pt[2 * k + 1] - lon) * 80 <= 40 &&
                          sm_gaz_distance_km(lat, lon, pt[2 * k], pt[2 * k + 1]) <= 40;
            }
            got = sm_near_nearest(&s, lat, lon, kx);
            bad += near < 0 ? got != -1
                            : got < 0 || s.pt[2 * got] != pt[2 * near] ||
                                  s.pt[2 * got + 1] != pt[2 * near + 1];
            bad_within += sm_near_within(&s, lat, lon, 40) != within;
        }
        CHECK(bad == 0, "layout %d: %d nearest places differ from a pass over all", layout, bad);
        CHECK(bad_within == 0, "layout %d: %d answers of within reach differ", layout, bad_within);
        sm_near_free(&s);
    }
}

/* sm_extract_parts hands over the parts of a long text one by one; put
 * together (an event's mention counted from the text's first), they are
 * sm_extract's whole extraction, field by field, reasons too. */
typedef struct parts_seen {
    sm_extraction *whole;
    size_t mentions, events, parts;
    int sentences, words, bad;
} parts_seen;

static sm_status
compare_part(void *user, sm_extraction *part, sm_error *err)
{
    parts_seen *p = user;
    const sm_extraction *w = p->whole;

    (void)err;
    p->parts++;
    for (size_t i = 0; i < part->nmentions; i++, p->mentions++) {
        const sm_mention *a = &part->mentions[i], *b = &w->mentions[p->mentions];
        p->bad += p->mentions >= w->nmentions || a->start != b->start || a->end != b->end ||
                  a->cstart != b->cstart || a->cend != b->cend || a->kind != b->kind ||
                  a->place != b->place || a->score != b->score || a->sentence != b->sentence ||
                  a->word != b->word || a->anchor != b->anchor || strcmp(a->why, b->why) != 0;
    }
    for (size_t i = 0; i < part->nevents; i++, p->events++) {
        const sm_found_event *a = &part->events[i], *b = &w->events[p->events];
        p->bad += p->events >= w->nevents || a->day != b->day || a->type != b->type ||
                  a->start != b->start || a->cend != b->cend || a->sentence != b->sentence ||
                  a->fatalities != b->fatalities || strcmp(a->actors, b->actors) != 0 ||
                  part->mentions[a->mention].start != w->mentions[b->mention].start;
    }
    p->sentences += part->sentences;
    p->words += part->words;
    return SM_OK;
}

static void
test_parts_put_together_are_the_whole(void)
{
    static const char *const paragraphs[] = {
        "Regime warplanes struck Qastal, north of Zabadani, on Monday, killing at least 12 "
        "people. Clashes went on in Aleppo, Hamam, Khan and Karama as rebels shelled Homs.\n\n",
        "Government forces took Saraqib, Jdideh, Taybeh and Ariha, the monitor said. "
        "A car bomb exploded near al-Mansoura in Idlib province on Tuesday, killing 9.\n\n",
        "قصف على حلب اليوم. Airstrikes hit a hospital in Douma and a bakery in Harasta, "
        "northeast of Damascus, the civil defence said.\n\n",
    };
    size_t cap = (5u << 20) / 2, n = 0;
    char *text = malloc(cap + 1);
    sm_extraction whole;
    sm_error err = { 0 };
    parts_seen p = { .whole = &whole };

    for (size_t i = 0; n + 400 < cap; i++) {
        size_t k = strlen(paragraphs[i % SM_LEN(paragraphs)]);
        memcpy(text + n, paragraphs[i % SM_LEN(paragraphs)], k);
        n += k;
    }
    text[n] = '\0';
    CHECK(sm_extract(extractor(), text, n, day_of("2017-01-19"), &whole, &err) == SM_OK,
          "whole: %s", err.msg);
    CHECK(sm_extract_parts(extractor(), text, n, day_of("2017-01-19"), compare_part, &p,
                           &err) == SM_OK, "parts: %s", err.msg);
    CHECK(p.parts >= 2, "a long text in parts (%zu)", p.parts);
    CHECK(p.bad == 0 && p.mentions == whole.nmentions && p.events == whole.nevents &&
              p.sentences == whole.sentences && p.words == whole.words,
          "parts as the whole: %d differ; %zu of %zu mentions, %zu of %zu events", p.bad,
          p.mentions, whole.nmentions, p.events, whole.nevents);
    sm_extraction_free(&whole);
    /* a refused text hands over no part */
    p = (parts_seen){ .whole = &whole };
    CHECK(sm_extract_parts(extractor(), "Aleppo\nHoms \xff", 13, day_of("2017-01-19"),
                           compare_part, &p, &err) == SM_EINPUT && p.parts == 0,
          "refused whole, no part: %s", err.msg);
    sm_error_clear(&err);
    free(text);
}

/* Every place a look-up without misspellings gives, near any point, is
 * among those sm_gaz_places_offered names for the name (which lets the
 * extractor spare a look-up when none of them is near). */
static void
test_places_offered_cover_every_lookup(void)
{
    static const char *const names[] = {
        "Qastal", "Hamam", "Khan", "Jdideh", "Jdeideh", "Karama", "Taybeh", "al-Mansoura",
        "Aleppo", "Deir ez-Zor", "Deir Sharqi", "Dhumair", "Ain al-Fija", "Kafrsouseh",
        "حلب", "دوما", "Al Khālidīyah", "Tal Abyad", "Mughayyir", "Moscow",
    };
    static const double at[][2] = { { 36.2, 37.15 }, { 33.5, 36.3 }, { 35.9, 36.6 },
                                    { 35.3, 40.1 }, { 32.6, 36.1 }, { 36.9, 41.2 } };
    const sm_gaz *g = (extractor(), gaz);
    int bad = 0, asked = 0;

    for (size_t i = 0; i < SM_LEN(names); i++) {
        int offered[4096], n = sm_gaz_places_offered(g, names[i], offered, 4096);
        CHECK(n <= 4096, "%s: %d places", names[i], n);
        for (size_t a = 0; a <= SM_LEN(at); a++) {
            sm_gaz_query q = SM_GAZ_QUERY_INIT;
            sm_candidate c[8];
            sm_error err = { 0 };
            int k = 0;
            q.fuzzy = false;
            if (a < SM_LEN(at)) {
                q.has_near = true;
                q.near_lat_deg = at[a][0];
                q.near_lon_deg = at[a][1];
            }
            if (sm_gaz_lookup(g, names[i], &q, c, 8, &k, NULL, &err) != SM_OK)
                k = 0;
            for (int j = 0; j < k; j++) {
                bool found = false;
                for (int o = 0; o < n && !found; o++)
                    found = sm_gaz_place(g, offered[o]) == c[j].place;
                bad += !found;
                asked++;
            }
        }
    }
    CHECK(asked > 100 && bad == 0, "%d of %d candidates not among the places offered", bad,
          asked);
}

static const check_case cases[] = {
    { "parts_put_together_are_the_whole", test_parts_put_together_are_the_whole },
    { "places_offered_cover_every_lookup", test_places_offered_cover_every_lookup },
    { "near_set_answers_as_a_pass_over_every_place",
      test_near_set_answers_as_a_pass_over_every_place },
    { "a_list_chooses_its_namesakes", test_a_list_chooses_its_namesakes },
    { "spellings_read_from_arabic_among_their_neighbours",
      test_spellings_read_from_arabic_among_their_neighbours },
    { "spellings_and_offsets", test_spellings_and_offsets },
    { "longest_match_first", test_longest_match_first },
    { "context_disambiguates", test_context_disambiguates },
    { "a_lone_community_is_not_guessed", test_a_lone_community_is_not_guessed },
    { "a_list_of_towns_is_one_event_each", test_a_list_of_towns_is_one_event_each },
    { "bylines_credits_and_unknown_compounds_are_no_places",
      test_bylines_credits_and_unknown_compounds_are_no_places },
    { "false_friends", test_false_friends },
    { "events", test_events },
    { "event_place_and_reference", test_event_place_and_reference },
    { "a_battle_is_no_anaphor", test_a_battle_is_no_anaphor },
    { "a_relative_clause_keeps_its_date", test_a_relative_clause_keeps_its_date },
    { "control_imposed_over_a_list", test_control_imposed_over_a_list },
    { "a_list_goes_on_through_descriptions", test_a_list_goes_on_through_descriptions },
    { "a_facility_is_not_its_town", test_a_facility_is_not_its_town },
    { "the_town_is_the_town_before", test_the_town_is_the_town_before },
    { "a_headline_told_again_is_one_event", test_a_headline_told_again_is_one_event },
    { "attacks_also_reported_take_the_type_before",
      test_attacks_also_reported_take_the_type_before },
    { "bad_input", test_bad_input },
    { "a_text_ends_at_its_length", test_a_text_ends_at_its_length },
};

static int
run_all(int argc, char **argv)
{
    int rc = check_main(argc, argv, cases, SM_LEN(cases));

    sm_extractor_free(ex);
    sm_gaz_free(gaz);
    return rc;
}

int
main(int argc, char **argv)
{
    return run_all(argc, argv);
}
