/* SPDX-License-Identifier: MIT */
/*
 * json_out.h - JSON written as it goes, into a stdio stream, for documents
 * too large to build as a tree first (the mentions of a text of 50 MB).
 *
 * The writer puts what it is told where it is told: the caller writes the
 * punctuation ("{", ",", "\"key\":") with sm_json_out_raw and the values
 * with the other calls. Strings are escaped as json-c writes them with
 * JSON_C_TO_STRING_NOSLASHESCAPE, so that a document written either way has
 * the same bytes: \" \\ \b \f \n \r \t, the other bytes below 0x20 as \u00xx
 * (lower-case hex), and every other byte (`/`, DEL, UTF-8, invalid UTF-8)
 * as it is. Integers are written as printf's %d writes them.
 *
 * Bytes are gathered in the writer's own buffer and handed to fwrite when
 * it fills and at sm_json_out_flush; a failed write is the stream's error
 * (ferror), as with fputs. Flush before anything else writes to the same
 * stream. The library's own (not installed).
 */
#ifndef SM_CORE_JSON_OUT_H
#define SM_CORE_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"

typedef struct sm_json_out {
    FILE *fp;                   /* where it goes: a stream, */
    sm_buf *mem;                /* ... or memory */
    size_t len;                 /* bytes held in buf */
    char buf[16384];
} sm_json_out;

/* A writer into fp (which the caller keeps open and closes). */
void sm_json_out_init(sm_json_out *o, FILE *fp);
/* A writer that appends to mem (the caller's; failures are mem's: see
 * buf.h). */
void sm_json_out_init_mem(sm_json_out *o, sm_buf *mem);
/* The writer's buffer is full: what it holds, then s[0..n), onwards. */
void sm_json_out__spill(sm_json_out *o, const char *s, size_t n);

/* Bytes as they are (punctuation, keys, numbers already written). Inline:
 * most are a few bytes, and a literal's copy is then a move or two. */
static inline void
sm_json_out_raw(sm_json_out *o, const char *s, size_t n)
{
    if (n <= sizeof(o->buf) - o->len) {
        if (n > 0)              /* s may be NULL when there are no bytes */
            memcpy(o->buf + o->len, s, n);
        o->len += n;
    } else {
        sm_json_out__spill(o, s, n);
    }
}
/* s[0..n) as a JSON string, quoted and escaped (NUL bytes too). */
void sm_json_out_str(sm_json_out *o, const char *s, size_t n);
/* A NUL-terminated string as a JSON string; NULL as null. */
void sm_json_out_cstr(sm_json_out *o, const char *s);
void sm_json_out_int(sm_json_out *o, int64_t v);
void sm_json_out_bool(sm_json_out *o, bool v);

/* A literal (keys and punctuation). */
static inline void
sm_json_out_lit(sm_json_out *o, const char *s)
{
    sm_json_out_raw(o, s, strlen(s));
}
/* What the writer holds, to the stream (fwrite: the stream's own buffer
 * may keep it until fflush) or to memory. */
void sm_json_out_flush(sm_json_out *o);

#endif
