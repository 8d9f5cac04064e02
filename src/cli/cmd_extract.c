/* SPDX-License-Identifier: MIT */
/*
 * cmd_extract.c - `sitmap extract [--date YYYY-MM-DD] [--json|--geojson|--csv]
 * [--into-db] [--source LABEL] FILE...|-`: news text to place mentions and
 * a draft of its events, through the gazetteer of the database.
 *
 * The gazetteer is the database's; with no database (and no --into-db), the
 * shipped one (gazetteer/).
 *
 * Output, per file: a readable list (default); --json one object (DESIGN
 * shape, plus each mention's kind and reason; with several files one object
 * a line, each with its "file"); --geojson the events as points; --csv the
 * events as rows. --into-db stores the events in one transaction, each with
 * an id made from its article, sentence, place and type, so that the same
 * article extracted again updates its events instead of adding them.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/text.h"
#include "extract/extract.h"

static const char extract_usage[] =
    "usage: sitmap [--db PATH] extract [--date YYYY-MM-DD] [--json|--geojson|--csv]\n"
    "                  [--into-db] [--source LABEL] FILE...|-\n\n"
    "Find the places a news text names (any transliteration, Arabic script) and\n"
    "the incidents it reports (English or Arabic): type, place, date (resolved\n"
    "against --date, the article's date; default today), fatalities, actors.\n"
    "Places abroad, and names of people, factions and outlets, are reported as\n"
    "such and not put on the map. --into-db stores the events (source: --source,\n"
    "else the file name); an incident another source's event already is (the same\n"
    "type, within 5 km and a day) is kept as a further report of that event.\n";

/* Events of different sources that are one incident: the same type, this
 * near, this many days apart at most. */
#define SAME_INCIDENT_KM 5.0
#define SAME_INCIDENT_DAYS 1

enum { OPT_DATE = 256, OPT_JSON, OPT_GEOJSON, OPT_CSV, OPT_INTO_DB, OPT_SOURCE };
typedef enum { OUT_TEXT, OUT_JSON, OUT_GEOJSON, OUT_CSV } out_format;

typedef struct run {
    sm_cli *cli;
    const sm_gaz *gaz;
    sm_extractor *x;
    sm_day day;
    out_format format;
    int nfiles;
    sm_store *db;               /* --into-db */
    const char *source;
    long stored, kept, reports;
    int64_t batch;
    bool csv_header_done;
    sm_cli_extract_json json;   /* --json, --geojson */
    sm_json_out *out;           /* ... to standard output */
    FILE *features;             /* --geojson: the features of every file, kept
                                   until the last is done (in a temporary file,
                                   else in memory) */
    sm_json_out *features_out;
    bool no_feature_yet;
} run;

static const char *const kind_names[] = { "place", "country", "abroad", "not_place" };

/* The whole of a file (or standard input) into memory: a regular file's
 * size at once (a buffer doubled as it fills would leave the smaller ones
 * behind in the heap, half the text again), else as it comes. */
static char *
slurp(const char *path, size_t *len, sm_error *err)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    struct stat st;

    if (fp == NULL) {
        sm_fail(err, SM_EIO, "%s: cannot open", path);
        return NULL;
    }
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size <= SM_EXTRACT_MAX_BYTES &&
        (buf = malloc((size_t)st.st_size + 65536 + 1)) != NULL)
        cap = (size_t)st.st_size + 65536 + 1;  /* room to see the end without growing */
    for (;;) {
        size_t got;
        if (n + 65536 + 1 > cap) {
            char *nb;
            cap = cap ? cap * 2 : 1 << 20;
            if (cap > SM_EXTRACT_MAX_BYTES + (size_t)(1 << 20) ||
                (nb = realloc(buf, cap)) == NULL) {
                free(buf);
                if (fp != stdin)
                    fclose(fp);
                sm_fail(err, SM_EINPUT, "%s: too large (over %zu bytes)", path,
                        SM_EXTRACT_MAX_BYTES);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        free(buf);
        buf = NULL;
        sm_fail(err, SM_EIO, "%s: cannot read", path);
    }
    if (fp != stdin)
        fclose(fp);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* An event's place: the mention's, and its name and point. */
static const sm_mention *
event_mention(const sm_extraction *ex, const sm_found_event *e)
{
    return &ex->mentions[e->mention];
}

/* A CSV field, quoted when it must be (RFC 4180). */
static void
csv_field(const char *s, size_t n, bool last)
{
    bool quote = memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
                 memchr(s, '\r', n);

    if (quote) {
        putchar('"');
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '"')
                putchar('"');
            putchar(s[i]);
        }
        putchar('"');
    } else {
        fwrite(s, 1, n, stdout);
    }
    putchar(last ? '\n' : ',');
}

