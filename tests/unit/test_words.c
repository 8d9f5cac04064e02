/* SPDX-License-Identifier: MIT */
/* test_words.c - a language's words: its files read over English's, dates
 * with its months, Arabic-Indic digits, phrases filled. */
#include "check.h"

#include "sitmap.h"

static void
write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    CHECK(fp != NULL, "write %s", path);
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

static const char *const arabic_months[12] = {
    "\xd9\x8a\xd9\x86\xd8\xa7\xd9\x8a\xd8\xb1", "", "", "", "", "", "", "", "", "", "",
    "\xd8\xaf\xd9\x8a\xd8\xb3\xd9\x85\xd8\xa8\xd8\xb1",     /* يناير ... ديسمبر */
};

/* "12 ديسمبر 2016" in every named style but ISO, the months' names in a
 * strftime format; with Arabic-Indic digits "١٢ ديسمبر ٢٠١٦". */
static void
test_arabic_dates(void)
{
    sm_day day;
    char buf[SM_DAY_TEXT_LEN], digits[SM_DAY_TEXT_LEN * 2];

    CHECK(sm_day_from_ymd(2016, 12, 12, &day), "2016-12-12 is a day");
    const char *const long_styles[] = { NULL, "long", "ap" };
    for (size_t i = 0; i < SM_LEN(long_styles); i++) {
        CHECK(sm_day_format_in(day, long_styles[i], arabic_months, buf, sizeof(buf)) &&
                  strcmp(buf, "12 \xd8\xaf\xd9\x8a\xd8\xb3\xd9\x85\xd8\xa8\xd8\xb1 2016") == 0,
              "%s: \"%s\"", long_styles[i] ? long_styles[i] : "NULL", buf);
    }
    CHECK(sm_day_format_in(day, "iso", arabic_months, buf, sizeof(buf)) &&
              strcmp(buf, "2016-12-12") == 0, "iso: \"%s\"", buf);
    CHECK(sm_day_format_in(day, "%b %Y, %d", arabic_months, buf, sizeof(buf)) &&
              strcmp(buf, "\xd8\xaf\xd9\x8a\xd8\xb3\xd9\x85\xd8\xa8\xd8\xb1 2016, 12") == 0,
          "strftime: \"%s\"", buf);
    CHECK(!sm_day_format_in(day, "%H", arabic_months, buf, sizeof(buf)) && buf[0] == '\0',
          "a time's conversion refused");
    CHECK(sm_day_format_in(day, "long", NULL, buf, sizeof(buf)) &&
              strcmp(buf, "12 December 2016") == 0, "no months: English's, \"%s\"", buf);
    sm_day_format_in(day, "long", arabic_months, buf, sizeof(buf));
    sm_words_arabic_indic(buf, digits, sizeof(digits));
    CHECK(strcmp(digits, "\xd9\xa1\xd9\xa2 \xd8\xaf\xd9\x8a\xd8\xb3\xd9\x85\xd8\xa8\xd8\xb1 "
                         "\xd9\xa2\xd9\xa0\xd9\xa1\xd9\xa6") == 0,
          "Arabic-Indic: \"%s\"", digits);
    /* a month with a '%' is written, not converted */
    const char *odd[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                            "Oct", "Nov", "100%" };
    CHECK(sm_day_format_in(day, NULL, odd, buf, sizeof(buf)) && strcmp(buf, "12 100% 2016") == 0,
          "a '%%' in a month: \"%s\"", buf);
}

/* Digits, the percent sign after a number, the decimal separator between
 * digits; other text kept; a short buffer cut at a character's end. */
static void
test_arabic_indic_digits(void)
{
    char out[64];

    sm_words_arabic_indic("0123456789", out, sizeof(out));
    CHECK(strcmp(out, "\xd9\xa0\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6\xd9\xa7\xd9\xa8"
                      "\xd9\xa9") == 0, "digits: \"%s\"", out);
    sm_words_arabic_indic("12% of 0.5 km, 100%, 3. %", out, sizeof(out));
    CHECK(strcmp(out, "\xd9\xa1\xd9\xa2\xd9\xaa of \xd9\xa0\xd9\xab\xd9\xa5 km, "
                      "\xd9\xa1\xd9\xa0\xd9\xa0\xd9\xaa, \xd9\xa3. %") == 0,
          "percent and decimals: \"%s\"", out);
    sm_words_arabic_indic("\xd8\xad\xd9\x84\xd8\xa8 7", out, sizeof(out));
    CHECK(strcmp(out, "\xd8\xad\xd9\x84\xd8\xa8 \xd9\xa7") == 0, "Arabic kept: \"%s\"", out);
    sm_words_arabic_indic("1234", out, 6);
    CHECK(strcmp(out, "\xd9\xa1\xd9\xa2") == 0, "cut whole: \"%s\"", out);
}

