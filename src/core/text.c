/* SPDX-License-Identifier: MIT */
/* text.c - UTF-8 validation (RFC 3629, table 3-7 of the Unicode standard),
 * identifiers, strict number parsing, FNV-1a hashing. */
#include "core/text.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
sm_utf8_is_valid(const char *str, size_t len, size_t *bad_at)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned char lo = 0x80, hi = 0xbf;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            n = 1;
        else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            if (c == 0xe0)
                lo = 0xa0;
            else if (c == 0xed)
                hi = 0x9f; /* no UTF-16 surrogates */
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            if (c == 0xf0)
                lo = 0x90;
            else if (c == 0xf4)
                hi = 0x8f;
        } else
            goto bad;
        if (n >= len - i) /* truncated sequence */
            goto bad;
        if (s[i + 1] < lo || s[i + 1] > hi)
            goto bad;
        for (size_t k = 2; k <= n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xbf)
                goto bad;
        i += n + 1;
    }
    return true;
bad:
    if (bad_at)
        *bad_at = i;
    return false;
}

bool
sm_text_has_control(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return true;
    }
    return false;
}

bool
sm_text_is_ident(const char *s)
{
    size_t n = 0;

    if (s == NULL || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return false;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    }
    return n <= 32;
}

bool
sm_text_is_blank(const char *s)
{
    if (s == NULL)
        return true;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s == '\0';
}

bool
sm_text_to_double(const char *s, double *out)
{
    char *end;
    double v;

    if (sm_text_is_blank(s))
        return false;
    errno = 0;
    v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v))
        return false;
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != '\0')
        return false;
    *out = v;
    return true;
}

char *
sm_text_from_double(double v, char buf[SM_TEXT_DOUBLE_LEN])
{
    /* %g drops trailing zeros, so 15 digits (any decimal of at most 15
     * significant digits survives a double) give the shortest form of most
     * values; 16 or 17 are for the rest */
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, SM_TEXT_DOUBLE_LEN, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

bool
sm_text_is_double_form(const char *s, size_t n)
{
    size_t i = 0, int_at, frac_at, int_digits, frac_digits, zeros = 0;

    if (i < n && s[i] == '-')
        i++;
    for (int_at = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        ;
    int_digits = i - int_at;
    /* "0" alone before the point; no leading zero otherwise */
    if (int_digits == 0 || (int_digits > 1 && s[int_at] == '0'))
        return false;
    frac_at = i + 1;
    frac_digits = 0;
    if (i < n && s[i] == '.') {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            ;
        frac_digits = i - frac_at;
        if (frac_digits == 0 || s[i - 1] == '0')
            return false;  /* "1." and "1.50": %g drops them */
    }
    if (i != n)
        return false;
    if (s[int_at] == '0') {
        /* 0.00123: %g writes fixed notation down to 3 zeros after the point */
        while (zeros < frac_digits && s[frac_at + zeros] == '0')
            zeros++;
        return zeros <= 3 && frac_digits - zeros <= 15;
    }
    /* 15 significant digits come back as written (DBL_DIG), in fixed
     * notation below 1e15 */
    return int_digits + frac_digits <= 15;
}

void
sm_text_xml_put(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);

    /* g_markup_escape_text would write controls as &#x1;, which XML 1.0
     * refuses, and takes valid UTF-8 only; ' is left as it is (every
     * attribute is written between double quotes), as Hay'at has always
     * been written */
    while (left > 0) {
        uint32_t cp;
        size_t n = sm_utf8_next(p, left, &cp);
        if (!sm_utf8_is_valid((const char *)p, n, NULL))
            n = 1, cp = 0xfffd;
        switch (cp) {
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '&': fputs("&amp;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default:
            if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xfffe ||
                cp == 0xffff || (cp == 0xfffd && n == 1))
                fputs("\xef\xbf\xbd", fp);        /* U+FFFD */
            else
                fwrite(p, 1, n, fp);
        }
        p += n;
        left -= n;
    }
}

bool
sm_text_ffconcat_put(FILE *fp, const char *path)
{
    if (strpbrk(path, "\n\r"))
        return false;
    fputc('\'', fp);
    for (const char *p = path; *p; p++)
        if (*p == '\'')
            fputs("'\\''", fp);                 /* close, an escaped ', open again */
        else
            fputc(*p, fp);
    fputc('\'', fp);
    return true;
}

bool
sm_text_to_count(const char *s, int *out)
{
    char *end;
    long v;

    if (sm_text_is_blank(s))
        return false;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno == ERANGE || v > INT_MAX)
        return false;
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != '\0')
        return false;
    *out = (int)v;
    return true;
}

uint64_t
sm_hash_bytes(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t
sm_hash_str(uint64_t h, const char *s)
{
    if (s == NULL)
        s = "";
    return sm_hash_bytes(h, s, strlen(s) + 1);
}

size_t
sm_utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, *cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, *cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, *cp = c & 0x07;
    else {
        *cp = 0xfffd;
        return 1;
    }
    if (n > len) {
        *cp = 0xfffd;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *cp = 0xfffd;
            return 1;
        }
        *cp = (*cp << 6) | (s[i] & 0x3f);
    }
    return n;
}
