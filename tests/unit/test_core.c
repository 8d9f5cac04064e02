/* SPDX-License-Identifier: MIT */
/* test_core.c - days, text checks, buffers, atomic files. */
#include "check.h"

#include <math.h>
#include <sys/stat.h>
#include <time.h>

#include <json-c/json.h>
#include <stdint.h>

#include "core/fmt.h"
#include "core/json_out.h"
#include "core/vocab.h"
#include "sitmap.h"

static void
test_day_parses_news_formats(void)
{
    static const char *const same[] = {
        "2017-01-18", "18 January 2017", "18 Jan 2017", "18-January-2017",
        "January 18, 2017", "Jan 18 2017", "  2017-01-18 ", "2017-01-18T10:00:00",
        "18 january 2017", "2017/01/18", "2017/01/18 00:00:00",
    };
    sm_day want, d;

    CHECK(sm_day_from_ymd(2017, 1, 18, &want), "2017-01-18 is a day");
    for (size_t i = 0; i < SM_LEN(same); i++) {
        d = 0;
        CHECK(sm_day_parse(same[i], &d), "parse \"%s\"", same[i]);
        CHECK(d == want, "\"%s\" -> %d, want %d", same[i], (int)d, (int)want);
    }
}

/* A day in a newsroom's style: AP's months (March to July whole, Sept.),
 * ISO, the long form, strftime's date conversions in English; others, and
 * texts too long for the buffer, refused. */
static void
test_day_formats_as_a_newsroom_writes(void)
{
    static const struct { const char *ymd, *fmt, *want; } cases[] = {
        { "2016-12-12", "ap", "Dec. 12, 2016" },    { "2017-03-05", "ap", "March 5, 2017" },
        { "2017-07-01", "ap", "July 1, 2017" },     { "2017-09-30", "ap", "Sept. 30, 2017" },
        { "2017-06-09", "ap", "June 9, 2017" },     { "2017-08-09", "ap", "Aug. 9, 2017" },
        { "2016-12-12", "iso", "2016-12-12" },      { "2016-12-12", "long", "12 December 2016" },
        { "2017-01-05", NULL, "5 January 2017" },   { "2017-01-05", "%d/%m/%y", "05/01/17" },
        { "2017-01-05", "%A %-d %b", "Thursday 5 Jan" }, { "2016-12-31", "%j%%", "366%" },
        { "2017-01-05", "%a, %e %B %Y", "Thu,  5 January 2017" },
    };
    static const char *const bad[] = { "", "%H:%M", "%s", "%", "%-B", "%Ex", "%n",
                                       "%Y %Y %Y %Y %Y %Y %Y %Y %Y %Y %Y %Y %Y %Y %Y %Y %Y" };
    char buf[SM_DAY_TEXT_LEN];
    sm_day day;

    for (size_t i = 0; i < SM_LEN(cases); i++) {
        CHECK(sm_day_parse(cases[i].ymd, &day), "%s", cases[i].ymd);
        CHECK(sm_day_format_as(day, cases[i].fmt, buf, sizeof(buf)) &&
                  strcmp(buf, cases[i].want) == 0,
              "%s as %s: \"%s\", want \"%s\"", cases[i].ymd,
              cases[i].fmt ? cases[i].fmt : "NULL", buf, cases[i].want);
    }
    for (size_t i = 0; i < SM_LEN(bad); i++)
        CHECK(!sm_day_format_as(day, bad[i], buf, sizeof(buf)) && buf[0] == '\0',
              "\"%s\" refused", bad[i]);
    CHECK(!sm_day_format_as(day, "%A %A %A", buf, 20) && buf[0] == '\0',
          "too long for the buffer: refused");
    CHECK(!sm_day_format_as(day, "ap", buf, 5), "ap too long for the buffer: refused");
}

