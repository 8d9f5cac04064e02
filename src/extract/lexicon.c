/* SPDX-License-Identifier: MIT */
/*
 * lexicon.c - the English words the extractor reads for what they do: the
 * words that report incidents (with the type they point to), kill and
 * wound counts, numbers, dates, directions, titles before people's names,
 * the heads of faction names, and common words that are never a place on
 * their own; and the Arabic words of incidents, kills, places and dates,
 * kept under their folded keys (so "الغارات" and "غارات" are one word). The
 * theatre adds the sides of its war (the words that name each, in English
 * and Arabic) and its peoples and creeds, which are no place on their own.
 * One table, looked up by each word of a text once.
 */
#include "extract/extract_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define SLOTS 2048              /* a power of two */
#define MAX_WORDS (SLOTS / 4 * 3) /* so that probes stay short */
#define MAX_LEN 24

typedef struct entry {
    char word[MAX_LEN + 1];
    lex_word w;
} entry;

struct lexicon {
    entry slot[SLOTS];
    size_t words;               /* slots taken */
    sm_arena strings;           /* the theatre's actors' names and following words */
    char *english;              /* the English words, each NUL-terminated */
    uint32_t *english_slot;     /* offset + 1 into english; 0: empty */
    size_t english_slots;       /* a power of two */
};

typedef struct row {
    const char *words;          /* space-separated */
    uint32_t roles;
    int value;
    int cue_type;               /* -1: none */
    int weight;
    bool anaphor, lower;
    const char *generic;        /* W_GENERIC; W_ACTOR: the word that must follow */
    bool from_air;
} row;

#define CUE(words, type, weight, anaphor) { words, W_CUE, 0, type, weight, anaphor, false, NULL, false }
#define CUE_AIR(words, type, weight) { words, W_CUE, 0, type, weight, false, false, NULL, true }

