/* SPDX-License-Identifier: MIT */
/* cmd_history.c - `sitmap history`, `sitmap undo BATCH` and `sitmap delete`:
 * the batches that changed the database, and taking one back. */
#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char history_usage[] =
    "usage: sitmap [--db PATH] history\n\n"
    "Every change to events, zones and control is a batch: each import, each\n"
    "extraction into the database, each delete and undo. One line per batch:\n"
    "its number, when (UTC), who, what it was, the file it read (and the start\n"
    "of the file's SHA-256), and what it did. `sitmap undo N` takes one back.\n";

static const char undo_usage[] =
    "usage: sitmap [--db PATH] undo BATCH [--dry-run]\n\n"
    "Remove what batch BATCH (see `sitmap history`) wrote and put back what it\n"
    "replaced or deleted. Refused when a later batch changed the same records:\n"
    "undo that one first. --dry-run counts and changes nothing.\n";

static const char delete_usage[] =
    "usage: sitmap [--db PATH] delete [--batch N] [--id ID] [--source LABEL]\n"
    "                                 [--from DATE] [--to DATE]\n"
    "                                 [--layer events|zones|control] [--dry-run]\n\n"
    "Delete the records matching every option given (at least one): written\n"
    "by batch N, with this event or zone id, imported under this label (the\n"
    "import's --source, else the file's name), dated from/to (inclusive:\n"
    "events by date, zones and control by the day they start), in these\n"
    "layers (repeat --layer; default all). The further reports of a deleted\n"
    "event go with it. A delete is a batch: `sitmap undo` takes it back.\n"
    "--dry-run counts and changes nothing.\n";

static void
print_batch(const sm_batch *b, void *user)
{
    int *n = user;
    char what[128] = "";
    int len = 0;

    if (b->rows)
        len = snprintf(what, sizeof(what), "%ld rows: %ld new, %ld updated, %ld unchanged",
                       b->rows, b->added, b->updated, b->same);
    if (b->kept)
        len += snprintf(what + len, sizeof(what) - (size_t)len, ", %ld kept (stored newer)",
                        b->kept);
    if (b->removed || b->restored || len == 0)
        snprintf(what + len, sizeof(what) - (size_t)len, "%s%ld removed, %ld put back",
                 len ? "; " : "", b->removed, b->restored);
    if ((*n)++ == 0)
        printf("%-5s %-20s %-10s %-22s %s\n", "batch", "when (UTC)", "user", "what", "file / note");
    printf("%-5" PRId64 " %-20.19s %-10s %-22s %s", b->id, b->started ? b->started : "",
           b->user ? b->user : "", b->kind,
           b->file ? b->file : b->note ? b->note : "");
    if (b->sha256)
        printf(" (sha256 %.12s)", b->sha256);
    if (b->file && b->note)
        printf(" %s", b->note);
    printf("\n      %s", what);
    if (b->undone_by)
        printf("; undone by batch %" PRId64, b->undone_by);
    printf("\n");
}

int
sm_cli_history(sm_cli *cli, int argc, char **argv)
{
    sm_error err = { 0 };
    sm_store *db = NULL;
    int n = 0;

    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(history_usage, stdout);
        return SM_EXIT_OK;
    }
    if (argc != 1)
        return sm_cli_usage("history", "history takes no arguments");
    if (sm_cli_store_open(cli, SM_STORE_READ, &db, &err) != SM_OK ||
        sm_store_batches_each(db, print_batch, &n, &err) != SM_OK) {
        sm_store_close(db);
        return sm_cli_fail(&err);
    }
    sm_store_close(db);
    if (n == 0)
        sm_cli_say(cli, "%s: no batches yet\n", cli->db_path);
    return SM_EXIT_OK;
}

/* "3 events, 1 zone" of what a delete or undo removed. */
static void
say_removal(sm_cli *cli, const char *verb, const sm_store_removal *r, bool dry_run)
{
    long n[] = { r->events, r->zones, r->control, r->reports };
    const char *what[] = { "event", "zone", "control record", "report" };
    char line[256];
    size_t len = 0;

    for (size_t i = 0; i < SM_LEN(n); i++)
        if (n[i])
            len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%ld %s%s",
                                    len ? ", " : "", n[i], what[i], n[i] == 1 ? "" : "s");
    if (len == 0)
        snprintf(line, sizeof(line), "nothing");
    if (dry_run)
        sm_cli_say(cli, "%s: would %s %s (dry run: nothing changed)\n", cli->db_path, verb,
                   line);
    else if (r->batch)
        sm_cli_say(cli, "%s: batch %" PRId64 ": %sd %s\n", cli->db_path, r->batch, verb, line);
    else
        sm_cli_say(cli, "%s: nothing matched; nothing changed\n", cli->db_path);
    if (r->restored)
        sm_cli_say(cli, "%s: %s %ld record%s the batch had replaced\n", cli->db_path,
                   dry_run ? "would put back" : "put back", r->restored,
                   r->restored == 1 ? "" : "s");
}

