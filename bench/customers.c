/* The selections benchmark: how long the customers behind a figure take
 * to list, against the report of the same analysis (the floor: one walk
 * over every customer), measured in the same run. Prints, for each
 * selection, the customers it selected, its time (wall clock, and the
 * processor time of all threads) and its ratio to the report's time. Each
 * figure is the fastest of three runs.
 *
 *   build/bench/cjm-bench-customers [EVENTS] [THREADS]   (default: 10000000, 0)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cjm/cjm.h>
#include "generate.h"
#include "measure.h"

enum { ROUNDS = 3 };

static void check(cjm_status rc, const char *what)
{
    if (rc != CJM_OK) {
        fprintf(stderr, "cjm-bench-customers: %s: %s\n", what, cjm_last_error());
        exit(1);
    }
}

static int count(const char *customer, void *userdata)
{
    (void)customer;
    ++*(uint64_t *)userdata;
    return 0;
}

/* The processor time of the process, all threads: on a machine others
 * load, the wall clock says little alone. */
static double cpu_now(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* The fastest of ROUNDS listings of a selection (wall clock), and its
 * processor time in *cpu; the count in *selected. */
static double time_selection(const cjm_analysis *a, const cjm_selection *s, uint64_t *selected,
                             double *cpu)
{
    double best = 0;
    for (int r = 0; r < ROUNDS; r++) {
        *selected = 0;
        double t0 = bench_now(), c0 = cpu_now();
        check(cjm_analysis_customers(a, s, count, selected), "customers");
        double t = bench_now() - t0, c = cpu_now() - c0;
        if (r == 0 || t < best)
            best = t, *cpu = c;
    }
    return best;
}

int main(int argc, char **argv)
{
    uint64_t events = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
    unsigned threads = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 0;
    cjm_journey *map = gen_map();
    cjm_options *o = cjm_options_new();
    check(cjm_options_set_threads(o, threads), "threads");
    cjm_analysis *a = cjm_analysis_new(map, o);
    gen_batch b;
    gen_state g;
    if (!a || gen_batch_init(&b, 1 << 16) != 0)
        return 1;
    gen_start(&g, 42, events);
    while (gen_next(&g, &b))
        check(cjm_analysis_add_columns(a, b.count, b.customers, b.at, b.touchpoints,
                                       b.channels, b.stages, b.scores, b.scale_min,
                                       b.scale_max),
              "add");
    gen_batch_free(&b);
    double floor = 0, floor_cpu = 0;
    for (int r = 0; r < ROUNDS; r++) {
        cjm_report *report = NULL;
        double t0 = bench_now(), c0 = cpu_now();
        check(cjm_analysis_report(&report, a), "report");
        double t = bench_now() - t0, c = cpu_now() - c0;
        if (r == 0 || t < floor)
            floor = t, floor_cpu = c;
        cjm_report_free(report);
    }
    printf("events %llu, customers %llu, threads %u\n",
           (unsigned long long)cjm_analysis_event_count(a),
           (unsigned long long)cjm_analysis_customer_count(a), threads);
    printf("%-34s %10s %9s %9s %8s\n", "selection", "customers", "seconds", "cpu s",
           "/report");
    printf("%-34s %10s %9.3f %9.3f %8.2f\n", "(the report: the floor)", "-", floor, floor_cpu,
           1.0);
    const char *stage = cjm_stage_id(cjm_journey_stage(map, 2));
    const char *final = cjm_stage_id(cjm_journey_stage(map, cjm_journey_stage_count(map) - 1));
    struct {
        const char *name;
        cjm_status (*add)(cjm_selection *, const char *);
        const char *id;
    } cases[] = {
        { "everyone", NULL, NULL },
        { "reached the third stage", cjm_selection_add_reached, stage },
        { "silent churn at the third stage", cjm_selection_add_silent_churn, stage },
        { "reached the final stage", cjm_selection_add_reached, final },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cjm_selection *s = cjm_selection_new();
        if (!s)
            return 1;
        if (cases[i].add)
            check(cases[i].add(s, cases[i].id), "selection");
        uint64_t selected = 0;
        double cpu = 0, t = time_selection(a, s, &selected, &cpu);
        printf("%-34s %10llu %9.3f %9.3f %8.2f\n", cases[i].name, (unsigned long long)selected,
               t, cpu, t / floor);
        cjm_selection_free(s);
    }
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
    return 0;
}
