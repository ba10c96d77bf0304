/* Taking events. Each event is checked against the rules and the map
 * (read-only, so many can be checked at once), then the rare new
 * touchpoints and channels are interned in event order, then each
 * customer is interned in its shard and the event appended there, and
 * finally the feedback is summed. A call that fails is rolled back to the
 * marks taken when it began. */
#include <math.h>
#include <string.h>

#include "analysis-private.h"
#include "columns.h"
#include "workers.h"
#include "event-private.h"
#include "../core/model-private.h"
#include "../core/score.h"
#include "../core/text.h"
#include "../core/alloc.h"
#include "../core/error.h"

/* The raw fields of one event, from any of the entry points. */
typedef struct raw_event {
    const char *customer, *touchpoint, *channel, *stage;
    int64_t at;
    bool has_feedback;
    double score, scale_min, scale_max;
    bool checked; /* fields already checked by the cjm_event setters */
    /* What is known of customer and touchpoint when they come from a
     * dictionary's table (worked out once per string), or NULL. */
    const cjmi_string_facts *customer_facts, *touchpoint_facts;
    /* The value of the attribute the breakdown names, or NULL. */
    const char *segment;
    size_t segment_len;
} raw_event;

/* What checking an event found. A touchpoint or channel not yet interned
 * is CJMI_NOT_INTERNED until commit_ids() interns it. */
typedef struct pending {
    int64_t at, millionths;
    uint32_t touchpoint, channel;
    uint32_t customer_hash, touchpoint_hash;
    uint16_t customer_len, touchpoint_len;
    uint32_t segment; /* the breakdown's value: index + 1 in segment_values; 0: none */
    uint16_t stage;
    bool has_feedback;
    cjm_status status;
} pending;

static uint32_t find(const cjmi_intern *in, const char *s)
{
    size_t len = strlen(s);
    return cjmi_intern_find(in, s, len, cjmi_intern_hash(s, len));
}

/* Strings a worker has checked and looked up in the block under way, by
 * address. Columns hold few distinct touchpoints, channels and stages,
 * mostly as the same few pointers, and a customer's events often share
 * one pointer too; the columns cannot change during the call: a string
 * seen before is neither checked, measured, hashed nor looked up again.
 * Only strings that passed their checks are kept. */
enum { SEEN_BITS = 10, SEEN_CUSTOMER_BITS = 15 };

/* Blocks of fewer events go without: clearing the tables (about 600 KiB)
 * would cost more than they save, and a few events need no scratch. */
enum { SEEN_MIN = 8192 };

typedef struct seen_string {
    const char *s;
    uint32_t value; /* its index (touchpoints may be CJMI_NOT_INTERNED) */
    uint32_t hash, len;
} seen_string;

/* A customer's string: when checking, its hash and length; when
 * appending, its index in its shard. */
typedef struct seen_customer {
    const char *s;
    uint32_t value;
    uint16_t len;
} seen_customer;

typedef struct seen {
    seen_string touchpoint[1 << SEEN_BITS], channel[1 << SEEN_BITS], stage[1 << SEEN_BITS];
    seen_customer customer[1 << SEEN_CUSTOMER_BITS];
} seen;

/* Where in a table of 2^bits string s would be kept. */
static size_t seen_index(unsigned bits, const char *s)
{
    uint64_t h = (uint64_t)(uintptr_t)s * UINT64_C(0x9e3779b97f4a7c15);
    return (size_t)(h >> (64 - bits));
}

/* The entry of a table where string s would be kept (NULL without a
 * table or a string). */
static seen_string *seen_slot(seen_string *table, const char *s)
{
    return table && s ? &table[seen_index(SEEN_BITS, s)] : NULL;
}

static seen_customer *seen_customer_slot(seen_customer *table, const char *s)
{
    return table ? &table[seen_index(SEEN_CUSTOMER_BITS, s)] : NULL;
}

static bool seen_has(const seen_string *slot, const char *s)
{
    return slot && slot->s == s;
}

static bool seen_customer_has(const seen_customer *slot, const char *s)
{
    return slot && slot->s == s;
}

static void seen_keep(seen_string *slot, const char *s, uint32_t value, uint32_t hash,
                      size_t len)
{
    if (slot) {
        slot->s = s;
        slot->value = value;
        slot->hash = hash;
        slot->len = (uint32_t)len;
    }
}

static void seen_customer_keep(seen_customer *slot, const char *s, uint32_t value, size_t len)
{
    if (slot) {
        slot->s = s;
        slot->value = value;
        slot->len = (uint16_t)len;
    }
}

/* Checks an event against the rules and the map, interning nothing;
 * `cache` (or NULL) remembers what was found of its strings. Errors name
 * `func`. */
