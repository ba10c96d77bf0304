/* Writes serialized analysis states of fuzz_map() into a folder: seeds
 * for fuzz-analysis-state, which could not guess the format alone. */
#include <string.h>
#include "fuzz-common.h"

static void write_state(const char *dir, int n, cjm_analysis *analysis)
{
    void *bytes;
    size_t size;
    char path[4096];
    if (cjm_analysis_serialize(&bytes, &size, analysis) != CJM_OK)
        abort();
    snprintf(path, sizeof path, "%s/state-%d", dir, n);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, size, f) != size || fclose(f) != 0)
        abort();
    cjm_free(bytes);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz-seed-state FOLDER\n");
        return 2;
    }
    static const struct { const char *customer, *touchpoint, *channel, *stage; int64_t at; double score; } events[] = {
        { "c1", "ad", NULL, NULL, 1000, 2 },        { "c1", "web", NULL, NULL, 2000, -1 },
        { "c1", "shop", NULL, NULL, 3000, 99 },     { "c2", "ad", NULL, NULL, 1500, 99 },
        { "c2", "tweet", "social", "discover", 1600, 1 }, { "c3", "mail", NULL, NULL, 10, 0 },
        { "c3", "ad", NULL, NULL, 20, 99 },         { "c3", "call", NULL, NULL, 30, -2 },
        { "c3", "chat", NULL, NULL, 40, 99 },       { "c4", "off-map", "email", NULL, 50, 99 },
    };
    cjm_journey *map = fuzz_map();
    cjm_analysis *analysis = cjm_analysis_new(map, NULL);
    if (!analysis)
        abort();
    write_state(argv[1], 0, analysis);
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
        cjm_event *e = cjm_event_new();
        cjm_event_set_customer(e, events[i].customer);
        cjm_event_set_touchpoint(e, events[i].touchpoint);
        cjm_event_set_at(e, events[i].at);
        if (events[i].channel)
            cjm_event_set_channel(e, events[i].channel);
        if (events[i].stage)
            cjm_event_set_stage(e, events[i].stage);
        if (events[i].score != 99)
            cjm_event_set_feedback(e, events[i].score, -2, 2);
        if (cjm_analysis_add_event(analysis, e) != CJM_OK)
            abort();
        cjm_event_free(e);
        write_state(argv[1], (int)i + 1, analysis);
    }
    cjm_analysis_free(analysis);
    cjm_journey_free(map);
    return 0;
}
