/* SPDX-License-Identifier: MIT */
/*
 * sitmap.h - the library's whole interface, for embedders and for the
 * command-line tool: dated situation maps from conflict data.
 *
 * Data flow, one way: ingest (files, or news text through extract) -> store
 * -> timeline -> render and export. Every function that can fail returns sm_status and fills an
 * sm_error (core/error.h).
 */
#ifndef SITMAP_H
#define SITMAP_H

#define SITMAP_VERSION "0.1.0"

#include "core/atomic_file.h"
#include "core/buf.h"
#include "core/day.h"
#include "core/error.h"
#include "core/colour.h"
#include "core/text.h"
#include "theatre/theatre.h"
#include "store/store.h"
#include "gazetteer/gazetteer.h"
#include "extract/extract.h"
#include "timeline/timeline.h"
#include "ingest/ingest.h"
#include "export/export.h"
#include "style/style.h"
#include "render/render.h"

#endif
