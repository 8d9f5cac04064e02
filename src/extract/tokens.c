/* SPDX-License-Identifier: MIT */
/*
 * tokens.c - a text cut into words and sentences, each word folded once.
 *
 * A word is a run of letters (Latin with its diacritics, Arabic with its
 * marks), apostrophes between letters included ("Ma'arrat"), an English
 * possessive left out ("Damascus's"); digits make words of their own.
 * Sentences end at . ! ? before a capital, a digit or a quote (not after an
 * abbreviation such as "Gen." or "U.S."), at a blank line, and at a line
 * break after a line that ends a sentence or is short (a heading, a
 * dateline); a line broken inside a sentence (wrapped text) does not end it.
 * No sentence is longer than MAX_SENTENCE_WORDS words.
 *
 * A text says the same words again and again: a word's fold and its roles
 * are found once and kept by its bytes (a table of the words seen), and
 * the words spelt the same share one key.
 */
#include "extract/extract_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/text.h"

#define MAX_SENTENCE_WORDS 300
#define MAX_WORD_BYTES 96
#define SHORT_LINE 70           /* bytes: a shorter line ending without a stop is a heading */

static bool
is_arabic_letter(uint32_t c)
{
    return (c >= 0x621 && c <= 0x65f) || c == 0x640 || (c >= 0x670 && c <= 0x6d3);
}

static bool
is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) || (c >= 0x250 && c <= 0x2af) ||
           (c >= 0x1e00 && c <= 0x1eff) || is_arabic_letter(c);
}

static bool
is_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7) ||
           (c >= 0x100 && c <= 0x17f && c % 2 == 0) || (c >= 0x1e00 && c <= 0x1eff && c % 2 == 0);
}

/* Marks that stand inside a word: ' ’ ‘ ` ʿ ʾ ʻ ʼ */
static bool
is_apostrophe(uint32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == '`' || (c >= 0x2bb && c <= 0x2bf);
}

static bool
is_dash(uint32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011;
}

static bool
is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0xa0 || c == '\r';
}

static bool
is_closer(uint32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201d || c == 0x2019 ||
           c == 0xbb;
}

bool
sm_key_join(char *a, size_t *alen, const char *b, size_t blen)
{
    size_t n = *alen;

    if (blen == 0)
        return true;
    if (n > 0 && a[n - 1] == b[0]) {     /* a run across the join collapses */
        b++;
        blen--;
    }
    if (n + blen + 1 > SM_GAZ_KEY_MAX)
        return false;
    memcpy(a + n, b, blen);
    a[n + blen] = '\0';
    *alen = n + blen;
    return true;
}

/* Abbreviations a full stop does not end a sentence after. */
static bool
is_abbreviation(const char *w, size_t n)
{
    static const char *const abbr[] = {
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "jr", "sr",
        "no", "vs", "etc", "prof", "rev", "gov", "sen", "rep", "jan", "feb", "aug", "sep",
        "sept", "oct", "nov", "dec", "brig", "adm", "cpl", "pvt", "approx", "inc", "co",
    };

    if (n == 1)
        return true;                      /* initials, U.S., U.N. */
    for (size_t i = 0; i < sizeof(abbr) / sizeof(abbr[0]); i++)
        if (strlen(abbr[i]) == n && strncasecmp(w, abbr[i], n) == 0)
            return true;
    return false;
}

typedef struct reader {
    tokens *tk;
    const lexicon *lex;
    const char *text;
    size_t len;
    size_t pos, chars;          /* where the scan is, in bytes and characters */
    sentence cur;               /* the sentence being read */
    bool open;                  /* cur has begun */
    bool paragraph;             /* the next sentence begins a paragraph */
    bool joined;                /* nothing but spaces and dashes since the last word */
    bool failed;
    struct seen *seen;          /* the words seen, by their bytes (0 hash: empty) */
    size_t nseen, seen_slots;
} reader;

