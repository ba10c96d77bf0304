/* The page's sections of which way customers went: the most followed
 * paths through the stages, the largest flows between touchpoints with
 * where journeys start and end, and where the customers who left each
 * stage had their last contact. */
#include "html-page.h"
#include "svg-text.h"
#include "cjm/paths.h"
#include "../core/alloc.h"

#define ARROW " \xe2\x86\x92 "

/* The flows listed: the largest, as many as a page table reads well. */
enum { FLOW_ROWS = 15, ENDS_ROWS = 5 };

/* A path's stages take more room than a stage's name. */
enum { PATH_LABEL_W = 420 };

/* A path's stages, joined by arrows, in a new string (NULL without
 * memory, the page then failed). */
static char *path_names(const html_page *p, size_t i)
{
    cjmi_message names = { 0 };
    for (size_t j = 0; j < cjm_report_path_length(p->report, i); j++) {
        size_t s = cjm_report_path_stage_index(p->report, i, j);
        cjmi_message_add(&names, j ? ARROW : "");
        cjmi_message_add(&names, s < cjm_report_stage_count(p->report)
                                     ? cjmi_html_stage_name(p, s)
                                     : cjm_report_path_stage(p->report, i, j));
    }
    char *text = cjmi_message_take(&names);
    if (!text)
        p->m->failed = 1;
    return text;
}

static void path_label(const html_page *p, size_t i, int width)
{
    char *text = path_names(p, i);
    if (text)
        cjmi_svg_wrap(p->m, text, cjmi_svg_fit(width, HTML_LABEL_FONT), 0, 16);
    cjmi_free(text);
}

static void path_name(const html_page *p, size_t i)
{
    char *text = path_names(p, i);
    if (text)
        cjmi_svg_put(p->m, "%t", text);
    cjmi_free(text);
}

static void path_text(const html_page *p, size_t i, int line)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    uint64_t n = cjm_report_path_customers(r, i), done = cjm_report_path_completed(r, i);
    if (line == 1) {
        cjmi_svg_count(m, n);
        cjmi_svg_put(m, " customers \xc2\xb7 ");
        cjmi_html_share(m, n, cjm_report_customers(r));
        cjmi_svg_put(m, " of all");
    } else {
        cjmi_svg_count(m, done);
        cjmi_svg_put(m, " completed (");
        cjmi_html_share(m, done, n);
        cjmi_svg_put(m, ")");
    }
}

static uint64_t path_completed(const cjm_report *r, size_t i)
{
    return cjm_report_path_completed(r, i);
}

static uint64_t path_customers(const cjm_report *r, size_t i)
{
    return cjm_report_path_customers(r, i);
}

static void flow_table(const html_page *p)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    size_t n = cjm_report_flow_edge_count(r);
    if (!n) {
        cjmi_svg_put(m, "<p>No customer went from one touchpoint to another.</p>\n");
        return;
    }
    size_t shown = n < FLOW_ROWS ? n : FLOW_ROWS;
    cjmi_svg_put(m, "<h3>The largest flows</h3>\n<table class=\"flow\">\n<caption>The %u "
                 "largest of the %u flows the report lists: how often customers went "
                 "straight from one touchpoint to the next</caption>\n<thead><tr>"
                 "<th scope=\"col\">From</th><th scope=\"col\">To</th>"
                 "<th scope=\"col\" class=\"n\">Times</th><th scope=\"col\" class=\"n\">"
                 "Customers</th><th scope=\"col\" class=\"n\">Median time</th></tr></thead>\n"
                 "<tbody>\n", (uint64_t)shown, (uint64_t)n);
    for (size_t i = 0; i < shown; i++) {
        cjmi_svg_put(m, "<tr><td>%t</td><td>%t</td><td class=\"n\">",
                     cjmi_html_touchpoint_name(p, cjm_report_flow_edge_from(r, i)),
                     cjmi_html_touchpoint_name(p, cjm_report_flow_edge_to(r, i)));
        cjmi_svg_count(m, cjm_report_flow_edge_pairs(r, i));
        cjmi_svg_put(m, "</td><td class=\"n\">");
        cjmi_svg_count(m, cjm_report_flow_edge_customers(r, i));
        cjmi_svg_put(m, "</td><td class=\"n\">");
        cjmi_message_add_duration(m, cjm_report_flow_edge_median_ms(r, i));
        cjmi_svg_put(m, "</td></tr>\n");
    }
    cjmi_svg_put(m, "</tbody>\n</table>\n");
}

