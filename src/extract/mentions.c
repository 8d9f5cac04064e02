/* SPDX-License-Identifier: MIT */
/*
 * mentions.c - names found in the words of a text, longest first.
 *
 * From each word that may begin a name (a capital, Arabic script, or an
 * article before one), the run of words joined by spaces or dashes is
 * extended while its joined keys begin some name of the table; the longest
 * run that is a whole name is the mention, or a longer run of capitalised
 * words read as a place's Arabic name ("Deir Sharqi", دير شرقي). A run followed by a feature word
 * ("al-Fija springs", "Barada valley") is also tried as the Arabic name of
 * that feature ("Ain al-Fija", "Wadi Barada").
 *
 * False friends: a name of the not-a-place list ("Bashar al-Assad", "Jabhat
 * Fatah al-Sham", "Syria Direct") is found like a place and says why it is
 * none; a place's name after a title or a given name ("General Ahmad
 * Gharban", "Raed al-Farati"), after the head of a faction's name ("Liwa
 * al-Baqir"), or before another proper name ("Damascus Declaration") is part
 * of a person's or a body's name; a common English word ("Deal") or an
 * acronym ("SDF") alone is no place; a byline or a photo credit names
 * people and outlets, no place; a name begun by a place word that the
 * gazetteer does not have whole ("Tal Balah") is not its parts ("Tal",
 * "Balah").
 */
#include "extract/extract_int.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

#define MAX_NAME_WORDS 8

static bool
can_begin(const char *text, const tokens *tk, size_t i)
{
    const tok *t = &tk->t[i];

    if (t->flags & T_NUM)
        return false;                     /* but a name may hold digits */
    if (t->keylen == 0)                   /* an article: "al-Bab", "Al Bab"; not "as" */
        return i + 1 < tk->n && (text[tk->t[i + 1].start - 1] == '-' ||
                                 sm_tok_is(text, t, "al") || sm_tok_is(text, t, "el"));
    if (t->lex && (t->lex->roles & W_STOP) && !(t->lex->roles & W_PLACE_WORD))
        return false;                     /* "In Deir ez-Zor" begins at Deir */
    return (t->flags & (T_CAP | T_ARABIC)) != 0;
}

/* May word j continue a name begun before it? A feature word written in
 * lower case may too, when the name goes on with it ("Tabqa military
 * airport", a name of the airbase, not the town). */
static bool
can_continue(const tok *t)
{
    if (!(t->flags & T_JOINED))
        return false;
    return t->keylen == 0 || (t->flags & (T_CAP | T_ARABIC | T_NUM)) ||
           (t->lex && (t->lex->roles & W_SUFFIX) && !(t->lex->roles & W_LOCATIVE));
}

typedef struct match {
    size_t last;                /* the last word */
    const name_entry *e;
    const char *generic;        /* the feature's Arabic word, or NULL */
} match;

/* The longest name from word i of sentence s, if any. */
static bool
longest(const sm_extractor *x, const tokens *tk, const sentence *s, size_t i,
        const char *first_key, size_t first_len, match *m)
{
    char key[SM_GAZ_KEY_MAX] = "";
    size_t klen = 0, end = s->first + s->n, words = 0;
    bool found = false;

    for (size_t j = i; j < end && words < MAX_NAME_WORDS; j++) {
        const tok *t = &tk->t[j];
        const name_entry *e;
        bool joined;

        if (j > i && !can_continue(t))
            break;
        if (t->keylen == 0)
            continue;
        joined = j == i && first_key ? sm_key_join(key, &klen, first_key, first_len)
                                     : sm_key_join(key, &klen, tk->keys + t->key, t->keylen);
        if (!joined)
            break;
        words++;
        if ((e = sm_names_get(x->names, key, klen)) == NULL)
            break;
        if (e->whole) {
            m->last = j;
            m->e = e;
            m->generic = NULL;
            found = true;
        }
    }
    return found;
}

/* The longest run of capitalised Latin words from i, at most four, whose
 * reading is that of a place's Arabic name ("Deir Sharqi", دير شرقي, which
 * OCHA's English calls "Eastern Deir"), if any. */
