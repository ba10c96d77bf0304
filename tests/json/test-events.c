/* Events as JSON Lines: reading into sinks and analyses, writing, and
 * every kind of bad line. */
#include <math.h>
#include <stdlib.h>
#include <cjm/json.h>

#include "../common/bulk-data.h"
#include "../common/helpers.h"
#include "../../bench/generate.h"
#include "../suites.h"

/* A sink that writes every event it gets as a line into a growing text,
 * and unreadable ones as "! message". */
typedef struct collected {
    char text[65536];
    size_t length, events;
} collected;

static cjm_status collect(const cjm_event *e, void *userdata)
{
    collected *c = userdata;
    const char *error = cjm_event_error(e, NULL);
    char *line = NULL;
    if (!error)
        ck_assert_ok(cjm_json_write_event(&line, NULL, e));
    int n = snprintf(c->text + c->length, sizeof c->text - c->length, "%s%s%s",
                     error ? "! " : "", error ? error : line, error ? "\n" : "");
    c->length += (size_t)n;
    c->events++;
    cjm_free(line);
    return CJM_OK;
}

static const char example[] =
    "{\"customer\":\"c-001\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"social-ad\"}\n"
    "{\"customer\":\"c-001\",\"at\":\"2026-03-01T09:20:00Z\",\"touchpoint\":\"compare-web\","
    "\"channel\":\"web\",\"feedback\":{\"score\":2,\"scale\":[1,5],\"comment\":\"Slow site\"}}\n"
    "{\"customer\":\"c-002\",\"at\":\"2026-03-02T11:00:00Z\",\"touchpoint\":\"price-tweet\","
    "\"channel\":\"social\",\"stage\":\"discover\"}\n";

START_TEST(reads_and_writes_the_spec_example)
{
    collected c = { .length = 0 };
    ck_assert_ok(cjm_json_read_events(example, strlen(example), "ex.jsonl", 0, collect, &c));
    ck_assert_int_eq(c.events, 3);
    ck_assert_str_eq(c.text, example); /* the writer writes what it read */

    /* CRLF, blank lines, a byte-order mark, null members, extensions. */
    static const char varied[] =
        "\xef\xbb\xbf{\"customer\":\"c-9\",\"at\":\"2026-03-01T10:15:00.250+01:00\","
        "\"touchpoint\":\"ad\",\"channel\":null,\"extensions\":{\"ticket\":42}}\r\n"
        "   \t\r\n"
        "\n"
        "{\"customer\":\"c-9\",\"at\":\"2026-03-01T09:20:00Z\",\"touchpoint\":\"x\","
        "\"channel\":\"SMS\",\"feedback\":{\"score\":-1,\"emotion\":\"tired\","
        "\"source\":\"survey\",\"at\":\"2026-03-01T09:25:00Z\"}}";
    collected d = { .length = 0 };
    ck_assert_ok(cjm_json_read_events(varied, strlen(varied), NULL, 2, collect, &d));
    ck_assert_int_eq(d.events, 2);
    ck_assert_str_eq(d.text,
        "{\"customer\":\"c-9\",\"at\":\"2026-03-01T09:15:00.250Z\",\"touchpoint\":\"ad\","
        "\"extensions\":{\"ticket\":42}}\n"
        "{\"customer\":\"c-9\",\"at\":\"2026-03-01T09:20:00Z\",\"touchpoint\":\"x\","
        "\"channel\":\"sms\",\"feedback\":{\"score\":-1,\"emotion\":\"tired\","
        "\"source\":\"survey\",\"at\":\"2026-03-01T09:25:00Z\"}}\n");
}
END_TEST

