/* SPDX-License-Identifier: MIT */
/*
 * run.c - the one loop every import runs: open the source, map its columns,
 * then read every row inside one transaction, committed only if all rows are
 * good. A file with no rows is an error, not an empty success.
 */
#include "ingest/ingest_int.h"

sm_status
sm_ingest__run(sm_store *db, const char *path, const sm_ingest_opts *opts,
               const sm_ingest_job *job, sm_ingest_report *rep_out, sm_error *err)
{
    sm_src src;
    sm_ingest_report rep = { 0 };
    sm_status st;

    if ((st = sm_ingest__src_open(&src, path, opts, err)) != SM_OK)
        return st;
    st = job->setup(&src, job->ctx, err);
    if (st == SM_OK)
        st = sm_store_begin(db, err);
    if (st != SM_OK) {
        sm_ingest__src_close(&src);
        return st;
    }
    while ((st = sm_ingest__src_next(&src, err)) == SM_OK) {
        rep.rows++;
        if ((st = job->row(db, &src, job->ctx, &rep, err)) != SM_OK)
            break;
    }
    if (st == SM_ENOTFOUND && rep.rows == 0)
        st = sm_fail(err, SM_EINPUT, "%s: no %s in the file", src.path, job->what);
    else if (st == SM_ENOTFOUND)
        st = sm_store_commit(db, err);
    if (st != SM_OK)
        sm_store_rollback(db);
    sm_ingest__src_close(&src);
    if (st == SM_OK && rep_out)
        *rep_out = rep;
    return st;
}

void
sm_ingest__count(sm_ingest_report *rep, sm_put_result res)
{
    rep->added += res == SM_PUT_NEW;
    rep->updated += res == SM_PUT_UPDATED;
    rep->same += res == SM_PUT_SAME;
    rep->kept += res == SM_PUT_KEPT;
}
