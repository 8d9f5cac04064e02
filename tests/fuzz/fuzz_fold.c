/* SPDX-License-Identifier: MIT */
/*
 * fuzz_fold.c - name folding (gazetteer/fold.c, reading.c): the key (also
 * as made from the plain form, which must be the same), the label, the
 * plain and surface forms, the variant keys, the readings and a key's
 * readable text, of any bytes. The first byte, when there is one,
 * is the capacity given to the functions that take any.
 */
#include "fuzz.h"

#include "gazetteer/gaz_int.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* out[0 .. cap) written and NUL-terminated within it: a guard byte after */
static char *
guarded(size_t cap)
{
    char *p = malloc(cap + 1);

    if (p == NULL)
        abort();
    memset(p, 0x55, cap + 1);
    return p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cap = size ? 1 + data[0] : 64;
    char *name = fuzz_cstr(size ? data + 1 : data, size ? size - 1 : 0);
    char key[SM_GAZ_KEY_MAX], reading[SM_GAZ_KEY_MAX], keys[SM_GAZ_VARIANTS][SM_GAZ_KEY_MAX];
    char text[4 * SM_GAZ_KEY_MAX], plain[SM_GAZ_NAME_MAX], compat[SM_GAZ_NAME_MAX];
    char *out = guarded(cap);
    size_t n;
    int nv;

    n = sm_gaz_fold(name, key, sizeof(key));
    FUZZ_ASSERT(n < sizeof(key) && strlen(key) == n);
    sm_gaz_key_text(key, text, sizeof(text));
    n = sm_gaz_reading_key(key, n, reading, sizeof(reading));
    FUZZ_ASSERT(n < sizeof(reading));
    n = sm_gaz_arabic_reading_key(name, reading, sizeof(reading));
    FUZZ_ASSERT(n < sizeof(reading));
    nv = sm_gaz__variant_keys(name, key, keys);
    FUZZ_ASSERT(nv >= 0 && nv <= SM_GAZ_VARIANTS);
    for (int i = 0; i < nv; i++)
        FUZZ_ASSERT(strlen(keys[i]) < SM_GAZ_KEY_MAX && strcmp(keys[i], key) != 0);
    sm_gaz__has_generic(name);
    sm_gaz__not_place_key(name, reading, sizeof(reading));
    n = sm_gaz__plain(name, plain, sizeof(plain));
    FUZZ_ASSERT(n < sizeof(plain) && strlen(plain) == n);
    sm_gaz__surface_of_plain(plain, compat, sizeof(compat));
    /* the key made from the plain form is the folded one (when the plain
       form is whole) */
    if (strlen(name) < SM_GAZ_NAME_MAX - 8) {
        char from_plain[SM_GAZ_KEY_MAX];
        size_t np = sm_gaz__plain(name, plain, sizeof(plain));
        n = sm_gaz_fold(name, key, sizeof(key));
        FUZZ_ASSERT(sm_gaz__fold_plain(plain, np, from_plain, sizeof(from_plain)) == n &&
                    strcmp(from_plain, key) == 0);
    }
    n = sm_gaz__plain_words(name, plain, sizeof(plain));
    FUZZ_ASSERT(n < sizeof(plain) && strlen(plain) == n);
    sm_gaz__compatible(name, compat, sizeof(compat));

    /* the functions that take any capacity keep within it */
    n = sm_gaz_label(name, out, cap);
    FUZZ_ASSERT(n < cap && strlen(out) == n && (unsigned char)out[cap] == 0x55);
    n = sm_gaz__surface(name, out, cap);
    FUZZ_ASSERT(n < cap && strlen(out) == n && (unsigned char)out[cap] == 0x55);
    n = sm_gaz__plain(name, out, cap);
    FUZZ_ASSERT(n < cap && strlen(out) == n && (unsigned char)out[cap] == 0x55);
    sm_gaz_key_text(name, out, cap);
    FUZZ_ASSERT(strlen(out) < cap && (unsigned char)out[cap] == 0x55);
    sm_gaz__compatible(name, out, cap);
    FUZZ_ASSERT((unsigned char)out[cap] == 0x55);
    n = sm_gaz_arabic_reading_key(name, out, cap);
    FUZZ_ASSERT(n < cap && (unsigned char)out[cap] == 0x55);
    n = sm_gaz_fold(name, key, sizeof(key));
    n = sm_gaz_reading_key(key, n, out, cap);
    FUZZ_ASSERT(n < cap && (unsigned char)out[cap] == 0x55);

    free(out);
    free(name);
    return 0;
}
