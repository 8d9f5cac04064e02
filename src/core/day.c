/* SPDX-License-Identifier: MIT */
/*
 * day.c - conversion between calendar dates and day numbers.
 *
 * Uses Howard Hinnant's days_from_civil / civil_from_days algorithms
 * (chrono-compatible low-level date algorithms), exact for the proleptic
 * Gregorian calendar without tables or floating point.
 */
#include "core/day.h"

#include <stdio.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
};

static int
days_in_month(int y, int m)
{
    static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : dm[m - 1];
}

bool
sm_day_from_ymd(int y, int m, int d, sm_day *out)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = (sm_day)(era * 146097 + doe - 719468);
    return true;
}

void
sm_day_to_ymd(sm_day day, int *y, int *m, int *d)
{
    int32_t z = day + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

char *
sm_day_format(sm_day day, char buf[SM_DAY_ISO_LEN])
{
    int y, m, d;

    sm_day_to_ymd(day, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = 0;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
    return buf;
}

int
sm_day_weekday(sm_day day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (int)((day % 7 + 7 + 3) % 7);

    return w;
}

/* Read 1..maxlen digits; returns the count read (0 if none). */
static int
read_int(const char **p, int maxlen, int *val)
{
    int n = 0, v = 0;

    while (n < maxlen && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *val = v;
    return n;
}

/* A month name or its three-letter abbreviation, case-insensitive. */
static int
read_month(const char **p)
{
    const char *s = *p;
    size_t len = 0;

    while (isalpha((unsigned char)s[len]))
        len++;
    if (len < 3)
        return 0;
    for (int i = 0; i < 12; i++) {
        size_t full = strlen(month_names[i]);
        if ((len == full || len == 3 || (i == 8 && len == 4)) &&
            strncasecmp(s, month_names[i], len) == 0) {
            *p = s + len;
            return i + 1;
        }
    }
    return 0;
}

static const char *
skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* "2017-01-18", or "2017/01/18" as GDAL and spreadsheets print dates: year
 * first, so never ambiguous. */
static bool
parse_iso(const char *p, int *y, int *m, int *d)
{
    char sep;

    if (read_int(&p, 4, y) != 4 || (*p != '-' && *p != '/'))
        return false;
    sep = *p++;
    if (read_int(&p, 2, m) != 2 || *p++ != sep)
        return false;
    if (read_int(&p, 2, d) != 2)
        return false;
    /* ISO date-times ("2017-01-18T00:00:00", "2017-01-18 12:00") keep the day. */
    if (*p == 'T' || (*p == ' ' && isdigit((unsigned char)p[1])))
        return true;
    return *skip_blanks(p) == '\0';
}

/* "18 January 2017", "18-Jan-2017" */
static bool
parse_dmy(const char *p, int *y, int *m, int *d)
{
    if (read_int(&p, 2, d) == 0)
        return false;
    if (*p != ' ' && *p != '-')
        return false;
    p = skip_blanks(p + 1);
    if ((*m = read_month(&p)) == 0)
        return false;
    if (*p != ' ' && *p != '-')
        return false;
    p = skip_blanks(p + 1);
    if (read_int(&p, 4, y) != 4)
        return false;
    return *skip_blanks(p) == '\0';
}

/* "January 18, 2017", "Jan 18 2017" */
static bool
parse_mdy(const char *p, int *y, int *m, int *d)
{
    if ((*m = read_month(&p)) == 0 || *p != ' ')
        return false;
    p = skip_blanks(p);
    if (read_int(&p, 2, d) == 0)
        return false;
    if (*p == ',')
        p++;
    if (*p != ' ')
        return false;
    p = skip_blanks(p);
    if (read_int(&p, 4, y) != 4)
        return false;
    return *skip_blanks(p) == '\0';
}

bool
sm_day_parse(const char *text, sm_day *out)
{
    int y = 0, m = 0, d = 0;
    const char *p;

    if (text == NULL)
        return false;
    p = skip_blanks(text);
    if (!parse_iso(p, &y, &m, &d) && !parse_dmy(p, &y, &m, &d) &&
        !parse_mdy(p, &y, &m, &d))
        return false;
    return sm_day_from_ymd(y, m, d, out);
}

char *
sm_day_format_long(sm_day day, char buf[SM_DAY_LONG_LEN])
{
    static const char *const months[] = { "January", "February", "March", "April", "May",
                                          "June", "July", "August", "September", "October",
                                          "November", "December" };
    int y, m, d;

    sm_day_to_ymd(day, &y, &m, &d);
    snprintf(buf, SM_DAY_LONG_LEN, "%d %s %d", d, months[(m - 1) % 12], y);
    return buf;
}
