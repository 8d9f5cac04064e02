/* SPDX-License-Identifier: MIT */
/*
 * day_format.c - a day in a newsroom's own style: named styles (the AP
 * Stylebook's "Dec. 12, 2016", ISO 8601, "12 December 2016") and strftime
 * formats limited to the conversions of a date, written by the C library's
 * strftime in the C locale (English names whatever the process's locale).
 */
#include "core/day.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The AP Stylebook's months before a day: five spelled out, "Sept." */
static const char *const ap_months[] = { "Jan.", "Feb.", "March", "April", "May", "June",
                                         "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec." };

/* True if every conversion of fmt is a date's. */
static bool
date_conversions(const char *fmt)
{
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '-' && p[2] && strchr("dejm", p[2]))
            p++;
        else if (p[1] == '\0' || !strchr("dejmyYbBaA%", p[1]))
            return false;
        p++;
    }
    return true;
}

static bool format_c(sm_day day, const char *fmt, char *buf, size_t cap, size_t fmt_max);

bool
sm_day_format_as(sm_day day, const char *fmt, char *buf, size_t cap)
{
    return format_c(day, fmt, buf, cap, SM_DAY_STYLE_MAX);
}

bool
sm_day_format_in(sm_day day, const char *fmt, const char *const months[12], char *buf,
                 size_t cap)
{
    char own[SM_DAY_STYLE_MAX * 8 + 1];
    size_t n = 0;
    int y, m, d;

    if (months == NULL)
        return sm_day_format_as(day, fmt, buf, cap);
    if (cap == 0)
        return false;
    buf[0] = '\0';
    if (fmt == NULL || strcmp(fmt, "long") == 0 || strcmp(fmt, "ap") == 0)
        fmt = "%-d %B %Y";              /* the AP's is English's own */
    else if (strcmp(fmt, "iso") == 0)
        fmt = "%Y-%m-%d";
    if (fmt[0] == '\0' || strlen(fmt) > SM_DAY_STYLE_MAX || !date_conversions(fmt))
        return false;
    sm_day_to_ymd(day, &y, &m, &d);
    /* the month's name written into the format, its '%' doubled */
    for (const char *p = fmt; *p && n + 1 < sizeof(own); p++) {
        if (p[0] == '%' && (p[1] == 'B' || p[1] == 'b')) {
            for (const char *q = months[(m - 1) % 12]; *q && n + 2 < sizeof(own); q++) {
                if (*q == '%')
                    own[n++] = '%';
                own[n++] = *q;
            }
            p++;
        } else if (p[0] == '%' && p[1] != '\0') {
            own[n++] = *p++;
            if (n + 1 < sizeof(own))
                own[n++] = *p;
        } else {
            own[n++] = *p;
        }
    }
    own[n] = '\0';
    return format_c(day, own, buf, cap, sizeof(own));
}

/* fmt (a named style, or a strftime format of at most fmt_max bytes) in the
 * C locale. */
static bool
format_c(sm_day day, const char *fmt, char *buf, size_t cap, size_t fmt_max)
{
    int y, m, d;
    struct tm tm = { 0 };
    locale_t c;
    size_t n;

    if (cap == 0)
        return false;
    buf[0] = '\0';
    sm_day_to_ymd(day, &y, &m, &d);
    if (fmt == NULL || strcmp(fmt, "long") == 0)
        fmt = "%-d %B %Y";
    else if (strcmp(fmt, "iso") == 0)
        fmt = "%Y-%m-%d";
    else if (strcmp(fmt, "ap") == 0) {
        n = (size_t)snprintf(buf, cap, "%s %d, %d", ap_months[(m - 1) % 12], d, y);
        if (n >= cap)
            buf[0] = '\0';
        return n < cap;
    }
    if (fmt[0] == '\0' || strlen(fmt) > fmt_max || !date_conversions(fmt))
        return false;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_wday = (sm_day_weekday(day) + 1) % 7;     /* from Sunday */
    {
        sm_day jan1;
        tm.tm_yday = sm_day_from_ymd(y, 1, 1, &jan1) ? day - jan1 : 0;
    }
    if ((c = newlocale(LC_ALL_MASK, "C", (locale_t)0)) == (locale_t)0)
        return false;
    n = strftime_l(buf, cap, fmt, &tm, c);
    freelocale(c);
    if (n == 0) {                     /* too long: no conversion gives nothing */
        buf[0] = '\0';
        return false;
    }
    return true;
}