static bool
by_reading(const sm_extractor *x, const tokens *tk, const sentence *s, size_t i, match *m)
{
    char key[SM_GAZ_KEY_MAX] = "", rk[SM_GAZ_KEY_MAX];
    size_t klen = 0, end = s->first + s->n, words = 0, n;
    bool found = false;

    for (size_t j = i; j < end && words < 4; j++) {
        const tok *t = &tk->t[j];
        const name_entry *e;

        if ((j > i && !can_continue(t)) || (t->flags & (T_ARABIC | T_NUM)))
            break;
        if (t->keylen == 0)
            continue;
        if (!(t->flags & T_CAP) || !sm_key_join(key, &klen, tk->keys + t->key, t->keylen))
            break;
        words++;
        if ((n = sm_gaz_reading_key(key, klen, rk, sizeof(rk))) > 0 &&
            (e = sm_names_get(x->names, rk, n)) != NULL && e->whole && e->places >= 0) {
            m->last = j;
            m->e = e;
            m->generic = NULL;
            found = true;
        }
    }
    return found;
}

/* An Arabic word with a particle attached (و "and", ب "in", ل "to", ف, ك:
 * "بدوما", "والرقة"): the key of the word without it, into key; 0 if none. */
static size_t
without_particle(const char *text, const tok *t, char *key, size_t cap)
{
    static const char particles[][3] = { "\xd9\x88", "\xd8\xa8", "\xd9\x84", "\xd9\x81",
                                         "\xd9\x83" };
    char word[128];
    size_t n = t->end - t->start;

    if (!(t->flags & T_ARABIC) || n < 6 || n - 2 >= sizeof(word))
        return 0;
    for (size_t k = 0; k < sizeof(particles) / sizeof(particles[0]); k++)
        if (memcmp(text + t->start, particles[k], 2) == 0) {
            memcpy(word, text + t->start + 2, n - 2);
            word[n - 2] = '\0';
            return sm_gaz_fold(word, key, cap);
        }
    return 0;
}

/* A run of names' words from i followed by a feature word: "al-Fija
 * springs" as "Ain al-Fija". */
static bool
with_generic(const sm_extractor *x, const tokens *tk, const sentence *s, size_t i, match *m)
{
    size_t end = s->first + s->n;

    for (size_t g = i + 1; g < end && g <= i + 4; g++) {
        const tok *t = &tk->t[g];
        char key[SM_GAZ_KEY_MAX], gkey[SM_GAZ_KEY_MAX];
        size_t klen, glen;
        const name_entry *e;

        if (t->lex && (t->lex->roles & W_GENERIC) && (t->flags & T_JOINED)) {
            glen = sm_gaz_fold(t->lex->generic_name, gkey, sizeof(gkey));
            memcpy(key, gkey, glen + 1);
            klen = glen;
            for (size_t j = i; j < g; j++)
                if (tk->t[j].keylen > 0 &&
                    !sm_key_join(key, &klen, tk->keys + tk->t[j].key, tk->t[j].keylen))
                    return false;
            if (klen == glen)
                return false;
            e = sm_names_get(x->names, key, klen);
            if (e == NULL || !e->whole || e->places < 0)
                return false;
            m->last = g;
            m->e = e;
            m->generic = t->lex->generic_name;
            return true;
        }
        if (!can_continue(t))
            return false;
    }
    return false;
}

static bool
has_role(const tok *t, uint32_t roles)
{
    return t->lex && (t->lex->roles & roles);
}

/* A heading in title case ("ISIS Destroys Last Hospital in Regime-Held
 * Deir ez-Zor"): most of its longer words begin with a capital, and it is a
 * line of its own or long enough not to be a sentence full of names. */
static bool
title_case(const tokens *tk, const sentence *s)
{
    int words = 0, caps = 0;

    for (size_t i = s->first; i < s->first + s->n; i++) {
        const tok *t = &tk->t[i];
        if (t->end - t->start >= 4 && !(t->flags & (T_NUM | T_ARABIC))) {
            words++;
            caps += (t->flags & T_CAP) != 0;
        }
    }
    return (s->heading && words >= 3 && caps * 10 >= words * 7) ||
           (words >= 6 && caps * 10 >= words * 8);
}

