/* SPDX-License-Identifier: MIT */
/*
 * cmd_render.c - `sitmap render --date D [--window DAYS] [--region NAME |
 * --bbox W,S,E,N] [--size WxH | --preset P] [--style NAME|FILE] [--title T]
 * [--subtitle T] [--lang en|ar|en+ar|NAME|FILE] [--digits latin|arabic] [--no-inset]
 * [--annotations FILE]
 * -o OUT.png|svg|pdf`, and
 * the map options and drawing that series and diff share (cli.h).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char usage_text[] =
    "usage: sitmap [--db PATH] render --date D [--window DAYS] [--region NAME | --bbox W,S,E,N]\n"
    "                  [--size WxH | --preset hd|square|social|portrait|story|a4]\n"
    "                  [--scale K]\n"
    "                  [--style NAME|FILE] [--title TEXT] [--subtitle TEXT]\n"
    "                  [--credit TEXT] [--date-format ap|iso|long|FMT] [--no-date-line]\n"
    "                  [--lang en|ar|en+ar|NAME|FILE] [--digits latin|arabic]\n"
    "                  [--no-inset] [--annotations FILE]\n"
    "                  [--alt-text FILE] -o OUT.png|svg|pdf\n\n"
    "Draw the situation as of D: zones and control valid on D, the events of the DAYS\n"
    "days ending on D (default 7), place labels, legend, scale bar and credits, and a\n"
    "locator inset when the map shows a part of the country.\n"
    "Regions are the named boxes of the theatre (--theatre; gazetteer/theatres/),\n"
    "by default its whole country. Text, lines and symbols are K times their style's\n"
    "size (--scale; by default 1 up to 1920x1080 and in proportion above, 1.6 for the\n"
    "square, portrait and story presets and 1.4 for social, which are read on phones;\n"
    "on a tall page the legend goes below the map). --credit adds a line of your own\n"
    "above the data's sources, which are always credited; --date-format writes the\n"
    "date line's day as ap (Dec. 12, 2016), iso, long (12 December 2016, the default)\n"
    "or a strftime format such as \"%-d %b %Y\".\n"
    "--lang writes the furniture in a language of styles/lang/ (en, ar, or a file):\n"
    "ar is Arabic, right to left, its place names in Arabic and its numbers in\n"
    "Arabic-Indic digits (--digits latin for 0-9); en+ar labels places in both\n"
    "scripts, the furniture in English.\n"
    "--annotations FILE draws a GeoJSON file's arrows, callouts, highlights, notes\n"
    "and texts, those dated to include D and the undated ones (docs/commands.md).\n"
    "--alt-text FILE writes the map in words (who holds what, what changed in the last\n"
    "7 days, the incidents, the places), which the PNG and SVG also carry.\n";

/* The theatre's named regions, for a message: "syria, north, ...". */
static const char *
region_names(const sm_theatre *t, char *out, size_t cap)
{
    size_t n = 0;

    out[0] = '\0';
    for (int i = 0; i < t->nregions && n + 2 < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? ", " : "", t->regions[i].name);
    return out;
}

static bool
preset(const char *name, sm_render_opts *o)
{
    /* social maps are seen on a phone, a third of their size or less: their
     * text, lines and symbols are drawn larger */
    static const struct { const char *name; int w, h; double scale; } presets[] = {
        { "hd", 1920, 1080, 1 }, { "square", 1080, 1080, 1.6 }, { "social", 1200, 675, 1.4 },
        { "a4", 1123, 794, 1 },  /* A4 landscape at 96 px an inch: 842 x 595 pt */
        /* a feed's 4:5 and a story's 9:16, full screen on a phone: the legend
         * below the map (a tall page's layout, furniture.c) */
        { "portrait", 1080, 1350, 1.6 }, { "story", 1080, 1920, 1.6 },
    };
    for (size_t i = 0; i < SM_LEN(presets); i++) {
        if (strcmp(name, presets[i].name) == 0) {
            o->width_px = presets[i].w;
            o->height_px = presets[i].h;
            o->scale = presets[i].scale;
            return true;
        }
    }
    return false;
}

