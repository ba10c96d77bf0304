/* The layout of the bulk analysis handle. Internal. */
#ifndef CJMI_ANALYSIS_PRIVATE_H
#define CJMI_ANALYSIS_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "cjm/bulk.h"
#include "cjm/time.h"
#include "intern.h"
#include "store.h"
#include "../analysis/options-private.h"
#include "../core/spread.h"

/* Feedback given on events, summed as it arrives: events do not keep
 * their feedback, only these sums and each customer's "heard" flag. */
typedef struct cjmi_feedback_sum {
    uint64_t count;
    int64_t millionths;
    cjmi_squares squares; /* sum of millionths squared, exact */
} cjmi_feedback_sum;

/* Customers are spread over shards by the top bits of their id's hash; a
 * shard holds its customers' table, their events and their "heard" flags,
 * so shards fill and are walked on separate threads. A customer's index in
 * an event is its index in its shard. The figures never depend on the
 * spread: it only decides who does the work. */
#define CJMI_SHARDS 8

static inline unsigned cjmi_shard_of(uint32_t customer_hash)
{
    return customer_hash >> 29;
}

/* A customer's segment as it was before the call under way changed it:
 * the value (its index in the analysis's segment values, plus one; 0:
 * none yet) on the earliest event carrying the key, and that event's
 * time. */
typedef struct cjmi_undo {
    uint32_t customer, value;
    int64_t at;
} cjmi_undo;

/* Customers' feedback items, kept only with a breakdown: a segment's
 * figures need each item's customer and stage, and a customer's segment
 * is known only once all its events are in. An item is a bit on its
 * event (its customer and stage are the event's) and its score, in the
 * order of the shard's events. */
typedef struct cjmi_items {
    uint64_t *has;       /* per event of the shard: carries an item */
    size_t has_capacity; /* in words */
    int32_t *millionths; /* per item */
    size_t count, capacity;
} cjmi_items;

typedef struct cjmi_shard {
    cjmi_intern customers;
    cjmi_store events;
    uint8_t *heard;                         /* per customer: gave feedback */
    size_t heard_capacity;
    /* With an attribute breakdown: per customer, its segment (8 bytes:
     * see segments.c; read and set only through cjmi_segment_*). */
    bool keeps_segments, keeps_items;
    uint64_t *segment;
    uint32_t *segment_wide; /* values from 32767 on, once there are any */
    size_t segment_capacity;
    /* With a breakdown: the feedback items of its customers. */
    cjmi_items items;
    /* Segments changed by the call under way, of customers held before
     * it (from undo_from down), with their old values: a failed call puts
     * them back. */
    cjmi_undo *undo;
    size_t undo_count, undo_capacity, undo_from;
    /* Workers fill neighbouring shards at once: keep each shard's counters
     * off its neighbours' cache lines. */
    char padding[64];
} cjmi_shard;

struct cjm_analysis {
    const cjm_journey *map;  /* own_map, or the caller's (cjm_analysis_new_shared) */
    cjm_journey *own_map;    /* the analysis's own copy, or NULL */
    cjm_options options;
    size_t stage_count;
    uint32_t planned;        /* touchpoint indexes below this are the map's */
    uint32_t map_channels;   /* channel indexes below this are the map's */
    const cjm_touchpoint **planned_touchpoints;
    uint16_t *planned_stage;   /* planned touchpoint -> stage index */
    uint16_t *planned_channel; /* planned touchpoint -> channel index */

    cjmi_intern stages;      /* the map's stage ids, in map order */
    cjmi_intern touchpoints; /* planned in map order, then unplanned as seen */
    cjmi_intern channels;    /* the map's channels, then others as seen */
    cjmi_shard shards[CJMI_SHARDS];

    cjmi_feedback_sum *touchpoint_feedback; /* per touchpoint, events only */
    size_t touchpoint_feedback_capacity;
    cjmi_feedback_sum *stage_feedback;      /* per stage, events only */

    cjmi_breakdown breakdown;  /* the options' kind of breakdown */
    cjmi_intern segment_values; /* attribute breakdown: the values seen */

    /* Scratch of the columns call, kept between calls: fresh memory costs
     * a page fault per page on first touch. */
    struct pending *pending;
    uint32_t *order;
    size_t scratch_capacity;
    struct seen *seen;       /* per worker: the strings met in the block under way */
    unsigned seen_count;

