/* The customers behind a figure: selections against hand-worked sets on
 * the funnel dataset, against the report's counts on generated data, every
 * error, and allocation failure.
 *
 * On the funnel dataset (tests/common/bulk-data.c lists the events):
 *   c1 a c b, completed, in the funnel at a c b, no hop, silent (no feedback)
 *   c2 a c, dropped at c, silent churn at c, funnel a c, hopped in c
 *      (call back to compare)
 *   c3 a c a c b, completed, heard, funnel a c b, backtracked c -> a
 *   c4 a, dropped at a, silent churn at a, funnel a
 *   c5 a (after the unplanned chat-bot with feedback), dropped at a, heard
 *   c6 c b (skipped a), completed, funnel none, hopped in c (help-forum)
 */
#include <stdlib.h>

#include "../common/alloc-fail.h"
#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"
#include "../../bench/generate.h"

/* The ids a call handed out, joined by spaces. */
typedef struct collected {
    char text[4096];
    size_t count;
    char last[300];
    bool ordered;  /* each id after the one before it in byte order */
    size_t stop_after; /* 0: never stop */
    int stop_with;
} collected;

static int collect(const char *customer, void *userdata)
{
    collected *c = userdata;
    if (c->count && strcmp(c->last, customer) >= 0)
        c->ordered = false;
    snprintf(c->last, sizeof c->last, "%s", customer);
    size_t len = strlen(c->text);
    snprintf(c->text + len, sizeof c->text - len, "%s%s", len ? " " : "", customer);
    c->count++;
    return c->stop_after && c->count == c->stop_after ? c->stop_with : 0;
}

/* Every id handed out, copied. */
typedef struct collected_list {
    char **ids;
    size_t count;
} collected_list;

static int keep(const char *customer, void *userdata)
{
    collected_list *l = userdata;
    l->ids = realloc(l->ids, (l->count + 1) * sizeof *l->ids);
    ck_assert_ptr_nonnull(l->ids);
    l->ids[l->count] = strdup(customer);
    ck_assert_ptr_nonnull(l->ids[l->count++]);
    return 0;
}

static cjm_analysis *funnel_analysis(cjm_journey *map)
{
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    ck_assert_ptr_nonnull(a);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    return a;
}

/* What one selection hands out, checked to come in byte order. */
static const collected *collected_by(const cjm_analysis *a, const cjm_selection *s)
{
    static collected c;
    memset(&c, 0, sizeof c);
    c.ordered = true;
    ck_assert_ok(cjm_analysis_customers(a, s, collect, &c));
    ck_assert_msg(c.ordered, "ids out of byte order");
    return &c;
}

/* The ids of one selection, as text. */
static const char *ids(const cjm_analysis *a, const cjm_selection *s)
{
    return collected_by(a, s)->text;
}

typedef cjm_status (*add_stage_fn)(cjm_selection *, const char *);

static const char *by_stage(const cjm_analysis *a, add_stage_fn add, const char *stage)
{
    cjm_selection *s = cjm_selection_new();
    ck_assert_ok(add(s, stage));
    const char *text = ids(a, s);
    cjm_selection_free(s);
    return text;
}

static const char *by_path(const cjm_analysis *a, const char *const *stages, size_t n)
{
    cjm_selection *s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_path(s, stages, n));
    const char *text = ids(a, s);
    cjm_selection_free(s);
    return text;
}

