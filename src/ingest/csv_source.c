/* SPDX-License-Identifier: MIT */
/*
 * csv_source.c - comma-separated text for the importers' .csv files:
 * GDAL's CSV driver reads a row through several layers of copies (a line,
 * its tokens, a feature, each field's text), four fifths of what a row of
 * an ACLED export cost before it reached the store.
 *
 * The parser is libcsv's (csv_parse and csv_fini with its default options:
 * not strict, unquoted fields trimmed of spaces and tabs, CR and LF ending
 * a record, blank records skipped), the same states and the same outcome
 * for any bytes (tests/unit/test_ingest.c compares the two on random
 * input), written here to put each field's bytes once where they are kept
 * and to copy runs of plain bytes at a time: libcsv called back with a
 * copy of each field, at some 60 instructions a byte.
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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    CHUNK = 1 << 16,
    /* the most a record may hold (its fields' bytes): what sm_buf allowed */
    MAX_DATA = 1 << 30
};

/* libcsv's parser states */
enum { ROW_NOT_BEGUN, FIELD_NOT_BEGUN, FIELD_BEGUN, FIELD_MIGHT_HAVE_ENDED };

/* classes of bytes: 0 for any other */
enum { K_DELIM = 1, K_QUOTE, K_TERM, K_SPACE };

