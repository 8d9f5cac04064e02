/* SPDX-License-Identifier: MIT */
/* test_annotations.c - an editor's annotations: the example file read, each
 * kind of bad feature refused by name, the days each is shown, and a map
 * drawn with them (their SVG groups; a highlighted town's label yields). */
#include "check.h"

#include <sys/stat.h>

#include "sitmap.h"

/* The text of path (the caller frees it), or NULL. */
static char *
slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *s = NULL;
    long n;

    if (fp && fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
        fseek(fp, 0, SEEK_SET) == 0 && (s = calloc(1, (size_t)n + 1)) &&
        fread(s, 1, (size_t)n, fp) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (fp)
        fclose(fp);
    return s;
}

static const char *
write_file(const char *name, const char *text)
{
    const char *path = check_path(name);
    FILE *fp = fopen(path, "w");

    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
    return path;
}

static void
test_the_example_reads(void)
{
    sm_annotations *a = NULL;
    sm_error err = { 0 };
    sm_day from, until;

    CHECK(sm_annotations_load("examples/annotations.geojson", &a, &err) == SM_OK, "%s",
          err.msg);
    if (a == NULL)
        return;
    CHECK(a->n == 8, "8 annotations (%zu)", a->n);
    CHECK(a->items[0].kind == SM_ANNOTATION_ARROW && a->items[0].npts == 4 &&
              strcmp(a->items[0].faction, "turkey") == 0 && a->items[0].curve == -0.06 &&
              strcmp(a->items[0].text, "Euphrates Shield") == 0 &&
              strcmp(a->items[0].id, "shield-advance") == 0,
          "the first, an arrow of four points, Turkey's, bent -0.06, named, with its id");
    sm_day_parse("2016-12-10", &from);
    sm_day_parse("2017-02-28", &until);
    CHECK(a->items[0].from == from && a->items[0].until == until, "its days");
    CHECK(a->items[3].kind == SM_ANNOTATION_CALLOUT && a->items[3].npts == 1,
          "a callout at a point");
    CHECK(a->items[4].kind == SM_ANNOTATION_HIGHLIGHT && a->items[4].text == NULL &&
              a->items[4].area.nrings == 0,
          "a highlighted town, named by the map");
    CHECK(a->items[5].kind == SM_ANNOTATION_HIGHLIGHT && a->items[5].area.nrings == 1 &&
              a->items[5].npts == 0,
          "a highlighted area, one ring");
    CHECK(a->items[6].kind == SM_ANNOTATION_NOTE && a->items[6].area.nrings == 1 &&
              a->items[6].until == SM_DAY_NONE,
          "a note on an area, from its day on");
    CHECK(a->items[7].kind == SM_ANNOTATION_TEXT && a->items[7].from == SM_DAY_NONE,
          "free text, undated");
    sm_annotations_free(a);
    sm_annotations_free(NULL);
}

