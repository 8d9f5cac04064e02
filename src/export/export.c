/* SPDX-License-Identifier: MIT */
/*
 * export.c - a layer of a situation through a GDAL vector driver.
 *
 * Field names are those the importers read, so files round-trip. CSV gets
 * lat/lon columns for points and WKT for zones (spreadsheets read both);
 * the other formats carry real geometries. GeoPackage timestamps are pinned
 * (OGR_CURRENT_DATE), so the same data give the same bytes.
 */
#include "export/export_int.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/atomic_file.h"
#include "ingest/ingest.h"

static const char *const layer_names[] = { "zones", "events", "control", "frontlines",
                                           "derived" };

bool
sm_layer_parse(const char *name, sm_layer *out)
{
    for (size_t i = 0; i < SM_LEN(layer_names); i++) {
        if (strcmp(name, layer_names[i]) == 0) {
            *out = (sm_layer)i;
            return true;
        }
    }
    return false;
}

const char *
sm_layer_name(sm_layer layer)
{
    return (unsigned)layer < SM_LEN(layer_names) ? layer_names[layer] : "?";
}

typedef struct format {
    const char *ext;
    const char *driver;
    bool csv;
} format;

static const format formats[] = {
    { ".geojson", "GeoJSON", false }, { ".json", "GeoJSON", false },
    { ".gpkg", "GPKG", false },       { ".csv", "CSV", true },
    { ".kml", "LIBKML", false },
};

static const format *
format_for(const char *path)
{
    size_t n = strlen(path);

    for (size_t i = 0; i < SM_LEN(formats); i++) {
        size_t k = strlen(formats[i].ext);
        if (n > k && strcasecmp(path + n - k, formats[i].ext) == 0)
            return &formats[i];
    }
    return NULL;
}

/* A writer: one layer of one new dataset. */
typedef struct writer {
    const format *fmt;
    GDALDatasetH ds;
    OGRLayerH layer;
    const char *path;
    long count;
} writer;

static sm_status
gdal_fail(const writer *w, sm_error *err, const char *what)
{
    const char *why = CPLGetLastErrorMsg();

    return sm_fail(err, SM_EIO, "%s: %s%s%s", w->path, what, why && *why ? ": " : "",
                   why ? why : "");
}

static sm_status
writer_open(writer *w, const char *tmp, sm_layer layer, sm_error *err)
{
    GDALDriverH drv = GDALGetDriverByName(w->fmt->driver);
    OGRSpatialReferenceH wgs84;
    OGRwkbGeometryType gtype;
    const char *opts_csv_zone[] = { "GEOMETRY=AS_WKT", "STRING_QUOTING=IF_NEEDED", NULL };
    const char *opts_csv[] = { "STRING_QUOTING=IF_NEEDED", NULL };
    const char *opts_geojson[] = { "RFC7946=YES", "WRITE_NAME=NO", NULL };
    char **lco = NULL;

    if (drv == NULL)
        return sm_fail(err, SM_EIO, "%s: GDAL has no %s driver", w->path, w->fmt->driver);
    w->ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL);
    if (w->ds == NULL)
        return gdal_fail(w, err, "cannot create");
    gtype = layer == SM_LAYER_ZONES || layer == SM_LAYER_DERIVED ? wkbMultiPolygon
            : layer == SM_LAYER_FRONTLINES ? wkbLineString
            : w->fmt->csv ? wkbNone : wkbPoint;
    if (w->fmt->csv)
        lco = (char **)(gtype != wkbNone ? opts_csv_zone : opts_csv);
    else if (strcmp(w->fmt->driver, "GeoJSON") == 0)
        lco = (char **)opts_geojson;
    wgs84 = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(wgs84, "WGS84");
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    w->layer = GDALDatasetCreateLayer(w->ds, sm_layer_name(layer),
                                      gtype == wkbNone ? NULL : wgs84, gtype, lco);
    OSRDestroySpatialReference(wgs84);
    if (w->layer == NULL)
        return gdal_fail(w, err, "cannot create a layer");
    return SM_OK;
}

static sm_status
add_field(writer *w, const char *name, OGRFieldType type, sm_error *err)
{
    OGRFieldDefnH f = OGR_Fld_Create(name, type);
    OGRErr e = OGR_L_CreateField(w->layer, f, 1);

    OGR_Fld_Destroy(f);
    return e == OGRERR_NONE ? SM_OK : gdal_fail(w, err, "cannot create a field");
}

