/* XES event logs: every real log of tests/data, the importer cases, round
 * trips through the writer, the reader's options, figures of the help-desk
 * log against an independent computation, and hostile input. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <cjm/xml.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>

#include "../common/alloc-fail.h"
#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"

#define XES_DIR CJM_TEST_DATA "/xes/"

typedef struct tally {
    long good, bad;
    char first_bad[600];
} tally;

static cjm_status count(const cjm_event *e, void *userdata)
{
    tally *t = userdata;
    cjm_status status;
    const char *problem = cjm_event_error(e, &status);
    if (problem && !t->bad++)
        snprintf(t->first_bad, sizeof t->first_bad, "%s", problem);
    if (!problem)
        t->good++;
    return CJM_OK;
}

/* An analysis of a map with no touchpoint: every event unplanned, on the
 * default channel. */
static cjm_report *analyze_path(const char *path, const cjm_journey *map,
                                const cjm_xes_options *xo)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_default_channel(o, "other"));
    cjm_analysis *a = cjm_analysis_new(map, o);
    ck_assert_ok(cjm_xes_read_events_path(path, xo, cjm_analysis_sink, a));
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    cjm_analysis_free(a);
    cjm_options_free(o);
    return r;
}

START_TEST(every_real_log_reads)
{
    static const struct {
        const char *file;
        uint64_t customers, events;
    } logs[] = {
        { "running-example.xes", 6, 42 },    { "helpdesk.xes.gz", 4580, 21348 },
        { "bpic2013-incidents.xes.gz", 7554, 65533 }, { "bpic2012.xes.gz", 13087, 262200 },
        { "receipt.xes.gz", 1434, 8577 },    { "teleclaims.xes.gz", 3512, 46138 },
        { "orders.xes.gz", 17, 154 },
    };
    cjm_journey *map = cjm_journey_new("any", "");
    for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
        /* With CJM_TEST_SMALL (under valgrind) the two largest logs, four
         * fifths of the events, are left to the native and sanitizer runs. */
        if (test_small() && logs[i].events > 50000)
            continue;
        char path[512];
        snprintf(path, sizeof path, XES_DIR "%s", logs[i].file);
        cjm_report *r = analyze_path(path, map, NULL);
        ck_assert_msg(cjm_report_events(r) == logs[i].events, "%s: %llu events", logs[i].file,
                      (unsigned long long)cjm_report_events(r));
        ck_assert_int_eq(cjm_report_customers(r) <= logs[i].customers, 1);
        ck_assert_int_eq(cjm_report_rejected(r), 0);
        cjm_report_free(r);
    }
    cjm_journey_free(map);
}
END_TEST

/* Valid by the README's rule: a name with "Correct" or one of these. */
static bool valid_case(const char *name)
{
    static const char *const valid[] = { "extensionStandard.xes", "globalNoAttributes.xes",
                                         "listEmptyValues.xes", "listTwoValues.xes",
                                         "logNoNestedAttributes.xes",
                                         "stringNotNestedButDeclared.xes" };
    if (strstr(name, "Correct") && !strstr(name, "Incorrect"))
        return true;
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        if (strcmp(name, valid[i]) == 0)
            return true;
    return false;
}

START_TEST(importer_cases)
{
    DIR *dir = opendir(XES_DIR "importer-cases");
    ck_assert_ptr_nonnull(dir);
    int seen = 0, accepted = 0;
    struct dirent *d;
    while ((d = readdir(dir)) != NULL) {
        if (!strstr(d->d_name, ".xes"))
            continue;
        char path[512];
        snprintf(path, sizeof path, XES_DIR "importer-cases/%s", d->d_name);
        tally t = { 0, 0, "" };
        cjm_status rc = cjm_xes_read_events_path(path, NULL, count, &t);
        bool valid = valid_case(d->d_name);
        ck_assert_msg(valid == (rc == CJM_OK), "%s: %s", d->d_name,
                      rc ? cjm_last_error() : "accepted");
        if (rc != CJM_OK) {
            ck_assert_error_mentions(d->d_name);
            ck_assert(rc == CJM_ERR_INVALID || rc == CJM_ERR_PARSE);
        }
        seen++;
        accepted += rc == CJM_OK;
    }
    closedir(dir);
    ck_assert_int_eq(seen, 71);
    ck_assert_int_eq(accepted, 22);
}
END_TEST

/* Writes events through the XES writer into memory. */
static char *write_xes(const test_event *events, size_t n, unsigned flags, size_t *size)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, size);
    cjm_xes_writer *w = NULL;
    ck_assert_ok(cjm_xes_writer_new(&w, f, flags));
    cjm_event *e = cjm_event_new();
    for (size_t i = 0; i < n; i++) {
        cjm_event_clear(e);
        ck_assert_ok(cjm_event_set_customer(e, events[i].customer));
        ck_assert_ok(cjm_event_set_at(e, events[i].at));
        ck_assert_ok(cjm_event_set_touchpoint(e, events[i].touchpoint));
        ck_assert_ok(cjm_event_set_channel(e, events[i].channel));
        ck_assert_ok(cjm_event_set_stage(e, events[i].stage));
        if (!isnan(events[i].score)) {
            ck_assert_ok(cjm_event_set_feedback(e, events[i].score, events[i].min,
                                                events[i].max));
            ck_assert_ok(cjm_event_set_comment(e, "Slow <site> & \"long\"\nwait"));
            if (i % 2) /* else the event's own time */
                ck_assert_ok(cjm_event_set_feedback_at(e, events[i].at + 1));
        }
        ck_assert_ok(cjm_xes_writer_add(w, e));
    }
    ck_assert_ok(cjm_xes_writer_finish(w));
    ck_assert_status(cjm_xes_writer_add(w, e), CJM_ERR_INVALID);
    cjm_event_free(e);
    cjm_xes_writer_free(w);
    fclose(f);
    return text;
}

