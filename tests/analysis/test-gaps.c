/* A map's own gaps: kinds, figures, severity, order, messages, thresholds. */
#include <math.h>

#include "../common/helpers.h"
#include "../suites.h"

typedef struct want {
    cjm_gap_kind kind;
    const char *stage, *touchpoint;
    double value;
    uint64_t count;
    double severity;
    const char *message;
} want;

static void expect_gaps(const cjm_gap_list *list, const want *w, size_t n)
{
    ck_assert_int_eq(cjm_gap_list_count(list), n);
    for (size_t i = 0; i < n; i++) {
        const cjm_gap *g = cjm_gap_list_get(list, i);
        ck_assert_msg(cjm_gap_kind_of(g) == w[i].kind, "gap %zu is %s, expected %s", i,
                      cjm_gap_kind_name(cjm_gap_kind_of(g)), cjm_gap_kind_name(w[i].kind));
        ck_assert_pstr_eq(cjm_gap_stage(g), w[i].stage);
        ck_assert_pstr_eq(cjm_gap_touchpoint(g), w[i].touchpoint);
        ck_assert_ptr_null(cjm_gap_to_stage(g));
        ck_assert_double_eq_tol(cjm_gap_value(g), w[i].value, 1e-12);
        ck_assert_int_eq(cjm_gap_count(g), w[i].count);
        ck_assert_double_eq_tol(cjm_gap_severity(g), w[i].severity, 1e-12);
        ck_assert_str_eq(cjm_gap_message(g), w[i].message);
    }
}

START_TEST(retail_map_gaps)
{
    cjm_journey *map = retail_map();
    cjm_gap_list *list = NULL;
    ck_assert_ok(cjm_journey_gaps(&list, map, NULL));
    static const want w[] = {
        { CJM_GAP_PAIN_POINT, "compare", "compare-web", -0.75, 2, 0.75,
          "Customers are unhappy at Comparison page in Compare: mean score -0.75 "
          "over 2 feedback items" },
        { CJM_GAP_PAINFUL_STAGE, "compare", NULL, -0.75, 2, 0.75,
          "Customers are unhappy in Compare: mean score -0.75 over 2 feedback items" },
        { CJM_GAP_EMPTY_STAGE, "loyalty", NULL, 0, 0, 0.5,
          "Loyalty has no touchpoint: customers there meet nobody from the company" },
        { CJM_GAP_BLIND_SPOT, "service", NULL, 0, 0, 0.3,
          "Nobody hears customers in Service: there is no feedback for this stage" },
        { CJM_GAP_BLIND_SPOT, "loyalty", NULL, 0, 0, 0.3,
          "Nobody hears customers in Loyalty: there is no feedback for this stage" },
        { CJM_GAP_NO_OWNER, "compare", "store-visit", 0, 0, 0.2,
          "Nobody owns Store visit in Compare: assign a team to it" },
    };
    expect_gaps(list, w, sizeof w / sizeof w[0]);
    /* The list outlives the map. */
    cjm_journey_free(map);
    ck_assert_str_eq(cjm_gap_stage(cjm_gap_list_get(list, 0)), "compare");
    cjm_gap_list_free(list);
}
END_TEST

