/* SPDX-License-Identifier: MIT */
/* fuzz_ingest_zones.c - sm_ingest_zones on any CSV file (fuzz_ingest.h). */
#include "fuzz_ingest.h"

FUZZ_INGEST_TARGET(sm_ingest_zones)
