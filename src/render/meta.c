/* SPDX-License-Identifier: MIT */
/*
 * meta.c - what a map's file says of itself: its title (the map's, else its
 * date line), a description (alt text, when the caller gives one), the
 * sources credited, the software and the time the file was made. PNG as
 * tEXt chunks (iTXt for text beyond ASCII, and for the description), SVG
 * as <title> and <desc>, PDF in its document information.
 *
 * The time is SOURCE_DATE_EPOCH's when that is set (reproducible-builds.org:
 * the same inputs give the same bytes), the clock's otherwise.
 */
#include "render/render_int.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "sitmap.h"                     /* SITMAP_VERSION */

#define SOFTWARE "sitmap " SITMAP_VERSION

sm_status
sm_render__created(int64_t *out, sm_error *err)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long t;

    if (env == NULL || env[0] == '\0') {
        *out = (int64_t)time(NULL);
        return SM_OK;
    }
    errno = 0;
    t = strtoll(env, &end, 10);
    /* up to the last second of 9999, as a PDF date writes it */
    if (env[0] < '0' || env[0] > '9' || *end || errno || t > 253402300799LL)
        return sm_fail(err, SM_EUSAGE, "SOURCE_DATE_EPOCH \"%.40s\": want whole seconds since"
                       " 1970-01-01 UTC", env);
    *out = t;
    return SM_OK;
}

/* t as RFC 3339 in UTC: "2016-12-12T08:30:00Z". */
static void
rfc3339(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, 32, "1970-01-01T00:00:00Z");
}

/* The file's title: the map's, else its date line. */
static const char *
title(const map *m, char *buf, size_t cap)
{
    char day[SM_DAY_TEXT_LEN];

    if (m->o->title && m->o->title[0])
        return m->o->title;
    const char *const names[] = { "date" };
    const char *values[] = { day };
    sm_map__day_text(m, m->sit->day, day, sizeof(day));
    sm_map__phrase(m, "title.as_of", "Situation as of {date}", names, values, 1, buf, cap);
    return buf;
}

/* The credits: the publisher's line, then the sources. */
static const char *
credits(const map *m, char *buf, size_t cap)
{
    char sources[SM_PHRASE_MAX];

    sm_map__sources_text(m, sources, sizeof(sources));
    if (m->o->own_credit && m->o->own_credit[0])
        snprintf(buf, cap, "%s. %s", m->o->own_credit, sources);
    else
        snprintf(buf, cap, "%s", sources);
    return buf;
}

static bool
is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* One text chunk: tEXt (Latin-1) for ASCII, else iTXt (UTF-8). libpng
 * copies the texts. */
static void
png_text_add(png_structp png, png_infop info, const char *key, const char *text, bool itxt)
{
    png_text t = { 0 };

    t.compression = itxt || !is_ascii(text) ? PNG_ITXT_COMPRESSION_NONE
                                            : PNG_TEXT_COMPRESSION_NONE;
    t.key = (png_charp)key;
    t.text = (png_charp)text;
    t.text_length = strlen(text);
    png_set_text(png, info, &t, 1);
}

void
sm_render__png_meta(const map *m, png_structp png, png_infop info)
{
    char buf[1024], when[32];

    png_text_add(png, info, "Title", title(m, buf, sizeof(buf)), false);
    if (m->o->description && m->o->description[0])
        png_text_add(png, info, "Description", m->o->description, true);
    png_text_add(png, info, "Source", credits(m, buf, sizeof(buf)), false);
    png_text_add(png, info, "Software", SOFTWARE, false);
    rfc3339(m->created_s, when);
    png_text_add(png, info, "Creation Time", when, false);
}

void
sm_render__svg_meta(const map *m, FILE *fp)
{
    char buf[1024];

    fputs("<title>", fp);
    sm_text_xml_put(fp, title(m, buf, sizeof(buf)));
    fputs("</title>\n", fp);
    if (m->o->description && m->o->description[0]) {
        fputs("<desc>", fp);
        sm_text_xml_put(fp, m->o->description);
        fputs("</desc>\n", fp);
    }
}

void
sm_render__pdf_meta(const map *m, cairo_surface_t *pdf)
{
    char buf[1024], when[32], day[SM_DAY_TEXT_LEN];

    rfc3339(m->created_s, when);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, when);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_MOD_DATE, when);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, SOFTWARE);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, title(m, buf, sizeof(buf)));
    if (m->o->own_credit && m->o->own_credit[0])
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_AUTHOR, m->o->own_credit);
    if (m->o->description && m->o->description[0]) {
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_SUBJECT, m->o->description);
        return;
    }
    /* no description: what the map shows, by its date line and subtitle */
    {
        const char *const names[] = { "date" };
        const char *values[] = { day };
        char as_of[SM_PHRASE_MAX];
        sm_map__day_text(m, m->sit->day, day, sizeof(day));
        sm_map__phrase(m, "title.as_of", "Situation as of {date}", names, values, 1, as_of,
                       sizeof(as_of));
        snprintf(buf, sizeof(buf), "%s%s%s", as_of, m->o->subtitle ? ". " : "",
                 m->o->subtitle ? m->o->subtitle : "");
    }
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_SUBJECT, buf);
}
