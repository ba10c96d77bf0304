/* The cancel hook: merge, report, serialize and the columns calls stop at
 * each point they ask it, return CJM_ERR_CANCELLED, and leave every
 * object as it was. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../../bench/generate.h"
#include "../suites.h"

/* A hook that counts its calls and says stop at call `stop` (0: never),
 * noting whether any call came from another thread than the test's. */
typedef struct counter {
    unsigned calls, stop;
    pthread_t caller;
    bool other_thread;
} counter;

static bool count_calls(void *user)
{
    counter *c = user;
    if (!pthread_equal(pthread_self(), c->caller))
        c->other_thread = true;
    return ++c->calls == c->stop;
}

/* Resets *c to say stop at call `stop` (0: never) and hangs it on `a`. */
static void hook(cjm_analysis *a, counter *c, unsigned stop)
{
    *c = (counter){ 0, stop, pthread_self(), false };
    ck_assert_ok(cjm_analysis_set_cancel(a, count_calls, c));
}

/* The analysis as bytes, with no hook asked: what "unchanged" means. */
static unsigned char *state_of(cjm_analysis *a, size_t *size)
{
    void *bytes = NULL;
    ck_assert_ok(cjm_analysis_set_cancel(a, NULL, NULL));
    ck_assert_ok(cjm_analysis_serialize(&bytes, size, a));
    return bytes;
}

static void assert_state(cjm_analysis *a, const unsigned char *want, size_t want_size)
{
    size_t size;
    unsigned char *got = state_of(a, &size);
    ck_assert_uint_eq(size, want_size);
    ck_assert_mem_eq(got, want, size);
    cjm_free(got);
}

static void assert_cancelled(cjm_status st, const char *func)
{
    ck_assert_int_eq(st, CJM_ERR_CANCELLED);
    ck_assert_error_mentions(func);
    ck_assert_error_mentions("cancelled");
}

