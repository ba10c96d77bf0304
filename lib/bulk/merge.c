/* Merging two analyses. Every held figure is a per-event record, a sum, or
 * a customer's "heard" flag, so appending the other's events (with their
 * ids re-interned: a customer both hold becomes one), adding its sums and
 * or-ing the flags gives exactly the analysis of all the events, into's
 * first. Both analyses put a customer in the same shard (by its id's
 * hash), so shards merge with shards. A database's partial aggregates
 * split rows, not customers: their merges rely on this. A state's shards
 * merge the same way straight from its bytes (cjmi_merge_state): each id
 * interned where it lies, each event checked and mapped as it is
 * copied. */
#include <string.h>

#include "analysis-private.h"
#include "workers.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../util/le.h"

#define SUM_DIFFERS "the checksum does not match: the state is damaged"

typedef struct remap {
    uint32_t *touchpoints, *channels, *customers[CJMI_SHARDS]; /* from's -> into's */
    uint32_t *values; /* the breakdown's values */
    bool borrowed;    /* the customers' maps are a state's shards' (not freed here) */
    bool same_touchpoints, same_channels; /* each index maps to itself */
} remap;

static void remap_free(remap *m)
{
    cjmi_free(m->values);
    cjmi_free(m->touchpoints);
    cjmi_free(m->channels);
    for (size_t s = 0; s < CJMI_SHARDS && !m->borrowed; s++)
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

/* Room in `into` for the customers of a state's shard it probably lacks,
 * guessed from a sample spread over them, as reserve_for() guesses. */
static cjm_status reserve_for_state(cjmi_intern *into, const cjmi_state_shard *v)
{
    size_t n = v->customer_count, sample = n < MAP_SAMPLE ? n : MAP_SAMPLE, missing = 0;
    const unsigned char *p = v->customers;
    for (size_t i = 0, k = 0; k < sample; i++) {
        size_t len = (size_t)cjmi_le(p, 4);
        if (i == k * n / sample) {
            missing += cjmi_intern_find(into, (const char *)p + 4, len, v->hashes[i]) ==
                       CJMI_NOT_INTERNED;
            k++;
        }
        p += 4 + len;
    }
    if (!missing)
        return CJM_OK;
    size_t guess = n / sample * missing + n % sample;
    return cjmi_intern_reserve(into, into->count + guess);
}

/* Interns the customers of a state's shard into into's, writing over each
 * one's hash its index in into. A customer twice in the shard is
 * CJM_ERR_PARSE, its id's offset in *bad_at: one into held before is
 * marked in a bitmap when met, and one new to into is met again when it
 * is found at an index this merge gave. CJM_OK, CJM_ERR_NOMEM or
 * CJM_ERR_CANCELLED (`hook`'s, if not NULL), with no message. */
static cjm_status intern_state(cjmi_intern *into, cjmi_state_shard *v, const cjm_analysis *hook,
                               const unsigned char *base, size_t *bad_at)
{
    size_t n = v->customer_count, mark = into->count;
    if (!n)
        return CJM_OK;
    uint64_t *met = mark ? cjmi_calloc((mark + 63) / 64, sizeof *met) : NULL;
    if ((mark && !met) || reserve_for_state(into, v) != CJM_OK) {
        cjmi_free(met);
        return CJM_ERR_NOMEM;
    }
    uint32_t *to = v->hashes; /* a hash, then the index */
    const unsigned char *p = v->customers;
    cjm_status st = CJM_OK;
    for (size_t i = 0; i < n; i++) {
        if (hook && i % CJMI_CANCEL_EVERY == CJMI_CANCEL_EVERY - 1 && cjmi_cancelled(hook)) {
            st = CJM_ERR_CANCELLED;
            break;
        }
        if (i + MAP_AHEAD < n)
            cjmi_intern_prefetch(into, to[i + MAP_AHEAD]);
        size_t len = (size_t)cjmi_le(p, 4), before = into->count;
        uint32_t index = cjmi_intern_add(into, (const char *)p + 4, len, to[i]);
        if (index == CJMI_NOT_INTERNED) {
            st = CJM_ERR_NOMEM;
            break;
        }
        if (index != before) {
            if (index >= mark || met[index / 64] >> (index % 64) & 1) {
                *bad_at = (size_t)(p - base);
                st = CJM_ERR_PARSE;
                break;
            }
            met[index / 64] |= UINT64_C(1) << (index % 64);
        }
        to[i] = index;
        p += 4 + len;
    }
    cjmi_free(met);
    return st;
}

/* Appends the events of a state's shard, each checked against the
 * state's tables (`from`'s) and its indexes mapped to into's; room is
 * reserved. An event out of range is CJM_ERR_PARSE, its offset in
 * *bad_at, with the events before it appended (the merge takes them
 * back). Checking here rather than when the state is first read saves a
 * pass over the events, the bulk of the state. */
static cjm_status copy_state_events(cjmi_shard *into, const cjmi_state_shard *v,
                                    const cjm_analysis *from, const remap *m,
                                    const unsigned char *base, cjmi_state_sum *sum,
                                    size_t *bad_at)
{
    const cjmi_event_limits limits = cjmi_event_limits_of(from, v->customer_count);
    size_t copied = cjmi_state_events_copy(&into->events, v->events, v->event_count, &limits,
                                           v->hashes, m->same_touchpoints ? NULL : m->touchpoints,
                                           m->same_channels ? NULL : m->channels, sum);
    if (copied == v->event_count)
        return CJM_OK;
    *bad_at = (size_t)(v->events + 20 * copied - base);
    return CJM_ERR_PARSE;
}

/* Ors in the flags of a state's shard's customers: it cannot fail. */
static void or_state_flags(cjmi_shard *into, const cjmi_state_shard *v, const uint32_t *customers)
{
    for (size_t i = 0; i < v->customer_count; i++)
        into->heard[customers[i]] |= v->flags[i];
}

/* The shards' part of a merge: shards merge only with shards, so each is
 * done by whichever worker takes it. */
typedef struct shard_work {
    cjm_analysis *into;
    const cjm_analysis *from;
    cjm_analysis *taken; /* from, when the merge takes its events; else NULL */
    cjmi_state_shard *state; /* from's shards in a state's bytes, or NULL */
    const unsigned char *base; /* the state's first byte */
    cjmi_state_sum *sum; /* the state's checksum, taken as its events are copied, or NULL */
    remap *m;
    cjm_status status[CJMI_SHARDS];
    /* CJM_ERR_PARSE: the offset of a customer met twice or of an event
     * out of range, and which */
    size_t bad_at[CJMI_SHARDS];
    const char *bad[CJMI_SHARDS];
} shard_work;

/* Maps a worker's shards' customers and makes room for their events. */
static void prepare_shards(void *ctx, unsigned worker, unsigned workers)
{
    shard_work *w = ctx;
    for (unsigned s = worker; s < CJMI_SHARDS; s += workers) {
        cjmi_shard *into = &w->into->shards[s];
        const cjmi_shard *from = &w->from->shards[s];
        cjm_status st = CJM_OK;
        size_t events = w->state ? w->state[s].event_count : from->events.count;
        /* Only the calling thread (worker 0) asks the cancel hook. */
        if (w->state) {
            st = intern_state(&into->customers, &w->state[s], worker == 0 ? w->into : NULL,
                              w->base, &w->bad_at[s]);
            w->m->customers[s] = w->state[s].hashes;
            w->bad[s] = "a string appears twice";
        } else if (into->customers.count)
            st = map_all(&into->customers, &from->customers, &w->m->customers[s],
                         worker == 0 ? w->into : NULL, true);
        else if (!w->taken) /* taken whole when appending */
            st = copy_all(&into->customers, &from->customers, &w->m->customers[s]);
        if (st == CJM_OK && !w->taken)
            st = cjmi_store_reserve(&into->events, events);
        if (st == CJM_OK && !w->taken)
            st = cjmi_segments_reserve(into, events, from->items.count,
                                       w->into->segment_values.count);
        if (st == CJM_OK && w->state) {
            st = copy_state_events(into, &w->state[s], w->from, w->m, w->base, w->sum,
                                   &w->bad_at[s]);
            w->bad[s] = "an event out of range";
        }
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
        if (w->state)
            or_state_flags(&w->into->shards[s], &w->state[s], w->m->customers[s]);
        else if (w->taken)
            take_events(&w->into->shards[s], &w->taken->shards[s], w->m, w->m->customers[s],
                        w->from->touchpoints.count, w->from->channels.count);
        else
            append_events(&w->into->shards[s], &w->from->shards[s], w->m, w->m->customers[s]);
    }
}

/* The merge; `taken` is from when from's events may be taken (from is
 * then freed by the caller on success); `state`: from's shards are in a
 * state's bytes (cjmi_merge_state). */
static cjm_status merge(cjm_analysis *into, const cjm_analysis *from, cjm_analysis *taken,
                        cjmi_state_shard *state, const unsigned char *base,
                        cjmi_state_sum *sum, const char *func)
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
    remap m = { NULL, NULL, { NULL }, NULL, state != NULL, false, false };
    cjm_status st = map_all(&into->touchpoints, &from->touchpoints, &m.touchpoints, into, false);
    if (st == CJM_OK)
        st = map_all(&into->channels, &from->channels, &m.channels, into, false);
    if (st == CJM_OK)
        st = map_all(&into->segment_values, &from->segment_values, &m.values, into, false);
    for (size_t s = 0; s < CJMI_SHARDS; s++) {
        customer_marks[s] = into->shards[s].customers.count;
        event_marks[s] = into->shards[s].events.count;
    }
    if (st == CJM_OK) {
        m.same_touchpoints = identity(m.touchpoints, from->touchpoints.count);
        m.same_channels = identity(m.channels, from->channels.count);
    }
    unsigned workers = cjmi_analysis_threads(into, CJMI_SHARDS);
    /* The sum goes with the copying on one thread only: it is taken in
     * order. */
    if (sum && workers > 1)
        cjmi_state_sum_to(sum, sum->size);
    shard_work work = { into, from, taken, state, base, workers == 1 ? sum : NULL, &m,
                        { CJM_OK }, { 0 }, { NULL } };
    if (st == CJM_OK)
        cjmi_run_parallel(workers, prepare_shards, &work);
    size_t bad_at = 0;
    const char *bad = NULL;
    for (size_t s = 0; st == CJM_OK && s < CJMI_SHARDS; s++)
        if ((st = work.status[s]) == CJM_ERR_PARSE) {
            bad_at = work.bad_at[s];
            bad = work.bad[s];
        }
    /* A state whose sum does not match is damaged, whatever else failed. */
    if (sum && st != CJM_ERR_CANCELLED && !cjmi_state_sum_matches(sum)) {
        st = CJM_ERR_PARSE;
        bad_at = sum->size;
        bad = SUM_DIFFERS;
    }
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
                    : st == CJM_ERR_PARSE   ? cjmi_fail(st, "%s: byte %zu: %s", func, bad_at,
                                                        bad)
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
    return merge(into, from, NULL, NULL, NULL, NULL, "cjm_analysis_merge");
}

CJM_EXPORT cjm_status cjm_analysis_merge_free(cjm_analysis *into, cjm_analysis *from)
{
    /* A breakdown's items are bits on their events' places: those merge
     * by copying. */
    bool take = from && from->breakdown == CJMI_BREAKDOWN_NONE;
    cjm_status st =
        merge(into, from, take ? from : NULL, NULL, NULL, NULL, "cjm_analysis_merge_free");
    if (st == CJM_OK)
        cjm_analysis_free(from);
    return st;
}

cjm_status cjmi_merge_state(cjm_analysis *into, const cjm_analysis *from,
                            cjmi_state_shard *shards, const unsigned char *base,
                            cjmi_state_sum *sum, const char *func)
{
    cjm_status st = merge(into, from, NULL, shards, base, sum, func);
    /* However it failed (other options, say), a damaged state is named
     * damaged, as when its sum is checked before it is read. */
    if (sum && st != CJM_OK && st != CJM_ERR_CANCELLED && !cjmi_state_sum_matches(sum))
        st = cjmi_fail(CJM_ERR_PARSE, "%s: byte %zu: %s", func, sum->size, SUM_DIFFERS);
    return st;
}
