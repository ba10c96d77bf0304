/* The page's segments: one small chart per segment of the breakdown (an
 * attribute's values, or cohorts by the period of their first event), all
 * on one scale, each with the red points that single it out. */
#include <math.h>
#include <string.h>

#include "html-page.h"
#include "svg-text.h"

enum {
    SEG_W = 320,        /* a card's picture: three side by side on A4 */
    SEG_TOP = 8,
    SEG_ROW_H = 20,
    SEG_NAME_W = 104,
    SEG_BAR_X = 112,
    SEG_BAR_W = 100,    /* 100% of the segment's customers */
    SEG_TEXT_X = 220,
    SEG_FONT = 11,
};

/* A segment's name: "plan = pro", "2026-W09", "no plan", "all others". */
static void segment_name(cjmi_message *m, const cjm_report *r, size_t i)
{
    const char *breakdown = cjm_report_breakdown(r), *value = cjm_report_segment_value(r, i);
    bool cohort = breakdown[0] == '@';
    if (cjm_report_segment_other(r, i))
        cjmi_svg_put(m, "all other values of %t", breakdown);
    else if (!value)
        cjmi_svg_put(m, "no %t", breakdown);
    else if (cohort)
        cjmi_svg_put(m, "%t", value);
    else
        cjmi_svg_put(m, "%t = %t", breakdown, value);
}

/* Whether gap g singles out segment i (kinds 13 and 14). */
static bool about(const cjm_report *r, const cjm_gap *gap, size_t i)
{
    if (!cjm_gap_has_segment(gap) || cjm_report_segment_other(r, i))
        return false;
    const char *a = cjm_gap_segment(gap), *b = cjm_report_segment_value(r, i);
    return a && b ? strcmp(a, b) == 0 : !a && !b;
}

static bool marked(const cjm_report *r, size_t i, size_t s)
{
    for (size_t g = 0; g < cjm_report_gap_count(r); g++) {
        const cjm_gap *gap = cjm_report_gap(r, g);
        if (about(r, gap, i) && cjm_gap_stage(gap) &&
            strcmp(cjm_gap_stage(gap), cjm_report_stage_id(r, s)) == 0)
            return true;
    }
    return false;
}

