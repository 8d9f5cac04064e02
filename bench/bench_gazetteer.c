/* SPDX-License-Identifier: MIT */
/*
 * bench_gazetteer.c - look-up speed of the gazetteer, on one core:
 *   load:  building the index from a database's gazetteer tables;
 *   exact: names whose folded key is in the index: every name of every
 *          place in Syria, in turn (and, apart, the neighbours' places,
 *          whose exact hits abroad also start a search for a Syrian place
 *          of a close spelling);
 *   fuzzy: the same names with two neighbouring letters swapped in the
 *          middle, which sends most through the misspelling search.
 * Each look-up asks for the best candidate, without its reason (as the
 * library's callers that place rows do); "+why" runs ask for the reason too
 * (as `sitmap geocode` shows it). SECONDS 0 runs each list once (for
 * cachegrind: instructions per look-up).
 * usage: bench_gazetteer DB [SECONDS [exact|exact+why|abroad|fuzzy|fuzzy+why|none]]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sitmap.h"

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct names {
    char **v;
    int n, cap;
} names;

static void
collect(const char *name, sm_name_kind kind, void *user)
{
    names *ns = user;

    if (kind == SM_NAME_ARABIC && ns->n % 4)
        return;                 /* keep a quarter of the Arabic names */
    if (ns->n == ns->cap) {
        ns->cap = ns->cap ? ns->cap * 2 : 1024;
        ns->v = realloc(ns->v, (size_t)ns->cap * sizeof(char *));
    }
    ns->v[ns->n++] = strdup(name);
}

/* Look names up for about `seconds`; returns look-ups per second. */
static double
run(const sm_gaz *gaz, names *ns, bool why, double seconds, long *found)
{
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c[1];
    sm_error err = { 0 };
    long count = 0;
    double t0 = now(), t;

    q.reasons = why;
    *found = 0;
    do {
        for (int i = 0; i < ns->n; i++) {
            int n = 0;
            sm_gaz_lookup(gaz, ns->v[i], &q, c, 1, &n, NULL, &err);
            *found += n > 0;
        }
        count += ns->n;
        t = now() - t0;
    } while (t < seconds);
    *found = *found * ns->n / count;
    return count / t;
}

int
main(int argc, char **argv)
{
    double seconds = argc > 2 ? atof(argv[2]) : 2.0, t0, load_ms = 1e9;
    sm_store *db = NULL;
    sm_gaz *gaz = NULL;
    sm_error err = { 0 };
    names exact = { 0 }, abroad = { 0 }, fuzzy = { 0 };
    long found;
    double rate;
    const char *only = argc > 3 ? argv[3] : NULL;

    if (argc < 2 || sm_store_open(argv[1], SM_STORE_READ, &db, &err) != SM_OK) {
        fprintf(stderr, "usage: bench_gazetteer DB [SECONDS]%s%s\n", err.msg[0] ? ": " : "",
                err.msg);
        return 2;
    }
    for (int i = 0; i < 5; i++) {
        sm_gaz_free(gaz);
        t0 = now();
        if (sm_store_gazetteer_load(db, &gaz, &err) != SM_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        if ((now() - t0) * 1e3 < load_ms)
            load_ms = (now() - t0) * 1e3;
    }
    sm_store_close(db);
    for (int i = 0; i < sm_gaz_count(gaz); i++) {
        const sm_place *p = sm_gaz_place(gaz, i);
        sm_gaz_names_each(gaz, i, collect, strcmp(p->country, "SY") == 0 ? &exact : &abroad);
    }
    for (int i = 0; i < exact.n; i++) {
        char *s = strdup(exact.v[i]);
        size_t len = strlen(s);
        if (len >= 6 && (unsigned char)s[len / 2] < 0x80 && (unsigned char)s[len / 2 + 1] < 0x80) {
            char t = s[len / 2];
            s[len / 2] = s[len / 2 + 1];
            s[len / 2 + 1] = t;
            collect(s, SM_NAME_ALT, &fuzzy);
        }
        free(s);
    }
    const struct {
        const char *name, *title;
        names *list;
        bool why, shown;          /* with reasons; run when no mode is named */
    } modes[] = {
        { "exact", "exact look-ups:", &exact, false, true },
        { "exact+why", "  with reasons:", &exact, true, true },
        { "abroad", "abroad look-ups:", &abroad, false, true },
        { "fuzzy", "fuzzy look-ups:", &fuzzy, false, true },
        { "fuzzy+why", "  with reasons:", &fuzzy, true, true },
    };
    printf("gazetteer: %d places, %d names; index load %.1f ms (best of 5)\n",
           sm_gaz_count(gaz), exact.n, load_ms);
    for (size_t m = 0; m < SM_LEN(modes); m++) {
        if (only ? strcmp(only, modes[m].name) != 0 : !modes[m].shown)
            continue;
        rate = run(gaz, modes[m].list, modes[m].why, seconds, &found);
        printf("%-17s %9.0f per second (%ld of %d found)\n", modes[m].title, rate, found,
               modes[m].list->n);
    }
    sm_gaz_free(gaz);
    return 0;
}
