/* SPDX-License-Identifier: MIT */
/* test_gazetteer.c - folding, look-up, merging, bad input, and accuracy on
 * tests/data/geocode_cases.tsv with the shipped gazetteer. */
#include "check.h"

#include <math.h>

#include "gazetteer/gaz_int.h"
#include "sitmap.h"

static sm_gaz *
shipped(void)
{
    static sm_gaz *gaz;
    sm_error err = { 0 };
    sm_theatre syria;

    if (gaz)
        return gaz;
    CHECK(sm_theatre_load("gazetteer/theatres/syria.json", &syria, &err) == SM_OK,
          "theatre: %s", err.msg);
    CHECK(sm_gaz_new(&gaz, &err) == SM_OK && sm_gaz_set_country(gaz, syria.country, &err) == SM_OK,
          "new");
    sm_theatre_free(&syria);
    CHECK(sm_gaz_load_dir(gaz, "gazetteer", NULL, &err) == SM_OK, "load: %s", err.msg);
    CHECK(sm_gaz_finish(gaz, &err) == SM_OK, "finish: %s", err.msg);
    return gaz;
}

static const char *
fold(const char *name, char *key)
{
    sm_gaz_fold(name, key, SM_GAZ_KEY_MAX);
    return key;
}

static void
test_spellings_meet(void)
{
    static const char *const families[][6] = {
        { "Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir al-Zour", "Dayr al-Zur", "Deir el-Zor" },
        { "Ain al-Fijah", "Ain Fijeh", "Ayn al-Fijah", "'Ain al Fija", "Ein el-Fijeh", "ʿAyn al-Fījah" },
        { "Khan Touman", "Khan Tuman", "Khān Ṭūmān", "Khan Tumman", "khan tuman", NULL },
        { "Kafr Sousa", "Kafrsouseh", "Kafr Sūsah", "Kfar Sousa", "Kafr Sousah", NULL },
        { "Tell Abyad", "Tal Abyad", "Tel Abiad", "Tall Abyad", "Tell Abiad", NULL },
        { "al-Bab", "Al Bab", "El Bab", "Al-Bāb", "Albab", "al Bab" },
        { "Raqqa", "Ar-Raqqah", "ar Raqqa", "Arraqqa", "Raqqah", "Rakka" },
        { "Ras al-Ain", "Ras al Ayn", "Ra's al 'Ayn", "Ras el Ain", "Ras al-'Ayn", NULL },
        { "Maarat al-Numan", "Ma'arrat an-Nu'man", "Maarrat al-Nouman", "Marat al Numan", NULL, NULL },
        { "Qusayr", "al-Qusayr", "Qusair", "Kusayr", "El Qoseir", NULL },
        { "Salamiyah", "Salamieh", "Salamiyeh", "Salamiya", NULL, NULL },
        { "Jabal al-Zawiya", "Jebel Zawiyeh", "Djebel Zawiya", "Jabal az-Zawiyah", NULL, NULL },
        { "Dhiban", "Ziban", NULL, NULL, NULL, NULL },
        { "دير الزور", "دير  الزور", "دَيْر الزُّور", NULL, NULL, NULL },
        { "إدلب", "ادلب", "أدلب", NULL, NULL, NULL },
        { "الرقة", "الرقه", "رقة", NULL, NULL, NULL },
        { "حمص", "حمـــص", NULL, NULL, NULL, NULL },
    };
    for (size_t f = 0; f < SM_LEN(families); f++) {
        char first[SM_GAZ_KEY_MAX], key[SM_GAZ_KEY_MAX], a[300], b[300];
        fold(families[f][0], first);
        for (int i = 1; i < 6 && families[f][i]; i++)
            CHECK(strcmp(fold(families[f][i], key), first) == 0, "\"%s\" -> %s, \"%s\" -> %s",
                  families[f][i], sm_gaz_key_text(key, a, sizeof(a)), families[f][0],
                  sm_gaz_key_text(first, b, sizeof(b)));
    }
}

static void
test_distinct_names_stay_apart(void)
{
    static const char *const pairs[][2] = {
        { "Homs", "Hama" }, { "Idlib", "Ariha" }, { "Aleppo", "Latakia" },
        { "Douma", "Daraa" }, { "Tadef", "Tabqa" }, { "Manbij", "Membij airbase" },
        { "حلب", "حماة" },
    };
    char a[SM_GAZ_KEY_MAX], b[SM_GAZ_KEY_MAX];

    for (size_t i = 0; i < SM_LEN(pairs); i++)
        CHECK(strcmp(fold(pairs[i][0], a), fold(pairs[i][1], b)) != 0, "%s vs %s must differ",
              pairs[i][0], pairs[i][1]);
    CHECK(sm_gaz_fold("al-", a, sizeof(a)) == 0 && sm_gaz_fold("  --  ", a, sizeof(a)) == 0,
          "a lone article or punctuation folds to nothing");
}

static void
test_edit_distance(void)
{
    CHECK(sm_gaz__edits("dVmskVs", 7, "dVmVskVs", 8, 2) == 1, "one insertion");
    CHECK(sm_gaz__edits("abcd", 4, "abdc", 4, 2) == 1, "a swap is one edit");
    CHECK(sm_gaz__edits("abcd", 4, "wxyz", 4, 2) == 3, "beyond max reports max + 1");
    CHECK(sm_gaz__edits("", 0, "ab", 2, 2) == 2, "from empty");
}

/* Model test: the bit-vector distance against the dynamic programme, on
 * random strings over a small alphabet (so that swaps and repeats occur). */