typedef struct seen {
    uint64_t hash;
    uint32_t start;             /* its first place in the text */
    uint16_t n;                 /* bytes */
    uint16_t keylen;
    uint32_t key;               /* in tk->keys */
    const lex_word *lex;
} seen;

/* The word text[start, start + n) as seen before, or the empty slot to
 * keep it in, or NULL (the table could not grow: the word is not kept). */
static seen *
seen_slot(reader *r, size_t start, size_t n, uint64_t hash)
{
    size_t h;

    if (2 * (r->nseen + 1) > r->seen_slots) {
        size_t slots = r->seen_slots ? 2 * r->seen_slots : 1024;
        seen *t = calloc(slots, sizeof(seen));
        if (t == NULL)
            return NULL;
        for (size_t i = 0; i < r->seen_slots; i++) {
            if (r->seen[i].hash == 0)
                continue;
            for (h = r->seen[i].hash & (slots - 1); t[h].hash; h = (h + 1) & (slots - 1))
                ;
            t[h] = r->seen[i];
        }
        free(r->seen);
        r->seen = t;
        r->seen_slots = slots;
    }
    for (h = hash & (r->seen_slots - 1); r->seen[h].hash; h = (h + 1) & (r->seen_slots - 1)) {
        const seen *e = &r->seen[h];
        if (e->hash == hash && e->n == n && memcmp(r->text + e->start, r->text + start, n) == 0)
            break;
    }
    return &r->seen[h];
}

static void
end_sentence(reader *r, bool paragraph_after)
{
    if (r->open && r->cur.n > 0) {
        tokens *tk = r->tk;
        if (!sm_grow((void **)&tk->s, &tk->scap, tk->ns, sizeof(sentence), 64)) {
            r->failed = true;
            return;
        }
        tk->s[tk->ns++] = r->cur;
    }
    r->open = false;
    if (paragraph_after)
        r->paragraph = true;
}

static void
add_word(reader *r, size_t start, size_t end, size_t cstart, size_t cend, uint16_t flags)
{
    tokens *tk = r->tk;
    tok *t;
    char word[MAX_WORD_BYTES + 1], key[SM_GAZ_KEY_MAX];
    size_t n = end - start, klen = 0;

    if (!sm_grow((void **)&tk->t, &tk->cap, tk->n, sizeof(tok), 1024)) {
        r->failed = true;
        return;
    }
    if (!r->open) {
        r->cur = (sentence){ .first = (uint32_t)tk->n, .start = (uint32_t)start,
                             .cstart = (uint32_t)cstart, .paragraph = r->paragraph };
        r->open = true;
        r->paragraph = false;
        flags |= T_FIRST;
    }
    t = &tk->t[tk->n];
    memset(t, 0, sizeof(*t));
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->cstart = (uint32_t)cstart;
    t->cend = (uint32_t)cend;
    t->sentence = (int32_t)tk->ns;
    if (r->joined && !(flags & T_FIRST))
        flags |= T_JOINED;
    t->flags = flags;
    if (!(flags & T_NUM) && n <= MAX_WORD_BYTES) {   /* a number: read_number's */
        uint64_t hash = sm_hash_bytes(SM_HASH_INIT, r->text + start, n) | 1;
        seen *e = seen_slot(r, start, n, hash);
        if (e && e->hash) {
            t->lex = e->lex;
            t->key = e->key;
            t->keylen = e->keylen;
            goto added;
        }
        memcpy(word, r->text + start, n);
        word[n] = '\0';
        if (!(flags & T_ARABIC))
            t->lex = sm_lexicon_get(r->lex, word, n);
        klen = sm_gaz_fold(word, key, sizeof(key));
        if (flags & T_ARABIC)
            t->lex = sm_lexicon_get_arabic(r->lex, key, klen);
        if (e) {
            *e = (seen){ .hash = hash, .start = (uint32_t)start, .n = (uint16_t)n,
                         .keylen = (uint16_t)klen, .key = klen ? (uint32_t)tk->keys_len : 0,
                         .lex = t->lex };
            r->nseen++;
        }
    }
    if (klen > 0) {
        if (!sm_grow((void **)&tk->keys, &tk->keys_cap, tk->keys_len + klen, 1, 4096)) {
            r->failed = true;
            return;
        }
        t->key = (uint32_t)tk->keys_len;
        t->keylen = (uint16_t)klen;
        memcpy(tk->keys + tk->keys_len, key, klen);
        tk->keys_len += klen;
    }
added:
    tk->n++;
    r->cur.n++;
    r->cur.end = (uint32_t)end;
    r->cur.cend = (uint32_t)cend;
    r->joined = true;                     /* until something but a space or a dash */
    if (r->cur.n >= MAX_SENTENCE_WORDS)
        end_sentence(r, false);
}