START_TEST(bad_lines_are_delivered_marked)
{
    static const struct { const char *line; const char *message; } bad[] = {
        { "{\"customer\":\"c\",\"at\":\"2026-03-01T09:15:00Z\"", "b.jsonl:1:" },
        { "{\"customer\":\"c\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"t\",\"colour\":1}",
          "b.jsonl:2:71: colour: unknown member" },
        { "{\"customer\":\"c\",\"touchpoint\":\"t\"}", "b.jsonl:3:1: (document): missing member \"at\"" },
        { "{\"customer\":\"\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"t\"}",
          "b.jsonl:4:13: customer: empty" },
        { "{\"customer\":\"c\",\"at\":\"2026-03-01\",\"touchpoint\":\"t\"}",
          "b.jsonl:5:22: at: not an RFC 3339 time" },
        { "{\"customer\":\"c\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"t\",\"channel\":\"a b\"}",
          "b.jsonl:6:72: channel: character 0x20" },
        { "{\"customer\":\"c\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"t\","
          "\"feedback\":{\"score\":9}}", "b.jsonl:7:82: feedback.score: outside the scale" },
        { "{\"customer\":\"c\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"t\","
          "\"feedback\":{\"score\":1,\"scale\":[1]}}", "feedback.scale: expected [min, max]" },
        { "{\"customer\":\"c\",\"customer\":\"d\"}", "duplicate object key" },
        { "[1,2]", "b.jsonl:10:1: (document): expected an event (an object), not an array" },
        { "{\"customer\":\"c\",\"at\":1e400}",
          "b.jsonl:11:26: a number beyond about 1.8e308 (the largest a double holds), near '1e400'" },
        { "{\"customer\":\"c\\u0000\"}",
          "b.jsonl:12:21: a string holds \\u0000 (the NUL character), which cjm does not accept" },
        { "{\"customer\":\"c\xff\"}", "b.jsonl:13:" },
    };
    char text[4096] = "";
    size_t n = sizeof bad / sizeof bad[0];
    for (size_t i = 0; i < n; i++) {
        strcat(text, bad[i].line);
        strcat(text, "\n");
    }
    collected c = { .length = 0 };
    ck_assert_ok(cjm_json_read_events(text, strlen(text), "b.jsonl", 0, collect, &c));
    ck_assert_int_eq(c.events, n);
    char *line = c.text;
    for (size_t i = 0; i < n; i++) {
        char *end = strchr(line, '\n');
        *end = '\0';
        ck_assert_msg(line[0] == '!' && strstr(line, bad[i].message),
                      "line %zu: \"%s\" lacks \"%s\"", i + 1, line, bad[i].message);
        line = end + 1;
    }
}
END_TEST

START_TEST(analysis_strict_and_lenient)
{
    cjm_journey *map = retail_map();
    static const char text[] =
        "{\"customer\":\"c-001\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"social-ad\"}\n"
        "{\"customer\":\"c-001\",\"at\":\"2026-03-01T09:16:00Z\",\"touchpoint\":\"search-ad\","
        "\"stage\":\"compare\"}\n"
        "not json\n"
        "{\"customer\":\"c-002\",\"at\":\"2026-03-01T09:17:00Z\",\"touchpoint\":\"checkout\"}\n";
    cjm_analysis *strict = cjm_analysis_new(map, NULL);
    ck_assert_status(cjm_json_read_events(text, strlen(text), "e.jsonl", 1, cjm_analysis_sink,
                                          strict), CJM_ERR_CONFLICT);
    ck_assert_error_mentions("e.jsonl:2: cjm_analysis_add_event: stage: touchpoint \"search-ad\"");
    ck_assert_str_eq(strstr(cjm_last_error(), "e.jsonl:2: cjm_analysis_add_event"), cjm_last_error());
    ck_assert_int_eq(cjm_analysis_event_count(strict), 1); /* the events before it stay */
    cjm_options *o = cjm_options_new();
    cjm_options_set_lenient(o, true);
    cjm_analysis *lenient = cjm_analysis_new(map, o);
    cjm_options_free(o);
    ck_assert_ok(cjm_json_read_events(text, strlen(text), "e.jsonl", 1, cjm_analysis_sink,
                                      lenient));
    ck_assert_int_eq(cjm_analysis_event_count(lenient), 2);
    ck_assert_int_eq(cjm_analysis_rejected_count(lenient), 2);
    ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(lenient, 0), "e.jsonl:2: cjm_analysis_add_event: stage:"));
    ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(lenient, 1), "e.jsonl:3:3:"));
    cjm_report *r = NULL;
    ck_assert_ok(cjm_analysis_report(&r, lenient));
    ck_assert_int_eq(cjm_report_rejected(r), 2);
    cjm_report_free(r);
    cjm_analysis_free(strict);
    cjm_analysis_free(lenient);
    cjm_journey_free(map);
}
END_TEST