static void
test_phrases_filled(void)
{
    const char *const names[] = { "faction", "share" };
    const char *const values[] = { "Islamic State", "12" };
    char out[64];

    sm_words_fill("{faction}  {share}%", names, values, 2, out, sizeof(out));
    CHECK(strcmp(out, "Islamic State  12%") == 0, "\"%s\"", out);
    sm_words_fill("{other} {share} {", names, values, 2, out, sizeof(out));
    CHECK(strcmp(out, "{other} 12 {") == 0, "unknown names kept: \"%s\"", out);
    sm_words_fill("{faction}", names, values, 2, out, 8);
    CHECK(strcmp(out, "") == 0, "too long: nothing of it, \"%s\"", out);
}

/* English's file, then a language's over it: its keys replace English's,
 * the keys it lacks read as English; a base read first. */
static void
test_language_files_read_over_english(void)
{
    sm_error err = { 0 };
    sm_words *w = sm_words_new();

    CHECK(w != NULL, "a table");
    CHECK(sm_words_load(w, "styles/lang/en.json", &err) == SM_OK, "en.json: %s", err.msg);
    CHECK(!sm_words_rtl(w) && !sm_words_arabic_digits(w), "English: left to right, 0-9");
    write_file(check_path("fr.json"), "{\"direction\": \"ltr\",\n \"legend.control\": "
                                      "\"Contr\xc3\xb4le\",\n \"scale.km\": \"{km} km\"}\n");
    CHECK(sm_words_load(w, check_path("fr.json"), &err) == SM_OK, "fr.json: %s", err.msg);
    CHECK(strcmp(sm_words_or(w, "legend.control", "x"), "Contr\xc3\xb4le") == 0,
          "French: %s", sm_words_get(w, "legend.control"));
    CHECK(strcmp(sm_words_or(w, "legend.events", "x"), "Events") == 0,
          "a key French lacks: English's, %s", sm_words_get(w, "legend.events"));
    CHECK(sm_words_get(w, "no.such.key") == NULL &&
              strcmp(sm_words_or(w, "no.such.key", "own"), "own") == 0,
          "a key no file has: the caller's");
    sm_words_free(w);

    w = sm_words_new();
    write_file(check_path("fr-ca.json"), "{\"base\": \"fr\", \"scale.km\": \"{km} kilom\"}");
    CHECK(sm_words_load(w, check_path("fr-ca.json"), &err) == SM_OK, "fr-ca.json: %s", err.msg);
    CHECK(strcmp(sm_words_or(w, "legend.control", "x"), "Contr\xc3\xb4le") == 0 &&
              strcmp(sm_words_or(w, "scale.km", "x"), "{km} kilom") == 0,
          "the base's, then the file's own");
    sm_words_free(w);
    CHECK(sm_words_get(NULL, "legend.control") == NULL && !sm_words_rtl(NULL),
          "no table: nothing");
}

/* The shipped Arabic: right to left, Arabic-Indic digits, Arabic names,
 * the twelve months, and the Levantine months over it. */
static void
test_arabic_file(void)
{
    sm_error err = { 0 };
    sm_words *w = sm_words_new();
    char key[16];

    CHECK(sm_words_load(w, "styles/lang/en.json", &err) == SM_OK, "en: %s", err.msg);
    CHECK(sm_words_load(w, "styles/lang/ar.json", &err) == SM_OK, "ar: %s", err.msg);
    CHECK(sm_words_rtl(w) && sm_words_arabic_digits(w), "right to left, Arabic-Indic digits");
    CHECK(strcmp(sm_words_or(w, "names", ""), "ar") == 0, "Arabic place names");
    for (int k = 1; k <= 12; k++) {
        snprintf(key, sizeof(key), "month.%d", k);
        CHECK(sm_words_get(w, key) != NULL, "%s", key);
    }
    CHECK(strcmp(sm_words_or(w, "month.12", ""), arabic_months[11]) == 0, "December");
    CHECK(strcmp(sm_words_or(w, "scale.km", ""), "{km} \xd9\x83\xd9\x85") == 0, "km: %s",
          sm_words_get(w, "scale.km"));
    CHECK(sm_words_load(w, "styles/lang/ar-levant.json", &err) == SM_OK, "ar-levant: %s",
          err.msg);
    CHECK(strcmp(sm_words_or(w, "month.8", ""), "\xd8\xa2\xd8\xa8") == 0, "August: %s",
          sm_words_get(w, "month.8"));
    CHECK(sm_words_rtl(w), "the base's direction");
    sm_words_free(w);
}

/* What is wrong with a language file is said with the file's name, and
 * the line for what is not JSON; the table keeps what it held. */
