/* The touchpoint handle: its fields and its feedback. */
#include <string.h>

#include "model-private.h"
#include "score.h"
#include "alloc.h"
#include "error.h"
#include "text.h"

#define NULL_ARG(func, name) cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, name)

void cjmi_touchpoint_free(cjm_touchpoint *tp)
{
    if (!tp)
        return;
    for (size_t i = 0; i < tp->feedback_count; i++)
        cjmi_feedback_free(tp->feedback[i]);
    cjmi_free(tp->feedback);
    cjmi_free(tp->id);
    cjmi_free(tp->name);
    cjmi_free(tp->owner);
    cjmi_free(tp->description);
    cjmi_free_extensions(&tp->extensions);
    cjmi_free(tp);
}

CJM_EXPORT cjm_stage *cjm_touchpoint_stage(const cjm_touchpoint *t) { return t ? t->stage : NULL; }
CJM_EXPORT size_t cjm_touchpoint_index(const cjm_touchpoint *t) { return t ? t->index : 0; }
CJM_EXPORT const char *cjm_touchpoint_id(const cjm_touchpoint *t) { return t ? t->id : NULL; }
CJM_EXPORT const char *cjm_touchpoint_name(const cjm_touchpoint *t) { return t ? t->name : NULL; }
CJM_EXPORT const char *cjm_touchpoint_channel(const cjm_touchpoint *t)
{
    return t ? t->channel : NULL;
}
CJM_EXPORT const char *cjm_touchpoint_owner(const cjm_touchpoint *t) { return t ? t->owner : NULL; }
CJM_EXPORT const char *cjm_touchpoint_description(const cjm_touchpoint *t)
{
    return t ? t->description : NULL;
}
CJM_EXPORT bool cjm_touchpoint_optional(const cjm_touchpoint *t) { return t && t->optional; }
CJM_EXPORT int64_t cjm_touchpoint_at(const cjm_touchpoint *t) { return t ? t->at : CJM_UNSET; }

