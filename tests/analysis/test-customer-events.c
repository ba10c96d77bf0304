/* One customer straight from the events, compared with the map: the
 * deviations worked out by hand, every error, and allocation failure. */
#include <math.h>
#include <stdlib.h>

#include "../common/alloc-fail.h"
#include "../common/helpers.h"
#include "customer-events-tests.h"

typedef struct ev {
    const char *customer;
    int64_t at;
    const char *touchpoint, *channel, *stage;
    double score; /* NAN: no feedback; else on [-2, 2] */
} ev;

static cjm_event *make_event(const ev *e)
{
    cjm_event *event = cjm_event_new();
    ck_assert_ptr_nonnull(event);
    if ((e->customer && cjm_event_set_customer(event, e->customer) != CJM_OK) ||
        (e->at != CJM_UNSET && cjm_event_set_at(event, e->at) != CJM_OK) ||
        (e->touchpoint && cjm_event_set_touchpoint(event, e->touchpoint) != CJM_OK) ||
        cjm_event_set_channel(event, e->channel) != CJM_OK ||
        cjm_event_set_stage(event, e->stage) != CJM_OK ||
        (!isnan(e->score) && cjm_event_set_feedback(event, e->score, -2, 2) != CJM_OK) ||
        (!isnan(e->score) && cjm_event_set_emotion(event, "annoyed") != CJM_OK))
        ck_abort_msg("event: %s", cjm_last_error());
    return event;
}

static cjm_status feed(cjm_customer_events *ce, const ev *e)
{
    cjm_event *event = make_event(e);
    cjm_status rc = cjm_customer_events_add(ce, event);
    cjm_event_free(event);
    return rc;
}

/*
 * The events in the order they arrive; customer c-7 against the retail map
 * (tests/common/helpers.h). Sorted by time, ties in arrival order, c-7's
 * sequence is:
 *   1.  500 social-ad     discover (arrived last, happened first)
 *   2. 1000 search-ad     discover
 *   3. 2000 compare-web   compare, felt -2 on [-2, 2]: mean -1, failing
 *   4. 3000 checkout      purchase
 *   5. 4000 compare-web   compare again, felt +2: back from purchase
 *   6. 5000 chat-help     chat, no stage: unplanned, stage none
 *   7. 5000 chat-help     chat, names purchase: unplanned again (a tie with
 *                         6, after it by arrival); the staged touchpoint
 *                         before it is 5 (compare), so no backtrack
 *   8. 6000 support-call  service
 *   9. 6000 compare-web   compare a third time, a tie with 8 after it by
 *                         arrival: back from service (were ties broken by
 *                         stage, it would come before 8, back from purchase)
 * The furthest stage reached is service; of the required touchpoints up to
 * it, store-visit (compare) is the one c-7 never had. So, by kind:
 *   unplanned chat-help (none), unplanned chat-help (purchase),
 *   missing store-visit (compare),
 *   backtrack compare-web (compare, from purchase), backtrack compare-web
 *   (compare, from service),
 *   failing compare-web (compare, -1).
 * c-8's events are checked and left out.
 */
static const ev c7_events[] = {
    { "c-7", 1000, "search-ad", NULL, NULL, NAN },
    { "c-8", 1500, "checkout", NULL, NULL, NAN },
    { "c-7", 2000, "compare-web", NULL, NULL, -2 },
    { "c-7", 3000, "checkout", NULL, NULL, NAN },
    { "c-7", 4000, "compare-web", NULL, NULL, 2 },
    { "c-7", 5000, "chat-help", "chat", NULL, NAN },
    { "c-7", 5000, "chat-help", "chat", "purchase", NAN },
    { "c-8", 5500, "unplanned-thing", "web", NULL, NAN },
    { "c-7", 6000, "support-call", NULL, NULL, NAN },
    { "c-7", 6000, "compare-web", NULL, NULL, NAN },
    { "c-7", 500, "social-ad", NULL, NULL, NAN },
};
#define C7_EVENTS (sizeof c7_events / sizeof c7_events[0])

static const struct {
    cjm_deviation_kind kind;
    const char *touchpoint, *stage, *from_stage;
} c7_want[] = {
    { CJM_DEVIATION_UNPLANNED, "chat-help", NULL, NULL },
    { CJM_DEVIATION_UNPLANNED, "chat-help", "purchase", NULL },
    { CJM_DEVIATION_MISSING, "store-visit", "compare", NULL },
    { CJM_DEVIATION_BACKTRACK, "compare-web", "compare", "purchase" },
    { CJM_DEVIATION_BACKTRACK, "compare-web", "compare", "service" },
    { CJM_DEVIATION_FAILING, "compare-web", "compare", NULL },
};
#define C7_WANT (sizeof c7_want / sizeof c7_want[0])

