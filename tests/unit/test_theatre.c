/* SPDX-License-Identifier: MIT */
/* test_theatre.c - theatre profiles: the shipped Syria profile, a made-up
 * second one (tests/data/theatre_lebanon.json, with the made-up places of
 * theatre_places.tsv), the gazetteer, extractor, styles and store following
 * the theatre, and bad profiles refused with the file and the key named. */
#include "check.h"

#include "sitmap.h"

#define SYRIA "gazetteer/theatres/syria.json"

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static bool
load(const char *path, sm_theatre *t)
{
    sm_error err = { 0 };
    bool ok = sm_theatre_load(path, t, &err) == SM_OK;

    CHECK(ok, "%s: %s", path, err.msg);
    return ok;
}

static void
test_the_syria_profile(void)
{
    static const char *const ids[] = { "regime", "opposition", "sdf", "isis", "turkey", "hts" };
    sm_theatre t;
    const sm_theatre_region *idlib;

    if (!load(SYRIA, &t))
        return;
    CHECK(strcmp(t.name, "syria") == 0 && strcmp(t.country, "SY") == 0 &&
          strcmp(t.country_iso3, "SYR") == 0 && strcmp(t.country_name, "Syria") == 0 &&
          strcmp(t.disputed, "Syria") == 0, "Syria: %s %s %s", t.name, t.country, t.country_iso3);
    CHECK(t.gaz_west == 32.0 && t.gaz_south == 31.0 && t.gaz_east == 44.0 && t.gaz_north == 38.5,
          "the neighbours' box, 32-44 E, 31-38.5 N");
    CHECK(t.nregions == 17 && strcmp(t.default_region, "syria") == 0 &&
          sm_theatre_region_find(&t, "syria") == &t.regions[0], "17 regions, syria the first");
    idlib = sm_theatre_region_find(&t, "idlib");
    CHECK(idlib && idlib->west == 36.0 && idlib->south == 35.15 && idlib->east == 37.25 &&
          idlib->north == 36.35 && strstr(idlib->note, "Idlib"), "idlib's box and note");
    CHECK(sm_theatre_region_find(&t, "beirut") == NULL, "no region of Lebanon");
    CHECK(t.nfactions == 6, "six factions (%d)", t.nfactions);
    for (int i = 0; i < t.nfactions && i < 6; i++)
        CHECK(strcmp(t.factions[i].id, ids[i]) == 0, "faction %d: %s", i, t.factions[i].id);
    CHECK(t.factions[0].fill.r > 0.8 && t.factions[0].fill.g < 0.3 && t.factions[0].fill.a == 1,
          "the government's red");
    CHECK(t.nactors == 12 && strcmp(t.actors[0].name, "Syrian government") == 0 &&
          t.actors[0].narabic == 1, "twelve sides of the war, the government first");
    CHECK(t.ndemonyms > 40, "peoples and creeds (%d)", t.ndemonyms);
    CHECK(strstr(t.credit, "GeoNames") && strstr(t.credit, "OpenStreetMap"), "the credit line");
    sm_theatre_free(&t);
    CHECK(t.regions == NULL && t.nregions == 0, "freed and emptied");
    sm_theatre_free(&t);                   /* twice is harmless */
}

