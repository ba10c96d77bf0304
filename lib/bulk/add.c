/* Taking events: each is checked against the map, its ids interned, and
 * it is appended; its feedback is summed. A call that fails is rolled back
 * to the marks taken when it began. */
#include <math.h>
#include <string.h>

#include "analysis-private.h"
#include "event-private.h"
#include "../core/model-private.h"
#include "../core/score.h"
#include "../core/text.h"
#include "../core/alloc.h"
#include "../core/error.h"

/* An event as the analysis holds it, with its feedback until committed. */
typedef struct resolved {
    int64_t at;
    uint32_t customer, touchpoint;
    uint16_t channel, stage;
    bool has_feedback;
    int64_t millionths;
} resolved;

/* The raw fields of one event, from any of the entry points. */
typedef struct raw_event {
    const char *customer, *touchpoint, *channel, *stage;
    int64_t at;
    bool has_feedback;
    double score, scale_min, scale_max;
    bool checked; /* fields already checked by the cjm_event setters */
    /* Set by prepare(): customer and touchpoint are plain ASCII ids, with
     * these lengths and hashes, so resolve() need not look at them again. */
    bool plain;
    size_t customer_len, touchpoint_len;
    uint32_t customer_hash, touchpoint_hash;
} raw_event;

/* Measures, checks on the fast path and hashes an event's customer and
 * touchpoint, and starts fetching the customer's slot: done a few events
 * ahead of resolve(), it hides the cache miss of the customer lookup. */
static void prepare(const cjm_analysis *a, raw_event *e)
{
    e->plain = false;
    if (!e->customer || !e->touchpoint)
        return;
    e->customer_len = strnlen(e->customer, CJM_ID_MAX + 1);
    e->touchpoint_len = strnlen(e->touchpoint, CJM_ID_MAX + 1);
    if (!cjmi_id_is_plain(e->customer, e->customer_len) ||
        !cjmi_id_is_plain(e->touchpoint, e->touchpoint_len))
        return;
    e->customer_hash = cjmi_intern_hash(e->customer, e->customer_len);
    e->touchpoint_hash = cjmi_intern_hash(e->touchpoint, e->touchpoint_len);
    e->plain = true;
    cjmi_intern_prefetch(&a->customers, e->customer_hash);
}

typedef struct marks {
    size_t customers, touchpoints, channels, events;
} marks;

static marks take_marks(const cjm_analysis *a)
{
    marks m = { a->customers.count, a->touchpoints.count, a->channels.count, a->events.count };
    return m;
}

static void roll_back(cjm_analysis *a, marks m)
{
    cjmi_intern_truncate(&a->customers, m.customers);
    cjmi_intern_truncate(&a->touchpoints, m.touchpoints);
    cjmi_intern_truncate(&a->channels, m.channels);
    cjmi_store_truncate(&a->events, m.events);
}

static uint32_t intern(cjmi_intern *in, const char *s)
{
    size_t len = strlen(s);
    return cjmi_intern_add(in, s, len, cjmi_intern_hash(s, len));
}

static uint32_t find(const cjmi_intern *in, const char *s)
{
    size_t len = strlen(s);
    return cjmi_intern_find(in, s, len, cjmi_intern_hash(s, len));
}

/* Checks an event against the rules and the map and interns its ids.
 * Errors name `func` (the entry point, with the event's index for
 * columns). */