START_TEST(long_and_deep_lines_from_a_stream)
{
    FILE *f = tmpfile();
    fputs("{\"customer\":\"a\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"t\","
          "\"channel\":\"web\",\"extensions\":{\"pad\":\"", f);
    for (int i = 0; i < 1100; i++) {
        char kib[1025];
        memset(kib, 'x', 1024);
        kib[1024] = '\0';
        fputs(kib, f);
    }
    fputs("\"}}\n", f);
    for (int i = 0; i < 600; i++)
        fputc('[', f);
    fputc('\n', f);
    fputs("{\"customer\":\"b\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"t\","
          "\"channel\":\"web\"}", f); /* no final line end */
    rewind(f);
    collected c = { .length = 0 };
    ck_assert_ok(cjm_json_read_events_file(f, "big.jsonl", 2, collect, &c));
    fclose(f);
    ck_assert_int_eq(c.events, 3);
    ck_assert_ptr_nonnull(strstr(c.text, "! big.jsonl:1: line longer than 1 MiB\n"));
    ck_assert_ptr_nonnull(strstr(c.text, "! big.jsonl:2:513: nested deeper than 512\n"));
    ck_assert_ptr_nonnull(strstr(c.text, "{\"customer\":\"b\""));
    ck_assert_status(cjm_json_read_events_path("/nonexistent.jsonl", 0, collect, &c), CJM_ERR_IO);
    ck_assert_status(cjm_json_read_events("", 0, NULL, 0, NULL, NULL), CJM_ERR_INVALID);
}
END_TEST

/* A first line too long to hold (past the window the reader keeps) is
 * an invalid event like any other, and the lines after it are read. */
START_TEST(a_first_line_too_long_to_hold)
{
    FILE *f = tmpfile();
    fputs("{\"customer\":\"a\",\"note\":\"", f);
    char kib[1025];
    memset(kib, 'x', 1024);
    kib[1024] = '\0';
    for (int i = 0; i < 3 * 1024; i++)
        fputs(kib, f);
    fputs("\"}\n{\"customer\":\"b\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":\"t\","
          "\"channel\":\"web\"}\n", f);
    rewind(f);
    collected c = { .length = 0 };
    ck_assert_ok(cjm_json_read_events_file(f, "first.jsonl", 1, collect, &c));
    fclose(f);
    ck_assert_int_eq(c.events, 2);
    ck_assert_ptr_nonnull(strstr(c.text, "! first.jsonl:1: line longer than 1 MiB\n"));
    ck_assert_ptr_nonnull(strstr(c.text, "{\"customer\":\"b\""));
}
END_TEST

/* The benchmark's data, written as JSON Lines and read back from a file,
 * gives the report of the columns call. */
START_TEST(jsonl_equals_columns)
{
    cjm_journey *map = gen_map();
    cjm_analysis *columns = cjm_analysis_new(map, NULL), *lines = cjm_analysis_new(map, NULL);
    cjm_event *e = cjm_event_new();
    FILE *f = tmpfile();
    gen_batch b;
    gen_state g;
    ck_assert_int_eq(gen_batch_init(&b, 65536), 0);
    gen_start(&g, 3, test_size(100000));
    while (gen_next(&g, &b)) {
        ck_assert_ok(cjm_analysis_add_columns(columns, b.count, b.customers, b.at,
                                              b.touchpoints, b.channels, b.stages, b.scores,
                                              b.scale_min, b.scale_max));
        for (size_t i = 0; i < b.count; i++) {
            cjm_event_clear(e);
            ck_assert_ok(cjm_event_set_customer(e, b.customers[i]));
            ck_assert_ok(cjm_event_set_at(e, b.at[i]));
            ck_assert_ok(cjm_event_set_touchpoint(e, b.touchpoints[i]));
            ck_assert_ok(cjm_event_set_channel(e, b.channels[i]));
            ck_assert_ok(cjm_event_set_stage(e, b.stages[i]));
            if (!isnan(b.scores[i]))
                ck_assert_ok(cjm_event_set_feedback(e, b.scores[i], b.scale_min[i],
                                                    b.scale_max[i]));
            ck_assert_ok(cjm_json_event_sink(e, f));
        }
    }
    gen_batch_free(&b);
    cjm_event_free(e);
    rewind(f);
    ck_assert_ok(cjm_json_read_events_file(f, "gen.jsonl", 0, cjm_analysis_sink, lines));
    fclose(f);
    cjm_report *want = NULL, *got = NULL;
    ck_assert_ok(cjm_analysis_report(&want, columns));
    ck_assert_ok(cjm_analysis_report(&got, lines));
    assert_reports_equal(want, got);
    cjm_report_free(want);
    cjm_report_free(got);
    cjm_analysis_free(columns);
    cjm_analysis_free(lines);
    cjm_journey_free(map);
}
END_TEST