static void card(const html_page *p, size_t i)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    size_t stages = cjm_report_stage_count(r);
    uint64_t customers = cjm_report_segment_customers(r, i);
    cjmi_svg_put(m, "<div class=\"card\"><h3>");
    segment_name(m, r, i);
    cjmi_svg_put(m, "</h3>\n<p>");
    cjmi_svg_count(m, customers);
    cjmi_svg_put(m, " customers \xc2\xb7 ");
    cjmi_message_add_percent(m, cjm_report_segment_completion_rate(r, i));
    cjmi_svg_put(m, " completed");
    if (cjm_report_segment_feedback(r, i)) {
        cjmi_svg_put(m, " \xc2\xb7 mood ");
        cjmi_svg_score(m, cjm_report_segment_mean_score(r, i));
    }
    cjmi_svg_put(m, "</p>\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                 "role=\"img\"><title>", SEG_W, SEG_TOP + (int)stages * SEG_ROW_H, SEG_W,
                 SEG_TOP + (int)stages * SEG_ROW_H);
    segment_name(m, r, i);
    cjmi_svg_put(m, ": the share of its customers who reached each stage, and their mean "
                 "feedback there</title>\n");
    for (size_t s = 0; s < stages; s++) {
        int y = SEG_TOP + (int)s * SEG_ROW_H;
        uint64_t reached = cjm_report_segment_stage_reached(r, i, s);
        double share = customers ? (double)reached / (double)customers : 0.0;
        double mean = cjm_report_segment_stage_mean_score(r, i, s);
        bool alert = marked(r, i, s);
        cjmi_svg_put(m, "<g><title>%t: ", cjmi_html_stage_name(p, s));
        cjmi_svg_count(m, reached);
        cjmi_svg_put(m, " reached, ");
        cjmi_svg_count(m, cjm_report_segment_stage_dropped(r, i, s));
        cjmi_svg_put(m, " left here");
        if (cjm_report_segment_stage_feedback(r, i, s)) {
            cjmi_svg_put(m, ", mean score ");
            cjmi_svg_score(m, mean);
            cjmi_svg_put(m, " over ");
            cjmi_svg_counted(m, cjm_report_segment_stage_feedback(r, i, s), "item", "items");
        }
        if (alert)
            cjmi_svg_put(m, "; worse than the other customers beyond reasonable doubt");
        cjmi_svg_put(m, "</title><text class=\"%s\" x=\"0\" y=\"%d\">", alert ? "alert" : "note",
                     y + 13);
        cjmi_svg_short(m, cjmi_html_stage_name(p, s), cjmi_svg_fit(SEG_NAME_W, SEG_FONT));
        cjmi_svg_put(m, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" fill=\"#eceff1\"/>"
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" fill=\"%s\"/>"
                     "<text class=\"note\" x=\"%d\" y=\"%d\">", SEG_BAR_X, y + 3, SEG_BAR_W,
                     SEG_BAR_X, y + 3, (int)lround(SEG_BAR_W * share),
                     alert ? HTML_ALERT : HTML_DARK, SEG_TEXT_X, y + 13);
        cjmi_message_add_percent(m, share);
        if (!isnan(mean)) {
            cjmi_svg_put(m, " \xc2\xb7 ");
            cjmi_svg_score(m, mean);
        }
        cjmi_svg_put(m, "%s</text></g>\n", alert ? " \xe2\x97\x86" : "");
    }
    cjmi_svg_put(m, "</svg>\n");
    bool any = false;
    for (size_t g = 0; g < cjm_report_gap_count(r); g++) {
        const cjm_gap *gap = cjm_report_gap(r, g);
        if (!about(r, gap, i))
            continue;
        cjmi_svg_put(m, "%s<li><span class=\"marker\">%u</span> %t</li>\n",
                     any ? "" : "<ul class=\"alerts\">\n", (uint64_t)(g + 1),
                     cjm_gap_message(gap));
        any = true;
    }
    if (any)
        cjmi_svg_put(m, "</ul>\n");
    cjmi_svg_put(m, "</div>\n");
}

enum {
    COHORT_LEFT = 56,     /* the axis's labels */
    COHORT_RIGHT = 780,   /* the legend beyond */
    COHORT_TOP = 12,
    COHORT_H = 200,       /* from 100% to 0% */
    COHORT_LEGEND_X = 800,
};

/* Told apart by colour-blind readers, and by dashes in grey. */
static const char *const line_colours[] = { "#0072b2", "#e69f00", "#009e73", "#cc79a7",
                                            "#56b4e9", "#d55e00", "#000000" };
static const char *const line_dashes[] = { "", "7 4", "2 3", "9 3 2 3" };

static int cohort_y(double share)
{
    return COHORT_TOP + (int)lround((1.0 - share) * COHORT_H);
}

/* Cohorts over time: per stage a line of the share of each cohort's
 * customers who reached it. */
