/* The report as tables: the description and its typed getters, on the
 * funnel dataset of the report suite (figures by hand there). */
#include <math.h>
#include <string.h>

#include <cjm/tables.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"

static cjm_report *funnel_report(void)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_ptr_nonnull(a);
    cjm_journey_free(map);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    cjm_analysis_free(a);
    return r;
}

static size_t column(cjm_table t, const char *name)
{
    size_t c = SIZE_MAX;
    ck_assert_ok(cjm_table_column_find(&c, t, name));
    ck_assert_str_eq(cjm_table_column_name(t, c), name);
    return c;
}

START_TEST(description)
{
    static const char *const names[] = { "report", "stages", "touchpoints", "channels",
                                         "matrix", "backtrack_pairs", "gaps" };
    ck_assert_uint_eq(cjm_table_count(), 7);
    for (size_t t = 0; t < 7; t++) {
        ck_assert_str_eq(cjm_table_name((cjm_table)t), names[t]);
        ck_assert_uint_gt(cjm_table_column_count((cjm_table)t), 0);
        ck_assert_int_eq(cjm_table_keyed((cjm_table)t), t == CJM_TABLE_CHANNELS);
    }
    ck_assert_ptr_null(cjm_table_name((cjm_table)7));
    ck_assert_ptr_null(cjm_table_name((cjm_table)-1));
    ck_assert_uint_eq(cjm_table_column_count((cjm_table)7), 0);
    ck_assert(!cjm_table_keyed((cjm_table)7));

    size_t c = column(CJM_TABLE_STAGES, "mean_score");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_STAGES, c), CJM_VALUE_REAL);
    ck_assert(cjm_table_column_nullable(CJM_TABLE_STAGES, c));
    c = column(CJM_TABLE_STAGES, "reached");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_STAGES, c), CJM_VALUE_COUNT);
    ck_assert(!cjm_table_column_nullable(CJM_TABLE_STAGES, c));
    c = column(CJM_TABLE_STAGES, "median_transition_ms");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_STAGES, c), CJM_VALUE_INTEGER);
    c = column(CJM_TABLE_TOUCHPOINTS, "planned");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_TOUCHPOINTS, c), CJM_VALUE_BOOLEAN);
    c = column(CJM_TABLE_REPORT, "totals.customers");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_REPORT, c), CJM_VALUE_COUNT);

    /* Every table but the report is placed by exactly one column. */
    int placed[7] = { 0 };
    for (size_t t = 0; t < 7; t++)
        for (size_t k = 0; k < cjm_table_column_count((cjm_table)t); k++) {
            cjm_table child = CJM_TABLE_REPORT;
            cjm_status s = cjm_table_column_table(&child, (cjm_table)t, k);
            if (cjm_table_column_type((cjm_table)t, k) == CJM_VALUE_TABLE) {
                ck_assert_int_eq(s, CJM_OK);
                placed[child]++;
            } else {
                ck_assert_int_eq(s, CJM_ERR_INVALID);
            }
        }
    ck_assert_int_eq(placed[CJM_TABLE_REPORT], 0);
    for (size_t t = 1; t < 7; t++)
        ck_assert_int_eq(placed[t], 1);

    /* Out of range and NULL. */
    ck_assert_ptr_null(cjm_table_column_name(CJM_TABLE_STAGES, 999));
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_STAGES, 999), CJM_VALUE_COUNT);
    ck_assert(!cjm_table_column_nullable(CJM_TABLE_STAGES, 999));
    c = 42;
    ck_assert_status(cjm_table_column_find(&c, CJM_TABLE_STAGES, "no-such"), CJM_ERR_NOT_FOUND);
    ck_assert_error_mentions("no-such");
    ck_assert_uint_eq(c, 42);
    ck_assert_status(cjm_table_column_find(&c, (cjm_table)9, "id"), CJM_ERR_NOT_FOUND);
    ck_assert_status(cjm_table_column_find(NULL, CJM_TABLE_STAGES, "id"), CJM_ERR_INVALID);
    ck_assert_status(cjm_table_column_find(&c, CJM_TABLE_STAGES, NULL), CJM_ERR_INVALID);
    cjm_table child;
    ck_assert_status(cjm_table_column_table(NULL, CJM_TABLE_REPORT, 0), CJM_ERR_INVALID);
    ck_assert_status(cjm_table_column_table(&child, CJM_TABLE_REPORT, 999), CJM_ERR_NOT_FOUND);
}
END_TEST