static void
test_edit_distance_bits_match_dp(void)
{
    unsigned seed = 7;
    int wrong = 0;

    for (int t = 0; t < 20000; t++) {
        char a[70], b[70];
        size_t na, nb;
        seed = seed * 1103515245u + 12345u;
        na = 1 + (seed >> 16) % 64;
        seed = seed * 1103515245u + 12345u;
        nb = (seed >> 16) % 70;
        for (size_t i = 0; i < na; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i] = "abcV$x"[(seed >> 16) % 6];
        }
        for (size_t i = 0; i < nb; i++) {
            seed = seed * 1103515245u + 12345u;
            b[i] = i < na && (seed >> 20) % 3 ? a[i] : "abcV$x"[(seed >> 16) % 6];
        }
        for (int max = 0; max <= 4; max += 2)
            wrong += sm_gaz__edits(a, na, b, nb, max) != sm_gaz__edits_dp(a, na, b, nb, max);
    }
    CHECK(wrong == 0, "%d disagreements between the bit-vector and the DP distance", wrong);
}

static void
test_bad_queries_are_answered(void)
{
    sm_gaz *gaz = shipped();
    sm_candidate c[5];
    sm_error err = { 0 };
    char *big = malloc(10 * 1024 + 1);
    const char *why = NULL;
    int n = -1;

    memset(big, 'a', 10 * 1024);
    big[10 * 1024] = '\0';
    CHECK(sm_gaz_lookup(gaz, "", NULL, c, 5, &n, NULL, &err) == SM_EINPUT && n == 0, "empty");
    sm_error_clear(&err);
    CHECK(sm_gaz_lookup(gaz, "   ", NULL, c, 5, &n, NULL, &err) == SM_EINPUT, "blank");
    sm_error_clear(&err);
    CHECK(sm_gaz_lookup(gaz, big, NULL, c, 5, &n, NULL, &err) == SM_EINPUT &&
          strstr(err.msg, "too long"), "10 KB: %s", err.msg);
    sm_error_clear(&err);
    CHECK(sm_gaz_lookup(gaz, "Hom\xff" "s", NULL, c, 5, &n, NULL, &err) == SM_EINPUT &&
          strstr(err.msg, "UTF-8"), "invalid UTF-8: %s", err.msg);
    sm_error_clear(&err);
    CHECK(sm_gaz_lookup(gaz, "Homs\x01", NULL, c, 5, &n, NULL, &err) == SM_EINPUT &&
          strstr(err.msg, "control"), "control character: %s", err.msg);
    sm_error_clear(&err);
    CHECK(sm_gaz_lookup(gaz, "'; DROP TABLE places; --", NULL, c, 5, &n, &why, &err) == SM_OK,
          "SQL metacharacters are just text: %s", err.msg);
    CHECK(sm_gaz_lookup(gaz, "%s%s%n\"\\", NULL, c, 5, &n, &why, &err) == SM_OK && n == 0,
          "format characters are just text");
    CHECK(sm_gaz_lookup(gaz, "Xyzzyqwv", NULL, c, 5, &n, &why, &err) == SM_OK && n == 0 &&
          strcmp(why, "no match") == 0, "nonsense: no match (%d, %s)", n, why);
    CHECK(sm_gaz_lookup(gaz, "Jabhat Fatah al-Sham", NULL, c, 5, &n, &why, &err) == SM_OK &&
          n == 0 && strstr(why, "faction"), "a faction is not a place: %s", why);
    free(big);
}

/* Shipped not-place keys must not hide a place. */
static void
test_not_places_hide_no_place(void)
{
    sm_gaz *gaz = shipped();
    char key[SM_GAZ_KEY_MAX];
    int hidden = 0;

    for (int i = 0; i < sm_gaz_count(gaz); i++) {
        const sm_place *p = sm_gaz_place(gaz, i);
        sm_candidate c;
        const char *why = NULL;
        sm_error err = { 0 };
        int n = 0;

        if (sm_gaz_fold(p->name, key, sizeof(key)) == 0)
            continue;
        sm_gaz_lookup(gaz, p->name, NULL, &c, 1, &n, &why, &err);
        if (n == 0 && why && strcmp(why, "no match") != 0) {
            fprintf(stderr, "  %s is hidden: %s\n", p->name, why);
            hidden++;
        }
    }
    CHECK(hidden == 0, "%d places hidden by the not-a-place list", hidden);
}

static void
test_curated_merges_into_geonames(void)
{
    sm_gaz *gaz = NULL;
    sm_error err = { 0 };
    sm_place gn = { .id = 100, .geonames_id = 100, .name = "Ḩarastā", .lat_deg = 33.5586,
                    .lon_deg = 36.3650, .feature_class = "P", .feature_code = "PPLA3",
                    .kind = "town", .admin1 = "SY.08", .population = 28000, .precision_km = 3 };
    sm_place cu = { .id = SM_GAZ_CURATED_ID_MIN + 1, .name = "Harasta", .name_ar = "حرستا",
                    .lat_deg = 33.5600, .lon_deg = 36.3700, .kind = "town",
                    .precision_km = 1, .curated = true };
    sm_place far = cu;
    const char *alts[] = { "Herasta", NULL };
    bool merged = false;
    int at = -1;

    far.id++;
    far.lat_deg += 0.5;                   /* 55 km away: another Harasta */
    sm_gaz_new(&gaz, &err);
    CHECK(sm_gaz_add_place(gaz, &gn, NULL, true, NULL, NULL, &err) == SM_OK, "GeoNames row");
    CHECK(sm_gaz_add_place(gaz, &cu, alts, true, &at, &merged, &err) == SM_OK && merged &&
          at == 0, "the curated row merges (%d, %d)", merged, at);
    CHECK(sm_gaz_add_place(gaz, &far, NULL, true, &at, &merged, &err) == SM_OK && !merged &&
          at == 1, "a namesake 55 km away does not");
    CHECK(sm_gaz_count(gaz) == 2, "two places");
    CHECK(sm_gaz_place(gaz, 0)->curated && sm_gaz_place(gaz, 0)->geonames_id == 100 &&
          sm_gaz_place(gaz, 0)->lat_deg == 33.5586 &&
          strcmp(sm_gaz_place(gaz, 0)->name_ar, "حرستا") == 0,
          "merged: curated, GeoNames id and coordinates, Arabic name");
    sm_gaz_finish(gaz, &err);
    {
        sm_candidate c;
        int n = 0;
        CHECK(sm_gaz_lookup(gaz, "Herasta", NULL, &c, 1, &n, NULL, &err) == SM_OK && n == 1 &&
              c.place->id == 100, "the curated spelling finds the GeoNames place");
    }
    sm_gaz_free(gaz);
}

