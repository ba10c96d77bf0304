/* Paths, the flow and exits by hand (analysis.md, "Paths, flows and
 * exits").
 *
 * The funnel dataset (stages a 0, c 1, b 2 final; its comment lists every
 * customer's events), seq(c) and path of each customer:
 *   c1 ad@1 site@2 compare@5 checkout@9        a c b          completed
 *   c2 ad@1 compare@3 call@4 compare@6         a c            dropped at c, silent
 *   c3 site@10 compare@20 site@25 compare@30 checkout@40
 *                                              a c a c b      completed
 *   c4 ad@5                                    a              dropped at a, silent
 *   c5 chat-bot@1 (no stage, feedback) site@2  a              dropped at a, heard
 *   c6 compare@3 help-forum@7 (stage c) checkout@12
 *                                              c b            completed
 * Paths: [a] 2 (0 completed); then one customer each, by stage indexes:
 *   [0 1] < [0 1 0 1 2] < [0 1 2] < [1 2]: distinct 5.
 * Edges (count, customers, times -> median at floor((n-1)/2)):
 *   site>compare 3, 2, {3 10 5} -> 5; compare>checkout 2, 2, {4 10} -> 4;
 *   then count 1 by from, to: ad>compare 2, ad>site 1, call>compare 2,
 *   chat-bot>site 1, compare>call 1, compare>help-forum 4, compare>site 5,
 *   help-forum>checkout 5.
 * Starts: ad 3, chat-bot 1, compare 1, site 1. Ends: checkout 3, ad 1,
 *   compare 1, site 1.
 * Exits: a: ad 1 (silent 1), site 1 (silent 0); c: compare 1 (1); b: none.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../common/alloc-fail.h"
#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"
#ifdef CJM_TEST_JSON
#include <cjm/json.h>
#endif

#define NO NAN

static cjm_report *report_with(const cjm_journey *map, const test_event *events, size_t n,
                               uint64_t max_paths, uint64_t max_edges)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_max_paths(o, max_paths));
    ck_assert_ok(cjm_options_set_max_flow_edges(o, max_edges));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    add_events(a, events, n);
    return report_and_free(a);
}

/* A path as its stage ids joined by spaces. */
static const char *path_text(const cjm_report *r, size_t i)
{
    static char text[256];
    size_t at = 0;
    text[0] = '\0';
    for (size_t j = 0; j < cjm_report_path_length(r, i); j++)
        at += (size_t)snprintf(text + at, sizeof text - at, "%s%s", j ? " " : "",
                               cjm_report_path_stage(r, i, j));
    return text;
}

typedef struct want_path {
    const char *stages;
    uint64_t customers, completed;
} want_path;

static void check_paths(const cjm_report *r, const want_path *want, size_t n)
{
    ck_assert_int_eq(cjm_report_path_count(r), n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(path_text(r, i), want[i].stages);
        ck_assert_int_eq(cjm_report_path_customers(r, i), want[i].customers);
        ck_assert_int_eq(cjm_report_path_completed(r, i), want[i].completed);
    }
}

typedef struct want_edge {
    const char *from, *to;
    uint64_t count, customers;
    int64_t median;
} want_edge;

static void check_edges(const cjm_report *r, const want_edge *want, size_t n)
{
    ck_assert_int_eq(cjm_report_flow_edge_count(r), n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(cjm_report_flow_edge_from(r, i), want[i].from);
        ck_assert_str_eq(cjm_report_flow_edge_to(r, i), want[i].to);
        ck_assert_int_eq(cjm_report_flow_edge_pairs(r, i), want[i].count);
        ck_assert_int_eq(cjm_report_flow_edge_customers(r, i), want[i].customers);
        ck_assert_int_eq(cjm_report_flow_edge_median_ms(r, i), want[i].median);
    }
}

typedef struct want_end {
    const char *touchpoint;
    uint64_t customers, silent;
} want_end;

static void check_starts(const cjm_report *r, const want_end *want, size_t n)
{
    ck_assert_int_eq(cjm_report_flow_start_count(r), n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(cjm_report_flow_start_touchpoint(r, i), want[i].touchpoint);
        ck_assert_int_eq(cjm_report_flow_start_customers(r, i), want[i].customers);
    }
}

static void check_ends(const cjm_report *r, const want_end *want, size_t n)
{
    ck_assert_int_eq(cjm_report_flow_end_count(r), n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(cjm_report_flow_end_touchpoint(r, i), want[i].touchpoint);
        ck_assert_int_eq(cjm_report_flow_end_customers(r, i), want[i].customers);
    }
}

static void check_exits(const cjm_report *r, size_t stage, const want_end *want, size_t n)
{
    ck_assert_int_eq(cjm_report_stage_exit_count(r, stage), n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(cjm_report_stage_exit_touchpoint(r, stage, i), want[i].touchpoint);
        ck_assert_int_eq(cjm_report_stage_exit_customers(r, stage, i), want[i].customers);
        ck_assert_int_eq(cjm_report_stage_exit_silent(r, stage, i), want[i].silent);
    }
}

