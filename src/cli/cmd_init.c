/* SPDX-License-Identifier: MIT */
/* cmd_init.c - `sitmap init`: create the database, or upgrade it in place. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>

int
sm_cli_init(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = { { "help", no_argument, NULL, 'h' },
                                              { NULL, 0, NULL, 0 } };
    sm_error err = { 0 };
    sm_store *db;
    int c, found;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            printf("usage: sitmap [--db PATH] init\n\n"
                   "Create the database, or upgrade an older one keeping its data.\n");
            return SM_EXIT_OK;
        }
        return sm_cli_usage("init", "bad option");
    }
    if (optind < argc)
        return sm_cli_usage("init", "unexpected argument \"%s\"", argv[optind]);
    if (sm_store_open(cli->db_path, SM_STORE_CREATE, &db, &err) != SM_OK)
        return sm_cli_fail(&err);
    found = sm_store_schema_version_found(db);
    if (found == 0)
        sm_cli_say(cli, "%s: created (schema %d)\n", cli->db_path, SM_STORE_SCHEMA_VERSION);
    else if (found < SM_STORE_SCHEMA_VERSION)
        sm_cli_say(cli, "%s: upgraded from schema %d to %d\n", cli->db_path, found,
                   SM_STORE_SCHEMA_VERSION);
    else
        sm_cli_say(cli, "%s: up to date (schema %d)\n", cli->db_path, found);
    sm_store_close(db);
    return SM_EXIT_OK;
}
