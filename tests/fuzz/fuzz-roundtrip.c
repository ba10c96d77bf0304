/* Round trips of events: what a reader reads, a writer writes, and what
 * is written reads back as the same events. The first byte picks the
 * format: JSON Lines through the JSON Lines writer, or JSON Lines through
 * the XES writer and reader. */
#include <string.h>
#include <cjm/json.h>
#include <cjm/xml.h>
#include "fuzz-common.h"

/* Whether XES carries the event: no extensions, and attribute keys the
 * XES writer writes (no prefix, or a string key of lifecycle, org or
 * concept other than concept:name). */
static int xes_carries(const cjm_event *event)
{
    static const char *const prefixed[] = { "concept:instance", "lifecycle:model",
                                            "lifecycle:transition", "lifecycle:state",
                                            "org:resource", "org:role", "org:group" };
    if (cjm_event_extensions(event, NULL))
        return 0;
    for (size_t i = 0; i < cjm_event_attribute_count(event); i++) {
        const char *key = cjm_event_attribute_key(event, i);
        int ok = strchr(key, ':') == NULL;
        for (size_t k = 0; !ok && k < sizeof prefixed / sizeof prefixed[0]; k++)
            ok = strcmp(key, prefixed[k]) == 0;
        if (!ok)
            return 0;
    }
    return 1;
}

typedef struct collected {
    char **lines; /* each event as a JSON Lines line */
    size_t count;
    int xes;      /* leave out what XES does not carry (xes_carries()) */
} collected;

static cjm_status collect(const cjm_event *event, void *userdata)
{
    collected *c = userdata;
    if (cjm_event_error(event, NULL) || (c->xes && !xes_carries(event)))
        return CJM_OK;
    char *line;
    size_t length;
    FUZZ_ASSERT(cjm_json_write_event(&line, &length, event) == CJM_OK);
    char **grown = realloc(c->lines, (c->count + 1) * sizeof *grown);
    FUZZ_ASSERT(grown != NULL);
    c->lines = grown;
    c->lines[c->count++] = line;
    return CJM_OK;
}

static void release(collected *c)
{
    for (size_t i = 0; i < c->count; i++)
        cjm_free(c->lines[i]);
    free(c->lines);
}

static cjm_status xes_sink(const cjm_event *event, void *writer)
{
    if (cjm_event_error(event, NULL) || !xes_carries(event))
        return CJM_OK;
    return cjm_xes_writer_add(writer, event);
}

/* Writes the events as XES and reads them back as lines. */
static void through_xes(const uint8_t *data, size_t size, collected *back)
{
    char *text = NULL;
    size_t length = 0;
    FILE *file = open_memstream(&text, &length);
    FUZZ_ASSERT(file != NULL);
    cjm_xes_writer *writer;
    FUZZ_ASSERT(cjm_xes_writer_new(&writer, file, 0) == CJM_OK);
    cjm_status st = cjm_json_read_events((const char *)data, size, "fuzz", 1, xes_sink, writer);
    if (st == CJM_OK)
        FUZZ_ASSERT(cjm_xes_writer_finish(writer) == CJM_OK);
    cjm_xes_writer_free(writer);
    fclose(file);
    if (st == CJM_OK) {
        cjm_xes_options *options = cjm_xes_options_new();
        cjm_xes_options_set_threads(options, 1);
        st = cjm_xes_read_events(text, length, "written", options, collect, back);
        if (st != CJM_OK)
            fprintf(stderr, "%s\n%s\n", cjm_last_error(), text);
        FUZZ_ASSERT(st == CJM_OK);
        cjm_xes_options_free(options);
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    collected first = { .xes = data[0] & 1 }, back = { .xes = data[0] & 1 };
    if (cjm_json_read_events((const char *)data + 1, size - 1, "fuzz", 1, collect, &first)
        == CJM_OK) {
        if (data[0] & 1) {
            through_xes(data + 1, size - 1, &back);
        } else {
            /* The lines written read back as the same lines. */
            for (size_t i = 0; i < first.count; i++)
                FUZZ_ASSERT(cjm_json_read_events(first.lines[i], strlen(first.lines[i]),
                                                 "written", 1, collect, &back) == CJM_OK);
        }
        FUZZ_ASSERT(back.count == first.count);
        for (size_t i = 0; i < first.count; i++) {
            if (strcmp(first.lines[i], back.lines[i]) != 0)
                fprintf(stderr, "read:    %s\nwritten: %s\n", first.lines[i], back.lines[i]);
            FUZZ_ASSERT(strcmp(first.lines[i], back.lines[i]) == 0);
        }
    }
    release(&first);
    release(&back);
    return 0;
}
