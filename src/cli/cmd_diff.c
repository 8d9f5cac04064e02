/* SPDX-License-Identifier: MIT */
/* cmd_diff.c - `sitmap diff D1 D2 [--json] [-o CHANGE.png|svg|pdf]`: what changed
 * between two days, as a table, JSON or a change map. */
#include "cli/cli.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: sitmap [--db PATH] diff D1 D2 [--json] [-o CHANGE.png|svg|pdf [render options]]\n\n"
    "What changed from D1 to D2: each faction's zone area on both days (km2 on\n"
    "the ellipsoid), the area it gained and lost, and the places that changed\n"
    "hands, with the day they did: places with town-level control records, and\n"
    "places of 5,000 people or more inside zones that changed faction.\n"
    "-o draws a change map: the situation on D2 with the events between the days,\n"
    "the areas gained striped and lost dashed in each side's colour, the places\n"
    "that changed hands ringed; with render's options (--region, --bbox, --size,\n"
    "--preset, --scale, --style, --title, --subtitle, --lang, --no-inset,\n"
    "--alt-text FILE: the map in words, with the change since D1).\n";

/* The texts a change map's options point to, kept as long as the map. */
typedef struct texts {
    char day[SM_DAY_ISO_LEN], window[16], title[256];
} texts;

/* The map's options for a change map: `render`'s, with the window of
 * the days between and a title naming the first day (without -o, those of
 * the default map, whose situation the table tells). */
static int
map_options(const sm_cli *cli, char **pass, int npass, const char *out, sm_day from, sm_day to,
            texts *t, sm_cli_map *m)
{
    char **argv = calloc((size_t)npass + 10, sizeof(char *));
    char *day = t->day, *window = t->window, *title = t->title;
    int argc = 0, rc;
    bool titled = false;

    if (argv == NULL)
        return SM_EXIT_FAIL;
    for (int i = 0; i < npass; i++)
        titled |= strcmp(pass[i], "--title") == 0;
    /* a table has no events: its window, unused, within what render takes */
    snprintf(window, sizeof(t->window), "%d",
             to - from + 1 < SM_CLI_MAX_WINDOW ? to - from + 1 : SM_CLI_MAX_WINDOW);
    argv[argc++] = "diff";
    argv[argc++] = "--date";
    argv[argc++] = sm_day_format(to, day);
    argv[argc++] = "--window";
    argv[argc++] = window;
    if (!titled) {                      /* written once the map's language is known */
        argv[argc++] = "--title";
        argv[argc++] = title;
    }
    for (int i = 0; i < npass; i++)
        argv[argc++] = pass[i];
    argv[argc++] = "-o";
    argv[argc++] = (char *)(out ? out : "table.png");
    argv[argc] = NULL;
    title[0] = '\0';
    rc = sm_cli_map_parse(cli, "diff", argc, argv, m);
    free(argv);
    if (rc < 0 && !titled) {
        /* "Changes since 1 February 2017", in the map's language */
        char since[SM_DAY_TEXT_LEN * 2];
        const char *const names[] = { "date" };
        const char *values[] = { since };
        const sm_words *w = m->o.words;
        bool arabic = m->o.digits == SM_DIGITS_ARABIC ||
                      (m->o.digits == SM_DIGITS_DEFAULT && sm_words_arabic_digits(w));
        sm_words_date(w, from, NULL, arabic, since, sizeof(since));
        sm_words_fill(sm_words_or(w, "title.changes_since", "Changes since {date}"), names,
                      values, 1, title, sizeof(t->title));
    }
    return rc;
}

static void
print_table(const sm_diff *d)
{
    char from[16], to[16], day[16];

    sm_day_format(d->from, from);
    sm_day_format(d->to, to);
    printf("%-16s %12s %12s %12s %12s %12s\n", "faction", from, to, "change", "gained",
           "lost");
    for (size_t i = 0; i < d->nfactions; i++) {
        const sm_faction_change *f = &d->factions[i];
        printf("%-16s %12.0f %12.0f %+12.0f %12.0f %12.0f\n", f->faction, f->km2_from,
               f->km2_to, f->km2_to - f->km2_from, f->gained_km2, f->lost_km2);
    }
    printf("(km2)\n\n%zu place%s changed hands\n", d->nchanged, d->nchanged == 1 ? "" : "s");
    for (size_t i = 0; i < d->nchanged; i++) {
        const sm_place_change *c = &d->changed[i];
        sm_day_format(c->day, day);
        printf("%s  %-28s %s -> %s  (%s)\n", day, c->place, c->from_faction, c->to_faction,
               c->basis);
    }
}

