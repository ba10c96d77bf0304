/* Columns as dictionaries (cjm_analysis_add_dictionary): the same figures
 * as event by event, missing values, every bad table and code, strict and
 * lenient mode, and every allocation failing. */
#include <math.h>
#include <string.h>

#include "../common/alloc-fail.h"
#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"

/* A dictionary column of the funnel data made as pandas' factorize makes
 * it: distinct strings in order of first appearance, NULL as code -1. */
typedef struct dict {
    int32_t codes[FUNNEL_EVENTS];
    int64_t offsets[FUNNEL_EVENTS + 1];
    char data[1024];
    cjm_dictionary_column column;
} dict;

static void dict_make(dict *d, const char *const *values, size_t n)
{
    const char *seen[FUNNEL_EVENTS];
    size_t count = 0, bytes = 0;
    d->offsets[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (!values[i]) {
            d->codes[i] = -1;
            continue;
        }
        size_t k = 0;
        while (k < count && strcmp(seen[k], values[i]) != 0)
            k++;
        if (k == count) {
            seen[count++] = values[i];
            memcpy(d->data + bytes, values[i], strlen(values[i])); /* no NUL */
            bytes += strlen(values[i]);
            d->offsets[count] = (int64_t)bytes;
        }
        d->codes[i] = (int32_t)k;
    }
    d->column = (cjm_dictionary_column){ d->codes, count, d->offsets, d->data };
}

typedef struct funnel_columns {
    dict customers, touchpoints, channels, stages;
    int64_t at[FUNNEL_EVENTS];
    double scores[FUNNEL_EVENTS], min[FUNNEL_EVENTS], max[FUNNEL_EVENTS];
} funnel_columns;

static void funnel_columns_make(funnel_columns *c, size_t first, size_t n)
{
    const char *cu[FUNNEL_EVENTS], *tp[FUNNEL_EVENTS], *ch[FUNNEL_EVENTS], *st[FUNNEL_EVENTS];
    for (size_t i = 0; i < n; i++) {
        const test_event *e = &funnel_events[first + i];
        cu[i] = e->customer;
        tp[i] = e->touchpoint;
        ch[i] = e->channel;
        st[i] = e->stage;
        c->at[i] = e->at;
        c->scores[i] = e->score;
        c->min[i] = e->min;
        c->max[i] = e->max;
    }
    dict_make(&c->customers, cu, n);
    dict_make(&c->touchpoints, tp, n);
    dict_make(&c->channels, ch, n);
    dict_make(&c->stages, st, n);
}

static cjm_status add_funnel(cjm_analysis *a, funnel_columns *c, size_t n)
{
    return cjm_analysis_add_dictionary(a, n, &c->customers.column, c->at,
                                       &c->touchpoints.column, &c->channels.column,
                                       &c->stages.column, c->scores, c->min, c->max);
}

static cjm_report *report_of(cjm_analysis *a)
{
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    return r;
}

/* The funnel's events added one by one and as the columns c: the same
 * report. */
static void assert_like_one_by_one(const cjm_journey *map, funnel_columns *c)
{
    cjm_analysis *one = cjm_analysis_new(map, NULL), *coded = cjm_analysis_new(map, NULL);
    add_events(one, funnel_events, FUNNEL_EVENTS);
    ck_assert_ok(add_funnel(coded, c, FUNNEL_EVENTS));
    ck_assert_int_eq(cjm_analysis_customer_count(coded), cjm_analysis_customer_count(one));
    cjm_report *want = report_of(one), *got = report_of(coded);
    assert_reports_equal(want, got);
    cjm_report_free(got);
    cjm_report_free(want);
    cjm_analysis_free(one);
    cjm_analysis_free(coded);
}

