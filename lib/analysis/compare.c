/* Comparison of an actual journey with its map (analysis.md, "Comparison
 * of an actual journey A with a map M"). */
#include <math.h>
#include <string.h>

#include "cjm/analysis.h"
#include "options-private.h"
#include "sequence.h"
#include "compare.h"
#include "../core/model-private.h"
#include "../core/score.h"
#include "../core/alloc.h"
#include "../core/error.h"

typedef struct deviation {
    cjm_deviation_kind kind;
    char *touchpoint, *stage, *from_stage; /* owned copies */
    double value;
} deviation;

struct cjm_comparison {
    deviation *items;
    size_t count, capacity;
};

CJM_EXPORT void cjm_comparison_free(cjm_comparison *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++) {
        cjmi_free(c->items[i].touchpoint);
        cjmi_free(c->items[i].stage);
        cjmi_free(c->items[i].from_stage);
    }
    cjmi_free(c->items);
    cjmi_free(c);
}

static cjm_status add(cjm_comparison *c, cjm_deviation_kind kind, const char *touchpoint,
                      const cjm_stage *stage, const cjm_stage *from_stage, double value)
{
    if (cjmi_array_reserve(c->items, c->capacity, c->count + 1) != CJM_OK)
        return CJM_ERR_NOMEM;
    deviation *d = &c->items[c->count];
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->value = value;
    d->touchpoint = cjmi_strdup(touchpoint);
    d->stage = stage ? cjmi_strdup(stage->id) : NULL;
    d->from_stage = from_stage ? cjmi_strdup(from_stage->id) : NULL;
    c->count++; /* counted even when a copy failed, so free releases it */
    if (!d->touchpoint || (stage && !d->stage) || (from_stage && !d->from_stage))
        return CJM_ERR_NOMEM;
    return CJM_OK;
}

/* The map stage of an actual touchpoint: its stage in M when M has the
 * touchpoint, else M's stage with the id of its stage in A, else NULL. */
static const cjm_stage *map_stage(const cjm_journey *map, const cjm_touchpoint *tp)
{
    const cjm_touchpoint *planned = cjmi_table_get(&map->touchpoint_ids, tp->id);
    if (planned)
        return planned->stage;
    return cjmi_table_get(&map->stage_ids, tp->stage->id);
}

static cjm_status compare(cjm_comparison *c, cjm_touchpoint **seq, size_t n,
                          const cjm_journey *actual, const cjm_journey *map, double pain)
{
    const cjm_stage *furthest = NULL;
    for (size_t i = 0; i < n; i++) {
        const cjm_stage *s = map_stage(map, seq[i]);
        if (s && (!furthest || s->index > furthest->index))
            furthest = s;
    }
    for (size_t i = 0; i < n; i++)
        if (!cjmi_table_get(&map->touchpoint_ids, seq[i]->id) &&
            add(c, CJM_DEVIATION_UNPLANNED, seq[i]->id, map_stage(map, seq[i]), NULL, NAN) != CJM_OK)
            return CJM_ERR_NOMEM;
    for (size_t s = 0; furthest && s <= furthest->index; s++) {
        const cjm_stage *stage = map->stages[s];
        for (size_t t = 0; t < stage->touchpoint_count; t++) {
            const cjm_touchpoint *tp = stage->touchpoints[t];
            if (!tp->optional && !cjmi_table_get(&actual->touchpoint_ids, tp->id) &&
                add(c, CJM_DEVIATION_MISSING, tp->id, stage, NULL, NAN) != CJM_OK)
                return CJM_ERR_NOMEM;
        }
    }
    const cjm_stage *previous = NULL;
    for (size_t i = 0; i < n; i++) {
        const cjm_stage *s = map_stage(map, seq[i]);
        if (!s)
            continue;
        if (previous && s->index < previous->index &&
            add(c, CJM_DEVIATION_BACKTRACK, seq[i]->id, s, previous, NAN) != CJM_OK)
            return CJM_ERR_NOMEM;
        previous = s;
    }
    for (size_t i = 0; i < n; i++) {
        const cjm_touchpoint *tp = seq[i];
        if (!tp->feedback_count)
            continue;
        int64_t sum = 0;
        for (size_t k = 0; k < tp->feedback_count; k++)
            sum += tp->feedback[k]->millionths;
        double mean = cjmi_mean(sum, tp->feedback_count);
        if (mean < pain &&
            add(c, CJM_DEVIATION_FAILING, tp->id, map_stage(map, tp), NULL, mean) != CJM_OK)
            return CJM_ERR_NOMEM;
    }
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_journey_compare(cjm_comparison **out, const cjm_journey *actual,
                                          const cjm_journey *map, const cjm_options *options)
{
    static const char func[] = "cjm_journey_compare";
    if (!out || !actual || !map)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func,
                         !out ? "out" : !actual ? "actual" : "map");
    cjm_status rc = cjmi_check_map(func, map);
    if (rc != CJM_OK)
        return rc;
    cjm_touchpoint **seq = cjmi_malloc(actual->touchpoint_count * sizeof *seq);
    if (!seq || cjmi_sequence(seq, actual) != CJM_OK ||
        cjmi_compare_sequence(out, seq, actual->touchpoint_count, actual, map,
                              cjmi_options(options)->pain_threshold) != CJM_OK) {
        cjmi_free(seq);
        return cjmi_nomem(func);
    }
    cjmi_free(seq);
    return CJM_OK;
}

