/* SPDX-License-Identifier: MIT */
/*
 * words.c - a language's words, read from its file (json-c) over those
 * read before (see words.h).
 */
#include "core/words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_file.h"
#include "core/text.h"

struct sm_words {
    char *keys[SM_WORDS_MAX];
    char *values[SM_WORDS_MAX];
    size_t n;
};

sm_words *
sm_words_new(void)
{
    return calloc(1, sizeof(sm_words));
}

void
sm_words_free(sm_words *w)
{
    if (w == NULL)
        return;
    for (size_t i = 0; i < w->n; i++) {
        free(w->keys[i]);
        free(w->values[i]);
    }
    free(w);
}

const char *
sm_words_get(const sm_words *w, const char *key)
{
    for (size_t i = 0; w && i < w->n; i++)
        if (strcmp(w->keys[i], key) == 0)
            return w->values[i];
    return NULL;
}

const char *
sm_words_or(const sm_words *w, const char *key, const char *english)
{
    const char *v = sm_words_get(w, key);

    return v ? v : english;
}

bool
sm_words_rtl(const sm_words *w)
{
    const char *v = sm_words_get(w, "direction");

    return v && strcmp(v, "rtl") == 0;
}

bool
sm_words_arabic_digits(const sm_words *w)
{
    const char *v = sm_words_get(w, "digits");

    return v && strcmp(v, "arabic") == 0;
}

static bool
set(sm_words *w, const char *key, const char *value)
{
    char *v;

    for (size_t i = 0; i < w->n; i++) {
        if (strcmp(w->keys[i], key) == 0) {
            if ((v = strdup(value)) == NULL)
                return false;
            free(w->values[i]);
            w->values[i] = v;
            return true;
        }
    }
    if (w->n == SM_WORDS_MAX)
        return false;
    w->keys[w->n] = strdup(key);
    w->values[w->n] = strdup(value);
    if (w->keys[w->n] == NULL || w->values[w->n] == NULL) {
        free(w->keys[w->n]);
        free(w->values[w->n]);
        return false;
    }
    w->n++;
    return true;
}

static bool
is_key(const char *k)
{
    if (*k == '\0' || strlen(k) > 64)
        return false;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || strchr("._-", *k)))
            return false;
    return true;
}

static sm_status
load(sm_words *w, const char *path, int depth, sm_error *err)
{
    json_object *root;
    sm_json_in in = { path, err };
    sm_status st;
    char value[SM_WORDS_VALUE_MAX + 1];

    if ((st = sm_json_read_object(path, "language", &root, err)) != SM_OK)
        return st;
    /* the base first, so the file's own keys replace its */
    json_object *base;
    if (json_object_object_get_ex(root, "base", &base)) {
        char dir[4096], file[4200], name[65];
        const char *slash = strrchr(path, '/');
        if ((st = sm_json_text(&in, base, "base", name, sizeof(name))) != SM_OK)
            goto done;
        if (!is_key(name) || strchr(name, '.')) {
            st = sm_json_bad(&in, "base", "not a language's name");
            goto done;
        }
        if (depth >= 4) {
            st = sm_json_bad(&in, "base", "bases more than 4 deep");
            goto done;
        }
        snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
        snprintf(file, sizeof(file), "%s/%s.json", dir, name);
        if ((st = load(w, file, depth + 1, err)) != SM_OK)
            goto done;
    }
    json_object_object_foreach(root, key, val) {
        if (!is_key(key)) {
            st = sm_json_bad(&in, key, "a key is made of a-z, 0-9, '.', '_' and '-'");
            goto done;
        }
        if ((st = sm_json_text(&in, val, key, value, sizeof(value))) != SM_OK)
            goto done;
        if (strcmp(key, "direction") == 0 && strcmp(value, "ltr") && strcmp(value, "rtl")) {
            st = sm_json_bad(&in, key, "want \"ltr\" or \"rtl\"");
            goto done;
        }
        if (strcmp(key, "digits") == 0 && strcmp(value, "latin") && strcmp(value, "arabic")) {
            st = sm_json_bad(&in, key, "want \"latin\" or \"arabic\"");
            goto done;
        }
        if (strcmp(key, "plurals") == 0 && strcmp(value, "english") &&
            strcmp(value, "arabic")) {
            st = sm_json_bad(&in, key, "want \"english\" or \"arabic\"");
            goto done;
        }
        if (strcmp(key, "names") == 0 && strcmp(value, "en") && strcmp(value, "ar")) {
            st = sm_json_bad(&in, key, "want \"en\" or \"ar\" (the place names' script)");
            goto done;
        }
        if (strcmp(key, "base") != 0 && !set(w, key, value)) {
            st = sm_fail(err, SM_ENOMEM, "%s: out of memory, or more than %d keys", path,
                         SM_WORDS_MAX);
            goto done;
        }
    }
done:
    json_object_put(root);
    return st;
}