static const row rows[] = {
    /* incidents: the type they report and how surely */
    CUE("airstrike airstrikes air-strike air-strikes airraid airraids warplanes warplane",
        SM_EVENT_AIRSTRIKE, 3, false),
    CUE("jets helicopters helicopter bombers sorties", SM_EVENT_AIRSTRIKE, 2, false),
    CUE("strike strikes raid raids", SM_EVENT_AIRSTRIKE, 1, true),
    CUE("bombed bombarded bombardment", SM_EVENT_AIRSTRIKE, 2, false),
    CUE_AIR("bombed bombing bombings", SM_EVENT_AIRSTRIKE, 0),
    CUE("shelling shelled shells artillery mortar mortars rockets rocket missiles missile "
        "bombarding", SM_EVENT_SHELLING, 2, false),
    CUE("suicide car-bomb vbied svbied ied ieds", SM_EVENT_BOMBING, 3, false),
    CUE("bombing bombings bomb bombs bomber bombers explosion explosions blast blasts exploded "
        "detonated landmine landmines", SM_EVENT_BOMBING, 2, true),
    CUE("clashes clashed clash fighting fought battle battles battling offensive offensives "
        "assault assaults ambush ambushed skirmishes combat counter-offensive", SM_EVENT_CLASH, 2,
        false),
    CUE("attack attacks attacked attacking", SM_EVENT_CLASH, 1, true),
    CUE("captured seized recaptured retook retaken overran overrun liberated capture "
        "recapture seizure took taken capturing seizing recapturing retaking overrunning "
        "liberating", SM_EVENT_CAPTURE, 2, false),
    CUE("imposed", SM_EVENT_CAPTURE, 1, false),   /* only in "imposed their control over" */
    CUE("advanced advance advances", SM_EVENT_CAPTURE, 1, false),
    CUE("entered stormed overrun", SM_EVENT_CAPTURE, 2, false),
    CUE("ceasefire ceasefires cease-fire truce reconciliation evacuation evacuations surrender "
        "de-escalation", SM_EVENT_CEASEFIRE, 2, false),
    CUE("deal agreement", SM_EVENT_CEASEFIRE, 1, true),
    CUE("siege sieges besieged encircled encirclement blockade", SM_EVENT_SIEGE, 2, false),
    CUE("massacre massacred executed executions execution kidnapped abducted", SM_EVENT_ATTACK,
        3, false),
    CUE("destroyed damaged wrecked targeted torched looted", SM_EVENT_ATTACK, 1, false),
    CUE("chemical chlorine sarin toxic", SM_EVENT_CHEMICAL, 3, false),

    { "killed killing kills kill dead died die dies deaths death toll lives slain perished",
      W_KILL, 0, -1, 0, false, false, NULL, false },
    { "wounded wounding injured injuring injuries hurt", W_WOUND, 0, -1, 0, false, false, NULL, false },
    { "people civilians civilian children women men soldiers fighters militants rebels troops "
      "members personnel staff persons residents officers combatants jihadists others "
      "militiamen gunmen worshippers students patients doctors",
      W_PEOPLE, 0, -1, 0, false, false, NULL, false },
    { "least more over than some about around nearly almost approximately roughly up",
      W_BOUND, 0, -1, 0, false, false, NULL, false },
    { "will would could may might shall plan plans planned pledged pledge pledges vowed vows "
      "threatened threatens warned warns intends hopes hope proposed urged demanded",
      W_MODAL, 0, -1, 0, false, false, NULL, false },
    { "in at near outside around into inside within across towards toward on by",
      W_LOCATIVE, 0, -1, 0, false, false, NULL, false },
    { "province governorate city countryside suburbs suburb district region airport airbase "
      "base bases military plain plains desert dam hospital school mosque prison university stadium "
      "bridge gate square citadel market road highway crossing border front valley springs "
      "lake river neighbourhood neighborhood camp pocket enclave village town outskirts center "
      "centre area areas sector pocket governate",
      W_SUFFIX, 0, -1, 0, false, false, NULL, false },
    { "president general minister mr mrs ms dr king prince commander colonel col lieutenant lt "
      "gen major maj captain capt sergeant ambassador envoy spokesman spokeswoman spokesperson "
      "journalist activist correspondent leader chief deputy secretary imam mufti cleric emir "
      "brigadier admiral counterpart ayatollah senator governor mayor director official "
      "negotiator advisor adviser analyst reporter pope saint",
      W_TITLE, 0, -1, 0, false, false, NULL, false },
    { "jabhat jaish jaysh liwa harakat harakah ahrar faylaq failaq kataib katibat katiba alwiya "
      "saraya ansar hayat hay'at tahrir jund jamaat firqat firqa quwat quwwat tajammu "
      "fastaqim nour thuwar suqour",
      W_FACTION, 0, -1, 0, false, false, NULL, false },
    { "tal tell deir dayr kafr kfar wadi jabal jebel ras bab ain ayn beit bayt khan maarat "
      "maarrat jisr tall qasr umm abu bir sheikh mazraat rural greater old new upper lower "
      "east west north south eastern western northern southern central",
      W_PLACE_WORD, 0, -1, 0, false, false, NULL, false },
    { "area town city village district region neighbourhood neighborhood suburb countryside "
      "there locality areas towns cities villages districts neighbourhoods neighborhoods "
      "suburbs localities",
      W_AREA, 0, -1, 0, false, false, NULL, false },
    { "today tonight yesterday morning afternoon evening night overnight dawn week weekend "
      "month ago since earlier last this days weeks months past recent recently",
      W_DATE_WORD, 0, -1, 0, false, false, NULL, false },

    /* common words that are no place on their own, even written with a capital */
    { "the a an and or but if of to in on at by for with from as is was were be been are has "
      "have had it its this that these those there their they he she his her we our you your "
      "not no so than then also after before since while when where which who whom what all "
      "any some more most other such only own same too very can will just should now said "
      "says say report reports reported according new first last one two three many much each "
      "both few into over under again further once here why how about against between "
      "through during above below up down out off until because would could may might must "
      "shall do does did being having get got made make take took go went see seen know "
      "week day days year years people forces force state government army regime opposition "
      "rebels group groups military president minister photo update original entry related "
      "posts comment leave special daily news read share video map maps live breaking world war "
      "peace talks deal source sources north south east west northern southern eastern western "
      "central city town village province major however meanwhile earlier later even still "
      "well back around near outside inside across main key last next further other another "
      "man men woman women home house hospital school market road city centre center union "
      "council national international security defense defence foreign interior human rights "
      "watch observatory committee office agency ministry party front movement army air navy "
      "coalition alliance bloc side sides area areas part parts line lines point points "
      "may march june july august april image images credit credits source via pic pics "
      "hope faith light star sun moon river lake sea mountain valley spring springs gate "
      "mercy victory freedom liberty dignity glory unity peace salvation truth justice "
      "ben bin al el as ad ar az an ash at",
      W_STOP, 0, -1, 0, false, false, NULL, false },

    /* numbers */
    { "one", W_NUMBER, 1, -1, 0, false, false, NULL, false },
    { "two", W_NUMBER, 2, -1, 0, false, false, NULL, false },
    { "three", W_NUMBER, 3, -1, 0, false, false, NULL, false },
    { "four", W_NUMBER, 4, -1, 0, false, false, NULL, false },
    { "five", W_NUMBER, 5, -1, 0, false, false, NULL, false },
    { "six", W_NUMBER, 6, -1, 0, false, false, NULL, false },
    { "seven", W_NUMBER, 7, -1, 0, false, false, NULL, false },
    { "eight", W_NUMBER, 8, -1, 0, false, false, NULL, false },
    { "nine", W_NUMBER, 9, -1, 0, false, false, NULL, false },
    { "ten", W_NUMBER, 10, -1, 0, false, false, NULL, false },
    { "eleven", W_NUMBER, 11, -1, 0, false, false, NULL, false },
    { "twelve dozen", W_NUMBER, 12, -1, 0, false, false, NULL, false },
    { "thirteen", W_NUMBER, 13, -1, 0, false, false, NULL, false },
    { "fourteen", W_NUMBER, 14, -1, 0, false, false, NULL, false },
    { "fifteen", W_NUMBER, 15, -1, 0, false, false, NULL, false },
    { "sixteen", W_NUMBER, 16, -1, 0, false, false, NULL, false },
    { "seventeen", W_NUMBER, 17, -1, 0, false, false, NULL, false },
    { "eighteen", W_NUMBER, 18, -1, 0, false, false, NULL, false },
    { "nineteen", W_NUMBER, 19, -1, 0, false, false, NULL, false },
    { "twenty", W_NUMBER, 20, -1, 0, false, false, NULL, false },
    { "thirty", W_NUMBER, 30, -1, 0, false, false, NULL, false },
    { "forty", W_NUMBER, 40, -1, 0, false, false, NULL, false },
    { "fifty", W_NUMBER, 50, -1, 0, false, false, NULL, false },
    { "sixty", W_NUMBER, 60, -1, 0, false, false, NULL, false },
    { "seventy", W_NUMBER, 70, -1, 0, false, false, NULL, false },
    { "eighty", W_NUMBER, 80, -1, 0, false, false, NULL, false },
    { "ninety", W_NUMBER, 90, -1, 0, false, false, NULL, false },
    { "hundred", W_NUMBER, 100, -1, 0, false, false, NULL, false },
    { "thousand", W_NUMBER, 1000, -1, 0, false, false, NULL, false },
    { "several", W_NUMBER, 3, -1, 0, false, true, NULL, false },
    { "dozens", W_NUMBER, 24, -1, 0, false, true, NULL, false },
    { "scores", W_NUMBER, 40, -1, 0, false, true, NULL, false },
    { "hundreds", W_NUMBER, 200, -1, 0, false, true, NULL, false },
    { "thousands", W_NUMBER, 2000, -1, 0, false, true, NULL, false },

    /* days and months */
    { "monday", W_WEEKDAY, 0, -1, 0, false, false, NULL, false },
    { "tuesday", W_WEEKDAY, 1, -1, 0, false, false, NULL, false },
    { "wednesday", W_WEEKDAY, 2, -1, 0, false, false, NULL, false },
    { "thursday", W_WEEKDAY, 3, -1, 0, false, false, NULL, false },
    { "friday", W_WEEKDAY, 4, -1, 0, false, false, NULL, false },
    { "saturday", W_WEEKDAY, 5, -1, 0, false, false, NULL, false },
    { "sunday", W_WEEKDAY, 6, -1, 0, false, false, NULL, false },
    { "january jan", W_MONTH, 1, -1, 0, false, false, NULL, false },
    { "february feb", W_MONTH, 2, -1, 0, false, false, NULL, false },
    { "march mar", W_MONTH, 3, -1, 0, false, false, NULL, false },
    { "april apr", W_MONTH, 4, -1, 0, false, false, NULL, false },
    { "may", W_MONTH, 5, -1, 0, false, false, NULL, false },
    { "june jun", W_MONTH, 6, -1, 0, false, false, NULL, false },
    { "july jul", W_MONTH, 7, -1, 0, false, false, NULL, false },
    { "august aug", W_MONTH, 8, -1, 0, false, false, NULL, false },
    { "september sep sept", W_MONTH, 9, -1, 0, false, false, NULL, false },
    { "october oct", W_MONTH, 10, -1, 0, false, false, NULL, false },
    { "november nov", W_MONTH, 11, -1, 0, false, false, NULL, false },
    { "december dec", W_MONTH, 12, -1, 0, false, false, NULL, false },

    /* directions, in degrees from north */
    { "north northern", W_DIRECTION, 0, -1, 0, false, false, NULL, false },
    { "northeast northeastern north-east north-eastern", W_DIRECTION, 45, -1, 0, false, false,
      NULL, false },
    { "east eastern", W_DIRECTION, 90, -1, 0, false, false, NULL, false },
    { "southeast southeastern south-east south-eastern", W_DIRECTION, 135, -1, 0, false, false,
      NULL, false },
    { "south southern", W_DIRECTION, 180, -1, 0, false, false, NULL, false },
    { "southwest southwestern south-west south-western", W_DIRECTION, 225, -1, 0, false, false,
      NULL, false },
    { "west western", W_DIRECTION, 270, -1, 0, false, false, NULL, false },
    { "northwest northwestern north-west north-western", W_DIRECTION, 315, -1, 0, false, false,
      NULL, false },

    { "hospital hospitals clinic clinics school schools bakery bakeries market markets mosque "
      "mosques medical facilities facility church university shelter shelters",
      W_FACILITY, 0, -1, 0, false, false, NULL, false },
    { "air warplanes warplane jets aircraft russian regime coalition helicopter helicopters "
      "planes airstrikes aerial",
      W_AIR, 0, -1, 0, false, false, NULL, false },

    /* a feature word after a name, and the Arabic word names begin with for it */
    { "springs spring", W_GENERIC, 0, -1, 0, false, false, "Ain", false },
    { "valley", W_GENERIC, 0, -1, 0, false, false, "Wadi", false },
    { "mountain mountains", W_GENERIC, 0, -1, 0, false, false, "Jabal", false },
};

