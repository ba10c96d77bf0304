/* Laying the picture out. */
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "svg-text.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/score.h"

/* The lane of a channel, added at the end the first time it is seen: lanes
 * come in the order the map first uses their channel. */
static cjm_status lane_of(size_t *out, svg_layout *l, const char *channel)
{
    for (size_t i = 0; i < l->lane_count; i++)
        if (strcmp(l->lanes[i].channel, channel) == 0) {
            *out = i;
            return CJM_OK;
        }
    if (cjmi_array_reserve(l->lanes, l->lane_capacity, l->lane_count + 1) != CJM_OK)
        return cjmi_nomem(l->func);
    memset(&l->lanes[l->lane_count], 0, sizeof *l->lanes);
    l->lanes[l->lane_count].channel = channel;
    *out = l->lane_count++;
    return CJM_OK;
}

static cjm_status add_box(svg_box **out, svg_layout *l, size_t column, const char *channel)
{
    size_t lane = 0;
    cjm_status st = lane_of(&lane, l, channel);
    if (st != CJM_OK)
        return st;
    if (cjmi_array_reserve(l->boxes, l->box_capacity, l->box_count + 1) != CJM_OK)
        return cjmi_nomem(l->func);
    svg_box *b = &l->boxes[l->box_count++];
    memset(b, 0, sizeof *b);
    b->column = column;
    b->lane = lane;
    *out = b; /* its row in its cell: assign_rows() */
    return CJM_OK;
}

typedef struct cell_place {
    size_t column, lane, box;
} cell_place;

static int by_cell(const void *a, const void *b)
{
    const cell_place *x = a, *y = b;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    if (x->lane != y->lane)
        return x->lane < y->lane ? -1 : 1;
    return (x->box > y->box) - (x->box < y->box);
}

/* Each box's row in its cell (column and lane): the boxes before it there,
 * in the order they were added; each lane as tall as its fullest cell. */
static cjm_status assign_rows(svg_layout *l)
{
    cell_place *p = cjmi_malloc((l->box_count ? l->box_count : 1) * sizeof *p);
    if (!p)
        return cjmi_nomem(l->func);
    for (size_t i = 0; i < l->box_count; i++)
        p[i] = (cell_place){ l->boxes[i].column, l->boxes[i].lane, i };
    qsort(p, l->box_count, sizeof *p, by_cell);
    for (size_t i = 0; i < l->box_count; i++) {
        bool same_cell = i > 0 && p[i].column == p[i - 1].column && p[i].lane == p[i - 1].lane;
        svg_box *b = &l->boxes[p[i].box];
        b->row = same_cell ? l->boxes[p[i - 1].box].row + 1 : 0;
        if (l->lanes[b->lane].rows < b->row + 1)
            l->lanes[b->lane].rows = b->row + 1;
    }
    cjmi_free(p);
    return CJM_OK;
}

static const char *column_id(const void *columns, size_t i)
{
    return ((const svg_column *)columns)[i].id;
}

static const char *box_id(const void *boxes, size_t i)
{
    return ((const svg_box *)boxes)[i].id;
}

static const char *report_touchpoint_id(const void *report, size_t i)
{
    return cjm_report_touchpoint_id(report, i);
}

static void report_touchpoint(svg_box *b, const cjm_report *r, size_t i)
{
    b->has_figures = true;
    b->customers = cjm_report_touchpoint_customers(r, i);
    b->feedback = cjm_report_touchpoint_feedback(r, i);
    b->has_mean = b->feedback > 0;
    b->mean = cjm_report_touchpoint_mean_score(r, i);
}

