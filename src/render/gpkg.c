/* SPDX-License-Identifier: MIT */
/*
 * gpkg.c - the basemap's GeoPackage read with SQLite alone: a GeoPackage is
 * an SQLite file whose layers are tables, with an R-tree per geometry
 * column (rtree_<layer>_<column>) and geometries as GeoPackage blobs, which
 * SpatiaLite's reader parses. Rendering thus needs no GDAL.
 */
#include "render/render_int.h"

#include <stdio.h>
#include <stdlib.h>

sm_status
sm_map__gpkg_open(const char *path, sqlite3 **out, sm_error *err)
{
    if (sqlite3_open_v2(path, out, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sm_status st = sm_fail(err, SM_EIO, "%s: cannot read the basemap: %s", path,
                               *out ? sqlite3_errmsg(*out) : "out of memory");
        sqlite3_close(*out);
        *out = NULL;
        return st;
    }
    /* pages read from the file's mapping: no system call for each */
    sqlite3_exec(*out, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);
    return SM_OK;
}

sm_status
sm_map__gpkg_each(map *m, sqlite3 *gpkg, const char *layer, const char *columns,
                  const char *where, const double *bounds, sm_gpkg_fn fn, void *user,
                  sm_error *err)
{
    char sql[1024];
    sqlite3_stmt *s = NULL;
    int rc;

    snprintf(sql, sizeof(sql),
             "SELECT t.geom%s%s FROM \"%s\" t WHERE t.geom IS NOT NULL%s%s%s%s%s"
             " ORDER BY t.fid",
             columns ? ", " : "", columns ? columns : "", layer,
             bounds ? " AND t.fid IN (SELECT id FROM \"rtree_" : "", bounds ? layer : "",
             bounds ? "_geom\" WHERE maxx >= ?1 AND minx <= ?2 AND maxy >= ?3 AND miny <= ?4)"
                 : "",
             where ? " AND " : "", where ? where : "");
    if (sqlite3_prepare_v2(gpkg, sql, -1, &s, NULL) != SQLITE_OK)
        return sm_fail(err, SM_EIO, "the basemap has no usable layer \"%s\": %s", layer,
                       sqlite3_errmsg(gpkg));
    if (bounds)
        for (int i = 0; i < 4; i++)
            sqlite3_bind_double(s, i + 1, bounds[i]);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        gaiaGeomCollPtr g = gaiaFromGeoPackageGeometryBlob(sqlite3_column_blob(s, 0),
                                                           sqlite3_column_bytes(s, 0));
        if (g == NULL) {
            sqlite3_finalize(s);
            return sm_fail(err, SM_EIO, "the basemap's layer \"%s\" has a geometry that cannot"
                           " be read (or memory ran out)", layer);
        }
        fn(m, g, s, user);
        gaiaFreeGeomColl(g);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sm_fail(err, SM_EIO, "cannot read the basemap's layer \"%s\": %s", layer,
                       sqlite3_errmsg(gpkg));
    return SM_OK;
}

/* A ring of gaia's (any dimension model) into g. */
static bool
add_ring(sm_mpoly *g, gaiaRingPtr r, bool outer)
{
    int stride = r->DimensionModel == GAIA_XY_Z || r->DimensionModel == GAIA_XY_M ? 3
                 : r->DimensionModel == GAIA_XY_Z_M                               ? 4
                                                                                  : 2;
    double *xy = malloc((size_t)(r->Points > 0 ? r->Points : 1) * 2 * sizeof(double));
    bool ok = xy != NULL;

    for (int i = 0; ok && i < r->Points; i++) {
        xy[2 * i] = r->Coords[stride * i];
        xy[2 * i + 1] = r->Coords[stride * i + 1];
    }
    ok = ok && sm_mpoly_add_ring(g, xy, (size_t)r->Points, outer);
    free(xy);
    return ok;
}

/* A country's border as sm_render_country reads it. */
typedef struct {
    sm_mpoly *out;
    bool read;     /* a feature was read: the first is the country */
    bool oom;
} country_border;

/* The first feature's polygons (a country is one feature). */
static void
keep_country(map *m, gaiaGeomCollPtr g, sqlite3_stmt *row, void *user)
{
    country_border *c = user;
    bool ok = true;

    (void)m;
    (void)row;
    if (c->read)
        return;
    c->read = true;
    for (gaiaPolygonPtr p = g->FirstPolygon; p && ok; p = p->Next) {
        ok = add_ring(c->out, p->Exterior, true);
        for (int i = 0; ok && i < p->NumInteriors; i++)
            ok = add_ring(c->out, &p->Interiors[i], false);
    }
    c->oom = !ok;
}

sm_status
sm_render_country(const char *basemap, const char *iso3, sm_mpoly *out, sm_error *err)
{
    sqlite3 *gpkg = NULL;
    char *where;
    country_border c = { .out = out };
    sm_status st;

    *out = (sm_mpoly)SM_MPOLY_INIT;
    if ((st = sm_map__gpkg_open(basemap, &gpkg, err)) != SM_OK)
        return st;
    if ((where = sqlite3_mprintf("t.iso_a3 = %Q", iso3)) == NULL)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    else
        st = sm_map__gpkg_each(NULL, gpkg, "countries", NULL, where, NULL, keep_country, &c,
                               err);
    if (st == SM_OK && c.oom)     /* not a map without its country's border */
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    sqlite3_free(where);
    sqlite3_close(gpkg);
    if (st != SM_OK)
        sm_mpoly_free(out);
    return st;
}

const sm_mpoly *
sm_map__country(const map *m)
{
    const sm_mpoly *c = m->frame ? (m->o->border ? m->o->border : &m->frame->country) : NULL;

    return c && c->nrings > 0 ? c : NULL;
}