/* The layer's fields. "lat" and "lon" are written only to CSV: the other
 * formats carry the point as a geometry. */
static sm_status
add_fields(writer *w, const char *const *names, const OGRFieldType *types, size_t n,
           sm_error *err)
{
    for (size_t i = 0; i < n; i++) {
        bool latlon = strcmp(names[i], "lat") == 0 || strcmp(names[i], "lon") == 0;
        if ((!latlon || w->fmt->csv) && add_field(w, names[i], types[i], err) != SM_OK)
            return SM_EIO;
    }
    return SM_OK;
}

static void
set_text(OGRFeatureH f, const char *field, const char *v)
{
    if (v && *v)
        OGR_F_SetFieldString(f, OGR_F_GetFieldIndex(f, field), v);
}

static void
set_int(OGRFeatureH f, const char *field, long long v, bool present)
{
    if (present)
        OGR_F_SetFieldInteger64(f, OGR_F_GetFieldIndex(f, field), v);
}

static void
set_day(OGRFeatureH f, const char *field, sm_day day)
{
    char iso[SM_DAY_ISO_LEN];

    if (day != SM_DAY_NONE && day != SM_DAY_OPEN)
        set_text(f, field, sm_day_format(day, iso));
}

/* Point: lat/lon fields in CSV, a geometry elsewhere. */
static void
set_point(writer *w, OGRFeatureH f, bool has, double lon, double lat)
{
    if (!has)
        return;
    if (w->fmt->csv) {
        OGR_F_SetFieldDouble(f, OGR_F_GetFieldIndex(f, "lat"), lat);
        OGR_F_SetFieldDouble(f, OGR_F_GetFieldIndex(f, "lon"), lon);
    } else {
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, lon, lat);
        OGR_F_SetGeometryDirectly(f, g);
    }
}

static sm_status
write_feature(writer *w, OGRFeatureH f, sm_error *err)
{
    OGRErr e = OGR_L_CreateFeature(w->layer, f);

    OGR_F_Destroy(f);
    if (e != OGRERR_NONE)
        return gdal_fail(w, err, "cannot write a feature");
    w->count++;
    return SM_OK;
}

static sm_status
write_events(writer *w, const sm_situation *sit, sm_error *err)
{
    static const char *const names[] = {
        "id", "date", "date_precision", "type", "sub_type", "event_type", "actor1",
        "actor2", "admin1", "place", "place_id", "lat", "lon", "geo_precision",
        "fatalities", "source", "url", "notes", "updated", "dataset",
    };
    static const OGRFieldType types[] = {
        OFTString, OFTString, OFTInteger, OFTString, OFTString, OFTString, OFTString,
        OFTString, OFTString, OFTString, OFTInteger64, OFTReal, OFTReal, OFTInteger,
        OFTInteger, OFTString, OFTString, OFTString, OFTInteger64, OFTString,
    };
    sm_status st = SM_OK;

    if (add_fields(w, names, types, SM_LEN(names), err) != SM_OK)
        return SM_EIO;
    for (size_t i = 0; i < sit->nevents && st == SM_OK; i++) {
        const sm_event *ev = &sit->events[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->layer));

        set_text(f, "id", ev->uid);
        set_day(f, "date", ev->day);
        set_int(f, "date_precision", ev->date_precision, ev->date_precision > 0);
        set_text(f, "type", sm_event_type_name(ev->type));
        set_text(f, "sub_type", ev->sub_type);
        set_text(f, "event_type", ev->event_type);
        set_text(f, "actor1", ev->actor1);
        set_text(f, "actor2", ev->actor2);
        set_text(f, "admin1", ev->admin1);
        set_text(f, "place", ev->place);
        set_int(f, "place_id", ev->place_id, ev->place_id != 0);
        set_int(f, "geo_precision", ev->geo_precision, ev->geo_precision > 0);
        set_int(f, "fatalities", ev->fatalities, ev->fatalities >= 0);
        set_text(f, "source", ev->source);
        set_text(f, "url", ev->url);
        set_text(f, "notes", ev->notes);
        /* Not "timestamp": LIBKML turns a field of that name into a KML
         * <TimeStamp> and drops it. */
        set_int(f, "updated", ev->updated, ev->updated != 0);
        set_text(f, "dataset", ev->dataset);
        set_point(w, f, ev->has_point, ev->lon_deg, ev->lat_deg);
        st = write_feature(w, f, err);
    }
    return st;
}

