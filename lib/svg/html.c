/* The report's page: the public functions and the frame around the
 * sections (head, style sheet, heading, contents, the map). */
#include <string.h>

#include "html-page.h"
#include "svg-text.h"
#include "../core/alloc.h"
#include "../core/error.h"

const char *cjmi_html_stage_name(const html_page *p, size_t stage)
{
    return p->layout->columns[stage].name;
}

const char *cjmi_html_touchpoint_name(const html_page *p, const char *id)
{
    size_t i = cjmi_svg_find(&p->layout->boxes_by_id, id);
    return i < p->layout->box_count ? p->layout->boxes[i].name : id;
}

size_t cjmi_html_stage_at(const html_page *p, const char *id)
{
    return id ? cjmi_svg_find(&p->layout->columns_by_id, id) : (size_t)-1;
}

/* The sections, in the page's order: the page's contents and each
 * section's heading. */
static const struct {
    const char *id, *title;
} contents[] = {
    { "map", "The map and its red points" },
    { "funnel", "Funnel" },
    { "emotion", "Emotion curve and its evidence" },
    { "segments", "Segments" },
    { "channels", "Channels" },
    { "time", "Time" },
    { "paths", "Paths and flow" },
    { "exits", "Exits" },
    { "red-points", "Every red point" },
};

void cjmi_html_section(const html_page *p, const char *id, const char *how)
{
    const char *heading = id;
    for (size_t i = 0; i < sizeof contents / sizeof contents[0]; i++)
        if (strcmp(contents[i].id, id) == 0)
            heading = contents[i].title;
    cjmi_svg_put(p->m, "<section id=\"%s\" aria-labelledby=\"%s-heading\">\n"
                 "<h2 id=\"%s-heading\">%s</h2>\n<p class=\"how\">%s</p>\n",
                 id, id, id, heading, how);
}

void cjmi_html_chart(const html_page *p, const char *id, int height, const char *title)
{
    cjmi_svg_put(p->m, "<svg class=\"chart\" id=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                 "height=\"%d\" role=\"img\" aria-labelledby=\"%s-title\">"
                 "<title id=\"%s-title\">%s</title>\n",
                 id, HTML_CHART_W, height, HTML_CHART_W, height, id, id, title);
}

/* Print colours as they are, A4 landscape, and text that wraps rather
 * than leaves its box: a name without spaces breaks anywhere. */
static const char style[] =
    "@page{size:A4 landscape;margin:10mm}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{margin:0 auto;padding:16px;max-width:1060px;color:#212121;background:#fff;"
    "font:14px/1.45 'DejaVu Sans',Verdana,'Segoe UI',Helvetica,Arial,sans-serif}\n"
    "h1{font-size:24px;margin:0 0 4px}\n"
    "h2{font-size:19px;margin:0 0 4px;padding-top:8px;border-top:2px solid #37474f}\n"
    "h3{font-size:15px;margin:12px 0 4px}\n"
    "p,li,td,th,h1,h2,h3,figcaption{overflow-wrap:anywhere}\n"
    "p{margin:4px 0}\n"
    ".how{color:#455a64;font-style:italic;margin-bottom:8px}\n"
    ".about{color:#455a64}\n"
    "nav ol{margin:6px 0;padding-left:22px;columns:3}\n"
    "section{margin:18px 0 26px}\n"
    "section.keep{break-inside:avoid}\n"
    "svg{display:block;max-width:100%;height:auto}\n"
    "svg.chart text{font-size:12px;fill:#212121}\n"
    "svg.chart .label{font-size:13px}\n"
    "svg.chart .note{font-size:11px;fill:#455a64}\n"
    "svg.chart .value{font-weight:bold}\n"
    "svg.chart .alert{fill:#a33a00;font-weight:bold}\n"
    "svg.chart .on-dark{fill:#fff;font-weight:bold}\n"
    "table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:12.5px}\n"
    "th,td{border:1px solid #b0bec5;padding:4px 6px;text-align:left;vertical-align:top}\n"
    "th{background:#eceff1}\n"
    "td.n,th.n{text-align:right}\n"
    "caption{text-align:left;font-weight:bold;padding:4px 0}\n"
    ".side{display:flex;align-items:flex-start;gap:24px;margin-top:12px}\n.side table{flex:1}\n"
    "code{font:12px 'DejaVu Sans Mono',Menlo,Consolas,monospace;white-space:pre-wrap;"
    "overflow-wrap:anywhere;word-break:break-all}\n"
    ".marker{display:inline-block;min-width:22px;padding:1px 4px;border-radius:11px;"
    "background:#d32f2f;color:#fff;font-weight:bold;text-align:center}\n"
    ".cards{display:grid;grid-template-columns:repeat(3,1fr);gap:14px}\n"
    ".card{border:1px solid #cfd8dc;padding:6px 8px;break-inside:avoid}\n"
    ".card h3{margin:0 0 2px}.card p{font-size:12.5px}\n"
    ".alerts{margin:4px 0 0;padding-left:0;list-style:none;font-size:12.5px}\n"
    "footer{color:#78909c;font-size:12px;border-top:1px solid #cfd8dc;padding-top:6px}\n"
    "@media print{body{max-width:none;padding:0}section{break-before:auto}"
    "h2{break-after:avoid}tr{break-inside:avoid}}\n";