static cjm_status check_event(const cjm_analysis *a, const raw_event *e, pending *p,
                              seen *cache, const char *func)
{
    cjm_status rc;
    char token[CJM_CHANNEL_MAX + 1];
    if (!e->customer || !e->touchpoint || e->at == CJM_UNSET) {
        const char *field = !e->customer ? "customer" : !e->touchpoint ? "touchpoint" : "at";
        if (e->checked)
            return cjmi_fail(CJM_ERR_INVALID, "%s: %s: the event has none", func, field);
        if (e->at != CJM_UNSET || !e->customer || !e->touchpoint)
            return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, field);
        return cjmi_fail(CJM_ERR_INVALID, "%s: at: an event needs a time", func);
    }
    const cjmi_string_facts *cf = e->customer_facts, *tf = e->touchpoint_facts;
    seen_customer *us = cf ? NULL : seen_customer_slot(cache ? cache->customer : NULL,
                                                       e->customer);
    /* A dictionary's touchpoint has its facts, yet is looked up in the
     * map's table only once too. */
    seen_string *ts = seen_slot(cache ? cache->touchpoint : NULL, e->touchpoint);
    seen_string *ss = seen_slot(cache ? cache->stage : NULL, e->stage);
    seen_string *cs = seen_slot(cache ? cache->channel : NULL, e->channel);
    bool u_seen = seen_customer_has(us, e->customer), t_seen = seen_has(ts, e->touchpoint);
    bool s_seen = seen_has(ss, e->stage), c_seen = seen_has(cs, e->channel);
    size_t clen = cf ? cf->len : u_seen ? us->len : strnlen(e->customer, CJM_ID_MAX + 1);
    size_t tlen = tf ? tf->len : t_seen ? ts->len : strnlen(e->touchpoint, CJM_ID_MAX + 1);
    if (!e->checked) {
        /* Plain ASCII ids pass without the full UTF-8 scan. */
        if ((!u_seen && !(cf ? cf->plain : cjmi_id_is_plain(e->customer, clen)) &&
             (rc = cjmi_check_id(func, "customer", e->customer)) != CJM_OK) ||
            (!t_seen && !(tf ? tf->plain : cjmi_id_is_plain(e->touchpoint, tlen)) &&
             (rc = cjmi_check_id(func, "touchpoint", e->touchpoint)) != CJM_OK))
            return rc;
        if ((rc = cjmi_check_time(func, "at", e->at)) != CJM_OK)
            return rc;
        if (e->stage && !s_seen && (rc = cjmi_check_id(func, "stage", e->stage)) != CJM_OK)
            return rc;
        if (e->channel && !c_seen &&
            (rc = cjmi_channel(token, func, "channel", e->channel)) != CJM_OK)
            return rc;
        if (e->has_feedback &&
            (rc = cjmi_check_score(func, e->score, e->scale_min, e->scale_max)) != CJM_OK)
            return rc;
    } else if (e->channel && !c_seen) {
        strcpy(token, e->channel);
    }
    p->customer_len = (uint16_t)clen;
    p->touchpoint_len = (uint16_t)tlen;
    p->customer_hash = cf ? cf->hash : u_seen ? us->value : cjmi_intern_hash(e->customer, clen);
    if (!u_seen)
        seen_customer_keep(us, e->customer, p->customer_hash, clen);
    p->touchpoint_hash = tf ? tf->hash : t_seen ? ts->hash : cjmi_intern_hash(e->touchpoint, tlen);

    uint32_t stage = CJMI_NO_STAGE16;
    if (e->stage) {
        stage = s_seen ? ss->value : find(&a->stages, e->stage);
        if (stage == CJMI_NOT_INTERNED)
            return cjmi_fail(CJM_ERR_INVALID, "%s: stage: the map has no stage \"%s\"",
                             func, e->stage);
        if (!s_seen)
            seen_keep(ss, e->stage, stage, 0, 0);
    }
    uint32_t tp = t_seen ? ts->value
                         : cjmi_intern_find(&a->touchpoints, e->touchpoint, tlen,
                                            p->touchpoint_hash);
    if (!t_seen)
        seen_keep(ts, e->touchpoint, tp, p->touchpoint_hash, tlen);
    uint32_t ch;
    if (tp != CJMI_NOT_INTERNED && tp < a->planned) {
        if (e->stage && stage != a->planned_stage[tp])
            return cjmi_fail(CJM_ERR_CONFLICT, "%s: stage: touchpoint \"%s\" is in stage "
                             "\"%s\" of the map, not \"%s\"", func, e->touchpoint,
                             cjmi_intern_string(&a->stages, a->planned_stage[tp]), e->stage);
        stage = a->planned_stage[tp];
        ch = !e->channel ? a->planned_channel[tp] : c_seen ? cs->value : find(&a->channels, token);
    } else {
        if (!e->channel) {
            if (!a->options.default_channel[0])
                return cjmi_fail(CJM_ERR_INVALID, "%s: channel: touchpoint \"%s\" is not in "
                                 "the map, so the event needs a channel", func, e->touchpoint);
            strcpy(token, a->options.default_channel);
        }
        ch = c_seen ? cs->value : find(&a->channels, token);
    }
    if (e->channel && !c_seen)
        seen_keep(cs, e->channel, ch, 0, 0);
    p->at = e->at;
    p->touchpoint = tp;
    p->channel = ch;
    p->stage = (uint16_t)stage;
    p->has_feedback = e->has_feedback;
    p->millionths = e->has_feedback ? cjmi_millionths(e->score, e->scale_min, e->scale_max)
                                    : 0;
    p->segment = 0;
    return CJM_OK;
}

