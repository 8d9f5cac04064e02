/* SPDX-License-Identifier: MIT */
/*
 * fold.c - one key for every spelling of a name.
 *
 * Latin script, in order:
 *   1. letters lose case and diacritics (ā ḥ ṣ é ı -> a h s e i); ʿ ʾ ' ’ `
 *      vanish, so "Ma'arrat" is "maarrat"; anything else separates words;
 *   2. the Arabic article goes, as a word (al, el, ad, ar, as, ash, at, az,
 *      ez, an, ...) or attached: assimilated ("Ezzor", "Arraqqa") or al- before
 *      a consonant ("Albab"), when at least three letters remain;
 *   3. generic words take one form: Kafr/Kfar/Kfr/Kefr -> kfr (also attached,
 *      "Kafrsouseh"), Jabal/Jebel/Jbel/Djebel -> jbl;
 *   4. each word becomes a consonant skeleton: kh -> x, sh/ch -> $, th -> t,
 *      dh -> z, gh -> g, ph -> f, dj/zh -> j, q/c -> k, x -> ks; vowels, and single w/y
 *      after a word's first letter, become one vowel mark V (a doubled ww/yy
 *      is a consonant: Darayya is not Daraa); runs of one symbol
 *      collapse (doubled letters, ou/ee/ay/ei); a final -Vh drops its h
 *      (-ah/-eh/-iyah);
 *   5. words are joined without spaces ("Kafr Sousa" = "Kafrsouseh"), runs
 *      collapsing across the join.
 * Invisible marks (of direction, joining, soft hyphens) vanish.
 * Arabic script: short vowels, shadda and tatweel vanish; alef forms become
 * alef, taa marbuta haa, alef maqsura yaa, hamza on waw/yaa the bare letter;
 * the article al- goes from words of four letters or more; words are joined.
 * Each Arabic letter is one byte 0x80 + (code point - 0x600), so edit
 * distances count letters.
 *
 * Folding is deliberately lossy: it trades a few collisions between distinct
 * places (resolved by ranking and context) for meeting every transliteration.
 */
#include "gazetteer/gaz_int.h"

#include <ctype.h>
#include <glib.h>
#include <string.h>

#include "core/text.h"

/* Base letters of U+00C0..U+024F and U+1E00..U+1EFF ('.' = not a letter),
 * from Unicode's NFKD decompositions. */
static const char latin_00c0[] =
    "aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
    "................................oo.............uu..............."
    "....dddlllnnnaaiioouuuuuuuuuu.aaaa....ggkkoooo..jdddgg..nnaa...."
    "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............"
    "................";
static const char latin_1e00[] =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwyas..s.aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

#define SEP ' '
#define SKIP 0

/* The folded byte of an Arabic code point, SKIP or SEP. */
static int
arabic_byte(uint32_t cp)
{
    if ((cp >= 0x064b && cp <= 0x065f) || cp == 0x0670 || cp == 0x0640 || cp == 0x0621)
        return SKIP;                      /* vowel marks, shadda, tatweel, bare hamza */
    switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: cp = 0x0627; break; /* alef */
    case 0x0624: cp = 0x0648; break;      /* hamza on waw */
    case 0x0626: case 0x0649: case 0x06cc: cp = 0x064a; break; /* yaa */
    case 0x0629: cp = 0x0647; break;      /* taa marbuta */
    case 0x06a9: cp = 0x0643; break;      /* keheh */
    default: break;
    }
    if (cp >= 0x0660 && cp <= 0x0669)
        return '0' + (int)(cp - 0x0660);
    if (cp >= 0x06f0 && cp <= 0x06f9)
        return '0' + (int)(cp - 0x06f0);
    if (cp >= 0x0622 && cp <= 0x064a)
        return 0x80 + (int)(cp - 0x0600);
    return SEP;
}

/* The folded byte of an ASCII character: letters lower-cased, digits; '
 * and ` vanish; the rest separates words. */