START_TEST(funnel_dataset_by_hand)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = funnel_analysis(map);
    ck_assert_str_eq(by_stage(a, cjm_selection_add_reached, "a"), "c1 c2 c3 c4 c5");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_reached, "c"), "c1 c2 c3 c6");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_reached, "b"), "c1 c3 c6");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_funnel, "a"), "c1 c2 c3 c4 c5");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_funnel, "c"), "c1 c2 c3");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_funnel, "b"), "c1 c3");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_dropped, "a"), "c4 c5");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_dropped, "c"), "c2");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_dropped, "b"), "");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_silent_churn, "a"), "c4");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_silent_churn, "c"), "c2");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_hopped, "a"), "");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_hopped, "c"), "c2 c6");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_used, "chat-bot"), "c5");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_used, "help-forum"), "c6");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_used, "compare"), "c1 c2 c3 c6");
    ck_assert_str_eq(by_stage(a, cjm_selection_add_used, "store"), "");

    static const char *const path_a[] = { "a" }, *const path_ac[] = { "a", "c" };
    static const char *const path_acacb[] = { "a", "c", "a", "c", "b" };
    static const char *const path_cb[] = { "c", "b" }, *const path_b[] = { "b" };
    ck_assert_str_eq(by_path(a, path_a, 1), "c4 c5");
    ck_assert_str_eq(by_path(a, path_ac, 2), "c2");
    ck_assert_str_eq(by_path(a, path_acacb, 5), "c3");
    ck_assert_str_eq(by_path(a, path_acacb, 4), "");
    ck_assert_str_eq(by_path(a, path_cb, 2), "c6");
    ck_assert_str_eq(by_path(a, path_b, 1), "");

    cjm_selection *s = cjm_selection_new();
    ck_assert_str_eq(ids(a, s), "c1 c2 c3 c4 c5 c6"); /* no criterion: everyone */
    ck_assert_ok(cjm_selection_add_completed(s));
    ck_assert_str_eq(ids(a, s), "c1 c3 c6");
    ck_assert_ok(cjm_selection_add_reached(s, "a"));
    ck_assert_str_eq(ids(a, s), "c1 c3");                /* and */
    ck_assert_ok(cjm_selection_add_backtracked(s, "c", "a"));
    ck_assert_str_eq(ids(a, s), "c3");
    ck_assert_ok(cjm_selection_add_hopped(s, "c"));
    ck_assert_str_eq(ids(a, s), "");
    cjm_selection_free(s);

    s = cjm_selection_new(); /* criteria the events meet in any order: no walk */
    ck_assert_ok(cjm_selection_add_used(s, "site"));
    ck_assert_ok(cjm_selection_add_reached(s, "c"));
    ck_assert_str_eq(ids(a, s), "c1 c3");
    ck_assert_ok(cjm_selection_add_used(s, "chat-bot"));
    ck_assert_str_eq(ids(a, s), "");
    cjm_selection_free(s);

    s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_funnel(s, "c"));
    ck_assert_ok(cjm_selection_add_hopped(s, "c"));
    ck_assert_str_eq(ids(a, s), "c2");
    cjm_selection_free(s);

    s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_used(s, "site"));
    ck_assert_ok(cjm_selection_add_dropped(s, "a"));
    ck_assert_ok(cjm_selection_add_reached(s, "a")); /* the same stage twice over */
    ck_assert_str_eq(ids(a, s), "c5");
    cjm_selection_free(s);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* Byte order, not locale order: upper case before lower, UTF-8 last. */
START_TEST(ids_in_byte_order)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    static const char *const customers[] = { "b", "\xc3\xa9t\xc3\xa9", "B", "a10", "a9", "_" };
    for (size_t i = 0; i < 6; i++)
        ck_assert_ok(cjm_analysis_add(a, customers[i], (int64_t)i, "ad", NULL, NULL));
    cjm_selection *s = cjm_selection_new();
    ck_assert_str_eq(ids(a, s), "B _ a10 a9 b \xc3\xa9t\xc3\xa9");
    cjm_selection_free(s);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* Many ids sharing long prefixes, of every length, with bytes above 0x7f:
 * the sort reads eight bytes at a time, so prefixes of 8 and 16 bytes and
 * ends at each byte of a key are all met. */
START_TEST(many_ids_in_byte_order)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    static const char *const pieces[] = { "a", "b", "\xc3\xa9", "A", "~" };
    uint64_t rng = 12345;
    size_t added = 0;
    char id[128]; /* a shared prefix and up to 32 pieces of 2 bytes */
    for (int i = 0; i < 3000; i++) {
        size_t len = 0;
        if (i % 3 == 0)
            len = (size_t)snprintf(id, sizeof id, "prefix-shared-by-many-");
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        for (unsigned k = (unsigned)(rng >> 59) + 1; k > 0; k--) {
            rng = rng * 6364136223846793005u + 1442695040888963407u;
            const char *p = pieces[(rng >> 33) % 5];
            memcpy(id + len, p, strlen(p) + 1);
            len += strlen(p);
        }
        ck_assert_ok(cjm_analysis_add(a, id, i, "ad", NULL, NULL));
    }
    added = cjm_analysis_customer_count(a);
    ck_assert_uint_gt(added, 1000);
    cjm_selection *s = cjm_selection_new();
    collected_list l = { 0 };
    ck_assert_ok(cjm_analysis_customers(a, s, keep, &l));
    ck_assert_uint_eq(l.count, added);
    for (size_t i = 1; i < l.count; i++)
        ck_assert_msg(strcmp(l.ids[i - 1], l.ids[i]) < 0, "\"%s\" before \"%s\"",
                      l.ids[i - 1], l.ids[i]);
    for (size_t i = 0; i < l.count; i++)
        free(l.ids[i]);
    free(l.ids);
    cjm_selection_free(s);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* The number of customers a selection hands out; frees the selection. */
