/* SPDX-License-Identifier: MIT */
/* fuzz_ingest_control.c - sm_ingest_control on any CSV file (fuzz_ingest.h). */
#include "fuzz_ingest.h"

FUZZ_INGEST_TARGET(sm_ingest_control)
