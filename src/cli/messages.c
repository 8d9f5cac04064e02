/* SPDX-License-Identifier: MIT */
/* messages.c - how `sitmap` speaks: errors on stderr, results on stdout. */
#include "cli/cli.h"

#include <json-c/json.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void
sm_cli_warn_stale(sm_day day, sm_day latest, bool many)
{
    char d[SM_DAY_ISO_LEN], l[SM_DAY_ISO_LEN];

    if (latest == SM_DAY_NONE || day <= latest)
        return;
    fprintf(stderr, "sitmap: warning: the data end on %s: the map%s %s %s the situation of"
                    " then, as noted under the date\n", sm_day_format(latest, l),
            many ? "s up to" : " of", sm_day_format(day, d), many ? "show" : "shows");
}

/* Told while a writer waits for another: a line on a terminal, once. */
static void
waiting(void *ctx, const char *path, double waited_s)
{
    bool *told = ctx;

    (void)waited_s;
    if (!*told && isatty(STDERR_FILENO))
        fprintf(stderr, "sitmap: %s: waiting for another sitmap writing to it...\n", path);
    *told = true;
}

sm_status
sm_cli_store_open(const sm_cli *cli, sm_store_mode mode, sm_store **db, sm_error *err)
{
    static bool told;
    sm_store_wait w = { 0, waiting, &told };

    return sm_store_open_wait(cli->db_uri ? cli->db_uri : cli->db_path, mode, &w, db, err);
}

int
sm_cli_fail(const sm_error *err)
{
    fprintf(stderr, "sitmap: %s\n", err->msg[0] ? err->msg : sm_status_text(err->status));
    return err->status == SM_EUSAGE ? SM_EXIT_USAGE : SM_EXIT_FAIL;
}

int
sm_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fputs("sitmap: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'sitmap %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return SM_EXIT_USAGE;
}

void
sm_cli_say(const sm_cli *cli, const char *fmt, ...)
{
    va_list ap;

    if (cli->verbosity < 1)
        return;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

bool
sm_cli_day(const char *cmd, const char *option, const char *text, sm_day *out)
{
    if (sm_day_parse(text, out))
        return true;
    sm_cli_usage(cmd, "%s \"%s\" is not a calendar date (want YYYY-MM-DD)", option, text);
    return false;
}

bool
sm_cli_count(const char *cmd, const char *option, const char *text, int *out)
{
    if (sm_text_to_count(text, out) && *out > 0)
        return true;
    sm_cli_usage(cmd, "%s \"%s\" is not a positive whole number", option, text);
    return false;
}

bool
sm_cli_window(const char *cmd, const char *text, int *out)
{
    int v;

    if (sm_text_to_count(text, &v) && v > 0 && v <= SM_CLI_MAX_WINDOW) {
        *out = v;
        return true;
    }
    sm_cli_usage(cmd, "--window \"%s\": want a whole number of days from 1 to %d (100 years)",
                 text, SM_CLI_MAX_WINDOW);
    return false;
}

/* A whole number of digits alone (no sign, blank or junk) from *p, which
 * is left after it; false when there is none or it passes max. */
static bool
digits(const char **p, long max, long *out)
{
    char *end;

    if (!isdigit((unsigned char)**p))
        return false;
    errno = 0;
    *out = strtol(*p, &end, 10);
    if (errno == ERANGE || *out > max)
        return false;
    *p = end;
    return true;
}

bool
sm_cli_size(const char *cmd, const char *text, int *w, int *h)
{
    const char *p = text;
    long a, b;

    if (digits(&p, SM_CLI_MAX_SIDE, &a) && *p == 'x' && (p++, digits(&p, SM_CLI_MAX_SIDE, &b)) &&
        *p == '\0' && a >= SM_CLI_MIN_SIDE && b >= SM_CLI_MIN_SIDE &&
        (double)a * (double)b <= SM_CLI_MAX_PIXELS) {
        *w = (int)a;
        *h = (int)b;
        return true;
    }
    sm_cli_usage(cmd, "--size \"%s\": want WIDTHxHEIGHT in pixels, each from %d to %d"
                 " (%d megapixels at most)", text, SM_CLI_MIN_SIDE, SM_CLI_MAX_SIDE,
                 SM_CLI_MAX_PIXELS / 1000000);
    return false;
}

bool
sm_cli_bbox(const char *cmd, const char *text, double box[4])
{
    char part[64];
    const char *p = text;
    int n = 0;

    for (; n < 4; n++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len >= sizeof(part))
            break;
        memcpy(part, p, len);
        part[len] = '\0';
        if (!sm_text_to_double(part, &box[n]) || (n < 3) != (comma != NULL))
            break;
        p = comma ? comma + 1 : p + len;
    }
    if (n < 4) {
        sm_cli_usage(cmd, "--bbox \"%s\": want W,S,E,N, four numbers in degrees", text);
        return false;
    }
    if (!(box[0] >= -180 && box[0] < box[2] && box[2] <= 180 && box[1] >= -85 &&
          box[1] < box[3] && box[3] <= 85)) {
        sm_cli_usage(cmd, "--bbox \"%s\" is not a box: want west < east within -180..180"
                     " and south < north within -85..85", text);
        return false;
    }
    return true;
}

struct json_object *
sm_cli_json_num(double v, const char *fmt)
{
    char buf[32];

    snprintf(buf, sizeof(buf), fmt, v);
    return json_object_new_double_s(v, buf);
}

double
sm_cli_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

sm_gaz *
sm_cli_load_gazetteer(sm_cli *cli, sm_store *db, const sm_theatre *t)
{
    sm_error err = { 0 };
    sm_store *own = NULL;
    sm_gaz *gaz = NULL;

    if (db == NULL && sm_cli_store_open(cli, SM_STORE_READ, &own, &err) != SM_OK) {
        sm_cli_fail(&err);
        return NULL;
    }
    if (sm_store_gazetteer_load(db ? db : own, &gaz, &err) != SM_OK ||
        sm_gaz_set_country(gaz, t->country, &err) != SM_OK) {
        sm_gaz_free(gaz);
        gaz = NULL;
        sm_cli_fail(&err);
    }
    sm_store_close(own);
    return gaz;
}
