/* Journey documents in JSON: round trips, every rule with its located
 * message, and bad input of every kind. */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <cjm/json.h>

#include "../common/alloc-fail.h"
#include "../common/helpers.h"
#include "../common/whole-file.h"
#include "../suites.h"

static cjm_journey *read_text(const char *text, cjm_status want)
{
    cjm_journey *j = NULL;
    cjm_status rc = cjm_json_read_journey(&j, text, strlen(text), "doc.json");
    ck_assert_msg(rc == want, "read gave %s, expected %s: %s", cjm_status_name(rc),
                  cjm_status_name(want), cjm_last_error());
    if (rc != CJM_OK)
        ck_assert_ptr_null(j);
    return j;
}

static void round_trip(const cjm_journey *j)
{
    for (unsigned flags = 0; flags <= CJM_JSON_COMPACT; flags++) {
        char *text = NULL;
        size_t length = 0;
        ck_assert_ok(cjm_json_write_journey(&text, &length, j, flags));
        ck_assert_int_eq(strlen(text), length);
        cjm_journey *back = read_text(text, CJM_OK);
        ck_assert_msg(cjm_journey_equal(j, back), "round trip changed the journey:\n%s", text);
        cjm_journey_free(back);
        cjm_free(text);
    }
}

/* Every optional field set: times, durations whole and not, scales,
 * extensions on every level, text with line breaks and non-ASCII. */
static cjm_journey *full_journey(void)
{
    cjm_journey *j = retail_map();
    cjm_stage *s = cjm_journey_stage(j, 0);
    cjm_touchpoint *t = cjm_journey_find_touchpoint(j, "compare-web");
    cjm_feedback *f = cjm_touchpoint_feedback(t, 0);
    ck_assert_ok(cjm_journey_set_description(j, "From first ad\nto first call \xe2\x80\x94 all"));
    ck_assert_ok(cjm_journey_set_customer(j, "c-017"));
    ck_assert_ok(cjm_journey_set_extensions(j, CJM_EXTENSIONS_JSON, "{\"crm\":{\"id\":7}}"));
    ck_assert_ok(cjm_journey_set_document_extensions(j, CJM_EXTENSIONS_JSON, "{\"by\":\"x\"}"));
    ck_assert_ok(cjm_stage_set_goal(s, "Find laptops that fit my budget"));
    ck_assert_ok(cjm_stage_set_expected_duration(s, 604800000));
    ck_assert_ok(cjm_stage_set_expected_duration(cjm_journey_stage(j, 1), 1500));
    ck_assert_ok(cjm_stage_set_extensions(s, CJM_EXTENSIONS_JSON, "{\"a\":[1,2,{\"b\":null}]}"));
    ck_assert_ok(cjm_touchpoint_set_description(t, "Side by side"));
    ck_assert_ok(cjm_touchpoint_set_at(t, INT64_C(1772356500250)));
    ck_assert_ok(cjm_touchpoint_set_extensions(t, CJM_EXTENSIONS_JSON, "{}"));
    ck_assert_ok(cjm_feedback_set_emotion(f, "confused"));
    ck_assert_ok(cjm_feedback_set_comment(f, "Too many \"models\"\tno filters"));
    ck_assert_ok(cjm_feedback_set_source(f, "interview"));
    ck_assert_ok(cjm_feedback_set_at(f, -1));
    ck_assert_ok(cjm_feedback_set_customer(f, "c-001"));
    ck_assert_ok(cjm_feedback_set_extensions(f, CJM_EXTENSIONS_JSON, "{\"nps\":9}"));
    ck_assert_ok(cjm_touchpoint_add_feedback(NULL, t, 0.1, -1e300, 1e300));
    ck_assert_ok(cjm_touchpoint_add_feedback(NULL, t, 3.25, 0, 7.5));
    return j;
}

