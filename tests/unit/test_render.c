/* SPDX-License-Identifier: MIT */
/* test_render.c - maps: formats, labels without overlaps, the same bytes
 * twice, unknown factions, and refusals that leave old files alone. */
#include "check.h"

#include <libxml/parser.h>
#include <math.h>
#include <sys/stat.h>

#include "render/render_int.h"
#include "sitmap.h"

static const sm_ingest_opts defaults = SM_INGEST_OPTS_INIT;

/* A map of the box w, s, e, n at width x height pixels, the rest as
 * SM_RENDER_OPTS_INIT gives it. */
static sm_render_opts
box_opts(double w, double s, double e, double n, int width, int height, const sm_style *style)
{
    sm_render_opts o = SM_RENDER_OPTS_INIT;

    o.west = w;
    o.south = s;
    o.east = e;
    o.north = n;
    o.width_px = width;
    o.height_px = height;
    o.style = style;
    return o;
}

typedef struct fixture {
    sm_store *db;
    sm_gaz *gaz;
    sm_theatre theatre;
    sm_style style;
    sm_render_opts o;
    sm_day day;
    int window_days;
} fixture;

static bool
setup(fixture *f)
{
    sm_error err = { 0 };

    memset(f, 0, sizeof(*f));
    CHECK(sm_store_open(check_path("t.db"), SM_STORE_CREATE, &f->db, &err) == SM_OK, "db");
    /* the places to label, in the database as `sitmap init` puts them */
    CHECK(sm_gaz_new(&f->gaz, &err) == SM_OK &&
          sm_gaz_load_dir(f->gaz, "gazetteer", NULL, &err) == SM_OK &&
          sm_store_gazetteer_save(f->db, f->gaz, &err) == SM_OK, "gazetteer: %s", err.msg);
    CHECK(sm_ingest_zones(f->db, "examples/zones.geojson", &defaults, NULL, &err) == SM_OK &&
          sm_ingest_control(f->db, "examples/control.csv", &defaults, NULL, &err) == SM_OK &&
          sm_ingest_events(f->db, "examples/events.csv", &defaults, NULL, &err) == SM_OK,
          "examples: %s", err.msg);
    sm_style_defaults(&f->style);
    CHECK(sm_theatre_load("gazetteer/theatres/syria.json", &f->theatre, &err) == SM_OK,
          "theatre: %s", err.msg);
    sm_style_apply_theatre(&f->style, &f->theatre);
    sm_day_parse("2017-01-15", &f->day);
    f->window_days = 7;
    f->o = box_opts(35.5, 32.2, 42.5, 37.4, 1200, 800, &f->style);
    f->o.title = "Test";
    f->o.basemap = "data/basemap.gpkg";
    f->o.country = "SY";
    f->o.country_iso3 = "SYR";
    f->o.disputed = "Syria";
    return err.status == SM_OK;
}

/* The situation on the fixture's day as the map needs it (derived zones cut
 * to the country's border, fronts, the places of the frame), drawn. */
static sm_status
draw(fixture *f, const char *path, sm_render_report *rep, sm_error *err)
{
    sm_situation_opts so = SM_SITUATION_OPTS_INIT;
    sm_mpoly border = SM_MPOLY_INIT;
    sm_situation *sit = NULL;
    sm_frame *frame = NULL;
    sm_status st;

    so.window_days = so.advance_days = f->window_days;
    so.derived_max_km = f->style.derived_max_km;
    so.fronts = f->style.front_px > 0;
    so.front_tolerance_km = f->style.front_tolerance_km;
    so.places = true;
    if (f->o.basemap && sm_render_country("data/basemap.gpkg", "SYR", &border, err) == SM_OK)
        so.clip = &border;
    if ((st = sm_frame_new(&f->o, &frame, err)) == SM_OK) {
        sm_frame_extent(frame, &so.west, &so.south, &so.east, &so.north);
        if ((st = sm_situation_build(f->db, f->day, &so, &sit, err)) == SM_OK)
            st = sm_render_framed(frame, sit, path, rep, err);
    }
    sm_frame_free(frame);
    sm_situation_free(sit);
    sm_mpoly_free(&border);
    return st;
}

static void
teardown(fixture *f)
{
    sm_gaz_free(f->gaz);
    sm_theatre_free(&f->theatre);
    sm_store_close(f->db);
}

static long
file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static char *
slurp(const char *path, long *n)
{
    FILE *f = fopen(path, "rb");
    char *s;

    *n = file_size(path);
    if (f == NULL || *n < 0)
        return NULL;
    s = malloc((size_t)*n + 1);
    if (fread(s, 1, (size_t)*n, f) != (size_t)*n)
        *n = -1;
    s[*n > 0 ? *n : 0] = '\0';
    fclose(f);
    return s;
}

static void
test_every_format_and_no_overlaps(void)
{
    static const char *const ext[] = { "png", "svg", "pdf" };
    fixture f;
    sm_error err = { 0 };

    if (!setup(&f))
        return;
    for (size_t i = 0; i < SM_LEN(ext); i++) {
        char path[512];
        sm_render_report rep;
        snprintf(path, sizeof(path), "%s.%s", check_path("map"), ext[i]);
        CHECK(draw(&f, path, &rep, &err) == SM_OK, "%s: %s", ext[i], err.msg);
        CHECK(file_size(path) > 10000, "%s written (%ld bytes)", ext[i], file_size(path));
        CHECK(rep.labels_placed >= 40 && rep.label_overlaps == 0,
              "%s: %d labels, %d overlaps", ext[i], rep.labels_placed, rep.label_overlaps);
        CHECK(rep.zones >= 5 && rep.control_points > 200 && rep.events > 0,
              "%s: %d zones, %d control points, %d events", ext[i], rep.zones,
              rep.control_points, rep.events);
    }
    teardown(&f);
}

static void
test_same_inputs_same_bytes(void)
{
    static const char *const ext[] = { "png", "svg", "pdf" };
    fixture f;
    sm_error err = { 0 };

    if (!setup(&f))
        return;
    setenv("SOURCE_DATE_EPOCH", "1484438400", 1);  /* the files' time, not the clock's */
    for (size_t i = 0; i < SM_LEN(ext); i++) {
        char a[512], b[512];
        long na, nb;
        char *x, *y;
        snprintf(a, sizeof(a), "%s.%s", check_path("a"), ext[i]);
        snprintf(b, sizeof(b), "%s.%s", check_path("b"), ext[i]);
        draw(&f, a, NULL, &err);
        draw(&f, b, NULL, &err);
        x = slurp(a, &na);
        y = slurp(b, &nb);
        CHECK(x && y && na == nb && memcmp(x, y, (size_t)na) == 0, "%s twice: the same bytes",
              ext[i]);
        free(x);
        free(y);
    }
    unsetenv("SOURCE_DATE_EPOCH");
    teardown(&f);
}

static void
test_svg_is_editable(void)
{
    static const char *const groups[] = { "basemap", "zones", "control", "events", "labels",
                                          "legend", "inset", "title", "scalebar", "credits" };
    fixture f;
    sm_error err = { 0 };
    long n;
    char *svg;

    if (!setup(&f))
        return;
    f.o.lang = SM_LANG_EN_AR;
    draw(&f, check_path("m.svg"), NULL, &err);
    svg = slurp(check_path("m.svg"), &n);
    CHECK(svg != NULL, "written");
    for (size_t i = 0; svg && i < SM_LEN(groups); i++) {
        char g[64];
        snprintf(g, sizeof(g), "<g id=\"%s\" inkscape:groupmode=\"layer\"", groups[i]);
        CHECK(strstr(svg, g) != NULL, "group %s", groups[i]);
    }
    CHECK(svg && strstr(svg, "<text") && strstr(svg, "حلب") && strstr(svg, ">Test</text>") &&
          !strstr(svg, "<image"), "real text, Arabic too, nothing rasterised");
    free(svg);
    teardown(&f);
}

/* Deir ez-Zor on 20 January 2017 (examples/): two government enclaves
 * besieged inside the Islamic State's Euphrates valley, al-Bab contested by
 * Turkey: front lines with teeth around the enclaves, the enclaves ringed in
 * the besieger's colour, al-Bab hatched in both colours as an SVG pattern. */
static void
test_fronts_sieges_and_contested_zones(void)
{
    fixture f;
    sm_error err = { 0 };
    sm_render_report rep;
    long n;
    char *svg, *fronts, *isis_ring, *pattern;

    if (!setup(&f))
        return;
    sm_day_parse("2017-01-20", &f.day);
    f.style.derived_max_km = 0;         /* the zones given as polygons only */
    f.o.west = 36.8;
    f.o.south = 34.8;
    f.o.east = 40.8;
    f.o.north = 36.6;
    CHECK(draw(&f, check_path("m.svg"), &rep, &err) == SM_OK, "%s", err.msg);
    CHECK(rep.fronts == 2, "a front around each enclave, got %d", rep.fronts);
    svg = slurp(check_path("m.svg"), &n);
    fronts = svg ? strstr(svg, "<g id=\"frontlines\" ") : NULL;
    /* a tooth path (filled in the government's outline colour) and a line */
    CHECK(fronts && strstr(fronts, "fill=\"#8e2416\"") &&
              strstr(fronts, "stroke=\"#2b2b2b\" stroke-width=\"1.8\""),
          "teeth in the government's colour and the front's line");
    isis_ring = svg ? strstr(svg, "stroke=\"#111111\" stroke-width=\"3\"") : NULL;
    CHECK(isis_ring != NULL, "an enclave ringed in the Islamic State's outline colour");
    pattern = svg ? strstr(svg, "<pattern id=\"hatch") : NULL;
    CHECK(pattern && strstr(pattern, "fill=\"#2aa39a\"") && strstr(pattern, "fill=\"#3a3a3a\""),
          "al-Bab's pattern holds the Islamic State's and Turkey's colours");
    CHECK(svg && strstr(svg, "fill=\"url(#hatch") && strstr(svg, ">Front line (teeth"),
          "a zone filled with the pattern; the legend explains the front line");
    free(svg);
    teardown(&f);
}