/* Interns what check_event() found new: a channel, an unplanned touchpoint. */
static cjm_status commit_ids(cjm_analysis *a, const raw_event *e, pending *p, const char *func)
{
    if (p->channel == CJMI_NOT_INTERNED) {
        char token[CJM_CHANNEL_MAX + 1];
        if (e->channel)
            cjmi_channel(token, func, "channel", e->channel); /* checked: cannot fail */
        else
            strcpy(token, a->options.default_channel);
        size_t len = strlen(token);
        p->channel = cjmi_intern_add(&a->channels, token, len, cjmi_intern_hash(token, len));
        if (p->channel == CJMI_NOT_INTERNED)
            return cjmi_nomem(func);
    }
    if (p->channel >= UINT16_MAX)
        return cjmi_fail(CJM_ERR_LIMIT, "%s: channel: more than 65535 channels", func);
    if (p->touchpoint == CJMI_NOT_INTERNED) {
        p->touchpoint = cjmi_intern_add(&a->touchpoints, e->touchpoint, p->touchpoint_len,
                                        p->touchpoint_hash);
        if (p->touchpoint == CJMI_NOT_INTERNED)
            return a->touchpoints.count >= UINT32_MAX - 2
                       ? cjmi_fail(CJM_ERR_LIMIT, "%s: touchpoint: too many touchpoints", func)
                       : cjmi_nomem(func);
    }
    return CJM_OK;
}

/* Interns the value of the breakdown's attribute an event carries. */
static cjm_status commit_segment(cjm_analysis *a, const raw_event *e, pending *p)
{
    if (!e->segment)
        return CJM_OK;
    uint32_t v = cjmi_intern_add(&a->segment_values, e->segment, e->segment_len,
                                 cjmi_intern_hash(e->segment, e->segment_len));
    if (v == CJMI_NOT_INTERNED)
        return CJM_ERR_NOMEM;
    p->segment = v + 1;
    return CJM_OK;
}

/* Interns the customer in its shard and appends the event there; room in
 * the shard's store must be reserved. The customer's index goes to *index
 * when index is not NULL. CJM_ERR_NOMEM, with no message (it may run on a
 * worker), when memory runs out. */
static cjm_status append(cjmi_shard *shard, const char *customer, const pending *p,
                         uint32_t *index)
{
    uint32_t c = cjmi_intern_add(&shard->customers, customer, p->customer_len,
                                 p->customer_hash);
    if (c == CJMI_NOT_INTERNED || cjmi_shard_reserve_heard(shard) != CJM_OK ||
        cjmi_segment_note(shard, c, p->segment, p->at, p->has_feedback, p->millionths) !=
            CJM_OK)
        return CJM_ERR_NOMEM;
    if (index)
        *index = c;
    cjmi_store_append(&shard->events, p->at, c, p->touchpoint, (uint16_t)p->channel, p->stage);
    if (p->has_feedback)
        shard->heard[c] = 1;
    return CJM_OK;
}

/* Appends an event of a customer already interned in the shard (and given
 * room in its heard flags) by this call. */
static cjm_status append_interned(cjmi_shard *shard, uint32_t c, const pending *p)
{
    if (cjmi_segment_note(shard, c, p->segment, p->at, p->has_feedback, p->millionths) !=
        CJM_OK)
        return CJM_ERR_NOMEM;
    cjmi_store_append(&shard->events, p->at, c, p->touchpoint, (uint16_t)p->channel, p->stage);
    if (p->has_feedback)
        shard->heard[c] = 1;
    return CJM_OK;
}

static void sum_feedback(cjm_analysis *a, const pending *p)
{
    a->touchpoint_feedback[p->touchpoint].count++;
    a->touchpoint_feedback[p->touchpoint].millionths += p->millionths;
    cjmi_squares_add(&a->touchpoint_feedback[p->touchpoint].squares, p->millionths);
    if (p->stage != CJMI_NO_STAGE16) {
        a->stage_feedback[p->stage].count++;
        a->stage_feedback[p->stage].millionths += p->millionths;
        cjmi_squares_add(&a->stage_feedback[p->stage].squares, p->millionths);
    }
}

cjm_status cjmi_shard_reserve_heard(cjmi_shard *shard)
{
    size_t n = shard->customers.count;
    if (cjmi_array_reserve_zeroed(shard->heard, shard->heard_capacity, n) != CJM_OK)
        return CJM_ERR_NOMEM;
    return cjmi_segments_reserve_customers(shard, n);
}

cjm_status cjmi_analysis_reserve_sums(cjm_analysis *a)
{
    if (cjmi_array_reserve_zeroed(a->touchpoint_feedback, a->touchpoint_feedback_capacity,
                                  a->touchpoints.count) != CJM_OK)
        return CJM_ERR_NOMEM;
    for (size_t s = 0; s < CJMI_SHARDS; s++)
        if (cjmi_shard_reserve_heard(&a->shards[s]) != CJM_OK)
            return CJM_ERR_NOMEM;
    return CJM_OK;
}

/* Where a call began, to roll back to. */
typedef struct marks {
    size_t touchpoints, channels, customers[CJMI_SHARDS], events[CJMI_SHARDS];
    size_t items[CJMI_SHARDS], segment_values;
    uint64_t rejected;
    size_t messages;
} marks;