/* Arabic, by folded key: the same roles. */
static const row arabic_rows[] = {
    CUE("غارة غارات غارتين", SM_EVENT_AIRSTRIKE, 3, false),
    CUE("طائرات طائرة الطيران طيران المروحيات مروحيات الحربي الحربية", SM_EVENT_AIRSTRIKE, 2,
        false),
    CUE_AIR("قصف قصفت قصفا", SM_EVENT_SHELLING, 2),
    CUE("قذائف قذيفة صواريخ صاروخ المدفعية مدفعي هاون", SM_EVENT_SHELLING, 2, false),
    CUE("تفجير انفجار مفخخة انتحاري ناسفة", SM_EVENT_BOMBING, 3, false),
    CUE("اشتباكات اشتباك معارك معركة", SM_EVENT_CLASH, 2, false),
    CUE("هجوم هجمات هاجمت هاجم", SM_EVENT_CLASH, 1, false),
    CUE("سيطرت سيطر السيطرة استعادت استعاد دخلت", SM_EVENT_CAPTURE, 2, false),
    CUE("هدنة مصالحة تسوية", SM_EVENT_CEASEFIRE, 2, false),
    CUE("اتفاق", SM_EVENT_CEASEFIRE, 1, false),
    CUE("حصار محاصرة المحاصرة المحاصر", SM_EVENT_SIEGE, 2, false),
    CUE("مجزرة إعدام", SM_EVENT_ATTACK, 3, false),
    { "طائرات طائرة الطيران طيران المروحيات مروحيات جوي جوية الحربي الحربية", W_AIR, 0, -1, 0,
      false, false, NULL, false },
    { "مشفى مستشفى مدرسة فرن سوق", W_FACILITY, 0, -1, 0, false, false, NULL, false },
    { "مقتل قتل قتلى قتيل قتيلا شهداء شهيد استشهاد ضحايا", W_KILL, 0, -1, 0, false, false, NULL,
      false },
    { "جرحى جريح إصابة إصابات", W_WOUND, 0, -1, 0, false, false, NULL, false },
    { "مدنيين مدنيا أشخاص شخصا أطفال عناصر مقاتلين", W_PEOPLE, 0, -1, 0, false, false, NULL,
      false },
    { "في قرب بالقرب داخل حول على", W_LOCATIVE, 0, -1, 0, false, false, NULL, false },
    { "مدينة بلدة قرية حي ريف منطقة", W_AREA, 0, -1, 0, false, false, NULL, false },
    { "لم لن لا سوف", W_MODAL, 0, -1, 0, false, false, NULL, false },
    { "اليوم", W_DATE_WORD, 1, -1, 0, false, false, NULL, false },
    { "واحد", W_NUMBER, 1, -1, 0, false, false, NULL, false },
    { "اثنان اثنين", W_NUMBER, 2, -1, 0, false, false, NULL, false },
    { "ثلاثة", W_NUMBER, 3, -1, 0, false, false, NULL, false },
    { "أربعة", W_NUMBER, 4, -1, 0, false, false, NULL, false },
    { "خمسة", W_NUMBER, 5, -1, 0, false, false, NULL, false },
    { "ستة", W_NUMBER, 6, -1, 0, false, false, NULL, false },
    { "سبعة", W_NUMBER, 7, -1, 0, false, false, NULL, false },
    { "ثمانية", W_NUMBER, 8, -1, 0, false, false, NULL, false },
    { "تسعة", W_NUMBER, 9, -1, 0, false, false, NULL, false },
    { "عشرة", W_NUMBER, 10, -1, 0, false, false, NULL, false },
    { "عشرات", W_NUMBER, 20, -1, 0, false, true, NULL, false },
    { "مئات", W_NUMBER, 200, -1, 0, false, true, NULL, false },
    { "أمس", W_DATE_WORD, 2, -1, 0, false, false, NULL, false },
    { "الاثنين", W_WEEKDAY, 0, -1, 0, false, false, NULL, false },
    { "الثلاثاء", W_WEEKDAY, 1, -1, 0, false, false, NULL, false },
    { "الأربعاء", W_WEEKDAY, 2, -1, 0, false, false, NULL, false },
    { "الخميس", W_WEEKDAY, 3, -1, 0, false, false, NULL, false },
    { "الجمعة", W_WEEKDAY, 4, -1, 0, false, false, NULL, false },
    { "السبت", W_WEEKDAY, 5, -1, 0, false, false, NULL, false },
    { "الأحد", W_WEEKDAY, 6, -1, 0, false, false, NULL, false },
};

