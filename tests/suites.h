/* Every suite of the runner, one per source area. */
#ifndef CJM_TEST_SUITES_H
#define CJM_TEST_SUITES_H

#include <check.h>

Suite *suite_errors(void);
Suite *suite_text(void);
Suite *suite_time(void);
Suite *suite_model(void);
Suite *suite_copy(void);
Suite *suite_alloc(void);
Suite *suite_options(void);
Suite *suite_sequence(void);
Suite *suite_compare(void);
Suite *suite_gaps(void);
Suite *suite_evidence(void);
Suite *suite_report(void);
Suite *suite_report_tables(void);
Suite *suite_report_flow(void);
Suite *suite_report_paths(void);
Suite *suite_bulk(void);
Suite *suite_bulk_alloc(void);
Suite *suite_bulk_dictionary(void);
Suite *suite_attributes(void);
Suite *suite_segments(void);
Suite *suite_serialize(void);
Suite *suite_merge_serialized(void);
Suite *suite_cancel(void);
Suite *suite_customers(void);
Suite *suite_svg(void);
Suite *suite_html(void);
Suite *suite_threads(void);
#ifdef CJM_TEST_JSON
Suite *suite_json_journey(void);
Suite *suite_json_report(void);
Suite *suite_json_events(void);
#endif
#ifdef CJM_TEST_XML
Suite *suite_xml_journey(void);
Suite *suite_xml_xes(void);
#endif

#endif
