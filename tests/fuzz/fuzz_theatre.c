/* SPDX-License-Identifier: MIT */
/*
 * fuzz_theatre.c - sm_theatre_load on any file (the input written to a
 * temporary file), then what uses a profile: its regions looked up, a
 * style given its factions.
 */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file("theatre.json", data, size);
    sm_theatre t;
    sm_style s;
    sm_error err = { 0 };

    if (sm_theatre_load(path, &t, &err) == SM_OK) {
        FUZZ_ASSERT(t.nregions >= 0 && t.nregions <= SM_THEATRE_MAX_REGIONS);
        FUZZ_ASSERT(t.nfactions >= 0 && t.nfactions <= SM_THEATRE_MAX_FACTIONS);
        for (int i = 0; i < t.nregions; i++)
            FUZZ_ASSERT(sm_theatre_region_find(&t, t.regions[i].name) != NULL);
        if (t.default_region[0])
            FUZZ_ASSERT(sm_theatre_region_find(&t, t.default_region) != NULL);
        for (int i = 0; i < t.nactors; i++)
            for (int w = 0; w < t.actors[i].nwords; w++)
                FUZZ_ASSERT(t.actors[i].words[w] != NULL);
        sm_style_defaults(&s);
        sm_style_apply_theatre(&s, &t);
        FUZZ_ASSERT(s.nfactions == t.nfactions);
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0');
    }
    sm_theatre_free(&t);
    return 0;
}