static uint64_t count_of(const cjm_analysis *a, cjm_selection *s)
{
    uint64_t n = collected_by(a, s)->count;
    cjm_selection_free(s);
    return n;
}

static cjm_selection *one(add_stage_fn add, const char *id)
{
    cjm_selection *s = cjm_selection_new();
    ck_assert_ok(add(s, id));
    return s;
}

/* Every selection of one criterion against the report's count. */
static void check_against_report(const cjm_analysis *a)
{
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    for (size_t i = 0; i < cjm_report_stage_count(r); i++) {
        const char *id = cjm_report_stage_id(r, i);
        ck_assert_uint_eq(count_of(a, one(cjm_selection_add_reached, id)),
                          cjm_report_stage_reached(r, i));
        ck_assert_uint_eq(count_of(a, one(cjm_selection_add_funnel, id)),
                          cjm_report_stage_funnel(r, i));
        ck_assert_uint_eq(count_of(a, one(cjm_selection_add_dropped, id)),
                          cjm_report_stage_dropped(r, i));
        ck_assert_uint_eq(count_of(a, one(cjm_selection_add_silent_churn, id)),
                          cjm_report_stage_silent_churn(r, i));
        ck_assert_uint_eq(count_of(a, one(cjm_selection_add_hopped, id)),
                          cjm_report_stage_hop_customers(r, i));
    }
    ck_assert_uint_gt(cjm_report_backtrack_pair_count(r), 1);
    for (size_t i = 0; i < cjm_report_backtrack_pair_count(r); i++) {
        cjm_selection *s = cjm_selection_new();
        ck_assert_ok(cjm_selection_add_backtracked(s, cjm_report_backtrack_from(r, i),
                                                   cjm_report_backtrack_to(r, i)));
        ck_assert_uint_eq(count_of(a, s), cjm_report_backtrack_pair_customers(r, i));
    }
    for (size_t i = 0; i < cjm_report_touchpoint_count(r); i++)
        ck_assert_uint_eq(count_of(a, one(cjm_selection_add_used, cjm_report_touchpoint_id(r, i))),
                          cjm_report_touchpoint_customers(r, i));
    ck_assert_uint_gt(cjm_report_path_count(r), 2);
    for (size_t i = 0; i < cjm_report_path_count(r); i++) {
        const char *stages[64];
        size_t n = cjm_report_path_length(r, i);
        ck_assert_uint_le(n, 64);
        for (size_t j = 0; j < n; j++)
            stages[j] = cjm_report_path_stage(r, i, j);
        cjm_selection *s = cjm_selection_new();
        ck_assert_ok(cjm_selection_add_path(s, stages, n));
        ck_assert_uint_eq(count_of(a, s), cjm_report_path_customers(r, i));
        s = cjm_selection_new();
        ck_assert_ok(cjm_selection_add_path(s, stages, n));
        ck_assert_ok(cjm_selection_add_completed(s));
        ck_assert_uint_eq(count_of(a, s), cjm_report_path_completed(r, i));
    }
    cjm_selection *s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_completed(s));
    ck_assert_uint_eq(count_of(a, s), cjm_report_completed(r));
    ck_assert_uint_eq(count_of(a, cjm_selection_new()), cjm_report_customers(r));
    cjm_report_free(r);
}