#define SEP8 SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP
static const char ascii_fold[128] = {
    SEP8, SEP8, SEP8, SEP8,
    SEP, SEP, SEP, SEP, SEP, SEP, SEP, SKIP, SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', SEP, SEP, SEP, SEP, SEP, SEP,
    SEP, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', SEP, SEP, SEP, SEP, SEP,
    SKIP, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', SEP, SEP, SEP, SEP, SEP,
};

/* The folded byte of any code point: a lower-case ASCII letter or digit, an
 * Arabic letter byte, SKIP (vanishes inside a word) or SEP (ends a word). */
static int
fold_cp(uint32_t cp)
{
    if (cp < 0x80)
        return ascii_fold[cp];
    if (cp >= 0xc0 && cp < 0xc0 + sizeof(latin_00c0) - 1) {
        char b = latin_00c0[cp - 0xc0];
        return b == '.' ? SEP : b;
    }
    if (cp >= 0x1e00 && cp < 0x1e00 + sizeof(latin_1e00) - 1) {
        char b = latin_1e00[cp - 0x1e00];
        return b == '.' ? SEP : b;
    }
    if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x02b0 && cp <= 0x02ff) ||
        cp == 0x00b4 || cp == 0x2018 || cp == 0x2019 || cp == 0x201b || cp == 0x2032 ||
        cp == 0x200c || cp == 0x200d || cp == 0x00ad || (cp >= 0x200e && cp <= 0x200f) ||
        (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff)
        return SKIP;      /* combining marks, ʾ ʿ ʻ, quotes, ZWJ, direction marks */
    if (cp >= 0x0600 && cp <= 0x06ff)
        return arabic_byte(cp);
    return SEP;
}

/* The Arabic article as a word: al, el, il, ul, l; ad, ed, adh; ar, er;
 * as, es, ash, esh; at, et, ath; az, ez; an, en; ud, ur, us, ut, uz. */
static bool
is_article(const char *w, size_t n)
{
    switch (n) {
    case 1:
        return w[0] == 'l';
    case 2:
        switch (w[0]) {
        case 'i':
            return w[1] == 'l';
        case 'a': case 'e':
            return memchr("ldrstzn", w[1], 7) != NULL;
        case 'u':
            return memchr("ldrstz", w[1], 6) != NULL;
        default:
            return false;
        }
    case 3:
        return w[2] == 'h' && ((w[0] == 'a' && (w[1] == 'd' || w[1] == 's' || w[1] == 't')) ||
                               (w[0] == 'e' && w[1] == 's'));
    default:
        return false;
    }
}

static bool
is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Letters the article assimilates to ("sun letters"). */
static bool
is_sun(char c)
{
    return strchr("tdrzsnl", c) != NULL && c != '\0';
}

/* Drop an article attached to the front of a Latin word; returns how many
 * letters to skip. */
static size_t
attached_article(const char *w, size_t n)
{
    if (n >= 5 && (w[0] == 'a' || w[0] == 'e')) {
        if (w[1] == 's' && w[2] == 'h' && w[3] == 's' && w[4] == 'h' && n >= 7)
            return 3;                     /* ashsham -> sham */
        if (is_sun(w[1]) && w[2] == w[1] && n - 2 >= 3)
            return 2;                     /* ezzor -> zor, arraqqa -> raqqa */
        if (w[1] == 'l' && !is_vowel(w[2]) && w[2] != 'l' && n - 2 >= 3)
            return 2;                     /* albab -> bab */
    }
    return 0;
}

typedef struct keybuf {
    char *out;
    size_t cap, len;
    char dh;       /* the symbol for "dh": 'z' (dhal) or 'd' (dad) */
} keybuf;

static void
put(keybuf *k, char sym)
{
    if (k->len > 0 && k->out[k->len - 1] == sym)
        return;                           /* runs collapse */
    if (k->len + 1 < k->cap)
        k->out[k->len++] = sym;
}

