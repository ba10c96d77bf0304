/* Many threads at once: separate analyses, readers and writers on separate
 * handles, and one journey and one report read from every thread. Each
 * thread's result must equal what one thread alone computes, and each
 * thread's last error must be its own. Run under ThreadSanitizer in CI. */
#include <pthread.h>
#include <stdlib.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"
#ifdef CJM_TEST_JSON
#include <cjm/json.h>
#endif
#ifdef CJM_TEST_XML
#include <cjm/xml.h>
#endif

#define THREADS 8

/* The work of one thread: everything it makes, as text to compare. */
typedef struct work {
    const cjm_journey *shared;     /* read by every thread */
    const cjm_report *shared_report;
    int index;
    char *svg, *report_json, *journey_json, *journey_xml, *xes_report_json;
    size_t gaps, switches;
    bool error_was_own;
} work;

static char *report_of(const cjm_journey *map, const test_event *events, size_t n,
                       unsigned threads)
{
    cjm_options *o = cjm_options_new();
    cjm_options_set_threads(o, threads);
    cjm_options_set_min_customers(o, 1);
    cjm_analysis *a = cjm_analysis_new(map, o);
    add_events(a, events, n);
    cjm_report *r;
    char *svg = NULL;
    if (cjm_analysis_report(&r, a) == CJM_OK) {
        if (cjm_svg_write(&svg, NULL, map, r, NULL) != CJM_OK)
            svg = NULL;
        cjm_report_free(r);
    }
    cjm_analysis_free(a);
    cjm_options_free(o);
    return svg;
}

#ifdef CJM_TEST_JSON
static const char jsonl[] =
    "{\"customer\":\"c1\",\"at\":\"2026-03-01T09:00:00Z\",\"touchpoint\":\"ad\"}\n"
    "{\"customer\":\"c1\",\"at\":\"2026-03-01T10:00:00Z\",\"touchpoint\":\"compare\","
    "\"feedback\":{\"score\":-1,\"scale\":[-2,2]}}\n"
    "{\"customer\":\"c2\",\"at\":\"2026-03-01T09:30:00Z\",\"touchpoint\":\"site\"}\n"
    "{\"customer\":\"c2\",\"at\":\"2026-03-02T09:30:00Z\",\"touchpoint\":\"chat\","
    "\"channel\":\"chat\",\"stage\":\"c\"}\n"
    "{\"customer\":\"c3\",\"at\":\"2026-03-01T08:00:00Z\",\"touchpoint\":\"checkout\"}\n";
#endif

static void *run(void *arg)
{
    work *w = arg;
    /* Separate handles: an analysis with worker threads of its own. */
    cjm_journey *map = funnel_map();
    w->svg = report_of(map, funnel_events, FUNNEL_EVENTS, 2);
    /* The shared journey, only read. */
    cjm_gap_list *gaps;
    if (cjm_journey_gaps(&gaps, w->shared, NULL) == CJM_OK) {
        w->gaps = cjm_gap_list_count(gaps);
        cjm_gap_list_free(gaps);
    }
    cjm_journey_channel_switches(&w->switches, w->shared);
    cjm_journey *copy = cjm_journey_copy(w->shared);
    if (!cjm_journey_equal(copy, w->shared))
        w->gaps = (size_t)-1;
    cjm_journey_free(copy);
    char *shared_svg = NULL;
    if (cjm_svg_write(&shared_svg, NULL, w->shared, w->shared_report, NULL) == CJM_OK)
        cjm_free(shared_svg);
    else
        w->gaps = (size_t)-1;
    /* The error slot is the thread's own: a duplicate stage id, named in
     * the message. */
    char id[32];
    snprintf(id, sizeof id, "stage-of-thread-%d", w->index);
    cjm_journey *own = cjm_journey_new("own", "Own");
    cjm_stage *s;
    cjm_journey_add_stage(&s, own, id, "x");
    cjm_journey_add_stage(&s, own, id, "x");
    w->error_was_own = cjm_last_status() == CJM_ERR_DUPLICATE &&
                       strstr(cjm_last_error(), id) != NULL;
    cjm_journey_free(own);
#ifdef CJM_TEST_JSON
    /* Readers and writers on separate handles. */
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    if (cjm_json_read_events(jsonl, sizeof jsonl - 1, "events", 2, cjm_analysis_sink, a) ==
        CJM_OK) {
        cjm_report *r;
        if (cjm_analysis_report(&r, a) == CJM_OK) {
            cjm_json_write_report(&w->report_json, NULL, r, CJM_JSON_COMPACT);
            cjm_report_free(r);
        }
    }
    cjm_analysis_free(a);
    char *text = NULL;
    size_t n = 0;
    cjm_journey *back = NULL;
    if (cjm_json_write_journey(&text, &n, w->shared, 0) == CJM_OK &&
        cjm_json_read_journey(&back, text, n, "shared") == CJM_OK)
        cjm_json_write_journey(&w->journey_json, NULL, back, CJM_JSON_COMPACT);
    cjm_journey_free(back);
    cjm_free(text);
#endif
#if defined(CJM_TEST_XML) && defined(CJM_TEST_JSON)
    back = NULL;
    text = NULL;
    if (cjm_xml_write_journey(&text, &n, w->shared, 0) == CJM_OK &&
        cjm_xml_validate_journey(text, n, "shared") == CJM_OK &&
        cjm_xml_read_journey(&back, text, n, "shared") == CJM_OK)
        cjm_xml_write_journey(&w->journey_xml, NULL, back, CJM_XML_COMPACT);
    cjm_journey_free(back);
    cjm_free(text);
    cjm_xes_options *xo = cjm_xes_options_new();
    cjm_xes_options_set_threads(xo, 2); /* a parser thread for each reader */
    cjm_options *other = cjm_options_new(); /* the log's activities are not in the map */
    cjm_options_set_default_channel(other, "other");
    a = cjm_analysis_new(map, other);
    cjm_options_free(other);
    if (cjm_xes_read_events_path(CJM_TEST_DATA "/xes/running-example.xes", xo,
                                 cjm_analysis_sink, a) == CJM_OK) {
        cjm_report *r;
        if (cjm_analysis_report(&r, a) == CJM_OK) {
            cjm_json_write_report(&w->xes_report_json, NULL, r, CJM_JSON_COMPACT);
            cjm_report_free(r);
        }
    }
    cjm_analysis_free(a);
    cjm_xes_options_free(xo);
#endif
    cjm_journey_free(map);
    return NULL;
}

