/* The page's last section: every red point with its figures, its place,
 * and the command that lists the customers behind it. */
#include <string.h>

#include "html-page.h"
#include "svg-text.h"
#include "../core/alloc.h"

/* How a kind's value and count read, and which customers stand behind
 * it, as the options of `cjm customers`. */
typedef enum value_form { V_NONE, V_SCORE, V_RATE, V_EVENTS, V_DURATION } value_form;

typedef struct kind_form {
    value_form value;
    const char *value_label;   /* before the value */
    const char *count_label;   /* after the count; NULL: no count */
    const char *selection;     /* the option that selects its customers, or NULL */
    const char *count_one;     /* after a count of 1, when it differs from count_label */
} kind_form;

/* Indexed by cjm_gap_kind; kinds this table lacks show their figures bare. */
static const kind_form forms[] = {
    [CJM_GAP_EMPTY_STAGE] = { V_NONE, NULL, "reached the stage", "--reached" },
    [CJM_GAP_NO_OWNER] = { V_NONE, NULL, "customers used it", "--used", "customer used it" },
    [CJM_GAP_BLIND_SPOT] = { V_NONE, NULL, "reached the stage", "--reached" },
    [CJM_GAP_PAIN_POINT] = { V_SCORE, "mean score", "feedback items", "--used", "feedback item" },
    [CJM_GAP_PAINFUL_STAGE] = { V_SCORE, "mean score", "feedback items", "--reached", "feedback item" },
    [CJM_GAP_DROP_OFF] = { V_RATE, "drop rate", "left the journey here", "--dropped-at" },
    [CJM_GAP_SILENT_CHURN] = { V_RATE, "of those who reached it", "left without a word",
                               "--silent-at" },
    [CJM_GAP_UNPLANNED_TOUCHPOINT] = { V_EVENTS, NULL, "customers used it", "--used",
                                       "customer used it" },
    [CJM_GAP_UNUSED_TOUCHPOINT] = { V_NONE, NULL, NULL, NULL },
    [CJM_GAP_BACKTRACK] = { V_RATE, "of those who reached it", "went back",
                            "--backtracked" },
    [CJM_GAP_SLOW_TRANSITION] = { V_DURATION, "median", "moved on", "--reached" },
    [CJM_GAP_CHANNEL_HOP] = { V_RATE, "of those who reached it", "hopped", "--hopped-in" },
    [CJM_GAP_SEGMENT_DROP_OFF] = { V_RATE, "drop rate of the segment", "left the journey here",
                                   "--dropped-at" },
    [CJM_GAP_SEGMENT_PAIN] = { V_SCORE, "the segment's mean score", "feedback items",
                               "--reached", "feedback item" },
};

static const kind_form *form_of(cjm_gap_kind kind)
{
    static const kind_form bare = { V_NONE, NULL, "count", NULL, NULL };
    return kind > 0 && (unsigned)kind < sizeof forms / sizeof forms[0] ? &forms[kind] : &bare;
}

static void figures(cjmi_message *m, const cjm_gap *gap, const kind_form *f)
{
    double v = cjm_gap_value(gap);
    switch (f->value) {
    case V_SCORE:
        cjmi_svg_put(m, "%s ", f->value_label);
        cjmi_svg_score(m, v);
        cjmi_svg_put(m, "<br>");
        break;
    case V_RATE:
        cjmi_message_add_percent(m, v);
        cjmi_svg_put(m, " %s<br>", f->value_label);
        break;
    case V_EVENTS:
        cjmi_svg_counted(m, (uint64_t)v, "event", "events");
        cjmi_svg_put(m, "<br>");
        break;
    case V_DURATION:
        cjmi_svg_put(m, "%s ", f->value_label);
        cjmi_message_add_duration(m, (int64_t)v);
        cjmi_svg_put(m, "<br>");
        break;
    case V_NONE:
        break;
    }
    if (f->count_label) {
        uint64_t n = cjm_gap_count(gap);
        cjmi_svg_counted(m, n, f->count_one ? f->count_one : f->count_label, f->count_label);
        cjmi_svg_put(m, "<br>");
    }
    cjmi_svg_put(m, "severity ");
    cjmi_message_add_score(m, cjm_gap_severity(gap));
}

/* Appends an argument for a POSIX shell: as it is when it holds only
 * characters no shell treats specially, else in single quotes (a quote
 * inside as '\''); escaped for HTML. */
static void shell_word(cjmi_message *m, const char *word)
{
    size_t plain = strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "0123456789_-.,:/@%+=");
    cjmi_message q = { 0 };
    if (*word && !word[plain]) {
        cjmi_message_add(&q, word);
    } else {
        cjmi_message_add(&q, "'");
        for (const char *c = word; *c; c++)
            cjmi_message_add_n(&q, *c == '\'' ? "'\\''" : c, *c == '\'' ? 4 : 1);
        cjmi_message_add(&q, "'");
    }
    char *text = cjmi_message_take(&q);
    if (text)
        cjmi_svg_escape(m, text, 0);
    else
        m->failed = 1;
    cjmi_free(text);
}

/* Whether a name can stand in a command: a line break or another control
 * character would end or change it. */
static bool printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

