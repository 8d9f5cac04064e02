/* SPDX-License-Identifier: MIT */
/*
 * when.c - the day a sentence's words give, counted from the article's day:
 *   today, this morning, tonight          the day             (precision 1)
 *   yesterday, last night                 the day before      (1)
 *   on Wednesday, last Wednesday          the latest Wednesday up to the day (1)
 *   3 days ago; December 22, 22 Dec 2016  that day (the latest such date up
 *                                         to the day when no year is given) (1)
 *   this week, last week, last weekend,
 *   a week ago, 2 weeks ago               a day of that week  (2)
 *   since December 22, since Friday,
 *   continues                             the day, ongoing    (2)
 *   last month, in December               the middle of that month (3)
 * The first expression of the sentence counts, outside relative clauses: the
 * weekend of "rebels retook Sheikh Najjar, which the army seized over the
 * weekend" is not the day of the retaking. Precision codes as ACLED's.
 */
#include "extract/extract_int.h"

#include <string.h>

static bool
is(const char *text, const tok *t, const char *w)
{
    return sm_tok_is(text, t, w);
}

static bool
role(const tok *t, uint32_t r)
{
    return t->lex && (t->lex->roles & r);
}

/* True if text[0..n) holds a comma or a semicolon. */
static bool
has_comma(const char *text, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (text[i] == ',' || text[i] == ';')
            return true;
    return false;
}

/* The latest day up to `day` that is the given month and day of month
 * (in year y if y > 0). */
static bool
month_day(sm_day day, int month, int mday, int y, sm_day *out)
{
    int yy, mm, dd;

    sm_day_to_ymd(day, &yy, &mm, &dd);
    if (y > 0)
        return sm_day_from_ymd(y, month, mday, out);
    if (!sm_day_from_ymd(yy, month, mday, out))
        return false;
    if (*out > day + 1)
        return sm_day_from_ymd(yy - 1, month, mday, out);
    return true;
}

bool
sm_sentence_date(const char *text, const tokens *tk, const sentence *s, sm_day day,
                 sm_day *out, sm_precision *precision)
{
    size_t end = s->first + s->n;
    bool relative = false;           /* in ", which ...", up to the next comma */

    for (size_t i = s->first; i < end; i++) {
        const tok *t = &tk->t[i];
        const tok *prev = i > s->first ? &tk->t[i - 1] : NULL;
        const tok *next = i + 1 < end ? &tk->t[i + 1] : NULL;

        if (prev && has_comma(text + prev->end, t->start - prev->end))
            relative = is(text, t, "which") || is(text, t, "who") || is(text, t, "whom") ||
                       is(text, t, "whose") || is(text, t, "where");
        if (relative || (t->lex == NULL && !(t->flags & T_NUM)))
            continue;
        if (is(text, t, "today") || is(text, t, "tonight") ||
            (role(t, W_DATE_WORD) && t->lex->value == 1) ||
            (prev && is(text, prev, "this") &&
             (is(text, t, "morning") || is(text, t, "afternoon") || is(text, t, "evening")))) {
            *out = day;
            *precision = SM_PRECISION_1;
            return true;
        }
        if (is(text, t, "yesterday") || (role(t, W_DATE_WORD) && t->lex->value == 2) ||
            (prev && is(text, prev, "last") && is(text, t, "night"))) {
            *out = day - 1;
            *precision = SM_PRECISION_1;
            return true;
        }
        if (role(t, W_WEEKDAY)) {
            int back = (sm_day_weekday(day) - t->lex->value + 7) % 7;
            if (prev && is(text, prev, "since")) {
                *out = day;               /* since Friday: ongoing */
                *precision = SM_PRECISION_2;
                return true;
            }
            if (back == 0 && prev && is(text, prev, "last"))
                back = 7;
            *out = day - back;
            *precision = SM_PRECISION_1;
            return true;
        }
        if (((t->flags & T_NUM) || role(t, W_NUMBER)) && next &&
            (role(t, W_NUMBER) ? t->lex->value : t->number) > 0 &&
            (role(t, W_NUMBER) ? t->lex->value : t->number) < 400 &&
            (is(text, next, "days") || is(text, next, "day") || is(text, next, "weeks") ||
             is(text, next, "week")) && i + 2 < end && is(text, &tk->t[i + 2], "ago")) {
            bool weeks = next->end - next->start >= 4 && text[next->start] == 'w';
            long nb = role(t, W_NUMBER) ? t->lex->value : t->number;
            *out = day - (sm_day)nb * (weeks ? 7 : 1);
            *precision = weeks ? SM_PRECISION_2 : SM_PRECISION_1;
            return true;
        }
        if (role(t, W_MONTH) && !(t->lex->value == 5 && !(t->flags & T_CAP))) {
            /* December 22[, 2016] | 22 December [2016] | in December */
            int mday = 0, y = 0;
            if (next && (next->flags & T_NUM) && next->number >= 1 && next->number <= 31) {
                mday = (int)next->number;
                if (i + 2 < end && (tk->t[i + 2].flags & T_NUM) && tk->t[i + 2].number > 1900 &&
                    tk->t[i + 2].number < 2100)
                    y = (int)tk->t[i + 2].number;
            } else if (prev && (prev->flags & T_NUM) && prev->number >= 1 && prev->number <= 31) {
                mday = (int)prev->number;
                if (next && (next->flags & T_NUM) && next->number > 1900 && next->number < 2100)
                    y = (int)next->number;
            }
            if (mday > 0 && month_day(day, t->lex->value, mday, y, out)) {
                if (prev && is(text, prev, "since")) {
                    *out = day;
                    *precision = SM_PRECISION_2;
                } else {
                    *precision = SM_PRECISION_1;
                }
                return true;
            }
            for (size_t k = i; k > s->first && k + 3 > i; k--)
                if (is(text, &tk->t[k - 1], "since")) {
                    *out = day;                   /* since early December: ongoing */
                    *precision = SM_PRECISION_2;
                    return true;
                }
            if (mday == 0 && prev && (is(text, prev, "in") || is(text, prev, "early") ||
                                      is(text, prev, "late") || is(text, prev, "mid"))) {
                if (next && (next->flags & T_NUM) && next->number > 1900 && next->number < 2100)
                    y = (int)next->number;
                if (month_day(day, t->lex->value, 15, y, out)) {
                    *precision = SM_PRECISION_3;
                    return true;
                }
            }
            continue;
        }
        if (is(text, t, "week") && prev && (is(text, prev, "last") || is(text, prev, "this"))) {
            *out = is(text, prev, "last") ? day - 7 : day - 2;
            *precision = SM_PRECISION_2;
            return true;
        }
        if (is(text, t, "weekend") && prev && (is(text, prev, "last") || is(text, prev, "the"))) {
            *out = day - ((sm_day_weekday(day) - 5 + 7) % 7 ? (sm_day_weekday(day) - 5 + 7) % 7
                                                            : 7);
            *precision = SM_PRECISION_2;
            return true;
        }
        if (is(text, t, "week") && prev && is(text, prev, "a") && next && is(text, next, "ago")) {
            *out = day - 7;
            *precision = SM_PRECISION_2;
            return true;
        }
        if (is(text, t, "month") && prev && is(text, prev, "last")) {
            *out = day - 30;
            *precision = SM_PRECISION_3;
            return true;
        }
    }
    return false;
}