START_TEST(dictionary_equals_one_by_one)
{
    cjm_journey *map = funnel_map();
    funnel_columns c;
    funnel_columns_make(&c, 0, FUNNEL_EVENTS);
    assert_like_one_by_one(map, &c);
    /* Optional columns left out, no feedback: the map's channels. */
    cjm_analysis *plain = cjm_analysis_new(map, NULL);
    ck_assert_ok(cjm_analysis_add_dictionary(plain, 4, &c.customers.column, c.at,
                                             &c.touchpoints.column, NULL, NULL, NULL, NULL,
                                             NULL));
    ck_assert_int_eq(cjm_analysis_event_count(plain), 4);
    ck_assert_ok(cjm_analysis_add_dictionary(plain, 0, NULL, NULL, NULL, NULL, NULL, NULL,
                                             NULL, NULL));
    /* An empty string in the table is an empty id, not a missing one. */
    int32_t zero = 0;
    int64_t offsets[2] = { 0, 0 };
    cjm_dictionary_column empty = { &zero, 1, offsets, "" };
    ck_assert_status(cjm_analysis_add_dictionary(plain, 1, &empty, c.at, &c.touchpoints.column,
                                                 NULL, NULL, NULL, NULL, NULL),
                     CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_add_dictionary: event 0: customer: empty");
    ck_assert_int_eq(cjm_analysis_event_count(plain), 4);
    cjm_analysis_free(plain);
    cjm_journey_free(map);
}
END_TEST

/* Tables whose strings repeat (each event its own string, as a binding
 * that encodes distinct objects rather than distinct values makes them):
 * equal strings are one id, and the figures those of distinct tables. */
START_TEST(dictionary_tables_with_repeated_strings)
{
    cjm_journey *map = funnel_map();
    funnel_columns c;
    funnel_columns_make(&c, 0, FUNNEL_EVENTS);
    dict *columns[] = { &c.customers, &c.touchpoints, &c.channels, &c.stages };
    for (size_t k = 0; k < sizeof columns / sizeof *columns; k++) {
        dict *d = columns[k];
        dict each;
        size_t count = 0;
        each.offsets[0] = 0;
        for (size_t i = 0; i < FUNNEL_EVENTS; i++) {
            if (d->codes[i] < 0) {
                each.codes[i] = -1;
                continue;
            }
            int64_t from = d->offsets[d->codes[i]], len = d->offsets[d->codes[i] + 1] - from;
            memcpy(each.data + each.offsets[count], d->data + from, (size_t)len);
            each.offsets[count + 1] = each.offsets[count] + len;
            each.codes[i] = (int32_t)count++;
        }
        *d = each;
        d->column = (cjm_dictionary_column){ d->codes, count, d->offsets, d->data };
    }
    ck_assert_int_eq(c.customers.column.count, FUNNEL_EVENTS);
    assert_like_one_by_one(map, &c);
    cjm_journey_free(map);
}
END_TEST

START_TEST(dictionary_bad_tables_and_codes)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    funnel_columns c;
    funnel_columns_make(&c, 0, FUNNEL_EVENTS);
    cjm_dictionary_column *cu = &c.customers.column, *tp = &c.touchpoints.column;
    ck_assert_status(cjm_analysis_add_dictionary(NULL, 1, cu, c.at, tp, NULL, NULL, NULL, NULL,
                                                 NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_analysis_add_dictionary(a, 1, NULL, c.at, tp, NULL, NULL, NULL, NULL,
                                                 NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_add_dictionary: customers: NULL");
    ck_assert_status(cjm_analysis_add_dictionary(a, 1, cu, NULL, tp, NULL, NULL, NULL, NULL,
                                                 NULL), CJM_ERR_INVALID);
    /* A code past the table, in a required and in an optional column. */
    c.touchpoints.codes[7] = (int32_t)tp->count;
    ck_assert_status(add_funnel(a, &c, FUNNEL_EVENTS), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_add_dictionary: event 7: touchpoints: code");
    c.touchpoints.codes[7] = 0;
    c.stages.codes[3] = 99;
    ck_assert_status(add_funnel(a, &c, FUNNEL_EVENTS), CJM_ERR_INVALID);
    ck_assert_error_mentions("event 3: stages: code 99 past the");
    c.stages.codes[3] = -1;
    /* Offsets going down, starting below 0; NULL parts of a table. */
    int64_t saved = c.channels.offsets[1];
    c.channels.offsets[1] = c.channels.offsets[2] + 1;
    ck_assert_status(add_funnel(a, &c, FUNNEL_EVENTS), CJM_ERR_INVALID);
    ck_assert_error_mentions("channels: offsets: 1 and 2 not in order");
    c.channels.offsets[1] = saved;
    c.customers.offsets[0] = -1;
    ck_assert_status(add_funnel(a, &c, FUNNEL_EVENTS), CJM_ERR_INVALID);
    c.customers.offsets[0] = 0;
    cjm_dictionary_column bad = *tp;
    bad.codes = NULL;
    ck_assert_status(cjm_analysis_add_dictionary(a, 1, cu, c.at, &bad, NULL, NULL, NULL, NULL,
                                                 NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("touchpoints: codes: NULL");
    bad = *tp;
    bad.data = NULL;
    ck_assert_status(cjm_analysis_add_dictionary(a, 1, cu, c.at, &bad, NULL, NULL, NULL, NULL,
                                                 NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("touchpoints: data: NULL");
    bad.data = tp->data;
    bad.offsets = NULL;
    ck_assert_status(cjm_analysis_add_dictionary(a, 1, cu, c.at, &bad, NULL, NULL, NULL, NULL,
                                                 NULL), CJM_ERR_INVALID);
    bad.offsets = tp->offsets;
    bad.count = (size_t)INT32_MAX + 1;
    ck_assert_status(cjm_analysis_add_dictionary(a, 1, cu, c.at, &bad, NULL, NULL, NULL, NULL,
                                                 NULL), CJM_ERR_LIMIT);
    /* A string with a NUL byte inside. */
    int32_t zero = 0;
    int64_t offsets[2] = { 0, 3 };
    cjm_dictionary_column nul = { &zero, 1, offsets, "a\0b" };
    ck_assert_status(cjm_analysis_add_dictionary(a, 1, &nul, c.at, tp, NULL, NULL, NULL, NULL,
                                                 NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("customers: string 0 of the dictionary holds a NUL byte");
    /* Ids checked once per string: UTF-8 is fine, a control character or
     * an id past 256 bytes is not, named at the first event using it. */
    int32_t codes[3] = { 0, 1, 2 };
    char text[300 + 16];
    memcpy(text, "\xc3\xa9t\xc3\xa9" "a\x01", 7);
    memset(text + 7, 'x', 300);
    int64_t ids[4] = { 0, 5, 7, 307 };
    cjm_dictionary_column odd = { codes, 3, ids, text };
    int32_t ad[3] = { 0, 0, 0 };
    int64_t ad_offsets[2] = { 0, 2 };
    cjm_dictionary_column ads = { ad, 1, ad_offsets, "ad" };
    ck_assert_ok(cjm_analysis_add_dictionary(a, 1, &odd, c.at, &ads, NULL, NULL, NULL, NULL,
                                             NULL));
    ck_assert_status(cjm_analysis_add_dictionary(a, 2, &odd, c.at, &ads, NULL, NULL, NULL,
                                                 NULL, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_add_dictionary: event 1: customer");
    codes[1] = 2;
    ck_assert_status(cjm_analysis_add_dictionary(a, 2, &odd, c.at, &ads, NULL, NULL, NULL,
                                                 NULL, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("event 1: customer");
    ck_assert_int_eq(cjm_analysis_event_count(a), 1);
    ck_assert_int_eq(cjm_analysis_customer_count(a), 1);
    cjm_analysis_free(a);
    a = cjm_analysis_new(map, NULL);
    /* Scales: both or neither. */
    ck_assert_status(cjm_analysis_add_dictionary(a, FUNNEL_EVENTS, cu, c.at, tp, NULL, NULL,
                                                 c.scores, c.min, NULL), CJM_ERR_INVALID);
    ck_assert_int_eq(cjm_analysis_event_count(a), 0);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(dictionary_missing_strict_and_lenient)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    cjm_analysis *strict = cjm_analysis_new(map, NULL);
    funnel_columns c;
    funnel_columns_make(&c, 0, FUNNEL_EVENTS);
    ck_assert_ok(cjm_analysis_add(strict, "c0", 1, "ad", NULL, NULL));
    c.customers.codes[5] = -1; /* a missing customer: an invalid event */
    ck_assert_status(add_funnel(strict, &c, FUNNEL_EVENTS), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_add_dictionary: event 5: customer");
    ck_assert_int_eq(cjm_analysis_event_count(strict), 1);
    ck_assert_int_eq(cjm_analysis_customer_count(strict), 1);
    ck_assert_ok(cjm_options_set_lenient(o, true));
    cjm_analysis *lenient = cjm_analysis_new(map, o);
    ck_assert_ok(add_funnel(lenient, &c, FUNNEL_EVENTS));
    ck_assert_int_eq(cjm_analysis_rejected_count(lenient), 1);
    ck_assert_int_eq(cjm_analysis_event_count(lenient), FUNNEL_EVENTS - 1);
    ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(lenient, 0), "event 5"));
    cjm_analysis_free(lenient);
    cjm_analysis_free(strict);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* A call of several blocks whose customers come back block after block, a
 * table naming one customer twice and invalid events between the valid
 * ones: each customer counted once, the same report as the strings call,
 * on one thread and on several. */
START_TEST(dictionary_customers_across_blocks)
{
    enum { N = 3 * 65536 + 7 };
    static const char *const names[] = { "c1", "c2", "c1", "c9" };
    static const char *const touchpoints[] = { "ad", "site", "no such" };
    static int32_t cc[N], tc[N];
    static const char *cs[N], *ts[N];
    static int64_t at[N];
    for (size_t i = 0; i < N; i++) {
        cc[i] = (int32_t)(i * 7 % 4);
        tc[i] = i % 1000 == 999 ? 2 : (int32_t)(i % 2);
        cs[i] = names[cc[i]];
        ts[i] = touchpoints[tc[i]];
        at[i] = (int64_t)(i % 5000) + 1;
    }
    int64_t coff[] = { 0, 2, 4, 6, 8 }, toff[] = { 0, 2, 6, 13 };
    cjm_dictionary_column customers = { cc, 4, coff, "c1c2c1c9" };
    cjm_dictionary_column tps = { tc, 3, toff, "adsiteno such" };
    cjm_journey *map = funnel_map();
    for (unsigned threads = 1; threads <= 2; threads++) {
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_lenient(o, true));
        ck_assert_ok(cjm_options_set_threads(o, threads));
        cjm_analysis *coded = cjm_analysis_new(map, o), *plain = cjm_analysis_new(map, o);
        ck_assert_ok(cjm_analysis_add_dictionary(coded, N, &customers, at, &tps, NULL, NULL,
                                                 NULL, NULL, NULL));
        ck_assert_ok(cjm_analysis_add_columns(plain, N, cs, at, ts, NULL, NULL, NULL, NULL,
                                              NULL));
        ck_assert_uint_eq(cjm_analysis_customer_count(coded), 3);
        ck_assert_uint_eq(cjm_analysis_rejected_count(coded), N / 1000);
        ck_assert_uint_eq(cjm_analysis_event_count(coded), N - N / 1000);
        /* A second call knows the customers of the first. */
        ck_assert_ok(cjm_analysis_add_dictionary(coded, 100, &customers, at, &tps, NULL,
                                                 NULL, NULL, NULL, NULL));
        ck_assert_ok(cjm_analysis_add_columns(plain, 100, cs, at, ts, NULL, NULL, NULL, NULL,
                                              NULL));
        ck_assert_uint_eq(cjm_analysis_customer_count(coded), 3);
        cjm_report *want = report_of(plain), *got = report_of(coded);
        assert_reports_equal(want, got);
        cjm_report_free(want);
        cjm_report_free(got);
        cjm_analysis_free(coded);
        cjm_analysis_free(plain);
        cjm_options_free(o);
    }
    cjm_journey_free(map);
}
END_TEST

/* One scale for every score (cjm_analysis_add_dictionary_on_scale): the
 * figures of the same scale given per event, a bad scale failing the
 * first event with a score (skipping each in lenient mode), and no scale
 * read without scores. */
START_TEST(dictionary_on_one_scale)
{
    cjm_journey *map = funnel_map();
    funnel_columns c;
    funnel_columns_make(&c, 0, FUNNEL_EVENTS);
    c.scores[9] = 1; /* -2 on -2..2 is 1 on 1..5: every score on 1..5 */
    for (size_t i = 0; i < FUNNEL_EVENTS; i++) {
        c.min[i] = 1;
        c.max[i] = 5;
    }
    cjm_analysis *columns = cjm_analysis_new(map, NULL), *one = cjm_analysis_new(map, NULL);
    ck_assert_ok(add_funnel(columns, &c, FUNNEL_EVENTS));
    ck_assert_ok(cjm_analysis_add_dictionary_on_scale(
        one, FUNNEL_EVENTS, &c.customers.column, c.at, &c.touchpoints.column,
        &c.channels.column, &c.stages.column, c.scores, 1, 5, NULL, 0));
    cjm_report *want = report_of(columns), *got = report_of(one);
    assert_reports_equal(want, got);
    ck_assert_double_eq_tol(cjm_report_stage_mean_score(got, 1), -1, 1e-9);
    cjm_report_free(want);
    cjm_report_free(got);
    cjm_analysis_free(columns);

    /* A scale upside down or not finite: the first event with a score. */
    cjm_analysis *bad = cjm_analysis_new(map, NULL);
    ck_assert_status(cjm_analysis_add_dictionary_on_scale(
                         bad, FUNNEL_EVENTS, &c.customers.column, c.at, &c.touchpoints.column,
                         NULL, NULL, c.scores, 5, 1, NULL, 0), CJM_ERR_RANGE);
    ck_assert_error_mentions("cjm_analysis_add_dictionary_on_scale: event 9");
    ck_assert_error_mentions("scale");
    ck_assert_status(cjm_analysis_add_dictionary_on_scale(
                         bad, FUNNEL_EVENTS, &c.customers.column, c.at, &c.touchpoints.column,
                         NULL, NULL, c.scores, NAN, 5, NULL, 0), CJM_ERR_RANGE);
    ck_assert_error_mentions("event 9");
    ck_assert_uint_eq(cjm_analysis_event_count(bad), 0);
    c.scores[9] = 7; /* outside 1..5 */
    ck_assert_status(cjm_analysis_add_dictionary_on_scale(
                         bad, FUNNEL_EVENTS, &c.customers.column, c.at, &c.touchpoints.column,
                         NULL, NULL, c.scores, 1, 5, NULL, 0), CJM_ERR_RANGE);
    ck_assert_error_mentions("event 9: score: outside the scale");
    /* No scores: the scale is not read. */
    ck_assert_ok(cjm_analysis_add_dictionary_on_scale(bad, FUNNEL_EVENTS, &c.customers.column,
                                                      c.at, &c.touchpoints.column,
                                                      &c.channels.column, NULL, NULL, NAN, NAN,
                                                      NULL, 0));
    ck_assert_uint_eq(cjm_analysis_event_count(bad), FUNNEL_EVENTS);
    ck_assert_ok(cjm_analysis_add_dictionary_on_scale(bad, 0, NULL, NULL, NULL, NULL, NULL, NULL,
                                                      5, 1, NULL, 0));
    ck_assert_status(cjm_analysis_add_dictionary_on_scale(NULL, 1, &c.customers.column, c.at,
                                                          &c.touchpoints.column, NULL, NULL,
                                                          NULL, 1, 5, NULL, 0), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_add_dictionary_on_scale: analysis: NULL");
    cjm_analysis_free(bad);

    /* Lenient: each event with a score on the bad scale is skipped. */
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_lenient(o, true));
    cjm_analysis *lenient = cjm_analysis_new(map, o);
    c.scores[9] = 1;
    ck_assert_ok(cjm_analysis_add_dictionary_on_scale(
        lenient, FUNNEL_EVENTS, &c.customers.column, c.at, &c.touchpoints.column,
        &c.channels.column, NULL, c.scores, 1, 1, NULL, 0));
    ck_assert_uint_eq(cjm_analysis_rejected_count(lenient), 2);
    ck_assert_uint_eq(cjm_analysis_event_count(lenient), FUNNEL_EVENTS - 2);
    cjm_analysis_free(lenient);
    cjm_options_free(o);
    cjm_analysis_free(one);
    cjm_journey_free(map);
}
END_TEST

/* Every allocation of the call failing, once or from then on: NOMEM, the
 * analysis as it was, nothing leaked. */
static void exhaust(bool persistent)
{
    failalloc_install();
    for (long n = 1;; n++) {
        cjm_journey *map = funnel_map();
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_threads(o, 1));
        cjm_analysis *a = cjm_analysis_new(map, o);
        add_events(a, funnel_events, 8);
        funnel_columns c;
        funnel_columns_make(&c, 8, FUNNEL_EVENTS - 8);
        cjm_report *before = report_of(a), *after = NULL;
        failalloc_arm(n, persistent);
        cjm_status rc = add_funnel(a, &c, FUNNEL_EVENTS - 8);
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (tripped) {
            ck_assert_msg(rc == CJM_ERR_NOMEM, "allocation %ld failing: %s (%s)", n,
                          cjm_status_name(rc), cjm_last_error());
            after = report_of(a);
            assert_reports_equal(before, after);
        } else {
            ck_assert_msg(rc == CJM_OK, "%s", cjm_last_error());
            ck_assert_msg(n > 1, "the call allocated nothing");
        }
        cjm_report_free(before);
        cjm_report_free(after);
        cjm_analysis_free(a);
        cjm_options_free(o);
        cjm_journey_free(map);
        ck_assert_msg(failalloc_live() == 0, "%ld allocations leaked (failing at %ld)",
                      failalloc_live(), n);
        if (!tripped)
            break;
    }
    failalloc_uninstall();
}

START_TEST(dictionary_allocation_failure) { exhaust(false); exhaust(true); }
END_TEST

Suite *suite_bulk_dictionary(void)
{
    Suite *s = suite_create("bulk-dictionary");
    TCase *tc = tcase_create("bulk-dictionary");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, dictionary_equals_one_by_one);
    tcase_add_test(tc, dictionary_tables_with_repeated_strings);
    tcase_add_test(tc, dictionary_bad_tables_and_codes);
    tcase_add_test(tc, dictionary_missing_strict_and_lenient);
    tcase_add_test(tc, dictionary_customers_across_blocks);
    tcase_add_test(tc, dictionary_on_one_scale);
    tcase_add_test(tc, dictionary_allocation_failure);
    suite_add_tcase(s, tc);
    return s;
}
