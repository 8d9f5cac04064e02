/* SPDX-License-Identifier: MIT */
/*
 * ogr_source.c - one layer of a file read through GDAL/OGR, with positions
 * for messages, column look-up by name, validated text and geometries
 * reprojected to WGS84.
 *
 * GDAL reports problems through a per-thread error handler; a quiet handler
 * is pushed while a source is open and its last message is quoted in ours.
 * For CSV, GDAL numbers data rows from 1, so a row's line in the file is its
 * FID + 1 (exact unless a quoted field spans lines).
 *
 * Anything GDAL can open may be read: an ordinary file is checked first
 * (so a missing one gets the system's reason), while GDAL's virtual paths
 * (/vsizip/, /vsigzip/, /vsicurl/), connection strings ("PG:...") and
 * standard input ("-", GDAL's /vsistdin/) go to GDAL as they are.
 */
#include "ingest/ingest_int.h"

#include "core/text.h"
#include "core/vocab.h"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static pthread_once_t gdal_once = PTHREAD_ONCE_INIT;

static void
gdal_register(void)
{
    GDALAllRegister();
}

void
sm_ingest_gdal_init(void)
{
    pthread_once(&gdal_once, gdal_register);
}

bool
sm_ingest_format_parse(const char *name, sm_ingest_format *out)
{
    static const char *const names[] = { "auto", "acled", "csv", "geojson", "kml",
                                         "gpkg", "shp" };

    for (size_t i = 0; i < SM_LEN(names); i++) {
        if (strcasecmp(name, names[i]) == 0) {
            *out = (sm_ingest_format)i;
            return true;
        }
    }
    return false;
}

sm_status
sm_ingest__row_fail(const sm_src *src, sm_error *err, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (src->csv && src->ordinal > 0)
        return sm_ingest__line_fail(src, src->line, err, "%s", msg);
    return sm_fail(err, SM_EINPUT, "%s: %s", src->where, msg);
}

sm_status
sm_ingest__line_fail(const sm_src *src, long line, sm_error *err, const char *fmt, ...)
{
    char msg[400], where[sizeof(src->where)];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(where, sizeof(where), "%s:%ld", src->path, line);
    return sm_fail(err, SM_EINPUT, "%s: %s", where, msg);
}

static const char *
gdal_reason(void)
{
    const char *m = CPLGetLastErrorMsg();

    return m && *m ? m : "not a format GDAL can read";
}

/* The drivers a --format allows, as GDALOpenEx wants them. */
static const char *const *
allowed_drivers(sm_ingest_format f)
{
    static const char *const csv[] = { "CSV", NULL };
    static const char *const geojson[] = { "GeoJSON", "GeoJSONSeq", NULL };
    static const char *const kml[] = { "LIBKML", "KML", NULL };
    static const char *const gpkg[] = { "GPKG", NULL };
    static const char *const shp[] = { "ESRI Shapefile", NULL };

    switch (f) {
    case SM_FORMAT_ACLED:
    case SM_FORMAT_CSV: return csv;
    case SM_FORMAT_GEOJSON: return geojson;
    case SM_FORMAT_KML: return kml;
    case SM_FORMAT_GPKG: return gpkg;
    case SM_FORMAT_SHP: return shp;
    case SM_FORMAT_AUTO: break;
    }
    return NULL;
}

static bool
has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* A name GDAL reads that is no file: a virtual path (/vsizip/...) or a
 * connection string with a driver's prefix ("PG:dbname=...", "WFS:http..."),
 * a prefix of two characters or more (not a drive letter). */
static bool
gdal_only_name(const char *path)
{
    const char *p = path;

    if (strncmp(path, "/vsi", 4) == 0)
        return true;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
           (p > path && ((*p >= '0' && *p <= '9') || *p == '_')))
        p++;
    return *p == ':' && p - path >= 2;
}

/* The columns GDAL's CSV driver reads a geometry from, as WKT: "WKT" (its
 * default, as exports write it) and those of GEOM_POSSIBLE_NAMES. */
static const char *const csv_geom_names[] = { "WKT", "geometry", "geom", "the_geom",
                                              "wkt_geom", NULL };

