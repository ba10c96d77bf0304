/* The DuckDB extension through libduckdb: the report of the examples'
 * events, written by DuckDB itself as Parquet and CSV, equals `cjm
 * analyze`'s member for member, on one thread and two, ungrouped and
 * grouped; every type a user has for a time, an id and a score; NULL in
 * every argument of every function; bad values as errors naming the
 * customer; DuckDB's own limits on aggregates as errors, never a crash.
 *
 * With EVENTS, only that many generated events, written as Parquet by
 * DuckDB, against `cjm analyze` over the same events.
 *
 * usage: cjm-duckdb-test EXTENSION CJM_TOOL EXAMPLES_DIR [EVENTS] */
#define _GNU_SOURCE
#include "client.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *extension, *tool, *examples;
static char scratch[] = "/tmp/cjm-duckdb-test-XXXXXX";
static duckdb_database db;
static duckdb_connection con;
static int failures, checks;

static void failed(const char *what, const char *detail)
{
    failures++;
    fprintf(stderr, "FAIL: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
}

/* A statement on the test's connection (client_run()). */
static bool run(const char *sql, char **value, char **error)
{
    return client_run(con, sql, value, error);
}

/* A statement that must succeed. */
static void must(const char *sql)
{
    char *error;
    if (!run(sql, NULL, &error)) {
        failed(sql, error);
        free(error);
    }
}

/* A statement whose first value must be `expected` (NULL: SQL NULL). */
static void expect_value(const char *sql, const char *expected)
{
    char *value, *error;
    checks++;
    if (!run(sql, &value, &error)) {
        failed(sql, error);
    } else if (expected ? !value || strcmp(value, expected) != 0 : value != NULL) {
        char *d = format("got %s, expected %s", value ? value : "NULL",
                         expected ? expected : "NULL");
        failed(sql, d);
        free(d);
    }
    free(value);
    free(error);
}

/* A statement that must fail with a message holding each of the texts
 * (up to three; NULL ends). */
static void expect_error(const char *sql, const char *a, const char *b, const char *c)
{
    char *value, *error;
    checks++;
    if (run(sql, &value, &error)) {
        failed(sql, "succeeded, expected an error");
    } else {
        const char *parts[] = { a, b, c };
        for (int i = 0; i < 3; i++)
            if (parts[i] && !strstr(error, parts[i])) {
                char *d = format("the message lacks \"%s\": %s", parts[i], error);
                failed(sql, d);
                free(d);
            }
    }
    free(value);
    free(error);
}

/* Whether a report from DuckDB equals the tool's, member for member. */
static void expect_report(const char *what, const char *sql, json_t *reference)
{
    char *value, *error;
    checks++;
    if (!run(sql, &value, &error)) {
        failed(what, error);
        free(error);
        return;
    }
    json_error_t why;
    json_t *got = value ? json_loads(value, 0, &why) : NULL;
    if (!got)
        failed(what, value ? "not JSON" : "NULL");
    else if (!client_reports_equal(got, reference))
        failed(what, "the report differs from cjm analyze's");
    json_decref(got);
    free(value);
}

static const char *const names[] = { "retail", "onboarding", "helpdesk" };
enum { EXAMPLES = 3 };
static json_t *reference[EXAMPLES];
static bool present[EXAMPLES];

/* The analysis's arguments over a table of the columns written below. */
static const char args[] = "customer, \"at\", touchpoint, channel, stage, score, scale_min, "
                           "scale_max";

/* Each example's map in a variable (map_NAME), its events as Parquet and
 * CSV files that DuckDB writes, and the tool's report of its events. */
static void prepare(int i)
{
    const char *name = names[i];
    char *map, *events;
    if (i < 2) {
        map = format("%s/%s/map.json", examples, name);
        events = format("%s/%s/events.jsonl", examples, name);
    } else {
        /* The help desk's map is XML and its events XES: the tool turns
         * them into the JSON the extension and DuckDB read. */
        map = format("%s/helpdesk-map.json", scratch);
        events = format("%s/helpdesk.jsonl", scratch);
        char *cmd = format("'%s' convert '%s/helpdesk/map.xml' '%s' && '%s' convert "
                           "'%s/helpdesk/events.xes.gz' '%s'",
                           tool, examples, map, tool, examples, events);
        char *out = command_output(cmd);
        free(cmd);
        if (!out) {
            printf("the help-desk example is left out: the tool cannot convert XML\n");
            free(map);
            free(events);
            return;
        }
        free(out);
    }
    char *cmd = format("'%s' analyze '%s' '%s' --format json", tool, map, events);
    char *out = command_output(cmd);
    free(cmd);
    json_error_t why;
    json_decref(reference[i]); /* made again for each database */
    reference[i] = out ? json_loads(out, 0, &why) : NULL;
    free(out);
    if (!reference[i]) {
        failed(name, "cjm analyze gave no report");
        free(map);
        free(events);
        return;
    }
    char *sql = format("SET VARIABLE map_%s = (SELECT content FROM read_text('%s'))", name, map);
    must(sql);
    free(sql);
    static const char *const outputs[][2] = { { "parquet", "FORMAT parquet" },
                                              { "csv", "FORMAT csv, HEADER true" } };
    for (int f = 0; f < 2; f++) {
        char *target = format("%s/%s.%s", scratch, name, outputs[f][0]);
        sql = client_copy_events(events, target, outputs[f][1]);
        free(target);
        must(sql);
        free(sql);
    }
    present[i] = true;
    free(map);
    free(events);
}

/* The CSV as an analyst reads it: DuckDB finds the types itself, except
 * for feedback columns an example leaves empty. */
static char *csv(const char *name)
{
    return format("read_csv('%s/%s.csv', types = {'score': 'DOUBLE', 'scale_min': 'DOUBLE', "
                  "'scale_max': 'DOUBLE'})",
                  scratch, name);
}

static void open_db(int threads)
{
    client_open(&db, &con, extension, threads);
}

static void close_db(void)
{
    client_close(&db, &con);
}

/* The examples from Parquet and CSV, ungrouped and grouped. */
static void test_examples(int threads)
{
    for (int i = 0; i < EXAMPLES; i++) {
        if (!present[i])
            continue;
        char *what = format("%s, Parquet, %d thread(s)", names[i], threads);
        char *sql = format("SELECT cjm_analyze(getvariable('map_%s'), %s) FROM '%s/%s.parquet'",
                           names[i], args, scratch, names[i]);
        expect_report(what, sql, reference[i]);
        free(what);
        free(sql);
        char *from = csv(names[i]);
        what = format("%s, CSV, %d thread(s)", names[i], threads);
        sql = format("SELECT cjm_analyze(getvariable('map_%s'), %s) FROM %s", names[i], args,
                     from);
        expect_report(what, sql, reference[i]);
        free(what);
        free(sql);
        free(from);
    }
    /* Every example in one table, a map per row, grouped by example: each
     * group's report is its example's. */
    must("CREATE OR REPLACE TEMP TABLE every (example VARCHAR, map VARCHAR, customer VARCHAR, "
         "\"at\" TIMESTAMPTZ, touchpoint VARCHAR, channel VARCHAR, stage VARCHAR, "
         "score DOUBLE, scale_min DOUBLE, scale_max DOUBLE)");
    for (int i = 0; i < EXAMPLES; i++) {
        if (!present[i])
            continue;
        char *sql = format("INSERT INTO every SELECT '%s', getvariable('map_%s'), %s "
                           "FROM '%s/%s.parquet'",
                           names[i], names[i], args, scratch, names[i]);
        must(sql);
        free(sql);
    }
    for (int i = 0; i < EXAMPLES; i++) {
        if (!present[i])
            continue;
        char *what = format("%s, GROUP BY, %d thread(s)", names[i], threads);
        char *sql = format("SELECT report FROM (SELECT example, cjm_analyze(map, %s) AS report "
                           "FROM every GROUP BY example) WHERE example = '%s'",
                           args, names[i]);
        expect_report(what, sql, reference[i]);
        free(what);
        free(sql);
    }
}

/* The retail map with the analysis's arguments from a one-row table. */
static void row(const char *values, const char *a, const char *b)
{
    char *sql = format("SELECT cjm_analyze(getvariable('map_retail'), %s) FROM (VALUES %s) "
                       "AS t(customer, \"at\", touchpoint, channel, stage, score, scale_min, "
                       "scale_max)",
                       args, values);
    expect_error(sql, a, b, NULL);
    free(sql);
}

/* cjm_analyze over the retail example's Parquet file: SELECT
 * cjm_analyze(`head` map, the arguments`tail` FROM the file (malloc'd). */
static char *retail_query(const char *head, const char *tail)
{
    return format("SELECT cjm_analyze(%sgetvariable('map_retail'), %s%s FROM '%s/retail.parquet'",
                  head, args, tail, scratch);
}

/* The retail map, one event and options (SQL text), which must fail with
 * a message holding each of the texts (b may be NULL). */
static void bad_options(const char *options, const char *a, const char *b)
{
    char *sql = format("SELECT cjm_analyze(getvariable('map_retail'), 'c', TIMESTAMPTZ "
                       "'2026-03-01 09:00:00+00', 'social-ad', NULL, NULL, NULL, NULL, NULL, %s)",
                       options);
    expect_error(sql, a, b, NULL);
    free(sql);
}

/* NULL in every argument of every function, and bad values. */
static void test_nulls_and_errors(void)
{
    const char *const t = "TIMESTAMPTZ '2026-03-01 09:00:00+00'";
    char *sql;
    /* No rows, and rows whose optional arguments are NULL. */
    expect_value("SELECT cjm_analyze(getvariable('map_retail'), 'c', now(), 'social-ad', NULL, "
                 "NULL, NULL, NULL, NULL) WHERE false",
                 NULL);
    sql = format("SELECT json_extract(cjm_analyze(getvariable('map_retail'), 'c-1', %s, "
                 "'social-ad', NULL, NULL, NULL, NULL, NULL), '$.totals.events')",
                 t);
    expect_value(sql, "1");
    free(sql);
    sql = format("SELECT json_extract(cjm_analyze(getvariable('map_retail'), 'c-1', %s, "
                 "'social-ad', NULL, NULL, NULL, NULL, NULL, NULL), '$.totals.events')",
                 t);
    expect_value(sql, "1");
    free(sql);
    /* NULL map, customer, time, touchpoint: errors naming the customer. */
    sql = format("SELECT cjm_analyze(NULL, 'c-1', %s, 'social-ad', NULL, NULL, NULL, NULL, "
                 "NULL)",
                 t);
    expect_error(sql, "the map is NULL", NULL, NULL);
    free(sql);
    row("(NULL, TIMESTAMPTZ '2026-03-01 09:00:00+00', 'social-ad', NULL, NULL, NULL::DOUBLE, "
        "NULL::DOUBLE, NULL::DOUBLE)",
        "customer NULL", "customer");
    row("('c-7', NULL::TIMESTAMPTZ, 'social-ad', NULL, NULL, NULL::DOUBLE, NULL::DOUBLE, "
        "NULL::DOUBLE)",
        "customer \"c-7\"", "at");
    row("('c-7', TIMESTAMPTZ '2026-03-01 09:00:00+00', NULL, NULL, NULL, NULL::DOUBLE, "
        "NULL::DOUBLE, NULL::DOUBLE)",
        "customer \"c-7\"", "touchpoint");
    /* Bad values. */
    row("('c-8', TIMESTAMPTZ '2026-03-01 09:00:00+00', 'nowhere', NULL, NULL, NULL::DOUBLE, "
        "NULL::DOUBLE, NULL::DOUBLE)",
        "customer \"c-8\"", "channel");
    row("('c-9', TIMESTAMPTZ '2026-03-01 09:00:00+00', 'social-ad', NULL, 'no-such-stage', "
        "NULL::DOUBLE, NULL::DOUBLE, NULL::DOUBLE)",
        "customer \"c-9\"", "stage");
    row("('c-10', TIMESTAMPTZ '2026-03-01 09:00:00+00', 'social-ad', NULL, NULL, 'NaN'::DOUBLE, "
        "NULL::DOUBLE, NULL::DOUBLE)",
        "customer \"c-10\"", "score: NaN");
    row("('c-11', TIMESTAMPTZ '2026-03-01 09:00:00+00', 'social-ad', NULL, NULL, 9::DOUBLE, "
        "1::DOUBLE, 5::DOUBLE)",
        "customer \"c-11\"", "score");
    row("('c-12', TIMESTAMPTZ 'infinity', 'social-ad', NULL, NULL, NULL::DOUBLE, NULL::DOUBLE, "
        "NULL::DOUBLE)",
        "customer \"c-12\"", "at");
    row("('c-13', 'yesterday', 'social-ad', NULL, NULL, NULL::DOUBLE, NULL::DOUBLE, "
        "NULL::DOUBLE)",
        "customer \"c-13\"", "ISO 8601");
    row("('c-14', 42, 'social-ad', NULL, NULL, NULL::DOUBLE, NULL::DOUBLE, NULL::DOUBLE)",
        "customer \"c-14\"", "TIMESTAMP");
    row("('c\x01' || repeat('x', 100), TIMESTAMPTZ '2026-03-01 09:00:00+00', 'nowhere', NULL, "
        "NULL, NULL::DOUBLE, NULL::DOUBLE, NULL::DOUBLE)",
        "customer \"c\\x01xxx", "...");
    row("('c-15', TIMESTAMPTZ '2026-03-01 09:00:00+00', 'social' || chr(0) || '-ad', NULL, "
        "NULL, NULL::DOUBLE, NULL::DOUBLE, NULL::DOUBLE)",
        "customer \"c-15\"", "NUL byte");
    /* Lenient: the bad rows are counted, not raised. */
    sql = format("SELECT json_extract(cjm_analyze(getvariable('map_retail'), customer, \"at\", "
                 "touchpoint, NULL, NULL, score, NULL, NULL, '{\"lenient\": true}'), "
                 "'$.totals.rejected') FROM (VALUES ('c-1', %s, 'social-ad', NULL::DOUBLE), "
                 "(NULL, %s, 'social-ad', NULL), ('c-2', NULL, 'social-ad', NULL), "
                 "('c-3', %s, 'nowhere', NULL), ('c-4', %s, 'social-ad', 'NaN'), "
                 "('c-5', %s, 'social' || chr(0) || '-ad', NULL)) "
                 "AS t(customer, \"at\", touchpoint, score)",
                 t, t, t, t, t);
    expect_value(sql, "5");
    free(sql);
    /* Bad maps and options. */
    sql = format("SELECT cjm_analyze('{\"format\": 1}', 'c', %s, 'a', NULL, NULL, NULL, NULL, "
                 "NULL)",
                 t);
    expect_error(sql, "cjm_analyze", "map", NULL);
    free(sql);
    bad_options("'{\"lenient\": 1}'", "options: \"lenient\"", "true or false");
    bad_options("'{\"nothing\": 1}'", "\"nothing\": not an option", NULL);
    bad_options("'[1'", "options: not JSON", NULL);
    /* A bad row deep in many chunks, which DuckDB's threads share: the
     * query fails naming it, whole and by group, and the same rows
     * without it succeed. */
#define MANY                                                                     \
        "SELECT %scjm_analyze(getvariable('map_retail'), 'c-' || (i %% 1000), "           \
        "TIMESTAMPTZ '2026-03-01 09:00:00+00' + to_seconds(i), CASE WHEN i = %d THEN "    \
        "'nowhere' ELSE 'social-ad' END, NULL, NULL, NULL, NULL, NULL)%s FROM range(300000) " \
        "t(i)%s"
    sql = format(MANY, "", 250123, "", "");
    expect_error(sql, "customer \"c-123\"", "channel", NULL);
    free(sql);
    sql = format(MANY, "count(r) FROM (SELECT ", 250123, " AS r", " GROUP BY i % 7)");
    expect_error(sql, "customer \"c-123\"", "channel", NULL);
    free(sql);
    sql = format(MANY, "sum(json_extract(r, '$.totals.events')::BIGINT) FROM (SELECT ", -1,
                 " AS r", " GROUP BY i % 7)");
    expect_value(sql, "300000");
    free(sql);
#undef MANY
    /* One group, two maps. */
    expect_error("SELECT cjm_analyze(map, customer, \"at\", touchpoint, channel, stage, score, "
                 "scale_min, scale_max) FROM every",
                 "differ", NULL, NULL);
    /* The journey functions. */
    expect_value("SELECT cjm_channel_switches(NULL)", NULL);
    expect_value("SELECT cjm_gaps(NULL)", NULL);
    expect_value("SELECT cjm_channel_switches(getvariable('map_retail'))", "14");
    expect_value("SELECT len(cjm_gaps(getvariable('map_retail'), NULL)) > 0", "true");
    expect_value("SELECT cjm_gaps(getvariable('map_retail'))[1].kind IS NOT NULL", "true");
    expect_value("SELECT len(cjm_gaps(getvariable('map_retail'), '{\"pain_threshold\": -1}')) <"
                 " len(cjm_gaps(getvariable('map_retail')))",
                 "true");
    expect_error("SELECT cjm_channel_switches('{}')", "cjm_channel_switches", NULL, NULL);
    expect_error("SELECT cjm_gaps(getvariable('map_retail'), '1')", "cjm_gaps", "options",
                 NULL);
}

/* The report's tables: rows in the report's order, typed, equal to the
 * tool's report. */
static void test_tables(void)
{
    char *sql = format("SET VARIABLE report = (SELECT cjm_analyze(getvariable('map_retail'), %s) "
                       "FROM '%s/retail.parquet')",
                       args, scratch);
    must(sql);
    free(sql);
    json_t *stages = json_object_get(reference[0], "stages");
    char ids[4096] = "";
    long long reached = 0;
    size_t i;
    json_t *stage;
    json_array_foreach(stages, i, stage) {
        strcat(ids, i ? "," : "");
        strcat(ids, json_string_value(json_object_get(stage, "id")));
        reached += json_integer_value(json_object_get(stage, "reached"));
    }
    expect_value("SELECT string_agg(id, ',' ORDER BY place) FROM "
                 "cjm_stages(getvariable('report'))",
                 ids);
    char *total = format("%lld", reached);
    expect_value("SELECT sum(reached) FROM cjm_stages(getvariable('report'))", total);
    free(total);
    expect_value("SELECT typeof(drop_rate) || typeof(reached) || typeof(transition_ms_p50) "
                 "FROM cjm_stages(getvariable('report')) LIMIT 1",
                 "DOUBLEBIGINTBIGINT");
    static const char *const tables[][2] = { { "cjm_touchpoints", "touchpoints" },
                                             { "cjm_gaps_of", "gaps" },
                                             { "cjm_matrix", "channels" } };
    for (int t = 0; t < 3; t++) {
        json_t *rows = json_object_get(reference[0], tables[t][1]);
        if (t == 2)
            rows = json_object_get(rows, "matrix");
        char *count = format("%zu", json_array_size(rows));
        sql = format("SELECT count(*) FROM %s(getvariable('report'))", tables[t][0]);
        expect_value(sql, count);
        free(sql);
        free(count);
    }
    char *channels = format("%zu", json_object_size(json_object_get(
                                       json_object_get(reference[0], "channels"), "events")));
    expect_value("SELECT count(*) FROM cjm_channels(getvariable('report'))", channels);
    free(channels);
    expect_value("SELECT count(*) FROM cjm_stages(NULL)", "0");
    expect_error("SELECT * FROM cjm_stages('{}')", "not a cjm-report", NULL, NULL);
    expect_error("SELECT * FROM cjm_stages((SELECT '{}'))", "subqueries", NULL, NULL);
}

/* Every type a user has for a time, an id and a score gives the same
 * report; DuckDB's limits on aggregates are errors. */
static void test_types(void)
{
    static const char *const variants[][2] = {
        { "TIMESTAMP", "\"at\"::TIMESTAMP" },
        { "TIMESTAMP_MS", "\"at\"::TIMESTAMP_MS" },
        { "TIMESTAMP_NS", "\"at\"::TIMESTAMP_NS" },
        { "TIMESTAMP_S", "\"at\"::TIMESTAMP_S" },
        { "ISO 8601 text", "strftime(\"at\", '%Y-%m-%dT%H:%M:%S.%gZ')" },
    };
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        char *sql = format("SELECT cjm_analyze(getvariable('map_retail'), customer, %s, "
                           "touchpoint, channel, stage, score, scale_min, scale_max) "
                           "FROM '%s/retail.parquet'",
                           variants[v][1], scratch);
        char *what = format("at as %s", variants[v][0]);
        expect_report(what, sql, reference[0]);
        free(sql);
        free(what);
    }
    char *sql = format("CREATE OR REPLACE TEMP TABLE typed AS SELECT customer::ENUM_C AS customer, "
                       "\"at\", touchpoint::ENUM_T AS touchpoint, channel, stage, "
                       "score::DECIMAL(6, 2) AS score, scale_min::INTEGER AS scale_min, "
                       "scale_max::INTEGER AS scale_max FROM '%s/retail.parquet'",
                       scratch);
    char *types = format("CREATE TYPE ENUM_C AS ENUM (SELECT DISTINCT customer FROM "
                         "'%s/retail.parquet'); CREATE TYPE ENUM_T AS ENUM (SELECT DISTINCT "
                         "touchpoint FROM '%s/retail.parquet')",
                         scratch, scratch);
    must(types);
    must(sql);
    free(types);
    free(sql);
    expect_report("ENUM ids, DECIMAL and INTEGER scores",
                  "SELECT cjm_analyze(getvariable('map_retail'), customer, \"at\", touchpoint, "
                  "channel, stage, score, scale_min, scale_max) FROM typed",
                  reference[0]);
    /* DuckDB's limits: ORDER BY inside the call, a window over a whole
     * partition. An error, never a crash. */
    sql = retail_query("", " ORDER BY \"at\")");
    expect_error(sql, "ORDER BY", NULL, NULL);
    free(sql);
    sql = retail_query("", ") OVER ()");
    expect_error(sql, "window", NULL, NULL);
    free(sql);
    sql = retail_query("DISTINCT ", ") FILTER (WHERE true)");
    expect_report("DISTINCT and FILTER", sql, reference[0]);
    free(sql);
}

