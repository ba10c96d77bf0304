/* The SVG picture: its parts counted, its text escaped and shortened, its
 * boxes and markers apart, its errors, and allocation failure. */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "../common/alloc-fail.h"
#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../common/whole-file.h"
#include "../suites.h"

static char *draw(const cjm_journey *map, const cjm_report *report)
{
    char *svg = NULL;
    size_t length = 0;
    ck_assert_ok(cjm_svg_write(&svg, &length, map, report, NULL));
    ck_assert_uint_eq(length, strlen(svg));
    ck_assert_msg(strncmp(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 44) == 0,
                  "not an SVG document: %.60s", svg);
    ck_assert_uint_eq(count_in(svg, "</svg>"), 1);
    ck_assert_str_eq(svg + length - 7, "</svg>\n");
    return svg;
}

/* The curve's path data: "M x y L x y ...". */
static char *path_data(const char *svg)
{
    const char *p = strstr(svg, "class=\"curve\"");
    ck_assert_ptr_nonnull(p);
    p = strstr(p, " d=\"");
    ck_assert_ptr_nonnull(p);
    p += 4;
    return strndup(p, (size_t)(strchr(p, '"') - p));
}

START_TEST(map_alone)
{
    /* retail_map(): 6 stages; channels social, web, store, phone in that
     * order of first use; means: discover +1 on [-2,2] = +0.50; compare
     * (2 on [1,5] = -0.5, -2 on [-2,2] = -1) = -0.75; purchase 5 on
     * [1,5] = +1.00; service and loyalty have no feedback. */
    cjm_journey *map = retail_map();
    char *svg = draw(map, NULL);
    ck_assert_uint_eq(count_in(svg, "<g class=\"stage\""), 5);
    ck_assert_uint_eq(count_in(svg, "<g class=\"no-stage\""), 0);
    ck_assert_uint_eq(count_in(svg, "<g class=\"lane\""), 4);
    const char *social = strstr(svg, "data-channel=\"social\""),
               *web = strstr(svg, "data-channel=\"web\""),
               *store = strstr(svg, "data-channel=\"store\""),
               *phone = strstr(svg, "data-channel=\"phone\"");
    ck_assert(social && web && store && phone);
    ck_assert(social < web && web < store && store < phone);
    ck_assert_uint_eq(count_in(svg, "<g class=\"touchpoint\""), 7);
    /* Three points in a row, then no feedback twice: one line of three. */
    char *d = path_data(svg);
    ck_assert_uint_eq(count_in(d, "M"), 1);
    ck_assert_uint_eq(count_in(d, " L"), 2);
    free(d);
    ck_assert_uint_eq(count_in(svg, "<circle class=\"mood\""), 3);
    /* Each mean with its sample size beside it. */
    ck_assert_ptr_nonnull(strstr(svg, ">+0.50<tspan class=\"sample\""));
    ck_assert_ptr_nonnull(strstr(svg, ">-0.75<tspan class=\"sample\""));
    ck_assert_ptr_nonnull(strstr(svg, ">+1.00<tspan class=\"sample\""));
    ck_assert_uint_eq(count_in(svg, "<tspan class=\"sample\" font-weight=\"normal\"> n = "), 3);
    ck_assert_uint_eq(count_in(svg, ">no feedback</text>"), 2);
    /* Without a report the curve is the map's own feedback: no diamond. */
    ck_assert_uint_eq(count_in(svg, "<g class=\"research\""), 0);
    /* One red marker per gap of the map, each with its message. */
    cjm_gap_list *gaps;
    ck_assert_ok(cjm_journey_gaps(&gaps, map, NULL));
    ck_assert_uint_eq(count_in(svg, "<g class=\"gap\""), cjm_gap_list_count(gaps));
    ck_assert_uint_eq(count_in(svg, "<g class=\"legend-item\""), cjm_gap_list_count(gaps));
    for (size_t i = 0; i < cjm_gap_list_count(gaps); i++)
        ck_assert_ptr_nonnull(strstr(svg, cjm_gap_message(cjm_gap_list_get(gaps, i))));
    /* No figures of customers without a report. */
    ck_assert_ptr_null(strstr(svg, "reached"));
    cjm_gap_list_free(gaps);
    cjm_free(svg);
    cjm_journey_free(map);
}
END_TEST