/* Marks where a call begins; segments changed from here on can be put back. */
static marks take_marks(cjm_analysis *a)
{
    marks m = { a->touchpoints.count, a->channels.count, { 0 }, { 0 }, { 0 },
                a->segment_values.count, a->rejected, a->rejected_message_count };
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        cjmi_shard *shard = &a->shards[s];
        m.customers[s] = shard->customers.count;
        m.events[s] = shard->events.count;
        m.items[s] = shard->items.count;
        shard->undo_count = 0;
        shard->undo_from = shard->customers.count;
    }
    return m;
}

static void roll_back(cjm_analysis *a, const marks *m)
{
    cjmi_intern_truncate(&a->touchpoints, m->touchpoints);
    cjmi_intern_truncate(&a->channels, m->channels);
    cjmi_intern_truncate(&a->segment_values, m->segment_values);
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        cjmi_shard *shard = &a->shards[s];
        /* Customers interned by the call leave their slots as they found
         * them, for the next customer to take those indexes. */
        size_t from = m->customers[s], to = shard->customers.count;
        /* (Up to what each array holds: a growth that failed half way
         * leaves them of different sizes.) */
        size_t heard = to < shard->heard_capacity ? to : shard->heard_capacity;
        if (heard > from)
            memset(shard->heard + from, 0, (heard - from) * sizeof *shard->heard);
        cjmi_segments_roll_back(shard, m->items[s], from);
        cjmi_intern_truncate(&shard->customers, m->customers[s]);
        cjmi_store_truncate(&shard->events, m->events[s]);
    }
    a->rejected = m->rejected;
    while (a->rejected_message_count > m->messages)
        cjmi_free(a->rejected_messages[--a->rejected_message_count]);
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

/* One event, all or nothing (skipped in lenient mode when invalid).
 * Messages start with the event's origin when it has one. */
static cjm_status add_one(cjm_analysis *a, const raw_event *e, const char *func,
                          const char *origin)
{
    marks m = take_marks(a);
    pending p;
    cjm_status rc = check_event(a, e, &p, NULL, func);
    if (rc != CJM_OK && origin)
        cjmi_prefix_error("%s: ", origin);
    if (rc != CJM_OK)
        return a->options.lenient ? reject(a, func) : rc;
    cjmi_shard *shard = &a->shards[cjmi_shard_of(p.customer_hash)];
    if ((rc = commit_ids(a, e, &p, func)) == CJM_OK &&
        (commit_segment(a, e, &p) != CJM_OK ||
         cjmi_segments_reserve(shard, 1, 1, a->segment_values.count) != CJM_OK ||
         cjmi_store_reserve(&shard->events, 1) != CJM_OK ||
         append(shard, e->customer, &p, NULL) != CJM_OK || cjmi_analysis_reserve_sums(a) != CJM_OK))
        rc = cjmi_nomem(func);
    if (rc != CJM_OK) {
        if (origin)
            cjmi_prefix_error("%s: ", origin);
        roll_back(a, &m);
        return rc;
    }
    if (p.has_feedback)
        sum_feedback(a, &p);
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
                    NULL, NULL, NULL, 0 };
    return add_one(a, &e, func, NULL);
}

CJM_EXPORT cjm_status cjm_analysis_add_event(cjm_analysis *a, const cjm_event *event)
{
    static const char func[] = "cjm_analysis_add_event";
    if (!a || !event)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, a ? "event" : "analysis");
    if (event->error.set) {
        /* A reader could not read it: an invalid event like any other. */
        cjm_error_set(event->error_status, event->error.text);
        return a->options.lenient ? reject(a, func) : event->error_status;
    }
    raw_event e = {
        cjm_event_customer(event), cjm_event_touchpoint(event), cjm_event_channel(event),
        cjm_event_stage(event), event->at, event->has_feedback, event->score,
        event->scale_min, event->scale_max, true, NULL, NULL, NULL, 0,
    };
    if (a->breakdown == CJMI_BREAKDOWN_ATTRIBUTE &&
        (e.segment = cjm_event_attribute(event, a->options.breakdown)))
        e.segment_len = strlen(e.segment);
    return add_one(a, &e, func, cjm_event_origin(event));
}

CJM_EXPORT cjm_status cjm_analysis_sink(const cjm_event *event, void *analysis)
{
    return cjm_analysis_add_event(analysis, event);
}

static raw_event column_event(const cjmi_columns *c, size_t i)
{
    raw_event e = {
        cjmi_column_string(&c->customers, i), cjmi_column_string(&c->touchpoints, i),
        cjmi_column_string(&c->channels, i), cjmi_column_string(&c->stages, i),
        c->at[i], c->scores && !isnan(c->scores[i]),
        c->scores ? c->scores[i] : NAN,
        c->scale_min ? c->scale_min[c->one_scale ? 0 : i] : CJM_DEFAULT_SCALE_MIN,
        c->scale_max ? c->scale_max[c->one_scale ? 0 : i] : CJM_DEFAULT_SCALE_MAX, false,
        cjmi_column_facts(&c->customers, i), cjmi_column_facts(&c->touchpoints, i), NULL, 0,
    };
    return e;
}

/* Checks event i of the columns: its fields, then its attributes (a
 * columns call without attributes pays one test per event for them). */