static void
test_day_rejects_non_days(void)
{
    static const char *const bad[] = {
        "", "2017-02-30", "2017-13-01", "2017-00-10", "2017-1-5", "18 Janx 2017",
        "32 January 2017", "2017/01/18x", "yesterday", "2017-01-18junk", "1e9",
        "2100-02-29", "29 February 2017", "18/01/2017", "01/18/2017", "2017-01/18",
    };
    sm_day d;

    for (size_t i = 0; i < SM_LEN(bad); i++)
        CHECK(!sm_day_parse(bad[i], &d), "\"%s\" must not parse", bad[i]);
    CHECK(sm_day_parse("2016-02-29", &d), "2016 is a leap year");
    CHECK(sm_day_parse("2000-02-29", &d), "2000 is a leap year");
    CHECK(!sm_day_parse(NULL, &d), "NULL is not a date");
}

/* Model test: every day from 1900 to 2100 against the C library's timegm. */
static void
test_day_matches_timegm(void)
{
    int mismatches = 0;

    for (int y = 1900; y <= 2100; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int dd = 1; dd <= 31; dd++) {
                struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd };
                sm_day day;
                time_t t;
                int yy, mm, d2;
                char iso[SM_DAY_ISO_LEN], want[32];

                if (!sm_day_from_ymd(y, m, dd, &day))
                    continue;
                t = timegm(&tm);
                if (tm.tm_mday != dd || day != (sm_day)(t / 86400))
                    mismatches++;
                sm_day_to_ymd(day, &yy, &mm, &d2);
                if (yy != y || mm != m || d2 != dd)
                    mismatches++;
                snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, dd);
                if (strcmp(sm_day_format(day, iso), want) != 0)
                    mismatches++;
                if (sm_day_weekday(day) != (tm.tm_wday + 6) % 7)
                    mismatches++;
            }
        }
    }
    CHECK(mismatches == 0, "%d days disagree with timegm", mismatches);
}

static void
test_utf8_validation(void)
{
    static const struct { const char *s; size_t bad_at; } bad[] = {
        { "A\xff", 1 }, { "\xc0\x80", 0 }, { "ab\xed\xa0\x80", 2 }, { "\xe2\x82", 0 },
        { "\xf5\x80\x80\x80", 0 }, { "x\xf4\x90\x80\x80", 1 }, { "\x80", 0 },
    };
    size_t at = 99;

    CHECK(sm_utf8_is_valid("Deir ez-Zor", 11, NULL), "ASCII is UTF-8");
    CHECK(sm_utf8_is_valid("دير الزور", strlen("دير الزور"), NULL), "Arabic is UTF-8");
    CHECK(sm_utf8_is_valid("Kafr Sūsah \xf0\x9f\x98\x80", strlen("Kafr Sūsah \xf0\x9f\x98\x80"), NULL),
          "4-byte sequence is UTF-8");
    for (size_t i = 0; i < SM_LEN(bad); i++) {
        CHECK(!sm_utf8_is_valid(bad[i].s, strlen(bad[i].s), &at), "case %zu is not UTF-8", i);
        CHECK(at == bad[i].bad_at, "case %zu: bad at %zu, want %zu", i, at, bad[i].bad_at);
    }
}

static void
test_text_checks(void)
{
    double v;
    int n;

    CHECK(sm_text_is_ident("regime") && sm_text_is_ident("hts") && sm_text_is_ident("sdf-2") &&
          sm_text_is_ident("A") && sm_text_is_ident("YPG"), "plain ids accepted");
    CHECK(!sm_text_is_ident("Free Syrian Army") && !sm_text_is_ident("free syrian army") &&
          !sm_text_is_ident("2nd") && !sm_text_is_ident("") && !sm_text_is_ident("x;drop"),
          "non-plain ids rejected");
    CHECK(!sm_text_is_ident("abcdefghijabcdefghijabcdefghijabc"), "33 bytes is too long");
    CHECK(sm_text_to_double(" 36.5 ", &v) && v == 36.5, "36.5 parses");
    CHECK(!sm_text_to_double("NaN", &v) && !sm_text_to_double("inf", &v) &&
          !sm_text_to_double("36.5x", &v) && !sm_text_to_double("", &v),
          "NaN, inf, junk and empty rejected");
    CHECK(sm_text_to_count("43", &n) && n == 43, "43 is a count");
    CHECK(!sm_text_to_count("-1", &n) && !sm_text_to_count("4.5", &n) &&
          !sm_text_to_count("99999999999", &n), "negative, fractional, huge rejected");
    CHECK(sm_text_has_control("a\x07") && !sm_text_has_control("tab\tand\nline"),
          "control characters: BEL yes, tab and newline no");
}

