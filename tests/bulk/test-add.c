/* Taking events: every rule, strict and lenient, the columns call, event
 * order, threads, and merging. */
#include <math.h>
#include <stdlib.h>

#include "../common/bulk-data.h"
#include "../../bench/generate.h"
#include "../common/helpers.h"
#include "../suites.h"

static cjm_report *report_of(cjm_analysis *a)
{
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    return r;
}

static cjm_report *reference_report(void)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    cjm_report *r = report_of(a);
    cjm_analysis_free(a);
    cjm_journey_free(map);
    return r;
}

START_TEST(invalid_events_strict)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_ok(cjm_analysis_add(a, "c1", 1, "ad", NULL, NULL));
    static const struct {
        const char *customer;
        int64_t at;
        const char *touchpoint, *channel, *stage;
        cjm_status status;
        const char *what;
    } bad[] = {
        { NULL, 1, "ad", NULL, NULL, CJM_ERR_INVALID, "customer: NULL" },
        { "", 1, "ad", NULL, NULL, CJM_ERR_INVALID, "customer: empty" },
        { "c\x01", 1, "ad", NULL, NULL, CJM_ERR_INVALID, "customer: control character" },
        { "c1", 1, "a\xff", NULL, NULL, CJM_ERR_INVALID, "touchpoint: invalid UTF-8" },
        { "c1", CJM_UNSET, "ad", NULL, NULL, CJM_ERR_INVALID, "at: an event needs a time" },
        { "c1", CJM_TIME_MAX + 1, "ad", NULL, NULL, CJM_ERR_RANGE, "at: outside" },
        { "c1", 1, "ad", "we b", NULL, CJM_ERR_INVALID, "channel: character 0x20" },
        { "c1", 1, "ad", NULL, "nowhere", CJM_ERR_INVALID, "the map has no stage \"nowhere\"" },
        { "c1", 1, "ad", NULL, "c", CJM_ERR_CONFLICT,
          "touchpoint \"ad\" is in stage \"a\" of the map, not \"c\"" },
        { "c1", 1, "kiosk", NULL, NULL, CJM_ERR_INVALID,
          "touchpoint \"kiosk\" is not in the map, so the event needs a channel" },
        { "c1", 1, "kiosk", NULL, "b", CJM_ERR_INVALID, "needs a channel" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_status(cjm_analysis_add(a, bad[i].customer, bad[i].at, bad[i].touchpoint,
                                          bad[i].channel, bad[i].stage), bad[i].status);
        ck_assert_error_mentions("cjm_analysis_add: ");
        ck_assert_error_mentions(bad[i].what);
    }
    ck_assert_int_eq(cjm_analysis_event_count(a), 1);
    ck_assert_int_eq(cjm_analysis_customer_count(a), 1);
    ck_assert_int_eq(cjm_analysis_rejected_count(a), 0);
    /* A custom channel for a planned touchpoint is fine, lowered. */
    ck_assert_ok(cjm_analysis_add(a, "c1", 2, "ad", "Partner_TV", NULL));
    cjm_report *r = report_of(a);
    ck_assert_int_eq(cjm_report_touchpoint_count(r), 6); /* nothing unplanned leaked in */
    ck_assert_int_eq(cjm_report_channel_count(r), 2);
    ck_assert_str_eq(cjm_report_channel(r, 0), "partner_tv");
    cjm_report_free(r);
    ck_assert_status(cjm_analysis_add(NULL, "c", 1, "ad", NULL, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_analysis_add_event(a, NULL), CJM_ERR_INVALID);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(event_handle_rules)
{
    cjm_event *e = cjm_event_new();
    ck_assert_ptr_null(cjm_event_customer(e));
    ck_assert_int_eq(cjm_event_at(e), CJM_UNSET);
    ck_assert_status(cjm_event_set_customer(e, ""), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_event_set_customer: customer: empty");
    ck_assert_status(cjm_event_set_at(e, CJM_TIME_MIN - 1), CJM_ERR_RANGE);
    ck_assert_status(cjm_event_set_at(e, CJM_UNSET), CJM_ERR_INVALID);
    ck_assert_status(cjm_event_set_channel(e, "-x"), CJM_ERR_INVALID);
    ck_assert_status(cjm_event_set_feedback(e, NAN, -2, 2), CJM_ERR_RANGE);
    ck_assert_status(cjm_event_set_feedback(e, 3, -2, 2), CJM_ERR_RANGE);
    ck_assert_status(cjm_event_set_comment(e, "no feedback yet"), CJM_ERR_INVALID);
    ck_assert_error_mentions("the event has no feedback");
    ck_assert_status(cjm_event_set_feedback_at(e, 0), CJM_ERR_INVALID);
    ck_assert(!cjm_event_has_feedback(e));

    ck_assert_ok(cjm_event_set_customer(e, "c9"));
    ck_assert_ok(cjm_event_set_at(e, 7));
    ck_assert_ok(cjm_event_set_touchpoint(e, "ad"));
    ck_assert_ok(cjm_event_set_channel(e, "SMS"));
    ck_assert_ok(cjm_event_set_stage(e, "a"));
    ck_assert_ok(cjm_event_set_feedback(e, 4, 1, 5));
    ck_assert_ok(cjm_event_set_emotion(e, "pleased"));
    ck_assert_ok(cjm_event_set_comment(e, "Quick\nanswer"));
    ck_assert_ok(cjm_event_set_source(e, "survey"));
    ck_assert_ok(cjm_event_set_feedback_at(e, 9));
    ck_assert_status(cjm_event_set_comment(e, "bad\x02"), CJM_ERR_INVALID);
    ck_assert_str_eq(cjm_event_customer(e), "c9");
    ck_assert_int_eq(cjm_event_at(e), 7);
    ck_assert_str_eq(cjm_event_touchpoint(e), "ad");
    ck_assert_str_eq(cjm_event_channel(e), "sms");
    ck_assert_str_eq(cjm_event_stage(e), "a");
    ck_assert(cjm_event_has_feedback(e));
    ck_assert_double_eq(cjm_event_score(e), 4);
    ck_assert_double_eq(cjm_event_scale_min(e), 1);
    ck_assert_double_eq(cjm_event_scale_max(e), 5);
    ck_assert_str_eq(cjm_event_emotion(e), "pleased");
    ck_assert_str_eq(cjm_event_comment(e), "Quick\nanswer");
    ck_assert_str_eq(cjm_event_source(e), "survey");
    ck_assert_int_eq(cjm_event_feedback_at(e), 9);
    /* A longer value reuses and grows the buffer. */
    ck_assert_ok(cjm_event_set_customer(e, "a-much-longer-customer-id"));
    ck_assert_str_eq(cjm_event_customer(e), "a-much-longer-customer-id");
    ck_assert_ok(cjm_event_set_stage(e, NULL));
    ck_assert_ptr_null(cjm_event_stage(e));
    cjm_event_clear_feedback(e);
    ck_assert(!cjm_event_has_feedback(e));
    ck_assert_ptr_null(cjm_event_comment(e));
    ck_assert(isnan(cjm_event_score(e)));
    cjm_event_clear(e);
    ck_assert_ptr_null(cjm_event_customer(e));
    ck_assert_ptr_null(cjm_event_channel(e));

    /* The analysis wants customer, time and touchpoint. */
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_ok(cjm_event_set_customer(e, "c9"));
    ck_assert_ok(cjm_event_set_touchpoint(e, "ad"));
    ck_assert_status(cjm_analysis_add_event(a, e), CJM_ERR_INVALID);
    ck_assert_error_mentions("at: the event has none");
    ck_assert_ok(cjm_event_set_at(e, 1));
    ck_assert_ok(cjm_analysis_sink(e, a));
    ck_assert_int_eq(cjm_analysis_event_count(a), 1);
    cjm_analysis_free(a);
    /* Extensions and the mark of an unreadable event. */
    cjm_extensions_format format;
    ck_assert_ok(cjm_event_set_extensions(e, CJM_EXTENSIONS_JSON, "{\"ticket\": 7}"));
    ck_assert_str_eq(cjm_event_extensions(e, &format), "{\"ticket\": 7}");
    ck_assert_int_eq(format, CJM_EXTENSIONS_JSON);
    ck_assert_status(cjm_event_set_extensions(e, CJM_EXTENSIONS_JSON, "{\x01}"), CJM_ERR_INVALID);
    ck_assert_ok(cjm_event_set_extensions(e, CJM_EXTENSIONS_NONE, NULL));
    ck_assert_ptr_null(cjm_event_extensions(e, &format));
    cjm_status why;
    ck_assert_ptr_null(cjm_event_error(e, &why));
    ck_assert_int_eq(why, CJM_OK);
    ck_assert_ok(cjm_event_set_error(e, CJM_ERR_PARSE, "ev.jsonl:4:2: end of file expected"));
    ck_assert_str_eq(cjm_event_error(e, &why), "ev.jsonl:4:2: end of file expected");
    ck_assert_int_eq(why, CJM_ERR_PARSE);
    cjm_analysis *strict = cjm_analysis_new(map, NULL);
    ck_assert_status(cjm_analysis_add_event(strict, e), CJM_ERR_PARSE);
    ck_assert_str_eq(cjm_last_error(), "ev.jsonl:4:2: end of file expected");
    ck_assert_int_eq(cjm_analysis_event_count(strict), 0);
    cjm_analysis_free(strict);
    cjm_options *o = cjm_options_new();
    cjm_options_set_lenient(o, true);
    cjm_analysis *lenient = cjm_analysis_new(map, o);
    cjm_options_free(o);
    ck_assert_ok(cjm_analysis_add_event(lenient, e));
    ck_assert_int_eq(cjm_analysis_rejected_count(lenient), 1);
    ck_assert_str_eq(cjm_analysis_rejected_message(lenient, 0),
                     "ev.jsonl:4:2: end of file expected");
    cjm_analysis_free(lenient);
    ck_assert_ok(cjm_event_set_error(e, CJM_OK, NULL));
    ck_assert_ptr_null(cjm_event_error(e, NULL));
    /* An origin goes in front of the analysis's messages about the event. */
    cjm_event_clear(e);
    ck_assert_ok(cjm_event_set_origin(e, "crm-export.csv:17"));
    ck_assert_str_eq(cjm_event_origin(e), "crm-export.csv:17");
    ck_assert_status(cjm_event_set_origin(e, "a\x01"), CJM_ERR_INVALID);
    cjm_analysis *plain = cjm_analysis_new(map, NULL);
    ck_assert_status(cjm_analysis_add_event(plain, e), CJM_ERR_INVALID);
    ck_assert_str_eq(cjm_last_error(),
                     "crm-export.csv:17: cjm_analysis_add_event: customer: the event has none");
    cjm_analysis_free(plain);
    ck_assert_ok(cjm_event_set_origin(e, NULL));
    ck_assert_ptr_null(cjm_event_origin(e));
    cjm_journey_free(map);
    cjm_event_free(e);
    cjm_event_free(NULL);
    ck_assert_status(cjm_event_set_customer(NULL, "x"), CJM_ERR_INVALID);
    ck_assert_ptr_null(cjm_event_customer(NULL));
}
END_TEST

START_TEST(lenient_skips_counts_and_keeps_messages)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_lenient(o, true));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    /* 12 bad events among the good ones: all counted, 10 messages kept. */
    for (int i = 0; i < 12; i++) {
        ck_assert_ok(cjm_analysis_add(a, "bad", 1, "kiosk", NULL, NULL));
        add_events(a, &funnel_events[i], 1);
    }
    add_events(a, &funnel_events[12], FUNNEL_EVENTS - 12);
    ck_assert_int_eq(cjm_analysis_rejected_count(a), 12);
    ck_assert_int_eq(cjm_analysis_event_count(a), 19);
    ck_assert_int_eq(cjm_analysis_customer_count(a), 6);
    for (size_t i = 0; i < CJM_REJECTED_MESSAGES; i++)
        ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(a, i), "needs a channel"));
    ck_assert_ptr_null(cjm_analysis_rejected_message(a, CJM_REJECTED_MESSAGES));
    cjm_report *r = report_of(a), *want = reference_report();
    ck_assert_int_eq(cjm_report_rejected(r), 12);
    ck_assert_int_eq(cjm_report_customers(r), 6);
    ck_assert_int_eq(cjm_report_gap_count(r), cjm_report_gap_count(want));
    ck_assert_int_eq(cjm_report_switches(r), cjm_report_switches(want));
    cjm_report_free(r);
    cjm_report_free(want);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* The funnel dataset as columns. */
