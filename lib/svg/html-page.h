/* The report's page (cjm/html.h): what its sections share. Each section
 * is a function that appends its <section> to the page; html.c writes
 * the frame around them. Internal. */
#ifndef CJMI_HTML_PAGE_H
#define CJMI_HTML_PAGE_H

#include <stdint.h>
#include "cjm/html.h"
#include "layout.h"

typedef struct html_page {
    cjmi_message *m;
    const cjm_journey *map;
    const cjm_report *report;
    const svg_layout *layout;  /* the map's picture: names of stages and touchpoints */
    const char *customers;     /* the command that lists customers, or NULL */
} html_page;

/* The width of every chart's viewBox, in pixels; the page scales it. */
enum { HTML_CHART_W = 1000 };
/* A row's label on the left of a chart, on up to two lines. */
enum { HTML_LABEL_W = 226, HTML_LABEL_FONT = 13 };

/* Colours that a colour-blind reader tells apart and that stay apart in
 * grey (Okabe and Ito's palette: a dark and a light of each pair). */
#define HTML_DARK "#0072b2"   /* blue: the main figure */
#define HTML_LIGHT "#9ccbe8"  /* pale blue: the figure it is measured against */
#define HTML_ALERT "#d55e00"  /* vermilion: painful, a red point */

/* The name of stage i of the report (the map's name for it). */
const char *cjmi_html_stage_name(const html_page *p, size_t stage);
/* The name of a touchpoint by id: the map's, else the id itself. */
const char *cjmi_html_touchpoint_name(const html_page *p, const char *id);
/* The place of the stage of that id (NULL too) in the map and the report,
 * or (size_t)-1 for none. */
size_t cjmi_html_stage_at(const html_page *p, const char *id);

/* Opens a section: <section id> with its heading, its title in the
 * page's contents, and the sentence that says what it shows and how to
 * read it. */
void cjmi_html_section(const html_page *p, const char *id, const char *how);
/* Opens a chart: an inline <svg> of HTML_CHART_W by height with its
 * title (the alternative text); close it with "</svg>". */
void cjmi_html_chart(const html_page *p, const char *id, int height, const char *title);

/* A chart of rows (stages unless `rows` says otherwise), each a dark bar
 * over a light one on one scale, labelled on the left by `label` (the
 * stage's name when NULL) in label_w pixels (HTML_LABEL_W when 0) on up
 * to two lines, and with two lines of figures on the right: `text`
 * writes line 1 or 2. The row's tooltip is "name: line 1; line 2", the
 * name written escaped on one line by `name` (the stage's when NULL). */
typedef struct html_bar_chart {
    const char *id, *title, *dark_label, *light_label;
    uint64_t (*dark)(const cjm_report *r, size_t i);
    uint64_t (*light)(const cjm_report *r, size_t i);
    void (*text)(const html_page *p, size_t i, int line);
    size_t (*rows)(const cjm_report *r);
    void (*label)(const html_page *p, size_t i, int width);
    void (*name)(const html_page *p, size_t i);
    int label_w;
} html_bar_chart;
void cjmi_html_bars(const html_page *p, const html_bar_chart *chart);
/* Appends part / whole as a whole percentage, or a dash for no whole. */
void cjmi_html_share(cjmi_message *m, uint64_t part, uint64_t whole);

void cjmi_html_funnel(const html_page *p);
void cjmi_html_emotion(const html_page *p);
void cjmi_html_segments(const html_page *p);
void cjmi_html_channels(const html_page *p);
/* The hops per stage, inside the channels' section. */
void cjmi_html_hops(const html_page *p);
void cjmi_html_time(const html_page *p);
void cjmi_html_paths(const html_page *p);
void cjmi_html_exits(const html_page *p);
void cjmi_html_red_points(const html_page *p);

#endif
