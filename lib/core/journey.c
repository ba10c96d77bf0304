/* The journey handle: its fields and its list of stages. */
#include <string.h>

#include "model-private.h"
#include "alloc.h"
#include "error.h"
#include "text.h"

#define NULL_ARG(func, name) cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, name)

cjm_journey *cjmi_journey_make(const char *func, const char *id, const char *name)
{
    if (cjmi_check_id(func, "id", id) != CJM_OK ||
        cjmi_check_text(func, "name", name) != CJM_OK)
        return NULL;
    cjm_journey *journey = cjmi_calloc(1, sizeof *journey);
    if (!journey || !(journey->id = cjmi_strdup(id)) ||
        !(journey->name = cjmi_strdup(name))) {
        cjm_journey_free(journey);
        cjmi_nomem(func);
        return NULL;
    }
    return journey;
}

CJM_EXPORT cjm_journey *cjm_journey_new(const char *id, const char *name)
{
    return cjmi_journey_make("cjm_journey_new", id, name);
}

CJM_EXPORT void cjm_journey_free(cjm_journey *journey)
{
    if (!journey)
        return;
    for (size_t i = 0; i < journey->stage_count; i++)
        cjmi_stage_free(journey->stages[i]);
    cjmi_free(journey->stages);
    cjmi_table_fini(&journey->stage_ids);
    cjmi_table_fini(&journey->touchpoint_ids);
    cjmi_free(journey->id);
    cjmi_free(journey->name);
    cjmi_free(journey->persona);
    cjmi_free(journey->description);
    cjmi_free(journey->customer);
    cjmi_free_extensions(&journey->extensions);
    cjmi_free_extensions(&journey->document_extensions);
    cjmi_free(journey);
}

CJM_EXPORT const char *cjm_journey_id(const cjm_journey *j) { return j ? j->id : NULL; }
CJM_EXPORT const char *cjm_journey_name(const cjm_journey *j) { return j ? j->name : NULL; }
CJM_EXPORT const char *cjm_journey_persona(const cjm_journey *j) { return j ? j->persona : NULL; }
CJM_EXPORT const char *cjm_journey_description(const cjm_journey *j)
{
    return j ? j->description : NULL;
}
CJM_EXPORT const char *cjm_journey_customer(const cjm_journey *j) { return j ? j->customer : NULL; }

CJM_EXPORT cjm_status cjm_journey_set_id(cjm_journey *j, const char *id)
{
    static const char func[] = "cjm_journey_set_id";
    if (!j)
        return NULL_ARG(func, "journey");
    cjm_status rc = cjmi_check_id(func, "id", id);
    return rc != CJM_OK ? rc : cjmi_set_text(&j->id, id, false, func, "id");
}

CJM_EXPORT cjm_status cjm_journey_set_name(cjm_journey *j, const char *name)
{
    static const char func[] = "cjm_journey_set_name";
    return j ? cjmi_set_text(&j->name, name, false, func, "name") : NULL_ARG(func, "journey");
}

CJM_EXPORT cjm_status cjm_journey_set_persona(cjm_journey *j, const char *persona)
{
    static const char func[] = "cjm_journey_set_persona";
    return j ? cjmi_set_text(&j->persona, persona, true, func, "persona")
             : NULL_ARG(func, "journey");
}

CJM_EXPORT cjm_status cjm_journey_set_description(cjm_journey *j, const char *description)
{
    static const char func[] = "cjm_journey_set_description";
    return j ? cjmi_set_text(&j->description, description, true, func, "description")
             : NULL_ARG(func, "journey");
}

CJM_EXPORT cjm_status cjm_journey_set_customer(cjm_journey *j, const char *customer)
{
    static const char func[] = "cjm_journey_set_customer";
    return j ? cjmi_set_optional_id(&j->customer, customer, func, "customer")
             : NULL_ARG(func, "journey");
}

CJM_EXPORT size_t cjm_journey_stage_count(const cjm_journey *j) { return j ? j->stage_count : 0; }

CJM_EXPORT cjm_stage *cjm_journey_stage(const cjm_journey *j, size_t index)
{
    return j && index < j->stage_count ? j->stages[index] : NULL;
}

CJM_EXPORT cjm_stage *cjm_journey_find_stage(const cjm_journey *j, const char *id)
{
    return j ? cjmi_table_get(&j->stage_ids, id) : NULL;
}

CJM_EXPORT size_t cjm_journey_touchpoint_count(const cjm_journey *j)
{
    return j ? j->touchpoint_count : 0;
}

CJM_EXPORT cjm_touchpoint *cjm_journey_find_touchpoint(const cjm_journey *j, const char *id)
{
    return j ? cjmi_table_get(&j->touchpoint_ids, id) : NULL;
}

