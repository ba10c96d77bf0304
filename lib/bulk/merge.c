/* Merging two analyses. Every held figure is a per-event record, a sum, or
 * a customer's "heard" flag, so appending the other's events (with their
 * ids re-interned: a customer both hold becomes one), adding its sums and
 * or-ing the flags gives exactly the analysis of all the events, into's
 * first. Both analyses put a customer in the same shard (by its id's
 * hash), so shards merge with shards. A database's partial aggregates
 * split rows, not customers: their merges rely on this. */
#include <string.h>

#include "analysis-private.h"
#include "workers.h"
#include "../core/alloc.h"
#include "../core/error.h"

typedef struct remap {
    uint32_t *touchpoints, *channels, *customers[CJMI_SHARDS]; /* from's -> into's */
    uint32_t *values; /* the breakdown's values */
} remap;

static void remap_free(remap *m)
{
    cjmi_free(m->values);
    cjmi_free(m->touchpoints);
    cjmi_free(m->channels);
    for (size_t s = 0; s < CJMI_SHARDS; s++)
        cjmi_free(m->customers[s]);
}

/* How many of from's slots ahead of the one being interned into's slot
 * for its string is fetched. */
#define MAP_AHEAD 8

/* How many of from's strings are looked up in `into` first, to guess how
 * many are new and make room for them at once. */
#define MAP_SAMPLE 64

/* Room in `into` for the strings of `from` it probably lacks, guessed
 * from a sample spread over them: growing the table step by step would
 * move every string again at each step. CJM_OK or CJM_ERR_NOMEM. */
static cjm_status reserve_for(cjmi_intern *into, const cjmi_intern *from)
{
    size_t sample = from->count < MAP_SAMPLE ? from->count : MAP_SAMPLE, missing = 0;
    for (size_t k = 0; k < sample; k++) {
        uint32_t i = (uint32_t)(k * from->count / sample);
        missing += cjmi_intern_find(into, cjmi_intern_string(from, i),
                                    cjmi_intern_length(from, i),
                                    cjmi_intern_hash_of(from, i)) == CJMI_NOT_INTERNED;
    }
    if (!missing)
        return CJM_OK;
    size_t guess = from->count / sample * missing + from->count % sample;
    return cjmi_intern_reserve(into, into->count + guess);
}

/* Interns every string of `from` into `into`, noting where each went;
 * asks `hook`'s cancel hook (if not NULL) every CJMI_CANCEL_EVERY strings. CJM_OK,
 * CJM_ERR_NOMEM or CJM_ERR_CANCELLED, with no message. With `by_slot`
 * (customers) the strings are taken in the order of from's slots, a walk
 * through memory, with into's slot for each fetched a few ahead: in index
 * order each was a miss in from's table as well as in into's. Only the
 * indexes new customers get in into depend on the order, and no figure
 * depends on those; touchpoints, channels and values keep from's order. */
static cjm_status map_all(cjmi_intern *into, const cjmi_intern *from, uint32_t **to,
                          const cjm_analysis *hook, bool by_slot)
{
    if (!from->count)
        return CJM_OK;
    *to = cjmi_calloc(from->count, sizeof **to);
    if (!*to || reserve_for(into, from) != CJM_OK)
        return CJM_ERR_NOMEM;
    size_t n = by_slot ? from->mask + 1 : from->count;
    for (size_t i = 0; i < n; i++) {
        if (hook && i % CJMI_CANCEL_EVERY == CJMI_CANCEL_EVERY - 1 && cjmi_cancelled(hook))
            return CJM_ERR_CANCELLED;
        uint32_t index = (uint32_t)i;
        if (by_slot) {
            if (i + MAP_AHEAD < n &&
                cjmi_intern_slot_index(from, i + MAP_AHEAD) != CJMI_NOT_INTERNED)
                cjmi_intern_prefetch(into, from->slots[i + MAP_AHEAD].hash);
            if ((index = cjmi_intern_slot_index(from, i)) == CJMI_NOT_INTERNED)
                continue;
        }
        (*to)[index] = cjmi_intern_add(into, cjmi_intern_string(from, index),
                                       cjmi_intern_length(from, index),
                                       cjmi_intern_hash_of(from, index));
        if ((*to)[index] == CJMI_NOT_INTERNED)
            return CJM_ERR_NOMEM;
    }
    return CJM_OK;
}

/* A shard's customers when into has none: its table becomes a copy of
 * from's, each customer at the same index, and none is interned again. */
static cjm_status copy_all(cjmi_intern *into, const cjmi_intern *from, uint32_t **to)
{
    if (!from->count)
        return CJM_OK;
    *to = cjmi_calloc(from->count, sizeof **to);
    if (!*to || cjmi_intern_copy(into, from) != CJM_OK)
        return CJM_ERR_NOMEM;
    for (size_t i = 0; i < from->count; i++)
        (*to)[i] = (uint32_t)i;
    return CJM_OK;
}

