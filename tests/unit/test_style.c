/* SPDX-License-Identifier: MIT */
/* test_style.c - style files: defaults, loading, and clear errors. */
#include "check.h"

#include <lcms2.h>
#include <math.h>
#include <stddef.h>
#include <unistd.h>

#include "sitmap.h"

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void
test_defaults_define_the_syrian_factions(void)
{
    static const char *const ids[] = { "regime", "opposition", "sdf", "isis", "turkey", "hts" };
    sm_style s;
    sm_theatre syria;
    sm_error err = { 0 };

    sm_style_defaults(&s);
    CHECK(sm_theatre_load("gazetteer/theatres/syria.json", &syria, &err) == SM_OK, "%s", err.msg);
    sm_style_apply_theatre(&s, &syria);
    sm_theatre_free(&syria);
    for (size_t i = 0; i < SM_LEN(ids); i++)
        CHECK(sm_style_faction(&s, ids[i]) != NULL, "%s defined", ids[i]);
    CHECK(sm_style_faction(&s, "hezbollah") == NULL, "an unknown faction is not");
}

/* A faction's stripes over a zone it contests: its "hatch", else its fill;
 * the newsroom's slate HTS gets darker stripes that show. */
static void
test_faction_hatch(void)
{
    sm_style s;
    sm_error err = { 0 };
    const sm_faction_style *hts, *regime;

    sm_style_defaults(&s);
    CHECK(sm_style_load("styles/newsroom.json", &s, &err) == SM_OK, "%s", err.msg);
    hts = sm_style_faction(&s, "hts");
    regime = sm_style_faction(&s, "regime");
    CHECK(hts && hts->hatch.r < hts->fill.r - 0.1 && hts->hatch.b < hts->fill.b - 0.1,
          "HTS: stripes darker than its fill");
    CHECK(regime && regime->hatch.r == regime->fill.r && regime->hatch.g == regime->fill.g &&
              regime->hatch.a == regime->fill.a,
          "the government's stripes are its fill");
}

static void
test_shipped_styles_load(void)
{
    static const char *const names[] = { "styles/newsroom.json", "styles/print.json",
                                         "styles/dark.json", "styles/colorblind.json" };
    for (size_t i = 0; i < SM_LEN(names); i++) {
        sm_style s;
        sm_error err = { 0 };
        sm_style_defaults(&s);
        CHECK(sm_style_load(names[i], &s, &err) == SM_OK, "%s: %s", names[i], err.msg);
        CHECK(s.nfactions >= 6, "%s defines the factions", names[i]);
        CHECK(s.nallies == 2 && strcmp(s.allies[0][0], "opposition") == 0 &&
                  strcmp(s.allies[0][1], "hts") == 0 && strcmp(s.allies[1][1], "turkey") == 0,
              "%s: the opposition's allies, HTS and Turkey's groups", names[i]);
    }
}

/* The order of severity: the types listed first, the others after in the
 * built-in order (chemical, attack, bombing, airstrike, ...). */
static void
test_severity_order(void)
{
    sm_style s;
    sm_error err = { 0 };
    const char *path = check_path("severity.json");

    sm_style_defaults(&s);
    CHECK(s.severity[SM_EVENT_CHEMICAL] == 0 && s.severity[SM_EVENT_ATTACK] == 1 &&
              s.severity[SM_EVENT_AIRSTRIKE] < s.severity[SM_EVENT_CLASH] &&
              s.severity[SM_EVENT_OTHER] == SM_EVENT_TYPE_COUNT - 1,
          "built in: chemical, attacks on civilians, ..., other");
    write_file(path, "{ \"severity\": [ \"airstrike\", \"siege\" ] }");
    CHECK(sm_style_load(path, &s, &err) == SM_OK, "%s", err.msg);
    CHECK(s.severity[SM_EVENT_AIRSTRIKE] == 0 && s.severity[SM_EVENT_SIEGE] == 1 &&
              s.severity[SM_EVENT_CHEMICAL] == 2 && s.severity[SM_EVENT_OTHER] == 9,
          "listed first, the rest after");
}