static cjm_report *analyze(const cjm_journey *map, const char *xes, size_t size,
                           const cjm_xes_options *o)
{
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_ok(cjm_xes_read_events(xes, size, "written.xes", o, cjm_analysis_sink, a));
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    cjm_analysis_free(a);
    return r;
}

START_TEST(round_trip_gives_the_same_report)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    cjm_report *direct = NULL;
    ck_assert_ok(cjm_analysis_report(&direct, a));
    cjm_analysis_free(a);
    for (unsigned flags = 0; flags <= CJM_XML_COMPACT; flags++) {
        size_t size = 0;
        char *xes = write_xes(funnel_events, FUNNEL_EVENTS, flags, &size);
        /* Parsing on a second thread or in the calling one; the keys named
         * as the defaults are. */
        cjm_xes_options *o = cjm_xes_options_new();
        ck_assert_ok(cjm_xes_options_set_stage_key(o, "cjm:stage"));
        ck_assert_ok(cjm_xes_options_set_channel_key(o, "cjm:channel"));
        for (unsigned threads = 0; threads <= 2; threads++) {
            ck_assert_ok(cjm_xes_options_set_threads(o, threads));
            cjm_report *back = analyze(map, xes, size, o);
            assert_reports_equal(direct, back);
            cjm_report_free(back);
        }
        ck_assert_status(cjm_xes_options_set_threads(NULL, 1), CJM_ERR_INVALID);
        ck_assert_status(cjm_xes_options_set_stage_key(NULL, "x"), CJM_ERR_INVALID);
        /* Another stage key: the events that named a stage name none. */
        ck_assert_ok(cjm_xes_options_set_stage_key(o, "no-such-key"));
        cjm_report *other = analyze(map, xes, size, o);
        ck_assert_int_eq(cjm_report_events(other), cjm_report_events(direct));
        cjm_report_free(other);
        cjm_xes_options_free(o);
        /* Strict IEEE 1849-2016 rules hold for what the writer writes. */
        ck_assert_ptr_nonnull(strstr(xes, "xes.version=\"1849.2016\""));
        free(xes);
    }
    cjm_report_free(direct);
    cjm_journey_free(map);
}
END_TEST

static cjm_event *first_event;

static cjm_status keep_first(const cjm_event *e, void *userdata)
{
    (void)userdata;
    if (!cjm_event_customer(first_event)) {
        cjm_status s;
        ck_assert_msg(!cjm_event_error(e, &s), "%s", cjm_event_error(e, &s));
        ck_assert_ok(cjm_event_set_customer(first_event, cjm_event_customer(e)));
        ck_assert_ok(cjm_event_set_touchpoint(first_event, cjm_event_touchpoint(e)));
        ck_assert_ok(cjm_event_set_at(first_event, cjm_event_at(e)));
        ck_assert_ok(cjm_event_set_channel(first_event, cjm_event_channel(e)));
        ck_assert_ok(cjm_event_set_stage(first_event, cjm_event_stage(e)));
        if (cjm_event_has_feedback(e)) {
            ck_assert_ok(cjm_event_set_feedback(first_event, cjm_event_score(e),
                                                cjm_event_scale_min(e), cjm_event_scale_max(e)));
            ck_assert_ok(cjm_event_set_comment(first_event, cjm_event_comment(e)));
            if (cjm_event_feedback_at(e) != CJM_UNSET)
                ck_assert_ok(cjm_event_set_feedback_at(first_event, cjm_event_feedback_at(e)));
        }
    }
    return CJM_OK;
}

START_TEST(events_come_back_equal)
{
    static const test_event one[] = {
        { "c \xc3\xa9", INT64_C(1772356500250), "compare web", "chat", "c", 4, 1, 5 },
    };
    size_t size = 0;
    char *xes = write_xes(one, 1, 0, &size);
    ck_assert_ptr_null(strstr(xes, "feedback-at"));
    first_event = cjm_event_new();
    ck_assert_ok(cjm_xes_read_events(xes, size, NULL, NULL, keep_first, NULL));
    ck_assert_str_eq(cjm_event_customer(first_event), "c \xc3\xa9");
    ck_assert_str_eq(cjm_event_touchpoint(first_event), "compare web");
    ck_assert_int_eq(cjm_event_at(first_event), INT64_C(1772356500250));
    ck_assert_str_eq(cjm_event_channel(first_event), "chat");
    ck_assert_str_eq(cjm_event_stage(first_event), "c");
    ck_assert_double_eq(cjm_event_score(first_event), 4);
    ck_assert_double_eq(cjm_event_scale_min(first_event), 1);
    ck_assert_double_eq(cjm_event_scale_max(first_event), 5);
    ck_assert_str_eq(cjm_event_comment(first_event), "Slow <site> & \"long\"\nwait");
    ck_assert_int_eq(cjm_event_feedback_at(first_event), CJM_UNSET); /* the event's time */
    cjm_event_free(first_event);
    free(xes);
}
END_TEST

