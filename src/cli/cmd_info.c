/* SPDX-License-Identifier: MIT */
/* cmd_info.c - `sitmap info`: what the database holds. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>

static void
print_faction(const char *faction, long zones, long control, void *user)
{
    (void)user;
    printf("  %-14s %5ld zones %6ld control records\n", faction, zones, control);
}

int
sm_cli_info(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = { { "help", no_argument, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    sm_store_stats s = { 0 };
    sm_error err = { 0 };
    sm_store *db = NULL;
    char d1[SM_DAY_ISO_LEN], d2[SM_DAY_ISO_LEN];
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            printf("usage: sitmap [--db PATH] info\n\nSummarise what the database holds.\n");
            return SM_EXIT_OK;
        }
        return sm_cli_usage("info", "bad option");
    }
    if (sm_cli_store_open(cli, SM_STORE_READ, &db, &err) != SM_OK ||
        sm_store_stats_get(db, &s, &err) != SM_OK) {
        sm_store_close(db);
        return sm_cli_fail(&err);
    }
    printf("database   %s (schema %d)\n", cli->db_path, sm_store_schema_version_found(db));
    if (s.first_day != SM_DAY_NONE)
        printf("dates      %s .. %s\n", sm_day_format(s.first_day, d1),
               sm_day_format(s.last_day, d2));
    printf("places     %ld (%ld names)\n", s.places, s.place_names);
    printf("events     %ld (%ld without coordinates)\n", s.events, s.events_unplaced);
    printf("zones      %ld\n", s.zones);
    printf("control    %ld records of %ld places\n", s.control_records, s.control_places);
    printf("factions\n");
    if (sm_store_factions_each(db, print_faction, NULL, &err) != SM_OK) {
        sm_store_close(db);
        return sm_cli_fail(&err);
    }
    sm_store_close(db);
    return SM_EXIT_OK;
}
