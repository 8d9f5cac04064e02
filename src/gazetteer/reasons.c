/* SPDX-License-Identifier: MIT */
/*
 * reasons.c - how a candidate matched, in words: "name \"Aleppo\"",
 * "1 edit from \"Damascus\" (dmsk ~ dVmVsk)", "read from the Arabic name
 * ...", then how it was read, the distance to the context, whether it is a
 * guess, and the place's kind and sources ("; city, GeoNames").
 *
 * The pieces are copied as one snprintf would write them together: cut at
 * the end of the buffer, then back to a whole UTF-8 character.
 */
#include "gazetteer/gaz_int.h"

#include <stdio.h>
#include <string.h>

#include "core/fmt.h"
#include "core/text.h"

typedef struct reason {
    char *text;
    size_t cap, o;         /* o: the length the text would have uncut */
} reason;

/* Inline: most pieces are literals, whose length is then known. */
static inline __attribute__((always_inline)) void
say(reason *r, const char *piece)
{
    size_t n;

    if (piece == NULL)
        piece = "(null)";                 /* as printf writes it */
    n = strlen(piece);
    if (r->o + 1 < r->cap)
        memcpy(r->text + r->o, piece, n < r->cap - 1 - r->o ? n : r->cap - 1 - r->o);
    r->o += n;
    r->text[r->o < r->cap ? r->o : r->cap - 1] = '\0';
}

static void
say_int(reason *r, int v)
{
    char digits[16];

    sm_fmt_int(digits, sizeof(digits), v);
    say(r, digits);
}

void
sm_gaz__reason(const sm_gaz *g, const gaz_match *m, const char *key, char *why, size_t cap)
{
    const gaz_name *nm = &g->names[m->name];
    const sm_place *p = &g->places[nm->place].p;
    char kt[SM_GAZ_KEY_MAX * 2], mk[SM_GAZ_KEY_MAX * 2];
    reason r = { why, cap, 0 };
    size_t bad;

    if (cap == 0)
        return;
    if (m->reading) {
        say(&r, "read from the Arabic name ");
        say(&r, nm->text);
    } else if (m->edits > 0) {
        say_int(&r, m->edits);
        say(&r, m->edits > 1 ? " edits from \"" : " edit from \"");
        say(&r, nm->text);
        say(&r, "\" (");
        say(&r, sm_gaz_key_text(key, kt, sizeof(kt)));
        say(&r, " ~ ");
        say(&r, sm_gaz_key_text(g->keys[nm->key].text, mk, sizeof(mk)));
        say(&r, ")");
    } else if (m->full) {
        say(&r, nm->kind == SM_NAME_ALIAS ? "alias \"" : "name \"");
        say(&r, nm->text);
        say(&r, "\"");
    } else {
        say(&r, nm->kind == SM_NAME_ALIAS ? "alias \"" :
                nm->kind == SM_NAME_ARABIC ? "Arabic name \"" : "spelling \"");
        say(&r, nm->text);
        say(&r, "\", same folded key ");
        say(&r, sm_gaz_key_text(key, kt, sizeof(kt)));
    }
    if (r.o < r.cap && m->variant)
        say(&r, " (read another way: dh as d, German sch and ch, or without generic words)");
    if (r.o < r.cap && m->near_km >= 0) {
        char km[64];
        sm_fmt_round(km, sizeof(km), m->near_km);
        say(&r, "; ");
        say(&r, km);
        say(&r, " km from the context");
    }
    if (r.o < r.cap && m->uncertain)
        say(&r, "; uncertain");
    if (r.o < r.cap) {
        say(&r, "; ");
        say(&r, p->kind ? p->kind : p->feature_code);
        say(&r, p->curated ? ", curated" : "");
        say(&r, p->geonames_id ? ", GeoNames" : sm_gaz_community_only(p) ? ", OCHA" : "");
    }
    if (!sm_utf8_is_valid(why, strlen(why), &bad))
        why[bad] = '\0';
}
