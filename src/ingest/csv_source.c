/* SPDX-License-Identifier: MIT */
/*
 * csv_source.c - comma-separated text read with libcsv, for the importers'
 * .csv files: GDAL's CSV driver reads a row through several layers of
 * copies (a line, its tokens, a feature, each field's text), four fifths of
 * what a row of an ACLED export cost before it reached the store.
 *
 * What it reads as GDAL's driver did (HEADERS=YES, AUTODETECT_TYPE=NO): the
 * first record names the columns (a UTF-8 byte order mark dropped, spaces
 * and tabs around a name trimmed, a blank name "field_N" for column N);
 * quoted fields may hold commas, doubled quotes and line breaks; blank
 * lines are skipped; CRLF ends a line as LF does; a record with fewer
 * fields than the header leaves the rest unset, one with more has the
 * extra ones ignored. A field's text is its bytes, checked by the caller.
 *
 * It reads what GDAL reads from the same path (through GDAL's virtual file
 * system, so /vsimem/, /vsizip/ and /vsigzip/ members too), and declines
 * (SM_ENOTFOUND, leaving the file to GDAL) what GDAL would read otherwise:
 * a header whose first separator is a semicolon, a tab or a space (GDAL
 * picks the separator from the header line), and a file with a .csvt
 * (column types) or .prj (coordinate system) beside it.
 *
 * Positions are physical lines: a record's line is the one it starts on,
 * counting blank lines and the breaks inside quoted fields (GDAL counted
 * records).
 */
#include "ingest/ingest_int.h"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    CHUNK = 1 << 16,
    /* libcsv.c's parser state inside a field (struct csv_parser.pstate) */
    LIBCSV_FIELD_BEGUN = 2
};

typedef struct field {
    size_t off, len;       /* in sm_csv.data; the text is NUL-terminated */
} field;

typedef struct record {
    size_t first;          /* index of its first field in sm_csv.fields */
    int nfields;
    long line;             /* the line it starts on */
} record;

struct sm_csv {
    VSILFILE *fp;
    const char *path;      /* for messages */
    struct csv_parser p;
    bool parser_ready, at_end, failed;
    long line;             /* the line the bytes being parsed are on */
    long breaks;           /* line breaks inside the record being parsed */
    size_t rec_first;      /* its first field */
    /* records parsed from the input read so far, not yet handed out; the
     * current record's fields stay valid until the next refill */
    sm_buf data;
    field *fields;
    size_t nfields, capfields;
    record *recs;
    size_t nrecs, caprecs, next;
    const record *cur;
    char **names;          /* the header's column names */
    int ncolumns;
    char chunk[CHUNK];
};

static void
on_field(void *text, size_t len, void *user)
{
    sm_csv *c = user;
    const char *t = text ? text : "";
    field *f;

    if (c->failed)
        return;
    if (c->nfields == c->capfields) {
        size_t cap = c->capfields ? 2 * c->capfields : 256;
        field *more = realloc(c->fields, cap * sizeof(*more));
        if (more == NULL) {
            c->failed = true;
            return;
        }
        c->fields = more;
        c->capfields = cap;
    }
    f = &c->fields[c->nfields++];
    f->off = c->data.len;
    f->len = len;
    /* each field followed by its NUL (sm_buf keeps one after its end) */
    if (sm_buf_append(&c->data, t, len) != SM_OK || sm_buf_append(&c->data, "", 1) != SM_OK) {
        c->failed = true;
        return;
    }
    for (const char *nl = memchr(t, '\n', len), *end = t + len; nl;
         nl = memchr(nl + 1, '\n', (size_t)(end - nl - 1)))
        c->breaks++;
}