#define N(a) (sizeof a / sizeof a[0])

static const want_path funnel_paths[] = {
    { "a", 2, 0 }, { "a c", 1, 0 }, { "a c a c b", 1, 1 }, { "a c b", 1, 1 }, { "c b", 1, 1 },
};
static const want_edge funnel_edges[] = {
    { "site", "compare", 3, 2, 5 },      { "compare", "checkout", 2, 2, 4 },
    { "ad", "compare", 1, 1, 2 },        { "ad", "site", 1, 1, 1 },
    { "call", "compare", 1, 1, 2 },      { "chat-bot", "site", 1, 1, 1 },
    { "compare", "call", 1, 1, 1 },      { "compare", "help-forum", 1, 1, 4 },
    { "compare", "site", 1, 1, 5 },      { "help-forum", "checkout", 1, 1, 5 },
};

START_TEST(funnel_dataset)
{
    cjm_journey *map = funnel_map();
    cjm_report *r = report_with(map, funnel_events, FUNNEL_EVENTS, 10, 200);
    ck_assert_int_eq(cjm_report_path_distinct(r), 5);
    check_paths(r, funnel_paths, N(funnel_paths));
    ck_assert_int_eq(cjm_report_path_stage_index(r, 2, 2), 0);
    ck_assert_int_eq(cjm_report_path_stage_index(r, 2, 4), 2);
    check_edges(r, funnel_edges, N(funnel_edges));
    static const want_end starts[] = {
        { "ad", 3, 0 }, { "chat-bot", 1, 0 }, { "compare", 1, 0 }, { "site", 1, 0 },
    };
    static const want_end ends[] = {
        { "checkout", 3, 0 }, { "ad", 1, 0 }, { "compare", 1, 0 }, { "site", 1, 0 },
    };
    check_starts(r, starts, N(starts));
    check_ends(r, ends, N(ends));
    static const want_end exits_a[] = { { "ad", 1, 1 }, { "site", 1, 0 } };
    static const want_end exits_c[] = { { "compare", 1, 1 } };
    check_exits(r, 0, exits_a, N(exits_a));
    check_exits(r, 1, exits_c, N(exits_c));
    check_exits(r, 2, NULL, 0);
    /* The exits add up to the stage's dropped and silent churn. */
    for (size_t s = 0; s < 2; s++) {
        uint64_t customers = 0, silent = 0;
        for (size_t j = 0; j < cjm_report_stage_exit_count(r, s); j++) {
            customers += cjm_report_stage_exit_customers(r, s, j);
            silent += cjm_report_stage_exit_silent(r, s, j);
        }
        ck_assert_int_eq(customers, cjm_report_stage_dropped(r, s));
        ck_assert_int_eq(silent, cjm_report_stage_silent_churn(r, s));
    }
    /* Past the end, and a NULL report. */
    ck_assert_ptr_null(cjm_report_path_stage(r, 0, 1));
    ck_assert_ptr_null(cjm_report_path_stage(r, 5, 0));
    ck_assert_int_eq(cjm_report_path_stage_index(r, 0, 1), SIZE_MAX);
    ck_assert_int_eq(cjm_report_path_length(r, 5), 0);
    ck_assert_int_eq(cjm_report_path_customers(r, 5), 0);
    ck_assert_int_eq(cjm_report_path_completed(r, 5), 0);
    ck_assert_ptr_null(cjm_report_flow_edge_from(r, 10));
    ck_assert_ptr_null(cjm_report_flow_edge_to(r, 10));
    ck_assert_int_eq(cjm_report_flow_edge_pairs(r, 10), 0);
    ck_assert_int_eq(cjm_report_flow_edge_customers(r, 10), 0);
    ck_assert_int_eq(cjm_report_flow_edge_median_ms(r, 10), CJM_UNSET);
    ck_assert_ptr_null(cjm_report_flow_start_touchpoint(r, 4));
    ck_assert_int_eq(cjm_report_flow_start_customers(r, 4), 0);
    ck_assert_ptr_null(cjm_report_flow_end_touchpoint(r, 4));
    ck_assert_int_eq(cjm_report_flow_end_customers(r, 4), 0);
    ck_assert_ptr_null(cjm_report_stage_exit_touchpoint(r, 0, 2));
    ck_assert_ptr_null(cjm_report_stage_exit_touchpoint(r, 0, SIZE_MAX));
    ck_assert_ptr_null(cjm_report_stage_exit_touchpoint(r, 3, 0));
    ck_assert_int_eq(cjm_report_stage_exit_count(r, 3), 0);
    ck_assert_int_eq(cjm_report_stage_exit_customers(r, 0, 2), 0);
    ck_assert_int_eq(cjm_report_stage_exit_silent(r, 0, 2), 0);
    cjm_report_free(r);
    ck_assert_int_eq(cjm_report_path_distinct(NULL), 0);
    ck_assert_int_eq(cjm_report_path_count(NULL), 0);
    ck_assert_ptr_null(cjm_report_path_stage(NULL, 0, 0));
    ck_assert_int_eq(cjm_report_flow_edge_count(NULL), 0);
    ck_assert_ptr_null(cjm_report_flow_edge_from(NULL, 0));
    ck_assert_int_eq(cjm_report_flow_edge_median_ms(NULL, 0), CJM_UNSET);
    ck_assert_int_eq(cjm_report_flow_start_count(NULL), 0);
    ck_assert_ptr_null(cjm_report_flow_start_touchpoint(NULL, 0));
    ck_assert_int_eq(cjm_report_flow_end_count(NULL), 0);
    ck_assert_ptr_null(cjm_report_flow_end_touchpoint(NULL, 0));
    ck_assert_int_eq(cjm_report_stage_exit_count(NULL, 0), 0);
    ck_assert_ptr_null(cjm_report_stage_exit_touchpoint(NULL, 0, 0));
    cjm_journey_free(map);
}
END_TEST

