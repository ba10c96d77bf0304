/* Version 2's walk figures by hand: the closed funnel, hops, and the
 * transition and completion distributions.
 *
 * On the funnel dataset of the report suite (its comment lists every
 * customer's events):
 *   funnel: a 5 (c1-c5); c 3 (c1 a@1 c@5, c2 a@1 c@3, c3 a@10 c@20; c6
 *     skipped a); b 2 (c1 c@5 b@9, c3 c@20 b@40). reached is 5, 4, 3.
 *   hops: a 0 (c1 ad@social then site@web: planned, site after ad);
 *     c 2 (c2 call@phone back to compare@web: backwards; c6 compare to
 *     the unplanned help-forum); b 0. switch_customers is 1, 2, 0.
 *   transitions: a {2, 4, 10}: p25 2, p50 4, p75 10, p90 10;
 *     c {4, 9, 20}: 4, 9, 20, 20; b none.
 *   completion: c1 9 - 1 = 8, c3 40 - 10 = 30, c6 12 - 3 = 9:
 *     {8, 9, 30}: p25 8, p50 9, p75 30, p90 30.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"

static cjm_report *report_of(const cjm_journey *map, const test_event *events, size_t n)
{
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_ptr_nonnull(a);
    add_events(a, events, n);
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    cjm_analysis_free(a);
    return r;
}

static void check_percentiles(const cjm_report *r, size_t stage, const int64_t want[4])
{
    static const unsigned percent[4] = { 25, 50, 75, 90 };
    for (size_t k = 0; k < 4; k++)
        ck_assert_int_eq(stage == SIZE_MAX ? cjm_report_completion_percentile(r, percent[k])
                                           : cjm_report_stage_transition_percentile(r, stage,
                                                                                    percent[k]),
                         want[k]);
}

START_TEST(funnel_dataset)
{
    cjm_journey *map = funnel_map();
    cjm_report *r = report_of(map, funnel_events, FUNNEL_EVENTS);
    static const uint64_t funnel[3] = { 5, 3, 2 }, reached[3] = { 5, 4, 3 };
    static const uint64_t hops[3] = { 0, 2, 0 }, switchers[3] = { 1, 2, 0 };
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(cjm_report_stage_funnel(r, i), funnel[i]);
        ck_assert_int_eq(cjm_report_stage_reached(r, i), reached[i]);
        ck_assert_int_eq(cjm_report_stage_hop_customers(r, i), hops[i]);
        ck_assert_int_eq(cjm_report_stage_switch_customers(r, i), switchers[i]);
    }
    static const int64_t a[4] = { 2, 4, 10, 10 }, c[4] = { 4, 9, 20, 20 };
    static const int64_t none[4] = { CJM_UNSET, CJM_UNSET, CJM_UNSET, CJM_UNSET };
    static const int64_t completion[4] = { 8, 9, 30, 30 };
    check_percentiles(r, 0, a);
    check_percentiles(r, 1, c);
    check_percentiles(r, 2, none);
    check_percentiles(r, 3, none);
    ck_assert_int_eq(cjm_report_completion_samples(r), 3);
    check_percentiles(r, SIZE_MAX, completion);
    /* p50 is the median. */
    ck_assert_int_eq(cjm_report_stage_transition_percentile(r, 0, 50),
                     cjm_report_stage_median_transition_ms(r, 0));
    /* Only the four percentiles exist. */
    ck_assert_int_eq(cjm_report_stage_transition_percentile(r, 0, 0), CJM_UNSET);
    ck_assert_int_eq(cjm_report_stage_transition_percentile(r, 0, 100), CJM_UNSET);
    ck_assert_int_eq(cjm_report_completion_percentile(r, 99), CJM_UNSET);
    ck_assert_int_eq(cjm_report_stage_funnel(r, 3), 0);
    ck_assert_int_eq(cjm_report_stage_hop_customers(r, 3), 0);
    cjm_report_free(r);
    ck_assert_int_eq(cjm_report_stage_funnel(NULL, 0), 0);
    ck_assert_int_eq(cjm_report_completion_samples(NULL), 0);
    ck_assert_int_eq(cjm_report_completion_percentile(NULL, 50), CJM_UNSET);
    cjm_journey_free(map);
}
END_TEST

#define NO NAN

/* Changes of channel inside stage c, one customer each:
 *   p1 compare (web) then call (phone): planned, call after compare;
 *   p2 compare over the phone, call (phone), compare (web): the first
 *      pair keeps the channel; the second changes it going backwards: a
 *      hop;
 *   p3 call (phone) then compare (web): backwards: a hop;
 *   p4 compare (web) then call over the web, then store (store): call not
 *      over its own channel, so web -> store from call is a hop;
 *   p5 compare (web), store (store): planned (store after compare).
 * switch_customers 5 (each changed channel in c), hop_customers 3. */
