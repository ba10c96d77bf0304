/* Segments and cohorts: the options, each customer's segment (earliest
 * event carrying the key, ties by arrival, values given late), cohorts
 * across a year end, every figure of an entry worked out by hand, pooling,
 * both gap kinds at their boundaries, the event and columns paths, merge,
 * state, and allocation failure on the new paths. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/alloc-fail.h"
#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"

/* An event of the funnel map (stages a, c, b) with an optional plan. */
typedef struct seg_event {
    const char *customer;
    int64_t at;
    const char *touchpoint;
    const char *plan; /* NULL: the event carries no plan */
    double score;     /* on [-2, 2]; NaN: none */
} seg_event;

static void add_seg(cjm_analysis *a, const seg_event *events, size_t n)
{
    cjm_event *e = cjm_event_new();
    for (size_t i = 0; i < n; i++) {
        cjm_event_clear(e);
        ck_assert_ok(cjm_event_set_customer(e, events[i].customer));
        ck_assert_ok(cjm_event_set_at(e, events[i].at));
        ck_assert_ok(cjm_event_set_touchpoint(e, events[i].touchpoint));
        if (events[i].plan)
            ck_assert_ok(cjm_event_set_attribute(e, "plan", events[i].plan));
        ck_assert_ok(cjm_event_set_attribute(e, "region", "EU")); /* not kept */
        if (!isnan(events[i].score))
            ck_assert_ok(cjm_event_set_feedback(e, events[i].score, -2, 2));
        ck_assert_ok(cjm_analysis_add_event(a, e));
    }
    cjm_event_free(e);
}

/* Seven customers worked out by hand below. */
static const seg_event hand[] = {
    { "u1", 1, "ad", "pro", NAN },  { "u1", 2, "compare", NULL, 2 },
    { "u1", 3, "checkout", NULL, NAN },
    { "u2", 1, "ad", "pro", NAN },  { "u2", 2, "compare", NULL, -2 },
    { "u3", 1, "ad", "free", 0 },
    { "u4", 1, "site", NULL, NAN }, { "u4", 5, "compare", NULL, NAN },
    { "u4", 6, "checkout", NULL, NAN },
    /* The plan on a later event only. */
    { "u5", 1, "ad", NULL, NAN },   { "u5", 2, "compare", "free", NAN },
    /* Two events at one time naming two plans: the first to arrive wins. */
    { "u6", 1, "ad", "pro", NAN },  { "u6", 1, "site", "team", NAN },
    /* The earlier event arrives later and names another plan: it wins. */
    { "u7", 5, "compare", "team", NAN }, { "u7", 1, "ad", "free", NAN },
};
#define HAND (sizeof hand / sizeof *hand)

static cjm_options *options_with(const char *breakdown)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_breakdown(o, breakdown));
    return o;
}

static cjm_report *report_of(const cjm_journey *map, const cjm_options *o,
                             const seg_event *events, size_t n)
{
    cjm_analysis *a = cjm_analysis_new(map, o);
    ck_assert_ptr_nonnull(a);
    add_seg(a, events, n);
    return report_and_free(a);
}

START_TEST(options)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ptr_null(cjm_options_breakdown(o));
    ck_assert_ptr_null(cjm_options_breakdown(NULL));
    ck_assert_uint_eq(cjm_options_max_segments(o), 20);
    ck_assert_uint_eq(cjm_options_max_segments(NULL), 20);
    ck_assert_ok(cjm_options_set_breakdown(o, "plan"));
    ck_assert_str_eq(cjm_options_breakdown(o), "plan");
    ck_assert_ok(cjm_options_set_breakdown(o, "@week"));
    ck_assert_str_eq(cjm_options_breakdown(o), "@week");
    ck_assert_status(cjm_options_set_breakdown(o, "@year"), CJM_ERR_INVALID);
    ck_assert_error_mentions("is not @day, @week or @month");
    ck_assert_status(cjm_options_set_breakdown(o, "a\nb"), CJM_ERR_INVALID);
    ck_assert_error_mentions("breakdown");
    char longest[CJM_ID_MAX + 2];
    memset(longest, 'k', CJM_ID_MAX + 1);
    longest[CJM_ID_MAX + 1] = '\0';
    ck_assert_status(cjm_options_set_breakdown(o, longest), CJM_ERR_INVALID);
    ck_assert_str_eq(cjm_options_breakdown(o), "@week"); /* left as it was */
    longest[CJM_ID_MAX] = '\0';
    ck_assert_ok(cjm_options_set_breakdown(o, longest));
    ck_assert_ok(cjm_options_set_breakdown(o, ""));
    ck_assert_ptr_null(cjm_options_breakdown(o));
    ck_assert_ok(cjm_options_set_breakdown(o, "plan"));
    ck_assert_ok(cjm_options_set_breakdown(o, NULL));
    ck_assert_ptr_null(cjm_options_breakdown(o));
    ck_assert_status(cjm_options_set_breakdown(NULL, "plan"), CJM_ERR_INVALID);
    ck_assert_status(cjm_options_set_max_segments(o, 0), CJM_ERR_RANGE);
    ck_assert_uint_eq(cjm_options_max_segments(o), 20);
    ck_assert_ok(cjm_options_set_max_segments(o, 1));
    ck_assert_uint_eq(cjm_options_max_segments(o), 1);
    ck_assert_status(cjm_options_set_max_segments(NULL, 3), CJM_ERR_INVALID);
    cjm_options_free(o);
}
END_TEST