static void
print_json(const sm_diff *d)
{
    json_object *root = json_object_new_object(), *fs = json_object_new_array(),
                *cs = json_object_new_array();
    char day[16];

    sm_day_format(d->from, day);
    json_object_object_add(root, "from", json_object_new_string(day));
    sm_day_format(d->to, day);
    json_object_object_add(root, "to", json_object_new_string(day));
    for (size_t i = 0; i < d->nfactions; i++) {
        const sm_faction_change *f = &d->factions[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "id", json_object_new_string(f->faction));
        json_object_object_add(o, "area_km2_from", json_object_new_double(f->km2_from));
        json_object_object_add(o, "area_km2_to", json_object_new_double(f->km2_to));
        json_object_object_add(o, "delta_km2", json_object_new_double(f->km2_to - f->km2_from));
        json_object_object_add(o, "gained_km2", json_object_new_double(f->gained_km2));
        json_object_object_add(o, "lost_km2", json_object_new_double(f->lost_km2));
        json_object_array_add(fs, o);
    }
    for (size_t i = 0; i < d->nchanged; i++) {
        const sm_place_change *c = &d->changed[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "place", json_object_new_string(c->place));
        json_object_object_add(o, "from_faction", json_object_new_string(c->from_faction));
        json_object_object_add(o, "to_faction", json_object_new_string(c->to_faction));
        sm_day_format(c->day, day);
        json_object_object_add(o, "date", json_object_new_string(day));
        if (c->has_point) {
            json_object_object_add(o, "lat", json_object_new_double(c->lat_deg));
            json_object_object_add(o, "lon", json_object_new_double(c->lon_deg));
        }
        json_object_object_add(o, "basis", json_object_new_string(c->basis));
        json_object_array_add(cs, o);
    }
    json_object_object_add(root, "factions", fs);
    json_object_object_add(root, "changed", cs);
    puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(root);
}

int
sm_cli_diff(sm_cli *cli, int argc, char **argv)
{
    sm_cli_map m;
    texts kept;
    sm_situation_opts so;
    sm_situation *sit = NULL;
    sm_error err = { 0 };
    sm_store *db = NULL;
    sm_day from, to;
    const char *dates[2] = { NULL, NULL }, *out = NULL;
    char **pass = calloc((size_t)argc + 1, sizeof(char *));
    int ndates = 0, npass = 0, rc = SM_EXIT_OK;
    bool json = false;

    if (pass == NULL)
        return SM_EXIT_FAIL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        /* render's map options, passed on; not the window, which is the days' */
        int words = strcmp(a, "--window") ? sm_cli_render_option(a) : 0;
        bool valued = words == 2;

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            free(pass);
            return SM_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (words == 1) {
            pass[npass++] = argv[i];
        } else if ((valued || strcmp(a, "-o") == 0) && i + 1 >= argc) {
            free(pass);
            return sm_cli_usage("diff", "%s wants a value", a);
        } else if (strcmp(a, "-o") == 0) {
            out = argv[++i];
        } else if (valued) {
            pass[npass++] = argv[i];
            pass[npass++] = argv[++i];
        } else if (a[0] == '-' || ndates == 2) {
            free(pass);
            return sm_cli_usage("diff", "unknown option or argument \"%s\"", a);
        } else {
            dates[ndates++] = a;
        }
    }
    if (ndates != 2)
        rc = sm_cli_usage("diff", "want two dates, D1 and D2");
    else if (!sm_cli_day("diff", "D1", dates[0], &from) || !sm_cli_day("diff", "D2", dates[1], &to))
        rc = SM_EXIT_USAGE;
    else if (to < from)
        rc = sm_cli_usage("diff", "D2 (%s) comes before D1 (%s)", dates[1], dates[0]);
    else if (npass > 0 && out == NULL)
        rc = sm_cli_usage("diff", "map options without -o CHANGE.png|svg|pdf");
    else if (out && to - from + 1 > SM_CLI_MAX_WINDOW)
        rc = sm_cli_usage("diff", "a change map shows the events from D1 to D2: at most %d"
                          " days (100 years), not %d", SM_CLI_MAX_WINDOW, to - from + 1);
    if (rc != SM_EXIT_OK) {
        free(pass);
        return rc;
    }
    /* the change is that of the situation on D2 as the map (or, with no map,
     * the default map) would show it: zones given and derived alike; a map's
     * fonts are loaded while PROJ and SpatiaLite open */
    if ((rc = map_options(cli, pass, npass, out, from, to, &kept, &m)) >= 0 ||
        (out && (rc = sm_cli_map_fonts(&m)) >= 0)) {
        free(pass);
        sm_cli_map_free(&m);
        return rc;
    }
    rc = SM_EXIT_OK;
    m.o.no_labels |= out == NULL;       /* a table: no places, no events */
    if (sm_cli_store_open(cli, SM_STORE_READ, &db, &err) != SM_OK ||
        sm_cli_map_situation(&m, &so, &err) != SM_OK)
        rc = sm_cli_fail(&err);
    if (rc == SM_EXIT_OK) {
        so.since = from;
        so.change_areas = out != NULL;
        if (out == NULL) {              /* a table: areas and places alone */
            so.window_days = 0;
            so.fronts = false;
        }
        if (sm_situation_build(db, to, &so, &sit, &err) != SM_OK)
            rc = sm_cli_fail(&err);
    }
    if (rc == SM_EXIT_OK && out && (rc = sm_cli_map_describe(&m, sit)) < 0 &&
        (rc = sm_cli_map_render(cli, &m, sit)) == SM_EXIT_OK)
        rc = sm_cli_map_write_text(cli, &m);
    sm_store_close(db);
    if (rc == SM_EXIT_OK && (json || out == NULL)) {
        if (json)
            print_json(sit->change);
        else
            print_table(sit->change);
    }
    sm_situation_free(sit);
    sm_cli_map_free(&m);
    free(pass);
    return rc;
}
