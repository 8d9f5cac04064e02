/* SPDX-License-Identifier: MIT */
/*
 * day.h - calendar days as integers.
 *
 * An sm_day counts whole days since 1970-01-01 (proleptic Gregorian), so
 * "valid on D" and "N days before D" are integer arithmetic. Dates are parsed
 * to sm_day at the edge and formatted back to ISO 8601 only for output.
 *
 * Threads: keeps no state; thread-safe.
 */
#ifndef SM_CORE_DAY_H
#define SM_CORE_DAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t sm_day;

#define SM_DAY_NONE INT32_MIN /* no date given */
#define SM_DAY_OPEN INT32_MAX /* an open end: still valid */
#define SM_DAY_ISO_LEN 11     /* "YYYY-MM-DD" and its NUL */

/* The day of a calendar date; false if y-m-d is not one (2017-02-30).
 * Years 1..9999. */
bool sm_day_from_ymd(int y, int m, int d, sm_day *out);
void sm_day_to_ymd(sm_day day, int *y, int *m, int *d);

/* Parse a date as news data write it: "2017-01-18", "2017/01/18",
 * "18 January 2017", "18 Jan 2017", "18-January-2017", "January 18, 2017".
 * Day-first or month-first numeric dates ("18/01/2017") are ambiguous and
 * refused. Leading and trailing
 * blanks are ignored; anything else, or a date that is not a calendar day,
 * gives false. */
bool sm_day_parse(const char *text, sm_day *out);

/* Write day as "YYYY-MM-DD" into buf (SM_DAY_ISO_LEN bytes); returns buf. */
char *sm_day_format(sm_day day, char buf[SM_DAY_ISO_LEN]);
/* "26 February 2017", as a newsroom writes a date. */
#define SM_DAY_LONG_LEN 24
char *sm_day_format_long(sm_day day, char buf[SM_DAY_LONG_LEN]);

/* day written in a newsroom's style (day_format.c) into buf (cap bytes):
 * "long" (or NULL): "12 December 2016"; "ap": "Dec. 12, 2016", as the AP
 * Stylebook abbreviates months (March to July spelled out, "Sept."); "iso":
 * "2016-12-12"; else a strftime format of at most SM_DAY_STYLE_MAX bytes
 * whose conversions are %d %e %m %y %Y %j (a "-" after the % drops the
 * padding: %-d), %b %B %a %A (English names) and %%. False, with buf "",
 * when fmt is none of these or the text does not fit. */
#define SM_DAY_STYLE_MAX 48
#define SM_DAY_TEXT_LEN 96     /* enough for any style's text */
bool sm_day_format_as(sm_day day, const char *fmt, char *buf, size_t cap);
/* The same in another language: months[0..11] its months' names (%b and
 * %B both), "long" and "ap" as "%-d %B %Y" ("12 ديسمبر 2016"); months
 * NULL: sm_day_format_as. Digits stay Latin (sm_words_arabic_indic). */
bool sm_day_format_in(sm_day day, const char *fmt, const char *const months[12], char *buf,
                      size_t cap);

/* Day of the week, 0 = Monday .. 6 = Sunday. */
int sm_day_weekday(sm_day day);

#ifdef __cplusplus
}
#endif

#endif