START_TEST(round_trips)
{
    cjm_journey *j = full_journey();
    round_trip(j);
    cjm_journey_free(j);
    /* Every shape: each optional field set or not, by the bits of shape. */
    for (unsigned shape = 0; shape < 64; shape++) {
        j = cjm_journey_new("j", shape & 1 ? "" : "J");
        cjm_stage *s;
        cjm_touchpoint *t;
        ck_assert_ok(cjm_journey_add_stage(&s, j, "s", "S"));
        if (shape & 2)
            ck_assert_ok(cjm_journey_set_persona(j, "P"));
        if (shape & 4)
            ck_assert_ok(cjm_stage_set_expected_duration(s, 0));
        ck_assert_ok(cjm_stage_add_touchpoint(&t, s, "t", "T", "web"));
        if (shape & 8)
            ck_assert_ok(cjm_touchpoint_set_optional(t, true));
        if (shape & 16)
            ck_assert_ok(cjm_touchpoint_add_feedback(NULL, t, -2, -2, 2));
        if (shape & 32)
            ck_assert_ok(cjm_journey_add_stage(NULL, j, "empty", "No touchpoints"));
        round_trip(j);
        cjm_journey_free(j);
    }
    j = cjm_journey_new("bare", "No stages");
    round_trip(j);
    cjm_journey_free(j);
}
END_TEST

START_TEST(reads_the_spec_example)
{
    static const char doc[] =
        "\xef\xbb\xbf{\n"
        "  \"format\": \"cjm-journey\",\n"
        "  \"version\": 1,\n"
        "  \"journey\": {\n"
        "    \"id\": \"laptop-purchase\",\n"
        "    \"name\": \"Buy a laptop online\",\n"
        "    \"persona\": \"First-time buyer\",\n"
        "    \"description\": \"From first ad to first support call\",\n"
        "    \"customer\": null,\n"
        "    \"stages\": [\n"
        "      {\n"
        "        \"id\": \"discover\", \"name\": \"Discovery\",\n"
        "        \"goal\": \"Find laptops that fit my budget\",\n"
        "        \"expected_duration\": \"P7D\",\n"
        "        \"touchpoints\": [\n"
        "          {\n"
        "            \"id\": \"social-ad\", \"name\": \"Social media ad\", \"channel\": \"Social\",\n"
        "            \"owner\": \"Marketing\", \"optional\": true, \"at\": null,\n"
        "            \"feedback\": [\n"
        "              {\"score\": 1, \"scale\": [-2, 2], \"emotion\": \"curious\",\n"
        "               \"comment\": \"Looked good\", \"source\": \"interview\",\n"
        "               \"at\": \"2026-03-01T09:15:00Z\", \"customer\": \"c-017\"}\n"
        "            ]\n"
        "          }\n"
        "        ]\n"
        "      }\n"
        "    ],\n"
        "    \"extensions\": {}\n"
        "  }\n"
        "}\n";
    cjm_journey *j = read_text(doc, CJM_OK);
    ck_assert_str_eq(cjm_journey_persona(j), "First-time buyer");
    ck_assert_ptr_null(cjm_journey_customer(j));
    cjm_stage *s = cjm_journey_stage(j, 0);
    ck_assert_int_eq(cjm_stage_expected_duration(s), 604800000);
    cjm_touchpoint *t = cjm_journey_find_touchpoint(j, "social-ad");
    ck_assert_str_eq(cjm_touchpoint_channel(t), "social");
    ck_assert(cjm_touchpoint_optional(t));
    ck_assert_int_eq(cjm_touchpoint_at(t), CJM_UNSET);
    cjm_feedback *f = cjm_touchpoint_feedback(t, 0);
    ck_assert_double_eq(cjm_feedback_normalized(f), 0.5);
    ck_assert_int_eq(cjm_feedback_at(f), INT64_C(1772356500000));
    ck_assert_str_eq(cjm_journey_extensions(j, NULL), "{}");
    cjm_journey_free(j);
}
END_TEST

