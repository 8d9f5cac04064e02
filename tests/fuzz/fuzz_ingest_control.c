/* SPDX-License-Identifier: MIT */
/* fuzz_ingest_control.c - sm_ingest_control on any CSV file (fuzz_ingest.h). */
#include "fuzz_ingest.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_ingest_init(argv);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sm_ingest_opts o = SM_INGEST_OPTS_INIT;

    fuzz_ingest_run(sm_ingest_control, &o, data, size);
    return 0;
}
