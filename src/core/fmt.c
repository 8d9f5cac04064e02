/* SPDX-License-Identifier: MIT */
/*
 * fmt.c - snprintf's output for a few formats (see fmt.h). A unit test
 * compares each with snprintf: rounding ties, signs, large and odd values,
 * every cut of the buffer.
 */
#include "core/fmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* digits[0..n) into out as snprintf would put them (cut to cap - 1). */
static int
put(char *out, size_t cap, const char *digits, size_t n)
{
    if (cap > 0) {
        size_t k = n < cap - 1 ? n : cap - 1;
        memcpy(out, digits, k);
        out[k] = '\0';
    }
    return (int)n;
}

/* The decimal digits of u, with a '-' before them when neg, ending at end. */
static char *
digits_of(uint64_t u, bool neg, char *end)
{
    char *p = end;

    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (neg)
        *--p = '-';
    return p;
}

int
sm_fmt_round(char *out, size_t cap, double v)
{
    char buf[24], *end = buf + sizeof(buf), *p;
    double a = fabs(v), whole, frac;
    uint64_t u;

    if (!isfinite(v) || a >= 4503599627370496.0)   /* 2^52 */
        return snprintf(out, cap, "%.0f", v);
    whole = floor(a);
    frac = a - whole;           /* exact: whole and a are that close */
    u = (uint64_t)whole;
    if (frac > 0.5 || (frac == 0.5 && (u & 1)))
        u++;
    p = digits_of(u, signbit(v) != 0, end);
    return put(out, cap, p, (size_t)(end - p));
}

int
sm_fmt_int(char *out, size_t cap, int v)
{
    char buf[16], *end = buf + sizeof(buf), *p;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)(int64_t)v : (uint64_t)v;

    p = digits_of(u, v < 0, end);
    return put(out, cap, p, (size_t)(end - p));
}

int
sm_fmt_join(char *out, size_t cap, ...)
{
    va_list ap;
    const char *s;
    size_t n = 0;

    va_start(ap, cap);
    while ((s = va_arg(ap, const char *)) != NULL) {
        size_t len = strlen(s);
        if (cap > 0 && n < cap - 1)
            memcpy(out + n, s, len < cap - 1 - n ? len : cap - 1 - n);
        n += len;
    }
    va_end(ap);
    if (cap > 0)
        out[n < cap - 1 ? n : cap - 1] = '\0';
    return (int)n;
}