typedef struct columns {
    const char *customers[FUNNEL_EVENTS], *touchpoints[FUNNEL_EVENTS];
    const char *channels[FUNNEL_EVENTS], *stages[FUNNEL_EVENTS];
    int64_t at[FUNNEL_EVENTS];
    double scores[FUNNEL_EVENTS], min[FUNNEL_EVENTS], max[FUNNEL_EVENTS];
} columns;

static void to_columns(columns *c, const test_event *events, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        c->customers[i] = events[i].customer;
        c->touchpoints[i] = events[i].touchpoint;
        c->channels[i] = events[i].channel;
        c->stages[i] = events[i].stage;
        c->at[i] = events[i].at;
        c->scores[i] = events[i].score;
        c->min[i] = events[i].min;
        c->max[i] = events[i].max;
    }
}

START_TEST(columns_equal_one_by_one)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    columns c;
    to_columns(&c, funnel_events, FUNNEL_EVENTS);
    ck_assert_ok(cjm_analysis_add_columns(a, FUNNEL_EVENTS, c.customers, c.at, c.touchpoints,
                                          c.channels, c.stages, c.scores, c.min, c.max));
    cjm_report *r = report_of(a), *want = reference_report();
    assert_reports_equal(r, want);
    cjm_report_free(r);
    cjm_report_free(want);

    /* Optional columns left out: no channels, stages or feedback. */
    cjm_analysis *b = cjm_analysis_new(map, NULL);
    ck_assert_ok(cjm_analysis_add_columns(b, 4, c.customers, c.at, c.touchpoints, NULL, NULL,
                                          NULL, NULL, NULL));
    ck_assert_int_eq(cjm_analysis_event_count(b), 4);
    ck_assert_ok(cjm_analysis_add_columns(b, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                          NULL));
    /* Scores without a scale use [-2, 2]. */
    double score = -1;
    const char *who = "z", *tp = "ad";
    int64_t when = 1;
    ck_assert_ok(cjm_analysis_add_columns(b, 1, &who, &when, &tp, NULL, NULL, &score, NULL,
                                          NULL));
    r = report_of(b);
    ck_assert_double_eq(cjm_report_touchpoint_mean_score(r, 0), -0.5);
    cjm_report_free(r);
    cjm_analysis_free(b);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(packed_columns)
{
    cjm_journey *map = funnel_map();
    columns c;
    to_columns(&c, funnel_events, FUNNEL_EVENTS);
    /* Pack the string columns: n NUL-terminated strings back to back. */
    char packed[4][1024];
    size_t size[4] = { 0 };
    const char *const *cols[4] = { c.customers, c.touchpoints, c.channels, c.stages };
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; i < FUNNEL_EVENTS; i++) {
            const char *v = cols[k][i] ? cols[k][i] : "";
            memcpy(packed[k] + size[k], v, strlen(v) + 1);
            size[k] += strlen(v) + 1;
        }
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_ok(cjm_analysis_add_packed(a, FUNNEL_EVENTS, packed[0], size[0], c.at, packed[1],
                                         size[1], packed[2], size[2], packed[3], size[3],
                                         c.scores, c.min, c.max));
    cjm_report *r = report_of(a), *want = reference_report();
    assert_reports_equal(r, want);
    cjm_report_free(r);
    cjm_report_free(want);
    /* A buffer with one string too few or too many, or an error inside. */
    ck_assert_status(cjm_analysis_add_packed(a, FUNNEL_EVENTS, packed[0], size[0] - 3, c.at,
                                             packed[1], size[1], NULL, 0, NULL, 0, NULL, NULL,
                                             NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_add_packed: customers: not 19 NUL-terminated strings");
    ck_assert_status(cjm_analysis_add_packed(a, 2, "a\0b\0c\0", 6, c.at, "ad\0ad\0", 6,
                                             NULL, 0, NULL, 0, NULL, NULL, NULL),
                     CJM_ERR_INVALID);
    ck_assert_status(cjm_analysis_add_packed(a, 1, "\0", 1, c.at, "ad\0", 3, NULL, 0, NULL,
                                             0, NULL, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_add_packed: event 0: customer: empty");
    ck_assert_status(cjm_analysis_add_packed(NULL, 1, "a", 2, c.at, "b", 2, NULL, 0, NULL, 0,
                                             NULL, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_ok(cjm_analysis_add_packed(a, 0, NULL, 0, NULL, NULL, 0, NULL, 0, NULL, 0, NULL,
                                         NULL, NULL));
    ck_assert_int_eq(cjm_analysis_event_count(a), FUNNEL_EVENTS);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(columns_strict_all_or_nothing)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_ok(cjm_analysis_add(a, "c0", 1, "ad", NULL, NULL));
    columns c;
    to_columns(&c, funnel_events, FUNNEL_EVENTS);
    c.stages[14] = "b"; /* chat-bot, unplanned, may name b; but ... */
    c.stages[15] = "c"; /* ... site is in stage a: a conflict at event 15 */
    ck_assert_status(cjm_analysis_add_columns(a, FUNNEL_EVENTS, c.customers, c.at,
                                              c.touchpoints, c.channels, c.stages, c.scores,
                                              c.min, c.max), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("cjm_analysis_add_columns: event 15: stage: touchpoint \"site\"");
    ck_assert_int_eq(cjm_analysis_event_count(a), 1);
    ck_assert_int_eq(cjm_analysis_customer_count(a), 1);
    c.stages[15] = NULL;
    c.scores[3] = 9;     /* outside [0, 0]: a bad scale too */
    ck_assert_status(cjm_analysis_add_columns(a, FUNNEL_EVENTS, c.customers, c.at,
                                              c.touchpoints, c.channels, c.stages, c.scores,
                                              c.min, c.max), CJM_ERR_RANGE);
    ck_assert_error_mentions("event 3: scale: min must be below max");
    ck_assert_status(cjm_analysis_add_columns(a, 2, NULL, c.at, c.touchpoints, NULL, NULL,
                                              NULL, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("customers: NULL");
    ck_assert_status(cjm_analysis_add_columns(a, 2, c.customers, c.at, c.touchpoints, NULL,
                                              NULL, c.scores, c.min, NULL), CJM_ERR_INVALID);
    cjm_report *r = report_of(a);
    ck_assert_int_eq(cjm_report_events(r), 1);
    ck_assert_int_eq(cjm_report_touchpoint_count(r), 6);
    ck_assert_int_eq(cjm_report_channel_count(r), 1);
    cjm_report_free(r);

    /* Lenient: the bad events are skipped, the others kept. */
    cjm_options *o = cjm_options_new();
    cjm_options_set_lenient(o, true);
    cjm_analysis *b = cjm_analysis_new(map, o);
    c.stages[15] = "c";
    ck_assert_ok(cjm_analysis_add_columns(b, FUNNEL_EVENTS, c.customers, c.at, c.touchpoints,
                                          c.channels, c.stages, c.scores, c.min, c.max));
    ck_assert_int_eq(cjm_analysis_event_count(b), FUNNEL_EVENTS - 2);
    ck_assert_int_eq(cjm_analysis_rejected_count(b), 2);
    ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(b, 0), "event 3: scale"));
    ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(b, 1), "event 15: stage"));
    cjm_options_free(o);
    cjm_analysis_free(b);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* The same string pointers over and over, as columns mostly hold them: a
 * string that passed its checks on one event is not checked again, but a
 * bad one is refused at every event, and what depends on the event (a
 * stage against the touchpoint's, a channel an unplanned touchpoint
 * lacks) is decided for each. */
START_TEST(columns_repeated_strings)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    cjm_options_set_lenient(o, true);
    cjm_analysis *a = cjm_analysis_new(map, o);
    const char *ad = "ad", *kiosk = "kiosk", *web = "web", *bad = "we b", *c = "c";
    const char *const round_customers[] = { "c1", "c2", "c1", "c2", "c1", "c2", "c1", "c2",
                                            "c3" };
    const char *const round_touchpoints[] = { ad, ad, ad, ad, kiosk, kiosk, kiosk, ad, kiosk };
    const char *const round_channels[] = { NULL, bad, NULL, bad, NULL, NULL, web, NULL, web };
    const char *const round_stages[] = { c, NULL, c, NULL, NULL, NULL, c, NULL, NULL };
    /* Rounds of 9 events, enough for a block that keeps what it saw. */
    enum { ROUND = 9, ROUNDS = 1000, N = ROUND * ROUNDS };
    static const char *customers[N], *touchpoints[N], *channels[N], *stages[N];
    static int64_t at[N];
    for (size_t i = 0; i < N; i++) {
        customers[i] = round_customers[i % ROUND];
        touchpoints[i] = round_touchpoints[i % ROUND];
        channels[i] = round_channels[i % ROUND];
        stages[i] = round_stages[i % ROUND];
        at[i] = (int64_t)i + 1;
    }
    ck_assert_ok(cjm_analysis_add_columns(a, N, customers, at, touchpoints, channels, stages,
                                          NULL, NULL, NULL));
    ck_assert_int_eq(cjm_analysis_rejected_count(a), 6 * ROUNDS);
    ck_assert_int_eq(cjm_analysis_event_count(a), 3 * ROUNDS);
    static const char *const why[] = {
        "event 0: stage: touchpoint \"ad\" is in stage \"a\" of the map, not \"c\"",
        "event 1: channel: character 0x20",
        "event 2: stage: touchpoint \"ad\" is in stage \"a\" of the map, not \"c\"",
        "event 3: channel: character 0x20",
        "event 4: channel: touchpoint \"kiosk\" is not in the map",
        "event 5: channel: touchpoint \"kiosk\" is not in the map",
        "event 9: stage: touchpoint \"ad\" is in stage \"a\" of the map, not \"c\"",
        "event 10: channel: character 0x20",
    };
    for (size_t i = 0; i < sizeof why / sizeof why[0]; i++)
        ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(a, i), why[i]));
    /* The kept events are those one by one would keep. */
    cjm_analysis *b = cjm_analysis_new(map, o);
    for (int64_t r = 0; r < ROUNDS; r++) {
        ck_assert_ok(cjm_analysis_add(b, "c1", ROUND * r + 7, "kiosk", "web", "c"));
        ck_assert_ok(cjm_analysis_add(b, "c2", ROUND * r + 8, "ad", NULL, NULL));
        ck_assert_ok(cjm_analysis_add(b, "c3", ROUND * r + 9, "kiosk", "web", NULL));
    }
    cjm_report *ra = report_of(a), *rb = report_of(b);
    ck_assert_int_eq(cjm_report_events(ra), cjm_report_events(rb));
    ck_assert_int_eq(cjm_report_customers(ra), cjm_report_customers(rb));
    ck_assert_int_eq(cjm_report_touchpoint_count(ra), cjm_report_touchpoint_count(rb));
    ck_assert_int_eq(cjm_report_channel_count(ra), cjm_report_channel_count(rb));
    ck_assert_int_eq(cjm_report_switches(ra), cjm_report_switches(rb));
    cjm_report_free(ra);
    cjm_report_free(rb);
    cjm_analysis_free(b);
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* The funnel events interleaved at random, each customer's own order kept
 * (ties within a customer stay in arrival order, as they must). */
static void interleave(test_event *out, unsigned seed)
{
    size_t next[FUNNEL_EVENTS], starts[8], ends[8], customers = 0;
    for (size_t i = 0; i < FUNNEL_EVENTS; i++) {
        if (i == 0 || strcmp(funnel_events[i].customer, funnel_events[i - 1].customer) != 0) {
            starts[customers] = i;
            customers++;
        }
        ends[customers - 1] = i + 1;
    }
    for (size_t c = 0; c < customers; c++)
        next[c] = starts[c];
    srand(seed);
    for (size_t k = 0; k < FUNNEL_EVENTS; k++) {
        size_t c;
        do
            c = (size_t)rand() % customers;
        while (next[c] == ends[c]);
        out[k] = funnel_events[next[c]++];
    }
}

START_TEST(any_order_any_threads)
{
    cjm_report *want = reference_report();
    cjm_journey *map = funnel_map();
    for (unsigned seed = 1; seed <= 50; seed++) {
        test_event shuffled[FUNNEL_EVENTS];
        interleave(shuffled, seed);
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_threads(o, seed % 4));
        cjm_analysis *a = cjm_analysis_new(map, o);
        cjm_options_free(o);
        add_events(a, shuffled, FUNNEL_EVENTS);
        cjm_report *r = report_of(a);
        assert_reports_equal(r, want);
        cjm_report_free(r);
        cjm_analysis_free(a);
    }
    cjm_journey_free(map);
    cjm_report_free(want);
}
END_TEST

START_TEST(report_twice_and_keep_adding)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    add_events(a, funnel_events, 10);
    cjm_report *early = report_of(a), *again = report_of(a);
    assert_reports_equal(early, again);
    add_events(a, funnel_events + 10, FUNNEL_EVENTS - 10);
    cjm_report *r = report_of(a), *want = reference_report();
    assert_reports_equal(r, want);
    ck_assert_int_eq(cjm_report_events(early), 10);
    cjm_report_free(early);
    cjm_report_free(again);
    cjm_report_free(r);
    cjm_report_free(want);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* Merges right into left, checks the report against want, frees both;
 * `take`: by cjm_analysis_merge_free(), which frees right itself. */
static void expect_merged_by(cjm_analysis *left, cjm_analysis *right, const cjm_report *want,
                             bool take)
{
    if (take) {
        ck_assert_ok(cjm_analysis_merge_free(left, right));
    } else {
        ck_assert_ok(cjm_analysis_merge(left, right));
        cjm_analysis_free(right);
    }
    cjm_report *r = report_of(left);
    assert_reports_equal(r, want);
    cjm_report_free(r);
    cjm_analysis_free(left);
}

START_TEST(merge_equals_single_run)
{
    cjm_report *want = reference_report();
    cjm_journey *map = funnel_map();
    /* Every split of the six customers into two groups. */
    static const char *const ids[] = { "c1", "c2", "c3", "c4", "c5", "c6" };
    for (unsigned mask = 0; mask < 128; mask++) {
        cjm_analysis *left = cjm_analysis_new(map, NULL), *right = cjm_analysis_new(map, NULL);
        for (size_t i = 0; i < FUNNEL_EVENTS; i++) {
            size_t c = 0;
            while (strcmp(ids[c], funnel_events[i].customer) != 0)
                c++;
            add_events(mask & (1u << c) ? left : right, &funnel_events[i], 1);
        }
        /* Half of them taken by the merge that frees right. */
        expect_merged_by(left, right, want, mask & 64);
    }
    cjm_report_free(want);
    cjm_journey_free(map);
}
END_TEST

START_TEST(merge_splits_customers_too)
{
    /* Events split anywhere, a customer's events in both parts included:
     * the first k events in one analysis and the rest in another merge
     * into exactly the analysis of all, for every k. (Each part keeps the
     * arrival order, which decides ties.) */
    cjm_report *want = reference_report();
    cjm_journey *map = funnel_map();
    for (size_t k = 0; k <= FUNNEL_EVENTS; k++)
        for (int take = 0; take < 2; take++) {
            cjm_analysis *left = cjm_analysis_new(map, NULL);
            cjm_analysis *right = cjm_analysis_new(map, NULL);
            add_events(left, funnel_events, k);
            add_events(right, funnel_events + k, FUNNEL_EVENTS - k);
            expect_merged_by(left, right, want, take);
        }
    cjm_report_free(want);
    cjm_journey_free(map);
}
END_TEST

START_TEST(merge_errors)
{
    cjm_journey *map = funnel_map(), *other = funnel_map();
    ck_assert_ok(cjm_journey_set_name(other, "Another funnel"));
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    cjm_analysis *c = cjm_analysis_new(other, NULL);
    add_events(a, funnel_events, 8);          /* c1, c2 */
    ck_assert_status(cjm_analysis_merge(a, c), CJM_ERR_CONFLICT);
    ck_assert_status(cjm_analysis_merge(a, a), CJM_ERR_INVALID);
    ck_assert_status(cjm_analysis_merge(NULL, a), CJM_ERR_INVALID);
    ck_assert_status(cjm_analysis_merge(a, NULL), CJM_ERR_INVALID);
    /* The merge that frees from frees nothing when it fails. */
    ck_assert_status(cjm_analysis_merge_free(a, c), CJM_ERR_CONFLICT);
    ck_assert_status(cjm_analysis_merge_free(a, a), CJM_ERR_INVALID);
    ck_assert_status(cjm_analysis_merge_free(NULL, a), CJM_ERR_INVALID);
    ck_assert_status(cjm_analysis_merge_free(a, NULL), CJM_ERR_INVALID);
    ck_assert_int_eq(cjm_analysis_event_count(c), 0);
    ck_assert_int_eq(cjm_analysis_event_count(a), 8);
    ck_assert_int_eq(cjm_analysis_customer_count(a), 2);
    /* Lenient counts and messages add up. */
    cjm_options *o = cjm_options_new();
    cjm_options_set_lenient(o, true);
    cjm_analysis *l1 = cjm_analysis_new(map, o), *l2 = cjm_analysis_new(map, o);
    cjm_options_free(o);
    ck_assert_ok(cjm_analysis_add(l1, "x", 1, "kiosk", NULL, NULL));
    ck_assert_ok(cjm_analysis_add(l2, "y", 1, "kiosk", NULL, NULL));
    ck_assert_ok(cjm_analysis_add(l2, "y", 1, "ad", NULL, "zz"));
    ck_assert_ok(cjm_analysis_merge(l1, l2));
    ck_assert_int_eq(cjm_analysis_rejected_count(l1), 3);
    ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(l1, 2), "no stage \"zz\""));
    cjm_analysis_free(l1);
    cjm_analysis_free(l2);
    cjm_analysis_free(a);
    cjm_analysis_free(c);
    cjm_journey_free(map);
    cjm_journey_free(other);
}
END_TEST