START_TEST(writer_refuses)
{
    cjm_event *e = cjm_event_new();
    char *out = NULL;
    ck_assert_status(cjm_json_write_event(&out, NULL, e), CJM_ERR_INVALID);
    ck_assert_error_mentions("needs a customer, a time and a touchpoint");
    ck_assert_ok(cjm_event_set_error(e, CJM_ERR_PARSE, "x:1:1: broken"));
    ck_assert_status(cjm_json_write_event(&out, NULL, e), CJM_ERR_PARSE);
    ck_assert_str_eq(cjm_last_error(), "x:1:1: broken");
    cjm_event_clear(e);
    cjm_event_set_customer(e, "c");
    cjm_event_set_at(e, 0);
    cjm_event_set_touchpoint(e, "t");
    ck_assert_ok(cjm_event_set_extensions(e, CJM_EXTENSIONS_XML, "<a/>"));
    ck_assert_status(cjm_json_write_event(&out, NULL, e), CJM_ERR_UNSUPPORTED);
    ck_assert_status(cjm_json_write_event(NULL, NULL, e), CJM_ERR_INVALID);
    ck_assert_status(cjm_json_event_sink(e, NULL), CJM_ERR_INVALID);
    ck_assert_ptr_null(out);
    cjm_event_free(e);
}
END_TEST


/* Attributes: strings as they are, numbers and booleans as their JSON
 * text, null as left out; written back as strings, which read back the
 * same. */
START_TEST(attributes_read_and_written)
{
    static const char line[] =
        "{\"customer\":\"c-9\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":\"checkout\","
        "\"attributes\":{\"plan\":\"pro\",\"seats\":12,\"ratio\":2.50,\"big\":-1.5E+3,"
        "\"trial\":false,\"paid\":true,\"gone\":null,\"empty\":\"\",\"key\\u00e9\":"
        "\"a\\tb\\nc\",\"caf\\u00e9\" : 0 }}\n";
    cjm_event *got = NULL;
    collected c = { .length = 0 };
    ck_assert_ok(cjm_json_read_events(line, strlen(line), "a.jsonl", 1, collect, &c));
    ck_assert_str_eq(c.text,
                     "{\"customer\":\"c-9\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":"
                     "\"checkout\",\"attributes\":{\"plan\":\"pro\",\"seats\":\"12\",\"ratio\":"
                     "\"2.50\",\"big\":\"-1.5E+3\",\"trial\":\"false\",\"paid\":\"true\","
                     "\"empty\":\"\",\"key\xc3\xa9\":\"a\\tb\\nc\",\"caf\xc3\xa9\":\"0\"}}\n");
    /* What is written reads back as the same attributes. */
    collected d = { .length = 0 };
    ck_assert_ok(cjm_json_read_events(c.text, c.length, "b.jsonl", 1, collect, &d));
    ck_assert_str_eq(d.text, c.text);
    (void)got;
    /* An event without attributes is written without the member; null and
     * an empty object mean none. */
    static const char none[] =
        "{\"customer\":\"c\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":\"t\","
        "\"attributes\":null}\n"
        "{\"customer\":\"c\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":\"t\","
        "\"attributes\":{}}\n";
    collected e = { .length = 0 };
    ck_assert_ok(cjm_json_read_events(none, strlen(none), "n.jsonl", 1, collect, &e));
    ck_assert_str_eq(e.text,
                     "{\"customer\":\"c\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":\"t\"}\n"
                     "{\"customer\":\"c\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":\"t\"}\n");
}
END_TEST

/* Every bad attribute: a located message in strict mode, counted in
 * lenient mode. */
