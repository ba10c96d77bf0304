/* Journeys, stages, touchpoints and feedback: building, reading, changing,
 * finding and removing. */
#include <math.h>
#include <stdlib.h>

#include "../common/helpers.h"
#include "../suites.h"

START_TEST(build_and_read)
{
    cjm_journey *j = retail_map();
    ck_assert_str_eq(cjm_journey_id(j), "laptop-purchase");
    ck_assert_str_eq(cjm_journey_name(j), "Buy a laptop online");
    ck_assert_str_eq(cjm_journey_persona(j), "First-time buyer");
    ck_assert_ptr_null(cjm_journey_description(j));
    ck_assert_ptr_null(cjm_journey_customer(j));
    ck_assert_int_eq(cjm_journey_stage_count(j), 5);
    ck_assert_int_eq(cjm_journey_touchpoint_count(j), 7);

    cjm_stage *compare = cjm_journey_stage(j, 1);
    ck_assert_ptr_eq(cjm_journey_find_stage(j, "compare"), compare);
    ck_assert_ptr_eq(cjm_stage_journey(compare), j);
    ck_assert_int_eq(cjm_stage_index(compare), 1);
    ck_assert_str_eq(cjm_stage_name(compare), "Compare");
    ck_assert_ptr_null(cjm_stage_goal(compare));
    ck_assert_int_eq(cjm_stage_expected_duration(compare), CJM_UNSET);
    ck_assert_int_eq(cjm_stage_touchpoint_count(compare), 2);
    ck_assert_ptr_null(cjm_journey_stage(j, 5));

    cjm_touchpoint *cw = cjm_stage_touchpoint(compare, 0);
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "compare-web"), cw);
    ck_assert_ptr_eq(cjm_touchpoint_stage(cw), compare);
    ck_assert_int_eq(cjm_touchpoint_index(cw), 0);
    ck_assert_str_eq(cjm_touchpoint_name(cw), "Comparison page");
    ck_assert_str_eq(cjm_touchpoint_channel(cw), "web");
    ck_assert_str_eq(cjm_touchpoint_owner(cw), "E-commerce");
    ck_assert(!cjm_touchpoint_optional(cw));
    ck_assert(cjm_touchpoint_optional(cjm_journey_find_touchpoint(j, "social-ad")));
    ck_assert_int_eq(cjm_touchpoint_at(cw), CJM_UNSET);
    ck_assert_int_eq(cjm_touchpoint_feedback_count(cw), 2);
    ck_assert_ptr_null(cjm_stage_touchpoint(compare, 2));

    cjm_feedback *f = cjm_touchpoint_feedback(cw, 0);
    ck_assert_ptr_eq(cjm_feedback_touchpoint(f), cw);
    ck_assert_double_eq(cjm_feedback_score(f), 2);
    ck_assert_double_eq(cjm_feedback_scale_min(f), 1);
    ck_assert_double_eq(cjm_feedback_scale_max(f), 5);
    ck_assert_double_eq(cjm_feedback_normalized(f), -0.5);
    ck_assert_double_eq(cjm_feedback_normalized(cjm_touchpoint_feedback(cw, 1)), -1.0);
    ck_assert_int_eq(cjm_feedback_at(f), CJM_UNSET);
    ck_assert_ptr_null(cjm_touchpoint_feedback(cw, 2));

    ck_assert_ptr_null(cjm_journey_find_stage(j, "nowhere"));
    ck_assert_ptr_null(cjm_journey_find_touchpoint(j, "nothing"));
    ck_assert_ptr_null(cjm_journey_find_touchpoint(j, NULL));
    cjm_journey_free(j);
}
END_TEST