static bool
parse_batch(const char *text, int64_t *out)
{
    char *end;
    long long v;

    if (!isdigit((unsigned char)*text))
        return false;
    errno = 0;
    v = strtoll(text, &end, 10);
    if (errno == ERANGE || *end != '\0' || v <= 0)
        return false;
    *out = v;
    return true;
}

int
sm_cli_undo(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dry-run", no_argument, NULL, 'n' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    sm_error err = { 0 };
    sm_store *db = NULL;
    sm_store_removal r;
    bool dry_run = false;
    int64_t id;
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "hn", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(undo_usage, stdout);
            return SM_EXIT_OK;
        }
        if (c != 'n')
            return sm_cli_usage("undo", "bad option");
        dry_run = true;
    }
    if (optind + 1 != argc || !parse_batch(argv[optind], &id))
        return sm_cli_usage("undo", "want a batch number (see `sitmap history`)");
    if (sm_cli_store_open(cli, SM_STORE_WRITE, &db, &err) != SM_OK ||
        sm_store_undo(db, id, dry_run, &r, &err) != SM_OK) {
        sm_store_close(db);
        return sm_cli_fail(&err);
    }
    sm_store_close(db);
    if (!dry_run)
        sm_cli_say(cli, "%s: batch %" PRId64 " undone\n", cli->db_path, id);
    say_removal(cli, "remove", &r, dry_run);
    return SM_EXIT_OK;
}

int
sm_cli_delete(sm_cli *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "batch", required_argument, NULL, 'b' }, { "id", required_argument, NULL, 'i' },
        { "source", required_argument, NULL, 's' }, { "from", required_argument, NULL, 'f' },
        { "to", required_argument, NULL, 't' }, { "layer", required_argument, NULL, 'l' },
        { "dry-run", no_argument, NULL, 'n' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    sm_delete_filter f = SM_DELETE_FILTER_INIT;
    sm_error err = { 0 };
    sm_store *db = NULL;
    sm_store_removal r;
    bool dry_run = false;
    int c;

    optind = 0;
    while ((c = getopt_long(argc, argv, "hn", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(delete_usage, stdout);
            return SM_EXIT_OK;
        case 'b':
            if (!parse_batch(optarg, &f.batch))
                return sm_cli_usage("delete", "--batch wants a batch number");
            break;
        case 'i': f.uid = optarg; break;
        case 's': f.label = optarg; break;
        case 'f': f.from = optarg; break;
        case 't': f.to = optarg; break;
        case 'n': dry_run = true; break;
        case 'l':
            if (strcmp(optarg, "events") == 0)
                f.events = true;
            else if (strcmp(optarg, "zones") == 0)
                f.zones = true;
            else if (strcmp(optarg, "control") == 0)
                f.control = true;
            else
                return sm_cli_usage("delete", "--layer wants events, zones or control");
            break;
        default:
            return sm_cli_usage("delete", "bad option");
        }
    }
    if (optind != argc)
        return sm_cli_usage("delete", "unexpected argument");
    /* an empty value would match every record, as no value does */
    if ((f.uid && !*f.uid) || (f.label && !*f.label) || (f.from && !*f.from) ||
        (f.to && !*f.to))
        return sm_cli_usage("delete", "--%s wants a value, not an empty text",
                            f.uid && !*f.uid ? "id" : f.label && !*f.label ? "source"
                            : f.from && !*f.from ? "from" : "to");
    if (f.batch == 0 && !f.uid && !f.label && !f.from && !f.to)
        return sm_cli_usage("delete", "say what to delete: --batch, --id, --source,"
                            " --from or --to");
    if (sm_cli_store_open(cli, SM_STORE_WRITE, &db, &err) != SM_OK ||
        sm_store_delete(db, &f, dry_run, &r, &err) != SM_OK) {
        sm_store_close(db);
        return sm_cli_fail(&err);
    }
    sm_store_close(db);
    say_removal(cli, "delete", &r, dry_run);
    return SM_EXIT_OK;
}