/* The locator inset shows on a map of a part of the country, not of all of it. */
static void
test_inset_locates_a_part(void)
{
    fixture f;
    sm_error err = { 0 };
    sm_render_report rep;

    if (!setup(&f))
        return;
    CHECK(draw(&f, check_path("all.png"), &rep, &err) == SM_OK, "%s", err.msg);
    CHECK(!rep.inset, "no inset on the whole country");
    f.o.west = 36.4;
    f.o.south = 35.7;
    f.o.east = 38.6;
    f.o.north = 36.9;
    CHECK(draw(&f, check_path("aleppo.png"), &rep, &err) == SM_OK, "%s", err.msg);
    CHECK(rep.inset, "an inset on the Aleppo countryside");
    CHECK(rep.labels_placed >= 20 && rep.label_overlaps == 0, "%d labels, %d overlaps",
          rep.labels_placed, rep.label_overlaps);
    f.o.no_inset = true;
    CHECK(draw(&f, check_path("plain.png"), &rep, &err) == SM_OK, "%s", err.msg);
    CHECK(!rep.inset, "--no-inset");
    f.o.no_inset = false;
    f.o.basemap = NULL;
    CHECK(draw(&f, check_path("bare.png"), &rep, &err) == SM_OK, "%s", err.msg);
    CHECK(!rep.inset, "no basemap, no inset");
    teardown(&f);
}

static void
test_unknown_faction_is_drawn_and_named(void)
{
    fixture f;
    sm_error err = { 0 };
    sm_render_report rep;

    if (!setup(&f))
        return;
    f.style.nfactions = 2;                 /* regime and opposition only */
    CHECK(draw(&f, check_path("m.png"), &rep, &err) == SM_OK, "render: %s", err.msg);
    CHECK(strstr(rep.warning, "sdf") && strstr(rep.warning, "isis"),
          "the warning names them: %s", rep.warning);
    teardown(&f);
}

static void
test_refusals_leave_old_files(void)
{
    fixture f;
    sm_error err = { 0 };
    FILE *fp;

    if (!setup(&f))
        return;
    fp = fopen(check_path("old.png"), "w");
    fputs("old", fp);
    fclose(fp);
    CHECK(draw(&f, check_path("m.gif"), NULL, &err) == SM_EUSAGE, "a .gif is refused");
    sm_error_clear(&err);
    f.o.west = 50;
    CHECK(draw(&f, check_path("old.png"), NULL, &err) == SM_EUSAGE &&
          strstr(err.msg, "not a box"), "a reversed box is refused: %s", err.msg);
    CHECK(file_size(check_path("old.png")) == 3, "and the old file is untouched");
    sm_error_clear(&err);
    f.o.west = 35.5;
    f.o.basemap = check_path("missing.gpkg");
    CHECK(draw(&f, check_path("old.png"), NULL, &err) == SM_EIO,
          "a missing basemap fails: %s", err.msg);
    CHECK(file_size(check_path("old.png")) == 3, "and the old file is untouched");
    teardown(&f);
}

/* A diamond of radius 6 round (x, y). */
static void
diamond(map *m, dl_layer layer, double x, double y)
{
    static const sm_rgba red = { 0.8, 0.1, 0.1, 1 }, white = { 1, 1, 1, 1 };
    dl_item *it = sm_dl_path(&m->dl, layer, red, white, 1.0f);

    sm_dl_point(&m->dl, it, DL_MOVE, x, y - 6);
    sm_dl_point(&m->dl, it, DL_LINE, x + 6, y);
    sm_dl_point(&m->dl, it, DL_LINE, x, y + 6);
    sm_dl_point(&m->dl, it, DL_LINE, x - 6, y);
    sm_dl_point(&m->dl, it, DL_CLOSE, x, y - 6);
}

/* An event symbol copied from its sprite looks as the same path drawn in
 * place, moved to the whole pixel (an inset's path is never a sprite, and
 * is antialiased as finely). */
static void
test_sprite_matches_the_path(void)
{
    map m = { 0 };
    sm_error err = { 0 };
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 80);
    cairo_t *cr = cairo_create(img);
    unsigned char *px;
    int stride, worst = 0;

    cairo_set_source_rgb(cr, 0.9, 0.9, 0.8);
    cairo_paint(cr);
    diamond(&m, DL_EVENTS, 40.3, 40.2);   /* its box starts at 34.3, 34.2: drawn at 34, 34 */
    diamond(&m, DL_EVENTS, 100.3, 40.2);  /* the same shape, from the cache */
    diamond(&m, DL_INSET, 160, 40);       /* drawn directly where the sprites land */
    CHECK(sm_dl_to_cairo(&m, cr, 0, &err) == SM_OK, "%s", err.msg);
    cairo_surface_flush(img);
    px = cairo_image_surface_get_data(img);
    stride = cairo_image_surface_get_stride(img);
    for (int y = 30; y < 51; y++)
        for (int x = -10; x < 11; x++)
            for (int c = 0; c < 3; c++) {
                int direct = px[y * stride + (160 + x) * 4 + c];
                int a = abs(px[y * stride + (40 + x) * 4 + c] - direct);
                int b = abs(px[y * stride + (100 + x) * 4 + c] - direct);
                worst = a > worst ? a : b > worst ? b : worst;
            }
    CHECK(worst <= 2, "sprites differ from the path by %d levels", worst);
    CHECK(px[40 * stride + 40 * 4 + 2] > 150 && px[40 * stride + 40 * 4 + 1] < 60,
          "the sprite is drawn (red at its centre)");
    cairo_destroy(cr);
    cairo_surface_destroy(img);
    sm_dl_free(&m.dl);
}

/* Two symbols whose shapes differ by less than the cache's 1/16 px (one
 * corner 0.03 px further out) share a sprite; its image is the same
 * whichever comes first, so a map drawn whole or in bands (each with its
 * own cache) has the same pixels. */
static void
test_sprites_do_not_depend_on_the_first_use(void)
{
    unsigned char *img[2];
    cairo_surface_t *s[2];

    for (int order = 0; order < 2; order++) {
        map m = { 0 };
        sm_error err = { 0 };
        cairo_t *cr;

        s[order] = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 160, 80);
        cr = cairo_create(s[order]);
        for (int k = 0; k < 2; k++) {
            static const sm_rgba red = { 0.8, 0.1, 0.1, 1 }, white = { 1, 1, 1, 1 };
            dl_item *it = sm_dl_path(&m.dl, DL_EVENTS, red, white, 1.0f);
            double x = k ? 100.3 : 40.3, out = (k == order) ? 0.03 : 0;

            sm_dl_point(&m.dl, it, DL_MOVE, x, 40.2 - 6);
            sm_dl_point(&m.dl, it, DL_LINE, x + 6 + out, 40.2);
            sm_dl_point(&m.dl, it, DL_LINE, x, 40.2 + 6);
            sm_dl_point(&m.dl, it, DL_LINE, x - 6, 40.2);
            sm_dl_point(&m.dl, it, DL_CLOSE, x, 40.2 - 6);
        }
        CHECK(sm_dl_to_cairo(&m, cr, 0, &err) == SM_OK, "%s", err.msg);
        cairo_destroy(cr);
        cairo_surface_flush(s[order]);
        img[order] = cairo_image_surface_get_data(s[order]);
        sm_dl_free(&m.dl);
    }
    CHECK(memcmp(img[0], img[1], (size_t)cairo_image_surface_get_stride(s[0]) * 80) == 0,
          "the same pixels in either order");
    cairo_surface_destroy(s[0]);
    cairo_surface_destroy(s[1]);
}

/* A label drawn onto grey: its text (dark), and its halo (light) round it,
 * reaching its radius and a little more past the text's ink on every side;
 * the same pixels drawn whole or in bands whose boundaries cut through the
 * text (each band grows the halo from its own mask). */
