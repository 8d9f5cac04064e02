/* SPDX-License-Identifier: MIT */
/*
 * kml.c - KML written as a stream with libxml2's xmlTextWriter.
 *
 * GDAL's LIBKML driver builds the whole document in memory and takes time
 * quadratic in the placemarks to write it (4,000 events: over two minutes;
 * GeoJSON: 0.2 s), and GDAL's KML driver writes no time stamps. This writer
 * takes the same OGR features the other formats get and writes what LIBKML
 * would, in one pass: a Schema of the layer's fields, a Document with the
 * shared Styles, then a Placemark a feature. Fields named name, timestamp,
 * begin and end become the placemark's <name>, <TimeStamp> and <TimeSpan>
 * (which GDAL's KML readers read back as those fields); a style string
 * "@ID" becomes <styleUrl>#ID</styleUrl>; the geometry is OGR's own KML.
 * Styles must come before the placemarks, so these are written to memory
 * first and copied after the styles. libxml2 escapes every text and
 * attribute.
 */
#include "export/export_int.h"

#include "core/buf.h"

#include <cpl_conv.h>
#include <libxml/xmlwriter.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct kml_style {
    char id[80];
    bool icon;               /* a point's icon, else a polygon's fill and line */
    sm_rgba fill, line;
} kml_style;

struct sm_kml {
    char *path;              /* the file written, or NULL for standard output */
    char *name;              /* what messages call it */
    char layer[32];
    OGRFeatureDefnH defn;
    xmlBufferPtr body;       /* the placemarks, written as they come */
    xmlTextWriterPtr w;      /* ... into body */
    kml_style *styles;
    size_t nstyles, cap;
    long n;
    bool failed;
};

