/* SPDX-License-Identifier: MIT */
/*
 * cmd_geocode.c - `sitmap geocode [--json] [--limit N] [--near PLACE|LAT,LON]
 * [--admin1 NAME] NAME...` (NAME "-" reads one name a line from standard
 * input), and `sitmap where LAT LON`. Exit 1 when any name found no place.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char geocode_usage[] =
    "usage: sitmap [--db PATH] geocode [--json] [--limit N] [--near PLACE|LAT,LON]\n"
    "                  [--admin1 GOVERNORATE] NAME...\n\n"
    "Find places by name, in any transliteration or in Arabic script, best first,\n"
    "each with the reason it matched. NAME - reads one name a line from standard\n"
    "input. --near prefers places close to a place or point; --admin1 prefers\n"
    "places in a governorate.\n";

static void
add_str(json_object *o, const char *key, const char *v)
{
    json_object_object_add(o, key, v ? json_object_new_string(v) : NULL);
}

static void
print_json(const sm_gaz *gaz, const char *query, const sm_candidate *c, int n,
           const char *why_none)
{
    json_object *o = json_object_new_object(), *arr = json_object_new_array();

    add_str(o, "query", query);
    for (int i = 0; i < n; i++) {
        const sm_place *p = c[i].place;
        json_object *j = json_object_new_object();
        add_str(j, "name", p->name);
        add_str(j, "name_ar", p->name_ar);
        json_object_object_add(j, "lat", sm_cli_json_num(p->lat_deg, "%.5f"));
        json_object_object_add(j, "lon", sm_cli_json_num(p->lon_deg, "%.5f"));
        json_object_object_add(j, "score", sm_cli_json_num(c[i].score, "%.3f"));
        json_object_object_add(j, "id", json_object_new_int64(p->id));
        add_str(j, "feature_code", p->feature_code);
        add_str(j, "kind", p->kind);
        add_str(j, "admin1", sm_gaz_admin1_name(gaz, p->admin1));
        add_str(j, "admin2", sm_gaz_admin2_name(gaz, p->admin2));
        json_object_object_add(j, "population", json_object_new_int64(p->population));
        json_object_object_add(j, "precision_km", sm_cli_json_num(p->precision_km, "%.1f"));
        json_object_object_add(j, "curated", json_object_new_boolean(p->curated));
        add_str(j, "pcode", p->pcode);
        add_str(j, "matched", c[i].matched);
        add_str(j, "why", c[i].why);
        json_object_array_add(arr, j);
    }
    json_object_object_add(o, "candidates", arr);
    if (n == 0)
        add_str(o, "note", why_none);
    puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

static void
print_text(const sm_gaz *gaz, const char *query, const sm_candidate *c, int n,
           const char *why_none)
{
    if (n == 0) {
        printf("%s: %s\n", query, why_none);
        return;
    }
    printf("%s\n", query);
    for (int i = 0; i < n; i++) {
        const sm_place *p = c[i].place;
        printf("  %d. %s%s%s  %.5f, %.5f  %s%s%s  %s", i + 1, p->name, p->name_ar ? "  " : "",
               p->name_ar ? p->name_ar : "", p->lat_deg, p->lon_deg,
               p->admin2 ? sm_gaz_admin2_name(gaz, p->admin2) : "", p->admin2 ? ", " : "",
               p->admin1 ? sm_gaz_admin1_name(gaz, p->admin1) : "-", p->kind ? p->kind : "");
        if (p->population > 0)
            printf(", pop %ld", p->population);
        printf("  score %.2f  id %lld%s%s\n     %s\n", c[i].score, (long long)p->id,
               p->pcode ? "  P-code " : "", p->pcode ? p->pcode : "", c[i].why);
    }
}

typedef struct geocode_run {
    const sm_gaz *gaz;
    sm_gaz_query q;
    int limit;
    bool json;
    int misses;
} geocode_run;

static void
geocode_one(geocode_run *r, const char *name)
{
    sm_candidate c[50];
    const char *why_none = NULL;
    sm_error err = { 0 };
    int n = 0;
    int limit = r->limit < (int)SM_LEN(c) ? r->limit : (int)SM_LEN(c);

    if (sm_gaz_lookup(r->gaz, name, &r->q, c, limit, &n, &why_none, &err) != SM_OK) {
        char shown[64];
        snprintf(shown, sizeof(shown), "%.40s%s", name, strlen(name) > 40 ? "..." : "");
        for (char *p = shown; *p; p++)
            if ((unsigned char)*p < 0x20)
                *p = '?';
        fprintf(stderr, "sitmap: \"%s\": %s\n", shown, err.msg);
        r->misses++;
        return;
    }
    r->misses += n == 0;
    if (r->json)
        print_json(r->gaz, name, c, n, why_none);
    else
        print_text(r->gaz, name, c, n, why_none);
}

/* --near: "LAT,LON", or a place name geocoded to its best match. */
static bool
parse_near(const sm_gaz *gaz, const char *text, sm_gaz_query *q)
{
    sm_error err = { 0 };

    if (sm_gaz_query_near(gaz, text, q, &err) == SM_OK)
        return true;
    fprintf(stderr, "sitmap: --near \"%s\": %s\n", text, err.msg);
    return false;
}