/* The map's stages and touchpoints, with the report's figures. */
static cjm_status planned(svg_layout *l)
{
    const cjm_report *r = l->report;
    size_t k = 0; /* the touchpoint's row in the report */
    for (size_t s = 0; s < l->stage_count; s++) {
        const cjm_stage *stage = cjm_journey_stage(l->map, s);
        svg_column *c = &l->columns[s];
        c->id = cjm_stage_id(stage);
        c->name = cjm_stage_name(stage);
        c->goal = cjm_stage_goal(stage);
        int64_t sum = 0;
        for (size_t t = 0; t < cjm_stage_touchpoint_count(stage); t++, k++) {
            const cjm_touchpoint *tp = cjm_stage_touchpoint(stage, t);
            svg_box *b;
            cjm_status st = add_box(&b, l, s, cjm_touchpoint_channel(tp));
            if (st != CJM_OK)
                return st;
            b->id = cjm_touchpoint_id(tp);
            b->name = cjm_touchpoint_name(tp);
            b->owner = cjm_touchpoint_owner(tp);
            b->planned = true;
            b->optional = cjm_touchpoint_optional(tp);
            int64_t own = 0;
            size_t n = cjm_touchpoint_feedback_count(tp);
            for (size_t f = 0; f < n; f++) {
                const cjm_feedback *fb = cjm_touchpoint_feedback(tp, f);
                own += cjmi_millionths(cjm_feedback_score(fb), cjm_feedback_scale_min(fb),
                                       cjm_feedback_scale_max(fb));
            }
            if (r) {
                if (k >= cjm_report_touchpoint_count(r) ||
                    strcmp(cjm_report_touchpoint_id(r, k), b->id) != 0)
                    return cjmi_fail(CJM_ERR_CONFLICT,
                                     "%s: the report is not of this map: touchpoint '%s'",
                                     l->func, b->id);
                report_touchpoint(b, r, k);
            } else {
                b->feedback = n;
                b->has_mean = n > 0;
                b->mean = n ? cjmi_mean(own, n) : 0.0;
            }
            sum += own;
            c->feedback += n;
        }
        if (r) {
            c->has_figures = true;
            c->reached = cjm_report_stage_reached(r, s);
            c->dropped = cjm_report_stage_dropped(r, s);
            c->silent = cjm_report_stage_silent_churn(r, s);
            c->drop_rate = cjm_report_stage_drop_rate(r, s);
            c->feedback = cjm_report_stage_feedback(r, s);
            c->has_mean = c->feedback > 0;
            c->mean = cjm_report_stage_mean_score(r, s);
            /* The map's research is no customer's voice: kept off the curve. */
            c->research = cjm_report_stage_map_feedback(r, s);
            c->has_research = c->research > 0;
            c->research_mean = cjm_report_stage_map_mean_score(r, s);
        } else {
            c->has_mean = c->feedback > 0;
            c->mean = c->feedback ? cjmi_mean(sum, c->feedback) : 0.0;
        }
    }
    return CJM_OK;
}

static size_t column_of_stage(const svg_layout *l, const char *stage)
{
    size_t s = stage ? cjmi_svg_find(&l->columns_by_id, stage) : (size_t)-1;
    return s < l->stage_count ? s : l->stage_count; /* else the column of no stage */
}

/* Touchpoints customers used that the map lacks, drawn where a gap names
 * them (the others would only crowd the picture). */
static cjm_status unplanned(svg_layout *l)
{
    const cjm_report *r = l->report;
    size_t planned_count = cjm_journey_touchpoint_count(l->map);
    size_t count = cjm_report_touchpoint_count(r);
    /* The report lists the map's touchpoints first (planned() checked
     * them), each drawn already; the others are drawn once each. */
    svg_id_index touchpoints;
    bool *drawn = cjmi_calloc(count ? count : 1, sizeof *drawn);
    if (!drawn || cjmi_svg_index(&touchpoints, count, report_touchpoint_id, r) != CJM_OK) {
        cjmi_free(drawn);
        return cjmi_nomem(l->func);
    }
    cjm_status st = CJM_OK;
    for (size_t g = 0; g < cjm_gap_list_count(l->gaps) && st == CJM_OK; g++) {
        const char *id = cjm_gap_touchpoint(cjm_gap_list_get(l->gaps, g));
        size_t k = id ? cjmi_svg_find(&touchpoints, id) : (size_t)-1;
        if (k == (size_t)-1 || k < planned_count || drawn[k])
            continue;
        size_t column = column_of_stage(l, cjm_report_touchpoint_stage(r, k));
        if (column == l->stage_count)
            l->column_count = l->stage_count + 1;
        svg_box *b;
        st = add_box(&b, l, column, cjm_report_touchpoint_channel(r, k));
        if (st == CJM_OK) {
            b->id = b->name = cjm_report_touchpoint_id(r, k);
            report_touchpoint(b, r, k);
            drawn[k] = true;
        }
    }
    cjmi_svg_index_free(&touchpoints);
    cjmi_free(drawn);
    return st;
}