/* KML's colour: aabbggrr in hex. */
static void
kml_colour(sm_rgba c, char out[9])
{
    double v[4] = { c.a, c.b, c.g, c.r };
    int b[4];

    for (int i = 0; i < 4; i++)
        b[i] = (int)lround(255 * (v[i] < 0 ? 0 : v[i] > 1 ? 1 : v[i]));
    snprintf(out, 9, "%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
}

sm_status
sm_kml_open(sm_kml **out, const char *path, const char *name, const char *layer,
            OGRFeatureDefnH defn, sm_error *err)
{
    sm_kml *k = calloc(1, sizeof(*k));

    *out = NULL;
    if (k == NULL || (path && (k->path = strdup(path)) == NULL) ||
        (k->name = strdup(name)) == NULL ||
        (k->body = xmlBufferCreate()) == NULL ||
        (k->w = xmlNewTextWriterMemory(k->body, 0)) == NULL) {
        if (k) {
            if (k->body)
                xmlBufferFree(k->body);
            free(k->path);
            free(k->name);
            free(k);
        }
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    snprintf(k->layer, sizeof(k->layer), "%s", layer);
    k->defn = defn;
    xmlTextWriterSetIndent(k->w, 1);
    xmlTextWriterSetIndentString(k->w, BAD_CAST "  ");
    *out = k;
    return SM_OK;
}

void
sm_kml_style(sm_kml *k, const char *id, bool icon, sm_rgba fill, sm_rgba line)
{
    for (size_t i = 0; i < k->nstyles; i++)
        if (strcmp(k->styles[i].id, id) == 0)
            return;
    if (!sm_grow((void **)&k->styles, &k->cap, k->nstyles, sizeof(*k->styles), 16)) {
        k->failed = true;
        return;
    }
    snprintf(k->styles[k->nstyles].id, sizeof(k->styles[0].id), "%s", id);
    k->styles[k->nstyles].icon = icon;
    k->styles[k->nstyles].fill = fill;
    k->styles[k->nstyles].line = line;
    k->nstyles++;
}

#define W(call) \
    do { \
        if ((call) < 0) \
            ok = false; \
    } while (0)

static const char *
field_text(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);

    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : NULL;
}

static bool
is_kml_field(const char *name)
{
    return strcmp(name, "name") == 0 || strcmp(name, "timestamp") == 0 ||
           strcmp(name, "begin") == 0 || strcmp(name, "end") == 0;
}

sm_status
sm_kml_placemark(sm_kml *k, OGRFeatureH f, sm_error *err)
{
    xmlTextWriterPtr w = k->w;
    const char *name = field_text(f, "name"), *when = field_text(f, "timestamp");
    const char *begin = field_text(f, "begin"), *end = field_text(f, "end");
    const char *style = OGR_F_GetStyleString(f);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    int nfields = OGR_FD_GetFieldCount(k->defn);
    char id[64], schema[48];
    bool ok = true, data = false;

    snprintf(id, sizeof(id), "%s.%ld", k->layer, ++k->n);
    snprintf(schema, sizeof(schema), "#%s.schema", k->layer);
    W(xmlTextWriterStartElement(w, BAD_CAST "Placemark"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id));
    if (name)
        W(xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST name));
    if (when) {
        W(xmlTextWriterStartElement(w, BAD_CAST "TimeStamp"));
        W(xmlTextWriterWriteElement(w, BAD_CAST "when", BAD_CAST when));
        W(xmlTextWriterEndElement(w));
    } else if (begin || end) {
        W(xmlTextWriterStartElement(w, BAD_CAST "TimeSpan"));
        if (begin)
            W(xmlTextWriterWriteElement(w, BAD_CAST "begin", BAD_CAST begin));
        if (end)
            W(xmlTextWriterWriteElement(w, BAD_CAST "end", BAD_CAST end));
        W(xmlTextWriterEndElement(w));
    }
    if (style && style[0] == '@') {
        W(xmlTextWriterStartElement(w, BAD_CAST "styleUrl"));
        W(xmlTextWriterWriteFormatString(w, "#%s", style + 1));
        W(xmlTextWriterEndElement(w));
    }
    for (int i = 0; i < nfields; i++) {
        const char *fname = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(k->defn, i));
        if (is_kml_field(fname) || !OGR_F_IsFieldSetAndNotNull(f, i))
            continue;
        if (!data) {
            W(xmlTextWriterStartElement(w, BAD_CAST "ExtendedData"));
            W(xmlTextWriterStartElement(w, BAD_CAST "SchemaData"));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "schemaUrl", BAD_CAST schema));
            data = true;
        }
        W(xmlTextWriterStartElement(w, BAD_CAST "SimpleData"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST fname));
        W(xmlTextWriterWriteString(w, BAD_CAST OGR_F_GetFieldAsString(f, i)));
        W(xmlTextWriterEndElement(w));
    }
    if (data) {
        W(xmlTextWriterEndElement(w));
        W(xmlTextWriterEndElement(w));
    }
    if (g) {
        char *geom = OGR_G_ExportToKML(g, NULL);
        if (geom == NULL)
            ok = false;
        else
            W(xmlTextWriterWriteRaw(w, BAD_CAST geom));
        CPLFree(geom);
    }
    W(xmlTextWriterEndElement(w));
    if (!ok)
        return sm_fail(err, SM_ENOMEM, "%s: cannot write placemark %ld", k->name, k->n);
    return SM_OK;
}

static bool
write_styles(const sm_kml *k, xmlTextWriterPtr w)
{
    bool ok = true;

    for (size_t i = 0; i < k->nstyles; i++) {
        const kml_style *s = &k->styles[i];
        char fill[9], line[9];

        kml_colour(s->fill, fill);
        kml_colour(s->line, line);
        W(xmlTextWriterStartElement(w, BAD_CAST "Style"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST s->id));
        if (s->icon) {
            W(xmlTextWriterStartElement(w, BAD_CAST "IconStyle"));
            W(xmlTextWriterWriteElement(w, BAD_CAST "color", BAD_CAST fill));
            W(xmlTextWriterStartElement(w, BAD_CAST "Icon"));
            W(xmlTextWriterWriteElement(w, BAD_CAST "href", BAD_CAST SM_KML_ICON));
            W(xmlTextWriterEndElement(w));
            W(xmlTextWriterEndElement(w));
        } else {
            W(xmlTextWriterStartElement(w, BAD_CAST "LineStyle"));
            W(xmlTextWriterWriteElement(w, BAD_CAST "color", BAD_CAST line));
            W(xmlTextWriterWriteElement(w, BAD_CAST "width", BAD_CAST "2"));
            W(xmlTextWriterEndElement(w));
            W(xmlTextWriterStartElement(w, BAD_CAST "PolyStyle"));
            W(xmlTextWriterWriteElement(w, BAD_CAST "color", BAD_CAST fill));
            W(xmlTextWriterEndElement(w));
        }
        W(xmlTextWriterEndElement(w));
    }
    return ok;
}