START_TEST(null_handles_are_harmless)
{
    cjm_journey_free(NULL);
    ck_assert_ptr_null(cjm_journey_id(NULL));
    ck_assert_int_eq(cjm_journey_stage_count(NULL), 0);
    ck_assert_int_eq(cjm_journey_touchpoint_count(NULL), 0);
    ck_assert_ptr_null(cjm_journey_stage(NULL, 0));
    ck_assert_ptr_null(cjm_journey_find_stage(NULL, "x"));
    ck_assert_ptr_null(cjm_stage_id(NULL));
    ck_assert_int_eq(cjm_stage_expected_duration(NULL), CJM_UNSET);
    ck_assert_ptr_null(cjm_touchpoint_channel(NULL));
    ck_assert(!cjm_touchpoint_optional(NULL));
    ck_assert(isnan(cjm_feedback_score(NULL)));
    ck_assert(isnan(cjm_feedback_normalized(NULL)));
    ck_assert_int_eq(cjm_feedback_at(NULL), CJM_UNSET);
    ck_assert_status(cjm_journey_set_name(NULL, "x"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_journey_set_name: journey: NULL");
    ck_assert_status(cjm_journey_add_stage(NULL, NULL, "s", "S"), CJM_ERR_INVALID);
    ck_assert_status(cjm_stage_add_touchpoint(NULL, NULL, "t", "T", "web"), CJM_ERR_INVALID);
    ck_assert_status(cjm_touchpoint_add_feedback(NULL, NULL, 0, -2, 2), CJM_ERR_INVALID);
    ck_assert_status(cjm_touchpoint_set_optional(NULL, true), CJM_ERR_INVALID);
    ck_assert_status(cjm_feedback_set_at(NULL, 0), CJM_ERR_INVALID);
    ck_assert_status(cjm_stage_set_expected_duration(NULL, 0), CJM_ERR_INVALID);
}
END_TEST

START_TEST(setters)
{
    cjm_journey *j = retail_map();
    cjm_stage *s = cjm_journey_find_stage(j, "purchase");
    cjm_touchpoint *t = cjm_journey_find_touchpoint(j, "checkout");
    cjm_feedback *f = cjm_touchpoint_feedback(t, 0);

    ck_assert_ok(cjm_journey_set_id(j, "laptop-2"));
    ck_assert_ok(cjm_journey_set_name(j, "Laptop"));
    ck_assert_ok(cjm_journey_set_customer(j, "c-017"));
    ck_assert_str_eq(cjm_journey_id(j), "laptop-2");
    ck_assert_str_eq(cjm_journey_name(j), "Laptop");
    ck_assert_str_eq(cjm_journey_customer(j), "c-017");
    ck_assert_ok(cjm_journey_set_customer(j, NULL));
    ck_assert_ptr_null(cjm_journey_customer(j));

    ck_assert_ok(cjm_stage_set_id(s, "buy"));
    ck_assert_ptr_eq(cjm_journey_find_stage(j, "buy"), s);
    ck_assert_ptr_null(cjm_journey_find_stage(j, "purchase"));
    ck_assert_ok(cjm_stage_set_name(s, "Buy"));
    ck_assert_ok(cjm_stage_set_goal(s, "Pay quickly"));
    ck_assert_str_eq(cjm_stage_goal(s), "Pay quickly");
    ck_assert_ok(cjm_stage_set_expected_duration(s, 3600000));
    ck_assert_int_eq(cjm_stage_expected_duration(s), 3600000);
    ck_assert_ok(cjm_stage_set_expected_duration(s, 0));
    ck_assert_status(cjm_stage_set_expected_duration(s, -1), CJM_ERR_RANGE);
    ck_assert_error_mentions("expected_duration: negative");
    ck_assert_int_eq(cjm_stage_expected_duration(s), 0);
    ck_assert_ok(cjm_stage_set_expected_duration(s, CJM_UNSET));
    ck_assert_int_eq(cjm_stage_expected_duration(s), CJM_UNSET);

    ck_assert_ok(cjm_touchpoint_set_id(t, "pay-web"));
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "pay-web"), t);
    ck_assert_ptr_null(cjm_journey_find_touchpoint(j, "checkout"));
    ck_assert_ok(cjm_touchpoint_set_name(t, "Pay online"));
    ck_assert_ok(cjm_touchpoint_set_owner(t, ""));
    ck_assert_ptr_null(cjm_touchpoint_owner(t));
    ck_assert_ok(cjm_touchpoint_set_description(t, "Card or invoice"));
    ck_assert_str_eq(cjm_touchpoint_description(t), "Card or invoice");
    ck_assert_ok(cjm_touchpoint_set_optional(t, true));
    ck_assert(cjm_touchpoint_optional(t));
    ck_assert_ok(cjm_touchpoint_set_at(t, CJM_TIME_MAX));
    ck_assert_int_eq(cjm_touchpoint_at(t), CJM_TIME_MAX);
    ck_assert_status(cjm_touchpoint_set_at(t, CJM_TIME_MAX + 1), CJM_ERR_RANGE);
    ck_assert_error_mentions("cjm_touchpoint_set_at: at");
    ck_assert_status(cjm_touchpoint_set_at(t, CJM_TIME_MIN - 1), CJM_ERR_RANGE);
    ck_assert_int_eq(cjm_touchpoint_at(t), CJM_TIME_MAX);
    ck_assert_ok(cjm_touchpoint_set_at(t, CJM_UNSET));

    ck_assert_ok(cjm_feedback_set_emotion(f, "relieved"));
    ck_assert_ok(cjm_feedback_set_comment(f, "Fast.\nReally."));
    ck_assert_ok(cjm_feedback_set_source(f, "survey"));
    ck_assert_ok(cjm_feedback_set_customer(f, "c-001"));
    ck_assert_ok(cjm_feedback_set_at(f, 0));
    ck_assert_str_eq(cjm_feedback_emotion(f), "relieved");
    ck_assert_str_eq(cjm_feedback_comment(f), "Fast.\nReally.");
    ck_assert_str_eq(cjm_feedback_source(f), "survey");
    ck_assert_str_eq(cjm_feedback_customer(f), "c-001");
    ck_assert_int_eq(cjm_feedback_at(f), 0);
    ck_assert_status(cjm_feedback_set_at(f, CJM_TIME_MIN - 5), CJM_ERR_RANGE);
    ck_assert_int_eq(cjm_feedback_at(f), 0);
    ck_assert_status(cjm_feedback_set_emotion(f, "\x01"), CJM_ERR_INVALID);
    ck_assert_str_eq(cjm_feedback_emotion(f), "relieved");
    cjm_journey_free(j);
}
END_TEST

