/* SPDX-License-Identifier: MIT */
/*
 * geonames.c - loading GeoNames dumps and sitmap's own gazetteer files.
 *
 * All are tab-separated text, one record a line, without quoting (GeoNames'
 * readme: "tab-delimited text in utf8"), so a line is split at its tabs; a
 * CSV reader would misread names holding quote marks. Files are streamed a
 * line at a time. GeoNames dumps have no header; sitmap's files have one,
 * recognised by a first field that is not a number.
 *
 * Files of sitmap's own (curated.tsv, aliases.tsv, ...) are strict: a bad
 * line is an error naming file and line. GeoNames dumps are large and
 * written by others, so their unusable rows are counted and skipped.
 */
#include "gazetteer/gaz_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

sm_status
sm_gaz__tsv_open(tsv *t, const char *path, sm_error *err)
{
    memset(t, 0, sizeof(*t));
    t->path = path;
    t->fp = fopen(path, "r");
    if (t->fp == NULL)
        return sm_fail(err, SM_EIO, "%s: cannot read: %s", path, strerror(errno));
    return SM_OK;
}

void
sm_gaz__tsv_close(tsv *t)
{
    if (t->fp)
        fclose(t->fp);
    free(t->line);
    t->fp = NULL;
    t->line = NULL;
}

sm_status
sm_gaz__tsv_next(tsv *t, sm_error *err)
{
    ssize_t n = getline(&t->line, &t->cap, t->fp);
    char *p;

    if (n < 0)
        return ferror(t->fp) ? sm_fail(err, SM_EIO, "%s: read error", t->path) : SM_ENOTFOUND;
    t->lineno++;
    while (n > 0 && (t->line[n - 1] == '\n' || t->line[n - 1] == '\r'))
        t->line[--n] = '\0';
    if (!sm_utf8_is_valid(t->line, (size_t)n, NULL))
        return sm_fail(err, SM_EINPUT, "%s:%ld: invalid UTF-8", t->path, t->lineno);
    t->nf = 0;
    p = t->line;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (t->nf < SM_GAZ_TSV_FIELDS)
            t->f[t->nf++] = p;
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return SM_OK;
}

bool
sm_gaz__is_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static const struct {
    const char *code, *kind;
    double precision_km;
} feature_kinds[] = {
    { "PPLC", "city", 10 }, { "PPLA", "city", 6 }, { "PPLA2", "town", 4 },
    { "PPLA3", "town", 3 }, { "PPLA4", "village", 2 }, { "PPL", "village", 2 },
    { "PPLX", "district", 1 }, { "PPLL", "village", 1 }, { "PPLQ", "village", 1 },
    { "PPLH", "village", 1 }, { "PPLF", "village", 1 }, { "PPLS", "village", 2 },
    { "ADM1", "region", 60 }, { "ADM2", "region", 25 }, { "ADM3", "region", 10 },
    { "RGN", "region", 30 }, { "AIRB", "airbase", 2 }, { "AIRF", "airbase", 2 },
    { "AIRP", "airport", 2 }, { "DAM", "dam", 1 }, { "OILF", "oilfield", 5 },
    { "CMP", "camp", 1 }, { "CMPRF", "camp", 1 }, { "PSTB", "crossing", 1 },
    { "RD", "road", 20 }, { "MT", "mountain", 3 }, { "MTS", "mountain", 15 },
    { "HLL", "hill", 1 }, { "LK", "lake", 5 }, { "RSV", "lake", 5 }, { "STM", "river", 30 },
    { "MILB", "military", 1 }, { "PRN", "facility", 0.5 }, { "HSP", "facility", 0.3 },
};

static void
kind_of_feature(sm_place *p)
{
    p->kind = "village";
    p->precision_km = 2;
    for (size_t i = 0; i < SM_LEN(feature_kinds); i++) {
        if (strcmp(p->feature_code, feature_kinds[i].code) == 0) {
            p->kind = feature_kinds[i].kind;
            p->precision_km = feature_kinds[i].precision_km;
            break;
        }
    }
    if (!strcmp(p->kind, "village") && p->population >= 20000)
        p->kind = p->population >= 100000 ? "city" : "town";
}

static bool
country_listed(const char *list, const char *cc)
{
    size_t n = strlen(cc);

    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncasecmp(p, cc, n) == 0)
            return true;
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

static bool
wanted(const sm_gaz_load_opts *o, const sm_place *p)
{
    if (o->countries == NULL || country_listed(o->countries, p->country))
        return true;
    return o->has_box && p->lon_deg >= o->west && p->lon_deg <= o->east &&
           p->lat_deg >= o->south && p->lat_deg <= o->north;
}

/* Split a GeoNames alternatenames field ("a,b,c") into names (in place). */
static int
split_names(char *field, const char **names, int max)
{
    int n = 0;

    for (char *p = field; p && *p && n < max;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (*p)
            names[n++] = p;
        p = comma ? comma + 1 : NULL;
    }
    names[n] = NULL;
    return n;
}