static const sm_place *
best(sm_gaz *gaz, const char *name)
{
    sm_candidate c;
    sm_error err = { 0 };
    int n = 0;

    if (sm_gaz_lookup(gaz, name, NULL, &c, 1, &n, NULL, &err) != SM_OK || n == 0)
        return NULL;
    return c.place;
}

static void
test_swapped_letters_are_one_edit(void)
{
    static const char *const pairs[][2] = {
        { "Mabnij", "Manbij" }, { "Tamdur", "Palmyra" }, { "Plamyra", "Palmyra" },
        { "Saraqbi", "Saraqeb" }, { "Jarabuuls", "Jarablus" },
    };
    sm_gaz *gaz = shipped();

    for (size_t i = 0; i < SM_LEN(pairs); i++) {
        const sm_place *p = best(gaz, pairs[i][0]);
        CHECK(p && strstr(p->name, pairs[i][1]) == p->name, "%s -> %s, want %s", pairs[i][0],
              p ? p->name : "nothing", pairs[i][1]);
    }
}

static void
test_camp_and_crossing_stay_apart(void)
{
    sm_gaz *gaz = shipped();
    const sm_place *camp = best(gaz, "Bab al-Salama camp");
    const sm_place *crossing = best(gaz, "Bab al-Salama crossing");

    CHECK(camp && crossing && camp != crossing, "two places");
    CHECK(camp && strcmp(camp->kind, "camp") == 0, "the camp is a camp (%s)",
          camp ? camp->kind : "-");
    CHECK(crossing && strcmp(crossing->kind, "crossing") == 0, "the crossing is a crossing (%s)",
          crossing ? crossing->kind : "-");
}

static void
test_reasons_are_whole_utf8(void)
{
    sm_gaz *gaz = NULL;
    sm_error err = { 0 };
    char arabic[1024] = "";
    sm_place p = { .id = 1, .name = "Qaryat Tawila", .lat_deg = 35, .lon_deg = 38,
                   .kind = "village", .precision_km = 1 };
    sm_candidate c;
    int n = 0, at;

    for (int i = 0; i < 60; i++)
        strcat(arabic, "قرية ");
    strcat(arabic, "طويلة");
    sm_gaz_new(&gaz, &err);
    sm_gaz_add_place(gaz, &p, NULL, false, &at, NULL, &err);
    CHECK(sm_gaz_add_name(gaz, at, arabic, SM_NAME_ALIAS, &err) == SM_OK, "long alias");
    sm_gaz_add_admin1(gaz, "SY.07", "دير الزور دير الزور دير الزور دير الزور دير الزور", &err);
    sm_gaz_finish(gaz, &err);
    CHECK(sm_gaz_lookup(gaz, arabic, NULL, &c, 1, &n, NULL, &err) == SM_OK && n == 1, "found");
    CHECK(n == 0 || sm_utf8_is_valid(c.why, strlen(c.why), NULL), "why is whole UTF-8: %s", c.why);
    {
        const char *a = sm_gaz_admin1_name(gaz, "SY.07");
        CHECK(sm_utf8_is_valid(a, strlen(a), NULL), "a long governorate name is cut whole");
    }
    sm_gaz_free(gaz);
}

static void
test_near_prefers_the_close_namesake(void)
{
    sm_gaz *gaz = shipped();
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate far, near;
    sm_error err = { 0 };
    int n = 0;

    CHECK(sm_gaz_lookup(gaz, "Tell Abyad", &q, &far, 1, &n, NULL, &err) == SM_OK && n == 1,
          "Tell Abyad found");
    q.has_near = true;
    q.near_lat_deg = far.place->lat_deg + 2;
    q.near_lon_deg = far.place->lon_deg - 2;
    CHECK(sm_gaz_lookup(gaz, "Tell Abyad", &q, &near, 1, &n, NULL, &err) == SM_OK && n == 1 &&
          near.near_km >= 0 && strstr(near.why, "km from the context"), "context is reported: %s",
          near.why);
}

/* ---- accuracy on the case file ---------------------------------------- */

typedef struct tally {
    int total, right, negatives, false_positives;
} tally;

static bool
resolve_near(sm_gaz *gaz, const char *near, sm_gaz_query *q)
{
    sm_error err = { 0 };

    return *near == '\0' || sm_gaz_query_near(gaz, near, q, &err) == SM_OK;
}

