/* SPDX-License-Identifier: MIT */
/*
 * annotations_load.c - an editor's annotations read from a GeoJSON
 * FeatureCollection with json-c (core/json_file.h reads the file, at most
 * SM_JSON_MAX_BYTES): each feature's properties.kind, text, faction, curve,
 * date and until, and its geometry, checked against what its kind may
 * have. Every error names the file and the feature (features[N], from 0,
 * as the file lists them) and what is wrong; nothing is kept of a file
 * with one bad feature. Properties sitmap has no use for are ignored (a
 * file saved by QGIS carries its own).
 */
#include "render/render_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_file.h"
#include "core/text.h"

#define MAX_TEXT_BYTES 400
#define MAX_POINTS 10000

typedef struct reader {
    const char *path;
    size_t index;               /* the feature read */
    sm_error *err;
} reader;

static sm_status
bad(const reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* SM_EINPUT: "PATH: features[N]: what". */
static sm_status
bad(const reader *r, const char *fmt, ...)
{
    char what[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    return sm_fail(r->err, SM_EINPUT, "%s: features[%zu]: %s", r->path, r->index, what);
}

static const char *const kinds[] = { "arrow", "callout", "highlight", "note", "text" };

const char *
sm_annotation__kind_name(sm_annotation_kind kind)
{
    return (size_t)kind < SM_LEN(kinds) ? kinds[kind] : "annotation";
}

/* A property's string, or NULL when absent or null; SM_EINPUT when it is
 * not a string. */
static sm_status
prop_string(const reader *r, json_object *props, const char *key, const char **out)
{
    json_object *v = NULL;

    *out = NULL;
    if (!json_object_object_get_ex(props, key, &v) || v == NULL)
        return SM_OK;
    if (!json_object_is_type(v, json_type_string))
        return bad(r, "\"%s\" is not a string", key);
    *out = json_object_get_string(v);
    return SM_OK;
}

/* One lon/lat position: two finite numbers within range (a third, the
 * height, is allowed and ignored). */
static sm_status
position(const reader *r, json_object *p, double *lon, double *lat)
{
    json_object *x, *y;

    if (!json_object_is_type(p, json_type_array) || json_object_array_length(p) < 2 ||
        json_object_array_length(p) > 3)
        return bad(r, "a position is an array of two numbers, longitude and latitude");
    x = json_object_array_get_idx(p, 0);
    y = json_object_array_get_idx(p, 1);
    if (!(json_object_is_type(x, json_type_double) || json_object_is_type(x, json_type_int)) ||
        !(json_object_is_type(y, json_type_double) || json_object_is_type(y, json_type_int)))
        return bad(r, "a position is an array of two numbers, longitude and latitude");
    *lon = json_object_get_double(x);
    *lat = json_object_get_double(y);
    if (!isfinite(*lon) || !isfinite(*lat) || fabs(*lon) > 180 || fabs(*lat) > 90)
        return bad(r, "position [%g, %g] is not a longitude and latitude in degrees", *lon,
                   *lat);
    return SM_OK;
}

/* An array of positions into a new array of lon/lat pairs (*n of them). */
static sm_status
positions(const reader *r, json_object *arr, double **out, size_t *n)
{
    size_t len;
    sm_status st;

    *out = NULL;
    *n = 0;
    if (!json_object_is_type(arr, json_type_array))
        return bad(r, "\"coordinates\" is not an array of positions");
    len = json_object_array_length(arr);
    if (len > MAX_POINTS)
        return bad(r, "more than %d positions", MAX_POINTS);
    if (len == 0)
        return bad(r, "\"coordinates\" holds no position");
    if ((*out = malloc(2 * len * sizeof(double))) == NULL)
        return sm_fail(r->err, SM_ENOMEM, "out of memory");
    for (size_t i = 0; i < len; i++) {
        st = position(r, json_object_array_get_idx(arr, i), &(*out)[2 * i], &(*out)[2 * i + 1]);
        if (st != SM_OK) {
            free(*out);
            *out = NULL;
            return st;
        }
    }
    *n = len;
    return SM_OK;
}

/* A Polygon's rings (the first outer, the rest holes) into a. */
static sm_status
polygon(const reader *r, json_object *rings, sm_annotation *a)
{
    size_t n;

    if (!json_object_is_type(rings, json_type_array) || json_object_array_length(rings) == 0)
        return bad(r, "a polygon is an array of rings");
    for (size_t i = 0; i < json_object_array_length(rings); i++) {
        double *pts;
        sm_status st = positions(r, json_object_array_get_idx(rings, i), &pts, &n);
        if (st != SM_OK)
            return st;
        if (n < 4 || pts[0] != pts[2 * n - 2] || pts[1] != pts[2 * n - 1]) {
            free(pts);
            return bad(r, "a polygon's ring has 4 positions or more, the last the first");
        }
        bool ok = sm_mpoly_add_ring(&a->area, pts, n, i == 0);
        free(pts);
        if (!ok)
            return sm_fail(r->err, SM_ENOMEM, "out of memory");
    }
    return SM_OK;
}

/* The geometry, of a type the kind may have. */
static sm_status
geometry(const reader *r, json_object *g, sm_annotation *a)
{
    static const char *const want[] = {
        [SM_ANNOTATION_ARROW] = "a LineString",
        [SM_ANNOTATION_CALLOUT] = "a Point",
        [SM_ANNOTATION_HIGHLIGHT] = "a Point or a Polygon",
        [SM_ANNOTATION_NOTE] = "a Point or a Polygon",
        [SM_ANNOTATION_TEXT] = "a Point",
    };
    json_object *type = NULL, *coords = NULL;
    const char *t;
    bool area_ok = a->kind == SM_ANNOTATION_HIGHLIGHT || a->kind == SM_ANNOTATION_NOTE;
    sm_status st;

    if (g == NULL || !json_object_is_type(g, json_type_object))
        return bad(r, "no geometry (want %s)", want[a->kind]);
    if (!json_object_object_get_ex(g, "type", &type) ||
        !json_object_is_type(type, json_type_string))
        return bad(r, "the geometry has no \"type\"");
    t = json_object_get_string(type);
    if (!json_object_object_get_ex(g, "coordinates", &coords) || coords == NULL)
        return bad(r, "the geometry has no \"coordinates\"");
    if (strcmp(t, "Point") == 0 && a->kind != SM_ANNOTATION_ARROW) {
        a->pts = malloc(2 * sizeof(double));
        if (a->pts == NULL)
            return sm_fail(r->err, SM_ENOMEM, "out of memory");
        a->npts = 1;
        return position(r, coords, &a->pts[0], &a->pts[1]);
    }
    if (strcmp(t, "LineString") == 0 && a->kind == SM_ANNOTATION_ARROW) {
        if ((st = positions(r, coords, &a->pts, &a->npts)) != SM_OK)
            return st;
        for (size_t i = 1; i < a->npts; i++)
            if (a->pts[2 * i] != a->pts[0] || a->pts[2 * i + 1] != a->pts[1])
                return SM_OK;
        return bad(r, "an arrow's line has two distinct positions or more");
    }
    if (strcmp(t, "Polygon") == 0 && area_ok)
        return polygon(r, coords, a);
    if (strcmp(t, "MultiPolygon") == 0 && area_ok) {
        size_t n = json_object_is_type(coords, json_type_array)
                       ? json_object_array_length(coords) : 0;
        if (n == 0)
            return bad(r, "a MultiPolygon is an array of polygons");
        for (size_t i = 0; i < n; i++)
            if ((st = polygon(r, json_object_array_get_idx(coords, i), a)) != SM_OK)
                return st;
        return SM_OK;
    }
    return bad(r, "%s %s has %s geometry, not a %.40s", a->kind == SM_ANNOTATION_ARROW ? "an" : "a",
               kinds[a->kind], want[a->kind], t);
}

/* properties.date or .until into *day (SM_DAY_NONE when absent). */
static sm_status
day_prop(const reader *r, json_object *props, const char *key, sm_day *day)
{
    const char *v;
    sm_status st = prop_string(r, props, key, &v);

    *day = SM_DAY_NONE;
    if (st != SM_OK || v == NULL)
        return st;
    if (!sm_day_parse(v, day))
        return bad(r, "\"%s\": \"%.40s\" is not a day (YYYY-MM-DD)", key, v);
    return SM_OK;
}

/* The properties: kind (already read), text, faction, id, curve, dates. */
static sm_status
properties(const reader *r, json_object *props, sm_annotation *a)
{
    const char *text, *faction, *id;
    json_object *curve = NULL;
    sm_status st;

    if ((st = prop_string(r, props, "text", &text)) != SM_OK ||
        (st = prop_string(r, props, "faction", &faction)) != SM_OK ||
        (st = prop_string(r, props, "id", &id)) != SM_OK ||
        (st = day_prop(r, props, "date", &a->from)) != SM_OK ||
        (st = day_prop(r, props, "until", &a->until)) != SM_OK)
        return st;
    if (a->from != SM_DAY_NONE && a->until != SM_DAY_NONE && a->until < a->from)
        return bad(r, "\"until\" is before \"date\"");
    if (text && sm_text_is_blank(text))
        text = NULL;
    if (text) {
        size_t len = strlen(text);
        if (len > MAX_TEXT_BYTES)
            return bad(r, "\"text\" is longer than %d bytes", MAX_TEXT_BYTES);
        if (!sm_utf8_is_valid(text, len, NULL) || sm_text_has_control(text))
            return bad(r, "\"text\" is not UTF-8 text without control characters");
        if ((a->text = strdup(text)) == NULL)
            return sm_fail(r->err, SM_ENOMEM, "out of memory");
    } else if (a->kind == SM_ANNOTATION_CALLOUT || a->kind == SM_ANNOTATION_NOTE ||
               a->kind == SM_ANNOTATION_TEXT) {
        return bad(r, "a %s needs a \"text\"", kinds[a->kind]);
    }
    if (faction) {
        if (!sm_text_is_ident(faction))
            return bad(r, "\"faction\": \"%.40s\" is not a faction id (letters, digits, _ "
                          "and -, starting with a letter)", faction);
        snprintf(a->faction, sizeof(a->faction), "%s", faction);
    }
    if (id) {
        if (!sm_text_is_ident(id))
            return bad(r, "\"id\": \"%.40s\" is not an identifier (letters, digits, _ and -, "
                          "starting with a letter)", id);
        snprintf(a->id, sizeof(a->id), "%s", id);
    } else {
        snprintf(a->id, sizeof(a->id), "%zu", a->index + 1);
    }
    if (json_object_object_get_ex(props, "curve", &curve) && curve != NULL) {
        if (!json_object_is_type(curve, json_type_double) &&
            !json_object_is_type(curve, json_type_int))
            return bad(r, "\"curve\" is not a number");
        a->curve = json_object_get_double(curve);
        if (!isfinite(a->curve) || fabs(a->curve) > 1)
            return bad(r, "\"curve\" is %g, not a number from -1 to 1", a->curve);
        if (a->curve != 0 && a->kind != SM_ANNOTATION_ARROW)
            return bad(r, "only an arrow has a \"curve\"");
    }
    return SM_OK;
}

static sm_status
feature(const reader *r, json_object *f, sm_annotation *a)
{
    json_object *type = NULL, *props = NULL, *geom = NULL, *kind = NULL;
    const char *k;
    size_t i;
    sm_status st;

    a->index = r->index;
    a->area = (sm_mpoly)SM_MPOLY_INIT;
    a->from = a->until = SM_DAY_NONE;
    if (!json_object_is_type(f, json_type_object) ||
        !json_object_object_get_ex(f, "type", &type) ||
        !json_object_is_type(type, json_type_string) ||
        strcmp(json_object_get_string(type), "Feature") != 0)
        return bad(r, "not a GeoJSON Feature");
    if (!json_object_object_get_ex(f, "properties", &props) ||
        !json_object_is_type(props, json_type_object))
        return bad(r, "no \"properties\" (a \"kind\" is needed: arrow, callout, highlight, "
                      "note or text)");
    if (!json_object_object_get_ex(props, "kind", &kind) ||
        !json_object_is_type(kind, json_type_string))
        return bad(r, "no \"kind\" (want arrow, callout, highlight, note or text)");
    k = json_object_get_string(kind);
    for (i = 0; i < SM_LEN(kinds) && strcmp(k, kinds[i]) != 0; i++)
        ;
    if (i == SM_LEN(kinds))
        return bad(r, "unknown kind \"%.40s\" (want arrow, callout, highlight, note or text)",
                   k);
    a->kind = (sm_annotation_kind)i;
    if ((st = properties(r, props, a)) != SM_OK)
        return st;
    json_object_object_get_ex(f, "geometry", &geom);
    return geometry(r, geom, a);
}

static void
annotation_free(sm_annotation *a)
{
    free(a->text);
    free(a->pts);
    sm_mpoly_free(&a->area);
}

void
sm_annotations_free(sm_annotations *a)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < a->n; i++)
        annotation_free(&a->items[i]);
    free(a->items);
    free(a->path);
    free(a);
}

