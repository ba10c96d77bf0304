/* The report as tables: the description and its typed getters, on the
 * funnel dataset of the report suite (figures by hand there). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjm/tables.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"
#include "forms.h"

static cjm_report *funnel_report(void)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_ptr_nonnull(a);
    cjm_journey_free(map);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    return report_and_free(a);
}

START_TEST(description)
{
    static const char *const names[] = {
        "report", "stages", "touchpoints", "channels", "matrix", "backtrack_pairs", "gaps",
        "segments", "segment_stages", "paths", "path_stages", "flow_edges", "flow_starts",
        "flow_ends", "exits",
    };
    enum { TABLES = sizeof names / sizeof names[0] };
    ck_assert_uint_eq(cjm_table_count(), TABLES);
    ck_assert_int_eq(CJM_TABLE_EXITS, TABLES - 1);
    for (size_t t = 0; t < TABLES; t++) {
        ck_assert_str_eq(cjm_table_name((cjm_table)t), names[t]);
        if (t <= CJM_TABLE_GAPS)
            ck_assert_uint_gt(cjm_table_column_count((cjm_table)t), 0);
        ck_assert_int_eq(cjm_table_keyed((cjm_table)t), t == CJM_TABLE_CHANNELS);
        ck_assert_int_eq(cjm_table_list((cjm_table)t), t == CJM_TABLE_PATH_STAGES);
        /* A list has one column (once it is described). */
        if (cjm_table_list((cjm_table)t))
            ck_assert_uint_le(cjm_table_column_count((cjm_table)t), 1);
    }
    ck_assert_ptr_null(cjm_table_name((cjm_table)TABLES));
    ck_assert_ptr_null(cjm_table_name((cjm_table)-1));
    ck_assert_uint_eq(cjm_table_column_count((cjm_table)TABLES), 0);
    ck_assert(!cjm_table_keyed((cjm_table)TABLES));
    ck_assert(!cjm_table_list((cjm_table)TABLES));
    ck_assert(!cjm_table_list((cjm_table)-1));

    size_t c = table_column(CJM_TABLE_STAGES, "mean_score");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_STAGES, c), CJM_VALUE_REAL);
    ck_assert(cjm_table_column_nullable(CJM_TABLE_STAGES, c));
    c = table_column(CJM_TABLE_STAGES, "reached");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_STAGES, c), CJM_VALUE_COUNT);
    ck_assert(!cjm_table_column_nullable(CJM_TABLE_STAGES, c));
    c = table_column(CJM_TABLE_STAGES, "median_transition_ms");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_STAGES, c), CJM_VALUE_INTEGER);
    c = table_column(CJM_TABLE_TOUCHPOINTS, "planned");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_TOUCHPOINTS, c), CJM_VALUE_BOOLEAN);
    c = table_column(CJM_TABLE_REPORT, "totals.customers");
    ck_assert_int_eq(cjm_table_column_type(CJM_TABLE_REPORT, c), CJM_VALUE_COUNT);

    /* Every described table but the report is placed by exactly one
     * column. */
    int placed[TABLES] = { 0 };
    for (size_t t = 0; t < TABLES; t++)
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
    for (size_t t = 1; t < TABLES; t++)
        ck_assert_int_eq(placed[t], cjm_table_column_count((cjm_table)t) > 0);

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
    ck_assert_uint_eq(cjm_report_row_count(r, (cjm_table)cjm_table_count()), 0);
    ck_assert_uint_eq(cjm_report_row_count(NULL, CJM_TABLE_REPORT), 0);

    uint64_t n = 0;
    ck_assert_ok(cjm_report_value_count(&n, r, CJM_TABLE_REPORT, 0,
                                        table_column(CJM_TABLE_REPORT, "totals.customers")));
    ck_assert_uint_eq(n, 6);
    ck_assert_ok(cjm_report_value_count(&n, r, CJM_TABLE_REPORT, 0,
                                        table_column(CJM_TABLE_REPORT, "channels.switches")));
    ck_assert_uint_eq(n, 7);
    const char *s = NULL;
    ck_assert_ok(cjm_report_value_text(&s, r, CJM_TABLE_REPORT, 0,
                                       table_column(CJM_TABLE_REPORT, "journey")));
    ck_assert_str_eq(s, "funnel");

    /* Stage a: no feedback (mean null), median 4; stage b: no median. */
    size_t mean = table_column(CJM_TABLE_STAGES, "mean_score");
    size_t median = table_column(CJM_TABLE_STAGES, "median_transition_ms");
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
                                          table_column(CJM_TABLE_TOUCHPOINTS, "planned")));
    ck_assert(!b);
    size_t stage = table_column(CJM_TABLE_TOUCHPOINTS, "stage");
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