/* Features with one fault each, and what the message must say. */
static void
test_each_bad_feature_named(void)
{
    static const struct {
        const char *json, *want;
    } cases[] = {
        { "{\"type\": \"Feature\"}", "not a GeoJSON FeatureCollection" },
        { "[]", "a annotations is a JSON object" },
        { "{\"type\": \"FeatureCollection\", \"features\": [", "ends before its JSON" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"arow\"}, \"geometry\": null}]}",
          "features[0]: unknown kind \"arow\" (want arrow, callout, highlight, note or text)" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {}, \"geometry\": null}]}",
          "features[0]: no \"kind\"" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"text\", \"text\": \"a\"}, \"geometry\": "
          "{\"type\": \"Point\", \"coordinates\": [37, 36]}}, {\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"callout\", \"text\": \"b\"}, \"geometry\": "
          "{\"type\": \"LineString\", \"coordinates\": [[37, 36], [38, 36]]}}]}",
          "features[1]: a callout has a Point geometry, not a LineString" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"arrow\"}, \"geometry\": "
          "{\"type\": \"Point\", \"coordinates\": [37, 36]}}]}",
          "features[0]: an arrow has a LineString geometry, not a Point" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"arrow\"}, \"geometry\": "
          "{\"type\": \"LineString\", \"coordinates\": [[37, 36], [37, 36]]}}]}",
          "features[0]: an arrow's line has two distinct positions or more" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"text\", \"text\": \"x\"}, \"geometry\": "
          "{\"type\": \"Point\", \"coordinates\": [37, 96]}}]}",
          "features[0]: position [37, 96] is not a longitude and latitude" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"text\", \"text\": \"x\", \"date\": \"2017-02-30\"}, "
          "\"geometry\": {\"type\": \"Point\", \"coordinates\": [37, 36]}}]}",
          "features[0]: \"date\": \"2017-02-30\" is not a day (YYYY-MM-DD)" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"text\", \"text\": \"x\", \"date\": \"2017-02-03\", "
          "\"until\": \"2017-02-01\"}, "
          "\"geometry\": {\"type\": \"Point\", \"coordinates\": [37, 36]}}]}",
          "features[0]: \"until\" is before \"date\"" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"callout\"}, "
          "\"geometry\": {\"type\": \"Point\", \"coordinates\": [37, 36]}}]}",
          "features[0]: a callout needs a \"text\"" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"text\", \"text\": \"x\", \"faction\": \"<b>\"}, "
          "\"geometry\": {\"type\": \"Point\", \"coordinates\": [37, 36]}}]}",
          "features[0]: \"faction\": \"<b>\" is not a faction id" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"arrow\", \"curve\": 3}, \"geometry\": "
          "{\"type\": \"LineString\", \"coordinates\": [[37, 36], [38, 36]]}}]}",
          "features[0]: \"curve\" is 3, not a number from -1 to 1" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"note\", \"text\": \"x\"}, \"geometry\": "
          "{\"type\": \"Polygon\", \"coordinates\": [[[37, 36], [38, 36], [38, 37], [37, 37]]]}}]}",
          "features[0]: a polygon's ring has 4 positions or more, the last the first" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"text\", \"text\": \"x\", \"id\": \"a\"}, \"geometry\": "
          "{\"type\": \"Point\", \"coordinates\": [37, 36]}}, {\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"text\", \"text\": \"y\", \"id\": \"a\"}, \"geometry\": "
          "{\"type\": \"Point\", \"coordinates\": [37, 36]}}]}",
          "features[1]: \"id\" \"a\" is that of features[0] too" },
        { "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
          "\"properties\": {\"kind\": \"text\", \"text\": 5}, \"geometry\": "
          "{\"type\": \"Point\", \"coordinates\": [37, 36]}}]}",
          "features[0]: \"text\" is not a string" },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sm_annotations *a = (sm_annotations *)1;
        sm_error err = { 0 };
        const char *path = write_file("bad.geojson", cases[i].json);
        CHECK(sm_annotations_load(path, &a, &err) == SM_EINPUT && a == NULL,
              "case %zu refused, nothing kept", i);
        CHECK(strstr(err.msg, "bad.geojson: ") == err.msg + strlen(path) - strlen("bad.geojson"),
              "case %zu names the file: %s", i, err.msg);
        CHECK(strstr(err.msg, cases[i].want) != NULL, "case %zu: want \"%s\", got \"%s\"", i,
              cases[i].want, err.msg);
    }
}

static void
syria_style(sm_style *s)
{
    sm_theatre t;
    sm_error err = { 0 };

    sm_style_defaults(s);
    CHECK(sm_theatre_load("gazetteer/theatres/syria.json", &t, &err) == SM_OK, "%s", err.msg);
    sm_style_apply_theatre(s, &t);
    sm_theatre_free(&t);
}

static void
test_unknown_faction_refused_before_drawing(void)
{
    const char *path = write_file("rebels.geojson",
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
        "\"properties\": {\"kind\": \"text\", \"text\": \"x\", \"faction\": \"regime\"}, "
        "\"geometry\": {\"type\": \"Point\", \"coordinates\": [37, 36]}}, "
        "{\"type\": \"Feature\", \"properties\": {\"kind\": \"arrow\", \"faction\": \"rebels\"}, "
        "\"geometry\": {\"type\": \"LineString\", \"coordinates\": [[37, 36], [38, 36]]}}]}");
    sm_annotations *a = NULL;
    sm_render_opts o = SM_RENDER_OPTS_INIT;
    sm_situation *sit;
    sm_style style;
    sm_error err = { 0 };
    sm_day day;
    struct stat st;

    syria_style(&style);
    CHECK(sm_annotations_load(path, &a, &err) == SM_OK, "read: %s", err.msg);
    CHECK(sm_annotations_check(a, &style, &err) == SM_EINPUT &&
              strstr(err.msg, "rebels.geojson: features[1]: unknown faction \"rebels\" "
                              "(the style has regime, ") != NULL,
          "the faction the style lacks, named: %s", err.msg);
    sm_day_parse("2017-01-15", &day);
    sit = sm_situation_new(day);
    o.west = 36, o.south = 35, o.east = 38.5, o.north = 37;
    o.width_px = 600, o.height_px = 400;
    o.style = &style;
    o.annotations = a;
    err = (sm_error){ 0 };
    CHECK(sm_render(sit, &o, check_path("m.png"), NULL, &err) == SM_EINPUT &&
              strstr(err.msg, "unknown faction \"rebels\"") != NULL,
          "the render refused: %s", err.msg);
    CHECK(stat(check_path("m.png"), &st) != 0, "no map written");
    sm_situation_free(sit);
    sm_annotations_free(a);
}

