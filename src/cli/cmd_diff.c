/* SPDX-License-Identifier: MIT */
/* cmd_diff.c - `sitmap diff D1 D2 [--json]`: what changed between two days. */
#include "cli/cli.h"

#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>

static const char usage_text[] =
    "usage: sitmap [--db PATH] diff D1 D2 [--json]\n\n"
    "What changed from D1 to D2: each faction's zone area on both days (km2 on\n"
    "the ellipsoid), the area it gained and lost, and the places that changed\n"
    "hands, with the day they did: places with town-level control records, and\n"
    "places of 5,000 people or more inside zones that changed faction.\n";

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
    static const struct option longopts[] = {
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    sm_diff d = SM_DIFF_INIT;
    sm_error err = { 0 };
    sm_store *db = NULL;
    sm_day from, to;
    bool json = false;
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "hj", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage_text, stdout); return SM_EXIT_OK;
        case 'j': json = true; break;
        default: return sm_cli_usage("diff", "bad option");
        }
    }
    if (argc - optind != 2)
        return sm_cli_usage("diff", "want two dates, D1 and D2");
    if (!sm_cli_day("diff", "D1", argv[optind], &from) ||
        !sm_cli_day("diff", "D2", argv[optind + 1], &to))
        return SM_EXIT_USAGE;
    if (to < from)
        return sm_cli_usage("diff", "D2 (%s) comes before D1 (%s)", argv[optind + 1],
                            argv[optind]);
    if (sm_store_open(cli->db_path, SM_STORE_READ, &db, &err) != SM_OK)
        return sm_cli_fail(&err);
    if (sm_diff_compute(db, from, to, &d, &err) != SM_OK) {
        sm_diff_free(&d);
        sm_store_close(db);
        return sm_cli_fail(&err);
    }
    sm_store_close(db);
    if (json)
        print_json(&d);
    else
        print_table(&d);
    sm_diff_free(&d);
    return SM_EXIT_OK;
}