static void
test_buf_caps_and_frees(void)
{
    sm_buf b = SM_BUF_INIT;

    CHECK(sm_buf_printf(&b, "%s-%d", "al-Bab", 2017) == SM_OK, "printf");
    CHECK(strcmp(sm_buf_str(&b), "al-Bab-2017") == 0, "content is %s", sm_buf_str(&b));
    sm_buf_free(&b);
    b.cap = 16;
    CHECK(sm_buf_puts(&b, "0123456789") == SM_OK, "under the cap");
    CHECK(sm_buf_puts(&b, "0123456789") == SM_ENOMEM, "over the cap fails");
    CHECK(b.data == NULL && b.len == 0, "a failed buffer frees itself");
    CHECK(sm_buf_puts(&b, "x") == SM_ENOMEM, "and stays failed");
    sm_buf_free(&b);
    CHECK(strcmp(sm_buf_str(&b), "") == 0, "an empty buffer reads as \"\"");
}

static void
test_atomic_file_keeps_old_until_commit(void)
{
    const char *path = check_path("map.png");
    sm_atomic_file af = SM_ATOMIC_FILE_INIT;
    sm_error err = { 0 };
    char got[16] = { 0 };
    FILE *f = fopen(path, "w");
    struct stat sb;

    fputs("old", f);
    fclose(f);
    CHECK(sm_atomic_file_open(&af, path, &err) == SM_OK, "open: %s", err.msg);
    fputs("new", af.fp);
    CHECK(strstr(af.tmp, ".png") != NULL, "temporary keeps the extension: %s", af.tmp);
    sm_atomic_file_discard(&af);
    f = fopen(path, "r");
    fgets(got, sizeof(got), f);
    fclose(f);
    CHECK(strcmp(got, "old") == 0, "discard keeps the old file, got %s", got);

    CHECK(sm_atomic_file_open(&af, path, &err) == SM_OK, "open: %s", err.msg);
    fputs("new", af.fp);
    CHECK(sm_atomic_file_commit(&af, &err) == SM_OK, "commit: %s", err.msg);
    f = fopen(path, "r");
    fgets(got, sizeof(got), f);
    fclose(f);
    CHECK(strcmp(got, "new") == 0, "commit replaces, got %s", got);
    CHECK(af.tmp == NULL && stat(check_path(".map.tmp"), &sb) != 0, "no temporary left");

    CHECK(sm_atomic_file_open(&af, check_path("no/such/dir/x.png"), &err) == SM_EIO,
          "a missing folder is an I/O error");
    CHECK(strstr(err.msg, "no/such/dir/x.png") != NULL, "message names the path: %s", err.msg);
    sm_atomic_file_discard(&af);
}

/* A committed file has the mode open(2) would give it, 0666 less the
 * umask, and the umask is never changed meanwhile (another thread would
 * create its files with it); temporaries of one path do not collide. */
static void
test_atomic_file_mode_follows_the_umask(void)
{
    static const mode_t masks[] = { 022, 027, 077 };
    sm_atomic_file a = SM_ATOMIC_FILE_INIT, b = SM_ATOMIC_FILE_INIT;
    sm_error err = { 0 };
    mode_t old = umask(022);
    struct stat sb;

    for (size_t i = 0; i < SM_LEN(masks); i++) {
        const char *path = check_path("mode.csv");

        umask(masks[i]);
        CHECK(sm_atomic_file_open(&a, path, &err) == SM_OK, "open: %s", err.msg);
        CHECK(stat(a.tmp, &sb) == 0 && (sb.st_mode & 0777) == (0666 & ~masks[i]),
              "the temporary is %03o under umask %03o", (unsigned)(sb.st_mode & 0777),
              (unsigned)masks[i]);
        CHECK(umask(masks[i]) == masks[i], "the umask is left as it was");
        fputs("x", a.fp);
        CHECK(sm_atomic_file_commit(&a, &err) == SM_OK, "commit: %s", err.msg);
        CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == (0666 & ~masks[i]),
              "the file is %03o under umask %03o", (unsigned)(sb.st_mode & 0777),
              (unsigned)masks[i]);
    }
    umask(old);
    CHECK(sm_atomic_file_reserve(&a, check_path("two.gpkg"), &err) == SM_OK &&
              sm_atomic_file_reserve(&b, check_path("two.gpkg"), &err) == SM_OK &&
              strcmp(a.tmp, b.tmp) != 0 && strstr(a.tmp, ".tmp-") &&
              strcmp(a.tmp + strlen(a.tmp) - 5, ".gpkg") == 0,
          "two temporaries of one path: %s, %s", a.tmp, b.tmp);
    sm_atomic_file_discard(&a);
    sm_atomic_file_discard(&b);
}