START_TEST(scores)
{
    cjm_journey *j = retail_map();
    cjm_touchpoint *t = cjm_journey_find_touchpoint(j, "support-call");
    cjm_feedback *f = NULL;
    ck_assert_ok(cjm_touchpoint_add_feedback(&f, t, 0, -2, 2));
    ck_assert_double_eq(cjm_feedback_normalized(f), 0.0);
    ck_assert_ok(cjm_feedback_set_score(f, 7, 0, 10));
    ck_assert_double_eq(cjm_feedback_normalized(f), 0.4);
    ck_assert_ok(cjm_feedback_set_score(f, 1, 0, 3));   /* -1/3: rounded to millionths */
    ck_assert_double_eq(cjm_feedback_normalized(f), -0.333333);
    ck_assert_ok(cjm_feedback_set_score(f, -1e308, -1e308, 1e307));
    ck_assert_double_eq(cjm_feedback_normalized(f), -1.0);
    static const struct { double score, min, max; const char *what; } bad[] = {
        { 3, -2, 2, "score: outside the scale" },
        { -2.5, -2, 2, "score: outside the scale" },
        { NAN, -2, 2, "score: not a finite number" },
        { 0, -INFINITY, 2, "scale_min: not a finite number" },
        { 0, -2, NAN, "scale_max: not a finite number" },
        { 1, 1, 1, "min must be below max" },
        { 1, 2, 1, "min must be below max" },
        { 0, -1e308, 1e308, "finite difference" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_status(cjm_touchpoint_add_feedback(NULL, t, bad[i].score, bad[i].min,
                                                     bad[i].max), CJM_ERR_RANGE);
        ck_assert_error_mentions(bad[i].what);
        ck_assert_status(cjm_feedback_set_score(f, bad[i].score, bad[i].min, bad[i].max),
                         CJM_ERR_RANGE);
        ck_assert_error_mentions("cjm_feedback_set_score");
    }
    ck_assert_int_eq(cjm_touchpoint_feedback_count(t), 1);
    ck_assert_double_eq(cjm_feedback_score(f), -1e308);
    cjm_journey_free(j);
}
END_TEST

START_TEST(insert_and_remove)
{
    cjm_journey *j = retail_map();
    cjm_stage *first = NULL, *stage;
    ck_assert_ok(cjm_journey_insert_stage(&first, j, 0, "aware", "Awareness"));
    ck_assert_ptr_eq(cjm_journey_stage(j, 0), first);
    ck_assert_int_eq(cjm_stage_index(cjm_journey_find_stage(j, "loyalty")), 5);
    ck_assert_ok(cjm_journey_insert_stage(&stage, j, 6, "advocacy", "Advocacy"));
    ck_assert_int_eq(cjm_stage_index(stage), 6);
    ck_assert_status(cjm_journey_insert_stage(NULL, j, 8, "late", "Late"), CJM_ERR_RANGE);
    ck_assert_error_mentions("index: 8 is past the 7 stages");

    cjm_stage *compare = cjm_journey_find_stage(j, "compare");
    ck_assert_ok(cjm_journey_remove_stage(j, compare));
    ck_assert_int_eq(cjm_journey_stage_count(j), 6);
    ck_assert_int_eq(cjm_journey_touchpoint_count(j), 5);
    ck_assert_ptr_null(cjm_journey_find_stage(j, "compare"));
    ck_assert_ptr_null(cjm_journey_find_touchpoint(j, "compare-web"));
    ck_assert_int_eq(cjm_stage_index(cjm_journey_find_stage(j, "purchase")), 2);
    /* The freed ids can be used again. */
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, first, "compare-web", "Again", "web"));

    cjm_stage *purchase = cjm_journey_find_stage(j, "purchase");
    cjm_touchpoint *checkout = cjm_journey_find_touchpoint(j, "checkout");
    cjm_touchpoint *pay = cjm_journey_find_touchpoint(j, "pay-store");
    ck_assert_status(cjm_stage_remove_touchpoint(first, checkout), CJM_ERR_INVALID);
    ck_assert_error_mentions("belongs to another stage");
    ck_assert_ok(cjm_touchpoint_remove_feedback(checkout, cjm_touchpoint_feedback(checkout, 0)));
    ck_assert_int_eq(cjm_touchpoint_feedback_count(checkout), 0);
    ck_assert_ok(cjm_stage_remove_touchpoint(purchase, checkout));
    ck_assert_int_eq(cjm_touchpoint_index(pay), 0);
    ck_assert_ptr_eq(cjm_stage_touchpoint(purchase, 0), pay);
    ck_assert_ptr_null(cjm_journey_find_touchpoint(j, "checkout"));

    cjm_journey *other = retail_map();
    ck_assert_status(cjm_journey_remove_stage(other, purchase), CJM_ERR_INVALID);
    ck_assert_error_mentions("belongs to another journey");
    cjm_touchpoint *sc = cjm_journey_find_touchpoint(other, "support-call");
    cjm_feedback *f = cjm_touchpoint_feedback(cjm_journey_find_touchpoint(other, "checkout"), 0);
    ck_assert_status(cjm_touchpoint_remove_feedback(sc, f), CJM_ERR_INVALID);
    ck_assert_status(cjm_journey_remove_stage(j, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_stage_remove_touchpoint(purchase, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_touchpoint_remove_feedback(sc, NULL), CJM_ERR_INVALID);
    cjm_journey_free(other);
    cjm_journey_free(j);
}
END_TEST

START_TEST(many_stages_and_lookups)
{
    cjm_journey *j = cjm_journey_new("big", "Big");
    char id[32];
    for (int i = 0; i < CJM_STAGES_MAX; i++) {
        snprintf(id, sizeof id, "s%d", i);
        ck_assert_ok(cjm_journey_add_stage(NULL, j, id, ""));
    }
    ck_assert_status(cjm_journey_add_stage(NULL, j, "one-more", ""), CJM_ERR_LIMIT);
    ck_assert_error_mentions("65535 stages");
    for (int i = 0; i < CJM_STAGES_MAX; i += 997) {
        snprintf(id, sizeof id, "s%d", i);
        ck_assert_int_eq(cjm_stage_index(cjm_journey_find_stage(j, id)), i);
    }
    /* Remove every other stage: lookups of the rest still work. */
    for (int i = 0; i < 2000; i += 2) {
        snprintf(id, sizeof id, "s%d", i);
        ck_assert_ok(cjm_journey_remove_stage(j, cjm_journey_find_stage(j, id)));
    }
    for (int i = 0; i < 2000; i++) {
        snprintf(id, sizeof id, "s%d", i);
        cjm_stage *s = cjm_journey_find_stage(j, id);
        if (i % 2)
            ck_assert_str_eq(cjm_stage_id(s), id);
        else
            ck_assert_ptr_null(s);
    }
    cjm_journey_free(j);
}
END_TEST

START_TEST(extensions)
{
    cjm_journey *j = retail_map();
    cjm_stage *s = cjm_journey_stage(j, 0);
    cjm_touchpoint *t = cjm_journey_find_touchpoint(j, "checkout");
    cjm_feedback *f = cjm_touchpoint_feedback(t, 0);
    cjm_extensions_format format = CJM_EXTENSIONS_XML;
    ck_assert_ptr_null(cjm_journey_extensions(j, &format));
    ck_assert_int_eq(format, CJM_EXTENSIONS_NONE);
    ck_assert_ok(cjm_journey_set_extensions(j, CJM_EXTENSIONS_JSON, "{\"crm\": {\"id\": 7}}"));
    ck_assert_ok(cjm_journey_set_document_extensions(j, CJM_EXTENSIONS_JSON, "{\"by\": \"x\"}"));
    ck_assert_ok(cjm_stage_set_extensions(s, CJM_EXTENSIONS_XML,
                                          "<crm:segment xmlns:crm=\"urn:x\">B2C</crm:segment>"));
    ck_assert_ok(cjm_touchpoint_set_extensions(t, CJM_EXTENSIONS_JSON, "{\n\t\"a\": 1}"));
    ck_assert_ok(cjm_feedback_set_extensions(f, CJM_EXTENSIONS_JSON, "{}"));
    ck_assert_str_eq(cjm_journey_extensions(j, &format), "{\"crm\": {\"id\": 7}}");
    ck_assert_int_eq(format, CJM_EXTENSIONS_JSON);
    ck_assert_str_eq(cjm_journey_document_extensions(j, NULL), "{\"by\": \"x\"}");
    ck_assert_ptr_nonnull(cjm_stage_extensions(s, &format));
    ck_assert_int_eq(format, CJM_EXTENSIONS_XML);
    ck_assert_str_eq(cjm_touchpoint_extensions(t, NULL), "{\n\t\"a\": 1}");
    ck_assert_str_eq(cjm_feedback_extensions(f, NULL), "{}");

    ck_assert_status(cjm_stage_set_extensions(s, (cjm_extensions_format)7, "x"), CJM_ERR_INVALID);
    ck_assert_error_mentions("format: 7 is not an extensions format");
    ck_assert_status(cjm_stage_set_extensions(s, CJM_EXTENSIONS_JSON, "{\x01}"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_stage_set_extensions: extensions: control character 0x01");
    ck_assert_status(cjm_stage_set_extensions(s, CJM_EXTENSIONS_JSON, "\xc3("), CJM_ERR_INVALID);
    ck_assert_error_mentions("invalid UTF-8 at byte 0");
    char *huge = malloc(CJM_EXTENSIONS_MAX + 2);
    memset(huge, ' ', CJM_EXTENSIONS_MAX + 1);
    huge[CJM_EXTENSIONS_MAX + 1] = '\0';
    ck_assert_status(cjm_stage_set_extensions(s, CJM_EXTENSIONS_JSON, huge), CJM_ERR_LIMIT);
    free(huge);
    ck_assert_int_eq(format, CJM_EXTENSIONS_XML);
    ck_assert_ptr_nonnull(cjm_stage_extensions(s, NULL)); /* unchanged by the failures */

    cjm_journey *c = cjm_journey_copy(j);
    ck_assert(cjm_journey_equal(j, c));
    ck_assert_ok(cjm_feedback_set_extensions(cjm_touchpoint_feedback(
                     cjm_journey_find_touchpoint(c, "checkout"), 0), CJM_EXTENSIONS_XML, "{}"));
    ck_assert(!cjm_journey_equal(j, c)); /* same text, other format */
    cjm_journey_free(c);

    ck_assert_ok(cjm_stage_set_extensions(s, CJM_EXTENSIONS_NONE, "ignored"));
    ck_assert_ptr_null(cjm_stage_extensions(s, &format));
    ck_assert_int_eq(format, CJM_EXTENSIONS_NONE);
    ck_assert_ok(cjm_journey_set_extensions(j, CJM_EXTENSIONS_JSON, ""));
    ck_assert_ptr_null(cjm_journey_extensions(j, NULL));
    ck_assert_ok(cjm_journey_set_document_extensions(j, CJM_EXTENSIONS_JSON, NULL));
    ck_assert_ptr_null(cjm_journey_document_extensions(j, NULL));
    ck_assert_ptr_null(cjm_feedback_extensions(NULL, &format));
    ck_assert_int_eq(format, CJM_EXTENSIONS_NONE);
    ck_assert_status(cjm_feedback_set_extensions(NULL, CJM_EXTENSIONS_JSON, "{}"),
                     CJM_ERR_INVALID);
    cjm_journey_free(j);
}
END_TEST

/* An actual journey: a touchpoint met again is another visit with the same
 * id; find gives the first visit in document order as it changes. */
START_TEST(actual_journey_visits)
{
    cjm_journey *j = cjm_journey_new_actual("c-1-journey", "C-1");
    ck_assert_ptr_nonnull(j);
    ck_assert_int_eq(cjm_journey_kind_of(j), CJM_JOURNEY_ACTUAL);
    ck_assert_int_eq(cjm_journey_kind_of(NULL), CJM_JOURNEY_MAP);
    cjm_stage *discover, *compare;
    cjm_touchpoint *a1, *a2, *a0, *b;
    ck_assert_ok(cjm_journey_add_stage(&discover, j, "discover", "Discover"));
    ck_assert_ok(cjm_journey_add_stage(&compare, j, "compare", "Compare"));
    ck_assert_ok(cjm_stage_add_touchpoint(&a1, compare, "web", "Web", "web"));
    ck_assert_ok(cjm_stage_add_touchpoint(&b, compare, "call", "Call", "phone"));
    ck_assert_ok(cjm_stage_add_touchpoint(&a2, compare, "web", "Web again", "web"));
    ck_assert_ptr_ne(a1, a2);
    ck_assert_uint_eq(cjm_journey_touchpoint_count(j), 3);
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "web"), a1);
    /* A visit in an earlier stage comes first in document order. */
    ck_assert_ok(cjm_stage_add_touchpoint(&a0, discover, "web", "Web first", "web"));
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "web"), a0);
    /* Removing the first visit hands find to the next one. */
    ck_assert_ok(cjm_stage_remove_touchpoint(discover, a0));
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "web"), a1);
    ck_assert_ok(cjm_stage_remove_touchpoint(compare, a1));
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "web"), a2);
    /* Renaming: to a shared id, and away from it. */
    ck_assert_ok(cjm_touchpoint_set_id(b, "web"));
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "web"), b);
    ck_assert_ptr_null(cjm_journey_find_touchpoint(j, "call"));
    ck_assert_ok(cjm_touchpoint_set_id(b, "web")); /* the same id: nothing changes */
    ck_assert_ok(cjm_touchpoint_set_id(b, "call"));
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "web"), a2);
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "call"), b);
    ck_assert_status(cjm_touchpoint_set_id(b, ""), CJM_ERR_INVALID);
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "call"), b);
    /* Stage ids stay unique. */
    ck_assert_status(cjm_journey_add_stage(NULL, j, "compare", "Again"), CJM_ERR_DUPLICATE);
    /* Removing a stage moves find to a visit in a later stage. */
    cjm_stage *later;
    cjm_touchpoint *a3;
    ck_assert_ok(cjm_journey_add_stage(&later, j, "purchase", "Purchase"));
    ck_assert_ok(cjm_stage_add_touchpoint(&a3, later, "web", "Web", "web"));
    ck_assert_ok(cjm_journey_remove_stage(j, compare));
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(j, "web"), a3);
    ck_assert_ptr_null(cjm_journey_find_touchpoint(j, "call"));
    ck_assert_uint_eq(cjm_journey_touchpoint_count(j), 1);
    cjm_journey_free(j);
}
END_TEST

