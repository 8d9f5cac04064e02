/* SPDX-License-Identifier: MIT */
/*
 * pq.h - libpq, PostgreSQL's client library, opened when a store first
 * connects to a server (inside the store only).
 *
 * Linked at start, libpq brings some 20 libraries (its TLS, Kerberos and
 * LDAP stacks): about 10 ms of the dynamic linker's at every start of the
 * command, whatever the database. As core/geolibs.h does for PROJ and
 * SpatiaLite, it is opened with dlopen instead, the first time a
 * postgresql:// database is opened; the calls below read as plain calls.
 */
#ifndef SM_STORE_PQ_H
#define SM_STORE_PQ_H

#include <libpq-fe.h>

#include "core/error.h"

/* The functions sitmap calls */
#define SM_PQ_FUNCTIONS(X)                                                                     \
    X(PQconnectdb) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQexec) X(PQexecParams)         \
    X(PQresultStatus) X(PQresultErrorMessage) X(PQresultErrorField) X(PQclear) X(PQntuples)    \
    X(PQnfields) X(PQgetvalue) X(PQgetlength) X(PQgetisnull) X(PQcmdTuples) X(PQputCopyData)   \
    X(PQputCopyEnd) X(PQgetResult) X(PQsetNoticeProcessor) X(PQtransactionStatus)          \
    X(PQftype) X(PQprepare) X(PQexecPrepared)

typedef struct sm_pq {
#define SM_PQ_FIELD(name) __typeof__(name) *name;
    SM_PQ_FUNCTIONS(SM_PQ_FIELD)
#undef SM_PQ_FIELD
} sm_pq;

/* Open libpq unless open (thread-safe); SM_EIO, saying so, when it is not
 * installed. sm_store_open_wait calls it before any call below. */
sm_status sm_pq_open(sm_error *err);

extern sm_pq sm_pq_table;

#ifndef SM_PQ_NO_MACROS
#define PQconnectdb (sm_pq_table.PQconnectdb)
#define PQstatus (sm_pq_table.PQstatus)
#define PQerrorMessage (sm_pq_table.PQerrorMessage)
#define PQfinish (sm_pq_table.PQfinish)
#define PQexec (sm_pq_table.PQexec)
#define PQexecParams (sm_pq_table.PQexecParams)
#define PQresultStatus (sm_pq_table.PQresultStatus)
#define PQresultErrorMessage (sm_pq_table.PQresultErrorMessage)
#define PQresultErrorField (sm_pq_table.PQresultErrorField)
#define PQclear (sm_pq_table.PQclear)
#define PQntuples (sm_pq_table.PQntuples)
#define PQnfields (sm_pq_table.PQnfields)
#define PQgetvalue (sm_pq_table.PQgetvalue)
#define PQgetlength (sm_pq_table.PQgetlength)
#define PQgetisnull (sm_pq_table.PQgetisnull)
#define PQcmdTuples (sm_pq_table.PQcmdTuples)
#define PQputCopyData (sm_pq_table.PQputCopyData)
#define PQputCopyEnd (sm_pq_table.PQputCopyEnd)
#define PQgetResult (sm_pq_table.PQgetResult)
#define PQsetNoticeProcessor (sm_pq_table.PQsetNoticeProcessor)
#define PQtransactionStatus (sm_pq_table.PQtransactionStatus)
#define PQftype (sm_pq_table.PQftype)
#define PQprepare (sm_pq_table.PQprepare)
#define PQexecPrepared (sm_pq_table.PQexecPrepared)
#endif

#endif
