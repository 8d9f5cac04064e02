/* SPDX-License-Identifier: MIT */
/*
 * theatre.c - theatre profiles (JSON, read with json-c; the format is in
 * theatre.h): checked key by key, every error naming the file and the key.
 */
#include "theatre/theatre.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/json_file.h"
#include "core/text.h"

typedef struct reader {
    sm_json_in in;             /* the file and the error to fill */
    sm_theatre *t;
} reader;

static sm_status
nomem(const reader *r)
{
    return sm_fail(r->in.err, SM_ENOMEM, "%s: out of memory", r->in.path);
}

static sm_status
ident(const reader *r, json_object *o, const char *key, char *out, size_t cap)
{
    if (sm_json_text(&r->in, o, key, out, cap) != SM_OK)
        return SM_EINPUT;
    if (!sm_text_is_ident(out))
        return sm_json_bad(&r->in, key,
                           "not a plain identifier (a letter, then letters, digits, _ or -)");
    return SM_OK;
}

/* n capital letters: an ISO 3166 code. */
static sm_status
code(const reader *r, json_object *o, const char *key, size_t n, char *out)
{
    const char *v = json_object_is_type(o, json_type_string) ? json_object_get_string(o) : NULL;
    size_t i = 0;

    while (v && i < n && v[i] >= 'A' && v[i] <= 'Z')
        i++;
    if (v == NULL || i != n || v[n] != '\0')
        return sm_json_bad(&r->in, key,
                           n == 2 ? "want two capital letters (an ISO 3166 alpha-2 code)"
                                  : "want three capital letters (an ISO 3166 alpha-3 code)");
    memcpy(out, v, n + 1);
    return SM_OK;
}

/* [west, south, east, north] in degrees. */
static sm_status
box(const reader *r, json_object *o, const char *key, double *w, double *s, double *e,
    double *n)
{
    double v[4];

    if (!json_object_is_type(o, json_type_array) || json_object_array_length(o) != 4)
        return sm_json_bad(&r->in, key, "want [west, south, east, north] in degrees");
    for (size_t i = 0; i < 4; i++) {
        json_object *x = json_object_array_get_idx(o, i);
        if (!json_object_is_type(x, json_type_double) && !json_object_is_type(x, json_type_int))
            return sm_json_bad(&r->in, key, "want [west, south, east, north] in degrees");
        v[i] = json_object_get_double(x);
    }
    if (!(v[0] >= -180 && v[0] < v[2] && v[2] <= 180 && v[1] >= -90 && v[1] < v[3] &&
          v[3] <= 90))
        return sm_json_bad(&r->in, key, "not a box: want west < east within -180..180 and"
                                        " south < north within -90..90");
    *w = v[0];
    *s = v[1];
    *e = v[2];
    *n = v[3];
    return SM_OK;
}

/* A list of at most max items: its length in *n. */
static sm_status
list(const reader *r, json_object *o, const char *key, size_t max, size_t *n)
{
    char what[64];

    if (!json_object_is_type(o, json_type_array))
        return sm_json_bad(&r->in, key, "not a list");
    *n = json_object_array_length(o);
    if (*n <= max)
        return SM_OK;
    snprintf(what, sizeof(what), "too many (at most %zu)", max);
    return sm_json_bad(&r->in, key, what);
}

static sm_status
read_regions(const reader *r, json_object *arr)
{
    sm_theatre *t = r->t;
    size_t n;

    if (list(r, arr, "regions", SM_THEATRE_MAX_REGIONS, &n) != SM_OK)
        return SM_EINPUT;
    if (n == 0)
        return sm_json_bad(&r->in, "regions", "want at least one region");
    if ((t->regions = calloc(n, sizeof(*t->regions))) == NULL)
        return nomem(r);
    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_array_get_idx(arr, i);
        sm_theatre_region *g = &t->regions[i];
        bool named = false, boxed = false;
        char key[64];

        snprintf(key, sizeof(key), "regions[%zu]", i);
        if (!json_object_is_type(o, json_type_object))
            return sm_json_bad(&r->in, key, "not an object");
        json_object_object_foreach(o, k, v) {
            sm_status st;
            snprintf(key, sizeof(key), "regions[%zu].%s", i, k);
            if (strcmp(k, "name") == 0) {
                st = ident(r, v, key, g->name, sizeof(g->name));
                named = true;
            } else if (strcmp(k, "box") == 0) {
                st = box(r, v, key, &g->west, &g->south, &g->east, &g->north);
                boxed = true;
            } else if (strcmp(k, "note") == 0)
                st = sm_json_text(&r->in, v, key, g->note, sizeof(g->note));
            else
                st = sm_json_bad(&r->in, key, "unknown region setting (name, box, note)");
            if (st != SM_OK)
                return st;
        }
        snprintf(key, sizeof(key), "regions[%zu]", i);
        if (!named || !boxed)
            return sm_json_bad(&r->in, key, "each region needs a \"name\" and a \"box\"");
        if (sm_theatre_region_find(t, g->name))
            return sm_json_bad(&r->in, key, "a second region of that name");
        t->nregions++;
    }
    return SM_OK;
}