/* A word of letters from r->pos: its end, an English possessive left out. */
static void
read_word(reader *r, bool hash)
{
    const unsigned char *s = (const unsigned char *)r->text;
    size_t start = r->pos, cstart = r->chars, end, cend, letters = 0, uppers = 0;
    uint32_t c, first = 0;
    bool arabic = false, poss = false;

    for (;;) {
        size_t k = 1;
        if (r->pos >= r->len)
            break;
        c = s[r->pos];
        if (c < 0x80) {                 /* ASCII, most of news: no decoding */
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                if (letters == 0)
                    first = c;
                letters++;
                uppers += c <= 'Z';
                r->pos++;
                r->chars++;
                continue;
            }
        } else {
            k = sm_utf8_next(s + r->pos, r->len - r->pos, &c);
        }
        if (is_letter(c)) {
            if (letters == 0)
                first = c;
            letters++;
            uppers += is_upper(c);
            arabic |= is_arabic_letter(c);
        } else if (is_apostrophe(c) && letters > 0 && r->pos + k < r->len) {
            uint32_t next;
            sm_utf8_next(s + r->pos + k, r->len - r->pos - k, &next);
            if (!is_letter(next))
                break;
        } else {
            break;
        }
        r->pos += k;
        r->chars++;
    }
    end = r->pos;
    cend = r->chars;
    /* "Damascus's", "ISIS’s": the possessive is not part of the name */
    if (!arabic && end - start > 3 && (s[end - 1] == 's' || s[end - 1] == 'S')) {
        if (s[end - 2] == '\'') {
            end -= 2;
            cend -= 2;
            poss = true;
        } else if (end - start > 5 && s[end - 4] == 0xe2 && s[end - 3] == 0x80 &&
                   s[end - 2] == 0x99) {
            end -= 4;
            cend -= 2;
            poss = true;
        }
    }
    add_word(r, start, end, cstart, cend,
             (uint16_t)((is_upper(first) ? T_CAP : 0) |
                        (letters >= 2 && uppers == letters ? T_ALLCAPS : 0) |
                        (arabic ? T_ARABIC : 0) | (hash ? T_HASH : 0) |
                        (poss ? T_POSS : 0)));
}

static bool
digit_at(const reader *r, size_t i)
{
    return i < r->len && r->text[i] >= '0' && r->text[i] <= '9';
}

