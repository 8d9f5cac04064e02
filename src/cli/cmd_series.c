/* SPDX-License-Identifier: MIT */
/*
 * cmd_series.c - `sitmap series --from D1 --to D2 [--step DAYS] [--jobs N]
 * [--html] [--mp4 FILE] [render options] -o 'DIR/%Y-%m-%d.png'`: one map a
 * step, rendered by N worker processes (default: one a core), each drawing
 * a run of consecutive days with the render command's own code and options
 * and one timeline (what the days share: derived zones, places), with a
 * progress bar on a terminal and plain progress lines otherwise; then,
 * optionally, a self-contained HTML page to step through the maps with a
 * slider and the arrow keys, and a video through ffmpeg.
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

#include "core/atomic_file.h"
#include "core/buf.h"

static const char usage_text[] =
    "usage: sitmap [--db PATH] series --from D1 --to D2 [--step DAYS] [--jobs N]\n"
    "                  [--html] [--mp4 FILE] [render options] -o 'DIR/%Y-%m-%d.png'\n\n"
    "One map a step (default 1 day) from D1 to D2, each as `sitmap render --date D`\n"
    "would draw it with the same options (--window, --region, --bbox, --size, --preset,\n"
    "--scale, --style, --title, --subtitle, --credit, --date-format, --no-date-line,\n"
    "--lang, --no-inset), rendered by N processes\n"
    "at once"
    " (default: one a core). In the output name %Y, %m and %d stand for the map's date.\n"
    "--html writes DIR/index.html, one page holding every map, to step through them\n"
    "with a slider and the arrow keys; --mp4 FILE writes a video with ffmpeg.\n";

typedef struct series {
    sm_day from, to;
    int step, jobs;
    const char *pattern;
    bool html;
    const char *mp4;
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

/* The arguments of a `render` of day into out (from the series' options);
 * argv holds npass + 8; returns their count. */