static void cohort_lines(const html_page *p)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    size_t n = cjm_report_segment_count(r), stages = cjm_report_stage_count(r);
    int legend_h = COHORT_TOP + (int)stages * 20;
    int h = COHORT_TOP + COHORT_H + 40 > legend_h ? COHORT_TOP + COHORT_H + 40 : legend_h;
    int step = (COHORT_RIGHT - COHORT_LEFT) / (int)(n > 1 ? n - 1 : 1);
    size_t every = (size_t)(step >= 80 ? 1 : 80 / (step > 0 ? step : 1) + 1);
    cjmi_html_chart(p, "cohort-lines", h, "The share of each cohort's customers who reached "
                    "each stage, cohort by cohort");
    for (int k = 0; k <= 2; k++) {
        int y = cohort_y(k / 2.0);
        cjmi_svg_put(m, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#cfd8dc\"/>"
                     "<text class=\"note\" x=\"0\" y=\"%d\">%d%%</text>\n", COHORT_LEFT,
                     COHORT_RIGHT, y, y, y + 4, k * 50);
    }
    for (size_t i = 0; i < n; i += every) {
        int x = COHORT_LEFT + (int)i * step;
        cjmi_svg_put(m, "<text class=\"note\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x,
                     COHORT_TOP + COHORT_H + 20);
        cjmi_svg_short(m, cjm_report_segment_value(r, i) ? cjm_report_segment_value(r, i)
                                                        : "none", 10);
        cjmi_svg_put(m, "</text>\n");
    }
    for (size_t s = 0; s < stages; s++) {
        const char *colour = line_colours[s % 7], *dash = line_dashes[(s / 7 + s) % 4];
        cjmi_svg_put(m, "<g><title>%t</title><path fill=\"none\" stroke=\"%s\" "
                     "stroke-width=\"2\" stroke-dasharray=\"%s\" d=\"",
                     cjmi_html_stage_name(p, s), colour, dash);
        for (size_t i = 0; i < n; i++) {
            uint64_t c = cjm_report_segment_customers(r, i);
            double share = c ? (double)cjm_report_segment_stage_reached(r, i, s) / (double)c : 0;
            cjmi_svg_put(m, "%s%d %d", i ? " L" : "M", COHORT_LEFT + (int)i * step,
                         cohort_y(share));
        }
        int ly = COHORT_TOP + (int)s * 20;
        cjmi_svg_put(m, "\"/>\n<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                     "stroke-width=\"2\" stroke-dasharray=\"%s\"/><text class=\"note\" x=\"%d\" "
                     "y=\"%d\">", COHORT_LEGEND_X, COHORT_LEGEND_X + 28, ly + 6, ly + 6, colour,
                     dash, COHORT_LEGEND_X + 34, ly + 10);
        cjmi_svg_short(m, cjmi_html_stage_name(p, s),
                       cjmi_svg_fit(HTML_CHART_W - COHORT_LEGEND_X - 34, 11));
        cjmi_svg_put(m, "</text></g>\n");
    }
    cjmi_svg_put(m, "</svg>\n");
}

void cjmi_html_segments(const html_page *p)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    cjmi_html_section(p, "segments",
                      "One small chart per segment, all on one scale: each bar is the share "
                      "of the segment's customers who reached a stage, with their mean "
                      "feedback beside it; a vermilion bar and diamond mark a stage where the "
                      "segment leaves or suffers more than the other customers beyond "
                      "reasonable doubt, its red point listed below the chart; for cohorts, "
                      "a line per stage above the charts follows that share from one cohort "
                      "to the next.");
    const char *breakdown = cjm_report_breakdown(r);
    if (!breakdown) {
        cjmi_svg_put(m, "<p>This analysis has no breakdown: give one (an attribute of the "
                     "events, or @day, @week or @month for cohorts by their first event) to "
                     "see its segments side by side.</p>\n</section>\n");
        return;
    }
    cjmi_svg_put(m, "<p>By %s <code>%t</code>: ", breakdown[0] == '@' ? "cohort" : "attribute",
                 breakdown);
    cjmi_svg_count(m, (uint64_t)cjm_report_segment_count(r));
    cjmi_svg_put(m, " segments.</p>\n");
    if (breakdown[0] == '@' && cjm_report_segment_count(r) > 1)
        cohort_lines(p);
    cjmi_svg_put(m, "<div class=\"cards\">\n");
    for (size_t i = 0; i < cjm_report_segment_count(r); i++)
        card(p, i);
    cjmi_svg_put(m, "</div>\n</section>\n");
}
