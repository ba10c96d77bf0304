/* Where everything in the picture goes: columns for stages, lanes for
 * channels, boxes for touchpoints, and a marker for every gap. Built from
 * the map and, when there is one, the report; drawn by draw.c. Internal. */
#ifndef CJMI_SVG_LAYOUT_H
#define CJMI_SVG_LAYOUT_H

#include "id-index.h"
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
    SVG_SUBTITLE_LINE_H = 17,  /* a second line of the subtitle */
    SVG_STAGE_NAME_LINE_H = 17, /* a second line of a stage's name */
    SVG_GOAL_LINE_H = 14,      /* a second line of a stage's goal */
    SVG_BOX_H = 46,            /* a box of the map alone */
    SVG_BOX_FIGURES_H = 60,    /* a box with the report's figures */
};

/* Font sizes the room for text is measured with, in pixels: as the style
 * sheet's, one more for bold text. */
enum {
    SVG_FONT_TITLE = 22,
    SVG_FONT_SUBTITLE = 13,
    SVG_FONT_STAGE_NAME = 15,  /* 14, bold */
    SVG_FONT_SMALL = 11,       /* goals, owners */
    SVG_FONT_BOX_NAME = 13,    /* 12, bold */
    SVG_FONT_LANE_NAME = 13,
    SVG_FONT_LEGEND = 12,
};

/* Places inside the parts, in pixels from the part's edge (x) or top (y);
 * a baseline is where a line of text stands. */
enum {
    SVG_TITLE_BASELINE = 20,
    SVG_SUBTITLE_BASELINE = 42,
    SVG_TITLE_MARK_ROOM = 24,  /* the title gives up this much per marker beside it */
    SVG_TITLE_MARKS_PER_ROW = 16,
    SVG_TITLE_MARK_INSET = 10, /* from the right margin and the top one */
    SVG_HEADER_INSET = 4,      /* the stage header's rectangle inside its column */
    SVG_HEADER_PAD = 6,        /* below the stage header's rectangle */
    SVG_CORNER = 6,            /* rounded corners of headers */
    SVG_TEXT_INSET = 12,       /* stage names, goals and figures */
    SVG_STAGE_NAME_BASELINE = 20,
    SVG_STAGE_GOAL_BASELINE = 38,
    SVG_FIGURE_BASELINE = 16,  /* the first figure under a stage */
    SVG_FIGURE_LINE_H = 18,
    SVG_BAND_LABEL_BASELINE = 16, /* "Emotion" */
    SVG_CURVE_TOP = 36,        /* from the band's top to +1 */
    SVG_CURVE_BOTTOM = 24,     /* from -1 to the band's bottom */
    SVG_AXIS_LABEL_DROP = 4,   /* an axis label's baseline below its line */
    SVG_NO_FEEDBACK_RISE = 8,  /* "no feedback" above the neutral line */
    SVG_POINT_R = 6,           /* a point of the curve */
    SVG_RESEARCH_SHIFT = 60,   /* the map's research: right of the stage's centre */
    SVG_RESEARCH_R = 6,        /* half the diagonal of its diamond */
    SVG_RESEARCH_DROP = 16,    /* its label's baseline below the -1 line */
    SVG_SCORE_ABOVE = 12,      /* a point's score above it */
    SVG_SCORE_BELOW = 22,      /* or below it, near the top */
    SVG_BOX_CORNER = 5,
    SVG_BOX_INSET = 8,         /* text inside a box */
    SVG_BOX_LINE_1 = 18,       /* the name's baseline */
    SVG_BOX_LINE_H = 16,
    SVG_LANE_INSET = 8,
    SVG_LANE_NAME_BASELINE = 28,
    SVG_MARKER_R = 9,
    SVG_MARKER_NUMBER_DROP = 4, /* the number's baseline below the centre */
    SVG_BOX_MARKER_INSET = 12, /* the first marker's centre from a box's right edge */
    SVG_BOX_MARKER_RISE = 2,   /* above the box's top edge */
    SVG_BOX_MARK_STEP = 20,    /* between markers on one box */
    SVG_MARK_STEP = 22,        /* between markers side by side */
    SVG_MARK_INSET = 22,       /* the first marker in a stage header */
    SVG_MARK_ROW_CENTER = 12,
    SVG_LEGEND_GAP = 36,       /* between the lanes and the legend */
    SVG_LEGEND_HEAD_H = 56,    /* the legend's heading and note */
    SVG_LEGEND_NOTE_BASELINE = 20,
    SVG_LEGEND_FIRST_LINE = 44,
    SVG_LEGEND_MARKER_INSET = 10,
    SVG_LEGEND_TEXT_INSET = 28,
    SVG_LEGEND_SIDE_GAP = 40,  /* wide: between the map and the legend beside it */
    SVG_LEGEND_SIDE_W = 460,   /* wide: the legend's width */
    SVG_LEGEND_WRAP_H = 34,    /* wide: a legend line of two lines of text */
    SVG_LEGEND_WRAP_LINE = 15, /* wide: the second line of a legend line */
};