static void
read_number(reader *r)
{
    size_t start = r->pos, cstart = r->chars;
    uint16_t flags = T_NUM;

    while (r->pos < r->len && r->text[r->pos] >= '0' && r->text[r->pos] <= '9') {
        r->pos++;
        r->chars++;
    }
    /* "1,200": a thousands separator joins the digits (the text need not
     * end in a NUL: nothing is read at or past len) */
    while (r->pos + 3 < r->len && r->text[r->pos] == ',' && digit_at(r, r->pos + 1) &&
           digit_at(r, r->pos + 2) && digit_at(r, r->pos + 3) && !digit_at(r, r->pos + 4)) {
        r->pos += 4;
        r->chars += 4;
    }
    if (r->pos < r->len && r->text[r->pos] == '+')
        flags |= T_PLUS;
    add_word(r, start, r->pos, cstart, r->chars, flags);
    /* digits are their own key: "Deir ez-Zor 24" (an outlet) is not Deir ez-Zor */
    if (!r->failed && r->pos - start <= 12) {
        tokens *tk = r->tk;
        tok *t = &tk->t[tk->n - 1];
        size_t n = r->pos - start;
        if (sm_grow((void **)&tk->keys, &tk->keys_cap, tk->keys_len + n, 1, 4096)) {
            t->key = (uint32_t)tk->keys_len;
            t->keylen = (uint16_t)n;
            memcpy(tk->keys + tk->keys_len, r->text + start, n);
            tk->keys_len += n;
        } else {
            r->failed = true;
        }
    }
    if (r->tk->n > 0 && !r->failed) {
        tok *t = &r->tk->t[r->tk->n - 1];
        long v = 0;
        for (size_t i = start; i < r->pos && v < 100000000; i++)
            if (r->text[i] != ',')
                v = v * 10 + (r->text[i] - '0');
        t->number = v;
    }
}

/* After . ! ?: does a sentence end here? */
static bool
stop_ends_sentence(const reader *r, uint32_t stop, size_t after)
{
    const unsigned char *s = (const unsigned char *)r->text;
    size_t i = after;
    uint32_t c = 0;

    while (i < r->len) {                  /* closing quotes and brackets */
        size_t k = sm_utf8_next(s + i, r->len - i, &c);
        if (!is_closer(c))
            break;
        i += k;
    }
    if (i >= r->len)
        return true;
    sm_utf8_next(s + i, r->len - i, &c);
    if (!is_space(c) && c != '\n')
        return false;                     /* 3.5, example.com */
    while (i < r->len && (is_space((unsigned char)s[i]) || s[i] == '\n'))
        i++;
    if (i >= r->len)
        return true;
    sm_utf8_next(s + i, r->len - i, &c);
    if (stop == '.' && r->tk->n > 0 && r->open) {
        const tok *t = &r->tk->t[r->tk->n - 1];
        if (t->end == r->pos && !(t->flags & T_NUM) &&
            is_abbreviation(r->text + t->start, t->end - t->start))
            return false;
    }
    return is_upper(c) || (c >= '0' && c <= '9') || c == '"' || c == 0x201c || c == '\'' ||
           c == 0x2018 || c == '(' || c == '#' || is_arabic_letter(c) || c == '[';
}

/* At a line break: does the line before it end its sentence? */
static bool
line_ends_sentence(const reader *r, size_t line_start)
{
    size_t i = r->pos;

    while (i > line_start && is_space((unsigned char)r->text[i - 1]))
        i--;
    if (i == line_start)
        return true;
    if (strchr(".!?:;\"", r->text[i - 1]) || (unsigned char)r->text[i - 1] >= 0x80)
        return true;                      /* a stop, a quote, ” or Arabic */
    return i - line_start < SHORT_LINE;   /* a heading, a dateline */
}