static uint32_t
slot_of(const char *w, size_t n)
{
    return (uint32_t)sm_hash_bytes(SM_HASH_INIT, w, n) & (SLOTS - 1);
}

/* The entry of word w (n bytes), made empty if new; NULL when the table is full. */
static entry *
entry_of(lexicon *l, const char *w, size_t n)
{
    uint32_t h = slot_of(w, n);
    entry *e;

    for (;; h = (h + 1) & (SLOTS - 1)) {
        e = &l->slot[h];
        if (e->word[0] == '\0' || (strlen(e->word) == n && memcmp(e->word, w, n) == 0))
            break;
    }
    if (e->word[0] == '\0') {
        if (l->words == MAX_WORDS)
            return NULL;
        l->words++;
        memcpy(e->word, w, n);
        e->word[n] = '\0';
    }
    return e;
}

static bool
add(lexicon *l, const char *w, size_t n, const row *r)
{
    entry *e = entry_of(l, w, n);

    if (e == NULL)
        return false;
    e->w.roles |= r->roles;
    if (r->roles & ~(uint32_t)(W_STOP | W_LOCATIVE | W_AREA | W_SUFFIX | W_PLACE_WORD |
                               W_PEOPLE | W_BOUND | W_TITLE | W_MODAL | W_FACILITY | W_AIR)) {
        e->w.value = (int16_t)r->value;
        e->w.lower_bound |= r->lower;
        if (r->generic)
            e->w.generic_name = r->generic;
    }
    e->w.from_air |= r->from_air;
    if (r->cue_type >= 0 && r->weight > e->w.cue_weight) {
        e->w.cue_type = (uint8_t)r->cue_type;
        e->w.cue_weight = (uint8_t)r->weight;
        e->w.definite_anaphor = r->anaphor;
    }
    return true;
}

