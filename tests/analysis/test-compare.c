/* Comparison of an actual journey with the map, hand-computed. */
#include <math.h>

#include "../common/helpers.h"
#include "../suites.h"
#include "customer-events-tests.h"

static cjm_touchpoint *visit(cjm_stage *s, const char *id, const char *channel, int64_t at)
{
    cjm_touchpoint *t = NULL;
    ck_assert_ok(cjm_stage_add_touchpoint(&t, s, id, id, channel));
    ck_assert_ok(cjm_touchpoint_set_at(t, at));
    return t;
}

/*
 * Customer c-001, in time order:
 *   1000 search-ad    web    (map: discover)
 *   3000 compare-web  web    (map: compare), felt -2 on [-2, 2]
 *   3500 social-ad    social (map: discover; the customer's record puts it
 *                             in compare) -> back from compare to discover
 *   4000 chat-help    chat   unplanned, in the customer's "compare" stage
 *   5000 checkout     web    (map: purchase)
 *   6000 returns-form mail   unplanned, in a stage the map lacks
 * The furthest stage reached is purchase; store-visit (compare) is required
 * and was skipped; pay-store is optional.
 */
static cjm_journey *actual_c001(void)
{
    cjm_journey *a = cjm_journey_new("laptop-purchase", "c-001's purchase");
    cjm_stage *discover, *compare, *purchase, *returns;
    ck_assert_ok(cjm_journey_set_customer(a, "c-001"));
    ck_assert_ok(cjm_journey_add_stage(&discover, a, "discover", "Discovery"));
    ck_assert_ok(cjm_journey_add_stage(&compare, a, "compare", "Compare"));
    ck_assert_ok(cjm_journey_add_stage(&purchase, a, "purchase", "Purchase"));
    ck_assert_ok(cjm_journey_add_stage(&returns, a, "returns", "Returns"));
    visit(discover, "search-ad", "web", 1000);
    cjm_touchpoint *cw = visit(compare, "compare-web", "web", 3000);
    ck_assert_ok(cjm_touchpoint_add_feedback(NULL, cw, -2, -2, 2));
    visit(compare, "social-ad", "social", 3500);
    visit(compare, "chat-help", "chat", 4000);
    visit(purchase, "checkout", "web", 5000);
    visit(returns, "returns-form", "mail", 6000);
    return a;
}

START_TEST(deviations_of_one_customer)
{
    cjm_journey *map = retail_map(), *a = actual_c001();
    cjm_comparison *c = NULL;
    ck_assert_ok(cjm_journey_compare(&c, a, map, NULL));
    static const struct {
        cjm_deviation_kind kind;
        const char *touchpoint, *stage, *from_stage;
    } want[] = {
        { CJM_DEVIATION_UNPLANNED, "chat-help", "compare", NULL },
        { CJM_DEVIATION_UNPLANNED, "returns-form", NULL, NULL },
        { CJM_DEVIATION_MISSING, "store-visit", "compare", NULL },
        { CJM_DEVIATION_BACKTRACK, "social-ad", "discover", "compare" },
        { CJM_DEVIATION_FAILING, "compare-web", "compare", NULL },
    };
    ck_assert_int_eq(cjm_comparison_count(c), 5);
    for (size_t i = 0; i < 5; i++) {
        ck_assert_int_eq(cjm_comparison_kind(c, i), want[i].kind);
        ck_assert_str_eq(cjm_comparison_touchpoint(c, i), want[i].touchpoint);
        ck_assert_pstr_eq(cjm_comparison_stage(c, i), want[i].stage);
        ck_assert_pstr_eq(cjm_comparison_from_stage(c, i), want[i].from_stage);
    }
    ck_assert_double_eq(cjm_comparison_value(c, 4), -1.0);
    ck_assert(isnan(cjm_comparison_value(c, 0)));
    ck_assert_int_eq(cjm_comparison_count_kind(c, CJM_DEVIATION_UNPLANNED), 2);
    ck_assert_int_eq(cjm_comparison_count_kind(c, CJM_DEVIATION_MISSING), 1);
    ck_assert_int_eq(cjm_comparison_count_kind(c, CJM_DEVIATION_BACKTRACK), 1);
    ck_assert_int_eq(cjm_comparison_count_kind(c, CJM_DEVIATION_FAILING), 1);
    /* Past the end. */
    ck_assert_int_eq(cjm_comparison_kind(c, 5), 0);
    ck_assert_ptr_null(cjm_comparison_touchpoint(c, 5));
    ck_assert(isnan(cjm_comparison_value(c, 5)));
    /* The result outlives the journeys. */
    cjm_journey_free(a);
    cjm_journey_free(map);
    ck_assert_str_eq(cjm_comparison_touchpoint(c, 2), "store-visit");
    cjm_comparison_free(c);
}
END_TEST

