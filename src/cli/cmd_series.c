/* SPDX-License-Identifier: MIT */
/*
 * cmd_series.c - `sitmap series --from D1 --to D2 [--step DAYS] [--jobs N]
 * [--html [--inline]] [--gif|--webp|--mp4 FILE] [render options]
 * -o 'DIR/%Y-%m-%d.png'`: one map a step, rendered by N worker processes
 * (default: one a core), each drawing a run of consecutive days with the
 * render command's own code and options and one timeline (what the days
 * share: derived zones, places), with a progress bar on a terminal and plain
 * progress lines otherwise; then, optionally, a page to step through the
 * maps (viewer.c) and animations through ffmpeg (animate.c).
 */
#include "cli/cli.h"

#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/series.h"
#include "core/atomic_file.h"
#include "core/buf.h"

static const char usage_text[] =
    "usage: sitmap [--db PATH] series --from D1 --to D2 [--step DAYS] [--jobs N]\n"
    "                  [--html [--inline]] [--gif FILE] [--webp FILE] [--mp4 FILE]\n"
    "                  [render options] -o 'DIR/%Y-%m-%d.png'\n\n"
    "One map a step (default 1 day) from D1 to D2, each as `sitmap render --date D`\n"
    "would draw it with the same options (--window, --region, --bbox, --size, --preset,\n"
    "--scale, --style, --title, --subtitle, --credit, --date-format, --no-date-line,\n"
    "--lang, --no-inset), rendered by N processes\n"
    "at once"
    " (default: one a core). In the output name %Y, %m and %d stand for the map's date.\n"
    "--html writes DIR/index.html, a page to step through the maps (opening on the\n"
    "latest; slider, play, arrow keys, swipes), the maps linked beside it, or inlined\n"
    "in it with --inline. --gif, --webp and --mp4 write the maps as an animation with\n"
    "ffmpeg, half a second a map and the last held two seconds.\n"
    "--alt-text 'DIR/%Y-%m-%d.txt' writes each map in words (as render --alt-text),\n"
    "named for its date as the maps are; the page gives each map its words.\n";

typedef struct series {
    sm_day from, to;
    int step, jobs;
    const char *pattern;
    const char *alt_pattern;   /* --alt-text: each map's words, named as the maps */
    bool html, inline_maps;
    const char *anims[SM_ANIM_KINDS];  /* --gif, --webp, --mp4 */
    char **pass;               /* render options */
    int npass;
    sm_day *days;
    int ndays;
} series;

/* The pattern with %Y, %m and %d of day; false if it does not fit or names
 * no date (every map would overwrite the last). */
static bool
expand(const char *pattern, sm_day day, char *out, size_t cap)
{
    char iso[SM_DAY_ISO_LEN];
    size_t n = 0;
    bool dated = false;

    sm_day_format(day, iso);    /* YYYY-MM-DD */
    for (const char *p = pattern; *p; p++) {
        const char *put = NULL;
        size_t len = 1;
        if (p[0] == '%' && (p[1] == 'Y' || p[1] == 'm' || p[1] == 'd')) {
            put = p[1] == 'Y' ? iso : p[1] == 'm' ? iso + 5 : iso + 8;
            len = p[1] == 'Y' ? 4 : 2;
            dated = true;
            p++;
        } else {
            put = p;
        }
        if (n + len + 1 > cap)
            return false;
        memcpy(out + n, put, len);
        n += len;
    }
    out[n] = '\0';
    return dated;
}

/* Whether the pattern gives each day of the series a name of its own
 * (out/%Y.png does not, for a daily series); when not, a usage error
 * naming the pattern and the first two days that collide. */
static bool
distinct_names(const series *s)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char out[PATH_MAX], a[SM_DAY_ISO_LEN], b[SM_DAY_ISO_LEN];
    bool ok = true;

    for (int i = 0; i < s->ndays && ok; i++) {
        gpointer k, v;
        expand(s->pattern, s->days[i], out, sizeof(out));
        if (g_hash_table_lookup_extended(seen, out, &k, &v)) {
            int first = GPOINTER_TO_INT(v);
            sm_cli_usage("series", "-o \"%s\": the maps of %s and %s would both be %s"
                         " (each day needs a name of its own: %%Y-%%m-%%d)", s->pattern,
                         sm_day_format(s->days[first], a), sm_day_format(s->days[i], b), out);
            ok = false;
        } else {
            g_hash_table_insert(seen, g_strdup(out), GINT_TO_POINTER(i));
        }
    }
    g_hash_table_destroy(seen);
    return ok;
}

