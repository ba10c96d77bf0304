/* The JSON Lines benchmark: a file of events to a finished report, beside
 * the floor jansson sets (a loop of json_loadb over the same lines doing
 * nothing else), in the same run. Make the files with cjm-bench-export.
 *
 *   cjm-bench-jsonl MAP.json EVENTS.jsonl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <cjm/json.h>

#include "measure.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: cjm-bench-jsonl MAP.json EVENTS.jsonl\n");
        return 2;
    }
    /* The floor: json_loadb on every line, in one thread. */
    FILE *f = fopen(argv[2], "rb");
    if (!f)
        return fprintf(stderr, "cjm-bench-jsonl: cannot open %s\n", argv[2]), 1;
    char *line = NULL;
    size_t cap = 0, lines = 0;
    ssize_t len;
    double t0 = bench_now();
    while ((len = getline(&line, &cap, f)) > 0) {
        json_error_t error;
        json_t *v = json_loadb(line, (size_t)len, 0, &error);
        json_decref(v);
        lines++;
    }
    double floor_time = bench_now() - t0;
    free(line);
    fclose(f);

    cjm_journey *map = NULL;
    if (cjm_json_read_journey_path(&map, argv[1]) != CJM_OK)
        return fprintf(stderr, "cjm-bench-jsonl: %s\n", cjm_last_error()), 1;
    long long base = bench_status_bytes("VmRSS");
    t0 = bench_now();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    cjm_report *r = NULL;
    if (cjm_json_read_events_path(argv[2], 0, cjm_analysis_sink, a) != CJM_OK ||
        cjm_analysis_report(&r, a) != CJM_OK)
        return fprintf(stderr, "cjm-bench-jsonl: %s\n", cjm_last_error()), 1;
    double total = bench_now() - t0;
    long long peak = bench_status_bytes("VmHWM");
    uint64_t n = cjm_report_events(r);
    printf("cjm %s JSON Lines benchmark, %s\n", cjm_version(), argv[2]);
    printf("  json_loadb loop alone : %zu lines in %.3f s, %.2f M lines/s\n", lines, floor_time,
           (double)lines / floor_time / 1e6);
    printf("  file to report        : %llu events in %.3f s, %.2f M events/s, "
           "peak %.1f bytes/event above the start\n",
           (unsigned long long)n, total, (double)n / total / 1e6,
           (double)(peak - base) / (double)n);
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_journey_free(map);
    return 0;
}
