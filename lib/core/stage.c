/* The stage handle: its fields and its list of touchpoints. */
#include <string.h>

#include "model-private.h"
#include "alloc.h"
#include "error.h"
#include "text.h"

#define NULL_ARG(func, name) cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, name)

void cjmi_stage_free(cjm_stage *stage)
{
    if (!stage)
        return;
    for (size_t i = 0; i < stage->touchpoint_count; i++)
        cjmi_touchpoint_free(stage->touchpoints[i]);
    cjmi_free(stage->touchpoints);
    cjmi_free(stage->id);
    cjmi_free(stage->name);
    cjmi_free(stage->goal);
    cjmi_free_extensions(&stage->extensions);
    cjmi_free(stage);
}

CJM_EXPORT cjm_journey *cjm_stage_journey(const cjm_stage *s) { return s ? s->journey : NULL; }
CJM_EXPORT size_t cjm_stage_index(const cjm_stage *s) { return s ? s->index : 0; }
CJM_EXPORT const char *cjm_stage_id(const cjm_stage *s) { return s ? s->id : NULL; }
CJM_EXPORT const char *cjm_stage_name(const cjm_stage *s) { return s ? s->name : NULL; }
CJM_EXPORT const char *cjm_stage_goal(const cjm_stage *s) { return s ? s->goal : NULL; }
CJM_EXPORT int64_t cjm_stage_expected_duration(const cjm_stage *s)
{
    return s ? s->expected_duration : CJM_UNSET;
}

CJM_EXPORT cjm_status cjm_stage_set_id(cjm_stage *s, const char *id)
{
    static const char func[] = "cjm_stage_set_id";
    return s ? cjmi_rename(&s->journey->stage_ids, &s->id, s, id, func, "stage")
             : NULL_ARG(func, "stage");
}

CJM_EXPORT cjm_status cjm_stage_set_name(cjm_stage *s, const char *name)
{
    static const char func[] = "cjm_stage_set_name";
    return s ? cjmi_set_text(&s->name, name, false, func, "name") : NULL_ARG(func, "stage");
}

CJM_EXPORT cjm_status cjm_stage_set_goal(cjm_stage *s, const char *goal)
{
    static const char func[] = "cjm_stage_set_goal";
    return s ? cjmi_set_text(&s->goal, goal, true, func, "goal") : NULL_ARG(func, "stage");
}

CJM_EXPORT cjm_status cjm_stage_set_expected_duration(cjm_stage *s, int64_t ms)
{
    static const char func[] = "cjm_stage_set_expected_duration";
    if (!s)
        return NULL_ARG(func, "stage");
    if (ms < 0 && ms != CJM_UNSET)
        return cjmi_fail(CJM_ERR_RANGE, "%s: expected_duration: negative", func);
    s->expected_duration = ms;
    return CJM_OK;
}

CJM_EXPORT size_t cjm_stage_touchpoint_count(const cjm_stage *s)
{
    return s ? s->touchpoint_count : 0;
}

CJM_EXPORT cjm_touchpoint *cjm_stage_touchpoint(const cjm_stage *s, size_t index)
{
    return s && index < s->touchpoint_count ? s->touchpoints[index] : NULL;
}

CJM_EXPORT cjm_status cjm_stage_add_touchpoint(cjm_touchpoint **out, cjm_stage *s,
                                               const char *id, const char *name,
                                               const char *channel)
{
    static const char func[] = "cjm_stage_add_touchpoint";
    if (!s)
        return NULL_ARG(func, "stage");
    char token[CJM_CHANNEL_MAX + 1];
    cjm_status rc;
    if ((rc = cjmi_check_id(func, "id", id)) != CJM_OK ||
        (rc = cjmi_check_text(func, "name", name)) != CJM_OK ||
        (rc = cjmi_channel(token, func, "channel", channel)) != CJM_OK)
        return rc;
    cjm_journey *j = s->journey;
    if (!j->actual && cjmi_table_get(&j->touchpoint_ids, id))
        return cjmi_fail(CJM_ERR_DUPLICATE,
                         "%s: id: the journey already has a touchpoint \"%s\" (only an "
                         "actual journey may visit a touchpoint again)", func, id);
    if (cjmi_array_reserve(s->touchpoints, s->touchpoint_capacity, s->touchpoint_count + 1) !=
            CJM_OK ||
        cjmi_table_reserve(&j->touchpoint_ids, j->touchpoint_count + 1) != CJM_OK)
        return cjmi_nomem(func);
    cjm_touchpoint *tp = cjmi_calloc(1, sizeof *tp);
    if (!tp || !(tp->id = cjmi_strdup(id)) || !(tp->name = cjmi_strdup(name))) {
        cjmi_touchpoint_free(tp);
        return cjmi_nomem(func);
    }
    memcpy(tp->channel, token, sizeof token);
    tp->stage = s;
    tp->index = s->touchpoint_count;
    tp->at = CJM_UNSET;
    s->touchpoints[s->touchpoint_count++] = tp;
    j->touchpoint_count++;
    cjmi_index_touchpoint(j, tp);
    if (out)
        *out = tp;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_stage_remove_touchpoint(cjm_stage *s, cjm_touchpoint *tp)
{
    static const char func[] = "cjm_stage_remove_touchpoint";
    if (!s || !tp)
        return NULL_ARG(func, s ? "touchpoint" : "stage");
    if (tp->stage != s)
        return cjmi_fail(CJM_ERR_INVALID, "%s: touchpoint: \"%s\" belongs to another stage",
                         func, tp->id);
    cjmi_unindex_touchpoint(s->journey, tp, NULL);
    s->journey->touchpoint_count--;
    memmove(s->touchpoints + tp->index, s->touchpoints + tp->index + 1,
            (s->touchpoint_count - tp->index - 1) * sizeof *s->touchpoints);
    s->touchpoint_count--;
    for (size_t i = tp->index; i < s->touchpoint_count; i++)
        s->touchpoints[i]->index = i;
    cjmi_touchpoint_free(tp);
    return CJM_OK;
}

CJM_EXPORT const char *cjm_stage_extensions(const cjm_stage *s, cjm_extensions_format *format)
{
    if (!s) {
        if (format)
            *format = CJM_EXTENSIONS_NONE;
        return NULL;
    }
    return cjmi_get_extensions(&s->extensions, format);
}

CJM_EXPORT cjm_status cjm_stage_set_extensions(cjm_stage *s, cjm_extensions_format format,
                                               const char *text)
{
    static const char func[] = "cjm_stage_set_extensions";
    return s ? cjmi_set_extensions(&s->extensions, format, text, func)
             : NULL_ARG(func, "stage");
}
