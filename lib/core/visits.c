/* Touchpoint ids that repeat. A map holds each touchpoint id once; an
 * actual journey holds one touchpoint per visit, so an id met twice is
 * two touchpoints. The journey's id table keeps one key per distinct id,
 * pointing at the first touchpoint with it in document order (stage
 * order, then order within the stage), which is what
 * cjm_journey_find_touchpoint() returns. */
#include <string.h>

#include "model-private.h"
#include "alloc.h"
#include "error.h"

bool cjmi_touchpoint_before(const cjm_touchpoint *a, const cjm_touchpoint *b)
{
    if (a->stage != b->stage)
        return a->stage->index < b->stage->index;
    return a->index < b->index;
}

/* The first touchpoint with `tp`'s id after it in document order, outside
 * stage `skip`; NULL when there is none. */
static cjm_touchpoint *next_visit(const cjm_journey *j, const cjm_touchpoint *tp,
                                  const cjm_stage *skip)
{
    const cjm_stage *stage = tp->stage;
    for (size_t s = stage->index; s < j->stage_count; s++) {
        const cjm_stage *st = j->stages[s];
        if (st == skip)
            continue;
        size_t first = st == stage ? tp->index + 1 : 0;
        for (size_t t = first; t < st->touchpoint_count; t++)
            if (strcmp(st->touchpoints[t]->id, tp->id) == 0)
                return st->touchpoints[t];
    }
    return NULL;
}

void cjmi_unindex_touchpoint(cjm_journey *j, cjm_touchpoint *tp, const cjm_stage *skip)
{
    if (cjmi_table_get(&j->touchpoint_ids, tp->id) != tp)
        return;
    cjm_touchpoint *next = j->actual ? next_visit(j, tp, skip) : NULL;
    if (next)
        cjmi_table_replace(&j->touchpoint_ids, next->id, next);
    else
        cjmi_table_remove(&j->touchpoint_ids, tp->id);
}

void cjmi_index_touchpoint(cjm_journey *j, cjm_touchpoint *tp)
{
    cjm_touchpoint *holder = cjmi_table_get(&j->touchpoint_ids, tp->id);
    if (!holder)
        cjmi_table_put(&j->touchpoint_ids, tp->id, tp);
    else if (cjmi_touchpoint_before(tp, holder))
        cjmi_table_replace(&j->touchpoint_ids, tp->id, tp);
}

cjm_status cjmi_check_map(const char *func, const cjm_journey *map)
{
    if (map->touchpoint_ids.count == map->touchpoint_count)
        return CJM_OK;
    for (size_t s = 0; s < map->stage_count; s++) {
        const cjm_stage *stage = map->stages[s];
        for (size_t t = 0; t < stage->touchpoint_count; t++) {
            const cjm_touchpoint *tp = stage->touchpoints[t];
            if (cjmi_table_get(&map->touchpoint_ids, tp->id) != tp)
                return cjmi_fail(CJM_ERR_INVALID,
                                 "%s: map: touchpoint \"%s\" appears more than once (a map "
                                 "holds each touchpoint once; this is an actual journey)",
                                 func, tp->id);
        }
    }
    return CJM_OK; /* not reached: the counts differ only with a repeat */
}

CJM_EXPORT cjm_journey *cjm_journey_new_actual(const char *id, const char *name)
{
    cjm_journey *j = cjmi_journey_make("cjm_journey_new_actual", id, name);
    if (j)
        j->actual = true;
    return j;
}

CJM_EXPORT cjm_journey_kind cjm_journey_kind_of(const cjm_journey *j)
{
    return j && j->actual ? CJM_JOURNEY_ACTUAL : CJM_JOURNEY_MAP;
}