/* Where journeys start or end: the touchpoints with most customers. */
static void ends_table(const html_page *p, const char *caption, size_t count,
                       const char *(*touchpoint)(const cjm_report *, size_t),
                       uint64_t (*customers)(const cjm_report *, size_t))
{
    cjmi_message *m = p->m;
    size_t shown = count < ENDS_ROWS ? count : ENDS_ROWS;
    cjmi_svg_put(m, "<table class=\"ends\">\n<caption>%s</caption>\n<thead><tr>"
                 "<th scope=\"col\">Touchpoint</th><th scope=\"col\" class=\"n\">Customers</th>"
                 "</tr></thead>\n<tbody>\n", caption);
    for (size_t i = 0; i < shown; i++) {
        cjmi_svg_put(m, "<tr><td>%t</td><td class=\"n\">",
                     cjmi_html_touchpoint_name(p, touchpoint(p->report, i)));
        cjmi_svg_count(m, customers(p->report, i));
        cjmi_svg_put(m, "</td></tr>\n");
    }
    if (!shown)
        cjmi_svg_put(m, "<tr><td colspan=\"2\">none</td></tr>\n");
    cjmi_svg_put(m, "</tbody>\n</table>\n");
}

void cjmi_html_paths(const html_page *p)
{
    static const html_bar_chart chart = {
        "paths-chart", "The paths through the stages most customers took, and how many "
        "of each completed",
        "completed: reached the final stage", "customers who took the path",
        path_completed, path_customers, path_text, cjm_report_path_count, path_label,
        path_name, PATH_LABEL_W,
    };
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    cjmi_html_section(p, "paths",
                      "Each row is a path through the stages, repeats collapsed, most "
                      "customers first: the light bar is how many took it and the dark bar "
                      "how many of them completed the journey; below, the touchpoints "
                      "customers went between most often, and where journeys start and end.");
    cjmi_svg_put(m, "<p>");
    cjmi_svg_count(m, cjm_report_path_distinct(r));
    cjmi_svg_put(m, " different paths; the %u most followed:</p>\n",
                 (uint64_t)cjm_report_path_count(r));
    if (cjm_report_path_count(r))
        cjmi_html_bars(p, &chart);
    flow_table(p);
    cjmi_svg_put(m, "<div class=\"side\">\n");
    ends_table(p, "Where journeys start", cjm_report_flow_start_count(r),
               cjm_report_flow_start_touchpoint, cjm_report_flow_start_customers);
    ends_table(p, "Where journeys end", cjm_report_flow_end_count(r),
               cjm_report_flow_end_touchpoint, cjm_report_flow_end_customers);
    cjmi_svg_put(m, "</div>\n</section>\n");
}

void cjmi_html_exits(const html_page *p)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    size_t n = cjm_report_stage_count(r);
    cjmi_html_section(p, "exits",
                      "For each stage customers left the journey at, the touchpoints of "
                      "their last contact, most customers first, and how many of them left "
                      "without a word of feedback: the page, call or shop to fix first.");
    cjmi_svg_put(m, "<table class=\"exits\">\n<thead><tr><th scope=\"col\">Stage</th>"
                 "<th scope=\"col\" class=\"n\">Left here</th><th scope=\"col\">Their last "
                 "contact (customers, silent)</th></tr></thead>\n<tbody>\n");
    size_t rows = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (!cjm_report_stage_dropped(r, i))
            continue;
        rows++;
        cjmi_svg_put(m, "<tr><td>%t</td><td class=\"n\">", cjmi_html_stage_name(p, i));
        cjmi_svg_count(m, cjm_report_stage_dropped(r, i));
        cjmi_svg_put(m, "</td><td>");
        for (size_t j = 0; j < cjm_report_stage_exit_count(r, i); j++) {
            cjmi_svg_put(m, "%s%t: ", j ? "<br>" : "",
                         cjmi_html_touchpoint_name(p, cjm_report_stage_exit_touchpoint(r, i, j)));
            cjmi_svg_count(m, cjm_report_stage_exit_customers(r, i, j));
            cjmi_svg_put(m, ", ");
            cjmi_svg_count(m, cjm_report_stage_exit_silent(r, i, j));
            cjmi_svg_put(m, " silent");
        }
        cjmi_svg_put(m, "</td></tr>\n");
    }
    if (!rows)
        cjmi_svg_put(m, "<tr><td colspan=\"3\">Nobody left the journey before its final "
                     "stage.</td></tr>\n");
    cjmi_svg_put(m, "</tbody>\n</table>\n</section>\n");
}
