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
};

/* The options in force: the given ones, or the defaults for NULL. */
const cjm_options *cjmi_options(const cjm_options *options);

#endif
