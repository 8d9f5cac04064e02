/* SPDX-License-Identifier: MIT */
/* timeline_int.h - what the timeline's files share; internal to timeline. */
#ifndef SM_TIMELINE_INT_H
#define SM_TIMELINE_INT_H

#include "timeline/timeline.h"

/* Add a SpatiaLite ring to zone z of s (which must be s's last zone),
 * turned counter-clockwise for an outer ring and clockwise for a hole, as
 * the store keeps them (the zone on the ring's left), and grow z's
 * envelope. A ring of fewer than 4 points is left out. False when memory
 * runs out. */
bool sm_situation__add_ring(sm_situation *s, sm_sit_zone *z, gaiaRingPtr r, bool outer);

/* A polygonal geometry's area in lon/lat on the WGS84 ellipsoid, km2. */
double sm_geom__km2(gaiaGeomCollPtr g);

#endif
