/* SPDX-License-Identifier: MIT */
/*
 * cli.h - shared pieces of the `sitmap` command: the global options, messages
 * and exit codes (0 done, 1 bad input or failure, 2 usage error).
 */
#ifndef SM_CLI_H
#define SM_CLI_H

#include "sitmap.h"
#include "ingest/module.h"
#include "core/json_out.h"

enum { SM_EXIT_OK = 0, SM_EXIT_FAIL = 1, SM_EXIT_USAGE = 2 };

typedef struct sm_cli {
    const char *db_path;  /* --db, $SITMAP_DB, or ./sitmap.db (a URI without
                             its password: as messages name it) */
    const char *db_uri;   /* the URI with its password, to open; NULL: db_path */
    const char *theatre;  /* --theatre NAME|FILE, $SITMAP_THEATRE, or syria */
    int verbosity;        /* -q: 0, default 1, -v: 2 */
} sm_cli;

typedef struct sm_cli_command {
    const char *name;
    const char *summary;
    int (*run)(sm_cli *cli, int argc, char **argv);
} sm_cli_command;

int sm_cli_init(sm_cli *cli, int argc, char **argv);
int sm_cli_import(sm_cli *cli, int argc, char **argv);
int sm_cli_export(sm_cli *cli, int argc, char **argv);
int sm_cli_info(sm_cli *cli, int argc, char **argv);
int sm_cli_copy(sm_cli *cli, int argc, char **argv);
int sm_cli_geocode(sm_cli *cli, int argc, char **argv);
int sm_cli_extract(sm_cli *cli, int argc, char **argv);
int sm_cli_where(sm_cli *cli, int argc, char **argv);
int sm_cli_gazetteer(sm_cli *cli, int argc, char **argv);
int sm_cli_render(sm_cli *cli, int argc, char **argv);
/* How many words a map option of `render` takes (--style NAME: 2,
 * --no-inset: 1), for commands that pass them on; 0 if arg is not one (the
 * date, the output and help are not). */
int sm_cli_render_option(const char *arg);

/* A map as `render`'s options ask for it (cmd_render.c), shared by series
 * and diff. */
typedef struct sm_cli_map {
    sm_render_opts o;
    sm_style style;
    sm_day day;
    int window_days;
    const char *out;
    char basemap[4200];
    sm_mpoly border;           /* the country's: derived zones stop there */
    bool border_read;          /* ... read (with the first map) */
    sm_theatre theatre;        /* the mapped country, its regions and factions */
    const char *allies[2 * SM_STYLE_MAX_ALLIES]; /* the style's, for the situation */
    bool has_theatre;
    sm_frame *frame;           /* made at the first map, kept for the next */
    sm_fonts *fonts;           /* loaded ahead (sm_cli_map_fonts), kept too */
    bool series;               /* many maps: the frame serves them all */
    sm_annotations *annotations; /* --annotations FILE, read (o.annotations) */
    const char *alt_text;      /* --alt-text FILE: the map in words, written there */
    char description[4096];    /* ... and carried by the map (o.description) */
    sm_words *words;           /* --lang's words (o.words) */
} sm_cli_map;

/* Parse render's arguments (argv[0] the command) into m: -1 when done, else
 * the exit status (after printing why; 0 after --help). Free m after. */
int sm_cli_map_parse(const sm_cli *cli, const char *cmd, int argc, char **argv, sm_cli_map *m);
void sm_cli_map_free(sm_cli_map *m);
/* Load the fonts of m's style ahead of its maps (while PROJ and SpatiaLite
 * open): -1 when done, else the exit status. */
int sm_cli_map_fonts(sm_cli_map *m);
/* What the map's situation must hold (the places of its frame among them). */
sm_status sm_cli_map_situation(sm_cli_map *m, sm_situation_opts *so, sm_error *err);
/* Draw sit as m asks and say what was drawn; an exit status. */
int sm_cli_map_render(const sm_cli *cli, sm_cli_map *m, const sm_situation *sit);
/* The map in words, when --alt-text asks (map_text.c): sit described as m
 * shows it into m->description (-1 when done, else the exit status), then
 * written to the file after the map is drawn. The change described is
 * that of the SM_CLI_TEXT_SINCE_DAYS days before the map's (a change map's
 * own, for diff). */