START_TEST(values)
{
    cjm_report *r = funnel_report();
    ck_assert_uint_eq(cjm_report_row_count(r, CJM_TABLE_REPORT), 1);
    ck_assert_uint_eq(cjm_report_row_count(r, CJM_TABLE_STAGES), 3);
    ck_assert_uint_eq(cjm_report_row_count(r, CJM_TABLE_TOUCHPOINTS), 8);
    ck_assert_uint_eq(cjm_report_row_count(r, CJM_TABLE_CHANNELS), 5);
    ck_assert_uint_eq(cjm_report_row_count(r, CJM_TABLE_MATRIX), 6);
    ck_assert_uint_eq(cjm_report_row_count(r, CJM_TABLE_GAPS), cjm_report_gap_count(r));
    ck_assert_uint_eq(cjm_report_row_count(r, (cjm_table)7), 0);
    ck_assert_uint_eq(cjm_report_row_count(NULL, CJM_TABLE_REPORT), 0);

    uint64_t n = 0;
    ck_assert_ok(cjm_report_value_count(&n, r, CJM_TABLE_REPORT, 0,
                                        column(CJM_TABLE_REPORT, "totals.customers")));
    ck_assert_uint_eq(n, 6);
    ck_assert_ok(cjm_report_value_count(&n, r, CJM_TABLE_REPORT, 0,
                                        column(CJM_TABLE_REPORT, "channels.switches")));
    ck_assert_uint_eq(n, 7);
    const char *s = NULL;
    ck_assert_ok(cjm_report_value_text(&s, r, CJM_TABLE_REPORT, 0,
                                       column(CJM_TABLE_REPORT, "journey")));
    ck_assert_str_eq(s, "funnel");

    /* Stage a: no feedback (mean null), median 4; stage b: no median. */
    size_t mean = column(CJM_TABLE_STAGES, "mean_score");
    size_t median = column(CJM_TABLE_STAGES, "median_transition_ms");
    double x = 0;
    ck_assert(cjm_report_value_is_null(r, CJM_TABLE_STAGES, 0, mean));
    ck_assert_ok(cjm_report_value_real(&x, r, CJM_TABLE_STAGES, 0, mean));
    ck_assert(isnan(x));
    ck_assert(!cjm_report_value_is_null(r, CJM_TABLE_STAGES, 1, mean));
    ck_assert_ok(cjm_report_value_real(&x, r, CJM_TABLE_STAGES, 1, mean));
    ck_assert_double_eq(x, -1.0);
    int64_t ms = 0;
    ck_assert_ok(cjm_report_value_integer(&ms, r, CJM_TABLE_STAGES, 0, median));
    ck_assert_int_eq(ms, 4);
    ck_assert(cjm_report_value_is_null(r, CJM_TABLE_STAGES, 2, median));
    ck_assert_ok(cjm_report_value_integer(&ms, r, CJM_TABLE_STAGES, 2, median));
    ck_assert_int_eq(ms, CJM_UNSET);

    /* chat-bot: unplanned, without a stage. */
    bool b = true;
    ck_assert_ok(cjm_report_value_boolean(&b, r, CJM_TABLE_TOUCHPOINTS, 6,
                                          column(CJM_TABLE_TOUCHPOINTS, "planned")));
    ck_assert(!b);
    size_t stage = column(CJM_TABLE_TOUCHPOINTS, "stage");
    ck_assert(cjm_report_value_is_null(r, CJM_TABLE_TOUCHPOINTS, 6, stage));
    s = "x";
    ck_assert_ok(cjm_report_value_text(&s, r, CJM_TABLE_TOUCHPOINTS, 6, stage));
    ck_assert_ptr_null(s);

    ck_assert_ok(cjm_report_value_text(&s, r, CJM_TABLE_CHANNELS, 4, 0));
    ck_assert_str_eq(s, "web");
    ck_assert_ok(cjm_report_value_count(&n, r, CJM_TABLE_CHANNELS, 4, 1));
    ck_assert_uint_eq(n, 13);
    cjm_report_free(r);
}
END_TEST