/* The tool's report of an example with more options, or NULL. */
static json_t *tool_report(const char *name, const char *options)
{
    char *cmd = format("'%s' analyze '%s/%s/map.json' '%s/%s/events.jsonl' --format json %s", tool,
                       examples, name, examples, name, options);
    char *out = command_output(cmd);
    free(cmd);
    json_error_t why;
    json_t *report = out ? json_loads(out, 0, &why) : NULL;
    free(out);
    if (!report)
        failed(name, "cjm analyze gave no report");
    return report;
}

/* Segments: a breakdown by an attribute given as the last argument, and
 * by cohorts, equal the tool's; cjm_segments gives their rows. */
static void test_segments(void)
{
    json_t *plan = tool_report("retail", "--breakdown plan");
    json_t *month = tool_report("retail", "--breakdown @month");
    if (!plan || !month) {
        json_decref(plan);
        json_decref(month);
        return;
    }
    char *sql = format("SELECT cjm_analyze(getvariable('map_retail'), customer, \"at\", "
                       "touchpoint, channel, stage, feedback.score, feedback.scale[1], "
                       "feedback.scale[2], '{\"breakdown\": \"plan\"}', attributes.plan) "
                       "FROM read_json('%s/retail/events.jsonl', format = 'newline_delimited', "
                       "columns = {customer: 'VARCHAR', \"at\": 'TIMESTAMPTZ', "
                       "touchpoint: 'VARCHAR', channel: 'VARCHAR', stage: 'VARCHAR', "
                       "feedback: 'STRUCT(score DOUBLE, scale DOUBLE[])', "
                       "attributes: 'STRUCT(plan VARCHAR)'})",
                       examples);
    expect_report("breakdown by the attribute plan", sql, plan);
    char *set = format("SET VARIABLE segmented = (%s)", sql);
    must(set);
    free(set);
    free(sql);
    char *count = format("%zu", json_array_size(json_object_get(plan, "segments")));
    expect_value("SELECT count(*) FROM cjm_segments(getvariable('segmented'))", count);
    free(count);
    sql = format("SELECT cjm_analyze(getvariable('map_retail'), %s, '{\"breakdown\": "
                 "\"@month\"}') FROM '%s/retail.parquet'",
                 args, scratch);
    expect_report("breakdown by @month", sql, month);
    free(sql);
    /* An attribute needs a breakdown naming its key; NULL is none. */
    sql = retail_query("", ", NULL, 'pro')");
    expect_error(sql, "attribute", "no breakdown", NULL);
    free(sql);
    sql = retail_query("", ", NULL, NULL)");
    expect_report("a NULL attribute", sql, reference[0]);
    free(sql);
    json_decref(plan);
    json_decref(month);
}

