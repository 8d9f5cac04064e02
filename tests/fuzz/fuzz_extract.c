/* SPDX-License-Identifier: MIT */
/*
 * fuzz_extract.c - sm_extract on any text, published on a fixed day
 * (2017-01-30), with the extractor of the shipped gazetteer, english.txt
 * and the Syrian theatre, built once.
 */
#include "fuzz.h"

static sm_extractor *extractor;
static sm_day day;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    sm_error err = { 0 };

    (void)argc;
    fuzz_project_root(argv);
    if (sm_extractor_new(fuzz_gazetteer(), "gazetteer/english.txt", fuzz_theatre(), &extractor,
                         &err) != SM_OK) {
        fprintf(stderr, "extractor: %s\n", err.msg);
        exit(1);
    }
    sm_day_from_ymd(2017, 1, 30, &day);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sm_extraction r;
    sm_error err = { 0 };

    /* the exact bytes, not NUL-terminated: the length is the text's */
    char *text = malloc(size ? size : 1);
    if (text == NULL)
        abort();
    memcpy(text, data, size);
    if (sm_extract(extractor, text, size, day, &r, &err) == SM_OK) {
        for (size_t i = 0; i < r.nmentions; i++) {
            const sm_mention *m = &r.mentions[i];
            FUZZ_ASSERT(m->start < m->end && m->end <= size && m->cstart < m->cend);
            FUZZ_ASSERT(m->sentence >= 0 && m->sentence < r.sentences);
        }
        for (size_t i = 0; i < r.nevents; i++) {
            const sm_found_event *e = &r.events[i];
            FUZZ_ASSERT(e->mention >= 0 && (size_t)e->mention < r.nmentions);
            FUZZ_ASSERT(e->start <= e->end && e->end <= size);
            FUZZ_ASSERT(memchr(e->actors, '\0', sizeof(e->actors)) != NULL);
        }
        sm_extraction_free(&r);
    } else {
        /* a failure keeps nothing: the command frees only what succeeded */
        FUZZ_ASSERT(err.msg[0] != '\0');
    }
    free(text);
    return 0;
}