/* Analyses made with other options do not merge: the message names the
 * first option that differs with both values, and into is unchanged;
 * threads, which change no figure, are not compared. */
START_TEST(merge_refuses_other_options)
{
    /* In the order of the options compared: case i sets option i. */
    static const char *const messages[] = {
        "min_customers 7, into: 5",
        "min_feedback 3, into: 1",
        "pain_threshold -0.5, into: 0",
        "drop_threshold 0.3, into: 0.25",
        "silent_threshold 0.2, into: 0.1",
        "backtrack_threshold 0.125, into: 0.1",
        "switch_threshold 0.5, into: 0.25",
        "confidence 0.9, into: 0.95",
        "max_paths 3, into: 10",
        "max_flow_edges 9, into: 200",
        "lenient true, into: false",
        "default_channel web, into: null",
        "breakdown plan, into: null",
        "max_segments 5, into: 20",
    };
    cjm_journey *map = funnel_map();
    cjm_analysis *into = cjm_analysis_new(map, NULL);
    add_events(into, funnel_events, 8);
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++) {
        cjm_options *o = cjm_options_new();
        switch (i) {
        case 0: ck_assert_ok(cjm_options_set_min_customers(o, 7)); break;
        case 1: ck_assert_ok(cjm_options_set_min_feedback(o, 3)); break;
        case 2: ck_assert_ok(cjm_options_set_pain_threshold(o, -0.5)); break;
        case 3: ck_assert_ok(cjm_options_set_drop_threshold(o, 0.3)); break;
        case 4: ck_assert_ok(cjm_options_set_silent_threshold(o, 0.2)); break;
        case 5: ck_assert_ok(cjm_options_set_backtrack_threshold(o, 0.125)); break;
        case 6: ck_assert_ok(cjm_options_set_switch_threshold(o, 0.5)); break;
        case 7: ck_assert_ok(cjm_options_set_confidence(o, 0.9)); break;
        case 8: ck_assert_ok(cjm_options_set_max_paths(o, 3)); break;
        case 9: ck_assert_ok(cjm_options_set_max_flow_edges(o, 9)); break;
        case 10: ck_assert_ok(cjm_options_set_lenient(o, true)); break;
        case 11: ck_assert_ok(cjm_options_set_default_channel(o, "web")); break;
        case 12: ck_assert_ok(cjm_options_set_breakdown(o, "plan")); break;
        default: ck_assert_ok(cjm_options_set_max_segments(o, 5)); break;
        }
        /* A later option differing too: the first is named. */
        ck_assert_ok(cjm_options_set_threads(o, 3));
        if (i < 10)
            ck_assert_ok(cjm_options_set_lenient(o, true));
        cjm_analysis *from = cjm_analysis_new(map, o);
        cjm_options_free(o);
        add_events(from, funnel_events + 8, 4);
        ck_assert_status(cjm_analysis_merge(into, from), CJM_ERR_CONFLICT);
        ck_assert_error_mentions("cjm_analysis_merge: from: made with other options: ");
        ck_assert_error_mentions(messages[i]);
        ck_assert_int_eq(cjm_analysis_event_count(into), 8);
        ck_assert_int_eq(cjm_analysis_customer_count(into), 2);
        cjm_analysis_free(from);
    }
    /* Threads alone differ: merged. */
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_threads(o, 2));
    cjm_analysis *from = cjm_analysis_new(map, o);
    cjm_options_free(o);
    add_events(from, funnel_events + 8, 4);
    ck_assert_ok(cjm_analysis_merge(into, from));
    ck_assert_int_eq(cjm_analysis_event_count(into), 12);
    cjm_analysis_free(from);
    cjm_analysis_free(into);
    cjm_journey_free(map);
}
END_TEST