/* One row of a GeoNames places file (19 columns). */
static sm_status
geonames_place(sm_gaz *g, tsv *t, const sm_gaz_load_opts *o, sm_gaz_load_report *rep,
               sm_error *err)
{
    const char *names[512];
    char admin1[32], admin2[64];
    sm_place p = { 0 };
    bool merged = false;
    sm_error why = { 0 };

    if (!sm_gaz__is_number(t->f[0]) || !sm_text_to_double(t->f[4], &p.lat_deg) ||
        !sm_text_to_double(t->f[5], &p.lon_deg) || fabs(p.lat_deg) > 90 ||
        fabs(p.lon_deg) > 180 || t->f[1][0] == '\0') {
        rep->skipped++;
        return SM_OK;
    }
    p.id = strtoll(t->f[0], NULL, 10);
    p.geonames_id = p.id < SM_GAZ_LOCAL_ID_MIN ? p.id : 0;
    p.name = t->f[1];
    p.feature_class = t->f[6];
    p.feature_code = t->f[7];
    p.country = t->f[8];
    if (t->f[10][0]) {
        snprintf(admin1, sizeof(admin1), "%s.%s", t->f[8], t->f[10]);
        p.admin1 = admin1;
        if (t->f[11][0]) {
            snprintf(admin2, sizeof(admin2), "%s.%s.%s", t->f[8], t->f[10], t->f[11]);
            p.admin2 = admin2;
        }
    }
    p.population = strtol(t->f[14], NULL, 10);
    kind_of_feature(&p);
    if (!wanted(o, &p)) {
        rep->skipped++;
        return SM_OK;
    }
    names[0] = t->f[2];
    split_names(t->f[3], names + 1, (int)SM_LEN(names) - 2);
    if (sm_gaz_add_place(g, &p, names, o->merge, NULL, &merged, &why) != SM_OK)
        return sm_fail(err, why.status, "%s:%ld: %s", t->path, t->lineno, why.msg);
    rep->places += !merged;
    rep->merged += merged;
    return SM_OK;
}

/* One row of an alternate-names file: id, geonameid, language, name, ... */
static sm_status
geonames_altname(sm_gaz *g, tsv *t, sm_gaz_load_report *rep, sm_error *err)
{
    static const char *const not_names[] = { "link", "wkdt", "post", "iata", "icao",
                                             "faac", "tcid", "unlc", "abbr", "fr_1793" };
    const char *lang = t->f[2];
    int at;

    if (!sm_gaz__is_number(t->f[1]) || (at = sm_gaz_find_id(g, strtoll(t->f[1], NULL, 10))) < 0) {
        rep->skipped++;
        return SM_OK;
    }
    for (size_t i = 0; i < SM_LEN(not_names); i++) {
        if (strcmp(lang, not_names[i]) == 0) {
            rep->skipped++;
            return SM_OK;
        }
    }
    rep->names++;
    return sm_gaz_add_name(g, at, t->f[3], strcmp(lang, "ar") == 0 ? SM_NAME_ARABIC
                                                                  : SM_NAME_ALT, err);
}

sm_status
sm_gaz_load_geonames(sm_gaz *g, const char *path, const sm_gaz_load_opts *o,
                     sm_gaz_load_report *rep_out, sm_error *err)
{
    sm_gaz_load_opts own = SM_GAZ_LOAD_OPTS_INIT;
    sm_gaz_load_report rep = { 0 };
    enum { UNKNOWN, PLACES, ALTNAMES } kind = UNKNOWN;
    tsv t;
    sm_status st;

    if (o == NULL) {
        own.countries = sm_gaz_country(g);
        o = &own;
    }
    if ((st = sm_gaz__tsv_open(&t, path, err)) != SM_OK)
        return st;
    while ((st = sm_gaz__tsv_next(&t, err)) == SM_OK) {
        if (t.nf == 1 && t.f[0][0] == '\0')
            continue;
        if (!sm_gaz__is_number(t.f[0]))
            continue;                     /* a header line */
        if (kind == UNKNOWN) {
            kind = t.nf == 19 ? PLACES : (t.nf == 8 || t.nf == 10) ? ALTNAMES : UNKNOWN;
            if (kind == UNKNOWN) {
                st = sm_fail(err, SM_EINPUT, "%s:%ld: %d columns: not a GeoNames places file"
                             " (19 columns) nor an alternate-names file (8 or 10)", path,
                             t.lineno, t.nf);
                break;
            }
        }
        rep.rows++;
        if (kind == PLACES ? t.nf != 19 : t.nf < 8) {
            rep.skipped++;
            continue;
        }
        st = kind == PLACES ? geonames_place(g, &t, o, &rep, err)
                            : geonames_altname(g, &t, &rep, err);
        if (st != SM_OK)
            break;
    }
    sm_gaz__tsv_close(&t);
    if (st == SM_ENOTFOUND && rep.rows == 0)
        st = sm_fail(err, SM_EINPUT, "%s: no GeoNames rows in the file", path);
    else if (st == SM_ENOTFOUND)
        st = SM_OK;
    if (rep_out) {
        rep_out->rows += rep.rows;
        rep_out->places += rep.places;
        rep_out->merged += rep.merged;
        rep_out->names += rep.names;
        rep_out->skipped += rep.skipped;
    }
    return st;
}
