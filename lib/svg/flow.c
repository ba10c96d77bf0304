/* The flow of a report as an SVG picture (cjm/paths.h): touchpoints
 * placed as on the map (a column per stage, a lane per channel), an
 * arrow per listed edge, the wider the more often it was taken, and a
 * loop above a touchpoint for a repeated visit. Every name is escaped;
 * each edge's figures are in its tooltip and beside its middle. */
#include <string.h>

#include "cjm/paths.h"
#include "layout.h"
#include "svg-text.h"
#include "../core/alloc.h"
#include "../core/error.h"

enum {
    FLOW_COLUMN_W = 220,
    FLOW_BOX_W = 150,
    FLOW_BOX_H = 36,
    FLOW_GAP = 22,
    FLOW_HEADER_H = 40,
    FLOW_TOP = 64,
    FLOW_MOST_WIDTH = 12,
};

typedef struct flow_node {
    const char *id, *channel;
    size_t column, lane, row;
    int x, y;
} flow_node;

typedef struct flow_picture {
    const cjm_report *r;
    const cjm_journey *map;
    size_t stages, columns;
    const char **lanes;
    size_t lane_count, lane_capacity;
    size_t *rows;          /* per lane, the most boxes in one of its cells */
    flow_node *nodes;
    size_t node_count, node_capacity;
    size_t *edge_from, *edge_to;
} flow_picture;

/* The report row of a touchpoint id. */
static size_t touchpoint_row(const cjm_report *r, const char *id)
{
    for (size_t i = 0; i < cjm_report_touchpoint_count(r); i++)
        if (strcmp(cjm_report_touchpoint_id(r, i), id) == 0)
            return i;
    return SIZE_MAX;
}

static size_t column_of(const flow_picture *p, const char *stage)
{
    for (size_t s = 0; stage && s < p->stages; s++)
        if (strcmp(cjm_stage_id(cjm_journey_stage(p->map, s)), stage) == 0)
            return s;
    return p->stages;
}

static cjm_status lane_of(size_t *out, flow_picture *p, const char *channel)
{
    for (size_t i = 0; i < p->lane_count; i++)
        if (strcmp(p->lanes[i], channel) == 0) {
            *out = i;
            return CJM_OK;
        }
    if (cjmi_array_push(p->lanes, p->lane_count, p->lane_capacity, channel) != CJM_OK)
        return CJM_ERR_NOMEM;
    *out = p->lane_count - 1;
    return CJM_OK;
}

/* The node of a touchpoint id, placed in its cell when new. */
static cjm_status node_of(size_t *out, flow_picture *p, const char *id)
{
    for (size_t i = 0; i < p->node_count; i++)
        if (strcmp(p->nodes[i].id, id) == 0) {
            *out = i;
            return CJM_OK;
        }
    size_t row = touchpoint_row(p->r, id), lane = 0;
    const char *channel = row != SIZE_MAX ? cjm_report_touchpoint_channel(p->r, row) : "";
    flow_node n = { id, channel, column_of(p, row != SIZE_MAX ?
                                              cjm_report_touchpoint_stage(p->r, row) : NULL),
                    0, 0, 0, 0 };
    if (lane_of(&lane, p, channel) != CJM_OK)
        return CJM_ERR_NOMEM;
    n.lane = lane;
    for (size_t i = 0; i < p->node_count; i++)
        n.row += p->nodes[i].lane == lane && p->nodes[i].column == n.column;
    if (n.column == p->stages)
        p->columns = p->stages + 1;
    if (cjmi_array_push(p->nodes, p->node_count, p->node_capacity, n) != CJM_OK)
        return CJM_ERR_NOMEM;
    *out = p->node_count - 1;
    return CJM_OK;
}

static int column_x(size_t column)
{
    return SVG_MARGIN + SVG_LABEL_W + (int)column * FLOW_COLUMN_W;
}

/* Lanes in the map's order of channels first, so the picture reads as the
 * map does; then each box's place. Returns the lanes' bottom. */
static int place(flow_picture *p)
{
    p->rows = cjmi_calloc(p->lane_count ? p->lane_count : 1, sizeof *p->rows);
    if (!p->rows)
        return -1;
    for (size_t l = 0; l < p->lane_count; l++)
        p->rows[l] = 1; /* room for the lane's name */
    for (size_t i = 0; i < p->node_count; i++)
        if (p->nodes[i].row + 1 > p->rows[p->nodes[i].lane])
            p->rows[p->nodes[i].lane] = p->nodes[i].row + 1;
    int y = FLOW_TOP + FLOW_HEADER_H;
    int *lane_y = cjmi_calloc(p->lane_count ? p->lane_count : 1, sizeof *lane_y);
    if (!lane_y)
        return -1;
    for (size_t l = 0; l < p->lane_count; l++) {
        lane_y[l] = y;
        y += (int)p->rows[l] * (FLOW_BOX_H + FLOW_GAP) + FLOW_GAP;
    }
    for (size_t i = 0; i < p->node_count; i++) {
        flow_node *n = &p->nodes[i];
        n->x = column_x(n->column) + (FLOW_COLUMN_W - FLOW_BOX_W) / 2;
        n->y = lane_y[n->lane] + FLOW_GAP + (int)n->row * (FLOW_BOX_H + FLOW_GAP);
    }
    cjmi_free(lane_y);
    return y;
}

