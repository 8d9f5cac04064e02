/* SPDX-License-Identifier: MIT */
/*
 * names.c - every name of the gazetteer as the key its words fold to
 * (sm_name_keys), with the places it names; every whole-word beginning of a
 * name as a key too, marked as such, so that a scan of a text can stop
 * extending a run of words as soon as no name begins with it; every Arabic
 * name by its reading (sm_gaz_arabic_reading_key), whole; and the names
 * that are not places (factions, people, outlets) with the reason.
 */
#include "extract/extract_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"

typedef struct link {
    int32_t place, next;
} link;

struct name_table {
    name_entry *e;
    size_t n, cap;
    uint32_t *slot;             /* entry + 1, 0: empty */
    size_t nslots;              /* a power of two */
    link *links;
    size_t nlinks, links_cap;
    sm_arena strings;
    bool failed;
};

static uint32_t
hash_key(const char *k, size_t n)
{
    return (uint32_t)sm_hash_bytes(SM_HASH_INIT, k, n);
}

static bool
rehash(name_table *nt)
{
    size_t nslots = nt->nslots ? nt->nslots * 2 : 1024;
    uint32_t *slot = calloc(nslots, sizeof(uint32_t));

    if (slot == NULL)
        return false;
    for (size_t i = 0; i < nt->n; i++) {
        uint32_t h = hash_key(nt->e[i].key, nt->e[i].keylen) & (uint32_t)(nslots - 1);
        while (slot[h])
            h = (h + 1) & (uint32_t)(nslots - 1);
        slot[h] = (uint32_t)i + 1;
    }
    free(nt->slot);
    nt->slot = slot;
    nt->nslots = nslots;
    return true;
}

const name_entry *
sm_names_get(const name_table *nt, const char *key, size_t len)
{
    uint32_t h;

    if (nt->nslots == 0 || len == 0)
        return NULL;
    for (h = hash_key(key, len) & (uint32_t)(nt->nslots - 1);;
         h = (h + 1) & (uint32_t)(nt->nslots - 1)) {
        const name_entry *e;
        if (nt->slot[h] == 0)
            return NULL;
        e = &nt->e[nt->slot[h] - 1];
        if (e->keylen == len && memcmp(e->key, key, len) == 0)
            return e;
    }
}

/* The entry of key, made if need be. */
static name_entry *
entry(name_table *nt, const char *key, size_t len)
{
    name_entry *e = (name_entry *)sm_names_get(nt, key, len);
    char *copy;

    if (e)
        return e;
    if ((nt->n + 1) * 2 > nt->nslots && !rehash(nt))
        return NULL;
    if (!sm_grow((void **)&nt->e, &nt->cap, nt->n, sizeof(name_entry), 4096) ||
        (copy = sm_arena_strndup(&nt->strings, key, len)) == NULL)
        return NULL;
    e = &nt->e[nt->n];
    *e = (name_entry){ .key = copy, .keylen = (uint16_t)len, .places = -1 };
    {
        uint32_t h = hash_key(key, len) & (uint32_t)(nt->nslots - 1);
        while (nt->slot[h])
            h = (h + 1) & (uint32_t)(nt->nslots - 1);
        nt->slot[h] = (uint32_t)nt->n + 1;
    }
    nt->n++;
    return e;
}

typedef struct adding {
    name_table *nt;
    int place;                  /* -1: a name that is not a place */
    const char *why;
} adding;

static void
add_key(const char *key, size_t len, bool whole, void *user)
{
    adding *a = user;
    name_table *nt = a->nt;
    name_entry *e = entry(nt, key, len);

    if (e == NULL) {
        nt->failed = true;
        return;
    }
    if (!whole)
        return;                           /* a beginning: its entry says enough */
    e->whole = true;
    if (a->place < 0) {
        if (e->not_place == NULL)
            e->not_place = sm_arena_strdup(&nt->strings, a->why);
        return;
    }
    if (e->places >= 0 && nt->links[e->places].place == a->place)
        return;                           /* another spelling of the same place */
    if (!sm_grow((void **)&nt->links, &nt->links_cap, nt->nlinks, sizeof(link), 4096)) {
        nt->failed = true;
        return;
    }
    nt->links[nt->nlinks] = (link){ a->place, e->places };
    e->places = (int32_t)nt->nlinks++;
}

static void
add_name(const char *name, sm_name_kind kind, void *user)
{
    char key[SM_GAZ_KEY_MAX];
    size_t len;

    sm_name_keys(name, add_key, user);
    /* an Arabic name also by its reading, which Latin spellings meet */
    if (kind == SM_NAME_ARABIC && (len = sm_gaz_arabic_reading_key(name, key, sizeof(key))))
        add_key(key, len, true, user);
}

static void
add_not_place(const char *name, const char *why, void *user)
{
    adding *a = user;

    a->why = why;
    sm_name_keys(name, add_key, user);
}

sm_status
sm_names_new(const sm_gaz *gaz, name_table **out, sm_error *err)
{
    name_table *nt = calloc(1, sizeof(*nt));
    adding a = { nt, -1, NULL };

    *out = NULL;
    if (nt == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    for (int i = 0; i < sm_gaz_count(gaz) && !nt->failed; i++) {
        const sm_place *p = sm_gaz_place(gaz, i);
        a.place = i;
        add_name(p->name, SM_NAME_MAIN, &a);
        sm_gaz_names_each(gaz, i, add_name, &a);
    }
    a.place = -1;
    sm_gaz_not_places_each(gaz, add_not_place, &a);
    if (nt->failed) {
        sm_names_free(nt);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    *out = nt;
    return SM_OK;
}

int
sm_names_places(const name_table *nt, const name_entry *e, int *out, int max)
{
    int n = 0;

    for (int32_t l = e->places; l >= 0 && n < max; l = nt->links[l].next)
        out[n++] = nt->links[l].place;
    return n;
}

void
sm_names_free(name_table *nt)
{
    if (nt == NULL)
        return;
    free(nt->e);
    free(nt->slot);
    free(nt->links);
    sm_arena_free(&nt->strings);
    free(nt);
}