/* The report of the funnel events with every gap that needs customers
 * found from one customer on. */
START_TEST(with_report)
{
    cjm_journey *map = funnel_map();
    cjm_report *r = funnel_report_min1(map);
    char *svg = draw(map, r);
    ck_assert_uint_eq(count_in(svg, "<g class=\"stage\""), cjm_journey_stage_count(map));
    ck_assert_uint_eq(count_in(svg, "<g class=\"gap\""), cjm_report_gap_count(r));
    ck_assert_uint_gt(cjm_report_gap_count(r), 3);
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        char figure[64];
        snprintf(figure, sizeof figure, ">%llu reached</text>",
                 (unsigned long long)cjm_report_stage_reached(r, i));
        ck_assert_msg(strstr(svg, figure), "no \"%s\"", figure);
    }
    ck_assert_ptr_nonnull(strstr(svg, "the end of the journey"));
    /* The curve is the customers' voice alone: one point, Consider's -1.00
     * from one answer; the map's note on checkout (2 on [-2,2], +1.00) is
     * a research diamond in Buy, apart, whose stage has no customers'
     * feedback. */
    ck_assert_uint_eq(count_in(svg, "<circle class=\"mood\""), 1);
    char *d = path_data(svg);
    ck_assert_uint_eq(count_in(d, "M"), 1);
    ck_assert_uint_eq(count_in(d, " L"), 0);
    free(d);
    ck_assert_ptr_nonnull(strstr(svg, ">-1.00<tspan class=\"sample\""));
    ck_assert_uint_eq(count_in(svg, ">no feedback</text>"), 2);
    ck_assert_uint_eq(count_in(svg, "<g class=\"research\""), 1);
    ck_assert_ptr_nonnull(strstr(svg, ">map's research +1.00 n = 1</text>"));
    ck_assert_ptr_nonnull(strstr(svg, "<title>Buy: the map's own research, mean score +1.00 "
                                      "over 1 feedback item"));
    /* Every touchpoint a gap names is drawn; unplanned ones dashed. */
    for (size_t i = 0; i < cjm_report_gap_count(r); i++) {
        const cjm_gap *g = cjm_report_gap(r, i);
        if (!cjm_gap_touchpoint(g))
            continue;
        char attr[300];
        snprintf(attr, sizeof attr, "data-touchpoint=\"%s\"", cjm_gap_touchpoint(g));
        ck_assert_msg(strstr(svg, attr), "no box for %s", cjm_gap_touchpoint(g));
        if (cjm_gap_kind_of(g) == CJM_GAP_UNPLANNED_TOUCHPOINT)
            ck_assert_ptr_nonnull(strstr(strstr(svg, attr), "stroke-dasharray"));
    }
    cjm_free(svg);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

START_TEST(unplanned_without_stage)
{
    /* A touchpoint the map lacks, used without a stage, gets a column of
     * its own, after the stages. */
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    cjm_options_set_min_customers(o, 1);
    cjm_analysis *a = cjm_analysis_new(map, o);
    ck_assert_ok(cjm_analysis_add(a, "x", 1, "kiosk", "store", NULL));
    cjm_report *r;
    ck_assert_ok(cjm_analysis_report(&r, a));
    char *svg = draw(map, r);
    ck_assert_uint_eq(count_in(svg, "<g class=\"no-stage\""), 1);
    ck_assert_ptr_nonnull(strstr(svg, "data-touchpoint=\"kiosk\""));
    ck_assert_uint_eq(count_in(svg, "<g class=\"gap\""), cjm_report_gap_count(r));
    cjm_free(svg);
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

START_TEST(text_is_escaped)
{
    const char *hostile = "<script>alert('x')</script> & \"</svg>";
    cjm_journey *map = cjm_journey_new("j", hostile);
    cjm_stage *s;
    cjm_touchpoint *t;
    ck_assert_ok(cjm_journey_set_persona(map, "a<b & c>d"));
    ck_assert_ok(cjm_journey_add_stage(&s, map, "s<1>", "</svg><g>"));
    ck_assert_ok(cjm_stage_set_goal(s, "line one\nline \"two\""));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, s, "t&1", "It's <b>bold</b>", "web"));
    ck_assert_ok(cjm_touchpoint_set_owner(t, "R&D </svg>"));
    char *svg = draw(map, NULL);
    ck_assert_ptr_null(strstr(svg, "<script"));
    ck_assert_ptr_null(strstr(svg, "<b>"));
    ck_assert_ptr_null(strstr(svg, "</svg><g>"));
    ck_assert_ptr_nonnull(strstr(svg, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                                      "&quot;&lt;/svg&gt;"));
    ck_assert_ptr_nonnull(strstr(svg, "data-stage=\"s&lt;1&gt;\""));
    ck_assert_ptr_nonnull(strstr(svg, "data-touchpoint=\"t&amp;1\""));
    ck_assert_ptr_nonnull(strstr(svg, "R&amp;D &lt;/svg&gt;"));
    /* Inside one text line, a line feed is a space. */
    ck_assert_ptr_nonnull(strstr(svg, "line one line &quot;two&quot;"));
    cjm_free(svg);
    cjm_journey_free(map);
}
END_TEST

