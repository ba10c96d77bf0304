/* The cjm-report document: every figure equals the report handle's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <cjm/json.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../common/whole-file.h"
#include "../../bench/generate.h"
#include "../suites.h"

static void same_count(json_t *obj, const char *key, uint64_t want)
{
    json_t *v = json_object_get(obj, key);
    ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
    ck_assert_int_eq(json_integer_value(v), want);
}

static void same_real(json_t *obj, const char *key, double want)
{
    json_t *v = json_object_get(obj, key);
    if (isnan(want)) {
        ck_assert_msg(json_is_null(v), "%s should be null", key);
        return;
    }
    ck_assert_msg(json_is_real(v), "%s is not a real", key);
    ck_assert_msg(json_real_value(v) == want, "%s: %.17g != %.17g", key, json_real_value(v),
                  want);
}

static void same_text(json_t *obj, const char *key, const char *want)
{
    json_t *v = json_object_get(obj, key);
    if (!want) {
        ck_assert_msg(json_is_null(v), "%s should be null", key);
        return;
    }
    ck_assert_str_eq(json_string_value(v), want);
}

/* The number of members of a row object the description gives a table:
 * columns without a dot, and one object per run of columns with a dot. */
static size_t members_of(cjm_table t)
{
    size_t n = 0;
    const char *last = NULL;
    size_t last_len = 0;
    for (size_t c = 0; c < cjm_table_column_count(t); c++) {
        const char *name = cjm_table_column_name(t, c), *dot = strchr(name, '.');
        size_t len = dot ? (size_t)(dot - name) : strlen(name);
        if (dot && last && len == last_len && strncmp(name, last, len) == 0)
            continue;
        n++;
        last = dot ? name : NULL;
        last_len = len;
    }
    return n;
}