/* A small valid document with one spot to break: @ stands for the text. */
static char *doc_with(const char *inner_touchpoint)
{
    static const char head[] =
        "{\"format\": \"cjm-journey\", \"version\": 1, \"journey\": {\n"
        " \"id\": \"j\", \"name\": \"J\", \"stages\": [\n"
        "  {\"id\": \"s\", \"name\": \"S\", \"touchpoints\": [\n"
        "   {\"id\": \"t\", \"name\": \"T\", \"channel\": \"web\"},\n"
        "   ";
    static const char tail[] = "\n  ]}]}}";
    char *text = malloc(sizeof head + strlen(inner_touchpoint) + sizeof tail);
    sprintf(text, "%s%s%s", head, inner_touchpoint, tail);
    return text;
}

START_TEST(every_rule_with_its_place)
{
    static const struct {
        const char *touchpoint;
        cjm_status status;
        const char *message;
    } cases[] = {
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"we b\"}", CJM_ERR_INVALID,
          "doc.json:5:40: journey.stages[0].touchpoints[1].channel: character 0x20 at byte 2" },
        { "{\"id\": \"t\", \"name\": \"U\", \"channel\": \"web\"}", CJM_ERR_DUPLICATE,
          "doc.json:5:11: journey.stages[0].touchpoints[1].id: the journey already has a "
          "touchpoint \"t\"" },
        { "{\"id\": \"\", \"name\": \"U\", \"channel\": \"web\"}", CJM_ERR_INVALID,
          "doc.json:5:11: journey.stages[0].touchpoints[1].id: empty" },
        { "{\"id\": \"u\", \"channel\": \"web\"}", CJM_ERR_INVALID,
          "doc.json:5:4: journey.stages[0].touchpoints[1]: missing member \"name\"" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"colour\": 1}",
          CJM_ERR_INVALID, "doc.json:5:57: journey.stages[0].touchpoints[1].colour: unknown member" },
        { "{\"id\": \"u\", \"name\": 5, \"channel\": \"web\"}", CJM_ERR_INVALID,
          "journey.stages[0].touchpoints[1].name: expected a string, not a number" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"optional\": \"yes\"}",
          CJM_ERR_INVALID, "optional: expected a boolean, not a string" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"at\": \"2026-03-01 09:00:00Z\"}",
          CJM_ERR_PARSE, "touchpoints[1].at: not an RFC 3339 time: expected 'T' at byte 10" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"feedback\": [{\"score\": 3}]}",
          CJM_ERR_RANGE, "touchpoints[1].feedback[0].score: outside the scale" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"feedback\": [{\"score\": 1, "
          "\"scale\": [2, 1]}]}", CJM_ERR_RANGE, "feedback[0].scale: min must be below max" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"feedback\": [{\"score\": 1, "
          "\"scale\": [1]}]}", CJM_ERR_INVALID, "feedback[0].scale: expected [min, max]" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"feedback\": [{\"score\": 1, "
          "\"scale\": [1, \"5\"]}]}", CJM_ERR_INVALID, "feedback[0].scale[1]: expected a number" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"feedback\": [{}]}",
          CJM_ERR_INVALID, "feedback[0]: missing member \"score\"" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"feedback\": [7]}",
          CJM_ERR_INVALID, "feedback[0]: expected an object, not a number" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"feedback\": [{\"score\": 1, "
          "\"customer\": \"\"}]}", CJM_ERR_INVALID, "feedback[0].customer: empty" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"owner\": \"a\\u0007b\"}",
          CJM_ERR_INVALID, "touchpoints[1].owner: control character 0x07 at byte 1" },
        { "{\"id\": \"u\", \"name\": \"U\", \"channel\": \"web\", \"extensions\": []}",
          CJM_ERR_INVALID, "touchpoints[1].extensions: expected an object, not an array" },
        { "\"just a string\"", CJM_ERR_INVALID,
          "journey.stages[0].touchpoints[1]: expected an object, not a string" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = doc_with(cases[i].touchpoint);
        cjm_journey_free(read_text(text, cases[i].status));
        ck_assert_msg(strstr(cjm_last_error(), cases[i].message) != NULL,
                      "case %zu: \"%s\" lacks \"%s\"", i, cjm_last_error(), cases[i].message);
        free(text);
    }
}
END_TEST