    uint64_t rejected;
    char *rejected_messages[CJM_REJECTED_MESSAGES];
    size_t rejected_message_count;

    cjm_cancel_fn cancelled; /* the caller's cancel hook, or NULL */
    void *cancel_user;
};

/* How many events or customers long work goes between asking the cancel
 * hook: a few milliseconds of work. */
#define CJMI_CANCEL_EVERY 4096

/* Whether the analysis's cancel hook asks to stop. */
static inline bool cjmi_cancelled(const cjm_analysis *a)
{
    return a->cancelled && a->cancelled(a->cancel_user);
}

/* Fails as cancelled, naming the function. */
cjm_status cjmi_cancel_fail(const char *func);

/* Makes the feedback sums cover every interned touchpoint, and each
 * shard's "heard" flags its customers, so committing feedback cannot
 * fail. CJM_OK, or CJM_ERR_NOMEM with no message: the caller names itself. */
cjm_status cjmi_analysis_reserve_sums(cjm_analysis *a);
cjm_status cjmi_shard_reserve_heard(cjmi_shard *shard);

/* Takes note of what a breakdown keeps of an event of customer c of a
 * shard, before the event is appended to the shard: its segment value
 * (index + 1 in segment_values, 0 for none) and its feedback item. Room
 * must be reserved (cjmi_segments_reserve). CJM_OK, or CJM_ERR_NOMEM (no
 * message) with nothing changed. */
cjm_status cjmi_segment_note(cjmi_shard *shard, uint32_t c, uint32_t value, int64_t at,
                             bool has_feedback, int64_t millionths);

/* A customer's segment value (0: none) and its time (0 with none). */
uint32_t cjmi_segment_value(const cjmi_shard *shard, uint32_t c);
int64_t cjmi_segment_at(const cjmi_shard *shard, uint32_t c);

/* Sets a customer's segment. CJM_ERR_NOMEM (nothing changed) only for a
 * value from 32767 on when the room for wide values cannot be made. */
cjm_status cjmi_segment_set(cjmi_shard *shard, uint32_t c, uint32_t value, int64_t at);

/* Makes room for the segments of n customers of a shard. CJM_OK or
 * CJM_ERR_NOMEM. */
cjm_status cjmi_segments_reserve_customers(cjmi_shard *shard, size_t n);

/* Makes room in a shard for `events` more events carrying up to `items`
 * feedback items, and for values up to `values`. CJM_OK or CJM_ERR_NOMEM. */
cjm_status cjmi_segments_reserve(cjmi_shard *shard, size_t events, size_t items, size_t values);

/* Forgets items past `items_mark` and the segments of customers from
 * `customers_mark` on, and puts back the segments the call under way
 * changed. */
void cjmi_segments_roll_back(cjmi_shard *shard, size_t items_mark, size_t customers_mark);

/* A shard's feedback items in the order of its events. */
typedef struct cjmi_item {
    uint32_t customer;
    uint16_t stage;
    int32_t millionths;
} cjmi_item;

typedef struct cjmi_item_walk {
    const cjmi_chunk *chunk;
    size_t i, base, position, item; /* base: the chunk's first event */
    bool started;
} cjmi_item_walk;

/* The next item of a walk started as { 0 }: false after the last. */
bool cjmi_items_next(const cjmi_shard *shard, cjmi_item_walk *w, cjmi_item *item);

/* Reading a state: gives the item to the next event of the walk (started
 * as { 0 }) with its customer and stage; false when no event is left.
 * Room must be reserved, and the bits cleared (cjmi_items_clear). */
bool cjmi_items_place(cjmi_shard *shard, cjmi_item_walk *w, const cjmi_item *item);
void cjmi_items_clear(cjmi_shard *shard);

/* Merges a shard's segments and items into another's, whose events from
 * `first_event` on are `from`'s; `values` and `customers` map from's
 * indexes to into's. Room must be reserved. */
void cjmi_segments_merge_shard(cjmi_shard *into, const cjmi_shard *from, const uint32_t *values,
                               const uint32_t *customers, size_t first_event);

/* Sets up what the analysis keeps for the breakdown its options name
 * (after the options are known). */
void cjmi_analysis_set_breakdown(cjm_analysis *a);

/* Frees what a shard keeps for a breakdown. */
void cjmi_shard_segments_fini(cjmi_shard *shard);

/* What an event of a shard may hold: its customer below `customers`, its
 * touchpoint, channel and stage among the analysis's, a planned
 * touchpoint in its own stage (reading a state). Copied out of the
 * analysis, so that the compiler keeps them in registers while columns
 * are written. */