START_TEST(many_customers_many_batches)
{
    /* Enough events for several batches and both threads; the same figures
     * with one thread and with four. */
    cjm_journey *map = funnel_map();
    cjm_report *reports[2];
    for (int run = 0; run < 2; run++) {
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_threads(o, run ? 4 : 1));
        cjm_analysis *a = cjm_analysis_new(map, o);
        cjm_options_free(o);
        char id[16];
        static const char *const path[] = { "ad", "site", "compare", "call", "checkout" };
        for (int i = 0; i < 60000; i++) {
            snprintf(id, sizeof id, "m%d", i % 20000);
            ck_assert_ok(cjm_analysis_add(a, id, (i * 7919) % 1000, path[(i / 20000 + i) % 5],
                                          NULL, NULL));
        }
        reports[run] = report_of(a);
        cjm_analysis_free(a);
    }
    assert_reports_equal(reports[0], reports[1]);
    ck_assert_int_eq(cjm_report_customers(reports[0]), 20000);
    ck_assert_int_eq(cjm_report_events(reports[0]), 60000);
    cjm_report_free(reports[0]);
    cjm_report_free(reports[1]);
    cjm_journey_free(map);
}
END_TEST

/* Generated data in calls large enough for the parallel path: threads,
 * columns and one-by-one agree, and an invalid event inside a parallel
 * block is reported by its index (strict) or skipped (lenient). */