/* A row's values read at once are those the getters read one by one. */
static void check_row_values(const cjm_report *r, cjm_table t, size_t row)
{
    size_t columns = cjm_table_column_count(t);
    cjm_row_value v[64];
    ck_assert_uint_le(columns, 64);
    ck_assert_ok(cjm_report_row_values(v, columns, r, t, row));
    for (size_t c = 0; c < columns; c++) {
        ck_assert_int_eq(v[c].null, cjm_report_value_is_null(r, t, row, c));
        ck_assert_int_eq(v[c].absent, cjm_report_value_is_absent(r, t, row, c));
        uint64_t n;
        int64_t i;
        double x;
        const char *s;
        bool b;
        size_t first, count;
        switch (cjm_table_column_type(t, c)) {
        case CJM_VALUE_COUNT:
            ck_assert_ok(cjm_report_value_count(&n, r, t, row, c));
            ck_assert_uint_eq(v[c].as.count, n);
            break;
        case CJM_VALUE_INTEGER:
            ck_assert_ok(cjm_report_value_integer(&i, r, t, row, c));
            ck_assert_int_eq(v[c].as.integer, i);
            break;
        case CJM_VALUE_REAL:
            ck_assert_ok(cjm_report_value_real(&x, r, t, row, c));
            ck_assert(memcmp(&v[c].as.real, &x, sizeof x) == 0 || (isnan(x) && isnan(v[c].as.real)));
            break;
        case CJM_VALUE_TEXT:
            ck_assert_ok(cjm_report_value_text(&s, r, t, row, c));
            ck_assert_ptr_eq(v[c].as.text, s);
            break;
        case CJM_VALUE_BOOLEAN:
            ck_assert_ok(cjm_report_value_boolean(&b, r, t, row, c));
            ck_assert_int_eq(v[c].as.boolean, b);
            break;
        case CJM_VALUE_TABLE:
            ck_assert_ok(cjm_report_child_rows(&first, &count, r, t, row, c));
            ck_assert_uint_eq(v[c].as.rows.first, first);
            ck_assert_uint_eq(v[c].as.rows.count, count);
            break;
        }
    }
}

/* Every value of every table reads through the getter of its column's
 * type, and through no other. */
START_TEST(every_value_reads_by_its_type)
{
    cjm_report *r = funnel_report();
    for (size_t t = 0; t < cjm_table_count(); t++)
        for (size_t row = 0; row < cjm_report_row_count(r, (cjm_table)t); row++) {
            check_row_values(r, (cjm_table)t, row);
            for (size_t c = 0; c < cjm_table_column_count((cjm_table)t); c++) {
                cjm_value_type type = cjm_table_column_type((cjm_table)t, c);
                uint64_t n;
                int64_t i;
                double x;
                const char *s;
                bool b;
                cjm_status want[5] = { CJM_ERR_INVALID, CJM_ERR_INVALID, CJM_ERR_INVALID,
                                       CJM_ERR_INVALID, CJM_ERR_INVALID };
                cjm_table tab = (cjm_table)t;
                size_t first = 7, count = 7;
                if (type != CJM_VALUE_TABLE) {
                    want[type] = CJM_OK;
                    ck_assert_int_eq(cjm_report_child_rows(&first, &count, r, tab, row, c),
                                     CJM_ERR_INVALID);
                    ck_assert_uint_eq(first + count, 14);
                } else if (!cjm_report_value_is_null(r, tab, row, c)) {
                    /* The run lies within the child's rows. */
                    cjm_table child;
                    ck_assert_ok(cjm_table_column_table(&child, tab, c));
                    ck_assert_ok(cjm_report_child_rows(&first, &count, r, tab, row, c));
                    ck_assert_uint_le(first + count, cjm_report_row_count(r, child));
                }
                /* Nothing is absent from the analysis without a breakdown
                 * but what the description makes so; absent is null. */
                if (cjm_report_value_is_absent(r, tab, row, c))
                    ck_assert(cjm_report_value_is_null(r, tab, row, c));
                ck_assert_int_eq(cjm_report_value_count(&n, r, tab, row, c), want[0]);
                ck_assert_int_eq(cjm_report_value_integer(&i, r, tab, row, c), want[1]);
                ck_assert_int_eq(cjm_report_value_real(&x, r, tab, row, c), want[2]);
                ck_assert_int_eq(cjm_report_value_text(&s, r, tab, row, c), want[3]);
                ck_assert_int_eq(cjm_report_value_boolean(&b, r, tab, row, c), want[4]);
                if (!cjm_table_column_nullable(tab, c))
                    ck_assert(!cjm_report_value_is_null(r, tab, row, c));
                if (cjm_table_column_optional(tab, c))
                    ck_assert(cjm_table_column_nullable(tab, c));
                else
                    ck_assert(!cjm_report_value_is_absent(r, tab, row, c));
            }
        }
    cjm_report_free(r);
}
END_TEST