static GDALDatasetH
open_csv(const char *gdal_path)
{
    static const char *const csv_options[] = {
        "HEADERS=YES", "AUTODETECT_TYPE=NO",
        "GEOM_POSSIBLE_NAMES=geometry,geom,the_geom,wkt_geom", NULL
    };
    static const char *const csv[] = { "CSV", NULL };
    GDALDatasetH ds;
    char *name = NULL;

    /* GDAL's CSV driver only claims files named *.csv unless told. */
    if (!has_suffix(gdal_path, ".csv")) {
        name = malloc(strlen(gdal_path) + 5);
        if (name == NULL)
            return NULL;
        sprintf(name, "CSV:%s", gdal_path);
    }
    CPLErrorReset();
    ds = GDALOpenEx(name ? name : gdal_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, csv,
                    csv_options, NULL);
    free(name);
    return ds;
}

static sm_status
open_dataset(sm_src *src, const sm_ingest_opts *opts, sm_error *err)
{
    bool is_stdin = strcmp(src->gdal_path, "/vsistdin/") == 0;
    bool want_csv = opts->format == SM_FORMAT_CSV || opts->format == SM_FORMAT_ACLED ||
                    (opts->format == SM_FORMAT_AUTO &&
                     (has_suffix(src->path, ".csv") || has_suffix(src->path, ".tsv")));
    struct stat sb;
    VSIStatBufL vsb;

    if (is_stdin) {
        /* read as it comes */
    } else if (stat(src->path, &sb) != 0) {
        if (errno != ENOENT || !gdal_only_name(src->path))
            return sm_fail(err, SM_EIO, "%s: cannot read: %s", src->path, strerror(errno));
    } else if (S_ISREG(sb.st_mode) && sb.st_size == 0) {
        return sm_fail(err, SM_EINPUT, "%s: the file is empty", src->path);
    }
    if (want_csv && !is_stdin && !has_suffix(src->path, ".tsv")) {
        sm_status st = sm_ingest__csv_open(src->gdal_path, src->path, &src->csv, err);
        if (st != SM_ENOTFOUND) {
            src->is_csv = st == SM_OK;
            return st;
        }
    }
    if (want_csv) {
        src->ds = open_csv(src->gdal_path);
    } else {
        CPLErrorReset();
        src->ds = GDALOpenEx(src->gdal_path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                             allowed_drivers(opts->format), NULL, NULL);
        /* standard input has no name to tell CSV by: CSV unless GDAL knew
           the format (/vsistdin/ keeps what it read, so it can be read again) */
        if (src->ds == NULL && is_stdin && opts->format == SM_FORMAT_AUTO)
            src->ds = open_csv(src->gdal_path);
    }
    if (src->ds == NULL && !is_stdin && strncmp(src->gdal_path, "/vsi", 4) == 0 &&
        !*CPLGetLastErrorMsg() && VSIStatL(src->gdal_path, &vsb) != 0)
        return sm_fail(err, SM_EIO, "%s: cannot read: no such file", src->path);
    if (src->ds == NULL)
        return sm_fail(err, SM_EINPUT, "%s: cannot read: %s", src->path, gdal_reason());
    src->is_csv = strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(src->ds)), "CSV") == 0;
    return SM_OK;
}

/* A CSV file's one layer is named as GDAL names it: the file's name
 * without its extension. */
static sm_status
open_csv_layer(sm_src *src, const char *layer, sm_error *err)
{
    const char *dot = strrchr(src->name, '.');
    size_t n = dot ? (size_t)(dot - src->name) : strlen(src->name);

    if (layer && (strlen(layer) != n || strncasecmp(layer, src->name, n) != 0))
        return sm_fail(err, SM_EINPUT, "%s: no layer named \"%s\"", src->path, layer);
    src->geom_text = sm_ingest__src_field(src, csv_geom_names);
    return SM_OK;
}

static sm_status
open_layer(sm_src *src, const char *layer, sm_error *err)
{
    if (src->csv)
        return open_csv_layer(src, layer, err);
    if (layer)
        src->layer = GDALDatasetGetLayerByName(src->ds, layer);
    else if (GDALDatasetGetLayerCount(src->ds) > 0)
        src->layer = GDALDatasetGetLayer(src->ds, 0);
    if (src->layer == NULL) {
        if (layer)
            return sm_fail(err, SM_EINPUT, "%s: no layer named \"%s\"", src->path, layer);
        return sm_fail(err, SM_EINPUT, "%s: the file holds no layer", src->path);
    }
    src->defn = OGR_L_GetLayerDefn(src->layer);
    src->geom_text = -1;
    if (src->is_csv && OGR_FD_GetGeomFieldCount(src->defn) > 0)
        src->geom_text = sm_ingest__src_field(src, csv_geom_names);
    return SM_OK;
}

