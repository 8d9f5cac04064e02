/* SPDX-License-Identifier: MIT */
/*
 * json_file.c - a JSON object read from a file, with errors that say where
 * (see json_file.h).
 */
#include "core/json_file.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"

/* The whole file into buf, at most SM_JSON_MAX_BYTES of it: false (errno
 * set) when it cannot be read, and EFBIG when it holds more (a huge file,
 * or an endless one such as /dev/zero or a pipe that never ends). */
static bool
slurp(const char *path, sm_buf *buf)
{
    FILE *fp = fopen(path, "rb");
    char chunk[65536];
    size_t n;

    if (fp == NULL)
        return false;
    errno = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        if (buf->len + n > SM_JSON_MAX_BYTES) {
            fclose(fp);
            errno = EFBIG;
            return false;
        }
        sm_buf_append(buf, chunk, n);
    }
    if (ferror(fp) || buf->failed) {
        int e = buf->failed ? ENOMEM : ferror(fp) && errno ? errno : EIO;
        fclose(fp);
        errno = e;
        return false;
    }
    fclose(fp);
    return true;
}

sm_status
sm_json_read_object(const char *path, const char *what, json_object **out, sm_error *err)
{
    sm_buf buf = SM_BUF_INIT;
    json_tokener *tok = NULL;
    json_object *root = NULL;
    enum json_tokener_error jerr;
    sm_status st = SM_OK;
    size_t blank = 0;

    *out = NULL;
    if (!slurp(path, &buf)) {
        if (errno == EFBIG)
            st = sm_fail(err, SM_EINPUT, "%s: the %s file is larger than %d MB", path, what,
                         SM_JSON_MAX_BYTES >> 20);
        else
            st = sm_fail(err, SM_EINPUT, "%s: cannot read the %s: %s", path, what,
                         strerror(errno));
        goto done;
    }
    while (blank < buf.len && strchr(" \t\r\n", ((const char *)buf.data)[blank]))
        blank++;
    if (blank == buf.len) {
        st = sm_fail(err, SM_EINPUT, "%s: the %s file is empty", path, what);
        goto done;
    }
    if ((tok = json_tokener_new()) == NULL) {
        st = sm_fail(err, SM_ENOMEM, "out of memory");
        goto done;
    }
    root = json_tokener_parse_ex(tok, buf.data, (int)buf.len);
    jerr = json_tokener_get_error(tok);
    size_t at = json_tokener_get_parse_end(tok), line = 1, col = 1;
    const char *text = buf.data;
    if (root != NULL && jerr == json_tokener_success)
        while (at < buf.len && strchr(" \t\r\n", text[at]))
            at++;                       /* where text after the JSON starts */
    for (size_t i = 0; i < at && i < buf.len; i++, col++)
        if (text[i] == '\n')
            line++, col = 0;
    if (root != NULL && jerr == json_tokener_success && at < buf.len) {
        st = sm_fail(err, SM_EINPUT, "%s:%zu:%zu: text after the %s's JSON", path, line, col,
                     what);
        json_object_put(root);
        root = NULL;
        goto done;
    }
    if (root == NULL && jerr == json_tokener_success) {
        /* the JSON null, or json-c out of memory (it says "success") */
        size_t k = 0;
        while (k < buf.len && strchr(" \t\r\n", text[k]) && text[k] != '\0')
            k++;
        if (buf.len - k >= 4 && memcmp(text + k, "null", 4) == 0)
            st = sm_fail(err, SM_EINPUT, "%s: a %s is a JSON object", path, what);
        else
            st = sm_fail(err, SM_ENOMEM, "%s: out of memory reading the %s", path, what);
        goto done;
    }
    if (root == NULL || jerr != json_tokener_success) {
        if (jerr == json_tokener_continue)
            st = sm_fail(err, SM_EINPUT, "%s: the %s ends before its JSON does (line %zu)",
                         path, what, line);
        else
            st = sm_fail(err, SM_EINPUT, "%s:%zu:%zu: the %s is not JSON: %s", path, line, col,
                         what, json_tokener_error_desc(jerr));
        json_object_put(root);
        root = NULL;
        goto done;
    }
    if (!json_object_is_type(root, json_type_object)) {
        st = sm_fail(err, SM_EINPUT, "%s: a %s is a JSON object", path, what);
        json_object_put(root);
        root = NULL;
        goto done;
    }
    *out = root;
done:
    if (tok)
        json_tokener_free(tok);
    sm_buf_free(&buf);
    return st;
}

sm_status
sm_json_bad(const sm_json_in *in, const char *key, const char *what)
{
    return sm_fail(in->err, SM_EINPUT, "%s: \"%s\": %s", in->path, key, what);
}

sm_status
sm_json_text(const sm_json_in *in, json_object *o, const char *key, char *out, size_t cap)
{
    const char *v;

    if (!json_object_is_type(o, json_type_string))
        return sm_json_bad(in, key, "not a string");
    v = json_object_get_string(o);
    if (strlen(v) >= cap || sm_text_has_control(v) || !sm_utf8_is_valid(v, strlen(v), NULL)) {
        char what[96];
        snprintf(what, sizeof(what), "longer than %zu bytes, not UTF-8, or holds control"
                 " characters", cap - 1);
        return sm_json_bad(in, key, what);
    }
    memcpy(out, v, strlen(v) + 1);
    return SM_OK;
}

sm_status
sm_json_colour(const sm_json_in *in, json_object *o, const char *key, sm_rgba *out)
{
    if (!json_object_is_type(o, json_type_string) ||
        !sm_rgba_parse(json_object_get_string(o), out))
        return sm_json_bad(in, key, "not a colour (#rrggbb or #rrggbbaa)");
    return SM_OK;
}

sm_status
sm_json_number(const sm_json_in *in, json_object *o, const char *key, double lo, double hi,
               double *out)
{
    double v;

    if (!json_object_is_type(o, json_type_double) && !json_object_is_type(o, json_type_int))
        return sm_json_bad(in, key, "not a number");
    v = json_object_get_double(o);
    if (!isfinite(v))                   /* json-c reads NaN and Infinity */
        return sm_json_bad(in, key, "not a finite number");
    if (!(v >= lo && v <= hi)) {
        char msg[64];
        snprintf(msg, sizeof(msg), "out of range (%g..%g)", lo, hi);
        return sm_json_bad(in, key, msg);
    }
    *out = v;
    return SM_OK;
}
