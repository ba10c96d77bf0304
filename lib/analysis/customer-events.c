/* One customer straight from the events (analysis.md, "The customers
 * behind a figure"): every event of a stream is checked against the map as
 * an analysis checks it, the chosen customer's events are kept, and their
 * sequence seq(c) (by time, ties in arrival order) becomes an actual
 * journey, a touchpoint met again being another visit, compared with the
 * map. */
#include <stdio.h>
#include <string.h>

#include "cjm/analysis.h"
#include "compare.h"
#include "options-private.h"
#include "../core/model-private.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/text.h"

/* One event of the customer, as it came. */
typedef struct visit {
    int64_t at, feedback_at;
    char *touchpoint, *emotion, *comment, *source; /* owned */
    char channel[CJM_CHANNEL_MAX + 1];
    const cjm_stage *stage; /* of the map (the handle's copy), or NULL */
    bool has_feedback;
    double score, scale_min, scale_max;
} visit;

struct cjm_customer_events {
    cjm_journey *map; /* a copy */
    cjm_options options;
    char *customer;
    visit *visits;
    size_t count, capacity;
    uint64_t rejected;
    char *first_rejected; /* the first skipped event's message, or NULL */
};

static void visit_free(visit *v)
{
    cjmi_free(v->touchpoint);
    cjmi_free(v->emotion);
    cjmi_free(v->comment);
    cjmi_free(v->source);
}

CJM_EXPORT void cjm_customer_events_free(cjm_customer_events *ce)
{
    if (!ce)
        return;
    for (size_t i = 0; i < ce->count; i++)
        visit_free(&ce->visits[i]);
    cjmi_free(ce->visits);
    cjmi_free(ce->customer);
    cjmi_free(ce->first_rejected);
    cjm_journey_free(ce->map);
    cjmi_free(ce);
}

CJM_EXPORT cjm_customer_events *cjm_customer_events_new(const cjm_journey *map,
                                                        const char *customer,
                                                        const cjm_options *options)
{
    static const char func[] = "cjm_customer_events_new";
    if (!map || !customer) {
        cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, map ? "customer" : "map");
        return NULL;
    }
    if (cjmi_check_id(func, "customer", customer) != CJM_OK ||
        cjmi_check_map(func, map) != CJM_OK)
        return NULL;
    cjm_customer_events *ce = cjmi_calloc(1, sizeof *ce);
    if (!ce || !(ce->customer = cjmi_strdup(customer)) || !(ce->map = cjm_journey_copy(map))) {
        cjm_customer_events_free(ce);
        cjmi_nomem(func);
        return NULL;
    }
    ce->options = *cjmi_options(options);
    return ce;
}

/* Checks an event against the map with the rules of the bulk analysis;
 * finds its stage and channel. Errors name `func`. */
static cjm_status check(const cjm_customer_events *ce, const cjm_event *e, const cjm_stage **stage,
                        const char **channel, const char *func)
{
    const char *customer = cjm_event_customer(e), *touchpoint = cjm_event_touchpoint(e);
    const char *named = cjm_event_stage(e);
    if (!customer || !touchpoint || cjm_event_at(e) == CJM_UNSET)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: the event has none", func,
                         !customer ? "customer" : !touchpoint ? "touchpoint" : "at");
    *stage = NULL;
    if (named && !(*stage = cjmi_table_get(&ce->map->stage_ids, named)))
        return cjmi_fail(CJM_ERR_INVALID, "%s: stage: the map has no stage \"%s\"", func, named);
    const cjm_touchpoint *planned = cjmi_table_get(&ce->map->touchpoint_ids, touchpoint);
    *channel = cjm_event_channel(e);
    if (planned) {
        if (*stage && *stage != planned->stage)
            return cjmi_fail(CJM_ERR_CONFLICT, "%s: stage: touchpoint \"%s\" is in stage \"%s\" "
                             "of the map, not \"%s\"", func, touchpoint, planned->stage->id,
                             named);
        *stage = planned->stage;
        if (!*channel)
            *channel = planned->channel;
    } else if (!*channel) {
        if (!ce->options.default_channel[0])
            return cjmi_fail(CJM_ERR_INVALID, "%s: channel: touchpoint \"%s\" is not in the map, "
                             "so the event needs a channel", func, touchpoint);
        *channel = ce->options.default_channel;
    }
    return CJM_OK;
}