static cjm_analysis *generated(const cjm_journey *map, unsigned threads, bool lenient,
                               int bad_at, bool one_by_one, cjm_status *status)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_threads(o, threads));
    ck_assert_ok(cjm_options_set_lenient(o, lenient));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 30000), 0);
    gen_start(&g, 7, 90000);
    *status = CJM_OK;
    for (int call = 0; gen_next(&g, &b); call++) {
        if (call == 1 && bad_at >= 0)
            b.touchpoints[bad_at] = "not-planned-and-no-channel", b.channels[bad_at] = NULL;
        if (one_by_one) {
            for (size_t i = 0; i < b.count; i++)
                ck_assert_ok(cjm_analysis_add_columns(a, 1, b.customers + i, b.at + i,
                                                      b.touchpoints + i, b.channels + i,
                                                      b.stages + i, b.scores + i,
                                                      b.scale_min + i, b.scale_max + i));
            continue;
        }
        cjm_status rc = cjm_analysis_add_columns(a, b.count, b.customers, b.at, b.touchpoints,
                                                 b.channels, b.stages, b.scores, b.scale_min,
                                                 b.scale_max);
        if (rc != CJM_OK)
            *status = rc;
    }
    gen_batch_free(&b);
    return a;
}

START_TEST(parallel_columns)
{
    cjm_journey *map = gen_map();
    cjm_status rc;
    cjm_analysis *one = generated(map, 1, false, -1, false, &rc);
    ck_assert_ok(rc);
    cjm_analysis *two = generated(map, 2, false, -1, false, &rc);
    ck_assert_ok(rc);
    cjm_analysis *single = generated(map, 2, false, -1, true, &rc);
    ck_assert_ok(rc);
    ck_assert_int_gt(cjm_analysis_event_count(one), 80000);
    cjm_report *r1 = report_of(one), *r2 = report_of(two), *r3 = report_of(single);
    assert_reports_equal(r1, r2);
    assert_reports_equal(r1, r3);

    /* Strict: the second call fails naming event 20000 and adds nothing. */
    uint64_t first_call = 0;
    cjm_analysis *strict = generated(map, 2, false, 20000, false, &rc);
    ck_assert_int_eq(rc, CJM_ERR_INVALID);
    first_call = cjm_analysis_event_count(strict);
    ck_assert_int_lt(first_call, cjm_analysis_event_count(one));
    /* Lenient: one event skipped, with its index in the message. */
    cjm_analysis *lenient = generated(map, 2, true, 20000, false, &rc);
    ck_assert_ok(rc);
    ck_assert_int_eq(cjm_analysis_rejected_count(lenient), 1);
    ck_assert_int_eq(cjm_analysis_event_count(lenient), cjm_analysis_event_count(one) - 1);
    ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(lenient, 0),
                                 "cjm_analysis_add_columns: event 20000: channel: touchpoint "
                                 "\"not-planned-and-no-channel\""));
    cjm_report_free(r1);
    cjm_report_free(r2);
    cjm_report_free(r3);
    cjm_analysis_free(one);
    cjm_analysis_free(two);
    cjm_analysis_free(single);
    cjm_analysis_free(strict);
    cjm_analysis_free(lenient);
    cjm_journey_free(map);
}
END_TEST

