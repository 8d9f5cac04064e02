/* SPDX-License-Identifier: MIT */
/* fuzz_ingest_events.c - sm_ingest_events on any CSV file (fuzz_ingest.h). */
#include "fuzz_ingest.h"

FUZZ_INGEST_TARGET(sm_ingest_events)