static void draw_edge(cjmi_message *m, const flow_picture *p, size_t i, uint64_t most)
{
    const cjm_report *r = p->r;
    const flow_node *a = &p->nodes[p->edge_from[i]], *b = &p->nodes[p->edge_to[i]];
    uint64_t count = cjm_report_flow_edge_pairs(r, i);
    int width = 1 + (int)((FLOW_MOST_WIDTH - 1) * count / (most ? most : 1));
    cjmi_svg_put(m, "<g class=\"edge\" data-from=\"%t\" data-to=\"%t\"><title>%t \xe2\x86\x92 %t: "
                 "%u time%s by ", a->id, b->id, a->id, b->id, count, count == 1 ? "" : "s");
    cjmi_svg_counted(m, cjm_report_flow_edge_customers(r, i), "customer", "customers");
    cjmi_svg_put(m, ", median ");
    cjmi_message_add_duration(m, cjm_report_flow_edge_median_ms(r, i));
    int mx, my;
    if (a == b) {
        /* A repeated visit: a loop above the box. */
        int cx = a->x + FLOW_BOX_W / 2, top = a->y;
        cjmi_svg_put(m, "</title>\n<path d=\"M %d %d C %d %d, %d %d, %d %d\"", cx - 12, top,
                     cx - 40, top - 34, cx + 40, top - 34, cx + 12, top);
        mx = cx;
        my = top - 28;
    } else {
        bool forward = b->x >= a->x;
        int x1 = forward ? a->x + FLOW_BOX_W : a->x, y1 = a->y + FLOW_BOX_H / 2;
        int x2 = forward ? b->x : b->x + FLOW_BOX_W, y2 = b->y + FLOW_BOX_H / 2;
        if (a->x == b->x) { /* the same column: round its right side */
            x1 = a->x + FLOW_BOX_W;
            x2 = b->x + FLOW_BOX_W;
        }
        int bend = a->x == b->x ? 60 : (forward ? 1 : -1) * 50;
        cjmi_svg_put(m, "</title>\n<path d=\"M %d %d C %d %d, %d %d, %d %d\"", x1, y1,
                     x1 + bend, y1, x2 + (a->x == b->x ? bend : -bend), y2, x2, y2);
        mx = (x1 + x2) / 2 + (a->x == b->x ? bend * 3 / 4 : 0);
        my = (y1 + y2) / 2;
    }
    cjmi_svg_put(m, " fill=\"none\" stroke=\"#1e88e5\" stroke-opacity=\"0.55\" "
                 "stroke-width=\"%d\" marker-end=\"url(#arrow)\"/>\n"
                 "<text class=\"edge-count\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%u</text>"
                 "</g>\n", width, mx, my, count);
}

