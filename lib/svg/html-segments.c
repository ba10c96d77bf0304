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
            cjmi_svg_put(m, " over %u items", cjm_report_segment_stage_feedback(r, i, s));
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

void cjmi_html_segments(const html_page *p)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    cjmi_html_section(p, "segments", "Segments",
                      "One small chart per segment, all on one scale: each bar is the share "
                      "of the segment's customers who reached a stage, with their mean "
                      "feedback beside it; a vermilion bar and diamond mark a stage where the "
                      "segment leaves or suffers more than the other customers beyond "
                      "reasonable doubt, its red point listed below the chart.");
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
    cjmi_svg_put(m, " segments.</p>\n<div class=\"cards\">\n");
    for (size_t i = 0; i < cjm_report_segment_count(r); i++)
        card(p, i);
    cjmi_svg_put(m, "</div>\n</section>\n");
}
