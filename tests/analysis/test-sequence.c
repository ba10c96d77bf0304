/* The sequence of a journey and its channel switches. */
#include "../common/helpers.h"
#include "../suites.h"

static void set_at(cjm_journey *j, const char *id, int64_t at)
{
    ck_assert_ok(cjm_touchpoint_set_at(cjm_journey_find_touchpoint(j, id), at));
}

static void expect_sequence(cjm_journey *j, const char *const *ids, size_t n)
{
    cjm_touchpoint *seq[16];
    ck_assert_int_eq(cjm_journey_touchpoint_count(j), n);
    ck_assert_ok(cjm_journey_sequence(seq, 16, j));
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(cjm_touchpoint_id(seq[i]), ids[i]);
}

START_TEST(document_order_without_times)
{
    cjm_journey *j = retail_map();
    static const char *const ids[] = { "social-ad", "search-ad", "compare-web", "store-visit",
                                       "checkout", "pay-store", "support-call" };
    expect_sequence(j, ids, 7);
    /* One touchpoint with a time is not enough: document order still. */
    set_at(j, "support-call", 0);
    expect_sequence(j, ids, 7);
    size_t switches;
    ck_assert_ok(cjm_journey_channel_switches(&switches, j));
    /* social web web store web store phone */
    ck_assert_int_eq(switches, 5);
    cjm_journey_free(j);
}
END_TEST

START_TEST(time_order_ties_in_document_order)
{
    cjm_journey *j = retail_map();
    set_at(j, "social-ad", 500);
    set_at(j, "search-ad", 100);
    set_at(j, "compare-web", 300);
    set_at(j, "store-visit", 300);   /* tie: keeps document order */
    set_at(j, "checkout", 100);      /* tie with search-ad, which comes first */
    set_at(j, "pay-store", 900);
    set_at(j, "support-call", -50);  /* before the epoch */
    static const char *const ids[] = { "support-call", "search-ad", "checkout", "compare-web",
                                       "store-visit", "social-ad", "pay-store" };
    expect_sequence(j, ids, 7);
    size_t switches;
    ck_assert_ok(cjm_journey_channel_switches(&switches, j));
    /* phone web web web store social store */
    ck_assert_int_eq(switches, 4);
    cjm_journey_free(j);
}
END_TEST

START_TEST(small_journeys_and_errors)
{
    cjm_journey *j = cjm_journey_new("empty", "Empty");
    cjm_touchpoint *seq[2] = { NULL, NULL };
    size_t switches = 99;
    ck_assert_ok(cjm_journey_sequence(seq, 0, j));
    ck_assert_ok(cjm_journey_channel_switches(&switches, j));
    ck_assert_int_eq(switches, 0);
    cjm_stage *s;
    ck_assert_ok(cjm_journey_add_stage(&s, j, "s", "S"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "a", "A", "web"));
    ck_assert_ok(cjm_journey_channel_switches(&switches, j));
    ck_assert_int_eq(switches, 0);
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "b", "B", "WEB"));
    ck_assert_ok(cjm_journey_channel_switches(&switches, j));
    ck_assert_int_eq(switches, 0); /* channels are lowered on the way in */
    ck_assert_status(cjm_journey_sequence(seq, 1, j), CJM_ERR_LIMIT);
    ck_assert_error_mentions("capacity: 1 slots for 2 touchpoints");
    ck_assert_ptr_null(seq[0]);
    ck_assert_status(cjm_journey_sequence(NULL, 2, j), CJM_ERR_INVALID);
    ck_assert_status(cjm_journey_sequence(seq, 2, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_journey_channel_switches(NULL, j), CJM_ERR_INVALID);
    ck_assert_status(cjm_journey_channel_switches(&switches, NULL), CJM_ERR_INVALID);
    cjm_journey_free(j);
}
END_TEST

Suite *suite_sequence(void)
{
    Suite *s = suite_create("sequence");
    TCase *tc = tcase_create("sequence");
    tcase_add_test(tc, document_order_without_times);
    tcase_add_test(tc, time_order_ties_in_document_order);
    tcase_add_test(tc, small_journeys_and_errors);
    suite_add_tcase(s, tc);
    return s;
}