/* Many generated events, which DuckDB writes itself as Parquet (the
 * retail example's touchpoints, channels and stages; ten events a
 * customer, hours apart; a score on one event in six) and as JSON Lines
 * for the tool: the report over the Parquet file on two threads, made
 * from many chunks and partial analyses, equals the tool's. */
static void test_generated(long events)
{
    long customers = events / 10 > 0 ? events / 10 : 1;
    char *sql = format("CREATE TEMP TABLE kinds AS SELECT row_number() OVER (ORDER BY touchpoint, "
                       "channel, stage) - 1 "
                       "AS k, * FROM (SELECT DISTINCT touchpoint, channel, stage "
                       "FROM '%s/retail.parquet')",
                       scratch);
    must(sql);
    free(sql);
    sql = format("COPY (SELECT 'g-' || (i %% %ld) AS customer, TIMESTAMPTZ '2026-01-05 "
                 "00:00:00+00' + to_seconds((i // %ld) * 72000 + (hash(i) %% 72000)::BIGINT) "
                 "AS \"at\", touchpoint, channel, stage, CASE WHEN hash(i + 1) %% 6 = 0 THEN "
                 "(hash(i + 2) %% 5 + 1)::DOUBLE END AS score, CASE WHEN hash(i + 1) %% 6 = 0 "
                 "THEN 1.0 END AS scale_min, CASE WHEN hash(i + 1) %% 6 = 0 THEN 5.0 END AS "
                 "scale_max FROM range(%ld) t(i) JOIN kinds ON k = hash(i) %% (SELECT count(*) "
                 "FROM kinds)) TO '%s/generated.parquet' (FORMAT parquet)",
                 customers, customers, events, scratch);
    must(sql);
    free(sql);
    sql = format("COPY (SELECT customer, strftime(\"at\", '%%Y-%%m-%%dT%%H:%%M:%%SZ') AS \"at\", "
                 "touchpoint, channel, stage, CASE WHEN score IS NOT NULL THEN {'score': score, "
                 "'scale': [scale_min, scale_max]} END AS feedback FROM '%s/generated.parquet') "
                 "TO '%s/generated.jsonl' (FORMAT json)",
                 scratch, scratch);
    must(sql);
    free(sql);
    char *cmd = format("'%s' analyze '%s/retail/map.json' '%s/generated.jsonl' --format json",
                       tool, examples, scratch);
    char *out = command_output(cmd);
    free(cmd);
    json_error_t why;
    json_t *expected = out ? json_loads(out, 0, &why) : NULL;
    free(out);
    if (!expected) {
        failed("generated events", "cjm analyze gave no report");
        return;
    }
    char *what = format("%ld generated events, Parquet, 2 threads", events);
    sql = format("SELECT cjm_analyze(getvariable('map_retail'), %s) FROM '%s/generated.parquet'",
                 args, scratch);
    expect_report(what, sql, expected);
    free(sql);
    free(what);
    /* Not a report of a few events: every event counted. */
    char *count = format("%ld", events);
    sql = format("SELECT json_extract(cjm_analyze(getvariable('map_retail'), %s), "
                 "'$.totals.events') FROM '%s/generated.parquet'",
                 args, scratch);
    expect_value(sql, count);
    free(sql);
    free(count);
    json_decref(expected);
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: cjm-duckdb-test EXTENSION CJM_TOOL EXAMPLES_DIR [EVENTS]\n");
        return 2;
    }
    extension = argv[1];
    tool = argv[2];
    examples = argv[3];
    if (!mkdtemp(scratch)) {
        perror("mkdtemp");
        return 1;
    }
    if (argc == 5) {
        /* Only the generated events, as many as asked. */
        open_db(2);
        prepare(0);
        if (present[0])
            test_generated(atol(argv[4]));
        close_db();
    } else {
        open_db(1);
        for (int i = 0; i < EXAMPLES; i++)
            prepare(i);
        test_examples(1);
        close_db();

        open_db(2);
        for (int i = 0; i < EXAMPLES; i++)
            prepare(i);
        test_examples(2);
        if (present[0]) {
            test_nulls_and_errors();
            test_tables();
            test_types();
            test_segments();
        }
        close_db();
    }

    for (int i = 0; i < EXAMPLES; i++)
        json_decref(reference[i]);
    char *cmd = format("rm -rf '%s'", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", scratch);
    free(cmd);
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