/* A group of allies is every pair of it. */
static void
test_allies_are_pairs(void)
{
    sm_style s;
    sm_error err = { 0 };
    const char *path = check_path("allies.json");

    write_file(path, "{ \"allies\": [ [ \"a\", \"b\", \"c\" ], [ \"d\", \"e\" ] ] }");
    sm_style_defaults(&s);
    CHECK(sm_style_load(path, &s, &err) == SM_OK, "%s", err.msg);
    CHECK(s.nallies == 4 && strcmp(s.allies[1][0], "a") == 0 && strcmp(s.allies[1][1], "c") == 0 &&
              strcmp(s.allies[2][0], "b") == 0 && strcmp(s.allies[3][1], "e") == 0,
          "a-b, a-c, b-c, d-e (%d pairs)", s.nallies);
}

static void
test_bad_styles_are_refused(void)
{
    static const struct { const char *json, *why; } bad[] = {
        { "{ \"colours\": { \"land\": \"green\" } }", "\"land\": not a colour" },
        { "{ \"colours\": { \"lnad\": \"#ffffff\" } }", "\"lnad\": unknown colour" },
        { "{ \"zone_opacity\": 3 }", "\"zone_opacity\": out of range" },
        { "{ \"factions\": [ { \"label\": \"no id\" } ] }", "\"factions\": each needs an \"id\"" },
        { "{ \"factions\": [ { \"id\": \"Bad Id\" } ] }", "plain identifier" },
        { "{ \"events\": { \"picnic\": \"#000000\" } }", "\"picnic\": not an event type" },
        { "{ \"fonts\": { \"title_px\": \"big\" } }", "\"title_px\": not a number" },
        { "{ \"allies\": [ [ \"hts\" ] ] }", "\"allies\": each group is a list of 2 or more" },
        { "{ \"allies\": [ [ \"hts\", \"Bad Id\" ] ] }", "\"allies\": each group is a list of plain" },
        { "{ \"allies\": \"hts\" }", "\"allies\": not a list" },
        { "{ \"severity\": [ \"picnic\" ] }", "\"severity\": not an event type" },
        { "{ \"severity\": [ \"clash\", \"clash\" ] }", "\"severity\": an event type twice" },
        { "{ \"fronts\": { \"teeth\": 4 } }", "\"teeth\": unknown front line setting" },
        { "{ \"fronts\": { \"tolerance_km\": -1 } }", "\"tolerance_km\": out of range" },
        { "{ \"fronts\": { \"colour\": \"red\" } }", "\"colour\": not a colour" },
        { "{ \"hatch_px\": 0 }", "\"hatch_px\": out of range" },
        { "[1, 2]", "a style is a JSON object" },
        { "null\n", "a style is a JSON object" },
        { "{ \"name\": ", "the style ends before its JSON does (line 1)" },
        { "", "the style file is empty" },
        { " \n\n", "the style file is empty" },
        { "{ \"name\": \"x\",\n  \"colours\": { ,, } }", "bad.json:2:16: the style is not JSON" },
        { "{ \"name\": \"x\" }\n}", "bad.json:2:1: text after the style's JSON" },
    };
    for (size_t i = 0; i < SM_LEN(bad); i++) {
        sm_style s;
        sm_error err = { 0 };
        write_file(check_path("bad.json"), bad[i].json);
        sm_style_defaults(&s);
        CHECK(sm_style_load(check_path("bad.json"), &s, &err) == SM_EINPUT, "case %zu refused", i);
        CHECK(strstr(err.msg, "bad.json") && strstr(err.msg, bad[i].why), "case %zu says %s: %s",
              i, bad[i].why, err.msg);
    }
}

/* json-c reads NaN and Infinity; no range check lets them through (NaN
 * compares false with every bound): each number of a style is refused as
 * not finite, with the file and the key named, and the style keeps its
 * value. */
