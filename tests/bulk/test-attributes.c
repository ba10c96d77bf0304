/* Event attributes: the event handle's set, get, count and iteration with
 * every rule, and the columns calls with attribute columns, in which the
 * analysis checks attributes and holds nothing of them. */
#include <string.h>

#include "../common/alloc-fail.h"
#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"

START_TEST(set_get_count_iterate)
{
    cjm_event *e = cjm_event_new();
    ck_assert_uint_eq(cjm_event_attribute_count(e), 0);
    ck_assert_ok(cjm_event_set_attribute(e, "plan", "pro"));
    ck_assert_ok(cjm_event_set_attribute(e, "region", "EU"));
    ck_assert_ok(cjm_event_set_attribute(e, "seats", ""));
    ck_assert_uint_eq(cjm_event_attribute_count(e), 3);
    ck_assert_str_eq(cjm_event_attribute(e, "plan"), "pro");
    ck_assert_str_eq(cjm_event_attribute(e, "seats"), "");
    ck_assert_ptr_null(cjm_event_attribute(e, "Plan")); /* byte for byte */
    /* Replacing keeps the place; removing keeps the others' order. */
    ck_assert_ok(cjm_event_set_attribute(e, "plan", "free"));
    ck_assert_str_eq(cjm_event_attribute_key(e, 0), "plan");
    ck_assert_str_eq(cjm_event_attribute_value(e, 0), "free");
    ck_assert_ok(cjm_event_set_attribute(e, "plan", NULL));
    ck_assert_ok(cjm_event_set_attribute(e, "absent", NULL));
    ck_assert_uint_eq(cjm_event_attribute_count(e), 2);
    ck_assert_str_eq(cjm_event_attribute_key(e, 0), "region");
    ck_assert_str_eq(cjm_event_attribute_key(e, 1), "seats");
    ck_assert_ptr_null(cjm_event_attribute_key(e, 2));
    ck_assert_ptr_null(cjm_event_attribute_value(e, 2));
    ck_assert_ok(cjm_event_set_attribute(e, "plan", "team")); /* a removed slot reused */
    ck_assert_str_eq(cjm_event_attribute_key(e, 2), "plan");
    ck_assert_str_eq(cjm_event_attribute_value(e, 2), "team");
    /* Tab, line ends and other scripts are text; 1,024 bytes is the most. */
    char longest[CJM_ATTRIBUTE_VALUE_MAX + 2];
    memset(longest, 'x', CJM_ATTRIBUTE_VALUE_MAX);
    longest[CJM_ATTRIBUTE_VALUE_MAX] = '\0';
    ck_assert_ok(cjm_event_set_attribute(e, "note", longest));
    ck_assert_ok(cjm_event_set_attribute(e, "città", "a\tb\r\nc é"));
    ck_assert_uint_eq(cjm_event_attribute_count(e), 5);
    cjm_event_clear(e);
    ck_assert_uint_eq(cjm_event_attribute_count(e), 0);
    ck_assert_ptr_null(cjm_event_attribute(e, "plan"));
    ck_assert_ok(cjm_event_set_attribute(e, "plan", "pro"));
    cjm_event_clear_attributes(e);
    ck_assert_uint_eq(cjm_event_attribute_count(e), 0);
    cjm_event_clear_attributes(NULL);
    ck_assert_uint_eq(cjm_event_attribute_count(NULL), 0);
    ck_assert_ptr_null(cjm_event_attribute(NULL, "plan"));
    ck_assert_ptr_null(cjm_event_attribute(e, NULL));
    ck_assert_ptr_null(cjm_event_attribute_key(NULL, 0));
    ck_assert_ptr_null(cjm_event_attribute_value(NULL, 0));
    cjm_event_free(e);
}
END_TEST

