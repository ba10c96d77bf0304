/* A scanner of JSON text that never recurses: it finds nesting deeper than
 * a limit before jansson (whose parser recurses) sees the text, and finds
 * where in the text a value lies, since a parsed tree keeps no positions.
 * Internal to libcjm-json. */
#ifndef CJMJ_SCAN_H
#define CJMJ_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* A path to a value: member names and array indexes from the root. */
#define CJMJ_PATH_MAX 24

typedef struct cjmj_step {
    const char *key; /* a member name, or NULL for an array index */
    size_t index;
} cjmj_step;

typedef struct cjmj_path {
    cjmj_step steps[CJMJ_PATH_MAX];
    size_t depth;
} cjmj_path;

/* Writes the path as `journey.stages[2].channel` (at most size bytes). */
void cjmj_path_format(const cjmj_path *path, char *buf, size_t size);

/* The offset of the first bracket that opens nesting deeper than `limit`,
 * or (size_t)-1 when there is none. Works on any text, valid or not. */
size_t cjmj_depth_exceeded(const char *data, size_t size, size_t limit);

/* The offset where the value at `path` starts in valid JSON text; for a
 * path that does not exist, where its deepest existing ancestor starts. */
size_t cjmj_locate(const char *data, size_t size, const cjmj_path *path);

/* The 1-based line and column (in characters) of an offset. */
void cjmj_position(const char *data, size_t offset, size_t *line, size_t *column);

#endif