/* A word of an actor (its name kept by the lexicon): "russian"; "islamic
 * state", the first word naming it when the second follows. */
static bool
add_actor(lexicon *l, const char *key, size_t n, const char *name, const char *next)
{
    entry *e = entry_of(l, key, n);

    if (e == NULL)
        return false;
    e->w.roles |= W_ACTOR;
    e->w.actor = name;
    e->w.actor_next = next;
    return true;
}

/* The words of the built-in rows: English as written, Arabic by folded key. */
static bool
add_rows(lexicon *l, const row *rows_, size_t nrows, bool arabic)
{
    for (size_t i = 0; i < nrows; i++) {
        const char *p = rows_[i].words;
        while (*p) {
            size_t n = strcspn(p, " "), k;
            char word[64], key[SM_GAZ_KEY_MAX];
            if (!arabic && n > 0 && n <= MAX_LEN && !add(l, p, n, &rows_[i]))
                return false;
            if (arabic && n > 0 && n < sizeof(word)) {
                memcpy(word, p, n);
                word[n] = '\0';
                if ((k = sm_gaz_fold(word, key, sizeof(key))) > 0 && k <= MAX_LEN &&
                    !add(l, key, k, &rows_[i]))
                    return false;
            }
            p += n;
            p += strspn(p, " ");
        }
    }
    return true;
}