static void
on_record(int term, void *user)
{
    sm_csv *c = user;
    record *r;

    (void)term;
    if (c->failed)
        return;
    if (c->nrecs == c->caprecs) {
        size_t cap = c->caprecs ? 2 * c->caprecs : 64;
        record *more = realloc(c->recs, cap * sizeof(*more));
        if (more == NULL) {
            c->failed = true;
            return;
        }
        c->recs = more;
        c->caprecs = cap;
    }
    r = &c->recs[c->nrecs++];
    r->first = c->rec_first;
    r->nfields = (int)(c->nfields - c->rec_first);
    r->line = c->line - c->breaks;
    c->rec_first = c->nfields;
    c->breaks = 0;
}

/* Feed n bytes to the parser a line at a time, so that a record knows the
 * line it ends on (a record ends only at a line break, or at the end). */
static sm_status
feed(sm_csv *c, const char *s, size_t n, sm_error *err)
{
    while (n > 0) {
        const char *nl = memchr(s, '\n', n);
        size_t k = nl ? (size_t)(nl - s) + 1 : n;
        if (csv_parse(&c->p, s, k, on_field, on_record, c) != k || c->failed)
            return sm_fail(err, SM_ENOMEM, "out of memory");
        c->line += nl != NULL;
        s += k;
        n -= k;
    }
    return SM_OK;
}

/* Parse more of the file, until a record is complete or the input ends. */
static sm_status
refill(sm_csv *c, sm_error *err)
{
    /* the fields of a record still being parsed move to the front */
    size_t keep = c->nfields - c->rec_first;
    size_t base = keep ? c->fields[c->rec_first].off : c->data.len;

    if (keep) {
        memmove(c->fields, c->fields + c->rec_first, keep * sizeof(*c->fields));
        for (size_t i = 0; i < keep; i++)
            c->fields[i].off -= base;
        memmove(c->data.data, c->data.data + base, c->data.len - base);
    }
    c->data.len -= base;
    c->nfields = keep;
    c->rec_first = 0;
    c->nrecs = c->next = 0;
    c->cur = NULL;
    while (c->nrecs == 0 && !c->at_end) {
        size_t n = VSIFReadL(c->chunk, 1, sizeof(c->chunk), c->fp);
        sm_status st;
        if (n == 0) {
            c->at_end = true;
            if (!VSIFEofL(c->fp))
                return sm_fail(err, SM_EIO, "%s: cannot read: after line %ld", c->path,
                               c->line);
            /* libcsv's strict ending needs its strict mode, which refuses
             * the stray quotes GDAL took ("a"b); its state says the same */
            if (c->p.quoted && c->p.pstate == LIBCSV_FIELD_BEGUN) {
                /* its line: less the breaks in the fields before it and in it */
                long breaks = c->breaks;
                for (size_t i = 0; i < c->p.entry_pos; i++)
                    breaks += c->p.entry_buf[i] == '\n';
                return sm_fail(err, SM_EINPUT, "%s:%ld: a quoted field is not closed"
                               " before the end of the file", c->path, c->line - breaks);
            }
            if (csv_fini(&c->p, on_field, on_record, c) != 0 || c->failed)
                return sm_fail(err, SM_ENOMEM, "out of memory");
            break;
        }
        if ((st = feed(c, c->chunk, n, err)) != SM_OK)
            return st;
    }
    return SM_OK;
}

/* GDAL's choice of separator for a header line (CSVDetectSeperator): the
 * first of comma, semicolon and tab outside quotes; true when it is a comma
 * (so a line with none, which GDAL splits at spaces, is not ours). */
static bool
comma_separated(const char *s, size_t n)
{
    bool quoted = false;

    for (size_t i = 0; i < n && s[i] != '\n' && s[i] != '\r'; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && (s[i] == ',' || s[i] == ';' || s[i] == '\t'))
            return s[i] == ',';
    }
    return false;
}

static bool
has_sidecar(const char *path, const char *ext)
{
    VSIStatBufL sb;
    /* CPLResetExtension's result is the library's own buffer */
    return VSIStatL(CPLResetExtension(path, ext), &sb) == 0;
}