START_TEST(counts_equal_the_report_on_generated_data)
{
    cjm_journey *map = gen_map();
    cjm_analysis *a = generated_analysis(map, test_size(60000), (unsigned)_i + 1);
    check_against_report(a);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* A list of every id, joined, for comparing whole answers. */
typedef struct all_ids {
    char *text;
    size_t len, capacity;
} all_ids;

static int append(const char *customer, void *userdata)
{
    all_ids *l = userdata;
    size_t n = strlen(customer) + 1;
    if (l->len + n + 1 > l->capacity) {
        l->capacity = 2 * (l->len + n + 1);
        l->text = realloc(l->text, l->capacity);
        ck_assert_ptr_nonnull(l->text);
    }
    memcpy(l->text + l->len, customer, n - 1);
    l->text[l->len + n - 1] = '\n';
    l->len += n;
    l->text[l->len] = '\0';
    return 0;
}

/* A state made again, and a merge of halves, select what the original does. */
START_TEST(deserialized_and_merged_analyses)
{
    cjm_journey *map = gen_map();
    cjm_analysis *a = generated_analysis(map, test_size(60000), 2);
    void *bytes = NULL;
    size_t size = 0;
    ck_assert_ok(cjm_analysis_serialize(&bytes, &size, a));
    cjm_analysis *b = NULL;
    ck_assert_ok(cjm_analysis_deserialize(&b, map, bytes, size));
    cjm_free(bytes);
    check_against_report(b);
    cjm_selection *s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_reached(s, "compare"));
    ck_assert_ok(cjm_selection_add_silent_churn(s, "compare"));
    all_ids x = { 0 }, y = { 0 };
    ck_assert_ok(cjm_analysis_customers(a, s, append, &x));
    ck_assert_ok(cjm_analysis_customers(b, s, append, &y));
    ck_assert_ptr_nonnull(x.text);
    ck_assert_str_eq(x.text, y.text);
    free(x.text);
    free(y.text);
    cjm_selection_free(s);
    cjm_analysis_free(a);
    cjm_analysis_free(b);
    cjm_journey_free(map);

    /* Halves split by event, merged: c3's backtrack spans both. */
    map = funnel_map();
    a = cjm_analysis_new(map, NULL);
    b = cjm_analysis_new(map, NULL);
    add_events(a, funnel_events, 11);
    add_events(b, funnel_events + 11, FUNNEL_EVENTS - 11);
    ck_assert_ok(cjm_analysis_merge(a, b));
    ck_assert_str_eq(by_stage(a, cjm_selection_add_dropped, "a"), "c4 c5");
    s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_backtracked(s, "c", "a"));
    ck_assert_str_eq(ids(a, s), "c3");
    cjm_selection_free(s);
    cjm_analysis_free(a);
    cjm_analysis_free(b);
    cjm_journey_free(map);
}
END_TEST

START_TEST(callback_stops_or_fails)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = funnel_analysis(map);
    cjm_selection *s = cjm_selection_new();
    collected c = { .stop_after = 2, .stop_with = 1 };
    ck_assert_ok(cjm_analysis_customers(a, s, collect, &c));
    ck_assert_str_eq(c.text, "c1 c2");

    memset(&c, 0, sizeof c);
    c.stop_after = 1;
    c.stop_with = 7;
    ck_assert_ok(cjm_analysis_customers(a, s, collect, &c));
    ck_assert_str_eq(c.text, "c1");
    cjm_selection_free(s);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

static int fail_with_message(const char *customer, void *userdata)
{
    (void)userdata;
    if (strcmp(customer, "c3") == 0)
        return cjm_error_set(CJM_ERR_IO, "crm: the connection dropped");
    return 0;
}

static int fail_quietly(const char *customer, void *userdata)
{
    int *calls = userdata;
    ++*calls;
    return strcmp(customer, "c2") == 0 ? CJM_ERR_CONFLICT : 0;
}

START_TEST(callback_errors_propagate)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = funnel_analysis(map);
    cjm_selection *s = cjm_selection_new();
    ck_assert_status(cjm_analysis_customers(a, s, fail_with_message, NULL), CJM_ERR_IO);
    ck_assert_str_eq(cjm_last_error(), "crm: the connection dropped");
    int calls = 0;
    cjm_clear_error();
    ck_assert_status(cjm_analysis_customers(a, s, fail_quietly, &calls), CJM_ERR_CONFLICT);
    ck_assert_int_eq(calls, 2);
    ck_assert_error_mentions("cjm_analysis_customers: the callback failed (CJM_ERR_CONFLICT) "
                             "at customer \"c2\"");
    cjm_selection_free(s);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

static int never(const char *customer, void *userdata)
{
    (void)customer;
    (void)userdata;
    ck_abort_msg("no id may be handed out");
    return 0;
}

