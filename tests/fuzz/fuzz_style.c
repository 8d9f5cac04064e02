/* SPDX-License-Identifier: MIT */
/*
 * fuzz_style.c - sm_style_load on any file (the input written to a
 * temporary file), over the defaults with the Syrian theatre's factions,
 * as `render --style FILE` loads it.
 */
#include "fuzz.h"

#include <math.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_project_root(argv);
    fuzz_theatre();
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file("style.json", data, size);
    sm_style s;
    sm_error err = { 0 };

    sm_style_defaults(&s);
    sm_style_apply_theatre(&s, fuzz_theatre());
    if (sm_style_load(path, &s, &err) == SM_OK) {
        sm_style_apply_theatre(&s, fuzz_theatre());
        FUZZ_ASSERT(s.nfactions >= 0 && s.nfactions <= SM_STYLE_MAX_FACTIONS);
        FUZZ_ASSERT(s.nallies >= 0 && s.nallies <= SM_STYLE_MAX_ALLIES);
        for (int i = 0; i < s.nfactions; i++)
            FUZZ_ASSERT(sm_style_faction(&s, s.factions[i].id) != NULL);
        FUZZ_ASSERT(memchr(s.font, '\0', sizeof(s.font)) && memchr(s.name, '\0', sizeof(s.name)));
        /* what a file may give, a style built in code may hold */
        FUZZ_ASSERT(sm_style_check(&s, &err) == SM_OK);
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0');
    }
    return 0;
}
