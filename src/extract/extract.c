/* SPDX-License-Identifier: MIT */
/*
 * extract.c - the extractor built once, and one text through its passes:
 * the text checked (UTF-8, no NUL), cut into words and sentences
 * (tokens.c), names found (mentions.c) and placed (places.c), incidents
 * found (events.c).
 */
#include "extract/extract_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

sm_status
sm_extractor_new(const sm_gaz *gaz, const char *english, sm_extractor **out, sm_error *err)
{
    sm_extractor *x = calloc(1, sizeof(*x));
    sm_status st;

    *out = NULL;
    if (x == NULL || (x->lex = sm_lexicon_new()) == NULL) {
        free(x);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    x->gaz = gaz;
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

sm_status
sm_extract(const sm_extractor *x, const char *text, size_t len, sm_day day,
           sm_extraction *out, sm_error *err)
{
    tokens tk;
    size_t bad;
    const char *nul;
    sm_status st;

    memset(out, 0, sizeof(*out));
    if (len > SM_EXTRACT_MAX_BYTES)
        return sm_fail(err, SM_EINPUT, "%zu bytes of text: more than %zu", len,
                       SM_EXTRACT_MAX_BYTES);
    if ((nul = memchr(text, '\0', len)) != NULL)
        return sm_fail(err, SM_EINPUT, "line %ld: a NUL byte (at byte %zu): not text",
                       line_of(text, (size_t)(nul - text)), (size_t)(nul - text));
    if (!sm_utf8_is_valid(text, len, &bad))
        return sm_fail(err, SM_EINPUT, "line %ld: not UTF-8 (at byte %zu); convert the text "
                       "to UTF-8", line_of(text, bad), bad);
    if ((st = sm_tokens_read(&tk, x->lex, text, len, err)) != SM_OK)
        return st;
    out->sentences = (int)tk.ns;
    if ((st = sm_find_mentions(x, text, &tk, out, err)) == SM_OK &&
        (st = sm_resolve_mentions(x, text, &tk, out, err)) == SM_OK)
        st = sm_find_events(x, text, &tk, day, out, err);
    sm_tokens_free(&tk);
    if (st != SM_OK)
        sm_extraction_free(out);
    return st;
}

void
sm_extraction_free(sm_extraction *r)
{
    free(r->mentions);
    free(r->events);
    memset(r, 0, sizeof(*r));
}
