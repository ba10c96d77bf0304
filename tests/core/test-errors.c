/* Status names, the per-thread error slot, the allocator hook, version. */
#include <pthread.h>
#include <stdlib.h>

#include "../common/helpers.h"
#include "../suites.h"

START_TEST(status_names_are_fixed)
{
    ck_assert_int_eq(CJM_OK, 0);
    ck_assert_int_eq(CJM_ERR_INVALID, -1);
    ck_assert_int_eq(CJM_ERR_NOMEM, -2);
    ck_assert_int_eq(CJM_ERR_RANGE, -3);
    ck_assert_int_eq(CJM_ERR_DUPLICATE, -4);
    ck_assert_int_eq(CJM_ERR_NOT_FOUND, -5);
    ck_assert_int_eq(CJM_ERR_PARSE, -6);
    ck_assert_int_eq(CJM_ERR_IO, -7);
    ck_assert_int_eq(CJM_ERR_LIMIT, -8);
    ck_assert_int_eq(CJM_ERR_UNSUPPORTED, -9);
    ck_assert_int_eq(CJM_ERR_CONFLICT, -10);
    ck_assert_int_eq(CJM_ERR_CANCELLED, -11);
    ck_assert_str_eq(cjm_status_name(CJM_OK), "CJM_OK");
    ck_assert_str_eq(cjm_status_name(CJM_ERR_DUPLICATE), "CJM_ERR_DUPLICATE");
    ck_assert_str_eq(cjm_status_name(CJM_ERR_CONFLICT), "CJM_ERR_CONFLICT");
    ck_assert_str_eq(cjm_status_name(CJM_ERR_CANCELLED), "CJM_ERR_CANCELLED");
    ck_assert_str_eq(cjm_status_name((cjm_status)-99), "CJM_ERR_UNKNOWN");
    ck_assert_str_eq(cjm_status_name((cjm_status)1), "CJM_ERR_UNKNOWN");
}
END_TEST

