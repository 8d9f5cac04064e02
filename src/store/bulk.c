/* SPDX-License-Identifier: MIT */
/*
 * bulk.c - loading events into an empty table: indexes built after the
 * rows, no trigger run for each row.
 *
 * A batch whose first event finds the events table (and event_reports)
 * empty loads in bulk. The events table's own indexes are dropped and made
 * again, sorted, when the batch ends; the connection runs no triggers
 * meanwhile, and the R*Tree of the points (which a trigger keeps, schema.c)
 * is filled in one statement at the end. What the skipped triggers do is
 * not needed for these rows: the checks of schema 9 guard against other
 * tools (sitmap writes ISO dates and its own type names), SpatiaLite's
 * geometry checks against what MakePoint(x, y, 4326) cannot make, and the
 * triggers of batches.c keep the records an earlier batch wrote, of which
 * an empty table has none. The whole batch is still one transaction: a
 * rollback puts the indexes back as they were.
 *
 * Any other write in the batch (a zone, a control record, a report, a
 * delete) first ends the bulk load, so that its triggers run.
 *
 * On PostgreSQL the rows go by COPY (sm_sql_rows), in the batch's
 * transaction, into the table as it is: no trigger runs for an insert there
 * (the keeping's are for updates and deletes), and the indexes stay. COPY
 * cannot refuse a row whose uid the load has had, so the load remembers its
 * uids: such a row is left to the caller's upsert, after the COPY under
 * way ends. Any other statement ends it too (sql_pg.c); the next new row
 * starts another.
 */
#include "store/sql.h"
#include "store/store_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* The R*Tree rows of the points, as the gii_events_geom trigger writes them:
 * what the R*Tree is filled with when it cannot be built packed. */
static const char rtree_fill[] =
    "INSERT OR REPLACE INTO idx_events_geom (pkid, xmin, xmax, ymin, ymax)"
    " SELECT id, MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom)"
    " FROM events WHERE geom IS NOT NULL ORDER BY id";

/*
 * The R*Tree built packed. SQLite's R*Tree module inserts a row at a time
 * (a descent to the leaf, splits, the node blobs read and written again),
 * some 45,000 instructions a row, whatever the order of the rows. An empty
 * R*Tree is built here instead, bottom up, by writing its three shadow
 * tables as the module writes them (SQLite's rtree.c: a node is a blob of
 * the root node's length, its depth in 2 bytes (the root's), its number of
 * cells in 2, then cells of a 64-bit id and four 32-bit floats, all
 * big-endian; _rowid maps a row to its leaf, _parent a node to its parent,
 * the root is node 1). The rows are ordered sort-tile-recursive (by the
 * centres' x in slices, by y inside each), every node as full as an even
 * share allows, at least half full. The R*Tree holds the same rows with the
 * same boxes as one filled row by row (a point's coordinates rounded to
 * floats outwards as the module rounds them); only its node layout differs,
 * with boxes that overlap less. PRAGMA integrity_check runs the module's own
 * check of it (rtreecheck).
 */
typedef struct rt_item {
    int64_t child;      /* the row's id (a leaf's cell), or a node's number */
    float box[4];       /* xmin, xmax, ymin, ymax */
} rt_item;

typedef struct rt_build {
    sm_store *db;
    sqlite3_stmt *node, *parent;
    int cap;            /* cells a node holds */
    int node_len;       /* the bytes of a node's blob */
    unsigned char *blob;
    int64_t next_node;  /* the number the next node gets (the root is 1) */
} rt_build;

/* SQLite's rtreeValueDown and rtreeValueUp: a double rounded to the float
 * below it, and to the float above it. */
#define RT_TOWARDS (1.0 - 1.0 / 8388608.0)
#define RT_AWAY (1.0 + 1.0 / 8388608.0)

static float
rt_down(double d)
{
    float f = (float)d;

    if (f > d)
        f = (float)(d * (d < 0 ? RT_AWAY : RT_TOWARDS));
    return f;
}

