/* SPDX-License-Identifier: MIT */
/*
 * extract_json.c - `sitmap extract`'s JSON: an extraction's mentions and
 * events (--json), and its events as GeoJSON features (--geojson), written
 * as they go (core/json_out.h) rather than built as json-c trees: a text of
 * 50 MB has hundreds of thousands of mentions, and building, writing and
 * freeing their trees was half the time of extracting dense news.
 *
 * The bytes are those json-c wrote (JSON_C_TO_STRING_PLAIN and
 * NOSLASHESCAPE): the same members in the same order, null for a missing
 * value, numbers of degrees and scores through printf's %.5f and %.3f.
 * Those numbers are the dear part, and news names the same places again
 * and again: each place's object is written once for each score of it, and
 * each number of degrees once, then copied.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A place's object as text, for the last few scores of it (a place named
 * in several contexts has a score for each). */
#define PLACE_SCORES 4
typedef struct place_text {
    char *text[PLACE_SCORES];   /* NULL until written */
    size_t len[PLACE_SCORES];
    double score[PLACE_SCORES];
    unsigned next;              /* the one written next */
} place_text;

/* A number of degrees as %.5f writes it, by its bits. */
typedef struct deg_text {
    uint64_t bits;
    bool set;
    unsigned char len;
    char text[32];
} deg_text;

#define DEG_SLOTS 4096

/* A mention's reason as JSON text, by its address: the extractor keeps
 * each reason of a part once (some 500 for 40,000 names), so that within a
 * part an address is one reason. Forgotten at each part. */
typedef struct why_text {
    const char *why;            /* NULL: empty */
    size_t at, len;             /* its text in the writer's why_mem */
} why_text;

#define WHY_SLOTS 4096          /* at most half of them used */

/* The kinds as JSON strings (nothing in them to escape). */
static const char *const kind_json[] = { "\"place\"", "\"country\"", "\"abroad\"",
                                         "\"not_place\"" };

void
sm_cli_extract_json_init(sm_cli_extract_json *w, const sm_gaz *gaz)
{
    w->gaz = gaz;
    w->places = NULL;
    w->degs = NULL;
    w->whys = NULL;
    w->nwhys = 0;
    w->why_out = NULL;
    w->why_mem = (sm_buf)SM_BUF_INIT;
}

void
sm_cli_extract_json_free(sm_cli_extract_json *w)
{
    for (int i = 0; w->places && i < sm_gaz_count(w->gaz); i++)
        for (int k = 0; k < PLACE_SCORES; k++)
            free(w->places[i].text[k]);
    free(w->places);
    free(w->degs);
    free(w->whys);
    free(w->why_out);
    sm_buf_free(&w->why_mem);
    w->places = NULL;
    w->degs = NULL;
    w->whys = NULL;
    w->why_out = NULL;
}

/* The reasons of the part before are forgotten (their addresses may be
 * another's now). */
static void
new_part(sm_cli_extract_json *w)
{
    if (w->whys && w->nwhys > 0)
        memset(w->whys, 0, WHY_SLOTS * sizeof(why_text));
    w->nwhys = 0;
    sm_buf_reset(&w->why_mem);
}

/* A mention's reason: its JSON text written once a part, then copied
 * (written each time when memory runs short or the part has too many). */
static void
put_why(sm_cli_extract_json *w, sm_json_out *o, const char *why)
{
    size_t h, at;
    why_text *t;

    if (why == NULL ||
        (w->whys == NULL && (w->whys = calloc(WHY_SLOTS, sizeof(why_text))) == NULL) ||
        (w->why_out == NULL && (w->why_out = malloc(sizeof(*w->why_out))) == NULL)) {
        sm_json_out_cstr(o, why);
        return;
    }
    for (h = (((uintptr_t)why * 0x9e3779b97f4a7c15u) >> 40) & (WHY_SLOTS - 1); w->whys[h].why;
         h = (h + 1) & (WHY_SLOTS - 1))
        if (w->whys[h].why == why) {
            sm_json_out_raw(o, w->why_mem.data + w->whys[h].at, w->whys[h].len);
            return;
        }
    if (2 * (w->nwhys + 1) > WHY_SLOTS || w->why_mem.failed) {
        sm_json_out_cstr(o, why);
        return;
    }
    at = w->why_mem.len;
    sm_json_out_init_mem(w->why_out, &w->why_mem);
    sm_json_out_cstr(w->why_out, why);
    sm_json_out_flush(w->why_out);
    if (w->why_mem.failed) {
        sm_json_out_cstr(o, why);
        return;
    }
    t = &w->whys[h];
    t->why = why;
    t->at = at;
    t->len = w->why_mem.len - at;
    w->nwhys++;
    sm_json_out_raw(o, w->why_mem.data + t->at, t->len);
}

