/* See client.h. */
#define _GNU_SOURCE
#include "client.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *format(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    char *out;
    if (vasprintf(&out, fmt, args) < 0)
        abort();
    va_end(args);
    return out;
}

void client_open(duckdb_database *db, duckdb_connection *con, const char *extension,
                 int threads)
{
    duckdb_config config;
    char *error = NULL;
    char count[16];
    snprintf(count, sizeof count, "%d", threads);
    if (duckdb_create_config(&config) != DuckDBSuccess ||
        duckdb_set_config(config, "allow_unsigned_extensions", "true") != DuckDBSuccess ||
        duckdb_set_config(config, "threads", count) != DuckDBSuccess ||
        duckdb_open_ext(NULL, db, config, &error) != DuckDBSuccess ||
        duckdb_connect(*db, con) != DuckDBSuccess) {
        fprintf(stderr, "DuckDB cannot start: %s\n", error ? error : "?");
        exit(1);
    }
    duckdb_destroy_config(&config);
    char *sql = format("LOAD '%s'", extension);
    if (!client_run(*con, sql, NULL, &error)) {
        fprintf(stderr, "%s: %s\n", sql, error);
        exit(1);
    }
    free(sql);
    if (!client_run(*con, "SET TimeZone = 'UTC'", NULL, &error)) {
        fprintf(stderr, "SET TimeZone: %s\n", error);
        exit(1);
    }
}

void client_close(duckdb_database *db, duckdb_connection *con)
{
    duckdb_disconnect(con);
    duckdb_close(db);
}

bool client_run(duckdb_connection con, const char *sql, char **value, char **error)
{
    duckdb_result r;
    if (value)
        *value = NULL;
    if (error)
        *error = NULL;
    bool ok = duckdb_query(con, sql, &r) == DuckDBSuccess;
    if (!ok) {
        if (error)
            *error = strdup(duckdb_result_error(&r));
    } else if (value && duckdb_row_count(&r) > 0 && duckdb_column_count(&r) > 0 &&
               !duckdb_value_is_null(&r, 0, 0)) {
        char *v = duckdb_value_varchar(&r, 0, 0);
        *value = v ? strdup(v) : NULL;
        duckdb_free(v);
    }
    duckdb_destroy_result(&r);
    return ok;
}

char *client_copy_events(const char *jsonl, const char *target, const char *options)
{
    return format(
        "COPY (SELECT customer, \"at\", touchpoint, channel, stage, feedback.score AS score, "
        "feedback.scale[1] AS scale_min, feedback.scale[2] AS scale_max FROM read_json('%s', "
        "format = 'newline_delimited', columns = {customer: 'VARCHAR', \"at\": 'TIMESTAMPTZ', "
        "touchpoint: 'VARCHAR', channel: 'VARCHAR', stage: 'VARCHAR', "
        "feedback: 'STRUCT(score DOUBLE, scale DOUBLE[])'})) TO '%s' (%s)",
        jsonl, target, options);
}

char *command_output(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t size = 0, cap = 65536;
    char *out = malloc(cap);
    if (!out)
        abort();
    size_t n;
    while ((n = fread(out + size, 1, cap - size - 1, p)) > 0) {
        size += n;
        if (size + 1 == cap && !(out = realloc(out, cap *= 2)))
            abort();
    }
    out[size] = '\0';
    if (pclose(p) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

bool client_reports_equal(json_t *got, json_t *reference)
{
    if (got && json_equal(got, reference))
        return true;
    const char *key;
    json_t *v;
    json_object_foreach(reference, key, v) {
        if (!json_equal(v, json_object_get(got, key))) {
            char *a = json_dumps(json_object_get(got, key), JSON_COMPACT);
            char *b = json_dumps(v, JSON_COMPACT);
            fprintf(stderr, "  %s: got %.300s\n  expected %.300s\n", key, a ? a : "(none)",
                    b ? b : "?");
            free(a);
            free(b);
            break;
        }
    }
    return false;
}