/* Every value of every table reads through the getter of its column's
 * type, and through no other. */
START_TEST(every_value_reads_by_its_type)
{
    cjm_report *r = funnel_report();
    for (size_t t = 0; t < cjm_table_count(); t++)
        for (size_t row = 0; row < cjm_report_row_count(r, (cjm_table)t); row++)
            for (size_t c = 0; c < cjm_table_column_count((cjm_table)t); c++) {
                cjm_value_type type = cjm_table_column_type((cjm_table)t, c);
                uint64_t n;
                int64_t i;
                double x;
                const char *s;
                bool b;
                cjm_status want[5] = { CJM_ERR_INVALID, CJM_ERR_INVALID, CJM_ERR_INVALID,
                                       CJM_ERR_INVALID, CJM_ERR_INVALID };
                if (type != CJM_VALUE_TABLE)
                    want[type] = CJM_OK;
                else
                    ck_assert(!cjm_report_value_is_null(r, (cjm_table)t, row, c));
                cjm_table tab = (cjm_table)t;
                ck_assert_int_eq(cjm_report_value_count(&n, r, tab, row, c), want[0]);
                ck_assert_int_eq(cjm_report_value_integer(&i, r, tab, row, c), want[1]);
                ck_assert_int_eq(cjm_report_value_real(&x, r, tab, row, c), want[2]);
                ck_assert_int_eq(cjm_report_value_text(&s, r, tab, row, c), want[3]);
                ck_assert_int_eq(cjm_report_value_boolean(&b, r, tab, row, c), want[4]);
                if (!cjm_table_column_nullable(tab, c))
                    ck_assert(!cjm_report_value_is_null(r, tab, row, c));
            }
    cjm_report_free(r);
}
END_TEST

START_TEST(bad_calls)
{
    cjm_report *r = funnel_report();
    uint64_t n = 77;
    size_t reached = column(CJM_TABLE_STAGES, "reached");
    ck_assert_status(cjm_report_value_count(NULL, r, CJM_TABLE_STAGES, 0, reached),
                     CJM_ERR_INVALID);
    ck_assert_status(cjm_report_value_count(&n, NULL, CJM_TABLE_STAGES, 0, reached),
                     CJM_ERR_INVALID);
    ck_assert_status(cjm_report_value_count(&n, r, CJM_TABLE_STAGES, 3, reached),
                     CJM_ERR_NOT_FOUND);
    ck_assert_error_mentions("no row 3");
    ck_assert_status(cjm_report_value_count(&n, r, CJM_TABLE_STAGES, 0, 999), CJM_ERR_NOT_FOUND);
    ck_assert_status(cjm_report_value_count(&n, r, (cjm_table)7, 0, 0), CJM_ERR_NOT_FOUND);
    ck_assert_status(cjm_report_value_count(&n, r, CJM_TABLE_STAGES, 0, 0), CJM_ERR_INVALID);
    ck_assert_error_mentions("stages.id");
    ck_assert_uint_eq(n, 77);
    ck_assert(!cjm_report_value_is_null(NULL, CJM_TABLE_STAGES, 0, 0));
    ck_assert(!cjm_report_value_is_null(r, CJM_TABLE_STAGES, 9, 0));
    ck_assert(!cjm_report_value_is_null(r, (cjm_table)7, 0, 0));
    cjm_report_free(r);
}
END_TEST

Suite *suite_report_tables(void)
{
    Suite *s = suite_create("report-tables");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, description);
    tcase_add_test(tc, values);
    tcase_add_test(tc, every_value_reads_by_its_type);
    tcase_add_test(tc, bad_calls);
    suite_add_tcase(s, tc);
    return s;
}