static void
print_csv_header(run *r)
{
    if (!r->csv_header_done) {
        puts("file,date,date_precision,type,place,place_id,lat,lon,precision,fatalities,"
             "fatalities_lower_bound,actors,sentence");
        r->csv_header_done = true;
    }
}

static void
print_csv(run *r, const char *path, const char *text, const sm_extraction *ex)
{
    print_csv_header(r);
    for (size_t i = 0; i < ex->nevents; i++) {
        const sm_found_event *e = &ex->events[i];
        const sm_mention *m = event_mention(ex, e);
        char buf[64], day[SM_DAY_ISO_LEN], label[256];

        csv_field(path, strlen(path), false);
        csv_field(sm_day_format(e->day, day), 10, false);
        printf("%d,%s,", e->date_precision, sm_event_type_name(e->type));
        csv_field(label, sm_gaz_label(m->name, label, sizeof(label)), false);
        printf("%lld,%.5f,%.5f,%d,", (long long)sm_gaz_place(r->gaz, m->place)->id, m->lat_deg,
               m->lon_deg, e->geo_precision);
        if (e->fatalities >= 0)
            snprintf(buf, sizeof(buf), "%d", e->fatalities);
        else
            buf[0] = '\0';
        printf("%s,%s,", buf, e->fatalities_lower_bound ? "true" : "false");
        csv_field(e->actors, strlen(e->actors), false);
        csv_field(text + e->start, e->end - e->start, true);
    }
}

static void
print_text(const run *r, const char *path, const char *text, const sm_extraction *ex)
{
    size_t placed = 0;

    for (size_t i = 0; i < ex->nmentions; i++)
        placed += ex->mentions[i].kind == SM_MENTION_PLACE;
    printf("%s: %d sentences, %zu names (%zu places on the map), %zu events\n", path,
           ex->sentences, ex->nmentions, placed, ex->nevents);
    for (size_t i = 0; i < ex->nmentions; i++) {
        const sm_mention *m = &ex->mentions[i];
        printf("  %-9s %.*s", kind_names[m->kind], (int)(m->end - m->start), text + m->start);
        if (m->kind == SM_MENTION_PLACE)
            printf(" -> %s (%.5f, %.5f)%s", m->name, m->lat_deg, m->lon_deg,
                   m->anchor ? ", a reference point" : "");
        else if (m->name)
            printf(" -> %s (%s)", m->name, m->country ? m->country : "");
        printf("; %s\n", m->why);
    }
    for (size_t i = 0; i < ex->nevents; i++) {
        const sm_found_event *e = &ex->events[i];
        const sm_mention *m = event_mention(ex, e);
        char day[SM_DAY_ISO_LEN], label[256];

        sm_gaz_label(m->name, label, sizeof(label));
        printf("  event %s %s at %s (%.5f, %.5f), precision date %d place %d",
               sm_day_format(e->day, day), sm_event_type_name(e->type), label, m->lat_deg,
               m->lon_deg, e->date_precision, e->geo_precision);
        if (e->fatalities >= 0)
            printf(", %s%d killed", e->fatalities_lower_bound ? "at least " : "", e->fatalities);
        if (e->actors[0])
            printf(", actors: %s", e->actors);
        printf("\n    \"%.*s\"\n", (int)(e->end - e->start), text + e->start);
    }
    (void)r;
}

/* The event as the store keeps it, its id made from its article (the
 * --source label, else the file's path), its sentence, its place and its
 * type: the same article read again gives the same ids, two places struck
 * in one sentence two events. */