static void check_document(const char *text, const cjm_report *r)
{
    json_error_t error;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &error);
    ck_assert_msg(doc != NULL, "not JSON: %s", error.text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "format")), "cjm-report");
    same_count(doc, "version", 2);
    same_text(doc, "journey", cjm_report_journey(r));
    json_t *totals = json_object_get(doc, "totals");
    same_count(totals, "customers", cjm_report_customers(r));
    same_count(totals, "events", cjm_report_events(r));
    same_count(totals, "feedback", cjm_report_feedback(r));
    same_count(totals, "map_feedback", cjm_report_map_feedback(r));
    same_count(totals, "completed", cjm_report_completed(r));
    same_count(totals, "rejected", cjm_report_rejected(r));
    same_count(doc, "map_channel_switches", cjm_report_map_channel_switches(r));
    json_t *stages = json_object_get(doc, "stages");
    ck_assert_int_eq(json_array_size(stages), cjm_report_stage_count(r));
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        json_t *s = json_array_get(stages, i);
        int64_t median = cjm_report_stage_median_transition_ms(r, i);
        same_text(s, "id", cjm_report_stage_id(r, i));
        same_count(s, "reached", cjm_report_stage_reached(r, i));
        same_count(s, "dropped", cjm_report_stage_dropped(r, i));
        same_real(s, "drop_rate", cjm_report_stage_drop_rate(r, i));
        same_count(s, "silent_churn", cjm_report_stage_silent_churn(r, i));
        same_count(s, "feedback", cjm_report_stage_feedback(r, i));
        same_real(s, "mean_score", cjm_report_stage_mean_score(r, i));
        same_count(s, "map_feedback", cjm_report_stage_map_feedback(r, i));
        same_real(s, "map_mean_score", cjm_report_stage_map_mean_score(r, i));
        if (median == CJM_UNSET)
            ck_assert(json_is_null(json_object_get(s, "median_transition_ms")));
        else
            same_count(s, "median_transition_ms", (uint64_t)median);
        same_count(s, "switch_customers", cjm_report_stage_switch_customers(r, i));
        ck_assert_int_eq(json_object_size(s), members_of(CJM_TABLE_STAGES));
    }
    json_t *tps = json_object_get(doc, "touchpoints");
    ck_assert_int_eq(json_array_size(tps), cjm_report_touchpoint_count(r));
    for (size_t i = 0; i < cjm_report_touchpoint_count(r); i++) {
        json_t *t = json_array_get(tps, i);
        same_text(t, "id", cjm_report_touchpoint_id(r, i));
        same_text(t, "stage", cjm_report_touchpoint_stage(r, i));
        ck_assert_int_eq(json_is_true(json_object_get(t, "planned")),
                         cjm_report_touchpoint_planned(r, i));
        same_text(t, "channel", cjm_report_touchpoint_channel(r, i));
        same_count(t, "events", cjm_report_touchpoint_events(r, i));
        same_count(t, "customers", cjm_report_touchpoint_customers(r, i));
        same_count(t, "feedback", cjm_report_touchpoint_feedback(r, i));
        same_real(t, "mean_score", cjm_report_touchpoint_mean_score(r, i));
        same_count(t, "map_feedback", cjm_report_touchpoint_map_feedback(r, i));
        same_real(t, "map_mean_score", cjm_report_touchpoint_map_mean_score(r, i));
        ck_assert_int_eq(json_object_size(t), members_of(CJM_TABLE_TOUCHPOINTS));
    }
    json_t *channels = json_object_get(doc, "channels");
    json_t *events = json_object_get(channels, "events");
    ck_assert_int_eq(json_object_size(events), cjm_report_channel_count(r));
    const char *key;
    json_t *value;
    size_t i = 0;
    json_object_foreach(events, key, value) {
        ck_assert_str_eq(key, cjm_report_channel(r, i)); /* byte order kept */
        ck_assert_int_eq(json_integer_value(value), cjm_report_channel_events(r, i));
        i++;
    }
    same_count(channels, "switches", cjm_report_switches(r));
    same_count(channels, "multichannel_customers", cjm_report_multichannel_customers(r));
    json_t *matrix = json_object_get(channels, "matrix");
    ck_assert_int_eq(json_array_size(matrix), cjm_report_matrix_count(r));
    for (i = 0; i < cjm_report_matrix_count(r); i++) {
        json_t *m = json_array_get(matrix, i);
        same_text(m, "from", cjm_report_matrix_from(r, i));
        same_text(m, "to", cjm_report_matrix_to(r, i));
        same_count(m, "count", cjm_report_matrix_switches(r, i));
    }
    json_t *bt = json_object_get(doc, "backtracks");
    same_count(bt, "total", cjm_report_backtracks(r));
    same_count(bt, "customers", cjm_report_backtrack_customers(r));
    json_t *pairs = json_object_get(bt, "pairs");
    ck_assert_int_eq(json_array_size(pairs), cjm_report_backtrack_pair_count(r));
    for (i = 0; i < cjm_report_backtrack_pair_count(r); i++) {
        json_t *p = json_array_get(pairs, i);
        same_text(p, "from", cjm_report_backtrack_from(r, i));
        same_text(p, "to", cjm_report_backtrack_to(r, i));
        same_count(p, "count", cjm_report_backtrack_pair_backtracks(r, i));
        same_count(p, "customers", cjm_report_backtrack_pair_customers(r, i));
    }
    json_t *gaps = json_object_get(doc, "gaps");
    ck_assert_int_eq(json_array_size(gaps), cjm_report_gap_count(r));
    for (i = 0; i < cjm_report_gap_count(r); i++) {
        json_t *g = json_array_get(gaps, i);
        const cjm_gap *h = cjm_report_gap(r, i);
        same_text(g, "kind", cjm_gap_kind_name(cjm_gap_kind_of(h)));
        same_text(g, "stage", cjm_gap_stage(h));
        same_text(g, "touchpoint", cjm_gap_touchpoint(h));
        same_text(g, "to_stage", cjm_gap_to_stage(h));
        same_real(g, "value", cjm_gap_value(h));
        same_count(g, "count", cjm_gap_count(h));
        same_real(g, "severity", cjm_gap_severity(h));
        same_text(g, "message", cjm_gap_message(h));
    }
    json_decref(doc);
}

START_TEST(report_equals_the_handle)
{
    /* The benchmark's data, and the hand-worked funnel dataset. */
    cjm_journey *map = gen_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 65536), 0);
    gen_start(&g, 42, test_size(200000));
    while (gen_next(&g, &b))
        ck_assert_ok(cjm_analysis_add_columns(a, b.count, b.customers, b.at, b.touchpoints,
                                              b.channels, b.stages, b.scores, b.scale_min,
                                              b.scale_max));
    gen_batch_free(&b);
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    ck_assert_int_gt(cjm_report_gap_count(r), 10);
    for (unsigned flags = 0; flags <= CJM_JSON_COMPACT; flags++) {
        char *text = NULL;
        size_t length;
        ck_assert_ok(cjm_json_write_report(&text, &length, r, flags));
        check_document(text, r);
        cjm_free(text);
    }
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_journey_free(map);

    map = funnel_map();
    a = cjm_analysis_new(map, NULL);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    ck_assert_ok(cjm_analysis_report(&r, a));
    char *text = NULL;
    ck_assert_ok(cjm_json_write_report(&text, NULL, r, 0));
    check_document(text, r);
    /* Undefined figures are null; whole rates are still numbers. */
    ck_assert_ptr_nonnull(strstr(text, "\"mean_score\": null"));
    ck_assert_ptr_nonnull(strstr(text, "\"median_transition_ms\": null"));
    ck_assert_ptr_nonnull(strstr(text, "\"drop_rate\": 0.40000000000000002"));
    cjm_free(text);
    FILE *f = tmpfile();
    ck_assert_ok(cjm_json_write_report_file(f, r, CJM_JSON_COMPACT));
    ck_assert_int_gt(ftell(f), 100);
    fclose(f);
    ck_assert_status(cjm_json_write_report_path("/nonexistent/r.json", r, 0), CJM_ERR_IO);
    ck_assert_status(cjm_json_write_report(&text, NULL, NULL, 0), CJM_ERR_INVALID);
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