START_TEST(noncharacters_replaced)
{
    /* U+FFFE and U+FFFF are valid UTF-8 but not XML characters. */
    cjm_journey *map = cjm_journey_new("j", "a\xef\xbf\xbe" "b\xef\xbf\xbf" "c");
    char *svg = draw(map, NULL);
    ck_assert_ptr_null(strstr(svg, "\xef\xbf\xbe"));
    ck_assert_ptr_null(strstr(svg, "\xef\xbf\xbf"));
    ck_assert_ptr_nonnull(strstr(svg, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c"));
    cjm_free(svg);
    cjm_journey_free(map);
}
END_TEST

START_TEST(long_names_shortened)
{
    /* A box holds 20 characters a line and two lines. 40 two-byte
     * characters without a space: 20 on the first line, 20 on the second,
     * never half a character. 50: the second line shows 19 and an
     * ellipsis. The tooltip always has the whole name. */
    char name[101];
    for (int i = 0; i < 50; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2);
    name[100] = '\0';
    cjm_journey *map = cjm_journey_new("j", "J");
    cjm_stage *s;
    cjm_touchpoint *t;
    ck_assert_ok(cjm_journey_add_stage(&s, map, "s", "S"));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, s, "t", name, "web"));
    name[80] = '\0';
    ck_assert_ok(cjm_stage_add_touchpoint(&t, s, "u", name, "web"));
    char *svg = draw(map, NULL);
    char want[200];
    /* 40: two full lines. */
    snprintf(want, sizeof want, ">%.40s<tspan x=\"", name);
    ck_assert_ptr_nonnull(strstr(svg, want));
    snprintf(want, sizeof want, "\">%.40s</tspan></text>", name);
    ck_assert_ptr_nonnull(strstr(svg, want));
    /* 50: the second line shortened. */
    snprintf(want, sizeof want, "\">%.38s\xe2\x80\xa6</tspan></text>", name);
    ck_assert_ptr_nonnull(strstr(svg, want));
    name[80] = name[0];
    ck_assert_ptr_nonnull(strstr(svg, name));
    cjm_free(svg);
    cjm_journey_free(map);
}
END_TEST

/* Names, goals and the subtitle break at a space onto a second line
 * before anything is shortened. */
START_TEST(long_texts_wrap)
{
    cjm_journey *map = cjm_journey_new("j", "J");
    cjm_stage *s;
    ck_assert_ok(cjm_journey_set_persona(map, "A small business owner who has never opened "
                                         "an account online and needs help at every step"));
    ck_assert_ok(cjm_journey_add_stage(&s, map, "s", "Discovery and first contact"));
    ck_assert_ok(cjm_stage_set_goal(s, "Find a bank that understands a small business"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "t", "Comparison site listing", "web"));
    char *svg = draw(map, NULL);
    ck_assert_ptr_nonnull(strstr(svg, ">Discovery and first<tspan x=\""));
    ck_assert_ptr_nonnull(strstr(svg, "\">contact</tspan></text>"));
    ck_assert_ptr_nonnull(strstr(svg, ">Find a bank that<tspan x=\""));
    ck_assert_ptr_nonnull(strstr(svg, "\">understands a small busin\xe2\x80\xa6</tspan>"));
    ck_assert_ptr_nonnull(strstr(svg, ">Comparison site<tspan x=\""));
    ck_assert_ptr_nonnull(strstr(svg, "\">listing</tspan></text>"));
    ck_assert_ptr_nonnull(strstr(svg, "Persona: A small business owner who has never opened an "
                                      "account online and needs help at every step</title>"));
    ck_assert_ptr_nonnull(strstr(svg, "<tspan x=\"24\" dy=\"17\">"));
    ck_assert_ptr_null(strstr(svg, "step\xe2\x80\xa6"));
    cjm_free(svg);
    cjm_journey_free(map);
}
END_TEST

