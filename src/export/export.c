/* SPDX-License-Identifier: MIT */
/*
 * export.c - a layer of a situation through a GDAL vector driver.
 *
 * Field names are those the importers read, so files round-trip. CSV gets
 * lat/lon columns for points (with the digits that give back the same
 * double) and WKT for zones (spreadsheets read both); the other formats
 * carry real geometries. GeoPackage timestamps are pinned (OGR_CURRENT_DATE),
 * so the same data give the same bytes.
 *
 * KML gets the same OGR features, written by kml.c as a stream (GDAL's
 * LIBKML driver takes time quadratic in the features): the fields "name",
 * "timestamp", "begin" and "end" become a placemark's <name>, <TimeStamp>
 * and <TimeSpan>; the styles kml_style records become shared <Style>s and a
 * feature's style string "@ID" a <styleUrl>.
 */
#include "export/export_int.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/atomic_file.h"
#include "core/text.h"
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
    const char *name;    /* as --format names it */
    const char *driver;
    bool csv, kml;
    bool streams;        /* can be written to standard output */
    bool acled;          /* ACLED's layout (acled.c), named only */
} format;

static const format formats[] = {
    { ".geojson", "geojson", "GeoJSON", false, false, true, false },
    { ".json", "geojson", "GeoJSON", false, false, true, false },
    { ".gpkg", "gpkg", "GPKG", false, false, false, false },
    { ".csv", "csv", "CSV", true, false, true, false },
    { ".kml", "kml", "KML", false, true, true, false },
    { ".csv", "acled", "CSV", true, false, true, true },
};

static const format *
format_named(const char *name)
{
    for (size_t i = 0; i < SM_LEN(formats); i++)
        if (strcasecmp(name, formats[i].name) == 0)
            return &formats[i];
    return NULL;
}

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
    const sm_style *style;  /* KML styles; NULL: none */
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureDefnH defn;   /* the layer's, or KML's own */
    OGRwkbGeometryType gtype;
    sm_kml *kml;            /* KML is written by kml.c, not by a GDAL driver */
    const char *path;       /* for messages */
    long count;
} writer;

static sm_status
gdal_fail(const writer *w, sm_error *err, const char *what)
{
    const char *why = CPLGetLastErrorMsg();

    return sm_fail(err, SM_EIO, "%s: %s%s%s", w->path, what, why && *why ? ": " : "",
                   why ? why : "");
}

/* Open the output: a GDAL dataset at gdal_path, or KML's writer to
 * kml_path (NULL: standard output). */
static sm_status
writer_open(writer *w, const char *gdal_path, const char *kml_path, sm_layer layer,
            sm_error *err)
{
    GDALDriverH drv;
    OGRSpatialReferenceH wgs84;
    OGRwkbGeometryType gtype;
    const char *opts_csv_zone[] = { "GEOMETRY=AS_WKT", "STRING_QUOTING=IF_NEEDED", NULL };
    const char *opts_csv[] = { "STRING_QUOTING=IF_NEEDED", NULL };
    const char *opts_geojson[] = { "RFC7946=YES", "WRITE_NAME=NO", NULL };
    char **lco = NULL;

    gtype = layer == SM_LAYER_ZONES || layer == SM_LAYER_DERIVED ? wkbMultiPolygon
            : layer == SM_LAYER_FRONTLINES ? wkbLineString
            : w->fmt->csv ? wkbNone : wkbPoint;
    w->gtype = gtype;
    if (w->fmt->kml) {
        w->defn = OGR_FD_Create(sm_layer_name(layer));
        OGR_FD_Reference(w->defn);
        OGR_FD_SetGeomType(w->defn, gtype);
        return sm_kml_open(&w->kml, kml_path, w->path, sm_layer_name(layer), w->defn, err);
    }
    drv = GDALGetDriverByName(w->fmt->driver);
    if (drv == NULL)
        return sm_fail(err, SM_EIO, "%s: GDAL has no %s driver", w->path, w->fmt->driver);
    w->ds = GDALCreate(drv, gdal_path, 0, 0, 0, GDT_Unknown, NULL);
    if (w->ds == NULL)
        return gdal_fail(w, err, "cannot create");
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
    w->defn = OGR_L_GetLayerDefn(w->layer);
    return SM_OK;
}

