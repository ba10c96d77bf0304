/* The cost of merging analyses, as a database's parallel aggregate pays
 * it: the generated events split by row between two analyses (so nearly
 * every customer is in both), each turned into its state and back, and the
 * two merged; beside it, the one analysis of all the events, whose report
 * the merged one must equal byte for byte (as JSON). Prints the seconds of
 * adding the events to the one analysis (the scan the merge adds to),
 * serializing, deserializing and merging the halves, by cjm_analysis_merge()
 * and, as a database's leader merges, by cjm_analysis_merge_free(), and
 * the second half merged from its bytes by cjm_analysis_merge_serialized()
 * into the first read back (the processor time of each too, steadier on a
 * loaded machine), and their time over the scan's. Then, as a database's
 * leader with two workers combines: the events split by row in three,
 * each third's analysis made on one thread and turned into its state, the
 * first read back and the other two merged from their bytes, on one
 * thread (a database's backend uses one), the best of three rounds; its
 * processor time over that of adding a third of the events (the leader's
 * own share of the scan). Beside it, in the same rounds, the combine's
 * floor: writing the merged analysis's events (20 bytes each) into memory
 * the process never used, and reading the three states once; and the page
 * faults each took (a first touch of a page: the combine's, unless the
 * allocator kept memory freed earlier in the process).
 *
 *   build/bench/cjm-bench-merge [EVENTS ...]     (default: 2000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjm/cjm.h>
#include <cjm/json.h>
#include "generate.h"
#include "measure.h"

static int fail(const char *what)
{
    fprintf(stderr, "cjm-bench-merge: %s: %s\n", what, cjm_last_error());
    return 1;
}

/* Every `step`-th row of the batch, from row `first` on, packed to the
 * front of `half`'s columns. */
static void take_rows(gen_batch *half, const gen_batch *b, size_t first, size_t step)
{
    size_t n = 0;
    for (size_t i = first; i < b->count; i += step, n++) {
        half->customers[n] = b->customers[i];
        half->touchpoints[n] = b->touchpoints[i];
        half->channels[n] = b->channels[i];
        half->stages[n] = b->stages[i];
        half->at[n] = b->at[i];
        half->scores[n] = b->scores[i];
        half->scale_min[n] = b->scale_min[i];
        half->scale_max[n] = b->scale_max[i];
    }
    half->count = n;
}

static cjm_status add(cjm_analysis *a, const gen_batch *b)
{
    return cjm_analysis_add_columns(a, b->count, b->customers, b->at, b->touchpoints,
                                    b->channels, b->stages, b->scores, b->scale_min,
                                    b->scale_max);
}

static char *report_json(const cjm_analysis *a, size_t *length)
{
    cjm_report *r = NULL;
    char *json = NULL;
    if (cjm_analysis_report(&r, a) != CJM_OK ||
        cjm_json_write_report(&json, length, r, 0) != CJM_OK)
        json = NULL;
    cjm_report_free(r);
    return json;
}

/* The bytes an analysis holds for an event (see docs/benchmarks.md). */
#define EVENT_BYTES 20

/* A sum of the n bytes at p read as 8-byte words (the tail left out):
 * reading a state once, as any combine must. */
static uint64_t read_words(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t sum = 0;
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        sum += w;
    }
    return sum;
}