static void
test_a_second_profile(void)
{
    sm_theatre t;
    sm_error err = { 0 };

    if (!load(check_data("theatre_lebanon.json"), &t))
        return;
    CHECK(strcmp(t.country, "LB") == 0 && strcmp(t.country_iso3, "LBN") == 0 &&
          strcmp(t.country_name, "Lebanon") == 0, "Lebanon: %s %s", t.country, t.country_iso3);
    CHECK(t.nfactions == 2 && strcmp(t.factions[0].id, "blue") == 0 &&
          strcmp(t.factions[1].label, "Amber Front") == 0, "its two factions");
    CHECK(t.nregions == 1 && sm_theatre_region_find(&t, t.default_region) == &t.regions[0] &&
          sm_theatre_region_find(&t, "idlib") == NULL, "its one region");
    CHECK(t.nactors == 2 && t.actors[1].nwords == 2 && t.actors[1].narabic == 1, "its two sides");
    sm_theatre_free(&t);
    CHECK(sm_theatre_load_named("gazetteer/theatres", "syria", &t, &err) == SM_OK &&
          strcmp(t.country, "SY") == 0, "syria by name: %s", err.msg);
    sm_theatre_free(&t);
    CHECK(sm_theatre_load_named("gazetteer/theatres", "nosuch", &t, &err) == SM_ENOTFOUND &&
          strstr(err.msg, "nosuch") && strstr(err.msg, "syria"),
          "an unknown name lists the theatres: %s", err.msg);
    sm_error_clear(&err);
    CHECK(sm_theatre_load_named("gazetteer/theatres", "../syria", &t, &err) == SM_EUSAGE,
          "a name is no path: %s", err.msg);
    sm_theatre_free(&t);
}

/* The shipped gazetteer and the made-up places, the mapped country t's. */
static sm_gaz *
gazetteer_for(const sm_theatre *t)
{
    sm_gaz *gaz = NULL;
    sm_error err = { 0 };

    CHECK(sm_gaz_new(&gaz, &err) == SM_OK && sm_gaz_set_country(gaz, t->country, &err) == SM_OK &&
          sm_gaz_load_dir(gaz, "gazetteer", NULL, &err) == SM_OK &&
          sm_gaz_load_curated(gaz, check_data("theatre_places.tsv"), NULL, &err) == SM_OK &&
          sm_gaz_finish(gaz, &err) == SM_OK, "gazetteer: %s", err.msg);
    return gaz;
}

static const sm_place *
best(const sm_gaz *gaz, const char *name, double *score)
{
    sm_candidate c;
    sm_error err = { 0 };
    int n = 0;

    if (sm_gaz_lookup(gaz, name, NULL, &c, 1, &n, NULL, &err) != SM_OK || n == 0)
        return NULL;
    *score = c.score;
    return c.place;
}

/* The places of the theatre's country rank as home: a curated row that names
 * no governorate is the theatre's; a place's exact name scores higher at
 * home, and only at home is its misspelling found. */
static void
test_the_gazetteer_follows_the_theatre(void)
{
    sm_theatre syria, lebanon;
    sm_gaz *sy, *lb;
    const sm_place *p;
    double s_sy = 0, s_lb = 0, s;

    if (!load(SYRIA, &syria) || !load(check_data("theatre_lebanon.json"), &lebanon))
        return;
    sy = gazetteer_for(&syria);
    lb = gazetteer_for(&lebanon);
    CHECK(sm_gaz_country(lb) && strcmp(sm_gaz_country(lb), "LB") == 0, "the gazetteer's country");
    p = best(lb, "Ain Fixtura", &s);
    CHECK(p && strcmp(p->country, "LB") == 0, "a curated place of no governorate is the mapped"
          " country's: Lebanon's (%s)", p ? p->country : "none");
    p = best(sy, "Ain Fixtura", &s);
    CHECK(p && strcmp(p->country, "SY") == 0, "... or Syria's (%s)", p ? p->country : "none");
    p = best(lb, "Kfar Sitmapiyeh", &s_lb);
    CHECK(p && strcmp(p->country, "LB") == 0, "a made-up town of Lebanon");
    p = best(sy, "Kfar Sitmapiyeh", &s_sy);
    CHECK(p && strcmp(p->country, "LB") == 0, "... found with Syria mapped too");
    CHECK(s_lb > s_sy, "it ranks higher at home: %.3f > %.3f", s_lb, s_sy);
    p = best(lb, "Kfar Stimapiyeh", &s);
    CHECK(p && strcmp(p->name, "Kfar Sitmapiyeh") == 0, "a misspelling found at home");
    CHECK(best(sy, "Kfar Stimapiyeh", &s) == NULL, "... and not abroad");
    p = best(lb, "Aleppo", &s);
    CHECK(p && strcmp(p->country, "SY") == 0, "Aleppo is still found from Lebanon");
    sm_gaz_free(sy);
    sm_gaz_free(lb);
    sm_theatre_free(&syria);
    sm_theatre_free(&lebanon);
}