START_TEST(switches_of_one_customer)
{
    cjm_journey *a = actual_c001();
    size_t n;
    ck_assert_ok(cjm_journey_channel_switches(&n, a));
    ck_assert_int_eq(n, 4); /* web web social chat web mail */
    cjm_journey_free(a);
}
END_TEST

START_TEST(pain_threshold_is_strict)
{
    cjm_journey *map = retail_map(), *a = actual_c001();
    cjm_options *o = cjm_options_new();
    cjm_comparison *c = NULL;
    ck_assert_ok(cjm_options_set_pain_threshold(o, -1.0));  /* mean -1.0 is not below */
    ck_assert_ok(cjm_journey_compare(&c, a, map, o));
    ck_assert_int_eq(cjm_comparison_count_kind(c, CJM_DEVIATION_FAILING), 0);
    cjm_comparison_free(c);
    ck_assert_ok(cjm_options_set_pain_threshold(o, -0.999999));
    ck_assert_ok(cjm_journey_compare(&c, a, map, o));
    ck_assert_int_eq(cjm_comparison_count_kind(c, CJM_DEVIATION_FAILING), 1);
    cjm_comparison_free(c);
    cjm_options_free(o);
    cjm_journey_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(missing_only_up_to_the_furthest_stage)
{
    cjm_journey *map = retail_map();
    cjm_journey *a = cjm_journey_new("a", "A");
    cjm_stage *s;
    ck_assert_ok(cjm_journey_add_stage(&s, a, "discover", "Discovery"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "social-ad", "Ad", "social"));
    cjm_comparison *c = NULL;
    ck_assert_ok(cjm_journey_compare(&c, a, map, NULL));
    ck_assert_int_eq(cjm_comparison_count(c), 1);
    ck_assert_int_eq(cjm_comparison_kind(c, 0), CJM_DEVIATION_MISSING);
    ck_assert_str_eq(cjm_comparison_touchpoint(c, 0), "search-ad");
    cjm_comparison_free(c);

    /* A journey that reached no stage of the map misses nothing. */
    ck_assert_ok(cjm_stage_set_id(s, "elsewhere"));
    ck_assert_ok(cjm_touchpoint_set_id(cjm_stage_touchpoint(s, 0), "x"));
    ck_assert_ok(cjm_journey_compare(&c, a, map, NULL));
    ck_assert_int_eq(cjm_comparison_count(c), 1);
    ck_assert_int_eq(cjm_comparison_kind(c, 0), CJM_DEVIATION_UNPLANNED);
    ck_assert_ptr_null(cjm_comparison_stage(c, 0));
    cjm_comparison_free(c);

    /* The map against itself: nothing deviates but its painful touchpoint. */
    ck_assert_ok(cjm_journey_compare(&c, map, map, NULL));
    ck_assert_int_eq(cjm_comparison_count(c), 1);
    ck_assert_int_eq(cjm_comparison_kind(c, 0), CJM_DEVIATION_FAILING);
    ck_assert_double_eq(cjm_comparison_value(c, 0), -0.75);
    cjm_comparison_free(c);
    cjm_journey_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(bad_arguments)
{
    cjm_journey *map = retail_map();
    cjm_comparison *c = NULL;
    ck_assert_status(cjm_journey_compare(NULL, map, map, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_journey_compare(&c, NULL, map, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("actual: NULL");
    ck_assert_status(cjm_journey_compare(&c, map, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("map: NULL");
    ck_assert_ptr_null(c);
    ck_assert_int_eq(cjm_comparison_count(NULL), 0);
    cjm_comparison_free(NULL);
    ck_assert_str_eq(cjm_deviation_kind_name(CJM_DEVIATION_BACKTRACK), "backtrack");
    ck_assert_str_eq(cjm_deviation_kind_name(CJM_DEVIATION_UNPLANNED), "unplanned");
    ck_assert_str_eq(cjm_deviation_kind_name(CJM_DEVIATION_MISSING), "missing");
    ck_assert_str_eq(cjm_deviation_kind_name(CJM_DEVIATION_FAILING), "failing");
    ck_assert_ptr_null(cjm_deviation_kind_name((cjm_deviation_kind)0));
    cjm_journey_free(map);
}
END_TEST

Suite *suite_compare(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("compare");
    tcase_add_test(tc, deviations_of_one_customer);
    tcase_add_test(tc, switches_of_one_customer);
    tcase_add_test(tc, pain_threshold_is_strict);
    tcase_add_test(tc, missing_only_up_to_the_furthest_stage);
    tcase_add_test(tc, bad_arguments);
    add_customer_events_tests(tc);
    suite_add_tcase(s, tc);
    return s;
}
