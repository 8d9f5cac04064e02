/* SPDX-License-Identifier: MIT */
/*
 * basemap.c - the quiet base of the map, from data/basemap.gpkg: the sea,
 * the subject country lighter than its neighbours, lakes, main rivers,
 * governorate lines faint, disputed areas (those the mapped country claims)
 * tinted and outlined in the style's `disputed` look, international borders.
 * The names of the countries, seas, lakes, rivers and disputed areas are
 * kept with their pixels for toponyms.c.
 * The ground under them is land: the sea is drawn only where the basemap
 * has sea, so a frame reaching past the basemap's extent shows no coast
 * that is not there. Only features meeting the frame are read (the
 * GeoPackage's R-trees).
 */
#include "render/render_int.h"

#include <stdio.h>
#include <string.h>

static const sm_rgba none = { 0, 0, 0, 0 };

/* The sea's parts (the Mediterranean, the Aegean, the Red Sea, ...) as one
 * path, outlined in its own colour 2 px wide: each ring is simplified on
 * its own, so two parts' shared edge (a cut across open sea) may differ by
 * part of a pixel, and a fill alone would show a faint seam there (1 px
 * leaves a trace); on the coasts, the countries drawn over the sea cover
 * the outline. user: the path's item number + 1, 0 before the first part. */
static const char *
column(sqlite3_stmt *row, int i)
{
    return (const char *)sqlite3_column_text(row, i);
}

static void
sea(map *m, gaiaGeomCollPtr g, sqlite3_stmt *row, void *user)
{
    size_t *item = user;
    uint32_t from;

    if (*item == 0) {
        if (sm_dl_path(&m->dl, DL_BASEMAP, m->s->sea, m->s->sea, 2.0f) == NULL)
            return;
        *item = m->dl.nitems;
    }
    from = m->dl.items[*item - 1].npts;
    sm_map__gaia_add(m, &m->dl.items[*item - 1], g);
    sm_map__name_feature(m, BN_SEA, &m->dl.items[*item - 1], from, column(row, 1),
                         column(row, 2), 0);
}

/* The subject country is named by the map's title, and its land is the
 * data's: it gets no name of its own. */
static void
country(map *m, gaiaGeomCollPtr g, sqlite3_stmt *row, void *user)
{
    const char *iso = column(row, 1);
    bool subject = iso && m->o->country_iso3 && strcmp(iso, m->o->country_iso3) == 0;

    (void)user;
    sm_map__gaia(m, g, DL_BASEMAP, subject ? m->s->subject : m->s->neighbours, none, 0, 0);
    if (!subject && m->dl.nitems > 0)
        sm_map__name_feature(m, BN_COUNTRY, &m->dl.items[m->dl.nitems - 1], 0,
                             column(row, 2), column(row, 3), 0);
}

static void
lake(map *m, gaiaGeomCollPtr g, sqlite3_stmt *row, void *user)
{
    (void)user;
    sm_map__gaia(m, g, DL_BASEMAP, m->s->water, none, 0, 0);
    if (column(row, 1) && m->dl.nitems > 0)
        sm_map__name_feature(m, BN_LAKE, &m->dl.items[m->dl.nitems - 1], 0,
                             column(row, 1), NULL, 0);
}

static void
river(map *m, gaiaGeomCollPtr g, sqlite3_stmt *row, void *user)
{
    int level = sqlite3_column_int(row, 1);

    (void)user;
    sm_map__gaia(m, g, DL_BASEMAP, none, m->s->river, level <= 1 ? 1.4f : 0.8f, 0);
    if (column(row, 2) && m->dl.nitems > 0)
        sm_map__name_feature(m, BN_RIVER, &m->dl.items[m->dl.nitems - 1], 0,
                             column(row, 2), column(row, 3), level);
}

static void
admin_line(map *m, gaiaGeomCollPtr g, sqlite3_stmt *row, void *user)
{
    (void)row;
    (void)user;
    sm_map__gaia(m, g, DL_BASEMAP, none, m->s->admin1, 0.7f, 3.0f);
}

/* A basemap name in the map's language: the language's "name.SLUG" (the
 * name in lower case, a '-' for each run of other than a-z and 0-9:
 * "name.golan-heights"), else the name. */
static const char *
basemap_name(const map *m, const char *name)
{
    char key[80] = "name.";
    size_t n = 5;

    for (const char *p = name; *p && n + 2 < sizeof(key); p++) {
        char c = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            key[n++] = c;
        else if (key[n - 1] != '-' && key[n - 1] != '.')
            key[n++] = '-';
    }
    while (n > 5 && key[n - 1] == '-')
        n--;
    key[n] = '\0';
    return sm_map__word(m, key, name);
}

/* Disputed areas, over the countries' fills: the style's tint, outline
 * (dashed) and stripes (none by default), unlike a contested zone's
 * stripes in the factions' colours. Named "NAME (held by ADMIN)" when
 * the state that holds it is not the one that claims it (the basemap's
 * name and admin fields). */