/* The limits at 0, 1 and beyond the data; the counts behind them stay. */
START_TEST(limits)
{
    cjm_journey *map = funnel_map();
    static const struct { uint64_t max; size_t paths, edges; } cases[] = {
        { 0, 0, 0 }, { 1, 1, 1 }, { 2, 2, 2 }, { 5, 5, 5 }, { 10, 5, 10 }, { 11, 5, 10 },
        { UINT64_MAX, 5, 10 },
    };
    for (size_t k = 0; k < N(cases); k++) {
        cjm_report *r = report_with(map, funnel_events, FUNNEL_EVENTS, cases[k].max, cases[k].max);
        ck_assert_int_eq(cjm_report_path_distinct(r), 5);
        check_paths(r, funnel_paths, cases[k].paths);
        check_edges(r, funnel_edges, cases[k].edges);
        /* Starts, ends and exits have no limit but their own. */
        ck_assert_int_eq(cjm_report_flow_start_count(r), 4);
        ck_assert_int_eq(cjm_report_flow_end_count(r), 4);
        ck_assert_int_eq(cjm_report_stage_exit_count(r, 0), 2);
        cjm_report_free(r);
    }
    cjm_journey_free(map);
}
END_TEST

/*
 * Repeats, ties and customers without a staged event:
 *   d1 compare@1 compare@3 compare@4 (feedback)  path c, dropped at c, heard
 *   d2 compare@10 compare@20                     path c, dropped at c, silent
 *   d3 chat-bot@1 forum@2 (no stage)             no path, not dropped
 *   e5 .. e1 compare@1 then u5 .. u1@2 (no stage) path c, dropped, silent
 * compare>compare: 3 pairs of 2 customers, times {2, 1, 10} -> 2.
 * Ties of count 1 by from, then to: chat-bot>forum, compare>u1 .. u5.
 * Exits of c: compare 2 (silent 1), then u1 .. u4 of the five ties (u5
 * left out: five at most).
 */
static const test_event repeats[] = {
    { "d1", 1, "compare", NULL, NULL, NO, 0, 0 },
    { "d1", 3, "compare", NULL, NULL, 4, 1, 5 },
    { "d1", 4, "compare", NULL, NULL, NO, 0, 0 },
    { "d2", 20, "compare", NULL, NULL, NO, 0, 0 },
    { "d2", 10, "compare", NULL, NULL, NO, 0, 0 },
    { "d3", 1, "chat-bot", "chat", NULL, NO, 0, 0 },
    { "d3", 2, "forum", "community", NULL, NO, 0, 0 },
    { "e5", 1, "compare", NULL, NULL, NO, 0, 0 },
    { "e5", 2, "u5", "web", NULL, NO, 0, 0 },
    { "e4", 1, "compare", NULL, NULL, NO, 0, 0 },
    { "e4", 2, "u4", "web", NULL, NO, 0, 0 },
    { "e3", 1, "compare", NULL, NULL, NO, 0, 0 },
    { "e3", 2, "u3", "web", NULL, NO, 0, 0 },
    { "e2", 1, "compare", NULL, NULL, NO, 0, 0 },
    { "e2", 2, "u2", "web", NULL, NO, 0, 0 },
    { "e1", 1, "compare", NULL, NULL, NO, 0, 0 },
    { "e1", 2, "u1", "web", NULL, NO, 0, 0 },
};