static void
geocode_stdin(geocode_run *r)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;

    while ((len = getline(&line, &cap, stdin)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len > 0)
            geocode_one(r, line);
    }
    free(line);
}

enum { OPT_JSON = 256, OPT_LIMIT, OPT_NEAR, OPT_ADMIN1 };

int
sm_cli_geocode(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "json", no_argument, NULL, OPT_JSON },
        { "limit", required_argument, NULL, OPT_LIMIT },
        { "near", required_argument, NULL, OPT_NEAR },
        { "admin1", required_argument, NULL, OPT_ADMIN1 },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    geocode_run r = { NULL, SM_GAZ_QUERY_INIT, 5, false, 0 };
    const char *near = NULL;
    sm_theatre t;
    sm_gaz *gaz;
    int c, rc = SM_EXIT_OK;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(geocode_usage, stdout); return SM_EXIT_OK;
        case OPT_JSON: r.json = true; break;
        case OPT_NEAR: near = optarg; break;
        case OPT_ADMIN1: r.q.admin1 = optarg; break;
        case OPT_LIMIT:
            if (!sm_cli_count("geocode", "--limit", optarg, &r.limit))
                return SM_EXIT_USAGE;
            break;
        default: return sm_cli_usage("geocode", "bad option");
        }
    }
    if (optind >= argc)
        return sm_cli_usage("geocode", "name at least one place (or - to read names)");
    if ((rc = sm_cli_theatre(cli, &t)) >= 0)
        return rc;
    rc = SM_EXIT_OK;
    gaz = sm_cli_load_gazetteer(cli, NULL, &t);
    sm_theatre_free(&t);
    if (gaz == NULL)
        return SM_EXIT_FAIL;
    r.gaz = gaz;
    if (near && !parse_near(gaz, near, &r.q))
        rc = SM_EXIT_FAIL;
    for (int i = optind; i < argc && rc == SM_EXIT_OK; i++) {
        if (strcmp(argv[i], "-") == 0)
            geocode_stdin(&r);
        else
            geocode_one(&r, argv[i]);
    }
    sm_gaz_free(gaz);
    if (rc == SM_EXIT_OK && r.misses)
        rc = SM_EXIT_FAIL;
    return rc;
}

int
sm_cli_where(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "limit", required_argument, NULL, OPT_LIMIT },
        { "json", no_argument, NULL, OPT_JSON },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int limit = 5, c, idx[50], n;
    double lat, lon, km[50];
    bool json = false;
    sm_theatre t;
    sm_gaz *gaz;

    optind = 0;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            printf("usage: sitmap [--db PATH] where [--limit N] [--json] LAT LON\n\n"
                   "The named places nearest to a point, nearest first.\n");
            return SM_EXIT_OK;
        case OPT_JSON: json = true; break;
        case OPT_LIMIT:
            if (!sm_cli_count("where", "--limit", optarg, &limit))
                return SM_EXIT_USAGE;
            break;
        default: return sm_cli_usage("where", "bad option");
        }
    }
    if (argc - optind != 2 || !sm_text_to_double(argv[optind], &lat) ||
        !sm_text_to_double(argv[optind + 1], &lon) || lat < -90 || lat > 90 || lon < -180 ||
        lon > 180)
        return sm_cli_usage("where", "want a latitude and a longitude in degrees");
    if (limit > (int)SM_LEN(idx))
        limit = (int)SM_LEN(idx);
    if ((c = sm_cli_theatre(cli, &t)) >= 0)
        return c;
    gaz = sm_cli_load_gazetteer(cli, NULL, &t);
    sm_theatre_free(&t);
    if (gaz == NULL)
        return SM_EXIT_FAIL;
    n = sm_gaz_nearest(gaz, lat, lon, limit, idx, km);
    for (int i = 0; i < n; i++) {
        const sm_place *p = sm_gaz_place(gaz, idx[i]);
        if (json) {
            json_object *o = json_object_new_object();
            add_str(o, "name", p->name);
            add_str(o, "name_ar", p->name_ar);
            json_object_object_add(o, "lat", sm_cli_json_num(p->lat_deg, "%.5f"));
            json_object_object_add(o, "lon", sm_cli_json_num(p->lon_deg, "%.5f"));
            json_object_object_add(o, "distance_km", sm_cli_json_num(km[i], "%.2f"));
            json_object_object_add(o, "id", json_object_new_int64(p->id));
            add_str(o, "kind", p->kind);
            add_str(o, "admin1", sm_gaz_admin1_name(gaz, p->admin1));
            add_str(o, "pcode", p->pcode);
            puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                       JSON_C_TO_STRING_NOSLASHESCAPE));
            json_object_put(o);
        } else {
            printf("%6.1f km  %s%s%s  (%s, %s)\n", km[i], p->name, p->name_ar ? "  " : "",
                   p->name_ar ? p->name_ar : "", p->kind ? p->kind : "",
                   p->admin1 ? sm_gaz_admin1_name(gaz, p->admin1) : "-");
        }
    }
    sm_gaz_free(gaz);
    return n > 0 ? SM_EXIT_OK : SM_EXIT_FAIL;
}