static cjm_status check_row(const cjm_analysis *a, const cjmi_columns *c, size_t i, pending *p,
                            seen *cache, const char *func)
{
    raw_event e = column_event(c, i);
    cjm_status rc = check_event(a, &e, p, cache, func);
    if (rc == CJM_OK && c->attribute_count)
        rc = cjmi_check_row_attributes(c, i, func);
    return rc;
}

enum { BLOCK = 65536, PARALLEL_MIN = 8192, AHEAD = 8 };

/* One block of a columns call, as the workers share it. */
typedef struct block {
    cjm_analysis *a;
    const cjmi_columns *cols;
    size_t first, count;
    pending *pending;
    uint32_t *order;                    /* block offsets, grouped by shard */
    size_t starts[CJMI_SHARDS + 1];     /* each shard's run in order */
    int failed[CJMI_SHARDS];
    const cjmi_attribute_column *segment_column; /* the breakdown's, or NULL */
    /* A dictionary column's values as interned by this call: per string of
     * its table, index + 1 in segment_values, 0 until its first event. */
    uint32_t *segment_codes;
    seen *seen; /* per worker */
} block;

/* The value event i has in the breakdown's attribute column, into e;
 * whether it has one. */
static bool column_segment(raw_event *e, const cjmi_attribute_column *col, size_t i)
{
    if (col->values) {
        e->segment = col->values[i];
        e->segment_len = e->segment ? strlen(e->segment) : 0;
        return e->segment != NULL;
    }
    int32_t code = col->dictionary->codes[i];
    if (code < 0)
        return false;
    const cjm_dictionary_column *d = col->dictionary;
    e->segment = d->data + d->offsets[code];
    e->segment_len = (size_t)(d->offsets[code + 1] - d->offsets[code]);
    return true;
}

/* Fetches ahead what event i's customer reads from a dictionary's tables,
 * at places as scattered as the customers (a million customers' tables
 * are far larger than the caches): its string and facts when checking,
 * its index once interned when appending. */
static void prefetch_customer(const cjmi_string_column *customers, size_t i, bool appending)
{
    int32_t code = customers->codes[i];
    if (code < 0)
        return;
    if (appending) {
        __builtin_prefetch(&customers->interned[code]);
        return;
    }
    __builtin_prefetch(&customers->table[code]);
    __builtin_prefetch(&customers->facts[code]);
}

/* Checks a worker's share of the block. Messages go to the worker's own
 * error slot and are made again, in order, by the caller. */
static void check_share(void *ctx, unsigned worker, unsigned workers)
{
    block *b = ctx;
    size_t from = b->count * worker / workers, to = b->count * (worker + 1) / workers;
    seen *cache = b->count >= SEEN_MIN ? &b->seen[worker] : NULL;
    if (cache)
        memset(cache, 0, sizeof *cache);
    const cjmi_string_column *customers = &b->cols->customers;
    for (size_t i = from; i < to; i++) {
        if (customers->facts && i + AHEAD < to)
            prefetch_customer(customers, b->first + i + AHEAD, false);
        b->pending[i].status = check_row(b->a, b->cols, b->first + i, &b->pending[i], cache, "");
    }
}

/* Appends the events of a worker's shards, fetching customers' slots ahead.
 * A customer string met before in the block (by address) takes the index
 * it got then, without a lookup in the shard's table. */
static void append_share(void *ctx, unsigned worker, unsigned workers)
{
    block *b = ctx;
    const cjmi_string_column *customers = &b->cols->customers;
    seen_customer *met = customers->interned || b->count < SEEN_MIN ? NULL
                                                                    : b->seen[worker].customer;
    if (met)
        memset(met, 0, sizeof b->seen[worker].customer);
    for (unsigned s = worker; s < CJMI_SHARDS; s += workers) {
        cjmi_shard *shard = &b->a->shards[s];
        for (size_t j = b->starts[s]; j < b->starts[s + 1]; j++) {
            if (met && j + AHEAD < b->starts[s + 1]) {
                uint32_t k = b->order[j + AHEAD];
                const char *ahead = cjmi_column_string(customers, b->first + k);
                if (!seen_customer_has(seen_customer_slot(met, ahead), ahead))
                    cjmi_intern_prefetch(&shard->customers, b->pending[k].customer_hash);
            } else if (customers->interned && j + AHEAD < b->starts[s + 1]) {
                prefetch_customer(customers, b->first + b->order[j + AHEAD], true);
            }
            const pending *p = &b->pending[b->order[j]];
            size_t i = b->first + b->order[j];
            /* A dictionary's string belongs to one shard, so only this
             * worker reads or writes its entry. */
            uint32_t *known = customers->interned ? &customers->interned[customers->codes[i]]
                                                  : NULL;
            /* (The string is read only when needed: another scattered read.) */
            const char *customer = known && *known != CJMI_NOT_INTERNED
                                       ? NULL : cjmi_column_string(customers, i);
            seen_customer *u = seen_customer_slot(met, customer);
            uint32_t c = known ? *known
                         : seen_customer_has(u, customer) ? u->value
                                                          : CJMI_NOT_INTERNED;
            if (c != CJMI_NOT_INTERNED) {
                if (append_interned(shard, c, p) != CJM_OK) {
                    b->failed[s] = 1;
                    break;
                }
                continue;
            }
            if (append(shard, customer, p, known ? known : &c) != CJM_OK) {
                b->failed[s] = 1;
                break;
            }
            seen_customer_keep(u, customer, c, 0);
        }
    }
}

