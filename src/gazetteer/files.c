/* SPDX-License-Identifier: MIT */
/*
 * files.c - the shipped gazetteer directory:
 *   admin1.tsv      code, name, name_ar         governorates (GeoNames codes)
 *   admin2.tsv      code, name, seat_lat, seat_lon  districts and their seats
 *   geonames.tsv    GeoNames places format      derived from GeoNames
 *   curated.tsv     id, name, name_ar, alternates, lat, lon, precision_km,
 *                   kind, admin1, population, note
 *                                               entered by sitmap's curators,
 *                                               merged into GeoNames places
 *   neighbourhoods.tsv  as curated.tsv          a city's neighbourhoods (district
 *                                               rows), derived from OCHA's polygons
 *   communities.tsv as curated.tsv              the communities of OCHA's gazetteer
 *                                               the others lack (derived); the
 *                                               P-code is C + id - 2100000000
 *   community_links.tsv  pcode, place_id, name, name_ar, lat, lon, moves
 *                                               the community each known place is
 *                                               (derived): its P-code and names,
 *                                               and its point when moves is 1
 *   districts.tsv   place_id, admin2            the district whose OCHA polygon holds
 *                                               the place (derived); the first row
 *                                               of a place counts
 *   aliases.tsv     alias, place_id, target, note  spellings for known places
 *   display_names.tsv  place_id, name, was, name_ar, note
 *                                               the names sitmap prints (maps,
 *                                               answers) where GeoNames' differ
 *                                               from newsroom usage; `was` must be
 *                                               the name replaced; name_ar optional
 *   not_places.tsv  name, why                   factions, people, outlets
 *   world.tsv       as curated.tsv              countries, and cities abroad that
 *                                               the news names (admin1 "RU.00":
 *                                               the country is its first two letters)
 * Each has a header line. A malformed line is an error naming file and line;
 * a name that folds to nothing, or that the place already has, is skipped.
 */
#include "gazetteer/gaz_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static const struct {
    const char *kind, *fclass, *fcode;
} curated_kinds[] = {
    { "city", "P", "PPL" }, { "town", "P", "PPL" }, { "village", "P", "PPL" },
    { "district", "P", "PPLX" }, { "airbase", "S", "AIRB" }, { "airport", "S", "AIRP" },
    { "dam", "S", "DAM" }, { "oilfield", "L", "OILF" }, { "gasfield", "L", "OILF" },
    { "camp", "S", "CMPRF" }, { "crossing", "S", "PSTB" }, { "highway", "R", "RD" },
    { "road", "R", "RD" }, { "region", "L", "RGN" }, { "mountain", "T", "MT" },
    { "hill", "T", "HLL" }, { "military", "S", "MILB" }, { "facility", "S", "BLDG" },
    { "lake", "H", "LK" }, { "river", "H", "STM" }, { "other", "S", "BLDG" },
    { "country", "A", "PCLI" },
};

typedef sm_status (*row_fn)(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err);

/* Read every data line of path with fn, which gets lines of at least
 * `fields` fields. */