static void assert_c7(const cjm_comparison *c)
{
    ck_assert_uint_eq(cjm_comparison_count(c), C7_WANT);
    for (size_t i = 0; i < C7_WANT; i++) {
        ck_assert_int_eq(cjm_comparison_kind(c, i), c7_want[i].kind);
        ck_assert_str_eq(cjm_comparison_touchpoint(c, i), c7_want[i].touchpoint);
        ck_assert_pstr_eq(cjm_comparison_stage(c, i), c7_want[i].stage);
        ck_assert_pstr_eq(cjm_comparison_from_stage(c, i), c7_want[i].from_stage);
    }
    ck_assert_double_eq(cjm_comparison_value(c, 5), -1.0);
}

START_TEST(repeats_backtracks_and_unplanned)
{
    cjm_journey *map = retail_map();
    cjm_customer_events *ce = cjm_customer_events_new(map, "c-7", NULL);
    ck_assert_ptr_nonnull(ce);
    cjm_journey_free(map); /* the handle keeps its own copy */
    for (size_t i = 0; i < C7_EVENTS; i++)
        ck_assert_ok(feed(ce, &c7_events[i]));
    ck_assert_uint_eq(cjm_customer_events_count(ce), 9);
    ck_assert_uint_eq(cjm_customer_events_rejected(ce, NULL), 0);
    cjm_comparison *c = NULL;
    cjm_journey *actual = NULL;
    ck_assert_ok(cjm_customer_events_compare(&c, &actual, ce));
    assert_c7(c);
    cjm_comparison_free(c);

    /* The actual journey: the map's stages and one for no stage, every
     * visit kept, each in its stage in time order. */
    ck_assert_int_eq(cjm_journey_kind_of(actual), CJM_JOURNEY_ACTUAL);
    ck_assert_str_eq(cjm_journey_id(actual), "laptop-purchase");
    ck_assert_str_eq(cjm_journey_customer(actual), "c-7");
    ck_assert_uint_eq(cjm_journey_stage_count(actual), 6);
    ck_assert_uint_eq(cjm_journey_touchpoint_count(actual), 9);
    cjm_stage *compare = cjm_journey_find_stage(actual, "compare");
    ck_assert_uint_eq(cjm_stage_touchpoint_count(compare), 3);
    static const int64_t times[] = { 2000, 4000, 6000 };
    for (size_t i = 0; i < 3; i++) {
        cjm_touchpoint *t = cjm_stage_touchpoint(compare, i);
        ck_assert_str_eq(cjm_touchpoint_id(t), "compare-web");
        ck_assert_str_eq(cjm_touchpoint_name(t), "Comparison page");
        ck_assert_str_eq(cjm_touchpoint_channel(t), "web");
        ck_assert_int_eq(cjm_touchpoint_at(t), times[i]);
    }
    cjm_touchpoint *first = cjm_stage_touchpoint(compare, 0);
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(actual, "compare-web"), first);
    cjm_feedback *f = cjm_touchpoint_feedback(first, 0);
    ck_assert_double_eq(cjm_feedback_normalized(f), -1.0);
    ck_assert_str_eq(cjm_feedback_emotion(f), "annoyed");
    ck_assert_str_eq(cjm_feedback_customer(f), "c-7");
    ck_assert_int_eq(cjm_feedback_at(f), 2000);
    cjm_stage *none = cjm_journey_stage(actual, 5);
    ck_assert_str_eq(cjm_stage_id(none), "(no stage)");
    ck_assert_uint_eq(cjm_stage_touchpoint_count(none), 1);
    ck_assert_str_eq(cjm_touchpoint_name(cjm_stage_touchpoint(none, 0)), "chat-help");
    cjm_journey_free(actual);

    /* Without an out journey; a stricter pain threshold finds nothing failing. */
    ck_assert_ok(cjm_customer_events_compare(&c, NULL, ce));
    ck_assert_uint_eq(cjm_comparison_count(c), C7_WANT);
    cjm_comparison_free(c);
    cjm_customer_events_free(ce);

    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_pain_threshold(o, -1));
    map = retail_map();
    ce = cjm_customer_events_new(map, "c-7", o);
    cjm_options_free(o);
    for (size_t i = 0; i < C7_EVENTS; i++)
        ck_assert_ok(feed(ce, &c7_events[i]));
    ck_assert_ok(cjm_customer_events_compare(&c, NULL, ce));
    ck_assert_uint_eq(cjm_comparison_count_kind(c, CJM_DEVIATION_FAILING), 0);
    cjm_comparison_free(c);
    cjm_customer_events_free(ce);
    cjm_journey_free(map);
}
END_TEST

/* The map's own stage ids may include "(no stage)": the stage for events
 * of no stage then takes another id the map lacks. */
