/* The layout of the options handle. Internal. */
#ifndef CJMI_OPTIONS_PRIVATE_H
#define CJMI_OPTIONS_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include "cjm/analysis.h"
#include "cjm/model.h"

struct cjm_options {
    uint64_t min_customers, min_feedback;
    double pain_threshold, drop_threshold, silent_threshold;
    double backtrack_threshold, switch_threshold;
    double confidence; /* 0, or [0.5, 1): how sure a pain point must be */
    uint64_t max_paths, max_flow_edges; /* the report's longest lists */
    bool lenient;
    unsigned threads;
    /* Normalized channel token for unplanned events without one; "" for none. */
    char default_channel[CJM_CHANNEL_MAX + 1];
    /* What splits the customers into segments: an attribute key, "@day",
     * "@week" or "@month"; "" for none. */
    char breakdown[CJM_ID_MAX + 1];
    uint64_t max_segments; /* >= 1 */
};

/* The kinds of breakdown. */
typedef enum cjmi_breakdown {
    CJMI_BREAKDOWN_NONE,
    CJMI_BREAKDOWN_ATTRIBUTE,
    CJMI_BREAKDOWN_DAY,
    CJMI_BREAKDOWN_WEEK,
    CJMI_BREAKDOWN_MONTH
} cjmi_breakdown;

/* The kind of breakdown the options ask for. */
cjmi_breakdown cjmi_breakdown_kind(const cjm_options *options);

/* The options in force: the given ones, or the defaults for NULL. */
const cjm_options *cjmi_options(const cjm_options *options);

/* Whether two analyses' options give the same figures: every option but
 * threads (which only shares out the work). When they differ, `what`
 * receives the first option that differs, in the order of the struct, as
 * "NAME B, into: A" (B's value, then A's), cut to fit `size` bytes. */
bool cjmi_options_differ(const cjm_options *a, const cjm_options *b, char *what, size_t size);

#endif