typedef struct svg_column {
    const char *id, *name, *goal;  /* NULL id: touchpoints of no stage */
    bool has_mean;
    double mean;                   /* mean normalized score of the stage */
    uint64_t feedback;
    bool has_research;             /* the map's own feedback, with a report */
    double research_mean;          /* drawn apart from the customers' curve */
    uint64_t research;
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
    const char *func;              /* the public function, for messages */
    bool wide;                     /* the legend beside the map, not below */
    bool in_html;                  /* inline in a page: no XML declaration or namespace */
    const cjm_journey *map;
    const cjm_report *report;      /* NULL for the map alone */
    const cjm_gap_list *gaps;      /* the report's, or the map's own */
    svg_column *columns;
    size_t column_count, stage_count;
    svg_lane *lanes;
    size_t lane_count, lane_capacity;
    svg_box *boxes;
    size_t box_count, box_capacity;
    svg_id_index columns_by_id;    /* the stages' columns, once laid out */
    svg_id_index boxes_by_id;      /* the boxes, once all are added */
    svg_marker *markers;           /* one per gap, in the gaps' order */
    size_t title_markers;          /* gaps with no place in the picture */
    char *subtitle;                /* the persona and the totals, or NULL */
    int subtitle_lines;            /* 1 or 2 */
    int name_lines, goal_lines;    /* the most lines of a stage's name (1, 2) and goal (0-2) */
    int box_name_lines;            /* the most lines of a touchpoint's name (1, 2) */
    int title_h, header_h;
    int width, height, box_h;
    int header_y, marks_y, mark_rows, figures_y, curve_y, lanes_y;
    int legend_x, legend_y, legend_w, legend_line_h; /* the legend's place and lines */
} svg_layout;

/* Lays the picture out for the public function `func`, which its messages
 * name; `wide` puts the legend beside the map. Fails with CJM_ERR_CONFLICT when the report is of another map,
 * CJM_ERR_NOMEM; the layout is then released. */
cjm_status cjmi_svg_layout(svg_layout *layout, const cjm_journey *map,
                           const cjm_report *report, const cjm_gap_list *gaps,
                           const char *func, bool wide);
void cjmi_svg_layout_release(svg_layout *layout);

/* CJM_OK when the report is of map (the same journey id and stages, in
 * order); CJM_ERR_CONFLICT naming func and what differs when not. */
cjm_status cjmi_svg_same_map(const cjm_journey *map, const cjm_report *report,
                             const char *func);

/* Writes a picture or a page to path whole or not at all (whole-file.h);
 * CJM_ERR_IO naming func and the path when it cannot. */
cjm_status cjmi_svg_put_path(const char *path, const char *text, size_t n, const char *func);

/* Writes the laid-out picture; running out of memory is recorded in m. */
void cjmi_svg_draw(cjmi_message *m, const svg_layout *layout);

#endif
