/* Allocation failure in the bulk analysis: every constructor and mutator,
 * with the N-th allocation failing once or from then on. A failing call
 * returns CJM_ERR_NOMEM, leaves its analysis reporting exactly what it did
 * before, and leaks nothing. */
#include <math.h>

#include "../common/alloc-fail.h"
#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../suites.h"

typedef struct fixture {
    cjm_journey *map;
    cjm_options *options;
    cjm_analysis *a, *other; /* other: customers a lacks, for merging */
} fixture;

static void fixture_make(fixture *f, bool lenient)
{
    f->map = funnel_map();
    f->options = cjm_options_new();
    /* One thread: the failing allocator counts without locks. */
    ck_assert_ok(cjm_options_set_threads(f->options, 1));
    ck_assert_ok(cjm_options_set_lenient(f->options, lenient));
    f->a = cjm_analysis_new(f->map, f->options);
    f->other = cjm_analysis_new(f->map, f->options);
    add_events(f->a, funnel_events, 8);                       /* c1, c2 */
    add_events(f->other, funnel_events + 8, FUNNEL_EVENTS - 8); /* c3 .. c6 */
    /* An id too long for a table slot: its bytes live apart. */
    ck_assert_ok(cjm_analysis_add(f->other, "a-customer-whose-id-is-longer-than-a-slot", 4,
                                  "site", NULL, NULL));
    if (lenient)
        ck_assert_ok(cjm_analysis_add(f->other, "q", 1, "kiosk", NULL, NULL));
}

static void fixture_free(fixture *f)
{
    cjm_analysis_free(f->a);
    cjm_analysis_free(f->other);
    cjm_options_free(f->options);
    cjm_journey_free(f->map);
}

typedef cjm_status (*bulk_fn)(fixture *f);

static cjm_status b_new(fixture *f)
{
    cjm_analysis *a = cjm_analysis_new(f->map, f->options);
    cjm_status rc = a ? CJM_OK : cjm_last_status();
    cjm_analysis_free(a);
    return rc;
}
static cjm_status b_new_shared(fixture *f)
{
    cjm_analysis *a = cjm_analysis_new_shared(f->map, f->options);
    cjm_status rc = a ? CJM_OK : cjm_last_status();
    cjm_analysis_free(a);
    return rc;
}
static cjm_status b_new_like(fixture *f)
{
    /* A model sharing the map, holding its ids alone: their tables are
     * copied. */
    cjm_analysis *model = cjm_analysis_new_shared(f->map, f->options);
    cjm_analysis *a = model ? cjm_analysis_new_like(model) : NULL;
    cjm_status rc = a ? CJM_OK : cjm_last_status();
    cjm_analysis_free(a);
    cjm_analysis_free(model);
    return rc;
}
static cjm_status b_add(fixture *f)
{
    return cjm_analysis_add(f->a, "new-customer", 3, "new-touchpoint", "new-channel", "c");
}
static cjm_status b_add_known(fixture *f)
{
    return cjm_analysis_add(f->a, "c1", 3, "site", NULL, NULL);
}
static cjm_status b_add_bad(fixture *f)
{
    /* Invalid: lenient mode keeps a copy of the message. */
    cjm_status rc = cjm_analysis_add(f->a, "new-customer", 3, "kiosk", NULL, NULL);
    return rc == CJM_ERR_INVALID ? CJM_OK : rc;
}
static cjm_status b_add_event(fixture *f)
{
    cjm_event *e = cjm_event_new();
    if (!e)
        return cjm_last_status();
    cjm_status rc;
    if ((rc = cjm_event_set_customer(e, "event-customer")) != CJM_OK ||
        (rc = cjm_event_set_at(e, 5)) != CJM_OK ||
        (rc = cjm_event_set_touchpoint(e, "compare")) != CJM_OK ||
        (rc = cjm_event_set_stage(e, "c")) != CJM_OK ||
        (rc = cjm_event_set_feedback(e, 1, 1, 5)) != CJM_OK ||
        (rc = cjm_event_set_comment(e, "Slow")) != CJM_OK ||
        (rc = cjm_event_set_emotion(e, "tired")) != CJM_OK ||
        (rc = cjm_event_set_source(e, "survey")) != CJM_OK)
        goto done;
    rc = cjm_analysis_add_event(f->a, e);
done:
    cjm_event_free(e);
    return rc;
}
static cjm_status b_columns(fixture *f)
{
    const char *customers[FUNNEL_EVENTS - 8], *tps[FUNNEL_EVENTS - 8];
    const char *channels[FUNNEL_EVENTS - 8], *stages[FUNNEL_EVENTS - 8];
    int64_t at[FUNNEL_EVENTS - 8];
    double scores[FUNNEL_EVENTS - 8], min[FUNNEL_EVENTS - 8], max[FUNNEL_EVENTS - 8];
    for (size_t i = 8; i < FUNNEL_EVENTS; i++) {
        const test_event *e = &funnel_events[i];
        customers[i - 8] = e->customer;
        tps[i - 8] = e->touchpoint;
        channels[i - 8] = e->channel;
        stages[i - 8] = e->stage;
        at[i - 8] = e->at;
        scores[i - 8] = e->score;
        min[i - 8] = e->min;
        max[i - 8] = e->max;
    }
    return cjm_analysis_add_columns(f->a, FUNNEL_EVENTS - 8, customers, at, tps, channels,
                                    stages, scores, min, max);
}
static cjm_status b_merge(fixture *f) { return cjm_analysis_merge(f->a, f->other); }
static cjm_status b_merge_free(fixture *f)
{
    cjm_status rc = cjm_analysis_merge_free(f->a, f->other);
    if (rc == CJM_OK)
        f->other = NULL; /* freed by the merge */
    return rc;
}
/* Into an analysis with no customer: every shard of other's comes whole. */
static cjm_status b_merge_into_empty(fixture *f)
{
    cjm_analysis *empty = cjm_analysis_new(f->map, f->options);
    if (!empty)
        return cjm_last_status();
    cjm_status rc = cjm_analysis_merge(empty, f->other);
    if (rc == CJM_OK)
        rc = cjm_analysis_merge_free(f->a, empty);
    if (rc != CJM_OK)
        cjm_analysis_free(empty);
    return rc;
}
static cjm_status b_report(fixture *f)
{
    cjm_report *r = NULL;
    cjm_status rc = cjm_analysis_report(&r, f->other);
    cjm_report_free(r);
    return rc;
}