START_TEST(pain_thresholds_at_the_boundary)
{
    cjm_journey *map = retail_map();
    cjm_options *o = cjm_options_new();
    cjm_gap_list *list = NULL;

    /* A mean exactly at the threshold is not below it. */
    ck_assert_ok(cjm_options_set_pain_threshold(o, -0.75));
    ck_assert_ok(cjm_journey_gaps(&list, map, o));
    ck_assert_int_eq(cjm_gap_list_count(list), 4);
    ck_assert_int_eq(cjm_gap_kind_of(cjm_gap_list_get(list, 0)), CJM_GAP_EMPTY_STAGE);
    cjm_gap_list_free(list);

    /* Exactly min_feedback items count; one fewer does not. */
    ck_assert_ok(cjm_options_set_pain_threshold(o, 0.5));
    ck_assert_ok(cjm_options_set_min_feedback(o, 2));
    ck_assert_ok(cjm_journey_gaps(&list, map, o));
    ck_assert_int_eq(cjm_gap_list_count(list), 6);
    const cjm_gap *g = cjm_gap_list_get(list, 0);
    ck_assert_int_eq(cjm_gap_kind_of(g), CJM_GAP_PAIN_POINT);
    ck_assert_double_eq_tol(cjm_gap_severity(g), (0.5 + 0.75) / 1.5, 1e-12);
    cjm_gap_list_free(list);
    ck_assert_ok(cjm_options_set_min_feedback(o, 3));
    ck_assert_ok(cjm_journey_gaps(&list, map, o));
    ck_assert_int_eq(cjm_gap_list_count(list), 4);
    cjm_gap_list_free(list);

    /* With min_feedback 0, a touchpoint without feedback still has no mean,
     * so no pain gap; discover (+0.5) is below a threshold of 0.6. */
    ck_assert_ok(cjm_options_set_min_feedback(o, 0));
    ck_assert_ok(cjm_options_set_pain_threshold(o, 0.6));
    ck_assert_ok(cjm_journey_gaps(&list, map, o));
    size_t pain = 0;
    for (size_t i = 0; i < cjm_gap_list_count(list); i++) {
        g = cjm_gap_list_get(list, i);
        if (cjm_gap_kind_of(g) == CJM_GAP_PAIN_POINT)
            ck_assert_ptr_nonnull(cjm_gap_touchpoint(g));
        pain += cjm_gap_kind_of(g) == CJM_GAP_PAIN_POINT;
    }
    ck_assert_int_eq(pain, 2); /* social-ad 0.5 and compare-web -0.75; not checkout 1.0 */
    cjm_gap_list_free(list);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

START_TEST(messages_are_one_line)
{
    cjm_journey *j = cjm_journey_new("j", "J");
    cjm_stage *s;
    ck_assert_ok(cjm_journey_add_stage(&s, j, "post", "After\r\nthe\tsale"));
    cjm_gap_list *list = NULL;
    ck_assert_ok(cjm_journey_gaps(&list, j, NULL));
    ck_assert_int_eq(cjm_gap_list_count(list), 2);
    ck_assert_str_eq(cjm_gap_message(cjm_gap_list_get(list, 0)),
                     "After  the sale has no touchpoint: customers there meet nobody "
                     "from the company");
    cjm_gap_list_free(list);
    cjm_journey_free(j);

    /* A message longer than most, its name with a tab past the start. */
    char name[301];
    memset(name, 'n', 300);
    name[300] = '\0';
    name[250] = '\t';
    j = cjm_journey_new("j", "J");
    ck_assert_ok(cjm_journey_add_stage(&s, j, "post", name));
    ck_assert_ok(cjm_journey_gaps(&list, j, NULL));
    name[250] = ' ';
    const char *m = cjm_gap_message(cjm_gap_list_get(list, 0));
    ck_assert_uint_eq(strlen(m), 300 + strlen(" has no touchpoint: customers there meet nobody "
                                              "from the company"));
    ck_assert_int_eq(strncmp(m, name, 300), 0);
    cjm_gap_list_free(list);
    cjm_journey_free(j);
}
END_TEST

START_TEST(single_feedback_item_and_scores)
{
    cjm_journey *j = cjm_journey_new("j", "J");
    cjm_stage *s;
    cjm_touchpoint *t;
    ck_assert_ok(cjm_journey_add_stage(&s, j, "s", "Stage"));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, s, "t", "Desk", "phone"));
    ck_assert_ok(cjm_touchpoint_set_owner(t, "Support"));
    ck_assert_ok(cjm_touchpoint_add_feedback(NULL, t, 1, 1, 10)); /* -1.0 */
    ck_assert_ok(cjm_touchpoint_add_feedback(NULL, t, 5, 1, 10)); /* -0.111111 */
    ck_assert_ok(cjm_touchpoint_add_feedback(NULL, t, 9, 0, 10)); /* 0.8 */
    /* mean = (-1000000 - 111111 + 800000) / 3 / 1e6 = -0.103703666... */
    cjm_gap_list *list = NULL;
    ck_assert_ok(cjm_journey_gaps(&list, j, NULL));
    ck_assert_int_eq(cjm_gap_list_count(list), 2);
    const cjm_gap *g = cjm_gap_list_get(list, 0);
    ck_assert_int_eq(cjm_gap_kind_of(g), CJM_GAP_PAIN_POINT);
    ck_assert(cjm_gap_value(g) == (double)-311111 / 3.0 / 1e6);
    ck_assert_str_eq(cjm_gap_message(g),
                     "Customers are unhappy at Desk in Stage: mean score -0.10 over "
                     "3 feedback items");
    cjm_gap_list_free(list);
    ck_assert_ok(cjm_touchpoint_remove_feedback(t, cjm_touchpoint_feedback(t, 2)));
    ck_assert_ok(cjm_touchpoint_remove_feedback(t, cjm_touchpoint_feedback(t, 1)));
    ck_assert_ok(cjm_journey_gaps(&list, j, NULL));
    ck_assert_str_eq(cjm_gap_message(cjm_gap_list_get(list, 0)),
                     "Customers are unhappy at Desk in Stage: mean score -1.00 over "
                     "1 feedback item");
    ck_assert_double_eq(cjm_gap_severity(cjm_gap_list_get(list, 0)), 1.0);
    cjm_gap_list_free(list);
    cjm_journey_free(j);
}
END_TEST