static void
run_case(sm_gaz *gaz, char **f, tally *t)
{
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c;
    sm_error err = { 0 };
    int n = 0;
    bool negative = strcmp(f[1], "-") == 0, ok;

    t->total++;
    if (!resolve_near(gaz, f[5], &q)) {
        fprintf(stderr, "  MISS %-28s near \"%s\": context not found\n", f[0], f[5]);
        return;
    }
    sm_gaz_lookup(gaz, f[0], &q, &c, 1, &n, NULL, &err);
    if (negative) {
        t->negatives++;
        ok = n == 0;
        t->false_positives += !ok;
    } else {
        ok = n == 1 && sm_gaz_distance_km(atof(f[2]), atof(f[3]), c.place->lat_deg,
                                          c.place->lon_deg) <= atof(f[4]);
    }
    t->right += ok;
    if (!ok)
        fprintf(stderr, "  MISS %-28s want %-26s got %s (%s) [%s]\n", f[0], f[1],
                n ? c.place->name : "nothing", n ? c.why : err.msg, f[6]);
}

static void
test_accuracy_on_cases(void)
{
    sm_gaz *gaz = shipped();
    FILE *fp = fopen(check_data("geocode_cases.tsv"), "r");
    char line[2048];
    tally t = { 0 };

    CHECK(fp != NULL, "tests/data/geocode_cases.tsv");
    if (fp == NULL)
        return;
    fgets(line, sizeof(line), fp);        /* header */
    while (fgets(line, sizeof(line), fp)) {
        char *f[7] = { 0 }, *p = line;
        int nf = 0;
        line[strcspn(line, "\r\n")] = '\0';
        while (nf < 7) {
            f[nf++] = p;
            p = strchr(p, '\t');
            if (p == NULL)
                break;
            *p++ = '\0';
        }
        if (nf == 7)
            run_case(gaz, f, &t);
    }
    fclose(fp);
    printf("  accuracy: %d of %d right (%.1f%%); %d of %d negatives matched a place\n",
           t.right, t.total, 100.0 * t.right / (t.total ? t.total : 1), t.false_positives,
           t.negatives);
    CHECK(t.total >= 150, "at least 150 cases (%d)", t.total);
    CHECK(t.right >= 0.97 * t.total, "top-1 accuracy %.1f%% < 97%%", 100.0 * t.right / t.total);
}

/* Names as text copied from a PDF or typed on a phone writes them: Arabic
 * presentation forms, full-width letters, a direction mark inside a word
 * find the place the plain spelling finds. */
static void
test_compatibility_forms_are_the_plain_ones(void)
{
    sm_gaz *gaz = shipped();
    const sm_place *aleppo = best(gaz, "Aleppo"), *deir = best(gaz, "Deir ez-Zor");

    CHECK(aleppo && best(gaz, "\ufea3\ufee0\ufe90") == aleppo,
          "Aleppo in presentation forms (\u062d\u0644\u0628 as a PDF gives it)");
    CHECK(deir && best(gaz, "\ufea9\ufef3\ufeae \ufe8d\ufedf\ufeb0\ufeed\ufead") == deir,
          "Deir ez-Zor in presentation forms");
    CHECK(aleppo && best(gaz, "\uff21\uff4c\uff45\uff50\uff50\uff4f") == aleppo,
          "Aleppo in full-width letters");
    CHECK(deir && best(gaz, "Deir\u200e ez-Zor") == deir && best(gaz, "De\u200fir ez-Zor") == deir,
          "a direction mark is not a letter, nor a break");
}

/* OCHA's communities: a village the other files lack is found by its
 * English and its Arabic name; a community merged into a known place does
 * not change its kind or Arabic name; and a misspelling of nothing known
 * does not land on one. */
static void
test_communities_are_found_and_defer(void)
{
    sm_gaz *gaz = shipped();
    const sm_place *tal = best(gaz, "Tal Hasel"), *ham = best(gaz, "Hamouriyah");

    CHECK(tal && tal->id >= SM_GAZ_COMMUNITY_ID_MIN && !tal->curated &&
              sm_gaz_distance_km(tal->lat_deg, tal->lon_deg, 36.140, 37.311) < 1,
          "Tal Hasel, a community (%s)", tal ? tal->name : "-");
    CHECK(tal && best(gaz, "\u062a\u0644 \u062d\u0627\u0635\u0644") == tal,
          "found by its Arabic name");
    CHECK(ham && ham->id < SM_GAZ_COMMUNITY_ID_MIN && ham->kind &&
              strcmp(ham->kind, "town") == 0 && ham->name_ar &&
              strcmp(ham->name_ar, "\u062d\u0645\u0648\u0631\u064a\u0629") == 0,
          "Hamouriyah keeps its kind and Arabic name (%s, %s)", ham ? ham->kind : "-",
          ham && ham->name_ar ? ham->name_ar : "-");
    CHECK(best(gaz, "Xyzzy") == NULL, "no village answers for a name nobody has");
}

/* A transliteration no list holds is read from the Arabic name: the
 * consonants in order, each long vowel where the Latin has a vowel, a
 * vowel to begin both or neither. Such an answer is uncertain without
 * context, and sure with it. */