START_TEST(bad_attributes_change_nothing)
{
    cjm_event *e = cjm_event_new();
    ck_assert_ok(cjm_event_set_attribute(e, "plan", "pro"));
    char key[CJM_ID_MAX + 2], value[CJM_ATTRIBUTE_VALUE_MAX + 2];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    memset(value, 'v', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    static const struct { const char *key, *value; cjm_status status; const char *says; } bad[] = {
        { "", "x", CJM_ERR_INVALID, "attribute key: empty" },
        { "a\tb", "x", CJM_ERR_INVALID, "attribute key: control character 0x09" },
        { "a\xff", "x", CJM_ERR_INVALID, "attribute key: invalid UTF-8" },
        { "plan", "a\x01", CJM_ERR_INVALID, "attribute \"plan\": control character 0x01" },
        { "plan", "\xc3", CJM_ERR_INVALID, "attribute \"plan\": invalid UTF-8" },
        { "plan", "\xc2\x85", CJM_ERR_INVALID, "control character U+0085 at byte 0" }, /* C1 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_status(cjm_event_set_attribute(e, bad[i].key, bad[i].value), bad[i].status);
        ck_assert_error_mentions("cjm_event_set_attribute: ");
        ck_assert_error_mentions(bad[i].says);
    }
    ck_assert_status(cjm_event_set_attribute(e, key, "x"), CJM_ERR_INVALID);
    ck_assert_error_mentions("attribute key: longer than 256 bytes");
    ck_assert_status(cjm_event_set_attribute(e, "plan", value), CJM_ERR_LIMIT);
    ck_assert_error_mentions("attribute \"plan\": longer than 1024 bytes");
    ck_assert_status(cjm_event_set_attribute(e, NULL, "x"), CJM_ERR_INVALID);
    ck_assert_status(cjm_event_set_attribute(e, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_event_set_attribute(NULL, "plan", "x"), CJM_ERR_INVALID);
    ck_assert_error_mentions("event: NULL");
    ck_assert_uint_eq(cjm_event_attribute_count(e), 1);
    ck_assert_str_eq(cjm_event_attribute(e, "plan"), "pro");
    /* At most CJM_ATTRIBUTES_MAX; a key it has can still change. */
    for (int i = 1; i < CJM_ATTRIBUTES_MAX; i++) {
        char k[16];
        snprintf(k, sizeof k, "k%d", i);
        ck_assert_ok(cjm_event_set_attribute(e, k, "v"));
    }
    ck_assert_status(cjm_event_set_attribute(e, "one-more", "v"), CJM_ERR_LIMIT);
    ck_assert_error_mentions("attribute \"one-more\": the event has 1000 attributes already");
    ck_assert_ok(cjm_event_set_attribute(e, "plan", "team"));
    ck_assert_uint_eq(cjm_event_attribute_count(e), CJM_ATTRIBUTES_MAX);
    cjm_event_free(e);
}
END_TEST

START_TEST(allocation_failures)
{
    failalloc_install();
    for (long n = 1;; n++) {
        cjm_event *e = cjm_event_new();
        ck_assert_ptr_nonnull(e);
        ck_assert_ok(cjm_event_set_attribute(e, "a", "1"));
        failalloc_arm(n, false);
        cjm_status rc = cjm_event_set_attribute(e, "b", "2");
        if (rc == CJM_OK)
            rc = cjm_event_set_attribute(e, "a", "a longer value than before");
        if (rc == CJM_OK)
            rc = cjm_event_set_attribute(e, "c", "3");
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (rc != CJM_OK) {
            ck_assert_int_eq(rc, CJM_ERR_NOMEM);
            ck_assert_str_eq(cjm_event_attribute_key(e, 0), "a");
            /* What failed is not there, what came before is. */
            const char *a = cjm_event_attribute(e, "a");
            ck_assert(strcmp(a, "1") == 0 || strcmp(a, "a longer value than before") == 0);
            ck_assert_ptr_null(cjm_event_attribute(e, "c"));
        }
        cjm_event_free(e);
        ck_assert_int_eq(failalloc_live(), 0);
        if (!tripped) {
            ck_assert_ok(rc);
            break;
        }
    }
    failalloc_uninstall();
}
END_TEST

/* Adds every funnel event through an event handle, with attributes or
 * without; the analyses hold the same. */
START_TEST(analysis_ignores_attributes)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *plain = cjm_analysis_new(map, NULL), *rich = cjm_analysis_new(map, NULL);
    cjm_event *e = cjm_event_new();
    for (size_t i = 0; i < FUNNEL_EVENTS; i++) {
        const test_event *t = &funnel_events[i];
        ck_assert_ok(cjm_analysis_add(plain, t->customer, t->at, t->touchpoint, t->channel,
                                      t->stage));
        cjm_event_clear(e);
        ck_assert_ok(cjm_event_set_customer(e, t->customer));
        ck_assert_ok(cjm_event_set_at(e, t->at));
        ck_assert_ok(cjm_event_set_touchpoint(e, t->touchpoint));
        ck_assert_ok(cjm_event_set_channel(e, t->channel));
        ck_assert_ok(cjm_event_set_stage(e, t->stage));
        ck_assert_ok(cjm_event_set_attribute(e, "plan", i % 2 ? "pro" : "free"));
        ck_assert_ok(cjm_analysis_add_event(rich, e));
    }
    void *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    ck_assert_ok(cjm_analysis_serialize(&a, &na, plain));
    ck_assert_ok(cjm_analysis_serialize(&b, &nb, rich));
    ck_assert_uint_eq(na, nb);
    ck_assert(memcmp(a, b, na) == 0); /* nothing of the attributes is held */
    cjm_free(a);
    cjm_free(b);
    cjm_event_free(e);
    cjm_analysis_free(plain);
    cjm_analysis_free(rich);
    cjm_journey_free(map);
}
END_TEST

enum { N = 4 };
static const char *const customers[N] = { "c-1", "c-1", "c-2", "c-3" };
static const int64_t at[N] = { 1000, 2000, 3000, 4000 };
static const char *const touchpoints[N] = { "t-x", "t-y", "t-x", "t-y" };
static const char *const channels[N] = { "web", "web", "email", "web" };

static cjm_analysis *lenient_analysis(const cjm_journey *map, bool lenient)
{
    cjm_options *o = cjm_options_new();
    cjm_options_set_lenient(o, lenient);
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    return a;
}

static cjm_status add_with(cjm_analysis *a, const cjm_attribute_column *attributes, size_t count)
{
    return cjm_analysis_add_columns_with_attributes(a, N, customers, at, touchpoints, channels,
                                                    NULL, NULL, NULL, NULL, attributes, count);
}

START_TEST(columns_with_attributes)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = lenient_analysis(map, false);
    static const char *const plan[N] = { "pro", NULL, "free", "pro" };
    /* A categorical column: codes into "pro", "free"; -1 is missing. */
    static const int32_t codes[N] = { 0, 1, -1, 0 };
    static const int64_t offsets[3] = { 0, 3, 7 };
    const cjm_dictionary_column region = { codes, 2, offsets, "EU\t1APAC" };
    cjm_attribute_column columns[2] = { { "plan", plan, NULL }, { "region", NULL, &region } };
    ck_assert_ok(add_with(a, columns, 2));
    ck_assert_ok(add_with(a, NULL, 0));
    ck_assert_uint_eq(cjm_analysis_event_count(a), 2 * N);

    /* Call errors: the columns themselves. */
    cjm_attribute_column wrong[2] = { { "plan", plan, NULL }, { "plan", plan, NULL } };
    ck_assert_status(add_with(a, wrong, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_add_columns_with_attributes: attributes[1]: key \"plan\" again");
    wrong[1] = (cjm_attribute_column){ "", plan, NULL };
    ck_assert_status(add_with(a, wrong, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("attributes[1].key: empty");
    wrong[1] = (cjm_attribute_column){ NULL, plan, NULL };
    ck_assert_status(add_with(a, wrong, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("attributes[1].key: NULL");
    wrong[1] = (cjm_attribute_column){ "x", plan, &region };
    ck_assert_status(add_with(a, wrong, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("attribute \"x\": give values or a dictionary, not both");
    wrong[1] = (cjm_attribute_column){ "x", NULL, NULL };
    ck_assert_status(add_with(a, wrong, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("not neither");
    ck_assert_status(add_with(a, NULL, 1), CJM_ERR_INVALID);
    ck_assert_error_mentions("attributes: NULL");
    ck_assert_status(add_with(a, columns, CJM_ATTRIBUTES_MAX + 1), CJM_ERR_LIMIT);
    ck_assert_error_mentions("attribute_count: more than 1000 attributes");
    static const int32_t far[N] = { 0, 2, 0, 0 };
    const cjm_dictionary_column past = { far, 2, offsets, "EU\t1APAC" };
    wrong[1] = (cjm_attribute_column){ "x", NULL, &past };
    ck_assert_status(add_with(a, wrong, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("event 1: attribute \"x\": code 2 past the 2 strings");
    static const int64_t down[3] = { 0, 3, 2 };
    const cjm_dictionary_column unordered = { codes, 2, down, "EU\t1APAC" };
    wrong[1] = (cjm_attribute_column){ "x", NULL, &unordered };
    ck_assert_status(add_with(a, wrong, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("offsets: 1 and 2 not in order");
    const cjm_dictionary_column no_data = { codes, 2, offsets, NULL };
    wrong[1] = (cjm_attribute_column){ "x", NULL, &no_data };
    ck_assert_status(add_with(a, wrong, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("attribute \"x\": data: NULL");
    const cjm_dictionary_column no_codes = { NULL, 2, offsets, "EU\t1APAC" };
    wrong[1] = (cjm_attribute_column){ "x", NULL, &no_codes };
    ck_assert_status(add_with(a, wrong, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("attribute \"x\": codes: NULL");
    ck_assert_uint_eq(cjm_analysis_event_count(a), 2 * N);

    /* Bad values: the event fails the call in strict mode, naming it. */
    char huge[CJM_ATTRIBUTE_VALUE_MAX + 2];
    memset(huge, 'h', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    const char *bad_values[N] = { "ok", "ok", huge, "a\x02" };
    cjm_attribute_column bad[1] = { { "note", bad_values, NULL } };
    ck_assert_status(add_with(a, bad, 1), CJM_ERR_LIMIT);
    ck_assert_error_mentions("cjm_analysis_add_columns_with_attributes: event 2: attribute \"note\": longer than 1024 bytes");
    ck_assert_uint_eq(cjm_analysis_event_count(a), 2 * N);
    /* A dictionary string with a NUL byte or a control character. */
    static const int64_t nul_offsets[3] = { 0, 2, 5 };
    const cjm_dictionary_column nul = { codes, 2, nul_offsets, "o\0k\x01xx" };
    cjm_attribute_column bad_dict[1] = { { "note", NULL, &nul } };
    ck_assert_status(add_with(a, bad_dict, 1), CJM_ERR_INVALID);
    ck_assert_error_mentions("event 0: attribute \"note\": NUL byte at byte 1");

    /* In lenient mode they are skipped and counted. */
    cjm_analysis *l = lenient_analysis(map, true);
    ck_assert_ok(add_with(l, bad, 1));
    ck_assert_uint_eq(cjm_analysis_event_count(l), 2);
    ck_assert_uint_eq(cjm_analysis_rejected_count(l), 2);
    ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(l, 1),
                                 "event 3: attribute \"note\": control character 0x02"));
    ck_assert_ok(add_with(l, bad_dict, 1)); /* events 0, 1, 3 use a bad string */
    ck_assert_uint_eq(cjm_analysis_event_count(l), 3);
    ck_assert_uint_eq(cjm_analysis_rejected_count(l), 5);

    /* The dictionary call takes attribute columns the same way. */
    static const int32_t seq[N] = { 0, 0, 1, 2 };
    static const int64_t cu_off[4] = { 0, 3, 6, 9 };
    const cjm_dictionary_column cu = { seq, 3, cu_off, "c-1c-2c-3" };
    static const int32_t tcodes[N] = { 0, 1, 0, 1 };
    static const int64_t t_off[3] = { 0, 3, 6 };
    const cjm_dictionary_column tp = { tcodes, 2, t_off, "t-xt-y" };
    static const int32_t chcodes[N] = { 0, 0, 0, 0 };
    static const int64_t ch_off[2] = { 0, 3 };
    const cjm_dictionary_column ch = { chcodes, 1, ch_off, "web" };
    cjm_analysis *d = lenient_analysis(map, false);
    ck_assert_ok(cjm_analysis_add_dictionary_with_attributes(d, N, &cu, at, &tp, &ch, NULL, NULL,
                                                             NULL, NULL, columns, 2));
    ck_assert_uint_eq(cjm_analysis_event_count(d), N);
    ck_assert_status(cjm_analysis_add_dictionary_with_attributes(d, N, &cu, at, &tp, &ch, NULL,
                                                                 NULL, NULL, NULL, bad, 1),
                     CJM_ERR_LIMIT);
    ck_assert_error_mentions("cjm_analysis_add_dictionary_with_attributes: event 2: attribute \"note\"");
    ck_assert_status(cjm_analysis_add_dictionary_with_attributes(d, N, &cu, at, &tp, &ch, NULL,
                                                                 NULL, NULL, NULL, wrong, 2),
                     CJM_ERR_INVALID);
    ck_assert_ok(cjm_analysis_add_dictionary_with_attributes(d, 0, NULL, NULL, NULL, NULL, NULL,
                                                             NULL, NULL, NULL, NULL, 0));
    ck_assert_uint_eq(cjm_analysis_event_count(d), N);
    ck_assert_status(cjm_analysis_add_columns_with_attributes(NULL, 0, NULL, NULL, NULL, NULL,
                                                              NULL, NULL, NULL, NULL, NULL, 0),
                     CJM_ERR_INVALID);
    cjm_analysis_free(d);
    cjm_analysis_free(l);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(columns_allocation_failures)
{
    cjm_journey *map = funnel_map();
    static const char *const plan[N] = { "pro", NULL, "free", "pro" };
    static const int32_t codes[N] = { 0, 1, -1, 0 };
    static const int64_t offsets[3] = { 0, 2, 6 };
    const cjm_dictionary_column region = { codes, 2, offsets, "EUAPAC" };
    cjm_attribute_column columns[2] = { { "plan", plan, NULL }, { "region", NULL, &region } };
    failalloc_install();
    for (long n = 1;; n++) {
        cjm_analysis *a = cjm_analysis_new(map, NULL);
        ck_assert_ptr_nonnull(a);
        failalloc_arm(n, false);
        cjm_status rc = add_with(a, columns, 2);
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        ck_assert_uint_eq(cjm_analysis_event_count(a), rc == CJM_OK ? N : 0);
        cjm_analysis_free(a);
        ck_assert_int_eq(failalloc_live(), 0);
        if (!tripped) {
            ck_assert_ok(rc);
            break;
        }
        ck_assert_int_eq(rc, CJM_ERR_NOMEM);
    }
    failalloc_uninstall();
    cjm_journey_free(map);
}
END_TEST

Suite *suite_attributes(void)
{
    Suite *s = suite_create("attributes");
    TCase *tc = tcase_create("attributes");
    tcase_add_test(tc, set_get_count_iterate);
    tcase_add_test(tc, bad_attributes_change_nothing);
    tcase_add_test(tc, allocation_failures);
    tcase_add_test(tc, analysis_ignores_attributes);
    tcase_add_test(tc, columns_with_attributes);
    tcase_add_test(tc, columns_allocation_failures);
    suite_add_tcase(s, tc);
    return s;
}