static cjm_status write_report(const char *path, const void *report)
{
    return cjm_json_write_report_path(path, report, 0);
}

START_TEST(path_whole_or_not_at_all)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    check_path_whole_or_not_at_all(write_report, r, "cjm_json_write_report_path");
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* The JSON report of all the events equals, byte for byte, the report of
 * parts made in any split (by customer, by event), sent as bytes and
 * merged: every figure of version 2, score_sd and score_high included,
 * is exact. */
static char *json_of(const cjm_analysis *a)
{
    cjm_report *r = NULL;
    char *text = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    ck_assert_ok(cjm_json_write_report(&text, NULL, r, 0));
    cjm_report_free(r);
    return text;
}

/* With each breakdown too: an attribute some events carry (five values,
 * three listed and the rest pooled), and a cohort. */
static const char *const breakdowns[] = { NULL, "plan", "@week" };
static const char *const plans[] = { "pro", NULL, "free", "team", NULL, "edu", "gov" };

START_TEST(splits_give_the_same_document)
{
    cjm_journey *map = gen_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_breakdown(o, breakdowns[_i]));
    ck_assert_ok(cjm_options_set_max_segments(o, 4));
    cjm_analysis *all = cjm_analysis_new(map, o);
    cjm_analysis *parts[2][3];
    for (int s = 0; s < 2; s++)
        for (int p = 0; p < 3; p++)
            parts[s][p] = cjm_analysis_new(map, o);
    const char **plan = malloc(20000 * sizeof *plan);
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 20000), 0);
    gen_start(&g, 7, 40000);
    size_t seen = 0;
    while (gen_next(&g, &b)) {
        for (size_t i = 0; i < b.count; i++)
            plan[i] = plans[(seen + i) * 7919 % 13 % 7];
        cjm_attribute_column col = { "plan", plan, NULL };
        ck_assert_ok(cjm_analysis_add_columns_with_attributes(
            all, b.count, b.customers, b.at, b.touchpoints, b.channels, b.stages, b.scores,
            b.scale_min, b.scale_max, &col, 1));
        for (size_t i = 0; i < b.count; i++, seen++) {
            size_t len = strlen(b.customers[i]);
            cjm_analysis *to[2] = { parts[0][(b.customers[i][len - 1] - '0') % 3],
                                    parts[1][seen % 3] };
            cjm_attribute_column one = { "plan", plan + i, NULL };
            for (int s = 0; s < 2; s++)
                ck_assert_ok(cjm_analysis_add_columns_with_attributes(
                    to[s], 1, b.customers + i, b.at + i, b.touchpoints + i, b.channels + i,
                    b.stages + i, b.scores + i, b.scale_min + i, b.scale_max + i, &one, 1));
        }
    }
    gen_batch_free(&b);
    free(plan);
    char *want = json_of(all);
    ck_assert_ptr_nonnull(strstr(want, "\"score_sd\": 0."));
    ck_assert(!strstr(want, "\"segments\"") == !breakdowns[_i]);
    if (breakdowns[_i] && breakdowns[_i][0] != '@')
        ck_assert_ptr_nonnull(strstr(want, "\"other\": true"));
    for (int s = 0; s < 2; s++) {
        cjm_analysis *merged = NULL;
        for (int p = 2; p >= 0; p--) {
            void *bytes;
            size_t size;
            cjm_analysis *received = NULL;
            ck_assert_ok(cjm_analysis_serialize(&bytes, &size, parts[s][p]));
            ck_assert_ok(cjm_analysis_deserialize(&received, map, bytes, size));
            cjm_free(bytes);
            if (!merged) {
                merged = received;
            } else {
                ck_assert_ok(cjm_analysis_merge(merged, received));
                cjm_analysis_free(received);
            }
            cjm_analysis_free(parts[s][p]);
        }
        char *got = json_of(merged);
        ck_assert_str_eq(got, want);
        cjm_free(got);
        cjm_analysis_free(merged);
    }
    cjm_free(want);
    cjm_analysis_free(all);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_json_report(void)
{
    Suite *s = suite_create("json-report");
    TCase *tc = tcase_create("json-report");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, report_equals_the_handle);
    tcase_add_test(tc, path_whole_or_not_at_all);
    tcase_add_loop_test(tc, splits_give_the_same_document, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}
