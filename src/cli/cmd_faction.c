/* SPDX-License-Identifier: MIT */
/* cmd_faction.c - `sitmap faction add|list`: the factions imports accept,
 * the theatre's and those added to the database on purpose. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char faction_usage[] =
    "usage: sitmap [--db PATH] faction add ID --label LABEL --colour #RRGGBB\n"
    "       sitmap [--db PATH] faction list\n\n"
    "Imports accept the factions of the theatre (--theatre) and those added to the\n"
    "database here, in any case (\"Regime\" is regime); any other is refused with\n"
    "the nearest to suggest, so that a typo never becomes a faction. An added\n"
    "faction is drawn in its colour and named by its label in the legend.\n";

static void
add_known(const char *id, const char *label, const char *colour, void *user)
{
    sm_cli_factions *f = user;

    (void)label;
    (void)colour;
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->ids[i], id) == 0)
            return;
    if (f->n < SM_LEN(f->ids))
        snprintf(f->ids[f->n++], sizeof(f->ids[0]), "%s", id);
}

sm_status
sm_cli_known_factions(sm_store *db, const sm_theatre *t, sm_cli_factions *f, sm_error *err)
{
    memset(f, 0, sizeof(*f));
    for (int i = 0; t && i < t->nfactions; i++)
        add_known(t->factions[i].id, NULL, NULL, f);
    if (sm_store_known_factions_each(db, add_known, f, err) != SM_OK)
        return SM_EDB;
    for (size_t i = 0; i < f->n; i++)
        f->list[i] = f->ids[i];
    return SM_OK;
}

static void
print_one(const char *id, const char *label, const char *colour, void *user)
{
    const sm_theatre *t = user;

    for (int i = 0; label == NULL && i < t->nfactions; i++)
        if (strcmp(t->factions[i].id, id) == 0)
            return;                       /* the theatre's, listed above */
    printf("%-16s %-9s %s\n", id, colour ? colour : "-",
           label ? label : "(named by records; not added)");
}

int
sm_cli_faction(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "label", required_argument, NULL, 'l' }, { "colour", required_argument, NULL, 'c' },
        { "color", required_argument, NULL, 'c' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *label = NULL, *colour = NULL;
    sm_error err = { 0 };
    sm_store *db = NULL;
    sm_theatre t;
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(faction_usage, stdout);
            return SM_EXIT_OK;
        }
        if (c == 'l')
            label = optarg;
        else if (c == 'c')
            colour = optarg;
        else
            return sm_cli_usage("faction", "bad option");
    }
    if (optind < argc && strcmp(argv[optind], "list") == 0 && optind + 1 == argc) {
        if ((c = sm_cli_theatre(cli, &t)) >= 0)
            return c;
        for (int i = 0; i < t.nfactions; i++) {
            char hex[8];
            snprintf(hex, sizeof(hex), "#%02x%02x%02x", (int)(t.factions[i].fill.r * 255 + 0.5),
                     (int)(t.factions[i].fill.g * 255 + 0.5),
                     (int)(t.factions[i].fill.b * 255 + 0.5));
            printf("%-16s %-9s %s (the theatre's)\n", t.factions[i].id, hex, t.factions[i].label);
        }
        if (sm_cli_store_open(cli, SM_STORE_READ, &db, &err) != SM_OK ||
            sm_store_known_factions_each(db, print_one, &t, &err) != SM_OK) {
            sm_store_close(db);
            sm_theatre_free(&t);
            return sm_cli_fail(&err);
        }
        sm_store_close(db);
        sm_theatre_free(&t);
        return SM_EXIT_OK;
    }
    if (!(optind + 2 == argc && strcmp(argv[optind], "add") == 0))
        return sm_cli_usage("faction", "want `faction add ID --label L --colour C` or"
                            " `faction list`");
    if (label == NULL || colour == NULL)
        return sm_cli_usage("faction", "faction add needs --label and --colour");
    if (sm_cli_store_open(cli, SM_STORE_WRITE, &db, &err) != SM_OK ||
        sm_store_faction_add(db, argv[optind + 1], label, colour, &err) != SM_OK) {
        sm_store_close(db);
        return sm_cli_fail(&err);
    }
    sm_store_close(db);
    sm_cli_say(cli, "%s: faction %s added (%s, %s)\n", cli->db_path, argv[optind + 1], label,
               colour);
    return SM_EXIT_OK;
}