static bool
write_schema(const sm_kml *k, xmlTextWriterPtr w)
{
    char id[48];
    bool ok = true;

    snprintf(id, sizeof(id), "%s.schema", k->layer);
    W(xmlTextWriterStartElement(w, BAD_CAST "Schema"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id));
    for (int i = 0; i < OGR_FD_GetFieldCount(k->defn); i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(k->defn, i);
        OGRFieldType t = OGR_Fld_GetType(fd);
        if (is_kml_field(OGR_Fld_GetNameRef(fd)))
            continue;
        W(xmlTextWriterStartElement(w, BAD_CAST "SimpleField"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST OGR_Fld_GetNameRef(fd)));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "type",
                                      BAD_CAST(t == OFTInteger ? "int"
                                               : t == OFTReal  ? "double"
                                                               : "string")));
        W(xmlTextWriterEndElement(w));
    }
    W(xmlTextWriterEndElement(w));
    return ok;
}

/* The file written through write(2), so that a failed write (a full disk)
 * is seen, not lost in a stdio buffer closed later. */
typedef struct sink {
    int fd;
    int error;               /* errno of the first failed write or close */
} sink;

static int
sink_write(void *ctx, const char *buf, int len)
{
    sink *o = ctx;

    for (int done = 0; done < len;) {
        ssize_t n = write(o->fd, buf + done, (size_t)(len - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (!o->error)
                o->error = n < 0 ? errno : EIO;
            return -1;
        }
        done += (int)n;
    }
    return len;
}

static int
sink_close(void *ctx)
{
    sink *o = ctx;

    if (o->fd != STDOUT_FILENO && close(o->fd) != 0 && !o->error)
        o->error = errno;
    return o->error ? -1 : 0;
}

sm_status
sm_kml_close(sm_kml *k, bool write, sm_error *err)
{
    xmlTextWriterPtr w = NULL;
    const char *where = k->name;
    bool ok = !k->failed;
    sink out = { -1, 0 };
    sm_status st = SM_OK;

    xmlFreeTextWriter(k->w); /* flushes the placemarks into body */
    k->w = NULL;
    if (write && ok) {
        xmlOutputBufferPtr buf;
        out.fd = k->path ? open(k->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666) : STDOUT_FILENO;
        if (out.fd < 0)
            out.error = errno;
        buf = out.fd < 0 ? NULL : xmlOutputBufferCreateIO(sink_write, sink_close, &out, NULL);
        if (buf == NULL && out.fd >= 0 && out.fd != STDOUT_FILENO)
            close(out.fd);
        w = buf ? xmlNewTextWriter(buf) : NULL;
        ok = w != NULL;
    }
    if (write && ok) {
        xmlTextWriterSetIndent(w, 1);
        xmlTextWriterSetIndentString(w, BAD_CAST "  ");
        W(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
        W(xmlTextWriterStartElement(w, BAD_CAST "kml"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
                                      BAD_CAST "http://www.opengis.net/kml/2.2"));
        W(xmlTextWriterStartElement(w, BAD_CAST "Document"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST "root_doc"));
        ok = ok && write_schema(k, w);
        W(xmlTextWriterStartElement(w, BAD_CAST "Document"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST k->layer));
        W(xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST k->layer));
        ok = ok && write_styles(k, w);
        W(xmlTextWriterWriteRaw(w, xmlBufferContent(k->body)));
        W(xmlTextWriterEndDocument(w));
        W(xmlTextWriterFlush(w));
    }
    if (w)
        xmlFreeTextWriter(w); /* closes the sink */
    if (write && (!ok || out.error))
        st = sm_fail(err, SM_EIO, "%s: cannot write the KML%s%s", where,
                     out.error ? ": " : "", out.error ? strerror(out.error) : "");
    xmlBufferFree(k->body);
    free(k->styles);
    free(k->path);
    free(k->name);
    free(k);
    return st;
}
