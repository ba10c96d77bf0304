/* The page's bar charts: the closed funnel beside reached, and changes
 * of channel per stage. One drawing for both: per stage a dark bar (the
 * figure) over a light one (what it is measured against), its figures
 * written to the right. */
#include <math.h>

#include "html-page.h"
#include "svg-text.h"

enum {
    BAR_TOP = 52,      /* below the two legend lines */
    BAR_ROW_H = 46,
    BAR_GAP = 14,      /* between the label and the bar */
    BAR_TEXT_X = 688,  /* the figures: 312 pixels, two lines */
};

/* A stage's name as a row's label. */
static void stage_label(const html_page *p, size_t i, int width)
{
    cjmi_svg_wrap(p->m, cjmi_html_stage_name(p, i), cjmi_svg_fit(width, HTML_LABEL_FONT), 0, 16);
}

/* A stage's name in a row's tooltip. */
static void stage_name(const html_page *p, size_t i)
{
    cjmi_svg_put(p->m, "%t", cjmi_html_stage_name(p, i));
}

/* The rows of a chart of stages: one per stage. */
static size_t stage_rows(const cjm_report *r)
{
    return cjm_report_stage_count(r);
}

static int bar_width(uint64_t value, uint64_t max, int room)
{
    if (!value || !max)
        return 0;
    int w = (int)lround((double)room * (double)value / (double)max);
    return w < 1 ? 1 : w;
}

static void legend_line(const html_page *p, int y, const char *fill, const char *label)
{
    cjmi_svg_put(p->m, "<rect x=\"0\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" "
                 "stroke=\"" HTML_DARK "\"/><text class=\"note\" x=\"20\" y=\"%d\">%s</text>\n",
                 y, fill, y + 12, label);
}

void cjmi_html_bars(const html_page *p, const html_bar_chart *c)
{
    const cjm_report *r = p->report;
    size_t n = c->rows ? c->rows(r) : stage_rows(r);
    int label_w = c->label_w ? c->label_w : HTML_LABEL_W;
    int bar_x = label_w + BAR_GAP, bar_room = BAR_TEXT_X - BAR_GAP - bar_x;
    uint64_t max = 0;
    for (size_t i = 0; i < n; i++) {
        if (c->dark(r, i) > max)
            max = c->dark(r, i);
        if (c->light(r, i) > max)
            max = c->light(r, i);
    }
    cjmi_html_chart(p, c->id, BAR_TOP + (int)n * BAR_ROW_H, c->title);
    legend_line(p, 4, HTML_DARK, c->dark_label);
    legend_line(p, 26, HTML_LIGHT, c->light_label);
    for (size_t i = 0; i < n; i++) {
        int y = BAR_TOP + (int)i * BAR_ROW_H;
        cjmi_svg_put(p->m, "<g class=\"row\"><title>");
        (c->name ? c->name : stage_name)(p, i);
        cjmi_svg_put(p->m, ": ");
        c->text(p, i, 1);
        cjmi_svg_put(p->m, "; ");
        c->text(p, i, 2);
        cjmi_svg_put(p->m, "</title>\n<text class=\"label\" x=\"0\" y=\"%d\">", y + 18);
        (c->label ? c->label : stage_label)(p, i, label_w);
        cjmi_svg_put(p->m, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" "
                     "fill=\"" HTML_DARK "\"/>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" "
                     "height=\"11\" fill=\"" HTML_LIGHT "\" stroke=\"" HTML_DARK "\" "
                     "stroke-width=\"0.5\"/>\n<text x=\"%d\" y=\"%d\">",
                     bar_x, y + 5, bar_width(c->dark(r, i), max, bar_room), bar_x, y + 24,
                     bar_width(c->light(r, i), max, bar_room), BAR_TEXT_X, y + 17);
        c->text(p, i, 1);
        cjmi_svg_put(p->m, "</text>\n<text class=\"note\" x=\"%d\" y=\"%d\">", BAR_TEXT_X,
                     y + 34);
        c->text(p, i, 2);
        cjmi_svg_put(p->m, "</text></g>\n");
    }
    cjmi_svg_put(p->m, "</svg>\n");
}

/* A share written as a whole percentage, or a dash when there is no
 * base to take it of. */
void cjmi_html_share(cjmi_message *m, uint64_t part, uint64_t whole)
{
    if (whole)
        cjmi_message_add_percent(m, (double)part / (double)whole);
    else
        cjmi_message_add(m, "\xe2\x80\x94");
}

/* Line 1: the funnel and its share of the start; line 2: the share of
 * the previous stage and those who reached it. */
static void funnel_text(const html_page *p, size_t i, int line)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    uint64_t f = cjm_report_stage_funnel(r, i), start = cjm_report_stage_funnel(r, 0);
    uint64_t reached = cjm_report_stage_reached(r, i);
    if (line == 1) {
        cjmi_svg_count(m, f);
        cjmi_svg_put(m, " in the funnel \xc2\xb7 ");
        cjmi_html_share(m, f, start);
        cjmi_svg_put(m, " of the start");
    } else {
        if (i > 0) {
            cjmi_html_share(m, f, cjm_report_stage_funnel(r, i - 1));
            cjmi_svg_put(m, " of the previous stage \xc2\xb7 ");
        }
        cjmi_svg_count(m, reached);
        cjmi_svg_put(m, " reached it");
    }
}

void cjmi_html_funnel(const html_page *p)
{
    static const html_bar_chart chart = {
        "funnel-chart", "The closed funnel beside the customers who reached each stage",
        "closed funnel: customers through every stage so far, in map order",
        "reached: customers with an event in the stage, in any order",
        cjm_report_stage_funnel, cjm_report_stage_reached, funnel_text, NULL, NULL, NULL, 0,
    };
    cjmi_html_section(p, "funnel",
                      "Each stage's dark bar is the closed funnel, the customers who went "
                      "through every stage so far in the map's order, with its conversion "
                      "from the start and from the previous stage; the light bar below it "
                      "is everyone who reached the stage at all, so a long light bar over a "
                      "short dark one means customers arrive out of order.");
    cjmi_html_bars(p, &chart);
    cjmi_svg_put(p->m, "</section>\n");
}

static void hops_text(const html_page *p, size_t i, int line)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    uint64_t hops = cjm_report_stage_hop_customers(r, i);
    uint64_t reached = cjm_report_stage_reached(r, i);
    if (line == 1) {
        cjmi_svg_count(m, hops);
        cjmi_svg_put(m, " hopped \xc2\xb7 ");
        cjmi_html_share(m, hops, reached);
        cjmi_svg_put(m, " of those who reached it");
    } else {
        cjmi_svg_count(m, cjm_report_stage_switch_customers(r, i));
        cjmi_svg_put(m, " changed channel in it at all");
    }
}

void cjmi_html_hops(const html_page *p)
{
    static const html_bar_chart chart = {
        "hops-chart", "Customers who hopped between channels in each stage",
        "hopped: changed channel in a way the map does not plan",
        "changed channel between two events of the stage, planned or not",
        cjm_report_stage_hop_customers, cjm_report_stage_switch_customers, hops_text, NULL,
        NULL, NULL, 0,
    };
    cjmi_html_bars(p, &chart);
}
