/* SPDX-License-Identifier: MIT */
/*
 * colour.h - colours as styles and theatre profiles write them: "#rrggbb"
 * or "#rrggbbaa".
 *
 * Threads: keeps no state; thread-safe.
 */
#ifndef SM_CORE_COLOUR_H
#define SM_CORE_COLOUR_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sm_rgba {
    double r, g, b, a;   /* 0..1 */
} sm_rgba;

/* Parse "#rrggbb" or "#rrggbbaa"; false (out untouched) for anything else. */
bool sm_rgba_parse(const char *text, sm_rgba *out);

#ifdef __cplusplus
}
#endif

#endif
