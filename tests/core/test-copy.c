/* Deep copy and equality. */
#include "../common/helpers.h"
#include "../suites.h"

START_TEST(copy_is_equal_and_independent)
{
    cjm_journey *j = retail_map();
    ck_assert_ok(cjm_journey_set_description(j, "From first ad to first call"));
    ck_assert_ok(cjm_stage_set_expected_duration(cjm_journey_stage(j, 0), 604800000));
    cjm_feedback *f = cjm_touchpoint_feedback(cjm_journey_find_touchpoint(j, "checkout"), 0);
    ck_assert_ok(cjm_feedback_set_comment(f, "Quick"));
    ck_assert_ok(cjm_feedback_set_extensions(f, CJM_EXTENSIONS_JSON, "{\"nps\": 9}"));
    ck_assert_ok(cjm_journey_set_document_extensions(j, CJM_EXTENSIONS_XML, "<a/>"));
    cjm_journey *c = cjm_journey_copy(j);
    ck_assert_ptr_nonnull(c);
    ck_assert(cjm_journey_equal(j, c));
    ck_assert(cjm_journey_equal(c, j));
    /* Lookups work in the copy and point into the copy. */
    cjm_touchpoint *t = cjm_journey_find_touchpoint(c, "compare-web");
    ck_assert_ptr_eq(cjm_stage_journey(cjm_touchpoint_stage(t)), c);
    ck_assert_ptr_eq(cjm_journey_find_stage(c, "loyalty"), cjm_journey_stage(c, 4));
    /* Changing the copy leaves the original alone. */
    ck_assert_ok(cjm_touchpoint_set_name(t, "Changed"));
    ck_assert(!cjm_journey_equal(j, c));
    ck_assert_str_eq(cjm_touchpoint_name(cjm_journey_find_touchpoint(j, "compare-web")),
                     "Comparison page");
    cjm_journey_free(j);
    ck_assert_str_eq(cjm_touchpoint_name(t), "Changed");
    cjm_journey_free(c);
    ck_assert_ptr_null(cjm_journey_copy(NULL));
    ck_assert_int_eq(cjm_last_status(), CJM_ERR_INVALID);
}
END_TEST

/* Each change below makes the journeys differ in exactly one field. */
static void differs(void (*change)(cjm_journey *))
{
    cjm_journey *a = retail_map(), *b = retail_map();
    ck_assert(cjm_journey_equal(a, b));
    change(b);
    ck_assert(!cjm_journey_equal(a, b));
    ck_assert(!cjm_journey_equal(b, a));
    cjm_journey_free(a);
    cjm_journey_free(b);
}