static void head(const html_page *p)
{
    const char *name = cjm_journey_name(p->map);
    cjmi_svg_put(p->m, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<meta name=\"generator\" content=\"cjm %s\">\n"
                 "<title>%t: journey analysis</title>\n<style>\n%s</style>\n</head>\n<body>\n",
                 cjm_version(), name, style);
}

static void heading(const html_page *p)
{
    const cjm_report *r = p->report;
    const char *persona = cjm_journey_persona(p->map);
    const char *about = cjm_journey_description(p->map);
    cjmi_svg_put(p->m, "<header>\n<h1>%t</h1>\n", cjm_journey_name(p->map));
    if (about)
        cjmi_svg_put(p->m, "<p class=\"about\">%t</p>\n", about);
    if (persona)
        cjmi_svg_put(p->m, "<p class=\"about\">Persona: %t</p>\n", persona);
    cjmi_svg_put(p->m, "<p class=\"totals\">");
    cjmi_svg_counted(p->m, cjm_report_customers(r), "customer", "customers");
    cjmi_svg_put(p->m, ", ");
    cjmi_svg_counted(p->m, cjm_report_events(r), "event", "events");
    cjmi_svg_put(p->m, ", ");
    cjmi_svg_counted(p->m, cjm_report_feedback(r), "feedback item", "feedback items");
    cjmi_svg_put(p->m, "; ");
    cjmi_svg_count(p->m, cjm_report_completed(r));
    cjmi_svg_put(p->m, " completed the journey; ");
    cjmi_svg_count(p->m, (uint64_t)cjm_report_gap_count(r));
    cjmi_svg_put(p->m, " red points.</p>\n<nav aria-label=\"Contents\"><ol>\n");
    for (size_t i = 0; i < sizeof contents / sizeof contents[0]; i++)
        cjmi_svg_put(p->m, "<li><a href=\"#%s\">%s</a></li>\n", contents[i].id,
                     contents[i].title);
    cjmi_svg_put(p->m, "</ol></nav>\n</header>\n<main>\n");
}

static void map_section(const html_page *p)
{
    cjmi_html_section(p, "map",
                      "Stages are columns and channels are lanes; each numbered red marker "
                      "is a red point at its place, listed below the map and, with its "
                      "figures, in the last section; the curve is the customers' mean "
                      "feedback per stage.");
    cjmi_svg_put(p->m, "<figure>\n");
    cjmi_svg_draw(p->m, p->layout);
    cjmi_svg_put(p->m, "</figure>\n</section>\n");
}

static void page(const html_page *p)
{
    head(p);
    heading(p);
    map_section(p);
    cjmi_html_funnel(p);
    cjmi_html_emotion(p);
    cjmi_html_segments(p);
    cjmi_html_channels(p);
    cjmi_html_time(p);
    cjmi_html_paths(p);
    cjmi_html_exits(p);
    cjmi_html_red_points(p);
    cjmi_svg_put(p->m, "</main>\n<footer>Written by cjm %s from the report of journey "
                 "<code>%t</code>.</footer>\n</body>\n</html>\n",
                 cjm_version(), cjm_report_journey(p->report));
}

static cjm_status write_page(char **out, size_t *length, const cjm_journey *map,
                             const cjm_report *report, const char *customers,
                             const char *func)
{
    if (!map || !report)
        return cjmi_fail(CJM_ERR_INVALID, "%s: %s: NULL", func, map ? "report" : "map");
    svg_layout layout;
    cjm_status st = cjmi_svg_layout(&layout, map, report, cjm_report_gaps(report), func, false);
    if (st != CJM_OK)
        return st;
    layout.in_html = true;
    cjmi_message m = { 0 };
    html_page p = { &m, map, report, &layout, customers };
    page(&p);
    size_t n = m.length;
    char *text = cjmi_message_take(&m);
    cjmi_svg_layout_release(&layout);
    if (!text)
        return cjmi_nomem(func);
    *out = text;
    if (length)
        *length = n;
    return CJM_OK;
}

CJM_EXPORT cjm_status cjm_html_write(char **out, size_t *length, const cjm_journey *map,
                                     const cjm_report *report, const char *customers)
{
    if (!out)
        return cjmi_fail(CJM_ERR_INVALID, "cjm_html_write: out: NULL");
    return write_page(out, length, map, report, customers, "cjm_html_write");
}

CJM_EXPORT cjm_status cjm_html_write_path(const char *path, const cjm_journey *map,
                                          const cjm_report *report, const char *customers)
{
    static const char func[] = "cjm_html_write_path";
    if (!path)
        return cjmi_fail(CJM_ERR_INVALID, "%s: path: NULL", func);
    char *text;
    size_t n;
    cjm_status st = write_page(&text, &n, map, report, customers, func);
    if (st != CJM_OK)
        return st;
    st = cjmi_svg_put_path(path, text, n, func);
    cjmi_free(text);
    return st;
}