/* Generic words that take one form; `len` of the word matched. */
static const char *
generic_word(const char *w, size_t n, size_t *len)
{
    static const struct { const char *form, *canon; size_t len; } g[] = {
        { "kafar", "kfr", 5 }, { "kafr", "kfr", 4 }, { "kfar", "kfr", 4 },
        { "kefr", "kfr", 4 }, { "kufr", "kfr", 4 }, { "kfr", "kfr", 3 },
        { "djebel", "jbl", 6 }, { "jabal", "jbl", 5 }, { "jebel", "jbl", 5 },
        { "jabel", "jbl", 5 }, { "jebal", "jbl", 5 }, { "jbel", "jbl", 4 },
    };

    if (n < 3 || (w[0] != 'k' && w[0] != 'j' && w[0] != 'd'))
        return NULL;                      /* every form begins so */
    for (size_t i = 0; i < SM_LEN(g); i++) {
        size_t m = g[i].len;
        /* whole word, or attached to a rest of 3+ letters ("kafrsouseh") */
        if (n >= m && w[0] == g[i].form[0] && memcmp(w, g[i].form, m) == 0 &&
            (n == m || n - m >= 3)) {
            *len = m;
            return g[i].canon;
        }
    }
    return NULL;
}

/* The consonant skeleton of one Latin word, appended to k. */
static void
skeleton(keybuf *k, const char *w, size_t n)
{
    size_t start = k->len;

    for (size_t i = 0; i < n; i++) {
        char c = w[i], d = i + 1 < n ? w[i + 1] : '\0';
        char sym = c;

        switch (c) {
        /* kh -> x, sh/ch -> $, dh -> the dh symbol, th -> t, gh -> g,
           ph -> f; dj/zj -> j */
        case 'k': if (d == 'h') { sym = 'x'; i++; } break;
        case 's': if (d == 'h') { sym = '$'; i++; } break;
        case 'c': if (d == 'h') { sym = '$'; i++; } else { sym = 'k'; } break;
        case 'd':
            if (d == 'h') { sym = k->dh; i++; } else if (d == 'j') { sym = 'j'; i++; }
            break;
        case 't': case 'g': if (d == 'h') i++; break;
        case 'p': if (d == 'h') { sym = 'f'; i++; } break;
        case 'z': if (d == 'j') { sym = 'j'; i++; } break;
        case 'o':
            if (i == 0 && d == 'u' && i + 2 < n && is_vowel(w[i + 2])) {
                sym = 'w';                /* French "Ouadi" */
                i++;
            } else {
                sym = 'V';
            }
            break;
        case 'a': case 'e': case 'i': case 'u': sym = 'V'; break;
        case 'w': case 'y':
            if (d == c)
                i++;                      /* doubled (shadda): a consonant */
            else if (i > 0)
                sym = 'V';
            break;
        case 'q': sym = 'k'; break;
        case 'x':
            put(k, 'k');                  /* x is "ks"; the symbol x is kh */
            sym = 's';
            break;
        default: break;
        }
        put(k, sym);
    }
    /* -ah, -eh, -iyah: a final h after a vowel is taa marbuta */
    if (k->len - start >= 3 && k->out[k->len - 1] == 'h' && k->out[k->len - 2] == 'V')
        k->len--;
}

static void
fold_latin_word(keybuf *k, const char *w, size_t n)
{
    size_t skip, glen = 0;
    const char *canon;

    if (is_article(w, n))
        return;
    skip = attached_article(w, n);
    w += skip;
    n -= skip;
    canon = generic_word(w, n, &glen);
    if (canon) {
        for (const char *c = canon; *c; c++)
            put(k, *c);
        w += glen;
        n -= glen;
        if (n == 0)
            return;
    }
    skeleton(k, w, n);
}

static void
fold_arabic_word(keybuf *k, const char *w, size_t n)
{
    /* al- (alef 0xa7, lam 0xc4) before at least two letters */
    if (n >= 4 && (unsigned char)w[0] == 0xa7 && (unsigned char)w[1] == 0xc4) {
        w += 2;
        n -= 2;
    }
    for (size_t i = 0; i < n; i++)
        put(k, w[i]);
}

