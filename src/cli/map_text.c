/* SPDX-License-Identifier: MIT */
/*
 * map_text.c - a map in words (--alt-text FILE of render, series and diff):
 * the situation the map shows described for the frame's box and the
 * country's land, with the style's names for the factions; carried by the
 * map itself (its description) and written to the file after the map.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

int
sm_cli_map_describe(sm_cli_map *m, const sm_situation *sit)
{
    sm_describe_opts d = SM_DESCRIBE_OPTS_INIT;
    const char *labels[2 * SM_STYLE_MAX_FACTIONS];
    sm_buf text = SM_BUF_INIT;
    sm_error err = { 0 };
    size_t n = 0;

    if (m->alt_text == NULL)
        return -1;
    if (m->frame)               /* what the map shows: its frame, not the region asked */
        sm_frame_extent(m->frame, &d.west, &d.south, &d.east, &d.north);
    else {
        d.west = m->o.west;
        d.south = m->o.south;
        d.east = m->o.east;
        d.north = m->o.north;
    }
    d.land = m->border.nrings > 0 ? &m->border : NULL;
    d.country_name = m->o.country_name;
    d.country = m->o.country;
    for (int i = 0; i < m->style.nfactions; i++) {
        labels[n++] = m->style.factions[i].id;
        labels[n++] = m->style.factions[i].label;
    }
    d.labels = labels;
    d.nlabels = n / 2;
    if (sm_situation_describe(sit, &d, &text, &err) != SM_OK) {
        sm_buf_free(&text);
        return sm_cli_fail(&err);
    }
    n = text.len < sizeof(m->description) ? text.len : sizeof(m->description) - 1;
    while (n > 0 && n < text.len && (text.data[n] & 0xC0) == 0x80)
        n--;                    /* cut between characters, never inside one */
    memcpy(m->description, sm_buf_str(&text), n);
    m->description[n] = '\0';
    sm_buf_free(&text);
    return -1;
}

int
sm_cli_map_write_text(const sm_cli *cli, const sm_cli_map *m)
{
    sm_atomic_file af = SM_ATOMIC_FILE_INIT;
    sm_error err = { 0 };

    if (m->alt_text == NULL)
        return SM_EXIT_OK;
    if (sm_atomic_file_open(&af, m->alt_text, &err) != SM_OK)
        return sm_cli_fail(&err);
    if (fputs(m->description, af.fp) < 0 || fputc('\n', af.fp) < 0 ||
        sm_atomic_file_commit(&af, &err) != SM_OK) {
        if (err.status == SM_OK)
            sm_fail(&err, SM_EIO, "%s: cannot write the map's text", m->alt_text);
        sm_atomic_file_discard(&af);
        return sm_cli_fail(&err);
    }
    sm_cli_say(cli, "%s: the map in words\n", m->alt_text);
    return SM_EXIT_OK;
}