static void
test_bad_language_files(void)
{
    static const struct {
        const char *text, *want;
    } bad[] = {
        { "{\n  \"legend.control\": \"a\",\n  \"legend.events\" \"b\"\n}", ":3:" },
        { "{\"legend.control\": 3}", "\"legend.control\": not a string" },
        { "{\"Legend\": \"a\"}", "\"Legend\": a key is made of" },
        { "{\"direction\": \"up\"}", "\"direction\": want" },
        { "{\"digits\": \"roman\"}", "\"digits\": want" },
        { "{\"names\": \"fr\"}", "\"names\": want" },
        { "{\"plurals\": \"welsh\"}", "\"plurals\": want" },
        { "{\"x\": \"a\\u0001b\"}", "control characters" },
        { "[\"a\"]", "JSON object" },
        { "", "empty" },
        { "{\"x\": \"a\"", "ends before" },
        { "{\"base\": \"../x\"}", "\"base\": not a language" },
        { "{\"base\": \"loop\"}", "more than 4 deep" },
    };
    sm_error err = { 0 };
    sm_words *w = sm_words_new();

    write_file(check_path("loop.json"), "{\"base\": \"loop\"}");
    for (size_t i = 0; i < SM_LEN(bad); i++) {
        const char *path = i == SM_LEN(bad) - 1 ? check_path("loop.json") : check_path("bad.json");
        if (i != SM_LEN(bad) - 1)
            write_file(path, bad[i].text);
        memset(&err, 0, sizeof(err));
        CHECK(sm_words_load(w, path, &err) == SM_EINPUT, "%zu: refused", i);
        CHECK(strstr(err.msg, path) && strstr(err.msg, bad[i].want), "%zu: \"%s\", want \"%s\"",
              i, err.msg, bad[i].want);
    }
    memset(&err, 0, sizeof(err));
    CHECK(sm_words_load(w, check_path("none.json"), &err) == SM_EINPUT &&
              strstr(err.msg, "none.json") && strstr(err.msg, "cannot read"),
          "a missing file: \"%s\"", err.msg);
    sm_words_free(w);
}

/* Arabic's plural forms as CLDR counts them, English's one and other; a
 * form the file lacks reads as the key itself. A date in the language's
 * months and digits. */
static void
test_plurals_and_dates_of_a_table(void)
{
    static const struct {
        long n;
        const char *want;
    } arabic[] = { { 0, "k.zero" }, { 1, "k.one" }, { 2, "k.two" }, { 3, "k.few" },
                   { 10, "k.few" }, { 11, "k.many" }, { 26, "k.many" }, { 99, "k.many" },
                   { 100, "k" }, { 102, "k" }, { 103, "k.few" }, { 111, "k.many" } };
    sm_error err = { 0 };
    sm_words *w = sm_words_new();
    char key[32], date[64];
    sm_day day;

    write_file(check_path("x.json"), "{\"plurals\": \"arabic\", \"k.zero\": \"a\", "
                                     "\"k.one\": \"a\", \"k.two\": \"a\", \"k.few\": \"a\","
                                     " \"k.many\": \"a\"}");
    CHECK(sm_words_load(w, check_path("x.json"), &err) == SM_OK, "%s", err.msg);
    for (size_t i = 0; i < SM_LEN(arabic); i++) {
        sm_words_plural_key(w, "k", arabic[i].n, key, sizeof(key));
        CHECK(strcmp(key, arabic[i].want) == 0, "%ld: %s, want %s", arabic[i].n, key,
              arabic[i].want);
    }
    sm_words_plural_key(NULL, "k", 1, key, sizeof(key));
    CHECK(strcmp(key, "k") == 0, "no table: the key, %s", key);
    sm_words_free(w);

    w = sm_words_new();
    CHECK(sm_words_load(w, "styles/lang/ar.json", &err) == SM_OK, "%s", err.msg);
    CHECK(sm_day_from_ymd(2017, 2, 1, &day), "a day");
    CHECK(sm_words_date(w, day, NULL, true, date, sizeof(date)) &&
              strcmp(date, "\xd9\xa1 \xd9\x81\xd8\xa8\xd8\xb1\xd8\xa7\xd9\x8a\xd8\xb1 "
                           "\xd9\xa2\xd9\xa0\xd9\xa1\xd9\xa7") == 0,
          "\"١ فبراير ٢٠١٧\": %s", date);
    CHECK(sm_words_date(w, day, "iso", false, date, sizeof(date)) &&
              strcmp(date, "2017-02-01") == 0, "iso, Latin digits: %s", date);
    CHECK(!sm_words_date(w, day, "%H", false, date, sizeof(date)) && date[0] == '\0',
          "not a date's format");
    sm_words_plural_key(w, "legend.events_days", 26, key, sizeof(key));
    CHECK(strcmp(key, "legend.events_days.many") == 0, "26 days: %s", key);
    sm_words_free(w);
}

static const check_case cases[] = {
    { "plurals_and_dates_of_a_table", test_plurals_and_dates_of_a_table },
    { "arabic_dates", test_arabic_dates },
    { "arabic_indic_digits", test_arabic_indic_digits },
    { "phrases_filled", test_phrases_filled },
    { "language_files_read_over_english", test_language_files_read_over_english },
    { "arabic_file", test_arabic_file },
    { "bad_language_files", test_bad_language_files },
};

CHECK_MAIN(cases)