static size_t
fold_with(const char *name, char *key, size_t cap, char dh)
{
    char word[SM_GAZ_NAME_MAX];
    size_t wn = 0, len;
    const unsigned char *s = (const unsigned char *)name;
    keybuf k = { key, cap < SM_GAZ_KEY_MAX ? cap : SM_GAZ_KEY_MAX, 0, dh };

    if (cap == 0)
        return 0;
    len = strlen(name);
    for (size_t i = 0; i <= len;) {
        uint32_t cp = 0;
        int b;

        if (i < len && s[i] < 0x80)
            cp = s[i++];
        else if (i < len)
            i += sm_utf8_next(s + i, len - i, &cp);
        else
            i++;                          /* the end flushes the last word */
        b = cp ? fold_cp(cp) : SEP;
        if (b == SKIP)
            continue;
        if (b != SEP && wn < sizeof(word)) {
            word[wn++] = (char)b;
            continue;
        }
        if (wn > 0) {
            if ((unsigned char)word[0] >= 0x80)
                fold_arabic_word(&k, word, wn);
            else
                fold_latin_word(&k, word, wn);
        }
        wn = 0;
    }
    key[k.len] = '\0';
    return k.len;
}

size_t
sm_gaz__fold_plain(const char *plain, size_t len, char *key, size_t cap)
{
    keybuf k = { key, cap < SM_GAZ_KEY_MAX ? cap : SM_GAZ_KEY_MAX, 0, 'z' };

    if (cap == 0)
        return 0;
    for (size_t i = 0; i < len;) {
        size_t n = i;
        while (n < len && plain[n] != SEP)
            n++;
        if ((unsigned char)plain[i] >= 0x80)
            fold_arabic_word(&k, plain + i, n - i);
        else
            fold_latin_word(&k, plain + i, n - i);
        i = n + 1;                        /* words are one space apart */
    }
    key[k.len] = '\0';
    return k.len;
}

const char *
sm_gaz__compatible(const char *name, char *buf, size_t cap)
{
    const unsigned char *p = (const unsigned char *)name;
    gchar *n;
    size_t len;

    /* U+FB00 and up: ligatures, presentation forms, full-width letters */
    while (*p && !(p[0] == 0xef && p[1] >= 0xac))
        p++;
    if (*p == '\0' || (n = g_utf8_normalize(name, -1, G_NORMALIZE_NFKC)) == NULL)
        return name;
    len = strlen(n);
    if (len < cap) {
        memcpy(buf, n, len + 1);
        name = buf;
    }
    g_free(n);
    return name;
}

size_t
sm_gaz_fold(const char *name, char *key, size_t cap)
{
    return fold_with(name, key, cap, 'z');
}

/* Words that say what a place is, not which: dropped to make a variant key
 * ("Kweires airbase" ~ "Kweires", "مخيم الهول" ~ "الهول"). */
#define W(s) { s, sizeof(s) - 1 }
static const struct generic_word { const char *w; size_t len; } generic_words[] = {
    W("city"), W("town"), W("village"), W("area"), W("district"), W("neighbourhood"),
    W("neighborhood"), W("quarter"), W("suburb"), W("governorate"), W("province"),
    W("countryside"), W("outskirts"), W("airbase"), W("airport"), W("air"), W("base"),
    W("military"), W("camp"), W("crossing"), W("border"), W("checkpoint"), W("dam"),
    W("field"), W("oilfield"), W("gasfield"), W("refinery"), W("prison"), W("hospital"),
    W("highway"), W("road"), W("lake"), W("river"), W("mount"), W("mountain"), W("plain"),
    W("valley"),
    W("مدينة"), W("بلدة"), W("قرية"), W("حي"), W("ناحية"), W("منطقة"), W("محافظة"), W("ريف"),
    W("مطار"), W("قاعدة"), W("مخيم"), W("معبر"), W("سد"), W("حقل"), W("مصفاة"), W("سجن"),
    W("مشفى"), W("مستشفى"), W("طريق"), W("بحيرة"), W("نهر"), W("جبل"), W("سهل"), W("وادي"),
    W("العسكري"), W("العسكرية"), W("الحدودي"),
};
#undef W