static sm_status
read_header(sm_csv *c, sm_error *err)
{
    const record *h;
    sm_status st;

    if (c->nrecs == 0 && (st = refill(c, err)) != SM_OK)
        return st;
    if (c->nrecs == 0)
        return sm_fail(err, SM_EINPUT, "%s: the file has no header line", c->path);
    h = &c->recs[c->next++];
    if ((c->names = calloc((size_t)h->nfields, sizeof(*c->names))) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    c->ncolumns = h->nfields;
    for (int i = 0; i < h->nfields; i++) {
        const field *f = &c->fields[h->first + (size_t)i];
        const char *t = c->data.data + f->off;
        size_t n = f->len;
        while (n > 0 && (*t == ' ' || *t == '\t')) {
            t++;
            n--;
        }
        while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
            n--;
        if (n == 0) {
            char name[32];
            snprintf(name, sizeof(name), "field_%d", i + 1);
            c->names[i] = strdup(name);
        } else {
            c->names[i] = strndup(t, n);
        }
        if (c->names[i] == NULL)
            return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    return SM_OK;
}

sm_status
sm_ingest__csv_open(const char *path, const char *shown, sm_csv **out, sm_error *err)
{
    sm_csv *c;
    size_t n, skip = 0;
    sm_status st;

    *out = NULL;
    if (has_sidecar(path, "csvt") || has_sidecar(path, "prj"))
        return SM_ENOTFOUND;
    if ((c = calloc(1, sizeof(*c))) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    c->path = shown;
    c->line = 1;
    c->data = (sm_buf)SM_BUF_INIT;
    if ((c->fp = VSIFOpenL(path, "rb")) == NULL) {
        sm_ingest__csv_close(c);
        return SM_ENOTFOUND;
    }
    n = VSIFReadL(c->chunk, 1, sizeof(c->chunk), c->fp);
    if (n >= 3 && memcmp(c->chunk, "\xef\xbb\xbf", 3) == 0)
        skip = 3;
    if (!comma_separated(c->chunk + skip, n - skip)) {
        sm_ingest__csv_close(c);
        return SM_ENOTFOUND;
    }
    if (csv_init(&c->p, 0) != 0) {
        sm_ingest__csv_close(c);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    c->parser_ready = true;
    if ((st = feed(c, c->chunk + skip, n - skip, err)) != SM_OK ||
        (st = read_header(c, err)) != SM_OK) {
        sm_ingest__csv_close(c);
        return st;
    }
    *out = c;
    return SM_OK;
}

void
sm_ingest__csv_close(sm_csv *c)
{
    if (c == NULL)
        return;
    if (c->parser_ready)
        csv_free(&c->p);
    if (c->fp)
        VSIFCloseL(c->fp);
    for (int i = 0; i < c->ncolumns; i++)
        free(c->names[i]);
    free(c->names);
    free(c->fields);
    free(c->recs);
    sm_buf_free(&c->data);
    free(c);
}

int
sm_ingest__csv_ncolumns(const sm_csv *c)
{
    return c->ncolumns;
}

const char *
sm_ingest__csv_column(const sm_csv *c, int i)
{
    return i >= 0 && i < c->ncolumns ? c->names[i] : NULL;
}

sm_status
sm_ingest__csv_next(sm_csv *c, long *line, sm_error *err)
{
    sm_status st;

    if (c->next == c->nrecs && (st = refill(c, err)) != SM_OK)
        return st;
    if (c->next == c->nrecs)
        return SM_ENOTFOUND;
    c->cur = &c->recs[c->next++];
    *line = c->cur->line;
    return SM_OK;
}

const char *
sm_ingest__csv_field(const sm_csv *c, int i, size_t *len)
{
    const field *f;

    if (c->cur == NULL || i < 0 || i >= c->cur->nfields || i >= c->ncolumns)
        return NULL;
    f = &c->fields[c->cur->first + (size_t)i];
    *len = f->len;
    return c->data.data + f->off;
}
