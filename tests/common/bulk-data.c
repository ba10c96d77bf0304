/* The funnel dataset and report comparison. */
#include <math.h>
#include <stdlib.h>

#include "bulk-data.h"
#include "helpers.h"
#include "../../bench/generate.h"

#define NO NAN

const test_event funnel_events[FUNNEL_EVENTS] = {
    { "c1", 1, "ad", NULL, NULL, NO, 0, 0 },
    { "c1", 2, "site", NULL, NULL, NO, 0, 0 },
    { "c1", 5, "compare", NULL, NULL, NO, 0, 0 },
    { "c1", 9, "checkout", NULL, NULL, NO, 0, 0 },
    { "c2", 1, "ad", NULL, NULL, NO, 0, 0 },
    { "c2", 3, "compare", NULL, "c", NO, 0, 0 },
    { "c2", 4, "call", NULL, NULL, NO, 0, 0 },
    { "c2", 6, "compare", "WEB", NULL, NO, 0, 0 },
    { "c3", 10, "site", NULL, NULL, NO, 0, 0 },
    { "c3", 20, "compare", NULL, NULL, -2, -2, 2 },
    { "c3", 25, "site", NULL, "a", NO, 0, 0 },
    { "c3", 30, "compare", NULL, NULL, NO, 0, 0 },
    { "c3", 40, "checkout", NULL, NULL, NO, 0, 0 },
    { "c4", 5, "ad", NULL, NULL, NO, 0, 0 },
    { "c5", 1, "chat-bot", "chat", NULL, 1, 1, 5 },
    { "c5", 2, "site", NULL, NULL, NO, 0, 0 },
    { "c6", 7, "help-forum", "community", "c", NO, 0, 0 },
    { "c6", 3, "compare", NULL, NULL, NO, 0, 0 },
    { "c6", 12, "checkout", NULL, NULL, NO, 0, 0 },
};

static cjm_touchpoint *tp(cjm_stage *s, const char *id, const char *channel, const char *owner)
{
    cjm_touchpoint *t = NULL;
    if (cjm_stage_add_touchpoint(&t, s, id, id, channel) != CJM_OK ||
        cjm_touchpoint_set_owner(t, owner) != CJM_OK)
        abort();
    return t;
}

cjm_journey *funnel_map(void)
{
    cjm_journey *j = cjm_journey_new("funnel", "Funnel");
    cjm_stage *a, *c, *b;
    if (!j || cjm_journey_add_stage(&a, j, "a", "Aware") != CJM_OK ||
        cjm_journey_add_stage(&c, j, "c", "Consider") != CJM_OK ||
        cjm_journey_add_stage(&b, j, "b", "Buy") != CJM_OK ||
        cjm_stage_set_expected_duration(a, 3) != CJM_OK ||
        cjm_stage_set_expected_duration(c, 9) != CJM_OK)
        abort();
    tp(a, "ad", "social", "Marketing");
    tp(a, "site", "web", "Web");
    tp(c, "compare", "web", "Web");
    tp(c, "call", "phone", NULL);
    if (cjm_touchpoint_set_optional(tp(c, "store", "store", "Retail"), true) != CJM_OK ||
        cjm_touchpoint_add_feedback(NULL, tp(b, "checkout", "web", "Web"), 2, -2, 2) != CJM_OK)
        abort();
    return j;
}

cjm_report *funnel_report_min1(const cjm_journey *map)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_min_customers(o, 1));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    return report_and_free(a);
}

cjm_report *report_and_free(cjm_analysis *a)
{
    ck_assert_ptr_nonnull(a);
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    cjm_analysis_free(a);
    return r;
}

size_t table_column(cjm_table t, const char *name)
{
    size_t c = SIZE_MAX;
    ck_assert_ok(cjm_table_column_find(&c, t, name));
    ck_assert_str_eq(cjm_table_column_name(t, c), name);
    return c;
}

void add_events(cjm_analysis *a, const test_event *events, size_t n)
{
    cjm_event *e = cjm_event_new();
    for (size_t i = 0; i < n; i++) {
        const test_event *t = &events[i];
        if (isnan(t->score)) {
            /* Events without feedback go through the plain call ... */
            ck_assert_ok(cjm_analysis_add(a, t->customer, t->at, t->touchpoint, t->channel,
                                          t->stage));
            continue;
        }
        /* ... and those with feedback through an event handle. */
        cjm_event_clear(e);
        ck_assert_ok(cjm_event_set_customer(e, t->customer));
        ck_assert_ok(cjm_event_set_at(e, t->at));
        ck_assert_ok(cjm_event_set_touchpoint(e, t->touchpoint));
        ck_assert_ok(cjm_event_set_channel(e, t->channel));
        ck_assert_ok(cjm_event_set_stage(e, t->stage));
        ck_assert_ok(cjm_event_set_feedback(e, t->score, t->min, t->max));
        ck_assert_ok(cjm_analysis_add_event(a, e));
    }
    cjm_event_free(e);
}

