/* Drawing the laid-out picture as SVG text. */
#include <math.h>

#include "layout.h"
#include "svg-text.h"
#include "../core/alloc.h"

#define RED "#d32f2f"

static size_t fit(int width, int font_px)
{
    return cjmi_svg_fit(width, font_px);
}

static int column_x(size_t column)
{
    return SVG_MARGIN + SVG_LABEL_W + (int)column * SVG_COLUMN_W;
}

/* Blue for content, vermilion for unhappy, grey between: apart for every
 * common colour blindness (not green against red), and the score is
 * written beside each point for grey print. */
static const char *mood_colour(double mean)
{
    return mean >= 0.2 ? "#0072b2" : mean <= -0.2 ? "#d55e00" : "#8c8c8c";
}

static void start(cjmi_message *m, const svg_layout *l)
{
    /* Inline in a page the HTML parser gives the picture its namespace,
     * and the page names no address at all. */
    cjmi_svg_put(m, l->in_html ? "<svg " : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" ");
    cjmi_svg_put(m,
        "width=\"%d\" height=\"%d\" "
        "viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"'DejaVu Sans', Verdana, "
        "'Segoe UI', Helvetica, Arial, sans-serif\">\n"
        "<title>%t</title>\n"
        "<style>\n"
        "text{fill:#212121;font-size:12px}\n"
        ".title{font-size:22px;font-weight:bold}\n"
        ".subtitle{font-size:13px;fill:#546e7a}\n"
        ".stage-name{font-size:14px;font-weight:bold;fill:#fff}\n"
        ".stage-goal{font-size:11px;fill:#eceff1}\n"
        ".figure{font-size:12px;fill:#37474f}\n"
        ".lane-name{font-size:13px;font-weight:bold;fill:#37474f}\n"
        ".tp-name{font-size:12px;font-weight:bold}\n"
        ".tp-line{font-size:11px;fill:#546e7a}\n"
        ".tp-figures{font-size:10px;fill:#546e7a}\n"
        ".tp-none{font-size:11px;fill:" RED ";font-style:italic}\n"
        ".axis{font-size:11px;fill:#78909c}\n"
        ".sample{font-size:10px;fill:#78909c}\n"
        ".gap text,.legend-item .number{font-size:10px;font-weight:bold;fill:#fff}\n"
        ".legend-head{font-size:15px;font-weight:bold}\n"
        ".legend-item text.message{font-size:12px}\n"
        "</style>\n"
        "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
        l->width, l->height, l->width, l->height, cjm_journey_name(l->map));
}

static void title(cjmi_message *m, const svg_layout *l)
{
    const char *persona = cjm_journey_persona(l->map);
    const char *about = cjm_journey_description(l->map);
    size_t room = fit(l->width - 2 * SVG_MARGIN -
                      SVG_TITLE_MARK_ROOM * (int)(l->title_markers % SVG_TITLE_MARKS_PER_ROW),
                      SVG_FONT_TITLE);
    cjmi_svg_put(m, "<g class=\"heading\"><title>%t", cjm_journey_name(l->map));
    if (about)
        cjmi_svg_put(m, ": %t", about);
    if (persona)
        cjmi_svg_put(m, "\nPersona: %t", persona);
    cjmi_svg_put(m, "</title>\n<text class=\"title\" x=\"%d\" y=\"%d\">", SVG_MARGIN,
                 SVG_MARGIN + SVG_TITLE_BASELINE);
    cjmi_svg_short(m, cjm_journey_name(l->map), room);
    cjmi_svg_put(m, "</text>\n<text class=\"subtitle\" x=\"%d\" y=\"%d\">", SVG_MARGIN,
                 SVG_MARGIN + SVG_SUBTITLE_BASELINE);
    if (l->subtitle)
        cjmi_svg_wrap(m, l->subtitle, fit(l->width - 2 * SVG_MARGIN, SVG_FONT_SUBTITLE),
                      SVG_MARGIN, SVG_SUBTITLE_LINE_H);
    cjmi_svg_put(m, "</text></g>\n");
}