static bool
generic(const char *w, size_t n)
{
    for (size_t i = 0; i < SM_LEN(generic_words); i++)
        if (generic_words[i].len == n && generic_words[i].w[0] == w[0] &&
            memcmp(generic_words[i].w, w, n) == 0)
            return true;
    return false;
}

/* "dh" in the name, in any case: only then is there a dad reading. */
static bool
has_dh(const char *name)
{
    for (const char *p = name; p[0] && p[1]; p++)
        if ((p[0] == 'd' || p[0] == 'D') && (p[1] == 'h' || p[1] == 'H'))
            return true;
    return false;
}

/* name without its generic words (lower-cased, words kept otherwise) into
 * out; 0 when it has none, or nothing but them. */
static size_t
without_generic(const char *name, char *out, size_t cap)
{
    char plain[SM_GAZ_NAME_MAX];
    size_t o = 0, kept = 0;
    bool dropped = false;

    sm_gaz__plain_words(name, plain, sizeof(plain));
    for (char *w = plain; *w;) {
        size_t n = strcspn(w, " ");
        if (generic(w, n)) {
            dropped = true;
        } else if (o + n + 2 < cap) {
            if (o)
                out[o++] = ' ';
            memcpy(out + o, w, n);
            o += n;
            kept++;
        }
        w += n;
        while (*w == ' ')
            w++;
    }
    out[o] = '\0';
    return dropped && kept ? o : 0;
}

bool
sm_gaz__has_generic(const char *name)
{
    char plain[SM_GAZ_NAME_MAX];

    sm_gaz__plain_words(name, plain, sizeof(plain));
    for (char *w = plain; *w;) {
        size_t n = strcspn(w, " ");
        if (generic(w, n))
            return true;
        w += n;
        while (*w == ' ')
            w++;
    }
    return false;
}

/* True if s begins with lower (lower-case ASCII letters) in any case, as
 * strncasecmp in the C locale tells. */
static bool
starts_ci(const char *s, const char *lower)
{
    for (; *lower; s++, lower++)
        if ((*s | 0x20) != *lower)
            return false;
    return true;
}

/* A name written the German way (it has "sch") in English letters: dsch
 * -> j, sch -> sh, ch -> kh. Returns false when it is not. */
static bool
german(const char *name, char *out, size_t cap)
{
    size_t o = 0;
    bool sch = false;

    for (const char *c = name; *c && o + 3 < cap;) {
        if (starts_ci(c, "dsch")) {
            out[o++] = 'j';
            c += 4;
            sch = true;
        } else if (starts_ci(c, "sch")) {
            out[o++] = 's';
            out[o++] = 'h';
            c += 3;
            sch = true;
        } else if (starts_ci(c, "ch")) {
            out[o++] = 'k';
            out[o++] = 'h';
            c += 2;
        } else {
            out[o++] = *c++;
        }
    }
    out[o] = '\0';
    return sch;
}

int
sm_gaz__variant_keys(const char *name, const char *primary,
                     char keys[SM_GAZ_VARIANTS][SM_GAZ_KEY_MAX])
{
    char bare[SM_GAZ_NAME_MAX];
    int n = 0;

    /* "dh" writes both dhal (Dhiban ~ Ziban) and dad (Dhumayr ~ Dumayr) */
    bool dh = has_dh(name);

    if (dh && fold_with(name, keys[n], SM_GAZ_KEY_MAX, 'd') && strcmp(keys[n], primary) != 0)
        n++;
    /* German spellings: "Chan Scheichun" is Khan Shaykhun */
    if (n < SM_GAZ_VARIANTS && german(name, bare, sizeof(bare)) &&
        sm_gaz_fold(bare, keys[n], SM_GAZ_KEY_MAX) && strcmp(keys[n], primary) != 0)
        n++;
    if (n < SM_GAZ_VARIANTS - 1 && without_generic(name, bare, sizeof(bare)) > 0) {
        if (sm_gaz_fold(bare, keys[n], SM_GAZ_KEY_MAX) && strcmp(keys[n], primary) != 0)
            n++;
        if (dh && fold_with(bare, keys[n], SM_GAZ_KEY_MAX, 'd') &&
            strcmp(keys[n], primary) != 0 && (n == 0 || strcmp(keys[n], keys[n - 1]) != 0))
            n++;
    }
    return n;
}