/* Places one marker per gap: on its touchpoint's box, else in its stage's
 * header (transitions and backtracks in the stage they leave), else by
 * the title. */
static void place_markers(svg_layout *l)
{
    for (size_t g = 0; g < cjm_gap_list_count(l->gaps); g++) {
        const cjm_gap *gap = cjm_gap_list_get(l->gaps, g);
        svg_marker *mk = &l->markers[g];
        mk->gap = gap;
        const char *tp = cjm_gap_touchpoint(gap), *stage = cjm_gap_stage(gap);
        size_t at = tp ? cjmi_svg_find(&l->boxes_by_id, tp) : (size_t)-1;
        svg_box *box = at < l->box_count ? &l->boxes[at] : NULL;
        if (box) {
            mk->x = box->x + SVG_BOX_W - SVG_BOX_MARKER_INSET -
                    (int)box->markers++ * SVG_BOX_MARK_STEP;
            mk->y = box->y - SVG_BOX_MARKER_RISE;
            continue;
        }
        size_t column = column_of_stage(l, stage);
        if (stage && column < l->stage_count) {
            svg_column *c = &l->columns[column];
            size_t k = c->markers++;
            mk->x = SVG_MARGIN + SVG_LABEL_W + (int)column * SVG_COLUMN_W + SVG_MARK_INSET +
                    (int)(k % SVG_MARKS_PER_ROW) * SVG_MARK_STEP;
            mk->y = l->marks_y + SVG_MARK_ROW_CENTER +
                    (int)(k / SVG_MARKS_PER_ROW) * SVG_MARK_ROW_H;
            continue;
        }
        mk->x = l->width - SVG_MARGIN - SVG_TITLE_MARK_INSET -
                (int)(l->title_markers % SVG_TITLE_MARKS_PER_ROW) * SVG_MARK_STEP;
        mk->y = SVG_MARGIN + SVG_TITLE_MARK_INSET +
                (int)(l->title_markers / SVG_TITLE_MARKS_PER_ROW) * SVG_MARK_STEP;
        l->title_markers++;
    }
}

/* The subtitle: the persona, and with a report the totals. */
static cjm_status subtitle(svg_layout *l)
{
    const char *persona = cjm_journey_persona(l->map);
    if (!persona && !l->report)
        return CJM_OK;
    cjmi_message sub = { 0 };
    if (persona)
        cjmi_svg_put(&sub, "Persona: %s", persona);
    if (l->report) {
        const cjm_report *r = l->report;
        cjmi_svg_put(&sub, "%s", persona ? " \xc2\xb7 " : "");
        cjmi_svg_counted(&sub, cjm_report_customers(r), "customer", "customers");
        cjmi_svg_put(&sub, ", ");
        cjmi_svg_counted(&sub, cjm_report_events(r), "event", "events");
        cjmi_svg_put(&sub, ", ");
        cjmi_svg_count(&sub, cjm_report_completed(r));
        cjmi_svg_put(&sub, " completed the journey");
    }
    bool failed = sub.failed;
    l->subtitle = cjmi_message_take(&sub);
    return failed || !l->subtitle ? cjmi_nomem(l->func) : CJM_OK;
}