static void
test_spellings_are_read_from_arabic(void)
{
    static const struct { const char *arabic, *latin; bool fits; } pairs[] = {
        { "دير شرقي", "Deir Sharqi", true },     { "معر شمارين", "Ma'ar Shmarin", true },
        { "الحميدية", "Hamidia", true },         { "الحميدية", "Hamid", false },
        { "تقانة", "Taqana", true },             { "الحصن", "Ehsin", false },
        { "عفرين", "Afrin", true },              { "معصران", "Masaran", true },
        { "معرة النعمان", "Maarat al-Numan", true }, { "بابولين", "Babolin", true },
        { "كفرباسين", "Kafr Bassin", true },     { "حلب", "Homs", false },
    };
    char ar[SM_GAZ_NAME_MAX], la[SM_GAZ_KEY_MAX], key[SM_GAZ_KEY_MAX], ka[SM_GAZ_KEY_MAX],
        kl[SM_GAZ_KEY_MAX];
    sm_gaz *gaz = shipped();
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c[4];
    sm_error err = { 0 };
    int n = 0;

    for (size_t i = 0; i < SM_LEN(pairs); i++) {
        size_t len = sm_gaz_fold(pairs[i].latin, key, sizeof(key));
        bool fits = sm_gaz__arabic_reading(pairs[i].arabic, ar, sizeof(ar)) &&
                    sm_gaz__latin_reading(key, len, la, sizeof(la)) &&
                    sm_gaz_arabic_reading_key(pairs[i].arabic, ka, sizeof(ka)) &&
                    sm_gaz_reading_key(key, len, kl, sizeof(kl)) && strcmp(ka, kl) == 0 &&
                    sm_gaz__reading_fits(ar, la);
        CHECK(fits == pairs[i].fits, "%s read as %s: %s, expected %s", pairs[i].arabic,
              pairs[i].latin, fits ? "fits" : "does not fit", pairs[i].fits ? "fits" : "not");
    }
    CHECK(sm_gaz_arabic_reading_key("دير", ka, sizeof(ka)) == 0,
          "two consonants are too few to read");
    /* OCHA's English for دير شرقي is "Eastern Deir" */
    CHECK(sm_gaz_lookup(gaz, "Deir Sharqi", &q, c, 4, &n, NULL, &err) == SM_OK && n >= 1 &&
              c[0].place->name_ar && strcmp(c[0].place->name_ar, "دير شرقي") == 0 &&
              c[0].uncertain && strstr(c[0].why, "read from the Arabic name"),
          "Deir Sharqi: %s (%s)", n ? c[0].place->name : "-", n ? c[0].why : "");
    CHECK(sm_gaz_query_near(gaz, "Maarat al-Numan", &q, &err) == SM_OK &&
              sm_gaz_lookup(gaz, "Deir Sharqi", &q, c, 4, &n, NULL, &err) == SM_OK && n >= 1 &&
              !c[0].uncertain && c[0].near_km < 10,
          "near Maarat al-Numan it is no guess (%.0f km)", n ? c[0].near_km : -1.0);
}

/* An ancient or foreign alternate of one place (Aleppo's "Berea") ranks
 * below another place's own spelling ("Al-Bara", the town of Jabal
 * al-Zawiya). */
static void
test_alternates_rank_below_own_names(void)
{
    const sm_place *p = best(shipped(), "Al-Bara");

    CHECK(p && sm_gaz_distance_km(p->lat_deg, p->lon_deg, 35.683, 36.540) < 3,
          "Al-Bara is the town, not %s", p ? p->name : "-");
}

/* An alternate with the consonants of the place's own name is a spelling of
 * it, not another name: "Kafr Zeit" (as GeoNames' "kfr zytt") is the town of
 * Kafr Zita, not the village Kafr al-Zeit. A district's seat is a major
 * place: "Marde" is one letter from Mhardeh, not Mardin in Turkey. */
static void
test_spellings_of_own_names_are_not_other_names(void)
{
    sm_gaz *gaz = shipped();
    const sm_place *p = best(gaz, "Kafr Zeit");

    CHECK(p && p->id == 168620, "Kafr Zeit is Kafr Zita, not %s", p ? p->name : "-");
    p = best(gaz, "Adra");
    CHECK(p && p->id == 2000200069, "Adra is the town, not Daraa through its ancient \"Adraa\"");
    p = best(gaz, "Marde");
    CHECK(p && p->id == 166742, "Marde is Mhardeh, not %s", p ? p->name : "-");
}

/* With nothing else, a village only OCHA's list has may be guessed one
 * letter away, when the written forms agree too, and said to be a guess. */
static void
test_a_last_resort_guess_is_uncertain(void)
{
    sm_gaz *gaz = shipped();
    sm_gaz_query q = SM_GAZ_QUERY_INIT;
    sm_candidate c[4];
    sm_error err = { 0 };
    int n = 0;

    CHECK(sm_gaz_lookup(gaz, "Al-Ghadfa", &q, c, 4, &n, NULL, &err) == SM_OK && n >= 1 &&
              c[0].place->id == 2100003963 && c[0].uncertain,
          "Al-Ghadfa: Ghadqa, uncertain (%s)", n ? c[0].place->name : "-");
    CHECK(sm_gaz_lookup(gaz, "الغدفة", &q, c, 4, &n, NULL, &err) == SM_OK && n >= 1 &&
              c[0].place->id == 2100003963 && c[0].uncertain,
          "الغدفة: الغدقة, uncertain (%s)", n ? c[0].place->name : "-");
    CHECK(sm_gaz_lookup(gaz, "Ghadafa", &q, c, 4, &n, NULL, &err) == SM_OK && n == 0,
          "two letters away is no guess (%s)", n ? c[0].place->name : "-");
}

/* OCHA's communities that are places already known give them their P-code
 * and names, and their point where the curators' was an estimate. */
