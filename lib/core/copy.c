/* Deep copy and equality of journeys. The copy trusts its source, which
 * every rule was checked on, and only allocates. */
#include <string.h>

#include "model-private.h"
#include "alloc.h"
#include "error.h"

/* Copies an optional string; sets *failed when memory runs out. */
static char *dup_opt(const char *s, int *failed)
{
    if (!s)
        return NULL;
    char *copy = cjmi_strdup(s);
    if (!copy)
        *failed = 1;
    return copy;
}

static cjm_feedback *copy_feedback(const cjm_feedback *src, cjm_touchpoint *owner)
{
    cjm_feedback *f = cjmi_malloc(sizeof *f);
    if (!f)
        return NULL;
    *f = *src;
    f->touchpoint = owner;
    int failed = 0;
    f->emotion = dup_opt(src->emotion, &failed);
    f->comment = dup_opt(src->comment, &failed);
    f->source = dup_opt(src->source, &failed);
    f->customer = dup_opt(src->customer, &failed);
    f->extensions.text = NULL;
    if (cjmi_copy_extensions(&f->extensions, &src->extensions) != CJM_OK)
        failed = 1;
    if (failed) {
        cjmi_feedback_free(f);
        return NULL;
    }
    return f;
}

static cjm_touchpoint *copy_touchpoint(const cjm_touchpoint *src, cjm_stage *owner)
{
    cjm_touchpoint *t = cjmi_calloc(1, sizeof *t);
    if (!t)
        return NULL;
    int failed = 0;
    t->stage = owner;
    t->index = src->index;
    memcpy(t->channel, src->channel, sizeof t->channel);
    t->optional = src->optional;
    t->at = src->at;
    t->id = dup_opt(src->id, &failed);
    t->name = dup_opt(src->name, &failed);
    t->owner = dup_opt(src->owner, &failed);
    t->description = dup_opt(src->description, &failed);
    if (cjmi_copy_extensions(&t->extensions, &src->extensions) != CJM_OK)
        failed = 1;
    if (!failed && src->feedback_count &&
        cjmi_array_reserve(t->feedback, t->feedback_capacity, src->feedback_count) != CJM_OK)
        failed = 1;
    for (size_t i = 0; !failed && i < src->feedback_count; i++) {
        cjm_feedback *f = copy_feedback(src->feedback[i], t);
        if (!f)
            failed = 1;
        else
            t->feedback[t->feedback_count++] = f;
    }
    if (failed) {
        cjmi_touchpoint_free(t);
        return NULL;
    }
    return t;
}

static cjm_stage *copy_stage(const cjm_stage *src, cjm_journey *owner)
{
    cjm_stage *s = cjmi_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    int failed = 0;
    s->journey = owner;
    s->index = src->index;
    s->expected_duration = src->expected_duration;
    s->id = dup_opt(src->id, &failed);
    s->name = dup_opt(src->name, &failed);
    s->goal = dup_opt(src->goal, &failed);
    if (cjmi_copy_extensions(&s->extensions, &src->extensions) != CJM_OK)
        failed = 1;
    if (!failed && src->touchpoint_count &&
        cjmi_array_reserve(s->touchpoints, s->touchpoint_capacity, src->touchpoint_count) !=
            CJM_OK)
        failed = 1;
    for (size_t i = 0; !failed && i < src->touchpoint_count; i++) {
        cjm_touchpoint *t = copy_touchpoint(src->touchpoints[i], s);
        if (!t)
            failed = 1;
        else
            s->touchpoints[s->touchpoint_count++] = t;
    }
    if (failed) {
        cjmi_stage_free(s);
        return NULL;
    }
    return s;
}