static void
test_error_first_wins(void)
{
    sm_error err = { 0 };

    CHECK(sm_fail(&err, SM_EINPUT, "first %d", 1) == SM_EINPUT, "returns the status");
    sm_fail(&err, SM_EIO, "second");
    CHECK(err.status == SM_EINPUT && strcmp(err.msg, "first 1") == 0, "first wins: %s", err.msg);
    CHECK(sm_fail(NULL, SM_EIO, "x") == SM_EIO, "NULL error is allowed");
}

/* A word of a closed list: case-folded, or the nearest to suggest. */
static void
test_vocabulary_words(void)
{
    static const char *const words[] = { "regime", "opposition", "sdf", "isis", "hts" };
    char list[64];

    CHECK(sm_vocab_find(words, SM_LEN(words), "Regime") == words[0], "Regime is regime");
    CHECK(sm_vocab_find(words, SM_LEN(words), "regim") == NULL, "regim is no word of it");
    CHECK(sm_vocab_nearest(words, SM_LEN(words), "oppositon") == words[1],
          "oppositon: opposition");
    CHECK(sm_vocab_nearest(words, SM_LEN(words), "SDF-") == words[2], "SDF-: sdf");
    CHECK(sm_vocab_nearest(words, SM_LEN(words), "turkey") == NULL, "turkey: nothing near");
    CHECK(strcmp(sm_vocab_hint(words, SM_LEN(words), "oppositon", list, sizeof(list)),
                 " (did you mean \"opposition\"?)") == 0, "hint: %s", list);
    CHECK(strcmp(sm_vocab_hint(words, SM_LEN(words), "turkey", list, sizeof(list)), "") == 0,
          "no hint for a word far from all");
    CHECK(strcmp(sm_vocab_join(words, 2, list, sizeof(list)), "regime, opposition") == 0,
          "joined: %s", list);
    CHECK(strlen(sm_vocab_join(words, SM_LEN(words), list, 8)) == 7, "cut to fit");
}

/* What sm_text_xml_put writes for s. */
static char *
xml_of(const char *s)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);

    sm_text_xml_put(fp, s);
    fclose(fp);
    return out;
}

/* Hostile strings as XML and HTML text and attribute values: nothing in
 * them can open or close markup, an attribute, a CDATA section or a
 * comment, and what XML 1.0 cannot hold becomes U+FFFD. */
static void
test_xml_escaping(void)
{
    static const struct { const char *in, *want; } cases[] = {
        { "Aleppo", "Aleppo" },
        { "\"><script>alert(1)</script>", "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" },
        { "a & b", "a &amp; b" },
        { "it's", "it's" },                /* attributes are between double quotes */
        { "\" onload='x'", "&quot; onload='x'" },
        { "]]>", "]]&gt;" },
        { "<!-- x -->", "&lt;!-- x --&gt;" },
        { "&amp;", "&amp;amp;" },
        { "\xd8\xad\xd9\x84\xd8\xa8 \xe2\x80\x94 \xef\xbf\xbd",
          "\xd8\xad\xd9\x84\xd8\xa8 \xe2\x80\x94 \xef\xbf\xbd" },
        { "tab\tline\ncr\r", "tab\tline\ncr\r" },
        { "bell\x07" "esc\x1b", "bell\xef\xbf\xbd" "esc\xef\xbf\xbd" },
        { "bad \xff byte, cut \xd8", "bad \xef\xbf\xbd byte, cut \xef\xbf\xbd" },
        { "overlong \xc0\xbc", "overlong \xef\xbf\xbd\xef\xbf\xbd" },
        { "nonchar \xef\xbf\xbe", "nonchar \xef\xbf\xbd" },
        { "", "" },
    };
    for (size_t i = 0; i < SM_LEN(cases); i++) {
        char *got = xml_of(cases[i].in);
        CHECK(got && strcmp(got, cases[i].want) == 0, "case %zu: got \"%s\", want \"%s\"", i,
              got ? got : "(null)", cases[i].want);
        free(got);
    }
}

