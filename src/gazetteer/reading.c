/* SPDX-License-Identifier: MIT */
/*
 * reading.c - an Arabic name read in Latin letters, to meet the
 * transliterations no list holds.
 *
 * Of most villages the gazetteer knows one English spelling (often a
 * translation: OCHA's "Eastern Deir" for دير شرقي) and the Arabic name; the
 * news writes its own transliteration ("Deir Sharqi"). Both are read here
 * as the same skeleton of Latin symbols that sm_gaz_fold makes of a Latin
 * name: ب b, ت ث ط t, ج j, ح ه h, خ x, د ض d, ذ ز ظ z, س ص s, ش $, غ g,
 * ف f, ق ك k, ل l, م m, ن n, ر r; ع and hamza vanish as the apostrophe
 * does, but ع beginning a name is a vowel, as the Latin writes it ("Afrin",
 * عفرين); alef, and waw and yaa after the name's first letter, are a vowel V
 * (as w and y are in a Latin reading); taa marbuta is a vowel at the end of
 * the name and t before another word ("Maarat al-Numan"); final haa is a
 * vowel; the article goes as folding drops it.
 *
 * Arabic leaves short vowels unwritten and Latin writes them, so the two
 * meet when their consonants agree in order, each long vowel of the
 * Arabic stands where the Latin has a vowel ("Hamidia" is الحميدية, "Hamid"
 * is not) and both begin with a vowel or neither does ("Ehsin" is not
 * الحصن). The reading's key is its consonants behind a marker byte no
 * folded key holds; readings with fewer than three consonants are too
 * common to say anything and are not made.
 */
#include "gazetteer/gaz_int.h"

#include <string.h>

#include "core/text.h"

#define MIN_CONSONANTS 3

/* The symbol of a folded Arabic letter (0x80 + code point - 0x600): a Latin
 * consonant, 'V', 0 (vanishes) or -1 (not a letter read here). */
static int
arabic_symbol(unsigned char b, bool first, bool end_of_word, bool end_of_name, bool marbuta)
{
    static const char letters[] =       /* U+0627 .. U+064A */
        "Vb.ttjhxdzrzs$sdtz.g.....-fkklmnh..";
    unsigned cp = 0x600u + (b - 0x80u);
    char c;

    if (b < 0x80 || cp < 0x627 || cp > 0x64a)
        return -1;
    if (cp == 0x639)
        return first ? 'V' : 0;           /* ain: a vowel only to begin with */
    if (cp == 0x648 || cp == 0x64a)
        return first ? (cp == 0x648 ? 'w' : 'y') : 'V';
    if (cp == 0x647 && end_of_word)
        return marbuta && !end_of_name ? 't' : 'V';
    c = cp - 0x627 < sizeof(letters) - 1 ? letters[cp - 0x627] : '.';
    return c == '.' || c == '-' ? 0 : c;
}

static void
put(char *out, size_t cap, size_t *n, char sym)
{
    if (*n > 0 && out[*n - 1] == sym)
        return;                           /* runs collapse, as in a key */
    if (*n + 1 < cap)
        out[(*n)++] = sym;
}

static size_t
finish(char *out, size_t n)
{
    size_t consonants = 0;

    out[n] = '\0';
    for (size_t i = 0; i < n; i++)
        consonants += out[i] != 'V';
    return consonants >= MIN_CONSONANTS ? n : 0;
}

size_t
sm_gaz__arabic_reading(const char *name, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t len = strlen(name), n = 0, i = 0;
    bool first = true;

    if (cap < 2)
        return 0;
    while (i < len) {
        char word[SM_GAZ_NAME_MAX], key[SM_GAZ_KEY_MAX];
        size_t w = 0, k, rest;
        bool marbuta, last;

        /* a word: a run of Arabic letters and marks (two bytes each) */
        for (; i < len && !(s[i] >= 0xd8 && s[i] <= 0xdb); i++)
            if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
                return 0;                 /* Latin letters: not an Arabic name */
        while (i + 1 < len && s[i] >= 0xd8 && s[i] <= 0xdb && w + 2 < sizeof(word)) {
            word[w++] = (char)s[i++];
            word[w++] = (char)s[i++];
        }
        if (w == 0)
            break;
        word[w] = '\0';
        marbuta = (unsigned char)word[w - 2] == 0xd8 && (unsigned char)word[w - 1] == 0xa9;
        for (rest = i; rest < len && !(s[rest] >= 0xd8 && s[rest] <= 0xdb); rest++)
            ;
        last = rest >= len;
        k = sm_gaz_fold(word, key, sizeof(key));
        for (size_t j = 0; j < k; j++) {
            int sym = arabic_symbol((unsigned char)key[j], first, j + 1 == k, last, marbuta);
            if (sym < 0)
                return 0;
            first = false;
            if (sym)
                put(out, cap, &n, (char)sym);
        }
    }
    return finish(out, n);
}

size_t
sm_gaz__latin_reading(const char *key, size_t len, char *out, size_t cap)
{
    size_t n = 0;

    if (cap < 2)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = key[i];
        if ((unsigned char)c >= 0x80)
            return 0;                     /* an Arabic key */
        put(out, cap, &n, (c == 'w' || c == 'y') && i > 0 ? 'V' : c);
    }
    return finish(out, n);
}

size_t
sm_gaz__reading_key(const char *reading, char *key, size_t cap)
{
    size_t n = 0;

    if (cap < 2)
        return 0;
    key[n++] = SM_GAZ_READING_MARK;
    for (const char *r = reading; *r && n + 1 < cap; r++)
        if (*r != 'V')
            key[n++] = *r;
    key[n] = '\0';
    return n > 1 ? n : 0;
}

bool
sm_gaz__reading_fits(const char *arabic, const char *latin)
{
    const char *a = arabic, *l = latin;

    if ((*a == 'V') != (*l == 'V'))
        return false;                     /* a name begins with a vowel in both or neither */
    for (;;) {
        bool av = *a == 'V', lv = *l == 'V';
        a += av;
        l += lv;
        if (av && !lv)
            return false;                 /* a long vowel the Latin lacks */
        if (*a == '\0' || *l == '\0')
            return *a == *l;
        if (*a++ != *l++)
            return false;
    }
}

size_t
sm_gaz_reading_key(const char *key, size_t len, char *out, size_t cap)
{
    char reading[SM_GAZ_KEY_MAX];

    return sm_gaz__latin_reading(key, len, reading, sizeof(reading))
               ? sm_gaz__reading_key(reading, out, cap) : 0;
}

size_t
sm_gaz_arabic_reading_key(const char *name, char *out, size_t cap)
{
    char reading[SM_GAZ_NAME_MAX];

    return sm_gaz__arabic_reading(name, reading, sizeof(reading))
               ? sm_gaz__reading_key(reading, out, cap) : 0;
}