START_TEST(no_breakdown_no_segments)
{
    cjm_journey *map = funnel_map();
    cjm_report *r = report_of(map, NULL, hand, HAND);
    ck_assert_ptr_null(cjm_report_breakdown(r));
    ck_assert_uint_eq(cjm_report_segment_count(r), 0);
    ck_assert_ptr_null(cjm_report_segment_value(r, 0));
    ck_assert(isnan(cjm_report_segment_mean_score(r, 0)));
    ck_assert(isnan(cjm_report_segment_stage_drop_rate(r, 0, 0)));
    for (size_t i = 0; i < cjm_report_gap_count(r); i++)
        ck_assert(!cjm_gap_has_segment(cjm_report_gap(r, i)));
    /* As tables: `breakdown`, `segments` and each gap's `segment` absent. */
    size_t breakdown, segments, segment;
    ck_assert_ok(cjm_table_column_find(&breakdown, CJM_TABLE_REPORT, "breakdown"));
    ck_assert_ok(cjm_table_column_find(&segments, CJM_TABLE_REPORT, "segments"));
    ck_assert_ok(cjm_table_column_find(&segment, CJM_TABLE_GAPS, "segment"));
    ck_assert(cjm_table_column_optional(CJM_TABLE_REPORT, breakdown));
    ck_assert(cjm_report_value_is_absent(r, CJM_TABLE_REPORT, 0, breakdown));
    ck_assert(cjm_report_value_is_absent(r, CJM_TABLE_REPORT, 0, segments));
    ck_assert_uint_gt(cjm_report_gap_count(r), 0);
    ck_assert(cjm_report_value_is_absent(r, CJM_TABLE_GAPS, 0, segment));
    ck_assert_uint_eq(cjm_report_row_count(r, CJM_TABLE_SEGMENTS), 0);
    cjm_report_free(r);
    /* With one: present, each segment's run of segment_stages. */
    cjm_options *o = options_with("plan");
    r = report_of(map, o, hand, HAND);
    ck_assert(!cjm_report_value_is_absent(r, CJM_TABLE_REPORT, 0, breakdown));
    const char *text = NULL;
    ck_assert_ok(cjm_report_value_text(&text, r, CJM_TABLE_REPORT, 0, breakdown));
    ck_assert_str_eq(text, "plan");
    ck_assert_uint_eq(cjm_report_row_count(r, CJM_TABLE_SEGMENTS), 3);
    ck_assert_uint_eq(cjm_report_row_count(r, CJM_TABLE_SEGMENT_STAGES), 9);
    size_t stages, dropped, first = 0, count = 0;
    ck_assert_ok(cjm_table_column_find(&stages, CJM_TABLE_SEGMENTS, "stages"));
    ck_assert_ok(cjm_report_child_rows(&first, &count, r, CJM_TABLE_SEGMENTS, 1, stages));
    ck_assert_uint_eq(first, 3);
    ck_assert_uint_eq(count, 3);
    uint64_t n = 0;
    ck_assert_ok(cjm_table_column_find(&dropped, CJM_TABLE_SEGMENT_STAGES, "dropped"));
    ck_assert_ok(cjm_report_value_count(&n, r, CJM_TABLE_SEGMENT_STAGES, first + 1, dropped));
    ck_assert_uint_eq(n, cjm_report_segment_stage_dropped(r, 1, 1));
    ck_assert_ok(cjm_report_value_text(&text, r, CJM_TABLE_SEGMENT_STAGES, first + 1, 0));
    ck_assert_str_eq(text, "c");
    cjm_report_free(r);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

static void check_stage(const cjm_report *r, size_t i, size_t s, uint64_t reached,
                        uint64_t funnel, uint64_t dropped, uint64_t silent, uint64_t feedback)
{
    ck_assert_uint_eq(cjm_report_segment_stage_reached(r, i, s), reached);
    ck_assert_uint_eq(cjm_report_segment_stage_funnel(r, i, s), funnel);
    ck_assert_uint_eq(cjm_report_segment_stage_dropped(r, i, s), dropped);
    ck_assert_uint_eq(cjm_report_segment_stage_silent_churn(r, i, s), silent);
    ck_assert_uint_eq(cjm_report_segment_stage_feedback(r, i, s), feedback);
    double rate = reached ? (double)dropped / (double)reached : 0.0;
    ck_assert(cjm_report_segment_stage_drop_rate(r, i, s) == rate);
}

/* free: u3 (drops at a, 0 on ad), u5 (plan late; drops at c, silent),
 * u7 (earliest event says free; drops at c, silent).
 * pro: u1 (completes; +1 at compare), u2 (drops at c; -1 at compare),
 * u6 (pro arrived first at time 1; drops at a, silent). null: u4. */
static void check_hand(const cjm_report *r)
{
    ck_assert_str_eq(cjm_report_breakdown(r), "plan");
    ck_assert_uint_eq(cjm_report_segment_count(r), 3);
    ck_assert_str_eq(cjm_report_segment_value(r, 0), "free");
    ck_assert_str_eq(cjm_report_segment_value(r, 1), "pro");
    ck_assert_ptr_null(cjm_report_segment_value(r, 2)); /* null last among equals */
    for (size_t i = 0; i < 3; i++)
        ck_assert(!cjm_report_segment_other(r, i));

    ck_assert_uint_eq(cjm_report_segment_customers(r, 0), 3);
    ck_assert_uint_eq(cjm_report_segment_events(r, 0), 5);
    ck_assert_uint_eq(cjm_report_segment_completed(r, 0), 0);
    ck_assert(cjm_report_segment_completion_rate(r, 0) == 0.0);
    ck_assert_uint_eq(cjm_report_segment_feedback(r, 0), 1);
    ck_assert(cjm_report_segment_mean_score(r, 0) == 0.0);
    check_stage(r, 0, 0, 3, 3, 1, 0, 1);
    check_stage(r, 0, 1, 2, 2, 2, 2, 0);
    check_stage(r, 0, 2, 0, 0, 0, 0, 0);
    ck_assert(cjm_report_segment_stage_mean_score(r, 0, 0) == 0.0);
    ck_assert(isnan(cjm_report_segment_stage_score_sd(r, 0, 0)));
    ck_assert(isnan(cjm_report_segment_stage_mean_score(r, 0, 1)));

    ck_assert_uint_eq(cjm_report_segment_customers(r, 1), 3);
    ck_assert_uint_eq(cjm_report_segment_events(r, 1), 7);
    ck_assert_uint_eq(cjm_report_segment_completed(r, 1), 1);
    ck_assert(cjm_report_segment_completion_rate(r, 1) == 1.0 / 3.0);
    ck_assert_uint_eq(cjm_report_segment_feedback(r, 1), 2);
    ck_assert(cjm_report_segment_mean_score(r, 1) == 0.0);
    check_stage(r, 1, 0, 3, 3, 1, 1, 0);
    check_stage(r, 1, 1, 2, 2, 1, 0, 2);
    check_stage(r, 1, 2, 1, 1, 0, 0, 0);
    ck_assert(cjm_report_segment_stage_mean_score(r, 1, 1) == 0.0);
    /* +1 and -1: S = 0, Q = 2e12, N = 4e12; sqrt(4e12 / 2) / 1e6. */
    ck_assert(cjm_report_segment_stage_score_sd(r, 1, 1) == sqrt(4e12 / 2.0) / 1e6);

    ck_assert_uint_eq(cjm_report_segment_customers(r, 2), 1);
    ck_assert_uint_eq(cjm_report_segment_events(r, 2), 3);
    ck_assert_uint_eq(cjm_report_segment_completed(r, 2), 1);
    ck_assert(cjm_report_segment_completion_rate(r, 2) == 1.0);
    ck_assert_uint_eq(cjm_report_segment_feedback(r, 2), 0);
    ck_assert(isnan(cjm_report_segment_mean_score(r, 2)));
    check_stage(r, 2, 0, 1, 1, 0, 0, 0);
    check_stage(r, 2, 1, 1, 1, 0, 0, 0);
    check_stage(r, 2, 2, 1, 1, 0, 0, 0);
    /* Past the end. */
    ck_assert_uint_eq(cjm_report_segment_customers(r, 3), 0);
    ck_assert_uint_eq(cjm_report_segment_stage_reached(r, 0, 3), 0);
    ck_assert(isnan(cjm_report_segment_completion_rate(r, 3)));
}

START_TEST(figures_by_hand)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = options_with("plan");
    cjm_report *r = report_of(map, o, hand, HAND);
    check_hand(r);
    /* Under min_customers (5) every entry: no segment gap. */
    for (size_t i = 0; i < cjm_report_gap_count(r); i++)
        ck_assert(!cjm_gap_has_segment(cjm_report_gap(r, i)));
    cjm_report_free(r);
    /* The same on many threads and on one. */
    ck_assert_ok(cjm_options_set_threads(o, 1));
    r = report_of(map, o, hand, HAND);
    check_hand(r);
    cjm_report_free(r);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* The same events through the columns calls, plain and dictionary. */
START_TEST(columns_path)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = options_with("plan");
    const char *customers[HAND], *touchpoints[HAND], *plans[HAND];
    int64_t at[HAND];
    double scores[HAND];
    int32_t codes[HAND];
    static const int64_t offsets[] = { 0, 3, 7, 11 };
    static const char *const names[] = { "pro", "free", "team" };
    for (size_t i = 0; i < HAND; i++) {
        customers[i] = hand[i].customer;
        touchpoints[i] = hand[i].touchpoint;
        plans[i] = hand[i].plan;
        at[i] = hand[i].at;
        scores[i] = hand[i].score;
        codes[i] = -1;
        for (int32_t k = 0; hand[i].plan && k < 3; k++)
            if (strcmp(hand[i].plan, names[k]) == 0)
                codes[i] = k;
    }
    cjm_dictionary_column dict = { codes, 3, offsets, "profreeteam" };
    for (int way = 0; way < 2; way++) {
        cjm_attribute_column cols[2] = {
            { "region", plans, NULL },
            { "plan", way ? NULL : plans, way ? &dict : NULL },
        };
        cjm_analysis *a = cjm_analysis_new(map, o);
        /* In two calls, so that a later call changes a segment. */
        ck_assert_ok(cjm_analysis_add_columns_with_attributes(
            a, HAND - 1, customers, at, touchpoints, NULL, NULL, scores, NULL, NULL, cols, 2));
        cols[0].values = plans + HAND - 1;
        cols[1].values = way ? NULL : plans + HAND - 1;
        int32_t last_code = codes[HAND - 1];
        cjm_dictionary_column last = { &last_code, 3, offsets, "profreeteam" };
        cols[1].dictionary = way ? &last : NULL;
        ck_assert_ok(cjm_analysis_add_columns_with_attributes(
            a, 1, customers + HAND - 1, at + HAND - 1, touchpoints + HAND - 1, NULL, NULL,
            scores + HAND - 1, NULL, NULL, cols, 2));
        cjm_report *r = NULL;
        ck_assert_ok(cjm_analysis_report(&r, a));
        check_hand(r);
        cjm_report_free(r);
        cjm_analysis_free(a);
    }
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* A failed call leaves every segment as it was: an event that would move
 * u7 back to "team" and a new customer, then an invalid event. */
START_TEST(failed_call_changes_nothing)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = options_with("plan");
    cjm_analysis *a = cjm_analysis_new(map, o);
    add_seg(a, hand, HAND);
    cjm_report *before = NULL, *after = NULL;
    ck_assert_ok(cjm_analysis_report(&before, a));
    const char *customers[] = { "u7", "u8", "u1" };
    const char *touchpoints[] = { "ad", "ad", "nowhere" };
    const char *plans[] = { "team", "pro", "pro" };
    int64_t at[] = { 0, 1, 1 };
    double scores[] = { 1, 1, NAN };
    cjm_attribute_column col = { "plan", plans, NULL };
    ck_assert_status(cjm_analysis_add_columns_with_attributes(a, 3, customers, at, touchpoints,
                                                              NULL, NULL, scores, NULL, NULL,
                                                              &col, 1),
                     CJM_ERR_INVALID);
    ck_assert_ok(cjm_analysis_report(&after, a));
    assert_reports_equal(before, after);
    cjm_report_free(before);
    cjm_report_free(after);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* Merge of any split, and the state, give the one analysis's report. */
START_TEST(merge_and_state)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = options_with("plan");
    for (unsigned split = 0; split < (1u << 10); split += 7) {
        /* The one analysis: x's events, then y's (merge's arrival order). */
        cjm_analysis *x = cjm_analysis_new(map, o), *y = cjm_analysis_new(map, o);
        cjm_analysis *one = cjm_analysis_new(map, o);
        for (size_t i = 0; i < HAND; i++) {
            bool to_y = (split >> (i % 10)) & 1;
            add_seg(to_y ? y : x, &hand[i], 1);
            if (!to_y)
                add_seg(one, &hand[i], 1);
        }
        for (size_t i = 0; i < HAND; i++)
            if ((split >> (i % 10)) & 1)
                add_seg(one, &hand[i], 1);
        cjm_report *whole = NULL;
        ck_assert_ok(cjm_analysis_report(&whole, one));
        cjm_analysis_free(one);
        ck_assert_ok(cjm_analysis_merge(x, y));
        void *bytes;
        size_t size;
        ck_assert_ok(cjm_analysis_serialize(&bytes, &size, x));
        cjm_analysis *z = NULL;
        ck_assert_ok(cjm_analysis_deserialize(&z, map, bytes, size));
        cjm_report *r = NULL, *s = NULL;
        ck_assert_ok(cjm_analysis_report(&r, x));
        ck_assert_ok(cjm_analysis_report(&s, z));
        assert_reports_equal(whole, r);
        assert_reports_equal(whole, s);
        cjm_report_free(r);
        cjm_report_free(s);
        cjm_report_free(whole);
        cjm_free(bytes);
        cjm_analysis_free(x);
        cjm_analysis_free(y);
        cjm_analysis_free(z);
    }
    /* Analyses broken down differently do not merge. */
    cjm_options *p = options_with("@day");
    cjm_analysis *x = cjm_analysis_new(map, o), *y = cjm_analysis_new(map, p);
    ck_assert_status(cjm_analysis_merge(x, y), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("breakdown");
    cjm_analysis_free(y);
    ck_assert_ok(cjm_options_set_breakdown(p, "plan"));
    ck_assert_ok(cjm_options_set_max_segments(p, 3));
    y = cjm_analysis_new(map, p);
    ck_assert_status(cjm_analysis_merge(x, y), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("max_segments");
    cjm_analysis_free(x);
    cjm_analysis_free(y);
    cjm_options_free(p);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* More than 32766 values: a customer's segment with a value from 32767
 * on is kept apart (segments.c), through adding, a failed call, merge and
 * the state. 33000 customers each with a value of its own; then w1..w3
 * name the 33000th value, then an earlier "late" (which wins), then a
 * value between the two times (which does not). */
enum { MANY = 33000 };

static void add_many(cjm_analysis *a, size_t from, size_t to)
{
    size_t n = to - from;
    const char **customers = malloc(n * sizeof *customers), **tps = malloc(n * sizeof *tps);
    const char **plans = malloc(n * sizeof *plans);
    char (*text)[2][16] = malloc(n * sizeof *text);
    int64_t *at = malloc(n * sizeof *at);
    for (size_t i = 0; i < n; i++) {
        snprintf(text[i][0], sizeof text[i][0], "m%zu", from + i);
        snprintf(text[i][1], sizeof text[i][1], "v%zu", from + i);
        customers[i] = text[i][0];
        plans[i] = text[i][1];
        tps[i] = "ad";
        at[i] = 10;
    }
    cjm_attribute_column col = { "plan", plans, NULL };
    ck_assert_ok(cjm_analysis_add_columns_with_attributes(a, n, customers, at, tps, NULL, NULL,
                                                          NULL, NULL, NULL, &col, 1));
    free(customers);
    free(tps);
    free(plans);
    free(text);
    free(at);
}

static const seg_event wide_events[] = {
    { "w1", 10, "ad", "v32999", 1 },  { "w2", 10, "ad", "v32999", 1 },
    { "w3", 10, "ad", "v32999", NAN }, { "w1", 5, "compare", "late", -1 },
    { "w2", 5, "compare", "late", NAN }, { "w3", 5, "compare", "late", NAN },
    { "w1", 7, "checkout", "v0", NAN },
};
#define WIDE_EVENTS (sizeof wide_events / sizeof *wide_events)

static void check_many(const cjm_report *r)
{
    ck_assert_uint_eq(cjm_report_segment_count(r), 2);
    ck_assert_str_eq(cjm_report_segment_value(r, 0), "late");
    ck_assert_uint_eq(cjm_report_segment_customers(r, 0), 3);
    ck_assert_uint_eq(cjm_report_segment_events(r, 0), WIDE_EVENTS);
    ck_assert_uint_eq(cjm_report_segment_feedback(r, 0), 3);
    ck_assert(cjm_report_segment_other(r, 1));
    ck_assert_uint_eq(cjm_report_segment_customers(r, 1), MANY);
    ck_assert_uint_eq(cjm_report_segment_feedback(r, 1), 0);
}

START_TEST(many_values)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = options_with("plan");
    ck_assert_ok(cjm_options_set_max_segments(o, 2));
    cjm_analysis *a = cjm_analysis_new(map, o);
    add_many(a, 0, MANY);
    add_seg(a, wide_events, WIDE_EVENTS);
    cjm_report *whole = NULL, *after = NULL;
    ck_assert_ok(cjm_analysis_report(&whole, a));
    check_many(whole);
    /* A failed call that would have moved w1 and w2 changes nothing. */
    const char *customers[] = { "w1", "w2", "w9" }, *tps[] = { "ad", "ad", "nowhere" };
    const char *plans[] = { "v1", "v33000", "v2" };
    int64_t at[] = { 1, 1, 1 };
    cjm_attribute_column col = { "plan", plans, NULL };
    ck_assert_status(cjm_analysis_add_columns_with_attributes(a, 3, customers, at, tps, NULL,
                                                              NULL, NULL, NULL, NULL, &col, 1),
                     CJM_ERR_INVALID);
    ck_assert_ok(cjm_analysis_report(&after, a));
    assert_reports_equal(whole, after);
    cjm_report_free(after);
    /* The state, and merges of two splits. */
    void *bytes;
    size_t size;
    ck_assert_ok(cjm_analysis_serialize(&bytes, &size, a));
    cjm_analysis *z = NULL;
    ck_assert_ok(cjm_analysis_deserialize(&z, map, bytes, size));
    assert_reports_equal(whole, after = report_and_free(z));
    cjm_report_free(after);
    cjm_free(bytes);
    cjm_analysis_free(a);
    for (int split = 0; split < 2; split++) {
        cjm_analysis *x = cjm_analysis_new(map, o), *y = cjm_analysis_new(map, o);
        add_many(x, 0, split ? MANY / 2 : MANY);
        if (split)
            add_many(y, MANY / 2, MANY);
        add_seg(y, wide_events, WIDE_EVENTS);
        ck_assert_ok(cjm_analysis_merge(x, y));
        cjm_analysis_free(y);
        assert_reports_equal(whole, after = report_and_free(x));
        cjm_report_free(after);
    }
    cjm_report_free(whole);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* Many periods, arriving newest first: every day its own cohort, in day
 * order; a report that runs out of memory on the way fails cleanly. */
START_TEST(many_periods)
{
    enum { DAYS = 150 };
    cjm_journey *map = funnel_map();
    cjm_options *o = options_with("@day");
    cjm_analysis *a = cjm_analysis_new(map, o);
    for (int d = DAYS - 1; d >= 0; d--) {
        char id[16];
        snprintf(id, sizeof id, "d%d", d);
        /* 2026-01-01 plus d days, and a later event of the same customer. */
        int64_t at = INT64_C(1767225600000) + (int64_t)d * 86400000;
        ck_assert_ok(cjm_analysis_add(a, id, at + 86400000 * 3, "compare", NULL, NULL));
        ck_assert_ok(cjm_analysis_add(a, id, at, "ad", NULL, NULL));
    }
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    ck_assert_uint_eq(cjm_report_segment_count(r), DAYS);
    ck_assert_str_eq(cjm_report_segment_value(r, 0), "2026-01-01");
    ck_assert_str_eq(cjm_report_segment_value(r, 31), "2026-02-01");
    ck_assert_str_eq(cjm_report_segment_value(r, DAYS - 1), "2026-05-30");
    for (size_t i = 0; i < DAYS; i++)
        ck_assert_uint_eq(cjm_report_segment_customers(r, i), 1);
    failalloc_install();
    for (long n = 1;; n++) {
        cjm_report *f = NULL;
        failalloc_arm(n, false);
        cjm_status rc = cjm_analysis_report(&f, a);
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (tripped && rc != CJM_OK) {
            ck_assert_status(rc, CJM_ERR_NOMEM);
            ck_assert_ptr_null(f);
        } else {
            ck_assert_ok(rc);
            assert_reports_equal(r, f);
        }
        cjm_report_free(f);
        if (!tripped)
            break;
    }
    failalloc_uninstall();
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* ISO weeks across a year end: 2026 has 53 (it starts on a Thursday). */
START_TEST(cohorts_across_a_year_end)
{
    cjm_journey *map = funnel_map();
    static const struct { const char *customer; const char *time; } firsts[] = {
        { "w1", "2025-12-29T00:00:00Z" }, /* Monday: 2026-W01 */
        { "w2", "2026-01-01T12:00:00Z" }, /* Thursday: 2026-W01 */
        { "w3", "2026-12-28T00:00:00Z" }, /* Monday: 2026-W53 */
        { "w4", "2027-01-03T23:59:59.999Z" }, /* Sunday: still 2026-W53 */
        { "w5", "2027-01-04T00:00:00Z" }, /* Monday: 2027-W01 */
        { "w6", "0000-01-01T00:00:00Z" }, /* a Saturday: -0001-W52 */
    };
    static const char *const weeks[] = { "-0001-W52", "2026-W01", "2026-W53", "2027-W01" };
    static const uint64_t week_customers[] = { 1, 2, 2, 1 };
    static const char *const months[] = { "0000-01", "2025-12", "2026-01", "2026-12",
                                           "2027-01" };
    static const char *const days[] = { "0000-01-01", "2025-12-29", "2026-01-01",
                                        "2026-12-28", "2027-01-03", "2027-01-04" };
    const char *breakdowns[] = { "@week", "@month", "@day" };
    const char *const *labels[] = { weeks, months, days };
    size_t counts[] = { 4, 5, 6 };
    for (int k = 0; k < 3; k++) {
        cjm_options *o = options_with(breakdowns[k]);
        ck_assert_ok(cjm_options_set_max_segments(o, 1)); /* cohorts are never pooled */
        cjm_analysis *a = cjm_analysis_new(map, o);
        for (size_t i = 0; i < sizeof firsts / sizeof *firsts; i++) {
            int64_t t;
            ck_assert_ok(cjm_time_parse(&t, firsts[i].time));
            /* A later event first: the cohort is the first event's. */
            ck_assert_ok(cjm_analysis_add(a, firsts[i].customer, t + 86400000 * 9, "compare",
                                          NULL, NULL));
            ck_assert_ok(cjm_analysis_add(a, firsts[i].customer, t, "ad", NULL, NULL));
        }
        cjm_report *r = NULL;
        ck_assert_ok(cjm_analysis_report(&r, a));
        ck_assert_str_eq(cjm_report_breakdown(r), breakdowns[k]);
        ck_assert_uint_eq(cjm_report_segment_count(r), counts[k]);
        for (size_t i = 0; i < counts[k]; i++) {
            ck_assert_str_eq(cjm_report_segment_value(r, i), labels[k][i]);
            ck_assert(!cjm_report_segment_other(r, i));
            if (k == 0)
                ck_assert_uint_eq(cjm_report_segment_customers(r, i), week_customers[i]);
        }
        cjm_report_free(r);
        cjm_analysis_free(a);
        cjm_options_free(o);
    }
    cjm_journey_free(map);
}
END_TEST

/* Four values: a (4 customers), b (3), null (2), c (2). */
START_TEST(pooling)
{
    cjm_journey *map = funnel_map();
    seg_event events[11];
    static const char *const plans[] = { "a", "a", "a", "a", "b", "b", "b", NULL, NULL, "c",
                                         "c" };
    char names[11][4];
    for (int i = 0; i < 11; i++) {
        snprintf(names[i], sizeof names[i], "p%d", i);
        events[i] = (seg_event){ names[i], 1, "ad", plans[i], NAN };
    }
    static const struct { uint64_t most; size_t count; const char *values[4]; bool other;
                          uint64_t last; } cases[] = {
        { 1, 1, { NULL }, true, 11 },
        { 2, 2, { "a", NULL }, true, 7 },
        { 3, 3, { "a", "b", NULL }, true, 4 },
        { 4, 4, { "a", "b", "c", NULL }, false, 2 },
        { 50, 4, { "a", "b", "c", NULL }, false, 2 },
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        cjm_options *o = options_with("plan");
        ck_assert_ok(cjm_options_set_max_segments(o, cases[k].most));
        cjm_report *r = report_of(map, o, events, 11);
        ck_assert_uint_eq(cjm_report_segment_count(r), cases[k].count);
        size_t last = cases[k].count - 1;
        for (size_t i = 0; i < cases[k].count; i++) {
            ck_assert_pstr_eq(cjm_report_segment_value(r, i), cases[k].values[i]);
            ck_assert_int_eq(cjm_report_segment_other(r, i), cases[k].other && i == last);
        }
        ck_assert_uint_eq(cjm_report_segment_customers(r, last), cases[k].last);
        cjm_report_free(r);
        cjm_options_free(o);
    }
    cjm_journey_free(map);
}
END_TEST

/* Segment A: n1 reach a, d1 leave there; segment B likewise; the others
 * complete. */
static void add_drops(cjm_analysis *a, const char *plan, int n, int d)
{
    for (int i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "%s-%d", plan ? plan : "none", i);
        seg_event e[3] = { { id, 1, "ad", plan, NAN }, { id, 2, "compare", NULL, NAN },
                           { id, 3, "checkout", NULL, NAN } };
        add_seg(a, e, i < d ? 1 : 3);
    }
}

static size_t count_kind(const cjm_report *r, cjm_gap_kind kind, const cjm_gap **found)
{
    size_t n = 0;
    for (size_t i = 0; i < cjm_report_gap_count(r); i++)
        if (cjm_gap_kind_of(cjm_report_gap(r, i)) == kind) {
            if (found && !n)
                *found = cjm_report_gap(r, i);
            n++;
        }
    return n;
}

/* An analysis broken down by plan whose segment gaps are tested at
 * `confidence`, with at most `most` entries (0: the default). */
static cjm_analysis *plan_analysis(const cjm_journey *map, double confidence, uint64_t most)
{
    cjm_options *o = options_with("plan");
    ck_assert_ok(cjm_options_set_confidence(o, confidence));
    if (most)
        ck_assert_ok(cjm_options_set_max_segments(o, most));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    return a;
}

static cjm_report *drops_report(const cjm_journey *map, double confidence, const char *plan1,
                                int n1, int d1, const char *plan2, int n2, int d2)
{
    cjm_analysis *a = plan_analysis(map, confidence, 0);
    add_drops(a, plan1, n1, d1);
    add_drops(a, plan2, n2, d2);
    return report_and_free(a);
}

/* The upper tail of the standard normal. */
static double upper(double z) { return 0.5 * erfc(z / sqrt(2.0)); }

START_TEST(drop_off_boundary)
{
    cjm_journey *map = funnel_map();
    /* A: 6 of 10 leave at a; B: 2 of 10. p = 0.4, z = 0.4 / sqrt(0.24 * 0.2). */
    double z = (0.6 - 0.2) / sqrt(0.4 * (1 - 0.4) * (1.0 / 10 + 1.0 / 10));
    /* Two entries tested at two non-final stages: m = 4. The confidence at
     * which z_c equals z, and one a hair either side. */
    double at_z = 1 - 4 * upper(z);
    cjm_report *r = drops_report(map, at_z * (1 - 1e-9), "A", 10, 6, "B", 10, 2);
    const cjm_gap *g = NULL;
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, &g), 1);
    ck_assert_str_eq(cjm_gap_stage(g), "a");
    ck_assert_str_eq(cjm_gap_segment(g), "A");
    ck_assert(cjm_gap_has_segment(g));
    ck_assert(cjm_gap_value(g) == 0.6);
    ck_assert_uint_eq(cjm_gap_count(g), 6);
    ck_assert(fabs(cjm_gap_severity(g) - 0.4) < 1e-15);
    ck_assert_str_eq(cjm_gap_message(g), "Customers with plan=A leave at Aware more often "
                                         "than the others: 60% vs 20%");
    cjm_report_free(r);
    r = drops_report(map, at_z * (1 + 1e-9), "A", 10, 6, "B", 10, 2);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, NULL), 0);
    cjm_report_free(r);
    /* Confidence 0: any higher rate over enough customers. */
    r = drops_report(map, 0, "A", 10, 3, "B", 10, 2);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, NULL), 1);
    cjm_report_free(r);
    /* The null segment is tested and named as none. */
    r = drops_report(map, 0.5, NULL, 10, 6, "B", 10, 2);
    g = NULL;
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, &g), 1);
    ck_assert_ptr_null(cjm_gap_segment(g));
    ck_assert(cjm_gap_has_segment(g));
    ck_assert_str_eq(cjm_gap_message(g), "Customers without plan leave at Aware more often "
                                         "than the others: 60% vs 20%");
    size_t segment;
    ck_assert_ok(cjm_table_column_find(&segment, CJM_TABLE_GAPS, "segment"));
    for (size_t i = 0; i < cjm_report_gap_count(r); i++) {
        bool about = cjm_gap_has_segment(cjm_report_gap(r, i));
        ck_assert_int_eq(cjm_report_value_is_absent(r, CJM_TABLE_GAPS, i, segment), !about);
        ck_assert(!about || cjm_report_value_is_null(r, CJM_TABLE_GAPS, i, segment));
    }
    cjm_report_free(r);
    /* p (1 - p) = 0: everybody leaves at a, so no test. */
    r = drops_report(map, 0, "A", 10, 10, "B", 10, 10);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, NULL), 0);
    cjm_report_free(r);
    /* A segment with all customers has no rest to compare with. */
    r = drops_report(map, 0, "A", 10, 6, "A", 0, 0);
    ck_assert_uint_eq(cjm_report_segment_count(r), 1);
    ck_assert_uint_eq(cjm_report_segment_customers(r, 0), cjm_report_customers(r));
    ck_assert_uint_eq(cjm_report_segment_stage_dropped(r, 0, 0), cjm_report_stage_dropped(r, 0));
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, NULL), 0);
    cjm_report_free(r);
    /* Below min_customers (5) on either side: no test. */
    r = drops_report(map, 0, "A", 4, 4, "B", 10, 0);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, NULL), 0);
    cjm_report_free(r);
    /* max_segments 1: the only entry is the pooled one, never tested. */
    cjm_analysis *a = plan_analysis(map, 0, 1);
    add_drops(a, "A", 10, 6);
    add_drops(a, "B", 10, 2);
    r = report_and_free(a);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, NULL), 0);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