static void
test_non_finite_numbers_are_refused(void)
{
    static const struct { const char *json, *key; } keys[] = {
        { "\"zone_opacity\": %s", "zone_opacity" }, { "\"hatch_px\": %s", "hatch_px" },
        { "\"derived_max_km\": %s", "derived_max_km" },
        { "\"fronts\": { \"width_px\": %s }", "width_px" },
        { "\"fronts\": { \"teeth_px\": %s }", "teeth_px" },
        { "\"fronts\": { \"spacing_px\": %s }", "spacing_px" },
        { "\"fronts\": { \"tolerance_km\": %s }", "tolerance_km" },
        { "\"disputed\": { \"width_px\": %s }", "width_px" },
        { "\"disputed\": { \"dash_px\": %s }", "dash_px" },
        { "\"disputed\": { \"hatch_px\": %s }", "hatch_px" },
        { "\"fonts\": { \"title_px\": %s }", "title_px" },
        { "\"fonts\": { \"label_px\": %s }", "label_px" },
        { "\"fonts\": { \"margin_px\": %s }", "margin_px" },
    };
    static const char *const values[] = { "NaN", "Infinity", "-Infinity", "nan" };
    const char *path = check_path("nan.json");

    for (size_t i = 0; i < SM_LEN(keys); i++)
        for (size_t j = 0; j < SM_LEN(values); j++) {
            char json[160], body[120], named[48];
            sm_style s, defaults;
            sm_error err = { 0 };
            snprintf(body, sizeof(body), keys[i].json, values[j]);
            snprintf(json, sizeof(json), "{ %s }", body);
            snprintf(named, sizeof(named), "\"%s\": not a finite number", keys[i].key);
            write_file(path, json);
            sm_style_defaults(&s);
            defaults = s;
            CHECK(sm_style_load(path, &s, &err) == SM_EINPUT, "%s refused", json);
            CHECK(strstr(err.msg, "nan.json") && strstr(err.msg, named), "%s: %s", json,
                  err.msg);
            CHECK(memcmp(&s, &defaults, sizeof(s)) == 0, "%s: the style unchanged", json);
        }
}

/* A style built in code is held to the ranges a style file is: each bad
 * value is refused by sm_style_check, and so by sm_render, naming the
 * setting (a NaN here used to reach the renderer: an endless front line,
 * a read past the hatch patterns). */