/* The theatre's words: its peoples and creeds (no place alone), and the
 * sides of its war by their English and Arabic words. (They set no field
 * the built-in rows set, so the order does not matter.) */
static bool
add_theatre(lexicon *l, const sm_theatre *t)
{
    static const row stop = { "", W_STOP, 0, -1, 0, false, false, NULL, false };

    for (int i = 0; i < t->ndemonyms; i++)
        if (!add(l, t->demonyms[i], strlen(t->demonyms[i]), &stop))
            return false;
    for (int i = 0; i < t->nactors; i++) {
        const sm_theatre_actor *a = &t->actors[i];
        const char *name = sm_arena_strdup(&l->strings, a->name);
        if (name == NULL)
            return false;
        for (int j = 0; j < a->nwords; j++) {
            const char *w = a->words[j], *space = strchr(w, ' ');
            const char *next = space ? sm_arena_strdup(&l->strings, space + 1) : NULL;
            if ((space && next == NULL) ||
                !add_actor(l, w, space ? (size_t)(space - w) : strlen(w), name, next))
                return false;
        }
        for (int j = 0; j < a->narabic; j++) {
            char key[SM_GAZ_KEY_MAX];
            size_t k = sm_gaz_fold(a->arabic[j], key, sizeof(key));
            if (k > 0 && k <= MAX_LEN && !add_actor(l, key, k, name, NULL))
                return false;
        }
    }
    return true;
}