START_TEST(bad_attributes)
{
    char huge[CJM_ATTRIBUTE_VALUE_MAX + 64], longest[CJM_ATTRIBUTE_VALUE_MAX + 64];
    memset(huge, 'h', CJM_ATTRIBUTE_VALUE_MAX + 1);
    huge[CJM_ATTRIBUTE_VALUE_MAX + 1] = '\0';
    memset(longest, 'h', CJM_ATTRIBUTE_VALUE_MAX);
    longest[CJM_ATTRIBUTE_VALUE_MAX] = '\0';
    char long_key[CJM_ID_MAX + 2];
    memset(long_key, 'k', CJM_ID_MAX + 1);
    long_key[CJM_ID_MAX + 1] = '\0';
    const struct { const char *attributes; const char *message; } bad[] = {
        { "[\"plan\",\"pro\"]", "b.jsonl:1:84: attributes: expected an object, not an array" },
        { "\"plan=pro\"", "b.jsonl:2:84: attributes: expected an object, not a string" },
        { "{\"plan\":{\"name\":\"pro\"}}",
          "b.jsonl:3:92: attributes.plan: an object, not a string, a number or a boolean" },
        { "{\"plan\":[\"pro\"]}", "b.jsonl:4:92: attributes.plan: an array, not a string" },
        { "{\"\":\"pro\"}", "b.jsonl:5:88: attributes.: attribute key: empty" },
        /* A message quoting input shows its control characters escaped. */
        { "{\"a\\tb\":\"pro\"}", "b.jsonl:6:92: attributes.a\\tb: attribute key: control character 0x09" },
        { huge, "attribute \"note\": longer than 1024 bytes" },
        { "{\"plan\":\"pro\",\"plan\":\"free\"}", "b.jsonl:8:" },
        { "{\"plan\":\"p\\u0000ro\"}", "b.jsonl:9:" },
        { long_key, "attribute key: longer than 256 bytes" },
        { "{\"plan\":\"a\\u0002\"}", "b.jsonl:11:92: attributes.plan: attribute \"plan\": control character 0x02" },
        { "{\"x\\u001b[2J\":\"v\"}",
          "attributes.x\\x1b[2J: attribute key: control character 0x1b at byte 1" },
        { "{\"x\\n\\u0085\\u00e9\":\"v\"}", "attributes.x\\n\\xc2\\x85\u00e9: attribute key:" },
    };
    size_t n = sizeof bad / sizeof bad[0];
    char *text = malloc(64 * 1024);
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(text, "{\"customer\":\"c-9\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":"
                     "\"checkout\",\"attributes\":");
        if (bad[i].attributes == huge) {
            strcat(text, "{\"note\":\"");
            strcat(text, huge);
            strcat(text, "\"}");
        } else if (bad[i].attributes == long_key) {
            strcat(text, "{\"");
            strcat(text, long_key);
            strcat(text, "\":\"x\"}");
        } else {
            strcat(text, bad[i].attributes);
        }
        strcat(text, "}\n");
    }
    /* The longest value and a line after the bad ones are fine. */
    strcat(text, "{\"customer\":\"c-9\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":"
                 "\"checkout\",\"attributes\":{\"note\":\"");
    strcat(text, longest);
    strcat(text, "\"}}\n");
    collected c = { .length = 0 };
    ck_assert_ok(cjm_json_read_events(text, strlen(text), "b.jsonl", 0, collect, &c));
    ck_assert_int_eq(c.events, n + 1);
    char *line = c.text;
    for (size_t i = 0; i < n; i++) {
        char *end = strchr(line, '\n');
        *end = '\0';
        ck_assert_msg(line[0] == '!' && strstr(line, bad[i].message),
                      "line %zu: \"%s\" lacks \"%s\"", i + 1, line, bad[i].message);
        line = end + 1;
    }
    ck_assert_msg(line[0] == '{', "%s", line);

    /* Into an analysis: strict stops at the first, lenient counts them all. */
    cjm_journey *map = retail_map();
    cjm_analysis *strict = cjm_analysis_new(map, NULL);
    ck_assert_status(cjm_json_read_events(text, strlen(text), "b.jsonl", 0, cjm_analysis_sink,
                                          strict), CJM_ERR_INVALID);
    ck_assert_error_mentions("b.jsonl:1:84: attributes: expected an object");
    cjm_options *o = cjm_options_new();
    cjm_options_set_lenient(o, true);
    cjm_analysis *lenient = cjm_analysis_new(map, o);
    cjm_options_free(o);
    ck_assert_ok(cjm_json_read_events(text, strlen(text), "b.jsonl", 0, cjm_analysis_sink,
                                      lenient));
    ck_assert_uint_eq(cjm_analysis_rejected_count(lenient), n);
    ck_assert_uint_eq(cjm_analysis_event_count(lenient), 1);
    ck_assert_ptr_nonnull(strstr(cjm_analysis_rejected_message(lenient, 2),
                                 "b.jsonl:3:92: attributes.plan: an object"));
    cjm_analysis_free(strict);
    cjm_analysis_free(lenient);
    cjm_journey_free(map);

    /* Too many attributes, and a number longer than a value may be. */
    strcpy(text, "{\"customer\":\"c\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":\"t\","
                 "\"attributes\":{");
    for (int i = 0; i <= CJM_ATTRIBUTES_MAX; i++)
        sprintf(text + strlen(text), "%s\"k%d\":%d", i ? "," : "", i, i);
    strcat(text, "}}\n{\"customer\":\"c\",\"at\":\"2026-03-02T10:00:00Z\",\"touchpoint\":"
                 "\"t\",\"attributes\":{\"n\":1.");
    for (int i = 0; i < CJM_ATTRIBUTE_VALUE_MAX; i++)
        strcat(text, "0");
    strcat(text, "}}\n");
    collected d = { .length = 0 };
    ck_assert_ok(cjm_json_read_events(text, strlen(text), "m.jsonl", 0, collect, &d));
    ck_assert_msg(strstr(d.text, "! m.jsonl:1:75: attributes: more than 1000 attributes\n") &&
                  strstr(d.text, "! m.jsonl:2:80: attributes.n: attribute \"n\": longer than "
                                 "1024 bytes\n"), "%s", d.text);
    free(text);
}
END_TEST