START_TEST(repeats_ties_and_unstaged)
{
    cjm_journey *map = funnel_map();
    cjm_report *r = report_with(map, repeats, N(repeats), 10, 200);
    ck_assert_int_eq(cjm_report_customers(r), 8);
    ck_assert_int_eq(cjm_report_path_distinct(r), 1);
    static const want_path paths[] = { { "c", 7, 0 } };
    check_paths(r, paths, N(paths));
    static const want_edge edges[] = {
        { "compare", "compare", 3, 2, 2 }, { "chat-bot", "forum", 1, 1, 1 },
        { "compare", "u1", 1, 1, 1 },      { "compare", "u2", 1, 1, 1 },
        { "compare", "u3", 1, 1, 1 },      { "compare", "u4", 1, 1, 1 },
        { "compare", "u5", 1, 1, 1 },
    };
    check_edges(r, edges, N(edges));
    static const want_end starts[] = { { "compare", 7, 0 }, { "chat-bot", 1, 0 } };
    static const want_end ends[] = {
        { "compare", 2, 0 }, { "forum", 1, 0 }, { "u1", 1, 0 }, { "u2", 1, 0 },
        { "u3", 1, 0 },      { "u4", 1, 0 },    { "u5", 1, 0 },
    };
    check_starts(r, starts, N(starts));
    check_ends(r, ends, N(ends));
    static const want_end exits[] = {
        { "compare", 2, 1 }, { "u1", 1, 1 }, { "u2", 1, 1 }, { "u3", 1, 1 }, { "u4", 1, 1 },
    };
    check_exits(r, 0, NULL, 0);
    check_exits(r, 1, exits, N(exits));
    check_exits(r, 2, NULL, 0);
    ck_assert_int_eq(cjm_report_stage_dropped(r, 1), 7);
    ck_assert_int_eq(cjm_report_stage_silent_churn(r, 1), 6);
    cjm_report_free(r);
    /* Only customers without a staged event: no path, no exit. */
    r = report_with(map, repeats + 5, 2, 10, 200);
    ck_assert_int_eq(cjm_report_path_distinct(r), 0);
    ck_assert_int_eq(cjm_report_path_count(r), 0);
    static const want_edge one[] = { { "chat-bot", "forum", 1, 1, 1 } };
    check_edges(r, one, 1);
    check_exits(r, 1, NULL, 0);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

/* No events: nothing listed. A map without stages: no exits. */
START_TEST(empty)
{
    cjm_journey *map = funnel_map();
    cjm_report *r = report_with(map, NULL, 0, 10, 200);
    ck_assert_int_eq(cjm_report_path_distinct(r), 0);
    ck_assert_int_eq(cjm_report_path_count(r), 0);
    ck_assert_int_eq(cjm_report_flow_edge_count(r), 0);
    ck_assert_int_eq(cjm_report_flow_start_count(r), 0);
    ck_assert_int_eq(cjm_report_flow_end_count(r), 0);
    for (size_t s = 0; s < 3; s++)
        ck_assert_int_eq(cjm_report_stage_exit_count(r, s), 0);
    cjm_report_free(r);
    cjm_journey_free(map);
    map = cjm_journey_new("bare", "Bare");
    ck_assert_ptr_nonnull(map);
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_default_channel(o, "web"));
    cjm_analysis *a = cjm_analysis_new(map, o);
    ck_assert_ok(cjm_analysis_add(a, "x", 1, "t", NULL, NULL));
    ck_assert_ok(cjm_analysis_add(a, "x", 2, "t", NULL, NULL));
    ck_assert_ok(cjm_analysis_report(&r, a));
    ck_assert_int_eq(cjm_report_path_distinct(r), 0);
    ck_assert_int_eq(cjm_report_flow_edge_count(r), 1);
    ck_assert_str_eq(cjm_report_flow_edge_from(r, 0), "t");
    ck_assert_int_eq(cjm_report_flow_edge_median_ms(r, 0), 1);
    ck_assert_int_eq(cjm_report_stage_exit_count(r, 0), 0);
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* More touchpoints than the dense table takes: the same figures through
 * the hash. One customer walks t0000 .. t1199, another t1199 back to
 * t1198 and t1199 again. */
START_TEST(many_touchpoints)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_default_channel(o, "web"));
    ck_assert_ok(cjm_options_set_max_flow_edges(o, 3));
    cjm_analysis *a = cjm_analysis_new(map, o);
    char id[16];
    for (int i = 0; i < 1200; i++) {
        snprintf(id, sizeof id, "t%04d", i);
        ck_assert_ok(cjm_analysis_add(a, "walker", i, id, NULL, i == 0 ? "a" : NULL));
    }
    ck_assert_ok(cjm_analysis_add(a, "back", 1, "t1199", NULL, NULL));
    ck_assert_ok(cjm_analysis_add(a, "back", 5, "t1198", NULL, NULL));
    ck_assert_ok(cjm_analysis_add(a, "back", 7, "t1199", NULL, NULL));
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    static const want_edge edges[] = {
        { "t1198", "t1199", 2, 2, 1 }, { "t0000", "t0001", 1, 1, 1 },
        { "t0001", "t0002", 1, 1, 1 },
    };
    check_edges(r, edges, N(edges));
    static const want_end exits[] = { { "t1199", 1, 1 } };
    check_exits(r, 0, exits, N(exits));
    static const want_path paths[] = { { "a", 1, 0 } };
    check_paths(r, paths, N(paths));
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* Medians and percentiles of many times and of long ones, on two
 * threads. 66,001 customers (more than the selection gathers at once) go
 * ad@0 -> compare@(1,000,000 + i % 3): one edge and one transition of a,
 * with 22,001, 22,000 and 22,000 of the three times, so the median and
 * p50 are 1,000,001 (place 33,000), p25 1,000,000, p75 and p90 1,000,002. Five more go site@0 -> call@d with d
 * 3, 2^32 - 1, 2^32, 2^41 and 2^40 + 7 ms: the edge's median is 2^32
 * (place 2); the first four then go on to checkout after the same time
 * again, so stage c's transitions are those four: median and p50 2^32 - 1
 * (place 1), p25 3, p75 2^32, p90 2^41. Their transitions of a join the
 * many: place 33,002 of 66,006 (median, p50) is still 1,000,001, p25
 * (16,501) 1,000,000, p75 (49,504) and p90 (59,405) 1,000,002. */