/* The ticket map of helpdesk-figures.py. */
static cjm_journey *ticket_map(void)
{
    static const struct {
        const char *stage, *touchpoint, *channel;
    } tps[] = {
        { "open", "Insert ticket", "web" },          { "open", "Assign seriousness", "phone" },
        { "handle", "Take in charge ticket", "phone" }, { "handle", "Wait", "phone" },
        { "handle", "Require upgrade", "phone" },    { "resolve", "Resolve ticket", "email" },
        { "close", "Closed", "email" },
    };
    cjm_journey *j = cjm_journey_new("helpdesk-ticket", "A help-desk ticket");
    cjm_stage *s = NULL;
    for (size_t i = 0; i < sizeof tps / sizeof tps[0]; i++) {
        if (!s || strcmp(cjm_stage_id(s), tps[i].stage) != 0)
            ck_assert_ok(cjm_journey_add_stage(&s, j, tps[i].stage, tps[i].stage));
        ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, tps[i].touchpoint, tps[i].touchpoint,
                                              tps[i].channel));
    }
    return j;
}

/* Figures printed by `python3 tests/xml/helpdesk-figures.py
 * tests/data/xes/helpdesk.xes.gz`, which reads the log with the standard
 * library and applies analysis.md's definitions on its own. */
START_TEST(helpdesk_figures)
{
    static const uint64_t reached[] = { 4502, 4328, 4569, 4559 };
    static const uint64_t dropped[] = { 0, 11, 10, 0 };
    static const int64_t median[] = { 61443000, 173048000, 2607942000 };
    cjm_journey *map = ticket_map();
    cjm_report *r = analyze_path(XES_DIR "helpdesk.xes.gz", map, NULL);
    ck_assert_int_eq(cjm_report_customers(r), 4580);
    ck_assert_int_eq(cjm_report_events(r), 21348);
    ck_assert_int_eq(cjm_report_completed(r), 4559);
    ck_assert_int_eq(cjm_report_stage_count(r), 4);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(cjm_report_stage_reached(r, i), reached[i]);
        ck_assert_int_eq(cjm_report_stage_dropped(r, i), dropped[i]);
        if (i < 3)
            ck_assert_int_eq(cjm_report_stage_median_transition_ms(r, i), median[i]);
    }
    ck_assert_int_eq(cjm_report_switches(r), 5099);
    ck_assert_int_eq(cjm_report_multichannel_customers(r), 4574);
    cjm_report_free(r);
    cjm_journey_free(map);
}
END_TEST

START_TEST(reader_options)
{
    cjm_journey *map = cjm_journey_new("any", "");
    cjm_xes_options *o = cjm_xes_options_new();
    /* teleclaims holds 24,825 complete and 21,313 start transitions. */
    ck_assert_ok(cjm_xes_options_set_lifecycle(o, "COMPLETE"));
    cjm_report *r = analyze_path(XES_DIR "teleclaims.xes.gz", map, o);
    ck_assert_int_eq(cjm_report_events(r), 24825);
    cjm_report_free(r);
    /* The classifier's keys joined: "Confirmation of receipt+complete". */
    ck_assert_ok(cjm_xes_options_set_lifecycle(o, NULL));
    ck_assert_ok(cjm_xes_options_set_touchpoint_classifier(o, "Activity classifier"));
    r = analyze_path(XES_DIR "receipt.xes.gz", map, o);
    ck_assert_int_eq(cjm_report_events(r), 8577);
    bool joined = false;
    for (size_t i = 0; i < cjm_report_touchpoint_count(r); i++)
        joined |= strcmp(cjm_report_touchpoint_id(r, i), "Confirmation of receipt+complete") == 0;
    ck_assert(joined);
    cjm_report_free(r);
    /* A classifier the log lacks. */
    ck_assert_ok(cjm_xes_options_set_touchpoint_classifier(o, "Nope"));
    tally t = { 0, 0, "" };
    ck_assert_status(cjm_xes_read_events_path(XES_DIR "receipt.xes.gz", o, count, &t),
                     CJM_ERR_INVALID);
    ck_assert_error_mentions("no event classifier \"Nope\"");
    /* Channel from org:group, customer from another trace attribute. */
    ck_assert_ok(cjm_xes_options_set_touchpoint_key(o, NULL));
    ck_assert_ok(cjm_xes_options_set_channel_key(o, "org:resource"));
    r = analyze_path(XES_DIR "running-example.xes", map, o);
    bool pete = false;
    for (size_t i = 0; i < cjm_report_channel_count(r); i++)
        pete |= strcmp(cjm_report_channel(r, i), "pete") == 0;
    ck_assert(pete);
    cjm_report_free(r);
    ck_assert_ok(cjm_xes_options_set_customer_key(o, "creator"));
    r = analyze_path(XES_DIR "running-example.xes", map, o);
    ck_assert_int_eq(cjm_report_customers(r), 1);
    cjm_report_free(r);
    ck_assert_ok(cjm_xes_options_set_customer_key(o, "no-such-key"));
    t = (tally){ 0, 0, "" };
    ck_assert_ok(cjm_xes_read_events_path(XES_DIR "running-example.xes", o, count, &t));
    ck_assert_int_eq(t.bad, 42);
    ck_assert_ptr_nonnull(strstr(t.first_bad, "no \"no-such-key\" to name the customer"));
    ck_assert_ptr_nonnull(strstr(t.first_bad, "running-example.xes:"));
    ck_assert_status(cjm_xes_options_set_channel_key(NULL, "x"), CJM_ERR_INVALID);
    ck_assert_status(cjm_xes_options_set_assume_utc(NULL, true), CJM_ERR_INVALID);
    cjm_xes_options_free(o);
    cjm_xes_options_free(NULL);
    cjm_journey_free(map);
}
END_TEST

