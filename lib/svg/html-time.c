/* The page's times: how long customers take from each stage to the next,
 * and to complete the journey, as box plots on one logarithmic axis. */
#include <math.h>
#include <stdbool.h>

#include "html-page.h"
#include "svg-text.h"

#define DOT " \xc2\xb7 "

enum {
    TIME_TOP = 8,
    TIME_ROW_H = 42,
    TIME_X = 240,
    TIME_W = 430,
    TIME_TEXT_X = 688,
    TIME_AXIS_H = 34,
};

/* The axis's ticks: a time between two of them is placed by its
 * logarithm, so seconds and weeks fit on one line. */
static const struct {
    int64_t ms;
    const char *label;
} ticks[] = {
    { 1000, "1 s" }, { 10000, "10 s" }, { 60000, "1 min" }, { 600000, "10 min" },
    { 3600000, "1 h" }, { 21600000, "6 h" }, { 86400000, "1 day" }, { 604800000, "1 week" },
    { 2592000000, "30 days" }, { 31536000000, "1 year" }, { 315360000000, "10 years" },
};
#define TICKS (sizeof ticks / sizeof ticks[0])

typedef struct axis {
    size_t lo, hi; /* the first and last tick shown */
} axis;

static double time_x(const axis *a, int64_t ms)
{
    double lo = log((double)ticks[a->lo].ms), hi = log((double)ticks[a->hi].ms);
    double v = log(fmax((double)ticks[a->lo].ms, fmin((double)ms, (double)ticks[a->hi].ms)));
    return TIME_X + TIME_W * (v - lo) / (hi - lo);
}

/* One distribution: p25, p50, p75, p90 (percentiles 25 to 90) of n samples. */
typedef struct spread {
    uint64_t n;
    int64_t p[4];
} spread;

static spread stage_spread(const cjm_report *r, size_t i)
{
    static const unsigned percents[4] = { 25, 50, 75, 90 };
    spread s = { cjm_report_stage_transition_samples(r, i), { 0 } };
    for (size_t k = 0; k < 4; k++)
        s.p[k] = cjm_report_stage_transition_percentile(r, i, percents[k]);
    return s;
}

static spread completion_spread(const cjm_report *r)
{
    spread s = { cjm_report_completion_samples(r),
                 { cjm_report_completion_percentile(r, 25), cjm_report_completion_percentile(r, 50),
                   cjm_report_completion_percentile(r, 75), cjm_report_completion_percentile(r, 90) } };
    return s;
}

static void widen(axis *a, const spread *s)
{
    if (!s->n)
        return;
    while (a->lo > 0 && ticks[a->lo].ms > s->p[0])
        a->lo--;
    while (a->hi + 1 < TICKS && ticks[a->hi].ms < s->p[3])
        a->hi++;
}