static sm_status
add_field(writer *w, const char *name, OGRFieldType type, sm_error *err)
{
    OGRFieldDefnH f = OGR_Fld_Create(name, type);
    OGRErr e = OGRERR_NONE;

    if (w->kml)
        OGR_FD_AddFieldDefn(w->defn, f);
    else
        e = OGR_L_CreateField(w->layer, f, 1);

    OGR_Fld_Destroy(f);
    return e == OGRERR_NONE ? SM_OK : gdal_fail(w, err, "cannot create a field");
}

/* The layer's fields. "lat" and "lon" are written only to CSV, as text
 * (set_point): the other formats carry the point as a geometry. The fields
 * of kml (NULL-terminated; may be NULL) are added to KML only, where they
 * are the placemark's name and time (kml.c). */
static sm_status
add_fields(writer *w, const char *const *names, const OGRFieldType *types, size_t n,
           const char *const *kml, sm_error *err)
{
    for (size_t i = 0; i < n; i++) {
        bool latlon = strcmp(names[i], "lat") == 0 || strcmp(names[i], "lon") == 0;
        if ((!latlon || w->fmt->csv) &&
            add_field(w, names[i], latlon ? OFTString : types[i], err) != SM_OK)
            return SM_EIO;
    }
    for (; w->fmt->kml && kml && *kml; kml++)
        if (add_field(w, *kml, OFTString, err) != SM_OK)
            return SM_EIO;
    return SM_OK;
}

static void
set_text(OGRFeatureH f, const char *field, const char *v)
{
    int i = OGR_F_GetFieldIndex(f, field);

    if (v && *v && i >= 0)
        OGR_F_SetFieldString(f, i, v);
}

static void
set_int(OGRFeatureH f, const char *field, long long v, bool present)
{
    int i = OGR_F_GetFieldIndex(f, field);

    if (present && i >= 0)
        OGR_F_SetFieldInteger64(f, i, v);
}

static void
set_day(OGRFeatureH f, const char *field, sm_day day)
{
    char iso[SM_DAY_ISO_LEN];

    if (day != SM_DAY_NONE && day != SM_DAY_OPEN)
        set_text(f, field, sm_day_format(day, iso));
}

/* Point: lat/lon fields in CSV, a geometry elsewhere. GDAL writes a real
 * field with 15 significant digits, which need not give back the same double
 * (a point reprojected from another CRS), so CSV's lat and lon are the
 * shortest text that does (sm_text_from_double). */
static void
set_point(writer *w, OGRFeatureH f, bool has, double lon, double lat)
{
    char text[SM_TEXT_DOUBLE_LEN];

    if (!has)
        return;
    if (w->fmt->csv) {
        set_text(f, "lat", sm_text_from_double(lat, text));
        set_text(f, "lon", sm_text_from_double(lon, text));
    } else {
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, lon, lat);
        OGR_F_SetGeometryDirectly(f, g);
    }
}

/* ---- KML: names and shared styles ------------------------------------ */

/* A faction's label, else its id. */
static const char *
faction_label(const writer *w, const char *id)
{
    const sm_faction_style *fs = w->style ? sm_style_faction(w->style, id) : NULL;

    return fs && fs->label[0] ? fs->label : id;
}

/* Give the feature the shared style "faction-ID" (polygons: the faction's
 * fill at the style's zone opacity and its outline; points: an icon in its
 * colour) or "type-NAME" (an event type's colour), added to the KML's
 * styles the first time. No-op without a style or outside KML. */
static void
kml_style(writer *w, OGRFeatureH f, const char *faction, const char *event_type,
          sm_rgba event_colour)
{
    char id[80], ref[84];
    const sm_faction_style *fs;

    if (w->kml == NULL || w->style == NULL)
        return;
    if (event_type) {
        snprintf(id, sizeof(id), "type-%s", event_type);
        sm_kml_style(w->kml, id, true, event_colour, event_colour);
    } else {
        sm_rgba c = w->style->unknown_faction, o;
        fs = sm_style_faction(w->style, faction);
        if (fs)
            c = fs->fill;
        o = fs ? fs->outline : (sm_rgba){ c.r * 0.6, c.g * 0.6, c.b * 0.6, c.a };
        snprintf(id, sizeof(id), "faction-%s", faction);
        if (w->gtype == wkbPoint) {
            sm_kml_style(w->kml, id, true, c, c);
        } else {
            sm_rgba fill = c;
            fill.a *= w->style->zone_opacity;
            sm_kml_style(w->kml, id, false, fill, o);
        }
    }
    snprintf(ref, sizeof(ref), "@%s", id);
    OGR_F_SetStyleString(f, ref);
}

