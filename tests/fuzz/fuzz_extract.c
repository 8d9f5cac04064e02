/* SPDX-License-Identifier: MIT */
/*
 * fuzz_extract.c - sm_extract on any text, published on a fixed day
 * (2017-01-30), with the extractor of the shipped gazetteer, english.txt
 * and the Syrian theatre, built once; then its JSON as `sitmap extract
 * --json` writes it, which must parse back with json-c to the text's own
 * bytes (each mention's text, each event's sentence).
 */
#include "fuzz.h"

#include <json-c/json.h>

#include "cli/cli.h"

static sm_extractor *extractor;
static sm_day day;

/* s[0..n) is the value of key in o, byte for byte. */
static bool
same_string(json_object *o, const char *key, const char *s, size_t n)
{
    json_object *v = NULL;

    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string) &&
           (size_t)json_object_get_string_len(v) == n &&
           memcmp(json_object_get_string(v), s, n) == 0;
}

/* The extraction's JSON parses back: one object, as many mentions and
 * events, their strings the text's bytes. */
static void
check_json(const char *text, const sm_extraction *r)
{
    sm_cli_extract_json w;
    sm_json_out *out = malloc(sizeof(*out));
    char *doc = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&doc, &len);
    json_tokener *tok = json_tokener_new();
    json_object *o, *mentions = NULL, *events = NULL;

    FUZZ_ASSERT(out && fp && tok);
    sm_cli_extract_json_init(&w, fuzz_gazetteer());
    sm_json_out_init(out, fp);
    sm_cli_extract_json_write(&w, out, "a \"file\"\\", text, r);
    sm_json_out_flush(out);
    fclose(fp);
    o = json_tokener_parse_ex(tok, doc, (int)len);
    FUZZ_ASSERT(o != NULL && json_tokener_get_error(tok) == json_tokener_success);
    /* the whole document is the object and its newline (which json-c reads
       as the blank after it) */
    FUZZ_ASSERT(json_tokener_get_parse_end(tok) == len && doc[len - 1] == '\n');
    FUZZ_ASSERT(same_string(o, "file", "a \"file\"\\", 9));
    FUZZ_ASSERT(json_object_object_get_ex(o, "mentions", &mentions) &&
                json_object_array_length(mentions) == r->nmentions);
    FUZZ_ASSERT(json_object_object_get_ex(o, "events", &events) &&
                json_object_array_length(events) == r->nevents);
    for (size_t i = 0; i < r->nmentions; i++) {
        const sm_mention *m = &r->mentions[i];
        json_object *j = json_object_array_get_idx(mentions, i);
        FUZZ_ASSERT(same_string(j, "text", text + m->start, m->end - m->start));
        FUZZ_ASSERT(same_string(j, "why", m->why, strlen(m->why)));
    }
    for (size_t i = 0; i < r->nevents; i++) {
        const sm_found_event *e = &r->events[i];
        json_object *j = json_object_array_get_idx(events, i);
        FUZZ_ASSERT(same_string(j, "sentence", text + e->start, e->end - e->start));
    }
    json_object_put(o);
    json_tokener_free(tok);
    sm_cli_extract_json_free(&w);
    free(doc);
    free(out);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    sm_error err = { 0 };

    (void)argc;
    fuzz_project_root(argv);
    if (sm_extractor_new(fuzz_gazetteer(), "gazetteer/english.txt", fuzz_theatre(), &extractor,
                         &err) != SM_OK) {
        fprintf(stderr, "extractor: %s\n", err.msg);
        exit(1);
    }
    sm_day_from_ymd(2017, 1, 30, &day);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sm_extraction r;
    sm_error err = { 0 };

    /* the exact bytes, not NUL-terminated: the length is the text's */
    char *text = malloc(size ? size : 1);
    if (text == NULL)
        abort();
    memcpy(text, data, size);
    if (sm_extract(extractor, text, size, day, &r, &err) == SM_OK) {
        for (size_t i = 0; i < r.nmentions; i++) {
            const sm_mention *m = &r.mentions[i];
            FUZZ_ASSERT(m->start < m->end && m->end <= size && m->cstart < m->cend);
            FUZZ_ASSERT(m->sentence >= 0 && m->sentence < r.sentences);
        }
        for (size_t i = 0; i < r.nevents; i++) {
            const sm_found_event *e = &r.events[i];
            FUZZ_ASSERT(e->mention >= 0 && (size_t)e->mention < r.nmentions);
            FUZZ_ASSERT(e->start <= e->end && e->end <= size);
            FUZZ_ASSERT(memchr(e->actors, '\0', sizeof(e->actors)) != NULL);
        }
        check_json(text, &r);
        sm_extraction_free(&r);
    } else {
        /* a failure keeps nothing: the command frees only what succeeded */
        FUZZ_ASSERT(err.msg[0] != '\0');
    }
    free(text);
    return 0;
}
