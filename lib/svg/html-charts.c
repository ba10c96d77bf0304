/* The page's charts of the emotion curve with its evidence, the channel
 * switch matrix as a heat map, and the times as box plots. */
#include <math.h>
#include <string.h>

#include "html-page.h"
#include "svg-text.h"
#include "../core/alloc.h"

#define MINUS "\xe2\x88\x92"
#define DOT " \xc2\xb7 "

enum {
    EMO_LEFT = 120,  /* the axis labels */
    EMO_TOP = 34,    /* +1 */
    EMO_H = 220,     /* from +1 to -1 */
    EMO_BELOW = 70,  /* the stage's name, sample size and verdict */
};

static double emo_y(double v)
{
    return EMO_TOP + (1.0 - fmax(-1.0, fmin(1.0, v))) / 2.0 * EMO_H;
}

static void emotion_point(const html_page *p, size_t i, int x, int colw, bool painful)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    uint64_t n = cjm_report_stage_feedback(r, i);
    double mean = cjm_report_stage_mean_score(r, i), high = cjm_report_stage_score_high(r, i);
    double sd = cjm_report_stage_score_sd(r, i);
    int names = EMO_TOP + EMO_H + 22;
    cjmi_svg_put(m, "<g class=\"stage-point\"><title>%t: ", cjmi_html_stage_name(p, i));
    if (n) {
        cjmi_svg_put(m, "mean score ");
        cjmi_svg_score(m, mean);
        cjmi_svg_put(m, " over %u feedback item%s", n, n == 1 ? "" : "s");
        if (!isnan(sd)) {
            cjmi_svg_put(m, ", standard deviation ");
            cjmi_message_add_score(m, sd);
        }
        if (!isnan(high)) {
            cjmi_svg_put(m, "; the true mean could reasonably be as high as ");
            cjmi_svg_score(m, high);
        }
        if (painful)
            cjmi_svg_put(m, "; painful beyond reasonable doubt");
    } else {
        cjmi_svg_put(m, "no customers' feedback");
    }
    cjmi_svg_put(m, "</title>\n");
    if (n) {
        double top = mean;
        if (!isnan(high)) {
            double half = high - mean;
            top = high;
            cjmi_svg_put(m, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#37474f\" "
                         "stroke-width=\"2\"/><line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
                         "stroke=\"#37474f\" stroke-width=\"2\"/><line x1=\"%d\" x2=\"%d\" "
                         "y1=\"%d\" y2=\"%d\" stroke=\"#37474f\" stroke-width=\"2\"/>\n",
                         x, x, (int)lround(emo_y(high)), (int)lround(emo_y(mean - half)),
                         x - 6, x + 6, (int)lround(emo_y(high)), (int)lround(emo_y(high)),
                         x - 6, x + 6, (int)lround(emo_y(mean - half)),
                         (int)lround(emo_y(mean - half)));
        }
        int y = (int)lround(emo_y(mean));
        if (painful) /* a diamond as well as a colour: it reads in grey too */
            cjmi_svg_put(m, "<path d=\"M%d %dL%d %dL%d %dL%d %dZ\" fill=\"" HTML_ALERT "\" "
                         "stroke=\"#fff\" stroke-width=\"1.5\"/>\n",
                         x, y - 9, x + 9, y, x, y + 9, x - 9, y);
        else
            cjmi_svg_put(m, "<circle cx=\"%d\" cy=\"%d\" r=\"7\" fill=\"" HTML_DARK "\" "
                         "stroke=\"#fff\" stroke-width=\"1.5\"/>\n", x, y);
        cjmi_svg_put(m, "<text class=\"value\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
                     x + 0, (int)lround(emo_y(top)) - 10);
        cjmi_svg_score(m, mean);
        cjmi_svg_put(m, "</text>\n");
    } else {
        cjmi_svg_put(m, "<text class=\"note\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                     "no feedback</text>\n", x, (int)lround(emo_y(0.0)) - 8);
    }
    size_t room = cjmi_svg_fit(colw - 8, 12);
    cjmi_svg_put(m, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x, names);
    cjmi_svg_short(m, cjmi_html_stage_name(p, i), room);
    cjmi_svg_put(m, "</text>\n<text class=\"note\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
                 x, names + 18);
    if (cjmi_svg_fit(colw - 8, 11) >= 12) {
        cjmi_svg_put(m, "n = ");
        cjmi_svg_count(m, n);
    } else {
        cjmi_svg_count(m, n);
    }
    cjmi_svg_put(m, "</text>\n");
    if (painful)
        cjmi_svg_put(m, "<text class=\"alert\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s"
                     "</text>\n", x, names + 36, room >= 7 ? "painful" : "!");
    cjmi_svg_put(m, "</g>\n");
}

