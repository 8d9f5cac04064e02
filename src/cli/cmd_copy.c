/* SPDX-License-Identifier: MIT */
/* cmd_copy.c - `sitmap copy SRC DST`: a whole database into another, a
 * SpatiaLite file to PostgreSQL and back (store/copy.c). A file is made
 * under a temporary name beside DST and renamed when complete
 * (core/atomic_file.h). */
#include "cli/cli.h"
#include "core/atomic_file.h"

#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

int
sm_cli_copy(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = { { "help", no_argument, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    sm_store_copied n = { 0 };
    sm_error err = { 0 };
    sm_store *src = NULL, *dst = NULL;
    sm_atomic_file out = SM_ATOMIC_FILE_INIT;
    char src_name[1024], dst_name[1024];
    const char *to;
    struct stat sb;
    sm_status st;
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            printf("usage: sitmap copy SRC DST\n\n"
                   "Copy a whole database into another: a SpatiaLite file to PostgreSQL\n"
                   "(postgresql://...) and back, or file to file. Every record is kept:\n"
                   "the gazetteer, factions, events, zones, control records, reports and\n"
                   "the import history (so undo works on the copy). DST is a new file, or\n"
                   "a PostgreSQL database that holds no events, zones, control records\n"
                   "or batches (one `sitmap init` has made is fine). All or nothing.\n");
            return SM_EXIT_OK;
        }
        return sm_cli_usage("copy", "bad option");
    }
    if (argc - optind != 2)
        return sm_cli_usage("copy", "copy takes two databases: SRC DST");
    sm_store_display_name(argv[optind], src_name, sizeof(src_name));
    sm_store_display_name(argv[optind + 1], dst_name, sizeof(dst_name));
    to = argv[optind + 1];
    if (!sm_store_is_server(to)) {
        if (stat(to, &sb) == 0) {
            fprintf(stderr, "sitmap: %s exists; copy makes a new file (or fills an empty"
                    " PostgreSQL database)\n", dst_name);
            return SM_EXIT_FAIL;
        }
        if (sm_atomic_file_reserve(&out, to, &err) != SM_OK)
            return sm_cli_fail(&err);
        to = out.tmp;
    }
    st = sm_store_open(argv[optind], SM_STORE_READ, &src, &err);
    if (st == SM_OK)
        st = sm_store_open(to, SM_STORE_CREATE, &dst, &err);
    if (st == SM_OK)
        st = sm_store_copy(src, dst, &n, &err);
    sm_store_close(src);
    sm_store_close(dst);
    if (st == SM_OK && out.tmp)
        st = sm_atomic_file_commit(&out, &err);
    sm_atomic_file_discard(&out);
    if (st != SM_OK)
        return sm_cli_fail(&err);
    sm_cli_say(cli, "%s -> %s: %ld places, %ld events, %ld zones, %ld control records,"
               " %ld batches (%ld rows in all)\n", src_name, dst_name, n.places, n.events,
               n.zones, n.control, n.batches, n.rows);
    return SM_EXIT_OK;
}