/* A map keeps every rule of version 1.0; a journey with repeated visits
 * cannot serve as a map; copies keep the kind, which equality compares. */
START_TEST(maps_stay_unique)
{
    cjm_journey *map = retail_map();
    ck_assert_int_eq(cjm_journey_kind_of(map), CJM_JOURNEY_MAP);
    cjm_stage *compare = cjm_journey_find_stage(map, "compare");
    ck_assert_status(cjm_stage_add_touchpoint(NULL, compare, "checkout", "X", "web"),
                     CJM_ERR_DUPLICATE);
    ck_assert_error_mentions("already has a touchpoint \"checkout\"");
    ck_assert_status(cjm_touchpoint_set_id(cjm_journey_find_touchpoint(map, "search-ad"),
                                           "checkout"), CJM_ERR_DUPLICATE);

    cjm_journey *actual = cjm_journey_new_actual("a", "A");
    cjm_stage *s;
    ck_assert_ok(cjm_journey_add_stage(&s, actual, "compare", "Compare"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "compare-web", "Web", "web"));
    /* Without repeats an actual journey may stand as a map. */
    cjm_gap_list *gaps = NULL;
    cjm_comparison *c = NULL;
    ck_assert_ok(cjm_journey_gaps(&gaps, actual, NULL));
    cjm_gap_list_free(gaps);
    ck_assert_ok(cjm_journey_compare(&c, map, actual, NULL));
    cjm_comparison_free(c);
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "compare-web", "Web", "web"));
    ck_assert_status(cjm_journey_gaps(&gaps, actual, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_journey_gaps: map: touchpoint \"compare-web\" appears more than once");
    ck_assert_status(cjm_journey_compare(&c, map, actual, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_journey_compare: map: touchpoint \"compare-web\"");
    ck_assert_ptr_null(cjm_analysis_new(actual, NULL));
    ck_assert_int_eq(cjm_last_status(), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_analysis_new: map: touchpoint \"compare-web\"");

    cjm_journey *copy = cjm_journey_copy(actual);
    ck_assert_int_eq(cjm_journey_kind_of(copy), CJM_JOURNEY_ACTUAL);
    ck_assert(cjm_journey_equal(copy, actual));
    ck_assert_ptr_eq(cjm_journey_find_touchpoint(copy, "compare-web"),
                     cjm_stage_touchpoint(cjm_journey_stage(copy, 0), 0));
    cjm_journey *as_map = cjm_journey_new("a", "A");
    cjm_stage *m;
    ck_assert_ok(cjm_journey_add_stage(&m, as_map, "compare", "Compare"));
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, m, "compare-web", "Web", "web"));
    ck_assert_ok(cjm_stage_remove_touchpoint(s, cjm_stage_touchpoint(s, 1)));
    ck_assert(!cjm_journey_equal(as_map, actual)); /* same content, other kind */
    ck_assert_ptr_null(cjm_journey_new_actual("", "A"));
    ck_assert_int_eq(cjm_last_status(), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_journey_new_actual: id");
    cjm_journey_free(as_map);
    cjm_journey_free(copy);
    cjm_journey_free(actual);
    cjm_journey_free(map);
}
END_TEST

Suite *suite_model(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("model");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, build_and_read);
    tcase_add_test(tc, null_handles_are_harmless);
    tcase_add_test(tc, setters);
    tcase_add_test(tc, scores);
    tcase_add_test(tc, insert_and_remove);
    tcase_add_test(tc, many_stages_and_lookups);
    tcase_add_test(tc, extensions);
    tcase_add_test(tc, actual_journey_visits);
    tcase_add_test(tc, maps_stay_unique);
    suite_add_tcase(s, tc);
    return s;
}
