/* SPDX-License-Identifier: MIT */
/*
 * json_file.c - a JSON object read from a file, with errors that say where
 * (see json_file.h).
 */
#include "core/json_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* The whole file into buf; false (errno set) when it cannot be read. */
static bool
slurp(const char *path, sm_buf *buf)
{
    FILE *fp = fopen(path, "rb");
    char chunk[65536];
    size_t n;

    if (fp == NULL)
        return false;
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        sm_buf_append(buf, chunk, n);
    if (ferror(fp) || buf->failed) {
        int e = buf->failed ? ENOMEM : EIO;
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
        st = sm_fail(err, SM_EINPUT, "%s: cannot read the %s: %s", path, what, strerror(errno));
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