START_TEST(bad_calls)
{
    cjm_report *r = funnel_report();
    uint64_t n = 77;
    size_t reached = table_column(CJM_TABLE_STAGES, "reached");
    ck_assert_status(cjm_report_value_count(NULL, r, CJM_TABLE_STAGES, 0, reached),
                     CJM_ERR_INVALID);
    ck_assert_status(cjm_report_value_count(&n, NULL, CJM_TABLE_STAGES, 0, reached),
                     CJM_ERR_INVALID);
    ck_assert_status(cjm_report_value_count(&n, r, CJM_TABLE_STAGES, 3, reached),
                     CJM_ERR_NOT_FOUND);
    ck_assert_error_mentions("no row 3");
    ck_assert_status(cjm_report_value_count(&n, r, CJM_TABLE_STAGES, 0, 999), CJM_ERR_NOT_FOUND);
    ck_assert_status(cjm_report_value_count(&n, r, (cjm_table)cjm_table_count(), 0, 0),
                     CJM_ERR_NOT_FOUND);
    ck_assert_status(cjm_report_value_count(&n, r, CJM_TABLE_STAGES, 0, 0), CJM_ERR_INVALID);
    ck_assert_error_mentions("stages.id");
    ck_assert_uint_eq(n, 77);
    ck_assert(!cjm_report_value_is_null(NULL, CJM_TABLE_STAGES, 0, 0));
    ck_assert(!cjm_report_value_is_null(r, CJM_TABLE_STAGES, 9, 0));
    ck_assert(!cjm_report_value_is_null(r, (cjm_table)cjm_table_count(), 0, 0));
    ck_assert(!cjm_report_value_is_absent(NULL, CJM_TABLE_STAGES, 0, 0));
    ck_assert(!cjm_report_value_is_absent(r, CJM_TABLE_STAGES, 9, 0));
    ck_assert(!cjm_report_value_is_absent(r, CJM_TABLE_STAGES, 0, 999));

    /* Reading a row at once: errors leave the values as they were; fewer
     * columns read only those. */
    size_t columns = cjm_table_column_count(CJM_TABLE_STAGES);
    cjm_row_value v[64], was;
    memset(v, 0x5a, sizeof v);
    was = v[0];
    ck_assert_status(cjm_report_row_values(NULL, 1, r, CJM_TABLE_STAGES, 0), CJM_ERR_INVALID);
    ck_assert_error_mentions("values");
    ck_assert_status(cjm_report_row_values(v, 1, NULL, CJM_TABLE_STAGES, 0), CJM_ERR_INVALID);
    ck_assert_error_mentions("report");
    ck_assert_status(cjm_report_row_values(v, 1, r, (cjm_table)cjm_table_count(), 0),
                     CJM_ERR_NOT_FOUND);
    ck_assert_status(cjm_report_row_values(v, 1, r, (cjm_table)-1, 0), CJM_ERR_NOT_FOUND);
    ck_assert_status(cjm_report_row_values(v, 1, r, CJM_TABLE_STAGES, 3), CJM_ERR_NOT_FOUND);
    ck_assert_error_mentions("no row 3");
    ck_assert_status(cjm_report_row_values(v, columns + 1, r, CJM_TABLE_STAGES, 0),
                     CJM_ERR_RANGE);
    ck_assert_error_mentions("stages");
    ck_assert(memcmp(&v[0], &was, sizeof was) == 0);
    ck_assert_ok(cjm_report_row_values(v, 0, r, CJM_TABLE_STAGES, 0));
    ck_assert(memcmp(&v[0], &was, sizeof was) == 0);
    ck_assert_ok(cjm_report_row_values(v, 1, r, CJM_TABLE_STAGES, 0));
    ck_assert_str_eq(v[0].as.text, "a");
    ck_assert(memcmp(&v[1], &was, sizeof was) == 0);
    cjm_report_free(r);
}
END_TEST