static cjm_status read_text(const char *text, tally *t, const cjm_xes_options *o)
{
    *t = (tally){ 0, 0, "" };
    return cjm_xes_read_events(text, strlen(text), "log.xes", o, count, t);
}

#define LOG "<log xes.version=\"1.0\">"
#define TRACE "<trace><string key=\"concept:name\" value=\"c1\"/>"

START_TEST(event_problems_are_marked)
{
    static const struct {
        const char *text, *what;
    } cases[] = {
        { LOG TRACE "<event><string key=\"concept:name\" value=\"a\"/></event></trace></log>",
          "no time:timestamp" },
        { LOG TRACE "<event><date key=\"time:timestamp\" value=\"2026-03-01T09:15:00Z\"/>"
          "</event></trace></log>", "no \"concept:name\" to name the touchpoint" },
        { LOG TRACE "<event><string key=\"concept:name\" value=\"a\"/>"
          "<date key=\"time:timestamp\" value=\"2026-03-01T09:15:00Z\"/>"
          "<string key=\"cjm:channel\" value=\"we b\"/></event></trace></log>", "cjm:channel" },
        { LOG TRACE "<event><string key=\"concept:name\" value=\"a\"/>"
          "<date key=\"time:timestamp\" value=\"2026-03-01T09:15:00Z\"/>"
          "<float key=\"cjm:score\" value=\"9\"/></event></trace></log>", "cjm:score" },
        { LOG TRACE "<event><string key=\"concept:name\" value=\"a\"/>"
          "<date key=\"time:timestamp\" value=\"2026-03-01T09:15:00Z\"/>"
          "<string key=\"cjm:comment\" value=\"x\"/></event></trace></log>",
          "feedback text without cjm:score" },
        { LOG "<event><string key=\"concept:name\" value=\"a\"/></event></log>",
          "outside a trace" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tally t;
        ck_assert_ok(read_text(cases[i].text, &t, NULL));
        ck_assert_int_eq(t.bad, 1);
        ck_assert_msg(strstr(t.first_bad, cases[i].what) && strstr(t.first_bad, "log.xes:1:"),
                      "%s", t.first_bad);
    }
    /* A date without a zone: refused unless asked to read it as UTC. */
    static const char naive[] = "<log xes.version=\"1.0\">" TRACE
                                "<event><string key=\"concept:name\" value=\"a\"/>"
                                "<date key=\"time:timestamp\" value=\"2026-03-01T09:15:00\"/>"
                                "</event></trace></log>";
    tally t;
    ck_assert_status(read_text(naive, &t, NULL), CJM_ERR_INVALID);
    cjm_xes_options *o = cjm_xes_options_new();
    ck_assert_ok(cjm_xes_options_set_assume_utc(o, true));
    ck_assert_ok(read_text(naive, &t, o));
    ck_assert_int_eq(t.good, 1);
    cjm_xes_options_free(o);
    /* A strict analysis stops at the first marked event and names it. */
    cjm_journey *map = cjm_journey_new("any", "");
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_status(cjm_xes_read_events(cases[0].text, strlen(cases[0].text), "log.xes", NULL,
                                         cjm_analysis_sink, a), CJM_ERR_INVALID);
    ck_assert_error_mentions("log.xes:1:");
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(hostile_input)
{
    static const struct {
        const char *text;
        cjm_status status;
        const char *what;
    } bad[] = {
        { "<?xml version=\"1.0\"?>\n<!DOCTYPE log [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
          "\n<log xes.version=\"1.0\"><string key=\"a\" value=\"&x;\"/></log>", CJM_ERR_PARSE,
          "DOCTYPE" },
        { "<!DOCTYPE log [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
          "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;\">"
          "]><log xes.version=\"1.0\"><string key=\"a\" value=\"&d;\"/></log>", CJM_ERR_PARSE,
          "DOCTYPE" },
        { "<!DOCTYPE log SYSTEM \"http://example.invalid/xes.dtd\"><log xes.version=\"1.0\"/>",
          CJM_ERR_PARSE, "DOCTYPE" },
        { "<log xmlns=\"urn:not-xes\" xes.version=\"1.0\"/>", CJM_ERR_INVALID,
          "namespace urn:not-xes" },
        { "<log xes.version=\"1.0\"><string key=\"a\" value=\"\xff\"/></log>", CJM_ERR_PARSE,
          "log.xes:1:" },
        { "<log xes.version=\"1.0\"><trace>", CJM_ERR_PARSE, "log.xes:1:" },
        { "<journey/>", CJM_ERR_INVALID, "not an XES log" },
        { "\x1f\x8b\x08\x00garbage", CJM_ERR_PARSE, "gzip" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tally t;
        ck_assert_status(read_text(bad[i].text, &t, NULL), bad[i].status);
        ck_assert_error_mentions(bad[i].what);
    }
    size_t n = 100000;
    char *deep = malloc(n * 40 + 100);
    char *p = deep + sprintf(deep, "<log xes.version=\"1.0\" xes.features=\"nested-attributes\">");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "<string key=\"k\" value=\"v\">");
    *p = '\0';
    tally t;
    ck_assert_status(read_text(deep, &t, NULL), CJM_ERR_LIMIT);
    free(deep);
    ck_assert_status(cjm_xes_read_events(NULL, 1, NULL, NULL, count, &t), CJM_ERR_INVALID);
    ck_assert_status(cjm_xes_read_events("", 0, NULL, NULL, NULL, &t), CJM_ERR_INVALID);
    ck_assert_status(cjm_xes_read_events_path("/nonexistent.xes", NULL, count, &t), CJM_ERR_IO);
    ck_assert_status(cjm_xes_read_events_file(NULL, NULL, NULL, count, &t), CJM_ERR_INVALID);
}
END_TEST

/* What libxml2 finds wrong comes inside the reader's own message: located,
 * said to be not well-formed XML, without libxml2's function names. */
START_TEST(libxml2_messages_inside_ours)
{
    static const char *const bad[] = {
        "<log xes.version=\"1.0\">&#0;</log>",
        "<log xes.version=\"1.0\">&undeclared;</log>",
        "<?xml version=\"1.0\" encoding=\"no-such-encoding\"?><log/>",
        "<log xes.version=\"1.0\"></trace></log>",
    };
    static const char prefix[] = "log.xes:1: not well-formed XML: ";
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tally t;
        ck_assert_status(read_text(bad[i], &t, NULL), CJM_ERR_PARSE);
        const char *detail = strstr(cjm_last_error(), prefix);
        ck_assert_msg(detail, "%s: \"%s\"", bad[i], cjm_last_error());
        detail += strlen(prefix);
        ck_assert_msg(strncmp(detail, "xml", 3) != 0 && !(*detail >= 'A' && *detail <= 'Z' &&
                                                           detail[1] >= 'a'),
                      "libxml2's words as they were: \"%s\"", cjm_last_error());
    }
}
END_TEST

START_TEST(streams_and_gzip)
{
    /* The same log plain, gzip, and gzip truncated, from a stream. */
    FILE *f = fopen(XES_DIR "running-example.xes", "rb");
    tally t = { 0, 0, "" };
    ck_assert_ok(cjm_xes_read_events_file(f, "stdin", NULL, count, &t));
    ck_assert_int_eq(t.good, 42);
    fclose(f);
    f = fopen(XES_DIR "orders.xes.gz", "rb");
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    t = (tally){ 0, 0, "" };
    ck_assert_ok(cjm_xes_read_events(buf, n, "orders", NULL, count, &t));
    ck_assert_int_eq(t.good, 154);
    ck_assert_status(cjm_xes_read_events(buf, n / 2, "orders", NULL, count, &t), CJM_ERR_PARSE);
    ck_assert_error_mentions("orders: truncated gzip data");
    /* Two gzip members back to back read as one stream (RFC 1952): the
     * log, then a member holding nothing (the 20 bytes gzip writes for
     * an empty file). */
    static const unsigned char empty_member[20] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3 };
    ck_assert_uint_lt(n + sizeof empty_member, sizeof buf);
    memcpy(buf + n, empty_member, sizeof empty_member);
    t = (tally){ 0, 0, "" };
    ck_assert_ok(cjm_xes_read_events(buf, n + sizeof empty_member, "orders", NULL, count, &t));
    ck_assert_int_eq(t.good, 154);
    /* Deflate data overwritten in the middle. */
    memset(buf + n / 2, 0xff, 64);
    ck_assert_status(cjm_xes_read_events(buf, n, "orders", NULL, count, &t), CJM_ERR_PARSE);
    ck_assert_error_mentions("orders: not valid gzip data");
    /* A stream that cannot be read: a directory opened as a file. */
    f = fopen(XES_DIR, "rb");
    if (f) {
        ck_assert_status(cjm_xes_read_events_file(f, "folder", NULL, count, &t), CJM_ERR_IO);
        ck_assert_error_mentions("folder");
        fclose(f);
    }
}
END_TEST