static void
test_known_places_take_ochas_pcode(void)
{
    sm_gaz *gaz = shipped();
    const sm_place *p = best(gaz, "Kafr Zita"), *q = best(gaz, "Maar Dibsah");

    CHECK(p && p->pcode && strcmp(p->pcode, "C3463") == 0, "Kafr Zita is C3463 (%s)",
          p && p->pcode ? p->pcode : "-");
    CHECK(p && p->geonames_id && fabs(p->lat_deg - 35.37425) < 1e-4,
          "a GeoNames point stays (%.5f)", p ? p->lat_deg : 0.0);
    CHECK(q && q->pcode && strcmp(q->pcode, "C3931") == 0 &&
              sm_gaz_distance_km(q->lat_deg, q->lon_deg, 35.78158, 36.76886) < 0.1,
          "Maar Dibsah (معردبسة; OCHA: معردبسي) is C3931 at OCHA's point");
    CHECK(best(gaz, "معردبسي") == q, "OCHA's Arabic name finds it");
    p = best(gaz, "Ghadqa");
    CHECK(p && p->pcode && strcmp(p->pcode, "C3963") == 0, "a community's P-code is its own");
}

/* A place's district is the OCHA polygon that holds it, not the district of
 * the nearest seat: Maar Dibsah, 12 km from Idlib and 16 km from Ariha, lies
 * in Idlib District by the map, and in Ariha's by the nearest seat. */
static void
test_districts_come_from_polygons(void)
{
    sm_gaz *gaz = shipped();
    const sm_place *p = best(gaz, "Maar Dibsah"), *q = best(gaz, "Salkhad");

    CHECK(p && p->admin2 && strcmp(sm_gaz_admin2_name(gaz, p->admin2), "Idlib District") == 0,
          "Maar Dibsah: %s", p && p->admin2 ? sm_gaz_admin2_name(gaz, p->admin2) : "-");
    CHECK(q && q->admin2 && strcmp(sm_gaz_admin2_name(gaz, q->admin2), "Salkhad District") == 0,
          "Salkhad is in its own district: %s",
          q && q->admin2 ? sm_gaz_admin2_name(gaz, q->admin2) : "-");
}

/* display_names.tsv: the house spelling is printed, GeoNames' still found. */
static void
test_english_names_replace_geonames(void)
{
    sm_gaz *gaz = shipped();
    const sm_place *a = best(gaz, "Ar Raqqah"), *b = best(gaz, "Raqqa"), *c = best(gaz, "Tadmur");

    CHECK(a && a == b && a->id == 172955, "Ar Raqqah and Raqqa are one place");
    CHECK(a && strcmp(a->name, "Raqqa") == 0, "printed as Raqqa (%s)", a ? a->name : "-");
    CHECK(c && c->id == 163808 && strcmp(c->name, "Palmyra") == 0, "Tadmur is printed Palmyra");
    c = best(gaz, "Kobani");
    CHECK(c && c->id == 172256 && c->name_ar && strcmp(c->name_ar, "عين العرب") == 0,
          "Kobani's Arabic name is the one given (%s)", c && c->name_ar ? c->name_ar : "-");
}

/* No place shows a half-romanised form ("qamshlۆ") as its Arabic name. */
static void
test_arabic_names_have_no_latin_letters(void)
{
    sm_gaz *gaz = shipped();
    int bad = 0, with = 0;

    for (int i = 0; i < sm_gaz_count(gaz); i++) {
        const char *ar = sm_gaz_place(gaz, i)->name_ar;
        if (ar == NULL)
            continue;
        with++;
        for (const char *c = ar; *c; c++)
            if ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z') {
                if (bad++ < 5)
                    printf("  %s: Arabic name %s\n", sm_gaz_place(gaz, i)->name, ar);
                break;
            }
    }
    CHECK(bad == 0 && with > 1500, "%d of %d Arabic names have Latin letters", bad, with);
}

/* The Arabic name shown is one that reads as the place's own (كفر لاها for
 * Kafr Lāhā, not الحولة, the area around it), without directional marks. */
static void
test_arabic_labels_read_as_the_place(void)
{
    sm_gaz *gaz = shipped();
    const sm_place *p = best(gaz, "Kafr Laha");
    int marked = 0;

    CHECK(p && p->name_ar && strcmp(p->name_ar, "كفر لاها") == 0, "Kafr Laha: %s",
          p && p->name_ar ? p->name_ar : "-");
    p = best(gaz, "Maskanah");
    CHECK(p && p->name_ar && strcmp(p->name_ar, "مسكنة") == 0, "Maskanah, not its ancient name: %s",
          p && p->name_ar ? p->name_ar : "-");
    for (int i = 0; i < sm_gaz_count(gaz); i++) {
        const char *ar = sm_gaz_place(gaz, i)->name_ar;
        marked += ar && (strstr(ar, "\u200e") || strstr(ar, "\u200f"));
    }
    CHECK(marked == 0, "%d Arabic names hold directional marks", marked);
}

/* A display_names.tsv row whose `was` is not the place's name names file and line. */
static void
test_english_name_of_wrong_place_is_refused(void)
{
    static const char *const files[] = { "admin1.tsv", "admin2.tsv", "geonames.tsv",
                                         "curated.tsv", "neighbourhoods.tsv",
                                         "community_links.tsv", "communities.tsv",
                                         "districts.tsv",
                                         "aliases.tsv",
                                         "not_places.tsv", "world.tsv" };
    char cmd[8192], path[4096];
    sm_error err = { 0 };
    sm_gaz *gaz = NULL;
    FILE *fp;

    for (size_t i = 0; i < SM_LEN(files); i++) {
        snprintf(cmd, sizeof(cmd), "cp gazetteer/%s %s/", files[i], check_tmp);
        CHECK(system(cmd) == 0, "%s", cmd);
    }
    snprintf(path, sizeof(path), "%s/display_names.tsv", check_tmp);
    fp = fopen(path, "w");
    CHECK(fp != NULL, "write %s", path);
    if (fp == NULL)
        return;
    fputs("place_id\tname\twas\tname_ar\tnote\n172955\tRaqqa\tAr Raqqah\t\tok\n"
          "170017\tHoms\tHama\t\twrong place\n", fp);
    fclose(fp);
    CHECK(sm_gaz_new(&gaz, &err) == SM_OK, "new");
    CHECK(sm_gaz_load_dir(gaz, check_tmp, NULL, &err) == SM_EINPUT, "refused");
    CHECK(strstr(err.msg, "display_names.tsv:3: place 170017 is named") != NULL, "message: %s",
          err.msg);
    sm_gaz_free(gaz);
}