static void
halo_label(const sm_style *style, sm_fonts *fonts, cairo_surface_t *img, int band_rows)
{
    static const sm_rgba ink = { 0.1, 0.1, 0.1, 1 }, light = { 1, 1, 1, 0.9 };
    int h = cairo_image_surface_get_height(img);
    map m = { .s = style };
    sm_error err = { 0 };
    dl_item *it;

    sm_map__use_fonts(&m, fonts);
    it = sm_dl_text(&m.dl, DL_LABELS, "Hamah \u062d\u0645\u0627\u0629", 20.3, 12.6, 20, ink,
                    true);
    CHECK(it != NULL, "a label");
    it->halo_px = 2;
    it->stroke = light;
    for (int y0 = 0; y0 < h; y0 += band_rows) {
        cairo_t *cr = cairo_create(img);
        cairo_rectangle(cr, 0, y0, cairo_image_surface_get_width(img), band_rows);
        cairo_clip(cr);
        CHECK(sm_dl_to_cairo(&m, cr, 0, &err) == SM_OK, "%s", err.msg);
        cairo_destroy(cr);
    }
    cairo_surface_flush(img);
    sm_dl_free(&m.dl);
}

static void
test_a_halo_round_the_glyphs(void)
{
    sm_style style;
    sm_fonts *fonts = NULL;
    sm_error err = { 0 };
    cairo_surface_t *img[2];
    int tx0 = 1000, ty0 = 1000, tx1 = -1, ty1 = -1, hx0 = 1000, hy0 = 1000, hx1 = -1, hy1 = -1;

    sm_style_defaults(&style);
    CHECK(sm_fonts_new(&style, &fonts, &err) == SM_OK, "%s", err.msg);
    for (int i = 0; i < 2; i++) {
        cairo_t *cr;
        img[i] = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 260, 60);
        cr = cairo_create(img[i]);
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        cairo_paint(cr);
        cairo_destroy(cr);
        halo_label(&style, fonts, img[i], i ? 25 : 60);
    }
    CHECK(memcmp(cairo_image_surface_get_data(img[0]), cairo_image_surface_get_data(img[1]),
                 (size_t)cairo_image_surface_get_stride(img[0]) * 60) == 0,
          "the same pixels whole and in bands");
    for (int y = 0; y < 60; y++)
        for (int x = 0; x < 260; x++) {
            const unsigned char *p =
                cairo_image_surface_get_data(img[0]) + y * cairo_image_surface_get_stride(img[0]) +
                x * 4;
            if (p[1] < 60) {                    /* the text's ink */
                tx0 = x < tx0 ? x : tx0, ty0 = y < ty0 ? y : ty0;
                tx1 = x > tx1 ? x : tx1, ty1 = y > ty1 ? y : ty1;
            }
            if (p[1] > 0x80) {                  /* lighter than the grey: the halo */
                hx0 = x < hx0 ? x : hx0, hy0 = y < hy0 ? y : hy0;
                hx1 = x > hx1 ? x : hx1, hy1 = y > hy1 ? y : hy1;
            }
        }
    CHECK(tx1 > tx0 + 60 && ty1 > ty0 + 8, "the text is drawn (%d..%d, %d..%d)", tx0, tx1, ty0,
          ty1);
    /* its radius (2), its soft edge (1.25) and the glyphs' antialiased one */
    CHECK(tx0 - hx0 >= 2 && tx0 - hx0 <= 5 && hx1 - tx1 >= 2 && hx1 - tx1 <= 5 &&
              ty0 - hy0 >= 2 && ty0 - hy0 <= 5 && hy1 - ty1 >= 2 && hy1 - ty1 <= 5,
          "the halo reaches 2-5 px past the ink on every side (%d %d %d %d)", tx0 - hx0,
          hx1 - tx1, ty0 - hy0, hy1 - ty1);
    cairo_surface_destroy(img[0]);
    cairo_surface_destroy(img[1]);
    sm_fonts_free(fonts);
}

/* A square of side 2r round (x, y) in a colour, without outline. */
static void
square(map *m, dl_layer layer, double x, double y, double r, sm_rgba c)
{
    static const sm_rgba none = { 0, 0, 0, 0 };
    dl_item *it = sm_dl_path(&m->dl, layer, c, none, 0);

    sm_dl_point(&m->dl, it, DL_MOVE, x - r, y - r);
    sm_dl_point(&m->dl, it, DL_LINE, x + r, y - r);
    sm_dl_point(&m->dl, it, DL_LINE, x + r, y + r);
    sm_dl_point(&m->dl, it, DL_LINE, x - r, y + r);
    sm_dl_point(&m->dl, it, DL_CLOSE, x - r, y - r);
}

/* The image the underlay drew, the other layers drawn over it as the PNG
 * output does, as 0xRRGGBB pixels (freed with sm_render__image_free). */
static uint32_t *
underlay_image(map *m)
{
    dl_layer first;
    int stride = m->o->width_px * 4;
    unsigned char *data = sm_render__underlay_take(m, &first);
    cairo_surface_t *img = cairo_image_surface_create_for_data(
        data, CAIRO_FORMAT_RGB24, m->o->width_px, m->o->height_px, stride);
    cairo_t *cr = cairo_create(img);
    sm_error err = { 0 };

    CHECK(sm_dl_to_cairo(m, cr, first, &err) == SM_OK, "%s", err.msg);
    cairo_destroy(cr);
    cairo_surface_flush(img);
    cairo_surface_destroy(img);
    for (int i = 0; i < m->o->width_px * m->o->height_px; i++)
        ((uint32_t *)(void *)data)[i] &= 0xffffff;
    return (uint32_t *)(void *)data;
}

/* Layers handed to the underlay thread as phases finish are drawn under
 * the later ones; an item added to a layer already handed over (which no
 * phase does) makes the output draw every layer again, in order. */
static void
test_underlay_keeps_the_layers_in_order(void)
{
    static const sm_rgba blue = { 0, 0, 1, 1 }, red = { 1, 0, 0, 1 }, green = { 0, 1, 0, 1 };
    sm_render_opts o = box_opts(0, 0, 0, 0, 120, 100, NULL);

    for (int late = 0; late < 2; late++) {
        map m = { .o = &o };
        uint32_t *px;

        square(&m, DL_BASEMAP, 60, 50, 40, blue);
        sm_render__underlay(&m, DL_ZONES);
        CHECK(m.underlay == NULL && m.dl.sealed_below == 0, "not started: nothing handed over");
        sm_render__underlay_start(&m, NULL, false, 0);
        sm_render__underlay(&m, DL_ZONES);
        square(&m, DL_EVENTS, 60, 50, 10, red);
        sm_render__underlay(&m, DL_LABELS);
        CHECK(m.underlay != NULL && m.dl.sealed_below == DL_LABELS, "two layers handed over");
        square(&m, DL_LABELS, 100, 10, 5, green);
        if (late)
            square(&m, DL_BASEMAP, 60, 50, 20, green);   /* under the events */
        CHECK(m.dl.late == (late == 1), "an item added below what was handed over is late");
        px = underlay_image(&m);
        CHECK(px[50 * 120 + 60] == 0xff0000, "the events on top");
        CHECK(px[50 * 120 + 45] == (late ? 0x00ff00u : 0x0000ffu),
              "the basemap (and its late item) under them");
        CHECK(px[10 * 120 + 100] == 0x00ff00 && px[5 * 120 + 5] == 0,
              "labels drawn; outside every item the image stays blank");
        sm_render__image_free(&m, (unsigned char *)px);
        CHECK(m.underlay == NULL, "the underlay is gone once taken");
        sm_render__underlay_discard(&m);
        sm_dl_free(&m.dl);
    }
}

/* A square of side 2h degrees round (lon, lat) as a multipolygon. */
static void
square_deg(sm_mpoly *g, double lon, double lat, double h)
{
    const double ring[] = { lon - h, lat - h, lon + h, lat - h, lon + h, lat + h,
                            lon - h, lat + h, lon - h, lat - h };

    sm_mpoly_add_ring(g, ring, 5, true);
}

/* The built-in style defaults with the Syria theatre's factions, for maps
 * of situations made by hand. */
static void
syria_style(sm_style *style)
{
    sm_theatre syria;
    sm_error err = { 0 };

    sm_style_defaults(style);
    CHECK(sm_theatre_load("gazetteer/theatres/syria.json", &syria, &err) == SM_OK, "%s",
          err.msg);
    sm_style_apply_theatre(style, &syria);
    sm_theatre_free(&syria);
}

/* A map from a situation put together by hand, with no database at all:
 * two factions' squares meeting along 37 E (a front line between them), a
 * place and an airstrike there, drawn to SVG. */
