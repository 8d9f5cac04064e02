/* SPDX-License-Identifier: MIT */
/* describe_int.h - what the description's files share (describe.c,
 * describe_geom.c, describe_text.c); internal to timeline. */
#ifndef SM_DESCRIBE_INT_H
#define SM_DESCRIBE_INT_H

#include "timeline/timeline.h"

/* One faction in the map's box: the land it holds, and what it gained and
 * lost since the change's earlier day. */
typedef struct sm_desc_faction {
    const char *id;                    /* the situation's or the change's string */
    double km2;                        /* its zones' union in the box (and the land) */
    double gained_km2, lost_km2;
    const char *gained_from;           /* the faction that lost most of what it
                                          gained (half of it or more); NULL */
} sm_desc_faction;

/* What the description measures, with GEOS, on the ellipsoid. */
typedef struct sm_desc_measure {
    double whole_km2;                  /* the land in the box; with no land, the
                                          zoned area in it */
    bool has_land;                     /* the shares are of the land */
    bool whole_country;                /* the box holds (98% of) the land */
    bool in_land;                      /* the box meets the land */
    double centre_x, centre_y;         /* the land in the box's centre, as a share
                                          of the land's envelope (0 west/south, 1
                                          east/north) */
    double nodata_km2;                 /* the land in the box no zone covers */
    sm_desc_faction *factions;         /* by id */
    size_t nfactions;
} sm_desc_measure;

sm_status sm_describe__measure(const sm_situation *s, const sm_describe_opts *o,
                               const sm_diff *change, sm_desc_measure *m, sm_error *err);
void sm_describe__measure_free(sm_desc_measure *m);

/* The phrase of key in o's phrases, else in English ("" when neither has
 * it: a missing phrase leaves a gap, never a crash). */
const char *sm_describe__phrase(const sm_describe_opts *o, const char *key);

#endif