/* The report's own table columns place every row of their child. */
START_TEST(child_rows_of_the_report)
{
    cjm_report *r = funnel_report();
    size_t stages = table_column(CJM_TABLE_REPORT, "stages");
    size_t first = 9, count = 9;
    ck_assert_ok(cjm_report_child_rows(&first, &count, r, CJM_TABLE_REPORT, 0, stages));
    ck_assert_uint_eq(first, 0);
    ck_assert_uint_eq(count, 3);
    ck_assert(!cjm_report_value_is_null(r, CJM_TABLE_REPORT, 0, stages));
    ck_assert(!cjm_report_value_is_absent(r, CJM_TABLE_REPORT, 0, stages));
    ck_assert_ok(cjm_report_child_rows(&first, &count, r, CJM_TABLE_REPORT, 0,
                                       table_column(CJM_TABLE_REPORT, "touchpoints")));
    ck_assert_uint_eq(first, 0);
    ck_assert_uint_eq(count, 8);
    ck_assert_ok(cjm_report_child_rows(&first, &count, r, CJM_TABLE_REPORT, 0,
                                       table_column(CJM_TABLE_REPORT, "channels.events")));
    ck_assert_uint_eq(count, 5);

    /* Errors leave the outputs as they were. */
    first = count = 42;
    ck_assert_status(cjm_report_child_rows(NULL, &count, r, CJM_TABLE_REPORT, 0, stages),
                     CJM_ERR_INVALID);
    ck_assert_error_mentions("first");
    ck_assert_status(cjm_report_child_rows(&first, NULL, r, CJM_TABLE_REPORT, 0, stages),
                     CJM_ERR_INVALID);
    ck_assert_error_mentions("count");
    ck_assert_status(cjm_report_child_rows(&first, &count, NULL, CJM_TABLE_REPORT, 0, stages),
                     CJM_ERR_INVALID);
    ck_assert_error_mentions("report");
    ck_assert_status(cjm_report_child_rows(&first, &count, r, CJM_TABLE_REPORT, 1, stages),
                     CJM_ERR_NOT_FOUND);
    ck_assert_error_mentions("no row 1");
    ck_assert_status(cjm_report_child_rows(&first, &count, r, CJM_TABLE_REPORT, 0, 999),
                     CJM_ERR_NOT_FOUND);
    ck_assert_status(cjm_report_child_rows(&first, &count, r, (cjm_table)-1, 0, 0),
                     CJM_ERR_NOT_FOUND);
    ck_assert_status(cjm_report_child_rows(&first, &count, r, CJM_TABLE_REPORT, 0,
                                           table_column(CJM_TABLE_REPORT, "journey")),
                     CJM_ERR_INVALID);
    ck_assert_error_mentions("report.journey");
    ck_assert_uint_eq(first, 42);
    ck_assert_uint_eq(count, 42);
    cjm_report_free(r);
}
END_TEST

/* The functions of cjm/tables.h on a description holding every form:
 * per-row runs of a child, a null table column, a list, a keyed table,
 * absent values. */