/* Skips or fails on the invalid events of a block, in order, and interns
 * the new ids of the valid ones; then groups the valid ones by shard. */
static cjm_status commit_block(block *b, const char *func)
{
    cjm_analysis *a = b->a;
    size_t per_shard[CJMI_SHARDS] = { 0 }, items[CJMI_SHARDS] = { 0 };
    for (size_t i = 0; i < b->count; i++) {
        pending *p = &b->pending[i];
        cjm_status rc = p->status;
        if (rc != CJM_OK) {
            pending again;
            check_row(a, b->cols, b->first + i, &again, NULL, ""); /* the message, in this thread */
            cjmi_prefix_error("%s: event %zu", func, b->first + i);
            if (!a->options.lenient)
                return rc;
            if ((rc = reject(a, func)) != CJM_OK)
                return rc;
            continue;
        }
        /* Only a new id needs the event's strings again: most events
         * skip reading the columns (and the customers' table) twice. */
        raw_event e; /* the fields read below are set (no per-event zeroing) */
        e.segment = NULL;
        e.segment_len = 0;
        bool new_id = p->channel == CJMI_NOT_INTERNED || p->touchpoint == CJMI_NOT_INTERNED;
        if (new_id)
            e = column_event(b->cols, b->first + i);
        if ((new_id || p->channel >= UINT16_MAX) && (rc = commit_ids(a, &e, p, "")) != CJM_OK) {
            if (rc == CJM_ERR_NOMEM)
                return cjmi_nomem(func);
            cjmi_prefix_error("%s: event %zu", func, b->first + i);
            return rc;
        }
        if (b->segment_codes) {
            /* Each string of the dictionary is interned once per call. */
            int32_t code = b->segment_column->dictionary->codes[b->first + i];
            if (code >= 0 && !b->segment_codes[code] &&
                column_segment(&e, b->segment_column, b->first + i) &&
                commit_segment(a, &e, p) == CJM_OK)
                b->segment_codes[code] = p->segment;
            if (code >= 0 && !b->segment_codes[code])
                return cjmi_nomem(func);
            p->segment = code >= 0 ? b->segment_codes[code] : 0;
        } else if (b->segment_column &&
                   column_segment(&e, b->segment_column, b->first + i) &&
                   commit_segment(a, &e, p) != CJM_OK) {
            return cjmi_nomem(func);
        }
        per_shard[cjmi_shard_of(p->customer_hash)]++;
        items[cjmi_shard_of(p->customer_hash)] += p->has_feedback;
    }
    b->starts[0] = 0;
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        b->starts[s + 1] = b->starts[s] + per_shard[s];
        if (cjmi_store_reserve(&a->shards[s].events, per_shard[s]) != CJM_OK ||
            cjmi_segments_reserve(&a->shards[s], per_shard[s], items[s],
                                  a->segment_values.count) != CJM_OK)
            return cjmi_nomem(func);
    }
    size_t next[CJMI_SHARDS];
    memcpy(next, b->starts, sizeof next);
    for (size_t i = 0; i < b->count; i++)
        if (b->pending[i].status == CJM_OK)
            b->order[next[cjmi_shard_of(b->pending[i].customer_hash)]++] = (uint32_t)i;
    return CJM_OK;
}

static cjm_status add_block(block *b, const char *func)
{
    unsigned workers = b->count >= PARALLEL_MIN ? cjmi_analysis_threads(b->a, CJMI_SHARDS) : 1;
    cjmi_run_parallel(workers, check_share, b);
    cjm_status rc = commit_block(b, func);
    if (rc != CJM_OK)
        return rc;
    memset(b->failed, 0, sizeof b->failed);
    cjmi_run_parallel(workers, append_share, b);
    for (size_t s = 0; s < CJMI_SHARDS; s++)
        if (b->failed[s])
            return cjmi_nomem(func);
    if (cjmi_analysis_reserve_sums(b->a) != CJM_OK)
        return cjmi_nomem(func);
    for (size_t i = 0; i < b->count; i++)
        if (b->pending[i].status == CJM_OK && b->pending[i].has_feedback)
            sum_feedback(b->a, &b->pending[i]);
    return CJM_OK;
}

/* The arguments every columns call needs: the analysis, and for n > 0 the
 * customer, time and touchpoint columns (of any form). */
cjm_status cjmi_check_required(const cjm_analysis *a, size_t n, const void *customers,
                               const int64_t *at, const void *touchpoints, const char *func)
{
    if (!a)
        return cjmi_fail(CJM_ERR_INVALID, "%s: analysis: NULL", func);
    if (n && (!customers || !at || !touchpoints))
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func,
                         !customers ? "customers" : !at ? "at" : "touchpoints");
    return CJM_OK;
}

/* The columns call: block by block; any failure rolls the whole call back. */
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
    cjm_status rc = cjmi_check_required(a, n, customers, at, touchpoints, func);
    if (rc != CJM_OK)
        return rc;
    cjmi_columns cols = {
        .customers = { .strings = customers }, .touchpoints = { .strings = touchpoints },
        .channels = { .strings = channels }, .stages = { .strings = stages },
        .at = at, .scores = scores, .scale_min = scale_min, .scale_max = scale_max,
    };
    return cjmi_add_columns(a, n, &cols, func);
}

