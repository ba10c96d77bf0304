/* Analysis state as bytes: round trips, merges of deserialized parts, and
 * bytes that are not a state. */
#include <stdlib.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../../bench/generate.h"
#include "../suites.h"

static cjm_analysis *funnel_analysis(const cjm_journey *map, bool lenient)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_lenient(o, lenient));
    ck_assert_ok(cjm_options_set_min_customers(o, 4));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    if (lenient)
        ck_assert_ok(cjm_analysis_add(a, "bad", 1, "kiosk", NULL, NULL));
    return a;
}

static cjm_report *report_of(const cjm_analysis *a)
{
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    return r;
}

START_TEST(round_trip)
{
    cjm_journey *map = funnel_map();
    for (int lenient = 0; lenient < 2; lenient++) {
        cjm_analysis *a = funnel_analysis(map, lenient), *b = NULL;
        void *bytes = NULL, *again = NULL;
        size_t size = 0, size2 = 0;
        ck_assert_ok(cjm_analysis_serialize(&bytes, &size, a));
        ck_assert_ok(cjm_analysis_deserialize(&b, map, bytes, size));
        cjm_report *want = report_of(a), *got = report_of(b);
        assert_reports_equal(want, got); /* options travel: min_customers 4 */
        ck_assert_int_eq(cjm_analysis_rejected_count(b), (uint64_t)lenient);
        ck_assert_ok(cjm_analysis_serialize(&again, &size2, b));
        ck_assert_int_eq(size, size2);
        ck_assert_int_eq(memcmp(bytes, again, size), 0);
        /* The state keeps working: more events, then the same as adding them to a. */
        ck_assert_ok(cjm_analysis_add(a, "late", 99, "ad", NULL, NULL));
        ck_assert_ok(cjm_analysis_add(b, "late", 99, "ad", NULL, NULL));
        cjm_report *x = report_of(a), *y = report_of(b);
        assert_reports_equal(x, y);
        cjm_report_free(x);
        cjm_report_free(y);
        cjm_report_free(want);
        cjm_report_free(got);
        cjm_free(bytes);
        cjm_free(again);
        cjm_analysis_free(a);
        cjm_analysis_free(b);
    }
    /* An empty analysis too. */
    cjm_analysis *empty = cjm_analysis_new(map, NULL), *back = NULL;
    void *bytes;
    size_t size;
    ck_assert_ok(cjm_analysis_serialize(&bytes, &size, empty));
    ck_assert_ok(cjm_analysis_deserialize(&back, map, bytes, size));
    ck_assert_int_eq(cjm_analysis_event_count(back), 0);
    cjm_free(bytes);
    cjm_analysis_free(empty);
    cjm_analysis_free(back);
    cjm_journey_free(map);
}
END_TEST

START_TEST(parts_travel_and_merge)
{
    /* Generated data split by customer parity, each part sent as bytes and
     * merged on the other side: the report of the whole. */
    cjm_journey *map = gen_map();
    cjm_analysis *all = cjm_analysis_new(map, NULL);
    cjm_analysis *parts[2] = { cjm_analysis_new(map, NULL), cjm_analysis_new(map, NULL) };
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 30000), 0);
    gen_start(&g, 11, 60000);
    while (gen_next(&g, &b)) {
        ck_assert_ok(cjm_analysis_add_columns(all, b.count, b.customers, b.at, b.touchpoints,
                                              b.channels, b.stages, b.scores, b.scale_min,
                                              b.scale_max));
        for (size_t i = 0; i < b.count; i++) {
            size_t len = strlen(b.customers[i]);
            cjm_analysis *to = parts[(b.customers[i][len - 1] - '0') % 2];
            ck_assert_ok(cjm_analysis_add_columns(to, 1, b.customers + i, b.at + i,
                                                  b.touchpoints + i, b.channels + i,
                                                  b.stages + i, b.scores + i,
                                                  b.scale_min + i, b.scale_max + i));
        }
    }
    gen_batch_free(&b);
    cjm_analysis *merged = NULL;
    for (int p = 0; p < 2; p++) {
        void *bytes;
        size_t size;
        cjm_analysis *received = NULL;
        ck_assert_ok(cjm_analysis_serialize(&bytes, &size, parts[p]));
        ck_assert_ok(cjm_analysis_deserialize(&received, map, bytes, size));
        cjm_free(bytes);
        if (!merged) {
            merged = received;
        } else {
            ck_assert_ok(cjm_analysis_merge(merged, received));
            cjm_analysis_free(received);
        }
        cjm_analysis_free(parts[p]);
    }
    cjm_report *want = report_of(all), *got = report_of(merged);
    assert_reports_equal(want, got);
    cjm_report_free(want);
    cjm_report_free(got);
    cjm_analysis_free(all);
    cjm_analysis_free(merged);
    cjm_journey_free(map);
}
END_TEST

START_TEST(bad_bytes)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = funnel_analysis(map, true), *b = NULL;
    unsigned char *bytes;
    size_t size;
    ck_assert_ok(cjm_analysis_serialize((void **)&bytes, &size, a));
    /* Every prefix. */
    for (size_t n = 0; n < size; n++) {
        ck_assert_msg(cjm_analysis_deserialize(&b, map, bytes, n) != CJM_OK,
                      "a prefix of %zu bytes was accepted", n);
        ck_assert_ptr_null(b);
        ck_assert_error_mentions("cjm_analysis_deserialize: byte");
    }
    /* Random flips: an error or a working analysis, never a crash. */
    unsigned char *copy = malloc(size + 1);
    srand(5);
    for (int round = 0; round < 3000; round++) {
        memcpy(copy, bytes, size);
        for (int k = 0; k < 1 + round % 4; k++)
            copy[(size_t)rand() % size] ^= (unsigned char)(1 + rand() % 255);
        if (cjm_analysis_deserialize(&b, map, copy, size) == CJM_OK) {
            cjm_report *r = report_of(b);
            cjm_report_free(r);
            cjm_analysis_free(b);
            b = NULL;
        }
    }
    /* Trailing bytes, another map, another version, not a state at all. */
    memcpy(copy, bytes, size);
    copy[size] = 0;
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size + 1), CJM_ERR_PARSE);
    ck_assert_error_mentions("bytes after the end of the state");
    cjm_journey *other = funnel_map();
    ck_assert_ok(cjm_touchpoint_set_owner(cjm_journey_find_touchpoint(other, "call"), "Sales"));
    ck_assert_status(cjm_analysis_deserialize(&b, other, bytes, size), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("belongs to another map");
    copy[4] = 2;
    ck_assert_status(cjm_analysis_deserialize(&b, map, copy, size), CJM_ERR_UNSUPPORTED);
    ck_assert_status(cjm_analysis_deserialize(&b, map, "CJMX", 4), CJM_ERR_PARSE);
    ck_assert_error_mentions("not a cjm analysis state");
    ck_assert_status(cjm_analysis_deserialize(&b, NULL, bytes, size), CJM_ERR_INVALID);
    ck_assert_status(cjm_analysis_serialize(NULL, &size, a), CJM_ERR_INVALID);
    free(copy);
    cjm_free(bytes);
    cjm_analysis_free(a);
    cjm_journey_free(other);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_serialize(void)
{
    Suite *s = suite_create("serialize");
    TCase *tc = tcase_create("serialize");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, parts_travel_and_merge);
    tcase_add_test(tc, bad_bytes);
    suite_add_tcase(s, tc);
    return s;
}