static void
test_styles_built_in_code_are_checked(void)
{
    static const struct { size_t off; const char *named; } nums[] = {
        { offsetof(sm_style, hatch_px), "hatch_px" },
        { offsetof(sm_style, zone_opacity), "zone_opacity" },
        { offsetof(sm_style, derived_max_km), "derived_max_km" },
        { offsetof(sm_style, front_spacing_px), "fronts.spacing_px" },
        { offsetof(sm_style, front_px), "fronts.width_px" },
        { offsetof(sm_style, disputed_hatch_px), "disputed.hatch_px" },
        { offsetof(sm_style, label_px), "fonts.label_px" },
    };
    static const double bad[] = { NAN, INFINITY, -1e300, 1e9 };
    sm_style s;
    sm_error err = { 0 };
    sm_render_opts o = SM_RENDER_OPTS_INIT;

    sm_style_defaults(&s);
    CHECK(sm_style_check(&s, &err) == SM_OK, "the defaults pass: %s", err.msg);
    for (size_t i = 0; i < SM_LEN(nums); i++)
        for (size_t j = 0; j < SM_LEN(bad); j++) {
            sm_frame *f = NULL;
            sm_style_defaults(&s);
            *(double *)((char *)&s + nums[i].off) = bad[j];
            sm_error_clear(&err);
            CHECK(sm_style_check(&s, &err) == SM_EUSAGE && strstr(err.msg, nums[i].named),
                  "%s = %g: %s", nums[i].named, bad[j], err.msg);
            o.west = 35, o.south = 32, o.east = 42, o.north = 37;
            o.style = &s;
            sm_error_clear(&err);
            CHECK(sm_frame_new(&o, &f, &err) == SM_EUSAGE && f == NULL &&
                      strstr(err.msg, nums[i].named),
                  "a frame with %s = %g: %s", nums[i].named, bad[j], err.msg);
            sm_error_clear(&err);
            CHECK(sm_render(&(sm_situation){ 0 }, &o, check_path("bad.png"), NULL, &err) ==
                          SM_EUSAGE && strstr(err.msg, nums[i].named),
                  "a render with %s = %g: %s", nums[i].named, bad[j], err.msg);
        }
    sm_style_defaults(&s);
    s.events[SM_EVENT_CLASH].g = NAN;
    sm_error_clear(&err);
    CHECK(sm_style_check(&s, &err) == SM_EUSAGE && strstr(err.msg, "events.clash"), "%s",
          err.msg);
    sm_style_defaults(&s);
    s.severity[0] = 99;
    sm_error_clear(&err);
    CHECK(sm_style_check(&s, &err) == SM_EUSAGE && strstr(err.msg, "severity"), "%s", err.msg);
    sm_style_defaults(&s);
    memset(s.font, 'x', sizeof(s.font));
    sm_error_clear(&err);
    CHECK(sm_style_check(&s, &err) == SM_EUSAGE && strstr(err.msg, "font"), "%s", err.msg);
    sm_style_defaults(&s);
    s.nfactions = SM_STYLE_MAX_FACTIONS + 1;
    sm_error_clear(&err);
    CHECK(sm_style_check(&s, &err) == SM_EUSAGE && strstr(err.msg, "factions"), "%s",
          err.msg);
    sm_style_defaults(&s);
    CHECK(sm_style_add_faction(&s, "regime", "Government", (sm_rgba){ 2, 0, 0, 1 }), "added");
    sm_error_clear(&err);
    CHECK(sm_style_check(&s, &err) == SM_EUSAGE && strstr(err.msg, "regime"), "%s", err.msg);
    CHECK(access(check_path("bad.png"), F_OK) != 0, "no map written");
}

/* A style is read up to 4 MB, no further: a larger file, and an endless
 * one (/dev/zero), are refused with the limit named. */
static void
test_huge_and_endless_files_are_refused(void)
{
    const char *path = check_path("huge.json");
    FILE *f = fopen(path, "w");
    sm_style s;
    sm_error err = { 0 };

    fputs("{ \"description\": \"", f);
    for (int i = 0; i < 5 * 1024; i++)
        fprintf(f, "%01024d", 0);
    fputs("\" }", f);
    fclose(f);
    sm_style_defaults(&s);
    CHECK(sm_style_load(path, &s, &err) == SM_EINPUT && strstr(err.msg, "huge.json") &&
          strstr(err.msg, "larger than 4 MB"), "a 5 MB style: %s", err.msg);
    memset(&err, 0, sizeof(err));
    CHECK(sm_style_load("/dev/zero", &s, &err) == SM_EINPUT && strstr(err.msg, "/dev/zero") &&
          strstr(err.msg, "larger than 4 MB"), "/dev/zero: %s", err.msg);
}

static void
test_colours_parse(void)
{
    sm_rgba c;

    CHECK(sm_rgba_parse("#ff8000", &c) && c.r == 1 && c.g > 0.5 && c.g < 0.51 && c.b == 0 &&
          c.a == 1, "#ff8000");
    CHECK(sm_rgba_parse("#00000080", &c) && c.a > 0.5 && c.a < 0.51, "alpha");
    CHECK(!sm_rgba_parse("#fff", &c) && !sm_rgba_parse("ff8000", &c) && !sm_rgba_parse("#gg0000", &c),
          "bad colours refused");
}

/* A colour as CIE L*a*b* (sRGB, through Little CMS). */
static cmsCIELab
lab_of(sm_rgba c, cmsHTRANSFORM to_lab)
{
    double rgb[3] = { c.r, c.g, c.b };
    cmsCIELab lab;

    cmsDoTransform(to_lab, rgb, &lab, 1);
    return lab;
}