/* What sm_text_ffconcat_put writes for path (NULL when it refuses it). */
static char *
ffconcat_of(const char *path)
{
    char *out = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&out, &len);
    bool ok = sm_text_ffconcat_put(fp, path);

    fclose(fp);
    if (!ok) {
        CHECK(len == 0, "nothing written for a path refused: %s", out);
        free(out);
        return NULL;
    }
    return out;
}

/* A path in ffmpeg's concat list: one quoted string that ffmpeg reads back
 * as the path (its quoting is the shell's: '\'' for a quote); a line
 * break, which would start a directive of its own, is refused. */
static void
test_ffconcat_quoting(void)
{
    static const struct { const char *in, *want; } cases[] = {
        { "/maps/2017-01-14.png", "'/maps/2017-01-14.png'" },
        { "/maps/it's/a.png", "'/maps/it'\\''s/a.png'" },
        { "'", "''\\'''" },
        { "/m/a b\\c #d $e \"f\".png", "'/m/a b\\c #d $e \"f\".png'" },
    };
    char *got;

    for (size_t i = 0; i < SM_LEN(cases); i++) {
        got = ffconcat_of(cases[i].in);
        CHECK(got && strcmp(got, cases[i].want) == 0, "case %zu: got %s, want %s", i,
              got ? got : "(refused)", cases[i].want);
        free(got);
    }
    got = ffconcat_of("/maps/a.png'\nfile '/etc/passwd");
    CHECK(got == NULL, "a line break refused: %s", got);
    free(got);
    got = ffconcat_of("/maps/a\r.png");
    CHECK(got == NULL, "a carriage return refused: %s", got);
    free(got);
}

/* The quick test agrees with writing the value, on the forms it accepts,
 * and refuses those %g writes otherwise. */
static void
test_double_form(void)
{
    static const char *const same[] = { "36.3706", "-0.5", "120", "0", "-0", "0.001", "0.0001",
                                        "0.1234", "37.04630", "100000000000000",
                                        "123456789.012345", "1.5", "-179.99999" };
    static const char *const not_same[] = { "36.370600", "1.", ".5", "+1", "007", "1e3",
                                            "1234567890123456", "1.50", "",
                                            "-", "0.00001", "36.3706 " };
    char buf[SM_TEXT_DOUBLE_LEN];

    for (size_t i = 0; i < SM_LEN(same); i++) {
        const char *s = same[i];
        bool form = sm_text_is_double_form(s, strlen(s));
        bool written = strcmp(sm_text_from_double(strtod(s, NULL), buf), s) == 0;
        /* "37.04630" is no form of its own: the check must say so */
        CHECK(form == written, "\"%s\": form %d, written \"%s\"", s, form, buf);
    }
    for (size_t i = 0; i < SM_LEN(not_same); i++)
        CHECK(!sm_text_is_double_form(not_same[i], strlen(not_same[i])),
              "\"%s\" is not the written form", not_same[i]);
    /* every coordinate of 4 and 5 decimals between -180 and 180 */
    for (long k = -1800000; k <= 1800000; k += 7) {
        char t[32];
        snprintf(t, sizeof(t), "%.4f", k / 10000.0);
        if (sm_text_is_double_form(t, strlen(t)))
            CHECK(strcmp(sm_text_from_double(strtod(t, NULL), buf), t) == 0, "%s", t);
    }
}

/* What json-c writes for the string s[0..n) (PLAIN, NOSLASHESCAPE), and what
 * sm_json_out writes, into a[] and b[]. */
