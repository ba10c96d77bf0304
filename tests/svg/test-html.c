/* The report's page: its sections and figures, its text escaped, the
 * commands that list customers quoted for a shell, no address of any
 * kind, its errors, and allocation failure. */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "../common/alloc-fail.h"
#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../common/whole-file.h"
#include "../suites.h"
#include <cjm/paths.h>

static const char *const sections[] = { "map", "funnel", "emotion", "segments", "channels",
                                        "time",
                                        "paths", "exits", "red-points" };

/* Nothing the page names may send a browser elsewhere. */
static void self_contained(const char *html)
{
    static const char *const refused[] = { "http:", "https:", "//", "src=", "@import",
                                           "url(", "<script", "<link", "<img", "<iframe" };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        ck_assert_msg(!strstr(html, refused[i]), "the page holds \"%s\"", refused[i]);
}

static char *page(const cjm_journey *map, const cjm_report *r, const char *customers)
{
    char *html = NULL;
    size_t length = 0;
    ck_assert_ok(cjm_html_write(&html, &length, map, r, customers));
    ck_assert_uint_eq(length, strlen(html));
    ck_assert_msg(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">\n", 33) == 0,
                  "not an HTML page: %.60s", html);
    ck_assert_str_eq(html + length - 8, "</html>\n");
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        char open[64];
        snprintf(open, sizeof open, "<section id=\"%s\"", sections[i]);
        ck_assert_msg(count_in(html, open) == 1, "%s: not once", open);
    }
    ck_assert_uint_eq(count_in(html, "<section "), count_in(html, "</section>"));
    ck_assert_uint_eq(count_in(html, "<p class=\"how\">"), sizeof sections / sizeof sections[0]);
    ck_assert_uint_eq(count_in(html, "<svg "), count_in(html, "</svg>"));
    self_contained(html);
    return html;
}

