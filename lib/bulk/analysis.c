/* The bulk analysis handle: creation, and the map it keeps. */
#include <string.h>

#include "analysis-private.h"
#include "workers.h"
#include "../core/model-private.h"
#include "../core/alloc.h"
#include "../core/error.h"

CJM_EXPORT void cjm_analysis_free(cjm_analysis *a)
{
    if (!a)
        return;
    cjm_journey_free(a->own_map);
    cjmi_free(a->planned_touchpoints);
    cjmi_free(a->planned_stage);
    cjmi_free(a->planned_channel);
    cjmi_intern_fini(&a->stages);
    cjmi_intern_fini(&a->touchpoints);
    cjmi_intern_fini(&a->channels);
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        cjmi_intern_fini(&a->shards[s].customers);
        cjmi_store_fini(&a->shards[s].events);
        cjmi_free(a->shards[s].heard);
        cjmi_shard_segments_fini(&a->shards[s]);
    }
    cjmi_intern_fini(&a->segment_values);
    cjmi_free(a->touchpoint_feedback);
    cjmi_free(a->stage_feedback);
    cjmi_free(a->pending);
    cjmi_free(a->order);
    cjmi_free(a->seen);
    for (size_t i = 0; i < a->rejected_message_count; i++)
        cjmi_free(a->rejected_messages[i]);
    cjmi_free(a);
}

CJM_EXPORT cjm_status cjm_analysis_set_cancel(cjm_analysis *a, cjm_cancel_fn cancelled,
                                              void *user)
{
    if (!a)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_analysis_set_cancel: analysis: NULL");
    a->cancelled = cancelled;
    a->cancel_user = cancelled ? user : NULL;
    return CJM_OK;
}

cjm_status cjmi_cancel_fail(const char *func)
{
    return cjmi_fail(CJM_ERR_CANCELLED, "%s: cancelled", func);
}

/* The arrays of the map's n touchpoints and of its stages, zeroed. */
static bool make_map_arrays(cjm_analysis *a, size_t n)
{
    a->planned_touchpoints = cjmi_calloc(n, sizeof *a->planned_touchpoints);
    a->planned_stage = cjmi_calloc(n, sizeof *a->planned_stage);
    a->planned_channel = cjmi_calloc(n, sizeof *a->planned_channel);
    a->stage_feedback = cjmi_calloc(a->map->stage_count, sizeof *a->stage_feedback);
    return a->planned_touchpoints && a->planned_stage && a->planned_channel &&
           a->stage_feedback;
}

/* Interns the map's stages, touchpoints and channels, in map order. */
static cjm_status intern_all(cjm_analysis *a, const char *func)
{
    const cjm_journey *map = a->map;
    size_t n = map->touchpoint_count;
    if (!make_map_arrays(a, n))
        return cjmi_nomem(func);
    for (size_t s = 0; s < map->stage_count; s++) {
        const cjm_stage *stage = map->stages[s];
        const char *id = stage->id;
        if (cjmi_intern_add(&a->stages, id, strlen(id), cjmi_intern_hash(id, strlen(id))) !=
            s)
            return cjmi_nomem(func);
        for (size_t t = 0; t < stage->touchpoint_count; t++) {
            const cjm_touchpoint *tp = stage->touchpoints[t];
            size_t len = strlen(tp->id), clen = strlen(tp->channel);
            uint32_t index = cjmi_intern_add(&a->touchpoints, tp->id, len,
                                             cjmi_intern_hash(tp->id, len));
            uint32_t channel = cjmi_intern_add(&a->channels, tp->channel, clen,
                                               cjmi_intern_hash(tp->channel, clen));
            if (index == CJMI_NOT_INTERNED || channel == CJMI_NOT_INTERNED)
                return cjmi_nomem(func);
            if (channel >= UINT16_MAX)
                return cjmi_fail(CJM_ERR_LIMIT, "%s: map: more than 65535 channels", func);
            a->planned_touchpoints[index] = tp;
            a->planned_stage[index] = (uint16_t)s;
            a->planned_channel[index] = (uint16_t)channel;
        }
    }
    a->planned = (uint32_t)n;
    a->map_channels = (uint32_t)a->channels.count;
    return CJM_OK;
}

/* Whether `model` holds the map's stages, touchpoints and channels alone:
 * nothing its events added. */
static bool holds_map_alone(const cjm_analysis *model)
{
    return model->stages.count == model->map->stage_count &&
           model->touchpoints.count == model->planned &&
           model->channels.count == model->map_channels;
}

