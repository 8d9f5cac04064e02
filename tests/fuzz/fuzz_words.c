/* SPDX-License-Identifier: MIT */
/*
 * fuzz_words.c - sm_words_load on any file (the input written to a
 * temporary file), as `render --lang FILE` reads a language file, then
 * what a map asks of the words it read: dates in each format, with either
 * digits, plural keys, phrases filled and made Arabic-Indic.
 */
#include "fuzz.h"

#include "core/words.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_project_root(argv);
    return 0;
}

/* out, written by a function given cap bytes, ends within them */
#define FUZZ_ENDS(out) FUZZ_ASSERT(memchr((out), '\0', sizeof(out)) != NULL)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = { "long", "ap", "iso", "%d %B %Y", "%A %e %b" };
    static const char *const keys[] = { "title.as_of", "legend.places", "credits.sources",
                                        "legend.share" };
    const char *path = fuzz_write_file("lang.json", data, size);
    sm_words *w = sm_words_new();
    sm_error err = { 0 };
    char out[256], digits[256];

    if (w == NULL)
        return 0;
    if (sm_words_load(w, path, &err) == SM_OK) {
        for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++) {
            memset(out, 'x', sizeof(out));
            sm_words_date(w, 17147, formats[i], i % 2 == 1, out, sizeof(out));
            FUZZ_ENDS(out);
        }
        for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
            const char *names[] = { "date", "n", "faction" }, *values[] = { "12 December", "26",
                                                                         "IS" };
            for (long n = 0; n < 12; n += 1 + n)
                sm_words_plural_key(w, keys[i], n, out, sizeof(out));
            FUZZ_ENDS(out);
            sm_words_fill(sm_words_or(w, keys[i], "{date} {n}"), names, values, 3, out,
                          sizeof(out));
            FUZZ_ENDS(out);
            sm_words_arabic_indic(out, digits, sizeof(digits));
            FUZZ_ENDS(digits);
        }
        (void)sm_words_rtl(w);
        (void)sm_words_arabic_digits(w);
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0');
    }
    sm_words_free(w);
    return 0;
}
