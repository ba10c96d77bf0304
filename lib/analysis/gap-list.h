/* The layout of the gap list. Internal. */
#ifndef CJMI_GAP_LIST_H
#define CJMI_GAP_LIST_H

#include <stddef.h>
#include <stdint.h>
#include "cjm/analysis.h"

struct cjm_gap {
    cjm_gap_kind kind;
    char *message; /* owned, with stage, touchpoint and to_stage after it */
    char *stage, *touchpoint, *to_stage; /* in message's block; NULL when absent */
    char *segment;     /* kinds 13 and 14: the segment's value, NULL for none */
    double value, severity;
    uint64_t count;
    /* sort keys: positions in the map and the report; SIZE_MAX for none */
    size_t stage_index, touchpoint_place, to_index, segment_place;
};

struct cjm_gap_list {
    cjm_gap *gaps;
    size_t count, capacity;
};

void cjmi_gap_list_clear_item(cjm_gap *gap);

#endif