static sm_status
read_factions(const reader *r, json_object *arr)
{
    sm_theatre *t = r->t;
    size_t n;

    if (list(r, arr, "factions", SM_THEATRE_MAX_FACTIONS, &n) != SM_OK)
        return SM_EINPUT;
    if ((t->factions = calloc(n ? n : 1, sizeof(*t->factions))) == NULL)
        return nomem(r);
    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_array_get_idx(arr, i);
        sm_theatre_faction *f = &t->factions[i];
        unsigned have = 0;
        char key[64];

        snprintf(key, sizeof(key), "factions[%zu]", i);
        if (!json_object_is_type(o, json_type_object))
            return sm_json_bad(&r->in, key, "not an object");
        json_object_object_foreach(o, k, v) {
            sm_status st;
            snprintf(key, sizeof(key), "factions[%zu].%s", i, k);
            static const char *const keys[] = { "id", "label", "fill", "outline" };
            size_t j = 0;
            while (j < SM_LEN(keys) && strcmp(k, keys[j]) != 0)
                j++;
            have |= 1u << j;
            if (j == 0)
                st = ident(r, v, key, f->id, sizeof(f->id));
            else if (j == 1)
                st = sm_json_text(&r->in, v, key, f->label, sizeof(f->label));
            else if (j == 2 || j == 3)
                st = sm_json_colour(&r->in, v, key, j == 2 ? &f->fill : &f->outline);
            else
                st = sm_json_bad(&r->in, key, "unknown faction setting (id, label, fill, outline)");
            if (st != SM_OK)
                return st;
        }
        snprintf(key, sizeof(key), "factions[%zu]", i);
        if (have != 15)
            return sm_json_bad(&r->in, key, "each faction needs an \"id\", a \"label\","
                                            " a \"fill\" and an \"outline\"");
        for (int j = 0; j < t->nfactions; j++)
            if (strcmp(t->factions[j].id, f->id) == 0)
                return sm_json_bad(&r->in, key, "a second faction of that id");
        t->nfactions++;
    }
    return SM_OK;
}

/* An English word as the lexicon keeps it: lowercase letters, digits, ' and
 * -, at most SM_THEATRE_WORD_MAX bytes. */
static size_t
word_len(const char *w)
{
    size_t n = 0;

    while ((w[n] >= 'a' && w[n] <= 'z') || (w[n] >= '0' && w[n] <= '9') || w[n] == '\'' ||
           w[n] == '-')
        n++;
    return n <= SM_THEATRE_WORD_MAX ? n : 0;
}

/* A word, or (pair) a word and the word that must follow it. */
static bool
is_english(const char *w, bool pair)
{
    size_t n = word_len(w);

    if (n == 0)
        return false;
    if (w[n] == '\0')
        return true;
    return pair && w[n] == ' ' && word_len(w + n + 1) > 0 &&
           w[n + 1 + word_len(w + n + 1)] == '\0';
}

/* A word in Arabic script (no ASCII at all), at most 63 bytes. */
static bool
is_arabic(const char *w)
{
    size_t n = strlen(w);

    if (n == 0 || n > 63 || !sm_utf8_is_valid(w, n, NULL))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] < 0x80)
            return false;
    return true;
}

typedef enum word_kind {
    ENGLISH,        /* one English word */
    ENGLISH_PAIR,   /* ... or two, the second the word that must follow */
    ARABIC          /* one word in Arabic script */
} word_kind;

/* The words of a list (key), copied into *out. */
static sm_status
read_words(const reader *r, json_object *arr, const char *key, size_t max, word_kind kind,
           const char ***out, int *nout)
{
    static const char *const want[] = {
        "a lowercase English word (letters, digits, ' and -)",
        "a lowercase English word (letters, digits, ' and -), or two: the first names it"
        " when the second follows",
        "a word in Arabic script",
    };
    size_t n;

    if (list(r, arr, key, max, &n) != SM_OK)
        return SM_EINPUT;
    if ((*out = calloc(n ? n : 1, sizeof(**out))) == NULL)
        return nomem(r);
    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_array_get_idx(arr, i);
        const char *w = json_object_is_type(o, json_type_string) ? json_object_get_string(o)
                                                                 : NULL;
        char what[200];
        if (w == NULL || !(kind == ARABIC ? is_arabic(w) : is_english(w, kind == ENGLISH_PAIR))) {
            snprintf(what, sizeof(what), "item %zu is not %s", i, want[kind]);
            return sm_json_bad(&r->in, key, what);
        }
        if (((*out)[*nout] = sm_arena_strdup(&r->t->strings, w)) == NULL)
            return nomem(r);
        (*nout)++;
    }
    return SM_OK;
}