static int generic_calls;

static void count_generic(void *ctx, const char *format, ...)
{
    (void)ctx;
    (void)format;
    generic_calls++;
}

START_TEST(nothing_on_the_generic_error_channel)
{
    /* Bytes libxml2 takes for UTF-32 and cannot convert: it reports that
     * on the thread's generic error channel, which prints on standard
     * error. The reader keeps it off the channel and puts the caller's
     * handler back. */
    xmlSetGenericErrorFunc(NULL, count_generic);
    static const char odd[] = "<\0\0\0\b/>";
    cjm_xes_options *o = cjm_xes_options_new();
    ck_assert_ok(cjm_xes_options_set_threads(o, 1));
    tally t = { 0, 0, "" };
    generic_calls = 0;
    ck_assert_int_ne(cjm_xes_read_events(odd, sizeof odd - 1, "odd", o, count, &t), CJM_OK);
    ck_assert_int_eq(generic_calls, 0);
    ck_assert(xmlGenericError == count_generic);
    cjm_xes_options_free(o);
    xmlSetGenericErrorFunc(NULL, NULL);
}
END_TEST

/* A write that fails (a full disk) is the writer's status, not libxml2's
 * words on standard error; the caller's handler is put back. */
START_TEST(writer_quiet_when_a_write_fails)
{
    FILE *full = fopen("/dev/full", "w");
    ck_assert_ptr_nonnull(full);
    xmlSetGenericErrorFunc(NULL, count_generic);
    generic_calls = 0;
    cjm_xes_writer *w = NULL;
    cjm_status rc = cjm_xes_writer_new(&w, full, 0);
    cjm_event *e = cjm_event_new();
    ck_assert_ok(cjm_event_set_customer(e, "c"));
    ck_assert_ok(cjm_event_set_touchpoint(e, "t"));
    ck_assert_ok(cjm_event_set_at(e, 0));
    for (int i = 0; rc == CJM_OK && i < 5000; i++)
        rc = cjm_xes_writer_add(w, e);
    if (rc == CJM_OK)
        rc = cjm_xes_writer_finish(w);
    ck_assert_status(rc, CJM_ERR_IO);
    cjm_xes_writer_free(w);
    cjm_event_free(e);
    fclose(full);
    ck_assert_int_eq(generic_calls, 0);
    ck_assert(xmlGenericError == count_generic);
    xmlSetGenericErrorFunc(NULL, NULL);
}
END_TEST

