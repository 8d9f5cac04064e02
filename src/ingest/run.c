/* SPDX-License-Identifier: MIT */
/*
 * run.c - the one loop every import runs: open the source, map its columns,
 * then read every row inside one transaction and one recorded batch
 * (store.h), committed only if all rows are good. A file with no rows is an
 * error, not an empty success.
 */
#include "ingest/ingest_int.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

/* The SHA-256 of a file's bytes in hex, read through GDAL's virtual file
 * system (so /vsizip/ members too); "" for what is not a regular file
 * (standard input, a database connection). */
static sm_status
file_sha256(const char *path, char hex[65], sm_error *err)
{
    VSIStatBufL sb;
    VSILFILE *f;
    EVP_MD_CTX *md;
    unsigned char buf[1 << 16], sum[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    size_t n;
    bool ok;

    hex[0] = '\0';
    if (strncmp(path, "/vsistdin", 9) == 0 || VSIStatL(path, &sb) != 0 ||
        !VSI_ISREG(sb.st_mode) || (f = VSIFOpenL(path, "rb")) == NULL)
        return SM_OK;
    md = EVP_MD_CTX_new();
    ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    while (ok && (n = VSIFReadL(buf, 1, sizeof(buf), f)) > 0)
        ok = EVP_DigestUpdate(md, buf, n);
    ok = ok && EVP_DigestFinal_ex(md, sum, &len);
    EVP_MD_CTX_free(md);
    VSIFCloseL(f);
    if (!ok)
        return sm_fail(err, SM_EIO, "%s: cannot read it to record its hash", path);
    for (unsigned int i = 0; i < len; i++)
        snprintf(hex + 2 * i, 3, "%02x", sum[i]);
    return SM_OK;
}

/* The source's name as history records it: a connection string's
 * password is not kept ("PG:dbname=x password=***"). */
static void
recorded_name(const char *name, char *out, size_t cap)
{
    const char *pw = strstr(name, "password=");
    size_t end;

    snprintf(out, cap, "%s", name);
    if (pw == NULL || (size_t)(pw - name) + 9 >= cap)
        return;
    end = strcspn(pw + 9, " ");
    snprintf(out + (pw - name) + 9, cap - (size_t)(pw - name) - 9, "***%s", pw + 9 + end);
}

sm_status
sm_ingest__run(sm_store *db, const char *path, const sm_ingest_opts *opts,
               const sm_ingest_job *job, sm_ingest_report *rep_out, sm_error *err)
{
    sm_src src;
    sm_ingest_report rep = { 0 };
    char sha[65] = "", kind[32], file[512];
    sm_batch batch = { .kind = kind, .file = file, .sha256 = sha };
    sm_status st;

    if ((st = sm_ingest__src_open(&src, path, opts, err)) != SM_OK)
        return st;
    snprintf(kind, sizeof(kind), "import %s", job->what);
    batch.label = src.dataset;
    recorded_name(src.path, file, sizeof(file));
    st = job->setup(&src, job->ctx, err);
    if (st == SM_OK)
        st = file_sha256(path, sha, err);
    if (sha[0] == '\0')
        batch.sha256 = NULL;
    if (st == SM_OK && (st = sm_store_begin(db, err)) == SM_OK) {
        st = sm_store_batch_same_file(db, batch.sha256, &rep.seen_in, err);
        if (st == SM_OK)
            st = sm_store_batch_begin(db, &batch, &rep.batch, err);
        if (st != SM_OK)
            sm_store_rollback(db);
    }
    if (st != SM_OK) {
        sm_ingest__src_close(&src);
        return st;
    }
    while ((st = sm_ingest__src_next(&src, err)) == SM_OK) {
        rep.rows++;
        if ((st = job->row(db, &src, job->ctx, &rep, err)) != SM_OK)
            break;
    }
    if (job->finish)
        st = job->finish(job->ctx, st, err);
    if (st == SM_ENOTFOUND && rep.rows == 0)
        st = sm_fail(err, SM_EINPUT, "%s: no %s in the file", src.path, job->what);
    else if (st == SM_ENOTFOUND) {
        batch.rows = rep.rows;
        batch.added = rep.added;
        batch.updated = rep.updated;
        batch.same = rep.same;
        batch.kept = rep.kept;
        batch.removed = rep.removed;
        st = sm_store_batch_end(db, &batch, err);
        if (st == SM_OK)
            st = sm_store_commit(db, err);
    }
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