static int
map_argv(const series *s, sm_day d, char day[SM_DAY_ISO_LEN], char out[PATH_MAX], char **argv)
{
    int argc = 0;

    argv[argc++] = "series";
    argv[argc++] = "--date";
    argv[argc++] = sm_day_format(d, day);
    for (int p = 0; p < s->npass; p++)
        argv[argc++] = s->pass[p];
    argv[argc++] = "-o";
    argv[argc++] = out;
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
    char day[SM_DAY_ISO_LEN], out[PATH_MAX];
    sm_cli_map m;
    int rc;

    if (argv == NULL)
        return SM_EXIT_FAIL;
    rc = sm_cli_map_parse(cli, "series", map_argv(s, s->days[0], day, out, argv), argv, &m);
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
    char day[SM_DAY_ISO_LEN], out[PATH_MAX], line[64];
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
    argc = map_argv(s, s->days[first], day, out, argv);
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

/* The series' --title, passed on to the maps; NULL when none. */
static const char *
series_title(const series *s)
{
    const char *title = NULL;

    for (int i = 0; i + 1 < s->npass; i++)
        if (strcmp(s->pass[i], "--title") == 0)
            title = s->pass[++i];
        else if (sm_cli_render_option(s->pass[i]) == 2)
            i++;
    return title;
}

/* DIR/index.html: the maps inlined as data URIs, a slider, the arrow keys.
 * The maps, their dates and names are elements the script reads, every
 * text escaped as HTML (no text goes into the script itself).
 * With #selftest in its address the page steps forward twice by itself and
 * notes the date shown in <body data-test>, for a headless browser. */
static int
write_html(const series *s, char *path, size_t cap)
{
    sm_atomic_file af = SM_ATOMIC_FILE_INIT;
    sm_error err = { 0 };
    char out[PATH_MAX], day[SM_DAY_ISO_LEN], *slash;
    const char *title = series_title(s);
    FILE *fp;

    expand(s->pattern, s->days[0], out, sizeof(out));
    slash = strrchr(out, '/');
    snprintf(path, cap, "%.*sindex.html", slash ? (int)(slash - out + 1) : 0, out);
    if (sm_atomic_file_open(&af, path, &err) != SM_OK)
        return sm_cli_fail(&err);
    fp = af.fp;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", fp);
    sm_text_xml_put(fp, title ? title : "sitmap series");
    fputs("</title>\n<style>body{margin:0;font:15px 'Noto Sans',sans-serif;"
          "background:#f4f2ee}#bar{display:flex;gap:12px;align-items:center;padding:8px 16px}"
          "#slider{flex:1}#map{display:block;max-width:100%;margin:0 auto}</style></head>\n"
          "<body><div id=\"bar\"><span id=\"date\"></span>"
          "<input id=\"slider\" type=\"range\" min=\"0\" step=\"1\" value=\"0\">"
          "<span>&larr; &rarr;</span></div><img id=\"map\" alt=\"\">\n<div id=\"maps\" hidden>\n",
          fp);
    for (int i = 0; i < s->ndays; i++) {
        gchar *data = NULL, *b64;
        gsize len = 0;
        expand(s->pattern, s->days[i], out, sizeof(out));
        if (!g_file_get_contents(out, &data, &len, NULL)) {
            sm_atomic_file_discard(&af);
            fprintf(stderr, "sitmap: series: %s: cannot read it back for the page\n", out);
            return SM_EXIT_FAIL;
        }
        b64 = g_base64_encode((const guchar *)data, len);
        fputs("<a data-date=\"", fp);
        sm_text_xml_put(fp, sm_day_format(s->days[i], day));
        fprintf(fp, "\" href=\"data:image/%s;base64,", strstr(out, ".svg") ? "svg+xml" : "png");
        sm_text_xml_put(fp, b64);
        fputs("\">", fp);
        sm_text_xml_put(fp, out);
        fputs("</a>\n", fp);
        g_free(b64);
        g_free(data);
    }
    fputs("</div>\n<script>\nconst maps=[...document.querySelectorAll('#maps a')].map("
          "a=>[a.dataset.date,a.getAttribute('href'),a.textContent]);\n"
          "const slider=document.getElementById('slider'),img=document.getElementById('map'),"
          "label=document.getElementById('date');\nslider.max=maps.length-1;\n"
          "function show(i){i=Math.max(0,Math.min(maps.length-1,i));slider.value=i;"
          "img.src=maps[i][1];img.alt=maps[i][2];label.textContent=maps[i][0];"
          "document.body.dataset.shown=maps[i][0];}\n"
          "slider.addEventListener('input',()=>show(+slider.value));\n"
          "document.addEventListener('keydown',e=>{if(e.key==='ArrowRight')show(+slider.value+1);"
          "else if(e.key==='ArrowLeft')show(+slider.value-1);});\nshow(0);\n"
          "if(location.hash==='#selftest'){for(let k=0;k<2;k++)document.dispatchEvent("
          "new KeyboardEvent('keydown',{key:'ArrowRight'}));"
          "document.body.dataset.test=label.textContent;}\n</script></body></html>\n",
          fp);
    if (sm_atomic_file_commit(&af, &err) != SM_OK) {
        sm_atomic_file_discard(&af);
        return sm_cli_fail(&err);
    }
    sm_atomic_file_discard(&af);
    return SM_EXIT_OK;
}

/* The maps as a video, two a second, when ffmpeg is there. */
static int
write_mp4(const series *s)
{
    char list[PATH_MAX], out[PATH_MAX];
    FILE *fp;
    int rc;
    gchar *cmd, *qlist, *qmp4;

    if (system("command -v ffmpeg >/dev/null 2>&1") != 0) {
        fprintf(stderr, "sitmap: series: --mp4 needs ffmpeg, which is not installed\n");
        return SM_EXIT_FAIL;
    }
    snprintf(list, sizeof(list), "%s.frames.txt", s->mp4);
    if ((fp = fopen(list, "w")) == NULL) {
        fprintf(stderr, "sitmap: series: %s: %s\n", list, strerror(errno));
        return SM_EXIT_FAIL;
    }
    for (int i = 0; i < s->ndays; i++) {
        char *abs;
        bool ok;
        expand(s->pattern, s->days[i], out, sizeof(out));
        abs = realpath(out, NULL);
        fputs("file ", fp);
        ok = sm_text_ffconcat_put(fp, abs ? abs : out);
        fputs("\nduration 0.5\n", fp);
        free(abs);
        if (!ok) {
            fclose(fp);
            remove(list);
            fprintf(stderr, "sitmap: series: --mp4: %s: ffmpeg's list of maps cannot hold a"
                    " name with a line break\n", out);
            return SM_EXIT_FAIL;
        }
    }
    fclose(fp);
    qlist = g_shell_quote(list);
    qmp4 = g_shell_quote(s->mp4);
    cmd = g_strdup_printf("ffmpeg -loglevel error -y -f concat -safe 0 -i %s -vf "
                          "'pad=ceil(iw/2)*2:ceil(ih/2)*2,format=yuv420p' -c:v libx264 %s",
                          qlist, qmp4);
    rc = system(cmd);
    g_free(cmd);
    g_free(qlist);
    g_free(qmp4);
    remove(list);
    if (rc != 0) {
        fprintf(stderr, "sitmap: series: ffmpeg could not write %s\n", s->mp4);
        return SM_EXIT_FAIL;
    }
    return SM_EXIT_OK;
}

int
sm_cli_series(sm_cli *cli, int argc, char **argv)
{
    series s = { .from = SM_DAY_NONE, .to = SM_DAY_NONE, .step = 1 };
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    char out[PATH_MAX], html[PATH_MAX];
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
        if (strcmp(a, "--html") == 0) {
            s.html = true;
            continue;
        }
        if (words == 1) {
            s.pass[s.npass++] = argv[i];
            continue;
        }
        if (v == NULL && (valued || !strcmp(a, "--from") || !strcmp(a, "--to") ||
                          !strcmp(a, "--step") || !strcmp(a, "--jobs") || !strcmp(a, "-o") ||
                          !strcmp(a, "--mp4"))) {
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
        } else if (strcmp(a, "--mp4") == 0) {
            s.mp4 = v;
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
    rc = s.days && make_parent(out) ? SM_EXIT_OK : SM_EXIT_FAIL;
    if (rc != SM_EXIT_OK)
        fprintf(stderr, "sitmap: series: cannot make the folder of %s: %s\n", out,
                strerror(errno));
    if (rc == SM_EXIT_OK && (rc = check_maps(cli, &s)) < 0)
        rc = run_workers(cli, &s);
    if (rc == SM_EXIT_OK)
        warn_stale(cli, &s);
    if (rc == SM_EXIT_OK && s.html && (rc = write_html(&s, html, sizeof(html))) == SM_EXIT_OK)
        sm_cli_say(cli, "%s: %d maps on one page\n", html, s.ndays);
    if (rc == SM_EXIT_OK && s.mp4 && (rc = write_mp4(&s)) == SM_EXIT_OK)
        sm_cli_say(cli, "%s: %d maps as a video\n", s.mp4, s.ndays);
    if (rc == SM_EXIT_OK)
        sm_cli_say(cli, "series: %d maps, %s to %s\n", s.ndays, out,
                   (expand(s.pattern, s.days[s.ndays - 1], html, sizeof(html)), html));
    free(s.days);
    free(s.pass);
    return rc;
}