START_TEST(bad_arguments)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = funnel_analysis(map);
    cjm_selection *s = cjm_selection_new();
    ck_assert_status(cjm_selection_add_reached(NULL, "a"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_reached: selection: NULL");
    ck_assert_status(cjm_selection_add_completed(NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_completed: selection: NULL");
    ck_assert_status(cjm_selection_add_reached(s, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_reached: stage: NULL");
    ck_assert_status(cjm_selection_add_funnel(s, ""), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_funnel: stage: empty");
    ck_assert_status(cjm_selection_add_dropped(s, "a\tb"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_dropped: stage:");
    ck_assert_status(cjm_selection_add_silent_churn(s, "\xff"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_silent_churn: stage:");
    ck_assert_status(cjm_selection_add_hopped(s, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_hopped: stage: NULL");
    ck_assert_status(cjm_selection_add_backtracked(s, "c", NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_backtracked: to: NULL");
    ck_assert_status(cjm_selection_add_backtracked(s, "", "a"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_backtracked: from: empty");
    char long_id[CJM_ID_MAX + 2];
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    ck_assert_status(cjm_selection_add_used(s, long_id), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_used: touchpoint: longer than");
    static const char *const repeat[] = { "a", "c", "c" }, *const holed[] = { "a", NULL };
    ck_assert_status(cjm_selection_add_path(NULL, repeat, 1), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_path: selection: NULL");
    ck_assert_status(cjm_selection_add_path(s, NULL, 1), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_path: stages: NULL");
    ck_assert_status(cjm_selection_add_path(s, repeat, 0), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_path: count: 0");
    ck_assert_status(cjm_selection_add_path(s, repeat, 3), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_path: stages[2]: \"c\" again");
    ck_assert_status(cjm_selection_add_path(s, holed, 2), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_path: stages[1]: NULL");
    ck_assert_status(cjm_selection_add_path(s, repeat, (size_t)UINT16_MAX + 1), CJM_ERR_LIMIT);
    ck_assert_error_mentions("cjm_selection_add_path: count: 65536 stages");
    /* Failed adds left the selection empty: it still takes everyone. */
    ck_assert_str_eq(ids(a, s), "c1 c2 c3 c4 c5 c6");

    ck_assert_status(cjm_analysis_customers(NULL, s, never, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_customers: analysis: NULL");
    ck_assert_status(cjm_analysis_customers(a, NULL, never, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_customers: selection: NULL");
    ck_assert_status(cjm_analysis_customers(a, s, NULL, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_customers: callback: NULL");
    cjm_selection_free(s);
    cjm_selection_free(NULL);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* Ids the analysis lacks, named with their criterion, before any id goes out. */
START_TEST(unknown_ids)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = funnel_analysis(map);
    static const struct {
        add_stage_fn add;
        const char *name;
    } kinds[] = {
        { cjm_selection_add_reached, "reached" }, { cjm_selection_add_funnel, "funnel" },
        { cjm_selection_add_dropped, "dropped" },
        { cjm_selection_add_silent_churn, "silent churn" },
        { cjm_selection_add_hopped, "hopped" },
    };
    char want[200];
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        cjm_selection *s = cjm_selection_new();
        ck_assert_ok(cjm_selection_add_completed(s));
        ck_assert_ok(kinds[i].add(s, "checkout")); /* a touchpoint, not a stage */
        ck_assert_status(cjm_analysis_customers(a, s, never, NULL), CJM_ERR_NOT_FOUND);
        snprintf(want, sizeof want,
                 "cjm_analysis_customers: %s: no stage \"checkout\" in the map \"funnel\"",
                 kinds[i].name);
        ck_assert_str_eq(cjm_last_error(), want);
        cjm_selection_free(s);
    }
    cjm_selection *s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_used(s, "kiosk"));
    ck_assert_status(cjm_analysis_customers(a, s, never, NULL), CJM_ERR_NOT_FOUND);
    ck_assert_str_eq(cjm_last_error(), "cjm_analysis_customers: used: no touchpoint \"kiosk\" "
                                       "in the map \"funnel\" or the events");
    cjm_selection_free(s);

    static const char *const path[] = { "a", "checkout", "b" };
    s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_path(s, path, 3));
    ck_assert_status(cjm_analysis_customers(a, s, never, NULL), CJM_ERR_NOT_FOUND);
    ck_assert_str_eq(cjm_last_error(), "cjm_analysis_customers: path: no stage \"checkout\" in "
                                       "the map \"funnel\"");
    cjm_selection_free(s);

    s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_backtracked(s, "c", "z"));
    ck_assert_status(cjm_analysis_customers(a, s, never, NULL), CJM_ERR_NOT_FOUND);
    ck_assert_error_mentions("backtracked: no stage \"z\"");
    cjm_selection_free(s);
    s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_backtracked(s, "z", "a"));
    ck_assert_status(cjm_analysis_customers(a, s, never, NULL), CJM_ERR_NOT_FOUND);
    ck_assert_error_mentions("backtracked: no stage \"z\"");
    cjm_selection_free(s);
    for (int forward = 0; forward < 2; forward++) {
        s = cjm_selection_new();
        ck_assert_ok(cjm_selection_add_backtracked(s, "c", forward ? "b" : "c"));
        ck_assert_status(cjm_analysis_customers(a, s, never, NULL), CJM_ERR_INVALID);
        ck_assert_error_mentions(forward ? "\"b\" does not come before \"c\""
                                         : "\"c\" does not come before \"c\"");
        cjm_selection_free(s);
    }
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

/* An analysis without events selects nobody; with an empty map too. */
START_TEST(no_events)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = cjm_analysis_new(map, NULL);
    cjm_selection *s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_reached(s, "a"));
    ck_assert_str_eq(ids(a, s), "");
    cjm_selection_free(s);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

static cjm_status select_under_failure(const cjm_analysis *a, collected *c)
{
    static const char *const path[] = { "a", "c", "a", "c", "b" };
    cjm_selection *s = cjm_selection_new();
    if (!s)
        return cjm_last_status();
    cjm_status rc;
    if ((rc = cjm_selection_add_reached(s, "a")) != CJM_OK ||
        (rc = cjm_selection_add_backtracked(s, "c", "a")) != CJM_OK ||
        (rc = cjm_selection_add_used(s, "site")) != CJM_OK ||
        (rc = cjm_selection_add_completed(s)) != CJM_OK ||
        (rc = cjm_selection_add_path(s, path, 5)) != CJM_OK)
        goto done;
    rc = cjm_analysis_customers(a, s, collect, c);
done:
    cjm_selection_free(s);
    return rc;
}

START_TEST(allocation_failure)
{
    cjm_journey *map = funnel_map();
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_threads(o, 1)); /* the failing allocator has no lock */
    cjm_analysis *a = cjm_analysis_new(map, o);
    add_events(a, funnel_events, FUNNEL_EVENTS);
    failalloc_install();
    long base = failalloc_live();
    bool persistent = _i;
    for (long n = 1;; n++) {
        collected c;
        memset(&c, 0, sizeof c);
        failalloc_arm(n, persistent);
        cjm_status rc = select_under_failure(a, &c);
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        ck_assert_int_eq(failalloc_live(), base);
        if (!tripped) {
            ck_assert_ok(rc);
            ck_assert_str_eq(c.text, "c3");
            ck_assert_int_gt(n, 5);
            break;
        }
        ck_assert_status(rc, CJM_ERR_NOMEM);
        ck_assert_uint_eq(c.count, 0);
    }
    failalloc_uninstall();
    cjm_analysis_free(a);
    cjm_options_free(o);
    cjm_journey_free(map);
}
END_TEST

/* Generated events with an attribute "plan" of 30 values (the customer's
 * earliest event's decides), a seventh of the customers without it, and a
 * breakdown by it: 7 segments of their own, the rest pooled. */
static cjm_analysis *generated_with_plans(const cjm_journey *map, const char *breakdown)
{
    cjm_options *o = cjm_options_new();
    ck_assert_ok(cjm_options_set_breakdown(o, breakdown));
    ck_assert_ok(cjm_options_set_max_segments(o, 8));
    cjm_analysis *a = cjm_analysis_new(map, o);
    cjm_options_free(o);
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 30000), 0);
    gen_start(&g, 13, test_size(40000));
    static const char *const plans[30] = {
        "p00", "p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09",
        "p10", "p11", "p12", "p13", "p14", "p15", "p16", "p17", "p18", "p19",
        "p20", "p21", "p22", "p23", "p24", "p25", "p26", "p27", "p28", "",
    };
    const char **values = malloc(30000 * sizeof *values);
    ck_assert_ptr_nonnull(values);
    while (gen_next(&g, &b)) {
        for (size_t i = 0; i < b.count; i++) {
            /* One customer in seven never carries the key: the null segment. */
            size_t len = strlen(b.customers[i]);
            size_t c = (size_t)b.customers[i][len - 1] * 31 + (size_t)b.customers[i][len - 2];
            values[i] = c % 7 == 0 ? NULL : plans[(c + (size_t)b.at[i] % 5) % 30];
        }
        cjm_attribute_column plan = { "plan", values, NULL };
        ck_assert_ok(cjm_analysis_add_columns_with_attributes(
            a, b.count, b.customers, b.at, b.touchpoints, b.channels, b.stages, b.scores,
            b.scale_min, b.scale_max, &plan, 1));
    }
    free(values);
    gen_batch_free(&b);
    return a;
}

/* The customers of a segment by its value, or of the pooled segment. */
static cjm_selection *in_segment(const char *value, bool other)
{
    cjm_selection *s = cjm_selection_new();
    ck_assert_ok(other ? cjm_selection_add_segment_other(s) : cjm_selection_add_segment(s, value));
    return s;
}

/* Every segment's customers, and its dropped per stage, as the report says. */
START_TEST(segments_equal_the_report)
{
    cjm_journey *map = gen_map();
    cjm_analysis *a = generated_with_plans(map, _i ? "@day" : "plan");
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, a));
    size_t n = cjm_report_segment_count(r);
    ck_assert_uint_gt(n, 2);
    bool null_seen = false, other_seen = false;
    for (size_t i = 0; i < n; i++) {
        const char *value = cjm_report_segment_value(r, i);
        bool other = cjm_report_segment_other(r, i);
        null_seen |= !value && !other;
        other_seen |= other;
        ck_assert_uint_eq(count_of(a, in_segment(value, other)),
                          cjm_report_segment_customers(r, i));
        for (size_t k = 0; k < cjm_report_stage_count(r); k++) {
            cjm_selection *s = in_segment(value, other);
            ck_assert_ok(cjm_selection_add_dropped(s, cjm_report_stage_id(r, k)));
            ck_assert_uint_eq(count_of(a, s), cjm_report_segment_stage_dropped(r, i, k));
        }
    }
    if (!_i)
        ck_assert(null_seen && other_seen);
    cjm_report_free(r);

    /* A value pooled into other, one never seen, and no pooled entry. */
    cjm_selection *s = in_segment(_i ? "1999-01-01" : "p28x", false);
    ck_assert_status(cjm_analysis_customers(a, s, never, NULL), CJM_ERR_NOT_FOUND);
    ck_assert_error_mentions("segment: no segment \"");
    cjm_selection_free(s);
    if (_i) {
        s = in_segment(NULL, true);
        ck_assert_status(cjm_analysis_customers(a, s, never, NULL), CJM_ERR_NOT_FOUND);
        ck_assert_error_mentions("segment: no pooled segment under the breakdown \"@day\"");
        cjm_selection_free(s);
    }
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

START_TEST(segment_without_breakdown)
{
    cjm_journey *map = funnel_map();
    cjm_analysis *a = funnel_analysis(map);
    cjm_selection *s = cjm_selection_new();
    ck_assert_ok(cjm_selection_add_segment(s, NULL));
    ck_assert_status(cjm_analysis_customers(a, s, never, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_customers: segment: the analysis has no breakdown");
    ck_assert_status(cjm_selection_add_segment(NULL, "x"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_segment: selection: NULL");
    ck_assert_status(cjm_selection_add_segment(s, "a\x01"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_selection_add_segment:");
    ck_assert_status(cjm_selection_add_segment_other(NULL), CJM_ERR_INVALID);
    cjm_selection_free(s);
    cjm_analysis_free(a);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_customers(void)
{
    Suite *s = suite_create("customers");
    TCase *tc = tcase_create("customers");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, funnel_dataset_by_hand);
    tcase_add_test(tc, ids_in_byte_order);
    tcase_add_test(tc, many_ids_in_byte_order);
    tcase_add_loop_test(tc, counts_equal_the_report_on_generated_data, 0, 2);
    tcase_add_test(tc, deserialized_and_merged_analyses);
    tcase_add_test(tc, callback_stops_or_fails);
    tcase_add_test(tc, callback_errors_propagate);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, unknown_ids);
    tcase_add_test(tc, no_events);
    tcase_add_loop_test(tc, allocation_failure, 0, 2);
    tcase_add_loop_test(tc, segments_equal_the_report, 0, 2);
    tcase_add_test(tc, segment_without_breakdown);
    suite_add_tcase(s, tc);
    return s;
}