/* Customers with ids longer than a table slot holds, beside the funnel's. */
static const test_event long_events[] = {
    { "a-customer-whose-id-is-longer-than-a-slot-1", 2, "ad", NULL, NULL, NAN, 0, 0 },
    { "a-customer-whose-id-is-longer-than-a-slot-1", 4, "compare", NULL, NULL, 1, 1, 5 },
    { "a-customer-whose-id-is-longer-than-a-slot-2", 3, "site", NULL, NULL, NAN, 0, 0 },
    { "a-customer-whose-id-is-longer-than-a-slot-3", 7, "call", NULL, NULL, 5, 1, 5 },
    { "a-customer-whose-id-is-longer-than-a-slot-3", 8, "checkout", NULL, NULL, NAN, 0, 0 },
};
#define LONG_EVENTS (sizeof long_events / sizeof long_events[0])

/* Shards only one side has customers in: with one customer in into, its
 * other shards take from's whole (a copy of the table, or the table
 * itself when the merge frees from); with one in from, into's other
 * shards are left as they are. Ids of every length; merged on one thread
 * and two; then more events and another merge into the result, and its
 * state read back: the report of all the events every time. */
START_TEST(merge_shard_one_side_lacks)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *all = cjm_analysis_new(map, NULL);
    add_events(all, funnel_events, FUNNEL_EVENTS);
    add_events(all, long_events, LONG_EVENTS);
    cjm_report *want = report_of(all);
    cjm_analysis_free(all);
    for (unsigned k = 0; k < 8; k++) {
        bool take = k & 1, one_in_into = k & 2;
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_threads(o, k & 4 ? 2 : 1));
        cjm_analysis *into = cjm_analysis_new(map, o), *from = cjm_analysis_new(map, o);
        cjm_options_free(o);
        /* c1's events on one side, the rest on the other, but for the last
         * long-id customer's, which come later. */
        for (size_t i = 0; i < FUNNEL_EVENTS; i++)
            add_events(!strcmp(funnel_events[i].customer, "c1") == !!one_in_into ? into : from,
                       &funnel_events[i], 1);
        add_events(one_in_into ? from : into, long_events, LONG_EVENTS - 2);
        if (take) {
            ck_assert_ok(cjm_analysis_merge_free(into, from));
        } else {
            ck_assert_ok(cjm_analysis_merge(into, from));
            cjm_analysis_free(from);
        }
        /* Taking more events and merges after it. */
        add_events(into, long_events + LONG_EVENTS - 2, 1);
        cjm_analysis *last = cjm_analysis_new(map, NULL);
        add_events(last, long_events + LONG_EVENTS - 1, 1);
        ck_assert_ok(cjm_analysis_merge_free(into, last));
        void *state;
        size_t size;
        ck_assert_ok(cjm_analysis_serialize(&state, &size, into));
        cjm_analysis *back = NULL;
        ck_assert_ok(cjm_analysis_deserialize(&back, map, state, size));
        cjm_free(state);
        ck_assert_int_eq(cjm_analysis_customer_count(into), 9);
        ck_assert_int_eq(cjm_analysis_event_count(into), FUNNEL_EVENTS + LONG_EVENTS);
        cjm_report *got = report_of(into), *again = report_of(back);
        assert_reports_equal(want, got);
        assert_reports_equal(want, again);
        cjm_report_free(got);
        cjm_report_free(again);
        cjm_analysis_free(back);
        cjm_analysis_free(into);
    }
    cjm_report_free(want);
    cjm_journey_free(map);
}
END_TEST

