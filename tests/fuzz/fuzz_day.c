/* SPDX-License-Identifier: MIT */
/* fuzz_day.c - sm_day_parse: any text, and what a parsed day gives back. */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    char iso[SM_DAY_ISO_LEN], longer[SM_DAY_LONG_LEN];
    sm_day day, again;
    int y, m, d;

    if (sm_day_parse(text, &day)) {
        /* a calendar day of years 1..9999, written and read back the same */
        sm_day_to_ymd(day, &y, &m, &d);
        FUZZ_ASSERT(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31);
        FUZZ_ASSERT(sm_day_from_ymd(y, m, d, &again) && again == day);
        FUZZ_ASSERT(sm_day_parse(sm_day_format(day, iso), &again) && again == day);
        /* the long form writes the year as it is: four digits from 1000 */
        sm_day_format_long(day, longer);
        FUZZ_ASSERT(y < 1000 || (sm_day_parse(longer, &again) && again == day));
        FUZZ_ASSERT(sm_day_weekday(day) >= 0 && sm_day_weekday(day) <= 6);
    }
    free(text);
    return 0;
}