/* allocates: whether the call must reach the allocator (strict, lenient).
 * Known ids fit in the room already held; a strict rejection needs none. */
static cjm_status b_serialize(fixture *f)
{
    void *bytes = NULL;
    size_t size;
    cjm_status rc = cjm_analysis_serialize(&bytes, &size, f->other);
    cjm_free(bytes);
    return rc;
}
/* `use` given other's state, serialized under the same failing
 * allocator: either step may fail. */
static cjm_status with_state(fixture *f, cjm_status (*use)(fixture *, const void *, size_t))
{
    void *bytes = NULL;
    size_t size;
    cjm_status rc = cjm_analysis_serialize(&bytes, &size, f->other);
    if (rc == CJM_OK)
        rc = use(f, bytes, size);
    cjm_free(bytes);
    return rc;
}
static cjm_status read_back(fixture *f, const void *bytes, size_t size)
{
    cjm_analysis *back = NULL;
    cjm_status rc = cjm_analysis_deserialize(&back, f->map, bytes, size);
    cjm_analysis_free(back);
    return rc;
}
static cjm_status b_deserialize(fixture *f) { return with_state(f, read_back); }

/* Merged from its bytes: into `a`, and into an analysis with no customer
 * (then merged into `a`). */
static cjm_status merge_bytes(fixture *f, const void *bytes, size_t size)
{
    return cjm_analysis_merge_serialized(f->a, bytes, size);
}
static cjm_status merge_bytes_into_empty(fixture *f, const void *bytes, size_t size)
{
    cjm_analysis *empty = cjm_analysis_new(f->map, f->options);
    cjm_status rc = empty ? cjm_analysis_merge_serialized(empty, bytes, size)
                          : cjm_last_status();
    if (rc == CJM_OK)
        rc = cjm_analysis_merge_free(f->a, empty);
    if (rc != CJM_OK)
        cjm_analysis_free(empty);
    return rc;
}
static cjm_status b_merge_serialized(fixture *f) { return with_state(f, merge_bytes); }
static cjm_status b_merge_serialized_into_empty(fixture *f)
{
    return with_state(f, merge_bytes_into_empty);
}

