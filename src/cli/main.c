/* SPDX-License-Identifier: MIT */
/*
 * main.c - `sitmap COMMAND ...`: global options (accepted anywhere before
 * "--"), then the command's own. Thin: every piece of work is a library call.
 * The executable's main (start.c) loads this from sitmap-core.so and calls
 * sm_cli_main.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/geolibs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sm_cli_command commands[] = {
    { "init", "create or upgrade the database", sm_cli_init },
    { "import", "import events, zones or control records", sm_cli_import },
    { "export", "write the situation as of a date to a file", sm_cli_export },
    { "geocode", "find places by name, as journalists spell them", sm_cli_geocode },
    { "where", "name the places nearest to a point", sm_cli_where },
    { "extract", "places and incidents from news text", sm_cli_extract },
    { "gazetteer", "extend the gazetteer with GeoNames dumps", sm_cli_gazetteer },
    { "render", "draw the situation as of a date (PNG, SVG, PDF)", sm_cli_render },
    { "diff", "what changed between two dates: areas, places", sm_cli_diff },
    { "series", "one map a day (or step) over a period, on every core", sm_cli_series },
    { "faction", "add a faction that imports then accept; list them", sm_cli_faction },
    { "history", "list the batches that changed the database", sm_cli_history },
    { "undo", "take back one batch: an import, extraction or delete", sm_cli_undo },
    { "delete", "delete records by batch, id, source or dates", sm_cli_delete },
    { "info", "summarise what the database holds", sm_cli_info },
    { "copy", "copy a whole database: a file to PostgreSQL and back", sm_cli_copy },
};

static void
help(void)
{
    printf("usage: sitmap [--db PATH] [--theatre NAME|FILE] [-q|-v] COMMAND [ARGS]\n\n"
           "Dated situation maps from conflict data.\n\ncommands:\n");
    for (size_t i = 0; i < SM_LEN(commands); i++)
        printf("  %-8s %s\n", commands[i].name, commands[i].summary);
    printf("\nglobal options:\n"
           "  --db PATH     the database (default $SITMAP_DB, else ./sitmap.db)\n"
           "  --theatre NAME|FILE\n"
           "                the country mapped: gazetteer/theatres/NAME.json, or a\n"
           "                profile file (default $SITMAP_THEATRE, else syria)\n"
           "  -q, --quiet   print only errors\n"
           "  -v, --verbose say more\n"
           "  --help        this text; `sitmap COMMAND --help` for a command\n"
           "  --version     print the version\n");
}

/* Take the global options out of argv, wherever they stand. Returns -1 to
 * go on, or an exit status. */
static int
global_options(sm_cli *cli, int *argc, char **argv)
{
    int out = 1;
    bool rest = false;

    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];

        if (rest || a[0] != '-') {
            argv[out++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            rest = true;
            argv[out++] = argv[i];
        } else if (strcmp(a, "--db") == 0) {
            if (i + 1 >= *argc)
                return sm_cli_usage(NULL, "--db needs a path");
            cli->db_path = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            cli->db_path = a + 5;
        } else if (strcmp(a, "--theatre") == 0) {
            if (i + 1 >= *argc)
                return sm_cli_usage(NULL, "--theatre needs a name or a file");
            cli->theatre = argv[++i];
        } else if (strncmp(a, "--theatre=", 10) == 0) {
            cli->theatre = a + 10;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            cli->verbosity = 0;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            cli->verbosity = 2;
        } else if (strcmp(a, "--version") == 0) {
            printf("sitmap %s\n", sm_version());
            return SM_EXIT_OK;
        } else {
            argv[out++] = argv[i];
        }
    }
    *argc = out;
    argv[out] = NULL;
    return -1;
}

int
sm_cli_main(int argc, char **argv)
{
    sm_cli cli = { .db_path = NULL, .db_uri = NULL, .theatre = NULL, .verbosity = 1 };
    int status;

    sm_huge_heap();
    status = global_options(&cli, &argc, argv);

    if (status >= 0)
        return status;
    if (cli.db_path == NULL) {
        const char *env = getenv("SITMAP_DB");
        cli.db_path = env && *env ? env : "sitmap.db";
    }
    {   /* a server's URI is shown without its password */
        static char shown[1024];
        sm_store_display_name(cli.db_path, shown, sizeof(shown));
        if (strcmp(shown, cli.db_path) != 0) {
            cli.db_uri = cli.db_path;
            cli.db_path = shown;
        }
    }
    if (cli.theatre == NULL) {
        const char *env = getenv("SITMAP_THEATRE");
        cli.theatre = env && *env ? env : "syria";
    }
    if (*cli.theatre == '\0')
        return sm_cli_usage(NULL, "--theatre needs a name or a file");
    if (argc < 2) {
        help();
        return SM_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        help();
        return SM_EXIT_OK;
    }
    for (size_t i = 0; i < SM_LEN(commands); i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            /* every command reads or writes geometries: PROJ and SpatiaLite
             * are opened meanwhile, while it reads its options and opens
             * the database */
            int rc;
            sm_geolibs_preload();
            rc = commands[i].run(&cli, argc - 1, argv + 1);
            sm_geolibs_join();
            return rc;
        }
    return sm_cli_usage(NULL, "unknown command \"%s\"", argv[1]);
}