/* Set up reprojection to WGS84 longitude/latitude when the layer has
 * another CRS. */
static sm_status
open_transform(sm_src *src, sm_error *err)
{
    OGRSpatialReferenceH from = OGR_L_GetSpatialRef(src->layer);
    OGRSpatialReferenceH wgs84;

    if (from == NULL)
        return SM_OK;
    wgs84 = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(wgs84, "WGS84");
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    if (!OSRIsSame(from, wgs84)) {
        OGRSpatialReferenceH src_srs = OSRClone(from);
        OSRSetAxisMappingStrategy(src_srs, OAMS_TRADITIONAL_GIS_ORDER);
        src->to_wgs84 = OCTNewCoordinateTransformation(src_srs, wgs84);
        OSRDestroySpatialReference(src_srs);
        if (src->to_wgs84 == NULL) {
            OSRDestroySpatialReference(wgs84);
            return sm_fail(err, SM_EPROJ, "%s: cannot reproject to WGS84: %s", src->path,
                           gdal_reason());
        }
    }
    OSRDestroySpatialReference(wgs84);
    return SM_OK;
}

sm_status
sm_ingest__src_open(sm_src *src, const char *path, const sm_ingest_opts *opts,
                    sm_error *err)
{
    const char *slash = strrchr(path, '/');
    bool is_stdin = strcmp(path, "-") == 0;
    sm_status st;

    memset(src, 0, sizeof(*src));
    src->path = is_stdin ? "standard input" : path;
    src->gdal_path = is_stdin ? "/vsistdin/" : path;
    src->name = is_stdin ? "stdin" : slash ? slash + 1 : path;
    src->dataset = opts->source ? opts->source : src->name;
    snprintf(src->where, sizeof(src->where), "%s", src->path);
    sm_ingest_gdal_init();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    st = open_dataset(src, opts, err);
    if (st == SM_OK)
        st = open_layer(src, opts->layer, err);
    if (st == SM_OK && src->csv == NULL)
        st = open_transform(src, err);
    if (st != SM_OK) {
        sm_ingest__src_close(src);
        return st;
    }
    if (src->layer)
        OGR_L_ResetReading(src->layer);
    return SM_OK;
}

static void
free_texts(sm_src *src)
{
    for (int i = 0; i < src->ntexts; i++)
        free(src->texts[i]);
    src->ntexts = 0;
}

void
sm_ingest__src_close(sm_src *src)
{
    free_texts(src);
    if (src->feat)
        OGR_F_Destroy(src->feat);
    if (src->to_wgs84)
        OCTDestroyCoordinateTransformation(src->to_wgs84);
    if (src->ds)
        GDALClose(src->ds);
    sm_ingest__csv_close(src->csv);
    if (src->path)
        CPLPopErrorHandler();
    memset(src, 0, sizeof(*src));
}

int
sm_ingest__src_nfields(const sm_src *src)
{
    return src->csv ? sm_ingest__csv_ncolumns(src->csv) : OGR_FD_GetFieldCount(src->defn);
}

const char *
sm_ingest__src_field_name(const sm_src *src, int i)
{
    return src->csv ? sm_ingest__csv_column(src->csv, i)
                    : OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(src->defn, i));
}

bool
sm_ingest__src_has_geometry(const sm_src *src)
{
    return src->csv ? src->geom_text >= 0 : OGR_FD_GetGeomType(src->defn) != wkbNone;
}

bool
sm_ingest__src_is_kml(const sm_src *src)
{
    return src->ds && strstr(GDALGetDriverShortName(GDALGetDatasetDriver(src->ds)), "KML");
}

int
sm_ingest__src_field(const sm_src *src, const char *const *names)
{
    int n = sm_ingest__src_nfields(src);

    for (; *names; names++) {
        int i = src->csv ? -1 : OGR_FD_GetFieldIndex(src->defn, *names);
        if (i >= 0)
            return i;
        /* OGR_FD_GetFieldIndex is case-insensitive for most drivers, not all. */
        for (int k = 0; k < n; k++)
            if (strcasecmp(sm_ingest__src_field_name(src, k), *names) == 0)
                return k;
    }
    return -1;
}