sm_status
sm_tokens_read(tokens *tk, const lexicon *lex, const char *text, size_t len, sm_error *err)
{
    reader r = { .tk = tk, .lex = lex, .text = text, .len = len, .paragraph = true };
    const unsigned char *s = (const unsigned char *)text;
    size_t line_start = 0;
    bool hash = false;

    memset(tk, 0, sizeof(*tk));
    while (r.pos < len && !r.failed) {
        uint32_t c = s[r.pos];
        size_t k = c < 0x80 ? 1 : sm_utf8_next(s + r.pos, len - r.pos, &c);

        if (c < 0x80 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : is_letter(c)) {
            read_word(&r, hash);
            hash = false;
            continue;
        }
        if (c >= '0' && c <= '9') {
            read_number(&r);
            hash = false;
            continue;
        }
        hash = c == '#';
        if (c == '\n') {
            size_t next = r.pos + 1;
            bool blank = false;
            while (next < len && (is_space(s[next]) || s[next] == '\n')) {
                blank |= s[next] == '\n';
                next++;
            }
            if (blank || line_ends_sentence(&r, line_start)) {
                size_t e = r.pos;
                while (e > line_start && is_space(s[e - 1]))
                    e--;
                if (r.open && r.cur.start >= line_start && e > line_start &&
                    !strchr(".!?:;\"", text[e - 1]) && s[e - 1] < 0x80)
                    r.cur.heading = true;
                end_sentence(&r, blank || !r.open || r.cur.n < 12);
            }
            r.joined = false;
            r.chars += next - r.pos;      /* ASCII blanks: a character each */
            r.pos = next;
            line_start = next;
            continue;
        }
        if ((c == '.' || c == '!' || c == '?') && stop_ends_sentence(&r, c, r.pos + k))
            end_sentence(&r, false);
        if (!is_space(c) && !is_dash(c))
            r.joined = false;             /* "Aleppo, Idlib": the comma parts them */
        r.pos += k;
        r.chars++;
    }
    end_sentence(&r, false);
    free(r.seen);
    if (r.failed) {
        sm_tokens_free(tk);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    return SM_OK;
}

void
sm_tokens_free(tokens *tk)
{
    free(tk->t);
    free(tk->s);
    free(tk->keys);
    memset(tk, 0, sizeof(*tk));
}

int
sm_name_keys(const char *name, void (*fn)(const char *key, size_t len, bool whole, void *user),
             void *user)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t len = strlen(name), i = 0, klen = 0;
    char key[SM_GAZ_KEY_MAX] = "";
    int words = 0;
    struct { char k[SM_GAZ_KEY_MAX]; size_t n; } prefix[16];
    int nprefix = 0;

    while (i < len) {
        uint32_t c;
        size_t k = sm_utf8_next(s + i, len - i, &c), start = i;
        char word[MAX_WORD_BYTES + 1], wkey[SM_GAZ_KEY_MAX];
        size_t wlen;

        if (c == '(')
            break;                        /* "Hamidiyah (Homs)": a qualifier, not the name */
        if (c >= '0' && c <= '9') {       /* digits: a word, their own key */
            while (i < len && name[i] >= '0' && name[i] <= '9')
                i++;
            if (i - start > 12)
                return 0;
            memcpy(wkey, name + start, i - start);
            wlen = i - start;
            goto joined;
        }
        if (!is_letter(c)) {
            i += k;
            continue;
        }
        while (i < len) {
            k = sm_utf8_next(s + i, len - i, &c);
            if (is_letter(c) || (is_apostrophe(c) && i + k < len)) {
                uint32_t next;
                if (!is_letter(c)) {
                    sm_utf8_next(s + i + k, len - i - k, &next);
                    if (!is_letter(next))
                        break;
                }
                i += k;
            } else {
                break;
            }
        }
        if (i - start > MAX_WORD_BYTES)
            return 0;
        memcpy(word, name + start, i - start);
        word[i - start] = '\0';
        wlen = sm_gaz_fold(word, wkey, sizeof(wkey));
        if (wlen == 0)
            continue;
joined:
        if (words > 0 && nprefix < 16) {  /* the words so far begin the name */
            memcpy(prefix[nprefix].k, key, klen + 1);
            prefix[nprefix++].n = klen;
        }
        if (!sm_key_join(key, &klen, wkey, wlen))
            return 0;
        words++;
    }
    if (words == 0)
        return 0;
    for (int p = 0; p < nprefix; p++)
        fn(prefix[p].k, prefix[p].n, false, user);
    fn(key, klen, true, user);
    return words;
}