static sm_status
each_line(sm_gaz *g, const char *path, int fields, row_fn fn, sm_gaz_load_report *rep,
          sm_error *err)
{
    sm_error why = { 0 };
    tsv t;
    sm_status st;

    if ((st = sm_gaz__tsv_open(&t, path, err)) != SM_OK)
        return st;
    while ((st = sm_gaz__tsv_next(&t, err)) == SM_OK) {
        if (t.lineno == 1 || (t.nf == 1 && t.f[0][0] == '\0'))
            continue;                     /* header, blank line */
        if (t.nf < fields) {
            st = sm_fail(err, SM_EINPUT, "%s:%ld: %d fields, want %d", path, t.lineno, t.nf,
                         fields);
            break;
        }
        rep->rows++;
        if ((st = fn(g, &t, rep, &why)) != SM_OK) {
            sm_fail(err, st, "%s:%ld: %s", path, t.lineno, why.msg);
            break;
        }
    }
    sm_gaz__tsv_close(&t);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

/* The same for dir/name. */
static sm_status
each_row(sm_gaz *g, const char *dir, const char *name, int fields, row_fn fn,
         sm_gaz_load_report *rep, sm_error *err)
{
    char path[4096];

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return each_line(g, path, fields, fn, rep, err);
}

/* An error of one row; each_row adds the file and line. */
static sm_status
row_fail(const tsv *t, sm_error *err, const char *what)
{
    (void)t;
    return sm_fail(err, SM_EINPUT, "%s", what);
}

static sm_status
admin1_row(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err)
{
    (void)rep;
    return sm_gaz_add_admin1(g, t->f[0], t->f[1], err);
}

/* "a;b;c" into names (in place). */
static void
split_alternates(char *field, const char **names, int max)
{
    int n = 0;

    for (char *p = field; p && *p && n < max - 1;) {
        char *semi = strchr(p, ';');
        if (semi)
            *semi = '\0';
        while (*p == ' ')
            p++;
        if (*p)
            names[n++] = p;
        p = semi ? semi + 1 : NULL;
    }
    names[n] = NULL;
}

static sm_status
curated_row(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err)
{
    const char *names[64];
    sm_place p = { 0 };
    bool merged = false;
    int at = -1;
    char country[3], pcode[24];
    size_t k;

    if (!sm_gaz__is_number(t->f[0]))
        return row_fail(t, err, "id is not a number");
    p.id = strtoll(t->f[0], NULL, 10);
    if (p.id < SM_GAZ_CURATED_ID_MIN)
        return row_fail(t, err, "curated ids start at 2000000000");
    p.name = t->f[1];
    p.name_ar = t->f[2][0] ? t->f[2] : NULL;
    if (!*p.name)
        return row_fail(t, err, "no name");
    if (!sm_text_to_double(t->f[4], &p.lat_deg) || !sm_text_to_double(t->f[5], &p.lon_deg) ||
        fabs(p.lat_deg) > 90 || fabs(p.lon_deg) > 180)
        return row_fail(t, err, "bad coordinates");
    if (!sm_text_to_double(t->f[6], &p.precision_km) || p.precision_km <= 0)
        return row_fail(t, err, "bad precision_km");
    for (k = 0; k < SM_LEN(curated_kinds); k++)
        if (strcmp(t->f[7], curated_kinds[k].kind) == 0)
            break;
    if (k == SM_LEN(curated_kinds))
        return row_fail(t, err, "unknown kind");
    p.kind = curated_kinds[k].kind;
    p.feature_class = curated_kinds[k].fclass;
    p.feature_code = curated_kinds[k].fcode;
    p.admin1 = t->f[8][0] ? t->f[8] : NULL;
    snprintf(country, sizeof(country), "%s", g->country);  /* none named: the mapped one */
    if (p.admin1 && strlen(p.admin1) >= 3 && p.admin1[2] == '.')
        snprintf(country, sizeof(country), "%.2s", p.admin1);  /* "RU.00": a place abroad */
    else if (p.admin1)
        country[0] = '\0';
    p.country = country;
    p.population = strtol(t->f[9], NULL, 10);
    /* OCHA's communities are not the curators': merged into a place, they
       add their names and never replace its kind or Arabic name */
    p.curated = p.id < SM_GAZ_COMMUNITY_ID_MIN;
    if (!p.curated) {
        snprintf(pcode, sizeof(pcode), "C%lld", (long long)(p.id - SM_GAZ_COMMUNITY_ID_MIN));
        p.pcode = pcode;
    }
    split_alternates(t->f[3], names, (int)SM_LEN(names));
    /* a community's other names (one of a joint village, the name without
       "Upper") are no evidence that it is a place already known */
    if (sm_gaz_add_place(g, &p, p.curated ? names : NULL, true, &at, &merged, err) != SM_OK)
        return SM_EINPUT;
    for (int i = 0; !p.curated && names[i]; i++)
        if (sm_gaz_add_name(g, at, names[i], SM_NAME_ALT, err) != SM_OK)
            return SM_EINPUT;
    rep->places += !merged;
    rep->merged += merged;
    return SM_OK;
}

/* The place whose id is field i of the row, in *at. */
static sm_status
row_place(sm_gaz *g, const tsv *t, int i, int *at, sm_error *err)
{
    if (!sm_gaz__is_number(t->f[i]))
        return row_fail(t, err, "place_id is not a number");
    *at = sm_gaz_find_id(g, strtoll(t->f[i], NULL, 10));
    if (*at < 0)
        return row_fail(t, err, "no place with that id");
    return SM_OK;
}

static sm_status
alias_row(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err)
{
    int at;

    if (row_place(g, t, 1, &at, err) != SM_OK)
        return SM_EINPUT;
    rep->names++;
    return sm_gaz_add_name(g, at, t->f[0], SM_NAME_ALIAS, err);
}

static sm_status
display_name_row(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err)
{
    sm_place *p;
    sm_status st;
    int at;

    if (row_place(g, t, 0, &at, err) != SM_OK)
        return SM_EINPUT;
    p = &g->places[at].p;
    if (strcmp(p->name, t->f[2]) != 0)
        return sm_fail(err, SM_EINPUT, "place %s is named \"%s\", not \"%s\"", t->f[0], p->name,
                       t->f[2]);
    if (!*t->f[1] || !sm_utf8_is_valid(t->f[1], strlen(t->f[1]), NULL))
        return row_fail(t, err, "no valid name");
    if (t->nf > 3 && t->f[3][0] && !sm_utf8_is_valid(t->f[3], strlen(t->f[3]), NULL))
        return row_fail(t, err, "name_ar is not valid UTF-8");
    if ((p->name = sm_arena_strdup(&g->strings, t->f[1])) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    rep->names++;
    if (t->nf > 3 && t->f[3][0]) {
        if ((p->name_ar = sm_arena_strdup(&g->strings, t->f[3])) == NULL)
            return sm_fail(err, SM_ENOMEM, "out of memory");
        g->places[at].name_ar_curated = true;
        if ((st = sm_gaz_add_name(g, at, t->f[3], SM_NAME_ARABIC, err)) != SM_OK)
            return st;
    }
    return sm_gaz_add_name(g, at, t->f[1], SM_NAME_ALIAS, err);
}

/* A known place is one of OCHA's communities: its P-code, OCHA's names
 * (English as a spelling vouched for, Arabic), and, when the place's point
 * is a curator's estimate (moves "1"), OCHA's point. */
static sm_status
link_row(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err)
{
    sm_place *p;
    double lat, lon;
    sm_status st;
    int at;

    if (row_place(g, t, 1, &at, err) != SM_OK)
        return SM_EINPUT;
    if (t->f[0][0] != 'C' || !sm_gaz__is_number(t->f[0] + 1))
        return row_fail(t, err, "bad P-code (want C and digits)");
    if (!sm_text_to_double(t->f[4], &lat) || !sm_text_to_double(t->f[5], &lon) ||
        fabs(lat) > 90 || fabs(lon) > 180)
        return row_fail(t, err, "bad coordinates");
    if (strcmp(t->f[6], "0") != 0 && strcmp(t->f[6], "1") != 0)
        return row_fail(t, err, "moves is not 0 or 1");
    p = &g->places[at].p;
    if (p->pcode == NULL && (p->pcode = sm_arena_strdup(&g->strings, t->f[0])) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (t->f[6][0] == '1' && p->geonames_id == 0) {   /* GeoNames' point stays */
        p->lat_deg = lat;
        p->lon_deg = lon;
    }
    rep->names++;
    if ((st = sm_gaz_add_name(g, at, t->f[2], SM_NAME_ALIAS, err)) != SM_OK)
        return st;
    return sm_gaz_add_name(g, at, t->f[3], SM_NAME_ARABIC, err);
}

static sm_status
district_row(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err)
{
    gaz_place *gp;
    int at;

    (void)rep;
    if (row_place(g, t, 0, &at, err) != SM_OK)
        return SM_EINPUT;
    if (sm_gaz_admin2_name(g, t->f[1]) == t->f[1])
        return row_fail(t, err, "no district with that code in admin2.tsv");
    gp = &g->places[at];
    if (!gp->district_given) {
        if ((gp->p.admin2 = sm_arena_strdup(&g->strings, t->f[1])) == NULL)
            return sm_fail(err, SM_ENOMEM, "out of memory");
        gp->district_given = true;
    }
    return SM_OK;
}

static sm_status
admin2_row(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err)
{
    double lat, lon;

    (void)rep;
    if (!sm_text_to_double(t->f[2], &lat) || !sm_text_to_double(t->f[3], &lon))
        return row_fail(t, err, "bad seat coordinates");
    return sm_gaz_add_admin2(g, t->f[0], t->f[1], lat, lon, err);
}

static sm_status
not_place_row(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err)
{
    (void)rep;
    return sm_gaz_add_not_place(g, t->f[0], t->f[1], err);
}

sm_status
sm_gaz_load_world(sm_gaz *g, const char *dir, sm_gaz_load_report *rep_out, sm_error *err)
{
    sm_gaz_load_report rep = { 0 };
    sm_status st = each_row(g, dir, "world.tsv", 10, curated_row, &rep, err);

    if (rep_out)
        *rep_out = rep;
    return st;
}

sm_status
sm_gaz_load_curated(sm_gaz *g, const char *path, sm_gaz_load_report *rep_out, sm_error *err)
{
    sm_gaz_load_report rep = { 0 };
    sm_status st = each_line(g, path, 10, curated_row, &rep, err);

    if (rep_out)
        *rep_out = rep;
    return st;
}

bool
sm_gaz_has_world(const sm_gaz *g)
{
    for (int i = 0; i < sm_gaz_count(g); i++) {
        const sm_place *p = sm_gaz_place(g, i);
        if (p->feature_code && strcmp(p->feature_code, "PCLI") == 0)
            return true;
    }
    return false;
}

sm_status
sm_gaz_load_dir(sm_gaz *g, const char *dir, sm_gaz_load_report *rep_out, sm_error *err)
{
    sm_gaz_load_opts all = { false, NULL, false, 0, 0, 0, 0 };
    sm_gaz_load_report rep = { 0 };
    char path[4096];
    sm_status st;

    snprintf(path, sizeof(path), "%s/geonames.tsv", dir);
    if ((st = each_row(g, dir, "admin1.tsv", 2, admin1_row, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "admin2.tsv", 4, admin2_row, &rep, err)) != SM_OK ||
        (st = sm_gaz_load_geonames(g, path, &all, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "curated.tsv", 10, curated_row, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "neighbourhoods.tsv", 10, curated_row, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "community_links.tsv", 7, link_row, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "communities.tsv", 10, curated_row, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "districts.tsv", 2, district_row, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "world.tsv", 10, curated_row, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "aliases.tsv", 2, alias_row, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "display_names.tsv", 3, display_name_row, &rep, err)) != SM_OK ||
        (st = each_row(g, dir, "not_places.tsv", 2, not_place_row, &rep, err)) != SM_OK)
        return st;
    if (rep_out)
        *rep_out = rep;
    return SM_OK;
}