static void columns(cjmi_message *m, const svg_layout *l)
{
    int bottom = l->lanes_y;
    for (size_t i = 0; i < l->lane_count; i++)
        bottom += l->lanes[i].height;
    for (size_t s = 0; s < l->column_count; s++) {
        const svg_column *c = &l->columns[s];
        int x = column_x(s);
        cjmi_svg_put(m, "<g class=\"%s\"", c->id ? "stage" : "no-stage");
        if (c->id)
            cjmi_svg_put(m, " data-stage=\"%t\"", c->id);
        cjmi_svg_put(m, "><title>%t", c->name);
        if (c->goal)
            cjmi_svg_put(m, "\nGoal: %t", c->goal);
        if (!c->id)
            cjmi_svg_put(m, "\nTouchpoints customers used outside every stage of the map");
        cjmi_svg_put(m, "</title>\n"
                     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#cfd8dc\"/>\n"
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"%d\" fill=\"%s\"/>\n"
                     "<text class=\"stage-name\" x=\"%d\" y=\"%d\">",
                     x + SVG_COLUMN_W, l->header_y, x + SVG_COLUMN_W, bottom,
                     x + SVG_HEADER_INSET, l->header_y, SVG_COLUMN_W - 2 * SVG_HEADER_INSET,
                     l->header_h - SVG_HEADER_PAD, SVG_CORNER, c->id ? "#37474f" : "#90a4ae",
                     x + SVG_TEXT_INSET, l->header_y + SVG_STAGE_NAME_BASELINE);
        cjmi_svg_wrap(m, c->name, fit(SVG_COLUMN_W - 2 * SVG_TEXT_INSET, SVG_FONT_STAGE_NAME),
                      x + SVG_TEXT_INSET, SVG_STAGE_NAME_LINE_H);
        cjmi_svg_put(m, "</text>\n");
        if (c->goal) {
            /* Below the name's lines, the same place in every column. */
            cjmi_svg_put(m, "<text class=\"stage-goal\" x=\"%d\" y=\"%d\">",
                         x + SVG_TEXT_INSET, l->header_y + SVG_STAGE_GOAL_BASELINE +
                         (l->name_lines - 1) * SVG_STAGE_NAME_LINE_H);
            cjmi_svg_wrap(m, c->goal, fit(SVG_COLUMN_W - 2 * SVG_TEXT_INSET, SVG_FONT_SMALL),
                          x + SVG_TEXT_INSET, SVG_GOAL_LINE_H);
            cjmi_svg_put(m, "</text>\n");
        }
        if (c->has_figures) {
            int y = l->figures_y + SVG_FIGURE_BASELINE, tx = x + SVG_TEXT_INSET;
            cjmi_svg_put(m, "<text class=\"figure\" x=\"%d\" y=\"%d\">", tx, y);
            cjmi_svg_count(m, c->reached);
            cjmi_svg_put(m, " reached</text>\n<text class=\"figure\" x=\"%d\" y=\"%d\">",
                         tx, y + SVG_FIGURE_LINE_H);
            if (s + 1 == l->stage_count) {
                cjmi_svg_put(m, "the end of the journey");
            } else {
                cjmi_svg_count(m, c->dropped);
                cjmi_svg_put(m, " left here (");
                cjmi_message_add_percent(m, c->drop_rate);
                cjmi_svg_put(m, ")</text>\n<text class=\"figure\" x=\"%d\" y=\"%d\">", tx,
                             y + 2 * SVG_FIGURE_LINE_H);
                cjmi_svg_count(m, c->silent);
                cjmi_svg_put(m, " of them silently");
            }
            cjmi_svg_put(m, "</text>\n");
        }
        cjmi_svg_put(m, "</g>\n");
    }
}

static int curve_y(const svg_layout *l, double mean)
{
    double top = l->curve_y + SVG_CURVE_TOP;
    double height = SVG_CURVE_H - SVG_CURVE_TOP - SVG_CURVE_BOTTOM;
    return (int)lround(top + (1.0 - mean) / 2.0 * height);
}

/* The map's own research (interview notes, workshop findings): a hollow
 * diamond at its mean, off the curve and unjoined, labelled under the -1
 * line with its sample size, so that one note never reads as the
 * customers' voice. */