START_TEST(unstaged_stage_id_is_free)
{
    cjm_journey *map = cjm_journey_new("m", "M");
    cjm_stage *s;
    ck_assert_ok(cjm_journey_add_stage(&s, map, "(no stage)", "Odd"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "t", "T", "web"));
    ck_assert_ok(cjm_journey_add_stage(NULL, map, "(no stage) 2", "Odder"));
    cjm_customer_events *ce = cjm_customer_events_new(map, "c", NULL);
    ev e[] = { { "c", 1, "t", NULL, NULL, NAN }, { "c", 2, "x", "web", NULL, NAN } };
    ck_assert_ok(feed(ce, &e[0]));
    ck_assert_ok(feed(ce, &e[1]));
    cjm_comparison *c = NULL;
    cjm_journey *actual = NULL;
    ck_assert_ok(cjm_customer_events_compare(&c, &actual, ce));
    ck_assert_str_eq(cjm_stage_id(cjm_journey_stage(actual, 2)), "(no stage) 3");
    ck_assert_uint_eq(cjm_comparison_count(c), 1);
    ck_assert_ptr_null(cjm_comparison_stage(c, 0));
    cjm_comparison_free(c);
    cjm_journey_free(actual);
    cjm_customer_events_free(ce);
    cjm_journey_free(map);
}
END_TEST