static cjm_status resolve(cjm_analysis *a, const raw_event *e, resolved *out, const char *func)
{
    cjm_status rc;
    char token[CJM_CHANNEL_MAX + 1];
    if (!e->checked) {
        if (!e->plain && ((rc = cjmi_check_id(func, "customer", e->customer)) != CJM_OK ||
                          (rc = cjmi_check_id(func, "touchpoint", e->touchpoint)) != CJM_OK))
            return rc;
        if (e->at == CJM_UNSET)
            return cjmi_fail(CJM_ERR_INVALID, "%s: at: an event needs a time", func);
        if ((rc = cjmi_check_time(func, "at", e->at)) != CJM_OK)
            return rc;
        if (e->stage && (rc = cjmi_check_id(func, "stage", e->stage)) != CJM_OK)
            return rc;
        if (e->channel && (rc = cjmi_channel(token, func, "channel", e->channel)) != CJM_OK)
            return rc;
        if (e->has_feedback &&
            (rc = cjmi_check_score(func, e->score, e->scale_min, e->scale_max)) != CJM_OK)
            return rc;
    } else {
        if (!e->customer || !e->touchpoint || e->at == CJM_UNSET)
            return cjmi_fail(CJM_ERR_INVALID, "%s: %s: the event has none", func,
                             !e->customer ? "customer" : !e->touchpoint ? "touchpoint" : "at");
        if (e->channel)
            strcpy(token, e->channel);
    }
    const char *channel = e->channel ? token : NULL;
    size_t customer_len = e->plain ? e->customer_len : strlen(e->customer);
    size_t touchpoint_len = e->plain ? e->touchpoint_len : strlen(e->touchpoint);
    uint32_t customer_hash = e->plain ? e->customer_hash
                                      : cjmi_intern_hash(e->customer, customer_len);
    uint32_t touchpoint_hash = e->plain ? e->touchpoint_hash
                                        : cjmi_intern_hash(e->touchpoint, touchpoint_len);

    uint32_t stage = CJMI_NO_STAGE16;
    if (e->stage) {
        stage = find(&a->stages, e->stage);
        if (stage == CJMI_NOT_INTERNED)
            return cjmi_fail(CJM_ERR_INVALID, "%s: stage: the map has no stage \"%s\"",
                             func, e->stage);
    }
    uint32_t tp = cjmi_intern_find(&a->touchpoints, e->touchpoint, touchpoint_len,
                                   touchpoint_hash);
    uint32_t ch;
    if (tp != CJMI_NOT_INTERNED && tp < a->planned) {
        if (e->stage && stage != a->planned_stage[tp])
            return cjmi_fail(CJM_ERR_CONFLICT, "%s: stage: touchpoint \"%s\" is in stage "
                             "\"%s\" of the map, not \"%s\"", func, e->touchpoint,
                             cjmi_intern_string(&a->stages, a->planned_stage[tp]), e->stage);
        stage = a->planned_stage[tp];
        ch = channel ? intern(&a->channels, channel) : a->planned_channel[tp];
    } else {
        if (!channel)
            return cjmi_fail(CJM_ERR_INVALID, "%s: channel: touchpoint \"%s\" is not in the "
                             "map, so the event needs a channel", func, e->touchpoint);
        ch = intern(&a->channels, channel);
        if (ch != CJMI_NOT_INTERNED && tp == CJMI_NOT_INTERNED)
            tp = cjmi_intern_add(&a->touchpoints, e->touchpoint, touchpoint_len,
                                 touchpoint_hash);
    }
    if (ch == CJMI_NOT_INTERNED || tp == CJMI_NOT_INTERNED)
        return a->touchpoints.count >= UINT32_MAX - 1
                   ? cjmi_fail(CJM_ERR_LIMIT, "%s: touchpoint: too many touchpoints", func)
                   : cjmi_nomem(func);
    if (ch >= UINT16_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: channel: more than 65535 channels", func);
    uint32_t customer = cjmi_intern_add(&a->customers, e->customer, customer_len,
                                        customer_hash);
    if (customer == CJMI_NOT_INTERNED)
        return a->customers.count >= UINT32_MAX - 1
                   ? cjmi_fail(CJM_ERR_LIMIT, "%s: customer: too many customers", func)
                   : cjmi_nomem(func);
    out->at = e->at;
    out->customer = customer;
    out->touchpoint = tp;
    out->channel = (uint16_t)ch;
    out->stage = (uint16_t)stage;
    out->has_feedback = e->has_feedback;
    out->millionths = e->has_feedback ? cjmi_millionths(e->score, e->scale_min, e->scale_max)
                                      : 0;
    return CJM_OK;
}

int cjmi_analysis_reserve_sums(cjm_analysis *a)
{
    size_t tps = a->touchpoints.count, old = a->touchpoint_feedback_capacity;
    if (cjmi_reserve((void **)&a->touchpoint_feedback, &a->touchpoint_feedback_capacity, tps,
                     sizeof *a->touchpoint_feedback) < 0)
        return -1;
    if (a->touchpoint_feedback_capacity > old)
        memset(a->touchpoint_feedback + old, 0,
               (a->touchpoint_feedback_capacity - old) * sizeof *a->touchpoint_feedback);
    old = a->heard_capacity;
    if (cjmi_reserve((void **)&a->heard, &a->heard_capacity, a->customers.count, 1) < 0)
        return -1;
    if (a->heard_capacity > old)
        memset(a->heard + old, 0, a->heard_capacity - old);
    return 0;
}

static void commit_feedback(cjm_analysis *a, const resolved *r)
{
    if (!r->has_feedback)
        return;
    a->touchpoint_feedback[r->touchpoint].count++;
    a->touchpoint_feedback[r->touchpoint].millionths += r->millionths;
    if (r->stage != CJMI_NO_STAGE16) {
        a->stage_feedback[r->stage].count++;
        a->stage_feedback[r->stage].millionths += r->millionths;
    }
    a->heard[r->customer] = 1;
}

/* Counts a skipped event and keeps its message (the first few). An
 * allocation failure is the caller's failure: nothing is counted then. */
static cjm_status reject(cjm_analysis *a, const char *func)
{
    if (a->rejected_message_count < CJM_REJECTED_MESSAGES) {
        char *copy = cjmi_strdup(cjm_last_error());
        if (!copy)
            return cjmi_nomem(func);
        a->rejected_messages[a->rejected_message_count++] = copy;
    }
    a->rejected++;
    return CJM_OK;
}

/* One event, all or nothing (skipped in lenient mode when invalid). */
static cjm_status add_one(cjm_analysis *a, raw_event *e, const char *func)
{
    prepare(a, e);
    marks m = take_marks(a);
    resolved r;
    cjm_status rc = resolve(a, e, &r, func);
    if (rc == CJM_OK && (cjmi_store_reserve(&a->events, 1) < 0 || cjmi_analysis_reserve_sums(a) < 0))
        rc = cjmi_nomem(func);
    if (rc != CJM_OK) {
        roll_back(a, m);
        return a->options.lenient && rc != CJM_ERR_NOMEM ? reject(a, func) : rc;
    }
    cjmi_store_append(&a->events, r.at, r.customer, r.touchpoint, r.channel, r.stage);
    commit_feedback(a, &r);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_analysis_add(cjm_analysis *a, const char *customer, int64_t at,
                                       const char *touchpoint, const char *channel,
                                       const char *stage)
{
    static const char func[] = "cjm_analysis_add";
    if (!a)
        return cjmi_fail(CJM_ERR_INVALID, "%s: analysis: NULL", func);
    raw_event e = { customer, touchpoint, channel, stage, at, false, NAN, NAN, NAN, false,
                    false, 0, 0, 0, 0 };
    return add_one(a, &e, func);
}

CJM_EXPORT cjm_status cjm_analysis_add_event(cjm_analysis *a, const cjm_event *event)
{
    static const char func[] = "cjm_analysis_add_event";
    if (!a || !event)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, a ? "event" : "analysis");
    raw_event e = {
        cjm_event_customer(event), cjm_event_touchpoint(event), cjm_event_channel(event),
        cjm_event_stage(event), event->at, event->has_feedback, event->score,
        event->scale_min, event->scale_max, true, false, 0, 0, 0, 0,
    };
    return add_one(a, &e, func);
}

CJM_EXPORT cjm_status cjm_analysis_sink(const cjm_event *event, void *analysis)
{
    return cjm_analysis_add_event(analysis, event);
}

/* Event i of the columns, prepared. */
static void column_event(const cjm_analysis *a, raw_event *e, size_t i,
                         const char *const *customers, const int64_t *at,
                         const char *const *touchpoints, const char *const *channels,
                         const char *const *stages, const double *scores,
                         const double *scale_min, const double *scale_max)
{
    e->customer = customers[i];
    e->touchpoint = touchpoints[i];
    e->channel = channels ? channels[i] : NULL;
    e->stage = stages ? stages[i] : NULL;
    e->at = at[i];
    e->has_feedback = scores && !isnan(scores[i]);
    e->score = scores ? scores[i] : NAN;
    e->scale_min = scale_min ? scale_min[i] : -2.0;
    e->scale_max = scale_max ? scale_max[i] : 2.0;
    e->checked = false;
    prepare(a, e);
}

/* The columns call: every event resolved and appended, then the feedback
 * of all of them committed; a failure rolls the whole call back. */
CJM_EXPORT cjm_status cjm_analysis_add_columns(cjm_analysis *a, size_t n,
                                               const char *const *customers,
                                               const int64_t *at,
                                               const char *const *touchpoints,
                                               const char *const *channels,
                                               const char *const *stages,
                                               const double *scores,
                                               const double *scale_min,
                                               const double *scale_max)
{
    static const char func[] = "cjm_analysis_add_columns";
    if (!a)
        return cjmi_fail(CJM_ERR_INVALID, "%s: analysis: NULL", func);
    if (n && (!customers || !at || !touchpoints))
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func,
                         !customers ? "customers" : !at ? "at" : "touchpoints");
    if (n && (!scale_min) != (!scale_max))
        return cjmi_fail(CJM_ERR_INVALID, "%s: scale_min and scale_max: give both or neither",
                         func);
    marks m = take_marks(a);
    uint64_t rejected_before = a->rejected;
    size_t messages_before = a->rejected_message_count;
    size_t feedback_events = 0;
    resolved *fb = NULL;
    size_t fb_capacity = 0;
    cjm_status rc = cjmi_store_reserve(&a->events, n) < 0 ? cjmi_nomem(func) : CJM_OK;
    /* Events are prepared AHEAD of their turn, so that the customer's slot
     * is in the cache when resolve() looks it up. */
    enum { AHEAD = 8 };
    raw_event ring[AHEAD];
    for (size_t i = 0; i < n && i < AHEAD; i++)
        column_event(a, &ring[i], i, customers, at, touchpoints, channels, stages, scores,
                     scale_min, scale_max);
    for (size_t i = 0; rc == CJM_OK && i < n; i++) {
        raw_event e = ring[i % AHEAD];
        if (i + AHEAD < n)
            column_event(a, &ring[i % AHEAD], i + AHEAD, customers, at, touchpoints, channels,
                         stages, scores, scale_min, scale_max);
        resolved r;
        rc = resolve(a, &e, &r, ""); /* the message gets its context below */
        if (rc != CJM_OK) {
            if (rc == CJM_ERR_NOMEM)
                cjmi_nomem(func);
            else
                cjmi_prefix_error("%s: event %zu", func, i);
            if (a->options.lenient && rc != CJM_ERR_NOMEM)
                rc = reject(a, func);
            continue;
        }
        cjmi_store_append(&a->events, r.at, r.customer, r.touchpoint, r.channel, r.stage);
        if (r.has_feedback) {
            if (cjmi_reserve((void **)&fb, &fb_capacity, feedback_events + 1, sizeof *fb) < 0)
                rc = cjmi_nomem(func);
            else
                fb[feedback_events++] = r;
        }
    }
    if (rc == CJM_OK && cjmi_analysis_reserve_sums(a) < 0)
        rc = cjmi_nomem(func);
    if (rc != CJM_OK) {
        roll_back(a, m);
        a->rejected = rejected_before;
        while (a->rejected_message_count > messages_before)
            cjmi_free(a->rejected_messages[--a->rejected_message_count]);
    } else {
        for (size_t i = 0; i < feedback_events; i++)
            commit_feedback(a, &fb[i]);
    }
    cjmi_free(fb);
    return rc;
}
