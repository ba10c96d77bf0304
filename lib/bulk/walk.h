/* Walking each customer's events in time order, adding to one worker's
 * partial figures. Internal. */
#ifndef CJMI_WALK_H
#define CJMI_WALK_H

#include <stdint.h>
#include "analysis-private.h"
#include "pairs.h"
#include "paths.h"
#include "samples.h"
#include "../analysis/figures.h"

/* One event as a customer's walk reads it. */
typedef struct cjmi_step {
    int64_t at;
    uint32_t touchpoint;
    uint16_t channel, stage;
} cjmi_step;

struct cjmi_partial;

/* What the walk found of one customer, for a visitor that looks at the
 * customers one by one (the customers behind a figure) with the very
 * tests that count them. The walk's marks tell the rest: stage_seen,
 * hop_seen and touchpoint_seen hold `mark` for what the customer reached,
 * hopped in and used; pairs_seen[0 .. backtrack_pairs) are the keys of its
 * backtrack pairs. Valid during the visit only. */
typedef struct cjmi_outcome {
    const cjmi_shard *shard;
    uint32_t customer;       /* its index in the shard */
    uint32_t mark;
    const cjmi_step *steps;  /* its events, by time */
    size_t events;
    size_t funnel;           /* in the closed funnel at stages 0 .. funnel - 1 */
    size_t backtrack_pairs;
    uint16_t dropped;        /* the stage counted in dropped, or CJMI_NO_STAGE16 */
    bool completed, heard;
} cjmi_outcome;

/* Called on the worker that walked the customer; CJM_OK or CJM_ERR_NOMEM. */
typedef cjm_status (*cjmi_visitor)(struct cjmi_partial *p, const cjmi_outcome *o);

/* A worker's figures; workers' partials add up to the report's. */
typedef struct cjmi_partial {
    size_t stage_count, touchpoint_count, channel_count;
    uint64_t *reached, *dropped, *silent, *switchers; /* per stage */
    uint64_t *funnel, *hoppers;                      /* per stage */
    cjmi_samples *transitions;                       /* per stage */
    cjmi_samples completions;                        /* completed customers' times */
    /* The map's plan, to tell a planned change of channel from a hop. */
    uint32_t planned;
    const uint16_t *planned_stage, *planned_channel;
    uint64_t *touchpoint_customers;
    uint64_t completed, switches, multichannel, backtracks, backtrack_customers;
    uint64_t *matrix;       /* channel_count^2 counts when dense, else NULL */
    cjmi_pairs matrix_pairs;
    cjmi_pairs backtrack_pairs;
    /* Called for every customer walked, when set. */
    cjmi_visitor visit;
    void *visit_ctx;
    unsigned worker;
    /* scratch */
    uint32_t stamp;  /* the customer being walked, numbered by this worker */
    uint32_t *touchpoint_seen, *stage_seen, *switch_seen, *hop_seen; /* stamp when seen */
    int64_t *first_at;
    uint16_t *reached_list;
    uint64_t *pairs_seen;
    size_t pairs_seen_capacity;
    cjmi_step *steps, *sort_tmp;
    size_t steps_capacity, sort_tmp_capacity;
    uint64_t *offsets;
    size_t offsets_capacity;
    cjmi_routes routes; /* paths, the flow and exits */
    /* With a breakdown: the entry in the report's segments of each
     * customer of the shard being walked, and each entry's figures. */
    const uint32_t *entries;
    size_t entry_count;
    cjmi_segment_figures *segments;
} cjmi_partial;

cjm_status cjmi_partial_init(cjmi_partial *p, const cjm_analysis *a);
void cjmi_partial_fini(cjmi_partial *p);

/* Walks a shard's customers first..last-1 (whose event counts are
 * counts[]), with `events` their total. CJM_OK, or CJM_ERR_NOMEM when
 * memory ran out; no message either way: this runs on workers. */
cjm_status cjmi_walk_batch(cjmi_partial *p, const cjmi_shard *shard, const uint64_t *counts,
                           uint32_t first, uint32_t last, uint64_t events);

/* Walks every customer of the analysis as cjm_analysis_report() does, on
 * its worker threads, calling `visit` for each with `ctx` in its partial
 * (partials are numbered by worker, below CJM_THREADS_MAX). CJM_OK, or
 * CJM_ERR_NOMEM (no message). */
cjm_status cjmi_walk_customers(const cjm_analysis *a, cjmi_visitor visit, void *ctx);

/* Adds a walked customer to its segment: `events` its events, `reached`
 * the stages it reached (in p->reached_list), `last` the stage of its last
 * staged event (CJMI_NO_STAGE16 for none), `mark` its stamp. */
void cjmi_walk_segment(cjmi_partial *p, const cjmi_shard *shard, uint32_t customer,
                       size_t events, size_t reached, uint16_t last, uint32_t mark);

#endif