/* fill at opacity a over ground, as the map composites a zone. */
static sm_rgba
over(sm_rgba fill, double a, sm_rgba ground)
{
    sm_rgba c = { fill.r * a + ground.r * (1 - a), fill.g * a + ground.g * (1 - a),
                  fill.b * a + ground.b * (1 - a), 1 };
    return c;
}

/* In every shipped style, each faction's zones, composited on the
 * country's land as drawn under them (in the colour of no data, at the
 * zone opacity, and at 0.7 of it for zones derived from control), stand
 * apart from that land, from lakes and from every other faction's:
 * CIEDE2000 differences of 10 or more. */
static void
test_factions_stand_apart_in_every_style(void)
{
    static const char *const names[] = { "styles/newsroom.json", "styles/print.json",
                                         "styles/dark.json", "styles/colorblind.json" };
    cmsHPROFILE srgb = cmsCreate_sRGBProfile(), lab = cmsCreateLab4Profile(NULL);
    cmsHTRANSFORM to_lab = cmsCreateTransform(srgb, TYPE_RGB_DBL, lab, TYPE_Lab_DBL,
                                              INTENT_PERCEPTUAL, 0);

    for (size_t k = 0; k < SM_LEN(names); k++) {
        sm_style s;
        sm_error err = { 0 };
        cmsCIELab land, water;

        sm_style_defaults(&s);
        CHECK(sm_style_load(names[k], &s, &err) == SM_OK, "%s: %s", names[k], err.msg);
        sm_rgba ground = over(s.no_data, s.no_data.a, s.subject);
        land = lab_of(ground, to_lab);
        water = lab_of(s.water, to_lab);
        {
            cmsCIELab front = lab_of(s.front, to_lab);  /* a line: more than a fill */
            double d = cmsCIE2000DeltaE(&front, &land, 1, 1, 1);
            CHECK(d >= 30, "%s: the front line against the land %.1f", names[k], d);
        }
        for (int i = 0; i < s.nfactions; i++) {
            cmsCIELab held = lab_of(over(s.factions[i].fill, s.zone_opacity, ground), to_lab);
            cmsCIELab derived =
                lab_of(over(s.factions[i].fill, 0.7 * s.zone_opacity, ground), to_lab);
            double dl = cmsCIE2000DeltaE(&held, &land, 1, 1, 1);
            double dd = cmsCIE2000DeltaE(&derived, &land, 1, 1, 1);
            double dw = cmsCIE2000DeltaE(&held, &water, 1, 1, 1);
            CHECK(dl >= 10 && dd >= 10 && dw >= 10, "%s: %s against the land %.1f (derived"
                  " %.1f), the lakes %.1f", names[k], s.factions[i].id, dl, dd, dw);
            for (int j = i + 1; j < s.nfactions; j++) {
                cmsCIELab other =
                    lab_of(over(s.factions[j].fill, s.zone_opacity, ground), to_lab);
                double d = cmsCIE2000DeltaE(&held, &other, 1, 1, 1);
                CHECK(d >= 10, "%s: %s against %s %.1f", names[k], s.factions[i].id,
                      s.factions[j].id, d);
            }
        }
    }
    cmsDeleteTransform(to_lab);
    cmsCloseProfile(srgb);
    cmsCloseProfile(lab);
}

static const check_case cases[] = {
    { "factions_stand_apart_in_every_style", test_factions_stand_apart_in_every_style },
    { "allies_are_pairs", test_allies_are_pairs },
    { "severity_order", test_severity_order },
    { "faction_hatch", test_faction_hatch },
    { "defaults_define_the_syrian_factions", test_defaults_define_the_syrian_factions },
    { "shipped_styles_load", test_shipped_styles_load },
    { "bad_styles_are_refused", test_bad_styles_are_refused },
    { "non_finite_numbers_are_refused", test_non_finite_numbers_are_refused },
    { "styles_built_in_code_are_checked", test_styles_built_in_code_are_checked },
    { "huge_and_endless_files_are_refused", test_huge_and_endless_files_are_refused },
    { "colours_parse", test_colours_parse },
};

CHECK_MAIN(cases)
