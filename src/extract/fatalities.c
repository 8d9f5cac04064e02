/* SPDX-License-Identifier: MIT */
/*
 * fatalities.c - the deaths a sentence reports: a number (digits or words,
 * "30+", "dozens") next to a word of killing, with the people counted
 * between or after: "killing at least seven people", "30+ Killed", "kills
 * 7", "14 medical staff were killed", "at least five people ... died",
 * "death toll rose to 40". A count next to "wounded" is not one of deaths.
 * "At least", "more than", "over", "+" and the vague plurals ("dozens",
 * "scores") make it a lower bound.
 */
#include "extract/extract_int.h"

static bool
role(const tok *t, uint32_t r)
{
    return t->lex && (t->lex->roles & r);
}

/* A count at word i: its value, or -1. */
static long
count_at(const tok *t, bool *lower)
{
    if ((t->flags & T_NUM) && t->number > 0 && t->number < 100000) {
        *lower = (t->flags & T_PLUS) != 0;
        return t->number;
    }
    if (role(t, W_NUMBER) && !(t->lex->roles & W_MONTH)) {
        *lower = t->lex->lower_bound;
        return t->lex->value;
    }
    return -1;
}

/* Words before the count that make it a bound: at least, more than, over. */
static bool
bounded(const char *text, const tokens *tk, size_t first, size_t i)
{
    for (size_t k = i; k > first && k + 3 > i; k--) {
        const tok *p = &tk->t[k - 1];
        if (sm_tok_is(text, p, "least") || sm_tok_is(text, p, "than") ||
            sm_tok_is(text, p, "over"))
            return true;
        if (!role(p, W_BOUND))
            break;
    }
    return false;
}

int
sm_sentence_fatalities(const char *text, const tokens *tk, const sentence *s,
                       bool *lower_bound)
{
    size_t end = s->first + s->n;
    long best = -1;

    *lower_bound = false;
    for (size_t i = s->first; i < end; i++) {
        const tok *t = &tk->t[i];
        bool lower = false;
        long v = count_at(t, &lower);
        size_t j;

        if (v < 0)
            continue;
        if (i + 1 < end && (role(&tk->t[i + 1], W_MONTH) || sm_tok_is(text, &tk->t[i + 1], "percent") ||
                            sm_tok_is(text, &tk->t[i + 1], "hours") ||
                            sm_tok_is(text, &tk->t[i + 1], "days") ||
                            sm_tok_is(text, &tk->t[i + 1], "km") ||
                            sm_tok_is(text, &tk->t[i + 1], "kilometres")))
            continue;
        /* N [adjectives] people [were] killed | N killed | N dead */
        for (j = i + 1; j < end && j <= i + 9; j++) {
            const tok *n = &tk->t[j];
            if (role(n, W_KILL)) {
                if (!role(&tk->t[j - 1], W_WOUND))
                    goto found;
                break;
            }
            if (role(n, W_WOUND) || (n->flags & T_NUM) || role(n, W_CUE))
                break;
        }
        /* killing [at least] N | kills N | death toll rose to N | killed N */
        for (j = i; j > s->first && j + 5 > i; j--) {
            const tok *p = &tk->t[j - 1];
            if (role(p, W_KILL))
                goto found;
            if (role(p, W_WOUND) || (p->flags & T_NUM))
                break;
        }
        continue;
found:
        lower = lower || bounded(text, tk, s->first, i);
        if (v > best) {
            best = v;
            *lower_bound = lower;
        }
    }
    return (int)best;
}