/* The keys within edits of a query are those the index of symbol triples
 * found before the index of deletions: a key whose triples' 16-bit hashes
 * meet the query's at least once and len + 1 - 4 * max times, within max
 * edits (the dynamic programme), in the order the triples reached them. */
typedef struct model_hit {
    uint32_t key, first;
    int edits;
} model_hit;

static uint32_t
model_triple(const char *t, size_t n, size_t i)
{
    unsigned char g[3] = { i >= 2 ? (unsigned char)t[i - 2] : 0,
                           i >= 1 ? (unsigned char)t[i - 1] : 0,
                           i < n ? (unsigned char)t[i] : 0 };
    return sm_gaz__hash(g, 3) & 0xffff;
}

static size_t
model_near_keys(const sm_gaz *g, const char *q, size_t len, int max, model_hit *out, size_t cap)
{
    size_t n = 0;

    for (uint32_t k = 0; k < g->nkeys; k++) {
        const gaz_key *key = &g->keys[k];
        int d, count = 0;
        uint32_t first = UINT32_MAX;
        if (key->first == NO_NEXT || key->text[0] == SM_GAZ_READING_MARK ||
            (key->len > len ? key->len - len : len - key->len) > (size_t)max)
            continue;
        d = sm_gaz__edits_dp(q, len, key->text, key->len, max);
        if (d < 1 || d > max)
            continue;
        for (size_t p = 0; p <= len; p++)
            for (size_t r = 0; r <= key->len; r++)
                if (model_triple(q, len, p) == model_triple(key->text, key->len, r)) {
                    count++;
                    if (first == UINT32_MAX)
                        first = (uint32_t)p;
                }
        /* a key is reached by a triple it shares */
        if (count == 0 || count < (int)len + 1 - 4 * max || n == cap)
            continue;
        out[n++] = (model_hit){ k, first, d };
    }
    /* by the first triple shared, then by key (insertion: stable) */
    for (size_t i = 1; i < n; i++) {
        model_hit t = out[i];
        size_t j = i;
        for (; j > 0 && out[j - 1].first > t.first; j--)
            out[j] = out[j - 1];
        out[j] = t;
    }
    return n;
}

static void
test_near_keys_match_the_triple_count(void)
{
    const sm_gaz *g = shipped();
    static model_hit want[4096];
    int wrong = 0, queries = 0, found = 0;

    for (uint32_t k = 0; k < g->nkeys && queries < 240; k += 97) {
        const gaz_key *key = &g->keys[k];
        char q[SM_GAZ_KEY_MAX];
        size_t len = key->len, m = len / 2;
        if (key->first == NO_NEXT || key->text[0] == SM_GAZ_READING_MARK || len < 4 || len > 40)
            continue;
        for (int how = 0; how < 4; how++) {
            gaz_near_key *got;
            size_t n, nw, ql = len;
            int max = 0;
            memcpy(q, key->text, len);
            if (how == 0) {           /* neighbours swapped */
                char t = q[m];
                q[m] = q[m + 1];
                q[m + 1] = t;
            } else if (how == 1) {    /* one deleted */
                memmove(q + m, q + m + 1, len - m - 1);
                ql--;
            } else if (how == 2) {    /* a vowel put in */
                memmove(q + m + 1, q + m, len - m);
                q[m] = 'V';
                ql++;
            } else {                  /* the first replaced */
                q[0] = q[0] == 'k' ? 'g' : 'k';
            }
            for (max = 1; max <= 2; max++) {
                nw = model_near_keys(g, q, ql, max, want, SM_LEN(want));
                CHECK(sm_gaz__near_keys(g, q, ql, max, &got, &n), "near keys");
                {
                    int bad = n != nw;
                    for (size_t i = 0; i < n && i < nw; i++)
                        bad += got[i].key != want[i].key || got[i].edits != want[i].edits;
                    if (bad && !wrong)
                        fprintf(stderr, "  key %u changed (%d), up to %d edits: %zu keys, want "
                                "%zu\n", k, how, max, n, nw);
                    wrong += bad > 0;
                }
                found += (int)n;
                free(got);
                queries++;
            }
        }
    }
    CHECK(queries >= 200 && found > queries, "%d queries, %d keys found", queries, found);
    CHECK(wrong == 0, "%d disagreements with the triple count", wrong);
}

static void
plain_key_of(const char *name, sm_name_kind kind, void *user)
{
    char plain[SM_GAZ_NAME_MAX], a[SM_GAZ_KEY_MAX], b[SM_GAZ_KEY_MAX];
    size_t n = sm_gaz__plain(name, plain, sizeof(plain));
    int *wrong = user;

    (void)kind;
    if (sm_gaz__fold_plain(plain, n, a, sizeof(a)) != sm_gaz_fold(name, b, sizeof(b)) ||
        strcmp(a, b) != 0) {
        if (*wrong < 5)
            fprintf(stderr, "  \"%s\": %s from its plain form, %s folded\n", name, a, b);
        ++*wrong;
    }
}