/* A second feature with the same id: SVG ids are unique. */
static sm_status
unique_ids(reader *r, const sm_annotations *a)
{
    for (size_t i = 1; i < a->n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(a->items[i].id, a->items[j].id) == 0) {
                r->index = i;
                return bad(r, "\"id\" \"%s\" is that of features[%zu] too", a->items[i].id, j);
            }
    return SM_OK;
}

sm_status
sm_annotations_load(const char *path, sm_annotations **out, sm_error *err)
{
    json_object *root = NULL, *type = NULL, *features = NULL;
    sm_annotations *a = NULL;
    reader r = { path, 0, err };
    size_t n;
    sm_status st;

    *out = NULL;
    if ((st = sm_json_read_object(path, "annotations", &root, err)) != SM_OK)
        return st;
    if (!json_object_object_get_ex(root, "type", &type) ||
        !json_object_is_type(type, json_type_string) ||
        strcmp(json_object_get_string(type), "FeatureCollection") != 0 ||
        !json_object_object_get_ex(root, "features", &features) ||
        !json_object_is_type(features, json_type_array)) {
        st = sm_fail(err, SM_EINPUT, "%s: not a GeoJSON FeatureCollection", path);
        goto done;
    }
    n = json_object_array_length(features);
    if (n > SM_ANNOTATIONS_MAX) {
        st = sm_fail(err, SM_EINPUT, "%s: %zu features, more than %d", path, n,
                     SM_ANNOTATIONS_MAX);
        goto done;
    }
    if ((a = calloc(1, sizeof(*a))) == NULL || (a->path = strdup(path)) == NULL ||
        (n > 0 && (a->items = calloc(n, sizeof(*a->items))) == NULL)) {
        st = sm_fail(err, SM_ENOMEM, "out of memory");
        goto done;
    }
    for (r.index = 0; r.index < n; r.index++) {
        a->n = r.index + 1;             /* freed with the rest when it fails */
        st = feature(&r, json_object_array_get_idx(features, r.index), &a->items[r.index]);
        if (st != SM_OK)
            goto done;
    }
    st = unique_ids(&r, a);
done:
    json_object_put(root);
    if (st == SM_OK)
        *out = a;
    else
        sm_annotations_free(a);
    return st;
}

sm_status
sm_annotations_check(const sm_annotations *a, const sm_style *s, sm_error *err)
{
    for (size_t i = 0; a && i < a->n; i++) {
        const sm_annotation *x = &a->items[i];
        if (x->faction[0] && sm_style_faction(s, x->faction) == NULL) {
            char known[300] = "";
            size_t len = 0;
            for (int f = 0; f < s->nfactions && len + 40 < sizeof(known); f++)
                len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s",
                                        f ? ", " : "", s->factions[f].id);
            return sm_fail(err, SM_EINPUT,
                           "%s: features[%zu]: unknown faction \"%s\" (the style has %s)",
                           a->path, x->index, x->faction, len ? known : "none");
        }
    }
    return SM_OK;
}

bool
sm_annotation_is_shown(const sm_annotation *a, sm_day day)
{
    return (a->from == SM_DAY_NONE || day >= a->from) &&
           (a->until == SM_DAY_NONE || day <= a->until);
}