static const unsigned char kind[256] = {
    [','] = K_DELIM, ['"'] = K_QUOTE, ['\r'] = K_TERM, ['\n'] = K_TERM,
    [' '] = K_SPACE, ['\t'] = K_SPACE,
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
    bool at_end, failed;
    /* the parser: its state, whether the field is quoted, the spaces at its
     * end (libcsv's), where its bytes start in data */
    int pstate;
    bool quoted;
    size_t spaces, field_start;
    long line;             /* the line of the next byte */
    long rec_line;         /* the line the record being parsed starts on */
    size_t rec_first;      /* its first field */
    /* records parsed from the input read so far, not yet handed out; the
     * current record's fields stay valid until the next refill */
    char *data;
    size_t len, cap;
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
submit_field(sm_csv *c)
{
    size_t end = c->len - (c->quoted ? 0 : c->spaces);
    field *f;

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
    f->off = c->field_start;
    f->len = end - c->field_start;
    c->data[end] = '\0';
    c->len = c->field_start = end + 1;
    c->pstate = FIELD_NOT_BEGUN;
    c->quoted = false;
    c->spaces = 0;
}

static void
submit_row(sm_csv *c)
{
    record *r;

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
    r->line = c->rec_line;
    c->rec_first = c->nfields;
    c->pstate = ROW_NOT_BEGUN;
    c->quoted = false;
    c->spaces = 0;
}

/* Room in data for n more bytes parsed: each byte is at most one byte of a
 * field or the NUL that ends one, and the end of the input may end one. */
static bool
reserve(sm_csv *c, size_t n)
{
    size_t need = c->len + 2 * n + 2, cap;
    char *more;

    if (need <= c->cap)
        return true;
    if (need > MAX_DATA)
        return false;
    for (cap = c->cap ? c->cap : CHUNK; cap < need; cap *= 2)
        ;
    if ((more = realloc(c->data, cap)) == NULL)
        return false;
    c->data = more;
    c->cap = cap;
    return true;
}

/* libcsv's csv_parse of n bytes, its callbacks made submit_field and
 * submit_row; runs of bytes that change no state are copied at once. */
static sm_status
feed(sm_csv *c, const char *text, size_t n, sm_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    char *out;

    if (!reserve(c, n))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    out = c->data;
    while (i < n && !c->failed) {
        unsigned char ch = s[i++];
        int k = kind[ch];

        if (ch == '\n')
            c->line++;
        switch (c->pstate) {
        case ROW_NOT_BEGUN:
        case FIELD_NOT_BEGUN:
            if (k == K_SPACE)
                break;
            if (k == K_TERM) {
                /* a blank record is not one */
                if (c->pstate == FIELD_NOT_BEGUN) {
                    submit_field(c);
                    submit_row(c);
                }
                break;
            }
            if (c->pstate == ROW_NOT_BEGUN)
                c->rec_line = c->line;
            if (k == K_DELIM) {
                submit_field(c);
            } else if (k == K_QUOTE) {
                c->pstate = FIELD_BEGUN;
                c->quoted = true;
            } else {
                size_t at = c->len;
                c->pstate = FIELD_BEGUN;
                c->quoted = false;
                out[at++] = (char)ch;
                c->spaces = 0;
                while (i < n && kind[s[i]] == 0)
                    out[at++] = (char)s[i++];
                c->len = at;
            }
            break;
        case FIELD_BEGUN:
            if (k == K_QUOTE) {
                out[c->len++] = (char)ch;
                if (c->quoted)
                    c->pstate = FIELD_MIGHT_HAVE_ENDED;
                else
                    c->spaces = 0;
            } else if (k == K_DELIM && !c->quoted) {
                submit_field(c);
            } else if (k == K_TERM && !c->quoted) {
                submit_field(c);
                submit_row(c);
            } else if (k == K_SPACE && !c->quoted) {
                out[c->len++] = (char)ch;
                c->spaces++;
            } else {
                size_t at = c->len;
                out[at++] = (char)ch;
                c->spaces = 0;
                if (c->quoted)
                    while (i < n && s[i] != '"' && s[i] != '\n')
                        out[at++] = (char)s[i++];
                else
                    while (i < n && kind[s[i]] == 0)
                        out[at++] = (char)s[i++];
                c->len = at;
            }
            break;
        case FIELD_MIGHT_HAVE_ENDED:
            /* after a quote inside a quoted field */
            if (k == K_DELIM || k == K_TERM) {
                c->len -= c->spaces + 1;    /* the closing quote and the spaces after it */
                submit_field(c);
                if (k == K_TERM)
                    submit_row(c);
            } else if (k == K_SPACE) {
                out[c->len++] = (char)ch;
                c->spaces++;
            } else if (k == K_QUOTE && c->spaces == 0) {
                c->pstate = FIELD_BEGUN;    /* two quotes: one */
            } else {
                if (k != K_QUOTE)
                    c->pstate = FIELD_BEGUN;
                c->spaces = 0;
                out[c->len++] = (char)ch;
            }
            break;
        }
    }
    if (c->failed)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    return SM_OK;
}

/* libcsv's csv_fini: the field and the record the input ends in. */
static void
fini(sm_csv *c)
{
    switch (c->pstate) {
    case FIELD_MIGHT_HAVE_ENDED:
        c->len -= c->spaces + 1;
        c->spaces = 0;
        /* fall through */
    case FIELD_NOT_BEGUN:
    case FIELD_BEGUN:
        submit_field(c);
        submit_row(c);
        break;
    default: break;
    }
    c->pstate = ROW_NOT_BEGUN;
    c->quoted = false;
    c->spaces = 0;
}

/* Parse more of the file, until a record is complete or the input ends. */
static sm_status
refill(sm_csv *c, sm_error *err)
{
    /* the fields of a record still being parsed, and the bytes of its
     * field being parsed, move to the front */
    size_t keep = c->nfields - c->rec_first;
    size_t base = keep ? c->fields[c->rec_first].off : c->field_start;

    if (keep) {
        memmove(c->fields, c->fields + c->rec_first, keep * sizeof(*c->fields));
        for (size_t i = 0; i < keep; i++)
            c->fields[i].off -= base;
    }
    if (c->len > base)
        memmove(c->data, c->data + base, c->len - base);
    c->len -= base;
    c->field_start -= base;
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
            if (c->quoted && c->pstate == FIELD_BEGUN)
                return sm_fail(err, SM_EINPUT, "%s:%ld: a quoted field is not closed"
                               " before the end of the file", c->path, c->rec_line);
            if (!reserve(c, 0))
                return sm_fail(err, SM_ENOMEM, "out of memory");
            fini(c);
            if (c->failed)
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
        const char *t = c->data + f->off;
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
    if (c->fp)
        VSIFCloseL(c->fp);
    for (int i = 0; i < c->ncolumns; i++)
        free(c->names[i]);
    free(c->names);
    free(c->fields);
    free(c->recs);
    free(c->data);
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
    return c->data + f->off;
}