static const test_event changes[] = {
    { "p1", 1, "compare", NULL, NULL, NO, 0, 0 },
    { "p1", 2, "call", NULL, NULL, NO, 0, 0 },
    { "p2", 1, "compare", "phone", NULL, NO, 0, 0 },
    { "p2", 2, "call", NULL, NULL, NO, 0, 0 },
    { "p2", 3, "compare", NULL, NULL, NO, 0, 0 },
    { "p3", 1, "call", NULL, NULL, NO, 0, 0 },
    { "p3", 2, "compare", NULL, NULL, NO, 0, 0 },
    { "p4", 1, "compare", NULL, NULL, NO, 0, 0 },
    { "p4", 2, "call", "web", NULL, NO, 0, 0 },
    { "p4", 3, "store", NULL, NULL, NO, 0, 0 },
    { "p5", 1, "compare", NULL, NULL, NO, 0, 0 },
    { "p5", 2, "store", NULL, NULL, NO, 0, 0 },
};

START_TEST(hops_are_changes_the_map_does_not_plan)
{
    cjm_journey *map = funnel_map();
    cjm_report *r = report_of(map, changes, sizeof changes / sizeof changes[0]);
    ck_assert_int_eq(cjm_report_stage_switch_customers(r, 1), 5);
    ck_assert_int_eq(cjm_report_stage_hop_customers(r, 1), 3);
    cjm_report_free(r);
    /* Each alone. */
    static const struct { size_t first, n; uint64_t hops; } alone[] = {
        { 0, 2, 0 }, { 2, 3, 1 }, { 5, 2, 1 }, { 7, 3, 1 }, { 10, 2, 0 },
    };
    for (size_t k = 0; k < 5; k++) {
        r = report_of(map, changes + alone[k].first, alone[k].n);
        ck_assert_int_eq(cjm_report_stage_switch_customers(r, 1), 1);
        ck_assert_int_eq(cjm_report_stage_hop_customers(r, 1), alone[k].hops);
        cjm_report_free(r);
    }
    cjm_journey_free(map);
}
END_TEST

/* n = 0, 1 and 2 samples, and ties in time. */
static const test_event timing[] = {
    /* t1: a@0, c@7, b@7 (a tie: c and b at once): a->c 7, c->b 0, done in 7 */
    { "t1", 0, "ad", NULL, NULL, NO, 0, 0 },
    { "t1", 7, "compare", NULL, NULL, NO, 0, 0 },
    { "t1", 7, "checkout", NULL, NULL, NO, 0, 0 },
    /* t2: a@5, c@5 (a tie), no b: a->c 0 */
    { "t2", 5, "site", NULL, NULL, NO, 0, 0 },
    { "t2", 5, "compare", NULL, NULL, NO, 0, 0 },
};