START_TEST(forms_read)
{
    const cjm_report *r = forms_report(true), *bare = forms_report(false);
    size_t first = 9, count = 9;
    ck_assert_uint_eq(forms_table_count(), 5);
    ck_assert(forms_table_list(FORMS_TAGS) && !forms_table_keyed(FORMS_TAGS));
    ck_assert(forms_table_keyed(FORMS_COUNTS) && !forms_table_list(FORMS_COUNTS));
    ck_assert(!forms_table_list(FORMS_ITEMS) && !forms_table_keyed(FORMS_ITEMS));
    /* items: parts rows 0-1, row 2, null; tags rows 0-1, none, row 2. */
    static const size_t part_first[] = { 0, 2 }, part_count[] = { 2, 1 };
    static const size_t tag_first[] = { 0, 2, 2 }, tag_count[] = { 2, 0, 1 };
    for (size_t i = 0; i < 3; i++) {
        if (i < 2) {
            ck_assert_int_eq(forms_report_child_rows(&first, &count, r, FORMS_ITEMS, i, 1),
                             CJM_OK);
            ck_assert_uint_eq(first, part_first[i]);
            ck_assert_uint_eq(count, part_count[i]);
        }
        ck_assert_int_eq(forms_report_child_rows(&first, &count, r, FORMS_ITEMS, i, 2), CJM_OK);
        ck_assert_uint_eq(first, tag_first[i]);
        ck_assert_uint_eq(count, tag_count[i]);
        ck_assert(!forms_report_value_is_null(r, FORMS_ITEMS, i, 2));
    }
    /* Only an optional column has absent values; it is nullable too. */
    ck_assert(forms_table_column_optional(FORMS_ITEMS, 3));
    ck_assert(forms_table_column_nullable(FORMS_ITEMS, 3));
    ck_assert(!forms_table_column_optional(FORMS_ITEMS, 1));
    ck_assert(!forms_table_column_optional(FORMS_PARTS, 0));
    ck_assert(!forms_table_column_optional(FORMS_ITEMS, 99));
    ck_assert(!forms_report_value_is_absent(r, FORMS_PARTS, 2, 0));
    ck_assert(!forms_report_value_is_null(r, FORMS_PARTS, 2, 0));
    /* A null table column places no rows. */
    ck_assert(forms_table_column_nullable(FORMS_ITEMS, 1));
    ck_assert(forms_report_value_is_null(r, FORMS_ITEMS, 2, 1));
    ck_assert(!forms_report_value_is_absent(r, FORMS_ITEMS, 2, 1));
    ck_assert_int_eq(forms_report_child_rows(&first, &count, r, FORMS_ITEMS, 2, 1), CJM_OK);
    ck_assert_uint_eq(first, 0);
    ck_assert_uint_eq(count, 0);
    /* The report's column without a getter places its child whole. */
    ck_assert_int_eq(forms_report_child_rows(&first, &count, r, FORMS_DOC, 0, 3), CJM_OK);
    ck_assert_uint_eq(first, 0);
    ck_assert_uint_eq(count, 3);
    /* Absent is null; null is not absent. */
    ck_assert(forms_report_value_is_absent(r, FORMS_ITEMS, 0, 3));
    ck_assert(forms_report_value_is_null(r, FORMS_ITEMS, 0, 3));
    ck_assert(!forms_report_value_is_absent(r, FORMS_ITEMS, 1, 3));
    ck_assert(forms_report_value_is_null(r, FORMS_ITEMS, 1, 3));
    ck_assert(!forms_report_value_is_null(r, FORMS_ITEMS, 2, 3));
    const char *s = "?";
    ck_assert_int_eq(forms_report_value_text(&s, r, FORMS_ITEMS, 0, 3), CJM_OK);
    ck_assert_ptr_null(s);
    ck_assert(forms_report_value_is_absent(bare, FORMS_DOC, 0, 1));
    ck_assert(forms_report_value_is_null(bare, FORMS_DOC, 0, 1));
    ck_assert(!forms_report_value_is_absent(r, FORMS_DOC, 0, 1));
    uint64_t n = 7;
    ck_assert_int_eq(forms_report_value_count(&n, bare, FORMS_DOC, 0, 1), CJM_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(forms_report_value_count(&n, r, FORMS_DOC, 0, 1), CJM_OK);
    ck_assert_uint_eq(n, 1);
    /* An absent table column places no rows, as a null one. */
    ck_assert(forms_report_value_is_absent(bare, FORMS_DOC, 0, 5));
    ck_assert(forms_report_value_is_null(bare, FORMS_DOC, 0, 5));
    first = count = 9;
    ck_assert_int_eq(forms_report_child_rows(&first, &count, bare, FORMS_DOC, 0, 5), CJM_OK);
    ck_assert_uint_eq(first + count, 0);
    ck_assert_int_eq(forms_report_child_rows(&first, &count, r, FORMS_DOC, 0, 5), CJM_OK);
    ck_assert_uint_eq(count, 2);
    /* A table column has no typed value; a text column no rows. */
    ck_assert_int_eq(forms_report_value_count(&n, r, FORMS_ITEMS, 0, 1), CJM_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(forms_last_error(), "items.parts"));
    first = count = 5;
    ck_assert_int_eq(forms_report_child_rows(&first, &count, r, FORMS_ITEMS, 0, 0),
                     CJM_ERR_INVALID);
    ck_assert_int_eq(forms_report_child_rows(&first, &count, r, FORMS_ITEMS, 3, 1),
                     CJM_ERR_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(forms_last_error(), "no row 3"));
    ck_assert_uint_eq(first + count, 10);

    /* Each row read at once, as the getters read it: absent and null
     * values, null and absent table columns, the report's whole child. */
    for (int with = 0; with < 2; with++) {
        const cjm_report *doc = with ? r : bare;
        for (size_t t = 0; t < forms_table_count(); t++)
            for (size_t row = 0; row < forms_report_row_count(doc, (cjm_table)t); row++) {
                cjm_row_value v[16];
                size_t columns = forms_table_column_count((cjm_table)t);
                ck_assert_uint_le(columns, 16);
                ck_assert_int_eq(forms_report_row_values(v, columns, doc, (cjm_table)t, row),
                                 CJM_OK);
                for (size_t c = 0; c < columns; c++) {
                    cjm_table tab = (cjm_table)t;
                    ck_assert_int_eq(v[c].null, forms_report_value_is_null(doc, tab, row, c));
                    ck_assert_int_eq(v[c].absent,
                                     forms_report_value_is_absent(doc, tab, row, c));
                    cjm_value_type type = forms_table_column_type(tab, c);
                    if (type == CJM_VALUE_TABLE) {
                        ck_assert_int_eq(forms_report_child_rows(&first, &count, doc, tab, row,
                                                                 c),
                                         CJM_OK);
                        ck_assert_uint_eq(v[c].as.rows.first, first);
                        ck_assert_uint_eq(v[c].as.rows.count, count);
                    } else if (type == CJM_VALUE_TEXT) {
                        ck_assert_int_eq(forms_report_value_text(&s, doc, tab, row, c), CJM_OK);
                        ck_assert_ptr_eq(v[c].as.text, s);
                    } else if (type == CJM_VALUE_COUNT) {
                        ck_assert_int_eq(forms_report_value_count(&n, doc, tab, row, c), CJM_OK);
                        ck_assert_uint_eq(v[c].as.count, n);
                    }
                }
            }
    }
}
END_TEST

#ifdef CJM_TEST_JSON
/* The JSON report writer on every form: a per-row child as an array of
 * objects, a null one, a list, a keyed table, absent members left out,
 * an object of absent members left out, null kept. */
START_TEST(forms_json)
{
    char *text = NULL;
    size_t length = 0;
    ck_assert_ok(forms_json_write_report(&text, &length, forms_report(true), 0));
    ck_assert_str_eq(text, "{\"title\":\"forms\",\"extra\":{\"a\":1,\"b\":null},"
                           "\"items\":[{\"id\":\"i0\",\"parts\":[{\"n\":10},{\"n\":20}],"
                           "\"tags\":[\"a\",\"b\"]},"
                           "{\"id\":\"i1\",\"parts\":[{\"n\":30}],\"tags\":[],"
                           "\"segment\":null},"
                           "{\"id\":\"i2\",\"parts\":null,\"tags\":[\"c\"],"
                           "\"segment\":\"x\"}],"
                           "\"note\":null,\"counts\":{\"x\":1,\"y\":2}}");
    ck_assert_uint_eq(length, strlen(text));
    free(text);
    ck_assert_ok(forms_json_write_report(&text, &length, forms_report(false), 0));
    ck_assert_str_eq(text, "{\"title\":\"forms\","
                           "\"items\":[{\"id\":\"i0\",\"parts\":[{\"n\":10},{\"n\":20}],"
                           "\"tags\":[\"a\",\"b\"]},"
                           "{\"id\":\"i1\",\"parts\":[{\"n\":30}],\"tags\":[],"
                           "\"segment\":null},"
                           "{\"id\":\"i2\",\"parts\":null,\"tags\":[\"c\"],"
                           "\"segment\":\"x\"}]}");
    free(text);
}
END_TEST
#endif

Suite *suite_report_tables(void)
{
    Suite *s = suite_create("report-tables");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, description);
    tcase_add_test(tc, values);
    tcase_add_test(tc, every_value_reads_by_its_type);
    tcase_add_test(tc, bad_calls);
    tcase_add_test(tc, child_rows_of_the_report);
    tcase_add_test(tc, forms_read);
#ifdef CJM_TEST_JSON
    tcase_add_test(tc, forms_json);
#endif
    suite_add_tcase(s, tc);
    return s;
}
