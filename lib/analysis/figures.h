/* The figures gaps are found from (analysis.md, "Gap kinds"). A one-journey
 * analysis fills them from the map alone; a bulk analysis from events too.
 * Internal. */
#ifndef CJMI_FIGURES_H
#define CJMI_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cjm/analysis.h"
#include "../core/spread.h"

#define CJMI_NO_STAGE SIZE_MAX

typedef struct cjmi_stage_figures {
    uint64_t reached, dropped, silent_churn, switch_customers;
    uint64_t funnel, hop_customers; /* bulk only */
    uint64_t feedback;            /* bulk: customers' items only */
    int64_t score_sum;            /* millionths */
    cjmi_squares squares;         /* bulk: millionths squared, summed */
    uint64_t map_feedback;        /* bulk: the map's own items, shown apart */
    int64_t map_score_sum;
    uint64_t transition_samples;
    int64_t median_transition_ms; /* meaningful when transition_samples > 0 */
    int64_t transition_ms[4];     /* p25, p50, p75, p90, likewise */
} cjmi_stage_figures;

typedef struct cjmi_touchpoint_figures {
    const char *id;
    const cjm_touchpoint *planned; /* the map's touchpoint, NULL if unplanned */
    size_t stage;                  /* stage index, or CJMI_NO_STAGE */
    uint64_t events, customers, feedback; /* bulk: customers' feedback only */
    int64_t score_sum;             /* millionths */
    cjmi_squares squares;          /* bulk: millionths squared, summed */
    uint64_t map_feedback;         /* bulk: the map's own items, shown apart */
    int64_t map_score_sum;
} cjmi_touchpoint_figures;

typedef struct cjmi_pair_figures {
    size_t from, to; /* stage indexes */
    uint64_t count, customers;
} cjmi_pair_figures;

/* A segment's figures at one stage (analysis.md, "Segments and cohorts"). */
typedef struct cjmi_segment_stage_figures {
    uint64_t reached, funnel, dropped, silent_churn, feedback;
    int64_t score_sum;            /* millionths */
    cjmi_squares squares;
} cjmi_segment_stage_figures;

/* A segment: its customers and their events alone. */
typedef struct cjmi_segment_figures {
    char *value;                  /* owned; NULL: the null segment, or `other` */
    bool other;                   /* the pooled entry */
    uint64_t customers, events, completed, feedback;
    int64_t score_sum;
    cjmi_squares squares;
    cjmi_segment_stage_figures *stages; /* one per map stage */
} cjmi_segment_figures;

typedef struct cjmi_figures {
    const cjm_journey *map;
    const cjmi_stage_figures *stages;           /* one per map stage */
    const cjmi_touchpoint_figures *touchpoints; /* in report order */
    size_t touchpoint_count;
    const cjmi_pair_figures *pairs;             /* backtrack pairs */
    size_t pair_count;
    uint64_t customers, events;
    bool bulk; /* many customers' events, not one journey's own feedback */
    /* With a breakdown: its text (an attribute key or a cohort) and the
     * segments in report order. */
    const char *breakdown;
    bool cohort;
    const cjmi_segment_figures *segments;
    size_t segment_count;
} cjmi_figures;

/* score_high of n items with sums S and Q (analysis.md, "Evidence for
 * pain"): mean + t * score_sd / sqrt(n), t the confidence-quantile of
 * Student's t with n - 1 degrees of freedom. NaN when n < 2 or
 * confidence is 0. */
double cjmi_score_high(uint64_t n, int64_t sum, cjmi_squares q, double confidence);

/* Finds every gap the figures show under the options, sorted as
 * analysis.md says. CJM_OK or CJM_ERR_NOMEM (error slot set, naming func). */
cjm_status cjmi_find_gaps(cjm_gap_list **out, const cjmi_figures *figures,
                          const cjm_options *options, const char *func);

#endif