START_TEST(distributions_of_few_samples)
{
    cjm_journey *map = funnel_map();
    static const int64_t none[4] = { CJM_UNSET, CJM_UNSET, CJM_UNSET, CJM_UNSET };
    /* No events: no samples anywhere. */
    cjm_report *r = report_of(map, timing, 0);
    check_percentiles(r, 0, none);
    check_percentiles(r, SIZE_MAX, none);
    ck_assert_int_eq(cjm_report_completion_samples(r), 0);
    ck_assert_int_eq(cjm_report_stage_funnel(r, 0), 0);
    cjm_report_free(r);
    /* t1 alone: one sample each. */
    r = report_of(map, timing, 3);
    static const int64_t seven[4] = { 7, 7, 7, 7 }, zero[4] = { 0, 0, 0, 0 };
    check_percentiles(r, 0, seven);
    check_percentiles(r, 1, zero);
    check_percentiles(r, SIZE_MAX, seven);
    ck_assert_int_eq(cjm_report_stage_funnel(r, 2), 1);
    cjm_report_free(r);
    /* Both: a->c {7, 0}: p25 and p50 at index 0, p75 and p90 at index 1. */
    r = report_of(map, timing, 5);
    static const int64_t two[4] = { 0, 0, 7, 7 };
    check_percentiles(r, 0, two);
    ck_assert_int_eq(cjm_report_stage_transition_samples(r, 0), 2);
    ck_assert_int_eq(cjm_report_stage_median_transition_ms(r, 0), 0);
    static const uint64_t funnel[3] = { 2, 2, 1 };
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(cjm_report_stage_funnel(r, i), funnel[i]);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

static int compare_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

/* Percentiles of n completion times, found by sorting them here: around
 * the count where the report stops sorting a few samples on the stack and
 * counts them in buckets instead, with times past 49 days (kept apart
 * from the others) among them. */
START_TEST(percentiles_either_side_of_few_samples)
{
    static const size_t counts[] = { 1, 2, 63, 64, 65, 66, 200 };
    cjm_journey *map = funnel_map();
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        size_t n = counts[c];
        for (int wide = 0; wide < 2; wide++) {
            cjm_analysis *a = cjm_analysis_new(map, NULL);
            int64_t want[200];
            char customer[32];
            for (size_t i = 0; i < n; i++) {
                /* a scrambled order with repeats; every 7th past 2^32 ms */
                int64_t d = 2 + (int64_t)((i * 37) % 101);
                if (wide && i % 7 == 3)
                    d += (int64_t)UINT32_MAX + (int64_t)i;
                want[i] = d;
                snprintf(customer, sizeof customer, "k%zu", i);
                ck_assert_ok(cjm_analysis_add(a, customer, 1000, "ad", NULL, NULL));
                ck_assert_ok(cjm_analysis_add(a, customer, 1001, "compare", NULL, NULL));
                ck_assert_ok(cjm_analysis_add(a, customer, 1000 + d, "checkout", NULL, NULL));
            }
            cjm_report *r = NULL;
            ck_assert_ok(cjm_analysis_report(&r, a));
            qsort(want, n, sizeof *want, compare_i64);
            static const unsigned percent[4] = { 25, 50, 75, 90 };
            ck_assert_int_eq(cjm_report_completion_samples(r), n);
            for (size_t k = 0; k < 4; k++)
                ck_assert_int_eq(cjm_report_completion_percentile(r, percent[k]),
                                 want[(percent[k] * n + 99) / 100 - 1]);
            /* c -> b takes one ms less than the whole: the same order. */
            ck_assert_int_eq(cjm_report_stage_median_transition_ms(r, 1), want[(n - 1) / 2] - 1);
            cjm_report_free(r);
            cjm_analysis_free(a);
        }
    }
    cjm_journey_free(map);
}
END_TEST

/* A customer who reaches a stage before the one before it leaves the
 * funnel there, though it reached both. */
START_TEST(funnel_keeps_map_order)
{
    static const test_event events[] = {
        { "x", 1, "compare", NULL, NULL, NO, 0, 0 },
        { "x", 2, "ad", NULL, NULL, NO, 0, 0 },
        { "x", 3, "checkout", NULL, NULL, NO, 0, 0 },
    };
    cjm_journey *map = funnel_map();
    cjm_report *r = report_of(map, events, 3);
    static const uint64_t funnel[3] = { 1, 0, 0 };
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(cjm_report_stage_funnel(r, i), funnel[i]);
        ck_assert_int_eq(cjm_report_stage_reached(r, i), 1);
    }
    /* Completed all the same: checkout@3 - compare@1. */
    ck_assert_int_eq(cjm_report_completion_samples(r), 1);
    ck_assert_int_eq(cjm_report_completion_percentile(r, 50), 2);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

/* Evidence for pain, on stage c and its touchpoint compare. Items
 * (score on [-2, 2]): -2 is -1.0, -1 is -0.5. */
static cjm_report *evidence_report(const test_event *events, size_t n, double confidence,
                                   double threshold)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_confidence(o, confidence));
    ck_assert_ok(cjm_options_set_pain_threshold(o, threshold));
    cjm_analysis *a = cjm_analysis_new(map, o);
    add_events(a, events, n);
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
    return r;
}

static size_t pain_gaps(const cjm_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < cjm_report_gap_count(r); i++) {
        cjm_gap_kind k = cjm_gap_kind_of(cjm_report_gap(r, i));
        n += k == CJM_GAP_PAIN_POINT || k == CJM_GAP_PAINFUL_STAGE;
    }
    return n;
}

static const test_event items[] = {
    { "e1", 1, "compare", NULL, NULL, -2, -2, 2 },
    { "e2", 1, "compare", NULL, NULL, -2, -2, 2 },
    { "e3", 1, "compare", NULL, NULL, -1, -2, 2 },
};