sm_status
sm_lexicon_new(const sm_theatre *t, lexicon **out, sm_error *err)
{
    lexicon *l = calloc(1, sizeof(*l));

    *out = NULL;
    if (l == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (!add_rows(l, rows, SM_LEN(rows), false) ||
        !add_rows(l, arabic_rows, SM_LEN(arabic_rows), true) || (t && !add_theatre(l, t))) {
        bool full = l->words == MAX_WORDS;
        sm_lexicon_free(l);
        if (full)
            return sm_fail(err, SM_EINPUT, "theatre %s: too many words for the extractor"
                           " (%d at most, with its own)", t ? t->name : "-", MAX_WORDS);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    *out = l;
    return SM_OK;
}

void
sm_lexicon_free(lexicon *l)
{
    if (l == NULL)
        return;
    free(l->english);
    free(l->english_slot);
    sm_arena_free(&l->strings);
    free(l);
}

sm_status
sm_lexicon_load_english(lexicon *l, const char *path, sm_error *err)
{
    FILE *fp = fopen(path, "rb");
    long size;
    size_t words = 0;

    if (fp == NULL)
        return sm_fail(err, SM_EIO, "%s: cannot open", path);
    if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 || size > (1L << 26) ||
        fseek(fp, 0, SEEK_SET) != 0) {
        fclose(fp);
        return sm_fail(err, SM_EIO, "%s: cannot read", path);
    }
    free(l->english);
    free(l->english_slot);
    l->english_slot = NULL;
    if ((l->english = malloc((size_t)size + 1)) == NULL) {
        fclose(fp);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    if (fread(l->english, 1, (size_t)size, fp) != (size_t)size) {
        fclose(fp);
        return sm_fail(err, SM_EIO, "%s: cannot read", path);
    }
    fclose(fp);
    l->english[size] = '\0';
    for (long i = 0; i < size; i++)
        words += l->english[i] == '\n';
    for (l->english_slots = 1024; l->english_slots < 2 * (words + 1);)
        l->english_slots *= 2;
    if ((l->english_slot = calloc(l->english_slots, sizeof(uint32_t))) == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    for (char *p = l->english, *end = l->english + size; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n;
        uint32_t h;
        if (nl == NULL)
            nl = end;
        *nl = '\0';
        n = (size_t)(nl - p);
        if (n > 0) {
            for (h = (uint32_t)sm_hash_bytes(SM_HASH_INIT, p, n) & (l->english_slots - 1);
                 l->english_slot[h]; h = (h + 1) & (l->english_slots - 1))
                ;
            l->english_slot[h] = (uint32_t)(p - l->english) + 1;
        }
        p = nl + 1;
    }
    return SM_OK;
}

bool
sm_lexicon_is_english(const lexicon *l, const char *w, size_t n)
{
    char low[64];

    if (l->english_slot == NULL || n == 0 || n >= sizeof(low))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 0x80)
            return false;
        low[i] = (char)tolower(c);
    }
    for (uint32_t h = (uint32_t)sm_hash_bytes(SM_HASH_INIT, low, n) & (l->english_slots - 1);
         l->english_slot[h]; h = (h + 1) & (l->english_slots - 1)) {
        const char *e = l->english + l->english_slot[h] - 1;
        if (strncmp(e, low, n) == 0 && e[n] == '\0')
            return true;
    }
    return false;
}

const lex_word *
sm_lexicon_get_arabic(const lexicon *l, const char *key, size_t n)
{
    if (n == 0 || n > MAX_LEN)
        return NULL;
    for (uint32_t h = slot_of(key, n);; h = (h + 1) & (SLOTS - 1)) {
        const entry *e = &l->slot[h];
        if (e->word[0] == '\0')
            return NULL;
        if (memcmp(e->word, key, n) == 0 && e->word[n] == '\0')
            return &e->w;
    }
}

const lex_word *
sm_lexicon_get(const lexicon *l, const char *w, size_t n)
{
    char low[MAX_LEN + 1];
    uint32_t h;

    if (n == 0 || n > MAX_LEN)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 0x80)
            return NULL;
        low[i] = (char)tolower(c);
    }
    for (h = slot_of(low, n);; h = (h + 1) & (SLOTS - 1)) {
        const entry *e = &l->slot[h];
        if (e->word[0] == '\0')
            return NULL;
        if (memcmp(e->word, low, n) == 0 && e->word[n] == '\0')
            return &e->w;
    }
}
