/* The DuckDB extension against DuckDB's own GROUP BY and against the cjm
 * tool, on the benchmark's generated events:
 *
 *   cjm-bench-duckdb EXTENSION CJM_TOOL CJM_BENCH_EXPORT EVENTS [THREADS]
 *
 * writes the generated map and events (JSON Lines) to a scratch
 * directory, has DuckDB write the events as Parquet, then measures, in
 * this one run: DuckDB's `SELECT customer, count(*) ... GROUP BY
 * customer` over the Parquet file (the floor: reading the file and
 * grouping by customer), `cjm_analyze` over the same file, and `cjm
 * analyze` over the JSON Lines. Each query is run three times and the
 * best time kept. It also checks that the two reports are equal, member
 * for member. Figures, never a timed test. */
#define _GNU_SOURCE
#include "client.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static duckdb_connection con;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs a query; its first value (malloc'd) when `value` is given. Exits
 * on an error. */
static void run(const char *sql, char **value)
{
    char *error;
    if (!client_run(con, sql, value, &error)) {
        fprintf(stderr, "cjm-bench-duckdb: %s\n%s\n", error, sql);
        exit(1);
    }
}

/* The best of three runs of a query, in seconds. */
static double best(const char *sql, char **value)
{
    double fastest = 1e300;
    for (int i = 0; i < 3; i++) {
        if (value && i > 0) {
            free(*value);
            *value = NULL;
        }
        double start = now();
        run(sql, value);
        double took = now() - start;
        if (took < fastest)
            fastest = took;
    }
    return fastest;
}

static double command(const char *cmd)
{
    double fastest = 1e300;
    for (int i = 0; i < 3; i++) {
        double start = now();
        if (system(cmd) != 0) {
            fprintf(stderr, "cjm-bench-duckdb: failed: %s\n", cmd);
            exit(1);
        }
        double took = now() - start;
        if (took < fastest)
            fastest = took;
    }
    return fastest;
}

int main(int argc, char **argv)
{
    if (argc < 5 || argc > 6) {
        fprintf(stderr,
                "usage: cjm-bench-duckdb EXTENSION CJM_TOOL CJM_BENCH_EXPORT EVENTS [THREADS]\n");
        return 2;
    }
    const char *extension = argv[1], *tool = argv[2], *export = argv[3], *events = argv[4];
    const char *threads = argc > 5 ? argv[5] : "2";
    char dir[] = "/tmp/cjm-bench-duckdb-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char *cmd;
    if (asprintf(&cmd, "'%s' %s/map.json %s/events.jsonl %s", export, dir, dir, events) < 0 ||
        system(cmd) != 0) {
        fprintf(stderr, "cjm-bench-duckdb: the events could not be generated\n");
        return 1;
    }
    free(cmd);

    duckdb_database db;
    client_open(&db, &con, extension, atoi(threads));
    char *sql = format("SET VARIABLE map = (SELECT content FROM read_text('%s/map.json'))", dir);
    run(sql, NULL);
    free(sql);
    double start = now();
    char *from = format("%s/events.jsonl", dir), *to = format("%s/events.parquet", dir);
    sql = client_copy_events(from, to, "FORMAT parquet");
    free(from);
    free(to);
    run(sql, NULL);
    free(sql);
    printf("events: %s, DuckDB threads: %s (Parquet written in %.2f s)\n", events, threads,
           now() - start);

    char *groups = NULL, *report = NULL;
    sql = format("SELECT count(*) FROM (SELECT customer, count(*) FROM '%s/events.parquet' "
                 "GROUP BY customer)",
                 dir);
    double floor = best(sql, &groups);
    free(sql);
    sql = format("SELECT cjm_analyze(getvariable('map'), customer, \"at\", touchpoint, channel, "
                 "stage, score, scale_min, scale_max) FROM '%s/events.parquet'",
                 dir);
    double aggregate = best(sql, &report);
    free(sql);
    if (asprintf(&cmd, "'%s' analyze %s/map.json %s/events.jsonl --format json -o %s/tool.json",
                 tool, dir, dir, dir) < 0)
        return 1;
    double jsonl = command(cmd);
    free(cmd);

    char *path = format("%s/tool.json", dir);
    json_error_t why;
    json_t *a = report ? json_loads(report, 0, &why) : NULL, *b = json_load_file(path, 0, &why);
    bool equal = a && b && client_reports_equal(a, b);
    free(path);
    json_decref(a);
    json_decref(b);

    printf("DuckDB GROUP BY customer (%s customers):  %8.3f s  (the floor)\n",
           groups ? groups : "?", floor);
    printf("cjm_analyze over Parquet:                  %8.3f s  %.2fx the floor\n", aggregate,
           aggregate / floor);
    printf("cjm analyze over JSON Lines:               %8.3f s  %.2fx the floor, %.2fx cjm_analyze\n",
           jsonl, jsonl / floor, jsonl / aggregate);
    printf("reports equal member for member: %s\n", equal ? "yes" : "NO");
    free(groups);
    free(report);
    client_close(&db, &con);
    cmd = format("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return equal ? 0 : 1;
}
