/* Shared by the suites: status assertions and the example map. */
#ifndef CJM_TEST_HELPERS_H
#define CJM_TEST_HELPERS_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <cjm/cjm.h>

/* Asserts a call's status, showing the library's message on a mismatch. */
#define ck_assert_status(call, expected)                                      \
    do {                                                                      \
        cjm_status got_ = (call);                                             \
        ck_assert_msg(got_ == (expected), "%s returned %s, expected %s: %s",  \
                      #call, cjm_status_name(got_), cjm_status_name(expected),\
                      cjm_last_error());                                      \
    } while (0)

#define ck_assert_ok(call) ck_assert_status(call, CJM_OK)

/* Asserts that the last error message names `part`. */
#define ck_assert_error_mentions(part)                                        \
    ck_assert_msg(strstr(cjm_last_error(), (part)) != NULL,                   \
                  "message \"%s\" does not mention \"%s\"", cjm_last_error(), \
                  (part))

/* A count of generated events for a test that checks figures over much
 * data: `full` normally, a tenth of it when CJM_TEST_SMALL is set in the
 * environment (as the valgrind setup does: the same checks over less data,
 * the full size being run natively and under the sanitizers). */
unsigned long test_size(unsigned long full);
/* How many times needle stands in text (overlapping ones counted). */
size_t count_in(const char *text, const char *needle);

/* Whether CJM_TEST_SMALL is set. */
bool test_small(void);

/*
 * The retail map used across suites:
 *   discover  Discovery: social-ad (social, Marketing, optional, +1 on [-2,2]),
 *                        search-ad (web, Marketing)
 *   compare   Compare:   compare-web (web, E-commerce, 2 on [1,5] and -2 on
 *                        [-2,2]), store-visit (store, no owner)
 *   purchase  Purchase:  checkout (web, E-commerce, 5 on [1,5]),
 *                        pay-store (store, Retail, optional)
 *   service   Service:   support-call (phone, Support)
 *   loyalty   Loyalty:   (no touchpoint)
 */
cjm_journey *retail_map(void);

#endif