CJM_EXPORT cjm_status cjm_analysis_add_columns_with_attributes(
    cjm_analysis *a, size_t n, const char *const *customers, const int64_t *at,
    const char *const *touchpoints, const char *const *channels, const char *const *stages,
    const double *scores, const double *scale_min, const double *scale_max,
    const cjm_attribute_column *attributes, size_t attribute_count)
{
    static const char func[] = "cjm_analysis_add_columns_with_attributes";
    cjm_status rc = cjmi_check_required(a, n, customers, at, touchpoints, func);
    if (rc != CJM_OK)
        return rc;
    if (attribute_count > SIZE_MAX / sizeof(cjmi_attribute_column))
        return cjmi_fail(CJM_ERR_LIMIT, "%s: attribute_count: too many", func);
    cjmi_attribute_column *checked = attribute_count
                                         ? cjmi_malloc(attribute_count * sizeof *checked)
                                         : NULL;
    if (attribute_count && !checked)
        return cjmi_nomem(func);
    unsigned char *valid;
    rc = cjmi_attributes_prepare(checked, &valid, attributes, attribute_count, n, func);
    if (rc == CJM_OK) {
        cjmi_columns cols = {
            .customers = { .strings = customers }, .touchpoints = { .strings = touchpoints },
            .channels = { .strings = channels }, .stages = { .strings = stages },
            .at = at, .scores = scores, .scale_min = scale_min, .scale_max = scale_max,
            .attributes = checked, .attribute_count = attribute_count,
        };
        rc = cjmi_add_columns(a, n, &cols, func);
    }
    cjmi_free(valid);
    cjmi_free(checked);
    return rc;
}

/* The feedback sums and "heard" flags as a call of several blocks with
 * scores found them: each block adds its feedback once nothing in it can
 * fail, so only a later block's failure (or a stop) needs them put back.
 * One block's call takes no copy. */
typedef struct sums_mark {
    cjmi_feedback_sum *touchpoints, *stages;
    size_t touchpoint_count;
    uint8_t *heard[CJMI_SHARDS];
    size_t heard_count[CJMI_SHARDS];
} sums_mark;

static void sums_free(sums_mark *m)
{
    cjmi_free(m->touchpoints);
    cjmi_free(m->stages);
    for (size_t s = 0; s < CJMI_SHARDS; s++)
        cjmi_free(m->heard[s]);
}

static cjm_status sums_take(sums_mark *m, const cjm_analysis *a)
{
    m->touchpoint_count = a->touchpoints.count < a->touchpoint_feedback_capacity
                              ? a->touchpoints.count : a->touchpoint_feedback_capacity;
    m->touchpoints = cjmi_malloc((m->touchpoint_count ? m->touchpoint_count : 1) *
                                 sizeof *m->touchpoints);
    m->stages = cjmi_malloc((a->stage_count ? a->stage_count : 1) * sizeof *m->stages);
    bool ok = m->touchpoints && m->stages;
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        const cjmi_shard *shard = &a->shards[s];
        m->heard_count[s] = shard->customers.count < shard->heard_capacity
                                ? shard->customers.count : shard->heard_capacity;
        m->heard[s] = ok ? cjmi_malloc(m->heard_count[s] ? m->heard_count[s] : 1) : NULL;
        ok = ok && m->heard[s];
        if (ok && m->heard_count[s])
            memcpy(m->heard[s], shard->heard, m->heard_count[s]);
    }
    if (!ok)
        return CJM_ERR_NOMEM;
    if (m->touchpoint_count)
        memcpy(m->touchpoints, a->touchpoint_feedback,
               m->touchpoint_count * sizeof *m->touchpoints);
    if (a->stage_count)
        memcpy(m->stages, a->stage_feedback, a->stage_count * sizeof *m->stages);
    return CJM_OK;
}

/* Puts the sums and flags back; sums of touchpoints met since are zeroed
 * for the next touchpoint to take their index. */
static void sums_put_back(cjm_analysis *a, const sums_mark *m)
{
    if (m->touchpoint_count)
        memcpy(a->touchpoint_feedback, m->touchpoints,
               m->touchpoint_count * sizeof *m->touchpoints);
    if (a->touchpoint_feedback_capacity > m->touchpoint_count)
        memset(a->touchpoint_feedback + m->touchpoint_count, 0,
               (a->touchpoint_feedback_capacity - m->touchpoint_count) *
                   sizeof *a->touchpoint_feedback);
    if (a->stage_count)
        memcpy(a->stage_feedback, m->stages, a->stage_count * sizeof *m->stages);
    for (size_t s = 0; s < CJMI_SHARDS; s++)
        if (m->heard_count[s])
            memcpy(a->shards[s].heard, m->heard[s], m->heard_count[s]);
}

/* The columns of n events, block by block; any failure, or a stop asked
 * by the cancel hook before a block, rolls the whole call back. Messages
 * name `func`, the public function called. */