/* How many lines the names and goals need: two where one is too short. */
static void count_lines(svg_layout *l)
{
    l->subtitle_lines = l->subtitle && cjmi_svg_chars(l->subtitle) >
                        cjmi_svg_fit(l->width - 2 * SVG_MARGIN, SVG_FONT_SUBTITLE) ? 2 : 1;
    size_t name_room = cjmi_svg_fit(SVG_COLUMN_W - 2 * SVG_TEXT_INSET, SVG_FONT_STAGE_NAME);
    size_t goal_room = cjmi_svg_fit(SVG_COLUMN_W - 2 * SVG_TEXT_INSET, SVG_FONT_SMALL);
    size_t box_room = cjmi_svg_fit(SVG_BOX_W - 2 * SVG_BOX_INSET, SVG_FONT_BOX_NAME);
    l->name_lines = l->box_name_lines = 1;
    l->goal_lines = 0;
    for (size_t s = 0; s < l->column_count; s++) {
        const svg_column *c = &l->columns[s];
        if (cjmi_svg_chars(c->name) > name_room)
            l->name_lines = 2;
        if (c->goal && l->goal_lines < (cjmi_svg_chars(c->goal) > goal_room ? 2 : 1))
            l->goal_lines = cjmi_svg_chars(c->goal) > goal_room ? 2 : 1;
    }
    for (size_t i = 0; i < l->box_count; i++)
        if (cjmi_svg_chars(l->boxes[i].name) > box_room)
            l->box_name_lines = 2;
}

/* The vertical bands, then the lanes, then every box's place. */
static void measure(svg_layout *l)
{
    size_t most = 0; /* the most markers one stage header needs */
    for (size_t g = 0; g < cjm_gap_list_count(l->gaps); g++) {
        const cjm_gap *gap = cjm_gap_list_get(l->gaps, g);
        size_t column = column_of_stage(l, cjm_gap_stage(gap));
        if (column < l->stage_count && ++l->columns[column].markers > most)
            most = l->columns[column].markers;
    }
    for (size_t s = 0; s < l->stage_count; s++)
        l->columns[s].markers = 0;
    l->mark_rows = most ? (int)((most + SVG_MARKS_PER_ROW - 1) / SVG_MARKS_PER_ROW) : 1;
    l->width = 2 * SVG_MARGIN + SVG_LABEL_W + (int)l->column_count * SVG_COLUMN_W;
    if (l->width < SVG_MIN_WIDTH)
        l->width = SVG_MIN_WIDTH;
    count_lines(l);
    l->box_h = (l->report ? SVG_BOX_FIGURES_H : SVG_BOX_H) +
               (l->box_name_lines - 1) * SVG_BOX_LINE_H;
    l->title_h = SVG_TITLE_H + (l->subtitle_lines - 1) * SVG_SUBTITLE_LINE_H;
    l->header_h = SVG_HEADER_H + (l->name_lines - 1) * SVG_STAGE_NAME_LINE_H +
                  (l->goal_lines > 1 ? SVG_GOAL_LINE_H : 0);
    l->header_y = SVG_MARGIN + l->title_h;
    l->marks_y = l->header_y + l->header_h;
    l->figures_y = l->marks_y + l->mark_rows * SVG_MARK_ROW_H;
    l->curve_y = l->figures_y + (l->report ? SVG_FIGURES_H : 0);
    l->lanes_y = l->curve_y + SVG_CURVE_H;
    int y = l->lanes_y;
    for (size_t i = 0; i < l->lane_count; i++) {
        l->lanes[i].y = y;
        l->lanes[i].height = (int)l->lanes[i].rows * (l->box_h + SVG_BOX_GAP) + SVG_BOX_GAP;
        y += l->lanes[i].height;
    }
    for (size_t i = 0; i < l->box_count; i++) {
        svg_box *b = &l->boxes[i];
        b->x = SVG_MARGIN + SVG_LABEL_W + (int)b->column * SVG_COLUMN_W +
               (SVG_COLUMN_W - SVG_BOX_W) / 2;
        b->y = l->lanes[b->lane].y + SVG_BOX_GAP + (int)b->row * (l->box_h + SVG_BOX_GAP);
    }
    int gaps = (int)cjm_gap_list_count(l->gaps);
    if (!l->wide) {
        l->legend_x = SVG_MARGIN;
        l->legend_y = y + SVG_LEGEND_GAP;
        l->legend_w = l->width - 2 * SVG_MARGIN;
        l->legend_line_h = SVG_LEGEND_LINE_H;
        l->height = l->legend_y + SVG_LEGEND_HEAD_H + gaps * SVG_LEGEND_LINE_H + SVG_MARGIN;
        return;
    }
    /* Beside the map, from the stage headers down; the note under the
     * legend's heading takes two lines there. */
    l->legend_x = SVG_MARGIN + SVG_LABEL_W + (int)l->column_count * SVG_COLUMN_W +
                  SVG_LEGEND_SIDE_GAP;
    l->legend_y = l->header_y + SVG_LEGEND_NOTE_BASELINE;
    l->legend_w = SVG_LEGEND_SIDE_W;
    l->legend_line_h = SVG_LEGEND_WRAP_H;
    l->width = l->legend_x + l->legend_w + SVG_MARGIN;
    int legend_end = l->legend_y + SVG_LEGEND_HEAD_H + SVG_LEGEND_WRAP_LINE +
                     gaps * SVG_LEGEND_WRAP_H;
    l->height = (legend_end > y ? legend_end : y) + SVG_MARGIN;
}

