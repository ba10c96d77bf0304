/* The id, text and channel rules, at every entry of the API. */
#include <stdlib.h>

#include "../common/helpers.h"
#include "../suites.h"

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

START_TEST(id_lengths)
{
    char *max = repeat('a', 256), *over = repeat('a', 257);
    cjm_journey *j = cjm_journey_new(max, "");
    ck_assert_ptr_nonnull(j);
    ck_assert_ok(cjm_journey_add_stage(NULL, j, max, "S"));
    ck_assert_status(cjm_journey_add_stage(NULL, j, over, "S"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_journey_add_stage: id: longer than 256 bytes");
    ck_assert_status(cjm_journey_add_stage(NULL, j, "", "S"), CJM_ERR_INVALID);
    ck_assert_error_mentions("id: empty");
    ck_assert_status(cjm_journey_add_stage(NULL, j, NULL, "S"), CJM_ERR_INVALID);
    ck_assert_error_mentions("id: NULL");
    ck_assert_ptr_null(cjm_journey_new(over, "x"));
    ck_assert_int_eq(cjm_last_status(), CJM_ERR_INVALID);
    ck_assert_int_eq(cjm_journey_stage_count(j), 1);
    cjm_journey_free(j);
    free(max);
    free(over);
}
END_TEST

START_TEST(id_utf8_and_controls)
{
    ck_assert_ok(cjm_id_check("caf\xc3\xa9-\xe2\x82\xac-\xf0\x9f\x98\x80"));
    ck_assert_ok(cjm_id_check("with space"));
    static const struct { const char *id; const char *what; } bad[] = {
        { "a\xc3", "invalid UTF-8 at byte 1" },           /* truncated */
        { "\xc0\xaf", "invalid UTF-8 at byte 0" },        /* overlong */
        { "x\xed\xa0\x80", "invalid UTF-8 at byte 1" },   /* surrogate */
        { "\xf4\x90\x80\x80", "invalid UTF-8 at byte 0" },/* past U+10FFFF */
        { "\xff", "invalid UTF-8 at byte 0" },
        { "a\tb", "control character 0x09 at byte 1" },
        { "a\nb", "control character 0x0a at byte 1" },
        { "ab\x7f", "control character 0x7f at byte 2" },
        { "\xc2\x85", "control character U+0085 at byte 0" },/* C1 NEL */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_status(cjm_id_check(bad[i].id), CJM_ERR_INVALID);
        ck_assert_error_mentions(bad[i].what);
    }
}
END_TEST

START_TEST(ids_checked_everywhere)
{
    cjm_journey *j = retail_map();
    cjm_stage *s = cjm_journey_find_stage(j, "compare");
    cjm_touchpoint *t = cjm_journey_find_touchpoint(j, "checkout");
    cjm_feedback *f = cjm_touchpoint_feedback(t, 0);
    ck_assert_status(cjm_journey_set_id(j, "a\x01"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_journey_set_id: id");
    ck_assert_status(cjm_journey_set_customer(j, ""), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_journey_set_customer: customer: empty");
    ck_assert_status(cjm_stage_set_id(s, "\xe2\x82"), CJM_ERR_INVALID);
    ck_assert_status(cjm_touchpoint_set_id(t, ""), CJM_ERR_INVALID);
    ck_assert_status(cjm_stage_add_touchpoint(NULL, s, "bad\x7f", "n", "web"), CJM_ERR_INVALID);
    ck_assert_status(cjm_feedback_set_customer(f, "c\n1"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_feedback_set_customer: customer");
    ck_assert_str_eq(cjm_journey_id(j), "laptop-purchase");
    ck_assert_str_eq(cjm_stage_id(s), "compare");
    ck_assert_str_eq(cjm_touchpoint_id(t), "checkout");
    ck_assert_ptr_null(cjm_feedback_customer(f));
    cjm_journey_free(j);
}
END_TEST

START_TEST(duplicate_ids)
{
    cjm_journey *j = retail_map();
    cjm_stage *s = cjm_journey_find_stage(j, "service");
    ck_assert_status(cjm_journey_add_stage(NULL, j, "compare", "Again"), CJM_ERR_DUPLICATE);
    ck_assert_error_mentions("already has a stage \"compare\"");
    ck_assert_status(cjm_stage_add_touchpoint(NULL, s, "checkout", "x", "web"),
                     CJM_ERR_DUPLICATE);
    ck_assert_error_mentions("already has a touchpoint \"checkout\"");
    ck_assert_status(cjm_stage_set_id(s, "discover"), CJM_ERR_DUPLICATE);
    ck_assert_status(cjm_touchpoint_set_id(cjm_journey_find_touchpoint(j, "support-call"),
                                           "social-ad"), CJM_ERR_DUPLICATE);
    /* A stage and a touchpoint may share an id; renaming to itself is fine. */
    ck_assert_ok(cjm_stage_add_touchpoint(NULL, s, "service", "Service desk", "chat"));
    ck_assert_ok(cjm_stage_set_id(s, "service"));
    ck_assert_int_eq(cjm_journey_stage_count(j), 5);
    ck_assert_int_eq(cjm_journey_touchpoint_count(j), 8);
    /* Ids compare byte for byte: case matters. */
    ck_assert_ok(cjm_journey_add_stage(NULL, j, "Compare", "Other"));
    cjm_journey_free(j);
}
END_TEST

START_TEST(text_rules)
{
    cjm_journey *j = cjm_journey_new("j", "");
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(cjm_journey_name(j), "");
    ck_assert_ok(cjm_journey_set_description(j, "line one\r\nline two\tend"));
    ck_assert_status(cjm_journey_set_description(j, "bell\a"), CJM_ERR_INVALID);
    ck_assert_error_mentions("description: control character 0x07 at byte 4");
    ck_assert_status(cjm_journey_set_persona(j, "\xe9t\xe9"), CJM_ERR_INVALID);
    ck_assert_error_mentions("persona: invalid UTF-8 at byte 0");
    ck_assert_status(cjm_journey_set_name(j, NULL), CJM_ERR_INVALID);
    ck_assert_error_mentions("name: NULL");
    char *max = repeat('x', 65536), *over = repeat('x', 65537);
    ck_assert_ok(cjm_journey_set_description(j, max));
    ck_assert_status(cjm_journey_set_description(j, over), CJM_ERR_LIMIT);
    ck_assert_error_mentions("description: longer than 65536 bytes");
    ck_assert_str_eq(cjm_journey_description(j), max);
    /* Optional text: "" and NULL clear it. */
    ck_assert_ok(cjm_journey_set_persona(j, "Buyer"));
    ck_assert_ok(cjm_journey_set_persona(j, ""));
    ck_assert_ptr_null(cjm_journey_persona(j));
    ck_assert_ok(cjm_journey_set_description(j, NULL));
    ck_assert_ptr_null(cjm_journey_description(j));
    free(max);
    free(over);
    cjm_journey_free(j);
}
END_TEST

START_TEST(channels)
{
    char buf[CJM_CHANNEL_MAX + 1];
    ck_assert_ok(cjm_channel_normalize(buf, sizeof buf, "Self-Service"));
    ck_assert_str_eq(buf, "self-service");
    ck_assert_ok(cjm_channel_normalize(buf, sizeof buf, "partner_2"));
    ck_assert_str_eq(buf, "partner_2");
    ck_assert_ok(cjm_channel_normalize(buf, sizeof buf, "9lives"));
    static const struct { const char *channel; const char *what; } bad[] = {
        { "", "channel: empty" },
        { "-web", "character 0x2d at byte 0" },
        { "_web", "character 0x5f at byte 0" },
        { "web site", "character 0x20 at byte 3" },
        { "w\xc3\xa9""b", "character 0xc3 at byte 1" },
        { "web.app", "character 0x2e at byte 3" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_status(cjm_channel_normalize(buf, sizeof buf, bad[i].channel),
                         CJM_ERR_INVALID);
        ck_assert_error_mentions(bad[i].what);
    }
    char *max = repeat('c', 64), *over = repeat('c', 65);
    ck_assert_ok(cjm_channel_normalize(buf, sizeof buf, max));
    ck_assert_status(cjm_channel_normalize(buf, sizeof buf, over), CJM_ERR_INVALID);
    ck_assert_error_mentions("longer than 64 bytes");
    ck_assert_status(cjm_channel_normalize(buf, 3, "web"), CJM_ERR_LIMIT);
    ck_assert_str_eq(buf, "");
    ck_assert_status(cjm_channel_normalize(NULL, 3, "web"), CJM_ERR_INVALID);
    ck_assert_status(cjm_channel_normalize(buf, sizeof buf, NULL), CJM_ERR_INVALID);
    free(max);
    free(over);

    cjm_journey *j = retail_map();
    cjm_touchpoint *t = cjm_journey_find_touchpoint(j, "checkout");
    ck_assert_ok(cjm_touchpoint_set_channel(t, "EMAIL"));
    ck_assert_str_eq(cjm_touchpoint_channel(t), "email");
    ck_assert_status(cjm_touchpoint_set_channel(t, "e mail"), CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_touchpoint_set_channel: channel");
    ck_assert_str_eq(cjm_touchpoint_channel(t), "email");
    ck_assert_status(cjm_stage_add_touchpoint(NULL, cjm_journey_stage(j, 0), "x", "X", "a/b"),
                     CJM_ERR_INVALID);
    ck_assert_error_mentions("cjm_stage_add_touchpoint: channel");
    ck_assert_ptr_null(cjm_journey_find_touchpoint(j, "x"));
    cjm_journey_free(j);
}
END_TEST

Suite *suite_text(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, id_lengths);
    tcase_add_test(tc, id_utf8_and_controls);
    tcase_add_test(tc, ids_checked_everywhere);
    tcase_add_test(tc, duplicate_ids);
    tcase_add_test(tc, text_rules);
    tcase_add_test(tc, channels);
    suite_add_tcase(s, tc);
    return s;
}
