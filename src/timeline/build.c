/* SPDX-License-Identifier: MIT */
/*
 * build.c - the situation on a day, in one call: the zones given as
 * polygons and the control points from the store, the zones derived from
 * those points (derive.c), the front lines (fronts.c) and the side that
 * advanced on each, the window's events, the places of a box, what of the
 * country no zone covers, and the change since another day (diff.c). What
 * a series' days share comes from the caller's timeline (timeline.c).
 *
 * The front lines, which only read the zones, are derived on a thread of
 * their own while the events and places are read (when it cannot start,
 * in turn): the same fronts either way.
 */
#include "timeline/timeline_int.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A zone row as its columns' bytes (text: length with its NUL, or 0 for
 * none, then the bytes), appended to rows: what the zones given are read
 * from, and with a timeline the key they are kept under. */
static void
put(sm_buf *rows, const void *data, uint32_t len)
{
    sm_buf_append(rows, &len, sizeof(len));
    if (len > 0)
        sm_buf_append(rows, data, len);
}

static void
put_text(sm_buf *rows, const char *text)
{
    put(rows, text, text ? (uint32_t)strlen(text) + 1 : 0);
}

static void
put_row(sm_buf *rows, const sm_zone *z)
{
    put_text(rows, z->uid);
    put_text(rows, z->faction);
    put_text(rows, z->status);
    put_text(rows, z->other);
    put_text(rows, z->name);
    put_text(rows, z->source);
    put(rows, &z->valid_from, sizeof(z->valid_from));
    put(rows, &z->valid_to, sizeof(z->valid_to));
    put(rows, &z->area_km2, sizeof(z->area_km2));
    put(rows, z->wkb, (uint32_t)z->wkb_len);
}

static const void *
get(const char **p, uint32_t *len)
{
    const void *data;

    memcpy(len, *p, sizeof(*len));
    data = *len > 0 ? *p + sizeof(*len) : NULL;
    *p += sizeof(*len) + *len;
    return data;
}

static const char *
get_text(const char **p)
{
    uint32_t len;

    return get(p, &len);
}

static void
get_row(const char **p, sm_zone *z)
{
    uint32_t len;

    z->uid = get_text(p);
    z->faction = get_text(p);
    z->status = get_text(p);
    z->other = get_text(p);
    z->name = get_text(p);
    z->source = get_text(p);
    memcpy(&z->valid_from, get(p, &len), sizeof(z->valid_from));
    memcpy(&z->valid_to, get(p, &len), sizeof(z->valid_to));
    memcpy(&z->area_km2, get(p, &len), sizeof(z->area_km2));
    z->wkb = get(p, &len);
    z->wkb_len = len;
}

/* A zone of the situation made from its row, whose geometry is
 * SpatiaLite's blob (native) or WKB. */
static sm_status
add_row(sm_situation *s, const sm_zone *row, bool native, sm_error *err)
{
    sm_sit_zone z = { .uid = row->uid, .faction = row->faction, .status = row->status,
                      .other = row->other, .name = row->name, .source = row->source,
                      .valid_from = row->valid_from, .valid_to = row->valid_to,
                      .area_km2 = row->area_km2 };
    gaiaGeomCollPtr g = native ? gaiaFromSpatiaLiteBlobWkb(row->wkb, (unsigned int)row->wkb_len)
                               : gaiaFromWkb(row->wkb, (int)row->wkb_len);
    sm_status st;

    if (g == NULL)
        return sm_fail(err, SM_EDB, "zone %s: unreadable geometry in the database", row->uid);
    st = sm_situation__add_gaia_zone(s, &z, g, err);
    gaiaFreeGeomColl(g);
    return st;
}

/* The zones valid on the day, made from their rows as they are read; with
 * a timeline, the rows are read whole first, and the zones taken from it
 * when it keeps those of the same rows, else made and kept. */
static sm_status
given_zones(sm_store *db, sm_situation *s, sm_timeline *t, sm_error *err)
{
    sm_store_cursor *cur = NULL;
    sm_buf rows = SM_BUF_INIT;
    sm_zone row;
    sm_status st;
    bool oom = false, native;

    if ((st = sm_store_zones_open_native(db, s->day, &cur, err)) != SM_OK)
        return st;
    native = sm_store_zones_native(cur);
    while ((st = sm_store_zones_next(cur, &row, err)) == SM_OK) {
        if (t)
            put_row(&rows, &row);
        else if ((st = add_row(s, &row, native, err)) != SM_OK)
            break;
    }
    sm_store_cursor_close(cur);
    st = st == SM_ENOTFOUND ? SM_OK : st;
    if (st == SM_OK && rows.failed)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    else if (st == SM_OK && t && sm_timeline__given(t, &rows, s, &oom))
        rows.len = 0;                   /* taken: nothing to make */
    else if (oom)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    for (const char *p = rows.data, *end = p ? p + rows.len : p; st == SM_OK && p < end;) {
        get_row(&p, &row);
        st = add_row(s, &row, native, err);
    }
    if (st == SM_OK && t && rows.len > 0)
        sm_timeline__keep_given(t, &rows, s);
    sm_buf_free(&rows);
    s->ngiven = s->nzones;
    return st;
}

