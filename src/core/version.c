/* SPDX-License-Identifier: MIT */
/* version.c - the library's version, for a program to check against the
 * headers it was built with (sitmap.h). */
#include "sitmap.h"

const char *
sm_version(void)
{
    return SITMAP_VERSION;
}

int
sm_version_number(void)
{
    return SITMAP_VERSION_NUMBER;
}
