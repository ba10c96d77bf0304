/* Where everything in the picture goes: columns for stages, lanes for
 * channels, boxes for touchpoints, and a marker for every gap. Built from
 * the map and, when there is one, the report; drawn by draw.c. Internal. */
#ifndef CJMI_SVG_LAYOUT_H
#define CJMI_SVG_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cjm/svg.h"
#include "../analysis/message.h"

/* Sizes in pixels. */
enum {
    SVG_MARGIN = 24,
    SVG_LABEL_W = 136,   /* the lane names on the left */
    SVG_COLUMN_W = 196,
    SVG_BOX_W = 176,
    SVG_BOX_GAP = 14,    /* room for a marker on the box below's edge */
    SVG_TITLE_H = 64,
    SVG_HEADER_H = 52,
    SVG_MARK_ROW_H = 24,
    SVG_MARKS_PER_ROW = 8,
    SVG_FIGURES_H = 62,
    SVG_CURVE_H = 160,
    SVG_LEGEND_LINE_H = 20,
    SVG_MIN_WIDTH = 760,
};

typedef struct svg_column {
    const char *id, *name, *goal;  /* NULL id: touchpoints of no stage */
    bool has_mean;
    double mean;                   /* mean normalized score of the stage */
    uint64_t feedback;
    bool has_figures;              /* from the report */
    uint64_t reached, dropped, silent;
    double drop_rate;
    size_t markers;                /* markers placed in its header */
} svg_column;

typedef struct svg_lane {
    const char *channel;
    size_t rows;                   /* the most boxes in one of its cells */
    int y, height;
} svg_lane;

typedef struct svg_box {
    const char *id, *name, *owner; /* name is id for unplanned ones */
    size_t column, lane, row;
    bool planned, optional;
    bool has_figures;              /* from the report */
    uint64_t customers, feedback;
    bool has_mean;
    double mean;
    size_t markers;
    int x, y;
} svg_box;

typedef struct svg_marker {
    const cjm_gap *gap;
    int x, y;
} svg_marker;

typedef struct svg_layout {
    const cjm_journey *map;
    const cjm_report *report;      /* NULL for the map alone */
    const cjm_gap_list *gaps;      /* the report's, or the map's own */
    svg_column *columns;
    size_t column_count, stage_count;
    svg_lane *lanes;
    size_t lane_count, lane_capacity;
    svg_box *boxes;
    size_t box_count, box_capacity;
    svg_marker *markers;           /* one per gap, in the gaps' order */
    size_t title_markers;          /* gaps with no place in the picture */
    int width, height, box_h;
    int header_y, marks_y, mark_rows, figures_y, curve_y, lanes_y, legend_y;
} svg_layout;

/* Lays the picture out. Fails with CJM_ERR_CONFLICT when the report is of
 * another map, CJM_ERR_NOMEM; the layout is then released. */
cjm_status cjmi_svg_layout(svg_layout *layout, const cjm_journey *map,
                           const cjm_report *report, const cjm_gap_list *gaps);
void cjmi_svg_layout_release(svg_layout *layout);

/* Writes the laid-out picture; running out of memory is recorded in m. */
void cjmi_svg_draw(cjmi_message *m, const svg_layout *layout);

#endif