static const sm_mention *
mention(const char *text, const sm_extraction *r, const char *what)
{
    for (size_t i = 0; i < r->nmentions; i++)
        if (strncmp(text + r->mentions[i].start, what, strlen(what)) == 0)
            return &r->mentions[i];
    return NULL;
}

/* With Lebanon mapped, its places go on the map and Syria's are abroad; the
 * sides are the theatre's; with Syria mapped, the other way round. */
static void
test_the_extractor_follows_the_theatre(void)
{
    const char *text = "Amber Front fighters clashed with the Bluecoats in Kfar Sitmapiyeh on "
                       "Monday, killing four. Russian jets struck Aleppo.";
    sm_theatre syria, lebanon;
    sm_extractor *xs = NULL, *xl = NULL;
    sm_extraction rs = { 0 }, rl = { 0 };
    sm_error err = { 0 };
    sm_day day;
    sm_gaz *sy, *lb;
    const sm_mention *m;

    if (!load(SYRIA, &syria) || !load(check_data("theatre_lebanon.json"), &lebanon))
        return;
    sm_day_parse("2017-01-19", &day);
    sy = gazetteer_for(&syria);
    lb = gazetteer_for(&lebanon);
    CHECK(sm_extractor_new(sy, "gazetteer/english.txt", &syria, &xs, &err) == SM_OK &&
          sm_extractor_new(lb, "gazetteer/english.txt", &lebanon, &xl, &err) == SM_OK,
          "extractors: %s", err.msg);
    sm_theatre_free(&lebanon);             /* the extractor keeps what it needs */
    CHECK(xs && xl && sm_extract(xl, text, strlen(text), day, &rl, &err) == SM_OK &&
          sm_extract(xs, text, strlen(text), day, &rs, &err) == SM_OK, "extract: %s", err.msg);
    m = mention(text, &rl, "Kfar Sitmapiyeh");
    CHECK(m && m->kind == SM_MENTION_PLACE, "Lebanon: the made-up town is on the map");
    m = mention(text, &rl, "Aleppo");
    CHECK(m && m->kind == SM_MENTION_ABROAD, "Lebanon: Aleppo is abroad");
    CHECK(rl.nevents >= 1 && strstr(rl.events[0].actors, "Amber Front") &&
          strstr(rl.events[0].actors, "Blue Coalition") && !strstr(rl.events[0].actors, "Russia"),
          "Lebanon: its sides (%s)", rl.nevents ? rl.events[0].actors : "no event");
    m = mention(text, &rs, "Aleppo");
    CHECK(m && m->kind == SM_MENTION_PLACE, "Syria: Aleppo is on the map");
    m = mention(text, &rs, "Kfar Sitmapiyeh");
    CHECK(m == NULL || m->kind != SM_MENTION_PLACE, "Syria: the made-up town is not");
    CHECK(rs.nevents >= 1 && strstr(rs.events[rs.nevents - 1].actors, "Russia"),
          "Syria: its sides (%s)", rs.nevents ? rs.events[rs.nevents - 1].actors : "no event");
    sm_extraction_free(&rs);
    sm_extraction_free(&rl);
    sm_extractor_free(xs);
    sm_extractor_free(xl);
    sm_gaz_free(sy);
    sm_gaz_free(lb);
    sm_theatre_free(&syria);
}

