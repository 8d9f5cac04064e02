/* SPDX-License-Identifier: MIT */
/*
 * fmt.h - what snprintf writes for the few formats that hot paths write
 * (reasons in words, some hundred thousand a megabyte of news), at a
 * fraction of its cost: the same bytes, the same cutting at the end of the
 * buffer and the same return value. The library's own (not installed).
 */
#ifndef SM_CORE_FMT_H
#define SM_CORE_FMT_H

#include <stddef.h>

/* snprintf(out, cap, "%.0f", v): a finite v of magnitude below 2^52 is
 * rounded here, half to even as glibc rounds the exact binary value; any
 * other goes to snprintf. */
int sm_fmt_round(char *out, size_t cap, double v);
/* snprintf(out, cap, "%d", v). */
int sm_fmt_int(char *out, size_t cap, int v);
/* snprintf(out, cap, "%s%s...", ...) of the strings given, up to a NULL:
 * out holds the first cap - 1 bytes of them and a NUL (cut anywhere, as
 * snprintf cuts); returns their whole length. No string may overlap out. */
int sm_fmt_join(char *out, size_t cap, ...) __attribute__((sentinel));

#endif