static void
test_a_situation_built_by_hand(void)
{
    sm_style style;
    sm_render_opts o = box_opts(35.5, 34.5, 38.5, 36.5, 800, 600, &style);
    sm_sit_zone zone = { .uid = "z", .status = "held" };
    sm_mpoly a = SM_MPOLY_INIT, b = SM_MPOLY_INIT;
    sm_place p = { .id = 1, .name = "Testville", .lat_deg = 35.5, .lon_deg = 36.5,
                   .feature_code = "PPLA", .kind = "city", .country = "SY",
                   .population = 200000 };
    sm_event ev = { .uid = "e1", .type = SM_EVENT_AIRSTRIKE, .place_id = 1, .has_point = true,
                    .lon_deg = 36.5, .lat_deg = 35.5, .fatalities = 3 };
    sm_control hts = { .place = "Hilltop", .faction = "hts", .has_point = true,
                       .lon_deg = 37.8, .lat_deg = 35.2 };
    sm_render_report rep;
    sm_error err = { 0 };
    sm_situation *sit;
    char *svg, *fronts;
    long n;

    o.country = "SY";
    syria_style(&style);
    sm_day_parse("2020-02-01", &ev.day);
    sit = sm_situation_new(ev.day);
    sit->events_from = ev.day - 6;
    square_deg(&a, 36.5, 35.5, 0.5);
    square_deg(&b, 37.5, 35.5, 0.5);
    zone.faction = "regime";
    CHECK(sit && sm_situation_add_zone(sit, &zone, &a, &err) == SM_OK, "%s", err.msg);
    zone.faction = "opposition";
    CHECK(sm_situation_add_zone(sit, &zone, &b, &err) == SM_OK &&
              sm_situation_add_place(sit, &p, &err) == SM_OK &&
              sm_situation_add_event(sit, &ev, &err) == SM_OK &&
              sm_situation_add_control(sit, &hts, &err) == SM_OK &&
              sm_situation_fronts(sit, 0, &err) == SM_OK,
          "%s", err.msg);
    sit->latest = ev.day - 3;              /* the data end three days before */
    CHECK(sit->nzones == 2 && sit->nfronts == 1 && fabs(sit->zones[0].area_km2 - 10000) < 1500,
          "two zones of about 10,000 km2 (%.0f) and a front (%zu)", sit->zones[0].area_km2,
          sit->nfronts);
    CHECK(sm_render(sit, &o, check_path("hand.svg"), &rep, &err) == SM_OK, "%s", err.msg);
    CHECK(rep.zones == 2 && rep.fronts == 1 && rep.events == 1 && rep.labels_placed == 1,
          "2 zones, 1 front, 1 event, 1 label (%d, %d, %d, %d)", rep.zones, rep.fronts,
          rep.events, rep.labels_placed);
    svg = slurp(check_path("hand.svg"), &n);
    fronts = svg ? strstr(svg, "<g id=\"frontlines\" ") : NULL;
    CHECK(svg && strstr(svg, "fill=\"#d6402b\"") && strstr(svg, "fill=\"#4e9a3c\""),
          "each zone in its faction's colour");
    CHECK(fronts && strstr(fronts, "<path"), "the front line drawn");
    CHECK(svg && strstr(svg, ">Testville</text>") && strstr(svg, "Airstrike"),
          "the place named; the airstrike in the legend");
    CHECK(svg && strstr(svg, ">Latest data: 29 January 2020</text>"),
          "the data's end noted under the date");
    CHECK(svg && strstr(svg, "Tahrir al-Sham  (1 place)</text>") &&
              strstr(svg, ">Syrian government and allies") <
                  strstr(svg, ">Syrian opposition") &&
              strstr(svg, ">Syrian opposition") < strstr(svg, ">Hay'at"),
          "the legend in the style's order; one place, not 1 places");
    free(svg);
    sm_mpoly_free(&a);
    sm_mpoly_free(&b);
    sm_situation_free(sit);
}

/* What the SVG draws is named by the data: two zones of one uid (the
 * second's id made unique), two events on one spot (one symbol, both
 * uids), a place's label; the data's odd characters kept out of the ids
 * and escaped in the attributes; the file well-formed XML. */
