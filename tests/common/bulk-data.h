/* A small map and 19 events whose every figure is worked out by hand in
 * tests/bulk/test-report.c. */
#ifndef CJM_TEST_BULK_DATA_H
#define CJM_TEST_BULK_DATA_H

#include <stdint.h>
#include <cjm/cjm.h>

typedef struct test_event {
    const char *customer;
    int64_t at;
    const char *touchpoint, *channel, *stage;
    double score, min, max; /* score NaN: no feedback */
} test_event;

/*
 * Stages a "Aware", c "Consider", b "Buy" (final).
 *   a: ad (social, Marketing), site (web, Web)
 *   c: compare (web, Web), call (phone, no owner), store (store, Retail, optional)
 *   b: checkout (web, Web), with map feedback +2 on [-2, 2]
 * Stage a expects PT0.003S to the next stage, c PT0.009S.
 */
cjm_journey *funnel_map(void);

#define FUNNEL_EVENTS 19
extern const test_event funnel_events[FUNNEL_EVENTS];

/* The report of funnel_events on map (funnel_map()) with min_customers 1,
 * so that every gap shows; asserts success. */
cjm_report *funnel_report_min1(const cjm_journey *map);

/* The report of `a`, which it then frees; asserts success. */
cjm_report *report_and_free(cjm_analysis *a);

/* The index of the column `name` of table t (cjm/tables.h); asserts that
 * it is found and that the index names it back. */
size_t table_column(cjm_table t, const char *name);

/* Adds events[0..n) one by one; asserts success. */
void add_events(cjm_analysis *a, const test_event *events, size_t n);

/* An analysis on `threads` threads of the generator's (bench/generate.h)
 * events from seed 11, about `events` of them; asserts success. */
cjm_analysis *generated_analysis(const cjm_journey *map, uint64_t events, unsigned threads);

/* Asserts that two reports hold the same figures, gaps included. */
void assert_reports_equal(const cjm_report *x, const cjm_report *y);

#endif