static sm_status
store_events(run *r, const char *path, const char *text, const sm_extraction *ex,
             sm_error *err)
{
    for (size_t i = 0; i < ex->nevents; i++) {
        const sm_found_event *e = &ex->events[i];
        const sm_mention *m = event_mention(ex, e);
        const sm_place *p = sm_gaz_place(r->gaz, m->place);
        char uid[64], actor1[160] = "", *semi, notes[2048];
        uint64_t h = SM_HASH_INIT;
        sm_put_result res;
        sm_event ev = { 0 };
        sm_status st;

        /* the sentence, its blanks made one: the same sentence, the same id */
        h = sm_hash_str(h, r->source ? r->source : path);
        for (size_t k = e->start; k < e->end; k++) {
            char c = text[k] == '\n' || text[k] == '\t' || text[k] == '\r' ? ' ' : text[k];
            if (c == ' ' && k > e->start && (text[k - 1] == ' ' || text[k - 1] == '\n'))
                continue;
            h = sm_hash_bytes(h, &c, 1);
        }
        h = sm_hash_str(h, sm_event_type_name(e->type));
        h = sm_hash_bytes(h, &p->id, sizeof(p->id));
        snprintf(uid, sizeof(uid), "text-%016llx", (unsigned long long)h);
        snprintf(actor1, sizeof(actor1), "%s", e->actors);
        semi = strchr(actor1, ';');
        if (semi)
            *semi = '\0';
        snprintf(notes, sizeof(notes), "%.*s", (int)(e->end - e->start), text + e->start);
        ev.uid = uid;
        ev.day = e->day;
        ev.date_precision = e->date_precision;
        ev.type = e->type;
        ev.actor1 = actor1[0] ? actor1 : NULL;
        ev.actor2 = semi ? semi + 2 : NULL;
        ev.admin1 = sm_gaz_admin1_name(r->gaz, p->admin1);
        ev.place = p->name;
        ev.place_id = p->id;
        ev.has_point = true;
        ev.lon_deg = p->lon_deg;
        ev.lat_deg = p->lat_deg;
        ev.geo_precision = e->geo_precision;
        ev.fatalities = e->fatalities;
        ev.source = r->source ? r->source : path;
        ev.notes = notes;
        ev.dataset = "extract";
        if ((st = sm_store_report_put(r->db, &ev, SAME_INCIDENT_KM, SAME_INCIDENT_DAYS, &res,
                                      err)) != SM_OK)
            return st;
        if (res == SM_PUT_NEW)
            r->stored++;
        else if (res == SM_PUT_REPORT)
            r->reports++;
        else
            r->kept++;
    }
    return SM_OK;
}

/* One file, part by part (sm_extract_parts): what user holds. */
typedef struct file_run {
    run *r;
    const char *path, *text;
    size_t len;
    bool started;               /* the text was taken: what comes before its parts said */
    bool part_failed;           /* the error is one_part's (the store's) */
    sm_cli_extract_doc *doc;    /* --json */
} file_run;

/* What comes before the first part, once the text is taken. */
static void
start(file_run *f)
{
    if (f->started)
        return;
    f->started = true;
    if (f->len == 0 || sm_text_is_blank(f->text))
        sm_cli_say(f->r->cli, "%s: no text\n", f->path);
    if (f->r->format == OUT_CSV)
        print_csv_header(f->r);
}

/* A part of the file written out (and stored) as soon as it is done. */
static sm_status
one_part(void *user, sm_extraction *part, sm_error *err)
{
    file_run *f = user;
    run *r = f->r;
    sm_status st;

    start(f);
    switch (r->format) {
    case OUT_JSON: sm_cli_extract_json_part(&r->json, f->doc, f->text, part); break;
    case OUT_GEOJSON:
        sm_cli_extract_geojson_features(&r->json, r->features_out, &r->no_feature_yet, f->path,
                                        f->text, part);
        break;
    case OUT_CSV: print_csv(r, f->path, f->text, part); break;
    case OUT_TEXT: break;
    }
    if (r->db && (st = store_events(r, f->path, f->text, part, err)) != SM_OK) {
        f->part_failed = true;
        return st;
    }
    return SM_OK;
}

/* The error of extracting path, named. */
static sm_status
extract_failed(const char *path, sm_status st, sm_error *err)
{
    char msg[sizeof(err->msg)];

    snprintf(msg, sizeof(msg), "%s", err->msg);
    sm_error_clear(err);
    return sm_fail(err, st, "%s: %s", strcmp(path, "-") == 0 ? "standard input" : path, msg);
}

/* The readable list gives the counts first: the whole extraction is kept.
 * The other outputs are written part by part, each part freed once
 * written, so that a long text's memory is that of one part. */