#define SM_CLI_TEXT_SINCE_DAYS 7
int sm_cli_map_describe(sm_cli_map *m, const sm_situation *sit);
int sm_cli_map_write_text(const sm_cli *cli, const sm_cli_map *m);
/* Build the situation on m->day (with t, which may be NULL) and draw it. */
int sm_cli_map_day(const sm_cli *cli, sm_cli_map *m, sm_store *db, sm_timeline *t);
/* The mapped country's codes, disputed areas and credit line of t into o
 * (which then points into t). */
void sm_cli_theatre_render(const sm_theatre *t, sm_render_opts *o);
int sm_cli_diff(sm_cli *cli, int argc, char **argv);
int sm_cli_faction(sm_cli *cli, int argc, char **argv);
int sm_cli_history(sm_cli *cli, int argc, char **argv);
int sm_cli_undo(sm_cli *cli, int argc, char **argv);
int sm_cli_delete(sm_cli *cli, int argc, char **argv);

/* The factions imports accept: the theatre's (t may be NULL) and the
 * database's (added, or named by its records). */
typedef struct sm_cli_factions {
    char ids[64][33];
    const char *list[64];
    size_t n;
} sm_cli_factions;
sm_status sm_cli_known_factions(sm_store *db, const sm_theatre *t, sm_cli_factions *f,
                                sm_error *err);
int sm_cli_series(sm_cli *cli, int argc, char **argv);

/* The data folder `name` (gazetteer, styles) into out; false if not found. */
bool sm_cli_data_dir(const char *name, char *out, size_t cap);
/* The basemap, data/basemap.gpkg, into out; false if not found. */
bool sm_cli_basemap(char *out, size_t cap);
/* The theatre of --theatre into *t (free it with sm_theatre_free): a NAME
 * is gazetteer/theatres/NAME.json of the data folders, a path (with a "/"
 * or ending in .json) that file. Returns -1 when loaded, else the exit
 * status after printing why (2 for an unknown name, 1 for a bad file). */
int sm_cli_theatre(const sm_cli *cli, sm_theatre *t);
/* The style NAME (styles/NAME.json) or FILE over the defaults and the
 * theatre's factions; -1 when loaded, else the exit status (the error
 * said). */
int sm_cli_load_style(const char *name, const sm_theatre *t, sm_style *s);
/* The words of --lang LANG (words.c): styles/lang/en.json, then LANG's
 * file (styles/lang/LANG.json, or LANG itself when it is a path) over it,
 * into *out (sm_words_free): -1 when done, else the exit status. */
int sm_cli_load_words(const char *cmd, const char *lang, sm_words **out);
/* Give s the factions added to the database (`sitmap faction add`) that it
 * lacks, with their labels and colours. */
sm_status sm_cli_style_db_factions(sm_store *db, sm_style *s, sm_error *err);
/* The database's gazetteer as a finished index, its country theatre t's
 * (NULL after printing an error); db NULL opens the --db database read-only
 * for it. */
sm_gaz *sm_cli_load_gazetteer(sm_cli *cli, sm_store *db, const sm_theatre *t);

/* The GDAL module's functions (ingest/module.h), loaded at the first call;
 * NULL, after printing why, if it cannot be loaded. */
const sm_gdal_api *sm_cli_gdal(void);

/* Warn on stderr when day (the last of many maps) comes after latest, the
 * last day of the data. */
void sm_cli_warn_stale(sm_day day, sm_day latest, bool many);
/* Print "sitmap: <msg>" and return 1 (2 for SM_EUSAGE). */
int sm_cli_fail(const sm_error *err);
/* Open the database (--db): sm_store_open, waiting for another writer as
 * long as it works, and saying so on a terminal. */
sm_status sm_cli_store_open(const sm_cli *cli, sm_store_mode mode, sm_store **db,
                            sm_error *err);
/* The command line, as `main` takes it: sitmap-core.so's entry, called by
 * the executable (start.c). Returns the exit status. */
