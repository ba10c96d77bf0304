/* The options handle. */
#include <math.h>

#include "../common/helpers.h"
#include "../suites.h"

START_TEST(defaults)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ptr_nonnull(o);
    for (int pass = 0; pass < 2; pass++) {
        const cjm_options *in_force = pass ? NULL : o; /* NULL means the defaults */
        ck_assert_int_eq(cjm_options_min_customers(in_force), 5);
        ck_assert_int_eq(cjm_options_min_feedback(in_force), 1);
        ck_assert_double_eq(cjm_options_pain_threshold(in_force), 0.0);
        ck_assert_double_eq(cjm_options_drop_threshold(in_force), 0.25);
        ck_assert_double_eq(cjm_options_silent_threshold(in_force), 0.10);
        ck_assert_double_eq(cjm_options_backtrack_threshold(in_force), 0.10);
        ck_assert_double_eq(cjm_options_switch_threshold(in_force), 0.25);
        ck_assert(!cjm_options_lenient(in_force));
    }
    cjm_options_free(o);
    cjm_options_free(NULL);
}
END_TEST

START_TEST(setters)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_min_customers(o, 0));
    ck_assert_ok(cjm_options_set_min_feedback(o, 3));
    ck_assert_ok(cjm_options_set_pain_threshold(o, -0.5));
    ck_assert_ok(cjm_options_set_drop_threshold(o, 0.5));
    ck_assert_ok(cjm_options_set_silent_threshold(o, 0.2));
    ck_assert_ok(cjm_options_set_backtrack_threshold(o, 0.3));
    ck_assert_ok(cjm_options_set_switch_threshold(o, 0.4));
    ck_assert_ok(cjm_options_set_lenient(o, true));
    ck_assert_int_eq(cjm_options_min_customers(o), 0);
    ck_assert_int_eq(cjm_options_min_feedback(o), 3);
    ck_assert_double_eq(cjm_options_pain_threshold(o), -0.5);
    ck_assert_double_eq(cjm_options_drop_threshold(o), 0.5);
    ck_assert_double_eq(cjm_options_silent_threshold(o), 0.2);
    ck_assert_double_eq(cjm_options_backtrack_threshold(o), 0.3);
    ck_assert_double_eq(cjm_options_switch_threshold(o), 0.4);
    ck_assert(cjm_options_lenient(o));
    ck_assert_status(cjm_options_set_pain_threshold(o, NAN), CJM_ERR_RANGE);
    ck_assert_error_mentions("cjm_options_set_pain_threshold: pain_threshold");
    ck_assert_status(cjm_options_set_drop_threshold(o, INFINITY), CJM_ERR_RANGE);
    ck_assert_status(cjm_options_set_switch_threshold(o, -INFINITY), CJM_ERR_RANGE);
    ck_assert_double_eq(cjm_options_pain_threshold(o), -0.5);
    ck_assert_status(cjm_options_set_min_customers(NULL, 1), CJM_ERR_INVALID);
    cjm_options_free(o);
}
END_TEST

/* Rates are shares of customers, in [0, 1]; the pain threshold is a
 * normalized score, in [-1, 1]. The ends are allowed; a value outside is
 * refused with its range and leaves the option as it was. */
START_TEST(ranges)
{
    cjm_status (*const rates[])(cjm_options *, double) = {
        cjm_options_set_drop_threshold, cjm_options_set_silent_threshold,
        cjm_options_set_backtrack_threshold, cjm_options_set_switch_threshold,
    };
    double (*const getters[])(const cjm_options *) = {
        cjm_options_drop_threshold, cjm_options_silent_threshold,
        cjm_options_backtrack_threshold, cjm_options_switch_threshold,
    };
    cjm_options *o = cjm_options_new();
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        ck_assert_ok(rates[i](o, 0.0));
        ck_assert_ok(rates[i](o, 1.0));
        ck_assert_ok(rates[i](o, 0.5));
        ck_assert_status(rates[i](o, -0.01), CJM_ERR_RANGE);
        ck_assert_error_mentions("is not in [0, 1]");
        ck_assert_status(rates[i](o, 1.5), CJM_ERR_RANGE);
        ck_assert_status(rates[i](o, -0.0 - 1e-300), CJM_ERR_RANGE);
        ck_assert_double_eq(getters[i](o), 0.5);
    }
    ck_assert_ok(cjm_options_set_pain_threshold(o, -1.0));
    ck_assert_ok(cjm_options_set_pain_threshold(o, 1.0));
    ck_assert_status(cjm_options_set_pain_threshold(o, 1.0000001), CJM_ERR_RANGE);
    ck_assert_error_mentions("cjm_options_set_pain_threshold: pain_threshold: 1.0000001 is not in [-1, 1]");
    ck_assert_status(cjm_options_set_pain_threshold(o, -2), CJM_ERR_RANGE);
    ck_assert_double_eq(cjm_options_pain_threshold(o), 1.0);
    ck_assert_status(cjm_options_set_drop_threshold(o, 2), CJM_ERR_RANGE);
    ck_assert_error_mentions("cjm_options_set_drop_threshold: drop_threshold: 2 is not in [0, 1]");
    ck_assert_status(cjm_options_set_silent_threshold(NULL, 0.1), CJM_ERR_INVALID);
    ck_assert_status(cjm_options_set_lenient(NULL, true), CJM_ERR_INVALID);
    cjm_options_free(o);
}
END_TEST

/* 0 is one per processor; a count above the most any call uses is refused
 * and leaves the value alone. */
START_TEST(threads_range)
{
    cjm_options *o = cjm_options_new();
    ck_assert_int_eq(cjm_options_threads(o), 0);
    ck_assert_ok(cjm_options_set_threads(o, CJM_THREADS_MAX));
    ck_assert_int_eq(cjm_options_threads(o), CJM_THREADS_MAX);
    ck_assert_status(cjm_options_set_threads(o, CJM_THREADS_MAX + 1), CJM_ERR_RANGE);
    ck_assert_error_mentions("cjm_options_set_threads: threads: 65 is over 64");
    ck_assert_int_eq(cjm_options_threads(o), CJM_THREADS_MAX);
    ck_assert_ok(cjm_options_set_threads(o, 0));
    ck_assert_int_eq(cjm_options_threads(o), 0);
    ck_assert_status(cjm_options_set_threads(NULL, 1), CJM_ERR_INVALID);
    cjm_options_free(o);
}
END_TEST

Suite *suite_options(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("options");
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, ranges);
    tcase_add_test(tc, setters);
    tcase_add_test(tc, threads_range);
    suite_add_tcase(s, tc);
    return s;
}
