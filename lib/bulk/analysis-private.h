/* The layout of the bulk analysis handle. Internal. */
#ifndef CJMI_ANALYSIS_PRIVATE_H
#define CJMI_ANALYSIS_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "cjm/bulk.h"
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

/* A customer's segment under an attribute breakdown: the value (its
 * index in the analysis's segment values, plus one; 0: none yet) on the
 * earliest event carrying the key, and that event's time. */
typedef struct cjmi_undo {
    uint32_t customer, value;
    int64_t at;
} cjmi_undo;

/* Customers' feedback items, kept only with a breakdown: a segment's
 * figures need each item's customer and stage, and a customer's segment
 * is known only once all its events are in. In arrival order. */
typedef struct cjmi_items {
    uint32_t *customer;
    int32_t *millionths;
    uint16_t *stage;
    size_t count, capacity;
} cjmi_items;

typedef struct cjmi_shard {
    cjmi_intern customers;
    cjmi_store events;
    uint8_t *heard;                         /* per customer: gave feedback */
    size_t heard_capacity;
    /* With an attribute breakdown: per customer, its segment (12 bytes). */
    bool keeps_segments, keeps_items;
    uint32_t *segment;
    int64_t *segment_at;
    size_t segment_capacity, segment_at_capacity;
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
    cjm_journey *map;        /* the analysis's own copy */
    cjm_options options;
    size_t stage_count;
    uint32_t planned;        /* touchpoint indexes below this are the map's */
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
 * shard: its segment value (index + 1 in segment_values, 0 for none) and
 * its feedback item. Room for the item must be reserved (items_reserve).
 * CJM_OK, or CJM_ERR_NOMEM (no message) with nothing changed. */
cjm_status cjmi_segment_note(cjmi_shard *shard, uint32_t c, uint32_t value, int64_t at,
                             bool has_feedback, int64_t millionths, uint16_t stage);

/* Makes room for n more feedback items in a shard. CJM_OK or CJM_ERR_NOMEM. */
cjm_status cjmi_items_reserve(cjmi_items *items, size_t n);

/* Forgets items past `mark`, and puts back the segments the call under
 * way changed. */
void cjmi_segments_roll_back(cjmi_shard *shard, size_t items_mark);

/* Sets up what the analysis keeps for the breakdown its options name
 * (after the options are known). */
void cjmi_analysis_set_breakdown(cjm_analysis *a);

/* Frees what a shard keeps for a breakdown. */
void cjmi_shard_segments_fini(cjmi_shard *shard);

/* The number of threads the analysis may use for n items of work. */
unsigned cjmi_analysis_threads(const cjm_analysis *a, size_t work);

#endif