static void append_events(cjmi_shard *into, const cjmi_shard *from, const remap *m,
                          const uint32_t *customers)
{
    for (const cjmi_chunk *c = from->events.first; c; c = c->next)
        for (size_t i = 0; i < c->count; i++)
            cjmi_store_append(&into->events, c->at[i], customers[c->customer[i]],
                              m->touchpoints[c->touchpoint[i]],
                              (uint16_t)m->channels[c->channel[i]], c->stage[i]);
    for (size_t i = 0; i < from->customers.count && i < from->heard_capacity; i++)
        into->heard[customers[i]] |= from->heard[i];
    cjmi_segments_merge_shard(into, from, m->values, customers,
                              into->events.count - from->events.count);
}

/* Whether a map sends every index to itself, so the column needs no
 * rewriting. */
static bool identity(const uint32_t *to, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (to[i] != i)
            return false;
    return true;
}

/* A merge that frees `from` takes its events rather than copying them:
 * the indexes in its columns are rewritten where they lie and its chunks
 * go after into's. A shard into has no customer in takes from's table of
 * customers and their flags whole, at the same indexes. Without a
 * breakdown only. */
static void take_events(cjmi_shard *into, cjmi_shard *from, const remap *m,
                        const uint32_t *customers, size_t touchpoints, size_t channels)
{
    bool whole = !into->customers.count; /* from's table comes, at the same indexes */
    bool same_touchpoints = identity(m->touchpoints, touchpoints);
    bool same_channels = identity(m->channels, channels);
    for (cjmi_chunk *c = from->events.first; c; c = c->next)
        for (size_t i = 0; i < c->count; i++) {
            if (!whole)
                c->customer[i] = customers[c->customer[i]];
            if (!same_touchpoints)
                c->touchpoint[i] = m->touchpoints[c->touchpoint[i]];
            if (!same_channels)
                c->channel[i] = (uint16_t)m->channels[c->channel[i]];
        }
    cjmi_store_take(&into->events, &from->events);
    if (whole) {
        cjmi_intern table = into->customers;
        into->customers = from->customers;
        from->customers = table;
        uint8_t *heard = into->heard;
        size_t capacity = into->heard_capacity;
        into->heard = from->heard;
        into->heard_capacity = from->heard_capacity;
        from->heard = heard;
        from->heard_capacity = capacity;
        return;
    }
    for (size_t i = 0; i < from->customers.count && i < from->heard_capacity; i++)
        into->heard[customers[i]] |= from->heard[i];
}

/* The shards' part of a merge: shards merge only with shards, so each is
 * done by whichever worker takes it. */
typedef struct shard_work {
    cjm_analysis *into;
    const cjm_analysis *from;
    cjm_analysis *taken; /* from, when the merge takes its events; else NULL */
    remap *m;
    cjm_status status[CJMI_SHARDS];
} shard_work;

/* Maps a worker's shards' customers and makes room for their events. */
static void prepare_shards(void *ctx, unsigned worker, unsigned workers)
{
    shard_work *w = ctx;
    for (unsigned s = worker; s < CJMI_SHARDS; s += workers) {
        cjmi_shard *into = &w->into->shards[s];
        const cjmi_shard *from = &w->from->shards[s];
        cjm_status st = CJM_OK;
        /* Only the calling thread (worker 0) asks the cancel hook. */
        if (into->customers.count)
            st = map_all(&into->customers, &from->customers, &w->m->customers[s],
                         worker == 0 ? w->into : NULL, true);
        else if (!w->taken) /* taken whole when appending */
            st = copy_all(&into->customers, &from->customers, &w->m->customers[s]);
        if (st == CJM_OK && !w->taken)
            st = cjmi_store_reserve(&into->events, from->events.count);
        if (st == CJM_OK && !w->taken)
            st = cjmi_segments_reserve(into, from->events.count, from->items.count,
                                       w->into->segment_values.count);
        w->status[s] = st;
        if (st != CJM_OK)
            break; /* the merge fails: ask the hook no more */
    }
}

/* Appends a worker's shards' events: it cannot fail. */
static void append_shards(void *ctx, unsigned worker, unsigned workers)
{
    shard_work *w = ctx;
    for (unsigned s = worker; s < CJMI_SHARDS; s += workers) {
        if (w->taken)
            take_events(&w->into->shards[s], &w->taken->shards[s], w->m, w->m->customers[s],
                        w->from->touchpoints.count, w->from->channels.count);
        else
            append_events(&w->into->shards[s], &w->from->shards[s], w->m, w->m->customers[s]);
    }
}

/* The merge; `taken` is from when from's events may be taken (from is
 * then freed by the caller on success). */