/* A visit of an actual journey takes any id, shared or not. */
static cjm_status rename_visit(cjm_touchpoint *t, const char *id, const char *func)
{
    cjm_journey *j = t->stage->journey;
    cjm_status rc = cjmi_check_id(func, "id", id);
    if (rc != CJM_OK || strcmp(id, t->id) == 0)
        return rc;
    char *copy = cjmi_strdup(id);
    if (!copy || cjmi_table_reserve(&j->touchpoint_ids, j->touchpoint_ids.count + 1) != CJM_OK) {
        cjmi_free(copy);
        return cjmi_nomem(func);
    }
    cjmi_unindex_touchpoint(j, t, NULL);
    cjmi_free(t->id);
    t->id = copy;
    cjmi_index_touchpoint(j, t);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_touchpoint_set_id(cjm_touchpoint *t, const char *id)
{
    static const char func[] = "cjm_touchpoint_set_id";
    if (!t)
        return NULL_ARG(func, "touchpoint");
    if (t->stage->journey->actual)
        return rename_visit(t, id, func);
    return cjmi_rename(&t->stage->journey->touchpoint_ids, &t->id, t, id, func, "touchpoint");
}

CJM_EXPORT cjm_status cjm_touchpoint_set_name(cjm_touchpoint *t, const char *name)
{
    static const char func[] = "cjm_touchpoint_set_name";
    return t ? cjmi_set_text(&t->name, name, false, func, "name")
             : NULL_ARG(func, "touchpoint");
}

CJM_EXPORT cjm_status cjm_touchpoint_set_channel(cjm_touchpoint *t, const char *channel)
{
    static const char func[] = "cjm_touchpoint_set_channel";
    if (!t)
        return NULL_ARG(func, "touchpoint");
    char token[CJM_CHANNEL_MAX + 1];
    cjm_status rc = cjmi_channel(token, func, "channel", channel);
    if (rc == CJM_OK)
        memcpy(t->channel, token, sizeof token);
    return rc;
}

CJM_EXPORT cjm_status cjm_touchpoint_set_owner(cjm_touchpoint *t, const char *owner)
{
    static const char func[] = "cjm_touchpoint_set_owner";
    return t ? cjmi_set_text(&t->owner, owner, true, func, "owner")
             : NULL_ARG(func, "touchpoint");
}

CJM_EXPORT cjm_status cjm_touchpoint_set_description(cjm_touchpoint *t, const char *description)
{
    static const char func[] = "cjm_touchpoint_set_description";
    return t ? cjmi_set_text(&t->description, description, true, func, "description")
             : NULL_ARG(func, "touchpoint");
}

CJM_EXPORT cjm_status cjm_touchpoint_set_optional(cjm_touchpoint *t, bool optional)
{
    if (!t)
        return NULL_ARG("cjm_touchpoint_set_optional", "touchpoint");
    t->optional = optional;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_touchpoint_set_at(cjm_touchpoint *t, int64_t at)
{
    static const char func[] = "cjm_touchpoint_set_at";
    if (!t)
        return NULL_ARG(func, "touchpoint");
    cjm_status rc = cjmi_check_time(func, "at", at);
    if (rc == CJM_OK)
        t->at = at;
    return rc;
}

CJM_EXPORT size_t cjm_touchpoint_feedback_count(const cjm_touchpoint *t)
{
    return t ? t->feedback_count : 0;
}

CJM_EXPORT cjm_feedback *cjm_touchpoint_feedback(const cjm_touchpoint *t, size_t index)
{
    return t && index < t->feedback_count ? t->feedback[index] : NULL;
}

CJM_EXPORT cjm_status cjm_touchpoint_add_feedback(cjm_feedback **out, cjm_touchpoint *t,
                                                  double score, double scale_min,
                                                  double scale_max)
{
    static const char func[] = "cjm_touchpoint_add_feedback";
    if (!t)
        return NULL_ARG(func, "touchpoint");
    cjm_status rc = cjmi_check_score(func, score, scale_min, scale_max);
    if (rc != CJM_OK)
        return rc;
    if (cjmi_array_reserve(t->feedback, t->feedback_capacity, t->feedback_count + 1) != CJM_OK)
        return cjmi_nomem(func);
    cjm_feedback *f = cjmi_calloc(1, sizeof *f);
    if (!f)
        return cjmi_nomem(func);
    f->touchpoint = t;
    f->index = t->feedback_count;
    f->score = score;
    f->scale_min = scale_min;
    f->scale_max = scale_max;
    f->millionths = cjmi_millionths(score, scale_min, scale_max);
    f->at = CJM_UNSET;
    t->feedback[t->feedback_count++] = f;
    if (out)
        *out = f;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_touchpoint_remove_feedback(cjm_touchpoint *t, cjm_feedback *f)
{
    static const char func[] = "cjm_touchpoint_remove_feedback";
    if (!t || !f)
        return NULL_ARG(func, t ? "feedback" : "touchpoint");
    if (f->touchpoint != t)
        return cjmi_fail(CJM_ERR_INVALID, "%s: feedback: belongs to another touchpoint", func);
    memmove(t->feedback + f->index, t->feedback + f->index + 1,
            (t->feedback_count - f->index - 1) * sizeof *t->feedback);
    t->feedback_count--;
    for (size_t i = f->index; i < t->feedback_count; i++)
        t->feedback[i]->index = i;
    cjmi_feedback_free(f);
    return CJM_OK;
}

CJM_EXPORT const char *cjm_touchpoint_extensions(const cjm_touchpoint *t, cjm_extensions_format *format)
{
    if (!t) {
        if (format)
            *format = CJM_EXTENSIONS_NONE;
        return NULL;
    }
    return cjmi_get_extensions(&t->extensions, format);
}

CJM_EXPORT cjm_status cjm_touchpoint_set_extensions(cjm_touchpoint *t, cjm_extensions_format format,
                                                    const char *text)
{
    static const char func[] = "cjm_touchpoint_set_extensions";
    return t ? cjmi_set_extensions(&t->extensions, format, text, func)
             : NULL_ARG(func, "touchpoint");
}