START_TEST(medians_of_many_and_long_times)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_threads(o, 2));
    cjm_analysis *a = cjm_analysis_new(map, o);
    char id[16];
    for (int i = 0; i < 66001; i++) {
        snprintf(id, sizeof id, "m%06d", i);
        ck_assert_ok(cjm_analysis_add(a, id, 0, "ad", NULL, NULL));
        ck_assert_ok(cjm_analysis_add(a, id, 1000000 + i % 3, "compare", NULL, NULL));
    }
    static const int64_t d[5] = { 3, INT64_C(4294967295), INT64_C(4294967296),
                                  INT64_C(2199023255552), INT64_C(1099511627783) };
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "w%d", i);
        ck_assert_ok(cjm_analysis_add(a, id, 0, "site", NULL, NULL));
        ck_assert_ok(cjm_analysis_add(a, id, d[i], "call", NULL, NULL));
        if (i < 4)
            ck_assert_ok(cjm_analysis_add(a, id, 2 * d[i], "checkout", NULL, NULL));
    }
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    static const want_edge edges[] = {
        { "ad", "compare", 66001, 66001, 1000001 },
        { "site", "call", 5, 5, INT64_C(4294967296) },
        { "call", "checkout", 4, 4, INT64_C(4294967295) },
    };
    check_edges(r, edges, N(edges));
    static const unsigned percent[4] = { 25, 50, 75, 90 };
    static const int64_t want_a[4] = { 1000000, 1000001, 1000002, 1000002 };
    static const int64_t want_c[4] = { 3, INT64_C(4294967295), INT64_C(4294967296),
                                       INT64_C(2199023255552) };
    ck_assert_int_eq(cjm_report_stage_transition_samples(r, 0), 66006);
    ck_assert_int_eq(cjm_report_stage_median_transition_ms(r, 0), 1000001);
    ck_assert_int_eq(cjm_report_stage_transition_samples(r, 1), 4);
    ck_assert_int_eq(cjm_report_stage_median_transition_ms(r, 1), INT64_C(4294967295));
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(cjm_report_stage_transition_percentile(r, 0, percent[i]), want_a[i]);
        ck_assert_int_eq(cjm_report_stage_transition_percentile(r, 1, percent[i]), want_c[i]);
    }
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* Every split of the funnel customers' events over two analyses (by
 * event, so a customer's events are united by the merge), merged, and
 * serialized and read back: the same figures. */
START_TEST(merge_and_serialize_are_exact)
{
    cjm_journey *map = funnel_map();
    cjm_report *whole = report_with(map, funnel_events, FUNNEL_EVENTS, 3, 4);
    for (unsigned mask = 0; mask < (1u << 10); mask += 7) {
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_max_paths(o, 3));
        ck_assert_ok(cjm_options_set_max_flow_edges(o, 4));
        cjm_analysis *x = cjm_analysis_new(map, o), *y = cjm_analysis_new(map, o), *z = NULL;
        for (size_t i = 0; i < FUNNEL_EVENTS; i++)
            add_events((mask >> (i % 10)) & 1 ? x : y, &funnel_events[i], 1);
        void *bytes = NULL;
        size_t size = 0;
        ck_assert_ok(cjm_analysis_serialize(&bytes, &size, y));
        ck_assert_ok(cjm_analysis_deserialize(&z, map, bytes, size));
        ck_assert_int_eq(cjm_options_max_paths(NULL), 10);
        ck_assert_ok(cjm_analysis_merge(x, z));
        cjm_report *r = NULL;
        ck_assert_ok(cjm_analysis_report(&r, x));
        assert_reports_equal(whole, r);
        cjm_report_free(r);
        cjm_free(bytes);
        cjm_analysis_free(x);
        cjm_analysis_free(y);
        cjm_analysis_free(z);
        cjm_options_free(o);
    }
    cjm_report_free(whole);
    cjm_journey_free(map);
}
END_TEST