START_TEST(last_error_set_by_failure_kept_by_success)
{
    cjm_clear_error();
    ck_assert_str_eq(cjm_last_error(), "");
    ck_assert_int_eq(cjm_last_status(), CJM_OK);
    ck_assert_ptr_null(cjm_journey_new("", "x"));
    ck_assert_int_eq(cjm_last_status(), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_journey_new");
    ck_assert_error_mentions("id");
    cjm_journey *j = cjm_journey_new("ok", "fine");
    ck_assert_ptr_nonnull(j);
    ck_assert_int_eq(cjm_last_status(), CJM_ERR_INVALID); /* like errno */
    cjm_clear_error();
    ck_assert_str_eq(cjm_last_error(), "");
    cjm_journey_free(j);
}
END_TEST

/* A message shows control characters and bytes outside UTF-8 escaped,
 * and a long one is cut between characters, never inside one. */
START_TEST(messages_escape_what_they_quote)
{
    cjm_error_set(CJM_ERR_INVALID, "key x\x1b[2J\n\t\r\x7f\xc2\x85 \xff\xc3 \xc3\xa9\\n");
    ck_assert_str_eq(cjm_last_error(), "key x\\x1b[2J\\n\\t\\r\\x7f\\xc2\\x85 \\xff\\xc3 \xc3\xa9\\n");
    ck_assert_ptr_null(cjm_journey_new("a\x1b", "x"));
    ck_assert_str_eq(cjm_last_error(), "cjm_journey_new: id: control character 0x1b at byte 1");
    char lng[1100];
    memset(lng, 'a', 1022);
    strcpy(lng + 1022, "\xc3\xa9tail");
    cjm_error_set(CJM_ERR_INVALID, lng);
    ck_assert_uint_eq(strlen(cjm_last_error()), 1022);
    memset(lng, 'a', 1020);
    strcpy(lng + 1020, "\x1b");
    cjm_error_set(CJM_ERR_INVALID, lng);
    ck_assert_uint_eq(strlen(cjm_last_error()), 1020);
    cjm_clear_error();
}
END_TEST

static void *fail_in_thread(void *arg)
{
    (void)arg;
    cjm_journey_free(cjm_journey_new(NULL, "x"));
    return (void *)(intptr_t)cjm_last_status();
}

START_TEST(error_slot_is_per_thread)
{
    cjm_clear_error();
    pthread_t thread;
    void *status;
    ck_assert_int_eq(pthread_create(&thread, NULL, fail_in_thread, NULL), 0);
    ck_assert_int_eq(pthread_join(thread, &status), 0);
    ck_assert_int_eq((intptr_t)status, CJM_ERR_INVALID);
    ck_assert_int_eq(cjm_last_status(), CJM_OK);
    ck_assert_str_eq(cjm_last_error(), "");
}
END_TEST

static long counted;
static void *count_malloc(size_t n, void *ud) { (void)ud; counted++; return malloc(n); }
static void *count_realloc(void *p, size_t n, void *ud) { (void)ud; counted++; return realloc(p, n); }
static void count_free(void *p, void *ud) { *(long *)ud += p != NULL; free(p); }

START_TEST(allocator_is_used_and_restored)
{
    long frees = 0;
    counted = 0;
    ck_assert_ok(cjm_set_allocator(count_malloc, count_realloc, count_free, &frees));
    cjm_journey *j = cjm_journey_new("j", "J");
    ck_assert_ok(cjm_journey_add_stage(NULL, j, "s", "S"));
    cjm_journey_free(j);
    ck_assert_int_gt(counted, 2);
    ck_assert_int_gt(frees, 2);
    ck_assert_ok(cjm_set_allocator(NULL, NULL, NULL, NULL));
    long before = counted;
    cjm_journey_free(cjm_journey_new("j", "J"));
    ck_assert_int_eq(counted, before);
}
END_TEST

START_TEST(allocator_needs_all_three)
{
    ck_assert_status(cjm_set_allocator(count_malloc, NULL, count_free, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_set_allocator");
    ck_assert_status(cjm_set_allocator(NULL, NULL, count_free, NULL), CJM_ERR_INVALID);
    counted = 0;
    cjm_journey_free(cjm_journey_new("j", "J"));
    ck_assert_int_eq(counted, 0); /* the default stayed in force */
}
END_TEST

START_TEST(errors_and_memory_for_modules)
{
    ck_assert_int_eq(cjm_error_set(CJM_ERR_PARSE, "events.jsonl:3:7: at: not a time"),
                     CJM_ERR_PARSE);
    ck_assert_int_eq(cjm_last_status(), CJM_ERR_PARSE);
    ck_assert_str_eq(cjm_last_error(), "events.jsonl:3:7: at: not a time");
    ck_assert_int_eq(cjm_error_set(CJM_ERR_IO, NULL), CJM_ERR_IO);
    ck_assert_str_eq(cjm_last_error(), "");
    char long_message[2000];
    memset(long_message, 'x', sizeof long_message - 1);
    long_message[sizeof long_message - 1] = '\0';
    cjm_error_set(CJM_ERR_INVALID, long_message);
    ck_assert_int_eq(strlen(cjm_last_error()), 1023);

    long frees = 0;
    counted = 0;
    ck_assert_ok(cjm_set_allocator(count_malloc, count_realloc, count_free, &frees));
    char *p = cjm_malloc(0);
    ck_assert_ptr_nonnull(p);
    p = cjm_realloc(p, 64);
    ck_assert_ptr_nonnull(p);
    cjm_free(p);
    cjm_free(NULL);
    ck_assert_int_eq(counted, 2);
    ck_assert_int_eq(frees, 1);
    ck_assert_ok(cjm_set_allocator(NULL, NULL, NULL, NULL));
}
END_TEST

START_TEST(version_matches_headers)
{
    ck_assert_str_eq(cjm_version(), CJM_VERSION_STRING);
    ck_assert(CJM_VERSION_AT_LEAST(1, 0, 0));
    ck_assert(!CJM_VERSION_AT_LEAST(CJM_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

Suite *suite_errors(void)
{
    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("errors");
    tcase_add_test(tc, status_names_are_fixed);
    tcase_add_test(tc, last_error_set_by_failure_kept_by_success);
    tcase_add_test(tc, messages_escape_what_they_quote);
    tcase_add_test(tc, error_slot_is_per_thread);
    tcase_add_test(tc, allocator_is_used_and_restored);
    tcase_add_test(tc, allocator_needs_all_three);
    tcase_add_test(tc, errors_and_memory_for_modules);
    tcase_add_test(tc, version_matches_headers);
    suite_add_tcase(s, tc);
    return s;
}