static void row(const html_page *p, const axis *a, int y, const char *from, const char *to,
                const spread *s)
{
    cjmi_message *m = p->m;
    size_t room = cjmi_svg_fit(HTML_LABEL_W, HTML_LABEL_FONT);
    cjmi_svg_put(m, "<g class=\"row\"><title>%t%s%t: ", from, to ? " \xe2\x86\x92 " : "",
                 to ? to : "");
    if (s->n) {
        static const char *const names[4] = { "25th percentile ", ", median ",
                                              ", 75th percentile ", ", 90th percentile " };
        for (size_t k = 0; k < 4; k++) {
            cjmi_svg_put(m, "%s", names[k]);
            cjmi_message_add_duration(m, s->p[k]);
        }
        cjmi_svg_put(m, " over %u customer%s", s->n, s->n == 1 ? "" : "s");
    } else {
        cjmi_svg_put(m, "no customer to measure");
    }
    cjmi_svg_put(m, "</title>\n<text class=\"label\" x=\"0\" y=\"%d\">", y + 17);
    cjmi_svg_short(m, from, room);
    cjmi_svg_put(m, "</text>\n");
    if (to) {
        cjmi_svg_put(m, "<text class=\"note\" x=\"0\" y=\"%d\">\xe2\x86\x92 ", y + 33);
        cjmi_svg_short(m, to, room - 2);
        cjmi_svg_put(m, "</text>\n");
    }
    if (!s->n) {
        cjmi_svg_put(m, "<text class=\"note\" x=\"%d\" y=\"%d\">no customer to measure</text>"
                     "</g>\n", TIME_TEXT_X, y + 17);
        return;
    }
    int x25 = (int)lround(time_x(a, s->p[0])), x50 = (int)lround(time_x(a, s->p[1]));
    int x75 = (int)lround(time_x(a, s->p[2])), x90 = (int)lround(time_x(a, s->p[3]));
    int mid = y + 18;
    cjmi_svg_put(m, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#37474f\" "
                 "stroke-width=\"2\"/><line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
                 "stroke=\"#37474f\" stroke-width=\"2\"/>\n"
                 "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"" HTML_LIGHT "\" "
                 "stroke=\"" HTML_DARK "\"/>\n<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
                 "stroke=\"#000\" stroke-width=\"3\"/>\n",
                 x75, x90, mid, mid, x90, x90, mid - 6, mid + 6, x25, mid - 10,
                 x75 - x25 > 1 ? x75 - x25 : 1, x50, x50, mid - 13, mid + 13);
    cjmi_svg_put(m, "<text x=\"%d\" y=\"%d\">median ", TIME_TEXT_X, y + 17);
    cjmi_message_add_duration(m, s->p[1]);
    cjmi_svg_put(m, "</text>\n<text class=\"note\" x=\"%d\" y=\"%d\">p90 ", TIME_TEXT_X, y + 33);
    cjmi_message_add_duration(m, s->p[3]);
    cjmi_svg_put(m, DOT "n = ");
    cjmi_svg_count(m, s->n);
    cjmi_svg_put(m, "</text></g>\n");
}

void cjmi_html_time(const html_page *p)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    size_t n = cjm_report_stage_count(r);
    size_t rows = (n ? n - 1 : 0) + 1;
    cjmi_html_section(p, "time",
                      "Each row is how long customers took from first reaching a stage to "
                      "first reaching the next (the last row: from their first event to "
                      "the end of the journey, for those who completed it): the box spans "
                      "the middle half of them (25th to 75th percentile), the thick line is "
                      "the median and the whisker reaches the 90th percentile, on a "
                      "logarithmic axis.");
    /* Start from the tick at or below the first median, then widen to
     * take in every distribution's 25th and 90th percentiles. */
    axis a = { 0, 0 };
    spread all = completion_spread(r);
    bool started = false;
    for (size_t i = 0; i < n; i++) {
        spread s = i + 1 < n ? stage_spread(r, i) : all;
        if (!s.n)
            continue;
        if (!started) {
            while (a.lo + 1 < TICKS && ticks[a.lo + 1].ms <= s.p[1])
                a.lo++;
            a.hi = a.lo;
            started = true;
        }
        widen(&a, &s);
    }
    widen(&a, &all);
    if (a.hi == a.lo)
        a.hi++;
    int plot_h = (int)rows * TIME_ROW_H;
    cjmi_html_chart(p, "time-chart", TIME_TOP + plot_h + TIME_AXIS_H,
                    "How long customers take from each stage to the next and to complete "
                    "the journey: box plots of the 25th, 50th, 75th and 90th percentiles");
    int labelled = -1000; /* a tick too near the last labelled one keeps its line only */
    for (size_t t = a.lo; t <= a.hi; t++) {
        int x = (int)lround(time_x(&a, ticks[t].ms));
        cjmi_svg_put(m, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#cfd8dc\"/>\n",
                     x, x, TIME_TOP, TIME_TOP + plot_h);
        if (x - labelled < 56)
            continue;
        cjmi_svg_put(m, "<text class=\"note\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s"
                     "</text>\n", x, TIME_TOP + plot_h + 18, ticks[t].label);
        labelled = x;
    }
    for (size_t i = 0; i + 1 < n; i++) {
        spread s = stage_spread(r, i);
        row(p, &a, TIME_TOP + (int)i * TIME_ROW_H, cjmi_html_stage_name(p, i),
            cjmi_html_stage_name(p, i + 1), &s);
    }
    row(p, &a, TIME_TOP + (int)(rows - 1) * TIME_ROW_H, "The whole journey", NULL, &all);
    cjmi_svg_put(m, "</svg>\n</section>\n");
}
