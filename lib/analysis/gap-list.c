/* The gap list handle and its getters. */
#include <math.h>

#include "gap-list.h"
#include "../core/alloc.h"

void cjmi_gap_list_clear_item(cjm_gap *gap)
{
    cjmi_free(gap->message); /* and the ids after it */
    cjmi_free(gap->segment);
}

CJM_EXPORT void cjm_gap_list_free(cjm_gap_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        cjmi_gap_list_clear_item(&list->gaps[i]);
    cjmi_free(list->gaps);
    cjmi_free(list);
}

CJM_EXPORT size_t cjm_gap_list_count(const cjm_gap_list *list) { return list ? list->count : 0; }

CJM_EXPORT const cjm_gap *cjm_gap_list_get(const cjm_gap_list *list, size_t i)
{
    return list && i < list->count ? &list->gaps[i] : NULL;
}

CJM_EXPORT cjm_gap_kind cjm_gap_kind_of(const cjm_gap *g) { return g ? g->kind : (cjm_gap_kind)0; }
CJM_EXPORT const char *cjm_gap_stage(const cjm_gap *g) { return g ? g->stage : NULL; }
CJM_EXPORT const char *cjm_gap_touchpoint(const cjm_gap *g) { return g ? g->touchpoint : NULL; }
CJM_EXPORT const char *cjm_gap_to_stage(const cjm_gap *g) { return g ? g->to_stage : NULL; }
CJM_EXPORT double cjm_gap_value(const cjm_gap *g) { return g ? g->value : NAN; }
CJM_EXPORT uint64_t cjm_gap_count(const cjm_gap *g) { return g ? g->count : 0; }
CJM_EXPORT double cjm_gap_severity(const cjm_gap *g) { return g ? g->severity : NAN; }
CJM_EXPORT const char *cjm_gap_message(const cjm_gap *g) { return g ? g->message : NULL; }
CJM_EXPORT const char *cjm_gap_segment(const cjm_gap *g) { return g ? g->segment : NULL; }
CJM_EXPORT bool cjm_gap_has_segment(const cjm_gap *g)
{
    return g && (g->kind == CJM_GAP_SEGMENT_DROP_OFF || g->kind == CJM_GAP_SEGMENT_PAIN);
}

CJM_EXPORT const char *cjm_gap_kind_name(cjm_gap_kind kind)
{
    switch (kind) {
    case CJM_GAP_EMPTY_STAGE: return "empty_stage";
    case CJM_GAP_NO_OWNER: return "no_owner";
    case CJM_GAP_BLIND_SPOT: return "blind_spot";
    case CJM_GAP_PAIN_POINT: return "pain_point";
    case CJM_GAP_PAINFUL_STAGE: return "painful_stage";
    case CJM_GAP_DROP_OFF: return "drop_off";
    case CJM_GAP_SILENT_CHURN: return "silent_churn";
    case CJM_GAP_UNPLANNED_TOUCHPOINT: return "unplanned_touchpoint";
    case CJM_GAP_UNUSED_TOUCHPOINT: return "unused_touchpoint";
    case CJM_GAP_BACKTRACK: return "backtrack";
    case CJM_GAP_SLOW_TRANSITION: return "slow_transition";
    case CJM_GAP_CHANNEL_HOP: return "channel_hop";
    case CJM_GAP_SEGMENT_DROP_OFF: return "segment_drop_off";
    case CJM_GAP_SEGMENT_PAIN: return "segment_pain";
    }
    return NULL;
}