cjm_status cjmi_svg_same_map(const cjm_journey *map, const cjm_report *report,
                             const char *func)
{
    size_t n = cjm_journey_stage_count(map);
    if (strcmp(cjm_report_journey(report), cjm_journey_id(map)) != 0 ||
        cjm_report_stage_count(report) != n)
        return cjmi_fail(CJM_ERR_CONFLICT, "%s: the report is not of this map: journey '%s'",
                         func, cjm_report_journey(report));
    for (size_t s = 0; s < n; s++) {
        const char *id = cjm_stage_id(cjm_journey_stage(map, s));
        if (strcmp(cjm_report_stage_id(report, s), id) != 0)
            return cjmi_fail(CJM_ERR_CONFLICT, "%s: the report is not of this map: stage '%s'",
                             func, id);
    }
    return CJM_OK;
}

cjm_status cjmi_svg_layout(svg_layout *l, const cjm_journey *map, const cjm_report *report,
                           const cjm_gap_list *gaps, const char *func, bool wide)
{
    memset(l, 0, sizeof *l);
    l->func = func;
    l->wide = wide;
    l->map = map;
    l->report = report;
    l->gaps = gaps;
    l->stage_count = l->column_count = cjm_journey_stage_count(map);
    if (report) {
        cjm_status same = cjmi_svg_same_map(map, report, func);
        if (same != CJM_OK)
            return same;
    }
    size_t gap_count = cjm_gap_list_count(gaps);
    l->columns = cjmi_calloc(l->stage_count + 1, sizeof *l->columns);
    l->markers = cjmi_calloc(gap_count ? gap_count : 1, sizeof *l->markers);
    cjm_status st = l->columns && l->markers ? CJM_OK : cjmi_nomem(l->func);
    if (st == CJM_OK)
        st = planned(l);
    if (st == CJM_OK && cjmi_svg_index(&l->columns_by_id, l->stage_count, column_id,
                                       l->columns) != CJM_OK)
        st = cjmi_nomem(l->func);
    if (st == CJM_OK && report)
        st = unplanned(l);
    if (st == CJM_OK)
        st = assign_rows(l);
    if (st == CJM_OK && cjmi_svg_index(&l->boxes_by_id, l->box_count, box_id, l->boxes) != CJM_OK)
        st = cjmi_nomem(l->func);
    if (st == CJM_OK)
        st = subtitle(l);
    if (st != CJM_OK) {
        cjmi_svg_layout_release(l);
        return st;
    }
    l->columns[l->stage_count].name = "No stage";
    measure(l);
    place_markers(l);
    return CJM_OK;
}

void cjmi_svg_layout_release(svg_layout *l)
{
    cjmi_svg_index_free(&l->columns_by_id);
    cjmi_svg_index_free(&l->boxes_by_id);
    cjmi_free(l->columns);
    cjmi_free(l->lanes);
    cjmi_free(l->boxes);
    cjmi_free(l->markers);
    cjmi_free(l->subtitle);
    memset(l, 0, sizeof *l);
}