void cjmi_html_emotion(const html_page *p)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    size_t n = cjm_report_stage_count(r);
    cjmi_html_section(p, "emotion",
                      "Each point is the mean of the customers' feedback in a stage, from "
                      MINUS "1 (unhappy) to +1 (delighted), with n, the number of items it "
                      "comes from; the bar reaches up to how high the true mean could "
                      "reasonably be (score_high) and as far below, so a short bar is firm "
                      "evidence and a long one is a guess; a vermilion diamond marks a "
                      "stage that is painful beyond reasonable doubt.");
    cjmi_html_chart(p, "emotion-chart", EMO_TOP + EMO_H + EMO_BELOW,
                    "The customers' mean feedback per stage with sample sizes and how high "
                    "each mean could reasonably be");
    static const struct { double v; const char *label; } ticks[] = {
        { 1.0, "+1 delighted" }, { 0.0, "0 neutral" }, { -1.0, MINUS "1 unhappy" },
    };
    for (size_t t = 0; t < 3; t++) {
        int y = (int)lround(emo_y(ticks[t].v));
        cjmi_svg_put(m, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>"
                     "<text class=\"note\" x=\"0\" y=\"%d\">%s</text>\n", EMO_LEFT,
                     HTML_CHART_W, y, y, t == 1 ? "#78909c" : "#cfd8dc",
                     t == 1 ? " stroke-dasharray=\"5 4\"" : "", y + 4, ticks[t].label);
    }
    int colw = n ? (HTML_CHART_W - EMO_LEFT) / (int)n : 0;
    /* The curve, broken where a stage has no feedback. */
    cjmi_svg_put(m, "<path fill=\"none\" stroke=\"" HTML_DARK "\" stroke-width=\"2.5\" d=\"");
    bool down = false, any = false;
    for (size_t i = 0; i < n; i++) {
        if (!cjm_report_stage_feedback(r, i)) {
            down = false;
            continue;
        }
        cjmi_svg_put(m, "%s%d %d", down ? " L" : any ? " M" : "M",
                     EMO_LEFT + (int)i * colw + colw / 2,
                     (int)lround(emo_y(cjm_report_stage_mean_score(r, i))));
        down = any = true;
    }
    if (!any)
        cjmi_svg_put(m, "M%d %d", EMO_LEFT, (int)lround(emo_y(0.0)));
    cjmi_svg_put(m, "\"/>\n");
    /* The painful stages, from one pass over the gaps (a pass a stage
     * would be slow for a map of thousands of stages). */
    bool *painful = cjmi_calloc(n ? n : 1, sizeof *painful);
    if (!painful) {
        m->failed = 1; /* the page fails as out of memory */
        return;
    }
    for (size_t g = 0; g < cjm_report_gap_count(r); g++) {
        const cjm_gap *gap = cjm_report_gap(r, g);
        size_t i = cjm_gap_kind_of(gap) == CJM_GAP_PAINFUL_STAGE && !cjm_gap_touchpoint(gap)
                       ? cjmi_html_stage_at(p, cjm_gap_stage(gap))
                       : (size_t)-1;
        if (i < n)
            painful[i] = true;
    }
    for (size_t i = 0; i < n; i++)
        emotion_point(p, i, EMO_LEFT + (int)i * colw + colw / 2, colw, painful[i]);
    cjmi_free(painful);
    cjmi_svg_put(m, "</svg>\n</section>\n");
}

/* Five steps of one hue, light to dark: they keep their order in grey. */
static const char *const heat[] = { "#ffffff", "#deebf7", "#9ecae1", "#4292c6", "#08519c" };

enum { HEAT_LEFT = 170, HEAT_TOP = 52, HEAT_ROW_H = 30, HEAT_MAX_CELL = 96 };

/* The characters cjmi_svg_count() writes for n: its digits and a
 * separator between groups of three. */
static size_t count_chars(uint64_t n)
{
    size_t digits = 1;
    while (n >= 10) {
        n /= 10;
        digits++;
    }
    return digits + (digits - 1) / 3;
}

static size_t channel_index(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return n;
}