int
sm_cli_load_style(const char *name, const sm_theatre *t, sm_style *s)
{
    char dir[4096], path[4200];
    sm_error err = { 0 };

    sm_style_defaults(s);
    sm_style_apply_theatre(s, t);      /* its factions, for a style that has none */
    if (strchr(name, '/') || strstr(name, ".json"))
        snprintf(path, sizeof(path), "%s", name);
    else if (sm_cli_data_dir("styles", dir, sizeof(dir)))
        snprintf(path, sizeof(path), "%s/%s.json", dir, name);
    else
        return sm_cli_usage("render", "no styles folder found (set SITMAP_DATA)");
    if (sm_style_load(path, s, &err) != SM_OK)
        return sm_cli_fail(&err);
    return -1;
}

enum { OPT_DATE = 256, OPT_WINDOW, OPT_REGION, OPT_BBOX, OPT_SIZE, OPT_PRESET, OPT_STYLE,
       OPT_TITLE, OPT_SUBTITLE, OPT_LANG, OPT_NO_INSET, OPT_SCALE, OPT_ANNOTATIONS,
       OPT_ALT_TEXT, OPT_CREDIT, OPT_DATE_FORMAT, OPT_NO_DATE_LINE, OPT_DIGITS };

static const struct option longopts[] = {
    { "date", required_argument, NULL, OPT_DATE },
    { "window", required_argument, NULL, OPT_WINDOW },
    { "region", required_argument, NULL, OPT_REGION },
    { "bbox", required_argument, NULL, OPT_BBOX },
    { "size", required_argument, NULL, OPT_SIZE },
    { "preset", required_argument, NULL, OPT_PRESET },
    { "style", required_argument, NULL, OPT_STYLE },
    { "title", required_argument, NULL, OPT_TITLE },
    { "subtitle", required_argument, NULL, OPT_SUBTITLE },
    { "lang", required_argument, NULL, OPT_LANG },
    { "no-inset", no_argument, NULL, OPT_NO_INSET },
    { "scale", required_argument, NULL, OPT_SCALE },
    { "annotations", required_argument, NULL, OPT_ANNOTATIONS },
    { "alt-text", required_argument, NULL, OPT_ALT_TEXT },
    { "credit", required_argument, NULL, OPT_CREDIT },
    { "date-format", required_argument, NULL, OPT_DATE_FORMAT },
    { "no-date-line", no_argument, NULL, OPT_NO_DATE_LINE },
    { "digits", required_argument, NULL, OPT_DIGITS },
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

int
sm_cli_render_option(const char *arg)
{
    if (strncmp(arg, "--", 2) != 0)
        return 0;
    for (size_t i = 0; longopts[i].name; i++) {
        const char *n = longopts[i].name;
        if (strcmp(arg + 2, n) == 0)     /* the map's own: not the date, file or help */
            return !strcmp(n, "date") || !strcmp(n, "output") || !strcmp(n, "help") ? 0
                   : longopts[i].has_arg == required_argument                     ? 2
                                                                                   : 1;
    }
    return 0;
}

int
sm_cli_map_parse(const sm_cli *cli, const char *cmd, int argc, char **argv, sm_cli_map *m)
{
    sm_render_opts *o = &m->o;
    const char *region = NULL, *style = "newsroom", *annotations = NULL, *lang = "en";
    double scale = 0;
    const sm_theatre_region *r;
    bool have_box = false;
    char names[1024];
    int c, rc;

    memset(m, 0, sizeof(*m));
    m->day = SM_DAY_NONE;
    m->window_days = 7;
    m->border = (sm_mpoly)SM_MPOLY_INIT;
    *o = (sm_render_opts)SM_RENDER_OPTS_INIT;   /* 1920x1080, in English */
    optind = 0;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage_text, stdout); return SM_EXIT_OK;
        case 'o': m->out = optarg; break;
        case OPT_DATE:
            if (!sm_cli_day(cmd, "--date", optarg, &m->day))
                return SM_EXIT_USAGE;
            break;
        case OPT_WINDOW:
            if (!sm_cli_window(cmd, optarg, &m->window_days))
                return SM_EXIT_USAGE;
            break;
        case OPT_REGION: region = optarg; break;
        case OPT_BBOX: {
            double box[4];
            if (!sm_cli_bbox(cmd, optarg, box))
                return SM_EXIT_USAGE;
            o->west = box[0];
            o->south = box[1];
            o->east = box[2];
            o->north = box[3];
            have_box = true;
            break;
        }
        case OPT_SIZE:
            if (!sm_cli_size(cmd, optarg, &o->width_px, &o->height_px))
                return SM_EXIT_USAGE;
            break;
        case OPT_PRESET:
            if (!preset(optarg, o))
                return sm_cli_usage(cmd, "--preset \"%s\": want hd, square, social, portrait,"
                                    " story or a4", optarg);
            break;
        case OPT_STYLE: style = optarg; break;
        case OPT_TITLE: o->title = optarg; break;
        case OPT_SUBTITLE: o->subtitle = optarg; break;
        case OPT_NO_INSET: o->no_inset = true; break;
        case OPT_ANNOTATIONS: annotations = optarg; break;
        case OPT_ALT_TEXT: m->alt_text = optarg; break;
        case OPT_CREDIT: {
            size_t n = strlen(optarg);
            if (n == 0 || n > SM_RENDER_TEXT_MAX)
                return sm_cli_usage(cmd, "--credit: want 1 to %d bytes of text, not %zu",
                                    SM_RENDER_TEXT_MAX, n);
            o->own_credit = optarg;
            break;
        }
        case OPT_DATE_FORMAT: {
            char sample[SM_DAY_TEXT_LEN];
            if (!sm_day_format_as(0, optarg, sample, sizeof(sample)))
                return sm_cli_usage(cmd, "--date-format \"%s\": want ap, iso, long or a strftime"
                                    " format using %%d %%e %%m %%y %%Y %%j %%b %%B %%a %%A %%%%"
                                    " (at most %d bytes)", optarg, SM_DAY_STYLE_MAX);
            o->date_format = optarg;
            break;
        }
        case OPT_NO_DATE_LINE: o->no_date_line = true; break;
        case OPT_SCALE: {
            char *end;
            scale = strtod(optarg, &end);
            if (end == optarg || *end || !(scale >= 0.25 && scale <= 8))
                return sm_cli_usage(cmd, "--scale \"%s\": want a number from 0.25 to 8", optarg);
            break;
        }
        case OPT_LANG: lang = optarg; break;
        case OPT_DIGITS:
            if (strcmp(optarg, "latin") == 0)
                o->digits = SM_DIGITS_LATIN;
            else if (strcmp(optarg, "arabic") == 0)
                o->digits = SM_DIGITS_ARABIC;
            else
                return sm_cli_usage(cmd, "--digits \"%s\": want latin or arabic", optarg);
            break;
        default: return sm_cli_usage(cmd, "bad option");
        }
    }
    if (optind < argc)
        return sm_cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
    /* the place names' script, and the furniture's words: en+ar's are
     * English's */
    if ((rc = sm_cli_load_words(cmd, strcmp(lang, "en+ar") == 0 ? "en" : lang, &m->words)) >= 0)
        return rc;
    o->words = m->words;
    {
        const char *script = sm_words_get(m->words, "names");
        o->lang = strcmp(lang, "en+ar") == 0             ? SM_LANG_EN_AR
                  : script && strcmp(script, "ar") == 0 ? SM_LANG_AR
                                                        : SM_LANG_EN;
    }
    if (scale > 0)                      /* over a preset's */
        o->scale = scale;
    if (m->day == SM_DAY_NONE)
        return sm_cli_usage(cmd, "--date is required");
    if (m->out == NULL)
        return sm_cli_usage(cmd, "-o OUT.png|svg|pdf is required");
    if (m->alt_text && strcmp(m->alt_text, m->out) == 0)
        return sm_cli_usage(cmd, "--alt-text \"%s\" is the map's own file", m->alt_text);
    if (m->alt_text)            /* filled before each map is drawn (map_text.c) */
        o->description = m->description;
    if ((rc = sm_cli_theatre(cli, &m->theatre)) >= 0)
        return rc;
    m->has_theatre = true;
    if (!have_box) {
        if (region == NULL)
            region = m->theatre.default_region;
        if ((r = sm_theatre_region_find(&m->theatre, region)) == NULL)
            return sm_cli_usage(cmd, "unknown region \"%s\" (the theatre %s has %s)", region,
                                m->theatre.name, region_names(&m->theatre, names, sizeof(names)));
        o->west = r->west;
        o->south = r->south;
        o->east = r->east;
        o->north = r->north;
    }
    if ((rc = sm_cli_load_style(style, &m->theatre, &m->style)) >= 0)
        return rc;
    o->style = &m->style;
    sm_cli_theatre_render(&m->theatre, o);
    if (sm_cli_basemap(m->basemap, sizeof(m->basemap)))
        o->basemap = m->basemap;
    /* derived zones stop at the country's border, read with the first map
     * (for the inset too) */
    o->border = &m->border;
    if (annotations) {
        sm_error err = { 0 };
        if (sm_annotations_load(annotations, &m->annotations, &err) != SM_OK)
            return sm_cli_fail(&err);
        o->annotations = m->annotations;
    }
    return -1;
}