START_TEST(every_error)
{
    cjm_journey *map = retail_map();
    ck_assert_ptr_null(cjm_customer_events_new(NULL, "c", NULL));
    ck_assert_int_eq(cjm_last_status(), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_customer_events_new: map: NULL");
    ck_assert_ptr_null(cjm_customer_events_new(map, NULL, NULL));
    ck_assert_error_mentions("customer: NULL");
    ck_assert_ptr_null(cjm_customer_events_new(map, "", NULL));
    ck_assert_int_eq(cjm_last_status(), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_customer_events_new: customer");
    cjm_journey *repeats = cjm_journey_new_actual("r", "R");
    cjm_stage *s;
    ck_assert_ok(cjm_journey_add_stage(&s, repeats, "s", "S"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "t", "T", "web"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "t", "T", "web"));
    ck_assert_ptr_null(cjm_customer_events_new(repeats, "c", NULL));
    ck_assert_error_mentions("cjm_customer_events_new: map: touchpoint \"t\" appears more than once");
    cjm_journey_free(repeats);

    cjm_customer_events *ce = cjm_customer_events_new(map, "c-7", NULL);
    cjm_event *event = cjm_event_new();
    ck_assert_status(cjm_customer_events_add(NULL, event), CJM_ERR_INVALID);
    ck_assert_error_mentions("customer_events: NULL");
    ck_assert_status(cjm_customer_events_add(ce, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("event: NULL");
    ck_assert_status(cjm_customer_events_sink(event, ce), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_customer_events_add: customer: the event has none");
    ck_assert_ok(cjm_event_set_customer(event, "c-7"));
    ck_assert_status(cjm_customer_events_add(ce, event), CJM_ERR_INVALID);
    ck_assert_error_mentions("touchpoint: the event has none");
    ck_assert_ok(cjm_event_set_touchpoint(event, "checkout"));
    ck_assert_status(cjm_customer_events_add(ce, event), CJM_ERR_INVALID);
    ck_assert_error_mentions("at: the event has none");
    ck_assert_ok(cjm_event_set_at(event, 1));
    ck_assert_ok(cjm_event_set_stage(event, "nowhere"));
    ck_assert_ok(cjm_event_set_origin(event, "events.jsonl:3"));
    ck_assert_status(cjm_customer_events_add(ce, event), CJM_ERR_INVALID);
    ck_assert_error_mentions("events.jsonl:3: cjm_customer_events_add: stage: the map has no stage \"nowhere\"");
    ck_assert_ok(cjm_event_set_stage(event, "compare"));
    ck_assert_status(cjm_customer_events_add(ce, event), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("touchpoint \"checkout\" is in stage \"purchase\" of the map, not \"compare\"");
    ck_assert_ok(cjm_event_set_stage(event, NULL));
    ck_assert_ok(cjm_event_set_touchpoint(event, "fax"));
    ck_assert_status(cjm_customer_events_add(ce, event), CJM_ERR_INVALID);
    ck_assert_error_mentions("touchpoint \"fax\" is not in the map, so the event needs a channel");
    ck_assert_ok(cjm_event_set_error(event, CJM_ERR_PARSE, "events.jsonl:9:2: not JSON"));
    ck_assert_status(cjm_customer_events_add(ce, event), CJM_ERR_PARSE);
    ck_assert_error_mentions("events.jsonl:9:2: not JSON");
    ck_assert_uint_eq(cjm_customer_events_count(ce), 0);

    cjm_comparison *c = NULL;
    cjm_journey *actual = NULL;
    ck_assert_status(cjm_customer_events_compare(NULL, NULL, ce), CJM_ERR_INVALID);
    ck_assert_status(cjm_customer_events_compare(&c, &actual, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_customer_events_compare(&c, &actual, ce), CJM_ERR_NOT_FOUND);
    ck_assert_error_mentions("cjm_customer_events_compare: customer: no event of customer \"c-7\"");
    ck_assert_ptr_null(c);
    ck_assert_ptr_null(actual);
    ck_assert_uint_eq(cjm_customer_events_count(NULL), 0);
    ck_assert_uint_eq(cjm_customer_events_rejected(NULL, NULL), 0);
    cjm_customer_events_free(ce);
    cjm_customer_events_free(NULL);

    /* Lenient: invalid events of anyone are skipped and counted, the first
     * message kept; a default channel makes an unplanned event valid. */
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_lenient(o, true));
    ck_assert_ok(cjm_options_set_default_channel(o, "Other"));
    ce = cjm_customer_events_new(map, "c-7", o);
    cjm_options_free(o);
    ck_assert_status(cjm_customer_events_add(ce, event), CJM_OK); /* the reader's mark */
    ck_assert_ok(cjm_event_set_error(event, CJM_OK, NULL));
    ck_assert_ok(feed(ce, &(ev){ "c-9", 5, "checkout", NULL, "discover", NAN }));
    ck_assert_ok(feed(ce, &(ev){ "c-7", 6, "fax", NULL, NULL, NAN }));
    const char *first = NULL;
    ck_assert_uint_eq(cjm_customer_events_rejected(ce, &first), 2);
    ck_assert_str_eq(first, "events.jsonl:9:2: not JSON");
    ck_assert_uint_eq(cjm_customer_events_count(ce), 1);
    ck_assert_ok(cjm_customer_events_compare(&c, &actual, ce));
    ck_assert_str_eq(cjm_touchpoint_channel(cjm_journey_find_touchpoint(actual, "fax")), "other");
    cjm_comparison_free(c);
    cjm_journey_free(actual);
    cjm_customer_events_free(ce);
    ce = cjm_customer_events_new(map, "c-1", NULL);
    cjm_customer_events_free(ce);
    cjm_event_free(event);
    cjm_journey_free(map);
}
END_TEST

/* Every allocation of the whole run failing in turn, once or from then
 * on: each failing call says CJM_ERR_NOMEM, a failed add keeps nothing,
 * nothing leaks, and the run that fails nowhere gives the hand-worked
 * deviations. */
static void exhaust(bool persistent)
{
    failalloc_install();
    cjm_journey *map = retail_map();
    cjm_event *events[C7_EVENTS];
    for (size_t i = 0; i < C7_EVENTS; i++)
        events[i] = make_event(&c7_events[i]);
    for (long n = 1;; n++) {
        failalloc_arm(n, persistent);
        cjm_status rc = CJM_OK;
        cjm_customer_events *ce = cjm_customer_events_new(map, "c-7", NULL);
        if (!ce)
            rc = cjm_last_status();
        for (size_t i = 0; ce && rc == CJM_OK && i < C7_EVENTS; i++) {
            uint64_t before = cjm_customer_events_count(ce);
            rc = cjm_customer_events_add(ce, events[i]);
            if (rc != CJM_OK)
                ck_assert_uint_eq(cjm_customer_events_count(ce), before);
        }
        cjm_comparison *c = NULL;
        cjm_journey *actual = NULL;
        if (rc == CJM_OK) {
            rc = cjm_customer_events_compare(&c, &actual, ce);
            if (rc != CJM_OK) {
                ck_assert_ptr_null(c);
                ck_assert_ptr_null(actual);
            }
        }
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (tripped) {
            ck_assert_msg(rc == CJM_ERR_NOMEM, "allocation %ld failing: %s (%s)", n,
                          cjm_status_name(rc), cjm_last_error());
        } else {
            ck_assert_ok(rc);
            assert_c7(c);
        }
        cjm_comparison_free(c);
        cjm_journey_free(actual);
        cjm_customer_events_free(ce);
        if (!tripped)
            break;
    }
    for (size_t i = 0; i < C7_EVENTS; i++)
        cjm_event_free(events[i]);
    cjm_journey_free(map);
    ck_assert_int_eq(failalloc_live(), 0);
    failalloc_uninstall();
}

START_TEST(allocation_failures)
{
    exhaust(false);
    exhaust(true);
}
END_TEST

void add_customer_events_tests(TCase *tc)
{
    tcase_add_test(tc, repeats_backtracks_and_unplanned);
    tcase_add_test(tc, unstaged_stage_id_is_free);
    tcase_add_test(tc, every_error);
    tcase_add_test(tc, allocation_failures);
}