static void research(cjmi_message *m, const svg_layout *l)
{
    for (size_t s = 0; s < l->stage_count; s++) {
        const svg_column *c = &l->columns[s];
        if (!c->has_research)
            continue;
        int x = column_x(s) + SVG_COLUMN_W / 2, y = curve_y(l, c->research_mean);
        int dx = x + SVG_RESEARCH_SHIFT, r = SVG_RESEARCH_R;
        cjmi_svg_put(m, "<g class=\"research\"><title>%t: the map's own research, mean score ",
                     c->name);
        cjmi_svg_score(m, c->research_mean);
        cjmi_svg_put(m, " over %u feedback item%s, not part of the customers' curve</title>\n"
                     "<path d=\"M%d %d L%d %d L%d %d L%d %dZ\" fill=\"#fff\" "
                     "stroke=\"%s\" stroke-width=\"2\"/>\n"
                     "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                     "map's research ",
                     c->research, c->research == 1 ? "" : "s", dx, y - r, dx + r, y, dx, y + r,
                     dx - r, y, mood_colour(c->research_mean), x,
                     curve_y(l, -1.0) + SVG_RESEARCH_DROP);
        cjmi_svg_score(m, c->research_mean);
        cjmi_svg_put(m, " n = ");
        cjmi_svg_count(m, c->research);
        cjmi_svg_put(m, "</text></g>\n");
    }
}

static void curve(cjmi_message *m, const svg_layout *l)
{
    int right = column_x(l->stage_count);
    static const struct { double value; const char *label; } ticks[] = {
        { 1.0, "+1 delighted" }, { 0.0, "0 neutral" }, { -1.0, "\xe2\x88\x92" "1 unhappy" },
    };
    cjmi_svg_put(m, "<g class=\"emotion\"><title>The mean feedback score of each stage, "
                 "from \xe2\x88\x92" "1 (unhappy) to +1 (delighted)%s</title>\n"
                 "<text class=\"lane-name\" x=\"%d\" y=\"%d\">Emotion</text>\n",
                 l->report ? ": the customers' feedback; the map's own research (diamonds) "
                             "apart" : ": the map's own feedback",
                 SVG_MARGIN, l->curve_y + SVG_BAND_LABEL_BASELINE);
    for (size_t i = 0; i < 3; i++) {
        int y = curve_y(l, ticks[i].value);
        cjmi_svg_put(m, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>\n"
                     "<text class=\"axis\" x=\"%d\" y=\"%d\">%s</text>\n",
                     column_x(0), y, right, y, i == 1 ? "#90a4ae" : "#eceff1",
                     i == 1 ? " stroke-dasharray=\"4 3\"" : "", SVG_MARGIN,
                     y + SVG_AXIS_LABEL_DROP,
                     ticks[i].label);
    }
    /* The line breaks where a stage has no feedback. */
    cjmi_svg_put(m, "<path class=\"curve\" fill=\"none\" stroke=\"#1565c0\" "
                 "stroke-width=\"3\" stroke-linejoin=\"round\" d=\"");
    int pen_down = 0, points = 0;
    for (size_t s = 0; s < l->stage_count; s++) {
        const svg_column *c = &l->columns[s];
        if (!c->has_mean) {
            pen_down = 0;
            continue;
        }
        cjmi_svg_put(m, "%s%d %d", pen_down ? " L" : points ? " M" : "M",
                     column_x(s) + SVG_COLUMN_W / 2, curve_y(l, c->mean));
        pen_down = 1;
        points++;
    }
    if (!points) /* an empty path would not be valid SVG path data */
        cjmi_svg_put(m, "M%d %d", column_x(0), curve_y(l, 0.0));
    cjmi_svg_put(m, "\"/>\n");
    for (size_t s = 0; s < l->stage_count; s++) {
        const svg_column *c = &l->columns[s];
        int x = column_x(s) + SVG_COLUMN_W / 2;
        if (!c->has_mean) {
            cjmi_svg_put(m, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                         "no feedback</text>\n", x, curve_y(l, 0.0) - SVG_NO_FEEDBACK_RISE);
            continue;
        }
        int y = curve_y(l, c->mean);
        cjmi_svg_put(m, "<circle class=\"mood\" cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\" "
                     "stroke=\"#fff\" stroke-width=\"2\"><title>%t: mean score ",
                     x, y, SVG_POINT_R, mood_colour(c->mean), c->name);
        cjmi_svg_score(m, c->mean);
        cjmi_svg_put(m, " over ");
        cjmi_svg_counted(m, c->feedback, "feedback item", "feedback items");
        cjmi_svg_put(m, "</title></circle>\n"
                     "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">",
                     x, c->mean > 0.6 ? y + SVG_SCORE_BELOW : y - SVG_SCORE_ABOVE);
        cjmi_svg_score(m, c->mean);
        /* The sample size beside every mean: +0.50 from 1 item is not
         * +0.50 from 800. */
        cjmi_svg_put(m, "<tspan class=\"sample\" font-weight=\"normal\"> n = ");
        cjmi_svg_count(m, c->feedback);
        cjmi_svg_put(m, "</tspan></text>\n");
    }
    research(m, l);
    cjmi_svg_put(m, "</g>\n");
}