START_TEST(document_level_rules)
{
    static const struct {
        const char *text;
        cjm_status status;
        const char *message;
    } cases[] = {
        { "{\"format\": \"cjm-journey\", \"version\": 2, \"journey\": {}}", CJM_ERR_UNSUPPORTED,
          "doc.json:1:38: version: version 2 is not known" },
        { "{\"format\": \"cjm-report\", \"version\": 1}", CJM_ERR_UNSUPPORTED,
          "format: \"cjm-report\" is not \"cjm-journey\"" },
        { "{\"version\": 1}", CJM_ERR_INVALID, "(document): missing member \"format\"" },
        { "{\"format\": \"cjm-journey\", \"version\": 1.0, \"journey\": {}}", CJM_ERR_INVALID,
          "version: expected an integer, not a number" },
        { "{\"format\": \"cjm-journey\", \"version\": 1, \"journey\": {\"id\": \"j\", "
          "\"name\": \"J\"}}", CJM_ERR_INVALID, "journey: missing member \"stages\"" },
        { "{\"format\": \"cjm-journey\", \"version\": 1, \"journey\": {\"id\": \"j\", "
          "\"name\": \"J\", \"stages\": [{\"id\": \"s\", \"name\": \"S\", "
          "\"expected_duration\": -5}]}}", CJM_ERR_RANGE,
          "journey.stages[0].expected_duration: negative duration" },
        { "{\"format\": \"cjm-journey\", \"version\": 1, \"journey\": {\"id\": \"j\", "
          "\"name\": \"J\", \"stages\": [{\"id\": \"s\", \"name\": \"S\", "
          "\"expected_duration\": \"P1M\"}]}}", CJM_ERR_PARSE,
          "expected_duration: not an ISO 8601 duration: years and months are refused" },
        { "{\"format\": \"cjm-journey\", \"version\": 1, \"journey\": {\"id\": \"j\", "
          "\"name\": \"J\", \"stages\": [{\"id\": \"s\", \"name\": \"S\"}, {\"id\": \"s\", "
          "\"name\": \"T\"}]}}", CJM_ERR_DUPLICATE,
          "journey.stages[1].id: the journey already has a stage \"s\"" },
        { "{\"format\": \"cjm-journey\", \"format\": \"cjm-journey\"}", CJM_ERR_PARSE,
          "duplicate object key" },
        { "{\"format\": \"cjm-journey\", \"version\": 1e400}", CJM_ERR_PARSE,
          "doc.json:1:42: a number beyond about 1.8e308 (the largest a double holds), near '1e400'" },
        { "{\"format\": \"cjm-journey\", \"version\": 99999999999999999999}", CJM_ERR_PARSE,
          "an integer above 9223372036854775807 (the most a 64-bit integer holds)" },
        { "{\"format\": \"cjm-journey\", \"version\": -99999999999999999999}", CJM_ERR_PARSE,
          "an integer below -9223372036854775808 (the least a 64-bit integer holds)" },
        { "{\"format\": \"cjm-jo\xffurney\"}", CJM_ERR_PARSE, "unable to decode byte 0xff" },
        { "{\"format\": \"cjm\\u0000journey\"}", CJM_ERR_PARSE,
          "a string holds \\u0000 (the NUL character), which cjm does not accept, near" },
        { "{\"format\": ", CJM_ERR_PARSE, "doc.json:1:11:" },
        { "", CJM_ERR_PARSE, "doc.json:" },
        { "[1, 2]", CJM_ERR_INVALID, "expected a cjm-journey document (an object), not an array" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cjm_journey_free(read_text(cases[i].text, cases[i].status));
        ck_assert_msg(strstr(cjm_last_error(), cases[i].message) != NULL,
                      "case %zu: \"%s\" lacks \"%s\"", i, cjm_last_error(), cases[i].message);
    }
    /* A NUL byte in the text. */
    static const char with_nul[] = "{\"format\": \"cjm-journey\"\0}";
    cjm_journey *j = NULL;
    ck_assert_status(cjm_json_read_journey(&j, with_nul, sizeof with_nul - 1, NULL),
                     CJM_ERR_PARSE);
    ck_assert_error_mentions("<buffer>:");
    ck_assert_status(cjm_json_read_journey(NULL, "{}", 2, NULL), CJM_ERR_INVALID);
    ck_assert_status(cjm_json_read_journey(&j, NULL, 2, NULL), CJM_ERR_INVALID);
}
END_TEST

START_TEST(deep_and_truncated)
{
    /* 100,000 levels: refused before jansson recurses, with the place. */
    size_t n = 100000;
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    cjm_journey_free(read_text(deep, CJM_ERR_LIMIT));
    ck_assert_error_mentions("doc.json:1:513: nested deeper than 512");
    /* Brackets inside strings do not count; nesting inside extensions does. */
    char *nested = malloc(4096);
    int k = sprintf(nested, "{\"format\": \"[[[[[[\", \"extensions\": ");
    for (int i = 0; i < 600; i++)
        k += sprintf(nested + k, "{\"a\":");
    k += sprintf(nested + k, "1");
    for (int i = 0; i < 600; i++)
        k += sprintf(nested + k, "}");
    sprintf(nested + k, "}");
    cjm_journey_free(read_text(nested, CJM_ERR_LIMIT));
    ck_assert_error_mentions("nested deeper than 512");
    free(nested);
    free(deep);

    /* Every prefix of a valid document is an error, never a crash. */
    cjm_journey *full = full_journey();
    char *text = NULL;
    size_t length;
    ck_assert_ok(cjm_json_write_journey(&text, &length, full, CJM_JSON_COMPACT));
    for (size_t cut = 0; cut + 1 < length; cut++) {
        cjm_journey *j = NULL;
        cjm_status rc = cjm_json_read_journey(&j, text, cut, "cut.json");
        ck_assert_msg(rc != CJM_OK, "a prefix of %zu bytes was accepted", cut);
        ck_assert_ptr_null(j);
        ck_assert_ptr_nonnull(strstr(cjm_last_error(), "cut.json:"));
    }
    cjm_free(text);
    cjm_journey_free(full);
}
END_TEST

START_TEST(files_and_foreign_extensions)
{
    cjm_journey *j = full_journey(), *back = NULL;
    char path[] = "/tmp/cjm-json-test-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_ok(cjm_json_write_journey_path(path, j, 0));
    ck_assert_ok(cjm_json_read_journey_path(&back, path));
    ck_assert(cjm_journey_equal(j, back));
    cjm_journey_free(back);
    FILE *f = fopen(path, "w+");
    ck_assert_ok(cjm_json_write_journey_file(f, j, CJM_JSON_COMPACT));
    rewind(f);
    ck_assert_ok(cjm_json_read_journey_file(&back, f, "stream.json"));
    ck_assert(cjm_journey_equal(j, back));
    cjm_journey_free(back);
    fclose(f);
    remove(path);
    ck_assert_status(cjm_json_read_journey_path(&back, "/nonexistent/cjm.json"), CJM_ERR_IO);
    ck_assert_error_mentions("/nonexistent/cjm.json: cannot open");
    ck_assert_status(cjm_json_write_journey_path("/nonexistent/dir/x.json", j, 0), CJM_ERR_IO);

    /* XML extensions cannot be written as JSON, unless dropped. */
    ck_assert_ok(cjm_stage_set_extensions(cjm_journey_stage(j, 2), CJM_EXTENSIONS_XML, "<x/>"));
    char *text = NULL;
    ck_assert_status(cjm_json_write_journey(&text, NULL, j, 0), CJM_ERR_UNSUPPORTED);
    ck_assert_error_mentions("extensions in XML cannot be written as JSON");
    ck_assert_ptr_null(text);
    ck_assert_ok(cjm_json_write_journey(&text, NULL, j, CJM_JSON_DROP_FOREIGN_EXTENSIONS));
    ck_assert_ptr_null(strstr(text, "<x/>"));
    cjm_free(text);
    /* Extension text that is not a JSON object is refused when written. */
    ck_assert_ok(cjm_stage_set_extensions(cjm_journey_stage(j, 2), CJM_EXTENSIONS_JSON, "[1]"));
    ck_assert_status(cjm_json_write_journey(&text, NULL, j, 0), CJM_ERR_INVALID);
    ck_assert_error_mentions("extensions: not a JSON object");
    ck_assert_status(cjm_json_write_journey(&text, NULL, NULL, 0), CJM_ERR_INVALID);
    cjm_journey_free(j);
}
END_TEST

START_TEST(streams_that_fail)
{
    /* A document past the reader's first 64 KiB block (white space after
     * the journey), read from a stream: the block grows. */
    cjm_journey *j = retail_map(), *back = NULL;
    char *text;
    size_t n;
    ck_assert_ok(cjm_json_write_journey(&text, &n, j, 0));
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    for (int i = 0; i < 200000; i++)
        fputc(' ', f);
    rewind(f);
    ck_assert_ok(cjm_json_read_journey_file(&back, f, "padded"));
    ck_assert(cjm_journey_equal(j, back));
    cjm_journey_free(back);
    /* Memory running out on the way, at every allocation. */
    failalloc_install();
    for (long k = 1;; k++) {
        rewind(f);
        back = NULL;
        failalloc_arm(k, false);
        cjm_status rc = cjm_json_read_journey_file(&back, f, "padded");
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        if (!tripped) {
            ck_assert_ok(rc);
            cjm_journey_free(back);
            break;
        }
        ck_assert_status(rc, CJM_ERR_NOMEM);
        ck_assert_ptr_null(back);
    }
    failalloc_uninstall();
    fclose(f);
    /* A stream that cannot be read, and ones that cannot be written. */
    f = fopen("/", "rb");
    if (f) {
        ck_assert_status(cjm_json_read_journey_file(&back, f, "folder"), CJM_ERR_IO);
        ck_assert_error_mentions("folder: cannot read");
        fclose(f);
    }
    f = fopen("/dev/full", "wb");
    if (f) {
        ck_assert_status(cjm_json_write_journey_file(f, j, 0), CJM_ERR_IO);
        ck_assert_error_mentions("cannot write");
        fclose(f);
        ck_assert_status(cjm_json_write_journey_path("/dev/full", j, 0), CJM_ERR_IO);
    }
    ck_assert_status(cjm_json_write_journey_path("/nonexistent/dir/j.json", j, 0), CJM_ERR_IO);
    ck_assert_error_mentions("cannot open");
    cjm_free(text);
    cjm_journey_free(j);
}
END_TEST

/* One customer's actual journey with a touchpoint visited three times (twice
 * in one stage, once in another) round-trips with its kind; a document
 * says it is an actual journey with "kind": "actual", and only then may it
 * repeat a touchpoint. */
START_TEST(actual_journeys)
{
    cjm_journey *j = cjm_journey_new_actual("c-9", "Customer 9");
    cjm_stage *a, *b;
    cjm_touchpoint *t;
    ck_assert_ok(cjm_journey_set_customer(j, "c-9"));
    ck_assert_ok(cjm_journey_add_stage(&a, j, "a", "A"));
    ck_assert_ok(cjm_journey_add_stage(&b, j, "b", "B"));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, a, "web", "Web", "web"));
    ck_assert_ok(cjm_touchpoint_set_at(t, 1000));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, a, "web", "Web", "web"));
    ck_assert_ok(cjm_touchpoint_set_at(t, 2000));
    ck_assert_ok(cjm_touchpoint_add_feedback(NULL, t, -2, -2, 2));
    ck_assert_ok(cjm_stage_add_touchpoint(&t, b, "web", "Web", "web"));
    ck_assert_ok(cjm_touchpoint_set_at(t, 3000));
    round_trip(j);
    char *text = NULL;
    ck_assert_ok(cjm_json_write_journey(&text, NULL, j, CJM_JSON_COMPACT));
    ck_assert_ptr_nonnull(strstr(text, "\"kind\":\"actual\""));
    cjm_free(text);
    cjm_journey_free(j);
    /* A map is written as before, without a kind. */
    j = retail_map();
    ck_assert_ok(cjm_json_write_journey(&text, NULL, j, 0));
    ck_assert_ptr_null(strstr(text, "kind"));
    cjm_free(text);
    cjm_journey_free(j);