static void draw(cjmi_message *m, const flow_picture *p, int bottom)
{
    int width = column_x(p->columns) + SVG_MARGIN, height = bottom + SVG_MARGIN;
    cjmi_svg_put(m,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        "viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"'DejaVu Sans', Verdana, "
        "'Segoe UI', Helvetica, Arial, sans-serif\">\n<title>%t: the flow</title>\n"
        "<style>\ntext{fill:#212121;font-size:12px}\n.title{font-size:20px;font-weight:bold}\n"
        ".stage-name{font-size:13px;font-weight:bold;fill:#fff}\n"
        ".lane-name{font-size:13px;font-weight:bold;fill:#37474f}\n"
        ".tp-name{font-size:12px;font-weight:bold}\n"
        ".edge-count{font-size:10px;fill:#0d47a1}\n</style>\n"
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
        "markerWidth=\"10\" markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" "
        "orient=\"auto-start-reverse\">"
        "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#1e88e5\"/></marker></defs>\n"
        "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n"
        "<text class=\"title\" x=\"%d\" y=\"%d\">",
        width, height, width, height, cjm_journey_name(p->map), SVG_MARGIN, SVG_MARGIN + 16);
    cjmi_svg_short(m, cjm_journey_name(p->map), cjmi_svg_fit(width - 2 * SVG_MARGIN, 21));
    cjmi_svg_put(m, "</text>\n<text x=\"%d\" y=\"%d\">Which way customers went: arrows from "
                 "one touchpoint straight to the next, wider when taken more often</text>\n",
                 SVG_MARGIN, SVG_MARGIN + 36);
    int lane_y = FLOW_TOP + FLOW_HEADER_H;
    for (size_t l = 0; l < p->lane_count; l++) {
        int h = (int)p->rows[l] * (FLOW_BOX_H + FLOW_GAP) + FLOW_GAP;
        cjmi_svg_put(m, "<g class=\"lane\" data-channel=\"%t\"><title>Channel: %t</title>\n"
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n"
                     "<text class=\"lane-name\" x=\"%d\" y=\"%d\">", p->lanes[l], p->lanes[l],
                     SVG_MARGIN, lane_y, column_x(p->columns) - SVG_MARGIN, h,
                     l % 2 ? "#ffffff" : "#f5f7fa", SVG_MARGIN + SVG_LANE_INSET, lane_y + 24);
        cjmi_svg_short(m, p->lanes[l], cjmi_svg_fit(SVG_LABEL_W - 2 * SVG_LANE_INSET, 13));
        cjmi_svg_put(m, "</text></g>\n");
        lane_y += h;
    }
    for (size_t s = 0; s < p->columns; s++) {
        const char *name = s < p->stages ? cjm_stage_name(cjm_journey_stage(p->map, s))
                                         : "No stage";
        int x = column_x(s);
        cjmi_svg_put(m, "<g class=\"%s\"", s < p->stages ? "stage" : "no-stage");
        if (s < p->stages)
            cjmi_svg_put(m, " data-stage=\"%t\"", cjm_stage_id(cjm_journey_stage(p->map, s)));
        cjmi_svg_put(m, "><title>%t</title>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" "
                     "height=\"%d\" rx=\"6\" fill=\"%s\"/>\n<text class=\"stage-name\" "
                     "x=\"%d\" y=\"%d\">", name, x + 4, FLOW_TOP, FLOW_COLUMN_W - 8,
                     FLOW_HEADER_H - 8, s < p->stages ? "#37474f" : "#90a4ae", x + 12,
                     FLOW_TOP + 21);
        cjmi_svg_short(m, name, cjmi_svg_fit(FLOW_COLUMN_W - 24, 14));
        cjmi_svg_put(m, "</text></g>\n");
    }
    for (size_t i = 0; i < p->node_count; i++) {
        const flow_node *n = &p->nodes[i];
        cjmi_svg_put(m, "<g class=\"touchpoint\" data-touchpoint=\"%t\"><title>%t\nChannel: "
                     "%t</title>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" "
                     "fill=\"#e3f2fd\" stroke=\"#1e88e5\" stroke-width=\"1.5\"/>\n"
                     "<text class=\"tp-name\" x=\"%d\" y=\"%d\">", n->id, n->id, n->channel,
                     n->x, n->y, FLOW_BOX_W, FLOW_BOX_H, n->x + 8, n->y + 22);
        cjmi_svg_short(m, n->id, cjmi_svg_fit(FLOW_BOX_W - 16, 13));
        cjmi_svg_put(m, "</text></g>\n");
    }
    size_t edges = cjm_report_flow_edge_count(p->r);
    uint64_t most = edges ? cjm_report_flow_edge_pairs(p->r, 0) : 0;
    for (size_t i = 0; i < edges; i++)
        draw_edge(m, p, i, most);
    cjmi_svg_put(m, "</svg>\n");
}

CJM_EXPORT cjm_status cjm_flow_svg(char **out, size_t *length, const cjm_journey *map,
                                   const cjm_report *report)
{
    static const char func[] = "cjm_flow_svg";
    if (!out || !map || !report)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func,
                         !out ? "out" : !map ? "map" : "report");
    flow_picture p = { .r = report, .map = map };
    p.stages = p.columns = cjm_journey_stage_count(map);
    cjm_status st = cjmi_svg_same_map(map, report, func);
    if (st != CJM_OK)
        return st;
    size_t edges = cjm_report_flow_edge_count(report), lane = 0;
    /* The map's channels first, in the map's order. */
    for (size_t s = 0; st == CJM_OK && s < p.stages; s++) {
        const cjm_stage *stage = cjm_journey_stage(map, s);
        for (size_t t = 0; st == CJM_OK && t < cjm_stage_touchpoint_count(stage); t++)
            st = lane_of(&lane, &p, cjm_touchpoint_channel(cjm_stage_touchpoint(stage, t)));
    }
    p.edge_from = cjmi_calloc(edges ? edges : 1, sizeof *p.edge_from);
    p.edge_to = cjmi_calloc(edges ? edges : 1, sizeof *p.edge_to);
    if (!p.edge_from || !p.edge_to)
        st = CJM_ERR_NOMEM;
    for (size_t i = 0; st == CJM_OK && i < edges; i++)
        if ((st = node_of(&p.edge_from[i], &p, cjm_report_flow_edge_from(report, i))) ==
            CJM_OK)
            st = node_of(&p.edge_to[i], &p, cjm_report_flow_edge_to(report, i));
    int bottom = st == CJM_OK ? place(&p) : -1;
    cjmi_message m = { 0 };
    if (bottom >= 0)
        draw(&m, &p, bottom);
    size_t size = m.length;
    char *text = cjmi_message_take(&m);
    cjmi_free(p.lanes);
    cjmi_free(p.rows);
    cjmi_free(p.nodes);
    cjmi_free(p.edge_from);
    cjmi_free(p.edge_to);
    if (bottom < 0 || !text) {
        cjmi_free(text);
        return cjmi_nomem(func);
    }
    *out = text;
    if (length)
        *length = size;
    return CJM_OK;
}