START_TEST(options)
{
    ck_assert_int_eq(cjm_options_max_paths(NULL), 10);
    ck_assert_int_eq(cjm_options_max_flow_edges(NULL), 200);
    cjm_options *o = cjm_options_new();
    ck_assert_int_eq(cjm_options_max_paths(o), 10);
    ck_assert_int_eq(cjm_options_max_flow_edges(o), 200);
    ck_assert_ok(cjm_options_set_max_paths(o, 0));
    ck_assert_ok(cjm_options_set_max_flow_edges(o, 7));
    ck_assert_int_eq(cjm_options_max_paths(o), 0);
    ck_assert_int_eq(cjm_options_max_flow_edges(o), 7);
    ck_assert_status(cjm_options_set_max_paths(NULL, 1), CJM_ERR_INVALID);
    ck_assert_status(cjm_options_set_max_flow_edges(NULL, 1), CJM_ERR_INVALID);
    /* Carried in the state; compared on merge. */
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, o), *b = cjm_analysis_new(map, NULL), *c = NULL;
    void *bytes = NULL;
    size_t size = 0;
    ck_assert_ok(cjm_analysis_serialize(&bytes, &size, a));
    ck_assert_ok(cjm_analysis_deserialize(&c, map, bytes, size));
    ck_assert_status(cjm_analysis_merge(b, c), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("max_paths 0, into: 10");
    ck_assert_ok(cjm_options_set_max_paths(o, 10));
    cjm_analysis *d = cjm_analysis_new(map, o);
    ck_assert_status(cjm_analysis_merge(b, d), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("max_flow_edges 7, into: 200");
    ck_assert_ok(cjm_analysis_merge(c, a));
    cjm_free(bytes);
    cjm_analysis_free(a);
    cjm_analysis_free(b);
    cjm_analysis_free(c);
    cjm_analysis_free(d);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* The description (cjm/tables.h) places every figure: the report's
 * `paths` and `flow`, each path's stages as a list, each stage's exits
 * (null for the final stage). */
START_TEST(tables)
{
    cjm_journey *map = funnel_map();
    cjm_report *r = report_with(map, funnel_events, FUNNEL_EVENTS, 10, 200);
    uint64_t n = 0;
    size_t first = 0, count = 0;
    ck_assert_ok(cjm_report_value_count(&n, r, CJM_TABLE_REPORT, 0,
                                        table_column(CJM_TABLE_REPORT, "paths.distinct")));
    ck_assert_int_eq(n, 5);
    ck_assert_ok(cjm_report_child_rows(&first, &count, r, CJM_TABLE_REPORT, 0,
                                       table_column(CJM_TABLE_REPORT, "paths.top")));
    ck_assert_int_eq(count, 5);
    ck_assert_int_eq(cjm_report_row_count(r, CJM_TABLE_PATHS), 5);
    ck_assert(cjm_table_list(CJM_TABLE_PATH_STAGES));
    /* Path 2 is a c a c b: rows 3 to 7 of the path stages (a; a c; ...). */
    ck_assert_ok(cjm_report_child_rows(&first, &count, r, CJM_TABLE_PATHS, 2,
                                       table_column(CJM_TABLE_PATHS, "stages")));
    ck_assert_int_eq(first, 3);
    ck_assert_int_eq(count, 5);
    ck_assert_int_eq(cjm_report_row_count(r, CJM_TABLE_PATH_STAGES), 1 + 2 + 5 + 3 + 2);
    const char *s = NULL;
    ck_assert_ok(cjm_report_value_text(&s, r, CJM_TABLE_PATH_STAGES, first + 4,
                                       table_column(CJM_TABLE_PATH_STAGES, "stage")));
    ck_assert_str_eq(s, "b");
    ck_assert_ok(cjm_report_value_count(&n, r, CJM_TABLE_PATHS, 2,
                                        table_column(CJM_TABLE_PATHS, "completed")));
    ck_assert_int_eq(n, 1);
    /* The flow. */
    ck_assert_int_eq(cjm_report_row_count(r, CJM_TABLE_FLOW_EDGES), 10);
    int64_t ms = 0;
    ck_assert_ok(cjm_report_value_integer(&ms, r, CJM_TABLE_FLOW_EDGES, 0,
                                          table_column(CJM_TABLE_FLOW_EDGES, "median_ms")));
    ck_assert_int_eq(ms, 5);
    ck_assert_ok(cjm_report_value_text(&s, r, CJM_TABLE_FLOW_ENDS, 0,
                                       table_column(CJM_TABLE_FLOW_ENDS, "touchpoint")));
    ck_assert_str_eq(s, "checkout");
    ck_assert_int_eq(cjm_report_row_count(r, CJM_TABLE_FLOW_STARTS), 4);
    /* Exits: a's two, c's one, b's null. */
    size_t exits = table_column(CJM_TABLE_STAGES, "exits");
    ck_assert(cjm_table_column_nullable(CJM_TABLE_STAGES, exits));
    ck_assert_int_eq(cjm_report_row_count(r, CJM_TABLE_EXITS), 3);
    ck_assert_ok(cjm_report_child_rows(&first, &count, r, CJM_TABLE_STAGES, 1, exits));
    ck_assert_int_eq(first, 2);
    ck_assert_int_eq(count, 1);
    ck_assert_ok(cjm_report_value_count(&n, r, CJM_TABLE_EXITS, 2,
                                        table_column(CJM_TABLE_EXITS, "silent")));
    ck_assert_int_eq(n, 1);
    ck_assert(!cjm_report_value_is_null(r, CJM_TABLE_STAGES, 1, exits));
    ck_assert(cjm_report_value_is_null(r, CJM_TABLE_STAGES, 2, exits));
    ck_assert_ok(cjm_report_child_rows(&first, &count, r, CJM_TABLE_STAGES, 2, exits));
    ck_assert_int_eq(count, 0);
#ifdef CJM_TEST_JSON
    char *json = NULL;
    ck_assert_ok(cjm_json_write_report(&json, NULL, r, CJM_JSON_COMPACT));
    ck_assert_ptr_nonnull(strstr(json, "\"paths\":{\"distinct\":5,\"top\":[{\"stages\":[\"a\"],"
                                       "\"customers\":2,\"completed\":0},"));
    ck_assert_ptr_nonnull(strstr(json, "\"flow\":{\"edges\":[{\"from\":\"site\",\"to\":"
                                       "\"compare\",\"count\":3,\"customers\":2,"
                                       "\"median_ms\":5},"));
    ck_assert_ptr_nonnull(strstr(json, "\"exits\":[{\"touchpoint\":\"ad\",\"customers\":1,"
                                       "\"silent\":1},{\"touchpoint\":\"site\","));
    ck_assert_ptr_nonnull(strstr(json, "\"exits\":null}"));
    cjm_free(json);
#endif
    cjm_report_free(r);
    /* No events: empty lists, the final stage's exits still null. */
    r = report_with(map, NULL, 0, 10, 200);
    ck_assert_int_eq(cjm_report_row_count(r, CJM_TABLE_PATHS), 0);
    ck_assert_int_eq(cjm_report_row_count(r, CJM_TABLE_PATH_STAGES), 0);
    ck_assert_int_eq(cjm_report_row_count(r, CJM_TABLE_EXITS), 0);
    ck_assert(!cjm_report_value_is_null(r, CJM_TABLE_STAGES, 0, exits));
    ck_assert(cjm_report_value_is_null(r, CJM_TABLE_STAGES, 2, exits));
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

#ifdef CJM_TEST_JSON
/* Every split of the customers' events over three analyses, merged in
 * either order: the same JSON report, byte for byte. */
START_TEST(merged_json_is_identical)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_max_paths(o, 3));
    cjm_analysis *whole = cjm_analysis_new(map, o);
    add_events(whole, funnel_events, FUNNEL_EVENTS);
    add_events(whole, repeats, N(repeats));
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, whole));
    char *want = NULL;
    ck_assert_ok(cjm_json_write_report(&want, NULL, r, 0));
    cjm_report_free(r);
    const size_t total = FUNNEL_EVENTS + N(repeats);
    for (unsigned seed = 1; seed < 60; seed++) {
        cjm_analysis *part[3];
        for (int k = 0; k < 3; k++)
            part[k] = cjm_analysis_new(map, o);
        unsigned x = seed;
        for (size_t i = 0; i < total; i++) {
            x = x * 1103515245u + 12345u;
            const test_event *e = i < FUNNEL_EVENTS ? &funnel_events[i]
                                                    : &repeats[i - FUNNEL_EVENTS];
            add_events(part[(x >> 16) % 3], e, 1);
        }
        int order = seed % 2;
        ck_assert_ok(cjm_analysis_merge(part[order], part[2]));
        ck_assert_ok(cjm_analysis_merge(part[order], part[1 - order]));
        ck_assert_ok(cjm_analysis_report(&r, part[order]));
        char *got = NULL;
        ck_assert_ok(cjm_json_write_report(&got, NULL, r, 0));
        ck_assert_str_eq(got, want);
        cjm_free(got);
        cjm_report_free(r);
        for (int k = 0; k < 3; k++)
            cjm_analysis_free(part[k]);
    }
    cjm_free(want);
    cjm_analysis_free(whole);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST
#endif

/* The flow's pictures: every listed edge, names escaped, loops for
 * repeated visits; NULLs, another map's report and every failed
 * allocation refused cleanly. */
START_TEST(pictures)
{
    cjm_journey *map = funnel_map();
    static const test_event hostile[] = {
        { "h", 1, "compare", NULL, NULL, NO, 0, 0 },
        { "h", 2, "a\"<b>&#1;%%`", "web", NULL, NO, 0, 0 },
        { "h", 3, "a\"<b>&#1;%%`", "web", NULL, NO, 0, 0 },
    };
    cjm_report *r = report_with(map, hostile, N(hostile), 10, 200);
    char *text = NULL;
    size_t n = 0;
    ck_assert_ok(cjm_flow_mermaid(&text, &n, r));
    ck_assert_int_eq(n, strlen(text));
    /* Ties by from: "a..." before "compare". */
    ck_assert_str_eq(text, "flowchart LR\n"
                           "    t0[\"a#34;#60;b#62;#38;#35;1;#37;#37;#96;\"]\n"
                           "    t1[\"compare\"]\n"
                           "    t0 -->|\"1 time, median 1 millisecond\"| t0\n"
                           "    t1 -->|\"1 time, median 1 millisecond\"| t0\n"
                           "    linkStyle 0 stroke-width:8px\n"
                           "    linkStyle 1 stroke-width:8px\n");
    cjm_free(text);
    ck_assert_ok(cjm_flow_svg(&text, NULL, map, r));
    ck_assert_ptr_nonnull(strstr(text, "data-touchpoint=\"a&quot;&lt;b&gt;&amp;#1;%%`\""));
    ck_assert_ptr_null(strstr(text, "<b>"));
    ck_assert_ptr_nonnull(strstr(text, "class=\"edge\" data-from=\"compare\""));
    ck_assert_ptr_nonnull(strstr(text, "data-stage=\"b\""));
    ck_assert_ptr_nonnull(strstr(text, "</svg>\n"));
    cjm_free(text);
    text = NULL;
    ck_assert_status(cjm_flow_mermaid(NULL, NULL, r), CJM_ERR_INVALID);
    ck_assert_status(cjm_flow_mermaid(&text, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_flow_svg(&text, NULL, NULL, r), CJM_ERR_INVALID);
    ck_assert_status(cjm_flow_svg(&text, NULL, map, NULL), CJM_ERR_INVALID);
    cjm_journey *other = cjm_journey_new("other", "Other");
    ck_assert_status(cjm_flow_svg(&text, NULL, other, r), CJM_ERR_CONFLICT);
    ck_assert_ptr_null(text);
    cjm_journey_free(other);
    /* Without events: a chart and a picture without edges. */
    cjm_report *none = report_with(map, NULL, 0, 10, 200);
    ck_assert_ok(cjm_flow_mermaid(&text, NULL, none));
    ck_assert_str_eq(text, "flowchart LR\n");
    cjm_free(text);
    ck_assert_ok(cjm_flow_svg(&text, NULL, map, none));
    ck_assert_ptr_null(strstr(text, "class=\"edge\""));
    cjm_free(text);
    cjm_report_free(none);
    /* Every allocation failing in turn. */
    failalloc_install();
    for (int which = 0; which < 2; which++) {
        for (long k = 1;; k++) {
            long live = failalloc_live();
            text = NULL;
            failalloc_arm(k, false);
            cjm_status rc = which ? cjm_flow_svg(&text, NULL, map, r)
                                  : cjm_flow_mermaid(&text, NULL, r);
            bool tripped = failalloc_tripped();
            failalloc_arm(0, false);
            if (!tripped) {
                ck_assert_ok(rc);
                cjm_free(text);
                break;
            }
            ck_assert_int_eq(rc, CJM_ERR_NOMEM);
            ck_assert_ptr_null(text);
            ck_assert_int_eq(failalloc_live(), live);
        }
    }
    failalloc_uninstall();
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

/* The N-th allocation of a report fails, for every N: the report fails
 * cleanly and leaks nothing; then it succeeds with the same figures. */
START_TEST(allocation_failure)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_threads(o, 1));
    cjm_analysis *a = cjm_analysis_new(map, o);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    add_events(a, repeats, N(repeats));
    cjm_report *want = NULL;
    ck_assert_ok(cjm_analysis_report(&want, a));
    failalloc_install();
    for (long n = 1;; n++) {
        long live = failalloc_live();
        cjm_report *r = NULL;
        failalloc_arm(n, false);
        cjm_status rc = cjm_analysis_report(&r, a);
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (!tripped) {
            ck_assert_ok(rc);
            assert_reports_equal(want, r);
            cjm_report_free(r);
            break;
        }
        ck_assert_int_eq(rc, CJM_ERR_NOMEM);
        ck_assert_ptr_null(r);
        ck_assert_int_eq(failalloc_live(), live);
    }
    failalloc_uninstall();
    cjm_report_free(want);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_report_paths(void)
{
    Suite *s = suite_create("report-paths");
    TCase *tc = tcase_create("paths");
    tcase_add_test(tc, funnel_dataset);
    tcase_add_test(tc, limits);
    tcase_add_test(tc, repeats_ties_and_unstaged);
    tcase_add_test(tc, empty);
    tcase_add_test(tc, many_touchpoints);
    tcase_add_test(tc, medians_of_many_and_long_times);
    tcase_add_test(tc, merge_and_serialize_are_exact);
    tcase_add_test(tc, options);
    tcase_add_test(tc, allocation_failure);
    tcase_add_test(tc, tables);
    tcase_add_test(tc, pictures);
#ifdef CJM_TEST_JSON
    tcase_add_test(tc, merged_json_is_identical);
#endif
    suite_add_tcase(s, tc);
    return s;
}