size_t
sm_gaz__surface_of_plain(const char *plain, char *out, size_t cap)
{
    size_t o = 0;

    for (const char *w = plain; *w;) {
        size_t n = strcspn(w, " ");
        if (!is_article(w, n) && o + n + 1 < cap) {
            memcpy(out + o, w, n);
            o += n;
        }
        w += n;
        while (*w == ' ')
            w++;
    }
    out[o] = '\0';
    return o;
}

size_t
sm_gaz__surface(const char *name, char *out, size_t cap)
{
    char plain[SM_GAZ_NAME_MAX];

    sm_gaz__plain(name, plain, sizeof(plain));
    return sm_gaz__surface_of_plain(plain, out, cap);
}

/* The plain form: letters folded, words separated by one space. Arabic
 * letters are written as their folded bytes, or as written (UTF-8) when
 * arabic_utf8 is set. */
static size_t
plain_form(const char *name, char *out, size_t cap, bool arabic_utf8)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t len = strlen(name), o = 0;

    if (cap == 0)
        return 0;
    for (size_t i = 0; i < len && o + 4 < cap;) {
        uint32_t cp = s[i];
        size_t step = cp < 0x80 ? 1 : sm_utf8_next(s + i, len - i, &cp);
        int b = cp < 0x80 ? ascii_fold[cp] : fold_cp(cp);

        if (b == SEP) {
            if (o > 0 && out[o - 1] != ' ')
                out[o++] = ' ';
        } else if (b != SKIP && (b < 0x80 || !arabic_utf8)) {
            out[o++] = (char)b;
        } else if (b != SKIP) {
            memcpy(out + o, s + i, step);
            o += step;
        }
        i += step;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return o;
}

size_t
sm_gaz__plain(const char *name, char *out, size_t cap)
{
    return plain_form(name, out, cap, false);
}

size_t
sm_gaz__plain_words(const char *name, char *out, size_t cap)
{
    return plain_form(name, out, cap, true);
}

size_t
sm_gaz_label(const char *name, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t len = strlen(name), o = 0;

    if (cap == 0)
        return 0;
    for (size_t i = 0; i < len && o + 5 < cap;) {
        uint32_t cp = 0;
        size_t step = sm_utf8_next(s + i, len - i, &cp);
        int b = fold_cp(cp);
        bool upper = (cp >= 0xc0 && cp <= 0xde) ||
                     (((cp >= 0x100 && cp <= 0x17f) || (cp >= 0x1e00 && cp <= 0x1eff)) &&
                      cp % 2 == 0);

        if (cp < 0x80 || (cp >= 0x600 && cp <= 0x6ff)) {
            if (cp != '`') {
                memcpy(out + o, s + i, step);   /* ASCII and Arabic as written */
                o += step;
            }
        } else if (b != SKIP && b != SEP) {
            out[o++] = (char)(upper ? toupper(b) : b);
        } else if (b == SEP) {
            out[o++] = ' ';
        }
        i += step;
    }
    out[o] = '\0';
    return o;
}

const char *
sm_gaz_key_text(const char *key, char *buf, size_t cap)
{
    size_t o = 0;

    for (const unsigned char *p = (const unsigned char *)key; *p && o + 3 < cap; p++) {
        if (*p < 0x80) {
            buf[o++] = (char)*p;
        } else {
            uint32_t cp = 0x600 + (*p - 0x80);
            buf[o++] = (char)(0xc0 | (cp >> 6));
            buf[o++] = (char)(0x80 | (cp & 0x3f));
        }
    }
    buf[o] = '\0';
    return buf;
}