static void
both_ways(const char *s, size_t n, char **a, char **b)
{
    json_object *o = json_object_new_string_len(s, (int)n);
    size_t blen = 0;
    FILE *fp = open_memstream(b, &blen);
    sm_json_out *w = malloc(sizeof(*w));

    *a = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                      JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    sm_json_out_init(w, fp);
    sm_json_out_str(w, s, n);
    sm_json_out_flush(w);
    fclose(fp);
    free(w);
}

static void
test_json_out_escapes_as_json_c(void)
{
    uint32_t seed = 20170130;
    char s[5000], *a, *b;

    /* every byte alone, and between letters */
    for (int c = 0; c < 256; c++) {
        s[0] = 'x';
        s[1] = (char)c;
        s[2] = 'y';
        both_ways(s + 1, 1, &a, &b);
        CHECK(strcmp(a, b) == 0, "byte 0x%02x: json-c %s, sm_json_out %s", c, a, b);
        free(a);
        free(b);
        both_ways(s, 3, &a, &b);
        CHECK(strcmp(a, b) == 0, "x, 0x%02x, y: json-c %s, sm_json_out %s", c, a, b);
        free(a);
        free(b);
        /* at each place of the 8-byte words the writer scans, beside bytes
         * that borrow (0x00, 0xff) or are next to the escaped ones */
        for (int at = 0; at < 24; at++) {
            for (int i = 0; i < 24; i++)
                s[i] = "a\xff\x21#\x5b]\xa2\x20"[(i * 5 + c) % 8];
            s[at] = (char)c;
            both_ways(s, 24, &a, &b);
            CHECK(strcmp(a, b) == 0, "0x%02x at %d of 24: json-c %s, sm_json_out %s", c, at, a,
                  b);
            free(a);
            free(b);
        }
    }
    /* random strings, long ones past the writer's buffer, mostly of the
     * bytes that are escaped */
    for (int k = 0; k < 300; k++) {
        size_t n = k < 290 ? (size_t)(k * 7) % 200 : sizeof(s) - (size_t)k;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            s[i] = (char)(r % 3 == 0 ? "\"\\/\b\f\n\r\t\x01\x1f\x7f"[r % 12] : (int)(r % 256));
        }
        both_ways(s, n, &a, &b);
        CHECK(strlen(a) == strlen(b) && strcmp(a, b) == 0,
              "random string %d (%zu bytes): json-c and sm_json_out differ", k, n);
        free(a);
        free(b);
    }
}

static void
test_json_out_values(void)
{
    static const int64_t ints[] = { 0, 1, -1, 42, -907, INT32_MAX, INT32_MIN, INT64_MAX,
                                    INT64_MIN, 9, 10, 99, 100, 101, 1009, -10, -99, -100,
                                    123456789, 1000000000000, -5060708090 };
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    sm_json_out *w = malloc(sizeof(*w));
    json_object *arr = json_object_new_array();
    const char *want;

    sm_json_out_init(w, fp);
    sm_json_out_lit(w, "[");
    for (size_t i = 0; i < SM_LEN(ints); i++) {
        sm_json_out_int(w, ints[i]);
        sm_json_out_lit(w, ",");
        json_object_array_add(arr, json_object_new_int64(ints[i]));
    }
    sm_json_out_bool(w, true);
    sm_json_out_lit(w, ",");
    sm_json_out_bool(w, false);
    sm_json_out_lit(w, ",");
    sm_json_out_cstr(w, NULL);
    sm_json_out_lit(w, ",");
    sm_json_out_cstr(w, "\xd8\xad\xd9\x84\xd8\xa8 a/b");
    sm_json_out_lit(w, "]");
    sm_json_out_flush(w);
    fclose(fp);
    free(w);
    json_object_array_add(arr, json_object_new_boolean(true));
    json_object_array_add(arr, json_object_new_boolean(false));
    json_object_array_add(arr, NULL);
    json_object_array_add(arr, json_object_new_string("\xd8\xad\xd9\x84\xd8\xa8 a/b"));
    want = json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE);
    CHECK(text && strcmp(text, want) == 0, "values: got %s, want %s (json-c)", text, want);
    json_object_put(arr);
    free(text);
}

