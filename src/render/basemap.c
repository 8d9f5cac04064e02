/* SPDX-License-Identifier: MIT */
/*
 * basemap.c - the quiet base of the map, from data/basemap.gpkg: sea, the
 * subject country lighter than its neighbours, lakes, main rivers,
 * governorate lines faint, international borders. Only features meeting the
 * frame are read (GDAL's spatial filter on the GeoPackage R-tree).
 */
#include "render/render_int.h"

#include <gdal.h>
#include <string.h>

#include "ingest/ingest.h"

typedef void (*feature_fn)(map *m, OGRFeatureH f, OGRGeometryH g);

typedef struct frame_box {
    double west, south, east, north;
} frame_box;

static void
each_feature(map *m, GDALDatasetH ds, const char *layer, frame_box b, feature_fn fn)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, layer);
    OGRFeatureH f;

    if (l == NULL)
        return;
    OGR_L_SetSpatialFilterRect(l, b.west, b.south, b.east, b.north);
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g)
            fn(m, f, g);
        OGR_F_Destroy(f);
    }
}

static const sm_rgba none = { 0, 0, 0, 0 };

static void
country(map *m, OGRFeatureH f, OGRGeometryH g)
{
    const char *iso = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "iso_a3"));
    bool subject = strcmp(iso, "SYR") == 0;

    sm_map__ogr(m, g, DL_BASEMAP, subject ? m->s->subject : m->s->neighbours, none, 0, 0);
}

static void
lake(map *m, OGRFeatureH f, OGRGeometryH g)
{
    (void)f;
    sm_map__ogr(m, g, DL_BASEMAP, m->s->water, none, 0, 0);
}

static void
river(map *m, OGRFeatureH f, OGRGeometryH g)
{
    int level = OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "level"));

    sm_map__ogr(m, g, DL_BASEMAP, none, m->s->river, level <= 1 ? 1.4f : 0.8f, 0);
}

static void
admin_line(map *m, OGRFeatureH f, OGRGeometryH g)
{
    (void)f;
    sm_map__ogr(m, g, DL_BASEMAP, none, m->s->admin1, 0.7f, 3.0f);
}

static void
border(map *m, OGRFeatureH f, OGRGeometryH g)
{
    OGRGeometryH b = OGR_G_Boundary(g);

    (void)f;
    if (b) {
        sm_map__ogr(m, b, DL_BASEMAP, none, m->s->border, 0.9f, 0);
        OGR_G_DestroyGeometry(b);
    }
}

sm_status
sm_map__basemap(map *m, sm_store *db, sm_error *err)
{
    GDALDatasetH ds;
    dl_item *sea;
    frame_box b;

    (void)db;   /* the basemap comes from its own file */

    /* the sea under everything */
    sea = sm_dl_path(&m->dl, DL_BASEMAP, m->s->sea, none, 0);
    sm_dl_point(&m->dl, sea, DL_MOVE, 0, 0);
    sm_dl_point(&m->dl, sea, DL_LINE, m->o->width_px, 0);
    sm_dl_point(&m->dl, sea, DL_LINE, m->o->width_px, m->o->height_px);
    sm_dl_point(&m->dl, sea, DL_LINE, 0, m->o->height_px);
    sm_dl_point(&m->dl, sea, DL_CLOSE, 0, 0);
    if (m->o->basemap == NULL)
        return SM_OK;
    sm_ingest_gdal_init();
    ds = GDALOpenEx(m->o->basemap, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (ds == NULL)
        return sm_fail(err, SM_EIO, "%s: cannot read the basemap", m->o->basemap);
    sm_map__frame_degrees(m, &b.west, &b.south, &b.east, &b.north);
    each_feature(m, ds, "countries", b, country);
    each_feature(m, ds, "lakes", b, lake);
    each_feature(m, ds, "rivers", b, river);
    each_feature(m, ds, "admin1_lines", b, admin_line);
    each_feature(m, ds, "countries", b, border);
    GDALClose(ds);
    return SM_OK;
}
