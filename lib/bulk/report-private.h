/* The layout of the report handle. Internal. */
#ifndef CJMI_REPORT_PRIVATE_H
#define CJMI_REPORT_PRIVATE_H

#include <stdbool.h>
#include "cjm/bulk.h"
#include "../analysis/figures.h"
#include "paths.h"
#include "../core/strings.h"

typedef struct cjmi_channel_row {
    char *name;
    uint64_t events;
} cjmi_channel_row;

typedef struct cjmi_matrix_row {
    size_t from, to; /* rows of channels */
    uint64_t switches;
} cjmi_matrix_row;

struct cjm_report {
    /* The ids and names below (journey, stage_ids, touchpoint_ids,
     * touchpoint_channels, channels' names, breakdown) are copies kept
     * together here, freed together. */
    cjmi_strings names;
    char *journey;
    uint64_t customers, events, feedback, map_feedback, completed, rejected, map_switches;
    size_t stage_count;
    char **stage_ids;
    cjmi_stage_figures *stages;
    size_t touchpoint_count;
    cjmi_touchpoint_figures *touchpoints; /* ids in touchpoint_ids; `planned` NULLed */
    char **touchpoint_ids;
    bool *touchpoint_planned;
    char **touchpoint_channels;           /* owned */
    size_t channel_count;
    cjmi_channel_row *channels;           /* every channel seen, byte order */
    uint64_t switches, multichannel;
    size_t matrix_count;
    cjmi_matrix_row *matrix;
    uint64_t backtracks, backtrack_customers;
    size_t pair_count;
    cjmi_pair_figures *pairs;
    cjm_gap_list *gaps;
    double confidence; /* the options' confidence, for score_high */
    uint64_t completion_samples;
    int64_t completion_ms[4]; /* p25, p50, p75, p90 when there are samples */
    cjmi_route_figures routes; /* paths, the flow and exits */
    char *breakdown;          /* NULL without a breakdown */
    size_t segment_count;
    cjmi_segment_figures *segments; /* each with its stages, owned */
};

/* The percentiles the report gives of a distribution, in order. */
#define CJMI_PERCENTILES { 25, 50, 75, 90 }

#endif
