/* The one test runner. `meson test` runs each suite on its own by setting
 * CK_RUN_SUITE; run it bare to run them all. */
#include <stdlib.h>
#include <check.h>

#include "suites.h"

int main(void)
{
    SRunner *runner = srunner_create(suite_errors());
    srunner_add_suite(runner, suite_text());
    srunner_add_suite(runner, suite_time());
    srunner_add_suite(runner, suite_model());
    srunner_add_suite(runner, suite_copy());
    srunner_add_suite(runner, suite_alloc());
    srunner_add_suite(runner, suite_options());
    srunner_add_suite(runner, suite_sequence());
    srunner_add_suite(runner, suite_compare());
    srunner_add_suite(runner, suite_gaps());
    srunner_add_suite(runner, suite_evidence());
    srunner_add_suite(runner, suite_report());
    srunner_add_suite(runner, suite_report_tables());
    srunner_add_suite(runner, suite_report_flow());
    srunner_add_suite(runner, suite_report_paths());
    srunner_add_suite(runner, suite_bulk());
    srunner_add_suite(runner, suite_bulk_alloc());
    srunner_add_suite(runner, suite_bulk_dictionary());
    srunner_add_suite(runner, suite_attributes());
    srunner_add_suite(runner, suite_segments());
    srunner_add_suite(runner, suite_serialize());
    srunner_add_suite(runner, suite_merge_serialized());
    srunner_add_suite(runner, suite_cancel());
    srunner_add_suite(runner, suite_customers());
    srunner_add_suite(runner, suite_svg());
    srunner_add_suite(runner, suite_html());
    srunner_add_suite(runner, suite_threads());
#ifdef CJM_TEST_JSON
    srunner_add_suite(runner, suite_json_journey());
    srunner_add_suite(runner, suite_json_report());
    srunner_add_suite(runner, suite_json_events());
#endif
#ifdef CJM_TEST_XML
    srunner_add_suite(runner, suite_xml_journey());
    srunner_add_suite(runner, suite_xml_xes());
#endif
    srunner_run_all(runner, CK_ENV);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