typedef struct rect { int x, y, w, h; } rect;

static bool apart(rect a, rect b)
{
    return a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
}

/* The rectangles that follow each occurrence of `marker`. */
static size_t boxes_after(const char *svg, const char *marker, const char *shape, rect *out,
                          size_t max)
{
    size_t n = 0;
    for (const char *p = strstr(svg, marker); p && n < max; p = strstr(p + 1, marker)) {
        const char *q = strstr(p, shape);
        ck_assert_ptr_nonnull(q);
        rect r = { 0, 0, 0, 0 };
        if (strcmp(shape, "<circle") == 0) {
            ck_assert_int_eq(sscanf(q, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\"", &r.x, &r.y, &r.w),
                             3);
            r.x -= r.w;
            r.y -= r.w;
            r.w = r.h = 2 * r.w;
        } else {
            ck_assert_int_eq(sscanf(q, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"",
                                    &r.x, &r.y, &r.w, &r.h), 4);
        }
        out[n++] = r;
    }
    return n;
}

START_TEST(large_map_without_overlap)
{
    /* 10 stages, 12 channels, 60 touchpoints with long names and no owner
     * (a gap each), crowded into few cells: no two boxes overlap, no two
     * markers overlap, and each marker stays clear of the other boxes. */
    cjm_journey *map = cjm_journey_new("big", "A big map");
    static const char *const channels[12] = { "web", "app", "store", "phone", "email",
                                              "chat", "social", "sms", "post", "video",
                                              "kiosk", "partner" };
    for (int s = 0; s < 10; s++) {
        char id[16], name[80];
        cjm_stage *stage;
        snprintf(id, sizeof id, "s%d", s);
        snprintf(name, sizeof name, "Stage number %d with a long descriptive name", s);
        ck_assert_ok(cjm_journey_add_stage(&stage, map, id, name));
        for (int t = 0; t < 6; t++) {
            cjm_touchpoint *tp;
            snprintf(id, sizeof id, "t%d-%d", s, t);
            snprintf(name, sizeof name, "Touchpoint %d of stage %d, named at length", t, s);
            ck_assert_ok(cjm_stage_add_touchpoint(&tp, stage, id, name,
                                                  channels[(s + t * (s % 3)) % 12]));
        }
    }
    char *svg = draw(map, NULL);
    ck_assert_uint_eq(count_in(svg, "<g class=\"stage\""), 10);
    ck_assert_uint_eq(count_in(svg, "<g class=\"touchpoint\""), 60);
    static rect boxes[64], markers[200];
    size_t nb = boxes_after(svg, "<g class=\"touchpoint\"", "<rect", boxes, 64);
    size_t nm = boxes_after(svg, "<g class=\"gap\"", "<circle", markers, 200);
    ck_assert_uint_eq(nb, 60);
    cjm_gap_list *gaps;
    ck_assert_ok(cjm_journey_gaps(&gaps, map, NULL));
    ck_assert_uint_eq(nm, cjm_gap_list_count(gaps));
    cjm_gap_list_free(gaps);
    for (size_t i = 0; i < nb; i++)
        for (size_t j = i + 1; j < nb; j++)
            ck_assert_msg(apart(boxes[i], boxes[j]), "boxes %zu and %zu overlap", i, j);
    for (size_t i = 0; i < nm; i++)
        for (size_t j = i + 1; j < nm; j++)
            ck_assert_msg(apart(markers[i], markers[j]), "markers %zu and %zu overlap", i, j);
    /* A marker may sit on its own box's top edge, not on another box. */
    for (size_t i = 0; i < nm; i++) {
        size_t touching = 0;
        for (size_t j = 0; j < nb; j++)
            touching += !apart(markers[i], boxes[j]);
        ck_assert_uint_le(touching, 1);
    }
    cjm_free(svg);
    cjm_journey_free(map);
}
END_TEST

