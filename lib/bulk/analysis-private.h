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

typedef struct cjmi_shard {
    cjmi_intern customers;
    cjmi_store events;
    uint8_t *heard;                         /* per customer: gave feedback */
    size_t heard_capacity;
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

/* The number of threads the analysis may use for n items of work. */
unsigned cjmi_analysis_threads(const cjm_analysis *a, size_t work);

#endif
