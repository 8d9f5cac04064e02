/* SPDX-License-Identifier: MIT */
/*
 * words.h - the words a map writes in a language: its furniture's phrases,
 * month names, faction and country names, the way it writes digits and
 * its direction, read from a language file (styles/lang/NAME.json, a JSON
 * object of strings; docs/styles.md). Files are read over one another: a
 * table holds English's file, then the language's on top, so a key a
 * language lacks reads as English; a key no file has reads as NULL, and
 * the caller writes its own English.
 */
#ifndef SM_WORDS_H
#define SM_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/day.h"
#include "core/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_words sm_words;

/* The most keys a table holds, and the longest value (bytes). */
#define SM_WORDS_MAX 512
#define SM_WORDS_VALUE_MAX 400

/* An empty table (every key NULL); NULL when out of memory. */
sm_words *sm_words_new(void);
/* Read the language file at path over w: its keys replace w's. A file whose
 * "base" names another language reads that language's file (NAME.json
 * beside it) first. SM_EINPUT naming the file: not readable, not JSON (and
 * the line and column), not an object, a value that is not a string or
 * is too long, not UTF-8 or holds control characters, a key not made of
 * a-z, 0-9, '.', '_' and '-', a "direction" other than "ltr" or "rtl", a
 * "digits" other than "latin" or "arabic", "names" other than "en" or "ar"
 * (the place names a map in the language writes), a "base" that is not a
 * language's name, bases more than 4 deep. */
sm_status sm_words_load(sm_words *w, const char *path, sm_error *err);
void sm_words_free(sm_words *w);

/* The value of key; NULL when no file read gives it (or w is NULL). */
const char *sm_words_get(const sm_words *w, const char *key);
/* The value of key, else english. */
const char *sm_words_or(const sm_words *w, const char *key, const char *english);
/* True when the language is written right to left ("direction": "rtl"). */
bool sm_words_rtl(const sm_words *w);
/* True when the language writes Arabic-Indic digits by default. */
bool sm_words_arabic_digits(const sm_words *w);

/* day in format fmt (sm_day_format_in: "long", "ap", "iso" or strftime's;
 * NULL: "long") with the language's months (its "month.1" ... "month.12",
 * all twelve; else English's), its digits Arabic-Indic when arabic_digits,
 * into out; false, out "", when fmt is not a date's format. */
bool sm_words_date(const sm_words *w, sm_day day, const char *fmt, bool arabic_digits,
                   char *out, size_t cap);
/* The plural form of key for the number n: key.CATEGORY when the language
 * has it (its "plurals": "arabic" gives zero, one, two, few, many and other
 * as CLDR counts them; else one and other), else key itself, into out. */
void sm_words_plural_key(const sm_words *w, const char *key, long n, char *out, size_t cap);
/* tmpl with each "{NAME}" replaced by the value of the NAME in names
 * (names[i], values[i], n of them) into out (cap bytes, cut at a
 * character's end); a {NAME} not among them is kept as written. */
void sm_words_fill(const char *tmpl, const char *const *names, const char *const *values,
                   size_t n, char *out, size_t cap);
/* text with its digits 0-9 as Arabic-Indic ones (U+0660-0669), a '%' after
 * a digit as the Arabic percent sign (U+066A) and a '.' between digits as
 * the Arabic decimal separator (U+066B), into out (cap bytes); other text
 * as it is. */
void sm_words_arabic_indic(const char *text, char *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
