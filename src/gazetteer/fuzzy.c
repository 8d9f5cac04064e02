/* SPDX-License-Identifier: MIT */
/*
 * fuzzy.c - the keys within a few edits of a key, for misspellings.
 *
 * Two strings within d edits of each other (insertions, deletions,
 * substitutions, swaps of neighbours) become one string when each loses at
 * most d symbols: a substitution or a swap costs both sides a deletion, an
 * insertion the other side one. So sm_gaz_finish files every key a
 * misspelling may reach under the hashes of what is left of it after no,
 * one and two deletions (keys of up to SM_GAZ_FUZZY_MAX_LEN + 2 symbols:
 * no longer one is within two edits of a query); a look-up hashes the
 * query's own deletions, takes the keys filed under them and keeps those
 * the edit distance confirms. Some 35 entries a key, 8 bytes each.
 *
 * The hashes are polynomial (mod 2^64): with prefix hashes P, the hash of a
 * string with the symbols at i (and j) deleted is P[len] plus, for each
 * deleted symbol, (P[i] - P[i + 1]) times the base to the power of the
 * symbols kept after it, a few operations each.
 *
 * The keys found are given in a fixed order: by the first symbol triple
 * of the query (with 0 before the first symbol and after the last) whose
 * 16-bit hash one of the key's triples has, then by key index; a key that
 * shares none is left out (as the index of triples before this one did:
 * within the edits allowed, one of 4 symbols or more, or 8 and more with
 * two edits, always shares one). Candidates of one place that tie are kept
 * in the order they are offered.
 */
#include "gazetteer/gaz_int.h"

#include <stdlib.h>
#include <string.h>

#define BASE UINT64_C(0x100000001b3)
#define MAX_LEN (SM_GAZ_FUZZY_MAX_LEN + SM_GAZ_FUZZY_MAX_EDITS)
/* the hashes of a string of MAX_LEN symbols and its deletions */
#define MAX_HASHES (1 + MAX_LEN + MAX_LEN * (MAX_LEN - 1) / 2)

static uint64_t
mix(uint64_t h, size_t len)
{
    h = (h ^ (uint64_t)len << 56) * UINT64_C(0x9e3779b97f4a7c15);
    return h ^ (h >> 32);
}

/* The hashes of s[0 .. n) (n <= MAX_LEN) and of what is left of it after
 * 1 .. max deletions, into h, with the deletions in their low two bits;
 * returns how many. */
static size_t
deletions(const char *s, size_t n, int max, uint64_t *h)
{
    uint64_t p[MAX_LEN + 1], e[MAX_LEN], pw[MAX_LEN + 1];
    size_t k = 0;

    p[0] = 0;
    pw[0] = 1;
    for (size_t i = 0; i < n; i++) {
        p[i + 1] = p[i] * BASE + (unsigned char)s[i];
        pw[i + 1] = pw[i] * BASE;
    }
    /* what deleting symbol i adds to the hash, the symbols after it kept */
    for (size_t i = 0; i < n; i++)
        e[i] = (p[i] - p[i + 1]) * pw[n - 1 - i];
    h[k++] = mix(p[n], n) & ~UINT64_C(3);
    if (max >= 1)
        for (size_t i = 0; i < n; i++)
            h[k++] = (mix(p[n] + e[i], n - 1) & ~UINT64_C(3)) | 1;
    if (max >= 2)
        for (size_t i = 0; i + 1 < n; i++) {
            /* deleting j > i too: symbol i has one fewer kept after it */
            uint64_t a = p[n] + (p[i] - p[i + 1]) * pw[n - 2 - i];
            for (size_t j = i + 1; j < n; j++)
                h[k++] = (mix(a + e[j], n - 2) & ~UINT64_C(3)) | 2;
        }
    return k;
}

/* A key misspellings may reach: one with names, not a reading's. */
static bool
indexed(const gaz_key *k)
{
    return k->first != NO_NEXT && k->text[0] != SM_GAZ_READING_MARK && k->len <= MAX_LEN;
}

void
sm_gaz__fuzzy_free(gaz_fuzzy *f)
{
    free(f->start);
    free(f->entries);
    *f = (gaz_fuzzy){ 0 };
}

bool
sm_gaz__fuzzy_build(sm_gaz *g)
{
    gaz_fuzzy *f = &g->fuzzy;
    uint64_t *h = malloc(MAX_HASHES * sizeof(uint64_t));
    size_t total = 0, buckets = 1024;

    sm_gaz__fuzzy_free(f);
    if (h == NULL)
        return false;
    for (uint32_t k = 0; k < g->nkeys; k++)
        if (indexed(&g->keys[k])) {
            size_t n = g->keys[k].len;
            total += 1 + n + n * (n - 1) / 2;
        }
    if (total >= UINT32_MAX || g->nkeys >= UINT32_C(1) << 30) {
        free(h);
        return false;                     /* offsets are 32 bits, keys 30 */
    }
    while (buckets < total / 2)
        buckets *= 2;
    f->mask = (uint32_t)buckets - 1;
    f->start = calloc(buckets + 2, sizeof(uint32_t));
    f->entries = malloc((total ? total : 1) * sizeof(*f->entries));
    if (f->start == NULL || f->entries == NULL) {
        free(h);
        sm_gaz__fuzzy_free(f);
        return false;
    }
    /* count each bucket's entries into start[b + 2], then offsets into
       start[b + 1]; filling advances start[b + 1] to bucket b's end, which
       is bucket b + 1's start */
    for (uint32_t k = 0; k < g->nkeys; k++) {
        size_t m;
        if (!indexed(&g->keys[k]))
            continue;
        m = deletions(g->keys[k].text, g->keys[k].len, SM_GAZ_FUZZY_MAX_EDITS, h);
        for (size_t i = 0; i < m; i++)
            f->start[(h[i] >> 2 & f->mask) + 2]++;
    }
    for (size_t b = 2; b < buckets + 2; b++)
        f->start[b] += f->start[b - 1];
    for (uint32_t k = 0; k < g->nkeys; k++) {
        size_t m;
        if (!indexed(&g->keys[k]))
            continue;
        m = deletions(g->keys[k].text, g->keys[k].len, SM_GAZ_FUZZY_MAX_EDITS, h);
        for (size_t i = 0; i < m; i++) {
            uint32_t at = f->start[(h[i] >> 2 & f->mask) + 1]++;
            f->entries[at].check = (uint32_t)(h[i] >> 32);
            f->entries[at].level = (uint32_t)(h[i] & 3);
            f->entries[at].key = k;
        }
    }
    free(h);
    return true;
}