START_TEST(writer_errors)
{
    cjm_xes_writer *w = NULL;
    ck_assert_status(cjm_xes_writer_new(&w, NULL, 0), CJM_ERR_INVALID);
    ck_assert_status(cjm_xes_writer_new(NULL, stdout, 0), CJM_ERR_INVALID);
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    ck_assert_ok(cjm_xes_writer_new(&w, f, 0));
    cjm_event *e = cjm_event_new();
    ck_assert_status(cjm_xes_writer_add(w, e), CJM_ERR_INVALID);
    ck_assert_error_mentions("no customer");
    ck_assert_ok(cjm_event_set_customer(e, "c"));
    ck_assert_ok(cjm_event_set_touchpoint(e, "t"));
    ck_assert_ok(cjm_event_set_at(e, 0));
    ck_assert_ok(cjm_event_set_extensions(e, CJM_EXTENSIONS_JSON, "{\"a\":1}"));
    ck_assert_status(cjm_xes_event_sink(e, w), CJM_ERR_UNSUPPORTED);
    ck_assert_ok(cjm_event_set_error(e, CJM_ERR_RANGE, "bad line"));
    ck_assert_status(cjm_xes_writer_add(w, e), CJM_ERR_RANGE);
    ck_assert_status(cjm_xes_writer_add(NULL, e), CJM_ERR_INVALID);
    ck_assert_status(cjm_xes_writer_finish(NULL), CJM_ERR_INVALID);
    ck_assert_ok(cjm_xes_writer_finish(w));
    ck_assert_ok(cjm_xes_writer_finish(w));
    cjm_xes_writer_free(w);
    cjm_xes_writer_free(NULL);
    cjm_event_free(e);
    fclose(f);
    tally t;
    ck_assert_ok(read_text(text, &t, NULL));
    ck_assert_int_eq(t.good + t.bad, 0);
    free(text);
}
END_TEST


/* Each event's attributes as "key=value;..." lines, and each marked event
 * as "! message". */
typedef struct listing {
    char text[8192];
    size_t length;
} listing;

static cjm_status list_attributes(const cjm_event *e, void *userdata)
{
    listing *l = userdata;
    const char *problem = cjm_event_error(e, NULL);
    if (problem) {
        l->length += (size_t)snprintf(l->text + l->length, sizeof l->text - l->length, "! %s\n",
                                      problem);
        return CJM_OK;
    }
    for (size_t i = 0; i < cjm_event_attribute_count(e); i++)
        l->length += (size_t)snprintf(l->text + l->length, sizeof l->text - l->length, "%s=%s;",
                                      cjm_event_attribute_key(e, i),
                                      cjm_event_attribute_value(e, i));
    l->length += (size_t)snprintf(l->text + l->length, sizeof l->text - l->length, "\n");
    return CJM_OK;
}

#define EVENT_OPEN "<event><string key=\"concept:name\" value=\"a\"/>" \
                   "<date key=\"time:timestamp\" value=\"2026-03-01T09:15:00Z\"/>"

/* Trace and event attributes of every type, as written; the event's own
 * win; the keys the mapping uses, lists and nested attributes are no
 * attributes. */
START_TEST(attributes_of_traces_and_events)
{
    static const char log[] =
        "<log xes.version=\"1.0\" xes.features=\"nested-attributes\">"
        "<string key=\"origin\" value=\"log level: not a trace's\"/>"
        "<trace><string key=\"concept:name\" value=\"c1\"/>"
        "<string key=\"plan\" value=\"pro\"/><int key=\"seats\" value=\"+012\"/>"
        "<float key=\"ratio\" value=\"2.50\"/><boolean key=\"trial\" value=\"1\"/>"
        "<date key=\"since\" value=\"2026-01-01T00:00:00+01:00\"/>"
        "<id key=\"crm\" value=\"0f8fad5b-d9cb-469f-a165-70867728950e\"/>"
        "<list key=\"tags\"><values><string key=\"t\" value=\"x\"/></values></list>"
        EVENT_OPEN "<string key=\"plan\" value=\"team\"><string key=\"inner\" value=\"no\"/>"
        "</string><string key=\"cjm:channel\" value=\"web\"/>"
        "<string key=\"lifecycle:transition\" value=\"complete\"/>"
        "<string key=\"note\" value=\"a&#9;b&#10;c\"/></event>"
        EVENT_OPEN "</event></trace>"
        "<trace><string key=\"concept:name\" value=\"c2\"/>" EVENT_OPEN "</event></trace></log>";
    listing l = { .length = 0 };
    ck_assert_ok(cjm_xes_read_events(log, strlen(log), "a.xes", NULL, list_attributes, &l));
    ck_assert_str_eq(l.text,
                     "plan=team;lifecycle:transition=complete;note=a\tb\nc;seats=+012;"
                     "ratio=2.50;trial=1;since=2026-01-01T00:00:00+01:00;"
                     "crm=0f8fad5b-d9cb-469f-a165-70867728950e;\n"
                     "plan=pro;seats=+012;ratio=2.50;trial=1;since=2026-01-01T00:00:00+01:00;"
                     "crm=0f8fad5b-d9cb-469f-a165-70867728950e;\n"
                     "\n");
    /* 600 of the trace's and 600 of the event's own: more than an event holds. */
    char *big = malloc(128 * 1024);
    strcpy(big, "<log xes.version=\"1.0\">" TRACE);
    for (int i = 0; i < 600; i++)
        sprintf(big + strlen(big), "<string key=\"t%d\" value=\"x\"/>", i);
    strcat(big, EVENT_OPEN);
    for (int i = 0; i < 600; i++)
        sprintf(big + strlen(big), "<string key=\"e%d\" value=\"x\"/>", i);
    strcat(big, "</event></trace></log>");
    tally t;
    ck_assert_ok(read_text(big, &t, NULL));
    ck_assert_int_eq(t.bad, 1);
    ck_assert_msg(strstr(t.first_bad, "log.xes:1: <event>: attribute \"t400\": the event has "
                                      "1000 attributes already"), "%s", t.first_bad);
    free(big);
}
END_TEST