static void
test_keys_from_the_plain_form_are_the_folded_ones(void)
{
    static const char *const odd[] = {
        "Ma‘arrat an Nu‘mān", "  al-  Bab  ", "Kafrsouseh", "ashShaddadi", "Dhiban",
        "ﺩﻣﺸﻖ", "Ｄａｍａｓｃｕｓ", "a'b`c", "x\xff" "y", "دير\xe2\x80\x8f الزور", "---",
        "Djebel Druze", "Ouadi Ouarda", "Tall Abyad 2",
    };
    const sm_gaz *g = shipped();
    int wrong = 0;

    for (int i = 0; i < sm_gaz_count(g); i++)
        sm_gaz_names_each(g, i, plain_key_of, &wrong);
    for (size_t i = 0; i < SM_LEN(odd); i++)
        plain_key_of(odd[i], SM_NAME_ALT, &wrong);
    CHECK(wrong == 0, "%d names whose key from the plain form differs", wrong);
}

static void
test_reasons_are_asked_for(void)
{
    static const char *const names[] = {
        "Aleppo", "Deir ez-Zor", "Dayr az Zawr", "دير الزور", "Damacus", "Deir Sharqi",
        "Tabqa airbase", "Al-Ghadfa", "Kafr Nubl", "Tell Abyad", "Jabhat al-Nusra", "Xyzzyqwv",
    };
    const sm_gaz *g = shipped();
    sm_gaz_query with = SM_GAZ_QUERY_INIT, without = SM_GAZ_QUERY_INIT, zeroed;
    sm_error err = { 0 };
    int wrong = 0;

    memset(&zeroed, 0, sizeof(zeroed));
    without.reasons = false;
    for (size_t i = 0; i < SM_LEN(names); i++) {
        for (int near = 0; near < 2; near++) {
            sm_candidate a[6], b[6];
            const char *wa = NULL, *wb = NULL;
            int na = -1, nb = -1;
            with.has_near = without.has_near = near;
            with.near_lat_deg = without.near_lat_deg = 36.2;
            with.near_lon_deg = without.near_lon_deg = 37.15;
            CHECK(sm_gaz_lookup(g, names[i], &with, a, 6, &na, &wa, &err) == SM_OK &&
                  sm_gaz_lookup(g, names[i], &without, b, 6, &nb, &wb, &err) == SM_OK,
                  "%s: %s", names[i], err.msg);
            wrong += na != nb || strcmp(wa, wb) != 0;
            for (int j = 0; j < na && j < nb; j++) {
                wrong += a[j].place != b[j].place || a[j].score != b[j].score ||
                         strcmp(a[j].matched, b[j].matched) != 0 || a[j].edits != b[j].edits ||
                         a[j].near_km != b[j].near_km || a[j].uncertain != b[j].uncertain;
                wrong += a[j].why[0] == '\0' || b[j].why[0] != '\0';
            }
        }
    }
    CHECK(wrong == 0, "%d differences between look-ups with reasons and without", wrong);
    {
        sm_candidate c;
        int n = 0;
        CHECK(sm_gaz_lookup(g, "Aleppo", &zeroed, &c, 1, &n, NULL, &err) == SM_OK && n == 1 &&
              c.why[0] == '\0', "a zeroed query writes no reason");
        CHECK(sm_gaz_lookup(g, "Aleppo", NULL, &c, 1, &n, NULL, &err) == SM_OK && n == 1 &&
              strstr(c.why, "name \"Aleppo\"") != NULL, "no query: reasons: %s", c.why);
    }
}

static const check_case cases[] = {
    { "spellings_meet", test_spellings_meet },
    { "distinct_names_stay_apart", test_distinct_names_stay_apart },
    { "edit_distance", test_edit_distance },
    { "edit_distance_bits_match_dp", test_edit_distance_bits_match_dp },
    { "bad_queries_are_answered", test_bad_queries_are_answered },
    { "not_places_hide_no_place", test_not_places_hide_no_place },
    { "curated_merges_into_geonames", test_curated_merges_into_geonames },
    { "near_prefers_the_close_namesake", test_near_prefers_the_close_namesake },
    { "swapped_letters_are_one_edit", test_swapped_letters_are_one_edit },
    { "camp_and_crossing_stay_apart", test_camp_and_crossing_stay_apart },
    { "reasons_are_whole_utf8", test_reasons_are_whole_utf8 },
    { "english_names_replace_geonames", test_english_names_replace_geonames },
    { "compatibility_forms_are_the_plain_ones", test_compatibility_forms_are_the_plain_ones },
    { "communities_are_found_and_defer", test_communities_are_found_and_defer },
    { "spellings_are_read_from_arabic", test_spellings_are_read_from_arabic },
    { "alternates_rank_below_own_names", test_alternates_rank_below_own_names },
    { "spellings_of_own_names_are_not_other_names",
      test_spellings_of_own_names_are_not_other_names },
    { "a_last_resort_guess_is_uncertain", test_a_last_resort_guess_is_uncertain },
    { "known_places_take_ochas_pcode", test_known_places_take_ochas_pcode },
    { "districts_come_from_polygons", test_districts_come_from_polygons },
    { "arabic_labels_read_as_the_place", test_arabic_labels_read_as_the_place },
    { "arabic_names_have_no_latin_letters", test_arabic_names_have_no_latin_letters },
    { "english_name_of_wrong_place_is_refused", test_english_name_of_wrong_place_is_refused },
    { "near_keys_match_the_triple_count", test_near_keys_match_the_triple_count },
    { "keys_from_the_plain_form_are_the_folded_ones",
      test_keys_from_the_plain_form_are_the_folded_ones },
    { "reasons_are_asked_for", test_reasons_are_asked_for },
    { "accuracy_on_cases", test_accuracy_on_cases },
};

CHECK_MAIN(cases)