/* Skips an invalid event in lenient mode, keeping the first message. */
static cjm_status reject(cjm_customer_events *ce, const char *func)
{
    if (!ce->first_rejected && !(ce->first_rejected = cjmi_strdup(cjm_last_error())))
        return cjmi_nomem(func);
    ce->rejected++;
    return CJM_OK;
}

static cjm_status keep(cjm_customer_events *ce, const cjm_event *e, const cjm_stage *stage,
                       const char *channel, const char *func)
{
    if (cjmi_array_reserve(ce->visits, ce->capacity, ce->count + 1) != CJM_OK)
        return cjmi_nomem(func);
    visit *v = &ce->visits[ce->count];
    memset(v, 0, sizeof *v);
    v->at = cjm_event_at(e);
    v->stage = stage;
    strcpy(v->channel, channel);
    v->has_feedback = cjm_event_has_feedback(e);
    v->score = cjm_event_score(e);
    v->scale_min = cjm_event_scale_min(e);
    v->scale_max = cjm_event_scale_max(e);
    v->feedback_at = cjm_event_feedback_at(e);
    const char *emotion = cjm_event_emotion(e), *comment = cjm_event_comment(e);
    const char *source = cjm_event_source(e);
    if (!(v->touchpoint = cjmi_strdup(cjm_event_touchpoint(e))) ||
        (emotion && !(v->emotion = cjmi_strdup(emotion))) ||
        (comment && !(v->comment = cjmi_strdup(comment))) ||
        (source && !(v->source = cjmi_strdup(source)))) {
        visit_free(v);
        return cjmi_nomem(func);
    }
    ce->count++;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_customer_events_add(cjm_customer_events *ce, const cjm_event *event)
{
    static const char func[] = "cjm_customer_events_add";
    if (!ce || !event)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, ce ? "event" : "customer_events");
    cjm_status rc;
    const char *reason = cjm_event_error(event, &rc);
    if (reason) {
        /* A reader could not read it: an invalid event like any other. */
        cjm_error_set(rc, reason);
        return ce->options.lenient ? reject(ce, func) : rc;
    }
    const cjm_stage *stage = NULL;
    const char *channel = NULL;
    const char *origin = cjm_event_origin(event);
    if ((rc = check(ce, event, &stage, &channel, func)) != CJM_OK) {
        if (origin)
            cjmi_prefix_error("%s: ", origin);
        return ce->options.lenient ? reject(ce, func) : rc;
    }
    if (strcmp(cjm_event_customer(event), ce->customer) != 0)
        return CJM_OK;
    if ((rc = keep(ce, event, stage, channel, func)) != CJM_OK && origin)
        cjmi_prefix_error("%s: ", origin);
    return rc;
}

CJM_EXPORT cjm_status cjm_customer_events_sink(const cjm_event *event, void *customer_events)
{
    return cjm_customer_events_add(customer_events, event);
}

CJM_EXPORT uint64_t cjm_customer_events_count(const cjm_customer_events *ce)
{
    return ce ? ce->count : 0;
}

CJM_EXPORT uint64_t cjm_customer_events_rejected(const cjm_customer_events *ce,
                                                 const char **first_message)
{
    if (first_message)
        *first_message = ce ? ce->first_rejected : NULL;
    return ce ? ce->rejected : 0;
}

/* Stable merge sort of visit indexes by time: ties keep arrival order. */
static void sort_by_time(const visit *v, size_t *a, size_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t half = n / 2;
    sort_by_time(v, a, tmp, half);
    sort_by_time(v, a + half, tmp, n - half);
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n)
        tmp[k++] = v[a[j]].at < v[a[i]].at ? a[j++] : a[i++];
    while (i < half)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

/* A stage id the map lacks, for visits of no stage: "(no stage)", or with
 * a number after it when the map has that id. */
static void unstaged_id(char *buf, size_t size, const cjm_journey *map)
{
    snprintf(buf, size, "(no stage)");
    for (unsigned n = 2; cjmi_table_get(&map->stage_ids, buf); n++)
        snprintf(buf, size, "(no stage) %u", n);
}