/* The 16-bit hash of a symbol triple (FNV-1a). */
static uint32_t
triple(unsigned char a, unsigned char b, unsigned char c)
{
    unsigned char t[3] = { a, b, c };

    return sm_gaz__hash(t, 3) & 0xffff;
}

/* The hashes of the triples of s[0 .. n), 0 padding both ends: n + 1. */
static void
triples(const char *text, size_t n, uint32_t *out)
{
    const unsigned char *t = (const unsigned char *)text;

    for (size_t i = 0; i <= n; i++)
        out[i] = triple(i >= 2 ? t[i - 2] : 0, i >= 1 ? t[i - 1] : 0, i < n ? t[i] : 0);
}

typedef struct found {
    uint32_t key;
    int edits;
    uint32_t first;        /* the first query triple the key shares */
} found;

static int
by_key(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

static int
by_order(const void *a, const void *b)
{
    const found *x = a, *y = b;

    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

bool
sm_gaz__near_keys(const sm_gaz *g, const char *key, size_t len, int max, gaz_near_key **out,
                  size_t *nout)
{
    const gaz_fuzzy *f = &g->fuzzy;
    uint64_t h[1 + SM_GAZ_FUZZY_MAX_LEN + SM_GAZ_FUZZY_MAX_LEN * (SM_GAZ_FUZZY_MAX_LEN - 1) / 2];
    uint32_t local[256], *cand = local, qt[SM_GAZ_FUZZY_MAX_LEN + 1];
    uint32_t kt[MAX_LEN + 1];
    size_t nh, nc = 0, cap = SM_LEN(local), nf = 0;
    found *hits = NULL;
    sm_gaz_pattern pat;
    bool ok = false;

    *out = NULL;
    *nout = 0;
    if (f->start == NULL || len == 0 || len > SM_GAZ_FUZZY_MAX_LEN || max < 1)
        return true;
    if (max > SM_GAZ_FUZZY_MAX_EDITS)
        max = SM_GAZ_FUZZY_MAX_EDITS;
    nh = deletions(key, len, max, h);
    for (size_t i = 0; i < nh; i++) {
        uint32_t b = (uint32_t)(h[i] >> 2 & f->mask), check = (uint32_t)(h[i] >> 32);
        for (uint32_t e = f->start[b]; e < f->start[b + 1]; e++) {
            /* the same string left, by no more deletions of the key than
               edits allowed */
            if (f->entries[e].check != check || (f->entries[e].level > max))
                continue;
            if (nc == cap) {
                uint32_t *more = malloc(cap * 2 * sizeof(uint32_t));
                if (more == NULL)
                    goto done;
                memcpy(more, cand, nc * sizeof(uint32_t));
                if (cand != local)
                    free(cand);
                cand = more;
                cap *= 2;
            }
            cand[nc++] = f->entries[e].key;
        }
    }
    if (nc == 0) {
        ok = true;
        goto done;
    }
    if (nc <= 32) {
        for (size_t i = 1; i < nc; i++) {  /* most often a few */
            uint32_t t = cand[i];
            size_t j = i;
            for (; j > 0 && cand[j - 1] > t; j--)
                cand[j] = cand[j - 1];
            cand[j] = t;
        }
    } else {
        qsort(cand, nc, sizeof(uint32_t), by_key);
    }
    if ((hits = malloc(nc * sizeof(found))) == NULL)
        goto done;
    sm_gaz__pattern_set(&pat, key, len);
    triples(key, len, qt);
    for (size_t i = 0; i < nc; i++) {
        const gaz_key *k = &g->keys[cand[i]];
        size_t p;
        int d;

        if (i > 0 && cand[i] == cand[i - 1])
            continue;
        if ((k->len > len ? k->len - len : len - k->len) > (size_t)max)
            continue;
        d = sm_gaz__pattern_edits(&pat, k->text, k->len);
        if (d < 1 || d > max)
            continue;
        triples(k->text, k->len, kt);
        for (p = 0; p <= len; p++) {
            size_t r = 0;
            while (r <= k->len && kt[r] != qt[p])
                r++;
            if (r <= k->len)
                break;
        }
        if (p <= len)                     /* none shared: not a likeness */
            hits[nf++] = (found){ cand[i], d, (uint32_t)p };
    }
    qsort(hits, nf, sizeof(found), by_order);
    if (nf > 0) {
        if ((*out = malloc(nf * sizeof(gaz_near_key))) == NULL)
            goto done;
        for (size_t i = 0; i < nf; i++)
            (*out)[i] = (gaz_near_key){ hits[i].key, hits[i].edits };
        *nout = nf;
    }
    ok = true;
done:
    if (cand != local)
        free(cand);
    free(hits);
    return ok;
}