/* A style with no factions gets the theatre's; one with factions keeps them. */
static void
test_styles_take_the_theatres_factions(void)
{
    sm_theatre lebanon;
    sm_style s;
    sm_error err = { 0 };

    if (!load(check_data("theatre_lebanon.json"), &lebanon))
        return;
    sm_style_defaults(&s);
    CHECK(s.nfactions == 0, "the built-in defaults name no factions");
    sm_style_apply_theatre(&s, &lebanon);
    CHECK(s.nfactions == 2 && sm_style_faction(&s, "amber") &&
          sm_style_faction(&s, "amber")->hatch.r == sm_style_faction(&s, "amber")->fill.r,
          "the theatre's two, their stripes their fill");
    CHECK(sm_style_load("styles/newsroom.json", &s, &err) == SM_OK && s.nfactions == 6 &&
          sm_style_faction(&s, "amber") == NULL, "a style's own factions replace them");
    sm_style_apply_theatre(&s, &lebanon);
    CHECK(s.nfactions == 6, "and are kept after");
    sm_theatre_free(&lebanon);
}

/* The country saved with the gazetteer is the one place changes count. */
static void
test_the_store_keeps_the_gazetteers_country(void)
{
    sm_store *db = NULL;
    sm_gaz *gaz = NULL, *back = NULL;
    sm_error err = { 0 };
    char cc[3] = "x";

    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &db, &err) == SM_OK, "db: %s",
          err.msg);
    CHECK(db && sm_store_gazetteer_country(db, cc, &err) == SM_OK && cc[0] == '\0',
          "none recorded at first");
    CHECK(sm_gaz_new(&gaz, &err) == SM_OK && sm_gaz_set_country(gaz, "LB", &err) == SM_OK &&
          sm_gaz_load_curated(gaz, check_data("theatre_places.tsv"), NULL, &err) == SM_OK &&
          sm_gaz_finish(gaz, &err) == SM_OK && sm_store_gazetteer_save(db, gaz, &err) == SM_OK,
          "save: %s", err.msg);
    CHECK(sm_store_gazetteer_country(db, cc, &err) == SM_OK && strcmp(cc, "LB") == 0,
          "recorded: %s", cc);
    CHECK(sm_store_gazetteer_load(db, &back, &err) == SM_OK && sm_gaz_country(back) &&
          strcmp(sm_gaz_country(back), "LB") == 0 && sm_gaz_count(back) == 3,
          "loaded back with it: %s", err.msg);
    CHECK(sm_store_gazetteer_set_country(db, "SY", &err) == SM_OK &&
          sm_store_gazetteer_country(db, cc, &err) == SM_OK && strcmp(cc, "SY") == 0,
          "set again");
    CHECK(sm_store_gazetteer_set_country(db, "Syria", &err) == SM_EUSAGE, "not a code");
    CHECK(sm_gaz_set_country(gaz, "sy", &err) == SM_EUSAGE, "lowercase is no code");
    sm_gaz_free(gaz);
    sm_gaz_free(back);
    sm_store_close(db);
}