sm_status
sm_ingest__src_need(const sm_src *src, const char *const *names, int *idx, sm_error *err)
{
    sm_buf msg = SM_BUF_INIT;
    int n = sm_ingest__src_nfields(src);
    sm_status st;

    *idx = sm_ingest__src_field(src, names);
    if (*idx >= 0)
        return SM_OK;
    sm_buf_printf(&msg, "%s: missing column \"%s\"", src->path, names[0]);
    for (int i = 1; names[i]; i++)
        sm_buf_printf(&msg, "%s\"%s\"", i == 1 ? " (or " : ", ", names[i]);
    if (names[1])
        sm_buf_puts(&msg, ")");
    sm_buf_puts(&msg, n ? "; the file has:" : "; the file has no columns");
    for (int i = 0; i < n && i < 40; i++)
        sm_buf_printf(&msg, " %s", sm_ingest__src_field_name(src, i));
    st = sm_fail(err, SM_EINPUT, "%s", sm_buf_str(&msg));
    sm_buf_free(&msg);
    return st;
}

sm_status
sm_ingest__src_next(sm_src *src, sm_error *err)
{
    free_texts(src);
    if (src->csv) {
        long line;
        sm_status st = sm_ingest__csv_next(src->csv, &line, err);
        if (st != SM_OK)
            return st;
        src->ordinal++;
        src->line = line;   /* where is "path:line", written when a message needs it */
        return SM_OK;
    }
    if (src->feat)
        OGR_F_Destroy(src->feat);
    CPLErrorReset();
    src->feat = OGR_L_GetNextFeature(src->layer);
    if (src->feat == NULL) {
        if (CPLGetLastErrorType() >= CE_Failure)
            return sm_fail(err, SM_EINPUT, "%s: after feature %ld: %s", src->path,
                           src->ordinal, gdal_reason());
        return SM_ENOTFOUND;
    }
    src->ordinal++;
    if (src->is_csv)
        snprintf(src->where, sizeof(src->where), "%s:%lld", src->path,
                 (long long)OGR_F_GetFID(src->feat) + 1);
    else
        snprintf(src->where, sizeof(src->where), "%s: feature %ld", src->path,
                 src->ordinal);
    return SM_OK;
}

static sm_status check_text(const sm_src *src, const char *column, const char *raw,
                            size_t n, const char **text, size_t *len, sm_error *err);

sm_status
sm_ingest__src_text_view(sm_src *src, int idx, const char **text, size_t *len,
                         sm_error *err)
{
    const char *raw;
    const char *column;
    size_t n;

    *text = NULL;
    *len = 0;
    if (src->csv) {
        if ((raw = sm_ingest__csv_field(src->csv, idx, &n)) == NULL)
            return SM_OK;
        column = sm_ingest__csv_column(src->csv, idx);
        /* a NUL GDAL's reader ended the line at, losing the rest */
        if (memchr(raw, '\0', n))
            return sm_ingest__row_fail(src, err, "column \"%s\": control character in text",
                                       column);
        return check_text(src, column, raw, n, text, len, err);
    }
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(src->feat, idx))
        return SM_OK;
    column = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(src->defn, idx));
    raw = OGR_F_GetFieldAsString(src->feat, idx);
    /* Drivers that type dates (GeoJSON, GeoPackage, Shapefile) print them as
     * "2017/01/18"; give the text the ISO form the parsers expect. */
    switch (OGR_Fld_GetType(OGR_FD_GetFieldDefn(src->defn, idx))) {
    case OFTDate:
    case OFTDateTime: {
        int y, m, d, hh, mm, tz;
        float ss;
        if (OGR_F_GetFieldAsDateTimeEx(src->feat, idx, &y, &m, &d, &hh, &mm, &ss, &tz)) {
            snprintf(src->iso, sizeof(src->iso), "%04d-%02d-%02d", y % 10000, m % 100,
                     d % 100);
            raw = src->iso;
        }
        break;
    }
    default: break;
    }
    return check_text(src, column, raw, strlen(raw), text, len, err);
}