/* A sink sees the lines in order, each once, across the batches parsed
 * while it works; when it fails part way, the reader stops there, the
 * batch being parsed behind it is dropped, and the failure names the line. */
typedef struct ordered {
    size_t seen, stop_at;
} ordered;

static cjm_status check_order(const cjm_event *e, void *userdata)
{
    ordered *o = userdata;
    char want[64];
    snprintf(want, sizeof want, "s.jsonl:%zu", ++o->seen);
    ck_assert_str_eq(cjm_event_origin(e), want);
    return o->seen == o->stop_at ? cjm_error_set(CJM_ERR_INVALID, "enough") : CJM_OK;
}

START_TEST(a_sink_sees_every_line_in_order_and_can_stop)
{
    FILE *f = tmpfile();
    for (int i = 0; i < 20000; i++)
        fprintf(f, "{\"customer\":\"c-%d\",\"at\":\"2026-03-01T09:15:00Z\",\"touchpoint\":"
                   "\"t\"%s}\n", i % 97, i % 3 ? "" : ",\"attributes\":{\"plan\":\"pro\"}");
    for (unsigned threads = 1; threads <= 2; threads++) {
        ordered all = { 0, 0 }, part = { 0, 5000 };
        rewind(f);
        ck_assert_ok(cjm_json_read_events_file(f, "s.jsonl", threads, check_order, &all));
        ck_assert_int_eq(all.seen, 20000);
        rewind(f);
        ck_assert_status(cjm_json_read_events_file(f, "s.jsonl", threads, check_order, &part),
                         CJM_ERR_INVALID);
        ck_assert_int_eq(part.seen, 5000);
        ck_assert_str_eq(cjm_last_error(), "s.jsonl:5000: enough");
    }
    fclose(f);
}
END_TEST

Suite *suite_json_events(void)
{
    Suite *s = suite_create("json-events");
    TCase *tc = tcase_create("json-events");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, reads_and_writes_the_spec_example);
    tcase_add_test(tc, bad_lines_are_delivered_marked);
    tcase_add_test(tc, analysis_strict_and_lenient);
    tcase_add_test(tc, long_and_deep_lines_from_a_stream);
    tcase_add_test(tc, a_first_line_too_long_to_hold);
    tcase_add_test(tc, jsonl_equals_columns);
    tcase_add_test(tc, writer_refuses);
    tcase_add_test(tc, attributes_read_and_written);
    tcase_add_test(tc, bad_attributes);
    tcase_add_test(tc, a_sink_sees_every_line_in_order_and_can_stop);
    suite_add_tcase(s, tc);
    return s;
}
