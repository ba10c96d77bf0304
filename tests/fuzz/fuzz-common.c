/* The shared map and analysis of the event targets. */
#include "fuzz-common.h"

cjm_journey *fuzz_map(void)
{
    cjm_journey *map = cjm_journey_new("fuzz", "Fuzz map");
    cjm_stage *s[3];
    cjm_touchpoint *t;
    const char *stages[] = { "discover", "buy", "use" };
    const char *touchpoints[][2] = { { "ad", "social" }, { "web", "web" }, { "shop", "store" },
                                     { "mail", "email" }, { "call", "phone" }, { "chat", "chat" } };
    if (!map)
        abort();
    for (size_t i = 0; i < 3; i++)
        if (cjm_journey_add_stage(&s[i], map, stages[i], stages[i]) != CJM_OK)
            abort();
    for (size_t i = 0; i < 6; i++)
        if (cjm_stage_add_touchpoint(&t, s[i / 2], touchpoints[i][0], touchpoints[i][0],
                                     touchpoints[i][1]) != CJM_OK)
            abort();
    cjm_stage_set_expected_duration(s[0], 3600000);
    cjm_touchpoint_add_feedback(NULL, cjm_journey_find_touchpoint(map, "web"), -1, -2, 2);
    return map;
}

static void read_report(const cjm_report *report)
{
    volatile uint64_t sum = cjm_report_customers(report) + cjm_report_events(report);
    for (size_t i = 0; i < cjm_report_stage_count(report); i++)
        sum += cjm_report_stage_reached(report, i) + cjm_report_stage_dropped(report, i);
    for (size_t i = 0; i < cjm_report_touchpoint_count(report); i++)
        sum += cjm_report_touchpoint_events(report, i);
    for (size_t i = 0; i < cjm_report_gap_count(report); i++)
        FUZZ_ASSERT(cjm_gap_message(cjm_report_gap(report, i)) != NULL);
    (void)sum;
}

void fuzz_analyse(const uint8_t *data, size_t size, fuzz_reader read, void *userdata)
{
    cjm_journey *map = fuzz_map();
    cjm_options *options = cjm_options_new();
    cjm_options_set_lenient(options, true);
    cjm_options_set_threads(options, 1);
    cjm_options_set_min_customers(options, 1);
    cjm_analysis *analysis = cjm_analysis_new(map, options);
    FUZZ_ASSERT(analysis != NULL);
    if (read(data, size, cjm_analysis_sink, analysis, userdata) == CJM_OK) {
        cjm_report *report;
        FUZZ_ASSERT(cjm_analysis_report(&report, analysis) == CJM_OK);
        read_report(report);
        cjm_report_free(report);
    }
    cjm_analysis_free(analysis);
    cjm_options_free(options);
    cjm_journey_free(map);
}