/* Two stages: m = 1 for kind 13 with one entry tested (the other pooled). */
START_TEST(one_test_and_many)
{
    cjm_journey *map = cjm_journey_new("two", "Two");
    cjm_stage *s1, *s2;
    cjm_touchpoint *t;
    ck_assert_ok(cjm_journey_add_stage(&s1, map, "a", "Aware"));
    ck_assert_ok(cjm_journey_add_stage(&s2, map, "b", "Buy"));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, s1, "ad", "Ad", "web"));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, s2, "checkout", "Checkout", "web"));
    double z = (0.6 - 0.2) / sqrt(0.4 * (1 - 0.4) * (1.0 / 10 + 1.0 / 10));
    double at_z = 1 - upper(z); /* m = 1 */
    for (int side = 0; side < 2; side++) {
        cjm_analysis *a = plan_analysis(map, at_z * (side ? 1 + 1e-9 : 1 - 1e-9), 2);
        for (int i = 0; i < 20; i++) {
            char id[16];
            snprintf(id, sizeof id, "t%d", i);
            /* A: t0..t9, 6 leave; B and C (the pooled rest): 2 of 10 leave. */
            const char *plan = i < 10 ? "A" : i < 15 ? "B" : "C";
            seg_event e[2] = { { id, 1, "ad", plan, NAN }, { id, 2, "checkout", NULL, NAN } };
            add_seg(a, e, (i < 6 || (i >= 10 && i < 12)) ? 1 : 2);
        }
        cjm_report *r = report_and_free(a);
        ck_assert_uint_eq(cjm_report_segment_count(r), 2);
        ck_assert(cjm_report_segment_other(r, 1));
        ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, NULL), side ? 0 : 1);
        cjm_report_free(r);
    }
    cjm_journey_free(map);
    /* m large: 100 entries tested at two non-final stages (m = 200) hide a
     * difference that m = 4 shows at confidence 0.5. */
    map = funnel_map();
    cjm_report *r = drops_report(map, 0.5, "A", 10, 6, "B", 10, 2);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, NULL), 1);
    cjm_report_free(r);
    cjm_analysis *a = plan_analysis(map, 0.5, 1000);
    add_drops(a, "A", 10, 6);
    add_drops(a, "B", 10, 2);
    for (int i = 0; i < 98; i++) {
        /* Each its own value, never at a: the rest at a stays B. */
        char id[16];
        snprintf(id, sizeof id, "single-%02d", i);
        seg_event e[2] = { { id, 1, "compare", id, NAN }, { id, 2, "checkout", NULL, NAN } };
        add_seg(a, e, 2);
    }
    r = report_and_free(a);
    ck_assert_uint_eq(cjm_report_segment_count(r), 100);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_DROP_OFF, NULL), 0);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