cjm_status cjmi_add_columns(cjm_analysis *a, size_t n, const cjmi_columns *c,
                            const char *func)
{
    if (n && (!c->scale_min) != (!c->scale_max))
        return cjmi_fail(CJM_ERR_INVALID, "%s: scale_min and scale_max: give both or neither",
                         func);
    if (n == 0)
        return CJM_OK;
    size_t size = n < BLOCK ? n : BLOCK;
    if (size > a->scratch_capacity) {
        cjmi_free(a->pending);
        cjmi_free(a->order);
        a->pending = cjmi_malloc(size * sizeof *a->pending);
        a->order = cjmi_malloc(size * sizeof *a->order);
        a->scratch_capacity = a->pending && a->order ? size : 0;
        if (!a->scratch_capacity)
            return cjmi_nomem(func);
    }
    unsigned workers = cjmi_analysis_threads(a, CJMI_SHARDS);
    if (size >= SEEN_MIN && workers > a->seen_count) {
        cjmi_free(a->seen);
        a->seen = cjmi_malloc(workers * sizeof *a->seen);
        a->seen_count = a->seen ? workers : 0;
        if (!a->seen)
            return cjmi_nomem(func);
    }
    block b = { .a = a, .cols = c, .pending = a->pending, .order = a->order, .seen = a->seen };
    for (size_t k = 0; a->breakdown == CJMI_BREAKDOWN_ATTRIBUTE && k < c->attribute_count; k++)
        if (strcmp(c->attributes[k].key, a->options.breakdown) == 0)
            b.segment_column = &c->attributes[k];
    const cjm_dictionary_column *d = b.segment_column ? b.segment_column->dictionary : NULL;
    if (d && d->count && !(b.segment_codes = cjmi_calloc(d->count, sizeof *b.segment_codes)))
        return cjmi_nomem(func);
    sums_mark sums = { 0 };
    bool blocks = n > size && c->scores;
    if (blocks && sums_take(&sums, a) != CJM_OK) {
        sums_free(&sums);
        cjmi_free(b.segment_codes);
        return cjmi_nomem(func);
    }
    marks m = take_marks(a);
    cjm_status rc = CJM_OK;
    for (size_t first = 0; rc == CJM_OK && first < n; first += size) {
        /* Asked before each block: a stop rolls back the blocks added. */
        if (cjmi_cancelled(a)) {
            rc = cjmi_cancel_fail(func);
            break;
        }
        b.first = first;
        b.count = n - first < size ? n - first : size;
        rc = add_block(&b, func);
    }
    if (rc != CJM_OK && blocks)
        sums_put_back(a, &sums);
    if (rc != CJM_OK)
        roll_back(a, &m);
    sums_free(&sums);
    cjmi_free(b.segment_codes);
    return rc;
}

/* Finds the n strings of the packed column `name`; empty ones become NULL
 * when `empty_is_none`. CJM_ERR_INVALID, naming `func`, when the buffer
 * does not hold exactly n strings. */
static cjm_status unpack(const char **out, size_t n, const char *packed, size_t size,
                         bool empty_is_none, const char *func, const char *name)
{
    size_t at = 0, i = 0;
    for (; i < n; i++) {
        const char *end = at < size ? memchr(packed + at, '\0', size - at) : NULL;
        if (!end)
            break;
        out[i] = empty_is_none && end == packed + at ? NULL : packed + at;
        at = (size_t)(end - packed) + 1;
    }
    if (i < n || at != size)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: not %zu NUL-terminated strings", func, name,
                         n);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_analysis_add_packed(cjm_analysis *a, size_t n,
                                              const char *customers, size_t customers_size,
                                              const int64_t *at,
                                              const char *touchpoints, size_t touchpoints_size,
                                              const char *channels, size_t channels_size,
                                              const char *stages, size_t stages_size,
                                              const double *scores, const double *scale_min,
                                              const double *scale_max)
{
    static const char func[] = "cjm_analysis_add_packed";
    cjm_status rc = cjmi_check_required(a, n, customers, at, touchpoints, func);
    if (rc != CJM_OK || n == 0)
        return rc;
    size_t string_columns = 2 + (channels != NULL) + (stages != NULL);
    if (n > SIZE_MAX / string_columns / sizeof(char *))
        return cjmi_fail(CJM_ERR_LIMIT, "%s: n: too many events", func);
    const char **ptrs = cjmi_malloc(n * string_columns * sizeof *ptrs);
    if (!ptrs)
        return cjmi_nomem(func);
    const char **c = ptrs, **t = ptrs + n, **ch = channels ? ptrs + 2 * n : NULL;
    const char **st = stages ? ptrs + (2 + (channels != NULL)) * n : NULL;
    rc = unpack(c, n, customers, customers_size, false, func, "customers");
    if (rc == CJM_OK)
        rc = unpack(t, n, touchpoints, touchpoints_size, false, func, "touchpoints");
    if (rc == CJM_OK && ch)
        rc = unpack(ch, n, channels, channels_size, true, func, "channels");
    if (rc == CJM_OK && st)
        rc = unpack(st, n, stages, stages_size, true, func, "stages");
    if (rc == CJM_OK) {
        cjmi_columns cols = {
            .customers = { .strings = c }, .touchpoints = { .strings = t },
            .channels = { .strings = ch }, .stages = { .strings = st },
            .at = at, .scores = scores, .scale_min = scale_min, .scale_max = scale_max,
        };
        rc = cjmi_add_columns(a, n, &cols, func);
    }
    cjmi_free(ptrs);
    return rc;
}
