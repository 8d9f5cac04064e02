/* SPDX-License-Identifier: MIT */
/*
 * text.h - small text checks shared by the readers: UTF-8 validity, control
 * characters, identifiers, numbers, and stable content hashes.
 *
 * Threads: keeps no state; thread-safe.
 */
#ifndef SM_CORE_TEXT_H
#define SM_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* True if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, nothing
 * past U+10FFFF). On false, *bad_at (if not NULL) is the byte offset of the
 * first bad sequence. */
bool sm_utf8_is_valid(const char *s, size_t len, size_t *bad_at);

/* Decode the UTF-8 sequence at s (len bytes left, len >= 1) into *cp;
 * returns its length (1 for a bad byte, whose code point is then U+FFFD). */
size_t sm_utf8_next(const unsigned char *s, size_t len, uint32_t *cp);

/* True if s holds a C0 control character other than tab, LF or CR, or DEL. */
bool sm_text_has_control(const char *s);

/* A plain identifier: 1..32 bytes of ASCII letters, digits, _ and -,
 * starting with a letter. Faction ids must be plain identifiers. */
bool sm_text_is_ident(const char *s);

/* Parse a whole decimal number (blanks around it allowed). False for empty
 * text, trailing junk, NaN and infinities. */
bool sm_text_to_double(const char *s, double *out);
/* The shortest text ("%.Ng", N of 15, 16 or 17, without trailing zeros)
 * that sm_text_to_double reads back as v exactly: 36.3706 is "36.3706".
 * Returns buf. */
#define SM_TEXT_DOUBLE_LEN 32
char *sm_text_from_double(double v, char buf[SM_TEXT_DOUBLE_LEN]);
/* Whether the n bytes at s are what sm_text_from_double writes for the
 * value they read as, found without writing it: a plain decimal of at most
 * 15 significant digits ("36.3706", "-0.5", "120"), no sign but "-", no
 * exponent, no leading or trailing zero it would drop. False means "not
 * known": write the value to compare. */
bool sm_text_is_double_form(const char *s, size_t n);

/* Parse a whole non-negative integer that fits in an int. */
bool sm_text_to_count(const char *s, int *out);

/* Write s to fp as XML (and HTML) text or an attribute value between
 * double quotes: & < > " as entities (so "]]>" and a quote cannot close
 * anything; ' stays, harmless there), and what
 * XML 1.0 cannot hold at all (a control character other than tab, LF and
 * CR, U+FFFE, U+FFFF, a byte that is not UTF-8) as U+FFFD. Every string an
 * SVG file or an HTML page holds goes through it. */
void sm_text_xml_put(FILE *fp, const char *s);

/* Write path to fp as a quoted string of ffmpeg's concat lists ("file
 * '...'"): between single quotes, each ' as '\''. False, writing nothing,
 * for a path holding a line break, which the list's lines cannot. */
bool sm_text_ffconcat_put(FILE *fp, const char *path);

/* True if s is NULL or holds only blanks. */
bool sm_text_is_blank(const char *s);

/* FNV-1a 64-bit hash, continued from h (start with SM_HASH_INIT). Used for
 * stable ids of rows that carry none, so a re-import finds the same id. */
#define SM_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t sm_hash_bytes(uint64_t h, const void *data, size_t len);
uint64_t sm_hash_str(uint64_t h, const char *s); /* hashes s and its NUL; NULL as "" */

#ifdef __cplusplus
}
#endif

#endif