static void release(work *w)
{
    cjm_free(w->svg);
    cjm_free(w->report_json);
    cjm_free(w->journey_json);
    cjm_free(w->journey_xml);
    cjm_free(w->xes_report_json);
}

static void expect_same_text(const char *what, const char *want, const char *got, int thread)
{
    ck_assert_msg((want == NULL) == (got == NULL), "%s of thread %d: %s", what, thread,
                  got ? "made, not alone" : "not made");
    if (want)
        ck_assert_msg(strcmp(want, got) == 0, "%s of thread %d differs", what, thread);
}

START_TEST(many_threads_agree_with_one)
{
    /* One map and one report of it, read by every thread at once. */
    cjm_journey *shared = funnel_map();
    cjm_analysis *a = cjm_analysis_new(shared, NULL);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    cjm_report *shared_report;
    ck_assert_ok(cjm_analysis_report(&shared_report, a));
    work alone = { .shared = shared, .shared_report = shared_report, .index = 99 };
    run(&alone);
    ck_assert_ptr_nonnull(alone.svg);
    ck_assert(alone.error_was_own);
#ifdef CJM_TEST_JSON
    ck_assert_ptr_nonnull(alone.report_json);
    ck_assert_ptr_nonnull(alone.journey_json);
#endif
#if defined(CJM_TEST_XML) && defined(CJM_TEST_JSON)
    ck_assert_ptr_nonnull(alone.journey_xml);
    ck_assert_ptr_nonnull(alone.xes_report_json);
#endif
    work w[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (work){ .shared = shared, .shared_report = shared_report, .index = i };
        ck_assert_int_eq(pthread_create(&t[i], NULL, run, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < THREADS; i++) {
        expect_same_text("picture", alone.svg, w[i].svg, i);
        expect_same_text("JSON Lines report", alone.report_json, w[i].report_json, i);
        expect_same_text("journey JSON", alone.journey_json, w[i].journey_json, i);
        expect_same_text("journey XML", alone.journey_xml, w[i].journey_xml, i);
        expect_same_text("XES report", alone.xes_report_json, w[i].xes_report_json, i);
        ck_assert_uint_eq(w[i].gaps, alone.gaps);
        ck_assert_uint_eq(w[i].switches, alone.switches);
        ck_assert_msg(w[i].error_was_own, "thread %d read another thread's error", i);
        release(&w[i]);
    }
    release(&alone);
    cjm_report_free(shared_report);
    cjm_analysis_free(a);
    cjm_journey_free(shared);
}
END_TEST

Suite *suite_threads(void)
{
    Suite *s = suite_create("threads");
    TCase *t = tcase_create("threads");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, many_threads_agree_with_one);
    suite_add_tcase(s, t);
    return s;
}