static void box(cjmi_message *m, const svg_layout *l, const svg_box *b)
{
    const char *fill = !b->planned ? "#fff3e0" : b->optional ? "#fafafa" : "#e3f2fd";
    const char *stroke = !b->planned ? "#e65100" : b->optional ? "#b0bec5" : "#1e88e5";
    cjmi_svg_put(m, "<g class=\"touchpoint\" data-touchpoint=\"%t\"><title>%t (%t)\n",
                 b->id, b->name, b->id);
    cjmi_svg_put(m, "%s", !b->planned ? "Not in the map: customers used it\n"
                          : b->optional ? "Optional\n" : "");
    cjmi_svg_put(m, "Channel: %t\nOwner: %t", l->lanes[b->lane].channel,
                 b->owner ? b->owner : "nobody");
    if (b->has_figures)
        cjmi_svg_put(m, "\nCustomers: %u", b->customers);
    cjmi_svg_put(m, "\nFeedback: %u", b->feedback);
    if (b->has_mean) {
        cjmi_svg_put(m, ", mean score ");
        cjmi_svg_score(m, b->mean);
    }
    int tx = b->x + SVG_BOX_INSET, line = b->y + SVG_BOX_LINE_1;
    int room = SVG_BOX_W - 2 * SVG_BOX_INSET;
    cjmi_svg_put(m, "</title>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"%d\" "
                 "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"%s/>\n"
                 "<text class=\"tp-name\" x=\"%d\" y=\"%d\">",
                 b->x, b->y, SVG_BOX_W, l->box_h, SVG_BOX_CORNER, fill, stroke,
                 b->planned ? "" : " stroke-dasharray=\"5 3\"", tx, line);
    size_t name_room = fit(room, SVG_FONT_BOX_NAME);
    cjmi_svg_wrap(m, b->name, name_room, tx, SVG_BOX_LINE_H);
    line += SVG_BOX_LINE_H * (cjmi_svg_chars(b->name) > name_room ? 2 : 1);
    if (b->owner) {
        cjmi_svg_put(m, "</text>\n<text class=\"tp-line\" x=\"%d\" y=\"%d\">", tx, line);
        cjmi_svg_short(m, b->owner, fit(room, SVG_FONT_SMALL));
    } else {
        cjmi_svg_put(m, "</text>\n<text class=\"tp-none\" x=\"%d\" y=\"%d\">%s", tx, line,
                     b->planned ? "no owner" : "not in the map");
    }
    cjmi_svg_put(m, "</text>\n");
    line += SVG_BOX_LINE_H;
    if (b->has_figures) {
        cjmi_svg_put(m, "<text class=\"tp-figures\" x=\"%d\" y=\"%d\">", tx, line);
        cjmi_svg_counted(m, b->customers, "customer", "customers");
        if (b->has_mean) {
            cjmi_svg_put(m, ", mood ");
            cjmi_svg_score(m, b->mean);
        }
        cjmi_svg_put(m, "</text>\n");
    }
    cjmi_svg_put(m, "</g>\n");
}

static void lanes(cjmi_message *m, const svg_layout *l)
{
    for (size_t i = 0; i < l->lane_count; i++) {
        const svg_lane *lane = &l->lanes[i];
        cjmi_svg_put(m, "<g class=\"lane\" data-channel=\"%t\"><title>Channel: %t</title>\n"
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n"
                     "<text class=\"lane-name\" x=\"%d\" y=\"%d\">",
                     lane->channel, lane->channel, SVG_MARGIN, lane->y,
                     column_x(l->column_count) - SVG_MARGIN, lane->height,
                     i % 2 ? "#ffffff" : "#f5f7fa", SVG_MARGIN + SVG_LANE_INSET,
                     lane->y + SVG_LANE_NAME_BASELINE);
        cjmi_svg_short(m, lane->channel, fit(SVG_LABEL_W - 2 * SVG_LANE_INSET, SVG_FONT_LANE_NAME));
        cjmi_svg_put(m, "</text>\n");
        for (size_t k = 0; k < l->box_count; k++)
            if (l->boxes[k].lane == i)
                box(m, l, &l->boxes[k]);
        cjmi_svg_put(m, "</g>\n");
    }
}