static sm_status
one_file(run *r, const char *path, sm_error *err)
{
    size_t len = 0;
    char *text = slurp(path, &len, err);
    sm_extraction ex;
    sm_status st;

    if (text == NULL)
        return SM_EINPUT;
    if (r->format == OUT_TEXT) {
        if ((st = sm_extract(r->x, text, len, r->day, &ex, err)) != SM_OK) {
            free(text);
            return extract_failed(path, st, err);
        }
        if (len == 0 || sm_text_is_blank(text))
            sm_cli_say(r->cli, "%s: no text\n", path);
        print_text(r, path, text, &ex);
        if (r->db)
            st = store_events(r, path, text, &ex, err);
        sm_extraction_free(&ex);
    } else {
        file_run f = { .r = r, .path = path, .text = text, .len = len };
        if (r->format == OUT_JSON) {
            if ((f.doc = malloc(sizeof(*f.doc))) == NULL) {
                free(text);
                return sm_fail(err, SM_ENOMEM, "out of memory");
            }
            sm_cli_extract_json_begin(f.doc, r->out, r->nfiles > 1 ? path : NULL);
        }
        st = sm_extract_parts(r->x, text, len, r->day, one_part, &f, err);
        if (st == SM_OK)
            start(&f);                  /* an empty text has no part */
        else if (!f.part_failed)
            st = extract_failed(path, st, err);
        if (f.doc) {
            /* a failed file's object is left unclosed, not made to look whole */
            if (st != SM_OK)
                sm_cli_extract_json_discard(f.doc);
            else if (!sm_cli_extract_json_end(f.doc))
                st = sm_fail(err, SM_ENOMEM, "%s: out of memory for the events", path);
            sm_json_out_flush(r->out);  /* before any message of the next file */
            free(f.doc);
        }
    }
    free(text);
    return st;
}

static sm_day
today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    sm_day d = 0;

    gmtime_r(&t, &tm);
    sm_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
    return d;
}