START_TEST(evidence_of_few_items)
{
    /* n = 0: nothing. */
    cjm_report *r = evidence_report(items, 0, 0.95, 0.0);
    ck_assert(isnan(cjm_report_stage_score_sd(r, 1)));
    ck_assert(isnan(cjm_report_stage_score_high(r, 1)));
    ck_assert_uint_eq(pain_gaps(r), 0);
    cjm_report_free(r);
    /* n = 1 (-1.0): no spread, no bound, no pain at 0.95; pain at 0. */
    r = evidence_report(items, 1, 0.95, 0.0);
    ck_assert(isnan(cjm_report_stage_score_sd(r, 1)));
    ck_assert(isnan(cjm_report_touchpoint_score_high(r, 2)));
    ck_assert_uint_eq(pain_gaps(r), 0);
    cjm_report_free(r);
    r = evidence_report(items, 1, 0, 0.0);
    ck_assert(isnan(cjm_report_stage_score_high(r, 1)));
    ck_assert_uint_eq(pain_gaps(r), 2);
    cjm_report_free(r);
    /* n = 2, all equal (-1.0, -1.0): sd 0, score_high = mean = -1.0: pain. */
    r = evidence_report(items, 2, 0.95, 0.0);
    ck_assert_double_eq(cjm_report_stage_score_sd(r, 1), 0.0);
    ck_assert_double_eq(cjm_report_stage_score_high(r, 1), -1.0);
    ck_assert_double_eq(cjm_report_touchpoint_score_sd(r, 2), 0.0);
    ck_assert_double_eq(cjm_report_touchpoint_score_high(r, 2), -1.0);
    ck_assert_uint_eq(pain_gaps(r), 2);
    cjm_report_free(r);
    /* n = 2 (-1.0, -0.5): mean -0.75, sd sqrt(0.125) = 0.353553390593274,
     * score_high = -0.75 + 6.313751514675 * 0.353553390593274 / sqrt(2)
     * = -0.75 + 6.313751514675 / 4 = 0.82843787866875: no pain at 0.95. */
    const test_event two[] = { items[0], items[2] };
    r = evidence_report(two, 2, 0.95, 0.0);
    ck_assert_double_eq_tol(cjm_report_stage_score_sd(r, 1), 0.353553390593274, 1e-15);
    ck_assert_double_eq_tol(cjm_report_stage_score_high(r, 1), 0.82843787866875, 1e-12);
    ck_assert_uint_eq(pain_gaps(r), 0);
    cjm_report_free(r);
    /* Confidence 0: the mean alone, exactly at its boundary: -0.75 is not
     * below -0.75, and is below -0.7499. score_high is null. */
    r = evidence_report(two, 2, 0, -0.75);
    ck_assert(isnan(cjm_report_stage_score_high(r, 1)));
    ck_assert_double_eq_tol(cjm_report_stage_score_sd(r, 1), 0.353553390593274, 1e-15);
    ck_assert_uint_eq(pain_gaps(r), 0);
    cjm_report_free(r);
    r = evidence_report(two, 2, 0, -0.7499);
    ck_assert_uint_eq(pain_gaps(r), 2);
    cjm_report_free(r);
    /* Past the end and without a report. */
    ck_assert(isnan(cjm_report_stage_score_sd(NULL, 0)));
    ck_assert(isnan(cjm_report_touchpoint_score_high(NULL, 0)));
}
END_TEST

START_TEST(confidence_option)
{
    cjm_options *o = cjm_options_new();
    ck_assert_double_eq(cjm_options_confidence(o), 0.95);
    ck_assert_double_eq(cjm_options_confidence(NULL), 0.95);
    static const double good[] = { 0, 0.5, 0.9, 0.999999 };
    for (size_t i = 0; i < 4; i++) {
        ck_assert_ok(cjm_options_set_confidence(o, good[i]));
        ck_assert_double_eq(cjm_options_confidence(o), good[i]);
    }
    static const double bad[] = { 1, 0.49, -0.1, 1.5, 1e-9 };
    for (size_t i = 0; i < 5; i++) {
        ck_assert_status(cjm_options_set_confidence(o, bad[i]), CJM_ERR_RANGE);
        ck_assert_double_eq(cjm_options_confidence(o), 0.999999);
    }
    ck_assert_status(cjm_options_set_confidence(o, NAN), CJM_ERR_RANGE);
    ck_assert_status(cjm_options_set_confidence(o, INFINITY), CJM_ERR_RANGE);
    ck_assert_status(cjm_options_set_confidence(NULL, 0.9), CJM_ERR_INVALID);
    cjm_options_free(o);
}
END_TEST

Suite *suite_report_flow(void)
{
    Suite *s = suite_create("report-flow");
    TCase *tc = tcase_create("flow");
    tcase_add_test(tc, funnel_dataset);
    tcase_add_test(tc, hops_are_changes_the_map_does_not_plan);
    tcase_add_test(tc, distributions_of_few_samples);
    tcase_add_test(tc, percentiles_either_side_of_few_samples);
    tcase_add_test(tc, funnel_keeps_map_order);
    tcase_add_test(tc, evidence_of_few_items);
    tcase_add_test(tc, confidence_option);
    suite_add_tcase(s, tc);
    return s;
}