static void heat_map(const html_page *p, const char *const *names, size_t n,
                     const uint64_t *counts, uint64_t max)
{
    cjmi_message *m = p->m;
    int cell = (HTML_CHART_W - HEAT_LEFT) / (int)n;
    if (cell > HEAT_MAX_CELL)
        cell = HEAT_MAX_CELL;
    cjmi_html_chart(p, "switch-matrix", HEAT_TOP + (int)n * HEAT_ROW_H + 8,
                    "How many times customers changed from one channel (row) to another "
                    "(column)");
    cjmi_svg_put(m, "<text class=\"note\" x=\"0\" y=\"%d\">from (rows) \xe2\x86\x92 to "
                 "(columns)</text>\n", HEAT_TOP - 12);
    size_t head_room = cjmi_svg_fit(cell - 6, 11), row_room = cjmi_svg_fit(HEAT_LEFT - 10, 12);
    for (size_t j = 0; j < n; j++) {
        cjmi_svg_put(m, "<text class=\"note\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                     "<title>to %t</title>", HEAT_LEFT + (int)j * cell + cell / 2,
                     HEAT_TOP - 12, names[j]);
        cjmi_svg_short(m, names[j], head_room);
        cjmi_svg_put(m, "</text>\n");
    }
    for (size_t i = 0; i < n; i++) {
        int y = HEAT_TOP + (int)i * HEAT_ROW_H;
        cjmi_svg_put(m, "<text class=\"label\" x=\"0\" y=\"%d\"><title>from %t</title>", y + 20,
                     names[i]);
        cjmi_svg_short(m, names[i], row_room);
        cjmi_svg_put(m, "</text>\n");
        for (size_t j = 0; j < n; j++) {
            uint64_t c = counts[i * n + j];
            int level = !c ? 0 : c == max ? 4 : 1 + (int)(3 * c / max);
            int x = HEAT_LEFT + (int)j * cell;
            cjmi_svg_put(m, "<g><title>%t \xe2\x86\x92 %t: %u switch%s</title><rect x=\"%d\" "
                         "y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#b0bec5\"/>",
                         names[i], names[j], c, c == 1 ? "" : "es", x, y, cell, HEAT_ROW_H,
                         i == j ? "#eceff1" : heat[level]);
            if (c && count_chars(c) <= cjmi_svg_fit(cell - 4, 12)) {
                cjmi_svg_put(m, "<text class=\"%s\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
                             level >= 3 ? "on-dark" : "cell", x + cell / 2, y + 20);
                cjmi_svg_count(m, c);
                cjmi_svg_put(m, "</text>");
            }
            cjmi_svg_put(m, "</g>\n");
        }
    }
    cjmi_svg_put(m, "</svg>\n");
}

void cjmi_html_channels(const html_page *p)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    cjmi_html_section(p, "channels",
                      "The heat map counts how often customers changed from the channel of "
                      "a row to the channel of a column between two events (darker is more); "
                      "the bars below show, per stage, the customers who hopped, changing "
                      "channel where the map plans no change (dark), against all who changed "
                      "channel in the stage (light).");
    size_t count = cjm_report_channel_count(r), n = 0;
    const char **names = cjmi_calloc(count ? count : 1, sizeof *names);
    uint64_t *counts = NULL;
    if (!names) {
        m->failed = 1;
        return;
    }
    /* The channels that take part in a switch, in the report's order. */
    for (size_t c = 0; c < count; c++) {
        const char *name = cjm_report_channel(r, c);
        for (size_t k = 0; k < cjm_report_matrix_count(r); k++)
            if (strcmp(cjm_report_matrix_from(r, k), name) == 0 ||
                strcmp(cjm_report_matrix_to(r, k), name) == 0) {
                names[n++] = name;
                break;
            }
    }
    if (n && !(counts = cjmi_calloc(n * n, sizeof *counts)))
        m->failed = 1;
    uint64_t max = 0;
    for (size_t k = 0; counts && k < cjm_report_matrix_count(r); k++) {
        size_t i = channel_index(names, n, cjm_report_matrix_from(r, k));
        size_t j = channel_index(names, n, cjm_report_matrix_to(r, k));
        if (i < n && j < n) {
            counts[i * n + j] = cjm_report_matrix_switches(r, k);
            if (counts[i * n + j] > max)
                max = counts[i * n + j];
        }
    }
    if (counts && max)
        heat_map(p, names, n, counts, max);
    else
        cjmi_svg_put(m, "<p>No customer changed channel between two events.</p>\n");
    cjmi_free(counts);
    cjmi_free(names);
    cjmi_svg_put(m, "<h3>Hops per stage</h3>\n");
    cjmi_html_hops(p);
    cjmi_svg_put(m, "</section>\n");
}
