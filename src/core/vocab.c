/* SPDX-License-Identifier: MIT */
/* vocab.c - a word from a closed list, with the nearest one to suggest. */
#include "core/vocab.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *
sm_vocab_find(const char *const *words, size_t n, const char *w)
{
    for (size_t i = 0; w && i < n; i++)
        if (strcasecmp(words[i], w) == 0)
            return words[i];
    return NULL;
}

/* Levenshtein distance of two short words, case-folded; 99 when too long. */
static int
distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    int row[65];

    if (na > 64 || nb > 64)
        return 99;
    for (size_t j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j];
            int same = (a[i - 1] | 0x20) == (b[j - 1] | 0x20);
            int best = diag + !same;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

const char *
sm_vocab_nearest(const char *const *words, size_t n, const char *w)
{
    const char *best = NULL;
    int best_d = 99;

    for (size_t i = 0; w && i < n; i++) {
        int d = distance(words[i], w);
        int limit = (int)strlen(words[i]) / 3 > 2 ? (int)strlen(words[i]) / 3 : 2;
        if (d <= limit && d < best_d) {
            best = words[i];
            best_d = d;
        }
    }
    return best;
}

const char *
sm_vocab_hint(const char *const *words, size_t n, const char *w, char *out, size_t cap)
{
    const char *near = sm_vocab_nearest(words, n, w);

    if (cap > 0)
        snprintf(out, cap, "%s%s%s", near ? " (did you mean \"" : "", near ? near : "",
                 near ? "\"?)" : "");
    return out;
}

const char *
sm_vocab_join(const char *const *words, size_t n, char *out, size_t cap)
{
    size_t len = 0;

    if (cap == 0)
        return out;
    out[0] = '\0';
    for (size_t i = 0; i < n && len + 1 < cap; i++) {
        int k = snprintf(out + len, cap - len, "%s%s", i ? ", " : "", words[i]);
        if (k < 0)
            break;
        len += (size_t)k < cap - len ? (size_t)k : cap - len - 1;
    }
    return out;
}
