/* Allocation failure: every public constructor and mutator, with the N-th
 * allocation failing once or from then on, for every N until the call
 * succeeds. A failing call must return CJM_ERR_NOMEM, leave its journey
 * equal to a snapshot, and leak nothing. */
#include <stdlib.h>

#include "../common/alloc-fail.h"
#include "../common/helpers.h"
#include "../suites.h"

typedef cjm_status (*scenario_fn)(cjm_journey *j);

/* The fixture: the retail map with a time on every touchpoint, so the
 * sequence has something to sort, and extensions on every kind of object,
 * so copies have them to copy. */
static cjm_journey *fixture(void)
{
    cjm_journey *j = retail_map();
    cjm_touchpoint *cw = cjm_journey_find_touchpoint(j, "compare-web");
    if (cjm_journey_set_extensions(j, CJM_EXTENSIONS_JSON, "{\"j\": 1}") != CJM_OK ||
        cjm_journey_set_document_extensions(j, CJM_EXTENSIONS_JSON, "{\"d\": 1}") != CJM_OK ||
        cjm_stage_set_extensions(cjm_journey_stage(j, 1), CJM_EXTENSIONS_XML, "<s/>") != CJM_OK ||
        cjm_touchpoint_set_extensions(cw, CJM_EXTENSIONS_JSON, "{\"t\": 1}") != CJM_OK ||
        cjm_feedback_set_extensions(cjm_touchpoint_feedback(cw, 0), CJM_EXTENSIONS_JSON,
                                    "{\"f\": 1}") != CJM_OK)
        abort();
    int64_t at = 1000;
    for (size_t s = 0; s < cjm_journey_stage_count(j); s++) {
        cjm_stage *stage = cjm_journey_stage(j, s);
        for (size_t t = 0; t < cjm_stage_touchpoint_count(stage); t++)
            cjm_touchpoint_set_at(cjm_stage_touchpoint(stage, t), at -= 10);
    }
    return j;
}

/* An actual journey: "web" visited in both stages, and a "call". */
static cjm_journey *actual_fixture(void)
{
    cjm_journey *j = cjm_journey_new_actual("c-1", "C-1");
    cjm_stage *a, *b;
    if (!j || cjm_journey_add_stage(&a, j, "discover", "D") != CJM_OK ||
        cjm_journey_add_stage(&b, j, "compare", "C") != CJM_OK ||
        cjm_stage_add_touchpoint(NULL, a, "web", "Web", "web") != CJM_OK ||
        cjm_stage_add_touchpoint(NULL, b, "call", "Call", "phone") != CJM_OK ||
        cjm_stage_add_touchpoint(NULL, b, "web", "Web", "web") != CJM_OK)
        abort();
    return j;
}

static cjm_touchpoint *tp(cjm_journey *j, const char *id)
{
    return cjm_journey_find_touchpoint(j, id);
}

static cjm_status handle_status(void *handle)
{
    return handle ? CJM_OK : cjm_last_status();
}