void
sm_cli_map_free(sm_cli_map *m)
{
    if (m->has_theatre)
        sm_theatre_free(&m->theatre);
    m->has_theatre = false;
    sm_mpoly_free(&m->border);
    sm_frame_free(m->frame);
    sm_annotations_free(m->annotations);
    m->annotations = NULL;
    sm_words_free(m->words);
    m->words = NULL;
    m->o.words = NULL;
    m->o.annotations = NULL;
    m->frame = NULL;
    sm_fonts_free(m->fonts);
    m->fonts = NULL;
    m->o.fonts = NULL;
}

int
sm_cli_map_fonts(sm_cli_map *m)
{
    sm_error err = { 0 };

    if (m->fonts == NULL && sm_fonts_new(&m->style, &m->fonts, &err) != SM_OK)
        return sm_cli_fail(&err);
    m->o.fonts = m->fonts;
    return -1;
}

/* The map's frame, made at the first call. */
static sm_status
frame(sm_cli_map *m, sm_error *err)
{
    sm_status st = SM_OK;

    if (m->frame == NULL && (st = sm_frame_new(&m->o, &m->frame, err)) == SM_OK && !m->series)
        sm_frame_once(m->frame);
    return st;
}

static bool
is_png(const char *path)
{
    size_t n = strlen(path);

    return n >= 4 && strcasecmp(path + n - 4, ".png") == 0;
}