static bool
make_parent(const char *path)
{
    char dir[PATH_MAX];
    char *slash;

    snprintf(dir, sizeof(dir), "%s", path);
    if ((slash = strrchr(dir, '/')) == NULL)
        return true;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return mkdir(dir, 0777) == 0 || errno == EEXIST;
}

/* The arguments of a `render` of day into out, its words into alt (from
 * the series' options); argv holds npass + 8; returns their count. */
static int
map_argv(const series *s, sm_day d, char day[SM_DAY_ISO_LEN], char out[PATH_MAX],
         char alt[PATH_MAX], char **argv)
{
    int argc = 0;

    argv[argc++] = "series";
    argv[argc++] = "--date";
    argv[argc++] = sm_day_format(d, day);
    for (int p = 0; p < s->npass; p++)
        argv[argc++] = s->pass[p];
    argv[argc++] = "-o";
    argv[argc++] = out;
    if (s->alt_pattern) {
        argv[argc++] = "--alt-text";
        argv[argc++] = alt;
        expand(s->alt_pattern, d, alt, PATH_MAX);
    }
    argv[argc] = NULL;
    expand(s->pattern, d, out, PATH_MAX);
    return argc;
}

/* The maps' options read once before any worker starts: a bad one is the
 * series' failure, said once, with render's exit status (2 for a bad
 * option); -1 when they are good. */
static int
check_maps(const sm_cli *cli, const series *s)
{
    char **argv = calloc((size_t)s->npass + 8, sizeof(char *));
    char day[SM_DAY_ISO_LEN], out[PATH_MAX], alt[PATH_MAX];
    sm_cli_map m;
    int rc;

    if (argv == NULL)
        return SM_EXIT_FAIL;
    rc = sm_cli_map_parse(cli, "series", map_argv(s, s->days[0], day, out, alt, argv), argv,
                          &m);
    sm_cli_map_free(&m);
    free(argv);
    return rc;
}

/* One worker: the maps of its share of the days, in order (so that what
 * one day shares with the next, kept in a timeline, is taken again); a line
 * "i" on fd for each done, "!i message" for a failure (then it stops). */
static int
worker(sm_cli *cli, const series *s, int k, int fd)
{
    sm_cli quiet = *cli;
    char **argv = calloc((size_t)s->npass + 8, sizeof(char *));
    char day[SM_DAY_ISO_LEN], out[PATH_MAX], alt[PATH_MAX], line[64];
    int argc, rc = SM_EXIT_OK;
    int first = (int)((long)s->ndays * k / s->jobs), end = (int)((long)s->ndays * (k + 1) / s->jobs);
    sm_timeline *t = sm_timeline_new();
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_cli_map m;

    quiet.verbosity = 0;
    if (argv == NULL || t == NULL) {
        free(argv);
        sm_timeline_free(t);
        return SM_EXIT_FAIL;
    }
    argc = map_argv(s, s->days[first], day, out, alt, argv);
    if ((rc = sm_cli_map_parse(cli, "series", argc, argv, &m)) < 0 &&
        (rc = sm_cli_map_fonts(&m)) < 0) {
        rc = SM_EXIT_OK;
        m.series = true;
        m.o.fixed_furniture = true;     /* the legend stands still through the series */
        if (sm_cli_store_open(cli, SM_STORE_READ, &db, &err) != SM_OK)
            rc = sm_cli_fail(&err);
    }
    for (int i = first; i < end && rc == SM_EXIT_OK; i++) {
        m.day = s->days[i];
        expand(s->pattern, s->days[i], out, sizeof(out));
        if (s->alt_pattern)
            expand(s->alt_pattern, s->days[i], alt, sizeof(alt));
        rc = sm_cli_map_day(&quiet, &m, db, t);
        snprintf(line, sizeof(line), "%s%d\n", rc ? "!" : "", i);
        if (write(fd, line, strlen(line)) < 0 && rc == SM_EXIT_OK)
            rc = SM_EXIT_FAIL;
    }
    sm_store_close(db);
    sm_cli_map_free(&m);
    sm_timeline_free(t);
    free(argv);
    return rc;
}