/* Feedback at compare (stage c) on [-2, 2]: segment A's scores, then B's. */
static cjm_report *pain_report(const cjm_journey *map, double confidence, double threshold,
                               const double *sa, int na, const double *sb, int nb)
{
    cjm_options *o = options_with("plan");
    ck_assert_ok(cjm_options_set_confidence(o, confidence));
    ck_assert_ok(cjm_options_set_pain_threshold(o, threshold));
    cjm_analysis *a = cjm_analysis_new(map, o);
    for (int i = 0; i < na + nb; i++) {
        char id[16];
        snprintf(id, sizeof id, "f%d", i);
        seg_event e = { id, 1, "compare", i < na ? "A" : "B", i < na ? sa[i] : sb[i - na] };
        add_seg(a, &e, 1);
    }
    cjm_options_free(o);
    return report_and_free(a);
}

START_TEST(pain_boundary)
{
    cjm_journey *map = funnel_map();
    /* A: -2, -1, -1, 0 (normalized -1, -0.5, -0.5, 0): mean -0.5;
     * B: 0, 1, 1, 2 (0, 0.5, 0.5, 1): mean 0.5. Both sd sqrt(1/6). */
    static const double sa[] = { -2, -1, -1, 0 }, sb[] = { 0, 1, 1, 2 };
    double sd = sqrt(1.0 / 6.0);
    double z = (0.5 - -0.5) / sqrt(sd * sd / 4 + sd * sd / 4);
    double at_z = 1 - 6 * upper(z); /* two entries, three stages: m = 6 */
    cjm_report *r = pain_report(map, at_z * (1 - 1e-9), 0.0, sa, 4, sb, 4);
    const cjm_gap *g = NULL;
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_PAIN, &g), 1);
    ck_assert_str_eq(cjm_gap_stage(g), "c");
    ck_assert_str_eq(cjm_gap_segment(g), "A");
    ck_assert(cjm_gap_value(g) == -0.5);
    ck_assert_uint_eq(cjm_gap_count(g), 4);
    ck_assert(cjm_gap_severity(g) == 0.5);
    ck_assert_str_eq(cjm_gap_message(g), "Customers with plan=A are unhappier at Consider than "
                                         "the others: mean score -0.50 vs 0.50");
    ck_assert_uint_eq(cjm_report_segment_stage_feedback(r, 0, 1), 4);
    ck_assert(fabs(cjm_report_segment_stage_score_sd(r, 0, 1) - sd) < 1e-15);
    cjm_report_free(r);
    r = pain_report(map, at_z * (1 + 1e-9), 0.0, sa, 4, sb, 4);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_PAIN, NULL), 0);
    cjm_report_free(r);
    /* Unhappier than the rest but above the pain threshold: no gap ... */
    static const double ha[] = { 0, 1, 1, 1 }, hb[] = { 2, 2, 2, 1 };
    r = pain_report(map, 0.5, 0.0, ha, 4, hb, 4);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_PAIN, NULL), 0);
    cjm_report_free(r);
    /* ... until the threshold is above its mean (0.375). */
    r = pain_report(map, 0.5, 0.5, ha, 4, hb, 4);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_PAIN, NULL), 1);
    cjm_report_free(r);
    /* No spread on either side: the denominator is 0, no test. */
    static const double flat_a[] = { -2, -2 }, flat_b[] = { 2, 2 };
    r = pain_report(map, 0, 0.0, flat_a, 2, flat_b, 2);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_PAIN, NULL), 0);
    cjm_report_free(r);
    /* One item on a side is not enough (max(2, min_feedback)). */
    r = pain_report(map, 0, 0.0, sa, 1, sb, 4);
    ck_assert_uint_eq(count_kind(r, CJM_GAP_SEGMENT_PAIN, NULL), 0);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