#define DOC(kind)                                                               \
    "{\"format\": \"cjm-journey\", \"version\": 1, \"journey\": {\"id\": \"j\", "  \
    "\"name\": \"J\", " kind "\"stages\": [{\"id\": \"s\", \"name\": \"S\", "      \
    "\"touchpoints\": [{\"id\": \"t\", \"name\": \"1\", \"channel\": \"web\"}, "   \
    "{\"id\": \"t\", \"name\": \"2\", \"channel\": \"web\"}]}]}}"
    j = read_text(DOC("\"kind\": \"actual\", "), CJM_OK);
    ck_assert_int_eq(cjm_journey_kind_of(j), CJM_JOURNEY_ACTUAL);
    ck_assert_uint_eq(cjm_journey_touchpoint_count(j), 2);
    ck_assert_str_eq(cjm_touchpoint_name(cjm_journey_find_touchpoint(j, "t")), "1");
    cjm_journey_free(j);
    read_text(DOC(""), CJM_ERR_DUPLICATE);
    ck_assert_error_mentions("doc.json:1:180: journey.stages[0].touchpoints[1].id: the journey "
                             "already has a touchpoint \"t\" (only an actual journey may visit");
    read_text(DOC("\"kind\": \"map\", "), CJM_ERR_DUPLICATE);
    read_text(DOC("\"kind\": null, "), CJM_ERR_DUPLICATE);
    read_text(DOC("\"kind\": \"Actual\", "), CJM_ERR_INVALID);
    ck_assert_error_mentions("doc.json:1:85: journey.kind: \"Actual\" is not \"map\" or \"actual\"");
    read_text(DOC("\"kind\": 1, "), CJM_ERR_INVALID);
    ck_assert_error_mentions("journey.kind");
#undef DOC
}
END_TEST

static cjm_status write_journey(const char *path, const void *journey)
{
    return cjm_json_write_journey_path(path, journey, 0);
}

START_TEST(path_whole_or_not_at_all)
{
    cjm_journey *j = retail_map();
    check_path_whole_or_not_at_all(write_journey, j, "cjm_json_write_journey_path");
    cjm_journey_free(j);
}
END_TEST

Suite *suite_json_journey(void)
{
    Suite *s = suite_create("json-journey");
    TCase *tc = tcase_create("json-journey");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, round_trips);
    tcase_add_test(tc, reads_the_spec_example);
    tcase_add_test(tc, every_rule_with_its_place);
    tcase_add_test(tc, document_level_rules);
    tcase_add_test(tc, deep_and_truncated);
    tcase_add_test(tc, files_and_foreign_extensions);
    tcase_add_test(tc, streams_that_fail);
    tcase_add_test(tc, actual_journeys);
    tcase_add_test(tc, path_whole_or_not_at_all);
    suite_add_tcase(s, tc);
    return s;
}