static cjm_status s_journey_new(cjm_journey *j)
{
    (void)j;
    cjm_journey *n = cjm_journey_new("new", "New journey");
    cjm_journey_free(n);
    return handle_status(n);
}
static cjm_status s_journey_copy(cjm_journey *j)
{
    cjm_journey *c = cjm_journey_copy(j);
    cjm_status rc = handle_status(c);
    cjm_journey_free(c);
    return rc;
}
static cjm_status s_options(cjm_journey *j)
{
    (void)j;
    cjm_options *o = cjm_options_new();
    cjm_status rc = handle_status(o);
    if (o && (cjm_options_set_min_customers(o, 1) != CJM_OK ||
              cjm_options_set_pain_threshold(o, 0.5) != CJM_OK))
        rc = CJM_ERR_INVALID;
    cjm_options_free(o);
    return rc;
}
static cjm_status s_compare(cjm_journey *j)
{
    /* Against itself: the fixture's reversed times give backtracks, its
     * feedback a failing touchpoint. */
    cjm_comparison *c = NULL;
    cjm_status rc = cjm_journey_compare(&c, j, j, NULL);
    cjm_comparison_free(c);
    return rc;
}
static cjm_status s_gaps(cjm_journey *j)
{
    cjm_gap_list *g = NULL;
    cjm_status rc = cjm_journey_gaps(&g, j, NULL);
    cjm_gap_list_free(g);
    return rc;
}
static cjm_status s_sequence(cjm_journey *j)
{
    cjm_touchpoint *seq[16];
    return cjm_journey_sequence(seq, 16, j);
}
static cjm_status s_switches(cjm_journey *j)
{
    size_t n;
    return cjm_journey_channel_switches(&n, j);
}
static cjm_status s_grow(cjm_journey *j)
{
    (void)j;
    cjm_journey *g = cjm_journey_new("grow", "Grow");
    if (!g)
        return cjm_last_status();
    cjm_status rc = CJM_OK;
    char id[16];
    for (int i = 0; i < 40 && rc == CJM_OK; i++) {
        cjm_stage *s = NULL;
        snprintf(id, sizeof id, "s%d", i);
        rc = cjm_journey_add_stage(&s, g, id, "S");
        snprintf(id, sizeof id, "t%d", i);
        cjm_touchpoint *t = NULL;
        if (rc == CJM_OK)
            rc = cjm_stage_add_touchpoint(&t, s, id, "T", "web");
        for (int k = 0; k < 6 && rc == CJM_OK; k++)
            rc = cjm_touchpoint_add_feedback(NULL, t, k % 5 - 2, -2, 2);
    }
    cjm_journey_free(g);
    return rc;
}
static cjm_status s_set_id(cjm_journey *j) { return cjm_journey_set_id(j, "renamed"); }
static cjm_status s_set_name(cjm_journey *j) { return cjm_journey_set_name(j, "Renamed"); }
static cjm_status s_set_persona(cjm_journey *j) { return cjm_journey_set_persona(j, "P"); }
static cjm_status s_set_desc(cjm_journey *j) { return cjm_journey_set_description(j, "D"); }
static cjm_status s_set_customer(cjm_journey *j) { return cjm_journey_set_customer(j, "c"); }
static cjm_status s_add_stage(cjm_journey *j) { return cjm_journey_add_stage(NULL, j, "n", "N"); }
static cjm_status s_insert_stage(cjm_journey *j)
{
    return cjm_journey_insert_stage(NULL, j, 1, "n", "N");
}
static cjm_status s_remove_stage(cjm_journey *j)
{
    return cjm_journey_remove_stage(j, cjm_journey_find_stage(j, "compare"));
}
static cjm_status s_stage_id(cjm_journey *j) { return cjm_stage_set_id(cjm_journey_stage(j, 2), "x"); }
static cjm_status s_stage_name(cjm_journey *j)
{
    return cjm_stage_set_name(cjm_journey_stage(j, 2), "X");
}
static cjm_status s_stage_goal(cjm_journey *j)
{
    return cjm_stage_set_goal(cjm_journey_stage(j, 2), "G");
}
static cjm_status s_stage_dur(cjm_journey *j)
{
    return cjm_stage_set_expected_duration(cjm_journey_stage(j, 2), 5);
}
static cjm_status s_add_tp(cjm_journey *j)
{
    return cjm_stage_add_touchpoint(NULL, cjm_journey_stage(j, 4), "n", "N", "Web");
}
static cjm_status s_remove_tp(cjm_journey *j)
{
    return cjm_stage_remove_touchpoint(cjm_journey_stage(j, 1), tp(j, "compare-web"));
}
static cjm_status s_tp_id(cjm_journey *j) { return cjm_touchpoint_set_id(tp(j, "checkout"), "x"); }
static cjm_status s_tp_name(cjm_journey *j) { return cjm_touchpoint_set_name(tp(j, "checkout"), "X"); }
static cjm_status s_tp_channel(cjm_journey *j)
{
    return cjm_touchpoint_set_channel(tp(j, "checkout"), "sms");
}
static cjm_status s_tp_owner(cjm_journey *j) { return cjm_touchpoint_set_owner(tp(j, "checkout"), "O"); }
static cjm_status s_tp_desc(cjm_journey *j)
{
    return cjm_touchpoint_set_description(tp(j, "checkout"), "D");
}
static cjm_status s_tp_optional(cjm_journey *j)
{
    return cjm_touchpoint_set_optional(tp(j, "checkout"), true);
}
static cjm_status s_tp_at(cjm_journey *j) { return cjm_touchpoint_set_at(tp(j, "checkout"), 5); }
static cjm_status s_add_fb(cjm_journey *j)
{
    return cjm_touchpoint_add_feedback(NULL, tp(j, "checkout"), 1, -2, 2);
}
static cjm_status s_remove_fb(cjm_journey *j)
{
    cjm_touchpoint *t = tp(j, "compare-web");
    return cjm_touchpoint_remove_feedback(t, cjm_touchpoint_feedback(t, 0));
}
static cjm_feedback *fb(cjm_journey *j) { return cjm_touchpoint_feedback(tp(j, "checkout"), 0); }
static cjm_status s_fb_score(cjm_journey *j) { return cjm_feedback_set_score(fb(j), 0, -1, 1); }
static cjm_status s_fb_emotion(cjm_journey *j) { return cjm_feedback_set_emotion(fb(j), "E"); }
static cjm_status s_fb_comment(cjm_journey *j) { return cjm_feedback_set_comment(fb(j), "C"); }
static cjm_status s_fb_source(cjm_journey *j) { return cjm_feedback_set_source(fb(j), "S"); }
static cjm_status s_fb_at(cjm_journey *j) { return cjm_feedback_set_at(fb(j), 7); }
static cjm_status s_fb_customer(cjm_journey *j) { return cjm_feedback_set_customer(fb(j), "c"); }
static cjm_status s_ext(cjm_journey *j)
{
    return cjm_journey_set_extensions(j, CJM_EXTENSIONS_JSON, "{\"a\": 1}");
}
static cjm_status s_doc_ext(cjm_journey *j)
{
    return cjm_journey_set_document_extensions(j, CJM_EXTENSIONS_JSON, "{}");
}
static cjm_status s_stage_ext(cjm_journey *j)
{
    return cjm_stage_set_extensions(cjm_journey_stage(j, 0), CJM_EXTENSIONS_XML, "<x/>");
}
static cjm_status s_tp_ext(cjm_journey *j)
{
    return cjm_touchpoint_set_extensions(tp(j, "checkout"), CJM_EXTENSIONS_JSON, "{}");
}
static cjm_status s_fb_ext(cjm_journey *j)
{
    return cjm_feedback_set_extensions(fb(j), CJM_EXTENSIONS_JSON, "{}");
}
static cjm_status s_journey_new_actual(cjm_journey *j)
{
    (void)j;
    cjm_journey *n = cjm_journey_new_actual("new", "New journey");
    cjm_journey_free(n);
    return handle_status(n);
}
static cjm_status s_visit_again(cjm_journey *j)
{
    return cjm_stage_add_touchpoint(NULL, cjm_journey_stage(j, 0), "call", "Call", "phone");
}
static cjm_status s_visit_rename_to(cjm_journey *j)
{
    return cjm_touchpoint_set_id(tp(j, "call"), "web");
}
static cjm_status s_visit_rename_from(cjm_journey *j)
{
    return cjm_touchpoint_set_id(tp(j, "web"), "mail");
}
static cjm_status s_visit_remove(cjm_journey *j)
{
    return cjm_journey_remove_stage(j, cjm_journey_stage(j, 0));
}