/* Rows split alternately, so nearly every customer is in both parts, each
 * part through its state as a database's workers hand it over, merged on
 * one thread and on several (shards merge on whichever thread takes
 * them): the analysis of all the rows every time. */
START_TEST(merge_rows_through_states_any_threads)
{
    cjm_journey *map = gen_map();
    cjm_status rc;
    cjm_analysis *all = generated(map, 2, false, -1, false, &rc);
    cjm_report *want = report_of(all);
    static const unsigned threads[] = { 1, 2, 3 };
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        cjm_options *o = cjm_options_new();
        ck_assert_ok(cjm_options_set_threads(o, threads[t]));
        cjm_analysis *part[2] = { cjm_analysis_new(map, o), cjm_analysis_new(map, o) };
        cjm_options_free(o);
        gen_batch b;
        gen_state g;
        ck_assert_int_eq(gen_batch_init(&b, 30000), 0);
        gen_start(&g, 7, 90000);
        while (gen_next(&g, &b))
            for (size_t i = 0; i < b.count; i++)
                ck_assert_ok(cjm_analysis_add_columns(part[i % 2], 1, b.customers + i, b.at + i,
                                                      b.touchpoints + i, b.channels + i,
                                                      b.stages + i, b.scores + i,
                                                      b.scale_min + i, b.scale_max + i));
        gen_batch_free(&b);
        cjm_analysis *back[2];
        for (size_t k = 0; k < 2; k++) {
            void *state;
            size_t size;
            ck_assert_ok(cjm_analysis_serialize(&state, &size, part[k]));
            ck_assert_ok(cjm_analysis_deserialize(&back[k], map, state, size));
            cjm_free(state);
            cjm_analysis_free(part[k]);
        }
        ck_assert_ok(cjm_analysis_merge(back[0], back[1]));
        ck_assert_int_eq(cjm_analysis_customer_count(back[0]), cjm_analysis_customer_count(all));
        cjm_report *got = report_of(back[0]);
        assert_reports_equal(want, got);
        cjm_report_free(got);
        cjm_analysis_free(back[0]);
        cjm_analysis_free(back[1]);
    }
    cjm_report_free(want);
    cjm_analysis_free(all);
    cjm_journey_free(map);
}
END_TEST