static void
put_num(sm_json_out *o, double v, const char *fmt)
{
    char buf[32];
    int n = snprintf(buf, sizeof(buf), fmt, v);

    sm_json_out_raw(o, buf, n < 0 ? 0 : (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* Degrees, %.5f: news names the same places again and again, and printf's
 * exact conversion of a double is the dearest thing written. */
static void
put_deg(sm_cli_extract_json *w, sm_json_out *o, double v)
{
    uint64_t bits;
    deg_text *d;

    if (w->degs == NULL && (w->degs = calloc(DEG_SLOTS, sizeof(deg_text))) == NULL) {
        put_num(o, v, "%.5f");
        return;
    }
    memcpy(&bits, &v, sizeof(bits));
    d = &w->degs[(bits * 0x9e3779b97f4a7c15u) >> 52];
    if (!d->set || d->bits != bits) {
        int n = snprintf(d->text, sizeof(d->text), "%.5f", v);
        d->len = (unsigned char)(n < 0 ? 0 : (size_t)n < sizeof(d->text) ? (size_t)n
                                                                         : sizeof(d->text) - 1);
        d->bits = bits;
        d->set = true;
    }
    sm_json_out_raw(o, d->text, d->len);
}

static void
put_place_members(sm_cli_extract_json *w, sm_json_out *o, const sm_mention *m)
{
    const sm_place *p = sm_gaz_place(w->gaz, m->place);

    sm_json_out_lit(o, "{\"id\":");
    sm_json_out_int(o, p->id);
    sm_json_out_lit(o, ",\"name\":");
    sm_json_out_cstr(o, p->name);
    sm_json_out_lit(o, ",\"name_ar\":");
    sm_json_out_cstr(o, p->name_ar);
    sm_json_out_lit(o, ",\"lat\":");
    put_deg(w, o, p->lat_deg);
    sm_json_out_lit(o, ",\"lon\":");
    put_deg(w, o, p->lon_deg);
    sm_json_out_lit(o, ",\"feature_code\":");
    sm_json_out_cstr(o, p->feature_code);
    sm_json_out_lit(o, ",\"kind\":");
    sm_json_out_cstr(o, p->kind);
    sm_json_out_lit(o, ",\"admin1\":");
    sm_json_out_cstr(o, sm_gaz_admin1_name(w->gaz, p->admin1));
    sm_json_out_lit(o, ",\"country\":");
    sm_json_out_cstr(o, p->country);
    sm_json_out_lit(o, ",\"score\":");
    put_num(o, m->score, "%.3f");
    sm_json_out_lit(o, "}");
}

/* The mention's place: its text written once for each place and score,
 * then copied (written each time when memory runs short). */
static void
put_place(sm_cli_extract_json *w, sm_json_out *o, const sm_mention *m)
{
    place_text *pt;
    unsigned k;

    if (w->places == NULL)
        w->places = calloc((size_t)sm_gaz_count(w->gaz), sizeof(place_text));
    if (w->places == NULL || m->place < 0 || m->place >= sm_gaz_count(w->gaz)) {
        put_place_members(w, o, m);
        return;
    }
    pt = &w->places[m->place];
    for (k = 0; k < PLACE_SCORES && !(pt->text[k] && pt->score[k] == m->score); k++)
        ;
    if (k == PLACE_SCORES) {
        sm_buf mem = SM_BUF_INIT;
        sm_json_out *scratch = malloc(sizeof(*scratch));

        k = pt->next;
        pt->next = (pt->next + 1) % PLACE_SCORES;
        free(pt->text[k]);
        pt->text[k] = NULL;
        if (scratch) {
            sm_json_out_init_mem(scratch, &mem);
            put_place_members(w, scratch, m);
            sm_json_out_flush(scratch);
            free(scratch);
        }
        if (scratch == NULL || mem.failed) {
            sm_buf_free(&mem);
            put_place_members(w, o, m);
            return;
        }
        pt->text[k] = mem.data;         /* the buffer's memory, now the place's */
        pt->len[k] = mem.len;
        pt->score[k] = m->score;
    }
    sm_json_out_raw(o, pt->text[k], pt->len[k]);
}

static void
put_mention(sm_cli_extract_json *w, sm_json_out *o, const char *text, const sm_mention *m)
{
    sm_json_out_lit(o, "{\"text\":");
    sm_json_out_str(o, text + m->start, m->end - m->start);
    sm_json_out_lit(o, ",\"start\":");
    sm_json_out_int(o, (int64_t)m->cstart);
    sm_json_out_lit(o, ",\"end\":");
    sm_json_out_int(o, (int64_t)m->cend);
    sm_json_out_lit(o, ",\"kind\":");
    sm_json_out_lit(o, kind_json[m->kind]);
    sm_json_out_lit(o, ",\"place\":");
    if (m->kind == SM_MENTION_PLACE)
        put_place(w, o, m);
    else
        sm_json_out_lit(o, "null");
    if (m->kind == SM_MENTION_ABROAD || m->kind == SM_MENTION_COUNTRY) {
        sm_json_out_lit(o, m->kind == SM_MENTION_ABROAD ? ",\"abroad\":{\"name\":"
                                                        : ",\"country\":{\"name\":");
        sm_json_out_cstr(o, m->name);
        sm_json_out_lit(o, ",\"country\":");
        sm_json_out_cstr(o, m->country);
        sm_json_out_lit(o, ",\"lat\":");
        put_deg(w, o, m->lat_deg);
        sm_json_out_lit(o, ",\"lon\":");
        put_deg(w, o, m->lon_deg);
        sm_json_out_lit(o, "}");
    }
    if (m->anchor)
        sm_json_out_lit(o, ",\"anchor\":true");
    if (m->region)
        sm_json_out_lit(o, ",\"region\":true");
    sm_json_out_lit(o, ",\"why\":");
    put_why(w, o, m->why);
    sm_json_out_lit(o, "}");
}

/* "a; b; c" as ["a","b","c"] */
static void
put_actors(sm_json_out *o, const char *actors)
{
    const char *p = actors;

    sm_json_out_lit(o, "[");
    while (*p) {
        size_t n = strcspn(p, ";");
        if (p != actors)
            sm_json_out_lit(o, ",");
        sm_json_out_str(o, p, n);
        p += n;
        p += strspn(p, "; ");
    }
    sm_json_out_lit(o, "]");
}

/* An event's members, without the braces around them. */
static void
put_event_members(sm_cli_extract_json *w, sm_json_out *o, const char *text,
                  const sm_extraction *ex, const sm_found_event *e)
{
    const sm_mention *m = &ex->mentions[e->mention];
    const sm_place *p = sm_gaz_place(w->gaz, m->place);
    char day[SM_DAY_ISO_LEN], label[256];

    sm_json_out_lit(o, "\"date\":");
    sm_json_out_cstr(o, sm_day_format(e->day, day));
    sm_json_out_lit(o, ",\"date_precision\":");
    sm_json_out_int(o, e->date_precision);
    sm_json_out_lit(o, ",\"type\":");
    sm_json_out_cstr(o, sm_event_type_name(e->type));
    sm_gaz_label(m->name, label, sizeof(label));
    sm_json_out_lit(o, ",\"place\":");
    sm_json_out_cstr(o, label);
    sm_json_out_lit(o, ",\"place_text\":");
    sm_json_out_str(o, text + m->start, m->end - m->start);
    sm_json_out_lit(o, ",\"place_id\":");
    sm_json_out_int(o, p->id);
    sm_json_out_lit(o, ",\"lat\":");
    put_deg(w, o, m->lat_deg);
    sm_json_out_lit(o, ",\"lon\":");
    put_deg(w, o, m->lon_deg);
    sm_json_out_lit(o, ",\"precision\":");
    sm_json_out_int(o, e->geo_precision);
    sm_json_out_lit(o, ",\"fatalities\":");
    if (e->fatalities >= 0)
        sm_json_out_int(o, e->fatalities);
    else
        sm_json_out_lit(o, "null");
    sm_json_out_lit(o, ",\"fatalities_lower_bound\":");
    sm_json_out_bool(o, e->fatalities_lower_bound);
    sm_json_out_lit(o, ",\"actors\":");
    put_actors(o, e->actors);
    sm_json_out_lit(o, ",\"sentence\":");
    sm_json_out_str(o, text + e->start, e->end - e->start);
    sm_json_out_lit(o, ",\"start\":");
    sm_json_out_int(o, (int64_t)e->cstart);
    sm_json_out_lit(o, ",\"end\":");
    sm_json_out_int(o, (int64_t)e->cend);
}

/* The events' text held in memory up to this, then moved to a temporary
 * file: those of 20 MB of dense news are some 70 MB. */
#define EVENTS_IN_MEMORY ((size_t)1 << 20)

void
sm_cli_extract_json_begin(sm_cli_extract_doc *d, sm_json_out *o, const char *path)
{
    d->o = o;
    d->path = path;
    d->begun = false;
    d->mentions = d->events = 0;
    d->spill = NULL;
    d->mem = (sm_buf)SM_BUF_INIT;
    sm_json_out_init_mem(&d->ev, &d->mem);
}

static void
head(sm_cli_extract_doc *d)
{
    sm_json_out *o = d->o;

    if (d->begun)
        return;
    d->begun = true;
    sm_json_out_lit(o, "{");
    if (d->path) {
        sm_json_out_lit(o, "\"file\":");
        sm_json_out_cstr(o, d->path);
        sm_json_out_lit(o, ",");
    }
    sm_json_out_lit(o, "\"mentions\":[");
}

void
sm_cli_extract_json_part(sm_cli_extract_json *w, sm_cli_extract_doc *d, const char *text,
                         const sm_extraction *ex)
{
    head(d);
    new_part(w);
    for (size_t i = 0; i < ex->nmentions; i++) {
        if (d->mentions++ > 0)
            sm_json_out_lit(d->o, ",");
        put_mention(w, d->o, text, &ex->mentions[i]);
    }
    for (size_t i = 0; i < ex->nevents; i++) {
        if (d->events++ > 0)
            sm_json_out_lit(&d->ev, ",");
        sm_json_out_lit(&d->ev, "{");
        put_event_members(w, &d->ev, text, ex, &ex->events[i]);
        sm_json_out_lit(&d->ev, "}");
    }
    sm_json_out_flush(&d->ev);
    if (d->mem.len >= EVENTS_IN_MEMORY && !d->mem.failed) {
        if (d->spill == NULL)
            d->spill = tmpfile();       /* else: all of it in memory */
        if (d->spill) {
            fwrite(d->mem.data, 1, d->mem.len, d->spill);
            sm_buf_reset(&d->mem);
        }
    }
}

bool
sm_cli_extract_json_end(sm_cli_extract_doc *d)
{
    bool ok = !d->mem.failed;

    head(d);
    sm_json_out_lit(d->o, "],\"events\":[");
    if (d->spill) {
        char buf[65536];
        size_t n;
        ok = ok && fflush(d->spill) == 0 && !ferror(d->spill);
        rewind(d->spill);
        while (ok && (n = fread(buf, 1, sizeof(buf), d->spill)) > 0)
            sm_json_out_raw(d->o, buf, n);
        ok = ok && !ferror(d->spill);
        fclose(d->spill);
        d->spill = NULL;
    }
    sm_json_out_raw(d->o, d->mem.data, d->mem.len);
    sm_json_out_lit(d->o, "]}\n");
    sm_buf_free(&d->mem);
    return ok;
}

void
sm_cli_extract_json_discard(sm_cli_extract_doc *d)
{
    if (d->spill)
        fclose(d->spill);
    d->spill = NULL;
    sm_buf_free(&d->mem);
}

void
sm_cli_extract_json_write(sm_cli_extract_json *w, sm_json_out *o, const char *path,
                          const char *text, const sm_extraction *ex)
{
    sm_cli_extract_doc *d = malloc(sizeof(*d));

    if (d == NULL)
        return;
    sm_cli_extract_json_begin(d, o, path);
    sm_cli_extract_json_part(w, d, text, ex);
    sm_cli_extract_json_end(d);
    free(d);
}

void
sm_cli_extract_geojson_features(sm_cli_extract_json *w, sm_json_out *o, bool *first,
                                const char *path, const char *text, const sm_extraction *ex)
{
    for (size_t i = 0; i < ex->nevents; i++) {
        const sm_mention *m = &ex->mentions[ex->events[i].mention];

        sm_json_out_lit(o, *first ? "" : ",");
        *first = false;
        sm_json_out_lit(o, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                           "\"coordinates\":[");
        put_deg(w, o, m->lon_deg);
        sm_json_out_lit(o, ",");
        put_deg(w, o, m->lat_deg);
        sm_json_out_lit(o, "]},\"properties\":{");
        put_event_members(w, o, text, ex, &ex->events[i]);
        sm_json_out_lit(o, ",\"file\":");
        sm_json_out_cstr(o, path);
        sm_json_out_lit(o, "}}");
    }
}