typedef struct cjmi_event_limits {
    size_t customers, touchpoints, channels, stages, planned;
    const uint16_t *planned_stage;
} cjmi_event_limits;

static inline cjmi_event_limits cjmi_event_limits_of(const cjm_analysis *a, size_t customers)
{
    return (cjmi_event_limits){ customers, a->touchpoints.count, a->channels.count,
                                a->stage_count, a->planned, a->planned_stage };
}

static inline bool cjmi_event_fits(const cjmi_event_limits *l, int64_t at, uint64_t customer,
                                   uint64_t tp, uint64_t ch, uint64_t st)
{
    return at >= CJM_TIME_MIN && at <= CJM_TIME_MAX && customer < l->customers &&
           tp < l->touchpoints && ch < l->channels &&
           (st == CJMI_NO_STAGE16 || st < l->stages) &&
           (tp >= l->planned || st == l->planned_stage[tp]);
}

/* A state's checksum taken in order, a run of bytes at a time: a reader
 * on one thread sums each run of events just before it copies them, so
 * the bytes come from memory once, not once for a pass of the checksum
 * and again for the copy. Nothing read is kept before the whole sum
 * matches (cjmi_state_sum_matches), and a state that fails anywhere is
 * summed to its end first, so that a damaged one is always named as
 * damaged, wherever the damage made the reading fail. */
typedef struct cjmi_state_sum {
    const unsigned char *data; /* the state's first byte */
    size_t size;               /* the bytes summed: all but the checksum */
    size_t done;               /* how many are summed so far */
    uint64_t lane[4];
} cjmi_state_sum;

/* Starts the sum of the n bytes at p, the checksum after them. */
void cjmi_state_sum_start(cjmi_state_sum *sum, const unsigned char *p, size_t n);

/* Sums the bytes before offset `upto` (all of them, from the end on). */
void cjmi_state_sum_to(cjmi_state_sum *sum, size_t upto);

/* Whether the sum of every byte is the checksum that follows them. */
bool cjmi_state_sum_matches(cjmi_state_sum *sum);

/* Appends to `store`, whose room is reserved, n events of a state's bytes
 * from e (20 bytes each: time, customer, touchpoint, channel, stage), each
 * checked against `limits` and its customer, touchpoint and channel
 * mapped through the arrays given (NULL: taken as they are); with `sum`,
 * each run of them summed just before it is copied. Returns how many were
 * appended: n, or the index of the first out of range. */
size_t cjmi_state_events_copy(cjmi_store *store, const unsigned char *e, size_t n,
                              const cjmi_event_limits *limits, const uint32_t *customers,
                              const uint32_t *touchpoints, const uint32_t *channels,
                              cjmi_state_sum *sum);

/* A shard of an analysis state, its ids and flags checked, left where it
 * lies in the state's bytes (merging a state without a breakdown from its
 * bytes): `customer_count` ids, each a 32-bit length and its bytes, from
 * `customers`; their hashes; a flag byte per customer; `event_count`
 * events of 20 bytes each, not yet checked. */
typedef struct cjmi_state_shard {
    const unsigned char *customers, *flags, *events;
    size_t customer_count, event_count;
    uint32_t *hashes; /* per customer: its id's hash (owned by the reader) */
} cjmi_state_shard;

/* Merges into `into` an analysis read from a state's bytes (`base`, the
 * state's first byte, for the offsets of errors): with `shards`, `from`
 * holds the state's options, small tables and sums, and its customers and
 * events are in `shards` (whose hashes the merge overwrites with the
 * customers' indexes in into); without, `from` is the whole analysis.
 * With `sum` (shards given, the merge on one thread), the state's bytes
 * are summed as its events are copied and the sum checked before into
 * changes for good. Fails as cjm_analysis_merge() does, naming `func`,
 * and with CJM_ERR_PARSE for a customer twice in a shard, an event out of
 * range or (first of all, whatever else failed) a sum that does not
 * match; into is then unchanged. */
cjm_status cjmi_merge_state(cjm_analysis *into, const cjm_analysis *from,
                            cjmi_state_shard *shards, const unsigned char *base,
                            cjmi_state_sum *sum, const char *func);

/* The number of threads the analysis may use for n items of work. */
unsigned cjmi_analysis_threads(const cjm_analysis *a, size_t work);

#endif