/* The actor a word (its first part) names already, or NULL. */
static const char *
named_by(const sm_theatre *t, const char *w, bool arabic_word)
{
    size_t n = arabic_word ? strlen(w) : word_len(w);

    for (int i = 0; i < t->nactors; i++) {
        const sm_theatre_actor *a = &t->actors[i];
        const char **words = arabic_word ? a->arabic : a->words;
        int nw = arabic_word ? a->narabic : a->nwords;
        for (int j = 0; j < nw; j++) {
            size_t m = arabic_word ? strlen(words[j]) : word_len(words[j]);
            if (m == n && memcmp(words[j], w, n) == 0)
                return a->name;
        }
    }
    return NULL;
}

static sm_status
check_unique(const reader *r, const char *key, const sm_theatre_actor *a)
{
    char what[200];
    const char *other;

    for (int pass = 0; pass < 2; pass++) {
        const char **words = pass ? a->arabic : a->words;
        for (int j = 0; j < (pass ? a->narabic : a->nwords); j++) {
            if ((other = named_by(r->t, words[j], pass)) == NULL)
                continue;
            snprintf(what, sizeof(what), "\"%s\" already names \"%s\"", words[j], other);
            return sm_json_bad(&r->in, key, what);
        }
    }
    return SM_OK;
}

static sm_status
read_actors(const reader *r, json_object *arr)
{
    sm_theatre *t = r->t;
    size_t n;

    if (list(r, arr, "actors", SM_THEATRE_MAX_ACTORS, &n) != SM_OK)
        return SM_EINPUT;
    if ((t->actors = calloc(n ? n : 1, sizeof(*t->actors))) == NULL)
        return nomem(r);
    for (size_t i = 0; i < n; i++) {
        json_object *o = json_object_array_get_idx(arr, i);
        sm_theatre_actor a = { 0 };
        bool named = false;
        sm_status st = SM_OK;
        char key[64];

        snprintf(key, sizeof(key), "actors[%zu]", i);
        if (!json_object_is_type(o, json_type_object))
            return sm_json_bad(&r->in, key, "not an object");
        json_object_object_foreach(o, k, v) {
            snprintf(key, sizeof(key), "actors[%zu].%s", i, k);
            if (strcmp(k, "name") == 0) {
                st = sm_json_text(&r->in, v, key, a.name, sizeof(a.name));
                if (st == SM_OK && (a.name[0] == '\0' || strchr(a.name, ';')))
                    st = sm_json_bad(&r->in, key,
                                     "empty, or holds a \";\" (which separates actors)");
                named = true;
            } else if (strcmp(k, "words") == 0) {
                st = read_words(r, v, key, SM_THEATRE_MAX_WORDS, ENGLISH_PAIR, &a.words,
                                &a.nwords);
            } else if (strcmp(k, "arabic") == 0) {
                st = read_words(r, v, key, SM_THEATRE_MAX_WORDS, ARABIC, &a.arabic, &a.narabic);
            } else {
                st = sm_json_bad(&r->in, key, "unknown actor setting (name, words, arabic)");
            }
            if (st != SM_OK)
                break;
        }
        snprintf(key, sizeof(key), "actors[%zu]", i);
        if (st == SM_OK && !named)
            st = sm_json_bad(&r->in, key, "each actor needs a \"name\"");
        if (st == SM_OK)
            st = check_unique(r, key, &a);
        if (st != SM_OK) {
            free(a.words);
            free(a.arabic);
            return st;
        }
        t->actors[t->nactors++] = a;
    }
    return SM_OK;
}

/* The keys a profile must give, in the order of their bits in `have`. */
static const char *const required[] = { "name", "country", "country_iso3", "country_name",
                                        "gazetteer_box", "regions", "default_region" };

