/* The tests of one customer from the events, part of the compare suite. */
#ifndef CJM_TEST_CUSTOMER_EVENTS_H
#define CJM_TEST_CUSTOMER_EVENTS_H

#include <check.h>

void add_customer_events_tests(TCase *tc);

#endif