static void
test_fmt_as_snprintf(void)
{
    static const double vals[] = {
        0, -0.0, 0.4999999999999999, 0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -0.3, 0.49, 0.51,
        9.5, 10.5, 99.5, 1e6 + 0.5, 4503599627370495.5, 4503599627370496.0, 9007199254740993.0,
        1e300, -1e300, 5e-324, 120.0, 39.99999999, 1234567.25, 2251799813685248.5,
        INFINITY, -INFINITY, NAN,
    };
    static const int ints[] = { 0, 1, -1, 7, 10, -10, 320, INT32_MAX, INT32_MIN };
    uint32_t seed = 7;
    char a[64], b[64];

    for (size_t i = 0; i < SM_LEN(vals) + 2000; i++) {
        double v;
        if (i < SM_LEN(vals)) {
            v = vals[i];
        } else {                        /* distances in km, ties among them */
            seed = seed * 1103515245u + 12345u;
            v = (seed >> 8) % 4 == 0 ? (double)((seed >> 12) % 2000) / 2
                                     : (double)(seed >> 8) / 4096.0;
        }
        for (size_t cap = 0; cap <= 12; cap += (cap < 4 ? 1 : 8)) {
            memset(a, 'x', sizeof(a));
            memset(b, 'x', sizeof(b));
            int na = snprintf(a, cap, "%.0f", v), nb = sm_fmt_round(b, cap, v);
            CHECK(na == nb && memcmp(a, b, sizeof(a)) == 0, "%.17g, cap %zu: snprintf %d \"%.*s\", "
                  "sm_fmt_round %d \"%.*s\"", v, cap, na, (int)cap, a, nb, (int)cap, b);
        }
    }
    for (size_t i = 0; i < SM_LEN(ints); i++)
        for (size_t cap = 0; cap < 14; cap++) {
            memset(a, 'x', sizeof(a));
            memset(b, 'x', sizeof(b));
            int na = snprintf(a, cap, "%d", ints[i]), nb = sm_fmt_int(b, cap, ints[i]);
            CHECK(na == nb && memcmp(a, b, sizeof(a)) == 0, "%d, cap %zu", ints[i], cap);
        }
    for (size_t cap = 0; cap < 24; cap++) {
        memset(a, 'x', sizeof(a));
        memset(b, 'x', sizeof(b));
        /* cut on purpose: snprintf's cutting is what is compared */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation"
        int na = snprintf(a, cap, "%s; \"%s %s\": %s km", "name \"\xd8\xad\xd9\x84\xd8\xa8\"",
                          "north of", "Idlib", "12");
#pragma GCC diagnostic pop
        int nb = sm_fmt_join(b, cap, "name \"\xd8\xad\xd9\x84\xd8\xa8\"", "; \"", "north of", " ",
                             "Idlib", "\": ", "12", " km", (char *)NULL);
        CHECK(na == nb && memcmp(a, b, sizeof(a)) == 0, "join, cap %zu: \"%s\" against \"%s\"",
              cap, a, b);
    }
}

static const check_case cases[] = {
    { "double_form", test_double_form },
    { "xml_escaping", test_xml_escaping },
    { "json_out_escapes_as_json_c", test_json_out_escapes_as_json_c },
    { "json_out_values", test_json_out_values },
    { "fmt_as_snprintf", test_fmt_as_snprintf },
    { "ffconcat_quoting", test_ffconcat_quoting },
    { "vocabulary_words", test_vocabulary_words },
    { "day_parses_news_formats", test_day_parses_news_formats },
    { "day_rejects_non_days", test_day_rejects_non_days },
    { "day_formats_as_a_newsroom_writes", test_day_formats_as_a_newsroom_writes },
    { "day_matches_timegm", test_day_matches_timegm },
    { "utf8_validation", test_utf8_validation },
    { "text_checks", test_text_checks },
    { "buf_caps_and_frees", test_buf_caps_and_frees },
    { "atomic_file_keeps_old_until_commit", test_atomic_file_keeps_old_until_commit },
    { "atomic_file_mode_follows_the_umask", test_atomic_file_mode_follows_the_umask },
    { "error_first_wins", test_error_first_wins },
};

CHECK_MAIN(cases)