static cjm_status merge(cjm_analysis *into, const cjm_analysis *from, cjm_analysis *taken,
                        const char *func)
{
    if (!into || !from)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, into ? "from" : "into");
    if (into == from)
        return cjmi_fail(CJM_ERR_INVALID, "%s: from: the same analysis as into", func);
    if (!cjm_journey_equal(into->map, from->map))
        return cjmi_fail(CJM_ERR_CONFLICT, "%s: from: analyses a different map", func);
    /* Both must be made with the same options, or the merged figures
     * would mean neither's. */
    char differ[128 + 2 * CJM_ID_MAX];
    if (cjmi_options_differ(&into->options, &from->options, differ, sizeof differ))
        return cjmi_fail(CJM_ERR_CONFLICT, "%s: from: made with other options: %s", func,
                         differ);
    size_t tp_mark = into->touchpoints.count, ch_mark = into->channels.count;
    size_t value_mark = into->segment_values.count;
    size_t customer_marks[CJMI_SHARDS], event_marks[CJMI_SHARDS];
    remap m = { NULL, NULL, { NULL }, NULL };
    cjm_status st = map_all(&into->touchpoints, &from->touchpoints, &m.touchpoints, into, false);
    if (st == CJM_OK)
        st = map_all(&into->channels, &from->channels, &m.channels, into, false);
    if (st == CJM_OK)
        st = map_all(&into->segment_values, &from->segment_values, &m.values, into, false);
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        customer_marks[s] = into->shards[s].customers.count;
        event_marks[s] = into->shards[s].events.count;
    }
    shard_work work = { into, from, taken, &m, { CJM_OK } };
    unsigned workers = cjmi_analysis_threads(into, CJMI_SHARDS);
    if (st == CJM_OK)
        cjmi_run_parallel(workers, prepare_shards, &work);
    for (size_t s = 0; st == CJM_OK && s < CJMI_SHARDS; s++)
        st = work.status[s];
    if (st == CJM_OK)
        st = cjmi_analysis_reserve_sums(into);
    /* The last chance to stop: appending cannot fail, nor be undone. */
    if (st == CJM_OK && cjmi_cancelled(into))
        st = CJM_ERR_CANCELLED;
    int failed = st != CJM_OK;
    char *messages[CJM_REJECTED_MESSAGES] = { NULL };
    size_t room = CJM_REJECTED_MESSAGES - into->rejected_message_count, copied = 0;
    for (; !failed && copied < room && copied < from->rejected_message_count; copied++)
        if (!(messages[copied] = cjmi_strdup(from->rejected_messages[copied])))
            failed = 1;
    cjm_status rc = st == CJM_ERR_CANCELLED ? cjmi_cancel_fail(func)
                    : failed                ? cjmi_nomem(func)
                                            : CJM_OK;
    if (!failed && into->channels.count >= UINT16_MAX)
        rc = cjmi_fail(CJM_ERR_LIMIT, "%s: more than 65535 channels in all", func);
    if (rc != CJM_OK) {
        cjmi_intern_truncate(&into->touchpoints, tp_mark);
        cjmi_intern_truncate(&into->channels, ch_mark);
        cjmi_intern_truncate(&into->segment_values, value_mark);
        for (size_t s = 0; s < CJMI_SHARDS; s++) {
            cjmi_intern_truncate(&into->shards[s].customers, customer_marks[s]);
            cjmi_store_truncate(&into->shards[s].events, event_marks[s]);
        }
        for (size_t i = 0; i < copied; i++)
            cjmi_free(messages[i]);
        remap_free(&m);
        return rc;
    }
    cjmi_run_parallel(workers, append_shards, &work);
    for (size_t t = 0; t < from->touchpoint_feedback_capacity && t < from->touchpoints.count;
         t++) {
        into->touchpoint_feedback[m.touchpoints[t]].count += from->touchpoint_feedback[t].count;
        into->touchpoint_feedback[m.touchpoints[t]].millionths +=
            from->touchpoint_feedback[t].millionths;
        cjmi_squares_merge(&into->touchpoint_feedback[m.touchpoints[t]].squares,
                           from->touchpoint_feedback[t].squares);
    }
    for (size_t s = 0; s < into->stage_count; s++) {
        into->stage_feedback[s].count += from->stage_feedback[s].count;
        into->stage_feedback[s].millionths += from->stage_feedback[s].millionths;
        cjmi_squares_merge(&into->stage_feedback[s].squares, from->stage_feedback[s].squares);
    }
    into->rejected += from->rejected;
    for (size_t i = 0; i < copied; i++)
        into->rejected_messages[into->rejected_message_count++] = messages[i];
    remap_free(&m);
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_analysis_merge(cjm_analysis *into, const cjm_analysis *from)
{
    return merge(into, from, NULL, "cjm_analysis_merge");
}

CJM_EXPORT cjm_status cjm_analysis_merge_free(cjm_analysis *into, cjm_analysis *from)
{
    /* A breakdown's items are bits on their events' places: those merge
     * by copying. */
    bool take = from && from->breakdown == CJMI_BREAKDOWN_NONE;
    cjm_status st = merge(into, from, take ? from : NULL, "cjm_analysis_merge_free");
    if (st == CJM_OK)
        cjm_analysis_free(from);
    return st;
}