static const struct { const char *name; bulk_fn run; bool allocates[2]; } scenarios[] = {
    { "cjm_analysis_serialize", b_serialize, { true, true } },
    { "cjm_analysis_deserialize", b_deserialize, { true, true } },
    { "cjm_analysis_new", b_new, { true, true } },
    { "cjm_analysis_new_shared", b_new_shared, { true, true } },
    { "cjm_analysis_new_like", b_new_like, { true, true } },
    { "cjm_analysis_add (new ids)", b_add, { true, true } },
    { "cjm_analysis_add (known ids)", b_add_known, { false, false } },
    { "cjm_analysis_add (rejected)", b_add_bad, { false, true } },
    { "cjm_event_* and cjm_analysis_add_event", b_add_event, { true, true } },
    { "cjm_analysis_add_columns", b_columns, { true, true } },
    { "cjm_analysis_merge", b_merge, { true, true } },
    { "cjm_analysis_merge_free", b_merge_free, { true, true } },
    { "cjm_analysis_merge into an empty analysis", b_merge_into_empty, { true, true } },
    { "cjm_analysis_merge_serialized", b_merge_serialized, { true, true } },
    { "cjm_analysis_merge_serialized into an empty analysis", b_merge_serialized_into_empty,
      { true, true } },
    { "cjm_analysis_report", b_report, { true, true } },
};

static void exhaust(size_t which, bool persistent, bool lenient)
{
    failalloc_install();
    for (long n = 1;; n++) {
        fixture f;
        fixture_make(&f, lenient);
        cjm_report *before = NULL, *after = NULL, *other_before = NULL, *other_after = NULL;
        ck_assert_ok(cjm_analysis_report(&before, f.a));
        ck_assert_ok(cjm_analysis_report(&other_before, f.other));
        uint64_t rejected = cjm_analysis_rejected_count(f.a);
        failalloc_arm(n, persistent);
        cjm_status rc = scenarios[which].run(&f);
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (tripped) {
            ck_assert_msg(rc == CJM_ERR_NOMEM, "%s, allocation %ld failing: %s (%s)",
                          scenarios[which].name, n, cjm_status_name(rc), cjm_last_error());
            ck_assert_ok(cjm_analysis_report(&after, f.a));
            assert_reports_equal(before, after);
            /* A merge that frees `other` left it whole on failure. */
            ck_assert_ptr_nonnull(f.other);
            ck_assert_ok(cjm_analysis_report(&other_after, f.other));
            assert_reports_equal(other_before, other_after);
            ck_assert_int_eq(cjm_analysis_rejected_count(f.a), rejected);
        } else {
            ck_assert_msg(rc == CJM_OK, "%s: %s", scenarios[which].name, cjm_last_error());
        }
        cjm_report_free(before);
        cjm_report_free(after);
        cjm_report_free(other_before);
        cjm_report_free(other_after);
        fixture_free(&f);
        ck_assert_msg(failalloc_live() == 0, "%s leaked %ld allocations (failing at %ld)",
                      scenarios[which].name, failalloc_live(), n);
        if (!tripped) {
            ck_assert_msg((n > 1) == scenarios[which].allocates[lenient],
                          "%s: %ld allocations, not as expected", scenarios[which].name, n - 1);
            break;
        }
    }
    failalloc_uninstall();
}

START_TEST(fail_once) { exhaust((size_t)_i, false, false); }
END_TEST
START_TEST(fail_from_then_on) { exhaust((size_t)_i, true, false); }
END_TEST
START_TEST(fail_once_lenient) { exhaust((size_t)_i, false, true); }
END_TEST

Suite *suite_bulk_alloc(void)
{
    Suite *s = suite_create("bulk-alloc");
    TCase *tc = tcase_create("bulk-alloc");
    tcase_set_timeout(tc, 300);
    int n = (int)(sizeof scenarios / sizeof scenarios[0]);
    tcase_add_loop_test(tc, fail_once, 0, n);
    tcase_add_loop_test(tc, fail_from_then_on, 0, n);
    tcase_add_loop_test(tc, fail_once_lenient, 0, n);
    suite_add_tcase(s, tc);
    return s;
}