/* The box of the text element at `p` ("<text ... x=".." y=".."...>"): its
 * visible characters, tspans included, from a font of `font` px whose
 * glyphs are taken as 0.6 em wide on average, rising 0.8 em above the
 * baseline y and falling 0.25 em below it (a sans serif's ascenders and
 * descenders), centred on x (text-anchor middle) or starting there. */
static rect text_box(const char *p, int font, bool middle)
{
    rect r = { 0, 0, 0, font * 105 / 100 };
    const char *at = strstr(p, " x=\"");
    ck_assert_int_eq(sscanf(at, " x=\"%d\" y=\"%d\"", &r.x, &r.y), 2);
    size_t chars = 0;
    for (const char *q = strchr(at, '>') + 1; *q; q++) {
        if (*q == '<') {
            if (strncmp(q, "<tspan", 6) && strncmp(q, "</tspan", 7))
                break;
            q = strchr(q, '>');
            continue;
        }
        chars += ((unsigned char)*q & 0xC0) != 0x80; /* a character, not a byte */
    }
    r.w = (int)(chars * (size_t)font * 6 / 10);
    r.x -= middle ? r.w / 2 : 0;
    r.y -= font * 8 / 10;
    return r;
}

/* The diamond of each research group: its path "M x y-r L x+r y ...". */
static size_t diamonds(const char *svg, rect *out, size_t max)
{
    size_t n = 0;
    for (const char *p = strstr(svg, "<g class=\"research\""); p && n < max;
         p = strstr(p + 1, "<g class=\"research\"")) {
        int x, top, right, y;
        ck_assert_int_eq(sscanf(strstr(p, "<path d=\""), "<path d=\"M%d %d L%d %d", &x, &top,
                                &right, &y), 4);
        out[n++] = (rect){ x - (right - x), top, 2 * (right - x), 2 * (y - top) };
    }
    return n;
}