sm_status
sm_words_load(sm_words *w, const char *path, sm_error *err)
{
    return load(w, path, 0, err);
}

bool
sm_words_date(const sm_words *w, sm_day day, const char *fmt, bool arabic_digits, char *out,
              size_t cap)
{
    static const char *const keys[12] = { "month.1", "month.2", "month.3", "month.4",
                                          "month.5", "month.6", "month.7", "month.8",
                                          "month.9", "month.10", "month.11", "month.12" };
    const char *months[12];
    char own[SM_DAY_TEXT_LEN * 2];
    bool all = true;

    for (int k = 0; k < 12; k++)
        all &= (months[k] = sm_words_get(w, keys[k])) != NULL;
    if (!sm_day_format_in(day, fmt, all ? months : NULL, own, sizeof(own))) {
        if (cap)
            out[0] = '\0';
        return false;
    }
    if (arabic_digits)
        sm_words_arabic_indic(own, out, cap);
    else
        snprintf(out, cap, "%s", own);
    return true;
}

void
sm_words_plural_key(const sm_words *w, const char *key, long n, char *out, size_t cap)
{
    const char *rule = sm_words_get(w, "plurals"), *category;
    long h = n % 100;

    if (rule && strcmp(rule, "arabic") == 0)
        category = n == 0 ? "zero" : n == 1 ? "one" : n == 2 ? "two"
                   : h >= 3 && h <= 10 ? "few" : h >= 11 ? "many" : "other";
    else
        category = n == 1 ? "one" : "other";
    snprintf(out, cap, "%s.%s", key, category);
    if (sm_words_get(w, out) == NULL)
        snprintf(out, cap, "%s", key);
}

/* n bytes of src at out[*len], when they fit with a NUL after them. */
static void
put(char *out, size_t cap, size_t *len, const char *src, size_t n)
{
    if (*len + n >= cap) {
        *len = cap;                     /* full: nothing after it either */
        return;
    }
    memcpy(out + *len, src, n);
    *len += n;
    out[*len] = '\0';
}

void
sm_words_fill(const char *tmpl, const char *const *names, const char *const *values, size_t n,
              char *out, size_t cap)
{
    size_t len = 0;

    if (cap == 0)
        return;
    out[0] = '\0';
    for (const char *p = tmpl; *p;) {
        const char *end = p[0] == '{' ? strchr(p, '}') : NULL;
        size_t k = n;
        if (end) {
            for (k = 0; k < n; k++)
                if (strlen(names[k]) == (size_t)(end - p - 1) &&
                    memcmp(names[k], p + 1, (size_t)(end - p - 1)) == 0)
                    break;
        }
        if (k < n) {
            put(out, cap, &len, values[k], strlen(values[k]));
            p = end + 1;
        } else {
            /* one character, whole (its UTF-8 bytes together) */
            size_t c = 1;
            while (((unsigned char)p[c] & 0xc0) == 0x80)
                c++;
            put(out, cap, &len, p, c);
            p += c;
        }
    }
}

void
sm_words_arabic_indic(const char *text, char *out, size_t cap)
{
    size_t len = 0;

    if (cap == 0)
        return;
    out[0] = '\0';
    for (const char *p = text; *p; p++) {
        bool after = p > text && p[-1] >= '0' && p[-1] <= '9';
        if (*p >= '0' && *p <= '9') {
            char d[2] = { '\xd9', (char)(0xa0 + (*p - '0')) };    /* U+0660 + digit */
            put(out, cap, &len, d, 2);
        } else if (*p == '%' && after) {
            put(out, cap, &len, "\xd9\xaa", 2);                  /* U+066A */
        } else if (*p == '.' && after && p[1] >= '0' && p[1] <= '9') {
            put(out, cap, &len, "\xd9\xab", 2);                  /* U+066B */
        } else {
            size_t c = 1;
            while (((unsigned char)p[c] & 0xc0) == 0x80)
                c++;
            put(out, cap, &len, p, c);
            p += c - 1;
        }
    }
}
