/* SPDX-License-Identifier: MIT */
/*
 * sitmap.h - the library's whole interface, for embedders and for the
 * command-line tool: dated situation maps from conflict data.
 *
 * Data flow, one way: ingest (files, or news text through extract) -> store
 * -> timeline -> render and export. Every function that can fail returns sm_status and fills an
 * sm_error (core/error.h). What threads may share is said at the top of
 * each module's header (and in docs/library.md).
 */
#ifndef SITMAP_H
#define SITMAP_H

/* The version of these headers; sm_version() gives the library's. */
#define SITMAP_VERSION_MAJOR 0
#define SITMAP_VERSION_MINOR 1
#define SITMAP_VERSION_PATCH 0
/* One number that compares as the versions do: 10203 for 1.2.3. */
#define SITMAP_VERSION_NUMBER                                                                  \
    (SITMAP_VERSION_MAJOR * 10000 + SITMAP_VERSION_MINOR * 100 + SITMAP_VERSION_PATCH)
#define SITMAP_VERSION_STR_(x) #x
#define SITMAP_VERSION_STR(x) SITMAP_VERSION_STR_(x)
/* "0.1.0" */
#define SITMAP_VERSION                                                                         \
    SITMAP_VERSION_STR(SITMAP_VERSION_MAJOR)                                                   \
    "." SITMAP_VERSION_STR(SITMAP_VERSION_MINOR) "." SITMAP_VERSION_STR(SITMAP_VERSION_PATCH)

#include "core/atomic_file.h"
#include "core/buf.h"
#include "core/day.h"
#include "core/error.h"
#include "core/colour.h"
#include "core/preload.h"
#include "core/text.h"
#include "core/words.h"
#include "theatre/theatre.h"
#include "store/store.h"
#include "gazetteer/gazetteer.h"
#include "extract/extract.h"
#include "timeline/timeline.h"
#include "ingest/ingest.h"
#include "export/export.h"
#include "style/style.h"
#include "render/render.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library linked, as SITMAP_VERSION writes it: a
 * program may check it against the headers it was built with. Thread-safe. */
const char *sm_version(void);
/* ... and as SITMAP_VERSION_NUMBER. */
int sm_version_number(void);

#ifdef __cplusplus
}
#endif

#endif
