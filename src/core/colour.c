/* SPDX-License-Identifier: MIT */
/* colour.c - "#rrggbb" and "#rrggbbaa" colours. */
#include "core/colour.h"

#include <stdio.h>
#include <string.h>

bool
sm_rgba_parse(const char *t, sm_rgba *out)
{
    unsigned v[4] = { 0, 0, 0, 255 };
    size_t n;

    if (t == NULL || t[0] != '#')
        return false;
    n = strlen(t + 1);
    if (n != 6 && n != 8)
        return false;
    for (size_t i = 1; i <= n; i++)
        if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f') ||
              (t[i] >= 'A' && t[i] <= 'F')))
            return false;
    for (size_t i = 0; i < n / 2; i++)
        sscanf(t + 1 + 2 * i, "%2x", &v[i]);
    out->r = v[0] / 255.0;
    out->g = v[1] / 255.0;
    out->b = v[2] / 255.0;
    out->a = v[3] / 255.0;
    return true;
}
