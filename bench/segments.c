/* The segments benchmark: what a breakdown costs. The same generated
 * events, each carrying a `plan` attribute (a dictionary column, the plan
 * fixed per customer), go into analyses without a breakdown, broken down
 * by `plan` and by `@week`; it prints, for each, the time per event of
 * adding every event and making the report, the ratio of speeds against
 * the analysis without a breakdown (the floor, measured in the same run),
 * and the bytes the analysis holds once every event is in, per customer,
 * counted by an allocator installed through cjm_set_allocator(). Each time
 * is the fastest of ROUNDS runs (default 3), on one thread, on the wall
 * clock and in processor time: on a machine others load, the wall clock
 * says little alone.
 *
 *   build/bench/cjm-bench-segments [EVENTS [ROUNDS]]   (default: 2000000 3)
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjm/cjm.h>
#include "generate.h"
#include "measure.h"

enum { PLANS = 3 };

/* The processor time of the process. */
static double cpu_now(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* Live bytes of cjm's allocations: each block carries its size ahead. */
static atomic_llong live;
typedef union header { size_t size; max_align_t align; } header;

static void *count_malloc(size_t size, void *u)
{
    (void)u;
    header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->size = size;
    atomic_fetch_add(&live, (long long)size);
    return h + 1;
}

static void count_free(void *p, void *u)
{
    (void)u;
    if (!p)
        return;
    header *h = (header *)p - 1;
    atomic_fetch_sub(&live, (long long)h->size);
    free(h);
}

static void *count_realloc(void *p, size_t size, void *u)
{
    if (!p)
        return count_malloc(size, u);
    header *h = (header *)p - 1;
    size_t old = h->size;
    header *g = realloc(h, sizeof *g + size);
    if (!g)
        return NULL;
    g->size = size;
    atomic_fetch_add(&live, (long long)size - (long long)old);
    return g + 1;
}

typedef struct result {
    double seconds, cpu;
    long long bytes;
    uint64_t customers, events, feedback;
    size_t segments;
} result;

/* One analysis of every event under a breakdown (NULL: none). */
static result run(const cjm_journey *map, uint64_t events, const char *breakdown)
{
    static const int64_t offsets[PLANS + 1] = { 0, 3, 7, 11 };
    gen_batch b;
    gen_state g;
    cjm_options *o = cjm_options_new();
    cjm_options_set_threads(o, 1);
    cjm_options_set_breakdown(o, breakdown);
    long long before = atomic_load(&live);
    cjm_analysis *a = cjm_analysis_new(map, o);
    int32_t *codes = malloc((1 << 16) * sizeof *codes);
    if (!a || !codes || gen_batch_init(&b, 1 << 16) < 0)
        exit(1);
    gen_start(&g, 7, events);
    result out = { 0 };
    while (gen_next(&g, &b)) {
        for (size_t i = 0; i < b.count; i++) {
            /* A customer's plan: from its id, the same on all its events. */
            uint32_t h = 2166136261u;
            for (const char *c = b.customers[i]; *c; c++)
                h = (h ^ (unsigned char)*c) * 16777619u;
            codes[i] = (int32_t)(h % PLANS);
        }
        cjm_dictionary_column dict = { codes, PLANS, offsets, "profreeteam" };
        cjm_attribute_column col = { "plan", NULL, &dict };
        double t0 = bench_now(), c0 = cpu_now();
        if (cjm_analysis_add_columns_with_attributes(a, b.count, b.customers, b.at,
                                                     b.touchpoints, b.channels, b.stages,
                                                     b.scores, b.scale_min, b.scale_max, &col,
                                                     1) != CJM_OK) {
            fprintf(stderr, "cjm-bench-segments: %s\n", cjm_last_error());
            exit(1);
        }
        out.seconds += bench_now() - t0;
        out.cpu += cpu_now() - c0;
    }
    out.bytes = atomic_load(&live) - before;
    double t0 = bench_now(), c0 = cpu_now();
    cjm_report *r = NULL;
    if (cjm_analysis_report(&r, a) != CJM_OK) {
        fprintf(stderr, "cjm-bench-segments: %s\n", cjm_last_error());
        exit(1);
    }
    out.seconds += bench_now() - t0;
    out.cpu += cpu_now() - c0;
    out.customers = cjm_report_customers(r);
    out.events = cjm_report_events(r);
    out.feedback = cjm_report_feedback(r);
    out.segments = cjm_report_segment_count(r);
    cjm_report_free(r);
    gen_batch_free(&b);
    free(codes);
    cjm_analysis_free(a);
    cjm_options_free(o);
    return out;
}

int main(int argc, char **argv)
{
    uint64_t events = argc > 1 ? strtoull(argv[1], NULL, 10) : 2000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    if (rounds < 1)
        rounds = 1;
    if (cjm_set_allocator(count_malloc, count_realloc, count_free, NULL) != CJM_OK)
        return 1;
    cjm_journey *map = gen_map();
    if (!map)
        return 1;
    static const char *const breakdowns[] = { NULL, "plan", "@week" };
    result best[3];
    double cpu[3];
    for (int k = 0; k < 3; k++)
        best[k].seconds = cpu[k] = 1e300;
    /* In turn, the fastest of each: the machine's other work only adds time. */
    for (int round = 0; round < rounds; round++)
        for (int k = 0; k < 3; k++) {
            result x = run(map, events, breakdowns[k]);
            if (x.seconds < best[k].seconds)
                best[k] = x;
            if (x.cpu < cpu[k])
                cpu[k] = x.cpu;
        }
    printf("cjm %s segments benchmark: %llu events, %llu customers, %llu feedback items, "
           "one thread\n", cjm_version(), (unsigned long long)best[0].events,
           (unsigned long long)best[0].customers, (unsigned long long)best[0].feedback);
    for (int k = 0; k < 3; k++) {
        double n = (double)best[k].events, c = (double)best[k].customers;
        printf("  %-12s: %6.1f ns/event (add and report), speed %5.1f%% of no breakdown; "
               "processor %6.1f ns/event, %5.1f%%; holds %6.1f bytes/customer (%+.1f), "
               "%zu segments\n",
               breakdowns[k] ? breakdowns[k] : "no breakdown", best[k].seconds / n * 1e9,
               100.0 * best[0].seconds / best[k].seconds, cpu[k] / n * 1e9,
               100.0 * cpu[0] / cpu[k], (double)best[k].bytes / c,
               (double)(best[k].bytes - best[0].bytes) / c, best[k].segments);
    }
    cjm_journey_free(map);
    return 0;
}