static void command(const html_page *p, const cjm_gap *gap, const kind_form *f)
{
    cjmi_message *m = p->m;
    const char *stage = cjm_gap_stage(gap), *tp = cjm_gap_touchpoint(gap);
    const char *to = cjm_gap_to_stage(gap);
    bool on_touchpoint = strcmp(f->selection, "--used") == 0;
    const char *id = on_touchpoint ? tp : stage;
    if (!id || !printable(id) || (to && !printable(to)) || !printable(p->customers)) {
        cjmi_svg_put(m, "\xe2\x80\x94");
        return;
    }
    cjmi_svg_put(m, "<code>%t %s ", p->customers, f->selection);
    if (cjm_gap_kind_of(gap) == CJM_GAP_BACKTRACK && to) {
        cjmi_message both = { 0 };
        cjmi_message_add(&both, id);
        cjmi_message_add(&both, ":");
        cjmi_message_add(&both, to);
        char *pair = cjmi_message_take(&both);
        if (pair)
            shell_word(m, pair);
        else
            m->failed = 1;
        cjmi_free(pair);
    } else {
        shell_word(m, id);
    }
    if (cjm_gap_has_segment(gap)) {
        /* The null segment has no value to select it by. */
        const char *segment = cjm_gap_segment(gap);
        if (segment && printable(segment)) {
            cjmi_svg_put(m, " --segment ");
            shell_word(m, segment);
        }
    }
    if (cjm_gap_kind_of(gap) == CJM_GAP_SLOW_TRANSITION) {
        /* Those who moved on: they reached the next stage as well. */
        size_t n = cjm_report_stage_count(p->report), i = cjmi_html_stage_at(p, id);
        if (i < n && i + 1 < n && printable(cjm_report_stage_id(p->report, i + 1))) {
            cjmi_svg_put(m, " --reached ");
            shell_word(m, cjm_report_stage_id(p->report, i + 1));
        }
    }
    cjmi_svg_put(m, "</code>");
}

static void place(const html_page *p, const cjm_gap *gap)
{
    cjmi_message *m = p->m;
    const char *stage = cjm_gap_stage(gap), *tp = cjm_gap_touchpoint(gap);
    const char *to = cjm_gap_to_stage(gap);
    size_t n = cjm_report_stage_count(p->report);
    size_t at = cjmi_html_stage_at(p, stage), to_at = cjmi_html_stage_at(p, to);
    const char *stage_name = at < n ? cjmi_html_stage_name(p, at) : stage;
    const char *to_name = to_at < n ? cjmi_html_stage_name(p, to_at) : to;
    if (tp)
        cjmi_svg_put(m, "touchpoint %t<br>", cjmi_html_touchpoint_name(p, tp));
    if (stage_name)
        cjmi_svg_put(m, "stage %t", stage_name);
    if (to_name)
        cjmi_svg_put(m, " \xe2\x86\x92 %t", to_name);
    if (!tp && !stage_name)
        cjmi_svg_put(m, "the whole journey");
    if (cjm_gap_has_segment(gap)) {
        const char *segment = cjm_gap_segment(gap);
        cjmi_svg_put(m, "<br>segment %t", segment ? segment : "without a value");
    }
}

void cjmi_html_red_points(const html_page *p)
{
    const cjm_report *r = p->report;
    cjmi_message *m = p->m;
    size_t n = cjm_report_gap_count(r);
    cjmi_html_section(p, "red-points",
                      "The red points, most severe first, numbered as the markers on the map: "
                      "what is wrong, where, the figures that found it and, where the command "
                      "is given, how to list the customers behind it.");
    if (!n) {
        cjmi_svg_put(m, "<p>No red points: nothing crossed a threshold.</p>\n</section>\n");
        return;
    }
    cjmi_svg_put(m, "<table>\n<colgroup><col style=\"width:5%%\"><col style=\"width:13%%\">"
                 "<col style=\"width:17%%\"><col style=\"width:17%%\"><col style=\"width:%s\">"
                 "%s</colgroup>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Red point"
                 "</th><th scope=\"col\">Where</th><th scope=\"col\">Figures</th>"
                 "<th scope=\"col\">What it means</th>%s</tr></thead>\n<tbody>\n",
                 p->customers ? "24%" : "48%", p->customers ? "<col style=\"width:24%\">" : "",
                 p->customers ? "<th scope=\"col\">Its customers</th>" : "");
    for (size_t g = 0; g < n; g++) {
        const cjm_gap *gap = cjm_report_gap(r, g);
        cjm_gap_kind kind = cjm_gap_kind_of(gap);
        const kind_form *f = form_of(kind);
        cjmi_svg_put(m, "<tr id=\"red-point-%u\" data-kind=\"%s\"><td><span class=\"marker\">"
                     "%u</span></td><td>", (uint64_t)(g + 1), cjm_gap_kind_name(kind),
                     (uint64_t)(g + 1));
        for (const char *c = cjm_gap_kind_name(kind); *c; c++)
            cjmi_message_add_n(m, *c == '_' ? " " : c, 1);
        cjmi_svg_put(m, "</td><td>");
        place(p, gap);
        cjmi_svg_put(m, "</td><td>");
        figures(m, gap, f);
        cjmi_svg_put(m, "</td><td>%t</td>", cjm_gap_message(gap));
        if (p->customers) {
            cjmi_svg_put(m, "<td>");
            if (f->selection)
                command(p, gap, f);
            else
                cjmi_svg_put(m, "nobody: no customer used it");
            cjmi_svg_put(m, "</td>");
        }
        cjmi_svg_put(m, "</tr>\n");
    }
    cjmi_svg_put(m, "</tbody>\n</table>\n</section>\n");
}