/* Why the words before or after a match make it part of another name, or
 * NULL. */
static const char *
part_of_other_name(const tokens *tk, const sentence *s, size_t i, size_t last, bool heading)
{
    size_t end = s->first + s->n;

    for (size_t j = i; j <= last; j++)
        if (has_role(&tk->t[j], W_FACTION))
            return "part of a faction's name";
    if (i > s->first) {
        const tok *p = &tk->t[i - 1];
        const tok *t = &tk->t[i];
        if ((t->flags & T_JOINED) && has_role(p, W_FACTION))
            return "part of a faction's name";
        if ((t->flags & T_JOINED) && has_role(p, W_TITLE) && !has_role(p, W_PLACE_WORD))
            return "part of a person's name (after a title)";
        if (heading || !(t->flags & T_JOINED) || !(p->flags & T_CAP) || (p->flags & T_POSS))
            ;
        else if (!(p->flags & T_ALLCAPS) && p->keylen > 0 &&
                 !has_role(p, W_STOP | W_PLACE_WORD | W_DIRECTION | W_WEEKDAY | W_MONTH |
                                  W_SUFFIX | W_CUE | W_LOCATIVE))
            return "part of a longer name (a person's?)";
        else if (!(p->flags & T_FIRST) && has_role(p, W_STOP) &&
                 !has_role(p, W_PLACE_WORD | W_DIRECTION | W_LOCATIVE | W_SUFFIX | W_MONTH |
                                  W_WEEKDAY))
            return "part of a longer name";     /* "The Daily Sabah", "Red Crescent" */
    }
    if (last + 1 < end && !heading && !(tk->t[last].flags & T_POSS)) {
        const tok *n = &tk->t[last + 1];
        if ((n->flags & T_JOINED) && (n->flags & T_CAP) && n->keylen > 0 && n->lex == NULL &&
            !(n->flags & T_ALLCAPS))
            return "part of a longer name";
    }
    return NULL;
}

static sm_status
add(sm_extraction *out, const tokens *tk, size_t i, size_t last, sm_mention_kind kind,
    const char *why)
{
    sm_mention *m;

    if (!sm_grow((void **)&out->mentions, &out->mentions_cap, out->nmentions,
                 sizeof(sm_mention), 64))
        return SM_ENOMEM;
    m = &out->mentions[out->nmentions++];
    memset(m, 0, sizeof(*m));
    m->start = tk->t[i].start;
    m->end = tk->t[last].end;
    m->cstart = tk->t[i].cstart;
    m->cend = tk->t[last].cend;
    m->kind = kind;
    m->place = -1;
    m->sentence = tk->t[i].sentence;
    m->word = (int)i;
    m->nwords = (int)(last - i + 1);
    m->why = why ? why : "";
    return SM_OK;
}

/* A capitalised word right after the last (a space or a hyphen between):
 * the same name goes on. */
static bool
name_goes_on(const tok *t)
{
    return (t->flags & (T_CAP | T_JOINED)) == (T_CAP | T_JOINED);
}

/* A line that names the article's makers, not its places: a byline ("By
 * Ammar Hamou and Tom Rollins", on a line of its own, names and "and"
 * only) or a credit ("Photo: ...", "Image: ..."). */
static bool
credit_line(const char *text, const tokens *tk, const sentence *s)
{
    static const char *const credits[] = { "photo", "photos", "photograph", "picture",
                                           "image", "images", "credit", "video", "graphic" };
    const tok *t = &tk->t[s->first];

    if (s->n == 0)
        return false;
    for (size_t k = 0; k < SM_LEN(credits); k++)
        if (sm_tok_is(text, t, credits[k]) && t->end < s->end && text[t->end] == ':')
            return true;
    if (!s->heading || s->n < 3 || !sm_tok_is(text, t, "by"))
        return false;
    for (size_t i = s->first + 1; i < s->first + s->n; i++)
        if (!(tk->t[i].flags & T_CAP) && !sm_tok_is(text, &tk->t[i], "and"))
            return false;
    return true;
}