/* Gaps of one kind, severity and stage tie: by the segment's place. */
START_TEST(gap_order_by_segment)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = plan_analysis(map, 0, 0);
    add_drops(a, "X", 10, 5);
    add_drops(a, "Y", 10, 5);
    add_drops(a, "Z", 20, 0);
    cjm_report *r = report_and_free(a);
    const char *seen[2] = { NULL, NULL };
    size_t n = 0;
    for (size_t i = 0; i < cjm_report_gap_count(r); i++) {
        const cjm_gap *g = cjm_report_gap(r, i);
        if (cjm_gap_kind_of(g) == CJM_GAP_SEGMENT_DROP_OFF && n < 2)
            seen[n++] = cjm_gap_segment(g);
    }
    ck_assert_uint_eq(n, 2);
    /* Z first (20 customers), then X and Y by value. */
    ck_assert_str_eq(cjm_report_segment_value(r, 0), "Z");
    ck_assert_str_eq(seen[0], "X");
    ck_assert_str_eq(seen[1], "Y");
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

/* Allocation failure on the new paths: adding with a breakdown, merging,
 * reporting, the state. A failing call leaves the analysis as it was. */
START_TEST(allocation_failure)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = options_with("plan");
    ck_assert_ok(cjm_options_set_threads(o, 1));
    failalloc_install();
    for (int step = 0; step < 5; step++) {
        for (long n = 1;; n++) {
            cjm_analysis *a = cjm_analysis_new(map, o), *b = cjm_analysis_new(map, o);
            add_seg(a, hand, HAND / 2);
            add_seg(b, hand + HAND / 2, HAND - HAND / 2);
            cjm_report *before = NULL, *after = NULL, *r = NULL;
            ck_assert_ok(cjm_analysis_report(&before, a));
            void *bytes = NULL;
            size_t size = 0;
            cjm_analysis *z = NULL;
            const char *customers[] = { "u1", "n1" }, *tps[] = { "ad", "compare" };
            const char *plans[] = { "early", "new" };
            int64_t at[] = { 0, 4 };
            double scores[] = { 1, -1 };
            cjm_attribute_column col = { "plan", plans, NULL };
            cjm_event *e = step == 1 ? cjm_event_new() : NULL;
            failalloc_arm(n, false);
            cjm_status rc;
            switch (step) {
            case 0:
                rc = cjm_analysis_add_columns_with_attributes(a, 2, customers, at, tps, NULL,
                                                              NULL, scores, NULL, NULL, &col, 1);
                break;
            case 1:
                rc = e ? CJM_OK : CJM_ERR_NOMEM;
                if (rc == CJM_OK && (rc = cjm_event_set_customer(e, "u2")) == CJM_OK &&
                    (rc = cjm_event_set_at(e, 0)) == CJM_OK &&
                    (rc = cjm_event_set_touchpoint(e, "site")) == CJM_OK &&
                    (rc = cjm_event_set_attribute(e, "plan", "earliest")) == CJM_OK &&
                    (rc = cjm_event_set_feedback(e, 2, -2, 2)) == CJM_OK)
                    rc = cjm_analysis_add_event(a, e);
                break;
            case 2:
                rc = cjm_analysis_merge(a, b);
                break;
            case 3:
                rc = cjm_analysis_report(&r, a);
                break;
            default:
                rc = cjm_analysis_serialize(&bytes, &size, a);
                if (rc == CJM_OK)
                    rc = cjm_analysis_deserialize(&z, map, bytes, size);
                break;
            }
            bool tripped = failalloc_tripped();
            failalloc_arm(0, false);
            /* A failed allocation of nothing (an empty table) is no failure. */
            if (tripped && rc != CJM_OK) {
                ck_assert_msg(rc == CJM_ERR_NOMEM, "step %d, allocation %ld: %s (%s)", step, n,
                              cjm_status_name(rc), cjm_last_error());
                ck_assert_ok(cjm_analysis_report(&after, a));
                assert_reports_equal(before, after);
            } else {
                ck_assert_msg(rc == CJM_OK, "step %d: %s", step, cjm_last_error());
            }
            cjm_event_free(e);
            cjm_report_free(before);
            cjm_report_free(after);
            cjm_report_free(r);
            cjm_free(bytes);
            cjm_analysis_free(z);
            cjm_analysis_free(a);
            cjm_analysis_free(b);
            ck_assert_msg(failalloc_live() == 0, "step %d leaked at %ld", step, n);
            if (!tripped)
                break;
        }
    }
    failalloc_uninstall();
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_segments(void)
{
    Suite *s = suite_create("segments");
    TCase *tc = tcase_create("segments");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, options);
    tcase_add_test(tc, no_breakdown_no_segments);
    tcase_add_test(tc, figures_by_hand);
    tcase_add_test(tc, columns_path);
    tcase_add_test(tc, failed_call_changes_nothing);
    tcase_add_test(tc, merge_and_state);
    tcase_add_test(tc, many_values);
    tcase_add_test(tc, many_periods);
    tcase_add_test(tc, cohorts_across_a_year_end);
    tcase_add_test(tc, pooling);
    tcase_add_test(tc, drop_off_boundary);
    tcase_add_test(tc, one_test_and_many);
    tcase_add_test(tc, pain_boundary);
    tcase_add_test(tc, gap_order_by_segment);
    tcase_add_test(tc, allocation_failure);
    suite_add_tcase(s, tc);
    return s;
}