static float
rt_up(double d)
{
    float f = (float)d;

    if (f < d)
        f = (float)(d * (d < 0 ? RT_TOWARDS : RT_AWAY));
    return f;
}

static void
put_be16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void
put_be32(unsigned char *p, uint32_t v)
{
    for (int i = 3; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)v;
}

static void
put_be64(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)v;
}

/* A little- or big-endian double of a SpatiaLite blob. */
static double
blob_double(const unsigned char *p, bool little)
{
    uint64_t u = 0;
    double d;

    for (int i = 0; i < 8; i++)
        u |= (uint64_t)p[little ? i : 7 - i] << (8 * i);
    memcpy(&d, &u, sizeof(d));
    return d;
}

/* The order of the sort: centres along one axis, then the child. */
static int rt_axis;

static int
rt_cmp(const void *a, const void *b)
{
    const rt_item *x = a, *y = b;
    float cx = x->box[2 * rt_axis] + x->box[2 * rt_axis + 1];
    float cy = y->box[2 * rt_axis] + y->box[2 * rt_axis + 1];

    if (cx != cy)
        return cx < cy ? -1 : 1;
    return (x->child > y->child) - (x->child < y->child);
}

static sm_status
rt_write_node(rt_build *b, int64_t nodeno, int depth, const rt_item *cells, size_t n,
              sm_error *err)
{
    unsigned char *p = b->blob + 4;
    int rc;

    memset(b->blob, 0, (size_t)b->node_len);
    put_be16(b->blob, nodeno == 1 ? (unsigned)depth : 0);
    put_be16(b->blob + 2, (unsigned)n);
    for (size_t i = 0; i < n; i++, p += 24) {
        put_be64(p, (uint64_t)cells[i].child);
        for (int k = 0; k < 4; k++) {
            uint32_t u;
            memcpy(&u, &cells[i].box[k], sizeof(u));
            put_be32(p + 8 + 4 * k, u);
        }
    }
    sqlite3_bind_int64(b->node, 1, nodeno);
    sqlite3_bind_blob(b->node, 2, b->blob, b->node_len, SQLITE_STATIC);
    rc = sqlite3_step(b->node);
    sqlite3_reset(b->node);
    return rc == SQLITE_DONE ? SM_OK
                             : sm_store__fail(b->db, err, "cannot build the R*Tree of the events");
}

/*
 * One level: items (n of them) cut into nodes written at this level's depth
 * (0 for the leaves), ordered sort-tile-recursive; *up gets one item a node
 * (its number and box), for the level above. The items stay in the order
 * of the nodes: the node of item c is the one whose share holds c.
 */
static sm_status
rt_level(rt_build *b, rt_item *items, size_t n, int depth, bool root, rt_item *up,
         size_t *nup, sm_error *err)
{
    size_t k = (n + (size_t)b->cap - 1) / (size_t)b->cap, s = 1;
    sm_status st = SM_OK;
    int rc;

    while (s * s < k)
        s++;
    /* slices of whole nodes, the items shared out evenly among the nodes */
    rt_axis = 0;
    qsort(items, n, sizeof(*items), rt_cmp);
    rt_axis = 1;
    for (size_t j = 0; j < s; j++) {
        size_t from = n * (k * j / s) / k, to = n * (k * (j + 1) / s) / k;
        qsort(items + from, to - from, sizeof(*items), rt_cmp);
    }
    for (size_t i = 0; i < k && st == SM_OK; i++) {
        size_t from = n * i / k, to = n * (i + 1) / k;
        int64_t nodeno = root ? 1 : b->next_node++;
        rt_item *u = &up[i];

        u->child = nodeno;
        memcpy(u->box, items[from].box, sizeof(u->box));
        for (size_t c = from + 1; c < to; c++) {
            const float *x = items[c].box;
            u->box[0] = x[0] < u->box[0] ? x[0] : u->box[0];
            u->box[1] = x[1] > u->box[1] ? x[1] : u->box[1];
            u->box[2] = x[2] < u->box[2] ? x[2] : u->box[2];
            u->box[3] = x[3] > u->box[3] ? x[3] : u->box[3];
        }
        st = rt_write_node(b, nodeno, depth, items + from, to - from, err);
        /* the items' parent (a leaf's rows are written apart, in _rowid) */
        for (size_t c = from; c < to && st == SM_OK && depth > 0; c++) {
            sqlite3_bind_int64(b->parent, 1, items[c].child);
            sqlite3_bind_int64(b->parent, 2, nodeno);
            rc = sqlite3_step(b->parent);
            sqlite3_reset(b->parent);
            if (rc != SQLITE_DONE)
                st = sm_store__fail(b->db, err, "cannot build the R*Tree of the events");
        }
    }
    *nup = k;
    return st;
}