sm_status
sm_find_mentions(const sm_extractor *x, const char *text, const tokens *tk,
                 sm_extraction *out, sm_error *err)
{
    for (size_t si = 0; si < tk->ns; si++) {
        const sentence *s = &tk->s[si];
        size_t end = s->first + s->n;
        bool heading = title_case(tk, s);

        if (credit_line(text, tk, s))
            continue;

        for (size_t i = s->first; i < end;) {
            match m = { 0 }, g = { 0 };
            bool plain, generic;
            const char *other;
            size_t keyed = 0;

            if (!can_begin(text, tk, i)) {
                i++;
                continue;
            }
            plain = longest(x, tk, s, i, NULL, 0, &m);
            if (!plain) {                 /* "بدوما": Douma */
                char key[SM_GAZ_KEY_MAX];
                size_t klen = without_particle(text, &tk->t[i], key, sizeof(key));
                plain = klen > 0 && longest(x, tk, s, i, key, klen, &m);
            }
            generic = with_generic(x, tk, s, i, &g);
            if (generic && (!plain || g.last > m.last)) {
                m = g;
                plain = true;
            }
            /* a spelling no list holds, read as an Arabic name */
            if (by_reading(x, tk, s, i, &g) && (!plain || g.last > m.last))
                m = g;
            else if (!plain) {
                i++;
                continue;
            }
            /* "Tal Balah", "Kafr Battikh" when the gazetteer has neither:
               the place word alone is no place, nor is the rest of the
               name it begins */
            if (m.last == i && has_role(&tk->t[i], W_PLACE_WORD) && i + 1 < end &&
                name_goes_on(&tk->t[i + 1])) {
                for (i++; i < end && name_goes_on(&tk->t[i]);)
                    i++;
                continue;
            }
            for (size_t j = i; j <= m.last; j++)
                keyed += tk->t[j].keylen > 0;
            /* "Hama province", "Idlib governorate": the governorate */
            if (!m.e->not_place && m.last + 1 < end && (tk->t[m.last + 1].flags & T_JOINED) &&
                (sm_tok_is(text, &tk->t[m.last + 1], "province") ||
                 sm_tok_is(text, &tk->t[m.last + 1], "governorate")))
                m.last++;
            if (m.e->not_place) {
                if (add(out, tk, i, m.last, SM_MENTION_NOT_PLACE, m.e->not_place) != SM_OK)
                    goto nomem;
            } else if (keyed == 1 && m.last == i + (tk->t[i].keylen == 0) &&
                       (has_role(&tk->t[m.last], W_STOP) ||
                        ((tk->t[m.last].flags & T_ALLCAPS) &&
                         tk->t[m.last].end - tk->t[m.last].start <= 5))) {
                i = m.last + 1;                   /* "Deal", "SDF": no place alone */
                continue;
            } else if ((other = part_of_other_name(tk, s, i, m.last, heading)) != NULL) {
                /* reported, unless a scrap too short to be a name ("Su-24") */
                if (tk->t[m.last].end - tk->t[i].start > 2 &&
                    add(out, tk, i, m.last, SM_MENTION_NOT_PLACE, other) != SM_OK)
                    goto nomem;
            } else {
                if (add(out, tk, i, m.last, SM_MENTION_PLACE, NULL) != SM_OK)
                    goto nomem;
                out->mentions[out->nmentions - 1].feature = m.generic;
            }
            i = m.last + 1;
        }
    }
    return SM_OK;
nomem:
    return sm_fail(err, SM_ENOMEM, "out of memory");
}

size_t
sm_mentions_from(const sm_extraction *out, int w)
{
    size_t lo = 0, hi = out->nmentions;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (out->mentions[mid].word < w)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int
sm_mention_at(const sm_extraction *out, int w)
{
    size_t i = sm_mentions_from(out, w);

    return i < out->nmentions && out->mentions[i].word == w ? (int)i : -1;
}