cjm_status cjmi_compare_sequence(cjm_comparison **out, cjm_touchpoint **seq, size_t n,
                                 const cjm_journey *actual, const cjm_journey *map,
                                 double pain)
{
    cjm_comparison *c = cjmi_calloc(1, sizeof *c);
    if (!c || compare(c, seq, n, actual, map, pain) != CJM_OK) {
        cjm_comparison_free(c);
        return CJM_ERR_NOMEM;
    }
    *out = c;
    return CJM_OK;
}

static const deviation *item(const cjm_comparison *c, size_t i)
{
    return c && i < c->count ? &c->items[i] : NULL;
}

CJM_EXPORT size_t cjm_comparison_count(const cjm_comparison *c) { return c ? c->count : 0; }

CJM_EXPORT size_t cjm_comparison_count_kind(const cjm_comparison *c, cjm_deviation_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; c && i < c->count; i++)
        n += c->items[i].kind == kind;
    return n;
}

CJM_EXPORT cjm_deviation_kind cjm_comparison_kind(const cjm_comparison *c, size_t i)
{
    const deviation *d = item(c, i);
    return d ? d->kind : (cjm_deviation_kind)0;
}

CJM_EXPORT const char *cjm_comparison_touchpoint(const cjm_comparison *c, size_t i)
{
    const deviation *d = item(c, i);
    return d ? d->touchpoint : NULL;
}

CJM_EXPORT const char *cjm_comparison_stage(const cjm_comparison *c, size_t i)
{
    const deviation *d = item(c, i);
    return d ? d->stage : NULL;
}

CJM_EXPORT const char *cjm_comparison_from_stage(const cjm_comparison *c, size_t i)
{
    const deviation *d = item(c, i);
    return d ? d->from_stage : NULL;
}

CJM_EXPORT double cjm_comparison_value(const cjm_comparison *c, size_t i)
{
    const deviation *d = item(c, i);
    return d ? d->value : NAN;
}

CJM_EXPORT const char *cjm_deviation_kind_name(cjm_deviation_kind kind)
{
    switch (kind) {
    case CJM_DEVIATION_UNPLANNED: return "unplanned";
    case CJM_DEVIATION_MISSING: return "missing";
    case CJM_DEVIATION_BACKTRACK: return "backtrack";
    case CJM_DEVIATION_FAILING: return "failing";
    }
    return NULL;
}
