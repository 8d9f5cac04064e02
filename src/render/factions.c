/* SPDX-License-Identifier: MIT */
/*
 * factions.c - the factions a map shows, for the legend: each one's colours
 * from the style, or, for a faction the style does not know, a neutral grey,
 * with its id in the legend and its name in a warning.
 */
#include "render/render_int.h"

#include <stdio.h>
#include <string.h>

struct seen_faction *
sm_map__seen(map *m, const char *id)
{
    for (int i = 0; i < m->nseen; i++)
        if (strcmp(m->seen[i].id, id) == 0)
            return &m->seen[i];
    if (m->nseen == (int)SM_LEN(m->seen))
        return NULL;
    memset(&m->seen[m->nseen], 0, sizeof(m->seen[0]));
    snprintf(m->seen[m->nseen].id, sizeof(m->seen[0].id), "%s", id);
    return &m->seen[m->nseen++];
}

int
sm_map__faction_rank(const sm_style *s, const char *id)
{
    for (int i = 0; i < s->nfactions; i++)
        if (strcmp(s->factions[i].id, id) == 0)
            return i;
    return SM_STYLE_MAX_FACTIONS;
}

const sm_faction_style *
sm_map__faction(map *m, const char *id)
{
    const sm_faction_style *f = sm_style_faction(m->s, id);
    struct seen_faction *seen = sm_map__seen(m, id);

    if (seen)
        seen->known = f != NULL;
    if (f)
        return f;
    if (m->rep && !strstr(m->rep->warning, id)) {
        size_t n = strlen(m->rep->warning);
        snprintf(m->rep->warning + n, sizeof(m->rep->warning) - n, "%s%s",
                 n ? ", " : "factions the style does not define: ", id);
    }
    return NULL;
}