/* Every bad attribute marks its event with a located message (a trace's,
 * every event of the trace); a strict analysis stops there, a lenient one
 * counts them. */
START_TEST(bad_attributes_are_marked)
{
    char *log = malloc(16384);
    strcpy(log, "<log xes.version=\"1.0\">" TRACE
                EVENT_OPEN "<string key=\"plan\" value=\"a\"/><string key=\"plan\" value=\"b\"/>"
                "</event>\n"
                EVENT_OPEN "<string key=\"a&#9;b\" value=\"x\"/></event>\n"
                EVENT_OPEN "<string key=\"note\" value=\"");
    size_t at = strlen(log);
    memset(log + at, 'v', CJM_ATTRIBUTE_VALUE_MAX + 1);
    log[at + CJM_ATTRIBUTE_VALUE_MAX + 1] = '\0';
    strcat(log, "\"/></event>\n"
                EVENT_OPEN "<string key=\"note\" value=\"a&#133;\"/></event>\n"
                EVENT_OPEN "<string key=\"fine\" value=\"\"/></event></trace>\n"
                "<trace><string key=\"concept:name\" value=\"c2\"/>"
                "<string key=\"tier\" value=\"1\"/><string key=\"tier\" value=\"2\"/>\n"
                EVENT_OPEN "</event>" EVENT_OPEN "</event></trace></log>");
    listing l = { .length = 0 };
    ck_assert_ok(cjm_xes_read_events(log, strlen(log), "b.xes", NULL, list_attributes, &l));
    ck_assert_str_eq(l.text,
                     "! b.xes:1: <event>: key \"plan\" given twice\n"
                     "! b.xes:2: <event>: attribute key: control character 0x09 at byte 1\n"
                     "! b.xes:3: <event>: attribute \"note\": longer than 1024 bytes\n"
                     "! b.xes:4: <event>: attribute \"note\": control character U+0085 at byte 1\n"
                     "fine=;\n"
                     "! b.xes:7: <event>: trace attribute at line 6: key \"tier\" given twice\n"
                     "! b.xes:7: <event>: trace attribute at line 6: key \"tier\" given twice\n");
    cjm_journey *map = cjm_journey_new("any", "");
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_default_channel(o, "other"));
    cjm_analysis *strict = cjm_analysis_new(map, o);
    ck_assert_status(cjm_xes_read_events(log, strlen(log), "b.xes", NULL, cjm_analysis_sink,
                                         strict), CJM_ERR_INVALID);
    ck_assert_error_mentions("b.xes:1: <event>: key \"plan\" given twice");
    ck_assert_ok(cjm_options_set_lenient(o, true));
    cjm_analysis *lenient = cjm_analysis_new(map, o);
    ck_assert_ok(cjm_xes_read_events(log, strlen(log), "b.xes", NULL, cjm_analysis_sink,
                                     lenient));
    ck_assert_uint_eq(cjm_analysis_rejected_count(lenient), 6);
    ck_assert_uint_eq(cjm_analysis_event_count(lenient), 1);
    /* XML holds no NUL: a log with one is not well-formed, and says where. */
    static const char nul[] = "<log xes.version=\"1.0\">" TRACE EVENT_OPEN
                              "<string key=\"n\" value=\"a&#0;\"/></event></trace></log>";
    tally t;
    ck_assert_status(read_text(nul, &t, NULL), CJM_ERR_PARSE);
    ck_assert_error_mentions("log.xes:1:");
    cjm_analysis_free(strict);
    cjm_analysis_free(lenient);
    cjm_options_free(o);
    cjm_journey_free(map);
    free(log);
}
END_TEST

/* The writer writes attributes as string attributes of the event, which
 * read back the same; keys XES cannot carry so are refused. */