/* Gives `a`, sharing model's map, model's interned map: copies of its
 * tables rather than every id hashed and interned again. */
static cjm_status copy_map_tables(cjm_analysis *a, const cjm_analysis *model, const char *func)
{
    size_t n = model->planned;
    if (!make_map_arrays(a, n) || cjmi_intern_copy(&a->stages, &model->stages) != CJM_OK ||
        cjmi_intern_copy(&a->touchpoints, &model->touchpoints) != CJM_OK ||
        cjmi_intern_copy(&a->channels, &model->channels) != CJM_OK)
        return cjmi_nomem(func);
    if (n) {
        memcpy(a->planned_touchpoints, model->planned_touchpoints,
               n * sizeof *a->planned_touchpoints);
        memcpy(a->planned_stage, model->planned_stage, n * sizeof *a->planned_stage);
        memcpy(a->planned_channel, model->planned_channel, n * sizeof *a->planned_channel);
    }
    a->planned = model->planned;
    a->map_channels = model->map_channels;
    return CJM_OK;
}

/* An analysis of map: its own copy, or with `shared` the caller's map;
 * with `model` (sharing the same map and holding its ids alone), the
 * tables of the map's ids copied from it. */
static cjm_analysis *make(const char *func, const cjm_journey *map, const cjm_options *options,
                          bool shared, const cjm_analysis *model)
{
    if (!map) {
        cjmi_fail(CJM_ERR_INVALID, "%s: map: NULL", func);
        return NULL;
    }
    if (cjmi_check_map(func, map) != CJM_OK)
        return NULL;
    if (map->touchpoint_count >= UINT32_MAX) {
        cjmi_fail(CJM_ERR_LIMIT, "%s: map: too many touchpoints", func);
        return NULL;
    }
    cjm_analysis *a = cjmi_calloc(1, sizeof *a);
    if (!a) {
        cjmi_nomem(func);
        return NULL;
    }
    a->options = *cjmi_options(options);
    /* Shared, the map is only ever read: nothing below changes it. */
    a->own_map = shared ? NULL : cjm_journey_copy(map);
    a->map = shared ? map : a->own_map;
    cjm_status rc = !a->map ? cjmi_nomem(func)
                    : model ? copy_map_tables(a, model, func)
                            : intern_all(a, func);
    if (rc != CJM_OK) {
        cjm_analysis_free(a);
        return NULL;
    }
    a->stage_count = map->stage_count;
    cjmi_analysis_set_breakdown(a);
    return a;
}

CJM_EXPORT cjm_analysis *cjm_analysis_new(const cjm_journey *map, const cjm_options *options)
{
    return make("cjm_analysis_new", map, options, false, NULL);
}

CJM_EXPORT cjm_analysis *cjm_analysis_new_shared(const cjm_journey *map,
                                                 const cjm_options *options)
{
    return make("cjm_analysis_new_shared", map, options, true, NULL);
}

CJM_EXPORT cjm_analysis *cjm_analysis_new_like(const cjm_analysis *model)
{
    static const char func[] = "cjm_analysis_new_like";
    if (!model) {
        cjmi_fail(CJM_ERR_INVALID, "%s: model: NULL", func);
        return NULL;
    }
    bool shared = !model->own_map;
    return make(func, model->map, &model->options, shared,
                shared && holds_map_alone(model) ? model : NULL);
}

CJM_EXPORT uint64_t cjm_analysis_event_count(const cjm_analysis *a)
{
    uint64_t n = 0;
    for (size_t s = 0; a && s < CJMI_SHARDS; s++)
        n += a->shards[s].events.count;
    return n;
}

CJM_EXPORT uint64_t cjm_analysis_customer_count(const cjm_analysis *a)
{
    uint64_t n = 0;
    for (size_t s = 0; a && s < CJMI_SHARDS; s++)
        n += a->shards[s].customers.count;
    return n;
}

unsigned cjmi_analysis_threads(const cjm_analysis *a, size_t work)
{
    unsigned n = cjmi_thread_count(a->options.threads);
    return work < n ? (work ? (unsigned)work : 1) : n;
}

CJM_EXPORT uint64_t cjm_analysis_rejected_count(const cjm_analysis *a)
{
    return a ? a->rejected : 0;
}

CJM_EXPORT const char *cjm_analysis_rejected_message(const cjm_analysis *a, size_t i)
{
    return a && i < a->rejected_message_count ? a->rejected_messages[i] : NULL;
}