static void same_double(double x, double y, const char *what, size_t i)
{
    ck_assert_msg((isnan(x) && isnan(y)) || x == y, "%s %zu: %.17g != %.17g", what, i, x, y);
}

/* Paths, the flow and exits. */
static void assert_routes_equal(const cjm_report *x, const cjm_report *y)
{
    ck_assert_int_eq(cjm_report_path_distinct(x), cjm_report_path_distinct(y));
    ck_assert_int_eq(cjm_report_path_count(x), cjm_report_path_count(y));
    for (size_t i = 0; i < cjm_report_path_count(x); i++) {
        ck_assert_int_eq(cjm_report_path_length(x, i), cjm_report_path_length(y, i));
        for (size_t j = 0; j < cjm_report_path_length(x, i); j++)
            ck_assert_str_eq(cjm_report_path_stage(x, i, j), cjm_report_path_stage(y, i, j));
        ck_assert_int_eq(cjm_report_path_customers(x, i), cjm_report_path_customers(y, i));
        ck_assert_int_eq(cjm_report_path_completed(x, i), cjm_report_path_completed(y, i));
    }
    ck_assert_int_eq(cjm_report_flow_edge_count(x), cjm_report_flow_edge_count(y));
    for (size_t i = 0; i < cjm_report_flow_edge_count(x); i++) {
        ck_assert_str_eq(cjm_report_flow_edge_from(x, i), cjm_report_flow_edge_from(y, i));
        ck_assert_str_eq(cjm_report_flow_edge_to(x, i), cjm_report_flow_edge_to(y, i));
        ck_assert_int_eq(cjm_report_flow_edge_pairs(x, i), cjm_report_flow_edge_pairs(y, i));
        ck_assert_int_eq(cjm_report_flow_edge_customers(x, i),
                         cjm_report_flow_edge_customers(y, i));
        ck_assert_int_eq(cjm_report_flow_edge_median_ms(x, i),
                         cjm_report_flow_edge_median_ms(y, i));
    }
    ck_assert_int_eq(cjm_report_flow_start_count(x), cjm_report_flow_start_count(y));
    for (size_t i = 0; i < cjm_report_flow_start_count(x); i++) {
        ck_assert_str_eq(cjm_report_flow_start_touchpoint(x, i),
                         cjm_report_flow_start_touchpoint(y, i));
        ck_assert_int_eq(cjm_report_flow_start_customers(x, i),
                         cjm_report_flow_start_customers(y, i));
    }
    ck_assert_int_eq(cjm_report_flow_end_count(x), cjm_report_flow_end_count(y));
    for (size_t i = 0; i < cjm_report_flow_end_count(x); i++) {
        ck_assert_str_eq(cjm_report_flow_end_touchpoint(x, i),
                         cjm_report_flow_end_touchpoint(y, i));
        ck_assert_int_eq(cjm_report_flow_end_customers(x, i),
                         cjm_report_flow_end_customers(y, i));
    }
    for (size_t s = 0; s < cjm_report_stage_count(x); s++) {
        ck_assert_int_eq(cjm_report_stage_exit_count(x, s), cjm_report_stage_exit_count(y, s));
        for (size_t j = 0; j < cjm_report_stage_exit_count(x, s); j++) {
            ck_assert_str_eq(cjm_report_stage_exit_touchpoint(x, s, j),
                             cjm_report_stage_exit_touchpoint(y, s, j));
            ck_assert_int_eq(cjm_report_stage_exit_customers(x, s, j),
                             cjm_report_stage_exit_customers(y, s, j));
            ck_assert_int_eq(cjm_report_stage_exit_silent(x, s, j),
                             cjm_report_stage_exit_silent(y, s, j));
        }
    }
}

