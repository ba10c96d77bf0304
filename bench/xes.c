/* The XES benchmark: a generated log of about N events is written with
 * the XES writer, then read to a finished report, beside the floor libxml2
 * sets (`xmllint --stream --noout` on the same file), in the same run. The
 * reader's memory is measured apart from the events the analysis holds: a
 * second pass reads the log into a sink that keeps nothing.
 *
 *   cjm-bench-xes N [FILE.xes] [--report-only]
 *
 * --report-only leaves out the reader alone and the one-thread report
 * (bench/run times only the floor and file to report).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjm/xml.h>

#include "generate.h"
#include "measure.h"

static cjm_status discard(const cjm_event *e, void *userdata)
{
    (void)e;
    ++*(unsigned long long *)userdata;
    return CJM_OK;
}

static const gen_batch *sorting;

/* Customer by customer, each in time order: one trace per customer. */
static int by_customer(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    int c = strcmp(sorting->customers[i], sorting->customers[j]);
    if (c)
        return c;
    return sorting->at[i] < sorting->at[j] ? -1 : sorting->at[i] > sorting->at[j];
}

static int write_log(const char *path, uint64_t n)
{
    FILE *f = fopen(path, "wb");
    cjm_xes_writer *w = NULL;
    if (!f || cjm_xes_writer_new(&w, f, CJM_XML_COMPACT) != CJM_OK)
        return -1;
    gen_state g;
    gen_batch b;
    gen_start(&g, 42, n);
    gen_batch_init(&b, 65536);
    cjm_event *e = cjm_event_new();
    size_t *order = malloc(65536 * sizeof *order);
    while (gen_next(&g, &b) > 0) {
        for (size_t k = 0; k < b.count; k++)
            order[k] = k;
        sorting = &b;
        qsort(order, b.count, sizeof *order, by_customer);
        for (size_t k = 0; k < b.count; k++) {
            size_t i = order[k];
            cjm_event_clear(e);
            cjm_event_set_customer(e, b.customers[i]);
            cjm_event_set_at(e, b.at[i]);
            cjm_event_set_touchpoint(e, b.touchpoints[i]);
            cjm_event_set_channel(e, b.channels[i]);
            cjm_event_set_stage(e, b.stages[i]);
            if (b.scores[i] == b.scores[i])
                cjm_event_set_feedback(e, b.scores[i], b.scale_min[i], b.scale_max[i]);
            if (cjm_xes_writer_add(w, e) != CJM_OK)
                return -1;
        }
    }
    cjm_event_free(e);
    free(order);
    gen_batch_free(&b);
    int rc = cjm_xes_writer_finish(w) == CJM_OK ? 0 : -1;
    cjm_xes_writer_free(w);
    return fclose(f) == 0 ? rc : -1;
}

int main(int argc, char **argv)
{
    bool report_only = argc > 1 && strcmp(argv[argc - 1], "--report-only") == 0;
    argc -= report_only;
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: cjm-bench-xes N [FILE.xes] [--report-only]\n");
        return 2;
    }
    uint64_t n = strtoull(argv[1], NULL, 10);
    const char *path = argc == 3 ? argv[2] : "/tmp/cjm-bench.xes";
    cjm_journey *map = gen_map(); /* before generating: it names the touchpoints */
    double t0 = bench_now();
    if (write_log(path, n) != 0)
        return fprintf(stderr, "cjm-bench-xes: cannot write %s: %s\n", path,
                       cjm_last_error()), 1;
    double write_time = bench_now() - t0;
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long long bytes = ftell(f);
    fclose(f);

    char command[600];
    snprintf(command, sizeof command, "xmllint --stream --noout '%s'", path);
    t0 = bench_now();
    int floor_rc = system(command);
    double floor_time = bench_now() - t0;

    bench_reset_peak();
    long long base = bench_status_bytes("VmRSS");
    unsigned long long seen = 0;
    t0 = bench_now();
    if (!report_only && cjm_xes_read_events_path(path, NULL, discard, &seen) != CJM_OK)
        return fprintf(stderr, "cjm-bench-xes: %s\n", cjm_last_error()), 1;
    double read_time = bench_now() - t0;
    long long reader_peak = bench_status_bytes("VmHWM") - base;

    /* To a report: parsing on a second thread (the default), then in the
     * calling thread only. */
    double total = 0, total_one = 0;
    long long peak = 0;
    uint64_t events = 0;
    cjm_xes_options *xo = cjm_xes_options_new();
    for (unsigned threads = 0; threads <= (report_only ? 0 : 1); threads++) {
        cjm_xes_options_set_threads(xo, threads);
        bench_reset_peak();
        base = bench_status_bytes("VmRSS");
        t0 = bench_now();
        cjm_analysis *a = cjm_analysis_new(map, NULL);
        cjm_report *r = NULL;
        if (cjm_xes_read_events_path(path, xo, cjm_analysis_sink, a) != CJM_OK ||
            cjm_analysis_report(&r, a) != CJM_OK)
            return fprintf(stderr, "cjm-bench-xes: %s\n", cjm_last_error()), 1;
        *(threads ? &total_one : &total) = bench_now() - t0;
        if (!threads)
            peak = bench_status_bytes("VmHWM") - base;
        events = cjm_report_events(r);
        cjm_report_free(r);
        cjm_analysis_free(a);
    }
    cjm_xes_options_free(xo);

    printf("cjm %s XES benchmark: %llu events, %.1f MB (%s), written in %.2f s\n",
           cjm_version(), (unsigned long long)events, bytes / 1e6, path, write_time);
    if (floor_rc == 0)
        printf("  xmllint --stream --noout : %.3f s, %.2f M events/s\n", floor_time,
               (double)events / floor_time / 1e6);
    else
        printf("  xmllint --stream --noout : not available\n");
    if (!report_only)
        printf("  reader alone (no sink)   : %.3f s, %.2f M events/s, peak %.1f MB above the "
               "start\n", read_time, (double)seen / read_time / 1e6, reader_peak / 1e6);
    printf("  file to report           : %.3f s, %.2f M events/s, peak %.1f bytes/event "
           "above the start\n", total, (double)events / total / 1e6,
           (double)peak / (double)events);
    if (!report_only)
        printf("  the same, one thread     : %.3f s, %.2f M events/s\n", total_one,
               (double)events / total_one / 1e6);
    cjm_journey_free(map);
    return 0;
}