static void marker_circle(cjmi_message *m, int x, int y, size_t number)
{
    cjmi_svg_put(m, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"" RED "\" stroke=\"#fff\" "
                 "stroke-width=\"1.5\"/>\n<text class=\"number\" x=\"%d\" y=\"%d\" "
                 "text-anchor=\"middle\"%s>%u</text>\n",
                 x, y, SVG_MARKER_R, x, y + SVG_MARKER_NUMBER_DROP,
                 number > 99 ? " font-size=\"7\"" : "", (uint64_t)number);
}

static void markers(cjmi_message *m, const svg_layout *l)
{
    size_t n = cjm_gap_list_count(l->gaps);
    for (size_t g = 0; g < n; g++) {
        const svg_marker *mk = &l->markers[g];
        cjmi_svg_put(m, "<g class=\"gap\" data-kind=\"%s\"><title>%u. %t</title>\n",
                     cjm_gap_kind_name(cjm_gap_kind_of(mk->gap)), (uint64_t)(g + 1),
                     cjm_gap_message(mk->gap));
        marker_circle(m, mk->x, mk->y, g + 1);
        cjmi_svg_put(m, "</g>\n");
    }
}

static void legend(cjmi_message *m, const svg_layout *l)
{
    size_t n = cjm_gap_list_count(l->gaps);
    int x = l->legend_x, y = l->legend_y;
    size_t note_room = fit(l->legend_w, SVG_FONT_SMALL);
    size_t room = fit(l->legend_w - SVG_LEGEND_TEXT_INSET, SVG_FONT_LEGEND);
    cjmi_svg_put(m, "<g class=\"legend\">\n<text class=\"legend-head\" x=\"%d\" y=\"%d\">",
                 x, y);
    if (n)
        cjmi_svg_put(m, "Red points, most severe first (%u)</text>\n", (uint64_t)n);
    else
        cjmi_svg_put(m, "No red points</text>\n");
    static const char note[] = "Solid boxes: planned touchpoints; light grey: optional; "
                               "dashed orange: used by customers but not in the map.";
    cjmi_svg_put(m, "<text class=\"axis\" x=\"%d\" y=\"%d\">", x,
                 y + SVG_LEGEND_NOTE_BASELINE);
    if (l->wide)
        cjmi_svg_wrap(m, note, note_room, x, SVG_LEGEND_WRAP_LINE);
    else
        cjmi_svg_put(m, "%s", note);
    cjmi_svg_put(m, "</text>\n");
    int first = y + SVG_LEGEND_FIRST_LINE + (l->wide ? SVG_LEGEND_WRAP_LINE : 0);
    for (size_t g = 0; g < n; g++) {
        const cjm_gap *gap = l->markers[g].gap;
        int line = first + (int)g * l->legend_line_h;
        cjmi_svg_put(m, "<g class=\"legend-item\"><title>%t</title>\n", cjm_gap_message(gap));
        marker_circle(m, x + SVG_LEGEND_MARKER_INSET, line - SVG_MARKER_NUMBER_DROP, g + 1);
        cjmi_svg_put(m, "<text class=\"message\" x=\"%d\" y=\"%d\">",
                     x + SVG_LEGEND_TEXT_INSET, line);
        if (l->wide)
            cjmi_svg_wrap(m, cjm_gap_message(gap), room, x + SVG_LEGEND_TEXT_INSET,
                          SVG_LEGEND_WRAP_LINE);
        else
            cjmi_svg_short(m, cjm_gap_message(gap), room);
        cjmi_svg_put(m, "</text></g>\n");
    }
    cjmi_svg_put(m, "</g>\n");
}

void cjmi_svg_draw(cjmi_message *m, const svg_layout *l)
{
    start(m, l);
    title(m, l);
    columns(m, l);
    curve(m, l);
    lanes(m, l);
    markers(m, l);
    legend(m, l);
    cjmi_svg_put(m, "</svg>\n");
}