void assert_reports_equal(const cjm_report *x, const cjm_report *y)
{
    assert_routes_equal(x, y);
    ck_assert_str_eq(cjm_report_journey(x), cjm_report_journey(y));
    ck_assert_int_eq(cjm_report_customers(x), cjm_report_customers(y));
    ck_assert_int_eq(cjm_report_events(x), cjm_report_events(y));
    ck_assert_int_eq(cjm_report_feedback(x), cjm_report_feedback(y));
    ck_assert_int_eq(cjm_report_completed(x), cjm_report_completed(y));
    ck_assert_int_eq(cjm_report_rejected(x), cjm_report_rejected(y));
    ck_assert_int_eq(cjm_report_map_channel_switches(x), cjm_report_map_channel_switches(y));
    ck_assert_int_eq(cjm_report_stage_count(x), cjm_report_stage_count(y));
    for (size_t i = 0; i < cjm_report_stage_count(x); i++) {
        ck_assert_str_eq(cjm_report_stage_id(x, i), cjm_report_stage_id(y, i));
        ck_assert_int_eq(cjm_report_stage_reached(x, i), cjm_report_stage_reached(y, i));
        ck_assert_int_eq(cjm_report_stage_dropped(x, i), cjm_report_stage_dropped(y, i));
        same_double(cjm_report_stage_drop_rate(x, i), cjm_report_stage_drop_rate(y, i),
                    "drop rate", i);
        ck_assert_int_eq(cjm_report_stage_silent_churn(x, i),
                         cjm_report_stage_silent_churn(y, i));
        ck_assert_int_eq(cjm_report_stage_feedback(x, i), cjm_report_stage_feedback(y, i));
        same_double(cjm_report_stage_mean_score(x, i), cjm_report_stage_mean_score(y, i),
                    "stage mean", i);
        ck_assert_int_eq(cjm_report_stage_median_transition_ms(x, i),
                         cjm_report_stage_median_transition_ms(y, i));
        ck_assert_int_eq(cjm_report_stage_transition_samples(x, i),
                         cjm_report_stage_transition_samples(y, i));
        ck_assert_int_eq(cjm_report_stage_switch_customers(x, i),
                         cjm_report_stage_switch_customers(y, i));
    }
    ck_assert_int_eq(cjm_report_touchpoint_count(x), cjm_report_touchpoint_count(y));
    for (size_t i = 0; i < cjm_report_touchpoint_count(x); i++) {
        ck_assert_str_eq(cjm_report_touchpoint_id(x, i), cjm_report_touchpoint_id(y, i));
        ck_assert_pstr_eq(cjm_report_touchpoint_stage(x, i), cjm_report_touchpoint_stage(y, i));
        ck_assert_int_eq(cjm_report_touchpoint_planned(x, i),
                         cjm_report_touchpoint_planned(y, i));
        ck_assert_str_eq(cjm_report_touchpoint_channel(x, i),
                         cjm_report_touchpoint_channel(y, i));
        ck_assert_int_eq(cjm_report_touchpoint_events(x, i), cjm_report_touchpoint_events(y, i));
        ck_assert_int_eq(cjm_report_touchpoint_customers(x, i),
                         cjm_report_touchpoint_customers(y, i));
        ck_assert_int_eq(cjm_report_touchpoint_feedback(x, i),
                         cjm_report_touchpoint_feedback(y, i));
        same_double(cjm_report_touchpoint_mean_score(x, i),
                    cjm_report_touchpoint_mean_score(y, i), "touchpoint mean", i);
    }
    ck_assert_int_eq(cjm_report_channel_count(x), cjm_report_channel_count(y));
    for (size_t i = 0; i < cjm_report_channel_count(x); i++) {
        ck_assert_str_eq(cjm_report_channel(x, i), cjm_report_channel(y, i));
        ck_assert_int_eq(cjm_report_channel_events(x, i), cjm_report_channel_events(y, i));
    }
    ck_assert_int_eq(cjm_report_switches(x), cjm_report_switches(y));
    ck_assert_int_eq(cjm_report_multichannel_customers(x), cjm_report_multichannel_customers(y));
    ck_assert_int_eq(cjm_report_matrix_count(x), cjm_report_matrix_count(y));
    for (size_t i = 0; i < cjm_report_matrix_count(x); i++) {
        ck_assert_str_eq(cjm_report_matrix_from(x, i), cjm_report_matrix_from(y, i));
        ck_assert_str_eq(cjm_report_matrix_to(x, i), cjm_report_matrix_to(y, i));
        ck_assert_int_eq(cjm_report_matrix_switches(x, i), cjm_report_matrix_switches(y, i));
    }
    ck_assert_int_eq(cjm_report_backtracks(x), cjm_report_backtracks(y));
    ck_assert_int_eq(cjm_report_backtrack_customers(x), cjm_report_backtrack_customers(y));
    ck_assert_int_eq(cjm_report_backtrack_pair_count(x), cjm_report_backtrack_pair_count(y));
    for (size_t i = 0; i < cjm_report_backtrack_pair_count(x); i++) {
        ck_assert_str_eq(cjm_report_backtrack_from(x, i), cjm_report_backtrack_from(y, i));
        ck_assert_str_eq(cjm_report_backtrack_to(x, i), cjm_report_backtrack_to(y, i));
        ck_assert_int_eq(cjm_report_backtrack_pair_backtracks(x, i),
                         cjm_report_backtrack_pair_backtracks(y, i));
        ck_assert_int_eq(cjm_report_backtrack_pair_customers(x, i),
                         cjm_report_backtrack_pair_customers(y, i));
    }
    ck_assert_int_eq(cjm_report_gap_count(x), cjm_report_gap_count(y));
    for (size_t i = 0; i < cjm_report_gap_count(x); i++) {
        const cjm_gap *g = cjm_report_gap(x, i), *h = cjm_report_gap(y, i);
        ck_assert_int_eq(cjm_gap_kind_of(g), cjm_gap_kind_of(h));
        ck_assert_pstr_eq(cjm_gap_stage(g), cjm_gap_stage(h));
        ck_assert_pstr_eq(cjm_gap_touchpoint(g), cjm_gap_touchpoint(h));
        ck_assert_pstr_eq(cjm_gap_to_stage(g), cjm_gap_to_stage(h));
        same_double(cjm_gap_value(g), cjm_gap_value(h), "gap value", i);
        ck_assert_int_eq(cjm_gap_count(g), cjm_gap_count(h));
        same_double(cjm_gap_severity(g), cjm_gap_severity(h), "gap severity", i);
        ck_assert_str_eq(cjm_gap_message(g), cjm_gap_message(h));
        ck_assert_pstr_eq(cjm_gap_segment(g), cjm_gap_segment(h));
        ck_assert_int_eq(cjm_gap_has_segment(g), cjm_gap_has_segment(h));
    }
    ck_assert_pstr_eq(cjm_report_breakdown(x), cjm_report_breakdown(y));
    ck_assert_uint_eq(cjm_report_segment_count(x), cjm_report_segment_count(y));
    for (size_t i = 0; i < cjm_report_segment_count(x); i++) {
        ck_assert_pstr_eq(cjm_report_segment_value(x, i), cjm_report_segment_value(y, i));
        ck_assert_int_eq(cjm_report_segment_other(x, i), cjm_report_segment_other(y, i));
        ck_assert_uint_eq(cjm_report_segment_customers(x, i), cjm_report_segment_customers(y, i));
        ck_assert_uint_eq(cjm_report_segment_events(x, i), cjm_report_segment_events(y, i));
        ck_assert_uint_eq(cjm_report_segment_completed(x, i), cjm_report_segment_completed(y, i));
        ck_assert_uint_eq(cjm_report_segment_feedback(x, i), cjm_report_segment_feedback(y, i));
        same_double(cjm_report_segment_mean_score(x, i), cjm_report_segment_mean_score(y, i),
                    "segment mean", i);
        for (size_t s = 0; s < cjm_report_stage_count(x); s++) {
            ck_assert_uint_eq(cjm_report_segment_stage_reached(x, i, s),
                              cjm_report_segment_stage_reached(y, i, s));
            ck_assert_uint_eq(cjm_report_segment_stage_funnel(x, i, s),
                              cjm_report_segment_stage_funnel(y, i, s));
            ck_assert_uint_eq(cjm_report_segment_stage_dropped(x, i, s),
                              cjm_report_segment_stage_dropped(y, i, s));
            ck_assert_uint_eq(cjm_report_segment_stage_silent_churn(x, i, s),
                              cjm_report_segment_stage_silent_churn(y, i, s));
            ck_assert_uint_eq(cjm_report_segment_stage_feedback(x, i, s),
                              cjm_report_segment_stage_feedback(y, i, s));
            same_double(cjm_report_segment_stage_mean_score(x, i, s),
                        cjm_report_segment_stage_mean_score(y, i, s), "segment stage mean", i);
            same_double(cjm_report_segment_stage_score_sd(x, i, s),
                        cjm_report_segment_stage_score_sd(y, i, s), "segment stage sd", i);
        }
    }
}

cjm_analysis *generated_analysis(const cjm_journey *map, uint64_t events, unsigned threads)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_threads(o, threads));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 30000), 0);
    gen_start(&g, 11, events);
    while (gen_next(&g, &b))
        ck_assert_ok(cjm_analysis_add_columns(a, b.count, b.customers, b.at, b.touchpoints,
                                              b.channels, b.stages, b.scores, b.scale_min,
                                              b.scale_max));
    gen_batch_free(&b);
    return a;
}
