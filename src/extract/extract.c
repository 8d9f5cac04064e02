/* SPDX-License-Identifier: MIT */
/*
 * extract.c - the extractor built once, and one text through its passes:
 * the text checked (UTF-8, no NUL), cut into words and sentences
 * (tokens.c), names found (mentions.c) and placed (places.c), incidents
 * found (events.c).
 */
#include "extract/extract_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"

#define PART_BYTES ((size_t)1 << 20)

sm_gaz_query
sm_extractor_query(const sm_extractor *x)
{
    sm_gaz_query q = SM_GAZ_QUERY_INIT;

    q.country = x->country[0] ? x->country : NULL;
    return q;
}


sm_status
sm_extractor_new(const sm_gaz *gaz, const char *english, const sm_theatre *theatre,
                 sm_extractor **out, sm_error *err)
{
    sm_extractor *x = calloc(1, sizeof(*x));
    const char *country = theatre ? theatre->country : sm_gaz_country(gaz);
    sm_status st;

    *out = NULL;
    if (x == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if ((st = sm_lexicon_new(theatre, &x->lex, err)) != SM_OK) {
        free(x);
        return st;
    }
    x->gaz = gaz;
    snprintf(x->country, sizeof(x->country), "%s", country ? country : "");
    x->south = x->west = 1e9;
    x->north = x->east = -1e9;
    for (int i = 0; i < sm_gaz_count(gaz); i++) {
        const sm_place *p = sm_gaz_place(gaz, i);
        if (x->country[0] && sm_extractor_at_home(x, p)) {
            x->south = fmin(x->south, p->lat_deg);
            x->north = fmax(x->north, p->lat_deg);
            x->west = fmin(x->west, p->lon_deg);
            x->east = fmax(x->east, p->lon_deg);
        }
    }
    if ((english && (st = sm_lexicon_load_english(x->lex, english, err)) != SM_OK) ||
        (st = sm_names_new(gaz, &x->names, err)) != SM_OK) {
        sm_extractor_free(x);
        return st;
    }
    *out = x;
    return SM_OK;
}

void
sm_extractor_free(sm_extractor *x)
{
    if (x == NULL)
        return;
    sm_lexicon_free(x->lex);
    sm_names_free(x->names);
    free(x);
}

/* The 1-based line of byte `at`. */
static long
line_of(const char *text, size_t at)
{
    long line = 1;

    for (size_t i = 0; i < at; i++)
        line += text[i] == '\n';
    return line;
}

/* One part of the text through the passes, into out (empty). */
static sm_status
extract_part(const sm_extractor *x, const char *text, size_t len, sm_day day,
             sm_extraction *out, sm_error *err)
{
    tokens tk;
    sm_status st;

    if ((st = sm_tokens_read(&tk, x->lex, text, len, err)) != SM_OK)
        return st;
    out->sentences = (int)tk.ns;
    out->words = (int)tk.n;
    if ((st = sm_find_mentions(x, text, &tk, out, err)) == SM_OK &&
        (st = sm_resolve_mentions(x, text, &tk, out, err)) == SM_OK)
        st = sm_find_events(x, text, &tk, day, out, err);
    sm_tokens_free(&tk);
    return st;
}

/* The end of the part from text[0..len): a blank line after about
 * PART_BYTES, else a line break, else a space, else all of it. */
static size_t
part_end(const char *text, size_t len)
{
    const char *p;

    if (len <= PART_BYTES)
        return len;
    for (size_t i = PART_BYTES; i + 1 < len && i < 2 * PART_BYTES; i++)
        if (text[i] == '\n' && text[i + 1] == '\n')
            return i + 2;
    if ((p = memchr(text + PART_BYTES, '\n', len - PART_BYTES)) != NULL)
        return (size_t)(p - text) + 1;
    if ((p = memchr(text + PART_BYTES, ' ', len - PART_BYTES)) != NULL)
        return (size_t)(p - text) + 1;
    return len;
}

/* Count part's bytes, characters, sentences and words from the text's
 * start: it was read from byte `at`, character `cat`, after `sentences`
 * sentences and `words` words. Its events' mentions stay its own. */
static void
shift(sm_extraction *part, size_t at, size_t cat, int sentences, int words)
{
    for (size_t i = 0; i < part->nmentions; i++) {
        sm_mention *m = &part->mentions[i];
        m->start += at;
        m->end += at;
        m->cstart += cat;
        m->cend += cat;
        m->sentence += sentences;
        m->word += words;
    }
    for (size_t i = 0; i < part->nevents; i++) {
        sm_found_event *e = &part->events[i];
        e->sentence += sentences;
        e->start += at;
        e->end += at;
        e->cstart += cat;
        e->cend += cat;
    }
}

/* sm_utf8_is_valid, with runs of ASCII passed 8 bytes at a time (news is
 * mostly ASCII): each run of other bytes is checked on its own, since no
 * ASCII byte is inside a character, and where one cuts a character short
 * the answer is the same (the character's first byte). */
static bool
utf8_valid(const char *text, size_t len, size_t *bad)
{
    size_t i = 0, j;
    uint64_t x;

    while (i < len) {
        if (len - i >= 8 && (memcpy(&x, text + i, 8), !(x & 0x8080808080808080u))) {
            i += 8;
            continue;
        }
        if ((unsigned char)text[i] < 0x80) {
            i++;
            continue;
        }
        for (j = i + 1; j < len && (unsigned char)text[j] >= 0x80; j++)
            ;
        if (!sm_utf8_is_valid(text + i, j - i, bad)) {
            *bad += i;
            return false;
        }
        i = j;
    }
    return true;
}

/* The text checked: no NUL, UTF-8. */
static sm_status
check_text(const char *text, size_t len, sm_error *err)
{
    size_t bad;
    const char *nul;

    if (len > SM_EXTRACT_MAX_BYTES)
        return sm_fail(err, SM_EINPUT, "%zu bytes of text: more than %zu", len,
                       SM_EXTRACT_MAX_BYTES);
    if ((nul = memchr(text, '\0', len)) != NULL)
        return sm_fail(err, SM_EINPUT, "line %ld: a NUL byte (at byte %zu): not text",
                       line_of(text, (size_t)(nul - text)), (size_t)(nul - text));
    if (!utf8_valid(text, len, &bad))
        return sm_fail(err, SM_EINPUT, "line %ld: not UTF-8 (at byte %zu); convert the text "
                       "to UTF-8", line_of(text, bad), bad);
    return SM_OK;
}

/* The characters of text[0..n): its bytes but those inside a character
 * (10xxxxxx), 8 bytes at a time. */
static size_t
count_chars(const char *text, size_t n)
{
    size_t chars = 0, i = 0;
    uint64_t x;

    for (; n - i >= 8; i += 8) {
        memcpy(&x, text + i, 8);
        chars += 8 - (size_t)__builtin_popcountll(x & ~(x << 1) & 0x8080808080808080u);
    }
    for (; i < n; i++)
        chars += ((unsigned char)text[i] & 0xc0) != 0x80;
    return chars;
}

/* The text checked, then each part through the passes and handed to fn.
 * strings: the arena the parts' reasons go to, kept across them; NULL:
 * each part's own, freed with it. */
static sm_status
each_part(const sm_extractor *x, const char *text, size_t len, sm_day day, sm_arena *strings,
          sm_extract_part_fn fn, void *user, sm_error *err)
{
    size_t at = 0, cat = 0;
    int sentences = 0, words = 0;
    sm_status st;

    if ((st = check_text(text, len, err)) != SM_OK)
        return st;
    while (at < len && st == SM_OK) {
        size_t n = part_end(text + at, len - at);
        sm_extraction part = { .strings = strings ? *strings : (sm_arena)SM_ARENA_INIT };

        st = extract_part(x, text + at, n, day, &part, err);
        if (strings) {
            *strings = part.strings;    /* the reasons stay in one arena */
            part.strings = (sm_arena)SM_ARENA_INIT;
        }
        if (st == SM_OK) {
            shift(&part, at, cat, sentences, words);
            st = fn(user, &part, err);
        }
        sentences += part.sentences;
        words += part.words;
        sm_extraction_free(&part);
        cat += count_chars(text + at, n);
        at += n;
    }
    return st;
}

sm_status
sm_extract_parts(const sm_extractor *x, const char *text, size_t len, sm_day day,
                 sm_extract_part_fn fn, void *user, sm_error *err)
{
    return each_part(x, text, len, day, NULL, fn, user, err);
}

/* A part appended to the whole extraction (user). */
static sm_status
append(void *user, sm_extraction *part, sm_error *err)
{
    sm_extraction *out = user;
    size_t m0 = out->nmentions;

    if (!sm_grow((void **)&out->mentions, &out->mentions_cap, out->nmentions + part->nmentions,
                 sizeof(sm_mention), 64) ||
        !sm_grow((void **)&out->events, &out->events_cap, out->nevents + part->nevents,
                 sizeof(sm_found_event), 16))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (part->nmentions > 0)
        memcpy(out->mentions + out->nmentions, part->mentions,
               part->nmentions * sizeof(sm_mention));
    out->nmentions += part->nmentions;
    for (size_t i = 0; i < part->nevents; i++) {
        sm_found_event *e = &out->events[out->nevents++];
        *e = part->events[i];
        e->mention += (int)m0;
    }
    out->sentences += part->sentences;
    out->words += part->words;
    return SM_OK;
}

sm_status
sm_extract(const sm_extractor *x, const char *text, size_t len, sm_day day,
           sm_extraction *out, sm_error *err)
{
    sm_status st;

    memset(out, 0, sizeof(*out));
    st = each_part(x, text, len, day, &out->strings, append, out, err);
    if (st != SM_OK)
        sm_extraction_free(out);
    return st;
}

void
sm_extraction_free(sm_extraction *r)
{
    free(r->mentions);
    free(r->events);
    sm_arena_free(&r->strings);
    memset(r, 0, sizeof(*r));
}