typedef struct rt_row {
    int64_t id, node;
} rt_row;

static int
rt_row_cmp(const void *a, const void *b)
{
    const rt_row *x = a, *y = b;

    return (x->id > y->id) - (x->id < y->id);
}

/* Whether the R*Tree of the events is empty as CreateSpatialIndex makes it
 * (its root a node of no cells, no rows), and its node's length. */
static bool
rt_empty(sm_store *db, int *node_len)
{
    sqlite3_stmt *s = NULL;
    bool empty = false;

    if (sqlite3_prepare_v2(db->db, "SELECT (SELECT count(*) FROM main.idx_events_geom_node),"
                           " (SELECT length(data) FROM main.idx_events_geom_node"
                           "  WHERE nodeno = 1),"
                           " (SELECT substr(data, 3, 2) = x'0000' FROM main.idx_events_geom_node"
                           "  WHERE nodeno = 1),"
                           " NOT EXISTS (SELECT 1 FROM main.idx_events_geom_rowid),"
                           " NOT EXISTS (SELECT 1 FROM main.idx_events_geom_parent)",
                           -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        *node_len = sqlite3_column_int(s, 1);
        empty = sqlite3_column_int(s, 0) == 1 && *node_len >= 4 + 24 * 3 &&
                sqlite3_column_int(s, 2) && sqlite3_column_int(s, 3) && sqlite3_column_int(s, 4);
    }
    sqlite3_finalize(s);
    return empty;
}

/* The events' points as R*Tree cells, in the order of their ids; SM_ENOTFOUND
 * when a geometry is not a blob whose box this reads (the module's fill
 * then decides). */
static sm_status
rt_read(sm_store *db, rt_item **out, size_t *n, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    rt_item *items = NULL;
    size_t cap = 0, k = 0;
    sm_status st = SM_OK;
    int rc;

    *out = NULL;
    *n = 0;
    if (sm_store__prepare(db, &s, "SELECT id, geom FROM main.events WHERE geom IS NOT NULL"
                          " ORDER BY id", err) != SM_OK)
        return SM_EDB;
    while (st == SM_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *g = sqlite3_column_blob(s, 1);
        int len = sqlite3_column_bytes(s, 1);
        double minx, miny, maxx, maxy;
        bool little;

        /* SpatiaLite's blob: 0x00, its byte order, the SRID, the box
         * (min x, min y, max x, max y), 0x7C */
        if (sqlite3_column_type(s, 1) != SQLITE_BLOB || len < 45 || g[0] != 0x00 ||
            (g[1] != 0x00 && g[1] != 0x01) || g[38] != 0x7C || g[len - 1] != 0xFE) {
            st = SM_ENOTFOUND;
            break;
        }
        little = g[1] == 0x01;
        minx = blob_double(g + 6, little);
        miny = blob_double(g + 14, little);
        maxx = blob_double(g + 22, little);
        maxy = blob_double(g + 30, little);
        if (!(minx <= maxx && miny <= maxy)) {
            st = SM_ENOTFOUND;
            break;
        }
        if (k == cap) {
            size_t more = cap ? 2 * cap : 4096;
            rt_item *bigger = more < SIZE_MAX / sizeof(*items)
                              ? realloc(items, more * sizeof(*items)) : NULL;
            if (bigger == NULL) {
                st = sm_fail(err, SM_ENOMEM, "out of memory");
                break;
            }
            items = bigger;
            cap = more;
        }
        items[k].child = sqlite3_column_int64(s, 0);
        items[k].box[0] = rt_down(minx);
        items[k].box[1] = rt_up(maxx);
        items[k].box[2] = rt_down(miny);
        items[k].box[3] = rt_up(maxy);
        k++;
    }
    if (st == SM_OK && rc != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot read the points of the events");
    sqlite3_finalize(s);
    if (st != SM_OK) {
        free(items);
        return st;
    }
    *out = items;
    *n = k;
    return SM_OK;
}

/* The R*Tree of the events built packed; SM_ENOTFOUND when it is not empty
 * or a point's blob is not one this reads (the caller then fills it row by
 * row). */
static sm_status
rtree_build(sm_store *db, sm_error *err)
{
    rt_build b = { .db = db, .next_node = 2 };
    rt_item *items = NULL, *up = NULL;
    rt_row *rows = NULL;
    sqlite3_stmt *rowid = NULL;
    size_t n, nup;
    int depth = 0, rc;
    sm_status st;

    if (!rt_empty(db, &b.node_len))
        return SM_ENOTFOUND;
    b.cap = (b.node_len - 4) / 24;
    if (b.cap > 51)     /* RTREE_MAXCELLS */
        b.cap = 51;
    if ((st = rt_read(db, &items, &n, err)) != SM_OK || n == 0)
        return st;
    if ((b.blob = malloc((size_t)b.node_len)) == NULL ||
        (up = malloc(((n + (size_t)b.cap - 1) / (size_t)b.cap) * sizeof(*up))) == NULL ||
        (rows = malloc(n * sizeof(*rows))) == NULL) {
        st = sm_fail(err, SM_ENOMEM, "out of memory");
        goto done;
    }
    if (sm_store__prepare(db, &b.node, "INSERT OR REPLACE INTO main.idx_events_geom_node"
                          " (nodeno, data) VALUES (?1, ?2)", err) != SM_OK ||
        sm_store__prepare(db, &b.parent, "INSERT INTO main.idx_events_geom_parent"
                          " (nodeno, parentnode) VALUES (?1, ?2)", err) != SM_OK ||
        sm_store__prepare(db, &rowid, "INSERT INTO main.idx_events_geom_rowid"
                          " (rowid, nodeno) VALUES (?1, ?2)", err) != SM_OK) {
        st = SM_EDB;
        goto done;
    }
    /* the leaves, then each level above, up to a level of one node: the root */
    st = rt_level(&b, items, n, 0, n <= (size_t)b.cap, up, &nup, err);
    for (size_t i = 0, node = 0; st == SM_OK && i < n; i++) {
        while (i >= n * (node + 1) / nup)
            node++;
        rows[i].id = items[i].child;
        rows[i].node = up[node].child;
    }
    while (st == SM_OK && nup > 1) {
        size_t m = nup;
        rt_item *swap = items;
        items = up;
        up = swap;
        st = rt_level(&b, items, m, ++depth, m <= (size_t)b.cap, up, &nup, err);
    }
    /* the rows' leaves, in the order of their ids */
    qsort(rows, n, sizeof(*rows), rt_row_cmp);
    for (size_t i = 0; st == SM_OK && i < n; i++) {
        sqlite3_bind_int64(rowid, 1, rows[i].id);
        sqlite3_bind_int64(rowid, 2, rows[i].node);
        rc = sqlite3_step(rowid);
        sqlite3_reset(rowid);
        if (rc != SQLITE_DONE)
            st = sm_store__fail(db, err, "cannot build the R*Tree of the events");
    }
done:
    sqlite3_finalize(b.node);
    sqlite3_finalize(b.parent);
    sqlite3_finalize(rowid);
    free(b.blob);
    free(items);
    free(up);
    free(rows);
    return st;
}

/* ---- the uids a load by COPY has had ----------------------------------------- */

struct sm_bulk_uids {
    char **slot;        /* open addressing; NULL: free */
    size_t cap, n;      /* cap a power of two */
};

static size_t
uid_hash(const char *uid)
{
    uint64_t h = 1469598103934665603u;   /* FNV-1a */

    for (const unsigned char *p = (const unsigned char *)uid; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)h;
}

static void
uids_free(struct sm_bulk_uids *u)
{
    if (u == NULL)
        return;
    for (size_t i = 0; i < u->cap; i++)
        free(u->slot[i]);
    free(u->slot);
    free(u);
}

/* uid added to u: *fresh false when it was there. False: out of memory. */
static bool
uids_add(struct sm_bulk_uids *u, const char *uid, bool *fresh)
{
    size_t i;

    if (2 * (u->n + 1) > u->cap) {
        size_t cap = u->cap ? 2 * u->cap : 4096;
        char **slot = calloc(cap, sizeof(*slot));
        if (slot == NULL)
            return false;
        for (size_t k = 0; k < u->cap; k++) {
            if (u->slot[k] == NULL)
                continue;
            for (i = uid_hash(u->slot[k]) & (cap - 1); slot[i]; i = (i + 1) & (cap - 1))
                ;
            slot[i] = u->slot[k];
        }
        free(u->slot);
        u->slot = slot;
        u->cap = cap;
    }
    for (i = uid_hash(uid) & (u->cap - 1); u->slot[i]; i = (i + 1) & (u->cap - 1))
        if (strcmp(u->slot[i], uid) == 0) {
            *fresh = false;
            return true;
        }
    if ((u->slot[i] = strdup(uid)) == NULL)
        return false;
    u->n++;
    *fresh = true;
    return true;
}

/* ---- the load ------------------------------------------------------------------ */

/* Whether the query (of one table) finds no row. */
static sm_status
table_empty(sm_store *db, const char *sql, bool *empty, sm_error *err)
{
    sm_sql_stmt *s = NULL;
    sm_status st;

    *empty = false;
    if ((st = sm_sql_prepare(db, sql, &s, err)) != SM_OK)
        return st;
    st = sm_sql_step(s, err);
    sm_sql_finalize(s);
    *empty = st == SM_ENOTFOUND;
    return st == SM_ENOTFOUND ? SM_OK : st;
}

static void
triggers_on(sm_store *db, bool on)
{
    sqlite3_db_config(db->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, (int *)NULL);
}

/* On a file: the events' indexes dropped (their SQL kept to make them
 * again), and the triggers off. */
static sm_status
lite_start(sm_store *db, sm_error *err)
{
    sqlite3_stmt *s = NULL;
    sm_buf drop = SM_BUF_INIT;
    sm_status st = SM_OK;
    int rc;

    /* the indexes as they are made, to make them again at the end (the
     * uid's, of its UNIQUE constraint, has no SQL and stays) */
    if (sm_store__prepare(db, &s, "SELECT name, sql FROM main.sqlite_master WHERE"
                          " type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL"
                          " ORDER BY name", err) != SM_OK)
        return SM_EDB;
    sm_buf_reset(&db->bulk_indexes);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && st == SM_OK) {
        st = sm_buf_printf(&drop, "DROP INDEX main.\"%s\";", sqlite3_column_text(s, 0));
        if (st == SM_OK)
            st = sm_buf_printf(&db->bulk_indexes, "%s;", sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    if (st != SM_OK)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    else if (rc != SQLITE_DONE)
        st = sm_store__fail(db, err, "cannot read the indexes of events");
    else if (drop.len)
        st = sm_store__exec(db, sm_buf_str(&drop), err);
    sm_buf_free(&drop);
    if (st != SM_OK)
        return st;
    triggers_on(db, false);
    return SM_OK;
}

sm_status
sm_store__bulk_maybe(sm_store *db, sm_error *err)
{
    bool empty = false;
    sm_status st;

    if (db->bulk_tried || db->batch == 0)
        return SM_OK;
    db->bulk_tried = true;
    if ((st = table_empty(db, "SELECT 1 FROM events LIMIT 1", &empty, err)) != SM_OK || !empty ||
        (st = table_empty(db, "SELECT 1 FROM event_reports LIMIT 1", &empty, err)) != SM_OK ||
        !empty)
        return st;
    /* how the rows go in fast: a file's indexes and triggers, or COPY */
    if (db->db)
        st = lite_start(db, err);
    else if ((db->bulk_uids = calloc(1, sizeof(*db->bulk_uids))) == NULL)
        st = sm_fail(err, SM_ENOMEM, "out of memory");
    if (st != SM_OK)
        return st;
    db->bulk = true;
    return SM_OK;
}

sm_status
sm_store__bulk_event(sm_store *db, const char *uid, sm_bulk_way *way,
                     struct sm_sql_rows **rows, sm_error *err)
{
    bool fresh = false;

    *rows = NULL;
    *way = SM_BULK_NONE;
    if (!db->bulk)
        return SM_OK;
    if (db->bulk_uids == NULL) {    /* a file */
        *way = SM_BULK_INSERT;
        return SM_OK;
    }
    /* COPY: a uid loaded is the upsert's */
    if (uid && !uids_add(db->bulk_uids, uid, &fresh))
        return sm_fail(err, SM_ENOMEM, "out of memory");
    if (!fresh)
        return sm_store__bulk_pause(db, err);
    if (db->bulk_rows == NULL &&
        sm_sql_rows_begin(db, "events", SM_STORE_BULK_EVENT_COLUMNS,
                          SM_STORE_BULK_EVENT_NCOLUMNS, SM_STORE_BULK_EVENT_POINT, -1,
                          SM_SQL_ROWS_NEW, "cannot store an event", &db->bulk_rows,
                          err) != SM_OK)
        return SM_EDB;
    *rows = db->bulk_rows;
    *way = SM_BULK_ROWS;
    return SM_OK;
}

sm_status
sm_store__bulk_pause(sm_store *db, sm_error *err)
{
    struct sm_sql_rows *r = db->bulk_rows;

    db->bulk_rows = NULL;
    return r ? sm_sql_rows_end(r, SM_OK, err) : SM_OK;
}

sm_status
sm_store__bulk_end(sm_store *db, sm_error *err)
{
    sm_status st;

    if (!db->bulk)
        return SM_OK;
    db->bulk = false;
    st = sm_store__bulk_pause(db, err);
    uids_free(db->bulk_uids);
    db->bulk_uids = NULL;
    if (db->db == NULL || st != SM_OK)
        return st;
    triggers_on(db, true);
    st = db->bulk_indexes.len ? sm_store__exec(db, sm_buf_str(&db->bulk_indexes), err) : SM_OK;
    if (st == SM_OK && (st = rtree_build(db, err)) == SM_ENOTFOUND)
        st = sm_store__exec(db, rtree_fill, err);
    sm_buf_reset(&db->bulk_indexes);
    return st;
}

void
sm_store__bulk_reset(sm_store *db)
{
    sm_error ignored = { 0 };

    /* rows under way given up: a COPY ends failed, before the rollback */
    sm_sql_rows_end(db->bulk_rows, SM_EDB, &ignored);
    db->bulk_rows = NULL;
    uids_free(db->bulk_uids);
    db->bulk_uids = NULL;
    if (db->bulk && db->db)
        triggers_on(db, true);
    db->bulk = false;
    db->bulk_tried = false;
    sm_buf_reset(&db->bulk_indexes);
}