START_TEST(attributes_round_trip)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    cjm_xes_writer *w = NULL;
    ck_assert_ok(cjm_xes_writer_new(&w, f, 0));
    cjm_event *e = cjm_event_new();
    ck_assert_ok(cjm_event_set_customer(e, "c"));
    ck_assert_ok(cjm_event_set_touchpoint(e, "t"));
    ck_assert_ok(cjm_event_set_at(e, 0));
    ck_assert_ok(cjm_event_set_attribute(e, "plan", "pro <&> \"x\""));
    ck_assert_ok(cjm_event_set_attribute(e, "note", " a\tb\r\nc "));
    ck_assert_ok(cjm_event_set_attribute(e, "empty", ""));
    ck_assert_ok(cjm_event_set_attribute(e, "org:resource", "Value 1"));
    ck_assert_ok(cjm_event_set_attribute(e, "lifecycle:transition", "complete"));
    ck_assert_ok(cjm_xes_writer_add(w, e));
    static const char *const refused[] = { "concept:name", "time:timestamp", "cjm:channel",
                                           "cjm:anything", "crm:segment", "org:unknown" };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        ck_assert_ok(cjm_event_set_attribute(e, refused[i], "x"));
        ck_assert_status(cjm_xes_writer_add(w, e), CJM_ERR_UNSUPPORTED);
        ck_assert_error_mentions(refused[i]);
        ck_assert_ok(cjm_event_set_attribute(e, refused[i], NULL));
    }
    ck_assert_ok(cjm_xes_writer_finish(w));
    cjm_xes_writer_free(w);
    fclose(f);
    listing l = { .length = 0 };
    ck_assert_ok(cjm_xes_read_events(text, size, "w.xes", NULL, list_attributes, &l));
    ck_assert_str_eq(l.text, "plan=pro <&> \"x\";note= a\tb\r\nc ;empty=;org:resource=Value 1;"
                             "lifecycle:transition=complete;\n");
    free(text);
    /* Asked to, the writer leaves them out instead. */
    f = open_memstream(&text, &size);
    ck_assert_ok(cjm_xes_writer_new(&w, f, CJM_XML_DROP_FOREIGN_EXTENSIONS));
    ck_assert_ok(cjm_event_set_attribute(e, "crm:segment", "B2B"));
    ck_assert_ok(cjm_event_set_attribute(e, "cjm:score", "1"));
    ck_assert_ok(cjm_xes_writer_add(w, e));
    ck_assert_ok(cjm_xes_writer_finish(w));
    cjm_xes_writer_free(w);
    fclose(f);
    l = (listing){ .length = 0 };
    ck_assert_ok(cjm_xes_read_events(text, size, "w.xes", NULL, list_attributes, &l));
    ck_assert_str_eq(l.text, "plan=pro <&> \"x\";note= a\tb\r\nc ;empty=;org:resource=Value 1;"
                             "lifecycle:transition=complete;\n");
    cjm_event_free(e);
    free(text);
}
END_TEST

typedef struct helpdesk_attributes {
    long events, with_product, product_value_1, seriousness_value_1, first_count;
} helpdesk_attributes;

static cjm_status tally_helpdesk(const cjm_event *e, void *userdata)
{
    helpdesk_attributes *h = userdata;
    if (!h->events++)
        h->first_count = (long)cjm_event_attribute_count(e);
    const char *product = cjm_event_attribute(e, "product");
    const char *seriousness = cjm_event_attribute(e, "seriousness");
    h->with_product += product != NULL;
    h->product_value_1 += product && strcmp(product, "Value 1") == 0;
    h->seriousness_value_1 += seriousness && strcmp(seriousness, "Value 1") == 0;
    return CJM_OK;
}

/* The real help-desk log's attributes, counted by Python's XML parser:
 * 21,348 events, each with product and seriousness; product "Value 1" on
 * 7,932, seriousness "Value 1" on all; the first event carries ten
 * attributes (org:resource, seriousness, customer, product,
 * responsible_section, seriousness_2, service_level, service_type,
 * support_section, workgroup). */
START_TEST(helpdesk_attributes_read)
{
    helpdesk_attributes h = { 0, 0, 0, 0, 0 };
    ck_assert_ok(cjm_xes_read_events_path(XES_DIR "helpdesk.xes.gz", NULL, tally_helpdesk, &h));
    ck_assert_int_eq(h.events, 21348);
    ck_assert_int_eq(h.with_product, 21348);
    ck_assert_int_eq(h.product_value_1, 7932);
    ck_assert_int_eq(h.seriousness_value_1, 21348);
    ck_assert_int_eq(h.first_count, 10);
}
END_TEST

START_TEST(allocation_failures)
{
    size_t size = 0;
    char *xes = write_xes(funnel_events, FUNNEL_EVENTS, 0, &size);
    cjm_journey *map = funnel_map();
    failalloc_install();
    long base = failalloc_live();
    for (long n = 1;; n++) {
        cjm_analysis *a = cjm_analysis_new(map, NULL);
        failalloc_arm(n, false);
        cjm_status rc = cjm_xes_read_events(xes, size, "x.xes", NULL, cjm_analysis_sink, a);
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        ck_assert_msg(rc == CJM_OK || rc == CJM_ERR_NOMEM, "%s", cjm_last_error());
        cjm_analysis_free(a);
        ck_assert_int_eq(failalloc_live(), base);
        if (!tripped)
            break;
    }
    failalloc_uninstall();
    cjm_journey_free(map);
    free(xes);
}
END_TEST

Suite *suite_xml_xes(void)
{
    Suite *s = suite_create("xml-xes");
    TCase *tc = tcase_create("xes");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, every_real_log_reads);
    tcase_add_test(tc, importer_cases);
    tcase_add_test(tc, round_trip_gives_the_same_report);
    tcase_add_test(tc, events_come_back_equal);
    tcase_add_test(tc, helpdesk_figures);
    tcase_add_test(tc, reader_options);
    tcase_add_test(tc, event_problems_are_marked);
    tcase_add_test(tc, hostile_input);
    tcase_add_test(tc, libxml2_messages_inside_ours);
    tcase_add_test(tc, streams_and_gzip);
    tcase_add_test(tc, nothing_on_the_generic_error_channel);
    tcase_add_test(tc, writer_errors);
    tcase_add_test(tc, writer_quiet_when_a_write_fails);
    tcase_add_test(tc, allocation_failures);
    tcase_add_test(tc, attributes_of_traces_and_events);
    tcase_add_test(tc, bad_attributes_are_marked);
    tcase_add_test(tc, attributes_round_trip);
    tcase_add_test(tc, helpdesk_attributes_read);
    suite_add_tcase(s, tc);
    return s;
}
