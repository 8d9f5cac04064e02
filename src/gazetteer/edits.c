/* SPDX-License-Identifier: MIT */
/*
 * edits.c - the edit distance between keys (insertions, deletions,
 * substitutions and swaps of neighbours: the restricted Damerau distance).
 *
 * For a pattern of 1..64 bytes, by bit vectors: one pass over the other
 * string, a few word operations a byte (H. Hyyrö, "A bit-vector algorithm
 * for computing Levenshtein and Damerau edit distances", Nordic Journal of
 * Computing 10, 2003). A pattern made once serves every string it is
 * compared with; longer ones go through the dynamic programme.
 */
#include "gazetteer/gaz_int.h"

#include <string.h>

void
sm_gaz__pattern_set(sm_gaz_pattern *p, const char *a, size_t na)
{
    memset(p->peq, 0, sizeof(p->peq));
    for (size_t i = 0; i < na; i++)
        p->peq[(unsigned char)a[i]] |= UINT64_C(1) << i;
    p->len = na;
}

int
sm_gaz__pattern_edits(const sm_gaz_pattern *p, const char *text, size_t nb)
{
    const unsigned char *b = (const unsigned char *)text;
    size_t na = p->len;
    uint64_t vp = na == 64 ? ~UINT64_C(0) : (UINT64_C(1) << na) - 1, vn = 0, d0 = 0, pm_old = 0;
    uint64_t top = UINT64_C(1) << (na - 1);
    int dist = (int)na;

    for (size_t j = 0; j < nb; j++) {
        uint64_t pm = p->peq[b[j]];
        uint64_t tr = (((~d0) & pm) << 1) & pm_old;
        uint64_t hp, hn;

        d0 = ((((pm & vp) + vp) ^ vp) | pm | vn) | tr;
        hp = vn | ~(d0 | vp);
        hn = d0 & vp;
        dist += (hp & top) != 0;
        dist -= (hn & top) != 0;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        pm_old = pm;
    }
    return dist;
}

int
sm_gaz__edits_with(const sm_gaz_pattern *p, const char *b, size_t nb, int max)
{
    size_t na = p->len;
    int d;

    if ((na > nb ? na - nb : nb - na) > (size_t)max)
        return max + 1;
    if (nb == 0)
        return (int)na <= max ? (int)na : max + 1;
    d = sm_gaz__pattern_edits(p, b, nb);
    return d <= max ? d : max + 1;
}

int
sm_gaz__edits(const char *a, size_t na, const char *b, size_t nb, int max)
{
    if ((na > nb ? na - nb : nb - na) > (size_t)max)
        return max + 1;
    if (na == 0 || nb == 0)
        return (int)(na + nb) <= max ? (int)(na + nb) : max + 1;
    if (na <= 64) {
        sm_gaz_pattern p;
        sm_gaz__pattern_set(&p, a, na);
        return sm_gaz__edits_with(&p, b, nb, max);
    }
    return sm_gaz__edits_dp(a, na, b, nb, max);
}

int
sm_gaz__edits_dp(const char *a, size_t na, const char *b, size_t nb, int max)
{
    int prev2[SM_GAZ_KEY_MAX + 1], prev[SM_GAZ_KEY_MAX + 1], cur[SM_GAZ_KEY_MAX + 1];

    if ((na > nb ? na - nb : nb - na) > (size_t)max)
        return max + 1;
    if (na > SM_GAZ_KEY_MAX || nb > SM_GAZ_KEY_MAX)
        return max + 1;
    for (size_t j = 0; j <= nb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int best;
        cur[0] = (int)i;
        best = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;  /* two neighbours swapped */
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
        memcpy(prev2, prev, sizeof(int) * (nb + 1));
        memcpy(prev, cur, sizeof(int) * (nb + 1));
    }
    return prev[nb] <= max ? prev[nb] : max + 1;
}
