/* A map's own gaps: the figures of a journey with no events. */
#include "figures.h"
#include "../core/model-private.h"
#include "../core/alloc.h"
#include "../core/error.h"

CJM_EXPORT cjm_status cjm_journey_gaps(cjm_gap_list **out, const cjm_journey *map,
                                       const cjm_options *options)
{
    static const char func[] = "cjm_journey_gaps";
    if (!out || !map)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, out ? "map" : "out");
    cjm_status rc = cjmi_check_map(func, map);
    if (rc != CJM_OK)
        return rc;
    cjmi_stage_figures *stages = cjmi_calloc(map->stage_count, sizeof *stages);
    cjmi_touchpoint_figures *tps = cjmi_calloc(map->touchpoint_count, sizeof *tps);
    if (!stages || !tps) {
        cjmi_free(stages);
        cjmi_free(tps);
        return cjmi_nomem(func);
    }
    size_t place = 0;
    for (size_t s = 0; s < map->stage_count; s++) {
        const cjm_stage *stage = map->stages[s];
        for (size_t t = 0; t < stage->touchpoint_count; t++, place++) {
            const cjm_touchpoint *tp = stage->touchpoints[t];
            tps[place].id = tp->id;
            tps[place].planned = tp;
            tps[place].stage = s;
            for (size_t k = 0; k < tp->feedback_count; k++)
                tps[place].score_sum += tp->feedback[k]->millionths;
            tps[place].feedback = tp->feedback_count;
            stages[s].feedback += tp->feedback_count;
            stages[s].score_sum += tps[place].score_sum;
        }
    }
    cjmi_figures figures = {
        .map = map, .stages = stages, .touchpoints = tps,
        .touchpoint_count = map->touchpoint_count,
    };
    rc = cjmi_find_gaps(out, &figures, options, func);
    cjmi_free(stages);
    cjmi_free(tps);
    return rc;
}