/* Setters of plain numbers and removals never allocate (so they cannot
 * fail for want of memory); everything else must reach the allocator. */
static bool allocates(const char *name)
{
    static const char *const none[] = {
        "cjm_stage_set_expected_duration", "cjm_touchpoint_set_optional",
        "cjm_touchpoint_set_at", "cjm_touchpoint_set_channel", "cjm_feedback_set_score",
        "cjm_feedback_set_at",
        "cjm_journey_remove_stage", "cjm_stage_remove_touchpoint",
        "cjm_touchpoint_remove_feedback", "visit: cjm_journey_remove_stage",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        if (strcmp(name, none[i]) == 0)
            return false;
    return true;
}

/* Scenarios named "visit: ..." run on an actual journey. */
static const struct { const char *name; scenario_fn run; } scenarios[] = {
    { "cjm_journey_new", s_journey_new },
    { "cjm_journey_copy", s_journey_copy },
    { "cjm_options_new", s_options },
    { "cjm_journey_compare", s_compare },
    { "cjm_journey_gaps", s_gaps },
    { "cjm_journey_sequence", s_sequence },
    { "cjm_journey_channel_switches", s_switches },
    { "growth", s_grow },
    { "cjm_journey_set_id", s_set_id },
    { "cjm_journey_set_name", s_set_name },
    { "cjm_journey_set_persona", s_set_persona },
    { "cjm_journey_set_description", s_set_desc },
    { "cjm_journey_set_customer", s_set_customer },
    { "cjm_journey_add_stage", s_add_stage },
    { "cjm_journey_insert_stage", s_insert_stage },
    { "cjm_journey_remove_stage", s_remove_stage },
    { "cjm_stage_set_id", s_stage_id },
    { "cjm_stage_set_name", s_stage_name },
    { "cjm_stage_set_goal", s_stage_goal },
    { "cjm_stage_set_expected_duration", s_stage_dur },
    { "cjm_stage_add_touchpoint", s_add_tp },
    { "cjm_stage_remove_touchpoint", s_remove_tp },
    { "cjm_touchpoint_set_id", s_tp_id },
    { "cjm_touchpoint_set_name", s_tp_name },
    { "cjm_touchpoint_set_channel", s_tp_channel },
    { "cjm_touchpoint_set_owner", s_tp_owner },
    { "cjm_touchpoint_set_description", s_tp_desc },
    { "cjm_touchpoint_set_optional", s_tp_optional },
    { "cjm_touchpoint_set_at", s_tp_at },
    { "cjm_touchpoint_add_feedback", s_add_fb },
    { "cjm_touchpoint_remove_feedback", s_remove_fb },
    { "cjm_feedback_set_score", s_fb_score },
    { "cjm_feedback_set_emotion", s_fb_emotion },
    { "cjm_feedback_set_comment", s_fb_comment },
    { "cjm_feedback_set_source", s_fb_source },
    { "cjm_feedback_set_at", s_fb_at },
    { "cjm_feedback_set_customer", s_fb_customer },
    { "cjm_journey_set_extensions", s_ext },
    { "cjm_journey_set_document_extensions", s_doc_ext },
    { "cjm_stage_set_extensions", s_stage_ext },
    { "cjm_touchpoint_set_extensions", s_tp_ext },
    { "cjm_feedback_set_extensions", s_fb_ext },
    { "cjm_journey_new_actual", s_journey_new_actual },
    { "visit: cjm_stage_add_touchpoint", s_visit_again },
    { "visit: cjm_touchpoint_set_id to a visited id", s_visit_rename_to },
    { "visit: cjm_touchpoint_set_id from a visited id", s_visit_rename_from },
    { "visit: cjm_journey_remove_stage", s_visit_remove },
    { "visit: cjm_journey_copy", s_journey_copy },
};

static void exhaust(size_t which, bool persistent)
{
    failalloc_install();
    for (long n = 1;; n++) {
        bool actual = strncmp(scenarios[which].name, "visit:", 6) == 0;
        cjm_journey *j = actual ? actual_fixture() : fixture();
        cjm_journey *snapshot = cjm_journey_copy(j);
        ck_assert_ptr_nonnull(snapshot);
        failalloc_arm(n, persistent);
        cjm_status rc = scenarios[which].run(j);
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (tripped) {
            ck_assert_msg(rc == CJM_ERR_NOMEM, "%s, allocation %ld failing: %s (%s)",
                          scenarios[which].name, n, cjm_status_name(rc), cjm_last_error());
            ck_assert_msg(cjm_journey_equal(j, snapshot),
                          "%s changed its journey when allocation %ld failed",
                          scenarios[which].name, n);
        } else {
            ck_assert_msg(rc == CJM_OK, "%s: %s", scenarios[which].name, cjm_last_error());
        }
        cjm_journey_free(j);
        cjm_journey_free(snapshot);
        ck_assert_msg(failalloc_live() == 0, "%s leaked %ld allocations (failing at %ld)",
                      scenarios[which].name, failalloc_live(), n);
        if (!tripped) {
            ck_assert_msg((n > 1) == allocates(scenarios[which].name),
                          "%s: %ld allocations, not as expected", scenarios[which].name, n - 1);
            break;
        }
    }
    failalloc_uninstall();
}

START_TEST(fail_once)
{
    exhaust((size_t)_i, false);
}
END_TEST

START_TEST(fail_from_then_on)
{
    exhaust((size_t)_i, true);
}
END_TEST

START_TEST(mutators_that_allocate_do_fail)
{
    /* The loop above only proves something if allocations are really
     * reached: check that the fixture's setters allocate at all. */
    failalloc_install();
    cjm_journey *j = fixture();
    failalloc_arm(1, false);
    ck_assert_status(cjm_journey_set_name(j, "x"), CJM_ERR_NOMEM);
    ck_assert_error_mentions("cjm_journey_set_name: out of memory");
    failalloc_arm(1, false);
    ck_assert_status(cjm_stage_add_touchpoint(NULL, cjm_journey_stage(j, 4), "n", "N", "web"),
                     CJM_ERR_NOMEM);
    failalloc_arm(0, false);
    cjm_journey_free(j);
    ck_assert_int_eq(failalloc_live(), 0);
    failalloc_uninstall();
}
END_TEST

Suite *suite_alloc(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("alloc");
    tcase_set_timeout(tc, 120);
    int n = (int)(sizeof scenarios / sizeof scenarios[0]);
    tcase_add_loop_test(tc, fail_once, 0, n);
    tcase_add_loop_test(tc, fail_from_then_on, 0, n);
    tcase_add_test(tc, mutators_that_allocate_do_fail);
    suite_add_tcase(s, tc);
    return s;
}