static void
test_bad_profiles_are_refused(void)
{
    static const struct { const char *json, *why; } bad[] = {
        { "{ \"name\": ", "the theatre ends before its JSON does (line 1)" },
        { "", "the theatre file is empty" },
        { "{ \"name\": \"x\" } []", "bad.json:1:17: text after the theatre's JSON" },
        { "[1, 2]", "a theatre is a JSON object" },
        { "{ \"name\": \"x\", \"countrey\": \"LB\" }", "\"countrey\": unknown theatre setting" },
        { "{ \"country\": \"Lebanon\" }", "\"country\": want two capital letters" },
        { "{ \"country\": \"lb\" }", "\"country\": want two capital letters" },
        { "{ \"country_iso3\": \"LB\" }", "\"country_iso3\": want three capital letters" },
        { "{ \"factions\": [ { \"id\": \"a\", \"label\": \"A\", \"fill\": \"blue\","
          " \"outline\": \"#000000\" } ] }", "\"factions[0].fill\": not a colour" },
        { "{ \"factions\": [ { \"id\": \"a\", \"label\": \"A\", \"fill\": \"#000000\" } ] }",
          "\"factions[0]\": each faction needs" },
        { "{ \"factions\": [ { \"id\": \"Bad Id\" } ] }", "\"factions[0].id\": not a plain" },
        { "{ \"factions\": [ { \"id\": \"a\", \"colour\": \"#000000\" } ] }",
          "\"factions[0].colour\": unknown faction setting" },
        { "{ \"regions\": [ { \"name\": \"r\", \"box\": [36, 34, 35, 33] } ] }",
          "\"regions[0].box\": not a box" },
        { "{ \"regions\": [ { \"name\": \"r\", \"box\": [1, 2] } ] }",
          "\"regions[0].box\": want [west, south, east, north]" },
        { "{ \"gazetteer_box\": \"32,31,44,38\" }", "\"gazetteer_box\": want [west" },
        { "{ \"actors\": [ { \"name\": \"A\", \"words\": [\"Capital\"] } ] }",
          "\"actors[0].words\": item 0 is not a lowercase English word" },
        { "{ \"actors\": [ { \"name\": \"A\", \"words\": [\"a\"] },"
          " { \"name\": \"B\", \"words\": [\"a b\"] } ] }",
          "\"actors[1]\": \"a b\" already names \"A\"" },
        { "{ \"actors\": [ { \"name\": \"A; B\" } ] }", "\"actors[0].name\": empty, or holds" },
        { "{ \"actors\": [ { \"name\": \"A\", \"arabic\": [\"latin\"] } ] }",
          "\"actors[0].arabic\": item 0 is not a word in Arabic script" },
        { "{ \"demonyms\": [\"two words\"] }", "\"demonyms\": item 0 is not" },
        { "{ \"name\": \"x\", \"country\": \"LB\", \"country_iso3\": \"LBN\" }",
          "\"country_name\": missing" },
        { "{ \"name\": \"x\", \"country\": \"LB\", \"country_iso3\": \"LBN\", \"country_name\":"
          " \"Lebanon\", \"gazetteer_box\": [35, 33, 37, 35], \"regions\": [ { \"name\": \"r\","
          " \"box\": [35, 33, 36, 34] } ], \"default_region\": \"nowhere\" }",
          "\"default_region\": not one of the regions" },
    };
    sm_theatre t;
    sm_error err = { 0 };

    CHECK(sm_theatre_load(check_path("missing.json"), &t, &err) == SM_EINPUT &&
          strstr(err.msg, "missing.json"), "a missing file: %s", err.msg);
    sm_theatre_free(&t);
    for (size_t i = 0; i < SM_LEN(bad); i++) {
        sm_error e = { 0 };
        write_file(check_path("bad.json"), bad[i].json);
        CHECK(sm_theatre_load(check_path("bad.json"), &t, &e) == SM_EINPUT, "case %zu refused",
              i);
        CHECK(strstr(e.msg, "bad.json") && strstr(e.msg, bad[i].why), "case %zu says %s: %s", i,
              bad[i].why, e.msg);
        CHECK(t.regions == NULL && t.factions == NULL && t.actors == NULL, "case %zu: empty", i);
        sm_theatre_free(&t);
    }
}

static const check_case cases[] = {
    { "the_syria_profile", test_the_syria_profile },
    { "a_second_profile", test_a_second_profile },
    { "the_gazetteer_follows_the_theatre", test_the_gazetteer_follows_the_theatre },
    { "the_extractor_follows_the_theatre", test_the_extractor_follows_the_theatre },
    { "styles_take_the_theatres_factions", test_styles_take_the_theatres_factions },
    { "the_store_keeps_the_gazetteers_country", test_the_store_keeps_the_gazetteers_country },
    { "bad_profiles_are_refused", test_bad_profiles_are_refused },
};

CHECK_MAIN(cases)