/* Adds visit v to the journey (stage `in`) as a touchpoint of its own. */
static cjm_status add_visit(cjm_touchpoint **out, cjm_stage *in, const visit *v,
                            const cjm_journey *map, const char *customer)
{
    const cjm_touchpoint *planned = cjmi_table_get(&map->touchpoint_ids, v->touchpoint);
    cjm_touchpoint *t;
    cjm_feedback *f;
    cjm_status rc = cjm_stage_add_touchpoint(&t, in, v->touchpoint,
                                             planned ? planned->name : v->touchpoint, v->channel);
    if (rc == CJM_OK)
        rc = cjm_touchpoint_set_at(t, v->at);
    if (rc == CJM_OK && v->has_feedback &&
        ((rc = cjm_touchpoint_add_feedback(&f, t, v->score, v->scale_min, v->scale_max)) !=
             CJM_OK ||
         (rc = cjm_feedback_set_emotion(f, v->emotion)) != CJM_OK ||
         (rc = cjm_feedback_set_comment(f, v->comment)) != CJM_OK ||
         (rc = cjm_feedback_set_source(f, v->source)) != CJM_OK ||
         (rc = cjm_feedback_set_at(f, v->feedback_at != CJM_UNSET ? v->feedback_at : v->at)) !=
             CJM_OK ||
         (rc = cjm_feedback_set_customer(f, customer)) != CJM_OK))
        return rc;
    *out = t;
    return rc;
}

/* The actual journey: the map's stages in order (and one for visits of no
 * stage, last, when there are any), each visit in its stage in the order
 * of seq; seq[i] receives the touchpoint of the i-th visit in time order. */
static cjm_status build(cjm_journey **out, cjm_touchpoint **seq, const cjm_customer_events *ce,
                        const size_t *order)
{
    const cjm_journey *map = ce->map;
    cjm_journey *j = cjm_journey_new_actual(map->id, map->name);
    cjm_status rc = j ? cjm_journey_set_customer(j, ce->customer) : CJM_ERR_NOMEM;
    for (size_t s = 0; rc == CJM_OK && s < map->stage_count; s++)
        rc = cjm_journey_add_stage(NULL, j, map->stages[s]->id, map->stages[s]->name);
    cjm_stage *unstaged = NULL;
    for (size_t i = 0; rc == CJM_OK && i < ce->count; i++) {
        const visit *v = &ce->visits[order[i]];
        cjm_stage *in = v->stage ? j->stages[v->stage->index] : unstaged;
        if (!in) {
            char id[32];
            unstaged_id(id, sizeof id, map);
            rc = cjm_journey_add_stage(&unstaged, j, id, "No stage");
            in = unstaged;
        }
        if (rc == CJM_OK)
            rc = add_visit(&seq[i], in, v, map, ce->customer);
    }
    if (rc != CJM_OK) {
        cjm_journey_free(j);
        return rc;
    }
    *out = j;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_customer_events_compare(cjm_comparison **out, cjm_journey **actual,
                                                  const cjm_customer_events *ce)
{
    static const char func[] = "cjm_customer_events_compare";
    if (!out || !ce)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, out ? "customer_events" : "out");
    if (!ce->count)
        return cjmi_fail(CJM_ERR_NOT_FOUND, "%s: customer: no event of customer \"%s\"%s", func,
                         ce->customer, ce->rejected ? " among the valid events" : "");
    size_t *order = cjmi_calloc(ce->count, sizeof *order);
    size_t *tmp = cjmi_calloc(ce->count, sizeof *tmp);
    cjm_touchpoint **seq = cjmi_calloc(ce->count, sizeof *seq);
    cjm_journey *j = NULL;
    cjm_comparison *c = NULL;
    cjm_status rc = order && tmp && seq ? CJM_OK : CJM_ERR_NOMEM;
    if (rc == CJM_OK) {
        for (size_t i = 0; i < ce->count; i++)
            order[i] = i;
        sort_by_time(ce->visits, order, tmp, ce->count);
        rc = build(&j, seq, ce, order);
    }
    if (rc == CJM_OK)
        rc = cjmi_compare_sequence(&c, seq, ce->count, j, ce->map,
                                   ce->options.pain_threshold);
    cjmi_free(order);
    cjmi_free(tmp);
    cjmi_free(seq);
    if (rc != CJM_OK) {
        /* Every value was checked on the way in: only memory can fail. */
        cjm_journey_free(j);
        return cjmi_nomem(func);
    }
    *out = c;
    if (actual)
        *actual = j;
    else
        cjm_journey_free(j);
    return CJM_OK;
}