CJM_EXPORT cjm_journey *cjm_journey_copy(const cjm_journey *src)
{
    static const char func[] = "cjm_journey_copy";
    if (!src) {
        cjmi_fail(CJM_ERR_INVALID, "%s: journey: NULL", func);
        return NULL;
    }
    cjm_journey *j = cjmi_calloc(1, sizeof *j);
    if (!j) {
        cjmi_nomem(func);
        return NULL;
    }
    int failed = 0;
    j->actual = src->actual;
    j->id = dup_opt(src->id, &failed);
    j->name = dup_opt(src->name, &failed);
    j->persona = dup_opt(src->persona, &failed);
    j->description = dup_opt(src->description, &failed);
    j->customer = dup_opt(src->customer, &failed);
    if (cjmi_copy_extensions(&j->extensions, &src->extensions) != CJM_OK ||
        cjmi_copy_extensions(&j->document_extensions, &src->document_extensions) != CJM_OK)
        failed = 1;
    if (!failed && src->stage_count &&
        (cjmi_array_reserve(j->stages, j->stage_capacity, src->stage_count) != CJM_OK ||
         cjmi_table_reserve(&j->stage_ids, src->stage_count) != CJM_OK ||
         cjmi_table_reserve(&j->touchpoint_ids, src->touchpoint_count) != CJM_OK))
        failed = 1;
    for (size_t i = 0; !failed && i < src->stage_count; i++) {
        cjm_stage *s = copy_stage(src->stages[i], j);
        if (!s) {
            failed = 1;
            break;
        }
        j->stages[j->stage_count++] = s;
        cjmi_table_put(&j->stage_ids, s->id, s);
        for (size_t k = 0; k < s->touchpoint_count; k++)
            if (!cjmi_table_get(&j->touchpoint_ids, s->touchpoints[k]->id))
                cjmi_table_put(&j->touchpoint_ids, s->touchpoints[k]->id, s->touchpoints[k]);
        j->touchpoint_count += s->touchpoint_count;
    }
    if (failed) {
        cjm_journey_free(j);
        cjmi_nomem(func);
        return NULL;
    }
    return j;
}

static bool str_equal(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool feedback_equal(const cjm_feedback *a, const cjm_feedback *b)
{
    return a->score == b->score && a->scale_min == b->scale_min &&
           a->scale_max == b->scale_max && a->at == b->at &&
           str_equal(a->emotion, b->emotion) && str_equal(a->comment, b->comment) &&
           str_equal(a->source, b->source) && str_equal(a->customer, b->customer) &&
           cjmi_extensions_equal(&a->extensions, &b->extensions);
}

static bool touchpoint_equal(const cjm_touchpoint *a, const cjm_touchpoint *b)
{
    if (!str_equal(a->id, b->id) || !str_equal(a->name, b->name) ||
        strcmp(a->channel, b->channel) != 0 || !str_equal(a->owner, b->owner) ||
        !str_equal(a->description, b->description) || a->optional != b->optional ||
        a->at != b->at || a->feedback_count != b->feedback_count ||
        !cjmi_extensions_equal(&a->extensions, &b->extensions))
        return false;
    for (size_t i = 0; i < a->feedback_count; i++)
        if (!feedback_equal(a->feedback[i], b->feedback[i]))
            return false;
    return true;
}

static bool stage_equal(const cjm_stage *a, const cjm_stage *b)
{
    if (!str_equal(a->id, b->id) || !str_equal(a->name, b->name) ||
        !str_equal(a->goal, b->goal) || a->expected_duration != b->expected_duration ||
        a->touchpoint_count != b->touchpoint_count ||
        !cjmi_extensions_equal(&a->extensions, &b->extensions))
        return false;
    for (size_t i = 0; i < a->touchpoint_count; i++)
        if (!touchpoint_equal(a->touchpoints[i], b->touchpoints[i]))
            return false;
    return true;
}

CJM_EXPORT bool cjm_journey_equal(const cjm_journey *a, const cjm_journey *b)
{
    if (!a || !b)
        return a == b;
    if (!str_equal(a->id, b->id) || !str_equal(a->name, b->name) ||
        !str_equal(a->persona, b->persona) || !str_equal(a->description, b->description) ||
        !str_equal(a->customer, b->customer) || a->actual != b->actual ||
        a->stage_count != b->stage_count ||
        !cjmi_extensions_equal(&a->extensions, &b->extensions) ||
        !cjmi_extensions_equal(&a->document_extensions, &b->document_extensions))
        return false;
    for (size_t i = 0; i < a->stage_count; i++)
        if (!stage_equal(a->stages[i], b->stages[i]))
            return false;
    return true;
}