int sm_cli_main(int argc, char **argv);
/* Print a usage error and a hint to `sitmap CMD --help`; return 2. */
int sm_cli_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print a progress or result line on stdout unless -q. */
void sm_cli_say(const sm_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A JSON number written as fmt formats it ("%.5f"), for stable output. */
struct json_object *sm_cli_json_num(double v, const char *fmt);
/* `extract`'s JSON, written as it goes (extract_json.c), the bytes json-c
 * wrote. The writer keeps each place's numbers as text for the next
 * mention of it: init once for a run, free after. */
typedef struct sm_cli_extract_json {
    const sm_gaz *gaz;
    struct place_text *places;   /* by place index, made at first use */
    struct deg_text *degs;       /* numbers of degrees written, by their bits */
    struct why_text *whys;       /* the part's reasons written, by their address */
    size_t nwhys;
    sm_json_out *why_out;        /* ... into why_mem */
    sm_buf why_mem;
} sm_cli_extract_json;
void sm_cli_extract_json_init(sm_cli_extract_json *w, const sm_gaz *gaz);
void sm_cli_extract_json_free(sm_cli_extract_json *w);
/* The extraction of text as one object and a newline: {"file": path (left
 * out when path is NULL), "mentions": [...], "events": [...]}. */
void sm_cli_extract_json_write(sm_cli_extract_json *w, sm_json_out *o, const char *path,
                               const char *text, const sm_extraction *ex);
/* The same object written part by part (sm_extract_parts): begin, then
 * each part (its mentions go to o at once; its events, which follow all
 * the mentions, are held in memory, then in a temporary file past a
 * megabyte), then end. The bytes are those of sm_cli_extract_json_write
 * on the whole extraction. end is false when the events could not be
 * kept (memory, the temporary file). */
typedef struct sm_cli_extract_doc {
    sm_json_out *o;
    const char *path;
    bool begun;
    size_t mentions, events;    /* written so far */
    sm_json_out ev;             /* the events, into mem */
    sm_buf mem;
    FILE *spill;                /* ... and from mem when it grows, or NULL */
} sm_cli_extract_doc;
void sm_cli_extract_json_begin(sm_cli_extract_doc *d, sm_json_out *o, const char *path);
void sm_cli_extract_json_part(sm_cli_extract_json *w, sm_cli_extract_doc *d, const char *text,
                              const sm_extraction *ex);
bool sm_cli_extract_json_end(sm_cli_extract_doc *d);
/* ... or nothing more written, what it holds freed (the text was refused). */
void sm_cli_extract_json_discard(sm_cli_extract_doc *d);
/* Its events as GeoJSON Features, each with its "file" (path), with commas
 * between them; *first says whether one was written before (and is cleared
 * by the first written). */
void sm_cli_extract_geojson_features(sm_cli_extract_json *w, sm_json_out *o, bool *first,
                                     const char *path, const char *text,
                                     const sm_extraction *ex);
/* Seconds on a monotonic clock, for -v timings. */
double sm_cli_now(void);

/* Parse an option's date; false after printing a usage error. */
bool sm_cli_day(const char *cmd, const char *option, const char *text, sm_day *out);
/* Parse a positive whole number option. */
bool sm_cli_count(const char *cmd, const char *option, const char *text, int *out);
/* --window DAYS: 1 to SM_CLI_MAX_WINDOW (100 years), so that no day's
 * arithmetic can wrap. */
#define SM_CLI_MAX_WINDOW 36600
bool sm_cli_window(const char *cmd, const char *text, int *out);
/* --size WxH: two whole numbers, each SM_CLI_MIN_SIDE to SM_CLI_MAX_SIDE,
 * at most SM_CLI_MAX_PIXELS in all, and nothing else. */
#define SM_CLI_MIN_SIDE 100
#define SM_CLI_MAX_SIDE 20000
#define SM_CLI_MAX_PIXELS 400000000
bool sm_cli_size(const char *cmd, const char *text, int *w, int *h);
/* --bbox W,S,E,N: four finite numbers, nothing else, west < east within
 * -180..180 and south < north within -85..85. */
bool sm_cli_bbox(const char *cmd, const char *text, double box[4]);

#endif