static sm_status
write_feature(writer *w, OGRFeatureH f, sm_error *err)
{
    OGRErr e = OGRERR_NONE;
    sm_status st = w->kml ? sm_kml_placemark(w->kml, f, err) : SM_OK;

    if (w->kml == NULL)
        e = OGR_L_CreateFeature(w->layer, f);
    OGR_F_Destroy(f);
    if (st != SM_OK)
        return st;
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
    static const char *const kml[] = { "name", "timestamp", NULL };
    char name[300];
    sm_status st = SM_OK;

    if (add_fields(w, names, types, SM_LEN(names), kml, err) != SM_OK)
        st = SM_EIO;
    for (size_t i = 0; i < sit->nevents && st == SM_OK; i++) {
        const sm_event *ev = &sit->events[i];
        const char *type = sm_event_type_name(ev->type);
        OGRFeatureH f = OGR_F_Create(w->defn);

        /* KML: "al-Bab: airstrike" on its day, in its type's colour */
        if (ev->place)
            snprintf(name, sizeof(name), "%s: %s", ev->place, type);
        else
            snprintf(name, sizeof(name), "%s", type);
        set_text(f, "name", name);
        set_day(f, "timestamp", ev->day);
        if (w->style)
            kml_style(w, f, NULL, type, w->style->events[ev->type]);

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
        /* Not "timestamp": KML makes a field of that name a <TimeStamp>,
         * and GDAL's readers read it back as the date. */
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

/* KML names a zone by its faction's label (the placemark's <name>), so
 * the zone's own name is the field "zone_name" there. */
static sm_status
write_zones(writer *w, const sm_situation *sit, sm_error *err)
{
    const char *zone_name = w->fmt->kml ? "zone_name" : "name";
    const char *const names[] = { "id", "faction", "status", "other_faction",
                                  "valid_from", "valid_to", zone_name, "source" };
    static const OGRFieldType types[] = { OFTString, OFTString, OFTString, OFTString,
                                          OFTString, OFTString, OFTString, OFTString };
    static const char *const kml[] = { "name", "begin", "end", NULL };
    sm_status st = SM_OK;

    if (add_fields(w, names, types, SM_LEN(names), kml, err) != SM_OK)
        st = SM_EIO;
    for (size_t i = 0; i < sit->ngiven && st == SM_OK; i++) {
        const sm_sit_zone *z = &sit->zones[i];
        OGRFeatureH f = OGR_F_Create(w->defn);

        set_text(f, "id", z->uid);
        set_text(f, "faction", z->faction);
        set_text(f, "status", z->status);
        set_text(f, "other_faction", z->other);
        set_day(f, "valid_from", z->valid_from);
        set_day(f, "valid_to", z->valid_to);
        set_text(f, zone_name, z->name);
        set_text(f, "source", z->source);
        if (w->fmt->kml) {
            set_text(f, "name", faction_label(w, z->faction));
            set_day(f, "begin", z->valid_from);
            set_day(f, "end", z->valid_to);   /* none while the zone holds */
            kml_style(w, f, z->faction, NULL, (sm_rgba){ 0 });
        }
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

    if (add_fields(w, names, types, SM_LEN(names), NULL, err) != SM_OK)
        return SM_EIO;
    for (size_t i = 0; st == SM_OK && i < sit->nfronts; i++) {
        const sm_front *fr = &sit->fronts[i];
        OGRFeatureH f = OGR_F_Create(w->defn);
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
    static const char *const kml[] = { "name", NULL };
    sm_status st = SM_OK;

    if (add_fields(w, names, types, SM_LEN(names), kml, err) != SM_OK)
        st = SM_EIO;
    for (size_t z = sit->ngiven; st == SM_OK && z < sit->nzones; z++) {
        const sm_sit_zone *zone = &sit->zones[z];
        OGRFeatureH f = OGR_F_Create(w->defn);

        if (w->fmt->kml) {
            set_text(f, "name", faction_label(w, zone->faction));
            kml_style(w, f, zone->faction, NULL, (sm_rgba){ 0 });
        }
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
    static const char *const kml[] = { "name", "begin", "end", NULL };
    sm_status st = SM_OK;

    if (add_fields(w, names, types, SM_LEN(names), kml, err) != SM_OK)
        st = SM_EIO;
    for (size_t i = 0; i < sit->ncontrol && st == SM_OK; i++) {
        const sm_control *c = &sit->control[i];
        OGRFeatureH f = OGR_F_Create(w->defn);

        if (w->fmt->kml) {   /* the place, held from its day to the next record's */
            set_text(f, "name", c->place);
            set_day(f, "begin", c->day);
            set_day(f, "end", c->until);
            kml_style(w, f, c->faction, NULL, (sm_rgba){ 0 });
        }

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
    bool to_stdout = o->path && strcmp(o->path, "-") == 0;
    writer w = { .path = to_stdout ? "standard output" : o->path, .style = o->style };
    sm_atomic_file af = SM_ATOMIC_FILE_INIT;
    char *checked = NULL;
    bool in_transaction;
    sm_status st;

    if (o->path == NULL)
        return sm_fail(err, SM_EUSAGE, "export: no output file (sm_export_opts.path)");
    if (o->format) {
        if ((w.fmt = format_named(o->format)) == NULL)
            return sm_fail(err, SM_EUSAGE, "unknown output format \"%s\" (use geojson,"
                           " gpkg, csv, kml or acled)", o->format);
    } else if (to_stdout) {
        return sm_fail(err, SM_EUSAGE, "standard output: name the format (geojson, csv,"
                       " kml or acled)");
    } else if ((w.fmt = format_for(o->path)) == NULL) {
        return sm_fail(err, SM_EUSAGE, "%s: unknown output format (use .geojson, .gpkg,"
                       " .csv or .kml)", o->path);
    }
    /* GDAL's CSV driver makes a folder of a name without its extension;
       a name must say what the file is */
    if (o->format && !to_stdout &&
        (format_for(o->path) == NULL || format_for(o->path)->driver != w.fmt->driver))
        return sm_fail(err, SM_EUSAGE, "%s: a %s file's name must end in %s", o->path,
                       w.fmt->name, w.fmt->ext);
    if (w.fmt->acled && o->layer != SM_LAYER_EVENTS)
        return sm_fail(err, SM_EUSAGE, "the ACLED layout is for events (--layer events)");
    if (to_stdout && !w.fmt->streams)
        return sm_fail(err, SM_EUSAGE, "standard output: a GeoPackage cannot be written"
                       " there (SQLite needs a file it can seek in); give a file name");
    sm_ingest_gdal_init();
    /* a file is written beside its path and renamed; standard output is
       written as it comes (GDAL's /vsistdout/) */
    if (!to_stdout && (st = sm_atomic_file_reserve(&af, o->path, err)) != SM_OK)
        return st;
    /* the GeoJSON driver ignores its write errors: they are kept for it
       (checked.c); the CSV driver, SQLite (GeoPackage) and kml.c check
       their own */
    if (!to_stdout && w.fmt->streams && !w.fmt->csv && !w.fmt->kml &&
        (checked = sm_export__checked_begin(af.tmp)) == NULL) {
        sm_atomic_file_discard(&af);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    st = writer_open(&w, to_stdout ? "/vsistdout/" : checked ? checked : af.tmp,
                     to_stdout ? NULL : af.tmp, o->layer, err);
    /* one transaction for every feature where the driver has them (a
       GeoPackage: one per feature otherwise, several times slower) */
    in_transaction = st == SM_OK && w.ds &&
                     GDALDatasetStartTransaction(w.ds, FALSE) == OGRERR_NONE;
    if (st == SM_OK) {
        if (w.fmt->acled)
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
    if (w.kml) {
        sm_status closed = sm_kml_close(w.kml, st == SM_OK, err);
        if (st == SM_OK)
            st = closed;
    }
    if (w.fmt && w.fmt->kml && w.defn)
        OGR_FD_Release(w.defn);
    if (checked) {
        int e = sm_export__checked_end(af.tmp);
        if (e && st == SM_OK)
            st = sm_fail(err, SM_EIO, "%s: cannot write: %s", w.path, strerror(e));
        free(checked);
    }
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL);
    CPLPopErrorHandler();
    if (st == SM_OK && !to_stdout)
        st = sm_atomic_file_commit(&af, err);
    sm_atomic_file_discard(&af);
    if (st == SM_OK && count)
        *count = w.count;
    return st;
}