START_TEST(sections_and_figures)
{
    /* The funnel dataset (tests/bulk/test-report.c): reached 5, 4, 3. */
    cjm_journey *map = funnel_map();
    cjm_report *r = funnel_report_min1(map);
    char *html = page(map, r, NULL);
    ck_assert_ptr_nonnull(strstr(html, "<title>Funnel: journey analysis</title>"));
    /* The map inline, without the XML declaration or an address. */
    ck_assert_uint_eq(count_in(html, "<?xml"), 0);
    ck_assert_uint_eq(count_in(html, "<g class=\"stage\""), 3);
    ck_assert_ptr_nonnull(strstr(html, ">5 reached it</text>"));
    ck_assert_ptr_nonnull(strstr(html, "% of the previous stage \xc2\xb7 4 reached it</text>"));
    ck_assert_ptr_nonnull(strstr(html, "% of the previous stage \xc2\xb7 3 reached it</text>"));
    for (size_t i = 0; i < 3; i++) {
        char want[96];
        snprintf(want, sizeof want, ">%llu in the funnel \xc2\xb7 ",
                 (unsigned long long)cjm_report_stage_funnel(r, i));
        ck_assert_msg(strstr(html, want), "no \"%s\"", want);
    }
    /* The first stage is the whole start; no previous stage to convert from. */
    ck_assert_ptr_nonnull(strstr(html, " in the funnel \xc2\xb7 100% of the start</text>"));
    /* One row per red point, numbered as the map's markers, no commands. */
    size_t gaps = cjm_report_gap_count(r);
    ck_assert_uint_gt(gaps, 3);
    ck_assert_uint_eq(count_in(html, "<tr id=\"red-point-"), gaps);
    ck_assert_uint_eq(count_in(html, "<g class=\"gap\""), gaps);
    for (size_t i = 0; i < gaps; i++) {
        char row[64];
        snprintf(row, sizeof row, "<tr id=\"red-point-%zu\" data-kind=\"%s\">", i + 1,
                 cjm_gap_kind_name(cjm_gap_kind_of(cjm_report_gap(r, i))));
        ck_assert_msg(strstr(html, row), "no %s", row);
    }
    ck_assert_uint_eq(count_in(html, "<code>"), 1); /* the footer's journey id */
    ck_assert_ptr_null(strstr(html, "Its customers"));
    /* Every switch of the matrix is a cell of the heat map. */
    ck_assert_ptr_nonnull(strstr(html, "<svg class=\"chart\" id=\"switch-matrix\""));
    for (size_t k = 0; k < cjm_report_matrix_count(r); k++) {
        char cell[128];
        uint64_t n = cjm_report_matrix_switches(r, k);
        snprintf(cell, sizeof cell, "<title>%s \xe2\x86\x92 %s: %llu switch%s</title>",
                 cjm_report_matrix_from(r, k), cjm_report_matrix_to(r, k),
                 (unsigned long long)n, n == 1 ? "" : "es");
        ck_assert_msg(strstr(html, cell), "no %s", cell);
    }
    /* Consider's one answer: a mean without a bar (no score_high). */
    ck_assert_ptr_nonnull(strstr(html, "Consider: mean score -1.00 over 1 feedback item<"));
    /* Time: a row per move to the next stage and the whole journey. */
    ck_assert_uint_eq(count_in(html, ">\xe2\x86\x92 Consider</text>"), 1);
    ck_assert_uint_eq(count_in(html, ">\xe2\x86\x92 Buy</text>"), 1);
    ck_assert_ptr_nonnull(strstr(html, ">The whole journey</text>"));
    /* Paths: a row each; exits: stage a lost 2 (c4, c5), c lost 1. */
    ck_assert_uint_gt(cjm_report_path_count(r), 1);
    ck_assert_uint_eq(count_in(html, " of all</text>"), cjm_report_path_count(r));
    ck_assert_ptr_nonnull(strstr(html, "<tr><td>Aware</td><td class=\"n\">2</td><td>"));
    ck_assert_ptr_nonnull(strstr(html, "<tr><td>Consider</td><td class=\"n\">1</td><td>"));
    ck_assert_uint_eq(count_in(html, "<tr><td>Buy</td><td class=\"n\">"), 0);
    for (size_t k = 0; k < cjm_report_flow_edge_count(r) && k < 15; k++) {
        char row[256];
        snprintf(row, sizeof row, "<tr><td>%s</td><td>%s</td><td class=\"n\">%llu</td>",
                 cjm_report_flow_edge_from(r, k), cjm_report_flow_edge_to(r, k),
                 (unsigned long long)cjm_report_flow_edge_pairs(r, k));
        ck_assert_msg(strstr(html, row), "no %s", row); /* names are the ids here */
    }
    cjm_free(html);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

/* A map of one stage, Alpha (id a), with one touchpoint, T (id t, web). */
static cjm_journey *alpha_map(void)
{
    cjm_journey *map = cjm_journey_new("j", "J");
    cjm_stage *s;
    ck_assert_ok(cjm_journey_add_stage(&s, map, "a", "Alpha"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "t", "T", "web"));
    return map;
}

START_TEST(evidence_bars)
{
    /* Stage a: four answers -2, -1, -1, 0 on [-2, 2]: normalized -1, -0.5,
     * -0.5, 0, mean -0.50, sd sqrt(1/6) = 0.41; with confidence 0.95 and
     * 3 degrees of freedom t = 2.353, score_high = -0.5 + 2.353 * 0.408 / 2
     * = -0.02: below 0, a painful stage beyond reasonable doubt. */
    cjm_journey *map = alpha_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    static const double scores[] = { -2, -1, -1, 0 };
    cjm_event *e = cjm_event_new();
    for (int i = 0; i < 4; i++) {
        char who[8];
        snprintf(who, sizeof who, "c%d", i);
        cjm_event_clear(e);
        ck_assert_ok(cjm_event_set_customer(e, who));
        ck_assert_ok(cjm_event_set_at(e, 1000 * i));
        ck_assert_ok(cjm_event_set_touchpoint(e, "t"));
        ck_assert_ok(cjm_event_set_feedback(e, scores[i], -2, 2));
        ck_assert_ok(cjm_analysis_add_event(a, e));
    }
    cjm_event_free(e);
    cjm_report *r;
    ck_assert_ok(cjm_analysis_report(&r, a));
    ck_assert(fabs(cjm_report_stage_score_high(r, 0) - -0.0196) < 0.001);
    char *html = page(map, r, NULL);
    ck_assert_ptr_nonnull(strstr(html, "Alpha: mean score -0.50 over 4 feedback items, "
                                       "standard deviation 0.41; the true mean could "
                                       "reasonably be as high as -0.02; painful beyond "
                                       "reasonable doubt</title>"));
    ck_assert_uint_eq(count_in(html, ">painful</text>"), 1);
    cjm_free(html);
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(empty_report)
{
    /* No events: every section still there, saying there is nothing. */
    cjm_journey *map = funnel_map();
    cjm_report *r = report_and_free(cjm_analysis_new(map, NULL));
    char *html = page(map, r, NULL);
    ck_assert_ptr_nonnull(strstr(html, "<p>No customer changed channel between two events.</p>"));
    ck_assert_uint_eq(count_in(html, ">no customer to measure</text>"), 3);
    ck_assert_uint_eq(count_in(html, ">no feedback</text>"), 3 + 3); /* map and chart */
    cjm_free(html);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

START_TEST(counts_of_one)
{
    /* One customer, one event, one feedback item: every count reads in
     * the singular, on the page and in its picture. */
    cjm_journey *map = alpha_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    cjm_event *e = cjm_event_new();
    ck_assert_ok(cjm_event_set_customer(e, "c"));
    ck_assert_ok(cjm_event_set_at(e, 1000));
    ck_assert_ok(cjm_event_set_touchpoint(e, "u"));
    ck_assert_ok(cjm_event_set_channel(e, "web"));
    ck_assert_ok(cjm_event_set_feedback(e, -1, -1, 1));
    ck_assert_ok(cjm_analysis_add_event(a, e));
    cjm_event_free(e);
    cjm_report *r;
    ck_assert_ok(cjm_analysis_report(&r, a));
    char *html = page(map, r, NULL);
    ck_assert_ptr_nonnull(strstr(html, "1 customer, 1 event, 1 feedback item;"));
    ck_assert_ptr_nonnull(strstr(html, "1 customer used it<br>"));
    ck_assert_ptr_null(strstr(html, ">1 customers"));
    ck_assert_ptr_null(strstr(html, " 1 customers"));
    ck_assert_ptr_null(strstr(html, " 1 feedback items"));
    cjm_free(html);
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(text_is_escaped)
{
    /* Names from the map and the events never become markup. */
    const char *hostile = "<script>alert('x')</script> & \"</section>";
    cjm_journey *map = cjm_journey_new("j<&>", hostile);
    cjm_stage *s, *s2;
    cjm_touchpoint *t;
    ck_assert_ok(cjm_journey_set_persona(map, "a<b & c>d"));
    ck_assert_ok(cjm_journey_set_description(map, "</header><img onerror=x>"));
    ck_assert_ok(cjm_journey_add_stage(&s, map, "s<1>", "</svg><g>"));
    ck_assert_ok(cjm_journey_add_stage(&s2, map, "s'2", "</td></tr></table>"));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, s, "t&1", "It's <b>bold</b>", "web"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s2, "t2", "<!-- x", "phone"));
    cjm_options *o = cjm_options_new();
    cjm_options_set_min_customers(o, 1);
    cjm_analysis *a = cjm_analysis_new(map, o);
    for (int i = 0; i < 3; i++) {
        char who[8];
        snprintf(who, sizeof who, "c%d", i);
        ck_assert_ok(cjm_analysis_add(a, who, 1, "t&1", NULL, NULL));
        ck_assert_ok(cjm_analysis_add(a, who, 2, "<x onload=y>", "store", "s'2"));
    }
    cjm_report *r;
    ck_assert_ok(cjm_analysis_report(&r, a));
    char *html = page(map, r, "cjm customers 'a&b.json' <events");
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "<b>"));
    ck_assert_ptr_null(strstr(html, "<img"));
    ck_assert_ptr_null(strstr(html, "<x "));
    ck_assert_ptr_null(strstr(html, "<!-- x"));
    ck_assert_ptr_null(strstr(html, "</svg><g>"));
    ck_assert_ptr_null(strstr(html, "</td></tr></table>"));
    ck_assert_ptr_nonnull(strstr(html, "<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                                       "&amp; &quot;&lt;/section&gt;: journey analysis</title>"));
    ck_assert_ptr_nonnull(strstr(html, "&lt;/header&gt;&lt;img onerror=x&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "touchpoint &lt;x onload=y&gt;"));
    /* The commands: the caller's start escaped, the ids quoted for a
     * shell and escaped. */
    ck_assert_ptr_nonnull(strstr(html, "<code>cjm customers &#39;a&amp;b.json&#39; &lt;events "
                                       "--used &#39;&lt;x onload=y&gt;&#39;</code>"));
    ck_assert(strstr(html, "<code>cjm customers &#39;a&amp;b.json&#39; &lt;events "
                           "--used &#39;t&amp;1&#39;</code>") ||
              !strstr(html, "data-kind=\"no_owner\""));
    ck_assert_ptr_nonnull(strstr(html, "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"));
    cjm_free(html);
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

START_TEST(segments_side_by_side)
{
    /* Without a breakdown the section says how to get one; with one, a
     * card per segment, its value escaped. */
    cjm_journey *map = funnel_map();
    cjm_report *r = funnel_report_min1(map);
    char *html = page(map, r, NULL);
    ck_assert_ptr_nonnull(strstr(html, "<p>This analysis has no breakdown"));
    ck_assert_uint_eq(count_in(html, "<div class=\"card\">"), 0);
    cjm_free(html);
    cjm_report_free(r);
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_breakdown(o, "plan"));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_event *e = cjm_event_new();
    for (int i = 0; i < 6; i++) {
        char who[8];
        snprintf(who, sizeof who, "c%d", i);
        cjm_event_clear(e);
        ck_assert_ok(cjm_event_set_customer(e, who));
        ck_assert_ok(cjm_event_set_at(e, i));
        ck_assert_ok(cjm_event_set_touchpoint(e, i % 2 ? "ad" : "compare"));
        if (i < 4)
            ck_assert_ok(cjm_event_set_attribute(e, "plan", i % 2 ? "<b>pro</b>" : "free"));
        ck_assert_ok(cjm_analysis_add_event(a, e));
    }
    cjm_event_free(e);
    ck_assert_ok(cjm_analysis_report(&r, a));
    ck_assert_uint_eq(cjm_report_segment_count(r), 3);
    html = page(map, r, NULL);
    ck_assert_uint_eq(count_in(html, "<div class=\"card\">"), 3);
    ck_assert_ptr_nonnull(strstr(html, "<h3>plan = &lt;b&gt;pro&lt;/b&gt;</h3>"));
    ck_assert_ptr_nonnull(strstr(html, "<h3>plan = free</h3>"));
    ck_assert_ptr_nonnull(strstr(html, "<h3>no plan</h3>"));
    ck_assert_ptr_null(strstr(html, "<b>pro"));
    /* Two customers each: the first stage reached by the odd ones. */
    ck_assert_ptr_nonnull(strstr(html, "<p>2 customers \xc2\xb7 "));
    ck_assert_ptr_null(strstr(html, "id=\"cohort-lines\""));
    cjm_free(html);
    cjm_report_free(r);
    cjm_analysis_free(a);
    /* Cohorts by day, one customer a day: a line per stage over them. */
    ck_assert_ok(cjm_options_set_breakdown(o, "@day"));
    a = cjm_analysis_new(map, o);
    for (int i = 0; i < 3; i++) {
        char who[8];
        snprintf(who, sizeof who, "d%d", i);
        ck_assert_ok(cjm_analysis_add(a, who, (int64_t)i * 86400000, "ad", NULL, NULL));
    }
    ck_assert_ok(cjm_analysis_report(&r, a));
    ck_assert_uint_eq(cjm_report_segment_count(r), 3);
    html = page(map, r, NULL);
    ck_assert_uint_eq(count_in(html, "id=\"cohort-lines\""), 1);
    ck_assert_ptr_nonnull(strstr(html, "<h3>1970-01-03</h3>"));
    ck_assert_uint_eq(count_in(html, "<title>Aware</title><path "), 1);
    cjm_free(html);
    cjm_report_free(r);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

START_TEST(customers_commands)
{
    /* Each red point's selection, its ids quoted only where a shell needs
     * it; the unused touchpoint has nobody to list. */
    cjm_journey *map = funnel_map();
    cjm_report *r = funnel_report_min1(map);
    char *html = page(map, r, "cjm customers map.json events.jsonl");
    ck_assert_ptr_nonnull(strstr(html, "<th scope=\"col\">Its customers</th>"));
    ck_assert_ptr_nonnull(strstr(html, "<code>cjm customers map.json events.jsonl "
                                       "--dropped-at a</code>"));
    ck_assert_ptr_nonnull(strstr(html, "<code>cjm customers map.json events.jsonl "
                                       "--silent-at a</code>"));
    for (size_t i = 0; i < cjm_report_gap_count(r); i++) {
        const cjm_gap *g = cjm_report_gap(r, i);
        if (cjm_gap_kind_of(g) == CJM_GAP_BACKTRACK) {
            char want[128];
            snprintf(want, sizeof want, "--backtracked %s:%s</code>", cjm_gap_stage(g),
                     cjm_gap_to_stage(g));
            ck_assert_msg(strstr(html, want), "no %s", want);
        }
        if (cjm_gap_kind_of(g) == CJM_GAP_SLOW_TRANSITION)
            ck_assert_ptr_nonnull(strstr(html, "--reached a --reached c</code>"));
    }
    cjm_free(html);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

START_TEST(errors)
{
    cjm_journey *map = retail_map(), *other = funnel_map();
    cjm_report *r = report_and_free(cjm_analysis_new(other, NULL));
    char untouched[] = "untouched", *html = untouched;
    size_t length = 7;
    ck_assert_status(cjm_html_write(NULL, NULL, other, r, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("out");
    ck_assert_status(cjm_html_write(&html, &length, NULL, r, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("map");
    ck_assert_status(cjm_html_write(&html, &length, other, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("report");
    ck_assert_status(cjm_html_write(&html, &length, map, r, NULL), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("cjm_html_write: the report is not of this map");
    ck_assert_status(cjm_html_write_path("/nonexistent/dir/page.html", map, r, NULL),
                     CJM_ERR_CONFLICT);
    ck_assert_error_mentions("cjm_html_write_path: the report is not of this map");
    ck_assert_str_eq(html, "untouched");
    ck_assert_uint_eq(length, 7);
    ck_assert_status(cjm_html_write_path(NULL, other, r, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_html_write_path("/nonexistent/dir/page.html", other, r, NULL),
                     CJM_ERR_IO);
    ck_assert_error_mentions("/nonexistent/dir/page.html");
    cjm_report_free(r);
    cjm_journey_free(other);
    cjm_journey_free(map);
}
END_TEST

typedef struct map_and_report {
    const cjm_journey *map;
    const cjm_report *report;
} map_and_report;

static cjm_status write_page(const char *path, const void *object)
{
    const map_and_report *both = object;
    return cjm_html_write_path(path, both->map, both->report, NULL);
}

START_TEST(path_whole_or_not_at_all)
{
    cjm_journey *map = funnel_map();
    cjm_report *r = funnel_report_min1(map);
    map_and_report both = { map, r };
    check_path_whole_or_not_at_all(write_page, &both, "cjm_html_write_path");
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

START_TEST(allocation_failure)
{
    /* Every allocation fails once in turn: an error, nothing leaked, the
     * output untouched; then it succeeds with the same page. */
    cjm_journey *map = funnel_map();
    cjm_report *r = funnel_report_min1(map);
    char *want = page(map, r, "cjm customers m e");
    failalloc_install();
    for (long n = 1;; n++) {
        char *html = NULL;
        long live = failalloc_live();
        failalloc_arm(n, false);
        cjm_status st = cjm_html_write(&html, NULL, map, r, "cjm customers m e");
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (!tripped) {
            ck_assert_ok(st);
            ck_assert_str_eq(html, want);
            cjm_free(html);
            break;
        }
        ck_assert_status(st, CJM_ERR_NOMEM);
        ck_assert_ptr_null(html);
        ck_assert_msg(failalloc_live() == live, "leak failing at %ld", n);
    }
    failalloc_uninstall();
    cjm_free(want);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_html(void)
{
    Suite *s = suite_create("html");
    TCase *t = tcase_create("page");
    tcase_add_test(t, sections_and_figures);
    tcase_add_test(t, evidence_bars);
    tcase_add_test(t, empty_report);
    tcase_add_test(t, counts_of_one);
    tcase_add_test(t, text_is_escaped);
    tcase_add_test(t, segments_side_by_side);
    tcase_add_test(t, customers_commands);
    tcase_add_test(t, errors);
    tcase_add_test(t, path_whole_or_not_at_all);
    tcase_add_test(t, allocation_failure);
    suite_add_tcase(s, t);
    return s;
}
