/* Selections of customers: criteria combined with "and" (analysis.md,
 * "The customers behind a figure"). The handle only holds the criteria;
 * cjm_analysis_customers() checks them against an analysis. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "selection-private.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/text.h"

const char *cjmi_criterion_name(cjmi_criterion_kind kind)
{
    static const char *const names[] = {
        [CJMI_REACHED] = "reached", [CJMI_FUNNEL] = "funnel",
        [CJMI_DROPPED] = "dropped", [CJMI_SILENT_CHURN] = "silent churn",
        [CJMI_HOPPED] = "hopped", [CJMI_BACKTRACKED] = "backtracked",
        [CJMI_USED] = "used", [CJMI_COMPLETED] = "completed", [CJMI_ON_PATH] = "path",
        [CJMI_IN_SEGMENT] = "segment", [CJMI_IN_OTHER] = "segment",
    };
    return names[kind];
}

CJM_EXPORT cjm_selection *cjm_selection_new(void)
{
    cjm_selection *s = cjmi_calloc(1, sizeof *s);
    if (!s)
        cjmi_nomem("cjm_selection_new");
    return s;
}

static void criterion_fini(cjmi_criterion *c)
{
    cjmi_free(c->id);
    cjmi_free(c->to);
    for (size_t i = 0; c->path && i < c->path_length; i++)
        cjmi_free(c->path[i]);
    cjmi_free(c->path);
}

CJM_EXPORT void cjm_selection_free(cjm_selection *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        criterion_fini(&s->items[i]);
    cjmi_free(s->items);
    cjmi_free(s);
}

/* Adds a criterion naming up to two ids (checked, copied); all or nothing. */
static cjm_status add(cjm_selection *s, cjmi_criterion_kind kind, const char *func,
                      const char *field, const char *id, const char *to_field, const char *to)
{
    if (!s)
        return cjmi_fail(CJM_ERR_INVALID, "%s: selection: NULL", func);
    cjm_status rc = field ? cjmi_check_id(func, field, id) : CJM_OK;
    if (rc == CJM_OK && to_field)
        rc = cjmi_check_id(func, to_field, to);
    if (rc != CJM_OK)
        return rc;
    cjmi_criterion c = { kind, NULL, NULL, NULL, 0 };
    bool failed = (id && !(c.id = cjmi_strdup(id))) || (to && !(c.to = cjmi_strdup(to))) ||
                  cjmi_array_push(s->items, s->count, s->capacity, c) != CJM_OK;
    if (failed) {
        cjmi_free(c.id);
        cjmi_free(c.to);
        return cjmi_nomem(func);
    }
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_selection_add_reached(cjm_selection *s, const char *stage)
{
    return add(s, CJMI_REACHED, "cjm_selection_add_reached", "stage", stage, NULL, NULL);
}

CJM_EXPORT cjm_status cjm_selection_add_funnel(cjm_selection *s, const char *stage)
{
    return add(s, CJMI_FUNNEL, "cjm_selection_add_funnel", "stage", stage, NULL, NULL);
}

CJM_EXPORT cjm_status cjm_selection_add_dropped(cjm_selection *s, const char *stage)
{
    return add(s, CJMI_DROPPED, "cjm_selection_add_dropped", "stage", stage, NULL, NULL);
}

CJM_EXPORT cjm_status cjm_selection_add_silent_churn(cjm_selection *s, const char *stage)
{
    return add(s, CJMI_SILENT_CHURN, "cjm_selection_add_silent_churn", "stage", stage, NULL,
               NULL);
}

CJM_EXPORT cjm_status cjm_selection_add_hopped(cjm_selection *s, const char *stage)
{
    return add(s, CJMI_HOPPED, "cjm_selection_add_hopped", "stage", stage, NULL, NULL);
}

CJM_EXPORT cjm_status cjm_selection_add_backtracked(cjm_selection *s, const char *from,
                                                    const char *to)
{
    return add(s, CJMI_BACKTRACKED, "cjm_selection_add_backtracked", "from", from, "to", to);
}

CJM_EXPORT cjm_status cjm_selection_add_used(cjm_selection *s, const char *touchpoint)
{
    return add(s, CJMI_USED, "cjm_selection_add_used", "touchpoint", touchpoint, NULL, NULL);
}

CJM_EXPORT cjm_status cjm_selection_add_completed(cjm_selection *s)
{
    return add(s, CJMI_COMPLETED, "cjm_selection_add_completed", NULL, NULL, NULL, NULL);
}

CJM_EXPORT cjm_status cjm_selection_add_path(cjm_selection *s, const char *const *stages,
                                             size_t count)
{
    static const char func[] = "cjm_selection_add_path";
    if (!s || !stages)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, s ? "stages" : "selection");
    if (count == 0)
        return cjmi_fail(CJM_ERR_INVALID, "%s: count: 0 (a path has at least one stage)",
                         func);
    if (count > UINT16_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: count: %zu stages (a map has at most %d)", func,
                         count, UINT16_MAX);
    for (size_t i = 0; i < count; i++) {
        char field[32];
        snprintf(field, sizeof field, "stages[%zu]", i);
        cjm_status rc = cjmi_check_id(func, field, stages[i]);
        if (rc != CJM_OK)
            return rc;
        if (i > 0 && strcmp(stages[i - 1], stages[i]) == 0)
            return cjmi_fail(CJM_ERR_INVALID,
                             "%s: stages[%zu]: \"%s\" again (a path collapses repeats: "
                             "give each stage once where it comes again)",
                             func, i, stages[i]);
    }
    cjmi_criterion c = { CJMI_ON_PATH, NULL, NULL, cjmi_calloc(count, sizeof(char *)), count };
    bool failed = !c.path;
    for (size_t i = 0; !failed && i < count; i++)
        failed = !(c.path[i] = cjmi_strdup(stages[i]));
    if (failed || cjmi_array_push(s->items, s->count, s->capacity, c) != CJM_OK) {
        criterion_fini(&c);
        return cjmi_nomem(func);
    }
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_selection_add_segment(cjm_selection *s, const char *value)
{
    static const char func[] = "cjm_selection_add_segment";
    if (!s)
        return cjmi_fail(CJM_ERR_INVALID, "%s: selection: NULL", func);
    cjm_status rc = value ? cjmi_check_attribute_value(func, "value", value, strlen(value))
                          : CJM_OK;
    return rc != CJM_OK ? rc : add(s, CJMI_IN_SEGMENT, func, NULL, value, NULL, NULL);
}

CJM_EXPORT cjm_status cjm_selection_add_segment_other(cjm_selection *s)
{
    return add(s, CJMI_IN_OTHER, "cjm_selection_add_segment_other", NULL, NULL, NULL, NULL);
}