static void
progress(const sm_cli *cli, const series *s, int done, int i, bool tty)
{
    char day[SM_DAY_ISO_LEN], out[PATH_MAX];
    int width = 30, filled = s->ndays ? done * width / s->ndays : width;

    if (cli->verbosity == 0)
        return;
    expand(s->pattern, s->days[i], out, sizeof(out));
    if (tty) {
        fprintf(stderr, "\r[%.*s%*s] %d/%d %s", filled, "##############################",
                width - filled, "", done, s->ndays, sm_day_format(s->days[i], day));
        if (done == s->ndays)
            fputc('\n', stderr);
    } else {
        fprintf(stderr, "series: %d/%d %s\n", done, s->ndays, out);
    }
    fflush(stderr);
}

/* Fork the workers, follow their progress, and collect them. */
static int
run_workers(sm_cli *cli, const series *s)
{
    int fds[2], done = 0, failed = 0, rc = SM_EXIT_OK;
    bool tty = isatty(STDERR_FILENO);
    pid_t pids[64];
    int npids = 0;
    FILE *in;
    char line[64];

    if (pipe(fds) != 0) {
        fprintf(stderr, "sitmap: series: cannot make a pipe: %s\n", strerror(errno));
        return SM_EXIT_FAIL;
    }
    fflush(NULL);
    for (int k = 0; k < s->jobs; k++) {
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            _exit(worker(cli, s, k, fds[1]));
        }
        if (pid < 0) {
            fprintf(stderr, "sitmap: series: cannot start a worker: %s\n", strerror(errno));
            rc = SM_EXIT_FAIL;
            break;
        }
        pids[npids++] = pid;
    }
    close(fds[1]);
    in = fdopen(fds[0], "r");
    while (in && fgets(line, sizeof(line), in)) {
        int i = atoi(line[0] == '!' ? line + 1 : line);
        if (i < 0 || i >= s->ndays)
            continue;
        if (line[0] == '!') {
            failed++;
            continue;
        }
        progress(cli, s, ++done, i, tty);
    }
    if (in)
        fclose(in);
    for (int k = 0; k < npids; k++) {
        int status = 0;
        if (waitpid(pids[k], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            rc = SM_EXIT_FAIL;
    }
    if (tty && done < s->ndays && cli->verbosity > 0)
        fputc('\n', stderr);
    if (rc != SM_EXIT_OK || failed || done < s->ndays) {
        fprintf(stderr, "sitmap: series: %d of %d maps written\n", done, s->ndays);
        return SM_EXIT_FAIL;
    }
    return SM_EXIT_OK;
}

/* Once for the series: its last maps come after the data end. */
static void
warn_stale(const sm_cli *cli, const series *s)
{
    sm_store *db = NULL;
    sm_error err = { 0 };
    sm_day latest = SM_DAY_NONE;

    if (sm_cli_store_open(cli, SM_STORE_READ, &db, &err) == SM_OK &&
        sm_store_latest_day(db, &latest, &err) == SM_OK)
        sm_cli_warn_stale(s->days[s->ndays - 1], latest, true);
    sm_store_close(db);
}

/* Which animation option a is (--gif, --webp, --mp4), or -1. */
static int
anim_kind(const char *a)
{
    static const char *const names[SM_ANIM_KINDS] = {
        [SM_ANIM_GIF] = "--gif", [SM_ANIM_WEBP] = "--webp", [SM_ANIM_MP4] = "--mp4"
    };

    for (int k = 0; k < SM_ANIM_KINDS; k++)
        if (strcmp(a, names[k]) == 0)
            return k;
    return -1;
}

/* The value of the maps' option name (--title, --lang), the last given;
 * NULL when none. */
static const char *
pass_value(const series *s, const char *name)
{
    const char *v = NULL;

    for (int i = 0; i + 1 < s->npass; i++)
        if (strcmp(s->pass[i], name) == 0)
            v = s->pass[++i];
        else if (sm_cli_render_option(s->pass[i]) == 2)
            i++;
    return v;
}

/* The page goes in the folder the maps' names share, the pattern's folder
 * before its first date (out/%Y/%m-%d.png: out/index.html). */
static void
page_path(const series *s, char *path, size_t cap)
{
    const char *date = strchr(s->pattern, '%'), *slash = NULL;

    for (const char *p = s->pattern; *p && (date == NULL || p < date); p++)
        if (*p == '/')
            slash = p;
    snprintf(path, cap, "%.*sindex.html", slash ? (int)(slash - s->pattern + 1) : 0, s->pattern);
}

/* The page and the animations of the maps drawn. */
static int
write_outputs(const sm_cli *cli, const series *s)
{
    sm_cli_frames f = { .n = s->ndays, .days = s->days };
    const char *lang = pass_value(s, "--lang");
    char path[PATH_MAX];
    int rc = SM_EXIT_OK;

    if (!s->html && !s->anims[SM_ANIM_GIF] && !s->anims[SM_ANIM_WEBP] && !s->anims[SM_ANIM_MP4])
        return SM_EXIT_OK;
    f.maps = g_new0(char *, (gsize)s->ndays + 1);
    f.alts = g_new0(char *, (gsize)s->ndays + 1);
    for (int i = 0; i < s->ndays; i++) {
        expand(s->pattern, s->days[i], path, sizeof(path));
        f.maps[i] = g_strdup(path);
        /* each map's words, its text alternative on the page */
        if (s->alt_pattern && expand(s->alt_pattern, s->days[i], path, sizeof(path)) &&
            g_file_get_contents(path, &f.alts[i], NULL, NULL))
            g_strchomp(f.alts[i]);
    }
    if (s->html) {
        sm_words *words = NULL;
        /* the page in the maps' language (en+ar's: English) */
        rc = sm_cli_load_words("series", lang && strcmp(lang, "en+ar") ? lang : "en", &words);
        sm_cli_page page = { .path = path, .title = pass_value(s, "--title"), .words = words,
                             .inline_maps = s->inline_maps };
        page_path(s, path, sizeof(path));
        if (rc < 0 && (rc = sm_cli_viewer_write(&page, &f)) == SM_EXIT_OK)
            sm_cli_say(cli, "%s: %d maps on a page%s\n", path, s->ndays,
                       s->inline_maps ? ", inlined" : "");
        sm_words_free(words);
    }
    for (int k = 0; k < SM_ANIM_KINDS && rc == SM_EXIT_OK; k++)
        if (s->anims[k] &&
            (rc = sm_cli_animation_write((sm_cli_anim)k, s->anims[k], &f, 0.5)) == SM_EXIT_OK)
            sm_cli_say(cli, "%s: %d maps animated\n", s->anims[k], s->ndays);
    g_strfreev(f.maps);
    for (int i = 0; i < s->ndays; i++)
        g_free(f.alts[i]);
    g_free(f.alts);
    return rc;
}

int
sm_cli_series(sm_cli *cli, int argc, char **argv)
{
    series s = { .from = SM_DAY_NONE, .to = SM_DAY_NONE, .step = 1 };
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    char out[PATH_MAX], last[PATH_MAX];
    int rc;

    s.jobs = cores > 0 ? (int)(cores < 64 ? cores : 64) : 1;
    s.pass = calloc((size_t)argc + 1, sizeof(char *));
    if (s.pass == NULL)
        return SM_EXIT_FAIL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int words = sm_cli_render_option(a);   /* render's, passed on to each map */
        bool valued = words == 2;

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            free(s.pass);
            return SM_EXIT_OK;
        }
        if (strcmp(a, "--html") == 0 || strcmp(a, "--inline") == 0) {
            s.html = true;
            s.inline_maps |= a[2] == 'i';
            continue;
        }
        if (strcmp(a, "--alt-text") == 0) {    /* a name for each day, as -o */
            if (v == NULL) {
                free(s.pass);
                return sm_cli_usage("series", "%s wants a value", a);
            }
            s.alt_pattern = v;
            i++;
            continue;
        }
        if (words == 1) {
            s.pass[s.npass++] = argv[i];
            continue;
        }
        if (v == NULL && (valued || !strcmp(a, "--from") || !strcmp(a, "--to") ||
                          !strcmp(a, "--step") || !strcmp(a, "--jobs") || !strcmp(a, "-o") ||
                          anim_kind(a) >= 0)) {
            free(s.pass);
            return sm_cli_usage("series", "%s wants a value", a);
        }
        if (strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0) {
            if (!sm_cli_day("series", a, v, a[2] == 'f' ? &s.from : &s.to)) {
                free(s.pass);
                return SM_EXIT_USAGE;
            }
        } else if (strcmp(a, "--step") == 0 || strcmp(a, "--jobs") == 0) {
            if (!sm_cli_count("series", a, v, a[2] == 's' ? &s.step : &s.jobs) ||
                (a[2] == 's' ? s.step : s.jobs) < 1) {
                free(s.pass);
                return sm_cli_usage("series", "%s \"%s\": want a whole number of 1 or more",
                                    a, v);
            }
        } else if (strcmp(a, "-o") == 0) {
            s.pattern = v;
        } else if (anim_kind(a) >= 0) {
            s.anims[anim_kind(a)] = v;
        } else if (valued) {
            s.pass[s.npass++] = argv[i];
            s.pass[s.npass++] = argv[i + 1];
        } else {
            free(s.pass);
            return sm_cli_usage("series", "unknown option or argument \"%s\"", a);
        }
        i++;
    }
    rc = SM_EXIT_USAGE;
    if (s.from == SM_DAY_NONE || s.to == SM_DAY_NONE)
        sm_cli_usage("series", "--from and --to are required");
    else if (s.to < s.from)
        sm_cli_usage("series", "--to comes before --from");
    else if (s.pattern == NULL)
        sm_cli_usage("series", "-o 'DIR/%%Y-%%m-%%d.png' is required");
    else if (!expand(s.pattern, s.from, out, sizeof(out)))
        sm_cli_usage("series", "-o \"%s\": the name must hold the date (%%Y, %%m, %%d),"
                     " or every map would overwrite the last", s.pattern);
    else if (s.alt_pattern && !expand(s.alt_pattern, s.from, last, sizeof(last)))
        sm_cli_usage("series", "--alt-text \"%s\": the name must hold the date (%%Y, %%m,"
                     " %%d), or every text would overwrite the last", s.alt_pattern);
    else if ((s.to - s.from) / s.step + 1 > 100000)
        sm_cli_usage("series", "more than 100,000 maps");
    else
        rc = -1;
    if (rc >= 0) {
        free(s.pass);
        return rc;
    }
    s.ndays = (s.to - s.from) / s.step + 1;
    s.days = malloc((size_t)s.ndays * sizeof(sm_day));
    for (int i = 0; s.days && i < s.ndays; i++)
        s.days[i] = s.from + i * s.step;
    s.jobs = s.jobs < s.ndays ? s.jobs : s.ndays;
    s.jobs = s.jobs < 64 ? s.jobs : 64;        /* at most 64 workers */
    if (s.days && !distinct_names(&s)) {
        free(s.days);
        free(s.pass);
        return SM_EXIT_USAGE;
    }
    rc = s.days ? SM_EXIT_OK : SM_EXIT_FAIL;
    for (int i = 0; i < 2 * s.ndays && rc == SM_EXIT_OK; i++) {  /* out/%Y/...: a folder a year */
        const char *pattern = i < s.ndays ? s.pattern : s.alt_pattern;
        if (pattern == NULL)
            break;
        if (!make_parent((expand(pattern, s.days[i % s.ndays], out, sizeof(out)), out))) {
            fprintf(stderr, "sitmap: series: cannot make the folder of %s: %s\n", out,
                    strerror(errno));
            rc = SM_EXIT_FAIL;
        }
    }
    expand(s.pattern, s.from, out, sizeof(out));
    if (rc == SM_EXIT_OK && (rc = check_maps(cli, &s)) < 0 &&
        (rc = sm_cli_animation_check(s.anims)) == SM_EXIT_OK)
        rc = run_workers(cli, &s);
    if (rc == SM_EXIT_OK)
        warn_stale(cli, &s);
    if (rc == SM_EXIT_OK)
        rc = write_outputs(cli, &s);
    if (rc == SM_EXIT_OK)
        sm_cli_say(cli, "series: %d maps, %s to %s\n", s.ndays, out,
                   (expand(s.pattern, s.days[s.ndays - 1], last, sizeof(last)), last));
    free(s.days);
    free(s.pass);
    return rc;
}
