/* SPDX-License-Identifier: MIT */
/*
 * memo.c - the gazetteer's answers to the look-ups of one part of a text,
 * each asked once. News names the same places again and again (a town in
 * every paragraph, the same village list in each update), and a look-up is
 * the dearest step of placing a name; its answer depends on the name and
 * the query only (the gazetteer is read-only), so it is kept: by the name
 * and every field of the query, the candidates as they came.
 *
 * When memory runs out the memo stops keeping answers; look-ups are then
 * made each time, with the same answers.
 */
#include "extract/extract_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

struct memo_entry {
    uint64_t hash;              /* 0: empty */
    const char *key;            /* the query, written out (key_of) */
    size_t keylen;
    const sm_candidate *c;      /* NULL when none */
    int n;
};

/* The query as bytes: its flags and numbers, its strings with their NULs,
 * then the name. */
static size_t
key_of(const char *name, const sm_gaz_query *q, int max, char *key, size_t cap)
{
    size_t n = 0, len;
    unsigned char flags = (unsigned char)(q->has_near | q->fuzzy << 1 | (q->admin1 != NULL) << 2 |
                                          (q->country != NULL) << 3);
    const char *parts[3] = { q->admin1 ? q->admin1 : "", q->country ? q->country : "", name };

    if (cap < 1 + 2 * sizeof(double) + sizeof(int))
        return 0;
    key[n++] = (char)flags;
    memcpy(key + n, &q->near_lat_deg, sizeof(double));
    memcpy(key + n + sizeof(double), &q->near_lon_deg, sizeof(double));
    memcpy(key + n + 2 * sizeof(double), &max, sizeof(int));
    n += 2 * sizeof(double) + sizeof(int);
    for (int i = 0; i < 3; i++) {
        len = strlen(parts[i]) + 1;
        if (n + len > cap)
            return 0;
        memcpy(key + n, parts[i], len);
        n += len;
    }
    return n;
}

static bool
grow(lookup_memo *m)
{
    size_t nslots = m->nslots ? 2 * m->nslots : 256;
    memo_entry *slot = calloc(nslots, sizeof(memo_entry));

    if (slot == NULL)
        return false;
    for (size_t i = 0; i < m->nslots; i++) {
        const memo_entry *e = &m->slot[i];
        size_t h;
        if (e->hash == 0)
            continue;
        for (h = e->hash & (nslots - 1); slot[h].hash; h = (h + 1) & (nslots - 1))
            ;
        slot[h] = *e;
    }
    free(m->slot);
    m->slot = slot;
    m->nslots = nslots;
    return true;
}

int
sm_memo_lookup(lookup_memo *m, const sm_gaz *gaz, const char *name, const sm_gaz_query *q,
               sm_candidate *buf, int max, const sm_candidate **out)
{
    char key[SM_GAZ_NAME_MAX + 128];
    size_t keylen = key_of(name, q, max, key, sizeof(key)), h = 0;
    uint64_t hash = 0;
    memo_entry *slot = m->slot, *e = NULL;
    sm_error err = { 0 };
    int n = 0;

    if (keylen > 0 && !m->full) {
        hash = sm_hash_fast(key, keylen);
        for (h = hash & (m->nslots - 1); m->nslots && slot[h].hash;
             h = (h + 1) & (m->nslots - 1))
            if (slot[h].hash == hash && slot[h].keylen == keylen &&
                memcmp(slot[h].key, key, keylen) == 0) {
                *out = slot[h].n > 0 ? slot[h].c : buf;
                return slot[h].n;
            }
    }
    *out = buf;
    if (sm_gaz_lookup(gaz, name, q, buf, max, &n, NULL, &err) != SM_OK)
        n = 0;
    if (keylen == 0 || m->full)
        return n;
    /* kept: at most half the slots full */
    if (2 * (m->used + 1) > m->nslots) {
        if (!grow(m)) {
            m->full = true;
            return n;
        }
        slot = m->slot;
        for (h = hash & (m->nslots - 1); slot[h].hash; h = (h + 1) & (m->nslots - 1))
            ;
    }
    e = &slot[h];
    e->key = sm_arena_strndup(&m->store, key, keylen);
    e->c = NULL;
    if (n > 0) {
        sm_candidate *kept = sm_arena_alloc(&m->store, (size_t)n * sizeof(sm_candidate));
        if (kept)
            memcpy(kept, buf, (size_t)n * sizeof(sm_candidate));
        e->c = kept;
    }
    if (e->key == NULL || (n > 0 && e->c == NULL)) {
        e->key = NULL;
        e->c = NULL;
        m->full = true;
        return n;
    }
    e->keylen = keylen;
    e->n = n;
    e->hash = hash;
    m->used++;
    return n;
}

void
sm_memo_free(lookup_memo *m)
{
    free(m->slot);
    sm_arena_free(&m->store);
    memset(m, 0, sizeof(*m));
}