static void
disputed(map *m, gaiaGeomCollPtr g, sqlite3_stmt *row, void *user)
{
    const sm_style *s = m->s;
    const char *name = column(row, 1), *admin = column(row, 2);
    char label[256], own[256];
    dl_item *it;

    (void)user;
    sm_map__gaia(m, g, DL_BASEMAP, s->disputed_fill, s->disputed_outline, (float)s->disputed_px,
                 (float)s->disputed_dash_px);
    if (m->dl.failed || m->dl.nitems == 0)
        return;
    it = &m->dl.items[m->dl.nitems - 1];
    if (s->disputed_hatch.a > 0) {
        it->hatch = s->disputed_hatch;
        it->hatch_px = (float)s->disputed_hatch_px;
    }
    if (name == NULL)
        return;
    /* the English name (its id in SVG), and the name in the map's language */
    const bool held = admin && *admin && m->o->disputed && strstr(admin, m->o->disputed) == NULL;
    const char *own_name = basemap_name(m, name), *own_admin = held ? basemap_name(m, admin) : "";
    const char *const names[] = { "holder" };
    char held_by[128];
    if (held)
        snprintf(label, sizeof(label), "%s\n(held by %s)", name, admin);
    else
        snprintf(label, sizeof(label), "%s", name);
    if (held) {
        sm_map__phrase(m, "basemap.held_by", "(held by {holder})", names, &own_admin, 1,
                       held_by, sizeof(held_by));
        snprintf(own, sizeof(own), "%.120s\n%s", own_name, held_by);
    } else {
        snprintf(own, sizeof(own), "%s", own_name);
    }
    /* in Arabic, as the places' Arabic names; else in the label's place */
    if (m->o->lang == SM_LANG_AR)
        sm_map__name_feature(m, BN_DISPUTED, it, 0, label, own, 0);
    else
        sm_map__name_feature(m, BN_DISPUTED, it, 0, own, NULL, 0);
}

/* International borders: the countries' outlines, over everything else of
 * the basemap; the paths of their fills, items [first, end), copied (the
 * same points as reading and projecting the countries again). */
static void
borders(map *m, size_t first, size_t end)
{
    for (size_t i = first; i < end && !m->dl.failed; i++) {
        dl_item *it = sm_dl_path(&m->dl, DL_BASEMAP, none, m->s->border, 0.9f);
        uint32_t from = m->dl.items[i].first, n = m->dl.items[i].npts;

        for (uint32_t k = 0; it && k < n; k++) {
            dl_point p = m->dl.pts[from + k];  /* before sm_dl_point grows the array */
            sm_dl_point(&m->dl, it, (dl_op)p.op, p.x, p.y);
        }
    }
}

sm_status
sm_map__basemap(map *m, sm_error *err)
{
    static const struct {
        const char *layer, *columns, *where;
        sm_gpkg_fn fn;
    } layers[] = {
        { "lakes", "t.name", NULL, lake },
        { "rivers", "t.level, t.name_en, t.name_ar", NULL, river },
        { "admin1_lines", NULL, NULL, admin_line },
        /* those the subject country claims or holds a part of (for Syria, the
         * Golan Heights and the UNDOF zone): where="" stands for that */
        { "disputed_areas", "t.name, t.admin", "", disputed },
    };
    sqlite3 *gpkg = NULL;
    char *claimed = NULL;
    dl_item *ground;
    size_t sea_item = 0, countries = 0, countries_end = 0;
    double b[4];
    sm_status st = SM_OK;

    /* the ground under everything: land, also where the basemap has no data */
    ground = sm_dl_path(&m->dl, DL_BASEMAP, m->s->land, none, 0);
    sm_dl_point(&m->dl, ground, DL_MOVE, 0, 0);
    sm_dl_point(&m->dl, ground, DL_LINE, m->o->width_px, 0);
    sm_dl_point(&m->dl, ground, DL_LINE, m->o->width_px, m->o->height_px);
    sm_dl_point(&m->dl, ground, DL_LINE, 0, m->o->height_px);
    sm_dl_point(&m->dl, ground, DL_CLOSE, 0, 0);
    if (m->o->basemap == NULL)
        return SM_OK;
    if ((st = sm_map__gpkg_open(m->o->basemap, &gpkg, err)) != SM_OK)
        return st;
    sm_map__frame_degrees(m, &b[0], &b[2], &b[1], &b[3]);
    /* a country or sea is read whole: its points far beyond the frame thinned */
    m->far_box = true;
    m->far_west = b[0], m->far_east = b[1], m->far_south = b[2], m->far_north = b[3];
    if (m->o->disputed &&
        (claimed = sqlite3_mprintf("t.note LIKE '%%' || %Q || '%%'", m->o->disputed)) == NULL)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    /* the sea over the ground, the countries over the sea */
    if (st == SM_OK)
        st = sm_map__gpkg_each(m, gpkg, "sea", "t.name_en, t.name_ar", NULL, b, sea, &sea_item,
                               err);
    countries = m->dl.nitems;
    if (st == SM_OK)
        st = sm_map__gpkg_each(m, gpkg, "countries", "t.iso_a3, t.name_en, t.name_ar", NULL, b,
                               country, NULL, err);
    countries_end = m->dl.nitems;
    for (size_t i = 0; i < SM_LEN(layers) && st == SM_OK; i++) {
        const char *where = layers[i].where;
        if (where && *where == '\0' && (where = claimed) == NULL)
            continue;                   /* no country: no claim */
        st = sm_map__gpkg_each(m, gpkg, layers[i].layer, layers[i].columns, where, b,
                               layers[i].fn, NULL, err);
    }
    if (st == SM_OK)
        borders(m, countries, countries_end);
    m->far_box = false;
    sqlite3_free(claimed);
    sqlite3_close(gpkg);
    return st;
}
