/* The attributes benchmark: what an analysis pays for events that carry
 * attributes, which it does not use. The same generated events go into
 * analyses with and without four attributes each, through the event
 * handle and through the columns calls (plain and dictionary attribute
 * columns); it prints the time per event of each, the difference, and
 * whether the analyses hold the same bytes (their serialized states).
 * Each figure is the fastest of five runs.
 *
 *   build/bench/cjm-bench-attributes [EVENTS]      (default: 2000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjm/cjm.h>
#include "generate.h"
#include "measure.h"

enum { KEYS = 4, VALUES = 3, ROUNDS = 5 };
static const char *const keys[KEYS] = { "plan", "region", "product", "priority" };
static const char *const values[VALUES] = { "pro", "free", "team" };

typedef enum way { EVENTS, COLUMNS, DICTIONARY } way;

/* Adds a batch one way, with attributes or not; the time it took. */
static double add_batch(cjm_analysis *a, const gen_batch *b, way how, int with, cjm_event *e,
                        const char **plain, int32_t *codes)
{
    static const int64_t offsets[VALUES + 1] = { 0, 3, 7, 11 };
    cjm_attribute_column cols[KEYS];
    cjm_dictionary_column dict = { codes, VALUES, offsets, "profreeteam" };
    for (size_t i = 0; i < b->count; i++) {
        plain[i] = values[i % VALUES];
        codes[i] = (int32_t)(i % VALUES);
    }
    for (int k = 0; k < KEYS; k++)
        cols[k] = (cjm_attribute_column){ keys[k], how == COLUMNS ? plain : NULL,
                                          how == DICTIONARY ? &dict : NULL };
    double time = 0, t0;
    cjm_status rc = CJM_OK;
    if (how == EVENTS) {
        for (size_t i = 0; i < b->count && rc == CJM_OK; i++) {
            cjm_event_clear(e);
            cjm_event_set_customer(e, b->customers[i]);
            cjm_event_set_at(e, b->at[i]);
            cjm_event_set_touchpoint(e, b->touchpoints[i]);
            cjm_event_set_channel(e, b->channels[i]);
            cjm_event_set_stage(e, b->stages[i]);
            for (int k = 0; with && k < KEYS; k++)
                cjm_event_set_attribute(e, keys[k], values[(i + (size_t)k) % VALUES]);
            t0 = bench_now();
            rc = cjm_analysis_add_event(a, e);
            time += bench_now() - t0;
        }
    } else {
        t0 = bench_now();
        rc = cjm_analysis_add_columns_with_attributes(a, b->count, b->customers, b->at,
                                                      b->touchpoints, b->channels, b->stages,
                                                      NULL, NULL, NULL, cols, with ? KEYS : 0);
        time = bench_now() - t0;
    }
    if (rc != CJM_OK) {
        fprintf(stderr, "cjm-bench-attributes: %s\n", cjm_last_error());
        exit(1);
    }
    return time;
}

/* Feeds every event one way; the time, and the state's bytes in *state. */
static double run(const cjm_journey *map, uint64_t events, way how, int with, void **state,
                  size_t *size)
{
    gen_batch b;
    gen_state g;
    cjm_options *o = cjm_options_new();
    cjm_options_set_threads(o, 1); /* one thread: a time per event */
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_event *e = cjm_event_new();
    const char **plain = malloc((1 << 16) * sizeof *plain);
    int32_t *codes = malloc((1 << 16) * sizeof *codes);
    if (!a || !e || !plain || !codes || gen_batch_init(&b, 1 << 16) < 0)
        exit(1);
    gen_start(&g, 7, events);
    double time = 0;
    while (gen_next(&g, &b))
        time += add_batch(a, &b, how, with, e, plain, codes);
    if (cjm_analysis_serialize(state, size, a) != CJM_OK)
        exit(1);
    gen_batch_free(&b);
    free(plain);
    free(codes);
    cjm_event_free(e);
    cjm_analysis_free(a);
    cjm_options_free(o);
    return time;
}

int main(int argc, char **argv)
{
    uint64_t events = argc > 1 ? strtoull(argv[1], NULL, 10) : 2000000;
    cjm_journey *map = gen_map();
    if (!map)
        return 1;
    printf("cjm %s attributes benchmark: %llu events, %d attributes each, one thread\n",
           cjm_version(), (unsigned long long)events, KEYS);
    static const char *const names[] = { "cjm_analysis_add_event", "columns, plain strings",
                                         "columns, dictionary" };
    for (way how = EVENTS; how <= DICTIONARY; how++) {
        /* Runs with and without in turn, the fastest of each: the machine's
         * other work only ever adds time. */
        double bare = 1e300, rich = 1e300;
        int same = 1;
        size_t rich_size = 0;
        for (int round = 0; round < ROUNDS; round++) {
            void *bare_state, *rich_state;
            size_t bare_size;
            double t = run(map, events, how, 0, &bare_state, &bare_size);
            bare = t < bare ? t : bare;
            t = run(map, events, how, 1, &rich_state, &rich_size);
            rich = t < rich ? t : rich;
            same &= bare_size == rich_size && memcmp(bare_state, rich_state, bare_size) == 0;
            cjm_free(bare_state);
            cjm_free(rich_state);
        }
        double n = (double)events;
        printf("  %-24s: without %6.1f ns/event, with %6.1f ns/event, difference %+6.1f "
               "ns/event (%+.1f%%); state %s (%zu bytes)\n",
               names[how], bare / n * 1e9, rich / n * 1e9, (rich - bare) / n * 1e9,
               (rich / bare - 1) * 100, same ? "the same" : "DIFFERENT", rich_size);
    }
    cjm_journey_free(map);
    return 0;
}
