/* Writes the benchmark's data as files: the map as a journey document, the
 * events as JSON Lines, and (optionally) the library's own report of them,
 * computed through the columns call, to compare with other paths.
 *
 *   cjm-bench-export MAP.json EVENTS.jsonl EVENT_COUNT [REPORT.json]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <cjm/json.h>

#include "generate.h"

static int fail(void)
{
    fprintf(stderr, "cjm-bench-export: %s\n", cjm_last_error());
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: cjm-bench-export MAP.json EVENTS.jsonl EVENT_COUNT [REPORT.json]\n");
        return 2;
    }
    cjm_journey *map = gen_map();
    FILE *events = fopen(argv[2], "w");
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    cjm_event *e = cjm_event_new();
    gen_batch b;
    gen_state g;
    if (!events || gen_batch_init(&b, 65536) < 0)
        return fprintf(stderr, "cjm-bench-export: cannot write %s\n", argv[2]), 1;
    if (cjm_json_write_journey_path(argv[1], map, 0) != CJM_OK)
        return fail();
    gen_start(&g, 42, strtoull(argv[3], NULL, 10));
    while (gen_next(&g, &b)) {
        if (cjm_analysis_add_columns(a, b.count, b.customers, b.at, b.touchpoints, b.channels,
                                     b.stages, b.scores, b.scale_min, b.scale_max) != CJM_OK)
            return fail();
        for (size_t i = 0; i < b.count; i++) {
            cjm_event_clear(e);
            cjm_event_set_customer(e, b.customers[i]);
            cjm_event_set_at(e, b.at[i]);
            cjm_event_set_touchpoint(e, b.touchpoints[i]);
            cjm_event_set_channel(e, b.channels[i]);
            cjm_event_set_stage(e, b.stages[i]);
            if (!isnan(b.scores[i]))
                cjm_event_set_feedback(e, b.scores[i], b.scale_min[i], b.scale_max[i]);
            if (cjm_json_event_sink(e, events) != CJM_OK)
                return fail();
        }
    }
    if (fclose(events) != 0)
        return fprintf(stderr, "cjm-bench-export: cannot write %s\n", argv[2]), 1;
    if (argc == 5) {
        cjm_report *r = NULL;
        if (cjm_analysis_report(&r, a) != CJM_OK ||
            cjm_json_write_report_path(argv[4], r, 0) != CJM_OK)
            return fail();
        cjm_report_free(r);
    }
    gen_batch_free(&b);
    cjm_event_free(e);
    cjm_analysis_free(a);
    cjm_journey_free(map);
    return 0;
}