sm_status
sm_cli_map_situation(sm_cli_map *m, sm_situation_opts *so, sm_error *err)
{
    const sm_style *s = &m->style;
    sm_status st;

    if (!m->border_read && m->o.basemap && m->o.country_iso3 &&
        (st = sm_render_country(m->o.basemap, m->o.country_iso3, &m->border, err)) != SM_OK)
        return st;
    m->border_read = true;
    *so = (sm_situation_opts)SM_SITUATION_OPTS_INIT;
    so->window_days = m->window_days > 0 ? m->window_days : 7;
    so->advance_days = so->window_days;
    so->derived_max_km = s->derived_max_km;
    so->clip = m->border.nrings > 0 ? &m->border : NULL;
    so->fronts = s->front_px > 0;
    so->front_tolerance_km = s->front_tolerance_km;
    for (int i = 0; i < s->nallies; i++) {
        m->allies[2 * i] = s->allies[i][0];
        m->allies[2 * i + 1] = s->allies[i][1];
    }
    so->allies = m->allies;
    so->nallies = (size_t)s->nallies;
    so->country = m->o.country;
    /* the week's change, for the words (not drawn); day 0 would be taken for
     * a zeroed struct's */
    if (m->alt_text && m->day - SM_CLI_TEXT_SINCE_DAYS != 0) {
        so->since = m->day - SM_CLI_TEXT_SINCE_DAYS;
        so->change_areas = true;
    }
    so->places = !m->o.no_labels;
    if (!so->places)
        return SM_OK;
    if ((st = frame(m, err)) != SM_OK)
        return st;
    sm_frame_extent(m->frame, &so->west, &so->south, &so->east, &so->north);
    return SM_OK;
}