static cjm_touchpoint *cw(cjm_journey *j) { return cjm_journey_find_touchpoint(j, "compare-web"); }
static cjm_feedback *fb(cjm_journey *j) { return cjm_touchpoint_feedback(cw(j), 1); }
static void c_id(cjm_journey *j) { cjm_journey_set_id(j, "other"); }
static void c_name(cjm_journey *j) { cjm_journey_set_name(j, "Other"); }
static void c_persona(cjm_journey *j) { cjm_journey_set_persona(j, NULL); }
static void c_desc(cjm_journey *j) { cjm_journey_set_description(j, "d"); }
static void c_customer(cjm_journey *j) { cjm_journey_set_customer(j, "c"); }
static void c_stages(cjm_journey *j) { cjm_journey_add_stage(NULL, j, "extra", "E"); }
static void c_stage_id(cjm_journey *j) { cjm_stage_set_id(cjm_journey_stage(j, 1), "x"); }
static void c_stage_name(cjm_journey *j) { cjm_stage_set_name(cjm_journey_stage(j, 1), "x"); }
static void c_goal(cjm_journey *j) { cjm_stage_set_goal(cjm_journey_stage(j, 1), "g"); }
static void c_dur(cjm_journey *j) { cjm_stage_set_expected_duration(cjm_journey_stage(j, 1), 1); }
static void c_tps(cjm_journey *j) { cjm_stage_remove_touchpoint(cjm_journey_stage(j, 1), cw(j)); }
static void c_tp_id(cjm_journey *j) { cjm_touchpoint_set_id(cw(j), "x"); }
static void c_tp_name(cjm_journey *j) { cjm_touchpoint_set_name(cw(j), "x"); }
static void c_channel(cjm_journey *j) { cjm_touchpoint_set_channel(cw(j), "chat"); }
static void c_owner(cjm_journey *j) { cjm_touchpoint_set_owner(cw(j), NULL); }
static void c_tp_desc(cjm_journey *j) { cjm_touchpoint_set_description(cw(j), "x"); }
static void c_optional(cjm_journey *j) { cjm_touchpoint_set_optional(cw(j), true); }
static void c_at(cjm_journey *j) { cjm_touchpoint_set_at(cw(j), 0); }
static void c_fbs(cjm_journey *j) { cjm_touchpoint_add_feedback(NULL, cw(j), 0, -2, 2); }
static void c_score(cjm_journey *j) { cjm_feedback_set_score(fb(j), -1, -2, 2); }
static void c_scale(cjm_journey *j) { cjm_feedback_set_score(fb(j), -2, -2, 3); }
static void c_emotion(cjm_journey *j) { cjm_feedback_set_emotion(fb(j), "sad"); }
static void c_comment(cjm_journey *j) { cjm_feedback_set_comment(fb(j), "x"); }
static void c_source(cjm_journey *j) { cjm_feedback_set_source(fb(j), "x"); }
static void c_fb_at(cjm_journey *j) { cjm_feedback_set_at(fb(j), 5); }
static void c_fb_customer(cjm_journey *j) { cjm_feedback_set_customer(fb(j), "c"); }
static void c_ext(cjm_journey *j) { cjm_journey_set_extensions(j, CJM_EXTENSIONS_JSON, "{}"); }
static void c_doc_ext(cjm_journey *j)
{
    cjm_journey_set_document_extensions(j, CJM_EXTENSIONS_JSON, "{}");
}
static void c_stage_ext(cjm_journey *j)
{
    cjm_stage_set_extensions(cjm_journey_stage(j, 1), CJM_EXTENSIONS_XML, "<x/>");
}
static void c_tp_ext(cjm_journey *j) { cjm_touchpoint_set_extensions(cw(j), CJM_EXTENSIONS_JSON, "{}"); }
static void c_fb_ext(cjm_journey *j) { cjm_feedback_set_extensions(fb(j), CJM_EXTENSIONS_JSON, "{}"); }

START_TEST(equality_sees_every_field)
{
    void (*changes[])(cjm_journey *) = {
        c_id, c_name, c_persona, c_desc, c_customer, c_stages, c_stage_id, c_stage_name,
        c_goal, c_dur, c_tps, c_tp_id, c_tp_name, c_channel, c_owner, c_tp_desc,
        c_optional, c_at, c_fbs, c_score, c_scale, c_emotion, c_comment, c_source,
        c_fb_at, c_fb_customer, c_ext, c_doc_ext, c_stage_ext, c_tp_ext, c_fb_ext,
    };
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++)
        differs(changes[i]);
    ck_assert(cjm_journey_equal(NULL, NULL));
    cjm_journey *j = retail_map();
    ck_assert(!cjm_journey_equal(j, NULL));
    ck_assert(!cjm_journey_equal(NULL, j));
    cjm_journey_free(j);
}
END_TEST

Suite *suite_copy(void)
{
    Suite *s = suite_create("copy");
    TCase *tc = tcase_create("copy");
    tcase_add_test(tc, copy_is_equal_and_independent);
    tcase_add_test(tc, equality_sees_every_field);
    suite_add_tcase(s, tc);
    return s;
}