START_TEST(report_stops_at_each_check)
{
    cjm_journey *map = gen_map();
    /* One thread, then several: the hook is asked in the calling thread. */
    cjm_analysis *a = generated_analysis(map, 60000, _i == 0 ? 1 : 4);
    size_t size;
    unsigned char *before = state_of(a, &size);
    cjm_report *want = NULL;
    ck_assert_ok(cjm_analysis_report(&want, a));
    counter c;
    hook(a, &c, 0);
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    cjm_report_free(r);
    unsigned checks = c.calls;
    /* 60,000 events: asked every 4,096 and more; on several threads the
     * calling thread counts and walks only its share of them. */
    ck_assert_uint_ge(checks, _i == 0 ? 5 : 1);
    ck_assert(!c.other_thread);
    for (unsigned k = 1; k <= checks; k++) {
        hook(a, &c, k);
        r = (cjm_report *)&c; /* left alone on error */
        cjm_status st = cjm_analysis_report(&r, a);
        if (_i == 1 && st == CJM_OK && c.calls < k) {
            /* On several threads the calling thread walks a share of the
             * batches that varies from run to run, and asks less often. */
            cjm_report_free(r);
            ck_assert_ok(cjm_analysis_set_cancel(a, NULL, NULL));
            continue;
        }
        assert_cancelled(st, "cjm_analysis_report");
        ck_assert_ptr_eq(r, &c);
        ck_assert_uint_eq(c.calls, k);
        ck_assert(!c.other_thread);
        assert_state(a, before, size); /* which also removes the hook */
    }
    ck_assert_ok(cjm_analysis_report(&r, a));
    ck_assert_uint_eq(cjm_report_events(r), cjm_report_events(want));
    ck_assert_uint_eq(cjm_report_customers(r), cjm_report_customers(want));
    cjm_report_free(r);
    cjm_report_free(want);
    cjm_free(before);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(serialize_stops_at_each_check)
{
    cjm_journey *map = gen_map();
    cjm_analysis *a = generated_analysis(map, 30000, 1);
    size_t size;
    unsigned char *before = state_of(a, &size);
    counter c;
    hook(a, &c, 0);
    void *bytes = NULL;
    size_t n = 0;
    ck_assert_ok(cjm_analysis_serialize(&bytes, &n, a));
    ck_assert_uint_eq(n, size);
    ck_assert_mem_eq(bytes, before, n);
    cjm_free(bytes);
    unsigned checks = c.calls;
    ck_assert_uint_ge(checks, 5);
    for (unsigned k = 1; k <= checks; k++) {
        hook(a, &c, k);
        bytes = &c;
        n = 7;
        assert_cancelled(cjm_analysis_serialize(&bytes, &n, a), "cjm_analysis_serialize");
        ck_assert_ptr_eq(bytes, &c);
        ck_assert_uint_eq(n, 7);
        ck_assert_uint_eq(c.calls, k);
    }
    assert_state(a, before, size);
    cjm_free(before);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(merge_stops_at_each_check)
{
    cjm_journey *map = gen_map();
    cjm_analysis *into = generated_analysis(map, 20000, 1);
    /* Many customers, one event each: the merge asks while interning them. */
    cjm_analysis *from = cjm_analysis_new(map, NULL);
    enum { CUSTOMERS = 40000 };
    static char names[CUSTOMERS][16];
    static const char *customers[CUSTOMERS], *touchpoints[CUSTOMERS];
    static int64_t at[CUSTOMERS];
    const char *touchpoint = cjm_touchpoint_id(cjm_stage_touchpoint(cjm_journey_stage(map, 0), 0));
    for (int i = 0; i < CUSTOMERS; i++) {
        snprintf(names[i], sizeof names[i], "one-%d", i);
        customers[i] = names[i];
        touchpoints[i] = touchpoint;
        at[i] = 1700000000000 + i;
    }
    ck_assert_ok(cjm_analysis_add_columns(from, CUSTOMERS, customers, at, touchpoints, NULL,
                                          NULL, NULL, NULL, NULL));
    size_t size, from_size;
    unsigned char *before = state_of(into, &size), *from_before = state_of(from, &from_size);
    uint64_t events = cjm_analysis_event_count(into);
    counter c;
    hook(into, &c, 0);
    cjm_analysis *probe = generated_analysis(map, 20000, 1);
    ck_assert_ok(cjm_analysis_set_cancel(probe, count_calls, &c));
    ck_assert_ok(cjm_analysis_merge(probe, from));
    cjm_analysis_free(probe);
    unsigned checks = c.calls;
    ck_assert_uint_ge(checks, 5); /* 5,000 customers a shard: asked in each, and last */
    for (unsigned k = 1; k <= checks; k++) {
        hook(into, &c, k);
        assert_cancelled(cjm_analysis_merge(into, from), "cjm_analysis_merge");
        ck_assert_uint_eq(c.calls, k);
        assert_state(into, before, size);
        assert_state(from, from_before, from_size);
    }
    /* From from's bytes: asked while interning from's customers, and last. */
    hook(into, &c, 0);
    probe = generated_analysis(map, 20000, 1);
    ck_assert_ok(cjm_analysis_set_cancel(probe, count_calls, &c));
    ck_assert_ok(cjm_analysis_merge_serialized(probe, from_before, from_size));
    cjm_analysis_free(probe);
    checks = c.calls;
    ck_assert_uint_ge(checks, 9); /* 5,000 customers a shard: once in each, and last */
    for (unsigned k = 1; k <= checks; k++) {
        hook(into, &c, k);
        assert_cancelled(cjm_analysis_merge_serialized(into, from_before, from_size),
                         "cjm_analysis_merge_serialized");
        ck_assert_uint_eq(c.calls, k);
        assert_state(into, before, size);
    }
    ck_assert_ok(cjm_analysis_merge(into, from));
    ck_assert_uint_eq(cjm_analysis_event_count(into), events + CUSTOMERS);
    cjm_free(before);
    cjm_free(from_before);
    cjm_analysis_free(into);
    cjm_analysis_free(from);
    cjm_journey_free(map);
}
END_TEST

/* Three blocks of events and a bit, a score on one in ten, some of the
 * customers new and some met in each block. */
enum { ADDED = 3 * 65536 + 100 };
static char added_names[ADDED][16];
static const char *added_customers[ADDED], *added_touchpoints[ADDED];
static int64_t added_at[ADDED];
static double added_scores[ADDED], added_min[ADDED], added_max[ADDED];

static void make_added(const cjm_journey *map)
{
    for (int i = 0; i < ADDED; i++) {
        snprintf(added_names[i], sizeof added_names[i], "block-%d", i % 70000);
        added_customers[i] = added_names[i];
        const cjm_stage *stage = cjm_journey_stage(map, (size_t)i % cjm_journey_stage_count(map));
        added_touchpoints[i] = cjm_touchpoint_id(cjm_stage_touchpoint(stage, 0));
        added_at[i] = 1700000000000 + i;
        added_scores[i] = i % 10 == 0 ? (double)(1 + i % 5) : NAN;
        added_min[i] = 1;
        added_max[i] = 5;
    }
}

/* A columns call asks the hook before each of its blocks; a stop there
 * takes back the blocks already added, feedback sums included, in
 * strict and lenient mode. */
START_TEST(add_columns_stops_before_each_block)
{
    cjm_journey *map = gen_map();
    make_added(map);
    cjm_analysis *a = NULL;
    if (_i == 0) {
        a = generated_analysis(map, 20000, 1);
    } else {
        /* Lenient, on 4 threads: customers of the call met before (with
         * feedback), and an invalid event that the call skips. */
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_lenient(o, true));
        ck_assert_ok(cjm_options_set_threads(o, 4));
        a = cjm_analysis_new(map, o);
        cjm_options_free(o);
        ck_assert_ok(cjm_analysis_add_columns(a, 30000, added_customers, added_at,
                                              added_touchpoints, NULL, NULL, added_scores,
                                              added_min, added_max));
        added_touchpoints[140000] = "";
    }
    size_t size;
    unsigned char *before = state_of(a, &size);
    uint64_t events = cjm_analysis_event_count(a);
    counter c;
    for (unsigned k = 1; k <= 4; k++) {
        hook(a, &c, k);
        assert_cancelled(cjm_analysis_add_columns(a, ADDED, added_customers, added_at,
                                                  added_touchpoints, NULL, NULL, added_scores,
                                                  added_min, added_max),
                         "cjm_analysis_add_columns");
        ck_assert_uint_eq(c.calls, k);
        ck_assert(!c.other_thread);
        assert_state(a, before, size);
    }
    if (_i == 0) {
        /* An invalid event in the third block takes back the first two
         * alike, their feedback sums and flags included. */
        added_touchpoints[140000] = "";
        ck_assert_status(cjm_analysis_add_columns(a, ADDED, added_customers, added_at,
                                                  added_touchpoints, NULL, NULL, added_scores,
                                                  added_min, added_max),
                         CJM_ERR_INVALID);
        ck_assert_error_mentions("event 140000");
        assert_state(a, before, size);
        make_added(map);
    }
    hook(a, &c, 0);
    ck_assert_ok(cjm_analysis_add_columns(a, ADDED, added_customers, added_at, added_touchpoints,
                                          NULL, NULL, added_scores, added_min, added_max));
    ck_assert_uint_eq(c.calls, 4); /* once before each block */
    ck_assert_uint_eq(cjm_analysis_event_count(a), events + ADDED - (unsigned)_i);
    ck_assert_uint_eq(cjm_analysis_rejected_count(a), (unsigned)_i);
    cjm_free(before);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(hook_set_and_removed)
{
    cjm_journey *map = gen_map();
    ck_assert_status(cjm_analysis_set_cancel(NULL, count_calls, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_set_cancel: analysis");
    cjm_analysis *a = generated_analysis(map, 1000, 1);
    counter c;
    hook(a, &c, 1);
    cjm_report *r = NULL;
    assert_cancelled(cjm_analysis_report(&r, a), "cjm_analysis_report");
    ck_assert_ok(cjm_analysis_set_cancel(a, NULL, &c)); /* removed */
    ck_assert_ok(cjm_analysis_report(&r, a));
    ck_assert_uint_eq(c.calls, 1);
    cjm_report_free(r);
    /* A cancelled analysis is freed as any other. */
    hook(a, &c, 1);
    void *bytes = NULL;
    size_t n;
    assert_cancelled(cjm_analysis_serialize(&bytes, &n, a), "cjm_analysis_serialize");
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_cancel(void)
{
    Suite *s = suite_create("cancel");
    TCase *tc = tcase_create("cancel");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, report_stops_at_each_check, 0, 2);
    tcase_add_test(tc, serialize_stops_at_each_check);
    tcase_add_test(tc, merge_stops_at_each_check);
    tcase_add_loop_test(tc, add_columns_stops_before_each_block, 0, 2);
    tcase_add_test(tc, hook_set_and_removed);
    suite_add_tcase(s, tc);
    return s;
}