static void
test_svg_names_what_it_draws(void)
{
    sm_style style;
    sm_render_opts o = box_opts(35.5, 34.5, 38.5, 36.5, 800, 600, &style);
    sm_sit_zone zone = { .uid = "z 1&\"<", .faction = "regime", .status = "held" };
    sm_mpoly a = SM_MPOLY_INIT, b = SM_MPOLY_INIT;
    sm_place p = { .id = 7, .name = "Tést \"ville\" & <co>", .lat_deg = 35.5, .lon_deg = 36.5,
                   .feature_code = "PPLA", .kind = "city", .country = "SY",
                   .population = 200000 };
    sm_event ev = { .uid = "ev<1>&\"x\"", .type = SM_EVENT_AIRSTRIKE, .place_id = 7,
                    .has_point = true, .lon_deg = 36.5, .lat_deg = 35.5, .fatalities = 3 };
    sm_error err = { 0 };
    sm_situation *sit;
    xmlDocPtr doc;
    char *svg, *halo;
    long n;

    syria_style(&style);
    sm_day_parse("2020-02-01", &zone.valid_from);
    zone.valid_to = SM_DAY_OPEN;
    sit = sm_situation_new(zone.valid_from);
    sit->events_from = zone.valid_from - 6;
    square_deg(&a, 36.5, 35.5, 0.5);
    square_deg(&b, 37.5, 35.5, 0.5);
    CHECK(sit && sm_situation_add_zone(sit, &zone, &a, &err) == SM_OK &&
              sm_situation_add_zone(sit, &zone, &b, &err) == SM_OK &&
              sm_situation_add_place(sit, &p, &err) == SM_OK,
          "%s", err.msg);
    ev.day = zone.valid_from - 1;
    CHECK(sm_situation_add_event(sit, &ev, &err) == SM_OK, "%s", err.msg);
    ev.uid = "e2";
    ev.day = zone.valid_from;
    CHECK(sm_situation_add_event(sit, &ev, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_render(sit, &o, check_path("named.svg"), NULL, &err) == SM_OK, "%s", err.msg);
    svg = slurp(check_path("named.svg"), &n);
    CHECK(svg && strstr(svg, "<path id=\"zone-regime-z_1___\" ") &&
              strstr(svg, "<path id=\"zone-regime-z_1___.2\" "),
          "the zones' ids, the second made unique");
    CHECK(svg && strstr(svg, " data-kind=\"zone\" data-faction=\"regime\""
                             " data-zone-id=\"z 1&amp;&quot;&lt;\" data-status=\"held\""
                             " data-date=\"2020-02-01\" d="),
          "a zone's data, escaped; still valid: no last day");
    CHECK(svg && strstr(svg, "<path id=\"event-ev_1___x_\" ") &&
              strstr(svg, " data-event-id=\"ev&lt;1&gt;&amp;&quot;x&quot; e2\""
                          " data-events=\"2\" data-date=\"2020-01-31\""
                          " data-date-to=\"2020-02-01\""),
          "one symbol for both events: the first's id, both uids, their days");
    CHECK(svg && strstr(svg, "<g id=\"place-7\" inkscape:label=\"Tést &quot;ville&quot; &amp;"
                             " &lt;co&gt;\" data-kind=\"place-label\" data-place-id=\"7\""),
          "the label and its dot grouped, named by the place");
    halo = svg ? strstr(svg, " fill=\"none\" stroke=\"#ffffff\" stroke-opacity=\"0.902\""
                             " stroke-width=\"4.4\" stroke-linejoin=\"round\">"
                             "Test &quot;ville&quot; &amp; &lt;co&gt;</text>\n<text ")
               : NULL;
    CHECK(svg && !strstr(svg, "paint-order") && halo &&
              strstr(halo, " fill=\"#1f1f1f\">Test &quot;ville&quot; &amp; &lt;co&gt;</text>\n"
                           "</g>"),
          "the label's halo a stroked copy, the text over it, the two grouped");
    doc = xmlReadFile(check_path("named.svg"), NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    CHECK(doc != NULL, "well-formed XML");
    xmlFreeDoc(doc);
    free(svg);
    sm_mpoly_free(&a);
    sm_mpoly_free(&b);
    sm_situation_free(sit);
}

/* A map's PNG decoded, to read the colour at a longitude and latitude. */
typedef struct picture {
    cairo_surface_t *img;
    sm_frame *frame;            /* its projection */
} picture;

static bool
picture_open(picture *p, const sm_render_opts *o, const char *png)
{
    sm_error err = { 0 };

    p->img = cairo_image_surface_create_from_png(png);
    CHECK(cairo_surface_status(p->img) == CAIRO_STATUS_SUCCESS, "%s decoded", png);
    CHECK(sm_frame_new(o, &p->frame, &err) == SM_OK, "%s", err.msg);
    return cairo_surface_status(p->img) == CAIRO_STATUS_SUCCESS && p->frame;
}

/* 0xRRGGBB at lon, lat, or -1 outside the picture. */
static long
picture_at(const picture *p, double lon, double lat)
{
    int w = cairo_image_surface_get_width(p->img), h = cairo_image_surface_get_height(p->img);
    const unsigned char *d = cairo_image_surface_get_data(p->img);
    double x, y;
    uint32_t v;

    if (!sm_map__to_px(&p->frame->tpl, lon, lat, &x, &y) || x < 0 || y < 0 || x >= w || y >= h)
        return -1;
    memcpy(&v, d + (size_t)y * (size_t)cairo_image_surface_get_stride(p->img) + (size_t)x * 4,
           sizeof(v));
    return (long)(v & 0xffffff);
}

static void
picture_close(picture *p)
{
    cairo_surface_destroy(p->img);
    sm_frame_free(p->frame);
}

static long
rgb(sm_rgba c)
{
    return lround(c.r * 255) << 16 | lround(c.g * 255) << 8 | lround(c.b * 255);
}

/* True if two 0xRRGGBB colours are within 3 levels in each channel. */
static bool
same_colour(long a, long b)
{
    for (int shift = 0; shift < 24; shift += 8)
        if (labs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 3)
            return false;
    return true;
}

/* The capital keeps its name among places in the news crowding round it:
 * it is the reader's anchor. Twelve villages with an event each, a few km
 * round it, on a map of the whole country. */
static void
test_the_capital_named_among_the_news(void)
{
    sm_style style;
    sm_render_opts o = box_opts(35.5, 32.3, 42.5, 37.4, 960, 540, &style);
    sm_place cap = { .id = 1, .name = "Capitalia", .lat_deg = 33.51, .lon_deg = 36.29,
                     .feature_code = "PPLC", .kind = "city", .country = "SY",
                     .population = 1700000 };
    sm_error err = { 0 };
    sm_situation *sit;
    sm_day day;
    char *svg;
    long n;

    o.country = "SY";
    syria_style(&style);
    sm_day_parse("2020-02-01", &day);
    sit = sm_situation_new(day);
    sit->events_from = day - 6;
    CHECK(sit && sm_situation_add_place(sit, &cap, &err) == SM_OK, "%s", err.msg);
    for (int k = 0; k < 12; k++) {
        char name[32], uid[8];
        double a = k * M_PI / 6, r = 0.06 + 0.03 * (k % 3);
        sm_place v = { .id = 10 + k, .name = name, .lat_deg = 33.51 + r * sin(a),
                       .lon_deg = 36.29 + r * 1.2 * cos(a), .feature_code = "PPL",
                       .kind = "village", .country = "SY", .population = 20000 };
        sm_event ev = { .uid = uid, .type = SM_EVENT_SHELLING, .place_id = v.id,
                        .has_point = true, .lon_deg = v.lon_deg, .lat_deg = v.lat_deg,
                        .day = day };
        snprintf(name, sizeof(name), "Newsvillage %c", 'A' + k);
        snprintf(uid, sizeof(uid), "e%d", k);
        CHECK(sm_situation_add_place(sit, &v, &err) == SM_OK &&
                  sm_situation_add_event(sit, &ev, &err) == SM_OK,
              "%s", err.msg);
    }
    CHECK(sm_render(sit, &o, check_path("capital.svg"), NULL, &err) == SM_OK, "%s", err.msg);
    svg = slurp(check_path("capital.svg"), &n);
    CHECK(svg && strstr(svg, ">Capitalia</text>"), "the capital named");
    CHECK(svg && strstr(svg, ">Newsvillage"), "and places in the news");
    free(svg);
    sm_situation_free(sit);
}

/* The legend takes the place where it hides least: with an event in each
 * of the three corners it would take (bottom left, bottom right, top
 * right), it goes elsewhere along the edge, and every event stays seen. */
static void
test_the_legend_hides_no_event(void)
{
    sm_style style;
    sm_render_opts o = box_opts(35.5, 34.5, 38.5, 36.5, 800, 600, &style);
    static const double corners[3][2] = { { 35.9, 34.95 }, { 38.1, 34.95 }, { 38.1, 36.6 } };
    sm_sit_zone zone = { .uid = "z", .status = "held", .faction = "regime" };
    sm_mpoly a = SM_MPOLY_INIT;
    sm_error err = { 0 };
    sm_situation *sit;
    sm_day day;
    picture pic;

    o.title = "Where the legend goes";
    syria_style(&style);
    sm_day_parse("2020-02-01", &day);
    sit = sm_situation_new(day);
    sit->events_from = day - 6;
    square_deg(&a, 37.0, 35.5, 0.3);
    CHECK(sit && sm_situation_add_zone(sit, &zone, &a, &err) == SM_OK, "%s", err.msg);
    for (int k = 0; k < 3; k++) {
        char uid[8];
        sm_event ev = { .uid = uid, .type = SM_EVENT_AIRSTRIKE, .has_point = true,
                        .lon_deg = corners[k][0], .lat_deg = corners[k][1], .day = day };
        snprintf(uid, sizeof(uid), "e%d", k);
        CHECK(sm_situation_add_event(sit, &ev, &err) == SM_OK, "%s", err.msg);
    }
    CHECK(sm_render(sit, &o, check_path("legend.png"), NULL, &err) == SM_OK, "%s", err.msg);
    if (picture_open(&pic, &o, check_path("legend.png"))) {
        for (int k = 0; k < 3; k++) {
            long c = picture_at(&pic, corners[k][0], corners[k][1]);
            CHECK(same_colour(c, rgb(style.events[SM_EVENT_AIRSTRIKE])),
                  "the event at %.2f E %.2f N seen (%06lx)", corners[k][0], corners[k][1], c);
        }
        picture_close(&pic);
    }
    sm_mpoly_free(&a);
    sm_situation_free(sit);
}

/* The sea is drawn where the basemap has sea, and nowhere else: Iraq and
 * western Iran east of 44 E are land, the Mediterranean off Syria and the
 * Caspian are sea, and past the basemap's extent (south of 26 N in Saudi
 * Arabia) the map shows the ground in land's colour, not sea. Maps of an
 * empty situation, drawn without a database. */
static void
test_sea_only_where_the_basemap_has_sea(void)
{
    enum { LAND, SEA, GROUND };     /* GROUND: land's colour, nothing drawn */
    static const struct {
        double west, south, east, north;
        struct { double lon, lat; int is; } at[4];
    } maps[] = {
        /* Iraq and Iran: Kirkuk's plain, Diyala, Iranian Kurdistan, Erbil's */
        { 43, 33, 48, 37, { { 44.5, 35.3, LAND }, { 45.0, 34.0, LAND },
                            { 46.6, 35.6, LAND }, { 44.2, 36.4, LAND } } },
        /* Syria, the sea off Lebanon and between Cyprus and Syria */
        { 35.5, 32.2, 42.5, 37.4, { { 35.2, 34.0, SEA }, { 35.2, 34.9, SEA },
                                    { 38.5, 35.0, LAND }, { 40.5, 33.5, LAND } } },
        /* the Caspian off Azerbaijan */
        { 48, 38.5, 52, 42, { { 50.5, 40.5, SEA }, { 51.0, 39.0, SEA },
                              { 48.3, 40.0, LAND }, { 48.3, 41.0, LAND } } },
        /* northern Saudi Arabia, and south of 26 N, past the basemap */
        { 38.5, 24, 44.5, 28, { { 41.0, 27.5, LAND }, { 39.5, 27.0, LAND },
                                { 41.5, 25.0, GROUND }, { 43.0, 24.5, GROUND } } },
    };
    sm_style style;
    sm_day day;
    sm_situation *sit;
    sm_error err = { 0 };

    sm_style_defaults(&style);
    sm_day_parse("2017-01-15", &day);
    sit = sm_situation_new(day);
    CHECK(sit != NULL, "an empty situation");
    for (size_t i = 0; sit && i < SM_LEN(maps); i++) {
        sm_render_opts o = box_opts(maps[i].west, maps[i].south, maps[i].east, maps[i].north,
                                    800, 600, &style);
        char path[64];
        picture pic = { 0 };

        o.country = "SY";
        o.country_iso3 = "SYR";
        o.basemap = "data/basemap.gpkg";
        o.no_inset = true;

        snprintf(path, sizeof(path), "sea%zu.png", i);
        CHECK(sm_render(sit, &o, check_path(path), NULL, &err) == SM_OK, "%s", err.msg);
        if (picture_open(&pic, &o, check_path(path)))
            for (int k = 0; k < 4; k++) {
                double lon = maps[i].at[k].lon, lat = maps[i].at[k].lat;
                long c = picture_at(&pic, lon, lat);
                CHECK(c >= 0, "%g E, %g N is on the map %g,%g,%g,%g", lon, lat, o.west,
                      o.south, o.east, o.north);
                if (maps[i].at[k].is == SEA)
                    CHECK(same_colour(c, rgb(style.sea)), "%g E, %g N is sea: #%06lx, not #%06lx",
                          lon, lat, c, rgb(style.sea));
                else if (maps[i].at[k].is == GROUND)
                    CHECK(same_colour(c, rgb(style.land)),
                          "%g E, %g N, past the basemap, is land's colour: #%06lx, not #%06lx",
                          lon, lat, c, rgb(style.land));
                else
                    CHECK(c >= 0 && !same_colour(c, rgb(style.sea)),
                          "%g E, %g N is land: #%06lx, the sea's colour", lon, lat, c);
            }
        picture_close(&pic);
    }
    sm_situation_free(sit);
}

/* The PNG's rows are made over the image's own memory, four pixels at a
 * time and then one by one, and deflated as one stream: at widths that leave
 * 1, 2 and 3 pixels after the fours, and heights of one band and of four,
 * the file decodes (libpng checks the stream's length and its Adler-32) to the
 * size asked for; where the furniture leaves room for the map, the sea and
 * the land are where they are. */
static void
test_png_rows_at_any_width(void)
{
    static const struct { int w, h; bool map; } sizes[] = {
        { 333, 257, true }, { 502, 301, true }, { 655, 401, true },
        { 102, 100, false }, { 1003, 130, false },
    };
    sm_style style;
    sm_day day;
    sm_situation *sit;
    sm_error err = { 0 };

    sm_style_defaults(&style);
    sm_day_parse("2017-01-15", &day);
    sit = sm_situation_new(day);
    CHECK(sit != NULL, "an empty situation");
    for (size_t i = 0; sit && i < SM_LEN(sizes); i++) {
        sm_render_opts o = box_opts(34.5, 33.0, 41.0, 36.5, sizes[i].w, sizes[i].h, &style);
        char path[64];
        picture pic = { 0 };
        long sea, land;

        o.country = "SY";
        o.country_iso3 = "SYR";
        o.basemap = "data/basemap.gpkg";
        o.no_inset = true;
        snprintf(path, sizeof(path), "rows%zu.png", i);
        CHECK(sm_render(sit, &o, check_path(path), NULL, &err) == SM_OK, "%s", err.msg);
        if (!picture_open(&pic, &o, check_path(path))) {
            picture_close(&pic);
            continue;
        }
        CHECK(cairo_image_surface_get_width(pic.img) == sizes[i].w &&
                  cairo_image_surface_get_height(pic.img) == sizes[i].h,
              "%s is %dx%d, not %dx%d", path, cairo_image_surface_get_width(pic.img),
              cairo_image_surface_get_height(pic.img), sizes[i].w, sizes[i].h);
        /* two points of sea of three (a label may cover one) */
        sea = same_colour(picture_at(&pic, 35.2, 34.0), rgb(style.sea)) +
              same_colour(picture_at(&pic, 35.0, 34.5), rgb(style.sea)) +
              same_colour(picture_at(&pic, 35.3, 35.0), rgb(style.sea));
        land = picture_at(&pic, 39.0, 35.0);
        if (sizes[i].map) {
            CHECK(sea >= 2, "%s: %ld of 3 points off the coast are sea", path, sea);
            CHECK(land >= 0 && !same_colour(land, rgb(style.sea)), "%s: 39 E, 35 N is land: #%06lx",
                  path, land);
        }
        picture_close(&pic);
    }
    sm_situation_free(sit);
}

/* Maps drawn in one frame, one after another (each starting from a copy of
 * the frame's basemap image), a map that takes the frame's image, and maps
 * drawn on the calling thread alone: the same bytes. */
static void
test_a_frame_serves_many_maps_the_same(void)
{
    static const char *const names[] = { "once.png", "first.png", "second.png", "alone.png" };
    sm_situation_opts so = SM_SITUATION_OPTS_INIT;
    sm_situation *sit = NULL;
    sm_frame *frame = NULL;
    sm_error err = { 0 };
    char *ref = NULL;
    long nref = 0;
    fixture f;

    if (!setup(&f))
        return;
    setenv("SOURCE_DATE_EPOCH", "1484438400", 1);  /* maps made seconds apart */
    so.window_days = so.advance_days = 7;
    so.fronts = true;
    so.derived_max_km = f.style.derived_max_km;
    so.front_tolerance_km = f.style.front_tolerance_km;
    so.one_thread = true;
    CHECK(sm_situation_build(f.db, f.day, &so, &sit, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_render(sit, &f.o, check_path(names[0]), NULL, &err) == SM_OK, "%s", err.msg);
    CHECK(sm_frame_new(&f.o, &frame, &err) == SM_OK, "%s", err.msg);
    for (int i = 1; frame && i < 3; i++)
        CHECK(sm_render_framed(frame, sit, check_path(names[i]), NULL, &err) == SM_OK, "%s",
              err.msg);
    f.o.one_thread = true;
    CHECK(sm_render(sit, &f.o, check_path(names[3]), NULL, &err) == SM_OK, "%s", err.msg);
    ref = slurp(check_path(names[0]), &nref);
    for (size_t i = 1; i < SM_LEN(names); i++) {
        long n;
        char *png = slurp(check_path(names[i]), &n);
        CHECK(ref && png && n == nref && memcmp(ref, png, (size_t)n) == 0,
              "%s has the bytes of %s", names[i], names[0]);
        free(png);
    }
    free(ref);
    sm_frame_free(frame);
    sm_situation_free(sit);
    unsetenv("SOURCE_DATE_EPOCH");
    teardown(&f);
}

/* The text of PNG chunk `key` (tEXt, or uncompressed iTXt) in png[0..n),
 * into out; false when there is none. */
static bool
png_text(const char *png, long n, const char *key, char *out, size_t cap)
{
    for (long i = 8; i + 12 <= n;) {
        const unsigned char *p = (const unsigned char *)png + i;
        long len = (long)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
        const char *body = png + i + 8, *end = body + len;
        size_t klen = strlen(key);
        if (len < 0 || i + 12 + len > n)
            return false;
        if ((!memcmp(p + 4, "tEXt", 4) || !memcmp(p + 4, "iTXt", 4)) && len > (long)klen &&
            memcmp(body, key, klen + 1) == 0) {
            const char *t = body + klen + 1;
            if (p[4] == 'i') {              /* compression flag, method, language, key */
                if (t[0] != 0)
                    return false;
                t += 2;
                t += strnlen(t, (size_t)(end - t)) + 1;
                t += strnlen(t, (size_t)(end - t)) + 1;
            }
            snprintf(out, cap, "%.*s", (int)(end - t), t);
            return true;
        }
        i += 12 + len;
    }
    return false;
}

/* What the files say of themselves: the title, the description (alt text)
 * in PNG's iTXt and SVG's <desc>, escaped; the sources with the publisher's
 * credit; the time the file was made, SOURCE_DATE_EPOCH's when set, the
 * clock's when not. */
static void
test_files_say_what_they_hold(void)
{
    sm_style style;
    sm_render_opts o;
    sm_situation *sit;
    sm_error err = { 0 };
    char text[2048];
    long n;
    char *png, *svg;
    time_t before, after;
    sm_day day;

    sm_style_defaults(&style);
    o = box_opts(36.5, 35.5, 38.5, 36.8, 400, 300, &style);
    o.title = "Aleppo <north>";
    o.own_credit = "Graphic: J. Doe";
    o.description = "Zones of control round Aleppo; \"east\" & west \xd8\xad\xd9\x84\xd8\xa8";
    sm_day_parse("2016-12-12", &day);
    sit = sm_situation_new(day);
    setenv("SOURCE_DATE_EPOCH", "1481500000", 1);
    CHECK(sm_render(sit, &o, check_path("m.png"), NULL, &err) == SM_OK &&
              sm_render(sit, &o, check_path("m.svg"), NULL, &err) == SM_OK,
          "%s", err.msg);
    png = slurp(check_path("m.png"), &n);
    CHECK(png && png_text(png, n, "Title", text, sizeof(text)) && !strcmp(text, o.title),
          "Title: %s", text);
    CHECK(png && png_text(png, n, "Description", text, sizeof(text)) &&
              !strcmp(text, o.description), "Description: %s", text);
    CHECK(png && png_text(png, n, "Source", text, sizeof(text)) &&
              !strncmp(text, "Graphic: J. Doe. Sources: ", 26) && strstr(text, "Natural Earth"),
          "Source: %s", text);
    CHECK(png && png_text(png, n, "Software", text, sizeof(text)) &&
              !strncmp(text, "sitmap ", 7), "Software: %s", text);
    CHECK(png && png_text(png, n, "Creation Time", text, sizeof(text)) &&
              !strcmp(text, "2016-12-11T23:46:40Z"), "Creation Time: %s", text);
    free(png);
    svg = slurp(check_path("m.svg"), &n);
    CHECK(svg && strstr(svg, "<title>Aleppo &lt;north&gt;</title>\n<desc>Zones of control round"
                             " Aleppo; &quot;east&quot; &amp; west \xd8\xad\xd9\x84\xd8\xa8</desc>"),
          "SVG: <title> and <desc> escaped");
    CHECK(svg && strstr(svg, "<title>") < strstr(svg, "<g "), "SVG: the title first");
    free(svg);
    unsetenv("SOURCE_DATE_EPOCH");
    o.description = NULL;
    o.title = NULL;
    before = time(NULL);
    CHECK(sm_render(sit, &o, check_path("now.png"), NULL, &err) == SM_OK, "%s", err.msg);
    after = time(NULL);
    png = slurp(check_path("now.png"), &n);
    CHECK(png && !png_text(png, n, "Description", text, sizeof(text)), "no description");
    CHECK(png && png_text(png, n, "Title", text, sizeof(text)) &&
              !strcmp(text, "Situation as of 12 December 2016"), "untitled: %s", text);
    CHECK(png && png_text(png, n, "Creation Time", text, sizeof(text)), "a creation time");
    {
        struct tm tm = { 0 };
        char *end = strptime(text, "%Y-%m-%dT%H:%M:%SZ", &tm);
        time_t t = end && *end == '\0' ? timegm(&tm) : 0;
        CHECK(t >= before && t <= after, "without SOURCE_DATE_EPOCH, now: %s", text);
    }
    free(png);
    setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
    CHECK(sm_render(sit, &o, check_path("bad.png"), NULL, &err) == SM_EUSAGE &&
              strstr(err.msg, "SOURCE_DATE_EPOCH \"yesterday\""), "refused: %s", err.msg);
    CHECK(file_size(check_path("bad.png")) < 0, "nothing written");
    unsetenv("SOURCE_DATE_EPOCH");
    sm_situation_free(sit);
}

/* The new texts' limits, checked before anything is drawn. */
static void
test_furniture_texts_checked(void)
{
    sm_style style;
    sm_render_opts o;
    sm_frame *f = NULL;
    sm_error err = { 0 };
    char long_text[SM_RENDER_TEXT_MAX + 2];

    sm_style_defaults(&style);
    o = box_opts(36.5, 35.5, 38.5, 36.8, 400, 300, &style);
    memset(long_text, 'x', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    o.own_credit = long_text;
    CHECK(sm_frame_new(&o, &f, &err) == SM_EUSAGE && f == NULL &&
              strstr(err.msg, "the credit line: 201 bytes, want at most 200"), "%s", err.msg);
    o.own_credit = "Graphic \xff";
    err = (sm_error){ 0 };
    CHECK(sm_frame_new(&o, &f, &err) == SM_EUSAGE && strstr(err.msg, "not UTF-8 at byte 9"),
          "%s", err.msg);
    o.own_credit = NULL;
    o.date_format = "%H:%M";
    err = (sm_error){ 0 };
    CHECK(sm_frame_new(&o, &f, &err) == SM_EUSAGE && strstr(err.msg, "date format \"%H:%M\""),
          "%s", err.msg);
    o.date_format = "%A %A %A %A %A %A %A %A %A %A %A %A";
    err = (sm_error){ 0 };
    CHECK(sm_frame_new(&o, &f, &err) == SM_EUSAGE, "a format too long once written: %s",
          err.msg);
    o.date_format = "ap";
    err = (sm_error){ 0 };
    CHECK(sm_frame_new(&o, &f, &err) == SM_OK, "%s", err.msg);
    sm_frame_free(f);
}

/* A map of a made-up theatre (tests/data/theatre_lebanon.json: Lebanon,
 * two made-up factions, three made-up places): its region framed, its
 * country drawn as the subject, zones derived from the control of its
 * places in its factions' colours and named by its legend, its places named
 * (two villages because events name them), its credit line. */
static void
test_a_map_of_another_theatre(void)
{
    sm_theatre t;
    sm_style style;
    sm_gaz *gaz = NULL;
    sm_store *db = NULL;
    sm_frame *frame = NULL;
    sm_situation *sit = NULL;
    sm_situation_opts so = SM_SITUATION_OPTS_INIT;
    sm_render_opts o = box_opts(0, 0, 0, 0, 900, 900, &style);
    sm_mpoly border = SM_MPOLY_INIT;
    const sm_theatre_region *r;
    sm_render_report rep;
    sm_error err = { 0 };
    sm_day day;
    char *svg = NULL, *base;
    long n;
    FILE *fp = fopen(check_path("lb-control.csv"), "w");

    o.basemap = "data/basemap.gpkg";
    fputs("place,faction,date,lat,lon\nKfar Sitmapiyeh,blue,2020-01-01,33.85,35.72\n"
          "Deir Testiyeh,amber,2020-01-01,34.21,35.88\nAin Fixtura,blue,2020-01-01,33.47,35.52\n",
          fp);
    fclose(fp);
    sm_day_parse("2020-02-01", &day);
    CHECK(sm_theatre_load(check_data("theatre_lebanon.json"), &t, &err) == SM_OK, "%s", err.msg);
    r = sm_theatre_region_find(&t, t.default_region);
    CHECK(r != NULL, "its default region");
    sm_style_defaults(&style);
    sm_style_apply_theatre(&style, &t);
    CHECK(style.nfactions == 2, "the style takes its two factions (%d)", style.nfactions);
    CHECK(sm_store_open(check_path("lb.db"), SM_STORE_CREATE, &db, &err) == SM_OK &&
              sm_gaz_new(&gaz, &err) == SM_OK && sm_gaz_set_country(gaz, t.country, &err) == SM_OK &&
              sm_gaz_load_curated(gaz, check_data("theatre_places.tsv"), NULL, &err) == SM_OK &&
              sm_store_gazetteer_save(db, gaz, &err) == SM_OK &&
              sm_ingest_control(db, check_path("lb-control.csv"), &defaults, NULL, &err) == SM_OK,
          "the theatre's gazetteer and control: %s", err.msg);
    if (r == NULL || err.status != SM_OK)
        goto done;
    o.west = r->west, o.south = r->south, o.east = r->east, o.north = r->north;
    o.country = t.country;
    o.country_iso3 = t.country_iso3;
    o.disputed = t.disputed;
    o.credit = t.credit;
    so.derived_max_km = style.derived_max_km;
    so.fronts = true;
    so.places = true;
    so.country = t.country;
    CHECK(sm_render_country(o.basemap, t.country_iso3, &border, &err) == SM_OK &&
              border.nrings > 0, "the basemap has its country: %s", err.msg);
    so.clip = &border;
    CHECK(sm_frame_new(&o, &frame, &err) == SM_OK, "%s", err.msg);
    if (frame == NULL)
        goto done;
    sm_frame_extent(frame, &so.west, &so.south, &so.east, &so.north);
    CHECK(sm_situation_build(db, day, &so, &sit, &err) == SM_OK, "%s", err.msg);
    if (sit == NULL)
        goto done;
    CHECK(sit->nzones == 2 && sit->ngiven == 0 && sit->nplaces >= 3,
          "two derived zones, the three places (%zu, %zu)", sit->nzones, sit->nplaces);
    CHECK(sm_render_framed(frame, sit, check_path("lebanon.svg"), &rep, &err) == SM_OK, "%s",
          err.msg);
    svg = slurp(check_path("lebanon.svg"), &n);
    base = svg ? strstr(svg, "<g id=\"basemap\" ") : NULL;
    CHECK(base && strstr(base, "fill=\"#ede7da\""), "its country drawn as the subject");
    CHECK(svg && strstr(svg, "fill=\"#3366cc\"") && strstr(svg, "fill=\"#e6a01e\"") &&
              strstr(svg, ">Blue Coalition") && strstr(svg, ">Amber Front"),
          "its factions' colours and names");
    CHECK(svg && strstr(svg, ">Kfar Sitmapiyeh</text>") && rep.labels_placed == 1,
          "its town named (%d labels)", rep.labels_placed);
    CHECK(svg && strstr(svg, "made up for the tests"), "its credit line");
done:
    free(svg);
    sm_situation_free(sit);
    sm_frame_free(frame);
    sm_mpoly_free(&border);
    sm_gaz_free(gaz);
    sm_store_close(db);
    sm_theatre_free(&t);
}

/* The title block does not move the map: with or without a title or a
 * subtitle, the frame shows the same box. */
static void
test_the_title_block_does_not_move_the_map(void)
{
    sm_style style;
    sm_render_opts o = box_opts(36.1, 35.3, 37.2, 36.3, 1200, 675, &style);
    double ext[3][4];
    sm_error err = { 0 };

    sm_style_defaults(&style);
    for (int k = 0; k < 3; k++) {
        sm_frame *f = NULL;
        o.title = k > 0 ? "Idlib" : NULL;
        o.subtitle = k > 1 ? "The last rebel province, a long subtitle" : NULL;
        CHECK(sm_frame_new(&o, &f, &err) == SM_OK, "%s", err.msg);
        if (f)
            sm_frame_extent(f, &ext[k][0], &ext[k][1], &ext[k][2], &ext[k][3]);
        sm_frame_free(f);
    }
    CHECK(memcmp(ext[0], ext[1], sizeof(ext[0])) == 0 &&
              memcmp(ext[1], ext[2], sizeof(ext[0])) == 0,
          "the same box: %.4f,%.4f,%.4f,%.4f / %.4f,%.4f,%.4f,%.4f", ext[0][0], ext[0][1],
          ext[0][2], ext[0][3], ext[2][0], ext[2][1], ext[2][2], ext[2][3]);
}

/* The text of the n-th <text> element from p on (0 the first) into out;
 * NULL when there is none. */
static const char *
nth_text(const char *p, int n, char *out, size_t cap)
{
    for (int i = 0; p && (p = strstr(p, "<text ")) != NULL; i++, p++) {
        const char *t = strchr(p, '>'), *e = t ? strstr(t, "</text>") : NULL;
        if (i == n && e) {
            snprintf(out, cap, "%.*s", (int)(e - t - 1), t + 1);
            return p;
        }
    }
    return NULL;
}

/* A headline wider than the page: on a wide page it breaks into two lines
 * at the style's size, its panel inside the margins (it ran off the page's
 * right edge); on a tall one (the title on the band above the map, made
 * for one line) it is set smaller. A short title keeps one line at the
 * style's size. */
static void
test_a_long_title_fits_the_page(void)
{
    static const char long_title[] = "Syria: who controls what after the fall of eastern Aleppo";
    static const struct {
        int w, h;
        const char *title;
        int lines;
        bool smaller;
    } cases[] = {
        { 900, 500, long_title, 2, false },
        { 600, 1000, long_title, 1, true },
        { 900, 500, "Idlib", 1, false },
    };
    fixture f;

    if (!setup(&f))
        return;
    for (size_t i = 0; i < SM_LEN(cases); i++) {
        sm_error err = { 0 };
        char *svg, *g, first[256] = "", second[256] = "", joined[600];
        const char *text;
        double size = 0, x0 = 0, y0 = 0, x1 = 0;
        long n;

        f.o.width_px = cases[i].w;
        f.o.height_px = cases[i].h;
        f.o.title = cases[i].title;
        CHECK(draw(&f, check_path("title.svg"), NULL, &err) == SM_OK, "%s", err.msg);
        svg = slurp(check_path("title.svg"), &n);
        g = svg ? strstr(svg, "<g id=\"title\"") : NULL;
        text = nth_text(g, 0, first, sizeof(first));
        nth_text(g, 1, second, sizeof(second));
        snprintf(joined, sizeof(joined), "%s %s", first, second);
        CHECK(text && strstr(text, "font-size=\"") &&
                  sscanf(strstr(text, "font-size=\"") + 11, "%lf", &size) == 1,
              "case %zu: the title's size", i);
        if (cases[i].lines == 2)
            CHECK(strcmp(joined, cases[i].title) == 0 && strlen(first) > 10 &&
                      strlen(second) > 10,
                  "case %zu: in two lines: \"%s\" and \"%s\"", i, first, second);
        else
            CHECK(strcmp(first, cases[i].title) == 0, "case %zu: in one line: %s", i, first);
        if (cases[i].smaller)
            CHECK(size > 0.5 * f.style.title_px && size < f.style.title_px,
                  "case %zu: %dx%d: set at %g px, smaller than the style's %g", i, cases[i].w,
                  cases[i].h, size, f.style.title_px);
        else
            CHECK(size == f.style.title_px, "case %zu: the style's size %g, got %g", i,
                  f.style.title_px, size);
        if (cases[i].h < cases[i].w) {
            const char *path = g ? strstr(g, "<path d=\"M") : NULL;
            CHECK(path && sscanf(path + 10, "%lf %lfL%lf", &x0, &y0, &x1) == 3 &&
                      x1 <= cases[i].w - f.style.margin_px + 0.5,
                  "case %zu: the panel ends at %.1f, inside the page's %d less its margin", i,
                  x1, cases[i].w);
        }
        free(svg);
    }
    teardown(&f);
}

/* Points project through the frame's grid to within 0.05 px of where PROJ
 * puts them, on a country map, a city map and a map of the whole region;
 * points off the grid go to PROJ itself. */
static void
test_the_projection_grid_keeps_to_proj(void)
{
    static const double boxes[3][4] = { { 35.5, 32.3, 42.5, 37.4 },
                                        { 36.05, 36.1, 36.3, 36.3 },
                                        { 25, 26, 52, 43 } };
    sm_style style;
    sm_error err = { 0 };
    uint32_t seed = 12345;

    sm_style_defaults(&style);
    for (int b = 0; b < 3; b++) {
        sm_render_opts o = box_opts(boxes[b][0], boxes[b][1], boxes[b][2], boxes[b][3], 1920,
                                    1080, &style);
        sm_frame *f = NULL;
        double w, s, e, n, worst = 0;
        const map *m;

        CHECK(sm_frame_new(&o, &f, &err) == SM_OK, "%s", err.msg);
        if (f == NULL)
            continue;
        m = &f->tpl;
        CHECK(m->approx.nx > 0, "box %d: a grid", b);
        sm_frame_extent(f, &w, &s, &e, &n);
        for (int i = 0; i < 20000; i++) {
            double lon, lat, x, y;
            PJ_COORD c;
            seed = seed * 1664525u + 1013904223u;
            lon = w + (e - w) * (seed >> 8) / 16777216.0;
            seed = seed * 1664525u + 1013904223u;
            lat = s + (n - s) * (seed >> 8) / 16777216.0;
            c = proj_trans(m->to_map, PJ_FWD, proj_coord(lon, lat, 0, 0));
            CHECK(sm_map__to_px(m, lon, lat, &x, &y), "box %d: %g %g projects", b, lon, lat);
            worst = fmax(worst, hypot(x - (c.xy.x - m->x0) * m->scale,
                                      y - (m->y0 - c.xy.y) * m->scale));
        }
        CHECK(worst <= 0.05, "box %d: %.4f px from PROJ at worst", b, worst);
        {
            double x, y;
            PJ_COORD c = proj_trans(m->to_map, PJ_FWD, proj_coord(10, 60, 0, 0));
            CHECK(sm_map__to_px(m, 10, 60, &x, &y) && x == (c.xy.x - m->x0) * m->scale &&
                      y == (m->y0 - c.xy.y) * m->scale,
                  "box %d: off the grid, PROJ's own numbers", b);
        }
        sm_frame_free(f);
    }
}

/* A sarin attack that killed 86 and a two-death airstrike the same day at
 * the same place make one symbol: the chemical attack's, sized by 88 dead,
 * marked 2; the legend lists the chemical attack, not the airstrike it
 * drew no symbol for, and says how grouped symbols read. */
static void
test_a_grouped_symbol_shows_the_gravest(void)
{
    sm_style style;
    sm_render_opts o = box_opts(36.0, 35.0, 37.4, 36.0, 800, 600, &style);
    sm_event sarin = { .uid = "c", .type = SM_EVENT_CHEMICAL, .has_point = true,
                       .lon_deg = 36.6373, .lat_deg = 35.4106, .fatalities = 86 };
    sm_event strike = sarin;
    sm_render_report rep;
    sm_error err = { 0 };
    sm_situation *sit;
    char *svg, *events, *legend;
    long n;

    sm_style_defaults(&style);
    sm_day_parse("2017-04-04", &sarin.day);
    strike.uid = "a";
    strike.type = SM_EVENT_AIRSTRIKE;
    strike.fatalities = 2;
    strike.lon_deg += 0.001;
    strike.day = sarin.day;
    sit = sm_situation_new(sarin.day);
    sit->events_from = sarin.day - 6;
    CHECK(sm_situation_add_event(sit, &strike, &err) == SM_OK &&
              sm_situation_add_event(sit, &sarin, &err) == SM_OK,
          "%s", err.msg);
    CHECK(sm_render(sit, &o, check_path("sarin.svg"), &rep, &err) == SM_OK, "%s", err.msg);
    CHECK(rep.events == 2 && rep.symbols == 1, "two events, one symbol (%d, %d)", rep.events,
          rep.symbols);
    svg = slurp(check_path("sarin.svg"), &n);
    events = svg ? strstr(svg, "<g id=\"events\" ") : NULL;
    legend = svg ? strstr(svg, "<g id=\"legend\" ") : NULL;
    CHECK(events && legend && strstr(events, "fill=\"#5c940d\"") < legend &&
              !(strstr(events, "fill=\"#e8590c\"") && strstr(events, "fill=\"#e8590c\"") < legend),
          "the chemical attack's symbol, not the airstrike's");
    CHECK(events && strstr(events, ">2</text>") && strstr(events, ">2</text>") < legend,
          "marked 2");
    CHECK(legend && strstr(legend, ">Chemical  1</text>") && !strstr(legend, ">Airstrike") &&
              strstr(legend, ">Grouped events show the gravest</text>"),
          "the legend: the chemical attack, and how to read a grouped symbol");
    free(svg);
    sm_situation_free(sit);
}

static const check_case cases[] = {
    { "the_projection_grid_keeps_to_proj", test_the_projection_grid_keeps_to_proj },
    { "a_grouped_symbol_shows_the_gravest", test_a_grouped_symbol_shows_the_gravest },
    { "the_title_block_does_not_move_the_map", test_the_title_block_does_not_move_the_map },
    { "a_long_title_fits_the_page", test_a_long_title_fits_the_page },
    { "a_map_of_another_theatre", test_a_map_of_another_theatre },
    { "a_frame_serves_many_maps_the_same", test_a_frame_serves_many_maps_the_same },
    { "a_situation_built_by_hand", test_a_situation_built_by_hand },
    { "svg_names_what_it_draws", test_svg_names_what_it_draws },
    { "the_legend_hides_no_event", test_the_legend_hides_no_event },
    { "the_capital_named_among_the_news", test_the_capital_named_among_the_news },
    { "sea_only_where_the_basemap_has_sea", test_sea_only_where_the_basemap_has_sea },
    { "png_rows_at_any_width", test_png_rows_at_any_width },
    { "sprites_do_not_depend_on_the_first_use", test_sprites_do_not_depend_on_the_first_use },
    { "underlay_keeps_the_layers_in_order", test_underlay_keeps_the_layers_in_order },
    { "every_format_and_no_overlaps", test_every_format_and_no_overlaps },
    { "same_inputs_same_bytes", test_same_inputs_same_bytes },
    { "svg_is_editable", test_svg_is_editable },
    { "fronts_sieges_and_contested_zones", test_fronts_sieges_and_contested_zones },
    { "inset_locates_a_part", test_inset_locates_a_part },
    { "sprite_matches_the_path", test_sprite_matches_the_path },
    { "a_halo_round_the_glyphs", test_a_halo_round_the_glyphs },
    { "unknown_faction_is_drawn_and_named", test_unknown_faction_is_drawn_and_named },
    { "refusals_leave_old_files", test_refusals_leave_old_files },
    { "files_say_what_they_hold", test_files_say_what_they_hold },
    { "furniture_texts_checked", test_furniture_texts_checked },
};

CHECK_MAIN(cases)