START_TEST(empty_journey_and_bad_arguments)
{
    cjm_journey *j = cjm_journey_new("j", "J");
    cjm_gap_list *list = NULL;
    ck_assert_ok(cjm_journey_gaps(&list, j, NULL));
    ck_assert_int_eq(cjm_gap_list_count(list), 0);
    ck_assert_ptr_null(cjm_gap_list_get(list, 0));
    cjm_gap_list_free(list);
    ck_assert_status(cjm_journey_gaps(NULL, j, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_journey_gaps(&list, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_journey_gaps: map: NULL");
    ck_assert_int_eq(cjm_gap_list_count(NULL), 0);
    ck_assert_int_eq(cjm_gap_kind_of(NULL), 0);
    ck_assert(isnan(cjm_gap_value(NULL)));
    ck_assert_ptr_null(cjm_gap_message(NULL));
    cjm_gap_list_free(NULL);
    cjm_journey_free(j);
}
END_TEST

START_TEST(kind_names_and_values)
{
    static const char *const names[] = {
        NULL, "empty_stage", "no_owner", "blind_spot", "pain_point", "painful_stage",
        "drop_off", "silent_churn", "unplanned_touchpoint", "unused_touchpoint",
        "backtrack", "slow_transition", "channel_hop", "segment_drop_off", "segment_pain",
    };
    for (int k = 1; k <= 14; k++)
        ck_assert_str_eq(cjm_gap_kind_name((cjm_gap_kind)k), names[k]);
    ck_assert_ptr_null(cjm_gap_kind_name((cjm_gap_kind)0));
    ck_assert_ptr_null(cjm_gap_kind_name((cjm_gap_kind)15));
    ck_assert_int_eq(CJM_GAP_SEGMENT_PAIN, 14);
    ck_assert_int_eq(CJM_GAP_SEGMENT_DROP_OFF, 13);
    ck_assert_int_eq(CJM_GAP_CHANNEL_HOP, 12);
    ck_assert_int_eq(CJM_GAP_SLOW_TRANSITION, 11);
    ck_assert_int_eq(CJM_GAP_DROP_OFF, 6);
}
END_TEST

Suite *suite_gaps(void)
{
    Suite *s = suite_create("gaps");
    TCase *tc = tcase_create("gaps");
    tcase_add_test(tc, retail_map_gaps);
    tcase_add_test(tc, pain_thresholds_at_the_boundary);
    tcase_add_test(tc, messages_are_one_line);
    tcase_add_test(tc, single_feedback_item_and_scores);
    tcase_add_test(tc, empty_journey_and_bad_arguments);
    tcase_add_test(tc, kind_names_and_values);
    suite_add_tcase(s, tc);
    return s;
}