int
sm_cli_map_render(const sm_cli *cli, sm_cli_map *m, const sm_situation *sit)
{
    sm_render_report rep = { 0 };
    sm_error err = { 0 };
    double t0 = sm_cli_now();

    if (frame(m, &err) != SM_OK || sm_render_framed(m->frame, sit, m->out, &rep, &err) != SM_OK)
        return sm_cli_fail(&err);
    if (rep.warning[0])
        fprintf(stderr, "sitmap: warning: %s\n", rep.warning);
    if (!m->series)
        sm_cli_warn_stale(sit->day, sit->latest, false);
    sm_cli_say(cli, "%s: %d zones, %d control points, %d events in %d symbols, %d labels",
               m->out, rep.zones, rep.control_points, rep.events, rep.symbols,
               rep.labels_placed);
    if (rep.annotations > 0)
        sm_cli_say(cli, ", %d annotations", rep.annotations);
    if (cli->verbosity > 1)
        sm_cli_say(cli, " (%d left out for lack of room) in %.2f s", rep.labels_dropped,
                   sm_cli_now() - t0);
    sm_cli_say(cli, "\n");
    if (cli->verbosity > 1)
        sm_cli_say(cli, "  ms: basemap %.0f, zones %.0f, changes %.0f, fronts %.0f, events %.0f,"
                        " furniture %.0f, labels %.0f, output %.0f\n", rep.phase_ms[0],
                   rep.phase_ms[1], rep.phase_ms[2], rep.phase_ms[3], rep.phase_ms[4],
                   rep.phase_ms[5], rep.phase_ms[6], rep.phase_ms[7]);
    return SM_EXIT_OK;
}

/* The frame's basemap, read and drawn on a thread of its own while the
 * situation is built (the map's first; later ones of a series keep it). */
typedef struct basemap_job {
    sm_frame *frame;
    bool raster;
    sm_status st;
    sm_error err;
} basemap_job;

static void *
basemap_work(void *arg)
{
    basemap_job *j = arg;

    j->st = sm_frame_basemap(j->frame, j->raster, &j->err);
    return NULL;
}

/* The factions added to the database, in the style when it lacks them. */
static void
add_db_faction(const char *id, const char *label, const char *colour, void *user)
{
    sm_rgba fill;

    if (label && colour && sm_rgba_parse(colour, &fill))
        sm_style_add_faction(user, id, label, fill);
}

sm_status
sm_cli_style_db_factions(sm_store *db, sm_style *s, sm_error *err)
{
    return sm_store_known_factions_each(db, add_db_faction, s, err);
}

int
sm_cli_map_day(const sm_cli *cli, sm_cli_map *m, sm_store *db, sm_timeline *t)
{
    sm_situation_opts so;
    sm_situation *sit = NULL;
    sm_error err = { 0 };
    basemap_job job = { .raster = is_png(m->out) };
    pthread_t thread;
    bool threaded;
    sm_status st;
    double t0 = sm_cli_now();
    int rc;

    if (sm_cli_map_situation(m, &so, &err) != SM_OK || frame(m, &err) != SM_OK ||
        sm_cli_style_db_factions(db, &m->style, &err) != SM_OK)
        return sm_cli_fail(&err);
    so.timeline = t;
    job.frame = m->frame;
    threaded = pthread_create(&thread, NULL, basemap_work, &job) == 0;
    st = sm_situation_build(db, m->day, &so, &sit, &err);
    if (threaded)
        pthread_join(thread, NULL);
    else
        basemap_work(&job);
    if (st != SM_OK || job.st != SM_OK) {
        sm_situation_free(sit);
        return sm_cli_fail(st != SM_OK ? &err : &job.err);
    }
    if (cli->verbosity > 1)
        sm_cli_say(cli, "  situation built in %.0f ms\n", 1e3 * (sm_cli_now() - t0));
    rc = sm_cli_map_describe(m, sit);
    if (rc < 0) {
        sm_diff *change = sit->change;  /* asked for the words alone: not drawn */
        if (m->alt_text)
            sit->change = NULL;
        rc = sm_cli_map_render(cli, m, sit);
        sit->change = change;
    }
    if (rc == SM_EXIT_OK)
        rc = sm_cli_map_write_text(cli, m);
    sm_situation_free(sit);
    return rc;
}

int
sm_cli_render(sm_cli *cli, int argc, char **argv)
{
    sm_cli_map m;
    sm_error err = { 0 };
    sm_store *db = NULL;
    int rc = sm_cli_map_parse(cli, "render", argc, argv, &m);

    /* the fonts and the database first: PROJ and SpatiaLite are opened
     * meanwhile (main.c) */
    if (rc < 0)
        rc = sm_cli_map_fonts(&m);
    if (rc < 0 && sm_cli_store_open(cli, SM_STORE_READ, &db, &err) != SM_OK)
        rc = sm_cli_fail(&err);
    if (rc < 0)
        rc = sm_cli_map_day(cli, &m, db, NULL);
    sm_store_close(db);
    sm_cli_map_free(&m);
    return rc;
}