static sm_status
control(sm_store *db, sm_situation *s, sm_error *err)
{
    sm_store_cursor *cur = NULL;
    sm_control c;
    sm_status st;

    if ((st = sm_store_control_open(db, s->day, &cur, err)) != SM_OK)
        return st;
    while ((st = sm_store_control_next(cur, &c, err)) == SM_OK)
        if ((st = sm_situation_add_control(s, &c, err)) != SM_OK)
            break;
    sm_store_cursor_close(cur);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

static sm_status
events(sm_store *db, sm_situation *s, const sm_situation_opts *o, sm_error *err)
{
    sm_store_cursor *cur = NULL;
    sm_event ev;
    sm_status st;

    if (o->window_days == 0)
        return SM_OK;
    s->events_from = o->window_days > 0 ? s->day - o->window_days + 1 : SM_DAY_NONE;
    st = o->full_events ? sm_store_events_open(db, s->events_from, s->day, &cur, err)
                        : sm_store_events_open_marks(db, s->events_from, s->day, &cur, err);
    if (st != SM_OK)
        return st;
    while ((st = sm_store_events_next(cur, &ev, err)) == SM_OK)
        if ((st = sm_situation_add_event(s, &ev, err)) != SM_OK)
            break;
    sm_store_cursor_close(cur);
    return st == SM_ENOTFOUND ? SM_OK : st;
}

static sm_status
places(sm_store *db, sm_situation *s, const sm_situation_opts *o, sm_error *err)
{
    const double box[4] = { o->west, o->south, o->east, o->north };
    sm_store_cursor *cur = NULL;
    sm_place p;
    sm_status st;
    bool oom = false;

    if (o->timeline && sm_timeline__places(o->timeline, box, s, &oom))
        return SM_OK;
    if (oom)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if ((st = sm_store_places_open(db, o->west, o->south, o->east, o->north, &cur, err)) !=
        SM_OK)
        return st;
    while ((st = sm_store_places_next(cur, &p, err)) == SM_OK)
        if ((st = sm_situation_add_place(s, &p, err)) != SM_OK)
            break;
    sm_store_cursor_close(cur);
    if (st != SM_ENOTFOUND)
        return st;
    if (o->timeline)
        sm_timeline__keep_places(o->timeline, box, s);
    return SM_OK;
}

typedef struct fronts_job {
    sm_situation *s;
    double tolerance_km;
    sm_status st;
    sm_error err;
} fronts_job;

static void *
fronts_work(void *arg)
{
    fronts_job *j = arg;

    j->st = sm_situation_fronts(j->s, j->tolerance_km, &j->err);
    return NULL;
}

/* What the front lines come from, in bytes: the tolerance, and each zone's
 * faction, status and rings. */
static bool
fronts_key(const sm_situation *s, double tolerance_km, sm_buf *key)
{
    size_t nrings = 0;

    sm_buf_append(key, &tolerance_km, sizeof(tolerance_km));
    for (size_t z = 0; z < s->nzones; z++) {
        sm_buf_append(key, s->zones[z].faction, strlen(s->zones[z].faction) + 1);
        sm_buf_append(key, s->zones[z].status, strlen(s->zones[z].status) + 1);
        sm_buf_append(key, &s->zones[z].first_ring, 2 * sizeof(uint32_t));
        nrings = s->zones[z].first_ring + s->zones[z].nrings;
    }
    for (size_t r = 0; r < nrings; r++)
        sm_buf_append(key, &s->geom.rings[r], sizeof(sm_ring));
    if (s->geom.npts > 0)
        sm_buf_append(key, s->geom.pts, 2 * sizeof(double) * s->geom.npts);
    return !key->failed;
}

/* The events and places (and the fronts meanwhile, unless the timeline
 * keeps those of the same zones), then the side that advanced on each. */
static sm_status
the_rest(sm_store *db, sm_situation *s, const sm_situation_opts *o, sm_error *err)
{
    fronts_job job = { .s = s, .tolerance_km = o->front_tolerance_km };
    sm_buf key = SM_BUF_INIT;
    pthread_t thread;
    bool derive = o->fronts, threaded, oom = false;
    sm_status st;

    if (derive && o->timeline && fronts_key(s, o->front_tolerance_km, &key) &&
        sm_timeline__fronts(o->timeline, &key, s, &oom))
        derive = false;
    if (oom) {
        sm_buf_free(&key);
        return sm_fail(err, SM_ENOMEM, "out of memory");
    }
    threaded = derive && !o->one_thread && pthread_create(&thread, NULL, fronts_work, &job) == 0;
    if (derive && !threaded)
        fronts_work(&job);
    st = events(db, s, o, err);
    if (st == SM_OK && o->places)
        st = places(db, s, o, err);
    if (threaded)
        pthread_join(thread, NULL);
    if (st == SM_OK && job.st != SM_OK) {
        *err = job.err;
        st = job.st;
    }
    if (st == SM_OK && derive && o->timeline && key.len > 0 && !key.failed)
        sm_timeline__keep_fronts(o->timeline, &key, s);
    sm_buf_free(&key);
    if (st == SM_OK && o->fronts)
        sm_situation__drop_allied(s, o->allies, o->nallies);
    if (st == SM_OK && o->fronts && o->advance_days > 0)
        st = sm_situation__advances(s, db, s->day - o->advance_days, err);
    return st;
}

/* The country's area, and what of it no zone covers. */
static void
unknown(sm_situation *s, const sm_mpoly *clip, sm_timeline *t)
{
    double zoned = 0;

    if (clip == NULL || clip->nrings == 0)
        return;
    s->clip_km2 = t ? sm_timeline__km2(t, clip) : sm_mpoly_km2(clip, 0, clip->nrings);
    if (s->nzones == 0)
        return;                         /* no zone: no map of control to read */
    for (size_t i = 0; i < s->nzones; i++)
        zoned += s->zones[i].area_km2;
    s->unknown_km2 = fmax(0, s->clip_km2 - zoned);
}

sm_status
sm_situation__derived_only(sm_store *db, sm_day day, const sm_situation_opts *o,
                           sm_situation **out, sm_error *err)
{
    sm_situation *s = sm_situation_new(day);
    size_t seeds = 0;
    sm_status st;

    *out = NULL;
    if (s == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    st = control(db, s, err);
    for (size_t i = 0; i < s->ncontrol; i++)
        seeds += s->control[i].has_point;
    /* fewer than two places derive nothing: the zones given are not read */
    if (st == SM_OK && seeds >= 2 && o->derived_max_km > 0 &&
        (st = given_zones(db, s, NULL, err)) == SM_OK)
        st = sm_situation__derive(s, o->clip, o->derived_max_km, NULL, err);
    if (st != SM_OK) {
        sm_situation_free(s);
        return st;
    }
    *out = s;
    return SM_OK;
}

sm_status
sm_situation_build(sm_store *db, sm_day day, const sm_situation_opts *o, sm_situation **out,
                   sm_error *err)
{
    static const sm_situation_opts none = SM_SITUATION_OPTS_INIT;
    sm_situation *s = sm_situation_new(day);
    sm_status st;

    *out = NULL;
    if (o == NULL)
        o = &none;
    /* day 0 is what a zeroed sm_situation_opts holds: not taken as a date */
    if (o->since == 0) {
        sm_situation_free(s);
        return sm_fail(err, SM_EUSAGE, "the change since 1970-01-01 (day 0): the day of a"
                       " zeroed sm_situation_opts, not taken as a date (SM_DAY_NONE: no"
                       " change; see SM_SITUATION_OPTS_INIT)");
    }
    if (s == NULL)
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if ((st = sm_store_latest_day(db, &s->latest, err)) == SM_OK &&
        (st = given_zones(db, s, o->timeline, err)) == SM_OK &&
        (st = control(db, s, err)) == SM_OK &&
        (st = sm_situation__derive(s, o->clip, o->derived_max_km, o->timeline, err)) == SM_OK) {
        unknown(s, o->clip, o->timeline);
        st = the_rest(db, s, o, err);
    }
    if (st == SM_OK && o->since != SM_DAY_NONE)
        st = sm_situation__change(s, db, o, err);
    if (st != SM_OK) {
        sm_situation_free(s);
        return st;
    }
    *out = s;
    return SM_OK;
}