/* A zone's rings as a multipolygon: an outer ring (counter-clockwise)
 * starts a polygon, its holes follow. */
static OGRGeometryH
zone_geometry(const sm_situation *sit, const sm_sit_zone *zone)
{
    OGRGeometryH g = OGR_G_CreateGeometry(wkbMultiPolygon), poly = NULL;

    for (uint32_t r = 0; r < zone->nrings; r++) {
        const sm_ring *ring = &sit->geom.rings[zone->first_ring + r];
        const double *p = &sit->geom.pts[2 * (size_t)ring->first];
        OGRGeometryH lr = OGR_G_CreateGeometry(wkbLinearRing);
        for (uint32_t k = 0; k < ring->n; k++)
            OGR_G_AddPoint_2D(lr, p[2 * k], p[2 * k + 1]);
        if (sm_mpoly_is_outer(&sit->geom, ring) || poly == NULL) {
            if (poly)
                OGR_G_AddGeometryDirectly(g, poly);
            poly = OGR_G_CreateGeometry(wkbPolygon);
        }
        OGR_G_AddGeometryDirectly(poly, lr);
    }
    if (poly)
        OGR_G_AddGeometryDirectly(g, poly);
    return g;
}

static sm_status
write_zones(writer *w, const sm_situation *sit, sm_error *err)
{
    static const char *const names[] = { "id", "faction", "status", "other_faction",
                                         "valid_from", "valid_to", "name", "source" };
    static const OGRFieldType types[] = { OFTString, OFTString, OFTString, OFTString,
                                          OFTString, OFTString, OFTString, OFTString };
    sm_status st = SM_OK;

    if (add_fields(w, names, types, SM_LEN(names), err) != SM_OK)
        return SM_EIO;
    for (size_t i = 0; i < sit->ngiven && st == SM_OK; i++) {
        const sm_sit_zone *z = &sit->zones[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->layer));

        set_text(f, "id", z->uid);
        set_text(f, "faction", z->faction);
        set_text(f, "status", z->status);
        set_text(f, "other_faction", z->other);
        set_day(f, "valid_from", z->valid_from);
        set_day(f, "valid_to", z->valid_to);
        set_text(f, "name", z->name);
        set_text(f, "source", z->source);
        OGR_F_SetGeometryDirectly(f, zone_geometry(sit, z));
        st = write_feature(w, f, err);
    }
    return st;
}

static sm_status
write_frontlines(writer *w, const sm_situation *sit, sm_error *err)
{
    static const char *const names[] = { "left", "right", "advancing", "claimed",
                                         "contested" };
    static const OGRFieldType types[] = { OFTString, OFTString, OFTString, OFTInteger,
                                          OFTInteger };
    sm_status st = SM_OK;

    if (add_fields(w, names, types, SM_LEN(names), err) != SM_OK)
        return SM_EIO;
    for (size_t i = 0; st == SM_OK && i < sit->nfronts; i++) {
        const sm_front *fr = &sit->fronts[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->layer));
        OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);

        set_text(f, "left", fr->left);
        set_text(f, "right", fr->right);
        set_text(f, "advancing", fr->advancing);
        set_int(f, "claimed", fr->claimed, true);
        set_int(f, "contested", fr->contested, true);
        for (uint32_t k = 0; k < fr->n; k++)
            OGR_G_AddPoint_2D(g, sit->fpts[2 * (fr->first + k)],
                              sit->fpts[2 * (fr->first + k) + 1]);
        OGR_F_SetGeometryDirectly(f, g);
        st = write_feature(w, f, err);
    }
    return st;
}

/* The derived zones, one multipolygon a faction, with their area. */
static sm_status
write_derived(writer *w, const sm_situation *sit, sm_error *err)
{
    static const char *const names[] = { "faction", "status", "area_km2" };
    static const OGRFieldType types[] = { OFTString, OFTString, OFTReal };
    sm_status st = SM_OK;

    if (add_fields(w, names, types, SM_LEN(names), err) != SM_OK)
        return SM_EIO;
    for (size_t z = sit->ngiven; st == SM_OK && z < sit->nzones; z++) {
        const sm_sit_zone *zone = &sit->zones[z];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->layer));

        set_text(f, "faction", zone->faction);
        set_text(f, "status", zone->status);
        OGR_F_SetFieldDouble(f, OGR_F_GetFieldIndex(f, "area_km2"), zone->area_km2);
        OGR_F_SetGeometryDirectly(f, zone_geometry(sit, zone));
        st = write_feature(w, f, err);
    }
    return st;
}