/* The leader's combine (see the top): returns 0, or 1 with a message. */
static int leader(const cjm_journey *map, uint64_t events)
{
    cjm_options *o = cjm_options_new();
    gen_batch batch, third;
    if (!o || cjm_options_set_threads(o, 1) != CJM_OK || gen_batch_init(&batch, 1 << 16) < 0 ||
        gen_batch_init(&third, 1 << 16) < 0)
        return fail("options");
    cjm_analysis *parts[3];
    for (size_t p = 0; p < 3; p++)
        if (!(parts[p] = cjm_analysis_new(map, o)))
            return fail("cjm_analysis_new");
    gen_state g;
    gen_start(&g, 42, events);
    double scan_cpu = 0;
    while (gen_next(&g, &batch))
        for (size_t p = 0; p < 3; p++) {
            take_rows(&third, &batch, p, 3);
            double c0 = bench_cpu_now();
            if (add(parts[p], &third) != CJM_OK)
                return fail("add_columns");
            scan_cpu += bench_cpu_now() - c0;
        }
    void *state[3];
    size_t size[3];
    for (size_t p = 0; p < 3; p++)
        if (cjm_analysis_serialize(&state[p], &size[p], parts[p]) != CJM_OK)
            return fail("serialize");
    double read_back = 1e9, merged = 1e9, fresh = 1e9, read_once = 1e9;
    long long combine_faults = -1, floor_faults = -1;
    uint64_t read_sum = 0;
    for (int round = 0; round < 3; round++) {
        cjm_analysis *into = NULL;
        long long f0 = bench_page_faults();
        double c0 = bench_cpu_now();
        if (cjm_analysis_deserialize(&into, map, state[0], size[0]) != CJM_OK)
            return fail("deserialize");
        double c1 = bench_cpu_now();
        for (size_t p = 1; p < 3; p++)
            if (cjm_analysis_merge_serialized(into, state[p], size[p]) != CJM_OK)
                return fail("merge_serialized");
        double c2 = bench_cpu_now();
        long long f2 = bench_page_faults();
        read_back = c1 - c0 < read_back ? c1 - c0 : read_back;
        merged = c2 - c1 < merged ? c2 - c1 : merged;
        cjm_analysis_free(into);
        /* The floor, in the same round: what any combine must do. */
        long long f3 = bench_page_faults();
        double c3 = bench_cpu_now();
        if (bench_touch_fresh((size_t)events * EVENT_BYTES) < 0)
            return fail("mmap");
        double c4 = bench_cpu_now();
        long long f4 = bench_page_faults();
        for (size_t p = 0; p < 3; p++)
            read_sum += read_words(state[p], size[p]);
        double c5 = bench_cpu_now();
        fresh = c4 - c3 < fresh ? c4 - c3 : fresh;
        read_once = c5 - c4 < read_once ? c5 - c4 : read_once;
        if (combine_faults < 0 || f2 - f0 < combine_faults)
            combine_faults = f2 - f0;
        if (floor_faults < 0 || f4 - f3 < floor_faults)
            floor_faults = f4 - f3;
    }
    double scan_third = scan_cpu / 3, floor = fresh + read_once;
    printf("%10s as a leader combines, one thread, three states of %zu bytes: read the first"
           " back %6.4f s, merge_serialized the other two %6.4f s (processor time); %.3f x"
           " the scan of a third (%6.3f s)\n", "", size[0], read_back, merged,
           (read_back + merged) / scan_third, scan_third);
    printf("%10s leader's floor: the %llu events' %d bytes each written to fresh memory"
           " %6.4f s, the three states read once %6.4f s (sum %llx); the combine %.2f x its"
           " floor, the floor %.3f x the scan of a third\n", "", (unsigned long long)events,
           EVENT_BYTES, fresh, read_once, (unsigned long long)(read_sum & 0xfff),
           (read_back + merged) / floor, floor / scan_third);
    printf("%10s page faults (fewest of the rounds): the combine %lld, the floor's fresh memory"
           " %lld\n", "", combine_faults, floor_faults);
    for (size_t p = 0; p < 3; p++) {
        cjm_free(state[p]);
        cjm_analysis_free(parts[p]);
    }
    gen_batch_free(&third);
    gen_batch_free(&batch);
    cjm_options_free(o);
    return 0;
}