static sm_status
read_key(const reader *r, const char *key, json_object *v, unsigned *have)
{
    sm_theatre *t = r->t;

    for (size_t i = 0; i < SM_LEN(required); i++)
        if (strcmp(key, required[i]) == 0)
            *have |= 1u << i;
    if (strcmp(key, "name") == 0)
        return ident(r, v, key, t->name, sizeof(t->name));
    if (strcmp(key, "country") == 0)
        return code(r, v, key, 2, t->country);
    if (strcmp(key, "country_iso3") == 0)
        return code(r, v, key, 3, t->country_iso3);
    if (strcmp(key, "country_name") == 0)
        return sm_json_text(&r->in, v, key, t->country_name, sizeof(t->country_name));
    if (strcmp(key, "gazetteer_box") == 0)
        return box(r, v, key, &t->gaz_west, &t->gaz_south, &t->gaz_east, &t->gaz_north);
    if (strcmp(key, "regions") == 0)
        return read_regions(r, v);
    if (strcmp(key, "default_region") == 0)
        return ident(r, v, key, t->default_region, sizeof(t->default_region));
    if (strcmp(key, "disputed") == 0)
        return sm_json_text(&r->in, v, key, t->disputed, sizeof(t->disputed));
    if (strcmp(key, "factions") == 0)
        return read_factions(r, v);
    if (strcmp(key, "actors") == 0)
        return read_actors(r, v);
    if (strcmp(key, "demonyms") == 0)
        return read_words(r, v, key, SM_THEATRE_MAX_DEMONYMS, ENGLISH, &t->demonyms,
                          &t->ndemonyms);
    if (strcmp(key, "credit") == 0)
        return sm_json_text(&r->in, v, key, t->credit, sizeof(t->credit));
    if (strcmp(key, "description") == 0)
        return SM_OK;
    return sm_json_bad(&r->in, key, "unknown theatre setting");
}

sm_status
sm_theatre_load(const char *path, sm_theatre *t, sm_error *err)
{
    reader r = { { path, err }, t };
    json_object *root;
    unsigned have = 0;
    sm_status st = SM_OK;

    memset(t, 0, sizeof(*t));
    if ((st = sm_json_read_object(path, "theatre", &root, err)) != SM_OK)
        return st;
    json_object_object_foreach(root, key, val)
        if ((st = read_key(&r, key, val, &have)) != SM_OK)
            break;
    json_object_put(root);
    for (size_t i = 0; st == SM_OK && i < SM_LEN(required); i++)
        if (!(have & (1u << i)))
            st = sm_json_bad(&r.in, required[i], "missing");
    if (st == SM_OK && !sm_theatre_region_find(t, t->default_region))
        st = sm_json_bad(&r.in, "default_region", "not one of the regions");
    if (st != SM_OK)
        sm_theatre_free(t);
    return st;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "a, b, c": the NAME.json files of dir, by name. */
static void
names_in(const char *dir, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *names[64];
    size_t n = 0, len = 0;

    out[0] = '\0';
    while (d && n < SM_LEN(names) && (e = readdir(d)) != NULL) {
        size_t k = strlen(e->d_name);
        if (k > 5 && strcmp(e->d_name + k - 5, ".json") == 0 && e->d_name[0] != '.' &&
            (names[n] = strndup(e->d_name, k - 5)) != NULL)
            n++;
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof(names[0]), by_name);
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(out + len, cap - len, "%s%s", i ? ", " : "", names[i]);
        if (w > 0 && (size_t)w < cap - len)
            len += (size_t)w;
        free(names[i]);
    }
}

sm_status
sm_theatre_load_named(const char *dir, const char *name, sm_theatre *t, sm_error *err)
{
    char path[4096], known[256];

    memset(t, 0, sizeof(*t));
    if (!sm_text_is_ident(name))
        return sm_fail(err, SM_EUSAGE, "theatre \"%s\": a name is a plain identifier"
                       " (syria), else give the profile's file", name);
    if ((size_t)snprintf(path, sizeof(path), "%s/%s.json", dir, name) >= sizeof(path))
        return sm_fail(err, SM_EUSAGE, "%s: too long a folder name", dir);
    if (access(path, F_OK) != 0 && errno == ENOENT) {
        names_in(dir, known, sizeof(known));
        return sm_fail(err, SM_ENOTFOUND, "no theatre \"%s\" (no %s); the theatres are: %s",
                       name, path, known[0] ? known : "none");
    }
    return sm_theatre_load(path, t, err);
}

const sm_theatre_region *
sm_theatre_region_find(const sm_theatre *t, const char *name)
{
    for (int i = 0; name && i < t->nregions; i++)
        if (strcmp(t->regions[i].name, name) == 0)
            return &t->regions[i];
    return NULL;
}

void
sm_theatre_free(sm_theatre *t)
{
    if (t == NULL)
        return;
    for (int i = 0; t->actors && i < t->nactors; i++) {
        free(t->actors[i].words);
        free(t->actors[i].arabic);
    }
    free(t->actors);
    free(t->regions);
    free(t->factions);
    free(t->demonyms);
    sm_arena_free(&t->strings);
    memset(t, 0, sizeof(*t));
}