/* Valid UTF-8 without control characters, trimmed. */
static sm_status
check_text(const sm_src *src, const char *column, const char *raw, size_t n,
           const char **text, size_t *len, sm_error *err)
{
    size_t bad, i = 0;

    /* printable ASCII is valid UTF-8 with no control character */
    while (i < n && (unsigned char)(raw[i] - 0x20) < 0x5f)
        i++;
    if (i < n && !sm_utf8_is_valid(raw, n, &bad))
        return sm_ingest__row_fail(src, err, "column \"%s\": invalid UTF-8 at byte %zu",
                                   column, bad + 1);
    if (i < n && sm_text_has_control(raw))
        return sm_ingest__row_fail(src, err, "column \"%s\": control character in text",
                                   column);
    while (*raw == ' ' || *raw == '\t' || *raw == '\r' || *raw == '\n') {
        raw++;
        n--;
    }
    while (n > 0 && (raw[n - 1] == ' ' || raw[n - 1] == '\t' || raw[n - 1] == '\r' ||
                     raw[n - 1] == '\n'))
        n--;
    *text = raw;
    *len = n;
    return SM_OK;
}

sm_status
sm_ingest__src_text(sm_src *src, int idx, const char **out, sm_error *err)
{
    const char *view;
    size_t n;
    char *t;
    sm_status st;

    *out = NULL;
    if (src->ntexts == SM_SRC_MAX_TEXTS)
        return sm_ingest__row_fail(src, err, "too many columns read");
    if ((st = sm_ingest__src_text_view(src, idx, &view, &n, err)) != SM_OK || view == NULL)
        return st;
    /* libcsv's field, trimmed of nothing at its end: its own NUL ends it,
     * and it lives as long as a copy would (until the next row) */
    if (src->csv && view[n] == '\0') {
        *out = n ? view : NULL;
        return SM_OK;
    }
    if ((t = malloc(n + 1)) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    memcpy(t, view, n);
    t[n] = '\0';
    src->texts[src->ntexts++] = t;
    *out = n ? t : NULL;
    return SM_OK;
}

static bool
in_wgs84_range(OGRGeometryH g)
{
    OGREnvelope env;

    OGR_G_GetEnvelope(g, &env);
    return env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90 &&
           env.MinX == env.MinX && env.MaxX == env.MaxX && env.MinY == env.MinY &&
           env.MaxY == env.MaxY; /* false for NaN */
}

/* A CSV geometry column's WKT, parsed as GDAL's CSV driver parses it. */
static sm_status
csv_geometry(sm_src *src, OGRGeometryH *out, sm_error *err)
{
    const char *text, *p;
    size_t n;
    char *wkt;
    OGRGeometryH g = NULL;

    *out = NULL;
    if ((text = sm_ingest__csv_field(src->csv, src->geom_text, &n)) == NULL)
        return SM_OK;
    for (p = text; *p == ' ' || *p == '\t'; p++)
        ;
    if (*p == '\0')
        return SM_OK;
    wkt = (char *)text;
    if (OGR_G_CreateFromWkt(&wkt, NULL, &g) != OGRERR_NONE || g == NULL)
        return sm_ingest__row_fail(src, err, "column \"%s\": \"%.60s\" is not a WKT"
                                   " geometry", sm_ingest__csv_column(src->csv, src->geom_text),
                                   p);
    *out = g;
    return SM_OK;
}

sm_status
sm_ingest__src_geometry(sm_src *src, OGRGeometryH *out, sm_error *err)
{
    OGRGeometryH g = NULL, copy, parsed = NULL;
    sm_status st;

    *out = NULL;
    if (src->csv) {
        if ((st = csv_geometry(src, &parsed, err)) != SM_OK)
            return st;
        g = parsed;
    } else {
        g = OGR_F_GetGeometryRef(src->feat);
    }
    if (g == NULL && src->geom_text >= 0 && src->feat &&
        OGR_F_IsFieldSetAndNotNull(src->feat, src->geom_text)) {
        const char *text = OGR_F_GetFieldAsString(src->feat, src->geom_text);
        const char *column = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(src->defn,
                                                                    src->geom_text));
        while (*text == ' ' || *text == '\t')
            text++;
        if (*text)
            return sm_ingest__row_fail(src, err, "column \"%s\": \"%.60s\" is not a WKT"
                                       " geometry", column, text);
    }
    if (g == NULL || OGR_G_IsEmpty(g)) {
        if (parsed)
            OGR_G_DestroyGeometry(parsed);
        return SM_OK;
    }
    if (parsed && !OGR_G_HasCurveGeometry(g, 0))
        copy = parsed;
    else {
        copy = OGR_G_HasCurveGeometry(g, 0) ? OGR_G_GetLinearGeometry(g, 0, NULL)
                                            : OGR_G_Clone(g);
        if (parsed)
            OGR_G_DestroyGeometry(parsed);
    }
    if (copy == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    OGR_G_FlattenTo2D(copy);
    if (src->to_wgs84 && OGR_G_Transform(copy, src->to_wgs84) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(copy);
        return sm_ingest__row_fail(src, err, "geometry cannot be reprojected to WGS84");
    }
    if (!in_wgs84_range(copy)) {
        OGR_G_DestroyGeometry(copy);
        return sm_ingest__row_fail(src, err, "coordinates out of range for longitude/latitude"
                                   " (is the file's CRS declared?)");
    }
    *out = copy;
    return SM_OK;
}

/* X and Y as GDAL writes a point to CSV (GEOMETRY=AS_XY). */
const char *const sm_ingest__lat_names[] = { "lat", "latitude", "y", NULL };
const char *const sm_ingest__lon_names[] = { "lon", "longitude", "lng", "long", "x", NULL };

sm_status
sm_ingest__parse_latlon(const sm_src *src, const char *lat, const char *lon, bool *has,
                        double *lat_deg, double *lon_deg, sm_error *err)
{
    *has = false;
    if (lat == NULL && lon == NULL)
        return SM_OK;
    if (lat == NULL || lon == NULL)
        return sm_ingest__row_fail(src, err, "%s without %s", lat ? "latitude" : "longitude",
                                   lat ? "longitude" : "latitude");
    if (!sm_text_to_double(lat, lat_deg))
        return sm_ingest__row_fail(src, err, "latitude \"%s\" is not a number", lat);
    if (!sm_text_to_double(lon, lon_deg))
        return sm_ingest__row_fail(src, err, "longitude \"%s\" is not a number", lon);
    if (*lat_deg < -90 || *lat_deg > 90)
        return sm_ingest__row_fail(src, err, "latitude %s is out of range (-90..90)", lat);
    if (*lon_deg < -180 || *lon_deg > 180)
        return sm_ingest__row_fail(src, err, "longitude %s is out of range (-180..180)", lon);
    *has = true;
    return SM_OK;
}

sm_status
sm_ingest__parse_day(const sm_src *src, const char *column, const char *text, sm_day *out,
                     sm_error *err)
{
    if (text == NULL)
        return sm_ingest__row_fail(src, err, "column \"%s\": no date", column);
    if (!sm_day_parse(text, out))
        return sm_ingest__row_fail(src, err, "column \"%s\": \"%s\" is not a calendar date"
                                   " (want YYYY-MM-DD or \"18 January 2017\")", column, text);
    return SM_OK;
}

sm_status
sm_ingest__check_faction(const sm_src *src, const sm_ingest_opts *o, const char *column,
                         const char **faction, sm_error *err)
{
    const char *known;
    char list[512], hint[64];

    if (*faction == NULL)
        return sm_ingest__row_fail(src, err, "column \"%s\": no faction", column);
    if (!sm_text_is_ident(*faction))
        return sm_ingest__row_fail(src, err, "%s \"%s\" is not a plain faction id"
                                   " (letters, digits, _ and -, starting with a letter)"
                                   "", column, *faction);
    if (o->nfactions == 0)
        return SM_OK;
    if ((known = sm_vocab_find(o->factions, o->nfactions, *faction)) != NULL) {
        *faction = known;
        return SM_OK;
    }
    sm_vocab_join(o->factions, o->nfactions, list, sizeof(list));
    return sm_ingest__row_fail(src, err, "column \"%s\": \"%s\" is no known faction%s"
                               " (known: %s; a new one is added with `sitmap faction add`)",
                               column, *faction,
                               sm_vocab_hint(o->factions, o->nfactions, *faction, hint,
                                             sizeof(hint)), list);
}
