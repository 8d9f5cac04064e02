/* SPDX-License-Identifier: MIT */
/*
 * phrases.c - what the furniture writes, in the map's language: a phrase
 * from the language's words (sm_render_opts.words, core/words.h) or its
 * English, its {names} filled, its digits written as the map asks, and in
 * a right-to-left map a mark that sets its direction when it would start
 * with a Latin word; a day with the language's months.
 */
#include "render/render_int.h"

#include <stdio.h>
#include <string.h>

/* True when text's first letter is of a left-to-right script. */
static bool
starts_ltr(const char *text)
{
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if ((c >= 0x590 && c <= 0x8ff) || (c >= 0xfb1d && c <= 0xfdff) ||
            (c >= 0xfe70 && c <= 0xfeff) || c == 0x200f)
            return false;               /* Hebrew, Arabic, Syriac, ...; a mark */
        if (g_unichar_isalpha(c))
            return true;
    }
    return false;
}

bool
sm_map__rtl(const map *m)
{
    return sm_words_rtl(m->o->words);
}

bool
sm_map__text_rtl(const map *m, const char *text)
{
    return sm_map__rtl(m) && !starts_ltr(text);
}

bool
sm_map__arabic_digits(const map *m)
{
    return m->o->digits == SM_DIGITS_ARABIC ||
           (m->o->digits == SM_DIGITS_DEFAULT && sm_words_arabic_digits(m->o->words));
}

const char *
sm_map__word(const map *m, const char *key, const char *english)
{
    return sm_words_or(m->o->words, key, english);
}

void
sm_map__numerals(const map *m, char *text, size_t cap)
{
    char own[SM_PHRASE_MAX];

    if (!sm_map__arabic_digits(m) || strpbrk(text, "0123456789") == NULL)
        return;
    sm_words_arabic_indic(text, own, cap < sizeof(own) ? cap : sizeof(own));
    snprintf(text, cap, "%s", own);
}

void
sm_map__phrase(const map *m, const char *key, const char *english, const char *const *names,
               const char *const *values, size_t n, char *out, size_t cap)
{
    char filled[SM_PHRASE_MAX];

    sm_words_fill(sm_map__word(m, key, english), names, values, n, filled, sizeof(filled));
    sm_map__numerals(m, filled, sizeof(filled));
    /* a right-to-left line that starts with a Latin name (a faction's not
     * translated) reads from the right all the same: U+200F before it */
    if (sm_map__rtl(m) && starts_ltr(filled))
        snprintf(out, cap, "\xe2\x80\x8f%s", filled);
    else
        snprintf(out, cap, "%s", filled);
}

void
sm_map__day_text(const map *m, sm_day day, char *out, size_t cap)
{
    sm_words_date(m->o->words, day, m->o->date_format, sm_map__arabic_digits(m), out, cap);
}

void
sm_map__phrase_n(const map *m, const char *key, const char *english, long n,
                 const char *const *names, const char *const *values, size_t nvalues, char *out,
                 size_t cap)
{
    char plural[96];

    sm_words_plural_key(m->o->words, key, n, plural, sizeof(plural));
    sm_map__phrase(m, plural, english, names, values, nvalues, out, cap);
}

void
sm_map__sources_text(const map *m, char *out, size_t cap)
{
    const char *text = sm_map__sources(m), *sources = "Sources: ", *map_by = " Map: ";
    size_t n = strlen(sources);
    char own[SM_PHRASE_MAX];

    /* the sources' fixed words, when the language has them: "Sources:" first,
     * " Map:" before the mapmaker */
    if (strncmp(text, sources, n) == 0 && sm_words_get(m->o->words, "credits.sources")) {
        snprintf(own, sizeof(own), "%s %s", sm_words_get(m->o->words, "credits.sources"),
                 text + n);
    } else {
        snprintf(own, sizeof(own), "%s", text);
    }
    const char *at = strstr(own, map_by), *word = sm_words_get(m->o->words, "credits.map");
    /* right to left, a left-to-right mark after the sources, so that their
     * closing full stop stays with them, not at the far end of the line */
    const char *lrm = sm_words_rtl(m->o->words) ? "\u200e" : "";
    if (at && word)
        snprintf(out, cap, "%.*s%s %s %s", (int)(at - own), own, lrm, word, at + strlen(map_by));
    else
        snprintf(out, cap, "%s%s", own, lrm);
}
