/* SPDX-License-Identifier: MIT */
/*
 * fuzz_annotations.c - sm_annotations_load on any file (the input written
 * to a temporary file), as `render --annotations FILE` reads it; what is
 * read must keep the limits render.h states, and is then checked against
 * the Syrian theatre's factions and, when they pass, drawn into a small
 * SVG of an empty situation (every kind, shown on the day or not).
 */
#include "fuzz.h"

#include <math.h>

static sm_style style;
static sm_fonts *fonts;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    sm_error err = { 0 };

    (void)argc;
    fuzz_project_root(argv);
    sm_style_defaults(&style);
    sm_style_apply_theatre(&style, fuzz_theatre());
    if (sm_fonts_new(&style, &fonts, &err) != SM_OK) {
        fprintf(stderr, "fonts: %s\n", err.msg);
        exit(1);
    }
    return 0;
}

static void
check_one(const sm_annotation *a, size_t i)
{
    FUZZ_ASSERT(a->index == i && (unsigned)a->kind <= SM_ANNOTATION_TEXT);
    FUZZ_ASSERT(a->id[0] != '\0' && memchr(a->id, '\0', sizeof(a->id)));
    FUZZ_ASSERT(memchr(a->faction, '\0', sizeof(a->faction)));
    FUZZ_ASSERT(isfinite(a->curve) && fabs(a->curve) <= 1);
    FUZZ_ASSERT(a->from == SM_DAY_NONE || a->until == SM_DAY_NONE || a->from <= a->until);
    if (a->kind == SM_ANNOTATION_ARROW)
        FUZZ_ASSERT(a->npts >= 2 && a->area.nrings == 0);
    else if (a->kind == SM_ANNOTATION_CALLOUT || a->kind == SM_ANNOTATION_TEXT)
        FUZZ_ASSERT(a->npts == 1 && a->text != NULL);
    else
        FUZZ_ASSERT((a->npts == 1) != (a->area.nrings > 0));
    for (size_t k = 0; k < a->npts; k++)
        FUZZ_ASSERT(fabs(a->pts[2 * k]) <= 180 && fabs(a->pts[2 * k + 1]) <= 90);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file("annotations.geojson", data, size);
    sm_annotations *a = NULL;
    sm_error err = { 0 };
    sm_render_opts o = SM_RENDER_OPTS_INIT;
    sm_situation *sit;
    sm_day day;

    if (sm_annotations_load(path, &a, &err) != SM_OK) {
        FUZZ_ASSERT(a == NULL && err.msg[0] != '\0');
        return 0;
    }
    FUZZ_ASSERT(a->n <= SM_ANNOTATIONS_MAX);
    for (size_t i = 0; i < a->n; i++)
        check_one(&a->items[i], i);
    if (sm_annotations_check(a, &style, &err) == SM_OK) {
        sm_day_parse("2017-02-26", &day);
        sit = sm_situation_new(day);
        FUZZ_ASSERT(sit != NULL);
        o.west = 36, o.south = 35, o.east = 39, o.north = 37;
        o.width_px = 400, o.height_px = 300;
        o.style = &style;
        o.fonts = fonts;
        o.one_thread = true;
        o.annotations = a;
        FUZZ_ASSERT(sm_render(sit, &o, fuzz_tmp_path("map.svg"), NULL, &err) == SM_OK);
        sm_situation_free(sit);
    }
    sm_annotations_free(a);
    return 0;
}