int
sm_cli_extract(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "date", required_argument, NULL, OPT_DATE },
        { "json", no_argument, NULL, OPT_JSON },
        { "geojson", no_argument, NULL, OPT_GEOJSON },
        { "csv", no_argument, NULL, OPT_CSV },
        { "into-db", no_argument, NULL, OPT_INTO_DB },
        { "source", required_argument, NULL, OPT_SOURCE },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    run r = { .cli = cli, .day = SM_DAY_NONE };
    bool into_db = false;
    int c, rc = SM_EXIT_OK, formats = 0;
    sm_error err = { 0 };
    sm_gaz *gaz = NULL;
    sm_store *db = NULL;
    sm_theatre t;
    char dir[4096], english[4200], *features_text = NULL;
    size_t features_len = 0;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(extract_usage, stdout); return SM_EXIT_OK;
        case OPT_DATE:
            if (!sm_cli_day("extract", "--date", optarg, &r.day))
                return SM_EXIT_USAGE;
            break;
        case OPT_JSON: r.format = OUT_JSON; formats++; break;
        case OPT_GEOJSON: r.format = OUT_GEOJSON; formats++; break;
        case OPT_CSV: r.format = OUT_CSV; formats++; break;
        case OPT_INTO_DB: into_db = true; break;
        case OPT_SOURCE: r.source = optarg; break;
        default: return sm_cli_usage("extract", "bad option");
        }
    }
    if (formats > 1)
        return sm_cli_usage("extract", "choose one of --json, --geojson and --csv");
    if (optind >= argc)
        return sm_cli_usage("extract", "name at least one file (or - for standard input)");
    if (r.day == SM_DAY_NONE)
        r.day = today();
    r.nfiles = argc - optind;
    if (!sm_cli_data_dir("gazetteer", dir, sizeof(dir)))
        return sm_cli_fail(&(sm_error){ SM_EINPUT, "no gazetteer folder found (set SITMAP_DATA)" });
    snprintf(english, sizeof(english), "%s/english.txt", dir);
    if ((rc = sm_cli_theatre(cli, &t)) >= 0)
        return rc;
    rc = SM_EXIT_OK;
    if (into_db || access(cli->db_path, F_OK) == 0) {
        if (sm_cli_store_open(cli, into_db ? SM_STORE_WRITE : SM_STORE_READ, &db, &err) !=
            SM_OK) {
            sm_theatre_free(&t);
            return sm_cli_fail(&err);
        }
        gaz = sm_cli_load_gazetteer(cli, db, &t);
    } else {
        if (cli->verbosity > 1)
            fprintf(stderr, "%s: no database; using the shipped gazetteer (%s)\n",
                    cli->db_path, dir);
        if (sm_gaz_new(&gaz, &err) != SM_OK || sm_gaz_set_country(gaz, t.country, &err) != SM_OK ||
            sm_gaz_load_dir(gaz, dir, NULL, &err) != SM_OK || sm_gaz_finish(gaz, &err) != SM_OK) {
            sm_gaz_free(gaz);
            sm_theatre_free(&t);
            return sm_cli_fail(&err);
        }
    }
    if (gaz == NULL) {
        sm_store_close(db);
        sm_theatre_free(&t);
        return SM_EXIT_FAIL;
    }
    r.gaz = gaz;
    if (sm_extractor_new(gaz, english, &t, &r.x, &err) != SM_OK) {
        rc = sm_cli_fail(&err);
        goto done;
    }
    if (into_db) {
        /* one batch: the files named (the first, and how many more) */
        char note[64] = "";
        sm_batch b = { .kind = "extract", .file = argv[optind], .label = "extract",
                       .note = note };
        if (argc - optind > 1)
            snprintf(note, sizeof(note), "and %d more file%s", argc - optind - 1,
                     argc - optind > 2 ? "s" : "");
        else
            b.note = NULL;
        r.db = db;
        if (sm_store_begin(db, &err) != SM_OK) {
            rc = sm_cli_fail(&err);
            goto done;
        }
        if (sm_store_batch_begin(db, &b, &r.batch, &err) != SM_OK) {
            sm_store_rollback(db);
            rc = sm_cli_fail(&err);
            goto done;
        }
    }
    sm_cli_extract_json_init(&r.json, gaz);
    if (r.format == OUT_JSON || r.format == OUT_GEOJSON) {
        if ((r.out = malloc(sizeof(*r.out))) == NULL) {
            rc = sm_cli_fail(&(sm_error){ SM_ENOMEM, "out of memory" });
            goto done;
        }
        sm_json_out_init(r.out, stdout);
    }
    if (r.format == OUT_GEOJSON) {
        if ((r.features = tmpfile()) == NULL)
            r.features = open_memstream(&features_text, &features_len);
        r.features_out = malloc(sizeof(*r.features_out));
        if (r.features == NULL || r.features_out == NULL) {
            rc = sm_cli_fail(&(sm_error){ SM_ENOMEM, "out of memory" });
            goto done;
        }
        sm_json_out_init(r.features_out, r.features);
        r.no_feature_yet = true;
    }
    for (int i = optind; i < argc && rc == SM_EXIT_OK; i++)
        if (one_file(&r, argv[i], &err) != SM_OK)
            rc = sm_cli_fail(&err);
    if (r.features) {
        sm_json_out_flush(r.features_out);
        if (ferror(r.features)) {
            if (rc == SM_EXIT_OK)
                rc = sm_cli_fail(&(sm_error){ SM_ENOMEM, "out of memory" });
        }
        if (rc == SM_EXIT_OK) {
            sm_json_out_lit(r.out, "{\"type\":\"FeatureCollection\",\"features\":[");
            if (features_text == NULL) {        /* the temporary file's */
                char buf[65536];
                size_t n;
                fflush(r.features);
                rewind(r.features);
                while ((n = fread(buf, 1, sizeof(buf), r.features)) > 0)
                    sm_json_out_raw(r.out, buf, n);
                if (ferror(r.features))
                    rc = sm_cli_fail(&(sm_error){ SM_EIO, "cannot read back the features" });
            }
        }
        fclose(r.features);
        r.features = NULL;
        if (rc == SM_EXIT_OK) {
            if (features_text)
                sm_json_out_raw(r.out, features_text, features_len);
            sm_json_out_lit(r.out, "]}\n");
        }
    }
    if (r.out)
        sm_json_out_flush(r.out);
    if (into_db) {
        /* a further report of a stored event is a new record too */
        sm_batch counts = { .rows = r.stored + r.kept + r.reports,
                            .added = r.stored + r.reports, .same = r.kept };
        if (rc == SM_EXIT_OK && (sm_store_batch_end(db, &counts, &err) != SM_OK ||
                                 sm_store_commit(db, &err) != SM_OK))
            rc = sm_cli_fail(&err);
        else if (rc != SM_EXIT_OK)
            sm_store_rollback(db);
        else
            sm_cli_say(cli, "%ld events stored, %ld already there, %ld reports of events"
                       " other sources told; batch %" PRId64 "\n", r.stored, r.kept,
                       r.reports, r.batch);
    }
done:
    if (r.features)
        fclose(r.features);
    free(features_text);
    free(r.features_out);
    free(r.out);
    sm_cli_extract_json_free(&r.json);
    sm_extractor_free(r.x);
    sm_gaz_free(gaz);
    sm_store_close(db);
    sm_theatre_free(&t);
    return rc;
}
