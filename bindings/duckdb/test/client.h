/* What the DuckDB extension's test and its benchmark share: a database
 * with the extension loaded, statements and their first value, events in
 * JSON Lines written as Parquet by DuckDB, the output of a command, and
 * reports compared member for member. Every function that fails prints
 * why; a database that cannot start ends the program. */
#ifndef CJM_DUCKDB_CLIENT_H
#define CJM_DUCKDB_CLIENT_H

#include <duckdb.h>
#include <jansson.h>

#include <stdbool.h>

/* A text made as printf makes it (malloc'd); aborts when memory runs out. */
char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An in-memory database on `threads` threads, in UTC, with the extension
 * at `extension` loaded; exits when DuckDB cannot start or load it. */
void client_open(duckdb_database *db, duckdb_connection *con, const char *extension,
                 int threads);
void client_close(duckdb_database *db, duckdb_connection *con);

/* Runs a statement; the first column of its first row (malloc'd, NULL for
 * SQL NULL or no row) in *value when value is given, DuckDB's message
 * (malloc'd) in *error on failure when error is given. */
bool client_run(duckdb_connection con, const char *sql, char **value, char **error);

/* The COPY statement that writes the events of a JSON Lines file in the
 * format's columns (customer, at, touchpoint, channel, stage, score,
 * scale_min, scale_max) to `target` with COPY's `options` (malloc'd). */
char *client_copy_events(const char *jsonl, const char *target, const char *options);

/* The standard output of a shell command (malloc'd), or NULL when the
 * command fails. */
char *command_output(const char *cmd);

/* Whether a report equals the reference, member for member; when not, the
 * first member that differs is printed on stderr. */
bool client_reports_equal(json_t *got, json_t *reference);

#endif