static sm_status
write_control(writer *w, const sm_situation *sit, sm_error *err)
{
    static const char *const names[] = { "place", "faction", "date", "lat", "lon",
                                         "place_id", "source" };
    static const OGRFieldType types[] = { OFTString, OFTString, OFTString, OFTReal,
                                          OFTReal, OFTInteger64, OFTString };
    sm_status st = SM_OK;

    if (add_fields(w, names, types, SM_LEN(names), err) != SM_OK)
        return SM_EIO;
    for (size_t i = 0; i < sit->ncontrol && st == SM_OK; i++) {
        const sm_control *c = &sit->control[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->layer));

        set_text(f, "place", c->place);
        set_text(f, "faction", c->faction);
        set_day(f, "date", c->day);
        set_int(f, "place_id", c->place_id, c->place_id != 0);
        set_text(f, "source", c->source);
        set_point(w, f, c->has_point, c->lon_deg, c->lat_deg);
        st = write_feature(w, f, err);
    }
    return st;
}

void
sm_export_needs(sm_layer layer, sm_situation_opts *so)
{
    so->full_events = layer == SM_LAYER_EVENTS;
    so->fronts = layer == SM_LAYER_FRONTLINES;
    if (layer != SM_LAYER_EVENTS)
        so->window_days = 0;
    if (layer != SM_LAYER_DERIVED && layer != SM_LAYER_FRONTLINES)
        so->derived_max_km = 0;
}

sm_status
sm_export(const sm_situation *sit, const sm_export_opts *o, long *count, sm_error *err)
{
    static const format acled = { ".csv", "CSV", true };
    bool as_acled = o->format && strcmp(o->format, "acled") == 0;
    writer w = { .fmt = as_acled ? &acled : o->path ? format_for(o->path) : NULL,
                 .path = o->path };
    sm_atomic_file af = SM_ATOMIC_FILE_INIT;
    bool in_transaction;
    sm_status st;

    if (o->path == NULL)
        return sm_fail(err, SM_EUSAGE, "export: no output file (sm_export_opts.path)");
    if (o->format && !as_acled)
        return sm_fail(err, SM_EUSAGE, "\"%s\" is not an export format (want acled, or"
                       " none: the file's extension)", o->format);
    if (as_acled && o->layer != SM_LAYER_EVENTS)
        return sm_fail(err, SM_EUSAGE, "the ACLED layout is for events (--layer events)");
    if (w.fmt == NULL)
        return sm_fail(err, SM_EUSAGE, "%s: unknown output format (use .geojson, .gpkg,"
                       " .csv or .kml)", o->path);
    sm_ingest_gdal_init();
    if ((st = sm_atomic_file_reserve(&af, o->path, err)) != SM_OK)
        return st;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    st = writer_open(&w, af.tmp, o->layer, err);
    /* one transaction for every feature where the driver has them (a
       GeoPackage: one per feature otherwise, several times slower) */
    in_transaction = st == SM_OK &&
                     GDALDatasetStartTransaction(w.ds, FALSE) == OGRERR_NONE;
    if (st == SM_OK) {
        if (as_acled)
            st = sm_export__acled(w.layer, sit, &w.count, err);
        else if (o->layer == SM_LAYER_EVENTS)
            st = write_events(&w, sit, err);
        else if (o->layer == SM_LAYER_ZONES)
            st = write_zones(&w, sit, err);
        else if (o->layer == SM_LAYER_FRONTLINES)
            st = write_frontlines(&w, sit, err);
        else if (o->layer == SM_LAYER_DERIVED)
            st = write_derived(&w, sit, err);
        else
            st = write_control(&w, sit, err);
    }
    if (in_transaction && st == SM_OK &&
        GDALDatasetCommitTransaction(w.ds) != OGRERR_NONE)
        st = gdal_fail(&w, err, "cannot finish writing");
    if (w.ds) {
        CPLErrorReset();
        GDALClose(w.ds);
        if (CPLGetLastErrorType() >= CE_Failure && st == SM_OK)
            st = gdal_fail(&w, err, "cannot finish writing");
    }
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL);
    CPLPopErrorHandler();
    if (st == SM_OK)
        st = sm_atomic_file_commit(&af, err);
    sm_atomic_file_discard(&af);
    if (st == SM_OK && count)
        *count = w.count;
    return st;
}