static int run(uint64_t events)
{
    cjm_journey *map = gen_map();
    gen_batch batch, half;
    if (!map || gen_batch_init(&batch, 1 << 16) < 0 || gen_batch_init(&half, 1 << 16) < 0)
        return 1;
    cjm_analysis *whole = cjm_analysis_new(map, NULL);
    cjm_analysis *parts[2] = { cjm_analysis_new(map, NULL), cjm_analysis_new(map, NULL) };
    if (!whole || !parts[0] || !parts[1])
        return fail("cjm_analysis_new");
    gen_state g;
    gen_start(&g, 42, events);
    double scan = 0, scan_cpu = 0;
    while (gen_next(&g, &batch)) {
        double t0 = bench_now(), c0 = bench_cpu_now();
        if (add(whole, &batch) != CJM_OK)
            return fail("add_columns");
        scan += bench_now() - t0;
        scan_cpu += bench_cpu_now() - c0;
        for (size_t p = 0; p < 2; p++) {
            take_rows(&half, &batch, p, 2);
            if (add(parts[p], &half) != CJM_OK)
                return fail("add_columns");
        }
    }
    void *state[2];
    size_t size[2];
    double t0 = bench_now();
    for (size_t p = 0; p < 2; p++)
        if (cjm_analysis_serialize(&state[p], &size[p], parts[p]) != CJM_OK)
            return fail("serialize");
    double serialize = bench_now() - t0;
    cjm_analysis *back[2] = { NULL, NULL };
    t0 = bench_now();
    double c0 = bench_cpu_now();
    for (size_t p = 0; p < 2; p++)
        if (cjm_analysis_deserialize(&back[p], map, state[p], size[p]) != CJM_OK)
            return fail("deserialize");
    double deserialize = bench_now() - t0, deserialize_cpu = bench_cpu_now() - c0;
    t0 = bench_now();
    c0 = bench_cpu_now();
    if (cjm_analysis_merge(back[0], back[1]) != CJM_OK)
        return fail("merge");
    double merge = bench_now() - t0, merge_cpu = bench_cpu_now() - c0;
    /* Again, merged as a database's leader merges: the second analysis's
     * events taken, not copied, and the analysis freed. */
    cjm_analysis *again[2] = { NULL, NULL };
    for (size_t p = 0; p < 2; p++)
        if (cjm_analysis_deserialize(&again[p], map, state[p], size[p]) != CJM_OK)
            return fail("deserialize");
    t0 = bench_now();
    c0 = bench_cpu_now();
    if (cjm_analysis_merge_free(again[0], again[1]) != CJM_OK)
        return fail("merge_free");
    double take = bench_now() - t0, take_cpu = bench_cpu_now() - c0;
    /* Again, the second half merged from its bytes: no analysis of it is
     * built. */
    cjm_analysis *first = NULL;
    t0 = bench_now();
    c0 = bench_cpu_now();
    if (cjm_analysis_deserialize(&first, map, state[0], size[0]) != CJM_OK)
        return fail("deserialize");
    double first_read = bench_now() - t0, first_cpu = bench_cpu_now() - c0;
    t0 = bench_now();
    c0 = bench_cpu_now();
    if (cjm_analysis_merge_serialized(first, state[1], size[1]) != CJM_OK)
        return fail("merge_serialized");
    double bytes = bench_now() - t0, bytes_cpu = bench_cpu_now() - c0;
    size_t whole_length = 0, merged_length = 0, taken_length = 0, bytes_length = 0;
    char *whole_json = report_json(whole, &whole_length);
    char *merged_json = report_json(back[0], &merged_length);
    char *taken_json = report_json(again[0], &taken_length);
    char *bytes_json = report_json(first, &bytes_length);
    if (!whole_json || !merged_json || !taken_json || !bytes_json)
        return fail("report");
    int same = whole_length == merged_length &&
               memcmp(whole_json, merged_json, whole_length) == 0 &&
               whole_length == taken_length && memcmp(whole_json, taken_json, whole_length) == 0 &&
               whole_length == bytes_length && memcmp(whole_json, bytes_json, whole_length) == 0;
    printf("%10llu events in two halves of %llu and %llu | scan %6.3f s | serialize %6.3f s"
           " | deserialize %6.3f s | merge %6.3f s | merge_free %6.3f s\n",
           (unsigned long long)cjm_analysis_event_count(whole),
           (unsigned long long)cjm_analysis_event_count(parts[0]),
           (unsigned long long)cjm_analysis_event_count(parts[1]), scan, serialize,
           deserialize, merge, take);
    printf("%10s processor time: scan %6.3f s | deserialize %6.3f s | merge %6.3f s"
           " | merge_free %6.3f s\n", "", scan_cpu, deserialize_cpu, merge_cpu, take_cpu);
    printf("%10s second half from its bytes: merge_serialized %6.3f s (processor time"
           " %6.3f s), after the first half read back in %6.3f s (%6.3f s)\n", "", bytes,
           bytes_cpu, first_read, first_cpu);
    printf("%10s merge %.3f x the scan, merge_free %.3f x; state to merged %.3f x the scan"
           " (processor time: %.3f x, with merge_free %.3f x)\n", "", merge / scan, take / scan,
           (deserialize + merge) / scan, (deserialize_cpu + merge_cpu) / scan_cpu,
           (deserialize_cpu + take_cpu) / scan_cpu);
    printf("%10s state to merged, processor time over the scan's: deserialize both and"
           " merge_free %.3f x; deserialize the first, merge_serialized the second %.3f x\n",
           "", (deserialize_cpu + take_cpu) / scan_cpu, (first_cpu + bytes_cpu) / scan_cpu);
    printf("%10s merged reports (merge, merge_free, merge_serialized) %s the whole one"
           " (%zu bytes of JSON)\n", "", same ? "equal" : "DIFFER FROM", whole_length);
    if (leader(map, events) != 0)
        return 1;
    cjm_free(whole_json);
    cjm_free(merged_json);
    cjm_free(taken_json);
    cjm_free(bytes_json);
    cjm_analysis_free(first);
    cjm_analysis_free(again[0]);
    for (size_t p = 0; p < 2; p++) {
        cjm_free(state[p]);
        cjm_analysis_free(back[p]);
        cjm_analysis_free(parts[p]);
    }
    cjm_analysis_free(whole);
    gen_batch_free(&half);
    gen_batch_free(&batch);
    cjm_journey_free(map);
    return same ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const char *const defaults[] = { "2000000" };
    const char *const *sizes = argc > 1 ? (const char *const *)argv + 1 : defaults;
    int count = argc > 1 ? argc - 1 : 1;
    printf("cjm %s merge benchmark (rows split in two, as a parallel aggregate splits them)\n",
           cjm_version());
    for (int i = 0; i < count; i++)
        if (run(strtoull(sizes[i], NULL, 10)) != 0)
            return 1;
    return 0;
}
