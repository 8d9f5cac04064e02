/* SPDX-License-Identifier: MIT */
/*
 * json_file.h - a JSON object read from a file (json-c), with an error a
 * user can act on: the file and what it is for, and for bad JSON the line
 * and column where the parser stopped, or that the file is empty or ends
 * before the JSON does; and its keys' values read with checks that name the
 * file and the key (the style and theatre files).
 */
#ifndef SM_JSON_FILE_H
#define SM_JSON_FILE_H

#include <json-c/json.h>

#include "core/colour.h"
#include "core/error.h"

/* The most of a file read: a style or a theatre profile is some kB. */
#define SM_JSON_MAX_BYTES (4 << 20)

/* The JSON object in path into *out (the caller's: json_object_put); what
 * names the file's use in errors ("style", "theatre"). SM_EINPUT for a file
 * that cannot be read, holds more than SM_JSON_MAX_BYTES (read no further:
 * /dev/zero is refused too), is not JSON or is not an object. */
sm_status sm_json_read_object(const char *path, const char *what, json_object **out,
                              sm_error *err);

/* The values of a JSON file's keys, each checked, with an error naming
 * the file and the key ("FILE: \"key\": what is wrong"). */
typedef struct sm_json_in {
    const char *path;
    sm_error *err;
} sm_json_in;

/* SM_EINPUT: "PATH: \"key\": what". */
sm_status sm_json_bad(const sm_json_in *in, const char *key, const char *what);
/* A string of fewer than cap bytes, UTF-8, without control characters. */
sm_status sm_json_text(const sm_json_in *in, json_object *o, const char *key, char *out,
                       size_t cap);
/* A colour, "#rrggbb" or "#rrggbbaa". */
sm_status sm_json_colour(const sm_json_in *in, json_object *o, const char *key, sm_rgba *out);
/* A finite number within [lo, hi] (not NaN or Infinity, which json-c
 * reads); *out is left alone when it is not. */
sm_status sm_json_number(const sm_json_in *in, json_object *o, const char *key, double lo,
                         double hi, double *out);

#endif
