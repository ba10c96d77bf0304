/* The report's segments (analysis.md, "Segments and cohorts"): which
 * entry each customer belongs to, the entries' figures as the walk adds
 * them up, and the entries handed to the report. Internal. */
#ifndef CJMI_SEGMENT_REPORT_H
#define CJMI_SEGMENT_REPORT_H

#include "analysis-private.h"
#include "walk.h"

/* The entries of a report and each customer's. */
typedef struct cjmi_segment_plan {
    uint32_t *entries[CJMI_SHARDS]; /* per shard, per customer: its entry */
    size_t count;
    char **values;                  /* per entry: owned label, NULL for null */
    bool other;                     /* the last entry pools the rest */
} cjmi_segment_plan;

/* Works out the entries of an analysis with a breakdown. CJM_OK or
 * CJM_ERR_NOMEM (no message). */
cjm_status cjmi_segment_plan_make(cjmi_segment_plan *plan, const cjm_analysis *a);
void cjmi_segment_plan_fini(cjmi_segment_plan *plan);

/* Gives a worker's partial room for the plan's entries. */
cjm_status cjmi_partial_segments_init(cjmi_partial *p, size_t entries);
void cjmi_partial_segments_fini(cjmi_partial *p);

/* Adds one partial's segment figures into another's. */
void cjmi_partial_segments_add(cjmi_partial *into, const cjmi_partial *from);

/* Adds every kept feedback item to its customer's entry. */
void cjmi_segments_add_items(cjmi_partial *p, const cjm_analysis *a,
                             const cjmi_segment_plan *plan);

/* Moves the partial's entries, labelled by the plan, into *out. */
void cjmi_segments_take(cjmi_segment_figures **out, size_t *count, cjmi_partial *p,
                        cjmi_segment_plan *plan);

/* Frees entries taken by cjmi_segments_take(). */
void cjmi_segments_free(cjmi_segment_figures *segments, size_t count);

#endif