static void
test_shown_on_its_days(void)
{
    sm_annotation a = { .from = 100, .until = 102 };

    CHECK(!sm_annotation_is_shown(&a, 99) && sm_annotation_is_shown(&a, 100) &&
              sm_annotation_is_shown(&a, 102) && !sm_annotation_is_shown(&a, 103),
          "from its date to its until, both included");
    a.from = SM_DAY_NONE;
    CHECK(sm_annotation_is_shown(&a, -5000) && !sm_annotation_is_shown(&a, 103),
          "no date: every day up to its until");
    a.until = SM_DAY_NONE;
    CHECK(sm_annotation_is_shown(&a, 1000000), "undated: every day");
}

/* A map of a city with a highlight on it (no text: the city's name), a
 * callout, an arrow and an arrow of another day: the highlight names the
 * city once, in its group, and the place label yields. */
static void
test_drawn_in_their_groups(void)
{
    const char *path = write_file("a.geojson",
        "{\"type\": \"FeatureCollection\", \"features\": ["
        "{\"type\": \"Feature\", \"properties\": {\"kind\": \"highlight\", \"faction\": \"regime\"},"
        " \"geometry\": {\"type\": \"Point\", \"coordinates\": [36.5, 35.5]}},"
        "{\"type\": \"Feature\", \"properties\": {\"kind\": \"callout\", \"id\": \"c\","
        " \"text\": \"Shelled <overnight> & \\\"again\\\"\"},"
        " \"geometry\": {\"type\": \"Point\", \"coordinates\": [37.2, 35.8]}},"
        "{\"type\": \"Feature\", \"properties\": {\"kind\": \"arrow\", \"id\": \"now\","
        " \"faction\": \"opposition\", \"curve\": 0.2, \"date\": \"2020-01-25\"},"
        " \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[37.5, 36], [36.8, 35.6]]}},"
        "{\"type\": \"Feature\", \"properties\": {\"kind\": \"arrow\", \"id\": \"later\","
        " \"date\": \"2020-03-01\"},"
        " \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[37.5, 35], [36.8, 35.6]]}}"
        "]}");
    sm_place p = { .id = 1, .name = "Testville", .lat_deg = 35.5, .lon_deg = 36.5,
                   .feature_code = "PPLA", .kind = "city", .country = "SY",
                   .population = 200000 };
    sm_annotations *a = NULL;
    sm_render_opts o = SM_RENDER_OPTS_INIT;
    sm_render_report rep;
    sm_situation *sit;
    sm_style style;
    sm_error err = { 0 };
    sm_day day;
    char *svg, *group, *labels;

    syria_style(&style);
    sm_day_parse("2020-02-01", &day);
    sit = sm_situation_new(day);
    CHECK(sit && sm_situation_add_place(sit, &p, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_annotations_load(path, &a, &err) == SM_OK, "read: %s", err.msg);
    o.west = 35.5, o.south = 34.5, o.east = 38.5, o.north = 36.5;
    o.width_px = 800, o.height_px = 600;
    o.style = &style;
    o.annotations = a;
    CHECK(sm_render(sit, &o, check_path("a.svg"), &rep, &err) == SM_OK, "%s", err.msg);
    CHECK(rep.annotations == 3, "three shown on the day (%d)", rep.annotations);
    CHECK(rep.label_overlaps == 0 && rep.annotation_overlaps == 0,
          "no overlaps (%d labels, %d annotations)", rep.label_overlaps, rep.annotation_overlaps);
    svg = slurp(check_path("a.svg"));
    group = svg ? strstr(svg, "<g id=\"annotation-1\" ") : NULL;
    labels = svg ? strstr(svg, "<g id=\"labels\" ") : NULL;
    CHECK(svg && strstr(svg, "<g id=\"annotations\" ") < group && group &&
              strstr(group, ">Testville</text>") < strstr(group, "</g>"),
          "the highlight's group, with the town's name");
    CHECK(labels && strstr(labels, ">Testville</text>") == NULL,
          "no place label for the highlighted town");
    CHECK(svg && strstr(svg, " id=\"annotation-c\" ") && strstr(svg, " id=\"annotation-now\" ") &&
              strstr(svg, "annotation-later") == NULL,
          "the callout and the arrow of the day, not the later one");
    CHECK(svg && strstr(svg, ">Shelled &lt;overnight&gt; &amp; &quot;again&quot;</text>"),
          "the callout's text escaped");
    CHECK(svg && strstr(svg, "fill=\"#4e9a3c\""), "the arrow in the opposition's colour");
    free(svg);
    /* PNG and PDF draw it too */
    CHECK(sm_render(sit, &o, check_path("a.png"), NULL, &err) == SM_OK &&
              sm_render(sit, &o, check_path("a.pdf"), NULL, &err) == SM_OK,
          "%s", err.msg);
    sm_situation_free(sit);
    sm_annotations_free(a);
}

/* Five callouts on one town among eight others, and a note beside it: each
 * takes a place of its own, and every label that finds room keeps clear of
 * them. */
static void
test_crowded_callouts_keep_apart(void)
{
    char json[8192];
    size_t n = 0;
    sm_annotations *a = NULL;
    sm_render_opts o = SM_RENDER_OPTS_INIT;
    sm_render_report rep;
    sm_situation *sit;
    sm_style style;
    sm_error err = { 0 };
    sm_day day;

    n += (size_t)snprintf(json + n, sizeof(json) - n, "{\"type\": \"FeatureCollection\", "
                                                       "\"features\": [");
    for (int i = 0; i < 5; i++)
        n += (size_t)snprintf(json + n, sizeof(json) - n,
                              "{\"type\": \"Feature\", \"properties\": {\"kind\": \"callout\","
                              " \"text\": \"Callout number %d, on the town\"}, \"geometry\":"
                              " {\"type\": \"Point\", \"coordinates\": [37, 35.5]}},", i + 1);
    snprintf(json + n, sizeof(json) - n,
             "{\"type\": \"Feature\", \"properties\": {\"kind\": \"note\", \"text\": "
             "\"A note beside it\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": "
             "[37.05, 35.45]}}]}");
    syria_style(&style);
    sm_day_parse("2020-02-01", &day);
    sit = sm_situation_new(day);
    for (int i = 0; i < 9; i++) {
        char name[32];
        snprintf(name, sizeof(name), "Town %d", i);
        sm_place p = { .id = i + 1, .name = name, .lat_deg = 35.5 + 0.12 * (i % 3 - 1),
                       .lon_deg = 37 + 0.25 * (i / 3 - 1), .feature_code = "PPLA",
                       .kind = "city", .country = "SY", .population = 150000 };
        CHECK(sm_situation_add_place(sit, &p, &err) == SM_OK, "%s", err.msg);
    }
    CHECK(sm_annotations_load(write_file("crowd.geojson", json), &a, &err) == SM_OK, "%s",
          err.msg);
    o.west = 36, o.south = 35, o.east = 38, o.north = 36;
    o.width_px = 900, o.height_px = 600;
    o.style = &style;
    o.annotations = a;
    CHECK(sm_render(sit, &o, check_path("crowd.png"), &rep, &err) == SM_OK, "%s", err.msg);
    CHECK(rep.annotations == 6 && rep.annotation_overlaps == 0 && rep.label_overlaps == 0,
          "6 annotations, none over another or under a label (%d, %d overlaps, %d labels'"
          " overlaps)", rep.annotations, rep.annotation_overlaps, rep.label_overlaps);
    CHECK(rep.labels_placed >= 6, "most towns still named (%d)", rep.labels_placed);
    sm_situation_free(sit);
    sm_annotations_free(a);
}

static const check_case cases[] = {
    { "crowded_callouts_keep_apart", test_crowded_callouts_keep_apart },
    { "the_example_reads", test_the_example_reads },
    { "each_bad_feature_named", test_each_bad_feature_named },
    { "unknown_faction_refused_before_drawing", test_unknown_faction_refused_before_drawing },
    { "shown_on_its_days", test_shown_on_its_days },
    { "drawn_in_their_groups", test_drawn_in_their_groups },
};

CHECK_MAIN(cases)