START_TEST(research_apart_from_the_curve)
{
    /* Every stage with the map's own research at exactly the customers'
     * mean (the diamond at the point's height), from +1 (the score's
     * label below the point) to -1 (the diamond beside the axis' label),
     * stages without customers' feedback, and a gap marker or more: the
     * diamonds and their labels overlap nothing else drawn. */
    static const double scores[] = { 2, 1, 0, -1, -2, 0.5 }; /* on -2..2 */
    enum { STAGES = sizeof scores / sizeof scores[0] + 1 };
    cjm_journey *map = cjm_journey_new("r", "Research everywhere");
    for (int s = 0; s < STAGES; s++) {
        char id[16], name[64];
        cjm_stage *stage;
        cjm_touchpoint *tp;
        snprintf(id, sizeof id, "s%d", s);
        snprintf(name, sizeof name, "Stage %d", s);
        ck_assert_ok(cjm_journey_add_stage(&stage, map, id, name));
        snprintf(id, sizeof id, "t%d", s);
        ck_assert_ok(cjm_stage_add_touchpoint(&tp, stage, id, "Somewhere", s % 2 ? "app" : "web"));
        if (s < STAGES - 1) /* the last stage: research, no customers' feedback */
            ck_assert_ok(cjm_touchpoint_add_feedback(NULL, tp, scores[s], -2, 2));
        else
            ck_assert_ok(cjm_touchpoint_add_feedback(NULL, tp, 1, -2, 2));
        snprintf(id, sizeof id, "u%d", s);
        ck_assert_ok(cjm_stage_add_touchpoint(&tp, stage, id, "Elsewhere", "store"));
    }
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    for (int c = 0; c < 1200; c++) {
        char customer[16], tp[16], stage[16];
        snprintf(customer, sizeof customer, "c%d", c);
        for (int s = 0; s < STAGES - c % 3; s++) {
            const char *cs = customer, *ct = tp, *st = stage;
            int64_t at = 1000 * s;
            double score = s < STAGES - 1 ? scores[s] : NAN, low = -2, high = 2;
            snprintf(tp, sizeof tp, "t%d", s);
            snprintf(stage, sizeof stage, "s%d", s);
            ck_assert_ok(cjm_analysis_add_columns(a, 1, &cs, &at, &ct, NULL, &st, &score, &low,
                                                  &high));
        }
    }
    cjm_report *r;
    ck_assert_ok(cjm_analysis_report(&r, a));
    cjm_analysis_free(a);
    char *svg = draw(map, r);
    static rect shapes[4][64], labels[2][64];
    size_t nd = diamonds(svg, shapes[0], 64);
    size_t np = 0;
    for (const char *p = strstr(svg, "<circle class=\"mood\""); p && np < 64;
         p = strstr(p + 1, "<circle class=\"mood\"")) {
        int x, y, radius;
        ck_assert_int_eq(sscanf(p, "<circle class=\"mood\" cx=\"%d\" cy=\"%d\" r=\"%d\"", &x,
                                &y, &radius), 3);
        shapes[1][np++] = (rect){ x - radius, y - radius, 2 * radius, 2 * radius };
    }
    size_t ng = boxes_after(svg, "<g class=\"gap\"", "<circle", shapes[2], 64);
    size_t nb = boxes_after(svg, "<g class=\"touchpoint\"", "<rect", shapes[3], 64);
    size_t nr = 0, ns = 0;
    for (const char *p = strstr(svg, "<g class=\"research\""); p && nr < 64;
         p = strstr(p + 1, "<g class=\"research\""))
        labels[0][nr++] = text_box(strstr(p, "<text class=\"axis\""), 12, true);
    /* The scores beside the points: bold text, centred. */
    for (const char *p = strstr(svg, "<circle class=\"mood\""); p && ns < 64;
         p = strstr(p + 1, "<circle class=\"mood\""))
        labels[1][ns++] = text_box(strstr(p, "<text x="), 12, true);
    ck_assert_uint_eq(nd, STAGES);
    ck_assert_uint_eq(nr, STAGES);
    ck_assert_uint_eq(np, STAGES - 1);
    ck_assert_uint_eq(ns, STAGES - 1);
    ck_assert_uint_eq(nb, 2 * STAGES);
    ck_assert_uint_gt(ng, 0);
    /* The labels were read back: research labels hold their whole text. */
    for (size_t i = 0; i < nr; i++)
        ck_assert_int_ge(labels[0][i].w, (int)strlen("map's research +1.00 n = 1") * 7);
    for (size_t i = 0; i < nd; i++) {
        for (size_t j = 0; j < nd; j++)
            ck_assert_msg(i == j || apart(shapes[0][i], shapes[0][j]), "diamonds %zu, %zu", i,
                          j);
        for (size_t k = 1; k < 4; k++) {
            size_t n = k == 1 ? np : k == 2 ? ng : nb;
            for (size_t j = 0; j < n; j++)
                ck_assert_msg(apart(shapes[0][i], shapes[k][j]),
                              "diamond %zu overlaps shape %zu of kind %zu", i, j, k);
        }
        for (size_t k = 0; k < 2; k++)
            for (size_t j = 0; j < (k ? ns : nr); j++)
                ck_assert_msg(apart(shapes[0][i], labels[k][j]),
                              "diamond %zu overlaps label %zu of kind %zu", i, j, k);
    }
    for (size_t i = 0; i < nr; i++) {
        for (size_t j = i + 1; j < nr; j++)
            ck_assert_msg(apart(labels[0][i], labels[0][j]), "research labels %zu, %zu", i, j);
        for (size_t j = 0; j < ns; j++)
            ck_assert_msg(apart(labels[0][i], labels[1][j]),
                          "research label %zu overlaps score %zu", i, j);
        for (size_t k = 1; k < 4; k++) {
            size_t n = k == 1 ? np : k == 2 ? ng : nb;
            for (size_t j = 0; j < n; j++)
                ck_assert_msg(apart(labels[0][i], shapes[k][j]),
                              "research label %zu overlaps shape %zu of kind %zu", i, j, k);
        }
    }
    cjm_free(svg);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

START_TEST(errors)
{
    cjm_journey *map = retail_map(), *other = funnel_map();
    cjm_report *r = report_and_free(cjm_analysis_new(other, NULL));
    char untouched[] = "untouched", *svg = untouched;
    size_t length = 7;
    ck_assert_status(cjm_svg_write(NULL, NULL, map, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_svg_write(&svg, &length, NULL, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("map");
    ck_assert_status(cjm_svg_write(&svg, &length, map, r, NULL), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("cjm_svg_write: the report is not of this map");
    /* Each public function names itself, wherever the error is found. */
    ck_assert_status(cjm_svg_write_path("/nonexistent/dir/map.svg", map, r, NULL),
                     CJM_ERR_CONFLICT);
    ck_assert_error_mentions("cjm_svg_write_path: the report is not of this map");
    FILE *sink = fopen("/dev/null", "w");
    if (sink) {
        ck_assert_status(cjm_svg_write_file(sink, map, r, NULL), CJM_ERR_CONFLICT);
        ck_assert_error_mentions("cjm_svg_write_file: the report is not of this map");
        fclose(sink);
    }
    ck_assert_str_eq(svg, "untouched");
    ck_assert_uint_eq(length, 7);
    ck_assert_status(cjm_svg_write_file(NULL, map, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_svg_write_path(NULL, map, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_svg_write_path("/nonexistent/dir/map.svg", map, NULL, NULL),
                     CJM_ERR_IO);
    ck_assert_error_mentions("/nonexistent/dir/map.svg");
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        ck_assert_status(cjm_svg_write_file(full, map, NULL, NULL), CJM_ERR_IO);
        fclose(full);
        /* A failed write removes a half-written file, never a device. */
        struct stat info;
        ck_assert_status(cjm_svg_write_path("/dev/full", map, NULL, NULL), CJM_ERR_IO);
        ck_assert(stat("/dev/full", &info) == 0 && S_ISCHR(info.st_mode));
    }
    cjm_report_free(r);
    cjm_journey_free(other);
    cjm_journey_free(map);
}
END_TEST

START_TEST(report_of_a_map_with_other_stages)
{
    /* The same journey id and as many stages, one of another id: the
     * report is not of this map, for the picture, the flow and the page. */
    cjm_journey *funnel = funnel_map(), *map = cjm_journey_new("funnel", "Funnel");
    ck_assert_ok(cjm_journey_add_stage(NULL, map, "a", "Aware"));
    ck_assert_ok(cjm_journey_add_stage(NULL, map, "x", "Other"));
    ck_assert_ok(cjm_journey_add_stage(NULL, map, "b", "Buy"));
    cjm_report *r = funnel_report_min1(funnel);
    char untouched[] = "untouched", *text = untouched;
    ck_assert_status(cjm_svg_write(&text, NULL, map, r, NULL), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("cjm_svg_write: the report is not of this map: stage 'x'");
    ck_assert_status(cjm_flow_svg(&text, NULL, map, r), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("cjm_flow_svg: the report is not of this map: stage 'x'");
    ck_assert_status(cjm_html_write(&text, NULL, map, r, NULL), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("cjm_html_write: the report is not of this map: stage 'x'");
    ck_assert_str_eq(text, "untouched");
    /* The right map still draws. */
    ck_assert_ok(cjm_flow_svg(&text, NULL, funnel, r));
    cjm_free(text);
    cjm_report_free(r);
    cjm_journey_free(map);
    cjm_journey_free(funnel);
}
END_TEST

/* The first x="N" after `marker`. */
static int x_after(const char *svg, const char *marker)
{
    const char *p = strstr(svg, marker);
    ck_assert_ptr_nonnull(p);
    p = strstr(p, " x=\"");
    ck_assert_ptr_nonnull(p);
    return atoi(p + 4);
}

static int width_of(const char *svg)
{
    return atoi(strstr(svg, " width=\"") + 8);
}

/* The wide layout: the same map, the same markers and legend lines, the
 * legend beside the lanes instead of below them; the tall one is
 * cjm_svg_write's. */
START_TEST(wide_layout)
{
    cjm_journey *map = retail_map();
    char *tall = draw(map, NULL), *same = NULL, *wide = NULL;
    ck_assert_ok(cjm_svg_write_layout(&same, NULL, map, NULL, NULL, CJM_SVG_LAYOUT_TALL));
    ck_assert_str_eq(same, tall);
    size_t length = 0;
    ck_assert_ok(cjm_svg_write_layout(&wide, &length, map, NULL, NULL, CJM_SVG_LAYOUT_WIDE));
    ck_assert_uint_eq(length, strlen(wide));
    ck_assert_uint_eq(count_in(wide, "<g class=\"legend-item\""), count_in(tall, "<g class=\"legend-item\""));
    ck_assert_uint_eq(count_in(wide, "<g class=\"gap\""), count_in(tall, "<g class=\"gap\""));
    ck_assert_uint_eq(count_in(wide, "<g class=\"touchpoint\""), count_in(tall, "<g class=\"touchpoint\""));
    /* The lanes end where they end in the tall picture; the legend starts
     * to their right, and the picture is wider. */
    const char *lane = strstr(strstr(wide, "<g class=\"lane\""), "<rect ");
    int lanes_end = x_after(lane, "<rect ") + width_of(lane);
    ck_assert_int_eq(x_after(tall, "<text class=\"legend-head\""), 24);
    ck_assert_int_gt(x_after(wide, "<text class=\"legend-head\""), lanes_end);
    ck_assert_int_gt(width_of(wide), width_of(tall));
    char *bad = NULL;
    ck_assert_status(cjm_svg_write_layout(&bad, NULL, map, NULL, NULL, (cjm_svg_layout)2),
                     CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_svg_write_layout: layout: 2");
    ck_assert_ptr_null(bad);
    ck_assert_status(cjm_svg_write_layout(NULL, NULL, map, NULL, NULL, CJM_SVG_LAYOUT_WIDE),
                     CJM_ERR_INVALID);
    ck_assert_status(cjm_svg_write_layout(&bad, NULL, NULL, NULL, NULL, CJM_SVG_LAYOUT_WIDE),
                     CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_svg_write_layout: map: NULL");
    cjm_free(tall);
    cjm_free(same);
    cjm_free(wide);
    cjm_journey_free(map);
}
END_TEST

static cjm_status write_svg(const char *path, const void *map)
{
    return cjm_svg_write_path(path, map, NULL, NULL);
}

START_TEST(path_whole_or_not_at_all)
{
    cjm_journey *map = retail_map();
    check_path_whole_or_not_at_all(write_svg, map, "cjm_svg_write_path");
    cjm_journey_free(map);
}
END_TEST

START_TEST(path_and_file_agree)
{
    cjm_journey *map = retail_map();
    char *svg = draw(map, NULL), path[] = "/tmp/cjm-svg-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_ok(cjm_svg_write_path(path, map, NULL, NULL));
    FILE *f = fopen(path, "rb");
    char *back = calloc(1, strlen(svg) + 2);
    ck_assert_uint_eq(fread(back, 1, strlen(svg) + 1, f), strlen(svg));
    fclose(f);
    ck_assert_str_eq(back, svg);
    free(back);
    remove(path);
    cjm_free(svg);
    cjm_journey_free(map);
}
END_TEST

START_TEST(allocation_failure)
{
    /* Every allocation fails once in turn: an error, nothing leaked, the
     * output untouched; then it succeeds with the same picture. */
    cjm_journey *map = funnel_map();
    cjm_report *r = funnel_report_min1(map);
    char *want = draw(map, r);
    failalloc_install();
    for (int given = 0; given < 2; given++) {
        for (long n = 1;; n++) {
            char *svg = NULL;
            long live = failalloc_live();
            failalloc_arm(n, false);
            cjm_status st = cjm_svg_write(&svg, NULL, map, given ? r : NULL, NULL);
            bool tripped = failalloc_tripped();
            failalloc_arm(0, false);
            if (!tripped) {
                ck_assert_ok(st);
                if (given)
                    ck_assert_str_eq(svg, want);
                cjm_free(svg);
                break;
            }
            ck_assert_status(st, CJM_ERR_NOMEM);
            ck_assert_ptr_null(svg);
            ck_assert_msg(failalloc_live() == live, "leak failing at %ld (%s)", n, given ? "report" : "map");
        }
    }
    failalloc_uninstall();
    cjm_free(want);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_svg(void)
{
    Suite *s = suite_create("svg");
    TCase *t = tcase_create("picture");
    tcase_add_test(t, map_alone);
    tcase_add_test(t, with_report);
    tcase_add_test(t, unplanned_without_stage);
    tcase_add_test(t, text_is_escaped);
    tcase_add_test(t, noncharacters_replaced);
    tcase_add_test(t, long_names_shortened);
    tcase_add_test(t, long_texts_wrap);
    tcase_add_test(t, wide_layout);
    tcase_add_test(t, path_whole_or_not_at_all);
    tcase_add_test(t, large_map_without_overlap);
    tcase_add_test(t, research_apart_from_the_curve);
    tcase_add_test(t, errors);
    tcase_add_test(t, report_of_a_map_with_other_stages);
    tcase_add_test(t, path_and_file_agree);
    tcase_add_test(t, allocation_failure);
    suite_add_tcase(s, t);
    return s;
}
