/* SPDX-License-Identifier: MIT */
/*
 * fuzz_lookup.c - sm_gaz_lookup and sm_gaz_query_near on the shipped
 * gazetteer, loaded once. The first byte chooses the query's options
 * (misspellings, a context point, a governorate, another country); the
 * rest is the name. A look-up without reasons must find the same.
 */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_project_root(argv);
    fuzz_gazetteer();
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const admin1[] = { "Aleppo", "SY02", "Idlib", "nowhere" };
    const sm_gaz *gaz = fuzz_gazetteer();
    unsigned flags = size ? data[0] : 0;
    char *name = fuzz_cstr(size ? data + 1 : data, size ? size - 1 : 0);
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate out[8];
    const char *why = NULL;
    sm_error err = { 0 };
    int n = -1;

    q.fuzzy = flags & 1;
    if (flags & 2) {
        q.has_near = true;
        q.near_lat_deg = 36.2;             /* Aleppo */
        q.near_lon_deg = 37.15;
    }
    if (flags & 4)
        q.admin1 = admin1[(flags >> 4) & 3];
    if (flags & 8)
        q.country = (flags & 64) ? "LB" : "SY";
    if (sm_gaz_lookup(gaz, name, &q, out, (int)SM_LEN(out), &n, &why, &err) == SM_OK) {
        sm_candidate bare[8];
        int nb = -1;
        FUZZ_ASSERT(n >= 0 && n <= (int)SM_LEN(out));
        for (int i = 0; i < n; i++)
            FUZZ_ASSERT(out[i].place != NULL && out[i].score >= 0 && out[i].score <= 1 &&
                        memchr(out[i].why, '\0', sizeof(out[i].why)) != NULL);
        FUZZ_ASSERT(n > 0 || why != NULL);
        /* without reasons: the same candidates, no why */
        q.reasons = false;
        FUZZ_ASSERT(sm_gaz_lookup(gaz, name, &q, bare, (int)SM_LEN(bare), &nb, NULL, &err) ==
                        SM_OK && nb == n);
        for (int i = 0; i < n; i++)
            FUZZ_ASSERT(bare[i].place == out[i].place && bare[i].score == out[i].score &&
                        bare[i].edits == out[i].edits && bare[i].why[0] == '\0');
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0');
    }
    if (flags & 128) {
        sm_gaz_query near = SM_GAZ_QUERY_INIT;
        memset(&err, 0, sizeof(err));
        sm_gaz_query_near(gaz, name, &near, &err);
    }
    free(name);
    return 0;
}