START_TEST(merge_equals_single_run_generated)
{
    /* Customers split by the parity of their number, merged both ways. */
    cjm_journey *map = gen_map();
    cjm_status rc;
    cjm_analysis *all = generated(map, 2, false, -1, false, &rc);
    cjm_analysis *even = cjm_analysis_new(map, NULL), *odd = cjm_analysis_new(map, NULL);
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 30000), 0);
    gen_start(&g, 7, 90000);
    while (gen_next(&g, &b))
        for (size_t i = 0; i < b.count; i++) {
            size_t len = strlen(b.customers[i]);
            cjm_analysis *to = (b.customers[i][len - 1] - '0') % 2 ? odd : even;
            ck_assert_ok(cjm_analysis_add_columns(to, 1, b.customers + i, b.at + i,
                                                  b.touchpoints + i, b.channels + i,
                                                  b.stages + i, b.scores + i, b.scale_min + i,
                                                  b.scale_max + i));
        }
    gen_batch_free(&b);
    ck_assert_ok(cjm_analysis_merge(odd, even));
    cjm_report *want = report_of(all), *got = report_of(odd);
    assert_reports_equal(want, got);
    cjm_report_free(want);
    cjm_report_free(got);
    cjm_analysis_free(all);
    cjm_analysis_free(even);
    cjm_analysis_free(odd);
    cjm_journey_free(map);
}
END_TEST

START_TEST(default_channel_for_unplanned_events)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ptr_null(cjm_options_default_channel(o));
    ck_assert_status(cjm_options_set_default_channel(o, "we b"), CJM_ERR_INVALID);
    ck_assert_status(cjm_options_set_default_channel(NULL, "web"), CJM_ERR_INVALID);
    ck_assert_ok(cjm_options_set_default_channel(o, "Kiosk"));
    ck_assert_str_eq(cjm_options_default_channel(o), "kiosk");
    cjm_analysis *a = cjm_analysis_new(map, o);
    /* Unplanned without a channel: the default; with one: its own; planned:
     * the map's, never the default. */
    ck_assert_ok(cjm_analysis_add(a, "c1", 1, "ad", NULL, NULL));
    ck_assert_ok(cjm_analysis_add(a, "c1", 2, "booth", NULL, NULL));
    ck_assert_ok(cjm_analysis_add(a, "c1", 3, "booth", "Store", NULL));
    cjm_report *r = report_of(a);
    ck_assert_int_eq(cjm_report_channel_count(r), 3);
    for (size_t i = 0; i < 3; i++) {
        const char *ch = cjm_report_channel(r, i);
        ck_assert_int_eq(cjm_report_channel_events(r, i), 1);
        ck_assert(strcmp(ch, "kiosk") == 0 || strcmp(ch, "store") == 0 ||
                  strcmp(ch, cjm_touchpoint_channel(cjm_journey_find_touchpoint(map, "ad"))) == 0);
    }
    cjm_report_free(r);
    /* The setting travels with the state. */
    void *state = NULL;
    size_t size = 0;
    ck_assert_ok(cjm_analysis_serialize(&state, &size, a));
    cjm_analysis *b = NULL;
    ck_assert_ok(cjm_analysis_deserialize(&b, map, state, size));
    ck_assert_ok(cjm_analysis_add(b, "c2", 1, "booth", NULL, NULL));
    cjm_free(state);
    cjm_analysis_free(b);
    ck_assert_ok(cjm_options_set_default_channel(o, NULL));
    ck_assert_ptr_null(cjm_options_default_channel(o));
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_bulk(void)
{
    Suite *s = suite_create("bulk");
    TCase *tc = tcase_create("bulk");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, invalid_events_strict);
    tcase_add_test(tc, event_handle_rules);
    tcase_add_test(tc, default_channel_for_unplanned_events);
    tcase_add_test(tc, lenient_skips_counts_and_keeps_messages);
    tcase_add_test(tc, columns_equal_one_by_one);
    tcase_add_test(tc, packed_columns);
    tcase_add_test(tc, columns_strict_all_or_nothing);
    tcase_add_test(tc, columns_repeated_strings);
    tcase_add_test(tc, any_order_any_threads);
    tcase_add_test(tc, report_twice_and_keep_adding);
    tcase_add_test(tc, merge_equals_single_run);
    tcase_add_test(tc, merge_splits_customers_too);
    tcase_add_test(tc, merge_errors);
    tcase_add_test(tc, merge_shard_one_side_lacks);
    tcase_add_test(tc, merge_refuses_other_options);
    tcase_add_test(tc, many_customers_many_batches);
    tcase_add_test(tc, parallel_columns);
    tcase_add_test(tc, merge_equals_single_run_generated);
    tcase_add_test(tc, merge_rows_through_states_any_threads);
    suite_add_tcase(s, tc);
    return s;
}
