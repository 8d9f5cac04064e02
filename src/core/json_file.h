/* SPDX-License-Identifier: MIT */
/*
 * json_file.h - a JSON object read from a file (json-c), with an error a
 * user can act on: the file and what it is for, and for bad JSON the line
 * and column where the parser stopped, or that the file is empty or ends
 * before the JSON does.
 */
#ifndef SM_JSON_FILE_H
#define SM_JSON_FILE_H

#include <json-c/json.h>

#include "core/error.h"

/* The JSON object in path into *out (the caller's: json_object_put); what
 * names the file's use in errors ("style", "theatre"). SM_EINPUT for a file
 * that cannot be read, is not JSON or is not an object. */
sm_status sm_json_read_object(const char *path, const char *what, json_object **out,
                              sm_error *err);

#endif