static cjm_status insert_stage(const char *func, cjm_stage **out, cjm_journey *j,
                               size_t index, const char *id, const char *name)
{
    if (!j)
        return NULL_ARG(func, "journey");
    cjm_status rc;
    if ((rc = cjmi_check_id(func, "id", id)) != CJM_OK ||
        (rc = cjmi_check_text(func, "name", name)) != CJM_OK)
        return rc;
    if (index > j->stage_count)
        return cjmi_fail(CJM_ERR_RANGE, "%s: index: %zu is past the %zu stages",
                         func, index, j->stage_count);
    if (cjmi_table_get(&j->stage_ids, id))
        return cjmi_fail(CJM_ERR_DUPLICATE, "%s: id: the journey already has a stage \"%s\"",
                         func, id);
    if (j->stage_count >= CJM_STAGES_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: the journey already has %d stages",
                         func, CJM_STAGES_MAX);
    /* Reserve first: past this point nothing can fail. */
    if (cjmi_array_reserve(j->stages, j->stage_capacity, j->stage_count + 1) != CJM_OK ||
        cjmi_table_reserve(&j->stage_ids, j->stage_count + 1) != CJM_OK)
        return cjmi_nomem(func);
    cjm_stage *stage = cjmi_calloc(1, sizeof *stage);
    if (!stage || !(stage->id = cjmi_strdup(id)) || !(stage->name = cjmi_strdup(name))) {
        cjmi_stage_free(stage);
        return cjmi_nomem(func);
    }
    stage->journey = j;
    stage->expected_duration = CJM_UNSET;
    memmove(j->stages + index + 1, j->stages + index,
            (j->stage_count - index) * sizeof *j->stages);
    j->stages[index] = stage;
    j->stage_count++;
    for (size_t i = index; i < j->stage_count; i++)
        j->stages[i]->index = i;
    cjmi_table_put(&j->stage_ids, stage->id, stage);
    if (out)
        *out = stage;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_journey_add_stage(cjm_stage **out, cjm_journey *j,
                                            const char *id, const char *name)
{
    return insert_stage("cjm_journey_add_stage", out, j, j ? j->stage_count : 0, id, name);
}

CJM_EXPORT cjm_status cjm_journey_insert_stage(cjm_stage **out, cjm_journey *j, size_t index,
                                               const char *id, const char *name)
{
    return insert_stage("cjm_journey_insert_stage", out, j, index, id, name);
}

CJM_EXPORT cjm_status cjm_journey_remove_stage(cjm_journey *j, cjm_stage *stage)
{
    static const char func[] = "cjm_journey_remove_stage";
    if (!j || !stage)
        return NULL_ARG(func, j ? "stage" : "journey");
    if (stage->journey != j)
        return cjmi_fail(CJM_ERR_INVALID, "%s: stage: \"%s\" belongs to another journey",
                         func, stage->id);
    for (size_t i = 0; i < stage->touchpoint_count; i++)
        cjmi_unindex_touchpoint(j, stage->touchpoints[i], stage);
    j->touchpoint_count -= stage->touchpoint_count;
    cjmi_table_remove(&j->stage_ids, stage->id);
    size_t index = stage->index;
    memmove(j->stages + index, j->stages + index + 1,
            (j->stage_count - index - 1) * sizeof *j->stages);
    j->stage_count--;
    for (size_t i = index; i < j->stage_count; i++)
        j->stages[i]->index = i;
    cjmi_stage_free(stage);
    return CJM_OK;
}

CJM_EXPORT const char *cjm_journey_extensions(const cjm_journey *j, cjm_extensions_format *format)
{
    if (!j) {
        if (format)
            *format = CJM_EXTENSIONS_NONE;
        return NULL;
    }
    return cjmi_get_extensions(&j->extensions, format);
}

CJM_EXPORT cjm_status cjm_journey_set_extensions(cjm_journey *j, cjm_extensions_format format,
                                                 const char *text)
{
    static const char func[] = "cjm_journey_set_extensions";
    return j ? cjmi_set_extensions(&j->extensions, format, text, func)
             : NULL_ARG(func, "journey");
}

CJM_EXPORT const char *cjm_journey_document_extensions(const cjm_journey *j,
                                                       cjm_extensions_format *format)
{
    if (!j) {
        if (format)
            *format = CJM_EXTENSIONS_NONE;
        return NULL;
    }
    return cjmi_get_extensions(&j->document_extensions, format);
}

CJM_EXPORT cjm_status cjm_journey_set_document_extensions(cjm_journey *j,
                                                          cjm_extensions_format format,
                                                          const char *text)
{
    static const char func[] = "cjm_journey_set_document_extensions";
    return j ? cjmi_set_extensions(&j->document_extensions, format, text, func)
             : NULL_ARG(func, "journey");
}
