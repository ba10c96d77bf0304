/* The bulk analysis benchmark: generated events fed through the columns
 * call in batches, then the report. Prints events per second for adding,
 * for the report, and for both, the peak resident memory per event, and
 * the time and size of the report's HTML page. Then the call's floor,
 * measured in the same run: a loop that reads the same columns of the same
 * batches (each batch read by the loop just before the call takes it, so
 * a spell of load falls on both), and writing as many bytes of fresh
 * memory as the analysis holds (page faults and memory bandwidth); and the
 * call's time over that floor, on the wall clock and in processor time
 * (steadier on a machine others load; the call's counts every thread).
 *
 *   build/bench/cjm-bench-bulk [EVENTS ...]     (default: 1000000 10000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjm/cjm.h>
#include "generate.h"
#include "measure.h"

/* What any columns call must do with a batch: read every column it is
 * given, each string's bytes included. Returns a sum of what it read, so
 * that the loop cannot be left out. */
static uint64_t read_columns(const gen_batch *b)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < b->count; i++) {
        sum += strlen(b->customers[i]) + strlen(b->touchpoints[i]) + (uint64_t)b->at[i];
        sum += b->channels[i] ? strlen(b->channels[i]) : 1;
        sum += b->stages[i] ? strlen(b->stages[i]) : 1;
        sum += (uint64_t)(b->scores[i] == b->scores[i]) + (uint64_t)b->scale_min[i] +
               (uint64_t)b->scale_max[i];
    }
    return sum;
}

static int run(uint64_t events)
{
    cjm_journey *map = gen_map();
    gen_batch batch;
    if (!map || gen_batch_init(&batch, 1 << 16) < 0)
        return 1;
    bench_reset_peak();
    long long base = bench_status_bytes("VmRSS");
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    gen_state g;
    gen_start(&g, 42, events);
    double add = 0, floor_columns = 0, add_cpu = 0, floor_cpu = 0;
    volatile uint64_t read = 0;
    while (gen_next(&g, &batch)) {
        double t0 = bench_now(), c0 = bench_cpu_now();
        read += read_columns(&batch);
        floor_columns += bench_now() - t0;
        floor_cpu += bench_cpu_now() - c0;
        t0 = bench_now();
        c0 = bench_cpu_now();
        if (cjm_analysis_add_columns(a, batch.count, batch.customers, batch.at,
                                     batch.touchpoints, batch.channels, batch.stages,
                                     batch.scores, batch.scale_min, batch.scale_max) != CJM_OK) {
            fprintf(stderr, "cjm-bench-bulk: %s\n", cjm_last_error());
            return 1;
        }
        add += bench_now() - t0;
        add_cpu += bench_cpu_now() - c0;
    }
    long long held = bench_status_bytes("VmHWM") - base;
    double t0 = bench_now(), report_c0 = bench_cpu_now();
    cjm_report *r = NULL;
    if (cjm_analysis_report(&r, a) != CJM_OK) {
        fprintf(stderr, "cjm-bench-bulk: %s\n", cjm_last_error());
        return 1;
    }
    double report = bench_now() - t0, report_cpu = bench_cpu_now() - report_c0;
    long long peak = bench_status_bytes("VmHWM");
    uint64_t n = cjm_report_events(r);
    printf("%10llu events %9llu customers | add %6.3f s %6.2f M/s | report %6.3f s %6.2f M/s"
           " | total %6.2f M/s | peak %5.1f bytes/event\n",
           (unsigned long long)n, (unsigned long long)cjm_report_customers(r), add,
           (double)n / add / 1e6, report, (double)n / report / 1e6,
           (double)n / (add + report) / 1e6, (double)(peak - base) / (double)n);
    printf("%10s completed %llu, switches %llu, backtracks %llu, gaps %zu\n", "",
           (unsigned long long)cjm_report_completed(r),
           (unsigned long long)cjm_report_switches(r),
           (unsigned long long)cjm_report_backtracks(r), cjm_report_gap_count(r));
    /* The report's page: its time against the report's, and its size. */
    char *page = NULL;
    size_t page_bytes = 0;
    t0 = bench_now();
    if (cjm_html_write(&page, &page_bytes, map, r, "cjm customers map.json events.jsonl") !=
        CJM_OK) {
        fprintf(stderr, "cjm-bench-bulk: %s\n", cjm_last_error());
        return 1;
    }
    double html = bench_now() - t0;
    printf("%10s page %.4f s (%.2f%% of the report's time), %zu bytes\n", "", html,
           100.0 * html / report, page_bytes);
    cjm_free(page);
    /* The floor, with the analysis still held (fresh pages, as its were). */
    double c0 = bench_cpu_now();
    double floor_memory = bench_touch_fresh(held > 0 ? (size_t)held : 0);
    floor_cpu += bench_cpu_now() - c0;
    double floor = floor_columns + floor_memory;
    printf("%10s floor: a loop reading the same columns %.3f s\n", "", floor_columns);
    printf("%10s floor: writing the %lld bytes the analysis holds, fresh pages %.3f s\n", "",
           held, floor_memory);
    printf("%10s add %.2f x its floor (%.3f s); add and report %.2f x\n", "", add / floor,
           floor, (add + report) / floor);
    printf("%10s processor time (all threads): add %.3f s, its floor %.3f s, %.2f x;"
           " report %.3f s\n", "", add_cpu, floor_cpu, add_cpu / floor_cpu, report_cpu);
    cjm_report_free(r);
    cjm_analysis_free(a);
    gen_batch_free(&batch);
    cjm_journey_free(map);
    return 0;
}

int main(int argc, char **argv)
{
    static const char *const defaults[] = { "1000000", "10000000" };
    const char *const *sizes = argc > 1 ? (const char *const *)argv + 1 : defaults;
    int count = argc > 1 ? argc - 1 : 2;
    printf("cjm %s bulk analysis benchmark (columns in batches of 65536, all threads)\n",
           cjm_version());
    for (int i = 0; i < count; i++)
        if (run(strtoull(sizes[i], NULL, 10)) != 0)
            return 1;
    return 0;
}
